#!/usr/bin/env python3
"""Writes the .tfg graphs of the importer's tests.

    make_tfg.py --pydir BUILD/python NAME OUT.tfg
    make_tfg.py --pydir BUILD/python --list

NAME is one of the graphs defined below (GRAPHS). The graphs are written
with the FlatBuffers builder code that flatc generates from schema/tfg.fbs
into BUILD/python/tfcc/tfg, so the tests exercise the real schema; no binary
.tfg file is committed. Some graphs are deliberately broken (cycles, missing
inputs, bad attributes, truncated or garbage bytes) for the error tests.
"""

import argparse
import os
import sys

import numpy as np

# --------------------------------------------------------------------------
# A small graph writer over the generated builder functions
# --------------------------------------------------------------------------

DTYPES = {"f32": 1, "f64": 2, "i32": 3, "i64": 4, "bool": 5}
NP_DTYPES = {np.dtype(np.float32): "f32", np.dtype(np.float64): "f64",
             np.dtype(np.int32): "i32", np.dtype(np.int64): "i64",
             np.dtype(np.bool_): "bool"}


# Typed attribute values: the schema's AttrValue union members.
class I(int): pass            # IntValue
class F(float): pass          # FloatValue
class S(str): pass            # StringValue
class T(str): pass            # TypeValue (a key of DTYPES)
class Shape(list): pass       # Shape; None = unknown rank
class IL(list): pass          # IntList
class FL(list): pass          # FloatList


class Graph:
    def __init__(self):
        self.nodes = []  # (name, op, inputs, attrs, control, device)
        self.feeds, self.fetches, self.targets = [], [], []
        self.version = 1
        self.functions = []  # (name, Graph of its nodes, args, results)

    def function(self, name, args, results):
        """A function of the graph (format version 2): add its nodes to the
        returned Graph; `args` name its Placeholder nodes, `results` its
        result tensors."""
        f = Graph()
        self.functions.append((name, f, list(args), list(results)))
        self.version = 2
        return f

    def node(self, name, op, inputs=(), control=(), device="", **attrs):
        self.nodes.append((name, op, list(inputs), attrs, list(control),
                           device))
        return name

    def placeholder(self, name, dtype, shape):
        return self.node(name, "Placeholder", dtype=T(dtype),
                         shape=Shape(shape))

    def const(self, name, array, dtype=None):
        array = np.asarray(array)
        return self.node(name, "Const", value=array,
                         dtype=T(dtype or NP_DTYPES[array.dtype]))

    def to_bytes(self):
        return write(self)


