// Two models over one variable, for variable_stress.c: each reads `v`,
// returns how far apart its elements are (0 unless the read was torn by a
// concurrent write-back) and adds 1 (bump_one) or 2 (bump_two) to every
// element. Compiled once per entry (--entry bump_one / bump_two).
tfcc.variable @v : tensor<256xf32> = dense<0.0>

func.func @bump_one() -> (tensor<f32> {tfcc.name = "spread"}) {
  %r = tfcc.read_variable @v : tensor<256xf32>
  %mx = tfcc.reduce_max %r axes = [0] : tensor<256xf32>
  %mn = tfcc.reduce_min %r axes = [0] : tensor<256xf32>
  %s = tfcc.sub %mx, %mn : tensor<f32>, tensor<f32>
  %one = tfcc.constant dense<1.0> : tensor<256xf32>
  %n = tfcc.assign_add @v, %one : tensor<256xf32>
  return %s : tensor<f32>
}

func.func @bump_two() -> (tensor<f32> {tfcc.name = "spread"}) {
  %r = tfcc.read_variable @v : tensor<256xf32>
  %mx = tfcc.reduce_max %r axes = [0] : tensor<256xf32>
  %mn = tfcc.reduce_min %r axes = [0] : tensor<256xf32>
  %s = tfcc.sub %mx, %mn : tensor<f32>, tensor<f32>
  %two = tfcc.constant dense<2.0> : tensor<256xf32>
  %n = tfcc.assign_add @v, %two : tensor<256xf32>
  return %s : tensor<f32>
}
