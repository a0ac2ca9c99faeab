// A step with a read-only and a written variable.
tfcc.variable @w : tensor<3xf32> = dense<[1.0, 2.0, 3.0]>
tfcc.variable @seen : tensor<3xf32> = dense<0.0>

func.func @step(%x: tensor<3xf32> {tfcc.name = "x"})
    -> (tensor<3xf32> {tfcc.name = "y"}) {
  %w = tfcc.read_variable @w : tensor<3xf32>
  %y = tfcc.mul %x, %w : tensor<3xf32>, tensor<3xf32>
  %s = tfcc.assign_add @seen, %x : tensor<3xf32>
  return %y : tensor<3xf32>
}
