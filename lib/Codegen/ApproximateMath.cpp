//===- ApproximateMath.cpp - math functions as inline polynomials ---------===//
//
// Upstream's polynomial approximations (the Eigen/Cephes-derived ones of
// the math dialect) instead of calls to libm: a libm call is scalar, so a
// loop that calls expf or tanhf cannot be vectorized, and the call costs
// more than the polynomial.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/StringSwitch.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCAPPROXIMATEMATH
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// The functions whose f32 approximations are accurate to a few ulp over
/// the whole range. The logarithms are left to libm: upstream's flush
/// subnormal arguments (log(1e-40) = -87.3, not -92.1); so are sin and cos,
/// which lose accuracy for large arguments.
bool isApproximated(StringRef name) {
  name.consume_front("math.");
  return llvm::StringSwitch<bool>(name)
      .Cases({"exp", "expm1", "tanh", "erf", "erfc"}, true)
      .Default(false);
}

struct TfccApproximateMath
    : tfcc::impl::TfccApproximateMathBase<TfccApproximateMath> {
  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, isApproximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
