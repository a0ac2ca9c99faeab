//===- Passes.h - tfcc CPU code generation passes ----------------*- C++ -*-===//

#ifndef TFCC_CODEGEN_PASSES_H
#define TFCC_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "tfcc/Dialect/Tfcc.h"

namespace mlir::tfcc {
#define GEN_PASS_DECL
#include "tfcc/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tfcc/Codegen/Passes.h.inc"

/// Marks the functions tfcc-outline-loop-nests makes; they stay out of line
/// (noinline in LLVM IR).
inline constexpr llvm::StringLiteral kKernelAttrName = "tfcc.kernel";

/// The plan tfcc-plan-memory records, for the driver and the model's spec:
/// the entry's arena size, on the entry; the sum of the buffers the arena
/// holds, on its allocation; each buffer's live range, on its view.
inline constexpr llvm::StringLiteral kArenaBytesAttrName = "tfcc.arena_bytes";
inline constexpr llvm::StringLiteral kArenaBuffersAttrName =
    "tfcc.arena_buffers";
inline constexpr llvm::StringLiteral kLiveAttrName = "tfcc.live";

/// On an entry argument holding a written variable in the runtime's storage
/// (set by the driver): tfcc-return-variables-in-place may return the
/// argument itself when bufferization updated it in place.
inline constexpr llvm::StringLiteral kInPlaceVariableAttrName =
    "tfcc.in_place_variable";
/// On the view of a buffer used in one case of a tfcc-concurrent-branches
/// loop alone (live at the loop's position): the case and the positions
/// there of its first and last use. Buffers of one case whose ranges there
/// do not overlap share bytes.
inline constexpr llvm::StringLiteral kLiveInCaseAttrName = "tfcc.live_in_case";
/// The arena of a public function's buffers of dynamic shape, sized at
/// each run from the input dims: its allocation holds the number of slots,
/// each buffer's view its slot (and its live range). The runtime serves
/// that allocation from a block the instance keeps and grows.
inline constexpr llvm::StringLiteral kDynamicArenaAttrName =
    "tfcc.dynamic_arena";
inline constexpr llvm::StringLiteral kSlotAttrName = "tfcc.slot";

/// Marks an scf.for whose iterations are independent: each writes its own
/// tile of the results and reads nothing another writes. Set where tiling
/// makes the loop (from the op's parallel dimensions); tfcc-outline-loop-nests
/// runs the outermost such loop of a nest on the thread pool (with the loops
/// above it, unmarked, whole on each thread).
inline constexpr llvm::StringLiteral kParallelAttrName = "tfcc.parallel";

/// Marks the two-iteration scf.for of tfcc-concurrent-branches: an
/// scf.index_switch in it runs the loop nests of case `i` at iteration `i`,
/// which read no buffer the other case writes. tfcc-plan-memory keeps the
/// two cases' buffers apart.
inline constexpr llvm::StringLiteral kBranchesAttrName = "tfcc.branches";
/// On a linalg op: the one iteration dimension whose loop the thread pool
/// splits, instead of the outermost parallel one, so that a chain of ops
/// gives each thread the same part of the data (Winograd's stages, by tile
/// rows: each core then reads what it wrote itself). The loops above it
/// run whole on every thread.
inline constexpr llvm::StringLiteral kSplitDimAttrName = "tfcc.split_dim";

/// The register tile of a packed contraction for a target with
/// `vectorRegisters` registers of `vectorBits` bits: {m0, n0} in f32 lanes.
std::pair<int64_t, int64_t> getRegisterTile(int64_t vectorBits,
                                            int64_t vectorRegisters);
} // namespace mlir::tfcc

#endif // TFCC_CODEGEN_PASSES_H
