//===- PlanMemory.cpp - intermediate buffers as views of one arena --------===//
//
// After bufferization and deallocation a model's function allocates each
// intermediate buffer and frees it at its end. Here every such buffer of
// static shape gets an interval (its allocation to its last use, through
// any view, in the order of the function's top-level ops) and an offset
// in one arena, assigned greedily by decreasing size, each at the
// best-fitting gap among the buffers it is live with, as TFLite's arena
// planner and XLA's heap simulator do. The buffers become memref.views of
// the arena, allocated once at the function's start and freed at its end:
// a run makes one allocation for all of them (which the runtime's block
// cache keeps from one run to the next), and buffers whose lives do not
// overlap share memory. A buffer first written by the op that last reads
// another of its type, element by element where it writes (an elementwise
// op), takes that buffer's bytes: it is written in place.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

#include <algorithm>

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCPLANMEMORY
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// Alignment of every buffer in the arena: a cache line, and the widest
/// vector the compiler targets.
constexpr int64_t kAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t bytes;
  int64_t begin, end; // positions of the alloc and the last use
  int64_t firstUse;   // position of the first use, or of the dealloc
  int64_t offset = -1;
  Buffer *inPlaceOf = nullptr; // the dead buffer whose bytes it takes
  bool replaced = false;       // another buffer took its place
  // A buffer used in one case of a tfcc-concurrent-branches loop alone:
  // the case, and the positions there of its first and last use.
  Block *branch = nullptr;
  int64_t branchBegin = 0, branchEnd = 0;
};

/// The case block of the loop of tfcc-concurrent-branches `top` that holds
/// `op`, and `op`'s ancestor there; nulls when `top` is no such loop.
std::pair<Block *, Operation *> branchOf(Operation *top, Operation *op) {
  auto loop = dyn_cast<scf::ForOp>(top);
  if (!loop || !loop->hasAttr(tfcc::kBranchesAttrName))
    return {nullptr, nullptr};
  auto cases = cast<scf::IndexSwitchOp>(loop.getBody()->front());
  for (Region &region : cases.getCaseRegions())
    if (Operation *ancestor = region.front().findAncestorOpInBlock(*op))
      return {&region.front(), ancestor};
  return {nullptr, nullptr};
}

/// Whether `a` and `b` may be live at once: their intervals overlap and
/// they are not used in one case of a concurrent loop, at different times.
/// Buffers of the loop's two cases are, since the cases run at once.
bool overlap(const Buffer &a, const Buffer &b) {
  if (a.begin > b.end || b.begin > a.end)
    return false;
  return !a.branch || a.branch != b.branch ||
         (a.branchBegin <= b.branchEnd && b.branchBegin <= a.branchEnd);
}

/// The position in `block` of the last op that uses `alloc`'s buffer,
/// through any view of it (a use in a nested region counts at its
/// top-level ancestor), or nothing when the buffer may escape: a view
/// yielded out of a region or made by an op that is no view.
/// Where all the uses other than views are in one case of a concurrent
/// loop, `buffer`'s branch and positions there are set.
std::optional<int64_t> lastUse(memref::AllocOp alloc, memref::DeallocOp dealloc,
                               Block &block,
                               const DenseMap<Operation *, int64_t> &position,
                               int64_t &first, Buffer &buffer) {
  int64_t last = position.lookup(alloc);
  first = position.lookup(dealloc);
  bool oneBranch = true;
  SmallVector<Value> aliases = {alloc.getResult()};
  while (!aliases.empty()) {
    Value alias = aliases.pop_back_val();
    for (Operation *user : alias.getUsers()) {
      if (user == dealloc.getOperation())
        continue;
      if (user->hasTrait<OpTrait::IsTerminator>())
        return std::nullopt;
      bool makesMemRef = llvm::any_of(user->getResultTypes(), [](Type type) {
        return isa<BaseMemRefType>(type);
      });
      if (makesMemRef) {
        auto view = dyn_cast<ViewLikeOpInterface>(user);
        if (!view || view.getViewSource() != alias)
          return std::nullopt;
        llvm::append_range(aliases, user->getResults());
      }
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!top)
        return std::nullopt;
      last = std::max(last, position.lookup(top));
      if (makesMemRef)
        continue;
      first = std::min(first, position.lookup(top));
      auto [branch, inBranch] = branchOf(top, user);
      if (!branch || (buffer.branch && buffer.branch != branch)) {
        oneBranch = false;
        continue;
      }
      int64_t at = position.lookup(inBranch);
      if (!buffer.branch) {
        buffer.branch = branch;
        buffer.branchBegin = buffer.branchEnd = at;
      }
      buffer.branchBegin = std::min(buffer.branchBegin, at);
      buffer.branchEnd = std::max(buffer.branchEnd, at);
    }
  }
  if (!oneBranch)
    buffer.branch = nullptr;
  return last;
}

