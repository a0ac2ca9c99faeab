// y = x W + b: a dense layer whose input has the same name as scale.mlir's.
func.func @dense(%x: tensor<?x3xf32> {tfcc.name = "x"})
    -> (tensor<?x2xf32> {tfcc.name = "y"}) {
  %w = tfcc.constant dense<[[1.0, -2.0], [0.5, 0.25], [-1.5, 3.0]]>
      : tensor<3x2xf32>
  %b = tfcc.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %l = tfcc.matmul %x, %w : tensor<?x3xf32>, tensor<3x2xf32>
  %y = tfcc.add %l, %b : tensor<?x2xf32>, tensor<2xf32>
  return %y : tensor<?x2xf32>
}
