"""Functional control flow: tf.cond, tf.case and tf.while_loop.

Each branch, loop condition and loop body is traced once into a function (a
FuncGraph: a graph of its own whose arguments are Placeholders) and the
graph gets one If or While node naming those functions (docs/tfg-format.md).
A tensor of an enclosing graph that a function uses is captured: it becomes
one more argument of the function and one more input of the node (for a
loop, a loop variable that the body passes on unchanged), as TensorFlow's
functional control flow does.

A variable assigned inside a branch or body is state the function carries:
its value enters as an argument (for a loop, a loop variable), reads after
an assignment see the assigned value, in the order the program makes them,
and the function gives its final value, which the enclosing graph assigns
to the variable after the If or While (the results of tf.cond and
tf.while_loop depend on those assignments)."""

from . import dtypes as _dt
from .graph import (Graph, Operation, Tensor, TensorShape, convert_to_tensor,
                    format_shape, get_default_graph)

__all__ = ["cond", "case", "while_loop", "map_fn", "scan", "foldl", "foldr",
           "FuncGraph"]

# Variables created inside go to the root graph (tf.Variable and
# tf.get_variable lift them), so a VariableV2 here is a bug.
_STATEFUL = ("VariableV2",)
_ASSIGNS = ("Assign", "AssignAdd", "AssignSub")


def _is_variable(t):
    return isinstance(t, Tensor) and t.op.type == "VariableV2"


class FuncGraph(Graph):
    """The graph of one function: `inputs` are its argument placeholders,
    `outputs` its results, `captures` the (outer tensor, placeholder) pairs
    of the tensors of enclosing graphs that it uses."""

    def __init__(self, name, outer):
        super().__init__()
        self.name = name
        self.outer = outer
        self.seed = outer.seed
        self._device_stack = [outer._device_stack[-1]]
        # One graph in TF1: the collections (variables, losses, ...) are
        # the enclosing graph's.
        self._collections = outer._collections
        self.inputs = []
        self.outputs = []
        self.captures = []
        # Variables assigned here, in order, and their current values.
        self.assigned = []
        self._values = {}

    def root(self):
        g = self
        while isinstance(g, FuncGraph):
            g = g.outer
        return g

    def add_arg(self, dtype, shape, name="arg"):
        op = Graph.create_op(self, "Placeholder", [], {
            "dtype": ("type", dtype), "shape": ("shape", TensorShape(shape))},
            [(dtype, shape)], name=name)
        self.inputs.append(op.outputs[0])
        return op.outputs[0]

    def capture(self, t):
        """The placeholder standing for `t`, a tensor of an enclosing graph;
        for a variable assigned here, its current value."""
        if id(t) in self._values:
            return self._values[id(t)]
        for outer, ph in self.captures:
            if outer is t:
                return ph
        g = self.outer
        while t.graph is not g:
            if not isinstance(g, FuncGraph):
                raise ValueError("Tensor %s must be from the same graph as "
                                 "the op being created" % t.name)
            g = g.outer
        ph = self.add_arg(t.dtype, t.shape, name="capture")
        self.captures.append((t, ph))
        return ph

    def create_op(self, op_type, inputs, attrs, outputs, name=None,
                  default_name=None, exact_name=None):
        if op_type in _STATEFUL:
            raise NotImplementedError(
                "%s inside the branches of tf.cond or the body of "
                "tf.while_loop" % op_type)
        if op_type in _ASSIGNS and _is_variable(inputs[0]):
            return self._assign(op_type, inputs[0], inputs[1], name,
                                default_name)
        inputs = [self.capture(t) if isinstance(t, Tensor) and
                  t.graph is not self else t for t in inputs]
        return super().create_op(op_type, inputs, attrs, outputs, name=name,
                                 default_name=default_name,
                                 exact_name=exact_name)


    def _assign(self, op_type, var, value, name, default_name):
        """An assignment of `var` here: its new value becomes the current
        one (the op's output, an Identity of it)."""
        if isinstance(value, Tensor) and value.graph is not self:
            value = self.capture(value)
        if op_type != "Assign":
            current = self.capture(var)
            value = Graph.create_op(
                self, "AddV2" if op_type == "AssignAdd" else "Sub",
                [current, value], {}, [(var.dtype, var.shape)]).outputs[0]
        op = Graph.create_op(self, "Identity", [value], {},
                             [(var.dtype, var.shape)], name=name,
                             default_name=default_name or op_type)
        if id(var) not in self._values:
            self.assigned.append(var)
        self._values[id(var)] = op.outputs[0]
        return op


