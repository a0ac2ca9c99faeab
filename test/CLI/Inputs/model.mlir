// A small classifier: y = softmax(x + b).
func.func @predict(%x: tensor<?x4xf32> {tfcc.name = "x"}) -> (tensor<?x4xf32> {tfcc.name = "y"}) {
  %b = tfcc.constant dense<[0.5, -1.0, 2.0, 0.0]> : tensor<4xf32>
  %0 = tfcc.add %x, %b : tensor<?x4xf32>, tensor<4xf32>
  %1 = tfcc.softmax %0 axis = -1 : tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}
