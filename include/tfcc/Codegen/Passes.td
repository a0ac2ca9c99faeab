//===- Passes.td - tfcc CPU code generation passes -----------*- tablegen -*-===//
//
// The codegen phase: between the linalg lowering and bufferization, on
// tensors. Register tiles come from the target's vector width and register
// count, which the driver reads from `--mcpu`.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_CODEGEN_PASSES
#define TFCC_CODEGEN_PASSES

include "mlir/Pass/PassBase.td"

defvar TargetOptions = [
  Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"256",
         "Width of the target's widest vector registers in bits "
         "(256: AVX2, 512: AVX-512)">,
  Option<"vectorRegisters", "vector-registers", "int64_t", /*default=*/"16",
         "Number of vector registers (16 with AVX2, 32 with AVX-512)">,
];

defvar CacheOptions = [
  Option<"l2Bytes", "l2-bytes", "int64_t", /*default=*/"524288",
         "Size of one core's L2 cache in bytes, which decides where the "
         "reduction of a contraction is blocked (512 KiB: Zen 3; the "
         "driver reads it from --mcpu)">,
];

def TfccFuseElementwise : Pass<"tfcc-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuses chains of elementwise linalg ops into one loop nest";
  let description = [{
    Upstream's elementwise fusion (`linalg::populateElementwiseOpsFusionPatterns`)
    with tfcc's control: a producer is fused into its consumer when both are
    `linalg.generic`s with only parallel loops, the producer has no other
    use, and neither body has side effects (a `tfcc.assert` of an index or
    division check stays where it is). Contractions and reductions are
    neither producers nor consumers here, so that a matmul stays a
    multiply-add the packing recognizes; their elementwise consumers (bias,
    activation, residual add) become one pass over the result. A fusion
    whose body would exceed `max-body-ops` operations is not made: each
    fusion copies the producer's body, so an unbounded chain costs time
    quadratic in its length, and a loop body of thousands of operations
    gains nothing over a few loops of hundreds. With `remarks`, each
    fusion is reported as a remark at the producer.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark at each fused producer">,
    Option<"maxBodyOps", "max-body-ops", "unsigned", /*default=*/"256",
           "The most operations in a fused generic's body">,
  ];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect"];
}

def TfccFuseRows : Pass<"tfcc-fuse-rows", "func::FuncOp"> {
  let summary = "Computes row reductions and their elementwise consumers one "
                "row at a time";
  let description = [{
    Softmax (a max over each row, an exp of the row minus it, a sum, a
    division) and layer norm (a mean, a centring, a variance, a scaling) are
    chains of row reductions over the innermost dimension and elementwise
    ops on the same [..., N] space; as separate loop nests each is a pass
    over the tensor, and each intermediate is written out and read back.
    The last elementwise op of such a chain is tiled by rows (one iteration
    of every loop but the innermost) and the chain's fills, reductions and
    elementwise ops are fused into that loop
    (`scf::tileConsumerAndFuseProducersUsingSCF`): the chain runs one row at
    a time, the row's intermediates stay in L1, and the tensor is read once
    and the result written once. A reduced row broadcast back through a
    unit-dimension `tensor.expand_shape` (`[M] -> [M, 1]`) is read directly,
    as the expansion would stop the fusion; a producer fused for two uses
    (the exp that softmax sums and divides) is computed once (CSE). A row
    loop takes at most `max-fused-ops` fusions: each slice of a producer is
    one, so a chain of softmaxes, each reading its input twice, would
    otherwise cost time exponential in its length; the ops beyond the
    budget stay loops of their own. Static shapes only. With `remarks`,
    each row loop is reported.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark at each chain computed by rows">,
    Option<"maxFusedOps", "max-fused-ops", "unsigned", /*default=*/"64",
           "The most producer fusions into one row loop">,
  ];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "scf::SCFDialect",
                           "bufferization::BufferizationDialect"];
}

