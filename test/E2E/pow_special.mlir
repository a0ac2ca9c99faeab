// tfcc.pow on f32 with negative and zero bases and integral exponents:
// (-2.5)^2 = 6.25, (-2.5)^3 = -15.625, 0^0 = 1, 0^2 = 0, 0^-1 = +inf, as C's
// powf and numpy give.
//
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [5,1] = np.array([[-2.5], [-1.0], [0.0], [0.5], [3.0]])
// E2E-INPUT: b f32 [1,6] = np.array([[-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]])
// E2E-REF: with np.errstate(divide="ignore"):
// E2E-REF:     y = np.power(a.astype(np.float64), b).astype(np.float32)
func.func @e2e_pow_special(%a: tensor<5x1xf32> {tfcc.name = "a"},
                           %b: tensor<1x6xf32> {tfcc.name = "b"})
    -> (tensor<5x6xf32> {tfcc.name = "y"}) {
  %0 = tfcc.pow %a, %b : tensor<5x1xf32>, tensor<1x6xf32>
  return %0 : tensor<5x6xf32>
}
