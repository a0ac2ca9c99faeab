"""Training in the Python API: variables, assignments, control
dependencies, tf.gradients, optimizers and Session.run over compiled steps.
References are independent numpy computations (analytic gradients, numpy
replicas of the optimizers' update formulas). Tolerances: float32 results
rtol=1e-5 (atol 1e-6) after a few steps, 1e-4 where a matmul reorders
float32 sums."""

import collections

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

RTOL, ATOL = 1e-5, 1e-6


def close(got, want, rtol=RTOL, atol=ATOL):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# --- graph construction (no compiler needed) ------------------------------

def test_variable_is_a_tensor_with_an_initializer():
    W = tf.Variable(np.ones((3, 2), np.float32), name="W")
    b = tf.Variable(0.5, trainable=False)
    assert W.name == "W:0" and W.op.name == "W" and W.op.type == "VariableV2"
    assert W.shape == [3, 2] and W.dtype == tf.float32
    assert b.name == "Variable:0" and b.shape == [] and b.dtype == tf.float32
    assert W.op.get_attr("shape") == tf.TensorShape([3, 2])
    np.testing.assert_array_equal(W.op.get_attr("initial_value"),
                                  np.ones((3, 2), np.float32))
    assert W.initializer.type == "Assign" and W.initializer.name == "W/Assign"
    assert W.initializer.inputs[0] is W
    assert tf.global_variables() == [W, b]
    assert tf.trainable_variables() == [W]
    # Usable as a tensor: operators, matmul, reductions.
    y = tf.matmul(tf.ones([4, 3]), W) + b
    assert y.shape == [4, 2]
    assert (W * 2).op.inputs[0] is W
    assert W.value().op.type == "Identity" and W.value().op.name == "W/read"
    assert W.assign(np.zeros((3, 2), np.float32)).op.type == "Assign"
    assert W.assign_add(W).op.type == "AssignAdd"
    assert tf.assign_sub(W, W).op.type == "AssignSub"
    init = tf.global_variables_initializer()
    assert init.type == "NoOp"
    assert set(init.control_inputs) == {W.initializer, b.initializer}


def test_initial_values_are_evaluated_when_built():
    a = tf.Variable(tf.zeros([2, 3]) + 1.5)
    np.testing.assert_array_equal(a.op.get_attr("initial_value"),
                                  np.full((2, 3), 1.5, np.float32))
    r1 = tf.Variable(tf.random_normal([5], stddev=0.1, seed=3))
    r2 = tf.Variable(tf.random_normal([5], stddev=0.1, seed=3))
    v1, v2 = (r.op.get_attr("initial_value") for r in (r1, r2))
    np.testing.assert_array_equal(v1, v2)
    assert 0 < np.abs(v1).max() < 1
    t = tf.Variable(tf.truncated_normal([100], stddev=2.0, seed=1))
    assert np.abs(t.op.get_attr("initial_value")).max() <= 4.0
    c = tf.Variable(lambda: tf.constant([1, 2], tf.int64), name="c")
    assert c.dtype == tf.int64
    d = tf.Variable(3, dtype=tf.float64)
    assert d.dtype == tf.float64
    x = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="placeholder"):
        tf.Variable(x * 2, name="bad")
    with pytest.raises(ValueError, match="shape"):
        tf.Variable(np.zeros(3, np.float32), shape=[4])


def test_assign_checks_dtype_and_shape():
    W = tf.Variable(np.zeros((2, 2), np.float32), name="W")
    with pytest.raises(TypeError, match="variable 'W'"):
        tf.assign(W, np.zeros((2, 2), np.int32))
    with pytest.raises(ValueError, match=r"variable 'W'.*\[3\]"):
        tf.assign_add(W, np.zeros(3, np.float32))
    with pytest.raises(TypeError, match="Variable"):
        tf.assign(tf.constant(1.0), 2.0)


def test_control_dependencies_and_group_record_control_inputs():
    v = tf.Variable(1.0, name="v")
    a = tf.assign(v, 5.0)
    with tf.control_dependencies([a]):
        r = tf.identity(v)
        n = tf.no_op(name="after")
    assert r.op.control_inputs == [a.op] and n.control_inputs == [a.op]
    g = tf.group(a, r, name="both")
    assert g.type == "NoOp" and g.control_inputs == [a.op, r.op]
    with tf.control_dependencies([a]):
        with tf.control_dependencies(None):
            free = tf.identity(v)
    assert free.op.control_inputs == []


