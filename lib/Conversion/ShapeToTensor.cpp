//===- ShapeToTensor.cpp - tfcc shape ops to tensor/linalg ----------------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCSHAPETOTENSOR
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// The number of elements of `tensor`, as an index.
Value elementCount(OpBuilder &b, Location loc, Value tensor) {
  Value total = arith::ConstantIndexOp::create(b, loc, 1);
  int64_t rank = cast<RankedTensorType>(tensor.getType()).getRank();
  for (int64_t j = 0; j < rank; ++j)
    total = arith::MulIOp::create(b, loc, total, getDimSize(b, loc, tensor, j));
  return total;
}

/// An index value from a rank-0 integer tensor.
Value extractIndex(OpBuilder &b, Location loc, Value scalar) {
  Value v = tensor::ExtractOp::create(b, loc, scalar, ValueRange{});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

/// Entry `k` of a 1-D integer tensor, as an index value.
Value extractIndex(OpBuilder &b, Location loc, Value vector, int64_t k) {
  Value at = arith::ConstantIndexOp::create(b, loc, k);
  Value v = tensor::ExtractOp::create(b, loc, vector, at);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

struct ReshapePattern : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> target = op.getShape();

    // The -1 entry of a dynamic input is total / (product of the others).
    SmallVector<Value> sizes;
    for (auto [i, d] : llvm::enumerate(target)) {
      if (!resultType.isDynamicDim(i)) {
        sizes.push_back(arith::ConstantIndexOp::create(
            rewriter, loc, resultType.getDimSize(i)));
        continue;
      }
      Value total = elementCount(rewriter, loc, input);
      int64_t known = 1;
      for (int64_t e : target)
        if (e != -1)
          known *= e;
      sizes.push_back(arith::DivUIOp::create(
          rewriter, loc, total,
          arith::ConstantIndexOp::create(rewriter, loc, known)));
    }
    // Static input shapes were checked by the verifier; a dynamic one must
    // have the element count the target shape implies.
    if (!inType.hasStaticShape()) {
      Value total = elementCount(rewriter, loc, input);
      int64_t known = 1;
      bool inferred = false;
      std::string shapeText = "[";
      for (auto [i, e] : llvm::enumerate(target)) {
        shapeText += (i ? "," : "") + std::to_string(e);
        if (e == -1)
          inferred = true;
        else
          known *= e;
      }
      shapeText += "]";
      Value knownV = arith::ConstantIndexOp::create(rewriter, loc, known);
      if (!inferred) {
        emitEqualCheck(rewriter, loc, op, total, knownV,
                       "input has {0} elements, but shape " + shapeText +
                           " has {1}");
      } else if (known != 0) {
        Value rem = arith::RemUIOp::create(rewriter, loc, total, knownV);
        Value divides = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::eq, rem,
            arith::ConstantIndexOp::create(rewriter, loc, 0));
        emitCheck(rewriter, loc, op, divides,
                  "input has {0} elements, but shape " + shapeText +
                      " requires a multiple of {1}",
                  {total, knownV});
      }
    }
    SmallVector<Value> sizesI64;
    for (Value s : sizes)
      sizesI64.push_back(arith::IndexCastOp::create(
          rewriter, loc, rewriter.getI64Type(), s));
    Value shape = tensor::FromElementsOp::create(
        rewriter, loc,
        RankedTensorType::get({static_cast<int64_t>(sizes.size())},
                              rewriter.getI64Type()),
        sizesI64);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, resultType, input,
                                                   shape);
    return success();
  }
};

/// `input` transposed by `perm` into `resultType` as a collapse and an
/// expand where the permutation moves only dims of size 1 (a [1, S, D]
/// sequence made [S, 1, D]): the data stays where it is, no copy. Null
/// otherwise.
Value transposeAsReshape(OpBuilder &b, Location loc, Value input,
                         RankedTensorType resultType, ArrayRef<int64_t> perm) {
  auto inputType = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> kept;
  int64_t last = -1;
  for (int64_t p : perm) {
    if (inputType.getDimSize(p) == 1)
      continue;
    if (p < last)
      return nullptr;
    last = p;
    kept.push_back(inputType.getDimSize(p));
  }
  if (llvm::count_if(kept, ShapedType::isDynamic) > 1)
    return nullptr;
  std::optional<SmallVector<ReassociationIndices>> collapse =
      getReassociationIndicesForCollapse(inputType.getShape(), kept);
  std::optional<SmallVector<ReassociationIndices>> expand =
      getReassociationIndicesForCollapse(resultType.getShape(), kept);
  if (!collapse || !expand)
    return nullptr;
  Value flat = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get(kept, inputType.getElementType()), input,
      *collapse);
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat, *expand);
}

