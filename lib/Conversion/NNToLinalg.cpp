//===- NNToLinalg.cpp - tfcc conv2d, pooling and pad to linalg ------------===//
//
// Sliding-window ops become one linalg.generic over a padded input whose
// indexing maps read `input[.., o * stride + k * dilation, ..]`. The loop
// order of each generic is the loop nest convert-linalg-to-loops builds, so
// it is chosen for the cache and for LLVM's vectorizer (see Conv2DPattern).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "tfcc/Codegen/Passes.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
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
/// floor((padded - extent) / stride) + 1, extent = d * (k - 1) + 1; a
/// negative size (an input smaller than the window) fails a check on `op`.
Value windowOutputSize(OpBuilder &b, Location loc, Operation *op, Value padded,
                       int64_t dim, Value k, int64_t stride,
                       int64_t dilation) {
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
  Value fits = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, count,
                                     indexConst(b, loc, 0));
  emitCheck(b, loc, op, fits,
            "dim " + Twine(dim) +
                " of the padded input is {0}, too small for a window of {1}",
            {size, extent});
  return arith::MaxSIOp::create(b, loc, count, indexConst(b, loc, 0));
}

/// Dynamic sizes of `resultType`, a rank-4 window-op result: batch and
/// (pooling) channels come from `padded`, output channels from `channels`,
/// spatial sizes from the window arithmetic.
SmallVector<Value> windowResultSizes(OpBuilder &b, Location loc,
                                     Operation *op,
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
      sizes.push_back(windowOutputSize(b, loc, op, padded, i, kernel[s],
                                       strides[s], dilations[s]));
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

/// Reassociation between a rank-`rank` shape and the one with dimension
/// `dim` split in two (as splitGroups does).
SmallVector<ReassociationIndices> groupReassociation(int64_t rank,
                                                     int64_t dim) {
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0, j = 0; i < rank; ++i) {
    if (i == dim) {
      reassociation.push_back({j, j + 1});
      j += 2;
    } else {
      reassociation.push_back({j++});
    }
  }
  return reassociation;
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
  return tensor::ExpandShapeOp::create(b, loc, type.clone(staticShape), t,
                                       groupReassociation(type.getRank(), dim),
                                       shape);
}

/// Undoes splitGroups: `t` with dimensions `dim` and `dim + 1` merged, of
/// type `type`.
Value mergeGroups(OpBuilder &b, Location loc, RankedTensorType type, Value t,
                  int64_t dim) {
  return tensor::CollapseShapeOp::create(
      b, loc, type, t, groupReassociation(type.getRank(), dim));
}

/// The body of a multiply-accumulate generic: out += in0 * in1.
void multiplyAccumulate(OpBuilder &b, Location l, ValueRange args) {
  Value prod = arith::MulFOp::create(b, l, args[0], args[1]);
  linalg::YieldOp::create(b, l,
                          Value(arith::AddFOp::create(b, l, args[2], prod)));
}

/// `t` with its dimensions permuted: result dimension i is `t`'s perm[i].
Value transposeTensor(OpBuilder &b, Location loc, Value t,
                      ArrayRef<int64_t> perm) {
  SmallVector<OpFoldResult> shape = mixedShape(b, loc, t), sizes;
  for (int64_t p : perm)
    sizes.push_back(shape[p]);
  Value init = tensor::EmptyOp::create(
      b, loc, sizes, cast<RankedTensorType>(t.getType()).getElementType());
  return linalg::TransposeOp::create(b, loc, t, init, perm)->getResult(0);
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

/// `init` filled with `source` read through `read`: element i of the result
/// is source[read(i)] (an im2col, a flipped filter).
Value gatherCopy(OpBuilder &b, Location loc, Value source, AffineMap read,
                 Value init) {
  unsigned rank = cast<ShapedType>(init.getType()).getRank();
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{source}, init,
             {read, b.getMultiDimIdentityMap(rank)},
             SmallVector<IteratorType>(rank, IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

/// The im2col columns of `padded` for a kh x kw window and an oh x ow
/// output: col[n, c, kh, kw, oh, ow] (NCHW) or col[n, oh, ow, kh, kw, c]
/// (NHWC) = input[n, c, oh * s + kh * d, ow * s + kw * d]. With
/// `batchInner` (NCHW) the batch follows the window instead,
/// col[c, kh, kw, n, oh, ow], so that (n, oh, ow) collapses into one
/// dimension. `batchSizes` holds `batch` when it is dynamic.
Value im2col(OpBuilder &b, Location loc, Value padded, bool nhwc,
             bool batchInner, int64_t batch, int64_t kh, int64_t kw,
             int64_t oh, int64_t ow, ArrayRef<int64_t> strides,
             ArrayRef<int64_t> dilations, ValueRange batchSizes) {
  auto inType = cast<RankedTensorType>(padded.getType());
  MLIRContext *ctx = b.getContext();
  int64_t c = inType.getDimSize(nhwc ? 3 : 1);
  AffineExpr n, ci, r, q, y, x;
  SmallVector<int64_t> shape;
  if (nhwc) {
    bindDims(ctx, n, y, x, r, q, ci);
    shape = {batch, oh, ow, kh, kw, c};
  } else if (batchInner) {
    bindDims(ctx, ci, r, q, n, y, x);
    shape = {c, kh, kw, batch, oh, ow};
  } else {
    bindDims(ctx, n, ci, r, q, y, x);
    shape = {batch, c, kh, kw, oh, ow};
  }
  // NHWC without dilation along W: a window row's kw x c elements are
  // contiguous in the input as in the columns, one copy of kw * c floats
  // (21 for a 3-channel 7x7 stem, not 7 copies of 3).
  if (nhwc && dilations[1] == 1 && inType.hasStaticShape()) {
    AffineExpr j;
    bindDims(ctx, n, y, x, r, j);
    Value rows = tensor::CollapseShapeOp::create(
        b, loc, padded, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
    AffineExpr windowRow = windowExpr(y, r, strides[0], dilations[0]);
    AffineMap read =
        AffineMap::get(5, 0, {n, windowRow, x * (strides[1] * c) + j}, ctx);
    Value empty = tensor::EmptyOp::create(b, loc, {batch, oh, ow, kh, kw * c},
                                          inType.getElementType(), batchSizes);
    Value flat = gatherCopy(b, loc, rows, read, empty);
    return tensor::ExpandShapeOp::create(
        b, loc,
        RankedTensorType::get({batch, oh, ow, kh, kw, c},
                              inType.getElementType()),
        flat, SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3}, {4, 5}});
  }
  AffineExpr row = windowExpr(y, r, strides[0], dilations[0]),
             col = windowExpr(x, q, strides[1], dilations[1]);
  SmallVector<AffineExpr> index = nhwc
                                     ? SmallVector<AffineExpr>{n, row, col, ci}
                                     : SmallVector<AffineExpr>{n, ci, row, col};
  AffineMap read = AffineMap::get(6, 0, index, ctx);
  Value empty = tensor::EmptyOp::create(b, loc, shape,
                                        inType.getElementType(), batchSizes);
  return gatherCopy(b, loc, padded, read, empty);
}

/// Result channels (the GEMM's M) from which a convolution and its input
/// and filter gradients go through im2col and a packed GEMM. With fewer,
/// each im2col element would be used by few multiply-adds for the cost of
/// writing and packing it, and the direct loops are a register tile of
/// their own (tfcc-vectorize-elementwise: one output row of up to 8
/// channels, accumulated over the window). Measured on one Zen 4 core:
/// LeNet-5's 6x1x5x5 and 16x6x5x5 layers at batch 32 take 0.32 ms direct,
/// 0.47 ms as im2col, packs and GEMMs; in its training step (batch 100) the
/// 16-channel filter gradient 0.5 ms direct, 2.8 ms as im2col, packs and
/// a GEMM whose K is the batch and output positions.
constexpr int64_t kMinGemmChannels = 32;

/// An ungrouped convolution with static channels, window and output size as
/// im2col + a matmul-shaped contraction, which the codegen phase packs and
/// tiles for registers like any matmul (the filter, a constant, is packed at
/// compile time). NCHW: out[n, o, p] = filter[o, k] * col[n, k, p] with
/// k = (c, kh, kw) and p = (oh, ow), so that the result is NCHW as it is;
/// NHWC: out[n, p, o] = col[n, p, k] * filter[k, o] with k = (kh, kw, c).
/// A 1x1 window at stride 1 needs no im2col: the input is the matrix.
/// Returns null when the shapes are not static enough.
Value convAsMatmul(OpBuilder &b, Location loc, Value padded, Value filter,
                   RankedTensorType resultType, bool nhwc,
                   ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations) {
  auto inType = cast<RankedTensorType>(padded.getType());
  auto filType = cast<RankedTensorType>(filter.getType());
  Type elem = resultType.getElementType();
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3, cDim = nhwc ? 3 : 1;
  int64_t c = inType.getDimSize(cDim);
  int64_t kh = filType.getDimSize(nhwc ? 0 : 2),
          kw = filType.getDimSize(nhwc ? 1 : 3),
          o = filType.getDimSize(nhwc ? 3 : 0);
  int64_t oh = resultType.getDimSize(hDim), ow = resultType.getDimSize(wDim);
  if (!filType.hasStaticShape() || ShapedType::isDynamic(c) ||
      ShapedType::isDynamic(oh) || ShapedType::isDynamic(ow) ||
      ShapedType::isDynamic(inType.getDimSize(hDim)) ||
      ShapedType::isDynamic(inType.getDimSize(wDim)))
    return nullptr;
  if (o < kMinGemmChannels)
    return nullptr;
  MLIRContext *ctx = b.getContext();
  int64_t batch = resultType.getDimSize(0);
  int64_t p = oh * ow;
  SmallVector<Value> batchSizes;
  if (ShapedType::isDynamic(batch))
    batchSizes.push_back(tensor::DimOp::create(b, loc, padded, 0));

  Value col;
  bool pointwise = kh == 1 && kw == 1 && strides[0] == 1 && strides[1] == 1 &&
                   inType.getDimSize(hDim) == oh &&
                   inType.getDimSize(wDim) == ow;
  if (pointwise) {
    col = padded;
  } else {
    col = im2col(b, loc, padded, nhwc, /*batchInner=*/false, batch, kh, kw,
                 oh, ow, strides, dilations, batchSizes);
  }
  auto collapse = [&](Value t, ArrayRef<ReassociationIndices> groups) {
    return tensor::CollapseShapeOp::create(b, loc, t, groups).getResult();
  };
  Value colMatrix, filMatrix;
  // acc[outShape] = 0; acc += inputs[0] * inputs[1] through `maps`, whose
  // last loop is the reduction; the result expanded to `resultType`.
  auto contract = [&](ArrayRef<int64_t> outShape, ValueRange inputs,
                      ArrayRef<AffineMap> maps,
                      ArrayRef<ReassociationIndices> expand) -> Value {
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elem));
    Value empty = tensor::EmptyOp::create(b, loc, outShape, elem, batchSizes);
    Value acc = linalg::FillOp::create(b, loc, zero, empty).getResult(0);
    SmallVector<IteratorType> iterators(maps.front().getNumDims() - 1,
                                        IteratorType::parallel);
    iterators.push_back(IteratorType::reduction);
    Value gemm = linalg::GenericOp::create(b, loc, acc.getType(), inputs, acc,
                                           maps, iterators, multiplyAccumulate)
                     .getResult(0);
    // Only the batch can be dynamic here.
    return tensor::ExpandShapeOp::create(
        b, loc, resultType, gemm, expand,
        getMixedValues(resultType.getShape(), batchSizes, b));
  };
  // NHWC with a static batch: the batch and the output positions are one
  // M, so that the GEMM is a plain [M, K] x [K, O] whose run-time A
  // (im2col's rows, or the input itself for a pointwise window) the codegen
  // phase reads in place, and whose result is NHWC as it is.
  if (nhwc && !ShapedType::isDynamic(batch)) {
    colMatrix = pointwise ? collapse(col, {{0, 1, 2}, {3}})
                          : collapse(col, {{0, 1, 2}, {3, 4, 5}});
    filMatrix = collapse(filter, {{0, 1, 2}, {3}});
    AffineExpr i, j, kk;
    bindDims(ctx, i, j, kk);
    return contract({batch * p, o}, {colMatrix, filMatrix},
                    {AffineMap::get(3, 0, {i, kk}, ctx),
                     AffineMap::get(3, 0, {kk, j}, ctx),
                     AffineMap::get(3, 0, {i, j}, ctx)},
                    {{0, 1, 2}, {3}});
  }
  if (nhwc) {
    colMatrix = pointwise ? collapse(col, {{0}, {1, 2}, {3}})
                          : collapse(col, {{0}, {1, 2}, {3, 4, 5}});
    filMatrix = collapse(filter, {{0, 1, 2}, {3}});
  } else {
    colMatrix = pointwise ? collapse(col, {{0}, {1}, {2, 3}})
                          : collapse(col, {{0}, {1, 2, 3}, {4, 5}});
    filMatrix = collapse(filter, {{0}, {1, 2, 3}});
  }

  // Loops (n, p, o, k) for NHWC and (n, o, p, k) for NCHW: the last
  // parallel loop is contiguous in the result.
  AffineExpr n, i, j, kk;
  bindDims(ctx, n, i, j, kk);
  if (nhwc)
    return contract({batch, p, o}, {colMatrix, filMatrix},
                    {AffineMap::get(4, 0, {n, i, kk}, ctx),
                     AffineMap::get(4, 0, {kk, j}, ctx),
                     AffineMap::get(4, 0, {n, i, j}, ctx)},
                    {{0}, {1, 2}, {3}});
  return contract({batch, o, p}, {filMatrix, colMatrix},
                  {AffineMap::get(4, 0, {i, kk}, ctx),
                   AffineMap::get(4, 0, {n, kk, j}, ctx),
                   AffineMap::get(4, 0, {n, i, j}, ctx)},
                  {{0}, {1}, {2, 3}});
}

