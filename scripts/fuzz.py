#!/usr/bin/env python3
"""Runs tfcc's libFuzzer targets (fuzz/) and prints one table.

    fuzz.py [--build-dir build-fuzz] [--seconds 60] [--million]
            [--targets tfg,onnx,mlir,checkpoint]

The build directory must have been configured with -DTFCC_FUZZ=ON and its
`tfcc-fuzz` target built (`make fuzz` does both). Each target runs from a
seed corpus made of the test suite's inputs (written at run time into
BUILD/fuzz-out/<target>/seeds; nothing is written into the source tree):

  tfg         the graphs of test/Frontend/tfg/Inputs/make_tfg.py
  onnx        the models of test/Frontend/onnx/Inputs/make_onnx.py and
              ONNX's node tests (as test/onnx/run_node_tests.py makes them)
  mlir        the .mlir files of test/ and examples/, split at `// -----`
  checkpoint  checkpoints written by the runtime (tfcc-fuzz-make-checkpoints)

New corpus units go to BUILD/fuzz-out/<target>/corpus and are kept for the
next run; crash-, leak-, timeout- and oom- artifacts to .../artifacts, with
libFuzzer's logs (the stack traces) beside them. After a finding the target
is started again until its time is up (up to --max-findings new findings); a
seed that is itself the finding is moved to .../quarantine first.

--million runs each target to 1,000,000 executions (-runs) instead, unless a
short first run (--probe-seconds) measures a rate at which that would take
more than an hour: then the table gives the rate and the hours it would take.
"""

import argparse
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") \
    else sys.executable
MILLION = 1000000
FINDING_PREFIXES = ("crash-", "leak-", "timeout-", "oom-")

# name -> binary, -max_len (the seeds' sizes: the largest .tfg graph and
# ONNX node test are under 10 KiB, checkpoints of a few small tensors well
# under 4 KiB) and extra libFuzzer flags.
TARGETS = {
    "tfg": ("tfcc-fuzz-tfg", 16384, []),
    "onnx": ("tfcc-fuzz-onnx", 16384, []),
    "mlir": ("tfcc-fuzz-mlir", 16384,
             ["-dict=" + os.path.join(REPO, "fuzz", "mlir.dict")]),
    "checkpoint": ("tfcc-fuzz-checkpoint", 4096, []),
}

STATUS_RE = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+)")
STAT_RE = re.compile(r"^stat::(\w+):\s+(\d+)")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Seed corpora
# --------------------------------------------------------------------------

