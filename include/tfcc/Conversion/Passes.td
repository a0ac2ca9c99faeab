//===- Passes.td - tfcc lowering passes ----------------------*- tablegen -*-===//

#ifndef TFCC_CONVERSION_PASSES
#define TFCC_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

class TfccToLinalgPass<string flag, string family> :
    Pass<flag, "func::FuncOp"> {
  let summary = "Lowers tfcc " # family # " ops to linalg, tensor and arith";
  let dependentDialects = [
    "linalg::LinalgDialect", "tensor::TensorDialect",
    "arith::ArithDialect", "math::MathDialect"
  ];
}

def ConvertTfccControlFlowToScf
    : Pass<"convert-tfcc-control-flow-to-scf", "func::FuncOp"> {
  let summary = "Lowers tfcc.cond and tfcc.while to scf.if and scf.while";
  let dependentDialects = [
    "scf::SCFDialect", "tensor::TensorDialect", "arith::ArithDialect",
    "linalg::LinalgDialect"
  ];
  let description = [{
    Runs first in the linalg phase, so that the other lowerings find the
    ops of the regions inside `scf` ops and bufferization handles the loops
    as it handles any `scf` loop. The predicate is read with
    `tensor.extract`. A value a region yields whose type is more specific
    than the result's is cast to it (`tensor.cast`). A maximum trip count
    becomes an `i64` counter carried by the loop and tested with the
    condition. The next value of a loop variable of static shape is copied
    into the iteration's own (`linalg.copy`), so that bufferization keeps
    one buffer per variable across iterations instead of allocating and
    copying one each time; the function's arguments are then marked
    `bufferization.writable = false`, so that a variable that starts as an
    argument gets a buffer of its own instead of the caller's.
  }];
}

def ConvertTfccElementwiseToLinalg
    : TfccToLinalgPass<"convert-tfcc-elementwise-to-linalg", "elementwise"> {
  // Integer pow loops over the exponent's bits (scf.while).
  let dependentDialects = [
    "linalg::LinalgDialect", "tensor::TensorDialect",
    "arith::ArithDialect", "math::MathDialect", "scf::SCFDialect"
  ];
  let description = [{
    Lowers constants, broadcasting binary ops, comparisons, select, unary
    ops, casts and broadcast_to. Each op becomes one all-parallel
    `linalg.generic` over the result shape; an operand dimension of static
    size 1 that stretches is read through a constant-0 index, so no
    broadcast copy is materialized. Dynamic result sizes come from
    `tensor.dim` of an operand that has the dimension.
  }];
}

def ConvertTfccMatMulToLinalg
    : TfccToLinalgPass<"convert-tfcc-matmul-to-linalg", "matmul"> {
  let description = [{
    Lowers `tfcc.matmul` to a zero-filled accumulator and a
    `linalg.generic` contraction whose indexing maps encode the transpose
    flags and batch broadcasting, so no transposed copy is made. Plain 2-D
    products use `linalg.matmul` so that later tiling sees a named op.
  }];
}

def ConvertTfccReductionToLinalg
    : TfccToLinalgPass<"convert-tfcc-reduction-to-linalg", "reduction"> {
  let description = [{
    Lowers `reduce_sum/mean/max/min/prod` to `linalg.reduce` from the
    identity of the reduction (0, -inf, +inf, the integer extremes, or 1).
    `reduce_mean` divides by the number of reduced elements, computed at
    run time for dynamic dimensions. `keep_dims` re-inserts the unit
    dimensions with `tensor.expand_shape`, which costs no copy.
  }];
}