/// Winograd's minimal filtering F(m x m, 3 x 3) (Lavin and Gray, "Fast
/// Algorithms for Convolutional Neural Networks"): an m x m tile of the
/// output is AT [(G g G^T) . (BT d BT^T)] AT^T for the (m + 2) x (m + 2)
/// input tile d under it, so that a 3x3 convolution does (m + 2)^2 / m^2
/// multiply-adds an output per channel pair instead of 9. Row-major BT
/// (alpha x alpha), G (alpha x 3) and AT (m x alpha), alpha = m + 2.
struct WinogradMatrices {
  int64_t m;
  ArrayRef<double> bt, g, at;
};

// Interpolation points 0, 1, -1 and infinity (m = 2); 0, 1, -1, 2, -2 and
// infinity (m = 4). One matrix row a line.
// clang-format off
constexpr double kBt2[] = {1,  0, -1,  0,
                           0,  1,  1,  0,
                           0, -1,  1,  0,
                           0,  1,  0, -1};
constexpr double kG2[] = {1,   0,  0,
                          .5,  .5, .5,
                          .5, -.5, .5,
                          0,   0,  1};
constexpr double kAt2[] = {1, 1,  1,  0,
                           0, 1, -1, -1};
constexpr double kBt4[] = {4,  0, -5,  0, 1, 0,
                           0, -4, -4,  1, 1, 0,
                           0,  4, -4, -1, 1, 0,
                           0, -2, -1,  2, 1, 0,
                           0,  2, -1, -2, 1, 0,
                           0,  4,  0, -5, 0, 1};
constexpr double kG4[] = { 1. / 4,   0,         0,
                          -1. / 6,  -1. / 6,   -1. / 6,
                          -1. / 6,   1. / 6,   -1. / 6,
                           1. / 24,  1. / 12,   1. / 6,
                           1. / 24, -1. / 12,   1. / 6,
                           0,        0,         1};
constexpr double kAt4[] = {1, 1,  1, 1,  1, 0,
                           0, 1, -1, 2, -2, 0,
                           0, 1,  1, 4,  4, 0,
                           0, 1, -1, 8, -8, 1};
// clang-format on

/// One step of a Winograd transform: a small constant matrix `coefs`
/// (rows x cols, row-major) applied along one dimension of every tile.
/// `maps` read `data`, the matrix and the result over loops whose
/// next-to-last one runs over the matrix's columns, just inside the one
/// over its rows, whose iterations then share the data's loads (hoisted
/// out of it: ResNet-18's transforms twice as fast as with the rows
/// outermost, which read the data once a row); that loop is unrolled
/// into `cols` operands of each, so that the step is one elementwise
/// generic of fused multiply-adds, vectorized along the channels (the
/// innermost loop), that needs no zero-filled accumulator. Dense: BT's and
/// AT's zeros cost multiplies, fewer than the operations a generic per
/// entry would take.
Value applyAlongTiles(OpBuilder &b, Location loc, Value data,
                      ArrayRef<double> coefs, int64_t rows, int64_t cols,
                      ArrayRef<AffineMap> maps, ArrayRef<int64_t> shape) {
  MLIRContext *ctx = b.getContext();
  Type elem = cast<ShapedType>(data.getType()).getElementType();
  auto coefType = RankedTensorType::get({rows, cols}, elem);
  SmallVector<float> values(coefs.begin(), coefs.end());
  Value matrix = arith::ConstantOp::create(
      b, loc, coefType,
      DenseElementsAttr::get(coefType, ArrayRef<float>(values)));
  unsigned loops = maps.front().getNumDims(), along = loops - 2;
  auto unroll = [&](AffineMap map, int64_t col) {
    SmallVector<AffineExpr> dims;
    for (unsigned d = 0; d < loops; ++d)
      dims.push_back(d < along    ? getAffineDimExpr(d, ctx)
                     : d == along ? getAffineConstantExpr(col, ctx)
                                  : getAffineDimExpr(d - 1, ctx));
    return map.replaceDimsAndSymbols(dims, {}, loops - 1, 0);
  };
  SmallVector<Value> inputs;
  SmallVector<AffineMap> unrolled;
  for (int64_t col = 0; col < cols; ++col) {
    inputs.append({data, matrix});
    unrolled.append({unroll(maps[0], col), unroll(maps[1], col)});
  }
  unrolled.push_back(unroll(maps[2], 0));
  Value init = tensor::EmptyOp::create(b, loc, shape, elem);
  return linalg::GenericOp::create(
             b, loc, init.getType(), inputs, init, unrolled,
             SmallVector<IteratorType>(loops - 1, IteratorType::parallel),
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value acc = arith::MulFOp::create(nb, nl, args[0], args[1]);
               for (int64_t col = 1; col < cols; ++col)
                 acc = math::FmaOp::create(nb, nl, args[2 * col],
                                           args[2 * col + 1], acc);
               linalg::YieldOp::create(nb, nl, acc);
             })
      .getResult(0);
}

/// Has the thread pool split the loop of `dim` of the op defining `value`
/// (kSplitDimAttrName).
void splitAlong(Value value, int64_t dim) {
  Operation *op = value.getDefiningOp();
  op->setAttr(tfcc::kSplitDimAttrName,
              IntegerAttr::get(IndexType::get(op->getContext()), dim));
}