def write(g):
    import flatbuffers
    from tfcc.tfg import (Attr, AttrValue, BoolValue, FloatList, FloatValue,
                          IntList, IntValue, Node, Signature, StringValue,
                          Tensor, TypeValue)
    from tfcc.tfg import Graph as G
    from tfcc.tfg import Shape as Sh

    b = flatbuffers.Builder(1024)

    def strings(values, start):
        offsets = [b.CreateString(v) for v in values]
        start(b, len(offsets))
        for o in reversed(offsets):
            b.PrependUOffsetTRelative(o)
        return b.EndVector()

    def longs(values, start):
        start(b, len(values))
        for v in reversed(values):
            b.PrependInt64(int(v))
        return b.EndVector()

    def tensor(array):
        array = np.asarray(array, order="C")  # keeps rank 0
        dtype = NP_DTYPES[array.dtype]
        data = b.CreateByteVector(
            array.astype(array.dtype.newbyteorder("<")).tobytes())
        dims = longs(array.shape, Tensor.TensorStartDimsVector)
        Tensor.TensorStart(b)
        Tensor.TensorAddDtype(b, DTYPES[dtype])
        Tensor.TensorAddDims(b, dims)
        Tensor.TensorAddData(b, data)
        return Tensor.TensorEnd(b)

    def attr_value(v):
        """Returns (union type, offset)."""
        if isinstance(v, np.ndarray):
            return AttrValue.AttrValue.Tensor, tensor(v)
        if isinstance(v, bool):
            BoolValue.BoolValueStart(b)
            BoolValue.BoolValueAddValue(b, v)
            return AttrValue.AttrValue.BoolValue, BoolValue.BoolValueEnd(b)
        if isinstance(v, T):
            TypeValue.TypeValueStart(b)
            TypeValue.TypeValueAddValue(b, DTYPES[v])
            return AttrValue.AttrValue.TypeValue, TypeValue.TypeValueEnd(b)
        if isinstance(v, S):
            s = b.CreateString(v)
            StringValue.StringValueStart(b)
            StringValue.StringValueAddValue(b, s)
            return AttrValue.AttrValue.StringValue, StringValue.StringValueEnd(b)
        if isinstance(v, I):
            IntValue.IntValueStart(b)
            IntValue.IntValueAddValue(b, v)
            return AttrValue.AttrValue.IntValue, IntValue.IntValueEnd(b)
        if isinstance(v, F):
            FloatValue.FloatValueStart(b)
            FloatValue.FloatValueAddValue(b, v)
            return AttrValue.AttrValue.FloatValue, FloatValue.FloatValueEnd(b)
        if isinstance(v, Shape):
            dims = longs(v, Sh.ShapeStartDimsVector)
            Sh.ShapeStart(b)
            Sh.ShapeAddDims(b, dims)
            return AttrValue.AttrValue.Shape, Sh.ShapeEnd(b)
        if isinstance(v, IL):
            values = longs(v, IntList.IntListStartValuesVector)
            IntList.IntListStart(b)
            IntList.IntListAddValues(b, values)
            return AttrValue.AttrValue.IntList, IntList.IntListEnd(b)
        if isinstance(v, FL):
            FloatList.FloatListStartValuesVector(b, len(v))
            for x in reversed(v):
                b.PrependFloat64(x)
            values = b.EndVector()
            FloatList.FloatListStart(b)
            FloatList.FloatListAddValues(b, values)
            return AttrValue.AttrValue.FloatList, FloatList.FloatListEnd(b)
        raise TypeError("untyped attribute value %r" % (v,))

    def write_nodes(nodes):
        node_offsets = []
        for name, op, inputs, attrs, control, device in nodes:
            attr_offsets = []
            for key in sorted(attrs):
                kind, value = attr_value(attrs[key])
                key_off = b.CreateString(key)
                Attr.AttrStart(b)
                Attr.AttrAddName(b, key_off)
                Attr.AttrAddValueType(b, kind)
                Attr.AttrAddValue(b, value)
                attr_offsets.append(Attr.AttrEnd(b))
            Node.NodeStartAttrsVector(b, len(attr_offsets))
            for o in reversed(attr_offsets):
                b.PrependUOffsetTRelative(o)
            attrs_vec = b.EndVector()
            inputs_vec = strings(inputs, Node.NodeStartInputsVector)
            control_vec = strings(control, Node.NodeStartControlInputsVector)
            name_off, op_off = b.CreateString(name), b.CreateString(op)
            device_off = b.CreateString(device) if device else None
            Node.NodeStart(b)
            Node.NodeAddName(b, name_off)
            Node.NodeAddOp(b, op_off)
            Node.NodeAddInputs(b, inputs_vec)
            Node.NodeAddControlInputs(b, control_vec)
            Node.NodeAddAttrs(b, attrs_vec)
            if device_off is not None:
                Node.NodeAddDevice(b, device_off)
            node_offsets.append(Node.NodeEnd(b))
        return node_offsets

    from tfcc.tfg import Function
    function_offsets = []
    for fname, f, args, results in g.functions:
        f_nodes = write_nodes(f.nodes)
        Function.FunctionStartNodesVector(b, len(f_nodes))
        for o in reversed(f_nodes):
            b.PrependUOffsetTRelative(o)
        f_nodes_vec = b.EndVector()
        args_vec = strings(args, Function.FunctionStartArgsVector)
        results_vec = strings(results, Function.FunctionStartResultsVector)
        name_off = b.CreateString(fname)
        Function.FunctionStart(b)
        Function.FunctionAddName(b, name_off)
        Function.FunctionAddNodes(b, f_nodes_vec)
        Function.FunctionAddArgs(b, args_vec)
        Function.FunctionAddResults(b, results_vec)
        function_offsets.append(Function.FunctionEnd(b))
    functions_vec = None
    if function_offsets:
        G.GraphStartFunctionsVector(b, len(function_offsets))
        for o in reversed(function_offsets):
            b.PrependUOffsetTRelative(o)
        functions_vec = b.EndVector()
    node_offsets = write_nodes(g.nodes) * getattr(g, "repeat", 1)
    G.GraphStartNodesVector(b, len(node_offsets))
    for o in reversed(node_offsets):
        b.PrependUOffsetTRelative(o)
    nodes_vec = b.EndVector()
    feeds = strings(g.feeds, Signature.SignatureStartFeedsVector)
    fetches = strings(g.fetches, Signature.SignatureStartFetchesVector)
    targets = strings(g.targets, Signature.SignatureStartTargetsVector)
    Signature.SignatureStart(b)
    Signature.SignatureAddFeeds(b, feeds)
    Signature.SignatureAddFetches(b, fetches)
    Signature.SignatureAddTargets(b, targets)
    sig = Signature.SignatureEnd(b)
    producer = b.CreateString("tfcc tests")
    G.GraphStart(b)
    G.GraphAddVersion(b, g.version)
    G.GraphAddProducer(b, producer)
    G.GraphAddNodes(b, nodes_vec)
    G.GraphAddSignature(b, sig)
    if functions_vec is not None:
        G.GraphAddFunctions(b, functions_vec)
    b.Finish(G.GraphEnd(b), file_identifier=b"TFG1")
    return bytes(b.Output())


# --------------------------------------------------------------------------
# The graphs
# --------------------------------------------------------------------------

GRAPHS = {}


def graph(fn):
    GRAPHS[fn.__name__] = fn
    return fn


def bias3():
    return ((np.arange(3) - 1) * 0.5).astype(np.float32)


@graph
def mlp():
    """y = softmax(relu(x @ w + b)); an unneeded branch on placeholder u."""
    g = Graph()
    g.placeholder("x", "f32", [-1, 4])
    g.placeholder("w", "f32", [4, 3])
    g.placeholder("u", "f32", [2])
    g.const("b", bias3())
    g.node("mm", "MatMul", ["x", "w"], transpose_a=False, transpose_b=False,
           T=T("f32"))
    g.node("pre", "AddV2", ["mm:0", "b"])
    g.node("h", "Relu", ["pre"], device="/cpu:0")
    g.node("y", "Softmax", ["h"])
    g.node("unused", "Exp", ["u"])
    g.node("unused2", "Log", ["unused"])
    g.feeds = ["x", "w", "u"]
    g.fetches = ["y"]
    return g


