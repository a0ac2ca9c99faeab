"""tf.nn.rnn_cell's cells through tf.nn.dynamic_rnn, static_rnn and
bidirectional_dynamic_rnn, against numpy replicas of TF 1.x's cells
(rnn_cell_impl.py) run in float64 from the same weights; tf.get_variable
inside tf.while_loop and tf.cond; an LSTM trained with
GradientDescentOptimizer against PyTorch's nn.LSTM.

Tolerances: float32 forward values rtol=1e-5, atol=1e-6; gradients in
float64 against central differences of the numpy replica (h=1e-6),
rtol=1e-6, atol=1e-9; training losses and weights rtol=1e-12 (atol=1e-14)
in float64, rtol=1e-4 (atol=1e-6) in float32."""

import collections

import numpy as np
import pytest

import tfcc as tf
from conftest import central_differences, needs_compiler

B, T, D, H, P = 4, 5, 3, 4, 2
LENGTHS = np.array([0, 5, 2, 3], np.int32)  # an empty and a full sequence
rnn_cell = tf.nn.rnn_cell


# --- numpy replicas of the cells ---------------------------------------------

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def linear(w, p, args, name="kernel", bias="bias"):
    return np.concatenate(args, 1) @ w[p + name] + w[p + bias]


def np_basic_rnn(w, p, x, h):
    h = np.tanh(linear(w, p, [x, h]))
    return h, h


def np_gru(w, p, x, h):
    r, u = np.split(sigmoid(linear(w, p, [x, h], "gates/kernel",
                                   "gates/bias")), 2, 1)
    c = np.tanh(linear(w, p, [x, r * h], "candidate/kernel",
                       "candidate/bias"))
    h = u * h + (1 - u) * c
    return h, h


def np_basic_lstm(w, p, x, state, forget_bias=1.0, as_tuple=True):
    c, h = state if as_tuple else np.split(state, 2, 1)
    i, j, f, o = np.split(linear(w, p, [x, h]), 4, 1)
    c = c * sigmoid(f + forget_bias) + sigmoid(i) * np.tanh(j)
    h = np.tanh(c) * sigmoid(o)
    return h, (rnn_cell.LSTMStateTuple(c, h) if as_tuple
               else np.concatenate([c, h], 1))


def np_lstm_full(w, p, x, state):
    """LSTMCell(H, use_peepholes=True, cell_clip=0.3, num_proj=P,
    proj_clip=0.2, forget_bias=0.5)."""
    c, m = state
    i, j, f, o = np.split(linear(w, p, [x, m]), 4, 1)
    c = sigmoid(f + 0.5 + w[p + "w_f_diag"] * c) * c + \
        sigmoid(i + w[p + "w_i_diag"] * c) * np.tanh(j)
    c = np.clip(c, -0.3, 0.3)
    m = sigmoid(o + w[p + "w_o_diag"] * c) * np.tanh(c)
    m = np.clip(m @ w[p + "projection/kernel"], -0.2, 0.2)
    return m, rnn_cell.LSTMStateTuple(c, m)


def np_multi(w, x, state):
    p = "multi_rnn_cell/"
    h0, s0 = np_gru(w, p + "cell_0/gru_cell/", x, state[0])
    h1, s1 = np_basic_lstm(w, p + "cell_1/basic_lstm_cell/", h0, state[1],
                           as_tuple=False)
    return h1, (s0, s1)


def replica(fn, prefix):
    return lambda w, x, state: fn(w, prefix, x, state)


# kind: (the cell, its numpy replica (weights by name under the RNN's
# scope, inputs, state), its variables (name: shape), its state as shapes,
# its output size)
def lstm_tuple(n, m):
    return rnn_cell.LSTMStateTuple([B, n], [B, m])


