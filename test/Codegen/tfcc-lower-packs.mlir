// RUN: tfcc-opt %s --tfcc-lower-packs --split-input-file | FileCheck %s --implicit-check-not=linalg.pack --implicit-check-not=linalg.unpack

// A pack with padding becomes pad + expand_shape + transpose.
// CHECK-LABEL: func.func @pack
// CHECK: %[[P:.*]] = tensor.pad %arg0 low[0, 0] high[%{{.*}}, 0]
// CHECK: %[[E:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0, 1], [2, 3]] {{.*}} into tensor<?x6x20x1xf32>
// CHECK: linalg.transpose ins(%[[E]] : tensor<?x6x20x1xf32>) outs(%arg1 : tensor<?x20x6x1xf32>) permutation = [0, 2, 1, 3]
func.func @pack(%a: tensor<?x20xf32>, %dest: tensor<?x20x6x1xf32>) -> tensor<?x20x6x1xf32> {
  %zero = arith.constant 0.0 : f32
  %p = linalg.pack %a padding_value(%zero : f32) inner_dims_pos = [0, 1] inner_tiles = [6, 1] into %dest : tensor<?x20xf32> -> tensor<?x20x6x1xf32>
  return %p : tensor<?x20x6x1xf32>
}

// -----

// With static shapes only the last tile is padded: the 12 whole rows are
// packed without padding into the first two tiles of the destination, and
// the last 4 rows padded into the third (upstream's lowering leaves a pad
// by zero on the whole tiles, which canonicalization folds).
// CHECK-LABEL: func.func @pack_static
// CHECK: %[[WHOLE:.*]] = tensor.extract_slice %arg0[0, 0] [12, 20] [1, 1]
// CHECK: %[[D1:.*]] = tensor.extract_slice %arg1[0, 0, 0, 0] [2, 20, 6, 1] [1, 1, 1, 1]
// CHECK: %[[P1:.*]] = tensor.pad %[[WHOLE]] low[0, 0] high[0, 0]
// CHECK: %[[E1:.*]] = tensor.expand_shape %[[P1]] {{\[\[}}0, 1], [2, 3]] {{.*}} into tensor<2x6x20x1xf32>
// CHECK: %[[T1:.*]] = linalg.transpose ins(%[[E1]] : tensor<2x6x20x1xf32>) outs(%[[D1]] : tensor<2x20x6x1xf32>)
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[T1]] into %arg1[0, 0, 0, 0] [2, 20, 6, 1]
// CHECK: %[[LAST:.*]] = tensor.extract_slice %arg0[12, 0] [4, 20] [1, 1]
// CHECK: %[[D2:.*]] = tensor.extract_slice %[[I1]][2, 0, 0, 0] [1, 20, 6, 1] [1, 1, 1, 1]
// CHECK: %[[P:.*]] = tensor.pad %[[LAST]] low[0, 0] high[2, 0]
// CHECK: linalg.transpose ins(%{{.*}} : tensor<1x6x20x1xf32>) outs(%[[D2]] : tensor<1x20x6x1xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %[[I1]][2, 0, 0, 0] [1, 20, 6, 1]
func.func @pack_static(%a: tensor<16x20xf32>, %dest: tensor<3x20x6x1xf32>) -> tensor<3x20x6x1xf32> {
  %zero = arith.constant 0.0 : f32
  %p = linalg.pack %a padding_value(%zero : f32) inner_dims_pos = [0, 1] inner_tiles = [6, 1] into %dest : tensor<16x20xf32> -> tensor<3x20x6x1xf32>
  return %p : tensor<3x20x6x1xf32>
}

// -----

// An unpack becomes transpose + collapse_shape + extract_slice.
// CHECK-LABEL: func.func @unpack
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<2x3x6x16xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0, 1], [2, 3]] : tensor<2x6x3x16xf32> into tensor<12x48xf32>
// CHECK: tensor.extract_slice %[[C]][0, 0] [10, 40] [1, 1] : tensor<12x48xf32> to tensor<10x40xf32>
func.func @unpack(%c: tensor<2x3x6x16xf32>, %dest: tensor<10x40xf32>) -> tensor<10x40xf32> {
  %u = linalg.unpack %c inner_dims_pos = [0, 1] inner_tiles = [6, 16] into %dest : tensor<2x3x6x16xf32> -> tensor<10x40xf32>
  return %u : tensor<10x40xf32>
}

// -----

// An unpack into an empty tensor is the transposed tensor itself: no copy
// into the destination, which holds nothing. Into a run-time destination
// the copy stays.
// CHECK-LABEL: func.func @unpack_into_empty
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<2x3x6x16xf32>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0, 1], [2, 3]] : tensor<2x6x3x16xf32> into tensor<12x48xf32>
// CHECK: %[[S:.*]] = tensor.extract_slice %[[C]]
// CHECK-NOT: linalg.copy
// CHECK: linalg.transpose ins(%arg0 : tensor<2x3x6x16xf32>)
// CHECK: %[[S2:.*]] = tensor.extract_slice
// CHECK: linalg.copy ins(%[[S2]] : tensor<12x48xf32>) outs(%arg1 : tensor<12x48xf32>)
// CHECK: return %[[S]], %{{.*}}
func.func @unpack_into_empty(%c: tensor<2x3x6x16xf32>, %dest: tensor<12x48xf32>) -> (tensor<12x48xf32>, tensor<12x48xf32>) {
  %e = tensor.empty() : tensor<12x48xf32>
  %u = linalg.unpack %c inner_dims_pos = [0, 1] inner_tiles = [6, 16] into %e : tensor<2x3x6x16xf32> -> tensor<12x48xf32>
  %v = linalg.unpack %c inner_dims_pos = [0, 1] inner_tiles = [6, 16] into %dest : tensor<2x3x6x16xf32> -> tensor<12x48xf32>
  return %u, %v : tensor<12x48xf32>, tensor<12x48xf32>
}