def ConvertTfccShapeToTensor
    : TfccToLinalgPass<"convert-tfcc-shape-to-tensor", "shape"> {
  let dependentDialects = [
    "linalg::LinalgDialect", "tensor::TensorDialect",
    "arith::ArithDialect", "math::MathDialect",
    "bufferization::BufferizationDialect"
  ];
  let description = [{
    Lowers reshape (`tensor.reshape` with a run-time shape when a size is
    inferred from a dynamic input), transpose (`linalg.transpose`), concat
    (`tensor.insert_slice` into one result), slice
    (`tensor.extract_slice`), transfer (`bufferization.alloc_tensor`
    copying the tensor: a buffer of its own, which the device function it
    is in places), dim (`tensor.dim`), zeros (`tensor.empty` and
    `linalg.fill`) and set_item (a rank-reducing `tensor.insert_slice`,
    which bufferizes in place into a loop's buffer).
  }];
}

def ConvertTfccRandomToLinalg
    : TfccToLinalgPass<"convert-tfcc-random-to-linalg", "random"> {
  let description = [{
    Lowers `tfcc.random` (which `tfcc-thread-random-state` has given its
    counter) to one all-parallel `linalg.generic` over the result: each
    element computes its Philox-4x32-10 block from its row-major position
    (`linalg.index`) and the counter with `arith.mului_extended`, and maps
    its words to the distribution (mantissa bits for uniform floats,
    Box-Muller for normal, an erfinv polynomial for truncated normal).
    No element depends on another, so tiling, vectorization and threads
    leave the numbers unchanged.
  }];
}

def ConvertTfccNNToLinalg
    : TfccToLinalgPass<"convert-tfcc-nn-to-linalg", "convolution, pooling and pad"> {
  let description = [{
    Lowers `conv2d`, `max_pool`, `avg_pool`, `pad` and the gradient ops of
    the first three.

    A sliding-window op pads its input with `tensor.pad` (zeros for conv2d
    and the average, `-inf` for the maximum, so padding never wins) and
    becomes one `linalg.generic` that reads the padded input at
    `o * stride + k * dilation`. conv2d splits the channels into
    `[groups, channels / groups]` with `tensor.expand_shape` (no copy), so
    grouped and depthwise convolutions need no special case, and collapses
    the result back. The generic's loop order is the loop nest that
    convert-linalg-to-loops builds: the reduction over channels and window
    sits just outside an innermost loop that is contiguous in the output,
    which LLVM vectorizes. conv2d: NCHW `(n, g, o, oh | c, kh, kw | ow)`,
    NHWC `(n, oh, ow, g | kh, kw, c | o)`; pooling:
    `(n, c, oh | kh, kw | ow)` and `(n, oh, ow | kh, kw | c)`.
    `avg_pool` then divides by `kh * kw` or by the number of in-bounds taps,
    computed from the output position.

    `pad` crops negative entries with `tensor.extract_slice`; constant mode
    is a `tensor.pad`, reflect and edge a `linalg.generic` that reads the
    cropped input at a mirrored or clamped index.

    An ungrouped f32 conv2d with static channels, window and spatial sizes
    and 32 or more output channels is instead an im2col generic and a
    matmul-shaped contraction, which the codegen phase packs and tiles like
    any matmul. Its gradients with 32 or more result channels too: the
    input gradient as the same convolution of the zero-inserted dy (below)
    with the filter flipped in space and its channels swapped, the filter
    gradient as one contraction of dy and the im2col columns over batch and
    output positions. With fewer channels each im2col element would be used
    too few times to pay for writing and packing it, and they stay direct
    (tfcc-vectorize-elementwise makes the direct loops a register tile).

    An NHWC 3x3 convolution at stride 1 with a constant filter and enough
    tiles uses Winograd's minimal filtering F(m x m, 3 x 3) (Lavin and
    Gray): the filter transform G g G^T is evaluated at compile time into a
    constant [(m + 2)^2, C, O]; the input transform BT d BT^T and the output
    transform AT M AT^T are two elementwise generics each (the small matrix
    along the tiles' rows, then their columns, unrolled into fused
    multiply-adds vectorized along the channels); and the (m + 2)^2
    products are one batched contraction [tiles, C] x [C, O] that the
    codegen phase packs like any GEMM. m = 4 does 4 times fewer
    multiply-adds than the direct sum, m = 2 2.25 times, with a transformed
    filter 4 or 1.8 times the original's size: m = 4 needs 36 tiles, m = 2
    16, else the GEMMs stream weights (`winograd-tile` caps m; 0 turns
    this off, as does a function placed on a GPU, whose kernels convolve
    directly). The output is computed in whole tiles and cut to size.

    Gradients: `conv2d_backprop_filter` is one generic over the filter
    that reduces over `(n, oh, ow)` of the padded input times dy, with the
    output channels innermost (NCHW works on transposed copies of dy and
    of the result); NCHW with fewer than 8 output channels a group instead
    sums along the output rows, partial sums over `(n, oh)` with `ow`
    innermost and then one reduction over `ow`, so that the rows fill the
    vectors that a handful of channels would not.
    `conv2d_backprop_input` and `avg_pool_grad` (dy first divided by each
    window's divisor) insert dy with the stride into a zero buffer
    (`tensor.insert_slice`) that one generic reads at
    `h + shift - k * dilation`. `max_pool_grad` finds each window's first
    maximum (a generic with two results), then gathers per input element
    the dy of the windows that chose it. When the windows tile the input
    (stride = kernel, no padding or dilation: 2x2 at stride 2) the argmax
    takes its taps from a constant instead of bounds-tested indices, and
    each input element is one select of its window's dy (read at
    `iw floordiv kw` along NCHW rows), so that both vectorize.
  }];
  let options = [
    Option<"winogradTile", "winograd-tile", "int64_t", "4",
           "Largest output tile m of Winograd's F(m x m, 3 x 3) for NHWC "
           "3x3 convolutions at stride 1 with a constant filter: 4 (or 2 "
           "when that leaves too few tiles), 2, or 0 for im2col GEMMs">,
  ];
}

