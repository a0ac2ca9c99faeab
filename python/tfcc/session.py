"""tf.Session over ahead-of-time compiled steps.

The first run of a (fetches, feeds) signature exports the subgraph it
needs to .tfg, compiles it with tfcc into a shared library and loads it (a
"step"); later runs of that signature only bind the feeds and call native
code. The session holds one numpy array per variable and binds it into
every step that uses the variable (tfcc_model_bind_variable), so all steps
share the variables; initializers are run in Python from the initial values
the graph carries. Steps are cached in memory per session and, with a cache
directory (Session(cache_dir=...), config={"cache_dir": ...} or
$TFCC_CACHE_DIR), on disk by a hash of the exported .tfg.

Concurrency: every step is its own shared library with its own copy of the
runtime, so the runtime's variable lock only serializes runs of one step.
The session keeps one lock per variable: a run holds the locks of every
variable its step binds (taken in one order, by variable name, so steps
whose variables intersect serialize and the others run in parallel), and
Python-side reads and writes of a variable (fetching it, initializers,
Variable.load, Saver) hold its lock too, so that no update is lost and no
read sees a half-written value."""

import contextlib
import ctypes
import hashlib
import os
import shutil
import sys
import tempfile
import threading

import numpy as np

from . import _build
from . import runtime as _rt
from .errors import FailedPreconditionError, InvalidArgumentError
from .export import serialize
from . import dtypes as _dt
from .graph import (Operation, Tensor, TensorShape, format_shape,
                    get_default_graph)
from .sparse import IndexedSlices, IndexedSlicesValue
from .variables import ASSIGN_OPS, _is_initializer

__all__ = ["Session", "InteractiveSession", "get_default_session",
           "compile_count"]

_I64P = _rt._I64P
_INVALID_ARGUMENT = 1  # TFCC_INVALID_ARGUMENT
_STEP_FILE = "step.tfg"  # what a step is exported to before compiling

# Compiles done by any Session in this process (tests and benchmarks check
# that a cached step does not compile again).
_counter = {"compiles": 0}


def compile_count():
    return _counter["compiles"]


class _DefaultSession(threading.local):
    def __init__(self):
        self.stack = []


_default_session = _DefaultSession()


def get_default_session():
    return _default_session.stack[-1] if _default_session.stack else None


# --- fetch structures ----------------------------------------------------------

def _flatten(fetches, leaves):
    """A description of the structure of `fetches` with its leaves
    (Tensors, Operations, names) appended to `leaves`."""
    if isinstance(fetches, (Tensor, Operation, str)):
        leaves.append(fetches)
        return None
    if isinstance(fetches, IndexedSlices):
        return _flatten(IndexedSlicesValue(fetches.values, fetches.indices,
                                           fetches.dense_shape), leaves)
    if isinstance(fetches, dict):
        return (type(fetches), [(k, _flatten(v, leaves))
                                for k, v in fetches.items()])
    if isinstance(fetches, (list, tuple)):
        return (type(fetches), [_flatten(v, leaves) for v in fetches])
    raise TypeError("Fetch argument %r has invalid type %r, must be a string "
                    "or Tensor (or an Operation, a Variable, or a list, "
                    "tuple or dict of them)" % (fetches, type(fetches)))


def _pack(structure, values, pos):
    if structure is None:
        v = values[pos[0]]
        pos[0] += 1
        return v
    kind, items = structure
    if isinstance(items, list) and items and isinstance(items[0], tuple) \
            and issubclass(kind, dict):
        out = [(k, _pack(s, values, pos)) for k, s in items]
        try:
            return kind(out)
        except TypeError:
            return dict(out)
    if issubclass(kind, dict):
        return kind()
    out = [_pack(s, values, pos) for s in items]
    if kind is list:
        return out
    if hasattr(kind, "_fields"):  # namedtuple
        return kind(*out)
    return kind(out)


