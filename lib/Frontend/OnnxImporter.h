//===- OnnxImporter.h - shared state of the ONNX importer -------*- C++ -*-===//
//
// The ONNX importer walks a graph's nodes in order and hands each one to the
// handler registered for its op type (OnnxOps*.cpp, one file per op family).
// A handler reads the node's inputs and attributes through OnnxNode and builds
// tfcc ops by name, so mappings to ops that are not registered in this build
// report "unsupported" instead of failing to compile.
//
// Errors: every diagnostic emitted while a node is imported is reported once,
// located at the node (a NameLoc of its name inside the file's location), as
// "<OpType>: <message>"; the driver prints "file: node 'n': error: Conv: ...".
// Ops and forms the importer does not claim say "<OpType>: unsupported op" or
// "<OpType>: unsupported: <what>", which tools (the conformance runner) tell
// apart from genuine errors.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_LIB_FRONTEND_ONNXIMPORTER_H
#define TFCC_LIB_FRONTEND_ONNXIMPORTER_H

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <functional>
#include <optional>
#include <string>

namespace mlir::tfcc::onnx_import {

/// A value of the graph: an SSA value, or a constant known at import time
/// that becomes a tfcc.constant only when an op consumes it.
struct GraphValue {
  Value value;
  DenseElementsAttr constant;
  /// The constant is a shape computation that involves dynamic dimensions:
  /// those entries hold ShapedType::kDynamic. Consumers that accept unknown
  /// sizes (Reshape's shape) read the constant; as data it is `value`, the
  /// same computation at run time (from tfcc.dim), where one was built.
  bool partial = false;
};

class OnnxNode;
using OpHandler = LogicalResult (*)(OnnxNode &);
using OpTable = llvm::StringMap<OpHandler>;

void registerElementwiseOps(OpTable &table);
void registerTensorOps(OpTable &table);
void registerReductionOps(OpTable &table);
void registerNNOps(OpTable &table);
void registerRecurrentOps(OpTable &table);
void registerLossOps(OpTable &table);
void registerControlFlowOps(OpTable &table);

/// Maps an ONNX element type to tfcc's (f32, f64, i32, i64, i1); null for the
/// ones tfcc has no tensors of.
Type convertElementType(MLIRContext *ctx, int32_t onnxType);
/// Name of an ONNX element type, for messages.
std::string elementTypeName(int32_t onnxType);

/// A node being imported: its inputs, attributes, and helpers that build tfcc
/// ops at the node's location. Helpers return a null Value after an error
/// (which they have emitted); operations on null values are no-ops, so a
/// handler can chain calls and return finish() at the end.
class OnnxNode {
public:
  OnnxNode(const onnx::NodeProto &proto, OpBuilder &builder, Location loc,
           int64_t opset, llvm::StringMap<GraphValue> &values)
      : proto(proto), b(builder), loc(loc), opset(opset), values(values) {}

  const onnx::NodeProto &proto;
  OpBuilder &b;
  Location loc;
  int64_t opset;

  MLIRContext *ctx() { return b.getContext(); }
  StringRef opType() const { return proto.op_type(); }

  // Inputs. An input given as "" is absent.
  unsigned numInputs() const { return proto.input_size(); }
  bool hasInput(unsigned i) const {
    return (int)i < proto.input_size() && !proto.input(i).empty();
  }
  /// The input as an SSA value (materializing a constant); null if absent.
  Value input(unsigned i);
  /// The input's tensor type; null if absent.
  RankedTensorType inputType(unsigned i);
  /// The input's value when known at import time; null otherwise.
  DenseElementsAttr constantInput(unsigned i);
  /// An input that must be an integer constant (shapes, axes...): reports
  /// "unsupported: non-constant <what>" otherwise.
  /// With `allowDynamic`, entries computed from dynamic dimensions read as
  /// ShapedType::kDynamic; otherwise such an input is unsupported.
  std::optional<SmallVector<int64_t>>
  constantInts(unsigned i, StringRef what, bool allowDynamic = false);
  /// True when the input is a shape computed from dynamic dimensions.
  bool isPartial(unsigned i);
  /// A partial input's run-time value, or null (no error).
  Value partialValue(unsigned i);
  /// Output 0 is input 0 reshaped to `shape`, which is static and has the
  /// input's element count: a constant stays constant (a partial one also
  /// gets its run-time value reshaped).
  void setReshapedConstantOutput(ArrayRef<int64_t> shape);
  std::optional<double> constantScalar(unsigned i, StringRef what);

  // Outputs.
  unsigned numOutputs() const { return proto.output_size(); }
  bool hasOutput(unsigned i) const {
    return (int)i < proto.output_size() && !proto.output(i).empty();
  }
  void setOutput(unsigned i, Value v);
  void setConstantOutput(unsigned i, DenseElementsAttr attr,
                         bool partial = false);
  /// A partial constant (see GraphValue) and its value at run time.
  void setPartialOutput(unsigned i, DenseElementsAttr attr, Value value);

