"""tfcc.nn: activations, softmax, convolution, pooling, normalization and
recurrent networks."""

import numpy as np

from . import ops as _ops
from . import dtypes as _dt
from .graph import (Tensor, TensorShape, convert_to_tensor, format_shape,
                    get_default_graph, name_scope)
from .ops import (_bool, _check_kinds, _desc, _float, _int, _ints, _one,
                  _rank, _str, _unary, top_k)

__all__ = ["relu", "relu6", "leaky_relu", "elu", "gelu", "softplus",
           "sigmoid", "tanh", "softmax", "log_softmax", "conv2d",
           "depthwise_conv2d", "max_pool", "avg_pool", "bias_add",
           "batch_normalization", "fused_batch_norm", "layer_norm", "top_k",
           "softmax_cross_entropy_with_logits",
           "softmax_cross_entropy_with_logits_v2",
           "sparse_softmax_cross_entropy_with_logits",
           "sigmoid_cross_entropy_with_logits", "l2_loss", "rnn_cell",
           "dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn",
           "dropout", "embedding_lookup", "embedding_lookup_sparse"]

sigmoid = _ops.sigmoid
tanh = _ops.tanh
softplus = _ops.softplus


def relu(features, name=None):
    return _unary("Relu", features, name, kinds="fi")


def relu6(features, name=None):
    return _unary("Relu6", features, name, kinds="fi")


def elu(features, name=None):
    return _unary("Elu", features, name)


def leaky_relu(features, alpha=0.2, name=None):
    return _unary("LeakyRelu", features, name,
                  attrs={"alpha": _float(alpha)})


def gelu(features, approximate=False, name=None):
    """x * Phi(x) (the erf form), or its tanh approximation."""
    return _unary("Gelu", features, name,
                  attrs={"approximate": _bool(approximate)})


def _softmax(op_type, logits, axis, name):
    x = convert_to_tensor(logits)
    _check_kinds(x, "f", op_type, name, "logits")
    axis = -1 if axis is None else int(axis)
    rank = x.shape.rank
    if rank is not None and not -rank <= axis < max(rank, 1):
        raise ValueError("%s: axis %d out of range for rank %d"
                         % (op_type, axis, rank))
    return _one(op_type, [x], {"axis": _int(axis)}, x.dtype, x.shape,
                name=name)


def softmax(logits, axis=None, name=None, dim=None):
    """exp(x) / sum(exp(x)) along `axis` (the last by default)."""
    return _softmax("Softmax", logits, axis if dim is None else dim, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    return _softmax("LogSoftmax", logits, axis if dim is None else dim, name)


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits), axis)."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype_hint=logits.dtype)
    with name_scope(None if name is None else name + "_xent"):
        prod = _ops.multiply(labels, log_softmax(logits, axis=axis))
        s = _ops.reduce_sum(prod, axis=axis)
    return _ops.negative(s, name=name or "softmax_cross_entropy")


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None,
                                      logits=None, dim=-1, name=None,
                                      axis=None):
    """TF 1.x's v1: the v2 loss with no gradient flowing into the labels."""
    if _sentinel is not None:
        raise ValueError("softmax_cross_entropy_with_logits takes only named "
                         "arguments (labels=..., logits=...)")
    with name_scope(None if name is None else name + "_labels"):
        labels = _ops.stop_gradient(labels)
    return softmax_cross_entropy_with_logits_v2(
        labels, logits, axis=dim if axis is None else axis, name=name)


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None,
                                             name=None):
    """Cross entropy against integer class labels (the last dim of logits
    must be known)."""
    logits = convert_to_tensor(logits)
    depth = logits.shape[-1]
    if depth is None:
        raise ValueError("sparse_softmax_cross_entropy_with_logits needs "
                         "the class dim of logits to be known")
    with name_scope(None if name is None else name + "_xent"):
        onehot = _ops.one_hot(labels, depth, dtype=logits.dtype)
    return softmax_cross_entropy_with_logits_v2(onehot, logits, name=name)


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None,
                                      logits=None, name=None):
    """Elementwise -z*log(sigmoid(x)) - (1-z)*log(1-sigmoid(x)) in TF's
    stable form max(x, 0) - x*z + log(1 + exp(-|x|)), built as TensorFlow
    builds it: with cond = x >= 0, where(cond, x, 0) - x*z +
    log1p(exp(where(cond, -x, x))). Both selects take the x >= 0 branch at
    0, so the gradient is sigmoid(x) - z everywhere, 0.5 - z at x == 0
    too; maximum(x, 0) and |x| would give 1 - z there (maximum's tie goes
    to x, and d|x|/dx is 0 at 0)."""
    if _sentinel is not None:
        raise ValueError("sigmoid_cross_entropy_with_logits takes only "
                         "keyword arguments (labels=..., logits=...)")
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype_hint=logits.dtype)
    with name_scope(None if name is None else name + "_xent"):
        cond = _ops.greater_equal(logits, 0.0)
        relu_logits = _ops.where(cond, logits, 0.0)
        neg_abs_logits = _ops.where(cond, _ops.negative(logits), logits)
        out = _ops.add(
            _ops.subtract(relu_logits, _ops.multiply(logits, labels)),
            _ops.log1p(_ops.exp(neg_abs_logits)))
    return _ops.identity(out, name=name or "logistic_loss")


