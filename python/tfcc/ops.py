"""The TF1 op functions (tfcc.matmul, tfcc.reduce_sum, ...), with static
shape and dtype inference at graph-construction time. Each builds one or a
few nodes of the op types listed in docs/tfg-format.md."""

import collections

import numpy as np

from . import dtypes as _dt
from .graph import (Tensor, TensorShape, convert_to_tensor, format_shape,
                    get_default_graph, name_scope, to_numpy)

# Attribute values: (kind, value); kinds mirror the AttrValue union.


def _int(v):
    return ("int", int(v))


def _float(v):
    return ("float", float(v))


def _bool(v):
    return ("bool", bool(v))


def _str(v):
    return ("string", str(v))


def _type(v):
    return ("type", _dt.as_dtype(v))


def _ints(v):
    return ("int_list", [int(x) for x in v])


def _shape_attr(shape):
    return ("shape", TensorShape(shape))


def _tensor_attr(arr):
    return ("tensor", np.asarray(arr))


def _g():
    return get_default_graph()


def _op(op_type, inputs, attrs, outputs, name=None, exact_name=None):
    return _g().create_op(op_type, list(inputs), attrs, outputs, name=name,
                          exact_name=exact_name)


def _one(op_type, inputs, attrs, dtype, shape, name=None, exact_name=None):
    return _op(op_type, inputs, attrs, [(dtype, shape)], name=name,
               exact_name=exact_name).outputs[0]


def _desc(op_type, name):
    g = _g()
    full = name or op_type
    if g.get_name_scope():
        full = g.get_name_scope() + "/" + full
    return "'%s' (op: '%s')" % (full, op_type)


def _shapes_desc(*tensors):
    return ", ".join(format_shape(t.shape) for t in tensors)


def _rank(t, op_type, name):
    r = t.shape.rank
    if r is None:
        raise ValueError("%s needs input %s to have a known rank"
                         % (_desc(op_type, name), t.name))
    return r


def _norm_axis(axis, rank, op_type, name, what="axis"):
    axis = int(axis)
    if not -rank <= axis < rank:
        raise ValueError("%s %d is out of range for a tensor of rank %d in "
                         "%s" % (what, axis, rank, _desc(op_type, name)))
    return axis + rank if axis < 0 else axis


def _static_ints(value, what):
    """A list of Python ints from a Python list/tuple/array (not a Tensor:
    shapes, axes and sizes must be known when the graph is built)."""
    if isinstance(value, Tensor):
        raise TypeError("%s must be known when the graph is built (a Python "
                        "list or numpy array), not the tensor %s"
                        % (what, value.name))
    if isinstance(value, TensorShape):
        value = [-1 if d is None else d for d in value.as_list()]
    arr = np.asarray([-1 if d is None else d for d in value]
                     if isinstance(value, (list, tuple)) else value)
    if arr.size == 0:
        return []
    if arr.dtype.kind not in "iu":
        raise TypeError("%s must be integers, got %r" % (what, value))
    return [int(v) for v in arr.reshape(-1)]


def _check_kinds(t, kinds, op_type, name, arg="x"):
    if t.dtype.as_numpy_dtype.kind not in kinds:
        allowed = {"f": "float32, float64", "fi": "float32, float64, int32, "
                   "int64", "b": "bool", "fib": "any"}.get(kinds, kinds)
        raise TypeError("Value for input '%s' of %s has type %s, which is "
                        "not in the list of allowed types: %s"
                        % (arg, _desc(op_type, name), t.dtype.name, allowed))


# --- constants and sources --------------------------------------------------

def constant(value, dtype=None, shape=None, name="Const"):
    """A Const node holding `value` (numpy arrays keep their dtype; Python
    floats are float32 and ints int32, as in TensorFlow)."""
    arr = to_numpy(value, dtype)
    if shape is not None:
        shape = _static_ints(shape, "constant shape")
        if arr.size == 1:
            arr = np.full(shape, arr.reshape(()), arr.dtype)
        elif arr.size == int(np.prod(shape, dtype=np.int64)):
            arr = arr.reshape(shape)
        else:
            raise TypeError("Expected Tensor's shape: %s, got %s."
                            % (tuple(shape), arr.shape))
    dt = _dt.as_dtype(arr.dtype)
    arr = np.array(arr, dtype=dt.as_numpy_dtype, order="C", copy=False)
    return _one("Const", [], {"value": _tensor_attr(arr), "dtype": _type(dt)},
                dt, arr.shape, name=name)


def placeholder(dtype, shape=None, name=None):
    """A feed: its value is given when the compiled model is called. Dims
    may be None (unknown); shape=None means an unknown rank."""
    dt = _dt.as_dtype(dtype)
    shape = TensorShape(shape)
    return _one("Placeholder", [], {"dtype": _type(dt),
                                    "shape": _shape_attr(shape)},
                dt, shape, name=name, )


def placeholder_with_default(input, shape, name=None):  # noqa: A002
    """`input` unless fed: an Identity node of the default value (with the
    static shape given), which a session run may feed like a placeholder."""
    x = convert_to_tensor(input)
    shape = TensorShape(shape)
    try:
        shape.merge_with(x.shape)
    except ValueError:
        raise ValueError("placeholder_with_default: the default has shape "
                         "%s, not compatible with %s"
                         % (format_shape(x.shape), format_shape(shape))) \
            from None
    return _one("Identity", [x], {}, x.dtype, shape,
                name=name or "PlaceholderWithDefault")


def _full(shape, value, dtype, name, what):
    shape = _static_ints(shape, what + " shape")
    if any(d < 0 for d in shape):
        raise ValueError("%s: dims must be non-negative, got %s"
                         % (what, shape))
    return constant(np.full(shape, value, _dt.as_dtype(dtype).as_numpy_dtype),
                    name=name)


def zeros(shape, dtype=_dt.float32, name=None):
    return _full(shape, 0, dtype, name or "zeros", "zeros")


def ones(shape, dtype=_dt.float32, name=None):
    return _full(shape, 1, dtype, name or "ones", "ones")


def fill(dims, value, name=None):
    arr = to_numpy(value)
    if arr.ndim != 0:
        raise ValueError("fill: value must be a scalar, got shape %s"
                         % (arr.shape,))
    return _full(dims, arr, arr.dtype, name or "Fill", "fill")


def _like(tensor, dtype, name, one):
    tensor = convert_to_tensor(tensor)
    dtype = _dt.as_dtype(dtype or tensor.dtype)
    if tensor.shape.is_fully_defined():
        return _full(tensor.shape.as_list(), int(one), dtype,
                     name or ("ones_like" if one else "zeros_like"),
                     "zeros_like")
    # Dynamic shape: a comparison that is false (or true) everywhere, NaN
    # included, cast to the wanted type.
    g = _g()
    final = g.unique_name(name or ("ones_like" if one else "zeros_like"))
    with g.name_scope(final + "/"):
        false = less(tensor, tensor) if tensor.dtype != _dt.bool else \
            logical_and(tensor, logical_not(tensor))
        out = logical_not(false) if one else false
        out = cast(out, dtype) if dtype != _dt.bool else identity(out)
    return rename(out, final)


def zeros_like(tensor, dtype=None, name=None):
    return _like(tensor, dtype, name, False)


def ones_like(tensor, dtype=None, name=None):
    return _like(tensor, dtype, name, True)


def rename(t, exact_name):
    """Gives the op of `t` (just created) the name a composite function was
    asked for, so that its result is fetched by that name."""
    op = t.op
    g = op.graph
    del g._ops_by_name[op.name]
    op.name = exact_name
    g._ops_by_name[exact_name] = op
    return t


def _shape_entries(t):
    """What the graph knows of the entries of the 1-D shape tensor `t`:
    ints where they are known, None elsewhere (TF's
    constant_value_as_shape)."""
    n = t.shape[0]
    op = t.op
    if n is None:
        return None
    if op.type == "Const":
        return [int(v) for v in np.asarray(op.get_attr("value")).reshape(-1)]
    if op.type == "Shape":
        return op.inputs[0].shape.as_list()
    if op.type in ("Identity", "Cast"):
        return _shape_entries(op.inputs[0])
    if op.type == "ConcatV2" and all(i.shape.rank == 1 and
                                     i.shape[0] is not None
                                     for i in op.inputs):
        parts = [_shape_entries(i) for i in op.inputs]
        if all(p is not None for p in parts):
            return [e for p in parts for e in p]
    if op.type == "ExpandDims" and op.inputs[0].shape.rank == 0:
        return [_scalar_entry(op.inputs[0])]
    return [None] * n


def _scalar_entry(t):
    """A rank-0 size: its value when a constant or a known dim of a
    tf.shape, else None."""
    op = t.op
    if op.type == "Const":
        return int(np.asarray(op.get_attr("value")))
    if op.type in ("Squeeze", "Reshape", "Identity", "Cast") and \
            op.inputs[0].shape.num_elements() == 1:
        src = op.inputs[0]
        if src.shape.rank == 0:
            return _scalar_entry(src)
        if src.op.type == "Slice" and src.shape.rank == 1 and \
                src.op.inputs[0].shape.rank == 1:
            entries = _shape_entries(src.op.inputs[0])
            at = int(np.asarray(src.op.get_attr("begin")).reshape(-1)[0])
            if entries is not None and 0 <= at < len(entries):
                return entries[at]
    return None


