"""tf.export writes a .tfg file that the generated FlatBuffers reader reads
back node by node (no compiler needed; the generated tfcc.tfg modules come
from the build directory)."""

import numpy as np
import pytest

import tfcc as tf

G = pytest.importorskip("tfcc.tfg.Graph", reason="tfcc.tfg not generated "
                        "(build TfgSchemaGen, set TFCC_BUILD_DIR)")
from tfcc.tfg import (AttrValue, BoolValue, DataType, FloatValue,  # noqa
                      IntList, IntValue, Shape, StringValue, Tensor,
                      TypeValue)


def read(path):
    with open(path, "rb") as f:
        buf = f.read()
    assert G.Graph.GraphBufferHasIdentifier(buf, 0)
    return G.Graph.GetRootAs(buf, 0)


def nodes(graph):
    return {graph.Nodes(i).Name().decode(): graph.Nodes(i)
            for i in range(graph.NodesLength())}


def attrs(node):
    """name -> python value, decoding the union."""
    out = {}
    for i in range(node.AttrsLength()):
        a = node.Attrs(i)
        kind, table = a.ValueType(), a.Value()
        cls = {AttrValue.AttrValue.IntValue: IntValue.IntValue,
               AttrValue.AttrValue.FloatValue: FloatValue.FloatValue,
               AttrValue.AttrValue.BoolValue: BoolValue.BoolValue,
               AttrValue.AttrValue.StringValue: StringValue.StringValue,
               AttrValue.AttrValue.TypeValue: TypeValue.TypeValue,
               AttrValue.AttrValue.Shape: Shape.Shape,
               AttrValue.AttrValue.Tensor: Tensor.Tensor,
               AttrValue.AttrValue.IntList: IntList.IntList}[kind]
        v = cls()
        v.Init(table.Bytes, table.Pos)
        if cls is Shape.Shape:
            value = None if v.UnknownRank() else list(v.DimsAsNumpy()) \
                if v.DimsLength() else []
        elif cls is Tensor.Tensor:
            dims = list(v.DimsAsNumpy()) if v.DimsLength() else []
            value = (v.Dtype(), dims, bytes(v.DataAsNumpy())
                     if v.DataLength() else b"")
        elif cls is IntList.IntList:
            value = list(v.ValuesAsNumpy()) if v.ValuesLength() else []
        else:
            value = v.Value()
            if isinstance(value, bytes):
                value = value.decode()
        out[a.Name().decode()] = value
    names = [node.Attrs(i).Name() for i in range(node.AttrsLength())]
    assert names == sorted(names), "attrs must be sorted by name"
    return out


def signature(graph):
    s = graph.Signature()
    return ([s.Feeds(i).decode() for i in range(s.FeedsLength())],
            [s.Fetches(i).decode() for i in range(s.FetchesLength())],
            [s.Targets(i).decode() for i in range(s.TargetsLength())])


def test_issue_example_round_trip(tmp_path):
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    w = np.random.RandomState(0).randn(784, 10).astype(np.float32)
    W = tf.constant(w)
    y = tf.nn.softmax(tf.matmul(x, W), name="y")
    path = tf.export(str(tmp_path / "model.tfg"), fetches=[y])
    g = read(path)
    assert g.Version() == 1 and g.Producer().startswith(b"tfcc-python")
    n = nodes(g)
    assert sorted(n) == ["Const", "MatMul", "x", "y"]
    assert n["x"].Op() == b"Placeholder"
    assert attrs(n["x"]) == {"dtype": DataType.DataType.Float32,
                             "shape": [-1, 784]}
    dtype, dims, data = attrs(n["Const"])["value"]
    assert dtype == DataType.DataType.Float32 and dims == [784, 10]
    np.testing.assert_array_equal(
        np.frombuffer(data, "<f4").reshape(784, 10), w)
    mm = n["MatMul"]
    assert [mm.Inputs(i) for i in range(mm.InputsLength())] == \
        [b"x", b"Const"]
    assert attrs(mm) == {"transpose_a": False, "transpose_b": False}
    assert n["y"].Op() == b"Softmax" and attrs(n["y"]) == {"axis": -1}
    assert signature(g) == (["x"], ["y"], [])


def test_signature_names_outputs_devices_and_control_inputs(tmp_path):
    x = tf.placeholder(tf.float32, [4, 6], name="x")
    unused = tf.placeholder(tf.int32, [2], name="unused")
    tf.identity(unused)
    with tf.name_scope("block"), tf.device("/gpu:0"):
        parts = tf.split(x, 3, axis=1)
        with tf.control_dependencies([parts[0]]):
            z = tf.exp(parts[2], name="z")
    done = tf.no_op(name="done")
    path = str(tmp_path / "g.tfg")
    tf.export(path, fetches=[parts[1], z], targets=[done])
    g = read(path)
    n = nodes(g)
    assert signature(g) == (["x"], ["block/split:1", "block/z"], ["done"])
    zn = n["block/z"]
    assert zn.Inputs(0) == b"block/split:2"
    assert [zn.ControlInputs(i) for i in range(zn.ControlInputsLength())] \
        == [b"block/split"]
    assert zn.Device() == b"/gpu:0" and n["x"].Device() in (None, b"")
    assert attrs(n["block/split"]) == {"axis": 1, "num_split": 3}
    # The whole graph is written, pruning is the compiler's job.
    assert "unused" in n
    # Explicit feeds and fetches by name.
    tf.export(path, fetches=["block/z:0"], feeds=["x"])
    assert signature(read(path))[:2] == (["x"], ["block/z"])


def test_attribute_kinds(tmp_path):
    i = tf.placeholder(tf.int64, [None, 3], name="i")
    oh = tf.one_hot(i, 4, on_value=2.0, off_value=-1.0, name="oh")
    r = tf.reduce_sum(oh, axis=[1, 2], keepdims=True, name="r")
    c = tf.cast(r, tf.int32, name="c")
    b = tf.constant([True, False, True], name="b")
    p = tf.placeholder(tf.bool, None, name="p")
    path = str(tmp_path / "a.tfg")
    tf.export(path, fetches=[c, b, tf.logical_and(p, p)])
    n = nodes(read(path))
    assert attrs(n["oh"]) == {"axis": -1, "depth": 4, "dtype": 1,
                              "off_value": -1.0, "on_value": 2.0}
    assert attrs(n["r"]) == {"axis": [1, 2], "keep_dims": True}
    assert attrs(n["c"]) == {"DstT": DataType.DataType.Int32}
    assert attrs(n["b"])["value"] == (DataType.DataType.Bool, [3],
                                      b"\x01\x00\x01")
    assert attrs(n["p"])["shape"] is None


def test_export_errors(tmp_path):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.exp(x, name="y")
    with pytest.raises(ValueError, match="nothing to export"):
        tf.export(str(tmp_path / "e.tfg"), fetches=[])
    with pytest.raises(ValueError, match="fetch 'nope'"):
        tf.export(str(tmp_path / "e.tfg"), fetches=["nope"])
    with pytest.raises(ValueError, match="given twice"):
        tf.export(str(tmp_path / "e.tfg"), fetches=[y, y])
    g = tf.Graph()
    with g.as_default():
        other = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="not in the exported graph"):
        tf.export(str(tmp_path / "e.tfg"), fetches=[y], feeds=[other])
