//===- TfccStateOps.cpp - tfcc variables and assignments ------------------===//
//
// Assembly format and verifiers of the ops in TfccStateOps.td: a variable's
// initial value must have the variable's type, and every use of a variable
// must name a tfcc.variable of the type the use expects.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::tfcc;

//===----------------------------------------------------------------------===//
// tfcc.variable @W : tensor<2x3xf32> = dense<0.0>
//===----------------------------------------------------------------------===//

ParseResult VariableOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  Type type;
  if (parser.parseSymbolName(name, getSymNameAttrName(result.name),
                             result.attributes) ||
      parser.parseColonType(type) || parser.parseEqual())
    return failure();
  // The initial value is written without its type: it is the variable's.
  Attribute init;
  SMLoc initLoc = parser.getCurrentLocation();
  if (parser.parseAttribute(init, type))
    return failure();
  auto elements = dyn_cast<ElementsAttr>(init);
  if (!elements)
    return parser.emitError(initLoc,
                            "expected an elements attribute as initial value");
  result.addAttribute(getTypeAttrName(result.name), TypeAttr::get(type));
  result.addAttribute(getInitialValueAttrName(result.name), elements);
  return parser.parseOptionalAttrDict(result.attributes);
}

void VariableOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << " : " << getType() << " = ";
  // Only an initial value of the variable's own type can drop its type (the
  // verifier rejects any other, but invalid IR must still print).
  if (getInitialValue().getType() == getType())
    p.printAttributeWithoutType(getInitialValue());
  else
    p.printAttribute(getInitialValue());
  p.printOptionalAttrDict(
      (*this)->getAttrs(),
      {getSymNameAttrName(), getTypeAttrName(), getInitialValueAttrName()});
}

LogicalResult VariableOp::verify() {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape())
    return emitOpError("variable '")
           << getSymName() << "' must have a static shape, got " << getType();
  if (getInitialValue().getType() != type)
    return emitOpError("initial value of type ")
           << getInitialValue().getType() << " does not match the type "
           << type << " of variable '" << getSymName() << "'";
  return success();
}

//===----------------------------------------------------------------------===//
// Uses
//===----------------------------------------------------------------------===//

/// The variable `name` refers to, checked to have type `expected`.
static LogicalResult verifyVariableUse(Operation *op, FlatSymbolRefAttr name,
                                       Type expected,
                                       SymbolTableCollection &symbolTable) {
  Operation *def = symbolTable.lookupNearestSymbolFrom(op, name.getAttr());
  if (!def)
    return op->emitOpError("'") << name.getValue() << "' names no variable";
  auto var = dyn_cast<VariableOp>(def);
  if (!var)
    return op->emitOpError("'")
           << name.getValue() << "' names a '" << def->getName()
           << "', not a tfcc.variable";
  if (var.getType() != expected)
    return op->emitOpError("type ")
           << expected << " does not match the type " << var.getType()
           << " of variable '" << name.getValue() << "'";
  return success();
}

LogicalResult
ReadVariableOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getType(), symbolTable);
}

LogicalResult AssignOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getType(), symbolTable);
}

LogicalResult
AssignAddOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getType(), symbolTable);
}

LogicalResult
AssignSubOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyVariableUse(*this, getVariableAttr(), getType(), symbolTable);
}
