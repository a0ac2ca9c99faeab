"""tf.cond, tf.case and tf.while_loop: the graphs they build (If and While
nodes over functions, captures as extra inputs), their errors, and end to
end in a Session against the same computation in numpy (float32 results:
rtol=1e-5 atol=1e-6, rtol=1e-4 where matmuls reorder sums; integers
exactly)."""

import collections

import numpy as np
import pytest

import tfcc as tf
from conftest import central_differences, needs_compiler


def test_cond_builds_if_over_two_functions():
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.cond(p, lambda: x * 2.0, lambda: tf.concat([x, x], 0))
    assert y.op.type == "If"
    # x is captured: the node's inputs are the predicate and x.
    assert [t.name for t in y.op.inputs] == ["p:0", "x:0"]
    # The branches disagree on dim 0: it is unknown.
    assert y.shape.as_list() == [None, 3]
    fns = tf.get_default_graph()._functions
    then_fn = fns[y.op.get_attr("then_branch")]
    assert sorted(op.type for op in then_fn.get_operations()) == \
        ["Const", "Mul", "Placeholder"]
    assert [t.op.type for t in then_fn.inputs] == ["Placeholder"]


def test_cond_structures_and_singletons():
    p = tf.placeholder(tf.bool, [], name="p")
    pair = collections.namedtuple("pair", "a b")
    r = tf.cond(p, lambda: pair(tf.constant(1), {"k": tf.constant(2.0)}),
                lambda: pair(tf.constant(3), {"k": tf.constant(4.0)}))
    assert isinstance(r, pair) and set(r.b) == {"k"}
    one = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)])
    assert isinstance(one, tf.Tensor)
    strict = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)],
                     strict=True)
    assert isinstance(strict, list)


def test_cond_errors():
    p = tf.placeholder(tf.bool, [], name="p")
    with pytest.raises(ValueError, match="true_fn returns int32 but "
                       "false_fn returns float32"):
        tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(1.0))
    with pytest.raises(ValueError, match="the ranks must agree"):
        tf.cond(p, lambda: tf.zeros([2]), lambda: tf.zeros([2, 1]))
    with pytest.raises(ValueError, match="same structure"):
        tf.cond(p, lambda: [tf.constant(1)],
                lambda: [tf.constant(1), tf.constant(2)])
    with pytest.raises(ValueError, match="scalar bool"):
        tf.cond(tf.constant([True, False]), lambda: 1, lambda: 2)


def test_while_loop_shape_invariants():
    x = tf.placeholder(tf.float32, [4], name="x")

    def grow(i, s):
        return i + 1, tf.concat([s, s], 0)
    with pytest.raises(ValueError, match="enters the loop with shape "
                       r"\(4,\), but has shape \(8,\) after one iteration"):
        tf.while_loop(lambda i, s: i < 3, grow, [tf.constant(0), x])
    i, s = tf.while_loop(lambda i, s: i < 3, grow, [tf.constant(0), x],
                         shape_invariants=[tf.TensorShape([]),
                                           tf.TensorShape([None])])
    assert s.shape.as_list() == [None]
    assert s.op.type == "While"
    with pytest.raises(ValueError, match="dtype int32, but the body returns "
                       "dtype float32"):
        tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.float32),
                      [tf.constant(0)])


def test_assign_in_cond_of_while_loop_is_an_error():
    v = tf.Variable(np.float32(0), name="v")
    with pytest.raises(ValueError, match="the cond of tf.while_loop assigns "
                       "variable v:0: only the body may"):
        tf.while_loop(lambda i: tf.assign_add(v, 1.0) < 3.0,
                      lambda i: i + 1, [tf.constant(0)])


