"""End to end: graphs built with the Python API, exported to .tfg, compiled
by tfcc, called with numpy and compared with the same computation done
independently in numpy. Tolerances: float32 results rtol=1e-5 atol=1e-6
for elementwise chains, rtol=1e-4 atol=1e-5 where long reductions (matmul,
convolution) reorder float32 sums; integers and booleans exactly."""

import math

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

pytestmark = needs_compiler

RTOL, ATOL = 1e-5, 1e-6
RED_RTOL, RED_ATOL = 1e-4, 1e-5

erf = np.vectorize(math.erf, otypes=[np.float64])


def np_softmax(v, axis=-1):
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def close(got, want, rtol=RTOL, atol=ATOL):
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


def test_issue_example(tmp_path):
    rng = np.random.default_rng(0)
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    w = rng.standard_normal((784, 10)).astype(np.float32)
    W = tf.constant(w)
    y = tf.nn.softmax(tf.matmul(x, W), name="y")
    tf.export(str(tmp_path / "model.tfg"), fetches=[y])
    m = tf.compile(fetches=[y], feeds=[x])
    assert [(s.name, s.shape) for s in m.inputs] == [("x", (None, 784))]
    assert [(s.name, s.shape) for s in m.outputs] == [("y", (None, 10))]
    xv = rng.standard_normal((5, 784)).astype(np.float32) * 0.1
    out = m(x=xv)
    assert list(out) == ["y"]
    want = np_softmax(xv.astype(np.float64) @ w).astype(np.float32)
    close(out["y"], want, RED_RTOL, RED_ATOL)
    close(m(x=np.ones((5, 784), np.float32))["y"],
          np_softmax(np.ones((5, 784)) @ w).astype(np.float32),
          RED_RTOL, RED_ATOL)
    lib = str(tmp_path / "libmodel.so")
    m.save(lib)
    m2 = tf.load(lib)
    np.testing.assert_array_equal(m2(x=xv)["y"], out["y"])
    # The exported file compiles the same from a path.
    m3 = tf.compile(str(tmp_path / "model.tfg"))
    np.testing.assert_array_equal(m3(x=xv)["y"], out["y"])


def test_mlp():
    rng = np.random.default_rng(1)
    w1 = rng.standard_normal((20, 32)).astype(np.float32) * 0.3
    b1 = rng.standard_normal(32).astype(np.float32)
    w2 = rng.standard_normal((32, 5)).astype(np.float32) * 0.3
    b2 = rng.standard_normal(5).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 20], name="x")
    labels = tf.placeholder(tf.float32, [None, 5], name="labels")
    with tf.name_scope("hidden"):
        h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w1), b1))
    with tf.name_scope("out"):
        logits = tf.add(tf.matmul(h, tf.constant(w2)), b2, name="logits")
    probs = tf.nn.softmax(logits, name="probs")
    logp = tf.nn.log_softmax(logits, name="logp")
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels,
                                                   logits=logits),
        name="loss")
    m = tf.compile(fetches=[probs, logp, loss], feeds=[x, labels])
    xv = rng.standard_normal((9, 20)).astype(np.float32)
    lv = np_softmax(rng.standard_normal((9, 5))).astype(np.float32)
    out = m(x=xv, labels=lv)
    hv = np.maximum(xv.astype(np.float64) @ w1 + b1, 0)
    lg = hv @ w2 + b2
    close(out["probs"], np_softmax(lg).astype(np.float32), RED_RTOL, RED_ATOL)
    ls = lg - lg.max(1, keepdims=True)
    ls = ls - np.log(np.exp(ls).sum(1, keepdims=True))
    close(out["logp"], ls.astype(np.float32), RED_RTOL, RED_ATOL)
    close(out["loss"], np.float32(-(lv * ls).sum(1).mean()).reshape(()),
          RED_RTOL, RED_ATOL)


def np_conv2d(x, w, stride, padding, dilation=1):
    n, h, wd, c = x.shape
    kh, kw, _, o = w.shape
    ekh, ekw = (kh - 1) * dilation + 1, (kw - 1) * dilation + 1
    if padding == "SAME":
        oh, ow = -(-h // stride), -(-wd // stride)
        ph = max((oh - 1) * stride + ekh - h, 0)
        pw = max((ow - 1) * stride + ekw - wd, 0)
        pads = ((ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2))
    else:
        oh, ow = (h - ekh) // stride + 1, (wd - ekw) // stride + 1
        pads = ((0, 0), (0, 0))
    xp = np.pad(x, ((0, 0),) + pads + ((0, 0),))
    out = np.zeros((n, oh, ow, o))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i * dilation:i * dilation + (oh - 1) * stride + 1:
                       stride, j * dilation:j * dilation +
                       (ow - 1) * stride + 1:stride, :]
            out += patch @ w[i, j]
    return out


