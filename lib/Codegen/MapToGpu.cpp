//===- MapToGpu.cpp - the loop nests of GPU functions become kernels ------===//
//
// After bufferization and memory planning, a function placed on a GPU is a
// sequence of linalg ops and a few loops over buffers in device memory.
// Each becomes a gpu.launch that the host code issues: an op's parallel
// dimensions are flattened into one index, one thread per element, 256
// threads a block, the reduction dimensions a loop in each thread; a loop
// marked tfcc.parallel (a row of tfcc-fuse-rows) is one thread per
// iteration; and what is left that touches memory (a scalar store, a
// sequential loop) runs as a kernel of one thread. The host keeps only
// what it can do without reading device memory: sizes, allocations, views,
// copies and calls.
//
// Upstream's route (scf-parallel-loop-tiling, gpu-map-parallel-loops,
// convert-parallel-loops-to-gpu) maps at most three dimensions to the grid,
// each limited to 65535 blocks beyond x, and leaves nests it cannot map on
// the host; flattening handles any rank and size and maps every nest.
//
//===----------------------------------------------------------------------===//

#include "CodegenUtils.h"
#include "tfcc/Codegen/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCMAPTOGPU
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

constexpr int64_t kBlockThreads = 256;

/// The allocation a buffer is a view of, or null.
Operation *rootAllocation(Value buffer) {
  while (auto view = buffer.getDefiningOp<ViewLikeOpInterface>())
    buffer = view.getViewSource();
  Operation *def = buffer.getDefiningOp();
  return isa_and_present<memref::AllocOp, memref::AllocaOp>(def) ? def
                                                                 : nullptr;
}

/// The buffers of a GPU function that live in host memory: those it
/// returns (the tfcc.transfer to the host made them) and those on the
/// stack (the shapes of reshapes, see shapesOnHost).
llvm::SmallPtrSet<Operation *, 8> findHostBuffers(func::FuncOp func) {
  llvm::SmallPtrSet<Operation *, 8> host;
  func.walk([&](func::ReturnOp op) {
    for (Value value : op.getOperands())
      if (Operation *alloc = rootAllocation(value))
        host.insert(alloc);
  });
  func.walk([&](memref::AllocaOp op) { host.insert(op); });
  return host;
}

/// A reshape's shape, which the host reads to size the result (and which
/// canonicalization later reads for its dims), goes to a stack buffer of
/// the host: the stores that write it, each a size the host computed,
/// write there instead. Memory planning may have put it in the device
/// arena.
void shapesOnHost(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<memref::ReshapeOp> reshapes;
  for (auto op : func.getBody().getOps<memref::ReshapeOp>())
    reshapes.push_back(op);
  for (memref::ReshapeOp reshape : reshapes) {
    Value shape = reshape.getShape();
    auto type = cast<MemRefType>(shape.getType());
    SmallVector<memref::StoreOp> stores;
    bool onlyStores = type.hasStaticShape();
    for (Operation *user : shape.getUsers()) {
      if (user == reshape.getOperation())
        continue;
      auto store = dyn_cast<memref::StoreOp>(user);
      if (!store || store.getMemRef() != shape ||
          store->getBlock() != reshape->getBlock() ||
          !store->isBeforeInBlock(reshape))
        onlyStores = false;
      else
        stores.push_back(store);
    }
    if (!onlyStores || stores.empty())
      continue;
    rewriter.setInsertionPointToStart(&func.getBody().front());
    Value host = memref::AllocaOp::create(
        rewriter, reshape.getLoc(),
        MemRefType::get(type.getShape(), type.getElementType()));
    for (memref::StoreOp store : stores)
      rewriter.modifyOpInPlace(store,
                               [&] { store.getMemrefMutable().assign(host); });
    rewriter.modifyOpInPlace(reshape,
                             [&] { reshape.getShapeMutable().assign(host); });
  }
}

/// Ops the host runs in a GPU function: they compute sizes and pointers,
/// allocate, free, copy whole buffers (the driver's copy works between any
/// two memories), call and write host buffers, but never read or write
/// device memory.
bool runsOnHost(Operation *op,
                const llvm::SmallPtrSetImpl<Operation *> &hostBuffers) {
  if (isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp, memref::CopyOp,
          gpu::AllocOp, gpu::DeallocOp, gpu::MemcpyOp, memref::GetGlobalOp,
          memref::DimOp, memref::CastOp, memref::ExtractStridedMetadataOp,
          memref::ExtractAlignedPointerAsIndexOp, ViewLikeOpInterface,
          func::CallOp, func::ReturnOp, tfcc::AssertOp>(op))
    return true;
  if (auto store = dyn_cast<memref::StoreOp>(op))
    return hostBuffers.contains(rootAllocation(store.getMemRef()));
  if (auto branch = dyn_cast<scf::IfOp>(op))
    return llvm::all_of(branch->getRegions(), [&](Region &region) {
      return llvm::all_of(region.getOps(), [&](Operation &nested) {
        return runsOnHost(&nested, hostBuffers);
      });
    });
  if (isa<scf::YieldOp>(op))
    return true;
  return op->getNumRegions() == 0 && isMemoryEffectFree(op);
}

