//===- OnnxImporter.cpp - ONNX models to the tfcc dialect -----------------===//
//
// Reads a serialized onnx.ModelProto and builds one func.func: graph inputs
// that are not initializers become arguments, graph outputs become results
// (both named with `tfcc.name`), initializers and Constant nodes become
// tfcc.constant, and each node is translated by the handler registered for
// its op type (OnnxOps*.cpp). Only the default domain at opsets 11 to 17 is
// accepted.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"
#include "OnnxWireLimits.h"

#include <algorithm>

#include "tfcc/Frontend/Import.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstring>

#include <google/protobuf/io/coded_stream.h>

using namespace mlir;
using namespace mlir::tfcc;
using namespace mlir::tfcc::onnx_import;

//===----------------------------------------------------------------------===//
// Types and tensors
//===----------------------------------------------------------------------===//

Type onnx_import::convertElementType(MLIRContext *ctx, int32_t onnxType) {
  Builder b(ctx);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::INT32:
    return b.getI32Type();
  case onnx::TensorProto::INT64:
    return b.getI64Type();
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return nullptr;
  }
}

std::string onnx_import::elementTypeName(int32_t onnxType) {
  if (onnx::TensorProto::DataType_IsValid(onnxType))
    return llvm::StringRef(onnx::TensorProto::DataType_Name(
                               (onnx::TensorProto::DataType)onnxType))
        .lower();
  return "type " + std::to_string(onnxType);
}

std::string onnx_import::shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ",";
    s += ShapedType::isDynamic(d) ? "?" : std::to_string(d);
  }
  return s + "]";
}

int64_t onnx_import::numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

bool onnx_import::isStatic(ArrayRef<int64_t> shape) {
  return llvm::none_of(shape, ShapedType::isDynamic);
}

int64_t onnx_import::clampSliceRange(int64_t &start, int64_t &end,
                                     int64_t step, int64_t dim) {
  if (start < 0)
    start += dim;
  if (end < 0)
    end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    return end > start ? (end - start + step - 1) / step : 0;
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  return start > end ? (start - end - step - 1) / -step : 0;
}

namespace {
/// Reads `n` values of type T from raw little-endian bytes or from a typed
/// repeated field.
template <typename T, typename Field>
bool readValues(const onnx::TensorProto &t, const Field &field, int64_t n,
                std::vector<T> &out) {
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    if ((int64_t)raw.size() != n * (int64_t)sizeof(T))
      return false;
    out.resize(n);
    std::memcpy(out.data(), raw.data(), raw.size());
    return true;
  }
  if (field.size() != n)
    return false;
  out.resize(n);
  for (int64_t i = 0; i < n; ++i)
    out[i] = static_cast<T>(field.Get(i));
  return true;
}
} // namespace

/// Converts an initializer or tensor attribute; sets `error` on failure.
static DenseElementsAttr convertTensor(const onnx::TensorProto &t,
                                       MLIRContext *ctx, std::string &error) {
  Type elem = convertElementType(ctx, t.data_type());
  if (!elem) {
    error = "unsupported: tensor '" + t.name() + "' has element type " +
            elementTypeName(t.data_type());
    return nullptr;
  }
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "unsupported: tensor '" + t.name() + "' has external data";
    return nullptr;
  }
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t d : t.dims()) {
    // Sizes beyond 2^40 elements cannot be real data (and would overflow).
    if (d < 0 || (d > 0 && count > (int64_t(1) << 40) / d)) {
      error = "tensor '" + t.name() + "' has an invalid dimension " +
              std::to_string(d);
      return nullptr;
    }
    count *= d;
    shape.push_back(d);
  }
  auto type = RankedTensorType::get(shape, elem);
  int64_t n = numElements(shape);
  bool ok = false;
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT: {
    std::vector<float> v;
    if ((ok = readValues(t, t.float_data(), n, v)))
      return DenseElementsAttr::get(type, ArrayRef<float>(v));
    break;
  }
  case onnx::TensorProto::DOUBLE: {
    std::vector<double> v;
    if ((ok = readValues(t, t.double_data(), n, v)))
      return DenseElementsAttr::get(type, ArrayRef<double>(v));
    break;
  }
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> v;
    if ((ok = readValues(t, t.int32_data(), n, v)))
      return DenseElementsAttr::get(type, ArrayRef<int32_t>(v));
    break;
  }
  case onnx::TensorProto::INT64: {
    std::vector<int64_t> v;
    if ((ok = readValues(t, t.int64_data(), n, v)))
      return DenseElementsAttr::get(type, ArrayRef<int64_t>(v));
    break;
  }
  case onnx::TensorProto::BOOL: {
    std::vector<uint8_t> v;
    if ((ok = readValues(t, t.int32_data(), n, v))) {
      SmallVector<bool> bits(v.begin(), v.end());
      return DenseElementsAttr::get(type, ArrayRef<bool>(bits));
    }
    break;
  }
  }
  error = "tensor '" + t.name() + "' holds the wrong number of values for "
          "its shape " + shapeStr(shape);
  return nullptr;
}

