//===- FuzzContext.h - what the MLIR-based fuzzers share ------*- C++ -*-===//
//
// Each input gets a fresh MLIRContext with the dialects the tfcc command
// line loads, so that no input leaves uniqued attributes or types behind for
// the next one: a crash then reproduces from its input alone, and memory
// does not grow over millions of runs. Diagnostics are dropped, which keeps
// libFuzzer's output readable; the fuzzers look for crashes, leaks and
// sanitizer reports only.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_FUZZ_FUZZCONTEXT_H
#define TFCC_FUZZ_FUZZCONTEXT_H

#include "tfcc/Frontend/Import.h"
#include "tfcc/Pipeline/Pipeline.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>

namespace tfcc_fuzz {

inline std::unique_ptr<mlir::MLIRContext> makeContext() {
  // Built once: registering the external models is the costly part.
  static const mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry;
    mlir::tfcc::registerTfccDialects(*r);
    return r;
  }();
  // One thread: libFuzzer runs one input at a time, and a thread pool per
  // context would cost more than the passes it runs.
  auto context = std::make_unique<mlir::MLIRContext>(
      *registry, mlir::MLIRContext::Threading::DISABLED);
  context->loadAllAvailableDialects();
  return context;
}

/// The command line's limits on input files, lowered to what one run can
/// afford under the sanitizers, as `tfcc --max-nodes=50000
/// --max-tensor-elements=16777216` would: at the defaults, a graph whose
/// function calls inline to 500,000 nodes takes over 10 s to import with
/// ASan (libFuzzer's timeout), and a tensor of 2^34 elements is over the
/// fuzzers' memory limit.
inline mlir::tfcc::ImportLimits getFuzzLimits() {
  mlir::tfcc::ImportLimits limits;
  limits.maxNodes = 50000;
  limits.maxTensorElements = int64_t(1) << 24;
  return limits;
}

/// Drops every diagnostic while it lives.
struct QuietDiagnostics {
  explicit QuietDiagnostics(mlir::MLIRContext &context)
      : handler(&context, [](mlir::Diagnostic &) { return mlir::success(); }) {}
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace tfcc_fuzz

#endif // TFCC_FUZZ_FUZZCONTEXT_H