/// The loops of a nest flattened into one index: bounds and steps per
/// dimension and the block whose arguments are the induction variables.
struct Nest {
  SmallVector<Value> lowerBounds, upperBounds, steps;
  Block *body;
};

/// Replaces every scf.parallel inside `root` by a nest of scf.for: inside a
/// kernel, the dimensions not given to threads run in each thread.
void sequentialize(RewriterBase &rewriter, Operation *root) {
  SmallVector<scf::ParallelOp> inner;
  root->walk([&](scf::ParallelOp op) { inner.push_back(op); });
  for (scf::ParallelOp op : inner) {
    rewriter.setInsertionPoint(op);
    SmallVector<Value> ivs;
    for (auto [lb, ub, step] :
         llvm::zip(op.getLowerBound(), op.getUpperBound(), op.getStep())) {
      auto loop = scf::ForOp::create(rewriter, op.getLoc(), lb, ub, step);
      ivs.push_back(loop.getInductionVar());
      rewriter.setInsertionPoint(loop.getBody()->getTerminator());
    }
    Block *body = op.getBody();
    rewriter.eraseOp(body->getTerminator());
    rewriter.inlineBlockBefore(body, rewriter.getInsertionBlock(),
                               rewriter.getInsertionPoint(), ivs);
    rewriter.eraseOp(op);
  }
}

/// Inside a kernel a failed check cannot return to the host (nor trap,
/// which would end every model on the GPU's context): it records its
/// number and values in a small device buffer, and the host checks the
/// buffer once the function's kernels are done, with each check's message.
/// The kernel goes on after recording; a fault where a bad index then
/// reads would be reported as the launch's CUDA error.
void checkOnHost(RewriterBase &rewriter, func::FuncOp func,
                 bool runtimeChecks) {
  SmallVector<tfcc::AssertOp> checks;
  func.walk([&](tfcc::AssertOp op) {
    if (op->getParentOfType<gpu::LaunchOp>())
      checks.push_back(op);
  });
  if (!runtimeChecks)
    for (tfcc::AssertOp check : checks)
      rewriter.eraseOp(check);
  if (checks.empty() || !runtimeChecks)
    return;
  Location loc = func.getLoc();
  Block &body = func.getBody().front();
  auto i64 = rewriter.getI64Type();
  int64_t slots = 1 + tfcc::AssertOp::kMaxValues;
  auto type = MemRefType::get({slots}, i64);
  // Before everything: the record, cleared by a kernel of one thread.
  rewriter.setInsertionPointToStart(&body);
  Value record = memref::AllocOp::create(rewriter, loc, type);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto clear =
      gpu::LaunchOp::create(rewriter, loc, one, one, one, one, one, one);
  rewriter.setInsertionPointToStart(&clear.getBody().front());
  memref::StoreOp::create(
      rewriter, loc, arith::ConstantIntOp::create(rewriter, loc, i64, 0),
      record, ValueRange{arith::ConstantIndexOp::create(rewriter, loc, 0)});
  gpu::TerminatorOp::create(rewriter, loc);
  // In the kernels: the first failure's number and values.
  for (auto [number, check] : llvm::enumerate(checks)) {
    rewriter.setInsertionPoint(check);
    Location at = check.getLoc();
    Value failed =
        arith::XOrIOp::create(rewriter, at, check.getCondition(),
                              arith::ConstantIntOp::create(rewriter, at, 1, 1));
    auto branch = scf::IfOp::create(rewriter, at, failed);
    rewriter.setInsertionPointToStart(branch.thenBlock());
    // The first failure only: its number goes in by compare-and-swap, and
    // the thread that put it there writes its values.
    Value zero = arith::ConstantIntOp::create(rewriter, at, i64, 0);
    Value mine = arith::ConstantIntOp::create(rewriter, at, i64, number + 1);
    auto swap = memref::GenericAtomicRMWOp::create(
        rewriter, at, record,
        ValueRange{arith::ConstantIndexOp::create(rewriter, at, 0)});
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToEnd(swap.getBody());
      Value empty = arith::CmpIOp::create(
          rewriter, at, arith::CmpIPredicate::eq, swap.getCurrentValue(), zero);
      memref::AtomicYieldOp::create(
          rewriter, at,
          arith::SelectOp::create(rewriter, at, empty, mine,
                                  swap.getCurrentValue()));
    }
    Value won = arith::CmpIOp::create(rewriter, at, arith::CmpIPredicate::eq,
                                      swap.getResult(), zero);
    auto first = scf::IfOp::create(rewriter, at, won);
    rewriter.setInsertionPointToStart(first.thenBlock());
    auto store = [&](Value v, int64_t slot) {
      if (v.getType().isIndex())
        v = arith::IndexCastOp::create(rewriter, at, i64, v);
      else if (v.getType().getIntOrFloatBitWidth() < 64)
        v = arith::ExtSIOp::create(rewriter, at, i64, v);
      memref::StoreOp::create(
          rewriter, at, v, record,
          ValueRange{arith::ConstantIndexOp::create(rewriter, at, slot)});
    };
    for (auto [slot, value] : llvm::enumerate(check.getValues()))
      store(value, slot + 1);
  }
  // At the end, on the host: the record copied back, each check's message
  // where the record names it.
  rewriter.setInsertionPoint(body.getTerminator());
  Value host = memref::AllocaOp::create(rewriter, loc, type);
  memref::CopyOp::create(rewriter, loc, record, host);
  SmallVector<Value> fields;
  for (int64_t slot = 0; slot < slots; ++slot)
    fields.push_back(memref::LoadOp::create(
        rewriter, loc, host,
        ValueRange{arith::ConstantIndexOp::create(rewriter, loc, slot)}));
  for (auto [number, check] : llvm::enumerate(checks)) {
    Value passed = arith::CmpIOp::create(
        rewriter, check.getLoc(), arith::CmpIPredicate::ne, fields[0],
        arith::ConstantIntOp::create(rewriter, check.getLoc(), i64,
                                     number + 1));
    tfcc::AssertOp::create(rewriter, check.getLoc(), passed,
                           check.getMessageAttr(),
                           ArrayRef(fields).slice(1, check.getValues().size()));
  }
  memref::DeallocOp::create(rewriter, loc, record);
  for (tfcc::AssertOp check : checks)
    rewriter.eraseOp(check);
}

