//===- OnnxFuzzer.cpp - libFuzzer target: the ONNX importer ---------------===//
//
// Bytes -> importOnnxModel (protobuf parsing included) -> verifier, as
// `tfcc model.onnx` starts.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "tfcc/Frontend/Import.h"

#include "mlir/IR/Verifier.h"

#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  // protobuf logs what it rejects to stderr; the importer's errors say it.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto context = tfcc_fuzz::makeContext();
  tfcc_fuzz::QuietDiagnostics quiet(*context);
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx");
  mlir::tfcc::ImportOptions options;
  options.limits = tfcc_fuzz::getFuzzLimits();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::tfcc::importOnnxModel(buffer, context.get(), options);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
