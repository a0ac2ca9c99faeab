//===- VectorizeElementwise.cpp - elementwise loop nests as vectors -------===//
//
// Tiles each elementwise linalg.generic (arithmetic body, static innermost
// loop, parallel) to a few vectors along its innermost loop and one along
// every other loop, reductions included, and turns each tile into vector
// code, so that elementwise chains (after fusion), bias adds, activations,
// the math functions (polynomials after tfcc-approximate-math), pooling
// windows, direct convolutions and the data movement of packs, unpacks and
// im2col run on whole registers instead of relying on LLVM's loop
// vectorizer. Outer loops may be dynamic: the tiles are static.
//
// The tile is vectorized here rather than by linalg::vectorize because that
// takes only projected-permutation indexing maps, and the window reads of
// im2col, pooling and convolutions (`oh * s + kh`) are not; in a tile every
// loop but the innermost has one iteration, so each operand is one row read
// from the slice (at the constant terms of its map, which tiling keeps out
// of the slice's offset): contiguous, strided (a read and a shuffle) or a
// broadcast scalar. Transposing reads, where the innermost loop indexes an
// outer dimension, stay scalar. A window row of odd length (im2col of a
// 10- or 28-wide image, a 14-wide pooling output) is rounded up to whole
// registers: its reads are masked to the row, its writes too with AVX-512
// and otherwise stored as a vector of the row's size.
//
// Around reduction loops the tile takes several rows of one parallel loop
// (a convolution's output channels) that share an input row, and the rows'
// reads and writes are hoisted out of the reductions, so that a direct
// convolution is a register tile of FMAs: its rows accumulate in registers
// as a packed GEMM's do.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/ViewLikeInterfaceUtils.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <map>

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCVECTORIZEELEMENTWISE
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// Vectors per tile at most: enough independent chains to hide the latency
/// of a polynomial, few enough to stay in registers.
constexpr int64_t kMaxVectorsPerTile = 4;

/// Largest stride along the innermost loop that is read as a row and a
/// shuffle (pooling and strided im2col use 2), and largest repeat.
constexpr int64_t kMaxStride = 4;

/// The stride of loop `dim` in `expr` when `expr` is `dim * c + (terms
/// without dim)`: c, 0 when `expr` does not use `dim`, -k for `dim floordiv
/// k` (each element k lanes: a gradient upsampled over its windows),
/// nothing otherwise.
std::optional<int64_t> strideOf(AffineExpr expr, unsigned dim) {
  if (!expr.isFunctionOfDim(dim))
    return 0;
  if (isa<AffineDimExpr>(expr))
    return 1;
  auto bin = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!bin)
    return std::nullopt;
  if (bin.getKind() == AffineExprKind::Add) {
    std::optional<int64_t> lhs = strideOf(bin.getLHS(), dim);
    std::optional<int64_t> rhs = strideOf(bin.getRHS(), dim);
    if (!lhs || !rhs || (*lhs && *rhs))
      return std::nullopt;
    return *lhs + *rhs;
  }
  auto c = dyn_cast<AffineConstantExpr>(bin.getRHS());
  if (!c || !isa<AffineDimExpr>(bin.getLHS()))
    return std::nullopt;
  if (bin.getKind() == AffineExprKind::Mul && c.getValue() > 0)
    return c.getValue();
  if (bin.getKind() == AffineExprKind::FloorDiv && c.getValue() > 1)
    return -c.getValue();
  return std::nullopt;
}

/// The stride of an operand's reads along loop `inner`: 0 for a broadcast,
/// nothing when `inner` indexes any dimension but the last.
std::optional<int64_t> rowStride(AffineMap map, unsigned inner) {
  ArrayRef<AffineExpr> results = map.getResults();
  if (results.empty())
    return 0;
  for (AffineExpr expr : results.drop_back())
    if (expr.isFunctionOfDim(inner))
      return std::nullopt;
  return strideOf(results.back(), inner);
}

/// Whether the body of `op` is arithmetic only: no tfcc.assert (a side
/// effect), no gathers (tensor.extract) or linalg.index.
bool hasArithmeticBody(linalg::GenericOp op) {
  return llvm::all_of(op.getRegion().front(), [](Operation &inner) {
    Dialect *d = inner.getDialect();
    return isa<linalg::YieldOp>(inner) ||
           (d && isa<arith::ArithDialect, math::MathDialect>(d));
  });
}

/// Tensors of 8- to 64-bit elements: i1 is a byte per element in memory but
/// a bit per lane in a vector. Dimensions may be dynamic (a batch): the
/// tiles are static, one iteration along every loop but the innermost.
bool hasVectorizableOperands(linalg::GenericOp op) {
  return op.hasPureTensorSemantics() &&
         llvm::all_of(op->getOperandTypes(), [](Type t) {
           Type elem = getElementTypeOrSelf(t);
           return elem.isIntOrFloat() && elem.getIntOrFloatBitWidth() >= 8 &&
                  elem.getIntOrFloatBitWidth() <= 64;
         });
}

/// A loop of which a tile takes `count` iterations, each a row of its own.
struct RowLoop {
  unsigned loop;
  int64_t count;
};

/// How a generic is tiled: `width` lanes (a few whole vectors) along the
/// innermost loop, `size` of them in the loop, and several iterations of up
/// to two `rowLoops`, one along every other loop. The tile's rows are the
/// points of the row loops, the last one varying fastest.
struct TilePlan {
  int64_t width = 0, size = 0;
  SmallVector<RowLoop, 2> rowLoops;

  int64_t numRows() const {
    int64_t n = 1;
    for (const RowLoop &r : rowLoops)
      n *= r.count;
    return n;
  }
  /// Row `row`'s iteration of row loop `i`.
  int64_t coordinate(int64_t row, unsigned i) const {
    for (unsigned j = rowLoops.size() - 1; j > i; --j)
      row /= rowLoops[j].count;
    return row % rowLoops[i].count;
  }
};

/// Most rows along one loop, and most accumulators in all: enough
/// independent FMA chains to cover the FMA latency with two FMA units (8 at
/// a latency of 4), few enough to leave registers for the shared rows and
/// broadcasts.
constexpr int64_t kMaxRows = 8;
constexpr int64_t kMaxAccumulators = 16;

