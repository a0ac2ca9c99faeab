//===- PlaceDevices.cpp - a device for every op, as TensorFlow's placer ---===//
//
// Every op of a function gets `tfcc.device`: the device its hint asks for
// (`tfcc.device_hint`, from tf.device), else the default device, provided
// the device has a kernel for it. Ops that must stay together (a
// variable's reads and assigns, tf.colocate_with) form colocation groups,
// merged with union-find, and go to one device. An op asking for a device
// without a kernel for it goes to the CPU with a remark under soft placement,
// and is an error naming the op and the device otherwise (TensorFlow's
// allow_soft_placement). See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCPLACEDEVICES
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

std::optional<std::string> tfcc::parseDeviceName(StringRef text) {
  SmallVector<StringRef> parts;
  text.split(parts, '/', -1, /*KeepEmpty=*/false);
  std::string device;
  for (StringRef part : parts) {
    if (part.starts_with("job:") || part.starts_with("replica:") ||
        part.starts_with("task:"))
      continue;
    part.consume_front("device:");
    auto [kind, index] = part.split(':');
    std::string lower = kind.lower();
    unsigned number = 0;
    if (!device.empty() || (lower != "cpu" && lower != "gpu") ||
        (!index.empty() && index.getAsInteger(10, number)))
      return std::nullopt;
    device = lower + ":" + std::to_string(number);
  }
  return device;
}

namespace {
/// Gives each op a pattern creates the device of the op it rewrites.
struct KeepDevices : RewriterBase::Listener {
  SmallVector<Attribute> devices;
  void notifyPatternBegin(const Pattern &, Operation *op) override {
    devices.push_back(op->getAttr(kDeviceAttrName));
  }
  void notifyPatternEnd(const Pattern &, LogicalResult) override {
    devices.pop_back();
  }
  void notifyOperationInserted(Operation *op, OpBuilder::InsertPoint) override {
    if (!devices.empty() && devices.back() && !op->hasAttr(kDeviceAttrName))
      op->setAttr(kDeviceAttrName, devices.back());
  }
};
} // namespace

LogicalResult
tfcc::applyPatternsKeepingDevices(Operation *op,
                                  const FrozenRewritePatternSet &patterns) {
  KeepDevices listener;
  return applyPatternsGreedily(op, patterns,
                               GreedyRewriteConfig().setListener(&listener));
}

bool tfcc::hasGpuKernel(Operation *op) {
  // Every op lowers to loop nests, which tfcc-map-to-gpu makes kernels, or
  // to host code that reads sizes only (tensor.dim and index arithmetic).
  // Top-k, cumulative sums and segment sums lower to sequential loops,
  // which on a GPU would be kernels of one thread: as TensorFlow does for
  // ops without a fast GPU kernel, they have none. Conditionals and loops
  // run on the CPU with everything in their regions: partitioning does not
  // look inside regions.
  return !isa<CallOpInterface, TopKOp, CumsumOp, UnsortedSegmentSumOp, CondOp,
              WhileOp>(op);
}

