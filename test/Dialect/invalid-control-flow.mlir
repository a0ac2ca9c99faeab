// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @branches_differ(%p: tensor<i1>, %x: tensor<4xf32>, %y: tensor<4xi32>) {
  // expected-error @+1 {{'tfcc.cond' op result 0: the then branch yields 'tensor<4xf32>' but the else branch yields 'tensor<4xi32>'}}
  %r = tfcc.cond %p -> (tensor<4xf32>) {
    tfcc.yield %x : tensor<4xf32>
  } else {
    tfcc.yield %y : tensor<4xi32>
  }
  return
}

// -----

func.func @static_result_dim(%p: tensor<i1>, %x: tensor<4xf32>, %y: tensor<5xf32>) {
  // expected-error @+1 {{'tfcc.cond' op result 0: the else branch yields 'tensor<5xf32>' but the result is 'tensor<4xf32>'}}
  %r = tfcc.cond %p -> (tensor<4xf32>) {
    tfcc.yield %x : tensor<4xf32>
  } else {
    tfcc.yield %y : tensor<5xf32>
  }
  return
}

// -----

func.func @branch_count(%p: tensor<i1>, %x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.cond' op the then branch yields 2 values for 1 result}}
  %r = tfcc.cond %p -> (tensor<4xf32>) {
    tfcc.yield %x, %x : tensor<4xf32>, tensor<4xf32>
  } else {
    tfcc.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @predicate_rank(%p: tensor<2xi1>) {
  // expected-error @+1 {{operand #0 must be 0D tensor of 1-bit signless integer values}}
  "tfcc.cond"(%p) ({
    tfcc.yield
  }, {
    tfcc.yield
  }) : (tensor<2xi1>) -> ()
  return
}

// -----

func.func @body_changes_rank(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.while' op loop variable 0: the body yields 'tensor<4x1xf32>' but the loop variable is 'tensor<4xf32>'}}
  %r = tfcc.while (%x) : (tensor<4xf32>) -> tensor<4xf32>
  cond {
  ^bb0(%v: tensor<4xf32>):
    %p = tfcc.constant dense<true> : tensor<i1>
    tfcc.yield %p : tensor<i1>
  } do {
  ^bb0(%v: tensor<4xf32>):
    %e = tfcc.reshape %v [4, 1] : tensor<4xf32>
    tfcc.yield %e : tensor<4x1xf32>
  }
  return
}

// -----

func.func @init_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.while' op loop variable 0: enters with 'tensor<4xf32>' but the loop variable is 'tensor<4xf64>'}}
  %r = tfcc.while (%x) : (tensor<4xf32>) -> tensor<4xf64>
  cond {
  ^bb0(%v: tensor<4xf64>):
    %p = tfcc.constant dense<true> : tensor<i1>
    tfcc.yield %p : tensor<i1>
  } do {
  ^bb0(%v: tensor<4xf64>):
    tfcc.yield %v : tensor<4xf64>
  }
  return
}

// -----

func.func @region_args(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.while' op the body region's arguments must have the loop variables' types 'tensor<?xf32>', got 'tensor<4xf32>'}}
  %r = tfcc.while (%x) : (tensor<4xf32>) -> tensor<?xf32>
  cond {
  ^bb0(%v: tensor<?xf32>):
    %p = tfcc.constant dense<true> : tensor<i1>
    tfcc.yield %p : tensor<i1>
  } do {
  ^bb0(%v: tensor<4xf32>):
    tfcc.yield %v : tensor<4xf32>
  }
  return
}

// -----

func.func @cond_yield(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.while' op the cond region must yield one tensor<i1>, got 'tensor<4xf32>'}}
  %r = tfcc.while (%x) : (tensor<4xf32>) -> tensor<4xf32>
  cond {
  ^bb0(%v: tensor<4xf32>):
    tfcc.yield %v : tensor<4xf32>
  } do {
  ^bb0(%v: tensor<4xf32>):
    tfcc.yield %v : tensor<4xf32>
  }
  return
}

// -----

func.func @dim_axis(%x: tensor<4xf32>) {
  // expected-error @+1 {{'tfcc.dim' op axis 1 is outside [0, 1)}}
  %d = tfcc.dim %x axis = 1 : tensor<4xf32>
  return
}

// -----

func.func @zeros_sizes(%n: tensor<i64>) {
  // expected-error @+1 {{'tfcc.zeros' op has 1 sizes for the 2 dynamic dims of 'tensor<?x?xf32>'}}
  %z = tfcc.zeros(%n) : tensor<?x?xf32>
  return
}

// -----

func.func @set_item_shape(%l: tensor<?x4xf32>, %i: tensor<i64>, %v: tensor<5xf32>) {
  // expected-error @+1 {{'tfcc.set_item' op item 'tensor<5xf32>' is not a slice of 'tensor<?x4xf32>' (its shape without dimension 0)}}
  %r = tfcc.set_item %l[%i], %v : tensor<?x4xf32>, tensor<i64>, tensor<5xf32>
  return
}

// -----

func.func @squeeze_not_one(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.squeeze' op dim 0 of [2,3] is not 1 and cannot be squeezed}}
  %r = tfcc.squeeze %x axes = [0] : tensor<2x3xf32>
  return
}

// -----

func.func @expand_dims_axes(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tfcc.expand_dims' op axes [2,1] must be sorted, distinct and in [0, 4)}}
  %r = tfcc.expand_dims %x axes = [2, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @dynamic_reshape_rank(%x: tensor<?x4xf32>, %s: tensor<3xi64>) {
  // expected-error @+1 {{'tfcc.dynamic_reshape' op has a shape of 3 sizes for a result of rank 2}}
  %r = tfcc.dynamic_reshape %x, %s : tensor<?x4xf32>, tensor<3xi64> -> tensor<?x?xf32>
  return
}

// -----

func.func @dynamic_slice_begin(%x: tensor<?x4xf32>, %b: tensor<1xi64>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'tfcc.dynamic_slice' op needs one begin per dimension of 'tensor<?x4xf32>', got 'tensor<1xi64>'}}
  %r = tfcc.dynamic_slice %x, %b, %s : tensor<?x4xf32>, tensor<1xi64>, tensor<2xi64> -> tensor<?x?xf32>
  return
}

// -----

func.func @dynamic_slice_size(%x: tensor<?x4xf32>, %b: tensor<2xi64>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'tfcc.dynamic_slice' op result dim 1 of size 5 exceeds the input's 4}}
  %r = tfcc.dynamic_slice %x, %b, %s : tensor<?x4xf32>, tensor<2xi64>, tensor<2xi64> -> tensor<?x5xf32>
  return
}