/// Whether `value` is computed, in `block`, from the block's arguments and
/// constants alone by ops free of side effects (a size from the input's
/// dims): it can be computed at the block's start.
bool knownAtEntry(Value value, Block &block) {
  SmallVector<Value> work = {value};
  llvm::SmallPtrSet<Value, 8> seen;
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      if (arg.getOwner() != &block)
        return false;
      continue;
    }
    Operation *def = v.getDefiningOp();
    if (def->getBlock() != &block || def->getNumRegions() != 0 ||
        !isMemoryEffectFree(def))
      return false;
    llvm::append_range(work, def->getOperands());
  }
  return true;
}

/// The buffers of `block` an arena can hold: allocations of a static shape
/// (with `dynamic`, of a dynamic shape whose sizes are knownAtEntry) and
/// identity layout freed by a dealloc in the same block (those without one
/// are results, which the caller owns). Deallocation frees
/// them at the block's end; each is live up to its last use instead.
SmallVector<Buffer> collectBuffers(Block &block, bool dynamic) {
  DenseMap<Operation *, int64_t> position;
  int64_t index = 0;
  for (Operation &op : block) {
    position[&op] = index++;
    // Ops in a case of a concurrent loop by their order there.
    if (op.hasAttr(tfcc::kBranchesAttrName))
      for (Region &region :
           cast<scf::IndexSwitchOp>(cast<scf::ForOp>(op).getBody()->front())
               .getCaseRegions()) {
        int64_t inCase = 0;
        for (Operation &member : region.front())
          position[&member] = inCase++;
      }
  }
  SmallVector<Buffer> buffers;
  for (auto alloc : block.getOps<memref::AllocOp>()) {
    MemRefType type = alloc.getType();
    if (type.hasStaticShape() == dynamic || !type.getLayout().isIdentity() ||
        type.getMemorySpace() || !type.getElementType().isIntOrFloat() ||
        type.getElementTypeBitWidth() % 8 != 0 ||
        !alloc.getSymbolOperands().empty() ||
        (dynamic && !llvm::all_of(alloc.getDynamicSizes(), [&](Value size) {
           return knownAtEntry(size, block);
         })))
      continue;
    memref::DeallocOp dealloc;
    bool other = false;
    for (Operation *user : alloc->getUsers()) {
      auto candidate = dyn_cast<memref::DeallocOp>(user);
      if (!candidate)
        continue;
      if (dealloc || candidate->getBlock() != &block)
        other = true;
      dealloc = candidate;
    }
    if (!dealloc || other)
      continue;
    int64_t first;
    Buffer buffer;
    std::optional<int64_t> end =
        lastUse(alloc, dealloc, block, position, first, buffer);
    int64_t bytes =
        dynamic ? 0
                : type.getNumElements() * (type.getElementTypeBitWidth() / 8);
    buffer.alloc = alloc;
    buffer.dealloc = dealloc;
    buffer.bytes = static_cast<int64_t>(
        llvm::alignTo(std::max<int64_t>(bytes, 1), kAlignment));
    buffer.begin = position[alloc];
    buffer.end = end ? *end : position[dealloc];
    buffer.firstUse = end ? first : position[dealloc];
    // Used in one case alone: live only while the loop runs (its views
    // before the loop touch no memory), and there only from its first use
    // to its last.
    if (!end)
      buffer.branch = nullptr;
    if (buffer.branch)
      buffer.begin = buffer.end = buffer.firstUse = first;
    buffers.push_back(buffer);
  }
  return buffers;
}

