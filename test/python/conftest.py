"""pytest setup for the tfcc Python package: imports python/tfcc from the
source tree, gives every test a fresh default graph and finds the build
under test ($TFCC_BUILD_DIR, else <repo>/build)."""

import os
import sys

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "python"))

import tfcc  # noqa: E402
from tfcc import _build  # noqa: E402


@pytest.fixture(autouse=True)
def fresh_graph():
    tfcc.reset_default_graph()
    yield
    tfcc.reset_default_graph()


def have_compiler():
    return os.path.isfile(_build.tfcc_binary())


needs_compiler = pytest.mark.skipif(
    not have_compiler(), reason="no tfcc binary in the build directory "
    "(set TFCC_BUILD_DIR)")


@pytest.fixture
def repo():
    return REPO


def central_differences(f, x, h=1e-6):
    """d f / d x of a scalar function of an array at x, by central
    differences with step h (float64)."""
    num = np.zeros(x.shape, np.float64)
    for idx in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        num[idx] = (f(up) - f(down)) / (2 * h)
    return num
