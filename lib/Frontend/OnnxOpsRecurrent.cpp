//===- OnnxOpsRecurrent.cpp - ONNX LSTM, GRU and RNN as loops -------------===//
//
// Each direction is a tfcc.while over the time steps: the input projections
// of all steps are one matmul before the loop; the body reads its step's row,
// applies the cell and writes its h into the output (tfcc.set_item). The
// sequence length and the batch may be dynamic. Forward, reverse and
// bidirectional directions, layout 0 ([seq, batch, feature]) and the default
// activations are supported; sequence_lens must be absent or the full length.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::tfcc::onnx_import;

namespace {
enum class Cell { LSTM, GRU, RNN };

struct Recurrence {
  OnnxNode &n;
  Cell cell;
  int64_t seq = 0, batch = 0, inputSize = 0, hidden = 0, gates = 0;
  int64_t dirs = 1;
  std::string direction;

  Recurrence(OnnxNode &n, Cell cell) : n(n), cell(cell) {
    gates = cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1;
  }

  int64_t dyn(int64_t d) { return ShapedType::isDynamic(d) ? -1 : d; }

  /// Row `d` of a [D, ...] input, without its leading dimension.
  Value direction_slice(unsigned input, int64_t d) {
    Value v = n.input(input);
    RankedTensorType t = v ? cast<RankedTensorType>(v.getType()) : nullptr;
    if (!t)
      return nullptr;
    SmallVector<int64_t> shape;
    for (int64_t s : t.getShape().drop_front())
      shape.push_back(dyn(s));
    return n.reshape(n.sliceAxis(v, 0, d, 1), shape);
  }

  /// x [B, K] times w^T for w [N, K].
  Value linear(Value x, Value w) {
    return n.op("matmul", {x, w}, {n.boolAttr("transpose_b", true)});
  }
  Value cols(Value v, int64_t k) { return n.sliceAxis(v, 1, k * hidden, hidden); }
  Value vec(Value v, int64_t k) { return n.sliceAxis(v, 0, k * hidden, hidden); }
  Value add(Value a, Value b) { return b ? n.binary("add", a, b) : a; }
  Value mul(Value a, Value b) { return n.binary("mul", a, b); }
  Value sigmoid(Value v) { return n.unary("sigmoid", v); }
  Value tanh(Value v) { return n.unary("tanh", v); }

  LogicalResult checkAttrs();
  LogicalResult run();
};
} // namespace

LogicalResult Recurrence::checkAttrs() {
  if (n.attrInt("layout", 0) != 0)
    return n.unsupported("layout 1 (batch first)");
  if (n.hasAttr("clip"))
    return n.unsupported("clip");
  if (n.attrInt("input_forget", 0))
    return n.unsupported("input_forget");
  direction = n.attrString("direction", "forward");
  if (direction == "bidirectional")
    dirs = 2;
  else if (direction != "forward" && direction != "reverse")
    return n.error("unknown direction '" + direction + "'");
  SmallVector<std::string> dflt;
  for (int64_t d = 0; d < dirs; ++d) {
    if (cell == Cell::LSTM)
      dflt.append({"Sigmoid", "Tanh", "Tanh"});
    else if (cell == Cell::GRU)
      dflt.append({"Sigmoid", "Tanh"});
    else
      dflt.push_back("Tanh");
  }
  if (auto acts = n.attrStrings("activations"); acts && *acts != dflt)
    return n.unsupported("activations other than the defaults");
  if (n.hasAttr("activation_alpha") || n.hasAttr("activation_beta"))
    return n.unsupported("activation_alpha/activation_beta");

  RankedTensorType xt = n.inputType(0), wt = n.inputType(1);
  if (!xt || !wt || xt.getRank() != 3 || wt.getRank() != 3)
    return n.error("X and W must have rank 3");
  seq = xt.getDimSize(0);
  batch = xt.getDimSize(1);
  inputSize = xt.getDimSize(2);
  hidden = n.attrInt("hidden_size", 0);
  if (hidden <= 0) {
    if (ShapedType::isDynamic(wt.getDimSize(1)))
      return n.error("hidden_size is unknown");
    hidden = wt.getDimSize(1) / gates;
  }
  if (wt.getDimSize(0) != dirs || wt.getDimSize(1) != gates * hidden)
    return n.error("W has shape " + shapeStr(wt.getShape()) +
                   ", expected [" + std::to_string(dirs) + "," +
                   std::to_string(gates * hidden) + ",input_size]");
  if (n.hasInput(4)) {
    if (ShapedType::isDynamic(seq))
      return n.unsupported("sequence_lens with a dynamic sequence length");
    auto lens = n.constantInts(4, "sequence_lens");
    if (!lens)
      return failure();
    if (llvm::any_of(*lens, [&](int64_t l) { return l != seq; }))
      return n.unsupported("sequence_lens shorter than the sequence");
  }
  return success();
}

