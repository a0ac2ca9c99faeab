/* Runs the MLP compiled by tfcc and prints its outputs beside numpy's. */
#include "mlp.h"
#include "reference.h"

#include <math.h>
#include <stdio.h>

static int check(tfcc_status s, const char *what) {
  if (!s)
    return 1;
  fprintf(stderr, "%s failed: %s\n", what, tfcc_status_message(s));
  tfcc_status_free(s);
  return 0;
}

int main(void) {
  tfcc_model *model = NULL;
  if (!check(mlp_create(&model), "mlp_create"))
    return 1;

  /* The batch dimension is dynamic: bind a batch of MLP_BATCH rows. */
  const int64_t dims[2] = {MLP_BATCH, MLP_IN};
  int ok = check(tfcc_model_bind_input(model, 0, mlp_input, 2, dims), "bind x") &&
           check(tfcc_model_run(model), "run");
  const void *data = NULL;
  int64_t rank = 0;
  const int64_t *out_dims = NULL;
  ok = ok && check(tfcc_model_output_data(model, 0, &data), "output y") &&
       check(tfcc_model_output_dims(model, 0, &rank, &out_dims), "dims y");
  if (!ok) {
    tfcc_model_destroy(model);
    return 1;
  }

  const float *y = data;
  double max_err = 0;
  printf("y: [%lld, %lld]\n", (long long)out_dims[0], (long long)out_dims[1]);
  printf("%4s %4s %12s %12s %10s\n", "row", "col", "tfcc", "numpy", "abs err");
  for (int64_t i = 0; i < out_dims[0]; ++i)
    for (int64_t j = 0; j < out_dims[1]; ++j) {
      double got = y[i * MLP_OUT + j], want = mlp_reference[i * MLP_OUT + j];
      double err = fabs(got - want);
      if (err > max_err)
        max_err = err;
      printf("%4lld %4lld %12.8f %12.8f %10.2e\n", (long long)i, (long long)j,
             got, want, err);
    }
  int pass = max_err <= 1e-5 && rank == 2 && out_dims[0] == MLP_BATCH;
  tfcc_model_destroy(model);
  printf("max abs error %.3e (tolerance 1e-5): %s\n", max_err,
         pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
