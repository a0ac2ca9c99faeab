//===- TfccOps.cpp - tfcc op verification and type inference --------------===//
//
// Every op infers its result type; inference failures are the verifier
// messages, so they name the op and say what does not fit.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "InferenceUtils.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::tfcc;

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

std::optional<SmallVector<int64_t>>
mlir::tfcc::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the trailing dimension; a missing leading dimension is 1.
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == b)
      result[i] = a;
    else if (a == 1)
      result[i] = b;
    else if (b == 1)
      result[i] = a;
    else if (ShapedType::isDynamic(a))
      result[i] = b;
    else if (ShapedType::isDynamic(b))
      result[i] = a;
    else
      return std::nullopt;
  }
  return result;
}

std::string mlir::tfcc::formatShape(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << '?';
        else
          os << d;
      },
      ",");
  os << ']';
  return s;
}

std::optional<int64_t> mlir::tfcc::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

using namespace mlir::tfcc::detail;

/// Broadcasts the shapes of `operands` together into `shape`.
static LogicalResult broadcastOperands(const OpDiag &diag, ValueRange operands,
                                       SmallVector<int64_t> &shape) {
  shape.assign(tensorOf(operands.front()).getShape().begin(),
               tensorOf(operands.front()).getShape().end());
  for (Value v : operands.drop_front()) {
    auto next = broadcastShapes(shape, tensorOf(v).getShape());
    if (!next) {
      std::string names;
      for (Value o : operands)
        names += (names.empty() ? "" : " and ") +
                 formatShape(tensorOf(o).getShape());
      return diag("operand shapes " + names + " are not broadcast-compatible");
    }
    shape = *next;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  auto type = dyn_cast_or_null<RankedTensorType>(adaptor.getValue().getType());
  if (!type)
    return OpDiag{loc, getOperationName()}("value must be a ranked tensor");
  types.push_back(type);
  return success();
}

LogicalResult ConstantOp::verify() {
  if (!getValue().getShapedType().hasStaticShape())
    return emitOpError("value must have a static shape");
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

/// Result of a broadcasting binary op: broadcast shape, and the operands'
/// element type or i1 for comparisons.
static LogicalResult inferBinary(StringRef opName, std::optional<Location> loc,
                                 Value lhs, Value rhs, bool isComparison,
                                 SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, opName};
  Type lhsElem = tensorOf(lhs).getElementType();
  Type rhsElem = tensorOf(rhs).getElementType();
  if (lhsElem != rhsElem) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << "operand element types " << lhsElem << " and " << rhsElem
       << " differ";
    return diag(s);
  }
  SmallVector<int64_t> shape;
  if (failed(broadcastOperands(diag, ValueRange{lhs, rhs}, shape)))
    return failure();
  Type elem = isComparison ? IntegerType::get(lhs.getContext(), 1) : lhsElem;
  types.push_back(RankedTensorType::get(shape, elem));
  return success();
}

#define TFCC_ARITH_INFER(Op, IsCompare)                                        \
  LogicalResult Op::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    return inferBinary(getOperationName(), loc, adaptor.getLhs(),              \
                       adaptor.getRhs(), IsCompare, types);                    \
  }
TFCC_ARITH_INFER(AddOp, false)
TFCC_ARITH_INFER(SubOp, false)
TFCC_ARITH_INFER(MulOp, false)
TFCC_ARITH_INFER(DivOp, false)
TFCC_ARITH_INFER(PowOp, false)
TFCC_ARITH_INFER(MaximumOp, false)
TFCC_ARITH_INFER(MinimumOp, false)
TFCC_ARITH_INFER(EqualOp, true)
TFCC_ARITH_INFER(NotEqualOp, true)
TFCC_ARITH_INFER(LessOp, true)
TFCC_ARITH_INFER(LessEqualOp, true)
TFCC_ARITH_INFER(GreaterOp, true)
TFCC_ARITH_INFER(GreaterEqualOp, true)
TFCC_ARITH_INFER(FloorModOp, false)
TFCC_ARITH_INFER(ModOp, false)
TFCC_ARITH_INFER(LogicalAndOp, false)
TFCC_ARITH_INFER(LogicalOrOp, false)
TFCC_ARITH_INFER(LogicalXorOp, false)
#undef TFCC_ARITH_INFER

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  Type elem = tensorOf(adaptor.getOnTrue()).getElementType();
  if (elem != tensorOf(adaptor.getOnFalse()).getElementType())
    return diag("'on_true' and 'on_false' have different element types");
  SmallVector<int64_t> shape;
  if (failed(broadcastOperands(diag, adaptor.getOperands(), shape)))
    return failure();
  types.push_back(RankedTensorType::get(shape, elem));
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

