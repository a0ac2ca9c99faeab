//===- TfgImporter.h - shared by the .tfg importer's files ------*- C++ -*-===//
//
// TfgImporter.cpp reads and checks the graph and decides what to build;
// TfgOps.cpp turns one node into tfcc ops. A NodeContext is what an op
// builder sees: the node, its location, its input values, typed attribute
// access and a checked way to create ops.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_LIB_FRONTEND_TFGIMPORTER_H
#define TFCC_LIB_FRONTEND_TFGIMPORTER_H

#include "tfcc/Dialect/Tfcc.h"

// flatc's code is not warning-clean under LLVM's flags.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wcovered-switch-default"
#include "tfg_generated.h"
#pragma clang diagnostic pop

#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::tfcc::tfg_import {

namespace fb = ::tfcc::tfg;

/// A FlatBuffers string, embedded NULs included.
inline StringRef str(const flatbuffers::String *s) {
  return StringRef(s->c_str(), s->size());
}

/// The MLIR element type of a .tfg dtype, or null for Invalid/unknown.
Type getElementType(MLIRContext *ctx, fb::DataType dtype);
/// "Float32", ... for messages.
StringRef getDTypeName(fb::DataType dtype);

class NodeContext {
public:
  NodeContext(OpBuilder &builder, const fb::Node &node, Location loc,
              SmallVector<Value> inputs)
      : b(builder), node(node), loc(loc), inputs(std::move(inputs)) {}

  OpBuilder &b;
  const fb::Node &node;
  Location loc;
  SmallVector<Value> inputs;
  /// Filled by the op builder, one value per output of the node.
  SmallVector<Value> outputs;

  MLIRContext *getContext() { return b.getContext(); }
  InFlightDiagnostic emitError() { return mlir::emitError(loc); }

  /// Attribute access. A missing attribute leaves `out` (the default) as it
  /// is, or is an error when `required`; one of another type is an error.
  LogicalResult getInt(StringRef name, int64_t &out, bool required = false);
  LogicalResult getFloat(StringRef name, double &out, bool required = false);
  LogicalResult getBool(StringRef name, bool &out, bool required = false);
  LogicalResult getString(StringRef name, std::string &out,
                          bool required = false);
  /// A dtype, as an MLIR element type.
  LogicalResult getType(StringRef name, Type &out, bool required = false);
  LogicalResult getInts(StringRef name, SmallVectorImpl<int64_t> &out,
                        bool required = false);
  /// Null when absent (and not required).
  FailureOr<const fb::Shape *> getShape(StringRef name, bool required = false);
  FailureOr<const fb::Tensor *> getTensor(StringRef name,
                                          bool required = false);
  bool hasAttr(StringRef name) const { return findAttr(name) != nullptr; }

  /// Errors for attributes that no builder read (TensorFlow bookkeeping such
  /// as `T` or `_class` excepted).
  LogicalResult checkUnusedAttrs();

  /// Creates `OpTy` with its result types inferred; a failed inference or
  /// verification is reported at the node and gives failure, never an
  /// assertion.
  template <typename OpTy>
  FailureOr<Operation *> create(ValueRange operands,
                                ArrayRef<NamedAttribute> attrs = {}) {
    OperationState state(loc, OpTy::getOperationName());
    state.addOperands(operands);
    state.addAttributes(attrs);
    if (!attrs.empty()) {
      OpaqueProperties props =
          &state.getOrAddProperties<typename OpTy::Properties>();
      auto diag = [&]() { return emitError(); };
      if (failed(state.name.getRegisteredInfo()->setOpPropertiesFromAttribute(
              state.name, props, state.attributes.getDictionary(getContext()),
              diag)))
        return failure();
    }
    SmallVector<Type> types;
    if (failed(OpTy::inferReturnTypes(
            getContext(), loc, state.operands,
            state.attributes.getDictionary(getContext()),
            state.getRawProperties(), state.regions, types)))
      return failure();
    state.addTypes(types);
    return finish(b.create(state));
  }
  /// The single result of create<OpTy>.
  template <typename OpTy>
  FailureOr<Value> create1(ValueRange operands,
                           ArrayRef<NamedAttribute> attrs = {}) {
    FailureOr<Operation *> op = create<OpTy>(operands, attrs);
    if (failed(op))
      return failure();
    return (*op)->getResult(0);
  }

  /// A rank-0 constant of `elementType` holding `value`.
  Value scalar(Type elementType, double value);

  NamedAttribute named(StringRef name, Attribute value) {
    return b.getNamedAttr(name, value);
  }

  /// `op` verified (one error line at the node, and `op` erased, if not).
  FailureOr<Operation *> finish(Operation *op);

private:
  const fb::Attr *findAttr(StringRef name) const;
  /// The attribute `name` if present with value type `type`; null if absent.
  FailureOr<const fb::Attr *> lookup(StringRef name, fb::AttrValue type,
                                     bool required);

  llvm::StringSet<> used;
};

/// How to import one op type.
struct OpDef {
  const char *type;
  /// Data inputs: at least minInputs, at most maxInputs (-1: any number).
  int minInputs, maxInputs;
  /// Outputs; -1: as many as the `num_split` attribute says (`num_xs` for
  /// Gradients).
  int numOutputs;
  LogicalResult (*build)(NodeContext &ctx);
};

/// The definition of `type`, or null for an unknown op type.
const OpDef *lookupOpDef(StringRef type);

/// Builds a Placeholder's argument type from its attributes.
FailureOr<RankedTensorType> getPlaceholderType(NodeContext &ctx);

/// A VariableV2 node's static type and initial value (reshaped to the type,
/// a one-element value splatted).
struct VariableDecl {
  RankedTensorType type;
  DenseElementsAttr initialValue;
};
FailureOr<VariableDecl> getVariableDecl(NodeContext &ctx);

} // namespace mlir::tfcc::tfg_import

#endif // TFCC_LIB_FRONTEND_TFGIMPORTER_H