/// The launch of `nest` in place of `loop`: one thread per point of the
/// nest's iteration space, delinearized into the induction variables.
void launchNest(RewriterBase &rewriter, Operation *loop, Nest &nest) {
  Location loc = loop->getLoc();
  rewriter.setInsertionPoint(loop);
  auto index = [&](int64_t v) {
    return arith::ConstantIndexOp::create(rewriter, loc, v);
  };
  SmallVector<Value> counts;
  Value total = index(1);
  for (auto [lb, ub, step] :
       llvm::zip(nest.lowerBounds, nest.upperBounds, nest.steps)) {
    Value extent = arith::SubIOp::create(rewriter, loc, ub, lb);
    Value count = arith::CeilDivSIOp::create(rewriter, loc, extent, step);
    count = arith::MaxSIOp::create(rewriter, loc, count, index(0));
    counts.push_back(count);
    total = arith::MulIOp::create(rewriter, loc, total, count);
  }
  Value threads = index(kBlockThreads);
  Value blocks = arith::CeilDivSIOp::create(rewriter, loc, total, threads);
  blocks = arith::MaxSIOp::create(rewriter, loc, blocks, index(1));
  Value one = index(1);
  auto launch =
      gpu::LaunchOp::create(rewriter, loc, blocks, one, one, threads, one, one);
  Block &kernel = launch.getBody().front();
  rewriter.setInsertionPointToStart(&kernel);
  Value id = arith::AddIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, launch.getBlockIds().x,
                            launch.getBlockSize().x),
      launch.getThreadIds().x);
  Value inRange = arith::CmpIOp::create(rewriter, loc,
                                        arith::CmpIPredicate::slt, id, total);
  auto guard = scf::IfOp::create(rewriter, loc, inRange);
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPointToStart(guard.thenBlock());
  // The last dimension varies fastest, as the buffers' rows do.
  SmallVector<Value> ivs(counts.size());
  Value rest = id;
  for (int64_t d = counts.size() - 1; d >= 0; --d) {
    Value position =
        d == 0 ? rest : arith::RemSIOp::create(rewriter, loc, rest, counts[d]);
    if (d > 0)
      rest = arith::DivSIOp::create(rewriter, loc, rest, counts[d]);
    ivs[d] = arith::AddIOp::create(
        rewriter, loc, nest.lowerBounds[d],
        arith::MulIOp::create(rewriter, loc, position, nest.steps[d]));
  }
  rewriter.eraseOp(nest.body->getTerminator());
  rewriter.inlineBlockBefore(nest.body, guard.thenBlock()->getTerminator(),
                             ivs);
  rewriter.eraseOp(loop);
  sequentialize(rewriter, launch);
}

