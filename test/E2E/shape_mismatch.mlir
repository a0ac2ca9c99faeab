// Binding inputs through the C API with the wrong shape, rank or dtype, or
// not at all, fails with a non-zero exit and a message naming the input;
// the same driver succeeds with correct inputs.
// RUN: %python %e2e/run_e2e.py --cc %cc --build-only %s %t
// RUN: %python %e2e/run_e2e.py --write-tensor %t/x_ok.bin f32 [3,4] 1
// RUN: %python %e2e/run_e2e.py --write-tensor %t/w_ok.bin f32 [4] 2
// RUN: %python %e2e/run_e2e.py --write-tensor %t/x_3x5.bin f32 [3,5]
// RUN: %python %e2e/run_e2e.py --write-tensor %t/x_rank1.bin f32 [12]
// RUN: %python %e2e/run_e2e.py --write-tensor %t/x_f64.bin f64 [3,4]
// RUN: %python %e2e/run_e2e.py --write-tensor %t/w_5.bin f32 [5]
//
// RUN: %t/e2e_driver %t x=%t/x_ok.bin w=%t/w_ok.bin | FileCheck %s --check-prefix=OK
// OK: output y f32 [3,4]
//
// RUN: not %t/e2e_driver %t x=%t/x_3x5.bin w=%t/w_ok.bin 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: input 'x': expected shape [?,4] but got [3,5]
//
// RUN: not %t/e2e_driver %t x=%t/x_rank1.bin w=%t/w_ok.bin 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: input 'x': expected shape [?,4] but got [12]
//
// RUN: not %t/e2e_driver %t x=%t/x_ok.bin w=%t/w_5.bin 2>&1 | FileCheck %s --check-prefix=STATIC
// STATIC: input 'w': expected shape [4] but got [5]
//
// RUN: not %t/e2e_driver %t x=%t/x_f64.bin w=%t/w_ok.bin 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: input 'x': expected dtype f32 but got f64
//
// A dynamic input has no storage until bound (a static one gets a zeroed
// model-owned buffer at create time).
// RUN: not %t/e2e_driver %t w=%t/w_ok.bin 2>&1 | FileCheck %s --check-prefix=UNBOUND
// UNBOUND: input 'x' is not bound
//
// RUN: not %t/e2e_driver %t q=%t/x_ok.bin 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: no input named 'q'
func.func @e2e_shape_mismatch(%x: tensor<?x4xf32> {tfcc.name = "x"},
                              %w: tensor<4xf32> {tfcc.name = "w"})
    -> (tensor<?x4xf32> {tfcc.name = "y"}) {
  %0 = tfcc.add %x, %w : tensor<?x4xf32>, tensor<4xf32>
  return %0 : tensor<?x4xf32>
}
