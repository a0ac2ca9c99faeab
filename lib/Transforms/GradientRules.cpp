//===- GradientRules.cpp - gradient rules of the core tfcc ops ------------===//
//
// The helpers of GradientRules.h and the rules of every differentiable op
// outside the nn family. Formulas follow TensorFlow's registered gradients
// (math_grad.py, array_grad.py, nn_grad.py) unless a comment says otherwise.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tfcc;

//===----------------------------------------------------------------------===//
// The table
//===----------------------------------------------------------------------===//

SmallVector<StringRef> GradientRuleTable::names() const {
  SmallVector<StringRef> result;
  for (const auto &entry : rules)
    result.push_back(entry.getKey());
  llvm::sort(result);
  return result;
}

const GradientRuleTable &mlir::tfcc::getGradientRules() {
  static const GradientRuleTable table = [] {
    GradientRuleTable t;
    addCoreGradientRules(t);
    addNNGradientRules(t);
    return t;
  }();
  return table;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

bool mlir::tfcc::isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

static TypedAttr scalarAttr(OpBuilder &b, Type elem, double v) {
  if (isa<FloatType>(elem))
    return b.getFloatAttr(elem, v);
  return b.getIntegerAttr(elem, static_cast<int64_t>(v));
}

Value mlir::tfcc::scalarTensor(OpBuilder &b, Location loc, Type elem,
                               double v) {
  auto type = RankedTensorType::get({}, elem);
  return ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, scalarAttr(b, elem, v)));
}

Value mlir::tfcc::dimOf(OpBuilder &b, Location loc, Value v, int64_t dim) {
  auto type = tensorType(v);
  if (!type.isDynamicDim(dim))
    return arith::ConstantIndexOp::create(b, loc, type.getDimSize(dim));
  OpBuilder::InsertionGuard guard(b);
  if (Operation *def = v.getDefiningOp())
    b.setInsertionPointAfter(def);
  else
    b.setInsertionPointToStart(cast<BlockArgument>(v).getOwner());
  return tensor::DimOp::create(b, loc, v, dim);
}

SmallVector<Value> mlir::tfcc::dynamicDimsOf(OpBuilder &b, Location loc,
                                             Value v) {
  SmallVector<Value> dims;
  auto type = tensorType(v);
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dims.push_back(dimOf(b, loc, v, i));
  return dims;
}

Value mlir::tfcc::filledLike(OpBuilder &b, Location loc, Value v,
                             double value) {
  auto type = tensorType(v);
  TypedAttr attr = scalarAttr(b, type.getElementType(), value);
  if (type.hasStaticShape())
    return ConstantOp::create(b, loc, DenseElementsAttr::get(type, attr));
  Value scalar = arith::ConstantOp::create(b, loc, attr);
  return tensor::SplatOp::create(b, loc, scalar, type,
                                 dynamicDimsOf(b, loc, v));
}

Value mlir::tfcc::castTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

Value mlir::tfcc::reduceToShapeOf(OpBuilder &b, Location loc, Value grad,
                                  Value operand) {
  auto gradType = tensorType(grad), type = tensorType(operand);
  int64_t lead = gradType.getRank() - type.getRank();
  assert(lead >= 0 && "a broadcast result has at least the operand's rank");
  // Dimensions the broadcast added in front, and size-1 dimensions it
  // stretched (possibly to a run-time size that may be 1 too: summing one
  // element is harmless).
  SmallVector<int64_t> leading = llvm::to_vector(llvm::seq<int64_t>(0, lead));
  SmallVector<int64_t> stretched;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.getDimSize(i) == 1 && gradType.getDimSize(lead + i) != 1)
      stretched.push_back(i);
  Value g = grad;
  if (!leading.empty())
    g = ReduceSumOp::create(b, loc, g, b.getDenseI64ArrayAttr(leading),
                            /*keep_dims=*/false);
  if (!stretched.empty())
    g = ReduceSumOp::create(b, loc, g, b.getDenseI64ArrayAttr(stretched),
                            /*keep_dims=*/true);
  return castTo(b, loc, g, type);
}

Value mlir::tfcc::broadcastLike(OpBuilder &b, Location loc, Value v,
                                Value like) {
  auto type = tensorType(like);
  if (v.getType() == type)
    return v;
  if (type.hasStaticShape())
    return castTo(b, loc,
                  BroadcastToOp::create(
                      b, loc, v, b.getDenseI64ArrayAttr(type.getShape())),
                  type);
  // broadcast_to takes static shapes only: add zeros of the run-time shape.
  return castTo(b, loc, AddOp::create(b, loc, v, zerosLike(b, loc, like)),
                type);
}

