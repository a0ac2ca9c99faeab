"""TF 1.15 names (reduce_logsumexp, norm, global_norm, clip_by_norm,
clip_by_global_norm, tile, range, cumsum, nn.l2_normalize, nn.moments,
einsum, gather_nd, scatter_nd, strided slices):
values against numpy (float64: rtol=1e-12, atol=1e-12) and
their tf.gradients against central finite differences of the same graph
(h=1e-6, rtol=1e-6, atol=1e-9)."""

import numpy as np
import pytest

import tfcc as tf
from conftest import central_differences, needs_compiler

RNG = np.random.default_rng(11)
X = RNG.standard_normal((3, 4)) * 3.0


def check(build, want, x_v=X):
    """build(x) gives a tensor; its value at x_v against `want` (numpy),
    and d sum(out * w) / dx against finite differences, w fixed weights."""
    x = tf.placeholder(tf.float64, list(x_v.shape), name="x")
    out = build(x)
    w = np.random.default_rng(1).standard_normal(out.shape.as_list())
    loss = tf.reduce_sum(out * w)
    (grad,) = tf.gradients(loss, [x])
    with tf.Session() as sess:
        got, got_grad = sess.run([out, grad], {x: x_v})
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
        num = central_differences(lambda v: sess.run(loss, {x: v}), x_v)
        np.testing.assert_allclose(got_grad, num, rtol=1e-6, atol=1e-9)


def logsumexp(x, axis, keepdims=False):
    top = x.max(axis=axis, keepdims=True)
    out = np.log(np.exp(x - top).sum(axis=axis, keepdims=True)) + top
    return out if keepdims else np.squeeze(out, axis=axis)


@needs_compiler
@pytest.mark.parametrize("axis,keepdims", [(1, False), (0, True),
                                           (None, False)])
def test_reduce_logsumexp(axis, keepdims):
    check(lambda x: tf.reduce_logsumexp(x, axis, keepdims=keepdims),
          logsumexp(X, axis, keepdims))
    # Where exp alone would overflow.
    big = tf.constant(X + 800.0)
    with tf.Session() as sess:
        np.testing.assert_allclose(
            sess.run(tf.reduce_logsumexp(big, axis, keepdims=keepdims)),
            logsumexp(X + 800.0, axis, keepdims), rtol=1e-12)


@needs_compiler
@pytest.mark.parametrize("ord_,axis", [("euclidean", None), (2, 1),
                                       (1, 0), (np.inf, 1)])
def test_norm(ord_, axis):
    want = np.linalg.norm(X.ravel(), 2) if axis is None else \
        np.linalg.norm(X, ord_ if ord_ != "euclidean" else 2, axis=axis)
    check(lambda x: tf.norm(x, ord=ord_, axis=axis), want)


@needs_compiler
def test_clip_by_norm_and_global_norm():
    n = np.sqrt((X ** 2).sum())
    check(lambda x: tf.clip_by_norm(x, 2.0), X * 2.0 / max(n, 2.0))
    check(lambda x: tf.clip_by_norm(x, 100.0), X)
    rows = np.sqrt((X ** 2).sum(1, keepdims=True))
    check(lambda x: tf.clip_by_norm(x, 3.0, axes=[1]),
          X * 3.0 / np.maximum(rows, 3.0))
    check(lambda x: tf.clip_by_global_norm([x, x * 2.0, None], 4.0)[0][1],
          X * 2.0 * 4.0 / max(np.sqrt(5.0) * n, 4.0))
    check(lambda x: tf.global_norm([x, tf.reduce_sum(x, 0)]),
          np.sqrt((X ** 2).sum() + (X.sum(0) ** 2).sum()))
    clipped, norm = tf.clip_by_global_norm([None], 1.0, use_norm=2.0)
    assert clipped == [None]


@needs_compiler
def test_tile():
    check(lambda x: tf.tile(x, [2, 3]), np.tile(X, [2, 3]))
    with pytest.raises(ValueError, match="one entry per dim"):
        tf.tile(tf.zeros([2, 2]), [2])


def test_range():
    with tf.Session() as sess:
        for args, kwargs, want in (((5,), {}, np.arange(5, dtype=np.int32)),
                                   ((2, 9, 3), {}, np.arange(2, 9, 3)),
                                   ((0.5, 2.0, 0.5), {},
                                    np.arange(0.5, 2.0, 0.5)),
                                   ((4,), {"dtype": tf.int64},
                                    np.arange(4))):
            r = tf.range(*args, **kwargs)
            got = sess.run(r)
            np.testing.assert_array_equal(got, want.astype(got.dtype))
    assert tf.range(3).dtype == tf.int32
    assert tf.range(1.0, 2.0, 0.25).dtype == tf.float32
    with pytest.raises(NotImplementedError, match="tensor bounds"):
        tf.range(tf.placeholder(tf.int32, []))


@needs_compiler
def test_l2_normalize():
    check(lambda x: tf.nn.l2_normalize(x, axis=1),
          X / np.sqrt(np.maximum((X ** 2).sum(1, keepdims=True), 1e-12)))
    check(lambda x: tf.nn.l2_normalize(x, 0),
          X / np.sqrt((X ** 2).sum(0, keepdims=True)))


@needs_compiler
def test_moments():
    check(lambda x: tf.nn.moments(x, [0])[0], X.mean(0))
    check(lambda x: tf.nn.moments(x, [0])[1], X.var(0))
    check(lambda x: tf.nn.moments(x, [1], keep_dims=True)[1],
          X.var(1, keepdims=True))
    check(lambda x: tf.nn.moments(x, [0, 1])[1], X.var())