def ConvertTfccIndexToLinalg
    : TfccToLinalgPass<"convert-tfcc-index-to-linalg", "index"> {
  // Segment sums, top_k and cumsum are loops over tensors (scf.for).
  let dependentDialects = [
    "linalg::LinalgDialect", "tensor::TensorDialect",
    "arith::ArithDialect", "math::MathDialect", "scf::SCFDialect"
  ];
  let description = [{
    Lowers `argmax`, `argmin`, `gather`, `one_hot`, `unsorted_segment_sum`,
    `scatter`, `cumsum` and `top_k`.

    The arg reductions are one `linalg.generic` whose reduction carries the
    best value and its `i64` index; the axis is visited in order, so
    keeping the first (or, with `select_last_index`, the last) of equal
    elements needs only a strict (or non-strict) comparison. `gather` and
    `one_hot` are all-parallel `linalg.generic` ops over the result:
    `gather` checks each index (`tfcc.assert`) and reads `params` with
    `tensor.extract` at the wrapped and clamped index, so no index can read
    out of bounds, and `one_hot`
    compares `linalg.index` along the new axis with the index.

    The others write to places chosen by data or scan in order, which
    linalg cannot express; they are `scf.for` loops carrying tensors,
    which one-shot bufferization turns into in-place updates.
    `unsorted_segment_sum` adds each data row into the row of its segment
    (`tensor.extract_slice` / `insert_slice` around an accumulating
    `linalg.generic`), skipping negative ids and checking that none is
    `num_segments` or more; `scatter` does the same from its base (adding
    or writing), after a first loop that checks every index, so a bad one
    writes nothing into a variable updated in place. `cumsum`
    carries the running sum of one slice across the axis. `top_k` keeps,
    per row, the sorted best `k` and inserts each element after the kept
    ones that rank at least as well, which makes ties stable.
  }];
}

