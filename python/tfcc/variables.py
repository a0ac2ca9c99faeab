"""Variables (state that persists across Session.run calls) and the ops
that write them: tf.Variable, assign/assign_add/assign_sub, the variable
collections and their initializers.

A Variable is the output of a VariableV2 node (attrs dtype, shape,
initial_value): every op that consumes it reads the variable. Its initial
value is evaluated when the Variable is created (numpy for constant
expressions, else a one-off compile), so that the node carries it and a
compiled library starts from it."""

import contextlib

import numpy as np

from . import dtypes as _dt
from .graph import (Operation, Tensor, TensorShape, convert_to_tensor,
                    format_shape, get_default_graph, to_numpy)

__all__ = ["Variable", "GraphKeys", "assign", "assign_add", "assign_sub",
           "global_variables", "trainable_variables", "local_variables",
           "all_variables", "model_variables", "variables_initializer",
           "global_variables_initializer", "initialize_all_variables",
           "local_variables_initializer", "initialize_variables",
           "is_variable_initialized", "report_uninitialized_variables",
           "constant_value"]


class GraphKeys:
    """Standard collection names (tf.GraphKeys)."""
    GLOBAL_VARIABLES = "variables"
    VARIABLES = GLOBAL_VARIABLES
    LOCAL_VARIABLES = "local_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    GLOBAL_STEP = "global_step"
    TRAIN_OP = "train_op"
    LOSSES = "losses"
    UPDATE_OPS = "update_ops"
    REGULARIZATION_LOSSES = "regularization_losses"


ASSIGN_OPS = ("Assign", "AssignAdd", "AssignSub", "ScatterAdd", "ScatterSub",
              "ScatterUpdate")


class Variable(Tensor):
    """A variable: the output tensor of a VariableV2 node, usable wherever a
    tensor is (each use reads the current value).

        W = tf.Variable(tf.zeros([64, 10]), name="W")
        sess.run(W.initializer)        # or tf.global_variables_initializer()
        sess.run(W.assign_add(delta))

    `initial_value` is a numpy array, a Python value, a tensor computable
    from constants (tf.zeros, tf.random_normal(seed=...), arithmetic on
    them) or a callable returning one of these."""

    def __init__(self, initial_value=None, trainable=True, collections=None,
                 validate_shape=True, caching_device=None, name=None,
                 variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None,
                 synchronization=None, aggregation=None, shape=None):
        if variable_def is not None:
            raise NotImplementedError("Variable(variable_def=...) is not "
                                      "supported")
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if not validate_shape:
            raise NotImplementedError(
                "tfcc variables have a static shape: validate_shape=False "
                "is not supported")
        if isinstance(initial_value, Tensor):
            g = initial_value.graph
        else:
            g = get_default_graph()
        scope = contextlib.nullcontext()
        if getattr(g, "outer", None) is not None:
            # Inside tf.cond or tf.while_loop: TF1 creates the variable
            # outside the control flow, which then reads it.
            if isinstance(initial_value, Tensor):
                raise ValueError(
                    "Initializer for variable %s is from inside a "
                    "control-flow construct, such as a loop or conditional. "
                    "When creating a variable inside a loop or conditional, "
                    "use a lambda as the initializer." % (name or "Variable"))
            g, prefix = _lifted_name_scope(g)
            scope = g.name_scope(prefix)
        with g.as_default(), g.control_dependencies(None), scope:
            var_name = g.unique_name(name or "Variable")
            with g.name_scope(var_name + "/"):
                if callable(initial_value):
                    initial_value = initial_value()
                if isinstance(initial_value, Variable):
                    raise TypeError(
                        "the initial value of variable '%s' is the variable "
                        "%s; use its initial_value" % (var_name,
                                                       initial_value.name))
                if isinstance(initial_value, Tensor):
                    if dtype is not None and \
                            _dt.as_dtype(dtype) != initial_value.dtype:
                        from . import ops
                        initial_value = ops.cast(initial_value, dtype)
                    init_t = initial_value
                    value = constant_value(init_t, what="the initial value "
                                           "of variable '%s'" % var_name)
                else:
                    value = to_numpy(initial_value, dtype,
                                     "initial value of variable '%s'"
                                     % var_name)
                    from . import ops
                    init_t = ops.constant(value, name="initial_value")
            dt = _dt.as_dtype(value.dtype)
            var_shape = TensorShape(value.shape)
            if shape is not None or expected_shape is not None:
                want = TensorShape(shape if shape is not None
                                   else expected_shape)
                try:
                    want.merge_with(var_shape)
                except ValueError:
                    raise ValueError(
                        "variable '%s': the initial value has shape %s, not "
                        "the requested %s" % (var_name,
                                              format_shape(var_shape),
                                              format_shape(want))) from None
            value = np.array(value, dtype=dt.as_numpy_dtype, order="C")
            value.setflags(write=False)
            op = g.create_op(
                "VariableV2", [],
                {"dtype": ("type", dt), "shape": ("shape", var_shape),
                 "initial_value": ("tensor", value)},
                [(dt, var_shape)], exact_name=var_name)
            # This Variable is the node's output tensor itself, so every op
            # that consumes it sees the VariableV2 output.
            Tensor.__init__(self, op, 0, dt, var_shape)
            op._outputs[0] = self
            self._initial_value = init_t
            self._initial_numpy = value
            self._trainable = bool(trainable)
            self._snapshot = None
            with g.name_scope(var_name + "/"):
                self._initializer_op = _assign_op(
                    "Assign", self, init_t, "Assign").op
            g._initializer_ops[self._initializer_op] = self
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        g.add_to_collections(collections, self)

    # --- TF1's Variable interface -----------------------------------------
    trainable = property(lambda self: self._trainable)
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)

    def value(self):
        """A tensor holding the value read when the step runs (W/read)."""
        if self._snapshot is None:
            g = self.graph
            from . import ops
            with g.as_default(), g.control_dependencies(None), \
                    g.name_scope(self.op.name + "/"):
                self._snapshot = ops.identity(self, name="read")
        return self._snapshot

    def read_value(self):
        """The variable's value where this is called: inside a tf.cond
        branch or tf.while_loop body, after the assignments made there so
        far (TF1's fresh Identity of the variable)."""
        from . import ops
        return ops.identity(self)

    def initialized_value(self):
        """The initial value (tfcc evaluates it when the graph is built)."""
        return self._initial_value

    def assign(self, value, use_locking=None, name=None, read_value=True):
        return assign(self, value, name=name)

    def assign_add(self, delta, use_locking=None, name=None,
                   read_value=True):
        return assign_add(self, delta, name=name)

    def assign_sub(self, delta, use_locking=None, name=None,
                   read_value=True):
        return assign_sub(self, delta, name=name)

    def eval(self, session=None):
        from .session import get_default_session
        session = session or get_default_session()
        if session is None:
            raise ValueError("Cannot evaluate variable %s: no session given "
                             "and no default session" % self.name)
        return session.run(self)

    def load(self, value, session=None):
        """Sets the variable's value in `session` without running a step."""
        from .session import get_default_session
        session = session or get_default_session()
        if session is None:
            raise ValueError("Variable.load needs a session")
        session._set_variable(self, value)

    def __repr__(self):
        return "<tfcc.Variable '%s' shape=%s dtype=%s_ref>" % (
            self.name, self.shape, self.dtype.name)


