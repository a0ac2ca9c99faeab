//===- FuseEpilogues.cpp - elementwise consumers into GEMM tile loops -----===//
//
// A packed contraction is unpacked into its row-major result and then read
// again by its elementwise consumer (a convolution's bias and ReLU, a
// residual add): two more passes over the output. Tiling that consumer by
// the register tile and fusing the unpack and the contraction into its
// loops (upstream's tileConsumerAndFuseProducersUsingSCF) computes each
// m0 x n0 tile, applies the epilogue to it and stores it once, where it
// belongs; tfcc-vectorize-contractions then keeps the tile in registers
// from the reduction to the store.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCFUSEEPILOGUES
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// An elementwise generic on tensors: all loops parallel, identity output
/// maps, a body free of side effects.
bool isElementwise(linalg::GenericOp op) {
  return op.hasPureTensorSemantics() &&
         op.getNumParallelLoops() == op.getNumLoops() &&
         llvm::all_of(op.getDpsInitsMutable(),
                      [&](OpOperand &init) {
                        return op.getMatchingIndexingMap(&init).isIdentity();
                      }) &&
         llvm::all_of(op.getBody()->without_terminator(),
                      [](Operation &inner) { return isPure(&inner); });
}

/// The unpack of a packed 2-D contraction into whole register tiles (no
/// padding to drop), used only by `consumer`, whose operand it is through
/// an identity map. Returns the contraction's loops.
std::optional<PackedContraction> matchEpilogue(linalg::UnPackOp unpack,
                                               linalg::GenericOp consumer) {
  auto producer = unpack.getSource().getDefiningOp<linalg::GenericOp>();
  if (!producer || !producer->hasOneUse() || !unpack->hasOneUse())
    return std::nullopt;
  std::optional<PackedContraction> loops = matchPackedContraction(producer);
  RankedTensorType dest = unpack.getDestType();
  if (!loops || producer.getNumLoops() != 6 || dest.getRank() != 2 ||
      !dest.hasStaticShape() || !unpack.getOuterDimsPerm().empty() ||
      unpack.getInnerDimsPos() != ArrayRef<int64_t>{0, 1} ||
      unpack.getStaticInnerTiles() !=
          ArrayRef<int64_t>{loops->m0Size, loops->n0Size} ||
      dest.getDimSize(0) % loops->m0Size != 0 ||
      dest.getDimSize(1) % loops->n0Size != 0)
    return std::nullopt;
  for (OpOperand *input : consumer.getDpsInputOperands())
    if (input->get() == unpack.getResult() &&
        !consumer.getMatchingIndexingMap(input).isIdentity())
      return std::nullopt;
  return loops;
}