/// Whether `op`'s loop `d` can take several rows of a tile: a static
/// parallel loop that every output uses, so that each row has an output
/// row (an accumulator) of its own.
bool outputsSplitAlong(linalg::GenericOp op, unsigned d) {
  int64_t range = op.getStaticLoopRanges()[d];
  return op.getIteratorTypesArray()[d] == utils::IteratorType::parallel &&
         !ShapedType::isDynamic(range) && range >= 2 &&
         llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &o) {
           return op.getMatchingIndexingMap(&o).isFunctionOfDim(d);
         });
}

/// Whether `op` has one f32 output that it accumulates products into: its
/// yield is an add of the output's value and a multiply (a convolution).
bool accumulatesProducts(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1 ||
      !getElementTypeOrSelf(op.getDpsInits()[0].getType()).isF32())
    return false;
  auto yield = cast<linalg::YieldOp>(op.getBody()->getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  Value acc = op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  return llvm::any_of(add->getOperands(), [&](Value v) {
    return v == acc;
  }) && llvm::any_of(add->getOperands(), [](Value v) {
    return v.getDefiningOp<arith::MulFOp>() != nullptr;
  });
}

/// The largest divisor of `range` at most `most`, at least 1.
int64_t largestDivisor(int64_t range, int64_t most) {
  int64_t rows = std::max<int64_t>(std::min(most, range), 1);
  while (range % rows != 0)
    --rows;
  return rows;
}

/// The rows of a tile with reduction loops around it (a direct
/// convolution's output channels, a filter gradient's window columns): the
/// innermost parallel loop, static, that every output uses but some input
/// row does not, so that this row is read once for all rows of the tile
/// and each row has an accumulator of its own. Rows divide the loop, and
/// their accumulators, the shared row and a broadcast fit the registers.
/// When there is room for twice as many accumulators (kMaxAccumulators; the
/// 6 input channels of a LeNet convolution's input gradient), the tile also
/// takes rows of a second such loop that some input does not use (the output rows
/// of that gradient, which share the filter's broadcasts): a 2-D register
/// tile, each row read and each broadcast used by several FMAs.
void planRows(linalg::GenericOp op, int64_t lanes, int64_t registers,
              TilePlan &plan) {
  if (!llvm::is_contained(op.getIteratorTypesArray(),
                          utils::IteratorType::reduction))
    return;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t inner = op.getNumLoops() - 1;
  int64_t vectors = plan.width / lanes;
  int64_t first = -1;
  for (int64_t d = inner - 1; d >= 0 && first < 0; --d) {
    if (!outputsSplitAlong(op, d) ||
        llvm::none_of(op.getDpsInputOperands(), [&](OpOperand *in) {
          AffineMap map = op.getMatchingIndexingMap(in);
          return *rowStride(map, inner) != 0 && !map.isFunctionOfDim(d);
        }))
      continue;
    first = d;
    int64_t most = std::min(kMaxRows, (registers - 1 - vectors) / vectors);
    int64_t rows = largestDivisor(ranges[d], most);
    if (rows == 1)
      return;
    plan.rowLoops.push_back({static_cast<unsigned>(d), rows});
  }
  // The second loop, or the only one where every input row uses all the
  // output loops (a depthwise convolution: its output rows share the
  // filter's broadcasts, and more rows are more independent FMA chains).
  // Without a first loop, only such multiply-accumulates take it: a max
  // pooling that also tracks its argmax (an i64 row besides each f32 one)
  // measured slower with two rows.
  if (first < 0 && !accumulatesProducts(op))
    return;
  int64_t accumulators = plan.numRows() * vectors;
  for (int64_t d = inner - 1; d >= 0; --d) {
    // Inputs the body ignores (a pooling's window shape) share nothing.
    if (d == first || !outputsSplitAlong(op, d) ||
        llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *in) {
          return op.getMatchingIndexingMap(in).isFunctionOfDim(d) ||
                 op.getMatchingBlockArgument(in).use_empty();
        }))
      continue;
    // Each row of this loop reads its own input rows (one per row of the
    // first), plus a broadcast and a mask.
    int64_t rows = 1;
    for (int64_t r = 2; r <= ranges[d]; ++r) {
      if (ranges[d] % r == 0 && accumulators * r <= kMaxAccumulators &&
          (accumulators + vectors) * r + 2 <= registers)
        rows = r;
    }
    if (rows > 1)
      plan.rowLoops.push_back({static_cast<unsigned>(d), rows});
    return;
  }
}

/// The tile of `op`, width 0 to leave it alone.
TilePlan planTile(linalg::GenericOp op, int64_t lanes, int64_t registers) {
  TilePlan plan;
  if (op.getNumLoops() == 0 || !hasArithmeticBody(op) ||
      !hasVectorizableOperands(op))
    return plan;
  unsigned inner = op.getNumLoops() - 1;
  if (op.getIteratorTypesArray()[inner] != utils::IteratorType::parallel)
    return plan;
  // Each output is written along its last dimension, one row per tile.
  for (OpOperand &init : op.getDpsInitsMutable()) {
    AffineMap map = op.getMatchingIndexingMap(&init);
    if (!map.isProjectedPermutation() || map.getNumResults() == 0 ||
        map.getResults().back() != getAffineDimExpr(inner, op.getContext()))
      return plan;
  }
  bool repeats = false;
  for (OpOperand *input : op.getDpsInputOperands()) {
    std::optional<int64_t> stride =
        rowStride(op.getMatchingIndexingMap(input), inner);
    if (!stride || std::abs(*stride) > kMaxStride)
      return plan;
    repeats |= *stride < 0;
  }

  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t size = ranges[inner];
  if (ShapedType::isDynamic(size) || size < 2)
    return plan;
  // Rows narrower than a vector along a dynamic loop (a batch of 10-class
  // rows) are better left to LLVM, which vectorizes across the rows, unless
  // they accumulate or some operand is not read in loop order (the pack
  // of a transposed A, rows of 14 from [N, M] into [M1, N, 14]: LLVM
  // copies those an element at a time).
  bool reduces = llvm::is_contained(op.getIteratorTypesArray(),
                                    utils::IteratorType::reduction);
  if (size < lanes && !reduces && llvm::any_of(ranges, ShapedType::isDynamic) &&
      llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
        return map.isMinorIdentityWithBroadcasting();
      }))
    return plan;
  if (size % lanes == 0) {
    int64_t vectors = size / lanes, perTile = kMaxVectorsPerTile;
    while (vectors % perTile != 0)
      perTile /= 2;
    plan.width = plan.size = perTile * lanes;
  } else if (size <= kMaxVectorsPerTile * lanes) {
    // A short odd row is one vector of its own size (LLVM splits it into a
    // full register and a tail); a long one would need a remainder loop.
    // Windows (im2col, pooling) round odd rows up to whole registers with
    // the lanes past the row masked off: there are many rows in a kernel,
    // and LLVM takes twice as long to compile ResNet-18 when each is a 7-,
    // 14- or 28-lane vector. So do accumulations, whose rows stay in
    // registers across the reduction.
    bool windows = llvm::any_of(op.getIndexingMapsArray(), [](AffineMap map) {
      return !map.isProjectedPermutation(/*allowZeroInResults=*/true);
    });
    plan.size = size;
    plan.width = windows || reduces ? llvm::alignTo(size, lanes) : size;
  } else {
    return plan;
  }
  // A repeated row is read from the start of its slice: the tile must be
  // the whole row.
  if (repeats && plan.size != size)
    return TilePlan();
  planRows(op, lanes, registers, plan);
  return plan;
}