struct TransposePattern : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (Value reshaped = transposeAsReshape(rewriter, loc, input, resultType,
                                            op.getPerm())) {
      rewriter.replaceOp(op, reshaped);
      return success();
    }
    SmallVector<Value> dynSizes;
    for (auto [i, p] : llvm::enumerate(op.getPerm()))
      if (resultType.isDynamicDim(i))
        dynSizes.push_back(tensor::DimOp::create(rewriter, loc, input, p));
    Value init = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, loc, input,
                                                       init, op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatPattern : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange inputs = adaptor.getInputs();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);

    // Offsets along the axis: running sum of the inputs' sizes.
    SmallVector<Value> offsets;
    Value offset = arith::ConstantIndexOp::create(rewriter, loc, 0);
    for (Value v : inputs) {
      offsets.push_back(offset);
      offset = arith::AddIOp::create(rewriter, loc, offset,
                                     getDimSize(rewriter, loc, v, axis));
    }
    // Off the axis, every input has the result's size: static sizes were
    // verified, dynamic ones are checked against the first input's.
    SmallVector<Value> dynSizes;
    for (int64_t i = 0; i < rank; ++i) {
      if (i == axis) {
        if (resultType.isDynamicDim(i))
          dynSizes.push_back(offset);
        continue;
      }
      Value ref = getDimSize(rewriter, loc, inputs[0], i);
      for (auto [k, v] : llvm::enumerate(inputs)) {
        if (k == 0 || !cast<RankedTensorType>(v.getType()).isDynamicDim(i))
          continue;
        emitEqualCheck(rewriter, loc, op,
                       tensor::DimOp::create(rewriter, loc, v, i), ref,
                       "dim " + Twine(i) + " of input " + Twine(k) +
                           " is {0}, but input 0 has {1}");
      }
      if (resultType.isDynamicDim(i))
        dynSizes.push_back(ref);
    }
    Value result =
        tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    for (auto [v, off] : llvm::zip(inputs, offsets)) {
      SmallVector<OpFoldResult> offs(rank, rewriter.getIndexAttr(0));
      offs[axis] = off;
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t i = 0; i < rank; ++i)
        sizes.push_back(tensor::getMixedSize(rewriter, loc, v, i));
      result = tensor::InsertSliceOp::create(rewriter, loc, v, result, offs,
                                             sizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SlicePattern : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    SmallVector<OpFoldResult> offsets, sizes,
        strides(rank, rewriter.getIndexAttr(1));
    auto inType = cast<RankedTensorType>(input.getType());
    for (int64_t i = 0; i < rank; ++i) {
      int64_t begin = op.getBegin()[i];
      offsets.push_back(rewriter.getIndexAttr(begin));
      if (!inType.isDynamicDim(i)) {
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(i)));
        continue;
      }
      // The window [begin, begin + size) must lie inside a dynamic dim;
      // size -1 takes what is left after begin.
      bool toEnd = resultType.isDynamicDim(i);
      Value dim = tensor::DimOp::create(rewriter, loc, input, i);
      Value beginV = arith::ConstantIndexOp::create(rewriter, loc, begin);
      Value endV = toEnd ? beginV
                         : arith::ConstantIndexOp::create(
                               rewriter, loc, begin + resultType.getDimSize(i));
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sle, endV,
                       dim,
                       "slice of dim " + Twine(i) +
                           " ends at {0}, past its size {1}");
      if (!toEnd) {
        sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(i)));
        continue;
      }
      sizes.push_back(
          arith::SubIOp::create(rewriter, loc, dim, beginV).getResult());
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, input, offsets, sizes, strides);
    return success();
  }
};

/// A copy of the tensor in a buffer of its own; on which device that
/// buffer lives is the device function's business (tfcc-map-to-gpu).
struct TransferPattern : OpConversionPattern<TransferOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransferOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<bufferization::AllocTensorOp>(
        op, op.getType(), ValueRange(), adaptor.getInput());
    return success();
  }
};

