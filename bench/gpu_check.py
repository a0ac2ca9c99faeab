#!/usr/bin/env python3
"""The GPU check of issue 13, in two halves (scripts/gpu-check.sh runs them).

    gpu_check.py prepare DIR   # here: needs a build, PyTorch, no GPU
    gpu_check.py run DIR       # on a machine with an NVIDIA GPU and PyTorch

prepare exports the suite's models (test/models/export_models.py: ONNX and an
.npz of inputs and PyTorch's CPU outputs) and the MLP training step
(examples/training/mlp_adam.py --export), and compiles each with every op on
gpu:0 (--device=gpu --soft-placement -O3) into DIR/<name>.so (ResNet-18 once,
with a dynamic batch, as DIR/resnet18.bench.so); the training
step also for the CPU alone, its reference. For the timings: ResNet-18 with a
dynamic batch, the encoder layer of bench/models.py at batch 8 x 128 tokens,
and a 4096-cube fp32 GEMM, sum(a @ a^T). Nothing heavy is left to build on the
GPU machine, which needs neither LLVM nor tfcc: only the .so files, numpy and
PyTorch with CUDA.

run loads each library (tfcc's Python runtime, through ctypes), checks its
outputs against the CPU references (1e-4 relative to the largest |ref|) and
times it against PyTorch eager and torch.compile on the GPU (TF32 off, as
tfcc's kernels are plain fp32; inputs from host memory, as tfcc's API takes
them, synchronized at the end of each run), and prints one Markdown table:
median latency, the kernels one tfcc run launches and the host time spent
launching them, and for the GEMM cuBLAS called directly (torch.mm on device
tensors).
"""

import os
import subprocess
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "python"))
sys.path.insert(0, os.path.join(REPO, "test", "models"))

SUITE = ["mlp", "lenet5", "resnet18", "transformer", "lstm", "bilstm", "moe",
         "gcn"]
GEMM_N = 4096


def tfcc_binary():
    return os.environ.get("TFCC", os.path.join(REPO, "build", "bin", "tfcc"))


def compile_model(src, out, extra=()):
    cmd = [tfcc_binary(), src, "--device=gpu", "--soft-placement", "-O3",
           "-o", out] + list(extra)
    subprocess.run(cmd, check=True)


def bench_models():
    """The timed models: (name, torch module factory, input shapes)."""
    import torch
    import torch.nn as nn

    class Gemm(nn.Module):
        def forward(self, a):
            return (a @ a.t()).sum()

    def encoder():
        return nn.TransformerEncoderLayer(d_model=256, nhead=4,
                                          dim_feedforward=1024, dropout=0.0,
                                          batch_first=True)

    def resnet18():
        import torchvision
        return torchvision.models.resnet18(weights=None)

    torch.manual_seed(0)
    return [("resnet18_b1", resnet18, (1, 3, 224, 224)),
            ("resnet18_b32", resnet18, (32, 3, 224, 224)),
            ("encoder", encoder, (8, 128, 256)),
            ("gemm4096", Gemm, (GEMM_N, GEMM_N))]


def prepare(out):
    import torch
    import export_models
    os.makedirs(out, exist_ok=True)
    for name in SUITE:
        export_models.export(name, out)
        onnx = os.path.join(out, name + ".onnx")
        # ResNet-18's weights (45 MiB) once: the timed library, whose batch
        # is dynamic, is checked too.
        if name != "resnet18":
            compile_model(onnx, os.path.join(out, name + ".so"))
        os.remove(onnx)
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "python"))
    subprocess.run([sys.executable, os.path.join(
        REPO, "examples", "training", "mlp_adam.py"), "--export", out],
        check=True, env=env, stdout=subprocess.DEVNULL)
    tfg = os.path.join(out, "mlp.tfg")
    compile_model(tfg, os.path.join(out, "train_step.so"),
                  ["--entry", "train_step"])
    subprocess.run([tfcc_binary(), tfg, "--entry", "train_step", "-o",
                    os.path.join(out, "train_step_cpu.so")], check=True)
    for name, factory, shape in bench_models():
        if name == "resnet18_b32":
            continue  # the batch-1 library has a dynamic batch
        model = factory().eval()
        x = torch.zeros(shape)
        onnx = os.path.join(out, name + ".onnx")
        dynamic = {"x": {0: "batch"}} if name.startswith("resnet18") else None
        torch.onnx.export(model, (x,), onnx, input_names=["x"],
                          output_names=["y"], opset_version=17,
                          dynamic_axes=dynamic)
        compile_model(onnx, os.path.join(out, name.split("_")[0] + ".bench.so"
                                         if name.startswith("resnet18")
                                         else name + ".bench.so"))
        os.remove(onnx)
    # Only the libraries and the references travel.
    for f in os.listdir(out):
        if not f.endswith((".so", ".npz")):
            os.remove(os.path.join(out, f))
    total = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
    print("prepared %s: %.1f MiB" % (out, total / 2**20))


