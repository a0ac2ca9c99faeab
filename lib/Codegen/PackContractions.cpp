//===- PackContractions.cpp - data tiling of f32 contractions -------------===//
//
// Packs matmul-like generics into register-tile blocks with upstream's
// linalg::packMatmulGreedily, orders each packed operand's outer dims with
// the reduction last, and evaluates the packs of constants (weights) here,
// at compile time.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <algorithm>

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCPACKCONTRACTIONS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

std::pair<int64_t, int64_t> tfcc::getRegisterTile(int64_t vectorBits,
                                                  int64_t vectorRegisters) {
  int64_t lanes = std::max<int64_t>(vectorBits / 32, 1);
  // Two registers hold the B row, one the broadcast of A; the rest are
  // accumulators, two per row of the tile.
  int64_t rows = std::clamp<int64_t>((vectorRegisters - 3) / 2, 1, 16);
  return {rows, 2 * lanes};
}

namespace {

bool isF32(Type t) { return getElementTypeOrSelf(t).isF32(); }

/// Twice the cycles one register tile of m0 rows and `vectors` vectors
/// spends on a step of K: its FMAs at two a cycle, its loads (the B row
/// and m0 broadcasts of A) at two a cycle, and no less than the latency of
/// one FMA (about four cycles), which every accumulator waits for.
int64_t stepCost(int64_t m0, int64_t vectors) {
  return std::max({m0 * vectors, m0 + vectors, int64_t(8)});
}

/// The register tile {m0, n0} for a contraction whose innermost M and N
/// loops have `m` and `n` iterations, with `k` reduction steps in all.
/// The default tile (getRegisterTile) runs the FMA units flat out once
/// the matrices are large, but a small side pads to a whole tile: a batch
/// of 4 rows is 14 with AVX-512, 6 output channels too. Every tile of one,
/// two or four vectors whose accumulators, B row and broadcast fit in the
/// registers is costed (padded tiles times stepCost per K step, plus
/// loading and storing its accumulators once) and the cheapest taken when
/// it beats the default by a twentieth (AVX-512: 8x32 for 64 or 128 rows,
/// which 14-row tiles pad to 70 or 140; encoder and MLP about 15% faster);
/// large or dynamic shapes keep the default, whose packed layout the GEMM
/// benchmarks were tuned with.
///
/// `sharedM0`, when not 0, is the m0 of a pack of this contraction's
/// run-time M operand that another contraction already needs (a GCN's
/// adjacency, multiplied by two feature matrices): a tile with that m0
/// reuses the pack, so its cost leaves out moving the M x K operand. With
/// `aInPlace` (a row-major run-time A) a tile whose m0 divides M reads A
/// where it is (readInPlace), at the same saving.
std::pair<int64_t, int64_t> chooseRegisterTile(int64_t vectorBits,
                                               int64_t vectorRegisters,
                                               int64_t m, int64_t n,
                                               int64_t k, int64_t sharedM0,
                                               bool aInPlace) {
  std::pair<int64_t, int64_t> fallback =
      getRegisterTile(vectorBits, vectorRegisters);
  if (ShapedType::isDynamic(m) || ShapedType::isDynamic(n) ||
      ShapedType::isDynamic(k))
    return fallback;
  int64_t lanes = std::max<int64_t>(vectorBits / 32, 1);
  auto cost = [&](int64_t m0, int64_t n0) {
    int64_t vectors = n0 / lanes;
    int64_t product = llvm::divideCeil(m, m0) * llvm::divideCeil(n, n0) *
                      (k * stepCost(m0, vectors) + 2 * m0 * vectors);
    // A shared pack saves loading and storing each vector of A once.
    // Reading A in place, which a tile of whole rows can, saves the whole
    // transposing copy: about 28 cycles a vector of A, measured on a GCN's
    // 512 x 512 adjacency (Zen 4).
    int64_t vectorsOfA = llvm::divideCeil(m * k, lanes);
    if (aInPlace && m % m0 == 0)
      return product - 2 * 28 * vectorsOfA;
    return product - (m0 == sharedM0 ? 2 * 2 * vectorsOfA : 0);
  };
  std::pair<int64_t, int64_t> best = fallback;
  int64_t bestCost = cost(fallback.first, fallback.second);
  int64_t fallbackCost = bestCost;
  // One, two or four vectors: LLVM widens a 3-vector row (vector<24xf32>)
  // to four and spills the tile.
  for (int64_t vectors = 1; vectors <= 4; vectors *= 2)
    for (int64_t m0 = 1; m0 <= 16; ++m0) {
      if (m0 * vectors + vectors + 1 > vectorRegisters)
        break;
      // Ties go to more accumulators: more slack on the FMA latency.
      int64_t c = cost(m0, vectors * lanes);
      if (c < bestCost ||
          (c == bestCost && m0 * vectors > best.first * best.second / lanes)) {
        best = {m0, vectors * lanes};
        bestCost = c;
      }
    }
  return 20 * bestCost <= 19 * fallbackCost ? best : fallback;
}

/// A contraction worth packing: f32 on tensors, not packed already, and not
/// narrower than the narrowest register panel (n0, one vector) with a
/// run-time A: packing A costs about as much as the product then (each
/// packed element would be used fewer than n0 times), and the tile would be
/// mostly padding.
bool isPackable(linalg::GenericOp op, int64_t n0) {
  if (!op.hasPureTensorSemantics() || !linalg::isaContractionOpInterface(op) ||
      !llvm::all_of(op->getOperandTypes(), isF32) ||
      matchPackedContraction(op))
    return false;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims))
    return false;
  if (matchPattern(op.getDpsInputOperand(0)->get(), m_Constant()))
    return true;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t n = 1;
  for (unsigned d : dims->n) {
    if (ShapedType::isDynamic(ranges[d]))
      return true;
    n *= ranges[d];
  }
  return n >= n0;
}

