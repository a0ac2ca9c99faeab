//===- GpuToRuntime.cpp - host side of GPU functions to runtime calls -----===//
//
// The host code of a GPU function allocates device buffers, copies, keeps
// weights on the device and launches kernels; each becomes a call into the
// tfcc runtime, which does it on the model instance's CUDA stream. See
// Passes.td.
//
// Upstream's gpu-to-llvm calls the mgpu* wrappers instead, which create and
// destroy a stream around every launch and load every kernel's module from
// a global constructor when the library loads: a library built that way
// would fail to load on a machine without a GPU, and every launch would
// synchronize.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCGPUTORUNTIME
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kDeviceAttr = "tfcc.device";
/// A get_global the pattern made for the host's copy of a weight.
constexpr llvm::StringLiteral kHostCopyAttr = "tfcc.host_copy";
/// The function that uploads the weights, which the model's spec names.
constexpr llvm::StringLiteral kWeightUploadName = "__tfcc_gpu_weights";

/// The GPU a function is placed on, or -1.
int64_t gpuOf(func::FuncOp func) {
  auto device = func ? func->getAttrOfType<StringAttr>(kDeviceAttr) : nullptr;
  unsigned number;
  if (!device || !device.getValue().starts_with("gpu:") ||
      device.getValue().drop_front(4).getAsInteger(10, number))
    return -1;
  return number;
}

std::string ptxGlobalName(StringRef binary) {
  return ("__tfcc_ptx_" + binary).str();
}
std::string kernelGlobalName(StringRef binary, StringRef kernel) {
  return ("__tfcc_kernel_" + binary + "_" + kernel).str();
}
std::string nodeGlobalName(StringRef binary, StringRef kernel) {
  return ("__tfcc_node_" + binary + "_" + kernel).str();
}

/// A private constant NUL-terminated string.
void addString(OpBuilder &b, Location loc, StringRef name, StringRef text) {
  std::string bytes = text.str();
  bytes.push_back('\0');
  auto type = LLVM::LLVMArrayType::get(b.getI8Type(), bytes.size());
  LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true,
                         LLVM::Linkage::Private, name, b.getStringAttr(bytes));
}

/// The runtime function `name`, declared once.
LLVM::LLVMFuncOp runtimeFunction(OpBuilder &b, Operation *from, StringRef name,
                                 Type result, ArrayRef<Type> params) {
  auto module = from->getParentOfType<ModuleOp>();
  if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return fn;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  return LLVM::LLVMFuncOp::create(b, module.getLoc(), name,
                                  LLVM::LLVMFunctionType::get(result, params));
}

Value addressOf(OpBuilder &b, Location loc, StringRef global) {
  return LLVM::AddressOfOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), global);
}

/// `tfcc_rt_gpu_launch(ptx, kernel, node, grid x y z, block x y z, params,
/// n)`, node the graph node the kernel computes (for the runtime's errors):
/// the kernel's operands, memref descriptors unpacked into their fields as
/// convert-gpu-to-nvvm declared them, in one stack struct, and the array of
/// pointers to its fields that cuLaunchKernel takes.
struct LaunchPattern : ConvertOpToLLVMPattern<gpu::LaunchFuncOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(gpu::LaunchFuncOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getAsyncToken() || !op.getAsyncDependencies().empty() ||
        op.hasClusterSize() || op.getDynamicSharedMemorySize())
      return rewriter.notifyMatchFailure(op, "unsupported launch");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = rewriter.getI64Type();
    SmallVector<Value> args = getTypeConverter()->promoteOperands(
        loc, op.getKernelOperands(), adaptor.getKernelOperands(), rewriter,
        /*useBarePtrCallConv=*/false);
    SmallVector<Type> types;
    for (Value arg : args)
      types.push_back(arg.getType());
    auto fields = LLVM::LLVMStructType::getLiteral(ctx, types);
    auto constant = [&](int64_t v) {
      return LLVM::ConstantOp::create(rewriter, loc, i64, v);
    };
    Value storage =
        LLVM::AllocaOp::create(rewriter, loc, ptr, fields, constant(1));
    Value params = LLVM::AllocaOp::create(
        rewriter, loc, ptr, ptr, constant(std::max<int64_t>(args.size(), 1)));
    for (auto [i, arg] : llvm::enumerate(args)) {
      Value field = LLVM::GEPOp::create(
          rewriter, loc, ptr, fields, storage,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
      LLVM::StoreOp::create(rewriter, loc, arg, field);
      Value slot =
          LLVM::GEPOp::create(rewriter, loc, ptr, ptr, params,
                              ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
      LLVM::StoreOp::create(rewriter, loc, field, slot);
    }
    StringRef binary = op.getKernelModuleName().getValue();
    StringRef kernel = op.getKernelName().getValue();
    auto fn = runtimeFunction(
        rewriter, op, "tfcc_rt_gpu_launch", LLVM::LLVMVoidType::get(ctx),
        {ptr, ptr, ptr, i64, i64, i64, i64, i64, i64, ptr, i64});
    LLVM::CallOp::create(
        rewriter, loc, fn,
        ValueRange{addressOf(rewriter, loc, ptxGlobalName(binary)),
                   addressOf(rewriter, loc, kernelGlobalName(binary, kernel)),
                   addressOf(rewriter, loc, nodeGlobalName(binary, kernel)),
                   adaptor.getGridSizeX(), adaptor.getGridSizeY(),
                   adaptor.getGridSizeZ(), adaptor.getBlockSizeX(),
                   adaptor.getBlockSizeY(), adaptor.getBlockSizeZ(), params,
                   constant(args.size())});
    rewriter.eraseOp(op);
    return success();
  }
};