def _assign_after(g, pairs):
    """Assigns each (variable, value) in `g` after a function that assigned
    them; the ops the results should depend on (none inside a function,
    whose assignments are values in order)."""
    from . import variables
    ops = []
    for var, value in pairs:
        with g.as_default():
            ops.append(variables.assign(var, value).op)
        # tf.gradients refuses these variables as xs (see gradients.py).
        var.graph.__dict__.setdefault("_assigned_in_control_flow",
                                      set()).add(var.op.name)
    return [] if isinstance(g, FuncGraph) else ops


def _after(ops, tensors):
    """`tensors`, each through an Identity that runs after `ops`."""
    if not ops:
        return tensors
    from . import ops as _ops
    with get_default_graph().control_dependencies(ops):
        return [_ops.identity(t) for t in tensors]


def _register(fg):
    root = fg.root()
    functions = root.__dict__.setdefault("_functions", {})
    base = fg.name.replace("/", "_")
    name, i = base, 0
    while name in functions:
        i += 1
        name = "%s_%d" % (base, i)
    fg.name = name
    functions[name] = fg
    return name


# --- nested structures (lists, tuples, namedtuples, dicts of tensors) -----

def _flatten(s):
    if isinstance(s, dict):
        return [x for k in sorted(s) for x in _flatten(s[k])]
    if isinstance(s, (list, tuple)):
        return [x for v in s for x in _flatten(v)]
    return [s]


def _pack(structure, flat):
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return type(s)((k, build(s[k])) for k in sorted(s))
        if isinstance(s, tuple) and hasattr(s, "_fields"):
            return type(s)(*[build(v) for v in s])
        if isinstance(s, (list, tuple)):
            return type(s)(build(v) for v in s)
        return next(it)
    return build(structure)


