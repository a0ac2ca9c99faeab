//===- TfgOps.cpp - .tfg op types to tfcc ops -----------------------------===//
//
// One builder per op type of docs/tfg-format.md. Builders read attributes
// through NodeContext, which checks their types, and create ops through
// NodeContext::create, which infers and verifies result types, so that
// shape conflicts become errors at the node instead of assertions.
//
//===----------------------------------------------------------------------===//

#include "TfgImporter.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Endian.h"

using namespace mlir;
using namespace mlir::tfcc;
using namespace mlir::tfcc::tfg_import;

//===----------------------------------------------------------------------===//
// Types and attributes
//===----------------------------------------------------------------------===//

Type mlir::tfcc::tfg_import::getElementType(MLIRContext *ctx,
                                            fb::DataType dtype) {
  Builder b(ctx);
  switch (dtype) {
  case fb::DataType::Float32:
    return b.getF32Type();
  case fb::DataType::Float64:
    return b.getF64Type();
  case fb::DataType::Int32:
    return b.getI32Type();
  case fb::DataType::Int64:
    return b.getI64Type();
  case fb::DataType::Bool:
    return b.getI1Type();
  default:
    return nullptr;
  }
}

StringRef mlir::tfcc::tfg_import::getDTypeName(fb::DataType dtype) {
  if (dtype < fb::DataType::MIN || dtype > fb::DataType::MAX)
    return "an unknown dtype";
  return fb::EnumNameDataType(dtype);
}

/// "an int", "a float list"... for attribute type messages.
static StringRef describe(fb::AttrValue type) {
  switch (type) {
  case fb::AttrValue::IntValue:
    return "an int";
  case fb::AttrValue::FloatValue:
    return "a float";
  case fb::AttrValue::BoolValue:
    return "a bool";
  case fb::AttrValue::StringValue:
    return "a string";
  case fb::AttrValue::TypeValue:
    return "a type";
  case fb::AttrValue::Shape:
    return "a shape";
  case fb::AttrValue::Tensor:
    return "a tensor";
  case fb::AttrValue::IntList:
    return "an int list";
  case fb::AttrValue::FloatList:
    return "a float list";
  case fb::AttrValue::StringList:
    return "a string list";
  case fb::AttrValue::TypeList:
    return "a type list";
  default:
    return "an unknown kind of value";
  }
}

static StringRef opType(const fb::Node &node) { return str(node.op()); }

const fb::Attr *NodeContext::findAttr(StringRef name) const {
  if (!node.attrs())
    return nullptr;
  for (const fb::Attr *attr : *node.attrs())
    if (str(attr->name()) == name)
      return attr;
  return nullptr;
}

FailureOr<const fb::Attr *> NodeContext::lookup(StringRef name,
                                                fb::AttrValue type,
                                                bool required) {
  used.insert(name);
  const fb::Attr *attr = findAttr(name);
  if (!attr) {
    if (required)
      return emitError() << "'" << opType(node) << "' needs the attribute '"
                         << name << "' (" << describe(type) << ")";
    return static_cast<const fb::Attr *>(nullptr);
  }
  if (attr->value_type() != type)
    return emitError() << "attribute '" << name << "' of '" << opType(node)
                       << "' must be " << describe(type) << ", got "
                       << describe(attr->value_type());
  return attr;
}

LogicalResult NodeContext::getInt(StringRef name, int64_t &out,
                                  bool required) {
  auto attr = lookup(name, fb::AttrValue::IntValue, required);
  if (failed(attr))
    return failure();
  if (*attr)
    out = (*attr)->value_as_IntValue()->value();
  return success();
}

LogicalResult NodeContext::getFloat(StringRef name, double &out,
                                    bool required) {
  auto attr = lookup(name, fb::AttrValue::FloatValue, required);
  if (failed(attr))
    return failure();
  if (*attr)
    out = (*attr)->value_as_FloatValue()->value();
  return success();
}

LogicalResult NodeContext::getBool(StringRef name, bool &out, bool required) {
  auto attr = lookup(name, fb::AttrValue::BoolValue, required);
  if (failed(attr))
    return failure();
  if (*attr)
    out = (*attr)->value_as_BoolValue()->value();
  return success();
}

LogicalResult NodeContext::getString(StringRef name, std::string &out,
                                     bool required) {
  auto attr = lookup(name, fb::AttrValue::StringValue, required);
  if (failed(attr))
    return failure();
  if (*attr) {
    const flatbuffers::String *s = (*attr)->value_as_StringValue()->value();
    out = s ? s->str() : "";
  }
  return success();
}

LogicalResult NodeContext::getType(StringRef name, Type &out, bool required) {
  auto attr = lookup(name, fb::AttrValue::TypeValue, required);
  if (failed(attr))
    return failure();
  if (*attr) {
    fb::DataType dtype = (*attr)->value_as_TypeValue()->value();
    out = getElementType(getContext(), dtype);
    if (!out)
      return emitError() << "attribute '" << name << "' of '" << opType(node)
                         << "' is " << getDTypeName(dtype);
  }
  return success();
}

LogicalResult NodeContext::getInts(StringRef name,
                                   SmallVectorImpl<int64_t> &out,
                                   bool required) {
  auto attr = lookup(name, fb::AttrValue::IntList, required);
  if (failed(attr))
    return failure();
  if (*attr) {
    out.clear();
    if (const auto *values = (*attr)->value_as_IntList()->values())
      out.append(values->begin(), values->end());
  }
  return success();
}

FailureOr<const fb::Shape *> NodeContext::getShape(StringRef name,
                                                   bool required) {
  auto attr = lookup(name, fb::AttrValue::Shape, required);
  if (failed(attr))
    return failure();
  return *attr ? (*attr)->value_as_Shape() : nullptr;
}

FailureOr<const fb::Tensor *> NodeContext::getTensor(StringRef name,
                                                     bool required) {
  auto attr = lookup(name, fb::AttrValue::Tensor, required);
  if (failed(attr))
    return failure();
  return *attr ? (*attr)->value_as_Tensor() : nullptr;
}

LogicalResult NodeContext::checkUnusedAttrs() {
  // TensorFlow's type and bookkeeping attributes: tfcc takes types from the
  // operands.
  static const char *const ignored[] = {
      "T",       "Tidx",      "Tshape",    "Tperm",     "Tpaddings",
      "Tindices", "Tparams",  "Taxis",     "TI",        "Tlen",
      "Tmultiples", "Tnumsegments", "Tsegmentids", "Tcond", "N", "SrcT",
      "Truncate", "U",        "use_cudnn_on_gpu", "Tout", "Tin"};
  if (!node.attrs())
    return success();
  for (const fb::Attr *attr : *node.attrs()) {
    StringRef name = str(attr->name());
    if (used.contains(name) || name.starts_with("_") ||
        llvm::is_contained(ignored, name))
      continue;
    return emitError() << "unexpected attribute '" << name << "' for '"
                       << opType(node) << "'";
  }
  return success();
}

FailureOr<Operation *> NodeContext::finish(Operation *op) {
  // Keep the verifier's message but not its "see current operation" note:
  // one line per error, at the node.
  std::string message;
  LogicalResult verified = success();
  {
    ScopedDiagnosticHandler handler(getContext(), [&](Diagnostic &diag) {
      if (message.empty())
        message = diag.str();
      return success();
    });
    verified = mlir::verify(op);
  }
  if (failed(verified)) {
    op->erase();
    return emitError() << message;
  }
  return op;
}

static RankedTensorType typeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

Value NodeContext::scalar(Type elementType, double value) {
  auto type = RankedTensorType::get({}, elementType);
  Attribute element;
  if (isa<FloatType>(elementType))
    element = b.getFloatAttr(elementType, value);
  else if (elementType.isInteger(1))
    element = b.getBoolAttr(value != 0);
  else
    element = b.getIntegerAttr(elementType, int64_t(value));
  auto attr = DenseElementsAttr::get(type, element);
  // A constant of a valid element type cannot fail to build.
  return (*create<ConstantOp>({}, {named("value", attr)}))->getResult(0);
}

/// DenseElementsAttr of a .tfg tensor; the byte size must match the dims.
static FailureOr<DenseElementsAttr> tensorToAttr(NodeContext &ctx,
                                                 const fb::Tensor &tensor,
                                                 StringRef attrName) {
  auto error = [&]() {
    return ctx.emitError() << "tensor attribute '" << attrName << "': ";
  };
  Type elementType = getElementType(ctx.getContext(), tensor.dtype());
  if (!elementType)
    return error() << "dtype is " << getDTypeName(tensor.dtype());
  SmallVector<int64_t> dims;
  uint64_t count = 1;
  if (tensor.dims()) {
    for (int64_t d : *tensor.dims()) {
      if (d < 0)
        return error() << "negative dimension " << d;
      if (__builtin_mul_overflow(count, uint64_t(d), &count) ||
          count > (uint64_t(1) << 40))
        return error() << "too many elements";
      dims.push_back(d);
    }
  }
  unsigned width = elementType.isInteger(1)
                       ? 1
                       : elementType.getIntOrFloatBitWidth() / 8;
  size_t size = tensor.data() ? tensor.data()->size() : 0;
  if (size != count * width)
    return error() << "holds " << size << " bytes but "
                   << formatShape(dims) << " " << getDTypeName(tensor.dtype())
                   << " needs " << count * width;
  auto type = RankedTensorType::get(dims, elementType);
  const uint8_t *data = tensor.data() ? tensor.data()->data() : nullptr;
  if (elementType.isInteger(1)) {
    SmallVector<bool> values(count);
    for (uint64_t i = 0; i < count; ++i)
      values[i] = data[i] != 0;
    return DenseElementsAttr::get(type, values);
  }
  // The file is little-endian; swap on a big-endian host.
  std::vector<char> raw(reinterpret_cast<const char *>(data),
                        reinterpret_cast<const char *>(data) + size);
  if (llvm::endianness::native != llvm::endianness::little)
    for (size_t i = 0; i + width <= size; i += width)
      std::reverse(raw.begin() + i, raw.begin() + i + width);
  return DenseElementsAttr::getFromRawBuffer(type, raw);
}

