//===- ParallelKernelsToLLVM.cpp - parallel kernels on the thread pool ----===//
//
// Calls of kernels that tfcc-outline-loop-nests marked tfcc.parallel go
// through the runtime's tfcc_rt_parallel_for; see Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Codegen/Passes.h"
#include "tfcc/Conversion/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCPARALLELKERNELSTOLLVM
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kParallelForFn = "tfcc_rt_parallel_for";

/// `void tfcc_rt_parallel_for(void (*task)(void *, int64_t, int64_t),
/// void *ctx, int64_t begin, int64_t end, int64_t cost)`, declared once.
LLVM::LLVMFuncOp getParallelFor(ModuleOp module) {
  if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(kParallelForFn))
    return fn;
  MLIRContext *ctx = module.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = IntegerType::get(ctx, 64);
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                          {ptr, ptr, i64, i64, i64});
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  return LLVM::LLVMFuncOp::create(b, module.getLoc(), kParallelForFn, type);
}

/// The arguments of `kernel` but its iteration range (the last two), as
/// the fields of the struct a task reads them from.
LLVM::LLVMStructType getCapturesType(LLVM::LLVMFuncOp kernel) {
  ArrayRef<Type> params = kernel.getFunctionType().getParams();
  return LLVM::LLVMStructType::getLiteral(kernel.getContext(),
                                          params.drop_back(2));
}

/// `void <kernel>_task(ptr captures, i64 begin, i64 end)`: loads the
/// kernel's arguments from the struct and calls it on the range.
LLVM::LLVMFuncOp createTask(OpBuilder &b, LLVM::LLVMFuncOp kernel,
                            SymbolTable &symbols) {
  MLIRContext *ctx = kernel.getContext();
  Location loc = kernel.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = b.getI64Type();
  b.setInsertionPointAfter(kernel);
  auto task = LLVM::LLVMFuncOp::create(
      b, loc, (kernel.getSymName() + "_task").str(),
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                  {ptr, i64, i64}),
      LLVM::Linkage::Internal);
  symbols.insert(task);
  Block *entry = task.addEntryBlock(b);
  b.setInsertionPointToStart(entry);
  LLVM::LLVMStructType captures = getCapturesType(kernel);
  SmallVector<Value> args;
  for (auto [i, type] : llvm::enumerate(captures.getBody())) {
    Value field =
        LLVM::GEPOp::create(b, loc, ptr, captures, entry->getArgument(0),
                            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
    args.push_back(LLVM::LoadOp::create(b, loc, type, field));
  }
  args.push_back(entry->getArgument(1));
  args.push_back(entry->getArgument(2));
  LLVM::CallOp::create(b, loc, kernel, args);
  LLVM::ReturnOp::create(b, loc, ValueRange{});
  return task;
}

struct ConvertTfccParallelKernelsToLLVM
    : tfcc::impl::ConvertTfccParallelKernelsToLLVMBase<
          ConvertTfccParallelKernelsToLLVM> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    OpBuilder b(module.getContext());
    llvm::DenseMap<StringAttr, std::pair<LLVM::LLVMFuncOp, int64_t>> tasks;
    for (auto kernel : module.getOps<LLVM::LLVMFuncOp>()) {
      auto cost = kernel->getAttrOfType<IntegerAttr>(tfcc::kParallelAttrName);
      if (!cost)
        continue;
      kernel->removeAttr(tfcc::kParallelAttrName);
      tasks[kernel.getSymNameAttr()] = {nullptr, cost.getInt()};
    }
    if (tasks.empty())
      return;
    for (auto &[name, task] : tasks)
      task.first =
          createTask(b, symbols.lookup<LLVM::LLVMFuncOp>(name), symbols);
    LLVM::LLVMFuncOp parallelFor = getParallelFor(module);

    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      if (auto callee = call.getCalleeAttr())
        if (tasks.count(callee.getAttr()) &&
            call->getParentOfType<LLVM::LLVMFuncOp>().getSymNameAttr() !=
                tasks[callee.getAttr()].first.getSymNameAttr())
          calls.push_back(call);
    });
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    for (LLVM::CallOp call : calls) {
      auto [task, cost] = tasks[call.getCalleeAttr().getAttr()];
      auto kernel = symbols.lookup<LLVM::LLVMFuncOp>(call.getCallee().value());
      LLVM::LLVMStructType captures = getCapturesType(kernel);
      Location loc = call.getLoc();
      // The struct lives in the caller's frame; the call returns only when
      // every task has run.
      auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
      b.setInsertionPointToStart(&caller.getBody().front());
      Value one = LLVM::ConstantOp::create(b, loc, b.getI64Type(), 1);
      Value frame = LLVM::AllocaOp::create(b, loc, ptr, captures, one);
      b.setInsertionPoint(call);
      OperandRange args = call.getArgOperands();
      for (auto [i, arg] : llvm::enumerate(args.drop_back(2))) {
        Value field = LLVM::GEPOp::create(
            b, loc, ptr, captures, frame,
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
        LLVM::StoreOp::create(b, loc, arg, field);
      }
      Value taskPtr = LLVM::AddressOfOp::create(b, loc, task);
      Value costValue = LLVM::ConstantOp::create(b, loc, b.getI64Type(), cost);
      LLVM::CallOp::create(b, loc, parallelFor,
                           ValueRange{taskPtr, frame, args[args.size() - 2],
                                      args[args.size() - 1], costValue});
      call.erase();
    }
  }
};

} // namespace