def test_assignments_that_would_be_lost_are_errors():
    c = tf.Variable(np.int32(0), name="c")
    with pytest.raises(NotImplementedError, match="tf.map_fn: fn assigns "
                       "a variable"):
        tf.map_fn(lambda r: r + tf.cast(tf.assign_add(c, 1), tf.float32),
                  tf.placeholder(tf.float32, [3]))
    v = tf.Variable(np.float32(1), name="v")
    _, acc = tf.while_loop(lambda i, a: i < 2,
                           lambda i, a: (i + 1, a + tf.assign(v, v * 2.0)),
                           [0, 0.0])
    with pytest.raises(NotImplementedError, match="variable v:0, which a "
                       "tf.cond or tf.while_loop assigns"):
        tf.gradients(acc, [v])


@needs_compiler
def test_variables_assigned_inside_in_order():
    """Reads and assignments of variables inside a loop body, a cond
    branch and a nested loop happen in program order, each iteration, and
    the variables keep the final values; the same computation in Python."""
    v = tf.Variable(np.float32(1.0), name="v")
    total = tf.Variable(np.zeros(3, np.float32), name="total")
    count = tf.Variable(np.int32(0), name="count")
    x = tf.placeholder(tf.float32, [3], name="x")

    def body(i, acc):
        before = v * 1.0
        tf.assign_add(v, 1.0)
        after = v * 1.0
        tf.assign(total, total + x * after)

        def inner(j):
            tf.assign_add(count, i * 10 + j)
            return j + 1
        j = tf.while_loop(lambda j: j < 2, inner, [tf.constant(0)])
        return i + 1 + 0 * j, acc + before * 10 + after

    i, acc = tf.while_loop(lambda i, acc: i < 3, body,
                           [tf.constant(0), tf.constant(0.0)])
    p = tf.placeholder(tf.bool, [], name="p")
    c = tf.cond(p, lambda: tf.assign_sub(v, 5.0) * 2, lambda: v * 3)
    # read_value() reads where it is called: after the assignment.
    def bump(k, a):
        tf.assign_add(count, 1)
        return k + 1, a + tf.cast(count.read_value(), tf.float32)
    _, fresh = tf.while_loop(lambda k, a: k < 3, bump, [0, 0.0])
    # The same in Python.
    v_np, total_np, count_np, acc_np = 1.0, np.zeros(3), 0, 0.0
    x_np = np.array([1, 2, 3], np.float32)
    for i_np in range(3):
        before = v_np
        v_np += 1
        total_np = total_np + x_np * v_np
        for j_np in range(2):
            count_np += i_np * 10 + j_np
        acc_np += before * 10 + v_np
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([i, acc], {x: x_np}) == [3, acc_np]
        got = sess.run([v, total, count])
        assert got[0] == v_np and got[2] == count_np
        np.testing.assert_array_equal(got[1], total_np)
        assert sess.run(c, {p: True}) == (v_np - 5) * 2
        assert sess.run(v) == v_np - 5
        assert sess.run(c, {p: False}) == (v_np - 5) * 3
        assert sess.run(v) == v_np - 5
        assert sess.run(fresh) == 3 * count_np + 6