def test_gradients_are_none_where_ys_do_not_depend_on_xs():
    x = tf.placeholder(tf.float32, [None, 3])
    W = tf.Variable(np.ones((3, 2), np.float32))
    unused = tf.Variable(np.ones(2, np.float32))
    y = tf.reduce_sum(tf.matmul(x, W))
    # Through an integer value: no gradient, as in TF1.
    k = tf.Variable(2.0)
    through_int = tf.cast(tf.cast(k, tf.int32), tf.float32)
    gx, gW, gu, gk = tf.gradients(y + through_int, [x, W, unused, k])
    assert gu is None and gk is None
    assert gW.shape == W.shape and gW.dtype == tf.float32
    assert gx.shape.as_list() == [None, 3]
    assert gW.op is gx.op and gW.op.type == "Gradients"
    assert gW.op.get_attr("num_ys") == 1 and gW.op.get_attr("num_xs") == 2
    assert list(gW.op.inputs[1:]) == [x, W]
    assert tf.gradients(y, [unused]) == [None]
    assert tf.gradients(tf.argmax(y + W, 1), [W]) == [None]
    seed = tf.constant(2.0)
    (gs,) = tf.gradients([y], [W], grad_ys=[seed])
    assert list(gs.op.inputs) == [y, W, seed]


def test_optimizers_build_slots_with_tf1_names():
    W = tf.Variable(np.ones((3, 2), np.float32), name="W")
    loss = tf.reduce_sum(W * W)
    tf.train.AdamOptimizer().minimize(loss)
    names = [v.op.name for v in tf.global_variables()]
    assert names == ["W", "beta1_power", "beta2_power", "W/Adam",
                     "W/Adam_1"]
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    assert tf.global_variables()[-1].op.name == "W/Momentum"
    assert tf.trainable_variables() == [W]
    x = tf.Variable(1.0, name="x")
    with pytest.raises(ValueError, match="No gradients provided"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[x])


# --- compiled steps ---------------------------------------------------------

@needs_compiler
def test_variables_persist_across_runs_and_are_shared_between_steps():
    counter = tf.Variable(0.0, name="counter")
    inc = tf.assign_add(counter, 1.0)
    doubled = counter * 2.0
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for want in (1.0, 2.0, 3.0):
        assert sess.run(inc) == want
    assert sess.run(doubled) == 6.0        # another compiled step
    assert sess.run(counter) == 3.0
    sess.run(counter.initializer)          # back to the initial value
    assert sess.run(doubled) == 0.0
    # Sessions are independent.
    other = tf.Session()
    other.run(counter.initializer)
    other.run(inc)
    assert sess.run(counter) == 0.0 and other.run(counter) == 1.0


@needs_compiler
def test_assign_ops_and_their_values():
    v = tf.Variable(np.array([1.0, 2.0], np.float32), name="v")
    set_v = tf.assign(v, [10.0, 20.0])
    add = v.assign_add([1.0, 1.0])
    sub = tf.assign_sub(v, v * 0.5)
    sess = tf.Session()
    sess.run(v.initializer)
    close(sess.run(set_v), [10.0, 20.0])
    close(sess.run(add), [11.0, 21.0])
    close(sess.run(sub), [5.5, 10.5])
    close(sess.run(v), [5.5, 10.5])
    # An assignment need not read the variable: it initializes it.
    w = tf.Variable(np.zeros(2, np.float32), name="w")
    sess.run(tf.assign(w, [3.0, 4.0]).op)
    close(sess.run(w), [3.0, 4.0])


@needs_compiler
def test_control_dependencies_order_reads_after_assignments():
    v = tf.Variable(1.0, name="v")
    a = tf.assign(v, 5.0)
    before = v * 3.0                # no edge: reads the value at the start
    with tf.control_dependencies([a]):
        after = v * 2.0             # ordered after the assignment
    sess = tf.Session()
    sess.run(v.initializer)
    assert sess.run([a, before]) == [5.0, 3.0]
    sess.run(v.initializer)
    assert sess.run([a, after]) == [5.0, 10.0]
    # A group runs all of its inputs.
    sess.run(v.initializer)
    u = tf.Variable(0.0, name="u")
    sess.run(u.initializer)
    g = tf.group(tf.assign_add(v, 1.0), tf.assign_add(u, 2.0))
    assert sess.run(g) is None
    assert sess.run([v, u]) == [2.0, 2.0]


@needs_compiler
def test_uninitialized_variable_is_an_error_naming_it():
    W = tf.Variable(np.ones((2, 2), np.float32), name="weights")
    b = tf.Variable(np.zeros(2, np.float32), name="bias")
    y = tf.reduce_sum(W) + tf.reduce_sum(b)
    sess = tf.Session()
    sess.run(b.initializer)
    with pytest.raises(tf.errors.FailedPreconditionError,
                       match="Attempting to use uninitialized value "
                             "weights"):
        sess.run(y)
    with pytest.raises(tf.errors.FailedPreconditionError, match="weights"):
        sess.run(W)
    sess.run(W.initializer)
    assert sess.run(y) == 4.0
    assert sess.uninitialized_variables() == []


