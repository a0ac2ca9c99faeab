//===- TfccGradOps.cpp - tfcc.gradients type inference
//---------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "InferenceUtils.h"

#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::tfcc;
using namespace mlir::tfcc::detail;

static bool isFloatTensor(Type type) {
  return isa<FloatType>(cast<RankedTensorType>(type).getElementType());
}

static std::string typeString(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

/// One result per x, of the x's type; ys, xs and seeds are float tensors
/// and each seed fits its y.
LogicalResult GradientsOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  OpDiag diag{loc, getOperationName()};
  ValueRange ys = adaptor.getYs(), xs = adaptor.getXs(),
             seeds = adaptor.getGradYs();
  if (ys.empty())
    return diag("needs at least one y");
  if (xs.empty())
    return diag("needs at least one x");
  for (auto [i, y] : llvm::enumerate(ys))
    if (!isFloatTensor(y.getType()))
      return diag("y #" + std::to_string(i) + " has type " +
                  typeString(y.getType()) +
                  "; only float tensors have "
                  "gradients");
  for (auto [i, x] : llvm::enumerate(xs))
    if (!isFloatTensor(x.getType()))
      return diag("x #" + std::to_string(i) + " has type " +
                  typeString(x.getType()) +
                  "; only float tensors have "
                  "gradients");
  if (!seeds.empty()) {
    if (seeds.size() != ys.size())
      return diag("has " + std::to_string(seeds.size()) + " seeds for " +
                  std::to_string(ys.size()) + " ys; give one per y or none");
    for (auto [i, pair] : llvm::enumerate(llvm::zip(ys, seeds))) {
      auto [y, seed] = pair;
      auto yType = tensorOf(y), seedType = tensorOf(seed);
      if (yType.getElementType() != seedType.getElementType() ||
          failed(verifyCompatibleShape(yType, seedType)))
        return diag("seed #" + std::to_string(i) + " of type " +
                    typeString(seedType) + " does not match y #" +
                    std::to_string(i) + " of type " + typeString(yType));
    }
  }
  for (Value x : xs)
    types.push_back(x.getType());
  return success();
}
