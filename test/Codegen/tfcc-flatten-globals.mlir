// RUN: tfcc-opt %s --tfcc-flatten-globals | FileCheck %s

// A 2-D constant global becomes 1-D with the same row-major data; its reads
// expand the 1-D buffer back to the original type. 1-D globals, globals
// without an initial value and non-identity layouts stay.
// CHECK-DAG: memref.global "private" constant @w : memref<6xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]>
// CHECK-DAG: memref.global "private" constant @v : memref<3xf32> = dense<5.000000e-01>
// CHECK-DAG: memref.global "private" @state : memref<2x2xf32> = uninitialized
// CHECK-LABEL: func.func @reads
// CHECK: %[[W:.*]] = memref.get_global @w : memref<6xf32>
// CHECK: %[[E:.*]] = memref.expand_shape %[[W]] {{\[\[}}0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
// CHECK: %[[V:.*]] = memref.get_global @v : memref<3xf32>
// CHECK: %[[S:.*]] = memref.get_global @state : memref<2x2xf32>
// CHECK: return %[[E]], %[[V]], %[[S]]
memref.global "private" constant @w : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
memref.global "private" constant @v : memref<3xf32> = dense<0.5>
memref.global "private" @state : memref<2x2xf32> = uninitialized
func.func @reads() -> (memref<2x3xf32>, memref<3xf32>, memref<2x2xf32>) {
  %w = memref.get_global @w : memref<2x3xf32>
  %v = memref.get_global @v : memref<3xf32>
  %s = memref.get_global @state : memref<2x2xf32>
  return %w, %v, %s : memref<2x3xf32>, memref<3xf32>, memref<2x2xf32>
}