@needs_compiler
def test_cond_and_while_in_a_session():
    rng = np.random.default_rng(0)
    a_np = rng.standard_normal((5, 5)).astype(np.float32)
    a_np = a_np @ a_np.T + np.eye(5, dtype=np.float32)
    A = tf.placeholder(tf.float32, [5, 5], name="A")
    tol = tf.placeholder(tf.float32, [], name="tol")
    n = tf.placeholder(tf.int32, [], name="n")
    p = tf.placeholder(tf.bool, [], name="p")

    # Power iteration until the estimate moves less than tol: the trip count
    # depends on the data.
    def power(k, v, lam, delta):
        u = tf.reshape(tf.matmul(A, tf.reshape(v, [5, 1])), [5])
        norm = tf.sqrt(tf.reduce_sum(u * u))
        return k + 1, u / norm, norm, tf.abs(norm - lam)
    k, v, lam, _ = tf.while_loop(
        lambda k, v, lam, d: d > tol, power,
        [tf.constant(0), tf.ones([5]) / np.sqrt(5.0), tf.constant(0.0),
         tf.constant(1e9)], maximum_iterations=1000)

    # Nested loops, the inner one using the outer's variable and n two
    # levels down: sum of i * j for i < n, j < i.
    def outer(i, acc):
        _, acc = tf.while_loop(lambda j, _: j < i,
                               lambda j, acc: (j + 1, acc + i * j * (n - n + 1)),
                               [tf.constant(0), acc])
        return i + 1, acc
    _, total = tf.while_loop(lambda i, _: i < n, outer,
                             [tf.constant(0), tf.constant(0)])

    # maximum_iterations stops a loop whose condition never does.
    steps = tf.while_loop(lambda i: tf.constant(True), lambda i: i + 1,
                          [tf.constant(0)], maximum_iterations=n)

    # A cond inside a loop, and tf.case on n.
    def collatz(i, m):
        m = tf.cond(tf.equal(m % 2, 0), lambda: m // 2, lambda: 3 * m + 1)
        return i + 1, m
    collatz_steps, _ = tf.while_loop(lambda i, m: m > 1, collatz,
                                     [tf.constant(0), n + 26])
    picked = tf.case([(tf.less(n, 2), lambda: tf.constant(-1.0)),
                      (tf.less(n, 5), lambda: tf.cast(n, tf.float32) * 10.0)],
                     default=lambda: tf.reduce_sum(A))
    branch = tf.cond(p, lambda: tf.reduce_sum(A, axis=0),
                     lambda: tf.concat([A[0], A[1]], 0))

    def np_collatz(m):
        count = 0
        while m > 1:
            m = m // 2 if m % 2 == 0 else 3 * m + 1
            count += 1
        return count

    with tf.Session() as sess:
        for n_v, p_v in [(0, True), (3, False), (7, True)]:
            got = sess.run([k, v, lam, total, steps, collatz_steps, picked,
                            branch], {A: a_np, tol: 1e-6, n: n_v, p: p_v})
            k_v, v_v, lam_v, total_v, steps_v, cs_v, picked_v, branch_v = got
            w, vecs = np.linalg.eigh(a_np.astype(np.float64))
            assert 0 < k_v < 1000
            np.testing.assert_allclose(lam_v, w[-1], rtol=1e-4)
            np.testing.assert_allclose(np.abs(v_v), np.abs(vecs[:, -1]),
                                       rtol=1e-3, atol=1e-3)
            assert total_v == sum(i * j for i in range(n_v)
                                  for j in range(i))
            assert steps_v == n_v
            assert cs_v == np_collatz(n_v + 26)
            want = -1.0 if n_v < 2 else (n_v * 10.0 if n_v < 5
                                         else a_np.sum())
            np.testing.assert_allclose(picked_v, want, rtol=1e-5)
            want = a_np.sum(axis=0) if p_v else \
                np.concatenate([a_np[0], a_np[1]])
            np.testing.assert_allclose(branch_v, want, rtol=1e-5,
                                       atol=1e-6)


@needs_compiler
def test_while_loop_growing_variable_exported(tmp_path):
    n = tf.placeholder(tf.int32, [], name="n")
    _, seq = tf.while_loop(
        lambda i, s: i < n,
        lambda i, s: (i + 1, tf.concat(
            [s, tf.reshape(tf.cast(i, tf.float32), [1])], 0)),
        [tf.constant(0), tf.zeros([0])],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    seq = tf.identity(seq, name="seq")
    path = tf.export(str(tmp_path / "loop.tfg"), fetches=[seq])
    with open(path, "rb") as f:
        data = f.read()
    assert data[4:8] == b"TFG1"
    m = tf.compile(fetches=[seq], feeds=[n])
    for n_v in (0, 1, 9):
        np.testing.assert_array_equal(
            m(n=np.int32(n_v))["seq"], np.arange(n_v, dtype=np.float32))


@needs_compiler
@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-6), (np.float32, 1e-3)])
def test_gradients_through_cond_match_finite_differences(dtype, rtol):
    """tf.gradients through tf.cond on a fed boolean, against central
    differences of the same compiled graph (h = 1e-6 in f64, 1e-2 in f32)."""
    dt = tf.float64 if dtype == np.float64 else tf.float32
    x = tf.placeholder(dt, [3], name="x")
    w = tf.placeholder(dt, [3], name="w")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: tf.reduce_sum(tf.tanh(x * w) * x),
                lambda: tf.reduce_sum(tf.exp(x) * 0.5) +
                tf.cond(tf.reduce_sum(w) > 0, lambda: tf.reduce_sum(w * w),
                        lambda: tf.reduce_sum(w)))
    gx, gw = tf.gradients(y, [x, w])
    rng = np.random.default_rng(1)
    h = 1e-6 if dtype == np.float64 else 1e-2
    with tf.Session() as sess:
        for p_v in (True, False):
            x_v = rng.uniform(-1, 1, 3).astype(dtype)
            w_v = rng.uniform(-1, 1, 3).astype(dtype)
            got_x, got_w = sess.run([gx, gw], {x: x_v, w: w_v, p: p_v})

            def f(xv, wv):
                return float(sess.run(y, {x: xv, w: wv, p: p_v}))
            for got, num in (
                    (got_x, central_differences(lambda a: f(a, w_v), x_v, h)),
                    (got_w, central_differences(lambda a: f(x_v, a), w_v, h))):
                np.testing.assert_allclose(got, num, rtol=rtol,
                                           atol=rtol * 1e-2)


