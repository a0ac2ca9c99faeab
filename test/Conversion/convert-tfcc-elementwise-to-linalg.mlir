// RUN: tfcc-opt %s -split-input-file --convert-tfcc-elementwise-to-linalg | FileCheck %s

// A static unit dimension that stretches is read through a constant-0 index;
// the dynamic result size comes from tensor.dim of the operand that has it.

// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<?x1xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[DIM:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x1xf32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[DIM]]) : tensor<?x4xf32>
// CHECK: %[[R:.*]] = linalg.generic
// CHECK-SAME: indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$ID]]]
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<?x1xf32>, tensor<4xf32>) outs(%[[INIT]] : tensor<?x4xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<?x4xf32>
// CHECK-NOT: tfcc.
func.func @add_broadcast(%a: tensor<?x1xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = tfcc.add %a, %b : tensor<?x1xf32>, tensor<4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// A rank-0 operand is read through an empty map; integers use the signed ops.
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @int_ops
// CHECK: tensor.empty() : tensor<3xi32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK: arith.divsi
// CHECK: linalg.generic
// CHECK: arith.maxsi
// CHECK: linalg.generic
// CHECK: arith.minsi
// CHECK: linalg.generic
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: arith.subi %[[ZERO]], %{{.*}} : i32
// CHECK: linalg.generic
// CHECK: math.absi
func.func @int_ops(%a: tensor<3xi32>, %b: tensor<i32>) -> tensor<3xi32> {
  %0 = tfcc.div %a, %b : tensor<3xi32>, tensor<i32>
  %2 = tfcc.maximum %0, %b : tensor<3xi32>, tensor<i32>
  %3 = tfcc.minimum %2, %b : tensor<3xi32>, tensor<i32>
  %4 = tfcc.neg %3 : tensor<3xi32>
  %5 = tfcc.abs %4 : tensor<3xi32>
  return %5 : tensor<3xi32>
}

// -----

// Integer pow is computed in the generic body by square-and-multiply over
// the exponent's bits, not with floats.
// CHECK-LABEL: func.func @int_pow
// CHECK: linalg.generic
// CHECK: ^bb0(%{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64):
// CHECK-NOT: math.powf
// CHECK-NOT: sitofp
// CHECK: scf.while
// CHECK: arith.muli
// CHECK: linalg.yield %{{.*}} : i64
func.func @int_pow(%a: tensor<3xi64>, %b: tensor<3xi64>) -> tensor<3xi64> {
  %0 = tfcc.pow %a, %b : tensor<3xi64>, tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @float_binary
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: math.powf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @float_binary(%a: tensor<2xf64>) -> tensor<2xf64> {
  %0 = tfcc.sub %a, %a : tensor<2xf64>, tensor<2xf64>
  %1 = tfcc.mul %0, %a : tensor<2xf64>, tensor<2xf64>
  %2 = tfcc.div %1, %a : tensor<2xf64>, tensor<2xf64>
  %3 = tfcc.pow %2, %a : tensor<2xf64>, tensor<2xf64>
  %4 = tfcc.maximum %3, %a : tensor<2xf64>, tensor<2xf64>
  %5 = tfcc.minimum %4, %a : tensor<2xf64>, tensor<2xf64>
  return %5 : tensor<2xf64>
}

// -----

// Comparisons yield i1; booleans compare unsigned, integers signed, floats
// ordered (unordered for not_equal).
// CHECK-LABEL: func.func @compare
// CHECK: tensor.empty() : tensor<2xi1>
// CHECK: ^bb0(%{{.*}}: i1, %{{.*}}: i1, %{{.*}}: i1):
// CHECK: arith.cmpi ult
// CHECK: arith.cmpi sle
// CHECK: arith.cmpf ogt
// CHECK: ^bb0(%{{.*}}: f32, %{{.*}}: f32, %{{.*}}: i1):
// CHECK: arith.cmpf une
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpi sge
func.func @compare(%p: tensor<2xi1>, %i: tensor<2xi64>, %f: tensor<2xf32>)
    -> (tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>) {
  %0 = tfcc.less %p, %p : tensor<2xi1>, tensor<2xi1>
  %1 = tfcc.less_equal %i, %i : tensor<2xi64>, tensor<2xi64>
  %2 = tfcc.greater %f, %f : tensor<2xf32>, tensor<2xf32>
  %3 = tfcc.not_equal %f, %f : tensor<2xf32>, tensor<2xf32>
  %4 = tfcc.equal %f, %f : tensor<2xf32>, tensor<2xf32>
  %5 = tfcc.greater_equal %i, %i : tensor<2xi64>, tensor<2xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>
}

// -----

// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ZERO:.*]] = affine_map<(d0) -> (0)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[C:.*]]: tensor<?xi1>, %[[T:.*]]: tensor<1xf32>, %[[F:.*]]: tensor<f32>)
// CHECK: %[[DIM:.*]] = tensor.dim %[[C]], %{{.*}} : tensor<?xi1>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[DIM]]) : tensor<?xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ZERO]], #[[$SCALAR]], #[[$ID]]]
// CHECK-SAME: ins(%[[C]], %[[T]], %[[F]] : tensor<?xi1>, tensor<1xf32>, tensor<f32>)
// CHECK: ^bb0(%[[CE:.*]]: i1, %[[TE:.*]]: f32, %[[FE:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.select %[[CE]], %[[TE]], %[[FE]] : f32
func.func @select(%c: tensor<?xi1>, %a: tensor<1xf32>, %b: tensor<f32>) -> tensor<?xf32> {
  %0 = tfcc.select %c, %a, %b : tensor<?xi1>, tensor<1xf32>, tensor<f32>
  return %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf64>)
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK: tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf64>
// CHECK: arith.negf
// CHECK: math.absf
// CHECK: arith.constant 0.000000e+00 : f64
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.rsqrt
// CHECK: math.tanh
// CHECK: math.erf
func.func @unary(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = tfcc.neg %x : tensor<?x?xf64>
  %1 = tfcc.abs %0 : tensor<?x?xf64>
  %2 = tfcc.relu %1 : tensor<?x?xf64>
  %3 = tfcc.exp %2 : tensor<?x?xf64>
  %4 = tfcc.log %3 : tensor<?x?xf64>
  %5 = tfcc.sqrt %4 : tensor<?x?xf64>
  %6 = tfcc.rsqrt %5 : tensor<?x?xf64>
  %7 = tfcc.tanh %6 : tensor<?x?xf64>
  %8 = tfcc.erf %7 : tensor<?x?xf64>
  return %8 : tensor<?x?xf64>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)); gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2))).
