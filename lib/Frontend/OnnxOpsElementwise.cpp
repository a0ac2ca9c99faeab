//===- OnnxOpsElementwise.cpp - ONNX elementwise ops ---------------------===//
//
// Arithmetic, comparisons, logic and activations. Activations the dialect
// has no op for are written with the ops it has (LeakyRelu as a select,
// HardSigmoid as a clamp...).
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::tfcc::onnx_import;

static bool isFloatValue(Value v) {
  return v && isa<FloatType>(cast<RankedTensorType>(v.getType())
                                 .getElementType());
}

/// One tfcc binary op with numpy broadcasting.
template <const char *Name>
static LogicalResult importBinary(OnnxNode &n) {
  n.setOutput(0, n.binary(Name, n.input(0), n.input(1)));
  return n.finish();
}

/// One tfcc unary op on floats (ints are unsupported there).
template <const char *Name>
static LogicalResult importFloatUnary(OnnxNode &n) {
  Value x = n.input(0);
  if (x && !isFloatValue(x))
    return n.unsupported("integer input");
  n.setOutput(0, n.unary(Name, x));
  return n.finish();
}

template <const char *Name>
static LogicalResult importUnary(OnnxNode &n) {
  n.setOutput(0, n.unary(Name, n.input(0)));
  return n.finish();
}

static constexpr char kAdd[] = "add", kSub[] = "sub", kMul[] = "mul",
                      kDiv[] = "div", kEqual[] = "equal", kLess[] = "less",
                      kGreater[] = "greater", kLessEqual[] = "less_equal",
                      kGreaterEqual[] = "greater_equal", kNeg[] = "neg",
                      kAbs[] = "abs", kRelu[] = "relu", kExp[] = "exp",
                      kLog[] = "log", kSqrt[] = "sqrt", kTanh[] = "tanh",
                      kSigmoid[] = "sigmoid", kErf[] = "erf",
                      kFloor[] = "floor", kCeil[] = "ceil",
                      kRound[] = "round", kSin[] = "sin", kCos[] = "cos",
                      kTan[] = "tan", kAsin[] = "asin", kAcos[] = "acos",
                      kAtan[] = "atan", kSinh[] = "sinh", kCosh[] = "cosh",
                      kAsinh[] = "asinh", kAcosh[] = "acosh",
                      kAtanh[] = "atanh";

static LogicalResult importPow(OnnxNode &n) {
  Value base = n.input(0), exponent = n.input(1);
  if (base && exponent) {
    Type elem = cast<RankedTensorType>(base.getType()).getElementType();
    exponent = n.cast(exponent, elem);
  }
  n.setOutput(0, n.binary("pow", base, exponent));
  return n.finish();
}

/// Max, Min, Sum, Mean: variadic with broadcasting.
static LogicalResult importVariadic(OnnxNode &n, StringRef name, bool mean) {
  Value acc = n.input(0);
  for (unsigned i = 1; i < n.numInputs(); ++i)
    acc = n.binary(name, acc, n.input(i));
  if (mean && n.numInputs() > 1)
    acc = n.binary("div", acc, n.scalarLike(acc, n.numInputs()));
  n.setOutput(0, acc);
  return n.finish();
}
static LogicalResult importMax(OnnxNode &n) {
  return importVariadic(n, "maximum", false);
}
static LogicalResult importMin(OnnxNode &n) {
  return importVariadic(n, "minimum", false);
}
static LogicalResult importSum(OnnxNode &n) {
  return importVariadic(n, "add", false);
}
static LogicalResult importMean(OnnxNode &n) {
  return importVariadic(n, "add", true);
}

static LogicalResult importReciprocal(OnnxNode &n) {
  Value x = n.input(0);
  if (n.hasOp("reciprocal"))
    n.setOutput(0, n.unary("reciprocal", x));
  else
    n.setOutput(0, n.binary("div", n.scalarLike(x, 1.0), x));
  return n.finish();
}

