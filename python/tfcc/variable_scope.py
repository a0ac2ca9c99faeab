"""tf.get_variable, tf.variable_scope and the TF1 initializers.

Initializers are callables (shape, dtype) -> tensor; random ones draw with
numpy when the graph is built (reproducible with a seed or the graph seed),
so the variable's initial value is a constant."""

import contextlib
import math

import numpy as np

from . import dtypes as _dt
from . import ops as _ops
from .graph import TensorShape, get_default_graph
from .variables import Variable

__all__ = ["get_variable", "variable_scope", "get_variable_scope",
           "AUTO_REUSE", "zeros_initializer", "ones_initializer",
           "constant_initializer", "random_normal_initializer",
           "truncated_normal_initializer", "random_uniform_initializer",
           "glorot_uniform_initializer", "glorot_normal_initializer",
           "variance_scaling_initializer"]

AUTO_REUSE = "auto_reuse"


# --- initializers ------------------------------------------------------------

class Initializer:
    def __init__(self, dtype=_dt.float32):
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError


class zeros_initializer(Initializer):  # noqa: N801 (TF's name)
    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.zeros(shape, dtype or self.dtype)


class ones_initializer(Initializer):  # noqa: N801
    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.ones(shape, dtype or self.dtype)


class constant_initializer(Initializer):  # noqa: N801
    def __init__(self, value=0, dtype=_dt.float32, verify_shape=False):
        super().__init__(dtype)
        self.value = value

    def __call__(self, shape, dtype=None, partition_info=None):
        dt = _dt.as_dtype(dtype or self.dtype)
        v = np.asarray(self.value, dt.as_numpy_dtype)
        shape = list(shape)
        if v.size == 1:
            v = np.full(shape, v.reshape(()), dt.as_numpy_dtype)
        elif v.size == int(np.prod(shape, dtype=np.int64)):
            v = v.reshape(shape)
        else:
            raise ValueError("constant_initializer: %d values for shape %s"
                             % (v.size, shape))
        return _ops.constant(v)


class random_normal_initializer(Initializer):  # noqa: N801
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=_dt.float32):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.random_normal(shape, self.mean, self.stddev,
                                  dtype or self.dtype, seed=self.seed)


class truncated_normal_initializer(random_normal_initializer):  # noqa
    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.truncated_normal(shape, self.mean, self.stddev,
                                     dtype or self.dtype, seed=self.seed)


