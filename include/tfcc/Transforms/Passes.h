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
/// The device tfcc-place-devices put an op on: "cpu:N" or "gpu:N"; an op
/// without it, which asked for no device, is on cpu:0.
inline constexpr llvm::StringLiteral kDeviceAttrName = "tfcc.device";

} // namespace mlir::tfcc

#endif // TFCC_TRANSFORMS_PASSES_H
