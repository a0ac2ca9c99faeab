//===- InferenceUtils.h - helpers shared by the ops' type inference -------===//
//
// Private to lib/Dialect: the verifiers and result-type inference of the
// op families (TfccOps.cpp, TfccIndexOps.cpp, TfccNNOps.cpp) report errors
// and read attributes the same way.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_LIB_DIALECT_INFERENCEUTILS_H
#define TFCC_LIB_DIALECT_INFERENCEUTILS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include <optional>

namespace mlir::tfcc::detail {

/// Emits "'<op>' op <message>" at the location, when there is one.
struct OpDiag {
  std::optional<Location> loc;
  StringRef opName;
  LogicalResult operator()(const Twine &message) const {
    return emitOptionalError(loc, "'", opName, "' op ", message);
  }
};

inline RankedTensorType tensorOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// An attribute of the op whose type is being inferred. While the custom
/// form is parsed, attributes written in its attribute dictionary are not
/// in the properties yet, so they are read from the dictionary.
template <typename AttrT>
AttrT lookup(AttrT fromProperties, DictionaryAttr dict, StringRef name) {
  if (fromProperties || !dict)
    return fromProperties;
  return dyn_cast_or_null<AttrT>(dict.get(name));
}

} // namespace mlir::tfcc::detail

#endif // TFCC_LIB_DIALECT_INFERENCEUTILS_H