def l2_loss(t, name=None):
    """sum(t ** 2) / 2."""
    t = convert_to_tensor(t)
    return _ops.multiply(_ops.reduce_sum(_ops.square(t)), 0.5,
                         name=name or "L2Loss")


# --- convolution and pooling ----------------------------------------------

def _spatial(value, what, data_format, default=1):
    """A [h, w] pair from TF's forms: int, [v], [h, w] or the 4-element list
    in data_format order."""
    if value is None:
        return [default, default]
    if np.ndim(value) == 0:
        return [int(value)] * 2
    v = [int(x) for x in value]
    if len(v) == 1:
        return v * 2
    if len(v) == 2:
        return v
    if len(v) == 4:
        hw = v[1:3] if data_format == "NHWC" else v[2:4]
        nc = [v[0], v[3]] if data_format == "NHWC" else v[:2]
        if nc != [1, 1]:
            raise ValueError("%s must be 1 in the batch and channel dims, "
                             "got %s" % (what, v))
        return hw
    raise ValueError("%s must have 1, 2 or 4 entries, got %s" % (what, v))


def _four(hw, data_format):
    return [1] + hw + [1] if data_format == "NHWC" else [1, 1] + hw


def _padding(padding, data_format):
    """("SAME"|"VALID"|"EXPLICIT", [t, b, l, r] or None)."""
    if isinstance(padding, str):
        p = padding.upper()
        if p not in ("SAME", "VALID"):
            raise ValueError("padding must be 'SAME', 'VALID' or explicit "
                             "pairs, got %r" % padding)
        return p, None
    pairs = np.asarray(padding, dtype=np.int64)
    if pairs.shape != (4, 2):
        raise ValueError("explicit padding must be 4 [before, after] pairs "
                         "in data_format order, got %r" % (padding,))
    hw = pairs[1:3] if data_format == "NHWC" else pairs[2:4]
    nc = pairs[[0, 3]] if data_format == "NHWC" else pairs[:2]
    if nc.any() or (pairs < 0).any():
        raise ValueError("explicit padding must be non-negative and 0 in the "
                         "batch and channel dims, got %s" % pairs.tolist())
    return "EXPLICIT", [int(x) for x in pairs.reshape(-1)], \
        [int(hw[0][0]), int(hw[0][1]), int(hw[1][0]), int(hw[1][1])]