@graph
def mlp_nosig_feeds():
    """As mlp, without feeds: the needed placeholders become arguments."""
    g = mlp()
    g.feeds = []
    g.fetches = ["y", "h:0"]
    return g


@graph
def ops():
    """One node per op type mapped with existing dialect ops."""
    g = Graph()
    g.placeholder("a", "f32", [2, 3])
    g.placeholder("c", "f32", [3])
    g.placeholder("n", "i32", [-1, 3])
    g.placeholder("m", "f32", [4, 3])
    g.placeholder("bm", "f32", [5, 2, 3])
    g.placeholder("p", "bool", [2])
    g.placeholder("i4", "f32", [1, 2, 1, 3])
    fetches = []

    def add(name, op, inputs, **attrs):
        g.node(name, op, inputs, **attrs)
        fetches.append(name)

    for op in ["Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Pow",
               "Maximum", "Minimum", "Equal", "NotEqual", "Less",
               "LessEqual", "Greater", "GreaterEqual"]:
        add("t_" + op, op, ["a", "c"])
    for op in ["Neg", "Abs", "Relu", "Exp", "Log", "Sqrt", "Rsqrt", "Tanh",
               "Sigmoid", "Erf", "Square", "Relu6", "Elu", "Gelu"]:
        add("t_" + op, op, ["a"])
    add("t_LeakyRelu", "LeakyRelu", ["a"], alpha=F(0.1))
    add("t_GeluTanh", "Gelu", ["a"], approximate=True)
    add("t_Identity", "Identity", ["n"])
    add("t_Select", "Select", ["p", "a", "a"])
    add("t_SelectV2", "SelectV2", ["t_Less", "a", "c"])
    add("t_MatMul", "MatMul", ["a", "m"], transpose_b=True)
    add("t_BatchMatMulV2", "BatchMatMulV2", ["bm", "a"], adj_y=True)
    add("t_Sum", "Sum", ["a"], axis=IL([1]), keep_dims=True)
    add("t_Mean", "Mean", ["a"])
    add("t_Max", "Max", ["n"], axis=IL([0]))
    add("t_Min", "Min", ["a"], axis=IL([-1]))
    add("t_Softmax", "Softmax", ["a"])
    add("t_LogSoftmax", "LogSoftmax", ["a"], axis=I(0))
    add("t_Reshape", "Reshape", ["a"], shape=IL([3, -1]), Tshape=T("i32"))
    add("t_Transpose", "Transpose", ["a"], perm=IL([1, 0]))
    add("t_BroadcastTo", "BroadcastTo", ["c"], shape=IL([4, 3]))
    add("t_ConcatV2", "ConcatV2", ["a", "m"], axis=I(0), N=I(2))
    add("t_Slice", "Slice", ["m"], begin=IL([1, 0]), size=IL([2, -1]))
    g.node("t_Split", "Split", ["m"], axis=I(0), num_split=I(2))
    fetches += ["t_Split:0", "t_Split:1"]
    add("t_Squeeze", "Squeeze", ["i4"])
    add("t_Squeeze2", "Squeeze", ["i4"], squeeze_dims=IL([2]))
    add("t_ExpandDims", "ExpandDims", ["n"], axis=I(-1))
    add("t_Cast", "Cast", ["n"], DstT=T("f64"))
    add("t_ClipByValue", "ClipByValue", ["a", "c", "c"])
    add("t_BiasAdd", "BiasAdd", ["a", "c"])
    add("t_BiasAddNCHW", "BiasAdd", ["i4", "c2"], data_format=S("NCHW"))
    g.const("c2", np.array([1.0, 2.0], np.float32))
    g.const("t_Const_i64", np.array([[1, -2]], np.int64))
    g.const("t_Const_bool", np.array([True, False, True]))
    g.const("t_Const_f64", np.float64(2.5))
    fetches += ["t_Const_i64", "t_Const_bool", "t_Const_f64"]
    g.node("t_NoOp", "NoOp", control=["t_Exp"])
    g.targets = ["t_NoOp"]
    g.fetches = fetches
    return g


