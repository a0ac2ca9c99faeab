"""Run-time checks from Python: the TF1 programs and ONNX models that used
to return silent wrong answers (a reshape with the wrong element count,
operands that do not broadcast, gather ids out of range, integer division
by zero) now fail with an error naming the node and the sizes, and the same
programs with valid inputs still match numpy."""

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler
from tfcc.errors import InvalidArgumentError
from tfcc.runtime import ModelError, compile_file


@needs_compiler
def test_reshape_with_a_wrong_element_count():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y2 = tf.reshape(x, [-1, 2], name="y2")
    y6 = tf.reshape(x, [-1, 6], name="y6")
    with tf.Session() as sess:
        for y, n in ((y2, 2), (y6, 6)):
            with pytest.raises(InvalidArgumentError,
                               match=r"^node '%s' \(Reshape\): input has 9 "
                               r"elements, but shape \[-1,%d\] requires a "
                               r"multiple of %d$" % (y.op.name, n, n)):
                sess.run(y, {x: np.ones((3, 3), np.float32)})
        v = np.arange(12, dtype=np.float32).reshape(4, 3)
        np.testing.assert_array_equal(sess.run(y2, {x: v}), v.reshape(-1, 2))
        np.testing.assert_array_equal(sess.run(y6, {x: v}), v.reshape(-1, 6))


@needs_compiler
def test_gather_ids_out_of_range():
    table = np.arange(100, dtype=np.float32).reshape(50, 2)
    ids = tf.placeholder(tf.int32, [None], name="ids")
    emb = tf.gather(tf.constant(table), ids, name="emb")
    with tf.Session() as sess:
        for bad in (50, -1):
            with pytest.raises(InvalidArgumentError,
                               match=r"node 'emb' \(GatherV2\): index %d is "
                               r"out of range \[0, 50\)" % bad):
                sess.run(emb, {ids: np.array([3, bad], np.int32)})
        got = sess.run(emb, {ids: np.array([0, 49, 7], np.int32)})
        np.testing.assert_array_equal(got, table[[0, 49, 7]])


