#!/usr/bin/env python3
"""Memory of compiled models: tfcc's planned arena against the sum of the
intermediate buffers it holds, and the peak resident memory of an inference
process, tfcc against ONNX Runtime, in one run.

    /usr/bin/python3 bench/memory.py [--models resnet18,encoder,mlp,...]

The models are bench/models.py's (random weights, exported to ONNX the same
way), plus the training step of examples/training/mlp_adam.py (the MLP with
Adam, batch 100, exported to .tfg as tfcc.Session does). For each:

- `tfcc --emit=memory-plan -O3`: the arena of tfcc-plan-memory, the sum of
  the buffers it holds and the ratio (what planning saves: buffers whose
  lives do not overlap share memory); for the training step with a dynamic
  batch, the dynamic arena a run at batch 100 sizes (memory_info);
- peak resident memory (VmHWM) of a fresh process that loads the compiled
  model (tfcc.load of the .so, in Python) and runs it 20 times, and of a node
  process doing the same with ONNX Runtime's CPU provider (bench/ort_run.js,
  one thread each); both also as the growth over the process before loading
  the model (the interpreter and its libraries differ: Python with numpy,
  node with ONNX Runtime's library).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import common
from common import Ort

import numpy as np
import torch

sys.path.insert(0, os.path.join(common.REPO, "examples", "training"))

# The child that loads a compiled model and reports its memory, in KB.
CHILD = r"""
import json, sys
import numpy as np
def kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
feeds = dict(np.load(sys.argv[2]))
base = kb("VmRSS")
import tfcc
m = tfcc.load(sys.argv[1])
for _ in range(20):
    m(**feeds)
print(json.dumps({"base_rss_kb": base, "max_rss_kb": kb("VmHWM"),
                  "memory_info": m.memory_info()}))
"""


# The child that runs a training step once at a batch size and reports its
# memory_info.
STEP_CHILD = r"""
import json, sys
import numpy as np
import tfcc
m = tfcc.load(sys.argv[1])
batch = int(sys.argv[2])
rng = np.random.default_rng(0)
feeds = {s.name: rng.standard_normal(
    [batch if d is None else d for d in s.shape]).astype(s.dtype.as_numpy_dtype)
    for s in m.inputs}
m(**feeds)
print(json.dumps(m.memory_info()))
"""


def tfcc_binary():
    return os.path.join(os.environ.get("TFCC_BUILD_DIR",
                                       os.path.join(common.REPO, "build")),
                        "bin", "tfcc")


def memory_plan(path):
    """(arena bytes, sum of its buffers) from tfcc --emit=memory-plan."""
    out = subprocess.run([tfcc_binary(), path, "-O3", "--emit=memory-plan",
                          "-q"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    m = re.search(r"arena (\d+) bytes for (\d+) buffers of (\d+) bytes",
                  out.stdout)
    return (int(m.group(1)), int(m.group(3))) if m else (0, 0)


def training_step(tmp, batch=100):
    """The .tfg of the MLP's Adam step at `batch` (None: dynamic)."""
    import tfcc as tf
    import mlp_adam
    from tfcc.session import serialize
    tf.reset_default_graph()
    x, y_, _, train, _ = mlp_adam.build(batch=batch)
    data = serialize([], [x, y_], [train], tf.get_default_graph(),
                     prune=True)
    path = os.path.join(tmp, "mlp_adam_step_%s.tfg" % batch)
    with open(path, "wb") as f:
        f.write(data)
    return path


def mb(kb):
    return "%.1f" % (kb / 1024.0)


def main():
    import models
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default=",".join(models.MODELS),
                        help="comma-separated subset of: "
                        + ", ".join(models.MODELS))
    args = parser.parse_args()
    names = [n for n in args.models.split(",") if n]
    common.header("tfcc memory plan and peak resident memory "
                  "(bench/memory.py)")
    ort = Ort.start()
    print()
    print("| model | buffers (MiB) | arena (MiB) | arena / buffers "
          "| tfcc peak RSS (MiB) | ORT peak RSS (MiB) | tfcc growth (MiB) "
          "| ORT growth (MiB) |")
    print("|" + " --- |" * 8)
    with tempfile.TemporaryDirectory(prefix="tfcc-memory-") as tmp:
        for name in names:
            torch.manual_seed(0)
            rng = np.random.default_rng(0)
            label, model, feeds = models.build(name, rng)
            model.eval()
            path = os.path.join(tmp, name + ".onnx")
            models.export(model, feeds, path)
            arena, total = memory_plan(path)
            so = os.path.join(tmp, name + ".so")
            subprocess.run([tfcc_binary(), path, "-O3", "-q", "-o", so],
                           check=True)
            npz = os.path.join(tmp, name + ".npz")
            np.savez(npz, **feeds)
            env = dict(os.environ, PYTHONPATH=os.path.join(common.REPO,
                                                           "python"))
            child = subprocess.run([sys.executable, "-c", CHILD, so, npz],
                                   stdout=subprocess.PIPE, text=True,
                                   env=env, check=True)
            mine = json.loads(child.stdout.strip().splitlines()[-1])
            theirs = None
            if ort:
                _, _, _, theirs = ort.run(path, feeds, tmp, 20, 0.0, rss=True)
            print("| %s | %.1f | %.1f | %s | %s | %s | %s | %s |" % (
                label, total / 2**20, arena / 2**20,
                "%.1f%%" % (100.0 * arena / total) if total else "-",
                mb(mine["max_rss_kb"]),
                mb(theirs[1]) if theirs else "-",
                mb(mine["max_rss_kb"] - mine["base_rss_kb"]),
                mb(theirs[1] - theirs[0]) if theirs else "-"))
            sys.stdout.flush()
        step = training_step(tmp)
        arena, total = memory_plan(step)
        print("| MLP 64-%d-10 Adam training step, batch 100 (.tfg) | %.2f "
              "| %.2f | %s | | | | |" % (
                  __import__("mlp_adam").HIDDEN, total / 2**20,
                  arena / 2**20,
                  "%.1f%%" % (100.0 * arena / total) if total else "-"))
        static_arena, static_total = arena, total
        # The same step with a dynamic batch, run at 100: its dynamic arena
        # as the run sized it.
        step = training_step(tmp, batch=None)
        so = os.path.join(tmp, "mlp_adam_step_dynamic.so")
        subprocess.run([tfcc_binary(), step, "-O3", "-q", "-o", so],
                       check=True)
        env = dict(os.environ, PYTHONPATH=os.path.join(common.REPO, "python"))
        child = subprocess.run([sys.executable, "-c", STEP_CHILD, so, "100"],
                               stdout=subprocess.PIPE, text=True, env=env,
                               check=True)
        info = json.loads(child.stdout.strip().splitlines()[-1])
        print()
        print("The training step with a dynamic batch, run at batch 100: "
              "dynamic arena %.2f MiB (at a static batch of 100: arena %.2f "
              "MiB for %.2f MiB of buffers)." % (
                  info["dynamic_arena_bytes"] / 2**20, static_arena / 2**20,
                  static_total / 2**20))

if __name__ == "__main__":
    main()
