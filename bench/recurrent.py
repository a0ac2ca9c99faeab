#!/usr/bin/env python3
"""Recurrent networks as loops: compile time, one library for every sequence
length and batch, and latency against PyTorch eager, ONNX Runtime and
(optionally) another tfcc build.

    /usr/bin/python3 bench/recurrent.py [--baseline-tfcc PATH] [--seconds S]

1. Compile time (-O2, the host's CPU) of a 32-step LSTM 128-256 classifier
   and a two-layer bidirectional GRU 64-128 over 16 steps, both exported by
   PyTorch (opset 17) with static shapes, by this build and, with
   --baseline-tfcc, by another tfcc binary (e.g. a build from before
   recurrences became loops, which unrolled them).
2. The LSTM exported once with a dynamic batch and sequence length, compiled
   once and run at sequence lengths 1, 32 and 200 and batches 1 and 64:
   max |tfcc - torch| / max |torch| per case (flagged above 1e-4).
3. Median latency, one thread, of the static 32-step LSTM at batch 4 (the
   model of bench/models.py) and of the bi-GRU at batch 8: tfcc, the
   baseline tfcc, ONNX Runtime's CPU provider and PyTorch eager.
"""

import argparse
import os
import sys
import tempfile
import time
import warnings

import common
from common import CompileError, Ort, compile_file, fmt_err, rel_err

import numpy as np
import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

sys.path.insert(0, os.path.join(common.REPO, "test", "models"))
from export_models import BiGRUClassifier, LSTMClassifier  # noqa: E402


def export(model, x, path, dynamic=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (torch.from_numpy(x),), path, input_names=["x"],
            output_names=["y"], opset_version=17,
            dynamic_axes={"x": {0: "batch", 1: "seq"}, "y": {0: "batch"}}
            if dynamic else None)


def timed_compile(path, tfcc=None):
    start = time.perf_counter()
    module = compile_file(path, tfcc=tfcc)
    return module, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline-tfcc", help="another tfcc binary to "
                        "compare with")
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--reps", type=int, default=200)
    args = parser.parse_args()
    common.header("Recurrent networks as loops")
    if args.baseline_tfcc:
        print("baseline: %s" % args.baseline_tfcc)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    lstm = LSTMClassifier(128, 256, 10).eval()
    gru = BiGRUClassifier(64, 128, 10).eval()
    tmp = tempfile.mkdtemp(prefix="tfcc-bench-rnn-")
    x_lstm = rng.standard_normal((4, 32, 128)).astype(np.float32)
    x_gru = rng.standard_normal((8, 16, 64)).astype(np.float32)
    static = {"lstm": os.path.join(tmp, "lstm.onnx"),
              "gru": os.path.join(tmp, "bigru.onnx")}
    export(lstm, x_lstm, static["lstm"])
    export(gru, x_gru, static["gru"])

    print("\n| model | tfcc compile s | baseline compile s |\n|---|---|---|")
    modules = {}
    for key, label in (("lstm", "LSTM 128-256, 32 steps"),
                       ("gru", "2-layer bi-GRU 64-128, 16 steps")):
        modules[key], secs = timed_compile(static[key])
        base = "-"
        if args.baseline_tfcc:
            try:
                modules[key + "_base"], bsecs = timed_compile(
                    static[key], args.baseline_tfcc)
                base = "%.1f" % bsecs
            except CompileError as e:
                base = "fails: %s" % str(e).splitlines()[-1][:60]
        print("| %s | %.1f | %s |" % (label, secs, base))

    dyn_path = os.path.join(tmp, "lstm_dynamic.onnx")
    export(lstm, x_lstm, dyn_path, dynamic=True)
    dyn, secs = timed_compile(dyn_path)
    print("\nThe LSTM with a dynamic batch and sequence length, compiled "
          "once (%.1f s):\n\n| seq | batch | rel err vs torch |\n|---|---|---|"
          % secs)
    with torch.no_grad():
        for seq in (1, 32, 200):
            for batch in (1, 64):
                x = rng.standard_normal((batch, seq, 128)).astype(np.float32)
                got = dyn(x=x)["y"]
                ref = lstm(torch.from_numpy(x)).numpy()
                print("| %d | %d | %s |" % (seq, batch,
                                            fmt_err(rel_err(got, ref))))

    ort = Ort.start()
    print("\nLatency, ms, median (1 thread):\n\n| model | tfcc | baseline "
          "| ORT | torch | tfcc / baseline | tfcc / ORT | tfcc / torch |\n"
          "|---|---|---|---|---|---|---|---|")
    for key, model, x, label in (
            ("lstm", lstm, x_lstm, "LSTM 128-256, batch 4, seq 32"),
            ("gru", gru, x_gru, "bi-GRU 2x64-128, batch 8, seq 16")):
        t_tfcc, _ = common.time_fn(lambda: modules[key](x=x), args.reps,
                                   args.seconds)
        t_base = None
        if key + "_base" in modules:
            t_base, _ = common.time_fn(lambda: modules[key + "_base"](x=x),
                                       args.reps, args.seconds)
        t_ort = None
        if ort:
            t_ort = ort.run(static[key], {"x": x}, tmp, args.reps,
                            args.seconds)[0]
        with torch.no_grad():
            xt = torch.from_numpy(x)
            t_torch, _ = common.time_fn(lambda: model(xt), args.reps,
                                        args.seconds)

        def ms(t):
            return "-" if t is None else "%.3f" % t

        def ratio(t):
            return "-" if t is None else "%.2fx" % (t_tfcc / t)
        print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            label, ms(t_tfcc), ms(t_base), ms(t_ort), ms(t_torch),
            ratio(t_base), ratio(t_ort), ratio(t_torch)))


if __name__ == "__main__":
    main()