/// Replaces `tile`, a generic whose loops have one iteration each but the
/// innermost (`plan.size` iterations) and the row loops (`plan.rowLoops`),
/// by vector code of `plan.width` lanes: each operand is read as one row per
/// row of the tile, from the row's first element (once for all rows that
/// differ only along row loops it does not use), the body is applied to whole vectors, a
/// multiply feeding an add as one FMA, and the yielded rows are written to
/// the outputs. Lanes past `size` are masked off in every read, and in the
/// writes with `maskedStores` or when the tile accumulates (its write then
/// leaves the reduction loops with its read); otherwise only `size` lanes
/// are stored.
void vectorizeTile(RewriterBase &rewriter, linalg::GenericOp tile,
                   const TilePlan &plan, bool maskedStores) {
  Location loc = tile.getLoc();
  unsigned inner = tile.getNumLoops() - 1;
  int64_t size = plan.size, width = plan.width;
  Block &body = tile.getRegion().front();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  // The mask of the first `lanes` of `n`, none when all are.
  auto maskOf = [&](int64_t lanes, int64_t n) -> Value {
    if (lanes == n)
      return Value();
    return vector::ConstantMaskOp::create(
        rewriter, loc, VectorType::get({n}, rewriter.getI1Type()),
        ArrayRef<int64_t>{lanes});
  };
  auto rowMap = [&](Value t) {
    return AffineMapAttr::get(AffineMap::getMinorIdentityMap(
        cast<ShapedType>(t.getType()).getRank(), 1, rewriter.getContext()));
  };
  // Where row `row` of the tile starts in an operand's slice: its indexing
  // map at that row, which also holds the constant terms that tiling leaves
  // in the map and so not in the slice's offset (the `+ 1` of a pooling
  // gradient's `oh - kh + 1`).
  auto pointOf = [&](int64_t row) {
    SmallVector<int64_t> point(tile.getNumLoops(), 0);
    for (auto [i, rowLoop] : llvm::enumerate(plan.rowLoops))
      point[rowLoop.loop] = plan.coordinate(row, i);
    return point;
  };
  auto firstOf = [&](OpOperand &operand, int64_t row) {
    AffineMap map = tile.getMatchingIndexingMap(&operand);
    return llvm::map_to_vector(map.compose(pointOf(row)), [&](int64_t at) -> Value {
      return at == 0 ? zero
                     : arith::ConstantIndexOp::create(rewriter, loc, at);
    });
  };
  auto toVector = [&](Value v) -> Value {
    if (isa<VectorType>(v.getType()))
      return v;
    return vector::BroadcastOp::create(
        rewriter, loc, VectorType::get({width}, v.getType()), v);
  };

  // Each operand is read once per point of the row loops it uses: rows
  // that differ only along loops it does not use share the read.
  SmallVector<IRMapping> mappings(plan.numRows());
  for (OpOperand &operand : tile->getOpOperands()) {
    BlockArgument arg = body.getArgument(operand.getOperandNumber());
    if (arg.use_empty())
      continue;
    Value slice = operand.get();
    AffineMap operandMap = tile.getMatchingIndexingMap(&operand);
    int64_t stride = *rowStride(operandMap, inner);
    std::map<SmallVector<int64_t, 4>, Value> reads;
    for (int64_t row = 0; row < plan.numRows(); ++row) {
      SmallVector<int64_t, 4> used = operandMap.compose(pointOf(row));
      if (auto it = reads.find(used); it != reads.end()) {
        mappings[row].map(arg, it->second);
        continue;
      }
      Value value;
      if (stride == 0) {
        value = tensor::ExtractOp::create(rewriter, loc, slice,
                                          firstOf(operand, row));
      } else {
        // A strided row is read whole and its every stride-th lane kept; a
        // repeated one (stride -k) is read once and each lane taken k
        // times; a masked one is read to a whole number of registers.
        int64_t repeat = std::max<int64_t>(-stride, 1);
        int64_t step = std::max<int64_t>(stride, 1);
        int64_t span = repeat > 1 ? llvm::divideCeil(width, repeat)
                       : size < width ? step * width
                                      : step * (width - 1) + 1;
        int64_t live = repeat > 1 ? llvm::divideCeil(size, repeat)
                                  : step * (size - 1) + 1;
        Value padding = arith::ConstantOp::create(
            rewriter, loc, rewriter.getZeroAttr(arg.getType()));
        value = vector::TransferReadOp::create(
            rewriter, loc, VectorType::get({span}, arg.getType()), slice,
            firstOf(operand, row), rowMap(slice), padding,
            maskOf(live, span), rewriter.getBoolArrayAttr({true}));
        if (step > 1 || repeat > 1) {
          SmallVector<int64_t> lanes = llvm::to_vector(
              llvm::map_range(llvm::seq<int64_t>(0, width), [&](int64_t i) {
                return i * step / repeat;
              }));
          value = vector::ShuffleOp::create(rewriter, loc, value, value, lanes);
        }
      }
      reads[used] = value;
      mappings[row].map(arg, value);
    }
  }

  for (IRMapping &mapping : mappings) {
    for (Operation &op : body.without_terminator()) {
      SmallVector<Value> operands = llvm::map_to_vector(
          op.getOperands(),
          [&](Value v) { return mapping.lookupOrDefault(v); });
      if (llvm::none_of(operands,
                        [](Value v) { return isa<VectorType>(v.getType()); })) {
        rewriter.clone(op, mapping);
        continue;
      }
      for (Value &v : operands)
        v = toVector(v);
      // A product used only by an add: one FMA (a convolution's
      // multiply-accumulate, an affine elementwise chain).
      if (isa<arith::AddFOp>(op)) {
        for (unsigned i : {0u, 1u}) {
          auto mul = operands[i].getDefiningOp<arith::MulFOp>();
          if (!mul || !op.getOperand(i).hasOneUse())
            continue;
          Value fma = vector::FMAOp::create(rewriter, op.getLoc(), mul.getLhs(),
                                            mul.getRhs(), operands[1 - i]);
          rewriter.eraseOp(mul);
          mapping.map(op.getResult(0), fma);
          break;
        }
        if (mapping.contains(op.getResult(0)))
          continue;
      }
      SmallVector<Type> types = llvm::map_to_vector(
          op.getResultTypes(),
          [&](Type t) -> Type { return VectorType::get({width}, t); });
      Operation *vectorOp =
          rewriter.create(op.getLoc(), op.getName().getIdentifier(), operands,
                          types, op.getAttrs());
      mapping.map(op.getResults(), vectorOp->getResults());
    }
  }

  bool accumulates = llvm::is_contained(tile.getIteratorTypesArray(),
                                        utils::IteratorType::reduction);
  SmallVector<Value> results;
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  for (auto [value, init] :
       llvm::zip(yield.getValues(), tile.getDpsInitsMutable())) {
    Value dest = init.get();
    for (int64_t row = 0; row < plan.numRows(); ++row) {
      Value vec = toVector(mappings[row].lookupOrDefault(value));
      Value mask = maskOf(size, width);
      // Without AVX-512's mask registers a masked store is slow (vmaskmovps
      // is microcoded on AMD's cores): the row's lanes are stored as a
      // vector of their own size instead, which LLVM splits into whole
      // registers and a tail. An accumulator keeps the masked store of its
      // masked read, so that the pair leaves the reduction loops.
      if (mask && !maskedStores && !accumulates) {
        vec = vector::ExtractStridedSliceOp::create(
            rewriter, loc, vec, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{size},
            ArrayRef<int64_t>{1});
        mask = Value();
      }
      dest = vector::TransferWriteOp::create(rewriter, loc, vec, dest,
                                             firstOf(init, row), rowMap(dest),
                                             mask,
                                             rewriter.getBoolArrayAttr({true}))
                 .getResult();
    }
    results.push_back(dest);
  }
  rewriter.replaceOp(tile, results);
}