def _same_structure(a, b):
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and \
            sorted(a) == sorted(b) and \
            all(_same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return isinstance(a, (list, tuple)) and \
            isinstance(b, (list, tuple)) and len(a) == len(b) and \
            all(_same_structure(x, y) for x, y in zip(a, b))
    return True


def _to_tensors(values, what):
    out = []
    for v in values:
        if isinstance(v, Operation):
            raise TypeError("%s returned the operation %s: return tensors "
                            "(use tf.control_dependencies for effects)"
                            % (what, v.name))
        if v is None:
            raise ValueError("%s returned None where a tensor was expected"
                             % what)
        out.append(convert_to_tensor(v))
    return out


def _results(fg, values, what):
    """The tensors of fg that a function returns: a tensor of an enclosing
    graph returned as it is is captured."""
    return [fg.capture(t) if t.graph is not fg else t
            for t in _to_tensors(values, what)]


def _trace(fn, fg, args, what):
    """Calls fn(*args) with `fg` as the default graph; its results as a
    structure and a flat list of tensors of fg."""
    with fg.as_default():
        result = fn(*args)
        flat = _results(fg, _flatten(result), what)
    return result, flat


def _most_specific(a, b):
    """The shape both `a` and `b` have: their dims where they agree."""
    if a.dims is None or b.dims is None or len(a.dims) != len(b.dims):
        return None
    return TensorShape([x if x == y else None for x, y in zip(a.dims, b.dims)])


def _check_pred(pred, what):
    pred = convert_to_tensor(pred)
    if pred.dtype != _dt.bool or pred.shape.dims != ():
        raise ValueError("%s must be a scalar bool tensor, got %s of shape %s"
                         % (what, pred.dtype.name, format_shape(pred.shape)))
    return pred


def _unify_captures(graphs):
    """The tensors of enclosing graphs that any of `graphs` captured, in
    first-seen order, and their values in the graph around `graphs`; each
    graph gets an argument for every one of them (unused where it did not
    capture it), after its own arguments."""
    outer = []
    for fg in graphs:
        for t, _ in fg.captures:
            if not any(t is o for o in outer):
                outer.append(t)
    for fg in graphs:
        own = [ph for ph in fg.inputs if not any(ph is p for _, p in
                                                   fg.captures)]
        by_tensor = {id(t): ph for t, ph in fg.captures}
        args = list(own)
        for t in outer:
            ph = by_tensor.get(id(t))
            if ph is None:
                ph = fg.add_arg(t.dtype, t.shape, name="capture")
                fg.inputs.pop()
                fg.captures.append((t, ph))
            args.append(ph)
        fg.inputs = args
    g = graphs[0].outer
    return outer, [t if t.graph is g else g.capture(t) for t in outer]


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None,
         fn1=None, fn2=None):
    """tf.cond: true_fn() if `pred` (a scalar bool tensor) is true, else
    false_fn(); only the branch taken runs. Both return the same structure
    of tensors with the same dtypes and ranks; a dim the branches disagree
    on is unknown in the result. A single-element list is returned as its
    element unless `strict`."""
    true_fn = true_fn if true_fn is not None else fn1
    false_fn = false_fn if false_fn is not None else fn2
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("tf.cond needs callable true_fn and false_fn")
    g = get_default_graph()
    pred = _check_pred(pred, "the predicate of tf.cond")
    with g.name_scope(name or "cond") as scope:
        scope = scope.rstrip("/")
        branches, results = [], []
        for fn, part in ((true_fn, "true"), (false_fn, "false")):
            fg = FuncGraph(scope + "/" + part, g)
            result, flat = _trace(fn, fg, [], "tf.cond's %s_fn" % part)
            fg.outputs = flat
            branches.append(fg)
            results.append((result, flat))
        (t_res, t_flat), (f_res, f_flat) = results
        assigned = []
        for fg in branches:
            for v in fg.assigned:
                if not any(v is a for a in assigned):
                    assigned.append(v)
        if not _same_structure(t_res, f_res) or len(t_flat) != len(f_flat):
            raise ValueError("true_fn and false_fn of tf.cond must return "
                             "the same structure, got %r and %r"
                             % (t_res, f_res))
        if not t_flat:
            raise ValueError("true_fn and false_fn of tf.cond return no "
                             "tensors")
        outputs = []
        for k, (a, b) in enumerate(zip(t_flat, f_flat)):
            if a.dtype != b.dtype:
                raise ValueError(
                    "output %d of tf.cond: true_fn returns %s but false_fn "
                    "returns %s" % (k, a.dtype.name, b.dtype.name))
            shape = _most_specific(a.shape, b.shape)
            if shape is None:
                raise ValueError(
                    "output %d of tf.cond: true_fn returns shape %s but "
                    "false_fn shape %s: the ranks must agree" % (
                        k, format_shape(a.shape), format_shape(b.shape)))
            outputs.append((a.dtype, shape))
        # Each branch gives the final value of every variable either assigns.
        for fg in branches:
            fg.outputs = fg.outputs + [fg.capture(v) for v in assigned]
        outputs += [(v.dtype, v.shape) for v in assigned]
        _, captured = _unify_captures(branches)
        then_name = _register(branches[0])
        else_name = _register(branches[1])
        op = g.create_op("If", [pred] + captured, {
            "then_branch": ("string", then_name),
            "else_branch": ("string", else_name)}, outputs, name="If")
        n = len(t_flat)
        after = _assign_after(g, zip(assigned, op.outputs[n:]))
    packed = _pack(t_res, _after(after, op.outputs[:n]))
    if not strict and isinstance(packed, (list, tuple)) and \
            len(packed) == 1 and not hasattr(packed, "_fields"):
        return packed[0]
    return packed