@graph
def ops_new():
    """Op types mapped onto the index and nn ops."""
    g = Graph()
    g.placeholder("a", "f32", [2, 3])
    g.placeholder("p", "bool", [2, 3])
    g.placeholder("ids", "i32", [4])
    g.placeholder("img", "f32", [1, 5, 5, 2])
    g.placeholder("imgc", "f32", [1, 2, 5, 5])
    g.const("filt", np.ones((3, 3, 2, 4), np.float32))
    g.const("dfilt", np.ones((3, 3, 2, 2), np.float32))
    g.const("vec", np.ones(2, np.float32))
    fetches = []

    def add(name, op, inputs, **attrs):
        g.node(name, op, inputs, **attrs)
        fetches.append(name)

    for op in ["Floor", "Ceil", "Round", "Sign", "Sin", "Cos", "Reciprocal",
               "Softplus"]:
        add("t_" + op, op, ["a"])
    add("t_FloorMod", "FloorMod", ["a", "a"])
    add("t_LogicalAnd", "LogicalAnd", ["p", "p"])
    add("t_LogicalOr", "LogicalOr", ["p", "p"])
    add("t_LogicalNot", "LogicalNot", ["p"])
    add("t_Prod", "Prod", ["a"], axis=IL([0]))
    add("t_ArgMax", "ArgMax", ["a"], axis=I(1))
    add("t_ArgMin", "ArgMin", ["a"], axis=I(0), output_type=T("i32"))
    add("t_Pad", "Pad", ["a"], paddings=IL([1, 0, 0, 2]),
        constant_value=F(-1.0))
    add("t_GatherV2", "GatherV2", ["a", "ids"], axis=I(1))
    add("t_OneHot", "OneHot", ["ids"], depth=I(5), on_value=F(2.0))
    g.node("t_TopKV2", "TopKV2", ["a"], k=I(2))
    fetches += ["t_TopKV2:0", "t_TopKV2:1"]
    add("t_UnsortedSegmentSum", "UnsortedSegmentSum", ["a", "seg"],
        num_segments=I(3))
    g.const("seg", np.array([2, 0], np.int64))
    add("t_Conv2D", "Conv2D", ["img", "filt"], strides=IL([1, 2, 2, 1]),
        padding=S("SAME"))
    add("t_Conv2D_NCHW", "Conv2D", ["imgc", "filt"], padding=S("VALID"),
        data_format=S("NCHW"), dilations=IL([1, 1, 2, 1]))
    add("t_Depthwise", "DepthwiseConv2dNative", ["img", "dfilt"],
        strides=IL([1, 1, 1, 1]), padding=S("EXPLICIT"),
        explicit_paddings=IL([0, 0, 1, 1, 2, 2, 0, 0]))
    add("t_MaxPool", "MaxPool", ["img"], ksize=IL([1, 2, 2, 1]),
        strides=IL([1, 2, 2, 1]), padding=S("SAME"))
    add("t_AvgPool", "AvgPool", ["imgc"], ksize=IL([1, 1, 3, 3]),
        strides=IL([1, 1, 1, 1]), padding=S("VALID"), data_format=S("NCHW"))
    add("t_FusedBatchNormV3", "FusedBatchNormV3",
        ["img", "vec", "vec", "vec", "vec"], epsilon=F(0.01),
        is_training=False)
    g.const("c3", np.ones(3, np.float32))
    add("t_LayerNorm", "LayerNorm", ["a", "c3", "c3"], begin_norm_axis=I(1))
    g.fetches = fetches
    return g


@graph
def cut():
    """A fed intermediate tensor cuts the graph: x and mm are not needed."""
    g = mlp()
    g.feeds = ["pre:0"]
    g.fetches = ["y"]
    return g


@graph
def e2e():
    """Numeric test of the importer's own lowerings (see e2e.test)."""
    g = Graph()
    g.placeholder("x", "f32", [-1, 4])
    g.placeholder("w", "f32", [4, 3])
    g.placeholder("img", "f32", [2, 3, 2, 2])
    g.placeholder("cond", "bool", [-1])
    g.placeholder("z", "f32", [-1, 4])
    g.const("b", bias3())
    g.const("chan", np.array([0.5, -1.0, 2.0], np.float32))
    g.const("lo", np.float32(-0.5))
    g.const("hi", np.float32(0.75))
    g.node("mm", "MatMul", ["x", "w"])
    g.node("pre", "BiasAdd", ["mm", "b"])
    g.node("mlp", "Softmax", ["pre"])
    g.node("leaky", "LeakyRelu", ["x"], alpha=F(0.1))
    g.node("elu", "Elu", ["x"])
    g.node("relu6", "Relu6", ["pre"])
    g.node("gelu_tanh", "Gelu", ["x"], approximate=True)
    g.node("gelu", "Gelu", ["x"])
    g.node("nchw", "BiasAdd", ["img", "chan"], data_format=S("NCHW"))
    g.node("sel", "Select", ["cond", "x", "z"])
    g.node("clip", "ClipByValue", ["x", "lo", "hi"])
    g.node("parts", "Split", ["x"], axis=I(1), num_split=I(2))
    g.node("joined", "ConcatV2", ["parts:1", "parts:0"], axis=I(1))
    g.node("sq", "Square", ["joined"])
    g.node("expand", "ExpandDims", ["sq"], axis=I(1))
    g.node("squeeze", "Squeeze", ["expand"], squeeze_dims=IL([1]))
    g.node("sums", "Sum", ["squeeze"], axis=IL([1]), keep_dims=True)
    g.node("cast", "Cast", ["sums"], DstT=T("f64"))
    g.feeds = ["x", "w", "img", "cond", "z"]
    g.fetches = ["mlp", "leaky", "elu", "relu6", "gelu_tanh", "gelu", "nchw",
                 "sel", "clip", "cast"]
    return g


# Broken graphs -------------------------------------------------------------

@graph
def cycle():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("a", "Add", ["x", "c"])
    g.node("b", "Relu", ["a"])
    g.node("c", "Exp", ["b"])
    g.fetches = ["c"]
    return g


@graph
def missing_input():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("y", "Add", ["x", "nowhere"])
    g.fetches = ["y"]
    return g


@graph
def bad_output_index():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("y", "Relu", ["x:1"])
    g.fetches = ["y"]
    return g


