#!/usr/bin/env python3
"""Finite-difference checks of tfcc's gradient rules.

    gradcheck.py [--workdir DIR] [--only OP[,OP...]] [--tfcc PATH]
                 [--tfcc-opt PATH]

For every case below, a forward function f (one op, or a few) and the
gradient of sum(seed * f(x)) with respect to its float inputs x, taken with
tfcc.gradients and a random seed, are compiled with tfcc (all cases in one
forward and one gradient library, compiled in parallel) and run through the
runtime's C API. The analytic gradient is compared with central finite
differences of sum(seed * f(x)) computed by running the compiled forward
function, in f64:

    numeric[i] = (L(x + h e_i) - L(x - h e_i)) / 2h,   h = 1e-6
    err = max_i |analytic[i] - numeric[i]| / max(1, |numeric[i]|)

The cases perturb their inputs in lockstep (element i of every case in the
same run), so the whole check takes 2 * (largest input size) runs. One line
per case, e.g. `gradcheck tfcc.add: ok (max rel err 3e-10)`; the exit status
is 1 when a case fails, or when an op that has a gradient rule (as listed by
`tfcc-opt --tfcc-autodiff=list-rules=true`) has no case, so that no rule
goes unchecked.

At a kink (relu at 0, ties of maximum, max_pool, ...) the function has no
derivative and central differences average the two one-sided slopes, so
such points are checked by Kink cases instead: given inputs and a seed of
ones (or a given one), the analytic gradient is compared with a stated
expected gradient (the convention TensorFlow documents, or the analytic
derivative where there is one), err = max_i |analytic[i] - expected[i]| /
max(1, |expected[i]|), e.g. `gradcheck tfcc.relu (kink: relu'(0) = 0, as
TF): ok (max rel err 0e+00 from the expected gradient)`.

A case is one entry: Case(op, inputs, out, body[, label, tol, h]).
  op      the op whose rule it checks ("tfcc.add")
  inputs  one spec per float input %a0, %a1...: "TYPE[=SHAPE][@DIST]",
          e.g. "3x4xf64", "?x4xf64=5x4" (dynamic type, run at 5x4),
          "4xf64@pos". DIST (default normal) is one of DISTS below; pick one
          that keeps inputs away from kinks and outside the op's domain.
  out     the type of %r, the value differentiated ("3x4xf64")
  body    MLIR lines computing %r from the inputs; integer operands
          (indices) are tfcc.constant ops in the body
A kink case: Kink(op, inputs, out, body, values, expected, convention[,
seed, tol]) with the input values (one nested list per input, in the
input's shape), the expected gradient of each input (likewise) and the
convention it follows, printed in the case's title.
Files named cases_*.py next to this one may define more: CASES = [...].
"""

import argparse
import ctypes
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

H = 1e-6
TOL = 1e-6


class Case:
    values = seed = expected = None  # set by Kink

    def __init__(self, op, inputs, out, body, label="", tol=TOL, h=H):
        self.op, self.inputs, self.out, self.body = op, inputs, out, body
        self.label, self.tol, self.h = label, tol, h

    @property
    def title(self):
        return self.op + (" (%s)" % self.label if self.label else "")


class Kink(Case):
    """A case at a kink: the gradient of sum(seed * f(values)) (seed: ones
    unless given) must equal `expected`, the gradient the stated
    `convention` gives there; no finite differences."""

    def __init__(self, op, inputs, out, body, values, expected, convention,
                 seed=None, tol=1e-12):
        super().__init__(op, inputs, out, body, "kink: " + convention, tol)
        self.values, self.expected, self.seed = values, expected, seed


def _distinct(rng, shape):
    """Values at least 0.1 apart (no ties for max, min, top_k)."""
    n = int(np.prod(shape))
    return rng.permutation(np.arange(n) * 0.1 - 0.05 * n).reshape(shape) + \
        rng.uniform(-0.01, 0.01, shape)


