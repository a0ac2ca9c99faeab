"""Runs a command and says whether its peak memory (the maximum resident set
size) stayed within a bound over a baseline command's, e.g. a bad model file
refused before its parse commits memory:

    peak_memory.py --baseline "tfcc --version" --within-mb 64 -- tfcc m.onnx

Prints "peak memory: within N MB of the baseline" or "peak memory: M MB over
the baseline, more than N" on stdout; the command's own output passes
through, and its exit status is this script's."""
import argparse
import os
import shlex
import subprocess
import sys


def peak_rss_mb(argv, quiet=False):
    out = subprocess.DEVNULL if quiet else None
    proc = subprocess.Popen(argv, stdout=out, stderr=out)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024.0, proc.returncode  # ru_maxrss is in KiB


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--within-mb", type=float, required=True)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    base, _ = peak_rss_mb(shlex.split(args.baseline), quiet=True)
    peak, status = peak_rss_mb(command)
    if peak - base <= args.within_mb:
        print("peak memory: within %g MB of the baseline" % args.within_mb)
    else:
        print("peak memory: %.0f MB over the baseline, more than %g" %
              (peak - base, args.within_mb))
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
