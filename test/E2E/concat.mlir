// tfcc.concat against numpy.concatenate: along a dynamic axis (dynamic with
// static, two dynamic inputs), along a static axis with a dynamic dim
// elsewhere (three inputs), a negative axis, a single input, rank 1, and
// f64/i32/i64/i1 elements.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [N,3] uniform(-5, 5)
// E2E-INPUT: b f32 [2,3] uniform(-5, 5)
// E2E-INPUT: c f32 [M,3] uniform(-5, 5)
// E2E-INPUT: p f64 [N,2] normal(0, 1)
// E2E-INPUT: q f64 [N,3] normal(0, 1)
// E2E-INPUT: r f64 [N,1] normal(0, 1)
// E2E-INPUT: i i32 [2,N,2] randint(-100, 100)
// E2E-INPUT: j i32 [2,N,1] randint(-100, 100)
// E2E-INPUT: k i64 [M] randint(-2**40, 2**40)
// E2E-INPUT: l i64 [3] randint(-2**40, 2**40)
// E2E-INPUT: s i1 [N,2] bernoulli(0.5)
// E2E-INPUT: t i1 [1,2] bernoulli(0.5)
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=2 | N=3 M=40
// E2E-REF: dyn_static = np.concatenate([a, b], axis=0)
// E2E-REF: dyn_dyn = np.concatenate([a, c, b], axis=0)
// E2E-REF: three = np.concatenate([p, q, r], axis=1)
// E2E-REF: negative = np.concatenate([i, j], axis=-1)
// E2E-REF: single = a
// E2E-REF: rank1 = np.concatenate([l, k, l])
// E2E-REF: bools = np.concatenate([t, s], axis=0)
func.func @e2e_concat(%a: tensor<?x3xf32> {tfcc.name = "a"},
                      %b: tensor<2x3xf32> {tfcc.name = "b"},
                      %c: tensor<?x3xf32> {tfcc.name = "c"},
                      %p: tensor<?x2xf64> {tfcc.name = "p"},
                      %q: tensor<?x3xf64> {tfcc.name = "q"},
                      %r: tensor<?x1xf64> {tfcc.name = "r"},
                      %i: tensor<2x?x2xi32> {tfcc.name = "i"},
                      %j: tensor<2x?x1xi32> {tfcc.name = "j"},
                      %k: tensor<?xi64> {tfcc.name = "k"},
                      %l: tensor<3xi64> {tfcc.name = "l"},
                      %s: tensor<?x2xi1> {tfcc.name = "s"},
                      %t: tensor<1x2xi1> {tfcc.name = "t"})
    -> (tensor<?x3xf32> {tfcc.name = "dyn_static"},
        tensor<?x3xf32> {tfcc.name = "dyn_dyn"},
        tensor<?x6xf64> {tfcc.name = "three"},
        tensor<2x?x3xi32> {tfcc.name = "negative"},
        tensor<?x3xf32> {tfcc.name = "single"},
        tensor<?xi64> {tfcc.name = "rank1"},
        tensor<?x2xi1> {tfcc.name = "bools"}) {
  %0 = tfcc.concat %a, %b axis = 0 : tensor<?x3xf32>, tensor<2x3xf32>
  %1 = tfcc.concat %a, %c, %b axis = 0
      : tensor<?x3xf32>, tensor<?x3xf32>, tensor<2x3xf32>
  %2 = tfcc.concat %p, %q, %r axis = 1
      : tensor<?x2xf64>, tensor<?x3xf64>, tensor<?x1xf64>
  %3 = tfcc.concat %i, %j axis = -1 : tensor<2x?x2xi32>, tensor<2x?x1xi32>
  %4 = tfcc.concat %a axis = 0 : tensor<?x3xf32>
  %5 = tfcc.concat %l, %k, %l axis = 0
      : tensor<3xi64>, tensor<?xi64>, tensor<3xi64>
  %6 = tfcc.concat %t, %s axis = 0 : tensor<1x2xi1>, tensor<?x2xi1>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x6xf64>, tensor<2x?x3xi32>,
        tensor<?x3xf32>, tensor<?xi64>, tensor<?x2xi1>
}
