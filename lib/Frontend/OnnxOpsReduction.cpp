//===- OnnxOpsReduction.cpp - ONNX reductions and softmax ----------------===//

#include "OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::tfcc::onnx_import;

namespace {
enum class Reduce { Sum, Mean, Max, Min, Prod, L1, L2, LogSum, LogSumExp,
                    SumSquare };
} // namespace

template <Reduce Kind>
static LogicalResult importReduce(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return n.error("missing input");
  int64_t rank = type.getRank();
  bool keepDims = n.attrInt("keepdims", 1);
  std::optional<SmallVector<int64_t>> axes;
  // ReduceSum takes its axes as an input from opset 13.
  if (Kind == Reduce::Sum && n.opset >= 13) {
    if (n.hasInput(1)) {
      axes = n.constantInts(1, "axes");
      if (!axes)
        return failure();
    }
  } else {
    axes = n.attrInts("axes");
  }
  if (!axes || axes->empty()) {
    if (n.attrInt("noop_with_empty_axes", 0)) {
      n.setOutput(0, n.input(0));
      return n.finish();
    }
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  for (int64_t &a : *axes) {
    auto norm = normalizeAxis(a, rank);
    if (!norm)
      return n.error("axis " + std::to_string(a) + " is out of range for rank " +
                     std::to_string(rank));
    a = *norm;
  }
  llvm::sort(*axes);

  Value x = n.input(0), y;
  switch (Kind) {
  case Reduce::Sum:
    y = n.reduce("reduce_sum", x, *axes, keepDims);
    break;
  case Reduce::Mean:
    y = n.reduce("reduce_mean", x, *axes, keepDims);
    break;
  case Reduce::Max:
    y = n.reduce("reduce_max", x, *axes, keepDims);
    break;
  case Reduce::Min:
    y = n.reduce("reduce_min", x, *axes, keepDims);
    break;
  case Reduce::Prod:
    y = n.reduce("reduce_prod", x, *axes, keepDims);
    break;
  case Reduce::L1:
    y = n.reduce("reduce_sum", n.unary("abs", x), *axes, keepDims);
    break;
  case Reduce::L2:
    y = n.unary("sqrt", n.reduce("reduce_sum", n.binary("mul", x, x), *axes,
                                 keepDims));
    break;
  case Reduce::SumSquare:
    y = n.reduce("reduce_sum", n.binary("mul", x, x), *axes, keepDims);
    break;
  case Reduce::LogSum:
    y = n.unary("log", n.reduce("reduce_sum", x, *axes, keepDims));
    break;
  case Reduce::LogSumExp: {
    // max + log(sum(exp(x - max))) does not overflow.
    Value m = n.reduce("reduce_max", x, *axes, /*keepDims=*/true);
    Value s = n.reduce("reduce_sum", n.unary("exp", n.binary("sub", x, m)),
                       *axes, /*keepDims=*/true);
    y = n.binary("add", n.unary("log", s), m);
    if (!keepDims && y) {
      SmallVector<int64_t> shape;
      for (int64_t d = 0; d < rank; ++d)
        if (!llvm::is_contained(*axes, d))
          shape.push_back(type.getDimSize(d));
      if (!isStatic(shape))
        return n.unsupported("ReduceLogSumExp without keepdims on a dynamic "
                             "shape");
      y = n.reshape(y, shape);
    }
    break;
  }
  }
  n.setOutput(0, y);
  return n.finish();
}

/// Softmax, LogSoftmax, Hardmax. Before opset 13 the input is coerced to 2-D
/// at `axis` and normalized over the second dimension.
template <int Kind> // 0 softmax, 1 log_softmax, 2 hardmax
static LogicalResult importSoftmax(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return n.error("missing input");
  int64_t rank = type.getRank();
  bool legacy = n.opset < 13;
  auto axis = normalizeAxis(n.attrInt("axis", legacy ? 1 : -1), std::max<int64_t>(rank, 1));
  if (!axis)
    return n.error("axis out of range");
  Value x = n.input(0);
  auto apply = [&](Value v, int64_t ax) -> Value {
    if (Kind == 0)
      return n.op("softmax", {v}, {n.i64Attr("axis", ax)});
    if (Kind == 1)
      return n.op("log_softmax", {v}, {n.i64Attr("axis", ax)});
    // Hardmax: one-hot of the first maximum.
    RankedTensorType vt = cast<RankedTensorType>(v.getType());
    Value idx = n.op("argmax", {v}, {n.i64Attr("axis", ax)});
    Value on = n.scalar(vt.getElementType(), 1);
    Value off = n.scalar(vt.getElementType(), 0);
    return n.op("one_hot", {idx, on, off},
                {n.i64Attr("depth", vt.getDimSize(ax)), n.i64Attr("axis", ax)});
  };
  if (!legacy || *axis == rank - 1) {
    n.setOutput(0, apply(x, *axis));
    return n.finish();
  }
  ArrayRef<int64_t> shape = type.getShape();
  if (!isStatic(shape))
    return n.unsupported("opset < 13 softmax over several axes of a dynamic "
                         "shape");
  int64_t outer = numElements(shape.take_front(*axis));
  int64_t inner = numElements(shape.drop_front(*axis));
  Value flat = n.reshape(x, {outer, inner});
  n.setOutput(0, n.reshape(apply(flat, 1), shape));
  return n.finish();
}

void mlir::tfcc::onnx_import::registerReductionOps(OpTable &t) {
  t["ReduceSum"] = importReduce<Reduce::Sum>;
  t["ReduceMean"] = importReduce<Reduce::Mean>;
  t["ReduceMax"] = importReduce<Reduce::Max>;
  t["ReduceMin"] = importReduce<Reduce::Min>;
  t["ReduceProd"] = importReduce<Reduce::Prod>;
  t["ReduceL1"] = importReduce<Reduce::L1>;
  t["ReduceL2"] = importReduce<Reduce::L2>;
  t["ReduceLogSum"] = importReduce<Reduce::LogSum>;
  t["ReduceLogSumExp"] = importReduce<Reduce::LogSumExp>;
  t["ReduceSumSquare"] = importReduce<Reduce::SumSquare>;
  t["Softmax"] = importSoftmax<0>;
  t["LogSoftmax"] = importSoftmax<1>;
  t["Hardmax"] = importSoftmax<2>;
}
