// Twenty matmuls with a tanh after each: more than 16 outlined kernels, so
// that a library of it can be compiled on several threads (emit-lib-threads.test).
func.func @chain(%x: tensor<4x8xf32> {tfcc.name = "x"}, %w: tensor<8x8xf32> {tfcc.name = "w"})
    -> (tensor<4x8xf32> {tfcc.name = "y"}) {
  %m0 = tfcc.matmul %x, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t0 = tfcc.tanh %m0 : tensor<4x8xf32>
  %m1 = tfcc.matmul %t0, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t1 = tfcc.tanh %m1 : tensor<4x8xf32>
  %m2 = tfcc.matmul %t1, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t2 = tfcc.tanh %m2 : tensor<4x8xf32>
  %m3 = tfcc.matmul %t2, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t3 = tfcc.tanh %m3 : tensor<4x8xf32>
  %m4 = tfcc.matmul %t3, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t4 = tfcc.tanh %m4 : tensor<4x8xf32>
  %m5 = tfcc.matmul %t4, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t5 = tfcc.tanh %m5 : tensor<4x8xf32>
  %m6 = tfcc.matmul %t5, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t6 = tfcc.tanh %m6 : tensor<4x8xf32>
  %m7 = tfcc.matmul %t6, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t7 = tfcc.tanh %m7 : tensor<4x8xf32>
  %m8 = tfcc.matmul %t7, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t8 = tfcc.tanh %m8 : tensor<4x8xf32>
  %m9 = tfcc.matmul %t8, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t9 = tfcc.tanh %m9 : tensor<4x8xf32>
  %m10 = tfcc.matmul %t9, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t10 = tfcc.tanh %m10 : tensor<4x8xf32>
  %m11 = tfcc.matmul %t10, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t11 = tfcc.tanh %m11 : tensor<4x8xf32>
  %m12 = tfcc.matmul %t11, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t12 = tfcc.tanh %m12 : tensor<4x8xf32>
  %m13 = tfcc.matmul %t12, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t13 = tfcc.tanh %m13 : tensor<4x8xf32>
  %m14 = tfcc.matmul %t13, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t14 = tfcc.tanh %m14 : tensor<4x8xf32>
  %m15 = tfcc.matmul %t14, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t15 = tfcc.tanh %m15 : tensor<4x8xf32>
  %m16 = tfcc.matmul %t15, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t16 = tfcc.tanh %m16 : tensor<4x8xf32>
  %m17 = tfcc.matmul %t16, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t17 = tfcc.tanh %m17 : tensor<4x8xf32>
  %m18 = tfcc.matmul %t17, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t18 = tfcc.tanh %m18 : tensor<4x8xf32>
  %m19 = tfcc.matmul %t18, %w : tensor<4x8xf32>, tensor<8x8xf32>
  %t19 = tfcc.tanh %m19 : tensor<4x8xf32>
  return %t19 : tensor<4x8xf32>
}
