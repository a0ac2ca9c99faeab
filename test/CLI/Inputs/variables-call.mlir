tfcc.variable @v : tensor<2xf32> = dense<0.0>

func.func private @bump(%x: tensor<2xf32>) {
  %0 = tfcc.assign_add @v, %x : tensor<2xf32>
  return
}

func.func @main(%x: tensor<2xf32>) {
  func.call @bump(%x) : (tensor<2xf32>) -> ()
  return
}
