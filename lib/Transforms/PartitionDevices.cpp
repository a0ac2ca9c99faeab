//===- PartitionDevices.cpp - device regions become device functions ------===//
//
// TensorFlow's graph partitioner, for a host that calls its devices: the
// ops of a function are ordered so that ops of one device follow each other
// where their dependences allow, and each maximal run of ops placed on a GPU
// becomes a function of that device, called from the host. Only the edges
// between the host and a device function are cut, and each cut edge gets a
// tfcc.transfer inside the device function. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"

#include <set>

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCPARTITIONDEVICES
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

constexpr llvm::StringLiteral kHost = "cpu:0";

/// The device an op runs on: its GPU, or the host for every CPU.
StringRef deviceOf(Operation *op) {
  auto device = op->getAttrOfType<StringAttr>(kDeviceAttrName);
  if (!device || !device.getValue().starts_with("gpu"))
    return kHost;
  return device.getValue();
}

/// Constants are not placed: each function that uses one has its own copy.
bool isConstant(Operation *op) { return op->hasTrait<OpTrait::ConstantLike>(); }

struct TfccPartitionDevices
    : tfcc::impl::TfccPartitionDevicesBase<TfccPartitionDevices> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal() || func->hasAttr(kDeviceAttrName))
        continue;
      if (failed(partition(func)))
        return signalPassFailure();
    }
  }

  LogicalResult partition(func::FuncOp func) {
    Block &body = func.getBody().front();
    SmallVector<Operation *> ops;
    bool onDevice = false;
    for (Operation &op : body.without_terminator()) {
      if (isConstant(&op))
        continue;
      if (deviceOf(&op) != kHost) {
        if (op.getNumRegions() != 0)
          return op.emitOpError("has regions and cannot be placed on ")
                 << deviceOf(&op);
        onDevice = true;
      }
      ops.push_back(&op);
    }
    if (!onDevice)
      return success();

    // List scheduling: of the ops whose operands are ready, take one on the
    // device of the last op taken, else the first in program order.
    DenseMap<Operation *, unsigned> index, pending;
    for (auto [i, op] : llvm::enumerate(ops))
      index[op] = i;
    DenseMap<Operation *, SmallVector<Operation *>> users;
    for (Operation *op : ops) {
      llvm::SmallPtrSet<Operation *, 4> producers;
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp(); def && index.count(def))
          producers.insert(def);
      pending[op] = producers.size();
      for (Operation *def : producers)
        users[def].push_back(op);
    }
    auto byIndex = [&](Operation *a, Operation *b) {
      return index[a] < index[b];
    };
    std::set<Operation *, decltype(byIndex)> ready(byIndex);
    for (Operation *op : ops)
      if (pending[op] == 0)
        ready.insert(op);
    SmallVector<Operation *> order;
    StringRef current = kHost;
    while (!ready.empty()) {
      auto it = llvm::find_if(
          ready, [&](Operation *op) { return deviceOf(op) == current; });
      if (it == ready.end())
        it = ready.begin();
      Operation *op = *it;
      ready.erase(it);
      order.push_back(op);
      current = deviceOf(op);
      for (Operation *user : users[op])
        if (--pending[user] == 0)
          ready.insert(user);
    }
    Operation *terminator = body.getTerminator();
    for (Operation *op : order)
      op->moveBefore(terminator);

    // Each maximal run of one GPU's ops becomes a function of that GPU.
    unsigned count = 0;
    for (size_t begin = 0; begin < order.size();) {
      StringRef device = deviceOf(order[begin]);
      size_t end = begin + 1;
      while (end < order.size() && deviceOf(order[end]) == device)
        ++end;
      if (device != kHost)
        outline(func, ArrayRef(order).slice(begin, end - begin), device,
                count++);
      begin = end;
    }
    return success();
  }

  /// Moves `run` into a new function on `device` and calls it in its place.
  void outline(func::FuncOp func, ArrayRef<Operation *> run, StringRef device,
               unsigned number) {
    llvm::SmallPtrSet<Operation *, 16> inRun(run.begin(), run.end());
    SetVector<Value> inputs, outputs;
    SetVector<Operation *> constants;
    for (Operation *op : run) {
      for (Value operand : op->getOperands()) {
        Operation *def = operand.getDefiningOp();
        if (def && isConstant(def))
          constants.insert(def);
        else if (!def || !inRun.contains(def))
          inputs.insert(operand);
      }
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !inRun.contains(user);
            }))
          outputs.insert(result);
    }

    MLIRContext *ctx = &getContext();
    std::string name =
        (func.getSymName() + "_" + device + "_" + std::to_string(number)).str();
    std::replace(name.begin(), name.end(), ':', '_');
    OpBuilder builder(ctx);
    builder.setInsertionPointAfter(func);
    auto type = builder.getFunctionType(TypeRange(inputs.getArrayRef()),
                                        TypeRange(outputs.getArrayRef()));
    auto callee =
        func::FuncOp::create(builder, run.front()->getLoc(), name, type);
    callee.setPrivate();
    callee->setAttr(kDeviceAttrName, builder.getStringAttr(device));
    SymbolTable(func->getParentOfType<ModuleOp>()).insert(callee);
    Block *entry = callee.addEntryBlock();
    builder.setInsertionPointToStart(entry);

    // The cut edges: each input tensor copied to the device, each output
    // tensor to the host (sizes and other scalars live on the host).
    IRMapping mapping;
    auto transfer = [&](Value value, StringRef to) -> Value {
      if (!isa<RankedTensorType>(value.getType()))
        return value;
      return TransferOp::create(builder, value.getLoc(), value,
                                builder.getStringAttr(to));
    };
    for (auto [input, arg] : llvm::zip(inputs, entry->getArguments()))
      mapping.map(input, transfer(arg, device));
    for (Operation *constant : constants)
      builder.clone(*constant, mapping);
    for (Operation *op : run)
      builder.clone(*op, mapping);
    SmallVector<Value> results;
    for (Value output : outputs)
      results.push_back(transfer(mapping.lookup(output), kHost));
    func::ReturnOp::create(builder, run.back()->getLoc(), results);

    builder.setInsertionPoint(run.front());
    auto call = func::CallOp::create(builder, run.front()->getLoc(), callee,
                                     inputs.getArrayRef());
    for (auto [output, result] : llvm::zip(outputs, call.getResults()))
      Value(output).replaceUsesWithIf(result, [&](OpOperand &use) {
        return !inRun.contains(use.getOwner());
      });
    for (Operation *op : llvm::reverse(run))
      op->erase();
    for (Operation *constant : constants)
      if (constant->use_empty())
        constant->erase();
  }
};

} // namespace