/// Reorders the outer dims of `operand`'s pack so that the one indexed by
/// loop `k1` comes last: a register tile then reads a contiguous panel as
/// it walks the reduction.
FailureOr<linalg::LinalgOp> putReductionLast(RewriterBase &rewriter,
                                             linalg::LinalgOp op,
                                             OpOperand *operand, unsigned k1) {
  auto pack = operand->get().getDefiningOp<linalg::PackOp>();
  if (!pack)
    return op;
  AffineMap map = op.getMatchingIndexingMap(operand);
  int64_t outerRank = pack.getSourceRank();
  AffineExpr k = getAffineDimExpr(k1, op->getContext());
  int64_t pos = -1;
  for (int64_t r = 0; r < outerRank; ++r)
    if (map.getResult(r) == k)
      pos = r;
  if (pos < 0 || pos == outerRank - 1)
    return op;
  SmallVector<int64_t> perm;
  for (int64_t r = 0; r < outerRank; ++r)
    if (r != pos)
      perm.push_back(r);
  perm.push_back(pos);
  FailureOr<linalg::PackTransposeResult> result = linalg::packTranspose(
      rewriter, pack, op, /*maybeUnPackOp=*/nullptr, perm, /*innerPerm=*/{});
  if (failed(result))
    return failure();
  return result->transposedLinalgOp;
}

FailureOr<linalg::LinalgOp> packContraction(RewriterBase &rewriter,
                                            linalg::GenericOp op, int64_t m0,
                                            int64_t n0) {
  rewriter.setInsertionPoint(op);
  SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(m0),
                                     rewriter.getIndexAttr(n0),
                                     rewriter.getIndexAttr(1)};
  FailureOr<linalg::PackResult> packed = linalg::packMatmulGreedily(
      rewriter, op, sizes, /*mnkPaddedSizesNextMultipleOf=*/{},
      /*mnkOrder=*/{0, 1, 2});
  if (failed(packed))
    return failure();
  linalg::LinalgOp packedOp = packed->packedLinalgOp;
  std::optional<PackedContraction> loops = matchPackedContraction(packedOp);
  if (!loops)
    return failure();
  for (int64_t i = 0, e = packedOp.getNumDpsInputs(); i < e; ++i) {
    FailureOr<linalg::LinalgOp> next = putReductionLast(
        rewriter, packedOp, packedOp.getDpsInputOperand(i), loops->k1);
    if (failed(next))
      return failure();
    packedOp = *next;
  }
  return packedOp;
}