CELLS = {
    "basic_rnn": (lambda: rnn_cell.BasicRNNCell(H),
                  replica(np_basic_rnn, "basic_rnn_cell/"),
                  {"basic_rnn_cell/kernel": [D + H, H],
                   "basic_rnn_cell/bias": [H]}, [B, H], H),
    "gru": (lambda: rnn_cell.GRUCell(H), replica(np_gru, "gru_cell/"),
            {"gru_cell/gates/kernel": [D + H, 2 * H],
             "gru_cell/gates/bias": [2 * H],
             "gru_cell/candidate/kernel": [D + H, H],
             "gru_cell/candidate/bias": [H]}, [B, H], H),
    "basic_lstm": (lambda: tf.contrib.rnn.BasicLSTMCell(H),
                   replica(np_basic_lstm, "basic_lstm_cell/"),
                   {"basic_lstm_cell/kernel": [D + H, 4 * H],
                    "basic_lstm_cell/bias": [4 * H]}, lstm_tuple(H, H), H),
    "lstm": (lambda: rnn_cell.LSTMCell(
        H, use_peepholes=True, cell_clip=0.3, num_proj=P, proj_clip=0.2,
        forget_bias=0.5), replica(np_lstm_full, "lstm_cell/"),
        {"lstm_cell/kernel": [D + P, 4 * H], "lstm_cell/bias": [4 * H],
         "lstm_cell/w_f_diag": [H], "lstm_cell/w_i_diag": [H],
         "lstm_cell/w_o_diag": [H], "lstm_cell/projection/kernel": [H, P]},
        lstm_tuple(H, P), P),
    "multi": (lambda: rnn_cell.MultiRNNCell(
        [rnn_cell.GRUCell(H), rnn_cell.BasicLSTMCell(H,
                                                     state_is_tuple=False)]),
        np_multi,
        {"multi_rnn_cell/cell_0/gru_cell/gates/kernel": [D + H, 2 * H],
         "multi_rnn_cell/cell_0/gru_cell/gates/bias": [2 * H],
         "multi_rnn_cell/cell_0/gru_cell/candidate/kernel": [D + H, H],
         "multi_rnn_cell/cell_0/gru_cell/candidate/bias": [H],
         "multi_rnn_cell/cell_1/basic_lstm_cell/kernel": [2 * H, 4 * H],
         "multi_rnn_cell/cell_1/basic_lstm_cell/bias": [4 * H]},
        ([B, H], [B, 2 * H]), H),
}


def nest_map(fn, *structures):
    s = structures[0]
    if isinstance(s, tuple):
        parts = [nest_map(fn, *z) for z in zip(*structures)]
        return type(s)(*parts) if hasattr(s, "_fields") else tuple(parts)
    return fn(*structures)


def flat(s):
    return [x for v in s for x in flat(v)] if isinstance(s, (tuple, list)) \
        else [s]


def shape_map(fn, shapes):
    """fn on each shape (a list) of a nested tuple of shapes."""
    if isinstance(shapes, list):
        return fn(shapes)
    parts = [shape_map(fn, s) for s in shapes]
    return type(shapes)(*parts) if hasattr(shapes, "_fields") \
        else tuple(parts)


def np_run(step, w, x, state, lengths=None):
    """The replica over x [B, T, D] from `state`: outputs [B, T, O] (zeros
    past each length) and the final state (that of the last step within
    the length)."""
    outs = []
    for t in range(x.shape[1]):
        out, new = step(w, x[:, t], state)
        if lengths is not None:
            keep = (t < lengths)[:, None]
            out = np.where(keep, out, 0.0)
            new = nest_map(lambda s, n: np.where(keep, n, s), state, new)
        outs.append(out)
        state = new
    return np.stack(outs, 1), state


def variables_by_name(prefix="rnn/"):
    return {v.name[len(prefix):-2]: v for v in tf.global_variables()}


def assert_close(got, want, rtol=1e-5, atol=1e-6):
    got, want = flat(got), flat(want)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.shape == w.shape
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol)


# --- forward: every cell, dynamic and static, both layouts -------------------

