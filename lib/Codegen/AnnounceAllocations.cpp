//===- AnnounceAllocations.cpp - allocations the runtime serves itself ----===//
//
// Two allocations of a model's entry are served from memory the runtime
// keeps rather than from its block cache, and the compiled code says which
// by calling the runtime just before them:
//
// - An output: a caller that bound its own memory to an output
//   (tfcc_model_bind_output) wants the output written there, not copied
//   there after the run. Before each allocation returned as result i of a
//   public function (itself or reshaped), tfcc_rt_output_next(i); the
//   runtime then serves it from the bound memory when it fits. Any other
//   result (a subview, a buffer returned twice, an argument) is left
//   alone: the runtime copies it.
// - The dynamic arena of tfcc-plan-memory, sized at each run from the
//   input dims: before it, tfcc_rt_arena_next(); the runtime serves it from
//   a block the instance keeps, grown when a run needs more.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCANNOUNCEALLOCATIONS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// The allocation whose buffer `value` is, whole and row-major: the
/// allocation itself or a reshape of it (the result of a convolution or a
/// matmul is often an expand_shape or collapse_shape of the buffer it was
/// computed in). Null for anything else, such as a subview.
memref::AllocOp sourceAlloc(Value value) {
  while (true) {
    if (auto collapse = value.getDefiningOp<memref::CollapseShapeOp>())
      value = collapse.getSrc();
    else if (auto expand = value.getDefiningOp<memref::ExpandShapeOp>())
      value = expand.getSrc();
    else
      break;
  }
  auto alloc = value.getDefiningOp<memref::AllocOp>();
  if (!alloc || !alloc.getType().getLayout().isIdentity())
    return nullptr;
  return alloc;
}

struct TfccAnnounceAllocations
    : tfcc::impl::TfccAnnounceAllocationsBase<TfccAnnounceAllocations> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder builder(&getContext());
    Type i64 = builder.getI64Type();
    // Declared on first use.
    func::FuncOp outputNext, arenaNext;
    auto declare = [&](func::FuncOp &callee, StringRef name, TypeRange inputs) {
      if (!callee) {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(module.getBody());
        callee = func::FuncOp::create(builder, module.getLoc(), name,
                                      builder.getFunctionType(inputs, {}));
        callee.setPrivate();
      }
      return callee;
    };
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal() ||
          !func.getBody().hasOneBlock())
        continue;
      Block &block = func.getBody().front();
      for (auto alloc : block.getOps<memref::AllocOp>())
        if (alloc->hasAttr(tfcc::kDynamicArenaAttrName)) {
          builder.setInsertionPoint(alloc);
          func::CallOp::create(builder, alloc.getLoc(),
                               declare(arenaNext, "tfcc_rt_arena_next", {}),
                               ValueRange{});
        }
      auto ret = cast<func::ReturnOp>(block.getTerminator());
      SmallVector<memref::AllocOp> allocs;
      for (Value value : ret.getOperands())
        allocs.push_back(sourceAlloc(value));
      for (auto [i, alloc] : llvm::enumerate(allocs)) {
        if (!alloc || alloc->getBlock() != &block ||
            alloc->hasAttr(tfcc::kDynamicArenaAttrName) ||
            llvm::count(allocs, alloc) != 1)
          continue;
        builder.setInsertionPoint(alloc);
        Value index =
            arith::ConstantIntOp::create(builder, alloc.getLoc(), i64, i);
        func::CallOp::create(builder, alloc.getLoc(),
                             declare(outputNext, "tfcc_rt_output_next", {i64}),
                             ValueRange{index});
      }
    }
  }
};

} // namespace