class random_uniform_initializer(Initializer):  # noqa: N801
    def __init__(self, minval=0, maxval=None, seed=None, dtype=_dt.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ops.random_uniform(shape, self.minval, self.maxval,
                                   dtype or self.dtype, seed=self.seed)


class variance_scaling_initializer(Initializer):  # noqa: N801
    """TF1's VarianceScaling: stddev sqrt(scale / n) with n the fan-in,
    fan-out or their mean; "truncated_normal" (stddev corrected for the
    truncation), "untruncated_normal" or "uniform"."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="normal",
                 seed=None, dtype=_dt.float32):
        super().__init__(dtype)
        if scale <= 0:
            raise ValueError("`scale` must be a positive float.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError("Invalid `mode` argument: %r" % (mode,))
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("truncated_normal", "untruncated_normal",
                                "uniform"):
            raise ValueError("Invalid `distribution` argument: %r"
                             % (distribution,))
        self.scale, self.mode = scale, mode
        self.distribution, self.seed = distribution, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        shape = list(shape)
        if not shape:
            fan_in = fan_out = 1
        elif len(shape) == 1:
            fan_in = fan_out = shape[0]
        else:
            receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
            fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
        n = {"fan_in": fan_in, "fan_out": fan_out,
             "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, n)
        dt = dtype or self.dtype
        if self.distribution == "truncated_normal":
            # The stddev of a unit normal truncated to [-2, 2].
            stddev = math.sqrt(scale) / .87962566103423978
            return _ops.truncated_normal(shape, 0.0, stddev, dt,
                                         seed=self.seed)
        if self.distribution == "untruncated_normal":
            return _ops.random_normal(shape, 0.0, math.sqrt(scale), dt,
                                      seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return _ops.random_uniform(shape, -limit, limit, dt, seed=self.seed)


def glorot_uniform_initializer(seed=None, dtype=_dt.float32):
    return variance_scaling_initializer(1.0, "fan_avg", "uniform", seed,
                                        dtype)


def glorot_normal_initializer(seed=None, dtype=_dt.float32):
    return variance_scaling_initializer(1.0, "fan_avg", "truncated_normal",
                                        seed, dtype)


# --- variable scopes -----------------------------------------------------------

class VariableScope:
    def __init__(self, name, reuse=None, initializer=None):
        self.name = name
        self.reuse = reuse
        self.initializer = initializer
        self.original_name_scope = name + "/" if name else ""

    def reuse_variables(self):
        self.reuse = True

    def set_initializer(self, initializer):
        self.initializer = initializer


def _root(g):
    """The graph that holds the variables: a tf.cond branch or tf.while_loop
    body (a function graph) shares its enclosing graph's, as TF1 lifts
    variable creation out of control flow."""
    while getattr(g, "outer", None) is not None:
        g = g.outer
    return g


def _scopes(g):
    g = _root(g)
    if not hasattr(g, "_variable_scopes"):
        g._variable_scopes = [VariableScope("")]
        g._scope_names = {}
        g._get_variables = {}
    return g._variable_scopes


def get_variable_scope():
    return _scopes(get_default_graph())[-1]


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None,
                   initializer=None, reuse=None, dtype=None,
                   auxiliary_name_scope=True, **kwargs):
    """Prefixes the names of get_variable's variables (and, like
    name_scope, of the ops created inside) with the scope's name; reuse=True
    or AUTO_REUSE lets get_variable return existing variables."""
    g = get_default_graph()
    stack = _scopes(g)
    outer = stack[-1]
    if isinstance(name_or_scope, VariableScope):
        full = name_or_scope.name
        reuse = name_or_scope.reuse if reuse is None else reuse
        initializer = initializer or name_or_scope.initializer
    else:
        base = name_or_scope
        if base is None:
            if default_name is None:
                raise TypeError("If default_name is None then name_or_scope "
                                "is required")
            # A default name is made unique, as TF does.
            prefix = (outer.name + "/" if outer.name else "") + default_name
            names = _root(g)._scope_names
            count = names.get(prefix, 0)
            names[prefix] = count + 1
            base = default_name if count == 0 else "%s_%d" % (default_name,
                                                              count)
        full = (outer.name + "/" if outer.name else "") + base
    if reuse is None or reuse is False:
        reuse = outer.reuse if outer.reuse else reuse
    scope = VariableScope(full, reuse, initializer or outer.initializer)
    stack.append(scope)
    try:
        if auxiliary_name_scope:
            with g.name_scope(full + "/"):
                yield scope
        else:
            yield scope
    finally:
        stack.pop()


def get_variable(name, shape=None, dtype=None, initializer=None,
                 regularizer=None, trainable=None, collections=None,
                 caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None,
                 **kwargs):
    """The variable `<scope>/name`: created (with `initializer`, the
    scope's, or glorot_uniform for floats and zeros otherwise) unless it
    exists and the scope reuses variables. Inside a tf.cond branch or a
    tf.while_loop body the variable and its initializer go to the enclosing
    graph, as in TF1, and the branch or body reads it."""
    g = _root(get_default_graph())
    scope = _scopes(g)[-1]
    full = (scope.name + "/" if scope.name else "") + name
    existing = g._get_variables.get(full)
    if existing is not None:
        if not scope.reuse:
            raise ValueError(
                "Variable %s already exists, disallowed. Did you mean to set "
                "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % full)
        if shape is not None and list(TensorShape(shape).dims) != \
                existing.shape.as_list():
            raise ValueError("Trying to share variable %s, but specified "
                             "shape %s and found shape %s."
                             % (full, TensorShape(shape), existing.shape))
        return existing
    if scope.reuse is True:
        raise ValueError("Variable %s does not exist, or was not created "
                         "with tf.get_variable(). Did you mean to set "
                         "reuse=tf.AUTO_REUSE in VarScope?" % full)
    init = initializer if initializer is not None else scope.initializer
    if init is None or (isinstance(init, type) and
                        issubclass(init, Initializer)):
        init = init() if init is not None else None
    if isinstance(init, (np.ndarray, int, float, list)) or \
            hasattr(init, "op"):
        value = init
    else:
        if shape is None:
            raise ValueError("Shape of a new variable (%s) must be fully "
                             "defined, but instead was %s." % (full, shape))
        dt = _dt.as_dtype(dtype or _dt.float32)
        if init is None:
            init = glorot_uniform_initializer() if dt.is_floating else \
                zeros_initializer()
        shape = [int(d) for d in TensorShape(shape).as_list()]
        with g.as_default(), g.control_dependencies(None), \
                g.name_scope(full + "/Initializer/"):
            value = init(shape, dt)
    with g.as_default(), g.name_scope(None):
        v = Variable(value, trainable=True if trainable is None
                     else trainable, collections=collections, name=full,
                     dtype=dtype)
    if v.op.name != full:
        raise ValueError("the name %s is taken by an op; get_variable needs "
                         "it for the variable" % full)
    g._get_variables[full] = v
    return v
