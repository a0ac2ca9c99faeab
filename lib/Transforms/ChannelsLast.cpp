//===- ChannelsLast.cpp - NCHW convolutions as NHWC ones ------------------===//
//
// An NCHW convolution lowers to a GEMM whose N is the output positions:
// im2col's columns are packed into register panels on every run, the
// product is unpacked, and a 7x7 output pads to 64 columns. As NHWC, N is
// the output channels (multiples of the vector width in CNNs), M the
// positions, im2col's rows are read in place and nothing is packed at run
// time. ONNX Runtime makes the same move (its NCHWc layout), TensorFlow's
// layout optimizer too. The transposes this puts around each convolution
// are moved through the elementwise ops, pooling and reductions between
// convolutions, where they cancel: a ResNet keeps two, of its input image
// into NHWC and of its pooled 1x1 result.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Dialect/Tfcc.h"
#include "tfcc/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCCHANNELSLAST
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

/// Output channels from which the lowering takes a convolution through
/// im2col and a GEMM (kMinGemmChannels of convert-tfcc-nn-to-linalg). Any
/// number of input channels: a 3-channel 7x7 stem's NHWC im2col copies
/// rows of 21 floats, and its GEMM reads them in place where the NCHW one
/// packs its columns on every run.
constexpr int64_t kMinOutChannels = 32;

Value transpose(PatternRewriter &rewriter, Location loc, Value v,
                ArrayRef<int64_t> perm) {
  return TransposeOp::create(rewriter, loc, v, perm).getResult();
}

/// The NHWC source of `v` when `v` is a transpose from NHWC to NCHW, the
/// one that moves forward; null otherwise. Only that direction moves: the
/// transposes into NHWC that moving puts on other operands stay where they
/// are, so nothing moves back and forth.
Value nhwcSource(Value v) {
  auto t = v.getDefiningOp<TransposeOp>();
  if (!t || !llvm::equal(t.getPerm(), ArrayRef<int64_t>(kToNCHW)))
    return nullptr;
  return t.getInput();
}

/// A constant, or a reshape of one (a bias as importers shape it), which
/// tfcc-fold-constants evaluates with the transpose put on it.
bool isConstant(Value v) {
  while (auto reshape = v.getDefiningOp<ReshapeOp>())
    v = reshape.getInput();
  return v.getDefiningOp<ConstantOp>() != nullptr;
}

struct ConvToNHWC : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    auto in = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto fil = dyn_cast<RankedTensorType>(op.getFilter().getType());
    if (op.getDataFormat() != "NCHW" || op.getGroups() != 1 || !in || !fil ||
        !in.hasStaticShape() || !fil.hasStaticShape() ||
        !in.getElementType().isF32() || fil.getDimSize(0) < kMinOutChannels)
      return rewriter.notifyMatchFailure(op, "not a GEMM-sized NCHW conv");
    Location loc = op.getLoc();
    Value x = transpose(rewriter, loc, op.getInput(), kToNHWC);
    // [O, C, KH, KW] -> [KH, KW, C, O]
    Value w = transpose(rewriter, loc, op.getFilter(), {2, 3, 1, 0});
    Value y = Conv2DOp::create(rewriter, loc, x, w, op.getStrides(),
                               op.getDilations(), op.getPadding(), 1, "NHWC");
    rewriter.replaceOp(op, transpose(rewriter, loc, y, kToNCHW));
    return success();
  }
};

/// transpose(transpose(x, p), q) is one transpose, or x.
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> perm = op.getPerm();
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()))) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    auto inner = op.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    // Result dim i is inner's dim perm[i], which is x's dim innerPerm[...].
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner.getPerm()[p]);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), inner.getInput(),
                                     composed));
    return success();
  }
};

/// unary(transpose(x)) -> transpose(unary(x)).
template <typename OpT>
struct SinkThroughUnary : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value source = nhwcSource(op->getOperand(0));
    if (!source)
      return failure();
    Operation *moved = rewriter.clone(*op);
    moved->setOperand(0, source);
    moved->getResult(0).setType(source.getType());
    rewriter.replaceOp(
        op, transpose(rewriter, op.getLoc(), moved->getResult(0), kToNCHW));
    return success();
  }
};