FailureOr<RankedTensorType>
mlir::tfcc::tfg_import::getPlaceholderType(NodeContext &ctx) {
  Type elementType;
  if (failed(ctx.getType("dtype", elementType, /*required=*/true)))
    return failure();
  FailureOr<const fb::Shape *> shape = ctx.getShape("shape", true);
  if (failed(shape))
    return failure();
  if ((*shape)->unknown_rank())
    return ctx.emitError() << "placeholders of unknown rank are not supported; "
                              "give at least the rank (dims may be -1)";
  SmallVector<int64_t> dims;
  if ((*shape)->dims()) {
    for (int64_t d : *(*shape)->dims()) {
      if (d < -1)
        return ctx.emitError() << "invalid dimension " << d
                               << " in the shape (-1 is unknown)";
      dims.push_back(d == -1 ? ShapedType::kDynamic : d);
    }
  }
  return RankedTensorType::get(dims, elementType);
}

FailureOr<VariableDecl>
mlir::tfcc::tfg_import::getVariableDecl(NodeContext &ctx) {
  Type elementType;
  bool trainable = true;
  if (failed(ctx.getType("dtype", elementType, /*required=*/true)) ||
      failed(ctx.getBool("trainable", trainable)))
    return failure();
  FailureOr<const fb::Shape *> shape = ctx.getShape("shape", true);
  if (failed(shape))
    return failure();
  SmallVector<int64_t> dims;
  if ((*shape)->dims())
    dims.assign((*shape)->dims()->begin(), (*shape)->dims()->end());
  if ((*shape)->unknown_rank() || llvm::any_of(dims, [](int64_t d) {
        return d < 0;
      }))
    return ctx.emitError() << "variables need a static shape, got "
                           << ((*shape)->unknown_rank()
                                   ? std::string("an unknown rank")
                                   : formatShape(dims));
  // The compiled library embeds the initial value and every instance
  // allocates the variable: refuse sizes no machine could hold (and that
  // would overflow the element count).
  int64_t elements = 1;
  for (int64_t d : dims) {
    if (d != 0 && elements > (int64_t(1) << 32) / d)
      return ctx.emitError() << "variable shape " << formatShape(dims)
                             << " is too large (more than 2^32 elements)";
    elements *= d;
  }
  auto type = RankedTensorType::get(dims, elementType);
  FailureOr<const fb::Tensor *> tensor = ctx.getTensor("initial_value", true);
  if (failed(tensor))
    return failure();
  FailureOr<DenseElementsAttr> init =
      tensorToAttr(ctx, **tensor, "initial_value");
  if (failed(init))
    return failure();
  if (init->getElementType() != elementType)
    return ctx.emitError() << "attribute 'initial_value' holds "
                           << init->getElementType() << " but 'dtype' is "
                           << elementType;
  if (init->getType() != type) {
    // One element is a splat; otherwise the element counts must agree.
    if (init->isSplat() && init->getNumElements() == 1)
      *init = DenseElementsAttr::get(type, init->getSplatValue<Attribute>());
    else if (init->getNumElements() == type.getNumElements())
      *init = init->reshape(type);
    else
      return ctx.emitError()
             << "attribute 'initial_value' has shape "
             << formatShape(init->getType().getShape())
             << " but the variable's shape is " << formatShape(dims);
  }
  return VariableDecl{type, *init};
}

//===----------------------------------------------------------------------===//
// Op builders
//===----------------------------------------------------------------------===//