def case(pred_fn_pairs, default=None, exclusive=False, strict=False,
         name="case"):
    """tf.case: the fn of the first pair whose predicate is true, else
    default() (without one, the last pair's fn). Built as nested conds;
    `exclusive` is accepted but not checked at run time."""
    if isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = list(pred_fn_pairs.items())
    pairs = list(pred_fn_pairs)
    if not pairs:
        if default is None:
            raise ValueError("tf.case needs pred_fn_pairs or a default")
        return default()
    for p in pairs:
        if not isinstance(p, (list, tuple)) or len(p) != 2 or \
                not callable(p[1]):
            raise TypeError("tf.case: each entry of pred_fn_pairs must be a "
                            "(predicate, callable) pair, got %r" % (p,))
    if default is None:
        pairs, default = pairs[:-1], pairs[-1][1]
        if not pairs:
            return default()
    g = get_default_graph()
    with g.name_scope(name):
        fn = default
        for p, f in reversed(pairs):
            fn = (lambda p=p, f=f, rest=fn:
                  cond(p, f, rest, strict=strict, name="case"))
        return fn()


def while_loop(cond, body, loop_vars, shape_invariants=None,
               parallel_iterations=10, back_prop=True, swap_memory=False,
               name=None, maximum_iterations=None,
               return_same_structure=False):
    """tf.while_loop: while cond(*loop_vars), loop_vars = body(*loop_vars).
    `loop_vars` is a (nested) list, tuple or dict of tensors; body returns
    the same structure. A loop variable keeps its dtype and shape unless
    `shape_invariants` (the same structure of shapes) leaves dims unknown,
    as in TensorFlow 1.x. With `maximum_iterations`, at most that many
    iterations run. Tensors of the enclosing graph may be used inside."""
    if not callable(cond) or not callable(body):
        raise TypeError("tf.while_loop needs callable cond and body")
    g = get_default_graph()
    as_list = isinstance(loop_vars, (list, tuple)) and \
        not hasattr(loop_vars, "_fields")
    structure = loop_vars if as_list else [loop_vars]
    flat = [convert_to_tensor(v) for v in _flatten(structure)]
    if not flat:
        raise ValueError("tf.while_loop needs at least one loop variable")
    if shape_invariants is None:
        invariants = [v.shape for v in flat]
    else:
        inv = shape_invariants if as_list else [shape_invariants]
        inv = _flatten_shapes(inv)
        if len(inv) != len(flat):
            raise ValueError("shape_invariants has %d shapes for %d loop "
                             "variables" % (len(inv), len(flat)))
        invariants = []
        for v, s in zip(flat, inv):
            s = TensorShape(s)
            if not _compatible(v.shape, s):
                raise ValueError(
                    "The shape invariant specified for %s is not compatible "
                    "with the initial shape of the loop variable. It enters "
                    "the loop with shape %s, but the specified shape "
                    "invariant is %s." % (v.name, v.shape, s))
            if s.dims is None:
                raise ValueError(
                    "the shape invariant of %s has an unknown rank: tfcc "
                    "loop variables keep their rank" % v.name)
            invariants.append(s)
    with g.name_scope(name or "while") as scope:
        scope = scope.rstrip("/")
        counted = maximum_iterations is not None
        if counted:
            limit = convert_to_tensor(maximum_iterations)
            if limit.dtype not in (_dt.int32, _dt.int64) or \
                    limit.shape.dims != ():
                raise ValueError("maximum_iterations must be a scalar int32 "
                                 "or int64, got %s of shape %s"
                                 % (limit.dtype.name,
                                    format_shape(limit.shape)))
            from . import ops
            flat = [ops.constant(0, limit.dtype, name="iteration")] + flat
            invariants = [TensorShape([])] + invariants

        def unpack(args):
            vs = args[1:] if counted else args
            packed = _pack(structure, vs)
            return packed if as_list else [packed]

        cond_fg = FuncGraph(scope + "/cond", g)
        with cond_fg.as_default():
            args = [cond_fg.add_arg(v.dtype, s, name="loop_var")
                    for v, s in zip(flat, invariants)]
            pred = cond(*unpack(args))
            pred = _check_pred(pred, "the result of tf.while_loop's cond")
            if pred.graph is not cond_fg:
                pred = cond_fg.capture(pred)
            if counted:
                from . import ops
                pred = ops.logical_and(ops.less(args[0], limit), pred)
            cond_fg.outputs = [pred]

        body_fg = FuncGraph(scope + "/body", g)
        with body_fg.as_default():
            args = [body_fg.add_arg(v.dtype, s, name="loop_var")
                    for v, s in zip(flat, invariants)]
            result = body(*unpack(args))
            if not as_list or (len(structure) == 1 and
                               not isinstance(result, (list, tuple))):
                result = [result]
            if not _same_structure(list(structure), list(result)):
                raise ValueError("the body of tf.while_loop must return the "
                                 "structure of loop_vars, got %r" % (result,))
            nxt = _results(body_fg, _flatten(result),
                           "the body of tf.while_loop")
            if counted:
                from . import ops
                nxt = [ops.add(args[0], ops.constant(1, limit.dtype))] + nxt
            for k, (v, n, s) in enumerate(zip(flat, nxt, invariants)):
                if v.dtype != n.dtype:
                    raise ValueError(
                        "Input tensor '%s' enters the loop with dtype %s, "
                        "but the body returns dtype %s for it"
                        % (v.name, v.dtype.name, n.dtype.name))
                if not _compatible(n.shape, s):
                    raise ValueError(
                        "Input tensor '%s' enters the loop with shape %s, but "
                        "has shape %s after one iteration. To allow the shape "
                        "to vary across iterations, use the `shape_invariants`"
                        " argument of tf.while_loop to specify a "
                        "less-specific shape." % (v.name, s, n.shape))
            body_fg.outputs = nxt
        if cond_fg.assigned:
            raise ValueError("the cond of tf.while_loop assigns variable "
                             "%s: only the body may" % cond_fg.assigned[0].name)
        # A variable the body assigns enters as a capture (its value at the
        # start of the iteration) and leaves as the body's current value.
        for v in body_fg.assigned:
            if not any(v is t for t, _ in body_fg.captures):
                body_fg.captures.append((v, body_fg.add_arg(
                    v.dtype, v.shape, name="capture")))
        outer, captured = _unify_captures([cond_fg, body_fg])
        # A captured tensor is a loop variable that the body passes on,
        # unless it is a variable the body assigns.
        body_fg.outputs = body_fg.outputs + [
            body_fg._values.get(id(t), ph) for t, ph in zip(
                outer, body_fg.inputs[len(flat):])]
        cond_name = _register(cond_fg)
        body_name = _register(body_fg)
        outputs = [(v.dtype, s) for v, s in zip(flat, invariants)] + \
            [(t.dtype, t.shape) for t in captured]
        op = g.create_op("While", flat + captured, {
            "cond": ("string", cond_name), "body": ("string", body_name),
            "parallel_iterations": ("int", int(parallel_iterations))},
            outputs, name="While")
        by_id = {id(t): k for k, t in enumerate(outer)}
        after = _assign_after(g, [
            (v, op.outputs[len(flat) + by_id[id(v)]])
            for v in body_fg.assigned])
    results = _after(after, op.outputs[1 if counted else 0:len(flat)])
    packed = _pack(structure, results)
    if as_list and not return_same_structure and len(packed) == 1 and \
            not hasattr(packed, "_fields"):
        return packed[0]
    return packed if as_list else packed[0]


