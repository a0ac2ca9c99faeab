#!/usr/bin/env python3
"""Feeds corrupted and truncated .tfg files to tfcc and checks it never crashes.

    fuzz_tfg.py [--runs N] [--seed S] [--keep DIR] [--phase PHASE]
                TFCC SEED.tfg...
    fuzz_tfg.py --as-is TFCC BAD.tfg...

Each run takes one of the SEED files and damages it: truncation, random
byte flips, an overwritten 32-bit word (offsets and lengths are 32-bit in
FlatBuffers) with a value chosen to hurt (0, -1, huge, just past the end),
or a deleted/duplicated slice. tfcc then imports it (--stop-after=PHASE,
default import). A run passes when tfcc exits 0, or exits 1 having printed
error lines only (`...: error: ...`). Anything else - a signal, another exit
code, a sanitizer report, no message, a hang past 60 s - fails; the input
is kept in DIR (default: the current folder) to reproduce it. Prints a
summary line and exits 1 if any run failed.

--as-is runs each file unchanged and requires what a bad file must give:
exit code 1 and exactly one line, an error.

Sanitizer reports must not be mistaken for ordinary errors: ASAN_OPTIONS
and LSAN_OPTIONS get exitcode=99 unless already set.
"""

import argparse
import os
import random
import struct
import subprocess
import sys
import tempfile


def mutate(rng, data):
    data = bytearray(data)
    kind = rng.choice(["truncate", "flip", "word", "slice", "mixed"])
    if kind in ("truncate",) or not data:
        return kind, bytes(data[:rng.randrange(0, len(data) + 1)])
    if kind == "flip":
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        return kind, bytes(data)
    if kind == "word":
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(0, max(1, len(data) - 3)) & ~3
            value = rng.choice([0, 1, 2, 3, 4, 8, 0x7fffffff, 0xffffffff,
                                0x80000000, len(data), len(data) - i,
                                len(data) - i + 4, rng.randrange(1 << 32)])
            data[i:i + 4] = struct.pack("<I", value & 0xffffffff)
        return kind, bytes(data)
    if kind == "slice":
        i = rng.randrange(len(data))
        j = min(len(data), i + rng.randint(1, 64))
        if rng.random() < 0.5:
            del data[i:j]
        else:
            data[i:i] = data[i:j]
        return kind, bytes(data)
    # mixed: a flip and then a truncation past the middle
    i = rng.randrange(len(data))
    data[i] = rng.randrange(256)
    return kind, bytes(data[:rng.randrange(len(data) // 2, len(data) + 1)])


def check(proc):
    """None if the run is acceptable, else why not."""
    err = proc.stderr.decode("utf-8", "replace")
    if "Sanitizer" in err:
        return "sanitizer report"
    if proc.returncode == 0:
        return None
    if proc.returncode != 1:
        return "exit code %d" % proc.returncode
    lines = [l for l in err.splitlines() if l.strip()]
    if not lines:
        return "exit 1 without a message"
    bad = [l for l in lines if ": error: " not in l]
    if bad:
        return "unexpected output line: %s" % bad[0][:200]
    return None


def run_as_is(args, env):
    failures = 0
    for path in args.seeds:
        proc = subprocess.run([args.tfcc, path, "--stop-after=" + args.phase],
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env, timeout=60)
        err = proc.stderr.decode("utf-8", "replace")
        lines = err.splitlines()
        if (proc.returncode != 1 or len(lines) != 1 or
                ": error: " not in lines[0] or "Sanitizer" in err):
            failures += 1
            print("FAIL %s: exit code %d, expected 1 and one error line:\n%s"
                  % (path, proc.returncode, err[-2000:]))
        else:
            print("ok %s: %s" % (os.path.basename(path), lines[0]))
    print("fuzz_tfg: %d files, %d failed" % (len(args.seeds), failures))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", default=".")
    parser.add_argument("--phase", default="import")
    parser.add_argument("--as-is", action="store_true")
    parser.add_argument("tfcc")
    parser.add_argument("seeds", nargs="+")
    args = parser.parse_args()

    env = dict(os.environ)
    for var in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"):
        env.setdefault(var, "exitcode=99")
    seeds = []
    for path in args.seeds:
        with open(path, "rb") as f:
            seeds.append((os.path.basename(path), f.read()))
    if args.as_is:
        return run_as_is(args, env)
    rng = random.Random(args.seed)
    failures = 0
    kinds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            name, data = rng.choice(seeds)
            kind, mutated = mutate(rng, data)
            path = os.path.join(tmp, "fuzz.tfg")
            with open(path, "wb") as f:
                f.write(mutated)
            cmd = [args.tfcc, path, "--stop-after=" + args.phase]
            try:
                proc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, env=env,
                                      timeout=60)
                problem = check(proc)
            except subprocess.TimeoutExpired:
                proc, problem = None, "timed out"
            outcome = "ok" if proc and proc.returncode == 0 else "error"
            kinds[kind, outcome] = kinds.get((kind, outcome), 0) + 1
            if problem:
                failures += 1
                keep = os.path.join(args.keep, "crash-%d-%d.tfg" %
                                    (args.seed, run))
                with open(keep, "wb") as f:
                    f.write(mutated)
                print("FAIL run %d (%s of %s): %s; input kept as %s" %
                      (run, kind, name, problem, keep))
                if proc is not None:
                    sys.stdout.write(proc.stderr.decode("utf-8", "replace")
                                     [-2000:])
    detail = ", ".join("%s/%s %d" % (k, o, n)
                       for (k, o), n in sorted(kinds.items()))
    print("fuzz_tfg: %d runs, %d failed (%s)" % (args.runs, failures, detail))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