def TfccPackContractions : Pass<"tfcc-pack-contractions", "func::FuncOp"> {
  let summary = "Packs f32 contractions into register-tile blocks (data tiling)";
  let description = [{
    Every f32 `linalg.generic` that is a contraction (matmul, batch matmul,
    with either operand transposed or broadcast along the batch; all maps
    projected permutations, a multiply-add body) is rewritten by
    `linalg::packMatmulGreedily` into an mmt4d-shaped generic over packed
    operands:

      C[..., M1, N1, m0, n0] += A[..., M1, K1, m0, 1] * B[..., N1, K1, n0, 1]

    m0 x n0 is the register tile. By default n0 is two vectors of the
    target (16 floats with AVX2, 32 with AVX-512) and m0 rows use the
    registers left after two for B and one for the broadcast of A:
    m0 = (registers - 3) / 2, that is 6 with 16 registers, 14 with 32 —
    m0 * 2 accumulators that stay in registers across the reduction. A
    contraction with a small static M or N (a batch of 4, 6 output
    channels) would be mostly padding in that tile: every tile of one, two
    or four vectors that fits the registers is costed (padded tiles times
    the cycles of a K step, bounded by the FMAs, the loads and the FMA
    latency) and the cheapest taken when it beats the default by a
    twentieth: with AVX-512, 4x64 for a batch of 4, 8x32 for 64 or 128
    rows. A run-time A that an earlier
    contraction already packs (a GCN's adjacency times two feature
    matrices) counts as free for a tile with the same m0, and identical
    packs are merged (`eliminateCommonSubExpressions`). The
    outer dims of each packed operand are ordered with K1 last, so that the
    panel a register tile reads along the reduction is contiguous. Operands
    pad to whole tiles with zeros. A contraction narrower than one vector
    whose A is not a constant stays as it is: packing A would cost about as
    much as the product, and the tile would be mostly padding.

    A run-time A stored row-major (a plain matmul's activations, a GCN's
    adjacency) is not packed when whole tiles of rows cover it: the
    contraction reads it in place through a reshape to [M1, m0, K, 1],
    since the tile's m0 broadcasts per step of K are loads either way; the
    cost of a tile counts the saved copy (about 28 cycles a vector of A on
    Zen 4), so tiles that divide M are preferred (4x16 or 8x32 for 64
    rows, 8x32 for a 512-node graph).

    A pack whose source is a constant (a weight) is evaluated here, so that
    constant weights are packed at compile time, never per run. The
    contraction itself is vectorized by `tfcc-vectorize-contractions`.
  }];
  let options = TargetOptions;
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "arith::ArithDialect"];
}

def TfccFuseEpilogues : Pass<"tfcc-fuse-epilogues", "func::FuncOp"> {
  let summary = "Fuses elementwise consumers of packed contractions into "
                "their register-tile loops";
  let description = [{
    A packed contraction (`tfcc-pack-contractions`) writes its tiles into a
    packed buffer, a `linalg.unpack` copies them into the row-major result
    and the elementwise consumer (bias, activation, residual add, scale,
    already one generic after `tfcc-fuse-elementwise`) reads them again.
    When the unpack drops no padding (M and N are whole register tiles) and
    its only use is such a consumer, directly or through the
    `tensor.expand_shape` of an NHWC convolution (the consumer is then
    collapsed to the 2-D space of the GEMM, `linalg::collapseOpIterationDims`),
    the consumer is tiled by the register tile m0 x n0, in the panel order
    `tfcc-vectorize-contractions` uses, and the unpack, the contraction and
    its fill are fused into the tile loops
    (`scf::tileConsumerAndFuseProducersUsingSCF`). Each tile is then reduced,
    finished by the epilogue and stored once, into the final layout: no
    packed output buffer, no unpack copy, no second pass over the result.
    A contraction whose reduction tfcc-vectorize-contractions would block
    (see there) is first split along K: the steps before the last block
    stay outside the loops and are blocked there, and only the last block,
    which accumulates onto them, is fused with the epilogue.
    With `remarks`, each fused consumer is reported.
  }];
  let options = !listconcat([
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark at each fused epilogue">,
  ], CacheOptions);
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "scf::SCFDialect"];
}

