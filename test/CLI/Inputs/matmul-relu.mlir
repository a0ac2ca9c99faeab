// A matmul with a bias and relu: the add and relu fuse into one loop, the
// matmul is packed.
func.func @layer(%x: tensor<?x32xf32> {tfcc.name = "x"}, %w: tensor<32x32xf32> {tfcc.name = "w"}, %b: tensor<32xf32> {tfcc.name = "b"}) -> (tensor<?x32xf32> {tfcc.name = "y"}) {
  %y = tfcc.matmul %x, %w : tensor<?x32xf32>, tensor<32x32xf32>
  %z = tfcc.add %y, %b : tensor<?x32xf32>, tensor<32xf32>
  %r = tfcc.relu %z : tensor<?x32xf32>
  return %r : tensor<?x32xf32>
}
