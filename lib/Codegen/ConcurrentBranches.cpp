//===- ConcurrentBranches.cpp - independent loop nests on two threads -----===//
//
// After bufferization a function is a sequence of loop nests over buffers,
// and the thread pool splits each large one between threads, one after the
// other. Nests too small to split run on one thread while the others wait,
// and splitting a nest of a few microseconds costs about as much as it
// saves. Where a stretch of the sequence falls into parts that touch no
// buffer another part writes (the two directions of a bidirectional LSTM,
// the experts of a mixture), the parts can run at once instead, each on
// one thread: as TensorFlow's executor runs every op whose inputs are
// ready. Here such a stretch becomes a loop of two iterations, marked
// tfcc.parallel and tfcc.branches, around an scf.index_switch whose two
// cases hold the nests of each thread, in their order;
// tfcc-outline-loop-nests makes it one parallel kernel and tfcc-plan-memory
// keeps the two cases' buffers apart.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCCONCURRENTBRANCHES
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// The thread pool's thresholds in estimateCost's units
/// (runtime/src/pool.c): a nest below kMinParallelCost runs on one thread;
/// handing out work and waiting for it costs about kForkCost, the share at
/// which splitting starts to pay.
constexpr int64_t kMinParallelCost = 15000;
constexpr int64_t kForkCost = 7500;

/// A stretch is made concurrent when that saves at least this much.
constexpr int64_t kMinGain = 2 * kForkCost;

/// What a top-level op of the function is to the grouping.
enum class Kind {
  Free,    // touches no memory (a constant, a view, an allocation)
  Node,    // a nest whose reads and writes of buffers are known
  Barrier, // anything else: nothing moves across it
};

/// A buffer's identity: its allocation, its global's name, or the
/// function's arguments (which may alias each other).
using Root = const void *;

struct Node {
  Operation *op;
  SmallVector<Root, 4> reads, writes;
  int64_t cost;
};

/// The buffer `value`, used in the top-level op `top` of `func`, is a view
/// of: `top` itself when it is allocated inside `top`; null when that is
/// not known.
Root rootOf(Value value, Operation *top, Operation *func) {
  while (true) {
    if (auto arg = dyn_cast<BlockArgument>(value))
      return arg.getOwner()->getParentOp() == func ? func : nullptr;
    Operation *def = value.getDefiningOp();
    if (isa<memref::AllocOp, memref::AllocaOp>(def) && top->isAncestor(def))
      return top;
    if (auto view = dyn_cast<ViewLikeOpInterface>(def)) {
      value = view.getViewSource();
      continue;
    }
    if (auto cast = dyn_cast<memref::CastOp>(def)) {
      value = cast.getSource();
      continue;
    }
    if (isa<memref::AllocOp, memref::AllocaOp>(def))
      return def;
    if (auto global = dyn_cast<memref::GetGlobalOp>(def))
      return global.getNameAttr().getAsOpaquePointer();
    return nullptr;
  }
}

/// Classifies the top-level op `op`, with a Node's buffers in `node`: the
/// buffers its ops (itself and those nested) read and write, each effect on
/// a value whose root is known. An op with results is a barrier: the ops
/// that use them would have to move with it.
Kind classify(Operation *op, Operation *func, Node &node) {
  if (isa<memref::AllocOp, memref::AllocaOp>(op) || isMemoryEffectFree(op))
    return Kind::Free;
  // A reshape to a shape held in a constant global reads nothing that
  // changes: a view.
  if (auto reshape = dyn_cast<memref::ReshapeOp>(op))
    if (auto shape = reshape.getShape().getDefiningOp<memref::GetGlobalOp>())
      if (auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
              op, shape.getNameAttr());
          global && global.getConstant())
        return Kind::Free;
  if (op->getNumResults() != 0 || op->hasTrait<OpTrait::IsTerminator>())
    return Kind::Barrier;
  node.op = op;
  bool known = true;
  op->walk([&](Operation *inner) {
    auto effects = dyn_cast<MemoryEffectOpInterface>(inner);
    if (!effects) {
      if (!inner->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
        known = false;
      return known ? WalkResult::advance() : WalkResult::interrupt();
    }
    SmallVector<MemoryEffects::EffectInstance> list;
    effects.getEffects(list);
    for (const MemoryEffects::EffectInstance &effect : list) {
      Value value = effect.getValue();
      Root root = value ? rootOf(value, op, func) : nullptr;
      // A buffer allocated inside the nest is its own.
      if (root == op)
        continue;
      bool read = isa<MemoryEffects::Read>(effect.getEffect());
      bool write = isa<MemoryEffects::Write>(effect.getEffect());
      if (!root || (!read && !write)) {
        known = false;
        return WalkResult::interrupt();
      }
      (read ? node.reads : node.writes).push_back(root);
    }
    return WalkResult::advance();
  });
  if (!known)
    return Kind::Barrier;
  node.cost = tfcc::estimateCost(*op);
  return Kind::Node;
}

/// The time a nest of `cost` takes now, in units of cost on one thread:
/// below the threshold on one thread, above it split in two halves after
/// handing one out.
int64_t timeAlone(int64_t cost) {
  return cost < kMinParallelCost ? cost : cost / 2 + kForkCost;
}

/// The nests `nodes[begin, end)` as components of what they share: two
/// nests are in one when one writes a buffer the other reads or writes.
/// Grows the window one nest at a time.
struct Window {
  ArrayRef<Node> nodes;
  unsigned begin, end;
  SmallVector<unsigned> parent;    // union-find over nodes[begin, end)
  DenseMap<Root, unsigned> writer; // a nest that writes it
  DenseMap<Root, SmallVector<unsigned>> readers; // read before any write
  DenseMap<unsigned, int64_t> costOf;            // by component leader
  int64_t total = 0, alone = 0, largest = 0;

