//===- Passes.h - tfcc graph-level passes ------------------------*- C++ -*-===//

#ifndef TFCC_TRANSFORMS_PASSES_H
#define TFCC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "tfcc/Dialect/Tfcc.h"

#include <optional>
#include <string>

namespace mlir::tfcc {
#define GEN_PASS_DECL
#include "tfcc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tfcc/Transforms/Passes.h.inc"
/// The device a graph's node asked for (its `.tfg` device, from `tf.device`),
/// on each op the node became: "cpu:N" or "gpu:N". tfcc-place-devices reads
/// it.
inline constexpr llvm::StringLiteral kDeviceHintAttrName = "tfcc.device_hint";

/// The nodes whose device an op must share (tf.colocate_with, TensorFlow's
/// `_class` attribute): an array of node names, on each op the node became.
inline constexpr llvm::StringLiteral kColocateWithAttrName =
    "tfcc.colocate_with";

/// A device name in TensorFlow's forms ("/gpu:0", "/device:GPU:1", "GPU:0",
/// "cpu", with "/job:", "/replica:" and "/task:" parts, which name machines
/// and are ignored) as "cpu:N" or "gpu:N"; empty when it names no device;
/// nothing when a part names a device of another kind.
std::optional<std::string> parseDeviceName(llvm::StringRef text);

/// The device tfcc-place-devices put an op on: "cpu:N" or "gpu:N"; an op
/// without it, which asked for no device, is on cpu:0.
inline constexpr llvm::StringLiteral kDeviceAttrName = "tfcc.device";

/// Applies `patterns` greedily; each op a pattern creates is placed on the
/// device of the op it rewrites, so graph rewrites keep the placement.
LogicalResult
applyPatternsKeepingDevices(Operation *op,
                            const FrozenRewritePatternSet &patterns);

/// Whether tfcc's GPU code generation has a kernel for a graph op.
bool hasGpuKernel(Operation *op);

} // namespace mlir::tfcc

#endif // TFCC_TRANSFORMS_PASSES_H