/// insert_slice(write_k(... write_1(extract_slice(D, o), v_1) ...), D, o)
/// as write_k(... write_1(D, v_1 at o + i_1) ...): a tile's row writes land
/// in the tensor the tile was sliced from, as its reads do, so that an
/// accumulator's read and write are one subset of the loop's iter_arg and
/// leave the reduction loops together. Upstream folds a single write only,
/// and only when it covers the whole slice; a tile of several rows, or of
/// one masked row, does not.
struct FoldRowWritesIntoDest : OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const override {
    SmallVector<vector::TransferWriteOp> writes;
    Value v = insert.getSource();
    while (auto write = v.getDefiningOp<vector::TransferWriteOp>()) {
      if (!write->hasOneUse() || !write.getPermutationMap().isMinorIdentity())
        return failure();
      writes.push_back(write);
      v = write.getBase();
    }
    auto slice = v.getDefiningOp<tensor::ExtractSliceOp>();
    if (writes.empty() || !slice || slice.getSource() != insert.getDest() ||
        slice.getType() != insert.getSourceType() ||
        !slice.hasUnitStride() || !insert.hasUnitStride() ||
        slice.getMixedOffsets() != insert.getMixedOffsets() ||
        slice.getMixedSizes() != insert.getMixedSizes())
      return failure();
    Value dest = insert.getDest();
    for (vector::TransferWriteOp write : llvm::reverse(writes)) {
      SmallVector<Value> indices;
      affine::resolveIndicesIntoOpWithOffsetsAndStrides(
          rewriter, write.getLoc(), insert.getMixedOffsets(),
          insert.getMixedStrides(), insert.getDroppedDims(),
          write.getIndices(), indices);
      dest = vector::TransferWriteOp::create(
                 rewriter, write.getLoc(), write.getVector(), dest, indices,
                 write.getPermutationMapAttr(), write.getMask(),
                 write.getInBoundsAttr())
                 .getResult();
    }
    rewriter.replaceOp(insert, dest);
    return success();
  }
};

/// transfer_read(extract_slice(D, o), i, mask) as transfer_read(D, o + i,
/// mask): upstream folds unmasked reads only, and a masked row of an
/// accumulator must be read from the tensor its write goes to.
struct FoldMaskedRowReadsIntoSource : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto slice = read.getBase().getDefiningOp<tensor::ExtractSliceOp>();
    if (!read.getMask() || !slice || !slice.hasUnitStride() ||
        slice.getDroppedDims().any() ||
        !read.getPermutationMap().isMinorIdentity() ||
        read.hasOutOfBoundsDim())
      return failure();
    SmallVector<Value> indices;
    affine::resolveIndicesIntoOpWithOffsetsAndStrides(
        rewriter, read.getLoc(), slice.getMixedOffsets(),
        slice.getMixedStrides(), slice.getDroppedDims(), read.getIndices(),
        indices);
    rewriter.replaceOpWithNewOp<vector::TransferReadOp>(
        read, read.getVectorType(), slice.getSource(), indices,
        read.getPermutationMapAttr(), read.getPadding(), read.getMask(),
        read.getInBoundsAttr());
    return success();
  }
};

