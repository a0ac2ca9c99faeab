//===- ElementwiseToLinalg.cpp - tfcc elementwise ops to linalg -----------===//
//
// Constants, broadcasting binary ops, comparisons, select, unary ops, casts
// and broadcast_to: each becomes one all-parallel linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"
#include <cmath>

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCELEMENTWISETOLINALG
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

bool isFloat(Type t) { return isa<FloatType>(t); }

/// Integer `base ** exp` with tfcc.pow's contract: a negative exponent gives
/// 0 unless the base is 1 or -1. Square-and-multiply over the exponent's bits
/// (math.ipowi would need a later lowering and traps on 0 ** -1).
Value integerPow(OpBuilder &b, Location loc, Value base, Value exp) {
  Type t = base.getType();
  Value zero = scalarConstant(b, loc, t, 0);
  Value one = scalarConstant(b, loc, t, 1);
  Value minusOne = scalarConstant(b, loc, t, -1);
  auto isOdd = [&](OpBuilder &nb, Location nl, Value v) -> Value {
    return arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::ne,
                                 arith::AndIOp::create(nb, nl, v, one), zero);
  };
  auto loop = scf::WhileOp::create(
      b, loc, TypeRange{t, t, t}, ValueRange{one, base, exp},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value more = arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::sgt,
                                           args[2], zero);
        scf::ConditionOp::create(nb, nl, more, args);
      },
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value acc = args[0], sq = args[1], e = args[2];
        Value times = arith::MulIOp::create(nb, nl, acc, sq);
        acc = arith::SelectOp::create(nb, nl, isOdd(nb, nl, e), times, acc);
        sq = arith::MulIOp::create(nb, nl, sq, sq);
        e = arith::ShRUIOp::create(nb, nl, e, one);
        scf::YieldOp::create(nb, nl, ValueRange{acc, sq, e});
      });
  Value minusOnePow =
      arith::SelectOp::create(b, loc, isOdd(b, loc, exp), minusOne, one);
  Value negative = arith::SelectOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, base, one), one,
      arith::SelectOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, base,
                                minusOne),
          minusOnePow, zero));
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, exp, zero);
  return arith::SelectOp::create(b, loc, isNegative, negative,
                                 loop.getResult(0));
}

/// Integer `a rem b` that cannot trap: a divisor of 0 gives 0 (as numpy
/// does) and -1 gives 0 without the INT_MIN / -1 overflow of `srem`.
Value safeRemainder(OpBuilder &b, Location loc, Value a, Value d) {
  Type t = a.getType();
  Value zero = scalarConstant(b, loc, t, 0);
  Value one = scalarConstant(b, loc, t, 1);
  Value special = arith::OrIOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, d, zero),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, d,
                            scalarConstant(b, loc, t, -1)));
  return arith::RemSIOp::create(
      b, loc, a, arith::SelectOp::create(b, loc, special, one, d));
}

/// Python's `a % b`: the truncated remainder moved into the divisor's sign.
/// For floats this is numpy's npy_divmod, so zeros take the divisor's sign
/// and a remainder pushed past an infinite divisor becomes that infinity.
Value floorMod(OpBuilder &b, Location loc, Value a, Value d) {
  Type t = a.getType();
  Value zero = scalarConstant(b, loc, t, 0);
  if (isFloat(t)) {
    Value r = arith::RemFOp::create(b, loc, a, d);
    Value rNeg =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, r, zero);
    Value dNeg =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, d, zero);
    Value signsDiffer = arith::XOrIOp::create(b, loc, rNeg, dNeg);
    Value isZero =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, r, zero);
    Value moved = arith::SelectOp::create(
        b, loc, signsDiffer, arith::AddFOp::create(b, loc, r, d), r);
    Value signedZero = math::CopySignOp::create(b, loc, zero, d);
    return arith::SelectOp::create(b, loc, isZero, signedZero, moved);
  }
  Value r = safeRemainder(b, loc, a, d);
  Value nonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
  Value signsDiffer = arith::XOrIOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, d, zero));
  Value fix = arith::AndIOp::create(b, loc, nonZero, signsDiffer);
  return arith::SelectOp::create(b, loc, fix,
                                 arith::AddIOp::create(b, loc, r, d), r);
}

/// Integer division and remainder by zero are errors, as in TensorFlow
/// (the scalar code stays safe whatever the check decides).
void checkDivisor(OpBuilder &b, Location loc, Operation *op, Value d) {
  Value nonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, d,
                                        scalarConstant(b, loc, d.getType(), 0));
  emitCheck(b, loc, op, nonZero, "integer division by zero");
}

