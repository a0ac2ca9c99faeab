#!/bin/sh
# The GPU check (issue 13), in two steps:
#
#   scripts/gpu-check.sh prepare [DIR]   # here, after `make demo`: compiles the
#                                        # suite for the GPU into DIR (default
#                                        # build/gpu-check; about 60 MiB)
#   scripts/gpu-check.sh [DIR]           # on the GPU machine (PyTorch with CUDA,
#                                        # numpy; no LLVM, no tfcc build)
#
# The second prints one table: each model's error against the CPU results,
# tfcc's latency beside PyTorch eager's and torch.compile's, and the kernels a
# run launches with the host time spent launching them. See bench/gpu_check.py.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = prepare ]; then
  # Debian's PyTorch exports the models.
  exec "${PYTHON:-/usr/bin/python3}" "$here/bench/gpu_check.py" prepare \
    "${2:-$here/build/gpu-check}"
fi
# There, the Python that has PyTorch with CUDA (the first on PATH).
exec "${PYTHON:-python3}" "$here/bench/gpu_check.py" run \
  "${1:-$here/build/gpu-check}"
