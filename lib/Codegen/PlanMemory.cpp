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
// overlap share memory.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

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
  int64_t offset = -1;
};

/// The position in `block` of the last op that uses `alloc`'s buffer,
/// through any view of it (a use in a nested region counts at its
/// top-level ancestor), or nothing when the buffer may escape: a view
/// yielded out of a region or made by an op that is no view.
std::optional<int64_t> lastUse(memref::AllocOp alloc, memref::DeallocOp dealloc,
                               Block &block,
                               const DenseMap<Operation *, int64_t> &position) {
  int64_t last = position.lookup(alloc);
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
    }
  }
  return last;
}

/// The buffers of `block` the arena can hold: allocations of a static
/// shape and identity layout freed by a dealloc in the same block (those
/// without one are results, which the caller owns). Deallocation frees
/// them at the block's end; each is live up to its last use instead.
SmallVector<Buffer> collectBuffers(Block &block) {
  DenseMap<Operation *, int64_t> position;
  int64_t index = 0;
  for (Operation &op : block)
    position[&op] = index++;
  SmallVector<Buffer> buffers;
  for (auto alloc : block.getOps<memref::AllocOp>()) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
        type.getMemorySpace() || !type.getElementType().isIntOrFloat() ||
        type.getElementTypeBitWidth() % 8 != 0)
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
    std::optional<int64_t> end = lastUse(alloc, dealloc, block, position);
    int64_t bytes = type.getNumElements() * (type.getElementTypeBitWidth() / 8);
    buffers.push_back({alloc, dealloc,
                       static_cast<int64_t>(llvm::alignTo(
                           std::max<int64_t>(bytes, 1), kAlignment)),
                       position[alloc], end ? *end : position[dealloc]});
  }
  return buffers;
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
      if (other->begin <= buffer->end && buffer->begin <= other->end)
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

struct TfccPlanMemory : tfcc::impl::TfccPlanMemoryBase<TfccPlanMemory> {
  using TfccPlanMemoryBase::TfccPlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &block = func.getBody().front();
    SmallVector<Buffer> buffers = collectBuffers(block);
    if (buffers.empty())
      return;
    int64_t arena = assignOffsets(buffers);
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
      rewriter.eraseOp(buffer.dealloc);
      rewriter.replaceOp(buffer.alloc, view);
    }
    rewriter.setInsertionPoint(block.getTerminator());
    memref::DeallocOp::create(rewriter, loc, whole);
  }
};

} // namespace
