// RUN: tfcc-opt %s --tfcc-partition-devices --split-input-file | FileCheck %s

// The GPU's ops are gathered where their dependences allow: the tanh on
// the host runs first, the exp, mul and neg form one device function, the
// sigmoid needs the mul and the final add needs the sigmoid, so the add is
// a second one. Transfers sit on the cut edges only, inside the device
// functions: a copy to the device per argument, to the host per result.
// The constant is copied into the function that uses it.
// CHECK-LABEL: func.func @f(
// CHECK-NEXT: %[[T:.*]] = tfcc.tanh %arg1 :
// CHECK-NEXT: %[[G:.*]]:3 = call @f_gpu_0_0(%arg0, %[[T]])
// CHECK-NEXT: %[[S:.*]] = tfcc.sigmoid %[[G]]#1
// CHECK-NEXT: %[[R:.*]] = call @f_gpu_0_1(%[[G]]#2, %[[S]])
// CHECK-NEXT: return %[[R]], %[[G]]#0
// CHECK: func.func private @f_gpu_0_1(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> tensor<4xf32> attributes {tfcc.device = "gpu:0"}
// CHECK-NEXT: %[[A:.*]] = tfcc.transfer %arg0 to "gpu:0"
// CHECK-NEXT: %[[B:.*]] = tfcc.transfer %arg1 to "gpu:0"
// CHECK-NEXT: %[[SUM:.*]] = tfcc.add %[[A]], %[[B]]
// CHECK-NEXT: %[[H:.*]] = tfcc.transfer %[[SUM]] to "cpu:0"
// CHECK-NEXT: return %[[H]]
// CHECK: func.func private @f_gpu_0_0(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) attributes {tfcc.device = "gpu:0"}
// CHECK-NEXT: %[[X:.*]] = tfcc.transfer %arg0 to "gpu:0"
// CHECK-NEXT: %[[Y:.*]] = tfcc.transfer %arg1 to "gpu:0"
// CHECK-NEXT: %[[C:.*]] = tfcc.constant dense<1.000000e+00>
// CHECK-NEXT: %[[ADD:.*]] = tfcc.add %[[X]], %[[C]]
// CHECK-NEXT: %[[E:.*]] = tfcc.exp %[[ADD]]
// CHECK-NEXT: %[[M:.*]] = tfcc.mul %[[E]], %[[Y]]
// CHECK-NEXT: %[[N:.*]] = tfcc.neg %[[M]]
// CHECK-NEXT: %[[E2:.*]] = tfcc.transfer %[[E]] to "cpu:0"
// CHECK-NEXT: %[[M2:.*]] = tfcc.transfer %[[M]] to "cpu:0"
// CHECK-NEXT: %[[N2:.*]] = tfcc.transfer %[[N]] to "cpu:0"
// CHECK-NEXT: return %[[E2]], %[[M2]], %[[N2]]
func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %c = tfcc.constant dense<1.0> : tensor<4xf32>
  %a = tfcc.add %x, %c {tfcc.device = "gpu:0"} : tensor<4xf32>, tensor<4xf32>
  %t = tfcc.tanh %y : tensor<4xf32>
  %e = tfcc.exp %a {tfcc.device = "gpu:0"} : tensor<4xf32>
  %m = tfcc.mul %e, %t {tfcc.device = "gpu:0"} : tensor<4xf32>, tensor<4xf32>
  %s = tfcc.sigmoid %m : tensor<4xf32>
  %n = tfcc.neg %m {tfcc.device = "gpu:0"} : tensor<4xf32>
  %r = tfcc.add %n, %s {tfcc.device = "gpu:0"} : tensor<4xf32>, tensor<4xf32>
  return %r, %e : tensor<4xf32>, tensor<4xf32>
}

// -----

// A function all on the host, CPUs other than cpu:0 included, is left as
// it is.
// CHECK-LABEL: func.func @host(
// CHECK-NEXT: tfcc.exp %arg0 {tfcc.device = "cpu:1"}
// CHECK-NEXT: return
// CHECK-NOT: func.func
func.func @host(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tfcc.exp %x {tfcc.device = "cpu:1"} : tensor<4xf32>
  return %e : tensor<4xf32>
}

// -----

// Sizes stay on the host: a dim of a tensor on the GPU is passed back as
// it is, with no transfer.
// CHECK-LABEL: func.func @sizes(
// CHECK: %[[R:.*]]:2 = call @sizes_gpu_0_0(%arg0)
// CHECK: func.func private @sizes_gpu_0_0(%arg0: tensor<?xf32>) -> (tensor<?xf32>, index)
// CHECK: %[[D:.*]] = tensor.dim
// CHECK: %[[H:.*]] = tfcc.transfer %{{.*}} to "cpu:0"
// CHECK: return %[[H]], %[[D]]
func.func @sizes(%x: tensor<?xf32>) -> (tensor<?xf32>, index) {
  %c0 = arith.constant 0 : index
  %e = tfcc.exp %x {tfcc.device = "gpu:0"} : tensor<?xf32>
  %d = tensor.dim {tfcc.device = "gpu:0"} %e, %c0 : tensor<?xf32>
  return %e, %d : tensor<?xf32>, index
}