Value mlir::tfcc::insertUnitDims(OpBuilder &b, Location loc, Value v,
                                 ArrayRef<int64_t> positions) {
  if (positions.empty())
    return v;
  auto type = tensorType(v);
  int64_t rank = type.getRank() + positions.size();
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> groups;
  int64_t src = 0, numDynamic = 0;
  for (int64_t i = 0; i < rank; ++i) {
    bool unit = llvm::is_contained(positions, i);
    shape.push_back(unit ? 1 : type.getDimSize(src));
    if (!unit) {
      numDynamic += type.isDynamicDim(src);
      // Unit dims before the first source dim join its group; later ones
      // join the group of the source dim before them.
      if (groups.size() <= static_cast<size_t>(src))
        groups.emplace_back();
      groups[src].push_back(i);
      ++src;
    } else if (src > 0) {
      groups[src - 1].push_back(i);
    } else {
      if (groups.empty())
        groups.emplace_back();
      groups[0].push_back(i);
    }
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (numDynamic <= 1) {
    SmallVector<int64_t> target(shape);
    for (int64_t &d : target)
      if (ShapedType::isDynamic(d))
        d = -1;
    return castTo(b, loc,
                  ReshapeOp::create(b, loc, v, b.getDenseI64ArrayAttr(target)),
                  resultType);
  }
  // tfcc.reshape infers one size at most: name the run-time sizes.
  SmallVector<OpFoldResult> outputShape;
  src = 0;
  for (int64_t i = 0; i < rank; ++i) {
    if (llvm::is_contained(positions, i)) {
      outputShape.push_back(b.getIndexAttr(1));
      continue;
    }
    if (type.isDynamicDim(src))
      outputShape.push_back(tensor::DimOp::create(b, loc, v, src).getResult());
    else
      outputShape.push_back(b.getIndexAttr(type.getDimSize(src)));
    ++src;
  }
  return tensor::ExpandShapeOp::create(b, loc, resultType, v, groups,
                                       outputShape);
}

Value mlir::tfcc::countAlong(OpBuilder &b, Location loc, Value v,
                             ArrayRef<int64_t> dims, Type elem) {
  auto type = tensorType(v);
  int64_t known = 1;
  Value dynamic;
  for (int64_t d : dims) {
    if (!type.isDynamicDim(d)) {
      known *= type.getDimSize(d);
      continue;
    }
    Value size = dimOf(b, loc, v, d);
    dynamic = dynamic ? arith::MulIOp::create(b, loc, dynamic, size) : size;
  }
  if (!dynamic)
    return scalarTensor(b, loc, elem, static_cast<double>(known));
  Value count = arith::MulIOp::create(
      b, loc, dynamic, arith::ConstantIndexOp::create(b, loc, known));
  Value asInt =
      arith::IndexCastOp::create(b, loc, b.getI64Type(), count).getResult();
  Value asFloat = arith::SIToFPOp::create(b, loc, elem, asInt);
  return tensor::FromElementsOp::create(b, loc, RankedTensorType::get({}, elem),
                                        ValueRange{asFloat});
}

//===----------------------------------------------------------------------===//
// Shorthands for rules
//===----------------------------------------------------------------------===//

namespace {

/// The normalized, sorted axes of a reduction over a tensor of `rank`.
SmallVector<int64_t> normalizedAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t a : axes)
    result.push_back(*normalizeAxis(a, rank));
  llvm::sort(result);
  return result;
}

using UnaryFn = std::function<Value(Emitter &, Operation *, Value dy)>;
using BinaryFn =
    std::function<std::pair<Value, Value>(Emitter &, Operation *, Value dy)>;

/// A rule for a one-operand op with one float result.
void addUnary(GradientRuleTable &table, StringRef name, UnaryFn fn) {
  table.add(name, [fn](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                       SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    Value dx = fn(e, op, dys[0]);
    dxs.push_back(dx ? castTo(b, op->getLoc(), dx, op->getOperand(0).getType())
                     : Value());
    return success();
  });
}

/// A rule for a broadcasting binary op: `fn` gives the gradients at the
/// result's shape, which are summed back to each operand's.
void addBinary(GradientRuleTable &table, StringRef name, BinaryFn fn) {
  table.add(name, [fn](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                       SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    auto [dl, dr] = fn(e, op, dys[0]);
    Value raw[] = {dl, dr};
    for (auto [operand, g] : llvm::zip(op->getOperands(), raw))
      dxs.push_back(g ? reduceToShapeOf(b, op->getLoc(), g, operand) : Value());
    return success();
  });
}

/// Unary ops whose gradient is zero wherever it exists.
LogicalResult noGradient(OpBuilder &, Operation *op, ArrayRef<Value>,
                         SmallVectorImpl<Value> &dxs) {
  dxs.append(op->getNumOperands(), Value());
  return success();
}

Value x0(Operation *op) { return op->getOperand(0); }
Value y0(Operation *op) { return op->getResult(0); }

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