def _flatten_shapes(s):
    if isinstance(s, TensorShape) or s is None:
        return [s]
    if isinstance(s, dict):
        return [x for k in sorted(s) for x in _flatten_shapes(s[k])]
    if isinstance(s, (list, tuple)) and s and \
            all(isinstance(d, (int, type(None))) for d in s):
        return [TensorShape(s)]
    if isinstance(s, (list, tuple)):
        if not s:
            return [TensorShape([])]
        return [x for v in s for x in _flatten_shapes(v)]
    return [TensorShape(s)]


def _compatible(shape, invariant):
    """Whether `shape` fits `invariant`: its rank, and its dims where the
    invariant knows them."""
    if invariant.dims is None:
        return True
    if shape.dims is None or len(shape.dims) != len(invariant.dims):
        return False
    return all(i is None or d == i for d, i in zip(shape.dims,
                                                   invariant.dims))


# --- map_fn, scan, foldl, foldr: while loops over the first dimension ------

def _sequence(elems, what):
    """The flat tensors of `elems` and their common first dim: an int, or
    a scalar int32 tensor when only the run knows it."""
    flat = [convert_to_tensor(e) for e in _flatten(elems)]
    if not flat:
        raise ValueError("%s needs elems" % what)
    sizes = set()
    for t in flat:
        if t.shape.rank is None or t.shape.rank == 0:
            raise ValueError("%s: elems must have rank 1 or more, got %s"
                             % (what, format_shape(t.shape)))
        sizes.add(t.shape.dims[0])
    known = sizes - {None}
    if len(known) > 1:
        raise ValueError("%s: elems must have the same first dimension, got "
                         "%s" % (what, sorted(known)))
    if known:
        return flat, known.pop()
    from . import ops
    return flat, ops.shape(flat[0])[0]


