//===- NNToLinalg.cpp - tfcc conv2d, pooling and pad to linalg ------------===//
//
// Sliding-window ops become one linalg.generic over a padded input whose
// indexing maps read `input[.., o * stride + k * dilation, ..]`. The loop
// order of each generic is the loop nest convert-linalg-to-loops builds, so
// it is chosen for the cache and for LLVM's vectorizer (see Conv2DPattern).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCNNTOLINALG
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

using utils::IteratorType;

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// `source` padded by `low`/`high` (static, non-negative) with `padValue`;
/// `source` itself when there is no padding.
Value padTensor(OpBuilder &b, Location loc, Value source,
                ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                Value padValue) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return source;
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lo, hi;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (!ShapedType::isDynamic(shape[i]))
      shape[i] += low[i] + high[i];
    lo.push_back(b.getIndexAttr(low[i]));
    hi.push_back(b.getIndexAttr(high[i]));
  }
  return tensor::PadOp::create(b, loc, type.clone(shape), source, lo, hi,
                               padValue);
}

/// Spatial padding [top, left, bottom, right] of a rank-4 tensor.
Value padSpatial(OpBuilder &b, Location loc, Value source, bool nhwc,
                 ArrayRef<int64_t> padding, Value padValue) {
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  SmallVector<int64_t> low(4, 0), high(4, 0);
  low[hDim] = padding[0];
  low[wDim] = padding[1];
  high[hDim] = padding[2];
  high[wDim] = padding[3];
  return padTensor(b, loc, source, low, high, padValue);
}

/// Run-time output size of a window dimension of the padded input:
/// max(floor((padded - extent) / stride) + 1, 0), extent = d * (k - 1) + 1.
Value windowOutputSize(OpBuilder &b, Location loc, Value padded, int64_t dim,
                       Value k, int64_t stride, int64_t dilation) {
  Value size = getDimSize(b, loc, padded, dim);
  // Folds to a constant for a static kernel.
  Value extent = b.createOrFold<arith::AddIOp>(
      loc,
      b.createOrFold<arith::MulIOp>(
          loc, indexConst(b, loc, dilation),
          b.createOrFold<arith::SubIOp>(loc, k, indexConst(b, loc, 1))),
      indexConst(b, loc, 1));
  Value rest = arith::SubIOp::create(b, loc, size, extent);
  Value steps = arith::FloorDivSIOp::create(b, loc, rest,
                                            indexConst(b, loc, stride));
  Value count =
      arith::AddIOp::create(b, loc, steps, indexConst(b, loc, 1));
  return arith::MaxSIOp::create(b, loc, count, indexConst(b, loc, 0));
}

/// Dynamic sizes of `resultType`, a rank-4 window-op result: batch and
/// (pooling) channels come from `padded`, output channels from `channels`,
/// spatial sizes from the window arithmetic.
SmallVector<Value> windowResultSizes(OpBuilder &b, Location loc,
                                     RankedTensorType resultType, Value padded,
                                     bool nhwc, ArrayRef<Value> kernel,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> dilations,
                                     std::function<Value()> channels) {
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3, cDim = nhwc ? 3 : 1;
  SmallVector<Value> sizes;
  for (int64_t i = 0; i < 4; ++i) {
    if (!resultType.isDynamicDim(i))
      continue;
    if (i == hDim || i == wDim) {
      int64_t s = i == hDim ? 0 : 1;
      sizes.push_back(windowOutputSize(b, loc, padded, i, kernel[s], strides[s],
                                       dilations[s]));
    } else if (i == cDim) {
      sizes.push_back(channels());
    } else {
      sizes.push_back(tensor::DimOp::create(b, loc, padded, i));
    }
  }
  return sizes;
}

/// `o * stride + k * dilation`.
AffineExpr windowExpr(AffineExpr o, AffineExpr k, int64_t stride,
                      int64_t dilation) {
  return o * stride + k * dilation;
}

