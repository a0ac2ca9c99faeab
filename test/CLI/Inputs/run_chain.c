/* Runs Inputs/chain.mlir (libchain.a) once and prints its output bit-exactly
 * (%a), then "ok"; codegen-threads.test compares the prints of two builds. */
#include "chain.h"

#include <stdio.h>

int main(void) {
  tfcc_model *m = NULL;
  if (chain_create(&m))
    return 1;
  float x[4 * 8], w[8 * 8];
  for (int i = 0; i < 4 * 8; ++i)
    x[i] = (float)(i % 7) * 0.25f - 0.75f;
  for (int i = 0; i < 8 * 8; ++i)
    w[i] = (float)(i % 5) * 0.125f - 0.25f;
  int64_t xd[2] = {4, 8}, wd[2] = {8, 8};
  const void *y = NULL;
  if (tfcc_model_bind_input(m, 0, x, 2, xd) ||
      tfcc_model_bind_input(m, 1, w, 2, wd) || tfcc_model_run(m) ||
      tfcc_model_output_data(m, 0, &y))
    return 1;
  for (int i = 0; i < 4 * 8; ++i)
    printf("%a\n", (double)((const float *)y)[i]);
  printf("ok\n");
  tfcc_model_destroy(m);
  return 0;
}
