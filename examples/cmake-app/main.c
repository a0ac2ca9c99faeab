/* Runs two models compiled by tfcc_add_model and checks them against the
 * same arithmetic written as plain C loops. */
#include "dense.h"
#include "scale.h"

#include <math.h>
#include <stdio.h>

#define BATCH 4

static const float kScaleW[3] = {2.0f, -1.0f, 0.5f};
static const float kScaleB[3] = {1.0f, 2.0f, 3.0f};
static const float kDenseW[3][2] = {{1.0f, -2.0f}, {0.5f, 0.25f}, {-1.5f, 3.0f}};
static const float kDenseB[2] = {0.5f, -0.5f};

/* Binds x, runs, and returns the first output's data (owned by the model). */
static const float *run(tfcc_status (*create)(tfcc_model **), tfcc_model **m,
                        const float *x, const char *name) {
  const int64_t dims[2] = {BATCH, 3};
  const void *y = NULL;
  tfcc_status s = create(m);
  if (!s)
    s = tfcc_model_bind_input(*m, 0, x, 2, dims);
  if (!s)
    s = tfcc_model_run(*m);
  if (!s)
    s = tfcc_model_output_data(*m, 0, &y);
  if (s) {
    fprintf(stderr, "%s: %s\n", name, tfcc_status_message(s));
    tfcc_status_free(s);
    return NULL;
  }
  return y;
}

int main(void) {
  float x[BATCH][3];
  for (int i = 0; i < BATCH; ++i)
    for (int j = 0; j < 3; ++j)
      x[i][j] = (float)(i * 3 + j) * 0.5f - 2.0f;

  tfcc_model *scale = NULL, *dense = NULL;
  const float *ys = run(scale_create, &scale, &x[0][0], "scale");
  const float *yd = run(dense_create, &dense, &x[0][0], "dense");
  int failures = 0;
  if (!ys || !yd)
    failures = 1;

  for (int i = 0; !failures && i < BATCH; ++i) {
    for (int j = 0; j < 3; ++j) {
      float want = x[i][j] * kScaleW[j] + kScaleB[j];
      if (fabsf(ys[i * 3 + j] - want) > 1e-5f) {
        printf("scale y[%d][%d] = %g, want %g\n", i, j, ys[i * 3 + j], want);
        ++failures;
      }
    }
    for (int j = 0; j < 2; ++j) {
      float want = kDenseB[j];
      for (int k = 0; k < 3; ++k)
        want += x[i][k] * kDenseW[k][j];
      if (fabsf(yd[i * 2 + j] - want) > 1e-5f) {
        printf("dense y[%d][%d] = %g, want %g\n", i, j, yd[i * 2 + j], want);
        ++failures;
      }
    }
  }
  if (!failures)
    printf("scale y[%d][2] = %.4f, dense y[%d][1] = %.4f\n", BATCH - 1,
           ys[(BATCH - 1) * 3 + 2], BATCH - 1, yd[(BATCH - 1) * 2 + 1]);
  tfcc_model_destroy(scale);
  tfcc_model_destroy(dense);
  printf("%s\n", failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