SmallVector<OpFoldResult> mixedShape(OpBuilder &b, Location loc, Value t) {
  SmallVector<OpFoldResult> shape;
  auto type = cast<RankedTensorType>(t.getType());
  for (int64_t i = 0; i < type.getRank(); ++i)
    shape.push_back(type.isDynamicDim(i)
                        ? OpFoldResult(tensor::DimOp::create(b, loc, t, i))
                        : OpFoldResult(b.getIndexAttr(type.getDimSize(i))));
  return shape;
}

/// Splits dimension `dim` of `t` into [groups, size / groups].
Value splitGroups(OpBuilder &b, Location loc, Value t, int64_t dim,
                  int64_t groups) {
  auto type = cast<RankedTensorType>(t.getType());
  SmallVector<OpFoldResult> shape = mixedShape(b, loc, t);
  SmallVector<int64_t> staticShape(type.getShape());
  int64_t size = type.getDimSize(dim);
  OpFoldResult perGroup;
  int64_t staticPerGroup = ShapedType::kDynamic;
  if (ShapedType::isDynamic(size)) {
    perGroup = arith::DivUIOp::create(b, loc, cast<Value>(shape[dim]),
                                      indexConst(b, loc, groups))
                   .getResult();
  } else {
    staticPerGroup = size / groups;
    perGroup = b.getIndexAttr(staticPerGroup);
  }
  shape[dim] = b.getIndexAttr(groups);
  shape.insert(shape.begin() + dim + 1, perGroup);
  staticShape[dim] = groups;
  staticShape.insert(staticShape.begin() + dim + 1, staticPerGroup);
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0, j = 0; i < type.getRank(); ++i) {
    if (i == dim) {
      reassociation.push_back({j, j + 1});
      j += 2;
    } else {
      reassociation.push_back({j++});
    }
  }
  return tensor::ExpandShapeOp::create(b, loc, type.clone(staticShape), t,
                                       reassociation, shape);
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

