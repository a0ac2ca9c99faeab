//===- OnnxWireLimits.h - ONNX limits checked before parsing ----*- C++ -*-===//
//
// Parsing a serialized onnx.ModelProto commits 30 to 40 times the file's size
// when the file is made of many small repeated entries (a shape of a million
// dimensions, 4 MB of varints, takes 168 MB; a million nodes, 14 MB, take
// 450 MB), so a large enough repeated-field bomb exhausts memory before the
// parsed model can be checked. checkOnnxWireLimits counts those entries in
// the protobuf wire format itself, in one pass that allocates nothing, and
// refuses the file with the error the checks on the parsed model would give.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_LIB_FRONTEND_ONNXWIRELIMITS_H
#define TFCC_LIB_FRONTEND_ONNXWIRELIMITS_H

#include "tfcc/Frontend/Import.h"

namespace mlir::tfcc {

/// Checks the counts of a serialized ModelProto against `limits`: nodes
/// (in every graph and function), the nesting of subgraphs, dimensions of
/// every shape and tensor, and the entries of every other repeated field
/// (a node's inputs, outputs and attributes, a list attribute's entries, a
/// graph's inputs and outputs). Errors are located in `file`, at the node
/// where there is one. Malformed wire data is left to the parser: this
/// checks only what it can read.
LogicalResult checkOnnxWireLimits(llvm::StringRef data, llvm::StringRef file,
                                  MLIRContext *context,
                                  const ImportLimits &limits);

} // namespace mlir::tfcc

#endif // TFCC_LIB_FRONTEND_ONNXWIRELIMITS_H
