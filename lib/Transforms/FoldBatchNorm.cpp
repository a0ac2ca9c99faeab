//===- FoldBatchNorm.cpp - inference batch norm into weights and bias -----===//
//
// At inference a batch norm after a convolution or matmul with constant
// weights is an affine map per output channel, y = x * f + b with
// f = scale / sqrt(variance + epsilon) and b = offset - mean * f, so it
// folds into the weights (each output channel's filter times f) and a bias
// add: the normalization costs nothing at run time, and what is left, the
// bias, fuses with the activation that follows. Frameworks do the same when
// they freeze a graph (TensorFlow's fold_batch_norms, PyTorch's export in
// eval mode); a graph that comes without it (a TF1 graph's fused batch
// norm, an ONNX BatchNormalization) gets it here.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"
#include "tfcc/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCFOLDBATCHNORM
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;
using mlir::tfcc::impl::TfccFoldBatchNormBase;

namespace {

/// The elements of the float constant `value` (through reshapes, which keep
/// the order), as doubles; nothing when it is not one of `count` elements.
std::optional<SmallVector<double>> constantValues(Value value,
                                                  int64_t count) {
  while (auto reshape = value.getDefiningOp<ReshapeOp>())
    value = reshape.getInput();
  auto constant = value.getDefiningOp<ConstantOp>();
  auto attr =
      constant ? dyn_cast<DenseElementsAttr>(constant.getValue()) : nullptr;
  if (!attr || !isa<FloatType>(attr.getElementType()) ||
      attr.getNumElements() != count)
    return std::nullopt;
  SmallVector<double> values;
  for (const APFloat &v : attr.getValues<APFloat>())
    values.push_back(v.convertToDouble());
  return values;
}

/// A float constant of `type` holding `values`, rounded to its element type.
DenseElementsAttr makeConstant(ShapedType type, ArrayRef<double> values) {
  auto elem = cast<FloatType>(type.getElementType());
  SmallVector<APFloat> rounded;
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(elem.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    rounded.push_back(f);
  }
  return DenseElementsAttr::get(type, rounded);
}

/// A producer of the normalized tensor whose weights take the factors.
struct Producer {
  Operation *op;
  /// Operand 1: the filter of a conv2d, B of a matmul.
  Value weight;
  /// The dimension of the weight that is the output channel.
  int64_t channelDim;
  /// The dimension of the producer's result that is the channel.
  int64_t resultChannel;
};

/// A conv2d, or a matmul by a 2-D B: the ops whose output channels are the
/// rows or columns of one weight.

std::optional<Producer> matchProducer(Value value) {
  if (auto conv = value.getDefiningOp<Conv2DOp>()) {
    bool nhwc = conv.getDataFormat() == "NHWC";
    // [O, C/G, KH, KW] or TensorFlow's [KH, KW, C/G, O].
    return Producer{conv, conv.getFilter(), nhwc ? 3 : 0, nhwc ? 3 : 1};
  }
  if (auto matmul = value.getDefiningOp<MatMulOp>()) {
    auto b = dyn_cast<RankedTensorType>(matmul.getB().getType());
    auto result = dyn_cast<RankedTensorType>(matmul.getType());
    if (matmul.getTransposeA() || !b || b.getRank() != 2 || !result)
      return std::nullopt;
    return Producer{matmul, matmul.getB(), matmul.getTransposeB() ? 0 : 1,
                    result.getRank() - 1};
  }
  return std::nullopt;
}

/// batch_norm(P(x, W) [+ bias]) with constant W, bias, scale, offset, mean
/// and variance, normalized along P's output channels, and no other user
/// of P or of the bias add: becomes P(x, W * f) + (bias - mean) * f +
/// offset.
struct FoldIntoWeights : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!type)
      return failure();
    int64_t rank = type.getRank();
    auto axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    if (axis < 0 || axis >= rank)
      return failure();
    int64_t channels = type.getDimSize(axis);
    if (ShapedType::isDynamic(channels))
      return rewriter.notifyMatchFailure(op, "dynamic channel count");

    // An optional bias add between the producer and the batch norm.
    Value input = op.getInput();
    std::optional<SmallVector<double>> bias;
    if (auto add = input.getDefiningOp<AddOp>()) {
      for (auto [candidate, other] :
           {std::pair(add.getLhs(), add.getRhs()),
            std::pair(add.getRhs(), add.getLhs())}) {
        auto otherType = dyn_cast<RankedTensorType>(other.getType());
        if (!matchProducer(candidate) || !otherType ||
            candidate.getType() != add.getType() || !add->hasOneUse())
          continue;
        // The bias must vary along the channel axis only.
        int64_t offset = rank - otherType.getRank();
        bool perChannel = offset >= 0;
        for (int64_t d = 0; perChannel && d < otherType.getRank(); ++d)
          perChannel = otherType.getDimSize(d) == (d + offset == axis
                                                       ? channels
                                                       : 1);
        if (perChannel && (bias = constantValues(other, channels))) {
          input = candidate;
          break;
        }
      }
    }
    std::optional<Producer> producer = matchProducer(input);
    if (!producer || !input.hasOneUse() || producer->resultChannel != axis)
      return rewriter.notifyMatchFailure(op, "no conv2d or matmul before it");
    auto weightType = dyn_cast<RankedTensorType>(producer->weight.getType());
    if (!weightType || !weightType.hasStaticShape() ||
        weightType.getDimSize(producer->channelDim) != channels)
      return failure();
    std::optional<SmallVector<double>> weights =
        constantValues(producer->weight, weightType.getNumElements());
    std::optional<SmallVector<double>> scale =
        constantValues(op.getScale(), channels);
    std::optional<SmallVector<double>> offset =
        constantValues(op.getOffset(), channels);
    std::optional<SmallVector<double>> mean =
        constantValues(op.getMean(), channels);
    std::optional<SmallVector<double>> variance =
        constantValues(op.getVariance(), channels);
    if (!weights || !scale || !offset || !mean || !variance)
      return rewriter.notifyMatchFailure(op, "weights are not constants");

    double epsilon = op.getEpsilon().convertToDouble();
    SmallVector<double> factor(channels), shift(channels);
    for (int64_t c = 0; c < channels; ++c) {
      factor[c] = (*scale)[c] / std::sqrt((*variance)[c] + epsilon);
      shift[c] = ((bias ? (*bias)[c] : 0.0) - (*mean)[c]) * factor[c] +
                 (*offset)[c];
    }
    // Element i of the row-major weight is in channel (i / inner) % C.
    int64_t inner = 1;
    for (int64_t d = producer->channelDim + 1; d < weightType.getRank(); ++d)
      inner *= weightType.getDimSize(d);
    for (auto [i, w] : llvm::enumerate(*weights))
      w *= factor[(i / inner) % channels];

    Location loc = op.getLoc();
    rewriter.setInsertionPoint(producer->op);
    Value newWeight = ConstantOp::create(
        rewriter, producer->weight.getLoc(),
        makeConstant(weightType, *weights));
    Operation *folded = rewriter.clone(*producer->op);
    folded->setOperand(1, newWeight);
    // The shift broadcasts along the channel axis: [C, 1, ...].
    SmallVector<int64_t> shiftShape(rank - axis, 1);
    shiftShape[0] = channels;
    Value shiftValue = ConstantOp::create(
        rewriter, loc,
        makeConstant(RankedTensorType::get(shiftShape, type.getElementType()),
                     shift));
    rewriter.setInsertionPoint(op);
    rewriter.replaceOpWithNewOp<AddOp>(op, folded->getResult(0), shiftValue);
    return success();
  }
};

struct TfccFoldBatchNorm : TfccFoldBatchNormBase<TfccFoldBatchNorm> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoWeights>(&getContext());
    if (failed(tfcc::applyPatternsKeepingDevices(getOperation(),
                                                 std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