/// The reassociation of a rank-`rank` shape with unit dims at `axes` onto
/// the shape without them: each unit dim joins the group of the dim after
/// it (trailing ones, the last group).
SmallVector<ReassociationIndices> unitDimGroups(int64_t rank,
                                                ArrayRef<int64_t> axes) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (int64_t d = 0; d < rank; ++d) {
    pending.push_back(d);
    if (!llvm::is_contained(axes, d)) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty()) {
    if (groups.empty())
      return {}; // all dims are unit dims: rank 0 on the other side
    groups.back().append(pending.begin(), pending.end());
  }
  return groups;
}

struct ExpandDimsPattern : OpConversionPattern<ExpandDimsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandDimsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, type, adaptor.getInput(),
        unitDimGroups(type.getRank(), op.getAxes()));
    return success();
  }
};

struct SqueezePattern : OpConversionPattern<SqueezeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    // A dynamic dim squeezed away must be 1: checked, then cast to 1.
    SmallVector<int64_t> unit(inType.getShape());
    for (int64_t d : op.getAxes()) {
      if (!inType.isDynamicDim(d))
        continue;
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      emitEqualCheck(rewriter, loc, op, getDimSize(rewriter, loc, input, d),
                     one,
                     "dim " + Twine(d) +
                         " is {0}; only a dim of size {1} "
                         "can be squeezed");
      unit[d] = 1;
    }
    auto unitType = RankedTensorType::get(unit, inType.getElementType());
    if (unitType != inType)
      input = tensor::CastOp::create(rewriter, loc, unitType, input);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, op.getType(), input, unitDimGroups(inType.getRank(), op.getAxes()));
    return success();
  }
};

/// tensor.reshape to the run-time shape, after checking it against the
/// element count and the result's static dims.
struct DynamicReshapePattern : OpConversionPattern<DynamicReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DynamicReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), shape = adaptor.getShape();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value total = elementCount(rewriter, loc, input);
    Value product = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (int64_t k = 0; k < resultType.getRank(); ++k) {
      Value size = extractIndex(rewriter, loc, shape, k);
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge, size,
                       arith::ConstantIndexOp::create(rewriter, loc, 0),
                       "size " + Twine(k) + " of the shape is {0}, below {1}");
      if (!resultType.isDynamicDim(k))
        emitEqualCheck(rewriter, loc, op, size,
                       arith::ConstantIndexOp::create(rewriter, loc,
                                                      resultType.getDimSize(k)),
                       "size " + Twine(k) +
                           " of the shape is {0}, the result's {1}");
      product = arith::MulIOp::create(rewriter, loc, product, size);
    }
    emitEqualCheck(rewriter, loc, op, product, total,
                   "the shape has {0} elements, the input {1}");
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, resultType, input,
                                                   shape);
    return success();
  }
};

struct DynamicSlicePattern : OpConversionPattern<DynamicSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DynamicSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value minusOne = arith::ConstantIndexOp::create(rewriter, loc, -1);
    SmallVector<OpFoldResult> offsets, sizes,
        strides(rank, rewriter.getIndexAttr(1));
    for (int64_t d = 0; d < rank; ++d) {
      Value dim = getDimSize(rewriter, loc, input, d);
      Value begin = extractIndex(rewriter, loc, adaptor.getBegin(), d);
      Value size = extractIndex(rewriter, loc, adaptor.getSize(), d);
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge, begin,
                       zero, "begin " + Twine(d) + " is {0}, below {1}");
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sle, begin, dim,
                       "begin " + Twine(d) +
                           " is {0}, past the dim's size {1}");
      // Size -1 takes what is left after begin.
      Value rest = arith::SubIOp::create(rewriter, loc, dim, begin);
      Value toEnd = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, size, minusOne);
      size = arith::SelectOp::create(rewriter, loc, toEnd, rest, size);
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge, size, zero,
                       "size " + Twine(d) + " is {0}, below {1}");
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sle, size, rest,
                       "size " + Twine(d) +
                           " is {0}, more than the {1} elements after begin");
      offsets.push_back(begin);
      if (resultType.isDynamicDim(d)) {
        sizes.push_back(size);
        continue;
      }
      emitEqualCheck(rewriter, loc, op, size,
                     arith::ConstantIndexOp::create(rewriter, loc,
                                                    resultType.getDimSize(d)),
                     "size " + Twine(d) + " is {0}, the result's {1}");
      sizes.push_back(rewriter.getIndexAttr(resultType.getDimSize(d)));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, resultType, input, offsets, sizes, strides);
    return success();
  }
};