def ConvertTfccParallelKernelsToLLVM
    : Pass<"convert-tfcc-parallel-kernels-to-llvm", "ModuleOp"> {
  let summary = "Runs the kernels of parallel loops on the runtime's thread "
                "pool";
  let dependentDialects = ["LLVM::LLVMDialect"];
  let description = [{
    `tfcc-outline-loop-nests` outlines the outermost loop of a nest whose
    iterations are independent (marked `tfcc.parallel` where tiling made
    it) into a kernel that runs iterations `[lo, hi)` of it, its last two
    arguments, and marks the kernel `tfcc.parallel` with an estimate of
    one iteration's cost. Once the module is in the LLVM dialect, where
    every argument is a scalar (memref descriptors expanded), each such
    kernel gets a task `void <kernel>_task(ptr, i64 lo, i64 hi)` that loads
    the other arguments from a struct, and each call of the kernel stores
    its arguments into such a struct in the caller's frame and calls the
    runtime's `tfcc_rt_parallel_for(task, struct, lo, hi, cost)` instead.
    The runtime runs the range on the calling thread alone when it is
    cheap or the run has one thread, and otherwise splits it among its
    pool's workers and the caller, returning when all are done.
  }];
}

def ConvertTfccGpuToRuntime
    : Pass<"convert-tfcc-gpu-to-runtime", "ModuleOp"> {
  let summary = "Lowers the host side of GPU functions to runtime calls";
  let dependentDialects = ["LLVM::LLVMDialect"];
  let description = [{
    After `tfcc-map-to-gpu`, `gpu-kernel-outlining` and
    `gpu-module-to-binary`, a GPU function's host code allocates device
    buffers (`gpu.alloc`, `gpu.dealloc`), copies whole buffers between
    memories (`gpu.memcpy`), reads weights (`memref.get_global`) and
    launches kernels (`gpu.launch_func` of a `gpu.binary` holding PTX).
    Each becomes a call into the runtime, which works on the model
    instance's CUDA stream: `tfcc_rt_gpu_alloc(bytes)`,
    `tfcc_rt_gpu_free(p)`, `tfcc_rt_gpu_copy(dst, src, bytes)`,
    `tfcc_rt_gpu_resident(host, bytes)` (the device copy of a weight,
    uploaded once and kept) and `tfcc_rt_gpu_launch(ptx, kernel, node, grid
    x, y, z, block x, y, z, params, n)` (`node`: the graph node the kernel
    computes, for the runtime's errors), whose `params` point to the
    kernel's
    operands with memref descriptors unpacked into their fields, as
    `convert-gpu-to-nvvm` declares them. Each binary's PTX and each
    kernel's name become private strings, and the module gets `tfcc.gpus`,
    the number of GPUs its functions use, for the model's spec. The pass
    runs before memrefs are lowered.

    Upstream's `gpu-to-llvm` calls the `mgpu*` wrappers instead, which
    create and destroy a stream around every launch and load every
    module from a global constructor: a library built so would fail to load
    without a GPU, and every launch would synchronize.
  }];
}

def ConvertTfccAssertToLLVM : Pass<"convert-tfcc-assert-to-llvm", "ModuleOp"> {
  let summary = "Lowers tfcc.assert to a call into the runtime";
  let dependentDialects = [
    "LLVM::LLVMDialect", "scf::SCFDialect", "arith::ArithDialect"
  ];
  let description = [{
    Each `tfcc.assert` becomes `scf.if` on the negated condition around a
    call to the runtime's `tfcc_rt_check_failed(message, n, v0, v1, v2,
    v3)`, with the message in a private constant global and the values
    widened to `i64`. That function does not return: it records the
    message with the values substituted and unwinds to `tfcc_model_run`,
    which frees the run's allocations and returns `TFCC_INVALID_ARGUMENT`.
    The generated code has no unwinding of its own, and a check that fails
    deep inside a loop nest (an index read from data) must still end the
    run, hence the jump. The pass runs once the module is made of loops,
    before the structured control flow is lowered.

    With `remove-checks` the checks are erased instead (`tfcc
    --no-runtime-checks`): unsafe, for measuring what the checks cost.
  }];
  let options = [
    Option<"removeChecks", "remove-checks", "bool", /*default=*/"false",
           "Erase the checks instead of lowering them">
  ];
}

#endif // TFCC_CONVERSION_PASSES