/// Tiles of F(2 x 2, 3 x 3) below which a convolution stays an im2col
/// GEMM: each transformed weight is used once a tile, and U holds
/// alpha^2 / 9 times the filter's weights, so with few tiles the GEMMs
/// stream weights from memory instead of multiplying. F(4 x 4, 3 x 3),
/// whose U is 36 / 16 times larger, needs 36 / 16 times as many. Measured on
/// ResNet-18 (one Zen 5 core), ms a convolution's GEMMs against 1.06-1.24
/// as im2col: layer 1 (56x56, 64 channels) 0.30 at m = 4 (196 tiles);
/// layer 3 (14x14, 256) 0.45 at m = 4 (16 tiles) and 0.51 at m = 2 (49
/// tiles, with 4 times less U to read); layer 4 (7x7, 512) 1.25 at m = 4
/// (4 tiles), 0.76 at m = 2 (16 tiles).
constexpr int64_t kMinWinogradTiles = 16;

/// A 3x3 convolution at stride 1 (NHWC, ungrouped, f32, static shapes)
/// with a constant filter by Winograd's F(m x m, 3 x 3): the filter
/// transform U = G g G^T evaluated here, at compile time; the input
/// transform V = BT d BT^T of every tile and the output transform
/// AT M AT^T as two elementwise generics each (applyAlongTiles: along the
/// tiles' rows, then their columns); and the products M = V U as alpha^2
/// independent GEMMs [tiles, C] x [C, O], one batched contraction that the
/// codegen phase packs like any other. The output is computed in whole
/// tiles and cut back. Null when the convolution does not qualify: too few
/// tiles (kMinWinogradTiles) or fewer than kMinGemmChannels outputs.
Value convWinograd(OpBuilder &b, Location loc, Value padded, Value filter,
                   RankedTensorType resultType, int64_t maxTile) {
  auto inType = cast<RankedTensorType>(padded.getType());
  auto filType = cast<RankedTensorType>(filter.getType());
  DenseElementsAttr filterAttr;
  if (!inType.hasStaticShape() || !resultType.hasStaticShape() ||
      !filType.hasStaticShape() || !resultType.getElementType().isF32() ||
      filType.getDimSize(0) != 3 || filType.getDimSize(1) != 3 ||
      !matchPattern(filter, m_Constant(&filterAttr)))
    return nullptr;
  MLIRContext *ctx = b.getContext();
  Type elem = resultType.getElementType();
  int64_t batch = inType.getDimSize(0), c = inType.getDimSize(3),
          o = filType.getDimSize(3);
  int64_t oh = resultType.getDimSize(1), ow = resultType.getDimSize(2);
  // The largest tile that leaves enough tiles (kMinWinogradTiles).
  auto enoughTiles = [&](int64_t m) {
    int64_t tiles = batch * llvm::divideCeilSigned(oh, m) *
                    llvm::divideCeilSigned(ow, m);
    return m <= maxTile &&
           tiles * 16 >= kMinWinogradTiles * (m + 2) * (m + 2);
  };
  int64_t m = enoughTiles(4) ? 4 : enoughTiles(2) ? 2 : 0;
  if (!m || o < kMinGemmChannels)
    return nullptr;
  WinogradMatrices w = m == 4 ? WinogradMatrices{4, kBt4, kG4, kAt4}
                              : WinogradMatrices{2, kBt2, kG2, kAt2};
  int64_t alpha = m + 2;
  int64_t th = llvm::divideCeilSigned(oh, m),
          tw = llvm::divideCeilSigned(ow, m);

  // U[xi, nu, c, o] = sum over r, s of G[xi, r] G[nu, s] g[r, s, c, o],
  // along r into byRows[xi, s, c, o], then along s (ResNet-18 has 20 million
  // weights to transform).
  int64_t co = c * o;
  SmallVector<float> weights(filterAttr.getValues<float>());
  SmallVector<double> byRows(alpha * 3 * co, 0.0);
  for (int64_t xi = 0; xi < alpha; ++xi)
    for (int64_t r = 0; r < 3; ++r)
      if (double coef = w.g[xi * 3 + r])
        for (int64_t s = 0; s < 3; ++s)
          for (int64_t k = 0; k < co; ++k)
            byRows[(xi * 3 + s) * co + k] +=
                coef * weights[(r * 3 + s) * co + k];
  SmallVector<float> u(alpha * alpha * co);
  SmallVector<double> sum(co);
  for (int64_t xi = 0; xi < alpha; ++xi)
    for (int64_t nu = 0; nu < alpha; ++nu) {
      std::fill(sum.begin(), sum.end(), 0.0);
      for (int64_t s = 0; s < 3; ++s)
        if (double coef = w.g[nu * 3 + s])
          for (int64_t k = 0; k < co; ++k)
            sum[k] += coef * byRows[(xi * 3 + s) * co + k];
      std::copy(sum.begin(), sum.end(), u.begin() + (xi * alpha + nu) * co);
    }
  auto uType = RankedTensorType::get({alpha * alpha, c, o}, elem);
  Value uConst = arith::ConstantOp::create(
      b, loc, uType, DenseElementsAttr::get(uType, ArrayRef<float>(u)));

  // Whole tiles of input: zeros past the padded input.
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elem));
  Value input = padTensor(b, loc, padded, {0, 0, 0, 0},
                          {0, th * m + 2 - inType.getDimSize(1),
                           tw * m + 2 - inType.getDimSize(2), 0},
                          zero);

  // The thread pool splits the GEMMs by position (b below) unless U is
  // small against V and M: then every stage is split by tiles (images, or
  // rows of tiles of one image), each thread's loops otherwise as on one,
  // and each thread reads all of U, once a position. Split by position,
  // the transforms around the GEMMs read, on every thread, tiles that the
  // other threads wrote, through another core's cache at less than half
  // the speed of its own (ResNet-18's transforms took as long on two threads
  // as on one). The bytes compared: U, against the half of V and M that
  // would move between two threads.
  int64_t tiles = batch * th * tw;
  bool byTiles = 2 * c * o <= tiles * (c + o);
  bool byImage = batch > 1;
  auto splitTiles = [&](Value value, int64_t imageDim) {
    if (byTiles)
      splitAlong(value, byImage ? imageDim : imageDim + 1);
  };

  // V[xi, nu, n, y, x, c] = (BT d BT^T)[xi, nu] for the tile
  // d[i, j] = input[n, m y + i, m x + j, c]: along the tile's rows into
  // rows[xi, n, y, w, c], then along its columns.
  int64_t wp = tw * m + 2;
  AffineExpr d0, d1, d2, d3, d4, d5, d6;
  bindDims(ctx, d0, d1, d2, d3, d4, d5, d6);
  // Loops (n, y, w, xi | i | c).
  Value rows =
      applyAlongTiles(b, loc, input, w.bt, alpha, alpha,
                      {AffineMap::get(6, 0, {d0, d1 * m + d4, d2, d5}, ctx),
                       AffineMap::get(6, 0, {d3, d4}, ctx),
                       AffineMap::get(6, 0, {d3, d0, d1, d2, d5}, ctx)},
                      {alpha, batch, th, wp, c});
  splitTiles(rows, 0);
  // Loops (xi, n, y, x, nu | j | c).
  Value v =
      applyAlongTiles(b, loc, rows, w.bt, alpha, alpha,
                      {AffineMap::get(7, 0, {d0, d1, d2, d3 * m + d5, d6}, ctx),
                       AffineMap::get(7, 0, {d4, d5}, ctx),
                       AffineMap::get(7, 0, {d0, d4, d1, d2, d3, d6}, ctx)},
                      {alpha, alpha, batch, th, tw, c});
  splitTiles(v, 1);

  // M[b, t, o] = sum over c of V[b, t, c] U[b, c, o], b = (xi, nu) and
  // t = (n, y, x).
  Value vMatrix = tensor::CollapseShapeOp::create(
      b, loc, v, SmallVector<ReassociationIndices>{{0, 1}, {2, 3, 4}, {5}});
  AffineExpr bb = d0, i = d1, j = d2, kk = d3;
  Value acc = linalg::FillOp::create(
                  b, loc, zero,
                  tensor::EmptyOp::create(
                      b, loc, {alpha * alpha, batch * th * tw, o}, elem)
                      .getResult())
                  .getResult(0);
  Value product = linalg::GenericOp::create(
                      b, loc, acc.getType(), ValueRange{vMatrix, uConst}, acc,
                      {AffineMap::get(4, 0, {bb, i, kk}, ctx),
                       AffineMap::get(4, 0, {bb, kk, j}, ctx),
                       AffineMap::get(4, 0, {bb, i, j}, ctx)},
                      {IteratorType::parallel, IteratorType::parallel,
                       IteratorType::parallel, IteratorType::reduction},
                      multiplyAccumulate)
                      .getResult(0);
  if (byTiles)
    splitAlong(product, 1);
  Value mTiles = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({alpha, alpha, batch, th, tw, o}, elem),
      product, SmallVector<ReassociationIndices>{{0, 1}, {2, 3, 4}, {5}});

  // out[n, m y + p, m x + q, o] = (AT M AT^T)[p, q] for the tile
  // M[xi, nu, n, y, x, o]: along its rows into half[p, nu, n, y, x, o],
  // then along its columns into [n, y, p, x, q, o].
  // Loops (nu, n, y, x, p | xi | o).
  Value half =
      applyAlongTiles(b, loc, mTiles, w.at, m, alpha,
                      {AffineMap::get(7, 0, {d5, d0, d1, d2, d3, d6}, ctx),
                       AffineMap::get(7, 0, {d4, d5}, ctx),
                       AffineMap::get(7, 0, {d4, d0, d1, d2, d3, d6}, ctx)},
                      {m, alpha, batch, th, tw, o});
  splitTiles(half, 1);
  // Loops (n, y, p, x, q | nu | o).
  Value out =
      applyAlongTiles(b, loc, half, w.at, m, alpha,
                      {AffineMap::get(7, 0, {d2, d5, d0, d1, d3, d6}, ctx),
                       AffineMap::get(7, 0, {d4, d5}, ctx),
                       AffineMap::get(7, 0, {d0, d1, d2, d3, d4, d6}, ctx)},
                      {batch, th, m, tw, m, o});
  splitTiles(out, 0);
  Value whole = tensor::CollapseShapeOp::create(
      b, loc, out, SmallVector<ReassociationIndices>{{0}, {1, 2}, {3, 4}, {5}});
  if (th * m == oh && tw * m == ow)
    return whole;
  return tensor::ExtractSliceOp::create(
      b, loc, resultType, whole,
      SmallVector<OpFoldResult>(4, b.getIndexAttr(0)),
      getAsIndexOpFoldResult(ctx, resultType.getShape()),
      SmallVector<OpFoldResult>(4, b.getIndexAttr(1)));
}

