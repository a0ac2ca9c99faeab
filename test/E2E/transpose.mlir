// tfcc.transpose against numpy.transpose: 2-D, every non-trivial
// permutation of a 3-D tensor with a dynamic dim, a 4-D one, the identity,
// rank 1, and f64/i32/i64/i1 elements.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,3,4] arange()
// E2E-INPUT: m f64 [N,5] normal(0, 1)
// E2E-INPUT: f i32 [2,N,3,2] randint(-100, 100)
// E2E-INPUT: k i64 [N] randint(-2**40, 2**40)
// E2E-INPUT: b i1 [3,N] bernoulli(0.5)
// E2E-CASE: N=1 | N=7 | N=64 | N=2
// E2E-REF: p021 = x.transpose(0, 2, 1)
// E2E-REF: p102 = x.transpose(1, 0, 2)
// E2E-REF: p120 = x.transpose(1, 2, 0)
// E2E-REF: p201 = x.transpose(2, 0, 1)
// E2E-REF: p210 = x.transpose(2, 1, 0)
// E2E-REF: p012 = x
// E2E-REF: two_d = m.T
// E2E-REF: four_d = f.transpose(3, 1, 0, 2)
// E2E-REF: rank1 = k
// E2E-REF: bools = b.T
func.func @e2e_transpose(%x: tensor<?x3x4xf32> {tfcc.name = "x"},
                         %m: tensor<?x5xf64> {tfcc.name = "m"},
                         %f: tensor<2x?x3x2xi32> {tfcc.name = "f"},
                         %k: tensor<?xi64> {tfcc.name = "k"},
                         %b: tensor<3x?xi1> {tfcc.name = "b"})
    -> (tensor<?x4x3xf32> {tfcc.name = "p021"},
        tensor<3x?x4xf32> {tfcc.name = "p102"},
        tensor<3x4x?xf32> {tfcc.name = "p120"},
        tensor<4x?x3xf32> {tfcc.name = "p201"},
        tensor<4x3x?xf32> {tfcc.name = "p210"},
        tensor<?x3x4xf32> {tfcc.name = "p012"},
        tensor<5x?xf64> {tfcc.name = "two_d"},
        tensor<2x?x2x3xi32> {tfcc.name = "four_d"},
        tensor<?xi64> {tfcc.name = "rank1"},
        tensor<?x3xi1> {tfcc.name = "bools"}) {
  %0 = tfcc.transpose %x perm = [0, 2, 1] : tensor<?x3x4xf32>
  %1 = tfcc.transpose %x perm = [1, 0, 2] : tensor<?x3x4xf32>
  %2 = tfcc.transpose %x perm = [1, 2, 0] : tensor<?x3x4xf32>
  %3 = tfcc.transpose %x perm = [2, 0, 1] : tensor<?x3x4xf32>
  %4 = tfcc.transpose %x perm = [2, 1, 0] : tensor<?x3x4xf32>
  %5 = tfcc.transpose %x perm = [0, 1, 2] : tensor<?x3x4xf32>
  %6 = tfcc.transpose %m perm = [1, 0] : tensor<?x5xf64>
  %7 = tfcc.transpose %f perm = [3, 1, 0, 2] : tensor<2x?x3x2xi32>
  %8 = tfcc.transpose %k perm = [0] : tensor<?xi64>
  %9 = tfcc.transpose %b perm = [1, 0] : tensor<3x?xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : tensor<?x4x3xf32>, tensor<3x?x4xf32>, tensor<3x4x?xf32>,
        tensor<4x?x3xf32>, tensor<4x3x?xf32>, tensor<?x3x4xf32>,
        tensor<5x?xf64>, tensor<2x?x2x3xi32>, tensor<?xi64>, tensor<?x3xi1>
}
