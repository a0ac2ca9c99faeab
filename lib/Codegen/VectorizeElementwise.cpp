//===- VectorizeElementwise.cpp - elementwise loop nests as vectors -------===//
//
// Tiles each elementwise linalg.generic (static shapes, arithmetic body,
// innermost loop parallel) to a few vectors along its innermost loop and
// one along every other loop, reductions included, and turns each tile into
// vector code, so that elementwise chains (after fusion), bias adds,
// activations, the math functions (polynomials after tfcc-approximate-math),
// pooling windows and the data movement of packs, unpacks and im2col run on
// whole registers instead of relying on LLVM's loop vectorizer.
//
// The tile is vectorized here rather than by linalg::vectorize because that
// takes only projected-permutation indexing maps, and the window reads of
// im2col and pooling (`oh * s + kh`) are not; in a tile every loop but the
// innermost has one iteration, so each operand is one row read from the
// slice (at the constant terms of its map, which tiling keeps out of the
// slice's offset): contiguous, strided (a read and a shuffle) or a
// broadcast scalar. Transposing reads, where the innermost loop indexes an
// outer dimension, stay scalar. A window row of odd length (im2col of a
// 10- or 28-wide image, a 14-wide pooling output) is rounded up to whole
// registers: its reads are masked to the row, its writes too with AVX-512
// and otherwise stored as a vector of the row's size.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
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

/// Largest stride along the innermost loop that is read as a row and a
/// shuffle (pooling and strided im2col use 2).
constexpr int64_t kMaxStride = 4;

/// The stride of loop `dim` in `expr` when `expr` is `dim * c + (terms
/// without dim)`: c, 0 when `expr` does not use `dim`, nothing otherwise.
std::optional<int64_t> strideOf(AffineExpr expr, unsigned dim) {
  if (!expr.isFunctionOfDim(dim))
    return 0;
  if (isa<AffineDimExpr>(expr))
    return 1;
  auto bin = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!bin)
    return std::nullopt;
  if (bin.getKind() == AffineExprKind::Add) {
    std::optional<int64_t> lhs = strideOf(bin.getLHS(), dim);
    std::optional<int64_t> rhs = strideOf(bin.getRHS(), dim);
    if (!lhs || !rhs || (*lhs && *rhs))
      return std::nullopt;
    return *lhs + *rhs;
  }
  auto c = dyn_cast<AffineConstantExpr>(bin.getRHS());
  if (bin.getKind() == AffineExprKind::Mul && c && c.getValue() > 0 &&
      isa<AffineDimExpr>(bin.getLHS()))
    return c.getValue();
  return std::nullopt;
}

/// The stride of an operand's reads along loop `inner`: 0 for a broadcast,
/// nothing when `inner` indexes any dimension but the last.
std::optional<int64_t> rowStride(AffineMap map, unsigned inner) {
  ArrayRef<AffineExpr> results = map.getResults();
  if (results.empty())
    return 0;
  for (AffineExpr expr : results.drop_back())
    if (expr.isFunctionOfDim(inner))
      return std::nullopt;
  return strideOf(results.back(), inner);
}

/// Whether the body of `op` is arithmetic only: no tfcc.assert (a side
/// effect), no gathers (tensor.extract) or linalg.index.
bool hasArithmeticBody(linalg::GenericOp op) {
  return llvm::all_of(op.getRegion().front(), [](Operation &inner) {
    Dialect *d = inner.getDialect();
    return isa<linalg::YieldOp>(inner) ||
           (d && isa<arith::ArithDialect, math::MathDialect>(d));
  });
}

/// Static operands of 8- to 64-bit elements: i1 is a byte per element in
/// memory but a bit per lane in a vector.
bool hasVectorizableOperands(linalg::GenericOp op) {
  return op.hasPureTensorSemantics() &&
         llvm::all_of(op->getOperandTypes(), [](Type t) {
           auto shaped = dyn_cast<RankedTensorType>(t);
           if (shaped && !shaped.hasStaticShape())
             return false;
           Type elem = getElementTypeOrSelf(t);
           return elem.isIntOrFloat() && elem.getIntOrFloatBitWidth() >= 8 &&
                  elem.getIntOrFloatBitWidth() <= 64;
         });
}