struct Conv2DPattern : OpConversionPattern<Conv2DOp> {
  Conv2DPattern(MLIRContext *ctx, int64_t winogradTile)
      : OpConversionPattern(ctx), winogradTile(winogradTile) {}
  int64_t winogradTile;
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

    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem));
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), nhwc,
                              op.getPadding(), zero);
    Value kernel[] = {getDimSize(rewriter, loc, filter, nhwc ? 0 : 2),
                      getDimSize(rewriter, loc, filter, nhwc ? 1 : 3)};
    SmallVector<Value> dynSizes = windowResultSizes(
        rewriter, loc, op, resultType, padded, nhwc, kernel, strides,
        dilations, [&] {
          return tensor::DimOp::create(rewriter, loc, filter, nhwc ? 3 : 0)
              .getResult();
        });
    // The loops over input channels take the filter's count per group.
    Value inChannels = getDimSize(rewriter, loc, padded, nhwc ? 3 : 1);
    Value wantChannels = arith::MulIOp::create(
        rewriter, loc, getDimSize(rewriter, loc, filter, nhwc ? 2 : 1),
        indexConst(rewriter, loc, groups));
    emitEqualCheck(rewriter, loc, op, inChannels, wantChannels,
                   "the input has {0} channels, but the filter takes {1}");

    if (groups == 1 && nhwc && winogradTile >= 2 && strides[0] == 1 &&
        strides[1] == 1 && dilations[0] == 1 && dilations[1] == 1)
      if (Value result = convWinograd(rewriter, loc, padded, filter, resultType,
                                      winogradTile)) {
        rewriter.replaceOp(op, result);
        return success();
      }
    if (groups == 1 && elem.isF32())
      if (Value gemm = convAsMatmul(rewriter, loc, padded, filter, resultType,
                                    nhwc, strides, dilations)) {
        rewriter.replaceOp(op, gemm);
        return success();
      }

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
    auto generic = linalg::GenericOp::create(rewriter, loc, acc.getType(),
                                             ValueRange{in, fil}, acc, maps,
                                             iterators, multiplyAccumulate);
    rewriter.replaceOp(
        op, mergeGroups(rewriter, loc, resultType, generic.getResult(0), cDim));
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

/// Divides window sums (a pooled tensor) by kh * kw when `includePad`, else
/// by the number of in-bounds taps of each output position over an input of
/// spatial size `h` x `w`.
Value divideByWindowCount(OpBuilder &b, Location loc, Value sums, Value h,
                          Value w, bool nhwc, ArrayRef<int64_t> kernel,
                          ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> dilations,
                          ArrayRef<int64_t> padding, bool includePad) {
  auto type = cast<RankedTensorType>(sums.getType());
  Type elem = type.getElementType();
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  if (includePad) {
    Value count = scalarConstant(b, loc, elem, kernel[0] * kernel[1]);
    return buildBroadcastGeneric(
        b, loc, type, sums, [&](OpBuilder &nb, Location l, ValueRange a) {
          return arith::DivFOp::create(nb, l, a[0], count).getResult();
        });
  }
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
        rewriter, loc, op, resultType, padded, nhwc, kernelSizes, strides,
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
                  isMax ? Value(arith::MaximumFOp::create(
                              b, l, args[2], args[0], arith::FastMathFlags::nsz))
                        : Value(arith::AddFOp::create(b, l, args[2], args[0]));
              linalg::YieldOp::create(b, l, v);
            })
            .getResult(0);
    if constexpr (!isMax)
      pooled = divideByCount(rewriter, loc, op, pooled, input, nhwc);
    rewriter.replaceOp(op, pooled);
    return success();
  }

  Value divideByCount(OpBuilder &b, Location loc, AvgPoolOp op, Value sums,
                      Value input, bool nhwc) const {
    return divideByWindowCount(
        b, loc, sums, getDimSize(b, loc, input, nhwc ? 1 : 2),
        getDimSize(b, loc, input, nhwc ? 2 : 3), nhwc, op.getKernel(),
        op.getStrides(), op.getDilations(), op.getPadding(),
        op.getCountIncludePad());
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
        if (cutLo + cutHi > 0) {
          emitCompareCheck(
              rewriter, loc, op, arith::CmpIPredicate::sge, size,
              indexConst(rewriter, loc, cutLo + cutHi),
              "cannot crop {1} from dim " + Twine(i) + " of size {0}");
        }
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
    // A dynamic dim must be large enough to be mirrored (reflect: more
    // elements than the widest pad, as ONNX and TF require) or repeated
    // (edge: one element).
    for (int64_t i = 0; i < rank; ++i) {
      int64_t widest = std::max(grow[i], growHigh[i]);
      if (widest == 0 || !cast<RankedTensorType>(cropped.getType())
                               .isDynamicDim(i))
        continue;
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge,
                       croppedSizes[i],
                       indexConst(rewriter, loc, reflect ? widest + 1 : 1),
                       Twine(mode) + " pad of dim " + Twine(i) +
                           " needs at least {1} elements, but it has {0}");
    }
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

//===----------------------------------------------------------------------===//
// Gradients of convolution and pooling
//===----------------------------------------------------------------------===//

/// Where a window op's input gradient reads `grad` along one spatial
/// dimension. Input position h receives grad[o] * tap[k] for every
/// o * stride + k * dilation == h + padLo. `grad` is placed into a zero
/// buffer at offset + o * stride, so that input position h reads it at
/// `h + shift - k * dilation` (shift = padLo + offset) for every tap k: no
/// index ever leaves the buffer and the skipped (zero) entries are the taps
/// that read no grad element.
struct GradPlacement {
  int64_t outSize;   // forward result size
  int64_t offset;    // where grad[0] sits in the buffer
  int64_t bufSize;   // buffer size
  int64_t shift;     // padLo + offset
};

GradPlacement placeGrad(int64_t in, int64_t k, int64_t stride,
                        int64_t dilation, int64_t padLo, int64_t padHi) {
  GradPlacement p;
  p.outSize = (in + padLo + padHi - dilation * (k - 1) - 1) / stride + 1;
  p.offset = std::max<int64_t>(0, dilation * (k - 1) - padLo);
  p.bufSize =
      std::max<int64_t>(in + padLo, (p.outSize - 1) * stride + 1) + p.offset;
  p.shift = padLo + p.offset;
  return p;
}

/// GradPlacement of both spatial dimensions.
std::array<GradPlacement, 2> placeGrads(ArrayRef<int64_t> spatial, int64_t kh,
                                        int64_t kw, ArrayRef<int64_t> strides,
                                        ArrayRef<int64_t> dilations,
                                        ArrayRef<int64_t> padding) {
  return {placeGrad(spatial[0], kh, strides[0], dilations[0], padding[0],
                    padding[2]),
          placeGrad(spatial[1], kw, strides[1], dilations[1], padding[1],
                    padding[3])};
}

/// Where input position `i` reads the buffer for tap `k`:
/// `i + shift - k * dilation`.
AffineExpr gradReadExpr(AffineExpr i, AffineExpr k, const GradPlacement &p,
                        int64_t dilation) {
  return i + p.shift - k * dilation;
}

/// The zero buffer of GradPlacement for both spatial dimensions of the
/// rank-4 `grad` (static spatial input sizes `in`, kernel sizes `k`).
Value gradBuffer(OpBuilder &b, Location loc, Value grad, bool nhwc,
                 const std::array<GradPlacement, 2> &p,
                 ArrayRef<int64_t> strides) {
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  auto type = cast<RankedTensorType>(grad.getType());
  // Spatial sizes are known from the input sizes even where the type says ?.
  SmallVector<int64_t> gradShape(type.getShape());
  gradShape[hDim] = p[0].outSize;
  gradShape[wDim] = p[1].outSize;
  if (type.getShape() != ArrayRef<int64_t>(gradShape))
    grad = tensor::CastOp::create(b, loc, type.clone(gradShape), grad);
  SmallVector<OpFoldResult> sizes = mixedShape(b, loc, grad);
  SmallVector<OpFoldResult> bufSizes(sizes), offsets(4, b.getIndexAttr(0)),
      steps(4, b.getIndexAttr(1));
  for (auto [i, dim] : llvm::enumerate(std::array<int64_t, 2>{hDim, wDim})) {
    bufSizes[dim] = b.getIndexAttr(p[i].bufSize);
    offsets[dim] = b.getIndexAttr(p[i].offset);
    steps[dim] = b.getIndexAttr(strides[i]);
  }
  Type elem = type.getElementType();
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elem));
  Value empty = tensor::EmptyOp::create(b, loc, bufSizes, elem);
  Value buffer = linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  return tensor::InsertSliceOp::create(b, loc, grad, buffer, offsets, sizes,
                                       steps);
}


