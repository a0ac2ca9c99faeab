//===- Pipeline.h - the tfcc compilation pipeline ----------------*- C++ -*-===//
//
// Compilation phases, in order. Every phase can be the last one run
// (`tfcc --stop-after=<phase>`), which makes each one testable on its own.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_PIPELINE_PIPELINE_H
#define TFCC_PIPELINE_PIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace mlir::tfcc {

enum class Phase {
  Import,    ///< As parsed: tfcc ops in func.func.
  Graph,     ///< Decomposed, canonicalized tfcc graph.
  Linalg,    ///< linalg/tensor/arith/math on tensors.
  Codegen,   ///< packed, register-tiled and vectorized kernels, on tensors.
  Bufferize, ///< memrefs, one allocation per buffer, deallocations placed.
  Loops,     ///< scf loops over memrefs.
  LLVM,      ///< the LLVM dialect, ready for translation.
};

std::optional<Phase> parsePhase(llvm::StringRef name);
llvm::StringRef getPhaseName(Phase phase);
/// All phase names, comma-separated, for help texts.
std::string getPhaseNames();

struct PipelineOptions {
  /// Without run-time checks (unsafe: for measuring what they cost).
  bool runtimeChecks = true;
  /// The target's widest vector registers, which set the register tiles
  /// (the driver reads them from --mcpu; the defaults are AVX2's).
  int64_t vectorBits = 256;
  int64_t vectorRegisters = 16;
  /// One core's L2 in bytes, which decides where contractions block their
  /// reduction (the default is Zen 3's).
  int64_t l2Bytes = 512 * 1024;
  /// The largest output tile m of Winograd's F(m x m, 3 x 3) for 3x3
  /// convolutions at stride 1 with constant weights (0: none).
  int64_t winogradTile = 4;
  /// The device of ops without a hint ("" for cpu:0), and whether an op
  /// asked onto a device without a kernel for it goes to the CPU instead
  /// of failing (tfcc-place-devices).
  std::string defaultDevice;
  bool softPlacement = false;
  /// The GPU kernels' target (NVVM's chip) and libdevice, the CUDA
  /// toolkit's math library linked into them ("" when there is none: a
  /// kernel that calls a math function then fails to compile).
  std::string gpuArch = "sm_80";
  std::string libdevicePath;
};

/// Adds the passes from the input up to and including `last`.
void buildTfccPipeline(OpPassManager &pm, Phase last,
                       const PipelineOptions &options = {});

/// Registers every dialect the pipeline can meet.
void registerTfccDialects(DialectRegistry &registry);

/// Registers tfcc's passes and the `tfcc-lower-to-llvm` pipeline.
void registerTfccPassesAndPipelines();

} // namespace mlir::tfcc

#endif // TFCC_PIPELINE_PIPELINE_H
