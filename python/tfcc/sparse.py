"""Sparse values: IndexedSlices (the rows of a gradient that a gather
touched), SparseTensor (embedding_lookup_sparse's ids and weights), and the
variable updates that take them (scatter_add, scatter_sub, scatter_update).
"""

import collections

import numpy as np

from . import dtypes as _dt
from .graph import Tensor, TensorShape, convert_to_tensor, format_shape, \
    get_default_graph

__all__ = ["IndexedSlices", "IndexedSlicesValue", "SparseTensor",
           "SparseTensorValue", "scatter_add", "scatter_sub",
           "scatter_update"]

IndexedSlicesValue = collections.namedtuple(
    "IndexedSlicesValue", ["values", "indices", "dense_shape"])
SparseTensorValue = collections.namedtuple(
    "SparseTensorValue", ["indices", "values", "dense_shape"])


class IndexedSlices:
    """Rows `indices` (1-D) of a tensor of `dense_shape`, holding `values`
    ([len(indices)] + dense_shape[1:]); repeated indices add up. tf.gradients
    gives one for a variable read only through gathers (embedding_lookup),
    and optimizers apply it to those rows only. Where a tensor is needed it
    becomes a dense one (an unsorted_segment_sum)."""

    def __init__(self, values, indices, dense_shape=None):
        self.values = convert_to_tensor(values)
        self.indices = convert_to_tensor(indices)
        self.dense_shape = dense_shape

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def graph(self):
        return self.values.graph

    @property
    def name(self):
        return self.values.name

    @property
    def op(self):
        return self.values.op

    def __repr__(self):
        return "IndexedSlices(indices=%s, values=%s, dense_shape=%s)" % (
            self.indices.name, self.values.name, self.dense_shape)

    def _dense(self):
        from . import ops
        shape = self.dense_shape
        if isinstance(shape, Tensor):
            from .variables import constant_value
            shape = constant_value(shape)
        rows = int(np.asarray(shape).reshape(-1)[0])
        return ops.unsorted_segment_sum(self.values, self.indices, rows)


class SparseTensor:
    """tf.SparseTensor(indices [N, rank] int64, values [N], dense_shape):
    the form embedding_lookup_sparse takes its ids and weights in."""

    def __init__(self, indices, values, dense_shape):
        self.indices = convert_to_tensor(indices, dtype_hint=_dt.int64)
        self.values = convert_to_tensor(values)
        self.dense_shape = tuple(int(d) for d in
                                 np.asarray(dense_shape).reshape(-1)) \
            if not isinstance(dense_shape, Tensor) else dense_shape
        if self.indices.shape.rank != 2 or self.values.shape.rank != 1:
            raise ValueError("SparseTensor: indices must be [N, rank] and "
                             "values [N], got %s and %s"
                             % (format_shape(self.indices.shape),
                                format_shape(self.values.shape)))

    @property
    def dtype(self):
        return self.values.dtype


def _scatter(op_type, ref, indices, updates, name):
    from .variables import Variable
    if not isinstance(ref, Variable):
        raise TypeError("%s needs a Variable, got %r" % (op_type, ref))
    g = get_default_graph()
    if getattr(g, "outer", None) is not None:
        raise NotImplementedError("%s inside a tf.cond branch or "
                                  "tf.while_loop body is not supported"
                                  % op_type)
    indices = convert_to_tensor(indices, dtype_hint=_dt.int32)
    if indices.dtype not in (_dt.int32, _dt.int64):
        raise TypeError("%s: indices must be int32 or int64, got %s"
                        % (op_type, indices.dtype.name))
    updates = convert_to_tensor(updates, dtype_hint=ref.dtype)
    if updates.dtype != ref.dtype:
        raise TypeError("%s of variable '%s': the updates are %s, the "
                        "variable %s" % (op_type, ref.op.name,
                                         updates.dtype.name, ref.dtype.name))
    if indices.shape.rank is None or updates.shape.rank is None:
        raise ValueError("%s needs indices and updates of known rank"
                         % op_type)
    want = TensorShape(list(indices.shape.dims) + list(ref.shape.dims[1:]))
    try:
        want.merge_with(updates.shape)
    except ValueError:
        raise ValueError("%s of variable '%s': updates must have shape "
                         "indices.shape + var.shape[1:] = %s, got %s"
                         % (op_type, ref.op.name, format_shape(want),
                            format_shape(updates.shape))) from None
    with ref.graph.as_default():
        return ref.graph.create_op(
            op_type, [ref, indices, updates], {}, [(ref.dtype, ref.shape)],
            name=name, default_name=op_type).outputs[0]


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """ref[indices[i...], ...] += updates[i..., ...] (repeated indices add
    up); the result is the variable's new value. The work is proportional
    to the number of indices."""
    return _scatter("ScatterAdd", ref, indices, updates, name)


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """ref[indices[i...], ...] -= updates[i..., ...]."""
    return _scatter("ScatterSub", ref, indices, updates, name)


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[indices[i...], ...] = updates[i..., ...]; of repeated indices
    the last (row-major) wins."""
    return _scatter("ScatterUpdate", ref, indices, updates, name)