/// Rewrites `op`, an elementwise generic over [..., N] that reads
/// `expanded` (the expand_shape of a 2-D [M, N] value into [..., N])
/// through an identity map, over [M, N]: an NHWC convolution's bias, ReLU
/// and residual add over its GEMM result. Other operands are either the
/// same shape (collapsed alike) or broadcast along all but N, as a bias is
/// (collapsed to [N] or to a scalar). Returns the new generic.
FailureOr<linalg::GenericOp> collapseTo2D(RewriterBase &rewriter,
                                          linalg::GenericOp op,
                                          tensor::ExpandShapeOp expanded) {
  RankedTensorType full = expanded.getResultType();
  int64_t rank = full.getRank();
  SmallVector<ReassociationIndices> rows = {
      llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)), {rank - 1}};
  if (expanded.getSrcType().getRank() != 2 || rank < 2 ||
      op.getNumLoops() != rank ||
      expanded.getReassociationIndices() != rows)
    return failure();
  MLIRContext *ctx = op.getContext();
  AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx);
  AffineExpr last = getAffineDimExpr(rank - 1, ctx);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);

  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value value = input->get();
    AffineMap map = op.getMatchingIndexingMap(input);
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type || !type.hasStaticShape())
      return failure();
    if (map.isIdentity()) {
      inputs.push_back(value == expanded.getResult()
                           ? expanded.getSrc()
                           : tensor::CollapseShapeOp::create(rewriter, loc,
                                                             value, rows)
                                 .getResult());
      maps.push_back(AffineMap::get(2, 0, {m, n}, ctx));
      continue;
    }
    // Broadcast: every result but a final N is a unit dimension of the
    // operand, indexed by a constant 0 or a loop of one iteration.
    bool hasN = map.getNumResults() > 0 && map.getResults().back() == last;
    for (auto [i, expr] : llvm::enumerate(map.getResults())) {
      if (hasN && i + 1 == map.getNumResults())
        continue;
      auto dim = dyn_cast<AffineDimExpr>(expr);
      auto cst = dyn_cast<AffineConstantExpr>(expr);
      if (type.getDimSize(i) != 1 ||
          !((cst && cst.getValue() == 0) ||
            (dim && ranges[dim.getPosition()] == 1)))
        return failure();
    }
    SmallVector<ReassociationIndices> groups;
    if (hasN)
      groups.push_back(llvm::to_vector(llvm::seq<int64_t>(0, type.getRank())));
    inputs.push_back(
        tensor::CollapseShapeOp::create(rewriter, loc, value, groups));
    maps.push_back(hasN ? AffineMap::get(2, 0, {n}, ctx)
                        : AffineMap::get(2, 0, {}, ctx));
  }
  SmallVector<Value> inits;
  for (Value init : op.getDpsInits()) {
    inits.push_back(tensor::CollapseShapeOp::create(rewriter, loc, init, rows));
    maps.push_back(AffineMap::get(2, 0, {m, n}, ctx));
  }
  auto collapsed = linalg::GenericOp::create(
      rewriter, loc, ValueRange(inits).getTypes(), inputs, inits, maps,
      SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel));
  rewriter.inlineRegionBefore(op.getRegion(), collapsed.getRegion(),
                              collapsed.getRegion().begin());
  SmallVector<Value> results;
  for (auto [result, old] :
       llvm::zip(collapsed->getResults(), op->getResults()))
    results.push_back(tensor::ExpandShapeOp::create(
        rewriter, loc, old.getType(), result, rows));
  rewriter.replaceOp(op, results);
  if (expanded->use_empty())
    rewriter.eraseOp(expanded);
  return collapsed;
}