def _shape_tensor(shape, what):
    """(a 1-D int tensor, its static shape) for a shape argument: a Python
    list or a tensor such as tf.shape(x) whose length is known."""
    if isinstance(shape, Tensor):
        if shape.shape.rank != 1 or shape.shape[0] is None or \
                shape.dtype not in (_dt.int32, _dt.int64):
            raise ValueError("%s: the shape must be a 1-D int32 or int64 "
                             "tensor of known length, got %s %s"
                             % (what, shape.dtype.name,
                                format_shape(shape.shape)))
        return shape, TensorShape(_shape_entries(shape))
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError("%s: the shape %s is not fully known; pass "
                             "tf.shape(x) for dims only the run knows"
                             % (what, format_shape(shape)))
        shape = shape.as_list()
    dims = _static_ints(shape, "the shape of %s" % what)
    if any(d < 0 for d in dims):
        raise ValueError("%s: the shape %s has a negative or unknown dim; "
                         "pass tf.shape(x) for dims only the run knows"
                         % (what, dims))
    return constant(np.array(dims, np.int32), name="shape"), \
        TensorShape(dims)


def _random(op_type, shape, dtype, seed, what, inputs=(), dtype_attr="dtype"):
    """A stateful random node (a new draw every run), seeded by the graph
    and op seeds as TensorFlow combines them."""
    dt = _dt.as_dtype(dtype)
    shape_t, static = _shape_tensor(shape, what)
    seed1, seed2 = _g().next_random_seed(seed)
    return _one(op_type, [shape_t] + list(inputs),
                {"seed": _int(seed1), "seed2": _int(seed2),
                 dtype_attr: ("type", dt)}, dt, static, name=op_type)


def _scaled(x, scale, offset):
    """x * scale + offset; a Python 1 or 0 adds no node."""
    dt = x.dtype
    if not (isinstance(scale, (int, float)) and scale == 1):
        x = multiply(x, convert_to_tensor(scale, dtype=dt))
    if not (isinstance(offset, (int, float)) and offset == 0):
        x = add(x, convert_to_tensor(offset, dtype=dt))
    return x


def _float_random(op_type, shape, scale, offset, dtype, seed, name, what):
    dt = _dt.as_dtype(dtype)
    if not dt.is_floating:
        raise ValueError("%s needs a float dtype, got %s" % (what, dt.name))
    g = _g()
    with g.name_scope(name or what) as scope:
        x = _scaled(_random(op_type, shape, dt, seed, what), scale, offset)
    return rename(x, scope[:-1])


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None,
                  name=None):
    """Normal samples, new ones every run (RandomStandardNormal); `shape`
    may be a tensor such as tf.shape(x)."""
    return _float_random("RandomStandardNormal", shape, stddev, mean, dtype,
                         seed, name, "random_normal")


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32,
                     seed=None, name=None):
    """Normal samples within two standard deviations of the mean, new ones
    every run (TruncatedNormal)."""
    return _float_random("TruncatedNormal", shape, stddev, mean, dtype,
                         seed, name, "truncated_normal")


def random_uniform(shape, minval=0, maxval=None, dtype=_dt.float32,
                   seed=None, name=None):
    """Uniform samples in [minval, maxval), new ones every run; integer
    dtypes need maxval (RandomUniformInt)."""
    dt = _dt.as_dtype(dtype)
    if dt.is_floating:
        if maxval is None:
            maxval = 1
        if isinstance(minval, (int, float)) and \
                isinstance(maxval, (int, float)):
            return _float_random("RandomUniform", shape, maxval - minval,
                                 minval, dt, seed, name, "random_uniform")
        g = _g()
        with g.name_scope(name or "random_uniform") as scope:
            lo = convert_to_tensor(minval, dtype=dt)
            hi = convert_to_tensor(maxval, dtype=dt)
            x = _random("RandomUniform", shape, dt, seed, "random_uniform")
            x = add(multiply(x, subtract(hi, lo)), lo)
        return rename(x, scope[:-1])
    if dt not in (_dt.int32, _dt.int64):
        raise ValueError("random_uniform does not support dtype %s" % dt.name)
    if maxval is None:
        raise ValueError("Need maxval for an integer random_uniform (dtype "
                         "%s)" % dt.name)
    if isinstance(minval, (int, np.integer)) and \
            isinstance(maxval, (int, np.integer)) and minval >= maxval:
        raise ValueError("Need minval < maxval, got %d >= %d"
                         % (minval, maxval))
    g = _g()
    with g.name_scope(name or "random_uniform") as scope:
        lo = convert_to_tensor(minval, dtype=dt)
        hi = convert_to_tensor(maxval, dtype=dt)
        x = _random("RandomUniformInt", shape, dt, seed, "random_uniform",
                    inputs=[lo, hi], dtype_attr="Tout")
    return rename(x, scope[:-1])


def random_shuffle(value, seed=None, name=None):
    """`value` with its first dimension in a random order, a new one every
    run: a gather by the order of random keys (the first dimension must be
    known when the graph is built)."""
    value = convert_to_tensor(value)
    n = value.shape[0] if value.shape.rank else None
    if n is None:
        raise NotImplementedError(
            "random_shuffle of %s: the first dimension must be known when "
            "the graph is built, got shape %s"
            % (value.name, format_shape(value.shape)))
    g = _g()
    with g.name_scope(name or "random_shuffle") as scope:
        keys = random_uniform([n], seed=seed)
        order = top_k(keys, k=n).indices
        out = gather(value, order)
    return rename(out, scope[:-1])


def multinomial(logits, num_samples, seed=None, name=None,
                output_dtype=_dt.int64):
    """num_samples class indices per row of `logits` [batch, classes], drawn
    from softmax(logits), a new draw every run (the Gumbel-max trick:
    argmax of logits plus Gumbel noise)."""
    logits = convert_to_tensor(logits)
    if logits.shape.rank != 2:
        raise ValueError("logits should be a matrix, got shape %s"
                         % format_shape(logits.shape))
    if not logits.dtype.is_floating:
        raise ValueError("logits must be floats, got %s" % logits.dtype.name)
    num_samples = int(num_samples)
    g = _g()
    with g.name_scope(name or "multinomial") as scope:
        dims = shape(logits)
        noise_shape = concat([dims[:1], constant([num_samples], _dt.int32),
                              dims[1:]], 0)
        tiny = float(np.finfo(logits.dtype.as_numpy_dtype).tiny)
        u = random_uniform(noise_shape, minval=tiny, maxval=1.0,
                           dtype=logits.dtype, seed=seed)
        gumbel = negative(log(negative(log(u))))
        out = argmax(expand_dims(logits, 1) + gumbel, axis=2,
                     output_type=output_dtype)
    return rename(out, scope[:-1])


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """tf.random.categorical: multinomial with `dtype` as the output's."""
    return multinomial(logits, num_samples, seed=seed, name=name,
                       output_dtype=dtype or _dt.int64)


# --- elementwise ------------------------------------------------------------

def broadcast_static_shape(a, b, op_type="BroadcastTo", name=None,
                           tensors=None):
    """NumPy broadcasting of two static shapes; None dims stay unknown unless
    the other side fixes them."""
    a, b = TensorShape(a), TensorShape(b)
    if a.dims is None or b.dims is None:
        return TensorShape(None)
    ra, rb = len(a.dims), len(b.dims)
    n = max(ra, rb)
    da = (1,) * (n - ra) + a.dims
    db = (1,) * (n - rb) + b.dims
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None:
            out.append(y)
        elif y is None or x == y:
            out.append(x)
        else:
            raise ValueError(
                "Dimensions must be equal, but are %d and %d for %s with "
                "input shapes: %s, %s." % (x, y, _desc(op_type, name),
                                           format_shape(a), format_shape(b)))
    return TensorShape(out)


def _pair(x, y):
    """Converts two operands; a Python/numpy value takes the other's dtype."""
    if isinstance(x, Tensor) and not isinstance(y, Tensor):
        y = convert_to_tensor(y, dtype_hint=x.dtype)
    elif isinstance(y, Tensor) and not isinstance(x, Tensor):
        x = convert_to_tensor(x, dtype_hint=y.dtype)
    else:
        x = convert_to_tensor(x)
        y = convert_to_tensor(y, dtype_hint=x.dtype)
    return x, y


def _binary(op_type, x, y, name, kinds="fi", out_dtype=None):
    x, y = _pair(x, y)
    if x.dtype != y.dtype:
        raise TypeError("Input 'y' of %s has type %s that does not match "
                        "type %s of argument 'x'."
                        % (_desc(op_type, name), y.dtype.name, x.dtype.name))
    _check_kinds(x, kinds, op_type, name)
    shape = broadcast_static_shape(x.shape, y.shape, op_type, name)
    return _one(op_type, [x, y], {}, out_dtype or x.dtype, shape, name=name)