static LogicalResult importSign(OnnxNode &n) {
  Value x = n.input(0);
  if (n.hasOp("sign")) {
    n.setOutput(0, n.unary("sign", x));
    return n.finish();
  }
  Value zero = n.scalarLike(x, 0), one = n.scalarLike(x, 1),
        minusOne = n.scalarLike(x, -1);
  Value neg = n.op("select", {n.binary("less", x, zero), minusOne, zero});
  n.setOutput(0, n.op("select", {n.binary("greater", x, zero), one, neg}));
  return n.finish();
}

static LogicalResult importSoftplus(OnnxNode &n) {
  Value x = n.input(0);
  if (n.hasOp("softplus")) {
    n.setOutput(0, n.unary("softplus", x));
    return n.finish();
  }
  // max(x, 0) + log(1 + exp(-|x|)) does not overflow.
  Value e = n.unary("exp", n.unary("neg", n.unary("abs", x)));
  Value l = n.unary("log", n.binary("add", e, n.scalarLike(x, 1)));
  n.setOutput(0, n.binary("add", n.unary("relu", x), l));
  return n.finish();
}

static LogicalResult importSoftsign(OnnxNode &n) {
  Value x = n.input(0);
  Value d = n.binary("add", n.unary("abs", x), n.scalarLike(x, 1));
  n.setOutput(0, n.binary("div", x, d));
  return n.finish();
}

/// select(x < 0, neg, x)
static Value negativeBranch(OnnxNode &n, Value x, Value neg) {
  return n.op("select", {n.binary("less", x, n.scalarLike(x, 0)), neg, x});
}

static LogicalResult importLeakyRelu(OnnxNode &n) {
  Value x = n.input(0);
  Value neg = n.binary("mul", x, n.scalarLike(x, n.attrFloat("alpha", 0.01)));
  n.setOutput(0, negativeBranch(n, x, neg));
  return n.finish();
}

static LogicalResult importPRelu(OnnxNode &n) {
  Value x = n.input(0);
  n.setOutput(0, negativeBranch(n, x, n.binary("mul", x, n.input(1))));
  return n.finish();
}

/// alpha * (exp(x) - 1)
static Value expm1Scaled(OnnxNode &n, Value x, double alpha) {
  Value e = n.binary("sub", n.unary("exp", x), n.scalarLike(x, 1));
  return n.binary("mul", e, n.scalarLike(x, alpha));
}

static LogicalResult importElu(OnnxNode &n) {
  Value x = n.input(0);
  n.setOutput(0, negativeBranch(n, x,
                                expm1Scaled(n, x, n.attrFloat("alpha", 1.0))));
  return n.finish();
}

static LogicalResult importSelu(OnnxNode &n) {
  Value x = n.input(0);
  double alpha = n.attrFloat("alpha", 1.67326319217681884765625);
  double gamma = n.attrFloat("gamma", 1.05070102214813232421875);
  Value r = negativeBranch(n, x, expm1Scaled(n, x, alpha));
  n.setOutput(0, n.binary("mul", r, n.scalarLike(x, gamma)));
  return n.finish();
}

static LogicalResult importCelu(OnnxNode &n) {
  Value x = n.input(0);
  double alpha = n.attrFloat("alpha", 1.0);
  Value scaled = n.binary("div", x, n.scalarLike(x, alpha));
  Value neg = n.binary("minimum", n.scalarLike(x, 0),
                       expm1Scaled(n, scaled, alpha));
  n.setOutput(0, n.binary("add", n.unary("relu", x), neg));
  return n.finish();
}

/// max(0, min(1, alpha * x + beta))
static Value hardSigmoid(OnnxNode &n, Value x, double alpha, double beta) {
  Value y = n.binary("add", n.binary("mul", x, n.scalarLike(x, alpha)),
                     n.scalarLike(x, beta));
  y = n.binary("minimum", y, n.scalarLike(x, 1));
  return n.binary("maximum", y, n.scalarLike(x, 0));
}

static LogicalResult importHardSigmoid(OnnxNode &n) {
  Value x = n.input(0);
  n.setOutput(0, hardSigmoid(n, x, n.attrFloat("alpha", 0.2),
                             n.attrFloat("beta", 0.5)));
  return n.finish();
}