LogicalResult Recurrence::run() {
  if (failed(checkAttrs()))
    return failure();
  Type elem = n.inputType(0).getElementType();
  auto i64 = [&](int64_t v) { return n.scalar(n.b.getI64Type(), v); };
  Value X = n.input(0);
  // The sequence length and batch, as rank-0 tensors (constants when
  // static): the trip count, and the sizes of the buffers the loop fills.
  Value T = n.op("dim", {X}, {n.i64Attr("axis", 0)});
  Value B = n.op("dim", {X}, {n.i64Attr("axis", 1)});
  auto zeros = [&](ArrayRef<int64_t> shape, ArrayRef<Value> sizes) {
    SmallVector<Value> dynamic;
    for (auto [d, size] : llvm::zip(shape, sizes))
      if (ShapedType::isDynamic(d))
        dynamic.push_back(size);
    return n.op("zeros", dynamic, {}, {RankedTensorType::get(shape, elem)});
  };
  bool wantY = n.hasOutput(0);
  SmallVector<Value, 2> ys(dirs), lastH(dirs), lastC(dirs);
  for (int64_t d = 0; d < dirs; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    Value W = direction_slice(1, d), R = direction_slice(2, d);
    Value Wb, Rb;
    if (n.hasInput(3)) {
      Value b = direction_slice(3, d);
      Wb = n.sliceAxis(b, 0, 0, gates * hidden);
      Rb = n.sliceAxis(b, 0, gates * hidden, gates * hidden);
    }
    Value h0 = n.hasInput(5) ? direction_slice(5, d)
                             : zeros({batch, hidden}, {B, Value()});
    Value c0;
    if (cell == Cell::LSTM)
      c0 = n.hasInput(6) ? direction_slice(6, d)
                         : zeros({batch, hidden}, {B, Value()});
    Value P;
    if (cell == Cell::LSTM && n.hasInput(7))
      P = direction_slice(7, d);
    // GRU: the recurrent weights of z, r and of h are used apart.
    Value Rzr, Rh, bzr, Wbh, Rbh;
    if (cell == Cell::GRU) {
      Rzr = n.sliceAxis(R, 0, 0, 2 * hidden);
      Rh = n.sliceAxis(R, 0, 2 * hidden, hidden);
      if (Wb) {
        bzr = n.binary("add", n.sliceAxis(Wb, 0, 0, 2 * hidden),
                       n.sliceAxis(Rb, 0, 0, 2 * hidden));
        Wbh = vec(Wb, 2);
        Rbh = vec(Rb, 2);
      }
    }
    Value bsum = Wb ? n.binary("add", Wb, Rb) : Value();
    // The input projections of all steps are one GEMM ([seq * batch, input]
    // x W^T, as ONNX Runtime does), before the loop; only the recurrent
    // product h x R is in it.
    Value xwAll = linear(X, W);
    if (cell == Cell::LSTM || cell == Cell::RNN) {
      xwAll = add(xwAll, bsum);
      bsum = Value();
    }
    if (n.failed())
      return failure();

    // Loop variables: the step, h, c (LSTM) and the outputs so far,
    // [seq, 1, batch, hidden], one row written per step.
    SmallVector<Value> inits{i64(0), h0};
    if (c0)
      inits.push_back(c0);
    if (wantY)
      inits.push_back(zeros({seq, 1, batch, hidden}, {T, Value(), B, Value()}));
    SmallVector<Type> types;
    for (Value v : inits)
      types.push_back(v.getType());
    auto loop = tfcc::WhileOp::create(n.b, n.loc, types, inits, Value());
    SmallVector<Location> locs(types.size(), n.loc);
    OpBuilder::InsertionGuard guard(n.b);
    Block *cond = n.b.createBlock(&loop.getCond(), {}, types, locs);
    tfcc::YieldOp::create(n.b, n.loc,
                          n.binary("less", cond->getArgument(0), T));

    Block *body = n.b.createBlock(&loop.getBody(), {}, types, locs);
    Value step = body->getArgument(0);
    Value h = body->getArgument(1);
    Value c = c0 ? body->getArgument(2) : Value();
    Value t =
        reverse ? n.binary("sub", n.binary("sub", T, i64(1)), step) : step;
    Value xw = n.op("gather", {xwAll, t}, {n.i64Attr("axis", 0)});
    if (cell == Cell::RNN) {
      h = tanh(add(n.binary("add", xw, linear(h, R)), bsum));
    } else if (cell == Cell::LSTM) {
      Value g = add(n.binary("add", xw, linear(h, R)), bsum);
      Value gi = cols(g, 0), go = cols(g, 1), gf = cols(g, 2), gc = cols(g, 3);
      if (P) {
        gi = n.binary("add", gi, mul(vec(P, 0), c));
        gf = n.binary("add", gf, mul(vec(P, 2), c));
      }
      Value i = sigmoid(gi), f = sigmoid(gf), cc = tanh(gc);
      c = n.binary("add", mul(f, c), mul(i, cc));
      if (P)
        go = n.binary("add", go, mul(vec(P, 1), c));
      h = mul(sigmoid(go), tanh(c));
    } else {
      Value zr = add(
          n.binary("add", n.sliceAxis(xw, 1, 0, 2 * hidden), linear(h, Rzr)),
          bzr);
      Value z = sigmoid(cols(zr, 0)), r = sigmoid(cols(zr, 1));
      Value hx = add(cols(xw, 2), Wbh);
      Value hh;
      if (n.attrInt("linear_before_reset", 0))
        hh = mul(r, add(linear(h, Rh), Rbh));
      else
        hh = add(linear(mul(r, h), Rh), Rbh);
      Value cand = tanh(n.binary("add", hx, hh));
      // (1 - z) * cand + z * h
      Value oneMinusZ = n.binary("sub", n.scalarLike(z, 1), z);
      h = n.binary("add", mul(oneMinusZ, cand), mul(z, h));
    }
    SmallVector<Value> next{n.binary("add", step, i64(1)), h};
    if (c)
      next.push_back(c);
    if (wantY)
      next.push_back(n.op("set_item", {body->getArguments().back(), t,
                                       n.reshape(h, {1, dyn(batch), hidden})}));
    if (n.failed())
      return failure();
    tfcc::YieldOp::create(n.b, n.loc, next);
    n.b.setInsertionPointAfter(loop);
    lastH[d] = loop.getResult(1);
    if (c0)
      lastC[d] = loop.getResult(2);
    if (wantY)
      ys[d] = loop.getResults().back();
  }

  auto concat = [&](ArrayRef<Value> parts, int64_t axis) -> Value {
    return parts.size() == 1 ? parts[0]
                             : n.op("concat", parts, {n.i64Attr("axis", axis)});
  };
  auto stack = [&](ArrayRef<Value> parts) {
    SmallVector<Value> r;
    for (Value p : parts)
      r.push_back(n.reshape(p, {1, dyn(batch), hidden}));
    return concat(r, 0);
  };
  if (wantY)
    n.setOutput(0, concat(ys, 1));
  n.setOutput(1, stack(lastH));
  if (cell == Cell::LSTM)
    n.setOutput(2, stack(lastC));
  return n.finish();
}

static LogicalResult importLSTM(OnnxNode &n) {
  return Recurrence(n, Cell::LSTM).run();
}
static LogicalResult importGRU(OnnxNode &n) {
  return Recurrence(n, Cell::GRU).run();
}
static LogicalResult importRNN(OnnxNode &n) {
  return Recurrence(n, Cell::RNN).run();
}

void mlir::tfcc::onnx_import::registerRecurrentOps(OpTable &t) {
  t["LSTM"] = importLSTM;
  t["GRU"] = importGRU;
  t["RNN"] = importRNN;
}