def _lifted_name_scope(g):
    """The root graph of the function graph `g` and the name scope that
    the op being created in `g` has, seen from the root (its scope when the
    control flow was built, then each function's own), ending in "/"."""
    parts = []
    while getattr(g, "outer", None) is not None:
        parts.append(g.get_name_scope())
        g = g.outer
    parts.append(g.get_name_scope())
    scope = "/".join(p for p in reversed(parts) if p)
    return g, scope + "/" if scope else None  # None: the root scope


def _as_variable(ref, fn):
    if not isinstance(ref, Variable):
        if isinstance(ref, Tensor) and ref.op.type == "VariableV2":
            return ref
        raise TypeError("%s needs a tfcc.Variable as its first argument, "
                        "got %r" % (fn, ref))
    return ref


def _assign_op(op_type, ref, value, name):
    # numpy values keep their dtype (a mismatch is an error); Python values
    # take the variable's.
    if isinstance(value, (np.ndarray, np.generic)):
        value = convert_to_tensor(value)
    else:
        value = convert_to_tensor(value, dtype_hint=ref.dtype)
    if value.dtype != ref.dtype:
        raise TypeError("%s of variable '%s': the value has dtype %s, the "
                        "variable %s" % (op_type, ref.op.name,
                                         value.dtype.name, ref.dtype.name))
    try:
        ref.shape.merge_with(value.shape)
    except ValueError:
        raise ValueError("%s of variable '%s': the value has shape %s, the "
                         "variable %s" % (op_type, ref.op.name,
                                          format_shape(value.shape),
                                          format_shape(ref.shape))) from None
    return get_default_graph().create_op(
        op_type, [ref, value], {}, [(ref.dtype, ref.shape)], name=name,
        default_name=op_type).outputs[0]