/// Writes `value`, a vector, over [begin, begin + length) of row `row` of
/// `dest`, [R, L]; `length` is a whole number of vectors.
Value fillRow(OpBuilder &b, Location loc, Value dest, Value row, int64_t begin,
              int64_t length, Value value) {
  int64_t width = cast<VectorType>(value.getType()).getNumElements();
  auto write = [&](OpBuilder &b, Location loc, Value dest, Value column) {
    return vector::TransferWriteOp::create(b, loc, value, dest,
                                           ValueRange{row, column},
                                           ArrayRef<bool>{true})
        .getResult();
  };
  if (length <= 4 * width) {
    for (int64_t at = begin; at < begin + length; at += width)
      dest = write(b, loc, dest, arith::ConstantIndexOp::create(b, loc, at));
    return dest;
  }
  auto index = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
  return scf::ForOp::create(
             b, loc, index(begin), index(begin + length), index(width),
             ValueRange{dest},
             [&](OpBuilder &b, Location loc, Value column, ValueRange iter) {
               scf::YieldOp::create(b, loc, write(b, loc, iter[0], column));
             })
      .getResult(0);
}

/// How padByRows splits the rows of a pad (see there): the innermost
/// padded dimension, the floats before, of and after the source in a row,
/// and the vector width that divides all three.
struct PadRows {
  int64_t last, before, middle, after, width;
};

std::optional<PadRows> planPadRows(tensor::PadOp pad, int64_t lanes) {
  RankedTensorType type = pad.getResultType();
  RankedTensorType sourceType = pad.getSourceType();
  Value padding = pad.getConstantPaddingValue();
  if (!padding || !type.hasStaticShape() || !sourceType.hasStaticShape() ||
      !type.getElementType().isF32() ||
      ShapedType::isDynamicShape(pad.getStaticLow()) ||
      ShapedType::isDynamicShape(pad.getStaticHigh()))
    return std::nullopt;
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  int64_t rank = type.getRank();
  int64_t last = -1;
  for (int64_t d = 0; d < rank; ++d)
    if (low[d] != 0 || high[d] != 0)
      last = d;
  if (last < 1)
    return std::nullopt;
  int64_t inner = 1;
  for (int64_t d = last + 1; d < rank; ++d)
    inner *= sourceType.getDimSize(d);
  int64_t before = low[last] * inner, after = high[last] * inner;
  int64_t middle = sourceType.getDimSize(last) * inner;
  for (int64_t width : {4 * lanes, 2 * lanes, lanes})
    if (before % width == 0 && after % width == 0 && middle % width == 0)
      return PadRows{last, before, middle, after, width};
  return std::nullopt;
}

/// A static pad by a constant as one pass over its result, row by row:
/// the rows of the padding are filled, the others filled at both ends and
/// copied from the source in between, all in whole vectors. A row is the
/// innermost padded dimension with the unpadded ones inside it (an NHWC
/// image row, W * C). Left to bufferization, a pad became a memset of the
/// whole result and a copy of the source over most of it: two passes and
/// a second write of the interior (ResNet-18: 0.5 ms of memsets a run).
/// Fails, leaving `pad` alone, unless both ends and the source row are
/// whole vectors. With `producer`, a tensor of the padded shape whose
/// interior its producer has written (padIntoProducer), only the padding is
/// written, into it. Returns the padded tensor.
FailureOr<Value> padByRows(RewriterBase &rewriter, tensor::PadOp pad,
                           int64_t lanes, Value producer = {}) {
  std::optional<PadRows> plan = planPadRows(pad, lanes);
  if (!plan)
    return failure();
  int64_t last = plan->last, before = plan->before, middle = plan->middle,
          after = plan->after, width = plan->width;
  RankedTensorType type = pad.getResultType();
  RankedTensorType sourceType = pad.getSourceType();
  Value padding = pad.getConstantPaddingValue();
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  int64_t rank = type.getRank();

  Location loc = pad.getLoc();
  SmallVector<ReassociationIndices> rows = {
      llvm::to_vector(llvm::seq<int64_t>(0, last)),
      llvm::to_vector(llvm::seq<int64_t>(last, rank))};
  ArrayRef<int64_t> outer = type.getShape().take_front(last);
  ArrayRef<int64_t> sourceOuter = sourceType.getShape().take_front(last);
  int64_t numRows = ShapedType::getNumElements(outer);
  int64_t rowLength = before + middle + after;
  Value source, init;
  if (producer) {
    init = tensor::CollapseShapeOp::create(rewriter, loc, producer, rows);
  } else {
    source =
        tensor::CollapseShapeOp::create(rewriter, loc, pad.getSource(), rows);
    init = tensor::EmptyOp::create(rewriter, loc,
                                   ArrayRef<int64_t>{numRows, rowLength},
                                   type.getElementType());
  }
  auto vectorType = VectorType::get({width}, type.getElementType());
  Value fill = vector::BroadcastOp::create(rewriter, loc, vectorType, padding);
  auto index = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };

  auto loop = scf::ForOp::create(
      rewriter, loc, index(rewriter, 0), index(rewriter, numRows),
      index(rewriter, 1), ValueRange{init},
      [&](OpBuilder &b, Location loc, Value row, ValueRange iter) {
        SmallVector<Value> coords = {row};
        if (last > 1)
          coords = affine::AffineDelinearizeIndexOp::create(b, loc, row, outer)
                       .getResults();
        // Whether the row lies in the source; its row there.
        Value inside = arith::ConstantIntOp::create(b, loc, 1, 1);
        SmallVector<Value> sourceCoords;
        for (int64_t d = 0; d < last; ++d) {
          if (low[d] == 0 && high[d] == 0) {
            sourceCoords.push_back(coords[d]);
            continue;
          }
          Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                              coords[d], index(b, low[d]));
          Value end = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::slt, coords[d],
              index(b, low[d] + sourceOuter[d]));
          inside = arith::AndIOp::create(
              b, loc, inside, arith::AndIOp::create(b, loc, first, end));
          sourceCoords.push_back(
              arith::SubIOp::create(b, loc, coords[d], index(b, low[d])));
        }
        auto branch = scf::IfOp::create(
            b, loc, inside,
            [&](OpBuilder &b, Location loc) {
              Value sourceRow = sourceCoords.front();
              if (last > 1)
                sourceRow = affine::AffineLinearizeIndexOp::create(
                    b, loc, sourceCoords, sourceOuter);
              Value dest = fillRow(b, loc, iter[0], row, 0, before, fill);
              if (source)
                dest =
                  scf::ForOp::create(
                      b, loc, index(b, 0), index(b, middle), index(b, width),
                      ValueRange{dest},
                      [&](OpBuilder &b, Location loc, Value column,
                          ValueRange iter) {
                        Value value = vector::TransferReadOp::create(
                            b, loc, vectorType, source,
                            ValueRange{sourceRow, column}, padding,
                            ArrayRef<bool>{true});
                        Value at = arith::AddIOp::create(b, loc, column,
                                                         index(b, before));
                        scf::YieldOp::create(
                            b, loc,
                            vector::TransferWriteOp::create(
                                b, loc, value, iter[0], ValueRange{row, at},
                                ArrayRef<bool>{true})
                                .getResult());
                      })
                      .getResult(0);
              dest = fillRow(b, loc, dest, row, before + middle, after, fill);
              scf::YieldOp::create(b, loc, dest);
            },
            [&](OpBuilder &b, Location loc) {
              scf::YieldOp::create(
                  b, loc, fillRow(b, loc, iter[0], row, 0, rowLength, fill));
            });
        scf::YieldOp::create(b, loc, branch.getResult(0));
      });
  // Each row is written by its own iteration alone.
  loop->setAttr(tfcc::kParallelAttrName, rewriter.getUnitAttr());
  return tensor::ExpandShapeOp::create(rewriter, loc, type, loop.getResult(0),
                                       rows)
      .getResult();
}