def _closure(roots, fed):
    """The ops the roots need, stopping at fed tensors; also returns the fed
    tensors that are used."""
    seen, used = set(), []
    stack = list(roots)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        for t in op.inputs:
            if t in fed:
                if t not in used:
                    used.append(t)
            else:
                stack.append(t.op)
        stack.extend(op.control_inputs)
    return seen, used


def _describe_dtype(dt):
    return {"float32": "float", "float64": "double"}.get(dt.name, dt.name)


class _GeneratorState:
    """Stands for the variable in which compiled code keeps the random ops'
    generator state (tfcc-thread-random-state's counter): bound into every
    step that draws random numbers like a variable, locked like one, but
    not in the graph, so Savers and initializers leave it alone."""
    name = "tfcc:random_counter"
    dtype = _dt.int64
    shape = TensorShape([])

    class op:  # noqa: N801 -- what the variable locks sort by
        name = "tfcc:random_counter"


# --- compiled steps --------------------------------------------------------------

class _Step:
    """One compiled signature: the loaded library, its inputs (feeds) and
    outputs (fetches) in order, and the variables it reads and writes."""

    def __init__(self, session, module, feeds, fetches, read_vars,
                 written_vars):
        self.module = module  # keeps the library and instance alive
        self.lib = module._lib
        self.handle = module._handle
        self.feeds = feeds
        self.fetches = fetches
        self.read_vars = frozenset(read_vars)
        self.written_vars = frozenset(written_vars)
        self.lock = threading.Lock()
        self.variables = []
        self.var_lock = _NO_LOCK
        names = [s.name for s in module.inputs]
        if names != [t.tfg_name() for t in feeds]:
            raise _rt.ModelError("compiled step: inputs %s, expected %s"
                                 % (names, [t.tfg_name() for t in feeds]))
        names = [s.name for s in module.outputs]
        if names != [t.tfg_name() for t in fetches]:
            raise _rt.ModelError("compiled step: outputs %s, expected %s"
                                 % (names, [t.tfg_name() for t in fetches]))
        self.in_dtypes = [s.dtype.as_numpy_dtype for s in module.inputs]
        self.out_dtypes = [s.dtype.as_numpy_dtype for s in module.outputs]
        self.out_names = names
        # Reused ctypes out-parameters: no allocation per call.
        self._tensor = ctypes.c_void_p()
        self._rank = ctypes.c_int64()
        self._dims = _I64P()
        self._strides = _I64P()
        self._data = ctypes.c_void_p()
        self._bind_variables(session)
        # Every variable the library binds, read or written: another step
        # may write any of them while this one runs.
        self.var_lock = session._locks_of(
            set(self.variables) | self.read_vars | self.written_vars)

    def _bind_variables(self, session):
        lib, h = self.lib, self.handle
        if getattr(lib, "tfcc_model_num_variables", None) is None:
            if self.read_vars or self.written_vars:
                raise _rt.ModelError("the compiled step's runtime has no "
                                     "variable API (rebuild tfcc)")
            return
        n = ctypes.c_int64()
        _rt._check(lib, lib.tfcc_model_num_variables(h, ctypes.byref(n)),
                   "tfcc_model_num_variables")
        self.variables = []
        for i in range(n.value):
            name = ctypes.c_char_p()
            dtype = ctypes.c_int()
            rank = ctypes.c_int64()
            dims = _I64P()
            _rt._check(lib, lib.tfcc_model_variable_info(
                h, i, ctypes.byref(name), ctypes.byref(dtype),
                ctypes.byref(rank), ctypes.byref(dims)),
                "tfcc_model_variable_info")
            vname = name.value.decode()
            var = session._variable_by_name(vname)
            shape = tuple(int(dims[d]) for d in range(rank.value))
            from .dtypes import from_runtime_code
            dt = from_runtime_code(dtype.value)
            if dt != var.dtype or shape != tuple(var.shape.as_list()):
                raise _rt.ModelError(
                    "compiled variable '%s' is %s%s, the graph's %s%s"
                    % (vname, dt.name, format_shape(shape), var.dtype.name,
                       format_shape(var.shape)))
            arr = session._storage(var)
            _rt._check(lib, lib.tfcc_model_bind_variable(
                h, i, arr.ctypes.data_as(ctypes.c_void_p)),
                "binding variable '%s'" % vname)
            self.variables.append(var)

    def run(self, arrays):
        lib, h = self.lib, self.handle
        bind = lib.tfcc_model_bind_input
        with self.lock:
            for i, arr in enumerate(arrays):
                shape = arr.shape
                st = bind(h, i, arr.ctypes.data,
                          len(shape), (ctypes.c_int64 * max(len(shape), 1))(
                              *shape))
                if st:
                    _raise(lib, st, InvalidArgumentError)
            with self.var_lock:
                st = lib.tfcc_model_run(h)
            if st:
                # A failed run-time check (a shape or index the model cannot
                # take) is the caller's input, as in TF. Its message starts
                # with the step's temporary .tfg file, which means nothing
                # to the caller: the node's name follows.
                _raise(lib, st, InvalidArgumentError
                       if lib.tfcc_status_code_of(st) == _INVALID_ARGUMENT
                       else _rt.ModelError, strip_prefix=_STEP_FILE + ": ")
            return [self._output(i) for i in range(len(self.out_dtypes))]

    def _output(self, i):
        lib = self.lib
        t = self._tensor
        st = lib.tfcc_model_output(self.handle, i, ctypes.byref(t))
        if st:
            _raise(lib, st, _rt.ModelError)
        lib.tfcc_tensor_rank(t, ctypes.byref(self._rank))
        lib.tfcc_tensor_dims(t, ctypes.byref(self._dims))
        lib.tfcc_tensor_strides(t, ctypes.byref(self._strides))
        lib.tfcc_tensor_data(t, ctypes.byref(self._data))
        rank = self._rank.value
        dims, strides = self._dims, self._strides
        shape = tuple(dims[d] for d in range(rank))
        dtype = self.out_dtypes[i]
        out = np.empty(shape, dtype)
        if out.size == 0 or not self._data.value:
            return out
        # Row-major (size-1 dims may have any stride): one copy.
        expect = 1
        contiguous = True
        for d in range(rank - 1, -1, -1):
            if shape[d] != 1 and strides[d] != expect:
                contiguous = False
                break
            expect *= shape[d]
        if contiguous:
            ctypes.memmove(out.ctypes.data, self._data.value, out.nbytes)
            return out if rank else out[()]  # a numpy scalar, as in TF
        st = [strides[d] for d in range(rank)]
        if any(s < 0 for s in st):
            raise _rt.ModelError("output '%s' has negative strides %s"
                                 % (self.out_names[i], st))
        span = 1 + sum((d - 1) * s for d, s in zip(shape, st))
        buf = (ctypes.c_char * (span * out.itemsize)).from_address(
            self._data.value)
        view = np.ndarray(shape, dtype, buffer=buf,
                          strides=[s * out.itemsize for s in st])
        out[...] = view
        return out