def _out_dim(size, k, stride, dilation, mode, before_after):
    if size is None:
        return None
    eff = (k - 1) * dilation + 1
    if mode == "SAME":
        return -(-size // stride)
    if mode == "EXPLICIT":
        size = size + before_after[0] + before_after[1]
    if size < eff:
        raise ValueError("the window (%d with dilation %d) is larger than "
                         "the padded input (%d)" % (k, dilation, size))
    return (size - eff) // stride + 1


def _check_format(data_format):
    data_format = data_format or "NHWC"
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError("data_format must be 'NHWC' or 'NCHW', got %r"
                         % data_format)
    return data_format


def _conv(op_type, input, filter, strides, padding, data_format, dilations,
          name, depthwise):
    data_format = _check_format(data_format)
    x = convert_to_tensor(input)
    w = convert_to_tensor(filter, dtype_hint=x.dtype)
    _check_kinds(x, "f", op_type, name, "input")
    if w.dtype != x.dtype:
        raise TypeError("%s: filter dtype %s does not match input dtype %s"
                        % (_desc(op_type, name), w.dtype.name, x.dtype.name))
    if _rank(x, op_type, name) != 4 or _rank(w, op_type, name) != 4:
        raise ValueError("%s: input and filter must be rank 4, got %s and %s"
                         % (_desc(op_type, name), format_shape(x.shape),
                            format_shape(w.shape)))
    if not w.shape.is_fully_defined():
        raise ValueError("%s: the filter shape must be fully known, got %s"
                         % (_desc(op_type, name), format_shape(w.shape)))
    s = _spatial(strides, "strides", data_format)
    d = _spatial(dilations, "dilations", data_format)
    pad = _padding(padding, data_format)
    kh, kw, cin, cout = w.shape.as_list()
    n = x.shape[0]
    h, wd, c = (x.shape[1], x.shape[2], x.shape[3]) if data_format == "NHWC" \
        else (x.shape[2], x.shape[3], x.shape[1])
    if depthwise:
        if c is not None and c != cin:
            raise ValueError("%s: input depth %d does not match the filter's "
                             "in_channels %d" % (_desc(op_type, name), c,
                                                 cin))
        cout = cin * cout
    elif c is not None and (cin == 0 or c % cin):
        raise ValueError("Depth of input (%d) is not a multiple of input "
                         "depth of filter (%d) for %s" % (
                             c, cin, _desc(op_type, name)))
    explicit = pad[2] if pad[0] == "EXPLICIT" else [0, 0, 0, 0]
    oh = _out_dim(h, kh, s[0], d[0], pad[0], explicit[0:2])
    ow = _out_dim(wd, kw, s[1], d[1], pad[0], explicit[2:4])
    shape = [n, oh, ow, cout] if data_format == "NHWC" else [n, cout, oh, ow]
    attrs = {"strides": _ints(_four(s, data_format)),
             "dilations": _ints(_four(d, data_format)),
             "padding": _str(pad[0]), "data_format": _str(data_format)}
    if pad[0] == "EXPLICIT":
        attrs["explicit_paddings"] = _ints(pad[1])
    return _one(op_type, [x, w], attrs, x.dtype, shape, name=name)


def conv2d(input, filter=None, strides=None, padding=None,
           use_cudnn_on_gpu=True, data_format="NHWC", dilations=None,
           name=None, filters=None):
    """2-D convolution. filter is [kh, kw, in_channels / groups,
    out_channels] (HWIO) for both data formats; strides and dilations are an
    int, [h, w] or 4 entries; padding is "SAME", "VALID" or explicit
    [[0, 0], [top, bottom], [left, right], [0, 0]] pairs (NHWC order).
    Input channels that are a multiple of the filter's in_channels make a
    grouped convolution."""
    if filter is None:
        filter = filters
    if strides is None or padding is None:
        raise TypeError("conv2d needs strides and padding")
    return _conv("Conv2D", input, filter, strides, padding, data_format,
                 dilations, name, depthwise=False)


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None,
                     data_format=None, dilations=None):
    """Depthwise convolution: filter [kh, kw, in_channels, multiplier]."""
    return _conv("DepthwiseConv2dNative", input, filter, strides, padding,
                 data_format, dilations if dilations is not None else rate,
                 name, depthwise=True)


