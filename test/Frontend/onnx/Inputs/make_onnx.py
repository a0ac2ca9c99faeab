"""Writes the small ONNX models the lit tests import: make_onnx.py NAME OUT.

Models are built with onnx.helper at test time, so no binary is committed.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
rng = np.random.default_rng(0)


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def model(nodes, inputs, outputs, inits=(), opset=13):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])


def mlp():
    """Gemm + Relu + Gemm + Softmax with a dynamic batch (dim_param)."""
    return model(
        [helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], name="fc1",
                          transB=1),
         helper.make_node("Relu", ["h"], ["r"], name="relu"),
         helper.make_node("Gemm", ["r", "w2", "b2"], ["l"], name="fc2"),
         helper.make_node("Softmax", ["l"], ["y"], name="softmax", axis=-1)],
        [vi("x", F, ["batch", 4])], [vi("y", F, ["batch", 3])],
        [init("w1", rng.standard_normal((8, 4)).astype(np.float32)),
         init("b1", np.zeros(8, np.float32)),
         init("w2", rng.standard_normal((8, 3)).astype(np.float32)),
         init("b2", np.arange(3, dtype=np.float32))])


def cnn():
    """Conv (SAME_UPPER, bias) + BatchNormalization + MaxPool (ceil_mode) +
    GlobalAveragePool + Flatten, the shape of a ResNet stem."""
    c = 4
    return model(
        [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv",
                          kernel_shape=[3, 3], strides=[2, 2],
                          auto_pad="SAME_UPPER"),
         helper.make_node("BatchNormalization", ["c", "s", "o", "m", "v"],
                          ["bn"], name="bn", epsilon=1e-3),
         helper.make_node("MaxPool", ["bn"], ["p"], name="pool",
                          kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1),
         helper.make_node("GlobalAveragePool", ["p"], ["g"], name="gap"),
         helper.make_node("Flatten", ["g"], ["y"], name="flatten")],
        [vi("x", F, [1, 3, 9, 9])], [vi("y", F, [1, c])],
        [init("w", rng.standard_normal((c, 3, 3, 3)).astype(np.float32)),
         init("b", np.ones(c, np.float32)),
         init("s", np.ones(c, np.float32)), init("o", np.zeros(c, np.float32)),
         init("m", np.zeros(c, np.float32)), init("v", np.ones(c, np.float32))])


def shapes():
    """Constant inputs: Reshape from a folded Shape, Unsqueeze axes (opset
    13 input), Slice bounds, unnamed nodes and a Constant node."""
    return model(
        [helper.make_node("Shape", ["x"], ["s"]),
         helper.make_node("Constant", [], ["axes"],
                          value=numpy_helper.from_array(
                              np.array([0], np.int64))),
         helper.make_node("Unsqueeze", ["x", "axes"], ["u"]),
         helper.make_node("Slice", ["u", "starts", "ends", "sl_axes"],
                          ["sl"]),
         helper.make_node("Reshape", ["sl", "s"], ["y"])],
        [vi("x", F, [2, 6])], [vi("y", F, [2, 6])],
        [init("starts", np.array([0, 0], np.int64)),
         init("ends", np.array([1, 100], np.int64)),
         init("sl_axes", np.array([0, 2], np.int64))])


def dynamic_reshape():
    """A reshape whose target is computed from a dynamic batch, as
    exporters write it: Shape -> Gather -> Unsqueeze -> Concat -> Reshape."""
    return model(
        [helper.make_node("Shape", ["x"], ["s"]),
         helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
         helper.make_node("Unsqueeze", ["n", "axes"], ["n1"]),
         helper.make_node("Concat", ["n1", "rest"], ["target"], axis=0),
         helper.make_node("Reshape", ["x", "target"], ["y"], name="reshape")],
        [vi("x", F, ["batch", 6])], [vi("y", F, ["batch", 2, 3])],
        [init("zero", np.array(0, np.int64)), init("axes", np.array([0], np.int64)),
         init("rest", np.array([2, 3], np.int64))])


def dynamic_fill():
    """ConstantOfShape of a shape with a dynamic batch: zeros sized at run
    time."""
    return model(
        [helper.make_node("Shape", ["x"], ["s"]),
         helper.make_node("ConstantOfShape", ["s"], ["y"], name="zeros")],
        [vi("x", F, ["batch", 6])], [vi("y", F, ["batch", 6])])


def runtime_slice():
    """Slice whose starts and ends are graph inputs: x[:, s:e] with ONNX's
    clamping done at run time."""
    return model(
        [helper.make_node("Slice", ["x", "starts", "ends", "axes"], ["y"],
                          name="slice")],
        [vi("x", F, ["batch", 6]), vi("starts", TensorProto.INT64, [1]),
         vi("ends", TensorProto.INT64, [1])],
        [vi("y", F, ["batch", None])],
        [init("axes", np.array([1], np.int64))])


def upsample():
    """Resize by 2 in nearest mode, as nn.Upsample exports it."""
    return model(
        [helper.make_node("Resize", ["x", "", "scales"], ["y"], name="up",
                          mode="nearest",
                          coordinate_transformation_mode="asymmetric",
                          nearest_mode="floor")],
        [vi("x", F, [1, 2, 3, 3])], [vi("y", F, [1, 2, 6, 6])],
        [init("scales", np.array([1, 1, 2, 2], np.float32))])


def lstm():
    """A forward LSTM over 2 steps, unrolled."""
    h, i = 3, 2
    return model(
        [helper.make_node("LSTM", ["x", "w", "r", "b"], ["", "yh"],
                          name="lstm", hidden_size=h)],
        [vi("x", F, [2, 1, i])], [vi("yh", F, [1, 1, h])],
        [init("w", rng.standard_normal((1, 4 * h, i)).astype(np.float32)),
         init("r", rng.standard_normal((1, 4 * h, h)).astype(np.float32)),
         init("b", np.zeros((1, 8 * h), np.float32))])


# Error cases.
def unsupported_op():
    return model([helper.make_node("NonZero", ["x"], ["y"], name="nz")],
                 [vi("x", F, [3])], [vi("y", TensorProto.INT64, [1, None])])


def dynamic_shape_input():
    return model([helper.make_node("Reshape", ["x", "s"], ["y"],
                                   name="reshape")],
                 [vi("x", F, [6]), vi("s", TensorProto.INT64, [2])],
                 [vi("y", F, [None, None])])


def shape_mismatch():
    return model([helper.make_node("Add", ["a", "b"], ["y"], name="add")],
                 [vi("a", F, [4, 3]), vi("b", F, [5])], [vi("y", F, None)])


def new_opset():
    return model([helper.make_node("Relu", ["x"], ["y"])], [vi("x", F, [3])],
                 [vi("y", F, [3])], opset=18)


def legacy_broadcast():
    """Add-6 with the broadcast attribute numpy rules do not reproduce."""
    return model([helper.make_node("Add", ["a", "b"], ["y"], name="add",
                                   broadcast=1, axis=0)],
                 [vi("a", F, [2, 3]), vi("b", F, [2])], [vi("y", F, [2, 3])],
                 opset=6)


def uint8_input():
    return model([helper.make_node("Identity", ["x"], ["y"])],
                 [vi("x", TensorProto.UINT8, [3])],
                 [vi("y", TensorProto.UINT8, [3])])


def undefined_input():
    return model([helper.make_node("Relu", ["nowhere"], ["y"], name="relu")],
                 [vi("x", F, [3])], [vi("y", F, [3])])


def if_types():
    """An If whose branches give different ranks."""
    then_g = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["t"])], "then", [], [vi("t", F, None)])
    else_g = helper.make_graph(
        [helper.make_node("Unsqueeze", ["x", "axes"], ["e"])], "else", [],
        [vi("e", F, None)], [init("axes", np.array([0], np.int64))])
    return model([helper.make_node("If", ["p"], ["y"], name="choose",
                                   then_branch=then_g, else_branch=else_g)],
                 [vi("p", TensorProto.BOOL, []), vi("x", F, [3])],
                 [vi("y", F, None)])


def loop_inner_error():
    """A Loop whose body adds tensors that do not broadcast."""
    body = helper.make_graph(
        [helper.make_node("Identity", ["c"], ["c_out"]),
         helper.make_node("Add", ["v", "w"], ["v_out"], name="inner_add")],
        "body", [vi("i", TensorProto.INT64, []), vi("c", TensorProto.BOOL, []),
                 vi("v", F, [3])],
        [vi("c_out", TensorProto.BOOL, []), vi("v_out", F, [3])])
    return model([helper.make_node("Loop", ["n", "", "x"], ["y"], name="loop",
                                   body=body)],
                 [vi("n", TensorProto.INT64, []), vi("x", F, [3]),
                  vi("w", F, [4])], [vi("y", F, [3])])


# Models beyond tfcc's limits on untrusted input (--max-*). The big ones are
# written as protobuf bytes directly: onnx.helper copies a subgraph into each
# node that holds it, so 10,000 nested Ifs would take quadratic time.

def _varint(n):
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    """A length-delimited field."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _model_bytes(graph):
    """ModelProto{ir_version=8, opset_import{version=17}, graph}."""
    return (_varint(1 << 3) + _varint(8) + _field(8, _varint(2 << 3) +
                                                  _varint(17)) +
            _field(7, graph))


