// A 3x3 NHWC convolution at stride 1 with a constant filter: 12x12 outputs,
// 9 tiles of F(4x4, 3x3) (too few) or 36 of F(2x2, 3x3).
func.func @conv(%x: tensor<1x12x12x8xf32>) -> tensor<1x12x12x32xf32> {
  %w = tfcc.constant dense<0.25> : tensor<3x3x8x32xf32>
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<1x12x12x8xf32>, tensor<3x3x8x32xf32>
  return %0 : tensor<1x12x12x32xf32>
}