/// Splits `op`, a packed contraction whose reduction
/// tfcc-vectorize-contractions would block (chooseReductionBlock), into a
/// contraction over all but the last `block` steps of K1, which is blocked
/// as before, and one over the last block that accumulates onto it and
/// takes the epilogue: the epilogue needs a tile's whole sum, and blocking
/// needs K outside the tile loops. Returns the second.
linalg::GenericOp splitLastBlock(RewriterBase &rewriter, linalg::GenericOp op,
                                 const PackedContraction &loops,
                                 int64_t block) {
  Location loc = op.getLoc();
  int64_t k1 = op.getStaticLoopRanges()[loops.k1];
  AffineExpr k = getAffineDimExpr(loops.k1, op.getContext());
  rewriter.setInsertionPoint(op);
  auto slice = [&](OpOperand *operand, int64_t offset, int64_t size) {
    Value value = operand->get();
    auto type = cast<RankedTensorType>(value.getType());
    AffineMap map = op.getMatchingIndexingMap(operand);
    SmallVector<OpFoldResult> offsets(type.getRank(),
                                      rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes, strides(type.getRank(),
                                             rewriter.getIndexAttr(1));
    for (auto [i, expr] : llvm::enumerate(map.getResults())) {
      sizes.push_back(rewriter.getIndexAttr(type.getDimSize(i)));
      if (expr == k) {
        offsets[i] = rewriter.getIndexAttr(offset);
        sizes[i] = rewriter.getIndexAttr(size);
      }
    }
    return tensor::ExtractSliceOp::create(rewriter, loc, value, offsets,
                                          sizes, strides)
        .getResult();
  };
  SmallVector<Value> head, last;
  for (OpOperand *input : op.getDpsInputOperands()) {
    head.push_back(slice(input, 0, k1 - block));
    last.push_back(slice(input, k1 - block, block));
  }
  auto clone = [&](ValueRange inputs, Value init) {
    auto copy = cast<linalg::GenericOp>(rewriter.clone(*op));
    rewriter.modifyOpInPlace(copy, [&] {
      for (auto [operand, input] :
           llvm::zip(copy.getDpsInputOperands(), inputs))
        operand->set(input);
      copy.getDpsInitsMutable()[0].set(init);
    });
    return copy;
  };
  linalg::GenericOp first = clone(head, op.getDpsInits()[0]);
  linalg::GenericOp second = clone(last, first.getResult(0));
  rewriter.replaceOp(op, second.getResults());
  return second;
}

struct TfccFuseEpilogues
    : tfcc::impl::TfccFuseEpiloguesBase<TfccFuseEpilogues> {
  using TfccFuseEpiloguesBase::TfccFuseEpiloguesBase;

  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    SmallVector<linalg::UnPackOp> unpacks;
    getOperation().walk([&](linalg::UnPackOp op) { unpacks.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::UnPackOp unpack : unpacks) {
      if (!unpack->hasOneUse())
        continue;
      Operation *user = *unpack->getUsers().begin();
      // Through the expand_shape of an NHWC convolution's result.
      auto expanded = dyn_cast<tensor::ExpandShapeOp>(user);
      if (expanded && expanded->hasOneUse())
        user = *expanded->getUsers().begin();
      auto consumer = dyn_cast<linalg::GenericOp>(user);
      if (!consumer || !isElementwise(consumer) ||
          !matchEpilogue(unpack, consumer))
        continue;
      if (expanded) {
        rewriter.setInsertionPoint(consumer);
        FailureOr<linalg::GenericOp> collapsed =
            collapseTo2D(rewriter, consumer, expanded);
        if (failed(collapsed))
          continue;
        consumer = *collapsed;
      }
      if (consumer.getNumLoops() != 2)
        continue;
      std::optional<PackedContraction> loops =
          matchEpilogue(unpack, consumer);
      if (!loops)
        continue;
      auto contraction = unpack.getSource().getDefiningOp<linalg::GenericOp>();
      Location loc = contraction.getLoc();
      if (int64_t block = chooseReductionBlock(contraction, *loops, l2Bytes))
        contraction = splitLastBlock(rewriter, contraction, *loops, block);

      // Tile loops in the order tfcc-vectorize-contractions gives the panels.
      bool mOuter = isMOuter(contraction, *loops);
      SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(loops->m0Size),
                                         rewriter.getIndexAttr(loops->n0Size)};
      SmallVector<int64_t> interchange =
          mOuter ? SmallVector<int64_t>{0, 1} : SmallVector<int64_t>{1, 0};
      scf::SCFTilingOptions tiling;
      tiling.setTileSizes(sizes)
          .setInterchange(interchange)
          .setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
      // Only the unpack, the contraction and the fill it starts from come
      // into the loops; the consumer's other operands are read in slices.
      Operation *fill = contraction.getDpsInitOperand(0)->get().getDefiningOp();
      scf::SCFTileAndFuseOptions options;
      options.setTilingOptions(tiling).setFusionControlFn(
          [&](tensor::ExtractSliceOp, OpResult producer, bool)
              -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
            Operation *op = producer.getOwner();
            if (op == unpack || op == contraction ||
                (op == fill && isa<linalg::FillOp>(op)))
              return scf::SCFTileAndFuseOptions::ControlFnResult{};
            return std::nullopt;
          });
      rewriter.setInsertionPoint(consumer);
      FailureOr<scf::SCFTileAndFuseResult> fused =
          scf::tileConsumerAndFuseProducersUsingSCF(
              rewriter, cast<TilingInterface>(consumer.getOperation()),
              options);
      if (failed(fused))
        continue;
      tfcc::markParallelLoops(cast<TilingInterface>(consumer.getOperation()),
                              fused->loops, sizes, interchange);
      // Should the contraction stay out of the loops, the tiled consumer is
      // still correct, only no faster.
      if (remarks && fused->fusedProducers.contains(contraction))
        consumer.emitRemark("fused as the epilogue of the contraction at ")
            << loc;
      else if (remarks)
        consumer.emitRemark("tiled, but its contraction did not fuse");
      for (OpResult result : consumer->getResults())
        rewriter.replaceAllUsesWith(result,
                                    fused->replacements.lookup(result));
      rewriter.eraseOp(consumer);
    }
    // The unfused contraction and unpack are dead now.
    if (failed(tfcc::applyPatternsWithCanonicalization(
            getOperation(), [](RewritePatternSet &) {})))
      signalPassFailure();
  }
};

} // namespace
