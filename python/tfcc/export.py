"""Writing a Graph to a .tfg file (schema/tfg.fbs, docs/tfg-format.md) with
the FlatBuffers writer that flatc generated into the build tree."""

import importlib

import flatbuffers
import numpy as np

from . import dtypes as _dt
from .graph import Operation, Tensor, get_default_graph

__all__ = ["export", "serialize", "resolve_signature"]

PRODUCER = "tfcc-python 0.1"
FILE_IDENTIFIER = b"TFG1"
# Version 2 added functions (If and While); a graph without them is written
# as version 1, which older readers take.
FORMAT_VERSION = 2


def _gen(name):
    try:
        return importlib.import_module("tfcc.tfg." + name)
    except ImportError as e:
        from . import _build
        raise ImportError(
            "the generated FlatBuffers writer tfcc.tfg is missing (%s): "
            "build tfcc first (make demo, or ninja TfgSchemaGen) or set "
            "TFCC_BUILD_DIR; looked in %s/python/tfcc"
            % (e, _build.build_dir())) from None


def _as_tensor(graph, t, what):
    if isinstance(t, Tensor):
        if t.graph is not graph:
            raise ValueError("%s %s is not in the exported graph" % (what,
                                                                   t.name))
        return t
    if isinstance(t, str):
        name = t if ":" in t else t + ":0"
        try:
            return graph.get_tensor_by_name(name)
        except KeyError as e:
            raise ValueError("%s '%s': %s" % (what, t, e.args[0])) from None
    raise TypeError("%s must be a Tensor or a tensor name, got %r"
                    % (what, t))


def resolve_signature(fetches, feeds=None, targets=None, graph=None):
    """(graph, feeds, fetches, targets) with Tensors for feeds and fetches
    and Operations for targets. An Operation among the fetches becomes a
    target. Default feeds: the placeholders the fetches and targets need,
    in creation order."""
    if isinstance(fetches, (Tensor, Operation, str)):
        fetches = [fetches]
    fetches = list(fetches or [])
    targets = list(targets or [])
    if graph is None:
        for x in fetches + targets + list(feeds or []):
            if isinstance(x, (Tensor, Operation)):
                graph = x.graph
                break
        else:
            graph = get_default_graph()
    fetch_tensors = []
    for f in fetches:
        if isinstance(f, Operation):
            targets.append(f)
        else:
            fetch_tensors.append(_as_tensor(graph, f, "fetch"))
    target_ops = []
    for t in targets:
        if isinstance(t, Tensor):
            t = t.op
        elif isinstance(t, str):
            t = graph.get_operation_by_name(t)
        if not isinstance(t, Operation) or t.graph is not graph:
            raise ValueError("target %r is not an operation of the graph"
                             % (t,))
        if t not in target_ops:
            target_ops.append(t)
    if not fetch_tensors and not target_ops:
        raise ValueError("nothing to export: give at least one fetch")
    if feeds is None:
        needed = _closure([t.op for t in fetch_tensors] + target_ops)
        feed_tensors = [op.outputs[0] for op in graph.get_operations()
                        if op.type == "Placeholder" and op in needed]
    else:
        if isinstance(feeds, (Tensor, str)):
            feeds = [feeds]
        feed_tensors = [_as_tensor(graph, f, "feed") for f in feeds]
    for kind, items in (("feed", feed_tensors), ("fetch", fetch_tensors)):
        names = [t.tfg_name() for t in items]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError("%s %s given twice" % (kind, sorted(dup)[0]))
    return graph, feed_tensors, fetch_tensors, target_ops


def _closure(ops):
    seen, stack = set(), list(ops)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(t.op for t in op.inputs)
        stack.extend(op.control_inputs)
    return seen


def _strings_vector(b, start_vector, strings):
    offsets = [b.CreateString(s) for s in strings]
    start_vector(b, len(offsets))
    for o in reversed(offsets):
        b.PrependUOffsetTRelative(o)
    return b.EndVector()


def _int64_vector(b, values):
    return b.CreateNumpyVector(np.asarray(values, dtype="<i8"))


