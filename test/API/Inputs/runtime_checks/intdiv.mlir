// Integer division and floor modulo: a zero divisor is an error.
func.func @intdiv(%a: tensor<?xi32> {tfcc.name = "a"},
                  %b: tensor<?xi32> {tfcc.name = "b"})
    -> (tensor<?xi32> {tfcc.name = "q"}, tensor<?xi32> {tfcc.name = "r"}) {
  %q = tfcc.div %a, %b : tensor<?xi32>, tensor<?xi32>
  %r = tfcc.floor_mod %a, %b : tensor<?xi32>, tensor<?xi32>
  return %q, %r : tensor<?xi32>, tensor<?xi32>
}