@graph
def devices():
    """Device hints in TensorFlow's forms."""
    g = Graph()
    g.placeholder("x", "f32", [4])
    g.node("a", "Relu", ["x"],
           device="/job:localhost/replica:0/task:0/device:GPU:1")
    g.node("b", "Exp", ["a"], device="GPU:0")
    g.node("c", "Neg", ["b"], device="/cpu")
    g.node("d", "Tanh", ["c"], device="/job:localhost")
    g.node("e", "TopKV2", ["d"], device="/gpu:0", k=I(2))
    g.fetches = ["d", "e:0"]
    return g


@graph
def bad_device():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("y", "Relu", ["x"], device="/tpu:0")
    g.fetches = ["y"]
    return g


@graph
def unknown_op():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("y", "Foo", ["x"])
    g.fetches = ["y"]
    return g


@graph
def attr_type():
    g = Graph()
    g.placeholder("x", "f32", [2, 2])
    g.node("y", "MatMul", ["x", "x"], transpose_a=I(1))
    g.fetches = ["y"]
    return g


@graph
def attr_unexpected():
    g = Graph()
    g.placeholder("x", "f32", [2, 2])
    g.node("y", "Relu", ["x"], alpha=F(0.5))
    g.fetches = ["y"]
    return g


@graph
def shape_conflict():
    g = Graph()
    g.placeholder("x", "f32", [4, 3])
    g.placeholder("v", "f32", [5])
    g.node("y", "Add", ["x", "v"])
    g.fetches = ["y"]
    return g


@graph
def matmul_conflict():
    g = Graph()
    g.placeholder("x", "f32", [2, 3])
    g.node("y", "MatMul", ["x", "x"])
    g.fetches = ["y"]
    return g


@graph
def wrong_dtype():
    g = Graph()
    g.placeholder("x", "i32", [2])
    g.node("y", "Softmax", ["x"])
    g.fetches = ["y"]
    return g


@graph
def const_size():
    g = Graph()
    g.const("k", np.zeros(5, np.float32))
    g.node("y", "Neg", ["k"])
    g.fetches = ["y"]
    return g  # build() makes the tensor claim 6 elements


@graph
def duplicate_name():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("x", "Relu", ["x"])
    g.fetches = ["x"]
    return g


@graph
def not_fed():
    g = mlp()
    g.feeds = ["x"]
    return g


@graph
def variable():
    g = Graph()
    g.node("v", "VariableV2", dtype=T("f32"), shape=Shape([2]))
    g.node("y", "Neg", ["v"])
    g.fetches = ["y"]
    return g


# Variables: reads see the value at the start of the run unless an edge
# orders them after an assign; fetching a variable gives its start value.
@graph
def variables():
    g = Graph()
    g.node("v", "VariableV2", dtype=T("f32"), shape=Shape([2]),
           initial_value=np.array([1, 2], np.float32), trainable=True)
    g.node("step", "VariableV2", dtype=T("i64"), shape=Shape([]),
           initial_value=np.array(0, np.int64))
    g.const("c", np.array([10, 20], np.float32))
    g.const("one", np.array(1, np.int64))
    g.node("before", "Mul", ["v", "v"])
    g.node("a", "Assign", ["v", "c"], use_locking=True)
    g.node("after", "Neg", ["v"], control=["a"])
    g.node("add", "AssignAdd", ["v", "after"])
    g.node("count", "AssignAdd", ["step", "one"])
    g.node("train", "NoOp", control=["add", "count"])
    g.fetches = ["before", "after", "v"]
    g.targets = ["train"]
    return g


# A training step with a variable: W -= 0.5 * x^T (x W - y) / n.
@graph
def train_step():
    g = Graph()
    g.placeholder("x", "f32", [-1, 2])
    g.placeholder("y", "f32", [-1, 1])
    g.node("W", "VariableV2", dtype=T("f32"), shape=Shape([2, 1]),
           initial_value=np.array([[0.5], [-1.0]], np.float32))
    g.node("pred", "MatMul", ["x", "W"])
    g.node("err", "Sub", ["pred", "y"])
    g.node("grad", "MatMul", ["x", "err"], transpose_a=True)
    g.const("lr", np.array(0.25, np.float32))
    g.node("delta", "Mul", ["lr", "grad"])
    g.node("update", "AssignSub", ["W", "delta"])
    g.node("loss", "Sum", ["err"])
    g.fetches = ["loss"]
    g.targets = ["update"]
    return g


# A variable named like the entry function (`--entry step`).
@graph
def global_step():
    g = Graph()
    g.node("step", "VariableV2", dtype=T("i64"), shape=Shape([]),
           initial_value=np.array(5, np.int64))
    g.const("one", np.array(1, np.int64))
    g.node("inc", "AssignAdd", ["step", "one"])
    g.fetches = ["inc"]
    return g


@graph
def variable_huge():
    g = Graph()
    g.node("v", "VariableV2", dtype=T("f32"), shape=Shape([1 << 40, 1 << 30]),
           initial_value=np.zeros([1], np.float32))
    g.node("y", "Neg", ["v"])
    g.fetches = ["y"]
    return g


@graph
def assign_not_variable():
    g = Graph()
    g.const("c", np.array([1, 2], np.float32))
    g.node("a", "Assign", ["c", "c"])
    g.fetches = ["a"]
    return g