def _attr_value(b, kind, value):
    """(union type, offset) of one attribute value."""
    AV = _gen("AttrValue").AttrValue
    if kind == "int":
        m = _gen("IntValue")
        m.IntValueStart(b)
        m.IntValueAddValue(b, value)
        return AV.IntValue, m.IntValueEnd(b)
    if kind == "float":
        m = _gen("FloatValue")
        m.FloatValueStart(b)
        m.FloatValueAddValue(b, value)
        return AV.FloatValue, m.FloatValueEnd(b)
    if kind == "bool":
        m = _gen("BoolValue")
        m.BoolValueStart(b)
        m.BoolValueAddValue(b, value)
        return AV.BoolValue, m.BoolValueEnd(b)
    if kind == "string":
        s = b.CreateString(value)
        m = _gen("StringValue")
        m.StringValueStart(b)
        m.StringValueAddValue(b, s)
        return AV.StringValue, m.StringValueEnd(b)
    if kind == "type":
        m = _gen("TypeValue")
        m.TypeValueStart(b)
        m.TypeValueAddValue(b, value.tfg_code)
        return AV.TypeValue, m.TypeValueEnd(b)
    if kind == "shape":
        m = _gen("Shape")
        dims = None if value.dims is None else _int64_vector(
            b, [-1 if d is None else d for d in value.dims])
        m.ShapeStart(b)
        if dims is None:
            m.ShapeAddUnknownRank(b, True)
        else:
            m.ShapeAddDims(b, dims)
        return AV.Shape, m.ShapeEnd(b)
    if kind == "tensor":
        arr = np.array(value, order="C", copy=False)
        dt = _dt.as_dtype(arr.dtype)
        le = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        data = b.CreateByteVector(le.tobytes())
        dims = _int64_vector(b, arr.shape)
        m = _gen("Tensor")
        m.TensorStart(b)
        m.TensorAddDtype(b, dt.tfg_code)
        m.TensorAddDims(b, dims)
        m.TensorAddData(b, data)
        return AV.Tensor, m.TensorEnd(b)
    if kind == "int_list":
        vals = _int64_vector(b, value)
        m = _gen("IntList")
        m.IntListStart(b)
        m.IntListAddValues(b, vals)
        return AV.IntList, m.IntListEnd(b)
    if kind == "float_list":
        vals = b.CreateNumpyVector(np.asarray(value, dtype="<f8"))
        m = _gen("FloatList")
        m.FloatListStart(b)
        m.FloatListAddValues(b, vals)
        return AV.FloatList, m.FloatListEnd(b)
    if kind == "string_list":
        vals = _strings_vector(b, _gen("StringList").StringListStartValuesVector,
                               value)
        m = _gen("StringList")
        m.StringListStart(b)
        m.StringListAddValues(b, vals)
        return AV.StringList, m.StringListEnd(b)
    raise ValueError("unknown attribute kind %r" % kind)


def _node(b, op, shapes=None, initial_values=True):
    N = _gen("Node")
    A = _gen("Attr")
    name = b.CreateString(op.name)
    op_type = b.CreateString(op.type)
    inputs = _strings_vector(b, N.NodeStartInputsVector,
                             [t.tfg_name() for t in op.inputs])
    control = _strings_vector(b, N.NodeStartControlInputsVector,
                              [c.name for c in op.control_inputs]) \
        if op.control_inputs else None
    attrs = []
    for key in sorted(op.attrs):
        kind, value = op.attrs[key]
        if shapes and key == "shape" and op.outputs[0] in shapes:
            value = shapes[op.outputs[0]]
        if not initial_values and key == "initial_value" and \
                op.type == "VariableV2":
            # One element, which the importer splats: a session binds its
            # own arrays, so a table's values need not be in every step.
            value = np.zeros((), np.asarray(value).dtype)
        union_type, union = _attr_value(b, kind, value)
        key_s = b.CreateString(key)
        A.AttrStart(b)
        A.AttrAddName(b, key_s)
        A.AttrAddValueType(b, union_type)
        A.AttrAddValue(b, union)
        attrs.append(A.AttrEnd(b))
    N.NodeStartAttrsVector(b, len(attrs))
    for a in reversed(attrs):
        b.PrependUOffsetTRelative(a)
    attrs_vec = b.EndVector()
    device = b.CreateString(op.device) if op.device else None
    N.NodeStart(b)
    N.NodeAddName(b, name)
    N.NodeAddOp(b, op_type)
    N.NodeAddInputs(b, inputs)
    if control is not None:
        N.NodeAddControlInputs(b, control)
    N.NodeAddAttrs(b, attrs_vec)
    if device is not None:
        N.NodeAddDevice(b, device)
    return N.NodeEnd(b)


_FUNCTION_ATTRS = ("then_branch", "else_branch", "cond", "body")


