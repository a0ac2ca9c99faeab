//===- MlirFuzzer.cpp - libFuzzer target: .mlir models to LLVM IR ---------===//
//
// Bytes -> MLIR parser (every dialect the tfcc command line registers, the
// input limits it checks) -> verifier -> the whole pipeline
// (buildTfccPipeline up to Phase::LLVM) -> LLVM IR (translateModel), as
// `tfcc model.mlir --emit=llvm` compiles an input with one public function.
// LLVM's own optimization and code generation are left out: tfcc has no code
// there, and they would cost most of each run.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "tfcc/Codegen/Passes.h"
#include "tfcc/Dialect/Tfcc.h"
#include "tfcc/Frontend/Import.h"
#include "tfcc/Target/ModelEmitter.h"
#include "tfcc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace mlir;
using namespace mlir::tfcc;

namespace {
// Larger inputs only make slower runs: the fuzzer's dictionary and the
// seeds build models from short pieces, and a run must stay well under
// libFuzzer's timeout.
constexpr size_t kMaxInputBytes = 64 * 1024;

// A fixed target (x86-64 with AVX2) rather than the host's CPU, so that a
// finding reproduces on any machine.
llvm::TargetMachine &getTargetMachine() {
  static std::unique_ptr<llvm::TargetMachine> machine = [] {
    TargetOptions options;
    options.triple = "x86_64-unknown-linux-gnu";
    options.cpu = "haswell";
    auto created = createTargetMachine(options);
    if (!created) {
      llvm::errs() << llvm::toString(created.takeError()) << "\n";
      std::abort();
    }
    return std::move(*created);
  }();
  return *machine;
}

// Ops of other dialects (linalg, memref, llvm, ...) would take the fuzzer
// into upstream MLIR's passes with IR that no tfcc model holds; the inputs
// tfcc is for are func.func graphs of tfcc ops.
bool isTfccModel(ModuleOp module) {
  WalkResult result = module.walk([](Operation *op) {
    StringRef ns = op->getName().getDialectNamespace();
    if (ns != "builtin" && ns != "func" && ns != "tfcc")
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !result.wasInterrupted();
}

// The steps of the command line between parsing and the pipeline, made of
// the same library calls: the entry (the only public function), variables
// lifted, the signature read, the entry marked and renamed for the model's
// glue, variables' attributes settled.
FailureOr<ModelSignature> prepareEntry(ModuleOp module) {
  func::FuncOp entry;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isPrivate() || fn.isDeclaration())
      continue;
    if (entry)
      return failure();
    entry = fn;
  }
  if (!entry)
    return failure();
  MLIRContext *context = module.getContext();
  PassManager lift(context);
  lift.addPass(createTfccThreadRandomState());
  lift.addPass(createTfccLiftVariables());
  if (failed(lift.run(module)))
    return failure();
  FailureOr<ModelSignature> signature = getModelSignature(entry);
  if (failed(signature))
    return failure();
  for (auto fn : module.getOps<func::FuncOp>())
    if (fn != entry && !fn.isDeclaration())
      fn.setPrivate();
  entry->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
  signature->implName = "__tfcc_entry_" + toCIdentifier(signature->entry);
  if (failed(SymbolTable::replaceAllSymbolUses(
          entry, StringAttr::get(context, signature->implName), module)))
    return failure();
  entry.setSymName(signature->implName);
  settleEntryAttributes(entry, *signature, /*inPlaceVariables=*/true);
  for (VariableOp var : llvm::make_early_inc_range(module.getOps<VariableOp>()))
    var.erase();
  return signature;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return 0;
  llvm::TargetMachine &machine = getTargetMachine();
  auto context = tfcc_fuzz::makeContext();
  tfcc_fuzz::QuietDiagnostics quiet(*context);
  // MLIR's lexer reads the NUL after the buffer's end, which
  // parseSourceString does not add; std::string keeps one there.
  std::string source(reinterpret_cast<const char *>(data), size);
  // The command line's bounds on untrusted input: the nesting that the
  // parser's recursion could not take, then the module's size, ranks and
  // tensor sizes.
  ImportLimits limits = tfcc_fuzz::getFuzzLimits();
  if (failed(checkMlirNesting(llvm::MemoryBufferRef(source, "fuzz.mlir"),
                              context.get(), limits)))
    return 0;
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(source, ParserConfig(context.get()));
  if (!module || failed(checkModuleLimits(*module, limits)) ||
      failed(verify(*module)) || !isTfccModel(*module))
    return 0;
  FailureOr<ModelSignature> signature = prepareEntry(*module);
  if (failed(signature))
    return 0;

  VectorTarget vectors = getVectorTarget(machine);
  PipelineOptions options;
  options.vectorBits = vectors.bits;
  options.vectorRegisters = vectors.registers;
  options.l2Bytes = vectors.l2Bytes;
  PassManager pm(context.get());
  buildTfccPipeline(pm, Phase::LLVM, options);
  if (failed(pm.run(*module)))
    return 0;
  llvm::LLVMContext llvmContext;
  (void)translateModel(*module, *signature, llvmContext, machine,
                       /*optLevel=*/2, /*exportDefaultCreate=*/false,
                       /*progress=*/{}, /*optimize=*/false);
  return 0;
}