static LogicalResult importHardSwish(OnnxNode &n) {
  Value x = n.input(0);
  n.setOutput(0, n.binary("mul", x, hardSigmoid(n, x, 1.0 / 6, 0.5)));
  return n.finish();
}

static LogicalResult importThresholdedRelu(OnnxNode &n) {
  Value x = n.input(0);
  Value c = n.binary("greater", x, n.scalarLike(x, n.attrFloat("alpha", 1.0)));
  n.setOutput(0, n.op("select", {c, x, n.scalarLike(x, 0)}));
  return n.finish();
}

static LogicalResult importShrink(OnnxNode &n) {
  Value x = n.input(0);
  double lambd = n.attrFloat("lambd", 0.5), bias = n.attrFloat("bias", 0.0);
  Value lo = n.binary("less", x, n.scalarLike(x, -lambd));
  Value hi = n.binary("greater", x, n.scalarLike(x, lambd));
  Value inner = n.op("select", {hi, n.binary("sub", x, n.scalarLike(x, bias)),
                                n.scalarLike(x, 0)});
  n.setOutput(0, n.op("select", {lo, n.binary("add", x, n.scalarLike(x, bias)),
                                 inner}));
  return n.finish();
}

static LogicalResult importClip(OnnxNode &n) {
  Value x = n.input(0);
  if (n.opset < 11) {
    // Clip-6: min and max are attributes.
    if (n.hasAttr("min"))
      x = n.binary("maximum", x, n.scalarLike(x, n.attrFloat("min", 0)));
    if (n.hasAttr("max"))
      x = n.binary("minimum", x, n.scalarLike(x, n.attrFloat("max", 0)));
    n.setOutput(0, x);
    return n.finish();
  }
  if (n.hasInput(1))
    x = n.binary("maximum", x, n.input(1));
  if (n.hasInput(2))
    x = n.binary("minimum", x, n.input(2));
  n.setOutput(0, x);
  return n.finish();
}

static LogicalResult importWhere(OnnxNode &n) {
  n.setOutput(0, n.op("select", {n.input(0), n.input(1), n.input(2)}));
  return n.finish();
}

static LogicalResult importNot(OnnxNode &n) {
  Value x = n.input(0);
  if (n.hasOp("logical_not"))
    n.setOutput(0, n.unary("logical_not", x));
  else
    n.setOutput(0, n.binary("equal", x, n.scalarLike(x, 0)));
  return n.finish();
}

static LogicalResult importAnd(OnnxNode &n) {
  Value a = n.input(0), c = n.input(1);
  if (n.hasOp("logical_and"))
    n.setOutput(0, n.binary("logical_and", a, c));
  else
    n.setOutput(0, n.op("select", {a, c, n.scalarLike(a, 0)}));
  return n.finish();
}

static LogicalResult importOr(OnnxNode &n) {
  Value a = n.input(0), c = n.input(1);
  if (n.hasOp("logical_or"))
    n.setOutput(0, n.binary("logical_or", a, c));
  else
    n.setOutput(0, n.op("select", {a, n.scalarLike(a, 1), c}));
  return n.finish();
}

static LogicalResult importXor(OnnxNode &n) {
  Value a = n.input(0), c = n.input(1);
  if (n.hasOp("logical_xor"))
    n.setOutput(0, n.binary("logical_xor", a, c));
  else
    n.setOutput(0, n.binary("not_equal", a, c));
  return n.finish();
}

static LogicalResult importMod(OnnxNode &n) {
  bool fmod = n.attrInt("fmod", 0);
  Value a = n.input(0);
  if (!fmod && isFloatValue(a))
    return n.error("Mod on floats requires fmod = 1");
  n.setOutput(0, n.binary(fmod ? "mod" : "floor_mod", a, n.input(1)));
  return n.finish();
}

static LogicalResult importIsNaN(OnnxNode &n) {
  Value x = n.input(0);
  if (n.hasOp("is_nan"))
    n.setOutput(0, n.unary("is_nan", x));
  else
    n.setOutput(0, n.binary("not_equal", x, x));
  return n.finish();
}

