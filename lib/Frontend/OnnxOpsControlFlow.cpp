//===- OnnxOpsControlFlow.cpp - ONNX If, Loop and Scan --------------------===//
//
// If becomes a tfcc.cond whose regions are the branches; Loop and Scan a
// tfcc.while whose body region is the body graph. The subgraphs are imported
// into the regions (OnnxNode::importGraph) and use the enclosing values by
// name. Loop-carried values keep their dtype and rank; a dim that changes
// from one iteration to the next becomes dynamic, found by importing the
// body again with the widened types until nothing changes. Scan outputs grow
// by one slice an iteration (concat onto a loop variable that starts
// empty), since a Loop's trip count may be decided by its condition.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"

using namespace mlir;
using namespace mlir::tfcc;
using namespace mlir::tfcc::onnx_import;

static const onnx::GraphProto *graphAttr(OnnxNode &n, StringRef name) {
  const onnx::AttributeProto *a = n.attr(name);
  if (!a || !a->has_g()) {
    n.error("needs the graph attribute '" + name + "'");
    return nullptr;
  }
  return &a->g();
}

static RankedTensorType i1Scalar(OnnxNode &n) {
  return RankedTensorType::get({}, n.b.getI1Type());
}

/// A one-element bool tensor as a rank-0 one (ONNX allows [1] for If's
/// condition and a Loop's).
static Value asPredicate(OnnxNode &n, Value v, StringRef what) {
  auto type = v ? dyn_cast<RankedTensorType>(v.getType()) : nullptr;
  if (!type)
    return nullptr;
  if (!type.getElementType().isInteger(1) || !type.hasStaticShape() ||
      type.getNumElements() != 1) {
    n.error(what + " must be a single bool, got " + shapeStr(type.getShape()));
    return nullptr;
  }
  return type.getRank() == 0 ? v : n.reshape(v, {});
}

static LogicalResult importIf(OnnxNode &n) {
  Value pred = asPredicate(n, n.input(0), "the condition");
  const onnx::GraphProto *thenGraph = graphAttr(n, "then_branch");
  const onnx::GraphProto *elseGraph = graphAttr(n, "else_branch");
  if (!pred || !thenGraph || !elseGraph)
    return failure();
  // The branches are built into a cond without results, whose regions then
  // move to one with the joined result types.
  auto scratch = CondOp::create(n.b, n.loc, TypeRange(), pred);
  auto erase = llvm::scope_exit([&] { scratch.erase(); });
  SmallVector<SmallVector<Value>, 2> results;
  for (auto [region, graph] : {std::pair{&scratch.getThenBranch(), thenGraph},
                               {&scratch.getElseBranch(), elseGraph}}) {
    OpBuilder::InsertionGuard guard(n.b);
    n.b.createBlock(region);
    FailureOr<SmallVector<Value>> values = n.importGraph(*graph, {});
    if (failed(values))
      return failure();
    YieldOp::create(n.b, n.loc, *values);
    results.push_back(*values);
  }
  if (results[0].size() != results[1].size() ||
      results[0].size() != n.numOutputs())
    return n.error("the branches give " + std::to_string(results[0].size()) +
                   " and " + std::to_string(results[1].size()) +
                   " outputs for " + std::to_string(n.numOutputs()));
  SmallVector<Type> types;
  for (auto [k, pair] : llvm::enumerate(llvm::zip(results[0], results[1]))) {
    auto [a, b] = pair;
    RankedTensorType joined = joinTypes(cast<RankedTensorType>(a.getType()),
                                        cast<RankedTensorType>(b.getType()));
    if (!joined) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "output " << k << ": the then branch gives " << a.getType()
         << " but the else branch " << b.getType()
         << " (the branches must agree on element type and rank)";
      return n.error(text);
    }
    types.push_back(joined);
  }
  auto cond = CondOp::create(n.b, n.loc, types, pred);
  cond.getThenBranch().takeBody(scratch.getThenBranch());
  cond.getElseBranch().takeBody(scratch.getElseBranch());
  for (auto [k, v] : llvm::enumerate(cond.getResults()))
    n.setOutput(k, v);
  return n.finish();
}

namespace {
/// What a loop body computes from its loop variables: the next values of
/// the carried ones, the condition (for Loop) and the slices of the scan
/// outputs.
struct Step {
  Value cond;
  SmallVector<Value> carried, slices;
};
} // namespace

