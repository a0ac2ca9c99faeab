"""tf.layers (TensorFlow 1.15's functional layers): dense, conv2d,
max_pooling2d, average_pooling2d, batch_normalization, dropout, flatten.

Layers with weights create them with tf.get_variable under a variable scope
named like TensorFlow's ("dense", "dense_1", ..., or `name`), with TF's
variable names ("kernel", "bias", "gamma", "beta", "moving_mean",
"moving_variance") and default initializers, so a Saver checkpoint's names
are TensorFlow's."""

import numpy as np

from . import nn as _nn
from . import ops as _ops
from .control_flow import cond as _cond
from .graph import Tensor, add_to_collection, convert_to_tensor, \
    format_shape, get_default_graph
from .variable_scope import (get_variable, ones_initializer, variable_scope,
                             zeros_initializer)
from .variables import GraphKeys

__all__ = ["dense", "conv2d", "max_pooling2d", "average_pooling2d",
           "batch_normalization", "dropout", "flatten"]


def _scope(name, default, reuse):
    return variable_scope(name, default_name=None if name else default,
                          reuse=reuse)


def _weight(name, shape, dtype, initializer, regularizer, trainable):
    v = get_variable(name, shape, dtype=dtype, initializer=initializer,
                     trainable=trainable)
    if regularizer is not None:
        penalty = regularizer(v)
        if penalty is not None:
            add_to_collection(GraphKeys.REGULARIZATION_LOSSES, penalty)
    return v


def _pair(v, what):
    if isinstance(v, (int, np.integer)):
        return (int(v), int(v))
    v = tuple(int(x) for x in v)
    if len(v) != 2:
        raise ValueError("%s must be an int or a pair, got %r" % (what, v))
    return v


def _known(x, axis, layer):
    d = x.shape[axis] if x.shape.rank is not None else None
    if d is None:
        raise ValueError("The %s layer needs the input's dimension %d to be "
                         "known, got shape %s" % (layer, axis,
                                                  format_shape(x.shape)))
    return d


def _padding(padding):
    p = padding.upper()
    if p not in ("VALID", "SAME"):
        raise ValueError("padding must be 'valid' or 'same', got %r"
                         % (padding,))
    return p


def _format(data_format):
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError("data_format must be 'channels_last' or "
                         "'channels_first', got %r" % (data_format,))
    return "NHWC" if data_format == "channels_last" else "NCHW"


def dense(inputs, units, activation=None, use_bias=True,
          kernel_initializer=None, bias_initializer=zeros_initializer(),
          kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None, trainable=True, name=None, reuse=None):
    """activation(inputs @ kernel + bias) over the last dimension; the
    kernel is [in, units] (glorot_uniform by default)."""
    x = convert_to_tensor(inputs)
    if x.shape.rank is None or x.shape.rank < 2:
        raise ValueError("Input 0 of layer dense should have rank >= 2, got "
                         "shape %s" % format_shape(x.shape))
    n_in = _known(x, -1, "dense")
    with _scope(name, "dense", reuse):
        kernel = _weight("kernel", [n_in, units], x.dtype,
                         kernel_initializer, kernel_regularizer, trainable)
        if x.shape.rank == 2:
            y = _ops.matmul(x, kernel)
        else:
            inner = x.shape.as_list()[1:-1]
            if None in inner:
                raise ValueError("dense over rank %d needs dims 1..%d known, "
                                 "got shape %s" % (x.shape.rank,
                                                   x.shape.rank - 2,
                                                   format_shape(x.shape)))
            y = _ops.matmul(_ops.reshape(x, [-1, n_in]), kernel)
            y = _ops.reshape(y, [-1] + inner + [units])
        if use_bias:
            bias = _weight("bias", [units], x.dtype, bias_initializer,
                           bias_regularizer, trainable)
            y = _nn.bias_add(y, bias)
        if activation is not None:
            y = activation(y)
        _activity(y, activity_regularizer)
    return y