void addElementwiseRules(GradientRuleTable &t) {
  addBinary(t, AddOp::getOperationName(), [](Emitter &, Operation *, Value dy) {
    return std::make_pair(dy, dy);
  });
  addBinary(t, SubOp::getOperationName(),
            [](Emitter &e, Operation *, Value dy) {
              return std::make_pair(dy, e.neg(dy));
            });
  addBinary(t, MulOp::getOperationName(),
            [](Emitter &e, Operation *op, Value dy) {
              return std::make_pair(e.mul(dy, op->getOperand(1)),
                                    e.mul(dy, op->getOperand(0)));
            });
  // d(x/y) = dy/y, -dy*x/y^2.
  addBinary(t, DivOp::getOperationName(),
            [](Emitter &e, Operation *op, Value dy) {
              Value x = op->getOperand(0), y = op->getOperand(1);
              Value dx = e.div(dy, y);
              return std::make_pair(dx, e.neg(e.div(e.mul(dx, x), y)));
            });
  // z = x^y: dx = dy*y*x^(y-1); dy = dy*z*log(x) where x > 0, else 0.
  addBinary(
      t, PowOp::getOperationName(), [](Emitter &e, Operation *op, Value dz) {
        Value x = op->getOperand(0), y = op->getOperand(1),
              z = op->getResult(0);
        Value xm1 = PowOp::create(e.b, e.loc, x, e.sub(y, e.scalar(y, 1.0)));
        Value dx = e.mul(dz, e.mul(y, xm1));
        Value zero = e.scalar(x, 0.0);
        Value positive = GreaterOp::create(e.b, e.loc, x, zero);
        Value safeX = e.select(positive, x, e.scalar(x, 1.0));
        Value logX = e.select(positive, LogOp::create(e.b, e.loc, safeX), zero);
        return std::make_pair(dx, e.mul(dz, e.mul(z, logX)));
      });
  // Ties go to the lhs, as in TensorFlow.
  addBinary(t, MaximumOp::getOperationName(),
            [](Emitter &e, Operation *op, Value dy) {
              Value lhsWins = GreaterEqualOp::create(
                  e.b, e.loc, op->getOperand(0), op->getOperand(1));
              Value zero = e.scalar(dy, 0.0);
              return std::make_pair(e.select(lhsWins, dy, zero),
                                    e.select(lhsWins, zero, dy));
            });
  addBinary(t, MinimumOp::getOperationName(),
            [](Emitter &e, Operation *op, Value dy) {
              Value lhsWins = LessEqualOp::create(e.b, e.loc, op->getOperand(0),
                                                  op->getOperand(1));
              Value zero = e.scalar(dy, 0.0);
              return std::make_pair(e.select(lhsWins, dy, zero),
                                    e.select(lhsWins, zero, dy));
            });
  // x - floor(x/y)*y: dx = dy, dy = -dy*floor(x/y).
  addBinary(t, FloorModOp::getOperationName(),
            [](Emitter &e, Operation *op, Value dz) {
              Value q = FloorOp::create(
                  e.b, e.loc, e.div(op->getOperand(0), op->getOperand(1)));
              return std::make_pair(dz, e.neg(e.mul(dz, q)));
            });
  // x - trunc(x/y)*y: dx = dy, dy = -dy*trunc(x/y).
  addBinary(t, ModOp::getOperationName(),
            [](Emitter &e, Operation *op, Value dz) {
              Value q = e.div(op->getOperand(0), op->getOperand(1));
              Value negative = LessOp::create(e.b, e.loc, q, e.scalar(q, 0.0));
              Value trunc = e.select(negative, CeilOp::create(e.b, e.loc, q),
                                     FloorOp::create(e.b, e.loc, q));
              return std::make_pair(dz, e.neg(e.mul(dz, trunc)));
            });

  // select: each branch gets dy where it was chosen; cond gets nothing.
  t.add<SelectOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                     SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    auto select = cast<SelectOp>(op);
    Value dy = dys[0], zero = e.scalar(dy, 0.0);
    dxs.push_back(Value());
    dxs.push_back(reduceToShapeOf(b, op->getLoc(),
                                  e.select(select.getCond(), dy, zero),
                                  select.getOnTrue()));
    dxs.push_back(reduceToShapeOf(b, op->getLoc(),
                                  e.select(select.getCond(), zero, dy),
                                  select.getOnFalse()));
    return success();
  });

  addUnary(t, NegOp::getOperationName(),
           [](Emitter &e, Operation *, Value dy) { return e.neg(dy); });
  addUnary(t, AbsOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             return e.mul(dy, SignOp::create(e.b, e.loc, x0(op)));
           });
  // From the result, as TensorFlow's ReluGrad does.
  addUnary(t, ReluOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value y = y0(op);
             return e.select(GreaterOp::create(e.b, e.loc, y, e.scalar(y, 0.0)),
                             dy, e.scalar(dy, 0.0));
           });
  addUnary(
      t, ExpOp::getOperationName(),
      [](Emitter &e, Operation *op, Value dy) { return e.mul(dy, y0(op)); });
  addUnary(
      t, LogOp::getOperationName(),
      [](Emitter &e, Operation *op, Value dy) { return e.div(dy, x0(op)); });
  addUnary(t, SqrtOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             return e.div(e.mul(dy, e.scalar(dy, 0.5)), y0(op));
           });
  // d rsqrt(x) = -y^3/2.
  addUnary(t, RsqrtOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value y = y0(op);
             return e.mul(e.mul(dy, e.scalar(dy, -0.5)), e.mul(y, e.mul(y, y)));
           });
  addUnary(t, TanhOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value y = y0(op);
             return e.mul(dy, e.sub(e.scalar(y, 1.0), e.mul(y, y)));
           });
  addUnary(t, SigmoidOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value y = y0(op);
             return e.mul(dy, e.mul(y, e.sub(e.scalar(y, 1.0), y)));
           });
  addUnary(t, ErfOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value x = x0(op);
             Value g = ExpOp::create(e.b, e.loc, e.neg(e.mul(x, x)));
             return e.mul(dy, e.mul(g, e.scalar(x, 2.0 / std::sqrt(M_PI))));
           });
  addUnary(
      t, GeluOp::getOperationName(), [](Emitter &e, Operation *op, Value dy) {
        Value x = x0(op);
        Value half = e.scalar(x, 0.5), one = e.scalar(x, 1.0);
        if (cast<GeluOp>(op).getTanhApproximation()) {
          // y = x/2 * (1 + tanh(u)), u = c*(x + k*x^3).
          const double c = std::sqrt(2.0 / M_PI), k = 0.044715;
          Value x2 = e.mul(x, x);
          Value u = e.mul(e.scalar(x, c),
                          e.add(x, e.mul(e.scalar(x, k), e.mul(x2, x))));
          Value th = TanhOp::create(e.b, e.loc, u);
          Value du =
              e.mul(e.scalar(x, c), e.add(one, e.mul(e.scalar(x, 3 * k), x2)));
          Value d = e.add(
              e.mul(half, e.add(one, th)),
              e.mul(e.mul(half, x), e.mul(e.sub(one, e.mul(th, th)), du)));
          return e.mul(dy, d);
        }
        // y = x*Phi(x): Phi(x) + x*phi(x).
        Value cdf = e.mul(
            half, e.add(one, ErfOp::create(e.b, e.loc,
                                           e.mul(x, e.scalar(x, M_SQRT1_2)))));
        Value pdf = e.mul(
            e.scalar(x, 1.0 / std::sqrt(2.0 * M_PI)),
            ExpOp::create(e.b, e.loc, e.mul(e.mul(x, x), e.scalar(x, -0.5))));
        return e.mul(dy, e.add(cdf, e.mul(x, pdf)));
      });
  addUnary(t, SoftplusOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             return e.mul(dy, SigmoidOp::create(e.b, e.loc, x0(op)));
           });
  addUnary(t, ReciprocalOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value y = y0(op);
             return e.neg(e.mul(dy, e.mul(y, y)));
           });
  addUnary(t, SinOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             return e.mul(dy, CosOp::create(e.b, e.loc, x0(op)));
           });
  addUnary(t, CosOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             return e.neg(e.mul(dy, SinOp::create(e.b, e.loc, x0(op))));
           });
  addUnary(t, TanOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value y = y0(op);
             return e.mul(dy, e.add(e.scalar(y, 1.0), e.mul(y, y)));
           });
  // 1 - x^2 and friends.
  auto oneMinusSquare = [](Emitter &e, Value x) {
    return e.sub(e.scalar(x, 1.0), e.mul(x, x));
  };
  addUnary(t, AsinOp::getOperationName(),
           [=](Emitter &e, Operation *op, Value dy) {
             return e.mul(
                 dy, RsqrtOp::create(e.b, e.loc, oneMinusSquare(e, x0(op))));
           });
  addUnary(
      t, AcosOp::getOperationName(), [=](Emitter &e, Operation *op, Value dy) {
        return e.neg(
            e.mul(dy, RsqrtOp::create(e.b, e.loc, oneMinusSquare(e, x0(op)))));
      });
  addUnary(t, AtanOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             Value x = x0(op);
             return e.div(dy, e.add(e.scalar(x, 1.0), e.mul(x, x)));
           });
  addUnary(t, SinhOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             return e.mul(dy, CoshOp::create(e.b, e.loc, x0(op)));
           });
  addUnary(t, CoshOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) {
             return e.mul(dy, SinhOp::create(e.b, e.loc, x0(op)));
           });
  addUnary(
      t, AsinhOp::getOperationName(), [](Emitter &e, Operation *op, Value dy) {
        Value x = x0(op);
        return e.mul(dy, RsqrtOp::create(e.b, e.loc,
                                         e.add(e.mul(x, x), e.scalar(x, 1.0))));
      });
  addUnary(
      t, AcoshOp::getOperationName(), [](Emitter &e, Operation *op, Value dy) {
        Value x = x0(op);
        return e.mul(dy, RsqrtOp::create(e.b, e.loc,
                                         e.sub(e.mul(x, x), e.scalar(x, 1.0))));
      });
  addUnary(t, AtanhOp::getOperationName(),
           [=](Emitter &e, Operation *op, Value dy) {
             return e.div(dy, oneMinusSquare(e, x0(op)));
           });

  // Piecewise constant: no gradient flows (zero where it exists).
  for (StringRef name :
       {SignOp::getOperationName(), FloorOp::getOperationName(),
        CeilOp::getOperationName(), RoundOp::getOperationName()})
    t.add(name, noGradient);

  // Only float-to-float casts carry a gradient, converted back.
  addUnary(t, CastOp::getOperationName(),
           [](Emitter &e, Operation *op, Value dy) -> Value {
             Type from = tensorType(x0(op)).getElementType();
             if (!isa<FloatType>(from))
               return Value();
             return e.toFloat(dy, from);
           });
}

