//===- FlattenGlobals.cpp - 1-D constant globals ---------------------------===//

#include "tfcc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_TFCCFLATTENGLOBALS
#include "tfcc/Codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

struct TfccFlattenGlobals
    : tfcc::impl::TfccFlattenGlobalsBase<TfccFlattenGlobals> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringMap<SmallVector<memref::GetGlobalOp>> uses;
    module.walk([&](memref::GetGlobalOp op) {
      uses[op.getName()].push_back(op);
    });
    OpBuilder b(&getContext());
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto init =
          dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
      if (!init || !type.hasStaticShape() || !type.getLayout().isIdentity())
        continue;
      // Non-splat data as bytes: LLVM's AsmPrinter writes an i8 array with
      // one call and any other array one element at a time (a float
      // through an APFloat), which took seconds for ResNet-18's weights.
      Type elem = type.getElementType();
      int64_t width = elem.isIntOrFloat() ? elem.getIntOrFloatBitWidth() : 0;
      bool bytes = !init.isSplat() && width > 0 && width % 8 == 0;
      if (type.getRank() < 2 && !bytes)
        continue;
      int64_t count = type.getNumElements();
      auto flatType = MemRefType::get(
          {count}, elem, MemRefLayoutAttrInterface(), type.getMemorySpace());
      MemRefType byteType;
      if (bytes) {
        int64_t size = count * width / 8;
        byteType =
            MemRefType::get({size}, b.getI8Type(), MemRefLayoutAttrInterface(),
                            type.getMemorySpace());
        global.setType(byteType);
        global.setInitialValueAttr(DenseElementsAttr::getFromRawBuffer(
            RankedTensorType::get({size}, b.getI8Type()), init.getRawData()));
        // An i8 array is aligned to a byte: the data to its element, and
        // to a cache line from one up (a vector load of packed weights
        // then never splits lines).
        uint64_t align = std::max<uint64_t>(global.getAlignment().value_or(1),
                                            size >= 64 ? 64 : width / 8);
        global.setAlignmentAttr(b.getI64IntegerAttr(align));
      } else {
        global.setType(flatType);
        global.setInitialValueAttr(
            init.reshape(RankedTensorType::get({count}, elem)));
      }
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
      for (memref::GetGlobalOp use : uses.lookup(global.getSymName())) {
        b.setInsertionPoint(use);
        Location loc = use.getLoc();
        Value flat = memref::GetGlobalOp::create(
            b, loc, bytes ? byteType : flatType, global.getSymName());
        if (bytes)
          flat = memref::ViewOp::create(
              b, loc, flatType, flat, arith::ConstantIndexOp::create(b, loc, 0),
              ValueRange{});
        Value shaped = flat;
        if (type.getRank() != 1)
          shaped = memref::ExpandShapeOp::create(b, loc, type, flat, {all});
        use.replaceAllUsesWith(shaped);
        use.erase();
      }
    }
  }
};

} // namespace