def add(x, y, name=None):
    return _binary("Add", x, y, name)


def subtract(x, y, name=None):
    return _binary("Sub", x, y, name)


def multiply(x, y, name=None):
    return _binary("Mul", x, y, name)


def divide(x, y, name=None):
    """True division (x / y). Integers are converted to float64 first, as in
    TensorFlow's truediv."""
    x, y = _pair(x, y)
    if x.dtype.is_integer and y.dtype == x.dtype:
        with name_scope(None if name is None else name + "_cast"):
            x, y = cast(x, _dt.float64), cast(y, _dt.float64)
    return _binary("RealDiv", x, y, name, kinds="f")


truediv = divide
div = divide


def floormod(x, y, name=None):
    """Remainder with the divisor's sign (Python's %)."""
    return _binary("FloorMod", x, y, name)


mod = floormod


def floordiv(x, y, name=None):
    """Division rounded toward negative infinity (Python's //)."""
    x, y = _pair(x, y)
    if x.dtype.is_floating:
        q = _binary("RealDiv", x, y, None, kinds="f")
        return _unary("Floor", q, name, kinds="f")
    # (x - x mod y) is an exact multiple of y: truncating division is exact.
    r = floormod(x, y)
    return _binary("Div", subtract(x, r), y, name, kinds="i")


def pow(x, y, name=None):  # noqa: A001 (tf.pow)
    return _binary("Pow", x, y, name)


def maximum(x, y, name=None):
    return _binary("Maximum", x, y, name)


def minimum(x, y, name=None):
    return _binary("Minimum", x, y, name)


def squared_difference(x, y, name=None):
    d = subtract(x, y)
    return multiply(d, d, name=name or "SquaredDifference")


def equal(x, y, name=None):
    return _binary("Equal", x, y, name, kinds="fib", out_dtype=_dt.bool)


def not_equal(x, y, name=None):
    return _binary("NotEqual", x, y, name, kinds="fib", out_dtype=_dt.bool)


def less(x, y, name=None):
    return _binary("Less", x, y, name, out_dtype=_dt.bool)


def less_equal(x, y, name=None):
    return _binary("LessEqual", x, y, name, out_dtype=_dt.bool)


def greater(x, y, name=None):
    return _binary("Greater", x, y, name, out_dtype=_dt.bool)


def greater_equal(x, y, name=None):
    return _binary("GreaterEqual", x, y, name, out_dtype=_dt.bool)


def logical_and(x, y, name=None):
    return _binary("LogicalAnd", x, y, name, kinds="b")


def logical_or(x, y, name=None):
    return _binary("LogicalOr", x, y, name, kinds="b")


def logical_xor(x, y, name=None):
    x, y = _pair(x, y)
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)),
                       name=name or "LogicalXor")


def _unary(op_type, x, name, kinds="f", attrs=None):
    x = convert_to_tensor(x)
    _check_kinds(x, kinds, op_type, name)
    return _one(op_type, [x], attrs or {}, x.dtype, x.shape, name=name)


def negative(x, name=None):
    return _unary("Neg", x, name, kinds="fi")


neg = negative


def abs(x, name=None):  # noqa: A001 (tf.abs)
    return _unary("Abs", x, name, kinds="fi")


def sign(x, name=None):
    return _unary("Sign", x, name, kinds="fi")


def square(x, name=None):
    return _unary("Square", x, name, kinds="fi")


def logical_not(x, name=None):
    return _unary("LogicalNot", x, name, kinds="b")


def _float_unary(op_type, doc):
    def fn(x, name=None):
        return _unary(op_type, x, name)
    fn.__name__ = op_type.lower()
    fn.__doc__ = doc
    return fn


exp = _float_unary("Exp", "e^x elementwise.")
log = _float_unary("Log", "Natural logarithm elementwise.")
sqrt = _float_unary("Sqrt", "Square root elementwise.")
rsqrt = _float_unary("Rsqrt", "1 / sqrt(x) elementwise.")
tanh = _float_unary("Tanh", "Hyperbolic tangent elementwise.")
sigmoid = _float_unary("Sigmoid", "1 / (1 + e^-x) elementwise.")
erf = _float_unary("Erf", "The error function elementwise.")
floor = _float_unary("Floor", "Rounds down elementwise.")
ceil = _float_unary("Ceil", "Rounds up elementwise.")
round = _float_unary("Round", "Rounds half to even elementwise.")  # noqa
sin = _float_unary("Sin", "Sine elementwise.")
cos = _float_unary("Cos", "Cosine elementwise.")
reciprocal = _float_unary("Reciprocal", "1 / x elementwise.")
softplus = _float_unary("Softplus", "log(1 + e^x) elementwise.")


def log1p(x, name=None):
    x = convert_to_tensor(x)
    return log(add(x, 1), name=name or "Log1p")


def add_n(inputs, name=None):
    """Sum of a list of tensors of the same dtype and shape."""
    if not inputs:
        raise ValueError("add_n needs at least one input")
    out = convert_to_tensor(inputs[0])
    for i, t in enumerate(inputs[1:]):
        out = add(out, t, name=name if i == len(inputs) - 2 else None)
    return out if len(inputs) > 1 else identity(out, name=name)


def identity(x, name=None):
    x = convert_to_tensor(x)
    return _one("Identity", [x], {}, x.dtype, x.shape, name=name)


def stop_gradient(x, name=None):
    """x, through which tf.gradients lets no gradient flow."""
    x = convert_to_tensor(x)
    return _one("StopGradient", [x], {}, x.dtype, x.shape, name=name)


def no_op(name=None):
    return _op("NoOp", [], {}, [], name=name)


def group(*inputs, name=None):
    """A NoOp that runs after all `inputs` (a target)."""
    with _g().control_dependencies([i for i in inputs]):
        return no_op(name=name or "group_deps")


def cast(x, dtype, name=None):
    x = convert_to_tensor(x)
    dt = _dt.as_dtype(dtype)
    if dt == x.dtype:
        return x
    return _one("Cast", [x], {"DstT": _type(dt)}, dt, x.shape, name=name)


def to_float(x, name=None):
    return cast(x, _dt.float32, name=name)


def to_int32(x, name=None):
    return cast(x, _dt.int32, name=name)


def to_int64(x, name=None):
    return cast(x, _dt.int64, name=name)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    t = convert_to_tensor(t)
    lo = convert_to_tensor(clip_value_min, dtype_hint=t.dtype)
    hi = convert_to_tensor(clip_value_max, dtype_hint=t.dtype)
    for arg, v in (("clip_value_min", lo), ("clip_value_max", hi)):
        if v.dtype != t.dtype:
            raise TypeError("Input '%s' of ClipByValue has type %s that does "
                            "not match type %s of argument 't'."
                            % (arg, v.dtype.name, t.dtype.name))
        shape = broadcast_static_shape(t.shape, v.shape, "ClipByValue", name)
        if t.shape.dims is not None and shape != t.shape:
            raise ValueError("clip_by_value: %s of shape %s would change the "
                             "shape %s of t" % (arg, format_shape(v.shape),
                                                format_shape(t.shape)))
    return _one("ClipByValue", [t, lo, hi], {}, t.dtype, t.shape, name=name)


def where(condition, x=None, y=None, name=None):
    """Elementwise choice: x where condition is true, else y, with NumPy
    broadcasting of the three (TF2's where_v2 semantics)."""
    if x is None or y is None:
        raise NotImplementedError(
            "tfcc.where(condition) without x and y returns the coordinates "
            "of true elements, a data-dependent shape that tfcc does not "
            "compile")
    condition = convert_to_tensor(condition)
    if condition.dtype != _dt.bool:
        raise TypeError("where: condition must be bool, got %s"
                        % condition.dtype.name)
    x, y = _pair(x, y)
    if x.dtype != y.dtype:
        raise TypeError("where: x and y must have the same dtype, got %s "
                        "and %s" % (x.dtype.name, y.dtype.name))
    shape = broadcast_static_shape(x.shape, y.shape, "SelectV2", name)
    shape = broadcast_static_shape(condition.shape, shape, "SelectV2", name)
    return _one("SelectV2", [condition, x, y], {}, x.dtype, shape, name=name)


where_v2 = where


# --- matmul and reductions ------------------------------------------------