//===----------------------------------------------------------------------===//
// Contractions, reductions, softmax
//===----------------------------------------------------------------------===//

void addMatMulRule(GradientRuleTable &t) {
  // C = op(A) op(B), op = transpose or not; TensorFlow's _MatMulGrad. The
  // batch dimensions broadcast, so each gradient is summed back.
  t.add<MatMulOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                     SmallVectorImpl<Value> &dxs) {
    auto mm = cast<MatMulOp>(op);
    Location loc = op->getLoc();
    Value a = mm.getA(), bb = mm.getB(), dc = dys[0];
    bool ta = mm.getTransposeA(), tb = mm.getTransposeB();
    auto matmul = [&](Value x, Value y, bool tx, bool ty) -> Value {
      return MatMulOp::create(b, loc, x, y, tx, ty);
    };
    Value da, db;
    if (!ta && !tb) {
      da = matmul(dc, bb, false, true);
      db = matmul(a, dc, true, false);
    } else if (!ta && tb) {
      da = matmul(dc, bb, false, false);
      db = matmul(dc, a, true, false);
    } else if (ta && !tb) {
      da = matmul(bb, dc, false, true);
      db = matmul(a, dc, false, false);
    } else {
      da = matmul(bb, dc, true, true);
      db = matmul(dc, a, true, true);
    }
    dxs.push_back(reduceToShapeOf(b, loc, da, a));
    dxs.push_back(reduceToShapeOf(b, loc, db, bb));
    return success();
  });
}

