//===- CodegenUtils.cpp - helpers shared by the codegen passes ------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

using namespace mlir;

std::optional<tfcc::PackedContraction>
tfcc::matchPackedContraction(linalg::LinalgOp op) {
  unsigned loops = op.getNumLoops();
  if (loops < 6 || !op.hasPureTensorSemantics() ||
      !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() < 2 || dims->n.size() < 2 ||
      dims->k.size() < 2 || dims->m.back() != loops - 3 ||
      dims->n.back() != loops - 2 || dims->k.back() != loops - 1)
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ShapedType::isDynamic(ranges[loops - 3]) ||
      ShapedType::isDynamic(ranges[loops - 2]) || ranges[loops - 1] != 1)
    return std::nullopt;
  return PackedContraction{dims->m[dims->m.size() - 2],
                           dims->n[dims->n.size() - 2],
                           dims->k[dims->k.size() - 2], ranges[loops - 3],
                           ranges[loops - 2]};
}

/// Whether `expr` is a sum of dims times constants and a constant.
static bool isLinear(AffineExpr expr) {
  bool linear = true;
  expr.walk([&](AffineExpr e) {
    if (e.getKind() == AffineExprKind::Mod ||
        e.getKind() == AffineExprKind::FloorDiv ||
        e.getKind() == AffineExprKind::CeilDiv)
      linear = false;
  });
  return linear;
}

std::optional<tfcc::Im2colRows>
tfcc::matchIm2colRows(linalg::LinalgOp op, const PackedContraction &loops) {
  Value a = op.getDpsInputOperands().front()->get();
  while (auto slice = a.getDefiningOp<tensor::ExtractSliceOp>())
    a = slice.getSource();
  auto expand = a.getDefiningOp<tensor::ExpandShapeOp>();
  auto collapse =
      expand ? expand.getSrc().getDefiningOp<tensor::CollapseShapeOp>()
             : tensor::CollapseShapeOp();
  auto copy = collapse ? collapse.getSrc().getDefiningOp<linalg::GenericOp>()
                       : linalg::GenericOp();
  SmallVector<ReassociationIndices> rowsAndColumns = {{0, 1, 2}, {3, 4}};
  SmallVector<ReassociationIndices> panels = {{0, 1}, {2, 3}};
  if (!copy || copy.getNumDpsInputs() != 1 || copy.getNumLoops() != 5 ||
      copy.getNumParallelLoops() != 5 ||
      !copy.getIndexingMapsArray().back().isIdentity() ||
      collapse.getReassociationIndices() != rowsAndColumns ||
      expand.getReassociationIndices() != panels ||
      expand.getResultType().getDimSize(1) != loops.m0Size)
    return std::nullopt;
  auto yield = cast<linalg::YieldOp>(copy.getBody()->getTerminator());
  if (yield.getNumOperands() != 1 ||
      yield.getOperand(0) != copy.getBody()->getArgument(0))
    return std::nullopt;
  auto outType = cast<RankedTensorType>(copy.getResultTypes().front());
  AffineMap map = copy.getIndexingMapsArray().front();
  if (!outType.hasStaticShape() || outType.getDimSize(2) % loops.m0Size != 0 ||
      map.getNumResults() == 0 || !llvm::all_of(map.getResults(), isLinear))
    return std::nullopt;
  // The coefficient of OW in each result: zero but in the last.
  SmallVector<int64_t> zero(5, 0), unit = {0, 0, 1, 0, 0};
  SmallVector<int64_t> base = map.compose(zero), step = map.compose(unit);
  for (unsigned i = 0; i + 1 < base.size(); ++i)
    if (base[i] != step[i])
      return std::nullopt;
  int64_t stride = step.back() - base.back();
  if (stride <= 0)
    return std::nullopt;
  return Im2colRows{copy, copy.getDpsInputOperand(0)->get(), map,
                    llvm::to_vector(outType.getShape()), stride};
}

