// RUN: tfcc-opt %s -split-input-file -verify-diagnostics

func.func @too_many_values(%c: i1, %a: index) {
  // expected-error @+1 {{'tfcc.assert' op shows at most 4 values, got 5}}
  tfcc.assert %c, "{0}"(%a, %a, %a, %a, %a : index, index, index, index, index)
  return
}

// -----

func.func @missing_value(%c: i1, %a: index) {
  // expected-error @+1 {{'tfcc.assert' op message refers to value {1} but has 1 values}}
  tfcc.assert %c, "{0} and {1}"(%a : index)
  return
}

// -----

func.func @not_a_condition(%c: i32) {
  // expected-error @+1 {{operand #0 must be 1-bit signless integer}}
  "tfcc.assert"(%c) <{message = "x"}> : (i32) -> ()
  return
}