static RankedTensorType tensorType(Value v) {
  return v ? dyn_cast<RankedTensorType>(v.getType()) : nullptr;
}

//===----------------------------------------------------------------------===//
// OnnxNode
//===----------------------------------------------------------------------===//

Value OnnxNode::constant(DenseElementsAttr attr) {
  if (!attr)
    return nullptr;
  OperationState state(loc, "tfcc.constant");
  state.addAttribute("value", attr);
  state.addTypes(attr.getType());
  return b.create(state)->getResult(0);
}

Value OnnxNode::input(unsigned i) {
  if (!hasInput(i))
    return nullptr;
  auto it = values.find(proto.input(i));
  if (it == values.end()) {
    error("input '" + proto.input(i) + "' is not defined before the node");
    return nullptr;
  }
  GraphValue &gv = it->second;
  if (gv.partial) {
    if (gv.value)
      return gv.value;
    unsupported("'" + proto.input(i) + "' is computed from dynamic "
                "dimensions and used as data");
    return nullptr;
  }
  if (!gv.value) {
    // Materialize at the top of the function so that later uses dominate.
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(b.getInsertionBlock());
    OperationState state(NameLoc::get(b.getStringAttr(proto.input(i))),
                         "tfcc.constant");
    state.addAttribute("value", gv.constant);
    state.addTypes(gv.constant.getType());
    gv.value = b.create(state)->getResult(0);
  }
  return gv.value;
}

RankedTensorType OnnxNode::inputType(unsigned i) {
  if (!hasInput(i))
    return nullptr;
  auto it = values.find(proto.input(i));
  if (it == values.end())
    return tensorType(input(i));
  if (it->second.constant)
    return llvm::cast<RankedTensorType>(it->second.constant.getType());
  return tensorType(it->second.value);
}

DenseElementsAttr OnnxNode::constantInput(unsigned i) {
  if (!hasInput(i))
    return nullptr;
  auto it = values.find(proto.input(i));
  if (it == values.end())
    return nullptr;
  return it->second.constant;
}

bool OnnxNode::isPartial(unsigned i) {
  if (!hasInput(i))
    return false;
  auto it = values.find(proto.input(i));
  return it != values.end() && it->second.partial;
}

Value OnnxNode::partialValue(unsigned i) {
  if (!isPartial(i))
    return nullptr;
  return values.find(proto.input(i))->second.value;
}

void OnnxNode::setReshapedConstantOutput(ArrayRef<int64_t> shape) {
  DenseElementsAttr c = constantInput(0);
  auto attr = c.reshape(RankedTensorType::get(shape, c.getElementType()));
  if (!isPartial(0)) {
    setConstantOutput(0, attr);
    return;
  }
  Value runtime = partialValue(0);
  if (runtime)
    runtime = reshape(runtime, shape);
  if (runtime)
    setPartialOutput(0, attr, runtime);
  else
    setConstantOutput(0, attr, /*partial=*/true);
}

std::optional<SmallVector<int64_t>>
OnnxNode::constantInts(unsigned i, StringRef what, bool allowDynamic) {
  DenseElementsAttr attr = constantInput(i);
  if (!attr) {
    if (!hasFailed)
      unsupported("non-constant " + what + " input '" +
                  (hasInput(i) ? proto.input(i) : std::string()) + "'");
    return std::nullopt;
  }
  if (isPartial(i) && !allowDynamic) {
    unsupported(what + " input '" + proto.input(i) +
                "' depends on dynamic dimensions");
    return std::nullopt;
  }
  SmallVector<int64_t> out;
  if (isa<IntegerType>(attr.getElementType())) {
    bool isBool = attr.getElementType().isInteger(1);
    for (const APInt &v : attr.getValues<APInt>())
      out.push_back(isBool ? v.getZExtValue() : v.getSExtValue());
  } else {
    for (const APFloat &v : attr.getValues<APFloat>())
      out.push_back((int64_t)v.convertToDouble());
  }
  return out;
}

