// RUN: tfcc-opt %s --tfcc-fuse-elementwise="remarks=1" --split-input-file --verify-diagnostics | FileCheck %s
// RUN: tfcc-opt %s --tfcc-fuse-elementwise="max-body-ops=4" --split-input-file | FileCheck %s --check-prefix=BOUND

#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#mnk_a = affine_map<(m, n, k) -> (m, k)>
#mnk_b = affine_map<(m, n, k) -> (k, n)>
#mnk_c = affine_map<(m, n, k) -> (m, n)>

// A matmul's bias add and relu become one generic; the matmul stays a
// plain multiply-add (the contraction is neither producer nor consumer).
// CHECK-LABEL: func.func @epilogue
// CHECK: %[[MM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.mulf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: linalg.yield
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[MM]], %{{.*}} : tensor<4x8xf32>, tensor<8xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: return %[[R]]
// CHECK-NOT: linalg.generic
func.func @epilogue(%a: tensor<4x3xf32>, %b: tensor<3x8xf32>, %bias: tensor<8xf32>) -> tensor<4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %mm = linalg.generic {indexing_maps = [#mnk_a, #mnk_b, #mnk_c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : tensor<4x3xf32>, tensor<3x8xf32>) outs(%c : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %z, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  // expected-remark @below {{fused into its consumer}}
  %biased = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%mm, %bias : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%biased : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  return %relu : tensor<4x8xf32>
}

// -----

#id = affine_map<(i) -> (i)>

// A producer with two uses, and a body with a run-time check, stay apart.
// CHECK-LABEL: func.func @not_fused
// CHECK-COUNT-4: linalg.generic
func.func @not_fused(%x: tensor<8xf32>, %n: tensor<8xi32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xi32>) {
  %e = tensor.empty() : tensor<8xf32>
  %ei = tensor.empty() : tensor<8xi32>
  %zero = arith.constant 0 : i32
  %twice = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %a : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  %exp = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%twice : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = math.exp %a : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  %checked = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%n : tensor<8xi32>) outs(%ei : tensor<8xi32>) {
  ^bb0(%a: i32, %o: i32):
    %ok = arith.cmpi ne, %a, %zero : i32
    tfcc.assert %ok, "integer division by zero"
    %q = arith.divsi %a, %a : i32
    linalg.yield %q : i32
  } -> tensor<8xi32>
  %neg = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%checked : tensor<8xi32>) outs(%ei : tensor<8xi32>) {
  ^bb0(%a: i32, %o: i32):
    %s = arith.subi %zero, %a : i32
    linalg.yield %s : i32
  } -> tensor<8xi32>
  return %twice, %exp, %neg : tensor<8xf32>, tensor<8xf32>, tensor<8xi32>
}

// -----

// A chain of three squares, each generic's body a mulf and a yield. With
// max-body-ops=4 the second and third fuse (2 + 2 ops), but the first stays
// apart: it would make a body of 5. Without the bound (the remarks) all fuse.
// BOUND-LABEL: func.func @bounded
// BOUND-COUNT-2: linalg.generic
// BOUND-NOT: linalg.generic
// BOUND: return
#id1 = affine_map<(i) -> (i)>
func.func @bounded(%x: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  // expected-remark @below {{fused into its consumer}}
  %a = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.mulf %v, %v : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  // expected-remark @below {{fused into its consumer}}
  %b = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.mulf %v, %v : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  %c = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.mulf %v, %v : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  return %c : tensor<8xf32>
}