/// The input gradient of an ungrouped convolution as a forward one, so that
/// it goes through im2col and a packed GEMM like conv2d: input position h
/// reads the grad buffer at h + shift - r * d for tap r, that is at
/// h + base + r' * d with r' = kh - 1 - r and base = shift - (kh - 1) * d,
/// which is a stride-1 correlation of the buffer from `base` on with the
/// filter flipped in both spatial dims and its channels swapped
/// ([C, O, KH, KW], or [KH, KW, O, C] for NHWC). Null when the shapes are
/// not static enough.
Value inputGradAsMatmul(OpBuilder &b, Location loc, Value buffer, Value filter,
                        RankedTensorType resultType, bool nhwc,
                        const std::array<GradPlacement, 2> &p,
                        ArrayRef<int64_t> dilations) {
  auto filType = cast<RankedTensorType>(filter.getType());
  auto bufType = cast<RankedTensorType>(buffer.getType());
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3, cDim = nhwc ? 3 : 1;
  if (!filType.hasStaticShape() ||
      ShapedType::isDynamic(bufType.getDimSize(cDim)) ||
      ShapedType::isDynamic(resultType.getDimSize(hDim)) ||
      ShapedType::isDynamic(resultType.getDimSize(wDim)) ||
      filType.getDimSize(nhwc ? 2 : 1) < kMinGemmChannels)
    return nullptr;
  MLIRContext *ctx = b.getContext();
  int64_t kh = filType.getDimSize(nhwc ? 0 : 2),
          kw = filType.getDimSize(nhwc ? 1 : 3);
  int64_t base[2] = {p[0].shift - (kh - 1) * dilations[0],
                     p[1].shift - (kw - 1) * dilations[1]};
  if (base[0] < 0 || base[1] < 0)
    return nullptr;

  // The part of the buffer the correlation reads.
  SmallVector<OpFoldResult> offsets(4, b.getIndexAttr(0)),
      sizes = mixedShape(b, loc, buffer), steps(4, b.getIndexAttr(1));
  offsets[hDim] = b.getIndexAttr(base[0]);
  offsets[wDim] = b.getIndexAttr(base[1]);
  sizes[hDim] =
      b.getIndexAttr(resultType.getDimSize(hDim) + (kh - 1) * dilations[0]);
  sizes[wDim] =
      b.getIndexAttr(resultType.getDimSize(wDim) + (kw - 1) * dilations[1]);
  Value window =
      tensor::ExtractSliceOp::create(b, loc, buffer, offsets, sizes, steps);

  // flipped[c, o, r, s] = filter[o, c, kh-1-r, kw-1-s] (NCHW);
  // flipped[r, s, o, c] = filter[kh-1-r, kw-1-s, c, o] (NHWC).
  AffineExpr d0, d1, d2, d3;
  bindDims(ctx, d0, d1, d2, d3);
  ArrayRef<int64_t> shape = filType.getShape();
  SmallVector<int64_t> flippedShape =
      nhwc ? SmallVector<int64_t>{shape[0], shape[1], shape[3], shape[2]}
           : SmallVector<int64_t>{shape[1], shape[0], shape[2], shape[3]};
  AffineMap read =
      nhwc ? AffineMap::get(4, 0, {(kh - 1) - d0, (kw - 1) - d1, d3, d2}, ctx)
           : AffineMap::get(4, 0, {d1, d0, (kh - 1) - d2, (kw - 1) - d3}, ctx);
  Value empty =
      tensor::EmptyOp::create(b, loc, flippedShape, filType.getElementType());
  Value flipped = gatherCopy(b, loc, filter, read, empty);
  return convAsMatmul(b, loc, window, flipped, resultType, nhwc, {1, 1},
                      dilations);
}

/// The filter gradient of an ungrouped convolution as one GEMM over the
/// batch and the output positions j = (n, oh, ow): with col the im2col of
/// the padded input and dy the result's gradient,
///   NCHW: dw[o, k] = sum_j dy[o, j] * col[k, j], k = (c, kh, kw), from
///         col[c, kh, kw, n, oh, ow] and dy transposed to [O, N, OH, OW];
///   NHWC: dw[k, o] = sum_j col[j, k] * dy[j, o], k = (kh, kw, c), from
///         the forward im2col col[n, oh, ow, kh, kw, c] and dy as it is.
/// The codegen phase packs it like any matmul. Null when the shapes are not
/// static enough.
Value filterGradAsMatmul(OpBuilder &b, Location loc, Value padded, Value grad,
                         RankedTensorType resultType, bool nhwc,
                         ArrayRef<int64_t> strides,
                         ArrayRef<int64_t> dilations) {
  auto inType = cast<RankedTensorType>(padded.getType());
  auto gradType = cast<RankedTensorType>(grad.getType());
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
  if (!resultType.hasStaticShape() ||
      llvm::any_of(inType.getShape().drop_front(), ShapedType::isDynamic) ||
      llvm::any_of(gradType.getShape().drop_front(), ShapedType::isDynamic))
    return nullptr;
  MLIRContext *ctx = b.getContext();
  Type elem = resultType.getElementType();
  int64_t c = inType.getDimSize(nhwc ? 3 : 1);
  int64_t kh = resultType.getDimSize(nhwc ? 0 : 2),
          kw = resultType.getDimSize(nhwc ? 1 : 3),
          o = resultType.getDimSize(nhwc ? 3 : 0);
  int64_t oh = gradType.getDimSize(hDim), ow = gradType.getDimSize(wDim);
  int64_t batch = inType.getDimSize(0);
  if (o < kMinGemmChannels)
    return nullptr;
  SmallVector<Value> batchSizes;
  if (ShapedType::isDynamic(batch))
    batchSizes.push_back(tensor::DimOp::create(b, loc, padded, 0));

  Value col = im2col(b, loc, padded, nhwc, /*batchInner=*/true, batch, kh, kw,
                     oh, ow, strides, dilations, batchSizes);
  auto collapse = [&](Value t, ArrayRef<ReassociationIndices> groups) {
    return tensor::CollapseShapeOp::create(b, loc, t, groups).getResult();
  };
  Value colMatrix = collapse(col, {{0, 1, 2}, {3, 4, 5}});
  Value dyMatrix =
      nhwc ? collapse(grad, {{0, 1, 2}, {3}})
           : collapse(transposeTensor(b, loc, grad, {1, 0, 2, 3}),
                      {{0}, {1, 2, 3}});

  int64_t k = kh * kw * c;
  SmallVector<int64_t> outShape =
      nhwc ? SmallVector<int64_t>{k, o} : SmallVector<int64_t>{o, k};
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elem));
  Value empty = tensor::EmptyOp::create(b, loc, outShape, elem);
  Value acc = linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  // Loops (i, j', j): the result's rows, its columns, the reduction.
  AffineExpr i, jj, red;
  bindDims(ctx, i, jj, red);
  SmallVector<AffineMap> maps =
      nhwc ? SmallVector<AffineMap>{AffineMap::get(3, 0, {red, i}, ctx),
                                    AffineMap::get(3, 0, {red, jj}, ctx),
                                    AffineMap::get(3, 0, {i, jj}, ctx)}
           : SmallVector<AffineMap>{AffineMap::get(3, 0, {i, red}, ctx),
                                    AffineMap::get(3, 0, {jj, red}, ctx),
                                    AffineMap::get(3, 0, {i, jj}, ctx)};
  Value gemm =
      linalg::GenericOp::create(
          b, loc, acc.getType(),
          nhwc ? ValueRange{colMatrix, dyMatrix} : ValueRange{dyMatrix,
                                                              colMatrix},
          acc, maps,
          {IteratorType::parallel, IteratorType::parallel,
           IteratorType::reduction},
          multiplyAccumulate)
          .getResult(0);
  SmallVector<ReassociationIndices> expand =
      nhwc ? SmallVector<ReassociationIndices>{{0, 1, 2}, {3}}
           : SmallVector<ReassociationIndices>{{0}, {1, 2, 3}};
  return tensor::ExpandShapeOp::create(b, loc, resultType, gemm, expand);
}

