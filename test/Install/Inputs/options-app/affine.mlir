// y = 2 x + 1; the input has the same name as the graph models' inputs.
func.func @affine(%x: tensor<?x3xf32> {tfcc.name = "x"})
    -> (tensor<?x3xf32> {tfcc.name = "y"}) {
  %two = tfcc.constant dense<2.0> : tensor<f32>
  %one = tfcc.constant dense<1.0> : tensor<f32>
  %m = tfcc.mul %x, %two : tensor<?x3xf32>, tensor<f32>
  %y = tfcc.add %m, %one : tensor<?x3xf32>, tensor<f32>
  return %y : tensor<?x3xf32>
}
