"""Sparse embeddings: embedding_lookup over one table and over partitions
("mod" and "div"), embedding_lookup_sparse's combiners, IndexedSlices
gradients, scatter_add/sub/update, and SGD steps that change only the
looked-up rows, each against numpy (float64: rtol=1e-12; float32: exact
where numpy does the same float32 operations)."""

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

RNG = np.random.default_rng(5)


@needs_compiler
@pytest.mark.parametrize("strategy", ["mod", "div"])
def test_partitioned_lookup_and_its_gradients(strategy):
    sizes = (5, 4, 4)
    full = RNG.standard_normal((13, 3))
    if strategy == "div":
        bounds = np.cumsum((0,) + sizes)
        parts_v = [full[bounds[j]:bounds[j + 1]] for j in range(3)]
        where = [(int(np.searchsorted(bounds, i, "right")) - 1,
                  i - bounds[int(np.searchsorted(bounds, i, "right")) - 1])
                 for i in range(13)]
    else:
        parts_v = [full[j::3] for j in range(3)]
        where = [(i % 3, i // 3) for i in range(13)]
    parts = [tf.Variable(p) for p in parts_v]
    ids_v = np.array([[0, 12, 4], [7, 7, 9]])
    ids = tf.constant(ids_v)
    w = RNG.standard_normal((2, 3, 3))
    emb = tf.nn.embedding_lookup(parts, ids, partition_strategy=strategy)
    assert emb.shape.as_list() == [2, 3, 3]
    grads = tf.gradients(tf.reduce_sum(emb * w), parts)
    assert all(isinstance(g, tf.IndexedSlices) for g in grads)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ev = sess.run(emb)
        dense = sess.run([tf.convert_to_tensor(g) for g in grads])
        fetched = sess.run(grads[0])
    np.testing.assert_allclose(ev, full[ids_v], rtol=1e-12)
    want = [np.zeros_like(p) for p in parts_v]
    for (b, k), i in np.ndenumerate(ids_v):
        part, row = where[i]
        want[part][row] += w[b, k]
    for got, exp in zip(dense, want):
        np.testing.assert_allclose(got, exp, rtol=1e-12, atol=1e-15)
    assert isinstance(fetched, tf.IndexedSlicesValue)
    assert list(fetched.dense_shape) == [5, 3] and \
        fetched.values.shape == (6, 3)


@needs_compiler
@pytest.mark.parametrize("combiner", ["sum", "mean", "sqrtn"])
def test_embedding_lookup_sparse(combiner):
    table_v = RNG.standard_normal((10, 4))
    table = tf.Variable(table_v)
    # Rows: {1: w 2, 4: w 0.5}, {3: w 1}, {1: w 1, 1: w 3, 9: w 2}.
    idx = np.array([[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]])
    ids_v = np.array([1, 4, 3, 1, 1, 9])
    w_v = np.array([2.0, 0.5, 1.0, 1.0, 3.0, 2.0])
    sp_ids = tf.SparseTensor(idx, tf.constant(ids_v), (3, 3))
    sp_w = tf.SparseTensor(idx, tf.constant(w_v), (3, 3))
    out = tf.nn.embedding_lookup_sparse(table, sp_ids, sp_w,
                                        combiner=combiner)
    (g,) = tf.gradients(tf.reduce_sum(out), [table])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ov, gv = sess.run([out, tf.convert_to_tensor(g)])
    want = np.zeros((3, 4))
    want_g = np.zeros((10, 4))
    for r in range(3):
        sel = idx[:, 0] == r
        norm = {"sum": 1.0, "mean": w_v[sel].sum(),
                "sqrtn": np.sqrt((w_v[sel] ** 2).sum())}[combiner]
        want[r] = (table_v[ids_v[sel]] * w_v[sel, None]).sum(0) / norm
        for i, wi in zip(ids_v[sel], w_v[sel]):
            want_g[i] += wi / norm
    np.testing.assert_allclose(ov, want, rtol=1e-12)
    np.testing.assert_allclose(gv, want_g, rtol=1e-12, atol=1e-15)


@needs_compiler
def test_sgd_updates_only_the_looked_up_rows():
    rows = 100_000
    t0 = RNG.standard_normal((rows, 8)).astype(np.float32)
    table = tf.Variable(t0)
    ids = tf.placeholder(tf.int64, [None])
    y = tf.placeholder(tf.float32, [None, 8])
    emb = tf.nn.embedding_lookup(table, ids)
    loss = tf.reduce_sum(tf.square(emb - y))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    want = t0.copy()
    touched = set()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            iv = RNG.integers(0, rows, 64)
            iv[:4] = iv[0]  # repeated ids add up
            yv = RNG.standard_normal((64, 8)).astype(np.float32)
            lv, _ = sess.run([loss, train], {ids: iv, y: yv})
            np.testing.assert_allclose(lv, ((want[iv] - yv) ** 2).sum(),
                                       rtol=1e-5)
            grad = np.zeros_like(want)
            np.add.at(grad, iv, 2 * (want[iv] - yv))
            want -= np.float32(0.1) * grad
            touched.update(iv.tolist())
        got = sess.run(table)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    changed = set(np.nonzero((got != t0).any(axis=1))[0].tolist())
    assert changed == touched


@needs_compiler
def test_scatter_ops():
    v = tf.Variable(np.arange(12.0).reshape(4, 3))
    add = tf.scatter_add(v, [0, 2, 0], np.ones((3, 3)))
    sub = tf.scatter_sub(v, tf.constant([[3]]), np.full((1, 1, 3), 2.0))
    upd = tf.scatter_update(v, [1], [[7.0, 8.0, 9.0]])
    bad = tf.scatter_add(v, tf.placeholder(tf.int32, [2]), np.ones((2, 3)))
    with tf.Session() as sess:
        sess.run(v.initializer)
        want = np.arange(12.0).reshape(4, 3)
        want[0] += 2
        want[2] += 1
        np.testing.assert_array_equal(sess.run(add), want)
        want[3] -= 2
        np.testing.assert_array_equal(sess.run(sub), want)
        want[1] = [7, 8, 9]
        np.testing.assert_array_equal(sess.run(upd), want)
        # Every index is checked before a row is written: row 0 stays.
        for i in (4, -1):
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="ScatterAdd.*index -?[0-9]+ is (out "
                                     "of range|negative)"):
                sess.run(bad, {bad.op.inputs[1]: [0, i]})
        np.testing.assert_array_equal(sess.run(v), want)


def test_scatter_and_lookup_errors():
    v = tf.Variable(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="updates must have shape"):
        tf.scatter_add(v, [0, 1], np.ones((3, 3)))
    with pytest.raises(TypeError, match="needs a Variable"):
        tf.scatter_add(tf.zeros([4, 3]), [0], np.ones((1, 3)))
    with pytest.raises(ValueError, match="Unrecognized partition strategy"):
        tf.nn.embedding_lookup([v, v], [0], partition_strategy="hash")
    with pytest.raises(TypeError, match="ids must be int32 or int64"):
        tf.nn.embedding_lookup(v, [0.5])


@needs_compiler
@pytest.mark.parametrize("kind", ["momentum", "ftrl"])
def test_slot_optimizers_change_only_the_looked_up_rows(kind):
    t0 = RNG.standard_normal((20, 3))
    table = tf.Variable(t0)
    ids = tf.placeholder(tf.int32, [None])
    loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(table, ids)))
    opt = tf.train.MomentumOptimizer(0.1, 0.9) if kind == "momentum" else \
        tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01)
    train = opt.minimize(loss)
    w, a, b = t0.copy(), np.zeros_like(t0), np.full_like(t0, 0.1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for iv in ([1, 5, 5], [5, 7]):
            sess.run(train, {ids: iv})
            g = np.zeros_like(w)
            np.add.at(g, iv, 2 * w[iv])
            rows = sorted(set(iv))
            for r in rows:
                if kind == "momentum":
                    a[r] = 0.9 * a[r] + g[r]
                    w[r] -= 0.1 * a[r]
                else:
                    n = b[r] + g[r] ** 2
                    a[r] += g[r] - (np.sqrt(n) - np.sqrt(b[r])) / 0.5 * w[r]
                    q = np.sqrt(n) / 0.5
                    w[r] = np.where(np.abs(a[r]) > 0.01,
                                    (np.sign(a[r]) * 0.01 - a[r]) / q, 0)
                    b[r] = n
        got = sess.run(table)
    np.testing.assert_allclose(got, w, rtol=1e-12, atol=1e-15)
    untouched = [r for r in range(20) if r not in (1, 5, 7)]
    np.testing.assert_array_equal(got[untouched], t0[untouched])


@needs_compiler
def test_embedding_lookup_sparse_empty_row_without_weights_is_zero():
    table = tf.Variable(RNG.standard_normal((5, 2)))
    sp = tf.SparseTensor(np.array([[0, 0], [2, 0], [2, 1]]),
                         tf.constant(np.array([1, 3, 4])), (3, 2))
    out = tf.nn.embedding_lookup_sparse(table, sp, None, combiner="mean")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ov, tv = sess.run([out, table])
    np.testing.assert_allclose(ov, [tv[1], [0, 0], (tv[3] + tv[4]) / 2],
                               rtol=1e-12)


@needs_compiler
def test_dynamic_partition_stitch_and_boolean_mask_with_gradients():
    # TF's way of spreading ids over partitions and putting the results
    # back: partition the ids and their positions, look up each part,
    # stitch by position. Values and gradients against numpy.
    x = tf.placeholder(tf.float64, [None, 3])
    p = tf.placeholder(tf.int32, [None])
    parts = tf.dynamic_partition(x, p, 3)
    assert [t.shape.as_list() for t in parts] == [[None, 3]] * 3
    pos = tf.dynamic_partition(tf.range(0, 6), p, 3)
    stitched = tf.dynamic_stitch(pos, [t * float(i + 1)
                                       for i, t in enumerate(parts)])
    masked = tf.boolean_mask(x, tf.greater(x[:, 0], 0.0))
    w = np.random.default_rng(3).standard_normal((6, 3))
    loss = tf.reduce_sum(stitched * tf.constant(w)) + \
        tf.reduce_sum(tf.square(masked))
    (g,) = tf.gradients(loss, [x])
    xv = np.random.default_rng(2).standard_normal((6, 3))
    pv = np.array([0, 2, 2, 1, 0, 2], np.int32)
    with tf.Session() as sess:
        got = sess.run(parts + [stitched, masked, g], {x: xv, p: pv})
    for i in range(3):
        np.testing.assert_array_equal(got[i], xv[pv == i])
    scale = (pv + 1.0)[:, None]
    np.testing.assert_array_equal(got[3], xv * scale)
    keep = xv[:, 0] > 0
    np.testing.assert_array_equal(got[4], xv[keep])
    want = w * scale + 2 * xv * keep[:, None]
    np.testing.assert_allclose(got[5], want, rtol=1e-12)


def test_partition_stitch_mask_errors():
    with pytest.raises(NotImplementedError, match="int32 partitions"):
        tf.dynamic_partition(tf.ones([4, 2]), tf.ones([4, 2], tf.int32), 2)
    with pytest.raises(ValueError, match="as many data as indices"):
        tf.dynamic_stitch([tf.constant([0])], [])
    with pytest.raises(ValueError, match="bool tensor"):
        tf.boolean_mask(tf.ones([3]), tf.ones([3]))
