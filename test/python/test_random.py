"""Stateful random ops (random_uniform, random_normal, truncated_normal, the
integer random_uniform) and the generator behind them.

The compiled generator is checked bit for bit against an independent
pure-Python Philox-4x32-10, itself checked against the known-answer vectors
of Random123 (Salmon et al., SC'11). Uniform and integer samples must match
exactly; normal and truncated-normal ones, computed from the same words
through log/cos/erfinv, within rtol=1e-5 (f32) and 1e-12 (f64). The
distributions are checked with Kolmogorov-Smirnov tests (scipy.stats) on
200,000 samples at the 1e-4 level."""

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

M32 = 0xFFFFFFFF


def philox4x32(ctr, key, rounds=10):
    """Philox-4x32 of a 4-word counter under a 2-word key (Random123)."""
    c = list(ctr)
    k0, k1 = key
    for _ in range(rounds):
        p0 = 0xD2511F53 * c[0]
        p1 = 0xCD9E8D57 * c[2]
        c = [((p1 >> 32) ^ c[1] ^ k0) & M32, p1 & M32,
             ((p0 >> 32) ^ c[3] ^ k1) & M32, p0 & M32]
        k0 = (k0 + 0x9E3779B9) & M32
        k1 = (k1 + 0xBB67AE85) & M32
    return c


def test_philox_known_answers():
    assert philox4x32([0, 0, 0, 0], [0, 0]) == [
        0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
    assert philox4x32([M32] * 4, [M32, M32]) == [
        0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]
    assert philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
                      [0xa4093822, 0x299f31d0]) == [
        0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]


def blocks(n, seed, seed2, counter):
    """The words of elements 0..n-1 (tfcc.random's layout)."""
    key = [(seed ^ (seed2 >> 32)) & M32, (seed2 ^ (seed >> 32)) & M32]
    return np.array([philox4x32([i & M32, i >> 32, counter & M32,
                                 counter >> 32], key) for i in range(n)],
                    np.uint64)


def uniform32(w):
    return ((w >> 9) | 0x3f800000).astype(np.uint32).view(np.float32) - 1


def uniform64(lo, hi):
    bits = ((hi << 32) | lo) >> 12 | 0x3ff0000000000000
    return bits.astype(np.uint64).view(np.float64) - 1


def reference(dist, dtype, n, seed, seed2, counter):
    w = blocks(n, seed, seed2, counter)
    f64 = dtype == np.float64
    u = uniform64(w[:, 0], w[:, 1]) if f64 else uniform32(w[:, 0])
    if dist == "uniform":
        return u
    if dist == "normal":
        u2 = uniform64(w[:, 2], w[:, 3]) if f64 else uniform32(w[:, 1])
        u, u2 = u.astype(np.float64), u2.astype(np.float64)
        z = np.sqrt(-2 * np.log(1 - u)) * np.cos(2 * np.pi * u2)
        return z.astype(dtype)
    from scipy.special import erf, erfinv
    bound = erf(np.sqrt(2))
    t = (2 * bound * u.astype(np.float64) - bound).astype(dtype)
    return np.clip(np.sqrt(2) * erfinv(t.astype(np.float64)), -2,
                   2).astype(dtype)


@needs_compiler
@pytest.mark.parametrize("dist,dtype", [
    ("uniform", np.float32), ("uniform", np.float64),
    ("normal", np.float32), ("normal", np.float64),
    ("truncated_normal", np.float32), ("truncated_normal", np.float64)])
def test_matches_reference_generator(dist, dtype):
    tf.set_random_seed(7)
    make = {"uniform": tf.random_uniform, "normal": tf.random_normal,
            "truncated_normal": tf.truncated_normal}[dist]
    # Two dynamic dims: the position is row-major over the run's shape.
    x = tf.placeholder(tf.float32, [None, None])
    r = make(tf.shape(x), dtype=tf.as_dtype(dtype), seed=5)
    assert r.shape.as_list() == [None, None]
    tol = {"uniform": 0}.get(dist, 1e-5 if dtype == np.float32 else 1e-12)
    with tf.Session() as sess:
        for counter, shape in enumerate([(3, 50), (7, 40)]):
            got = sess.run(r, {x: np.zeros(shape, np.float32)})
            want = reference(dist, dtype, shape[0] * shape[1], 7, 5,
                             counter).reshape(shape)
            assert got.dtype == dtype
            np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


