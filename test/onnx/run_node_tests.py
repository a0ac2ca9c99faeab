#!/usr/bin/env python3
"""Runs ONNX's backend node tests against tfcc.

Generates the node tests of the installed onnx package once into a cache
directory, compiles each test's model.onnx with the tfcc binary into a shared
library, loads it with tfcc.load (python/tfcc), runs it on every
test_data_set_*/input_*.pb and compares with output_*.pb at the tolerances of
ONNX's backend test runner (rtol=1e-3, atol=1e-7, same dtype and shape).

Each test is one of:
  pass         every data set matches;
  unsupported  the importer says it does not claim the op or the form
               ("<OpType>: unsupported ..."), or the model's inputs or outputs
               have element types tfcc has no tensors of (uint8, float16,
               string, sequences...);
  fail         anything else: wrong numbers, a crash, another compiler error.

Prints the failures, the unsupported tests grouped by op and a summary line
"onnx node tests: P passed, F failed, U unsupported"; exits 1 on any failure.

Usage: run_node_tests.py --tfcc build/bin/tfcc [--cache DIR] [--jobs 2]
                         [--filter REGEX] [--verbose]
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# ONNX element types tfcc has tensors of: float, int32, int64, bool, double.
SUPPORTED_ELEM_TYPES = {1, 6, 7, 9, 11}
# "m.onnx: node 'n': error: Conv: unsupported: ..." or a model-level
# "m.onnx: error: unsupported: ...".
UNSUPPORTED_RE = re.compile(
    r"error: (?:(?P<op>[A-Za-z0-9_]+): )?unsupported(?: op\b|:)")
NODE_RE = re.compile(r"error: (?P<op>[A-Za-z0-9_]+): ")


def restore_numpy_aliases():
    """onnx 1.12's test generators use aliases numpy 1.24 removed."""
    import warnings
    import numpy as np
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for alias, value in (("float", float), ("int", int), ("bool", bool),
                             ("object", object)):
            try:
                getattr(np, alias)
            except AttributeError:
                setattr(np, alias, value)


