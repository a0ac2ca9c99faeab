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

/// Drops every diagnostic while it lives.
struct QuietDiagnostics {
  explicit QuietDiagnostics(mlir::MLIRContext &context)
      : handler(&context, [](mlir::Diagnostic &) { return mlir::success(); }) {}
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace tfcc_fuzz

#endif // TFCC_FUZZ_FUZZCONTEXT_H
