// y = x * w + b, elementwise with [3] vectors broadcast over the batch.
func.func @scale(%x: tensor<?x3xf32> {tfcc.name = "x"})
    -> (tensor<?x3xf32> {tfcc.name = "y"}) {
  %w = tfcc.constant dense<[2.0, -1.0, 0.5]> : tensor<3xf32>
  %b = tfcc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %m = tfcc.mul %x, %w : tensor<?x3xf32>, tensor<3xf32>
  %y = tfcc.add %m, %b : tensor<?x3xf32>, tensor<3xf32>
  return %y : tensor<?x3xf32>
}
