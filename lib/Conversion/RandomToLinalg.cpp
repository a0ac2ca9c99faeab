//===- RandomToLinalg.cpp - tfcc.random to a linalg.generic ---------------===//
//
// Each element computes its own Philox-4x32-10 block from its row-major
// position and the op's counter, so the lowering is one all-parallel
// linalg.generic that any later tiling, vectorization or threading keeps
// bit-identical.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCRANDOMTOLINALG
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// Philox-4x32's constants (Salmon et al., SC'11; Random123).
constexpr uint32_t kMul0 = 0xD2511F53, kMul1 = 0xCD9E8D57;
constexpr uint32_t kWeyl0 = 0x9E3779B9, kWeyl1 = 0xBB67AE85;
constexpr int kRounds = 10;

Value i32Const(OpBuilder &b, Location loc, uint32_t v) {
  return arith::ConstantOp::create(
      b, loc, b.getI32IntegerAttr(static_cast<int32_t>(v)));
}

Value i64Const(OpBuilder &b, Location loc, uint64_t v) {
  return arith::ConstantOp::create(
      b, loc, b.getI64IntegerAttr(static_cast<int64_t>(v)));
}

/// The low and high 32 bits of an i64.
std::pair<Value, Value> split64(OpBuilder &b, Location loc, Value v) {
  Type i32 = b.getI32Type();
  Value hi = arith::ShRUIOp::create(b, loc, v, i64Const(b, loc, 32));
  return {arith::TruncIOp::create(b, loc, i32, v),
          arith::TruncIOp::create(b, loc, i32, hi)};
}

/// The 64-bit word `hi:lo`.
Value join64(OpBuilder &b, Location loc, Value lo, Value hi) {
  Type i64 = b.getI64Type();
  Value l = arith::ExtUIOp::create(b, loc, i64, lo);
  Value h = arith::ExtUIOp::create(b, loc, i64, hi);
  h = arith::ShLIOp::create(b, loc, h, i64Const(b, loc, 32));
  return arith::OrIOp::create(b, loc, h, l);
}

/// Philox-4x32-10 of `ctr` under key (k0, k1).
std::array<Value, 4> philox(OpBuilder &b, Location loc, std::array<Value, 4> c,
                            uint32_t k0, uint32_t k1) {
  Value m0 = i32Const(b, loc, kMul0), m1 = i32Const(b, loc, kMul1);
  for (int round = 0; round < kRounds; ++round) {
    auto p0 = arith::MulUIExtendedOp::create(b, loc, m0, c[0]);
    auto p1 = arith::MulUIExtendedOp::create(b, loc, m1, c[2]);
    Value x0 = arith::XOrIOp::create(b, loc, p1.getHigh(), c[1]);
    x0 = arith::XOrIOp::create(b, loc, x0, i32Const(b, loc, k0));
    Value x2 = arith::XOrIOp::create(b, loc, p0.getHigh(), c[3]);
    x2 = arith::XOrIOp::create(b, loc, x2, i32Const(b, loc, k1));
    c = {x0, p1.getLow(), x2, p0.getLow()};
    k0 += kWeyl0;
    k1 += kWeyl1;
  }
  return c;
}

/// A float in [0, 1) from the top mantissa bits: the bits under the
/// exponent of 1.0 give a float in [1, 2).
Value uniformF32(OpBuilder &b, Location loc, Value x) {
  Value m = arith::ShRUIOp::create(b, loc, x, i32Const(b, loc, 9));
  m = arith::OrIOp::create(b, loc, m, i32Const(b, loc, 0x3f800000));
  Value f = arith::BitcastOp::create(b, loc, b.getF32Type(), m);
  return arith::SubFOp::create(
      b, loc, f, arith::ConstantOp::create(b, loc, b.getF32FloatAttr(1)));
}

Value uniformF64(OpBuilder &b, Location loc, Value lo, Value hi) {
  Value m = arith::ShRUIOp::create(b, loc, join64(b, loc, lo, hi),
                                   i64Const(b, loc, 12));
  m = arith::OrIOp::create(b, loc, m, i64Const(b, loc, 0x3ff0000000000000));
  Value f = arith::BitcastOp::create(b, loc, b.getF64Type(), m);
  return arith::SubFOp::create(
      b, loc, f, arith::ConstantOp::create(b, loc, b.getF64FloatAttr(1)));
}

Value floatConst(OpBuilder &b, Location loc, Type type, double v) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v));
}

/// erfinv(t) for |t| <= erf(sqrt(2)): the central branch of Giles'
/// single-precision approximation ("Approximating the erfinv function",
/// GPU Computing Gems, 2011), whose w = -log(1 - t^2) stays below 5 there;
/// in f64 two Newton steps on erf refine it to double precision.
Value erfinvCentral(OpBuilder &b, Location loc, Value t) {
  Type type = t.getType();
  auto c = [&](double v) { return floatConst(b, loc, type, v); };
  Value one = c(1.0);
  Value w = arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, one, t),
                                  arith::AddFOp::create(b, loc, one, t));
  w = arith::NegFOp::create(b, loc, math::LogOp::create(b, loc, w));
  w = arith::SubFOp::create(b, loc, w, c(2.5));
  static constexpr double kCoefficients[] = {
      2.81022636e-08,  3.43273939e-07, -3.5233877e-06,
      -4.39150654e-06, 0.00021858087,  -0.00125372503,
      -0.00417768164,  0.246640727,    1.50140941};
  Value p = c(kCoefficients[0]);
  for (double k : ArrayRef(kCoefficients).drop_front())
    p = math::FmaOp::create(b, loc, p, w, c(k));
  Value x = arith::MulFOp::create(b, loc, p, t);
  if (!type.isF64())
    return x;
  // x -= (erf(x) - t) / erf'(x), erf'(x) = 2/sqrt(pi) exp(-x^2).
  for (int step = 0; step < 2; ++step) {
    Value err =
        arith::SubFOp::create(b, loc, math::ErfOp::create(b, loc, x), t);
    Value x2 = arith::MulFOp::create(b, loc, x, x);
    Value slope = arith::MulFOp::create(
        b, loc, c(2.0 / std::sqrt(M_PI)),
        math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x2)));
    x = arith::SubFOp::create(b, loc, x,
                              arith::DivFOp::create(b, loc, err, slope));
  }
  return x;
}