/// Builds a tfcc.while over `inits` (the carried values, then one empty
/// accumulator per scan output), whose body calls `step` on the loop
/// variables and appends each slice it gives to its accumulator. `cond`
/// builds the condition from the loop variables. The types are widened
/// until an iteration keeps them. `numScan` accumulators start as [0, ...]
/// of the slice types that a first import of the body finds.
static FailureOr<SmallVector<Value>>
buildLoop(OnnxNode &n, SmallVector<Value> inits, unsigned numScan, Value max,
          llvm::function_ref<Value(ValueRange)> cond,
          llvm::function_ref<FailureOr<Step>(ValueRange)> step) {
  SmallVector<Type> types;
  for (Value v : inits)
    types.push_back(v.getType());
  SmallVector<Type> sliceTypes;
  for (unsigned attempt = 0;; ++attempt) {
    SmallVector<Type> all = types;
    for (Type slice : sliceTypes) {
      auto t = cast<RankedTensorType>(slice);
      SmallVector<int64_t> shape{ShapedType::kDynamic};
      llvm::append_range(shape, t.getShape());
      all.push_back(RankedTensorType::get(shape, t.getElementType()));
    }
    SmallVector<Value> loopInits = inits;
    if (sliceTypes.size() == numScan) {
      for (Type slice : sliceTypes) {
        // An accumulator starts with no rows; its dynamic dims start at 0
        // and take the first slice's sizes (see below).
        auto t = cast<RankedTensorType>(slice);
        SmallVector<int64_t> shape{0};
        llvm::append_range(shape, t.getShape());
        SmallVector<Value> dynamic(t.getNumDynamicDims(),
                                   n.scalar(n.b.getI64Type(), 0));
        loopInits.push_back(
            n.op("zeros", dynamic, {},
                 {RankedTensorType::get(shape, t.getElementType())}));
      }
    }
    auto loop = WhileOp::create(n.b, n.loc, all, loopInits, max);
    auto erase = llvm::scope_exit([&] { loop.erase(); });
    SmallVector<Location> locs(all.size(), n.loc);
    OpBuilder::InsertionGuard guard(n.b);
    Block *condBlock = n.b.createBlock(&loop.getCond(), {}, all, locs);
    Value pred = cond(condBlock->getArguments());
    if (!pred)
      return failure();
    YieldOp::create(n.b, n.loc, pred);
    Block *body = n.b.createBlock(&loop.getBody(), {}, all, locs);
    FailureOr<Step> next = step(body->getArguments().take_front(types.size()));
    if (failed(next))
      return failure();
    if (next->slices.size() != numScan) {
      n.error("the body gives " + std::to_string(next->slices.size()) +
              " scan outputs for " + std::to_string(numScan));
      return failure();
    }
    SmallVector<Type> newSlices;
    for (Value s : next->slices)
      newSlices.push_back(s.getType());
    if (sliceTypes.size() != numScan) {
      // The first import finds the slices' types; build it again with the
      // accumulators.
      sliceTypes = newSlices;
      continue;
    }
    SmallVector<Value> yields = next->carried;
    for (auto [k, slice] : llvm::enumerate(next->slices)) {
      Value acc = body->getArgument(types.size() + k);
      Value one = n.op("expand_dims", {slice}, {n.arrayAttr("axes", {0})});
      if (cast<RankedTensorType>(slice.getType()).hasStaticShape()) {
        yields.push_back(n.op("concat", {acc, one}, {n.i64Attr("axis", 0)}));
        continue;
      }
      // Slices of a dynamic shape: the first becomes the accumulator
      // (whose other dims were 0), later ones are appended.
      auto i64 = n.b.getI64Type();
      Value rows = n.op("dim", {acc}, {n.i64Attr("axis", 0)});
      Value first = n.binary("equal", rows, n.scalar(i64, 0));
      auto pick = CondOp::create(n.b, n.loc, acc.getType(), first);
      {
        OpBuilder::InsertionGuard inner(n.b);
        n.b.createBlock(&pick.getThenBranch());
        YieldOp::create(n.b, n.loc, one);
        n.b.createBlock(&pick.getElseBranch());
        YieldOp::create(n.b, n.loc,
                        n.op("concat", {acc, one}, {n.i64Attr("axis", 0)}));
      }
      yields.push_back(pick.getResult(0));
    }
    if (n.failed())
      return failure();
    SmallVector<Type> widened;
    for (auto [k, v] : llvm::enumerate(next->carried)) {
      RankedTensorType joined = joinTypes(cast<RankedTensorType>(types[k]),
                                          cast<RankedTensorType>(v.getType()));
      if (!joined) {
        n.error("loop-carried value " + std::to_string(k) +
                " changes its element type or rank in the body");
        return failure();
      }
      widened.push_back(joined);
    }
    bool slicesKept = true;
    for (auto [a, b] : llvm::zip(sliceTypes, newSlices))
      slicesKept &= a == b;
    if (!slicesKept) {
      n.unsupported("scan outputs whose shape changes between iterations");
      return failure();
    }
    if (widened == types) {
      YieldOp::create(n.b, n.loc, yields);
      erase.release();
      return SmallVector<Value>(loop.getResults());
    }
    if (attempt > 64) {
      n.error("loop types do not settle");
      return failure();
    }
    types = widened;
  }
}