/// The one use of `buffer`, through any view, inside `op`, or null when it
/// has more there or one through a view.
Operation *onlyUseIn(Value buffer, Operation *op) {
  Operation *found = nullptr;
  SmallVector<Value> aliases = {buffer};
  while (!aliases.empty()) {
    Value alias = aliases.pop_back_val();
    for (Operation *user : alias.getUsers()) {
      if (isa<ViewLikeOpInterface>(user) && !op->isAncestor(user)) {
        llvm::append_range(aliases, user->getResults());
        continue;
      }
      if (!op->isAncestor(user))
        continue;
      if (found || alias != buffer)
        return nullptr;
      found = user;
    }
  }
  return found;
}

/// Whether `indices`, used by `access` inside the top-level loop nest
/// `top`, are sums and products of constants and the induction variable of
/// every loop around `access` (what tiling makes): then no two iterations
/// access the same elements. A division or remainder could map two to one.
bool varyWithEveryLoop(Operation *access, Operation *top, ValueRange indices) {
  llvm::SmallPtrSet<Value, 8> reached;
  SmallVector<Value> work(indices.begin(), indices.end());
  while (!work.empty()) {
    Value value = work.pop_back_val();
    if (!reached.insert(value).second)
      continue;
    Operation *def = value.getDefiningOp();
    if (!def || !top->isAncestor(def))
      continue;
    if (!isa<arith::ConstantOp, arith::AddIOp, arith::SubIOp, arith::MulIOp>(
            def))
      return false;
    llvm::append_range(work, def->getOperands());
  }
  for (Operation *parent = access->getParentOp();;
       parent = parent->getParentOp()) {
    if (auto loop = dyn_cast<scf::ForOp>(parent)) {
      if (!reached.contains(loop.getInductionVar()))
        return false;
    } else if (!isa<scf::IfOp>(parent)) {
      return false;
    }
    if (parent == top)
      return true;
  }
}

/// Whether `op`, the top-level op that last uses `dead` and first uses
/// `fresh` (buffers of one type), reads `dead` only where it writes
/// `fresh`, each element before writing it, so that `fresh` may take
/// `dead`'s bytes: an elementwise generic that yields without reading its
/// output, or a loop nest whose one read of `dead` and one write of
/// `fresh` take the same indices, which vary with every loop, in that
/// order in one block (what vectorizing an elementwise op leaves).
bool writesInPlace(Operation *op, Value dead, Value fresh) {
  if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    // Neither is an operand twice, or through a view.
    if (onlyUseIn(dead, op) != op || onlyUseIn(fresh, op) != op)
      return false;
    if (generic.getNumParallelLoops() != generic.getNumLoops() ||
        generic.getNumDpsInits() != 1)
      return false;
    OpOperand *init = generic.getDpsInitOperand(0);
    if (init->get() != fresh ||
        !generic.getMatchingBlockArgument(init).use_empty() ||
        !generic.getMatchingIndexingMap(init).isPermutation())
      return false;
    OpOperand *input = nullptr;
    for (OpOperand *operand : generic.getDpsInputOperands()) {
      if (operand->get() != dead)
        continue;
      if (input)
        return false;
      input = operand;
    }
    return input && generic.getMatchingIndexingMap(input) ==
                        generic.getMatchingIndexingMap(init);
  }
  // The cases of a concurrent loop run at once.
  if (!isa<scf::ForOp>(op) || op->hasAttr(tfcc::kBranchesAttrName))
    return false;
  Operation *read = onlyUseIn(dead, op), *write = onlyUseIn(fresh, op);
  if (!read || !write || read->getBlock() != write->getBlock() ||
      !read->isBeforeInBlock(write))
    return false;
  ValueRange readAt, writeAt;
  if (auto r = dyn_cast<vector::TransferReadOp>(read)) {
    auto w = dyn_cast<vector::TransferWriteOp>(write);
    if (!w || r.getBase() != dead || w.getBase() != fresh ||
        r.getVectorType() != w.getVectorType() ||
        r.getPermutationMap() != w.getPermutationMap() ||
        r.getMask() != w.getMask() ||
        r.getInBoundsValues() != w.getInBoundsValues())
      return false;
    readAt = r.getIndices();
    writeAt = w.getIndices();
  } else if (auto r = dyn_cast<vector::LoadOp>(read)) {
    auto w = dyn_cast<vector::StoreOp>(write);
    if (!w || r.getBase() != dead || w.getBase() != fresh ||
        r.getVectorType() != w.getVectorType())
      return false;
    readAt = r.getIndices();
    writeAt = w.getIndices();
  } else if (auto r = dyn_cast<memref::LoadOp>(read)) {
    auto w = dyn_cast<memref::StoreOp>(write);
    if (!w || r.getMemRef() != dead || w.getMemRef() != fresh)
      return false;
    readAt = r.getIndices();
    writeAt = w.getIndices();
  } else {
    return false;
  }
  return llvm::equal(readAt, writeAt) && varyWithEveryLoop(write, op, writeAt);
}

