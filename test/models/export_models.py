#!/usr/bin/env python3
"""Exports the real-model test set with PyTorch's ONNX exporter.

Each model gets random weights (seeded; nothing is downloaded) and is written
to OUT/<name>.onnx together with OUT/<name>.npz holding its inputs and
PyTorch's outputs, the reference the compiled model is checked against.

    export_models.py OUT [NAME ...]
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.avg_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LSTMClassifier(nn.Module):
    def __init__(self, features=16, hidden=32, classes=5, bidirectional=False):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, batch_first=True,
                            bidirectional=bidirectional)
        self.fc = nn.Linear(hidden * (2 if bidirectional else 1), classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


class BiGRUClassifier(nn.Module):
    """A two-layer bidirectional nn.GRU, Linear on the last step."""

    def __init__(self, features=16, hidden=32, classes=5):
        super().__init__()
        self.gru = nn.GRU(features, hidden, num_layers=2, batch_first=True,
                          bidirectional=True)
        self.fc = nn.Linear(2 * hidden, classes)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.fc(out[:, -1, :])


class MixtureOfExperts(nn.Module):
    """A dense MoE layer: a softmax router weights every expert MLP."""

    def __init__(self, dim=32, hidden=64, experts=4):
        super().__init__()
        self.router = nn.Linear(dim, experts)
        self.experts = nn.ModuleList(
            nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))
            for _ in range(experts))

    def forward(self, x):
        weights = F.softmax(self.router(x), dim=-1)                 # [B, E]
        outs = torch.stack([e(x) for e in self.experts], dim=1)     # [B, E, D]
        return (weights.unsqueeze(-1) * outs).sum(dim=1)


class GCN(nn.Module):
    """Two graph-convolution layers: A_hat relu(A_hat X W1) W2."""

    def __init__(self, features=16, hidden=32, classes=4):
        super().__init__()
        self.w1 = nn.Linear(features, hidden, bias=False)
        self.w2 = nn.Linear(hidden, classes, bias=False)

    def forward(self, adj, x):
        h = F.relu(adj @ self.w1(x))
        return adj @ self.w2(h)


def normalized_adjacency(rng, n, density=0.15):
    """D^-1/2 (A + I) D^-1/2 of a random undirected graph."""
    a = (rng.random((n, n)) < density).astype(np.float32)
    a = np.maximum(a, a.T) + np.eye(n, dtype=np.float32)
    d = 1.0 / np.sqrt(a.sum(axis=1))
    return (a * d[:, None] * d[None, :]).astype(np.float32)


def build(name, rng):
    """Returns (model, input names, input arrays, opset)."""
    f32 = np.float32
    if name == "mlp":
        return MLP(), ["x"], [rng.standard_normal((8, 784)).astype(f32)], 13
    if name == "lenet5":
        return LeNet5(), ["x"], [rng.standard_normal((4, 1, 28, 28)).astype(f32)], 13
    if name == "resnet18":
        import torchvision
        return (torchvision.models.resnet18(weights=None), ["x"],
                [rng.standard_normal((1, 3, 224, 224)).astype(f32)], 13)
    if name == "transformer":
        layer = nn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=128,
                                           dropout=0.0, batch_first=True)
        return layer, ["x"], [rng.standard_normal((2, 10, 64)).astype(f32)], 17
    if name == "lstm":
        return LSTMClassifier(), ["x"], [rng.standard_normal((3, 12, 16)).astype(f32)], 13
    if name == "bilstm":
        return (LSTMClassifier(hidden=64, bidirectional=True), ["x"],
                [rng.standard_normal((3, 12, 16)).astype(f32)], 13)
    if name == "moe":
        return MixtureOfExperts(), ["x"], [rng.standard_normal((6, 32)).astype(f32)], 13
    if name == "gcn":
        n = 20
        return (GCN(), ["adj", "x"],
                [normalized_adjacency(rng, n), rng.standard_normal((n, 16)).astype(f32)], 13)
    raise SystemExit(f"unknown model '{name}'")


MODELS = ["mlp", "lenet5", "resnet18", "transformer", "lstm", "bilstm", "moe",
          "gcn"]


def export(name, out_dir):
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model, input_names, inputs, opset = build(name, rng)
    model.eval()
    tensors = tuple(torch.from_numpy(a) for a in inputs)
    with torch.no_grad():
        outputs = model(*tensors)
    # Exported with autograd on: in eval mode under no_grad PyTorch swaps
    # TransformerEncoderLayer for a fused kernel that has no ONNX form.
    torch.onnx.export(model, tensors, os.path.join(out_dir, name + ".onnx"),
                      input_names=input_names, output_names=["y"],
                      opset_version=opset)
    np.savez(os.path.join(out_dir, name + ".npz"),
             **{n: a for n, a in zip(input_names, inputs)},
             y=outputs.numpy())


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for name in sys.argv[2:] or MODELS:
        export(name, out_dir)


if __name__ == "__main__":
    main()