/// Device memory from the runtime, which keeps freed blocks for the next
/// runs.
struct AllocPattern : ConvertOpToLLVMPattern<gpu::AllocOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(gpu::AllocOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getAsyncToken() || op.getHostShared())
      return rewriter.notifyMatchFailure(op, "unsupported allocation");
    Location loc = op.getLoc();
    MemRefType type = op.getType();
    SmallVector<Value> shape, strides;
    Value bytes;
    getMemRefDescriptorSizes(loc, type, adaptor.getDynamicSizes(), rewriter,
                             shape, strides, bytes);
    auto ptr = LLVM::LLVMPointerType::get(rewriter.getContext());
    auto fn = runtimeFunction(rewriter, op, "tfcc_rt_gpu_alloc", ptr,
                              {getIndexType()});
    Value data = LLVM::CallOp::create(rewriter, loc, fn, bytes).getResult();
    rewriter.replaceOp(op,
                       Value(createMemRefDescriptor(loc, type, data, data,
                                                    shape, strides, rewriter)));
    return success();
  }
};

struct DeallocPattern : ConvertOpToLLVMPattern<gpu::DeallocOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(gpu::DeallocOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (op.getAsyncToken())
      return rewriter.notifyMatchFailure(op, "unsupported deallocation");
    Location loc = op.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(rewriter.getContext());
    Value data =
        MemRefDescriptor(adaptor.getMemref()).allocatedPtr(rewriter, loc);
    auto fn =
        runtimeFunction(rewriter, op, "tfcc_rt_gpu_free",
                        LLVM::LLVMVoidType::get(rewriter.getContext()), {ptr});
    LLVM::CallOp::create(rewriter, loc, fn, data);
    rewriter.eraseOp(op);
    return success();
  }
};

/// A whole-buffer copy between any two memories (the driver tells them
/// apart by address).
struct MemcpyPattern : ConvertOpToLLVMPattern<gpu::MemcpyOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(gpu::MemcpyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<MemRefType>(op.getSrc().getType());
    if (op.getAsyncToken() || !type.getLayout().isIdentity() ||
        !cast<MemRefType>(op.getDst().getType()).getLayout().isIdentity())
      return rewriter.notifyMatchFailure(op, "unsupported copy");
    Location loc = op.getLoc();
    MemRefDescriptor src(adaptor.getSrc()), dst(adaptor.getDst());
    // The element's size as the lowered memref stores it (i1 in a byte).
    Value bytes = getSizeInBytes(loc, type.getElementType(), rewriter);
    for (int64_t d = 0; d < type.getRank(); ++d)
      bytes =
          LLVM::MulOp::create(rewriter, loc, bytes, src.size(rewriter, loc, d));
    auto ptr = LLVM::LLVMPointerType::get(rewriter.getContext());
    auto fn = runtimeFunction(rewriter, op, "tfcc_rt_gpu_copy",
                              LLVM::LLVMVoidType::get(rewriter.getContext()),
                              {ptr, ptr, getIndexType()});
    LLVM::CallOp::create(
        rewriter, loc, fn,
        ValueRange{dst.bufferPtr(rewriter, loc, *getTypeConverter(),
                                 cast<MemRefType>(op.getDst().getType())),
                   src.bufferPtr(rewriter, loc, *getTypeConverter(), type),
                   bytes});
    rewriter.eraseOp(op);
    return success();
  }
};

/// A weight in a GPU function: the runtime's device copy of the global,
/// uploaded at its first use and resident from then on.
struct GetGlobalPattern : ConvertOpToLLVMPattern<memref::GetGlobalOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(memref::GetGlobalOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MemRefType type = op.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity())
      return rewriter.notifyMatchFailure(op, "unsupported global");
    Location loc = op.getLoc();
    auto host = cast<memref::GetGlobalOp>(rewriter.clone(*op));
    host->setAttr(kHostCopyAttr, rewriter.getUnitAttr());
    Value desc = getTypeConverter()->materializeTargetConversion(
        rewriter, loc, getTypeConverter()->convertType(type), host.getResult());
    SmallVector<Value> shape, strides;
    Value bytes;
    getMemRefDescriptorSizes(loc, type, {}, rewriter, shape, strides, bytes);
    auto ptr = LLVM::LLVMPointerType::get(rewriter.getContext());
    auto fn = runtimeFunction(rewriter, op, "tfcc_rt_gpu_resident", ptr,
                              {ptr, getIndexType()});
    Value data =
        LLVM::CallOp::create(
            rewriter, loc, fn,
            ValueRange{MemRefDescriptor(desc).alignedPtr(rewriter, loc), bytes})
            .getResult();
    rewriter.replaceOp(op,
                       Value(createMemRefDescriptor(loc, type, data, data,
                                                    shape, strides, rewriter)));
    return success();
  }
};

