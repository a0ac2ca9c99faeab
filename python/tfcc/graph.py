"""Graph, Operation, Tensor and TensorShape: a TensorFlow 1 style dataflow
graph, built in Python and exported to the .tfg format."""

import contextlib
import secrets
import threading

import numpy as np

from . import dtypes as _dtypes

__all__ = ["Graph", "Operation", "Tensor", "TensorShape", "get_default_graph",
           "reset_default_graph", "name_scope", "device",
           "control_dependencies", "set_random_seed", "convert_to_tensor",
           "add_to_collection", "get_collection", "get_collection_ref"]


class TensorShape:
    """A static shape: a tuple of dims (None where unknown), or unknown
    rank (dims is None)."""

    def __init__(self, dims):
        if isinstance(dims, TensorShape):
            dims = dims.dims
        if dims is None:
            self.dims = None
        else:
            if isinstance(dims, (int, np.integer)):
                dims = [dims]
            out = []
            for d in dims:
                if d is None or (isinstance(d, (int, np.integer)) and d == -1
                                 and not isinstance(d, bool)):
                    out.append(None)
                elif isinstance(d, (int, np.integer)) and \
                        not isinstance(d, bool) and d >= 0:
                    out.append(int(d))
                else:
                    raise ValueError("invalid dimension %r in shape %r"
                                     % (d, dims))
            self.dims = tuple(out)

    @property
    def rank(self):
        return None if self.dims is None else len(self.dims)

    ndims = rank

    def as_list(self):
        if self.dims is None:
            raise ValueError("as_list() is not defined on an unknown "
                             "TensorShape.")
        return list(self.dims)

    def is_fully_defined(self):
        return self.dims is not None and None not in self.dims

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        return int(np.prod(self.dims, dtype=np.int64))

    def __len__(self):
        if self.dims is None:
            raise ValueError("Cannot take the length of shape with unknown "
                             "rank.")
        return len(self.dims)

    def __iter__(self):
        if self.dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self.dims)

    def __getitem__(self, key):
        if self.dims is None:
            return None if isinstance(key, int) else TensorShape(None)
        if isinstance(key, slice):
            return TensorShape(self.dims[key])
        return self.dims[key]

    def __eq__(self, other):
        if isinstance(other, TensorShape):
            return self.dims == other.dims
        if isinstance(other, (list, tuple)):
            return self.dims is not None and self.dims == tuple(other)
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self.dims)

    def __repr__(self):
        return "TensorShape(%s)" % (None if self.dims is None
                                    else list(self.dims))

    def __str__(self):
        if self.dims is None:
            return "<unknown>"
        return "(" + ", ".join("None" if d is None else str(d)
                               for d in self.dims) + \
            ("," if len(self.dims) == 1 else "") + ")"

    def merge_with(self, other):
        other = TensorShape(other)
        if self.dims is None:
            return other
        if other.dims is None:
            return self
        if len(self.dims) != len(other.dims):
            raise ValueError("Shapes %s and %s are not compatible"
                             % (self, other))
        out = []
        for a, b in zip(self.dims, other.dims):
            if a is not None and b is not None and a != b:
                raise ValueError("Shapes %s and %s are not compatible"
                                 % (self, other))
            out.append(a if a is not None else b)
        return TensorShape(out)


def format_shape(shape):
    """TF's style in error messages: [?,784]."""
    shape = TensorShape(shape)
    if shape.dims is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d)
                          for d in shape.dims) + "]"


class Tensor:
    """One output of an Operation: a symbolic value with a dtype and a static
    shape. `==` is identity, as in TF1; use tfcc.equal for elementwise."""

    # numpy defers `array + tensor` to Tensor.__radd__.
    __array_priority__ = 100

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = TensorShape(shape)
        self._consumers = []

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op.graph)
    device = property(lambda self: self._op.device)

    @property
    def name(self):
        return "%s:%d" % (self._op.name, self._value_index)

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        self._shape = self._shape.merge_with(shape)

    def consumers(self):
        return list(self._consumers)

    def tfg_name(self):
        """The name of this tensor in a .tfg file and in a compiled module's
        signature: "op" for output 0, "op:k" otherwise."""
        if self._value_index == 0:
            return self._op.name
        return self.name

    def __repr__(self):
        return "<tfcc.Tensor '%s' shape=%s dtype=%s>" % (
            self.name, self._shape, self._dtype.name)

    def eval(self, feed_dict=None, session=None):
        """The tensor's value: session.run(self, feed_dict), in `session`
        or the default one (`with tf.Session():`, tf.InteractiveSession)."""
        return _session_for(session, "evaluate tensor using `eval()`").run(
            self, feed_dict)

    def __bool__(self):
        raise TypeError("Using a tfcc.Tensor as a Python bool is not "
                        "allowed. Use `if t is not None:` to test for None, "
                        "or tfcc.cond-free arithmetic on its value.")

    def __iter__(self):
        raise TypeError("Tensor objects are not iterable; use tfcc.split or "
                        "slicing.")

    def __len__(self):
        raise TypeError("len is not well defined for symbolic Tensors; use "
                        "tensor.shape")

    __hash__ = object.__hash__

    # Operator overloads are attached by tfcc.ops (they need the ops).