class _Locks:
    """Holds several locks, acquired in the given order."""

    __slots__ = ("locks",)

    def __init__(self, locks):
        self.locks = tuple(locks)

    def __enter__(self):
        taken = []
        try:
            for lk in self.locks:
                lk.acquire()
                taken.append(lk)
        except BaseException:
            for lk in reversed(taken):
                lk.release()
            raise

    def __exit__(self, *exc):
        for lk in reversed(self.locks):
            lk.release()


_NO_LOCK = contextlib.nullcontext()


def _raise(lib, status, cls, strip_prefix=None):
    msg = lib.tfcc_status_message(status).decode("utf-8", "replace")
    lib.tfcc_status_free(status)
    # "<dir>/step.tfg: node ...": the path has no spaces, a message would.
    at = msg.find(strip_prefix) if strip_prefix else -1
    if at >= 0 and " " not in msg[:at]:
        msg = msg[at + len(strip_prefix):]
    raise cls(msg)


class _Plan:
    """What one run(fetches, feed_dict) signature does: initializers done in
    Python, the compiled step (or none), where each leaf's value comes from
    and where each feed goes."""

    __slots__ = ("init_vars", "step", "sources", "feed_slots", "structure",
                 "direct_vars", "ranked", "by_ranks")

    def __init__(self):
        # Feeds of placeholders of unknown rank: their positions, and a plan
        # per shape pattern fed (rank and 1s; each compiles its own step).
        self.ranked = None
        self.by_ranks = None


