// RUN: tfcc-opt %s --convert-tfcc-parallel-kernels-to-llvm | FileCheck %s

// A kernel marked tfcc.parallel (its last two arguments the range of
// iterations it runs) gets a task that loads its other arguments from a
// struct; its call stores them into such a struct in the caller's frame
// and hands the task, the struct, the range and the cost of an iteration
// to the runtime's tfcc_rt_parallel_for. Other calls are left alone.

// CHECK-LABEL: llvm.func internal @model_kernel0_task
// CHECK-SAME: (%[[CTX:.*]]: !llvm.ptr, %[[LO:.*]]: i64, %[[HI:.*]]: i64)
// CHECK: %[[P0:.*]] = llvm.getelementptr %[[CTX]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, i64, f32)>
// CHECK: %[[A0:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[P1:.*]] = llvm.getelementptr %[[CTX]][0, 1]
// CHECK: %[[A1:.*]] = llvm.load %[[P1]] : !llvm.ptr -> i64
// CHECK: %[[P2:.*]] = llvm.getelementptr %[[CTX]][0, 2]
// CHECK: %[[A2:.*]] = llvm.load %[[P2]] : !llvm.ptr -> f32
// CHECK: llvm.call @model_kernel0(%[[A0]], %[[A1]], %[[A2]], %[[LO]], %[[HI]])
// CHECK: llvm.return
// CHECK-NOT: tfcc.parallel
llvm.func internal @model_kernel0(%p: !llvm.ptr, %n: i64, %s: f32, %lo: i64, %hi: i64) attributes {tfcc.kernel, tfcc.parallel = 1200 : i64} {
  llvm.return
}

llvm.func internal @model_kernel1(%p: !llvm.ptr) attributes {tfcc.kernel} {
  llvm.return
}

// CHECK-LABEL: llvm.func @model
// CHECK-SAME: (%[[P:.*]]: !llvm.ptr, %[[N:.*]]: i64, %[[S:.*]]: f32)
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: %[[FRAME:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(ptr, i64, f32)>
// CHECK: %[[F0:.*]] = llvm.getelementptr %[[FRAME]][0, 0]
// CHECK: llvm.store %[[P]], %[[F0]]
// CHECK: %[[F1:.*]] = llvm.getelementptr %[[FRAME]][0, 1]
// CHECK: llvm.store %[[N]], %[[F1]]
// CHECK: %[[F2:.*]] = llvm.getelementptr %[[FRAME]][0, 2]
// CHECK: llvm.store %[[S]], %[[F2]]
// CHECK: %[[TASK:.*]] = llvm.mlir.addressof @model_kernel0_task
// CHECK: %[[COST:.*]] = llvm.mlir.constant(1200 : i64) : i64
// CHECK: llvm.call @tfcc_rt_parallel_for(%[[TASK]], %[[FRAME]], %{{.*}}, %[[N]], %[[COST]])
// CHECK: llvm.call @model_kernel1(%[[P]])
// CHECK: llvm.func @tfcc_rt_parallel_for(!llvm.ptr, !llvm.ptr, i64, i64, i64)
llvm.func @model(%p: !llvm.ptr, %n: i64, %s: f32) {
  %zero = llvm.mlir.constant(0 : i64) : i64
  llvm.call @model_kernel0(%p, %n, %s, %zero, %n) : (!llvm.ptr, i64, f32, i64, i64) -> ()
  llvm.call @model_kernel1(%p) : (!llvm.ptr) -> ()
  llvm.return
}
