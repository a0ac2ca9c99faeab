"""Writes the options app's graph models into OUTDIR: graph.tfg with tfcc's
Python package (the installed one, from PYTHONPATH) and gemm.onnx with
onnx.helper. Their constants are the ones main.c checks against."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import tfcc as tf

out = sys.argv[1]

# x -> h = relu(x W) -> y = 3 h -> z = y + 1; the signature fetches z from x.
x = tf.placeholder(tf.float32, [None, 3], name="x")
w = tf.constant(np.ones((3, 2), np.float32))
h = tf.nn.relu(tf.matmul(x, w), name="h")
y = tf.multiply(h, 3.0, name="y")
z = tf.add(y, 1.0, name="z")
tf.export(os.path.join(out, "graph.tfg"), fetches=[z], feeds=[x])

# y = x W + b as one Gemm, with a dynamic batch; its input is also named x.
W = np.array([[1.0, -1.0], [0.5, 2.0], [-2.0, 0.25]], np.float32)
b = np.array([0.5, -0.5], np.float32)
graph = helper.make_graph(
    [helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="gemm")], "gemm",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 2])],
    [numpy_helper.from_array(W, "w"), numpy_helper.from_array(b, "b")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.checker.check_model(model)
onnx.save(model, os.path.join(out, "gemm.onnx"))
