//===- FoldConstants.cpp - reshapes, slices and transposes of weights -----===//
//
// Evaluates at compile time the ops that importers put between a weight and
// its use: reshapes, slices and transposes of constants (ONNX's LSTM and GRU
// weights are sliced per direction and reshaped; exporters transpose
// matmul weights) and the sums and products of two constants of one shape
// (the LSTM's two biases), and a matmul of the zero initial state by a
// recurrent weight. Without it the packing of those weights for the
// contractions, a transpose, would run on every call instead of once here.
// The tfcc ops have no folders for this because a folder runs in every
// canonicalization and would copy large constants that other users keep.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"
#include "tfcc/Transforms/Passes.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCFOLDCONSTANTS
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;
using mlir::tfcc::impl::TfccFoldConstantsBase;

namespace {

/// The dense constant `value` is produced by, or nothing.
DenseElementsAttr denseConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  return constant ? dyn_cast<DenseElementsAttr>(constant.getValue())
                  : DenseElementsAttr();
}

/// Bytes per element of a constant whose raw data is an array of elements:
/// 8- to 64-bit ints and floats (i1 is bit-packed).
std::optional<int64_t> elementBytes(DenseElementsAttr attr) {
  Type elem = attr.getElementType();
  if (!elem.isIntOrFloat() || elem.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  return elem.getIntOrFloatBitWidth() / 8;
}

/// The row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// A constant of type `type` whose element at index `i` is the element of
/// `source` at `offset + sum(i[d] * strides[d])`: slices and transposes.
DenseElementsAttr gather(DenseElementsAttr source, ShapedType type,
                         int64_t offset, ArrayRef<int64_t> strides) {
  if (source.isSplat())
    return source.resizeSplat(type);
  int64_t bytes = *elementBytes(source);
  ArrayRef<char> raw = source.getRawData();
  ArrayRef<int64_t> shape = type.getShape();
  std::vector<char> data(type.getNumElements() * bytes);
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t n = 0, e = type.getNumElements(); n < e; ++n) {
    int64_t at = offset;
    for (auto [i, stride] : llvm::zip(index, strides))
      at += i * stride;
    std::memcpy(data.data() + n * bytes, raw.data() + at * bytes, bytes);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::getFromRawBuffer(type, data);
}

/// Replaces `op` by `tfcc.constant value`.
LogicalResult replaceByConstant(PatternRewriter &rewriter, Operation *op,
                                Attribute value) {
  if (!value)
    return failure();
  rewriter.replaceOpWithNewOp<ConstantOp>(op, cast<DenseElementsAttr>(value));
  return success();
}

struct FoldReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr source = denseConstant(op.getInput());
    auto type = cast<ShapedType>(op.getType());
    if (!source || !type.hasStaticShape())
      return failure();
    return replaceByConstant(rewriter, op, source.reshape(type));
  }
};

struct FoldTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr source = denseConstant(op.getInput());
    if (!source || !elementBytes(source))
      return failure();
    SmallVector<int64_t> inputStrides =
        stridesOf(source.getType().getShape());
    SmallVector<int64_t> strides = llvm::map_to_vector(
        op.getPerm(), [&](int64_t d) { return inputStrides[d]; });
    return replaceByConstant(
        rewriter, op,
        gather(source, cast<ShapedType>(op.getType()), 0, strides));
  }
};

struct FoldSlice : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr source = denseConstant(op.getInput());
    auto type = cast<ShapedType>(op.getType());
    if (!source || !elementBytes(source) || !type.hasStaticShape())
      return failure();
    SmallVector<int64_t> strides = stridesOf(source.getType().getShape());
    int64_t offset = 0;
    for (auto [begin, stride] : llvm::zip(op.getBegin(), strides))
      offset += begin * stride;
    return replaceByConstant(rewriter, op,
                             gather(source, type, offset, strides));
  }
};

/// `lhs op rhs` for two float constants of the result's type.
template <typename OpTy>
struct FoldFloatBinary : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr lhs = denseConstant(op.getLhs());
    DenseElementsAttr rhs = denseConstant(op.getRhs());
    if (!lhs || !rhs || lhs.getType() != op.getType() ||
        rhs.getType() != op.getType() ||
        !isa<FloatType>(lhs.getElementType()))
      return failure();
    Attribute folded = constFoldBinaryOp<FloatAttr, APFloat, void>(
        ArrayRef<Attribute>{lhs, rhs},
        [](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
          APFloat result = a;
          if constexpr (std::is_same_v<OpTy, AddOp>)
            result.add(b, APFloat::rmNearestTiesToEven);
          else if constexpr (std::is_same_v<OpTy, SubOp>)
            result.subtract(b, APFloat::rmNearestTiesToEven);
          else
            result.multiply(b, APFloat::rmNearestTiesToEven);
          return result;
        });
    return replaceByConstant(rewriter, op, folded);
  }
};

/// A matmul by a zero constant, the other operand a constant without
/// infinities or NaNs (so that every product is 0): the zero state of a
/// recurrent layer's first step.
struct FoldZeroMatMul : OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatMulOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr a = denseConstant(op.getA());
    DenseElementsAttr b = denseConstant(op.getB());
    auto type = cast<ShapedType>(op.getType());
    if (!a || !b || !isa<FloatType>(type.getElementType()) ||
        !type.hasStaticShape())
      return failure();
    auto isZero = [](DenseElementsAttr attr) {
      return attr.isSplat() && attr.getSplatValue<APFloat>().isZero();
    };
    auto isFinite = [](DenseElementsAttr attr) {
      return llvm::all_of(attr.getValues<APFloat>(),
                          [](const APFloat &v) { return v.isFinite(); });
    };
    if (!(isZero(a) && isFinite(b)) && !(isZero(b) && isFinite(a)))
      return failure();
    return replaceByConstant(
        rewriter, op,
        DenseElementsAttr::get(type, rewriter.getFloatAttr(
                                         type.getElementType(), 0.0)));
  }
};

struct TfccFoldConstants : TfccFoldConstantsBase<TfccFoldConstants> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldReshape, FoldTranspose, FoldSlice, FoldFloatBinary<AddOp>,
                 FoldFloatBinary<SubOp>, FoldFloatBinary<MulOp>,
                 FoldZeroMatMul>(
        &getContext());
    if (failed(tfcc::applyPatternsKeepingDevices(getOperation(),
                                                 std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
