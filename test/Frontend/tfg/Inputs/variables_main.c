/* Runs the `variables` graph twice and prints its outputs and variables. */
#include "run.h"

#include <stdio.h>

static int ok(tfcc_status s) {
  if (s == NULL)
    return 1;
  printf("error: %s\n", tfcc_status_message(s));
  tfcc_status_free(s);
  return 0;
}

int main(void) {
  tfcc_model *m;
  const char *v0, *v1;
  int run;
  if (!ok(run_create(&m)) ||
      !ok(tfcc_model_variable_info(m, 0, &v0, NULL, NULL, NULL)) ||
      !ok(tfcc_model_variable_info(m, 1, &v1, NULL, NULL, NULL)))
    return 1;
  printf("variables: %s %s\n", v0, v1);
  for (run = 1; run <= 2; ++run) {
    const void *o[3];
    void *v, *step;
    const float *b, *a, *vv;
    int k;
    if (!ok(tfcc_model_run(m)))
      return 1;
    for (k = 0; k < 3; ++k)
      if (!ok(tfcc_model_output_data(m, k, &o[k])))
        return 1;
    if (!ok(tfcc_model_variable_data(m, 0, &v)) ||
        !ok(tfcc_model_variable_data(m, 1, &step)))
      return 1;
    b = (const float *)o[0];
    a = (const float *)o[1];
    vv = (const float *)o[2];
    printf("run %d: before %g %g after %g %g v %g %g | v %g %g step %lld\n",
           run, b[0], b[1], a[0], a[1], vv[0], vv[1], ((float *)v)[0],
           ((float *)v)[1], (long long)*(int64_t *)step);
  }
  tfcc_model_destroy(m);
  return 0;
}
