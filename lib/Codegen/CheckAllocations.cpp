//===- CheckAllocations.cpp - out-of-memory checks on allocations ---------===//
//
// A buffer whose size comes from the data (a ConstantOfShape of a fed shape,
// a loop's growing list) or from a model bigger than the machine cannot
// always be allocated. The runtime's allocator then returns null; the code
// would write through it. Each allocation is followed by a check of its
// pointer, located like the lowerings' checks, so that the run ends with
// TFCC_RESOURCE_EXHAUSTED naming the node and the bytes asked for (the
// runtime gives the code once it has seen an allocation fail).
//
//===----------------------------------------------------------------------===//

#include "../Conversion/LoweringUtils.h"
#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCCHECKALLOCATIONS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// The bytes `alloc` asks for: its element size times its static and
/// dynamic dimensions.
Value allocationBytes(OpBuilder &b, memref::AllocOp alloc) {
  Location loc = alloc.getLoc();
  MemRefType type = alloc.getType();
  // Index, vector and other element types (a list's buffers) as the data
  // layout sizes them; the message only needs to be about right.
  Type element = type.getElementType();
  int64_t bytes = 8;
  if (element.isIntOrIndexOrFloat() || isa<VectorType>(element))
    bytes = std::max<int64_t>(
        1, DataLayout::closest(alloc).getTypeSize(element).getFixedValue());
  Value total;
  auto dynamic = alloc.getDynamicSizes().begin();
  for (int64_t d : type.getShape()) {
    if (!ShapedType::isDynamic(d)) {
      bytes *= d;
      continue;
    }
    Value size = *dynamic++;
    total = total ? arith::MulIOp::create(b, loc, total, size) : size;
  }
  Value fixed = arith::ConstantIndexOp::create(b, loc, bytes);
  return total ? arith::MulIOp::create(b, loc, total, fixed) : fixed;
}

struct TfccCheckAllocations
    : tfcc::impl::TfccCheckAllocationsBase<TfccCheckAllocations> {
  void runOnOperation() override {
    SmallVector<memref::AllocOp> allocs;
    // Host code only: a GPU module's functions allocate nothing.
    for (auto func : getOperation().getOps<func::FuncOp>())
      func.walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    for (memref::AllocOp alloc : allocs) {
      OpBuilder b(alloc->getContext());
      b.setInsertionPointAfter(alloc);
      Location loc = alloc.getLoc();
      Value pointer = memref::ExtractAlignedPointerAsIndexOp::create(
          b, loc, alloc.getResult());
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                       pointer, zero);
      std::string type;
      llvm::raw_string_ostream os(type);
      llvm::interleave(
          alloc.getType().getShape(), os,
          [&](int64_t d) {
            if (ShapedType::isDynamic(d))
              os << '?';
            else
              os << d;
          },
          "x");
      os << (alloc.getType().getRank() ? "x" : "")
         << alloc.getType().getElementType();
      // Where: the node ("model.onnx: node 'z' (ConstantOfShape): ") or the
      // line of a .mlir file, without the name of the memref.alloc itself.
      std::string where = tfcc::describeOp(alloc);
      StringRef name = alloc->getName().getStringRef();
      if (StringRef(where).ends_with(name))
        where.resize(where.size() - name.size());
      else
        where += ": ";
      std::string message;
      for (char c : where) {
        message += c;
        if (c == '{') // a literal brace, as emitCheck writes names
          message += '{';
      }
      message += "out of memory: cannot allocate {0} bytes (" + type + ")";
      tfcc::AssertOp::create(b, loc, ok, b.getStringAttr(message),
                             ValueRange{allocationBytes(b, alloc)});
    }
  }
};

} // namespace