/// Makes the tile loops that compute a pad's source write its rows into the
/// padded tensor, whose padding padByRows fills after them, instead of into
/// a tensor of their own that the pad then copies: a convolution's epilogue
/// stores its tiles where the next convolution's padded input has them.
/// (The padding is filled after the loops, into their result: a fill of
/// an empty tensor first would be the same for every pad of that shape,
/// one value after CSE, and bufferization would copy it for each.)
/// The loops are those of tfcc-fuse-epilogues after vectorization: an
/// [N * OH * OW, C] tensor carried through them and written only by 2-D
/// vector tiles of rows that stay within one image row (m0 divides OW);
/// other users of the source read the interior of the padded tensor.
LogicalResult padIntoProducer(RewriterBase &rewriter, tensor::PadOp pad,
                              int64_t lanes) {
  auto expand = pad.getSource().getDefiningOp<tensor::ExpandShapeOp>();
  auto outer = expand ? expand.getSrc().getDefiningOp<scf::ForOp>()
                      : scf::ForOp();
  if (!outer || !outer->hasOneUse() || outer.getNumRegionIterArgs() != 1 ||
      !planPadRows(pad, lanes))
    return failure();
  RankedTensorType type = pad.getResultType();
  RankedTensorType full = expand.getResultType();
  SmallVector<ReassociationIndices> pixels = {{0, 1, 2}, {3}};
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  auto init = outer.getInitArgs()[0].getDefiningOp<tensor::CollapseShapeOp>();
  if (full.getRank() != 4 || !full.hasStaticShape() ||
      expand.getReassociationIndices() != pixels ||
      ShapedType::isDynamicShape(low) || ShapedType::isDynamicShape(high) ||
      low[0] || high[0] || low[3] || high[3] || !init ||
      !init.getSrc().getDefiningOp<tensor::EmptyOp>() ||
      init.getReassociationIndices() != pixels)
    return failure();

  // The tensor carried through the loops, its writes and the loops.
  SmallVector<vector::TransferWriteOp> writes;
  SmallVector<Value> carried;
  std::function<bool(Value)> onlyWrites = [&](Value value) {
    carried.push_back(value);
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto write = dyn_cast<vector::TransferWriteOp>(user)) {
        VectorType vector = write.getVectorType();
        if (&use != &write.getBaseMutable() || write.getMask() ||
            vector.getRank() != 2 ||
            full.getDimSize(2) % vector.getDimSize(0) != 0 ||
            !write.getPermutationMap().isMinorIdentity() ||
            write.hasOutOfBoundsDim())
          return false;
        writes.push_back(write);
        if (!onlyWrites(write.getResult()))
          return false;
        continue;
      }
      if (auto loop = dyn_cast<scf::ForOp>(user)) {
        if (!onlyWrites(loop.getTiedLoopRegionIterArg(&use)) ||
            !onlyWrites(loop.getTiedLoopResult(&use)))
          return false;
        continue;
      }
      if (isa<scf::YieldOp>(user))
        continue;
      return false;
    }
    return true;
  };
  // A tile's first row: an induction variable stepping by whole tiles.
  auto rowsOfOneImageRow = [&](vector::TransferWriteOp write) {
    scf::ForOp loop = scf::getForInductionVarOwner(write.getIndices()[0]);
    std::optional<int64_t> lb =
        loop ? getConstantIntValue(loop.getLowerBound()) : std::nullopt;
    std::optional<int64_t> step =
        loop ? getConstantIntValue(loop.getStep()) : std::nullopt;
    return lb && step && *lb == 0 &&
           *step % write.getVectorType().getDimSize(0) == 0;
  };
  if (!onlyWrites(outer.getRegionIterArgs()[0]) ||
      !llvm::all_of(writes, rowsOfOneImageRow))
    return failure();

  rewriter.setInsertionPoint(outer);
  Value empty = tensor::EmptyOp::create(rewriter, pad.getLoc(),
                                        type.getShape(), type.getElementType());
  rewriter.modifyOpInPlace(
      outer, [&] { outer.getInitArgsMutable()[0].set(empty); });
  carried.push_back(outer.getResult(0));
  for (Value value : carried)
    value.setType(type);
  for (vector::TransferWriteOp write : writes) {
    rewriter.setInsertionPoint(write);
    Location loc = write.getLoc();
    auto pixel = affine::AffineDelinearizeIndexOp::create(
        rewriter, loc, write.getIndices()[0], full.getShape().take_front(3));
    SmallVector<Value> indices;
    for (int64_t d = 0; d < 3; ++d)
      indices.push_back(affine::AffineApplyOp::create(
          rewriter, loc,
          AffineMap::get(1, 0, rewriter.getAffineDimExpr(0) + low[d]),
          pixel.getResult(d)));
    indices.push_back(write.getIndices()[1]);
    rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
        write, write.getVector(), write.getBase(), indices,
        ArrayRef<bool>{true, true});
  }
  rewriter.setInsertionPointAfter(outer);
  // Cannot fail: planned above.
  FailureOr<Value> padded = padByRows(rewriter, pad, lanes, outer.getResult(0));
  SmallVector<OpFoldResult> offsets, sizes, strides;
  for (int64_t d = 0; d < 4; ++d) {
    offsets.push_back(rewriter.getIndexAttr(low[d]));
    sizes.push_back(rewriter.getIndexAttr(full.getDimSize(d)));
    strides.push_back(rewriter.getIndexAttr(1));
  }
  Value interior = tensor::ExtractSliceOp::create(
      rewriter, pad.getLoc(), *padded, offsets, sizes, strides);
  rewriter.replaceOp(pad, *padded);
  rewriter.replaceOp(expand, interior);
  return success();
}