def _linear_model(n=8, d=3, k=2, seed=0):
    rng = np.random.default_rng(seed)
    xv = rng.standard_normal((n, d)).astype(np.float32)
    tv = rng.standard_normal((n, k)).astype(np.float32)
    w0 = (rng.standard_normal((d, k)) * 0.5).astype(np.float32)
    b0 = (rng.standard_normal(k) * 0.1).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, d], name="x")
    t = tf.placeholder(tf.float32, [None, k], name="t")
    W = tf.Variable(w0, name="W")
    b = tf.Variable(b0, name="b")
    y = tf.tanh(tf.matmul(x, W) + b)
    loss = tf.reduce_mean(tf.square(y - t))
    return dict(x=x, t=t, W=W, b=b, loss=loss, xv=xv, tv=tv, w0=w0, b0=b0)


def _np_grads(xv, tv, w, b):
    """Analytic gradients of mean((tanh(x w + b) - t)^2), in float64."""
    x, t = xv.astype(np.float64), tv.astype(np.float64)
    y = np.tanh(x @ w + b)
    dy = 2.0 * (y - t) / y.size
    dz = dy * (1.0 - y * y)
    return x.T @ dz, dz.sum(axis=0), np.mean((y - t) ** 2)


@needs_compiler
def test_gradients_match_numpy():
    m = _linear_model()
    gW, gb = tf.gradients(m["loss"], [m["W"], m["b"]])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    got_W, got_b, got_loss = sess.run([gW, gb, m["loss"]],
                                      {m["x"]: m["xv"], m["t"]: m["tv"]})
    want_W, want_b, want_loss = _np_grads(m["xv"], m["tv"],
                                          m["w0"].astype(np.float64),
                                          m["b0"].astype(np.float64))
    close(got_W, want_W.astype(np.float32), 1e-4, 1e-6)
    close(got_b, want_b.astype(np.float32), 1e-4, 1e-6)
    close(got_loss, np.float32(want_loss), 1e-5)
    # The gradient with respect to a placeholder, and with a seed.
    (gx,) = tf.gradients(m["loss"], [m["x"]], grad_ys=[tf.constant(3.0)])
    got = sess.run(gx, {m["x"]: m["xv"], m["t"]: m["tv"]})
    x, t = m["xv"].astype(np.float64), m["tv"].astype(np.float64)
    y = np.tanh(x @ m["w0"] + m["b0"])
    want = 3.0 * (2.0 * (y - t) / y.size * (1 - y * y)) @ m["w0"].T
    close(got, want.astype(np.float32), 1e-4, 1e-6)


def test_stop_gradient_blocks_only_its_path():
    x = tf.placeholder(tf.float32, [None, 3])
    # d/dx sum(x * stop_gradient(x)) is x (one path), not 2x.
    (g,) = tf.gradients(tf.reduce_sum(x * tf.stop_gradient(x)), [x])
    assert tf.gradients(tf.reduce_sum(tf.stop_gradient(x) * 2.0), [x]) == [None]
    xv = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
    close(tf.Session().run(g, {x: xv}), xv)


def test_cross_entropy_v1_has_no_label_gradient():
    """TF 1.x: softmax_cross_entropy_with_logits (v1) lets no gradient into
    the labels; _v2 does: d/dlabels = -log_softmax(logits)."""
    labels = tf.placeholder(tf.float32, [2, 3])
    logits = tf.placeholder(tf.float32, [2, 3])
    v1 = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(
        labels=labels, logits=logits))
    v2 = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=labels, logits=logits))
    g1 = tf.gradients(v1, [labels, logits])
    g2 = tf.gradients(v2, [labels])[0]
    assert g1[0] is None
    with pytest.raises(ValueError, match="only named arguments"):
        tf.nn.softmax_cross_entropy_with_logits(labels, logits)
    zv = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]], np.float32)
    lv = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], np.float32)
    log_sm = zv - np.log(np.exp(zv).sum(1, keepdims=True))
    got_logits, got_labels = tf.Session().run(
        [g1[1], g2], {labels: lv, logits: zv})
    close(got_logits, np.exp(log_sm) * lv.sum(1, keepdims=True) - lv, 1e-5,
          1e-6)
    close(got_labels, -log_sm, 1e-5, 1e-6)


