// tfcc.cast between every pair of kinds against numpy's astype: float to
// integer truncates toward zero; integers widen with sign extension and
// narrow by wrapping; int to float rounds to nearest; f64 to f32 rounds
// (overflowing to inf); anything to i1 is `!= 0` (NaN is true, -0.0
// false); i1 becomes 0 or 1. Dynamic dims, several sizes.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: x f32 [N,4] uniform(-1000, 1000)
// E2E-INPUT: e f32 [12] = np.array([-2.7, -2.5, -1.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, 2.7, 2147483520.0, -2147483648.0])
// E2E-INPUT: z f32 [6] = np.array([0.0, -0.0, 1e-45, -3.0, np.nan, np.inf])
// E2E-INPUT: d f64 [M] = rng.uniform(-1e9, 1e9, size=shape) * rng.choice([1.0, 1e-9, 1e-40], size=shape)
// E2E-INPUT: dr f64 [5] = np.array([1e300, -1e300, 1.0000000001, 1e-50, 3.4028235e38])
// E2E-INPUT: i i32 [N,3] randint(-2**31, 2**31)
// E2E-INPUT: k i64 [M] randint(-2**62, 2**62)
// E2E-INPUT: b i1 [N] bernoulli(0.5)
// E2E-INPUT: iz i32 [5] = np.array([0, 1, -1, 2**31 - 1, -2**31])
// E2E-CASE: N=1 M=1 | N=7 M=5 | N=64 M=33
// E2E-REF: f32_to_i32 = x.astype(np.int32)
// E2E-REF: edge_to_i32 = e.astype(np.int32)
// E2E-REF: edge_to_i64 = e.astype(np.int64)
// E2E-REF: f64_to_i64 = d.astype(np.int64)
// E2E-REF: f64_to_i32 = np.trunc(d).astype(np.int32)
// E2E-REF: i32_to_f32 = i.astype(np.float32)
// E2E-REF: i64_to_f64 = k.astype(np.float64)
// E2E-REF: i64_to_f32 = k.astype(np.float32)
// E2E-REF: i64_to_i32 = k.astype(np.int32)
// E2E-REF: i32_to_i64 = i.astype(np.int64)
// E2E-REF: f32_to_i1 = z != 0
// E2E-REF: i32_to_i1 = iz != 0
// E2E-REF: i1_to_f32 = b.astype(np.float32)
// E2E-REF: i1_to_i64 = b.astype(np.int64)
// E2E-REF: f32_to_f64 = x.astype(np.float64)
// E2E-REF: with np.errstate(over="ignore"):
// E2E-REF:     f64_to_f32 = dr.astype(np.float32)
// E2E-REF: f32_to_f32 = e
func.func @e2e_cast(%x: tensor<?x4xf32> {tfcc.name = "x"},
                    %e: tensor<12xf32> {tfcc.name = "e"},
                    %z: tensor<6xf32> {tfcc.name = "z"},
                    %d: tensor<?xf64> {tfcc.name = "d"},
                    %dr: tensor<5xf64> {tfcc.name = "dr"},
                    %i: tensor<?x3xi32> {tfcc.name = "i"},
                    %k: tensor<?xi64> {tfcc.name = "k"},
                    %b: tensor<?xi1> {tfcc.name = "b"},
                    %iz: tensor<5xi32> {tfcc.name = "iz"})
    -> (tensor<?x4xi32> {tfcc.name = "f32_to_i32"},
        tensor<12xi32> {tfcc.name = "edge_to_i32"},
        tensor<12xi64> {tfcc.name = "edge_to_i64"},
        tensor<?xi64> {tfcc.name = "f64_to_i64"},
        tensor<?xi32> {tfcc.name = "f64_to_i32"},
        tensor<?x3xf32> {tfcc.name = "i32_to_f32"},
        tensor<?xf64> {tfcc.name = "i64_to_f64"},
        tensor<?xf32> {tfcc.name = "i64_to_f32"},
        tensor<?xi32> {tfcc.name = "i64_to_i32"},
        tensor<?x3xi64> {tfcc.name = "i32_to_i64"},
        tensor<6xi1> {tfcc.name = "f32_to_i1"},
        tensor<5xi1> {tfcc.name = "i32_to_i1"},
        tensor<?xf32> {tfcc.name = "i1_to_f32"},
        tensor<?xi64> {tfcc.name = "i1_to_i64"},
        tensor<?x4xf64> {tfcc.name = "f32_to_f64"},
        tensor<5xf32> {tfcc.name = "f64_to_f32"},
        tensor<12xf32> {tfcc.name = "f32_to_f32"}) {
  %0 = tfcc.cast %x to i32 : tensor<?x4xf32>
  %1 = tfcc.cast %e to i32 : tensor<12xf32>
  %2 = tfcc.cast %e to i64 : tensor<12xf32>
  %3 = tfcc.cast %d to i64 : tensor<?xf64>
  %4 = tfcc.cast %d to i32 : tensor<?xf64>
  %5 = tfcc.cast %i to f32 : tensor<?x3xi32>
  %6 = tfcc.cast %k to f64 : tensor<?xi64>
  %7 = tfcc.cast %k to f32 : tensor<?xi64>
  %8 = tfcc.cast %k to i32 : tensor<?xi64>
  %9 = tfcc.cast %i to i64 : tensor<?x3xi32>
  %10 = tfcc.cast %z to i1 : tensor<6xf32>
  %11 = tfcc.cast %iz to i1 : tensor<5xi32>
  %12 = tfcc.cast %b to f32 : tensor<?xi1>
  %13 = tfcc.cast %b to i64 : tensor<?xi1>
  %14 = tfcc.cast %x to f64 : tensor<?x4xf32>
  %15 = tfcc.cast %dr to f32 : tensor<5xf64>
  %16 = tfcc.cast %e to f32 : tensor<12xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14,
         %15, %16
      : tensor<?x4xi32>, tensor<12xi32>, tensor<12xi64>, tensor<?xi64>,
        tensor<?xi32>, tensor<?x3xf32>, tensor<?xf64>, tensor<?xf32>,
        tensor<?xi32>, tensor<?x3xi64>, tensor<6xi1>, tensor<5xi1>,
        tensor<?xf32>, tensor<?xi64>, tensor<?x4xf64>, tensor<5xf32>,
        tensor<12xf32>
}
