func.func @f(%x: tensor<1x1x1x1x1xf32>) -> tensor<1x1x1x1x1xf32> {
  return %x : tensor<1x1x1x1x1xf32>
}
