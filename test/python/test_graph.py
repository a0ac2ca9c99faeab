"""Graph construction: names, scopes, devices, dtypes, operators and static
shape inference with TF-style errors (no compiler needed)."""

import numpy as np
import pytest

import tfcc as tf


def test_placeholder_and_constant_dtypes_and_shapes():
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    assert x.name == "x:0" and x.op.type == "Placeholder"
    assert x.dtype == tf.float32 and x.dtype == np.float32
    assert x.shape == [None, 784] and x.shape.as_list() == [None, 784]
    assert x.get_shape().rank == 2
    c = tf.constant(3.0)
    assert c.dtype == tf.float32 and c.shape == []
    assert tf.constant(3).dtype == tf.int32
    assert tf.constant(2 ** 40).dtype == tf.int64
    assert tf.constant(np.zeros((2, 3), np.float64)).dtype == tf.float64
    assert tf.constant([True, False]).dtype == tf.bool
    assert tf.constant(1.5, shape=[2, 2]).shape == [2, 2]
    assert tf.constant([1, 2], dtype=tf.float32).dtype == tf.float32
    with pytest.raises(TypeError):
        tf.constant(1.5, dtype=tf.int32)
    with pytest.raises(TypeError):
        tf.constant(np.zeros(3, np.float16))
    u = tf.placeholder(tf.int64, name="u")
    assert u.shape.rank is None


def test_unique_names_and_name_scopes():
    a = tf.constant(1.0)
    b = tf.constant(1.0)
    assert (a.op.name, b.op.name) == ("Const", "Const_1")
    with tf.name_scope("layer"):
        c = tf.add(a, b)
        with tf.name_scope("inner") as scope:
            assert scope == "layer/inner/"
            d = tf.multiply(c, c, name="prod")
    with tf.name_scope("layer"):
        e = tf.add(a, b)
    assert c.op.name == "layer/Add"
    assert d.op.name == "layer/inner/prod"
    assert e.op.name == "layer_1/Add"
    with tf.name_scope("layer/"):
        f = tf.add(a, b)
    assert f.op.name == "layer/Add_1"
    g = tf.identity(a, name="prod")
    h = tf.identity(a, name="prod")
    assert (g.op.name, h.op.name) == ("prod", "prod_1")
    graph = tf.get_default_graph()
    assert graph.get_tensor_by_name("layer/inner/prod:0") is d
    assert graph.get_operation_by_name("layer_1/Add") is e.op
    with pytest.raises(KeyError):
        graph.get_operation_by_name("nope")
    with pytest.raises(ValueError):
        tf.identity(a, name="bad:name")


def test_graphs_and_default_graph():
    g = tf.Graph()
    with g.as_default():
        assert tf.get_default_graph() is g
        x = tf.placeholder(tf.float32, [2])
    assert tf.get_default_graph() is not g
    assert x.graph is g and len(g.get_operations()) == 1
    y = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="same graph"):
        tf.add(x, y)
    tf.reset_default_graph()
    assert tf.get_default_graph().get_operations() == []


def test_device_hints_and_control_dependencies():
    x = tf.placeholder(tf.float32, [3])
    with tf.device("/gpu:0"):
        a = tf.exp(x)
        with tf.device("/cpu:0"):
            b = tf.log(x)
        with tf.device(None):
            c = tf.sqrt(x)
    assert (a.device, b.device, c.device, x.device) == \
        ("/gpu:0", "/cpu:0", "", "")
    with tf.control_dependencies([a, b.op]):
        d = tf.identity(x)
    assert d.op.control_inputs == [a.op, b.op]
    t = tf.group(a, c, name="train")
    assert t.type == "NoOp" and t.control_inputs == [a.op, c.op]


