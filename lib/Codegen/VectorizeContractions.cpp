//===- VectorizeContractions.cpp - register tiles of FMAs -----------------===//
//
// Tiles each packed contraction down to one register tile per iteration,
// vectorizes the tile and lowers its vector.contract to FMAs, with the
// accumulator hoisted out of the reduction loop. Upstream pieces throughout
// (tileUsingSCF, linalg::vectorize, subset hoisting, the vector dialect's
// contraction lowering); this pass only chooses the loop order and the
// sequence, which is the recipe of upstream's mmt4d-to-fma test.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCVECTORIZECONTRACTIONS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// Splits the reduction loop K1 of `op` into blocks of `block` steps, an
/// scf.for around the contraction that carries the output (see
/// chooseReductionBlock). Returns the contraction of one block.
FailureOr<linalg::GenericOp> blockReduction(RewriterBase &rewriter,
                                            linalg::GenericOp op,
                                            const PackedContraction &loops,
                                            int64_t block) {
  SmallVector<OpFoldResult> sizes(op.getNumLoops(), rewriter.getIndexAttr(0));
  sizes[loops.k1] = rewriter.getIndexAttr(block);
  FailureOr<SmallVector<Operation *>> tiles = tileWithForLoops(
      rewriter, cast<TilingInterface>(op.getOperation()), sizes);
  if (failed(tiles) || tiles->size() != 1)
    return failure();
  return cast<linalg::GenericOp>(tiles->front());
}

/// Tiles every loop but the register tile by one: batch loops, then the
/// panels of the larger of M and N, those of the smaller and the reductions,
/// innermost. With `rowSteps`, K1 is first split into rows of that many
/// steps, one loop inside the other, both inside the panel loops (one
/// window row of im2col at a time). Returns the tiles.
FailureOr<SmallVector<Operation *>>
tileToRegisters(RewriterBase &rewriter, linalg::GenericOp op,
                const PackedContraction &loops, int64_t rowSteps = 0) {
  unsigned count = op.getNumLoops();
  SmallVector<OpFoldResult> sizes(count, rewriter.getIndexAttr(1));
  for (unsigned i = count - 3; i < count; ++i)
    sizes[i] = rewriter.getIndexAttr(0);
  if (rowSteps)
    sizes[loops.k1] = rewriter.getIndexAttr(rowSteps);
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> order;
  for (unsigned i = 0; i < count - 3; ++i)
    if (iterators[i] == utils::IteratorType::parallel && i != loops.m1 &&
        i != loops.n1)
      order.push_back(i);
  bool mOuter = isMOuter(op, loops);
  order.push_back(mOuter ? loops.m1 : loops.n1);
  order.push_back(mOuter ? loops.n1 : loops.m1);
  for (unsigned i = 0; i < count - 3; ++i)
    if (iterators[i] == utils::IteratorType::reduction)
      order.push_back(i);
  for (unsigned i = count - 3; i < count; ++i)
    order.push_back(i);

  FailureOr<SmallVector<Operation *>> tiles = tileWithForLoops(
      rewriter, cast<TilingInterface>(op.getOperation()), sizes, order);
  if (failed(tiles) || !rowSteps)
    return tiles;
  SmallVector<OpFoldResult> steps(count, rewriter.getIndexAttr(0));
  steps[loops.k1] = rewriter.getIndexAttr(1);
  SmallVector<Operation *> stepTiles;
  for (Operation *tile : *tiles) {
    FailureOr<SmallVector<Operation *>> inner =
        tileWithForLoops(rewriter, cast<TilingInterface>(tile), steps);
    if (failed(inner))
      return failure();
    llvm::append_range(stepTiles, *inner);
  }
  return stepTiles;
}