def _run_optimizer(make_opt, np_update, steps=4):
    m = _linear_model()
    W, b = m["W"], m["b"]
    gs = tf.train.get_or_create_global_step()
    train = make_opt().minimize(m["loss"], global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    feed = {m["x"]: m["xv"], m["t"]: m["tv"]}
    w, bb = m["w0"].astype(np.float64), m["b0"].astype(np.float64)
    state = {}
    for i in range(steps):
        assert sess.run(train, feed) is None
        dw, db, _ = _np_grads(m["xv"], m["tv"], w, bb)
        w = np_update(state, "W", w, dw, i + 1)
        bb = np_update(state, "b", bb, db, i + 1)
        close(sess.run(W), w.astype(np.float32), 1e-5, 1e-6)
        close(sess.run(b), bb.astype(np.float32), 1e-5, 1e-6)
    assert sess.run(gs) == steps
    return sess


@needs_compiler
def test_gradient_descent_matches_numpy():
    def update(state, name, w, g, t):
        return w - 0.3 * g
    _run_optimizer(lambda: tf.train.GradientDescentOptimizer(0.3), update)


@pytest.mark.parametrize("nesterov", [False, True])
@needs_compiler
def test_momentum_matches_numpy(nesterov):
    lr, mom = 0.2, 0.9

    def update(state, name, w, g, t):
        acc = state.get(name, np.zeros_like(w)) * mom + g
        state[name] = acc
        if nesterov:
            return w - (g * lr + acc * mom * lr)
        return w - lr * acc
    _run_optimizer(lambda: tf.train.MomentumOptimizer(
        lr, mom, use_nesterov=nesterov), update)


@needs_compiler
def test_adam_matches_numpy_with_tf1_defaults_and_bias_correction():
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8

    def update(state, name, w, g, t):
        m, v = state.get(name, (np.zeros_like(w), np.zeros_like(w)))
        m = m + (g - m) * (1 - b1)
        v = v + (g * g - v) * (1 - b2)
        state[name] = (m, v)
        lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        return w - lr_t * m / (np.sqrt(v) + eps)
    opt = tf.train.AdamOptimizer(lr)
    assert (opt._beta1, opt._beta2, opt._epsilon) == (b1, b2, eps)
    assert tf.train.AdamOptimizer()._lr_value == 0.001
    sess = _run_optimizer(lambda: opt, update)
    b1p, b2p = opt._get_beta_accumulators()
    close(sess.run(b1p), np.float32(b1 ** 5))
    close(sess.run(b2p), np.float32(b2 ** 5))


@needs_compiler
def test_compute_and_apply_gradients_separately():
    m = _linear_model()
    opt = tf.train.GradientDescentOptimizer(0.5)
    gv = opt.compute_gradients(m["loss"])
    assert [v for _, v in gv] == [m["W"], m["b"]]
    clipped = [(tf.clip_by_value(g, -0.01, 0.01), v) for g, v in gv]
    train = opt.apply_gradients(clipped)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {m["x"]: m["xv"], m["t"]: m["tv"]})
    dw, db, _ = _np_grads(m["xv"], m["tv"], m["w0"].astype(np.float64),
                          m["b0"].astype(np.float64))
    close(sess.run(m["W"]),
          (m["w0"] - 0.5 * np.clip(dw, -0.01, 0.01)).astype(np.float32))


@needs_compiler
def test_losses_match_numpy():
    rng = np.random.default_rng(1)
    logits_v = rng.standard_normal((5, 4)).astype(np.float32)
    labels_v = rng.integers(0, 4, 5)
    onehot_v = np.eye(4, dtype=np.float32)[labels_v]
    logits = tf.placeholder(tf.float32, [None, 4])
    onehot = tf.placeholder(tf.float32, [None, 4])
    labels = tf.placeholder(tf.int64, [None])
    pred = tf.placeholder(tf.float32, [None, 4])
    fetches = {
        "xent": tf.losses.softmax_cross_entropy(onehot, logits),
        "sparse": tf.losses.sparse_softmax_cross_entropy(labels, logits),
        "mse": tf.losses.mean_squared_error(onehot, pred),
        "nn": tf.nn.softmax_cross_entropy_with_logits(labels=onehot,
                                                      logits=logits),
        "nn_sparse": tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits),
    }
    out = tf.Session().run(fetches, {logits: logits_v, onehot: onehot_v,
                                     labels: labels_v, pred: logits_v})
    z = logits_v.astype(np.float64)
    logp = z - z.max(1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(1, keepdims=True))
    per = -logp[np.arange(5), labels_v]
    close(out["nn"], per.astype(np.float32), 1e-5)
    close(out["nn_sparse"], per.astype(np.float32), 1e-5)
    close(out["xent"], np.float32(per.mean()), 1e-5)
    close(out["sparse"], np.float32(per.mean()), 1e-5)
    close(out["mse"], np.float32(((z - onehot_v) ** 2).mean()), 1e-5)


def _np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# Logits at 0 (the kink of max(x, 0) and |x| in the loss's stable form) and
# elsewhere, with soft and hard labels.
SIGMOID_LOGITS = np.array([0.0, 0.0, 0.0, 0.0, -2.0, -0.5, 0.7, 3.0, -30.0,
                           30.0], np.float32)