/// Names on `dropped`, `op` with its dimensions of size 1 dropped, the
/// dimension to split that `op` names (kSplitDimAttrName): the same loop,
/// one of fewer.
void keepSplitDim(linalg::GenericOp op, linalg::LinalgOp dropped) {
  auto split = op->getAttrOfType<IntegerAttr>(tfcc::kSplitDimAttrName);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (!split || split.getInt() >= static_cast<int64_t>(ranges.size()) ||
      ranges[split.getInt()] == 1 ||
      dropped.getNumLoops() != ranges.size() - llvm::count(ranges, 1))
    return;
  int64_t before =
      llvm::count(ArrayRef(ranges).take_front(split.getInt()), int64_t(1));
  dropped->setAttr(tfcc::kSplitDimAttrName,
                   IntegerAttr::get(split.getType(), split.getInt() - before));
}

/// Hashes and compares operations as CSE does: name, attributes, operands
/// and result types.
struct EquivalentOperation : llvm::DenseMapInfo<Operation *> {
  static unsigned getHashValue(const Operation *op) {
    return OperationEquivalence::computeHash(
        const_cast<Operation *>(op), OperationEquivalence::directHashValue,
        OperationEquivalence::ignoreHashValue,
        OperationEquivalence::IgnoreLocations);
  }
  static bool isEqual(const Operation *lhs, const Operation *rhs) {
    if (lhs == rhs)
      return true;
    if (lhs == getEmptyKey() || lhs == getTombstoneKey() ||
        rhs == getEmptyKey() || rhs == getTombstoneKey())
      return false;
    return OperationEquivalence::isEquivalentTo(
        const_cast<Operation *>(lhs), const_cast<Operation *>(rhs),
        OperationEquivalence::IgnoreLocations);
  }
};

/// CSE of the function's entry block, leaving out operations with regions,
/// and then inside each of those. CSE over the whole function compared
/// loops that differ only in a tensor their bodies read from above (they
/// hash alike) region by region, pairwise: quadratic in a chain of them
/// (1,000 MatMuls: 40% of this pass). MLIR's CSE has no way to leave such
/// operations out, hence the entry block's own pass here.
static void eliminateCommonSubExpressionsByNest(RewriterBase &rewriter,
                                                func::FuncOp func) {
  llvm::DenseSet<Operation *, EquivalentOperation> seen;
  SmallVector<Operation *> nests;
  for (Operation &op : llvm::make_early_inc_range(func.getBody().front())) {
    if (op.getNumRegions() != 0) {
      nests.push_back(&op);
      continue;
    }
    if (!isMemoryEffectFree(&op))
      continue;
    auto [it, inserted] = seen.insert(&op);
    if (!inserted)
      rewriter.replaceOp(&op, (*it)->getResults());
  }
  DominanceInfo domInfo;
  for (Operation *nest : nests)
    eliminateCommonSubExpressions(rewriter, domInfo, nest);
}

