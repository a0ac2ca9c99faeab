# Milliseconds per training step: tfcc's Session (native code compiled ahead
# of time on the first call) against the same model in PyTorch eager mode, on
# this machine, batch 100, both on one thread (--torch-threads for more;
# TFCC_NUM_THREADS=N for tfcc's steps).
#
#   PYTHONPATH=python /usr/bin/python3 examples/training/benchmark.py
#
# Models: the softmax regression of logistic_regression.py (plain gradient
# descent), the MLP of mlp_adam.py (Adam) and a LeNet-5 CNN on 28x28 images
# (the digits, upsampled; NCHW: two 5x5 convolutions with ReLU and 2x2 max
# pooling, three dense layers, softmax cross-entropy, Adam). Each step of
# either framework draws the same kind of batch; the figures are medians
# over repeats.
import argparse
import os
import statistics
import sys
import time

# tfcc's steps on one thread unless told otherwise (their default is the
# CPUs of the machine), as PyTorch's.
os.environ.setdefault("TFCC_NUM_THREADS", "1")

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


def lenet_weights(seed=0):
    """LeNet-5's weights, He-initialized: conv1 6x1x5x5, conv2 16x6x5x5
    (OIHW), dense 400-120-84-10, zero biases."""
    rng = np.random.default_rng(seed)

    def he(shape, fan_in):
        return rng.normal(0, np.sqrt(2 / fan_in), shape).astype(np.float32)
    return [he((6, 1, 5, 5), 25), np.zeros(6, np.float32),
            he((16, 6, 5, 5), 150), np.zeros(16, np.float32),
            he((400, 120), 400), np.zeros(120, np.float32),
            he((120, 84), 120), np.zeros(84, np.float32),
            he((84, 10), 84), np.zeros(10, np.float32)]


def lenet_data(X):
    """The 8x8 digits as 1x28x28 images: each pixel a 3x3 block, centred
    with a border of 2."""
    images = np.kron(X.reshape(-1, 8, 8), np.ones((3, 3), np.float32))
    return np.pad(images, ((0, 0), (2, 2), (2, 2)))[:, None]


def tfcc_lenet(X, Y, steps, repeats):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 1, 28, 28])
    y_ = tf.placeholder(tf.float32, [None, 10])
    w = [tf.Variable(v) for v in lenet_weights()]

    def conv_pool(h, filt, bias, pad):
        # Filters are OIHW: conv2d takes HWIO.
        h = tf.nn.conv2d(h, tf.transpose(filt, [2, 3, 1, 0]), strides=1,
                         padding=pad, data_format="NCHW")
        h = tf.nn.relu(tf.nn.bias_add(h, bias, data_format="NCHW"))
        return tf.nn.max_pool(h, 2, 2, "VALID", data_format="NCHW")
    h = conv_pool(x, w[0], w[1], [[0, 0], [0, 0], [2, 2], [2, 2]])
    h = conv_pool(h, w[2], w[3], "VALID")
    h = tf.reshape(h, [-1, 400])
    h = tf.nn.relu(tf.matmul(h, w[4]) + w[5])
    h = tf.nn.relu(tf.matmul(h, w[6]) + w[7])
    logits = tf.matmul(h, w[8]) + w[9]
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
    train = tf.train.AdamOptimizer(0.001).minimize(loss)
    return tfcc_run(x, y_, train, lenet_data(X), Y, steps, repeats)


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


def torch_lenet(X, Y, steps, repeats):
    params = [torch.tensor(v, requires_grad=True) for v in lenet_weights()]
    F = torch.nn.functional

    def model(x):
        h = F.max_pool2d(F.relu(F.conv2d(x, params[0], params[1],
                                         padding=2)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, params[2], params[3])), 2)
        h = h.reshape(-1, 400)
        h = F.relu(h @ params[4] + params[5])
        h = F.relu(h @ params[6] + params[7])
        return h @ params[8] + params[9]
    opt = torch.optim.Adam(params, lr=0.001)
    return torch_run(model, opt, lenet_data(X), Y, steps, repeats)


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
    parser.add_argument("--torch-threads", type=int, default=1,
                        help="PyTorch's intra-op threads (default: 1, as "
                        "tfcc's code is single-threaded)")
    args = parser.parse_args()
    torch.set_num_threads(args.torch_threads)
    X, Y = mlp_adam.data()
    print("training step, batch 100, %d threads for PyTorch; median of %d x "
          "%d steps" % (torch.get_num_threads(), args.repeats, args.steps))
    print("%-22s %12s %14s %14s %8s" % ("model", "tfcc ms", "PyTorch ms",
                                        "tfcc 1st call", "speedup"))
    for name, ours, theirs in (
            ("softmax regression SGD", tfcc_logistic, torch_logistic),
            ("MLP 64-128-10 Adam", tfcc_mlp, torch_mlp),
            ("LeNet-5 CNN Adam", tfcc_lenet, torch_lenet)):
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
