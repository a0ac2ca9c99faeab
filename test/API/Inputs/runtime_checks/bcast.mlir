// Two dynamic dims that must be equal.
func.func @bcast(%a: tensor<?xf32> {tfcc.name = "a"},
                 %b: tensor<?xf32> {tfcc.name = "b"})
    -> (tensor<?xf32> {tfcc.name = "y"}) {
  %y = tfcc.add %a, %b : tensor<?xf32>, tensor<?xf32>
  return %y : tensor<?xf32>
}
