//===- VectorizeTransposes.cpp - transposes in register blocks ------------===//
//
// A copy that moves the innermost dimension (NCHW <-> NHWC at a model's
// boundary, a transposed matrix) reads along one loop and writes along
// another: tfcc-vectorize-elementwise would leave it scalar, an element at
// a time. Here it is tiled (upstream's SCF tiling) into blocks of 8 x 8
// elements, each read as 8 rows, transposed in registers with the usual
// AVX sequence of 24 shuffles and written as 8 rows. The shuffles are
// built here: upstream's flat vector.transpose lowering is rebuilt element
// by element once the transfers are unrolled, and x86vector's AVX2 8x8
// one blends with inline assembly.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/UB/IR/UBOps.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCVECTORIZETRANSPOSES
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// Elements a side of one block: a vector of 8 f32 fills an AVX2 register
/// and half an AVX-512 one, whose shuffles take two at once.
constexpr int64_t kBlock = 8;

/// The loops of a transposing copy, or nothing: `write` indexes the
/// result's innermost dimension, `read` the input's. A copy is a generic
/// (or linalg.transpose) of parallel loops that yields its one input of
/// 32-bit elements, the result in loop order and the input permuted with
/// its innermost dimension moved; both loops are static.
std::optional<std::pair<unsigned, unsigned>>
matchTransposingCopy(linalg::LinalgOp op) {
  if (!isa<linalg::GenericOp, linalg::TransposeOp>(op) ||
      !op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops() || op.getNumLoops() < 2)
    return std::nullopt;
  Block &body = *op.getBlock();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (body.getOperations().size() != 1 ||
      yield.getValues().front() != body.getArgument(0))
    return std::nullopt;
  Type element = getElementTypeOrSelf(op.getDpsInputOperand(0)->get());
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() != 32)
    return std::nullopt;
  AffineMap in = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!out.isIdentity() || !in.isPermutation())
    return std::nullopt;
  unsigned write = op.getNumLoops() - 1;
  unsigned read = cast<AffineDimExpr>(in.getResults().back()).getPosition();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (read == write || ShapedType::isDynamic(ranges[read]) ||
      ShapedType::isDynamic(ranges[write]))
    return std::nullopt;
  return std::make_pair(write, read);
}

/// `copy` with each run of loops that are adjacent, in the same order, in
/// both the input and the result collapsed into one loop
/// (linalg::collapseOpIterationDims): NHWC -> NCHW is a 2-D transpose of
/// [H * W, C], whose sides are multiples of 8 more often than W is.
linalg::GenericOp collapseAdjacentLoops(RewriterBase &rewriter,
                                        linalg::GenericOp copy) {
  MLIRContext *ctx = rewriter.getContext();
  AffineMap in = copy.getMatchingIndexingMap(copy.getDpsInputOperand(0));
  SmallVector<ReassociationIndices> groups;
  for (unsigned loop = 0, e = copy.getNumLoops(); loop < e; ++loop) {
    unsigned pos = *in.getResultPosition(getAffineDimExpr(loop, ctx));
    if (loop > 0 && pos > 0 &&
        in.getResult(pos - 1) == getAffineDimExpr(loop - 1, ctx))
      groups.back().push_back(loop);
    else
      groups.push_back({static_cast<int64_t>(loop)});
  }
  if (groups.size() == copy.getNumLoops())
    return copy;
  rewriter.setInsertionPoint(copy);
  FailureOr<linalg::CollapseResult> collapsed =
      linalg::collapseOpIterationDims(copy, groups, rewriter);
  if (failed(collapsed))
    return copy;
  rewriter.replaceOp(copy, collapsed->results);
  return cast<linalg::GenericOp>(collapsed->collapsedOp.getOperation());
}

/// Transposes the 8 x 8 block `rows` (8 vectors of 8) into its columns
/// with the 24 two-source shuffles of the classic AVX sequence: unpacks of
/// row pairs, shuffles of pairs of those, then 128-bit lane swaps, each one
/// instruction (vunpcklps/vunpckhps, vshufps, vperm2f128) for LLVM.
SmallVector<Value> transposeBlock(RewriterBase &rewriter, Location loc,
                                  ArrayRef<Value> rows) {
  auto shuffle = [&](Value a, Value b, ArrayRef<int64_t> mask) -> Value {
    return vector::ShuffleOp::create(rewriter, loc, a, b, mask);
  };
  SmallVector<Value> pairs, quads, columns(kBlock);
  for (int i = 0; i < kBlock; i += 2) {
    pairs.push_back(shuffle(rows[i], rows[i + 1], {0, 8, 1, 9, 4, 12, 5, 13}));
    pairs.push_back(
        shuffle(rows[i], rows[i + 1], {2, 10, 3, 11, 6, 14, 7, 15}));
  }
  // pairs: {r0r1 lo, r0r1 hi, r2r3 lo, r2r3 hi, ...}.
  for (int i = 0; i < kBlock; i += 4)
    for (int half = 0; half < 2; ++half) {
      quads.push_back(shuffle(pairs[i + half], pairs[i + half + 2],
                              {0, 1, 8, 9, 4, 5, 12, 13}));
      quads.push_back(shuffle(pairs[i + half], pairs[i + half + 2],
                              {2, 3, 10, 11, 6, 7, 14, 15}));
    }
  // quads[j] (j < 4) holds columns j and j + 4 of rows 0-3, quads[j + 4]
  // those of rows 4-7.
  for (int j = 0; j < 4; ++j) {
    columns[j] = shuffle(quads[j], quads[j + 4], {0, 1, 2, 3, 8, 9, 10, 11});
    columns[j + 4] =
        shuffle(quads[j], quads[j + 4], {4, 5, 6, 7, 12, 13, 14, 15});
  }
  return columns;
}