@needs_compiler
def test_map_fn_scan_and_folds():
    """tf.map_fn, tf.scan, tf.foldl and tf.foldr, each a while loop over
    the first dimension, against numpy (float32: rtol=1e-5, atol=1e-6)."""
    x = tf.placeholder(tf.float32, [5, 3], name="x")
    squares = tf.map_fn(lambda r: r * r + 1.0, x)
    sums, doubles = tf.map_fn(lambda r: (tf.reduce_sum(r), r * 2.0), x)
    running = tf.scan(lambda a, r: a + r, x)
    decayed = tf.scan(lambda a, r: a * 0.5 + r, x, initializer=tf.ones([3]))
    total = tf.foldl(lambda a, r: a + tf.reduce_sum(r), x,
                     initializer=tf.constant(0.0))
    horner = tf.foldr(lambda a, r: a * 2.0 + r, x)
    assert squares.shape.as_list() == [5, 3]
    assert sums.shape.as_list() == [5]
    x_v = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    with tf.Session() as sess:
        got = sess.run([squares, sums, doubles, running, decayed, total,
                        horner], {x: x_v})
    a, want_decayed = np.ones(3, np.float32), []
    for row in x_v:
        a = a * 0.5 + row
        want_decayed.append(a)
    h = x_v[4]
    for row in x_v[3::-1]:
        h = h * 2 + row
    want = [x_v * x_v + 1, x_v.sum(1), x_v * 2, np.cumsum(x_v, 0),
            np.array(want_decayed), x_v.sum(), h]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)