/// A kernel of one thread for `ops`, consecutive ops that touch memory.
LogicalResult launchSerial(RewriterBase &rewriter, ArrayRef<Operation *> ops) {
  llvm::SmallPtrSet<Operation *, 8> inside(ops.begin(), ops.end());
  Block *block = ops.front()->getBlock();
  for (Operation *op : ops)
    for (Operation *user : op->getUsers())
      if (!inside.contains(block->findAncestorOpInBlock(*user)))
        return op->emitOpError("computes a value that the host needs from "
                               "device memory; it has no GPU kernel");
  Location loc = ops.front()->getLoc();
  rewriter.setInsertionPoint(ops.front());
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto launch =
      gpu::LaunchOp::create(rewriter, loc, one, one, one, one, one, one);
  Block &kernel = launch.getBody().front();
  rewriter.setInsertionPointToStart(&kernel);
  auto terminator = gpu::TerminatorOp::create(rewriter, loc);
  for (Operation *op : ops)
    op->moveBefore(terminator);
  sequentialize(rewriter, launch);
  return success();
}

/// Every buffer of a GPU function is device memory (gpu.alloc and
/// gpu.dealloc) but those it returns, which the tfcc.transfer to the host
/// made; every whole-buffer copy is a gpu.memcpy, which the driver performs
/// between any two memories.
LogicalResult
placeBuffers(RewriterBase &rewriter, func::FuncOp func,
             const llvm::SmallPtrSetImpl<Operation *> &hostBuffers) {
  SmallVector<memref::AllocOp> allocs;
  func.walk([&](memref::AllocOp op) {
    if (!hostBuffers.contains(op))
      allocs.push_back(op);
  });
  // A buffer made inside a kernel (a row's scratch from tfcc-fuse-rows) is
  // each thread's own.
  for (memref::AllocOp &alloc : allocs) {
    if (!alloc->getParentOfType<gpu::LaunchOp>() ||
        !alloc.getType().hasStaticShape())
      continue;
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        rewriter.eraseOp(user);
    rewriter.setInsertionPoint(alloc);
    rewriter.replaceOpWithNewOp<memref::AllocaOp>(alloc, alloc.getType());
    alloc = nullptr;
  }
  for (memref::AllocOp alloc : allocs) {
    if (!alloc)
      continue;
    if (alloc->getParentOfType<gpu::LaunchOp>())
      return alloc.emitOpError(
          "allocates a buffer of dynamic size inside a GPU kernel");
    rewriter.setInsertionPoint(alloc);
    auto device = gpu::AllocOp::create(
        rewriter, alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
        /*asyncDependencies=*/ValueRange(), alloc.getDynamicSizes(),
        alloc.getSymbolOperands(), /*hostShared=*/false);
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        rewriter.setInsertionPoint(dealloc);
        rewriter.replaceOpWithNewOp<gpu::DeallocOp>(
            dealloc, /*asyncToken=*/Type(), ValueRange(), alloc.getResult());
      }
    rewriter.replaceOp(alloc, device.getMemref());
  }
  // A free of a view of device memory (through a cast or the metadata of a
  // view) frees the allocation.
  SmallVector<memref::DeallocOp> frees;
  func.walk([&](memref::DeallocOp op) { frees.push_back(op); });
  for (memref::DeallocOp op : frees) {
    Value buffer = op.getMemref();
    while (Operation *def = buffer.getDefiningOp()) {
      if (auto view = dyn_cast<ViewLikeOpInterface>(def))
        buffer = view.getViewSource();
      else if (auto meta = dyn_cast<memref::ExtractStridedMetadataOp>(def))
        buffer = meta.getSource();
      else
        break;
    }
    if (!buffer.getDefiningOp<gpu::AllocOp>())
      continue;
    rewriter.setInsertionPoint(op);
    rewriter.replaceOpWithNewOp<gpu::DeallocOp>(op, /*asyncToken=*/Type(),
                                                ValueRange(), buffer);
  }
  SmallVector<memref::CopyOp> copies;
  func.walk([&](memref::CopyOp op) {
    if (!op->getParentOfType<gpu::LaunchOp>())
      copies.push_back(op);
  });
  for (memref::CopyOp copy : copies) {
    rewriter.setInsertionPoint(copy);
    rewriter.replaceOpWithNewOp<gpu::MemcpyOp>(copy, /*asyncToken=*/Type(),
                                               ValueRange(), copy.getTarget(),
                                               copy.getSource());
  }
  return success();
}