static LogicalResult importLoop(OnnxNode &n) {
  const onnx::GraphProto *body = graphAttr(n, "body");
  if (!body)
    return failure();
  if (n.numInputs() < 2)
    return n.error("needs the trip count and condition inputs (may be \"\")");
  unsigned numCarried = n.numInputs() - 2;
  if (body->input_size() != (int)numCarried + 2)
    return n.error("the body takes " + std::to_string(body->input_size()) +
                   " inputs, expected " + std::to_string(numCarried + 2));
  int numScan = body->output_size() - 1 - (int)numCarried;
  if (numScan < 0 || n.numOutputs() != numCarried + numScan)
    return n.error("the body's outputs do not match the loop's");
  auto i64 = n.b.getI64Type();
  Value max;
  if (n.hasInput(0)) {
    max = n.input(0);
    auto type = max ? dyn_cast<RankedTensorType>(max.getType()) : nullptr;
    if (!type || !type.getElementType().isInteger(64) ||
        !type.hasStaticShape() || type.getNumElements() != 1)
      return n.error("the trip count must be a single int64");
    if (type.getRank() != 0)
      max = n.reshape(max, {});
  }
  Value cond = n.hasInput(1) ? asPredicate(n, n.input(1), "the condition")
                             : n.splat(i1Scalar(n), 1);
  if (!cond)
    return failure();
  // Loop variables: the iteration number, the condition, the carried ones.
  SmallVector<Value> inits{n.scalar(i64, 0), cond};
  for (unsigned k = 0; k < numCarried; ++k) {
    Value v = n.input(2 + k);
    if (!v)
      return failure();
    inits.push_back(v);
  }
  FailureOr<SmallVector<Value>> results = buildLoop(
      n, inits, numScan, max, [&](ValueRange vars) -> Value { return vars[1]; },
      [&](ValueRange vars) -> FailureOr<Step> {
        FailureOr<SmallVector<Value>> outs = n.importGraph(*body, vars);
        if (failed(outs))
          return failure();
        Step step;
        step.cond = asPredicate(n, (*outs)[0], "the body's condition");
        if (!step.cond)
          return failure();
        step.carried = {n.binary("add", vars[0], n.scalar(i64, 1)), step.cond};
        llvm::append_range(step.carried, ArrayRef(*outs).slice(1, numCarried));
        llvm::append_range(step.slices,
                           ArrayRef(*outs).drop_front(1 + numCarried));
        return step;
      });
  if (failed(results))
    return failure();
  for (unsigned k = 0; k < numCarried + numScan; ++k)
    n.setOutput(k, (*results)[2 + k]);
  return n.finish();
}

/// Scan-9's loop: `states` carried, `scanned` sliced along axis 0. Gives
/// the final states, then the stacked scan outputs.
static FailureOr<SmallVector<Value>>
scanLoop(OnnxNode &n, const onnx::GraphProto &body, ValueRange states,
         ValueRange scanned, unsigned numScanOut) {
  auto i64 = n.b.getI64Type();
  unsigned numState = states.size();
  Value steps = n.op("dim", {scanned[0]}, {n.i64Attr("axis", 0)});
  SmallVector<Value> inits{n.scalar(i64, 0)};
  llvm::append_range(inits, states);
  FailureOr<SmallVector<Value>> results = buildLoop(
      n, inits, numScanOut, Value(),
      [&](ValueRange vars) { return n.binary("less", vars[0], steps); },
      [&](ValueRange vars) -> FailureOr<Step> {
        SmallVector<Value> args(vars.drop_front());
        for (Value in : scanned)
          args.push_back(n.op("gather", {in, vars[0]}, {n.i64Attr("axis", 0)}));
        FailureOr<SmallVector<Value>> outs = n.importGraph(body, args);
        if (failed(outs))
          return failure();
        Step step;
        step.carried = {n.binary("add", vars[0], n.scalar(i64, 1))};
        llvm::append_range(step.carried, ArrayRef(*outs).take_front(numState));
        llvm::append_range(step.slices, ArrayRef(*outs).drop_front(numState));
        return step;
      });
  if (failed(results))
    return failure();
  return SmallVector<Value>(ArrayRef(*results).drop_front());
}