/// The epilogue tfcc-fuse-epilogues put in the tile loop of `op`, a
/// contraction of one register tile: the unpack of its result and the
/// elementwise op that reads it, in the same block. Vectorized with the
/// tile, they read its accumulators where they are, in registers.
SmallVector<Operation *> collectEpilogue(linalg::GenericOp op) {
  SmallVector<Operation *> epilogue;
  if (!op->hasOneUse())
    return epilogue;
  auto unpack = dyn_cast<linalg::UnPackOp>(*op->getUsers().begin());
  if (!unpack || unpack->getBlock() != op->getBlock() ||
      !unpack.getDestType().hasStaticShape() || !unpack->hasOneUse())
    return epilogue;
  auto consumer = dyn_cast<linalg::GenericOp>(*unpack->getUsers().begin());
  if (!consumer || consumer->getBlock() != op->getBlock() ||
      consumer.getNumParallelLoops() != consumer.getNumLoops() ||
      !llvm::all_of(consumer->getOperandTypes(), [](Type type) {
        auto shaped = dyn_cast<ShapedType>(type);
        return !shaped || shaped.hasStaticShape();
      }))
    return epilogue;
  return {unpack, consumer};
}

/// Makes `tile`, one register tile of a contraction whose A is `rows`'s
/// im2col, read its m0 rows of A at its step of K from the im2col's input,
/// a strided slice, instead of from the im2col: the rows need not be
/// copied at all. The reduction is blocked by a divisor of KWC, so that
/// each block lies within one window row; K's step is the block's offset
/// plus the tile's.
LogicalResult readRowsInPlace(RewriterBase &rewriter, linalg::GenericOp tile,
                              const Im2colRows &rows, int64_t m0) {
  // The offsets of the tile's slice of A in M1 and K, summed over the
  // slices between it and the im2col. The tile's own K offset steps
  // through a block of `extent` steps, a divisor of KWC; the others (the
  // block's, the split of tfcc-fuse-epilogues) are multiples of it, so
  // that a block lies within one window row.
  OpOperand *operand = tile.getDpsInputOperand(0);
  Location loc = tile.getLoc();
  rewriter.setInsertionPoint(tile);
  int64_t kwc = rows.shape[4];
  SmallVector<OpFoldResult> panelOffsets, blockOffsets;
  OpFoldResult step;
  int64_t extent = 0;
  Value a = operand->get();
  while (auto slice = a.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!slice.hasUnitStride() || slice.getDroppedDims().any())
      return failure();
    panelOffsets.push_back(slice.getMixedOffsets()[0]);
    OpFoldResult k = slice.getMixedOffsets()[2];
    if (!step) {
      step = k;
      extent = slice.getSourceType().getDimSize(2);
    } else {
      std::optional<int64_t> known = getConstantIntValue(k);
      if (known && *known % extent != 0)
        return failure();
      blockOffsets.push_back(k);
    }
    a = slice.getSource();
  }
  auto tileType = cast<RankedTensorType>(operand->get().getType());
  if (!step || !a.getDefiningOp<tensor::ExpandShapeOp>() ||
      ShapedType::isDynamic(extent) || kwc % extent != 0 ||
      tileType.getShape() != ArrayRef<int64_t>{1, m0, 1, 1})
    return failure();
  MLIRContext *ctx = rewriter.getContext();
  AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx);
  auto sum = [&](ArrayRef<OpFoldResult> values) -> OpFoldResult {
    OpFoldResult total = rewriter.getIndexAttr(0);
    for (OpFoldResult value : values)
      total = affine::makeComposedFoldedAffineApply(rewriter, loc, d0 + d1,
                                                    {total, value});
    return total;
  };
  // The window row kh and the step kwc within it.
  OpFoldResult block = sum(blockOffsets);
  OpFoldResult kh = affine::makeComposedFoldedAffineApply(
      rewriter, loc, d0.floorDiv(kwc), {block});
  OpFoldResult inner = affine::makeComposedFoldedAffineApply(
      rewriter, loc, d0 % kwc + d1, {block, step});
  OpFoldResult row = affine::makeComposedFoldedAffineApply(
      rewriter, loc, d0 * m0, {sum(panelOffsets)});
  Value rowValue = getValueOrCreateConstantIndexOp(rewriter, loc, row);
  auto position = affine::AffineDelinearizeIndexOp::create(
      rewriter, loc, rowValue,
      ArrayRef<int64_t>{rows.shape[0], rows.shape[1], rows.shape[2]});
  SmallVector<OpFoldResult> dims = {position.getResult(0),
                                    position.getResult(1),
                                    position.getResult(2), kh, inner};
  SmallVector<OpFoldResult> offsets =
      affine::makeComposedFoldedMultiResultAffineApply(rewriter, loc,
                                                       rows.map, dims);
  auto inputType = cast<RankedTensorType>(rows.input.getType());
  int64_t rank = inputType.getRank();
  SmallVector<OpFoldResult> sizes(rank, rewriter.getIndexAttr(1));
  SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
  sizes.back() = rewriter.getIndexAttr(m0);
  strides.back() = rewriter.getIndexAttr(rows.stride);
  auto rowType = RankedTensorType::get({m0}, inputType.getElementType());
  Value slice = tensor::ExtractSliceOp::create(
      rewriter, loc, rowType, rows.input, offsets, sizes, strides);
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, loc, tileType, slice,
      SmallVector<ReassociationIndices>{{0, 1, 2, 3}});
  rewriter.modifyOpInPlace(tile, [&] { operand->set(expanded); });
  return success();
}

