//===- GradientRulesNN.cpp - gradient rules of the nn ops -----------------===//
//
// Rules for conv2d, max_pool, avg_pool, batch_norm, layer_norm and pad (see
// GradientRules.h for the contract). Convolution and pooling map onto the
// backward ops of TfccNNOps.td; the normalizations are written out in tfcc
// ops (their forward ops are fused, so the statistics are recomputed); pad's
// reflect and edge modes sum the mirrored or clamped contributions with
// unsorted_segment_sum.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// Spatial sizes [H, W] of a rank-4 NCHW or NHWC tensor, if both static.
std::optional<SmallVector<int64_t>> staticSpatial(Value v, bool nhwc) {
  auto type = tensorType(v);
  int64_t h = type.getDimSize(nhwc ? 1 : 2), w = type.getDimSize(nhwc ? 2 : 3);
  if (ShapedType::isDynamic(h) || ShapedType::isDynamic(w))
    return std::nullopt;
  return SmallVector<int64_t>{h, w};
}

LogicalResult needStatic(Operation *op, StringRef what, Value v) {
  std::string type;
  llvm::raw_string_ostream os(type);
  os << v.getType();
  return op->emitError() << "gradient of '" << op->getName() << "' needs "
                         << what << " to be static, got " << type;
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

LogicalResult conv2dGradient(OpBuilder &b, Operation *op,
                             ArrayRef<Value> dys,
                             SmallVectorImpl<Value> &dxs) {
  auto conv = cast<Conv2DOp>(op);
  Location loc = op->getLoc();
  Value x = conv.getInput(), w = conv.getFilter(), dy = dys[0];
  bool nhwc = conv.getDataFormat() == "NHWC";
  auto spatial = staticSpatial(x, nhwc);
  if (!spatial)
    return needStatic(op, "the input's spatial sizes", x);
  // The filter is [O, C/G, KH, KW] (NCHW) or [KH, KW, C/G, O] (NHWC).
  auto wType = tensorType(w);
  SmallVector<int64_t> kernel{wType.getDimSize(nhwc ? 0 : 2),
                              wType.getDimSize(nhwc ? 1 : 3)};
  if (llvm::any_of(kernel, ShapedType::isDynamic))
    return needStatic(op, "the filter's kernel sizes", w);
  Value dx = Conv2DBackpropInputOp::create(
      b, loc, dy, w, *spatial, conv.getStrides(), conv.getDilations(),
      conv.getPadding(), conv.getGroups(), conv.getDataFormat());
  Value dw = Conv2DBackpropFilterOp::create(
      b, loc, x, dy, kernel, conv.getStrides(), conv.getDilations(),
      conv.getPadding(), conv.getGroups(), conv.getDataFormat());
  dxs.push_back(castTo(b, loc, dx, x.getType()));
  dxs.push_back(castTo(b, loc, dw, w.getType()));
  return success();
}

LogicalResult maxPoolGradient(OpBuilder &b, Operation *op,
                              ArrayRef<Value> dys,
                              SmallVectorImpl<Value> &dxs) {
  auto pool = cast<MaxPoolOp>(op);
  Value dx = MaxPoolGradOp::create(
      b, op->getLoc(), pool.getInput(), dys[0], pool.getKernel(),
      pool.getStrides(), pool.getDilations(), pool.getPadding(),
      pool.getDataFormat());
  dxs.push_back(castTo(b, op->getLoc(), dx, pool.getInput().getType()));
  return success();
}

LogicalResult avgPoolGradient(OpBuilder &b, Operation *op,
                              ArrayRef<Value> dys,
                              SmallVectorImpl<Value> &dxs) {
  auto pool = cast<AvgPoolOp>(op);
  Value x = pool.getInput();
  auto spatial = staticSpatial(x, pool.getDataFormat() == "NHWC");
  if (!spatial)
    return needStatic(op, "the input's spatial sizes", x);
  Value dx = AvgPoolGradOp::create(
      b, op->getLoc(), dys[0], *spatial, pool.getKernel(), pool.getStrides(),
      pool.getDilations(), pool.getPadding(), pool.getDataFormat(),
      pool.getCountIncludePad());
  dxs.push_back(castTo(b, op->getLoc(), dx, x.getType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

/// batch_norm (inference form): y = (x - mean) * inv * scale + offset with
/// inv = rsqrt(variance + epsilon), the vectors laid along `axis`.
LogicalResult batchNormGradient(OpBuilder &b, Operation *op,
                                ArrayRef<Value> dys,
                                SmallVectorImpl<Value> &dxs) {
  auto bn = cast<BatchNormOp>(op);
  Emitter e{b, op->getLoc()};
  Value x = bn.getInput(), dy = dys[0];
  int64_t rank = tensorType(x).getRank();
  int64_t axis = *normalizeAxis(bn.getAxis(), rank);
  // A [C] vector as [1, .., C, .., 1], which broadcasts against x.
  auto along = [&](Value v) -> Value {
    if (rank == 1)
      return v;
    SmallVector<int64_t> shape(rank, 1);
    int64_t c = tensorType(v).getDimSize(0);
    shape[axis] = ShapedType::isDynamic(c) ? -1 : c;
    return ReshapeOp::create(b, e.loc, v, shape);
  };
  SmallVector<int64_t> others;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis)
      others.push_back(i);
  Value inv = e.rsqrt(e.add(bn.getVariance(),
                            e.scalar(x, bn.getEpsilon().convertToDouble())));
  Value scaleInv = e.mul(bn.getScale(), inv);
  Value dx = e.mul(dy, along(scaleInv));
  Value sumDy = e.sum(dy, others, /*keep=*/false);
  Value sumDyXc =
      e.sum(e.mul(dy, e.sub(x, along(bn.getMean()))), others, false);
  Value dScale = e.mul(sumDyXc, inv);
  Value dMean = e.neg(e.mul(sumDy, scaleInv));
  // d/dvar of (var + eps)^-1/2 is -1/2 (var + eps)^-3/2.
  Value dVar = e.mul(e.mul(sumDyXc, e.mul(scaleInv, e.mul(inv, inv))),
                     e.scalar(x, -0.5));
  Value grads[] = {dx, dScale, sumDy, dMean, dVar};
  for (auto [operand, g] : llvm::zip(op->getOperands(), grads))
    dxs.push_back(castTo(b, e.loc, g, operand.getType()));
  return success();
}

/// layer_norm: y = xhat * scale + bias, xhat = (x - mean) * inv over the
/// dimensions D = axis..rank-1, inv = rsqrt(var + epsilon). With g = dy *
/// scale: dx = inv * (g - mean_D(g) - xhat * mean_D(g * xhat)).
LogicalResult layerNormGradient(OpBuilder &b, Operation *op,
                                ArrayRef<Value> dys,
                                SmallVectorImpl<Value> &dxs) {
  auto ln = cast<LayerNormOp>(op);
  Emitter e{b, op->getLoc()};
  Value x = ln.getInput(), dy = dys[0];
  int64_t rank = tensorType(x).getRank();
  int64_t axis = *normalizeAxis(ln.getAxis(), rank);
  auto dims = llvm::to_vector(llvm::seq<int64_t>(axis, rank));
  Value xc = e.sub(x, e.mean(x, dims));
  Value inv = e.rsqrt(e.add(e.mean(e.mul(xc, xc), dims),
                            e.scalar(x, ln.getEpsilon().convertToDouble())));
  Value xhat = e.mul(xc, inv);
  Value g = e.mul(dy, ln.getScale());
  Value dx = e.mul(inv, e.sub(e.sub(g, e.mean(g, dims)),
                              e.mul(xhat, e.mean(e.mul(g, xhat), dims))));
  dxs.push_back(castTo(b, e.loc, dx, x.getType()));
  dxs.push_back(reduceToShapeOf(b, e.loc, e.mul(dy, xhat), ln.getScale()));
  dxs.push_back(reduceToShapeOf(b, e.loc, dy, ln.getBias()));
  return success();
}

//===----------------------------------------------------------------------===//
// Pad
//===----------------------------------------------------------------------===//

/// pad crops (negative entries) and then fills. Constant mode: the input's
/// gradient is dy padded by the negated amounts (crop what was added, zeros
/// where the input was cropped); the fill value's is the sum of dy over the
/// added elements. Reflect and edge: along each grown dimension, every
/// result element adds into the element it copies (unsorted_segment_sum by
/// the copy map), then zeros pad back what was cropped.
LogicalResult padGradient(OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                          SmallVectorImpl<Value> &dxs) {
  auto pad = cast<PadOp>(op);
  Location loc = op->getLoc();
  Value x = pad.getInput(), dy = dys[0];
  auto type = tensorType(x);
  int64_t rank = type.getRank();
  ArrayRef<int64_t> low = pad.getLow(), high = pad.getHigh();
  SmallVector<int64_t> cropLo, cropHi, growLo, growHi;
  for (int64_t i = 0; i < rank; ++i) {
    cropLo.push_back(std::max<int64_t>(-low[i], 0));
    cropHi.push_back(std::max<int64_t>(-high[i], 0));
    growLo.push_back(std::max<int64_t>(low[i], 0));
    growHi.push_back(std::max<int64_t>(high[i], 0));
  }
  auto negated = [](ArrayRef<int64_t> v) {
    return llvm::to_vector(llvm::map_range(v, [](int64_t a) { return -a; }));
  };

  if (pad.getMode() == "constant") {
    Value dx = PadOp::create(b, loc, dy, Value(), negated(low), negated(high));
    dxs.push_back(castTo(b, loc, dx, x.getType()));
    if (Value value = pad.getValue()) {
      Emitter e{b, loc};
      auto all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
      Value inner =
          PadOp::create(b, loc, dy, Value(), negated(growLo), negated(growHi));
      Value dv = e.sub(e.sum(dy, all, false), e.sum(inner, all, false));
      dxs.push_back(castTo(b, loc, dv, value.getType()));
    }
    return success();
  }

  bool reflect = pad.getMode() == "reflect";
  Value g = dy;
  for (int64_t d = 0; d < rank; ++d) {
    if (!growLo[d] && !growHi[d])
      continue;
    if (type.isDynamicDim(d))
      return op->emitError()
             << "gradient of '" << op->getName() << "' in " << pad.getMode()
             << " mode needs the size of padded dimension " << d
             << " to be static";
    int64_t n = type.getDimSize(d) - cropLo[d] - cropHi[d];
    int64_t out = n + growLo[d] + growHi[d], last = n - 1;
    // ids[j]: the element of the cropped input that result element j copies.
    SmallVector<int64_t> ids;
    for (int64_t j = 0; j < out; ++j) {
      int64_t i = j - growLo[d];
      ids.push_back(reflect ? last - std::abs(last - std::abs(i))
                            : std::clamp<int64_t>(i, 0, last));
    }
    auto idsType = RankedTensorType::get({out}, b.getI64Type());
    Value idsValue = ConstantOp::create(
        b, loc, DenseElementsAttr::get(idsType, ArrayRef<int64_t>(ids)));
    // The segment sum runs along dimension 0: move d there and back.
    SmallVector<int64_t> toFront{d}, back;
    for (int64_t i = 0; i < rank; ++i)
      if (i != d)
        toFront.push_back(i);
    for (int64_t i = 0; i < rank; ++i)
      back.push_back(i < d ? i + 1 : (i == d ? 0 : i));
    Value t = d ? Value(TransposeOp::create(b, loc, g, toFront)) : g;
    t = UnsortedSegmentSumOp::create(b, loc, t, idsValue, n);
    g = d ? Value(TransposeOp::create(b, loc, t, back)) : t;
  }
  if (llvm::any_of(cropLo, [](int64_t v) { return v; }) ||
      llvm::any_of(cropHi, [](int64_t v) { return v; }))
    g = PadOp::create(b, loc, g, Value(), cropLo, cropHi);
  dxs.push_back(castTo(b, loc, g, x.getType()));
  if (pad.getValue())
    dxs.push_back(Value()); // ignored outside constant mode
  return success();
}

/// Wraps a rule for a float op: no gradient flows when none flows in.
GradientRule floatRule(GradientRule rule) {
  return [rule](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                SmallVectorImpl<Value> &dxs) -> LogicalResult {
    if (!dys[0] || !isFloatTensor(op->getResult(0).getType())) {
      dxs.append(op->getNumOperands(), Value());
      return success();
    }
    return rule(b, op, dys, dxs);
  };
}

} // namespace

void mlir::tfcc::addNNGradientRules(GradientRuleTable &table) {
  table.add<Conv2DOp>(floatRule(conv2dGradient));
  table.add<MaxPoolOp>(floatRule(maxPoolGradient));
  table.add<AvgPoolOp>(floatRule(avgPoolGradient));
  table.add<BatchNormOp>(floatRule(batchNormGradient));
  table.add<LayerNormOp>(floatRule(layerNormGradient));
  table.add<PadOp>(floatRule(padGradient));
}
