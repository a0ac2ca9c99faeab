"""Loading and calling compiled models: tfcc.load, tfcc.Module.

A shared library built by `tfcc model -o libm.so` carries the C runtime and
exports `tfcc_model_create_default`; this module drives it through ctypes
(runtime/include/tfcc/runtime.h).
"""

import ctypes
import os
import shutil
import subprocess
import tempfile
import threading
import weakref

import numpy as np

from . import _build
from . import dtypes as _dtypes

__all__ = ["Module", "TensorSpec", "load", "compile_file", "Error",
           "CompileError", "ModelError"]


class Error(Exception):
    """Base class of tfcc's own errors."""


class CompileError(Error):
    """The tfcc compiler rejected a model; `stderr` holds its messages."""

    def __init__(self, message, stderr=""):
        super().__init__(message)
        self.stderr = stderr


class ModelError(Error, RuntimeError):
    """The runtime reported an error while loading or running a model."""


class TensorSpec:
    """An input or output of a compiled model: name, dtype and shape (a
    tuple whose unknown dims are None)."""

    __slots__ = ("name", "dtype", "shape")

    def __init__(self, name, dtype, shape):
        self.name = name
        self.dtype = dtype
        self.shape = tuple(shape)

    def __repr__(self):
        return "TensorSpec(name=%r, dtype=%s, shape=%s)" % (
            self.name, self.dtype.name, _format_shape(self.shape))

    def __eq__(self, other):
        return (isinstance(other, TensorSpec) and self.name == other.name and
                self.dtype == other.dtype and self.shape == other.shape)

    def __hash__(self):
        return hash((self.name, self.dtype, self.shape))


def _format_shape(shape):
    return "[" + ", ".join("None" if d is None else str(d)
                           for d in shape) + "]"


_Status = ctypes.c_void_p
_P = ctypes.POINTER
_I64P = _P(ctypes.c_int64)


def _declare(lib):
    """Sets the ctypes signatures of the runtime functions in `lib`."""
    sigs = {
        "tfcc_status_message": (ctypes.c_char_p, [_Status]),
        "tfcc_status_free": (None, [_Status]),
        "tfcc_model_destroy": (None, [ctypes.c_void_p]),
        "tfcc_model_num_inputs": (_Status, [ctypes.c_void_p,
                                            _P(ctypes.c_int64)]),
        "tfcc_model_num_outputs": (_Status, [ctypes.c_void_p,
                                             _P(ctypes.c_int64)]),
        "tfcc_model_name": (_Status, [ctypes.c_void_p,
                                      _P(ctypes.c_char_p)]),
        "tfcc_model_input_info": (_Status, [
            ctypes.c_void_p, ctypes.c_int64, _P(ctypes.c_char_p),
            _P(ctypes.c_int), _P(ctypes.c_int64), _P(_I64P)]),
        "tfcc_model_output_info": (_Status, [
            ctypes.c_void_p, ctypes.c_int64, _P(ctypes.c_char_p),
            _P(ctypes.c_int), _P(ctypes.c_int64), _P(_I64P)]),
        "tfcc_model_bind_input": (_Status, [
            ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p,
            ctypes.c_int64, _I64P]),
        "tfcc_model_run": (_Status, [ctypes.c_void_p]),
        "tfcc_model_output": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                        _P(ctypes.c_void_p)]),
        "tfcc_tensor_rank": (_Status, [ctypes.c_void_p,
                                       _P(ctypes.c_int64)]),
        "tfcc_tensor_dims": (_Status, [ctypes.c_void_p, _P(_I64P)]),
        "tfcc_tensor_strides": (_Status, [ctypes.c_void_p, _P(_I64P)]),
        "tfcc_tensor_data": (_Status, [ctypes.c_void_p,
                                       _P(ctypes.c_void_p)]),
        "tfcc_model_create_default": (_Status, [_P(ctypes.c_void_p)]),
    }
    for name, (restype, argtypes) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    # Variables and checkpoints (model ABI 2); absent from older libraries.
    for name, (restype, argtypes) in _STATE_SIGS.items():
        fn = getattr(lib, name, None)
        if fn is not None:
            fn.restype = restype
            fn.argtypes = argtypes


