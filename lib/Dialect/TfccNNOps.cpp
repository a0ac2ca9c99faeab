//===- TfccNNOps.cpp - type inference of the tfcc nn ops ------------------===//
//
// Result types and verifiers of the ops in TfccNNOps.td: convolution,
// pooling, normalization and padding. As for the other ops, inference
// failures are the verifier messages.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "InferenceUtils.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::tfcc;

using namespace mlir::tfcc::detail;

static std::string str(int64_t v) { return std::to_string(v); }

/// A list attribute with `size` entries, `fallback` when absent (required
/// when there is no fallback), each at least `min`.
static FailureOr<SmallVector<int64_t>>
listAttr(const OpDiag &diag, DenseI64ArrayAttr fromProps, DictionaryAttr dict,
         StringRef name, size_t size, ArrayRef<int64_t> fallback,
         std::optional<int64_t> min) {
  SmallVector<int64_t> values(fallback);
  if (DenseI64ArrayAttr attr = lookup(fromProps, dict, name))
    values.assign(attr.asArrayRef().begin(), attr.asArrayRef().end());
  else if (fallback.empty())
    return diag("requires the attribute '" + name + "'");
  if (values.size() != size)
    return diag("'" + name + "' must have " + str(size) + " entries, got " +
                formatShape(values));
  for (int64_t v : values)
    if (min && v < *min)
      return diag("'" + name + "' entries must be " +
                  (*min == 0 ? "non-negative" : "positive") + ", got " +
                  formatShape(values));
  return values;
}

static int64_t intAttr(IntegerAttr fromProps, DictionaryAttr dict,
                       StringRef name, int64_t fallback) {
  if (IntegerAttr attr = lookup(fromProps, dict, name))
    return attr.getValue().getSExtValue();
  return fallback;
}

static FailureOr<bool> isNHWC(const OpDiag &diag, StringAttr fromProps,
                              DictionaryAttr dict) {
  StringAttr attr = lookup(fromProps, dict, "data_format");
  if (!attr || attr.getValue() == "NCHW")
    return false;
  if (attr.getValue() == "NHWC")
    return true;
  return diag("data_format must be \"NCHW\" or \"NHWC\", got \"" +
              attr.getValue() + "\"");
}

/// Output size of one sliding-window dimension, dynamic if `in` is.
static FailureOr<int64_t> windowOutputSize(const OpDiag &diag, StringRef dim,
                                           int64_t in, int64_t k, int64_t stride,
                                           int64_t dilation, int64_t padLo,
                                           int64_t padHi) {
  if (ShapedType::isDynamic(in) || ShapedType::isDynamic(k))
    return ShapedType::kDynamic;
  int64_t extent = dilation * (k - 1) + 1;
  int64_t padded = in + padLo + padHi;
  if (padded < extent)
    return diag("the dilated kernel (" + str(extent) + ") is larger than the "
                "padded input (" + str(padded) + ") in dimension " + dim);
  return (padded - extent) / stride + 1;
}

//===----------------------------------------------------------------------===//
// Window attributes and shapes shared by convolution, pooling and their
// gradients
//===----------------------------------------------------------------------===//

namespace {
/// The window attributes every gradient op shares with its forward op.
struct WindowAttrs {
  bool nhwc;
  SmallVector<int64_t> strides, dilations, padding;
  int64_t hDim() const { return nhwc ? 1 : 2; }
  int64_t wDim() const { return nhwc ? 2 : 3; }
  int64_t cDim() const { return nhwc ? 3 : 1; }
};

/// A filter's dims as [O, C/G, KH, KW] whatever the layout.
struct FilterDims {
  int64_t outC, inCPerGroup, kh, kw;
};
} // namespace

/// `a` and `b` (named `aName` and `bName` in errors) must be 4-D tensors of
/// one element type.
static LogicalResult checkRank4Pair(const OpDiag &diag, StringRef aName,
                                    RankedTensorType a, StringRef bName,
                                    RankedTensorType b) {
  if (a.getRank() != 4 || b.getRank() != 4)
    return diag(aName + " and " + bName + " must have rank 4, got " +
                formatShape(a.getShape()) + " and " +
                formatShape(b.getShape()));
  if (a.getElementType() != b.getElementType())
    return diag(aName + " and " + bName + " have different element types");
  return success();
}

