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

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
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
/// innermost. Returns the tiles.
FailureOr<SmallVector<Operation *>>
tileToRegisters(RewriterBase &rewriter, linalg::GenericOp op,
                const PackedContraction &loops) {
  unsigned count = op.getNumLoops();
  SmallVector<OpFoldResult> sizes(count, rewriter.getIndexAttr(1));
  for (unsigned i = count - 3; i < count; ++i)
    sizes[i] = rewriter.getIndexAttr(0);
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

  return tileWithForLoops(rewriter, cast<TilingInterface>(op.getOperation()),
                          sizes, order);
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

struct TfccVectorizeContractions
    : tfcc::impl::TfccVectorizeContractionsBase<TfccVectorizeContractions> {
  using TfccVectorizeContractionsBase::TfccVectorizeContractionsBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<std::pair<linalg::GenericOp, PackedContraction>> targets;
    func.walk([&](linalg::GenericOp op) {
      if (std::optional<PackedContraction> loops = matchPackedContraction(op))
        targets.push_back({op, *loops});
    });
    if (targets.empty())
      return;

    IRRewriter rewriter(&getContext());
    for (auto [op, loops] : targets) {
      SmallVector<Operation *> epilogue = collectEpilogue(op);
      if (int64_t block = chooseReductionBlock(op, loops, l2Bytes)) {
        FailureOr<linalg::GenericOp> blocked =
            blockReduction(rewriter, op, loops, block);
        if (failed(blocked))
          continue;
        op = *blocked;
      }
      FailureOr<SmallVector<Operation *>> tiles =
          tileToRegisters(rewriter, op, loops);
      if (failed(tiles))
        continue;
      for (Operation *tile : *tiles) {
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