/// Lets each buffer that the op last reading a dead buffer of its type
/// first writes, in place (writesInPlace), take that buffer's bytes: it
/// then lives from that op on.
void shareInPlace(MutableArrayRef<Buffer> buffers, ArrayRef<Operation *> ops) {
  for (Buffer &fresh : buffers)
    for (Buffer &dead : buffers)
      if (&dead != &fresh && !dead.replaced && dead.end == fresh.firstUse &&
          dead.alloc.getType() == fresh.alloc.getType() &&
          writesInPlace(ops[fresh.firstUse], dead.alloc, fresh.alloc)) {
        fresh.inPlaceOf = &dead;
        fresh.begin = fresh.firstUse;
        dead.replaced = true;
        break;
      }
}

/// Assigns each buffer an offset: by decreasing size (ties: the earlier
/// first), at the smallest gap between the buffers already placed whose
/// lives overlap its own, or above them all. Returns the arena's size.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  llvm::sort(order, [](const Buffer *a, const Buffer *b) {
    return a->bytes != b->bytes ? a->bytes > b->bytes : a->begin < b->begin;
  });
  int64_t arena = 0;
  SmallVector<Buffer *> placed;
  for (Buffer *buffer : order) {
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *other : placed)
      if (overlap(*other, *buffer))
        taken.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(taken);
    int64_t best = -1, bestGap = 0, at = 0;
    for (auto [lo, hi] : taken) {
      int64_t gap = lo - at;
      if (gap >= buffer->bytes && (best < 0 || gap < bestGap)) {
        best = at;
        bestGap = gap;
      }
      at = std::max(at, hi);
    }
    buffer->offset = best >= 0 ? best : at;
    arena = std::max(arena, buffer->offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return arena;
}

