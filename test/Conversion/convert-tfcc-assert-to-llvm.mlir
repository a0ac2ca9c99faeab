// RUN: tfcc-opt %s --convert-tfcc-assert-to-llvm | FileCheck %s
// RUN: tfcc-opt %s --convert-tfcc-assert-to-llvm=remove-checks=true | FileCheck %s --check-prefix=REMOVE

// Each check becomes a branch on the negated condition to the runtime's
// tfcc_rt_check_failed (declared once, noreturn and cold), with the message
// in a private global, the number of values and four i64 values (indices
// and narrower integers widened, unused ones 0).

// CHECK-DAG: llvm.mlir.global private constant @tfcc_check_0("dims {0} and {1}\00")
// CHECK-DAG: llvm.mlir.global private constant @tfcc_check_1("zero\00")
// CHECK-LABEL: func.func @checks
// CHECK-SAME: (%[[A:.*]]: index, %[[B:.*]]: index, %[[C:.*]]: i1, %[[V:.*]]: i32)
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[A]], %[[B]] : index
// CHECK: %[[FAILED:.*]] = arith.xori %[[OK]], %[[TRUE:.*]] : i1
// CHECK: scf.if %[[FAILED]] {
// CHECK:   %[[MSG:.*]] = llvm.mlir.addressof @tfcc_check_0 : !llvm.ptr
// CHECK:   %[[P:.*]] = llvm.getelementptr %[[MSG]][0, 0]
// CHECK:   %[[N:.*]] = arith.constant 2 : i64
// CHECK:   %[[A64:.*]] = arith.index_cast %[[A]] : index to i64
// CHECK:   %[[B64:.*]] = arith.index_cast %[[B]] : index to i64
// CHECK:   %[[Z:.*]] = arith.constant 0 : i64
// CHECK:   llvm.call @tfcc_rt_check_failed(%[[P]], %[[N]], %[[A64]], %[[B64]], %[[Z]], %{{.*}})
// CHECK: }
// CHECK: scf.if %{{.*}} {
// CHECK:   arith.extsi %[[V]] : i32 to i64
// CHECK:   llvm.call @tfcc_rt_check_failed
// CHECK-NOT: tfcc.assert
// CHECK: llvm.func @tfcc_rt_check_failed(!llvm.ptr, i64, i64, i64, i64, i64) attributes {passthrough = ["noreturn", "cold"]}
// With remove-checks the checks are simply gone.
// REMOVE-NOT: tfcc_rt_check_failed
// REMOVE-NOT: tfcc.assert
// REMOVE: func.func @checks
// REMOVE-NOT: tfcc.assert
// REMOVE-NOT: llvm.call
func.func @checks(%a: index, %b: index, %c: i1, %v: i32) {
  %ok = arith.cmpi eq, %a, %b : index
  tfcc.assert %ok, "dims {0} and {1}"(%a, %b : index, index)
  tfcc.assert %c, "zero"(%v : i32)
  return
}