def _pool(op_type, value, ksize, strides, padding, data_format, name):
    data_format = _check_format(data_format)
    x = convert_to_tensor(value)
    _check_kinds(x, "f", op_type, name, "value")
    if _rank(x, op_type, name) != 4:
        raise ValueError("%s: input must be rank 4, got %s"
                         % (_desc(op_type, name), format_shape(x.shape)))
    k = _spatial(ksize, "ksize", data_format)
    s = _spatial(strides, "strides", data_format)
    if not isinstance(padding, str) or padding.upper() not in ("SAME",
                                                               "VALID"):
        raise ValueError("%s: padding must be 'SAME' or 'VALID', got %r"
                         % (op_type, padding))
    mode = padding.upper()
    if data_format == "NHWC":
        n, h, w, c = x.shape.dims
        shape = [n, _out_dim(h, k[0], s[0], 1, mode, None),
                 _out_dim(w, k[1], s[1], 1, mode, None), c]
    else:
        n, c, h, w = x.shape.dims
        shape = [n, c, _out_dim(h, k[0], s[0], 1, mode, None),
                 _out_dim(w, k[1], s[1], 1, mode, None)]
    attrs = {"ksize": _ints(_four(k, data_format)),
             "strides": _ints(_four(s, data_format)), "padding": _str(mode),
             "data_format": _str(data_format)}
    return _one(op_type, [x], attrs, x.dtype, shape, name=name)


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None,
             input=None):
    """Max pooling; padding never wins a max."""
    return _pool("MaxPool", value if input is None else input, ksize,
                 strides, padding, data_format, name)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None,
             input=None):
    """Average pooling; with SAME padding, each window averages only the
    elements inside the input (as TensorFlow)."""
    return _pool("AvgPool", value if input is None else input, ksize,
                 strides, padding, data_format, name)


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, bias along the channel dim (last for NHWC, 1 for
    NCHW)."""
    data_format = _check_format(data_format)
    x = convert_to_tensor(value)
    b = convert_to_tensor(bias, dtype_hint=x.dtype)
    if b.dtype != x.dtype:
        raise TypeError("bias_add: bias dtype %s does not match value dtype "
                        "%s" % (b.dtype.name, x.dtype.name))
    rank = _rank(x, "BiasAdd", name)
    if _rank(b, "BiasAdd", name) != 1:
        raise ValueError("bias_add: bias must be 1-D, got %s"
                         % format_shape(b.shape))
    if rank < 2:
        raise ValueError("bias_add: value must have rank >= 2, got %s"
                         % format_shape(x.shape))
    ch = 1 if data_format == "NCHW" else rank - 1
    c = x.shape[ch]
    if c is not None and b.shape[0] is not None and c != b.shape[0]:
        raise ValueError("Must provide as many biases as the channel "
                         "dimension of the input tensor: %s vs. %s for %s"
                         % (format_shape(b.shape), format_shape(x.shape),
                            _desc("BiasAdd", name)))
    shape = list(x.shape.dims)
    if shape[ch] is None:
        shape[ch] = b.shape[0]
    return _one("BiasAdd", [x, b], {"data_format": _str(data_format)},
                x.dtype, shape, name=name)


# --- normalization ----------------------------------------------------------

def batch_normalization(x, mean, variance, offset, scale, variance_epsilon,
                        name=None):
    """(x - mean) * scale / sqrt(variance + variance_epsilon) + offset, with
    NumPy broadcasting (as tf.nn.batch_normalization: elementwise ops).
    offset and scale may be None."""
    x = convert_to_tensor(x)
    g = get_default_graph()
    final = g.unique_name(name or "batchnorm")
    with g.name_scope(final + "/"):
        inv = _ops.rsqrt(_ops.add(variance, variance_epsilon))
        if scale is not None:
            inv = _ops.multiply(inv, scale)
        shift = _ops.negative(_ops.multiply(mean, inv)) if offset is None \
            else _ops.subtract(offset, _ops.multiply(mean, inv))
        scaled = _ops.multiply(x, inv)
    y = _ops.add(scaled, shift)
    # Rename the last op to the name the caller asked for.
    return _ops.rename(y, final)


def fused_batch_norm(x, scale, offset, mean=None, variance=None,
                     epsilon=0.001, data_format="NHWC", is_training=False,
                     name=None):
    """Inference batch norm with per-channel vectors (a FusedBatchNormV3
    node). Returns (y, mean, variance) like TensorFlow; only
    is_training=False is supported."""
    if is_training:
        raise NotImplementedError("fused_batch_norm: only inference "
                                  "(is_training=False) is supported")
    if mean is None or variance is None:
        raise ValueError("fused_batch_norm needs mean and variance for "
                         "inference")
    data_format = _check_format(data_format)
    x = convert_to_tensor(x)
    _check_kinds(x, "f", "FusedBatchNormV3", name)
    if _rank(x, "FusedBatchNormV3", name) != 4:
        raise ValueError("fused_batch_norm: x must be rank 4, got %s"
                         % format_shape(x.shape))
    c = x.shape[3] if data_format == "NHWC" else x.shape[1]
    vecs = []
    for what, v in (("scale", scale), ("offset", offset), ("mean", mean),
                    ("variance", variance)):
        v = convert_to_tensor(v, dtype_hint=x.dtype)
        if v.dtype != x.dtype or v.shape.rank != 1 or (
                c is not None and v.shape[0] not in (None, c)):
            raise ValueError("fused_batch_norm: %s must be a %s vector of %s "
                             "elements, got %s %s" % (
                                 what, x.dtype.name, c, v.dtype.name,
                                 format_shape(v.shape)))
        vecs.append(v)
    y = _one("FusedBatchNormV3", [x] + vecs,
             {"epsilon": _float(epsilon), "data_format": _str(data_format),
              "is_training": _bool(False)}, x.dtype, x.shape, name=name)
    return y, vecs[2], vecs[3]


def layer_norm(x, scale=None, offset=None, begin_norm_axis=-1,
               epsilon=1e-5, name=None):
    """Layer normalization over the dims begin_norm_axis..rank-1:
    (x - mean) / sqrt(var + epsilon) * scale + offset, scale and offset
    broadcasting against x.shape[begin_norm_axis:] (ones and zeros when
    None, which needs those dims known). One LayerNorm node."""
    x = convert_to_tensor(x)
    _check_kinds(x, "f", "LayerNorm", name)
    rank = _rank(x, "LayerNorm", name)
    axis = _ops._norm_axis(begin_norm_axis, rank, "LayerNorm", name,
                           "begin_norm_axis")
    norm_shape = TensorShape(x.shape.dims[axis:])
    params = []
    with name_scope(None if name is None else name + "_params"):
        for v, fill in ((scale, 1), (offset, 0)):
            if v is None:
                if not norm_shape.is_fully_defined():
                    raise ValueError("layer_norm: pass scale and offset when "
                                     "x.shape[%d:] = %s is not fully known"
                                     % (axis, format_shape(norm_shape)))
                v = _ops.constant(np.full(norm_shape.as_list(), fill,
                                          x.dtype.as_numpy_dtype))
            v = convert_to_tensor(v, dtype_hint=x.dtype)
            if v.dtype != x.dtype:
                raise TypeError("layer_norm: scale/offset dtype %s does not "
                                "match x (%s)" % (v.dtype.name,
                                                  x.dtype.name))
            b = _ops.broadcast_static_shape(norm_shape, v.shape, "LayerNorm",
                                            name)
            if b.dims is not None and v.shape.rank > len(norm_shape):
                raise ValueError("layer_norm: scale/offset shape %s does not "
                                 "broadcast against %s" % (
                                     format_shape(v.shape),
                                     format_shape(norm_shape)))
            params.append(v)
    return _one("LayerNorm", [x] + params,
                {"begin_norm_axis": _int(axis), "epsilon": _float(epsilon)},
                x.dtype, x.shape, name=name)


# Recurrent networks (tf.nn.rnn_cell.*, tf.nn.dynamic_rnn, ...).
from . import rnn_cell  # noqa: E402
from .rnn import (dynamic_rnn, static_rnn,  # noqa: E402
                  bidirectional_dynamic_rnn)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x^2, axis), epsilon)) (TF 1.15's form)."""
    x = convert_to_tensor(x)
    axis = dim if axis is None else axis
    with name_scope(name or "l2_normalize"):
        sq = _ops.reduce_sum(x * x, axis, keepdims=True)
        eps = _ops.constant(epsilon, x.dtype)
        return x * _ops.rsqrt(_ops.maximum(sq, eps))


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """(mean, variance) over `axes`; as TF 1.15, the variance is the mean
    squared difference from a mean held constant for the gradient (the
    mean's own gradient term is zero anyway)."""
    x = convert_to_tensor(x)
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with name_scope(name or "moments"):
        mean = _ops.reduce_mean(x, axes, keepdims=True)
        variance = _ops.reduce_mean(
            _ops.squared_difference(x, _ops.stop_gradient(mean)), axes,
            keepdims=True)
        if not keep:
            axes_list = sorted(a % x.shape.rank for a in axes)
            mean = _ops.squeeze(mean, axes_list)
            variance = _ops.squeeze(variance, axes_list)
        return mean, variance


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None,
            rate=None):
    """Keeps each element with probability keep_prob (= 1 - rate), scaled
    by 1 / keep_prob, and zeroes the others; a new mask every run (TF
    1.15's form: the mask is uniform >= rate). `noise_shape` broadcasts one
    mask over dims of size 1. The gradient goes through the same mask."""
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both keep_prob and rate")
    if keep_prob is None and rate is None:
        raise ValueError("dropout needs keep_prob or rate")
    g = get_default_graph()
    with g.name_scope(name or "dropout") as scope:
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError("x has to be a floating point tensor since it's "
                             "going to be scaled. Got a %s tensor instead."
                             % x.dtype.name)
        if keep_prob is not None:
            if isinstance(keep_prob, (int, float)):
                if not 0 < keep_prob <= 1:
                    raise ValueError("keep_prob must be a scalar tensor or a "
                                     "float in the range (0, 1], got %g"
                                     % keep_prob)
                rate = 1.0 - keep_prob
            else:
                keep_prob = _scalar(keep_prob, x.dtype, "keep_prob")
                rate = _ops.subtract(_ops.constant(1, x.dtype), keep_prob)
        elif isinstance(rate, (int, float)):
            if not 0 <= rate < 1:
                raise ValueError("rate must be a scalar tensor or a float in "
                                 "the range [0, 1), got %g" % rate)
        else:
            rate = _scalar(rate, x.dtype, "rate")
        if isinstance(rate, float) and rate == 0:
            out = _ops.identity(x)
        else:
            shape = _ops.shape(x) if noise_shape is None else \
                _noise_shape(x, noise_shape)
            u = _ops.random_uniform(shape, seed=seed, dtype=x.dtype)
            keep = _ops.cast(_ops.greater_equal(u, rate), x.dtype)
            if isinstance(rate, float):
                scale = _ops.constant(1.0 / (1.0 - rate), x.dtype)
            else:
                scale = _ops.reciprocal(_ops.subtract(
                    _ops.constant(1, x.dtype), rate))
            out = _ops.multiply(_ops.multiply(x, scale), keep)
    return _ops.rename(out, scope[:-1])