/// The element of `dist` from one Philox block.
Value sample(OpBuilder &b, Location loc, StringRef dist, Type type,
             std::array<Value, 4> x) {
  if (dist == "bits")
    return type.isInteger(32) ? x[0] : join64(b, loc, x[0], x[1]);
  bool f64 = type.isF64();
  Value u = f64 ? uniformF64(b, loc, x[0], x[1]) : uniformF32(b, loc, x[0]);
  if (dist == "uniform")
    return u;
  auto c = [&](double v) { return floatConst(b, loc, type, v); };
  if (dist == "normal") {
    // Box-Muller: 1 - u is in (0, 1], so the log is finite.
    Value u2 = f64 ? uniformF64(b, loc, x[2], x[3]) : uniformF32(b, loc, x[1]);
    Value r =
        math::LogOp::create(b, loc, arith::SubFOp::create(b, loc, c(1), u));
    r = math::SqrtOp::create(b, loc, arith::MulFOp::create(b, loc, c(-2), r));
    Value angle = arith::MulFOp::create(b, loc, c(2 * M_PI), u2);
    return arith::MulFOp::create(b, loc, r, math::CosOp::create(b, loc, angle));
  }
  // Truncated normal: sqrt(2) erfinv of a uniform in [erf(-sqrt 2),
  // erf(sqrt 2)), clamped against rounding at the ends.
  const double bound = std::erf(std::sqrt(2.0));
  Value t = math::FmaOp::create(b, loc, c(2 * bound), u, c(-bound));
  Value z = arith::MulFOp::create(b, loc, c(std::sqrt(2.0)),
                                  erfinvCentral(b, loc, t));
  z = arith::MaximumFOp::create(b, loc, z, c(-2));
  return arith::MinimumFOp::create(b, loc, z, c(2));
}

struct RandomPattern : OpConversionPattern<RandomOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RandomOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!adaptor.getCounter())
      return rewriter.notifyMatchFailure(op, "no counter");
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    SmallVector<Value> dynamic, sizes;
    auto dynamicSizes = adaptor.getDynamicSizes();
    for (int64_t d = 0, k = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d)) {
        sizes.push_back(
            arith::ConstantIndexOp::create(rewriter, loc, type.getDimSize(d)));
        continue;
      }
      Value v = tensor::ExtractOp::create(rewriter, loc, dynamicSizes[k],
                                          ValueRange{});
      Value size =
          arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), v);
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge, size, zero,
                       "dynamic size " + Twine(k) + " is {0}, below {1}");
      dynamic.push_back(size);
      sizes.push_back(size);
      ++k;
    }
    Value counter = tensor::ExtractOp::create(
        rewriter, loc, adaptor.getCounter(), ValueRange{});
    auto seed = static_cast<uint64_t>(op.getSeed());
    auto seed2 = static_cast<uint64_t>(op.getSeed2());
    uint32_t k0 =
        static_cast<uint32_t>(seed) ^ static_cast<uint32_t>(seed2 >> 32);
    uint32_t k1 =
        static_cast<uint32_t>(seed2) ^ static_cast<uint32_t>(seed >> 32);
    StringRef dist = op.getDistribution();
    Type element = type.getElementType();

    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          element, dynamic);
    SmallVector<AffineMap> maps{
        rewriter.getMultiDimIdentityMap(type.getRank())};
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{empty}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange) {
          // The element's row-major position.
          Value pos = arith::ConstantIndexOp::create(b, l, 0);
          for (int64_t d = 0; d < type.getRank(); ++d) {
            pos = arith::MulIOp::create(b, l, pos, sizes[d]);
            pos = arith::AddIOp::create(b, l, pos,
                                        linalg::IndexOp::create(b, l, d));
          }
          pos = arith::IndexCastUIOp::create(b, l, b.getI64Type(), pos);
          auto [p0, p1] = split64(b, l, pos);
          auto [c0, c1] = split64(b, l, counter);
          std::array<Value, 4> block = philox(b, l, {p0, p1, c0, c1}, k0, k1);
          linalg::YieldOp::create(b, l, sample(b, l, dist, element, block));
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct ConvertTfccRandomToLinalg
    : mlir::tfcc::impl::ConvertTfccRandomToLinalgBase<
          ConvertTfccRandomToLinalg> {
  void runOnOperation() override {
    WalkResult unthreaded = getOperation().walk([](RandomOp op) {
      if (op.getCounter())
        return WalkResult::advance();
      op.emitError("has no counter: tfcc-thread-random-state gives it one");
      return WalkResult::interrupt();
    });
    if (unthreaded.wasInterrupted())
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    patterns.add<RandomPattern>(&getContext());
    if (failed(
            applyTfccLowering<RandomOp>(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