/// The reassociation that splits the last two dims of a rank-`rank` shape
/// [..., X, Y] into [..., X1, x0, Y1, y0].
SmallVector<ReassociationIndices> splitLastTwo(int64_t rank) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < rank - 2; ++d)
    groups.push_back({d});
  groups.push_back({rank - 2, rank - 1});
  groups.push_back({rank, rank + 1});
  return groups;
}

/// Makes `operand` of the packed contraction `op`, which a pack laid out
/// [..., X1, Y1, x0, y0], the view `view` of the row-major tensor,
/// [..., X1, x0, Y1, y0]: the middle two results of its map trade places.
void useRowMajorView(RewriterBase &rewriter, linalg::LinalgOp op,
                     OpOperand *operand, Value view) {
  AffineMap map = op.getMatchingIndexingMap(operand);
  int64_t rank = map.getNumResults() - 2;
  SmallVector<AffineExpr> r(map.getResults());
  std::swap(r[rank - 1], r[rank]);
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  maps[operand->getOperandNumber()] =
      AffineMap::get(map.getNumDims(), 0, r, op.getContext());
  rewriter.modifyOpInPlace(op, [&] {
    operand->set(view);
    op->setAttr("indexing_maps", rewriter.getAffineMapArrayAttr(maps));
    if (op.isDpsInit(operand))
      op->getResult(0).setType(view.getType());
  });
}

/// Replaces the pack of `a`, a run-time row-major [..., M, K] operand of
/// the packed contraction `op` tiled in whole rows (M1 x m0 = M), by a
/// reshape of `a` itself: the register tile's m0 broadcasts per step of K
/// are loads either way, from m0 rows instead of one packed panel, and the
/// copy of A on every run goes. Leading dimensions are batches.
void readInPlace(RewriterBase &rewriter, linalg::LinalgOp op, Value a) {
  for (OpOperand *operand : op.getDpsInputOperands()) {
    auto pack = operand->get().getDefiningOp<linalg::PackOp>();
    if (!pack || pack.getSource() != a)
      continue;
    auto source = cast<RankedTensorType>(a.getType());
    RankedTensorType dest = pack.getDestType();
    ArrayRef<int64_t> tiles = pack.getStaticInnerTiles();
    int64_t rank = source.getRank();
    if (!source.hasStaticShape() || rank < 2 || tiles.size() != 2 ||
        tiles[1] != 1 ||
        pack.getInnerDimsPos() != ArrayRef<int64_t>{rank - 2, rank - 1})
      return;
    int64_t m = source.getDimSize(rank - 2), k = source.getDimSize(rank - 1);
    SmallVector<int64_t> batch(source.getShape().drop_back(2));
    SmallVector<int64_t> packed(batch), viewShape(batch);
    packed.append({m / tiles[0], k, tiles[0], 1});
    viewShape.append({m / tiles[0], tiles[0], k, 1});
    if (m % tiles[0] != 0 || dest.getShape() != ArrayRef<int64_t>(packed))
      return;
    rewriter.setInsertionPoint(op);
    Value view = tensor::ExpandShapeOp::create(
        rewriter, op.getLoc(),
        RankedTensorType::get(viewShape, source.getElementType()), a,
        splitLastTwo(rank));
    useRowMajorView(rewriter, op, operand, view);
    return;
  }
}

