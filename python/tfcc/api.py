"""tfcc.compile and a TF1-style Session over it."""

import os
import shutil
import tempfile

from .export import export as _export_graph
from .graph import Operation, Tensor, get_default_graph
from .runtime import compile_file

__all__ = ["compile", "Session"]


def compile(path=None, fetches=None, feeds=None, targets=None, graph=None,
            name="model", extra_args=()):  # noqa: A001 (tf.compile)
    """Compiles ahead of time and loads the result (a tfcc.Module).

        tfcc.compile("model.onnx")                 # a .mlir, .tfg or .onnx
        tfcc.compile(fetches=[y], feeds=[x])       # part of a graph

    With fetches, the graph is exported to a temporary .tfg (see
    tfcc.export) whose entry is called `name`. `extra_args` go to the tfcc
    command line. Raises tfcc.CompileError with the compiler's messages."""
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


class Session:
    """A TF1 Session look-alike: run(fetches, feed_dict) compiles the
    subgraph for those fetches and feeds once (cached) and runs it."""

    def __init__(self, graph=None):
        self.graph = graph or get_default_graph()
        self._cache = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._cache.clear()

    def run(self, fetches, feed_dict=None):
        feed_dict = feed_dict or {}
        single = isinstance(fetches, (Tensor, Operation, str))
        flat = [fetches] if single else list(fetches)
        feeds = [k if isinstance(k, Tensor) else
                 self.graph.get_tensor_by_name(k if ":" in k else k + ":0")
                 for k in feed_dict]
        tensors = [f for f in flat if not isinstance(f, Operation)]
        targets = [f for f in flat if isinstance(f, Operation)]
        key = (tuple(id(t) if not isinstance(t, str) else t
                     for t in tensors),
               tuple(id(t) for t in targets), tuple(id(f) for f in feeds),
               len(self.graph.get_operations()))
        module = self._cache.get(key)
        if module is None:
            module = compile(fetches=tensors, feeds=feeds, targets=targets,
                             graph=self.graph)
            self._cache[key] = module
        out = module({f: v for f, v in zip(feeds, feed_dict.values())})
        values = []
        for f in flat:
            if isinstance(f, Operation):
                values.append(None)
            else:
                t = f if isinstance(f, Tensor) else \
                    self.graph.get_tensor_by_name(f if ":" in f else f + ":0")
                values.append(out[t.tfg_name()])
        return values[0] if single else values
