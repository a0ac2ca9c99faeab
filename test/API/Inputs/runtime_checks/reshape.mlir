// Reshapes of a dynamic input: a fixed element count, and a multiple.
func.func @reshape(%x: tensor<?xf32> {tfcc.name = "x"},
                   %r: tensor<?x3xf32> {tfcc.name = "r"})
    -> (tensor<4x4xf32> {tfcc.name = "y"}, tensor<?x2xf32> {tfcc.name = "z"}) {
  %y = tfcc.reshape %x [4, 4] : tensor<?xf32>
  %z = tfcc.reshape %r [-1, 2] : tensor<?x3xf32>
  return %y, %z : tensor<4x4xf32>, tensor<?x2xf32>
}