_STATE_SIGS = {
    "tfcc_status_code_of": (ctypes.c_int, [_Status]),
    "tfcc_model_num_variables": (_Status, [ctypes.c_void_p, _I64P]),
    "tfcc_model_variable_index": (_Status, [ctypes.c_void_p, ctypes.c_char_p,
                                            _I64P]),
    "tfcc_model_variable_info": (_Status, [
        ctypes.c_void_p, ctypes.c_int64, _P(ctypes.c_char_p),
        _P(ctypes.c_int), _I64P, _P(_I64P)]),
    "tfcc_model_variable_data": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                           _P(ctypes.c_void_p)]),
    "tfcc_model_bind_variable": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                           ctypes.c_void_p]),
    "tfcc_model_reset_variables": (_Status, [ctypes.c_void_p]),
    "tfcc_model_save_checkpoint": (_Status, [ctypes.c_void_p,
                                             ctypes.c_char_p]),
    "tfcc_model_restore_checkpoint": (_Status, [ctypes.c_void_p,
                                                ctypes.c_char_p]),
    "tfcc_model_output_data": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                         _P(ctypes.c_void_p)]),
    "tfcc_model_output_dims": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                         _I64P, _P(_I64P)]),
    "tfcc_model_output": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                    _P(ctypes.c_void_p)]),
    "tfcc_model_bind_input": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                        ctypes.c_void_p, ctypes.c_int64,
                                        _I64P]),
    "tfcc_model_run": (_Status, [ctypes.c_void_p]),
    "tfcc_tensor_rank": (_Status, [ctypes.c_void_p, _I64P]),
    "tfcc_tensor_dims": (_Status, [ctypes.c_void_p, _P(_I64P)]),
    "tfcc_tensor_strides": (_Status, [ctypes.c_void_p, _P(_I64P)]),
    "tfcc_tensor_data": (_Status, [ctypes.c_void_p, _P(ctypes.c_void_p)]),
    "tfcc_tensor_wrap": (_Status, [ctypes.c_int, ctypes.c_int64, _I64P,
                                   ctypes.c_void_p, _P(ctypes.c_void_p)]),
    "tfcc_tensor_destroy": (None, [ctypes.c_void_p]),
    "tfcc_tensor_dtype": (_Status, [ctypes.c_void_p, _P(ctypes.c_int)]),
    "tfcc_checkpoint_save": (_Status, [ctypes.c_char_p, ctypes.c_int64,
                                       _P(ctypes.c_char_p),
                                       _P(ctypes.c_void_p)]),
    "tfcc_checkpoint_load": (_Status, [ctypes.c_char_p,
                                       _P(ctypes.c_void_p)]),
    "tfcc_checkpoint_num_entries": (_Status, [ctypes.c_void_p, _I64P]),
    "tfcc_checkpoint_entry": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                        _P(ctypes.c_char_p),
                                        _P(ctypes.c_void_p)]),
    "tfcc_checkpoint_free": (None, [ctypes.c_void_p]),
    "tfcc_model_set_num_threads": (_Status, [ctypes.c_void_p,
                                             ctypes.c_int64]),
    "tfcc_model_num_threads": (_Status, [ctypes.c_void_p, _I64P]),
    "tfcc_model_memory_info": (_Status, [ctypes.c_void_p, _I64P]),
    "tfcc_model_dynamic_arena_bytes": (_Status, [ctypes.c_void_p, _I64P]),
    "tfcc_model_num_ops": (_Status, [ctypes.c_void_p, _I64P]),
    "tfcc_model_gpu_info": (_Status, [ctypes.c_void_p, ctypes.c_void_p]),
    "tfcc_model_device_info": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                         ctypes.c_void_p]),
    "tfcc_model_bind_output": (_Status, [ctypes.c_void_p, ctypes.c_int64,
                                         ctypes.c_void_p, ctypes.c_int64,
                                         _I64P]),
}

_runtime = None


def runtime_library():
    """The runtime's shared library (for checkpoints outside any model),
    loaded once."""
    global _runtime
    with _loaded_lock:
        if _runtime is None:
            path = _build.runtime_library()
            if not os.path.isfile(path):
                raise Error("the tfcc runtime library was not found at %s; "
                            "build tfcc (tfcc_runtime_shared) or set "
                            "TFCC_BUILD_DIR" % path)
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                raise Error("cannot load the tfcc runtime %s: %s"
                            % (path, e)) from None
            for name in ("tfcc_status_message", "tfcc_status_free"):
                getattr(lib, name).argtypes = [_Status]
            lib.tfcc_status_message.restype = ctypes.c_char_p
            lib.tfcc_status_free.restype = None
            for name, (restype, argtypes) in _STATE_SIGS.items():
                fn = getattr(lib, name, None)
                if fn is not None:
                    fn.restype = restype
                    fn.argtypes = argtypes
            if getattr(lib, "tfcc_checkpoint_load", None) is None:
                raise Error("the tfcc runtime at %s has no checkpoint API; "
                            "rebuild it" % path)
            _runtime = lib
        return _runtime


