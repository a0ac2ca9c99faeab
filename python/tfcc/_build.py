"""Where the tfcc build lives: $TFCC_BUILD_DIR, else <repository>/build, or,
for an installed package (<prefix>/share/tfcc/python/tfcc), the prefix."""

import os

_PKG = os.path.dirname(os.path.abspath(__file__))
_REPO = os.path.dirname(os.path.dirname(_PKG))
# Only an install puts flatc's generated writer inside the package itself; in
# the source tree it stays in the build tree.
_INSTALLED = os.path.isdir(os.path.join(_PKG, "tfg"))


def build_dir():
    env = os.environ.get("TFCC_BUILD_DIR")
    if env:
        return os.path.abspath(env)
    if _INSTALLED:
        return os.path.normpath(os.path.join(_PKG, "..", "..", "..", ".."))
    return os.path.join(_REPO, "build")


def tfcc_binary():
    return os.path.join(build_dir(), "bin", "tfcc")


def runtime_library():
    """The runtime's shared library (libtfcc_runtime.so): <build>/lib in a
    build tree, <prefix>/lib in an install."""
    return os.path.join(build_dir(), "lib", "libtfcc_runtime.so")