def huge_input():
    """An input of 2^40 elements."""
    return model([helper.make_node("Relu", ["x"], ["y"])],
                 [vi("x", F, [1 << 20, 1 << 20])], [vi("y", F, None)])


def huge_constant_of_shape():
    """A ConstantOfShape of 2^48 elements from an eight-byte shape."""
    return model([helper.make_node("ConstantOfShape", ["s"], ["y"])], [],
                 [vi("y", F, None)],
                 [init("s", np.array([1 << 24, 1 << 24], np.int64))])


def huge_string():
    """An attribute string of 2 MiB."""
    return model([helper.make_node("Pad", ["x"], ["y"], name="pad",
                                   mode="c" * (2 << 20), pads=[0, 0])],
                 [vi("x", F, [2])], [vi("y", F, None)], opset=10)


def rank_bomb():
    """An input of a million dimensions of size 1 (2 MB of varints)."""
    return model([helper.make_node("Relu", ["x"], ["y"])],
                 [vi("x", F, [1] * 1000000)], [vi("y", F, None)])


def inputs_bomb():
    """A Sum of 100,000 inputs."""
    return model([helper.make_node("Sum", ["x"] * 100000, ["y"], name="sum")],
                 [vi("x", F, [2])], [vi("y", F, [2])])


def million_nodes():
    """A million Relu nodes (15 MB)."""
    node = _field(1, _field(1, b"t") + _field(2, b"t") + _field(4, b"Relu"))
    return _model_bytes(node * 1000000 + _field(2, b"g"))


