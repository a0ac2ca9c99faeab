#!/usr/bin/env python3
"""tfcc against ONNX Runtime and PyTorch eager on the model suite of issue 11,
on one thread and on two, in one run.

    /usr/bin/python3 bench/models.py [--reps N] [--seconds S] [--models a,b]

Each model (random weights, torch.manual_seed(0), eval mode) is exported
with torch.onnx.export (opset 17, static shapes) into a temporary directory,
compiled with tfcc (-O3, the host's CPU; the compile time is printed) and run
by tfcc, by ONNX Runtime's CPU provider (npm's onnxruntime-node, through
bench/ort_run.js; installed into bench/node_modules on the first run) and by
PyTorch eager (torch.no_grad). Prints a Markdown table: median latency of each,
tfcc / ORT and tfcc / PyTorch, and tfcc's error against PyTorch (max abs err
over max |ref|, flagged above 1e-4); then the geomean of tfcc / ORT. Then the
same at two threads (tfcc's Module.set_num_threads(2), ORT's intra-op
threads, torch.set_num_threads) with tfcc's and ORT's speed-ups from one
thread to two, after a line from bench/cross_core.c on how fast one core
takes over memory the other just wrote (on a virtual machine, whether its
two CPUs share a cache can change from one run to the next, and the
speed-ups with it); --threads 1 skips that table.

Timing: one warm-up run, then runs until N (default 200) or S seconds
(default 1), at least 3; a warm-up slower than S is the only run. Each engine
is timed through its own API call (tfcc.Module.__call__, ORT's session.run in
node, the nn.Module), inputs bound and outputs returned as arrays. A model
tfcc fails to compile is reported and skipped. Needs a build (make demo) and
PyTorch; without node/npm the ORT column is skipped.

Models: mlp, lenet5, encoder, lstm, bilstm, moe, gcn, resnet18, matmul.
"""

import argparse
import os
import sys
import tempfile
import time
import warnings

import common
from common import CompileError, Ort, compile_file, fmt_err, geomean, rel_err

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


# The models of the real-model tests (test/models/export_models.py), at
# benchmark sizes; the MLP has one more layer here.
sys.path.insert(0, os.path.join(common.REPO, "test", "models"))
from export_models import (GCN, LSTMClassifier, LeNet5,  # noqa: E402
                           MixtureOfExperts, normalized_adjacency)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 256)
        self.fc3 = nn.Linear(256, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class MatMul(nn.Module):
    def forward(self, a, b):
        return a @ b


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False),
                nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.down is None else self.down(x)))


