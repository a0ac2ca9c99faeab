#!/usr/bin/env python3
"""What the run-time checks cost: models compiled with and without
`--no-runtime-checks`, timed in the same run on one core.

    /usr/bin/python3 bench/runtime_checks.py [--reps N]

Models: the MLP 784-512-256-10 (TF1 graph, dynamic batch, run at 64), an
embedding lookup (4096 ids into a 1000x64 table, summed: a gather, whose
index check runs for every element read) and a
PyTorch nn.TransformerEncoderLayer(256, 8, 1024) exported to ONNX with a
dynamic batch (run at 1x128x256; the importer takes one unknown size per
Reshape, so the sequence length stays static). For each it prints
the checks left in the generated code (calls of tfcc_rt_check_failed in the
LLVM IR), the median latency of both builds and their ratio, and PyTorch
eager (one thread, no_grad) on the same computation in the same run as the
peer. Needs a build (make demo); without PyTorch the encoder and the peer
column are skipped.

The gather can run faster with its check than without: past the check LLVM
knows the index is in range, and drops the clamp that keeps the unchecked
read in bounds (no vpminsq/vpmaxsq left in the loop)."""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "python"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

import common  # noqa: E402
import tfcc as tf  # noqa: E402
from tfcc import _build  # noqa: E402
from tfcc.runtime import compile_file  # noqa: E402


def cpu_name():
    return "%s (%s)" % common.cpu_info()


def torch_or_none():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def median_ms(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1e3 * float(np.median(times))


def checks_in(path):
    ir = subprocess.run([_build.tfcc_binary(), path, "--emit=llvm"],
                        check=True, capture_output=True, text=True).stdout
    return ir.count("call void @tfcc_rt_check_failed")


# Each model: (its file, the feeds, the same computation in PyTorch or None).

def mlp_model(tmp, torch):
    rng = np.random.default_rng(0)
    x = tf.placeholder(tf.float32, [None, 784], name="x")
    h = x
    layers = []
    for i, (n, m) in enumerate([(784, 512), (512, 256), (256, 10)]):
        w = rng.standard_normal((n, m)).astype(np.float32) * 0.05
        b = rng.standard_normal(m).astype(np.float32) * 0.05
        layers.append((w, b))
        h = tf.matmul(h, tf.constant(w)) + tf.constant(b)
        if i < 2:
            h = tf.nn.relu(h)
    y = tf.nn.softmax(h, name="y")
    path = os.path.join(tmp, "mlp.tfg")
    tf.export(path, fetches=[y], feeds=[x])
    xv = rng.standard_normal((64, 784)).astype(np.float32)
    peer = None
    if torch is not None:
        tx = torch.from_numpy(xv)
        tl = [(torch.from_numpy(w), torch.from_numpy(b)) for w, b in layers]

        def peer():
            with torch.no_grad():
                t = tx
                for i, (w, b) in enumerate(tl):
                    t = torch.addmm(b, t, w)
                    if i < 2:
                        t = torch.relu(t)
                return torch.softmax(t, -1)
    return path, {"x": xv}, peer


def embedding_model(tmp, torch):
    # Index checks run once per element read: the case where they could
    # cost something.
    rng = np.random.default_rng(0)
    table = rng.standard_normal((1000, 64)).astype(np.float32)
    ids = tf.placeholder(tf.int64, [None], name="ids")
    y = tf.reduce_sum(tf.gather(tf.constant(table), ids), axis=0, name="y")
    path = os.path.join(tmp, "embedding.tfg")
    tf.export(path, fetches=[y], feeds=[ids])
    idv = rng.integers(0, 1000, 4096).astype(np.int64)
    peer = None
    if torch is not None:
        tt, ti = torch.from_numpy(table), torch.from_numpy(idv)

        def peer():
            with torch.no_grad():
                return torch.nn.functional.embedding(ti, tt).sum(0)
    return path, {"ids": idv}, peer


def encoder_model(tmp, torch):
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(256, 8, 1024, dropout=0.0,
                                             batch_first=True).eval()
    x = torch.randn(1, 128, 256)
    path = os.path.join(tmp, "encoder.onnx")
    # Exported with autograd on: under no_grad PyTorch swaps the layer for a
    # fused kernel that has no ONNX form.
    torch.onnx.export(layer, (x,), path, input_names=["x"],
                      output_names=["y"], opset_version=17,
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})

    def peer():
        with torch.no_grad():
            return layer(x)
    return path, {"x": x.numpy()}, peer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=200)
    args = parser.parse_args()
    torch = torch_or_none()
    print("CPU: %s; one thread; median of %d runs" % (cpu_name(), args.reps))
    print("| model | checks in the code | with checks (ms) | without (ms) "
          "| with / without | PyTorch %s eager (ms) | with checks / PyTorch |"
          % (torch.__version__ if torch else "(absent)"))
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        models = [("MLP 784-512-256-10, batch 64", mlp_model),
                  ("embedding lookup, 4096 ids into 1000x64, summed",
                   embedding_model)]
        if torch is not None:
            models.append(("Transformer encoder layer, 1x128x256",
                           encoder_model))
        else:
            print("(no PyTorch: the encoder is skipped)")
        for label, build in models:
            tf.reset_default_graph()
            path, feeds, peer = build(tmp, torch)
            on = compile_file(path, ["-O3"])
            off = compile_file(path, ["-O3", "--no-runtime-checks"])
            want = on(**feeds)
            got = off(**feeds)
            for k in want:
                np.testing.assert_allclose(got[k], want[k], rtol=1e-5,
                                           atol=1e-6)
            if peer is not None:
                ref = peer().numpy()
                np.testing.assert_allclose(next(iter(want.values())), ref,
                                           rtol=1e-3, atol=1e-4)
            # Interleaved, so that drift of the machine hits all alike.
            t_on, t_off, t_peer = [], [], []
            for _ in range(5):
                t_on.append(median_ms(lambda: on(**feeds), args.reps // 5))
                t_off.append(median_ms(lambda: off(**feeds), args.reps // 5))
                if peer is not None:
                    t_peer.append(median_ms(peer, args.reps // 5))
            a, b = float(np.median(t_on)), float(np.median(t_off))
            p = float(np.median(t_peer)) if t_peer else float("nan")
            print("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.2f |"
                  % (label, checks_in(path), a, b, a / b, p, a / p))


if __name__ == "__main__":
    main()