@needs_compiler
@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_integer_uniform_matches_reference(dtype):
    r = tf.random_uniform([300], minval=-5, maxval=1000,
                          dtype=tf.as_dtype(dtype), seed=9)
    w = blocks(300, 87654321, 9, 0)
    bits = (w[:, 0] if dtype == np.int32 else (w[:, 1] << 32) | w[:, 0])
    signed = bits.astype(np.uint32 if dtype == np.int32 else np.uint64) \
        .view(dtype).astype(np.int64)
    want = np.mod(signed, 1005) - 5
    with tf.Session() as sess:
        got = sess.run(r)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, want)
    assert got.min() >= -5 and got.max() < 1000


@needs_compiler
def test_distributions():
    stats = pytest.importorskip("scipy.stats")
    n = 200_000
    u = tf.random_uniform([n], minval=-1, maxval=3)
    z = tf.random_normal([n], mean=1, stddev=2)
    t = tf.truncated_normal([n], stddev=0.5)
    with tf.Session() as sess:
        vu, vz, vt = sess.run([u, z, t])
    assert vu.min() >= -1 and vu.max() < 3
    assert stats.kstest(vu, stats.uniform(-1, 4).cdf).pvalue > 1e-4
    assert stats.kstest(vz, stats.norm(1, 2).cdf).pvalue > 1e-4
    assert np.abs(vt).max() <= 1.0
    assert stats.kstest(vt, stats.truncnorm(-2, 2, scale=0.5).cdf) \
        .pvalue > 1e-4


@needs_compiler
def test_runs_differ_and_sessions_repeat():
    tf.set_random_seed(1234)
    a = tf.random_normal([64])
    b = tf.random_uniform([8, 8])
    with tf.Session() as s1:
        first = [s1.run([a, b]) for _ in range(3)]
    with tf.Session() as s2:
        second = [s2.run([a, b]) for _ in range(3)]
    for (a1, b1), (a2, b2) in zip(first, second):
        np.testing.assert_array_equal(a1, a2)
        np.testing.assert_array_equal(b1, b2)
    assert not np.array_equal(first[0][0], first[1][0])
    assert not np.array_equal(first[1][1], first[2][1])
    # Two ops of one graph draw differently.
    c = tf.random_uniform([8, 8])
    with tf.Session() as s3:
        vb, vc = s3.run([b, c])
    assert not np.array_equal(vb, vc)


def test_seeds_follow_tensorflow_rules():
    g = tf.get_default_graph()
    op = tf.random_uniform([2], seed=3).op
    assert (op.get_attr("seed"), op.get_attr("seed2")) == (87654321, 3)
    tf.set_random_seed(11)
    op = tf.random_uniform([2]).op
    assert op.get_attr("seed") == 11
    op = tf.random_uniform([2], seed=4).op
    assert (op.get_attr("seed"), op.get_attr("seed2")) == (11, 4)
    tf.set_random_seed(0)
    op = tf.random_uniform([2], seed=0).op
    assert (op.get_attr("seed"), op.get_attr("seed2")) == (0, 2**31 - 1)
    assert g is tf.get_default_graph()


@needs_compiler
def test_thread_count_does_not_change_numbers():
    tf.set_random_seed(3)
    r = tf.random_normal([512, 256])
    out = []
    for threads in (1, 2):
        cfg = tf.ConfigProto(intra_op_parallelism_threads=threads)
        with tf.Session(config=cfg) as sess:
            out.append(sess.run(r))
    np.testing.assert_array_equal(out[0], out[1])


@needs_compiler
def test_loop_iterations_draw_new_numbers():
    tf.set_random_seed(5)

    def body(i, acc):
        row = tf.random_uniform([1, 6])
        return i + 1, tf.concat([acc, row], 0)

    _, rows = tf.while_loop(lambda i, acc: i < 4, body,
                            [tf.constant(0), tf.zeros([0, 6])],
                            shape_invariants=[tf.TensorShape([]),
                                              tf.TensorShape([None, 6])])
    with tf.Session() as sess:
        v1, v2 = sess.run(rows), sess.run(rows)
    assert v1.shape == (4, 6)
    assert len({tuple(r) for r in v1}) == 4
    assert not np.array_equal(v1, v2)


@needs_compiler
def test_generator_state_is_in_the_instance_and_its_checkpoint(tmp_path):
    import ctypes
    tf.set_random_seed(2)
    r = tf.random_uniform([16])
    m = tf.compile(fetches=[r])
    lib, h = m._lib, m._handle
    idx = ctypes.c_int64()
    assert not lib.tfcc_model_variable_index(h, b"tfcc:random_counter",
                                             ctypes.byref(idx))
    first = m()[r.tfg_name()]
    path = str(tmp_path / "state.tfck").encode()
    assert not lib.tfcc_model_save_checkpoint(h, path)
    second = m()[r.tfg_name()]
    third = m()[r.tfg_name()]
    assert not np.array_equal(first, second)
    assert not lib.tfcc_model_restore_checkpoint(h, path)
    np.testing.assert_array_equal(m()[r.tfg_name()], second)
    np.testing.assert_array_equal(m()[r.tfg_name()], third)
    assert not lib.tfcc_model_reset_variables(h)
    np.testing.assert_array_equal(m()[r.tfg_name()], first)


