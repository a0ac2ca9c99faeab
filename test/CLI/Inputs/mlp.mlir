// Two public functions: the entry has to be chosen with --entry.
func.func @mlp(%x: tensor<?x3xf32> {tfcc.name = "features"}, %w: tensor<3x2xf32> {tfcc.name = "weights"})
    -> (tensor<?x2xf32> {tfcc.name = "logits"}) {
  %0 = tfcc.matmul %x, %w : tensor<?x3xf32>, tensor<3x2xf32>
  %1 = tfcc.relu %0 : tensor<?x2xf32>
  return %1 : tensor<?x2xf32>
}

func.func @scale(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = tfcc.add %x, %x : tensor<4xi32>, tensor<4xi32>
  return %0 : tensor<4xi32>
}