struct Conv2DBackpropInputPattern
    : OpConversionPattern<Conv2DBackpropInputOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DBackpropInputOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    bool nhwc = op.getDataFormat() == "NHWC";
    int64_t groups = op.getGroups(), cDim = nhwc ? 3 : 1;
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      padding = op.getPadding(),
                      spatial = op.getInputSpatial();
    Value filter = adaptor.getFilter(), grad = adaptor.getGrad();
    auto filterType = cast<RankedTensorType>(filter.getType());
    int64_t kh = filterType.getDimSize(nhwc ? 0 : 2),
            kw = filterType.getDimSize(nhwc ? 1 : 3);
    std::array<GradPlacement, 2> p =
        placeGrads(spatial, kh, kw, strides, dilations, padding);
    // grad is the forward result's gradient: its spatial sizes follow from
    // the input's, and its channels are the filter's outputs.
    int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
    emitEqualCheck(rewriter, loc, op, getDimSize(rewriter, loc, grad, hDim),
                   indexConst(rewriter, loc, p[0].outSize),
                   "grad has height {0}, but the forward output has {1}");
    emitEqualCheck(rewriter, loc, op, getDimSize(rewriter, loc, grad, wDim),
                   indexConst(rewriter, loc, p[1].outSize),
                   "grad has width {0}, but the forward output has {1}");
    emitEqualCheck(rewriter, loc, op, getDimSize(rewriter, loc, grad, cDim),
                   getDimSize(rewriter, loc, filter, nhwc ? 3 : 0),
                   "grad has {0} channels, but the filter has {1} outputs");
    Value buffer = gradBuffer(rewriter, loc, grad, nhwc, p, strides);

    SmallVector<Value> dynSizes;
    if (resultType.isDynamicDim(0))
      dynSizes.push_back(tensor::DimOp::create(rewriter, loc, grad, 0));
    if (resultType.isDynamicDim(cDim))
      dynSizes.push_back(arith::MulIOp::create(
          rewriter, loc,
          tensor::DimOp::create(rewriter, loc, filter, nhwc ? 2 : 1),
          indexConst(rewriter, loc, groups)));
    if (groups == 1 && elem.isF32())
      if (Value gemm = inputGradAsMatmul(rewriter, loc, buffer, filter,
                                         resultType, nhwc, p, dilations)) {
        rewriter.replaceOp(op, gemm);
        return success();
      }

    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem));
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    Value out = splitGroups(rewriter, loc, empty, cDim, groups);
    Value acc = linalg::FillOp::create(rewriter, loc, zero, out).getResult(0);
    Value buf = splitGroups(rewriter, loc, buffer, cDim, groups);
    Value fil = splitGroups(rewriter, loc, filter, nhwc ? 3 : 0, groups);

    // dx[h] += grad[o] * w[k] for o * stride + k * dilation == h + pad, read
    // from the buffer at h + shift - k * dilation; as for conv2d, the
    // innermost loop is contiguous in the result.
    AffineExpr n, g, og, ic, h, w, r, s;
    SmallVector<AffineMap> maps;
    SmallVector<IteratorType> iterators(8, IteratorType::parallel);
    iterators[4] = iterators[5] = iterators[6] = IteratorType::reduction;
    if (nhwc) {
      // Loops (n, h, w, g | kh, kw, og | ic).
      bindDims(ctx, n, h, w, g, r, s, og, ic);
      AffineExpr y = gradReadExpr(h, r, p[0], dilations[0]),
                 x = gradReadExpr(w, s, p[1], dilations[1]);
      maps = {AffineMap::get(8, 0, {n, y, x, g, og}, ctx),
              AffineMap::get(8, 0, {r, s, ic, g, og}, ctx),
              AffineMap::get(8, 0, {n, h, w, g, ic}, ctx)};
    } else {
      // Loops (n, g, ic, h | og, kh, kw | w).
      bindDims(ctx, n, g, ic, h, og, r, s, w);
      AffineExpr y = gradReadExpr(h, r, p[0], dilations[0]),
                 x = gradReadExpr(w, s, p[1], dilations[1]);
      maps = {AffineMap::get(8, 0, {n, g, og, y, x}, ctx),
              AffineMap::get(8, 0, {g, og, ic, r, s}, ctx),
              AffineMap::get(8, 0, {n, g, ic, h, w}, ctx)};
    }
    auto generic = linalg::GenericOp::create(rewriter, loc, acc.getType(),
                                             ValueRange{buf, fil}, acc, maps,
                                             iterators, multiplyAccumulate);
    rewriter.replaceOp(
        op, mergeGroups(rewriter, loc, resultType, generic.getResult(0), cDim));
    return success();
  }
};

/// Fewer output channels a group than this, and an NCHW filter gradient
/// sums along the output rows instead (filterGradAlongRows).
constexpr int64_t kMinChannelsInnermost = 8;

/// The NCHW filter gradient of a convolution with few output channels a
/// group (LeNet's first layer: 6) and rows of static width OW: the sums
/// run along the rows, as partial sums p[g, o, c, kh, kw, ow] over (n, oh)
/// in a generic whose innermost loop is ow (a row of x and of dy, read in
/// place, no transposed copies), then one reduction over ow. With the
/// output channels innermost (the general form below) most lanes of a
/// vector would be idle. `in` is the padded input [n, g, c, h, w], `dy`
/// [n, g, o, oh, ow] and `out` the [g, o, c, kh, kw] result; null when the
/// form does not apply.
Value filterGradAlongRows(OpBuilder &b, Location loc, Value in, Value dy,
                          Value out, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> dilations) {
  auto dyType = cast<RankedTensorType>(dy.getType());
  auto outType = cast<RankedTensorType>(out.getType());
  int64_t og = dyType.getDimSize(2), ow = dyType.getDimSize(4);
  if (ShapedType::isDynamic(og) || og >= kMinChannelsInnermost ||
      ShapedType::isDynamic(ow) || ow > 64)
    return Value();
  MLIRContext *ctx = b.getContext();
  Type elem = outType.getElementType();
  AffineExpr g, o, c, r, s, n, y, x;
  bindDims(ctx, g, o, c, r, s, n, y, x);
  SmallVector<AffineMap> maps = {
      AffineMap::get(8, 0,
                     {n, g, c, windowExpr(y, r, strides[0], dilations[0]),
                      windowExpr(x, s, strides[1], dilations[1])},
                     ctx),
      AffineMap::get(8, 0, {n, g, o, y, x}, ctx),
      AffineMap::get(8, 0, {g, o, c, r, s, x}, ctx)};
  SmallVector<IteratorType> iterators(8, IteratorType::parallel);
  iterators[5] = iterators[6] = IteratorType::reduction;
  SmallVector<OpFoldResult> shape = mixedShape(b, loc, out);
  shape.push_back(b.getIndexAttr(ow));
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elem));
  Value partial = linalg::FillOp::create(
                      b, loc, zero, tensor::EmptyOp::create(b, loc, shape, elem)
                                        .getResult())
                      .getResult(0);
  partial = linalg::GenericOp::create(b, loc, partial.getType(),
                                      ValueRange{in, dy}, partial, maps,
                                      iterators, multiplyAccumulate)
                .getResult(0);
  Value acc = linalg::FillOp::create(b, loc, zero, out).getResult(0);
  unsigned rank = outType.getRank();
  SmallVector<IteratorType> sumIterators(rank, IteratorType::parallel);
  sumIterators.push_back(IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, acc.getType(), partial, acc,
             {b.getMultiDimIdentityMap(rank + 1),
              AffineMap::getMultiDimIdentityMap(rank + 1, ctx)
                  .getMajorSubMap(rank)},
             sumIterators,
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nl,
                   Value(arith::AddFOp::create(nb, nl, args[1], args[0])));
             })
      .getResult(0);
}

struct Conv2DBackpropFilterPattern
    : OpConversionPattern<Conv2DBackpropFilterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DBackpropFilterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    bool nhwc = op.getDataFormat() == "NHWC";
    int64_t groups = op.getGroups(), cDim = nhwc ? 3 : 1;
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    Value input = adaptor.getInput(), grad = adaptor.getGrad();

    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem));
    Value padded = padSpatial(rewriter, loc, input, nhwc, op.getPadding(),
                              zero);
    // grad is the forward result's gradient: the input's batch, and the
    // spatial sizes a window of the result's kernel gives on the input.
    emitEqualCheck(rewriter, loc, op, getDimSize(rewriter, loc, grad, 0),
                   getDimSize(rewriter, loc, input, 0),
                   "grad has batch {0}, but the input has {1}");
    // A named array: an ArrayRef of a braced list would dangle inside the
    // loop (found by the .mlir fuzzer).
    int64_t spatial[] = {nhwc ? 1 : 2, nhwc ? 2 : 3};
    for (auto [s, d] : llvm::enumerate(spatial)) {
      int64_t kSize = resultType.getDimSize(nhwc ? s : 2 + s);
      if (ShapedType::isDynamic(kSize) ||
          !cast<RankedTensorType>(grad.getType()).isDynamicDim(d))
        continue;
      Value k = indexConst(rewriter, loc, kSize);
      emitEqualCheck(rewriter, loc, op, getDimSize(rewriter, loc, grad, d),
                     windowOutputSize(rewriter, loc, op, padded, d, k,
                                      strides[s], dilations[s]),
                     "grad has size {0} along dim " + Twine(d) +
                         ", but the forward output has {1}");
    }
    // Result [O, C/G, KH, KW] or [KH, KW, C/G, O]: O from grad, C/G from
    // the input.
    int64_t oDim = nhwc ? 3 : 0, cgDim = nhwc ? 2 : 1;
    SmallVector<Value> dynSizes;
    for (int64_t i = 0; i < 4; ++i) {
      if (!resultType.isDynamicDim(i))
        continue;
      if (i == oDim)
        dynSizes.push_back(tensor::DimOp::create(rewriter, loc, grad, cDim));
      else if (i == cgDim)
        dynSizes.push_back(arith::DivUIOp::create(
            rewriter, loc, tensor::DimOp::create(rewriter, loc, input, cDim),
            indexConst(rewriter, loc, groups)));
    }
    if (groups == 1 && elem.isF32())
      if (Value gemm = filterGradAsMatmul(rewriter, loc, padded, grad,
                                          resultType, nhwc, strides,
                                          dilations)) {
        rewriter.replaceOp(op, gemm);
        return success();
      }

    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    Value out = splitGroups(rewriter, loc, empty, oDim, groups);
    Value in = splitGroups(rewriter, loc, padded, cDim, groups);
    Value dy = splitGroups(rewriter, loc, grad, cDim, groups);

    if (!nhwc)
      if (Value sums = filterGradAlongRows(rewriter, loc, in, dy, out,
                                           strides, dilations)) {
        rewriter.replaceOp(
            op, mergeGroups(rewriter, loc, resultType, sums, oDim));
        return success();
      }

    // dw[k] = sum over n and output positions of x[o * stride + k * dilation]
    // * grad[o]. The innermost loop runs over the output channels of a
    // group, contiguous in grad and in the accumulator, so that LLVM
    // vectorizes it; the reduction sits just outside. (With the reduction
    // over ow innermost instead, a 32x16x32x32 3x3 NCHW case ran 6x slower:
    // a float sum that may not be reassociated is not vectorized.) NCHW
    // therefore works on grad as [n, oh, ow, g, o] and on the accumulator as
    // [g, c, kh, kw, o], both transposed copies.
    AffineExpr n, g, og, ic, oh, ow, r, s;
    bindDims(ctx, r, s, ic, g, n, oh, ow, og);
    SmallVector<IteratorType> iterators(8, IteratorType::parallel);
    iterators[4] = iterators[5] = iterators[6] = IteratorType::reduction;
    AffineExpr y = windowExpr(oh, r, strides[0], dilations[0]),
               x = windowExpr(ow, s, strides[1], dilations[1]);
    SmallVector<AffineMap> maps;
    Value acc;
    if (nhwc) {
      // Loops (kh, kw, ic, g | n, oh, ow | og) over the result itself.
      acc = linalg::FillOp::create(rewriter, loc, zero, out).getResult(0);
      maps = {AffineMap::get(8, 0, {n, y, x, g, ic}, ctx),
              AffineMap::get(8, 0, {n, oh, ow, g, og}, ctx),
              AffineMap::get(8, 0, {r, s, ic, g, og}, ctx)};
    } else {
      dy = transposeTensor(rewriter, loc, dy, {0, 3, 4, 1, 2});
      SmallVector<OpFoldResult> outShape = mixedShape(rewriter, loc, out);
      Value tmp = tensor::EmptyOp::create(
          rewriter, loc,
          SmallVector<OpFoldResult>{outShape[0], outShape[2], outShape[3],
                                    outShape[4], outShape[1]},
          elem);
      acc = linalg::FillOp::create(rewriter, loc, zero, tmp).getResult(0);
      maps = {AffineMap::get(8, 0, {n, g, ic, y, x}, ctx),
              AffineMap::get(8, 0, {n, oh, ow, g, og}, ctx),
              AffineMap::get(8, 0, {g, ic, r, s, og}, ctx)};
    }
    Value result = linalg::GenericOp::create(rewriter, loc, acc.getType(),
                                             ValueRange{in, dy}, acc, maps,
                                             iterators, multiplyAccumulate)
                       .getResult(0);
    if (!nhwc)
      result = linalg::TransposeOp::create(rewriter, loc, result, out,
                                           ArrayRef<int64_t>{0, 4, 1, 2, 3})
                   ->getResult(0);
    rewriter.replaceOp(op,
                       mergeGroups(rewriter, loc, resultType, result, oDim));
    return success();
  }
};

