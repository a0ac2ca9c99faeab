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
