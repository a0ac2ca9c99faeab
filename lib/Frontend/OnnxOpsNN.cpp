//===- OnnxOpsNN.cpp - ONNX convolution, pooling and normalization --------===//
//
// 2-D convolution and pooling map onto tfcc.conv2d / max_pool / avg_pool in
// NCHW; 1-D ones are run as 2-D with a height of 1. auto_pad and ceil_mode
// are resolved into explicit padding from the static spatial sizes.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::tfcc::onnx_import;

static RankedTensorType typeOf(Value v) {
  return v ? cast<RankedTensorType>(v.getType()) : nullptr;
}

namespace {
/// Window geometry of a 2-D conv or pool in tfcc's attribute layout.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padding; // pad [t, l, b, r]
};
} // namespace

/// Reads kernel_shape/strides/dilations/pads/auto_pad (and ceil_mode for
/// pools) for `spatial` (1 or 2) dims of sizes `in`; 1-D values are lifted
/// to 2-D with a unit height.
static std::optional<Window> readWindow(OnnxNode &n, ArrayRef<int64_t> in,
                                        ArrayRef<int64_t> kernel,
                                        bool ceilMode) {
  size_t s = in.size();
  Window w;
  auto get = [&](StringRef name, int64_t dflt) {
    auto v = n.attrInts(name);
    return v ? *v : SmallVector<int64_t>(s, dflt);
  };
  SmallVector<int64_t> strides = get("strides", 1),
                       dilations = get("dilations", 1);
  SmallVector<int64_t> pads = n.attrInts("pads").value_or(
      SmallVector<int64_t>(2 * s, 0));
  if (strides.size() != s || dilations.size() != s || pads.size() != 2 * s ||
      kernel.size() != s) {
    n.error("strides, dilations, pads or kernel_shape do not match the " +
            std::to_string(s) + " spatial dimensions");
    return std::nullopt;
  }
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  for (size_t i = 0; i < s; ++i) {
    int64_t extent = dilations[i] * (kernel[i] - 1) + 1;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      if (ShapedType::isDynamic(in[i])) {
        n.unsupported("auto_pad on a dynamic spatial dimension");
        return std::nullopt;
      }
      int64_t out = (in[i] + strides[i] - 1) / strides[i];
      int64_t total =
          std::max<int64_t>(0, (out - 1) * strides[i] + extent - in[i]);
      int64_t small = total / 2, large = total - small;
      pads[i] = autoPad == "SAME_UPPER" ? small : large;
      pads[i + s] = autoPad == "SAME_UPPER" ? large : small;
    } else if (autoPad == "VALID") {
      pads[i] = pads[i + s] = 0;
    } else if (autoPad != "NOTSET") {
      n.error("unknown auto_pad '" + autoPad + "'");
      return std::nullopt;
    }
    if (ceilMode) {
      if (ShapedType::isDynamic(in[i])) {
        n.unsupported("ceil_mode on a dynamic spatial dimension");
        return std::nullopt;
      }
      int64_t span = in[i] + pads[i] + pads[i + s] - extent;
      int64_t out = (span + strides[i] - 1) / strides[i] + 1;
      // The last window must start inside the input or its leading padding.
      if ((out - 1) * strides[i] >= in[i] + pads[i])
        --out;
      int64_t extra = (out - 1) * strides[i] + extent -
                      (in[i] + pads[i] + pads[i + s]);
      if (extra > 0)
        pads[i + s] += extra;
    }
  }
  if (s == 1) {
    w.kernel = {1, kernel[0]};
    w.strides = {1, strides[0]};
    w.dilations = {1, dilations[0]};
    w.padding = {0, pads[0], 0, pads[1]};
  } else {
    w.kernel.assign(kernel.begin(), kernel.end());
    w.strides = strides;
    w.dilations = dilations;
    w.padding = {pads[0], pads[1], pads[2], pads[3]};
  }
  return w;
}

/// [N, C, L] -> [N, C, 1, L]
static Value liftTo2D(OnnxNode &n, Value x) {
  RankedTensorType t = typeOf(x);
  if (!t || t.getRank() != 3)
    return x;
  SmallVector<int64_t> shape{t.getDimSize(0), t.getDimSize(1), 1,
                             t.getDimSize(2)};
  if (llvm::count_if(shape, ShapedType::isDynamic) > 1) {
    n.unsupported("1-D window op with several dynamic dimensions");
    return nullptr;
  }
  for (int64_t &d : shape)
    if (ShapedType::isDynamic(d))
      d = -1;
  return n.reshape(x, shape);
}