@needs_compiler
@pytest.mark.parametrize("time_major", [False, True])
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_cells_dynamic_and_static_rnn(kind, time_major):
    """One cell through dynamic_rnn and static_rnn, each with
    sequence_length and a given initial state and without (zero state):
    all four share the cell's variables, named and shaped as in TF1."""
    make, step, var_shapes, state_shapes, out_size = CELLS[kind]
    rng = np.random.default_rng(len(kind) + 10 * time_major)
    x = tf.placeholder(tf.float32, [T, B, D] if time_major else [B, T, D],
                       name="x")
    lengths = tf.placeholder(tf.int32, [B], name="lengths")
    state0 = shape_map(lambda s: rng.uniform(-1, 1, s).astype(np.float32),
                       state_shapes)
    init = nest_map(tf.constant, state0)
    cell = make()
    assert cell.output_size == out_size
    out1, st1 = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths,
                                  initial_state=init, time_major=time_major)
    out2, st2 = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32,
                                  time_major=time_major)
    steps = tf.unstack(x, axis=0 if time_major else 1)
    outs3, st3 = tf.nn.static_rnn(cell, steps, initial_state=init,
                                  sequence_length=lengths)
    outs4, st4 = tf.nn.static_rnn(cell, steps, dtype=tf.float32)
    assert out1.shape.as_list() == ([T, B, out_size] if time_major
                                    else [B, T, out_size])
    assert type(st1) is type(init) and type(st3) is type(init)
    variables = variables_by_name()
    assert {k: v.shape.as_list() for k, v in variables.items()} == \
        var_shapes
    assert all(v.dtype == tf.float32 for v in variables.values())

    x_v = rng.uniform(-1, 1, (B, T, D)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([out1, st1, out2, st2, outs3, st3, outs4, st4],
                       {x: x_v.transpose(1, 0, 2) if time_major else x_v,
                        lengths: LENGTHS})
        w = {k: sess.run(v).astype(np.float64) for k, v in variables.items()}
    x64 = x_v.astype(np.float64)
    zero = shape_map(np.zeros, state_shapes)
    state64 = nest_map(lambda s: s.astype(np.float64), state0)
    want_out1, want_st1 = np_run(step, w, x64, state64, LENGTHS)
    want_out2, want_st2 = np_run(step, w, x64, zero)
    if time_major:
        got[0], got[2] = got[0].transpose(1, 0, 2), got[2].transpose(1, 0, 2)
    assert_close(got[0], want_out1)
    assert_close(got[1], want_st1)
    assert_close(got[2], want_out2)
    assert_close(got[3], want_st2)
    assert_close(np.stack(got[4], 1), want_out1)
    assert_close(got[5], want_st1)
    assert_close(np.stack(got[6], 1), want_out2)
    assert_close(got[7], want_st2)


@needs_compiler
def test_dynamic_batch():
    """A batch known only at run time: zero states and outputs take it
    from the inputs. The gradient through the loop (stacks of a dynamic
    shape) equals the one through static_rnn's unrolled steps."""
    x = tf.placeholder(tf.float32, [None, T, D], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    cell = rnn_cell.BasicLSTMCell(H)
    out, st = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths,
                                dtype=tf.float32)
    outs, st2 = tf.nn.static_rnn(cell, tf.unstack(x, axis=1),
                                 dtype=tf.float32)
    assert out.shape.as_list() == [None, T, H]
    assert st.h.shape.as_list() == [None, H]
    full, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    grads = [tf.gradients(tf.reduce_sum(o * o), cell.variables)
             for o in (full, tf.stack(outs, 1))]
    rng = np.random.default_rng(3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w = {k: sess.run(v).astype(np.float64)
             for k, v in variables_by_name("rnn/basic_lstm_cell/").items()}
        for n in (1, 6):
            x_v = rng.uniform(-1, 1, (n, T, D)).astype(np.float32)
            lengths_v = np.arange(n, dtype=np.int32) % (T + 1)
            got = sess.run([out, st, outs, st2],
                           {x: x_v, lengths: lengths_v})
            zero = rnn_cell.LSTMStateTuple(np.zeros((n, H)),
                                           np.zeros((n, H)))
            want = np_run(replica(np_basic_lstm, ""), w,
                          x_v.astype(np.float64), zero, lengths_v)
            assert_close(got[0], want[0])
            assert_close(got[1], want[1])
            want = np_run(replica(np_basic_lstm, ""), w,
                          x_v.astype(np.float64), zero)
            assert_close(np.stack(got[2], 1), want[0])
            assert_close(got[3], want[1])
            loop, unrolled = sess.run(grads, {x: x_v})
            for a, b in zip(loop, unrolled):
                np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


@needs_compiler
def test_bidirectional_dynamic_rnn():
    """Forward and backward GRUs, with sequence_length (each sequence
    reversed within its length) and without; batch-major and time-major."""
    x = tf.placeholder(tf.float32, [B, T, D], name="x")
    lengths = tf.placeholder(tf.int32, [B], name="lengths")
    fw, bw = rnn_cell.GRUCell(H), rnn_cell.BasicRNNCell(H)
    (out_fw, out_bw), (st_fw, st_bw) = tf.nn.bidirectional_dynamic_rnn(
        fw, bw, x, sequence_length=lengths, dtype=tf.float32)
    (tm_fw, tm_bw), (tm_st_fw, tm_st_bw) = tf.nn.bidirectional_dynamic_rnn(
        fw, bw, tf.transpose(x, [1, 0, 2]), dtype=tf.float32,
        time_major=True)
    variables = variables_by_name("bidirectional_rnn/")
    assert sorted(variables) == sorted(
        ["fw/gru_cell/gates/kernel", "fw/gru_cell/gates/bias",
         "fw/gru_cell/candidate/kernel", "fw/gru_cell/candidate/bias",
         "bw/basic_rnn_cell/kernel", "bw/basic_rnn_cell/bias"])
    x_v = np.random.default_rng(4).uniform(-1, 1, (B, T, D)).astype(
        np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([out_fw, out_bw, st_fw, st_bw, tm_fw, tm_bw,
                        tm_st_fw, tm_st_bw], {x: x_v, lengths: LENGTHS})
        w = {k: sess.run(v).astype(np.float64) for k, v in variables.items()}
    x64 = x_v.astype(np.float64)
    w_fw = {k[len("fw/gru_cell/"):]: v for k, v in w.items()
            if k.startswith("fw/")}
    w_bw = {k[len("bw/basic_rnn_cell/"):]: v for k, v in w.items()
            if k.startswith("bw/")}
    zero = np.zeros((B, H))
    rev = np.stack([np.concatenate([x64[b, :n][::-1], x64[b, n:]])
                    for b, n in enumerate(LENGTHS)])
    gru, basic_rnn = replica(np_gru, ""), replica(np_basic_rnn, "")
    want_fw, want_st_fw = np_run(gru, w_fw, x64, zero, LENGTHS)
    bw_rev, want_st_bw = np_run(basic_rnn, w_bw, rev, zero, LENGTHS)
    want_bw = np.stack([np.concatenate([bw_rev[b, :n][::-1], bw_rev[b, n:]])
                        for b, n in enumerate(LENGTHS)])
    assert_close(got[:4], [want_fw, want_bw, want_st_fw, want_st_bw])
    want_fw, want_st_fw = np_run(gru, w_fw, x64, zero)
    bw_rev, want_st_bw = np_run(basic_rnn, w_bw, x64[:, ::-1], zero)
    assert_close([got[4].transpose(1, 0, 2), got[5].transpose(1, 0, 2)] +
                 got[6:], [want_fw, bw_rev[:, ::-1], want_st_fw,
                           want_st_bw])


# --- gradients ---------------------------------------------------------------

@needs_compiler
@pytest.mark.parametrize("kind", sorted(CELLS))
def test_gradients_match_finite_differences(kind):
    """d(loss)/d(every variable, the inputs and the initial state) through
    dynamic_rnn with sequence_length, in float64, against central
    differences of the numpy replica."""
    make, step, var_shapes, state_shapes, _ = CELLS[kind]
    rng = np.random.default_rng(7)
    x = tf.placeholder(tf.float64, [B, T, D], name="x")
    state0 = shape_map(lambda s: rng.uniform(-0.5, 0.5, s), state_shapes)
    init = nest_map(lambda s: tf.placeholder(tf.float64, s.shape), state0)
    out, st = tf.nn.dynamic_rnn(make(), x, sequence_length=LENGTHS,
                                initial_state=init)
    r_out = rng.uniform(-1, 1, out.shape.as_list())
    r_st = [rng.uniform(-1, 1, s.shape.as_list()) for s in flat(st)]
    loss = tf.reduce_sum(out * r_out) + tf.add_n(
        [tf.reduce_sum(s * r) for s, r in zip(flat(st), r_st)])
    variables = variables_by_name()
    names = sorted(variables)
    wrt = [variables[k] for k in names] + [x] + flat(init)
    grads = tf.gradients(loss, wrt)
    x_v = rng.uniform(-1, 1, (B, T, D))
    feed = dict(zip(flat(init), flat(state0)))
    feed[x] = x_v
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(grads, feed)
        values = [sess.run(variables[k]) for k in names] + [x_v] + \
            flat(state0)
    assert all(v.dtype == np.float64 for v in values)

    def np_loss(vals):
        w = dict(zip(names, vals))
        it = iter(vals[len(names) + 1:])
        s0 = nest_map(lambda _: next(it), state0)
        o, s = np_run(step, w, vals[len(names)], s0, LENGTHS)
        return np.sum(o * r_out) + sum(np.sum(a * r) for a, r in
                                       zip(flat(s), r_st))
    for k, (g, v) in enumerate(zip(got, values)):
        num = central_differences(
            lambda a: np_loss(values[:k] + [a] + values[k + 1:]), v)
        np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-9,
                                   err_msg=(names + ["x"])[min(
                                       k, len(names))])


# --- variables created inside control flow -----------------------------------

@needs_compiler
def test_variables_inside_control_flow_go_to_the_graph():
    """tf.get_variable and tf.Variable (with a callable initial value)
    inside a loop body or a cond branch create their variables in the
    enclosing graph, as TF1 does, under the enclosing variable scopes."""
    x = tf.placeholder(tf.float64, [3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    seen = []

    def body(i, v):
        with tf.variable_scope("inner", reuse=tf.AUTO_REUSE):
            w = tf.get_variable("w", [3], tf.float64,
                                initializer=tf.constant_initializer(0.5))
        u = tf.Variable(lambda: tf.ones([3], tf.float64), name="u")
        seen.extend(tf.trainable_variables())   # the graph's collections
        return i + 1, v * w + u
    with tf.variable_scope("outer"):
        _, y = tf.while_loop(lambda i, v: i < 3, body, [tf.constant(0), x])
        z = tf.cond(p, lambda: y * tf.get_variable(
            "s", [], tf.float64, initializer=tf.ones_initializer()),
            lambda: y)
    g = tf.get_default_graph()
    assert [v.name for v in tf.global_variables()] == \
        ["outer/inner/w:0", "outer/while/u:0", "outer/s:0"]
    assert all(v.graph is g for v in tf.global_variables())
    assert seen == tf.global_variables()[:2]
    assert all(op.type != "VariableV2" for fg in g._functions.values()
               for op in fg.get_operations())
    with pytest.raises(ValueError, match="from inside a control-flow "
                       "construct.*use a lambda"):
        tf.while_loop(lambda i: i < 3, lambda i: i + tf.cast(tf.reduce_sum(
            tf.Variable(tf.zeros([2]))), tf.int32), [tf.constant(0)])
    w = tf.global_variables()[0]
    gw, = tf.gradients(tf.reduce_sum(z), [w])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run([z, gw], {x: np.array([1.0, 2.0, -1.0]), p: True})
    # v3 = ((x w + 1) w + 1) w + 1 with w = 0.5; d/dw = 3 x w^2 + 2 w + 1
    x_v = np.array([1.0, 2.0, -1.0])
    np.testing.assert_allclose(got[0], ((x_v * .5 + 1) * .5 + 1) * .5 + 1,
                               rtol=1e-12)
    np.testing.assert_allclose(got[1], 3 * x_v * .25 + 2, rtol=1e-12)


def test_errors():
    cell = rnn_cell.BasicLSTMCell(H)
    with pytest.raises(ValueError, match="must give a dtype"):
        tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [B, T, D]))
    with pytest.raises(NotImplementedError, match="batch size known"):
        cell.zero_state(tf.placeholder(tf.int32, []), tf.float32)
    with pytest.raises(NotImplementedError, match="num_unit_shards"):
        rnn_cell.LSTMCell(H, num_unit_shards=2)
    with pytest.raises(TypeError, match="inputs must be a sequence"):
        tf.nn.static_rnn(cell, tf.zeros([B, D]), dtype=tf.float32)
    with pytest.raises(NotImplementedError, match="known time dimension|"
                       "time dimension known"):
        tf.nn.bidirectional_dynamic_rnn(
            cell, rnn_cell.BasicLSTMCell(H),
            tf.placeholder(tf.float32, [B, None, D]), dtype=tf.float32)
    with pytest.raises(ValueError, match="sequence_length has 3 entries "
                       "for a batch of 4"):
        tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [B, T, D]),
                          sequence_length=[1, 2, 3], dtype=tf.float32)
    state = cell.zero_state(B, tf.float64)
    assert isinstance(state, rnn_cell.LSTMStateTuple)
    assert state.dtype == tf.float64 and state.c.shape.as_list() == [B, H]