/// The offset of `value`, a tensor reached through unit-stride
/// extract_slices from `root`, in `root`'s dimension `dim`: the sum of the
/// slices' offsets. Sets `root`.
OpFoldResult offsetInRoot(RewriterBase &rewriter, Location loc, Value value,
                          unsigned dim, Value &root) {
  AffineExpr d0 = rewriter.getAffineDimExpr(0);
  AffineExpr d1 = rewriter.getAffineDimExpr(1);
  OpFoldResult total = rewriter.getIndexAttr(0);
  while (auto slice = value.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!slice.hasUnitStride() || slice.getDroppedDims().any())
      return OpFoldResult();
    total = affine::makeComposedFoldedAffineApply(
        rewriter, loc, d0 + d1, {total, slice.getMixedOffsets()[dim]});
    value = slice.getSource();
  }
  root = value;
  return total;
}

/// Makes `tile`, one register tile of a packed contraction whose N1 panels
/// are the outer loop, prefetch the next B panel as it goes. A B panel is
/// read from memory by the first M1 tile and then from L2 by the others;
/// a late convolution's weights (ResNet-18's layer 4: 16 panels of 590 KB)
/// are used once a run and come from DRAM, so that first pass waits on
/// memory while the others leave it idle. Spread over all M1 tiles of a
/// panel, tile t's step k prefetches the (t * K1 + k) / M1 th part of the
/// next panel, which overlaps the transfer with the FMAs (a cold layer-4
/// convolution measured ~10% faster). The last panel prefetches itself.
/// The tile may be one of the whole contraction's (tileToRegisters) or of
/// the tile loops of tfcc-fuse-epilogues: the panels are counted in the
/// operands its slices come from, and their order is isMOuter's.
void prefetchNextPanel(RewriterBase &rewriter, linalg::GenericOp tile,
                       const PackedContraction &loops, int64_t l2Bytes,
                       DenseMap<Value, Value> &buffers) {
  // B is the input that N1 indexes, laid out [..., N1, K1, n0, k0]; A the
  // one M1 indexes.
  unsigned count = tile.getNumLoops();
  OpOperand *a = nullptr, *b = nullptr;
  for (OpOperand *input : tile.getDpsInputOperands())
    (tile.getMatchingIndexingMap(input).isFunctionOfDim(loops.n1) ? b : a) =
        input;
  if (!a || !b)
    return;
  AffineMap bMap = tile.getMatchingIndexingMap(b);
  MLIRContext *ctx = rewriter.getContext();
  unsigned rank = bMap.getNumResults();
  std::optional<unsigned> aM1 = tile.getMatchingIndexingMap(a)
                                    .getResultPosition(
                                        getAffineDimExpr(loops.m1, ctx));
  if (rank < 4 || !aM1 ||
      bMap.getResults().take_back(4) !=
          ArrayRef<AffineExpr>{getAffineDimExpr(loops.n1, ctx),
                               getAffineDimExpr(loops.k1, ctx),
                               getAffineDimExpr(count - 2, ctx),
                               getAffineDimExpr(count - 1, ctx)})
    return;

  Location loc = tile.getLoc();
  rewriter.setInsertionPoint(tile);
  Value bRoot, aRoot;
  SmallVector<OpFoldResult> offsets;
  // The batch, N1 and K1 offsets; a tile covers n0 and k0 whole.
  for (unsigned dim = 0; dim < rank - 2; ++dim) {
    offsets.push_back(offsetInRoot(rewriter, loc, b->get(), dim, bRoot));
    if (!offsets.back())
      return;
  }
  OpFoldResult m1Offset = offsetInRoot(rewriter, loc, a->get(), *aM1, aRoot);
  auto bType = dyn_cast<RankedTensorType>(bRoot.getType());
  auto aType = dyn_cast<RankedTensorType>(aRoot.getType());
  if (!m1Offset || !bType || !bType.hasStaticShape() || !aType ||
      aType.isDynamicDim(*aM1))
    return;
  int64_t m1 = aType.getDimSize(*aM1), n1 = bType.getDimSize(rank - 4),
          k1 = bType.getDimSize(rank - 3);
  int64_t panelElems =
      k1 * bType.getDimSize(rank - 2) * bType.getDimSize(rank - 1);
  // As isMOuter: N1 outside when N < M. A B that fits in L2 may stay
  // there from one run to the next.
  if (m1 < 2 || n1 < 2 || n1 * loops.n0Size < m1 * loops.m0Size ||
      bType.getNumElements() * 4 <= l2Bytes)
    return;

  // One buffer of B for all its tiles, where B is defined, each panel one
  // row of it.
  Value &buffer = buffers[bRoot];
  if (!buffer) {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointAfterValue(bRoot);
    Value whole = bufferization::ToBufferOp::create(
        rewriter, loc,
        MemRefType::get(bType.getShape(), bType.getElementType()), bRoot,
        /*read_only=*/true);
    SmallVector<ReassociationIndices> rows;
    for (unsigned dim = 0; dim < rank - 3; ++dim)
      rows.push_back({dim});
    rows.push_back({rank - 3, rank - 2, rank - 1});
    buffer = memref::CollapseShapeOp::create(rewriter, loc, whole, rows);
  }
  SmallVector<Value> indices;
  for (unsigned dim = 0; dim < rank - 4; ++dim)
    indices.push_back(
        getValueOrCreateConstantIndexOp(rewriter, loc, offsets[dim]));
  AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx);
  indices.push_back(affine::makeComposedAffineMin(
      rewriter, loc,
      AffineMap::get(1, 0, {d0 + 1, getAffineConstantExpr(n1 - 1, ctx)}, ctx),
      {offsets[rank - 4]}));
  // Offsets are not negative: an unsigned division is a multiply-high.
  Value part = affine::makeComposedAffineApply(
      rewriter, loc, (d0 * k1 + d1) * (k1 > 0 ? panelElems / k1 : 0),
      {m1Offset, offsets[rank - 3]});
  indices.push_back(arith::DivUIOp::create(
      rewriter, loc, part, arith::ConstantIndexOp::create(rewriter, loc, m1)));
  memref::PrefetchOp::create(rewriter, loc, buffer, indices,
                             /*isWrite=*/false, /*localityHint=*/3,
                             /*isDataCache=*/true);
}

