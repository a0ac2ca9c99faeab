//===- Limits.cpp - resource limits on untrusted model files -------------===//
//
// The checks every input format shares: the module a file became (tensor
// types, region nesting, string attributes, its size) and, before parsing,
// the bracket nesting of MLIR text. The importers check their own formats'
// node counts and lists before they build anything (OnnxImporter.cpp,
// TfgImporter.cpp).
//
//===----------------------------------------------------------------------===//

#include "tfcc/Frontend/Import.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

std::string mlir::tfcc::limitExceeded(StringRef what, int64_t value,
                                      int64_t limit, StringRef option) {
  // INT64_MAX stands for a count that overflowed.
  std::string count =
      value == INT64_MAX ? std::string("2^63 or more") : std::to_string(value);
  return (what + ": " + count + ", more than the limit of " + Twine(limit) +
          " (raise it with --" + option + ")")
      .str();
}

/// Checks one value's type: its rank and, when that fits, the product of its
/// static dimensions (saturating, so that no product overflows).
static LogicalResult checkType(Type type, Location loc,
                               const tfcc::ImportLimits &limits) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasRank())
    return success();
  auto fail = [&](StringRef what, int64_t value, int64_t limit,
                  StringRef option) {
    std::string text;
    llvm::raw_string_ostream os(text);
    // A type of ten million dimensions is not worth printing.
    if (shaped.getRank() <= 8)
      os << type;
    else
      os << "a tensor";
    os << " has too many " << what;
    return emitError(loc) << tfcc::limitExceeded(text, value, limit, option);
  };
  if (shaped.getRank() > limits.maxRank)
    return fail("dimensions", shaped.getRank(), limits.maxRank, "max-rank");
  int64_t elements = 1;
  for (int64_t d : shaped.getShape()) {
    if (ShapedType::isDynamic(d) || d == 0)
      continue;
    if (d < 0 || __builtin_mul_overflow(elements, d, &elements) ||
        elements > limits.maxTensorElements) {
      // The exact count, where it fits in 64 bits.
      int64_t exact = 1;
      for (int64_t e : shaped.getShape())
        if (!ShapedType::isDynamic(e) &&
            __builtin_mul_overflow(exact, e, &exact))
          exact = INT64_MAX;
      return fail("elements", exact, limits.maxTensorElements,
                  "max-tensor-elements");
    }
  }
  return success();
}

LogicalResult mlir::tfcc::checkModuleLimits(ModuleOp module,
                                            const ImportLimits &limits) {
  int64_t operations = 0;
  module->walk([&](Operation *) { ++operations; });
  if (operations > limits.maxNodes)
    return emitError(module.getLoc())
           << limitExceeded("the model has too many operations", operations,
                            limits.maxNodes, "max-nodes");
  LogicalResult result = success();
  module->walk<WalkOrder::PreOrder>([&](Operation *op) {
    int64_t depth = 0;
    for (Operation *parent = op->getParentOp(); parent;
         parent = parent->getParentOp())
      ++depth;
    // The module and the function are the outermost two.
    if (depth - 2 > limits.maxNesting) {
      result = emitError(op->getLoc())
               << limitExceeded("regions nested too deeply", depth - 2,
                                limits.maxNesting, "max-nesting");
      return WalkResult::interrupt();
    }
    for (Type type : op->getResultTypes())
      if (failed(checkType(type, op->getLoc(), limits))) {
        result = failure();
        return WalkResult::interrupt();
      }
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (failed(checkType(arg.getType(), arg.getLoc(), limits))) {
            result = failure();
            return WalkResult::interrupt();
          }
    for (NamedAttribute attr : op->getAttrs()) {
      WalkResult walked = attr.getValue().walk([&](StringAttr s) {
        if ((int64_t)s.size() <= limits.maxStringBytes)
          return WalkResult::advance();
        result = emitError(op->getLoc()) << limitExceeded(
                     "attribute '" + attr.getName().str() +
                         "' is a string of too many bytes",
                     s.size(), limits.maxStringBytes, "max-string-bytes");
        return WalkResult::interrupt();
      });
      if (walked.wasInterrupted())
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return result;
}

LogicalResult mlir::tfcc::checkMlirNesting(llvm::MemoryBufferRef buffer,
                                           MLIRContext *context,
                                           const ImportLimits &limits) {
  StringRef text = buffer.getBuffer();
  int64_t bound =
      limits.maxNesting > INT64_MAX / 8 ? INT64_MAX : 8 * limits.maxNesting;
  int64_t depth = 0, line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '"') {
      // A string literal; \" does not end it.
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\')
          ++i;
        else if (text[i] == '\n')
          ++line;
      }
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == StringRef::npos)
        break;
      --i;
    } else if (c == '{' || c == '(' || c == '[' || c == '<') {
      if (++depth > bound)
        return emitError(FileLineColLoc::get(
                   context, buffer.getBufferIdentifier(), line, 0))
               << limitExceeded("brackets nested too deeply", depth, bound,
                                "max-nesting, which allows 8 per level");
    } else if (c == '}' || c == ')' || c == ']' ||
               (c == '>' && (i == 0 || text[i - 1] != '-'))) {
      // `->` closes nothing; a stray closer (`>=`) only lowers the count.
      depth = depth > 0 ? depth - 1 : 0;
    }
  }
  return success();
}
