"""tf.layers: TensorFlow's variable names and shapes, each layer's values
against numpy or PyTorch (float64: rtol=1e-10), batch normalization's
moving averages, and a conv -> batch norm -> pool -> dense network trained
for three SGD steps against a PyTorch replica with the same weights (losses
and weights to rtol=1e-9)."""

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

RNG = np.random.default_rng(3)


def test_variable_names_and_shapes():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    h = tf.layers.conv2d(x, 8, 3, padding="same", activation=tf.nn.relu)
    h = tf.layers.batch_normalization(h, training=True)
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.flatten(h)
    assert h.shape.as_list() == [None, 14 * 14 * 8]
    with tf.variable_scope("head"):
        h = tf.layers.dense(h, 32)
        h = tf.layers.dense(h, 10, name="logits")
    names = [(v.op.name, v.shape.as_list()) for v in tf.global_variables()]
    assert names == [
        ("conv2d/kernel", [3, 3, 1, 8]), ("conv2d/bias", [8]),
        ("batch_normalization/gamma", [8]), ("batch_normalization/beta", [8]),
        ("batch_normalization/moving_mean", [8]),
        ("batch_normalization/moving_variance", [8]),
        ("head/dense/kernel", [1568, 32]), ("head/dense/bias", [32]),
        ("head/logits/kernel", [32, 10]), ("head/logits/bias", [10])]
    trainable = {v.op.name for v in tf.trainable_variables()}
    assert "batch_normalization/moving_mean" not in trainable
    assert "conv2d/kernel" in trainable
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2
    # Unnamed layers are numbered within their variable scope; a name is
    # kept as given.
    assert tf.layers.dense(h, 4).op.name.startswith("dense/")
    assert tf.layers.dense(h, 4).op.name.startswith("dense_1/")
    with pytest.raises(ValueError, match="already exists"):
        tf.layers.dense(h, 4, name="dense_1")
    tf.layers.dense(h, 4, name="dense_1", reuse=True)


@needs_compiler
def test_layers_against_numpy_and_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    xv = RNG.standard_normal((2, 9, 9, 3))
    x = tf.placeholder(tf.float64, [None, 9, 9, 3])
    c = tf.layers.conv2d(x, 4, (3, 2), strides=(2, 1), padding="same",
                         bias_initializer=tf.random_normal_initializer())
    m = tf.layers.max_pooling2d(x, 3, 2)
    a = tf.layers.average_pooling2d(x, 2, 2, padding="same")
    d = tf.layers.dense(tf.layers.flatten(x), 5, activation=tf.nn.tanh)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        cv, mv, av, dv = sess.run([c, m, a, d], {x: xv})
        k, b = sess.run(["conv2d/kernel:0", "conv2d/bias:0"])
        dk, db = sess.run(["dense/kernel:0", "dense/bias:0"])
    xt = torch.from_numpy(xv.transpose(0, 3, 1, 2))
    # SAME with stride (2, 1) on 9x9: pad rows 1/1 (k=3), cols 0/1 (k=2).
    want = F.conv2d(F.pad(xt, (0, 1, 1, 1)),
                    torch.from_numpy(k.transpose(3, 2, 0, 1)),
                    torch.from_numpy(b), stride=(2, 1))
    np.testing.assert_allclose(cv, want.numpy().transpose(0, 2, 3, 1),
                               rtol=1e-10, atol=1e-12)
    want = F.max_pool2d(xt, 3, 2).numpy().transpose(0, 2, 3, 1)
    np.testing.assert_array_equal(mv, want)
    # SAME average pooling over 9 -> 5 windows: the last holds one row.
    pad = np.pad(xv, ((0, 0), (0, 1), (0, 1), (0, 0)))
    cnt = np.pad(np.ones((1, 9, 9, 1)), ((0, 0), (0, 1), (0, 1), (0, 0)))
    pool = pad.reshape(2, 5, 2, 5, 2, 3).sum((2, 4))
    n = cnt.reshape(1, 5, 2, 5, 2, 1).sum((2, 4))
    np.testing.assert_allclose(av, pool / n, rtol=1e-12)
    np.testing.assert_allclose(dv, np.tanh(xv.reshape(2, -1) @ dk + db),
                               rtol=1e-10)


