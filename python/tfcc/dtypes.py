"""Element types: tfcc.float32, float64, int32, int64 and bool."""

import numpy as np

__all__ = ["DType", "float32", "float64", "int32", "int64", "bool",
           "as_dtype"]


class DType:
    """An element type, like tf.DType. Compares equal to itself, its name
    ("float32") and the matching numpy dtype."""

    def __init__(self, name, np_dtype, runtime_code, tfg_code):
        self.name = name
        self.as_numpy_dtype = np.dtype(np_dtype)
        self.runtime_code = runtime_code  # tfcc_dtype in runtime.h
        self.tfg_code = tfg_code  # tfcc.tfg.DataType in schema/tfg.fbs

    @property
    def is_floating(self):
        return self.as_numpy_dtype.kind == "f"

    @property
    def is_integer(self):
        return self.as_numpy_dtype.kind == "i"

    @property
    def is_bool(self):
        return self.as_numpy_dtype.kind == "b"

    @property
    def size(self):
        return self.as_numpy_dtype.itemsize

    def __repr__(self):
        return "tfcc." + self.name

    def __str__(self):
        return self.name

    def __eq__(self, other):
        if isinstance(other, DType):
            return self is other
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.name)


float32 = DType("float32", np.float32, 0, 1)
float64 = DType("float64", np.float64, 1, 2)
int32 = DType("int32", np.int32, 2, 3)
int64 = DType("int64", np.int64, 3, 4)
bool = DType("bool", np.bool_, 4, 5)  # noqa: A001 (tf.bool, as in TF)

ALL = (float32, float64, int32, int64, bool)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"f32": float32, "f64": float64, "i32": int32, "i64": int64,
                 "i1": bool, "float": float32, "double": float64})
_BY_RUNTIME = {d.runtime_code: d for d in ALL}
_BY_TFG = {d.tfg_code: d for d in ALL}


def as_dtype(value):
    """Converts a DType, a name or a numpy dtype (or type) to a DType.
    Raises TypeError for anything tfcc does not support."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str) and value in _BY_NAME:
        return _BY_NAME[value]
    try:
        npd = np.dtype(value)
    except TypeError:
        raise TypeError("cannot convert %r to a tfcc dtype" % (value,)) from None
    for d in ALL:
        if d.as_numpy_dtype == npd:
            return d
    raise TypeError("unsupported dtype %s; tfcc supports %s"
                    % (npd, ", ".join(d.name for d in ALL)))


def from_runtime_code(code):
    return _BY_RUNTIME[code]


def from_tfg_code(code):
    return _BY_TFG[code]