static LogicalResult importScan(OnnxNode &n) {
  const onnx::GraphProto *body = graphAttr(n, "body");
  if (!body)
    return failure();
  // Scan-8 has a first input, sequence_lens, and a batch axis 0 in front
  // of every state and scan input and output.
  bool batched = n.opset < 9;
  unsigned first = batched ? 1 : 0;
  unsigned numInputs = n.numInputs() - first;
  int64_t numScanIn = n.attrInt("num_scan_inputs", 0);
  if (numScanIn <= 0 || numScanIn > numInputs)
    return n.error("num_scan_inputs must be in [1, " +
                   std::to_string(numInputs) + "]");
  for (StringRef attr :
       {"directions", "scan_input_axes", "scan_input_directions",
        "scan_output_axes", "scan_output_directions"})
    if (auto v = n.attrInts(attr);
        v && llvm::any_of(*v, [](int64_t x) { return x != 0; }))
      return n.unsupported(attr.str() + " other than 0");
  unsigned numState = numInputs - numScanIn;
  int numScanOut = body->output_size() - (int)numState;
  if (body->input_size() != (int)numInputs || numScanOut < 0 ||
      n.numOutputs() != numState + numScanOut)
    return n.error("the body's inputs and outputs do not match the scan's");
  SmallVector<Value> inputs;
  for (unsigned k = 0; k < numInputs; ++k) {
    Value v = n.input(first + k);
    if (!v)
      return failure();
    if (k >= numState &&
        cast<RankedTensorType>(v.getType()).getRank() < 1 + batched)
      return n.error("a scan input must have rank " +
                     std::to_string(1 + batched) + " or more");
    inputs.push_back(v);
  }
  if (!batched) {
    FailureOr<SmallVector<Value>> results =
        scanLoop(n, *body, ArrayRef(inputs).take_front(numState),
                 ArrayRef(inputs).drop_front(numState), numScanOut);
    if (failed(results))
      return failure();
    for (auto [k, v] : llvm::enumerate(*results))
      n.setOutput(k, v);
    return n.finish();
  }
  // Scan-8: one loop per batch entry, their results stacked. Sequence
  // lengths shorter than the scan inputs are not supported.
  auto type = cast<RankedTensorType>(inputs.back().getType());
  if (type.isDynamicDim(0) || type.isDynamicDim(1))
    return n.unsupported("Scan-8 over a dynamic batch or sequence length");
  int64_t batch = type.getDimSize(0), length = type.getDimSize(1);
  if (batch == 0)
    return n.unsupported("Scan-8 over an empty batch");
  if (n.hasInput(0)) {
    auto lens = n.constantInts(0, "sequence_lens");
    if (!lens)
      return failure();
    if (llvm::any_of(*lens, [&](int64_t l) { return l != length; }))
      return n.unsupported("Scan-8 with sequence_lens other than the "
                           "sequence length");
  }
  SmallVector<SmallVector<Value>> perOutput(numState + numScanOut);
  for (int64_t b = 0; b < batch; ++b) {
    SmallVector<Value> entry;
    for (Value v : inputs)
      entry.push_back(n.op("gather", {v, n.scalar(n.b.getI64Type(), b)},
                           {n.i64Attr("axis", 0)}));
    FailureOr<SmallVector<Value>> results =
        scanLoop(n, *body, ArrayRef(entry).take_front(numState),
                 ArrayRef(entry).drop_front(numState), numScanOut);
    if (failed(results))
      return failure();
    for (auto [k, v] : llvm::enumerate(*results))
      perOutput[k].push_back(
          n.op("expand_dims", {v}, {n.arrayAttr("axes", {0})}));
  }
  for (auto [k, parts] : llvm::enumerate(perOutput))
    n.setOutput(k, n.op("concat", parts, {n.i64Attr("axis", 0)}));
  return n.finish();
}

void mlir::tfcc::onnx_import::registerControlFlowOps(OpTable &t) {
  t["If"] = importIf;
  t["Loop"] = importLoop;
  t["Scan"] = importScan;
}
