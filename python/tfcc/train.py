"""tf.train: optimizers (GradientDescent, Momentum, Adam), the global step
and Saver.

Each optimizer builds its update as explicit data flow: new slot values
are computed, assigned, and the same new values (not a re-read) feed the
variable's update, with TF1's formulas (training_ops' ApplyMomentum,
ApplyAdam). Everything compiles into the step that runs the returned op."""

import numpy as np

from . import dtypes as _dt
from . import ops as _ops
from .gradients import gradients
from .graph import (Operation, Tensor, convert_to_tensor, get_default_graph)
from .variables import (GraphKeys, Variable, assign, assign_add, assign_sub,
                        trainable_variables)
from .checkpoint import Saver, latest_checkpoint  # noqa: F401
from .sparse import IndexedSlices, scatter_sub
from .learning_rate_decay import (cosine_decay,  # noqa: F401
                                  exponential_decay, inverse_time_decay,
                                  natural_exp_decay, piecewise_constant,
                                  polynomial_decay)

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer",
           "AdamOptimizer", "AdagradOptimizer", "RMSPropOptimizer",
           "FtrlOptimizer", "Saver", "latest_checkpoint", "get_global_step",
           "get_or_create_global_step", "create_global_step",
           "global_step", "exponential_decay", "natural_exp_decay",
           "inverse_time_decay", "polynomial_decay", "cosine_decay",
           "piecewise_constant"]


# --- global step -------------------------------------------------------------

def get_global_step(graph=None):
    graph = graph or get_default_graph()
    steps = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(steps) > 1:
        raise TypeError("There are %d global step variables" % len(steps))
    return steps[0] if steps else None


