#!/usr/bin/env python3
"""Compile time against graph size: chains of n nodes of one kind, compiled
to an object file by the tfcc command line, timed per n. Compile time should
grow linearly: the last column is the time per node, which stays flat when
it does, and the ratio column is each size's time over the previous size's
(2.0 for linear growth when n doubles).

    /usr/bin/python3 bench/compile_time.py [--kinds relu,add,...] [--sizes 2500,5000,...]

Kinds (ONNX models written with onnx.helper, float32 [8, 8] tensors):
  relu      Relu after Relu: elementwise fusion (bounded by max-body-ops);
  add       Add of a [8] constant after Add;
  transpose Transpose after Transpose (they cancel in pairs);
  softmax   Softmax after Softmax (row fusion, bounded by max-fused-ops);
  matmul    MatMul by a constant [8, 8] after MatMul: each is a packed
            matmul with its own kernels, the most code per node.

--time-passes of the largest compile of each kind is printed with
--passes, to find the pass that grows fastest. No peer is timed: this is
about how tfcc's compile time scales, not about speed against a peer."""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import common
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

KINDS = {
    "relu": (lambda a, b: helper.make_node("Relu", [a], [b])),
    "add": (lambda a, b: helper.make_node("Add", [a, "bias"], [b])),
    "transpose": (lambda a, b: helper.make_node("Transpose", [a], [b],
                                                perm=[1, 0])),
    "softmax": (lambda a, b: helper.make_node("Softmax", [a], [b], axis=-1)),
    "matmul": (lambda a, b: helper.make_node("MatMul", [a, "w"], [b])),
}
DEFAULT_SIZES = {"relu": [2500, 5000, 10000, 20000],
                 "add": [2500, 5000, 10000, 20000],
                 "transpose": [2500, 5000, 10000, 20000],
                 "softmax": [50, 100, 200, 400],
                 "matmul": [125, 250, 500, 1000]}


def chain(kind, n, path):
    nodes = [KINDS[kind]("t%d" % i, "t%d" % (i + 1)) for i in range(n)]
    inits = [numpy_helper.from_array(np.ones(8, np.float32), "bias"),
             numpy_helper.from_array(np.eye(8, dtype=np.float32) * 0.5, "w")]
    vi = helper.make_tensor_value_info
    graph = helper.make_graph(nodes, kind, [vi("t0", TensorProto.FLOAT,
                                                [8, 8])],
                              [vi("t%d" % n, TensorProto.FLOAT, [8, 8])],
                              inits)
    onnx.save(helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17)]), path)


def compile_seconds(tfcc, model, out, extra=()):
    start = time.perf_counter()
    result = subprocess.run([tfcc, model, "-q", "-o", out] + list(extra),
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("tfcc failed on %s:\n%s" % (model, result.stderr))
    return seconds, result.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--sizes", help="comma-separated n for every kind")
    parser.add_argument("--passes", action="store_true",
                        help="the five slowest passes of each largest compile")
    parser.add_argument("--tfcc", default=os.path.join(
        common.REPO, "build", "bin", "tfcc"))
    args = parser.parse_args()
    name, isa = common.cpu_info()
    print("CPU: %s (%s); tfcc --codegen-threads default" % (name, isa))
    print("%-10s %7s %9s %8s %11s" % ("kind", "nodes", "compile", "ratio",
                                       "ms per node"))
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            sizes = ([int(s) for s in args.sizes.split(",")] if args.sizes
                     else DEFAULT_SIZES[kind])
            previous, report = None, ""
            for n in sizes:
                model = os.path.join(tmp, "%s%d.onnx" % (kind, n))
                chain(kind, n, model)
                extra = ["--time-passes"] if args.passes and n == sizes[-1] \
                    else []
                seconds, report = compile_seconds(
                    args.tfcc, model, os.path.join(tmp, "out.o"), extra)
                ratio = "%.2f" % (seconds / previous) if previous else "-"
                print("%-10s %7d %8.2fs %8s %11.3f" % (
                    kind, n, seconds, ratio, 1000 * seconds / n), flush=True)
                previous = seconds
            if args.passes:
                lines = [line for line in report.splitlines()
                         if "%)" in line and "Total" not in line]
                lines.sort(key=lambda line: -float(line.split()[0]))
                for line in lines[:5]:
                    print("    " + line.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