def TfccFuseIm2col : Pass<"tfcc-fuse-im2col", "func::FuncOp"> {
  let summary = "Copies a convolution's im2col rows inside the row-panel "
                "loop of its GEMM";
  let description = [{
    An NHWC convolution lowered to a GEMM reads its A operand from im2col
    rows, a copy of the input KH*KW times its size (7 MB for a ResNet
    stem) that is written to memory in full and read back by the
    contraction. Where `tfcc-fuse-epilogues` has tiled the contraction with
    the row panels (m0 rows) as the outer loop, each panel's rows are read
    by every column panel of the inner loop and nothing else; when m0
    divides OW they are a box of the im2col output, so the pass copies
    them at the start of the outer loop's body with a tile of the im2col
    generic itself (`TilingInterface::getTiledImplementation`), into a
    buffer of one panel that stays in L1, and the whole im2col goes. A
    contraction whose column panels are the outer loop (its weights are
    the larger operand) keeps the whole im2col. Where
    `tfcc-vectorize-contractions` then reads the rows in place, from the
    im2col's input, the copy goes too and what remains is the panel's slice
    of the input, placed once per row panel. With `remarks`, each fused
    contraction is reported.
  }];
  let options = [
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark at each contraction whose im2col rows are fused">,
  ];
  let dependentDialects = ["affine::AffineDialect", "linalg::LinalgDialect",
                           "tensor::TensorDialect", "scf::SCFDialect"];
}

def TfccVectorizeContractions
    : Pass<"tfcc-vectorize-contractions", "func::FuncOp"> {
  let summary = "Tiles packed contractions to register tiles and vectorizes "
                "them into FMAs";
  let description = [{
    Takes the mmt4d-shaped generics of `tfcc-pack-contractions` (the three
    innermost loops m0, n0 and a unit k0, static) and tiles every other loop
    by one with `scf::tileUsingSCF`, the reduction loops innermost and the
    panels of the smaller operand inside those of the larger: with N1
    outside M1, one packed B panel stays in L2 while every A panel passes
    over it, and the whole of A is read once per B panel, so A should be
    the smaller operand (M < N, with K shared); otherwise M1 goes outside.
    The m0 x n0 x 1 tile is vectorized
    (`linalg::vectorize`), the read and write of the accumulator hoisted out
    of the reduction loop (`hoistLoopInvariantSubsets`), so that it lives in
    registers as an `scf.for` iter_arg, and the `vector.contract` lowered to
    outer products and then `vector.fma`: per step of K, two vector loads of
    B, m0 broadcasts of A and 2 * m0 FMAs. When the operand the inner panel
    loop walks is larger than its share of the target's L2 (`l2-bytes`:
    half, or three quarters less the other operand's panel), K is
    blocked around the panel loops, GotoBLAS-style, in blocks of at least
    256 steps that keep a block of it in L2 for every panel of the other
    operand; the accumulators are then loaded and stored once a block.
    When A is a convolution's im2col (a copy into [N, OH, OW, KH, KWC],
    collapsed and expanded into [M1, m0, K, 1], m0 dividing OW), each tile
    reads its m0 rows of A at a step of K where they are: m0 floats of the
    im2col's input, the stride times C apart (a strided
    `tensor.extract_slice`), and the im2col goes. K then proceeds one
    window row (KWC steps) at a time: split into rows inside the panel
    loops, the accumulators carried through both loops, or blocked for L2
    by a divisor of KWC; as the operand of the inner panel loop such an A
    counts as the im2col's input, KH * KW times smaller than the im2col
    (ResNet-18's last convolutions need no blocking). With N1 outside and
    a B larger than L2 (weights that come from memory once a run), each
    step of K also prefetches a part of the next B panel (`memref.prefetch`
    on B's buffer), spread over the M1 tiles of the current one, so that
    the panel's transfer overlaps the FMAs instead of stalling the first
    tile that reads it. An unblocked contraction into a zero
    `linalg.fill` starts its accumulators as zero vectors and the fill goes:
    no memset of the output, no load of each tile before its reduction.
  }];
  let options = CacheOptions;
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "scf::SCFDialect", "vector::VectorDialect",
                           "arith::ArithDialect", "memref::MemRefDialect",
                           "bufferization::BufferizationDialect"];
}

def TfccLowerPacks : Pass<"tfcc-lower-packs", "func::FuncOp"> {
  let summary = "Lowers the packs and unpacks left after codegen";
  let description = [{
    `linalg.pack` and `linalg.unpack` have no bufferization: the ones that
    were not folded into constants (packs of run-time operands, unpacks of
    results) become `tensor.pad` + `tensor.expand_shape` + `linalg.transpose`
    and `linalg.transpose` + `tensor.collapse_shape` + `tensor.extract_slice`
    (`linalg::lowerPack` / `linalg::lowerUnPack`). A static pack padded in
    the last tile of one dimension is first split into a pack of the whole
    tiles, without padding, and one of the last tile, each written into its
    slice of the destination, so that only the last tile is padded instead
    of the whole operand being copied into a zero-filled buffer.
  }];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect"];
}