/// Replaces `tile`, one block of a transposing copy, by 8 reads of its
/// input along `read` (contiguous), one at each step of `write`, the
/// block's transpose, and 8 writes along `write`, the result's innermost
/// dimension, one at each step of `read`. Every other loop is a unit dim
/// of the tile.
void vectorizeBlock(RewriterBase &rewriter, linalg::LinalgOp tile,
                    unsigned write, unsigned read) {
  MLIRContext *ctx = rewriter.getContext();
  Value input = tile.getDpsInputOperand(0)->get();
  AffineMap in = tile.getMatchingIndexingMap(tile.getDpsInputOperand(0));
  unsigned inRank = in.getNumResults();
  unsigned outRank = tile.getNumLoops();
  unsigned inWrite = *in.getResultPosition(getAffineDimExpr(write, ctx));
  unsigned inRead = *in.getResultPosition(getAffineDimExpr(read, ctx));
  Location loc = tile.getLoc();
  rewriter.setInsertionPoint(tile);
  Type element = getElementTypeOrSelf(input);
  auto row = VectorType::get({kBlock}, element);
  Value padding = ub::PoisonOp::create(rewriter, loc, element);
  SmallVector<Value> offsets;
  for (int64_t i = 0; i < kBlock; ++i)
    offsets.push_back(arith::ConstantIndexOp::create(rewriter, loc, i));
  SmallVector<bool> inBounds = {true};
  SmallVector<Value> rows;
  for (int64_t i = 0; i < kBlock; ++i) {
    SmallVector<Value> indices(inRank, offsets[0]);
    indices[inWrite] = offsets[i];
    rows.push_back(vector::TransferReadOp::create(
        rewriter, loc, row, input, indices,
        AffineMap::get(inRank, 0, getAffineDimExpr(inRead, ctx)), padding,
        /*mask=*/Value(), rewriter.getBoolArrayAttr(inBounds)));
  }
  SmallVector<Value> columns = transposeBlock(rewriter, loc, rows);
  Value result = tile.getDpsInitOperand(0)->get();
  for (int64_t j = 0; j < kBlock; ++j) {
    SmallVector<Value> indices(outRank, offsets[0]);
    indices[read] = offsets[j];
    result = vector::TransferWriteOp::create(rewriter, loc, columns[j], result,
                                             indices, ArrayRef<bool>(inBounds))
                 ->getResult(0);
  }
  rewriter.replaceOp(tile, result);
}

struct TfccVectorizeTransposes
    : tfcc::impl::TfccVectorizeTransposesBase<TfccVectorizeTransposes> {
  using TfccVectorizeTransposesBase::TfccVectorizeTransposesBase;

  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> copies;
    func.walk([&](linalg::LinalgOp op) {
      if (matchTransposingCopy(op))
        copies.push_back(op);
    });
    if (copies.empty())
      return;
    for (linalg::LinalgOp op : copies) {
      rewriter.setInsertionPoint(op);
      auto copy = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!copy) {
        FailureOr<linalg::GenericOp> generic =
            linalg::generalizeNamedOp(rewriter, op);
        if (failed(generic))
          continue;
        copy = *generic;
      }
      copy = collapseAdjacentLoops(rewriter, copy);
      std::optional<std::pair<unsigned, unsigned>> loops =
          matchTransposingCopy(copy);
      if (!loops)
        continue;
      auto [write, read] = *loops;
      SmallVector<int64_t> ranges = copy.getStaticLoopRanges();
      if (ranges[write] < kBlock || ranges[read] < kBlock)
        continue;
      // The whole blocks; the rest of either side is split off
      // (linalg::splitOp) and left to tfcc-vectorize-elementwise.
      TilingInterface blocks = cast<TilingInterface>(copy.getOperation());
      for (unsigned loop : {write, read}) {
        int64_t whole = ranges[loop] / kBlock * kBlock;
        rewriter.setInsertionPoint(blocks);
        if (whole != ranges[loop])
          blocks = linalg::splitOp(rewriter, blocks, loop,
                                   rewriter.getIndexAttr(whole))
                       .first;
      }
      SmallVector<OpFoldResult> sizes(copy.getNumLoops(),
                                      rewriter.getIndexAttr(1));
      sizes[write] = sizes[read] = rewriter.getIndexAttr(kBlock);
      FailureOr<SmallVector<Operation *>> tiles =
          tfcc::tileWithForLoops(rewriter, blocks, sizes);
      if (failed(tiles))
        continue;
      for (Operation *tile : *tiles)
        vectorizeBlock(rewriter, cast<linalg::LinalgOp>(tile), write, read);
    }

    // The reads and writes take their tensors directly, not the slices.
    if (failed(tfcc::applyPatternsWithCanonicalization(
            func, [](RewritePatternSet &patterns) {
              tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(
                  patterns);
            })))
      return signalPassFailure();
  }
};

} // namespace