  Window(ArrayRef<Node> nodes, unsigned begin)
      : nodes(nodes), begin(begin), end(begin) {}

  unsigned leader(unsigned i) {
    while (parent[i - begin] != i)
      i = parent[i - begin] = parent[parent[i - begin] - begin];
    return i;
  }

  void join(unsigned a, unsigned b) {
    unsigned la = leader(a), lb = leader(b);
    if (la == lb)
      return;
    if (la > lb)
      std::swap(la, lb);
    parent[lb - begin] = la;
    int64_t cost = costOf[la] + costOf[lb];
    costOf.erase(lb);
    costOf[la] = cost;
    largest = std::max(largest, cost);
  }

  void grow() {
    unsigned i = end++;
    const Node &node = nodes[i];
    parent.push_back(i);
    costOf[i] = node.cost;
    largest = std::max(largest, node.cost);
    total += node.cost;
    alone += timeAlone(node.cost);
    for (Root root : node.reads) {
      auto it = writer.find(root);
      if (it != writer.end())
        join(i, it->second);
      else
        readers[root].push_back(i);
    }
    for (Root root : node.writes) {
      auto it = writer.find(root);
      if (it != writer.end())
        join(i, it->second);
      for (unsigned reader : readers.lookup(root))
        join(i, reader);
      readers.erase(root);
      writer[root] = i;
    }
  }

  /// What running the components on two threads would save, at best (a
  /// perfect split, or the largest component alone on one).
  int64_t bestGain() const {
    return alone - kForkCost - std::max(largest, (total + 1) / 2);
  }

  /// The window's nests on two threads: whole components, the costliest
  /// first, each to the thread with less so far. Returns the saving.
  int64_t split(SmallVector<unsigned> &lane0, SmallVector<unsigned> &lane1) {
    SmallVector<std::pair<int64_t, unsigned>> order;
    for (auto [leader, cost] : costOf)
      order.push_back({cost, leader});
    llvm::sort(order, [](auto a, auto b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    DenseMap<unsigned, unsigned> laneOf;
    int64_t load[2] = {0, 0};
    for (auto [cost, leader] : order) {
      unsigned lane = load[1] < load[0];
      load[lane] += cost;
      laneOf[leader] = lane;
    }
    for (unsigned i = begin; i < end; ++i)
      (laneOf[leader(i)] ? lane1 : lane0).push_back(i);
    return alone - kForkCost - std::max(load[0], load[1]);
  }
};

/// Moves the nests `lanes` of `nodes` into a two-iteration loop marked
/// tfcc.parallel and tfcc.branches, after the last of them.
void makeConcurrent(RewriterBase &rewriter, ArrayRef<Node> nodes,
                    ArrayRef<SmallVector<unsigned>> lanes, unsigned last) {
  Operation *after = nodes[last].op;
  Location loc = after->getLoc();
  rewriter.setInsertionPointAfter(after);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value two = arith::ConstantIndexOp::create(rewriter, loc, 2);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto loop = scf::ForOp::create(rewriter, loc, zero, two, one);
  loop->setAttr(tfcc::kParallelAttrName, rewriter.getUnitAttr());
  loop->setAttr(tfcc::kBranchesAttrName, rewriter.getUnitAttr());
  rewriter.setInsertionPointToStart(loop.getBody());
  auto cases = scf::IndexSwitchOp::create(
      rewriter, loc, TypeRange{}, loop.getInductionVar(),
      rewriter.getDenseI64ArrayAttr({0, 1}), /*caseRegionsCount=*/2);
  for (Region &region : cases->getRegions()) {
    Block *block = rewriter.createBlock(&region);
    rewriter.setInsertionPointToEnd(block);
    scf::YieldOp::create(rewriter, loc);
  }
  for (auto [lane, members] : llvm::enumerate(lanes)) {
    Operation *yield = cases.getCaseBlock(lane).getTerminator();
    for (unsigned i : members)
      rewriter.moveOpBefore(nodes[i].op, yield);
  }
}

struct TfccConcurrentBranches
    : tfcc::impl::TfccConcurrentBranchesBase<TfccConcurrentBranches> {
  void runOnOperation() override {
    if (tfcc::isOnGpu(getOperation()))
      return;
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    // Runs of nests between barriers.
    SmallVector<SmallVector<Node>> runs(1);
    for (Operation &op : func.getBody().front()) {
      Node node;
      switch (classify(&op, func, node)) {
      case Kind::Free:
        break;
      case Kind::Node:
        runs.back().push_back(node);
        break;
      case Kind::Barrier:
        if (!runs.back().empty())
          runs.emplace_back();
        break;
      }
    }
    IRRewriter rewriter(&getContext());
    for (ArrayRef<Node> nodes : runs) {
      unsigned begin = 0;
      while (begin + 1 < nodes.size()) {
        // The window from `begin` that could save the most.
        unsigned bestEnd = begin;
        int64_t best = 0;
        Window window(nodes, begin);
        while (window.end < nodes.size()) {
          window.grow();
          if (window.bestGain() > best) {
            best = window.bestGain();
            bestEnd = window.end;
          }
        }
        if (best < kMinGain) {
          ++begin;
          continue;
        }
        Window chosen(nodes, begin);
        while (chosen.end < bestEnd)
          chosen.grow();
        SmallVector<SmallVector<unsigned>> lanes(2);
        if (chosen.split(lanes[0], lanes[1]) < kMinGain) {
          ++begin;
          continue;
        }
        makeConcurrent(rewriter, nodes, lanes, bestEnd - 1);
        begin = bestEnd;
      }
    }
  }
};

} // namespace
