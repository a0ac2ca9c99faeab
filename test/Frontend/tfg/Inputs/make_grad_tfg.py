#!/usr/bin/env python3
"""Writes the .tfg graphs of gradients.test (Gradients nodes).

    make_grad_tfg.py --pydir BUILD/python NAME OUT.tfg

Built with make_tfg.py's writer, over the flatc-generated schema code.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tfg import I, IL, Graph, Shape, T  # noqa: E402

GRAPHS = {}


def graph(fn):
    GRAPHS[fn.__name__] = fn
    return fn


def initial_w():
    return ((np.arange(12).reshape(4, 3) % 5 - 2) * 0.25).astype(np.float32)


def logistic(g):
    """The issue's model: softmax(x W), mean cross-entropy against y_."""
    g.placeholder("x", "f32", [-1, 4])
    g.placeholder("y_", "f32", [-1, 3])
    g.node("W", "VariableV2", dtype=T("f32"), shape=Shape([4, 3]),
           initial_value=initial_w())
    g.node("logits", "MatMul", ["x", "W"])
    g.node("y", "Softmax", ["logits"])
    g.node("logy", "Log", ["y"])
    g.node("prod", "Mul", ["y_", "logy"])
    g.node("rowsum", "Sum", ["prod"], axis=IL([1]))
    g.node("neg", "Neg", ["rowsum"])
    g.node("loss", "Mean", ["neg"], axis=IL([0]))


@graph
def gradients():
    """dloss/dW (W a variable, so its read value) and dloss/dx, then a
    gradient of x*x with a seed; fetched through Identity nodes."""
    g = Graph()
    logistic(g)
    g.node("grad", "Gradients", ["loss", "W", "x"], num_ys=I(1), num_xs=I(2))
    g.node("dW", "Identity", ["grad:0"])
    g.node("dx", "Identity", ["grad:1"])
    g.placeholder("dsq", "f32", [-1, 4])
    g.node("sq", "Mul", ["x", "x"])
    g.node("seeded", "Gradients", ["sq", "x", "dsq"], num_ys=I(1),
           num_xs=I(1))
    g.node("dsq_x", "Identity", ["seeded"])
    g.feeds = ["x", "y_", "dsq"]
    g.fetches = ["dW", "dx", "dsq_x"]
    return g


@graph
def train():
    """One step of gradient descent on W, as a target."""
    g = Graph()
    logistic(g)
    g.node("grad", "Gradients", ["loss", "W"], num_ys=I(1), num_xs=I(1))
    g.const("lr", np.float32(0.5))
    g.node("step", "Mul", ["lr", "grad"])
    g.node("update", "Sub", ["W", "step"])
    g.node("train", "Assign", ["W", "update"])
    g.feeds = ["x", "y_"]
    g.fetches = ["loss"]
    g.targets = ["train"]
    return g


@graph
def bad_count():
    g = Graph()
    g.placeholder("x", "f32", [3])
    g.node("y", "Exp", ["x"])
    g.node("grad", "Gradients", ["y", "x", "x", "x"], num_ys=I(1),
           num_xs=I(1))
    g.fetches = ["grad"]
    return g


@graph
def missing_num_xs():
    g = Graph()
    g.placeholder("x", "f32", [3])
    g.node("y", "Exp", ["x"])
    g.node("grad", "Gradients", ["y", "x"], num_ys=I(1))
    g.fetches = ["grad"]
    return g


@graph
def int_y():
    g = Graph()
    g.placeholder("x", "f32", [3])
    g.node("y", "Cast", ["x"], DstT=T("i32"))
    g.node("grad", "Gradients", ["y", "x"], num_ys=I(1), num_xs=I(1))
    g.fetches = ["grad"]
    return g


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pydir", required=True)
    parser.add_argument("name", choices=sorted(GRAPHS))
    parser.add_argument("out")
    args = parser.parse_args()
    sys.path.insert(0, args.pydir)
    with open(args.out, "wb") as f:
        f.write(GRAPHS[args.name]().to_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
