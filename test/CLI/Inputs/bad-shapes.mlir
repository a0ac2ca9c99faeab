func.func @predict(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  %0 = tfcc.add %a, %b : tensor<2x3xf32>, tensor<4xf32>
  return %0 : tensor<2x3xf32>
}
