//===- FlattenGlobals.cpp - 1-D constant globals ---------------------------===//

#include "tfcc/Codegen/Passes.h"

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
      if (!init || type.getRank() < 2 || !type.hasStaticShape() ||
          !type.getLayout().isIdentity())
        continue;
      int64_t count = type.getNumElements();
      auto flatType = MemRefType::get({count}, type.getElementType(),
                                      MemRefLayoutAttrInterface(),
                                      type.getMemorySpace());
      global.setType(flatType);
      global.setInitialValueAttr(init.reshape(
          RankedTensorType::get({count}, type.getElementType())));
      ReassociationIndices all =
          llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
      for (memref::GetGlobalOp use : uses.lookup(global.getSymName())) {
        b.setInsertionPoint(use);
        Value flat = memref::GetGlobalOp::create(b, use.getLoc(), flatType,
                                                 global.getSymName());
        Value shaped = memref::ExpandShapeOp::create(b, use.getLoc(), type,
                                                     flat, {all});
        use.replaceAllUsesWith(shaped);
        use.erase();
      }
    }
  }
};

} // namespace
