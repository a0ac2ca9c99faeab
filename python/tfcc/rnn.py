"""tf.nn.dynamic_rnn, static_rnn and bidirectional_dynamic_rnn: TF 1.x's
rnn.py over the cells of tfcc.rnn_cell.

dynamic_rnn is a tf.while_loop over time whose body calls the cell (which
creates its variables there on the first call: tf.get_variable lifts them
out of the loop) and writes each step's output into a [time, batch, ...]
accumulator (a row a step, in place). The batch and the number of time
steps may be known only at run time. static_rnn unrolls the steps in
Python."""

import numpy as np

from . import dtypes as _dt
from . import ops as _ops
from .control_flow import (_empty_rows, _flatten, _pack, _set_row,
                           while_loop)
from .graph import convert_to_tensor, format_shape, name_scope
from .rnn_cell import (_check_cell, _flat_sizes, _pack_sizes, zeros_for)
from .variable_scope import variable_scope

__all__ = ["dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn"]


def _transpose_batch_time(x):
    """[batch, time, ...] <-> [time, batch, ...]."""
    rank = x.shape.rank
    if rank is None or rank < 2:
        raise ValueError("Expected input tensor %s to have rank at least 2, "
                         "but saw shape: %s" % (x.name,
                                                format_shape(x.shape)))
    return _ops.transpose(x, [1, 0] + list(range(2, rank)))


def _sequence_length(sequence_length, batch=None):
    """sequence_length as int32, checked to be a vector of `batch` entries
    where both are known (TF checks it at run time)."""
    seq = convert_to_tensor(sequence_length)
    if seq.dtype != _dt.int32:
        seq = _ops.cast(seq, _dt.int32)
    if seq.shape.rank not in (None, 1):
        raise ValueError("sequence_length must be a vector of length "
                         "batch_size, but saw shape: %s" % (seq.shape,))
    if isinstance(batch, int) and seq.shape.rank == 1 and \
            seq.shape.dims[0] not in (None, batch):
        raise ValueError("sequence_length has %d entries for a batch of %d"
                         % (seq.shape.dims[0], batch))
    return _ops.identity(seq, name="sequence_length")


def _copy_rows(copy, old, new):
    """TF1's _rnn_step: `old` in the rows where `copy` ([batch] bool) is
    true, `new` in the others."""
    for _ in range(new.shape.rank - 1):
        copy = _ops.expand_dims(copy, -1)
    return _ops.where(copy, old, new)


def _initial_state(cell, initial_state, dtype, batch):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If there is no initial_state, you must give a "
                         "dtype.")
    if isinstance(batch, int):
        return cell.zero_state(batch, dtype)
    with name_scope(type(cell).__name__ + "ZeroState"):
        return zeros_for(cell.state_size, batch, dtype)


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None,
                dtype=None, parallel_iterations=None, swap_memory=False,
                time_major=False, scope=None):
    """Runs `cell` over `inputs` ([batch, time, ...], or [time, batch, ...]
    with time_major; a nested structure of such tensors is passed to the
    cell as that structure): (outputs, final_state), outputs in the layout
    of the inputs. With `sequence_length` ([batch] ints), a batch entry's
    outputs from its length on are zeros and its state stays the one at
    its last step, as in TF 1.x."""
    _check_cell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat_input = [convert_to_tensor(x) for x in _flatten(inputs)]
        if not flat_input:
            raise ValueError("dynamic_rnn needs inputs")
        if not time_major:
            flat_input = [_transpose_batch_time(x) for x in flat_input]
        steps = set()
        for x in flat_input:
            if x.shape.rank is None or x.shape.rank < 2:
                raise ValueError("inputs must have rank at least 2, got %s"
                                 % format_shape(x.shape))
            steps.add(x.shape.dims[0])
        known = steps - {None}
        if len(known) > 1:
            raise ValueError("Input time dimensions differ: %s"
                             % sorted(known))
        # A time dimension only the run knows: the loop's bound from it.
        n = known.pop() if known else _ops.shape(flat_input[0])[0]
        # A batch known only at run time: the zero states and outputs
        # take it from the inputs of the first step.
        b = flat_input[0].shape.dims[1]
        if sequence_length is not None:
            sequence_length = _sequence_length(sequence_length, b)
        batch = b if b is not None else flat_input[0][0]
        state = _initial_state(cell, initial_state, dtype, batch)
        outputs, final_state = _dynamic_rnn_loop(
            cell, inputs, flat_input, n, state, sequence_length, dtype,
            batch, parallel_iterations or 32)
        if not time_major:
            outputs = _pack_sizes(cell.output_size, [
                _transpose_batch_time(o) for o in _flatten(outputs)])
        return outputs, final_state