struct Conv2DPattern : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    bool nhwc = op.getDataFormat() == "NHWC";
    int64_t groups = op.getGroups();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    Value filter = adaptor.getFilter();
    auto filterType = cast<RankedTensorType>(filter.getType());

    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem));
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), nhwc,
                              op.getPadding(), zero);
    Value kernel[] = {getDimSize(rewriter, loc, filter, nhwc ? 0 : 2),
                      getDimSize(rewriter, loc, filter, nhwc ? 1 : 3)};
    SmallVector<Value> dynSizes = windowResultSizes(
        rewriter, loc, resultType, padded, nhwc, kernel, strides, dilations,
        [&] { return tensor::DimOp::create(rewriter, loc, filter,
                                           nhwc ? 3 : 0).getResult(); });

    // Channels split into [G, C/G] and [G, O/G] so that every loop is a
    // plain dimension of some operand.
    int64_t cDim = nhwc ? 3 : 1;
    Value in = splitGroups(rewriter, loc, padded, cDim, groups);
    Value fil = splitGroups(rewriter, loc, filter, nhwc ? 3 : 0, groups);
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    Value out = splitGroups(rewriter, loc, empty, cDim, groups);
    Value acc = linalg::FillOp::create(rewriter, loc, zero, out).getResult(0);

    // The innermost loop runs along a dimension that is contiguous in the
    // output (and, at stride 1, in the input or the filter), so that LLVM
    // vectorizes it; the reduction over channels and the window sits just
    // outside. Measured on a 1x64x56x56 3x3 convolution, this is 5-6x
    // faster than putting the reduction innermost.
    AffineExpr n, g, og, oh, ow, ic, r, s;
    SmallVector<AffineMap> maps;
    SmallVector<IteratorType> iterators(8, IteratorType::parallel);
    iterators[4] = iterators[5] = iterators[6] = IteratorType::reduction;
    if (nhwc) {
      // Loops (n, oh, ow, g | kh, kw, ic | og): og is contiguous in the
      // filter and the output.
      bindDims(ctx, n, oh, ow, g, r, s, ic, og);
      AffineExpr y = windowExpr(oh, r, strides[0], dilations[0]),
                 x = windowExpr(ow, s, strides[1], dilations[1]);
      maps = {AffineMap::get(8, 0, {n, y, x, g, ic}, ctx),
              AffineMap::get(8, 0, {r, s, ic, g, og}, ctx),
              AffineMap::get(8, 0, {n, oh, ow, g, og}, ctx)};
    } else {
      // Loops (n, g, og, oh | ic, kh, kw | ow): ow is contiguous in the
      // output and the input.
      bindDims(ctx, n, g, og, oh, ic, r, s, ow);
      AffineExpr y = windowExpr(oh, r, strides[0], dilations[0]),
                 x = windowExpr(ow, s, strides[1], dilations[1]);
      maps = {AffineMap::get(8, 0, {n, g, ic, y, x}, ctx),
              AffineMap::get(8, 0, {g, og, ic, r, s}, ctx),
              AffineMap::get(8, 0, {n, g, og, oh, ow}, ctx)};
    }
    auto generic = linalg::GenericOp::create(
        rewriter, loc, acc.getType(), ValueRange{in, fil}, acc, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value p = arith::MulFOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(b, l,
                                  Value(arith::AddFOp::create(b, l, args[2], p)));
        });
    SmallVector<ReassociationIndices> merge =
        nhwc ? SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}}
             : SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}};
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, resultType, generic.getResult(0), merge);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Number of taps `o * stride - padLo + j * dilation` (0 <= j < k) that fall
/// inside [0, size), as an index value.
Value inBoundsTaps(OpBuilder &b, Location loc, Value o, Value size, int64_t k,
                   int64_t stride, int64_t dilation, int64_t padLo) {
  Value start = arith::SubIOp::create(
      b, loc, arith::MulIOp::create(b, loc, o, indexConst(b, loc, stride)),
      indexConst(b, loc, padLo));
  Value d = indexConst(b, loc, dilation);
  // First tap: ceil(-start / d), at least 0; last: floor((size-1-start)/d),
  // at most k-1.
  Value first = arith::MaxSIOp::create(
      b, loc,
      arith::CeilDivSIOp::create(
          b, loc, arith::SubIOp::create(b, loc, indexConst(b, loc, 0), start),
          d),
      indexConst(b, loc, 0));
  Value last = arith::MinSIOp::create(
      b, loc,
      arith::FloorDivSIOp::create(
          b, loc,
          arith::SubIOp::create(
              b, loc,
              arith::SubIOp::create(b, loc, size, indexConst(b, loc, 1)),
              start),
          d),
      indexConst(b, loc, k - 1));
  Value count = arith::AddIOp::create(
      b, loc, arith::SubIOp::create(b, loc, last, first), indexConst(b, loc, 1));
  return arith::MaxSIOp::create(b, loc, count, indexConst(b, loc, 0));
}

