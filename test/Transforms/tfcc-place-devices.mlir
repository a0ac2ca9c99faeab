// RUN: not tfcc-opt %s --tfcc-place-devices --split-input-file 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// RUN: not tfcc-opt %s --tfcc-place-devices="default-device=gpu soft-placement=true" --split-input-file 2>%t.soft | FileCheck %s --check-prefix=SOFT
// RUN: FileCheck %s --check-prefix=SOFTERR < %t.soft

// Without hints every op goes to the default device, cpu:0, which goes
// without saying (no tfcc.device) for an op that asked for nothing. A variable's
// reads and assigns are one colocation group: the assign asks for cpu:1, so
// the read goes there too.
// CHECK-LABEL: func.func @group
// CHECK: tfcc.read_variable @v {tfcc.device = "cpu:1"}
// CHECK: tfcc.exp %{{[0-9]+}} :
// CHECK: tfcc.assign @v, %{{.*}} {tfcc.device = "cpu:1", tfcc.device_hint = "cpu:1"}
// With default-device=gpu, the exp goes to gpu:0 and the group asked onto
// cpu:1 stays there.
// SOFT-LABEL: func.func @group
// SOFT: tfcc.read_variable @v {tfcc.device = "cpu:1"}
// SOFT: tfcc.exp %{{.*}} {tfcc.device = "gpu:0"}
tfcc.variable @v : tensor<4xf32> = dense<0.0>
func.func @group() -> tensor<4xf32> {
  %r = tfcc.read_variable @v : tensor<4xf32>
  %e = tfcc.exp %r : tensor<4xf32>
  %a = tfcc.assign @v, %e {tfcc.device_hint = "cpu:1"} : tensor<4xf32>
  return %a : tensor<4xf32>
}

// -----

// A group whose members ask for different devices is an error naming both.
// ERR: error: 'tfcc.assign' asks for cpu:0 but is colocated with an op that asks for gpu:0 (both use one variable)
// ERR: note: that op is here
// SOFTERR: error: 'tfcc.assign' asks for cpu:0 but is colocated with an op that asks for gpu:0 (both use one variable)
tfcc.variable @w : tensor<4xf32> = dense<0.0>
func.func @conflict() -> tensor<4xf32> {
  %r = tfcc.read_variable @w {tfcc.device_hint = "gpu:0"} : tensor<4xf32>
  %a = tfcc.assign @w, %r {tfcc.device_hint = "cpu:0"} : tensor<4xf32>
  return %a : tensor<4xf32>
}

// -----

// An op asked onto a GPU, which has no kernel for it (top-k is a
// sequential loop): an error naming the op and the device, or with soft
// placement a remark and the CPU. Its neighbours have GPU kernels.
// ERR: error: 'tfcc.top_k' is placed on gpu:1, which has no kernel for it (with soft placement it would run on the CPU)
// SOFTERR: remark: 'tfcc.top_k' placed on cpu:0: no kernel for it on gpu:1
// SOFT-LABEL: func.func @no_kernel
// SOFT: tfcc.tanh %arg0 {tfcc.device = "gpu:1", tfcc.device_hint = "gpu:1"}
// SOFT: tfcc.top_k %{{.*}} {k = 2 : i64, tfcc.device = "cpu:0", tfcc.device_hint = "gpu:1"}
func.func @no_kernel(%x: tensor<4xf32>) -> tensor<2xf32> {
  %t = tfcc.tanh %x {tfcc.device_hint = "gpu:1"} : tensor<4xf32>
  %v, %i = tfcc.top_k %t {k = 2 : i64, tfcc.device_hint = "gpu:1"} : tensor<4xf32>
  return %v : tensor<2xf32>
}

// -----

// tf.colocate_with: the tanh asks for nothing but is colocated with node
// "e", which asks for gpu:0; the neg is colocated with variable @w, whose
// read asks for cpu:1. A node not in the graph constrains nothing.
// CHECK-LABEL: func.func @colocated
// CHECK: tfcc.exp %arg0 {tfcc.device = "gpu:0", tfcc.device_hint = "gpu:0"}
// CHECK: tfcc.tanh %{{.*}} {tfcc.colocate_with = ["e"], tfcc.device = "gpu:0"}
// CHECK: tfcc.read_variable @w {tfcc.device = "cpu:1", tfcc.device_hint = "cpu:1"}
// CHECK: tfcc.neg %{{.*}} {tfcc.colocate_with = ["w", "gone"], tfcc.device = "cpu:1"}
tfcc.variable @w : tensor<4xf32> = dense<0.0>
func.func @colocated(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = tfcc.exp %x {tfcc.device_hint = "gpu:0"} : tensor<4xf32> loc("e")
  %t = tfcc.tanh %e {tfcc.colocate_with = ["e"]} : tensor<4xf32> loc("t")
  %r = tfcc.read_variable @w {tfcc.device_hint = "cpu:1"} : tensor<4xf32>
  %n = tfcc.neg %r {tfcc.colocate_with = ["w", "gone"]} : tensor<4xf32>
  return %t, %n : tensor<4xf32>, tensor<4xf32>
}

// -----

// An op colocated with one that asks for another device: an error.
// ERR: error: 'tfcc.tanh' asks for cpu:0 but is colocated with an op that asks for gpu:0 (tf.colocate_with)
tfcc.variable @unused : tensor<4xf32> = dense<0.0>
func.func @colocation_conflict(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tfcc.exp %x {tfcc.device_hint = "gpu:0"} : tensor<4xf32> loc("e")
  %t = tfcc.tanh %e {tfcc.colocate_with = ["e"], tfcc.device_hint = "cpu:0"} : tensor<4xf32>
  return %t : tensor<4xf32>
}