SIGMOID_LABELS = np.array([0.0, 1.0, 0.3, 0.5, 0.0, 1.0, 0.5, 1.0, 1.0,
                           0.0], np.float32)


def _np_sigmoid_xent(x, z):
    x, z = x.astype(np.float64), z.astype(np.float64)
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


@needs_compiler
def test_sigmoid_cross_entropy_gradient_is_sigmoid_minus_label_at_zero():
    # d/dx [z*-log(sigmoid(x)) + (1-z)*-log(1-sigmoid(x))] = sigmoid(x) - z,
    # which is 0.5 - z at x == 0 (TensorFlow gives the same: its form
    # selects on x >= 0 instead of taking max(x, 0) and |x|).
    x = tf.placeholder(tf.float32, [None])
    z = tf.placeholder(tf.float32, [None])
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    dx, = tf.gradients(tf.reduce_sum(loss), [x])
    mean = tf.losses.sigmoid_cross_entropy(z, x)
    dmean, = tf.gradients(mean, [x])
    out = tf.Session().run({"loss": loss, "dx": dx, "mean": mean,
                            "dmean": dmean},
                           {x: SIGMOID_LOGITS, z: SIGMOID_LABELS})
    want = _np_sigmoid(SIGMOID_LOGITS.astype(np.float64)) - SIGMOID_LABELS
    np.testing.assert_array_equal(out["dx"][:4], 0.5 - SIGMOID_LABELS[:4])
    close(out["dx"], want.astype(np.float32))
    close(out["dmean"], (want / SIGMOID_LOGITS.size).astype(np.float32))
    per = _np_sigmoid_xent(SIGMOID_LOGITS, SIGMOID_LABELS)
    close(out["loss"], per.astype(np.float32))
    close(out["mean"], np.float32(per.mean()))


@needs_compiler
def test_zero_initialized_logistic_regression_first_gradient_and_step():
    # All logits are 0 at the start: the bias gradient is mean(0.5 - y),
    # negative when most labels are 1 (the max/abs form gave mean(1 - y),
    # never negative, so the first step moved the bias the wrong way).
    rng = np.random.default_rng(7)
    xv = rng.standard_normal((8, 3)).astype(np.float32)
    yv = np.array([[1], [1], [1], [0], [1], [1], [1], [0]], np.float32)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None, 1])
    W = tf.Variable(np.zeros((3, 1), np.float32), name="W")
    b = tf.Variable(np.zeros(1, np.float32), name="b")
    loss = tf.losses.sigmoid_cross_entropy(y, tf.matmul(x, W) + b)
    gW, gb = tf.gradients(loss, [W, b])
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    gWv, gbv = sess.run([gW, gb], {x: xv, y: yv})
    err = 0.5 - yv.astype(np.float64)          # sigmoid(0) - y
    close(gbv, np.float32([err.mean()]))
    close(gWv, (xv.T.astype(np.float64) @ err / 8).astype(np.float32))
    assert gbv[0] < 0
    sess.run(train, {x: xv, y: yv})
    assert sess.run(b)[0] > 0               # towards the majority label


@needs_compiler
def test_gradients_at_kinks_follow_tensorflow():
    # At the points where these functions have no derivative, the gradient
    # TensorFlow's rules give: relu'(0) = 0, d|x|/dx = 0 at 0, clip_by_value
    # passes it at both bounds, leaky_relu takes alpha and elu 1 at 0,
    # relu6 has 0 at 0 and at 6, and maximum/minimum ties go to x.
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.float32, [None])
    xv = np.array([-1.0, 0.0, 0.5, 1.0, 2.0], np.float32)
    yv = np.array([-1.0, 0.0, 1.0, 1.0, 3.0], np.float32)
    fs = {"relu": tf.nn.relu(x), "abs": tf.abs(x),
          "clip": tf.clip_by_value(x, 0.0, 1.0),
          "leaky": tf.nn.leaky_relu(x, 0.2), "elu": tf.nn.elu(x),
          "relu6": tf.nn.relu6(x * 6.0),
          "max": tf.maximum(x, y), "min": tf.minimum(x, y)}
    grads = {k: tf.gradients(tf.reduce_sum(f), [x, y]) for k, f in fs.items()}
    fetch = {k: [g if g is not None else tf.zeros_like(x) for g in gs]
             for k, gs in grads.items()}
    out = tf.Session().run(fetch, {x: xv, y: yv})
    want = {"relu": [0, 0, 1, 1, 1], "abs": [-1, 0, 1, 1, 1],
            "clip": [0, 1, 1, 1, 0], "leaky": [0.2, 0.2, 1, 1, 1],
            "elu": [np.exp(-1.0), 1, 1, 1, 1], "relu6": [0, 0, 6, 0, 0]}
    for k, w in want.items():
        close(out[k][0], np.float32(w))
    close(out["max"][0], np.float32([1, 1, 0, 1, 0]))   # x >= y
    close(out["max"][1], np.float32([0, 0, 1, 0, 1]))
    close(out["min"][0], np.float32([1, 1, 1, 1, 1]))   # x <= y
    close(out["min"][1], np.float32([0, 0, 0, 0, 0]))