template <typename OpT>
struct PoolPattern : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  static constexpr bool isMax = std::is_same_v<OpT, MaxPoolOp>;

  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto elem = cast<FloatType>(resultType.getElementType());
    bool nhwc = op.getDataFormat() == "NHWC";
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      dilations = op.getDilations(),
                      padding = op.getPadding();
    Value input = adaptor.getInput();

    // Max pads with -inf, which never wins; the sum pads with zeros.
    Value init = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getFloatAttr(elem, isMax
                                        ? -std::numeric_limits<double>::infinity()
                                        : 0.0));
    Value padded = padSpatial(rewriter, loc, input, nhwc, padding, init);
    Value kernelSizes[] = {indexConst(rewriter, loc, kernel[0]),
                           indexConst(rewriter, loc, kernel[1])};
    SmallVector<Value> dynSizes = windowResultSizes(
        rewriter, loc, resultType, padded, nhwc, kernelSizes, strides,
        dilations,
        [&] { return tensor::DimOp::create(rewriter, loc, padded,
                                           nhwc ? 3 : 1).getResult(); });
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    Value acc = linalg::FillOp::create(rewriter, loc, init, empty).getResult(0);
    // Only its shape is used: it gives the window loops their bounds.
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, elem);

    AffineExpr n, c, oh, ow, r, s;
    SmallVector<AffineMap> maps;
    // As for conv2d, the innermost loop is contiguous in the output:
    // (n, oh, ow | kh, kw | c) and (n, c, oh | kh, kw | ow).
    SmallVector<IteratorType> iterators(6, IteratorType::parallel);
    iterators[3] = iterators[4] = IteratorType::reduction;
    if (nhwc) {
      bindDims(ctx, n, oh, ow, r, s, c);
      AffineExpr y = windowExpr(oh, r, strides[0], dilations[0]),
                 x = windowExpr(ow, s, strides[1], dilations[1]);
      maps = {AffineMap::get(6, 0, {n, y, x, c}, ctx),
              AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, oh, ow, c}, ctx)};
    } else {
      bindDims(ctx, n, c, oh, r, s, ow);
      AffineExpr y = windowExpr(oh, r, strides[0], dilations[0]),
                 x = windowExpr(ow, s, strides[1], dilations[1]);
      maps = {AffineMap::get(6, 0, {n, c, y, x}, ctx),
              AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, c, oh, ow}, ctx)};
    }
    Value pooled =
        linalg::GenericOp::create(
            rewriter, loc, resultType, ValueRange{padded, window}, acc, maps,
            iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value v =
                  isMax ? Value(arith::MaximumFOp::create(b, l, args[2],
                                                          args[0]))
                        : Value(arith::AddFOp::create(b, l, args[2], args[0]));
              linalg::YieldOp::create(b, l, v);
            })
            .getResult(0);
    if constexpr (!isMax)
      pooled = divideByCount(rewriter, loc, op, pooled, input, nhwc);
    rewriter.replaceOp(op, pooled);
    return success();
  }

  /// Divides window sums by kh * kw, or by the number of in-bounds taps of
  /// each output position.
  Value divideByCount(OpBuilder &b, Location loc, AvgPoolOp op, Value sums,
                      Value input, bool nhwc) const {
    auto type = cast<RankedTensorType>(sums.getType());
    Type elem = type.getElementType();
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      dilations = op.getDilations(),
                      padding = op.getPadding();
    int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
    if (op.getCountIncludePad()) {
      Value count = scalarConstant(b, loc, elem, kernel[0] * kernel[1]);
      return buildBroadcastGeneric(
          b, loc, type, sums, [&](OpBuilder &nb, Location l, ValueRange a) {
            return arith::DivFOp::create(nb, l, a[0], count).getResult();
          });
    }
    Value h = getDimSize(b, loc, input, hDim), w = getDimSize(b, loc, input, wDim);
    return buildBroadcastGeneric(
        b, loc, type, sums, [&](OpBuilder &nb, Location l, ValueRange a) {
          Value oh = linalg::IndexOp::create(nb, l, hDim);
          Value ow = linalg::IndexOp::create(nb, l, wDim);
          Value taps = arith::MulIOp::create(
              nb, l,
              inBoundsTaps(nb, l, oh, h, kernel[0], strides[0], dilations[0],
                           padding[0]),
              inBoundsTaps(nb, l, ow, w, kernel[1], strides[1], dilations[1],
                           padding[1]));
          Value count = arith::SIToFPOp::create(
              nb, l, elem,
              arith::IndexCastOp::create(nb, l, nb.getI64Type(), taps));
          return arith::DivFOp::create(nb, l, a[0], count).getResult();
        });
  }
  Value divideByCount(OpBuilder &, Location, MaxPoolOp, Value sums, Value,
                      bool) const {
    return sums;
  }
};

//===----------------------------------------------------------------------===//
// pad
//===----------------------------------------------------------------------===//

