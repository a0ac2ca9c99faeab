//===- TfccIndexOps.cpp - type inference of the tfcc index ops ------------===//
//
// Result types and verifiers of the ops in TfccIndexOps.td. The broadcasting
// binary ops and reduce_prod share the helpers in TfccOps.cpp; unary ops get
// their type from SameOperandsAndResultType.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "InferenceUtils.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::tfcc;

using namespace mlir::tfcc::detail;

/// The integer attribute `name`, `fallback` if absent and it has a default,
/// or an error if it is required.
static FailureOr<int64_t> intAttr(const OpDiag &diag, IntegerAttr fromProps,
                                  DictionaryAttr dict, StringRef name,
                                  std::optional<int64_t> fallback) {
  if (IntegerAttr attr = lookup(fromProps, dict, name))
    return attr.getValue().getSExtValue();
  if (fallback)
    return *fallback;
  return diag("requires the integer attribute '" + name + "'");
}

static LogicalResult axisError(const OpDiag &diag, int64_t axis,
                               int64_t rank) {
  return diag("axis " + std::to_string(axis) + " is out of range for rank " +
              std::to_string(rank));
}

//===----------------------------------------------------------------------===//
// is_nan, is_inf
//===----------------------------------------------------------------------===//

#define TFCC_CLASS_INFER(Op)                                                   \
  LogicalResult Op::inferReturnTypes(MLIRContext *ctx,                         \
                                     std::optional<Location>, Adaptor adaptor, \
                                     SmallVectorImpl<Type> &types) {           \
    types.push_back(                                                           \
        tensorOf(adaptor.getInput()).clone(IntegerType::get(ctx, 1)));         \
    return success();                                                          \
  }
TFCC_CLASS_INFER(IsNanOp)
TFCC_CLASS_INFER(IsInfOp)
#undef TFCC_CLASS_INFER

//===----------------------------------------------------------------------===//
// argmax, argmin
//===----------------------------------------------------------------------===//

template <typename AdaptorT>
static LogicalResult inferArgReduce(StringRef opName,
                                    std::optional<Location> loc,
                                    AdaptorT adaptor,
                                    SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, opName};
  DictionaryAttr dict = adaptor.getAttributes();
  auto type = tensorOf(adaptor.getInput());
  int64_t rank = type.getRank();
  FailureOr<int64_t> axis =
      intAttr(diag, adaptor.getAxisAttr(), dict, "axis", std::nullopt);
  if (failed(axis))
    return failure();
  auto norm = normalizeAxis(*axis, rank);
  if (!norm)
    return axisError(diag, *axis, rank);
  if (type.getDimSize(*norm) == 0)
    return diag("cannot reduce the empty dimension " + std::to_string(*norm) +
                " of " + formatShape(type.getShape()));
  bool keepDims =
      static_cast<bool>(lookup(adaptor.getKeepDimsAttr(), dict, "keep_dims"));
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (i != *norm)
      shape.push_back(type.getDimSize(i));
    else if (keepDims)
      shape.push_back(1);
  }
  types.push_back(
      RankedTensorType::get(shape, IntegerType::get(type.getContext(), 64)));
  return success();
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  return inferArgReduce(getOperationName(), loc, adaptor, types);
}

LogicalResult ArgMinOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  return inferArgReduce(getOperationName(), loc, adaptor, types);
}

//===----------------------------------------------------------------------===//
// cumsum
//===----------------------------------------------------------------------===//

