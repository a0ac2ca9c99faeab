"""tf.gradients: one `Gradients` node that the compiler's autodiff pass
expands into backward ops (docs/tfg-format.md)."""

from . import dtypes as _dt
from .graph import convert_to_tensor, get_default_graph

__all__ = ["gradients"]


def _as_list(x):
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def _float(t):
    return t.dtype.is_floating


def _backprop_tensors(ys):
    """Every tensor some y depends on through floating-point values: the
    tensors a gradient can flow into. Integer and boolean tensors carry no
    gradient, and the variable operand of an assignment is a reference, not
    a value the result depends on."""
    seen = set()
    stack = [y for y in ys if _float(y)]
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        seen.add(t)
        op = t.op
        if op.type in ("Gradients", "StopGradient"):
            continue  # no second-order derivatives; a stopped gradient
        for k, i in enumerate(op.inputs):
            if op.type == "Assign" and k == 0:
                continue
            if _float(i) and i not in seen:
                stack.append(i)
    return seen


def _gathers_of(x, readers, reach):
    """The gathers (axis 0) through which alone a gradient reaches the
    variable x, or None when it is also read otherwise: then x's gradient
    is an IndexedSlices of the gathered rows, as in TensorFlow. `readers`
    are the ops that take x as an input."""
    gathers = []
    for op in readers:
        if not any(o in reach for o in op.outputs):
            continue
        if op.type != "GatherV2" or op.inputs[0] is not x or \
                op.inputs[1] is x or op.get_attr("axis") != 0 or \
                op.get_attr("batch_dims") != 0:
            return None
        gathers.append(op)
    return gathers or None


def _indexed_slices(x, gathers, grads):
    from . import ops
    from .sparse import IndexedSlices
    row = x.shape.as_list()[1:]
    ids = [op.inputs[1] for op in gathers]
    dtype = ids[0].dtype if all(i.dtype == ids[0].dtype for i in ids) \
        else _dt.int64
    values = [ops.reshape(gr, [-1] + row) for gr in grads]
    indices = [ops.reshape(i if i.dtype == dtype else ops.cast(i, dtype),
                           [-1]) for i in ids]
    if len(gathers) > 1:
        values, indices = [ops.concat(values, 0)], [ops.concat(indices, 0)]
    return IndexedSlices(values[0], indices[0],
                         ops.constant(x.shape.as_list(), _dt.int64))


def gradients(ys, xs, grad_ys=None, name="gradients",
              colocate_gradients_with_ops=False, gate_gradients=False,
              aggregation_method=None, stop_gradients=None,
              unconnected_gradients="none"):
    """d(sum of ys)/d(x) for each x in xs (weighted by grad_ys when given):
    a list with one tensor per x, of x's shape and dtype, or None where no
    y depends on x through floating-point values (TF1's semantics)."""
    if stop_gradients is not None:
        raise NotImplementedError("gradients(stop_gradients=...) is not "
                                  "supported")
    if unconnected_gradients not in ("none", None):
        raise NotImplementedError("unconnected_gradients=%r is not supported"
                                  % (unconnected_gradients,))
    ys = [convert_to_tensor(y) for y in _as_list(ys)]
    xs = [convert_to_tensor(x) for x in _as_list(xs)]
    if grad_ys is not None:
        grad_ys = _as_list(grad_ys)
        if len(grad_ys) != len(ys):
            raise ValueError("Passed %d grad_ys for %d ys"
                             % (len(grad_ys), len(ys)))
    g = None
    for t in ys + xs:
        if g is None:
            g = t.graph
        elif t.graph is not g:
            raise ValueError("gradients: %s is from another graph" % t.name)
    g = g or get_default_graph()
    assigned = getattr(g, "_assigned_in_control_flow", set())
    for x in xs:
        if x.op.type == "VariableV2" and x.op.name in assigned:
            raise NotImplementedError(
                "tf.gradients with respect to variable %s, which a tf.cond "
                "or tf.while_loop assigns, is not supported" % x.name)
    reach = _backprop_tensors(ys)
    connected = []
    for x in xs:
        if x in reach and x not in connected:
            connected.append(x)
    if not connected:
        return [None] * len(xs)
    # A variable read only through gathers gets the gathered rows'
    # gradients: the Gradients node differentiates the gathers' outputs.
    # One pass over the graph finds the readers of every variable.
    readers = {x: [] for x in connected if x.op.type == "VariableV2"}
    if readers:
        for op in g.get_operations():
            for x in {i for i in op.inputs if i in readers}:
                readers[x].append(op)
    sparse = {}
    for x in readers:
        gathers = _gathers_of(x, readers[x], reach)
        if gathers is not None:
            sparse[x] = gathers
    targets = []
    for x in connected:
        for t in ([op.outputs[0] for op in sparse[x]] if x in sparse
                  else [x]):
            if t not in targets:
                targets.append(t)
    # Only the ys that reach a connected x matter; the others add zero.
    used = []
    for k, y in enumerate(ys):
        if not _float(y):
            continue
        sub = _backprop_tensors([y])
        if any(x in sub for x in connected):
            used.append(k)
    from . import ops
    with g.as_default(), g.name_scope(name or "gradients"):
        seeds = []
        if grad_ys is not None:
            for k in used:
                y, gy = ys[k], grad_ys[k]
                if gy is None:
                    gy = ops.ones_like(y)
                gy = convert_to_tensor(gy, dtype_hint=y.dtype)
                if gy.dtype != y.dtype:
                    raise TypeError("grad_ys[%d] has dtype %s, ys[%d] %s"
                                    % (k, gy.dtype.name, k, y.dtype.name))
                try:
                    y.shape.merge_with(gy.shape)
                except ValueError:
                    raise ValueError(
                        "grad_ys[%d] has shape %s, incompatible with ys[%d] "
                        "of shape %s" % (k, gy.shape, k, y.shape)) from None
                seeds.append(gy)
        inputs = [ys[k] for k in used] + targets + seeds
        op = g.create_op(
            "Gradients", inputs,
            {"num_ys": ("int", len(used)), "num_xs": ("int", len(targets))},
            [(x.dtype, x.shape) for x in targets], name="Gradients")
        by_target = dict(zip(targets, op.outputs))
        by_x = {}
        for x in connected:
            if x in sparse:
                by_x[x] = _indexed_slices(
                    x, sparse[x], [by_target[o.outputs[0]]
                                   for o in sparse[x]])
            else:
                by_x[x] = by_target[x]
    return [by_x.get(x) for x in xs]


def is_differentiable_dtype(dtype):
    return _dt.as_dtype(dtype).is_floating

