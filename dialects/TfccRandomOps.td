//===- TfccRandomOps.td - pseudo-random numbers --------------*- tablegen -*-===//
//
// TensorFlow's stateful random ops, on a counter-based generator.
// Included from TfccOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_RANDOM_OPS_TD
#define TFCC_RANDOM_OPS_TD

// The generator state of a run: a `tfcc.random` without a counter reads and
// advances it, so such ops are neither merged nor reordered against each
// other. `tfcc-thread-random-state` makes the state an explicit counter.
def Tfcc_RandomResource : Resource<"::mlir::tfcc::RandomResource">;

def Tfcc_RandomOp : Tfcc_Op<"random", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    AttrSizedOperandSegments]> {
  let summary = "Pseudo-random numbers (Philox-4x32-10)";
  let description = [{
    A tensor of the result type whose elements are drawn independently from
    `distribution`:

    - `"uniform"`: floats in `[0, 1)`;
    - `"normal"`: standard normal floats (Box-Muller);
    - `"truncated_normal"`: standard normal floats conditioned on
      `|x| < 2`, TensorFlow's `TruncatedNormal` (the inverse CDF of a
      uniform draw between the two bounds' CDF values);
    - `"bits"`: uniformly random integers of the element type (`i32` or
      `i64`), all bit patterns equally likely.

    One rank-0 `i64` operand per dynamic dimension of the result, in order,
    gives its size; a negative size ends the run with an error.

    The numbers come from the counter-based generator Philox-4x32-10
    (Salmon et al., SC'11; what TensorFlow and JAX use). The element at
    row-major position `i` is a function of the block computed with key
    `(lo(seed) ^ hi(seed2), lo(seed2) ^ hi(seed))` and counter
    `(lo(i), hi(i), lo(c), hi(c))`, where `lo`/`hi` are the 32-bit halves
    and `c` is the execution counter: so the values do not depend on how the
    code is tiled, vectorized or split across threads. `f32` takes word 0
    (uniform, truncated normal) or words 0 and 1 (normal); `f64` takes
    words 0-1 (uniform, truncated normal) or 0-3 (normal).

    Without `counter` the op is stateful, as in a TensorFlow graph: each
    execution gets the next value of the model's generator state, so every
    run (and every loop iteration) draws new numbers.
    `tfcc-thread-random-state` gives each op its counter explicitly, after
    which the op is a pure function of its operands, so recomputing it
    (autodiff in loops) gives the same numbers.

    ```mlir
    %u = tfcc.random "uniform" (%batch) seed (87654321, 3) : tensor<?x128xf32>
    %n = tfcc.random "normal" () counter %c seed (1, 2) : tensor<4x4xf64>
    ```
  }];
  let arguments = (ins StrAttr:$distribution, I64Attr:$seed, I64Attr:$seed2,
                       Variadic<Tfcc_Size>:$dynamic_sizes,
                       Optional<Tfcc_Size>:$counter);
  let results = (outs Tfcc_Tensor:$result);
  let assemblyFormat = [{
    $distribution `(` $dynamic_sizes `)` (`counter` $counter^)?
    `seed` `(` $seed `,` $seed2 `)` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

#endif // TFCC_RANDOM_OPS_TD
