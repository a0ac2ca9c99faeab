//===- ModelEmitter.cpp - LLVM IR glue and machine code -------------------===//

#include "tfcc/Target/ModelEmitter.h"

#include "tfcc/Codegen/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <mutex>
#include <thread>

using namespace mlir;
using namespace mlir::tfcc;

static std::optional<DType> toDType(Type t) {
  if (t.isF32())
    return DType::F32;
  if (t.isF64())
    return DType::F64;
  if (t.isInteger(32))
    return DType::I32;
  if (t.isInteger(64))
    return DType::I64;
  if (t.isInteger(1))
    return DType::I1;
  return std::nullopt;
}

/// Raw row-major bytes of a dense initial value (i1: one byte per element).
static std::string rawBytes(DenseElementsAttr attr) {
  std::string out;
  Type elem = attr.getElementType();
  auto append = [&](const void *p, size_t n) {
    out.append(static_cast<const char *>(p), n);
  };
  if (elem.isF32()) {
    for (float v : attr.getValues<float>())
      append(&v, 4);
  } else if (elem.isF64()) {
    for (double v : attr.getValues<double>())
      append(&v, 8);
  } else {
    unsigned width = elem.getIntOrFloatBitWidth();
    for (const APInt &v : attr.getValues<APInt>()) {
      if (width == 1) {
        out.push_back(v.isZero() ? 0 : 1);
      } else {
        uint64_t word = v.getZExtValue();
        append(&word, width / 8); // little endian
      }
    }
  }
  return out;
}

/// Argument `i` of `entry`, marked as the variable `name`.
static LogicalResult readVariable(func::FuncOp entry, ModuleOp module,
                                  unsigned i, StringAttr name,
                                  ModelSignature &sig) {
  // The argument carries the runtime name of the variable: its symbol, or
  // its `tfcc.name` when the symbol had to differ.
  VariableOp var;
  if (module)
    for (VariableOp candidate : module.getOps<VariableOp>()) {
      auto runtimeName = candidate->getAttrOfType<StringAttr>("tfcc.name");
      if ((runtimeName ? runtimeName : candidate.getSymNameAttr()) == name)
        var = candidate;
    }
  if (!var)
    return entry.emitError("argument ")
           << i << " of the entry function is marked as variable '"
           << name.getValue() << "', but the module has no such tfcc.variable";
  auto type = dyn_cast<RankedTensorType>(entry.getArgumentTypes()[i]);
  auto init = dyn_cast<DenseElementsAttr>(var.getInitialValue());
  std::optional<DType> dtype =
      type ? toDType(type.getElementType()) : std::nullopt;
  if (!dtype || type != var.getType() || !type.hasStaticShape())
    return entry.emitError("argument ")
           << i << " has type " << entry.getArgumentTypes()[i]
           << ", but variable '" << name.getValue() << "' is "
           << var.getType();
  if (!init)
    return var.emitError("the initial value of variable '")
           << name.getValue() << "' must be a dense elements attribute";
  VariableSignature v;
  v.name = name.str();
  v.dtype = *dtype;
  v.dims.assign(type.getShape().begin(), type.getShape().end());
  v.splat = init.isSplat() && init.getNumElements() > 1;
  v.initialData =
      rawBytes(v.splat ? DenseElementsAttr::get(
                             RankedTensorType::get({}, init.getElementType()),
                             init.getSplatValue<Attribute>())
                       : init);
  sig.variables.push_back(std::move(v));
  return success();
}

