/* Runs each model of runtime_checks/ with valid inputs (checked against
 * values worked out by hand) and with each kind of violation (the error
 * status and its message, no outputs), then valid inputs again on the same
 * instance. Prints one line per run for FileCheck. */
#include "bcast.h"
#include "conv.h"
#include "gather.h"
#include "intdiv.h"
#include "matmul.h"
#include "oom.h"
#include "reshape.h"
#include "static_dim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int failures;

static void must(tfcc_status s, const char *what) {
  if (s != NULL) {
    printf("FAIL %s: %s\n", what, tfcc_status_message(s));
    tfcc_status_free(s);
    exit(1);
  }
}

static void bind(tfcc_model *m, int64_t i, const void *data, int64_t rank,
                 const int64_t *dims) {
  must(tfcc_model_bind_input(m, i, data, rank, dims), "bind");
}

/* A run that must fail: prints the code and message, and checks that no
 * output is readable afterwards. */
static void expect_error(tfcc_model *m, const char *label) {
  const tfcc_tensor *out;
  tfcc_status s = tfcc_model_run(m), o;
  if (s == NULL) {
    printf("FAIL %s: the run succeeded\n", label);
    ++failures;
    return;
  }
  printf("%s: %s: %s\n", label,
         tfcc_status_code_of(s) == TFCC_INVALID_ARGUMENT ? "INVALID_ARGUMENT"
         : tfcc_status_code_of(s) == TFCC_RESOURCE_EXHAUSTED
             ? "RESOURCE_EXHAUSTED"
             : "other code",
         tfcc_status_message(s));
  tfcc_status_free(s);
  o = tfcc_model_output(m, 0, &out);
  if (o == NULL) {
    printf("FAIL %s: outputs readable after a failed run\n", label);
    ++failures;
  }
  tfcc_status_free(o);
}

/* A run that must succeed with output `i` equal to `want` (n floats). */
static void expect_f32(tfcc_model *m, int64_t i, const float *want, int64_t n,
                       const char *label) {
  const void *data;
  int64_t rank, k, count = 1;
  const int64_t *dims;
  must(tfcc_model_run(m), label);
  must(tfcc_model_output_data(m, i, &data), label);
  must(tfcc_model_output_dims(m, i, &rank, &dims), label);
  for (k = 0; k < rank; ++k)
    count *= dims[k];
  if (count != n) {
    printf("FAIL %s: %lld elements, want %lld\n", label, (long long)count,
           (long long)n);
    ++failures;
    return;
  }
  for (k = 0; k < n; ++k) {
    if (fabsf(((const float *)data)[k] - want[k]) > 1e-6f) {
      printf("FAIL %s: element %lld is %g, want %g\n", label, (long long)k,
             ((const float *)data)[k], want[k]);
      ++failures;
      return;
    }
  }
  printf("%s: ok\n", label);
}

static void check_bcast(void) {
  tfcc_model *m;
  float a[5] = {1, 2, 3, 4, 5}, b[5] = {10, 20, 30, 40, 50};
  float want[3] = {11, 22, 33};
  int64_t three[1] = {3}, five[1] = {5};
  must(bcast_create(&m), "bcast_create");
  bind(m, 0, a, 1, five);
  bind(m, 1, b, 1, three);
  expect_error(m, "bcast 5 vs 3");
  bind(m, 0, a, 1, three);
  expect_f32(m, 0, want, 3, "bcast 3 vs 3");
  tfcc_model_destroy(m);
}

static void check_static_dim(void) {
  tfcc_model *m;
  float a[5] = {1, 1, 1, 1, 1}, want[4] = {1, 2, 3, 4};
  int64_t five[1] = {5}, four[1] = {4};
  must(static_dim_create(&m), "static_dim_create");
  bind(m, 0, a, 1, five);
  expect_error(m, "static_dim 5 vs 4");
  bind(m, 0, a, 1, four);
  expect_f32(m, 0, want, 4, "static_dim 4");
  tfcc_model_destroy(m);
}

static void check_reshape(void) {
  tfcc_model *m;
  float x[16], r[12];
  int64_t five[1] = {5}, sixteen[1] = {16}, three_rows[2] = {3, 3},
          four_rows[2] = {4, 3};
  int i;
  for (i = 0; i < 16; ++i)
    x[i] = (float)i;
  for (i = 0; i < 12; ++i)
    r[i] = (float)(100 + i);
  must(reshape_create(&m), "reshape_create");
  bind(m, 0, x, 1, five);
  bind(m, 1, r, 2, four_rows);
  expect_error(m, "reshape 5 to [4,4]");
  bind(m, 0, x, 1, sixteen);
  bind(m, 1, r, 2, three_rows);
  expect_error(m, "reshape [3,3] to [-1,2]");
  bind(m, 1, r, 2, four_rows);
  expect_f32(m, 0, x, 16, "reshape 16 to [4,4]");
  expect_f32(m, 1, r, 12, "reshape [4,3] to [-1,2]");
  tfcc_model_destroy(m);
}

