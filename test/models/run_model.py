#!/usr/bin/env python3
"""Checks one real PyTorch model compiled by tfcc against PyTorch itself.

    run_model.py [--cc CC] [--rtol R] NAME OUTDIR

Exports NAME with export_models.py into OUTDIR (fresh random weights, inputs
and PyTorch's outputs), compiles OUTDIR/NAME.onnx with `tfcc` (from PATH)
into OUTDIR/libNAME.a exactly as a user would, links the end-to-end driver of
test/E2E against it, runs it and compares with PyTorch's output:

    max |tfcc - torch| <= rtol * max |torch|        (rtol 1e-4 by default)

Prints the error found; exits 1 on a mismatch or any failure.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(HERE, "..", "E2E", "Inputs")
sys.path.insert(0, E2E)
sys.path.insert(0, HERE)

import export_models  # noqa: E402
import run_e2e  # noqa: E402


def run(cmd, what):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode != 0:
        sys.exit("%s failed (exit %d):\n  %s\n%s%s" % (
            what, proc.returncode, " ".join(shlex.quote(c) for c in cmd),
            proc.stdout, proc.stderr))
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("name")
    parser.add_argument("outdir")
    args = parser.parse_args()

    shutil.rmtree(args.outdir, ignore_errors=True)
    os.makedirs(args.outdir)
    export_models.export(args.name, args.outdir)
    data = np.load(os.path.join(args.outdir, args.name + ".npz"))

    library = os.path.join(args.outdir, "lib%s.a" % args.name)
    seconds = run(["tfcc", os.path.join(args.outdir, args.name + ".onnx"),
                   "-o", library], "tfcc")
    print("%s: compiled in %.1f s" % (args.name, seconds))
    header = os.path.join(args.outdir, args.name + ".h")
    driver = os.path.join(args.outdir, "driver")
    run(shlex.split(args.cc) + [
        "-std=c99", "-O2", "-DTFCC_ENTRY_CREATE=%s_create" % args.name,
        "-include", header, os.path.join(E2E, "e2e_driver.c"), library, "-lm",
        "-o", driver], "building the driver")

    bindings = []
    for name in data.files:
        if name == "y":
            continue
        path = os.path.join(args.outdir, name + ".in")
        run_e2e.write_tensor(path, "f32", data[name])
        bindings.append("%s=%s" % (name, path))
    outputs = os.path.join(args.outdir, "out")
    os.makedirs(outputs)
    seconds = run([driver, outputs] + bindings, "running the model")
    print("%s: ran in %.2f s" % (args.name, seconds))

    _, got = run_e2e.read_tensor(os.path.join(outputs, "y.bin"))
    ref = data["y"]
    if got.shape != ref.shape:
        sys.exit("%s: output shape %s, PyTorch's is %s" %
                 (args.name, got.shape, ref.shape))
    err = float(np.max(np.abs(got.astype(np.float64) - ref)))
    scale = float(np.max(np.abs(ref)))
    print("%s: max abs error %.3g, max |torch| %.3g, relative %.3g (limit %g)" %
          (args.name, err, scale, err / scale, args.rtol))
    if not np.all(np.isfinite(got)) or err > args.rtol * scale:
        sys.exit("%s: FAIL: tfcc's output differs from PyTorch's" % args.name)
    print("%s: PASS" % args.name)


if __name__ == "__main__":
    main()
