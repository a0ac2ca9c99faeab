// A 3x3 NHWC convolution at stride 1 with a constant filter, named: its
// buffers in the memory plan carry the name of the op they come from.
func.func @conv(%x: tensor<1x12x12x8xf32>) -> tensor<1x12x12x32xf32> {
  %w = tfcc.constant dense<0.25> : tensor<3x3x8x32xf32>
  %0 = tfcc.conv2d %x, %w {data_format = "NHWC", padding = array<i64: 1, 1, 1, 1>} : tensor<1x12x12x8xf32>, tensor<3x3x8x32xf32> loc("layer1/conv")
  return %0 : tensor<1x12x12x32xf32>
}