@needs_compiler
def test_sigmoid_cross_entropy_gradient_in_an_exported_model(tmp_path):
    # The same loss and gradient exported to .tfg, compiled by the tfcc
    # binary and run through the loaded library.
    import subprocess
    from tfcc import _build
    x = tf.placeholder(tf.float32, [None], name="x")
    z = tf.placeholder(tf.float32, [None], name="z")
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x,
                                                   name="loss")
    dx = tf.identity(tf.gradients(tf.reduce_sum(loss), [x])[0], name="dx")
    tfg = tf.export(str(tmp_path / "xent.tfg"), [loss, dx], [x, z])
    lib = str(tmp_path / "libxent.so")
    subprocess.run([_build.tfcc_binary(), tfg, "-o", lib], check=True)
    model = tf.load(lib)
    assert [s.name for s in model.inputs] == ["x", "z"]
    out = model(x=SIGMOID_LOGITS, z=SIGMOID_LABELS)
    want = _np_sigmoid(SIGMOID_LOGITS.astype(np.float64)) - SIGMOID_LABELS
    np.testing.assert_array_equal(out["dx"][:4], 0.5 - SIGMOID_LABELS[:4])
    close(out["dx"], want.astype(np.float32))
    close(out["loss"], _np_sigmoid_xent(SIGMOID_LOGITS, SIGMOID_LABELS)
          .astype(np.float32))


@needs_compiler
def test_nested_fetch_structures():
    Point = collections.namedtuple("Point", "a b")
    x = tf.placeholder(tf.float32, [2], name="x")
    v = tf.Variable(np.array([1.0, 2.0], np.float32), name="v")
    s = x + v
    inc = tf.assign_add(v, [1.0, 1.0])
    sess = tf.Session()
    sess.run(v.initializer)
    xv = np.array([10.0, 20.0], np.float32)
    out = sess.run({"sum": s, "more": [x * 2, (s, inc.op)],
                    "p": Point(a=v, b="x:0"), "empty": []}, {x: xv})
    assert set(out) == {"sum", "more", "p", "empty"}
    close(out["sum"], [11.0, 22.0])
    assert isinstance(out["more"], list) and isinstance(out["more"][1],
                                                        tuple)
    close(out["more"][0], [20.0, 40.0])
    close(out["more"][1][0], [11.0, 22.0])
    assert out["more"][1][1] is None
    assert isinstance(out["p"], Point)
    close(out["p"].a, [1.0, 2.0])      # read at the start of the step
    close(out["p"].b, xv)              # a fed tensor gives the fed value
    assert out["empty"] == []
    close(sess.run(v), [2.0, 3.0])
    # Names: "op" is an operation (None), "op:k" a tensor.
    assert sess.run(inc.op.name) is None
    close(sess.run(["v:0"])[0], [3.0, 4.0])
    with pytest.raises(TypeError, match="invalid type"):
        sess.run({"bad": 3})


@needs_compiler
def test_a_signature_compiles_once(tmp_path):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    W = tf.Variable(np.ones((2, 2), np.float32), name="W")
    step = tf.assign_sub(W, tf.matmul(x, x, transpose_a=True) * 0.01)
    loss = tf.reduce_sum(W)
    sess = tf.Session(cache_dir=str(tmp_path / "cache"))
    sess.run(tf.global_variables_initializer())
    assert sess.num_compiles == 0           # initializers run in Python
    xv = np.ones((3, 2), np.float32)
    sess.run(step, {x: xv})
    assert sess.num_compiles == 1
    before = tf.session.compile_count()
    for _ in range(5):
        sess.run(step, {x: xv})
        sess.run(step, feed_dict={"x:0": xv[:1]})  # same signature by name
    assert sess.num_compiles == 1 and tf.session.compile_count() == before
    sess.run(loss)
    sess.run([loss])
    assert sess.num_compiles == 2
    # Growing the graph does not invalidate compiled steps.
    tf.exp(loss)
    sess.run(step, {x: xv})
    assert sess.num_compiles == 2
    # A new session finds both steps in the disk cache.
    other = tf.Session(config={"cache_dir": str(tmp_path / "cache")})
    other.run(tf.global_variables_initializer())
    other.run(step, {x: xv})
    close(other.run(loss), np.float32(4 * (1 - 0.01 * 3)))
    assert other.num_compiles == 0
    assert len(list((tmp_path / "cache").glob("step-*.so"))) == 2