/// The tile size along the innermost loop of `op`, or 0 to leave it alone.
int64_t innerTileSize(linalg::GenericOp op, int64_t lanes) {
  if (op.getNumLoops() == 0 || !hasArithmeticBody(op) ||
      !hasVectorizableOperands(op))
    return 0;
  unsigned inner = op.getNumLoops() - 1;
  if (op.getIteratorTypesArray()[inner] != utils::IteratorType::parallel)
    return 0;
  // Each output is written along its last dimension, one row per tile.
  for (OpOperand &init : op.getDpsInitsMutable()) {
    AffineMap map = op.getMatchingIndexingMap(&init);
    if (!map.isProjectedPermutation() || map.getNumResults() == 0 ||
        map.getResults().back() != getAffineDimExpr(inner, op.getContext()))
      return 0;
  }
  for (OpOperand *input : op.getDpsInputOperands()) {
    std::optional<int64_t> stride =
        rowStride(op.getMatchingIndexingMap(input), inner);
    if (!stride || *stride > kMaxStride)
      return 0;
  }

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
  // Windows (im2col, pooling) round odd rows up to whole registers with the
  // lanes past the row masked off: there are many rows in a kernel, and
  // LLVM takes twice as long to compile ResNet-18 when each is a 7-, 14- or
  // 28-lane vector.
  if (size > kMaxVectorsPerTile * lanes)
    return 0;
  bool windows = llvm::any_of(op.getIndexingMapsArray(), [](AffineMap map) {
    return !map.isProjectedPermutation(/*allowZeroInResults=*/true);
  });
  return windows ? llvm::alignTo(size, lanes) : size;
}

/// Replaces `tile`, a generic whose loops have one iteration each but the
/// innermost (`size` iterations), by vector code of `width` lanes: each
/// operand is read as one row from the tile's first element, the body is
/// applied to whole vectors and the yielded rows are written to the
/// outputs. Lanes past `size` are masked off in every read, and in the
/// writes with `maskedStores`; without, only `size` lanes are stored.
void vectorizeTile(RewriterBase &rewriter, linalg::GenericOp tile,
                   int64_t size, int64_t width, bool maskedStores) {
  Location loc = tile.getLoc();
  unsigned inner = tile.getNumLoops() - 1;
  Block &body = tile.getRegion().front();
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  // The mask of the first `lanes` of `n`, none when all are.
  auto maskOf = [&](int64_t lanes, int64_t n) -> Value {
    if (lanes == n)
      return Value();
    return vector::ConstantMaskOp::create(
        rewriter, loc, VectorType::get({n}, rewriter.getI1Type()),
        ArrayRef<int64_t>{lanes});
  };
  auto rowMap = [&](Value t) {
    return AffineMapAttr::get(AffineMap::getMinorIdentityMap(
        cast<ShapedType>(t.getType()).getRank(), 1, rewriter.getContext()));
  };
  auto origin = [&](Value t) {
    return SmallVector<Value>(cast<ShapedType>(t.getType()).getRank(), zero);
  };
  // Where the tile's first element is in an operand's slice: the constant
  // terms of its indexing map, which tiling leaves in the map and so not in
  // the slice's offset (the `+ 1` of a pooling gradient's `oh - kh + 1`).
  auto firstOf = [&](OpOperand &operand) {
    AffineMap map = tile.getMatchingIndexingMap(&operand);
    SmallVector<int64_t> zeros(map.getNumDims(), 0);
    return llvm::map_to_vector(map.compose(zeros), [&](int64_t at) -> Value {
      return at == 0 ? zero
                     : arith::ConstantIndexOp::create(rewriter, loc, at);
    });
  };
  auto toVector = [&](Value v) -> Value {
    if (isa<VectorType>(v.getType()))
      return v;
    return vector::BroadcastOp::create(
        rewriter, loc, VectorType::get({width}, v.getType()), v);
  };

  IRMapping mapping;
  for (OpOperand &operand : tile->getOpOperands()) {
    BlockArgument arg = body.getArgument(operand.getOperandNumber());
    if (arg.use_empty())
      continue;
    Value slice = operand.get();
    int64_t stride =
        *rowStride(tile.getMatchingIndexingMap(&operand), inner);
    if (stride == 0) {
      mapping.map(arg, tensor::ExtractOp::create(rewriter, loc, slice,
                                                 firstOf(operand)));
      continue;
    }
    // A strided row is read whole and its every stride-th lane kept; a
    // masked one is read to a whole number of registers.
    int64_t span = size < width ? stride * width : stride * (width - 1) + 1;
    Value padding = arith::ConstantOp::create(
        rewriter, loc, rewriter.getZeroAttr(arg.getType()));
    Value row = vector::TransferReadOp::create(
        rewriter, loc, VectorType::get({span}, arg.getType()), slice,
        firstOf(operand), rowMap(slice), padding,
        maskOf(stride * (size - 1) + 1, span),
        rewriter.getBoolArrayAttr({true}));
    if (stride > 1) {
      SmallVector<int64_t> lanes = llvm::to_vector(
          llvm::map_range(llvm::seq<int64_t>(0, width),
                          [&](int64_t i) { return i * stride; }));
      row = vector::ShuffleOp::create(rewriter, loc, row, row, lanes);
    }
    mapping.map(arg, row);
  }

  for (Operation &op : body.without_terminator()) {
    SmallVector<Value> operands = llvm::map_to_vector(
        op.getOperands(), [&](Value v) { return mapping.lookupOrDefault(v); });
    if (llvm::none_of(operands,
                      [](Value v) { return isa<VectorType>(v.getType()); })) {
      rewriter.clone(op, mapping);
      continue;
    }
    for (Value &v : operands)
      v = toVector(v);
    SmallVector<Type> types = llvm::map_to_vector(
        op.getResultTypes(),
        [&](Type t) -> Type { return VectorType::get({width}, t); });
    Operation *vectorOp =
        rewriter.create(op.getLoc(), op.getName().getIdentifier(), operands,
                        types, op.getAttrs());
    mapping.map(op.getResults(), vectorOp->getResults());
  }

  SmallVector<Value> results;
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  for (auto [value, init] : llvm::zip(yield.getValues(), tile.getDpsInits())) {
    Value row = toVector(mapping.lookupOrDefault(value));
    Value mask = maskOf(size, width);
    // Without AVX-512's mask registers a masked store is slow (vmaskmovps
    // is microcoded on AMD's cores): the row's lanes are stored as a
    // vector of their own size instead, which LLVM splits into whole
    // registers and a tail.
    if (mask && !maskedStores) {
      row = vector::ExtractStridedSliceOp::create(
          rewriter, loc, row, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{size},
          ArrayRef<int64_t>{1});
      mask = Value();
    }
    results.push_back(vector::TransferWriteOp::create(
                          rewriter, loc, row, init, origin(init), rowMap(init),
                          mask, rewriter.getBoolArrayAttr({true}))
                          .getResult());
  }
  rewriter.replaceOp(tile, results);
}

