//===- LiftVariables.cpp - variables become arguments and results ---------===//
//
// Compiled code has no global state: the runtime hands each run the
// variables it uses and takes back the ones it writes. This pass rewrites
// every function that uses variables accordingly (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "tfcc/Transforms/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCLIFTVARIABLES
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

bool isStateOp(Operation *op) {
  return isa<ReadVariableOp, AssignOp, AssignAddOp, AssignSubOp>(op);
}

StringRef variableOf(Operation *op) {
  return cast<FlatSymbolRefAttr>(op->getAttr("variable")).getValue();
}

/// The name the runtime knows the variable by: `tfcc.name` when the symbol
/// had to differ (an importer's variable named like its function).
StringAttr runtimeName(VariableOp var) {
  if (auto name = var->getAttrOfType<StringAttr>("tfcc.name"))
    return name;
  return var.getSymNameAttr();
}

struct LiftVariables
    : public mlir::tfcc::impl::TfccLiftVariablesBase<LiftVariables> {
  void runOnOperation() override;
  LogicalResult lift(func::FuncOp fn, ArrayRef<VariableOp> variables);
};

LogicalResult LiftVariables::lift(func::FuncOp fn,
                                  ArrayRef<VariableOp> variables) {
  Block &body = fn.getBody().front();
  llvm::StringSet<> used, written;
  for (Operation &op : body) {
    if (!isStateOp(&op))
      continue;
    used.insert(variableOf(&op));
    if (!isa<ReadVariableOp>(op))
      written.insert(variableOf(&op));
  }
  auto ret = dyn_cast<func::ReturnOp>(body.getTerminator());
  if (!ret)
    return emitError(fn.getLoc(), "function '")
           << fn.getSymName()
           << "' uses variables but does not end in func.return";

  // Arguments: the value of each used variable at the start of the run.
  llvm::StringMap<Value> current;
  unsigned numArgs = fn.getNumArguments();
  for (VariableOp var : variables) {
    if (!used.contains(var.getSymName()))
      continue;
    auto attrs = DictionaryAttr::get(
        fn.getContext(),
        {NamedAttribute(StringAttr::get(fn.getContext(), "tfcc.variable"),
                        runtimeName(var))});
    if (failed(fn.insertArgument(numArgs, var.getType(), attrs, var.getLoc())))
      return failure();
    current[var.getSymName()] = fn.getArgument(numArgs++);
  }

  // Block order is the order of side effects.
  for (Operation &op : llvm::make_early_inc_range(body)) {
    if (!isStateOp(&op))
      continue;
    StringRef name = variableOf(&op);
    Value &value = current[name];
    OpBuilder b(&op);
    Value next;
    if (isa<ReadVariableOp>(op))
      next = value;
    else if (auto assign = dyn_cast<AssignOp>(op))
      next = assign.getValue();
    else if (auto add = dyn_cast<AssignAddOp>(op))
      next = AddOp::create(b, op.getLoc(), value, add.getValue());
    else
      next = SubOp::create(b, op.getLoc(), value,
                           cast<AssignSubOp>(op).getValue());
    value = next;
    op.getResult(0).replaceAllUsesWith(next);
    op.erase();
  }

  // Results: the final value of each written variable.
  SmallVector<Value> operands(ret.getOperands());
  unsigned numResults = fn.getNumResults();
  for (VariableOp var : variables) {
    if (!written.contains(var.getSymName()))
      continue;
    auto attrs = DictionaryAttr::get(
        fn.getContext(),
        {NamedAttribute(StringAttr::get(fn.getContext(), "tfcc.variable"),
                        runtimeName(var))});
    if (failed(fn.insertResult(numResults++, var.getType(), attrs)))
      return failure();
    operands.push_back(current[var.getSymName()]);
  }
  ret->setOperands(operands);
  return success();
}

void LiftVariables::runOnOperation() {
  ModuleOp module = getOperation();
  SmallVector<VariableOp> variables(module.getOps<VariableOp>());

  // Which functions use variables, checked before anything changes.
  llvm::SetVector<func::FuncOp> users;
  bool failedCheck = false;
  for (auto fn : module.getOps<func::FuncOp>()) {
    fn.walk([&](Operation *op) {
      if (!isStateOp(op))
        return;
      if (op->getBlock() != &fn.getBody().front()) {
        // Located errors without the "see current operation" note: the
        // driver prints one line per error.
        emitError(op->getLoc(), "variables can be used only in a function's "
                                "body block, not in a nested region or "
                                "another block");
        failedCheck = true;
      }
      users.insert(fn);
    });
  }
  for (auto fn : module.getOps<func::FuncOp>()) {
    fn.walk([&](func::CallOp call) {
      auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
      if (callee && users.contains(callee)) {
        emitError(call.getLoc(), "function '")
            << fn.getSymName() << "' calls '" << callee.getSymName()
            << "', which uses variables; calls to such functions are not "
               "supported (inline the callee first)";
        failedCheck = true;
      }
    });
  }
  if (failedCheck)
    return signalPassFailure();
  for (func::FuncOp fn : users)
    if (failed(lift(fn, variables)))
      return signalPassFailure();
}

} // namespace
