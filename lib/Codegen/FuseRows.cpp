//===- FuseRows.cpp - row reductions and their consumers, one row at a time ===//
//
// Softmax is a max over each row, an exp of the row minus it, a sum and a
// division; layer norm a mean, a centring, a variance and a scaling. As
// separate ops each is a pass over the whole tensor, and each intermediate
// tensor is written out and read back. Tiling the last op of such a chain by
// rows (one iteration of every loop but the innermost) and fusing its
// producers into that loop (upstream's tileConsumerAndFuseProducersUsingSCF)
// computes the whole chain one row at a time: the row's intermediates stay
// in L1, and the tensor is read once and written once.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/IR/Dominance.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCFUSEROWS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// Ops that may join a row loop: fills, and generics and reduces with a
/// static iteration space and a body free of side effects.
bool isRowOp(Operation *op) {
  if (isa_and_nonnull<linalg::FillOp>(op))
    return true;
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp || !isa<linalg::GenericOp, linalg::ReduceOp>(op) ||
      !linalgOp.hasPureTensorSemantics() ||
      llvm::any_of(linalgOp.getStaticLoopRanges(), ShapedType::isDynamic))
    return false;
  return llvm::all_of(linalgOp.getBlock()->without_terminator(),
                      [](Operation &inner) { return isPure(&inner); });
}

/// Whether `op`, over `rank` loops, reduces only along its innermost one
/// (the rows of a [..., N] tensor), its other loops parallel.
bool reducesRows(Operation *op, int64_t rank) {
  if (!isRowOp(op) || isa<linalg::FillOp>(op))
    return false;
  auto linalgOp = cast<linalg::LinalgOp>(op);
  SmallVector<utils::IteratorType> iterators =
      linalgOp.getIteratorTypesArray();
  if (static_cast<int64_t>(iterators.size()) != rank)
    return false;
  for (int64_t i = 0; i < rank; ++i)
    if ((iterators[i] == utils::IteratorType::reduction) != (i == rank - 1))
      return false;
  return true;
}

/// Whether `op` belongs in the row loop of a chain over `rank` loops: a
/// fill, an elementwise op over the same loops or over the rows alone (a
/// mean's division by N, a reciprocal standard deviation), or a reduction
/// of rows. A reduction along another loop (over columns) would be
/// computed again for every row.
bool joinsRows(Operation *op, int64_t rank) {
  if (!isRowOp(op))
    return false;
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp)
    return true;
  if (linalgOp.getNumParallelLoops() != linalgOp.getNumLoops())
    return reducesRows(op, rank);
  return linalgOp.getNumLoops() == rank ||
         linalgOp.getNumLoops() == rank - 1;
}

/// `op`'s input that is the unit-dimension expansion of a reduced row
/// (tensor<Mx1> from tensor<M>), read as a broadcast along its unit
/// dimensions, rewritten to read the reduction's result itself: the
/// expand_shape would stop fusion, as it does not tile.
void foldUnitExpansions(RewriterBase &rewriter, linalg::GenericOp op) {
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  bool changed = false;
  SmallVector<Value> inputs = op.getDpsInputs();
  for (auto [i, input] : llvm::enumerate(inputs)) {
    auto expand = input.getDefiningOp<tensor::ExpandShapeOp>();
    if (!expand || !expand.getResultType().hasStaticShape())
      continue;
    AffineMap map = maps[i];
    SmallVector<AffineExpr> kept;
    for (auto [dim, expr] : llvm::enumerate(map.getResults())) {
      if (expand.getResultType().getDimSize(dim) == 1) {
        auto c = dyn_cast<AffineConstantExpr>(expr);
        if (!c || c.getValue() != 0) {
          kept.clear();
          break;
        }
        continue;
      }
      kept.push_back(expr);
    }
    if (static_cast<int64_t>(kept.size()) != expand.getSrcType().getRank() ||
        llvm::any_of(expand.getSrcType().getShape(),
                     [](int64_t d) { return d == 1; }))
      continue;
    maps[i] = AffineMap::get(map.getNumDims(), 0, kept, op.getContext());
    inputs[i] = expand.getSrc();
    changed = true;
  }
  if (!changed)
    return;
  rewriter.modifyOpInPlace(op, [&] {
    for (auto [operand, input] : llvm::zip(op.getDpsInputOperands(), inputs))
      operand->set(input);
    op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
  });
}