bool tfcc::isMOuter(linalg::LinalgOp op, const PackedContraction &loops) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  return !ShapedType::isDynamic(ranges[loops.m1]) &&
         !ShapedType::isDynamic(ranges[loops.n1]) &&
         ranges[loops.n1] * loops.n0Size < ranges[loops.m1] * loops.m0Size;
}

int64_t tfcc::chooseReductionBlock(linalg::LinalgOp op,
                                   const PackedContraction &loops,
                                   int64_t l2Bytes) {
  constexpr int64_t minBlock = 256;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->k.size() != 2)
    return 0;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t k1 = ranges[loops.k1];
  bool mOuter = isMOuter(op, loops);
  int64_t innerPanels = mOuter ? ranges[loops.n1] : ranges[loops.m1];
  // Dynamic sizes before any product: kDynamic times a tile overflows.
  if (ShapedType::isDynamic(k1) || ShapedType::isDynamic(innerPanels))
    return 0;
  int64_t inner = innerPanels * (mOuter ? loops.n0Size : loops.m0Size);
  // Half of L2 for the inner operand, the rest for the outer operand's
  // panel and the output; or, when that panel is small, three quarters for
  // both (ResNet-18's layer-2 weights, 590 KB, with 64 KB of im2col rows
  // need no blocking on a 1 MiB L2).
  int64_t outerPanelBytes = (mOuter ? loops.m0Size : loops.n0Size) * k1 * 4;
  int64_t innerOperandBytes =
      std::max(l2Bytes * 3 / 4 - outerPanelBytes, l2Bytes / 2);
  // A convolution's im2col rows are read in place
  // (tfcc-vectorize-contractions): as the inner operand, A is then the
  // im2col's input, KH * KW times smaller than the im2col.
  std::optional<Im2colRows> rows = matchIm2colRows(op, loops);
  int64_t innerBytes = inner * k1 * 4;
  auto inputType = rows ? cast<ShapedType>(rows->input.getType()) : nullptr;
  if (inputType && inputType.hasStaticShape() && !mOuter)
    innerBytes = std::min(innerBytes, inputType.getNumElements() * 4);
  if (innerBytes <= innerOperandBytes)
    return 0;
  int64_t most = innerOperandBytes / (inner * 4);
  // Read in place one window row at a time, a block that divides the row,
  // KWC, keeps every block within one.
  if (rows)
    for (int64_t block = std::min(most, rows->shape[4]); block >= minBlock;
         --block)
      if (rows->shape[4] % block == 0 && k1 % block == 0 && block < k1)
        return block;
  for (int64_t block = most; block >= minBlock; --block)
    if (k1 % block == 0 && block < k1)
      return block;
  return 0;
}

FailureOr<SmallVector<Operation *>>
tfcc::tileWithForLoops(RewriterBase &rewriter, TilingInterface op,
                       ArrayRef<OpFoldResult> sizes,
                       ArrayRef<int64_t> interchange) {
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes).setInterchange(interchange).setLoopType(
      scf::SCFTilingOptions::LoopType::ForOp);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, op, options);
  if (failed(tiled))
    return failure();
  markParallelLoops(op, tiled->loops, sizes, interchange);
  rewriter.replaceOp(op, tiled->replacements);
  return tiled->tiledOps;
}

bool tfcc::writesDisjointAlong(Operation *op, int64_t dim) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp) {
    auto tiling = dyn_cast<TilingInterface>(op);
    return tiling &&
           dim < static_cast<int64_t>(tiling.getLoopIteratorTypes().size()) &&
           tiling.getLoopIteratorTypes()[dim] == utils::IteratorType::parallel;
  }
  if (linalgOp.getIteratorTypesArray()[dim] != utils::IteratorType::parallel)
    return false;
  // A parallel dimension that some result does not vary along (a broken
  // op, but the verifier allows it) would have every iteration write it.
  AffineExpr d = getAffineDimExpr(dim, op->getContext());
  return llvm::all_of(linalgOp.getDpsInitsMutable(), [&](OpOperand &init) {
    return llvm::is_contained(
        linalgOp.getMatchingIndexingMap(&init).getResults(), d);
  });
}

