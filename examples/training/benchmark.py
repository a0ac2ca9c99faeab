# Milliseconds per training step: tfcc's Session (native code compiled ahead
# of time on the first call) against the same model in PyTorch eager mode, on
# this machine, batch 100.
#
#   PYTHONPATH=python /usr/bin/python3 examples/training/benchmark.py
#
# Models: the softmax regression of logistic_regression.py (plain gradient
# descent) and the MLP of mlp_adam.py (Adam). Each step of either framework
# draws the same kind of batch; the figures are medians over repeats.
import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp_adam  # noqa: E402
import tfcc as tf  # noqa: E402


def timed(step, steps, repeats):
    """Median seconds per call of step() over `repeats` runs of `steps`."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        samples.append((time.perf_counter() - start) / steps)
    return statistics.median(samples)


def batches(X, Y, n, seed=0):
    rng = np.random.default_rng(seed)
    while True:
        i = rng.integers(0, 1500, n)
        yield X[i], Y[i]


def tfcc_logistic(X, Y, steps, repeats):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 64])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([64, 10]))
    y = tf.nn.softmax(tf.matmul(x, W))
    loss = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), axis=[1]))
    train = tf.assign(W, W - 0.5 * tf.gradients(loss, [W])[0])
    return tfcc_run(x, y_, train, X, Y, steps, repeats)


def tfcc_mlp(X, Y, steps, repeats):
    tf.reset_default_graph()
    x, y_, _, train, _ = mlp_adam.build()
    return tfcc_run(x, y_, train, X, Y, steps, repeats)


def tfcc_run(x, y_, train, X, Y, steps, repeats):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    data = batches(X, Y, 100)
    start = time.perf_counter()
    bx, by = next(data)
    sess.run(train, feed_dict={x: bx, y_: by})
    first_s = time.perf_counter() - start
    first_compiles = sess.num_compiles

    def step():
        bx, by = next(data)
        sess.run(train, feed_dict={x: bx, y_: by})
    per_step = timed(step, steps, repeats)
    return (first_s, first_compiles, per_step,
            sess.num_compiles - first_compiles)


def torch_logistic(X, Y, steps, repeats):
    W = torch.zeros(64, 10, requires_grad=True)
    opt = torch.optim.SGD([W], lr=0.5)
    return torch_run(lambda x: x @ W, opt, X, Y, steps, repeats,
                     one_hot_loss=True)


def torch_mlp(X, Y, steps, repeats):
    rng = np.random.default_rng(0)
    W1 = torch.tensor(rng.normal(0, np.sqrt(2 / 64), (64, mlp_adam.HIDDEN))
                      .astype(np.float32), requires_grad=True)
    b1 = torch.zeros(mlp_adam.HIDDEN, requires_grad=True)
    W2 = torch.tensor(rng.normal(0, np.sqrt(1 / mlp_adam.HIDDEN),
                                 (mlp_adam.HIDDEN, 10)).astype(np.float32),
                      requires_grad=True)
    b2 = torch.zeros(10, requires_grad=True)
    opt = torch.optim.Adam([W1, b1, W2, b2], lr=0.001)
    return torch_run(lambda x: torch.relu(x @ W1 + b1) @ W2 + b2, opt, X, Y,
                     steps, repeats)


def torch_run(model, opt, X, Y, steps, repeats, one_hot_loss=False):
    data = batches(X, Y, 100)

    def step():
        bx, by = next(data)
        x, y_ = torch.from_numpy(bx), torch.from_numpy(by)
        logits = model(x)
        if one_hot_loss:
            loss = torch.mean(-torch.sum(y_ * torch.log_softmax(logits, 1), 1))
        else:
            loss = torch.nn.functional.cross_entropy(logits, y_.argmax(1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    step()
    return timed(step, steps, repeats)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--torch-threads", type=int, default=os.cpu_count(),
                        help="PyTorch's intra-op threads (default: every "
                        "core; tfcc's code is single-threaded)")
    args = parser.parse_args()
    torch.set_num_threads(args.torch_threads)
    X, Y = mlp_adam.data()
    print("training step, batch 100, %d threads for PyTorch; median of %d x "
          "%d steps" % (torch.get_num_threads(), args.repeats, args.steps))
    print("%-22s %12s %14s %14s %8s" % ("model", "tfcc ms", "PyTorch ms",
                                        "tfcc 1st call", "speedup"))
    for name, ours, theirs in (
            ("softmax regression SGD", tfcc_logistic, torch_logistic),
            ("MLP 64-128-10 Adam", tfcc_mlp, torch_mlp)):
        first_s, first_compiles, per_step, later_compiles = ours(
            X, Y, args.steps, args.repeats)
        torch_step = theirs(X, Y, args.steps, args.repeats)
        print("%-22s %12.3f %14.3f %11.2f s %7.2fx" % (
            name, per_step * 1e3, torch_step * 1e3, first_s,
            torch_step / per_step))
        print("%-22s compiles: %d on the first call, %d in the %d timed "
              "steps" % ("", first_compiles, later_compiles,
                         args.steps * args.repeats))


if __name__ == "__main__":
    main()