def test_operators_and_identity_equality():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.constant(np.ones((3, 4), np.float32))
    y = -(x @ w) * 2.0 + 1 - x[:, :1] / 4
    assert y.shape == [None, 4] and y.dtype == tf.float32
    assert (x < 1).dtype == tf.bool and (x >= x).shape == [None, 3]
    assert (x ** 2).op.type == "Pow"
    assert (3.0 - x).op.type == "Sub"
    assert (np.ones(3, np.float32) + x).op.type == "Add"
    assert x == x and not (x == tf.identity(x))  # identity, as in TF1
    assert tf.equal(x, x).dtype == tf.bool
    assert len({x, tf.identity(x)}) == 2  # hashable
    with pytest.raises(TypeError):
        bool(x)
    m = tf.placeholder(tf.bool, [3])
    assert (m & ~m | m).dtype == tf.bool
    i = tf.placeholder(tf.int32, [5])
    assert (i // 2).dtype == tf.int32 and (i % 3).op.type == "FloorMod"
    assert (i / 2).dtype == tf.float64  # truediv of ints, as in TF
    assert (x // 2.0).op.type == "Floor"


def test_dtype_mismatches_raise_type_errors():
    x = tf.placeholder(tf.float32, [3], name="x")
    i = tf.placeholder(tf.int32, [3], name="i")
    with pytest.raises(TypeError, match="does not match type float32"):
        tf.add(x, i)
    with pytest.raises(TypeError):
        i + np.array([1.5, 2, 3])  # floats do not convert to int32
    with pytest.raises(TypeError, match="allowed types"):
        tf.exp(i)
    with pytest.raises(TypeError):
        i + 1.5
    with pytest.raises(TypeError, match="bool"):
        tf.where(x, x, x)
    with pytest.raises(TypeError):
        tf.gather(x, x)


def test_broadcast_and_matmul_shape_errors():
    a = tf.placeholder(tf.float32, [2, 3])
    b = tf.placeholder(tf.float32, [2, 4])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are "
                       "3 and 4 for 'Add' .* input shapes: \\[2,3\\], "
                       "\\[2,4\\]"):
        tf.add(a, b)
    assert tf.add(a, tf.placeholder(tf.float32, [None, 1])).shape == [2, 3]
    assert tf.add(tf.placeholder(tf.float32, [None]), 1.0).shape == [None]
    with pytest.raises(ValueError, match="but are 3 and 2"):
        tf.matmul(a, a)
    assert tf.matmul(a, a, transpose_b=True).shape == [2, 2]
    assert tf.matmul(a, b, transpose_a=True).shape == [3, 4]
    bm = tf.matmul(tf.placeholder(tf.float32, [5, 1, 2, 3]),
                   tf.placeholder(tf.float32, [4, 3, 7]))
    assert bm.shape == [5, 4, 2, 7] and bm.op.type == "BatchMatMulV2"
    with pytest.raises(ValueError, match="rank 2"):
        tf.matmul(tf.placeholder(tf.float32, [3]), a)


def test_reductions_and_aliases():
    x = tf.placeholder(tf.float32, [None, 4, 5])
    assert tf.reduce_sum(x).shape == []
    assert tf.reduce_sum(x, axis=1).shape == [None, 5]
    assert tf.reduce_mean(x, reduction_indices=[1, -1]).shape == [None]
    assert tf.reduce_max(x, axis=-1, keepdims=True).shape == [None, 4, 1]
    assert tf.reduce_max(x, -1, keep_dims=True).shape == [None, 4, 1]
    r = tf.reduce_sum(x, axis=[2, 0])
    assert r.op.get_attr("axis") == [0, 2] and r.shape == [4]
    assert "axis" not in tf.reduce_sum(x).op.attrs
    with pytest.raises(ValueError, match="out of range"):
        tf.reduce_sum(x, axis=3)
    with pytest.raises(ValueError, match="both"):
        tf.reduce_sum(x, axis=1, reduction_indices=1)
    am = tf.argmax(x, axis=1)
    assert am.dtype == tf.int64 and am.shape == [None, 5]
    assert tf.argmax(x, dimension=2, output_type=tf.int32).dtype == tf.int32


def test_shape_ops():
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    assert tf.reshape(x, [-1, 2, 3]).shape == [None, 2, 3]
    c = tf.constant(np.zeros((4, 6), np.float32))
    assert tf.reshape(c, [3, -1]).shape == [3, 8]
    with pytest.raises(ValueError, match="Cannot reshape a tensor with 24 "
                       "elements to shape \\[5,5\\]"):
        tf.reshape(c, [5, 5])
    with pytest.raises(ValueError, match="Cannot reshape"):
        tf.reshape(c, [5, -1])
    assert tf.transpose(x).shape == [6, None]
    assert tf.transpose(c, [1, 0]).op.get_attr("perm") == [1, 0]
    with pytest.raises(ValueError, match="permutation"):
        tf.transpose(c, [0, 0])
    assert tf.concat([x, x], 1).shape == [None, 12]
    assert tf.concat([x, c], 0).shape == [None, 6]
    with pytest.raises(ValueError, match="Dimension 1 in both shapes must be "
                       "equal"):
        tf.concat([c, tf.zeros([2, 5])], 0)
    assert tf.slice(c, [1, 2], [-1, 3]).shape == [3, 3]
    with pytest.raises(ValueError, match="out of bounds"):
        tf.slice(c, [1, 2], [4, 3])
    parts = tf.split(c, 3, axis=1)
    assert len(parts) == 3 and parts[2].shape == [4, 2]
    assert parts[1].name == "split:1"
    assert [p.shape[1] for p in tf.split(c, [1, -1, 2], 1)] == [1, 3, 2]
    with pytest.raises(ValueError, match="evenly"):
        tf.split(c, 4, axis=1)
    e = tf.expand_dims(x, 1)
    assert e.shape == [None, 1, 6]
    assert tf.squeeze(e, [1]).shape == [None, 6]
    with pytest.raises(ValueError, match="Can not squeeze dim\\[1\\]"):
        tf.squeeze(x, [1])
    assert tf.squeeze(tf.zeros([1, 3, 1])).shape == [3]
    assert tf.pad(c, [[1, 2], [0, 3]]).shape == [7, 9]
    assert tf.cast(x, tf.int32).dtype == tf.int32
    assert tf.cast(x, tf.float32) is x
    st = tf.stack([x, x], axis=1, name="st")
    assert st.shape == [None, 2, 6] and st.op.name == "st"
    assert tf.zeros_like(x, name="z").op.name == "z"
    assert tf.broadcast_to(tf.constant([1.0, 2.0]), [3, 2]).shape == [3, 2]
    assert x[1:, -2:].shape == [None, 2]
    assert c[1].shape == [6] and c[..., 2].shape == [4]
    assert c[:, None, 1:3].shape == [4, 1, 2]
    with pytest.raises(IndexError):
        c[4]


def test_index_ops():
    params = tf.placeholder(tf.float32, [10, 4])
    ids = tf.placeholder(tf.int32, [None, 3])
    assert tf.gather(params, ids).shape == [None, 3, 4]
    assert tf.gather(params, ids, axis=1).shape == [10, None, 3]
    oh = tf.one_hot(ids, 5)
    assert oh.shape == [None, 3, 5] and oh.dtype == tf.float32
    assert tf.one_hot(ids, 5, axis=0).shape == [5, None, 3]
    assert tf.one_hot(ids, 5, on_value=2, off_value=0).dtype == tf.int32
    v, i = tf.nn.top_k(params, k=2)
    assert v.shape == [10, 2] and i.dtype == tf.int32
    assert i.name.endswith(":1")
    with pytest.raises(ValueError, match="at least k=5"):
        tf.nn.top_k(params, 5)
    seg = tf.unsorted_segment_sum(params, tf.constant(np.arange(10) % 3), 3)
    assert seg.shape == [3, 4]
    with pytest.raises(ValueError, match="prefix"):
        tf.unsorted_segment_sum(params, tf.constant([0, 1]), 3)
    w = tf.where(params > 0, params, tf.zeros([4]))
    assert w.shape == [10, 4]
    with pytest.raises(NotImplementedError):
        tf.where(params > 0)
    clip = tf.clip_by_value(params, 0.0, 1.0)
    assert clip.op.type == "ClipByValue" and clip.shape == [10, 4]


def test_nn_shapes():
    x = tf.placeholder(tf.float32, [None, 28, 28, 3])
    w = tf.constant(np.zeros((5, 5, 3, 8), np.float32))
    assert tf.nn.conv2d(x, w, 1, "SAME").shape == [None, 28, 28, 8]
    assert tf.nn.conv2d(x, w, [1, 2, 2, 1], "VALID").shape == \
        [None, 12, 12, 8]
    assert tf.nn.conv2d(x, w, 1, "VALID", dilations=2).shape == \
        [None, 20, 20, 8]
    explicit = tf.nn.conv2d(x, w, 1, [[0, 0], [2, 2], [1, 1], [0, 0]])
    assert explicit.shape == [None, 28, 26, 8]
    assert explicit.op.get_attr("padding") == "EXPLICIT"
    with pytest.raises(ValueError, match="multiple of input depth"):
        tf.nn.conv2d(x, tf.zeros([3, 3, 2, 4]), 1, "SAME")
    nchw = tf.placeholder(tf.float32, [2, 3, 9, 9])
    assert tf.nn.conv2d(nchw, w, 2, "SAME", data_format="NCHW").shape == \
        [2, 8, 5, 5]
    assert tf.nn.depthwise_conv2d(x, tf.zeros([3, 3, 3, 2]), [1, 1, 1, 1],
                                  "SAME").shape == [None, 28, 28, 6]
    assert tf.nn.max_pool(x, 2, 2, "VALID").shape == [None, 14, 14, 3]
    assert tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME").shape == \
        [None, 14, 14, 3]
    assert tf.nn.bias_add(x, tf.zeros([3])).shape == [None, 28, 28, 3]
    with pytest.raises(ValueError, match="as many biases"):
        tf.nn.bias_add(x, tf.zeros([4]))
    y, m, v = tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]),
                                     tf.zeros([3]), tf.ones([3]))
    assert y.shape == [None, 28, 28, 3] and y.op.type == "FusedBatchNormV3"
    bn = tf.nn.batch_normalization(x, 0.5, 2.0, None, None, 1e-3, name="bn")
    assert bn.op.name == "bn" and bn.shape == [None, 28, 28, 3]
    ln = tf.nn.layer_norm(tf.placeholder(tf.float32, [None, 7, 16]))
    assert ln.op.type == "LayerNorm" and ln.op.get_attr("begin_norm_axis") == 2
    assert len(ln.op.inputs) == 3 and ln.op.inputs[1].shape == [16]
    assert tf.nn.softmax(x, axis=1).op.get_attr("axis") == 1
    assert tf.nn.gelu(x, approximate=True).op.get_attr("approximate") is True


def test_random_ops_are_stateful_nodes():
    # Their values are test_random.py's; here, what the graph holds.
    a = tf.random_normal([3, 4], seed=7)
    assert a.op.type == "RandomStandardNormal" and a.shape == [3, 4]
    assert a.op.get_attr("seed2") == 7
    u = tf.random_uniform([100], -2, 3)
    assert u.op.type == "Add" and u.dtype == tf.float32
    i = tf.random_uniform([50], 0, 10, dtype=tf.int64, seed=2)
    assert i.dtype == tf.int64 and i.op.type == "RandomUniformInt"
    with pytest.raises(ValueError):
        tf.random_uniform([3], dtype=tf.int32)
    z = tf.zeros([2, 3], tf.int64)
    assert z.dtype == tf.int64 and not z.op.get_attr("value").any()
    assert (tf.ones([2]).op.get_attr("value") == 1).all()
    assert tf.fill([2, 2], 7).dtype == tf.int32
    assert tf.zeros_like(tf.placeholder(tf.float32, [None, 2])).shape == \
        [None, 2]
