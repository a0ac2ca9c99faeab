// Zeros of a size fed at run time: [2^24, 2^24] floats (4 PiB) cannot be
// allocated.
func.func @oom(%n: tensor<i64> {tfcc.name = "n"})
    -> (tensor<?x?xf32> {tfcc.name = "z"}) {
  %z = tfcc.zeros(%n, %n) : tensor<?x?xf32>
  return %z : tensor<?x?xf32>
}