def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False,
           adjoint_b=False, name=None):
    """Matrix product; rank > 2 operands multiply batches of matrices with
    broadcast batch dims."""
    a, b = _pair(a, b)
    ta, tb = transpose_a or adjoint_a, transpose_b or adjoint_b
    if a.dtype != b.dtype:
        raise TypeError("Input 'b' of %s has type %s that does not match "
                        "type %s of argument 'a'."
                        % (_desc("MatMul", name), b.dtype.name, a.dtype.name))
    _check_kinds(a, "fi", "MatMul", name, "a")
    # An operand of unknown rank (from a placeholder of unknown rank) is a
    # matrix next to a matrix, as TensorFlow's MatMul shape function takes
    # it; the compiled step sees the rank fed.
    sa, sb = a.shape, b.shape
    if sa.rank is None and sb.rank in (None, 2):
        sa = TensorShape([None, None])
    if sb.rank is None and sa.rank == 2:
        sb = TensorShape([None, None])
    ra = sa.rank if sa.rank is not None else _rank(a, "MatMul", name)
    rb = sb.rank if sb.rank is not None else _rank(b, "MatMul", name)
    if ra < 2 or rb < 2:
        raise ValueError("Shape must be rank 2 but is rank %d for %s with "
                         "input shapes: %s." % (min(ra, rb),
                                                _desc("MatMul", name),
                                                _shapes_desc(a, b)))
    m, ka = (sa[-1], sa[-2]) if ta else (sa[-2], sa[-1])
    kb, n = (sb[-1], sb[-2]) if tb else (sb[-2], sb[-1])
    op_type = "MatMul" if ra == 2 and rb == 2 else "BatchMatMulV2"
    if ka is not None and kb is not None and ka != kb:
        raise ValueError("Dimensions must be equal, but are %d and %d for %s "
                         "with input shapes: %s." % (ka, kb,
                                                     _desc(op_type, name),
                                                     _shapes_desc(a, b)))
    if op_type == "MatMul":
        attrs = {"transpose_a": _bool(ta), "transpose_b": _bool(tb)}
        shape = [m, n]
    else:
        attrs = {"adj_x": _bool(ta), "adj_y": _bool(tb)}
        batch = broadcast_static_shape(a.shape[:-2], b.shape[:-2], op_type,
                                       name)
        shape = list(batch.dims) + [m, n]
    return _one(op_type, [a, b], attrs, a.dtype, shape, name=name)


def _reduce(op_type, x, axis, keepdims, name, reduction_indices, keep_dims,
            kinds="fi"):
    if reduction_indices is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and "
                             "'reduction_indices'.")
        axis = reduction_indices
    if keep_dims is not None:
        if keepdims is not None:
            raise ValueError("Cannot specify both 'keepdims' and "
                             "'keep_dims'.")
        keepdims = keep_dims
    keepdims = bool(keepdims)
    x = convert_to_tensor(x)
    _check_kinds(x, kinds, op_type, name, "input")
    attrs = {"keep_dims": _bool(keepdims)}
    rank = x.shape.rank
    if axis is None:
        axes = None if rank is None else list(range(rank))
    else:
        raw = [axis] if np.ndim(axis) == 0 else list(np.reshape(axis, -1))
        raw = _static_ints(raw, "reduction axis")
        if rank is None:
            axes = raw
        else:
            axes = sorted({_norm_axis(a, rank, op_type, name) for a in raw})
        attrs["axis"] = _ints(axes)
    if rank is None:
        shape = None
    elif keepdims:
        shape = [1 if i in axes else d for i, d in enumerate(x.shape.dims)]
    else:
        shape = [d for i, d in enumerate(x.shape.dims) if i not in axes]
    return _one(op_type, [x], attrs, x.dtype, shape, name=name)


def _reducer(op_type, kinds, doc):
    def fn(input_tensor, axis=None, keepdims=None, name=None,
           reduction_indices=None, keep_dims=None):
        return _reduce(op_type, input_tensor, axis, keepdims, name,
                       reduction_indices, keep_dims, kinds)
    fn.__doc__ = doc + (" over `axis` (all axes when None; TF1 alias "
                        "reduction_indices), keeping reduced dims as 1 with "
                        "keepdims (alias keep_dims).")
    return fn


reduce_sum = _reducer("Sum", "fi", "Sum")
reduce_mean = _reducer("Mean", "f", "Mean")
reduce_max = _reducer("Max", "fi", "Maximum")
reduce_min = _reducer("Min", "fi", "Minimum")
reduce_prod = _reducer("Prod", "fi", "Product")


def _arg_reduce(op_type, input, axis, name, dimension, output_type):
    if dimension is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dimension'")
        axis = dimension
    axis = 0 if axis is None else axis
    x = convert_to_tensor(input)
    _check_kinds(x, "fi", op_type, name, "input")
    rank = _rank(x, op_type, name)
    axis = _norm_axis(axis, rank, op_type, name)
    out = _dt.as_dtype(output_type)
    if out not in (_dt.int32, _dt.int64):
        raise TypeError("%s: output_type must be int32 or int64, got %s"
                        % (op_type, out))
    shape = [d for i, d in enumerate(x.shape.dims) if i != axis]
    return _one(op_type, [x], {"axis": _int(axis), "output_type": _type(out)},
                out, shape, name=name)


def argmax(input, axis=None, name=None, dimension=None,
           output_type=_dt.int64):
    """Index of the largest value along `axis` (0 when None), the first one
    among ties."""
    return _arg_reduce("ArgMax", input, axis, name, dimension, output_type)


def argmin(input, axis=None, name=None, dimension=None,
           output_type=_dt.int64):
    return _arg_reduce("ArgMin", input, axis, name, dimension, output_type)


# --- shapes and data movement --------------------------------------------

def reshape(tensor, shape, name=None):
    """Reshape to a static `shape`; one dim may be -1 (or None)."""
    x = convert_to_tensor(tensor)
    dims = _static_ints(shape, "reshape shape")
    if sum(1 for d in dims if d == -1) > 1 or any(d < -1 for d in dims):
        raise ValueError("reshape: invalid target shape %s for %s: at most "
                         "one -1 and no other negative dims" % (
                             dims, _desc("Reshape", name)))
    known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
    out = [None if d == -1 else d for d in dims]
    total = x.shape.num_elements()
    if total is not None:
        if -1 in dims:
            if known == 0 or total % known:
                raise ValueError(
                    "Cannot reshape a tensor with %d elements to shape %s for "
                    "%s with input shapes: %s." % (
                        total, format_shape(out), _desc("Reshape", name),
                        format_shape(x.shape)))
            out[dims.index(-1)] = total // known
        elif total != known:
            raise ValueError("Cannot reshape a tensor with %d elements to "
                             "shape %s (%d elements) for %s with input "
                             "shapes: %s." % (total, format_shape(out), known,
                                              _desc("Reshape", name),
                                              format_shape(x.shape)))
    return _one("Reshape", [x], {"shape": _ints(dims)}, x.dtype, out,
                name=name)


def transpose(a, perm=None, name=None):
    x = convert_to_tensor(a)
    rank = _rank(x, "Transpose", name)
    perm = list(range(rank))[::-1] if perm is None else \
        _static_ints(perm, "perm")
    if sorted(perm) != list(range(rank)):
        raise ValueError("transpose: perm %s is not a permutation of "
                         "0..%d for %s" % (perm, rank - 1,
                                           _desc("Transpose", name)))
    return _one("Transpose", [x], {"perm": _ints(perm)}, x.dtype,
                [x.shape[p] for p in perm], name=name)


def broadcast_to(input, shape, name=None):
    x = convert_to_tensor(input)
    dims = _static_ints(shape, "broadcast shape")
    out = broadcast_static_shape(x.shape, dims, "BroadcastTo", name)
    if out.dims is not None and list(out.dims) != dims:
        raise ValueError("broadcast_to: cannot broadcast %s to %s"
                         % (format_shape(x.shape), dims))
    return _one("BroadcastTo", [x], {"shape": _ints(dims)}, x.dtype, dims,
                name=name)


def concat(values, axis, name="concat"):
    values = [convert_to_tensor(v) for v in values]
    if not values:
        raise ValueError("concat needs at least one tensor")
    if len(values) == 1:
        return identity(values[0], name=name)
    first = values[0]
    for i, v in enumerate(values[1:], 1):
        if v.dtype != first.dtype:
            raise TypeError("concat: values[%d] has dtype %s but values[0] "
                            "has %s" % (i, v.dtype.name, first.dtype.name))
    rank = _rank(first, "ConcatV2", name)
    axis = _norm_axis(axis, rank, "ConcatV2", name)
    out = list(first.shape.dims)
    for i, v in enumerate(values[1:], 1):
        if v.shape.rank != rank:
            raise ValueError("Shape must be rank %d but is rank %s for %s: "
                             "values[%d] has shape %s" % (
                                 rank, v.shape.rank, _desc("ConcatV2", name),
                                 i, format_shape(v.shape)))
        for d in range(rank):
            a, b = out[d], v.shape[d]
            if d == axis:
                out[d] = None if a is None or b is None else a + b
            elif a is not None and b is not None and a != b:
                raise ValueError(
                    "Dimension %d in both shapes must be equal, but are %d "
                    "and %d. Shapes are %s and %s for %s." % (
                        d, a, b, format_shape(first.shape),
                        format_shape(v.shape), _desc("ConcatV2", name)))
            elif a is None:
                out[d] = b
    return _one("ConcatV2", values, {"axis": _int(axis)}, first.dtype, out,
                name=name)


