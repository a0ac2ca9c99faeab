//===- FuseIm2col.cpp - im2col rows into the GEMM's row-panel loop --------===//
//
// A convolution lowered to a GEMM first copies its input into im2col rows,
// [OH*OW, KH*KW*C], a buffer KH*KW times the input (7 MB for a ResNet
// stem) written to memory and read back by the contraction. When the row
// panels are the outer tile loop, each panel of m0 rows is read by every
// column panel of the inner loop and by nothing else: copying just those
// rows at the start of the outer loop's body, into a buffer that stays in
// L1, replaces the round trip through memory. The rows of one panel are a
// box of the im2col output when m0 divides OW, so the copy is the im2col
// generic's own tile (TilingInterface::getTiledImplementation). Where
// tfcc-vectorize-contractions reads the rows in place, from the im2col's
// input, the copy goes as well and only the panel's slice of the input,
// computed once per row panel, remains.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCFUSEIM2COL
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// Whether `slice`, A of a packed contraction, is one whole row panel of
/// the expanded im2col, [o, 0, 0, 0][1, m0, K, 1] (not one of a slice of
/// K, as tfcc-fuse-epilogues' split of a blocked reduction makes).
bool isRowPanel(tensor::ExtractSliceOp slice, int64_t m0) {
  if (!slice.getSource().getDefiningOp<tensor::ExpandShapeOp>())
    return false;
  auto source = cast<RankedTensorType>(slice.getSourceType());
  SmallVector<int64_t> panel = {1, m0, source.getDimSize(2), 1};
  return slice.getStaticSizes() == ArrayRef<int64_t>(panel) &&
         slice.hasUnitStride() &&
         llvm::all_of(ArrayRef(slice.getMixedOffsets()).drop_front(),
                      [](OpFoldResult offset) { return isZeroInteger(offset); });
}

/// The loop whose induction variable alone gives `offset`, directly or
/// through an affine.apply.
scf::ForOp loopOf(Value offset) {
  if (auto apply = offset.getDefiningOp<affine::AffineApplyOp>()) {
    if (apply->getNumOperands() != 1)
      return {};
    offset = apply->getOperand(0);
  }
  return scf::getForInductionVarOwner(offset);
}

/// The loop over the row panels around `op`, a packed contraction whose A
/// is the row panel `slice`, unless a loop over the column panels (of B,
/// its other operand) runs outside it: the rows would then be copied again
/// for each column panel.
scf::ForOp outerRowLoop(linalg::GenericOp op, tensor::ExtractSliceOp slice) {
  scf::ForOp rows = loopOf(slice.getOffsets().front());
  if (!rows || !rows->isProperAncestor(op))
    return {};
  auto columns =
      op.getDpsInputOperand(1)->get().getDefiningOp<tensor::ExtractSliceOp>();
  scf::ForOp loop;
  for (Value offset : columns ? columns.getOffsets() : ValueRange())
    if ((loop = loopOf(offset)) && loop->isProperAncestor(rows))
      return {};
  return rows;
}

/// Copies the rows of `slice`'s panel with a tile of `im2col` at the start
/// of `loop`'s body, into a buffer of its own, and makes `slice` read them.
void fusePanel(RewriterBase &rewriter, tensor::ExtractSliceOp slice,
               linalg::GenericOp im2col, scf::ForOp loop, int64_t m0) {
  Location loc = slice.getLoc();
  rewriter.setInsertionPointToStart(loop.getBody());
  // The first row of the panel, m = panel * m0, as (n, oh, ow).
  Value panel = loop.getInductionVar();
  if (auto apply = slice.getOffsets().front().getDefiningOp<
                   affine::AffineApplyOp>())
    panel = affine::AffineApplyOp::create(rewriter, loc, apply.getAffineMap(),
                                          panel);
  AffineExpr d0 = rewriter.getAffineDimExpr(0);
  Value row = affine::AffineApplyOp::create(
      rewriter, loc, AffineMap::get(1, 0, d0 * m0), panel);
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(im2col.getResultTypes().front()).getShape();
  auto position = affine::AffineDelinearizeIndexOp::create(
      rewriter, loc, row, ArrayRef<int64_t>{shape[0], shape[1], shape[2]});

  SmallVector<OpFoldResult> offsets = {position.getResult(0),
                                       position.getResult(1),
                                       position.getResult(2),
                                       rewriter.getIndexAttr(0),
                                       rewriter.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {
      rewriter.getIndexAttr(1), rewriter.getIndexAttr(1),
      rewriter.getIndexAttr(m0), rewriter.getIndexAttr(shape[3]),
      rewriter.getIndexAttr(shape[4])};
  FailureOr<TilingResult> tile =
      cast<TilingInterface>(im2col.getOperation())
          .getTiledImplementation(rewriter, offsets, sizes);
  if (failed(tile) || tile->tiledOps.size() != 1)
    return;
  auto copy = cast<linalg::GenericOp>(tile->tiledOps.front());
  // Its own small buffer rather than a slice of the whole im2col's, which
  // bufferization would otherwise allocate in full.
  auto type = cast<RankedTensorType>(copy.getResultTypes().front());
  rewriter.setInsertionPoint(copy);
  Value buffer = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
  rewriter.modifyOpInPlace(
      copy, [&] { copy.getDpsInitsMutable()[0].set(buffer); });

  rewriter.setInsertionPointAfter(copy);
  Value rows = tensor::CollapseShapeOp::create(
      rewriter, loc, copy.getResult(0),
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3, 4}});
  Value panelRows = tensor::ExpandShapeOp::create(
      rewriter, loc, slice.getResultType(), rows,
      SmallVector<ReassociationIndices>{{0, 1}, {2, 3}});
  rewriter.replaceOp(slice, panelRows);
}

struct TfccFuseIm2col : tfcc::impl::TfccFuseIm2colBase<TfccFuseIm2col> {
  using TfccFuseIm2colBase::TfccFuseIm2colBase;

  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    SmallVector<std::pair<linalg::GenericOp, PackedContraction>> targets;
    getOperation().walk([&](linalg::GenericOp op) {
      if (std::optional<PackedContraction> loops = matchPackedContraction(op))
        targets.push_back({op, *loops});
    });
    IRRewriter rewriter(&getContext());
    for (auto [op, loops] : targets) {
      auto slice = op.getDpsInputOperand(0)
                       ->get()
                       .getDefiningOp<tensor::ExtractSliceOp>();
      if (!slice || !slice->hasOneUse() || !isRowPanel(slice, loops.m0Size))
        continue;
      std::optional<Im2colRows> rows = matchIm2colRows(op, loops);
      scf::ForOp loop = rows ? outerRowLoop(op, slice) : scf::ForOp();
      if (!loop)
        continue;
      fusePanel(rewriter, slice, rows->im2col, loop, loops.m0Size);
      if (remarks)
        op.emitRemark("im2col rows copied per row panel");
    }
    // The whole im2col is dead where every panel now copies its own rows.
    if (failed(tfcc::applyPatternsWithCanonicalization(
            getOperation(), [](RewritePatternSet &) {})))
      signalPassFailure();
  }
};

} // namespace