@needs_compiler
def test_feed_errors():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.reduce_sum(x * 2.0)
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="must feed a value for placeholder tensor 'x' "
                             r"with dtype float and shape \[\?,2\]"):
        sess.run(y)
    with pytest.raises(tf.errors.InvalidArgumentError, match="shape"):
        sess.run(y, {x: np.ones((2, 3), np.float32)})
    i = tf.placeholder(tf.int32, [2], name="i")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="'i:0': expected dtype int32 but got float32"):
        sess.run(i * 2, {i: np.ones(2, np.float32)})
    assert sess.run(y, {x: [[1, 2]]}) == 6.0


@needs_compiler
def test_issue_logistic_regression_matches_a_numpy_replica():
    """The issue's program on synthetic data: softmax regression with
    tf.gradients and tf.assign, compared step by step with numpy."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 8)).astype(np.float32)
    labels = (X[:, :3] @ rng.standard_normal((3, 4))).argmax(1)
    Y = np.eye(4, dtype=np.float32)[labels]
    x = tf.placeholder(tf.float32, [None, 8])
    W = tf.Variable(tf.zeros([8, 4]))
    y = tf.nn.softmax(tf.matmul(x, W))
    y_ = tf.placeholder(tf.float32, [None, 4])
    cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y),
                                                  reduction_indices=[1]))
    W_grad = tf.gradients(cross_entropy, [W])[0]
    train_step = tf.assign(W, W - 0.5 * W_grad)
    sess = tf.Session()
    sess.run(tf.initialize_all_variables())
    w = np.zeros((8, 4))
    for i in range(40):
        idx = rng.integers(0, 300, 50)
        bx, by = X[idx], Y[idx]
        sess.run(train_step, feed_dict={x: bx, y_: by})
        z = bx.astype(np.float64) @ w
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        w = w - 0.5 * bx.T @ (p - by) / len(bx)
    close(sess.run(W), w.astype(np.float32), 1e-3, 1e-4)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    acc = sess.run(tf.reduce_mean(tf.cast(correct, tf.float32)),
                   feed_dict={x: X, y_: Y})
    assert acc > 0.8


def _run_together(jobs):
    """Runs every job in its own thread, all released at once; fails on a
    job's exception or when the threads do not finish (a deadlock)."""
    import threading
    errors = []
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as e:  # re-raised in the test's thread
            errors.append(e)
    threads = [threading.Thread(target=run, args=(job,), daemon=True)
               for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "threads deadlocked"
    if errors:
        raise errors[0]


def _repeat(runs, fn, *args):
    def job():
        for _ in range(runs):
            fn(*args)
    return job


# The variables of the concurrency tests are large (1 MiB), so that a run
# is long next to the Python around it and runs in different threads
# overlap; every step is its own library with its own runtime (and runtime
# lock), so only the session's locks keep them apart.
BIG = 1 << 18


def _uniform(arr, what):
    assert arr.min() == arr.max(), "%s is torn: values from %g to %g" % (
        what, arr.min(), arr.max())


@needs_compiler
def test_concurrent_assign_add_from_threads_loses_no_update():
    c = tf.Variable(np.zeros(BIG, np.float32), name="c")
    one = tf.assign_add(c, tf.ones([BIG]))
    two = tf.assign_add(c, tf.ones([BIG]) * 2.0)
    sess = tf.Session()
    sess.run(c.initializer)
    sess.run([one.op])
    sess.run([two.op])          # both steps compiled before the threads
    runs = 100
    _run_together([_repeat(runs, sess.run, op)
                   for op in (one.op, two.op, one.op, two.op)])
    got = sess.run(c)
    want = 3.0 + runs * 6.0
    assert (got == want).all(), "updates lost: c from %g to %g, want %g" % (
        got.min(), got.max(), want)


@needs_compiler
def test_concurrent_reads_never_see_a_half_written_variable():
    # Writers: a step (assign_add) and Variable.load from Python; readers: a
    # step that only reads (the spread of the values it saw) and fetching
    # the variable itself. Every value ever written is uniform.
    a = tf.Variable(np.zeros(BIG, np.float32), name="a")
    bump = tf.assign_add(a, tf.ones([BIG]))
    spread = tf.reduce_max(a) - tf.reduce_min(a)
    sess = tf.Session()
    sess.run(a.initializer)
    sess.run(bump.op)
    sess.run(spread)
    values = iter(range(10 ** 6))

    def load():
        a.load(np.full(BIG, -float(next(values)), np.float32), sess)

    def read_step():
        s = sess.run(spread)
        assert s == 0.0, "a step read a torn a (spread %g)" % s

    def fetch():
        _uniform(sess.run(a), "a fetched")
    runs = 200
    _run_together([_repeat(runs, sess.run, bump.op), _repeat(runs, load),
                   _repeat(runs, read_step), _repeat(runs, fetch)])
    _uniform(sess.run(a), "a")


@needs_compiler
def test_concurrent_steps_over_overlapping_variables_lose_nothing():
    # Steps over {a, b} built in both orders, over {a} and {b} alone, and a
    # Saver snapshot of both: no deadlock, no lost update, and every
    # checkpoint saw a and b between two steps, never in the middle of one.
    import os
    import shutil
    import tempfile
    from tfcc.checkpoint import load_checkpoint
    a = tf.Variable(np.zeros(BIG, np.float32), name="a")
    b = tf.Variable(np.zeros(BIG, np.float32), name="b")
    ab = tf.group(tf.assign_add(a, tf.ones([BIG])),
                  tf.assign_add(b, tf.ones([BIG])))
    ba = tf.group(tf.assign_add(b, tf.ones([BIG])),
                  tf.assign_add(a, tf.ones([BIG])))
    only_a = tf.assign_add(a, tf.ones([BIG]) * 2.0).op
    only_b = tf.assign_add(b, tf.ones([BIG]) * 3.0).op
    saver = tf.train.Saver([a, b])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for op in (ab, ba, only_a, only_b):
        sess.run(op)
    sess.run(tf.global_variables_initializer())
    tmp = tempfile.mkdtemp(prefix="tfcc-test-")
    counter = iter(range(10 ** 6))

    def save():
        path = saver.save(sess, os.path.join(tmp, "ckpt-%d" % next(counter)),
                          write_state=False)
        got = load_checkpoint(path)
        os.unlink(path)
        _uniform(got["a"], "a in a checkpoint")
        _uniform(got["b"], "b in a checkpoint")
    runs = 50
    try:
        _run_together([_repeat(runs, sess.run, ab), _repeat(runs, sess.run, ba),
                       _repeat(runs, sess.run, only_a),
                       _repeat(runs, sess.run, only_b), _repeat(20, save)])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    got_a, got_b = sess.run([a, b])
    assert (got_a == 4.0 * runs).all() and (got_b == 5.0 * runs).all(), (
        got_a.min(), got_a.max(), got_b.min(), got_b.max())


@needs_compiler
def test_eval_with_the_default_session():
    v = tf.Variable(np.float32(2.5), name="v")
    with tf.Session() as sess:
        assert tf.get_default_session() is sess
        sess.run(tf.global_variables_initializer())
        assert v.eval() == 2.5
        v.load(4.0)
        assert sess.run(v * 2.0) == 8.0
    assert tf.get_default_session() is None


def test_get_variable_and_variable_scope():
    tf.set_random_seed(5)
    with tf.variable_scope("dense"):
        k = tf.get_variable("kernel", [64, 32])
        b = tf.get_variable("bias", [32], initializer=tf.zeros_initializer())
        y = tf.matmul(tf.ones([2, 64]), k) + b
    assert k.op.name == "dense/kernel" and b.op.name == "dense/bias"
    assert y.op.name.startswith("dense/")
    limit = np.sqrt(6.0 / (64 + 32))        # glorot_uniform, TF1's default
    kv = k.op.get_attr("initial_value")
    assert kv.dtype == np.float32 and 0.5 * limit < np.abs(kv).max() <= limit
    np.testing.assert_array_equal(b.op.get_attr("initial_value"),
                                  np.zeros(32, np.float32))
    with pytest.raises(ValueError, match="dense/kernel already exists"):
        with tf.variable_scope("dense"):
            tf.get_variable("kernel", [64, 32])
    with tf.variable_scope("dense", reuse=True):
        assert tf.get_variable("kernel", [64, 32]) is k
        with pytest.raises(ValueError, match="dense/other does not exist"):
            tf.get_variable("other", [1])
        with pytest.raises(ValueError, match="shape"):
            tf.get_variable("kernel", [3])
    with tf.variable_scope("dense", reuse=tf.AUTO_REUSE):
        assert tf.get_variable("kernel") is k
        new = tf.get_variable("new", [2], initializer=tf.ones_initializer())
    assert new.op.name == "dense/new"
    c = tf.get_variable("c", initializer=np.arange(3, dtype=np.float32))
    assert c.shape == [3]
    s = tf.get_variable("s", [3, 3, 4, 8], initializer=tf.
                        variance_scaling_initializer(2.0, seed=1))
    sv = s.op.get_attr("initial_value")
    assert abs(sv.std() - np.sqrt(2.0 / 36)) < 0.3 * np.sqrt(2.0 / 36)
    assert tf.trainable_variables() == [k, b, new, c, s]
