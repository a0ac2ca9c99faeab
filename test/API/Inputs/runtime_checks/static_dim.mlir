// A dynamic dim where the static size 4 is assumed.
func.func @static_dim(%a: tensor<?xf32> {tfcc.name = "a"})
    -> (tensor<4xf32> {tfcc.name = "y"}) {
  %c = tfcc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = tfcc.mul %a, %c : tensor<?xf32>, tensor<4xf32>
  return %y : tensor<4xf32>
}
