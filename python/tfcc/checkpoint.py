"""tf.train.Saver: the variables of a Session saved to and restored from a
checkpoint file through the runtime's tfcc_checkpoint_* C API (a versioned
FlatBuffers file with a CRC-32, written to a temporary file and renamed into
place)."""

import ctypes
import os

import numpy as np

from . import dtypes as _dtypes
from .errors import DataLossError, InvalidArgumentError, NotFoundError
from .graph import format_shape
from .runtime import _I64P, runtime_library
from .variables import Variable, global_variables

__all__ = ["Saver", "latest_checkpoint", "load_checkpoint"]

_STATUS_INVALID_ARGUMENT = 1


def _message(lib, status):
    msg = lib.tfcc_status_message(status).decode("utf-8", "replace")
    lib.tfcc_status_free(status)
    return msg


def load_checkpoint(path):
    """{name: numpy array} of every entry of a checkpoint file, verified
    by the runtime (identifier, version, bounds, checksum). Raises
    NotFoundError for a missing file and DataLossError for a damaged one."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise NotFoundError("checkpoint '%s' does not exist" % path)
    lib = runtime_library()
    ckpt = ctypes.c_void_p()
    status = lib.tfcc_checkpoint_load(path.encode(), ctypes.byref(ckpt))
    if status:
        raise DataLossError("cannot restore from checkpoint: %s"
                            % _message(lib, status))
    try:
        n = ctypes.c_int64()
        _check(lib, lib.tfcc_checkpoint_num_entries(ckpt, ctypes.byref(n)))
        out = {}
        for i in range(n.value):
            name = ctypes.c_char_p()
            tensor = ctypes.c_void_p()
            _check(lib, lib.tfcc_checkpoint_entry(
                ckpt, i, ctypes.byref(name), ctypes.byref(tensor)))
            out[name.value.decode()] = _tensor_to_numpy(lib, tensor)
        return out
    finally:
        lib.tfcc_checkpoint_free(ckpt)


def _check(lib, status):
    if status:
        raise DataLossError(_message(lib, status))


def _tensor_to_numpy(lib, tensor):
    dtype = ctypes.c_int()
    rank = ctypes.c_int64()
    dims = _I64P()
    data = ctypes.c_void_p()
    _check(lib, lib.tfcc_tensor_dtype(tensor, ctypes.byref(dtype)))
    _check(lib, lib.tfcc_tensor_rank(tensor, ctypes.byref(rank)))
    _check(lib, lib.tfcc_tensor_dims(tensor, ctypes.byref(dims)))
    _check(lib, lib.tfcc_tensor_data(tensor, ctypes.byref(data)))
    npd = _dtypes.from_runtime_code(dtype.value).as_numpy_dtype
    shape = tuple(int(dims[d]) for d in range(rank.value))
    out = np.empty(shape, npd)
    if out.nbytes:
        ctypes.memmove(out.ctypes.data, data.value, out.nbytes)
    return out


def _save(path, names, arrays):
    lib = runtime_library()
    n = len(names)
    tensors = (ctypes.c_void_p * max(n, 1))()
    made = []
    try:
        for i, arr in enumerate(arrays):
            dims = (ctypes.c_int64 * max(arr.ndim, 1))(*arr.shape)
            t = ctypes.c_void_p()
            dt = _dtypes.as_dtype(arr.dtype)
            status = lib.tfcc_tensor_wrap(
                dt.runtime_code, arr.ndim, dims,
                arr.ctypes.data_as(ctypes.c_void_p), ctypes.byref(t))
            if status:
                raise InvalidArgumentError("variable '%s': %s"
                                           % (names[i], _message(lib, status)))
            made.append(t)
            tensors[i] = t
        c_names = (ctypes.c_char_p * max(n, 1))(*[s.encode() for s in names])
        status = lib.tfcc_checkpoint_save(os.fspath(path).encode(), n,
                                          c_names, tensors)
        if status:
            raise NotFoundError("cannot save checkpoint: %s"
                                % _message(lib, status))
    finally:
        for t in made:
            lib.tfcc_tensor_destroy(t)


class Saver:
    """Saves and restores variables of a Session.

        saver = tf.train.Saver()              # all global variables
        path = saver.save(sess, "ckpt/model")  # one file, returns its path
        saver.restore(sess, path)

    var_list: a list of Variables (saved under their op names) or a dict
    {name in the checkpoint: Variable}. Restore refuses a checkpoint that
    lacks one of them or holds it with another dtype or shape, before
    changing any variable."""

    def __init__(self, var_list=None, reshape=False, sharded=False,
                 max_to_keep=5, keep_checkpoint_every_n_hours=10000.0,
                 name=None, restore_sequentially=False, saver_def=None,
                 builder=None, defer_build=False, allow_empty=False,
                 write_version=None, pad_step_number=False,
                 save_relative_paths=False, filename=None):
        if var_list is None:
            var_list = global_variables()
        if isinstance(var_list, dict):
            items = list(var_list.items())
        else:
            items = []
            for v in var_list:
                if not isinstance(v, Variable):
                    raise TypeError("Saver: %r is not a Variable" % (v,))
                items.append((v.op.name, v))
        names = [n for n, _ in items]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError("Saver: the name '%s' is used twice"
                             % sorted(dup)[0])
        if not items and not allow_empty:
            raise ValueError("No variables to save")
        self._items = items
        self._max_to_keep = max_to_keep
        self._last = []

    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True,
             write_state=True, strip_default_attrs=False,
             save_debug_info=False):
        """Writes the variables' current values to save_path (with
        "-<global_step>" appended when given) and returns that path."""
        path = os.fspath(save_path)
        if global_step is not None:
            step = global_step
            if not isinstance(step, (int, np.integer)):
                step = sess.run(step)
            path = "%s-%d" % (path, int(step))
        # One consistent snapshot: no step writes a variable mid-save.
        arrays = sess._variable_values([v for _, v in self._items],
                                       scalars=False)
        _save(path, [n for n, _ in self._items], arrays)
        if path in self._last:
            self._last.remove(path)
        self._last.append(path)
        if self._max_to_keep and len(self._last) > self._max_to_keep:
            old = self._last.pop(0)
            try:
                os.unlink(old)
            except OSError:
                pass
        d = os.path.dirname(os.path.abspath(path))
        if write_state:
            with open(os.path.join(d, latest_filename or "checkpoint"),
                      "w") as f:
                f.write(os.path.basename(path) + "\n")
        return path

    def restore(self, sess, save_path):
        """Sets the variables from the checkpoint (all or none)."""
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        entries = load_checkpoint(save_path)
        for name, v in self._items:
            if name not in entries:
                raise InvalidArgumentError(
                    "checkpoint '%s' has no variable '%s'"
                    % (save_path, name), op=v.op)
            arr = entries[name]
            want = v.dtype.as_numpy_dtype
            if arr.dtype != want:
                raise InvalidArgumentError(
                    "checkpoint '%s': variable '%s' is %s there but %s in "
                    "the graph" % (save_path, name,
                                   _dtypes.as_dtype(arr.dtype).name,
                                   v.dtype.name), op=v.op)
            if tuple(arr.shape) != tuple(v.shape.as_list()):
                raise InvalidArgumentError(
                    "checkpoint '%s': variable '%s' has shape %s there but "
                    "%s in the graph" % (save_path, name,
                                         format_shape(arr.shape),
                                         format_shape(v.shape)), op=v.op)
        sess._set_variables([(v, entries[name]) for name, v in self._items])

    @property
    def last_checkpoints(self):
        return list(self._last)


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The path the last Saver.save in checkpoint_dir recorded, or None."""
    state = os.path.join(checkpoint_dir, latest_filename or "checkpoint")
    try:
        with open(state) as f:
            name = f.read().strip()
    except OSError:
        return None
    path = os.path.join(checkpoint_dir, name)
    return path if os.path.exists(path) else None
