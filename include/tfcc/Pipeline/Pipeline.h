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

namespace mlir::tfcc {

enum class Phase {
  Import,    ///< As parsed: tfcc ops in func.func.
  Graph,     ///< Decomposed, canonicalized tfcc graph.
  Linalg,    ///< linalg/tensor/arith/math on tensors.
  Bufferize, ///< memrefs, one allocation per buffer, deallocations placed.
  Loops,     ///< scf loops over memrefs.
  LLVM,      ///< the LLVM dialect, ready for translation.
};

std::optional<Phase> parsePhase(llvm::StringRef name);
llvm::StringRef getPhaseName(Phase phase);
/// All phase names, comma-separated, for help texts.
std::string getPhaseNames();

/// Adds the passes from the input up to and including `last`. Without
/// `runtimeChecks` the run-time checks are dropped (unsafe: for measuring
/// what they cost).
void buildTfccPipeline(OpPassManager &pm, Phase last,
                       bool runtimeChecks = true);

/// Registers every dialect the pipeline can meet.
void registerTfccDialects(DialectRegistry &registry);

/// Registers tfcc's passes and the `tfcc-lower-to-llvm` pipeline.
void registerTfccPassesAndPipelines();

} // namespace mlir::tfcc

#endif // TFCC_PIPELINE_PIPELINE_H