def test_bad_arguments():
    with pytest.raises(ValueError, match="float dtype"):
        tf.random_normal([2], dtype=tf.int32)
    with pytest.raises(ValueError, match="Need maxval"):
        tf.random_uniform([2], dtype=tf.int32)
    with pytest.raises(ValueError, match="minval < maxval"):
        tf.random_uniform([2], 5, 5, dtype=tf.int64)
    with pytest.raises(ValueError, match="negative or unknown"):
        tf.random_uniform([2, -1])
    with pytest.raises(ValueError, match="known length"):
        tf.random_uniform(tf.placeholder(tf.int32, [None]))


# --- tf.nn.dropout -------------------------------------------------------

@needs_compiler
def test_dropout_masks_scales_and_differs_per_run():
    x = tf.placeholder(tf.float32, [None, 1000])
    keep = tf.placeholder(tf.float32)  # unknown rank, as Deep MNIST's
    y = tf.nn.dropout(x, keep)
    assert y.shape.as_list() == [None, 1000]
    ones = np.ones((1000, 1000), np.float32)
    with tf.Session() as sess:
        a = sess.run(y, {x: ones, keep: 0.7})
        b = sess.run(y, {x: ones, keep: 0.7})
        c = sess.run(y, {x: ones, keep: 1.0})
    # Kept elements are scaled by 1 / keep_prob, the others are 0.
    assert set(np.unique(a)) == {0.0, np.float32(1 / np.float32(0.7))}
    assert abs((a != 0).mean() - 0.7) < 0.003
    assert abs((b != 0).mean() - 0.7) < 0.003
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(c, ones)


@needs_compiler
def test_dropout_gradient_uses_the_forward_mask():
    x = tf.placeholder(tf.float64, [64, 32])
    w = tf.placeholder(tf.float64, [64, 32])
    y = tf.nn.dropout(x, rate=0.25, seed=1)
    (g,) = tf.gradients(tf.reduce_sum(y * w), [x])
    xv = np.random.default_rng(0).uniform(1, 2, (64, 32))
    wv = np.random.default_rng(1).standard_normal((64, 32))
    with tf.Session() as sess:
        for _ in range(3):
            yv, gv = sess.run([y, g], {x: xv, w: wv})
            dropped = yv == 0
            assert 0 < dropped.sum() < dropped.size
            assert (gv[dropped] == 0).all()
            np.testing.assert_allclose(gv[~dropped], wv[~dropped] / 0.75,
                                       rtol=1e-15)
            np.testing.assert_allclose(yv[~dropped], xv[~dropped] / 0.75,
                                       rtol=1e-15)


@needs_compiler
def test_dropout_same_seeds_same_sequence_and_noise_shape():
    def masks():
        tf.reset_default_graph()
        tf.set_random_seed(42)
        x = tf.ones([8, 16])
        y = tf.nn.dropout(x, keep_prob=0.5)
        z = tf.nn.dropout(x, keep_prob=0.5, noise_shape=[8, 1])
        with tf.Session() as sess:
            return [sess.run([y, z]) for _ in range(3)]

    first, second = masks(), masks()
    for (y1, z1), (y2, z2) in zip(first, second):
        np.testing.assert_array_equal(y1, y2)
        np.testing.assert_array_equal(z1, z2)
        # One mask entry per row, broadcast along the row.
        assert (z1 == z1[:, :1]).all()
    assert not np.array_equal(first[0][0], first[1][0])


def test_dropout_bad_arguments():
    x = tf.ones([2, 2])
    with pytest.raises(ValueError, match="both keep_prob and rate"):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match="range \\(0, 1\\]"):
        tf.nn.dropout(x, keep_prob=0.0)
    with pytest.raises(ValueError, match="range \\[0, 1\\)"):
        tf.nn.dropout(x, rate=1.0)
    with pytest.raises(ValueError, match="floating point"):
        tf.nn.dropout(tf.ones([2], tf.int32), 0.5)
    with pytest.raises(ValueError, match="must be a scalar"):
        tf.nn.dropout(x, tf.ones([2]))