std::optional<double> OnnxNode::constantScalar(unsigned i, StringRef what) {
  DenseElementsAttr attr = constantInput(i);
  if (!attr || attr.getNumElements() != 1 || isPartial(i)) {
    unsupported("non-constant " + what + " input");
    return std::nullopt;
  }
  if (isa<FloatType>(attr.getElementType()))
    return (*attr.getValues<APFloat>().begin()).convertToDouble();
  APInt v = *attr.getValues<APInt>().begin();
  return attr.getElementType().isInteger(1) ? (double)v.getZExtValue()
                                            : (double)v.getSExtValue();
}

void OnnxNode::setOutput(unsigned i, Value v) {
  if (!v || !hasOutput(i))
    return;
  values[proto.output(i)] = GraphValue{v, nullptr};
}

void OnnxNode::setConstantOutput(unsigned i, DenseElementsAttr attr,
                                 bool partial) {
  if (!attr || !hasOutput(i))
    return;
  values[proto.output(i)] = GraphValue{nullptr, attr, partial};
}

void OnnxNode::setPartialOutput(unsigned i, DenseElementsAttr attr,
                                Value value) {
  if (!attr || !hasOutput(i))
    return;
  values[proto.output(i)] = GraphValue{value, attr, /*partial=*/true};
}