struct ConvertTfccGpuToRuntime
    : mlir::tfcc::impl::ConvertTfccGpuToRuntimeBase<ConvertTfccGpuToRuntime> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    int64_t gpus = 0;
    for (auto func : module.getOps<func::FuncOp>())
      gpus = std::max(gpus, gpuOf(func) + 1);
    if (gpus == 0)
      return;
    OpBuilder b(ctx);
    module->setAttr("tfcc.gpus", b.getI64IntegerAttr(gpus));
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());

    // Each kernel module's PTX, and each kernel's name, as strings.
    b.setInsertionPointToStart(module.getBody());
    llvm::StringSet<llvm::MallocAllocator> kernels;
    module.walk([&](gpu::LaunchFuncOp op) {
      StringRef binary = op.getKernelModuleName().getValue();
      std::string name =
          kernelGlobalName(binary, op.getKernelName().getValue());
      if (kernels.insert(name).second) {
        addString(b, op.getLoc(), name, op.getKernelName().getValue());
        // The node the kernel computes, for the runtime's errors.
        StringAttr node = tfcc::getNodeName(op.getLoc());
        addString(b, op.getLoc(),
                  nodeGlobalName(binary, op.getKernelName().getValue()),
                  node ? node.getValue() : "");
      }
    });
    for (auto binary :
         llvm::make_early_inc_range(module.getOps<gpu::BinaryOp>())) {
      auto object = cast<gpu::ObjectAttr>(binary.getObjects()[0]);
      if (object.getFormat() != gpu::CompilationTarget::Assembly) {
        binary.emitOpError("is not PTX");
        return signalPassFailure();
      }
      addString(b, binary.getLoc(), ptxGlobalName(binary.getName()),
                object.getObject().getValue());
      binary.erase();
    }

    LLVMTypeConverter converter(ctx);
    RewritePatternSet patterns(ctx);
    patterns.add<LaunchPattern, AllocPattern, DeallocPattern, MemcpyPattern,
                 GetGlobalPattern>(converter);
    ConversionTarget target(*ctx);
    target.addLegalDialect<LLVM::LLVMDialect>();
    target.addIllegalOp<gpu::LaunchFuncOp, gpu::AllocOp, gpu::DeallocOp,
                        gpu::MemcpyOp>();
    target.addDynamicallyLegalOp<memref::GetGlobalOp>(
        [](memref::GetGlobalOp op) {
          return op->hasAttr(kHostCopyAttr) ||
                 gpuOf(op->getParentOfType<func::FuncOp>()) < 0;
        });
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    addWeightUpload(module, converter);
  }

  /// `__tfcc_gpu_weights()`: every weight the GPU functions read, made
  /// resident, which the model's create calls so that no run uploads them.
  void addWeightUpload(ModuleOp module, LLVMTypeConverter &converter) {
    llvm::MapVector<StringAttr, MemRefType> weights;
    module.walk([&](memref::GetGlobalOp op) {
      if (op->hasAttr(kHostCopyAttr))
        weights.insert({op.getNameAttr().getAttr(), op.getType()});
    });
    if (weights.empty())
      return;
    MLIRContext *ctx = module.getContext();
    Location loc = module.getLoc();
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    auto fn = func::FuncOp::create(b, loc, kWeightUploadName,
                                   b.getFunctionType({}, {}));
    b.setInsertionPointToStart(fn.addEntryBlock());
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = b.getI64Type();
    auto resident =
        runtimeFunction(b, fn, "tfcc_rt_gpu_resident", ptr, {ptr, i64});
    for (auto [name, type] : weights) {
      auto host = memref::GetGlobalOp::create(b, loc, type, name.getValue());
      host->setAttr(kHostCopyAttr, b.getUnitAttr());
      // The descriptor as memref lowering will make it (arith is lowered
      // already, so no index_cast).
      Value desc = UnrealizedConversionCastOp::create(
                       b, loc, converter.convertType(type), host.getResult())
                       .getResult(0);
      Value data = MemRefDescriptor(desc).alignedPtr(b, loc);
      // As the lowered memref stores an element: i1 in a byte, index in
      // eight.
      Type element = type.getElementType();
      int64_t width = element.isIndex() ? 64 : element.getIntOrFloatBitWidth();
      int64_t bytes = type.getNumElements() * ((width + 7) / 8);
      LLVM::CallOp::create(
          b, loc, resident,
          ValueRange{data, LLVM::ConstantOp::create(b, loc, i64, bytes)});
    }
    func::ReturnOp::create(b, loc);
  }
};

} // namespace
