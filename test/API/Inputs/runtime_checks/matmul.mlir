// The inner dimensions of a product.
func.func @matmul(%a: tensor<?x?xf32> {tfcc.name = "a"},
                  %b: tensor<?x2xf32> {tfcc.name = "b"})
    -> (tensor<?x2xf32> {tfcc.name = "y"}) {
  %y = tfcc.matmul %a, %b : tensor<?x?xf32>, tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}