struct TfccVectorizeElementwise
    : tfcc::impl::TfccVectorizeElementwiseBase<TfccVectorizeElementwise> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    int64_t lanes = std::max<int64_t>(vectorBits / 32, 1);
    IRRewriter rewriter(&getContext());

    // Transposes as generics, so that those that keep the innermost
    // dimension in place (packs and unpacks) are taken too.
    SmallVector<linalg::TransposeOp> transposes;
    func.walk([&](linalg::TransposeOp op) { transposes.push_back(op); });
    for (linalg::TransposeOp op : transposes) {
      rewriter.setInsertionPoint(op);
      (void)linalg::generalizeNamedOp(rewriter, op);
    }

    // Unit dimensions dropped first: the innermost loop of a pack's
    // transpose is its unit k0 tile, the row to vectorize the one before.
    SmallVector<linalg::GenericOp> generics;
    func.walk([&](linalg::GenericOp op) {
      if (op.getNumLoops() > 0 && hasArithmeticBody(op) &&
          hasVectorizableOperands(op) &&
          llvm::is_contained(op.getStaticLoopRanges(), 1))
        generics.push_back(op);
    });
    linalg::ControlDropUnitDims control;
    for (linalg::GenericOp op : generics) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::DropUnitDimsResult> dropped =
          linalg::dropUnitDims(rewriter, op, control);
      if (succeeded(dropped))
        rewriter.replaceOp(op, dropped->replacements);
    }

    SmallVector<std::pair<linalg::GenericOp, int64_t>> targets;
    func.walk([&](linalg::GenericOp op) {
      if (int64_t tile = innerTileSize(op, lanes))
        targets.push_back({op, tile});
    });
    for (auto [op, tile] : targets) {
      int64_t size = std::min(tile, op.getStaticLoopRanges().back());
      SmallVector<OpFoldResult> sizes(op.getNumLoops(),
                                      rewriter.getIndexAttr(1));
      sizes.back() = rewriter.getIndexAttr(size);
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
        auto generic = dyn_cast<linalg::GenericOp>(tileOp);
        SmallVector<int64_t> ranges(op.getNumLoops(), 1);
        ranges.back() = size;
        if (!generic || generic.getStaticLoopRanges() != ranges)
          continue;
        rewriter.setInsertionPoint(generic);
        vectorizeTile(rewriter, generic, size, tile,
                      /*maskedStores=*/vectorBits >= 512);
      }
    }
    if (targets.empty())
      return;

    // The transfers read and write the tensors directly, not their slices.
    if (failed(tfcc::applyPatternsWithCanonicalization(
            func, [](RewritePatternSet &patterns) {
              tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(
                  patterns);
            })))
      return signalPassFailure();
  }
};

} // namespace