struct TfccVectorizeContractions
    : tfcc::impl::TfccVectorizeContractionsBase<TfccVectorizeContractions> {
  using TfccVectorizeContractionsBase::TfccVectorizeContractionsBase;

  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    func::FuncOp func = getOperation();
    SmallVector<std::pair<linalg::GenericOp, PackedContraction>> targets;
    func.walk([&](linalg::GenericOp op) {
      if (std::optional<PackedContraction> loops = matchPackedContraction(op))
        targets.push_back({op, *loops});
    });
    if (targets.empty())
      return;

    IRRewriter rewriter(&getContext());
    DenseMap<Value, Value> buffers;
    for (auto [op, loops] : targets) {
      SmallVector<Operation *> epilogue = collectEpilogue(op);
      int64_t block = chooseReductionBlock(op, loops, l2Bytes);
      // An im2col's rows are read where they are (readRowsInPlace, which
      // leaves a tile whose steps of K would cross a window row alone) one
      // window row at a time: K's blocks for L2 divide a row
      // (chooseReductionBlock), or K is split into rows inside the tile.
      std::optional<Im2colRows> rows = matchIm2colRows(op, loops);
      int64_t k1 = op.getStaticLoopRanges()[loops.k1];
      int64_t rowSteps = 0;
      if (rows && !block && k1 > rows->shape[4] && k1 % rows->shape[4] == 0)
        rowSteps = rows->shape[4];
      if (block) {
        FailureOr<linalg::GenericOp> blocked =
            blockReduction(rewriter, op, loops, block);
        if (failed(blocked))
          continue;
        op = *blocked;
      }
      FailureOr<SmallVector<Operation *>> tiles =
          tileToRegisters(rewriter, op, loops, rowSteps);
      if (failed(tiles))
        continue;
      for (Operation *tile : *tiles) {
        prefetchNextPanel(rewriter, cast<linalg::GenericOp>(tile), loops,
                          l2Bytes, buffers);
        if (rows)
          (void)readRowsInPlace(rewriter, cast<linalg::GenericOp>(tile),
                                *rows, loops.m0Size);
        rewriter.setInsertionPoint(tile);
        FailureOr<linalg::VectorizationResult> vectorized =
            linalg::vectorize(rewriter, tile);
        if (succeeded(vectorized))
          rewriter.replaceOp(tile, vectorized->replacements);
      }
      for (Operation *op : epilogue) {
        rewriter.setInsertionPoint(op);
        FailureOr<linalg::VectorizationResult> vectorized =
            linalg::vectorize(rewriter, op);
        if (succeeded(vectorized))
          rewriter.replaceOp(op, vectorized->replacements);
      }
    }

    // The tile's multi_reduction becomes a vector.contract whose transfers
    // read the packed operands directly.
    if (failed(tfcc::applyPatternsWithCanonicalization(func, [](RewritePatternSet &patterns) {
          vector::populateVectorReductionToContractPatterns(patterns);
          vector::populateVectorTransferPermutationMapLoweringPatterns(
              patterns);
          tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
        })))
      return signalPassFailure();

    // The accumulator's transfer_read/transfer_write pair moves out of the
    // reduction loops and becomes a loop-carried vector; a contraction into
    // a zero fill then starts its accumulators as zero vectors, without a
    // memset of the output or a load of each tile.
    tfcc::hoistAccumulators(rewriter, func);
    tfcc::startFromFills(rewriter, func);

    if (failed(tfcc::applyPatternsWithCanonicalization(func, [](RewritePatternSet &patterns) {
          vector::populateVectorReductionToContractPatterns(patterns);
          vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
        })))
      return signalPassFailure();
    if (failed(tfcc::applyPatternsWithCanonicalization(func, [](RewritePatternSet &patterns) {
          vector::populateVectorContractLoweringPatterns(
              patterns, vector::VectorContractLowering::OuterProduct);
          vector::populateVectorOuterProductLoweringPatterns(patterns);
        })))
      return signalPassFailure();
  }
};

} // namespace