def TfccLowerVectorTransfers
    : Pass<"tfcc-lower-vector-transfers", "func::FuncOp"> {
  let summary = "Lowers the vector transfers of codegen to rank-1 loads "
                "and stores, after bufferization";
  let description = [{
    The register tiles of `tfcc-vectorize-contractions` read and write
    memrefs through n-D `vector.transfer_read`/`transfer_write` with leading
    unit dims, and read the rows of packed B panels as `vector<n0x1xf32>`.
    Dropping those dims (`populateCastAwayVectorLeadingOneDimPatterns`,
    `populateDropInnerMostUnitDimsXferOpPatterns`) and lowering transfers of
    rank 1 to
    `vector.load`/`vector.store` (`populateVectorTransferLoweringPatterns`)
    leaves `convert-vector-to-scf` only the few n-D transfers, which it
    unrolls; without this step, narrow transfers become scalar loops.
  }];
  let dependentDialects = ["vector::VectorDialect", "memref::MemRefDialect"];
}

def TfccVectorizeTransposes
    : Pass<"tfcc-vectorize-transposes", "func::FuncOp"> {
  let summary = "Copies that move the innermost dimension as 8x8 register "
                "blocks";
  let description = [{
    A `linalg.transpose` or a `linalg.generic` that yields its one input,
    of 32-bit elements, permuted so that the input's innermost dimension is
    not the result's (NCHW <-> NHWC at a model's boundary), reads along one
    loop and writes along another, which `tfcc-vectorize-elementwise`
    would leave scalar. Loops adjacent in the same order in both are
    collapsed first (`linalg::collapseOpIterationDims`: NHWC -> NCHW is a
    2-D transpose of [H * W, C]); where the two loops are static and at
    least 8 long, the whole 8 x 8 blocks are split off (`linalg::splitOp`,
    the rest left scalar) and tiled (by one along every other loop, which
    may be dynamic), and each block becomes 8 row reads along the input's
    innermost dimension, the 24 two-source `vector.shuffle`s of the usual
    AVX transpose (unpacks of row pairs, shuffles of those pairs, swaps of
    128-bit halves: one instruction each) and 8 row writes along the
    result's. Written here rather than with upstream's `vector.transpose`
    lowerings: after the transfers are unrolled, the flat shuffle
    (`Shuffle1D`) is rebuilt element by element, and x86vector's AVX2
    8x8 sequence blends with inline assembly.
  }];
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "scf::SCFDialect", "vector::VectorDialect",
                           "ub::UBDialect"];
}