def _noise_shape(x, noise_shape):
    """noise_shape with its None entries taken from x's shape (TF's
    _get_noise_shape)."""
    if isinstance(noise_shape, Tensor) or x.shape.rank is None:
        return noise_shape
    dims = list(noise_shape.as_list() if isinstance(noise_shape, TensorShape)
                else noise_shape)
    if None not in dims:
        return dims
    if len(dims) != x.shape.rank:
        raise ValueError("noise_shape %s does not match the rank of x %s"
                         % (dims, format_shape(x.shape)))
    known = [x.shape[i] if d is None else d for i, d in enumerate(dims)]
    if None not in known:
        return known
    sx = _ops.shape(x)
    return _ops.stack([sx[i] if d is None else _ops.constant(d, sx.dtype)
                       for i, d in enumerate(known)])


def _scalar(t, dtype, what):
    """A rate or keep_prob tensor as a rank-0 tensor; a placeholder of
    unknown rank (tf.placeholder(tf.float32), as Deep MNIST feeds its
    keep_prob) is reshaped, and the run checks it has one element."""
    t = convert_to_tensor(t, dtype=dtype, name=what)
    if t.shape.rank is None:
        return _ops.reshape(t, [])
    if t.shape.rank != 0:
        raise ValueError("%s must be a scalar, got shape %s"
                         % (what, format_shape(t.shape)))
    return t


