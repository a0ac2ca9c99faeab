//===- AssertToLLVM.cpp - tfcc.assert to a runtime call -------------------===//
//
// A failed check calls the runtime's tfcc_rt_check_failed, which never
// returns (it unwinds to tfcc_model_run); see Passes.td.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCASSERTTOLLVM
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

constexpr llvm::StringLiteral kFailFn = "tfcc_rt_check_failed";

/// `void tfcc_rt_check_failed(const char *, int64_t n, int64_t v0..v3)`,
/// declared once per module.
LLVM::LLVMFuncOp getFailFunction(ModuleOp module) {
  if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(kFailFn))
    return fn;
  MLIRContext *ctx = module.getContext();
  auto i64 = IntegerType::get(ctx, 64);
  SmallVector<Type> params{LLVM::LLVMPointerType::get(ctx), i64};
  params.append(AssertOp::kMaxValues, i64);
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), params);
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto fn = LLVM::LLVMFuncOp::create(b, module.getLoc(), kFailFn, type);
  fn.setPassthroughAttr(b.getArrayAttr({b.getStringAttr("noreturn"),
                                        b.getStringAttr("cold")}));
  return fn;
}

Value toI64(OpBuilder &b, Location loc, Value v) {
  auto i64 = b.getI64Type();
  if (v.getType().isIndex())
    return arith::IndexCastOp::create(b, loc, i64, v);
  if (v.getType().getIntOrFloatBitWidth() < 64)
    return arith::ExtSIOp::create(b, loc, i64, v);
  return v;
}

struct ConvertTfccAssertToLLVM
    : mlir::tfcc::impl::ConvertTfccAssertToLLVMBase<ConvertTfccAssertToLLVM> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<AssertOp> asserts;
    module.walk([&](AssertOp op) { asserts.push_back(op); });
    if (removeChecks) {
      for (AssertOp op : asserts)
        op.erase();
      return;
    }
    if (asserts.empty())
      return;
    LLVM::LLVMFuncOp fail = getFailFunction(module);
    unsigned counter = 0;
    for (AssertOp op : asserts) {
      OpBuilder b(op);
      Location loc = op.getLoc();
      Value failed = arith::XOrIOp::create(
          b, loc, op.getCondition(),
          arith::ConstantOp::create(b, loc, b.getBoolAttr(true)));
      auto ifOp = scf::IfOp::create(b, loc, failed, /*withElseRegion=*/false);
      b.setInsertionPointToStart(ifOp.thenBlock());
      std::string text = op.getMessage().str();
      text.push_back('\0');
      Value msg = LLVM::createGlobalString(
          loc, b, ("tfcc_check_" + Twine(counter++)).str(), text,
          LLVM::Linkage::Private);
      SmallVector<Value> args{msg, arith::ConstantOp::create(
                                       b, loc, b.getI64IntegerAttr(
                                                   op.getValues().size()))};
      for (Value v : op.getValues())
        args.push_back(toI64(b, loc, v));
      while (args.size() < 2 + AssertOp::kMaxValues)
        args.push_back(
            arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0)));
      LLVM::CallOp::create(b, loc, fail, args);
      op.erase();
    }
  }
};

} // namespace