/// [N, C, 1, L] -> [N, C, L]
static Value dropTo1D(OnnxNode &n, Value y) {
  RankedTensorType t = typeOf(y);
  if (!t)
    return nullptr;
  SmallVector<int64_t> shape{t.getDimSize(0), t.getDimSize(1),
                             t.getDimSize(3)};
  for (int64_t &d : shape)
    if (ShapedType::isDynamic(d))
      d = -1;
  return n.reshape(y, shape);
}

static LogicalResult importConv(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0), wt = n.inputType(1);
  if (!xt || !wt)
    return n.finish();
  int64_t spatial = xt.getRank() - 2;
  if (spatial != 1 && spatial != 2)
    return n.unsupported(std::to_string(spatial) + "-D convolution");
  if (wt.getRank() != xt.getRank())
    return n.error("filter rank " + std::to_string(wt.getRank()) +
                   " does not match input rank " +
                   std::to_string(xt.getRank()));
  SmallVector<int64_t> kernel =
      n.attrInts("kernel_shape")
          .value_or(SmallVector<int64_t>(wt.getShape().drop_front(2)));
  auto w = readWindow(n, xt.getShape().drop_front(2), kernel, false);
  if (!w)
    return failure();
  Value x = liftTo2D(n, n.input(0));
  Value filter = n.input(1);
  if (spatial == 1)
    filter = n.reshape(filter, {wt.getDimSize(0), wt.getDimSize(1), 1,
                                wt.getDimSize(2)});
  Value y = n.op("conv2d", {x, filter},
                 {n.arrayAttr("strides", w->strides),
                  n.arrayAttr("dilations", w->dilations),
                  n.arrayAttr("padding", w->padding),
                  n.i64Attr("groups", n.attrInt("group", 1))});
  if (n.hasInput(2))
    y = n.binary("add", y,
                 n.reshape(n.input(2), {1, wt.getDimSize(0), 1, 1}));
  n.setOutput(0, spatial == 1 ? dropTo1D(n, y) : y);
  return n.finish();
}