@needs_compiler
def test_unknown_rank_placeholder_compiles_with_the_rank_fed():
    # Dropout written by hand, as the tutorials did before tf.nn.dropout:
    # h / keep_prob has unknown rank, and matmul takes it as a matrix.
    x = tf.placeholder(tf.float64, [None, 3])
    keep = tf.placeholder(tf.float64)
    h = x / keep
    assert h.shape.rank is None
    y = tf.matmul(h, tf.constant(np.eye(3, 2)))
    assert y.shape.as_list() == [None, 2]
    xv = np.arange(6.0).reshape(2, 3)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: xv, keep: 0.5}),
                                      (xv / 0.5)[:, :2])
        # Another rank fed: another step, broadcast as numpy does.
        np.testing.assert_array_equal(
            sess.run(y, {x: xv, keep: np.array([[0.5, 0.25, 1.0]])}),
            (xv / [0.5, 0.25, 1.0])[:, :2])
        assert sess.num_compiles == 2
        np.testing.assert_array_equal(sess.run(y, {x: xv, keep: 2.0}),
                                      (xv / 2.0)[:, :2])
        assert sess.num_compiles == 2


@needs_compiler
def test_random_shuffle_and_multinomial():
    stats = pytest.importorskip("scipy.stats")
    v = tf.constant(np.arange(40.0).reshape(20, 2))
    s = tf.random_shuffle(v)
    logits = np.log(np.array([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]))
    m = tf.multinomial(tf.constant(logits), 20000)
    c = tf.random.categorical(tf.constant(logits), 5, dtype=tf.int32)
    assert m.shape.as_list() == [2, 20000] and m.dtype == tf.int64
    assert c.dtype == tf.int32
    with tf.Session() as sess:
        s1, s2 = sess.run(s), sess.run(s)
        draws = sess.run(m)
    for out in (s1, s2):
        # Rows move whole; every row appears once.
        assert (out[:, 1] == out[:, 0] + 1).all()
        assert sorted(out[:, 0]) == list(range(0, 40, 2))
    assert not np.array_equal(s1, s2)
    for row, p in zip(draws, np.exp(logits)):
        counts = np.bincount(row, minlength=3)
        assert stats.chisquare(counts, p * len(row)).pvalue > 1e-4


@needs_compiler
def test_dropout_in_a_loop_gradient_replays_each_iterations_mask():
    # The backward loop recomputes the body: with the counter carried by
    # the loop, it draws the very masks the forward loop drew.
    x = tf.placeholder(tf.float64, [4, 8])

    def body(i, h, masks):
        d = tf.nn.dropout(h, 0.5)
        here = tf.reshape(tf.one_hot(i, 3, dtype=tf.float64), [3, 1, 1])
        kept = tf.cast(tf.not_equal(d, 0), tf.float64)
        return i + 1, tf.tanh(d), masks + here * kept

    _, y, m = tf.while_loop(lambda i, h, m: i < 3, body,
                            [tf.constant(0), x, tf.zeros([3, 4, 8],
                                                         tf.float64)])
    (g,) = tf.gradients(tf.reduce_sum(y), [x])
    xv = np.random.default_rng(0).uniform(0.1, 1, (4, 8))
    with tf.Session() as sess:
        yv, mv, gv = sess.run([y, m, g], {x: xv})
    h, inputs = xv, []
    for k in range(3):
        inputs.append(h)
        h = np.tanh(h * mv[k] * 2)
    grad = np.ones_like(h)
    for k in reversed(range(3)):
        grad = grad * (1 - np.tanh(inputs[k] * mv[k] * 2) ** 2) * mv[k] * 2
    np.testing.assert_allclose(yv, h, rtol=1e-14)
    np.testing.assert_allclose(gv, grad, rtol=1e-12, atol=1e-15)
    assert 0 < mv.sum() < mv.size


@needs_compiler
def test_saver_checkpoint_restores_into_a_model_with_random_ops(tmp_path):
    # A Python Saver does not save the generator state; a compiled model
    # restoring the checkpoint keeps its own.
    w = tf.Variable(np.arange(4.0), name="W")
    y = tf.nn.dropout(w, 0.5) * 0.0 + w
    with tf.Session() as sess:
        sess.run(w.assign(np.full(4, 3.0)))
        path = tf.train.Saver([w]).save(sess, str(tmp_path / "ckpt"))
    m = tf.compile(fetches=[y])
    assert not m._lib.tfcc_model_restore_checkpoint(m._handle,
                                                    path.encode())
    np.testing.assert_array_equal(m()[y.tfg_name()], np.full(4, 3.0))


@needs_compiler
def test_dropout_noise_shape_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 6])
    y = tf.nn.dropout(x, 0.5, noise_shape=[None, 1])
    with tf.Session() as sess:
        v = sess.run(y, {x: np.ones((50, 6), np.float32)})
    assert (v == v[:, :1]).all() and 0 < (v[:, 0] == 0).sum() < 50