/// Places `buffers`, of dynamic shape, in the slots of one arena that each
/// run sizes from the input dims: by greedy interval colouring (in order of
/// allocation, each into the first slot free by then; a slot is as large as
/// its largest buffer at that run), since offsets by size need the sizes.
/// The sizes' computations are copied to the function's start, where the
/// arena is allocated: one allocation, which the runtime serves from a
/// block the instance keeps and grows (tfcc-announce-allocations).
void planDynamic(func::FuncOp func, MutableArrayRef<Buffer> buffers) {
  Block &block = func.getBody().front();
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  // Allocation positions are distinct.
  llvm::sort(order, [](const Buffer *a, const Buffer *b) {
    return a->begin < b->begin;
  });
  SmallVector<int64_t> slotEnd;
  DenseMap<Buffer *, unsigned> slotOf;
  for (Buffer *buffer : order) {
    unsigned slot = 0;
    while (slot < slotEnd.size() && slotEnd[slot] >= buffer->begin)
      ++slot;
    if (slot == slotEnd.size())
      slotEnd.push_back(buffer->end);
    else
      slotEnd[slot] = buffer->end;
    slotOf[buffer] = slot;
  }

  // The ops the sizes come from, copied in their order to the start.
  llvm::SetVector<Operation *> slice;
  SmallVector<Value> work;
  for (Buffer &buffer : buffers)
    llvm::append_range(work, buffer.alloc.getDynamicSizes());
  while (!work.empty())
    if (Operation *def = work.pop_back_val().getDefiningOp())
      if (slice.insert(def))
        llvm::append_range(work, def->getOperands());
  SmallVector<Operation *> sources(slice.begin(), slice.end());
  llvm::sort(sources,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  IRRewriter rewriter(func.getContext());
  Location loc = func.getLoc();
  rewriter.setInsertionPointToStart(&block);
  IRMapping mapping;
  for (Operation *op : sources)
    rewriter.clone(*op, mapping);

  auto index = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  SmallVector<Value> slotBytes(slotEnd.size());
  for (Buffer &buffer : buffers) {
    MemRefType type = buffer.alloc.getType();
    int64_t known = type.getElementTypeBitWidth() / 8;
    for (int64_t dim : type.getShape())
      if (!ShapedType::isDynamic(dim))
        known *= dim;
    Value bytes = index(known);
    for (Value size : buffer.alloc.getDynamicSizes())
      bytes = arith::MulIOp::create(rewriter, loc, bytes,
                                    mapping.lookupOrDefault(size));
    bytes = arith::AndIOp::create(
        rewriter, loc,
        arith::AddIOp::create(rewriter, loc, bytes, index(kAlignment - 1)),
        index(-kAlignment));
    Value &slot = slotBytes[slotOf[&buffer]];
    slot = slot ? arith::MaxUIOp::create(rewriter, loc, slot, bytes) : bytes;
  }
  SmallVector<Value> slotOffsets;
  Value total = index(0);
  for (Value bytes : slotBytes) {
    slotOffsets.push_back(total);
    total = arith::AddIOp::create(rewriter, loc, total, bytes);
  }
  auto arena = memref::AllocOp::create(
      rewriter, loc,
      MemRefType::get({ShapedType::kDynamic}, rewriter.getI8Type()),
      ValueRange{total}, rewriter.getI64IntegerAttr(kAlignment));
  arena->setAttr(tfcc::kDynamicArenaAttrName,
                 rewriter.getI64IntegerAttr(slotEnd.size()));
  for (Buffer &buffer : buffers) {
    rewriter.setInsertionPoint(buffer.alloc);
    auto view = memref::ViewOp::create(
        rewriter, buffer.alloc.getLoc(), buffer.alloc.getType(), arena,
        slotOffsets[slotOf[&buffer]], buffer.alloc.getDynamicSizes());
    view->setAttr(tfcc::kLiveAttrName,
                  rewriter.getDenseI64ArrayAttr({buffer.begin, buffer.end}));
    view->setAttr(tfcc::kSlotAttrName,
                  rewriter.getI64IntegerAttr(slotOf[&buffer]));
    rewriter.eraseOp(buffer.dealloc);
    rewriter.replaceOp(buffer.alloc, view);
  }
  rewriter.setInsertionPoint(block.getTerminator());
  memref::DeallocOp::create(rewriter, loc, arena);
}

struct TfccPlanMemory : tfcc::impl::TfccPlanMemoryBase<TfccPlanMemory> {
  using TfccPlanMemoryBase::TfccPlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &block = func.getBody().front();
    planStatic(func);
    // The instance has one dynamic arena, for its entry.
    if (!func.isPrivate()) {
      SmallVector<Buffer> dynamic = collectBuffers(block, /*dynamic=*/true);
      if (!dynamic.empty())
        planDynamic(func, dynamic);
    }
  }

  void planStatic(func::FuncOp func) {
    Block &block = func.getBody().front();
    SmallVector<Buffer> buffers = collectBuffers(block, /*dynamic=*/false);
    SmallVector<Operation *> ops;
    for (Operation &op : block)
      ops.push_back(&op);
    // The buffers that each iteration of an scf.while (or a branch of an
    // scf.if: what tfcc.while and tfcc.cond became) allocates and frees:
    // live as long as the loop runs, so that every iteration finds them at
    // the same offsets. (Among themselves they share nothing.)
    SmallVector<Buffer> nested;
    for (auto [position, op] : llvm::enumerate(ops)) {
      if (!isa<scf::WhileOp, scf::IfOp>(op))
        continue;
      op->walk([&](Block *inner) {
        for (Buffer &buffer : collectBuffers(*inner, /*dynamic=*/false)) {
          buffer.begin = buffer.end = buffer.firstUse = position;
          buffer.branch = nullptr;
          nested.push_back(buffer);
        }
      });
    }
    // shareInPlace links buffers by address: no growing after it.
    buffers.reserve(buffers.size() + nested.size());
    shareInPlace(buffers, ops);
    buffers.append(nested.begin(), nested.end());
    if (buffers.empty())
      return;
    // A buffer and those that take its place in turn are placed as one,
    // live from the first's allocation to the last's last use.
    SmallVector<Buffer> groups;
    DenseMap<Buffer *, unsigned> groupOf;
    for (Buffer &buffer : buffers)
      if (!buffer.inPlaceOf) {
        groupOf[&buffer] = groups.size();
        groups.push_back(buffer);
      }
    auto root = [](Buffer *buffer) {
      while (buffer->inPlaceOf)
        buffer = buffer->inPlaceOf;
      return buffer;
    };
    for (Buffer &buffer : buffers) {
      Buffer &group = groups[groupOf[root(&buffer)]];
      group.end = std::max(group.end, buffer.end);
    }
    int64_t arena = assignOffsets(groups);
    for (Buffer &buffer : buffers)
      buffer.offset = groups[groupOf[root(&buffer)]].offset;
    int64_t total = 0;
    for (const Buffer &buffer : buffers)
      total += buffer.bytes;

    IRRewriter rewriter(&getContext());
    Location loc = func.getLoc();
    rewriter.setInsertionPointToStart(&block);
    auto arenaType = MemRefType::get({arena}, rewriter.getI8Type());
    auto whole = memref::AllocOp::create(
        rewriter, loc, arenaType, rewriter.getI64IntegerAttr(kAlignment));
    // The plan, for `tfcc --emit=memory-plan`; lowering drops both.
    whole->setAttr(tfcc::kArenaBuffersAttrName,
                   rewriter.getI64IntegerAttr(total));
    // The arena's size, for the model's spec and header: the runtime
    // allocates it when it creates an instance.
    func->setAttr(tfcc::kArenaBytesAttrName, rewriter.getI64IntegerAttr(arena));
    for (Buffer &buffer : buffers) {
      rewriter.setInsertionPoint(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(
          rewriter, buffer.alloc.getLoc(), buffer.offset);
      auto view = memref::ViewOp::create(rewriter, buffer.alloc.getLoc(),
                                         buffer.alloc.getType(), whole, offset,
                                         ValueRange{});
      view->setAttr(tfcc::kLiveAttrName,
                    rewriter.getDenseI64ArrayAttr({buffer.begin, buffer.end}));
      if (buffer.branch) {
        auto cases = cast<scf::IndexSwitchOp>(buffer.branch->getParentOp());
        int64_t index = 0;
        while (&cases.getCaseBlock(index) != buffer.branch)
          ++index;
        view->setAttr(tfcc::kLiveInCaseAttrName,
                      rewriter.getDenseI64ArrayAttr(
                          {index, buffer.branchBegin, buffer.branchEnd}));
      }
      rewriter.eraseOp(buffer.dealloc);
      rewriter.replaceOp(buffer.alloc, view);
    }
    rewriter.setInsertionPoint(block.getTerminator());
    memref::DeallocOp::create(rewriter, loc, whole);
  }
};

} // namespace