def _dynamic_rnn_loop(cell, inputs, flat_input, n, state, sequence_length,
                      dtype, batch, parallel_iterations):
    with name_scope("dynamic_rnn"):
        flat_state = [convert_to_tensor(s) for s in _flatten(state)]
        out_dtype = _dt.as_dtype(dtype) if dtype else flat_state[0].dtype
        out_sizes = _flat_sizes(cell.output_size)
        if isinstance(batch, int) and isinstance(n, int):
            accs = [_ops.zeros([n, batch] + s, out_dtype) for s in out_sizes]
        else:
            accs = [_empty_rows(n, zeros_for(s, batch, out_dtype),
                                flat_input[0]) for s in out_sizes]
        time = _ops.constant(0, name="time")
        if sequence_length is None:
            bound = convert_to_tensor(n)
        else:
            # As TF1: no step past the longest sequence (its outputs stay
            # zero, the states are copied through).
            bound = _ops.minimum(convert_to_tensor(n),
                                 _ops.reduce_max(sequence_length))

        def body(time, states, accs):
            x_t = _pack(inputs, [_ops.gather(x, time) for x in flat_input])
            output, new_state = cell(x_t, _pack(state, states))
            flat_out = [convert_to_tensor(o) for o in _flatten(output)]
            flat_new = [convert_to_tensor(s) for s in _flatten(new_state)]
            if len(flat_new) != len(states):
                raise ValueError("the cell returned a state of another "
                                 "structure: %r, not that of %r"
                                 % (new_state, state))
            if len(flat_out) != len(accs):
                raise ValueError("the cell returned an output of another "
                                 "structure than its output_size %r: %r"
                                 % (cell.output_size, output))
            for o, a in zip(flat_out, accs):
                try:
                    a.shape[1:].merge_with(o.shape)
                except ValueError:
                    raise ValueError(
                        "the cell's output has shape %s, but its "
                        "output_size says %s" % (
                            format_shape(o.shape),
                            format_shape(a.shape[1:]))) from None
            if sequence_length is not None:
                copy = _ops.greater_equal(time, sequence_length)
                flat_out = [_copy_rows(copy, _ops.zeros([], o.dtype), o)
                            for o in flat_out]
                flat_new = [_copy_rows(copy, s, ns)
                            for s, ns in zip(states, flat_new)]
            accs = [_set_row(a, time, o) for a, o in zip(accs, flat_out)]
            return time + 1, flat_new, accs

        _, final, accs = while_loop(
            lambda time, s, a: _ops.less(time, bound), body,
            [time, flat_state, accs],
            parallel_iterations=parallel_iterations,
            return_same_structure=True)
        return (_pack_sizes(cell.output_size, accs), _pack(state, final))