def stack(values, axis=0, name="stack"):
    values = [convert_to_tensor(v) for v in values]
    if not values:
        raise ValueError("stack needs at least one tensor")
    rank = _rank(values[0], "Pack", name) + 1
    if not -rank <= axis < rank:
        raise ValueError("stack: axis %d out of range for rank %d"
                         % (axis, rank))
    g = _g()
    final = g.unique_name(name or "stack")
    with g.name_scope(final + "/"):
        parts = [expand_dims(v, axis) for v in values]
        out = concat(parts, axis)
    return rename(out, final)


def unstack(value, num=None, axis=0, name="unstack"):
    """The list of value's slices along `axis` (whose size must be known,
    or given as `num`), each without that dim: tf.unstack."""
    x = convert_to_tensor(value)
    rank = _rank(x, "Unpack", name)
    axis = _norm_axis(axis, rank, "Unpack", name)
    n = x.shape[axis] if num is None else int(num)
    if n is None:
        raise ValueError("Cannot infer num from shape %s"
                         % format_shape(x.shape))
    with name_scope(name):
        return [squeeze(p, [axis]) for p in split(x, n, axis)]


def slice(input_, begin, size, name=None):  # noqa: A001 (tf.slice)
    """input_[begin : begin + size]; a size of -1 takes the rest of a dim."""
    x = convert_to_tensor(input_)
    rank = _rank(x, "Slice", name)
    begin = _static_ints(begin, "slice begin")
    size = _static_ints(size, "slice size")
    if len(begin) != rank or len(size) != rank:
        raise ValueError("Slice: begin %s and size %s must have %d entries "
                         "for input shape %s" % (begin, size, rank,
                                                 format_shape(x.shape)))
    out = []
    for d, (b, s) in enumerate(zip(begin, size)):
        dim = x.shape[d]
        if b < 0 or s < -1 or (dim is not None and (
                b > dim or (s != -1 and b + s > dim))):
            raise ValueError(
                "Slice: begin %d, size %d out of bounds for dim %d of %s "
                "(shape %s)" % (b, s, d, _desc("Slice", name),
                                format_shape(x.shape)))
        out.append(s if s != -1 else (None if dim is None else dim - b))
    return _one("Slice", [x], {"begin": _ints(begin), "size": _ints(size)},
                x.dtype, out, name=name)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits along `axis` into equal parts (an int) or parts of the given
    sizes (a list; one may be -1). Returns a list of tensors."""
    x = convert_to_tensor(value)
    rank = _rank(x, "Split", name)
    axis = _norm_axis(axis, rank, "Split", name)
    dim = x.shape[axis]
    if np.ndim(num_or_size_splits) == 0 and \
            not isinstance(num_or_size_splits, Tensor):
        n = int(num_or_size_splits)
        if n <= 0 or (dim is not None and dim % n):
            raise ValueError("Dimension %d of %s (size %s) cannot be split "
                             "evenly into %d parts" % (
                                 axis, format_shape(x.shape), dim, n))
        shape = list(x.shape.dims)
        shape[axis] = None if dim is None else dim // n
        op = _op("Split", [x], {"axis": _int(axis), "num_split": _int(n)},
                 [(x.dtype, shape)] * n, name=name)
        return op.outputs
    sizes = _static_ints(num_or_size_splits, "split sizes")
    if sizes.count(-1) > 1 or any(s < -1 for s in sizes):
        raise ValueError("split sizes %s: at most one -1" % sizes)
    if -1 in sizes:
        if dim is None:
            raise ValueError("split: a size of -1 needs dim %d of %s to be "
                             "known" % (axis, format_shape(x.shape)))
        sizes[sizes.index(-1)] = dim - sum(s for s in sizes if s != -1)
    if dim is not None and sum(sizes) != dim:
        raise ValueError("split sizes %s do not add up to dim %d of %s (%d)"
                         % (sizes, axis, format_shape(x.shape), dim))
    outs, start = [], 0
    with name_scope(name):
        for s in sizes:
            begin = [0] * rank
            begin[axis] = start
            size = [-1] * rank
            size[axis] = s
            outs.append(slice(x, begin, size))
            start += s
    return outs


def squeeze(input, axis=None, name=None, squeeze_dims=None):
    """Removes size-1 dims: those in `axis`, or all of them."""
    if squeeze_dims is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'")
        axis = squeeze_dims
    x = convert_to_tensor(input)
    rank = _rank(x, "Squeeze", name)
    attrs = {}
    if axis is None:
        if None in x.shape.dims:
            raise ValueError("squeeze without axis needs every dim of %s "
                             "known; pass axis" % format_shape(x.shape))
        axes = [i for i, d in enumerate(x.shape.dims) if d == 1]
    else:
        raw = [axis] if np.ndim(axis) == 0 else list(axis)
        axes = sorted({_norm_axis(a, rank, "Squeeze", name)
                       for a in _static_ints(raw, "squeeze axis")})
        for a in axes:
            if x.shape[a] not in (None, 1):
                raise ValueError("Can not squeeze dim[%d], expected a "
                                 "dimension of 1, got %d for %s with input "
                                 "shapes: %s." % (a, x.shape[a],
                                                  _desc("Squeeze", name),
                                                  format_shape(x.shape)))
    attrs["squeeze_dims"] = _ints(axes)
    return _one("Squeeze", [x], attrs, x.dtype,
                [d for i, d in enumerate(x.shape.dims) if i not in axes],
                name=name)


def expand_dims(input, axis=None, name=None, dim=None):
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("expand_dims needs an axis")
    x = convert_to_tensor(input)
    rank = _rank(x, "ExpandDims", name)
    axis = _norm_axis(axis, rank + 1, "ExpandDims", name)
    shape = list(x.shape.dims)
    shape.insert(axis, 1)
    return _one("ExpandDims", [x], {"axis": _int(axis)}, x.dtype, shape,
                name=name)


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """Pads with `constant_values`; paddings is [[before, after], ...] per
    dim."""
    x = convert_to_tensor(tensor)
    rank = _rank(x, "Pad", name)
    if str(mode).upper() != "CONSTANT":
        raise NotImplementedError("pad: mode %r is not supported by the .tfg "
                                  "format yet; use CONSTANT" % (mode,))
    p = np.asarray(_static_ints(np.asarray(paddings).reshape(-1),
                                "paddings")).reshape(-1)
    if p.size != 2 * rank:
        raise ValueError("pad: paddings must have shape [%d, 2], got %r"
                         % (rank, paddings))
    p = p.reshape(rank, 2)
    if (p < 0).any():
        raise ValueError("pad: paddings must be non-negative, got %s"
                         % p.tolist())
    value = to_numpy(constant_values)
    if value.ndim:
        raise ValueError("pad: constant_values must be a scalar")
    shape = [None if d is None else d + int(b) + int(a)
             for d, (b, a) in zip(x.shape.dims, p)]
    return _one("Pad", [x], {"paddings": _ints(p.reshape(-1)),
                             "constant_value": _float(value)},
                x.dtype, shape, name=name)


def gather(params, indices, validate_indices=None, name=None, axis=None,
           batch_dims=0):
    """params gathered at `indices` along `axis`: result shape is
    params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis+1:].
    Out-of-range indices are clamped by the compiled code (TensorFlow
    raises on CPU)."""
    p = convert_to_tensor(params)
    i = convert_to_tensor(indices)
    if i.dtype not in (_dt.int32, _dt.int64):
        raise TypeError("gather: indices must be int32 or int64, got %s"
                        % i.dtype.name)
    rank = _rank(p, "GatherV2", name)
    irank = _rank(i, "GatherV2", name)
    axis = _norm_axis(0 if axis is None else axis, rank, "GatherV2", name)
    if batch_dims < 0:
        batch_dims += irank
    if not 0 <= batch_dims <= min(axis, irank):
        raise ValueError("gather: batch_dims %d must be <= axis %d and the "
                         "rank of indices %d" % (batch_dims, axis, irank))
    shape = list(p.shape.dims[:axis]) + list(i.shape.dims[batch_dims:]) + \
        list(p.shape.dims[axis + 1:])
    if batch_dims:
        return _batched_gather(p, i, axis, batch_dims, shape, name)
    return _one("GatherV2", [p, i], {"axis": _int(axis),
                                     "batch_dims": _int(batch_dims)},
                p.dtype, shape, name=name)


def _batched_gather(p, i, axis, batch_dims, shape, name):
    """gather(batch_dims=1, axis=1): each batch's indices into its own rows,
    as one gather of the flattened [B * N, ...] params at b * N + index.
    An index outside [0, N) becomes -1, which the gather refuses at run
    time, rather than reading the next batch's row."""
    if batch_dims != 1 or axis != 1:
        raise NotImplementedError("gather with batch_dims=%d and axis=%d "
                                  "(batch_dims=1 with axis=1 is supported)"
                                  % (batch_dims, axis))
    n = p.shape[1]
    if n is None or None in p.shape.as_list()[2:]:
        raise NotImplementedError("gather(batch_dims=1) needs params' dims "
                                  "past the first known, got %s"
                                  % format_shape(p.shape))
    g = _g()
    with g.name_scope(name or "GatherV2") as scope:
        rows = reshape(p, [-1] + p.shape.as_list()[2:])
        # b for every index: an exclusive cumsum of ones along the batch.
        first = i
        for _ in range(i.shape.rank - 1):
            first = first[:, 0]
        batch = cumsum(ones_like(first), exclusive=True)
        for _ in range(i.shape.rank - 1):
            batch = expand_dims(batch, -1)
        zero = zeros_like(i)
        ok = logical_and(greater_equal(i, zero),
                         less(i, zero + constant(n, i.dtype)))
        flat = where(ok, i + batch * constant(n, i.dtype), zero - 1)
        out = gather(rows, flat)
    out = rename(out, scope[:-1])
    out._shape = TensorShape(shape).merge_with(out.shape)
    return out


