#!/usr/bin/env python3
"""Gradients through tf.while_loop: time per training step of a tanh RNN
over T steps, against PyTorch's autograd and (optionally) another tfcc
build, all at one thread.

    /usr/bin/python3 bench/loop_gradients.py [--baseline-tfcc PATH]
                                             [--seconds S]

The graph: h_0 = x ([64, 256]), h_t = tanh(h_{t-1} W) for T steps in a
tf.while_loop, loss = sum(h_T^2); fetched: d loss / d W and d loss / d x.
tf.gradients makes the forward loop push h_t onto a stack each iteration
and a backward loop read the stack in reverse (TensorFlow's scheme). Each
row is T = 50, 200 and 800: ms per step (forward and backward), the same
per loop iteration, PyTorch eager autograd, and the baseline tfcc binary
(e.g. a build whose stacks grew by a concat every iteration, which copies
O(T^2) rows). The gradients are checked against PyTorch's (max relative
error). GFLOP/s counts the three matmuls of a step that autograd needs
(forward, d h, d W: 3 * 2 * 64 * 256^2 per iteration; tfcc's backward
loop computes each iteration's forward matmul again, which is not
counted), against the core's FMA peak measured first (bench/fma_peak.c)."""

import argparse
import os
import sys
import tempfile

import common
from common import compile_file, fmt_err, rel_err
from gemm import fma_peak

import numpy as np
import torch

import tfcc as tf

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

B, H = 64, 256


def export(steps, path):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [B, H], name="x")
        w = tf.placeholder(tf.float32, [H, H], name="w")
        _, h = tf.while_loop(lambda i, h: i < steps,
                             lambda i, h: (i + 1, tf.tanh(tf.matmul(h, w))),
                             [tf.constant(0), x])
        loss = tf.reduce_sum(h * h)
        gw, gx = tf.gradients(loss, [w, x])
        tf.export(path, [tf.identity(gw, name="gw"),
                         tf.identity(gx, name="gx")], feeds=[x, w])


def torch_step(x, w, steps):
    xt = torch.from_numpy(x).requires_grad_()
    wt = torch.from_numpy(w).requires_grad_()
    h = xt
    for _ in range(steps):
        h = torch.tanh(h @ wt)
    (h * h).sum().backward()
    return wt.grad.numpy(), xt.grad.numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline-tfcc", help="another tfcc binary")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    common.header("Gradients through tf.while_loop (tanh RNN, batch %d, "
                  "width %d)" % (B, H))
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (B, H)).astype(np.float32)
    w = (rng.standard_normal((H, H)) / np.sqrt(H)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        peak = fma_peak(tmp)
    if peak:
        print("FMA peak: %.1f GFLOP/s (%d lanes)" % peak)
    cols = ["T", "tfcc ms", "ms/iter", "GFLOP/s", "% peak", "torch ms",
            "tfcc/torch", "err"]
    if args.baseline_tfcc:
        cols[6:6] = ["baseline ms", "baseline/tfcc"]
    print("| " + " | ".join(cols) + " |")
    print("|" + " --- |" * len(cols))
    with tempfile.TemporaryDirectory() as tmp:
        for steps in (50, 200, 800):
            path = os.path.join(tmp, "rnn%d.tfg" % steps)
            export(steps, path)
            module = compile_file(path)
            got = module(x=x, w=w)
            want = torch_step(x, w, steps)
            err = max(rel_err(got["gw"], want[0]), rel_err(got["gx"], want[1]))
            t, _ = common.time_fn(lambda: module(x=x, w=w), args.reps,
                                  args.seconds)
            t_torch, _ = common.time_fn(lambda: torch_step(x, w, steps),
                                        args.reps, args.seconds)
            gflops = 3 * 2 * B * H * H * steps / (t * 1e6)
            row = [str(steps), "%.2f" % t, "%.4f" % (t / steps),
                   "%.1f" % gflops,
                   "%.0f%%" % (100 * gflops / peak[0]) if peak else "-",
                   "%.2f" % t_torch, "%.2f" % (t / t_torch), fmt_err(err)]
            if args.baseline_tfcc:
                base = compile_file(path, tfcc=args.baseline_tfcc)
                t_base, _ = common.time_fn(lambda: base(x=x, w=w), args.reps,
                                           args.seconds)
                row[6:6] = ["%.2f" % t_base, "%.2f" % (t_base / t)]
            print("| " + " | ".join(row) + " |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
