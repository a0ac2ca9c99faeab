// Windows against dynamic spatial sizes and the filter's input channels:
// a 3x3 all-ones filter, 2 input channels, 1 output.
func.func @conv(%x: tensor<1x?x?x?xf32> {tfcc.name = "x"})
    -> (tensor<1x1x?x?xf32> {tfcc.name = "y"}) {
  %w = tfcc.constant dense<1.0> : tensor<1x2x3x3xf32>
  %y = tfcc.conv2d %x, %w : tensor<1x?x?x?xf32>, tensor<1x2x3x3xf32>
  return %y : tensor<1x1x?x?xf32>
}