/// Scalar computation of one elementwise op, given its (element) operands.
Value computeScalar(Operation *op, OpBuilder &b, Location loc,
                    ValueRange args) {
  Value x = args[0];
  Type t = x.getType();
  bool fp = isFloat(t);
  auto cmp = [&](arith::CmpFPredicate fpred, arith::CmpIPredicate ipred,
                 arith::CmpIPredicate boolPred) -> Value {
    if (fp)
      return arith::CmpFOp::create(b, loc, fpred, args[0], args[1]);
    // Booleans compare as unsigned so that true > false.
    return arith::CmpIOp::create(b, loc, t.isInteger(1) ? boolPred : ipred,
                                 args[0], args[1]);
  };
  return llvm::TypeSwitch<Operation *, Value>(op)
      .Case([&](AddOp) -> Value {
        return fp ? arith::AddFOp::create(b, loc, args[0], args[1]).getResult()
                  : arith::AddIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](SubOp) -> Value {
        return fp ? arith::SubFOp::create(b, loc, args[0], args[1]).getResult()
                  : arith::SubIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](MulOp) -> Value {
        return fp ? arith::MulFOp::create(b, loc, args[0], args[1]).getResult()
                  : arith::MulIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](DivOp) -> Value {
        if (fp)
          return arith::DivFOp::create(b, loc, args[0], args[1]);
        checkDivisor(b, loc, op, args[1]);
        return arith::DivSIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](PowOp) -> Value {
        return fp ? math::PowFOp::create(b, loc, args[0], args[1]).getResult()
                  : integerPow(b, loc, args[0], args[1]);
      })
      .Case([&](MaximumOp) -> Value {
        return fp ? arith::MaximumFOp::create(b, loc, args[0], args[1],
                                              arith::FastMathFlags::nsz)
                        .getResult()
                  : arith::MaxSIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](MinimumOp) -> Value {
        return fp ? arith::MinimumFOp::create(b, loc, args[0], args[1],
                                              arith::FastMathFlags::nsz)
                        .getResult()
                  : arith::MinSIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](EqualOp) {
        return cmp(arith::CmpFPredicate::OEQ, arith::CmpIPredicate::eq,
                   arith::CmpIPredicate::eq);
      })
      .Case([&](NotEqualOp) {
        return cmp(arith::CmpFPredicate::UNE, arith::CmpIPredicate::ne,
                   arith::CmpIPredicate::ne);
      })
      .Case([&](LessOp) {
        return cmp(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                   arith::CmpIPredicate::ult);
      })
      .Case([&](LessEqualOp) {
        return cmp(arith::CmpFPredicate::OLE, arith::CmpIPredicate::sle,
                   arith::CmpIPredicate::ule);
      })
      .Case([&](GreaterOp) {
        return cmp(arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
                   arith::CmpIPredicate::ugt);
      })
      .Case([&](GreaterEqualOp) {
        return cmp(arith::CmpFPredicate::OGE, arith::CmpIPredicate::sge,
                   arith::CmpIPredicate::uge);
      })
      .Case([&](SelectOp) -> Value {
        return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
      })
      .Case([&](NegOp) -> Value {
        if (fp)
          return arith::NegFOp::create(b, loc, x);
        return arith::SubIOp::create(b, loc, scalarConstant(b, loc, t, 0), x);
      })
      .Case([&](AbsOp) -> Value {
        return fp ? math::AbsFOp::create(b, loc, x).getResult()
                  : math::AbsIOp::create(b, loc, x);
      })
      .Case([&](ReluOp) -> Value {
        Value zero = scalarConstant(b, loc, t, 0);
        // maximumf keeps NaN, as TensorFlow's relu does; which zero
        // relu(-0) is, nobody promises (nsz: one vmaxps, no sign test).
        return fp ? arith::MaximumFOp::create(b, loc, x, zero,
                                              arith::FastMathFlags::nsz)
                        .getResult()
                  : arith::MaxSIOp::create(b, loc, x, zero);
      })
      .Case([&](ExpOp) -> Value { return math::ExpOp::create(b, loc, x); })
      .Case([&](LogOp) -> Value { return math::LogOp::create(b, loc, x); })
      .Case([&](SqrtOp) -> Value { return math::SqrtOp::create(b, loc, x); })
      .Case([&](RsqrtOp) -> Value { return math::RsqrtOp::create(b, loc, x); })
      .Case([&](TanhOp) -> Value { return math::TanhOp::create(b, loc, x); })
      .Case([&](ErfOp) -> Value { return math::ErfOp::create(b, loc, x); })
      .Case([&](SigmoidOp) -> Value {
        Value one = scalarConstant(b, loc, t, 1);
        Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
        return arith::DivFOp::create(b, loc, one,
                                     arith::AddFOp::create(b, loc, one, e));
      })
      .Case([&](GeluOp gelu) -> Value {
        Value half = scalarConstant(b, loc, t, 0.5);
        Value one = scalarConstant(b, loc, t, 1);
        Value hx = arith::MulFOp::create(b, loc, half, x);
        Value s;
        if (gelu.getTanhApproximation()) {
          // tanh(sqrt(2/pi) * (x + 0.044715 x^3)), x^3 as x * x * x.
          Value x3 = arith::MulFOp::create(
              b, loc, arith::MulFOp::create(b, loc, x, x), x);
          Value inner = arith::AddFOp::create(
              b, loc, x,
              arith::MulFOp::create(b, loc, scalarConstant(b, loc, t, 0.044715),
                                    x3));
          s = math::TanhOp::create(
              b, loc,
              arith::MulFOp::create(
                  b, loc, scalarConstant(b, loc, t, M_2_SQRTPI * M_SQRT1_2),
                  inner));
        } else {
          Value invSqrt2 = scalarConstant(b, loc, t, M_SQRT1_2);
          s = math::ErfOp::create(b, loc,
                                  arith::MulFOp::create(b, loc, x, invSqrt2));
        }
        return arith::MulFOp::create(b, loc, hx,
                                     arith::AddFOp::create(b, loc, one, s));
      })
      .Case([&](FloorOp) -> Value { return math::FloorOp::create(b, loc, x); })
      .Case([&](CeilOp) -> Value { return math::CeilOp::create(b, loc, x); })
      .Case([&](RoundOp) -> Value {
        return math::RoundEvenOp::create(b, loc, x);
      })
      .Case([&](SinOp) -> Value { return math::SinOp::create(b, loc, x); })
      .Case([&](CosOp) -> Value { return math::CosOp::create(b, loc, x); })
      .Case([&](TanOp) -> Value { return math::TanOp::create(b, loc, x); })
      .Case([&](AsinOp) -> Value { return math::AsinOp::create(b, loc, x); })
      .Case([&](AcosOp) -> Value { return math::AcosOp::create(b, loc, x); })
      .Case([&](AtanOp) -> Value { return math::AtanOp::create(b, loc, x); })
      .Case([&](SinhOp) -> Value { return math::SinhOp::create(b, loc, x); })
      .Case([&](CoshOp) -> Value { return math::CoshOp::create(b, loc, x); })
      .Case([&](AsinhOp) -> Value { return math::AsinhOp::create(b, loc, x); })
      .Case([&](AcoshOp) -> Value { return math::AcoshOp::create(b, loc, x); })
      .Case([&](AtanhOp) -> Value { return math::AtanhOp::create(b, loc, x); })
      .Case([&](SoftplusOp) -> Value {
        // max(x, 0) + log1p(e^-|x|): e^-|x| <= 1 never overflows, and
        // log1p keeps the tail for very negative x.
        Value zero = scalarConstant(b, loc, t, 0);
        Value negAbs =
            arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
        Value tail = math::Log1pOp::create(
            b, loc, math::ExpOp::create(b, loc, negAbs));
        return arith::AddFOp::create(
            b, loc, arith::MaximumFOp::create(b, loc, x, zero), tail);
      })
      .Case([&](ReciprocalOp) -> Value {
        return arith::DivFOp::create(b, loc, scalarConstant(b, loc, t, 1), x);
      })
      .Case([&](SignOp) -> Value {
        Value zero = scalarConstant(b, loc, t, 0);
        Value one = scalarConstant(b, loc, t, 1);
        Value minusOne = scalarConstant(b, loc, t, -1);
        if (fp) {
          // Zeros and NaN fall through as themselves.
          Value neg = arith::SelectOp::create(
              b, loc,
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero),
              minusOne, x);
          return arith::SelectOp::create(
              b, loc,
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero),
              one, neg);
        }
        Value neg = arith::SelectOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero),
            minusOne, zero);
        return arith::SelectOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero),
            one, neg);
      })
      .Case([&](LogicalNotOp) -> Value {
        return arith::XOrIOp::create(b, loc, x, scalarConstant(b, loc, t, 1));
      })
      .Case([&](IsNanOp) -> Value {
        return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
      })
      .Case([&](IsInfOp) -> Value {
        Value inf = arith::ConstantOp::create(
            b, loc,
            b.getFloatAttr(t, APFloat::getInf(
                                  cast<FloatType>(t).getFloatSemantics())));
        return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                     math::AbsFOp::create(b, loc, x), inf);
      })
      .Case([&](ModOp) -> Value {
        if (fp)
          return arith::RemFOp::create(b, loc, args[0], args[1]);
        checkDivisor(b, loc, op, args[1]);
        return safeRemainder(b, loc, args[0], args[1]);
      })
      .Case([&](FloorModOp) -> Value {
        if (!fp)
          checkDivisor(b, loc, op, args[1]);
        return floorMod(b, loc, args[0], args[1]);
      })
      .Case([&](LogicalAndOp) -> Value {
        return arith::AndIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](LogicalOrOp) -> Value {
        return arith::OrIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](LogicalXorOp) -> Value {
        return arith::XOrIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](BroadcastToOp) { return x; })
      .Case([&](CastOp cast) -> Value {
        Type to = cast.getTo();
        if (t == to)
          return x;
        if (to.isInteger(1)) {
          // Any non-zero value is true.
          if (fp)
            return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                         scalarConstant(b, loc, t, 0));
          return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                       scalarConstant(b, loc, t, 0));
        }
        if (t.isInteger(1))
          return isFloat(to)
                     ? arith::UIToFPOp::create(b, loc, to, x).getResult()
                     : arith::ExtUIOp::create(b, loc, to, x);
        if (fp && isFloat(to))
          return t.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
                     ? arith::ExtFOp::create(b, loc, to, x).getResult()
                     : arith::TruncFOp::create(b, loc, to, x);
        if (fp)
          return arith::FPToSIOp::create(b, loc, to, x);
        if (isFloat(to))
          return arith::SIToFPOp::create(b, loc, to, x);
        return t.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
                   ? arith::ExtSIOp::create(b, loc, to, x).getResult()
                   : arith::TruncIOp::create(b, loc, to, x);
      })
      .Default([](Operation *) -> Value {
        llvm_unreachable("not an elementwise tfcc op");
      });
}