/// ConvTranspose as a convolution: zeros are inserted between the input
/// elements (stride - 1 of them), the result is padded by
/// dilation * (k - 1) minus the ONNX pads (negative pads crop), and convolved
/// with the spatially flipped kernel whose in/out channels are swapped per
/// group.
static LogicalResult importConvTranspose(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0), wt = n.inputType(1);
  if (!xt || !wt)
    return n.finish();
  int64_t spatial = xt.getRank() - 2;
  if (spatial != 1 && spatial != 2)
    return n.unsupported(std::to_string(spatial) + "-D ConvTranspose");
  if (!xt.hasStaticShape() || !wt.hasStaticShape())
    return n.unsupported("ConvTranspose of dynamic shapes");
  if (wt.getRank() != xt.getRank())
    return n.error("filter rank does not match the input's");
  int64_t s = spatial, groups = n.attrInt("group", 1);
  auto get = [&](StringRef name, int64_t dflt) {
    return n.attrInts(name).value_or(SmallVector<int64_t>(s, dflt));
  };
  SmallVector<int64_t> kernel = n.attrInts("kernel_shape").value_or(
      SmallVector<int64_t>(wt.getShape().drop_front(2)));
  SmallVector<int64_t> strides = get("strides", 1),
                       dilations = get("dilations", 1),
                       outPad = get("output_padding", 0);
  SmallVector<int64_t> pads = n.attrInts("pads").value_or(
      SmallVector<int64_t>(2 * s, 0));
  if (kernel.size() != (size_t)s || strides.size() != (size_t)s ||
      dilations.size() != (size_t)s || outPad.size() != (size_t)s ||
      pads.size() != 2 * (size_t)s)
    return n.error("attributes do not match the spatial rank");
  ArrayRef<int64_t> in = xt.getShape().drop_front(2);
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  auto outputShape = n.attrInts("output_shape");
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" || outputShape) {
    for (int64_t i = 0; i < s; ++i) {
      int64_t want = outputShape ? (*outputShape)[outputShape->size() - s + i]
                                 : in[i] * strides[i];
      int64_t total = strides[i] * (in[i] - 1) + outPad[i] +
                      (kernel[i] - 1) * dilations[i] + 1 - want;
      // As ONNX's reference: SAME_UPPER puts the odd unit at the end.
      int64_t half = total / 2;
      if (autoPad == "SAME_LOWER") {
        pads[i] = total - half;
        pads[i + s] = half;
      } else {
        pads[i] = half;
        pads[i + s] = total - half;
      }
    }
  } else if (autoPad == "VALID") {
    pads.assign(2 * s, 0);
  }
  // Lift 1-D to 2-D.
  Value x = liftTo2D(n, n.input(0)), w = n.input(1);
  SmallVector<int64_t> k2 = kernel, s2 = strides, d2 = dilations, op2 = outPad;
  SmallVector<int64_t> pb{pads[0]}, pe{pads[s]};
  if (s == 1) {
    w = n.reshape(w, {wt.getDimSize(0), wt.getDimSize(1), 1, kernel[0]});
    k2.insert(k2.begin(), 1);
    s2.insert(s2.begin(), 1);
    d2.insert(d2.begin(), 1);
    op2.insert(op2.begin(), 0);
    pb.insert(pb.begin(), 0);
    pe.insert(pe.begin(), 0);
  } else {
    pb.push_back(pads[1]);
    pe.push_back(pads[3]);
  }
  int64_t N = xt.getDimSize(0), C = xt.getDimSize(1);
  int64_t H = cast<RankedTensorType>(x.getType()).getDimSize(2),
          W = cast<RankedTensorType>(x.getType()).getDimSize(3);
  int64_t M = wt.getDimSize(1) * groups;
  if (C % groups != 0)
    return n.error("channels not divisible by group");
  // Zero insertion: [N,C,H,1,W,1] padded to [N,C,H,sh,W,sw].
  if (s2[0] > 1 || s2[1] > 1) {
    x = n.reshape(x, {N, C, H, 1, W, 1});
    x = n.op("pad", {x, n.scalarLike(x, 0)},
             {n.arrayAttr("low", {0, 0, 0, 0, 0, 0}),
              n.arrayAttr("high", {0, 0, 0, s2[0] - 1, 0, s2[1] - 1})});
    x = n.reshape(x, {N, C, H * s2[0], W * s2[1]});
  }
  SmallVector<int64_t> low, high;
  for (int64_t i = 0; i < 2; ++i) {
    int64_t full = d2[i] * (k2[i] - 1);
    low.push_back(full - pb[i]);
    high.push_back(full - pe[i] + op2[i] - (s2[i] - 1));
  }
  if (llvm::any_of(low, [](int64_t v) { return v != 0; }) ||
      llvm::any_of(high, [](int64_t v) { return v != 0; }))
    x = n.op("pad", {x, n.scalarLike(x, 0)},
             {n.arrayAttr("low", {0, 0, low[0], low[1]}),
              n.arrayAttr("high", {0, 0, high[0], high[1]})});
  // Filter [C, M/G, kh, kw] -> [M, C/G, kh, kw], flipped in space.
  w = n.reshape(w, {groups, C / groups, M / groups, k2[0], k2[1]});
  w = n.transpose(w, {0, 2, 1, 3, 4});
  w = n.reshape(w, {M, C / groups, k2[0], k2[1]});
  for (int64_t axis = 2; axis < 4; ++axis) {
    int64_t k = k2[axis - 2];
    if (k == 1)
      continue;
    SmallVector<int64_t> rev;
    for (int64_t i = k - 1; i >= 0; --i)
      rev.push_back(i);
    Value idx = n.constant(DenseElementsAttr::get(
        RankedTensorType::get({k}, n.b.getI64Type()), ArrayRef(rev)));
    w = n.op("gather", {w, idx}, {n.i64Attr("axis", axis)});
  }
  Value y = n.op("conv2d", {x, w},
                 {n.arrayAttr("dilations", d2), n.i64Attr("groups", groups)});
  if (n.hasInput(2))
    y = n.binary("add", y, n.reshape(n.input(2), {1, M, 1, 1}));
  n.setOutput(0, s == 1 ? dropTo1D(n, y) : y);
  return n.finish();
}

