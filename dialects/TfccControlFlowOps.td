//===- TfccControlFlowOps.td - conditionals and loops --------*- tablegen -*-===//
//
// TensorFlow's functional control flow (If and While, which tf.cond and
// tf.while_loop build): ops with regions, lowered to scf.if and scf.while.
// Included from TfccOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_CONTROL_FLOW_OPS_TD
#define TFCC_CONTROL_FLOW_OPS_TD

include "mlir/Interfaces/ControlFlowInterfaces.td"

// A rank-0 boolean tensor: what a condition yields.
def Tfcc_Predicate : 0DTensorOf<[I1]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI1Type())">;
// A rank-0 i64 tensor: a size.
def Tfcc_Size : 0DTensorOf<[I64]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI64Type())">;

def Tfcc_YieldOp : Tfcc_Op<"yield", [Pure, Terminator, ReturnLike,
                                     ParentOneOf<["CondOp", "WhileOp"]>]> {
  let summary = "Ends a region of tfcc.cond or tfcc.while";
  let description = [{
    Yields the values of a branch of `tfcc.cond`, the predicate of a
    `tfcc.while`'s condition, or the next values of its loop variables.
  }];
  let arguments = (ins Variadic<Tfcc_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

def Tfcc_CondOp : Tfcc_Op<"cond", [RecursiveMemoryEffects, NoRegionArguments]> {
  let summary = "Runs one of two regions, as a rank-0 boolean says";
  let description = [{
    TensorFlow's `If` (`tf.cond`): runs `then_branch` when `pred` is true,
    `else_branch` otherwise, and produces what the branch that ran yields.
    Only the ops of that branch run. Both branches yield values of the
    result types' element types and ranks; a static dimension of a result
    is that size in both branches, a dimension that differs between them
    is dynamic. The branches may use any value defined above them.

    ```mlir
    %r = tfcc.cond %p -> (tensor<?xf32>) {
      tfcc.yield %a : tensor<4xf32>
    } else {
      tfcc.yield %b : tensor<?xf32>
    }
    ```
  }];
  let arguments = (ins Tfcc_Predicate:$pred);
  let results = (outs Variadic<Tfcc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$then_branch,
                        SizedRegion<1>:$else_branch);
  let assemblyFormat = [{
    $pred (`->` `(` type($results)^ `)`)? $then_branch `else` $else_branch
    attr-dict
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    YieldOp getThenYield();
    YieldOp getElseYield();
  }];
}

def Tfcc_WhileOp : Tfcc_Op<"while", [RecursiveMemoryEffects,
                                     AttrSizedOperandSegments]> {
  let summary = "Repeats a region while a condition holds";
  let description = [{
    TensorFlow's `While` (`tf.while_loop`): the loop variables start as
    `inits`; while `cond`, given the loop variables, yields true (and
    fewer than `maximum_iterations` iterations have run, when it is
    given), `body` computes their next values. The results are the loop
    variables when the loop ends.

    Both regions take one argument per loop variable, of the result types;
    `cond` yields a rank-0 `i1`, `body` the next values. The result types
    are the loop variables' types across all iterations, TensorFlow's
    shape invariants: each init and each value the body yields has the
    result's element type and rank, and a static dimension of a result is
    that size in all of them; a dimension that changes from one iteration
    to the next is dynamic. Importers widen it so. The regions may use any
    value defined above the loop.

    ```mlir
    %n, %x = tfcc.while (%n0, %x0) max %m : tensor<i32>
        : (tensor<i32>, tensor<4xf32>) -> (tensor<i32>, tensor<4xf32>)
    cond {
    ^bb0(%i: tensor<i32>, %v: tensor<4xf32>):
      %p = tfcc.less %i, %ten : tensor<i32>, tensor<i32>
      tfcc.yield %p : tensor<i1>
    } do {
    ^bb0(%i: tensor<i32>, %v: tensor<4xf32>):
      ...
      tfcc.yield %i1, %v1 : tensor<i32>, tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<Tfcc_Tensor>:$inits,
                       Optional<0DTensorOf<[I32, I64]>>:$maximum_iterations);
  let results = (outs Variadic<Tfcc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$cond, SizedRegion<1>:$body);
  let assemblyFormat = [{
    ` ` `(` $inits `)` (`max` $maximum_iterations^ `:` type($maximum_iterations))?
    attr-dict `:` functional-type($inits, $results) `cond` $cond `do` $body
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    YieldOp getCondYield();
    YieldOp getBodyYield();
  }];
}

//===----------------------------------------------------------------------===//
// What loops carry: sizes, fresh buffers and per-iteration items
//===----------------------------------------------------------------------===//

def Tfcc_DimOp : Tfcc_Op<"dim", [Pure]> {
  let summary = "The size of one dimension, as a rank-0 i64 tensor";
  let description = [{
    The size of dimension `axis` (in `[0, rank)`) of `input`: a loop's trip
    count, the size of a buffer a loop fills. A static size folds to a
    constant.

    ```mlir
    %t = tfcc.dim %x axis = 0 : tensor<?x4x8xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$input, I64Attr:$axis);
  let results = (outs Tfcc_Size:$result);
  let assemblyFormat = "$input `axis` `=` $axis attr-dict `:` type($input)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Tfcc_ZerosOp : Tfcc_Op<"zeros", [Pure]> {
  let summary = "A tensor of zeros whose dynamic sizes are given";
  let description = [{
    A tensor of the result type filled with zeros; one rank-0 `i64` operand
    per dynamic dimension of the result, in order, gives its size. A
    negative size ends the run with an error.

    ```mlir
    %acc = tfcc.zeros(%t, %b) : tensor<?x?x64xf32>
    ```
  }];
  let arguments = (ins Variadic<Tfcc_Size>:$dynamic_sizes);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = "`(` $dynamic_sizes `)` attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tfcc_SetItemOp : Tfcc_Op<"set_item",
    [Pure, AllTypesMatch<["list", "result"]>]> {
  let summary = "Replaces one slice along dimension 0";
  let description = [{
    The result is `list` with `list[index] = item` (TensorFlow's
    `TensorListSetItem`, XLA's `DynamicUpdateSlice` of one row): `item` has
    the shape of `list` without its first dimension. A loop fills its
    outputs this way, one iteration's slice at a time; bufferization writes
    it in place when `list` is not used afterwards. `index` lies in
    `[0, n)` for a first dimension of size `n`, and a dynamic size of `item`
    must equal `list`'s, or the run ends with an error (run-time checks).

    ```mlir
    %y1 = tfcc.set_item %y[%t], %h : tensor<?x4x64xf32>, tensor<i64>, tensor<4x64xf32>
    ```
  }];
  let arguments = (ins Tfcc_Tensor:$list, 0DTensorOf<[I32, I64]>:$index,
                       Tfcc_Tensor:$item);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = [{
    $list `[` $index `]` `,` $item attr-dict `:` type($list) `,` type($index)
    `,` type($item)
  }];
  let hasVerifier = 1;
}

#endif // TFCC_CONTROL_FLOW_OPS_TD
