// tfcc.slice (like tf.slice) against numpy slicing: size -1 on a dynamic
// dim (to the end), a fixed size on a dynamic dim, size -1 on a static dim,
// a 3-D block, an empty block, the whole tensor, rank 1, and f64/i32/i64/i1
// elements.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,5] arange()
// E2E-INPUT: t i32 [N,4,6] randint(-100, 100)
// E2E-INPUT: d f64 [M] normal(0, 1)
// E2E-INPUT: k i64 [4,3] randint(-2**40, 2**40)
// E2E-INPUT: b i1 [N,3] bernoulli(0.5)
// E2E-CASE: N=5 M=3 | N=7 M=6 | N=64 M=100 | N=5 M=1
// E2E-REF: tail_rows = x[1:, 0:2]
// E2E-REF: fixed_rows = x[2:5, 1:5]
// E2E-REF: tail_cols = x[0:1, 2:]
// E2E-REF: block = t[1:3, 1:3, 2:]
// E2E-REF: empty = x[:, 3:3]
// E2E-REF: whole = x[0:, 0:]
// E2E-REF: rank1 = d[1:]
// E2E-REF: i64 = k[1:3, 1:]
// E2E-REF: bools = b[3:, 1:2]
func.func @e2e_slice(%x: tensor<?x5xf32> {tfcc.name = "x"},
                     %t: tensor<?x4x6xi32> {tfcc.name = "t"},
                     %d: tensor<?xf64> {tfcc.name = "d"},
                     %k: tensor<4x3xi64> {tfcc.name = "k"},
                     %b: tensor<?x3xi1> {tfcc.name = "b"})
    -> (tensor<?x2xf32> {tfcc.name = "tail_rows"},
        tensor<3x4xf32> {tfcc.name = "fixed_rows"},
        tensor<1x3xf32> {tfcc.name = "tail_cols"},
        tensor<2x2x4xi32> {tfcc.name = "block"},
        tensor<?x0xf32> {tfcc.name = "empty"},
        tensor<?x5xf32> {tfcc.name = "whole"},
        tensor<?xf64> {tfcc.name = "rank1"},
        tensor<2x2xi64> {tfcc.name = "i64"},
        tensor<?x1xi1> {tfcc.name = "bools"}) {
  %0 = tfcc.slice %x begin = [1, 0] size = [-1, 2] : tensor<?x5xf32>
  %1 = tfcc.slice %x begin = [2, 1] size = [3, 4] : tensor<?x5xf32>
  %2 = tfcc.slice %x begin = [0, 2] size = [1, -1] : tensor<?x5xf32>
  %3 = tfcc.slice %t begin = [1, 1, 2] size = [2, 2, -1] : tensor<?x4x6xi32>
  %4 = tfcc.slice %x begin = [0, 3] size = [-1, 0] : tensor<?x5xf32>
  %5 = tfcc.slice %x begin = [0, 0] size = [-1, -1] : tensor<?x5xf32>
  %6 = tfcc.slice %d begin = [1] size = [-1] : tensor<?xf64>
  %7 = tfcc.slice %k begin = [1, 1] size = [2, -1] : tensor<4x3xi64>
  %8 = tfcc.slice %b begin = [3, 1] size = [-1, 1] : tensor<?x3xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<?x2xf32>, tensor<3x4xf32>, tensor<1x3xf32>, tensor<2x2x4xi32>,
        tensor<?x0xf32>, tensor<?x5xf32>, tensor<?xf64>, tensor<2x2xi64>,
        tensor<?x1xi1>
}