def _check(lib, status, what):
    """Raises ModelError carrying the runtime's message for a non-NULL
    status (and frees it)."""
    if status:
        message = lib.tfcc_status_message(status).decode("utf-8", "replace")
        lib.tfcc_status_free(status)
        raise ModelError("%s: %s" % (what, message))


# What each path was when dlopen last saw it. dlopen matches an already
# loaded library by its path before looking at the file, so a path whose file
# was replaced since must be loaded under another name.
_loaded_files = {}
_loaded_lock = threading.Lock()


def _identity(path):
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _fresh_load_path(path, tmpdir):
    """(path to dlopen, tmpdir to remove with the module)."""
    with _loaded_lock:
        ident = _identity(path)
        seen = _loaded_files.setdefault(path, ident)
        if seen == ident:
            return path, tmpdir
    if tmpdir is None:
        tmpdir = tempfile.mkdtemp(prefix="tfcc-load-")
    copy = os.path.join(tmpdir, "reloaded-" + os.path.basename(path))
    shutil.copyfile(path, copy)
    return copy, tmpdir


def _destroy(lib, handle, tmpdir):
    lib.tfcc_model_destroy(handle)
    if tmpdir is not None:
        shutil.rmtree(tmpdir, ignore_errors=True)


class Module:
    """A compiled model loaded from a shared library.

        m = tfcc.load("libmodel.so")
        m.inputs, m.outputs          # lists of TensorSpec
        out = m(x=array)             # or m({"x": array}); a dict by name

    Calls on one Module are serialized (the runtime instance is not
    thread-safe); results are copies the caller owns.
    """

    def __init__(self, path, _tmpdir=None):
        self.path = os.path.abspath(path)
        if not os.path.isfile(self.path):
            if _tmpdir is not None:
                shutil.rmtree(_tmpdir, ignore_errors=True)
            raise FileNotFoundError("no such model library: %s" % path)
        try:
            load_path, _tmpdir = _fresh_load_path(self.path, _tmpdir)
            lib = ctypes.CDLL(load_path)
        except OSError as e:
            if _tmpdir is not None:
                shutil.rmtree(_tmpdir, ignore_errors=True)
            raise ModelError("cannot load %s: %s" % (path, e)) from None
        try:
            _declare(lib)
        except AttributeError as e:
            if _tmpdir is not None:
                shutil.rmtree(_tmpdir, ignore_errors=True)
            raise ModelError(
                "%s is not a model library built by tfcc -o <name>.so (%s)"
                % (path, e)) from None
        self._lib = lib
        handle = ctypes.c_void_p()
        try:
            _check(lib, lib.tfcc_model_create_default(ctypes.byref(handle)),
                   "cannot create the model of " + path)
        except ModelError:
            if _tmpdir is not None:
                shutil.rmtree(_tmpdir, ignore_errors=True)
            raise
        self._handle = handle
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _destroy, lib, handle,
                                           _tmpdir)
        name = ctypes.c_char_p()
        _check(lib, lib.tfcc_model_name(handle, ctypes.byref(name)),
               "tfcc_model_name")
        self.name = name.value.decode()
        self.inputs = self._specs(lib.tfcc_model_num_inputs,
                                  lib.tfcc_model_input_info)
        self.outputs = self._specs(lib.tfcc_model_num_outputs,
                                   lib.tfcc_model_output_info)
        self._input_index = {s.name: i for i, s in enumerate(self.inputs)}
        self._output_index = {s.name: i
                              for i, s in enumerate(self.outputs)}

    def _specs(self, count_fn, info_fn):
        n = ctypes.c_int64()
        _check(self._lib, count_fn(self._handle, ctypes.byref(n)),
               count_fn.__name__)
        specs = []
        for i in range(n.value):
            name = ctypes.c_char_p()
            dtype = ctypes.c_int()
            rank = ctypes.c_int64()
            dims = _I64P()
            _check(self._lib, info_fn(self._handle, i, ctypes.byref(name),
                                      ctypes.byref(dtype), ctypes.byref(rank),
                                      ctypes.byref(dims)), info_fn.__name__)
            shape = tuple(None if dims[d] < 0 else int(dims[d])
                          for d in range(rank.value))
            specs.append(TensorSpec(name.value.decode(),
                                    _dtypes.from_runtime_code(dtype.value),
                                    shape))
        return specs

    def __repr__(self):
        return "<tfcc.Module %r inputs=%s outputs=%s>" % (
            self.name, self.inputs, self.outputs)

    @property
    def num_threads(self):
        """The threads this module's runs use for their parallel loops."""
        n = ctypes.c_int64()
        with self._lock:
            _check(self._lib, self._threads_fn("tfcc_model_num_threads")(
                self._handle, ctypes.byref(n)), self.name)
        return n.value

    def set_num_threads(self, n):
        """Runs this module's parallel loops on `n` threads: the caller and
        n - 1 workers of the runtime's pool (1: the caller alone; 0: the
        default, TFCC_NUM_THREADS or else the CPUs the process may use)."""
        with self._lock:
            _check(self._lib, self._threads_fn("tfcc_model_set_num_threads")(
                self._handle, int(n)), self.name)

    def memory_info(self):
        """{"arena_bytes": the arena of intermediate buffers the compiler
        planned (allocated when the module was loaded; 0 if none),
        "dynamic_arena_bytes": the arena of the buffers of dynamic shape, as
        large as the runs so far needed, "held_bytes": all the memory the
        instance holds between runs (the arenas, the blocks its runs reuse,
        the last outputs, input buffers and variables)}."""
        info = (ctypes.c_int64 * 2)()
        dynamic = ctypes.c_int64()
        with self._lock:
            _check(self._lib, self._threads_fn("tfcc_model_memory_info")(
                self._handle, info), self.name)
            _check(self._lib, self._threads_fn(
                "tfcc_model_dynamic_arena_bytes")(
                    self._handle, ctypes.byref(dynamic)), self.name)
        return {"arena_bytes": info[0], "dynamic_arena_bytes": dynamic.value,
                "held_bytes": info[1]}

    def device_info(self):
        """Where each op of the model runs, in graph order (constants aside):
        a list of (node, op, device), e.g. ("y", "tfcc.exp", "gpu:0"); every
        device "cpu:0" where a device="auto" model runs its CPU version."""
        class OpSpec(ctypes.Structure):
            _fields_ = [("node", ctypes.c_char_p), ("op", ctypes.c_char_p),
                        ("device", ctypes.c_char_p)]
        n = ctypes.c_int64()
        spec = OpSpec()
        ops = []
        with self._lock:
            _check(self._lib, self._threads_fn("tfcc_model_num_ops")(
                self._handle, ctypes.byref(n)), self.name)
            for i in range(n.value):
                _check(self._lib, self._threads_fn("tfcc_model_device_info")(
                    self._handle, i, ctypes.byref(spec)), self.name)
                ops.append(tuple(v.decode("utf-8", "replace")
                                 for v in (spec.node, spec.op, spec.device)))
        return ops

    def gpu_info(self):
        """The GPU the module runs its GPU ops on: {"name", "compute"
        (major, minor), "launches" and "launch_ns" (the kernels the last run
        launched and the host time spent launching them)}; None for a module
        that runs on the CPU alone."""
        class Info(ctypes.Structure):
            _fields_ = [("name", ctypes.c_char * 128),
                        ("major", ctypes.c_int32), ("minor", ctypes.c_int32),
                        ("launches", ctypes.c_int64),
                        ("launch_ns", ctypes.c_int64)]
        info = Info()
        with self._lock:
            status = self._threads_fn("tfcc_model_gpu_info")(
                self._handle, ctypes.byref(info))
            if status:
                self._lib.tfcc_status_free(status)
                return None
        return {"name": info.name.decode("utf-8", "replace"),
                "compute": (info.major, info.minor),
                "launches": info.launches, "launch_ns": info.launch_ns}

    def _threads_fn(self, name):
        fn = getattr(self._lib, name, None)
        if fn is None:
            raise ModelError("%s was built by a tfcc without threads; "
                             "compile it again" % self.path)
        return fn

    def save(self, path):
        """Copies the shared library to `path`; tfcc.load(path) reloads it.
        The copy is renamed into place: overwriting a library that is
        loaded (mapped) in place would change code under a running model."""
        path = os.path.abspath(os.fspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".tfcc-save-",
                                   dir=os.path.dirname(path))
        os.close(fd)
        try:
            shutil.copyfile(self.path, tmp)
            os.chmod(tmp, 0o755)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _feed_name(self, key):
        if isinstance(key, str):
            return key[:-2] if key.endswith(":0") and \
                key not in self._input_index else key
        name = getattr(key, "name", None)  # a tfcc.Tensor
        if isinstance(name, str):
            return self._feed_name(name)
        raise TypeError("feed keys must be input names or tensors, not %r"
                        % (key,))

    def _convert(self, spec, value):
        """Checks one feed against its spec and returns a C-contiguous array
        of the spec's dtype."""
        want = spec.dtype.as_numpy_dtype
        if isinstance(value, np.ndarray) or np.isscalar(value) and \
                isinstance(value, np.generic):
            arr = np.asarray(value)
            if arr.dtype != want:
                raise TypeError("input '%s': expected dtype %s but got %s"
                                % (spec.name, spec.dtype.name, arr.dtype))
        else:
            arr = np.asarray(value)
            if arr.dtype != want:
                # Python scalars and lists convert as TensorFlow's feed_dict
                # does: within a kind, or int -> float; never float -> int.
                if arr.dtype == object or not np.can_cast(
                        arr.dtype, want, casting="same_kind"):
                    raise TypeError(
                        "input '%s': expected dtype %s but got %s (%r)"
                        % (spec.name, spec.dtype.name, arr.dtype,
                           type(value).__name__))
                arr = arr.astype(want)
        if arr.ndim != len(spec.shape) or any(
                d is not None and d != g for d, g in zip(spec.shape,
                                                          arr.shape)):
            raise ValueError("input '%s': expected shape %s but got %s"
                             % (spec.name, _format_shape(spec.shape),
                                _format_shape(arr.shape)))
        # Not np.ascontiguousarray: it turns rank 0 into rank 1.
        return np.array(arr, order="C", copy=False)

    def __call__(self, *args, **kwargs):
        """Runs the model. Feeds by input name, as keywords or one dict (keys
        may also be the tfcc.Tensor placeholders); returns {output name:
        numpy array}."""
        if len(args) > 1 or (args and not isinstance(args[0], dict)):
            raise TypeError("call a tfcc.Module with keyword feeds or one "
                            "dict of feeds, e.g. m(x=array)")
        return self._run(list(args[0].items() if args else []) +
                         list(kwargs.items()), None)

    def run(self, feeds, out=None):
        """Runs the model on `feeds` ({input name or placeholder: value}) and
        returns {output name: numpy array}. `out` ({output name: array})
        names arrays the outputs are written into instead (the runtime's
        tfcc_model_bind_output: C-contiguous, writable, of the output's
        dtype and of the shape this run gives it); those outputs are
        returned as the very arrays, the others as new ones."""
        return self._run(list(feeds.items()), out)

    def _run(self, items, out):
        out = dict(out or {})
        bound = {}
        for name, arr in out.items():
            if name not in self._output_index:
                raise ValueError("unknown output '%s'; the model's outputs "
                                 "are %s" % (name, ", ".join(
                                     "'%s'" % s.name for s in self.outputs)))
            spec = self.outputs[self._output_index[name]]
            if not isinstance(arr, np.ndarray) or \
                    arr.dtype != spec.dtype.as_numpy_dtype or \
                    not arr.flags.c_contiguous or not arr.flags.writeable:
                raise TypeError("output '%s': out= needs a writable "
                                "C-contiguous numpy array of dtype %s"
                                % (name, spec.dtype.name))
            bound[self._output_index[name]] = arr
        feeds = {}
        for key, value in items:
            name = self._feed_name(key)
            if name in feeds:
                raise ValueError("input '%s' is fed twice" % name)
            feeds[name] = value
        unknown = [n for n in feeds if n not in self._input_index]
        if unknown:
            raise ValueError("unknown input %s; the model's inputs are %s"
                             % (", ".join("'%s'" % n for n in unknown),
                                ", ".join("'%s'" % s.name
                                          for s in self.inputs) or "none"))
        missing = [s for s in self.inputs if s.name not in feeds]
        if missing:
            raise ValueError("missing feed for input %s" % ", ".join(
                "'%s' (%s %s)" % (s.name, s.dtype.name,
                                  _format_shape(s.shape)) for s in missing))
        arrays = [self._convert(s, feeds[s.name]) for s in self.inputs]
        lib, handle = self._lib, self._handle
        with self._lock:
            for i, arr in enumerate(arrays):
                dims = (ctypes.c_int64 * max(arr.ndim, 1))(*arr.shape)
                _check(lib, lib.tfcc_model_bind_input(
                    handle, i, arr.ctypes.data_as(ctypes.c_void_p),
                    arr.ndim, dims), "input '%s'" % self.inputs[i].name)
            try:
                for i, arr in bound.items():
                    dims = (ctypes.c_int64 * max(arr.ndim, 1))(*arr.shape)
                    _check(lib, self._threads_fn("tfcc_model_bind_output")(
                        handle, i, arr.ctypes.data_as(ctypes.c_void_p),
                        arr.ndim, dims), "output '%s'" % self.outputs[i].name)
                _check(lib, lib.tfcc_model_run(handle),
                       "running " + self.name)
            finally:
                # Bound for this run only: a later run must not write into
                # the caller's arrays.
                for i in bound:
                    self._threads_fn("tfcc_model_bind_output")(
                        handle, i, None, 0, None)
            return {s.name: bound[i] if i in bound else self._output(i, s)
                    for i, s in enumerate(self.outputs)}

    def _output(self, i, spec):
        lib = self._lib
        tensor = ctypes.c_void_p()
        _check(lib, lib.tfcc_model_output(self._handle, i,
                                          ctypes.byref(tensor)),
               "output '%s'" % spec.name)
        rank = ctypes.c_int64()
        dims, strides = _I64P(), _I64P()
        data = ctypes.c_void_p()
        for fn, out in ((lib.tfcc_tensor_rank, rank),
                        (lib.tfcc_tensor_dims, dims),
                        (lib.tfcc_tensor_strides, strides),
                        (lib.tfcc_tensor_data, data)):
            _check(lib, fn(tensor, ctypes.byref(out)), fn.__name__)
        shape = tuple(int(dims[d]) for d in range(rank.value))
        elem_strides = [int(strides[d]) for d in range(rank.value)]
        dtype = spec.dtype.as_numpy_dtype
        if 0 in shape or not data.value:
            return np.zeros(shape, dtype)
        if any(s < 0 for s in elem_strides):
            raise ModelError("output '%s' has negative strides %s"
                             % (spec.name, elem_strides))
        span = 1 + sum((d - 1) * s for d, s in zip(shape, elem_strides))
        buf = (ctypes.c_char * (span * dtype.itemsize)).from_address(
            data.value)
        view = np.ndarray(shape, dtype, buffer=buf,
                          strides=[s * dtype.itemsize for s in elem_strides])
        # The runtime frees the buffer on the next run: hand out a copy.
        return np.array(view, copy=True, order="C")