/// Strides, dilations and padding, for a data format already read.
template <typename Adaptor>
static FailureOr<WindowAttrs> windowAttrs(const OpDiag &diag, Adaptor adaptor,
                                          bool nhwc) {
  DictionaryAttr dict = adaptor.getAttributes();
  auto strides = listAttr(diag, adaptor.getStridesAttr(), dict, "strides", 2,
                          {1, 1}, 1);
  if (failed(strides))
    return failure();
  auto dilations = listAttr(diag, adaptor.getDilationsAttr(), dict,
                            "dilations", 2, {1, 1}, 1);
  if (failed(dilations))
    return failure();
  auto padding = listAttr(diag, adaptor.getPaddingAttr(), dict, "padding", 4,
                          {0, 0, 0, 0}, 0);
  if (failed(padding))
    return failure();
  return WindowAttrs{nhwc, *strides, *dilations, *padding};
}

/// Data format, strides, dilations and padding, in that order.
template <typename Adaptor>
static FailureOr<WindowAttrs> windowAttrs(const OpDiag &diag, Adaptor adaptor) {
  auto nhwc =
      isNHWC(diag, adaptor.getDataFormatAttr(), adaptor.getAttributes());
  if (failed(nhwc))
    return failure();
  return windowAttrs(diag, adaptor, *nhwc);
}

/// The forward result's spatial sizes for input sizes `h`, `w` and kernel
/// sizes `kh`, `kw`.
static FailureOr<std::pair<int64_t, int64_t>>
forwardSpatial(const OpDiag &diag, const WindowAttrs &a, int64_t h, int64_t w,
               int64_t kh, int64_t kw) {
  auto oh = windowOutputSize(diag, "H", h, kh, a.strides[0], a.dilations[0],
                             a.padding[0], a.padding[2]);
  if (failed(oh))
    return failure();
  auto ow = windowOutputSize(diag, "W", w, kw, a.strides[1], a.dilations[1],
                             a.padding[1], a.padding[3]);
  if (failed(ow))
    return failure();
  return std::make_pair(*oh, *ow);
}

static LogicalResult checkGroups(const OpDiag &diag, int64_t groups,
                                 int64_t inC, int64_t outC) {
  if (groups < 1)
    return diag("groups must be positive, got " + str(groups));
  if (!ShapedType::isDynamic(inC) && inC % groups != 0)
    return diag("input channels (" + str(inC) + ") are not divisible by " +
                "groups (" + str(groups) + ")");
  if (!ShapedType::isDynamic(outC) && outC % groups != 0)
    return diag("output channels (" + str(outC) + ") are not divisible by " +
                "groups (" + str(groups) + ")");
  return success();
}

static FilterDims filterDims(const WindowAttrs &a, ArrayRef<int64_t> fs) {
  return a.nhwc ? FilterDims{fs[3], fs[2], fs[0], fs[1]}
                : FilterDims{fs[0], fs[1], fs[2], fs[3]};
}

/// [N, C, H, W] or [N, H, W, C].
static SmallVector<int64_t> layout(const WindowAttrs &a, int64_t n, int64_t c,
                                   int64_t h, int64_t w) {
  return a.nhwc ? SmallVector<int64_t>{n, h, w, c}
                : SmallVector<int64_t>{n, c, h, w};
}