/// binary(transpose(a), b) -> transpose(binary(a, b')) where b' is b in
/// NHWC: the source of another such transpose, a rank-4 constant or a
/// reshape of one (transposed), a scalar, or a value of the result's shape
/// (a transpose that CSE shares with the other users of the layout).
template <typename OpT>
struct SinkThroughBinary : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!resultType || resultType.getRank() != 4)
      return failure();
    Value operands[2] = {nhwcSource(op.getLhs()), nhwcSource(op.getRhs())};
    if (!operands[0] && !operands[1])
      return failure();
    for (int i = 0; i < 2; ++i) {
      Value v = op->getOperand(i);
      auto type = cast<RankedTensorType>(v.getType());
      if (operands[i] || type.getRank() == 0)
        operands[i] = operands[i] ? operands[i] : v;
      else if (type.getRank() == 4 && (isConstant(v) || type == resultType))
        operands[i] = transpose(rewriter, op.getLoc(), v, kToNHWC);
      else
        return failure();
    }
    Value moved = OpT::create(rewriter, op.getLoc(), operands[0], operands[1]);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), moved, kToNCHW));
    return success();
  }
};

/// pool_nchw(transpose(x, NHWC->NCHW)) -> transpose(pool_nhwc(x)).
template <typename OpT>
struct SinkThroughPool : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value source = nhwcSource(op.getInput());
    if (op.getDataFormat() != "NCHW" || !source)
      return failure();
    // The NHWC result is the NCHW one's shape permuted like the input.
    auto type = cast<RankedTensorType>(op.getType());
    SmallVector<int64_t> shape;
    for (int64_t d : kToNHWC)
      shape.push_back(type.getDimSize(d));
    auto moved = cast<OpT>(rewriter.clone(*op));
    rewriter.modifyOpInPlace(moved, [&] {
      moved->setOperand(0, source);
      moved.setDataFormat("NHWC");
      moved->getResult(0).setType(type.clone(shape));
    });
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), moved, kToNCHW));
    return success();
  }
};

/// reduce(transpose(x), axes, keep_dims) -> transpose(reduce(x, axes')).
template <typename OpT>
struct SinkThroughReduce : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value source = nhwcSource(op.getInput());
    if (!source || !op.getKeepDims())
      return failure();
    SmallVector<int64_t> axes;
    for (int64_t a : op.getAxes())
      axes.push_back(kToNCHW[a < 0 ? a + 4 : a]);
    llvm::sort(axes);
    Value moved = OpT::create(rewriter, op.getLoc(), source, axes, true);
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), moved, kToNCHW));
    return success();
  }
};

struct TfccChannelsLast
    : tfcc::impl::TfccChannelsLastBase<TfccChannelsLast> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ConvToNHWC, ComposeTransposes, SinkThroughPool<MaxPoolOp>,
                 SinkThroughPool<AvgPoolOp>, SinkThroughReduce<ReduceMeanOp>,
                 SinkThroughReduce<ReduceSumOp>,
                 SinkThroughReduce<ReduceMaxOp>,
                 SinkThroughReduce<ReduceMinOp>, SinkThroughBinary<AddOp>,
                 SinkThroughBinary<SubOp>, SinkThroughBinary<MulOp>,
                 SinkThroughBinary<DivOp>, SinkThroughBinary<MaximumOp>,
                 SinkThroughBinary<MinimumOp>, SinkThroughUnary<ReluOp>,
                 SinkThroughUnary<NegOp>, SinkThroughUnary<AbsOp>,
                 SinkThroughUnary<ExpOp>, SinkThroughUnary<TanhOp>,
                 SinkThroughUnary<SigmoidOp>, SinkThroughUnary<GeluOp>>(ctx);
    // Only graphs with a converted convolution have layout transposes to
    // move: leave every other graph as it is.
    bool any = false;
    getOperation().walk([&](Conv2DOp op) {
      any |= op.getDataFormat() == "NCHW";
    });
    if (!any)
      return;
    if (failed(tfcc::applyPatternsKeepingDevices(getOperation(),
                                                 std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
