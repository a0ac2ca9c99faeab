"""Learning-rate schedules (tf.train.exponential_decay, ...) against their
TF 1.15 formulas in numpy at several global steps (rtol=1e-6, float32),
and AdagradOptimizer, RMSPropOptimizer (plain, momentum, centered) and
FtrlOptimizer against numpy replicas of TF's training ops over four steps
of a least-squares problem (float64: rtol=1e-12), with TF's slot names. A
schedule driving an optimizer, with global_step counting the steps, is
Point 1's "learning-rate schedule with global_step"."""

import math

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

STEPS = [0, 1, 7, 10, 25, 99, 100, 101, 1000]


def schedule_cases():
    return [
        ("exponential", lambda s: tf.train.exponential_decay(
            0.1, s, 10, 0.5), lambda k: 0.1 * 0.5 ** (k / 10)),
        ("exponential_staircase", lambda s: tf.train.exponential_decay(
            0.1, s, 10, 0.5, staircase=True),
         lambda k: 0.1 * 0.5 ** (k // 10)),
        ("natural_exp", lambda s: tf.train.natural_exp_decay(
            0.1, s, 10, 0.3), lambda k: 0.1 * math.exp(-0.3 * k / 10)),
        ("inverse_time", lambda s: tf.train.inverse_time_decay(
            0.1, s, 10, 0.3, staircase=True),
         lambda k: 0.1 / (1 + 0.3 * (k // 10))),
        ("polynomial", lambda s: tf.train.polynomial_decay(
            0.1, s, 100, 0.01, power=2.0),
         lambda k: (0.1 - 0.01) * (1 - min(k, 100) / 100) ** 2 + 0.01),
        ("polynomial_cycle", lambda s: tf.train.polynomial_decay(
            0.1, s, 100, 0.01, cycle=True),
         lambda k: (0.1 - 0.01) * (1 - k / (100 * max(1, math.ceil(
             k / 100)))) + 0.01),
        ("cosine", lambda s: tf.train.cosine_decay(0.1, s, 100, alpha=0.1),
         lambda k: 0.1 * (0.9 * 0.5 * (1 + math.cos(
             math.pi * min(k, 100) / 100)) + 0.1)),
        ("piecewise", lambda s: tf.train.piecewise_constant(
            s, [10, 100], [1.0, 0.5, 0.1]),
         lambda k: 1.0 if k <= 10 else 0.5 if k <= 100 else 0.1),
    ]


@needs_compiler
@pytest.mark.parametrize("name,build,want", schedule_cases(),
                         ids=[c[0] for c in schedule_cases()])
def test_schedule(name, build, want):
    step = tf.placeholder(tf.int64, [])
    lr = build(step)
    with tf.Session() as sess:
        got = [sess.run(lr, {step: k}) for k in STEPS]
    # float32 exp/pow over 30 e-folds: a few ulps.
    np.testing.assert_allclose(got, [want(k) for k in STEPS], rtol=1e-5)


def test_schedule_needs_global_step():
    with pytest.raises(ValueError, match="global_step is required"):
        tf.train.exponential_decay(0.1, None, 10, 0.5)
    with pytest.raises(ValueError, match="1 less than"):
        tf.train.piecewise_constant(tf.constant(1), [1, 2], [1.0])


A = np.random.default_rng(2).standard_normal((6, 3))
B = np.random.default_rng(3).standard_normal((6, 2))
W0 = np.random.default_rng(4).standard_normal((3, 2))


def grad_of(w):
    # loss = sum((A w - B)^2) / 2
    return A.T @ (A @ w - B)


def adagrad(lr, init):
    w, acc = W0.copy(), np.full_like(W0, init)
    while True:
        g = grad_of(w)
        acc = acc + g * g
        w = w - lr * g / np.sqrt(acc)
        yield w


def rmsprop(lr, decay, momentum, eps, centered):
    w, ms, mom, mg = W0.copy(), np.ones_like(W0), np.zeros_like(W0), \
        np.zeros_like(W0)
    while True:
        g = grad_of(w)
        ms = ms + (g * g - ms) * (1 - decay)
        denom = ms + eps
        if centered:
            mg = mg + (g - mg) * (1 - decay)
            denom = denom - mg * mg
        mom = momentum * mom + lr * g / np.sqrt(denom)
        w = w - mom
        yield w


def ftrl(lr, power, init, l1, l2):
    """power is -learning_rate_power."""
    w, acc, lin = W0.copy(), np.full_like(W0, init), np.zeros_like(W0)
    while True:
        g = grad_of(w)
        n = acc + g * g
        lin = lin + g - (n ** power - acc ** power) / lr * w
        quad = n ** power / lr + 2 * l2
        w = np.where(np.abs(lin) > l1, (np.sign(lin) * l1 - lin) / quad, 0.0)
        acc = n
        yield w


OPTIMIZERS = [
    ("adagrad", lambda: tf.train.AdagradOptimizer(0.3, 0.2),
     lambda: adagrad(0.3, 0.2), ["W/Adagrad"]),
    ("rmsprop", lambda: tf.train.RMSPropOptimizer(0.01),
     lambda: rmsprop(0.01, 0.9, 0.0, 1e-10, False),
     ["W/RMSProp", "W/RMSProp_1"]),
    ("rmsprop_momentum_centered", lambda: tf.train.RMSPropOptimizer(
        0.01, decay=0.8, momentum=0.5, epsilon=1e-3, centered=True),
     lambda: rmsprop(0.01, 0.8, 0.5, 1e-3, True),
     ["W/RMSProp", "W/RMSProp_1", "W/RMSProp_2"]),
    ("ftrl", lambda: tf.train.FtrlOptimizer(
        0.5, l1_regularization_strength=0.1, l2_regularization_strength=0.2),
     lambda: ftrl(0.5, 0.5, 0.1, 0.1, 0.2), ["W/Ftrl", "W/Ftrl_1"]),
    ("ftrl_power", lambda: tf.train.FtrlOptimizer(
        0.5, learning_rate_power=-0.7, initial_accumulator_value=0.3),
     lambda: ftrl(0.5, 0.7, 0.3, 0.0, 0.0), ["W/Ftrl", "W/Ftrl_1"]),
]


@needs_compiler
@pytest.mark.parametrize("name,make,replica,slots", OPTIMIZERS,
                         ids=[o[0] for o in OPTIMIZERS])
def test_optimizer_matches_tf_formulas(name, make, replica, slots):
    w = tf.Variable(W0, name="W")
    loss = tf.reduce_sum(tf.square(tf.matmul(tf.constant(A), w) -
                                   tf.constant(B))) / 2
    train = make().minimize(loss)
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == sorted(["W"] + slots)
    want = replica()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            sess.run(train)
            np.testing.assert_allclose(sess.run(w), next(want), rtol=1e-12,
                                       atol=1e-14)


@needs_compiler
def test_schedule_drives_an_optimizer_through_global_step():
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.5, step, 2, 0.5, staircase=True)
    w = tf.Variable(W0, name="W")
    loss = tf.reduce_sum(tf.square(tf.matmul(tf.constant(A), w) -
                                   tf.constant(B))) / 2
    train = tf.train.GradientDescentOptimizer(lr).minimize(
        loss, global_step=step)
    want, k = W0.copy(), 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            rate = sess.run(lr)
            assert np.isclose(rate, 0.5 * 0.5 ** (k // 2))
            sess.run(train)
            want = want - rate * 0.1 * grad_of(want) / 0.1
            k += 1
            assert sess.run(step) == k
        np.testing.assert_allclose(sess.run(w), want, rtol=1e-6)


def test_optimizer_argument_errors():
    with pytest.raises(ValueError, match="must be positive"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="negative or zero"):
        tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)