/// `shape` with its spatial dims replaced by `h` and `w`.
static SmallVector<int64_t> withSpatial(const WindowAttrs &a,
                                        ArrayRef<int64_t> shape, int64_t h,
                                        int64_t w) {
  SmallVector<int64_t> result(shape);
  result[a.hDim()] = h;
  result[a.wDim()] = w;
  return result;
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto input = tensorOf(adaptor.getInput());
  auto filter = tensorOf(adaptor.getFilter());
  if (failed(checkRank4Pair(diag, "input", input, "filter", filter)))
    return failure();
  auto a = windowAttrs(diag, adaptor);
  if (failed(a))
    return failure();
  int64_t groups =
      intAttr(adaptor.getGroupsAttr(), adaptor.getAttributes(), "groups", 1);
  FilterDims f = filterDims(*a, filter.getShape());
  int64_t n = input.getDimSize(0), inC = input.getDimSize(a->cDim());
  if (failed(checkGroups(diag, groups, inC, f.outC)))
    return failure();
  if (!ShapedType::isDynamic(inC) && !ShapedType::isDynamic(f.inCPerGroup) &&
      inC / groups != f.inCPerGroup)
    return diag("input " + formatShape(input.getShape()) + " and filter " +
                formatShape(filter.getShape()) + " (" +
                (a->nhwc ? "NHWC" : "NCHW") +
                ") do not fit: the filter takes " + str(f.inCPerGroup) +
                " input channels per group, the input has " + str(inC) +
                " in " + str(groups) + " group(s)");
  auto o = forwardSpatial(diag, *a, input.getDimSize(a->hDim()),
                          input.getDimSize(a->wDim()), f.kh, f.kw);
  if (failed(o))
    return failure();
  types.push_back(RankedTensorType::get(
      layout(*a, n, f.outC, o->first, o->second), input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename Adaptor>
static LogicalResult inferPool(StringRef opName, std::optional<Location> loc,
                               Adaptor adaptor, SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, opName};
  DictionaryAttr dict = adaptor.getAttributes();
  auto input = tensorOf(adaptor.getInput());
  if (input.getRank() != 4)
    return diag("input must have rank 4, got " + formatShape(input.getShape()));
  // The kernel is read between the data format and the other attributes.
  auto nhwc = isNHWC(diag, adaptor.getDataFormatAttr(), dict);
  if (failed(nhwc))
    return failure();
  auto kernel =
      listAttr(diag, adaptor.getKernelAttr(), dict, "kernel", 2, {}, 1);
  if (failed(kernel))
    return failure();
  auto a = windowAttrs(diag, adaptor, *nhwc);
  if (failed(a))
    return failure();
  auto o =
      forwardSpatial(diag, *a, input.getDimSize(a->hDim()),
                     input.getDimSize(a->wDim()), (*kernel)[0], (*kernel)[1]);
  if (failed(o))
    return failure();
  types.push_back(RankedTensorType::get(
      withSpatial(*a, input.getShape(), o->first, o->second),
      input.getElementType()));
  return success();
}

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferPool(getOperationName(), loc, adaptor, types);
}

LogicalResult AvgPoolOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferPool(getOperationName(), loc, adaptor, types);
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto input = tensorOf(adaptor.getInput());
  int64_t rank = input.getRank();
  int64_t rawAxis = intAttr(adaptor.getAxisAttr(), adaptor.getAttributes(),
                            "axis", 1);
  auto axis = normalizeAxis(rawAxis, rank);
  if (!axis)
    return diag("axis " + str(rawAxis) + " is out of range for rank " +
                str(rank));
  int64_t channels = input.getDimSize(*axis);
  const char *names[] = {"scale", "offset", "mean", "variance"};
  for (auto [name, v] :
       llvm::zip(names, ValueRange{adaptor.getScale(), adaptor.getOffset(),
                                   adaptor.getMean(), adaptor.getVariance()})) {
    auto t = tensorOf(v);
    if (t.getElementType() != input.getElementType())
      return diag(Twine("'") + name +
                  "' has a different element type than the input");
    if (t.getRank() != 1)
      return diag(Twine("'") + name + "' must have rank 1, got " +
                  formatShape(t.getShape()));
    int64_t size = t.getDimSize(0);
    if (!ShapedType::isDynamic(size) && !ShapedType::isDynamic(channels) &&
        size != channels)
      return diag(Twine("'") + name + "' has " + str(size) +
                  " elements but dimension " + str(*axis) + " of input " +
                  formatShape(input.getShape()) + " has " + str(channels));
  }
  types.push_back(input);
  return success();
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto input = tensorOf(adaptor.getInput());
  int64_t rank = input.getRank();
  int64_t rawAxis = intAttr(adaptor.getAxisAttr(), adaptor.getAttributes(),
                            "axis", -1);
  auto axis = normalizeAxis(rawAxis, rank);
  if (!axis)
    return diag("axis " + str(rawAxis) + " is out of range for rank " +
                str(rank));
  ArrayRef<int64_t> normalized = input.getShape().drop_front(*axis);
  for (auto [name, v] : llvm::zip(std::array<const char *, 2>{"scale", "bias"},
                                  ValueRange{adaptor.getScale(),
                                             adaptor.getBias()})) {
    auto t = tensorOf(v);
    if (t.getElementType() != input.getElementType())
      return diag(Twine("'") + name +
                  "' has a different element type than the input");
    auto joined = broadcastShapes(normalized, t.getShape());
    bool fits = joined && joined->size() == normalized.size();
    for (size_t i = 0; fits && i < normalized.size(); ++i)
      fits = ShapedType::isDynamic(normalized[i]) ||
             (*joined)[i] == normalized[i];
    if (!fits)
      return diag(Twine("'") + name + "' of shape " +
                  formatShape(t.getShape()) +
                  " does not broadcast to the normalized dimensions " +
                  formatShape(normalized) + " of input " +
                  formatShape(input.getShape()));
  }
  types.push_back(input);
  return success();
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  DictionaryAttr dict = adaptor.getAttributes();
  auto input = tensorOf(adaptor.getInput());
  int64_t rank = input.getRank();
  auto low = listAttr(diag, adaptor.getLowAttr(), dict, "low", rank, {},
                      std::nullopt);
  if (failed(low))
    return failure();
  auto high = listAttr(diag, adaptor.getHighAttr(), dict, "high", rank, {},
                       std::nullopt);
  if (failed(high))
    return failure();
  StringRef mode = "constant";
  if (StringAttr attr = lookup(adaptor.getModeAttr(), dict, "mode"))
    mode = attr.getValue();
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return diag("mode must be \"constant\", \"reflect\" or \"edge\", got \"" +
                mode + "\"");
  if (Value value = adaptor.getValue()) {
    auto t = tensorOf(value);
    if (t.getRank() != 0)
      return diag("value must have rank 0, got " + formatShape(t.getShape()));
    if (t.getElementType() != input.getElementType())
      return diag("value has a different element type than the input");
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t in = input.getDimSize(i), lo = (*low)[i], hi = (*high)[i];
    if (ShapedType::isDynamic(in)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t cropped = in + std::min<int64_t>(lo, 0) + std::min<int64_t>(hi, 0);
    if (cropped < 0 || in + lo + hi < 0)
      return diag("dimension " + str(i) + " of size " + str(in) +
                  " cannot be cropped by " + str(-std::min<int64_t>(lo, 0)) +
                  " and " + str(-std::min<int64_t>(hi, 0)));
    int64_t grow = std::max<int64_t>({lo, hi, 0});
    if (mode == "reflect" && grow > 0 && grow >= cropped)
      return diag("reflect padding of " + str(grow) + " needs dimension " +
                  str(i) + " to have more than " + str(grow) +
                  " elements, it has " + str(cropped));
    if (mode == "edge" && grow > 0 && cropped == 0)
      return diag("edge padding of the empty dimension " + str(i));
    shape.push_back(in + lo + hi);
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Gradients of convolution and pooling
//===----------------------------------------------------------------------===//

/// `grad` must have the forward result's shape where both are static.
static LogicalResult checkGradShape(const OpDiag &diag, RankedTensorType grad,
                                    ArrayRef<int64_t> forward) {
  for (auto [g, f] : llvm::zip(grad.getShape(), forward))
    if (!ShapedType::isDynamic(g) && !ShapedType::isDynamic(f) && g != f)
      return diag("grad has shape " + formatShape(grad.getShape()) +
                  " but the forward result has shape " + formatShape(forward));
  return success();
}

LogicalResult Conv2DBackpropInputOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  DictionaryAttr dict = adaptor.getAttributes();
  auto grad = tensorOf(adaptor.getGrad());
  auto filter = tensorOf(adaptor.getFilter());
  if (failed(checkRank4Pair(diag, "grad", grad, "filter", filter)))
    return failure();
  auto a = windowAttrs(diag, adaptor);
  if (failed(a))
    return failure();
  auto spatial = listAttr(diag, adaptor.getInputSpatialAttr(), dict,
                          "input_spatial", 2, {}, 1);
  if (failed(spatial))
    return failure();
  FilterDims f = filterDims(*a, filter.getShape());
  if (ShapedType::isDynamic(f.kh) || ShapedType::isDynamic(f.kw))
    return diag("the filter's kernel sizes must be static, got filter " +
                formatShape(filter.getShape()));
  int64_t groups = intAttr(adaptor.getGroupsAttr(), dict, "groups", 1);
  if (failed(checkGroups(diag, groups, ShapedType::kDynamic, f.outC)))
    return failure();
  auto o = forwardSpatial(diag, *a, (*spatial)[0], (*spatial)[1], f.kh, f.kw);
  if (failed(o))
    return failure();
  int64_t n = grad.getDimSize(0);
  if (failed(checkGradShape(diag, grad,
                            layout(*a, n, f.outC, o->first, o->second))))
    return failure();
  int64_t inC = ShapedType::isDynamic(f.inCPerGroup) ? ShapedType::kDynamic
                                                     : f.inCPerGroup * groups;
  types.push_back(RankedTensorType::get(
      layout(*a, n, inC, (*spatial)[0], (*spatial)[1]),
      grad.getElementType()));
  return success();
}

LogicalResult Conv2DBackpropFilterOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  DictionaryAttr dict = adaptor.getAttributes();
  auto input = tensorOf(adaptor.getInput());
  auto grad = tensorOf(adaptor.getGrad());
  if (failed(checkRank4Pair(diag, "input", input, "grad", grad)))
    return failure();
  auto a = windowAttrs(diag, adaptor);
  if (failed(a))
    return failure();
  auto kernel =
      listAttr(diag, adaptor.getKernelAttr(), dict, "kernel", 2, {}, 1);
  if (failed(kernel))
    return failure();
  int64_t inC = input.getDimSize(a->cDim()), outC = grad.getDimSize(a->cDim());
  int64_t groups = intAttr(adaptor.getGroupsAttr(), dict, "groups", 1);
  if (failed(checkGroups(diag, groups, inC, outC)))
    return failure();
  auto o = forwardSpatial(diag, *a, input.getDimSize(a->hDim()),
                          input.getDimSize(a->wDim()), (*kernel)[0],
                          (*kernel)[1]);
  if (failed(o))
    return failure();
  if (failed(checkGradShape(diag, grad,
                            layout(*a, input.getDimSize(0), outC, o->first,
                                   o->second))))
    return failure();
  int64_t perGroup =
      ShapedType::isDynamic(inC) ? ShapedType::kDynamic : inC / groups;
  int64_t kh = (*kernel)[0], kw = (*kernel)[1];
  SmallVector<int64_t> shape =
      a->nhwc ? SmallVector<int64_t>{kh, kw, perGroup, outC}
              : SmallVector<int64_t>{outC, perGroup, kh, kw};
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult MaxPoolGradOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto input = tensorOf(adaptor.getInput());
  auto grad = tensorOf(adaptor.getGrad());
  if (failed(checkRank4Pair(diag, "input", input, "grad", grad)))
    return failure();
  auto a = windowAttrs(diag, adaptor);
  if (failed(a))
    return failure();
  auto kernel = listAttr(diag, adaptor.getKernelAttr(),
                         adaptor.getAttributes(), "kernel", 2, {}, 1);
  if (failed(kernel))
    return failure();
  auto o = forwardSpatial(diag, *a, input.getDimSize(a->hDim()),
                          input.getDimSize(a->wDim()), (*kernel)[0],
                          (*kernel)[1]);
  if (failed(o))
    return failure();
  if (failed(checkGradShape(
          diag, grad, withSpatial(*a, input.getShape(), o->first, o->second))))
    return failure();
  types.push_back(input);
  return success();
}

LogicalResult AvgPoolGradOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  DictionaryAttr dict = adaptor.getAttributes();
  auto grad = tensorOf(adaptor.getGrad());
  if (grad.getRank() != 4)
    return diag("grad must have rank 4, got " + formatShape(grad.getShape()));
  auto a = windowAttrs(diag, adaptor);
  if (failed(a))
    return failure();
  auto spatial = listAttr(diag, adaptor.getInputSpatialAttr(), dict,
                          "input_spatial", 2, {}, 1);
  if (failed(spatial))
    return failure();
  auto kernel =
      listAttr(diag, adaptor.getKernelAttr(), dict, "kernel", 2, {}, 1);
  if (failed(kernel))
    return failure();
  auto o = forwardSpatial(diag, *a, (*spatial)[0], (*spatial)[1], (*kernel)[0],
                          (*kernel)[1]);
  if (failed(o))
    return failure();
  if (failed(checkGradShape(
          diag, grad, withSpatial(*a, grad.getShape(), o->first, o->second))))
    return failure();
  types.push_back(RankedTensorType::get(
      withSpatial(*a, grad.getShape(), (*spatial)[0], (*spatial)[1]),
      grad.getElementType()));
  return success();
}
