//===- Autodiff.cpp - expand tfcc.gradients into backward ops -------------===//

#include "tfcc/Transforms/Passes.h"

#include "GradientRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCAUTODIFF
#include "tfcc/Transforms/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;
using mlir::tfcc::impl::TfccAutodiffBase;

namespace {

/// What an op reads: its operands, and for an op with regions (tfcc.cond)
/// the values from above that its regions use.
SmallVector<Value> inputsOf(Operation *op) {
  SmallVector<Value> inputs(op->getOperands());
  if (op->getNumRegions() != 0) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegions(), captured);
    inputs.append(captured.begin(), captured.end());
  }
  return inputs;
}

/// Reverse-mode differentiation of the ops `fwd` (in order, in one block):
/// with `seeds` (value -> its gradient), adds to `grads` the gradient of
/// every value that depends on one of `xs`, the backward ops built at
/// `b`'s insertion point.
LogicalResult differentiate(OpBuilder &b, Location loc,
                            ArrayRef<Operation *> fwd, ArrayRef<Value> xs,
                            DenseMap<Value, Value> &grads,
                            const GradientRuleTable &rules);

/// The gradient of a tfcc.cond: a tfcc.cond on the same predicate whose
/// branches differentiate the forward branches (cloned) from the result
/// gradients to the values from above that they use and that depend on an
/// x. Gives those values and their gradients.
LogicalResult differentiateCond(OpBuilder &b, CondOp cond,
                                ArrayRef<Value> resultGrads,
                                const llvm::DenseSet<Value> &dependsOnX,
                                SmallVectorImpl<Value> &targets,
                                SmallVectorImpl<Value> &targetGrads,
                                const GradientRuleTable &rules) {
  Location loc = cond.getLoc();
  SmallVector<Value> inputs = inputsOf(cond);
  for (Value v : ArrayRef(inputs).drop_front(1))
    if (dependsOnX.contains(v) && isFloatTensor(v.getType()) &&
        !llvm::is_contained(targets, v))
      targets.push_back(v);
  if (targets.empty())
    return success();
  SmallVector<Type> types;
  for (Value t : targets)
    types.push_back(t.getType());
  auto grad = CondOp::create(b, loc, types, cond.getPred());
  for (auto [from, to] :
       {std::pair{&cond.getThenBranch(), &grad.getThenBranch()},
        {&cond.getElseBranch(), &grad.getElseBranch()}}) {
    OpBuilder inner(b.getContext());
    inner.createBlock(to);
    IRMapping mapping;
    SmallVector<Operation *> ops;
    for (Operation &op : from->front().without_terminator())
      ops.push_back(inner.clone(op, mapping));
    auto yield = cast<YieldOp>(from->front().getTerminator());
    DenseMap<Value, Value> grads;
    for (auto [value, g] : llvm::zip(yield.getValues(), resultGrads))
      if (g && isFloatTensor(value.getType())) {
        Value v = mapping.lookupOrDefault(value);
        grads[v] = castTo(inner, loc, g, v.getType());
      }
    if (failed(differentiate(inner, loc, ops, targets, grads, rules)))
      return failure();
    SmallVector<Value> yields;
    for (Value t : targets) {
      Value g = grads.lookup(t);
      yields.push_back(g ? g : zerosLike(inner, loc, t));
    }
    YieldOp::create(inner, loc, yields);
  }
  targetGrads.append(grad.getResults().begin(), grad.getResults().end());
  return success();
}

/// A rank-0 i64 constant.
Value i64Scalar(OpBuilder &b, Location loc, int64_t v) {
  auto type = RankedTensorType::get({}, b.getI64Type());
  return ConstantOp::create(b, loc, type,
                            DenseElementsAttr::get(type, APInt(64, v)));
}

/// What marks a loop that counts and stacks its variables for its
/// gradient (the number of the program's variables), and the ops that do it.
constexpr llvm::StringLiteral kStackedVarsAttr = "tfcc.stacked_vars";
constexpr llvm::StringLiteral kStackOpAttr = "tfcc.stack";

/// Whether `v` is all zeros as filledLike builds them.
bool isZeros(Value v) {
  Attribute value;
  if (auto constant = v.getDefiningOp<ConstantOp>())
    value = constant.getValue();
  else if (auto splat = v.getDefiningOp<tensor::SplatOp>())
    matchPattern(splat.getInput(), m_Constant(&value));
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(value))
    return dense.isSplat() && (dense.getElementType().isFloat()
                                   ? dense.getSplatValue<APFloat>().isZero()
                                   : dense.getSplatValue<APInt>().isZero());
  if (auto f = dyn_cast_or_null<FloatAttr>(value))
    return f.getValue().isZero();
  return false;
}