// Their result type (the operand's) is inferred by SameOperandsAndResultType.

template <typename OpT>
static LogicalResult verifySoftmax(OpT op) {
  int64_t rank = op.getInput().getType().getRank();
  if (rank == 0)
    return op.emitOpError("input must have rank 1 or more");
  int64_t axis = static_cast<int64_t>(op.getAxis());
  if (!normalizeAxis(axis, rank))
    return op.emitOpError("axis ")
           << axis << " is out of range for rank " << rank;
  return success();
}
LogicalResult SoftmaxOp::verify() { return verifySoftmax(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmax(*this); }

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto a = tensorOf(adaptor.getA()), b = tensorOf(adaptor.getB());
  if (a.getRank() < 2 || b.getRank() < 2)
    return diag("operands must have rank 2 or more, got " +
                formatShape(a.getShape()) + " and " +
                formatShape(b.getShape()));
  if (a.getElementType() != b.getElementType())
    return diag("operands have different element types");
  ArrayRef<int64_t> as = a.getShape(), bs = b.getShape();
  int64_t ra = as.size(), rb = bs.size();
  // While the custom form is parsed, flags written in its attribute
  // dictionary are not in the properties yet: read them from the dictionary.
  DictionaryAttr attrs = adaptor.getAttributes();
  auto flag = [&](BoolAttr attr, StringRef name) {
    if (!attr && attrs)
      attr = dyn_cast_or_null<BoolAttr>(attrs.get(name));
    return attr && attr.getValue();
  };
  bool ta = flag(adaptor.getTransposeAAttr(), "transpose_a"),
       tb = flag(adaptor.getTransposeBAttr(), "transpose_b");
  int64_t m = ta ? as[ra - 1] : as[ra - 2];
  int64_t ka = ta ? as[ra - 2] : as[ra - 1];
  int64_t kb = tb ? bs[rb - 1] : bs[rb - 2];
  int64_t n = tb ? bs[rb - 2] : bs[rb - 1];
  if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
    return diag("contracting dimensions differ: " + formatShape(as) + " x " +
                formatShape(bs) + " (" + std::to_string(ka) + " vs " +
                std::to_string(kb) + ")");
  auto batch = broadcastShapes(as.drop_back(2), bs.drop_back(2));
  if (!batch)
    return diag("batch dimensions of " + formatShape(as) + " and " +
                formatShape(bs) + " are not broadcast-compatible");
  SmallVector<int64_t> shape = *batch;
  shape.push_back(m);
  shape.push_back(n);
  types.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

static LogicalResult inferReduce(StringRef opName, std::optional<Location> loc,
                                 Value input, ArrayRef<int64_t> axes,
                                 bool keepDims, SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, opName};
  auto type = tensorOf(input);
  int64_t rank = type.getRank();
  llvm::SmallSet<int64_t, 4> reduced;
  for (int64_t axis : axes) {
    auto norm = normalizeAxis(axis, rank);
    if (!norm)
      return diag("axis " + std::to_string(axis) +
                  " is out of range for rank " + std::to_string(rank));
    if (!reduced.insert(*norm).second)
      return diag("axis " + std::to_string(axis) + " is repeated");
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.contains(i))
      shape.push_back(type.getDimSize(i));
    else if (keepDims)
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

#define TFCC_REDUCE_INFER(Op)                                                  \
  LogicalResult Op::inferReturnTypes(MLIRContext *,                            \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    return inferReduce(getOperationName(), loc, adaptor.getInput(),            \
                       adaptor.getAxes(), adaptor.getKeepDims(), types);       \
  }
TFCC_REDUCE_INFER(ReduceSumOp)
TFCC_REDUCE_INFER(ReduceMeanOp)
TFCC_REDUCE_INFER(ReduceMaxOp)
TFCC_REDUCE_INFER(ReduceMinOp)
TFCC_REDUCE_INFER(ReduceProdOp)
#undef TFCC_REDUCE_INFER

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto type = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> target = adaptor.getShape();
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == -1) {
      if (inferred != -1)
        return diag("shape " + formatShape(target) +
                    " has more than one -1 entry");
      inferred = i;
    } else if (d < 0) {
      return diag("shape " + formatShape(target) + " has a negative size");
    } else if (__builtin_mul_overflow(known, d, &known)) {
      return diag("shape " + formatShape(target) +
                  " has more elements than 64 bits count");
    }
  }
  SmallVector<int64_t> shape(target);
  if (type.hasStaticShape()) {
    int64_t count = type.getNumElements();
    if (inferred != -1) {
      if (known == 0 || count % known != 0)
        return diag("cannot reshape " + formatShape(type.getShape()) +
                    " into " + formatShape(target));
      shape[inferred] = count / known;
    } else if (count != known) {
      return diag("cannot reshape " + formatShape(type.getShape()) + " (" +
                  std::to_string(count) + " elements) into " +
                  formatShape(target) + " (" + std::to_string(known) +
                  " elements)");
    }
  } else if (inferred != -1) {
    if (known == 0)
      return diag("cannot infer the -1 entry of " + formatShape(target) +
                  " when the other entries multiply to 0");
    shape[inferred] = ShapedType::kDynamic;
  }
  // A dynamic input reshaped to a fully static shape is not checked: its
  // element count must match at run time.
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult DynamicReshapeOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto result = cast<RankedTensorType>(getType());
  auto shape = cast<RankedTensorType>(getShape().getType());
  if (input.getElementType() != result.getElementType())
    return emitOpError() << "changes the element type from "
                         << input.getElementType() << " to "
                         << result.getElementType();
  if (shape.isDynamicDim(0))
    return emitOpError() << "needs a shape of static length, got " << shape;
  if (shape.getDimSize(0) != result.getRank())
    return emitOpError() << "has a shape of " << shape.getDimSize(0)
                         << " sizes for a result of rank " << result.getRank();
  return success();
}

