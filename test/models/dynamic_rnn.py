#!/usr/bin/env python3
"""One compiled recurrent model for every sequence length and batch.

    dynamic_rnn.py OUTDIR

Exports nn.LSTM and a two-layer bidirectional nn.GRU classifiers (random
weights, torch.manual_seed(0)) with a dynamic batch and sequence length
(torch.onnx.export's dynamic_axes), compiles each once with `tfcc` (from
PATH) into a shared library, loads it with python/tfcc and runs it at
sequence lengths 1, 32 and 200 and batches 1 and 64 against PyTorch:

    max |tfcc - torch| <= 1e-4 * max |torch|

Prints one line per case and exits 1 on a mismatch.
"""

import os
import shutil
import subprocess
import sys
import warnings

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
sys.path.insert(0, HERE)

from export_models import BiGRUClassifier, LSTMClassifier  # noqa: E402
from tfcc import runtime  # noqa: E402


def main():
    outdir = sys.argv[1]
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    failed = 0
    for name, model in (("lstm", LSTMClassifier(16, 32, 5)),
                        ("bigru", BiGRUClassifier(16, 32, 5))):
        model.eval()
        path = os.path.join(outdir, name + ".onnx")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model, (torch.zeros(2, 3, 16),), path, input_names=["x"],
                output_names=["y"], opset_version=17,
                dynamic_axes={"x": {0: "batch", 1: "seq"},
                              "y": {0: "batch"}})
        library = os.path.join(outdir, "lib%s.so" % name)
        subprocess.run(["tfcc", path, "-o", library], check=True)
        module = runtime.load(library)
        print("%s: inputs %s" % (name, module.inputs))
        for seq in (1, 32, 200):
            for batch in (1, 64):
                x = rng.standard_normal((batch, seq, 16)).astype(np.float32)
                got = module.run({"x": x})["y"]
                with torch.no_grad():
                    ref = model(torch.from_numpy(x)).numpy().astype(np.float64)
                err = float(np.max(np.abs(got - ref))) / float(
                    np.max(np.abs(ref)))
                ok = got.shape == ref.shape and err <= 1e-4
                failed += not ok
                print("%s: seq %d batch %d: relative error %.1e %s"
                      % (name, seq, batch, err, "PASS" if ok else "FAIL"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
