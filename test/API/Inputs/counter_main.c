/* Runs the compiled counter model through the C API: variables persist
 * across runs, instances are independent, reset and checkpoints work. */
#include "accumulate.h"

#include <stdio.h>
#include <string.h>

static int check(tfcc_status s, const char *what) {
  if (s == NULL)
    return 0;
  printf("%s: error: %s\n", what, tfcc_status_message(s));
  tfcc_status_free(s);
  return 1;
}

#define TRY(expr)                                                              \
  do {                                                                         \
    if (check((expr), #expr))                                                  \
      return 1;                                                                \
  } while (0)

static int dump(tfcc_model *m, const char *label) {
  void *total, *calls;
  float *t;
  TRY(tfcc_model_variable_data(m, 0, &total));
  TRY(tfcc_model_variable_data(m, 1, &calls));
  t = (float *)total;
  printf("%s: total %g %g %g calls %lld\n", label, t[0], t[1], t[2],
         (long long)*(int64_t *)calls);
  return 0;
}

int main(int argc, char **argv) {
  tfcc_model *a, *b;
  const int64_t dims[1] = {3};
  float x[3] = {1, 10, 100};
  const void *y, *n;
  int64_t count, i;
  const char *name;
  int written;
  if (argc < 2)
    return 2;
  TRY(accumulate_create(&a));
  TRY(accumulate_create(&b));
  TRY(tfcc_model_num_variables(a, &count));
  for (i = 0; i < count; ++i) {
    int64_t rank;
    tfcc_dtype dtype;
    TRY(tfcc_model_variable_info(a, i, &name, &dtype, &rank, NULL));
    printf("variable %lld: %s %s rank %lld\n", (long long)i, name,
           tfcc_dtype_name(dtype), (long long)rank);
  }
  TRY(tfcc_model_bind_input(a, 0, x, 1, dims));
  for (written = 1; written <= 3; ++written) {
    const float *yf, *nf;
    TRY(tfcc_model_run(a));
    TRY(tfcc_model_output_data(a, 0, &y));
    TRY(tfcc_model_output_data(a, 1, &n));
    yf = (const float *)y;
    nf = (const float *)n;
    printf("run %d: y %g %g %g new_total %g %g %g\n", written, yf[0], yf[1],
           yf[2], nf[0], nf[1], nf[2]);
  }
  if (dump(a, "a") || dump(b, "b"))
    return 1;
  TRY(tfcc_model_save_checkpoint(a, argv[1]));
  TRY(tfcc_model_restore_checkpoint(b, argv[1]));
  if (dump(b, "b restored"))
    return 1;
  TRY(tfcc_model_reset_variables(a));
  if (dump(a, "a reset"))
    return 1;
  tfcc_model_destroy(a);
  tfcc_model_destroy(b);
  return 0;
}