# --- the session -------------------------------------------------------------------

class ConfigProto:
    """tf.ConfigProto's options for a Session: with `allow_soft_placement`
    an op asked onto a device without a kernel for it runs on the CPU
    instead of failing the compile; with `log_device_placement` each
    compiled step prints where its ops run, one line per op to stderr
    ("node: (op): /device:GPU:0", as TensorFlow does);
    `intra_op_parallelism_threads` is the number of threads each run's
    parallel loops use (0: the default). `cache_dir` keeps compiled steps.
    `inter_op_parallelism_threads`, `device_count` and `gpu_options`
    (allow_growth, per_process_gpu_memory_fraction) are accepted and have
    no effect: steps run their independent branches on the same threads,
    and GPU memory is what each step's plan needs."""

    def __init__(self, allow_soft_placement=False,
                 log_device_placement=False, cache_dir=None,
                 intra_op_parallelism_threads=0,
                 inter_op_parallelism_threads=0, device_count=None,
                 gpu_options=None):
        self.allow_soft_placement = bool(allow_soft_placement)
        self.log_device_placement = bool(log_device_placement)
        self.cache_dir = cache_dir
        self.intra_op_parallelism_threads = int(intra_op_parallelism_threads)
        self.inter_op_parallelism_threads = int(inter_op_parallelism_threads)
        self.device_count = dict(device_count or {})
        self.gpu_options = gpu_options or GPUOptions()


class GPUOptions:
    """tf.GPUOptions: accepted, without effect (see ConfigProto)."""

    def __init__(self, allow_growth=False,
                 per_process_gpu_memory_fraction=1.0, visible_device_list=""):
        self.allow_growth = bool(allow_growth)
        self.per_process_gpu_memory_fraction = float(
            per_process_gpu_memory_fraction)
        self.visible_device_list = visible_device_list