/// For a reduction op: x, the normalized axes, dy in keep_dims form, and
/// the result in keep_dims form when `withResult` (only max and min use it).
struct ReduceParts {
  Value x, y, dy;
  SmallVector<int64_t> axes;
};
template <typename OpT>
ReduceParts reduceParts(OpBuilder &b, OpT op, Value dy,
                        bool withResult = false) {
  ReduceParts p;
  p.x = op.getInput();
  p.axes = normalizedAxes(op.getAxes(), tensorType(p.x).getRank());
  bool keep = op.getKeepDims();
  p.dy = keep ? dy : insertUnitDims(b, op.getLoc(), dy, p.axes);
  if (withResult)
    p.y = keep ? op.getResult()
               : insertUnitDims(b, op.getLoc(), op.getResult(), p.axes);
  return p;
}

void addReductionRules(GradientRuleTable &t) {
  t.add<ReduceSumOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                        SmallVectorImpl<Value> &dxs) {
    ReduceParts p = reduceParts(b, cast<ReduceSumOp>(op), dys[0]);
    dxs.push_back(broadcastLike(b, op->getLoc(), p.dy, p.x));
    return success();
  });
  t.add<ReduceMeanOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                         SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    ReduceParts p = reduceParts(b, cast<ReduceMeanOp>(op), dys[0]);
    Value count = countAlong(b, op->getLoc(), p.x, p.axes,
                             tensorType(p.x).getElementType());
    dxs.push_back(broadcastLike(b, op->getLoc(), e.div(p.dy, count), p.x));
    return success();
  });
  // The gradient is shared by the elements equal to the extreme (TF).
  auto extreme = [](OpBuilder &b, Operation *op, ReduceParts p,
                    SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    Type elem = tensorType(p.x).getElementType();
    Value hits = e.toFloat(EqualOp::create(b, op->getLoc(), p.x, p.y), elem);
    Value count = e.sumKeep(hits, p.axes);
    dxs.push_back(castTo(b, op->getLoc(), e.mul(e.div(hits, count), p.dy),
                         p.x.getType()));
    return success();
  };
  t.add<ReduceMaxOp>([=](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                         SmallVectorImpl<Value> &dxs) {
    return extreme(b, op, reduceParts(b, cast<ReduceMaxOp>(op), dys[0], true),
                   dxs);
  });
  t.add<ReduceMinOp>([=](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                         SmallVectorImpl<Value> &dxs) {
    return extreme(b, op, reduceParts(b, cast<ReduceMinOp>(op), dys[0], true),
                   dxs);
  });
  // The product of the other elements, exact when some are zero: with no
  // zero in the slice it is prod/x, with exactly one it is the product of
  // the non-zeros at the zero and 0 elsewhere, with more it is 0.
  t.add<ReduceProdOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                         SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    Location loc = op->getLoc();
    ReduceParts p = reduceParts(b, cast<ReduceProdOp>(op), dys[0]);
    Value x = p.x, zero = e.scalar(x, 0.0), one = e.scalar(x, 1.0);
    Type elem = tensorType(x).getElementType();
    Value isZero = EqualOp::create(b, loc, x, zero);
    Value zeros = e.sumKeep(e.toFloat(isZero, elem), p.axes);
    Value nonZeroProd = ReduceProdOp::create(
        b, loc, e.select(isZero, one, x), b.getDenseI64ArrayAttr(p.axes), true);
    Value noZero = EqualOp::create(b, loc, zeros, zero);
    Value theZero = LogicalAndOp::create(
        b, loc, EqualOp::create(b, loc, zeros, one), isZero);
    Value others = e.select(noZero, e.div(nonZeroProd, x),
                            e.select(theZero, nonZeroProd, zero));
    dxs.push_back(castTo(b, loc, e.mul(others, p.dy), x.getType()));
    return success();
  });

  // dx = y * (dy - sum(dy * y)), from the result.
  t.add<SoftmaxOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                      SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    auto sm = cast<SoftmaxOp>(op);
    Value y = sm.getResult(), dy = dys[0];
    int64_t axis = *normalizeAxis(sm.getAxis(), tensorType(y).getRank());
    dxs.push_back(e.mul(y, e.sub(dy, e.sumKeep(e.mul(dy, y), {axis}))));
    return success();
  });
  // dx = dy - exp(y) * sum(dy).
  t.add<LogSoftmaxOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                         SmallVectorImpl<Value> &dxs) {
    Emitter e{b, op->getLoc()};
    auto lsm = cast<LogSoftmaxOp>(op);
    Value y = lsm.getResult(), dy = dys[0];
    int64_t axis = *normalizeAxis(lsm.getAxis(), tensorType(y).getRank());
    dxs.push_back(e.sub(
        dy, e.mul(ExpOp::create(b, op->getLoc(), y), e.sumKeep(dy, {axis}))));
    return success();
  });

  // The reverse scan of dy, with the same exclusive flag.
  t.add<CumsumOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                     SmallVectorImpl<Value> &dxs) {
    auto cs = cast<CumsumOp>(op);
    dxs.push_back(CumsumOp::create(
        b, op->getLoc(), dys[0], b.getI64IntegerAttr(cs.getAxis()),
        cs.getExclusive() ? b.getUnitAttr() : nullptr,
        cs.getReverse() ? nullptr : b.getUnitAttr()));
    return success();
  });
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