LogicalResult DynamicSliceOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto result = cast<RankedTensorType>(getType());
  if (input.getElementType() != result.getElementType())
    return emitOpError() << "changes the element type from "
                         << input.getElementType() << " to "
                         << result.getElementType();
  if (input.getRank() != result.getRank())
    return emitOpError() << "changes the rank from " << input.getRank()
                         << " to " << result.getRank();
  for (auto [name, v] : {std::pair{"begin", getBegin()}, {"size", getSize()}})
    if (cast<RankedTensorType>(v.getType()).getDimSize(0) != input.getRank())
      return emitOpError() << "needs one " << name << " per dimension of "
                           << input << ", got " << v.getType();
  for (int64_t d = 0; d < input.getRank(); ++d)
    if (!input.isDynamicDim(d) && !result.isDynamicDim(d) &&
        result.getDimSize(d) > input.getDimSize(d))
      return emitOpError() << "result dim " << d << " of size "
                           << result.getDimSize(d) << " exceeds the input's "
                           << input.getDimSize(d);
  return success();
}

/// Whether `axes` are sorted, distinct and in [0, limit).
static bool validAxes(ArrayRef<int64_t> axes, int64_t limit) {
  for (auto [i, a] : llvm::enumerate(axes))
    if (a < 0 || a >= limit || (i > 0 && a <= axes[i - 1]))
      return false;
  return true;
}

