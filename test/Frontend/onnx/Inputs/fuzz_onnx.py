"""Mutates a valid ONNX model many times and imports each mutant with tfcc:
every run must exit 0 or 1, and a failure must print exactly one line (no
crash, no assertion, no multi-line error).

Usage: fuzz_onnx.py TFCC MODEL.onnx WORKDIR [--count N] [--seed S]
Prints "fuzz_onnx: N mutants, K rejected, F failed" and exits 1 if F > 0.
"""
import argparse
import os
import random
import subprocess
import sys


def mutate(data, rng):
    data = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:  # flip bytes
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:  # truncate
        del data[rng.randrange(1, len(data)):]
    elif kind == 2:  # duplicate a chunk
        i = rng.randrange(len(data))
        j = min(len(data), i + rng.randint(1, 64))
        data[i:i] = data[i:j]
    else:  # delete a chunk
        i = rng.randrange(len(data))
        del data[i:i + rng.randint(1, 16)]
    return bytes(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tfcc")
    ap.add_argument("model")
    ap.add_argument("workdir")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(args.model, "rb") as f:
        original = f.read()
    path = os.path.join(args.workdir, "mutant.onnx")
    rejected = failed = 0
    for i in range(args.count):
        with open(path, "wb") as f:
            f.write(mutate(original, rng))
        p = subprocess.run([args.tfcc, path, "--stop-after=import", "-o",
                            os.path.join(args.workdir, "mutant.mlir")],
                           capture_output=True)
        lines = p.stderr.decode("utf-8", "replace").strip().splitlines()
        if p.returncode == 0:
            continue
        if p.returncode == 1 and len(lines) == 1 and "error: " in lines[0]:
            rejected += 1
            continue
        failed += 1
        with open(os.path.join(args.workdir, "failed-%d.onnx" % i), "wb") as f:
            f.write(open(path, "rb").read())
        print("mutant %d: exit %d: %s" % (i, p.returncode, " | ".join(lines)[:300]))
    print("fuzz_onnx: %d mutants, %d rejected, %d failed"
          % (args.count, rejected, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
