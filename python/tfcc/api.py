"""tfcc.compile and a TF1-style Session over it."""

import os
import shutil
import tempfile

from .export import export as _export_graph
from .runtime import compile_file
from .session import Session  # noqa: F401 (tfcc.api.Session)

__all__ = ["compile", "Session"]


def compile(path=None, fetches=None, feeds=None, targets=None, graph=None,
            name="model", extra_args=(), device=None,
            soft_placement=False):  # noqa: A001 (tf.compile)
    """Compiles ahead of time and loads the result (a tfcc.Module).

        tfcc.compile("model.onnx")                 # a .mlir, .tfg or .onnx
        tfcc.compile(fetches=[y], feeds=[x])       # part of a graph

    With fetches, the graph is exported to a temporary .tfg (see
    tfcc.export) whose entry is called `name`. `device` ("cpu", "gpu",
    "gpu:1") places the ops without a tf.device hint, and `soft_placement`
    runs an op on the CPU where the device asked for has no kernel for it
    (tfcc --device, --soft-placement). `extra_args` go to the tfcc command
    line. Raises tfcc.CompileError with the compiler's messages."""
    extra_args = tuple(extra_args)
    if device is not None:
        extra_args += ("--device=" + str(device),)
    if soft_placement:
        extra_args += ("--soft-placement",)
    if path is not None and not isinstance(path, (str, os.PathLike)):
        if fetches is not None:
            raise TypeError("give either a path or fetches, not both")
        path, fetches = None, path
    if path is not None:
        if fetches is not None or feeds is not None or targets is not None:
            raise TypeError("fetches/feeds/targets apply to a graph, not to "
                            "a file")
        return compile_file(path, extra_args)
    if fetches is None and targets is None:
        raise TypeError("tfcc.compile needs a path or fetches")
    tmpdir = tempfile.mkdtemp(prefix="tfcc-graph-")
    try:
        tfg = os.path.join(tmpdir, name + ".tfg")
        _export_graph(tfg, fetches if fetches is not None else [], feeds,
                      targets, graph)
        return compile_file(tfg, extra_args)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
