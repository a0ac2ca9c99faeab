//===- Import.h - model file importers ------------------------*- C++ -*-===//
//
// Importers turn a model file (.tfg, .onnx) into a module holding one
// func.func in the tfcc dialect: arguments are the feeds, results the
// fetches, each named with a `tfcc.name` attribute. Errors are emitted as
// diagnostics located at the offending node (a NameLoc of the node's name).
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_FRONTEND_IMPORT_H
#define TFCC_FRONTEND_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <string>
#include <vector>

namespace mlir::tfcc {

struct ImportOptions {
  /// Name of the function to create.
  std::string functionName = "model";
  /// Feeds and fetches replacing the file's own signature when not empty.
  std::vector<std::string> feeds, fetches;
};

/// True when `buffer` carries the .tfg file identifier.
bool isTfgBuffer(llvm::MemoryBufferRef buffer);

/// Imports a .tfg graph (schema/tfg.fbs).
OwningOpRef<ModuleOp> importTfgGraph(llvm::MemoryBufferRef buffer,
                                     MLIRContext *context,
                                     const ImportOptions &options);

/// Imports an ONNX model (a serialized onnx.ModelProto).
OwningOpRef<ModuleOp> importOnnxModel(llvm::MemoryBufferRef buffer,
                                      MLIRContext *context,
                                      const ImportOptions &options);

} // namespace mlir::tfcc

#endif // TFCC_FRONTEND_IMPORT_H
