//===- TfgFuzzer.cpp - libFuzzer target: the .tfg importer ----------------===//
//
// Bytes -> importTfgGraph -> verifier, as `tfcc model.tfg` starts.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "tfcc/Frontend/Import.h"

#include "mlir/IR/Verifier.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto context = tfcc_fuzz::makeContext();
  tfcc_fuzz::QuietDiagnostics quiet(*context);
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.tfg");
  mlir::tfcc::ImportOptions options;
  options.limits = tfcc_fuzz::getFuzzLimits();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::tfcc::importTfgGraph(buffer, context.get(), options);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