def generate(cache):
    """Writes ONNX's node tests under cache/node (once)."""
    node_dir = os.path.join(cache, "node")
    stamp = os.path.join(cache, ".complete")
    if os.path.exists(stamp):
        return node_dir
    # An interrupted generation is redone from scratch.
    shutil.rmtree(node_dir, ignore_errors=True)
    os.makedirs(cache, exist_ok=True)
    code = ("import sys; sys.path.insert(0, %r); import run_node_tests as r; "
            "r.restore_numpy_aliases(); "
            "from onnx.backend.test.cmd_tools import main; "
            "sys.argv = ['onnx', 'generate-data', '-o', %r]; main()"
            % (os.path.dirname(os.path.abspath(__file__)), cache))
    subprocess.run([sys.executable, "-c", code], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    open(stamp, "w").close()
    return node_dir


# --------------------------------------------------------------------------
# Worker: one process that compiles and runs tests named on stdin, answering
# one JSON line each. A crash only loses the test it was running.
# --------------------------------------------------------------------------

def unsupported_types(model):
    import onnx
    for kind, values in (("input", model.graph.input),
                         ("output", model.graph.output)):
        for v in values:
            t = v.type
            if not t.HasField("tensor_type"):
                return "%s '%s' is not a tensor" % (kind, v.name)
            et = t.tensor_type.elem_type
            if et not in SUPPORTED_ELEM_TYPES:
                return "dtype %s" % onnx.TensorProto.DataType.Name(et).lower()
    return None


def load_pb(path):
    import onnx
    from onnx import numpy_helper
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def data_sets(test_dir):
    sets = sorted(d for d in os.listdir(test_dir)
                  if d.startswith("test_data_set_"))
    for d in sets:
        path = os.path.join(test_dir, d)

        def files(prefix):
            names = [f for f in os.listdir(path) if f.startswith(prefix)]
            names.sort(key=lambda f: int(f[len(prefix):-3]))
            return [load_pb(os.path.join(path, f)) for f in names]
        yield d, files("input_"), files("output_")


def run_one(test_dir, tfcc_bin, tmp):
    import numpy as np
    import onnx
    import tfcc
    name = os.path.basename(test_dir)
    model_path = os.path.join(test_dir, "model.onnx")
    model = onnx.load(model_path)
    ops = sorted({n.op_type for n in model.graph.node})
    why = unsupported_types(model)
    if why:
        return {"status": "unsupported", "op": why, "msg": why}
    so = os.path.join(tmp, "lib%s.so" % name)
    try:
        proc = subprocess.run([tfcc_bin, model_path, "-o", so],
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return {"status": "fail", "msg": "compile timed out"}
    if proc.returncode != 0:
        err = proc.stderr.strip().splitlines()
        first = err[0] if err else "exit %d" % proc.returncode
        m = UNSUPPORTED_RE.search(first)
        if m:
            return {"status": "unsupported",
                    "op": m.group("op") or "model", "msg": first}
        m = NODE_RE.search(first)
        return {"status": "fail", "msg": "compile: " + first,
                "op": m.group("op") if m else ",".join(ops)}
    try:
        module = tfcc.load(so)
        initializers = {i.name for i in model.graph.initializer}
        in_names = [i.name for i in model.graph.input
                    if i.name not in initializers]
        out_names = [o.name for o in model.graph.output]
        for set_name, inputs, outputs in data_sets(test_dir):
            got = module(dict(zip(in_names, inputs)))
            for oname, want in zip(out_names, outputs):
                have = got[oname]
                if have.dtype != want.dtype:
                    return {"status": "fail", "op": ",".join(ops),
                            "msg": "%s: output '%s' has dtype %s, expected %s"
                            % (set_name, oname, have.dtype, want.dtype)}
                if have.shape != want.shape:
                    return {"status": "fail", "op": ",".join(ops),
                            "msg": "%s: output '%s' has shape %s, expected %s"
                            % (set_name, oname, have.shape, want.shape)}
                try:
                    np.testing.assert_allclose(want, have, rtol=1e-3,
                                               atol=1e-7)
                except AssertionError as e:
                    detail = " ".join(str(e).split())[:300]
                    return {"status": "fail", "op": ",".join(ops),
                            "msg": "%s: output '%s' differs (x: expected, y: tfcc): %s"
                            % (set_name, oname, detail)}
        del module
    except Exception as e:  # noqa: BLE001 - every error is a failure
        return {"status": "fail", "op": ",".join(ops),
                "msg": "%s: %s" % (type(e).__name__,
                                   " ".join(str(e).split())[:300])}
    finally:
        if os.path.exists(so):
            os.unlink(so)
    return {"status": "pass"}


def worker_main(tfcc_bin):
    sys.path.insert(0, os.path.join(REPO, "python"))
    tmp = tempfile.mkdtemp(prefix="tfcc-onnx-")
    try:
        for line in sys.stdin:
            test_dir = line.strip()
            if not test_dir:
                continue
            try:
                result = run_one(test_dir, tfcc_bin, tmp)
            except Exception as e:  # noqa: BLE001 - reported as a failure
                result = {"status": "fail", "msg": "%s: %s" % (
                    type(e).__name__, " ".join(str(e).split())[:300])}
            result["test"] = os.path.basename(test_dir)
            sys.stdout.write(json.dumps(result) + "\n")
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

class Worker:
    def __init__(self, tfcc_bin):
        self.tfcc_bin = tfcc_bin
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker",
             "--tfcc", self.tfcc_bin],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def run(self, test_dir):
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        self.proc.stdin.write(test_dir + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {"test": os.path.basename(test_dir), "status": "fail",
                    "msg": "crashed (exit %d)" % code}
        return json.loads(line)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tfcc", required=True, help="the tfcc binary")
    ap.add_argument("--cache", default=os.path.join(
        tempfile.gettempdir(), "tfcc-onnx-node-tests"),
        help="where ONNX's node tests are generated (once)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--filter", default="", help="regex on test names")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    tfcc_bin = os.path.abspath(args.tfcc)
    if args.worker:
        return worker_main(tfcc_bin)

    start = time.time()
    node_dir = generate(os.path.abspath(args.cache))
    pattern = re.compile(args.filter)
    tests = sorted(os.path.join(node_dir, t) for t in os.listdir(node_dir)
                   if pattern.search(t))
    results = []
    lock = threading.Lock()
    queue = list(reversed(tests))

    def loop():
        w = Worker(tfcc_bin)
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    t = queue.pop()
                r = w.run(t)
                with lock:
                    results.append(r)
                    if args.verbose:
                        print("%-11s %s %s" % (r["status"].upper(), r["test"],
                                               r.get("msg", "")), flush=True)
        finally:
            w.stop()

    threads = [threading.Thread(target=loop) for _ in range(max(1, args.jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    by_status = collections.defaultdict(list)
    for r in sorted(results, key=lambda r: r["test"]):
        by_status[r["status"]].append(r)
    if by_status["fail"]:
        print("failures:")
        for r in by_status["fail"]:
            print("  %s: %s" % (r["test"], r["msg"]))
    if by_status["unsupported"]:
        print("unsupported, by op:")
        groups = collections.defaultdict(list)
        for r in by_status["unsupported"]:
            groups[r["op"]].append(r["test"])
        for op in sorted(groups, key=lambda o: (-len(groups[o]), o)):
            print("  %s (%d): %s" % (op, len(groups[op]),
                                     " ".join(groups[op])))
    print("onnx node tests: %d passed, %d failed, %d unsupported (of %d) "
          "in %.0f s" % (len(by_status["pass"]), len(by_status["fail"]),
                         len(by_status["unsupported"]), len(results),
                         time.time() - start))
    return 1 if by_status["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