LogicalResult CumsumOp::verify() {
  int64_t rank = getInput().getType().getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (!normalizeAxis(axis, rank))
    return emitOpError("axis ")
           << axis << " is out of range for rank " << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// top_k
//===----------------------------------------------------------------------===//

LogicalResult TopKOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  DictionaryAttr dict = adaptor.getAttributes();
  auto type = tensorOf(adaptor.getInput());
  int64_t rank = type.getRank();
  FailureOr<int64_t> k =
      intAttr(diag, adaptor.getKAttr(), dict, "k", std::nullopt);
  FailureOr<int64_t> axis = intAttr(diag, adaptor.getAxisAttr(), dict, "axis",
                                    /*fallback=*/-1);
  if (failed(k) || failed(axis))
    return failure();
  auto norm = normalizeAxis(*axis, rank);
  if (!norm)
    return axisError(diag, *axis, rank);
  if (*k < 0)
    return diag("k must be non-negative, got " + std::to_string(*k));
  int64_t size = type.getDimSize(*norm);
  if (!ShapedType::isDynamic(size) && *k > size)
    return diag("k = " + std::to_string(*k) + " is larger than dimension " +
                std::to_string(*norm) + " of " +
                formatShape(type.getShape()));
  SmallVector<int64_t> shape(type.getShape());
  shape[*norm] = *k;
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  types.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// gather
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto params = tensorOf(adaptor.getParams());
  auto indices = tensorOf(adaptor.getIndices());
  int64_t rank = params.getRank();
  FailureOr<int64_t> axis = intAttr(diag, adaptor.getAxisAttr(),
                                    adaptor.getAttributes(), "axis", 0);
  if (failed(axis))
    return failure();
  auto norm = normalizeAxis(*axis, rank);
  if (!norm)
    return axisError(diag, *axis, rank);
  if (params.getDimSize(*norm) == 0)
    return diag("cannot gather from the empty dimension " +
                std::to_string(*norm) + " of " +
                formatShape(params.getShape()));
  SmallVector<int64_t> shape(params.getShape().take_front(*norm));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, params.getShape().drop_front(*norm + 1));
  types.push_back(RankedTensorType::get(shape, params.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// scatter
//===----------------------------------------------------------------------===//

LogicalResult ScatterOp::verify() {
  if (getMode() != "add" && getMode() != "update")
    return emitOpError("mode must be \"add\" or \"update\", got \"")
           << getMode() << "\"";
  auto base = cast<RankedTensorType>(getBase().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto updates = cast<RankedTensorType>(getUpdates().getType());
  if (base.getRank() == 0)
    return emitOpError("needs a base of rank >= 1");
  if (updates.getElementType() != base.getElementType())
    return emitOpError("updates are ")
           << updates.getElementType() << ", the base "
           << base.getElementType();
  SmallVector<int64_t> want(indices.getShape());
  llvm::append_range(want, base.getShape().drop_front());
  if (updates.getRank() != static_cast<int64_t>(want.size()) ||
      failed(verifyCompatibleShape(updates.getShape(), want)))
    return emitOpError("updates must have shape indices.shape + "
                       "base.shape[1:], got ")
           << getUpdates().getType() << " for indices "
           << getIndices().getType() << " and base " << getBase().getType();
  return success();
}

//===----------------------------------------------------------------------===//
// unsorted_segment_sum
//===----------------------------------------------------------------------===//

LogicalResult UnsortedSegmentSumOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto data = tensorOf(adaptor.getData());
  auto ids = tensorOf(adaptor.getSegmentIds());
  FailureOr<int64_t> num =
      intAttr(diag, adaptor.getNumSegmentsAttr(), adaptor.getAttributes(),
              "num_segments", std::nullopt);
  if (failed(num))
    return failure();
  if (*num < 0)
    return diag("num_segments must be non-negative, got " +
                std::to_string(*num));
  auto notPrefix = [&] {
    return diag("segment_ids shape " + formatShape(ids.getShape()) +
                " is not a prefix of data shape " +
                formatShape(data.getShape()));
  };
  if (ids.getRank() > data.getRank())
    return notPrefix();
  for (int64_t i = 0; i < ids.getRank(); ++i) {
    int64_t a = ids.getDimSize(i), b = data.getDimSize(i);
    if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
      return notPrefix();
  }
  SmallVector<int64_t> shape{*num};
  llvm::append_range(shape, data.getShape().drop_front(ids.getRank()));
  types.push_back(RankedTensorType::get(shape, data.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// one_hot
//===----------------------------------------------------------------------===//

LogicalResult OneHotOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  DictionaryAttr dict = adaptor.getAttributes();
  auto indices = tensorOf(adaptor.getIndices());
  auto on = tensorOf(adaptor.getOnValue());
  auto off = tensorOf(adaptor.getOffValue());
  FailureOr<int64_t> depth =
      intAttr(diag, adaptor.getDepthAttr(), dict, "depth", std::nullopt);
  FailureOr<int64_t> axis =
      intAttr(diag, adaptor.getAxisAttr(), dict, "axis", /*fallback=*/-1);
  if (failed(depth) || failed(axis))
    return failure();
  if (*depth < 0)
    return diag("depth must be non-negative, got " + std::to_string(*depth));
  if (on.getRank() != 0 || off.getRank() != 0)
    return diag("on_value and off_value must have rank 0, got " +
                formatShape(on.getShape()) + " and " +
                formatShape(off.getShape()));
  if (on.getElementType() != off.getElementType())
    return diag("on_value and off_value have different element types");
  // The new dimension can go anywhere in the result, which has rank + 1.
  int64_t rank = indices.getRank();
  auto norm = normalizeAxis(*axis, rank + 1);
  if (!norm)
    return diag("axis " + std::to_string(*axis) + " is out of range [" +
                std::to_string(-rank - 1) + ", " + std::to_string(rank) +
                "] for indices of rank " + std::to_string(rank));
  SmallVector<int64_t> shape(indices.getShape());
  shape.insert(shape.begin() + *norm, *depth);
  types.push_back(RankedTensorType::get(shape, on.getElementType()));
  return success();
}