def run_quiet(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def seeds_tfg(build, out):
    script = os.path.join(REPO, "test", "Frontend", "tfg", "Inputs",
                          "make_tfg.py")
    pydir = os.path.join(build, "python")
    r = run_quiet([PYTHON, script, "--pydir", pydir, "--list"])
    if r.returncode != 0:
        log("fuzz: no .tfg seeds (make_tfg.py --list: %s)"
            % r.stderr.strip().splitlines()[-1:])
        return
    for name in r.stdout.split():
        r = run_quiet([PYTHON, script, "--pydir", pydir, name,
                       os.path.join(out, name + ".tfg")])
        if r.returncode != 0:
            log("fuzz: make_tfg.py %s failed" % name)


# Writes every model make_onnx.py defines (its functions of no argument that
# return a ModelProto), plus its `garbage` and `empty` files.
ONNX_WRITER = r"""
import importlib.util, inspect, os, sys
script, out = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("make_onnx", script)
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
for name, fn in sorted(vars(m).items()):
    if (not inspect.isfunction(fn) or fn.__module__ != "make_onnx"
            or name == "main" or inspect.signature(fn).parameters):
        continue
    model = fn()
    if hasattr(model, "SerializeToString"):
        with open(os.path.join(out, name + ".onnx"), "wb") as f:
            f.write(model.SerializeToString())
for name in ("garbage", "empty"):
    sys.argv = ["make_onnx.py", name, os.path.join(out, name + ".onnx")]
    m.main()
"""


def seeds_onnx(build, out):
    script = os.path.join(REPO, "test", "Frontend", "onnx", "Inputs",
                          "make_onnx.py")
    r = run_quiet([PYTHON, "-c", ONNX_WRITER, script, out])
    if r.returncode != 0:
        log("fuzz: no make_onnx.py seeds (%s)"
            % r.stderr.strip().splitlines()[-1:])
    # ONNX's node tests, generated once into the build directory as `make
    # test` does: one small model per op and form.
    sys.path.insert(0, os.path.join(REPO, "test", "onnx"))
    try:
        import run_node_tests
        node_dir = run_node_tests.generate(
            os.path.join(build, "onnx-node-tests"))
    except Exception as e:  # no onnx package, a failed generation
        log("fuzz: no ONNX node test seeds (%s)" % e)
        return
    for model in glob.glob(os.path.join(node_dir, "*", "model.onnx")):
        name = os.path.basename(os.path.dirname(model))
        shutil.copyfile(model, os.path.join(out, name + ".onnx"))


def seeds_mlir(build, out):
    # Files made for -split-input-file hold several modules; each is a seed.
    paths = sorted(glob.glob(os.path.join(REPO, "test", "**", "*.mlir"),
                             recursive=True) +
                   glob.glob(os.path.join(REPO, "examples", "**", "*.mlir"),
                             recursive=True))
    for path in paths:
        with open(path, "rb") as f:
            text = f.read()
        rel = os.path.relpath(path, REPO).replace(os.sep, "_")
        for i, part in enumerate(re.split(rb"(?m)^// -----.*\n?", text)):
            if part.strip():
                with open(os.path.join(out, "%s.%d" % (rel, i)), "wb") as f:
                    f.write(part)


def seeds_checkpoint(build, out):
    r = run_quiet([os.path.join(build, "bin", "tfcc-fuzz-make-checkpoints"),
                   out])
    if r.returncode != 0:
        log("fuzz: tfcc-fuzz-make-checkpoints failed: %s" % r.stderr.strip())


SEEDERS = {"tfg": seeds_tfg, "onnx": seeds_onnx, "mlir": seeds_mlir,
           "checkpoint": seeds_checkpoint}


def make_seeds(name, build, work):
    """BUILD/fuzz-out/<name>/seeds, written once (a stamp marks it done)."""
    seeds = os.path.join(work, "seeds")
    stamp = os.path.join(work, ".seeds-complete")
    if not os.path.exists(stamp):
        shutil.rmtree(seeds, ignore_errors=True)
        os.makedirs(seeds)
        SEEDERS[name](build, seeds)
        open(stamp, "w").close()
    return seeds


# --------------------------------------------------------------------------
# Running libFuzzer
# --------------------------------------------------------------------------

class Result:
    def __init__(self, name):
        self.name = name
        self.execs = 0
        self.seconds = 0.0
        self.steady_execs = 0      # executions after the seeds were loaded
        self.steady_seconds = 0.0
        self.cov = self.ft = 0
        self.findings = []         # artifact paths
        self.quarantined = []
        self.note = ""

    def rate(self):
        return self.execs / self.seconds if self.seconds else 0.0

    def steady_rate(self):
        if self.steady_seconds >= 1 and self.steady_execs:
            return self.steady_execs / self.steady_seconds
        return self.rate()


def sanitizer_env():
    env = dict(os.environ)
    # UBSan's checks are recoverable by default: halt, so that libFuzzer
    # sees a report as a crash and saves the input.
    env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    symbolizer = (shutil.which("llvm-symbolizer-22") or
                  shutil.which("llvm-symbolizer") or
                  "/usr/lib/llvm-22/bin/llvm-symbolizer")
    if os.path.exists(symbolizer):
        env.setdefault("ASAN_SYMBOLIZER_PATH", symbolizer)
    return env


def run_once(binary, args, logpath, result, limit):
    """One libFuzzer process; adds its numbers to `result`."""
    start = time.time()
    inited_at = inited_execs = None
    stats = {}
    status = None
    with open(logpath, "w") as logf:
        proc = subprocess.Popen([binary] + args, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True,
                                errors="replace", env=sanitizer_env())
        watchdog = threading.Timer(limit, proc.kill) if limit else None
        if watchdog:
            watchdog.start()
        for line in proc.stdout:
            logf.write(line)
            m = STATUS_RE.match(line)
            if m:
                status = m
                if m.group(2) == "INITED" and inited_at is None:
                    inited_at, inited_execs = time.time(), int(m.group(1))
            m = STAT_RE.match(line)
            if m:
                stats[m.group(1)] = int(m.group(2))
        rc = proc.wait()
        if watchdog:
            watchdog.cancel()
    end = time.time()
    execs = stats.get("number_of_executed_units",
                      int(status.group(1)) if status else 0)
    result.execs += execs
    result.seconds += end - start
    if inited_at is not None:
        result.steady_execs += max(0, execs - inited_execs)
        result.steady_seconds += end - inited_at
    if status:
        result.cov = max(result.cov, int(status.group(3)))
        result.ft = max(result.ft, int(status.group(4)))
    return rc, execs


def quarantine(artifact, dirs, qdir, result):
    """Moves seeds or corpus units equal to `artifact` out of the way, so
    that the next start gets past them; whether there were any."""
    with open(artifact, "rb") as f:
        digest = hashlib.sha1(f.read()).hexdigest()
    moved = False
    for d in dirs:
        for path in glob.glob(os.path.join(d, "*")):
            with open(path, "rb") as f:
                if hashlib.sha1(f.read()).hexdigest() != digest:
                    continue
            os.makedirs(qdir, exist_ok=True)
            shutil.move(path, os.path.join(qdir, os.path.basename(path)))
            result.quarantined.append(os.path.relpath(path, REPO))
            moved = True
    return moved


def fuzz_target(name, build, args, seconds=None, runs=None, result=None):
    binary, max_len, extra = TARGETS[name]
    binary = os.path.join(build, "bin", binary)
    work = os.path.join(build, "fuzz-out", name)
    seeds = make_seeds(name, build, work)
    corpus = os.path.join(work, "corpus")
    artifacts = os.path.join(work, "artifacts")
    for d in (corpus, artifacts):
        os.makedirs(d, exist_ok=True)
    result = result or Result(name)
    deadline = time.time() + seconds if seconds else None
    runs_left = runs
    attempt = found = 0
    while True:
        flags = ["-timeout=10", "-rss_limit_mb=4096",
                 "-max_len=%d" % max_len, "-print_final_stats=1",
                 "-artifact_prefix=" + artifacts + os.sep] + extra
        if deadline:
            left = int(deadline - time.time())
            if left < 1:
                break
            flags.append("-max_total_time=%d" % left)
        if runs_left is not None:
            flags.append("-runs=%d" % runs_left)
        before = set(os.listdir(artifacts))
        logpath = os.path.join(work, "fuzz-%s-%d.log"
                               % (time.strftime("%Y%m%d-%H%M%S"), attempt))
        # A run past its time by more than a few timeouts is stuck.
        limit = (deadline - time.time() + 300) if deadline else None
        rc, execs = run_once(binary, flags + [corpus, seeds], logpath,
                             result, limit)
        new = sorted(os.path.join(artifacts, a)
                     for a in set(os.listdir(artifacts)) - before
                     if a.startswith(FINDING_PREFIXES))
        result.findings += new
        seed_findings = 0
        for artifact in new:
            if quarantine(artifact, [seeds, corpus],
                          os.path.join(work, "quarantine"), result):
                seed_findings += 1
            # The log with the stack trace, beside the artifact.
            shutil.copyfile(logpath, artifact + ".log")
        if rc == 0 or not new:
            if rc != 0:
                result.note = "libFuzzer exited %d, see %s" % (
                    rc, os.path.relpath(logpath, REPO))
            break
        # A seed that fails is out of the way now; new findings count.
        attempt += 1
        found += len(new) - seed_findings
        if found >= args.max_findings:
            result.note = "stopped after %d new findings" % found
            break
        if runs_left is not None:
            runs_left -= execs
            if runs_left <= 0:
                break
    return result


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

def print_table(results):
    head = ["target", "executions", "exec/s", "cov", "ft", "findings",
            "time"]
    rows = [[r.name, "%d" % r.execs, "%.0f" % r.rate(), "%d" % r.cov,
             "%d" % r.ft, "%d" % len(r.findings), "%.0f s" % r.seconds]
            for r in results]
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    line = lambda cells: "  ".join(
        c.ljust(w) if i == 0 else c.rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(head))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))
    print("cov: libFuzzer's covered edges (cov:), ft: its features (ft:); "
          "findings: crash-/leak-/timeout-/oom- artifacts of this run")
    for r in results:
        if r.note:
            print("%s: %s" % (r.name, r.note))
        for f in r.findings:
            print("%s: finding %s (stack trace in %s.log)"
                  % (r.name, os.path.relpath(f, REPO),
                     os.path.relpath(f, REPO)))
        for q in r.quarantined:
            print("%s: moved %s out of the corpus (it is a finding)"
                  % (r.name, q))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build-dir", default="build-fuzz")
    ap.add_argument("--seconds", type=int, default=60,
                    help="time per target (default 60)")
    ap.add_argument("--million", action="store_true",
                    help="run each target to 1,000,000 executions")
    ap.add_argument("--probe-seconds", type=int, default=120,
                    help="--million: the first run that measures the rate")
    ap.add_argument("--max-findings", type=int, default=5,
                    help="new findings (not seeds) after which a target "
                    "stops; after fewer it is started again")
    ap.add_argument("--targets", default=",".join(TARGETS))
    args = ap.parse_args()
    build = os.path.abspath(args.build_dir)
    names = [t for t in args.targets.split(",") if t]
    for name in names:
        if name not in TARGETS:
            ap.error("unknown target '%s'; expected some of %s"
                     % (name, ", ".join(TARGETS)))
        binary = os.path.join(build, "bin", TARGETS[name][0])
        if not os.access(binary, os.X_OK):
            ap.error("%s is not built (configure with -DTFCC_FUZZ=ON and "
                     "build the tfcc-fuzz target: make fuzz)" % binary)

    results = []
    for name in names:
        if not args.million:
            log("fuzz: %s for %d s" % (name, args.seconds))
            results.append(fuzz_target(name, build, args,
                                       seconds=args.seconds))
            continue
        log("fuzz: %s, measuring its rate for %d s"
            % (name, args.probe_seconds))
        r = fuzz_target(name, build, args, seconds=args.probe_seconds,
                        runs=MILLION)
        rate = r.steady_rate()
        if r.execs >= MILLION:
            results.append(r)
            continue
        hours = MILLION / rate / 3600 if rate else float("inf")
        if hours > 1:
            r.note = ("%.0f exec/s once its seeds are loaded: 1,000,000 "
                      "executions would take %.1f hours" % (rate, hours))
        else:
            log("fuzz: %s to %d executions (about %.0f min)"
                % (name, MILLION, hours * 60))
            r = fuzz_target(name, build, args,
                            runs=max(1, MILLION - r.execs), result=r)
        results.append(r)
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
