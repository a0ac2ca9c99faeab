"""tf.nn.rnn_cell: TF 1.x's recurrent cells (rnn_cell_impl.py).

A cell creates its variables with tf.get_variable on its first call, under
a variable scope named after the cell ("basic_lstm_cell", made unique as
TF1 does, inside the scope of the caller, e.g. "rnn/basic_lstm_cell/kernel"),
and reuses them on every later call. The variables take the dtype of the
first inputs; their initializers are TF1's (the scope's, else
glorot_uniform, for kernels; zeros for biases, ones for GRU's gates)."""

import collections
import re

import numpy as np

from . import dtypes as _dt
from . import ops as _ops
from .control_flow import _flatten
from .graph import Tensor, TensorShape, convert_to_tensor, name_scope
from .variable_scope import (constant_initializer, get_variable,
                             variable_scope, zeros_initializer)
from .variables import constant_value

__all__ = ["RNNCell", "LayerRNNCell", "BasicRNNCell", "BasicLSTMCell",
           "LSTMCell", "GRUCell", "MultiRNNCell", "LSTMStateTuple"]

_WEIGHTS_VARIABLE_NAME = "kernel"
_BIAS_VARIABLE_NAME = "bias"


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The (c, h) state of an LSTM cell: c the cell state, h the output."""
    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError("Inconsistent internal state: %s vs %s"
                            % (c.dtype.name, h.dtype.name))
        return c.dtype


def _snake(name):
    """TF's layer names: BasicLSTMCell -> basic_lstm_cell."""
    name = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _state_shape(size):
    """A state size (an int or TensorShape) as a list of dims."""
    if isinstance(size, TensorShape):
        return size.as_list()
    if isinstance(size, (list, tuple)) and \
            all(isinstance(d, (int, np.integer)) for d in size):
        return [int(d) for d in size]
    return [int(size)]


def _is_size(s):
    return isinstance(s, (int, np.integer, TensorShape)) or (
        isinstance(s, list) and all(isinstance(d, (int, np.integer))
                                    for d in s))


def _map_sizes(fn, sizes):
    """fn applied to each state size in a nested structure of sizes (ints,
    TensorShapes), keeping the structure (LSTMStateTuple included)."""
    if _is_size(sizes):
        return fn(sizes)
    if isinstance(sizes, tuple) and hasattr(sizes, "_fields"):
        return type(sizes)(*[_map_sizes(fn, s) for s in sizes])
    if isinstance(sizes, (list, tuple)):
        return type(sizes)(_map_sizes(fn, s) for s in sizes)
    raise TypeError("unexpected state size %r" % (sizes,))


def zeros_for(sizes, batch, dtype):
    """Zero states of the nested `sizes`, with `batch` rows: an int, or a
    tensor whose first dim is the batch (for a batch known only at run
    time: the zeros then take it from that tensor)."""
    dtype = _dt.as_dtype(dtype)
    if isinstance(batch, Tensor):
        ref = batch[(slice(None),) + (0,) * (batch.shape.rank - 2) +
                    (slice(0, 1),)] if batch.shape.rank > 1 else \
            _ops.expand_dims(batch, 1)
        col = _ops.zeros_like(ref, dtype=dtype)     # [batch, 1]

        def make(size):
            shape = _state_shape(size)
            return _ops.reshape(col, [-1] + [1] * len(shape)) + \
                _ops.zeros([1] + shape, dtype)
    else:
        def make(size):
            return _ops.zeros([batch] + _state_shape(size), dtype)
    return _map_sizes(make, sizes)