OpFoldResult foldedDim(OpBuilder &b, Location loc, Value v, int64_t d) {
  auto type = tensorType(v);
  if (!type.isDynamicDim(d))
    return b.getIndexAttr(type.getDimSize(d));
  return dimOf(b, loc, v, d);
}

/// `v` reshaped to `like`'s type.
Value reshapeLike(OpBuilder &b, Location loc, Value v, Value like) {
  auto type = tensorType(like);
  if (type.getNumDynamicDims() <= 1) {
    SmallVector<int64_t> shape(type.getShape());
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = -1;
    return castTo(b, loc,
                  ReshapeOp::create(b, loc, v, b.getDenseI64ArrayAttr(shape)),
                  type);
  }
  // Several run-time sizes: tensor.reshape with the shape as a tensor.
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    sizes.push_back(arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                               dimOf(b, loc, like, d)));
  Value shape = tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({type.getRank()}, b.getI64Type()), sizes);
  return tensor::ReshapeOp::create(b, loc, type, v, shape);
}

void addShapeRules(GradientRuleTable &t) {
  t.add<ReshapeOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                      SmallVectorImpl<Value> &dxs) {
    dxs.push_back(reshapeLike(b, op->getLoc(), dys[0], x0(op)));
    return success();
  });
  t.add<DynamicReshapeOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                             SmallVectorImpl<Value> &dxs) {
    dxs.push_back(reshapeLike(b, op->getLoc(), dys[0], x0(op)));
    dxs.push_back(Value()); // the shape
    return success();
  });
  t.add<ExpandDimsOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                         SmallVectorImpl<Value> &dxs) {
    dxs.push_back(SqueezeOp::create(b, op->getLoc(), dys[0],
                                    cast<ExpandDimsOp>(op).getAxesAttr()));
    return success();
  });
  t.add<SqueezeOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                      SmallVectorImpl<Value> &dxs) {
    Value dx = ExpandDimsOp::create(b, op->getLoc(), dys[0],
                                    cast<SqueezeOp>(op).getAxesAttr());
    dxs.push_back(castTo(b, op->getLoc(), dx, tensorType(x0(op))));
    return success();
  });
  // The list's gradient without the item's row, and that row.
  t.add<SetItemOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                      SmallVectorImpl<Value> &dxs) {
    auto setItem = cast<SetItemOp>(op);
    Location loc = op->getLoc();
    Value item = setItem.getItem(), index = setItem.getIndex();
    // The row is read before the list's gradient overwrites it, so that
    // the overwrite can happen in place.
    Value row = castTo(b, loc, GatherOp::create(b, loc, dys[0], index, 0),
                       item.getType());
    dxs.push_back(
        SetItemOp::create(b, loc, dys[0], index, zerosLike(b, loc, item)));
    dxs.push_back(Value());
    dxs.push_back(row);
    return success();
  });
  t.add<TransposeOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                        SmallVectorImpl<Value> &dxs) {
    ArrayRef<int64_t> perm = cast<TransposeOp>(op).getPerm();
    SmallVector<int64_t> inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      inverse[p] = i;
    dxs.push_back(castTo(b, op->getLoc(),
                         TransposeOp::create(b, op->getLoc(), dys[0],
                                             b.getDenseI64ArrayAttr(inverse)),
                         x0(op).getType()));
    return success();
  });
  t.add<BroadcastToOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                          SmallVectorImpl<Value> &dxs) {
    dxs.push_back(reduceToShapeOf(b, op->getLoc(), dys[0], x0(op)));
    return success();
  });
  // Each input gets its block of dy along the axis.
  t.add<ConcatOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                     SmallVectorImpl<Value> &dxs) {
    auto concat = cast<ConcatOp>(op);
    Location loc = op->getLoc();
    int64_t rank = tensorType(dys[0]).getRank();
    int64_t axis = *normalizeAxis(concat.getAxis(), rank);
    OpFoldResult offset = b.getIndexAttr(0);
    for (Value input : concat.getInputs()) {
      SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)), sizes,
          strides(rank, b.getIndexAttr(1));
      offsets[axis] = offset;
      for (int64_t d = 0; d < rank; ++d)
        sizes.push_back(foldedDim(b, loc, input, d));
      Value part = tensor::ExtractSliceOp::create(b, loc, dys[0], offsets,
                                                  sizes, strides);
      dxs.push_back(isFloatTensor(input.getType())
                        ? castTo(b, loc, part, input.getType())
                        : Value());
      // The next block starts after this one.
      auto staticOf = [](OpFoldResult r) -> std::optional<int64_t> {
        if (auto attr = dyn_cast<Attribute>(r))
          return cast<IntegerAttr>(attr).getInt();
        return std::nullopt;
      };
      auto lhs = staticOf(offset), rhs = staticOf(sizes[axis]);
      if (lhs && rhs) {
        offset = b.getIndexAttr(*lhs + *rhs);
      } else {
        auto asValue = [&](OpFoldResult r) -> Value {
          if (auto v = dyn_cast<Value>(r))
            return v;
          return arith::ConstantIndexOp::create(b, loc, *staticOf(r));
        };
        offset =
            arith::AddIOp::create(b, loc, asValue(offset), asValue(sizes[axis]))
                .getResult();
      }
    }
    return success();
  });
  // dy written into zeros of the input's shape at the block's place.
  t.add<SliceOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                    SmallVectorImpl<Value> &dxs) {
    auto slice = cast<SliceOp>(op);
    Location loc = op->getLoc();
    Value dy = dys[0], x = slice.getInput();
    int64_t rank = tensorType(x).getRank();
    SmallVector<OpFoldResult> offsets, sizes, strides(rank, b.getIndexAttr(1));
    for (int64_t d = 0; d < rank; ++d) {
      offsets.push_back(b.getIndexAttr(slice.getBegin()[d]));
      sizes.push_back(foldedDim(b, loc, dy, d));
    }
    dxs.push_back(tensor::InsertSliceOp::create(
        b, loc, dy, zerosLike(b, loc, x), offsets, sizes, strides));
    return success();
  });
}

