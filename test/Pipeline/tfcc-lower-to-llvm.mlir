// RUN: tfcc-opt %s -split-input-file --tfcc-lower-to-llvm | FileCheck %s \
// RUN:   --implicit-check-not='{{(= |^ *)tfcc\.}}' --implicit-check-not=linalg. \
// RUN:   --implicit-check-not=tensor. --implicit-check-not=memref. \
// RUN:   --implicit-check-not=bufferization. --implicit-check-not=scf. \
// RUN:   --implicit-check-not=arith. --implicit-check-not=math. \
// RUN:   --implicit-check-not=cf. --implicit-check-not=affine. \
// RUN:   --implicit-check-not=func.func --implicit-check-not=unrealized_conversion_cast \
// RUN:   --implicit-check-not=vector.

// The whole pipeline leaves only the LLVM dialect. The entry keeps its
// llvm.emit_c_interface marker and gets a _mlir_ciface_ wrapper; weights
// become private LLVM globals; results are allocated through the runtime
// (MLIR's generic allocation functions, which it tracks). The matmul's
// register tile is AVX2's (the default): FMAs on 16-float vectors; the
// exponential is a polynomial (its range reduction rounds with floor). Each
// loop nest is a kernel function, called by the entry.

// CHECK-LABEL: module
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
// CHECK-DAG: llvm.mlir.global private constant @[[W:__constant_16xf32]](dense<[0, 0, 0, 63, 0, 0, -128, -65, 0, 0, 0, 64, {{.*}}]> : tensor<64xi8>) {{.*}} : !llvm.array<64 x i8>
// CHECK: llvm.func @predict_kernel0(
// CHECK-SAME: tfcc.kernel
// CHECK: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK: llvm.intr.maximum
// CHECK: llvm.intr.floor
// CHECK: llvm.fdiv
// CHECK: llvm.func @predict(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64,
// CHECK-SAME: -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-SAME: attributes {llvm.emit_c_interface
// CHECK: llvm.mlir.addressof @[[W]]
// CHECK: llvm.call @_mlir_memref_to_llvm_alloc
// CHECK: llvm.call @tfcc_rt_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64, i64, i64) -> ()
// CHECK: llvm.return
// CHECK: llvm.func @_mlir_ciface_predict(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface
// CHECK: llvm.call @predict
func.func @predict(%x: tensor<?x4xf32>, %w: tensor<4x16xf32>) -> tensor<?x16xf32> attributes {llvm.emit_c_interface} {
  %c = tfcc.constant dense<[0.5, -1.0, 2.0, 0.0, 0.5, -1.0, 2.0, 0.0, 0.5, -1.0, 2.0, 0.0, 0.5, -1.0, 2.0, 0.0]> : tensor<16xf32>
  %0 = tfcc.matmul %x, %w : tensor<?x4xf32>, tensor<4x16xf32>
  %1 = tfcc.add %0, %c : tensor<?x16xf32>, tensor<16xf32>
  %2 = tfcc.softmax %1 axis = -1 : tensor<?x16xf32>
  return %2 : tensor<?x16xf32>
}

// -----

// Every op family lowers: elementwise (log as an LLVM intrinsic), integer pow,
// comparisons and select, casts, reductions, matmul, shape ops.
// CHECK-LABEL: module
// CHECK-DAG: llvm.intr.log(
// CHECK: llvm.func @all(
// CHECK-SAME: attributes {llvm.emit_c_interface
// CHECK: llvm.func @_mlir_ciface_all(
func.func @all(%x: tensor<?x4xf32>, %i: tensor<?x4xi32>, %c: tensor<?x4xi1>)
    -> (tensor<?x4xf32>, tensor<?x4xi32>, tensor<4x?xf32>, tensor<?xf32>, tensor<2x4xf32>, tensor<?x8xf32>, tensor<?x4xi1>, tensor<4xi64>, tensor<?xf32>)
    attributes {llvm.emit_c_interface} {
  %k = tfcc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = tfcc.add %x, %k : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.sub %0, %x : tensor<?x4xf32>, tensor<?x4xf32>
  %2 = tfcc.mul %1, %x : tensor<?x4xf32>, tensor<?x4xf32>
  %3 = tfcc.div %2, %k : tensor<?x4xf32>, tensor<4xf32>
  %4 = tfcc.pow %3, %k : tensor<?x4xf32>, tensor<4xf32>
  %5 = tfcc.maximum %4, %x : tensor<?x4xf32>, tensor<?x4xf32>
  %6 = tfcc.minimum %5, %x : tensor<?x4xf32>, tensor<?x4xf32>
  %7 = tfcc.neg %6 : tensor<?x4xf32>
  %8 = tfcc.abs %7 : tensor<?x4xf32>
  %9 = tfcc.relu %8 : tensor<?x4xf32>
  %10 = tfcc.exp %9 : tensor<?x4xf32>
  %11 = tfcc.log %10 : tensor<?x4xf32>
  %12 = tfcc.sqrt %11 : tensor<?x4xf32>
  %13 = tfcc.rsqrt %12 : tensor<?x4xf32>
  %14 = tfcc.tanh %13 : tensor<?x4xf32>
  %15 = tfcc.sigmoid %14 : tensor<?x4xf32>
  %16 = tfcc.erf %15 : tensor<?x4xf32>
  %17 = tfcc.gelu %16 : tensor<?x4xf32>
  %18 = tfcc.softmax %17 axis = -1 : tensor<?x4xf32>
  %19 = tfcc.log_softmax %18 axis = 0 : tensor<?x4xf32>
  %20 = tfcc.less %19, %x : tensor<?x4xf32>, tensor<?x4xf32>
  %21 = tfcc.select %20, %19, %x : tensor<?x4xi1>, tensor<?x4xf32>, tensor<?x4xf32>
  %ip = tfcc.pow %i, %i : tensor<?x4xi32>, tensor<?x4xi32>
  %id = tfcc.div %ip, %i : tensor<?x4xi32>, tensor<?x4xi32>
  %t = tfcc.transpose %21 perm = [1, 0] : tensor<?x4xf32>
  %r = tfcc.reduce_mean %21 axes = [1] : tensor<?x4xf32>
  %sl = tfcc.slice %21 begin = [0, 0] size = [2, -1] : tensor<?x4xf32>
  %w = tfcc.constant dense<0.5> : tensor<4x4xf32>
  %mm = tfcc.matmul %21, %w : tensor<?x4xf32>, tensor<4x4xf32>
  %cc = tfcc.concat %mm, %21 axis = 1 : tensor<?x4xf32>, tensor<?x4xf32>
  %eq = tfcc.equal %c, %20 : tensor<?x4xi1>, tensor<?x4xi1>
  %ci = tfcc.cast %i to i64 : tensor<?x4xi32>
  %rm = tfcc.reduce_max %ci axes = [0] : tensor<?x4xi64>
  %rs = tfcc.reshape %21 [-1] : tensor<?x4xf32>
  %bt = tfcc.broadcast_to %k [2, 4] : tensor<4xf32>
  return %21, %id, %t, %rs, %sl, %cc, %eq, %rm, %r : tensor<?x4xf32>, tensor<?x4xi32>, tensor<4x?xf32>, tensor<?xf32>, tensor<2x4xf32>, tensor<?x8xf32>, tensor<?x4xi1>, tensor<4xi64>, tensor<?xf32>
}