class RNNCell:
    """The base of the cells: `state_size`, `output_size`, `zero_state`
    and `__call__(inputs, state, scope=None)` -> (output, new_state).
    Subclasses define `build(inputs_shape)`, which creates the variables
    with `add_variable`, and `call(inputs, state)`."""

    def __init__(self, trainable=True, name=None, dtype=None, reuse=None,
                 **kwargs):
        if kwargs:
            raise TypeError("unexpected arguments %s" % sorted(kwargs))
        self._trainable = trainable
        self._name = name
        self._base_name = name or _snake(type(self).__name__)
        self._dtype = None if dtype is None else _dt.as_dtype(dtype)
        self._reuse = reuse
        self._scope = None
        self._variables = []
        self.built = False

    name = property(lambda self: self._name or self._base_name)
    dtype = property(lambda self: self._dtype)

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def variables(self):
        return list(self._variables)

    weights = variables
    trainable_weights = property(lambda self: [
        v for v in self._variables if v.trainable])
    trainable_variables = trainable_weights

    def build(self, inputs_shape):
        pass

    def call(self, inputs, state):
        raise NotImplementedError("Abstract method")

    def add_variable(self, name, shape, dtype=None, initializer=None,
                     trainable=None, partitioner=None):
        if partitioner is not None:
            raise NotImplementedError("partitioned variables are not "
                                      "supported")
        v = get_variable(name, shape, dtype=dtype or self._dtype,
                         initializer=initializer,
                         trainable=self._trainable if trainable is None
                         else trainable)
        if v not in self._variables:
            self._variables.append(v)
        return v

    add_weight = add_variable

    def __call__(self, inputs, state, scope=None):
        """(output, new_state) for one step; builds the cell on the first
        call."""
        if self._scope is None:
            # As TF1's layers: the scope is fixed on the first call, a
            # default name made unique unless the cell reuses variables.
            if self._reuse:
                name = scope if scope is not None else self._base_name
                with variable_scope(name) as vs:
                    self._scope = vs
            else:
                with variable_scope(scope, default_name=self._base_name) \
                        as vs:
                    self._scope = vs
        with variable_scope(self._scope, reuse=self._reuse or None):
            if not self.built:
                flat = [convert_to_tensor(x) for x in _flatten(inputs)]
                if self._dtype is None:
                    self._dtype = flat[0].dtype
                self.build(flat[0].shape)
                self.built = True
            return self.call(inputs, state)

    def zero_state(self, batch_size, dtype):
        """Zeros in the structure of state_size, [batch_size, size] each.
        batch_size is a Python int (or a tensor with a constant value)."""
        if isinstance(batch_size, Tensor):
            try:
                batch_size = int(constant_value(batch_size, "batch_size"))
            except ValueError:
                raise NotImplementedError(
                    "zero_state: tfcc needs a batch size known when the "
                    "graph is built (tf.nn.dynamic_rnn and static_rnn take "
                    "a dynamic one from their inputs)") from None
        with name_scope(type(self).__name__ + "ZeroState"):
            return zeros_for(self.state_size, int(batch_size), dtype)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """zero_state, with the batch size and dtype of `inputs` ([batch,
        ...]) when given: a batch known only at run time is taken from
        them."""
        if inputs is not None:
            inputs = convert_to_tensor(inputs)
            dtype = dtype or inputs.dtype
            batch_size = inputs.shape.dims[0]
            if batch_size is None:
                with name_scope(type(self).__name__ + "ZeroState"):
                    return zeros_for(self.state_size, inputs, dtype)
        return self.zero_state(batch_size, dtype)


LayerRNNCell = RNNCell


def _input_depth(inputs_shape):
    depth = None if inputs_shape.rank is None else inputs_shape.dims[-1]
    if depth is None:
        raise ValueError("Expected inputs.shape[-1] to be known, saw shape: "
                         "%s" % (inputs_shape,))
    return depth


def _linear(args, kernel, bias):
    return _ops.add(_ops.matmul(_ops.concat(args, 1), kernel), bias)


