// RUN: tfcc-opt %s | tfcc-opt | FileCheck %s
// RUN: tfcc-opt %s -mlir-print-op-generic | tfcc-opt | FileCheck %s

// Round trip of tfcc.gradients: one result per x, of the x's type.

// CHECK-LABEL: func.func @gradients
func.func @gradients(%w: tensor<4x3xf32>, %b: tensor<3xf32>,
                     %loss: tensor<f32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  // CHECK: %[[G:.*]]:2 = tfcc.gradients(%{{.*}} : tensor<f32>) wrt(%{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>)
  %g:2 = tfcc.gradients (%loss : tensor<f32>) wrt (%w, %b : tensor<4x3xf32>, tensor<3xf32>)
  // CHECK: return %[[G]]#0, %[[G]]#1 : tensor<4x3xf32>, tensor<3xf32>
  return %g#0, %g#1 : tensor<4x3xf32>, tensor<3xf32>
}

// A seed of a compatible shape; dynamic xs keep their dynamic type.
// CHECK-LABEL: func.func @seeds
func.func @seeds(%x: tensor<?x8xf64>, %y: tensor<?x2xf64>, %z: tensor<f64>,
                 %dy: tensor<5x2xf64>, %dz: tensor<f64>) -> tensor<?x8xf64> {
  // CHECK: tfcc.gradients(%{{.*}}, %{{.*}} : tensor<?x2xf64>, tensor<f64>) wrt(%{{.*}} : tensor<?x8xf64>) seeds(%{{.*}}, %{{.*}} : tensor<5x2xf64>, tensor<f64>)
  %g = tfcc.gradients (%y, %z : tensor<?x2xf64>, tensor<f64>) wrt (%x : tensor<?x8xf64>) seeds (%dy, %dz : tensor<5x2xf64>, tensor<f64>)
  return %g : tensor<?x8xf64>
}

// CHECK-LABEL: func.func @stop_gradient
func.func @stop_gradient(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  // CHECK: %[[S:.*]] = tfcc.stop_gradient %{{.*}} : tensor<?x10xf32>
  %s = tfcc.stop_gradient %x : tensor<?x10xf32>
  // CHECK: return %[[S]]
  return %s : tensor<?x10xf32>
}