@graph
def assign_type():
    g = Graph()
    g.node("v", "VariableV2", dtype=T("f32"), shape=Shape([2]),
           initial_value=np.zeros([2], np.float32))
    g.const("c", np.array([1, 2, 3], np.float32))
    g.node("a", "Assign", ["v", "c"])
    g.fetches = ["a"]
    return g


@graph
def assign_add_bool():
    g = Graph()
    g.node("v", "VariableV2", dtype=T("bool"), shape=Shape([2]),
           initial_value=np.zeros([2], np.bool_))
    g.node("a", "AssignAdd", ["v", "v"])
    g.fetches = ["a"]
    return g


@graph
def variable_init_shape():
    g = Graph()
    g.node("v", "VariableV2", dtype=T("f32"), shape=Shape([2]),
           initial_value=np.zeros([3], np.float32))
    g.node("y", "Neg", ["v"])
    g.fetches = ["y"]
    return g


@graph
def variable_dynamic():
    g = Graph()
    g.node("v", "VariableV2", dtype=T("f32"), shape=Shape([-1]),
           initial_value=np.zeros([3], np.float32))
    g.node("y", "Neg", ["v"])
    g.fetches = ["y"]
    return g


@graph
def new_version():
    g = mlp()
    g.version = 3
    return g


def _loop_graph(body_reshape=False, cond_dtype="bool", self_call=False):
    """A While over (i, s, limit): s grows by one element an iteration (the
    importer widens its dim to dynamic; the body's argument says [1]), the
    placeholder n passed in as `limit`; then an If on a fed bool choosing
    between s's sum and its maximum. The arguments make broken variants."""
    g = Graph()
    g.placeholder("n", "i32", [])
    g.placeholder("p", "bool", [])
    g.const("zero", np.array(0, np.int32))
    g.const("start", np.array([1.5], np.float32))
    c = g.function("loop_cond", ["i", "s", "limit"], ["less"])
    c.placeholder("i", "i32", [])
    c.placeholder("s", "f32", [-1])
    c.placeholder("limit", "i32", [])
    if cond_dtype == "bool":
        c.node("less", "Less", ["i", "limit"])
    else:
        c.node("less", "Cast", ["i"], DstT=T(cond_dtype))
    b = g.function("loop_body", ["i", "s", "limit"],
                   ["next_i", "grown", "limit"])
    b.placeholder("i", "i32", [])
    b.placeholder("s", "f32", [1])
    b.placeholder("limit", "i32", [])
    b.const("one", np.array(1, np.int32))
    b.node("next_i", "AddV2", ["i", "one"])
    b.node("fi", "Cast", ["next_i"], DstT=T("f32"))
    b.node("fi1", "Reshape", ["fi"], shape=IL([1]))
    b.node("grown", "ConcatV2", ["s", "fi1"], axis=I(0))
    if body_reshape:
        b.node("grown2", "Reshape", ["grown"], shape=IL([-1, 1]))
        b.functions = []
        g.functions[-1] = ("loop_body", b, ["i", "s", "limit"],
                           ["next_i", "grown2", "limit"])
    if self_call:
        b.node("again", "While", ["i", "s", "limit"], cond=S("loop_cond"),
               body=S("loop_body"))
        g.functions[-1] = ("loop_body", b, ["i", "s", "limit"],
                           ["again", "again:1", "limit"])
    g.node("loop", "While", ["zero", "start", "n"], cond=S("loop_cond"),
           body=S("loop_body"), parallel_iterations=I(10))
    t = g.function("take_sum", ["v"], ["total"])
    t.placeholder("v", "f32", [-1])
    t.node("total", "Sum", ["v"], axis=IL([0]))
    e = g.function("take_max", ["v"], ["top"])
    e.placeholder("v", "f32", [-1])
    e.node("top", "Max", ["v"], axis=IL([0]))
    g.node("pick", "If", ["p", "loop:1"], then_branch=S("take_sum"),
           else_branch=S("take_max"))
    g.node("steps", "Identity", ["loop"])
    g.node("seq", "Identity", ["loop:1"])
    g.fetches = ["steps", "seq", "pick"]
    return g


@graph
def control_flow():
    return _loop_graph()


@graph
def while_rank():
    return _loop_graph(body_reshape=True)


@graph
def while_cond_type():
    return _loop_graph(cond_dtype="f32")


@graph
def while_recursive():
    return _loop_graph(self_call=True)


