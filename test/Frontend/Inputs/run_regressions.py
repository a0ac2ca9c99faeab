"""Compiles every file of a folder with tfcc: each must compile or be
refused (exit 0 or 1) without a crash or a sanitizer report.

    run_regressions.py TFCC FOLDER TMPDIR
"""
import os
import subprocess
import sys


def main():
    tfcc, folder, tmp = sys.argv[1:4]
    names = sorted(os.listdir(folder))
    bad = 0
    for name in names:
        result = subprocess.run(
            [tfcc, os.path.join(folder, name), "-o",
             os.path.join(tmp, "out.o")], capture_output=True, text=True,
            timeout=300)
        report = "Sanitizer" in result.stderr or "runtime error" in \
            result.stderr
        if result.returncode not in (0, 1) or report:
            bad += 1
            print("%s: exit %d\n%s" % (name, result.returncode,
                                       result.stderr[-4000:]))
    print("%d inputs, %s" % (len(names), "no crash" if not bad else
                             "%d crashed" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