const onnx::AttributeProto *OnnxNode::attr(StringRef name) const {
  for (const onnx::AttributeProto &a : proto.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t OnnxNode::attrInt(StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : dflt;
}

double OnnxNode::attrFloat(StringRef name, double dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string OnnxNode::attrString(StringRef name, StringRef dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : dflt.str();
}

std::optional<SmallVector<int64_t>>
OnnxNode::attrInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

std::optional<SmallVector<double>>
OnnxNode::attrFloats(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<double>(a->floats().begin(), a->floats().end());
}

std::optional<SmallVector<std::string>>
OnnxNode::attrStrings(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::nullopt;
  return SmallVector<std::string>(a->strings().begin(), a->strings().end());
}

DenseElementsAttr OnnxNode::attrTensor(StringRef name) {
  const onnx::AttributeProto *a = attr(name);
  if (!a || !a->has_t())
    return nullptr;
  std::string err;
  DenseElementsAttr attr = convertTensor(a->t(), ctx(), err);
  if (!attr)
    error(err);
  return attr;
}

OnnxNode::Failed OnnxNode::error(const Twine &message) {
  hasFailed = true;
  emitError(loc) << message;
  return Failed();
}

OnnxNode::Failed OnnxNode::unsupported(const Twine &what) {
  return error("unsupported: " + what);
}

bool OnnxNode::hasOp(StringRef name) {
  return OperationName(("tfcc." + name).str(), ctx()).isRegistered();
}

SmallVector<Value> OnnxNode::opN(StringRef name, unsigned numResults,
                                 ValueRange operands,
                                 ArrayRef<NamedAttribute> attrs,
                                 TypeRange resultTypes) {
  if (hasFailed || llvm::any_of(operands, [](Value v) { return !v; }))
    return {};
  OperationName opName(("tfcc." + name).str(), ctx());
  if (!opName.isRegistered()) {
    unsupported("needs tfcc." + name + ", which this build of the dialect "
                "lacks");
    return {};
  }
  OperationState state(loc, opName);
  state.addOperands(operands);
  state.addAttributes(attrs);
  if (!resultTypes.empty())
    state.addTypes(resultTypes);
  else
    state.addTypes(SmallVector<Type>(numResults, operands.front().getType()));
  Operation *op = b.create(state);
  if (auto iface = dyn_cast<InferTypeOpInterface>(op)) {
    SmallVector<Type> inferred;
    if (mlir::failed(iface.inferReturnTypes(
            ctx(), loc, op->getOperands(), op->getRawDictionaryAttrs(),
            op->getPropertiesStorage(), op->getRegions(), inferred)) ||
        inferred.size() != op->getNumResults()) {
      op->erase();
      hasFailed = true;
      return {};
    }
    for (auto [result, type] : llvm::zip(op->getResults(), inferred))
      result.setType(type);
  }
  if (mlir::failed(verify(op))) {
    op->erase();
    hasFailed = true;
    return {};
  }
  return SmallVector<Value>(op->getResults());
}

Value OnnxNode::op(StringRef name, ValueRange operands,
                   ArrayRef<NamedAttribute> attrs, TypeRange resultTypes) {
  SmallVector<Value> r = opN(name, 1, operands, attrs, resultTypes);
  return r.empty() ? Value() : r.front();
}

NamedAttribute OnnxNode::i64Attr(StringRef name, int64_t v) {
  return b.getNamedAttr(name, b.getI64IntegerAttr(v));
}
NamedAttribute OnnxNode::f64Attr(StringRef name, double v) {
  return b.getNamedAttr(name, b.getF64FloatAttr(v));
}
NamedAttribute OnnxNode::f32Attr(StringRef name, double v) {
  return b.getNamedAttr(name, b.getF32FloatAttr(v));
}
NamedAttribute OnnxNode::boolAttr(StringRef name, bool v) {
  return b.getNamedAttr(name, b.getBoolAttr(v));
}
NamedAttribute OnnxNode::unitAttr(StringRef name) {
  return b.getNamedAttr(name, b.getUnitAttr());
}
NamedAttribute OnnxNode::strAttr(StringRef name, StringRef v) {
  return b.getNamedAttr(name, b.getStringAttr(v));
}
NamedAttribute OnnxNode::arrayAttr(StringRef name, ArrayRef<int64_t> v) {
  return b.getNamedAttr(name, b.getDenseI64ArrayAttr(v));
}
NamedAttribute OnnxNode::typeAttr(StringRef name, Type t) {
  return b.getNamedAttr(name, TypeAttr::get(t));
}

Value OnnxNode::splat(RankedTensorType type, double v) {
  Type elem = type.getElementType();
  if (isa<FloatType>(elem))
    return constant(DenseElementsAttr::get(
        type, Attribute(b.getFloatAttr(elem, v))));
  if (elem.isInteger(1))
    return constant(DenseElementsAttr::get(type, v != 0));
  return constant(DenseElementsAttr::get(
      type, Attribute(b.getIntegerAttr(elem, (int64_t)v))));
}

Value OnnxNode::scalar(Type elem, double v) {
  return splat(RankedTensorType::get({}, elem), v);
}

Value OnnxNode::scalarLike(Value like, double v) {
  if (!like)
    return nullptr;
  return scalar(llvm::cast<RankedTensorType>(like.getType()).getElementType(),
                v);
}

Value OnnxNode::reshape(Value v, ArrayRef<int64_t> shape) {
  if (!v)
    return nullptr;
  if (tensorType(v).getShape() == shape)
    return v;
  return op("reshape", {v}, {arrayAttr("shape", shape)});
}

Value OnnxNode::transpose(Value v, ArrayRef<int64_t> perm) {
  if (!v)
    return nullptr;
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return v;
  return op("transpose", {v}, {arrayAttr("perm", perm)});
}

Value OnnxNode::sliceAxis(Value v, int64_t axis, int64_t begin,
                          int64_t size) {
  if (!v)
    return nullptr;
  int64_t rank = tensorType(v).getRank();
  SmallVector<int64_t> begins(rank, 0), sizes(rank, -1);
  begins[axis] = begin;
  sizes[axis] = size;
  return op("slice", {v}, {arrayAttr("begin", begins),
                           arrayAttr("size", sizes)});
}

Value OnnxNode::cast(Value v, Type elem) {
  if (!v)
    return nullptr;
  if (tensorType(v).getElementType() == elem)
    return v;
  return op("cast", {v}, {typeAttr("to", elem)});
}

Value OnnxNode::reduce(StringRef name, Value v, ArrayRef<int64_t> axes,
                       bool keepDims) {
  SmallVector<NamedAttribute> attrs{arrayAttr("axes", axes)};
  if (keepDims)
    attrs.push_back(unitAttr("keep_dims"));
  return op(name, {v}, attrs);
}

//===----------------------------------------------------------------------===//
// Core ops: Constant, Identity
//===----------------------------------------------------------------------===//

static LogicalResult importConstant(OnnxNode &n) {
  if (n.hasAttr("value")) {
    n.setConstantOutput(0, n.attrTensor("value"));
    return n.finish();
  }
  Builder &b = n.b;
  auto scalarOrVector = [&](bool vector, Type elem, auto values) {
    auto type = vector ? RankedTensorType::get({(int64_t)values.size()}, elem)
                       : RankedTensorType::get({}, elem);
    return DenseElementsAttr::get(type, ArrayRef(values));
  };
  if (const auto *a = n.attr("value_float"))
    n.setConstantOutput(0, scalarOrVector(false, b.getF32Type(),
                                          SmallVector<float>{a->f()}));
  else if (const auto *a = n.attr("value_floats"))
    n.setConstantOutput(0, scalarOrVector(true, b.getF32Type(),
                                          SmallVector<float>(
                                              a->floats().begin(),
                                              a->floats().end())));
  else if (const auto *a = n.attr("value_int"))
    n.setConstantOutput(0, scalarOrVector(false, b.getI64Type(),
                                          SmallVector<int64_t>{a->i()}));
  else if (const auto *a = n.attr("value_ints"))
    n.setConstantOutput(0, scalarOrVector(true, b.getI64Type(),
                                          SmallVector<int64_t>(
                                              a->ints().begin(),
                                              a->ints().end())));
  else
    return n.unsupported("Constant without a numeric tensor value");
  return n.finish();
}

static LogicalResult importIdentity(OnnxNode &n) {
  if (DenseElementsAttr c = n.constantInput(0))
    n.setConstantOutput(0, c, n.isPartial(0));
  else
    n.setOutput(0, n.input(0));
  return n.finish();
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

namespace {
class ModelImporter {
public:
  ModelImporter(MLIRContext *ctx, StringRef file) : ctx(ctx), builder(ctx) {
    fileLoc = FileLineColLoc::get(ctx, file, 0, 0);
    registerElementwiseOps(table);
    registerTensorOps(table);
    registerReductionOps(table);
    registerNNOps(table);
    registerRecurrentOps(table);
    registerLossOps(table);
    registerControlFlowOps(table);
    table["Constant"] = importConstant;
    table["Identity"] = importIdentity;
  }

  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model,
                            const ImportOptions &options);

private:
  void fail(const Twine &message) { emitError(fileLoc) << message; }
  std::optional<RankedTensorType> valueInfoType(const onnx::ValueInfoProto &,
                                                StringRef what);
  LogicalResult importNode(const onnx::NodeProto &node, unsigned index);
  FailureOr<SmallVector<Value>> importGraph(const onnx::GraphProto &graph,
                                            ValueRange args);
  /// `value`'s constant as a tfcc.constant named `name`, at the builder.
  void materializeConstant(StringRef name, GraphValue &value);

  MLIRContext *ctx;
  OpBuilder builder;
  Location fileLoc = UnknownLoc::get(ctx);
  OpTable table;
  llvm::StringMap<GraphValue> values;
  int64_t opset = 0;
  /// How many subgraphs deep the node being imported is.
  unsigned depth = 0;
};
} // namespace

std::optional<RankedTensorType>
ModelImporter::valueInfoType(const onnx::ValueInfoProto &info,
                             StringRef what) {
  if (!info.type().has_tensor_type()) {
    fail("unsupported: " + what + " '" + info.name() + "' is not a tensor");
    return std::nullopt;
  }
  const onnx::TypeProto::Tensor &t = info.type().tensor_type();
  Type elem = convertElementType(ctx, t.elem_type());
  if (!elem) {
    fail("unsupported: " + what + " '" + info.name() + "' has element type " +
         elementTypeName(t.elem_type()));
    return std::nullopt;
  }
  if (!t.has_shape()) {
    fail("unsupported: " + what + " '" + info.name() + "' has no known rank");
    return std::nullopt;
  }
  SmallVector<int64_t> shape;
  for (const auto &d : t.shape().dim())
    shape.push_back(d.has_dim_value() && d.dim_value() >= 0
                        ? d.dim_value()
                        : ShapedType::kDynamic);
  return RankedTensorType::get(shape, elem);
}

/// The first opset at which each op has the inputs and attributes the
/// handlers read (or an old form they read too); older forms are
/// unsupported. Ops not listed kept their meaning since opset 1 (apart from
/// attributes such as consumed_inputs that do not change results).
static int64_t firstSupportedOpset(StringRef opType) {
  return llvm::StringSwitch<int64_t>(opType)
      .Cases({"BatchNormalization", "Dropout", "LSTM", "GRU", "RNN", "PRelu"},
             7)
      .Cases({"Cast", "Tile"}, 6)
      .Case("Reshape", 5)
      .Case("Concat", 4)
      .Case("Split", 2)
      .Default(1);
}

/// Before opset 7, binary ops broadcast only with a `broadcast` attribute
/// (and an `axis`), which numpy broadcasting does not reproduce.
static bool legacyBroadcast(const onnx::NodeProto &node, int64_t opset) {
  if (opset >= 7)
    return false;
  return llvm::any_of(node.attribute(), [](const onnx::AttributeProto &a) {
    return a.name() == "broadcast" && a.i() != 0;
  });
}

LogicalResult ModelImporter::importNode(const onnx::NodeProto &node,
                                        unsigned index) {
  std::string name = node.name().empty()
                         ? node.op_type() + "_" + std::to_string(index)
                         : node.name();
  // The driver prints the location as "<file>: node '<name>': "; the op
  // type rides along for run-time checks ("node 'add0' (Add)").
  Location loc = NameLoc::get(
      builder.getStringAttr(name),
      FusedLoc::get(ctx, {fileLoc}, builder.getStringAttr(node.op_type())));
  auto report = [&](const Twine &message) {
    // Inside a subgraph the message is the enclosing node's, which names
    // this one; an unsupported op keeps it unsupported.
    if (depth > 0) {
      std::string text = message.str();
      bool unsupported = StringRef(text).starts_with("unsupported");
      emitError(loc) << (unsupported ? "unsupported: " : "") << "node '" << name
                     << "' (" << node.op_type() << ") in a subgraph: " << text;
      return failure();
    }
    emitError(loc) << node.op_type() << ": " << message;
    return failure();
  };
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return report("unsupported op (domain '" + node.domain() + "')");
  auto it = table.find(node.op_type());
  if (it == table.end())
    return report("unsupported op");
  if (opset < firstSupportedOpset(node.op_type()))
    return report("unsupported: " + node.op_type() + " at opset " +
                  std::to_string(opset));
  if (legacyBroadcast(node, opset))
    return report("unsupported: broadcast attribute (before opset 7)");

  // Collect what the handler and the ops' verifiers say, and report the
  // first message once, prefixed with the node.
  std::vector<std::string> messages;
  LogicalResult result = success();
  {
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        messages.push_back(diag.str());
      return success();
    });
    OnnxNode n(node, builder, loc, opset, values);
    n.importGraph = [this](const onnx::GraphProto &graph, ValueRange args) {
      return importGraph(graph, args);
    };
    if (std::optional<DenseElementsAttr> folded = foldNode(n)) {
      // Still partial if an unknown size made it into the result.
      bool partial = false;
      for (unsigned i = 0; i < n.numInputs(); ++i)
        partial |= n.isPartial(i);
      if (partial && folded->getElementType().isInteger(64))
        partial = llvm::any_of(folded->getValues<int64_t>(),
                               ShapedType::isDynamic);
      // A shape computed from dynamic dims is also built as ops, from the
      // run-time values of its inputs, for consumers that need it as data
      // (ConstantOfShape); where that fails, they say it is unsupported.
      Value runtime;
      if (partial && node.output_size() == 1) {
        size_t before = messages.size();
        if (succeeded(it->second(n)))
          runtime = values.lookup(node.output(0)).value;
        messages.resize(before);
      }
      if (runtime)
        n.setPartialOutput(0, *folded, runtime);
      else
        n.setConstantOutput(0, *folded, partial);
    }
    else
      result = it->second(n);
    if (succeeded(result))
      for (int i = 0; i < node.output_size(); ++i)
        if (!node.output(i).empty() && !values.count(node.output(i))) {
          n.unsupported("output #" + std::to_string(i) + " ('" +
                        node.output(i) + "')");
          result = failure();
          break;
        }
  }
  if (failed(result)) {
    std::string msg = messages.empty() ? "cannot be imported" : messages[0];
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    return report(msg);
  }
  return success();
}

void ModelImporter::materializeConstant(StringRef name, GraphValue &value) {
  OperationState state(NameLoc::get(builder.getStringAttr(name)),
                       "tfcc.constant");
  state.addAttribute("value", value.constant);
  state.addTypes(value.constant.getType());
  value.value = builder.create(state)->getResult(0);
}

FailureOr<SmallVector<Value>>
ModelImporter::importGraph(const onnx::GraphProto &graph, ValueRange args) {
  if (graph.input_size() != (int)args.size()) {
    emitError(builder.getInsertionBlock()->getParentOp()->getLoc())
        << "unsupported: a subgraph with " << graph.input_size()
        << " inputs where " << args.size() << " are given";
    return failure();
  }
  // The subgraph's names shadow the enclosing ones while it is imported;
  // afterwards the enclosing scope is as it was (constants materialized
  // inside the region included).
  llvm::StringMap<GraphValue> saved = values;
  auto restore = llvm::scope_exit([&] { values = std::move(saved); });
  ++depth;
  auto leave = llvm::scope_exit([&] { --depth; });
  for (const onnx::TensorProto &t : graph.initializer()) {
    std::string err;
    DenseElementsAttr attr = convertTensor(t, ctx, err);
    if (!attr) {
      emitError(builder.getInsertionBlock()->getParentOp()->getLoc())
          << "subgraph initializer '" << t.name() << "': " << err;
      return failure();
    }
    values[t.name()] = GraphValue{nullptr, attr};
  }
  for (auto [input, arg] : llvm::zip(graph.input(), args))
    values[input.name()] = GraphValue{arg, nullptr};
  for (auto [i, node] : llvm::enumerate(graph.node()))
    if (failed(importNode(node, i)))
      return failure();
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = values.find(out.name());
    Operation *parent = builder.getInsertionBlock()->getParentOp();
    if (it == values.end()) {
      emitError(parent->getLoc())
          << "subgraph output '" << out.name() << "' is not produced";
      return failure();
    }
    if (!it->second.value || it->second.partial) {
      if (!it->second.constant || it->second.partial) {
        emitError(parent->getLoc())
            << "unsupported: subgraph output '" << out.name()
            << "' is computed from dynamic dimensions";
        return failure();
      }
      materializeConstant(out.name(), it->second);
    }
    results.push_back(it->second.value);
  }
  return results;
}