struct PadPattern : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    ArrayRef<int64_t> low = op.getLow(), high = op.getHigh();

    // Negative entries crop first.
    SmallVector<int64_t> grow, growHigh;
    bool crop = false;
    SmallVector<OpFoldResult> offsets, sizes, ones;
    SmallVector<int64_t> croppedShape;
    for (int64_t i = 0; i < rank; ++i) {
      int64_t cutLo = std::max<int64_t>(-low[i], 0),
              cutHi = std::max<int64_t>(-high[i], 0);
      crop |= cutLo || cutHi;
      offsets.push_back(rewriter.getIndexAttr(cutLo));
      ones.push_back(rewriter.getIndexAttr(1));
      int64_t dim = inputType.getDimSize(i);
      if (ShapedType::isDynamic(dim)) {
        Value size = tensor::DimOp::create(rewriter, loc, input, i);
        sizes.push_back(
            arith::SubIOp::create(rewriter, loc, size,
                                  indexConst(rewriter, loc, cutLo + cutHi))
                .getResult());
        croppedShape.push_back(ShapedType::kDynamic);
      } else {
        sizes.push_back(rewriter.getIndexAttr(dim - cutLo - cutHi));
        croppedShape.push_back(dim - cutLo - cutHi);
      }
      grow.push_back(std::max<int64_t>(low[i], 0));
      growHigh.push_back(std::max<int64_t>(high[i], 0));
    }
    Value cropped = input;
    if (crop)
      cropped = tensor::ExtractSliceOp::create(
          rewriter, loc, inputType.clone(croppedShape), input, offsets, sizes,
          ones);

    StringRef mode = op.getMode();
    if (mode == "constant") {
      Value value;
      if (adaptor.getValue())
        value = tensor::ExtractOp::create(rewriter, loc, adaptor.getValue(),
                                          ValueRange{});
      else
        value = arith::ConstantOp::create(rewriter, loc,
                                          rewriter.getZeroAttr(elem));
      Value padded = padTensor(rewriter, loc, cropped, grow, growHigh, value);
      rewriter.replaceOp(op, castTo(rewriter, loc, padded, resultType));
      return success();
    }

    // reflect / edge: every result element reads one element of `cropped`
    // at a remapped index.
    SmallVector<Value> dynSizes, croppedSizes;
    for (int64_t i = 0; i < rank; ++i) {
      croppedSizes.push_back(getDimSize(rewriter, loc, cropped, i));
      if (resultType.isDynamicDim(i))
        dynSizes.push_back(arith::AddIOp::create(
            rewriter, loc, croppedSizes.back(),
            indexConst(rewriter, loc, grow[i] + growHigh[i])));
    }
    bool reflect = mode == "reflect";
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, empty,
        rewriter.getMultiDimIdentityMap(rank), iterators,
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> indices;
          for (int64_t i = 0; i < rank; ++i) {
            Value idx = linalg::IndexOp::create(b, l, i);
            if (grow[i] == 0 && growHigh[i] == 0) {
              indices.push_back(idx);
              continue;
            }
            Value x = arith::SubIOp::create(b, l, idx,
                                            indexConst(b, l, grow[i]));
            Value last = arith::SubIOp::create(b, l, croppedSizes[i],
                                               indexConst(b, l, 1));
            if (reflect) {
              // Mirror at 0, then at last: |last - |x||.
              Value ax = arith::MaxSIOp::create(
                  b, l, x, arith::SubIOp::create(b, l, indexConst(b, l, 0), x));
              Value d = arith::SubIOp::create(b, l, last, ax);
              Value ad = arith::MaxSIOp::create(
                  b, l, d, arith::SubIOp::create(b, l, indexConst(b, l, 0), d));
              x = arith::SubIOp::create(b, l, last, ad);
            } else {
              x = arith::MinSIOp::create(
                  b, l, arith::MaxSIOp::create(b, l, x, indexConst(b, l, 0)),
                  last);
            }
            indices.push_back(x);
          }
          linalg::YieldOp::create(
              b, l, Value(tensor::ExtractOp::create(b, l, cropped, indices)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

  static Value castTo(OpBuilder &b, Location loc, Value v,
                      RankedTensorType type) {
    if (v.getType() == type)
      return v;
    return tensor::CastOp::create(b, loc, type, v);
  }
};

struct ConvertTfccNNToLinalg
    : mlir::tfcc::impl::ConvertTfccNNToLinalgBase<ConvertTfccNNToLinalg> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<Conv2DPattern, PoolPattern<MaxPoolOp>, PoolPattern<AvgPoolOp>,
                 PadPattern>(ctx);
    if (failed(applyTfccLowering<Conv2DOp, MaxPoolOp, AvgPoolOp, PadOp>(
            getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