def _functions_used(graph, ops):
    """The functions (FuncGraphs) that the If and While nodes among `ops`
    name, and those that theirs name, in first-use order."""
    table = getattr(graph, "_functions", {})
    out, stack = [], list(ops)
    while stack:
        op = stack.pop(0)
        if op.type not in ("If", "While"):
            continue
        for attr in _FUNCTION_ATTRS:
            if attr in op.attrs:
                fg = table[op.attrs[attr][1]]
                if fg not in out:
                    out.append(fg)
                    stack.extend(fg.get_operations())
    return out


def _function(b, fg):
    F = _gen("Function")
    name = b.CreateString(fg.name)
    nodes = [_node(b, op) for op in fg.get_operations()]
    F.FunctionStartNodesVector(b, len(nodes))
    for n in reversed(nodes):
        b.PrependUOffsetTRelative(n)
    nodes_vec = b.EndVector()
    args = _strings_vector(b, F.FunctionStartArgsVector,
                           [t.op.name for t in fg.inputs])
    results = _strings_vector(b, F.FunctionStartResultsVector,
                              [t.tfg_name() for t in fg.outputs])
    F.FunctionStart(b)
    F.FunctionAddName(b, name)
    F.FunctionAddNodes(b, nodes_vec)
    F.FunctionAddArgs(b, args)
    F.FunctionAddResults(b, results)
    return F.FunctionEnd(b)


def serialize(fetches, feeds=None, targets=None, graph=None, prune=False,
              shapes=None, initial_values=True):
    """The .tfg bytes of the graph with this signature. Every node of the
    graph is written (like a GraphDef; the compiler keeps only what the
    fetches and targets need), or with prune=True only the nodes they reach
    through data and control edges, in graph order (the same subgraph gives
    the same bytes however much the graph grew). `shapes` maps placeholders
    to the shapes to write for them (a session's feeds of unknown rank);
    without `initial_values` the variables' initial values are zeros (a
    session's steps, whose variables are the session's arrays)."""
    graph, feeds, fetches, targets = resolve_signature(fetches, feeds,
                                                       targets, graph)
    b = flatbuffers.Builder(1024)
    ops = graph.get_operations()
    if prune:
        keep = _closure([t.op for t in fetches + feeds] + targets)
        ops = [op for op in ops if op in keep]
    functions = [_function(b, fg) for fg in _functions_used(graph, ops)]
    nodes = [_node(b, op, shapes, initial_values) for op in ops]
    G = _gen("Graph")
    functions_vec = None
    if functions:
        G.GraphStartFunctionsVector(b, len(functions))
        for f in reversed(functions):
            b.PrependUOffsetTRelative(f)
        functions_vec = b.EndVector()
    S = _gen("Signature")
    G.GraphStartNodesVector(b, len(nodes))
    for n in reversed(nodes):
        b.PrependUOffsetTRelative(n)
    nodes_vec = b.EndVector()
    feeds_vec = _strings_vector(b, S.SignatureStartFeedsVector,
                                [t.tfg_name() for t in feeds])
    fetches_vec = _strings_vector(b, S.SignatureStartFetchesVector,
                                  [t.tfg_name() for t in fetches])
    targets_vec = _strings_vector(b, S.SignatureStartTargetsVector,
                                  [op.name for op in targets])
    S.SignatureStart(b)
    S.SignatureAddFeeds(b, feeds_vec)
    S.SignatureAddFetches(b, fetches_vec)
    S.SignatureAddTargets(b, targets_vec)
    sig = S.SignatureEnd(b)
    producer = b.CreateString(PRODUCER)
    G.GraphStart(b)
    G.GraphAddVersion(b, FORMAT_VERSION if functions else 1)
    G.GraphAddProducer(b, producer)
    G.GraphAddNodes(b, nodes_vec)
    G.GraphAddSignature(b, sig)
    if functions_vec is not None:
        G.GraphAddFunctions(b, functions_vec)
    b.Finish(G.GraphEnd(b), file_identifier=FILE_IDENTIFIER)
    return bytes(b.Output())


def export(path, fetches, feeds=None, targets=None, graph=None):
    """Writes the graph (default: the fetches' graph) to `path` as a .tfg
    file: feeds are the compiled model's inputs (default: the placeholders
    the fetches need), fetches its outputs, named "op" for output 0 and
    "op:k" otherwise. Returns path."""
    data = serialize(fetches, feeds, targets, graph)
    with open(path, "wb") as f:
        f.write(data)
    return path
