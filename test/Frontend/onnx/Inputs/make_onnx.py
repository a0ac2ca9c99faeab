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
        f.write(m.SerializeToString())


if __name__ == "__main__":
    main()