static void check_matmul(void) {
  tfcc_model *m;
  float a[6] = {1, 2, 3, 4, 5, 6}, b[8] = {1, 0, 0, 1, 1, 1, 2, 2};
  float want[4] = {1 + 3, 2 + 3, 4 + 6, 5 + 6};
  int64_t a23[2] = {2, 3}, b42[2] = {4, 2}, b32[2] = {3, 2};
  must(matmul_create(&m), "matmul_create");
  bind(m, 0, a, 2, a23);
  bind(m, 1, b, 2, b42);
  expect_error(m, "matmul [2,3] x [4,2]");
  bind(m, 1, b, 2, b32);
  expect_f32(m, 0, want, 4, "matmul [2,3] x [3,2]");
  tfcc_model_destroy(m);
}

static void check_gather(void) {
  tfcc_model *m;
  int64_t past[2] = {3, 50}, negative[2] = {-1, 0}, valid[3] = {0, 49, 3};
  int64_t two[1] = {2}, three[1] = {3};
  float want[6] = {0, 0.5f, 49, 49.5f, 3, 3.5f};
  must(gather_create(&m), "gather_create");
  bind(m, 0, past, 1, two);
  expect_error(m, "gather 50");
  bind(m, 0, negative, 1, two);
  expect_error(m, "gather -1");
  bind(m, 0, valid, 1, three);
  expect_f32(m, 0, want, 6, "gather 0 49 3");
  tfcc_model_destroy(m);
}

/* A buffer too big for any machine: an out-of-memory error naming the op
 * and the bytes; then a small one on the same instance. */
static void check_oom(void) {
  tfcc_model *m;
  int64_t huge = (int64_t)1 << 24, two = 2;
  float want[4] = {0, 0, 0, 0};
  must(oom_create(&m), "oom_create");
  bind(m, 0, &huge, 0, NULL);
  expect_error(m, "zeros [2^24, 2^24]");
  bind(m, 0, &two, 0, NULL);
  expect_f32(m, 0, want, 4, "zeros [2, 2]");
  tfcc_model_destroy(m);
}

static void check_intdiv(void) {
  tfcc_model *m;
  int32_t a[3] = {7, -7, 5}, b[3] = {2, 2, 0}, ok[3] = {2, 2, -3};
  int32_t want_q[3] = {3, -3, -1}, want_r[3] = {1, 1, -1};
  int64_t three[1] = {3};
  const void *q, *r;
  int i;
  must(intdiv_create(&m), "intdiv_create");
  bind(m, 0, a, 1, three);
  bind(m, 1, b, 1, three);
  expect_error(m, "intdiv by 0");
  bind(m, 1, ok, 1, three);
  must(tfcc_model_run(m), "intdiv");
  must(tfcc_model_output_data(m, 0, &q), "intdiv q");
  must(tfcc_model_output_data(m, 1, &r), "intdiv r");
  for (i = 0; i < 3; ++i)
    if (((const int32_t *)q)[i] != want_q[i] ||
        ((const int32_t *)r)[i] != want_r[i]) {
      printf("FAIL intdiv: element %d is %d, %d\n", i,
             ((const int32_t *)q)[i], ((const int32_t *)r)[i]);
      ++failures;
    }
  printf("intdiv: done\n");
  tfcc_model_destroy(m);
}

static void check_conv(void) {
  tfcc_model *m;
  float x[3 * 4 * 4], want[4] = {18, 18, 18, 18};
  int64_t three_channels[4] = {1, 3, 4, 4}, one_row[4] = {1, 2, 1, 4},
          ok[4] = {1, 2, 4, 4};
  int i;
  for (i = 0; i < 3 * 4 * 4; ++i)
    x[i] = 1.0f;
  must(conv_create(&m), "conv_create");
  bind(m, 0, x, 4, three_channels);
  expect_error(m, "conv 3 channels");
  bind(m, 0, x, 4, one_row);
  expect_error(m, "conv height 1");
  bind(m, 0, x, 4, ok);
  expect_f32(m, 0, want, 4, "conv [1,2,4,4]");
  tfcc_model_destroy(m);
}

int main(void) {
  check_bcast();
  check_static_dim();
  check_reshape();
  check_matmul();
  check_gather();
  check_intdiv();
  check_conv();
  check_oom();
  printf("%s\n", failures ? "FAILED" : "all checks passed");
  return failures != 0;
}