@needs_compiler
@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-6), (np.float32, 1e-3)])
def test_gradients_through_while_loop_match_finite_differences(dtype, rtol):
    """tf.gradients through tf.while_loop, against central differences of
    the same compiled graph: 12 steps of power iteration (the Rayleigh
    quotient's gradient with respect to the matrix, captured by the body),
    and a loop whose trip count depends on the data (x doubled until its
    sum passes a limit: the gradient is 2^steps)."""
    dt = tf.float64 if dtype == np.float64 else tf.float32
    A = tf.placeholder(dt, [4, 4], name="A")
    v0 = tf.placeholder(dt, [4], name="v0")

    def power(i, v):
        u = tf.reshape(tf.matmul(A, tf.reshape(v, [4, 1])), [4])
        return i + 1, u / tf.sqrt(tf.reduce_sum(u * u))
    _, v = tf.while_loop(lambda i, v: i < 12, power, [tf.constant(0), v0])
    lam = tf.reduce_sum(v * tf.reshape(tf.matmul(A, tf.reshape(v, [4, 1])),
                                       [4]))
    gA, gv0 = tf.gradients(lam, [A, v0])

    x = tf.placeholder(dt, [3], name="x")
    limit = tf.placeholder(dt, [], name="limit")
    steps, y = tf.while_loop(lambda k, y: tf.reduce_sum(y) < limit,
                             lambda k, y: (k + 1, y * 2.0),
                             [tf.constant(0), x])
    gx, = tf.gradients(tf.reduce_sum(y * y), [x])

    rng = np.random.default_rng(2)
    a_v = rng.uniform(-1, 1, (4, 4)).astype(dtype)
    a_v = (a_v + a_v.T + 4 * np.eye(4)).astype(dtype)
    v_v = rng.uniform(0.5, 1, 4).astype(dtype)
    x_v = rng.uniform(0.5, 1, 3).astype(dtype)
    h = 1e-6 if dtype == np.float64 else 1e-2
    with tf.Session() as sess:
        feed = {A: a_v, v0: v_v}
        got_a, got_v = sess.run([gA, gv0], feed)

        def f(a, v):
            return float(sess.run(lam, {A: a, v0: v}))
        num_a = central_differences(lambda a: f(a, v_v), a_v, h)
        np.testing.assert_allclose(got_a, num_a, rtol=rtol, atol=rtol)
        num_v = central_differences(lambda v: f(a_v, v), v_v, h)
        np.testing.assert_allclose(got_v, num_v, rtol=rtol, atol=rtol)

        for limit_v in (1.0, 40.0):
            k, got = sess.run([steps, gx], {x: x_v, limit: limit_v})
            # y = x * 2^k, d(sum y^2)/dx = 2 y 2^k = 2 x 4^k
            np.testing.assert_allclose(got, 2 * x_v * 4.0 ** k, rtol=rtol)
            assert k == int(np.ceil(np.log2(limit_v / x_v.sum()))) \
                if limit_v > x_v.sum() else k == 0


@needs_compiler
def test_while_loop_leaves_its_inputs_alone():
    """A loop variable that starts as a fed tensor is updated in a buffer
    of the loop's own, never in the caller's array."""
    x = tf.placeholder(tf.float32, [4], name="x")
    _, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2.0),
                         [tf.constant(0), x])
    m = tf.compile(fetches=[y], feeds=[x])
    x_v = np.arange(4, dtype=np.float32)
    out = m(x=x_v)
    np.testing.assert_array_equal(x_v, np.arange(4, dtype=np.float32))
    np.testing.assert_array_equal(list(out.values())[0], x_v * 8)


@needs_compiler
def test_two_gradients_through_one_loop():
    """Two tf.gradients through the same loop: the second reuses the stacks
    the first made the loop keep. v <- v * w three times: sum(v) has
    gradients w^3 and 3 x w^2; sum(v^2) has 2 x w^6 with respect to x."""
    x = tf.placeholder(tf.float64, [3], name="x")
    w = tf.placeholder(tf.float64, [3], name="w")
    _, v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * w),
                         [tf.constant(0), x])
    gx, gw = tf.gradients(tf.reduce_sum(v), [x, w])
    gx2, = tf.gradients(tf.reduce_sum(v * v), [x])
    x_v, w_v = np.array([1.0, -2.0, 0.5]), np.array([0.5, 1.5, -1.0])
    with tf.Session() as sess:
        got = sess.run([gx, gw, gx2], {x: x_v, w: w_v})
    np.testing.assert_allclose(got[0], w_v ** 3, rtol=1e-12)
    np.testing.assert_allclose(got[1], 3 * x_v * w_v ** 2, rtol=1e-12)
    np.testing.assert_allclose(got[2], 2 * x_v * w_v ** 6, rtol=1e-12)


