// tfcc.reshape against numpy's row-major reshape: -1 on a dynamic input
// (first, middle and last position, flattening to rank 1, splitting the
// dynamic dim), a dynamic input reshaped to a static shape, static
// reshapes, rank 0 <-> rank 1, and i1/i32/i64/f64 elements.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,12] arange()
// E2E-INPUT: t i32 [N,3,4] randint(-100, 100)
// E2E-INPUT: b i1 [N,6] bernoulli(0.5)
// E2E-INPUT: s f64 [] normal(0, 1)
// E2E-INPUT: v i64 [1] randint(-2**40, 2**40)
// E2E-INPUT: q f32 [2,N] uniform(-1, 1)
// E2E-INPUT: m f32 [4,6] uniform(-1, 1)
// E2E-CASE: N=1 | N=2 | N=7 | N=64
// E2E-REF: lead = x.reshape(-1, 3, 4)
// E2E-REF: mid = x.reshape(2, -1, 3)
// E2E-REF: tail = t.reshape(3, 4, -1)
// E2E-REF: flat = t.reshape(-1)
// E2E-REF: bools = b.reshape(-1, 2)
// E2E-REF: to_rank1 = s.reshape(1)
// E2E-REF: to_rank0 = v.reshape(())
// E2E-REF: swap = q.reshape(-1, 2)
// E2E-REF: static = m.reshape(3, 8)
// E2E-REF: static_inferred = m.reshape(-1, 4, 2)
func.func @e2e_reshape(%x: tensor<?x12xf32> {tfcc.name = "x"},
                       %t: tensor<?x3x4xi32> {tfcc.name = "t"},
                       %b: tensor<?x6xi1> {tfcc.name = "b"},
                       %s: tensor<f64> {tfcc.name = "s"},
                       %v: tensor<1xi64> {tfcc.name = "v"},
                       %q: tensor<2x?xf32> {tfcc.name = "q"},
                       %m: tensor<4x6xf32> {tfcc.name = "m"})
    -> (tensor<?x3x4xf32> {tfcc.name = "lead"},
        tensor<2x?x3xf32> {tfcc.name = "mid"},
        tensor<3x4x?xi32> {tfcc.name = "tail"},
        tensor<?xi32> {tfcc.name = "flat"},
        tensor<?x2xi1> {tfcc.name = "bools"},
        tensor<1xf64> {tfcc.name = "to_rank1"},
        tensor<i64> {tfcc.name = "to_rank0"},
        tensor<?x2xf32> {tfcc.name = "swap"},
        tensor<3x8xf32> {tfcc.name = "static"},
        tensor<3x4x2xf32> {tfcc.name = "static_inferred"}) {
  %0 = tfcc.reshape %x [-1, 3, 4] : tensor<?x12xf32>
  %1 = tfcc.reshape %x [2, -1, 3] : tensor<?x12xf32>
  %2 = tfcc.reshape %t [3, 4, -1] : tensor<?x3x4xi32>
  %3 = tfcc.reshape %t [-1] : tensor<?x3x4xi32>
  %4 = tfcc.reshape %b [-1, 2] : tensor<?x6xi1>
  %5 = tfcc.reshape %s [1] : tensor<f64>
  %6 = tfcc.reshape %v [] : tensor<1xi64>
  %7 = tfcc.reshape %q [-1, 2] : tensor<2x?xf32>
  %8 = tfcc.reshape %m [3, 8] : tensor<4x6xf32>
  %9 = tfcc.reshape %m [-1, 4, 2] : tensor<4x6xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9
      : tensor<?x3x4xf32>, tensor<2x?x3xf32>, tensor<3x4x?xi32>,
        tensor<?xi32>, tensor<?x2xi1>, tensor<1xf64>, tensor<i64>,
        tensor<?x2xf32>, tensor<3x8xf32>, tensor<3x4x2xf32>
}