FailureOr<ModelSignature> mlir::tfcc::getModelSignature(func::FuncOp entry) {
  ModelSignature sig;
  sig.entry = entry.getSymName().str();
  sig.implName = sig.entry;
  auto read = [&](Type type, StringAttr nameAttr, std::string fallback,
                  std::vector<ArgSignature> &into) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(type);
    std::optional<DType> dtype =
        tensor ? toDType(tensor.getElementType()) : std::nullopt;
    if (!dtype)
      return entry.emitError("'")
             << fallback << "' of the entry function has type " << type
             << "; only ranked tensors of f32, f64, i32, i64 or i1 can cross "
                "the model boundary";
    ArgSignature arg;
    arg.name = nameAttr ? nameAttr.str() : fallback;
    arg.dtype = *dtype;
    for (int64_t d : tensor.getShape())
      arg.dims.push_back(ShapedType::isDynamic(d) ? -1 : d);
    into.push_back(std::move(arg));
    return success();
  };
  auto module = entry->getParentOfType<ModuleOp>();
  for (unsigned i = 0; i < entry.getNumArguments(); ++i) {
    if (auto var = entry.getArgAttrOfType<StringAttr>(i, "tfcc.variable")) {
      if (failed(readVariable(entry, module, i, var, sig)))
        return failure();
      continue;
    }
    if (!sig.variables.empty())
      return entry.emitError("argument ")
             << i << " of the entry function follows a variable argument; "
             << "variables must be the last arguments";
    if (failed(read(entry.getArgumentTypes()[i],
                    entry.getArgAttrOfType<StringAttr>(i, "tfcc.name"),
                    "arg" + std::to_string(i), sig.inputs)))
      return failure();
  }
  // Written variables: trailing results, in the order of the arguments.
  size_t nextVar = 0;
  bool inVariables = false;
  for (unsigned i = 0; i < entry.getNumResults(); ++i) {
    if (auto var = entry.getResultAttrOfType<StringAttr>(i, "tfcc.variable")) {
      inVariables = true;
      while (nextVar < sig.variables.size() &&
             sig.variables[nextVar].name != var.getValue())
        ++nextVar;
      if (nextVar == sig.variables.size() ||
          entry.getResultTypes()[i] !=
              entry.getArgumentTypes()[sig.inputs.size() + nextVar])
        return entry.emitError("result ")
               << i << " writes variable '" << var.getValue()
               << "', which is not a variable argument of the same type (or "
                  "is out of order)";
      sig.variables[nextVar++].written = true;
      continue;
    }
    if (inVariables)
      return entry.emitError("result ")
             << i << " of the entry function follows a variable result; "
             << "variables must be the last results";
    if (failed(read(entry.getResultTypes()[i],
                    entry.getResultAttrOfType<StringAttr>(i, "tfcc.name"),
                    "result" + std::to_string(i), sig.outputs)))
      return failure();
  }
  return sig;
}