void tfcc::markParallelLoops(TilingInterface op,
                             ArrayRef<LoopLikeOpInterface> loops,
                             ArrayRef<OpFoldResult> sizes,
                             ArrayRef<int64_t> interchange) {
  SmallVector<utils::IteratorType> iterators = op.getLoopIteratorTypes();
  SmallVector<int64_t> order(interchange);
  for (int64_t d = 0, e = iterators.size(); d < e; ++d)
    if (!llvm::is_contained(order, d))
      order.push_back(d);
  // tileUsingSCF makes a loop for each tiled dimension, in that order.
  SmallVector<std::pair<int64_t, Operation *>> tiled;
  auto loop = loops.begin();
  for (int64_t d : order) {
    if (d >= static_cast<int64_t>(sizes.size()) || isZeroInteger(sizes[d]))
      continue;
    if (loop == loops.end())
      break;
    if (writesDisjointAlong(op, d))
      tiled.push_back({d, *loop});
    ++loop;
  }
  // Only the loop of the dimension to split, where the op names one that
  // has a loop here.
  auto split = op->getAttrOfType<IntegerAttr>(tfcc::kSplitDimAttrName);
  if (split && llvm::any_of(tiled, [&](auto &entry) {
        return entry.first == split.getInt();
      }))
    llvm::erase_if(tiled,
                   [&](auto &entry) { return entry.first != split.getInt(); });
  for (auto [d, parallel] : tiled)
    parallel->setAttr(tfcc::kParallelAttrName, UnitAttr::get(op->getContext()));
}

void tfcc::populateAllCanonicalizationPatterns(MLIRContext *ctx,
                                               RewritePatternSet &patterns) {
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

LogicalResult tfcc::applyPatternsWithCanonicalization(
    Operation *root, function_ref<void(RewritePatternSet &)> add) {
  RewritePatternSet patterns(root->getContext());
  add(patterns);
  populateAllCanonicalizationPatterns(root->getContext(), patterns);
  return applyPatternsGreedily(root, std::move(patterns));
}

void tfcc::hoistAccumulators(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<scf::ForOp> loops;
  func.walk([&](scf::ForOp loop) { loops.push_back(loop); });
  for (scf::ForOp loop : loops) {
    moveLoopInvariantCode(loop);
    hoistLoopInvariantSubsets(rewriter, loop);
  }
}

int64_t tfcc::timesTrips(int64_t cost, scf::ForOp loop) {
  std::optional<APInt> trips = loop.getStaticTripCount();
  int64_t count = trips ? trips->getSExtValue() : 16;
  return count > 0 && cost > kMostCost / count ? kMostCost : count * cost;
}

int64_t tfcc::estimateCost(Operation &op) {
  int64_t own = 1;
  auto widest = [&](TypeRange types) {
    for (Type type : types)
      if (auto vector = dyn_cast<VectorType>(type))
        own = std::max<int64_t>(
            own, vector.getNumElements() *
                     vector.getElementType().getIntOrFloatBitWidth() / 512);
  };
  widest(op.getResultTypes());
  widest(op.getOperandTypes());
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return timesTrips(estimateCost(*loop.getBody()), loop);
  if (isa<scf::IfOp, scf::IndexSwitchOp>(op)) {
    // One region runs.
    int64_t most = 0;
    for (Region &region : op.getRegions())
      if (!region.empty())
        most = std::max(most, estimateCost(region.front()));
    return most;
  }
  for (Region &region : op.getRegions())
    for (Block &inner : region)
      own = std::min(own + estimateCost(inner), kMostCost);
  return own;
}

int64_t tfcc::estimateCost(Block &block) {
  int64_t cost = 0;
  for (Operation &op : block)
    cost = std::min(cost + std::max<int64_t>(estimateCost(op), 0), kMostCost);
  return cost;
}

namespace {

/// Whether `v` is computed from `iv` (through the index arithmetic of the
/// tile's offsets).
bool dependsOn(Value v, Value iv) {
  if (v == iv)
    return true;
  Operation *def = v.getDefiningOp();
  return def && def->getNumRegions() == 0 &&
         llvm::any_of(def->getOperands(),
                      [&](Value operand) { return dependsOn(operand, iv); });
}

/// The transfer_reads of `v`, a tensor no tile has written into yet (a
/// fill's result inside the tile loops it initializes), through the
/// iter_args, slices and results of the loops that carry it unchanged,
/// into `reads`; false when anything else reads it. A tile's writes end the
/// walk: they go to the next iteration, which reads other rows, and to the
/// loop's result.
bool collectPristineReads(Value v,
                          SmallVectorImpl<vector::TransferReadOp> &reads) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    bool ok = true;
    if (auto read = dyn_cast<vector::TransferReadOp>(user)) {
      reads.push_back(read);
    } else if (auto slice = dyn_cast<tensor::ExtractSliceOp>(user)) {
      ok = collectPristineReads(slice.getResult(), reads);
    } else if (auto loop = dyn_cast<scf::ForOp>(user)) {
      BlockArgument arg = loop.getTiedLoopRegionIterArg(&use);
      ok = arg && collectPristineReads(arg, reads);
    } else if (auto yield = dyn_cast<scf::YieldOp>(user)) {
      auto loop = dyn_cast<scf::ForOp>(yield->getParentOp());
      ok = loop && collectPristineReads(
                       loop.getResult(use.getOperandNumber()), reads);
    } else if (auto write = dyn_cast<vector::TransferWriteOp>(user)) {
      ok = &use == &write.getBaseMutable();
    } else if (auto insert = dyn_cast<tensor::InsertSliceOp>(user)) {
      ok = &use == &insert.getDestMutable();
    } else {
      ok = false;
    }
    if (!ok)
      return false;
  }
  return true;
}

} // namespace