class ResNet18(nn.Module):
    """torchvision's resnet18 (BasicBlock, [2, 2, 2, 2]), for when
    torchvision is not installed."""

    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, cin = [], 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [BasicBlock(cin, cout, stride),
                       BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def resnet18():
    try:
        import torchvision
    except ImportError:
        return ResNet18()
    return torchvision.models.resnet18(weights=None)


def build(name, rng):
    """(label, model, {input name: array})."""
    def randn(*shape):
        return rng.standard_normal(shape).astype(np.float32)
    if name == "mlp":
        return "MLP 784-512-256-10, batch 64", MLP(), {"x": randn(64, 784)}
    if name == "lenet5":
        return ("LeNet-5, batch 32, 1x28x28", LeNet5(),
                {"x": randn(32, 1, 28, 28)})
    if name == "encoder":
        layer = nn.TransformerEncoderLayer(d_model=256, nhead=8,
                                           dim_feedforward=1024,
                                           dropout=0.0, batch_first=True)
        return ("Transformer encoder layer 256/8/1024, 1x128x256", layer,
                {"x": randn(1, 128, 256)})
    if name == "lstm":
        return ("LSTM 128-256 + Linear, batch 4, seq 32", LSTMClassifier(128, 256, 10),
                {"x": randn(4, 32, 128)})
    if name == "bilstm":
        return ("BiLSTM 128-256 + Linear, batch 4, seq 32",
                LSTMClassifier(128, 256, 10, bidirectional=True),
                {"x": randn(4, 32, 128)})
    if name == "moe":
        return ("MoE, 128 tokens, 4 dense experts 256-512-256",
                MixtureOfExperts(dim=256, hidden=512, experts=4),
                {"x": randn(128, 256)})
    if name == "gcn":
        return ("GCN 2 layers, 512 nodes, 256-128-16", GCN(256, 128, 16),
                {"adj": normalized_adjacency(rng, 512, density=0.05),
                 "x": randn(512, 256)})
    if name == "resnet18":
        return "ResNet-18, 1x3x224x224", resnet18(), \
            {"x": randn(1, 3, 224, 224)}
    if name == "matmul":
        return ("MatMul 1024x1024x1024", MatMul(),
                {"a": randn(1024, 1024), "b": randn(1024, 1024)})
    raise SystemExit("unknown model '%s'; the models: %s"
                     % (name, ", ".join(MODELS)))


MODELS = ["mlp", "lenet5", "encoder", "lstm", "bilstm", "moe", "gcn",
          "resnet18", "matmul"]


def export(model, feeds, path):
    args = tuple(torch.from_numpy(a) for a in feeds.values())
    # Exported with autograd on: in eval mode under no_grad PyTorch swaps
    # TransformerEncoderLayer for a fused kernel that has no ONNX form.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the LSTM's batch-size warnings
        torch.onnx.export(model, args, path, input_names=list(feeds),
                          output_names=["y"], opset_version=17)
    return args


def torch_blas_note():
    """A note when PyTorch's matmuls go to a generic libblas (Debian's
    build): with the reference BLAS behind it they are slow."""
    if "BLAS_INFO=generic" not in torch.__config__.show():
        return ""
    lib = "libblas.so.3"
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                if "libblas" in line:
                    lib = os.path.realpath(line.split()[-1])
                    break
    except OSError:
        pass
    return ("note: this PyTorch's BLAS is generic (%s%s); its "
            "convolutions use oneDNN" % (
                lib, ", the reference netlib BLAS: slow matmuls"
                if "netlib" in lib or "/blas/" in lib else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=200,
                        help="at most N timed runs per engine (default 200)")
    parser.add_argument("--seconds", type=float, default=1.0,
                        help="time each engine about S seconds (default 1)")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated subset of: " + ", ".join(MODELS))
    parser.add_argument("--threads", type=int, choices=(1, 2), default=2,
                        help="2 (the default) adds the table at two threads")
    args = parser.parse_args()
    names = [n for n in args.models.split(",") if n]
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        parser.error("unknown model %s; the models: %s"
                     % (", ".join(unknown), ", ".join(MODELS)))

    common.header("tfcc vs ONNX Runtime vs PyTorch eager (bench/models.py)",
                  "1 thread everywhere, then 2" if args.threads == 2 else
                  "1 thread everywhere")
    ort = Ort.start()
    print("PyTorch %s eager (no_grad); %s; tfcc -O3; median of up to %d runs "
          "or %g s per engine" % (torch.__version__,
                                  "ONNX Runtime %s (onnxruntime-node, CPU "
                                  "provider)" % ort.version if ort else
                                  "no ONNX Runtime", args.reps, args.seconds))
    if torch_blas_note():
        print(torch_blas_note())
    print()
    print("| model | tfcc compile (s) | tfcc (ms) | ORT (ms) | PyTorch (ms) "
          "| tfcc / ORT | tfcc / PyTorch | tfcc err |")
    print("|" + " --- |" * 8)
    ratios, notes, two = [], [], []
    with tempfile.TemporaryDirectory(prefix="tfcc-models-") as tmp:
        cross = [common.cross_core(tmp)] if args.threads == 2 else []
        for name in names:
            sys.stdout.flush()
            torch.manual_seed(0)
            rng = np.random.default_rng(0)
            label, model, feeds = build(name, rng)
            model.eval()
            path = os.path.join(tmp, name + ".onnx")
            targs = export(model, feeds, path)
            with torch.no_grad():
                ref = model(*targs).numpy()

            t = time.perf_counter()
            try:
                mod = compile_file(path, ["-O3"])
            except CompileError as e:
                first = (e.stderr or str(e)).strip().splitlines()
                print("| %s | tfcc failed to compile: %s | | | | | | |"
                      % (label, first[0] if first else "?"))
                notes.append("%s: skipped, tfcc failed to compile it:\n%s"
                             % (label, e.stderr or e))
                continue
            compile_s = time.perf_counter() - t
            err = rel_err(mod(**feeds)["y"], ref)
            ms, _ = common.time_fn(lambda: mod(**feeds), args.reps,
                                   args.seconds)
            ms2 = None
            if args.threads == 2:
                mod.set_num_threads(2)
                ms2, _ = common.time_fn(lambda: mod(**feeds), args.reps,
                                        args.seconds)
            mod = None  # unload before the next model

            oms = None
            if ort:
                try:
                    oms, _, outs = ort.run(path, feeds, tmp, args.reps,
                                           args.seconds)
                    oerr = rel_err(outs[0], ref)
                    if oerr > 1e-4:
                        notes.append("%s: ONNX Runtime's output is off by %s"
                                     % (label, fmt_err(oerr)))
                except RuntimeError as e:
                    notes.append("%s: ONNX Runtime failed: %s" % (label, e))

            def peer():
                with torch.no_grad():
                    return model(*targs)
            pms, _ = common.time_fn(peer, args.reps, args.seconds)
            if ms2 is not None:
                oms2 = None
                if ort:
                    try:
                        oms2, _, _ = ort.run(path, feeds, tmp, args.reps,
                                             args.seconds, threads=2)
                    except RuntimeError:
                        pass  # noted at one thread
                torch.set_num_threads(2)
                pms2, _ = common.time_fn(peer, args.reps, args.seconds)
                torch.set_num_threads(1)
                two.append((label, ms, ms2, oms, oms2, pms2))

            if oms:
                ratios.append(ms / oms)
            print("| %s | %.2f | %.3f | %s | %.3f | %s | %.2f | %s |" % (
                label, compile_s, ms, "%.3f" % oms if oms else "-", pms,
                "%.2f" % (ms / oms) if oms else "-", ms / pms, fmt_err(err)))
        if cross:
            cross.append(common.cross_core(tmp))
    print()
    if ratios:
        print("geomean tfcc / ORT over %d models: %.2f"
              % (len(ratios), geomean(ratios)))
    if two:
        print()
        print("Two threads (TFCC_NUM_THREADS=2 for tfcc's modules); "
              "before the runs, %s; after them, %s." % tuple(cross))
        print()
        print("| model | tfcc (ms) | ORT (ms) | PyTorch (ms) | tfcc / ORT "
              "| tfcc / PyTorch | tfcc 1 -> 2 threads | ORT 1 -> 2 threads |")
        print("|" + " --- |" * 8)
        ratios2 = []
        for label, ms, ms2, oms, oms2, pms2 in two:
            if oms2:
                ratios2.append(ms2 / oms2)
            print("| %s | %.3f | %s | %.3f | %s | %.2f | %.2fx | %s |" % (
                label, ms2, "%.3f" % oms2 if oms2 else "-", pms2,
                "%.2f" % (ms2 / oms2) if oms2 else "-", ms2 / pms2,
                ms / ms2, "%.2fx" % (oms / oms2) if oms and oms2 else "-"))
        print()
        if ratios2:
            print("geomean tfcc / ORT at two threads over %d models: %.2f"
                  % (len(ratios2), geomean(ratios2)))
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
