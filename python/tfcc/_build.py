"""Where the tfcc build lives: $TFCC_BUILD_DIR, else <repository>/build."""

import os

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def build_dir():
    return os.path.abspath(os.environ.get("TFCC_BUILD_DIR")
                           or os.path.join(_REPO, "build"))


def tfcc_binary():
    return os.path.join(build_dir(), "bin", "tfcc")