template <bool Max>
static LogicalResult importPool(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0);
  if (!xt)
    return n.finish();
  int64_t spatial = xt.getRank() - 2;
  if (spatial != 1 && spatial != 2)
    return n.unsupported(std::to_string(spatial) + "-D pooling");
  auto kernel = n.attrInts("kernel_shape");
  if (!kernel)
    return n.error("missing kernel_shape");
  if (n.attrInt("storage_order", 0) != 0 && n.hasOutput(1))
    return n.unsupported("storage_order");
  auto w = readWindow(n, xt.getShape().drop_front(2), *kernel,
                      n.attrInt("ceil_mode", 0));
  if (!w)
    return failure();
  SmallVector<NamedAttribute> attrs{n.arrayAttr("kernel", w->kernel),
                                    n.arrayAttr("strides", w->strides),
                                    n.arrayAttr("dilations", w->dilations),
                                    n.arrayAttr("padding", w->padding)};
  if (!Max && n.attrInt("count_include_pad", 0))
    attrs.push_back(n.unitAttr("count_include_pad"));
  Value y = n.op(Max ? "max_pool" : "avg_pool", {liftTo2D(n, n.input(0))},
                 attrs);
  n.setOutput(0, spatial == 1 ? dropTo1D(n, y) : y);
  return n.finish();
}

template <bool Max>
static LogicalResult importGlobalPool(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0);
  if (!xt)
    return n.finish();
  n.setOutput(0, n.reduce(Max ? "reduce_max" : "reduce_mean", n.input(0),
                          llvm::to_vector(llvm::seq<int64_t>(2, xt.getRank())),
                          /*keepDims=*/true));
  return n.finish();
}

/// Shape [C] -> [C, 1, ..., 1] so a per-channel vector broadcasts along
/// dimension 1 of a rank-`rank` tensor.
static Value perChannel(OnnxNode &n, Value v, int64_t rank) {
  RankedTensorType t = typeOf(v);
  if (!t)
    return nullptr;
  SmallVector<int64_t> shape{t.getNumElements()};
  shape.append(rank - 2, 1);
  return n.reshape(v, shape);
}

static LogicalResult importBatchNorm(OnnxNode &n) {
  if (n.attrInt("training_mode", 0))
    return n.unsupported("BatchNormalization in training mode");
  if (n.opset < 9 && n.attrInt("spatial", 1) == 0)
    return n.unsupported("BatchNormalization with spatial = 0");
  RankedTensorType xt = n.inputType(0);
  if (!xt)
    return n.finish();
  double eps = n.attrFloat("epsilon", 1e-5);
  if (xt.getRank() >= 2 && n.hasOp("batch_norm")) {
    n.setOutput(0, n.op("batch_norm",
                        {n.input(0), n.input(1), n.input(2), n.input(3),
                         n.input(4)},
                        {n.f64Attr("epsilon", eps), n.i64Attr("axis", 1)}));
    return n.finish();
  }
  int64_t rank = xt.getRank();
  Value x = n.input(0);
  Value scale = perChannel(n, n.input(1), rank);
  Value bias = perChannel(n, n.input(2), rank);
  Value mean = perChannel(n, n.input(3), rank);
  Value var = perChannel(n, n.input(4), rank);
  Value inv = n.unary("rsqrt", n.binary("add", var, n.scalarLike(var, eps)));
  Value y = n.binary("mul", n.binary("sub", x, mean), n.binary("mul", inv,
                                                                scale));
  n.setOutput(0, n.binary("add", y, bias));
  return n.finish();
}

/// (x - mean) * rsqrt(var + eps) over `axes`, with the mean and the inverse
/// standard deviation (keep_dims) returned through the out parameters.
static Value normalize(OnnxNode &n, Value x, ArrayRef<int64_t> axes,
                       double eps, Value *meanOut = nullptr,
                       Value *invStdOut = nullptr) {
  Value mean = n.reduce("reduce_mean", x, axes, true);
  Value d = n.binary("sub", x, mean);
  Value var = n.reduce("reduce_mean", n.binary("mul", d, d), axes, true);
  Value inv = n.unary("rsqrt", n.binary("add", var, n.scalarLike(var, eps)));
  if (meanOut)
    *meanOut = mean;
  if (invStdOut)
    *invStdOut = inv;
  return n.binary("mul", d, inv);
}