struct DimPattern : OpConversionPattern<DimOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DimOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dim =
        tensor::DimOp::create(rewriter, loc, adaptor.getInput(), op.getAxis());
    Value size =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), dim);
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(), size);
    return success();
  }
};

struct ZerosPattern : OpConversionPattern<ZerosOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ZerosOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> sizes;
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    for (auto [k, size] : llvm::enumerate(adaptor.getDynamicSizes())) {
      sizes.push_back(extractIndex(rewriter, loc, size));
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge,
                       sizes.back(), zero,
                       "dynamic size " + Twine(k) + " is {0}, below {1}");
    }
    RankedTensorType type = op.getType();
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          type.getElementType(), sizes);
    Value fill = scalarConstant(rewriter, loc, type.getElementType(), 0);
    rewriter.replaceOpWithNewOp<linalg::FillOp>(op, fill, empty);
    return success();
  }
};

/// A rank-reducing tensor.insert_slice of the item at [index, 0, ...].
struct SetItemPattern : OpConversionPattern<SetItemOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SetItemOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value list = adaptor.getList(), item = adaptor.getItem();
    RankedTensorType listType = op.getList().getType();
    Value index = extractIndex(rewriter, loc, adaptor.getIndex());
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge, index, zero,
                     "index {0} is below {1}");
    emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::slt, index,
                     getDimSize(rewriter, loc, list, 0),
                     "index {0} is past the last item (there are {1})");
    SmallVector<OpFoldResult> offsets{index}, sizes{rewriter.getIndexAttr(1)},
        strides(listType.getRank(), rewriter.getIndexAttr(1));
    auto itemType = cast<RankedTensorType>(item.getType());
    for (int64_t d = 1; d < listType.getRank(); ++d) {
      offsets.push_back(rewriter.getIndexAttr(0));
      Value size = listType.isDynamicDim(d) ? getDimSize(rewriter, loc, list, d)
                                            : Value();
      if (listType.isDynamicDim(d) || itemType.isDynamicDim(d - 1))
        emitEqualCheck(rewriter, loc, op,
                       getDimSize(rewriter, loc, item, d - 1),
                       size ? size
                            : arith::ConstantIndexOp::create(
                                  rewriter, loc, listType.getDimSize(d)),
                       "dim " + Twine(d - 1) +
                           " of the item is {0}, the list's items "
                           "have {1}");
      sizes.push_back(size ? OpFoldResult(size)
                           : rewriter.getIndexAttr(listType.getDimSize(d)));
    }
    // An item dim that is dynamic where the list's is static: checked
    // above, now given the static size insert_slice expects.
    SmallVector<int64_t> sliceDims;
    for (int64_t d = 1; d < listType.getRank(); ++d)
      sliceDims.push_back(listType.isDynamicDim(d) ? itemType.getDimSize(d - 1)
                                                   : listType.getDimSize(d));
    auto sliceType =
        RankedTensorType::get(sliceDims, listType.getElementType());
    if (itemType != sliceType)
      item = tensor::CastOp::create(rewriter, loc, sliceType, item);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(op, item, list, offsets,
                                                       sizes, strides);
    return success();
  }
};

struct ConvertTfccShapeToTensor
    : mlir::tfcc::impl::ConvertTfccShapeToTensorBase<ConvertTfccShapeToTensor> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ReshapePattern, TransposePattern, ConcatPattern, SlicePattern,
                 TransferPattern, DimPattern, ZerosPattern, SetItemPattern,
                 ExpandDimsPattern, SqueezePattern, DynamicReshapePattern,
                 DynamicSlicePattern>(ctx);
    if (failed(applyTfccLowering<ReshapeOp, TransposeOp, ConcatOp, SliceOp,
                                 TransferOp, DimOp, ZerosOp, SetItemOp,
                                 ExpandDimsOp, SqueezeOp, DynamicReshapeOp,
                                 DynamicSliceOp>(getOperation(),
                                                 std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
