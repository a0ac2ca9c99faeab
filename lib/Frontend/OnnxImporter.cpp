//===- OnnxImporter.cpp - ONNX models to the tfcc dialect -----------------===//

#include "tfcc/Frontend/Import.h"

#include "mlir/IR/Diagnostics.h"

#include "onnx/onnx_pb.h"

using namespace mlir;

OwningOpRef<ModuleOp>
mlir::tfcc::importOnnxModel(llvm::MemoryBufferRef buffer, MLIRContext *context,
                            const ImportOptions &options) {
  onnx::ModelProto model;
  emitError(FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0),
            "the ONNX importer is not written yet");
  return nullptr;
}
