#!/bin/sh
# Installs the Debian 12 packages tfcc needs, only when some are missing.
# Extra packages may be named as arguments (make check-asan adds clang's
# sanitizer runtime).
set -eu

PACKAGES="cmake ninja-build ccache make clang-22 lld-22 llvm-22-dev \
libmlir-22-dev mlir-22-tools libcli11-dev python3 python3-numpy \
flatbuffers-compiler libflatbuffers-dev python3-flatbuffers \
libonnx-dev libprotobuf-dev protobuf-compiler python3-onnx \
python3-torch python3-torchvision python3-pytest python3-sklearn \
libclang-rt-22-dev $*"

missing=""
for p in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done

[ -z "$missing" ] && exit 0

echo "Installing missing packages:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