  // Attributes.
  const onnx::AttributeProto *attr(StringRef name) const;
  bool hasAttr(StringRef name) const { return attr(name) != nullptr; }
  int64_t attrInt(StringRef name, int64_t dflt) const;
  double attrFloat(StringRef name, double dflt) const;
  std::string attrString(StringRef name, StringRef dflt) const;
  std::optional<SmallVector<int64_t>> attrInts(StringRef name) const;
  std::optional<SmallVector<double>> attrFloats(StringRef name) const;
  std::optional<SmallVector<std::string>> attrStrings(StringRef name) const;
  /// A tensor attribute (Constant's value, ConstantOfShape's value).
  DenseElementsAttr attrTensor(StringRef name);

  /// Imports `graph` (an If branch, a Loop or Scan body) at the builder's
  /// insertion point, its inputs standing for `args`; its nodes see the
  /// enclosing graphs' values by name, and their own names stay inside.
  /// Gives its outputs, or failure after an error (reported at this node,
  /// naming the inner node).
  std::function<FailureOr<SmallVector<Value>>(const onnx::GraphProto &graph,
                                              ValueRange args)>
      importGraph;

  // Diagnostics. Both mark the node failed and convert to failure().
  struct Failed {
    operator LogicalResult() const { return failure(); }
  };
  Failed error(const Twine &message);
  Failed unsupported(const Twine &what);
  bool failed() const { return hasFailed; }
  /// success() unless an error was reported while importing the node.
  LogicalResult finish() { return hasFailed ? failure() : success(); }

  // Building tfcc ops by name (e.g. "add" for tfcc.add). The result types
  // are inferred by the op (InferTypeOpInterface); ops without inference
  // take `resultTypes`, or the first operand's type when empty. Every op is
  // verified; an op missing from this build of the dialect is unsupported.
  Value op(StringRef name, ValueRange operands,
           ArrayRef<NamedAttribute> attrs = {}, TypeRange resultTypes = {});
  SmallVector<Value> opN(StringRef name, unsigned numResults,
                         ValueRange operands,
                         ArrayRef<NamedAttribute> attrs = {},
                         TypeRange resultTypes = {});
  /// True when tfcc.<name> exists in this build.
  bool hasOp(StringRef name);

  // Attribute helpers for op().
  NamedAttribute i64Attr(StringRef name, int64_t v);
  NamedAttribute f64Attr(StringRef name, double v);
  NamedAttribute f32Attr(StringRef name, double v);
  NamedAttribute boolAttr(StringRef name, bool v);
  NamedAttribute unitAttr(StringRef name);
  NamedAttribute strAttr(StringRef name, StringRef v);
  NamedAttribute arrayAttr(StringRef name, ArrayRef<int64_t> v);
  NamedAttribute typeAttr(StringRef name, Type t);

  // Common building blocks.
  /// A constant tensor of `type` (static shape) filled with `v`.
  Value splat(RankedTensorType type, double v);
  /// A rank-0 constant of element type `elem`.
  Value scalar(Type elem, double v);
  /// A rank-0 constant of `like`'s element type.
  Value scalarLike(Value like, double v);
  Value constant(DenseElementsAttr attr);
  Value reshape(Value v, ArrayRef<int64_t> shape);
  Value transpose(Value v, ArrayRef<int64_t> perm);
  /// Elements [begin, begin+size) along `axis` (size -1: to the end).
  Value sliceAxis(Value v, int64_t axis, int64_t begin, int64_t size);
  Value cast(Value v, Type elem);
  Value binary(StringRef name, Value a, Value b) { return op(name, {a, b}); }
  Value unary(StringRef name, Value a) { return op(name, {a}); }
  Value reduce(StringRef name, Value v, ArrayRef<int64_t> axes,
               bool keepDims);

private:
  llvm::StringMap<GraphValue> &values;
  bool hasFailed = false;
};

/// Evaluates a node whose inputs are all small integer constants (shape
/// arithmetic), or returns std::nullopt to import it as ops.
std::optional<DenseElementsAttr> foldNode(OnnxNode &n);

/// Shape helpers.
/// Formats a shape as `[2,?,4]`.
std::string shapeStr(ArrayRef<int64_t> shape);
int64_t numElements(ArrayRef<int64_t> shape);
bool isStatic(ArrayRef<int64_t> shape);
using mlir::tfcc::normalizeAxis;
/// Clamps an ONNX Slice range [start, end) with `step` (non-zero) to a
/// dimension of size `dim`, negative bounds counting from the end, and
/// returns how many elements it selects.
int64_t clampSliceRange(int64_t &start, int64_t &end, int64_t step,
                        int64_t dim);

} // namespace mlir::tfcc::onnx_import

#endif // TFCC_LIB_FRONTEND_ONNXIMPORTER_H