static LogicalResult importLayerNorm(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0);
  if (!xt)
    return n.finish();
  int64_t rank = xt.getRank();
  auto axis = normalizeAxis(n.attrInt("axis", -1), rank);
  if (!axis)
    return n.error("axis out of range");
  double eps = n.attrFloat("epsilon", 1e-5);
  if (n.attrInt("stash_type", 1) != 1)
    return n.unsupported("stash_type other than float");
  bool onlyY = !n.hasOutput(1) && !n.hasOutput(2);
  if (onlyY && n.hasInput(2) && n.hasOp("layer_norm")) {
    n.setOutput(0, n.op("layer_norm", {n.input(0), n.input(1), n.input(2)},
                        {n.i64Attr("axis", *axis),
                         n.f64Attr("epsilon", eps)}));
    return n.finish();
  }
  Value mean, inv;
  Value y = normalize(n, n.input(0),
                      llvm::to_vector(llvm::seq<int64_t>(*axis, rank)), eps,
                      &mean, &inv);
  y = n.binary("mul", y, n.input(1));
  if (n.hasInput(2))
    y = n.binary("add", y, n.input(2));
  n.setOutput(0, y);
  n.setOutput(1, mean);
  n.setOutput(2, inv);
  return n.finish();
}

static LogicalResult importInstanceNorm(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0);
  if (!xt)
    return n.finish();
  int64_t rank = xt.getRank();
  if (rank < 3)
    return n.error("InstanceNormalization needs rank 3 or more");
  Value y = normalize(n, n.input(0),
                      llvm::to_vector(llvm::seq<int64_t>(2, rank)),
                      n.attrFloat("epsilon", 1e-5));
  y = n.binary("mul", y, perChannel(n, n.input(1), rank));
  n.setOutput(0, n.binary("add", y, perChannel(n, n.input(2), rank)));
  return n.finish();
}

static LogicalResult importMeanVarianceNorm(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0);
  if (!xt)
    return n.finish();
  SmallVector<int64_t> axes =
      n.attrInts("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  for (int64_t &a : axes) {
    auto norm = normalizeAxis(a, xt.getRank());
    if (!norm)
      return n.error("axis out of range");
    a = *norm;
  }
  // ONNX's function: (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9).
  Value x = n.input(0);
  Value mean = n.reduce("reduce_mean", x, axes, true);
  Value meanSq = n.reduce("reduce_mean", n.binary("mul", x, x), axes, true);
  Value var = n.binary("sub", meanSq, n.binary("mul", mean, mean));
  Value std = n.binary("add", n.unary("sqrt", var), n.scalarLike(x, 1e-9));
  n.setOutput(0, n.binary("div", n.binary("sub", x, mean), std));
  return n.finish();
}

/// x / (bias + alpha / size * sum of squares over a window of channels)^beta
static LogicalResult importLRN(OnnxNode &n) {
  RankedTensorType xt = n.inputType(0);
  if (!xt)
    return n.finish();
  int64_t size = n.attrInt("size", 0), rank = xt.getRank();
  int64_t channels = xt.getDimSize(1);
  if (size <= 0 || rank < 3)
    return n.error("LRN needs size > 0 and an [N, C, ...] input");
  if (ShapedType::isDynamic(channels))
    return n.unsupported("LRN over a dynamic channel count");
  double alpha = n.attrFloat("alpha", 1e-4), beta = n.attrFloat("beta", 0.75),
         bias = n.attrFloat("bias", 1.0);
  Value x = n.input(0);
  Value sq = n.binary("mul", x, x);
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  low[1] = (size - 1) / 2;
  high[1] = size - 1 - low[1];
  Value padded = n.op("pad", {sq, n.scalarLike(x, 0)},
                      {n.arrayAttr("low", low), n.arrayAttr("high", high)});
  Value sum = n.sliceAxis(padded, 1, 0, channels);
  for (int64_t k = 1; k < size; ++k)
    sum = n.binary("add", sum, n.sliceAxis(padded, 1, k, channels));
  Value d = n.binary("add", n.scalarLike(x, bias),
                     n.binary("mul", sum, n.scalarLike(x, alpha / size)));
  n.setOutput(0, n.binary("div", x, n.binary("pow", d,
                                             n.scalarLike(x, beta))));
  return n.finish();
}

void mlir::tfcc::onnx_import::registerNNOps(OpTable &t) {
  t["LRN"] = importLRN;
  t["Conv"] = importConv;
  t["ConvTranspose"] = importConvTranspose;
  t["MaxPool"] = importPool<true>;
  t["AveragePool"] = importPool<false>;
  t["GlobalAveragePool"] = importGlobalPool<false>;
  t["GlobalMaxPool"] = importGlobalPool<true>;
  t["BatchNormalization"] = importBatchNorm;
  t["LayerNormalization"] = importLayerNorm;
  t["InstanceNormalization"] = importInstanceNorm;
  t["MeanVarianceNormalization"] = importMeanVarianceNorm;
}