def one_hot(indices, depth, on_value=None, off_value=None, axis=None,
            dtype=None, name=None):
    """One-hot rows: on_value at each index, off_value elsewhere, along a new
    dim of size `depth` at `axis` (last by default). Out-of-range indices
    give all-off rows."""
    i = convert_to_tensor(indices)
    if i.dtype not in (_dt.int32, _dt.int64):
        raise TypeError("one_hot: indices must be int32 or int64, got %s"
                        % i.dtype.name)
    for v, what in ((on_value, "on_value"), (off_value, "off_value")):
        if isinstance(v, Tensor):
            raise TypeError("one_hot: %s must be a Python number" % what)
    if dtype is None:
        dtype = _dt.float32
        for v in (on_value, off_value):
            if v is not None:
                dtype = _dt.as_dtype(to_numpy(v).dtype)
                break
    dt = _dt.as_dtype(dtype)
    depth = int(depth)
    if depth < 0:
        raise ValueError("one_hot: depth must be non-negative, got %d"
                         % depth)
    rank = _rank(i, "OneHot", name)
    axis = -1 if axis is None else int(axis)
    if not -1 <= axis <= rank:
        raise ValueError("one_hot: axis %d out of range for indices of rank "
                         "%d" % (axis, rank))
    shape = list(i.shape.dims)
    shape.insert(rank if axis == -1 else axis, depth)
    attrs = {"depth": _int(depth),
             "on_value": _float(1 if on_value is None else on_value),
             "off_value": _float(0 if off_value is None else off_value),
             "axis": _int(axis), "dtype": _type(dt)}
    return _one("OneHot", [i], attrs, dt, shape, name=name)


TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002
    """The k largest entries along the last dim, best first (ties: lower
    index first), and their int32 indices."""
    x = convert_to_tensor(input)
    _check_kinds(x, "fi", "TopKV2", name, "input")
    rank = _rank(x, "TopKV2", name)
    if rank < 1:
        raise ValueError("top_k: input must have rank >= 1")
    k = int(k)
    last = x.shape[-1]
    if k < 0 or (last is not None and k > last):
        raise ValueError("input must have at least k=%d columns, got shape "
                         "%s for %s" % (k, format_shape(x.shape),
                                        _desc("TopKV2", name)))
    shape = list(x.shape.dims[:-1]) + [k]
    op = _op("TopKV2", [x], {"k": _int(k), "sorted": _bool(sorted)},
             [(x.dtype, shape), (_dt.int32, shape)], name=name)
    return TopKV2(*op.outputs)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums the slices of `data` with the same segment id into row id of a
    [num_segments] + data.shape[ids.rank:] result; negative ids are
    dropped and an id >= num_segments is an error, as in TensorFlow."""
    d = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids)
    if ids.dtype not in (_dt.int32, _dt.int64):
        raise TypeError("unsorted_segment_sum: segment_ids must be int32 or "
                        "int64, got %s" % ids.dtype.name)
    if isinstance(num_segments, Tensor):
        raise TypeError("unsorted_segment_sum: num_segments must be a "
                        "Python int")
    n = int(num_segments)
    drank = _rank(d, "UnsortedSegmentSum", name)
    irank = _rank(ids, "UnsortedSegmentSum", name)
    try:
        if irank > drank:
            raise ValueError()
        TensorShape(d.shape.dims[:irank]).merge_with(ids.shape)
    except ValueError:
        raise ValueError("unsorted_segment_sum: segment_ids shape %s must "
                         "be a prefix of data shape %s"
                         % (format_shape(ids.shape),
                            format_shape(d.shape))) from None
    return _one("UnsortedSegmentSum", [d, ids],
                {"num_segments": _int(n)}, d.dtype,
                [n] + list(d.shape.dims[irank:]), name=name)


def shape(input, name=None, out_type=_dt.int32):
    """The shape: a constant when it is fully known, else a Shape node
    (the dims only the run knows come from the input then)."""
    x = convert_to_tensor(input)
    out_type = _dt.as_dtype(out_type)
    if x.shape.is_fully_defined():
        return constant(np.array(x.shape.as_list(), out_type.as_numpy_dtype),
                        name=name or "Shape")
    if x.shape.rank is None:
        raise ValueError("tf.shape of %s, whose rank is unknown" % x.name)
    return _one("Shape", [x], {"out_type": ("type", out_type)}, out_type,
                [x.shape.rank], name=name)


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """`tensor` with the rows `indices` names replaced by `updates`; one row
    (indices of shape [1, 1], updates [1, ...]) is supported."""
    tensor = convert_to_tensor(tensor)
    indices = convert_to_tensor(indices, dtype_hint=_dt.int32)
    updates = convert_to_tensor(updates, dtype_hint=tensor.dtype)
    if indices.shape.as_list() != [1, 1] or \
            updates.shape.rank != tensor.shape.rank or \
            updates.shape.dims[0] not in (None, 1):
        raise NotImplementedError(
            "tensor_scatter_nd_update of one row only (indices [1, 1], "
            "updates [1, ...]), got indices %s and updates %s"
            % (format_shape(indices.shape), format_shape(updates.shape)))
    if updates.dtype != tensor.dtype:
        raise TypeError("tensor_scatter_nd_update: updates are %s, the "
                        "tensor %s" % (updates.dtype.name, tensor.dtype.name))
    return _one("TensorScatterUpdate", [tensor, indices, updates], {},
                tensor.dtype, tensor.shape, name=name)


# --- Tensor operators -------------------------------------------------------

def _getitem(x, key):
    """Basic indexing: ints, slices (a step other than 1 needs the dim
    known: a gather of the positions), Ellipsis and None."""
    if not isinstance(key, tuple):
        key = (key,)
    rank = _rank(x, "StridedSlice", None)
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    if sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis")
    if n_real > rank:
        raise IndexError("too many indices for %s of rank %d"
                         % (x.name, rank))
    expanded = []
    for k in key:
        if k is Ellipsis:
            expanded.extend([builtin_slice(None)] * (rank - n_real))
        else:
            expanded.append(k)
    if Ellipsis not in key:
        expanded.extend([builtin_slice(None)] * (rank - n_real))
    begin, size, squeeze_axes, new_axes = [], [], [], []
    strided = []  # (axis, positions) of slices with a step other than 1
    d = 0
    out_pos = 0
    for k in expanded:
        if k is None:
            new_axes.append(out_pos)
            out_pos += 1
            continue
        dim = x.shape[d]
        if isinstance(k, Tensor):
            raise TypeError("tensor indices are not supported; use "
                            "tfcc.gather")
        if isinstance(k, (int, np.integer)) and not isinstance(k, bool):
            k = int(k)
            if k < 0:
                if dim is None:
                    raise IndexError("negative index %d on unknown dim %d "
                                     "of %s" % (k, d, x.name))
                k += dim
            if k < 0 or (dim is not None and k >= dim):
                raise IndexError("index %d is out of bounds for dim %d of "
                                 "%s (size %s)" % (k, d, x.name, dim))
            begin.append(k)
            size.append(1)
            squeeze_axes.append(d)
        elif isinstance(k, builtin_slice) and k.step not in (None, 1):
            if dim is None:
                raise NotImplementedError(
                    "a slice with step %s of the unknown dim %d of %s"
                    % (k.step, d, x.name))
            strided.append((d, list(range(*k.indices(dim)))))
            begin.append(0)
            size.append(dim)
            out_pos += 1
        elif isinstance(k, builtin_slice):
            start, stop = k.start, k.stop
            if (start is not None and start < 0) or \
                    (stop is not None and stop < 0):
                if dim is None:
                    raise IndexError("negative slice bounds on unknown dim "
                                     "%d of %s" % (d, x.name))
            if dim is not None:
                start, stop, _ = k.indices(dim)
                stop = max(stop, start)
                begin.append(start)
                size.append(stop - start)
            else:
                start = start or 0
                begin.append(start)
                size.append(-1 if stop is None else max(stop - start, 0))
            out_pos += 1
        else:
            raise TypeError("unsupported index %r" % (k,))
        d += 1
    y = x
    if any(b != 0 for b in begin) or any(
            s != -1 and s != x.shape[i] for i, s in enumerate(size)):
        y = slice(x, begin, size)
    for axis, positions in strided:
        y = gather(y, constant(np.array(positions, np.int32)), axis=axis)
    if squeeze_axes:
        y = squeeze(y, squeeze_axes)
    for a in new_axes:
        y = expand_dims(y, a)
    return y


def _flat_index(indices, dims, what):
    """indices [..., K] into the first K dims (static) as row-major
    positions in their product, and that product."""
    k = indices.shape[-1] if indices.shape.rank else None
    if k == 0:
        raise NotImplementedError("%s of index tuples of length 0" % what)
    if k is None or k > len(dims) or None in dims[:k]:
        raise ValueError("%s: the last dim of indices (%s) must be known "
                         "and at most the rank, and the first dims it "
                         "indexes known, got %s" % (what, k, dims))
    if indices.dtype == _dt.int32 and \
            np.prod(dims[:k], dtype=np.int64) >= 2**31:
        indices = cast(indices, _dt.int64)  # positions past int32
    flat = None
    stride = 1
    for axis in reversed(range(k)):
        part = squeeze(slice(indices, [0] * (indices.shape.rank - 1) +
                             [axis], [-1] * (indices.shape.rank - 1) + [1]),
                       [indices.shape.rank - 1])
        if stride != 1:
            part = multiply(part, constant(stride, indices.dtype))
        flat = part if flat is None else add(flat, part)
        stride *= dims[axis]
    return flat, int(np.prod(dims[:k], dtype=np.int64)), k


def gather_nd(params, indices, name=None, batch_dims=0):
    """params at the index tuples of the last dim of `indices`: the result
    has shape indices.shape[:-1] + params.shape[K:]. A gather of the
    row-major positions, so the first K dims of params must be known; an
    index tuple is checked as a whole position (one component past its dim
    that lands inside the array is not an error, TensorFlow's is)."""
    if batch_dims:
        raise NotImplementedError("gather_nd(batch_dims=%d)" % batch_dims)
    p = convert_to_tensor(params)
    i = convert_to_tensor(indices)
    if i.dtype not in (_dt.int32, _dt.int64):
        raise TypeError("gather_nd: indices must be int32 or int64, got %s"
                        % i.dtype.name)
    dims = p.shape.as_list() if p.shape.rank is not None else []
    g = _g()
    with g.name_scope(name or "GatherNd") as scope:
        flat, n, k = _flat_index(i, dims, "gather_nd")
        rows = reshape(p, [n] + dims[k:]) if k != 1 else p
        out = gather(rows, flat)
    return rename(out, scope[:-1])


def scatter_nd(indices, updates, shape, name=None):
    """A tensor of `shape` (static) of zeros with updates[i...] added at
    the index tuples indices[i..., :] (repeated ones add up)."""
    i = convert_to_tensor(indices)
    u = convert_to_tensor(updates)
    dims = _static_ints(shape, "scatter_nd shape")
    g = _g()
    with g.name_scope(name or "ScatterNd") as scope:
        flat, n, k = _flat_index(i, dims, "scatter_nd")
        out = unsorted_segment_sum(u, flat, n)
        if k != 1:
            out = reshape(out, dims)
    return rename(out, scope[:-1])


def einsum(equation, *inputs, **kwargs):
    """Einstein summation of one or two operands ("ij,jk->ik",
    "bij,bkj->bik", "ij->j", ...) as transposes, sums and one batched
    matmul; an index repeated within one operand (a diagonal) and
    ellipses are not supported. Without "->", the output is the indices
    that appear once, sorted."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError("einsum: unexpected arguments %s" % sorted(kwargs))
    eq = equation.replace(" ", "")
    if "." in eq:
        raise NotImplementedError("einsum with an ellipsis: %s" % equation)
    lhs, _, out = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(inputs) or len(terms) not in (1, 2):
        raise ValueError("einsum %r: %d operands for %d terms (1 or 2 "
                         "supported)" % (equation, len(inputs), len(terms)))
    if "->" not in eq:
        out = "".join(sorted(c for c in set(lhs.replace(",", ""))
                             if lhs.count(c) == 1))
    xs = [convert_to_tensor(t) for t in inputs]
    for term, x in zip(terms, xs):
        if len(set(term)) != len(term):
            raise NotImplementedError("einsum: index repeated in %r" % term)
        if x.shape.rank != len(term):
            raise ValueError("einsum: %r has %d indices, its operand rank %s"
                             % (term, len(term), x.shape.rank))
    g = _g()
    with g.name_scope(name or "einsum") as scope:
        # Indices in one operand only and not in the output: summed away.
        for n, term in enumerate(terms):
            others = "".join(terms[:n] + terms[n + 1:]) + out
            gone = [a for a, c in enumerate(term) if c not in others]
            if gone:
                xs[n] = reduce_sum(xs[n], gone)
                terms[n] = "".join(c for c in term if c in others)
        if len(xs) == 1:
            y, have = xs[0], terms[0]
        else:
            y, have = _einsum_pair(xs[0], xs[1], terms[0], terms[1], out)
        if sorted(have) != sorted(out):
            raise ValueError("einsum %r: output indices %r not among the "
                             "operands'" % (equation, out))
        if have != out:
            y = transpose(y, [have.index(c) for c in out])
    return rename(y, scope[:-1])


def _einsum_pair(a, b, ta, tb, out):
    """a and b contracted over their shared indices that are not in `out`:
    a [batch, free_a, contracted] @ b [batch, contracted, free_b]."""
    batch = [c for c in ta if c in tb and c in out]
    contracted = [c for c in ta if c in tb and c not in out]
    free_a = [c for c in ta if c not in tb]
    free_b = [c for c in tb if c not in ta]

    def size(x, term, c):
        return x.shape[term.index(c)]

    def grouped(x, term, groups):
        order = [c for grp in groups for c in grp]
        dims = []
        for grp in groups:
            ds = [size(x, term, c) for c in grp]
            if None in ds and len(grp) > 1:
                raise NotImplementedError("einsum: merging the indices %s "
                                          "needs their sizes" % grp)
            dims.append(-1 if None in ds else int(np.prod(ds,
                                                          dtype=np.int64)))
        if dims.count(-1) > 1:
            raise NotImplementedError("einsum: more than one unknown dim "
                                      "in %r" % term)
        if order != list(term):
            x = transpose(x, [term.index(c) for c in order])
        return reshape(x, dims)

    a3 = grouped(a, ta, [batch, free_a, contracted])
    b3 = grouped(b, tb, [batch, contracted, free_b])
    y = matmul(a3, b3)
    dims = [size(a, ta, c) for c in batch + free_a] + \
        [size(b, tb, c) for c in free_b]
    if dims.count(None) > 1:
        raise NotImplementedError("einsum: more than one unknown dim in "
                                  "the result")
    y = reshape(y, [-1 if d is None else d for d in dims])
    return y, "".join(batch + free_a + free_b)


def dynamic_partition(data, partitions, num_partitions, name=None):
    """num_partitions tensors: output i holds the rows of `data` (along its
    first dimension) whose entry of `partitions` (int32, 1-D) is i, in
    order. The outputs' first dims are known only at run time."""
    data = convert_to_tensor(data)
    partitions = convert_to_tensor(partitions, dtype_hint=_dt.int32)
    if partitions.dtype != _dt.int32 or partitions.shape.rank != 1:
        raise NotImplementedError(
            "dynamic_partition of int32 partitions of rank 1 (over data's "
            "first dimension), got %s %s" % (partitions.dtype.name,
                                             format_shape(partitions.shape)))
    rank = _rank(data, "DynamicPartition", name)
    if rank < 1:
        raise ValueError("dynamic_partition needs data of rank >= 1")
    n = int(num_partitions)
    if n < 1:
        raise ValueError("num_partitions must be at least 1, got %d" % n)
    shape = [None] + data.shape.as_list()[1:]
    return list(_op("DynamicPartition", [data, partitions],
                    {"num_partitions": _int(n)},
                    [(data.dtype, shape)] * n, name=name).outputs)


def dynamic_stitch(indices, data, name=None):
    """The tensor whose row indices[m][i...] is data[m][i...] (int32
    indices; a later m wins where they repeat), with max(index) + 1 rows;
    a row no index names holds some data row (TensorFlow leaves it
    undefined)."""
    indices = [convert_to_tensor(i, dtype_hint=_dt.int32) for i in indices]
    data = [convert_to_tensor(d) for d in data]
    if not indices or len(indices) != len(data):
        raise ValueError("dynamic_stitch needs as many data as indices, "
                         "got %d and %d" % (len(indices), len(data)))
    for i, d in zip(indices, data):
        if i.dtype != _dt.int32 or i.shape.rank is None or \
                d.shape.rank is None or d.shape.rank < i.shape.rank:
            raise ValueError("dynamic_stitch: indices %s (int32) must be a "
                             "prefix of data %s"
                             % (format_shape(i.shape), format_shape(d.shape)))
        if d.dtype != data[0].dtype:
            raise TypeError("dynamic_stitch: data of dtypes %s and %s"
                            % (data[0].dtype.name, d.dtype.name))
    rest = data[0].shape.as_list()[indices[0].shape.rank:]
    return _one("DynamicStitch", indices + data, {}, data[0].dtype,
                [None] + rest, name=name)


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The entries of `tensor` where `mask` (bool, of the shape of its
    first dims) is true, flattened over those dims: shape [count] +
    tensor.shape[mask.rank:], count known only at run time."""
    tensor = convert_to_tensor(tensor)
    mask = convert_to_tensor(mask)
    if axis not in (None, 0):
        raise NotImplementedError("boolean_mask(axis=%s)" % axis)
    if mask.dtype != _dt.bool or mask.shape.rank is None or \
            mask.shape.rank < 1:
        raise ValueError("boolean_mask: mask must be a bool tensor of known "
                         "rank >= 1, got %s %s" % (mask.dtype.name,
                                                   format_shape(mask.shape)))
    k = mask.shape.rank
    dims = tensor.shape.as_list() if tensor.shape.rank is not None else None
    if dims is None or len(dims) < k:
        raise ValueError("boolean_mask: mask %s must cover the first dims "
                         "of the tensor %s" % (format_shape(mask.shape),
                                               format_shape(tensor.shape)))
    g = _g()
    with g.name_scope(name) as scope:
        if k > 1:
            lead, rest = dims[:k], dims[k:]
            if None in rest or lead.count(None) > 0 and len(lead) > 1 and \
                    None in lead[1:]:
                raise NotImplementedError("boolean_mask over %d dims needs "
                                          "their sizes" % k)
            tensor = reshape(tensor, [-1] + rest)
            mask = reshape(mask, [-1])
        parts = dynamic_partition(tensor, cast(mask, _dt.int32), 2)
    return rename(parts[1], scope[:-1])


builtin_slice = __builtins__["slice"] if isinstance(__builtins__, dict) \
    else __builtins__.slice


def _install_operators():
    def binop(fn, reverse=False):
        if reverse:
            return lambda self, other: fn(other, self)
        return lambda self, other: fn(self, other)

    T = Tensor
    T.__add__, T.__radd__ = binop(add), binop(add, True)
    T.__sub__, T.__rsub__ = binop(subtract), binop(subtract, True)
    T.__mul__, T.__rmul__ = binop(multiply), binop(multiply, True)
    T.__truediv__ = binop(divide)
    T.__rtruediv__ = binop(divide, True)
    T.__floordiv__ = binop(floordiv)
    T.__rfloordiv__ = binop(floordiv, True)
    T.__mod__, T.__rmod__ = binop(floormod), binop(floormod, True)
    T.__pow__, T.__rpow__ = binop(pow), binop(pow, True)
    T.__matmul__, T.__rmatmul__ = binop(matmul), binop(matmul, True)
    T.__lt__, T.__le__ = binop(less), binop(less_equal)
    T.__gt__, T.__ge__ = binop(greater), binop(greater_equal)
    T.__and__, T.__rand__ = binop(logical_and), binop(logical_and, True)
    T.__or__, T.__ror__ = binop(logical_or), binop(logical_or, True)
    T.__xor__, T.__rxor__ = binop(logical_xor), binop(logical_xor, True)
    T.__neg__ = lambda self: negative(self)
    T.__abs__ = lambda self: abs(self)
    T.__invert__ = lambda self: logical_not(self)
    T.__getitem__ = _getitem


_install_operators()


# --- compositions of the ops above (TF 1.15's math_ops, clip_ops) ----------

def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None,
                     reduction_indices=None, keep_dims=None):
    """log(sum(exp(x))) over `axis`, computed as max + log(sum(exp(x - max)))
    so that large values do not overflow (TF's form: the max is held
    constant for the gradient, which is softmax either way)."""
    x = convert_to_tensor(input_tensor)
    keep = bool(keepdims if keepdims is not None else keep_dims)
    axis = axis if axis is not None else reduction_indices
    with _g().name_scope(name or "ReduceLogSumExp"):
        top = stop_gradient(reduce_max(x, axis, keepdims=True))
        out = log(reduce_sum(exp(x - top), axis, keepdims=True)) + top
        if keep:
            return out
        dims = range(x.shape.rank) if axis is None else \
            [_norm_axis(a, x.shape.rank, "ReduceLogSumExp", name)
             for a in (axis if isinstance(axis, (list, tuple)) else [axis])]
        return squeeze(out, sorted(dims)) if list(dims) else out


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None,
         keep_dims=None):
    """The vector norm over `axis` (all entries when None): "euclidean"
    or 2, 1, or np.inf. Matrix norms (two axes) are not supported."""
    x = convert_to_tensor(tensor)
    keep = bool(keepdims if keepdims is not None else keep_dims)
    if isinstance(axis, (list, tuple)) and len(axis) != 1:
        raise NotImplementedError("tf.norm over two axes (matrix norms) is "
                                  "not supported")
    if isinstance(axis, (list, tuple)):
        axis = axis[0]
    with _g().name_scope(name or "norm"):
        if ord in ("euclidean", 2, 2.0):
            return sqrt(reduce_sum(x * x, axis, keepdims=keep))
        if ord in (1, 1.0):
            return reduce_sum(abs(x), axis, keepdims=keep)
        if ord == np.inf:
            return reduce_max(abs(x), axis, keepdims=keep)
        raise ValueError("tf.norm: ord must be 'euclidean', 1, 2 or np.inf, "
                         "got %r" % (ord,))


def global_norm(t_list, name=None):
    """sqrt(sum of the squared L2 norms of t_list); None entries are
    skipped."""
    ts = [convert_to_tensor(t) for t in t_list if t is not None]
    if not ts:
        raise ValueError("global_norm needs at least one tensor")
    with _g().name_scope(name or "global_norm"):
        return sqrt(add_n([reduce_sum(t * t) for t in ts]))


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """t * clip_norm / max(||t||, clip_norm) with the L2 norm over `axes`
    (all when None)."""
    t = convert_to_tensor(t)
    with _g().name_scope(name or "clip_by_norm"):
        clip = convert_to_tensor(clip_norm, dtype_hint=t.dtype)
        l2 = sqrt(reduce_sum(t * t, axes, keepdims=True))
        return t * clip / maximum(l2, clip)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """TF's: (each t * clip_norm / max(global_norm, clip_norm), the global
    norm); None entries stay None."""
    t_list = list(t_list)
    with _g().name_scope(name or "clip_by_global_norm"):
        norm_ = global_norm(t_list) if use_norm is None else \
            convert_to_tensor(use_norm)
        clip = convert_to_tensor(clip_norm, dtype_hint=norm_.dtype)
        scale = clip / maximum(norm_, clip)
        clipped = [None if t is None else
                   identity(convert_to_tensor(t) *
                            cast(scale, convert_to_tensor(t).dtype))
                   for t in t_list]
    return clipped, norm_


def tile(input, multiples, name=None):  # noqa: A002 (tf.tile)
    """input repeated `multiples[i]` times along dim i (a broadcast of the
    input with a unit dim before each of its dims, then a reshape); the
    input's shape and multiples must be known."""
    x = convert_to_tensor(input)
    reps = _static_ints(multiples, "tile multiples")
    if x.shape.rank is None or len(reps) != x.shape.rank:
        raise ValueError("tile: multiples %s must have one entry per dim of "
                         "%s" % (reps, format_shape(x.shape)))
    if not x.shape.is_fully_defined():
        raise NotImplementedError("tile of %s: the shape must be known"
                                  % format_shape(x.shape))
    dims = x.shape.as_list()
    with _g().name_scope(name or "Tile"):
        spread = reshape(x, [v for d in dims for v in (1, d)])
        big = broadcast_to(spread, [v for r, d in zip(reps, dims)
                                    for v in (r, d)])
        return reshape(big, [r * d for r, d in zip(reps, dims)])