void mlir::tfcc::settleEntryAttributes(func::FuncOp entry,
                                       const ModelSignature &signature,
                                       bool inPlaceVariables) {
  MLIRContext *context = entry.getContext();
  for (unsigned i = 0; i < entry.getNumArguments(); ++i) {
    entry.removeArgAttr(i, "tfcc.name");
    if (!entry.getArgAttr(i, "tfcc.variable"))
      continue;
    entry.removeArgAttr(i, "tfcc.variable");
    size_t v = i - signature.inputs.size();
    if (v < signature.variables.size() && !signature.variables[v].written)
      entry.setArgAttr(i, "bufferization.writable",
                       BoolAttr::get(context, false));
    else if (inPlaceVariables)
      entry.setArgAttr(i, kInPlaceVariableAttrName, UnitAttr::get(context));
  }
  for (unsigned i = 0; i < entry.getNumResults(); ++i) {
    entry.removeResultAttr(i, StringAttr::get(context, "tfcc.name"));
    entry.removeResultAttr(i, StringAttr::get(context, "tfcc.variable"));
  }
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::tfcc::createTargetMachine(const TargetOptions &options) {
  static bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
  bool host = options.triple.empty();
  llvm::Triple triple(host ? llvm::sys::getDefaultTargetTriple()
                           : llvm::Triple::normalize(options.triple));
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError("unknown target triple '" + triple.str() +
                                   "': " + error);
  std::string cpu = options.cpu;
  std::string features;
  if ((cpu.empty() && host) || cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    for (auto &f : llvm::sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") +
                  std::string(f.second ? "+" : "-") + f.first().str();
  } else if (cpu.empty()) {
    cpu = "generic";
  } else if (!std::unique_ptr<llvm::MCSubtargetInfo>(
                  target->createMCSubtargetInfo(triple, "", ""))
                  ->isCPUStringValid(cpu)) {
    return llvm::createStringError("unknown CPU '" + cpu + "' for target '" +
                                   triple.str() + "'");
  }
  llvm::CodeGenOptLevel level = options.optLevel == 0 ? llvm::CodeGenOptLevel::None
                                : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
                                : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                                : llvm::CodeGenOptLevel::Aggressive;
  // PIC so that the object links into executables and shared libraries.
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!machine)
    return llvm::createStringError("cannot create a target machine for '" +
                                   triple.str() + "'");
  return machine;
}

/// One core's L2 of the x86 CPUs LLVM names, where it is larger than the
/// default 512 KiB.
static int64_t getL2Bytes(llvm::StringRef cpu) {
  constexpr int64_t kib = 1024;
  return llvm::StringSwitch<int64_t>(cpu)
      .Cases({"znver4", "znver5", "skylake-avx512", "cascadelake",
              "cooperlake"},
             1024 * kib)
      .Cases({"icelake-server", "tigerlake", "alderlake", "raptorlake",
              "meteorlake", "gracemont"},
             1280 * kib)
      .Cases({"sapphirerapids", "emeraldrapids", "graniterapids",
              "graniterapids-d", "arrowlake", "arrowlake-s", "lunarlake",
              "pantherlake"},
             2048 * kib)
      .Default(512 * kib);
}

VectorTarget mlir::tfcc::getVectorTarget(const llvm::TargetMachine &machine) {
  const llvm::MCSubtargetInfo *info = machine.getMCSubtargetInfo();
  if (!machine.getTargetTriple().isX86() || !info)
    return {};
  int64_t l2 = getL2Bytes(machine.getTargetCPU());
  if (info->checkFeatures("+avx512f"))
    return {512, 32, l2};
  if (info->checkFeatures("+avx"))
    return {256, 16, l2};
  return {128, 16, l2};
}

/// Adds `<entry>_invoke(void **inputs, void *results)`, which unpacks the
/// descriptor pointers and calls the C interface of the entry function.
static llvm::Function *addInvoke(llvm::Module &module,
                                 const ModelSignature &sig, StringRef implName,
                                 StringRef invokeName, std::string &error) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Function *ciface =
      module.getFunction(("_mlir_ciface_" + implName).str());
  llvm::Function *impl = module.getFunction(implName);
  if (!ciface || !impl) {
    error = "entry function '" + sig.entry + "' was not lowered";
    return nullptr;
  }
  size_t numWritten = llvm::count_if(
      sig.variables, [](const VariableSignature &v) { return v.written; });
  bool hasResults = !sig.outputs.empty() || numWritten > 0;
  size_t numArgs = sig.inputs.size() + sig.variables.size();
  size_t expected = numArgs + (hasResults ? 1 : 0);
  if (ciface->arg_size() != expected) {
    error = "unexpected C interface for '" + sig.entry + "'";
    return nullptr;
  }
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                                       {ptr, ptr}, false);
  auto *invoke = llvm::Function::Create(
      type, llvm::GlobalValue::InternalLinkage, invokeName, module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", invoke));
  SmallVector<llvm::Value *> args;
  if (hasResults)
    args.push_back(invoke->getArg(1));
  for (size_t i = 0; i < numArgs; ++i)
    args.push_back(b.CreateLoad(
        ptr, b.CreateConstGEP1_64(ptr, invoke->getArg(0), i)));
  b.CreateCall(ciface, args);
  b.CreateRetVoid();
  // Only <entry>_create is the library's interface.
  ciface->setLinkage(llvm::GlobalValue::InternalLinkage);
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  return invoke;
}

/// TFCC_MODEL_ABI_VERSION of the runtime this emitter targets.
static constexpr int kModelAbiVersion = 6;

static llvm::Constant *privateGlobal(llvm::Module &module,
                                     llvm::Constant *init,
                                     const llvm::Twine &name) {
  auto *gv = new llvm::GlobalVariable(module, init->getType(), true,
                                      llvm::GlobalValue::PrivateLinkage, init,
                                      name);
  gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  return gv;
}