@needs_compiler
def test_functions_may_return_outer_tensors():
    """A branch, loop body or loop condition that returns a tensor of the
    enclosing graph as it is (captured, then returned)."""
    x = tf.placeholder(tf.float32, [2], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: x, lambda: x * 2.0)
    _, z = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, x),
                         [tf.constant(0), tf.zeros([2])])
    n = tf.while_loop(lambda i: p, lambda i: i + 1, [tf.constant(0)],
                      maximum_iterations=3)
    x_v = np.array([1.0, -2.0], np.float32)
    with tf.Session() as sess:
        for p_v in (True, False):
            got = sess.run([y, z, n], {x: x_v, p: p_v})
            np.testing.assert_array_equal(got[0], x_v if p_v else 2 * x_v)
            np.testing.assert_array_equal(got[1], x_v)
            assert got[2] == (3 if p_v else 0)


@needs_compiler
def test_gradients_through_map_fn_and_scan():
    """map_fn and scan stack their outputs into accumulators of static
    shape, so gradients go through them: a_i = tanh(w * a_{i-1} + x_i)
    and the rows' sums of squares, against the chain rule in numpy
    (float64, rtol=1e-12)."""
    x = tf.placeholder(tf.float64, [4, 3], name="x")
    w = tf.placeholder(tf.float64, [3], name="w")
    seq = tf.scan(lambda a, r: tf.tanh(a * w + r), x,
                  initializer=tf.zeros([3], tf.float64))
    sq = tf.map_fn(lambda r: tf.reduce_sum(r * r * w), x)
    gx, gw = tf.gradients(tf.reduce_sum(seq) + tf.reduce_sum(sq), [x, w])
    rng = np.random.default_rng(3)
    x_v, w_v = rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, 3)
    with tf.Session() as sess:
        got_x, got_w = sess.run([gx, gw], {x: x_v, w: w_v})
    a, outs = np.zeros(3), []
    for r in x_v:
        a = np.tanh(a * w_v + r)
        outs.append(a)
    # Backward through the scan: da_i collects 1 from the sum and w times
    # the next step's pre-activation gradient.
    want_x, want_w = 2 * x_v * w_v, (x_v * x_v).sum(0)
    carry = np.zeros(3)
    for i in range(3, -1, -1):
        dz = (1 + carry) * (1 - outs[i] ** 2)
        want_x[i] += dz
        want_w += dz * (outs[i - 1] if i else 0)
        carry = dz * w_v
    np.testing.assert_allclose(got_x, want_x, rtol=1e-12)
    np.testing.assert_allclose(got_w, want_w, rtol=1e-12)


@needs_compiler
def test_map_fn_scan_and_folds_over_a_dynamic_first_dim():
    """elems whose first dim only the run knows: the loops take it from
    tf.shape; one compiled step serves every length."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    mapped = tf.map_fn(lambda r: r * 2.0 + tf.reduce_sum(r), x)
    running = tf.scan(lambda a, r: a + r, x)
    total = tf.foldl(lambda a, r: a + r, x)
    horner = tf.foldr(lambda a, r: a * 2.0 + r, x)
    assert mapped.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        for n in (1, 4, 9):
            x_v = np.random.default_rng(n).standard_normal(
                (n, 3)).astype(np.float32)
            got = sess.run([mapped, running, total, horner], {x: x_v})
            np.testing.assert_allclose(
                got[0], x_v * 2 + x_v.sum(1, keepdims=True), rtol=1e-5,
                atol=1e-6)
            np.testing.assert_allclose(got[1], np.cumsum(x_v, 0),
                                       rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(got[2], x_v.sum(0), rtol=1e-5,
                                       atol=1e-6)
            want = x_v[-1]
            for r in x_v[-2::-1]:
                want = want * 2 + r
            np.testing.assert_allclose(got[3], want, rtol=1e-5, atol=1e-6)