namespace {

/// Sets the node's single output, propagating failure.
LogicalResult set(NodeContext &ctx, FailureOr<Value> value) {
  if (failed(value))
    return failure();
  ctx.outputs.push_back(*value);
  return success();
}

LogicalResult buildPlaceholder(NodeContext &ctx) {
  return ctx.emitError() << "internal error: placeholders are arguments";
}

LogicalResult buildConst(NodeContext &ctx) {
  FailureOr<const fb::Tensor *> tensor = ctx.getTensor("value", true);
  if (failed(tensor))
    return failure();
  FailureOr<DenseElementsAttr> attr = tensorToAttr(ctx, **tensor, "value");
  if (failed(attr))
    return failure();
  Type dtype;
  if (failed(ctx.getType("dtype", dtype)))
    return failure();
  if (dtype && dtype != attr->getElementType())
    return ctx.emitError() << "attribute 'dtype' is " << dtype
                           << " but the value holds " << attr->getElementType();
  return set(ctx, ctx.create1<ConstantOp>({}, {ctx.named("value", *attr)}));
}

// Variables and assigns are built by the importer itself (TfgImporter.cpp):
// reads are lazy and ordered against the assigns, which needs the whole
// schedule, not one node.
LogicalResult builtByImporter(NodeContext &ctx) {
  return ctx.emitError() << "internal error: variables and control flow are "
                            "built by the importer";
}

LogicalResult buildIdentity(NodeContext &ctx) {
  ctx.outputs.push_back(ctx.inputs[0]);
  return success();
}

LogicalResult buildNoOp(NodeContext &) { return success(); }

LogicalResult buildStopGradient(NodeContext &ctx) {
  ctx.outputs.push_back(
      StopGradientOp::create(ctx.b, ctx.loc, ctx.inputs[0]).getResult());
  return success();
}

template <typename OpTy>
LogicalResult buildUnary(NodeContext &ctx) {
  return set(ctx, ctx.create1<OpTy>(ctx.inputs[0]));
}

template <typename OpTy>
LogicalResult buildBinary(NodeContext &ctx) {
  return set(ctx, ctx.create1<OpTy>({ctx.inputs[0], ctx.inputs[1]}));
}

LogicalResult buildSquare(NodeContext &ctx) {
  return set(ctx, ctx.create1<MulOp>({ctx.inputs[0], ctx.inputs[0]}));
}

LogicalResult buildRelu6(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  FailureOr<Value> relu = ctx.create1<ReluOp>(x);
  if (failed(relu))
    return failure();
  // The constant first: minimum's gradient gives a tie to its lhs, and
  // TensorFlow's relu6 has gradient 0 at 6 (as at 0).
  Value six = ctx.scalar(typeOf(x).getElementType(), 6);
  return set(ctx, ctx.create1<MinimumOp>({six, *relu}));
}

/// x > 0 ? x : negative, where `negative` is built from x.
LogicalResult buildPiecewise(NodeContext &ctx,
                             function_ref<FailureOr<Value>(Value)> negative) {
  Value x = ctx.inputs[0];
  Type et = typeOf(x).getElementType();
  if (!isa<FloatType>(et))
    return ctx.emitError() << "'" << opType(ctx.node)
                           << "' needs a float input, got " << x.getType();
  FailureOr<Value> positive = ctx.create1<GreaterOp>({x, ctx.scalar(et, 0)});
  FailureOr<Value> other = negative(x);
  if (failed(positive) || failed(other))
    return failure();
  return set(ctx, ctx.create1<SelectOp>({*positive, x, *other}));
}

LogicalResult buildLeakyRelu(NodeContext &ctx) {
  double alpha = 0.2;
  if (failed(ctx.getFloat("alpha", alpha)))
    return failure();
  return buildPiecewise(ctx, [&](Value x) {
    return ctx.create1<MulOp>(
        {x, ctx.scalar(typeOf(x).getElementType(), alpha)});
  });
}

LogicalResult buildElu(NodeContext &ctx) {
  return buildPiecewise(ctx, [&](Value x) -> FailureOr<Value> {
    FailureOr<Value> e = ctx.create1<ExpOp>(x);
    if (failed(e))
      return failure();
    return ctx.create1<SubOp>({*e, ctx.scalar(typeOf(x).getElementType(), 1)});
  });
}

LogicalResult buildGelu(NodeContext &ctx) {
  bool approximate = false;
  if (failed(ctx.getBool("approximate", approximate)))
    return failure();
  SmallVector<NamedAttribute> attrs;
  if (approximate)
    attrs.push_back(ctx.named("tanh_approximation", ctx.b.getUnitAttr()));
  return set(ctx, ctx.create1<GeluOp>(ctx.inputs[0], attrs));
}

LogicalResult buildSelect(NodeContext &ctx) {
  Value cond = ctx.inputs[0], t = ctx.inputs[1], e = ctx.inputs[2];
  // TF1's Select takes a vector condition that picks rows of t and e.
  if (opType(ctx.node) == "Select" && typeOf(cond).getRank() == 1 &&
      typeOf(t).getRank() > 1) {
    SmallVector<int64_t> shape(typeOf(t).getRank(), 1);
    shape[0] = typeOf(cond).isDynamicDim(0) ? -1 : typeOf(cond).getDimSize(0);
    FailureOr<Value> reshaped = ctx.create1<ReshapeOp>(
        cond, {ctx.named("shape", ctx.b.getDenseI64ArrayAttr(shape))});
    if (failed(reshaped))
      return failure();
    cond = *reshaped;
  }
  return set(ctx, ctx.create1<SelectOp>({cond, t, e}));
}

LogicalResult buildMatMul(NodeContext &ctx) {
  bool batched = opType(ctx.node) == "BatchMatMulV2";
  bool ta = false, tb = false;
  if (failed(ctx.getBool(batched ? "adj_x" : "transpose_a", ta)) ||
      failed(ctx.getBool(batched ? "adj_y" : "transpose_b", tb)))
    return failure();
  if (!batched)
    for (Value v : ctx.inputs)
      if (typeOf(v).getRank() != 2)
        return ctx.emitError() << "'MatMul' takes rank-2 operands, got "
                               << v.getType() << " (use BatchMatMulV2)";
  return set(ctx, ctx.create1<MatMulOp>(
                      {ctx.inputs[0], ctx.inputs[1]},
                      {ctx.named("transpose_a", ctx.b.getBoolAttr(ta)),
                       ctx.named("transpose_b", ctx.b.getBoolAttr(tb))}));
}

template <typename OpTy>
LogicalResult buildReduce(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  SmallVector<int64_t> axes;
  bool keepDims = false;
  if (!ctx.hasAttr("axis")) {
    for (int64_t i = 0; i < typeOf(x).getRank(); ++i)
      axes.push_back(i);
  }
  if (failed(ctx.getInts("axis", axes)) ||
      failed(ctx.getBool("keep_dims", keepDims)))
    return failure();
  SmallVector<NamedAttribute> attrs = {
      ctx.named("axes", ctx.b.getDenseI64ArrayAttr(axes))};
  if (keepDims)
    attrs.push_back(ctx.named("keep_dims", ctx.b.getUnitAttr()));
  return set(ctx, ctx.create1<OpTy>(x, attrs));
}

template <typename OpTy>
LogicalResult buildSoftmax(NodeContext &ctx) {
  int64_t axis = -1;
  if (failed(ctx.getInt("axis", axis)))
    return failure();
  return set(ctx, ctx.create1<OpTy>(
                      ctx.inputs[0], {ctx.named("axis", ctx.b.getI64IntegerAttr(axis))}));
}

/// An op whose only attribute is an int list, passed on under another name.
template <typename OpTy>
LogicalResult buildWithInts(NodeContext &ctx, StringRef from, StringRef to) {
  SmallVector<int64_t> values;
  if (failed(ctx.getInts(from, values, /*required=*/true)))
    return failure();
  return set(ctx, ctx.create1<OpTy>(
                      ctx.inputs[0],
                      {ctx.named(to, ctx.b.getDenseI64ArrayAttr(values))}));
}

LogicalResult buildReshape(NodeContext &ctx) {
  return buildWithInts<ReshapeOp>(ctx, "shape", "shape");
}
LogicalResult buildTranspose(NodeContext &ctx) {
  return buildWithInts<TransposeOp>(ctx, "perm", "perm");
}
LogicalResult buildBroadcastTo(NodeContext &ctx) {
  return buildWithInts<BroadcastToOp>(ctx, "shape", "shape");
}

LogicalResult buildConcat(NodeContext &ctx) {
  int64_t axis = 0;
  if (failed(ctx.getInt("axis", axis, /*required=*/true)))
    return failure();
  return set(ctx, ctx.create1<ConcatOp>(
                      ctx.inputs, {ctx.named("axis", ctx.b.getI64IntegerAttr(axis))}));
}

FailureOr<Value> slice(NodeContext &ctx, Value x, ArrayRef<int64_t> begin,
                       ArrayRef<int64_t> size) {
  return ctx.create1<SliceOp>(
      x, {ctx.named("begin", ctx.b.getDenseI64ArrayAttr(begin)),
          ctx.named("size", ctx.b.getDenseI64ArrayAttr(size))});
}

LogicalResult buildSlice(NodeContext &ctx) {
  SmallVector<int64_t> begin, size;
  if (failed(ctx.getInts("begin", begin, true)) ||
      failed(ctx.getInts("size", size, true)))
    return failure();
  return set(ctx, slice(ctx, ctx.inputs[0], begin, size));
}

/// The axis normalized into [0, rank), or an error naming the attribute.
FailureOr<int64_t> checkAxis(NodeContext &ctx, int64_t axis, int64_t rank,
                             StringRef name = "axis") {
  std::optional<int64_t> normalized = normalizeAxis(axis, rank);
  if (!normalized)
    return ctx.emitError() << "attribute '" << name << "' = " << axis
                           << " is out of range for rank " << rank;
  return *normalized;
}

LogicalResult buildSplit(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  RankedTensorType type = typeOf(x);
  int64_t axis = 0, numSplit = 0;
  if (failed(ctx.getInt("axis", axis, true)) ||
      failed(ctx.getInt("num_split", numSplit, true)))
    return failure();
  FailureOr<int64_t> dim = checkAxis(ctx, axis, type.getRank());
  if (failed(dim))
    return failure();
  if (type.isDynamicDim(*dim))
    return ctx.emitError() << "'Split' needs a static size along axis "
                           << axis << ", got " << x.getType();
  int64_t total = type.getDimSize(*dim);
  if (total % numSplit != 0)
    return ctx.emitError() << "'Split' cannot split size " << total
                           << " into " << numSplit << " equal parts";
  int64_t chunk = total / numSplit;
  for (int64_t i = 0; i < numSplit; ++i) {
    SmallVector<int64_t> begin(type.getRank(), 0), size(type.getRank(), -1);
    begin[*dim] = i * chunk;
    size[*dim] = chunk;
    FailureOr<Value> part = slice(ctx, x, begin, size);
    if (failed(part))
      return failure();
    ctx.outputs.push_back(*part);
  }
  return success();
}

/// Reshape to `dims` (kDynamic allowed once, as -1).
FailureOr<Value> reshapeTo(NodeContext &ctx, Value x, ArrayRef<int64_t> dims) {
  SmallVector<int64_t> shape;
  int dynamic = 0;
  for (int64_t d : dims) {
    dynamic += ShapedType::isDynamic(d);
    shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  }
  if (dynamic > 1)
    return ctx.emitError() << "'" << opType(ctx.node)
                           << "' of " << x.getType()
                           << " is not supported with more than one dynamic "
                              "dimension";
  return ctx.create1<ReshapeOp>(
      x, {ctx.named("shape", ctx.b.getDenseI64ArrayAttr(shape))});
}

LogicalResult buildSqueeze(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  RankedTensorType type = typeOf(x);
  SmallVector<int64_t> squeeze;
  if (failed(ctx.getInts("squeeze_dims", squeeze)))
    return failure();
  SmallVector<bool> drop(type.getRank(), false);
  if (!ctx.hasAttr("squeeze_dims")) {
    for (int64_t i = 0; i < type.getRank(); ++i)
      drop[i] = type.getDimSize(i) == 1;
  }
  for (int64_t d : squeeze) {
    FailureOr<int64_t> dim = checkAxis(ctx, d, type.getRank(), "squeeze_dims");
    if (failed(dim))
      return failure();
    if (!type.isDynamicDim(*dim) && type.getDimSize(*dim) != 1)
      return ctx.emitError() << "'Squeeze' of dimension " << d
                             << ", which is not 1 in " << x.getType();
    drop[*dim] = true;
  }
  SmallVector<int64_t> dims, axes;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!drop[i])
      dims.push_back(type.getDimSize(i));
    else
      axes.push_back(i);
  }
  // A dynamic dim squeezed is checked to be 1 at run time.
  bool dynamicSqueezed =
      llvm::any_of(axes, [&](int64_t a) { return type.isDynamicDim(a); });
  if (dynamicSqueezed || llvm::count_if(dims, ShapedType::isDynamic) > 1)
    return set(ctx,
               ctx.create1<SqueezeOp>(
                   x, {ctx.named("axes", ctx.b.getDenseI64ArrayAttr(axes))}));
  return set(ctx, reshapeTo(ctx, x, dims));
}

LogicalResult buildExpandDims(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  RankedTensorType type = typeOf(x);
  int64_t axis = 0;
  if (failed(ctx.getInt("axis", axis, true)))
    return failure();
  FailureOr<int64_t> dim = checkAxis(ctx, axis, type.getRank() + 1);
  if (failed(dim))
    return failure();
  SmallVector<int64_t> dims(type.getShape());
  dims.insert(dims.begin() + *dim, 1);
  if (llvm::count_if(dims, ShapedType::isDynamic) > 1)
    return set(ctx,
               ctx.create1<ExpandDimsOp>(
                   x, {ctx.named("axes", ctx.b.getDenseI64ArrayAttr({*dim}))}));
  return set(ctx, reshapeTo(ctx, x, dims));
}