/// Adds the constant tfcc_model_spec and `tfcc_status <entry>_create(
/// tfcc_model **)`, which hands it to tfcc_model_create.
static llvm::Function *addSpecAndCreate(llvm::Module &module,
                                        const ModelSignature &sig,
                                        llvm::Function *invoke,
                                        llvm::Function *cpuInvoke) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *argSpecTy = llvm::StructType::get(ctx, {ptr, i32, i32, ptr});
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *specTy =
      llvm::StructType::get(ctx, {i32, i32, i32, ptr, ptr, ptr, ptr, i32, ptr,
                                  i64, i32, ptr, i64, i32, ptr, ptr});
  auto *opSpecTy = llvm::StructType::get(ctx, {ptr, ptr, ptr});
  auto *varSpecTy =
      llvm::StructType::get(ctx, {ptr, i32, i32, ptr, ptr, i32, i32});
  std::string prefix = "__tfcc_" + sig.entry;

  auto argArray = [&](const std::vector<ArgSignature> &args,
                      StringRef kind) -> llvm::Constant * {
    if (args.empty())
      return llvm::ConstantPointerNull::get(ptr);
    SmallVector<llvm::Constant *> specs;
    for (auto [i, arg] : llvm::enumerate(args)) {
      std::string base = prefix + "_" + kind.str() + std::to_string(i);
      llvm::Constant *name = privateGlobal(
          module, llvm::ConstantDataArray::getString(ctx, arg.name),
          base + "_name");
      llvm::Constant *dims =
          arg.dims.empty()
              ? static_cast<llvm::Constant *>(llvm::ConstantPointerNull::get(ptr))
              : privateGlobal(module,
                              llvm::ConstantDataArray::get(
                                  ctx, ArrayRef<int64_t>(arg.dims)),
                              base + "_dims");
      specs.push_back(llvm::ConstantStruct::get(
          argSpecTy, {name, llvm::ConstantInt::get(i32, int(arg.dtype)),
                      llvm::ConstantInt::get(i32, arg.dims.size()), dims}));
    }
    return privateGlobal(
        module,
        llvm::ConstantArray::get(llvm::ArrayType::get(argSpecTy, specs.size()),
                                 specs),
        prefix + "_" + kind);
  };

  llvm::Constant *variables = llvm::ConstantPointerNull::get(ptr);
  if (!sig.variables.empty()) {
    SmallVector<llvm::Constant *> specs;
    for (auto [i, var] : llvm::enumerate(sig.variables)) {
      std::string base = prefix + "_variable" + std::to_string(i);
      llvm::Constant *name = privateGlobal(
          module, llvm::ConstantDataArray::getString(ctx, var.name),
          base + "_name");
      llvm::Constant *dims =
          var.dims.empty()
              ? static_cast<llvm::Constant *>(
                    llvm::ConstantPointerNull::get(ptr))
              : privateGlobal(module,
                              llvm::ConstantDataArray::get(
                                  ctx, ArrayRef<int64_t>(var.dims)),
                              base + "_dims");
      // A zero-size variable still gets a valid pointer: one byte.
      std::string bytes = var.initialData.empty() ? std::string(1, '\0')
                                                  : var.initialData;
      auto *init = new llvm::GlobalVariable(
          module,
          llvm::ArrayType::get(llvm::Type::getInt8Ty(ctx), bytes.size()), true,
          llvm::GlobalValue::PrivateLinkage,
          llvm::ConstantDataArray::getString(ctx, bytes, /*AddNull=*/false),
          base + "_init");
      init->setAlignment(llvm::Align(64));
      specs.push_back(llvm::ConstantStruct::get(
          varSpecTy, {name, llvm::ConstantInt::get(i32, int(var.dtype)),
                      llvm::ConstantInt::get(i32, var.dims.size()), dims, init,
                      llvm::ConstantInt::get(i32, var.written ? 1 : 0),
                      llvm::ConstantInt::get(i32, var.splat ? 1 : 0)}));
    }
    variables = privateGlobal(
        module,
        llvm::ConstantArray::get(
            llvm::ArrayType::get(varSpecTy, specs.size()), specs),
        prefix + "_variables");
  }

  // Where each op runs; strings shared (an op name, a device, many times).
  llvm::Constant *placements = llvm::ConstantPointerNull::get(ptr);
  if (!sig.placements.empty()) {
    llvm::StringMap<llvm::Constant *> strings;
    auto string = [&](StringRef text) {
      llvm::Constant *&global = strings[text];
      if (!global)
        global =
            privateGlobal(module, llvm::ConstantDataArray::getString(ctx, text),
                          prefix + "_str" + Twine(strings.size()));
      return global;
    };
    SmallVector<llvm::Constant *> specs;
    for (const auto &op : sig.placements)
      specs.push_back(llvm::ConstantStruct::get(
          opSpecTy, {string(op.node), string(op.op), string(op.device)}));
    placements =
        privateGlobal(module,
                      llvm::ConstantArray::get(
                          llvm::ArrayType::get(opSpecTy, specs.size()), specs),
                      prefix + "_ops");
  }

  // convert-tfcc-gpu-to-runtime's upload of the GPU functions' weights.
  llvm::Function *gpuWeights = module.getFunction("__tfcc_gpu_weights");
  if (gpuWeights)
    gpuWeights->setLinkage(llvm::GlobalValue::InternalLinkage);

  llvm::Constant *spec = privateGlobal(
      module,
      llvm::ConstantStruct::get(
          specTy,
          {llvm::ConstantInt::get(i32, kModelAbiVersion),
           llvm::ConstantInt::get(i32, sig.inputs.size()),
           llvm::ConstantInt::get(i32, sig.outputs.size()),
           privateGlobal(module,
                         llvm::ConstantDataArray::getString(ctx, sig.entry),
                         prefix + "_entry_name"),
           argArray(sig.inputs, "input"), argArray(sig.outputs, "output"),
           invoke, llvm::ConstantInt::get(i32, sig.variables.size()), variables,
           llvm::ConstantInt::get(i64, sig.arenaBytes),
           llvm::ConstantInt::get(i32, sig.numGpus),
           cpuInvoke ? static_cast<llvm::Constant *>(cpuInvoke)
                     : llvm::ConstantPointerNull::get(ptr),
           llvm::ConstantInt::get(i64, sig.cpuArenaBytes),
           llvm::ConstantInt::get(i32, sig.placements.size()), placements,
           gpuWeights ? static_cast<llvm::Constant *>(gpuWeights)
                      : llvm::ConstantPointerNull::get(ptr)}),
      prefix + "_spec");

  llvm::FunctionCallee modelCreate =
      module.getOrInsertFunction("tfcc_model_create", ptr, ptr, ptr);
  auto *create = llvm::Function::Create(
      llvm::FunctionType::get(ptr, {ptr}, false),
      llvm::GlobalValue::ExternalLinkage, sig.entry + "_create", module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", create));
  b.CreateRet(b.CreateCall(modelCreate, {spec, create->getArg(0)}));
  return create;
}