struct AvgPoolGradPattern : OpConversionPattern<AvgPoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPoolGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    bool nhwc = op.getDataFormat() == "NHWC";
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      dilations = op.getDilations(),
                      padding = op.getPadding(),
                      spatial = op.getInputSpatial();
    // Each grad element is first divided by its window's divisor, exactly
    // as the forward op divides its sums.
    Value scaled = divideByWindowCount(
        rewriter, loc, adaptor.getGrad(), indexConst(rewriter, loc, spatial[0]),
        indexConst(rewriter, loc, spatial[1]), nhwc, kernel, strides,
        dilations, padding, op.getCountIncludePad());
    std::array<GradPlacement, 2> p =
        placeGrads(spatial, kernel[0], kernel[1], strides, dilations, padding);
    Value buffer = gradBuffer(rewriter, loc, scaled, nhwc, p, strides);

    SmallVector<Value> dynSizes;
    for (int64_t i = 0; i < 4; ++i)
      if (resultType.isDynamicDim(i))
        dynSizes.push_back(
            tensor::DimOp::create(rewriter, loc, adaptor.getGrad(), i));
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem));
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    Value acc = linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, elem);

    AffineExpr n, c, h, w, r, s;
    SmallVector<AffineMap> maps;
    SmallVector<IteratorType> iterators(6, IteratorType::parallel);
    iterators[3] = iterators[4] = IteratorType::reduction;
    if (nhwc) {
      bindDims(ctx, n, h, w, r, s, c);
      AffineExpr y = gradReadExpr(h, r, p[0], dilations[0]),
                 x = gradReadExpr(w, s, p[1], dilations[1]);
      maps = {AffineMap::get(6, 0, {n, y, x, c}, ctx),
              AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, h, w, c}, ctx)};
    } else {
      bindDims(ctx, n, c, h, r, s, w);
      AffineExpr y = gradReadExpr(h, r, p[0], dilations[0]),
                 x = gradReadExpr(w, s, p[1], dilations[1]);
      maps = {AffineMap::get(6, 0, {n, c, y, x}, ctx),
              AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, c, h, w}, ctx)};
    }
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{buffer, window}, acc, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(
              b, l, Value(arith::AddFOp::create(b, l, args[2], args[0])));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// The i64 constant of `shape` (rank 2) whose element (i, j) is tapAt(i, j):
/// the taps kh * kernel_w + kw that a max pooling's argmax records.
Value tapConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  function_ref<int64_t(int64_t, int64_t)> tapAt) {
  SmallVector<int64_t> taps;
  for (int64_t i = 0; i < shape[0]; ++i)
    for (int64_t j = 0; j < shape[1]; ++j)
      taps.push_back(tapAt(i, j));
  auto type = RankedTensorType::get(shape, b.getI64Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, ArrayRef(taps)));
}

/// The input gradient of a max pooling whose windows tile the input
/// (stride = kernel, no padding or dilation): input element (oh * kh_size +
/// kh, ow * kw_size + kw) takes grad[oh, ow] if it is its window's winning
/// tap `taps[oh, ow]`, else 0; rows and columns past the last window are 0.
/// One parallel generic over (n, c, oh, kh, iw) for NCHW, whose rows of
/// the input width read grad and taps at iw / kw_size (each element twice
/// for 2x2 windows) and compare them with a constant row of taps; (n, oh,
/// kh, ow, kw, c) for NHWC.
Value scatterTiledWindows(OpBuilder &b, Location loc, MaxPoolGradOp op,
                          Value grad, Value taps, Value input) {
  MLIRContext *ctx = b.getContext();
  auto resultType = cast<RankedTensorType>(op.getType());
  Type elem = resultType.getElementType();
  bool nhwc = op.getDataFormat() == "NHWC";
  ArrayRef<int64_t> kernel = op.getKernel();
  int64_t kh = kernel[0], kw = kernel[1];
  auto gradType = cast<RankedTensorType>(grad.getType());
  int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3, cDim = nhwc ? 3 : 1;
  int64_t outH = gradType.getDimSize(hDim), outW = gradType.getDimSize(wDim);
  auto dimOf = [&](int64_t d) -> OpFoldResult {
    if (resultType.isDynamicDim(d))
      return tensor::DimOp::create(b, loc, input, d).getResult();
    return b.getIndexAttr(resultType.getDimSize(d));
  };
  SmallVector<OpFoldResult> shape;
  SmallVector<AffineMap> maps;
  SmallVector<ReassociationIndices> groups;
  Value tapRow;
  AffineExpr n, c, oh, r, iw, ow, s;
  if (nhwc) {
    bindDims(ctx, n, oh, r, ow, s, c);
    shape = {dimOf(0), b.getIndexAttr(outH), b.getIndexAttr(kh),
             b.getIndexAttr(outW), b.getIndexAttr(kw), dimOf(cDim)};
    tapRow = tapConstant(b, loc, {kh, kw},
                         [&](int64_t i, int64_t j) { return i * kw + j; });
    AffineMap window = AffineMap::get(6, 0, {n, oh, ow, c}, ctx);
    maps = {window, window, AffineMap::get(6, 0, {r, s}, ctx),
            b.getMultiDimIdentityMap(6)};
    groups = {{0}, {1, 2}, {3, 4}, {5}};
  } else {
    bindDims(ctx, n, c, oh, r, iw);
    shape = {dimOf(0), dimOf(cDim), b.getIndexAttr(outH), b.getIndexAttr(kh),
             b.getIndexAttr(outW * kw)};
    tapRow = tapConstant(b, loc, {kh, outW * kw}, [&](int64_t i, int64_t j) {
      return i * kw + j % kw;
    });
    AffineMap window = AffineMap::get(5, 0, {n, c, oh, iw.floorDiv(kw)}, ctx);
    maps = {window, window, AffineMap::get(5, 0, {r, iw}, ctx),
            b.getMultiDimIdentityMap(5)};
    groups = {{0}, {1}, {2, 3}, {4}};
  }
  Value empty = tensor::EmptyOp::create(b, loc, shape, elem);
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(elem));
  Value scattered =
      linalg::GenericOp::create(
          b, loc, empty.getType(), ValueRange{taps, grad, tapRow}, empty, maps,
          SmallVector<IteratorType>(maps[0].getNumDims(),
                                    IteratorType::parallel),
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value hit = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                              args[0], args[2]);
            linalg::YieldOp::create(
                nb, l,
                Value(arith::SelectOp::create(nb, l, hit, args[1], zero)));
          })
          .getResult(0);
  Value merged = tensor::CollapseShapeOp::create(b, loc, scattered, groups);
  SmallVector<int64_t> lo(4, 0), hi(4, 0);
  hi[hDim] = resultType.getDimSize(hDim) - outH * kh;
  hi[wDim] = resultType.getDimSize(wDim) - outW * kw;
  return padTensor(b, loc, merged, lo, hi, zero);
}