def embedding_lookup(params, ids, partition_strategy="mod", name=None,
                     validate_indices=True, max_norm=None):
    """The rows `ids` of `params`: one table, or a list of partitions of
    one (TensorFlow's partitioned variables), id `i` living in partition
    `i % n` at row `i // n` ("mod") or in contiguous ranges, the first
    `total % n` partitions one row longer ("div"). A table read only this
    way gets an IndexedSlices gradient (its looked-up rows). `max_norm`
    clips each embedding's L2 norm."""
    parts = list(params) if isinstance(params, (list, tuple)) else [params]
    if not parts:
        raise ValueError("Need at least one param")
    if partition_strategy not in ("mod", "div"):
        raise ValueError("Unrecognized partition strategy: %s"
                         % partition_strategy)
    g = get_default_graph()
    with g.name_scope(name or "embedding_lookup") as scope:
        ids = convert_to_tensor(ids, name="ids")
        if ids.dtype not in (_dt.int32, _dt.int64):
            raise TypeError("embedding_lookup: ids must be int32 or int64, "
                            "got %s" % ids.dtype.name)
        if len(parts) == 1:
            out = _ops.gather(parts[0], ids)
        else:
            out = _partitioned_lookup(parts, ids, partition_strategy)
        if max_norm is not None:
            rank = out.shape.rank
            axes = list(range(ids.shape.rank, rank))
            out = _ops.clip_by_norm(out, max_norm, axes=axes)
    return _ops.rename(out, scope[:-1]) if out.op.name != scope[:-1] \
        else out


