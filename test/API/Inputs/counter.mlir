// A model with state: `total` accumulates every x (assign_add), `calls`
// counts runs, `scale` is read only. y = x * scale + total before the update.
tfcc.variable @total : tensor<3xf32> = dense<[0.5, 1.0, 1.5]>
tfcc.variable @calls : tensor<i64> = dense<0>
tfcc.variable @scale : tensor<f32> = dense<2.0>

func.func @accumulate(%x: tensor<3xf32> {tfcc.name = "x"})
    -> (tensor<3xf32> {tfcc.name = "y"}, tensor<3xf32> {tfcc.name = "new_total"}) {
  %t = tfcc.read_variable @total : tensor<3xf32>
  %s = tfcc.read_variable @scale : tensor<f32>
  %xs = tfcc.mul %x, %s : tensor<3xf32>, tensor<f32>
  %y = tfcc.add %xs, %t : tensor<3xf32>, tensor<3xf32>
  %n = tfcc.assign_add @total, %x : tensor<3xf32>
  %one = tfcc.constant dense<1> : tensor<i64>
  %c = tfcc.assign_add @calls, %one : tensor<i64>
  return %y, %n : tensor<3xf32>, tensor<3xf32>
}
