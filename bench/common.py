"""What bench/models.py and bench/gemm.py share: one thread for everyone
unless a column says otherwise, the CPU header, adaptive timing, the accuracy
check and ONNX Runtime (npm's onnxruntime-node, driven through
bench/ort_run.js)."""

import json
import os
import platform
import shutil
import subprocess
import sys
import time

# Before numpy or torch start their thread pools.
# tfcc's modules too: a column at more threads sets its module's count.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
             "TFCC_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
sys.path.insert(0, os.path.join(REPO, "python"))

from tfcc.runtime import CompileError, compile_file  # noqa: E402,F401


def cpu_info():
    """(model name, 'AVX-512' / 'AVX2' / 'no AVX2') from /proc/cpuinfo."""
    name, flags = platform.processor() or "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    isa = "AVX-512" if "avx512f" in flags else (
        "AVX2" if "avx2" in flags else "no AVX2")
    return name, isa


def clang():
    """clang-22's path, or None."""
    for cand in ("clang-22", "/usr/lib/llvm-22/bin/clang"):
        path = shutil.which(cand)
        if path:
            return path
    return None


def cross_core(tmp):
    """A line on how fast one CPU takes over 4 MiB another just wrote,
    against its own (bench/cross_core.c), or why it was not measured: a
    parallel loop that reads what the loop before it wrote on another core
    pays the first."""
    cc = clang()
    if cc is None:
        return "cross-core speed not measured (no clang-22)"
    exe = os.path.join(tmp, "cross_core")
    if not os.path.exists(exe):
        subprocess.run([cc, "-O2", os.path.join(BENCH, "cross_core.c"), "-o",
                        exe, "-lpthread"], check=True)
    out = subprocess.run([exe], check=True, capture_output=True,
                         text=True).stdout.split()
    if "cross" not in out:
        return "cross-core speed not measured (%s)" % " ".join(out[2:])
    cross, own = float(out[out.index("cross") + 1]), float(
        out[out.index("own") + 1])
    return ("CPU %s overwrote 4 MiB that CPU %s had just written at "
            "%.0f GB/s, its own at %.0f GB/s (%.2f)%s"
            % (out[2], out[1], cross, own, cross / own,
               "" if cross > 0.8 * own else
               ": the two do not share a cache"))


def tfcc_source():
    """The commit tfcc's sources are at, '+ local changes' when the
    compiler's or runtime's sources differ from it (the build may hold
    them)."""
    def git(*args):
        return subprocess.run(["git", "-C", REPO] + list(args),
                              stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout
    try:
        head = git("rev-parse", "--short", "HEAD").strip()
        dirty = git("status", "--porcelain", "--", "lib", "include",
                    "dialects", "runtime", "tools").strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + (" + local changes" if dirty else "")


def header(what, threads="1 thread everywhere"):
    name, isa = cpu_info()
    load = ""
    if hasattr(os, "getloadavg"):
        load = "; load average %.2f on %d cores" % (os.getloadavg()[0],
                                                    os.cpu_count() or 0)
    print("%s\nCPU: %s (%s); %s%s\ntfcc: sources at %s"
          % (what, name, isa, threads, load, tfcc_source()))


def time_fn(fn, reps, seconds):
    """Median wall time of fn() in ms and the number of timed runs: one
    untimed warm-up run, then runs until `reps` or `seconds` is reached (at
    least 3). A warm-up longer than `seconds` is the only measurement."""
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    if first >= seconds:
        return 1e3 * first, 1
    times, start = [], time.perf_counter()
    while len(times) < reps and (len(times) < 3 or
                                 time.perf_counter() - start < seconds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1e3 * float(np.median(times)), len(times)


def rel_err(got, ref):
    """max |got - ref| / max |ref|."""
    got, ref = np.asarray(got, np.float64), np.asarray(ref, np.float64)
    if got.shape != ref.shape:
        return float("inf")
    scale = float(np.max(np.abs(ref))) if ref.size else 0.0
    return float(np.max(np.abs(got - ref))) / (scale or 1.0) if ref.size \
        else 0.0


def fmt_err(err, tol=1e-4):
    return "%.1e%s" % (err, " **(> %.0e)**" % tol if not err <= tol else "")


_DTYPES = {"float32": np.float32, "int64": np.int64, "int32": np.int32,
           "float64": np.float64, "bool": np.bool_}


class Ort:
    """ONNX Runtime's CPU provider at one thread, in node. `Ort.start()`
    returns None (after saying why) when node, npm or the package is not
    there."""

    def __init__(self, version):
        self.version = version

    @staticmethod
    def start():
        node, npm = shutil.which("node"), shutil.which("npm")
        if node is None:
            print("ONNX Runtime: skipped, node is not on PATH")
            return None
        pkg = os.path.join(BENCH, "node_modules", "onnxruntime-node",
                           "package.json")
        if not os.path.isfile(pkg):
            if npm is None:
                print("ONNX Runtime: skipped, bench/node_modules is missing "
                      "and npm is not on PATH")
                return None
            print("ONNX Runtime: installing onnxruntime-node into "
                  "bench/node_modules (npm install --ignore-scripts)...")
            sys.stdout.flush()
            proc = subprocess.run([npm, "install", "--ignore-scripts",
                                   "--no-audit", "--no-fund"], cwd=BENCH,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
            if proc.returncode != 0 or not os.path.isfile(pkg):
                print("ONNX Runtime: skipped, npm install failed:\n%s"
                      % proc.stdout.strip())
                return None
        with open(pkg) as f:
            return Ort(json.load(f)["version"])

    def run(self, model, feeds, tmp, reps, seconds, threads=1, rss=False):
        """Times `model` (an .onnx file) on `feeds` ({name: array}) with
        `threads` intra-op threads; returns (median ms, timed runs, [output
        arrays]), and with `rss` also (resident KB before the session, peak
        resident KB) of the node process."""
        job = os.path.join(tmp, "ort-%d" % time.monotonic_ns())
        os.makedirs(job)
        inputs = []
        for i, (name, arr) in enumerate(feeds.items()):
            arr = np.ascontiguousarray(arr)
            path = os.path.join(job, "in%d.bin" % i)
            arr.tofile(path)
            inputs.append({"name": name, "file": path,
                           "dtype": arr.dtype.name, "shape": list(arr.shape)})
        spec = os.path.join(job, "spec.json")
        with open(spec, "w") as f:
            json.dump({"model": os.path.abspath(model), "inputs": inputs,
                       "out_dir": job, "reps": reps, "seconds": seconds,
                       "threads": threads}, f)
        proc = subprocess.run(["node", os.path.join(BENCH, "ort_run.js"),
                               spec], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise RuntimeError("ort_run.js failed (exit %d): %s"
                               % (proc.returncode, proc.stderr.strip()))
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        outs = [np.fromfile(o["file"], _DTYPES[o["dtype"]]).reshape(
            o["shape"]) for o in result["outputs"]]
        shutil.rmtree(job, ignore_errors=True)
        if rss:
            return (result["median_ms"], result["reps"], outs,
                    (result["base_rss_kb"], result["max_rss_kb"]))
        return result["median_ms"], result["reps"], outs


def geomean(xs):
    xs = [x for x in xs if x > 0 and np.isfinite(x)]
    return float(np.exp(np.mean(np.log(xs)))) if xs else float("nan")