/// Replaces the pack of the output of `op`, a packed contraction with
/// leading (batch) dims in whole register tiles (M1 x m0 = M, N1 x n0 =
/// N), and the unpack of its result by reshapes of the row-major output:
/// each register tile stores its m0 rows of n0 where they belong instead
/// of into a packed panel that a copy then unpacks (a pass over the
/// output: 3.5% of ResNet-18's time, with its Winograd products). A plain
/// (2-D) contraction keeps its unpack for tfcc-fuse-epilogues, which fuses
/// its elementwise consumer into the tile loop through it.
void writeInPlace(RewriterBase &rewriter, linalg::LinalgOp op) {
  OpOperand *init = op.getDpsInitOperand(0);
  auto pack = init->get().getDefiningOp<linalg::PackOp>();
  Value result = op->getResult(0);
  if (!pack || !result.hasOneUse())
    return;
  auto unpack = dyn_cast<linalg::UnPackOp>(*result.getUsers().begin());
  auto source = cast<RankedTensorType>(pack.getSourceType());
  int64_t rank = source.getRank();
  if (!unpack || rank < 3 || !source.hasStaticShape() ||
      unpack.getDestType() != source || !pack.getOuterDimsPerm().empty() ||
      !unpack.getOuterDimsPerm().empty() ||
      pack.getInnerDimsPos() != ArrayRef<int64_t>{rank - 2, rank - 1} ||
      unpack.getInnerDimsPos() != pack.getInnerDimsPos() ||
      ShapedType::isDynamicShape(pack.getStaticInnerTiles()) ||
      unpack.getStaticInnerTiles() != pack.getStaticInnerTiles())
    return;
  ArrayRef<int64_t> tiles = pack.getStaticInnerTiles();
  int64_t m = source.getDimSize(rank - 2), n = source.getDimSize(rank - 1);
  if (m % tiles[0] != 0 || n % tiles[1] != 0)
    return;
  SmallVector<int64_t> viewShape(source.getShape().drop_back(2));
  viewShape.append({m / tiles[0], tiles[0], n / tiles[1], tiles[1]});
  SmallVector<ReassociationIndices> groups = splitLastTwo(rank);
  rewriter.setInsertionPoint(op);
  Value view = tensor::ExpandShapeOp::create(
      rewriter, op.getLoc(),
      RankedTensorType::get(viewShape, source.getElementType()),
      pack.getSource(), groups);
  useRowMajorView(rewriter, op, init, view);
  rewriter.setInsertionPoint(unpack);
  rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(unpack, source, result,
                                                       groups);
}

/// Evaluates `linalg.pack` of a constant with static tiles: packed weights
/// are data in the library, not a copy made on every run.
struct FoldConstantPack : OpRewritePattern<linalg::PackOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::PackOp pack,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr source;
    if (!matchPattern(pack.getSource(), m_Constant(&source)))
      return rewriter.notifyMatchFailure(pack, "source is not a constant");
    RankedTensorType destType = pack.getDestType();
    Type elem = destType.getElementType();
    if (!destType.hasStaticShape() || !elem.isIntOrFloat() ||
        elem.getIntOrFloatBitWidth() % 8 != 0 ||
        ShapedType::isDynamicShape(pack.getStaticInnerTiles()))
      return rewriter.notifyMatchFailure(pack, "dynamic or unsupported");
    int64_t bytes = elem.getIntOrFloatBitWidth() / 8;
    SmallVector<char> pad(bytes, 0);
    if (Value padValue = pack.getPaddingValue()) {
      DenseElementsAttr padAttr;
      Attribute scalar;
      if (!matchPattern(padValue, m_Constant(&scalar)))
        return rewriter.notifyMatchFailure(pack, "padding is not a constant");
      padAttr = DenseElementsAttr::get(RankedTensorType::get({}, elem), scalar);
      ArrayRef<char> raw = padAttr.getRawData();
      std::copy(raw.begin(), raw.end(), pad.begin());
    }

    ArrayRef<int64_t> srcShape = source.getType().getShape();
    ArrayRef<int64_t> destShape = destType.getShape();
    ArrayRef<int64_t> innerPos = pack.getInnerDimsPos();
    ArrayRef<int64_t> tiles = pack.getStaticInnerTiles();
    SmallVector<int64_t> outerPerm(pack.getOuterDimsPerm());
    int64_t rank = srcShape.size();
    if (outerPerm.empty())
      outerPerm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    SmallVector<int64_t> srcStrides(rank, 1);
    for (int64_t d = rank - 2; d >= 0; --d)
      srcStrides[d] = srcStrides[d + 1] * srcShape[d + 1];

    ArrayRef<char> raw = source.getRawData();
    bool splat = source.isSplat();
    int64_t count = destType.getNumElements();
    SmallVector<char> out(count * bytes);
    SmallVector<int64_t> index(destShape.size(), 0), srcIndex(rank);
    for (int64_t linear = 0; linear < count; ++linear) {
      // Dest dim p holds source dim outerPerm[p]; tile j refines innerPos[j].
      for (int64_t p = 0; p < rank; ++p)
        srcIndex[outerPerm[p]] = index[p];
      for (auto [j, d] : llvm::enumerate(innerPos))
        srcIndex[d] = srcIndex[d] * tiles[j] + index[rank + j];
      const char *from = pad.data();
      int64_t offset = 0;
      bool inside = true;
      for (int64_t d = 0; d < rank && inside; ++d) {
        inside = srcIndex[d] < srcShape[d];
        offset += srcIndex[d] * srcStrides[d];
      }
      if (inside)
        from = raw.data() + (splat ? 0 : offset * bytes);
      std::copy(from, from + bytes, out.begin() + linear * bytes);
      for (int64_t p = destShape.size() - 1; p >= 0; --p) {
        if (++index[p] < destShape[p])
          break;
        index[p] = 0;
      }
    }
    auto folded = DenseElementsAttr::getFromRawBuffer(destType, out);
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(pack, destType, folded);
    return success();
  }
};