/// Cumsum: the axis is an attribute (a tensor input in TensorFlow).
LogicalResult buildCumsum(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  RankedTensorType type = typeOf(x);
  int64_t axis = 0;
  bool exclusive = false, reverse = false;
  if (failed(ctx.getInt("axis", axis)) ||
      failed(ctx.getBool("exclusive", exclusive)) ||
      failed(ctx.getBool("reverse", reverse)))
    return failure();
  FailureOr<int64_t> dim = checkAxis(ctx, axis, type.getRank());
  if (failed(dim))
    return failure();
  FailureOr<Operation *> op = ctx.finish(
      CumsumOp::create(ctx.b, ctx.loc, type, x, ctx.b.getI64IntegerAttr(*dim),
                       exclusive ? ctx.b.getUnitAttr() : UnitAttr(),
                       reverse ? ctx.b.getUnitAttr() : UnitAttr()));
  if (failed(op))
    return failure();
  return set(ctx, (*op)->getResult(0));
}

/// The input's shape as a vector of `out_type` (int32 by default): a
/// constant, or tfcc.dim for the dims only the run knows.
LogicalResult buildShape(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  RankedTensorType type = typeOf(x);
  Type outType = ctx.b.getI32Type();
  if (failed(ctx.getType("out_type", outType)))
    return failure();
  if (!outType.isInteger(32) && !outType.isInteger(64))
    return ctx.emitError() << "'Shape' gives int32 or int64, not " << outType;
  auto vectorType = RankedTensorType::get({type.getRank()}, outType);
  if (type.hasStaticShape()) {
    SmallVector<APInt> dims;
    for (int64_t d : type.getShape())
      dims.push_back(APInt(outType.getIntOrFloatBitWidth(), d));
    return set(ctx, ConstantOp::create(ctx.b, ctx.loc, vectorType,
                                       DenseElementsAttr::get(vectorType, dims))
                        .getResult());
  }
  Type i64 = ctx.b.getI64Type();
  SmallVector<Value> parts;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    Value size = type.isDynamicDim(d)
                     ? DimOp::create(ctx.b, ctx.loc, x, d).getResult()
                     : ctx.scalar(i64, type.getDimSize(d));
    parts.push_back(ExpandDimsOp::create(ctx.b, ctx.loc, size,
                                         ctx.b.getDenseI64ArrayAttr({0})));
  }
  Value shape =
      ConcatOp::create(ctx.b, ctx.loc, parts, ctx.b.getI64IntegerAttr(0));
  if (outType != i64)
    shape = CastOp::create(ctx.b, ctx.loc, vectorType, shape,
                           TypeAttr::get(outType));
  return set(ctx, shape);
}

/// TensorScatterUpdate of one row: `tensor` with row indices[0][0] set to
/// updates[0] (tfcc.set_item), what loops write their outputs with.
LogicalResult buildTensorScatterUpdate(NodeContext &ctx) {
  Value list = ctx.inputs[0], indices = ctx.inputs[1], updates = ctx.inputs[2];
  RankedTensorType listType = typeOf(list), indexType = typeOf(indices),
                   updatesType = typeOf(updates);
  if (indexType.getShape() != ArrayRef<int64_t>{1, 1} ||
      updatesType.getRank() != listType.getRank() ||
      (!updatesType.isDynamicDim(0) && updatesType.getDimSize(0) != 1))
    return ctx.emitError()
           << "'TensorScatterUpdate' is supported for one row: indices "
              "[1, 1] and updates [1, ...] of the tensor's rank, got "
           << indices.getType() << " and " << updates.getType();
  if (listType.getRank() == 0)
    return ctx.emitError() << "'TensorScatterUpdate' of a scalar";
  FailureOr<Value> index = ctx.create1<ReshapeOp>(
      indices, {ctx.named("shape", ctx.b.getDenseI64ArrayAttr({}))});
  FailureOr<Value> item = ctx.create1<SqueezeOp>(
      updates, {ctx.named("axes", ctx.b.getDenseI64ArrayAttr({0}))});
  if (failed(index) || failed(item))
    return failure();
  return set(ctx,
             SetItemOp::create(ctx.b, ctx.loc, listType, list, *index, *item)
                 .getResult());
}

/// One entry of a shape vector: a static size, or (size < 0) a rank-0 i64
/// value computed at run time.
struct ShapeEntry {
  int64_t size;
  Value value;
};

/// Entry `k` of the 1-D integer tensor `vector` as a rank-0 i64 value.
FailureOr<Value> extractEntry(NodeContext &ctx, Value vector, int64_t k) {
  FailureOr<Value> one = ctx.create1<SliceOp>(
      vector, {ctx.named("begin", ctx.b.getDenseI64ArrayAttr({k})),
               ctx.named("size", ctx.b.getDenseI64ArrayAttr({1}))});
  if (failed(one))
    return failure();
  FailureOr<Value> scalar = ctx.create1<ReshapeOp>(
      *one, {ctx.named("shape", ctx.b.getDenseI64ArrayAttr({}))});
  if (failed(scalar) || getElementTypeOrSelf(*scalar).isInteger(64))
    return scalar;
  return ctx.create1<CastOp>(
      *scalar, {ctx.named("to", TypeAttr::get(ctx.b.getI64Type()))});
}

/// The entries of a shape given as a tensor (tf.shape, tf.stack of sizes,
/// a constant): static where they are constants, so that the result of an
/// op taking it has the static dimensions TensorFlow's shape inference
/// would give it.
FailureOr<SmallVector<ShapeEntry>> shapeEntries(NodeContext &ctx, Value shape) {
  RankedTensorType type = typeOf(shape);
  if (type.getRank() != 1 || type.isDynamicDim(0) ||
      !type.getElementType().isInteger())
    return ctx.emitError() << "the shape must be a 1-D integer tensor of "
                              "known length, got "
                           << shape.getType();
  SmallVector<Value> parts{shape};
  if (auto concat = shape.getDefiningOp<ConcatOp>();
      concat && llvm::all_of(concat.getInputs(), [](Value v) {
        return !typeOf(v).isDynamicDim(0);
      }))
    parts.assign(concat.getInputs().begin(), concat.getInputs().end());
  SmallVector<ShapeEntry> entries;
  for (Value part : parts) {
    DenseIntElementsAttr values;
    if (matchPattern(part, m_Constant(&values))) {
      for (const APInt &v : values.getValues<APInt>())
        entries.push_back({v.getSExtValue(), Value()});
      continue;
    }
    // A size made a 1-element vector (ExpandDims, imported as a reshape).
    Value scalar;
    if (auto expand = part.getDefiningOp<ExpandDimsOp>())
      scalar = expand.getInput();
    else if (auto reshape = part.getDefiningOp<ReshapeOp>())
      scalar = reshape.getInput();
    if (scalar && typeOf(scalar).getRank() == 0) {
      if (matchPattern(scalar, m_Constant(&values))) {
        entries.push_back(
            {(*values.getValues<APInt>().begin()).getSExtValue(), Value()});
        continue;
      }
      if (!getElementTypeOrSelf(scalar).isInteger(64)) {
        FailureOr<Value> cast = ctx.create1<CastOp>(
            scalar, {ctx.named("to", TypeAttr::get(ctx.b.getI64Type()))});
        if (failed(cast))
          return failure();
        scalar = *cast;
      }
      entries.push_back({ShapedType::kDynamic, scalar});
      continue;
    }
    for (int64_t k = 0, n = typeOf(part).getDimSize(0); k < n; ++k) {
      FailureOr<Value> entry = extractEntry(ctx, part, k);
      if (failed(entry))
        return failure();
      entries.push_back({ShapedType::kDynamic, *entry});
    }
  }
  for (auto [k, entry] : llvm::enumerate(entries))
    if (!entry.value && entry.size < 0)
      return ctx.emitError() << "entry " << k << " of the shape is "
                             << entry.size << ", below 0";
  return entries;
}

/// A tfcc.random of `distribution` over the node's shape input; an
/// element type the generator does not give (f16, bf16) is drawn in f32.
FailureOr<Value> buildRandomOp(NodeContext &ctx, StringRef distribution,
                               Type dtype) {
  int64_t seed = 0, seed2 = 0;
  if (failed(ctx.getInt("seed", seed)) || failed(ctx.getInt("seed2", seed2)))
    return failure();
  FailureOr<SmallVector<ShapeEntry>> entries = shapeEntries(ctx, ctx.inputs[0]);
  if (failed(entries))
    return failure();
  SmallVector<int64_t> dims;
  SmallVector<Value> dynamic;
  for (const ShapeEntry &e : *entries) {
    dims.push_back(e.value ? ShapedType::kDynamic : e.size);
    if (e.value)
      dynamic.push_back(e.value);
  }
  Type drawn = dtype.isF16() || dtype.isBF16() ? ctx.b.getF32Type() : dtype;
  auto op =
      RandomOp::create(ctx.b, ctx.loc, RankedTensorType::get(dims, drawn),
                       distribution, seed, seed2, dynamic, /*counter=*/Value());
  if (failed(ctx.finish(op)))
    return failure();
  if (drawn == dtype)
    return op.getResult();
  return ctx.create1<CastOp>(op.getResult(),
                             {ctx.named("to", TypeAttr::get(dtype))});
}

