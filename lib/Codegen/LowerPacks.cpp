//===- LowerPacks.cpp - packs and unpacks to pad/reshape/transpose --------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCLOWERPACKS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// Splits a pack whose padding is all in the last tile of one dimension
/// into a pack of the whole tiles, which needs no padding, and a pack of
/// the last tile, each writing its part of the destination. Lowered whole,
/// the pad copies all of the source into a zero-filled buffer first (for a
/// 512 x 512 adjacency matrix in 6-row tiles, a memset and a copy of 1 MiB
/// on every run to pad 4 rows). Returns the packs to lower.
SmallVector<linalg::PackOp> splitPaddedPack(RewriterBase &rewriter,
                                            linalg::PackOp pack) {
  auto sourceType = dyn_cast<RankedTensorType>(pack.getSourceType());
  if (!pack.getPaddingValue() || !sourceType ||
      !sourceType.hasStaticShape() ||
      !pack.getDestType().hasStaticShape() ||
      llvm::any_of(pack.getStaticInnerTiles(), ShapedType::isDynamic))
    return {pack};
  ArrayRef<int64_t> shape = sourceType.getShape();
  std::optional<unsigned> padded;
  int64_t tile = 0;
  for (auto [dim, size] :
       llvm::zip(pack.getInnerDimsPos(), pack.getStaticInnerTiles())) {
    if (shape[dim] % size == 0)
      continue;
    if (padded)
      return {pack};
    padded = dim;
    tile = size;
  }
  if (!padded || shape[*padded] < tile)
    return {pack};

  // The destination's outer dims are the source's, permuted.
  unsigned outer = *padded;
  if (!pack.getOuterDimsPerm().empty())
    outer = llvm::find(pack.getOuterDimsPerm(), *padded) -
            pack.getOuterDimsPerm().begin();
  int64_t whole = shape[*padded] / tile;
  Location loc = pack.getLoc();
  Value dest = pack.getDest();
  ArrayRef<int64_t> destShape = pack.getDestType().getShape();
  SmallVector<OpFoldResult> tiles = pack.getMixedTiles();

  rewriter.setInsertionPoint(pack);
  auto part = [&](int64_t firstTile, int64_t tileCount, Value into,
                  std::optional<Value> padding) {
    SmallVector<OpFoldResult> srcOffsets(shape.size(),
                                         rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> srcSizes = getAsIndexOpFoldResult(
        rewriter.getContext(), shape);
    SmallVector<OpFoldResult> ones(shape.size(), rewriter.getIndexAttr(1));
    srcOffsets[*padded] = rewriter.getIndexAttr(firstTile * tile);
    srcSizes[*padded] = rewriter.getIndexAttr(
        std::min(tileCount * tile, shape[*padded] - firstTile * tile));
    Value src = tensor::ExtractSliceOp::create(
        rewriter, loc, pack.getSource(), srcOffsets, srcSizes, ones);
    SmallVector<OpFoldResult> dstOffsets(destShape.size(),
                                         rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> dstSizes = getAsIndexOpFoldResult(
        rewriter.getContext(), destShape);
    SmallVector<OpFoldResult> dstOnes(destShape.size(),
                                      rewriter.getIndexAttr(1));
    dstOffsets[outer] = rewriter.getIndexAttr(firstTile);
    dstSizes[outer] = rewriter.getIndexAttr(tileCount);
    Value dst = tensor::ExtractSliceOp::create(rewriter, loc, into,
                                               dstOffsets, dstSizes, dstOnes);
    auto piece = linalg::PackOp::create(
        rewriter, loc, src, dst, pack.getInnerDimsPos(), tiles, padding,
        pack.getOuterDimsPerm());
    Value inserted = tensor::InsertSliceOp::create(
        rewriter, loc, piece.getResult(), into, dstOffsets, dstSizes,
        dstOnes);
    return std::make_pair(piece, inserted);
  };
  auto [wholeTiles, withWhole] = part(0, whole, dest, std::nullopt);
  auto [lastTile, withLast] =
      part(whole, 1, withWhole, pack.getPaddingValue());
  rewriter.replaceOp(pack, withLast);
  return {wholeTiles, lastTile};
}

struct TfccLowerPacks : tfcc::impl::TfccLowerPacksBase<TfccLowerPacks> {
  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::PackOp, linalg::UnPackOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> split;
    for (Operation *op : ops) {
      if (auto pack = dyn_cast<linalg::PackOp>(op))
        for (linalg::PackOp piece : splitPaddedPack(rewriter, pack))
          split.push_back(piece);
      else
        split.push_back(op);
    }
    for (Operation *op : split) {
      rewriter.setInsertionPoint(op);
      bool lowered =
          isa<linalg::PackOp>(op)
              ? succeeded(linalg::lowerPack(rewriter, cast<linalg::PackOp>(op)))
              : succeeded(linalg::lowerUnPack(rewriter,
                                              cast<linalg::UnPackOp>(op)));
      if (!lowered) {
        op->emitOpError("could not be lowered for bufferization");
        return signalPassFailure();
      }
    }
    // An unpack lowers to a transpose into a new tensor and a copy of that
    // into its destination; when the destination is only an empty tensor
    // (an unpack that no epilogue took), the transposed tensor is the
    // result, and the copy one more pass over it.
    getOperation().walk([&](linalg::CopyOp copy) {
      if (copy.hasPureTensorSemantics() &&
          copy.getInputs()[0].getType() == copy.getResultTypes()[0] &&
          copy.getOutputs()[0].getDefiningOp<tensor::EmptyOp>())
        rewriter.replaceOp(copy, copy.getInputs()[0]);
    });
  }
};

} // namespace