//===----------------------------------------------------------------------===//
// Index ops
//===----------------------------------------------------------------------===//

/// Transposes `v` so that dimensions [from, from + count) come first.
Value moveToFront(OpBuilder &b, Location loc, Value v, int64_t from,
                  int64_t count) {
  int64_t rank = tensorType(v).getRank();
  if (from == 0)
    return v;
  SmallVector<int64_t> perm;
  for (int64_t i = from; i < from + count; ++i)
    perm.push_back(i);
  for (int64_t i = 0; i < rank; ++i)
    if (i < from || i >= from + count)
      perm.push_back(i);
  return TransposeOp::create(b, loc, v, b.getDenseI64ArrayAttr(perm));
}

/// Transposes `v` so that its dimension 0 moves to position `to`.
Value moveFrontTo(OpBuilder &b, Location loc, Value v, int64_t to) {
  int64_t rank = tensorType(v).getRank();
  if (to == 0)
    return v;
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    perm.push_back(i < to ? i + 1 : i == to ? 0 : i);
  return TransposeOp::create(b, loc, v, b.getDenseI64ArrayAttr(perm));
}

void addIndexRules(GradientRuleTable &t) {
  // The sparse gradient of an embedding lookup: dy's slices summed into the
  // rows they were read from (unsorted_segment_sum), with the indices
  // normalized and clamped as gather does.
  t.add<GatherOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                     SmallVectorImpl<Value> &dxs) -> LogicalResult {
    auto gather = cast<GatherOp>(op);
    Location loc = op->getLoc();
    Emitter e{b, loc};
    Value params = gather.getParams(), indices = gather.getIndices();
    auto paramsType = tensorType(params);
    int64_t axis = *normalizeAxis(gather.getAxis(), paramsType.getRank());
    int64_t n = paramsType.getDimSize(axis);
    if (axis == 0 && tensorType(indices).getRank() == 0 &&
        gather.getNonnegativeIndices()) {
      // One row, as loops read them: the row's gradient in zeros of any
      // shape.
      Value dy =
          castTo(b, loc, dys[0], cast<RankedTensorType>(gather.getType()));
      dxs.push_back(
          SetItemOp::create(b, loc, zerosLike(b, loc, params), indices, dy));
      dxs.push_back(Value());
      return success();
    }
    if (ShapedType::isDynamic(n) && axis == 0) {
      // Rows known only at run time (dynamic_partition's): dy's slices
      // added into zeros of params' shape (tfcc.scatter), negative
      // indices counted from the end as gather reads them.
      Type indexType = tensorType(indices).getElementType();
      Value rows = DimOp::create(b, loc, params, 0);
      if (!indexType.isInteger(64))
        rows = CastOp::create(b, loc, RankedTensorType::get({}, indexType),
                              rows, TypeAttr::get(indexType));
      Value negative = LessOp::create(b, loc, indices, e.scalar(indices, 0));
      Value ids = e.select(negative, e.add(indices, rows), indices);
      Value dy =
          castTo(b, loc, dys[0], cast<RankedTensorType>(gather.getType()));
      dxs.push_back(ScatterOp::create(b, loc, params.getType(), "add",
                                      zerosLike(b, loc, params), ids, dy));
      dxs.push_back(Value());
      return success();
    }
    if (ShapedType::isDynamic(n))
      return emitError(op->getLoc(),
                       "tfcc.gradients: the gradient of 'tfcc.gather' "
                       "needs a static size along axis ")
             << axis << " of its params";
    Value ids = indices;
    Value negative = LessOp::create(b, loc, ids, e.scalar(ids, 0));
    ids = e.select(negative, e.add(ids, e.scalar(ids, n)), ids);
    ids = MinimumOp::create(b, loc,
                            MaximumOp::create(b, loc, ids, e.scalar(ids, 0)),
                            e.scalar(ids, n - 1));
    int64_t indexRank = tensorType(indices).getRank();
    Value data = moveToFront(b, loc, dys[0], axis, indexRank);
    Value sums =
        UnsortedSegmentSumOp::create(b, loc, data, ids, b.getI64IntegerAttr(n));
    dxs.push_back(
        castTo(b, loc, moveFrontTo(b, loc, sums, axis), params.getType()));
    dxs.push_back(Value());
    return success();
  });
  // Each data slice gets its segment's gradient; ids outside the segments
  // were dropped, so they get zeros.
  t.add<UnsortedSegmentSumOp>([](OpBuilder &b, Operation *op,
                                 ArrayRef<Value> dys,
                                 SmallVectorImpl<Value> &dxs) {
    auto uss = cast<UnsortedSegmentSumOp>(op);
    Location loc = op->getLoc();
    Emitter e{b, loc};
    Value ids = uss.getSegmentIds(), data = uss.getData();
    int64_t idRank = tensorType(ids).getRank();
    int64_t dataRank = tensorType(data).getRank();
    Value inRange = LogicalAndOp::create(
        b, loc, GreaterEqualOp::create(b, loc, ids, e.scalar(ids, 0)),
        LessOp::create(
            b, loc, ids,
            e.scalar(ids, static_cast<double>(uss.getNumSegments()))));
    // Dropped ids read segment 0 (then masked): gather refuses them.
    Value gathered = GatherOp::create(b, loc, dys[0],
                                      e.select(inRange, ids, e.scalar(ids, 0)),
                                      b.getI64IntegerAttr(0));
    auto trailing = llvm::to_vector(llvm::seq<int64_t>(idRank, dataRank));
    Value mask = insertUnitDims(b, loc, inRange, trailing);
    dxs.push_back(castTo(b, loc,
                         e.select(mask, gathered, e.scalar(gathered, 0.0)),
                         data.getType()));
    dxs.push_back(Value());
    return success();
  });
  // on_value gets the sum of dy where the index hits, off_value the rest.
  t.add<OneHotOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                     SmallVectorImpl<Value> &dxs) {
    auto oneHot = cast<OneHotOp>(op);
    Location loc = op->getLoc();
    Emitter e{b, loc};
    Value dy = dys[0];
    Value hits = OneHotOp::create(b, loc, oneHot.getIndices(),
                                  e.scalar(dy, 1.0), e.scalar(dy, 0.0),
                                  b.getI64IntegerAttr(oneHot.getDepth()),
                                  b.getI64IntegerAttr(oneHot.getAxis()));
    Value on = e.sumAll(e.mul(dy, hits));
    Value off = e.sub(e.sumAll(dy), on);
    dxs.push_back(Value());
    dxs.push_back(castTo(b, loc, on, oneHot.getOnValue().getType()));
    dxs.push_back(castTo(b, loc, off, oneHot.getOffValue().getType()));
    return success();
  });
  // The values' gradient goes back to the positions they came from:
  // sum over k of dy[..., k] * one_hot(indices[..., k], n).
  t.add<TopKOp>([](OpBuilder &b, Operation *op, ArrayRef<Value> dys,
                   SmallVectorImpl<Value> &dxs) -> LogicalResult {
    auto topk = cast<TopKOp>(op);
    Location loc = op->getLoc();
    Emitter e{b, loc};
    Value x = topk.getInput();
    int64_t rank = tensorType(x).getRank();
    int64_t axis = *normalizeAxis(topk.getAxis(), rank);
    int64_t n = tensorType(x).getDimSize(axis);
    if (ShapedType::isDynamic(n))
      return emitError(op->getLoc(),
                       "tfcc.gradients: the gradient of 'tfcc.top_k' "
                       "needs a static size along axis ")
             << axis;
    Value dy = dys[0];
    if (!dy) {
      dxs.push_back(Value());
      return success();
    }
    // Positions along a new dimension after the axis: [..., k, n, ...].
    Value hits = OneHotOp::create(b, loc, topk.getIndices(), e.scalar(dy, 1.0),
                                  e.scalar(dy, 0.0), b.getI64IntegerAttr(n),
                                  b.getI64IntegerAttr(axis + 1));
    Value spread = e.mul(hits, insertUnitDims(b, loc, dy, {axis + 1}));
    Value dx = ReduceSumOp::create(b, loc, spread,
                                   b.getDenseI64ArrayAttr({axis}), false);
    dxs.push_back(castTo(b, loc, dx, x.getType()));
    return success();
  });
}

} // namespace

void mlir::tfcc::addCoreGradientRules(GradientRuleTable &table) {
  addElementwiseRules(table);
  addMatMulRule(table);
  addReductionRules(table);
  addShapeRules(table);
  addIndexRules(table);
}