LogicalResult buildRandom(NodeContext &ctx, StringRef distribution) {
  Type dtype;
  if (failed(ctx.getType("dtype", dtype, true)))
    return failure();
  if (!isa<FloatType>(dtype))
    return ctx.emitError() << "'" << str(ctx.node.op())
                           << "' gives floats, not " << dtype;
  return set(ctx, buildRandomOp(ctx, distribution, dtype));
}

LogicalResult buildRandomUniform(NodeContext &ctx) {
  return buildRandom(ctx, "uniform");
}
LogicalResult buildRandomNormal(NodeContext &ctx) {
  return buildRandom(ctx, "normal");
}
LogicalResult buildTruncatedNormal(NodeContext &ctx) {
  return buildRandom(ctx, "truncated_normal");
}

/// RandomUniformInt: minval + (random bits floormod (maxval - minval)), as
/// TensorFlow reduces its bits (the bias is below range / 2^32).
LogicalResult buildRandomUniformInt(NodeContext &ctx) {
  Type dtype;
  if (failed(ctx.getType("Tout", dtype, true)))
    return failure();
  if (!dtype.isInteger(32) && !dtype.isInteger(64))
    return ctx.emitError() << "'RandomUniformInt' gives int32 or int64, not "
                           << dtype;
  Value low = ctx.inputs[1], high = ctx.inputs[2];
  for (Value bound : {low, high})
    if (typeOf(bound).getRank() != 0 || getElementTypeOrSelf(bound) != dtype)
      return ctx.emitError() << "'RandomUniformInt' needs rank-0 " << dtype
                             << " bounds, got " << bound.getType();
  FailureOr<Value> bits = buildRandomOp(ctx, "bits", dtype);
  if (failed(bits))
    return failure();
  FailureOr<Value> range = ctx.create1<SubOp>({high, low});
  if (failed(range))
    return failure();
  FailureOr<Value> offset = ctx.create1<FloorModOp>({*bits, *range});
  if (failed(offset))
    return failure();
  return set(ctx, ctx.create1<AddOp>({*offset, low}));
}

/// A rank-0 i64 constant.
static Value i64Scalar(NodeContext &ctx, int64_t v) {
  return ctx.scalar(ctx.b.getI64Type(), static_cast<double>(v));
}

/// 0, 1, ..., n-1 (i64) for a 1-D `like` of n elements: an exclusive
/// cumsum of ones.
static FailureOr<Value> iotaLike(NodeContext &ctx, Value like) {
  FailureOr<Value> ones = ctx.create1<CastOp>(
      like, {ctx.named("to", TypeAttr::get(ctx.b.getI64Type()))});
  if (failed(ones))
    return failure();
  FailureOr<Value> zero = ctx.create1<MulOp>({*ones, i64Scalar(ctx, 0)});
  if (failed(zero))
    return failure();
  FailureOr<Value> one = ctx.create1<AddOp>({*zero, i64Scalar(ctx, 1)});
  if (failed(one))
    return failure();
  return ctx.create1<CumsumOp>(*one,
                               {ctx.named("axis", ctx.b.getI64IntegerAttr(0)),
                                ctx.named("exclusive", ctx.b.getUnitAttr())});
}

/// An i64 vector of `size` (rank-0 i64) zeros with `values[k]` written at
/// `ids[k]`, later ones winning.
static FailureOr<Value> writeAt(NodeContext &ctx, Value size, Value ids,
                                Value values) {
  auto type = RankedTensorType::get({ShapedType::kDynamic}, ctx.b.getI64Type());
  auto buf = ZerosOp::create(ctx.b, ctx.loc, type, ValueRange{size});
  auto scattered =
      ScatterOp::create(ctx.b, ctx.loc, type, "update", buf, ids, values);
  if (failed(ctx.finish(buf)) || failed(ctx.finish(scattered)))
    return failure();
  return scattered.getResult();
}

/// The positions (i64, in order) of the true entries of the 1-D bool
/// `mask`: each true entry writes its position into its rank among the
/// true ones, the false ones into one spare slot past them, which a
/// dynamic slice drops. Integers only, so gradients need no rule for it.
static FailureOr<Value> truePositions(NodeContext &ctx, Value mask) {
  Type i64 = ctx.b.getI64Type();
  FailureOr<Value> m =
      ctx.create1<CastOp>(mask, {ctx.named("to", TypeAttr::get(i64))});
  if (failed(m))
    return failure();
  FailureOr<Value> rank =
      ctx.create1<CumsumOp>(*m, {ctx.named("axis", ctx.b.getI64IntegerAttr(0)),
                                 ctx.named("exclusive", ctx.b.getUnitAttr())});
  FailureOr<Value> count = ctx.create1<ReduceSumOp>(
      *m, {ctx.named("axes", ctx.b.getDenseI64ArrayAttr({0}))});
  FailureOr<Value> iota = iotaLike(ctx, mask);
  if (failed(rank) || failed(count) || failed(iota))
    return failure();
  FailureOr<Value> slot = ctx.create1<SelectOp>({mask, *rank, *count});
  FailureOr<Value> spare = ctx.create1<AddOp>({*count, i64Scalar(ctx, 1)});
  if (failed(slot) || failed(spare))
    return failure();
  FailureOr<Value> scattered = writeAt(ctx, *spare, *slot, *iota);
  if (failed(scattered))
    return failure();
  FailureOr<Value> size = ctx.create1<ReshapeOp>(
      *count, {ctx.named("shape", ctx.b.getDenseI64ArrayAttr({1}))});
  if (failed(size))
    return failure();
  Value begin = ConstantOp::create(
      ctx.b, ctx.loc, RankedTensorType::get({1}, i64),
      DenseElementsAttr::get(RankedTensorType::get({1}, i64), APInt(64, 0)));
  auto slice = DynamicSliceOp::create(ctx.b, ctx.loc, scattered->getType(),
                                      *scattered, begin, *size);
  if (failed(ctx.finish(slice)))
    return failure();
  return slice.getResult();
}

/// DynamicPartition of a 1-D `partitions` (the first dimension of data):
/// output i gathers the rows whose partition is i, in order.
LogicalResult buildDynamicPartition(NodeContext &ctx) {
  Value data = ctx.inputs[0], partitions = ctx.inputs[1];
  int64_t n = 0;
  if (failed(ctx.getInt("num_partitions", n, true)))
    return failure();
  RankedTensorType partType = typeOf(partitions), dataType = typeOf(data);
  if (partType.getRank() != 1 || !partType.getElementType().isInteger(32) ||
      dataType.getRank() < 1)
    return ctx.emitError() << "'DynamicPartition' is supported for int32 "
                              "partitions of rank 1 over data's first "
                              "dimension, got "
                           << partitions.getType() << " and " << data.getType();
  for (int64_t i = 0; i < n; ++i) {
    FailureOr<Value> mask = ctx.create1<EqualOp>(
        {partitions, ctx.scalar(partType.getElementType(), double(i))});
    if (failed(mask))
      return failure();
    FailureOr<Value> rows = truePositions(ctx, *mask);
    if (failed(rows))
      return failure();
    FailureOr<Value> out = ctx.create1<GatherOp>(
        {data, *rows}, {ctx.named("axis", ctx.b.getI64IntegerAttr(0))});
    if (failed(out))
      return failure();
    ctx.outputs.push_back(*out);
  }
  return success();
}

/// DynamicStitch(indices..., data...): row indices[m][i...] of the result
/// is data[m][i...], later ones winning; it has max(index) + 1 rows. Each
/// row gathers from the concatenated data the position that wrote it
/// last, so the gradient is the gather's.
LogicalResult buildDynamicStitch(NodeContext &ctx) {
  size_t k = ctx.inputs.size() / 2;
  if (ctx.inputs.size() % 2 || k == 0)
    return ctx.emitError() << "'DynamicStitch' takes as many data as "
                              "indices inputs, got "
                           << ctx.inputs.size() << " inputs";
  Type i64 = ctx.b.getI64Type();
  SmallVector<Value> ids, rows;
  for (size_t m = 0; m < k; ++m) {
    Value idx = ctx.inputs[m], data = ctx.inputs[k + m];
    RankedTensorType it = typeOf(idx), dt = typeOf(data);
    if (!it.getElementType().isInteger(32) || dt.getRank() < it.getRank())
      return ctx.emitError()
             << "'DynamicStitch': indices " << m
             << " must be int32 and a prefix of data " << m << "'s shape, got "
             << idx.getType() << " and " << data.getType();
    // Indices of rank > 1 are flattened, with the data's rows, which
    // needs their sizes.
    Value flat = idx, r = data;
    if (it.getRank() != 1) {
      if (!it.hasStaticShape() || !dt.hasStaticShape())
        return ctx.emitError()
               << "'DynamicStitch': indices " << m << " of rank "
               << it.getRank() << " need static shapes, got " << idx.getType()
               << " and " << data.getType();
      SmallVector<int64_t> rowShape{it.getNumElements()};
      llvm::append_range(rowShape, dt.getShape().drop_front(it.getRank()));
      FailureOr<Value> fi = ctx.create1<ReshapeOp>(
          idx, {ctx.named("shape",
                          ctx.b.getDenseI64ArrayAttr({it.getNumElements()}))});
      FailureOr<Value> fr = ctx.create1<ReshapeOp>(
          data, {ctx.named("shape", ctx.b.getDenseI64ArrayAttr(rowShape))});
      if (failed(fi) || failed(fr))
        return failure();
      flat = *fi;
      r = *fr;
    }
    FailureOr<Value> wide =
        ctx.create1<CastOp>(flat, {ctx.named("to", TypeAttr::get(i64))});
    if (failed(wide))
      return failure();
    ids.push_back(*wide);
    rows.push_back(r);
  }
  auto concat = [&](ArrayRef<Value> parts) -> FailureOr<Value> {
    if (parts.size() == 1)
      return parts[0];
    return ctx.create1<ConcatOp>(
        parts, {ctx.named("axis", ctx.b.getI64IntegerAttr(0))});
  };
  FailureOr<Value> allIds = concat(ids), allRows = concat(rows);
  if (failed(allIds) || failed(allRows))
    return failure();
  FailureOr<Value> top = ctx.create1<ReduceMaxOp>(
      *allIds, {ctx.named("axes", ctx.b.getDenseI64ArrayAttr({0}))});
  if (failed(top))
    return failure();
  FailureOr<Value> count = ctx.create1<AddOp>({*top, i64Scalar(ctx, 1)});
  FailureOr<Value> iota = iotaLike(ctx, *allIds);
  if (failed(count) || failed(iota))
    return failure();
  FailureOr<Value> src = writeAt(ctx, *count, *allIds, *iota);
  if (failed(src))
    return failure();
  return set(ctx, ctx.create1<GatherOp>(
                      {*allRows, *src},
                      {ctx.named("axis", ctx.b.getI64IntegerAttr(0))}));
}