def TfccVectorizeElementwise
    : Pass<"tfcc-vectorize-elementwise", "func::FuncOp"> {
  let summary = "Vectorizes elementwise linalg ops along their innermost loop";
  let description = [{
    Every `linalg.generic` (and `linalg.transpose` and static
    `linalg.reduce`, generalized) with an
    arithmetic body (arith and math ops only), a parallel innermost loop of
    static size and reductions allowed outside it has its unit dimensions
    dropped (`linalg::dropUnitDims`) and is tiled by one along every loop
    but the innermost and by up to four vectors of the target (8 f32 lanes
    with AVX2, 16 with AVX-512) along that one; the other loops may be
    dynamic (a batch). Each tile becomes vector code: every operand is one
    row, read contiguously, with a stride of up to 4 (a read and a
    `vector.shuffle`: pooling and strided im2col), each element repeated up
    to 4 times (`iw floordiv k`: a pooling gradient), or broadcast from a
    scalar; outputs are written along their last dimension; a multiply
    feeding an add is one `vector.fma`. Elementwise chains, bias adds,
    activations, pooling, direct convolutions, im2col windows and the
    transposes of packs and unpacks are taken. A static `tensor.pad` by a
    constant is one loop over the rows of its result (the innermost padded
    dimension and those inside it: W * C of an NHWC image) in whole
    vectors: padding rows filled, the others filled at both ends and copied
    from the source in between, one pass with no memset of the whole
    result. When the source comes from the register-tile loops of
    `tfcc-fuse-epilogues` (a convolution's epilogue, tiles of rows within
    one image row), those loops store their tiles into the padded tensor
    itself and only the padding is filled after them: no copy at all.
    Where a row's ends or its source part are not whole vectors, a
    pad by a non-zero constant (max pooling's -inf border) becomes a fill
    vectorized as above and an insert of its source, and a zero pad is left
    to bufferization's memset and copy. Transposing reads stay
    scalar (`tfcc-vectorize-transposes` takes those in blocks of 8 x 8
    first), and so do rows narrower than a vector along a dynamic loop
    whose operands are all read in loop order, which LLVM vectorizes
    across (the pack of a transposed A, rows of 14 read out of order, is
    vectorized here). The innermost size must be a multiple of
    the vector width or at most four vectors: without windows one vector of
    that size, with windows (im2col, pooling) or reductions whole vectors
    whose reads are masked to the row (`vector.constant_mask`) and whose
    writes are masked with AVX-512 or, without its mask registers, stored
    as a vector of the row's size.

    With reductions around the row (a direct convolution, a filter
    gradient, pooling) the tile is a register tile: up to 8 rows of the
    innermost parallel loop that every output uses and some input row does
    not (a convolution's output channels), so that the shared row is read
    once per step for all of them, each row an accumulator of its own.
    Where that leaves room for twice as many accumulators (up to 16), the
    tile also takes rows of a second output loop that some input does not
    use, a 2-D register tile (LeNet's input gradient: 6 channels times 2
    output rows that share the filter's broadcasts); a depthwise
    convolution, whose input rows use every output loop, takes rows of that
    second kind only. The
    rows are written into the tensor the tile was sliced from, and each
    accumulator's read and write leave the reduction loops
    (`hoistLoopInvariantSubsets`): the rows stay in registers across the
    reduction. An accumulator that starts from a `linalg.fill` feeding only
    the tile loops, and is first read outside its reduction loops, starts
    from the fill's value instead, and the fill goes (no memset of the
    output). A static row reduced along its innermost loop (softmax's
    maximum and sum, layer norm's moments), two vectors long or more, is
    first split into vector-wide partial results (`linalg::splitReduction`:
    its innermost loop then runs across the lanes, reassociating the sum),
    and those are reduced by a short generic. The tiles are vectorized here
    and not by
    `linalg::vectorize`, which takes only projected-permutation indexing
    maps.
  }];
  let options = TargetOptions;
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "scf::SCFDialect", "vector::VectorDialect",
                           "affine::AffineDialect"];
}

def TfccApproximateMath : Pass<"tfcc-approximate-math", "func::FuncOp"> {
  let summary = "Replaces f32 exp, tanh and erf by inline polynomials";
  let description = [{
    `math.exp`, `expm1`, `tanh`, `erf` and `erfc` on f32 scalars and
    vectors become upstream's polynomial approximations
    (`populateMathPolynomialApproximationPatterns`): arithmetic that
    vectorizes, instead of calls to libm that do not. Sigmoid, softmax,
    GELU and the LSTM gates use them. The logs stay libm calls or LLVM
    intrinsics (upstream's polynomials flush subnormal inputs), as do the
    other math ops.
  }];
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect",
                           "vector::VectorDialect"];
}

def TfccFlattenGlobals : Pass<"tfcc-flatten-globals", "ModuleOp"> {
  let summary = "Makes constant memref.globals one-dimensional bytes";
  let description = [{
    An n-D dense constant translates to nested LLVM arrays, one constant
    aggregate per innermost row: a packed weight whose rows are one float
    long becomes millions of LLVM constants, and uniquing them dominates
    compile time. Every constant global of rank > 1 with a static identity
    layout becomes a 1-D global holding the same row-major data, and each
    `memref.get_global` of it a `get_global` of the 1-D buffer followed by a
    `memref.expand_shape` back to the original type.

    A constant that is not a splat is stored as bytes (an `i8` global
    aligned to its element, read through `memref.view`), 1-D ones too:
    LLVM's AsmPrinter writes an `i8` array in one piece and other arrays
    one element at a time, a float through an `APFloat`, which took seconds
    for a model's tens of megabytes of weights.
  }];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
}

def TfccReturnVariablesInPlace
    : Pass<"tfcc-return-variables-in-place", "func::FuncOp"> {
  let summary = "Returns a variable updated in place without copying it";
  let description = [{
    The runtime passes each written variable in its own storage, and
    one-shot bufferization may update it there (a `tfcc.scatter` of a few
    rows into an embedding table). The function still returns the
    variable's new value, and the deallocation pipeline returns a
    `bufferization.clone` of the argument, since a function's results must
    be owned: a copy of the whole table in every run. This pass, run after
    the deallocation pipeline, returns the argument itself where the
    returned value is a clone of an argument marked
    `tfcc.in_place_variable` (the driver's mark on written variables) taken
    after its last write (only deallocations and clones follow it). The
    runtime neither frees nor copies a variable result that is the
    variable's own storage. The marks are removed.
  }];
  let dependentDialects = ["bufferization::BufferizationDialect",
                           "memref::MemRefDialect"];
}

def TfccSplitEmptyTensors
    : Pass<"tfcc-split-empty-tensors", "func::FuncOp"> {
  let summary = "Gives each use of a tensor.empty its own";
  let description = [{
    CSE merges the `tensor.empty` ops of one type into one, and one-shot
    bufferization then writes every op that starts from it into the same
    allocation wherever their results' lives allow: independent chains of
    ops (a bidirectional LSTM's two directions) read and write one buffer
    in the order the function lists them, a dependence the graph does not
    have. Run just before bufferization, this gives each use of a
    `tensor.empty` of static shape with several a clone of its own, placed just before
    the use (or the op around it in the original's block, outside any loop
    that uses it, since a buffer is live from its allocation): every result
    starting from one gets an allocation of its own.
    `tfcc-plan-memory` still gives those whose lives do not overlap the
    same bytes (and a result of an elementwise op the bytes of its dead
    operand), and `tfcc-concurrent-branches` sees which ops depend on each
    other. Buffers of dynamic shape, which go to the dynamic arena's slots,
    keep bufferization's sharing.
  }];
  let dependentDialects = ["tensor::TensorDialect"];
}

def TfccConcurrentBranches
    : Pass<"tfcc-concurrent-branches", "func::FuncOp"> {
  let summary = "Runs independent loop nests on two threads at once";
  let description = [{
    After bufferization a function is a sequence of loop nests over
    buffers; the thread pool splits each large one between threads in turn,
    and runs the small ones (below its threshold) on one thread. Where a
    stretch of nests falls into parts none of which writes a buffer that
    another reads or writes (the two directions of a bidirectional LSTM,
    the experts of a mixture of experts, a layer's two gradient products),
    the parts can run at the same time instead, as TensorFlow's executor
    runs every op whose inputs are ready.

    The nests between two ops this pass cannot see through (a call, an op
    with results, an access to memory whose buffer is not known: its
    allocation, a global, or the arguments) are the candidates. From each
    nest on, the stretch that would save the most is taken: its parts
    (components of the nests that share a written buffer) are dealt to two
    threads, the costliest first to the thread with less, and it is made
    concurrent when the longer thread, plus the cost of handing out work,
    is shorter than the stretch now by at least twice that cost. Costs are
    those of `tfcc-outline-loop-nests`, and a nest runs now on one thread
    below the pool's threshold, or split in two above it.
    The stretch's nests move, in their order, into the two cases of an
    `scf.index_switch` inside an `scf.for` of two iterations marked
    `tfcc.parallel` and `tfcc.branches`, placed after the last of them.
    `tfcc-plan-memory` keeps the buffers of the two cases apart, and
    `tfcc-outline-loop-nests` makes the loop a parallel kernel; with one
    thread its iterations run in turn. The grouping is made for two
    threads; nests inside a case run on the thread that runs the case.
  }];
  let dependentDialects = ["scf::SCFDialect", "arith::ArithDialect"];
}

def TfccPlanMemory : Pass<"tfcc-plan-memory", "func::FuncOp"> {
  let summary = "Places a function's intermediate buffers in one arena";
  let description = [{
    After bufferization and deallocation, every `memref.alloc` of a static
    shape and identity layout in a function's top-level block that a
    `memref.dealloc` in the same block frees (an intermediate buffer; those
    without one are results, which the caller owns) is live from its
    allocation to its deallocation, in the order of the top-level ops.
    Each gets an offset in one arena, 64-byte aligned: by decreasing size,
    at the smallest gap among the buffers already placed whose lives
    overlap its own, or above them (the greedy-by-size planning of TFLite's
    arena planner and XLA's heap simulator). A buffer whose first use is the
    last use of a buffer of the same type, by an op that reads that buffer
    only at the elements it writes, each before writing it (an elementwise
    `linalg.generic`, or a loop nest whose one read of the dead buffer and
    one write of the new one take the same indices, which vary with every
    loop), takes the dead buffer's bytes and lives from that op on: it is
    written in place, as XLA and TFLite reuse an operand's buffer.

    The two cases of a `tfcc-concurrent-branches` loop run at once: a
    buffer used in one case alone is live at the loop's position only, and
    there from its first use in the case to its last, so that buffers of
    one case whose uses do not overlap share bytes while those of the two
    cases never do; any other buffer used in a case is live across the
    whole loop.

    A buffer of static shape that an iteration of an `scf.while` or a branch
    of an `scf.if` (a `tfcc.while` or `tfcc.cond`) allocates and frees in
    the same block is live at the loop's (or conditional's) position: every
    iteration finds it at the same offset, and such buffers share no bytes
    with each other or with what lives across the loop.

    In a public function, the buffers of dynamic shape whose sizes are
    computed from the arguments alone (their dims) get one more arena,
    sized at each run: slots by greedy interval colouring (a slot is as
    large as its largest buffer at that run), the sizes' computations copied
    to the function's start, where the arena (marked `tfcc.dynamic_arena`,
    its views `tfcc.slot`) is allocated; `tfcc-announce-allocations` has
    the runtime serve it from a block the instance keeps and grows. The buffers become
    `memref.view`s of one `memref.alloc` of the arena at the function's
    start, freed before its return, and their deallocations go: a run
    makes one allocation for all of them, and buffers whose lives do not
    overlap share memory. The arena's allocation records the sum of the
    buffers it holds (`tfcc.arena_buffers`) and each view its interval
    (`tfcc.live`), which `tfcc --emit=memory-plan` prints.
  }];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect"];
}

def TfccCheckAllocations : Pass<"tfcc-check-allocations", "ModuleOp"> {
  let summary = "Ends a run whose buffer cannot be allocated with an "
                "out-of-memory error";
  let description = [{
    After each `memref.alloc` of a host function, a `tfcc.assert` that its
    pointer is not null, located at the node the buffer is for, with the
    bytes asked for:

    ```
    model.onnx: node 'zeros' (ConstantOfShape): out of memory: cannot allocate 1125899906842624 bytes (?x?xf32)
    ```

    The runtime's allocator returns null when the memory is not there and
    records it, so that the failed check's status is
    `TFCC_RESOURCE_EXHAUSTED`, not `TFCC_INVALID_ARGUMENT`. Without the check
    the code would write through the null pointer. It runs once the
    allocations are final (after memory planning and outlining).
  }];
  let dependentDialects = ["memref::MemRefDialect", "arith::ArithDialect",
                           "tfcc::TfccDialect"];
}

def TfccAnnounceAllocations
    : Pass<"tfcc-announce-allocations", "ModuleOp"> {
  let summary = "Tells the runtime which allocations it serves itself";
  let description = [{
    Two allocations of a public function (a model's entry) are served by
    the runtime from memory it keeps rather than from its block cache; a
    call just before each says which (the functions are declared here):

    - Before each `memref.alloc` in the function's top-level block that the
      function returns as its result `i`, itself or through
      `expand_shape`/`collapse_shape` (once; not a subview),
      `tfcc_rt_output_next(i)`: the runtime then serves it from memory the
      caller bound to output `i` (`tfcc_model_bind_output`) when its size
      matches, so that the output is written there rather than copied there
      after the run.
    - Before the dynamic arena of `tfcc-plan-memory` (its allocation marked
      `tfcc.dynamic_arena`), `tfcc_rt_arena_next()`: the runtime serves it
      from a block the instance keeps from one run to the next and grows
      when a run's inputs need more.
  }];
  let dependentDialects = ["func::FuncDialect", "arith::ArithDialect"];
}

def TfccLinalgToLoops : Pass<"tfcc-linalg-to-loops", "func::FuncOp"> {
  let summary = "Lowers linalg ops to scf.for loops, marking parallel ones";
  let description = [{
    The linalg ops left after vectorization (copies of odd shapes, small
    transposes, fills and pads of a few channels) become loop nests, one
    `scf.for` per dimension, with upstream's `linalg::linalgOpToLoops`, as
    `convert-linalg-to-loops` does. That pass drops the iterator types; this
    one marks the outermost loop `tfcc.parallel` when the op's first
    dimension is parallel and indexes every result, so that
    `tfcc-outline-loop-nests` can split it among threads like the loops
    tiling made.
  }];
  let dependentDialects = ["scf::SCFDialect", "memref::MemRefDialect",
                           "arith::ArithDialect", "affine::AffineDialect"];
}

def TfccMapToGpu : Pass<"tfcc-map-to-gpu", "func::FuncOp"> {
  let summary = "Makes the loop nests of a GPU function GPU kernels";
  let description = [{
    In a function placed on a GPU (`tfcc.device = "gpu:N"`, from
    `tfcc-partition-devices`), after bufferization and memory planning,
    every linalg op becomes loops (upstream's `linalgOpToParallelLoops`) and
    every top-level nest a `gpu.launch` in its place: the parallel
    dimensions are flattened into one index, one thread per point, 256
    threads a block, and the rest (reduction dimensions, inner parallel
    loops) run in each thread; a loop marked `tfcc.parallel` gives one
    thread per iteration. A run of other ops that touch memory (a scalar
    store, a sequential loop) becomes a kernel of one thread, and one whose
    value the host needs is an error naming it. The host keeps what needs
    no device memory: sizes, allocations, views, whole-buffer copies, calls
    and checks of sizes. A check inside a kernel records its number and
    values in a small device buffer (cleared by a kernel of one thread at
    the start; the first failure takes it, by compare-and-swap), which the
    host copies back at the end and checks with each check's message
    (without `runtime-checks` the checks are dropped): a failed check ends the run as on the CPU, rather than
    trapping, which would end every model on the GPU's context. A reshape's
    shape, which the host reads, is written to a host stack buffer; a copy
    of a strided view is a kernel, into host memory through a contiguous
    device buffer. `gpu-kernel-outlining` then moves each launch's body
    into a `gpu.module`.

    Upstream's mapping (`scf-parallel-loop-tiling`,
    `gpu-map-parallel-loops`, `convert-parallel-loops-to-gpu`) gives at most
    three dimensions to the grid, each beyond x limited to 65535 blocks, and
    leaves on the host what it cannot map; flattening maps every nest.
  }];
  let dependentDialects = ["gpu::GPUDialect", "scf::SCFDialect",
                           "arith::ArithDialect", "linalg::LinalgDialect"];
  let options = [
    Option<"runtimeChecks", "runtime-checks", "bool", /*default=*/"true",
           "Keep the run-time checks inside kernels (tfcc "
           "--no-runtime-checks drops them)">,
  ];
}

def TfccOutlineLoopNests : Pass<"tfcc-outline-loop-nests", "ModuleOp"> {
  let summary = "Moves each top-level loop nest into a function of its own";
  let description = [{
    After bufferization a model is one function: a sequence of loop nests
    over buffers. LLVM's optimizations and instruction selection grow faster
    than linearly with a function's size, so a model of a few hundred
    kernels (ResNet-18, an unrolled LSTM) spent most of its compile time
    there. Every top-level `scf.for` of a function becomes a private
    function marked `tfcc.kernel` (upstream's `outlineSingleBlockRegion`;
    the LLVM translation makes kernels `noinline`),
    called in its place, with the constants it uses cloned in so that trip
    counts and shapes stay static; the buffers it touches are its arguments.

    A loop marked `tfcc.parallel` (by the tiling that made it, or by
    `tfcc-linalg-to-loops`: its iterations write disjoint parts of its
    results) and without results becomes a kernel of a range of its
    iterations, `[lo, hi)`, two more arguments that bound the loop, marked
    `tfcc.parallel` with an estimate of one iteration's cost (its ops, a
    vector op one per 512 bits of its widest type, loops inside it counted
    their trip count times); the call runs all of them,
    `[0, ceildiv(ub - lb, step))`, and
    `convert-tfcc-parallel-kernels-to-llvm` hands it to the thread pool.
    The marked loop may sit below unmarked ones (an op that names the
    dimension to split, `tfcc.split_dim`) when each loop above it does
    nothing but run the next (no other access to memory), and its bounds
    are defined
    outside the nest: every thread then runs the loops above whole, and an
    iteration's cost is multiplied by their trip counts. The loop of
    `tfcc-concurrent-branches` (marked `tfcc.branches`) is such a kernel of
    two iterations, an iteration costed as its costlier case (a branch
    counts its costliest region); each nest in its cases becomes a serial
    kernel of its own, called there.
  }];
  let dependentDialects = ["func::FuncDialect", "scf::SCFDialect"];
}

#endif // TFCC_CODEGEN_PASSES
