"""Session.run under concurrency and over many runs: first runs of new
signatures from several threads at once (the compile cache) never mix up
results, and 10,000 runs of a training step hold their memory (RSS) flat.
The concurrent steps over shared variables are in test_training.py."""
import ctypes
import os
import threading

import numpy as np

import tfcc as tf
from conftest import needs_compiler


def _memory_bytes():
    """The process's memory: its RSS, or under AddressSanitizer (make
    check-asan preloads it) the heap bytes in use, since freed blocks wait in
    ASan's quarantine and RSS grows until that is full."""
    try:
        live = ctypes.CDLL(None).__sanitizer_get_current_allocated_bytes
    except AttributeError:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    live.restype = ctypes.c_size_t
    return live()


@needs_compiler
def test_new_signatures_from_threads_at_once_never_mix_results():
    # Six threads start together, none compiled before: three fetch sets,
    # two feed shapes each (a new compile per pair, some pairs shared by two
    # threads), each checking every result against numpy with its own data.
    x = tf.placeholder(tf.float32, [None], name="x")
    c = tf.Variable(np.float32(3.0), name="c")
    y = x * 2.0 + c
    z = tf.reduce_sum(x * x)
    sess = tf.Session()
    sess.run(c.initializer)
    barrier = threading.Barrier(6)
    errors = []

    def job(seed, n, fetch):
        try:
            rng = np.random.default_rng(seed)
            barrier.wait()
            for _ in range(15):
                v = rng.standard_normal(n).astype(np.float32)
                want_y, want_z = v * 2.0 + 3.0, np.sum(v * v)
                if fetch == "y":
                    np.testing.assert_allclose(sess.run(y, {x: v}), want_y,
                                               rtol=1e-6)
                elif fetch == "z":
                    np.testing.assert_allclose(sess.run(z, {x: v}), want_z,
                                               rtol=1e-5)
                else:
                    got_y, got_z = sess.run([y, z], {x: v})
                    np.testing.assert_allclose(got_y, want_y, rtol=1e-6)
                    np.testing.assert_allclose(got_z, want_z, rtol=1e-5)
        except BaseException as e:  # re-raised in the test's thread
            errors.append(e)
    jobs = [(1, 3, "y"), (2, 5, "y"), (3, 3, "z"), (4, 3, "both"),
            (5, 5, "both"), (6, 3, "y")]
    threads = [threading.Thread(target=job, args=a, daemon=True)
               for a in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
        assert not t.is_alive(), "a thread did not finish"
    if errors:
        raise errors[0]


@needs_compiler
def test_ten_thousand_training_steps_hold_memory_flat():
    # Linear regression by SGD, fed each step. The memory after 1,000 steps
    # (compiled, warm) against after 10,000: a leak of 200 bytes a run
    # would show as 1.8 MB.
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((64, 8)).astype(np.float32)
    true_w = rng.standard_normal((8, 1)).astype(np.float32)
    ys = xs @ true_w
    x = tf.placeholder(tf.float32, [None, 8], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    w = tf.Variable(np.zeros((8, 1), np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    feed = {x: xs, y: ys}
    for _ in range(1000):
        sess.run(step, feed)
    warm = _memory_bytes()
    for _ in range(9000):
        sess.run(step, feed)
    grown = _memory_bytes() - warm
    print("memory after 1,000 steps %.1f MB, grew %.2f MB over 9,000 more"
          % (warm / 2 ** 20, grown / 2 ** 20))
    assert grown < 2 * 2 ** 20, "memory grew %d bytes over 9,000 steps" % grown
    np.testing.assert_allclose(sess.run(w), true_w, rtol=1e-4, atol=1e-5)
    assert sess.run(loss, feed) < 1e-8