namespace {

unsigned countDefinedFunctions(const llvm::Module &module) {
  return llvm::count_if(module, [](const llvm::Function &fn) {
    return !fn.isDeclaration();
  });
}

/// Runs clang's -O<optLevel> pipeline on `module`, as OptUtils'
/// makeOptimizingTransformer does, but with the pass instrumentation that
/// reports progress: a function counts when the first pass of a sweep over
/// the module's functions reaches it, and a module-level pass starts the
/// next sweep.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    unsigned optLevel, const FunctionProgress &progress) {
  llvm::OptimizationLevel level = optLevel == 0   ? llvm::OptimizationLevel::O0
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::PassInstrumentationCallbacks instrumentation;
  unsigned total = countDefinedFunctions(module);
  llvm::DenseSet<const llvm::Function *> seen;
  if (progress)
    instrumentation.registerBeforeNonSkippedPassCallback(
        [&](llvm::StringRef, llvm::Any ir) {
          if (const auto *fn = llvm::any_cast<const llvm::Function *>(&ir)) {
            if (seen.insert(*fn).second)
              progress(seen.size(), total);
          } else if (llvm::any_cast<const llvm::Module *>(&ir)) {
            seen.clear();
          }
        });
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = tuning.LoopInterleaving = true;
  tuning.LoopVectorization = tuning.SLPVectorization = true;
  llvm::PassBuilder builder(&machine, tuning, std::nullopt, &instrumentation);
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager pipeline =
      level == llvm::OptimizationLevel::O0
          ? builder.buildO0DefaultPipeline(level)
          : builder.buildPerModuleDefaultPipeline(level);
  pipeline.run(module, modules);
}

/// Counts the functions whose machine code is done. Added after the code
/// generator's passes, it runs right after each function's.
struct MachineCodeProgress : llvm::FunctionPass {
  static char ID;
  MachineCodeProgress(const FunctionProgress &progress, unsigned total)
      : llvm::FunctionPass(ID), progress(progress), total(total) {}
  llvm::StringRef getPassName() const override {
    return "tfcc machine code progress";
  }
  void getAnalysisUsage(llvm::AnalysisUsage &usage) const override {
    usage.setPreservesAll();
  }
  bool runOnFunction(llvm::Function &) override {
    progress(++done, total);
    return false;
  }
  const FunctionProgress &progress;
  unsigned total, done = 0;
};
char MachineCodeProgress::ID = 0;

} // namespace