def _assign_graph(ref):
    """The graph an assign of `ref` goes to: the variable's, unless this is
    a tf.cond branch or tf.while_loop body (a function graph, which says
    what it supports)."""
    g = get_default_graph()
    return g if getattr(g, "outer", None) is not None else ref.graph


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Writes `value` into the variable; the result is the new value (an
    Assign node: fetch it, or its .op, to run the assignment)."""
    ref = _as_variable(ref, "assign")
    with _assign_graph(ref).as_default():
        return _assign_op("Assign", ref, value, name)


def assign_add(ref, value, use_locking=None, name=None):
    """ref += value as one read-modify-write step (AssignAdd)."""
    ref = _as_variable(ref, "assign_add")
    with _assign_graph(ref).as_default():
        return _assign_op("AssignAdd", ref, value, name)


def assign_sub(ref, value, use_locking=None, name=None):
    """ref -= value as one read-modify-write step (AssignSub)."""
    ref = _as_variable(ref, "assign_sub")
    with _assign_graph(ref).as_default():
        return _assign_op("AssignSub", ref, value, name)


# --- collections and initializers ------------------------------------------

def global_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES,
                                              scope)


all_variables = global_variables


def trainable_variables(scope=None):
    return get_default_graph().get_collection(
        GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES,
                                              scope)


def model_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES,
                                              scope)


def variables_initializer(var_list, name="init"):
    """One op (a NoOp after every initializer) that initializes var_list."""
    from . import ops
    var_list = list(var_list)
    for v in var_list:
        if not isinstance(v, Variable):
            raise TypeError("variables_initializer: %r is not a Variable"
                            % (v,))
    g = var_list[0].graph if var_list else get_default_graph()
    with g.as_default():
        if not var_list:
            return ops.no_op(name=name)
        with g.control_dependencies([v.initializer for v in var_list]):
            return ops.no_op(name=name)


initialize_variables = variables_initializer


def global_variables_initializer():
    return variables_initializer(global_variables())


initialize_all_variables = global_variables_initializer


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init_1")


def is_variable_initialized(variable):
    """Not a graph op in tfcc: use Session.is_initialized(variable)."""
    raise NotImplementedError("tfcc has no IsVariableInitialized op; use "
                              "sess.is_initialized(variable)")


def report_uninitialized_variables(var_list=None):
    raise NotImplementedError("use sess.uninitialized_variables()")


# --- constant expressions --------------------------------------------------

def _fold_binary(fn):
    return lambda op, a: fn(a[0], a[1])


def _matmul(op, a):
    x, y = a
    if op.attrs.get("transpose_a", ("bool", False))[1]:
        x = np.swapaxes(x, -1, -2)
    if op.attrs.get("transpose_b", ("bool", False))[1]:
        y = np.swapaxes(y, -1, -2)
    return np.matmul(x, y)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


_FOLDERS = {
    "Const": lambda op, a: op.get_attr("value"),
    "Identity": lambda op, a: a[0],
    "Cast": lambda op, a: a[0].astype(op.get_attr("DstT").as_numpy_dtype),
    "Add": _fold_binary(np.add), "AddV2": _fold_binary(np.add),
    "Sub": _fold_binary(np.subtract), "Mul": _fold_binary(np.multiply),
    "RealDiv": _fold_binary(np.divide), "Maximum": _fold_binary(np.maximum),
    "Minimum": _fold_binary(np.minimum), "Pow": _fold_binary(np.power),
    "Neg": lambda op, a: -a[0], "Square": lambda op, a: a[0] * a[0],
    "Sqrt": lambda op, a: np.sqrt(a[0]), "Exp": lambda op, a: np.exp(a[0]),
    "Log": lambda op, a: np.log(a[0]), "Abs": lambda op, a: np.abs(a[0]),
    "Tanh": lambda op, a: np.tanh(a[0]),
    "Sigmoid": lambda op, a: _sigmoid(a[0]),
    "MatMul": _matmul,
}


def constant_value(tensor, what="value"):
    """The numpy value of a tensor computable from constants. Simple
    expressions are folded in numpy; others are compiled and run once.
    Raises ValueError when the value depends on a placeholder or a
    variable."""
    tensor = convert_to_tensor(tensor)
    memo = {}

    def fold(t):
        op = t.op
        fn = _FOLDERS.get(op.type)
        if fn is None or len(op.outputs) != 1:
            return None
        if op in memo:
            return memo[op]
        args = []
        for i in op.inputs:
            v = fold(i)
            if v is None:
                return None
            args.append(v)
        with np.errstate(all="ignore"):
            v = np.asarray(fn(op, args)).astype(t.dtype.as_numpy_dtype,
                                                copy=False)
        if v.dtype != t.dtype.as_numpy_dtype:
            return None
        try:
            t.shape.merge_with(v.shape)
        except ValueError:
            return None
        memo[op] = v
        return v

    v = fold(tensor)
    if v is not None:
        return np.array(v, order="C")
    # Anything else: it must not depend on feeds or state; compile it.
    seen, stack = set(), [tensor.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in ("Placeholder", "VariableV2"):
            raise ValueError(
                "%s depends on %s '%s': tfcc evaluates initial values when "
                "the graph is built, from constants only"
                % (what, "the placeholder" if op.type == "Placeholder"
                   else "the variable", op.name))
        stack.extend(i.op for i in op.inputs)
        stack.extend(op.control_inputs)
    from .api import compile as _compile
    module = _compile(fetches=[tensor], feeds=[], graph=tensor.graph,
                      name="initial_value")
    return np.array(module()[tensor.tfg_name()], order="C")


def _is_initializer(op):
    """The Variables an op initializes when it is an initializer or a
    group (NoOp) of initializers; None otherwise."""
    g = op.graph
    v = g._initializer_ops.get(op)
    if v is not None:
        return [v]
    if op.type != "NoOp" or op.inputs:
        return None
    out = []
    for c in op.control_inputs:
        sub = _is_initializer(c)
        if sub is None:
            return None
        out.extend(sub)
    return out


def is_operation(x):
    return isinstance(x, Operation)