def median_time(fn, reps=20, seconds=2.0):
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < reps and (time.perf_counter() - start < seconds
                                 or len(times) < 3):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def rel_err(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    return float(np.abs(got - want).max() / max(np.abs(want).max(), 1e-30))


def tfcc_runtime():
    """tfcc's runtime module (tfcc.load) alone: the package's __init__ would
    import the graph API and its FlatBuffers writer, which the GPU machine
    need not have."""
    import types
    package = types.ModuleType("tfcc")
    package.__path__ = [os.path.join(REPO, "python", "tfcc")]
    sys.modules.setdefault("tfcc", package)
    from tfcc import runtime
    return runtime


def run(out):
    import torch
    tfcc = tfcc_runtime()
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    rows = []
    failed = 0

    def launches(module):
        info = module.gpu_info()
        if info is None:
            return "cpu", "-"
        return str(info["launches"]), "%.0f" % (info["launch_ns"] / 1e3)

    # Correctness: the suite against PyTorch's CPU outputs.
    for name in SUITE:
        m = tfcc.load(os.path.join(out, "resnet18.bench.so"
                                   if name == "resnet18" else name + ".so"))
        data = np.load(os.path.join(out, name + ".npz"))
        feeds = {k: data[k] for k in data.files if k != "y"}
        got = list(m(**feeds).values())[0]
        err = rel_err(got, data["y"])
        failed += err > 1e-4
        t = median_time(lambda: m(**feeds))
        k, us = launches(m)
        rows.append((name, "%.1e%s" % (err, " FAIL" if err > 1e-4 else ""),
                     "%.3f" % (t * 1e3), "", "", k, us))
    # The training step: GPU against the CPU build, three steps from the
    # same state.
    gpu = tfcc.load(os.path.join(out, "train_step.so"))
    cpu = tfcc.load(os.path.join(out, "train_step_cpu.so"))
    rng = np.random.default_rng(0)
    errs = []
    for _ in range(3):
        x = rng.standard_normal((32, 64)).astype(np.float32)
        y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 32)]
        a, b = gpu(x=x, y_=y), cpu(x=x, y_=y)
        errs += [rel_err(a[k], b[k]) for k in b]
    err = max(errs)
    failed += err > 1e-4
    k, us = launches(gpu)
    rows.append(("mlp train step", "%.1e%s" % (err, " FAIL" if err > 1e-4
                                                else ""),
                 "%.3f" % (median_time(lambda: gpu(x=x, y_=y)) * 1e3), "", "",
                 k, us))

    # Speed against PyTorch on the GPU.
    for name, factory, shape in bench_models():
        lib = ("resnet18.bench.so" if name.startswith("resnet18")
               else name + ".bench.so")
        m = tfcc.load(os.path.join(out, lib))
        x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
        if name == "gemm4096":
            x /= np.sqrt(GEMM_N)
        t_tfcc = median_time(lambda: m(x=x))
        k, us = launches(m)
        try:
            model = factory().to(dev).eval()
        except ImportError as e:
            rows.append((name, "", "%.3f" % (t_tfcc * 1e3), "no peer: %s" % e,
                         "", k, us))
            continue
        xh = torch.from_numpy(x)

        def eager(fn=model):
            with torch.no_grad():
                fn(xh.to(dev))
            torch.cuda.synchronize()
        t_eager = median_time(eager)
        try:
            compiled = torch.compile(model)
            t_compiled = median_time(lambda: eager(compiled))
            compiled_ms = "%.3f" % (t_compiled * 1e3)
        except Exception as e:  # noqa: BLE001 (a peer that cannot compile)
            compiled_ms = "failed: %s" % type(e).__name__
        note = ""
        if name == "gemm4096":
            a = xh.to(dev)

            def cublas():
                torch.mm(a, a.t())
                torch.cuda.synchronize()
            t_mm = median_time(cublas)
            note = " (cuBLAS alone %.3f ms, %.1f TFLOP/s)" % (
                t_mm * 1e3, 2 * GEMM_N**3 / t_mm / 1e12)
        rows.append((name, "", "%.3f" % (t_tfcc * 1e3),
                     "%.3f%s" % (t_eager * 1e3, note), compiled_ms, k, us))

    print("GPU: %s, PyTorch %s, CUDA %s" % (torch.cuda.get_device_name(0),
                                            torch.__version__,
                                            torch.version.cuda))
    print()
    print("| model | max rel err vs CPU | tfcc ms | PyTorch eager ms | "
          "torch.compile ms | tfcc kernels/run | tfcc launch us/run |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if failed else 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("prepare", "run"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2])
        return 0
    return run(sys.argv[2])


if __name__ == "__main__":
    sys.exit(main())
