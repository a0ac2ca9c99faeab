//===- TfccCheckOps.cpp - tfcc.assert -------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::tfcc;

/// Every `{N}` in the message names one of the values (`{{` is a brace).
LogicalResult AssertOp::verify() {
  if (getValues().size() > kMaxValues)
    return emitOpError("shows at most ")
           << kMaxValues << " values, got " << getValues().size();
  StringRef msg = getMessage();
  for (size_t i = msg.find('{'); i != StringRef::npos;
       i = msg.find('{', i + 1)) {
    if (i + 1 < msg.size() && msg[i + 1] == '{') {
      ++i;
      continue;
    }
    if (i + 2 >= msg.size() || msg[i + 2] != '}' || msg[i + 1] < '0' ||
        msg[i + 1] > '9')
      continue;
    unsigned n = msg[i + 1] - '0';
    if (n >= getValues().size())
      return emitOpError("message refers to value {")
             << n << "} but has " << getValues().size() << " values";
  }
  return success();
}

/// A check that holds whatever the inputs is gone.
LogicalResult AssertOp::canonicalize(AssertOp op, PatternRewriter &rewriter) {
  if (!matchPattern(op.getCondition(), m_One()))
    return failure();
  rewriter.eraseOp(op);
  return success();
}