class Session:
    """A TF1 Session whose steps are compiled ahead of time.

        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for batch in data:
                sess.run(train_op, feed_dict={x: batch})

    `fetches` may be a Tensor, an Operation (its value is None), a
    Variable, a tensor name ("y:0"), an op name ("train"), or a list,
    tuple, namedtuple or dict of these, nested; the result has the same
    structure. `cache_dir` (or config={"cache_dir": ...}, or
    $TFCC_CACHE_DIR) keeps compiled steps on disk across processes."""

    def __init__(self, target="", graph=None, config=None, cache_dir=None,
                 compile_args=()):
        from .graph import Graph
        if isinstance(target, Graph) and graph is None:
            target, graph = "", target  # Session(graph), as tfcc 0.1 had it
        if target:
            raise ValueError("tfcc sessions are local: target must be ''")
        self.graph = graph or get_default_graph()
        if cache_dir is None and config is not None:
            cache_dir = (config.get("cache_dir") if isinstance(config, dict)
                         else getattr(config, "cache_dir", None))
        if cache_dir is None:
            cache_dir = os.environ.get("TFCC_CACHE_DIR") or None
        self.cache_dir = cache_dir
        soft = (config.get("allow_soft_placement") if isinstance(config, dict)
                else getattr(config, "allow_soft_placement", False))
        self.compile_args = tuple(compile_args) + (
            ("--soft-placement",) if soft else ())
        self.log_device_placement = bool(
            config.get("log_device_placement")
            if isinstance(config, dict)
            else getattr(config, "log_device_placement", False))
        self.num_threads = int(
            config.get("intra_op_parallelism_threads", 0)
            if isinstance(config, dict)
            else getattr(config, "intra_op_parallelism_threads", 0))
        self.num_compiles = 0
        self._plans = {}
        self._steps = {}
        self._values = {}       # Variable -> its numpy array (never replaced)
        # The random ops' generator state, shared by every compiled step:
        # it starts at 0 in each session, as TF's kernels start afresh.
        self._generator_state = _GeneratorState()
        self._var_locks = {}    # Variable -> the lock of its array
        self._initialized = set()
        self._lock = threading.RLock()
        self._closed = False
        self._context = []

    # --- context managers --------------------------------------------------
    def __enter__(self):
        _default_session.stack.append(self)
        ctx = self.graph.as_default()
        ctx.__enter__()
        self._context.append(ctx)
        return self

    def __exit__(self, *exc):
        ctx = self._context.pop()
        ctx.__exit__(*exc)
        if _default_session.stack and _default_session.stack[-1] is self:
            _default_session.stack.pop()
        self.close()

    def as_default(self):
        sess = self

        class _Ctx:
            def __enter__(self_):
                _default_session.stack.append(sess)
                return sess

            def __exit__(self_, *exc):
                _default_session.stack.pop()
        return _Ctx()

    def close(self):
        self._closed = True
        self._plans.clear()
        self._steps.clear()

    # --- variables -------------------------------------------------------------
    def _variable_by_name(self, name):
        if name == _GeneratorState.name:
            return self._generator_state
        try:
            op = self.graph.get_operation_by_name(name)
        except KeyError:
            op = None
        if op is None or op.type != "VariableV2":
            raise _rt.ModelError("the compiled step uses a variable '%s' that "
                                 "the session's graph does not have" % name)
        return op.outputs[0]

    def _locks_of(self, variables):
        """A context manager that holds the locks of `variables`, taken in
        the order every caller takes them (by variable name); the locks are
        made on first use."""
        with self._lock:
            locks = []
            for v in sorted(variables, key=lambda v: v.op.name):
                lk = self._var_locks.get(v)
                if lk is None:
                    lk = self._var_locks[v] = threading.Lock()
                locks.append(lk)
        if not locks:
            return _NO_LOCK
        return locks[0] if len(locks) == 1 else _Locks(locks)

    def _storage(self, var):
        arr = self._values.get(var)
        if arr is None:
            arr = np.zeros(var.shape.as_list(), var.dtype.as_numpy_dtype)
            self._values[var] = arr
        return arr

    def _set_variable(self, var, value):
        """Copies `value` into the variable's array (shared with every
        compiled step) and marks it initialized."""
        self._set_variables([(var, value)])

    def _set_variables(self, pairs):
        """Copies each value into its variable's array, all under the locks
        of all of them (a concurrent step sees all the old values or all
        the new ones), and marks them initialized."""
        pairs = [(var, np.asarray(value)) for var, value in pairs]
        for var, value in pairs:
            shape = tuple(var.shape.as_list())
            if value.shape != shape:
                raise InvalidArgumentError(
                    "variable '%s' has shape %s, the value %s"
                    % (var.op.name, format_shape(shape),
                       format_shape(value.shape)), op=var.op)
        with self._lock:
            arrays = [self._storage(var) for var, _ in pairs]
        with self._locks_of({var for var, _ in pairs}):
            for arr, (var, value) in zip(arrays, pairs):
                np.copyto(arr, value, casting="same_kind")
        self._initialized.update(var for var, _ in pairs)

    def _variable_value(self, var):
        return self._variable_values([var])[0]

    def _variable_values(self, variables, scalars=True):
        """Copies of the variables' values, taken together under their
        locks (no step writes any of them meanwhile); numpy scalars for
        rank 0, as Session.run gives, unless `scalars` is false."""
        for var in variables:
            if var not in self._initialized:
                raise _uninitialized(var)
        arrays = [self._values[var] for var in variables]
        with self._locks_of(set(variables)):
            return [arr.copy() if arr.ndim or not scalars else arr[()]
                    for arr in arrays]

    def is_initialized(self, var):
        return var in self._initialized

    def uninitialized_variables(self, var_list=None):
        from .variables import global_variables
        with self.graph.as_default():
            var_list = global_variables() if var_list is None else var_list
        return [v for v in var_list if v not in self._initialized]

    # --- run ----------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        single = isinstance(fetches, (Tensor, Operation, str))
        if single:
            leaves = (fetches,)
            structure = None
        else:
            leaves = []
            structure = _flatten(fetches, leaves)
            leaves = tuple(leaves)
        feed_keys = tuple(feed_dict) if feed_dict else ()
        key = (leaves, feed_keys)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key)
                if plan is None:
                    plan = self._make_plan(leaves, feed_keys)
                    self._plans[key] = plan
        if plan.ranked:
            values = list(feed_dict.values())
            # The rank, and the dims of size 1 (which broadcast: compiled
            # code stretches static 1s only).
            ranks = tuple(tuple(1 if d == 1 else None
                                for d in np.shape(values[i]))
                          for i in plan.ranked)
            ranked = plan.by_ranks.get(ranks)
            if ranked is None:
                with self._lock:
                    ranked = plan.by_ranks.get(ranks)
                    if ranked is None:
                        ranked = self._make_plan(leaves, feed_keys, ranks)
                        plan.by_ranks[ranks] = ranked
            plan = ranked
        if plan.init_vars:
            self._set_variables([(v, v._initial_numpy)
                                 for v in plan.init_vars])
        step = plan.step
        outs = None
        if step is not None:
            arrays = [None] * len(step.feeds)
            if feed_dict:
                for slot, value in zip(plan.feed_slots, feed_dict.values()):
                    if slot is None:
                        continue
                    want = step.in_dtypes[slot]
                    if type(value) is not np.ndarray or \
                            value.dtype != want or \
                            not value.flags.c_contiguous:
                        value = _convert_feed(step.feeds[slot], want, value)
                    arrays[slot] = value
            if not step.read_vars <= self._initialized:
                for v in sorted(step.read_vars - self._initialized,
                                key=lambda v: v.op.name):
                    raise _uninitialized(v)
            outs = step.run(arrays)
            if step.written_vars:
                self._initialized.update(step.written_vars)
        values = []
        direct = [ref for kind, ref in plan.sources if kind == 2]
        if direct:
            direct = iter(self._variable_values(direct))
        for kind, ref in plan.sources:
            if kind == 0:
                values.append(outs[ref])
            elif kind == 1:
                values.append(None)
            elif kind == 2:
                values.append(next(direct))
            else:
                values.append(np.array(feed_dict[ref]))
        if single:
            return values[0]
        return _pack(structure, values, [0])

    def _resolve_fetch(self, f):
        g = self.graph
        if isinstance(f, str):
            try:
                if ":" in f:
                    return g.get_tensor_by_name(f)
                return g.get_operation_by_name(f)
            except KeyError as e:
                raise ValueError("Fetch argument %r cannot be interpreted: "
                                 "%s" % (f, e.args[0])) from None
        if f.graph is not g:
            raise ValueError("Fetch %s is not an element of this session's "
                             "graph" % f.name)
        return f

    def _resolve_feed(self, k):
        g = self.graph
        if isinstance(k, str):
            try:
                return g.get_tensor_by_name(k if ":" in k else k + ":0")
            except KeyError as e:
                raise ValueError("Feed key %r: %s" % (k, e.args[0])) from None
        if not isinstance(k, Tensor):
            raise TypeError("Feed keys must be Tensors or tensor names, got "
                            "%r" % (k,))
        if k.graph is not g:
            raise ValueError("Feed %s is not an element of this session's "
                             "graph" % k.name)
        return k

    def _make_plan(self, leaves, feed_keys, ranks=None):
        leaves = [self._resolve_fetch(f) for f in leaves]
        feeds = [self._resolve_feed(k) for k in feed_keys]
        seen_feeds = set()
        for k, t in zip(feed_keys, feeds):
            if t in seen_feeds:
                raise ValueError("tensor %s is fed twice" % t.name)
            seen_feeds.add(t)
        fed = set(feeds)
        plan = _Plan()
        ranked = [i for i, t in enumerate(feeds)
                  if t.shape.rank is None and t.op.type == "Placeholder"]
        if ranked and ranks is None:
            plan.ranked, plan.by_ranks = ranked, {}
            return plan
        # A placeholder of unknown rank is compiled with the rank fed.
        shapes = {feeds[i]: TensorShape(list(r))
                  for i, r in zip(ranked, ranks or ())}
        init_vars, targets, fetch_tensors = [], [], []
        for leaf in leaves:
            if isinstance(leaf, Operation):
                inits = _is_initializer(leaf)
                if inits is not None:
                    init_vars.extend(v for v in inits if v not in init_vars)
                elif leaf not in targets:
                    targets.append(leaf)
            elif leaf not in fed and leaf.op.type != "VariableV2" \
                    and leaf not in fetch_tensors:
                fetch_tensors.append(leaf)
        direct_vars = not fetch_tensors and not targets
        if not direct_vars:
            for leaf in leaves:
                if isinstance(leaf, Tensor) and leaf not in fed and \
                        leaf.op.type == "VariableV2" and \
                        leaf not in fetch_tensors:
                    fetch_tensors.append(leaf)
        plan.init_vars = init_vars
        plan.step = None
        slots = {}
        if fetch_tensors or targets:
            plan.step = self._get_step(fetch_tensors, targets, feeds, fed,
                                       shapes)
            slots = {t: i for i, t in enumerate(plan.step.feeds)}
        plan.feed_slots = [slots.get(t) for t in feeds]
        out_index = {t: i for i, t in enumerate(fetch_tensors)}
        sources = []
        for leaf in leaves:
            if isinstance(leaf, Operation):
                sources.append((1, None))
            elif leaf in fed:
                sources.append((3, feed_keys[feeds.index(leaf)]))
            elif leaf in out_index:
                sources.append((0, out_index[leaf]))
            else:
                sources.append((2, leaf))
        plan.sources = sources
        return plan

    def _get_step(self, fetch_tensors, targets, feeds, fed, shapes=None):
        closure, used = _closure([t.op for t in fetch_tensors] + targets, fed)
        # Feeds in a canonical order: the same signature gives one step.
        used.sort(key=lambda t: t.name)
        shapes = {t: s for t, s in (shapes or {}).items() if t in used}
        key = (tuple(fetch_tensors), tuple(targets), tuple(used),
               tuple(tuple(shapes[t].dims) if t in shapes else None
                     for t in used))
        step = self._steps.get(key)
        if step is not None:
            return step
        missing = [op for op in self.graph.get_operations()
                   if op.type == "Placeholder" and op in closure]
        if missing:
            op = missing[0]
            t = op.outputs[0]
            raise InvalidArgumentError(
                "You must feed a value for placeholder tensor '%s' with "
                "dtype %s and shape %s" % (op.name,
                                           _describe_dtype(t.dtype),
                                           format_shape(t.shape)), op=op)
        read, written = set(), set()
        for op in closure:
            for k, t in enumerate(op.inputs):
                if t.op.type == "VariableV2" and t not in fed and \
                        not (op.type == "Assign" and k == 0):
                    read.add(t)
            if op.type in ASSIGN_OPS:
                written.add(op.inputs[0])
        for t in fetch_tensors:
            if t.op.type == "VariableV2":
                read.add(t)
        module = self._compile(fetch_tensors, targets, used, shapes)
        if self.log_device_placement:
            for node, op, device in module.device_info():
                kind, _, index = device.partition(":")
                sys.stderr.write("%s: (%s): /job:localhost/replica:0/task:0/"
                                 "device:%s:%s\n" % (node or "(unnamed)", op,
                                                      kind.upper(), index))
        if self.num_threads > 0:
            module.set_num_threads(self.num_threads)
        step = _Step(self, module, used, fetch_tensors, read, written)
        self._steps[key] = step
        return step

    def _compile(self, fetch_tensors, targets, feeds, shapes=None):
        data = serialize(fetch_tensors, feeds, targets, self.graph,
                         prune=True, shapes=shapes, initial_values=False)
        cached = None
        if self.cache_dir:
            tfcc = _build.tfcc_binary()
            h = hashlib.sha256(data)
            try:
                st = os.stat(tfcc)
                h.update(("%s|%d|%d" % (tfcc, st.st_size, st.st_mtime_ns))
                         .encode())
            except OSError:
                pass
            h.update(repr(self.compile_args).encode())
            cached = os.path.join(self.cache_dir, "step-%s.so"
                                  % h.hexdigest()[:32])
            if os.path.isfile(cached):
                try:
                    return _rt.Module(cached)
                except _rt.ModelError:
                    pass  # a stale or damaged entry: compile again
        tmpdir = tempfile.mkdtemp(prefix="tfcc-step-")
        try:
            path = os.path.join(tmpdir, _STEP_FILE)
            with open(path, "wb") as f:
                f.write(data)
            module = _rt.compile_file(path, self.compile_args)
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
        self.num_compiles += 1
        _counter["compiles"] += 1
        if cached is not None:
            os.makedirs(self.cache_dir, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".step-", dir=self.cache_dir)
            os.close(fd)
            try:
                shutil.copyfile(module.path, tmp)
                os.replace(tmp, cached)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        return module

    # --- TF1 spellings ---------------------------------------------------------
    def partial_run_setup(self, *args, **kwargs):
        raise NotImplementedError("partial_run is not supported")

    def list_devices(self):
        return ["/cpu:0"]


