//===- Passes.h - tfcc graph-level passes ------------------------*- C++ -*-===//

#ifndef TFCC_TRANSFORMS_PASSES_H
#define TFCC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "tfcc/Dialect/Tfcc.h"

namespace mlir::tfcc {
#define GEN_PASS_DECL
#include "tfcc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

#endif // TFCC_TRANSFORMS_PASSES_H