struct TfccPackContractions
    : tfcc::impl::TfccPackContractionsBase<TfccPackContractions> {
  using TfccPackContractionsBase::TfccPackContractionsBase;

  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    // The narrowest register tile is one vector.
    int64_t lanes = std::max<int64_t>(vectorBits / 32, 1);
    SmallVector<linalg::GenericOp> targets;
    getOperation().walk([&](linalg::GenericOp op) {
      if (isPackable(op, lanes))
        targets.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    DenseMap<Value, int64_t> packedRows;
    for (linalg::GenericOp op : targets) {
      // packMatmulGreedily tiles the innermost M, N and K loops.
      linalg::ContractionDimensions dims = *linalg::inferContractionDims(op);
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      int64_t k = 1;
      for (unsigned d : dims.k)
        k = ShapedType::isDynamic(ranges[d]) || ShapedType::isDynamic(k)
                ? ShapedType::kDynamic
                : k * ranges[d];
      // The run-time operand along M, whose pack is shared by contractions
      // that tile it alike (CSE below merges identical packs).
      Value mOperand;
      bool aInPlace = false;
      AffineExpr mDim = getAffineDimExpr(dims.m.back(), op.getContext());
      for (OpOperand *input : op.getDpsInputOperands()) {
        AffineMap map = op.getMatchingIndexingMap(input);
        if (!map.getResultPosition(mDim) ||
            matchPattern(input->get(), m_Constant()))
          continue;
        mOperand = input->get();
        // [..., M, K], K contiguous: a plain or batched matmul's run-time
        // left operand.
        SmallVector<AffineExpr> rowMajor;
        for (unsigned d : dims.batch)
          rowMajor.push_back(getAffineDimExpr(d, op.getContext()));
        rowMajor.push_back(mDim);
        if (dims.k.size() == 1)
          rowMajor.push_back(getAffineDimExpr(dims.k[0], op.getContext()));
        aInPlace = dims.m.size() == 1 && dims.k.size() == 1 &&
                   map.getResults() == ArrayRef<AffineExpr>(rowMajor);
      }
      std::pair<int64_t, int64_t> tile = chooseRegisterTile(
          vectorBits, vectorRegisters, ranges[dims.m.back()],
          ranges[dims.n.back()], k, mOperand ? packedRows.lookup(mOperand) : 0,
          aInPlace);
      if (mOperand)
        packedRows.try_emplace(mOperand, tile.first);
      Attribute split = op->getAttr(tfcc::kSplitDimAttrName);
      FailureOr<linalg::LinalgOp> packed =
          packContraction(rewriter, op, tile.first, tile.second);
      // Packing keeps the op's dimensions (M and N count panels) and adds
      // the register tile's after them.
      if (succeeded(packed) && split)
        (*packed)->setAttr(tfcc::kSplitDimAttrName, split);
      if (succeeded(packed) && (*packed).getNumLoops() > 6)
        writeInPlace(rewriter, *packed);
      if (succeeded(packed) && aInPlace &&
          !ShapedType::isDynamic(ranges[dims.m.back()]) &&
          ranges[dims.m.back()] % tile.first == 0)
        readInPlace(rewriter, *packed, mOperand);
    }

    RewritePatternSet patterns(&getContext());
    patterns.add<FoldConstantPack>(&getContext());
    populateAllCanonicalizationPatterns(&getContext(), patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    DominanceInfo dominance(getOperation());
    eliminateCommonSubExpressions(rewriter, dominance, getOperation());
  }
};

} // namespace
