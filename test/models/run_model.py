#!/usr/bin/env python3
"""Checks one real PyTorch model compiled by tfcc against PyTorch itself.

    run_model.py [--cc CC] [--rtol R] NAME OUTDIR

Exports NAME with export_models.py into OUTDIR (fresh random weights, inputs
and PyTorch's outputs), compiles OUTDIR/NAME.onnx with `tfcc` (from PATH)
into OUTDIR/libNAME.a exactly as a user would, links the end-to-end driver of
test/E2E against it, runs it and compares with PyTorch's output:

    max |tfcc - torch| <= rtol * max |torch|        (rtol 1e-4 by default)

Prints the error found; exits 1 on a mismatch or any failure. Then runs the
model again in the steady state (the driver's --repeat, with its allocator
counted): three more runs on the same instance must allocate nothing and
give outputs bit-identical to a run on one thread, and so must two runs of a
new instance with its outputs bound to caller memory (written there in
place, or copied: the driver says which). With --stress-with OTHER
(another model of export_models.py), both libraries are linked into one
driver that runs --stress-threads threads at once, alternating the two
models, --stress-runs runs each, every output bit-identical to the serial
run's.
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
    parser.add_argument("--stress-with", metavar="OTHER")
    parser.add_argument("--stress-threads", type=int, default=8)
    parser.add_argument("--stress-runs", type=int, default=1000)
    parser.add_argument("--tfcc-arg", action="append", default=[],
                        help="an argument for tfcc (repeatable)")
    parser.add_argument("--gpu-or-no-device", action="store_true",
                        help="a create that fails for want of a CUDA device "
                        "is reported and ends the check")
    parser.add_argument("name")
    parser.add_argument("outdir")
    args = parser.parse_args()

    shutil.rmtree(args.outdir, ignore_errors=True)
    os.makedirs(args.outdir)

    def prepare(name):
        """Exports and compiles `name`: (data, library, header, bindings)."""
        export_models.export(name, args.outdir)
        data = np.load(os.path.join(args.outdir, name + ".npz"))
        library = os.path.join(args.outdir, "lib%s.a" % name)
        seconds = run(["tfcc", os.path.join(args.outdir, name + ".onnx"),
                       "-o", library] + args.tfcc_arg, "tfcc")
        print("%s: compiled in %.1f s" % (name, seconds))
        bindings = []
        for input_name in data.files:
            if input_name == "y":
                continue
            path = os.path.join(args.outdir, "%s.%s.in" % (name, input_name))
            run_e2e.write_tensor(path, "f32", data[input_name])
            bindings.append("%s=%s" % (input_name, path))
        return data, library, os.path.join(args.outdir, name + ".h"), bindings

    data, library, header, bindings = prepare(args.name)
    driver = os.path.join(args.outdir, "driver")
    run(shlex.split(args.cc) + [
        "-std=c99", "-O2", "-DTFCC_ENTRY_CREATE=%s_create" % args.name,
        "-include", header, os.path.join(E2E, "e2e_driver.c"), library, "-lm",
        "-o", driver], "building the driver")
    outputs = os.path.join(args.outdir, "out")
    os.makedirs(outputs)
    if args.gpu_or_no_device:
        proc = subprocess.run([driver, outputs] + bindings,
                              stderr=subprocess.PIPE, universal_newlines=True)
        if proc.returncode != 0 and "no CUDA device" in proc.stderr:
            print("%s: %s" % (args.name, proc.stderr.strip()))
            return
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

    # The steady state: no allocation, the same bits as on one thread.
    steady = os.path.join(args.outdir, "steady")
    run(shlex.split(args.cc) + [
        "-std=c99", "-O2", "-D_POSIX_C_SOURCE=200809L", "-DE2E_COUNT_ALLOCS",
        "-DTFCC_ENTRY_CREATE=%s_create" % args.name, "-include", header,
        os.path.join(E2E, "e2e_driver.c"), library, "-lpthread", "-lm", "-o",
        steady], "building the steady-state driver")
    out = subprocess.run([steady, "--repeat", "3"] + bindings,
                         stdout=subprocess.PIPE, universal_newlines=True)
    for line in out.stdout.splitlines():
        print("%s: %s" % (args.name, line))
    if out.returncode != 0:
        sys.exit("%s: the steady-state runs failed" % args.name)

    if args.stress_with:
        _, other_library, other_header, other_bindings = prepare(
            args.stress_with)
        stress = os.path.join(args.outdir, "stress")
        run(shlex.split(args.cc) + [
            "-std=c99", "-O2", "-D_POSIX_C_SOURCE=200809L",
            "-DTFCC_ENTRY_CREATE=%s_create" % args.name,
            "-DTFCC_ENTRY_CREATE_B=%s_create" % args.stress_with,
            "-include", header, "-include", other_header,
            os.path.join(E2E, "e2e_driver.c"), library, other_library,
            "-lpthread", "-lm", "-o", stress], "building the stress driver")
        out = subprocess.run(
            [stress, "--stress", str(args.stress_threads),
             str(args.stress_runs)] + bindings + ["--and"] + other_bindings,
            stdout=subprocess.PIPE, universal_newlines=True)
        print(out.stdout.strip())
        if out.returncode != 0:
            sys.exit("stress: FAIL")


if __name__ == "__main__":
    main()