LogicalResult buildCast(NodeContext &ctx) {
  Type to;
  if (failed(ctx.getType("DstT", to, true)))
    return failure();
  return set(ctx, ctx.create1<CastOp>(ctx.inputs[0],
                                      {ctx.named("to", TypeAttr::get(to))}));
}

LogicalResult buildClip(NodeContext &ctx) {
  FailureOr<Value> low = ctx.create1<MaximumOp>({ctx.inputs[0], ctx.inputs[1]});
  if (failed(low))
    return failure();
  return set(ctx, ctx.create1<MinimumOp>({*low, ctx.inputs[2]}));
}

/// "NHWC" (default) or "NCHW"; true for NCHW.
FailureOr<bool> getDataFormat(NodeContext &ctx) {
  std::string format = "NHWC";
  if (failed(ctx.getString("data_format", format)))
    return failure();
  if (format != "NHWC" && format != "NCHW")
    return ctx.emitError() << "attribute 'data_format' must be \"NHWC\" or "
                              "\"NCHW\", got \""
                           << format << "\"";
  return format == "NCHW";
}

LogicalResult buildBiasAdd(NodeContext &ctx) {
  FailureOr<bool> nchw = getDataFormat(ctx);
  if (failed(nchw))
    return failure();
  Value value = ctx.inputs[0], bias = ctx.inputs[1];
  int64_t rank = typeOf(value).getRank();
  if (typeOf(bias).getRank() != 1 || rank < 2)
    return ctx.emitError() << "'BiasAdd' takes a rank-1 bias and a value of "
                              "rank 2 or more, got "
                           << bias.getType() << " and " << value.getType();
  if (*nchw && rank > 2) {
    // The channel is dim 1: bias [C] -> [C, 1, ..., 1].
    SmallVector<int64_t> dims(rank - 1, 1);
    dims[0] = typeOf(bias).getDimSize(0);
    FailureOr<Value> reshaped = reshapeTo(ctx, bias, dims);
    if (failed(reshaped))
      return failure();
    bias = *reshaped;
  }
  return set(ctx, ctx.create1<AddOp>({value, bias}));
}

LogicalResult buildArgReduce(NodeContext &ctx) {
  int64_t axis = 0;
  Type outType = ctx.b.getI64Type();
  if (failed(ctx.getInt("axis", axis, /*required=*/true)) ||
      failed(ctx.getType("output_type", outType)))
    return failure();
  if (!outType.isInteger(32) && !outType.isInteger(64))
    return ctx.emitError() << "attribute 'output_type' must be Int32 or "
                              "Int64, got "
                           << outType;
  NamedAttribute attr = ctx.named("axis", ctx.b.getI64IntegerAttr(axis));
  FailureOr<Value> index =
      opType(ctx.node) == "ArgMax"
          ? ctx.create1<ArgMaxOp>(ctx.inputs[0], {attr})
          : ctx.create1<ArgMinOp>(ctx.inputs[0], {attr});
  if (failed(index) || outType.isInteger(64))
    return set(ctx, index);
  return set(ctx, ctx.create1<CastOp>(*index,
                                      {ctx.named("to", TypeAttr::get(outType))}));
}

LogicalResult buildPad(NodeContext &ctx) {
  Value x = ctx.inputs[0];
  SmallVector<int64_t> paddings;
  double value = 0;
  if (failed(ctx.getInts("paddings", paddings, /*required=*/true)) ||
      failed(ctx.getFloat("constant_value", value)))
    return failure();
  int64_t rank = typeOf(x).getRank();
  if (int64_t(paddings.size()) != 2 * rank)
    return ctx.emitError() << "attribute 'paddings' has " << paddings.size()
                           << " values; a rank-" << rank << " input needs "
                           << 2 * rank << " (before, after per dimension)";
  SmallVector<int64_t> low, high;
  for (int64_t i = 0; i < rank; ++i) {
    low.push_back(paddings[2 * i]);
    high.push_back(paddings[2 * i + 1]);
  }
  Value pad = ctx.scalar(typeOf(x).getElementType(), value);
  return set(ctx, ctx.create1<PadOp>(
                      {x, pad}, {ctx.named("low", ctx.b.getDenseI64ArrayAttr(low)),
                                 ctx.named("high", ctx.b.getDenseI64ArrayAttr(high))}));
}

LogicalResult buildGather(NodeContext &ctx) {
  int64_t axis = 0, batchDims = 0;
  if (failed(ctx.getInt("axis", axis)) ||
      failed(ctx.getInt("batch_dims", batchDims)))
    return failure();
  if (batchDims != 0)
    return ctx.emitError() << "'GatherV2' with batch_dims = " << batchDims
                           << " is not supported (only 0)";
  // TensorFlow refuses negative indices (ONNX counts them from the end).
  return set(ctx, ctx.create1<GatherOp>(
                      {ctx.inputs[0], ctx.inputs[1]},
                      {ctx.named("axis", ctx.b.getI64IntegerAttr(axis)),
                       ctx.named("nonnegative_indices", ctx.b.getUnitAttr())}));
}

LogicalResult buildOneHot(NodeContext &ctx) {
  int64_t depth = 0, axis = -1;
  double on = 1, off = 0;
  Type dtype = ctx.b.getF32Type();
  if (failed(ctx.getInt("depth", depth, /*required=*/true)) ||
      failed(ctx.getFloat("on_value", on)) ||
      failed(ctx.getFloat("off_value", off)) ||
      failed(ctx.getInt("axis", axis)) || failed(ctx.getType("dtype", dtype)))
    return failure();
  return set(ctx, ctx.create1<OneHotOp>(
                      {ctx.inputs[0], ctx.scalar(dtype, on), ctx.scalar(dtype, off)},
                      {ctx.named("depth", ctx.b.getI64IntegerAttr(depth)),
                       ctx.named("axis", ctx.b.getI64IntegerAttr(axis))}));
}

LogicalResult buildTopK(NodeContext &ctx) {
  int64_t k = 0;
  bool sorted = true; // Sorted output is also a valid unsorted one.
  if (failed(ctx.getInt("k", k, /*required=*/true)) ||
      failed(ctx.getBool("sorted", sorted)))
    return failure();
  FailureOr<Operation *> op = ctx.create<TopKOp>(
      ctx.inputs[0], {ctx.named("k", ctx.b.getI64IntegerAttr(k))});
  if (failed(op))
    return failure();
  ctx.outputs.push_back((*op)->getResult(0));
  // TensorFlow's indices are Int32.
  return set(ctx, ctx.create1<CastOp>(
                      (*op)->getResult(1),
                      {ctx.named("to", TypeAttr::get(ctx.b.getI32Type()))}));
}

LogicalResult buildSegmentSum(NodeContext &ctx) {
  int64_t num = 0;
  if (failed(ctx.getInt("num_segments", num, /*required=*/true)))
    return failure();
  return set(ctx, ctx.create1<UnsortedSegmentSumOp>(
                      {ctx.inputs[0], ctx.inputs[1]},
                      {ctx.named("num_segments", ctx.b.getI64IntegerAttr(num))}));
}

/// The spatial (H, W) entries of a 4-entry TensorFlow list in `nchw` or
/// NHWC order; the batch and channel entries must be 1.
FailureOr<SmallVector<int64_t>> spatialPair(NodeContext &ctx, StringRef name,
                                            bool nchw) {
  SmallVector<int64_t> values = {1, 1, 1, 1};
  if (failed(ctx.getInts(name, values, name == "ksize")))
    return failure();
  if (values.size() != 4)
    return ctx.emitError() << "attribute '" << name << "' must have 4 values, "
                           << "got " << values.size();
  int64_t h = nchw ? 2 : 1, w = nchw ? 3 : 2, c = nchw ? 1 : 3;
  if (values[0] != 1 || values[c] != 1)
    return ctx.emitError() << "attribute '" << name
                           << "' must be 1 in the batch and channel dimensions";
  if (values[h] < 1 || values[w] < 1)
    return ctx.emitError() << "attribute '" << name << "' must be positive";
  return SmallVector<int64_t>{values[h], values[w]};
}

