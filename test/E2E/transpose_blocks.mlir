// Transposes that move the innermost dimension, where both dims it swaps
// are multiples of 8 (tfcc-vectorize-transposes: 8x8 register blocks),
// against numpy: 2-D, NCHW <-> NHWC with a dynamic batch, swapped dims
// that are not adjacent, 32-bit integers, and sides that are not multiples
// of 8 (whole blocks split from a scalar rest: 12 x 20, a 7x7 image of 20
// channels whose H and W collapse into 49). Transposes are exact: no
// tolerance.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: a f32 [16,24] arange()
// E2E-INPUT: x f32 [N,16,8,24] arange()
// E2E-INPUT: y f32 [N,8,24,16] normal(0, 1)
// E2E-INPUT: z f32 [8,5,16] arange(-300)
// E2E-INPUT: i i32 [24,8] randint(-2**31, 2**31 - 1)
// E2E-INPUT: s f32 [12,20] arange()
// E2E-INPUT: r f32 [N,7,7,20] arange()
// E2E-CASE: N=1 | N=3
// E2E-TOL: rtol=0 atol=0
// E2E-REF: two_d = a.T
// E2E-REF: to_nhwc = x.transpose(0, 2, 3, 1)
// E2E-REF: to_nchw = y.transpose(0, 3, 1, 2)
// E2E-REF: outer = z.transpose(2, 1, 0)
// E2E-REF: ints = i.T
// E2E-REF: ragged = s.T
// E2E-REF: ragged_nchw = r.transpose(0, 3, 1, 2)
func.func @e2e_transpose_blocks(%a: tensor<16x24xf32> {tfcc.name = "a"},
                                %x: tensor<?x16x8x24xf32> {tfcc.name = "x"},
                                %y: tensor<?x8x24x16xf32> {tfcc.name = "y"},
                                %z: tensor<8x5x16xf32> {tfcc.name = "z"},
                                %i: tensor<24x8xi32> {tfcc.name = "i"},
                                %s: tensor<12x20xf32> {tfcc.name = "s"},
                                %r: tensor<?x7x7x20xf32> {tfcc.name = "r"})
    -> (tensor<24x16xf32> {tfcc.name = "two_d"},
        tensor<?x8x24x16xf32> {tfcc.name = "to_nhwc"},
        tensor<?x16x8x24xf32> {tfcc.name = "to_nchw"},
        tensor<16x5x8xf32> {tfcc.name = "outer"},
        tensor<8x24xi32> {tfcc.name = "ints"},
        tensor<20x12xf32> {tfcc.name = "ragged"},
        tensor<?x20x7x7xf32> {tfcc.name = "ragged_nchw"}) {
  %0 = tfcc.transpose %a perm = [1, 0] : tensor<16x24xf32>
  %1 = tfcc.transpose %x perm = [0, 2, 3, 1] : tensor<?x16x8x24xf32>
  %2 = tfcc.transpose %y perm = [0, 3, 1, 2] : tensor<?x8x24x16xf32>
  %3 = tfcc.transpose %z perm = [2, 1, 0] : tensor<8x5x16xf32>
  %4 = tfcc.transpose %i perm = [1, 0] : tensor<24x8xi32>
  %5 = tfcc.transpose %s perm = [1, 0] : tensor<12x20xf32>
  %6 = tfcc.transpose %r perm = [0, 3, 1, 2] : tensor<?x7x7x20xf32>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<24x16xf32>, tensor<?x8x24x16xf32>, tensor<?x16x8x24xf32>,
        tensor<16x5x8xf32>, tensor<8x24xi32>, tensor<20x12xf32>,
        tensor<?x20x7x7xf32>
}
