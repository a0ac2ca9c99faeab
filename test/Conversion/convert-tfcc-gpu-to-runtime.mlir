// RUN: tfcc-opt %s --convert-tfcc-gpu-to-runtime | FileCheck %s

// The host side of a GPU function becomes runtime calls: device memory
// from tfcc_rt_gpu_alloc/free, copies through tfcc_rt_gpu_copy (the bytes
// from the shape), a weight's resident device copy from
// tfcc_rt_gpu_resident, and a launch through tfcc_rt_gpu_launch with the
// PTX, the kernel's name and its node as strings and the operands, memref
// descriptors unpacked, in a stack struct that an array of pointers
// points into. The module records that it uses one GPU.
// CHECK: module attributes {tfcc.gpus = 1 : i64}
// CHECK-DAG: llvm.mlir.global private constant @__tfcc_kernel_k_k("k\00")
// CHECK-DAG: llvm.mlir.global private constant @__tfcc_node_k_k("conv1\00")
// CHECK-DAG: llvm.mlir.global private constant @__tfcc_ptx_k("//\0A.version 7.0\0A\00")
// CHECK-NOT: gpu.binary
// CHECK-LABEL: func.func private @f_gpu_0_0(
// CHECK: llvm.call @tfcc_rt_gpu_alloc(%{{.*}}) : (i64) -> !llvm.ptr
// CHECK: %[[BYTES:.*]] = llvm.mul %{{.*}}, %{{.*}} : i64
// CHECK: llvm.call @tfcc_rt_gpu_copy(%{{.*}}, %{{.*}}, %[[BYTES]]) : (!llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK: memref.get_global @w : memref<4xf32> {tfcc.host_copy}
// CHECK: llvm.call @tfcc_rt_gpu_resident(%{{.*}}, %{{.*}}) : (!llvm.ptr, i64) -> !llvm.ptr
// CHECK: %[[FIELDS:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(i64, ptr, ptr, i64, i64, i64, ptr, ptr, i64, i64, i64)>
// CHECK: %[[PARAMS:.*]] = llvm.alloca %{{.*}} x !llvm.ptr
// CHECK-COUNT-11: llvm.store
// CHECK: %[[PTX:.*]] = llvm.mlir.addressof @__tfcc_ptx_k
// CHECK: %[[NAME:.*]] = llvm.mlir.addressof @__tfcc_kernel_k_k
// CHECK: %[[NODE:.*]] = llvm.mlir.addressof @__tfcc_node_k_k
// CHECK: llvm.call @tfcc_rt_gpu_launch(%[[PTX]], %[[NAME]], %[[NODE]], %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %[[PARAMS]], %{{[^,]*}})
// CHECK: llvm.call @tfcc_rt_gpu_free(
// Functions on the host keep their globals.
// CHECK-LABEL: func.func @host(
// CHECK-NEXT: memref.get_global @w : memref<4xf32>
// The weights the GPU functions read, uploaded by the model's create.
// CHECK-LABEL: func.func @__tfcc_gpu_weights()
// CHECK: %[[W:.*]] = memref.get_global @w : memref<4xf32> {tfcc.host_copy}
// CHECK: %[[D:.*]] = builtin.unrealized_conversion_cast %[[W]]
// CHECK: %[[P:.*]] = llvm.extractvalue %[[D]][1]
// CHECK: %[[N:.*]] = llvm.mlir.constant(16 : i64)
// CHECK: llvm.call @tfcc_rt_gpu_resident(%[[P]], %[[N]])
module attributes {gpu.container_module} {
  memref.global "private" constant @w : memref<4xf32> = dense<1.0>
  func.func private @f_gpu_0_0(%x: memref<4xf32>) -> memref<4xf32> attributes {tfcc.device = "gpu:0"} {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %d = gpu.alloc () : memref<4xf32>
    gpu.memcpy %d, %x : memref<4xf32>, memref<4xf32>
    %w = memref.get_global @w : memref<4xf32>
    gpu.launch_func @k::@k blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1) args(%c4 : index, %d : memref<4xf32>, %w : memref<4xf32>) loc("conv1")
    %r = memref.alloc() : memref<4xf32>
    gpu.memcpy %r, %d : memref<4xf32>, memref<4xf32>
    gpu.dealloc %d : memref<4xf32>
    return %r : memref<4xf32>
  }
  gpu.binary @k [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = "//\0A.version 7.0\0A">]
  func.func @host() -> memref<4xf32> {
    %w = memref.get_global @w : memref<4xf32>
    return %w : memref<4xf32>
  }
}