struct TfccVectorizeElementwise
    : tfcc::impl::TfccVectorizeElementwiseBase<TfccVectorizeElementwise> {
  using Base::Base;

  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    func::FuncOp func = getOperation();
    int64_t lanes = std::max<int64_t>(vectorBits / 32, 1);
    IRRewriter rewriter(&getContext());

    // A static pad by a constant in one pass over its rows (padByRows).
    // Where its rows do not split into whole vectors, a pad by anything but
    // zero (max pooling's -inf border) becomes a generic that fills the
    // padded tensor, vectorized below, and the source inserted into it:
    // left to bufferization, the fill became scalar stores that LLVM
    // vectorized across rows with scatters (an NHWC 114x114x64 border: 1 ms
    // on Zen 5); a zero pad stays, a memset and a copy.
    SmallVector<tensor::PadOp> pads;
    func.walk([&](tensor::PadOp pad) {
      Value padding = pad.getConstantPaddingValue();
      if (pad.getResultType().hasStaticShape() && padding &&
          matchPattern(padding, m_Constant()))
        pads.push_back(pad);
    });
    for (tensor::PadOp pad : pads) {
      if (succeeded(padIntoProducer(rewriter, pad, lanes)))
        continue;
      rewriter.setInsertionPoint(pad);
      FailureOr<Value> padded = padByRows(rewriter, pad, lanes);
      if (succeeded(padded)) {
        rewriter.replaceOp(pad, *padded);
        continue;
      }
      if (matchPattern(pad.getConstantPaddingValue(), m_AnyZeroFloat()))
        continue;
      rewriter.setInsertionPoint(pad);
      Location loc = pad.getLoc();
      RankedTensorType type = pad.getResultType();
      Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                            type.getElementType());
      Value padding = pad.getConstantPaddingValue();
      auto fill = linalg::GenericOp::create(
          rewriter, loc, type, ValueRange{}, ValueRange{empty},
          {rewriter.getMultiDimIdentityMap(type.getRank())},
          SmallVector<utils::IteratorType>(type.getRank(),
                                           utils::IteratorType::parallel),
          [&](OpBuilder &b, Location nested, ValueRange) {
            linalg::YieldOp::create(b, nested, padding);
          });
      SmallVector<OpFoldResult> sizes =
          tensor::getMixedSizes(rewriter, loc, pad.getSource());
      SmallVector<OpFoldResult> strides(type.getRank(),
                                        rewriter.getIndexAttr(1));
      rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
          pad, pad.getSource(), fill.getResult(0), pad.getMixedLowPad(),
          sizes, strides);
    }

    // Transposes as generics, so that those that keep the innermost
    // dimension in place (packs and unpacks) are taken too; static
    // reductions, so that rows reduced along their innermost loop are split
    // below.
    SmallVector<linalg::LinalgOp> named;
    func.walk([&](Operation *op) {
      auto reduce = dyn_cast<linalg::ReduceOp>(op);
      if (isa<linalg::TransposeOp>(op) ||
          (reduce && !llvm::any_of(reduce.getStaticLoopRanges(),
                                   ShapedType::isDynamic)))
        named.push_back(cast<linalg::LinalgOp>(op));
    });
    for (linalg::LinalgOp op : named) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }

    // Unit dimensions dropped first: the innermost loop of a pack's
    // transpose is its unit k0 tile, the row to vectorize the one before.
    SmallVector<linalg::GenericOp> generics;
    func.walk([&](linalg::GenericOp op) {
      if (op.getNumLoops() > 0 && hasArithmeticBody(op) &&
          hasVectorizableOperands(op) &&
          llvm::is_contained(op.getStaticLoopRanges(), 1))
        generics.push_back(op);
    });
    linalg::ControlDropUnitDims control;
    for (linalg::GenericOp op : generics) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::DropUnitDimsResult> dropped =
          linalg::dropUnitDims(rewriter, op, control);
      if (failed(dropped))
        continue;
      keepSplitDim(op,
                   cast<linalg::LinalgOp>(dropped->resultOp.getOperation()));
      rewriter.replaceOp(op, dropped->replacements);
    }

    // A row reduced along the innermost loop (softmax's max and sum, layer
    // norm's moments) is split into vector-wide partial results
    // (linalg::splitReduction): a generic whose innermost loop is parallel
    // across the lanes, reducing over the rest of the row, and a short one
    // over the lanes. The partial sums reassociate the row's sum, as any
    // vectorized reduction does.
    SmallVector<linalg::GenericOp> rowReductions;
    func.walk([&](linalg::GenericOp op) {
      // Static shapes only: with a dynamic batch the split IR crashed a
      // canonicalization pattern of this pass (layer_norm.mlir on
      // x86-64-v3), not investigated yet.
      if (op.getNumLoops() == 0 || !hasArithmeticBody(op) ||
          !hasVectorizableOperands(op) || op.getNumReductionLoops() != 1 ||
          op.getNumDpsInits() != 1 ||
          llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic))
        return;
      unsigned inner = op.getNumLoops() - 1;
      int64_t size = op.getStaticLoopRanges()[inner];
      if (op.getIteratorTypesArray()[inner] != utils::IteratorType::reduction ||
          ShapedType::isDynamic(size) || size % lanes != 0 ||
          size < 2 * lanes)
        return;
      rowReductions.push_back(op);
    });
    bool reducesLanes = false;
    for (linalg::GenericOp op : rowReductions) {
      unsigned outputRank =
          op.getMatchingIndexingMap(op.getDpsInitOperand(0)).getNumResults();
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::SplitReductionResult> split =
          linalg::splitReduction(rewriter, op, [&](linalg::LinalgOp) {
            return linalg::SplitReductionOptions{lanes, outputRank,
                                                 /*innerParallel=*/true};
          });
      // One row (tfcc-fuse-rows' row loop): its lanes are reduced as one
      // vector (a shuffle tree) rather than a scalar loop through memory.
      // Many rows are left to LLVM, which vectorizes across them.
      if (failed(split))
        continue;
      auto combine = dyn_cast<linalg::GenericOp>(
          split->resultCombiningLinalgOp.getOperation());
      auto resultType = dyn_cast<RankedTensorType>(
          combine ? combine->getResultTypes().front() : Type());
      if (!resultType || !resultType.hasStaticShape() ||
          resultType.getNumElements() != 1)
        continue;
      rewriter.setInsertionPoint(combine);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, combine);
      if (succeeded(vectorized)) {
        rewriter.replaceOp(combine, vectorized->replacements);
        reducesLanes = true;
      }
    }
    if (reducesLanes &&
        failed(tfcc::applyPatternsWithCanonicalization(
            func, [](RewritePatternSet &patterns) {
              vector::populateVectorMultiReductionLoweringPatterns(
                  patterns, vector::VectorMultiReductionLowering::InnerReduction);
            })))
      return signalPassFailure();

    SmallVector<std::pair<linalg::GenericOp, TilePlan>> targets;
    func.walk([&](linalg::GenericOp op) {
      TilePlan plan = planTile(op, lanes, vectorRegisters);
      if (plan.width)
        targets.push_back({op, plan});
    });
    for (auto [op, plan] : targets) {
      SmallVector<int64_t> ranges(op.getNumLoops(), 1);
      ranges.back() = plan.size;
      for (const RowLoop &rowLoop : plan.rowLoops)
        ranges[rowLoop.loop] = rowLoop.count;
      SmallVector<OpFoldResult> sizes = llvm::map_to_vector(
          ranges, [&](int64_t n) -> OpFoldResult {
            return rewriter.getIndexAttr(n);
          });
      FailureOr<SmallVector<Operation *>> tiles = tfcc::tileWithForLoops(
          rewriter, cast<TilingInterface>(op.getOperation()), sizes);
      if (failed(tiles))
        continue;
      for (Operation *tileOp : *tiles) {
        auto generic = dyn_cast<linalg::GenericOp>(tileOp);
        if (!generic || generic.getStaticLoopRanges() != ranges)
          continue;
        rewriter.setInsertionPoint(generic);
        vectorizeTile(rewriter, generic, plan,
                      /*maskedStores=*/vectorBits >= 512);
      }
    }
    if (targets.empty())
      return;

    // The transfers read and write the tensors directly, not their slices.
    if (failed(tfcc::applyPatternsWithCanonicalization(
            func, [](RewritePatternSet &patterns) {
              tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(
                  patterns);
              patterns.add<FoldRowWritesIntoDest, FoldMaskedRowReadsIntoSource>(
                  patterns.getContext());
            })))
      return signalPassFailure();

    // An accumulator's read and write (a convolution's output rows) leave
    // the reduction loops, innermost first, and become loop-carried
    // vectors. Their indices are computed apart from the slices'; CSE
    // makes those of a read and its write one value.
    eliminateCommonSubExpressionsByNest(rewriter, func);
    tfcc::hoistAccumulators(rewriter, func);
    tfcc::startFromFills(rewriter, func);
  }
};

} // namespace