def _uninitialized(var):
    return FailedPreconditionError(
        "Attempting to use uninitialized value %s" % var.op.name, op=var.op)


def _convert_feed(t, want, value):
    """A C-contiguous array of the feed's dtype; the conversions
    TensorFlow's feed_dict allows (within a kind, or int -> float)."""
    arr = np.asarray(value)
    if arr.dtype != want:
        if arr.dtype == object or not np.can_cast(arr.dtype, want,
                                                  casting="same_kind"):
            raise InvalidArgumentError(
                "feed for '%s': expected dtype %s but got %s"
                % (t.name, np.dtype(want).name, arr.dtype))
        arr = arr.astype(want)
    if t.shape.dims is not None:
        if arr.ndim != len(t.shape.dims) or any(
                d is not None and d != g for d, g in zip(t.shape.dims,
                                                          arr.shape)):
            raise InvalidArgumentError(
                "Cannot feed value of shape %s for Tensor '%s', which has "
                "shape %s" % (format_shape(arr.shape), t.name,
                              format_shape(t.shape)))
    return np.array(arr, order="C", copy=False)


class InteractiveSession(Session):
    """A Session that makes itself the default on creation."""

    def __init__(self, target="", graph=None, config=None, **kwargs):
        super().__init__(target, graph, config, **kwargs)
        _default_session.stack.append(self)

    def close(self):
        if _default_session.stack and _default_session.stack[-1] is self:
            _default_session.stack.pop()
        super().close()