/// `sum + g`. Where g is one row set into zeros (the gradient of a gather
/// of one row: a loop reading its input row by row), the row is added in
/// place, so that each iteration costs a row, not the whole input.
Value addGradient(OpBuilder &b, Location loc, Value sum, Value g) {
  if (auto set = sum.getDefiningOp<SetItemOp>(); set && isZeros(set.getList()))
    std::swap(sum, g);
  auto set = g.getDefiningOp<SetItemOp>();
  if (!set || !isZeros(set.getList()) || set.getType() != sum.getType())
    return AddOp::create(b, loc, sum, g);
  Value index = set.getIndex();
  Value row = GatherOp::create(b, loc, sum, index, 0, true);
  row = AddOp::create(b, loc, row, set.getItem());
  return SetItemOp::create(b, loc, sum.getType(), sum, index, row);
}

/// The dims of `v` from `from` on that `type` (v's type or a less static
/// one) leaves dynamic, each as a tfcc.dim.
SmallVector<Value> dynamicDims(OpBuilder &b, Location loc, Value v,
                               RankedTensorType type, int64_t from = 0) {
  SmallVector<Value> dims;
  for (int64_t d = from; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dims.push_back(DimOp::create(b, loc, v, d));
  return dims;
}

/// Whether `v` is only written (the list of tfcc.set_item ops whose
/// results are in turn only written) and yielded by `yield`, never read.
bool onlyWritten(Value v, Operation *yield) {
  return llvm::all_of(v.getUses(), [&](OpOperand &use) {
    Operation *user = use.getOwner();
    if (user == yield)
      return true;
    return isa<SetItemOp>(user) && use.getOperandNumber() == 0 &&
           onlyWritten(user->getResult(0), yield);
  });
}

/// Whether the backward loop needs loop variable `k`'s value of each
/// iteration: not when the body passes it on unchanged (a value captured
/// from above: the same every iteration), nor when the body only writes
/// rows into it and never reads it (a loop's output accumulator:
/// tfcc.set_item's gradient does not read the list, and no other op sees
/// it, so the final value stands in).
bool needsStack(WhileOp loop, unsigned k) {
  BlockArgument arg = loop.getBody().front().getArgument(k);
  if (loop.getBodyYield().getValues()[k] == arg)
    return false;
  return !onlyWritten(arg, loop.getBodyYield());
}

/// The loop that runs the program's iterations inside a loop that
/// stackVariables built.
WhileOp programLoop(WhileOp stacked) {
  return cast<WhileOp>(&stacked.getBody().front().front());
}

/// `loop` rebuilt to also count its iterations and push its variables, at
/// the start of each iteration, onto stacks: results [n] (the count) and
/// [n + 1, 2n + 1) (the stacks, whose rows past the count are unused), then
/// the stacks' capacity and whether the loop is done.
///
/// The pushes write in place into stacks of a fixed capacity, which a loop
/// inside (programLoop: the original cond and body) fills; when they are
/// full and the condition still holds, the outer loop doubles them and runs
/// the inner loop again. A stack that grew inside one loop would be a new
/// buffer every iteration, which bufferization copies each time (O(n^2)
/// rows); this way n iterations copy O(n) rows, as TensorFlow's
/// TensorArrays grow. The gradients in `grads` of its results move to the
/// new loop's.
WhileOp stackVariables(WhileOp loop, DenseMap<Value, Value> &grads) {
  Location loc = loop.getLoc();
  unsigned n = loop.getNumResults();
  SmallVector<Type> types(loop.getResultTypes());
  OpBuilder fb(loop);
  auto i64 = RankedTensorType::get({}, fb.getI64Type());
  auto i1 = RankedTensorType::get({}, fb.getI1Type());
  SmallVector<Value> inits(loop.getInits());
  SmallVector<Type> all = types;
  inits.push_back(i64Scalar(fb, loc, 0));
  all.push_back(i64);
  for (auto [k, type] : llvm::enumerate(types)) {
    auto t = cast<RankedTensorType>(type);
    SmallVector<int64_t> shape{ShapedType::kDynamic};
    llvm::append_range(shape, t.getShape());
    auto stackType = RankedTensorType::get(shape, t.getElementType());
    SmallVector<Value> sizes{i64Scalar(fb, loc, 0)};
    llvm::append_range(sizes, dynamicDims(fb, loc, inits[k], t));
    inits.push_back(ZerosOp::create(fb, loc, stackType, sizes));
    all.push_back(stackType);
  }
  unsigned numInner = all.size();
  inits.push_back(i64Scalar(fb, loc, 0)); // capacity
  all.push_back(i64);
  auto falseType = RankedTensorType::get({}, fb.getI1Type());
  inits.push_back(ConstantOp::create(fb, loc, falseType,
                                     DenseElementsAttr::get(falseType, false)));
  all.push_back(i1);

  auto outer = WhileOp::create(fb, loc, all, inits, Value());
  SmallVector<Location> locs(all.size(), loc);
  {
    OpBuilder cb(fb.getContext());
    Block *cond = cb.createBlock(&outer.getCond(), {}, all, locs);
    YieldOp::create(
        cb, loc,
        LogicalNotOp::create(cb, loc, cond->getArguments().back()).getResult());
  }
  OpBuilder ob(fb.getContext());
  Block *outerBody = ob.createBlock(&outer.getBody(), {}, all, locs);
  Value capacity = outerBody->getArgument(numInner);
  auto inner =
      WhileOp::create(ob, loc, TypeRange(all).take_front(numInner),
                      outerBody->getArguments().take_front(numInner), Value());
  inner.getCond().takeBody(loop.getCond());
  inner.getBody().takeBody(loop.getBody());
  for (Region *region : {&inner.getCond(), &inner.getBody()})
    for (Type type : ArrayRef(all).slice(n, numInner - n))
      region->front().addArgument(type, loc);
  // A variable whose values the backward loop does not need keeps an empty
  // stack.
  SmallVector<bool> stacked;
  for (unsigned k = 0; k < n; ++k)
    stacked.push_back(needsStack(inner, k));
  // The inner condition: the program's (and its maximum trip count), while
  // the stacks have room. `more` is the part without the room.
  Value more;
  {
    Block &block = inner.getCond().front();
    auto yield = cast<YieldOp>(block.getTerminator());
    OpBuilder yb(yield);
    Value count = block.getArgument(n);
    more = yield.getValues()[0];
    if (Value max = loop.getMaximumIterations()) {
      Value limit = max;
      if (!cast<RankedTensorType>(max.getType()).getElementType().isInteger(64))
        limit =
            CastOp::create(yb, loc, i64, max, TypeAttr::get(yb.getI64Type()));
      more = LogicalAndOp::create(yb, loc, more,
                                  LessOp::create(yb, loc, count, limit));
    }
    Value room = LessOp::create(yb, loc, count, capacity);
    yield->setOperands(LogicalAndOp::create(yb, loc, more, room).getResult());
  }
  {
    Block &block = inner.getBody().front();
    auto yield = cast<YieldOp>(block.getTerminator());
    OpBuilder yb(yield);
    SmallVector<Value> next(yield.getValues());
    // The ops that count and push are not the program's: a later gradient
    // of the same loop leaves them out of the body it differentiates.
    Operation *last = yield->getPrevNode();
    Value count = block.getArgument(n);
    next.push_back(AddOp::create(yb, loc, count, i64Scalar(yb, loc, 1)));
    for (unsigned k = 0; k < n; ++k)
      next.push_back(!stacked[k]
                         ? Value(block.getArgument(n + 1 + k))
                         : SetItemOp::create(yb, loc, all[n + 1 + k],
                                             block.getArgument(n + 1 + k),
                                             count, block.getArgument(k))
                               .getResult());
    for (Operation *op = last ? last->getNextNode() : &block.front();
         op != yield; op = op->getNextNode())
      op->setAttr(kStackOpAttr, UnitAttr::get(op->getContext()));
    yield->setOperands(next);
  }
  // After the inner loop: done unless the condition still holds (it
  // stopped for room); then the stacks double (by at least one row).
  IRMapping mapping;
  for (auto [arg, result] :
       llvm::zip(inner.getCond().front().getArguments(), inner.getResults()))
    mapping.map(arg, result);
  for (Operation &op : inner.getCond().front().without_terminator())
    ob.clone(op, mapping);
  Value again = mapping.lookupOrDefault(more);
  SmallVector<Type> grownTypes(TypeRange(all).slice(n + 1, n));
  grownTypes.push_back(i64);
  auto grow = CondOp::create(ob, loc, grownTypes, again);
  {
    OpBuilder tb =
        OpBuilder::atBlockBegin(ob.createBlock(&grow.getThenBranch()));
    Value rows = MaximumOp::create(tb, loc, capacity, i64Scalar(tb, loc, 1));
    SmallVector<Value> yields;
    for (unsigned k = 0; k < n; ++k) {
      Value stack = inner.getResult(n + 1 + k);
      if (!stacked[k]) {
        yields.push_back(stack);
        continue;
      }
      auto type = cast<RankedTensorType>(stack.getType());
      SmallVector<Value> sizes{rows};
      llvm::append_range(sizes, dynamicDims(tb, loc, stack, type, 1));
      Value zeros = ZerosOp::create(tb, loc, type, sizes);
      yields.push_back(
          ConcatOp::create(tb, loc, ValueRange{stack, zeros}, 0).getResult());
    }
    yields.push_back(AddOp::create(tb, loc, capacity, rows));
    YieldOp::create(tb, loc, yields);
    OpBuilder eb =
        OpBuilder::atBlockBegin(ob.createBlock(&grow.getElseBranch()));
    SmallVector<Value> same(inner.getResults().slice(n + 1, n));
    same.push_back(capacity);
    YieldOp::create(eb, loc, same);
  }
  ob.setInsertionPointAfter(grow);
  SmallVector<Value> next(inner.getResults().take_front(n + 1));
  llvm::append_range(next, grow.getResults());
  next.push_back(LogicalNotOp::create(ob, loc, again));
  YieldOp::create(ob, loc, next);

  outer->setAttr(kStackedVarsAttr, fb.getI64IntegerAttr(n));
  for (unsigned k = 0; k < n; ++k)
    if (Value g = grads.lookup(loop.getResult(k)))
      grads[outer.getResult(k)] = g;
  loop.replaceAllUsesWith(outer.getResults().take_front(n));
  loop.erase();
  return outer;
}

/// The gradient of a tfcc.while, as TensorFlow takes it: the forward loop
/// also counts its iterations and pushes its loop variables, at the start
/// of each iteration, onto stacks (loop variables that grow a row an
/// iteration); a backward loop runs the iterations in reverse, reads each
/// one's variables back, computes its body again (a copy) and
/// differentiates it, from the gradients of its next values to those of its
/// variables and of the values from above it uses, which accumulate over
/// the iterations. `loop` is replaced by the forward loop with stacks. Gives
/// the inits and values from above that depend on an x, with their
/// gradients.
LogicalResult differentiateWhile(OpBuilder &b, WhileOp loop,
                                 ArrayRef<Value> resultGrads,
                                 const llvm::DenseSet<Value> &dependsOnX,
                                 DenseMap<Value, Value> &grads,
                                 SmallVectorImpl<Value> &targets,
                                 SmallVectorImpl<Value> &targetGrads,
                                 const GradientRuleTable &rules) {
  Location loc = loop.getLoc();
  // A loop that an earlier tfcc.gradients made stack its variables keeps
  // its stacks: its first `n` variables are the program's.
  auto stackedVars = loop->getAttrOfType<IntegerAttr>(kStackedVarsAttr);
  unsigned n = stackedVars ? stackedVars.getInt() : loop.getNumResults();
  SmallVector<Type> types(TypeRange(loop.getResultTypes()).take_front(n));
  WhileOp program = stackedVars ? programLoop(loop) : loop;
  Block &body = program.getBody().front();
  SmallVector<Operation *> bodyOps;
  for (Operation &op : body.without_terminator())
    if (!op.hasAttr(kStackOpAttr))
      bodyOps.push_back(&op);
  SmallVector<Value> bodyYields(
      program.getBodyYield().getValues().take_front(n));

  WhileOp fwd = stackedVars ? loop : stackVariables(loop, grads);
  WhileOp fwdProgram = programLoop(fwd);
  Value count = fwd.getResult(n);

  // Values from above that the body uses and that carry a gradient.
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(fwd.getBody(), captured);
  SmallVector<Value> captures;
  for (Value v : captured)
    if (dependsOnX.contains(v) && isFloatTensor(v.getType()))
      captures.push_back(v);

  // The backward loop: the iteration index (counting down), the gradients
  // of the loop variables, those of the captures.
  SmallVector<Value> bInits{SubOp::create(b, loc, count, i64Scalar(b, loc, 1))};
  SmallVector<unsigned> floats;
  for (unsigned k = 0; k < n; ++k) {
    if (!isFloatTensor(types[k]))
      continue;
    floats.push_back(k);
    Value g = resultGrads[k];
    bInits.push_back(g ? castTo(b, loc, g, types[k])
                       : zerosLike(b, loc, fwd.getResult(k)));
  }
  for (Value c : captures)
    bInits.push_back(zerosLike(b, loc, c));
  SmallVector<Type> bTypes;
  for (Value v : bInits)
    bTypes.push_back(v.getType());
  auto bwd = WhileOp::create(b, loc, bTypes, bInits, Value());
  SmallVector<Location> locs(bTypes.size(), loc);
  {
    OpBuilder cb(b.getContext());
    Block *cond = cb.createBlock(&bwd.getCond(), {}, bTypes, locs);
    YieldOp::create(cb, loc,
                    GreaterEqualOp::create(cb, loc, cond->getArgument(0),
                                           i64Scalar(cb, loc, 0))
                        .getResult());
  }
  OpBuilder inner(b.getContext());
  Block *step = inner.createBlock(&bwd.getBody(), {}, bTypes, locs);
  Value j = step->getArgument(0);
  IRMapping mapping;
  SmallVector<Value> vars;
  Block &fwdBody = fwdProgram.getBody().front();
  for (unsigned k = 0; k < n; ++k) {
    Value v = !needsStack(fwdProgram, k)
                  ? fwd.getResult(k)
                  : GatherOp::create(inner, loc, fwd.getResult(n + 1 + k), j, 0)
                        .getResult();
    mapping.map(fwdBody.getArgument(k), v);
    vars.push_back(v);
  }
  SmallVector<Operation *> copies;
  for (Operation *op : bodyOps)
    copies.push_back(inner.clone(*op, mapping));
  DenseMap<Value, Value> stepGrads;
  for (auto [i, k] : llvm::enumerate(floats)) {
    Value y = mapping.lookupOrDefault(bodyYields[k]);
    Value &sum = stepGrads[y];
    Value g = step->getArgument(1 + i);
    sum = sum ? addGradient(inner, loc, sum, g) : g;
  }
  SmallVector<Value> xs;
  for (unsigned k : floats)
    xs.push_back(vars[k]);
  llvm::append_range(xs, captures);
  if (failed(differentiate(inner, loc, copies, xs, stepGrads, rules)))
    return failure();
  SmallVector<Value> next{
      SubOp::create(inner, loc, j, i64Scalar(inner, loc, 1))};
  for (unsigned k : floats) {
    Value g = stepGrads.lookup(vars[k]);
    next.push_back(g ? g : zerosLike(inner, loc, vars[k]));
  }
  for (auto [i, c] : llvm::enumerate(captures)) {
    Value sum = step->getArgument(1 + floats.size() + i);
    if (Value g = stepGrads.lookup(c))
      sum = addGradient(inner, loc, sum, g);
    next.push_back(sum);
  }
  YieldOp::create(inner, loc, next);

  for (auto [i, k] : llvm::enumerate(floats)) {
    Value init = fwd.getInits()[k];
    if (dependsOnX.contains(init)) {
      targets.push_back(init);
      targetGrads.push_back(
          castTo(b, loc, bwd.getResult(1 + i), init.getType()));
    }
  }
  for (auto [i, c] : llvm::enumerate(captures)) {
    targets.push_back(c);
    targetGrads.push_back(bwd.getResult(1 + floats.size() + i));
  }
  return success();
}

LogicalResult differentiate(OpBuilder &b, Location loc,
                            ArrayRef<Operation *> fwd, ArrayRef<Value> xs,
                            DenseMap<Value, Value> &grads,
                            const GradientRuleTable &rules) {
  // Values that depend on an x: walking forward from the xs.
  llvm::DenseSet<Value> dependsOnX(xs.begin(), xs.end());
  llvm::DenseSet<Operation *> fromX;
  for (Operation *op : fwd) {
    if (isa<StopGradientOp>(op))
      continue; // a constant to differentiation
    if (llvm::none_of(inputsOf(op),
                      [&](Value v) { return dependsOnX.contains(v); }))
      continue;
    fromX.insert(op);
    dependsOnX.insert(op->result_begin(), op->result_end());
  }

  // The ops on a path from an x to a seeded value, walking backward.
  llvm::DenseSet<Value> needed;
  for (auto &entry : grads)
    needed.insert(entry.first);
  SmallVector<Operation *> path; // reverse order
  for (Operation *op : llvm::reverse(fwd)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value v) { return needed.contains(v); }))
      continue;
    for (Value v : inputsOf(op))
      needed.insert(v);
    if (fromX.contains(op))
      path.push_back(op);
  }

  auto accumulate = [&](Value v, Value g) {
    Value &sum = grads[v];
    sum = sum ? addGradient(b, loc, sum, g) : g;
  };
  for (Operation *op : path) {
    SmallVector<Value> resultGrads;
    for (Value r : op->getResults())
      resultGrads.push_back(isFloatTensor(r.getType()) ? grads.lookup(r)
                                                       : Value());
    if (llvm::all_of(resultGrads, [](Value g) { return !g; }))
      continue;
    if (auto loop = dyn_cast<WhileOp>(op)) {
      SmallVector<Value> targets, targetGrads;
      if (failed(differentiateWhile(b, loop, resultGrads, dependsOnX, grads,
                                    targets, targetGrads, rules)))
        return failure();
      for (auto [t, g] : llvm::zip(targets, targetGrads))
        accumulate(t, g);
      continue;
    }
    if (auto cond = dyn_cast<CondOp>(op)) {
      SmallVector<Value> targets, targetGrads;
      if (failed(differentiateCond(b, cond, resultGrads, dependsOnX, targets,
                                   targetGrads, rules)))
        return failure();
      for (auto [t, g] : llvm::zip(targets, targetGrads))
        accumulate(t, g);
      continue;
    }
    const GradientRule *rule = rules.lookup(op->getName().getStringRef());
    if (!rule)
      return emitError(op->getLoc(), "tfcc.gradients: no gradient rule for '")
             << op->getName() << "'";
    SmallVector<Value> operandGrads;
    if (failed((*rule)(b, op, resultGrads, operandGrads)))
      return failure();
    if (operandGrads.size() != op->getNumOperands())
      return emitError(op->getLoc(), "tfcc.gradients: the gradient rule for '")
             << op->getName() << "' gave " << operandGrads.size()
             << " operand gradients for " << op->getNumOperands()
             << " operands";
    for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads)) {
      if (!g || !isFloatTensor(operand.getType()) ||
          !dependsOnX.contains(operand))
        continue;
      if (g.getType() != operand.getType())
        return emitError(op->getLoc(),
                         "tfcc.gradients: the gradient rule for '")
               << op->getName() << "' gave a gradient of type " << g.getType()
               << " for an operand of type " << operand.getType();
      accumulate(operand, g);
    }
  }
  return success();
}

