// tfcc-fold-batch-norm end to end: batch norms with constant statistics
// after an NCHW convolution with ONNX's bias add, after an NHWC convolution
// (TensorFlow's HWIO filter, stride 2) and after a matmul fold into the
// weights, so the graph phase has no batch norm left; the results match
// numpy's conv, bias and batch norm in f64, computed from the same
// constants (f32: rtol=1e-5 atol=1e-5, outputs of order 1 to 10).
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
// RUN: tfcc %s --stop-after=graph | FileCheck %s
// CHECK-NOT: tfcc.batch_norm
// CHECK-NOT: tfcc.rsqrt
// CHECK: tfcc.conv2d
//
// E2E-INPUT: x f32 [N,2,6,6] uniform(-2, 2)
// E2E-INPUT: t f32 [N,5,5,2] uniform(-2, 2)
// E2E-INPUT: z f32 [N,5] uniform(-2, 2)
// E2E-CASE: N=1 | N=3
// E2E-TOL: rtol=1e-5 atol=1e-5
// E2E-REF: def conv(x, w, stride, pad):
// E2E-REF:     x = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pad, pad), (pad, pad)))
// E2E-REF:     win = np.lib.stride_tricks.sliding_window_view(x, w.shape[2:], axis=(2, 3))
// E2E-REF:     win = win[:, :, ::stride, ::stride]
// E2E-REF:     return np.einsum("nchwij,ocij->nohw", win, w.astype(np.float64))
// E2E-REF: def bn(y, s, o, m, v, eps, axis):
// E2E-REF:     shape = [1] * y.ndim
// E2E-REF:     shape[axis] = -1
// E2E-REF:     f = lambda a: a.astype(np.float64).reshape(shape)
// E2E-REF:     return (y - f(m)) / np.sqrt(f(v) + eps) * f(s) + f(o)
// E2E-REF: W = np.array([[[[0.250, 0.794, 0.551],   [-0.550, -0.400, 0.747],   [-0.989, 0.642, 0.594]],  [[-0.064, -0.394, -0.443],   [-0.490, -0.110, 0.009],   [0.107, 0.991, 0.585]]], [[[0.244, 0.978, -0.569],   [-0.680, 0.225, -0.912],   [-0.929, 0.030, -0.068]],  [[0.834, 0.258, 0.028],   [-0.006, -0.505, -0.976],   [-0.615, 0.384, -0.599]]], [[[-0.261, -0.993, 0.660],   [-0.691, -0.465, 0.761],   [0.020, 0.694, 0.279]],  [[0.484, -0.817, 0.082],   [0.016, 0.743, -0.277],   [0.196, -0.881, -0.225]]]], np.float32)
// E2E-REF: B = np.array([-0.354, -0.700, 0.633], np.float32)
// E2E-REF: y = conv(x, W, 1, 1) + B.astype(np.float64).reshape(1, 3, 1, 1)
// E2E-REF: conv_bias_bn = bn(y, np.array([1.069, 1.968, 1.385], np.float32), np.array([0.210, 0.276, 0.353], np.float32), np.array([-0.698, -0.119, -0.521], np.float32), np.array([0.865, 0.284, 1.939], np.float32), 1e-3, 1).astype(np.float32)
// E2E-REF: Wt = np.array([[[[-0.570, 0.344, -0.399, 0.748],   [0.324, -0.737, 0.690, 0.890]],  [[0.808, 0.139, -0.709, -0.615],   [0.856, 0.105, -0.639, 0.768]],  [[0.283, 0.139, -0.247, -0.178],   [-0.521, -0.924, 0.752, -0.065]]], [[[0.095, -0.356, 0.503, -0.950],   [-0.256, -0.939, -0.754, 0.934]],  [[0.316, -0.144, 0.047, 0.746],   [-0.312, 0.181, 0.367, -0.289]],  [[0.038, 0.530, 0.818, -0.698],   [0.867, -0.990, 0.506, 0.621]]], [[[-0.726, -0.162, 0.631, -0.971],   [0.257, 0.586, 0.026, 0.452]],  [[-0.547, -0.603, -0.274, -0.641],   [-0.308, 0.896, 0.147, -0.320]],  [[-0.457, 0.904, -0.111, 0.961],   [0.031, 0.042, 0.793, 0.486]]]], np.float32)
// E2E-REF: y = conv(t.transpose(0, 3, 1, 2), Wt.transpose(3, 2, 0, 1), 2, 0).transpose(0, 2, 3, 1)
// E2E-REF: nhwc_bn = bn(y, np.array([1.371, 1.140, 1.817, 1.117], np.float32), np.array([0.846, -0.863, -0.140, 0.039], np.float32), np.array([0.902, -0.498, 0.612, 0.353], np.float32), np.array([1.462, 1.296, 1.946, 0.732], np.float32), 1e-5, 3).astype(np.float32)
// E2E-REF: y = z.astype(np.float64) @ np.array([[-0.203, -0.594, -0.899, -0.574, 0.831, 0.680], [-0.775, 0.208, -0.042, 0.189, 0.319, -0.387], [0.923, -0.068, 0.256, 0.270, -0.632, -0.876], [-0.177, 0.528, 0.630, 0.460, -0.774, 0.827], [0.604, 0.755, 0.047, 0.831, -0.907, -0.939]], np.float32).astype(np.float64)
// E2E-REF: matmul_bn = bn(y, np.array([0.530, 0.879, 0.873, 0.781, 1.351, 0.558], np.float32), np.array([0.181, -0.668, 0.356, -0.958, -0.379, 0.877], np.float32), np.array([0.077, 0.623, 0.316, 0.222, -0.617, 0.149], np.float32), np.array([0.175, 1.623, 1.924, 1.723, 0.196, 0.743], np.float32), 1e-5, 1).astype(np.float32)
func.func @e2e_fold_batch_norm(%x: tensor<?x2x6x6xf32> {tfcc.name = "x"},
                               %t: tensor<?x5x5x2xf32> {tfcc.name = "t"},
                               %z: tensor<?x5xf32> {tfcc.name = "z"})
    -> (tensor<?x3x6x6xf32> {tfcc.name = "conv_bias_bn"},
        tensor<?x2x2x4xf32> {tfcc.name = "nhwc_bn"},
        tensor<?x6xf32> {tfcc.name = "matmul_bn"}) {
  %w = tfcc.constant dense<[[[[0.250, 0.794, 0.551],   [-0.550, -0.400, 0.747],   [-0.989, 0.642, 0.594]],  [[-0.064, -0.394, -0.443],   [-0.490, -0.110, 0.009],   [0.107, 0.991, 0.585]]], [[[0.244, 0.978, -0.569],   [-0.680, 0.225, -0.912],   [-0.929, 0.030, -0.068]],  [[0.834, 0.258, 0.028],   [-0.006, -0.505, -0.976],   [-0.615, 0.384, -0.599]]], [[[-0.261, -0.993, 0.660],   [-0.691, -0.465, 0.761],   [0.020, 0.694, 0.279]],  [[0.484, -0.817, 0.082],   [0.016, 0.743, -0.277],   [0.196, -0.881, -0.225]]]]> : tensor<3x2x3x3xf32>
  %b = tfcc.constant dense<[-0.354, -0.700, 0.633]> : tensor<3xf32>
  %s = tfcc.constant dense<[1.069, 1.968, 1.385]> : tensor<3xf32>
  %o = tfcc.constant dense<[0.210, 0.276, 0.353]> : tensor<3xf32>
  %m = tfcc.constant dense<[-0.698, -0.119, -0.521]> : tensor<3xf32>
  %v = tfcc.constant dense<[0.865, 0.284, 1.939]> : tensor<3xf32>
  %y = tfcc.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : tensor<?x2x6x6xf32>, tensor<3x2x3x3xf32>
  %br = tfcc.reshape %b [1, 3, 1, 1] : tensor<3xf32>
  %yb = tfcc.add %y, %br : tensor<?x3x6x6xf32>, tensor<1x3x1x1xf32>
  %r0 = tfcc.batch_norm %yb, %s, %o, %m, %v {epsilon = 1.0e-3} : tensor<?x3x6x6xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>

  %wt = tfcc.constant dense<[[[[-0.570, 0.344, -0.399, 0.748],   [0.324, -0.737, 0.690, 0.890]],  [[0.808, 0.139, -0.709, -0.615],   [0.856, 0.105, -0.639, 0.768]],  [[0.283, 0.139, -0.247, -0.178],   [-0.521, -0.924, 0.752, -0.065]]], [[[0.095, -0.356, 0.503, -0.950],   [-0.256, -0.939, -0.754, 0.934]],  [[0.316, -0.144, 0.047, 0.746],   [-0.312, 0.181, 0.367, -0.289]],  [[0.038, 0.530, 0.818, -0.698],   [0.867, -0.990, 0.506, 0.621]]], [[[-0.726, -0.162, 0.631, -0.971],   [0.257, 0.586, 0.026, 0.452]],  [[-0.547, -0.603, -0.274, -0.641],   [-0.308, 0.896, 0.147, -0.320]],  [[-0.457, 0.904, -0.111, 0.961],   [0.031, 0.042, 0.793, 0.486]]]]> : tensor<3x3x2x4xf32>
  %s4 = tfcc.constant dense<[1.371, 1.140, 1.817, 1.117]> : tensor<4xf32>
  %o4 = tfcc.constant dense<[0.846, -0.863, -0.140, 0.039]> : tensor<4xf32>
  %m4 = tfcc.constant dense<[0.902, -0.498, 0.612, 0.353]> : tensor<4xf32>
  %v4 = tfcc.constant dense<[1.462, 1.296, 1.946, 0.732]> : tensor<4xf32>
  %yt = tfcc.conv2d %t, %wt {data_format = "NHWC", strides = array<i64: 2, 2>} : tensor<?x5x5x2xf32>, tensor<3x3x2x4xf32>
  %r1 = tfcc.batch_norm %yt, %s4, %o4, %m4, %v4 {axis = 3 : i64} : tensor<?x2x2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>

  %wm = tfcc.constant dense<[[-0.203, -0.594, -0.899, -0.574, 0.831, 0.680], [-0.775, 0.208, -0.042, 0.189, 0.319, -0.387], [0.923, -0.068, 0.256, 0.270, -0.632, -0.876], [-0.177, 0.528, 0.630, 0.460, -0.774, 0.827], [0.604, 0.755, 0.047, 0.831, -0.907, -0.939]]> : tensor<5x6xf32>
  %s6 = tfcc.constant dense<[0.530, 0.879, 0.873, 0.781, 1.351, 0.558]> : tensor<6xf32>
  %o6 = tfcc.constant dense<[0.181, -0.668, 0.356, -0.958, -0.379, 0.877]> : tensor<6xf32>
  %m6 = tfcc.constant dense<[0.077, 0.623, 0.316, 0.222, -0.617, 0.149]> : tensor<6xf32>
  %v6 = tfcc.constant dense<[0.175, 1.623, 1.924, 1.723, 0.196, 0.743]> : tensor<6xf32>
  %ym = tfcc.matmul %z, %wm : tensor<?x5xf32>, tensor<5x6xf32>
  %r2 = tfcc.batch_norm %ym, %s6, %o6, %m6, %v6 {axis = -1 : i64} : tensor<?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
  return %r0, %r1, %r2 : tensor<?x3x6x6xf32>, tensor<?x2x2x4xf32>, tensor<?x6xf32>
}
