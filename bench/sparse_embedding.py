#!/usr/bin/env python3
"""Sparse embedding training: time per SGD step on a 10k x 64 and a
1M x 64 table, against PyTorch's sparse embedding gradients, at one thread.

    /usr/bin/python3 bench/sparse_embedding.py [--seconds S] [--batch B]

The step: e = embedding_lookup(table, ids) for a batch of random ids,
loss = mean((e - y)^2), GradientDescentOptimizer(0.5).minimize(loss), run
through tf.Session. tf.gradients gives the table an IndexedSlices (the
batch's rows), which the optimizer applies as a ScatterSub in the table's
own storage: the cost follows the batch, not the table. For contrast,
"tfcc dense" reads the table through tf.identity first, so its gradient is
the dense [rows, 64] tensor and the update touches every row. PyTorch:
nn.Embedding(rows, 64, sparse=True) with optim.SGD, the same ids, targets
and initial table; after the timed steps the two tables are compared (max
relative error). The step does almost no arithmetic (a few FLOPs per
looked-up element), so its limit is memory latency, not the FMA peak: the
last column is the time per looked-up row."""

import argparse
import sys

import common
import numpy as np
import torch

import tfcc as tf

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

DIM = 64
LR = 0.5


def tfcc_steps(table0, batches, dense):
    tf.reset_default_graph()
    table = tf.Variable(table0, name="table")
    ids = tf.placeholder(tf.int64, [None], name="ids")
    y = tf.placeholder(tf.float32, [None, DIM], name="y")
    source = tf.identity(table) if dense else table
    emb = tf.nn.embedding_lookup(source, ids)
    loss = tf.reduce_mean(tf.square(emb - y))
    train = tf.train.GradientDescentOptimizer(LR).minimize(loss)
    cfg = tf.ConfigProto(intra_op_parallelism_threads=1)
    sess = tf.Session(config=cfg)
    sess.run(tf.global_variables_initializer())
    state = {"k": 0}

    def step():
        iv, yv = batches[state["k"] % len(batches)]
        state["k"] += 1
        sess.run(train, {ids: iv, y: yv})

    return sess, table, step, state


def torch_steps(table0, batches):
    emb = torch.nn.Embedding(*table0.shape, sparse=True)
    with torch.no_grad():
        emb.weight.copy_(torch.from_numpy(table0))
    opt = torch.optim.SGD(emb.parameters(), lr=LR)
    data = [(torch.from_numpy(i), torch.from_numpy(y)) for i, y in batches]
    state = {"k": 0}

    def step():
        iv, yv = data[state["k"] % len(data)]
        state["k"] += 1
        opt.zero_grad()
        loss = torch.mean((emb(iv) - yv) ** 2)
        loss.backward()
        opt.step()

    return emb, step, state


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    common.header("Sparse embedding SGD steps (batch %d, width %d)"
                  % (args.batch, DIM))
    cols = ["table", "tfcc ms", "tfcc dense ms", "torch ms", "tfcc/torch",
            "dense/tfcc", "err", "rows changed", "tfcc us/row"]
    print("| " + " | ".join(cols) + " |")
    print("|" + " --- |" * len(cols))
    rng = np.random.default_rng(0)
    for rows in (10_000, 1_000_000):
        table0 = (rng.standard_normal((rows, DIM)) * 0.1).astype(np.float32)
        batches = [(rng.integers(0, rows, args.batch),
                    rng.standard_normal((args.batch, DIM)).astype(np.float32))
                   for _ in range(8)]
        sess, table, step, state = tfcc_steps(table0, batches, dense=False)
        t_tfcc, n = common.time_fn(step, args.reps, args.seconds)
        emb, t_step, t_state = torch_steps(table0, batches)
        t_torch, _ = common.time_fn(t_step, args.reps, args.seconds)
        # The same number of steps on both sides, then the tables.
        while t_state["k"] < state["k"]:
            t_step()
        while state["k"] < t_state["k"]:
            step()
        final = sess.run(table)
        moved = int((final != table0).any(axis=1).sum())
        assert moved > 0, "the steps changed no row"
        err = common.rel_err(final, emb.weight.detach().numpy())
        sess.close()
        dsess, _, dstep, _ = tfcc_steps(table0, batches, dense=True)
        t_dense, _ = common.time_fn(dstep, max(3, args.reps // 20),
                                    args.seconds)
        dsess.close()
        row = ["%d x %d" % (rows, DIM), "%.3f" % t_tfcc, "%.2f" % t_dense,
               "%.3f" % t_torch, "%.2f" % (t_tfcc / t_torch),
               "%.0f" % (t_dense / t_tfcc), common.fmt_err(err), str(moved),
               "%.3f" % (1e3 * t_tfcc / args.batch)]
        print("| " + " | ".join(row) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