LogicalResult ExpandDimsOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto type = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> axes = adaptor.getAxes();
  int64_t rank = type.getRank() + axes.size();
  if (!validAxes(axes, rank))
    return diag("axes " + formatShape(axes) +
                " must be sorted, distinct and in [0, " + std::to_string(rank) +
                ")");
  SmallVector<int64_t> shape;
  ArrayRef<int64_t> in = type.getShape();
  for (int64_t d = 0, k = 0; d < rank; ++d)
    shape.push_back(llvm::is_contained(axes, d) ? 1 : in[k++]);
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto type = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (!validAxes(axes, type.getRank()))
    return diag("axes " + formatShape(axes) +
                " must be sorted, distinct and in [0, " +
                std::to_string(type.getRank()) + ")");
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(type.getShape())) {
    if (!llvm::is_contained(axes, int64_t(d))) {
      shape.push_back(size);
      continue;
    }
    if (size != 1 && !ShapedType::isDynamic(size))
      return diag("dim " + std::to_string(d) + " of " +
                  formatShape(type.getShape()) +
                  " is not 1 and cannot be squeezed");
  }
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto type = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  int64_t rank = type.getRank();
  SmallVector<bool> seen(rank, false);
  if (static_cast<int64_t>(perm.size()) != rank)
    return diag("perm " + formatShape(perm) + " has " +
                std::to_string(perm.size()) + " entries but the input has rank " +
                std::to_string(rank));
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return diag("perm " + formatShape(perm) + " is not a permutation of 0.." +
                  std::to_string(rank - 1));
    seen[p] = true;
    shape.push_back(type.getDimSize(p));
  }
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult BroadcastToOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto type = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> target = adaptor.getShape();
  if (type.getRank() > static_cast<int64_t>(target.size()))
    return diag("cannot broadcast " + formatShape(type.getShape()) +
                " to the lower-rank shape " + formatShape(target));
  int64_t lead = target.size() - type.getRank();
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d < 0)
      return diag("target shape " + formatShape(target) +
                  " must be static and non-negative");
    if (static_cast<int64_t>(i) < lead)
      continue;
    int64_t in = type.getDimSize(i - lead);
    if (in != d && in != 1 && !ShapedType::isDynamic(in))
      return diag("cannot broadcast " + formatShape(type.getShape()) + " to " +
                  formatShape(target));
  }
  types.push_back(RankedTensorType::get(target, type.getElementType()));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return diag("needs at least one input");
  auto first = tensorOf(inputs.front());
  int64_t rank = first.getRank();
  int64_t rawAxis = static_cast<int64_t>(adaptor.getAxis());
  auto axis = normalizeAxis(rawAxis, rank);
  if (!axis)
    return diag("axis " + std::to_string(rawAxis) +
                " is out of range for rank " + std::to_string(rank));
  SmallVector<int64_t> shape(first.getShape());
  for (auto [idx, v] : llvm::enumerate(inputs.drop_front())) {
    auto t = tensorOf(v);
    std::string which = "input " + std::to_string(idx + 1);
    if (t.getElementType() != first.getElementType())
      return diag(which + " has a different element type than input 0");
    if (t.getRank() != rank)
      return diag(which + " has rank " + std::to_string(t.getRank()) +
                  " but input 0 has rank " + std::to_string(rank));
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = shape[d], b = t.getDimSize(d);
      if (d != *axis && !ShapedType::isDynamic(a) &&
          !ShapedType::isDynamic(b) && a != b)
        return diag(which + " has shape " + formatShape(t.getShape()) +
                    ", which does not match " + formatShape(shape) +
                    " of the inputs before it outside axis " +
                    std::to_string(*axis));
    }
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = shape[d], b = t.getDimSize(d);
      if (d == *axis)
        shape[d] = ShapedType::isDynamic(a) || ShapedType::isDynamic(b)
                       ? ShapedType::kDynamic
                       : a + b;
      else if (ShapedType::isDynamic(a))
        shape[d] = b;
    }
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  auto type = tensorOf(adaptor.getInput());
  ArrayRef<int64_t> begin = adaptor.getBegin(), size = adaptor.getSize();
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(begin.size()) != rank ||
      static_cast<int64_t>(size.size()) != rank)
    return diag("begin and size need one entry per dimension (rank " +
                std::to_string(rank) + ")");
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t dim = type.getDimSize(i);
    if (begin[i] < 0 || size[i] < -1)
      return diag("begin " + formatShape(begin) + " and size " +
                  formatShape(size) + " must be non-negative (size may be -1)");
    if (ShapedType::isDynamic(dim)) {
      shape.push_back(size[i] == -1 ? ShapedType::kDynamic : size[i]);
      continue;
    }
    int64_t extent = size[i] == -1 ? dim - begin[i] : size[i];
    if (extent < 0 || begin[i] + extent > dim)
      return diag("slice of dimension " + std::to_string(i) + " [" +
                  std::to_string(begin[i]) + ", " +
                  std::to_string(begin[i] + extent) + ") is outside [0, " +
                  std::to_string(dim) + ")");
    shape.push_back(extent);
  }
  types.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult CastOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  types.push_back(tensorOf(adaptor.getInput()).clone(adaptor.getTo()));
  return success();
}

#define GET_OP_CLASSES
#include "tfcc/TfccOps.cpp.inc"
