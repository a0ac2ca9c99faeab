//===- TfgImporter.cpp - .tfg graph to the tfcc dialect -------------------===//

#include "tfcc/Frontend/Import.h"

#include "tfg_generated.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;

bool mlir::tfcc::isTfgBuffer(llvm::MemoryBufferRef buffer) {
  return buffer.getBufferSize() >= 8 &&
         ::tfcc::tfg::GraphBufferHasIdentifier(buffer.getBufferStart());
}

OwningOpRef<ModuleOp>
mlir::tfcc::importTfgGraph(llvm::MemoryBufferRef buffer, MLIRContext *context,
                           const ImportOptions &options) {
  emitError(FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0),
            "the .tfg importer is not written yet");
  return nullptr;
}
