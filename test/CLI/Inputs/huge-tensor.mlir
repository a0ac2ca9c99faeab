func.func @f(%x: tensor<1048576x1048576xf32>) -> tensor<1048576x1048576xf32> {
  %y = tfcc.relu %x : tensor<1048576x1048576xf32>
  return %y : tensor<1048576x1048576xf32>
}