namespace {

constexpr llvm::StringLiteral kCpu = "cpu:0";

/// Whether `device` ("cpu:N" or "gpu:N") has a kernel for `op`.
bool hasKernel(Operation *op, StringRef device) {
  return device.starts_with("cpu") || hasGpuKernel(op);
}

/// The variable an op reads or writes, or null.
FlatSymbolRefAttr variableOf(Operation *op) {
  if (!isa<ReadVariableOp, AssignOp, AssignAddOp, AssignSubOp>(op))
    return nullptr;
  return op->getAttrOfType<FlatSymbolRefAttr>("variable");
}

struct TfccPlaceDevices : tfcc::impl::TfccPlaceDevicesBase<TfccPlaceDevices> {
  using TfccPlaceDevicesBase::TfccPlaceDevicesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string fallback = kCpu.str();
    if (!defaultDevice.empty()) {
      std::optional<std::string> device = parseDeviceName(defaultDevice);
      fallback = device ? *device : "";
      if (fallback.empty()) {
        emitError(module.getLoc()) << "default device '" << defaultDevice
                                   << "' is not cpu, gpu, cpu:N or gpu:N";
        return signalPassFailure();
      }
    }
    // The ops to place, and colocation groups (union-find): a variable's
    // users.
    SmallVector<Operation *> ops;
    DenseMap<Operation *, Operation *> parent;
    auto leader = [&](Operation *op) {
      while (parent[op] != op)
        op = parent[op] = parent[parent[op]];
      return op;
    };
    DenseMap<Attribute, Operation *> firstUser;
    module.walk([&](func::FuncOp func) {
      // A function placed as a whole (the CPU twin of --device=auto).
      if (func->hasAttr(kDeviceAttrName))
        return;
      for (Operation &op : func.getBody().getOps()) {
        if (op.hasTrait<OpTrait::IsTerminator>())
          continue;
        ops.push_back(&op);
        parent[&op] = &op;
        if (FlatSymbolRefAttr var = variableOf(&op)) {
          auto [it, fresh] = firstUser.try_emplace(var, &op);
          if (!fresh)
            parent[leader(&op)] = leader(it->second);
        }
      }
    });
    // tf.colocate_with: an op joins the group of the named node's ops (a
    // variable's name, its reads and assigns). A node pruned from the graph
    // (a Session runs the part its fetches need) constrains nothing.
    DenseMap<StringAttr, Operation *> nodeOps;
    for (Operation *op : ops)
      if (StringAttr node = getNodeName(op->getLoc()))
        nodeOps.try_emplace(node, op);
    for (Operation *op : ops) {
      auto names = op->getAttrOfType<ArrayAttr>(kColocateWithAttrName);
      if (!names)
        continue;
      for (auto name : names.getAsRange<StringAttr>()) {
        Operation *target = nodeOps.lookup(name);
        if (!target)
          target = firstUser.lookup(FlatSymbolRefAttr::get(name));
        if (target)
          parent[leader(op)] = leader(target);
      }
    }
    // Each group's device: what its members ask for (they must agree), else
    // the default.
    DenseMap<Operation *, std::pair<StringRef, Operation *>> asked;
    for (Operation *op : ops) {
      auto hint = op->getAttrOfType<StringAttr>(kDeviceHintAttrName);
      if (!hint)
        continue;
      auto [it, fresh] =
          asked.try_emplace(leader(op), std::make_pair(hint.getValue(), op));
      if (!fresh && it->second.first != hint.getValue()) {
        // Located errors without the "see current operation" note: the
        // driver prints one line per error.
        InFlightDiagnostic diag =
            emitError(op->getLoc())
            << "'" << op->getName() << "' asks for " << hint.getValue()
            << " but is colocated with an op that asks for " << it->second.first
            << (op->hasAttr(kColocateWithAttrName) ||
                        it->second.second->hasAttr(kColocateWithAttrName)
                    ? " (tf.colocate_with)"
                    : " (both use one variable)");
        diag.attachNote(it->second.second->getLoc()) << "that op is here";
        return signalPassFailure();
      }
    }
    DenseMap<Operation *, std::string> placed;
    for (Operation *op : ops) {
      Operation *group = leader(op);
      auto request = asked.find(group);
      placed.try_emplace(group, request != asked.end()
                                    ? request->second.first.str()
                                    : fallback);
    }
    // A group goes where every member has a kernel: under soft placement
    // to the CPU (a remark at each op without one), otherwise an error.
    DenseSet<Operation *> moved;
    for (Operation *op : ops) {
      std::string &device = placed[leader(op)];
      if (hasKernel(op, device))
        continue;
      if (!softPlacement) {
        emitError(op->getLoc())
            << "'" << op->getName() << "' is placed on " << device
            << ", which has no kernel for it (with soft "
               "placement it would run on the CPU)";
        return signalPassFailure();
      }
      moved.insert(op);
    }
    for (Operation *op : ops) {
      if (!moved.contains(op))
        continue;
      std::string &device = placed[leader(op)];
      emitRemark(op->getLoc()) << "'" << op->getName() << "' placed on " << kCpu
                               << ": no kernel for it on " << device;
    }
    for (Operation *op : moved)
      placed[leader(op)] = kCpu.str();
    Builder builder(&getContext());
    // cpu:0 goes without saying, except to an op that asked for a device
    // (a hint, or a default other than cpu:0).
    for (Operation *op : ops) {
      StringRef device = placed[leader(op)];
      if (device != kCpu || fallback != kCpu ||
          op->hasAttr(kDeviceHintAttrName))
        op->setAttr(kDeviceAttrName, builder.getStringAttr(device));
    }
  }
};

} // namespace