struct TfccFuseRows : tfcc::impl::TfccFuseRowsBase<TfccFuseRows> {
  using TfccFuseRowsBase::TfccFuseRowsBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    func.walk([&](linalg::GenericOp op) { foldUnitExpansions(rewriter, op); });

    // Roots: elementwise generics over [..., N] that read, through other
    // row ops, a reduction of rows of the same shape, and whose own result
    // no row op of the chain reads.
    SmallVector<linalg::GenericOp> roots;
    func.walk([&](linalg::GenericOp op) {
      int64_t rank = op.getNumLoops();
      if (rank < 2 || !isRowOp(op) ||
          op.getNumParallelLoops() != op.getNumLoops() ||
          llvm::any_of(op->getUsers(), isRowOp))
        return;
      // The chain: producers that are row ops, their loops as many.
      SmallVector<Operation *> worklist = {op};
      llvm::SmallPtrSet<Operation *, 8> chain;
      bool reduces = false;
      while (!worklist.empty()) {
        Operation *current = worklist.pop_back_val();
        if (!chain.insert(current).second)
          continue;
        reduces |= reducesRows(current, rank);
        for (Value operand : current->getOperands()) {
          Operation *producer = operand.getDefiningOp();
          if (joinsRows(producer, rank))
            worklist.push_back(producer);
        }
      }
      if (!reduces)
        return;
      roots.push_back(op);
      // An op of the chain that writes into the same tensor.empty as
      // another (the root's output) gets one of its own: in the row loop,
      // whose iter_arg the root's output becomes, a shared one would be
      // copied for every row.
      for (Operation *member : chain) {
        auto dps = dyn_cast<DestinationStyleOpInterface>(member);
        if (!dps || member == op.getOperation())
          continue;
        for (OpOperand &init : dps.getDpsInitsMutable()) {
          auto empty = init.get().getDefiningOp<tensor::EmptyOp>();
          if (!empty || empty->hasOneUse())
            continue;
          // An alloc_tensor, which CSE does not merge back.
          rewriter.setInsertionPoint(empty);
          Value own = bufferization::AllocTensorOp::create(
              rewriter, empty.getLoc(), empty.getType(),
              empty.getDynamicSizes());
          rewriter.modifyOpInPlace(member, [&] { init.set(own); });
        }
      }
    });

    for (linalg::GenericOp root : roots) {
      int64_t rank = root.getNumLoops();
      SmallVector<OpFoldResult> sizes(rank, rewriter.getIndexAttr(1));
      sizes.back() = rewriter.getIndexAttr(0);
      scf::SCFTilingOptions tiling;
      tiling.setTileSizes(sizes).setLoopType(
          scf::SCFTilingOptions::LoopType::ForOp);
      scf::SCFTileAndFuseOptions options;
      // A producer is fused once per slice of it the loop reads, so a chain
      // of softmaxes (each reads its input twice) would be fused 2^n times
      // over before CSE merges the copies: a budget bounds the compile time
      // and leaves the rest of such a chain to loops of its own.
      unsigned budget = maxFusedOps;
      options.setTilingOptions(tiling).setFusionControlFn(
          [&](tensor::ExtractSliceOp, OpResult producer, bool)
              -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
            if (budget == 0 || !joinsRows(producer.getOwner(), rank))
              return std::nullopt;
            --budget;
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
          });
      rewriter.setInsertionPoint(root);
      FailureOr<scf::SCFTileAndFuseResult> fused =
          scf::tileConsumerAndFuseProducersUsingSCF(
              rewriter, cast<TilingInterface>(root.getOperation()), options);
      if (failed(fused))
        continue;
      tfcc::markParallelLoops(cast<TilingInterface>(root.getOperation()),
                              fused->loops, sizes);
      if (remarks)
        root.emitRemark("computed one row at a time with ")
            << fused->fusedProducers.size() << " producers";
      for (OpResult result : root->getResults())
        rewriter.replaceAllUsesWith(result, fused->replacements.lookup(result));
      rewriter.eraseOp(root);
    }
    // A producer fused for two of its uses in the loop is computed twice
    // (once per slice): CSE makes it once. The unfused ops are dead.
    DominanceInfo domInfo;
    eliminateCommonSubExpressions(rewriter, domInfo, func);
    if (failed(tfcc::applyPatternsWithCanonicalization(
            func, [](RewritePatternSet &) {})))
      signalPassFailure();
  }
};

} // namespace