OwningOpRef<ModuleOp> ModelImporter::run(const onnx::ModelProto &model,
                                         const ImportOptions &options) {
  // Opset of the default domain.
  for (const onnx::OperatorSetIdProto &o : model.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx")
      opset = o.version();
  if (opset == 0) {
    fail("unsupported: the model imports no opset of the default ONNX domain");
    return nullptr;
  }
  // Opsets 11 to 17 are the target. Older models import too where an op's
  // definition at their opset means the same: ops whose inputs or attributes
  // changed are read in their old form (Slice, Pad, Clip, TopK) or rejected
  // as unsupported (see legacyForm).
  if (opset < 1 || opset > 17) {
    fail("unsupported: opset " + std::to_string(opset) +
         " (tfcc imports opsets 1 to 17)");
    return nullptr;
  }
  if (!options.feeds.empty() || !options.fetches.empty()) {
    fail("unsupported: feeds and fetches for ONNX models (the graph's own "
         "inputs and outputs are used)");
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();
  if (graph.sparse_initializer_size() > 0) {
    fail("unsupported: sparse initializers");
    return nullptr;
  }

  for (const onnx::TensorProto &t : graph.initializer()) {
    std::string err;
    DenseElementsAttr attr = convertTensor(t, ctx, err);
    if (!attr) {
      fail("initializer '" + t.name() + "': " + err);
      return nullptr;
    }
    values[t.name()] = GraphValue{nullptr, attr};
  }

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (values.count(in.name()))
      continue; // an initializer listed as an input (IR version < 4)
    auto type = valueInfoType(in, "input");
    if (!type)
      return nullptr;
    argTypes.push_back(*type);
    argNames.push_back(in.name());
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(
      builder, fileLoc, options.functionName, builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    func.setArgAttr(i, "tfcc.name", builder.getStringAttr(name));
    values[name] = GraphValue{body->getArgument(i), nullptr};
  }
  builder.setInsertionPointToEnd(body);

  for (auto [i, node] : llvm::enumerate(graph.node()))
    if (failed(importNode(node, i)))
      return nullptr;

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end()) {
      fail("graph output '" + out.name() + "' is not produced by any node");
      return nullptr;
    }
    if (it->second.partial) {
      fail("unsupported: graph output '" + out.name() +
           "' is computed from dynamic dimensions");
      return nullptr;
    }
    if (!it->second.value)
      materializeConstant(out.name(), it->second);
    results.push_back(it->second.value);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  // The run-time twins of shape computations that nothing used as data
  // (most of them): erased, with what only they used, so that the imported
  // function shows what the model computes.
  SmallVector<Operation *> dead;
  for (const auto &entry : values)
    if (entry.second.partial && entry.second.value)
      if (Operation *def = entry.second.value.getDefiningOp())
        dead.push_back(def);
  llvm::SmallPtrSet<Operation *, 16> erased;
  while (!dead.empty()) {
    Operation *op = dead.pop_back_val();
    if (erased.contains(op) || !op->use_empty() || !isPure(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        dead.push_back(def);
    erased.insert(op);
    op->erase();
  }
  func.setType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "tfcc.name", builder.getStringAttr(out.name()));
  return module;
}

namespace {
/// Checks what the wire format check (checkOnnxWireLimits) leaves to the
/// parsed model before anything is built from it: the bytes of string
/// attributes and the elements of every shape.
class LimitsChecker {
public:
  LimitsChecker(MLIRContext *ctx, StringRef file, const ImportLimits &limits)
      : ctx(ctx), file(file.str()), limits(limits) {}

  LogicalResult check(const onnx::GraphProto &graph) {
    for (const auto *infos :
         {&graph.input(), &graph.output(), &graph.value_info()})
      for (const onnx::ValueInfoProto &info : *infos)
        if (info.type().has_tensor_type() &&
            info.type().tensor_type().has_shape() &&
            failed(checkDims("", "tensor '" + info.name() + "'",
                             info.type().tensor_type().shape().dim())))
          return failure();
    for (const onnx::TensorProto &t : graph.initializer())
      if (failed(checkDims("", "initializer '" + t.name() + "'", t.dims())))
        return failure();
    for (const onnx::NodeProto &node : graph.node()) {
      const std::string &name =
          node.name().empty() ? node.op_type() : node.name();
      for (const onnx::AttributeProto &a : node.attribute()) {
        std::string what = "attribute '" + a.name() + "'";
        if (failed(checkString(name, what, a.s())))
          return failure();
        for (const std::string &s : a.strings())
          if (failed(checkString(name, what, s)))
            return failure();
        if (a.has_t() && failed(checkDims(name, what, a.t().dims())))
          return failure();
        for (const onnx::TensorProto &t : a.tensors())
          if (failed(checkDims(name, what, t.dims())))
            return failure();
        if (a.has_g() && failed(check(a.g())))
          return failure();
        for (const onnx::GraphProto &g : a.graphs())
          if (failed(check(g)))
            return failure();
      }
    }
    return success();
  }

private:
  LogicalResult fail(StringRef node, const Twine &message) {
    Location loc = FileLineColLoc::get(ctx, file, 0, 0);
    if (!node.empty())
      loc = NameLoc::get(StringAttr::get(ctx, node), loc);
    return emitError(loc, message);
  }

  LogicalResult checkString(StringRef node, const std::string &what,
                            const std::string &s) {
    if ((int64_t)s.size() <= limits.maxStringBytes)
      return success();
    return fail(node,
                limitExceeded(what + " is a string of too many bytes", s.size(),
                              limits.maxStringBytes, "max-string-bytes"));
  }

  /// The element count of a tensor's shape (symbolic and unknown dimensions
  /// count as 1); its rank was checked in the wire format.
  template <typename Dims>
  LogicalResult checkDims(StringRef node, const std::string &what,
                          const Dims &dims) {
    int64_t elements = 1;
    bool overflow = false;
    for (const auto &d : dims) {
      int64_t size = dimValue(d);
      if (size > 0)
        overflow |= __builtin_mul_overflow(elements, size, &elements);
    }
    if (!overflow && elements <= limits.maxTensorElements)
      return success();
    return fail(node,
                limitExceeded(what + " has too many elements",
                              overflow ? INT64_MAX : elements,
                              limits.maxTensorElements, "max-tensor-elements"));
  }
  static int64_t dimValue(int64_t d) { return d; }
  static int64_t dimValue(const onnx::TensorShapeProto::Dimension &d) {
    return d.has_dim_value() ? d.dim_value() : 1;
  }

  MLIRContext *ctx;
  std::string file;
  const ImportLimits &limits;
};
} // namespace

OwningOpRef<ModuleOp>
mlir::tfcc::importOnnxModel(llvm::MemoryBufferRef buffer, MLIRContext *context,
                            const ImportOptions &options) {
  onnx::ModelProto model;
  StringRef data = buffer.getBuffer();
  Location fileLoc =
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
  const ImportLimits &limits = options.limits;
  // Counts first, in the wire format: the parse commits many times the size
  // of a file of small repeated entries.
  if (failed(checkOnnxWireLimits(data, buffer.getBufferIdentifier(), context,
                                 limits)))
    return nullptr;
  // Each level of subgraphs nests three messages (a graph's node's
  // attribute); the protobuf parser refuses deeper ones before they exhaust
  // its stack.
  int recursion = limits.maxNesting > (INT32_MAX - 16) / 3
                      ? INT32_MAX
                      : int(3 * limits.maxNesting + 16);
  google::protobuf::io::CodedInputStream input(
      reinterpret_cast<const uint8_t *>(data.data()),
      data.size() > (size_t)INT32_MAX ? INT32_MAX : (int)data.size());
  input.SetRecursionLimit(recursion);
  if (data.size() > (size_t)INT32_MAX || !model.ParseFromCodedStream(&input) ||
      !input.ConsumedEntireMessage() || !model.has_graph() ||
      model.ir_version() <= 0) {
    emitError(fileLoc, "not an ONNX model (cannot parse an onnx.ModelProto "
                       "with a graph), or its subgraphs nest deeper than "
                       "--max-nesting=")
        << limits.maxNesting << " allows";
    return nullptr;
  }
  if (failed(LimitsChecker(context, buffer.getBufferIdentifier(), limits)
                 .check(model.graph())))
    return nullptr;
  context->loadDialect<func::FuncDialect>();
  return ModelImporter(context, buffer.getBufferIdentifier()).run(model,
                                                                 options);
}