def create_global_step(graph=None):
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return Variable(np.int64(0), trainable=False, name="global_step",
                        collections=[GraphKeys.GLOBAL_VARIABLES,
                                     GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    return get_global_step(graph) or create_global_step(graph)


def global_step(sess, global_step_tensor):
    return int(sess.run(global_step_tensor))


# --- optimizers --------------------------------------------------------------

class Optimizer:
    """Base class: minimize = compute_gradients + apply_gradients.
    Subclasses create their slots and build one variable's update."""

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}  # slot name -> {variable: slot variable}

    def get_name(self):
        return self._name

    def minimize(self, loss, global_step=None, var_list=None,
                 gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """The op that applies one step of the optimizer to var_list
        (default: the trainable variables) and, with global_step, adds one
        to it."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list,
                                                grad_loss=grad_loss)
        if not any(g is not None for g, _ in grads_and_vars):
            raise ValueError(
                "No gradients provided for any variable, check your graph "
                "for ops that do not support gradients, between variables "
                "%s and loss %s." % ([v.name for _, v in grads_and_vars],
                                     loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step,
                                    name=name)

    def compute_gradients(self, loss, var_list=None,
                          gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False,
                          grad_loss=None):
        """[(gradient or None, variable)] for var_list (default: the
        trainable variables of the loss's graph)."""
        if callable(loss):
            raise NotImplementedError("compute_gradients of a callable "
                                      "(eager) loss is not supported")
        loss = convert_to_tensor(loss)
        if var_list is None:
            with loss.graph.as_default():
                var_list = trainable_variables()
        else:
            var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:
            if not isinstance(v, Variable):
                raise TypeError("compute_gradients: %r is not a Variable"
                                % (v,))
        if not loss.dtype.is_floating:
            raise ValueError("Invalid type %s for %s, expected a float "
                             "type" % (loss.dtype.name, loss.name))
        grads = gradients(loss, var_list,
                          grad_ys=None if grad_loss is None else [grad_loss])
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An op that applies the gradients (pairs with None gradients are
        skipped) and then increments global_step when given."""
        grads_and_vars = list(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        for g, v in grads_and_vars:
            if not isinstance(v, Variable):
                raise TypeError("apply_gradients: %r is not a Variable"
                                % (v,))
        pairs = [(g, v) for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable: %s."
                             % ([v.name for _, v in grads_and_vars],))
        graph = pairs[0][1].graph
        with graph.as_default():
            var_list = [v for _, v in pairs]
            with graph.control_dependencies(None):
                self._create_slots(var_list)
            with graph.name_scope(name or self._name) as scope:
                self._prepare()
                updates = []
                for g, v in pairs:
                    sparse = isinstance(g, IndexedSlices)
                    if not sparse:
                        g = convert_to_tensor(g)
                    if g.dtype != v.dtype:
                        raise TypeError("gradient %s has dtype %s, variable "
                                        "%s %s" % (g.name, g.dtype.name,
                                                   v.name, v.dtype.name))
                    with graph.name_scope("update_" + v.op.name):
                        updates.append(self._apply_sparse(g, v) if sparse
                                       else self._apply_dense(g, v))
                apply_op = self._finish(updates, scope.rstrip("/")
                                        .rsplit("/", 1)[-1] or self._name)
            if global_step is not None:
                with graph.control_dependencies([apply_op]):
                    apply_op = assign_add(global_step, 1, name=name).op
            graph.add_to_collection(GraphKeys.TRAIN_OP, apply_op)
        return apply_op

    # --- slots --------------------------------------------------------------
    def _zeros_slot(self, var, slot_name, op_name):
        return self._const_slot(var, 0.0, slot_name, op_name)

    def _const_slot(self, var, value, slot_name, op_name):
        """The slot `slot_name` of `var`, a variable named `<var>/<op_name>`
        (TF numbers a second slot of one optimizer `<op_name>_1`) filled
        with `value`."""
        slots = self._slots.setdefault(slot_name, {})
        if var not in slots:
            g = var.graph
            with g.name_scope(None):
                slots[var] = Variable(
                    np.full(var.shape.as_list(), value,
                            var.dtype.as_numpy_dtype),
                    trainable=False, name=var.op.name + "/" + op_name)
        return slots[var]

    def get_slot(self, var, name):
        return self._slots.get(name, {}).get(var)

    def get_slot_names(self):
        return sorted(self._slots)

    def variables(self):
        out = []
        for slots in self._slots.values():
            out.extend(slots.values())
        return out

    def _lr(self, value, var, name):
        """A hyperparameter as a tensor of the variable's dtype."""
        if callable(value):
            value = value()
        if isinstance(value, Tensor):
            return _ops.cast(value, var.dtype) if value.dtype != var.dtype \
                else value
        return _ops.constant(value, dtype=var.dtype, name=name)

    # --- to override --------------------------------------------------------
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError

    def _apply_sparse(self, grad, var):
        """An IndexedSlices gradient, applied as the dense gradient it
        stands for (its repeated rows summed): right where the dense update
        leaves rows with a zero gradient unchanged (Adagrad) or where
        TensorFlow's sparse kernel also updates every row (Adam's
        moments)."""
        return self._apply_dense(convert_to_tensor(grad), var)

    def _apply_rows(self, grad, var, apply):
        """TensorFlow's sparse update for optimizers whose dense update
        changes rows with a zero gradient (momentum, RMSProp, FTRL): the
        dense update of the summed gradient, kept only in the rows the
        gradient names. `apply(grad, var, keep)` builds the update; `keep`
        maps (new value, old value) to the value to assign."""
        dense = convert_to_tensor(grad)
        rows = var.shape[0]
        hit = _ops.unsorted_segment_sum(
            _ops.ones_like(_ops.cast(grad.indices, var.dtype)), grad.indices,
            rows)
        mask = _ops.greater(hit, _ops.zeros_like(hit))
        mask = _ops.reshape(mask, [rows] + [1] * (var.shape.rank - 1))
        return apply(dense, var, lambda new, old: _ops.where(mask, new, old))

    def _finish(self, update_ops, name):
        return _ops.group(*update_ops, name=name)


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * grad."""

    def __init__(self, learning_rate, use_locking=False,
                 name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense(self, grad, var):
        lr = self._lr(self._learning_rate, var, "learning_rate")
        return assign_sub(var, _ops.multiply(lr, grad)).op

    def _apply_sparse(self, grad, var):
        """Only the rows the gradient has (ScatterSub): a step's cost is
        the batch's, not the table's."""
        lr = self._lr(self._learning_rate, var, "learning_rate")
        return scatter_sub(var, grad.indices,
                           _ops.multiply(lr, grad.values)).op


class MomentumOptimizer(Optimizer):
    """accum = momentum * accum + grad; var -= lr * accum, or with
    use_nesterov var -= lr * (grad + momentum * accum)."""

    def __init__(self, learning_rate, momentum, use_locking=False,
                 name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = bool(use_nesterov)

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var, keep=None):
        keep = keep or (lambda new, old: new)
        accum = self.get_slot(var, "momentum")
        lr = self._lr(self._learning_rate, var, "learning_rate")
        mom = self._lr(self._momentum, var, "momentum")
        accum_new = keep(_ops.add(_ops.multiply(accum, mom), grad), accum)
        accum_op = assign(accum, accum_new)
        if self._use_nesterov:
            step = _ops.add(_ops.multiply(grad, lr),
                            _ops.multiply(_ops.multiply(accum_new, mom), lr))
        else:
            step = _ops.multiply(accum_new, lr)
        step = keep(step, _ops.zeros_like(step))
        return _ops.group(assign_sub(var, step), accum_op)

    def _apply_sparse(self, grad, var):
        return self._apply_rows(grad, var, self._apply_dense)


class AdagradOptimizer(Optimizer):
    """TF1's ApplyAdagrad: accum += grad^2; var -= lr * grad / sqrt(accum),
    the accumulator starting at initial_accumulator_value."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1,
                 use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s"
                             % initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            self._const_slot(v, self._initial, "accumulator", self._name)

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        lr = self._lr(self._learning_rate, var, "learning_rate")
        acc_new = _ops.add(acc, _ops.multiply(grad, grad))
        step = _ops.multiply(lr, _ops.multiply(grad, _ops.rsqrt(acc_new)))
        return _ops.group(assign_sub(var, step), assign(acc, acc_new))


class RMSPropOptimizer(Optimizer):
    """TF1's ApplyRMSProp: ms += (grad^2 - ms) * (1 - decay);
    mom = momentum * mom + lr * grad / sqrt(ms + epsilon); var -= mom.
    With `centered`, ApplyCenteredRMSProp: mg += (grad - mg) * (1 - decay)
    and the denominator is sqrt(ms - mg^2 + epsilon). The slots, as TF's:
    `<var>/RMSProp` (ms, starting at 1), then (centered) `<var>/RMSProp_1`
    (mg), then the momentum (`<var>/RMSProp_1`, or `_2` when centered)."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking=False, centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = bool(centered)

    def _create_slots(self, var_list):
        for v in var_list:
            self._const_slot(v, 1.0, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name + "_1")
            self._zeros_slot(v, "momentum",
                             self._name + ("_2" if self._centered else "_1"))

    def _apply_sparse(self, grad, var):
        return self._apply_rows(grad, var, self._apply_dense)

    def _apply_dense(self, grad, var, keep=None):
        keep = keep or (lambda new, old: new)
        ms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        lr = self._lr(self._learning_rate, var, "learning_rate")
        rho = self._lr(1.0 - self._decay, var, "one_minus_decay")
        momentum = self._lr(self._momentum, var, "momentum")
        eps = self._lr(self._epsilon, var, "epsilon")
        ms_new = keep(_ops.add(ms, _ops.multiply(
            _ops.subtract(_ops.multiply(grad, grad), ms), rho)), ms)
        updates = [assign(ms, ms_new)]
        denom = _ops.add(ms_new, eps)
        if self._centered:
            mg = self.get_slot(var, "mg")
            mg_new = keep(_ops.add(mg, _ops.multiply(
                _ops.subtract(grad, mg), rho)), mg)
            updates.append(assign(mg, mg_new))
            denom = _ops.subtract(denom, _ops.multiply(mg_new, mg_new))
        mom_new = keep(_ops.add(_ops.multiply(mom, momentum),
                                _ops.multiply(lr, _ops.multiply(
                                    grad, _ops.rsqrt(denom)))), mom)
        updates.append(assign(mom, mom_new))
        step = keep(mom_new, _ops.zeros_like(mom_new))
        return _ops.group(assign_sub(var, step), *updates)


class FtrlOptimizer(Optimizer):
    """TF1's ApplyFtrl (McMahan et al., 2013): with n = accum + grad^2,
    linear += grad - (n^-p - accum^-p) / lr * var, quadratic = n^-p / lr
    + 2 * l2, var = (sign(linear) * l1 - linear) / quadratic where
    |linear| > l1 and 0 elsewhere, accum = n (p = learning_rate_power).
    Slots `<var>/Ftrl` (accum, starting at initial_accumulator_value) and
    `<var>/Ftrl_1` (linear)."""

    def __init__(self, learning_rate, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False,
                 name="Ftrl", accum_name=None, linear_name=None,
                 l2_shrinkage_regularization_strength=0.0):
        super().__init__(use_locking, name)
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value %f needs to be "
                             "positive or zero" % initial_accumulator_value)
        if learning_rate_power > 0.0:
            raise ValueError("learning_rate_power %f needs to be negative or "
                             "zero" % learning_rate_power)
        if l2_shrinkage_regularization_strength:
            raise NotImplementedError("FtrlOptimizer: l2 shrinkage is not "
                                      "supported")
        self._learning_rate = learning_rate
        self._power = learning_rate_power
        self._initial = initial_accumulator_value
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength
        # TF names both slots after the optimizer, the second one made
        # unique with "_1".
        self._accum_name = accum_name or self._name
        self._linear_name = linear_name or self._name
        if self._linear_name == self._accum_name:
            self._linear_name += "_1"

    def _create_slots(self, var_list):
        for v in var_list:
            self._const_slot(v, self._initial, "accum", self._accum_name)
            self._zeros_slot(v, "linear", self._linear_name)

    def _apply_sparse(self, grad, var):
        return self._apply_rows(grad, var, self._apply_dense)

    def _apply_dense(self, grad, var, keep=None):
        keep = keep or (lambda new, old: new)
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var,
                                                                   "linear")
        lr = self._lr(self._learning_rate, var, "learning_rate")
        l1 = self._lr(self._l1, var, "l1")
        l2 = self._lr(self._l2, var, "l2")
        power = self._lr(-self._power, var, "power")
        accum_new = _ops.add(accum, _ops.multiply(grad, grad))
        if self._power == -0.5:
            new_p, old_p = _ops.sqrt(accum_new), _ops.sqrt(accum)
        else:
            new_p, old_p = _ops.pow(accum_new, power), _ops.pow(accum, power)
        sigma = _ops.divide(_ops.subtract(new_p, old_p), lr)
        linear_new = _ops.add(linear, _ops.subtract(
            grad, _ops.multiply(sigma, var)))
        quadratic = _ops.add(_ops.divide(new_p, lr), _ops.multiply(l2, 2.0))
        shrunk = _ops.divide(_ops.subtract(
            _ops.multiply(_ops.sign(linear_new), l1), linear_new), quadratic)
        var_new = _ops.where(_ops.greater(_ops.abs(linear_new), l1), shrunk,
                             _ops.zeros_like(var))
        return _ops.group(assign(var, keep(var_new, var)),
                          assign(accum, keep(accum_new, accum)),
                          assign(linear, keep(linear_new, linear)))


class AdamOptimizer(Optimizer):
    """Adam with TF1's defaults and its update (ApplyAdam):
        lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
        m += (g - m) * (1 - beta1);  v += (g^2 - v) * (1 - beta2)
        var -= lr_t * m / (sqrt(v) + epsilon)
    beta1^t and beta2^t are the variables beta1_power and beta2_power,
    multiplied by beta1 and beta2 after every update."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999,
                 epsilon=1e-8, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr_value = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon
        self._beta1_power = None
        self._beta2_power = None

    def _create_slots(self, var_list):
        first = min(var_list, key=lambda v: v.name)
        if self._beta1_power is None:
            g = first.graph
            with g.name_scope(None):
                dt = first.dtype.as_numpy_dtype
                self._beta1_power = Variable(
                    np.asarray(self._beta1, dt), trainable=False,
                    name="beta1_power")
                self._beta2_power = Variable(
                    np.asarray(self._beta2, dt), trainable=False,
                    name="beta2_power")
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _get_beta_accumulators(self):
        return self._beta1_power, self._beta2_power

    def variables(self):
        out = super().variables()
        if self._beta1_power is not None:
            out += [self._beta1_power, self._beta2_power]
        return out

    def _power(self, p, var):
        return p if p.dtype == var.dtype else _ops.cast(p, var.dtype)

    def _apply_dense(self, grad, var):
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        lr = self._lr(self._lr_value, var, "learning_rate")
        beta1 = self._lr(self._beta1, var, "beta1")
        beta2 = self._lr(self._beta2, var, "beta2")
        eps = self._lr(self._epsilon, var, "epsilon")
        b1p = self._power(self._beta1_power, var)
        b2p = self._power(self._beta2_power, var)
        lr_t = _ops.divide(_ops.multiply(lr, _ops.sqrt(1.0 - b2p)),
                           1.0 - b1p)
        m_new = _ops.add(m, _ops.multiply(_ops.subtract(grad, m),
                                          1.0 - beta1))
        v_new = _ops.add(v, _ops.multiply(
            _ops.subtract(_ops.multiply(grad, grad), v), 1.0 - beta2))
        m_op = assign(m, m_new)
        v_op = assign(v, v_new)
        step = _ops.divide(_ops.multiply(m_new, lr_t),
                           _ops.add(_ops.sqrt(v_new), eps))
        return _ops.group(assign_sub(var, step), m_op, v_op)

    def _finish(self, update_ops, name):
        g = self._beta1_power.graph
        with g.control_dependencies(update_ops):
            b1 = assign(self._beta1_power,
                        _ops.multiply(self._beta1_power,
                                      _ops.constant(self._beta1,
                                                    self._beta1_power.dtype)))
            b2 = assign(self._beta2_power,
                        _ops.multiply(self._beta2_power,
                                      _ops.constant(self._beta2,
                                                    self._beta2_power.dtype)))
        return _ops.group(*(list(update_ops) + [b1.op, b2.op]), name=name)


del Operation, _dt