def _with_zeros(rng, shape):
    x = rng.uniform(0.5, 1.5, shape) * rng.choice([-1.0, 1.0], shape)
    flat = x.reshape(-1)
    flat[rng.choice(flat.size, max(1, flat.size // 4), replace=False)] = 0.0
    return x


DISTS = {
    "normal": lambda rng, s: rng.normal(0.0, 1.0, s),
    "pos": lambda rng, s: rng.uniform(0.5, 2.0, s),       # log, sqrt, pow base
    "unit": lambda rng, s: rng.uniform(-0.8, 0.8, s),     # asin, atanh
    "gt1": lambda rng, s: rng.uniform(1.2, 3.0, s),       # acosh
    # |x| in [0.3, 1.5], either sign: abs, relu, sign, reciprocal
    "away": lambda rng, s: rng.uniform(0.3, 1.5, s) * rng.choice([-1.0, 1.0], s),
    "distinct": _distinct,
    "zeros": _with_zeros,                                  # reduce_prod
}


def unary(op, dist="normal", shape="3x4", attrs="", label=""):
    t = shape + "xf64"
    return Case(op, [t + "@" + dist], t,
                "%%r = %s %%a0%s : tensor<%s>" % (op, attrs, t), label)


def binary(op, lhs, rhs, out, dists=("normal", "normal"), label=""):
    return Case(op, [lhs + "@" + dists[0], rhs + "@" + dists[1]], out,
                "%%r = %s %%a0, %%a1 : tensor<%s>, tensor<%s>"
                % (op, lhs.split("=")[0], rhs.split("=")[0]), label)


def reduce(op, t, axes, out, keep=False, dist="normal", label=""):
    return Case(op, [t + "@" + dist], out,
                "%%r = %s %%a0 axes = %s%s : tensor<%s>"
                % (op, axes, " keep_dims" if keep else "", t.split("=")[0]),
                label)


CASES = [
    # Broadcasting binary ops (the gradient is summed back to each shape).
    binary("tfcc.add", "4x3xf64", "3xf64", "4x3xf64"),
    binary("tfcc.add", "?x3xf64=5x3", "1x3xf64", "?x3xf64", label="dynamic"),
    binary("tfcc.sub", "4x1xf64", "1x3xf64", "4x3xf64"),
    binary("tfcc.mul", "?x3xf64=4x3", "3xf64", "?x3xf64"),
    binary("tfcc.div", "3x4xf64", "4xf64", "3x4xf64", ("normal", "away")),
    binary("tfcc.pow", "3x4xf64", "4xf64", "3x4xf64", ("pos", "normal")),
    binary("tfcc.maximum", "3x4xf64", "4xf64", "3x4xf64"),
    binary("tfcc.minimum", "3x4xf64", "3x1xf64", "3x4xf64"),
    binary("tfcc.floor_mod", "3x4xf64", "4xf64", "3x4xf64",
           ("normal", "away")),
    binary("tfcc.mod", "3x4xf64", "4xf64", "3x4xf64", ("normal", "away")),
    Case("tfcc.select", ["3x4xf64", "4xf64"], "3x4xf64", """
        %z = tfcc.constant dense<0.0> : tensor<f64>
        %c = tfcc.greater %a0, %z : tensor<3x4xf64>, tensor<f64>
        %r = tfcc.select %c, %a0, %a1 : tensor<3x4xi1>, tensor<3x4xf64>, tensor<4xf64>"""),
    # Unary ops, inputs in their domain and away from kinks.
    unary("tfcc.neg"),
    unary("tfcc.abs", "away"),
    unary("tfcc.relu", "away"),
    unary("tfcc.exp"),
    unary("tfcc.log", "pos"),
    unary("tfcc.sqrt", "pos"),
    unary("tfcc.rsqrt", "pos"),
    unary("tfcc.tanh"),
    unary("tfcc.sigmoid"),
    unary("tfcc.erf"),
    unary("tfcc.gelu"),
    unary("tfcc.gelu", attrs=" {tanh_approximation}", label="tanh"),
    unary("tfcc.softplus"),
    unary("tfcc.sin"),
    unary("tfcc.cos"),
    unary("tfcc.tan", "unit"),
    unary("tfcc.asin", "unit"),
    unary("tfcc.acos", "unit"),
    unary("tfcc.atan"),
    unary("tfcc.sinh"),
    unary("tfcc.cosh"),
    unary("tfcc.asinh"),
    unary("tfcc.acosh", "gt1"),
    unary("tfcc.atanh", "unit"),
    unary("tfcc.reciprocal", "away"),
    # Piecewise constant: zero gradient away from the steps.
    unary("tfcc.sign", "away"),
    unary("tfcc.floor"),
    unary("tfcc.ceil"),
    unary("tfcc.round"),
    # Through f32 and back: the f32 rounding needs a larger step.
    Case("tfcc.cast", ["3x4xf64"], "3x4xf64", """
        %t = tfcc.cast %a0 to f32 : tensor<3x4xf64>
        %r = tfcc.cast %t to f64 : tensor<3x4xf32>""", tol=1e-4, h=1e-2),
    # Contractions, with every transpose flag and broadcast batches.
    binary("tfcc.matmul", "3x4xf64", "4x5xf64", "3x5xf64"),
    Case("tfcc.matmul", ["4x3xf64", "5x4xf64"], "3x5xf64",
         "%r = tfcc.matmul %a0, %a1 {transpose_a = true, transpose_b = true}"
         " : tensor<4x3xf64>, tensor<5x4xf64>", "transpose_a, transpose_b"),
    Case("tfcc.matmul", ["4x3xf64", "4x5xf64"], "3x5xf64",
         "%r = tfcc.matmul %a0, %a1 {transpose_a = true}"
         " : tensor<4x3xf64>, tensor<4x5xf64>", "transpose_a"),
    Case("tfcc.matmul", ["?x4xf64=3x4", "5x4xf64"], "?x5xf64",
         "%r = tfcc.matmul %a0, %a1 {transpose_b = true}"
         " : tensor<?x4xf64>, tensor<5x4xf64>", "transpose_b, dynamic"),
    binary("tfcc.matmul", "2x3x4xf64", "4x2xf64", "2x3x2xf64",
           label="batch broadcast"),
    binary("tfcc.matmul", "1x3x4xf64", "2x4x2xf64", "2x3x2xf64",
           label="batch of 1"),
    # Reductions; dynamic sizes divide by a run-time count.
    reduce("tfcc.reduce_sum", "3x4xf64", "[1]", "3xf64"),
    reduce("tfcc.reduce_sum", "?x4xf64=3x4", "[0]", "1x4xf64", keep=True,
           label="dynamic"),
    reduce("tfcc.reduce_mean", "?x4xf64=3x4", "[0]", "4xf64",
           label="dynamic"),
    reduce("tfcc.reduce_mean", "2x3x4xf64", "[0, -1]", "1x3x1xf64",
           keep=True),
    reduce("tfcc.reduce_mean", "?x?x4xf64=2x3x4", "[0, 1]", "4xf64",
           label="two dynamic"),
    reduce("tfcc.reduce_max", "3x4xf64", "[1]", "3xf64", dist="distinct"),
    reduce("tfcc.reduce_min", "?x4xf64=3x4", "[0]", "1x4xf64", keep=True,
           dist="distinct", label="dynamic"),
    reduce("tfcc.reduce_prod", "3x4xf64", "[1]", "3xf64"),
    reduce("tfcc.reduce_prod", "4x3xf64", "[0]", "3xf64", dist="zeros",
           label="zeros"),
    Case("tfcc.softmax", ["?x5xf64=3x5"], "?x5xf64",
         "%r = tfcc.softmax %a0 axis = -1 : tensor<?x5xf64>"),
    Case("tfcc.softmax", ["3x5xf64"], "3x5xf64",
         "%r = tfcc.softmax %a0 axis = 0 : tensor<3x5xf64>", "axis 0"),
    Case("tfcc.log_softmax", ["3x5xf64"], "3x5xf64",
         "%r = tfcc.log_softmax %a0 axis = 1 : tensor<3x5xf64>"),
    Case("tfcc.cumsum", ["3x4xf64"], "3x4xf64",
         "%r = tfcc.cumsum %a0 {axis = 1 : i64} : tensor<3x4xf64>"),
    Case("tfcc.cumsum", ["3x4xf64"], "3x4xf64",
         "%r = tfcc.cumsum %a0 {axis = 0 : i64, exclusive, reverse}"
         " : tensor<3x4xf64>", "exclusive, reverse"),
    # Shape ops.
    Case("tfcc.reshape", ["3x4xf64"], "2x6xf64",
         "%r = tfcc.reshape %a0 [2, 6] : tensor<3x4xf64>"),
    Case("tfcc.reshape", ["?x4xf64=3x4"], "?x2xf64",
         "%r = tfcc.reshape %a0 [-1, 2] : tensor<?x4xf64>", "dynamic"),
    # A cond's gradient is a cond over its branches' gradients, to the
    # values from above they use (a0 in both, a1 in one).
    Case("tfcc.cond", ["3xf64", "3xf64"], "3xf64", """
        %p = tfcc.constant dense<true> : tensor<i1>
        %r = tfcc.cond %p -> (tensor<3xf64>) {
          %t = tfcc.tanh %a0 : tensor<3xf64>
          %m = tfcc.mul %t, %a1 : tensor<3xf64>, tensor<3xf64>
          tfcc.yield %m : tensor<3xf64>
        } else {
          %e = tfcc.exp %a0 : tensor<3xf64>
          tfcc.yield %e : tensor<3xf64>
        }""", "then"),
    Case("tfcc.cond", ["3xf64", "3xf64"], "3xf64", """
        %p = tfcc.constant dense<false> : tensor<i1>
        %r = tfcc.cond %p -> (tensor<3xf64>) {
          %t = tfcc.tanh %a0 : tensor<3xf64>
          %m = tfcc.mul %t, %a1 : tensor<3xf64>, tensor<3xf64>
          tfcc.yield %m : tensor<3xf64>
        } else {
          %q = tfcc.constant dense<true> : tensor<i1>
          %n = tfcc.cond %q -> (tensor<3xf64>) {
            %e = tfcc.exp %a0 : tensor<3xf64>
            tfcc.yield %e : tensor<3xf64>
          } else {
            tfcc.yield %a0 : tensor<3xf64>
          }
          %s = tfcc.mul %n, %a0 : tensor<3xf64>, tensor<3xf64>
          tfcc.yield %s : tensor<3xf64>
        }""", "else, a cond inside"),
    # A while loop's gradient runs its iterations backward over the stacked
    # loop variables, accumulating the gradients of the values from above.
    Case("tfcc.while", ["3xf64", "3xf64"], "3xf64", """
        %zero = tfcc.constant dense<0> : tensor<i32>
        %one = tfcc.constant dense<1> : tensor<i32>
        %four = tfcc.constant dense<4> : tensor<i32>
        %w:2 = tfcc.while (%zero, %a0) : (tensor<i32>, tensor<3xf64>)
            -> (tensor<i32>, tensor<3xf64>) cond {
        ^bb0(%i: tensor<i32>, %v: tensor<3xf64>):
          %p = tfcc.less %i, %four : tensor<i32>, tensor<i32>
          tfcc.yield %p : tensor<i1>
        } do {
        ^bb0(%i: tensor<i32>, %v: tensor<3xf64>):
          %m = tfcc.mul %v, %a1 : tensor<3xf64>, tensor<3xf64>
          %t = tfcc.tanh %m : tensor<3xf64>
          %n = tfcc.add %t, %a0 : tensor<3xf64>, tensor<3xf64>
          %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
          tfcc.yield %i1, %n : tensor<i32>, tensor<3xf64>
        }
        %r = tfcc.mul %w#1, %w#1 : tensor<3xf64>, tensor<3xf64>""",
         "captures"),
    Case("tfcc.while", ["2xf64", "2xf64"], "2xf64", """
        %zero = tfcc.constant dense<0> : tensor<i32>
        %one = tfcc.constant dense<1> : tensor<i32>
        %two = tfcc.constant dense<2> : tensor<i32>
        %three = tfcc.constant dense<3> : tensor<i32>
        %w:3 = tfcc.while (%zero, %a0, %a1) : (tensor<i32>, tensor<2xf64>, tensor<2xf64>)
            -> (tensor<i32>, tensor<2xf64>, tensor<2xf64>) cond {
        ^bb0(%i: tensor<i32>, %u: tensor<2xf64>, %v: tensor<2xf64>):
          %p = tfcc.less %i, %three : tensor<i32>, tensor<i32>
          tfcc.yield %p : tensor<i1>
        } do {
        ^bb0(%i: tensor<i32>, %u: tensor<2xf64>, %v: tensor<2xf64>):
          %odd = tfcc.floor_mod %i, %two : tensor<i32>, tensor<i32>
          %z = tfcc.equal %odd, %zero : tensor<i32>, tensor<i32>
          %c = tfcc.cond %z -> (tensor<2xf64>) {
            %s = tfcc.sin %u : tensor<2xf64>
            %q = tfcc.mul %s, %v : tensor<2xf64>, tensor<2xf64>
            tfcc.yield %q : tensor<2xf64>
          } else {
            tfcc.yield %u : tensor<2xf64>
          }
          %e = tfcc.exp %v : tensor<2xf64>
          %h = tfcc.constant dense<0.5> : tensor<f64>
          %e2 = tfcc.mul %e, %h : tensor<2xf64>, tensor<f64>
          %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
          tfcc.yield %i1, %c, %e2 : tensor<i32>, tensor<2xf64>, tensor<2xf64>
        }
        %r = tfcc.add %w#1, %w#2 : tensor<2xf64>, tensor<2xf64>""",
         "two variables, a cond inside"),
    Case("tfcc.while", ["2xf64", "2xf64"], "2xf64", """
        %zero = tfcc.constant dense<0> : tensor<i32>
        %one = tfcc.constant dense<1> : tensor<i32>
        %two = tfcc.constant dense<2> : tensor<i32>
        %three = tfcc.constant dense<3> : tensor<i32>
        %w:2 = tfcc.while (%zero, %a0) : (tensor<i32>, tensor<2xf64>)
            -> (tensor<i32>, tensor<2xf64>) cond {
        ^bb0(%i: tensor<i32>, %u: tensor<2xf64>):
          %p = tfcc.less %i, %three : tensor<i32>, tensor<i32>
          tfcc.yield %p : tensor<i1>
        } do {
        ^bb0(%i: tensor<i32>, %u: tensor<2xf64>):
          %in:2 = tfcc.while (%zero, %u) : (tensor<i32>, tensor<2xf64>)
              -> (tensor<i32>, tensor<2xf64>) cond {
          ^bb0(%j: tensor<i32>, %x: tensor<2xf64>):
            %q = tfcc.less %j, %two : tensor<i32>, tensor<i32>
            tfcc.yield %q : tensor<i1>
          } do {
          ^bb0(%j: tensor<i32>, %x: tensor<2xf64>):
            %m = tfcc.mul %x, %a1 : tensor<2xf64>, tensor<2xf64>
            %s = tfcc.sin %m : tensor<2xf64>
            %y = tfcc.add %s, %u : tensor<2xf64>, tensor<2xf64>
            %j1 = tfcc.add %j, %one : tensor<i32>, tensor<i32>
            tfcc.yield %j1, %y : tensor<i32>, tensor<2xf64>
          }
          %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
          tfcc.yield %i1, %in#1 : tensor<i32>, tensor<2xf64>
        }
        %r = tfcc.mul %w#1, %a1 : tensor<2xf64>, tensor<2xf64>""",
         "nested loops"),
    Case("tfcc.while", ["3xf64", "3xf64"], "3xf64", """
        %zero = tfcc.constant dense<0> : tensor<i32>
        %one = tfcc.constant dense<1> : tensor<i32>
        %four = tfcc.constant dense<4> : tensor<i32>
        %w:3 = tfcc.while (%zero, %a0, %a1)
            : (tensor<i32>, tensor<3xf64>, tensor<3xf64>)
            -> (tensor<i32>, tensor<3xf64>, tensor<3xf64>) cond {
        ^bb0(%i: tensor<i32>, %v: tensor<3xf64>, %c: tensor<3xf64>):
          %p = tfcc.less %i, %four : tensor<i32>, tensor<i32>
          tfcc.yield %p : tensor<i1>
        } do {
        ^bb0(%i: tensor<i32>, %v: tensor<3xf64>, %c: tensor<3xf64>):
          %m = tfcc.mul %v, %c : tensor<3xf64>, tensor<3xf64>
          %t = tfcc.sin %m : tensor<3xf64>
          %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
          tfcc.yield %i1, %t, %c : tensor<i32>, tensor<3xf64>, tensor<3xf64>
        }
        %r = tfcc.mul %w#1, %w#2 : tensor<3xf64>, tensor<3xf64>""",
         "a variable passed on unchanged"),
    Case("tfcc.while", ["4x3xf64", "3xf64"], "4x3xf64", """
        %zero = tfcc.constant dense<0> : tensor<i32>
        %one = tfcc.constant dense<1> : tensor<i32>
        %four = tfcc.constant dense<4> : tensor<i32>
        %acc0 = tfcc.constant dense<0.0> : tensor<4x3xf64>
        %w:3 = tfcc.while (%zero, %a1, %acc0)
            : (tensor<i32>, tensor<3xf64>, tensor<4x3xf64>)
            -> (tensor<i32>, tensor<3xf64>, tensor<4x3xf64>) cond {
        ^bb0(%i: tensor<i32>, %h: tensor<3xf64>, %acc: tensor<4x3xf64>):
          %p = tfcc.less %i, %four : tensor<i32>, tensor<i32>
          tfcc.yield %p : tensor<i1>
        } do {
        ^bb0(%i: tensor<i32>, %h: tensor<3xf64>, %acc: tensor<4x3xf64>):
          %x = tfcc.gather %a0, %i {nonnegative_indices} : tensor<4x3xf64>, tensor<i32>
          %m = tfcc.mul %h, %x : tensor<3xf64>, tensor<3xf64>
          %t = tfcc.tanh %m : tensor<3xf64>
          %acc1 = tfcc.set_item %acc[%i], %t : tensor<4x3xf64>, tensor<i32>, tensor<3xf64>
          %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
          tfcc.yield %i1, %t, %acc1 : tensor<i32>, tensor<3xf64>, tensor<4x3xf64>
        }
        %r = tfcc.mul %w#2, %w#2 : tensor<4x3xf64>, tensor<4x3xf64>""",
         "outputs written a row an iteration"),
    Case("tfcc.while", ["3x2xf64", "2xf64"], "2xf64", """
        %zero = tfcc.constant dense<0> : tensor<i32>
        %one = tfcc.constant dense<1> : tensor<i32>
        %three = tfcc.constant dense<3> : tensor<i32>
        %w:3 = tfcc.while (%zero, %a1, %a0)
            : (tensor<i32>, tensor<2xf64>, tensor<3x2xf64>)
            -> (tensor<i32>, tensor<2xf64>, tensor<3x2xf64>) cond {
        ^bb0(%i: tensor<i32>, %h: tensor<2xf64>, %acc: tensor<3x2xf64>):
          %p = tfcc.less %i, %three : tensor<i32>, tensor<i32>
          tfcc.yield %p : tensor<i1>
        } do {
        ^bb0(%i: tensor<i32>, %h: tensor<2xf64>, %acc: tensor<3x2xf64>):
          %t = tfcc.sin %h : tensor<2xf64>
          %acc1 = tfcc.set_item %acc[%i], %t : tensor<3x2xf64>, tensor<i32>, tensor<2xf64>
          %sq = tfcc.mul %acc1, %acc1 : tensor<3x2xf64>, tensor<3x2xf64>
          %s = tfcc.reduce_sum %sq axes = [0] : tensor<3x2xf64>
          %h1 = tfcc.add %t, %s : tensor<2xf64>, tensor<2xf64>
          %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
          tfcc.yield %i1, %h1, %acc1 : tensor<i32>, tensor<2xf64>, tensor<3x2xf64>
        }
        %r = tfcc.mul %w#1, %w#1 : tensor<2xf64>, tensor<2xf64>""",
         "an accumulator the body reads"),
    Case("tfcc.while", ["?x2xf64=3x2", "2xf64"], "?x2xf64", """
        %zero = tfcc.constant dense<0> : tensor<i32>
        %one = tfcc.constant dense<1> : tensor<i32>
        %five = tfcc.constant dense<5> : tensor<i32>
        %w:2 = tfcc.while (%zero, %a0) : (tensor<i32>, tensor<?x2xf64>)
            -> (tensor<i32>, tensor<?x2xf64>) cond {
        ^bb0(%i: tensor<i32>, %v: tensor<?x2xf64>):
          %p = tfcc.less %i, %five : tensor<i32>, tensor<i32>
          tfcc.yield %p : tensor<i1>
        } do {
        ^bb0(%i: tensor<i32>, %v: tensor<?x2xf64>):
          %m = tfcc.mul %v, %a1 : tensor<?x2xf64>, tensor<2xf64>
          %t = tfcc.tanh %m : tensor<?x2xf64>
          %i1 = tfcc.add %i, %one : tensor<i32>, tensor<i32>
          tfcc.yield %i1, %t : tensor<i32>, tensor<?x2xf64>
        }
        %r = tfcc.mul %w#1, %w#1 : tensor<?x2xf64>, tensor<?x2xf64>""",
         "a variable of dynamic shape"),
    Case("tfcc.dynamic_reshape", ["?x?xf64=3x4"], "?x?xf64", """
        %s = tfcc.constant dense<[2, 6]> : tensor<2xi64>
        %r = tfcc.dynamic_reshape %a0, %s
            : tensor<?x?xf64>, tensor<2xi64> -> tensor<?x?xf64>"""),
    Case("tfcc.expand_dims", ["?x?xf64=3x4"], "?x1x?x1xf64",
         "%r = tfcc.expand_dims %a0 axes = [1, 3] : tensor<?x?xf64>",
         "dynamic"),
    Case("tfcc.squeeze", ["?x1x?xf64=3x1x4"], "?x?xf64",
         "%r = tfcc.squeeze %a0 axes = [1] : tensor<?x1x?xf64>", "dynamic"),
    Case("tfcc.squeeze", ["?x3x?xf64=1x3x1"], "3xf64",
         "%r = tfcc.squeeze %a0 axes = [0, 2] : tensor<?x3x?xf64>",
         "dynamic dims squeezed"),
    Case("tfcc.transpose", ["2x3x4xf64"], "4x2x3xf64",
         "%r = tfcc.transpose %a0 perm = [2, 0, 1] : tensor<2x3x4xf64>"),
    Case("tfcc.broadcast_to", ["4x1xf64"], "2x4x3xf64",
         "%r = tfcc.broadcast_to %a0 [2, 4, 3] : tensor<4x1xf64>"),
    Case("tfcc.concat", ["2x3xf64", "?x3xf64=1x3", "3x3xf64"], "?x3xf64",
         "%r = tfcc.concat %a0, %a1, %a2 axis = 0"
         " : tensor<2x3xf64>, tensor<?x3xf64>, tensor<3x3xf64>"),
    Case("tfcc.concat", ["3x2xf64", "3x1xf64"], "3x3xf64",
         "%r = tfcc.concat %a0, %a1 axis = -1 : tensor<3x2xf64>, tensor<3x1xf64>",
         "axis -1"),
    Case("tfcc.slice", ["4x5xf64"], "2x5xf64",
         "%r = tfcc.slice %a0 begin = [1, 0] size = [2, -1] : tensor<4x5xf64>"),
    Case("tfcc.slice", ["?x5xf64=4x5"], "?x3xf64",
         "%r = tfcc.slice %a0 begin = [1, 2] size = [-1, 3] : tensor<?x5xf64>",
         "dynamic"),
    # Index ops: repeated and negative indices (out-of-range ones are errors).
    Case("tfcc.gather", ["5x3xf64"], "2x3x3xf64", """
        %i = tfcc.constant dense<[[0, 2, 0], [4, -1, -5]]> : tensor<2x3xi64>
        %r = tfcc.gather %a0, %i : tensor<5x3xf64>, tensor<2x3xi64>"""),
    Case("tfcc.gather", ["2x5x3xf64"], "2x4x3xf64", """
        %i = tfcc.constant dense<[1, 1, 3, -2]> : tensor<4xi32>
        %r = tfcc.gather %a0, %i {axis = 1 : i64} : tensor<2x5x3xf64>, tensor<4xi32>""",
         "axis 1"),
    Case("tfcc.gather", ["?x3xf64=4x3"], "3xf64", """
        %i = tfcc.constant dense<2> : tensor<i32>
        %r = tfcc.gather %a0, %i {nonnegative_indices} : tensor<?x3xf64>, tensor<i32>""",
         "one row of a dynamic dim"),
    Case("tfcc.set_item", ["?x3xf64=4x3", "3xf64"], "?x3xf64", """
        %i = tfcc.constant dense<1> : tensor<i64>
        %r = tfcc.set_item %a0[%i], %a1 : tensor<?x3xf64>, tensor<i64>, tensor<3xf64>"""),
    Case("tfcc.unsorted_segment_sum", ["4x2xf64"], "3x2xf64", """
        %s = tfcc.constant dense<[0, 2, 0, -1]> : tensor<4xi64>
        %r = tfcc.unsorted_segment_sum %a0, %s {num_segments = 3 : i64} : tensor<4x2xf64>, tensor<4xi64>"""),
    Case("tfcc.one_hot", ["f64", "f64"], "3x4xf64", """
        %i = tfcc.constant dense<[1, 3, 7]> : tensor<3xi64>
        %r = tfcc.one_hot %i, %a0, %a1 {depth = 4 : i64} : tensor<3xi64>, tensor<f64>, tensor<f64>"""),
    Case("tfcc.top_k", ["3x6xf64@distinct"], "3x2xf64",
         "%r, %idx = tfcc.top_k %a0 {k = 2 : i64} : tensor<3x6xf64>"),
    Case("tfcc.top_k", ["5x2xf64@distinct"], "3x2xf64",
         "%r, %idx = tfcc.top_k %a0 {k = 3 : i64, axis = 0 : i64, largest = false}"
         " : tensor<5x2xf64>", "axis 0, smallest"),
    # Several paths to one value, an integer path, and the model.
    Case("tfcc.mul", ["3xf64"], "3xf64", """
        %t = tfcc.mul %a0, %a0 : tensor<3xf64>, tensor<3xf64>
        %u = tfcc.exp %t : tensor<3xf64>
        %r = tfcc.add %u, %a0 : tensor<3xf64>, tensor<3xf64>""", "paths"),
    Case("tfcc.cast", ["3xf64@pos"], "3xf64", """
        %i = tfcc.cast %a0 to i32 : tensor<3xf64>
        %f = tfcc.cast %i to f64 : tensor<3xi32>
        %r = tfcc.mul %f, %a0 : tensor<3xf64>, tensor<3xf64>""",
         "integer path"),
    Case("tfcc.softmax", ["?x6xf64=4x6", "6x3xf64", "?x3xf64=4x3@pos"], "f64", """
        %l = tfcc.matmul %a0, %a1 : tensor<?x6xf64>, tensor<6x3xf64>
        %y = tfcc.softmax %l axis = -1 : tensor<?x3xf64>
        %g = tfcc.log %y : tensor<?x3xf64>
        %p = tfcc.mul %a2, %g : tensor<?x3xf64>, tensor<?x3xf64>
        %s = tfcc.reduce_sum %p axes = [1] : tensor<?x3xf64>
        %n = tfcc.neg %s : tensor<?xf64>
        %r = tfcc.reduce_mean %n axes = [0] : tensor<?xf64>""",
         "cross-entropy of softmax(x W), dynamic batch"),
]


def _parse_input(spec):
    """'?x4xf64=3x4@pos' -> ('tensor<?x4xf64>', (3, 4), 'pos')."""
    dist = "normal"
    if "@" in spec:
        spec, dist = spec.split("@")
    shape = None
    if "=" in spec:
        spec, shape_text = spec.split("=")
        shape = tuple(int(d) for d in shape_text.split("x"))
    dims = spec.split("x")[:-1]
    if shape is None:
        shape = tuple(int(d) for d in dims)
    if dist not in DISTS:
        raise SystemExit("gradcheck: unknown distribution '%s'" % dist)
    return "tensor<%s>" % spec, shape, dist


def _rename(body, prefix):
    return re.sub(r"%([A-Za-z_0-9]+)", lambda m: "%" + prefix + m.group(1),
                  body)


def build_modules(cases):
    """The forward and gradient modules, each one entry over all cases."""
    fwd_args, fwd_res, grad_args, grad_res = [], [], [], []
    fwd_body, grad_body, fwd_ret, grad_ret = [], [], [], []
    for k, case in enumerate(cases):
        p = "c%d_" % k
        types = [_parse_input(s)[0] for s in case.inputs]
        out = "tensor<%s>" % case.out
        args = ["%%%sa%d: %s {tfcc.name = \"%sa%d\"}" % (p, i, t, p, i)
                for i, t in enumerate(types)]
        fwd_args += args
        grad_args += args + ["%%%sseed: %s {tfcc.name = \"%sseed\"}"
                             % (p, out, p)]
        body = _rename(case.body.strip("\n"), p)
        fwd_body.append(body)
        grad_body.append(body)
        fwd_ret.append(("%" + p + "r", out))
        fwd_res.append("%s {tfcc.name = \"%sf\"}" % (out, p))
        xs = ", ".join("%%%sa%d" % (p, i) for i in range(len(types)))
        n = len(types)
        grad_body.append(
            "%%%s_grad%s = tfcc.gradients (%%%sr : %s) wrt (%s : %s) "
            "seeds (%%%sseed : %s)" % (p, ":%d" % n if n > 1 else "", p, out,
                                      xs, ", ".join(types), p, out))
        for i, t in enumerate(types):
            grad_ret.append(("%%%s_grad%s" % (p, "#%d" % i if n > 1 else ""), t))
            grad_res.append("%s {tfcc.name = \"%sg%d\"}" % (t, p, i))

    def module(name, args, res, body, ret):
        return ("func.func @%s(%s)\n    -> (%s) {\n%s\n  return %s : %s\n}\n"
                % (name, ",\n    ".join(args), ",\n        ".join(res),
                   "\n".join("  " + line.strip()
                             for b in body for line in b.splitlines()
                             if line.strip()),
                   ", ".join(v for v, _ in ret), ", ".join(t for _, t in ret)))

    return (module("forward", fwd_args, fwd_res, fwd_body, fwd_ret),
            module("gradient", grad_args, grad_res, grad_body, grad_ret))


class Model:
    """A library built by `tfcc -o lib.so`, driven through the C API."""

    def __init__(self, path):
        lib = ctypes.CDLL(path)
        vp, i64 = ctypes.c_void_p, ctypes.c_int64
        i64p = ctypes.POINTER(i64)
        for name, args in [
                ("tfcc_model_create_default", [ctypes.POINTER(vp)]),
                ("tfcc_model_bind_input", [vp, i64, vp, i64, i64p]),
                ("tfcc_model_run", [vp]),
                ("tfcc_model_num_outputs", [vp, i64p]),
                ("tfcc_model_output", [vp, i64, ctypes.POINTER(vp)]),
                ("tfcc_tensor_rank", [vp, i64p]),
                ("tfcc_tensor_dims", [vp, ctypes.POINTER(i64p)]),
                ("tfcc_tensor_strides", [vp, ctypes.POINTER(i64p)]),
                ("tfcc_tensor_data", [vp, ctypes.POINTER(vp)])]:
            getattr(lib, name).argtypes = args
            getattr(lib, name).restype = vp
        lib.tfcc_status_message.argtypes = [vp]
        lib.tfcc_status_message.restype = ctypes.c_char_p
        self.lib = lib
        self.handle = vp()
        self._check(lib.tfcc_model_create_default(ctypes.byref(self.handle)))
        n = i64()
        self._check(lib.tfcc_model_num_outputs(self.handle, ctypes.byref(n)))
        self.num_outputs = n.value

    def _check(self, status):
        if status:
            raise RuntimeError(self.lib.tfcc_status_message(status).decode())

    def __call__(self, inputs):
        lib, keep = self.lib, []
        for i, arr in enumerate(inputs):
            arr = np.array(arr, dtype=np.float64, order="C")  # keeps rank 0
            keep.append(arr)
            dims = (ctypes.c_int64 * max(1, arr.ndim))(*arr.shape)
            self._check(lib.tfcc_model_bind_input(
                self.handle, i, arr.ctypes.data_as(ctypes.c_void_p),
                arr.ndim, dims))
        self._check(lib.tfcc_model_run(self.handle))
        outputs = []
        for i in range(self.num_outputs):
            t = ctypes.c_void_p()
            self._check(lib.tfcc_model_output(self.handle, i, ctypes.byref(t)))
            rank, data = ctypes.c_int64(), ctypes.c_void_p()
            dims = ctypes.POINTER(ctypes.c_int64)()
            strides = ctypes.POINTER(ctypes.c_int64)()
            self._check(lib.tfcc_tensor_rank(t, ctypes.byref(rank)))
            self._check(lib.tfcc_tensor_dims(t, ctypes.byref(dims)))
            self._check(lib.tfcc_tensor_strides(t, ctypes.byref(strides)))
            self._check(lib.tfcc_tensor_data(t, ctypes.byref(data)))
            shape = tuple(dims[d] for d in range(rank.value))
            st = [strides[d] for d in range(rank.value)]
            if 0 in shape or not data.value:
                outputs.append(np.zeros(shape))
                continue
            span = 1 + sum((d - 1) * s for d, s in zip(shape, st))
            buf = (ctypes.c_double * span).from_address(data.value)
            view = np.ndarray(shape, np.float64, buffer=buf,
                              strides=[s * 8 for s in st])
            outputs.append(np.array(view, copy=True))
        return outputs


def registered_rules(tfcc_opt):
    out = subprocess.run([tfcc_opt, "--tfcc-autodiff=list-rules=true", "-"],
                         input="", capture_output=True, text=True, check=True)
    return sorted(line for line in out.stdout.split() if
                  line.startswith("tfcc."))


def load_cases():
    cases = list(CASES)
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "cases_*.py"))):
        spec = importlib.util.spec_from_file_location(
            os.path.basename(path)[:-3], path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        cases += mod.CASES
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir")
    parser.add_argument("--only", help="comma-separated op names")
    parser.add_argument("--tfcc", default=shutil.which("tfcc") or "tfcc")
    parser.add_argument("--tfcc-opt",
                        default=shutil.which("tfcc-opt") or "tfcc-opt")
    args = parser.parse_args()

    cases = load_cases()
    failed = False
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c.op in wanted]
    else:
        covered = {c.op for c in cases}
        for op in registered_rules(args.tfcc_opt):
            if op not in covered:
                print("gradcheck %s: FAIL (has a gradient rule but no case "
                      "in test/gradcheck)" % op)
                failed = True

    workdir = args.workdir or tempfile.mkdtemp(prefix="gradcheck-")
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    fwd_text, grad_text = build_modules(cases)
    procs = []
    for name, text in (("forward", fwd_text), ("gradient", grad_text)):
        src = os.path.join(workdir, name + ".mlir")
        with open(src, "w") as f:
            f.write(text)
        procs.append(subprocess.Popen(
            [args.tfcc, src, "--entry", name, "-o",
             os.path.join(workdir, "lib%s.so" % name)],
            stderr=subprocess.PIPE, text=True))
    for p in procs:
        _, err = p.communicate()
        if p.returncode:
            sys.stderr.write(err)
            print("gradcheck: FAIL (tfcc could not compile the cases in %s)"
                  % workdir)
            return 1
    forward = Model(os.path.join(workdir, "libforward.so"))
    gradient = Model(os.path.join(workdir, "libgradient.so"))

    # Inputs and seeds, drawn per case so that adding one changes no other.
    xs, seeds = [], []
    for k, case in enumerate(cases):
        rng = np.random.default_rng(1000 + k)
        specs = [_parse_input(s) for s in case.inputs]
        if case.values is not None:
            xs.append([np.array(v, np.float64).reshape(shape)
                       for v, (_, shape, _) in zip(case.values, specs)])
        else:
            xs.append([DISTS[d](rng, shape) for _, shape, d in specs])
    flat_inputs = [x for case_xs in xs for x in case_xs]
    outs = forward(flat_inputs)
    for k, out in enumerate(outs):
        if cases[k].seed is not None:
            seeds.append(np.array(cases[k].seed, np.float64).reshape(
                out.shape))
        elif cases[k].expected is not None:
            seeds.append(np.ones(out.shape))
        else:
            seeds.append(np.random.default_rng(2000 + k).normal(
                0.0, 1.0, out.shape))

    grad_inputs = []
    for case_xs, seed in zip(xs, seeds):
        grad_inputs += case_xs + [seed]
    grads = gradient(grad_inputs)

    # Central differences, every case's element i perturbed in one run.
    sizes = [sum(x.size for x in case_xs) for case_xs in xs]
    numeric = [np.zeros(n) for n in sizes]

    def losses(step_index, sign):
        perturbed = []
        for k, case_xs in enumerate(xs):
            flat = np.concatenate([x.reshape(-1) for x in case_xs]).copy()
            if step_index < flat.size:
                flat[step_index] += sign * cases[k].h
            offset = 0
            for x in case_xs:
                perturbed.append(flat[offset:offset + x.size].reshape(x.shape))
                offset += x.size
        return [float(np.sum(seed * out))
                for seed, out in zip(seeds, forward(perturbed))]

    for i in range(max(sizes)):
        plus, minus = losses(i, 1.0), losses(i, -1.0)
        for k in range(len(cases)):
            if i < sizes[k]:
                numeric[k][i] = (plus[k] - minus[k]) / (2 * cases[k].h)

    g = 0
    for k, case in enumerate(cases):
        n = len(case.inputs)
        analytic = np.concatenate([a.reshape(-1) for a in grads[g:g + n]])
        shapes_ok = all(a.shape == x.shape for a, x in zip(grads[g:g + n],
                                                            xs[k]))
        g += n
        if not shapes_ok:
            print("gradcheck %s: FAIL (gradient shapes %s, inputs %s)" % (
                case.title, [a.shape for a in grads[g - n:g]],
                [x.shape for x in xs[k]]))
            failed = True
            continue
        if case.expected is not None:
            reference = np.concatenate(
                [np.array(e, np.float64).reshape(-1) for e in case.expected])
            what, name = " from the expected gradient", "expected"
        else:
            reference, what, name = numeric[k], "", "numeric "
        if reference.shape != analytic.shape:
            raise SystemExit("gradcheck %s: the expected gradient has %d "
                             "elements, the inputs %d" % (
                                 case.title, reference.size, analytic.size))
        err = np.max(np.abs(analytic - reference) /
                     np.maximum(1.0, np.abs(reference)))
        ok = bool(err <= case.tol)  # False for NaN
        failed |= not ok
        print("gradcheck %s: %s (max rel err %.1e%s%s)" % (
            case.title, "ok" if ok else "FAIL", err, what,
            "" if ok else ", tolerance %.0e" % case.tol))
        if not ok:
            print("  analytic %s\n  %s %s" % (analytic, name, reference))
    print("gradcheck: %d cases, %d ops: %s" % (
        len(cases), len({c.op for c in cases}), "FAIL" if failed else "ok"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