@needs_compiler
def test_batch_normalization_moving_averages_and_inference():
    xv = RNG.standard_normal((6, 4, 4, 3)) * [1.0, 2.0, 3.0] + [0.5, -1, 2]
    x = tf.placeholder(tf.float64, [None, 4, 4, 3])
    training = tf.placeholder_with_default(False, shape=())
    y = tf.layers.batch_normalization(x, momentum=0.9, training=training)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    mm, mvar = tf.global_variables()[2:]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        yt, _ = sess.run([y, updates], {x: xv, training: True})
        mean, var = xv.mean((0, 1, 2)), xv.var((0, 1, 2))
        np.testing.assert_allclose(yt, (xv - mean) / np.sqrt(var + 1e-3),
                                   rtol=1e-10, atol=1e-12)
        n = 6 * 4 * 4
        want_mm = 0.1 * mean
        want_mv = 0.9 + 0.1 * var * n / (n - 1)
        np.testing.assert_allclose(sess.run(mm), want_mm, rtol=1e-12)
        np.testing.assert_allclose(sess.run(mvar), want_mv, rtol=1e-12)
        # Not training: the moving averages, which stay as they are.
        yi, _ = sess.run([y, updates], {x: xv})
        np.testing.assert_allclose(yi, (xv - want_mm) /
                                   np.sqrt(want_mv + 1e-3), rtol=1e-10)
        np.testing.assert_allclose(sess.run(mm), want_mm, rtol=1e-12)


@needs_compiler
def test_dropout_layer_follows_training():
    x = tf.ones([100, 100])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, rate=0.5, training=training)
    assert tf.layers.dropout(x, training=False).op.type == "Identity"
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {training: False}),
                                      np.ones((100, 100)))
        v = sess.run(y, {training: True})
    assert set(np.unique(v)) == {0.0, 2.0}


@needs_compiler
def test_cnn_with_batch_norm_trains_like_pytorch():
    torch = pytest.importorskip("torch")
    xv = RNG.standard_normal((8, 6, 6, 2))
    labels = RNG.integers(0, 3, 8)
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float64, [None, 6, 6, 2])
    y = tf.placeholder(tf.int64, [None])
    h = tf.layers.conv2d(x, 4, 3, padding="same", use_bias=False)
    h = tf.nn.relu(tf.layers.batch_normalization(h, training=True))
    h = tf.layers.max_pooling2d(h, 2, 2)
    logits = tf.layers.dense(tf.layers.flatten(h), 3)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    names = ["conv2d/kernel", "batch_normalization/gamma",
             "batch_normalization/beta", "dense/kernel", "dense/bias",
             "batch_normalization/moving_mean",
             "batch_normalization/moving_variance"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w0 = sess.run([n + ":0" for n in names])
        losses = [sess.run([loss, train], {x: xv, y: labels})[0]
                  for _ in range(3)]
        w1 = sess.run([n + ":0" for n in names])

    conv = torch.nn.Conv2d(2, 4, 3, padding=1, bias=False).double()
    bn = torch.nn.BatchNorm2d(4, eps=1e-3, momentum=0.01).double()
    fc = torch.nn.Linear(36, 3).double()
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(w0[0].transpose(3, 2, 0, 1)))
        bn.weight.copy_(torch.from_numpy(w0[1]))
        bn.bias.copy_(torch.from_numpy(w0[2]))
        fc.weight.copy_(torch.from_numpy(w0[3].T))
        fc.bias.copy_(torch.from_numpy(w0[4]))
    params = list(conv.parameters()) + list(bn.parameters()) + \
        list(fc.parameters())
    opt = torch.optim.SGD(params, lr=0.5)
    xt = torch.from_numpy(xv.transpose(0, 3, 1, 2))
    want = []
    for _ in range(3):
        opt.zero_grad()
        h = torch.max_pool2d(torch.relu(bn(conv(xt))), 2, 2)
        out = fc(h.permute(0, 2, 3, 1).reshape(8, -1))
        value = torch.nn.functional.cross_entropy(out,
                                                  torch.from_numpy(labels))
        value.backward()
        opt.step()
        want.append(value.item())
    np.testing.assert_allclose(losses, want, rtol=1e-9)
    got = [conv.weight.detach().numpy().transpose(2, 3, 1, 0),
           bn.weight.detach().numpy(), bn.bias.detach().numpy(),
           fc.weight.detach().numpy().T, fc.bias.detach().numpy(),
           bn.running_mean.numpy(), bn.running_var.numpy()]
    for name, a, b in zip(names, w1, got):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12,
                                   err_msg=name)