FailureOr<std::unique_ptr<llvm::Module>>
mlir::tfcc::translateModel(ModuleOp module, const ModelSignature &sig,
                           llvm::LLVMContext &context,
                           llvm::TargetMachine &machine, unsigned optLevel,
                           bool exportDefaultCreate,
                           const FunctionProgress &progress, bool optimize) {
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  // Outlined kernels stay functions: inlined back, they would make one
  // function of the whole model again, which LLVM compiles slowly.
  module.walk([](LLVM::LLVMFuncOp fn) {
    if (fn->removeAttr(kKernelAttrName)) {
      fn.setNoInline(true);
      fn.setLinkage(LLVM::Linkage::Internal);
    }
  });
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, sig.entry);
  if (!llvmModule)
    return module.emitError("failed to translate the module to LLVM IR");
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  // The register tiles use the widest vectors: without this, CPUs tuned to
  // prefer 256-bit vectors (Skylake-X, Icelake) split 512-bit ones in two.
  std::string width = std::to_string(getVectorTarget(machine).bits);
  for (llvm::Function &fn : *llvmModule)
    if (!fn.isDeclaration()) {
      fn.addFnAttr("prefer-vector-width", width);
      fn.addFnAttr("min-legal-vector-width", width);
    }

  std::string error;
  llvm::Function *invoke =
      addInvoke(*llvmModule, sig, sig.implName, sig.entry + "_invoke", error);
  if (!invoke)
    return module.emitError(error);
  llvm::Function *cpuInvoke = nullptr;
  if (!sig.cpuImplName.empty() &&
      !(cpuInvoke = addInvoke(*llvmModule, sig, sig.cpuImplName,
                              sig.entry + "_cpu_invoke", error)))
    return module.emitError(error);
  llvm::Function *create =
      addSpecAndCreate(*llvmModule, sig, invoke, cpuInvoke);
  if (exportDefaultCreate) {
    if (llvmModule->getNamedValue(kDefaultCreateSymbol))
      return module.emitError("the symbol '")
             << kDefaultCreateSymbol << "' is reserved for the library";
    llvm::GlobalAlias::create(llvm::GlobalValue::ExternalLinkage,
                              kDefaultCreateSymbol, create);
  }

  std::string verifyMessage;
  llvm::raw_string_ostream verifyStream(verifyMessage);
  if (llvm::verifyModule(*llvmModule, &verifyStream))
    return module.emitError("generated LLVM IR is invalid: ") << verifyMessage;

  if (optimize)
    optimizeModule(*llvmModule, machine, optLevel, progress);
  return llvmModule;
}

LogicalResult mlir::tfcc::emitMachineCode(llvm::Module &module,
                                          llvm::TargetMachine &machine,
                                          bool assembly,
                                          SmallVectorImpl<char> &out,
                                          std::string &error,
                                          const FunctionProgress &progress) {
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, os, nullptr,
                                  assembly
                                      ? llvm::CodeGenFileType::AssemblyFile
                                      : llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit this file type";
    return failure();
  }
  if (progress)
    pm.add(new MachineCodeProgress(progress, countDefinedFunctions(module)));
  pm.run(module);
  return success();
}