def np_pool(x, k, s, padding, kind):
    n, h, w, c = x.shape
    if padding == "SAME":
        oh, ow = -(-h // s), -(-w // s)
        ph, pw = max((oh - 1) * s + k - h, 0), max((ow - 1) * s + k - w, 0)
        pads = ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2),
                (0, 0))
    else:
        oh, ow = (h - k) // s + 1, (w - k) // s + 1
        pads = ((0, 0),) * 4
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x, pads, constant_values=fill)
    ones = np.pad(np.ones_like(x), pads)
    out = np.full((n, oh, ow, c), fill)
    cnt = np.zeros((n, oh, ow, c))
    for i in range(k):
        for j in range(k):
            sl = (slice(None), slice(i, i + (oh - 1) * s + 1, s),
                  slice(j, j + (ow - 1) * s + 1, s))
            if kind == "max":
                out = np.maximum(out, xp[sl])
            else:
                out = out + xp[sl]
                cnt += ones[sl]
    return out if kind == "max" else (out - fill) / cnt


def test_small_cnn():
    rng = np.random.default_rng(2)
    x = tf.placeholder(tf.float32, [None, 12, 12, 3], name="images")
    k1 = rng.standard_normal((3, 3, 3, 8)).astype(np.float32) * 0.3
    b1 = rng.standard_normal(8).astype(np.float32) * 0.1
    gamma = rng.uniform(0.5, 1.5, 8).astype(np.float32)
    beta = rng.standard_normal(8).astype(np.float32) * 0.1
    mean = rng.standard_normal(8).astype(np.float32) * 0.1
    var = rng.uniform(0.5, 2.0, 8).astype(np.float32)
    k2 = rng.standard_normal((3, 3, 8, 4)).astype(np.float32) * 0.3
    wf = rng.standard_normal((3 * 3 * 4, 6)).astype(np.float32) * 0.2
    c1 = tf.nn.conv2d(x, k1, strides=1, padding="SAME")
    c1 = tf.nn.relu(tf.nn.bias_add(c1, b1))
    bn, _, _ = tf.nn.fused_batch_norm(c1, gamma, beta, mean, var,
                                      epsilon=1e-3)
    p1 = tf.nn.max_pool(bn, ksize=2, strides=2, padding="VALID")
    c2 = tf.nn.conv2d(p1, k2, strides=[1, 2, 2, 1], padding="SAME")
    c2 = tf.nn.batch_normalization(c2, 0.1, 1.5, 0.2, 0.9, 1e-3)
    p2 = tf.nn.avg_pool(c2, ksize=3, strides=1, padding="SAME", name="p2")
    logits = tf.matmul(tf.reshape(p2, [-1, 36]), wf, name="logits")
    m = tf.compile(fetches=[logits, p2], feeds=[x])
    xv = rng.standard_normal((2, 12, 12, 3)).astype(np.float32)
    out = m(images=xv)
    r = np.maximum(np_conv2d(xv.astype(np.float64), k1, 1, "SAME") + b1, 0)
    r = (r - mean) / np.sqrt(var + 1e-3) * gamma + beta
    r = np_pool(r, 2, 2, "VALID", "max")
    r = np_conv2d(r, k2, 2, "SAME")
    r = (r - 0.1) / np.sqrt(1.5 + 1e-3) * 0.9 + 0.2
    r = np_pool(r, 3, 1, "SAME", "avg")
    close(out["p2"], r.astype(np.float32), RED_RTOL, RED_ATOL)
    close(out["logits"], (r.reshape(-1, 36) @ wf).astype(np.float32),
          RED_RTOL, RED_ATOL)


def np_depthwise(x, w, stride, padding):
    c, mult = w.shape[2], w.shape[3]
    outs = [np_conv2d(x[..., ci:ci + 1], w[:, :, ci:ci + 1, :], stride,
                      padding) for ci in range(c)]
    return np.concatenate(outs, axis=-1).reshape(
        outs[0].shape[:3] + (c * mult,))


