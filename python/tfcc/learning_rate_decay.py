"""TF 1.15's learning-rate schedules (tf.train.exponential_decay, ...): a
tensor computed from the global step at every run."""

import math

from . import dtypes as _dt
from . import ops as _ops
from .graph import convert_to_tensor, get_default_graph

__all__ = ["exponential_decay", "natural_exp_decay", "inverse_time_decay",
           "polynomial_decay", "cosine_decay", "piecewise_constant"]


def _start(learning_rate, global_step, what):
    if global_step is None:
        raise ValueError("global_step is required for %s." % what)
    lr = convert_to_tensor(learning_rate, name="learning_rate",
                           dtype_hint=_dt.float32)
    if not lr.dtype.is_floating:
        lr = _ops.cast(lr, _dt.float32)
    return lr, _ops.cast(global_step, lr.dtype)


def _progress(step, decay_steps, staircase, dtype):
    p = step / _ops.constant(float(decay_steps), dtype)
    return _ops.floor(p) if staircase else p


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate,
                      staircase=False, name=None):
    """learning_rate * decay_rate ^ (global_step / decay_steps), the
    exponent an integer with `staircase`."""
    with get_default_graph().name_scope(name or "ExponentialDecay"):
        lr, step = _start(learning_rate, global_step, "exponential_decay")
        p = _progress(step, decay_steps, staircase, lr.dtype)
        return lr * _ops.pow(_ops.constant(float(decay_rate), lr.dtype), p)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate,
                      staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps)."""
    with get_default_graph().name_scope(name or "NaturalExpDecay"):
        lr, step = _start(learning_rate, global_step, "natural_exp_decay")
        p = _progress(step, decay_steps, staircase, lr.dtype)
        return lr * _ops.exp(-float(decay_rate) * p)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate,
                       staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    with get_default_graph().name_scope(name or "InverseTimeDecay"):
        lr, step = _start(learning_rate, global_step, "inverse_time_decay")
        p = _progress(step, decay_steps, staircase, lr.dtype)
        return lr / (1.0 + float(decay_rate) * p)


def polynomial_decay(learning_rate, global_step, decay_steps,
                     end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(learning_rate - end) * (1 - step / decay_steps) ^ power + end, with
    step = min(global_step, decay_steps); with `cycle`, decay_steps grows
    to the next multiple of itself past global_step instead."""
    with get_default_graph().name_scope(name or "PolynomialDecay"):
        lr, step = _start(learning_rate, global_step, "polynomial_decay")
        dt = lr.dtype
        steps = _ops.constant(float(decay_steps), dt)
        if cycle:
            # ceil(step / decay_steps), at least 1 (step 0 is in cycle 1).
            mult = _ops.maximum(_ops.ceil(step / steps),
                                _ops.constant(1.0, dt))
            steps = steps * mult
        else:
            step = _ops.minimum(step, steps)
        end = _ops.constant(float(end_learning_rate), dt)
        frac = 1.0 - step / steps
        return (lr - end) * _ops.pow(frac, _ops.constant(float(power), dt)) \
            + end


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0,
                 name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * step /
    decay_steps)) + alpha), with step = min(global_step, decay_steps)."""
    with get_default_graph().name_scope(name or "CosineDecay"):
        lr, step = _start(learning_rate, global_step, "cosine_decay")
        dt = lr.dtype
        steps = _ops.constant(float(decay_steps), dt)
        step = _ops.minimum(step, steps)
        cosine = 0.5 * (1.0 + _ops.cos(math.pi * step / steps))
        return lr * ((1.0 - float(alpha)) * cosine + float(alpha))


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while
    boundaries[i-1] < x <= boundaries[i], values[-1] past the last."""
    if len(values) != len(boundaries) + 1:
        raise ValueError("The length of boundaries should be 1 less than "
                         "the length of values")
    with get_default_graph().name_scope(name or "PiecewiseConstant"):
        x = convert_to_tensor(x)
        vals = [convert_to_tensor(v, dtype_hint=_dt.float32) for v in values]
        out = vals[-1]
        for b, v in reversed(list(zip(boundaries, vals[:-1]))):
            bound = _ops.cast(convert_to_tensor(b), x.dtype) \
                if not isinstance(b, (int, float)) else \
                _ops.constant(b, x.dtype)
            out = _ops.where(_ops.less_equal(x, bound), v, out)
        return out