class BasicRNNCell(RNNCell):
    """output = new_state = act(W [inputs, state] + b)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        self._num_units = num_units
        self._activation = activation or _ops.tanh

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        self._kernel = self.add_variable(
            _WEIGHTS_VARIABLE_NAME, [depth + self._num_units,
                                     self._num_units])
        self._bias = self.add_variable(
            _BIAS_VARIABLE_NAME, [self._num_units],
            initializer=zeros_initializer(dtype=self._dtype))

    def call(self, inputs, state):
        output = self._activation(_linear([inputs, state], self._kernel,
                                          self._bias))
        return output, output


class GRUCell(RNNCell):
    """Gated recurrent unit (Cho et al. 2014), TF1's form: r, u =
    sigmoid(W_g [x, h] + b_g); c = act(W_c [x, r * h] + b_c);
    h' = u * h + (1 - u) * c."""

    def __init__(self, num_units, activation=None, reuse=None,
                 kernel_initializer=None, bias_initializer=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        self._num_units = num_units
        self._activation = activation or _ops.tanh
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        n = self._num_units
        self._gate_kernel = self.add_variable(
            "gates/" + _WEIGHTS_VARIABLE_NAME, [depth + n, 2 * n],
            initializer=self._kernel_initializer)
        self._gate_bias = self.add_variable(
            "gates/" + _BIAS_VARIABLE_NAME, [2 * n],
            initializer=self._bias_initializer if self._bias_initializer
            is not None else constant_initializer(1.0, dtype=self._dtype))
        self._candidate_kernel = self.add_variable(
            "candidate/" + _WEIGHTS_VARIABLE_NAME, [depth + n, n],
            initializer=self._kernel_initializer)
        self._candidate_bias = self.add_variable(
            "candidate/" + _BIAS_VARIABLE_NAME, [n],
            initializer=self._bias_initializer if self._bias_initializer
            is not None else zeros_initializer(dtype=self._dtype))

    def call(self, inputs, state):
        value = _ops.sigmoid(_linear([inputs, state], self._gate_kernel,
                                     self._gate_bias))
        r, u = _ops.split(value, 2, axis=1)
        c = self._activation(_linear([inputs, r * state],
                                     self._candidate_kernel,
                                     self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class BasicLSTMCell(RNNCell):
    """LSTM without peepholes or projection: one kernel [depth + units,
    4 units] whose columns are the gates i, j, f, o (input, candidate,
    forget, output); forget_bias is added to f. The state is
    LSTMStateTuple(c, h), or [c, h] concatenated without state_is_tuple."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None,
                 **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or _ops.tanh

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        n = self._num_units
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME,
                                         [depth + n, 4 * n])
        self._bias = self.add_variable(
            _BIAS_VARIABLE_NAME, [4 * n],
            initializer=zeros_initializer(dtype=self._dtype))

    def call(self, inputs, state):
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = _ops.split(state, 2, axis=1)
        i, j, f, o = _ops.split(_linear([inputs, h], self._kernel,
                                        self._bias), 4, axis=1)
        sigmoid = _ops.sigmoid
        new_c = c * sigmoid(f + _ops.constant(self._forget_bias, f.dtype)) \
            + sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * sigmoid(o)
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple \
            else _ops.concat([new_c, new_h], 1)
        return new_h, new_state


class LSTMCell(RNNCell):
    """LSTM (Hochreiter and Schmidhuber 1997) with TF1's options: peephole
    connections (use_peepholes: variables w_f_diag, w_i_diag, w_o_diag),
    cell_clip, a projection of the output (num_proj: variable
    projection/kernel; proj_clip). Gates i, j, f, o as BasicLSTMCell; the
    kernel and peepholes use `initializer` (else the scope's)."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None,
                 initializer=None, num_proj=None, proj_clip=None,
                 num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise NotImplementedError(
                "LSTMCell: num_unit_shards and num_proj_shards (partitioned "
                "variables) are not supported")
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or _ops.tanh

    @property
    def state_size(self):
        n = self._num_units
        m = self._num_proj if self._num_proj else n
        return LSTMStateTuple(n, m) if self._state_is_tuple else n + m

    output_size = property(lambda self: self._num_proj or self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        n = self._num_units
        h_depth = n if self._num_proj is None else self._num_proj
        self._kernel = self.add_variable(
            _WEIGHTS_VARIABLE_NAME, [depth + h_depth, 4 * n],
            initializer=self._initializer)
        self._bias = self.add_variable(
            _BIAS_VARIABLE_NAME, [4 * n],
            initializer=zeros_initializer(dtype=self._dtype))
        if self._use_peepholes:
            self._w_f_diag = self.add_variable("w_f_diag", [n],
                                               initializer=self._initializer)
            self._w_i_diag = self.add_variable("w_i_diag", [n],
                                               initializer=self._initializer)
            self._w_o_diag = self.add_variable("w_o_diag", [n],
                                               initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self.add_variable(
                "projection/" + _WEIGHTS_VARIABLE_NAME, [n, self._num_proj],
                initializer=self._initializer)

    def call(self, inputs, state):
        n = self._num_units
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = _ops.slice(state, [0, 0], [-1, n])
            m_prev = _ops.slice(state, [0, n], [-1, -1])
        i, j, f, o = _ops.split(_linear([inputs, m_prev], self._kernel,
                                        self._bias), 4, axis=1)
        sigmoid = _ops.sigmoid
        forget = _ops.constant(self._forget_bias, f.dtype)
        if self._use_peepholes:
            c = sigmoid(f + forget + self._w_f_diag * c_prev) * c_prev + \
                sigmoid(i + self._w_i_diag * c_prev) * self._activation(j)
        else:
            c = sigmoid(f + forget) * c_prev + \
                sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = _ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = _ops.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = _ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else \
            _ops.concat([c, m], 1)
        return m, new_state


class MultiRNNCell(RNNCell):
    """Cells stacked: each one's output is the next one's input, cell k's
    variables under "cell_k/". The state is the tuple of the cells' states
    (or their concatenation without state_is_tuple)."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for "
                             "MultiRNNCell.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(
                not isinstance(c.state_size, (int, np.integer))
                for c in self._cells):
            raise ValueError("Some cells return tuples of states, but the "
                             "flag state_is_tuple is not set.")

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(c.state_size for c in self._cells)
        return sum(c.state_size for c in self._cells)

    output_size = property(lambda self: self._cells[-1].output_size)

    @property
    def variables(self):
        return [v for c in self._cells for v in c.variables]

    weights = variables
    trainable_weights = property(lambda self: [
        v for c in self._cells for v in c.trainable_weights])
    trainable_variables = trainable_weights

    def zero_state(self, batch_size, dtype):
        if self._state_is_tuple:
            with name_scope(type(self).__name__ + "ZeroState"):
                return tuple(c.zero_state(batch_size, dtype)
                             for c in self._cells)
        return super().zero_state(batch_size, dtype)

    def call(self, inputs, state):
        cur, new_states, pos = inputs, [], 0
        for k, cell in enumerate(self._cells):
            with variable_scope("cell_%d" % k):
                if self._state_is_tuple:
                    cur_state = state[k]
                else:
                    cur_state = _ops.slice(state, [0, pos],
                                           [-1, cell.state_size])
                    pos += cell.state_size
                cur, new_state = cell(cur, cur_state)
                new_states.append(new_state)
        if self._state_is_tuple:
            return cur, tuple(new_states)
        return cur, _ops.concat(new_states, 1)


def _check_cell(name, cell):
    if not all(hasattr(cell, a) for a in ("output_size", "state_size",
                                          "zero_state")) or \
            not callable(cell):
        raise TypeError("The argument %r (%s) is not an RNNCell: "
                        "'output_size', 'state_size' and 'zero_state' "
                        "attributes and a __call__ are required"
                        % (name, cell))


def _flat_sizes(sizes):
    """The state or output sizes of a cell as a flat list of shapes."""
    out = []
    _map_sizes(lambda s: out.append(_state_shape(s)), sizes)
    return out


def _pack_sizes(sizes, flat):
    """`flat` tensors in the structure of the nested `sizes`."""
    it = iter(flat)
    return _map_sizes(lambda s: next(it), sizes)