def range_(start, limit=None, delta=1, dtype=None, name="range"):
    """[start, start + delta, ...) up to limit, as a constant: the bounds
    must be Python numbers (int32 for ints, float32 for floats, unless
    dtype says)."""
    if limit is None:
        start, limit = 0, start
    for v in (start, limit, delta):
        if isinstance(v, Tensor):
            raise NotImplementedError("tf.range with tensor bounds is not "
                                      "supported")
    if delta == 0:
        raise ValueError("tf.range: delta must not be 0")
    values = np.arange(start, limit, delta)
    if dtype is None:
        dtype = _dt.float32 if any(isinstance(v, float)
                                   for v in (start, limit, delta)) \
            else _dt.int32
    return constant(values.astype(_dt.as_dtype(dtype).as_numpy_dtype),
                    name=name)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along `axis` (an int); `exclusive` leaves each element
    out of its own sum, `reverse` sums from the end."""
    x = convert_to_tensor(x)
    _check_kinds(x, "fi", "Cumsum", name, "x")
    rank = _rank(x, "Cumsum", name)
    axis = _norm_axis(axis, rank, "Cumsum", name)
    return _one("Cumsum", [x], {"axis": _int(axis),
                                "exclusive": _bool(exclusive),
                                "reverse": _bool(reverse)},
                x.dtype, x.shape, name=name)