class Operation:
    """A node of the graph: an op type, data inputs, attributes, a device
    hint, control inputs and its output tensors."""

    def __init__(self, graph, op_type, name, inputs, attrs, outputs,
                 control_inputs, device):
        self._graph = graph
        self.type = op_type
        self.name = name
        self._inputs = tuple(inputs)
        self.attrs = dict(attrs)  # name -> (kind, value)
        self.control_inputs = list(control_inputs)
        self.device = device or ""
        self._outputs = [Tensor(self, i, dt, shape)
                         for i, (dt, shape) in enumerate(outputs)]
        for t in self._inputs:
            t._consumers.append(self)

    graph = property(lambda self: self._graph)
    inputs = property(lambda self: self._inputs)
    outputs = property(lambda self: list(self._outputs))

    def get_attr(self, name):
        return self.attrs[name][1]

    def __repr__(self):
        return "<tfcc.Operation '%s' type=%s>" % (self.name, self.type)

    def run(self, feed_dict=None, session=None):
        """Runs the op (session.run(self, feed_dict)) in `session` or the
        default one."""
        _session_for(session, "execute operation using `run()`").run(
            self, feed_dict)


def _session_for(session, what):
    if session is None:
        from .session import get_default_session
        session = get_default_session()
    if session is None:
        raise ValueError("Cannot %s: No default session is registered. Use "
                         "`with sess.as_default()` or pass an explicit "
                         "session to `%s(session=sess)`"
                         % (what, "eval" if "eval" in what else "run"))
    return session