// CHECK-LABEL: func.func @sigmoid_gelu
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[NEG:.*]] = arith.negf %[[X]] : f32
// CHECK: %[[EXP:.*]] = math.exp %[[NEG]] : f32
// CHECK: %[[DEN:.*]] = arith.addf %[[ONE]], %[[EXP]] : f32
// CHECK: %[[SIG:.*]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK: linalg.yield %[[SIG]] : f32
// CHECK: ^bb0(%[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[ONE2:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[HX:.*]] = arith.mulf %[[HALF]], %[[Y]] : f32
// CHECK: %[[RSQRT2:.*]] = arith.constant 0.707106{{[0-9]*}} : f32
// CHECK: %[[SCALED:.*]] = arith.mulf %[[Y]], %[[RSQRT2]] : f32
// CHECK: %[[ERF:.*]] = math.erf %[[SCALED]] : f32
// CHECK: %[[SUM:.*]] = arith.addf %[[ONE2]], %[[ERF]] : f32
// CHECK: %[[G:.*]] = arith.mulf %[[HX]], %[[SUM]] : f32
// CHECK: linalg.yield %[[G]] : f32
func.func @sigmoid_gelu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = tfcc.sigmoid %x : tensor<8xf32>
  %1 = tfcc.gelu %0 : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// gelu {tanh_approximation}:
// 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x * x * x))).
// CHECK-LABEL: func.func @gelu_tanh
// CHECK: ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[HX:.*]] = arith.mulf %[[HALF]], %[[X]] : f64
// CHECK: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK: %[[X3:.*]] = arith.mulf %[[X2]], %[[X]] : f64
// CHECK: %[[C:.*]] = arith.constant 4.471500e-02 : f64
// CHECK: %[[CX3:.*]] = arith.mulf %[[C]], %[[X3]] : f64
// CHECK: %[[IN:.*]] = arith.addf %[[X]], %[[CX3]] : f64
// CHECK: %[[K:.*]] = arith.constant 0.79788456080286{{[0-9]*}} : f64
// CHECK: %[[ARG:.*]] = arith.mulf %[[K]], %[[IN]] : f64
// CHECK: %[[T:.*]] = math.tanh %[[ARG]] : f64
// CHECK: %[[SUM:.*]] = arith.addf %[[ONE]], %[[T]] : f64
// CHECK: %[[G:.*]] = arith.mulf %[[HX]], %[[SUM]] : f64
// CHECK: linalg.yield %[[G]] : f64
// CHECK-NOT: math.erf
func.func @gelu_tanh(%x: tensor<?x8xf64>) -> tensor<?x8xf64> {
  %0 = tfcc.gelu %x {tanh_approximation} : tensor<?x8xf64>
  return %0 : tensor<?x8xf64>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.cmpf une, %{{.*}}, %[[Z]] : f32
// CHECK: arith.uitofp %{{.*}} : i1 to f64
// CHECK: arith.trunci %{{.*}} : i64 to i32
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: arith.sitofp %{{.*}} : i64 to f32
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: %[[ZI:.*]] = arith.constant 0 : i64
// CHECK: arith.cmpi ne, %{{.*}}, %[[ZI]] : i64
func.func @casts(%f: tensor<4xf32>, %i: tensor<4xi64>, %b: tensor<4xi1>) {
  %0 = tfcc.cast %f to i32 : tensor<4xf32>
  %1 = tfcc.cast %f to i1 : tensor<4xf32>
  %2 = tfcc.cast %b to f64 : tensor<4xi1>
  %3 = tfcc.cast %i to i32 : tensor<4xi64>
  %4 = tfcc.cast %3 to i64 : tensor<4xi32>
  %5 = tfcc.cast %i to f32 : tensor<4xi64>
  %6 = tfcc.cast %f to f64 : tensor<4xf32>
  %7 = tfcc.cast %6 to f32 : tensor<4xf64>
  %8 = tfcc.cast %b to i32 : tensor<4xi1>
  %9 = tfcc.cast %i to i1 : tensor<4xi64>
  return
}

// -----

// A cast to the same type copies the value through.
// CHECK-LABEL: func.func @cast_identity
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
func.func @cast_identity(%f: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tfcc.cast %f to f32 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (0, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to
// CHECK-SAME: (%[[X:.*]]: tensor<1x3xi64>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x4x3xi64>
// CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<1x3xi64>) outs(%[[INIT]] : tensor<2x4x3xi64>)
// CHECK: ^bb0(%[[E:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT: linalg.yield %[[E]] : i64
func.func @broadcast_to(%x: tensor<1x3xi64>) -> tensor<2x4x3xi64> {
  %0 = tfcc.broadcast_to %x [2, 4, 3] : tensor<1x3xi64>
  return %0 : tensor<2x4x3xi64>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: return %[[C]] : tensor<2xf32>
func.func @constant() -> tensor<2xf32> {
  %0 = tfcc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Ops of other families are left alone.
// CHECK-LABEL: func.func @partial
// CHECK: %[[M:.*]] = tfcc.matmul
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[M]] : tensor<2x4xf32>)
// CHECK: arith.maximumf
// CHECK: tfcc.reduce_sum
func.func @partial(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2xf32> {
  %0 = tfcc.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32>
  %1 = tfcc.relu %0 : tensor<2x4xf32>
  %2 = tfcc.reduce_sum %1 axes = [1] : tensor<2x4xf32>
  return %2 : tensor<2xf32>
}

// -----

// Rounding, trigonometric and hyperbolic ops map onto math ops one to one.
// CHECK-LABEL: func.func @math_unary
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.roundeven
// CHECK: math.sin
// CHECK: math.cos
// CHECK: math.tan
// CHECK: math.asin
// CHECK: math.acos
// CHECK: math.atan
// CHECK: math.sinh
// CHECK: math.cosh
// CHECK: math.asinh
// CHECK: math.acosh
// CHECK: math.atanh
func.func @math_unary(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tfcc.floor %x : tensor<?xf32>
  %1 = tfcc.ceil %0 : tensor<?xf32>
  %2 = tfcc.round %1 : tensor<?xf32>
  %3 = tfcc.sin %2 : tensor<?xf32>
  %4 = tfcc.cos %3 : tensor<?xf32>
  %5 = tfcc.tan %4 : tensor<?xf32>
  %6 = tfcc.asin %5 : tensor<?xf32>
  %7 = tfcc.acos %6 : tensor<?xf32>
  %8 = tfcc.atan %7 : tensor<?xf32>
  %9 = tfcc.sinh %8 : tensor<?xf32>
  %10 = tfcc.cosh %9 : tensor<?xf32>
  %11 = tfcc.asinh %10 : tensor<?xf32>
  %12 = tfcc.acosh %11 : tensor<?xf32>
  %13 = tfcc.atanh %12 : tensor<?xf32>
  return %13 : tensor<?xf32>
}

// -----

// softplus(x) = max(x, 0) + log1p(exp(-|x|)), which cannot overflow;
// reciprocal is 1 / x.
// CHECK-LABEL: func.func @softplus_reciprocal
// CHECK: ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[ABS:.*]] = math.absf %[[X]] : f64
// CHECK: %[[NABS:.*]] = arith.negf %[[ABS]] : f64
// CHECK: %[[E:.*]] = math.exp %[[NABS]] : f64
// CHECK: %[[L:.*]] = math.log1p %[[E]] : f64
// CHECK: %[[M:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f64
// CHECK: %[[S:.*]] = arith.addf %[[M]], %[[L]] : f64
// CHECK: linalg.yield %[[S]] : f64
// CHECK: ^bb0(%[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: arith.divf %[[ONE]], %[[Y]] : f64
func.func @softplus_reciprocal(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = tfcc.softplus %x : tensor<4xf64>
  %1 = tfcc.reciprocal %0 : tensor<4xf64>
  return %1 : tensor<4xf64>
}

// -----

// sign selects -1 / 1 and keeps zeros (and NaN) as they are; on integers
// it selects among -1, 0 and 1.
// CHECK-LABEL: func.func @sign
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[X]], %{{.*}} : f32
// CHECK: %[[NEG:.*]] = arith.select %[[LT]], %{{.*}}, %[[X]] : f32
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %{{.*}} : f32
// CHECK: arith.select %[[GT]], %{{.*}}, %[[NEG]] : f32
// CHECK: ^bb0(%[[I:.*]]: i32, %{{.*}}: i32):
// CHECK: arith.cmpi slt, %[[I]], %{{.*}} : i32
// CHECK: arith.cmpi sgt, %[[I]], %{{.*}} : i32
func.func @sign(%x: tensor<3xf32>, %i: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>) {
  %0 = tfcc.sign %x : tensor<3xf32>
  %1 = tfcc.sign %i : tensor<3xi32>
  return %0, %1 : tensor<3xf32>, tensor<3xi32>
}

// -----

// is_nan is an unordered self-comparison, is_inf compares |x| with inf.
// CHECK-LABEL: func.func @classify
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i1):
// CHECK: arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: ^bb0(%[[Y:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: %[[ABS:.*]] = math.absf %[[Y]] : f32
// CHECK: arith.cmpf oeq, %[[ABS]], %[[INF]] : f32
func.func @classify(%x: tensor<?xf32>) -> (tensor<?xi1>, tensor<?xi1>) {
  %0 = tfcc.is_nan %x : tensor<?xf32>
  %1 = tfcc.is_inf %x : tensor<?xf32>
  return %0, %1 : tensor<?xi1>, tensor<?xi1>
}

// -----

// mod is the truncated remainder, by 1 where the divisor is 0 or -1 so that
// it never traps (the result is then 0); floor_mod moves a non-zero
// remainder whose sign differs from the divisor's by adding the divisor.
// CHECK-LABEL: func.func @remainders
// CHECK: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[IS0:.*]] = arith.cmpi eq, %[[B]], %{{.*}} : i32
// CHECK: %[[ISM1:.*]] = arith.cmpi eq, %[[B]], %{{.*}} : i32
// CHECK: %[[SPECIAL:.*]] = arith.ori %[[IS0]], %[[ISM1]] : i1
// CHECK: %[[SAFE:.*]] = arith.select %[[SPECIAL]], %[[ONE]], %[[B]] : i32
// CHECK: arith.remsi %[[A]], %[[SAFE]] : i32
// CHECK: ^bb0(%[[C:.*]]: i32, %[[D:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[SAFE2:.*]] = arith.select %{{.*}}, %{{.*}}, %[[D]] : i32
// CHECK: %[[R:.*]] = arith.remsi %[[C]], %[[SAFE2]] : i32
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[R]], %{{.*}} : i32
// CHECK: %[[RNEG:.*]] = arith.cmpi slt, %[[R]], %{{.*}} : i32
// CHECK: %[[DNEG:.*]] = arith.cmpi slt, %[[D]], %{{.*}} : i32
// CHECK: %[[DIFF:.*]] = arith.xori %[[RNEG]], %[[DNEG]] : i1
// CHECK: %[[FIX:.*]] = arith.andi %[[NZ]], %[[DIFF]] : i1
// CHECK: %[[MOVED:.*]] = arith.addi %[[R]], %[[D]] : i32
// CHECK: arith.select %[[FIX]], %[[MOVED]], %[[R]] : i32
// CHECK: ^bb0(%[[E:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.remf %[[E]], %[[F]] : f32
// CHECK: math.copysign
func.func @remainders(%a: tensor<?x4xi32>, %b: tensor<4xi32>, %x: tensor<4xf32>) -> (tensor<?x4xi32>, tensor<?x4xi32>, tensor<4xf32>) {
  %0 = tfcc.mod %a, %b : tensor<?x4xi32>, tensor<4xi32>
  %1 = tfcc.floor_mod %a, %b : tensor<?x4xi32>, tensor<4xi32>
  %2 = tfcc.floor_mod %x, %x : tensor<4xf32>, tensor<4xf32>
  return %0, %1, %2 : tensor<?x4xi32>, tensor<?x4xi32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @logical
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: arith.xori %{{.*}}, %{{.*}} : i1
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: arith.xori %{{.*}}, %[[TRUE]] : i1
func.func @logical(%a: tensor<?x4xi1>, %b: tensor<4xi1>) -> tensor<?x4xi1> {
  %0 = tfcc.logical_and %a, %b : tensor<?x4xi1>, tensor<4xi1>
  %1 = tfcc.logical_or %0, %b : tensor<?x4xi1>, tensor<4xi1>
  %2 = tfcc.logical_xor %1, %a : tensor<?x4xi1>, tensor<?x4xi1>
  %3 = tfcc.logical_not %2 : tensor<?x4xi1>
  return %3 : tensor<?x4xi1>
}

// -----

// Where the lowering takes a size from one operand, a dynamic size of
// another must agree at run time: two dynamic dims, and a dynamic dim
// against a static one. The messages name the op's line and the operands.
// CHECK-LABEL: func.func @broadcast_checks
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?xf32>, %[[C:.*]]: tensor<3x1xf32>)
// CHECK: %[[A1:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x?xf32>
// CHECK: %[[B0:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?xf32>
// CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[B0]], %[[A1]] : index
// CHECK: tfcc.assert %[[SAME]], "{{.*}}.mlir:[[@LINE+11]]:8: tfcc.add: dims {0} and {1} of operands 0 and 1 do not broadcast"(%[[A1]], %[[B0]] : index, index)
// CHECK: %[[SUM:.*]] = linalg.generic
// CHECK: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[S0:.*]] = tensor.dim %[[SUM]], %{{.*}} : tensor<?x?xf32>
// CHECK: %[[IS3:.*]] = arith.cmpi eq, %[[S0]], %[[C3]] : index
// CHECK: tfcc.assert %[[IS3]], "{{.*}}.mlir:[[@LINE+7]]:8: tfcc.mul: dims {0} and {1} of operands 0 and 1 do not broadcast"(%[[S0]], %[[C3]] : index, index)
// CHECK: linalg.generic
// CHECK-NOT: tfcc.assert
// CHECK: return
func.func @broadcast_checks(%a: tensor<?x?xf32>, %b: tensor<?xf32>,
                            %c: tensor<3x1xf32>) -> tensor<3x?xf32> {
  %0 = tfcc.add %a, %b : tensor<?x?xf32>, tensor<?xf32>
  %1 = tfcc.mul %0, %c : tensor<?x?xf32>, tensor<3x1xf32>
  return %1 : tensor<3x?xf32>
}

// -----

// Integer division and remainder check their divisor inside the loop body.
// CHECK-LABEL: func.func @int_division_checks
// CHECK: ^bb0(%{{.*}}: i32, %[[D:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[D]], %[[Z]] : i32
// CHECK: tfcc.assert %[[NZ]], "{{.*}}: tfcc.div: integer division by zero"
// CHECK: arith.divsi
// CHECK: tfcc.assert %{{.*}}, "{{.*}}: tfcc.floor_mod: integer division by zero"
// CHECK-NOT: tfcc.assert
// CHECK: return
func.func @int_division_checks(%a: tensor<4xi32>, %b: tensor<4xi32>, %f: tensor<4xf32>)
    -> (tensor<4xi32>, tensor<4xi32>, tensor<4xf32>) {
  %0 = tfcc.div %a, %b : tensor<4xi32>, tensor<4xi32>
  %1 = tfcc.floor_mod %a, %b : tensor<4xi32>, tensor<4xi32>
  %2 = tfcc.div %f, %f : tensor<4xf32>, tensor<4xf32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xf32>
}