def static_rnn(cell, inputs, initial_state=None, dtype=None,
               sequence_length=None, scope=None):
    """The cell unrolled over a list of inputs ([batch, ...] each, or
    nested structures of them), its variables shared by every step: (a
    list of outputs, the final state). `sequence_length` as dynamic_rnn."""
    _check_cell("cell", cell)
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    outputs = []
    with variable_scope(scope or "rnn") as varscope:
        first = convert_to_tensor(_flatten(inputs[0])[0])
        if first.shape.rank is None or first.shape.rank < 2:
            raise ValueError("static_rnn: each input must have rank at "
                             "least 2 ([batch, ...]), got %s"
                             % format_shape(first.shape))
        batch = None
        for x in inputs:
            for t in _flatten(x):
                b = convert_to_tensor(t).shape.dims[0]
                if b is not None:
                    if batch is not None and b != batch:
                        raise ValueError("Input batch sizes differ: %d and "
                                         "%d" % (batch, b))
                    batch = b
        state = _initial_state(cell, initial_state, dtype,
                               first if batch is None else batch)
        if sequence_length is not None:
            sequence_length = _sequence_length(sequence_length, batch)
        for time, x in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            output, new_state = cell(x, state)
            if sequence_length is not None:
                copy = _ops.greater_equal(_ops.constant(time),
                                          sequence_length)
                output = _pack(output, [
                    _copy_rows(copy, _ops.zeros([], o.dtype), o)
                    for o in map(convert_to_tensor, _flatten(output))])
                new_state = _pack(new_state, [
                    _copy_rows(copy, convert_to_tensor(s), ns)
                    for s, ns in zip(_flatten(state), map(
                        convert_to_tensor, _flatten(new_state)))])
            state = new_state
            outputs.append(output)
    return outputs, state


def _reverse(x, sequence_length, time_axis):
    """x reversed along its (static) time axis; with sequence_length, only
    each batch entry's first sequence_length steps (tf.reverse_sequence)."""
    n = x.shape.dims[time_axis]
    if n is None:
        raise NotImplementedError(
            "bidirectional_dynamic_rnn needs a time dimension known when the "
            "graph is built, got %s" % format_shape(x.shape))
    if sequence_length is None:
        return _ops.gather(x, _ops.constant(np.arange(n)[::-1].astype(
            np.int32)), axis=time_axis)
    if not x.dtype.is_floating or x.shape.rank != 3:
        raise NotImplementedError(
            "bidirectional_dynamic_rnn with sequence_length needs float "
            "inputs of rank 3, got %s %s" % (x.dtype.name,
                                            format_shape(x.shape)))
    bm = x if time_axis == 1 else _transpose_batch_time(x)
    t = _ops.constant(np.arange(n, dtype=np.int32))
    lengths = _ops.expand_dims(sequence_length, 1)
    # Step t of entry b reads step lengths[b] - 1 - t, or t past its end:
    # a permutation of the steps, applied as a one-hot matmul (exact) to the
    # steps within the lengths; the padding is added back where it was (so
    # that a NaN there stays there).
    valid = _ops.less(t, lengths)
    index = _ops.where(valid, lengths - 1 - t, t)
    valid = _ops.expand_dims(valid, -1)
    zeros = _ops.zeros_like(bm)
    out = _ops.matmul(_ops.one_hot(index, n, dtype=x.dtype),
                      _ops.where(valid, bm, zeros))
    out = out + _ops.where(valid, zeros, bm)
    return out if time_axis == 1 else _transpose_batch_time(out)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None,
                              dtype=None, parallel_iterations=None,
                              swap_memory=False, time_major=False,
                              scope=None):
    """dynamic_rnn forward with cell_fw and over the reversed sequences
    with cell_bw (variables under "bidirectional_rnn/fw" and ".../bw"):
    ((output_fw, output_bw), (state_fw, state_bw)), output_bw put back in
    forward order."""
    _check_cell("cell_fw", cell_fw)
    _check_cell("cell_bw", cell_bw)
    time_axis = 0 if time_major else 1
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw, inputs, sequence_length=sequence_length,
                initial_state=initial_state_fw, dtype=dtype,
                parallel_iterations=parallel_iterations,
                time_major=time_major, scope=fw_scope)
        if sequence_length is not None:
            sequence_length = _sequence_length(sequence_length)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _pack(inputs, [
                _reverse(convert_to_tensor(x), sequence_length, time_axis)
                for x in _flatten(inputs)])
            tmp, state_bw = dynamic_rnn(
                cell_bw, reversed_inputs, sequence_length=sequence_length,
                initial_state=initial_state_bw, dtype=dtype,
                parallel_iterations=parallel_iterations,
                time_major=time_major, scope=bw_scope)
    output_bw = _pack(tmp, [_reverse(o, sequence_length, time_axis)
                            for o in _flatten(tmp)])
    return (output_fw, output_bw), (state_fw, state_bw)