def _raw_loop_graph(exits=True, loop_cond=True, nested=False,
                    body_reshape=False):
    """control_flow's computation in TensorFlow 1.x's raw form, node by
    node as tf.while_loop and tf.cond write it: a frame of Enter, Merge,
    Switch on a LoopCond, NextIteration and Exit (n enters as a constant),
    and a cond of Switches on an Identity of p joined by a Merge. With
    `nested`, the body grows s by a cond (i odd: i, else -i) instead. The
    arguments make broken variants."""
    g = Graph()
    g.placeholder("n", "i32", [])
    g.placeholder("p", "bool", [])
    g.const("zero", np.array(0, np.int32))
    g.const("start", np.array([1.5], np.float32))
    frame = S("while/while_context")
    g.node("while/Enter", "Enter", ["zero"], frame_name=frame)
    g.node("while/Enter_1", "Enter", ["start"], frame_name=frame)
    g.node("while/Less/Enter", "Enter", ["n"], frame_name=frame,
           is_constant=True, parallel_iterations=I(10))
    g.node("while/Merge", "Merge", ["while/Enter", "while/NextIteration"])
    g.node("while/Merge_1", "Merge",
           ["while/NextIteration_1", "while/Enter_1"])
    # A constant of the loop's cond hangs on a Merge by a control edge.
    g.node("while/Less/y", "Const", control=["while/Merge"],
           value=np.array(0, np.int32), dtype=T("i32"))
    g.node("while/limit", "AddV2", ["while/Less/Enter", "while/Less/y"])
    g.node("while/Less", "Less", ["while/Merge", "while/limit"])
    if loop_cond:
        g.node("while/LoopCond", "LoopCond", ["while/Less"])
        g.node("while/Switch", "Switch", ["while/Merge", "while/LoopCond"])
        g.node("while/Switch_1", "Switch",
               ["while/Merge_1", "while/LoopCond"])
        g.node("while/Identity", "Identity", ["while/Switch:1"])
        g.node("while/Identity_1", "Identity", ["while/Switch_1:1"])
    else:
        g.node("while/Identity", "Identity", ["while/Merge"])
        g.node("while/Identity_1", "Identity", ["while/Merge_1"])
    # Constants in a body hang on its pivot by a control edge, as in TF.
    g.node("while/add/y", "Const", control=["while/Identity"],
           value=np.array(1, np.int32), dtype=T("i32"))
    g.node("while/add", "AddV2", ["while/Identity", "while/add/y"])
    g.node("while/Cast", "Cast", ["while/add"], DstT=T("f32"))
    g.node("while/Reshape", "Reshape", ["while/Cast"], shape=IL([1]))
    grow = "while/Reshape"
    if nested:
        # A cond inside the body: i odd gives i, even gives -i.
        g.const("while/two", np.array(2, np.int32))
        g.node("while/mod", "FloorMod", ["while/add", "while/two"])
        g.const("while/one", np.array(1, np.int32))
        g.node("while/odd", "Equal", ["while/mod", "while/one"])
        g.node("while/cond/pred_id", "Identity", ["while/odd"])
        g.node("while/cond/Switch", "Switch",
               ["while/Reshape", "while/cond/pred_id"])
        g.node("while/cond/Neg", "Neg", ["while/cond/Switch:0"])
        g.node("while/cond/Merge", "Merge",
               ["while/cond/Neg", "while/cond/Switch:1"])
        grow = "while/cond/Merge"
    g.node("while/concat", "ConcatV2", ["while/Identity_1", grow], axis=I(0))
    if body_reshape:
        g.node("while/concat2", "Reshape", ["while/concat"], shape=IL([-1, 1]))
    g.node("while/NextIteration", "NextIteration", ["while/add"])
    g.node("while/NextIteration_1", "NextIteration",
           ["while/concat2" if body_reshape else "while/concat"])
    if exits and loop_cond:
        g.node("while/Exit", "Exit", ["while/Switch"])
        g.node("while/Exit_1", "Exit", ["while/Switch_1"])
        steps, seq = "while/Exit", "while/Exit_1"
    else:
        steps, seq = "zero", "start"
    # tf.cond's pivots: a Switch of p on itself, an Identity of each
    # output; a branch's constants hang on its pivot.
    g.node("cond/Switch", "Switch", ["p", "p"])
    g.node("cond/switch_t", "Identity", ["cond/Switch:1"])
    g.node("cond/switch_f", "Identity", ["cond/Switch"])
    g.node("cond/pred_id", "Identity", ["p"])
    g.node("cond/Sum/Switch", "Switch", [seq, "cond/pred_id"])
    g.node("cond/Sum", "Sum", ["cond/Sum/Switch:1"], axis=IL([0]))
    g.node("cond/zero", "Const", control=["cond/switch_t"],
           value=np.array(0, np.float32), dtype=T("f32"))
    g.node("cond/Sum0", "AddV2", ["cond/Sum", "cond/zero"])
    g.node("cond/Max/Switch", "Switch", [seq, "cond/pred_id"])
    g.node("cond/Max", "Max", ["cond/Max/Switch:0"], axis=IL([0]))
    g.node("cond/Merge", "Merge", ["cond/Max", "cond/Sum0"])
    g.node("steps", "Identity", [steps])
    g.node("seq", "Identity", [seq])
    g.node("pick", "Identity", ["cond/Merge"])
    g.fetches = ["steps", "seq", "pick"]
    return g


@graph
def raw_control_flow():
    return _raw_loop_graph()


@graph
def raw_nested():
    return _raw_loop_graph(nested=True)


@graph
def raw_no_exit():
    return _raw_loop_graph(exits=False)


@graph
def raw_no_loop_cond():
    return _raw_loop_graph(loop_cond=False)


@graph
def raw_self():
    """A loop variable whose next value is the loop's own Exit."""
    g = _raw_loop_graph()
    k = [n[0] for n in g.nodes].index("while/NextIteration")
    g.nodes[k] = ("while/NextIteration", "NextIteration", ["while/Exit"], {},
                  [], "")
    return g


@graph
def raw_fetch_index():
    """A fetch of the cond Merge's value_index output."""
    g = _raw_loop_graph()
    g.fetches = ["cond/Merge:1"]
    return g