def test_conv_variants_and_pad():
    rng = np.random.default_rng(9)
    x = tf.placeholder(tf.float32, [None, 9, 9, 4], name="x")
    w = rng.standard_normal((3, 3, 4, 6)).astype(np.float32)
    wg = rng.standard_normal((3, 3, 2, 6)).astype(np.float32)  # 2 groups
    wd = rng.standard_normal((3, 3, 4, 2)).astype(np.float32)
    fetches = [
        tf.nn.conv2d(x, w, strides=2, padding="SAME", name="s2"),
        tf.nn.conv2d(x, w, strides=1, padding="VALID", dilations=2,
                     name="dil"),
        tf.nn.conv2d(x, w, 1, [[0, 0], [1, 0], [2, 1], [0, 0]],
                     name="explicit"),
        tf.nn.conv2d(x, wg, 1, "SAME", name="grouped"),
        tf.nn.depthwise_conv2d(x, wd, [1, 1, 1, 1], "SAME", name="dw"),
        tf.identity(tf.transpose(tf.nn.conv2d(
            tf.transpose(x, [0, 3, 1, 2]), w, 1, "VALID",
            data_format="NCHW"), [0, 2, 3, 1]), name="nchw"),
        tf.pad(x, [[0, 0], [1, 2], [0, 1], [0, 0]], constant_values=-1.0,
               name="padded"),
    ]
    m = tf.compile(fetches=fetches, feeds=[x])
    xv = rng.standard_normal((2, 9, 9, 4)).astype(np.float32)
    out = m(x=xv)
    x64 = xv.astype(np.float64)
    f32 = np.float32
    close(out["s2"], np_conv2d(x64, w, 2, "SAME").astype(f32),
          RED_RTOL, RED_ATOL)
    close(out["dil"], np_conv2d(x64, w, 1, "VALID", 2).astype(f32),
          RED_RTOL, RED_ATOL)
    xp = np.pad(x64, ((0, 0), (1, 0), (2, 1), (0, 0)))
    close(out["explicit"], np_conv2d(xp, w, 1, "VALID").astype(f32),
          RED_RTOL, RED_ATOL)
    grouped = np.concatenate(
        [np_conv2d(x64[..., 2 * g:2 * g + 2], wg[..., 3 * g:3 * g + 3], 1,
                   "SAME") for g in range(2)], axis=-1)
    close(out["grouped"], grouped.astype(f32), RED_RTOL, RED_ATOL)
    close(out["dw"], np_depthwise(x64, wd, 1, "SAME").astype(f32),
          RED_RTOL, RED_ATOL)
    close(out["nchw"], np_conv2d(x64, w, 1, "VALID").astype(f32),
          RED_RTOL, RED_ATOL)
    close(out["padded"], np.pad(xv, ((0, 0), (1, 2), (0, 1), (0, 0)),
                                constant_values=-1.0))


