"""tf.train.Saver over the runtime's checkpoint files: round trips, refusal
of mismatched, truncated and corrupted checkpoints, and training resumed in
a new process after the first was killed."""

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler, REPO

pytestmark = needs_compiler


def _vars():
    W = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3), name="W")
    b = tf.Variable(np.array([0.5, -1.5], np.float64), name="b")
    step = tf.Variable(np.int64(7), trainable=False, name="step")
    return W, b, step


def test_saver_round_trip(tmp_path):
    W, b, step = _vars()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.group(tf.assign_add(W, tf.ones([2, 3])),
                      tf.assign_add(step, np.int64(1))))
    saver = tf.train.Saver()
    path = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=3)
    assert path == str(tmp_path / "model.ckpt-3") and os.path.isfile(path)
    # Permissions of any new file under the umask (not a private temp file's).
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask
    assert tf.train.latest_checkpoint(str(tmp_path)) == path
    saved = {"W": sess.run(W), "b": sess.run(b), "step": sess.run(step)}
    sess.run(tf.assign(W, tf.zeros([2, 3])))
    sess.run(b.initializer)
    saver.restore(sess, path)
    for name, var in (("W", W), ("b", b), ("step", step)):
        got = sess.run(var)
        assert got.dtype == saved[name].dtype
        np.testing.assert_array_equal(got, saved[name])
    # Restoring initializes: a fresh session can use the variables at once.
    fresh = tf.Session()
    tf.train.Saver({"W": W}).restore(fresh, path)
    np.testing.assert_array_equal(fresh.run(W * 1.0), saved["W"])
    with pytest.raises(tf.errors.FailedPreconditionError, match="value b"):
        fresh.run(b)
    # The file is what the runtime wrote: every entry by name.
    entries = tf.checkpoint.load_checkpoint(path)
    assert sorted(entries) == ["W", "b", "step"]
    np.testing.assert_array_equal(entries["step"], np.int64(8))


def test_save_needs_initialized_variables(tmp_path):
    W, b, step = _vars()
    sess = tf.Session()
    sess.run(W.initializer)
    with pytest.raises(tf.errors.FailedPreconditionError,
                       match="uninitialized value b"):
        tf.train.Saver().save(sess, str(tmp_path / "c"))
    assert not os.path.exists(tmp_path / "c")


def test_restore_refuses_missing_variables_and_mismatches(tmp_path):
    W, b, step = _vars()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    path = tf.train.Saver([W, b]).save(sess, str(tmp_path / "c"))
    g = tf.Graph()
    with g.as_default():
        W2 = tf.Variable(np.zeros((3, 2), np.float32), name="W")
        b2 = tf.Variable(np.zeros(2, np.float32), name="b")
        extra = tf.Variable(np.zeros(2, np.float32), name="extra")
        other = tf.Session(graph=g)
        other.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"variable 'W' has shape \[2,3\] there but "
                                 r"\[3,2\] in the graph"):
            tf.train.Saver([W2]).restore(other, path)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="variable 'b' is float64 there but float32"):
            tf.train.Saver([b2]).restore(other, path)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="has no variable 'extra'"):
            tf.train.Saver({"W": W, "extra": extra}).restore(other, path)
        # Nothing was changed by the refused restores.
        np.testing.assert_array_equal(other.run(W2), np.zeros((3, 2)))
        np.testing.assert_array_equal(other.run(b2), np.zeros(2))
    with pytest.raises(tf.errors.NotFoundError, match="does not exist"):
        tf.train.Saver([W]).restore(sess, str(tmp_path / "missing"))


def test_truncated_or_corrupted_checkpoints_are_refused(tmp_path):
    W, b, step = _vars()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    path = saver.save(sess, str(tmp_path / "good"))
    data = open(path, "rb").read()
    # One bit of W's values flipped: only the checksum can tell.
    at = data.index(np.arange(6, dtype=np.float32).tobytes()) + 9
    cases = {
        "truncated": data[:len(data) // 2],
        "empty": b"",
        "flipped": data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:],
        "not_a_checkpoint": b"hello world, this is not a checkpoint" * 4,
    }
    sess.run(tf.assign(W, tf.zeros([2, 3])))
    for name, content in cases.items():
        bad = tmp_path / name
        bad.write_bytes(content)
        with pytest.raises(tf.errors.DataLossError,
                           match="checkpoint '%s'" % bad) as info:
            saver.restore(sess, str(bad))
        assert "\n" not in str(info.value)
        np.testing.assert_array_equal(sess.run(W), np.zeros((2, 3)))
    saver.restore(sess, path)
    np.testing.assert_array_equal(sess.run(W),
                                  np.arange(6).reshape(2, 3))


SCRIPT = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, os.path.join(sys.argv[1], "python"))
    import numpy as np
    import tfcc as tf

    mode, ckpt = sys.argv[2], sys.argv[3]
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 5)).astype(np.float32)
    T = (X @ rng.standard_normal((5, 3))).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 5])
    t = tf.placeholder(tf.float32, [None, 3])
    W1 = tf.Variable(tf.random_normal([5, 8], stddev=0.5, seed=1))
    W2 = tf.Variable(tf.random_normal([8, 3], stddev=0.5, seed=2))
    loss = tf.losses.mean_squared_error(t, tf.matmul(tf.tanh(
        tf.matmul(x, W1)), W2))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    saver = tf.train.Saver()
    sess = tf.Session()
    feed = {x: X, t: T}

    def report(tag):
        print(tag, repr(float(sess.run(loss, feed))), flush=True)

    if mode == "resume":
        saver.restore(sess, ckpt)
        report("restored")
    else:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(train, feed)
        if mode == "train":
            saver.save(sess, ckpt)
            report("saved")
            time.sleep(600)  # killed here by the test
    for _ in range(3):
        sess.run(train, feed)
    report("final")
""")


def _start(tmp_path, mode):
    script = tmp_path / "train_script.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, TFCC_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, str(script), REPO, mode,
                             str(tmp_path / "model.ckpt")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def _lines(out):
    return dict(line.split(" ", 1) for line in out.splitlines() if line)


def test_training_resumes_in_a_new_process_after_a_kill(tmp_path):
    proc = _start(tmp_path, "train")
    line = proc.stdout.readline()
    try:
        assert line.startswith("saved "), line + proc.stderr.read()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    saved_loss = float(line.split()[1])
    resumed = _start(tmp_path, "resume")
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    got = _lines(out)
    assert float(got["restored"]) == saved_loss
    straight = _start(tmp_path, "straight")
    out, err = straight.communicate(timeout=300)
    assert straight.returncode == 0, err
    want = _lines(out)
    assert float(got["final"]) == float(want["final"])
    assert float(want["final"]) < saved_loss
    # No temporary file was left next to the checkpoint.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cache", "checkpoint", "model.ckpt", "train_script.py"]