/// Lowers any elementwise op whose result is computed by computeScalar.
template <typename OpT>
struct ElementwisePattern : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Operation *raw = op.getOperation();
    emitBroadcastChecks(rewriter, op.getLoc(), raw, resultType,
                        adaptor.getOperands());
    Value result = buildBroadcastGeneric(
        rewriter, op.getLoc(), resultType, adaptor.getOperands(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return computeScalar(raw, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantPattern : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "value is not a typed attribute");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

/// Patterns for `Ops...` plus the constant pattern, and the lowering of
/// exactly those ops: the op list is written once.
template <typename... Ops>
LogicalResult lowerElementwise(Operation *root) {
  MLIRContext *ctx = root->getContext();
  RewritePatternSet patterns(ctx);
  patterns.add<ConstantPattern, ElementwisePattern<Ops>...>(ctx);
  return applyTfccLowering<ConstantOp, Ops...>(root, std::move(patterns));
}

struct ConvertTfccElementwiseToLinalg
    : mlir::tfcc::impl::ConvertTfccElementwiseToLinalgBase<
          ConvertTfccElementwiseToLinalg> {
  void runOnOperation() override {
    if (failed(lowerElementwise<
               AddOp, SubOp, MulOp, DivOp, PowOp, MaximumOp, MinimumOp,
               EqualOp, NotEqualOp, LessOp, LessEqualOp, GreaterOp,
               GreaterEqualOp, SelectOp, NegOp, AbsOp, ReluOp, ExpOp, LogOp,
               SqrtOp, RsqrtOp, TanhOp, SigmoidOp, ErfOp, GeluOp, CastOp,
               BroadcastToOp, FloorOp, CeilOp, RoundOp, SignOp, SinOp, CosOp,
               TanOp, AsinOp, AcosOp, AtanOp, SinhOp, CoshOp, AsinhOp,
               AcoshOp, AtanhOp, SoftplusOp, ReciprocalOp, LogicalNotOp,
               IsNanOp, IsInfOp, FloorModOp, ModOp, LogicalAndOp, LogicalOrOp,
               LogicalXorOp>(getOperation())))
      signalPassFailure();
  }
};

} // namespace