/// [top, left, bottom, right] for TensorFlow's padding attributes.
FailureOr<SmallVector<int64_t>>
getPadding(NodeContext &ctx, Value input, ArrayRef<int64_t> kernel,
           ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations, bool nchw) {
  std::string padding;
  if (failed(ctx.getString("padding", padding, /*required=*/true)))
    return failure();
  int64_t h = nchw ? 2 : 1, w = nchw ? 3 : 2;
  if (padding == "VALID")
    return SmallVector<int64_t>{0, 0, 0, 0};
  if (padding == "EXPLICIT") {
    SmallVector<int64_t> explicitPads;
    if (failed(ctx.getInts("explicit_paddings", explicitPads, true)))
      return failure();
    if (explicitPads.size() != 8)
      return ctx.emitError() << "attribute 'explicit_paddings' must have 8 "
                                "values, got "
                             << explicitPads.size();
    return SmallVector<int64_t>{explicitPads[2 * h], explicitPads[2 * w],
                                explicitPads[2 * h + 1],
                                explicitPads[2 * w + 1]};
  }
  if (padding != "SAME")
    return ctx.emitError() << "attribute 'padding' must be \"SAME\", "
                              "\"VALID\" or \"EXPLICIT\", got \""
                           << padding << "\"";
  RankedTensorType type = typeOf(input);
  if (type.getRank() != 4)
    return ctx.emitError() << "'" << opType(ctx.node)
                           << "' takes a rank-4 input, got " << input.getType();
  SmallVector<int64_t> before, after;
  // A named array: an ArrayRef of a braced list would dangle inside the
  // loop (the list dies with the range expression; found by the fuzzer).
  int64_t spatial[] = {h, w};
  for (auto [i, dim] : llvm::enumerate(spatial)) {
    if (type.isDynamicDim(dim))
      return ctx.emitError() << "SAME padding needs static spatial "
                                "dimensions, got "
                             << input.getType();
    int64_t size = type.getDimSize(dim);
    int64_t out = (size + strides[i] - 1) / strides[i];
    int64_t total = std::max<int64_t>(
        (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - size, 0);
    before.push_back(total / 2);
    after.push_back(total - total / 2);
  }
  return SmallVector<int64_t>{before[0], before[1], after[0], after[1]};
}

LogicalResult buildConv2D(NodeContext &ctx) {
  FailureOr<bool> nchw = getDataFormat(ctx);
  if (failed(nchw))
    return failure();
  FailureOr<SmallVector<int64_t>> strides = spatialPair(ctx, "strides", *nchw);
  if (failed(strides))
    return failure();
  FailureOr<SmallVector<int64_t>> dilations =
      spatialPair(ctx, "dilations", *nchw);
  if (failed(dilations))
    return failure();
  Value input = ctx.inputs[0], filter = ctx.inputs[1];
  RankedTensorType in = typeOf(input), ft = typeOf(filter);
  if (in.getRank() != 4 || ft.getRank() != 4)
    return ctx.emitError() << "'" << opType(ctx.node)
                           << "' takes a rank-4 input and filter, got "
                           << input.getType() << " and " << filter.getType();
  bool depthwise = opType(ctx.node) == "DepthwiseConv2dNative";
  int64_t channels = in.getDimSize(*nchw ? 1 : 3);
  int64_t groups = 1;
  if (depthwise) {
    // [KH, KW, C, M] -> HWIO [KH, KW, 1, C * M], one group per channel.
    if (ft.isDynamicDim(2) || ft.isDynamicDim(3))
      return ctx.emitError() << "'DepthwiseConv2dNative' needs a static "
                                "filter, got "
                             << filter.getType();
    FailureOr<Value> reshaped = reshapeTo(
        ctx, filter,
        {ft.getDimSize(0), ft.getDimSize(1), 1, ft.getDimSize(2) * ft.getDimSize(3)});
    if (failed(reshaped))
      return failure();
    filter = *reshaped;
    groups = ft.getDimSize(2);
  } else if (!ShapedType::isDynamic(channels) && !ft.isDynamicDim(2) &&
             ft.getDimSize(2) > 0 && channels % ft.getDimSize(2) == 0) {
    groups = channels / ft.getDimSize(2);
  }
  SmallVector<int64_t> kernel = {ft.getDimSize(0), ft.getDimSize(1)};
  if (ShapedType::isDynamic(kernel[0]) || ShapedType::isDynamic(kernel[1]))
    return ctx.emitError() << "'" << opType(ctx.node)
                           << "' needs static kernel sizes, got "
                           << filter.getType();
  FailureOr<SmallVector<int64_t>> padding =
      getPadding(ctx, input, kernel, *strides, *dilations, *nchw);
  if (failed(padding))
    return failure();
  // NHWC takes an HWIO filter; NCHW takes OIHW, so transpose HWIO to it.
  if (*nchw) {
    FailureOr<Value> oihw = ctx.create1<TransposeOp>(
        filter, {ctx.named("perm", ctx.b.getDenseI64ArrayAttr({3, 2, 0, 1}))});
    if (failed(oihw))
      return failure();
    filter = *oihw;
  }
  return set(ctx, ctx.create1<Conv2DOp>(
                      {input, filter},
                      {ctx.named("strides", ctx.b.getDenseI64ArrayAttr(*strides)),
                       ctx.named("dilations", ctx.b.getDenseI64ArrayAttr(*dilations)),
                       ctx.named("padding", ctx.b.getDenseI64ArrayAttr(*padding)),
                       ctx.named("groups", ctx.b.getI64IntegerAttr(groups)),
                       ctx.named("data_format",
                                 ctx.b.getStringAttr(*nchw ? "NCHW" : "NHWC"))}));
}

LogicalResult buildPool(NodeContext &ctx) {
  FailureOr<bool> nchw = getDataFormat(ctx);
  if (failed(nchw))
    return failure();
  FailureOr<SmallVector<int64_t>> kernel = spatialPair(ctx, "ksize", *nchw);
  if (failed(kernel))
    return failure();
  FailureOr<SmallVector<int64_t>> strides = spatialPair(ctx, "strides", *nchw);
  if (failed(strides))
    return failure();
  SmallVector<int64_t> dilations = {1, 1};
  FailureOr<SmallVector<int64_t>> padding =
      getPadding(ctx, ctx.inputs[0], *kernel, *strides, dilations, *nchw);
  if (failed(padding))
    return failure();
  SmallVector<NamedAttribute> attrs = {
      ctx.named("kernel", ctx.b.getDenseI64ArrayAttr(*kernel)),
      ctx.named("strides", ctx.b.getDenseI64ArrayAttr(*strides)),
      ctx.named("padding", ctx.b.getDenseI64ArrayAttr(*padding)),
      ctx.named("data_format", ctx.b.getStringAttr(*nchw ? "NCHW" : "NHWC"))};
  // TensorFlow's AvgPool averages the in-bounds elements only.
  if (opType(ctx.node) == "MaxPool")
    return set(ctx, ctx.create1<MaxPoolOp>(ctx.inputs[0], attrs));
  return set(ctx, ctx.create1<AvgPoolOp>(ctx.inputs[0], attrs));
}

LogicalResult buildBatchNorm(NodeContext &ctx) {
  FailureOr<bool> nchw = getDataFormat(ctx);
  double epsilon = 0.001;
  bool training = false;
  if (failed(nchw) || failed(ctx.getFloat("epsilon", epsilon)) ||
      failed(ctx.getBool("is_training", training)))
    return failure();
  if (training)
    return ctx.emitError() << "'FusedBatchNormV3' with is_training = true is "
                              "not supported (inference only)";
  int64_t rank = typeOf(ctx.inputs[0]).getRank();
  return set(ctx, ctx.create1<BatchNormOp>(
                      ctx.inputs,
                      {ctx.named("epsilon", ctx.b.getF64FloatAttr(epsilon)),
                       ctx.named("axis", ctx.b.getI64IntegerAttr(
                                             *nchw ? 1 : rank - 1))}));
}

LogicalResult buildLayerNorm(NodeContext &ctx) {
  int64_t axis = -1;
  double epsilon = 1e-5;
  if (failed(ctx.getInt("begin_norm_axis", axis)) ||
      failed(ctx.getFloat("epsilon", epsilon)))
    return failure();
  return set(ctx, ctx.create1<LayerNormOp>(
                      ctx.inputs,
                      {ctx.named("axis", ctx.b.getI64IntegerAttr(axis)),
                       ctx.named("epsilon", ctx.b.getF64FloatAttr(epsilon))}));
}

/// tf.gradients: inputs ys..., xs... and optionally one seed per y
/// (num_ys and num_xs say how many), one output per x. An x that is a
/// variable is the read value its consumers share (see the importer).
LogicalResult buildGradients(NodeContext &ctx) {
  int64_t numYs = 0, numXs = 0;
  if (failed(ctx.getInt("num_ys", numYs, /*required=*/true)) ||
      failed(ctx.getInt("num_xs", numXs, /*required=*/true)))
    return failure();
  int64_t n = ctx.inputs.size();
  if (numYs < 1 || numXs < 1 || numYs > n || numXs > n ||
      (n != numYs + numXs && n != 2 * numYs + numXs))
    return ctx.emitError() << "'Gradients' with num_ys = " << numYs
                           << " and num_xs = " << numXs
                           << " takes the ys and xs, then optionally one "
                              "grad_ys per y; got "
                           << n << " inputs";
  int32_t numSeeds = n - numYs - numXs;
  FailureOr<Operation *> op = ctx.create<GradientsOp>(
      ctx.inputs, {ctx.named("operandSegmentSizes",
                             ctx.b.getDenseI32ArrayAttr(
                                 {int32_t(numYs), int32_t(numXs), numSeeds}))});
  if (failed(op))
    return failure();
  ctx.outputs.append((*op)->result_begin(), (*op)->result_end());
  return success();
}

const OpDef opDefs[] = {
    {"Placeholder", 0, 0, 1, buildPlaceholder},
    {"Const", 0, 0, 1, buildConst},
    {"VariableV2", 0, 0, 1, builtByImporter},
    {"Assign", 2, 2, 1, builtByImporter},
    {"AssignAdd", 2, 2, 1, builtByImporter},
    {"AssignSub", 2, 2, 1, builtByImporter},
    {"ScatterAdd", 3, 3, 1, builtByImporter},
    {"ScatterSub", 3, 3, 1, builtByImporter},
    {"ScatterUpdate", 3, 3, 1, builtByImporter},
    {"Identity", 1, 1, 1, buildIdentity},
    {"NoOp", 0, 0, 0, buildNoOp},
    // Functional control flow: the importer builds them (it has the
    // functions); outputs: as many as the branches' results or loop vars.
    {"If", 1, -1, -1, builtByImporter},
    {"StatelessIf", 1, -1, -1, builtByImporter},
    {"While", 0, -1, -1, builtByImporter},
    {"StatelessWhile", 0, -1, -1, builtByImporter},
    // TensorFlow 1.x's raw control flow: the importer raises each cond and
    // loop frame to a tfcc.cond or tfcc.while (TfgImporter.cpp).
    {"Switch", 2, 2, 2, builtByImporter},
    {"Merge", 1, -1, 2, builtByImporter},
    {"Enter", 1, 1, 1, builtByImporter},
    {"Exit", 1, 1, 1, builtByImporter},
    {"NextIteration", 1, 1, 1, builtByImporter},
    {"LoopCond", 1, 1, 1, builtByImporter},
    {"StopGradient", 1, 1, 1, buildStopGradient},
    {"Shape", 1, 1, 1, buildShape},
    {"Cumsum", 1, 1, 1, buildCumsum},
    {"RandomUniform", 1, 1, 1, buildRandomUniform},
    {"RandomStandardNormal", 1, 1, 1, buildRandomNormal},
    {"TruncatedNormal", 1, 1, 1, buildTruncatedNormal},
    {"RandomUniformInt", 3, 3, 1, buildRandomUniformInt},
    {"DynamicPartition", 2, 2, -1, buildDynamicPartition},
    {"DynamicStitch", 2, -1, 1, buildDynamicStitch},
    {"TensorScatterUpdate", 3, 3, 1, buildTensorScatterUpdate},
    {"Add", 2, 2, 1, buildBinary<AddOp>},
    {"AddV2", 2, 2, 1, buildBinary<AddOp>},
    {"Sub", 2, 2, 1, buildBinary<SubOp>},
    {"Mul", 2, 2, 1, buildBinary<MulOp>},
    {"RealDiv", 2, 2, 1, buildBinary<DivOp>},
    {"Div", 2, 2, 1, buildBinary<DivOp>},
    {"Pow", 2, 2, 1, buildBinary<PowOp>},
    {"Maximum", 2, 2, 1, buildBinary<MaximumOp>},
    {"Minimum", 2, 2, 1, buildBinary<MinimumOp>},
    {"FloorMod", 2, 2, 1, buildBinary<FloorModOp>},
    {"Equal", 2, 2, 1, buildBinary<EqualOp>},
    {"NotEqual", 2, 2, 1, buildBinary<NotEqualOp>},
    {"Less", 2, 2, 1, buildBinary<LessOp>},
    {"LessEqual", 2, 2, 1, buildBinary<LessEqualOp>},
    {"Greater", 2, 2, 1, buildBinary<GreaterOp>},
    {"GreaterEqual", 2, 2, 1, buildBinary<GreaterEqualOp>},
    {"LogicalAnd", 2, 2, 1, buildBinary<LogicalAndOp>},
    {"LogicalOr", 2, 2, 1, buildBinary<LogicalOrOp>},
    {"Neg", 1, 1, 1, buildUnary<NegOp>},
    {"Abs", 1, 1, 1, buildUnary<AbsOp>},
    {"Relu", 1, 1, 1, buildUnary<ReluOp>},
    {"Exp", 1, 1, 1, buildUnary<ExpOp>},
    {"Log", 1, 1, 1, buildUnary<LogOp>},
    {"Sqrt", 1, 1, 1, buildUnary<SqrtOp>},
    {"Rsqrt", 1, 1, 1, buildUnary<RsqrtOp>},
    {"Tanh", 1, 1, 1, buildUnary<TanhOp>},
    {"Sigmoid", 1, 1, 1, buildUnary<SigmoidOp>},
    {"Erf", 1, 1, 1, buildUnary<ErfOp>},
    {"Floor", 1, 1, 1, buildUnary<FloorOp>},
    {"Ceil", 1, 1, 1, buildUnary<CeilOp>},
    {"Round", 1, 1, 1, buildUnary<RoundOp>},
    {"Sign", 1, 1, 1, buildUnary<SignOp>},
    {"Sin", 1, 1, 1, buildUnary<SinOp>},
    {"Cos", 1, 1, 1, buildUnary<CosOp>},
    {"Square", 1, 1, 1, buildSquare},
    {"Reciprocal", 1, 1, 1, buildUnary<ReciprocalOp>},
    {"Softplus", 1, 1, 1, buildUnary<SoftplusOp>},
    {"Relu6", 1, 1, 1, buildRelu6},
    {"LogicalNot", 1, 1, 1, buildUnary<LogicalNotOp>},
    {"LeakyRelu", 1, 1, 1, buildLeakyRelu},
    {"Elu", 1, 1, 1, buildElu},
    {"Gelu", 1, 1, 1, buildGelu},
    {"Select", 3, 3, 1, buildSelect},
    {"SelectV2", 3, 3, 1, buildSelect},
    {"MatMul", 2, 2, 1, buildMatMul},
    {"BatchMatMulV2", 2, 2, 1, buildMatMul},
    {"Sum", 1, 1, 1, buildReduce<ReduceSumOp>},
    {"Mean", 1, 1, 1, buildReduce<ReduceMeanOp>},
    {"Max", 1, 1, 1, buildReduce<ReduceMaxOp>},
    {"Min", 1, 1, 1, buildReduce<ReduceMinOp>},
    {"Prod", 1, 1, 1, buildReduce<ReduceProdOp>},
    {"ArgMax", 1, 1, 1, buildArgReduce},
    {"ArgMin", 1, 1, 1, buildArgReduce},
    {"Softmax", 1, 1, 1, buildSoftmax<SoftmaxOp>},
    {"LogSoftmax", 1, 1, 1, buildSoftmax<LogSoftmaxOp>},
    {"Reshape", 1, 1, 1, buildReshape},
    {"Transpose", 1, 1, 1, buildTranspose},
    {"BroadcastTo", 1, 1, 1, buildBroadcastTo},
    {"ConcatV2", 1, -1, 1, buildConcat},
    {"Slice", 1, 1, 1, buildSlice},
    {"Split", 1, 1, -1, buildSplit},
    {"Squeeze", 1, 1, 1, buildSqueeze},
    {"ExpandDims", 1, 1, 1, buildExpandDims},
    {"Cast", 1, 1, 1, buildCast},
    {"Pad", 1, 1, 1, buildPad},
    {"ClipByValue", 3, 3, 1, buildClip},
    {"GatherV2", 2, 2, 1, buildGather},
    {"OneHot", 1, 1, 1, buildOneHot},
    {"TopKV2", 1, 1, 2, buildTopK},
    {"UnsortedSegmentSum", 2, 2, 1, buildSegmentSum},
    {"Conv2D", 2, 2, 1, buildConv2D},
    {"DepthwiseConv2dNative", 2, 2, 1, buildConv2D},
    {"MaxPool", 1, 1, 1, buildPool},
    {"AvgPool", 1, 1, 1, buildPool},
    {"BiasAdd", 2, 2, 1, buildBiasAdd},
    {"FusedBatchNormV3", 5, 5, 1, buildBatchNorm},
    {"LayerNorm", 3, 3, 1, buildLayerNorm},
    {"Gradients", 2, -1, -1, buildGradients},
};

} // namespace

const OpDef *mlir::tfcc::tfg_import::lookupOpDef(StringRef type) {
  static const llvm::StringMap<const OpDef *> table = [] {
    llvm::StringMap<const OpDef *> map;
    for (const OpDef &def : opDefs)
      map[def.type] = &def;
    return map;
  }();
  auto it = table.find(type);
  return it == table.end() ? nullptr : it->second;
}