@needs_compiler
@pytest.mark.parametrize("axis,exclusive,reverse", [
    (0, False, False), (1, True, False), (-1, False, True), (0, True, True)])
def test_cumsum(axis, exclusive, reverse):
    want = np.flip(X, axis) if reverse else X
    want = np.cumsum(want, axis)
    if exclusive:
        want = want - (np.flip(X, axis) if reverse else X)
    want = np.flip(want, axis) if reverse else want
    check(lambda x: tf.cumsum(x, axis, exclusive=exclusive, reverse=reverse),
          want)


@needs_compiler
def test_eval_and_run_in_the_default_session():
    x = tf.placeholder(tf.float32, [2], name="x")
    v = tf.Variable(np.float32(1.0), name="v")
    bump = tf.assign_add(v, 2.0).op
    with pytest.raises(ValueError, match="No default session is "
                       "registered"):
        (x * 2.0).eval({x: np.ones(2, np.float32)})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(
            (x * 2.0).eval({x: np.array([1, 3], np.float32)}), [2, 6])
        bump.run()
        assert v.eval() == 3.0
    other = tf.Session()
    other.run(tf.global_variables_initializer())
    bump.run(session=other)
    assert v.eval(session=other) == 3.0
    sess = tf.InteractiveSession()
    sess.run(tf.global_variables_initializer())
    assert v.eval() == 1.0
    sess.close()


# --- einsum, gather_nd, scatter_nd, strided slices ----------------------

@needs_compiler
@pytest.mark.parametrize("eq,other", [
    ("ij,jk->ik", (4, 5)), ("ij,kj->ik", (2, 4)), ("ij,j->i", (4,)),
    ("ij->ji", None), ("ij->j", None), ("ij,ij->", (3, 4)),
    ("ij,k->ikj", (2,))])
def test_einsum(eq, other):
    y_v = None if other is None else \
        np.random.default_rng(7).standard_normal(other)
    args = (lambda x: [x]) if other is None else \
        (lambda x: [x, tf.constant(y_v)])
    want = np.einsum(eq, *([X] if other is None else [X, y_v]))
    check(lambda x: tf.einsum(eq, *args(x)) + 0.0, want)


@needs_compiler
def test_batched_einsum_matches_numpy():
    a = np.random.default_rng(8).standard_normal((2, 3, 4))
    b = np.random.default_rng(9).standard_normal((2, 5, 4))
    x = tf.placeholder(tf.float64, [None, 3, 4])
    y = tf.einsum("bij,bkj->bik", x, tf.constant(b))
    assert y.shape.as_list()[1:] == [3, 5]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y, {x: a}),
                                   np.einsum("bij,bkj->bik", a, b),
                                   rtol=1e-12)
    with pytest.raises(NotImplementedError, match="repeated"):
        tf.einsum("ii->i", tf.constant(np.eye(2)))


@needs_compiler
def test_gather_nd_and_scatter_nd():
    idx = np.array([[2, 1], [0, 3], [2, 1]])
    check(lambda x: tf.gather_nd(x, tf.constant(idx)) * 1.0,
          X[idx[:, 0], idx[:, 1]])
    check(lambda x: tf.gather_nd(x, tf.constant([[1], [0]])) * 1.0, X[[1, 0]])
    want = np.zeros((3, 4, 2))
    upd = np.arange(6.0).reshape(3, 2)
    np.add.at(want, (idx[:, 0], idx[:, 1]), upd)
    u = tf.placeholder(tf.float64, [3, 2])
    s = tf.scatter_nd(tf.constant(idx), u, [3, 4, 2])
    (g,) = tf.gradients(tf.reduce_sum(s * tf.constant(want)), [u])
    with tf.Session() as sess:
        got, got_g = sess.run([s, g], {u: upd})
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(got_g, want[idx[:, 0], idx[:, 1]])


@needs_compiler
@pytest.mark.parametrize("key", [np.s_[::2], np.s_[:, ::-1],
                                 np.s_[1:, 3:0:-2], np.s_[..., ::3, None]])
def test_strided_slices(key):
    check(lambda x: x[key] * 1.0, X[key])


@needs_compiler
def test_gather_batch_dims():
    p_v = np.random.default_rng(6).standard_normal((4, 5, 2))
    i_v = np.array([[0, 4, 4], [1, 2, 3], [3, 3, 0], [2, 0, 1]])
    p = tf.placeholder(tf.float64, [None, 5, 2])
    i = tf.placeholder(tf.int32, [None, 3])
    out = tf.gather(p, i, axis=1, batch_dims=1)
    assert out.shape.as_list() == [None, 3, 2]
    (g,) = tf.gradients(tf.reduce_sum(out * out), [p])
    want_g = np.zeros_like(p_v)
    for b in range(4):
        np.add.at(want_g[b], i_v[b], 2 * p_v[b][i_v[b]])
    with tf.Session() as sess:
        got, got_g = sess.run([out, g], {p: p_v, i: i_v})
        np.testing.assert_array_equal(
            got, np.stack([p_v[b][i_v[b]] for b in range(4)]))
        np.testing.assert_allclose(got_g, want_g, rtol=1e-12)
        # 5 is past batch 0's rows: an error, not batch 1's row 0.
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="GatherV2.*index -1"):
            sess.run(out, {p: p_v, i: np.array([[0, 5, 1]] * 4)})
    with pytest.raises(NotImplementedError, match="batch_dims=1 with axis=1"):
        tf.gather(tf.ones([2, 3, 4]), tf.ones([2, 3, 1], tf.int32), axis=2,
                  batch_dims=2)