/// Replaces `op` by the gradients of its ys with respect to its xs.
LogicalResult expandGradients(GradientsOp op, const GradientRuleTable &rules) {
  Location loc = op.getLoc();
  SmallVector<Operation *> fwd;
  for (Operation &before :
       llvm::make_range(op->getBlock()->begin(), op->getIterator()))
    fwd.push_back(&before);
  OpBuilder b(op);
  DenseMap<Value, Value> grads;
  for (auto [i, y] : llvm::enumerate(op.getYs())) {
    Value seed = op.getGradYs().empty()
                     ? filledLike(b, loc, y, 1.0)
                     : castTo(b, loc, op.getGradYs()[i], y.getType());
    Value &sum = grads[y];
    sum = sum ? AddOp::create(b, loc, sum, seed).getResult() : seed;
  }
  SmallVector<Value> xs(op.getXs());
  if (failed(differentiate(b, loc, fwd, xs, grads, rules)))
    return failure();
  SmallVector<Value> results;
  for (Value x : op.getXs()) {
    Value g = grads.lookup(x);
    results.push_back(g ? g : zerosLike(b, loc, x));
  }
  op->replaceAllUsesWith(results);
  op->erase();
  return success();
}

struct TfccAutodiff : TfccAutodiffBase<TfccAutodiff> {
  using TfccAutodiffBase::TfccAutodiffBase;

  void runOnOperation() override {
    const GradientRuleTable &rules = getGradientRules();
    if (listRules) {
      for (StringRef name : rules.names())
        llvm::outs() << name << "\n";
      return;
    }
    // In block order, so that a gradients op that differentiates another
    // one's results sees its expansion.
    SmallVector<GradientsOp> ops;
    getOperation()->walk([&](GradientsOp op) { ops.push_back(op); });
    for (GradientsOp op : ops)
      if (failed(expandGradients(op, rules)))
        return signalPassFailure();
    // Only differentiation distinguishes stop_gradient from its operand.
    getOperation()->walk([](StopGradientOp op) {
      op.replaceAllUsesWith(op.getInput());
      op->erase();
    });
  }
};

} // namespace
