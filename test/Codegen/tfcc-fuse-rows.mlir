// RUN: tfcc-opt %s --tfcc-fuse-rows=remarks=true --split-input-file --verify-diagnostics | FileCheck %s

// RUN: tfcc-opt %s --tfcc-fuse-rows="remarks=true max-fused-ops=2" --split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=BUDGET

// With a budget of two fusions, the softmax's row loop takes two of its five
// producers; the others stay loops of their own.
// BUDGET: tfcc-fuse-rows.mlir:[[@LINE+52]]:8: remark: computed one row at a time with 2 producers
// Softmax over 4 rows of 64 (as tfcc-fuse-elementwise leaves it): a max per
// row, the exp of the row minus it, a sum per row and a division. The
// division is tiled by rows and the whole chain fused into that loop: each
// row is reduced, exponentiated, summed and divided before the next. The
// reduced rows are read directly, not through their [4] -> [4, 1]
// expansions; the exp, fused for both the sum and the division, is
// computed once, into a tensor of its own (an alloc_tensor) rather than
// into the result's.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<4x64xf32>)
// CHECK: %[[EXP_INIT:.*]] = bufferization.alloc_tensor() : tensor<4x64xf32>
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %c4 step %c1 iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<4x64xf32>)
// CHECK: %[[XROW:.*]] = tensor.extract_slice %[[X]][%[[ROW]], 0] [1, 64] [1, 1]
// CHECK: %[[MAX:.*]] = linalg.reduce ins(%[[XROW]] : tensor<1x64xf32>)
// CHECK: arith.maximumf
// CHECK: %[[EXP_ROW:.*]] = tensor.extract_slice %[[EXP_INIT]][%[[ROW]], 0] [1, 64] [1, 1]
// CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[XROW]], %[[MAX]] : tensor<1x64xf32>, tensor<1xf32>) outs(%[[EXP_ROW]] : tensor<1x64xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.reduce ins(%[[EXP]] : tensor<1x64xf32>)
// CHECK: %[[OUT_ROW:.*]] = tensor.extract_slice %[[OUT]][%[[ROW]], 0] [1, 64] [1, 1]
// CHECK: %[[DIV:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<1x64xf32>, tensor<1xf32>) outs(%[[OUT_ROW]] : tensor<1x64xf32>)
// CHECK: arith.divf
// CHECK: tensor.insert_slice %[[DIV]] into %[[OUT]][%[[ROW]], 0] [1, 64] [1, 1]
// CHECK-NOT: math.exp
// CHECK-NOT: tensor.expand_shape
func.func @softmax(%arg0: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<4xf32>
  %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<4xf32>) -> tensor<4xf32>
  %reduced = linalg.reduce ins(%arg0 : tensor<4x64xf32>) outs(%1 : tensor<4xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.maximumf %in, %init fastmath<nsz> : f32
      linalg.yield %6 : f32
    }
  %expanded = tensor.expand_shape %reduced [[0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
  %2 = tensor.empty() : tensor<4x64xf32>
  %3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%arg0, %expanded : tensor<4x64xf32>, tensor<4x1xf32>) outs(%2 : tensor<4x64xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.subf %in, %in_3 : f32
    %7 = math.exp %6 : f32
    linalg.yield %7 : f32
  } -> tensor<4x64xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%0 : tensor<4xf32>) -> tensor<4xf32>
  %reduced_1 = linalg.reduce ins(%3 : tensor<4x64xf32>) outs(%4 : tensor<4xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %6 = arith.addf %in, %init : f32
      linalg.yield %6 : f32
    }
  %expanded_2 = tensor.expand_shape %reduced_1 [[0, 1]] output_shape [4, 1] : tensor<4xf32> into tensor<4x1xf32>
  // expected-remark @below {{computed one row at a time with 5 producers}}
  %5 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%3, %expanded_2 : tensor<4x64xf32>, tensor<4x1xf32>) outs(%2 : tensor<4x64xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %6 = arith.divf %in, %in_3 : f32
    linalg.yield %6 : f32
  } -> tensor<4x64xf32>
  return %5 : tensor<4x64xf32>
}

// -----

// An elementwise op with no row reduction before it stays as it is.
// CHECK-LABEL: func.func @no_reduction
// CHECK-NOT: scf.for
func.func @no_reduction(%arg0: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %0 = tensor.empty() : tensor<4x64xf32>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<4x64xf32>) outs(%0 : tensor<4x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %2 = math.exp %in : f32
    linalg.yield %2 : f32
  } -> tensor<4x64xf32>
  return %1 : tensor<4x64xf32>
}

// -----

// A reduction over columns (dimension 0) would be computed again for every
// row: it stays before the loop, which reads its result whole; the row
// maximum (and its fill) come in.
// CHECK-LABEL: func.func @column_sum
// CHECK: %[[COLS:.*]] = linalg.reduce {{.*}} dimensions = [0]
// CHECK: scf.for
// CHECK: linalg.reduce {{.*}} dimensions = [1]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %[[COLS]] : tensor<1x64xf32>, tensor<1xf32>, tensor<64xf32>)
// CHECK-NOT: linalg.reduce
func.func @column_sum(%x: tensor<4x64xf32>) -> tensor<4x64xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e4 = tensor.empty() : tensor<4xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %rows = linalg.reduce ins(%x : tensor<4x64xf32>) outs(%f4 : tensor<4xf32>) dimensions = [1]
    (%in: f32, %init: f32) {
      %m = arith.maximumf %in, %init : f32
      linalg.yield %m : f32
    }
  %e64 = tensor.empty() : tensor<64xf32>
  %f64 = linalg.fill ins(%zero : f32) outs(%e64 : tensor<64xf32>) -> tensor<64xf32>
  %cols = linalg.reduce ins(%x : tensor<4x64xf32>) outs(%f64 : tensor<64xf32>) dimensions = [0]
    (%in: f32, %init: f32) {
      %s = arith.addf %in, %init : f32
      linalg.yield %s : f32
    }
  %e = tensor.empty() : tensor<4x64xf32>
  // expected-remark @below {{computed one row at a time with 2 producers}}
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %rows, %cols : tensor<4x64xf32>, tensor<4xf32>, tensor<64xf32>) outs(%e : tensor<4x64xf32>) {
  ^bb0(%a: f32, %r: f32, %c: f32, %o: f32):
    %p = arith.mulf %a, %r : f32
    %q = arith.mulf %p, %c : f32
    linalg.yield %q : f32
  } -> tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}