@needs_compiler
def test_dynamic_time_and_batch():
    """[None, None, D] inputs: one compiled graph for every batch and
    length, forward against the numpy replica, d loss / d inputs against
    central differences (float64)."""
    x = tf.placeholder(tf.float64, [None, None, D], name="x")
    cell = rnn_cell.GRUCell(H)
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float64)
    assert out.shape.as_list() == [None, None, H]
    loss = tf.reduce_sum(out * out) + tf.reduce_sum(state)
    grad = tf.gradients(loss, [x])[0]
    rng = np.random.default_rng(7)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w = {k: sess.run(v)
             for k, v in variables_by_name("rnn/gru_cell/").items()}
        for b, t in ((1, 1), (3, 4), (2, 7)):
            x_v = rng.uniform(-1, 1, (b, t, D))
            got_out, got_state, got_grad = sess.run([out, state, grad],
                                                    {x: x_v})
            want = np_run(replica(np_gru, ""), w, x_v, np.zeros((b, H)))
            assert_close(got_out, want[0])
            assert_close(got_state, want[1])
            num = central_differences(lambda v: sess.run(loss, {x: v}), x_v)
            np.testing.assert_allclose(got_grad, num, rtol=1e-6, atol=1e-8)


@needs_compiler
def test_bidirectional_gradients_and_padding():
    """bidirectional_dynamic_rnn with sequence_length: d loss / d inputs
    against central differences (float64), and a NaN in the padding of one
    sequence stays out of every output that TF computes from real steps."""
    x = tf.placeholder(tf.float64, [3, T, D], name="x")
    lengths = tf.placeholder(tf.int32, [3], name="lengths")
    (out_fw, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(
        rnn_cell.GRUCell(H), rnn_cell.GRUCell(H), x,
        sequence_length=lengths, dtype=tf.float64)
    loss = tf.reduce_sum(out_fw * out_fw) + tf.reduce_sum(out_bw ** 3)
    grad = tf.gradients(loss, [x])[0]
    rng = np.random.default_rng(5)
    x_v = rng.uniform(-1, 1, (3, T, D))
    len_v = np.array([T, 0, 2], np.int32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(grad, {x: x_v, lengths: len_v})
        want = central_differences(
            lambda v: sess.run(loss, {x: v, lengths: len_v}), x_v)
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
        x_nan = x_v.copy()
        x_nan[2, T - 1] = np.nan  # past the length of entry 2
        fw, bw = sess.run([out_fw, out_bw], {x: x_nan, lengths: len_v})
        assert not np.isnan(fw).any() and not np.isnan(bw).any()


# --- training: an LSTM against PyTorch ---------------------------------------

class TorchLSTM(collections.namedtuple("TorchLSTM", "lstm linear")):
    def __call__(self, x):
        return self.linear(self.lstm(x)[0])


@needs_compiler
@pytest.mark.parametrize("dtype,rtol,atol", [(np.float64, 1e-12, 1e-14),
                                             (np.float32, 1e-4, 1e-6)])
def test_lstm_training_matches_pytorch(dtype, rtol, atol):
    """BasicLSTMCell(forget_bias=0) through dynamic_rnn, a dense layer on
    every step's output and a mean squared error, 8 steps of
    GradientDescentOptimizer on two fixed batches, against torch.nn.LSTM
    and nn.Linear with the same initial weights and torch.optim.SGD. TF's
    kernel [D+H, 4H] has the gates i, j, f, o; PyTorch's weight_ih [4H, D]
    and weight_hh [4H, H] i, f, g (= j), o; PyTorch's bias_hh stays zero."""
    import torch
    C, lr = 2, 0.5
    dt = tf.as_dtype(dtype)
    x = tf.placeholder(dt, [B, T, D], name="x")
    y = tf.placeholder(dt, [B, T, C], name="y")
    tf.set_random_seed(1)
    out, _ = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(H, forget_bias=0.0),
                               x, dtype=dt)
    W = tf.get_variable("dense/kernel", [H, C], dt)
    b = tf.get_variable("dense/bias", [C], dt,
                        initializer=tf.random_uniform_initializer(-0.5, 0.5,
                                                                  seed=2))
    pred = tf.reshape(tf.matmul(tf.reshape(out, [B * T, H]), W) + b,
                      [B, T, C])
    loss = tf.reduce_mean(tf.square(pred - y))
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    variables = {v.op.name: v for v in tf.global_variables()}
    kernel = variables["rnn/basic_lstm_cell/kernel"]
    bias = variables["rnn/basic_lstm_cell/bias"]
    rng = np.random.default_rng(5)
    batches = [(rng.uniform(-1, 1, (B, T, D)).astype(dtype),
                rng.uniform(-1, 1, (B, T, C)).astype(dtype))
               for _ in range(2)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        k0, b0, W0, bd0 = sess.run([kernel, bias, W, b])
        # A bias away from zero, so that its mapping is checked too.
        b0 = rng.uniform(-0.5, 0.5, b0.shape).astype(dtype)
        bias.load(b0, sess)
        losses = []
        for step in range(8):
            xb, yb = batches[step % 2]
            losses.append(sess.run([loss, train], {x: xb, y: yb})[0])
        k1, b1, W1, bd1 = sess.run([kernel, bias, W, b])

    def to_torch(k, b):
        i, j, f, o = np.split(k, 4, 1)
        w = np.concatenate([i, f, j, o], 1).T        # [4H, D + H]
        i, j, f, o = np.split(b, 4)
        return w[:, :D], w[:, D:], np.concatenate([i, f, j, o])

    tdt = torch.float64 if dtype == np.float64 else torch.float32
    model = TorchLSTM(torch.nn.LSTM(D, H, batch_first=True).to(tdt),
                      torch.nn.Linear(H, C).to(tdt))
    w_ih, w_hh, b_ih = to_torch(k0, b0)
    with torch.no_grad():
        model.lstm.weight_ih_l0.copy_(torch.from_numpy(w_ih))
        model.lstm.weight_hh_l0.copy_(torch.from_numpy(w_hh))
        model.lstm.bias_ih_l0.copy_(torch.from_numpy(b_ih))
        model.lstm.bias_hh_l0.zero_()
        model.linear.weight.copy_(torch.from_numpy(W0.T))
        model.linear.bias.copy_(torch.from_numpy(bd0))
    model.lstm.bias_hh_l0.requires_grad_(False)
    params = [p for m in model for p in m.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=lr)
    want_losses = []
    for step in range(8):
        xb, yb = batches[step % 2]
        opt.zero_grad()
        value = torch.mean((model(torch.from_numpy(xb)) -
                            torch.from_numpy(yb)) ** 2)
        value.backward()
        opt.step()
        want_losses.append(value.item())
    np.testing.assert_allclose(losses, want_losses, rtol=rtol, atol=atol)
    # Training makes progress over the two batches together.
    assert losses[6] + losses[7] < losses[0] + losses[1]
    w_ih, w_hh, b_ih = to_torch(k1, b1)
    with torch.no_grad():
        for got, want in ((w_ih, model.lstm.weight_ih_l0),
                          (w_hh, model.lstm.weight_hh_l0),
                          (b_ih, model.lstm.bias_ih_l0),
                          (W1.T, model.linear.weight),
                          (bd1, model.linear.bias)):
            np.testing.assert_allclose(got, want.numpy(), rtol=rtol,
                                       atol=atol)