def _partitioned_lookup(parts, ids, strategy):
    n = len(parts)
    rows = [p.shape[0] for p in parts]
    if None in rows:
        raise ValueError("embedding_lookup: the partitions' first dims must "
                         "be known, got %s" % rows)
    dt = ids.dtype

    def c(v):
        return _ops.constant(v, dt)

    if strategy == "mod":
        owner = _ops.floormod(ids, c(n))
        local = _ops.floordiv(ids, c(n))
    else:
        total = sum(rows)
        per, extras = total // n, total % n
        if per == 0:
            raise ValueError("embedding_lookup: %d partitions for %d rows"
                             % (n, total))
        owner = _ops.maximum(_ops.floordiv(ids, c(per + 1)),
                             _ops.floordiv(ids - c(extras), c(per)))
        local = _ops.where(_ops.less(owner, c(extras)),
                           _ops.floormod(ids, c(per + 1)),
                           _ops.floormod(ids - c(extras), c(per)))
    # Each partition gathers every id (row 0 for the ids it does not hold)
    # and a select keeps its own: the gradient into a partition is its
    # rows' (zeros for the others'), so each stays an IndexedSlices.
    out = None
    row_rank = parts[0].shape.rank - 1
    for j, part in enumerate(parts):
        mine = _ops.equal(owner, c(j))
        rows_j = _ops.gather(part, _ops.where(mine, local,
                                              _ops.zeros_like(local)))
        if out is None:
            out = rows_j
            continue
        keep = mine
        for _ in range(row_rank):
            keep = _ops.expand_dims(keep, -1)
        out = _ops.where(keep, rows_j, out)
    return out


def embedding_lookup_sparse(params, sp_ids, sp_weights,
                            partition_strategy="mod", name=None,
                            combiner="mean", max_norm=None):
    """Per row b of the SparseTensor `sp_ids` ([batch, k] ids), the
    combination of the embeddings of its ids, weighted by `sp_weights`
    (a SparseTensor of the same indices, or None for 1): "sum", "mean"
    (the weighted sum over the sum of weights) or "sqrtn" (over the root of
    the sum of squared weights). As in TensorFlow, a row without ids is 0
    without weights and 0/0 with them. The result has dense_shape[0] rows
    (a Python int); TensorFlow's has as many as the last row with an id."""
    if combiner not in ("sum", "mean", "sqrtn"):
        raise ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum'")
    shape = sp_ids.dense_shape
    if isinstance(shape, Tensor):
        raise NotImplementedError("embedding_lookup_sparse needs the "
                                  "SparseTensor's dense_shape as Python "
                                  "ints")
    batch = int(shape[0])
    g = get_default_graph()
    with g.name_scope(name or "embedding_lookup_sparse") as scope:
        segments = sp_ids.indices[:, 0]
        emb = embedding_lookup(params, sp_ids.values, partition_strategy,
                               max_norm=max_norm)
        if sp_weights is None:
            out = _ops.unsorted_segment_sum(emb, segments, batch)
            weights = _ops.ones_like(_ops.cast(sp_ids.values, emb.dtype))
        else:
            weights = _ops.cast(sp_weights.values, emb.dtype)
            w = weights
            for _ in range(emb.shape.rank - 1):
                w = _ops.expand_dims(w, -1)
            out = _ops.unsorted_segment_sum(emb * w, segments, batch)
        if combiner != "sum":
            total = _ops.unsorted_segment_sum(
                weights if combiner == "mean" else weights * weights,
                segments, batch)
            if combiner == "sqrtn":
                total = _ops.sqrt(total)
            if sp_weights is None:
                # sparse_segment_mean/sqrt_n: an empty row is 0, not 0/0.
                total = _ops.maximum(total, _ops.ones_like(total))
            for _ in range(emb.shape.rank - 1):
                total = _ops.expand_dims(total, -1)
            out = out / total
    return _ops.rename(out, scope[:-1])