class Graph:
    """A dataflow graph. Ops are added to the default graph
    (tfcc.get_default_graph()) unless another is made the default with
    `with g.as_default():`."""

    def __init__(self):
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        self._name_stack = ""
        self._device_stack = [""]
        self._colocation_stack = []
        self._control_stack = []
        self.seed = None
        self._random_ops = 0
        self._collections = {}
        # Variable initializers (their Assign ops) -> the Variable: a Session
        # runs them in Python, without compiling.
        self._initializer_ops = {}

    # --- collections ------------------------------------------------------
    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        for name in ([names] if isinstance(names, str) else names):
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        """A copy of the collection; with `scope`, only the items whose name
        starts with it."""
        items = list(self._collections.get(name, []))
        if scope is None:
            return items
        return [v for v in items
                if getattr(v, "name", "").startswith(scope)]

    def get_all_collection_keys(self):
        return sorted(self._collections)

    def clear_collection(self, name):
        self._collections.pop(name, None)

    # --- naming ---------------------------------------------------------
    def unique_name(self, name, mark_as_used=True):
        """`name` under the current name scope, with a _N suffix when it is
        taken, as TensorFlow names ops."""
        if self._name_stack:
            name = self._name_stack + "/" + name
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            # TensorFlow's scheme: the first free name_<i>, i counting on.
            base = key
            while key in self._names_in_use:
                key = "%s_%d" % (base, i)
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = "%s_%d" % (name, i - 1)
        return name

    @contextlib.contextmanager
    def name_scope(self, name):
        """Prefixes the names of the ops created inside with `name/`.
        A name ending in "/" re-enters that exact scope; None or "" goes
        back to the root."""
        old = self._name_stack
        if not name:
            new = ""
        elif name.endswith("/"):
            new = name[:-1]
        else:
            _check_name(name)
            new = self.unique_name(name)
        self._name_stack = new
        try:
            yield new + "/" if new else ""
        finally:
            self._name_stack = old

    def get_name_scope(self):
        return self._name_stack

    @contextlib.contextmanager
    def device(self, device_name):
        """Records `device_name` (e.g. "/gpu:0") as the placement hint of the
        ops created inside; None clears it."""
        if device_name is not None and not isinstance(device_name, str):
            raise TypeError("device name must be a string or None, got %r"
                            % (device_name,))
        self._device_stack.append(device_name or "")
        try:
            yield
        finally:
            self._device_stack.pop()

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        """Ops created inside go to the device of `op` (an Operation or a
        Tensor's op), recorded as TensorFlow does: the `_class` attribute
        "loc:@<op name>", which placement honours over their own hints.
        None clears the colocation."""
        if op is not None and not isinstance(op, Operation):
            op = getattr(op, "op", None)
            if not isinstance(op, Operation):
                raise TypeError("colocate_with needs an Operation or a "
                                "Tensor")
        old = self._colocation_stack
        self._colocation_stack = ([] if ignore_existing or op is None
                                  else list(old)) + \
            ([op] if op is not None else [])
        try:
            yield
        finally:
            self._colocation_stack = old

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run after `control_inputs` (ops or tensors);
        None clears the outer dependencies."""
        if control_inputs is None:
            saved, self._control_stack = self._control_stack, []
            try:
                yield
            finally:
                self._control_stack = saved
            return
        ops = []
        for c in control_inputs:
            if isinstance(c, Tensor):
                c = c.op
            if not isinstance(c, Operation):
                raise TypeError("control input must be an Operation or "
                                "Tensor, got %r" % (c,))
            if c.graph is not self:
                raise ValueError("control input %s is from another graph"
                                 % c.name)
            ops.append(c)
        self._control_stack.append(ops)
        try:
            yield
        finally:
            self._control_stack.pop()

    @contextlib.contextmanager
    def as_default(self):
        _default_graph_stack.stack.append(self)
        try:
            yield self
        finally:
            _default_graph_stack.stack.pop()

    # --- ops --------------------------------------------------------------
    def create_op(self, op_type, inputs, attrs, outputs, name=None,
                  default_name=None, exact_name=None):
        """Adds an op. `outputs` is a list of (dtype, shape); shapes and
        dtypes were inferred (and checked) by the caller."""
        for t in inputs:
            if not isinstance(t, Tensor):
                raise TypeError("op input must be a Tensor, got %r" % (t,))
            if t.graph is not self:
                raise ValueError("Tensor %s must be from the same graph as "
                                 "the op being created" % t.name)
        if exact_name is None:
            if name is not None:
                _check_name(name)
            exact_name = self.unique_name(name or default_name or op_type)
        control = []
        for ops in self._control_stack:
            for c in ops:
                if c not in control:
                    control.append(c)
        device = self._device_stack[-1]
        if self._colocation_stack:
            # As TensorFlow does: the op takes the device of the op it is
            # colocated with, whatever the device scope says.
            attrs = dict(attrs or {})
            attrs["_class"] = ("string_list", [
                "loc:@" + c.name for c in self._colocation_stack])
            device = self._colocation_stack[-1].device
        op = Operation(self, op_type, exact_name, inputs, attrs, outputs,
                       control, device)
        self._ops.append(op)
        self._ops_by_name[op.name] = op
        return op

    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        try:
            return self._ops_by_name[name]
        except KeyError:
            raise KeyError("The name '%s' refers to an Operation not in the "
                           "graph." % name) from None

    def get_tensor_by_name(self, name):
        op_name, _, index = name.rpartition(":")
        if not op_name or not index.isdigit():
            raise ValueError("The name '%s' looks like an (invalid) "
                             "Operation name, not a Tensor name (op:k)."
                             % name)
        op = self.get_operation_by_name(op_name)
        if int(index) >= len(op.outputs):
            raise KeyError("The name '%s' refers to a Tensor which does not "
                           "exist: operation '%s' has %d outputs."
                           % (name, op_name, len(op.outputs)))
        return op.outputs[int(index)]

    def next_random_seed(self, op_seed):
        """(seed, seed2) of a random op as TensorFlow 1.x combines the graph
        seed and `op_seed` (tf.compat.v1.get_seed). With neither set,
        TensorFlow seeds the kernel randomly; here the seeds are drawn
        when the op is built."""
        self._random_ops += 1
        if self.seed is None and op_seed is None:
            return (secrets.randbits(62), secrets.randbits(62))
        if self.seed is None:
            seeds = (_DEFAULT_GRAPH_SEED, int(op_seed))
        else:
            seeds = (int(self.seed), self._random_ops if op_seed is None
                     else int(op_seed))
        # (0, 0) means "random" to TensorFlow's kernels.
        return (0, 2**31 - 1) if seeds == (0, 0) else seeds


# tf.compat.v1's DEFAULT_GRAPH_SEED: the graph seed of an op seeded alone.
_DEFAULT_GRAPH_SEED = 87654321


def _check_name(name):
    if not isinstance(name, str) or not name or ":" in name or \
            name.startswith("/") or "//" in name:
        raise ValueError("'%s' is not a valid op or scope name" % (name,))


class _DefaultGraphStack(threading.local):
    def __init__(self):
        self.stack = []


_default_graph_stack = _DefaultGraphStack()
_global_default_graph = Graph()


def get_default_graph():
    if _default_graph_stack.stack:
        return _default_graph_stack.stack[-1]
    return _global_default_graph


def reset_default_graph():
    """Replaces the global default graph with a new, empty one."""
    global _global_default_graph
    if _default_graph_stack.stack:
        raise AssertionError("Do not use tfcc.reset_default_graph() inside "
                             "a `with graph.as_default():` block.")
    _global_default_graph = Graph()


def name_scope(name, default_name=None, values=None):
    """tf.name_scope: ops created inside are named "name/..."."""
    return get_default_graph().name_scope(name if name is not None
                                          else default_name)


def device(device_name):
    """tf.device: a placement hint recorded on every op created inside."""
    return get_default_graph().device(device_name)


def colocate_with(op, ignore_existing=False):
    """tf.colocate_with: ops created inside run on the device of `op`."""
    return get_default_graph().colocate_with(op, ignore_existing)


def control_dependencies(control_inputs):
    return get_default_graph().control_dependencies(control_inputs)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def set_random_seed(seed):
    """The graph-level seed: random ops without their own seed become
    reproducible."""
    get_default_graph().seed = int(seed)


def _python_default(arr):
    """TensorFlow's dtypes for Python values: float -> float32, int ->
    int32 (int64 when it does not fit)."""
    if arr.dtype.kind == "f":
        return arr.astype(np.float32)
    if arr.dtype.kind in "iu":
        if arr.size == 0 or (arr.min() >= -2**31 and arr.max() < 2**31):
            return arr.astype(np.int32)
        return arr.astype(np.int64)
    return arr


def to_numpy(value, dtype=None, what="value"):
    """A numpy array for a Python or numpy value, in `dtype` when given.
    Float values to an integer dtype, or anything to bool but bools, is a
    TypeError."""
    is_numpy = isinstance(value, (np.ndarray, np.generic))
    try:
        arr = np.asarray(value)
    except Exception as e:  # ragged lists and the like
        raise TypeError("cannot convert %s %r to a tensor: %s"
                        % (what, value, e)) from None
    if arr.dtype == object:
        raise TypeError("cannot convert %s %r to a tensor" % (what, value))
    if dtype is None:
        if not is_numpy:
            arr = _python_default(arr)
        if arr.dtype.kind == "u" and arr.dtype.itemsize < 4:
            arr = arr.astype(np.int32)
        _dtypes.as_dtype(arr.dtype)  # raises for unsupported dtypes
        return arr
    dtype = _dtypes.as_dtype(dtype)
    want = dtype.as_numpy_dtype
    if arr.dtype == want:
        return arr
    ok = np.can_cast(arr.dtype, want, casting="same_kind") and \
        not (want.kind == "b" and arr.dtype.kind != "b")
    if not ok and arr.dtype.kind == "f" and want.kind in "iu" and \
            not is_numpy and np.all(np.isfinite(arr)) and \
            np.array_equal(arr, np.round(arr)):
        ok = True  # e.g. 2.0 for an int32 argument
    if not ok:
        raise TypeError("Expected %s, got %r of type '%s' instead."
                        % (dtype.name, value, arr.dtype if is_numpy else
                           type(value).__name__))
    return arr.astype(want)


def convert_to_tensor(value, dtype=None, name=None, dtype_hint=None):
    """A Tensor for `value`: Tensors pass through (their dtype must match),
    Python and numpy values become Const ops."""
    if isinstance(value, Tensor):
        if dtype is not None and _dtypes.as_dtype(dtype) != value.dtype:
            raise ValueError("Tensor conversion requested dtype %s for "
                             "Tensor with dtype %s: %r"
                             % (_dtypes.as_dtype(dtype).name,
                                value.dtype.name, value))
        return value
    if isinstance(value, Operation):
        raise TypeError("cannot use Operation %s as a tensor; use one of its "
                        "outputs" % value.name)
    if hasattr(value, "_dense"):  # IndexedSlices: the dense tensor
        return convert_to_tensor(value._dense(), dtype, name, dtype_hint)
    if isinstance(value, (list, tuple)) and any(
            isinstance(v, Tensor) for v in value):
        from . import ops  # a list holding tensors: tf.stack
        return ops.stack(list(value), name=name)
    if dtype is None and dtype_hint is not None:
        try:
            arr = to_numpy(value, dtype_hint)
        except TypeError:
            arr = to_numpy(value)
    else:
        arr = to_numpy(value, dtype)
    from . import ops
    return ops.constant(arr, name=name)
