//===- CodegenUtils.h - helpers shared by the codegen passes ----*- C++ -*-===//

#ifndef TFCC_LIB_CODEGEN_CODEGENUTILS_H
#define TFCC_LIB_CODEGEN_CODEGENUTILS_H

#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::tfcc {

/// The loops of a packed contraction (the mmt4d-shaped generic that
/// tfcc-pack-contractions makes): its three innermost loops are the register
/// tile m0 x n0 and a unit k0, all static; m1/n1/k1 are their outer loops.
struct PackedContraction {
  unsigned m1, n1, k1;
  int64_t m0Size, n0Size;
};

/// `op` as a packed contraction, or nothing.
std::optional<PackedContraction> matchPackedContraction(linalg::LinalgOp op);

/// The im2col an NHWC convolution's GEMM reads as its A, [M1, m0, K, 1]
/// through a collapse to [M, K] and an expand: a copy generic into
/// [N, OH, OW, KH, KWC] (or a row panel of it, tfcc-fuse-im2col's tile)
/// from `input`, whose indexing map `map` is linear and uses OW only in
/// its last result, with a coefficient `stride` (the convolution's stride
/// times C): one row panel of m0 rows at one step of K is then m0 floats
/// of `input`, `stride` apart.
struct Im2colRows {
  linalg::GenericOp im2col;
  Value input;
  AffineMap map;
  SmallVector<int64_t> shape; // N, OH, OW, KH, KWC
  int64_t stride;
};

/// `op`'s A as such an im2col's rows, or nothing.
std::optional<Im2colRows> matchIm2colRows(linalg::LinalgOp op,
                                          const PackedContraction &loops);

/// Whether the M1 panels of the packed contraction `op` are the outer
/// panel loop. The operand whose panels change in the inner panel loop is
/// read again for every panel of the other: that should be the smaller
/// one, which stays in cache (a late ResNet convolution's 9 MB of weights
/// against the 1 MB of its im2col columns). Both share K, so compare M
/// and N.
bool isMOuter(linalg::LinalgOp op, const PackedContraction &loops);

/// The steps of K1 in one block of the reduction of the packed contraction
/// `op`, or 0 to keep it whole. The inner panel loop reads all of its
/// operand's panels for each panel of the other; once that operand
/// outgrows its share of L2 (`l2Bytes`: half, or three quarters less the
/// other operand's panel when that is more; ResNet-18's layer-2 3x3
/// convolutions: 1152 x 128 floats of weights, 0.6 MB, read again for every
/// row panel, fit a 1 MiB L2 but not a 512 KiB one) every pass streams it
/// from L3. An im2col that tfcc-vectorize-contractions
/// reads in place counts as its input, KH * KW times smaller, and its
/// blocks divide a window row, KWC, when they can.
/// Blocking K, as GotoBLAS does, keeps a block of it in L2 for
/// every panel of the other operand, at the cost of loading and storing
/// each accumulator once a block. Blocks are at least 256 steps, so that
/// cost stays small, and divide K1 evenly.
int64_t chooseReductionBlock(linalg::LinalgOp op,
                             const PackedContraction &loops, int64_t l2Bytes);

/// Tiles `op` with scf.for loops of `sizes` (0: not tiled), in the order
/// `interchange` gives (empty: as they are), and replaces it by the loops'
/// results. Returns the tiles.
FailureOr<SmallVector<Operation *>>
tileWithForLoops(RewriterBase &rewriter, TilingInterface op,
                 ArrayRef<OpFoldResult> sizes,
                 ArrayRef<int64_t> interchange = {});

/// Whether loop `dim` of `op` (a LinalgOp or another TilingInterface op) is
/// parallel and, for a LinalgOp, indexes every result: two of its
/// iterations write no element in common.
bool writesDisjointAlong(Operation *op, int64_t dim);

/// Marks each of `loops`, the loops tileUsingSCF made for `op` with tile
/// `sizes` and `interchange`, that steps through a dimension along which
/// `op` writes disjoint tiles (writesDisjointAlong) with kParallelAttrName;
/// where `op` names a dimension to split (kSplitDimAttrName) that has a loop
/// here, just that one.
void markParallelLoops(TilingInterface op, ArrayRef<LoopLikeOpInterface> loops,
                       ArrayRef<OpFoldResult> sizes,
                       ArrayRef<int64_t> interchange = {});

/// Cost estimates saturate here, far above any threshold.
inline constexpr int64_t kMostCost = int64_t(1) << 40;

/// `cost` times the trip count of `loop` (16 where it is dynamic),
/// saturating.
int64_t timesTrips(int64_t cost, scf::ForOp loop);

/// Roughly how many instructions one run of `op` takes: one, a vector op
/// one per 512 bits of its widest result or operand (a store of a
/// vector<64xf32> is four), a loop its trip count (16 where it is dynamic)
/// times its body, a branch its costliest region. The thread pool weighs
/// it against the cost of handing out work (runtime/src/pool.c).
int64_t estimateCost(Operation &op);

/// The sum of estimateCost over the ops of `block`.
int64_t estimateCost(Block &block);

/// Adds the canonicalization patterns of every loaded dialect and registered
/// op, as the canonicalizer does, for passes that clean up as they go.
void populateAllCanonicalizationPatterns(MLIRContext *ctx,
                                         RewritePatternSet &patterns);

/// Applies the patterns `add` puts in a set, with canonicalization, greedily
/// to `root`.
LogicalResult
applyPatternsWithCanonicalization(Operation *root,
                                  function_ref<void(RewritePatternSet &)> add);

/// The accumulators' transfer_read/transfer_write pairs of the tile loops
/// in `func` move out of the loops they do not depend on, innermost first
/// (after the loop-invariant code), and become loop-carried vectors.
void hoistAccumulators(RewriterBase &rewriter, func::FuncOp func);

/// A tile loop nest that starts from a fill and whose every read of it is
/// an accumulator's first, outside the reduction loops of its tile (each
/// loop around the read places the row: its induction variable is in the
/// read's indices), reads rows no tile has written: those reads become the
/// fill's value and the nest starts from the fill's destination instead;
/// a fill left unused goes, one pass over the output (a memset for zeros)
/// less. Reads inside a reduction loop see earlier steps' sums, and their
/// fill stays; so does a fill that anything else reads or writes into (a
/// padded buffer).
void startFromFills(RewriterBase &rewriter, func::FuncOp func);

} // namespace mlir::tfcc

#endif // TFCC_LIB_CODEGEN_CODEGENUTILS_H