void tfcc::startFromFills(RewriterBase &rewriter, func::FuncOp func) {
  auto outsideReductions = [](vector::TransferReadOp read) {
    for (auto loop = read->getParentOfType<scf::ForOp>(); loop;
         loop = loop->getParentOfType<scf::ForOp>())
      if (llvm::none_of(read.getIndices(), [&](Value index) {
            return dependsOn(index, loop.getInductionVar());
          }))
        return false;
    return true;
  };
  SmallVector<linalg::FillOp> fills;
  func.walk([&](linalg::FillOp fill) {
    if (fill.hasPureTensorSemantics())
      fills.push_back(fill);
  });
  for (linalg::FillOp fill : fills) {
    // One tile loop nest at a time: CSE merges the fills of two ops that
    // start from the same value (a max pooling and its gradient's argmax).
    Value result = fill.getResult(0);
    bool used = false;
    for (OpOperand &use : llvm::make_early_inc_range(result.getUses())) {
      // A read of the fill itself (a fused epilogue's tile) is its value.
      if (auto read = dyn_cast<vector::TransferReadOp>(use.getOwner())) {
        rewriter.setInsertionPoint(read);
        rewriter.replaceOpWithNewOp<vector::BroadcastOp>(
            read, read.getVectorType(), fill.getInputs()[0]);
        continue;
      }
      auto loop = dyn_cast<scf::ForOp>(use.getOwner());
      BlockArgument arg = loop ? loop.getTiedLoopRegionIterArg(&use) : nullptr;
      SmallVector<vector::TransferReadOp> reads;
      if (!arg || !collectPristineReads(arg, reads) ||
          !llvm::all_of(reads, outsideReductions)) {
        used = true;
        continue;
      }
      Value value = fill.getInputs()[0];
      for (vector::TransferReadOp read : reads) {
        rewriter.setInsertionPoint(read);
        rewriter.replaceOpWithNewOp<vector::BroadcastOp>(
            read, read.getVectorType(), value);
      }
      rewriter.modifyOpInPlace(loop, [&] { use.set(fill.getOutputs()[0]); });
    }
    if (!used)
      rewriter.eraseOp(fill);
  }
}
