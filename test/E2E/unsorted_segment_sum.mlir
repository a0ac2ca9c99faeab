// tfcc.unsorted_segment_sum against a numpy reference (np.add.at over the
// ids in [0, num_segments); negative ones are dropped, as in TensorFlow,
// and larger ones are errors, test/API/runtime-checks.test):
// message passing of [E,4] f32 rows into 5 segments with i32 ids drawn
// from [-2, 5) (so negative ids occur), 2-D i64 ids over an
// i64 [E,2,3] tensor, rank-0 rows (f64 data of the ids' shape), i32 data,
// a rank-0 id (the whole [4] tensor is one row), and E = 0 (all segments
// 0). Float sums are referenced in f64 and rounded;
// integer sums are exact.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-INPUT: msg f32 [E,4] normal(0, 1)
// E2E-INPUT: dst i32 [E] randint(-2, 5)
// E2E-INPUT: big i64 [E,2,3] randint(-2**40, 2**40)
// E2E-INPUT: ids2 i64 [E,2] randint(-1, 3)
// E2E-INPUT: w f64 [E] normal(0, 10)
// E2E-INPUT: cnt i32 [E,2] randint(-100, 100)
// E2E-INPUT: row f32 [4] normal(0, 1)
// E2E-INPUT: one i32 [] randint(-1, 5)
// E2E-CASE: E=1 | E=7 | E=64 | E=0
// E2E-REF: def seg(data, ids, n):
// E2E-REF:     acc = np.zeros((n,) + data.shape[ids.ndim:], dtype=np.float64 if data.dtype.kind == "f" else data.dtype)
// E2E-REF:     keep = (ids >= 0) & (ids < n)
// E2E-REF:     np.add.at(acc, ids[keep], data[keep].astype(acc.dtype))
// E2E-REF:     return acc.astype(data.dtype)
// E2E-REF: nodes = seg(msg, dst, 5)
// E2E-REF: nodes_i64 = seg(big, ids2, 3)
// E2E-REF: scalars = seg(w, dst, 6)
// E2E-REF: counts = seg(cnt, dst, 5)
// E2E-REF: single = seg(row, one, 5)
func.func @e2e_unsorted_segment_sum(%msg: tensor<?x4xf32> {tfcc.name = "msg"},
                                    %dst: tensor<?xi32> {tfcc.name = "dst"},
                                    %big: tensor<?x2x3xi64> {tfcc.name = "big"},
                                    %ids2: tensor<?x2xi64> {tfcc.name = "ids2"},
                                    %w: tensor<?xf64> {tfcc.name = "w"},
                                    %cnt: tensor<?x2xi32> {tfcc.name = "cnt"},
                                    %row: tensor<4xf32> {tfcc.name = "row"},
                                    %one: tensor<i32> {tfcc.name = "one"})
    -> (tensor<5x4xf32> {tfcc.name = "nodes"},
        tensor<3x3xi64> {tfcc.name = "nodes_i64"},
        tensor<6xf64> {tfcc.name = "scalars"},
        tensor<5x2xi32> {tfcc.name = "counts"},
        tensor<5x4xf32> {tfcc.name = "single"}) {
  %0 = tfcc.unsorted_segment_sum %msg, %dst {num_segments = 5 : i64} : tensor<?x4xf32>, tensor<?xi32>
  %1 = tfcc.unsorted_segment_sum %big, %ids2 {num_segments = 3 : i64} : tensor<?x2x3xi64>, tensor<?x2xi64>
  %2 = tfcc.unsorted_segment_sum %w, %dst {num_segments = 6 : i64} : tensor<?xf64>, tensor<?xi32>
  %3 = tfcc.unsorted_segment_sum %cnt, %dst {num_segments = 5 : i64} : tensor<?x2xi32>, tensor<?xi32>
  %4 = tfcc.unsorted_segment_sum %row, %one {num_segments = 5 : i64} : tensor<4xf32>, tensor<i32>
  return %0, %1, %2, %3, %4
      : tensor<5x4xf32>, tensor<3x3xi64>, tensor<6xf64>, tensor<5x2xi32>,
        tensor<5x4xf32>
}
