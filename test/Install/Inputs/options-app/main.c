/* Runs the three models of the options app and checks them against the
 * same arithmetic written as plain C loops. */
#include "affine.h"
#include "gemm.h"
#include "part.h"

#include <math.h>
#include <stdio.h>

#define BATCH 2

static const float kGemmW[3][2] = {{1.0f, -1.0f}, {0.5f, 2.0f}, {-2.0f, 0.25f}};
static const float kGemmB[2] = {0.5f, -0.5f};

/* Creates a model, binds a [BATCH, cols] input and runs it; returns output
 * 0's data (owned by the model) after checking it has `out_cols` columns. */
static const float *run(tfcc_status (*create)(tfcc_model **), tfcc_model **m,
                        const float *x, int64_t cols, int64_t out_cols,
                        const char *name) {
  const int64_t dims[2] = {BATCH, cols};
  const void *y = NULL;
  int64_t rank = 0;
  const int64_t *ydims = NULL;
  tfcc_status s = create(m);
  if (!s)
    s = tfcc_model_bind_input(*m, 0, x, 2, dims);
  if (!s)
    s = tfcc_model_run(*m);
  if (!s)
    s = tfcc_model_output_data(*m, 0, &y);
  if (!s)
    s = tfcc_model_output_dims(*m, 0, &rank, &ydims);
  if (s) {
    printf("%s: %s\n", name, tfcc_status_message(s));
    tfcc_status_free(s);
    return NULL;
  }
  if (rank != 2 || ydims[0] != BATCH || ydims[1] != out_cols) {
    printf("%s: unexpected output shape\n", name);
    return NULL;
  }
  return y;
}

static int expect(const char *name, int i, int j, float got, float want) {
  if (fabsf(got - want) <= 1e-5f)
    return 0;
  printf("%s y[%d][%d] = %g, want %g\n", name, i, j, got, want);
  return 1;
}

int main(void) {
  float x[BATCH][3];
  for (int i = 0; i < BATCH; ++i)
    for (int j = 0; j < 3; ++j)
      x[i][j] = (float)(i * 3 + j) * 0.75f - 2.0f;
  /* part's input is the graph's h, which has 2 columns. */
  const float h[BATCH][2] = {{1.5f, -2.0f}, {0.0f, 4.25f}};

  tfcc_model *affine = NULL, *part = NULL, *gemm = NULL;
  const float *ya = run(affine_create, &affine, &x[0][0], 3, 3, "affine");
  const float *yp = run(part_create, &part, &h[0][0], 2, 2, "part");
  const float *yg = run(gemm_create, &gemm, &x[0][0], 3, 2, "gemm");
  int failures = !ya || !yp || !yg;

  /* The names come from the options: part's input is h, its output y. */
  const char *in = NULL, *out = NULL;
  if (!failures && (tfcc_model_input_info(part, 0, &in, NULL, NULL, NULL) ||
                    tfcc_model_output_info(part, 0, &out, NULL, NULL, NULL)))
    failures = 1;
  if (!failures)
    printf("part: input %s, output %s\n", in, out);

  for (int i = 0; !failures && i < BATCH; ++i) {
    for (int j = 0; j < 3; ++j)
      failures += expect("affine", i, j, ya[i * 3 + j], 2.0f * x[i][j] + 1.0f);
    for (int j = 0; j < 2; ++j)
      failures += expect("part", i, j, yp[i * 2 + j], 3.0f * h[i][j]);
    for (int j = 0; j < 2; ++j) {
      float want = kGemmB[j];
      for (int k = 0; k < 3; ++k)
        want += x[i][k] * kGemmW[k][j];
      failures += expect("gemm", i, j, yg[i * 2 + j], want);
    }
  }
  tfcc_model_destroy(affine);
  tfcc_model_destroy(part);
  tfcc_model_destroy(gemm);
  printf("%s\n", failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
