#!/usr/bin/env python3
"""Compiles models for the GPU and checks every kernel with ptxas.

    check_ptx.py --tfcc TFCC --ptxas PTXAS --out DIR MODEL[:ENTRY] ...

Each model is compiled with every op on gpu:0 (soft placement for the ops
without a GPU kernel) for sm_80 and sm_90, its kernels written as PTX
(--emit=ptx); each kernel module must target that architecture, call no
undefined function (libdevice linked) and assemble with ptxas for it. One
line per model and architecture.
"""

import argparse
import os
import re
import subprocess
import sys

ARCHS = ["sm_80", "sm_90"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfcc", required=True)
    ap.add_argument("--ptxas", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("models", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    failed = 0
    for spec in args.models:
        path, _, entry = spec.partition(":")
        name = entry or os.path.splitext(os.path.basename(path))[0]
        for arch in ARCHS:
            ptx = os.path.join(args.out, "%s.%s.ptx" % (name, arch))
            cmd = [args.tfcc, path, "--device=gpu", "--soft-placement",
                   "--gpu-arch=" + arch, "--emit=ptx", "-o", ptx]
            if entry:
                cmd += ["--entry", entry]
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                print("%s %s: tfcc failed: %s" % (name, arch, run.stderr))
                failed += 1
                continue
            text = open(ptx).read()
            modules = re.split(r"^// tfcc kernel module \S+\n", text,
                               flags=re.M)[1:]
            kernels = errors = 0
            for i, module in enumerate(modules):
                kernels += len(re.findall(r"^\.visible \.entry ", module,
                                          flags=re.M))
                if ".target %s" % arch not in module:
                    print("%s %s: module %d targets no %s" % (name, arch, i,
                                                               arch))
                    errors += 1
                if ".extern .func" in module:
                    print("%s %s: module %d calls an undefined function" %
                          (name, arch, i))
                    errors += 1
                one = os.path.join(args.out, "%s.%s.%d.ptx" % (name, arch, i))
                with open(one, "w") as f:
                    f.write(module)
                check = subprocess.run(
                    [args.ptxas, "-arch=" + arch, one, "-o",
                     os.path.join(args.out, "k.cubin")],
                    capture_output=True, text=True)
                if check.returncode != 0:
                    print("%s %s: ptxas rejects module %d: %s" %
                          (name, arch, i, check.stderr.strip()))
                    errors += 1
            failed += errors > 0
            print("%s %s: %d kernels in %d modules, %d rejected" %
                  (name, arch, kernels, len(modules), errors))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