def load(path):
    """Loads a model library built by `tfcc model -o libmodel.so` (or saved
    by Module.save)."""
    return Module(path)


def compile_file(path, extra_args=(), tfcc=None):
    """Compiles a .mlir, .tfg or .onnx file with the tfcc binary into a
    temporary shared library and loads it. Raises CompileError with the
    compiler's messages when it fails."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError("no such model file: %s" % path)
    tfcc = tfcc or _build.tfcc_binary()
    if not os.path.isfile(tfcc):
        raise CompileError(
            "the tfcc compiler was not found at %s; build it (make demo) or "
            "set TFCC_BUILD_DIR to the build directory" % tfcc)
    tmpdir = tempfile.mkdtemp(prefix="tfcc-")
    try:
        out = os.path.join(tmpdir, "libmodel.so")
        cmd = [tfcc, path, "-o", out] + list(extra_args)
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    except BaseException:
        shutil.rmtree(tmpdir, ignore_errors=True)
        raise
    if proc.returncode != 0:
        shutil.rmtree(tmpdir, ignore_errors=True)
        stderr = proc.stderr.strip()
        raise CompileError("tfcc failed to compile %s (exit %d):\n%s"
                           % (path, proc.returncode, stderr), stderr)
    return Module(out, _tmpdir=tmpdir)