static LogicalResult importIsInf(OnnxNode &n) {
  Value x = n.input(0);
  bool pos = n.attrInt("detect_positive", 1);
  bool neg = n.attrInt("detect_negative", 1);
  double inf = std::numeric_limits<double>::infinity();
  Value posInf = n.binary("equal", x, n.scalarLike(x, inf));
  Value negInf = n.binary("equal", x, n.scalarLike(x, -inf));
  Value falseV = n.scalar(n.b.getI1Type(), 0);
  if (pos && neg)
    n.setOutput(0, n.op("select", {posInf, n.scalar(n.b.getI1Type(), 1),
                                   negInf}));
  else if (pos)
    n.setOutput(0, posInf);
  else if (neg)
    n.setOutput(0, negInf);
  else
    n.setOutput(0, n.op("select", {posInf, falseV, falseV}));
  return n.finish();
}

void mlir::tfcc::onnx_import::registerElementwiseOps(OpTable &t) {
  t["Add"] = importBinary<kAdd>;
  t["Sub"] = importBinary<kSub>;
  t["Mul"] = importBinary<kMul>;
  t["Div"] = importBinary<kDiv>;
  t["Pow"] = importPow;
  t["Equal"] = importBinary<kEqual>;
  t["Less"] = importBinary<kLess>;
  t["Greater"] = importBinary<kGreater>;
  t["LessOrEqual"] = importBinary<kLessEqual>;
  t["GreaterOrEqual"] = importBinary<kGreaterEqual>;
  t["Max"] = importMax;
  t["Min"] = importMin;
  t["Sum"] = importSum;
  t["Mean"] = importMean;
  t["Neg"] = importUnary<kNeg>;
  t["Abs"] = importUnary<kAbs>;
  t["Relu"] = importUnary<kRelu>;
  t["Exp"] = importFloatUnary<kExp>;
  t["Log"] = importFloatUnary<kLog>;
  t["Sqrt"] = importFloatUnary<kSqrt>;
  t["Tanh"] = importFloatUnary<kTanh>;
  t["Sigmoid"] = importFloatUnary<kSigmoid>;
  t["Erf"] = importFloatUnary<kErf>;
  t["Floor"] = importFloatUnary<kFloor>;
  t["Ceil"] = importFloatUnary<kCeil>;
  t["Round"] = importFloatUnary<kRound>;
  t["Sin"] = importFloatUnary<kSin>;
  t["Cos"] = importFloatUnary<kCos>;
  t["Tan"] = importFloatUnary<kTan>;
  t["Asin"] = importFloatUnary<kAsin>;
  t["Acos"] = importFloatUnary<kAcos>;
  t["Atan"] = importFloatUnary<kAtan>;
  t["Sinh"] = importFloatUnary<kSinh>;
  t["Cosh"] = importFloatUnary<kCosh>;
  t["Asinh"] = importFloatUnary<kAsinh>;
  t["Acosh"] = importFloatUnary<kAcosh>;
  t["Atanh"] = importFloatUnary<kAtanh>;
  t["Reciprocal"] = importReciprocal;
  t["Sign"] = importSign;
  t["Softplus"] = importSoftplus;
  t["Softsign"] = importSoftsign;
  t["LeakyRelu"] = importLeakyRelu;
  t["PRelu"] = importPRelu;
  t["Elu"] = importElu;
  t["Selu"] = importSelu;
  t["Celu"] = importCelu;
  t["HardSigmoid"] = importHardSigmoid;
  t["HardSwish"] = importHardSwish;
  t["ThresholdedRelu"] = importThresholdedRelu;
  t["Shrink"] = importShrink;
  t["Clip"] = importClip;
  t["Where"] = importWhere;
  t["Not"] = importNot;
  t["And"] = importAnd;
  t["Or"] = importOr;
  t["Xor"] = importXor;
  t["Mod"] = importMod;
  t["IsNaN"] = importIsNaN;
  t["IsInf"] = importIsInf;
}
