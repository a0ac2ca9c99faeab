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
A second table times ResNet-18's distinct 3x3 convolutions themselves, as in
the model: ONNX Conv nodes of batch 1 with constant weights and a bias, and a
Relu (the im2col GEMMs above take both operands at run time, so tfcc packs B
on every run), checked against a float64 numpy convolution; their FLOPs are
2 * OH * OW * O * C * 9, the direct convolution's, also where tfcc computes
a stride-1 convolution by Winograd's F(m x m, 3 x 3) with fewer multiplies
(its GFLOP/s are then direct-equivalent and may exceed the FMA peak). Each runs NCHW, as exported (tfcc transposes input
and output around its NHWC convolution), and NHWC, transposed around the Conv
in the graph (tfcc's transposes cancel those: only the convolution is left).
Timing: one warm-up run, then runs until N (default 100) or S seconds
(default 0.5), at least 3; a warm-up slower than S is the only run. Needs a
build (make demo); ONNX Runtime as for bench/models.py (npm, bench/ort_run.js).
"""

import argparse
import os
import re
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


def fma_peak(tmp):
    """(GFLOP/s, lanes) of bench/fma_peak.c, or None after saying why."""
    cc = common.clang()
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


# ResNet-18's 3x3 convolutions (batch 1, padding 1): input channels, output
# channels, input size, stride.
CONVS = [
    ("layer1", 64, 64, 56, 1),
    ("layer2, first", 64, 128, 56, 2),
    ("layer2", 128, 128, 28, 1),
    ("layer3, first", 128, 256, 28, 2),
    ("layer3", 256, 256, 14, 1),
    ("layer4, first", 256, 512, 14, 2),
    ("layer4", 512, 512, 7, 1),
]


def conv_onnx(path, w, b, size, stride, nhwc):
    """An ONNX Conv of x[1, C, size, size] with the constant weights w
    (OIHW, 3x3) and bias b, padding 1, and a Relu, as in ResNet-18 once its
    batch norms are folded; with `nhwc`, x and y are NHWC and transposed
    around them."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    o, c = w.shape[:2]
    out = (size + 2 - 3) // stride + 1
    f32 = TensorProto.FLOAT
    conv = [helper.make_node("Conv", ["xc" if nhwc else "x", "w", "b"],
                             ["z"], kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                             strides=[stride, stride]),
            helper.make_node("Relu", ["z"], ["yc" if nhwc else "y"])]
    nodes = conv
    x_shape, y_shape = [1, c, size, size], [1, o, out, out]
    if nhwc:
        nodes = ([helper.make_node("Transpose", ["x"], ["xc"],
                                   perm=[0, 3, 1, 2])] + conv +
                 [helper.make_node("Transpose", ["yc"], ["y"],
                                   perm=[0, 2, 3, 1])])
        x_shape, y_shape = [1, size, size, c], [1, out, out, o]
    graph = helper.make_graph(
        nodes, "conv", [helper.make_tensor_value_info("x", f32, x_shape)],
        [helper.make_tensor_value_info("y", f32, y_shape)],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def conv_ref(x, w, b, stride):
    """relu(x[1, C, H, W] convolved with w[O, C, 3, 3], padding 1, + b), in
    float64."""
    xp = np.pad(x[0].astype(np.float64), ((0, 0), (1, 1), (1, 1)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(1, 2))
    win = win[:, ::stride, ::stride]
    y = np.einsum("chwij,ocij->ohw", win, w.astype(np.float64))
    return np.maximum(y + b[:, None, None], 0)[None]


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
        head = ("| tfcc compile (s) | tfcc (ms) | tfcc GFLOP/s %s| ORT (ms) | "
                "ORT GFLOP/s %s| tfcc / ORT | err |" % (pct, pct))
        rule = "|" + " --- |" * (9 + 2 * bool(peak))
        rng = np.random.default_rng(0)

        def row(cells, path, feeds, ref, flop):
            """Compiles, checks and times the model at `path` with tfcc and
            ORT and prints its row after `cells`."""
            sys.stdout.flush()
            t = time.perf_counter()
            try:
                mod = compile_file(path, ["-O3"])
            except CompileError as e:
                print("| %s | tfcc failed to compile: %s |"
                      % (" | ".join(cells), e.stderr.splitlines()[0]
                         if e.stderr else e))
                return
            compile_s = time.perf_counter() - t
            err = rel_err(mod(**feeds)["y"], ref)
            ms, _ = common.time_fn(lambda: mod(**feeds), args.reps,
                                   args.seconds)
            gf = flop / ms / 1e6
            cells = cells + ["%.2f" % compile_s, "%.3f" % ms, "%.2f" % gf]
            if peak:
                cells.append("%.1f%%" % (100 * gf / peak[0]))
            err_note = ""
            if ort:
                try:
                    oms, _, outs = ort.run(path, feeds, tmp, args.reps,
                                           args.seconds)
                    ogf = flop / oms / 1e6
                    oerr = rel_err(outs[0], ref)
                    cells += ["%.3f" % oms, "%.2f" % ogf]
                    if peak:
                        cells.append("%.1f%%" % (100 * ogf / peak[0]))
                    cells.append("%.2f" % (ms / oms))
                    if oerr > 1e-4:
                        err_note = " (ORT %s)" % fmt_err(oerr)
                except RuntimeError as e:
                    print("ONNX Runtime failed on %s: %s" % (path, e))
                    cells += ["-"] * (3 + bool(peak))
            else:
                cells += ["-"] * (3 + bool(peak))
            cells.append(fmt_err(err) + err_note)
            print("| " + " | ".join(cells) + " |")

        print("| M x K x N | what " + head)
        print(rule)
        for label, m, k, n in shapes:
            path = os.path.join(tmp, "matmul_%dx%dx%d.onnx" % (m, k, n))
            matmul_onnx(path, m, k, n)
            a = rng.standard_normal((m, k)).astype(np.float32)
            b = rng.standard_normal((k, n)).astype(np.float32)
            ref = a.astype(np.float64) @ b.astype(np.float64)
            row(["%dx%dx%d" % (m, k, n), label], path, {"a": a, "b": b}, ref,
                2.0 * m * k * n)
        if args.shapes:
            return

        # NCHW as exported, where tfcc transposes the input and output
        # around its NHWC convolution (ORT reorders into its own blocked
        # layout); NHWC, where tfcc's transposes cancel the graph's and
        # only the convolution is left.
        print()
        print("ResNet-18's 3x3 convolutions, batch 1, constant weights "
              "(GFLOP/s of the direct convolution's 2 * OH * OW * O * C * 9; "
              "tfcc's stride-1 ones by Winograd):")
        print()
        print("| C -> O, H x W, stride | layer, layout " + head)
        print(rule)
        for label, c, o, size, stride in CONVS:
            w = (rng.standard_normal((o, c, 3, 3)) /
                 np.sqrt(9 * c)).astype(np.float32)
            b = rng.standard_normal(o).astype(np.float32) * 0.1
            x = rng.standard_normal((1, c, size, size)).astype(np.float32)
            ref = conv_ref(x, w, b, stride)
            out = (size - 1) // stride + 1
            for nhwc in (False, True):
                path = os.path.join(tmp, "conv_%d_%d_%d_%d_%d.onnx"
                                    % (c, o, size, stride, nhwc))
                conv_onnx(path, w, b, size, stride, nhwc)
                feeds = {"x": x.transpose(0, 2, 3, 1).copy() if nhwc else x}
                row(["%d -> %d, %dx%d, %d" % (c, o, size, size, stride),
                     "%s, %s" % (label, "NHWC" if nhwc else "NCHW")],
                    path, feeds, ref.transpose(0, 2, 3, 1) if nhwc else ref,
                    2.0 * out * out * o * c * 9)


if __name__ == "__main__":
    main()