LogicalResult mlir::tfcc::emitObjects(std::unique_ptr<llvm::Module> module,
                                      const TargetOptions &options,
                                      unsigned parts,
                                      SmallVectorImpl<std::string> &objects,
                                      std::string &error,
                                      const FunctionProgress &progress) {
  // Progress from several threads: one count, under a lock.
  std::mutex lock;
  unsigned total = countDefinedFunctions(*module), done = 0;
  FunctionProgress shared;
  if (progress)
    shared = [&](unsigned, unsigned) {
      std::lock_guard<std::mutex> guard(lock);
      progress(++done, total);
    };
  // One module (or part) optimized and compiled with a target machine of
  // its own: machines are not shared between threads either.
  auto compile = [&](llvm::Module &part, std::string &code,
                     std::string &message) {
    auto machine = createTargetMachine(options);
    if (!machine) {
      message = llvm::toString(machine.takeError());
      return;
    }
    optimizeModule(part, **machine, options.optLevel, {});
    SmallVector<char> buffer;
    if (succeeded(emitMachineCode(part, **machine, /*assembly=*/false, buffer,
                                  message, shared)))
      code.assign(buffer.begin(), buffer.end());
  };

  // Below this many functions (a small model) splitting costs more than it
  // saves; beyond 8 threads the parts get too small to balance. The tasks
  // of parallel kernels (convert-tfcc-parallel-kernels-to-llvm), a few
  // loads and a call each, do not count.
  constexpr unsigned minFunctionsToSplit = 16, maxParts = 8;
  unsigned tasks = llvm::count_if(*module, [](const llvm::Function &fn) {
    return !fn.isDeclaration() && fn.hasInternalLinkage() &&
           fn.getName().ends_with("_task");
  });
  if (total - tasks < minFunctionsToSplit || parts <= 1) {
    compile(*module, objects.emplace_back(), error);
    return success(error.empty());
  }

  // Splitting makes the parts' shared globals external (hidden) symbols;
  // named after the model's entry, as its kernels are, two models can be
  // linked into one program.
  std::string prefix;
  for (llvm::GlobalVariable &global : module->globals())
    if (global.getName().starts_with("__tfcc_") &&
        global.getName().ends_with("_spec"))
      prefix = global.getName().drop_back(5).str() + "_";
  for (llvm::GlobalVariable &global : module->globals())
    if (global.hasLocalLinkage() && !prefix.empty() &&
        !global.getName().starts_with(prefix))
      global.setName(prefix + global.getName());

  // Large constants (the weights) go to a module of their own, which the
  // parts declare: split with the code, every part would carry its share
  // through bitcode, where an array is written and read one element at a
  // time (seconds for ResNet-18's 80 MB of transformed weights).
  constexpr uint64_t minSeparateBytes = 1 << 16;
  auto data = std::make_unique<llvm::Module>("weights", module->getContext());
  data->setDataLayout(module->getDataLayout());
  data->setTargetTriple(module->getTargetTriple());
  for (llvm::GlobalVariable &global : module->globals()) {
    auto *init =
        global.hasInitializer()
            ? dyn_cast<llvm::ConstantDataSequential>(global.getInitializer())
            : nullptr;
    if (!global.isConstant() || !init ||
        init->getRawDataValues().size() < minSeparateBytes)
      continue;
    auto *copy = new llvm::GlobalVariable(
        *data, global.getValueType(), /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, init, global.getName());
    copy->setAlignment(global.getAlign());
    copy->setVisibility(llvm::GlobalValue::HiddenVisibility);
    global.setInitializer(nullptr);
    global.setLinkage(llvm::GlobalValue::ExternalLinkage);
    global.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }

  // Each part as bitcode, to be read into a context of its own: LLVM
  // contexts are not shared between threads.
  SmallVector<SmallVector<char>> bitcode;
  // Round robin: the outlined kernels come in program order, alike in
  // size along a network, so alternate parts get about as much work.
  llvm::SplitModule(
      *module, std::min(parts, maxParts),
      [&](std::unique_ptr<llvm::Module> part) {
        SmallVector<char> &buffer = bitcode.emplace_back();
        llvm::raw_svector_ostream os(buffer);
        llvm::WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);
  module.reset();

  SmallVector<std::string> codes(bitcode.size()), errors(bitcode.size());
  auto compilePart = [&](size_t i) {
    llvm::LLVMContext context;
    auto part = llvm::parseBitcodeFile(
        llvm::MemoryBufferRef(StringRef(bitcode[i].data(), bitcode[i].size()),
                              "part"),
        context);
    if (!part) {
      errors[i] = llvm::toString(part.takeError());
      return;
    }
    compile(**part, codes[i], errors[i]);
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < bitcode.size(); ++i)
    threads.emplace_back(compilePart, i);
  compilePart(0);
  // The weights, in the caller's context, which no part uses.
  std::string dataCode, dataError;
  if (!data->global_empty())
    compile(*data, dataCode, dataError);
  for (std::thread &thread : threads)
    thread.join();
  if (!dataError.empty()) {
    error = dataError;
    return failure();
  }
  if (!dataCode.empty())
    objects.push_back(std::move(dataCode));
  for (size_t i = 0; i < bitcode.size(); ++i) {
    if (!errors[i].empty()) {
      error = errors[i];
      return failure();
    }
    objects.push_back(std::move(codes[i]));
  }
  return success();
}
