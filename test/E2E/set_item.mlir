// What loops carry, against numpy: tfcc.dim and tfcc.zeros size a buffer
// from the input's dynamic dims, a tfcc.while fills it one row at a time
// with tfcc.set_item (running maxima of x's rows, read with tfcc.gather),
// and tfcc.expand_dims / tfcc.squeeze move unit dims around two dynamic
// dims. One instance runs every case.
// RUN: %python %e2e/run_e2e.py --cc %cc %s %t
//
// E2E-OPTIONS: one-instance
// E2E-INPUT: x f32 [T,N] normal(0, 1)
// E2E-CASE: T=1 N=3 | T=7 N=1 | T=40 N=17 | T=2 N=5
// E2E-REF: running = np.maximum.accumulate(x, axis=0)
// E2E-REF: rows = np.array(x.shape[0], np.int64)
// E2E-REF: expanded = x.reshape(x.shape[0], 1, x.shape[1])
// E2E-REF: squeezed = x * 2
func.func @e2e_set_item(%x: tensor<?x?xf32> {tfcc.name = "x"})
    -> (tensor<?x?xf32> {tfcc.name = "running"},
        tensor<i64> {tfcc.name = "rows"},
        tensor<?x1x?xf32> {tfcc.name = "expanded"},
        tensor<?x?xf32> {tfcc.name = "squeezed"}) {
  %t = tfcc.dim %x axis = 0 : tensor<?x?xf32>
  %n = tfcc.dim %x axis = 1 : tensor<?x?xf32>
  %zero = tfcc.constant dense<0> : tensor<i64>
  %one = tfcc.constant dense<1> : tensor<i64>
  %buf = tfcc.zeros(%t, %n) : tensor<?x?xf32>
  %first = tfcc.gather %x, %zero : tensor<?x?xf32>, tensor<i64>
  %r:3 = tfcc.while (%zero, %first, %buf)
      : (tensor<i64>, tensor<?xf32>, tensor<?x?xf32>)
        -> (tensor<i64>, tensor<?xf32>, tensor<?x?xf32>)
  cond {
  ^bb0(%i: tensor<i64>, %m: tensor<?xf32>, %b: tensor<?x?xf32>):
    %p = tfcc.less %i, %t : tensor<i64>, tensor<i64>
    tfcc.yield %p : tensor<i1>
  } do {
  ^bb0(%i: tensor<i64>, %m: tensor<?xf32>, %b: tensor<?x?xf32>):
    %row = tfcc.gather %x, %i : tensor<?x?xf32>, tensor<i64>
    %m1 = tfcc.maximum %m, %row : tensor<?xf32>, tensor<?xf32>
    %b1 = tfcc.set_item %b[%i], %m1 : tensor<?x?xf32>, tensor<i64>, tensor<?xf32>
    %i1 = tfcc.add %i, %one : tensor<i64>, tensor<i64>
    tfcc.yield %i1, %m1, %b1 : tensor<i64>, tensor<?xf32>, tensor<?x?xf32>
  }
  %e = tfcc.expand_dims %x axes = [1] : tensor<?x?xf32>
  %two = tfcc.add %e, %e : tensor<?x1x?xf32>, tensor<?x1x?xf32>
  %s = tfcc.squeeze %two axes = [1] : tensor<?x1x?xf32>
  return %r#2, %t, %e, %s : tensor<?x?xf32>, tensor<i64>, tensor<?x1x?xf32>, tensor<?x?xf32>
}