def _activity(y, regularizer):
    if regularizer is not None:
        add_to_collection(GraphKeys.REGULARIZATION_LOSSES, regularizer(y))


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1),
           activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=zeros_initializer(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
    """A 2-D convolution layer; the kernel is [kh, kw, in, filters]."""
    x = convert_to_tensor(inputs)
    if x.shape.rank != 4:
        raise ValueError("Input 0 of layer conv2d should have rank 4, got "
                         "shape %s" % format_shape(x.shape))
    fmt = _format(data_format)
    n_in = _known(x, -1 if fmt == "NHWC" else 1, "conv2d")
    kh, kw = _pair(kernel_size, "kernel_size")
    sh, sw = _pair(strides, "strides")
    dh, dw = _pair(dilation_rate, "dilation_rate")
    with _scope(name, "conv2d", reuse):
        kernel = _weight("kernel", [kh, kw, n_in, int(filters)], x.dtype,
                         kernel_initializer, kernel_regularizer, trainable)
        y = _nn.conv2d(x, kernel, strides=[sh, sw],
                       padding=_padding(padding), data_format=fmt,
                       dilations=[dh, dw], name="Conv2D")
        if use_bias:
            bias = _weight("bias", [int(filters)], x.dtype, bias_initializer,
                           bias_regularizer, trainable)
            y = _nn.bias_add(y, bias, data_format=fmt)
        if activation is not None:
            y = activation(y)
        _activity(y, activity_regularizer)
    return y


def _pooling(fn, default, inputs, pool_size, strides, padding, data_format,
             name):
    x = convert_to_tensor(inputs)
    fmt = _format(data_format)
    ph, pw = _pair(pool_size, "pool_size")
    sh, sw = _pair(strides, "strides")
    g = get_default_graph()
    with g.name_scope(name or default):
        if fmt == "NHWC":
            ksize, stride = [1, ph, pw, 1], [1, sh, sw, 1]
        else:
            ksize, stride = [1, 1, ph, pw], [1, 1, sh, sw]
        return fn(x, ksize, stride, _padding(padding), data_format=fmt)


def max_pooling2d(inputs, pool_size, strides, padding="valid",
                  data_format="channels_last", name=None):
    return _pooling(_nn.max_pool, "max_pooling2d", inputs, pool_size,
                    strides, padding, data_format, name)


def average_pooling2d(inputs, pool_size, strides, padding="valid",
                      data_format="channels_last", name=None):
    return _pooling(_nn.avg_pool, "average_pooling2d", inputs, pool_size,
                    strides, padding, data_format, name)


def flatten(inputs, name=None, data_format="channels_last"):
    """[batch, ...] -> [batch, product of the other dims] (known)."""
    x = convert_to_tensor(inputs)
    if x.shape.rank is None or x.shape.rank < 1:
        raise ValueError("flatten needs a known rank >= 1, got shape %s"
                         % format_shape(x.shape))
    if data_format == "channels_first" and x.shape.rank > 2:
        x = _ops.transpose(x, [0] + list(range(2, x.shape.rank)) + [1])
    rest = x.shape.as_list()[1:]
    if None in rest:
        raise ValueError("flatten needs every dim but the first known, got "
                         "shape %s" % format_shape(x.shape))
    g = get_default_graph()
    with g.name_scope(name or "flatten"):
        return _ops.reshape(x, [-1, int(np.prod(rest, dtype=np.int64))])


def _is_python_bool(training):
    return isinstance(training, (bool, np.bool_))


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False,
            name=None):
    """tf.nn.dropout(inputs, rate=rate) when `training` (a Python bool or a
    bool tensor), else the inputs unchanged."""
    x = convert_to_tensor(inputs)
    g = get_default_graph()
    with g.name_scope(name or "dropout"):
        if _is_python_bool(training):
            if not training:
                return _ops.identity(x)
            return _nn.dropout(x, rate=rate, noise_shape=noise_shape,
                               seed=seed)
        return _cond(training,
                     lambda: _nn.dropout(x, rate=rate,
                                         noise_shape=noise_shape, seed=seed),
                     lambda: _ops.identity(x))


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3,
                        center=True, scale=True,
                        beta_initializer=zeros_initializer(),
                        gamma_initializer=ones_initializer(),
                        moving_mean_initializer=zeros_initializer(),
                        moving_variance_initializer=ones_initializer(),
                        beta_regularizer=None, gamma_regularizer=None,
                        beta_constraint=None, gamma_constraint=None,
                        training=False, trainable=True, name=None,
                        reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None,
                        virtual_batch_size=None, adjustment=None):
    """Batch normalization over every axis but `axis`. Training (a Python
    bool or a bool tensor) normalizes with the batch's moments and puts the
    moving averages' updates in tf.GraphKeys.UPDATE_OPS (run them with the
    train op, as TF 1.x programs do); inference uses the moving averages.
    As TensorFlow's fused kernel (4-D inputs, channel axis 1 or 3), the
    moving variance is updated with the unbiased batch variance."""
    if renorm or virtual_batch_size is not None or adjustment is not None:
        raise NotImplementedError("batch_normalization: renorm, "
                                  "virtual_batch_size and adjustment are "
                                  "not supported")
    x = convert_to_tensor(inputs)
    rank = x.shape.rank
    if rank is None:
        raise ValueError("batch_normalization needs a known rank")
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            raise NotImplementedError("batch_normalization over one axis")
        axis = axis[0]
    axis = axis % rank
    channels = _known(x, axis, "batch_normalization")
    axes = [a for a in range(rank) if a != axis]
    bshape = [channels if a == axis else 1 for a in range(rank)]
    use_fused = fused is not False and rank == 4 and axis in (1, 3)
    with _scope(name, "batch_normalization", reuse):
        gamma = _weight("gamma", [channels], x.dtype, gamma_initializer,
                        gamma_regularizer, trainable) if scale else None
        beta = _weight("beta", [channels], x.dtype, beta_initializer,
                       beta_regularizer, trainable) if center else None
        moving_mean = get_variable("moving_mean", [channels], dtype=x.dtype,
                                   initializer=moving_mean_initializer,
                                   trainable=False)
        moving_var = get_variable("moving_variance", [channels],
                                  dtype=x.dtype,
                                  initializer=moving_variance_initializer,
                                  trainable=False)

        def batch_moments():
            mean, var = _nn.moments(x, axes)
            return mean, var

        if _is_python_bool(training) and not training:
            mean, var = moving_mean, moving_var
        else:
            bmean, bvar = batch_moments()
            if _is_python_bool(training):
                mean, var = bmean, bvar
            else:
                mean, var = _cond(training, lambda: (bmean, bvar),
                                  lambda: (_ops.identity(moving_mean),
                                           _ops.identity(moving_var)))
            _updates(x, axes, bmean, bvar, moving_mean, moving_var,
                     momentum, training, use_fused)

        def b(t):
            return None if t is None else _ops.reshape(t, bshape)

        y = _nn.batch_normalization(x, b(mean), b(var), b(beta), b(gamma),
                                    epsilon)
    return y


def _updates(x, axes, mean, var, moving_mean, moving_var, momentum,
             training, unbiased):
    """moving -= (moving - batch) * (1 - momentum), in UPDATE_OPS; with a
    tensor `training`, the decay is 0 when it is false."""
    dt = x.dtype
    if unbiased:
        dims = [x.shape[a] for a in axes]
        if None in dims:
            n = _ops.cast(_ops.reduce_prod(_ops.gather(_ops.shape(x), axes)),
                          dt)
        else:
            n = _ops.constant(float(np.prod(dims)), dt)
        var = var * n / _ops.maximum(n - 1, _ops.constant(1, dt))
    decay = _ops.constant(1.0 - momentum, dt)
    if isinstance(training, Tensor):
        decay = _ops.where(training, decay, _ops.constant(0.0, dt))
    for moving, value in ((moving_mean, mean), (moving_var, var)):
        update = moving.assign_sub((moving - value) * decay)
        add_to_collection(GraphKeys.UPDATE_OPS, update)