struct TfccMapToGpu : tfcc::impl::TfccMapToGpuBase<TfccMapToGpu> {
  using TfccMapToGpuBase::TfccMapToGpuBase;
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !tfcc::isOnGpu(func))
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitOpError("has more than one block and cannot run on a GPU");
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    shapesOnHost(rewriter, func);
    llvm::SmallPtrSet<Operation *, 8> hostBuffers = findHostBuffers(func);
    // A copy of a view with a layout (a strided slice) is a kernel; the
    // driver copies contiguous buffers only. Into host memory it goes
    // through a contiguous device buffer, which the driver then copies.
    SmallVector<memref::CopyOp> strided;
    func.walk([&](memref::CopyOp op) {
      auto contiguous = [](Value v) {
        auto type = dyn_cast<MemRefType>(v.getType());
        return type && type.getLayout().isIdentity();
      };
      if (!contiguous(op.getSource()) || !contiguous(op.getTarget()))
        strided.push_back(op);
    });
    for (memref::CopyOp op : strided) {
      rewriter.setInsertionPoint(op);
      Value target = op.getTarget();
      if (hostBuffers.contains(rootAllocation(target))) {
        auto type = cast<MemRefType>(target.getType());
        if (!type.getLayout().isIdentity()) {
          op.emitOpError("copies into a strided view of host memory");
          return signalPassFailure();
        }
        SmallVector<Value> sizes;
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            sizes.push_back(
                memref::DimOp::create(rewriter, op.getLoc(), target, d));
        Value staging =
            memref::AllocOp::create(rewriter, op.getLoc(), type, sizes);
        linalg::CopyOp::create(rewriter, op.getLoc(), op.getSource(), staging);
        memref::CopyOp::create(rewriter, op.getLoc(), staging, target);
        memref::DeallocOp::create(rewriter, op.getLoc(), staging);
      } else {
        linalg::CopyOp::create(rewriter, op.getLoc(), op.getSource(), target);
      }
      rewriter.eraseOp(op);
    }
    SmallVector<linalg::LinalgOp> linalgOps;
    func.walk([&](linalg::LinalgOp op) { linalgOps.push_back(op); });
    for (linalg::LinalgOp op : linalgOps) {
      rewriter.setInsertionPoint(op);
      if (failed(linalg::linalgOpToParallelLoops(rewriter, op))) {
        op->emitOpError("could not be lowered to loops");
        return signalPassFailure();
      }
      rewriter.eraseOp(op);
    }

    Block &body = func.getBody().front();
    SmallVector<Operation *> serial;
    auto flush = [&]() -> LogicalResult {
      if (serial.empty())
        return success();
      LogicalResult result = launchSerial(rewriter, serial);
      serial.clear();
      return result;
    };
    for (Operation &op : llvm::make_early_inc_range(body)) {
      Nest nest;
      if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
        nest = {loop.getLowerBound(), loop.getUpperBound(), loop.getStep(),
                loop.getBody()};
      } else if (auto loop = dyn_cast<scf::ForOp>(op);
                 loop && loop->hasAttr(tfcc::kParallelAttrName) &&
                 loop.getNumResults() == 0) {
        nest = {{loop.getLowerBound()},
                {loop.getUpperBound()},
                {loop.getStep()},
                loop.getBody()};
      } else if (runsOnHost(&op, hostBuffers) &&
                 !(isMemoryEffectFree(&op) &&
                   llvm::any_of(op.getOperands(), [&](Value operand) {
                     return llvm::is_contained(serial, operand.getDefiningOp());
                   }))) {
        // Arithmetic on what a kernel of one thread loads (the body of a
        // linalg op of rank 0) joins that kernel.
        if (failed(flush()))
          return signalPassFailure();
        continue;
      } else {
        serial.push_back(&op);
        continue;
      }
      if (failed(flush()))
        return signalPassFailure();
      launchNest(rewriter, &op, nest);
    }
    if (failed(flush()))
      return signalPassFailure();
    checkOnHost(rewriter, func, runtimeChecks);
    hostBuffers = findHostBuffers(func);
    if (failed(placeBuffers(rewriter, func, hostBuffers)))
      return signalPassFailure();
  }
};

} // namespace
