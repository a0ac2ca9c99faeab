// GPU kernels as PTX (--emit=ptx): one module per kernel, for the
// architecture --gpu-arch names (sm_80 by default), no CUDA needed for
// kernels without math functions. The library holds the same PTX and
// calls the runtime's GPU functions; the host part of the graph (the
// argmax's top-k, which has no GPU kernel, under soft placement) stays CPU
// code.
// RUN: tfcc %s --device=gpu --soft-placement --emit=ptx -o %t.ptx 2>/dev/null
// RUN: FileCheck %s --check-prefix=PTX < %t.ptx
// PTX: // tfcc kernel module __tfcc_entry_f_gpu_0_0_kernel
// PTX: .target sm_80
// PTX: .visible .entry __tfcc_entry_f_gpu_0_0_kernel(
// PTX: .maxntid 256, 1, 1
// PTX: fma.rn.f32
// PTX-NOT: .extern .func
// RUN: tfcc %s --device=gpu --soft-placement --gpu-arch=sm_90 --emit=ptx -o - 2>/dev/null | FileCheck %s --check-prefix=SM90
// SM90: .target sm_90
// SM90-NOT: .target sm_80
// RUN: tfcc %s --device=gpu --soft-placement --stop-after=llvm -o %t.mlir 2>/dev/null
// RUN: FileCheck %s --check-prefix=LIB < %t.mlir
// LIB: module attributes {tfcc.gpus = 1 : i64}
// LIB: llvm.mlir.global private constant @__tfcc_ptx_f_gpu_0_0_kernel(
// LIB: llvm.call @tfcc_rt_gpu_launch
// LIB-NOT: gpu.
// A --gpu-arch that names no NVIDIA architecture is refused.
// RUN: not tfcc %s --device=gpu --soft-placement --gpu-arch=gfx90a -o %t.a 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: --gpu-arch: expected sm_NN, got 'gfx90a'
// Nothing on a GPU: no kernel to print.
// RUN: not tfcc %s --emit=ptx -o - 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: error: no op is placed on a GPU: no kernel to print (see --device)
func.func @f(%x: tensor<?x16xf32>, %w: tensor<16x8xf32>) -> tensor<?x2xf32> {
  %m = tfcc.matmul %x, %w : tensor<?x16xf32>, tensor<16x8xf32>
  %r = tfcc.relu %m : tensor<?x8xf32>
  %v, %i = tfcc.top_k %r {k = 2 : i64} : tensor<?x8xf32>
  return %v : tensor<?x2xf32>
}