def _first_call(fn, what, *args):
    """fn(*args) for element 0, which map_fn and scan compute before their
    loop. In the graph itself an assignment there would be lost (nothing
    depends on it), so it is an error."""
    g = get_default_graph()
    before = len(g.get_operations())
    result = fn(*args)
    if not isinstance(g, FuncGraph) and any(
            op.type in _ASSIGNS for op in g.get_operations()[before:]):
        raise NotImplementedError(
            "%s: fn assigns a variable, which is not supported" % what)
    return result


def _item(elems, flat, i):
    """elems[i] for a scalar int tensor i, in elems' structure."""
    from . import ops
    return _pack(elems, [ops.gather(t, i) for t in flat])


def _fold(fn, elems, initializer, name, reverse):
    what = "tf.foldr" if reverse else "tf.foldl"
    from . import ops
    g = get_default_graph()
    with g.name_scope(name or ("foldr" if reverse else "foldl")):
        flat, n = _sequence(elems, what)
        if initializer is None:
            if isinstance(n, int) and n == 0:
                raise ValueError("%s of empty elems needs an initializer"
                                 % what)
            first = n - 1 if reverse else 0
            acc = _item(elems, flat, convert_to_tensor(first))
            start = first - 1 if reverse else 1
        else:
            acc = initializer
            start = n - 1 if reverse else 0
        start = convert_to_tensor(start)
        step = -1 if reverse else 1

        def body(i, a):
            return i + step, fn(a, _item(elems, flat, i))

        def more(i, a):
            return ops.greater_equal(i, 0) if reverse else ops.less(i, n)
        _, acc = while_loop(more, body, [start, acc],
                            return_same_structure=True)
    return acc


def foldl(fn, elems, initializer=None, parallel_iterations=10,
          back_prop=True, swap_memory=False, name=None):
    """tf.foldl: fn(...fn(fn(initializer, elems[0]), elems[1])...), a
    tf.while_loop over elems' first dimension (static). Without an
    initializer, elems[0] starts the fold."""
    return _fold(fn, elems, initializer, name, reverse=False)


def foldr(fn, elems, initializer=None, parallel_iterations=10,
          back_prop=True, swap_memory=False, name=None):
    """tf.foldr: foldl from the last element to the first."""
    return _fold(fn, elems, initializer, name, reverse=True)


