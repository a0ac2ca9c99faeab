//===- Passes.td - tfcc graph-level passes -------------------*- tablegen -*-===//

#ifndef TFCC_TRANSFORMS_PASSES
#define TFCC_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def TfccDecompose : Pass<"tfcc-decompose", "func::FuncOp"> {
  let summary = "Expands composite tfcc ops into primitive tfcc ops";
  let description = [{
    Rewrites `tfcc.softmax` and `tfcc.log_softmax` into reductions and
    elementwise ops, subtracting the maximum along the axis first so that
    `exp` cannot overflow:

      softmax(x)     = e / reduce_sum(e),  e = exp(x - reduce_max(x))
      log_softmax(x) = s - log(reduce_sum(exp(s))),  s = x - reduce_max(x)

    Inference-form normalizations become reductions and elementwise ops,
    per-channel vectors reshaped to broadcast along their axis:

      batch_norm(x) = (x - mean) * (scale * rsqrt(variance + epsilon))
                      + offset
      layer_norm(x) = d * rsqrt(reduce_mean(d * d) + epsilon) * scale + bias,
                      d = x - reduce_mean(x)  (over axis..rank-1)

    Doing this on the graph, before lowering, means the lowering handles only
    primitive ops and later fusion sees the whole computation.
  }];
  let dependentDialects = ["tfcc::TfccDialect"];
}