@needs_compiler
def test_integer_division_by_zero():
    a = tf.placeholder(tf.int32, [None], name="a")
    b = tf.placeholder(tf.int32, [None], name="b")
    q, r = a // b, a % b
    with tf.Session() as sess:
        for fetch in (q, r):
            with pytest.raises(InvalidArgumentError,
                               match="integer division by zero"):
                sess.run(fetch, {a: np.array([5, 7], np.int32),
                                 b: np.array([2, 0], np.int32)})
        av = np.array([5, -7, 7, -5], np.int32)
        bv = np.array([2, 2, -3, -3], np.int32)
        got_q, got_r = sess.run([q, r], {a: av, b: bv})
    np.testing.assert_array_equal(got_q, av // bv)
    np.testing.assert_array_equal(got_r, av % bv)


@needs_compiler
def test_constant_integer_division_by_zero():
    q = tf.constant(5) // tf.constant(0)
    r = tf.constant(5) % tf.constant(0)
    with tf.Session() as sess:
        for fetch in (q, r):
            with pytest.raises(InvalidArgumentError,
                               match="integer division by zero"):
                sess.run(fetch)


@needs_compiler
def test_broadcast_of_two_dynamic_dims():
    a = tf.placeholder(tf.float32, [None], name="a")
    b = tf.placeholder(tf.float32, [None], name="b")
    y = tf.add(a, b, name="y")
    m = tf.compile(fetches=[y], feeds=[a, b])
    with pytest.raises(ModelError, match=r"node 'y' \(Add\): dims 5 and 3 of "
                       r"operands 0 and 1 do not broadcast"):
        m(a=np.ones(5, np.float32), b=np.ones(3, np.float32))
    out = m(a=np.arange(3, dtype=np.float32), b=np.ones(3, np.float32))
    np.testing.assert_array_equal(out["y"], np.arange(3) + 1.0)


# --- ONNX models -----------------------------------------------------------------

def _onnx_model(tmp_path, nodes, inputs, outputs, initializers=()):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    def info(name, shape, dtype=TensorProto.FLOAT):
        return helper.make_tensor_value_info(name, dtype, shape)
    graph = helper.make_graph(
        [helper.make_node(*n[:3], name=n[3]) for n in nodes], "g",
        [info(*i) for i in inputs], [info(*o) for o in outputs],
        list(initializers))
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    path = tmp_path / "model.onnx"
    onnx.save(model, str(path))
    return compile_file(path)


@needs_compiler
def test_onnx_add_of_two_dynamic_dims(tmp_path):
    m = _onnx_model(tmp_path, [("Add", ["a", "b"], ["y"], "add0")],
                    [("a", ["N"]), ("b", ["M"])], [("y", ["N"])])
    with pytest.raises(ModelError, match=r"model.onnx: node 'add0' \(Add\): "
                       r"dims 5 and 3 of operands 0 and 1 do not broadcast"):
        m(a=np.arange(5, dtype=np.float32), b=np.ones(3, np.float32))
    out = m(a=np.arange(3, dtype=np.float32), b=np.ones(3, np.float32))
    np.testing.assert_array_equal(out["y"], np.arange(3) + 1.0)


@needs_compiler
def test_onnx_reshape_and_gather(tmp_path):
    from onnx import TensorProto, numpy_helper
    shape = numpy_helper.from_array(np.array([4, 4], np.int64), "shape")
    table = np.arange(20, dtype=np.float32).reshape(10, 2)
    m = _onnx_model(
        tmp_path,
        [("Reshape", ["x", "shape"], ["y"], "reshape0"),
         ("Gather", ["table", "ids"], ["rows"], "gather0")],
        [("x", ["N"]), ("ids", ["K"], TensorProto.INT64)],
        [("y", [4, 4]), ("rows", ["K", 2])],
        [shape, numpy_helper.from_array(table, "table")])
    ok_ids = np.array([0, -1, 9], np.int64)  # ONNX counts -1 from the end
    with pytest.raises(ModelError, match=r"node 'reshape0' \(Reshape\): input "
                       r"has 5 elements, but shape \[4,4\] has 16"):
        m(x=np.ones(5, np.float32), ids=ok_ids)
    for bad in (10, -11):
        with pytest.raises(ModelError, match=r"node 'gather0' \(Gather\): "
                           r"index %d is out of range \[-10, 10\)" % bad):
            m(x=np.ones(16, np.float32), ids=np.array([1, bad], np.int64))
    x = np.arange(16, dtype=np.float32)
    out = m(x=x, ids=ok_ids)
    np.testing.assert_array_equal(out["y"], x.reshape(4, 4))
    np.testing.assert_array_equal(out["rows"], table[ok_ids])


@needs_compiler
def test_onnx_gather_elements_out_of_range(tmp_path):
    from onnx import TensorProto, helper
    onnx = pytest.importorskip("onnx")
    node = helper.make_node("GatherElements", ["d", "i"], ["y"], axis=1,
                            name="ge0")
    graph = helper.make_graph(
        [node], "g",
        [helper.make_tensor_value_info("d", TensorProto.FLOAT, [2, 3]),
         helper.make_tensor_value_info("i", TensorProto.INT64, [2, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])])
    path = tmp_path / "ge.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 13)]), str(path))
    m = compile_file(path)
    d = np.arange(6, dtype=np.float32).reshape(2, 3)
    ok = np.array([[0, 2], [-1, 1]], np.int64)
    np.testing.assert_array_equal(m(d=d, i=ok)["y"],
                                  np.take_along_axis(d, ok % 3, axis=1))
    with pytest.raises(ModelError, match=r"node 'ge0' \(GatherElements\): "
                       r"index 3 is out of range \[0, 3\)"):
        m(d=d, i=np.array([[0, 3], [1, 1]], np.int64))


@needs_compiler
def test_squeeze_of_a_dynamic_dim():
    x = tf.placeholder(tf.float32, [None, None], name="x")
    y = tf.squeeze(x, [1], name="y")
    with tf.Session() as sess:
        with pytest.raises(InvalidArgumentError,
                           match=r"node 'y' \(Squeeze\): dim 1 is 3; only a "
                           r"dim of size 1 can be squeezed"):
            sess.run(y, {x: np.ones((2, 3), np.float32)})
        np.testing.assert_array_equal(
            sess.run(y, {x: np.arange(4, dtype=np.float32).reshape(4, 1)}),
            np.arange(4, dtype=np.float32))
