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

/// Bounds on what an untrusted model file may ask for, each checked before
/// the memory it implies is committed: a file of a few bytes can claim a
/// tensor of 2^40 elements, a shape of ten million dimensions or subgraphs
/// nested until the parser's stack runs out. The tfcc command line's
/// --max-* options raise them; an error names the option.
struct ImportLimits {
  /// Nodes of the graph, its subgraphs and functions (.mlir: operations).
  int64_t maxNodes = 500000;
  /// Elements of one tensor: a constant, an input, an inferred result.
  int64_t maxTensorElements = int64_t(1) << 34;
  /// Subgraphs (control flow bodies, function calls, regions) within
  /// subgraphs.
  int64_t maxNesting = 100;
  /// Dimensions of one tensor.
  int64_t maxRank = 32;
  /// Inputs or outputs of one node, entries of one list attribute.
  int64_t maxListLength = 65536;
  /// Bytes of one string attribute.
  int64_t maxStringBytes = 1 << 20;
};

/// "<what> <value>, more than the limit of <limit> (raise it with
/// --<option>)": the one wording of every limit's error. A `value` of
/// INT64_MAX is a count that overflowed.
std::string limitExceeded(llvm::StringRef what, int64_t value, int64_t limit,
                          llvm::StringRef option);

/// Checks a parsed or imported module against `limits`: its operations,
/// the nesting of their regions, the rank and elements of every value's
/// tensor type and the size of string attributes. Errors are located at the
/// offending operation.
LogicalResult checkModuleLimits(ModuleOp module, const ImportLimits &limits);

/// Checks the bracket nesting of MLIR text (`{`, `(`, `[`, `<`; strings and
/// comments skipped) before it is parsed: the parser recurses once per
/// level, so a file of nested regions can overflow its stack. Each region
/// nests a few brackets, so the bound is 8 x maxNesting.
LogicalResult checkMlirNesting(llvm::MemoryBufferRef buffer,
                               MLIRContext *context,
                               const ImportLimits &limits);

struct ImportOptions {
  /// Name of the function to create.
  std::string functionName = "model";
  /// Feeds and fetches replacing the file's own signature when not empty.
  std::vector<std::string> feeds, fetches;
  ImportLimits limits;
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
