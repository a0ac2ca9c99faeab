//===- VectorizeElementwise.cpp - elementwise loop nests as vectors -------===//
//
// Tiles each elementwise linalg.generic (all loops parallel, static shapes)
// to a few vectors along its innermost loop and vectorizes the tile with
// linalg::vectorize, so that elementwise chains (after fusion), bias adds,
// activations and the math functions (polynomials after
// tfcc-approximate-math) run on whole registers instead of relying on
// LLVM's loop vectorizer. Only ops whose operands are read contiguously or
// broadcast along that loop are taken; transposing reads stay scalar.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCVECTORIZEELEMENTWISE
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// Vectors per tile at most: enough independent chains to hide the latency
/// of a polynomial, few enough to stay in registers.
constexpr int64_t kMaxVectorsPerTile = 4;

/// Reads along the innermost loop `inner` that are contiguous or broadcast:
/// the map does not use `inner`, or uses it as its last result.
bool readsAlong(AffineMap map, unsigned inner) {
  if (!map.isProjectedPermutation())
    return false;
  for (auto [i, expr] : llvm::enumerate(map.getResults()))
    if (cast<AffineDimExpr>(expr).getPosition() == inner)
      return i + 1 == map.getNumResults();
  return true;
}

/// The tile size along the innermost loop of `op`, or 0 to leave it alone.
int64_t innerTileSize(linalg::GenericOp op, int64_t lanes) {
  if (op.getNumLoops() == 0 ||
      op.getNumParallelLoops() != op.getNumLoops() || !op.hasPureTensorSemantics())
    return 0;
  // Bodies of arithmetic only: no tfcc.assert (a side effect), no gathers
  // (tensor.extract) or linalg.index, which the tile would have to rebuild.
  for (Operation &inner : op.getRegion().front()) {
    if (isa<linalg::YieldOp>(inner))
      continue;
    Dialect *d = inner.getDialect();
    if (!d || !isa<arith::ArithDialect, math::MathDialect>(d))
      return 0;
  }
  for (OpOperand &operand : op->getOpOperands()) {
    Type t = operand.get().getType();
    auto shaped = dyn_cast<RankedTensorType>(t);
    if (shaped && !shaped.hasStaticShape())
      return 0;
    // i1 is a byte per element in memory but a bit per lane in a vector.
    Type elem = getElementTypeOrSelf(t);
    if (!elem.isIntOrFloat() || elem.getIntOrFloatBitWidth() < 8 ||
        elem.getIntOrFloatBitWidth() > 64)
      return 0;
  }
  unsigned inner = op.getNumLoops() - 1;
  for (OpOperand &init : op.getDpsInitsMutable())
    if (!op.getMatchingIndexingMap(&init).isIdentity())
      return 0;
  for (OpOperand *input : op.getDpsInputOperands())
    if (!readsAlong(op.getMatchingIndexingMap(input), inner))
      return 0;

  int64_t size = op.getStaticLoopRanges()[inner];
  if (size < 2)
    return 0;
  if (size % lanes == 0) {
    int64_t vectors = size / lanes, perTile = kMaxVectorsPerTile;
    while (vectors % perTile != 0)
      perTile /= 2;
    return perTile * lanes;
  }
  // A short odd row is one vector of its own size (LLVM splits it into a
  // full register and a tail); a long one would need a remainder loop.
  return size <= kMaxVectorsPerTile * lanes ? size : 0;
}

struct TfccVectorizeElementwise
    : tfcc::impl::TfccVectorizeElementwiseBase<TfccVectorizeElementwise> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    int64_t lanes = std::max<int64_t>(vectorBits / 32, 1);
    SmallVector<std::pair<linalg::GenericOp, int64_t>> targets;
    func.walk([&](linalg::GenericOp op) {
      if (int64_t tile = innerTileSize(op, lanes))
        targets.push_back({op, tile});
    });
    if (targets.empty())
      return;

    IRRewriter rewriter(&getContext());
    for (auto [op, tile] : targets) {
      SmallVector<OpFoldResult> sizes(op.getNumLoops(),
                                      rewriter.getIndexAttr(1));
      sizes.back() = rewriter.getIndexAttr(tile);
      scf::SCFTilingOptions options;
      options.setTileSizes(sizes).setLoopType(
          scf::SCFTilingOptions::LoopType::ForOp);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue;
      rewriter.replaceOp(op, tiled->replacements);
      for (Operation *tileOp : tiled->tiledOps) {
        rewriter.setInsertionPoint(tileOp);
        FailureOr<linalg::VectorizationResult> vectorized =
            linalg::vectorize(rewriter, tileOp);
        if (succeeded(vectorized))
          rewriter.replaceOp(tileOp, vectorized->replacements);
      }
    }

    // Broadcasting reads become a read of the row and a vector.broadcast;
    // the transfers read and write the tensors directly, not their slices;
    // the tile's unit outer dims go, leaving rank-1 vectors.
    if (failed(tfcc::applyPatternsWithCanonicalization(func, [](RewritePatternSet &patterns) {
          vector::populateVectorTransferPermutationMapLoweringPatterns(
              patterns);
          vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
          tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
        })))
      return signalPassFailure();
  }
};

} // namespace
