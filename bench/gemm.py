#!/usr/bin/env python3
"""How close tfcc's FP32 MatMul comes to the core's FMA peak, next to ONNX
Runtime, on one core.

    /usr/bin/python3 bench/gemm.py [--reps N] [--seconds S] [--shapes MxKxN,...]

First measures the single-core FP32 FMA peak with bench/fma_peak.c (built
here with clang-22 -O2 -march=native: zmm with AVX-512, else ymm). Then, for
each shape, writes an ONNX MatMul of two inputs A[M,K] @ B[K,N], compiles it
with tfcc (-O3, the host's CPU), checks the result against numpy (max abs err
over max |ref| <= 1e-4) and prints tfcc's and ONNX Runtime's GFLOP/s
(2*M*K*N / median time) and their share of the peak as a Markdown table.

Shapes: squares 256..2048 and the GEMMs of bench/models.py (the MLP's layers
at batch 64, the Transformer encoder's projections and FFN at 128 tokens, the
GCN's adjacency product, ResNet-18's 3x3 convolutions as im2col GEMMs).
Timing: one warm-up run, then runs until N (default 100) or S seconds
(default 0.5), at least 3; a warm-up slower than S is the only run. Needs a
build (make demo); ONNX Runtime as for bench/models.py (npm, bench/ort_run.js).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import common
from common import CompileError, Ort, compile_file, fmt_err, rel_err

import numpy as np

SHAPES = [
    ("square", 256, 256, 256),
    ("square", 512, 512, 512),
    ("square", 1024, 1024, 1024),
    ("square", 1536, 1536, 1536),
    ("square", 2048, 2048, 2048),
    ("MLP fc1, batch 64", 64, 784, 512),
    ("MLP fc2, batch 64", 64, 512, 256),
    ("encoder Q/K/V/out projection", 128, 256, 256),
    ("encoder FFN up", 128, 256, 1024),
    ("encoder FFN down", 128, 1024, 256),
    ("GCN adjacency x features", 512, 512, 256),
    ("ResNet-18 layer1 3x3 conv", 3136, 576, 64),
    ("ResNet-18 layer4 3x3 conv", 49, 4608, 512),
]


def clang():
    for cand in ("clang-22", "/usr/lib/llvm-22/bin/clang"):
        path = shutil.which(cand)
        if path:
            return path
    return None


def fma_peak(tmp):
    """(GFLOP/s, lanes) of bench/fma_peak.c, or None after saying why."""
    cc = clang()
    if cc is None:
        print("FMA peak: skipped, neither clang-22 nor "
              "/usr/lib/llvm-22/bin/clang found")
        return None
    exe = os.path.join(tmp, "fma_peak")
    subprocess.run([cc, "-O2", "-march=native",
                    os.path.join(common.BENCH, "fma_peak.c"), "-o", exe],
                   check=True)
    out = subprocess.run([exe, "0.5"], check=True, capture_output=True,
                         text=True).stdout
    m = re.search(r"lanes (\d+) .* gflops ([\d.]+)", out)
    return float(m.group(2)), int(m.group(1))


def matmul_onnx(path, m, k, n):
    import onnx
    from onnx import TensorProto, helper
    f32 = TensorProto.FLOAT
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["y"])], "matmul",
        [helper.make_tensor_value_info("a", f32, [m, k]),
         helper.make_tensor_value_info("b", f32, [k, n])],
        [helper.make_tensor_value_info("y", f32, [m, n])])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def parse_shapes(text):
    shapes = []
    for item in text.split(","):
        m, k, n = (int(v) for v in item.lower().split("x"))
        label = next((s[0] for s in SHAPES if s[1:] == (m, k, n)), "")
        shapes.append((label, m, k, n))
    return shapes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=100,
                        help="at most N timed runs per shape (default 100)")
    parser.add_argument("--seconds", type=float, default=0.5,
                        help="time each shape about S seconds (default 0.5)")
    parser.add_argument("--shapes", help="MxKxN,... instead of the default "
                        "set")
    args = parser.parse_args()
    shapes = parse_shapes(args.shapes) if args.shapes else SHAPES

    common.header("tfcc FP32 MatMul A[M,K] @ B[K,N] (bench/gemm.py)")
    with tempfile.TemporaryDirectory(prefix="tfcc-gemm-") as tmp:
        peak = fma_peak(tmp)
        if peak:
            print("FMA peak: %.1f GFLOP/s (%d-lane FP32 FMAs, one core)"
                  % peak)
        ort = Ort.start()
        if ort:
            print("ONNX Runtime %s (onnxruntime-node, CPU provider)"
                  % ort.version)
        print()
        pct = "| % of peak " if peak else ""
        print("| M x K x N | what | tfcc compile (s) | tfcc (ms) | tfcc "
              "GFLOP/s %s| ORT (ms) | ORT GFLOP/s %s| tfcc / ORT | err |"
              % (pct, pct))
        print("|" + " --- |" * (9 + 2 * bool(peak)))
        rng = np.random.default_rng(0)
        for label, m, k, n in shapes:
            sys.stdout.flush()
            path = os.path.join(tmp, "matmul_%dx%dx%d.onnx" % (m, k, n))
            matmul_onnx(path, m, k, n)
            a = rng.standard_normal((m, k)).astype(np.float32)
            b = rng.standard_normal((k, n)).astype(np.float32)
            ref = a.astype(np.float64) @ b.astype(np.float64)
            flop = 2.0 * m * k * n
            t = time.perf_counter()
            try:
                mod = compile_file(path, ["-O3"])
            except CompileError as e:
                print("| %dx%dx%d | %s | tfcc failed to compile: %s |"
                      % (m, k, n, label, e.stderr.splitlines()[0]
                         if e.stderr else e))
                continue
            compile_s = time.perf_counter() - t
            err = rel_err(mod(a=a, b=b)["y"], ref)
            ms, _ = common.time_fn(lambda: mod(a=a, b=b), args.reps,
                                   args.seconds)
            gf = flop / ms / 1e6
            cells = ["%dx%dx%d" % (m, k, n), label, "%.2f" % compile_s,
                     "%.3f" % ms, "%.2f" % gf]
            if peak:
                cells.append("%.1f%%" % (100 * gf / peak[0]))
            if ort:
                try:
                    oms, _, outs = ort.run(path, {"a": a, "b": b}, tmp,
                                           args.reps, args.seconds)
                    ogf = flop / oms / 1e6
                    oerr = rel_err(outs[0], ref)
                    cells += ["%.3f" % oms, "%.2f" % ogf]
                    if peak:
                        cells.append("%.1f%%" % (100 * ogf / peak[0]))
                    cells.append("%.2f" % (ms / oms))
                    if oerr > 1e-4:
                        err_note = " (ORT %s)" % fmt_err(oerr)
                    else:
                        err_note = ""
                except RuntimeError as e:
                    print("ONNX Runtime failed on %s: %s" % (path, e))
                    cells += ["-"] * (3 + bool(peak))
                    err_note = ""
            else:
                cells += ["-"] * (3 + bool(peak))
                err_note = ""
            cells.append(fmt_err(err) + err_note)
            print("| " + " | ".join(cells) + " |")
            mod = None  # unload before the next model


if __name__ == "__main__":
    main()