def _nested_ifs(depth):
    """Ifs nested `depth` deep: each then branch holds the next If. Each
    level wraps the one inside in a prefix and a suffix, whose length fields
    depend only on its size: computed inside out, joined once."""
    leaf = helper.make_graph([helper.make_node("Identity", ["x"], ["o"])],
                             "leaf", [], [vi("o", F, [2])]).SerializeToString()
    graph_tail = _field(2, b"g") + _field(
        12, vi("o", F, [2]).SerializeToString())
    else_attr = _field(5, _field(1, b"else_branch") + _field(6, leaf) +
                       _varint(20 << 3) + _varint(5))
    prefixes, suffixes, size = [], [], len(leaf)
    for _ in range(depth):
        # attribute{name, g=<inner>, type=GRAPH}
        attr_head = _field(1, b"then_branch") + _varint(6 << 3 | 2) + \
            _varint(size)
        attr_tail = _varint(20 << 3) + _varint(5)
        attr_size = len(attr_head) + size + len(attr_tail)
        node_head = (_field(1, b"p") + _field(2, b"o") + _field(4, b"If") +
                     _varint(5 << 3 | 2) + _varint(attr_size))
        node_size = len(node_head) + attr_size + len(else_attr)
        graph_head = _varint(1 << 3 | 2) + _varint(node_size)
        prefixes.append(graph_head + node_head + attr_head)
        suffixes.append(attr_tail + else_attr + graph_tail)
        size = len(prefixes[-1]) + size + len(suffixes[-1])
    graph = b"".join(reversed(prefixes)) + leaf + b"".join(suffixes)
    graph += _field(11, vi("p", TensorProto.BOOL, []).SerializeToString())
    graph += _field(11, vi("x", F, [2]).SerializeToString())
    return _model_bytes(graph)


def nested_101():
    """Subgraphs 101 deep: parsed, then refused by the nesting limit."""
    return _nested_ifs(101)


def nested_10000():
    """Subgraphs 10,000 deep."""
    return _nested_ifs(10000)


def nested_types():
    """An input whose type is a sequence of sequences 1,000 deep: refused by
    the parser's recursion limit."""
    t = _field(1, _varint(1 << 3) + _varint(F))  # tensor_type{elem_type}
    for _ in range(1000):
        t = _field(4, _field(1, t))  # sequence_type{elem_type}
    node = _field(1, b"x") + _field(2, b"y") + _field(4, b"Identity")
    return _model_bytes(_field(1, node) + _field(2, b"g") +
                        _field(11, _field(1, b"x") + _field(2, t)) +
                        _field(12, _field(1, b"y")))


def main():
    name, out = sys.argv[1], sys.argv[2]
    if name == "garbage":
        with open(out, "wb") as f:
            f.write(b"\x01\x02 this is not a protobuf \xff\xfe")
        return
    if name == "empty":
        open(out, "wb").close()
        return
    m = globals()[name]()
    with open(out, "wb") as f:
        f.write(m if isinstance(m, bytes) else m.SerializeToString())


if __name__ == "__main__":
    main()