def TfccFoldBatchNorm : Pass<"tfcc-fold-batch-norm", "func::FuncOp"> {
  let summary = "Folds inference batch norms into the weights before them";
  let description = [{
    A `tfcc.batch_norm` whose input is a `tfcc.conv2d` or a `tfcc.matmul`
    by a 2-D B, optionally followed by the add of a per-channel bias (ONNX
    Conv's), normalized along that op's output channels (NCHW: 1, NHWC: 3,
    a matmul: the last dimension), with the weight, the bias and the four
    vectors constants and no other user of the intermediate results, is
    the same op with each output channel's weights multiplied by

      f = scale / sqrt(variance + epsilon)

    followed by the add of (bias - mean) * f + offset. Computed in double
    and rounded to the element type once. The batch norm then costs
    nothing at run time, and the bias add fuses with what follows. Runs
    before `tfcc-decompose`, which expands the batch norms left.
  }];
  let dependentDialects = ["tfcc::TfccDialect"];
}

def TfccChannelsLast : Pass<"tfcc-channels-last", "func::FuncOp"> {
  let summary = "Runs GEMM-sized NCHW convolutions as NHWC ones";
  let description = [{
    Rewrites each ungrouped f32 `tfcc.conv2d` in NCHW with static shapes,
    at least 32 output channels (those the lowering takes through im2col
    and a GEMM) as a transpose of its input to NHWC, an
    NHWC convolution with the filter transposed to `[KH, KW, C, O]` and a
    transpose of the result back to NCHW. Then moves those transposes
    forward through what follows: unary elementwise ops, binary ones whose
    other operand is transposed alike, a rank-4 constant or a scalar or has
    the result's shape, NCHW pooling (which becomes NHWC) and reductions
    that keep their dims; where a transpose meets its inverse (the input
    of the next convolution), both go.

    As NHWC the GEMM's N is the output channels and M the output
    positions: im2col's rows are read in place, nothing is packed at run
    time and nothing is unpacked, and a small feature map (7x7) no longer
    pads N to whole register panels. ONNX Runtime and TensorFlow's layout
    optimizer make the same move. Runs after `tfcc-decompose` and before
    `tfcc-fold-constants`, which evaluates the transposed filters and
    biases. A graph without an NCHW convolution is left as it is.
  }];
  let dependentDialects = ["tfcc::TfccDialect"];
}

def TfccFoldConstants : Pass<"tfcc-fold-constants", "func::FuncOp"> {
  let summary = "Evaluates reshapes, slices and transposes of constants";
  let description = [{
    Replaces `tfcc.reshape`, `tfcc.slice` and `tfcc.transpose` of a
    `tfcc.constant` (8- to 64-bit elements, static shapes), and `tfcc.add`,
    `sub` and `mul` of two float constants of the result's shape, and
    `tfcc.matmul` of a zero constant by a finite one (a recurrent layer's
    zero initial state), by the constant they compute. These are the ops importers put between a weight
    and its use (ONNX LSTM and GRU weights sliced per direction and
    reshaped, transposed matmul weights, the LSTM's two biases); once they
    are constants, tfcc-pack-contractions packs the weights at compile time
    instead of on every run. The constants they read are erased when
    nothing else uses them.
  }];
  let dependentDialects = ["tfcc::TfccDialect"];
}

def TfccStridedCopyToLinalg
    : Pass<"tfcc-strided-copy-to-linalg", "func::FuncOp"> {
  let summary = "Turns memref.copy between strided buffers into linalg.copy";
  let description = [{
    The LLVM lowering of a `memref.copy` whose source or target is not
    contiguous (a subview written by concat, a slice returned as a result)
    calls `memrefCopy` from MLIR's C runner utilities, a library compiled
    models do not link. As `linalg.copy` such a copy becomes plain loops.
    Copies between contiguous buffers are left alone: they lower to memcpy.
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def TfccPlaceDevices : Pass<"tfcc-place-devices", "ModuleOp"> {
  let summary = "Places every op on a device, as TensorFlow's placer does";
  let description = [{
    Every op of every function (its terminator aside) is placed on a
    device, `"cpu:N"` or `"gpu:N"`, recorded as `tfcc.device` (an op
    without one is on `cpu:0`, as it and the default asked): the device its
    hint asks for
    (`tfcc.device_hint`, which the `.tfg` importer records from a node's
    device, `tf.device`), else `default-device` (`cpu:0` when empty; the
    driver's `--device`). Ops that must live on one device form colocation
    groups, merged with union-find: the ops that read or assign one
    variable, and an op with `tfcc.colocate_with` (node names, from
    `tf.colocate_with`, TensorFlow's `_class` attribute) with the ops of
    those nodes (a node named after a variable: its reads and assigns; a
    node not in the graph constrains nothing). Members of a group that ask
    for different devices are an error naming both.

    A device must have a kernel for every op of a group placed there. Every
    op has one on the CPU, and on a GPU every op but those that lower to
    sequential loops (top-k, cumulative and segment sums) and calls. A
    group asked onto a device without a kernel for one of its ops is, with
    `soft-placement` (TensorFlow's `allow_soft_placement`; the driver's
    `--soft-placement`), placed on `cpu:0` with a remark at each op that
    lacks the kernel, and without it an error naming the op and the device.
    A function that already has `tfcc.device` (the CPU twin that
    `--device=auto` keeps) is placed as a whole and left alone. Graph
    rewrites after placement give the ops they make the device of the op
    they rewrite. Placement runs first in the graph phase, before variables
    are lifted.
  }];
  let options = [
    Option<"defaultDevice", "default-device", "std::string", /*default=*/"",
           "Device of the ops without a hint: cpu, gpu, cpu:N or gpu:N "
           "(default cpu:0)">,
    Option<"softPlacement", "soft-placement", "bool", /*default=*/"false",
           "Place ops on the CPU when the device they ask for has no "
           "kernel for them, instead of failing">,
  ];
}

def TfccPartitionDevices : Pass<"tfcc-partition-devices", "ModuleOp"> {
  let summary = "Moves the ops placed on a GPU into functions of that GPU";
  let description = [{
    TensorFlow's graph partitioner, for a host that calls its devices. In
    each function whose ops `tfcc-place-devices` put on a GPU, the ops are
    first reordered (list scheduling: of the ops whose operands are ready,
    one on the device of the op before, else the first in program order),
    so that ops of one device follow each other where their dependences
    allow. Each maximal run of one GPU's ops then becomes a private
    function `@<function>_gpu_<N>_<k>` marked `tfcc.device = "gpu:N"`,
    called from the host in the run's place. Constants are copied into each
    function that uses them (device code keeps them resident).

    Only the edges between the host and a device function are cut, and each
    gets an explicit `tfcc.transfer` inside the device function: its
    arguments are copied to the device where it starts, its results to the
    host before it returns. CPU devices other than cpu:0 share the host.
    Values passed between two device functions go through the host.
  }];
}

def TfccThreadRandomState : Pass<"tfcc-thread-random-state", "ModuleOp"> {
  let summary = "Gives each random op its execution counter";
  let description = [{
    A `tfcc.random` without a counter draws from the model's generator
    state, as TensorFlow's stateful random ops do. This pass makes that
    state the variable `tfcc:random_counter` (a rank-0 `i64`, starting at
    0), so that it is part of each model instance and of its checkpoints:
    a function that has random ops reads it at its start, gives each
    random op in program order the current value as its `counter` and
    adds one, and assigns the final value back before it returns. Loops
    carry the counter as one more loop variable and conditionals yield it
    from both branches, so every iteration draws new numbers.

    Afterwards the random ops are pure functions of their operands: a
    gradient that recomputes a loop body recomputes the same numbers.
    Random ops in a loop's condition region are rejected (the condition
    yields only the predicate).
  }];
  let dependentDialects = ["tfcc::TfccDialect"];
}

def TfccLiftVariables : Pass<"tfcc-lift-variables", "ModuleOp"> {
  let summary = "Threads variables through functions as arguments and results";
  let description = [{
    Compiled code has no global state: a model instance owns its variables
    and hands them to each run. This pass makes that explicit. In every
    function that reads or writes variables, each variable it uses becomes
    an extra argument (its value at the start of the run) and each variable
    it writes an extra result (its value at the end), both marked
    `tfcc.variable = "<name>"`, where the name is the variable's symbol, or
    its `tfcc.name` attribute when it has one (an importer's variable whose
    name is taken by the function). Extra arguments follow the existing ones and
    extra results the existing results, in the order of the `tfcc.variable`
    ops in the module. The ops then become SSA values in block order:
    `read_variable` is the variable's current value, `assign` makes its value
    the current one, `assign_add`/`assign_sub` add/subtract with `tfcc.add`/
    `tfcc.sub`. The `tfcc.variable` ops stay; the driver takes the initial
    values from them.

    State ops must be in a function's body block (not nested in a region),
    and a function that calls a function using variables is rejected: the
    callee would need the caller's state threaded through the call.
  }];
  let dependentDialects = ["tfcc::TfccDialect"];
}

def TfccAutodiff : Pass<"tfcc-autodiff", "ModuleOp"> {
  let summary = "Expands tfcc.gradients into explicit backward ops";
  let description = [{
    Reverse-mode automatic differentiation on the graph, with TensorFlow's
    `tf.gradients` semantics. For each `tfcc.gradients(ys) wrt (xs)`, the
    ops in its block that lie on a path from an x to a y are visited in
    reverse order; each op's gradient rule (lib/Transforms/GradientRules.h)
    turns the gradients of its results into gradients of its operands, and
    the contributions of all uses of a value are summed. The ys' gradients
    start as the seeds (ones by default). Integer and boolean values carry
    no gradient; an x that no y depends on gets zeros. No gradient flows
    through `tfcc.stop_gradient`, which the pass then replaces by its
    operand.

    Rules read only the forward values their formula needs (exp's rule uses
    the exp's result), so later bufferization frees every other forward
    value as early as without the backward pass. It runs first in the graph
    phase, so that rules see the ops as written: softmax, batch_norm and
    layer_norm have their own rules instead of differentiating their
    decompositions. A path through an op without a rule is an error naming
    the op.

    `list-rules` prints the names of the ops that have a rule, one a line,
    and changes nothing (the gradient checks use it to cover every rule).
  }];
  let options = [
    Option<"listRules", "list-rules", "bool", /*default=*/"false",
           "Print the ops that have a gradient rule and do nothing else">,
  ];
  let dependentDialects = ["tfcc::TfccDialect", "tensor::TensorDialect",
                           "arith::ArithDialect"];
}

#endif // TFCC_TRANSFORMS_PASSES