def test_more_math():
    rng = np.random.default_rng(10)
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    i = tf.placeholder(tf.int32, [None, 5], name="i")
    fetches = [
        tf.floor(x, name="floor"), tf.ceil(x, name="ceil"),
        tf.round(x, name="round"), tf.sign(x, name="sign"),
        tf.sin(x, name="sin"), tf.cos(x, name="cos"),
        tf.reciprocal(x, name="recip"), tf.nn.softplus(x, name="softplus"),
        tf.nn.relu6(x * 4, name="relu6"),
        tf.nn.leaky_relu(x, alpha=0.1, name="leaky"),
        tf.nn.elu(x, name="elu"),
        tf.nn.gelu(x, approximate=True, name="gelu_tanh"),
        tf.reduce_prod(x, axis=1, name="prod"),
        tf.argmin(x, axis=1, output_type=tf.int32, name="argmin"),
        tf.identity(x // 0.5, name="fdiv"),
        tf.identity(i // 3, name="idiv"), tf.identity(i % 3, name="imod"),
        tf.identity(x % 0.75, name="fmod"),
    ]
    m = tf.compile(fetches=fetches, feeds=[x, i])
    xv = (rng.standard_normal((4, 5)) * 3).astype(np.float32)
    xv[0, :3] = [0.5, 1.5, -2.5]  # round half to even
    iv = rng.integers(-20, 20, (4, 5)).astype(np.int32)
    out = m(x=xv, i=iv)
    x64 = xv.astype(np.float64)
    f32 = np.float32
    for name, want in (("floor", np.floor(xv)), ("ceil", np.ceil(xv)),
                       ("round", np.round(xv)), ("sign", np.sign(xv))):
        np.testing.assert_array_equal(out[name], want)
    close(out["sin"], np.sin(x64).astype(f32))
    close(out["cos"], np.cos(x64).astype(f32))
    close(out["recip"], (1 / x64).astype(f32))
    close(out["softplus"], np.logaddexp(0, x64).astype(f32))
    close(out["relu6"], np.clip(xv * 4, 0, 6))
    close(out["leaky"], np.where(xv > 0, xv, xv * f32(0.1)))
    close(out["elu"], np.where(x64 > 0, x64, np.expm1(x64)).astype(f32))
    gt = 0.5 * x64 * (1 + np.tanh(np.sqrt(2 / np.pi) *
                                  (x64 + 0.044715 * x64 ** 3)))
    close(out["gelu_tanh"], gt.astype(f32), 1e-5, 1e-5)
    close(out["prod"], x64.prod(1).astype(f32), 1e-5, 1e-5)
    np.testing.assert_array_equal(out["argmin"], xv.argmin(1))
    np.testing.assert_array_equal(out["fdiv"], np.floor(xv / f32(0.5)))
    np.testing.assert_array_equal(out["idiv"], iv // 3)
    np.testing.assert_array_equal(out["imod"], iv % 3)
    close(out["fmod"], np.mod(xv, f32(0.75)), 1e-5, 1e-6)


def test_index_ops():
    rng = np.random.default_rng(3)
    table = rng.standard_normal((10, 4)).astype(np.float32)
    ids = tf.placeholder(tf.int32, [None, 3], name="ids")
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    emb = tf.gather(tf.constant(table), ids, name="emb")
    oh = tf.one_hot(ids, 10, on_value=2.0, off_value=-1.0, name="oh")
    am = tf.argmax(x, axis=1, name="am")
    wh = tf.where(x > 0, x, x * 0.1, name="wh")
    vals, idx = tf.nn.top_k(x, k=2, name="topk")
    seg = tf.unsorted_segment_sum(tf.transpose(x),
                                  tf.constant([0, 2, 0, 1, 2, 0]), 4,
                                  name="seg")
    clip = tf.clip_by_value(x, -0.5, 0.5, name="clip")
    cat = tf.concat([x[:, 1:3], tf.cast(ids, tf.float32)], axis=1, name="cat")
    m = tf.compile(fetches=[emb, oh, am, wh, vals, idx, seg, clip, cat],
                   feeds=[ids, x])
    iv = rng.integers(0, 10, (5, 3)).astype(np.int32)
    xv = rng.standard_normal((5, 6)).astype(np.float32)
    out = m(ids=iv, x=xv)
    close(out["emb"], table[iv])
    close(out["oh"], np.where(np.arange(10) == iv[..., None], 2.0,
                              -1.0).astype(np.float32))
    np.testing.assert_array_equal(out["am"], xv.argmax(1))
    close(out["wh"], np.where(xv > 0, xv, xv * np.float32(0.1)))
    order = np.argsort(-xv, axis=1, kind="stable")[:, :2]
    np.testing.assert_array_equal(out["topk:1"], order.astype(np.int32))
    close(out["topk"], np.take_along_axis(xv, order, 1))
    want = np.zeros((4, 5), np.float32)
    for row, s in enumerate([0, 2, 0, 1, 2, 0]):
        want[s] += xv[:, row]
    close(out["seg"], want)
    close(out["clip"], np.clip(xv, -0.5, 0.5))
    close(out["cat"], np.concatenate([xv[:, 1:3], iv.astype(np.float32)],
                                     1))


def test_elementwise_and_reductions():
    rng = np.random.default_rng(4)
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    y = tf.placeholder(tf.float32, [5], name="y")
    fetches = {
        "ew": tf.identity(tf.exp(x) * tf.tanh(y) - tf.sigmoid(x) / 2 +
                          tf.sqrt(tf.abs(x)) + tf.log(tf.abs(y) + 1) +
                          tf.erf(x) + tf.square(y), name="ew"),
        "gelu": tf.nn.gelu(x, name="gelu"),
        "mx": tf.maximum(x, y, name="mx"),
        "pw": tf.pow(tf.abs(x) + 1, 1.5, name="pw"),
        "sum0": tf.reduce_sum(x, axis=0, name="sum0"),
        "mean1": tf.reduce_mean(x, reduction_indices=1, keep_dims=True,
                                name="mean1"),
        "max_all": tf.reduce_max(x, name="max_all"),
        "cmp": tf.less(x, y, name="cmp"),
        "ne": tf.not_equal(x, y * 0, name="ne"),
        "t": tf.transpose(tf.reshape(x, [-1, 5, 1]), [2, 1, 0], name="t"),
    }
    m = tf.compile(fetches=list(fetches.values()), feeds=[x, y])
    xv = rng.standard_normal((3, 5)).astype(np.float32)
    yv = rng.standard_normal(5).astype(np.float32)
    out = m(x=xv, y=yv)
    x64, y64 = xv.astype(np.float64), yv.astype(np.float64)
    f32 = np.float32
    close(out["ew"], (np.exp(x64) * np.tanh(y64) - 1 / (1 + np.exp(-x64)) / 2
                      + np.sqrt(np.abs(x64)) + np.log(np.abs(y64) + 1) +
                      erf(x64) + y64 ** 2).astype(f32), 1e-5, 1e-5)
    close(out["gelu"], (x64 * 0.5 * (1 + erf(x64 / np.sqrt(2)))).astype(f32),
          1e-5, 1e-6)
    close(out["mx"], np.maximum(xv, yv))
    close(out["pw"], ((np.abs(x64) + 1) ** 1.5).astype(f32))
    close(out["sum0"], x64.sum(0).astype(f32))
    close(out["mean1"], x64.mean(1, keepdims=True).astype(f32))
    close(out["max_all"], xv.max().reshape(()))
    np.testing.assert_array_equal(out["cmp"], xv < yv)
    np.testing.assert_array_equal(out["ne"], xv != 0)
    close(out["t"], xv.reshape(-1, 5, 1).transpose(2, 1, 0))


def test_shape_and_select_ops():
    rng = np.random.default_rng(8)
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    b = tf.placeholder(tf.float32, [2, 3, 4], name="b")
    i = tf.placeholder(tf.int32, [None, 6], name="i")
    parts = tf.split(x, [1, -1, 2], axis=1, name="parts")
    fetches = [
        tf.where(x > 0, x, -x * 0.5, name="where"),
        tf.clip_by_value(x, -0.5, 0.5, name="clip"),
        tf.concat([x[:, 4:], tf.cast(i[:, :2], tf.float32)], 1, name="cat"),
        tf.identity(parts[1], name="mid"),
        tf.squeeze(tf.expand_dims(x, 1), [1], name="sq"),
        tf.broadcast_to(tf.constant([1.0, 2.0, 3.0]), [2, 3], name="bc"),
        tf.stack([x[:, 0], x[:, 5]], axis=1, name="st"),
        tf.matmul(b, tf.transpose(b, [0, 2, 1]), name="bmm"),
        tf.reduce_min(tf.negative(b), axis=[0, 2], name="rmin"),
        tf.cast(i, tf.float64, name="f64"),
        tf.maximum(i, 3, name="imax"),
    ]
    m = tf.compile(fetches=fetches, feeds=[x, b, i])
    xv = rng.standard_normal((4, 6)).astype(np.float32)
    bv = rng.standard_normal((2, 3, 4)).astype(np.float32)
    iv = rng.integers(-10, 10, (4, 6)).astype(np.int32)
    out = m(x=xv, b=bv, i=iv)
    close(out["where"], np.where(xv > 0, xv, -xv * np.float32(0.5)))
    close(out["clip"], np.clip(xv, -0.5, 0.5))
    close(out["cat"], np.concatenate([xv[:, 4:], iv[:, :2]], 1)
          .astype(np.float32))
    close(out["mid"], xv[:, 1:4])
    close(out["sq"], xv)
    close(out["bc"], np.array([[1, 2, 3]] * 2, np.float32))
    close(out["st"], np.stack([xv[:, 0], xv[:, 5]], 1))
    close(out["bmm"], (bv.astype(np.float64) @ bv.transpose(0, 2, 1))
          .astype(np.float32), RED_RTOL, RED_ATOL)
    close(out["rmin"], (-bv).min(axis=(0, 2)))
    np.testing.assert_array_equal(out["f64"], iv.astype(np.float64))
    np.testing.assert_array_equal(out["imax"], np.maximum(iv, 3))


def test_layer_norm():
    rng = np.random.default_rng(5)
    x = tf.placeholder(tf.float32, [None, 4, 8], name="x")
    g = rng.uniform(0.5, 1.5, 8).astype(np.float32)
    b = rng.standard_normal(8).astype(np.float32)
    y = tf.nn.layer_norm(x, g, b, begin_norm_axis=-1, epsilon=1e-5, name="y")
    m = tf.compile(fetches=[y], feeds=[x])
    xv = rng.standard_normal((3, 4, 8)).astype(np.float32) * 3 + 1
    x64 = xv.astype(np.float64)
    mu = x64.mean(-1, keepdims=True)
    var = x64.var(-1, keepdims=True)
    close(m(x=xv)["y"], ((x64 - mu) / np.sqrt(var + 1e-5) * g +
                         b).astype(np.float32), 1e-5, 1e-5)


def test_logical_ops_and_sparse_cross_entropy():
    rng = np.random.default_rng(6)
    a = tf.placeholder(tf.bool, [None, 4], name="a")
    b = tf.placeholder(tf.bool, [4], name="b")
    logits = tf.placeholder(tf.float32, [None, 5], name="logits")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    fetches = [tf.logical_and(a, b, name="and"),
               tf.logical_or(a, ~b, name="or"),
               tf.logical_xor(a, b, name="xor"),
               tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                   labels=labels, logits=logits), name="xent")]
    m = tf.compile(fetches=fetches, feeds=[a, b, logits, labels])
    av = rng.random((3, 4)) < 0.5
    bv = rng.random(4) < 0.5
    lg = rng.standard_normal((3, 5)).astype(np.float32)
    lb = rng.integers(0, 5, 3)
    out = m(a=av, b=bv, logits=lg, labels=lb)
    np.testing.assert_array_equal(out["and"], av & bv)
    np.testing.assert_array_equal(out["or"], av | ~bv)
    np.testing.assert_array_equal(out["xor"], av ^ bv)
    ls = lg.astype(np.float64)
    ls = ls - ls.max(1, keepdims=True)
    ls = ls - np.log(np.exp(ls).sum(1, keepdims=True))
    close(out["xent"], np.float32(-ls[np.arange(3), lb].mean()).reshape(()),
          RED_RTOL, RED_ATOL)


def test_partial_execution_and_output_names():
    a = tf.placeholder(tf.float32, [4], name="a")
    unused = tf.placeholder(tf.float32, [4], name="unused")
    tf.exp(unused, name="not_needed")
    parts = tf.split(tf.reshape(a, [2, 2]), 2, axis=0, name="parts")
    m = tf.compile(fetches=[parts[1], parts[0]])
    assert [s.name for s in m.inputs] == ["a"]
    assert [s.name for s in m.outputs] == ["parts:1", "parts"]
    out = m({a: np.arange(4, dtype=np.float32)})
    close(out["parts:1"], np.array([[2, 3]], np.float32))
    close(out["parts"], np.array([[0, 1]], np.float32))


def test_session_run():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.reduce_sum(x * x, axis=1, name="y")
    with tf.Session() as sess:
        v = sess.run(y, feed_dict={x: [[1, 2], [3, 4]]})
        np.testing.assert_array_equal(v, np.array([5, 25], np.float32))
        ys, xs = sess.run([y, x * 2], {x: np.ones((1, 2), np.float32)})
        np.testing.assert_array_equal(xs, [[2, 2]])


def test_compile_errors_name_the_problem():
    x = tf.placeholder(tf.float32, [3], name="x")
    y = tf.exp(x, name="y")
    other = tf.placeholder(tf.float32, [3], name="other")
    with pytest.raises(tf.CompileError, match="node 'x'.* not fed"):
        tf.compile(fetches=[y], feeds=[other])
    unknown_rank = tf.placeholder(tf.float32, None, name="u")
    with pytest.raises(tf.CompileError, match="node 'u'"):
        tf.compile(fetches=[tf.exp(unknown_rank)])


def on_gpu_or_none(build):
    """build() where the machine has a CUDA device; None where create says
    it has none (the model compiled: only the GPU is missing)."""
    try:
        return build()
    except tf.ModelError as e:
        assert "no CUDA device: model" in str(e)
        assert "has ops placed on gpu:0" in str(e)
        return None


def test_device_placement_and_soft_placement():
    """tf.device hints reach the compiler's placement. An op with a GPU
    kernel compiles for the GPU, and the model's create fails with a clear
    error where there is none; an op without one (top_k) fails the compile
    naming the node and the device, unless soft placement runs it on the
    CPU (tf.compile's soft_placement, a Session's
    ConfigProto(allow_soft_placement=True)). device="auto" keeps a CPU
    version that runs where there is no GPU."""
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    with tf.device("/gpu:0"):
        y = tf.exp(x, name="y")
    z = tf.tanh(y, name="z")
    xv = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    m = on_gpu_or_none(lambda: tf.compile(fetches=[z], feeds=[x]))
    if m is not None:
        close(m(x=xv)["z"], np.tanh(np.exp(xv)))
    m = tf.compile(fetches=[z], feeds=[x], device="auto")
    close(m(x=xv)["z"], np.tanh(np.exp(xv)))
    # Where each op runs: y asked for the GPU; on the CPU version every op
    # runs on the CPU.
    placed = {node: device for node, _, device in m.device_info()}
    assert placed["z"] == "cpu:0"
    info = m.gpu_info()
    if info is None:  # no GPU: the CPU version runs every op
        assert placed["y"] == "cpu:0"
    else:
        assert placed["y"] == "gpu:0" and info["launches"] > 0

    # Only top_k asks for the GPU, which has no kernel for it.
    t = tf.tanh(x)
    with tf.device("/gpu:0"):
        top = tf.nn.top_k(t, k=2, name="top").values
    want = np.sort(np.tanh(xv), axis=1)[:, ::-1][:, :2]
    with pytest.raises(tf.CompileError, match=r"node 'top'.*placed on gpu:0"):
        tf.compile(fetches=[top], feeds=[x])
    with pytest.raises(tf.CompileError, match=r"node 'top2'.*placed on gpu:0"):
        tf.compile(fetches=[tf.nn.top_k(x, k=2, name="top2").values],
                   feeds=[x], device="gpu")
    m = tf.compile(fetches=[top], feeds=[x], soft_placement=True)
    close(list(m(x=xv).values())[0], want)
    with pytest.raises(tf.CompileError, match="placed on gpu:0"):
        with tf.Session() as sess:
            sess.run(top, feed_dict={x: xv})
    config = tf.ConfigProto(allow_soft_placement=True)
    with tf.Session(config=config) as sess:
        close(sess.run(top, feed_dict={x: xv}), want)


def test_colocate_with(tmp_path):
    """tf.colocate_with: an op takes the device of the op it is colocated
    with, whatever the device scope (TensorFlow's `_class` attribute, which
    placement honours)."""
    import subprocess
    from tfcc import _build
    x = tf.placeholder(tf.float32, [4], name="x")
    with tf.device("/gpu:0"):
        e = tf.exp(x, name="e")
    with tf.device("/cpu:0"), tf.colocate_with(e):
        t = tf.tanh(e, name="t")
    assert t.op.device == "/gpu:0"
    assert t.op.attrs["_class"] == ("string_list", ["loc:@e"])
    n = tf.negative(t, name="n")
    path = str(tmp_path / "g.tfg")
    tf.export(path, fetches=[n], feeds=[x])
    placed = subprocess.run(
        [_build.tfcc_binary(), path, "--stop-after=graph", "-o", "-"],
        capture_output=True, text=True, check=True).stdout
    assert 'tfcc.tanh %0 {tfcc.colocate_with = ["e"], tfcc.device = ' \
        '"gpu:0", tfcc.device_hint = "gpu:0"}' in placed
    assert "tfcc.neg %1 :" in placed


def test_log_device_placement(capfd):
    """ConfigProto(log_device_placement=True): each compiled step prints
    where its ops run, as TensorFlow does."""
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    t = tf.tanh(x, name="t")
    with tf.device("/gpu:0"):
        top = tf.nn.top_k(t, k=2, name="top").values
    config = tf.ConfigProto(allow_soft_placement=True,
                            log_device_placement=True)
    with tf.Session(config=config) as sess:
        sess.run(top, feed_dict={x: np.ones((2, 3), np.float32)})
    err = capfd.readouterr().err
    assert "t: (tfcc.tanh): /job:localhost/replica:0/task:0/device:CPU:0" \
        in err
    assert "top: (tfcc.top_k): /job:localhost/replica:0/task:0/device:CPU:0" \
        in err
