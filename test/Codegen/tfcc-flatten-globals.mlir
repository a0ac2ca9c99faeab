// RUN: tfcc-opt %s --tfcc-flatten-globals | FileCheck %s

// A constant global that is not a splat becomes a 1-D array of its bytes,
// aligned to its element (to 64 from 64 bytes up); its reads view the bytes as the element type and
// expand them back to the original shape (1-D: no expand). A splat of
// rank > 1 becomes 1-D, a 1-D splat, globals without an initial value and
// non-identity layouts stay.
// CHECK-DAG: memref.global "private" constant @w : memref<24xi8> = dense<[0, 0, -128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, -128, 64, 0, 0, -96, 64, 0, 0, -64, 64]> {alignment = 4 : i64}
// CHECK-DAG: memref.global "private" constant @r : memref<8xi8> = dense<[0, 0, -128, 63, 0, 0, 0, 64]> {alignment = 4 : i64}
// CHECK-DAG: memref.global "private" constant @s : memref<4xf32> = dense<2.500000e-01>
// CHECK-DAG: memref.global "private" constant @v : memref<3xf32> = dense<5.000000e-01>
// CHECK-DAG: memref.global "private" @state : memref<2x2xf32> = uninitialized
// CHECK-LABEL: func.func @reads
// CHECK: %[[WB:.*]] = memref.get_global @w : memref<24xi8>
// CHECK: %[[WF:.*]] = memref.view %[[WB]][%{{.*}}][] : memref<24xi8> to memref<6xf32>
// CHECK: %[[E:.*]] = memref.expand_shape %[[WF]] {{\[\[}}0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
// CHECK: %[[RB:.*]] = memref.get_global @r : memref<8xi8>
// CHECK: %[[RF:.*]] = memref.view %[[RB]][%{{.*}}][] : memref<8xi8> to memref<2xf32>
// CHECK: %[[SF:.*]] = memref.get_global @s : memref<4xf32>
// CHECK: %[[SE:.*]] = memref.expand_shape %[[SF]] {{\[\[}}0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
// CHECK: %[[V:.*]] = memref.get_global @v : memref<3xf32>
// CHECK: %[[S:.*]] = memref.get_global @state : memref<2x2xf32>
// CHECK: return %[[E]], %[[RF]], %[[SE]], %[[V]], %[[S]]
memref.global "private" constant @w : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
memref.global "private" constant @r : memref<2xf32> = dense<[1.0, 2.0]>
memref.global "private" constant @s : memref<2x2xf32> = dense<0.25>
memref.global "private" constant @v : memref<3xf32> = dense<0.5>
memref.global "private" @state : memref<2x2xf32> = uninitialized
func.func @reads() -> (memref<2x3xf32>, memref<2xf32>, memref<2x2xf32>, memref<3xf32>, memref<2x2xf32>) {
  %w = memref.get_global @w : memref<2x3xf32>
  %r = memref.get_global @r : memref<2xf32>
  %q = memref.get_global @s : memref<2x2xf32>
  %v = memref.get_global @v : memref<3xf32>
  %s = memref.get_global @state : memref<2x2xf32>
  return %w, %r, %q, %v, %s : memref<2x3xf32>, memref<2xf32>, memref<2x2xf32>, memref<3xf32>, memref<2x2xf32>
}