@graph
def raw_rank():
    return _raw_loop_graph(body_reshape=True)


@graph
def raw_mixed_merge():
    """A Merge of values from two different conds."""
    g = _raw_loop_graph()
    g.node("cond2/Switch", "Switch", ["while/Exit_1", "p"])
    k = [n[0] for n in g.nodes].index("cond/Merge")
    g.nodes[k] = ("cond/Merge", "Merge", ["cond/Max", "cond2/Switch:1"], {},
                  [], "")
    return g


def _set_pick(g, inputs, then_branch, else_branch):
    k = [n[0] for n in g.nodes].index("pick")
    g.nodes[k] = ("pick", "If", inputs, {"then_branch": S(then_branch),
                                         "else_branch": S(else_branch)},
                  [], "")


@graph
def if_branch_types():
    g = _loop_graph()
    e = g.function("take_int", ["v"], ["top"])
    e.placeholder("v", "f32", [-1])
    e.node("top", "Cast", ["v"], DstT=T("i32"))
    _set_pick(g, ["p", "loop:1"], "take_sum", "take_int")
    return g


@graph
def if_no_function():
    g = _loop_graph()
    _set_pick(g, ["p", "loop:1"], "take_sum", "nowhere")
    return g


@graph
def if_arity():
    g = _loop_graph()
    _set_pick(g, ["p", "loop:1", "n"], "take_sum", "take_max")
    return g


# Graphs beyond tfcc's limits on untrusted input (--max-*).

@graph
def huge_placeholder():
    g = Graph()
    g.placeholder("x", "f32", [1 << 20, 1 << 20])
    g.node("y", "Relu", ["x"])
    g.fetches = ["y"]
    return g


@graph
def huge_string():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("y", "Relu", ["x"], note=S("c" * (2 << 20)))
    g.fetches = ["y"]
    return g


@graph
def rank_bomb():
    g = Graph()
    g.placeholder("x", "f32", [1] * 100)
    g.node("y", "Relu", ["x"])
    g.fetches = ["y"]
    return g


@graph
def inputs_bomb():
    g = Graph()
    g.placeholder("x", "f32", [2])
    g.node("y", "AddN", ["x"] * 70000)
    g.fetches = ["y"]
    return g


@graph
def million_nodes():
    """One Relu node a million times over: its offset repeated in the
    graph's node vector (4 MB)."""
    g = Graph()
    g.node("y", "Relu", ["y"])
    g.repeat = 1000000
    return g


def _nested_calls(levels, then_same):
    """Functions f0 .. f<levels> where f<i> is an If whose then branch is
    f<i+1>; its else branch is f<i+1> too with `then_same`, else a leaf."""
    g = Graph()
    g.placeholder("p", "bool", [])
    g.placeholder("x", "f32", [2])
    leaf = g.function("leaf", ["p", "x"], ["r"])
    leaf.placeholder("p", "bool", [])
    leaf.placeholder("x", "f32", [2])
    leaf.node("r", "Relu", ["x"])
    for i in range(levels):
        f = g.function("f%d" % i, ["p", "x"], ["r"])
        f.placeholder("p", "bool", [])
        f.placeholder("x", "f32", [2])
        inner = "f%d" % (i + 1) if i + 1 < levels else "leaf"
        f.node("r", "If", ["p", "p", "x"], then_branch=S(inner),
               else_branch=S(inner if then_same else "leaf"))
    g.node("y", "If", ["p", "p", "x"], then_branch=S("f0"),
           else_branch=S("leaf"))
    g.fetches = ["y"]
    return g


@graph
def nested_calls():
    """Function calls 150 deep."""
    return _nested_calls(150, False)


@graph
def call_bomb():
    """20 levels of functions each calling the next twice: 2^20 calls of
    the leaf once inlined, from a file of 22 functions."""
    return _nested_calls(20, True)


def special(name, data):
    """Byte-level variants of valid graphs."""
    if name == "truncated":
        return data[:len(data) // 2]
    if name == "garbage":
        rng = np.random.default_rng(1)
        return b"\x20\x00\x00\x00TFG1" + rng.integers(
            0, 256, 300, dtype=np.uint8).tobytes()
    if name == "not_tfg":
        return b"this is not a graph file, just text\n"
    if name == "empty":
        return b""
    return data


SPECIAL = ["truncated", "garbage", "not_tfg", "empty"]


def build(name):
    if name in SPECIAL:
        return special(name, mlp().to_bytes())
    data = GRAPHS[name]().to_bytes()
    if name == "const_size":
        # Make the tensor claim 6 elements: its dims vector holds a single
        # 5 (int64) right before the data; find it and change it.
        five = np.int64(5).astype("<i8").tobytes()
        at = data.rfind(five)
        data = data[:at] + np.int64(6).astype("<i8").tobytes() + data[at + 8:]
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pydir", required=True,
                        help="the build's python folder (holds tfcc/tfg)")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("name", nargs="?")
    parser.add_argument("out", nargs="?")
    args = parser.parse_args()
    sys.path.insert(0, args.pydir)
    if args.list:
        print("\n".join(sorted(GRAPHS) + SPECIAL))
        return 0
    if args.name not in GRAPHS and args.name not in SPECIAL:
        parser.error("unknown graph '%s'" % args.name)
    with open(args.out, "wb") as f:
        f.write(build(args.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
