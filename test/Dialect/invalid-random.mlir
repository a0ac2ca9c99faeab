// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @unknown_distribution() -> tensor<2xf32> {
  // expected-error @+1 {{unknown distribution "gamma" (expected uniform, normal, truncated_normal or bits)}}
  %r = tfcc.random "gamma" () seed (0, 1) : tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @float_bits() -> tensor<2xf32> {
  // expected-error @+1 {{"bits" gives i32 or i64, not 'f32'}}
  %r = tfcc.random "bits" () seed (0, 1) : tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @integer_normal() -> tensor<2xi32> {
  // expected-error @+1 {{"normal" gives f32 or f64, not 'i32'}}
  %r = tfcc.random "normal" () seed (0, 1) : tensor<2xi32>
  return %r : tensor<2xi32>
}

// -----

func.func @sizes(%n: tensor<i64>) -> tensor<2xf32> {
  // expected-error @+1 {{has 1 dynamic sizes for 0 dynamic dimensions}}
  %r = tfcc.random "uniform" (%n) seed (0, 1) : tensor<2xf32>
  return %r : tensor<2xf32>
}