struct MaxPoolGradPattern : OpConversionPattern<MaxPoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto elem = cast<FloatType>(resultType.getElementType());
    bool nhwc = op.getDataFormat() == "NHWC";
    int64_t hDim = nhwc ? 1 : 2, wDim = nhwc ? 2 : 3;
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      dilations = op.getDilations(),
                      padding = op.getPadding();
    Value input = adaptor.getInput(), grad = adaptor.getGrad();
    Type i64 = rewriter.getI64Type();

    // 1. The winning tap (kh * kw_index + kw_index) of every window, -1 if
    // it has none.
    Value negInf = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getFloatAttr(elem, -std::numeric_limits<double>::infinity()));
    Value none = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getI64IntegerAttr(-1));
    Value padded = padSpatial(rewriter, loc, input, nhwc, padding, negInf);
    Value h = getDimSize(rewriter, loc, input, hDim),
          w = getDimSize(rewriter, loc, input, wDim);
    SmallVector<OpFoldResult> gradShape = mixedShape(rewriter, loc, grad);
    Value best = linalg::FillOp::create(
                     rewriter, loc, negInf,
                     tensor::EmptyOp::create(rewriter, loc, gradShape, elem)
                         .getResult())
                     .getResult(0);
    Value bestTap = linalg::FillOp::create(
                        rewriter, loc, none,
                        tensor::EmptyOp::create(rewriter, loc, gradShape, i64)
                            .getResult())
                        .getResult(0);
    // Windows that tile the input, without overlap or padding (2x2 at
    // stride 2): every tap is in bounds, and an input element is in one
    // window at most. The argmax then needs no bounds tests, its taps come
    // from a constant (both vectorize), and the gradient is a select per
    // input element.
    bool tiles = true;
    for (int64_t i = 0; i < 2; ++i)
      tiles &= strides[i] == kernel[i] && dilations[i] == 1 &&
               padding[i] == 0 && padding[i + 2] == 0;
    Value window =
        tiles ? tapConstant(rewriter, loc, kernel,
                            [&](int64_t i, int64_t j) {
                              return i * kernel[1] + j;
                            })
              : Value(tensor::EmptyOp::create(rewriter, loc, kernel, elem));

    AffineExpr n, c, oh, ow, r, s;
    SmallVector<AffineMap> maps;
    SmallVector<IteratorType> iterators(6, IteratorType::parallel);
    iterators[3] = iterators[4] = IteratorType::reduction;
    // Loop positions of oh, ow, kh, kw.
    int64_t ohLoop, owLoop, rLoop = 3, sLoop = 4;
    if (nhwc) {
      bindDims(ctx, n, oh, ow, r, s, c);
      ohLoop = 1, owLoop = 2;
      AffineExpr y = windowExpr(oh, r, strides[0], dilations[0]),
                 x = windowExpr(ow, s, strides[1], dilations[1]);
      maps = {AffineMap::get(6, 0, {n, y, x, c}, ctx),
              AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, oh, ow, c}, ctx),
              AffineMap::get(6, 0, {n, oh, ow, c}, ctx)};
    } else {
      bindDims(ctx, n, c, oh, r, s, ow);
      ohLoop = 2, owLoop = 5;
      AffineExpr y = windowExpr(oh, r, strides[0], dilations[0]),
                 x = windowExpr(ow, s, strides[1], dilations[1]);
      maps = {AffineMap::get(6, 0, {n, c, y, x}, ctx),
              AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, c, oh, ow}, ctx),
              AffineMap::get(6, 0, {n, c, oh, ow}, ctx)};
    }
    auto inBounds = [&](OpBuilder &b, Location l, Value o, Value k,
                        Value size, int64_t i) {
      // 0 <= o * stride + k * dilation - padLo < size
      Value pos = arith::SubIOp::create(
          b, l,
          arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, o, indexConst(b, l, strides[i])),
              arith::MulIOp::create(b, l, k, indexConst(b, l, dilations[i]))),
          indexConst(b, l, padding[i]));
      return arith::AndIOp::create(
          b, l,
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, pos,
                                indexConst(b, l, 0)),
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, pos, size));
    };
    // The tap (kh, kw) as one i64: kh * kernel_w + kw.
    auto tapIndex = [&](OpBuilder &b, Location l, Value kr, Value ks) {
      return arith::IndexCastOp::create(
                 b, l, i64,
                 arith::AddIOp::create(
                     b, l,
                     arith::MulIOp::create(b, l, kr,
                                           indexConst(b, l, kernel[1])),
                     ks))
          .getResult();
    };
    auto argmax = linalg::GenericOp::create(
        rewriter, loc, TypeRange{best.getType(), bestTap.getType()},
        ValueRange{padded, window}, ValueRange{best, bestTap}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value v = args[0], cur = args[2], curTap = args[3];
          Value tap, valid;
          if (tiles) {
            tap = args[1];
          } else {
            Value kr = linalg::IndexOp::create(b, l, rLoop);
            Value ks = linalg::IndexOp::create(b, l, sLoop);
            tap = tapIndex(b, l, kr, ks);
            valid = arith::AndIOp::create(
                b, l,
                inBounds(b, l, linalg::IndexOp::create(b, l, ohLoop), kr, h,
                         0),
                inBounds(b, l, linalg::IndexOp::create(b, l, owLoop), ks, w,
                         1));
          }
          // The first in-bounds tap, then only a strictly larger value or
          // the first NaN replaces it: the first maximum wins.
          Value first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                              curTap, none);
          Value larger =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, v, cur);
          Value firstNaN = arith::AndIOp::create(
              b, l,
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, v, v),
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::ORD, cur,
                                    cur));
          Value take = arith::OrIOp::create(
              b, l, first, arith::OrIOp::create(b, l, larger, firstNaN));
          if (valid)
            take = arith::AndIOp::create(b, l, valid, take);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, take, v, cur),
                         arith::SelectOp::create(b, l, take, tap, curTap)});
        });
    Value taps = argmax.getResult(1);
    auto gradType = cast<RankedTensorType>(grad.getType());
    if (tiles && !gradType.isDynamicDim(hDim) && !gradType.isDynamicDim(wDim) &&
        !resultType.isDynamicDim(hDim) && !resultType.isDynamicDim(wDim)) {
      rewriter.replaceOp(
          op, scatterTiledWindows(rewriter, loc, op, grad, taps, input));
      return success();
    }

    // 2. Every input element gathers the grad of each window whose winning
    // tap it is. grad and the taps get one extra row and column (0 and -1)
    // that out-of-range window positions read, so no read leaves them.
    SmallVector<int64_t> lo(4, 0), hi(4, 0);
    hi[hDim] = hi[wDim] = 1;
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem));
    Value gradP = padTensor(rewriter, loc, grad, lo, hi, zero);
    Value tapsP = padTensor(rewriter, loc, taps, lo, hi, none);
    Value outH = getDimSize(rewriter, loc, grad, hDim),
          outW = getDimSize(rewriter, loc, grad, wDim);

    SmallVector<Value> dynSizes;
    for (int64_t i = 0; i < 4; ++i)
      if (resultType.isDynamicDim(i))
        dynSizes.push_back(tensor::DimOp::create(rewriter, loc, input, i));
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType, dynSizes);
    Value acc = linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
    AffineExpr ih, iw;
    int64_t hLoop, wLoop, nLoop = 0, cLoop;
    if (nhwc) {
      bindDims(ctx, n, ih, iw, r, s, c);
      hLoop = 1, wLoop = 2, cLoop = 5;
      maps = {AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, ih, iw, c}, ctx)};
    } else {
      bindDims(ctx, n, c, ih, r, s, iw);
      hLoop = 2, wLoop = 5, cLoop = 1;
      maps = {AffineMap::get(6, 0, {r, s}, ctx),
              AffineMap::get(6, 0, {n, c, ih, iw}, ctx)};
    }
    // Window position o of tap k for input position i: i + padLo - k *
    // dilation = o * stride; `outSize` (the extra row) when there is none.
    auto windowOf = [&](OpBuilder &b, Location l, Value i, Value k,
                        Value outSize, int64_t d) {
      Value t = arith::SubIOp::create(
          b, l, arith::AddIOp::create(b, l, i, indexConst(b, l, padding[d])),
          arith::MulIOp::create(b, l, k, indexConst(b, l, dilations[d])));
      Value stride = indexConst(b, l, strides[d]);
      Value o = arith::DivSIOp::create(b, l, t, stride);
      Value ok = arith::AndIOp::create(
          b, l,
          arith::AndIOp::create(
              b, l,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, t,
                                    indexConst(b, l, 0)),
              arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::eq,
                  arith::RemSIOp::create(b, l, t, stride),
                  indexConst(b, l, 0))),
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, o, outSize));
      return arith::SelectOp::create(b, l, ok, o, outSize).getResult();
    };
    auto gather = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{window}, acc, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value kr = linalg::IndexOp::create(b, l, rLoop);
          Value ks = linalg::IndexOp::create(b, l, sLoop);
          Value o0 = windowOf(b, l, linalg::IndexOp::create(b, l, hLoop), kr,
                              outH, 0);
          Value o1 = windowOf(b, l, linalg::IndexOp::create(b, l, wLoop), ks,
                              outW, 1);
          Value nv = linalg::IndexOp::create(b, l, nLoop);
          Value cv = linalg::IndexOp::create(b, l, cLoop);
          SmallVector<Value> at = nhwc ? SmallVector<Value>{nv, o0, o1, cv}
                                       : SmallVector<Value>{nv, cv, o0, o1};
          Value tap = tapIndex(b, l, kr, ks);
          Value hit = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq,
              tensor::ExtractOp::create(b, l, tapsP, at), tap);
          Value g = tensor::ExtractOp::create(b, l, gradP, at);
          Value sum = arith::AddFOp::create(b, l, args[1], g);
          linalg::YieldOp::create(
              b, l, Value(arith::SelectOp::create(b, l, hit, sum, args[1])));
        });
    rewriter.replaceOp(op, gather.getResult(0));
    return success();
  }
};

struct ConvertTfccNNToLinalg
    : mlir::tfcc::impl::ConvertTfccNNToLinalgBase<ConvertTfccNNToLinalg> {
  using ConvertTfccNNToLinalgBase::ConvertTfccNNToLinalgBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    // Winograd trades multiplications for larger weights and transforms
    // that suit the CPU's register tiles; a GPU function (its kernels one
    // thread per output) convolves directly.
    patterns.add<Conv2DPattern>(
        ctx, tfcc::isOnGpu(getOperation()) ? 0 : int64_t(winogradTile));
    patterns.add<PoolPattern<MaxPoolOp>, PoolPattern<AvgPoolOp>, PadPattern,
                 Conv2DBackpropInputPattern, Conv2DBackpropFilterPattern,
                 MaxPoolGradPattern, AvgPoolGradPattern>(ctx);
    if (failed(applyTfccLowering<Conv2DOp, MaxPoolOp, AvgPoolOp, PadOp,
                                 Conv2DBackpropInputOp, Conv2DBackpropFilterOp,
                                 MaxPoolGradOp, AvgPoolGradOp>(
            getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