def _empty_rows(n, like, rows=None):
    """Zeros of shape [n] + like.shape and like's dtype (dims unknown in
    `like` taken from it at run time). A run-time n comes with `rows`, a
    tensor whose first dim is n."""
    from . import ops
    like = convert_to_tensor(like)
    if isinstance(n, int) and like.shape.is_fully_defined():
        return ops.zeros([n] + like.shape.as_list(), like.dtype)
    # Built in int32 (booleans do not add), then cast.
    if isinstance(n, int):
        column = ops.zeros([n] + [1] * like.shape.rank, _dt.int32)
    else:
        rows = convert_to_tensor(rows)
        first = ops.slice(rows, [0] * rows.shape.rank,
                          [-1] + [1] * (rows.shape.rank - 1))
        column = ops.reshape(ops.zeros_like(first, dtype=_dt.int32),
                             [-1] + [1] * like.shape.rank)
    zeros = ops.zeros_like(like, dtype=_dt.int32)
    return ops.cast(ops.expand_dims(zeros, 0) + column, like.dtype)


def _set_row(acc, i, value):
    """acc with row i (a scalar int32 tensor) replaced by `value`, in
    place (TensorScatterUpdate of one row)."""
    from . import ops
    return ops.tensor_scatter_nd_update(acc, ops.reshape(i, [1, 1]),
                                        ops.expand_dims(value, 0))


def _stacked_loop(first, step, n, name, rows=None):
    """[first] + [step(i, previous) for i in 1..n-1], each output of the
    structure `first` stacked along a new first dim: a while loop that
    writes row i of [n, ...] accumulators. `step(i, previous)` gives the
    structure for iteration i."""
    from . import ops
    with get_default_graph().name_scope(name):
        flat_first = [convert_to_tensor(t) for t in _flatten(first)]
        accs = [_set_row(_empty_rows(n, t, rows), ops.constant(0), t)
                for t in flat_first]

        def body(i, prev, accs):
            cur = step(i, _pack(first, prev))
            flat_cur = [convert_to_tensor(t) for t in _flatten(cur)]
            if len(flat_cur) != len(flat_first):
                raise ValueError("fn must return the same structure every "
                                 "time, got %r" % (cur,))
            accs = [_set_row(a, i, c) for a, c in zip(accs, flat_cur)]
            return i + 1, flat_cur, accs
        _, _, accs = while_loop(lambda i, p, a: ops.less(i, n), body,
                                [ops.constant(1), flat_first, accs],
                                return_same_structure=True)
    return _pack(first, accs)


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True,
           swap_memory=False, infer_shape=True, name=None):
    """tf.map_fn: fn applied to each element of elems along its first
    dimension (static, at least 1), the results stacked: a tf.while_loop.
    fn may return a structure of tensors of any shapes that stay the same
    from element to element."""
    flat, n = _sequence(elems, "tf.map_fn")
    if isinstance(n, int) and n == 0:
        raise ValueError("tf.map_fn of empty elems is not supported")
    from . import ops
    with get_default_graph().name_scope(name or "map"):
        first = _first_call(fn, "tf.map_fn",
                            _item(elems, flat, ops.constant(0)))
        return _stacked_loop(first,
                             lambda i, prev: fn(_item(elems, flat, i)), n,
                             "loop", flat[0])


def scan(fn, elems, initializer=None, parallel_iterations=10,
         back_prop=True, swap_memory=False, infer_shape=True, reverse=False,
         name=None):
    """tf.scan: the sequence of accumulators a_i = fn(a_{i-1}, elems[i])
    stacked along a new first dimension; without an initializer a_0 is
    elems[0] (and is the first output). elems' first dimension is static."""
    if reverse:
        raise NotImplementedError("tf.scan(reverse=True) is not supported")
    flat, n = _sequence(elems, "tf.scan")
    if isinstance(n, int) and n == 0:
        raise ValueError("tf.scan of empty elems is not supported")
    from . import ops
    with get_default_graph().name_scope(name or "scan"):
        x0 = _item(elems, flat, ops.constant(0))
        first = x0 if initializer is None else \
            _first_call(fn, "tf.scan", initializer, x0)
        return _stacked_loop(
            first, lambda i, prev: fn(prev, _item(elems, flat, i)), n, "loop",
            flat[0])
