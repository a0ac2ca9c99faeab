//===- OnnxOpsLoss.cpp - ONNX GatherElements and the classification losses ===//
//
// Element gathers along an axis are written with one_hot masks: the mask
// selects, per output element, the one entry of the gathered axis, and a sum
// over that axis picks it (select, not a product, so inf and NaN elsewhere do
// not leak). NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss gather
// the target class that way.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::tfcc::onnx_import;

static LogicalResult importGatherElements(OnnxNode &n) {
  RankedTensorType dt = n.inputType(0), it = n.inputType(1);
  if (!dt || !it)
    return failure();
  if (!dt.hasStaticShape() || !it.hasStaticShape())
    return n.unsupported("GatherElements of dynamic shapes");
  int64_t rank = dt.getRank();
  auto axis = normalizeAxis(n.attrInt("axis", 0), rank);
  if (!axis || it.getRank() != rank)
    return n.error("indices must have the data's rank and axis must be in "
                   "range");
  int64_t depth = dt.getDimSize(*axis);
  Value idx = n.cast(n.input(1), n.b.getI64Type());
  Value negative = n.binary("less", idx, n.scalarLike(idx, 0));
  idx = n.op("select", {negative,
                        n.binary("add", idx, n.scalarLike(idx, depth)), idx});
  Type i1 = n.b.getI1Type();
  // An index outside [-depth, depth) is an error, as in ONNX Runtime.
  Value mask = n.op("one_hot", {idx, n.scalar(i1, 1), n.scalar(i1, 0)},
                    {n.i64Attr("depth", depth), n.i64Attr("axis", -1),
                     n.b.getNamedAttr("require_in_range", n.b.getUnitAttr())});
  // data[..., k at axis, ...] -> [indices dims without axis..., k], with a
  // unit dim at `axis` so it lines up with the mask [indices dims..., k].
  SmallVector<int64_t> begin(rank, 0), size(it.getShape());
  size[*axis] = -1;
  for (int64_t d = 0; d < rank; ++d)
    if (d != *axis && it.getDimSize(d) > dt.getDimSize(d))
      return n.error("indices dimension " + std::to_string(d) +
                     " is larger than the data's");
  Value data = n.op("slice", {n.input(0)}, {n.arrayAttr("begin", begin),
                                            n.arrayAttr("size", size)});
  SmallVector<int64_t> perm, shape;
  for (int64_t d = 0; d < rank; ++d)
    if (d != *axis)
      perm.push_back(d);
  perm.push_back(*axis);
  data = n.transpose(data, perm);
  for (int64_t d = 0; d < rank; ++d)
    shape.push_back(d == *axis ? 1 : it.getDimSize(d));
  shape.push_back(depth);
  data = n.reshape(data, shape);
  Value picked = n.op("select", {mask, data, n.scalarLike(data, 0)});
  n.setOutput(0, n.reduce("reduce_sum", picked, {rank}, false));
  return n.finish();
}

/// The loss of ONNX's NegativeLogLikelihoodLoss on log-probabilities
/// `logp` [N, C, d...] and integer `target` [N, d...].
static Value nllLoss(OnnxNode &n, Value logp, unsigned targetInput,
                     unsigned weightInput) {
  RankedTensorType lt = logp ? cast<RankedTensorType>(logp.getType())
                             : nullptr;
  RankedTensorType tt = n.inputType(targetInput);
  if (!lt || !tt)
    return nullptr;
  int64_t rank = lt.getRank();
  if (rank < 2 || tt.getRank() != rank - 1) {
    n.error("input must be [N, C, ...] and target [N, ...]");
    return nullptr;
  }
  int64_t classes = lt.getDimSize(1);
  if (ShapedType::isDynamic(classes)) {
    n.unsupported("dynamic number of classes");
    return nullptr;
  }
  std::string reduction = n.attrString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean") {
    n.error("unknown reduction '" + reduction + "'");
    return nullptr;
  }
  Value target = n.cast(n.input(targetInput), n.b.getI64Type());
  Type i1 = n.b.getI1Type();
  // Out-of-range targets (an ignore_index outside [0, C)) get an all-false
  // row, hence a zero loss.
  Value mask = n.op("one_hot", {target, n.scalar(i1, 1), n.scalar(i1, 0)},
                    {n.i64Attr("depth", classes), n.i64Attr("axis", 1)});
  Value zero = n.scalarLike(logp, 0);
  Value picked = n.reduce("reduce_sum", n.op("select", {mask, logp, zero}),
                          {1}, false);
  Value weight; // per element, [N, d...]
  if (n.hasInput(weightInput)) {
    SmallVector<int64_t> wshape(rank, 1);
    wshape[1] = classes;
    Value w = n.reshape(n.input(weightInput), wshape);
    weight = n.reduce("reduce_sum", n.op("select", {mask, w, zero}), {1},
                      false);
  }
  if (n.hasAttr("ignore_index")) {
    Value valid = n.binary("not_equal", target,
                           n.scalarLike(target, n.attrInt("ignore_index", 0)));
    weight = n.op("select", {valid, weight ? weight : n.scalarLike(logp, 1),
                             zero});
  }
  Value loss = n.unary("neg", weight ? n.binary("mul", picked, weight)
                                     : picked);
  if (reduction == "none")
    return loss;
  SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, rank - 1));
  if (reduction == "sum")
    return n.reduce("reduce_sum", loss, all, false);
  if (!weight)
    return n.reduce("reduce_mean", loss, all, false);
  // The mean is weighted by the weights of the targets ([N, d...]).
  return n.binary("div", n.reduce("reduce_sum", loss, all, false),
                  n.reduce("reduce_sum", weight, all, false));
}

static LogicalResult importNLL(OnnxNode &n) {
  n.setOutput(0, nllLoss(n, n.input(0), 1, 2));
  return n.finish();
}

static LogicalResult importSCE(OnnxNode &n) {
  Value logp = n.op("log_softmax", {n.input(0)}, {n.i64Attr("axis", 1)});
  n.setOutput(0, nllLoss(n, logp, 1, 2));
  n.setOutput(1, logp);
  return n.finish();
}

void mlir::tfcc::onnx_import::registerLossOps(OpTable &t) {
  t["GatherElements"] = importGatherElements;
  t["NegativeLogLikelihoodLoss"] = importNLL;
  t["SoftmaxCrossEntropyLoss"] = importSCE;
}
