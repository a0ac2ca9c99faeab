/*
 * Unit tests for the tfcc C runtime.
 *
 *   tfcc-runtime-tests <case>   runs one case: prints "PASS <case>", exit 0,
 *                               or what failed, exit 1
 *   tfcc-runtime-tests --list   lists the cases
 *
 * Cases run in their own process so that lit (and valgrind) see each one
 * separately. The model cases use hand-written specs whose invoke functions
 * play the part of compiled code: they read and write MLIR memref
 * descriptors exactly as the generated code does.
 */
#include "tfcc/runtime.h"

#include "test_assert.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* More assertions (test_assert.h has FAIL, CHECK, CHECK_EQ_I). Each        */
/* returns 1 from the enclosing case on failure.                            */
/* ------------------------------------------------------------------------ */

#define CHECK_EQ_S(a, b)                                                       \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)                       \
      FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b, a_ ? a_ : "(null)",           \
           b_ ? b_ : "(null)");                                                \
  } while (0)

#define CHECK_OK(expr)                                                         \
  do {                                                                         \
    tfcc_status s_ = (expr);                                                   \
    if (s_ != NULL) {                                                          \
      printf("FAIL at line %d: %s returned %s: %s\n", __LINE__, #expr,         \
             tfcc_status_code_name(tfcc_status_code_of(s_)),                   \
             tfcc_status_message(s_));                                         \
      tfcc_status_free(s_);                                                    \
      return 1;                                                                \
    }                                                                          \
  } while (0)

/* Checks the code and that the message contains `substr`. */
#define CHECK_ERR(expr, code, substr)                                          \
  do {                                                                         \
    if (check_err(__LINE__, #expr, (expr), (code), (substr), 0))               \
      return 1;                                                                \
  } while (0)

/* Checks the code and the whole message. */
#define CHECK_ERR_EXACT(expr, code, msg)                                       \
  do {                                                                         \
    if (check_err(__LINE__, #expr, (expr), (code), (msg), 1))                  \
      return 1;                                                                \
  } while (0)

static int check_err(int line, const char *expr, tfcc_status s,
                     tfcc_status_code code, const char *text, int exact) {
  const char *msg = tfcc_status_message(s);
  int ok = tfcc_status_code_of(s) == code &&
           (exact ? strcmp(msg, text) == 0 : strstr(msg, text) != NULL);
  if (!ok)
    printf("FAIL at line %d: %s returned %s \"%s\", expected %s %s\"%s\"\n",
           line, expr, tfcc_status_code_name(tfcc_status_code_of(s)), msg,
           tfcc_status_code_name(code), exact ? "" : "containing ", text);
  tfcc_status_free(s);
  return !ok;
}

static int is_aligned(const void *p, size_t a) {
  return ((uintptr_t)p & (a - 1)) == 0;
}

/* ------------------------------------------------------------------------ */
/* Status                                                                   */
/* ------------------------------------------------------------------------ */

static int test_status_basic(void) {
  tfcc_status s = tfcc_status_make(TFCC_OUT_OF_RANGE, "bad %d in '%s'", 42,
                                   "x");
  CHECK(s != NULL);
  CHECK_EQ_I(tfcc_status_code_of(s), TFCC_OUT_OF_RANGE);
  CHECK_EQ_S(tfcc_status_message(s), "bad 42 in 'x'");
  tfcc_status_free(s);

  s = tfcc_status_make(TFCC_INTERNAL, "%s", "");
  CHECK(s != NULL);
  CHECK_EQ_I(tfcc_status_code_of(s), TFCC_INTERNAL);
  CHECK_EQ_S(tfcc_status_message(s), "");
  tfcc_status_free(s);
  return 0;
}

static int test_status_null_ok(void) {
  CHECK_EQ_I(tfcc_status_code_of(NULL), TFCC_OK);
  CHECK_EQ_S(tfcc_status_message(NULL), "OK");
  tfcc_status_free(NULL);
  /* OK is always represented by NULL. */
  CHECK(tfcc_status_make(TFCC_OK, "ignored %d", 1) == NULL);
  return 0;
}

static int test_status_code_names(void) {
  CHECK_EQ_S(tfcc_status_code_name(TFCC_OK), "OK");
  CHECK_EQ_S(tfcc_status_code_name(TFCC_INVALID_ARGUMENT), "INVALID_ARGUMENT");
  CHECK_EQ_S(tfcc_status_code_name(TFCC_OUT_OF_RANGE), "OUT_OF_RANGE");
  CHECK_EQ_S(tfcc_status_code_name(TFCC_FAILED_PRECONDITION),
             "FAILED_PRECONDITION");
  CHECK_EQ_S(tfcc_status_code_name(TFCC_RESOURCE_EXHAUSTED),
             "RESOURCE_EXHAUSTED");
  CHECK_EQ_S(tfcc_status_code_name(TFCC_INTERNAL), "INTERNAL");
  CHECK_EQ_S(tfcc_status_code_name((tfcc_status_code)77), "UNKNOWN");
  return 0;
}

static int test_status_long_message(void) {
  /* Messages are sized exactly, never truncated to a fixed buffer. */
  enum { N = 10000 };
  char *text = (char *)malloc(N + 1);
  tfcc_status s;
  size_t len;
  CHECK(text != NULL);
  memset(text, 'a', N);
  text[N] = '\0';
  text[N - 1] = 'z';
  s = tfcc_status_make(TFCC_INVALID_ARGUMENT, "<%s>", text);
  free(text);
  len = strlen(tfcc_status_message(s));
  CHECK_EQ_I(len, N + 2);
  CHECK(tfcc_status_message(s)[N] == 'z');
  CHECK(tfcc_status_message(s)[N + 1] == '>');
  tfcc_status_free(s);
  return 0;
}

static int test_runtime_version(void) {
  CHECK_EQ_S(tfcc_runtime_version(), "0.1.0");
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Dtypes                                                                   */
/* ------------------------------------------------------------------------ */

static int test_dtype_sizes(void) {
  CHECK_EQ_I(tfcc_dtype_size(TFCC_F32), 4);
  CHECK_EQ_I(tfcc_dtype_size(TFCC_F64), 8);
  CHECK_EQ_I(tfcc_dtype_size(TFCC_I32), 4);
  CHECK_EQ_I(tfcc_dtype_size(TFCC_I64), 8);
  CHECK_EQ_I(tfcc_dtype_size(TFCC_I1), 1);
  CHECK_EQ_I(tfcc_dtype_size((tfcc_dtype)5), 0);
  CHECK_EQ_I(tfcc_dtype_size((tfcc_dtype)-1), 0);
  /* The compiler emits these numbers; they are ABI. */
  CHECK_EQ_I(TFCC_F32, 0);
  CHECK_EQ_I(TFCC_F64, 1);
  CHECK_EQ_I(TFCC_I32, 2);
  CHECK_EQ_I(TFCC_I64, 3);
  CHECK_EQ_I(TFCC_I1, 4);
  return 0;
}

static int test_dtype_names(void) {
  CHECK_EQ_S(tfcc_dtype_name(TFCC_F32), "f32");
  CHECK_EQ_S(tfcc_dtype_name(TFCC_F64), "f64");
  CHECK_EQ_S(tfcc_dtype_name(TFCC_I32), "i32");
  CHECK_EQ_S(tfcc_dtype_name(TFCC_I64), "i64");
  CHECK_EQ_S(tfcc_dtype_name(TFCC_I1), "i1");
  CHECK_EQ_S(tfcc_dtype_name((tfcc_dtype)99), "unknown");
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Tensors                                                                  */
/* ------------------------------------------------------------------------ */

static int test_tensor_create_aligned(void) {
  static const tfcc_dtype types[] = {TFCC_F32, TFCC_F64, TFCC_I32, TFCC_I64,
                                     TFCC_I1};
  /* Odd sizes so that an allocator which only happens to align large
   * blocks would be caught. */
  static const int64_t dims[] = {3, 7};
  size_t k, b;
  for (k = 0; k < sizeof(types) / sizeof(types[0]); ++k) {
    tfcc_tensor *t = NULL;
    void *data = NULL;
    size_t bytes = 0;
    tfcc_dtype dt;
    CHECK_OK(tfcc_tensor_create(types[k], 2, dims, &t));
    CHECK(t != NULL);
    CHECK_OK(tfcc_tensor_data(t, &data));
    CHECK(data != NULL);
    CHECK(is_aligned(data, 64));
    CHECK_OK(tfcc_tensor_byte_size(t, &bytes));
    CHECK_EQ_I(bytes, 21 * tfcc_dtype_size(types[k]));
    CHECK_OK(tfcc_tensor_dtype(t, &dt));
    CHECK_EQ_I(dt, types[k]);
    for (b = 0; b < bytes; ++b)
      CHECK(((unsigned char *)data)[b] == 0);
    memset(data, 0xab, bytes); /* whole buffer is writable */
    tfcc_tensor_destroy(t);
  }
  tfcc_tensor_destroy(NULL);
  return 0;
}

static int test_tensor_dims_strides(void) {
  static const int64_t dims[] = {2, 3, 4};
  tfcc_tensor *t = NULL;
  const int64_t *d = NULL, *st = NULL;
  int64_t rank = -1, n = -1;
  size_t bytes = 0;
  CHECK_OK(tfcc_tensor_create(TFCC_F32, 3, dims, &t));
  CHECK_OK(tfcc_tensor_rank(t, &rank));
  CHECK_EQ_I(rank, 3);
  CHECK_OK(tfcc_tensor_dims(t, &d));
  CHECK(d != dims); /* copied, not referenced */
  CHECK_EQ_I(d[0], 2);
  CHECK_EQ_I(d[1], 3);
  CHECK_EQ_I(d[2], 4);
  CHECK_OK(tfcc_tensor_strides(t, &st));
  CHECK_EQ_I(st[0], 12);
  CHECK_EQ_I(st[1], 4);
  CHECK_EQ_I(st[2], 1);
  CHECK_OK(tfcc_tensor_num_elements(t, &n));
  CHECK_EQ_I(n, 24);
  CHECK_OK(tfcc_tensor_byte_size(t, &bytes));
  CHECK_EQ_I(bytes, 96);
  tfcc_tensor_destroy(t);
  return 0;
}

static int test_tensor_zero_size(void) {
  static const int64_t dims[] = {3, 0, 5};
  tfcc_tensor *t = NULL;
  const int64_t *st = NULL;
  void *data = NULL;
  int64_t n = -1;
  size_t bytes = 1;
  CHECK_OK(tfcc_tensor_create(TFCC_I64, 3, dims, &t));
  CHECK_OK(tfcc_tensor_num_elements(t, &n));
  CHECK_EQ_I(n, 0);
  CHECK_OK(tfcc_tensor_byte_size(t, &bytes));
  CHECK_EQ_I(bytes, 0);
  /* Still a real, aligned pointer so callers need no special case. */
  CHECK_OK(tfcc_tensor_data(t, &data));
  CHECK(data != NULL);
  CHECK(is_aligned(data, 64));
  CHECK_OK(tfcc_tensor_strides(t, &st));
  CHECK_EQ_I(st[0], 0);
  CHECK_EQ_I(st[1], 5);
  CHECK_EQ_I(st[2], 1);
  tfcc_tensor_destroy(t);
  return 0;
}

static int test_tensor_rank0(void) {
  tfcc_tensor *t = NULL;
  const int64_t *d = NULL;
  int64_t rank = -1, n = -1;
  size_t bytes = 0;
  void *data = NULL;
  /* dims may be NULL for a scalar. */
  CHECK_OK(tfcc_tensor_create(TFCC_F64, 0, NULL, &t));
  CHECK_OK(tfcc_tensor_rank(t, &rank));
  CHECK_EQ_I(rank, 0);
  CHECK_OK(tfcc_tensor_dims(t, &d));
  CHECK(d != NULL);
  CHECK_OK(tfcc_tensor_num_elements(t, &n));
  CHECK_EQ_I(n, 1);
  CHECK_OK(tfcc_tensor_byte_size(t, &bytes));
  CHECK_EQ_I(bytes, 8);
  CHECK_OK(tfcc_tensor_data(t, &data));
  CHECK(is_aligned(data, 64));
  CHECK(*(double *)data == 0.0);
  tfcc_tensor_destroy(t);
  return 0;
}

static int test_tensor_invalid_args(void) {
  static const int64_t neg[] = {2, -3};
  static const int64_t nine[] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  static const int64_t ok[] = {2, 2};
  static const int64_t huge[] = {INT64_MAX, 2};
  tfcc_tensor *t = (tfcc_tensor *)&t; /* must be reset to NULL on failure */
  tfcc_dtype dt;
  int64_t i64;
  size_t sz;
  void *p;
  const int64_t *cp;

  CHECK_ERR(tfcc_tensor_create(TFCC_F32, 2, neg, &t), TFCC_INVALID_ARGUMENT,
            "dimension 1 is negative (-3)");
  CHECK(t == NULL);
  CHECK_ERR(tfcc_tensor_create(TFCC_F32, 9, nine, &t), TFCC_INVALID_ARGUMENT,
            "rank 9");
  CHECK(t == NULL);
  CHECK_ERR(tfcc_tensor_create(TFCC_F32, -1, ok, &t), TFCC_INVALID_ARGUMENT,
            "rank -1");
  CHECK_ERR(tfcc_tensor_create(TFCC_F32, 2, ok, NULL), TFCC_INVALID_ARGUMENT,
            "'out'");
  CHECK_ERR(tfcc_tensor_create(TFCC_F32, 2, NULL, &t), TFCC_INVALID_ARGUMENT,
            "'dims'");
  CHECK_ERR(tfcc_tensor_create((tfcc_dtype)42, 2, ok, &t),
            TFCC_INVALID_ARGUMENT, "unknown dtype 42");
  CHECK_ERR(tfcc_tensor_create(TFCC_F32, 2, huge, &t),
            TFCC_RESOURCE_EXHAUSTED, "overflows");
  CHECK(t == NULL);
  CHECK_ERR(tfcc_tensor_wrap(TFCC_F32, 2, neg, &i64, &t),
            TFCC_INVALID_ARGUMENT, "negative");
  CHECK_ERR(tfcc_tensor_wrap(TFCC_F32, 9, nine, &i64, &t),
            TFCC_INVALID_ARGUMENT, "rank 9");
  CHECK_ERR(tfcc_tensor_wrap(TFCC_F32, 2, ok, &i64, NULL),
            TFCC_INVALID_ARGUMENT, "'out'");

  /* Accessors name the NULL parameter. */
  CHECK_ERR(tfcc_tensor_dtype(NULL, &dt), TFCC_INVALID_ARGUMENT, "'t'");
  CHECK_ERR(tfcc_tensor_rank(NULL, &i64), TFCC_INVALID_ARGUMENT, "'t'");
  CHECK_ERR(tfcc_tensor_dims(NULL, &cp), TFCC_INVALID_ARGUMENT, "'t'");
  CHECK_ERR(tfcc_tensor_strides(NULL, &cp), TFCC_INVALID_ARGUMENT, "'t'");
  CHECK_ERR(tfcc_tensor_data(NULL, &p), TFCC_INVALID_ARGUMENT, "'t'");
  CHECK_ERR(tfcc_tensor_num_elements(NULL, &i64), TFCC_INVALID_ARGUMENT,
            "'t'");
  CHECK_ERR(tfcc_tensor_byte_size(NULL, &sz), TFCC_INVALID_ARGUMENT, "'t'");
  CHECK_OK(tfcc_tensor_create(TFCC_F32, 2, ok, &t));
  CHECK_ERR(tfcc_tensor_dtype(t, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_tensor_rank(t, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_tensor_dims(t, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_tensor_strides(t, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_tensor_data(t, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_tensor_num_elements(t, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_tensor_byte_size(t, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  tfcc_tensor_destroy(t);
  return 0;
}

static int test_tensor_wrap(void) {
  static const int64_t dims[] = {2, 3};
  static const int64_t empty[] = {0, 3};
  int32_t buf[6] = {1, 2, 3, 4, 5, 6};
  tfcc_tensor *t = NULL;
  void *data = NULL;
  const int64_t *st = NULL;
  int64_t n = 0;
  CHECK_OK(tfcc_tensor_wrap(TFCC_I32, 2, dims, buf, &t));
  CHECK_OK(tfcc_tensor_data(t, &data));
  CHECK(data == buf);
  CHECK_OK(tfcc_tensor_strides(t, &st));
  CHECK_EQ_I(st[0], 3);
  CHECK_EQ_I(st[1], 1);
  CHECK_OK(tfcc_tensor_num_elements(t, &n));
  CHECK_EQ_I(n, 6);
  /* Must not free the stack buffer (valgrind/glibc would report it). */
  tfcc_tensor_destroy(t);
  CHECK_EQ_I(buf[5], 6);

  CHECK_ERR(tfcc_tensor_wrap(TFCC_I32, 2, dims, NULL, &t),
            TFCC_INVALID_ARGUMENT, "'data'");
  /* NULL is fine when there is nothing to point at. */
  CHECK_OK(tfcc_tensor_wrap(TFCC_I32, 2, empty, NULL, &t));
  tfcc_tensor_destroy(t);
  return 0;
}

static int test_aligned_alloc(void) {
  size_t a;
  void *p;
  for (a = 1; a <= 4096; a *= 2) {
    unsigned char *q = (unsigned char *)tfcc_aligned_alloc(a, 13);
    CHECK(q != NULL);
    CHECK(is_aligned(q, a));
    memset(q, 0x5a, 13);
    tfcc_aligned_free(q);
  }
  p = tfcc_aligned_alloc(64, 0);
  CHECK(p != NULL);
  CHECK(is_aligned(p, 64));
  tfcc_aligned_free(p);
  CHECK(tfcc_aligned_alloc(0, 16) == NULL);
  CHECK(tfcc_aligned_alloc(48, 16) == NULL);
  CHECK(tfcc_aligned_alloc(64, SIZE_MAX) == NULL);
  CHECK(tfcc_aligned_alloc(64, SIZE_MAX - 8) == NULL);
  tfcc_aligned_free(NULL);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Fake compiled models                                                     */
/* ------------------------------------------------------------------------ */

/* Descriptor words as the compiled code sees them. */
static void *desc_ptr(const int64_t *w, int k) {
  return (void *)(intptr_t)w[k];
}

static int64_t *write_desc(int64_t *w, void *allocated, void *aligned,
                           int64_t offset, int rank, const int64_t *sizes,
                           const int64_t *strides) {
  int d;
  w[0] = (int64_t)(intptr_t)allocated;
  w[1] = (int64_t)(intptr_t)aligned;
  w[2] = offset;
  for (d = 0; d < rank; ++d) {
    w[3 + d] = sizes[d];
    w[3 + rank + d] = strides[d];
  }
  return w + 3 + 2 * rank;
}

/* What the last invoke saw, for checking the runtime's input descriptors. */
static struct {
  int calls;
  int64_t x_words[7];
  int64_t w_words[7];
  int results_were_zeroed;
} seen;

static int all_zero(const int64_t *w, int n) {
  int k;
  for (k = 0; k < n; ++k)
    if (w[k] != 0)
      return 0;
  return 1;
}

/* predict(x: f32[?,4], w: f32[4,2]) -> (y: f32[?,2] = x @ w, n: i64[] = rows).
 * Honours the descriptors' offsets and strides like generated code would. */
static const int64_t x_dims[] = {-1, 4};
static const int64_t w_dims[] = {4, 2};
static const int64_t y_dims[] = {-1, 2};
static const tfcc_arg_spec predict_inputs[] = {
    {"x", TFCC_F32, 2, x_dims},
    {"w", TFCC_F32, 2, w_dims},
};
static const tfcc_arg_spec predict_outputs[] = {
    {"y", TFCC_F32, 2, y_dims},
    {"n", TFCC_I64, 0, NULL},
};

static void predict_invoke(void **inputs, void *results) {
  const int64_t *x = (const int64_t *)inputs[0];
  const int64_t *w = (const int64_t *)inputs[1];
  int64_t *out = (int64_t *)results;
  const float *xd = (const float *)desc_ptr(x, 1);
  const float *wd = (const float *)desc_ptr(w, 1) + w[2];
  int64_t rows = x[3], r, c, k;
  int64_t y_sizes[2], y_strides[2] = {2, 1};
  float *y;
  int64_t *n;

  /* x may be NULL when it has no rows; offset it only when it is not. */
  if (xd != NULL)
    xd += x[2];
  seen.calls++;
  memcpy(seen.x_words, x, sizeof(seen.x_words));
  memcpy(seen.w_words, w, sizeof(seen.w_words));
  seen.results_were_zeroed = all_zero(out, 7 + 3);

  y = (float *)malloc((size_t)(rows * 2) * sizeof(float) + 1);
  n = (int64_t *)malloc(sizeof(int64_t));
  for (r = 0; r < rows; ++r)
    for (c = 0; c < 2; ++c) {
      float acc = 0;
      for (k = 0; k < 4; ++k)
        acc += xd[r * x[5] + k * x[6]] * wd[k * w[5] + c * w[6]];
      y[r * 2 + c] = acc;
    }
  *n = rows;
  y_sizes[0] = rows;
  y_sizes[1] = 2;
  out = write_desc(out, y, y, 0, 2, y_sizes, y_strides);
  write_desc(out, n, n, 0, 0, NULL, NULL);
}

static const tfcc_model_spec predict_spec = {TFCC_MODEL_ABI_VERSION,
                                             2,
                                             2,
                                             "predict",
                                             predict_inputs,
                                             predict_outputs,
                                             predict_invoke,
                                             0,
                                             NULL,
                                             0,
                                             0,
                                             NULL,
                                             0,
                                             0,
                                             NULL,
                                             NULL};

static int fill_w(tfcc_model *m) {
  /* w = [[1,0],[0,1],[1,1],[2,-1]]: y = [x0+x2+2x3, x1+x2-x3]. */
  static const float w[8] = {1, 0, 0, 1, 1, 1, 2, -1};
  void *data = NULL;
  CHECK_OK(tfcc_model_input_data(m, 1, &data));
  memcpy(data, w, sizeof(w));
  return 0;
}

/* Checks y and n for x[r] = {r, r+1, r+2, r+3} (scaled by `scale`). */
static int check_predict_outputs(const tfcc_model *m, int64_t rows,
                                 float scale) {
  const void *yd = NULL, *nd = NULL;
  const float *y;
  int64_t rank = -1, r;
  const int64_t *dims = NULL;
  CHECK_OK(tfcc_model_output_dims(m, 0, &rank, &dims));
  CHECK_EQ_I(rank, 2);
  CHECK_EQ_I(dims[0], rows);
  CHECK_EQ_I(dims[1], 2);
  CHECK_OK(tfcc_model_output_data(m, 0, &yd));
  y = (const float *)yd;
  for (r = 0; r < rows; ++r) {
    float x0 = scale * (float)r, x1 = scale * (float)(r + 1),
          x2 = scale * (float)(r + 2), x3 = scale * (float)(r + 3);
    if (y[r * 2] != x0 + x2 + 2 * x3 || y[r * 2 + 1] != x1 + x2 - x3)
      FAIL("y[%lld] = (%g, %g)", (long long)r, y[r * 2], y[r * 2 + 1]);
  }
  CHECK_OK(tfcc_model_output_dims(m, 1, &rank, &dims));
  CHECK_EQ_I(rank, 0);
  CHECK_OK(tfcc_model_output_data(m, 1, &nd));
  CHECK_EQ_I(*(const int64_t *)nd, rows);
  return 0;
}

static void make_x(float *x, int64_t rows, float scale) {
  int64_t r, k;
  for (r = 0; r < rows; ++r)
    for (k = 0; k < 4; ++k)
      x[r * 4 + k] = scale * (float)(r + k);
}

/* ------------------------------------------------------------------------ */
/* Model: creation and introspection                                        */
/* ------------------------------------------------------------------------ */

static int test_model_create(void) {
  tfcc_model *m = NULL;
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK(m != NULL);
  tfcc_model_destroy(m);
  tfcc_model_destroy(NULL);
  return 0;
}

static int test_model_create_invalid(void) {
  static const int64_t bad_dims[] = {-2, 4};
  static const tfcc_arg_spec bad_dim_arg[] = {{"x", TFCC_F32, 2, bad_dims}};
  static const tfcc_arg_spec bad_dtype_arg[] = {{"x", 9, 2, x_dims}};
  static const tfcc_arg_spec bad_rank_arg[] = {{"x", TFCC_F32, 9, x_dims}};
  static const tfcc_arg_spec no_dims_arg[] = {{"x", TFCC_F32, 2, NULL}};
  static const tfcc_arg_spec no_name_arg[] = {{NULL, TFCC_F32, 2, x_dims}};
  tfcc_model_spec spec = predict_spec;
  tfcc_model *m = (tfcc_model *)&m;

  spec.abi_version = 1;
  CHECK_ERR_EXACT(tfcc_model_create(&spec, &m), TFCC_FAILED_PRECONDITION,
                  "model 'predict' was compiled for runtime ABI version 1, "
                  "but this runtime implements versions 2 to 6");
  CHECK(m == NULL);
  spec = predict_spec;
  spec.invoke = NULL;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "no invoke function");
  spec = predict_spec;
  spec.name = NULL;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT, "no name");
  spec = predict_spec;
  spec.num_outputs = -1;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT, "negative");
  spec = predict_spec;
  spec.inputs = NULL;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT, "missing");
  spec = predict_spec;
  spec.num_inputs = 1;
  spec.inputs = bad_dim_arg;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "input 'x' has invalid dim -2");
  spec.inputs = bad_dtype_arg;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "input 'x' has unknown dtype 9");
  spec.inputs = bad_rank_arg;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "input 'x' has rank 9");
  spec.inputs = no_dims_arg;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT, "no dims");
  spec = predict_spec;
  spec.num_outputs = 1;
  spec.outputs = no_name_arg;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "output 0 has no name");
  CHECK(m == NULL);
  CHECK_ERR(tfcc_model_create(NULL, &m), TFCC_INVALID_ARGUMENT, "'spec'");
  CHECK_ERR(tfcc_model_create(&predict_spec, NULL), TFCC_INVALID_ARGUMENT,
            "'out'");
  return 0;
}

static int test_model_introspection(void) {
  tfcc_model *m = NULL;
  const char *name = NULL;
  int64_t n = -1, rank = -1, idx = -1;
  tfcc_dtype dt;
  const int64_t *dims = NULL;

  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_OK(tfcc_model_name(m, &name));
  CHECK_EQ_S(name, "predict");
  CHECK_OK(tfcc_model_num_inputs(m, &n));
  CHECK_EQ_I(n, 2);
  CHECK_OK(tfcc_model_num_outputs(m, &n));
  CHECK_EQ_I(n, 2);

  CHECK_OK(tfcc_model_input_info(m, 0, &name, &dt, &rank, &dims));
  CHECK_EQ_S(name, "x");
  CHECK_EQ_I(dt, TFCC_F32);
  CHECK_EQ_I(rank, 2);
  CHECK_EQ_I(dims[0], -1);
  CHECK_EQ_I(dims[1], 4);
  CHECK_OK(tfcc_model_input_info(m, 1, &name, &dt, &rank, &dims));
  CHECK_EQ_S(name, "w");
  CHECK_EQ_I(dims[0], 4);
  CHECK_EQ_I(dims[1], 2);
  CHECK_OK(tfcc_model_output_info(m, 0, &name, &dt, &rank, &dims));
  CHECK_EQ_S(name, "y");
  CHECK_EQ_I(dt, TFCC_F32);
  CHECK_EQ_I(rank, 2);
  CHECK_EQ_I(dims[0], -1);
  CHECK_EQ_I(dims[1], 2);
  CHECK_OK(tfcc_model_output_info(m, 1, &name, &dt, &rank, NULL));
  CHECK_EQ_S(name, "n");
  CHECK_EQ_I(dt, TFCC_I64);
  CHECK_EQ_I(rank, 0);
  /* Unwanted fields may be NULL. */
  CHECK_OK(tfcc_model_input_info(m, 0, NULL, NULL, NULL, NULL));

  CHECK_OK(tfcc_model_input_index(m, "w", &idx));
  CHECK_EQ_I(idx, 1);
  CHECK_OK(tfcc_model_input_index(m, "x", &idx));
  CHECK_EQ_I(idx, 0);
  CHECK_OK(tfcc_model_output_index(m, "n", &idx));
  CHECK_EQ_I(idx, 1);
  CHECK_ERR(tfcc_model_input_index(m, "q", &idx), TFCC_INVALID_ARGUMENT,
            "no input named 'q'");
  CHECK_ERR(tfcc_model_output_index(m, "x", &idx), TFCC_INVALID_ARGUMENT,
            "no output named 'x'");
  CHECK_ERR(tfcc_model_input_index(m, NULL, &idx), TFCC_INVALID_ARGUMENT,
            "'name'");
  tfcc_model_destroy(m);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Model: binding                                                           */
/* ------------------------------------------------------------------------ */

static int test_model_bind_wrong_rank(void) {
  static const int64_t d3[] = {3, 4, 1};
  static const int64_t d1[] = {4};
  static const int64_t scalar_in_dims[] = {1};
  static const tfcc_arg_spec scalar_in[] = {{"s", TFCC_I32, 0, NULL}};
  tfcc_model_spec scalar_spec = predict_spec;
  float buf[12] = {0};
  tfcc_model *m = NULL;

  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_ERR_EXACT(tfcc_model_bind_input(m, 0, buf, 3, d3),
                  TFCC_INVALID_ARGUMENT,
                  "input 'x': expected shape [?,4] but got [3,4,1]");
  CHECK_ERR_EXACT(tfcc_model_bind_input(m, 1, buf, 1, d1),
                  TFCC_INVALID_ARGUMENT,
                  "input 'w': expected shape [4,2] but got [4]");
  CHECK_ERR_EXACT(tfcc_model_bind_input(m, 0, buf, 0, NULL),
                  TFCC_INVALID_ARGUMENT,
                  "input 'x': expected shape [?,4] but got []");
  CHECK_ERR(tfcc_model_bind_input(m, 0, buf, -1, d3), TFCC_INVALID_ARGUMENT,
            "input 'x': invalid rank -1");
  tfcc_model_destroy(m);

  /* Rank-0 signatures print as []. */
  scalar_spec.num_inputs = 1;
  scalar_spec.inputs = scalar_in;
  CHECK_OK(tfcc_model_create(&scalar_spec, &m));
  CHECK_ERR_EXACT(tfcc_model_bind_input(m, 0, buf, 1, scalar_in_dims),
                  TFCC_INVALID_ARGUMENT,
                  "input 's': expected shape [] but got [1]");
  CHECK_OK(tfcc_model_bind_input(m, 0, buf, 0, NULL));
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_bind_wrong_dim(void) {
  static const int64_t d35[] = {3, 5};
  static const int64_t d34[] = {3, 4};
  static const int64_t d42[] = {4, 3};
  static const int64_t dneg[] = {-1, 4};
  float buf[15] = {0};
  void *data = NULL;
  tfcc_model *m = NULL;

  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_ERR_EXACT(tfcc_model_bind_input(m, 0, buf, 2, d35),
                  TFCC_INVALID_ARGUMENT,
                  "input 'x': expected shape [?,4] but got [3,5]");
  CHECK_ERR_EXACT(tfcc_model_bind_input(m, 1, buf, 2, d42),
                  TFCC_INVALID_ARGUMENT,
                  "input 'w': expected shape [4,2] but got [4,3]");
  /* -1 is only meaningful in a signature. */
  CHECK_ERR(tfcc_model_bind_input(m, 0, buf, 2, dneg), TFCC_INVALID_ARGUMENT,
            "input 'x': dimension 0 is negative (-1)");
  CHECK_ERR(tfcc_model_bind_input(m, 0, NULL, 2, d34), TFCC_INVALID_ARGUMENT,
            "'data'");
  CHECK_ERR(tfcc_model_bind_input(m, 0, buf, 2, NULL), TFCC_INVALID_ARGUMENT,
            "'dims'");
  /* A failed bind leaves the input unbound. */
  CHECK_ERR(tfcc_model_input_data(m, 0, &data), TFCC_FAILED_PRECONDITION,
            "input 'x' is not bound");
  CHECK_OK(tfcc_model_bind_input(m, 0, buf, 2, d34));
  CHECK_OK(tfcc_model_input_data(m, 0, &data));
  CHECK(data == buf);
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_bind_wrong_dtype(void) {
  static const int64_t d34[] = {3, 4};
  static const int64_t d35[] = {3, 5};
  tfcc_model *m = NULL;
  tfcc_tensor *t = NULL;
  void *data = NULL;

  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_OK(tfcc_tensor_create(TFCC_I64, 2, d34, &t));
  CHECK_ERR_EXACT(tfcc_model_bind_input_tensor(m, 0, t),
                  TFCC_INVALID_ARGUMENT,
                  "input 'x': expected dtype f32 but got i64");
  tfcc_tensor_destroy(t);
  CHECK_OK(tfcc_tensor_create(TFCC_F32, 2, d35, &t));
  CHECK_ERR_EXACT(tfcc_model_bind_input_tensor(m, 0, t),
                  TFCC_INVALID_ARGUMENT,
                  "input 'x': expected shape [?,4] but got [3,5]");
  tfcc_tensor_destroy(t);
  CHECK_ERR(tfcc_model_bind_input_tensor(m, 0, NULL), TFCC_INVALID_ARGUMENT,
            "'t'");
  CHECK_OK(tfcc_tensor_create(TFCC_F32, 2, d34, &t));
  CHECK_OK(tfcc_model_bind_input_tensor(m, 0, t));
  CHECK_OK(tfcc_model_input_data(m, 0, &data));
  {
    void *tdata = NULL;
    CHECK_OK(tfcc_tensor_data(t, &tdata));
    CHECK(data == tdata);
  }
  tfcc_tensor_destroy(t);
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_alloc_input(void) {
  static const int64_t d24[] = {2, 4};
  static const int64_t d64[] = {6, 4};
  static const int64_t d14[] = {1, 4};
  static const int64_t d25[] = {2, 5};
  tfcc_model *m = NULL;
  void *w = NULL, *x = NULL, *x2 = NULL, *cur = NULL;
  size_t b;

  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  /* w is fully static: storage exists from create, zeroed and aligned. */
  CHECK_OK(tfcc_model_input_data(m, 1, &w));
  CHECK(w != NULL);
  CHECK(is_aligned(w, 64));
  for (b = 0; b < 8 * sizeof(float); ++b)
    CHECK(((unsigned char *)w)[b] == 0);
  /* x is dynamic: nothing until a shape is given. */
  CHECK_ERR_EXACT(tfcc_model_input_data(m, 0, &x), TFCC_FAILED_PRECONDITION,
                  "input 'x' is not bound");
  CHECK_ERR_EXACT(tfcc_model_alloc_input(m, 0, 2, d25, &x),
                  TFCC_INVALID_ARGUMENT,
                  "input 'x': expected shape [?,4] but got [2,5]");
  CHECK_ERR(tfcc_model_alloc_input(m, 0, 2, d24, NULL), TFCC_INVALID_ARGUMENT,
            "'data'");

  CHECK_OK(tfcc_model_alloc_input(m, 0, 2, d24, &x));
  CHECK(is_aligned(x, 64));
  CHECK_OK(tfcc_model_input_data(m, 0, &cur));
  CHECK(cur == x);
  make_x((float *)x, 2, 1.0f);
  CHECK(fill_w(m) == 0);
  CHECK_OK(tfcc_model_run(m));
  CHECK(check_predict_outputs(m, 2, 1.0f) == 0);

  /* Growing gives a fresh zeroed buffer of the new size. */
  CHECK_OK(tfcc_model_alloc_input(m, 0, 2, d64, &x2));
  CHECK(is_aligned(x2, 64));
  for (b = 0; b < 24 * sizeof(float); ++b)
    CHECK(((unsigned char *)x2)[b] == 0);
  make_x((float *)x2, 6, 0.5f);
  CHECK_OK(tfcc_model_run(m));
  CHECK(check_predict_outputs(m, 6, 0.5f) == 0);

  /* Shrinking re-zeroes and rebinds with the new shape. */
  CHECK_OK(tfcc_model_alloc_input(m, 0, 2, d14, &x));
  for (b = 0; b < 4 * sizeof(float); ++b)
    CHECK(((unsigned char *)x)[b] == 0);
  make_x((float *)x, 1, 2.0f);
  CHECK_OK(tfcc_model_run(m));
  CHECK(check_predict_outputs(m, 1, 2.0f) == 0);

  /* Binding caller memory over model storage, then back. */
  {
    float mine[8];
    make_x(mine, 2, 3.0f);
    CHECK_OK(tfcc_model_bind_input(m, 0, mine, 2, d24));
    CHECK_OK(tfcc_model_input_data(m, 0, &cur));
    CHECK(cur == mine);
    CHECK_OK(tfcc_model_run(m));
    CHECK(check_predict_outputs(m, 2, 3.0f) == 0);
  }
  tfcc_model_destroy(m);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Model: running                                                           */
/* ------------------------------------------------------------------------ */

static int test_model_run_unbound(void) {
  static const int64_t d[] = {1, 4};
  static const int64_t dyn2[] = {-1, 2};
  static const tfcc_arg_spec two_dynamic[] = {
      {"a", TFCC_F32, 2, dyn2},
      {"b", TFCC_F32, 2, dyn2},
  };
  tfcc_model_spec spec = predict_spec;
  float x[4] = {0};
  tfcc_model *m = NULL;

  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  seen.calls = 0;
  CHECK_ERR_EXACT(tfcc_model_run(m), TFCC_FAILED_PRECONDITION,
                  "input 'x' is not bound");
  CHECK_EQ_I(seen.calls, 0);
  CHECK_OK(tfcc_model_bind_input(m, 0, x, 2, d));
  CHECK_OK(tfcc_model_run(m));
  CHECK_EQ_I(seen.calls, 1);
  tfcc_model_destroy(m);

  /* The first unbound input is the one named. */
  spec.inputs = two_dynamic;
  CHECK_OK(tfcc_model_create(&spec, &m));
  CHECK_ERR_EXACT(tfcc_model_run(m), TFCC_FAILED_PRECONDITION,
                  "input 'a' is not bound");
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_run_outputs(void) {
  static const int64_t d[] = {3, 4};
  float x[12];
  tfcc_model *m = NULL;
  const tfcc_tensor *t = NULL;
  const void *yd = NULL;
  void *td = NULL, *w = NULL;
  tfcc_dtype dt;
  int64_t rank = -1, n = -1;
  const int64_t *dims = NULL, *strides = NULL;
  size_t bytes = 0;

  make_x(x, 3, 1.0f);
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK(fill_w(m) == 0);
  CHECK_OK(tfcc_model_bind_input(m, 0, x, 2, d));
  seen.calls = 0;
  CHECK_OK(tfcc_model_run(m));
  CHECK_EQ_I(seen.calls, 1);

  /* The runtime's input descriptors: allocated == aligned == data, offset 0,
   * caller's sizes, row-major strides; results zeroed before the call. */
  CHECK(desc_ptr(seen.x_words, 0) == x);
  CHECK(desc_ptr(seen.x_words, 1) == x);
  CHECK_EQ_I(seen.x_words[2], 0);
  CHECK_EQ_I(seen.x_words[3], 3);
  CHECK_EQ_I(seen.x_words[4], 4);
  CHECK_EQ_I(seen.x_words[5], 4);
  CHECK_EQ_I(seen.x_words[6], 1);
  CHECK_OK(tfcc_model_input_data(m, 1, &w));
  CHECK(desc_ptr(seen.w_words, 0) == w);
  CHECK(desc_ptr(seen.w_words, 1) == w);
  CHECK_EQ_I(seen.w_words[3], 4);
  CHECK_EQ_I(seen.w_words[4], 2);
  CHECK_EQ_I(seen.w_words[5], 2);
  CHECK_EQ_I(seen.w_words[6], 1);
  CHECK(seen.results_were_zeroed);

  CHECK(check_predict_outputs(m, 3, 1.0f) == 0);

  /* The same output through the tensor view. */
  CHECK_OK(tfcc_model_output(m, 0, &t));
  CHECK_OK(tfcc_tensor_dtype(t, &dt));
  CHECK_EQ_I(dt, TFCC_F32);
  CHECK_OK(tfcc_tensor_rank(t, &rank));
  CHECK_EQ_I(rank, 2);
  CHECK_OK(tfcc_tensor_dims(t, &dims));
  CHECK_EQ_I(dims[0], 3);
  CHECK_EQ_I(dims[1], 2);
  CHECK_OK(tfcc_tensor_strides(t, &strides));
  CHECK_EQ_I(strides[0], 2);
  CHECK_EQ_I(strides[1], 1);
  CHECK_OK(tfcc_tensor_num_elements(t, &n));
  CHECK_EQ_I(n, 6);
  CHECK_OK(tfcc_tensor_byte_size(t, &bytes));
  CHECK_EQ_I(bytes, 24);
  CHECK_OK(tfcc_tensor_data(t, &td));
  CHECK_OK(tfcc_model_output_data(m, 0, &yd));
  CHECK(td == yd);
  CHECK_OK(tfcc_model_output(m, 1, &t));
  CHECK_OK(tfcc_tensor_dtype(t, &dt));
  CHECK_EQ_I(dt, TFCC_I64);
  /* Both out pointers of output_dims are optional. */
  CHECK_OK(tfcc_model_output_dims(m, 0, NULL, NULL));
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_rerun(void) {
  static const int64_t d3[] = {3, 4};
  static const int64_t d5[] = {5, 4};
  float x3[12], x5[20];
  tfcc_model *m = NULL;
  int k;

  make_x(x3, 3, 1.0f);
  make_x(x5, 5, -1.0f);
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK(fill_w(m) == 0);
  /* Each run must free the previous outputs; valgrind checks the leaks. */
  for (k = 0; k < 4; ++k) {
    if (k % 2 == 0) {
      CHECK_OK(tfcc_model_bind_input(m, 0, x3, 2, d3));
      CHECK_OK(tfcc_model_run(m));
      CHECK(check_predict_outputs(m, 3, 1.0f) == 0);
    } else {
      CHECK_OK(tfcc_model_bind_input(m, 0, x5, 2, d5));
      CHECK_OK(tfcc_model_run(m));
      CHECK(check_predict_outputs(m, 5, -1.0f) == 0);
    }
    /* Stale descriptors from the previous run must not leak into this one. */
    CHECK(seen.results_were_zeroed);
  }
  tfcc_model_destroy(m);

  /* Destroy without ever reading outputs, and destroy before any run. */
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_OK(tfcc_model_bind_input(m, 0, x3, 2, d3));
  CHECK_OK(tfcc_model_run(m));
  tfcc_model_destroy(m);
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_zero_size_input(void) {
  static const int64_t d[] = {0, 4};
  tfcc_model *m = NULL;
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  /* No elements, so no data pointer is needed. */
  CHECK_OK(tfcc_model_bind_input(m, 0, NULL, 2, d));
  CHECK_OK(tfcc_model_run(m));
  CHECK(check_predict_outputs(m, 0, 1.0f) == 0);
  tfcc_model_destroy(m);
  return 0;
}

/* split(): two outputs that are views of one malloc'd buffer, the second at
 * an offset, as bufferization produces for slices of a single allocation. */
static const int64_t four[] = {4};
static const tfcc_arg_spec split_outputs[] = {
    {"lo", TFCC_I32, 1, four},
    {"hi", TFCC_I32, 1, four},
};
static void split_invoke(void **inputs, void *results) {
  int32_t *buf = (int32_t *)malloc(8 * sizeof(int32_t));
  int64_t *out = (int64_t *)results;
  int64_t one = 1;
  int k;
  (void)inputs;
  for (k = 0; k < 8; ++k)
    buf[k] = 10 * k;
  out = write_desc(out, buf, buf, 0, 1, four, &one);
  write_desc(out, buf, buf, 4, 1, four, &one);
}
static const tfcc_model_spec split_spec = {TFCC_MODEL_ABI_VERSION,
                                           0,
                                           2,
                                           "split",
                                           NULL,
                                           split_outputs,
                                           split_invoke,
                                           0,
                                           NULL,
                                           0,
                                           0,
                                           NULL,
                                           0,
                                           0,
                                           NULL,
                                           NULL};

static int test_model_shared_output_buffer(void) {
  tfcc_model *m = NULL;
  const void *lo = NULL, *hi = NULL;
  int k;
  CHECK_OK(tfcc_model_create(&split_spec, &m));
  /* Each run and the destroy free the shared buffer exactly once; a double
   * free aborts under glibc and is reported by valgrind. */
  for (k = 0; k < 3; ++k) {
    CHECK_OK(tfcc_model_run(m));
    CHECK_OK(tfcc_model_output_data(m, 0, &lo));
    CHECK_OK(tfcc_model_output_data(m, 1, &hi));
    CHECK((const int32_t *)hi == (const int32_t *)lo + 4);
    CHECK_EQ_I(((const int32_t *)lo)[3], 30);
    CHECK_EQ_I(((const int32_t *)hi)[0], 40);
    CHECK_EQ_I(((const int32_t *)hi)[3], 70);
  }
  tfcc_model_destroy(m);
  return 0;
}

/* transpose(a: f64[2,3]) -> (t: f64[3,2], same: f64[2,3]): `t` is a strided
 * view at an offset into a padded buffer; `same` returns the input's own
 * buffer, which the runtime must not free. */
static const int64_t d23[] = {2, 3};
static const int64_t d32[] = {3, 2};
static const tfcc_arg_spec transpose_inputs[] = {{"a", TFCC_F64, 2, d23}};
static const tfcc_arg_spec transpose_outputs[] = {
    {"t", TFCC_F64, 2, d32},
    {"same", TFCC_F64, 2, d23},
};
static void transpose_invoke(void **inputs, void *results) {
  const int64_t *a = (const int64_t *)inputs[0];
  int64_t *out = (int64_t *)results;
  double *buf = (double *)malloc(7 * sizeof(double));
  static const int64_t tstrides[] = {1, 3};
  memcpy(buf + 1, desc_ptr(a, 1), 6 * sizeof(double));
  buf[0] = -1;
  out = write_desc(out, buf, buf, 1, 2, d32, tstrides);
  write_desc(out, desc_ptr(a, 0), desc_ptr(a, 1), a[2], 2, a + 3, a + 5);
}
static const tfcc_model_spec transpose_spec = {TFCC_MODEL_ABI_VERSION,
                                               1,
                                               2,
                                               "transpose",
                                               transpose_inputs,
                                               transpose_outputs,
                                               transpose_invoke,
                                               0,
                                               NULL,
                                               0,
                                               0,
                                               NULL,
                                               0,
                                               0,
                                               NULL,
                                               NULL};

static int test_model_output_strided(void) {
  double a[6] = {1, 2, 3, 4, 5, 6};
  tfcc_model *m = NULL, *m2 = NULL;
  const tfcc_tensor *t = NULL;
  const int64_t *strides = NULL, *dims = NULL;
  const void *d = NULL;
  const double *td;

  CHECK_OK(tfcc_model_create(&transpose_spec, &m));
  CHECK_OK(tfcc_model_bind_input(m, 0, a, 2, d23));
  CHECK_OK(tfcc_model_run(m));
  CHECK_OK(tfcc_model_output(m, 0, &t));
  CHECK_OK(tfcc_tensor_dims(t, &dims));
  CHECK_EQ_I(dims[0], 3);
  CHECK_EQ_I(dims[1], 2);
  /* Descriptor strides are reported as-is, data includes the offset. */
  CHECK_OK(tfcc_tensor_strides(t, &strides));
  CHECK_EQ_I(strides[0], 1);
  CHECK_EQ_I(strides[1], 3);
  CHECK_OK(tfcc_model_output_data(m, 0, &d));
  td = (const double *)d;
  CHECK(td[0] == 1.0);
  CHECK(td[1 * strides[0] + 1 * strides[1]] == 5.0); /* t[1][1] = a[1][1] */
  CHECK(td[2 * strides[0] + 0 * strides[1]] == 3.0); /* t[2][0] = a[0][2] */

  /* The aliasing output points at the caller's array. */
  CHECK_OK(tfcc_model_output_data(m, 1, &d));
  CHECK(d == a);

  /* A strided output cannot feed a model that expects row-major data. */
  {
    static const tfcc_arg_spec t_in[] = {{"t", TFCC_F64, 2, d32}};
    tfcc_model_spec spec2 = transpose_spec;
    spec2.inputs = t_in;
    CHECK_OK(tfcc_model_create(&spec2, &m2));
    CHECK_ERR(tfcc_model_bind_input_tensor(m2, 0, t), TFCC_INVALID_ARGUMENT,
              "input 't': tensor is not row-major contiguous");
    tfcc_model_destroy(m2);
  }
  CHECK_OK(tfcc_model_run(m)); /* re-run frees only the padded buffer */
  tfcc_model_destroy(m);
  CHECK(a[5] == 6.0);
  return 0;
}

/* bad(): claims a static [4] output but returns [5]. */
static void bad_shape_invoke(void **inputs, void *results) {
  static const int64_t five[] = {5};
  int64_t one = 1;
  int32_t *buf = (int32_t *)malloc(5 * sizeof(int32_t));
  (void)inputs;
  write_desc((int64_t *)results, buf, buf, 0, 1, five, &one);
}
static const tfcc_model_spec bad_shape_spec = {TFCC_MODEL_ABI_VERSION,
                                               0,
                                               1,
                                               "bad",
                                               NULL,
                                               split_outputs,
                                               bad_shape_invoke,
                                               0,
                                               NULL,
                                               0,
                                               0,
                                               NULL,
                                               0,
                                               0,
                                               NULL,
                                               NULL};

static int test_model_bad_output(void) {
  tfcc_model *m = NULL;
  const void *d = NULL;
  CHECK_OK(tfcc_model_create(&bad_shape_spec, &m));
  /* Reported as a runtime/compiler bug; the buffer is still freed. */
  CHECK_ERR_EXACT(tfcc_model_run(m), TFCC_INTERNAL,
                  "output 'lo': compiled code returned shape [5] but the "
                  "signature is [4]");
  CHECK_ERR(tfcc_model_output_data(m, 0, &d), TFCC_FAILED_PRECONDITION,
            "has no outputs");
  tfcc_model_destroy(m);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Model: errors                                                            */
/* ------------------------------------------------------------------------ */

static int test_model_output_before_run(void) {
  tfcc_model *m = NULL;
  const tfcc_tensor *t = NULL;
  const void *d = NULL;
  int64_t rank;
  const int64_t *dims;
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_ERR_EXACT(tfcc_model_output(m, 0, &t), TFCC_FAILED_PRECONDITION,
                  "model 'predict' has no outputs: tfcc_model_run has not "
                  "succeeded yet");
  CHECK_ERR(tfcc_model_output_data(m, 1, &d), TFCC_FAILED_PRECONDITION,
            "has no outputs");
  CHECK_ERR(tfcc_model_output_dims(m, 0, &rank, &dims),
            TFCC_FAILED_PRECONDITION, "has no outputs");
  /* A run refused for an unbound input produces no outputs either. */
  CHECK_ERR(tfcc_model_run(m), TFCC_FAILED_PRECONDITION, "is not bound");
  CHECK_ERR(tfcc_model_output(m, 0, &t), TFCC_FAILED_PRECONDITION,
            "has no outputs");
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_out_of_range(void) {
  static const int64_t d[] = {1, 4};
  float x[4] = {0};
  tfcc_model *m = NULL;
  const char *name;
  void *p;
  const void *cp;
  const tfcc_tensor *t;
  int64_t rank;
  const int64_t *dims;
  tfcc_tensor *tensor = NULL;

  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_ERR_EXACT(tfcc_model_input_info(m, 5, &name, NULL, NULL, NULL),
                  TFCC_OUT_OF_RANGE,
                  "input index 5 out of range (model 'predict' has 2 inputs)");
  CHECK_ERR_EXACT(tfcc_model_input_info(m, -1, &name, NULL, NULL, NULL),
                  TFCC_OUT_OF_RANGE,
                  "input index -1 out of range (model 'predict' has 2 inputs)");
  CHECK_ERR_EXACT(
      tfcc_model_output_info(m, 2, &name, NULL, NULL, NULL), TFCC_OUT_OF_RANGE,
      "output index 2 out of range (model 'predict' has 2 outputs)");
  CHECK_ERR(tfcc_model_bind_input(m, 2, x, 2, d), TFCC_OUT_OF_RANGE,
            "input index 2");
  CHECK_OK(tfcc_tensor_create(TFCC_F32, 2, d, &tensor));
  CHECK_ERR(tfcc_model_bind_input_tensor(m, 7, tensor), TFCC_OUT_OF_RANGE,
            "input index 7");
  tfcc_tensor_destroy(tensor);
  CHECK_ERR(tfcc_model_alloc_input(m, 3, 2, d, &p), TFCC_OUT_OF_RANGE,
            "input index 3");
  CHECK_ERR(tfcc_model_input_data(m, 2, &p), TFCC_OUT_OF_RANGE,
            "input index 2");
  CHECK_OK(tfcc_model_bind_input(m, 0, x, 2, d));
  CHECK_OK(tfcc_model_run(m));
  CHECK_ERR(tfcc_model_output(m, 9, &t), TFCC_OUT_OF_RANGE, "output index 9");
  CHECK_ERR(tfcc_model_output_data(m, -3, &cp), TFCC_OUT_OF_RANGE,
            "output index -3");
  CHECK_ERR(tfcc_model_output_dims(m, 2, &rank, &dims), TFCC_OUT_OF_RANGE,
            "output index 2");
  tfcc_model_destroy(m);

  /* Singular count reads naturally. */
  CHECK_OK(tfcc_model_create(&transpose_spec, &m));
  CHECK_ERR_EXACT(
      tfcc_model_input_info(m, 1, &name, NULL, NULL, NULL), TFCC_OUT_OF_RANGE,
      "input index 1 out of range (model 'transpose' has 1 input)");
  tfcc_model_destroy(m);
  return 0;
}

/* The arena a spec of ABI version 3 states is allocated at create and
 * counted; a version 2 spec has none. */
static int test_model_memory_info(void) {
  tfcc_model_spec spec = predict_spec;
  tfcc_model *m = NULL;
  tfcc_memory_info info;
  spec.arena_bytes = 1 << 20;
  CHECK_OK(tfcc_model_create(&spec, &m));
  CHECK_OK(tfcc_model_memory_info(m, &info));
  CHECK_EQ_I(info.arena_bytes, 1 << 20);
  /* The arena, the input w's buffer (4x2 floats, static). */
  CHECK_EQ_I(info.held_bytes, (1 << 20) + 32);
  CHECK_ERR(tfcc_model_memory_info(m, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  tfcc_model_destroy(m);
  spec.abi_version = 2;
  CHECK_OK(tfcc_model_create(&spec, &m));
  CHECK_OK(tfcc_model_memory_info(m, &info));
  CHECK_EQ_I(info.arena_bytes, 0);
  tfcc_model_destroy(m);
  spec.abi_version = 3;
  spec.arena_bytes = -1;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "model 'predict' has a negative arena size");
  return 0;
}

/* A model with ops on a GPU loads the CUDA driver at create: without one
 * (or without a device) create fails and says so; with one it works. */
static int test_model_gpu_create(void) {
  static const tfcc_op_spec ops[] = {{"y", "tfcc.exp", "gpu:0"},
                                     {"", "tfcc.tanh", "cpu:0"}};
  tfcc_model_spec spec = predict_spec;
  tfcc_model *m = NULL;
  tfcc_op_spec op;
  int64_t n = -1;
  tfcc_status s;
  /* Where each op runs, as the compiler recorded it. */
  spec.num_ops = 2;
  spec.ops = ops;
  CHECK_OK(tfcc_model_create(&spec, &m));
  CHECK_OK(tfcc_model_num_ops(m, &n));
  CHECK_EQ_I(n, 2);
  CHECK_OK(tfcc_model_device_info(m, 1, &op));
  CHECK(strcmp(op.node, "") == 0 && strcmp(op.op, "tfcc.tanh") == 0 &&
        strcmp(op.device, "cpu:0") == 0);
  CHECK_OK(tfcc_model_device_info(m, 0, &op));
  CHECK(strcmp(op.device, "gpu:0") == 0);
  CHECK_ERR(tfcc_model_device_info(m, 2, &op), TFCC_OUT_OF_RANGE,
            "tfcc_model_device_info: op 2 of model 'predict', which has 2");
  CHECK_ERR(tfcc_model_device_info(m, 0, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  {
    tfcc_gpu_info info;
    CHECK_ERR(tfcc_model_gpu_info(m, &info), TFCC_FAILED_PRECONDITION,
              "tfcc_model_gpu_info: model 'predict' runs on the CPU alone");
  }
  tfcc_model_destroy(m);
  spec.ops = NULL;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "model 'predict' has a malformed op table");
  spec.num_ops = 0;
  spec.num_gpus = -1;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "model 'predict' has a negative GPU count");
  spec.num_gpus = 0;
  spec.cpu_arena_bytes = -1;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT,
            "model 'predict' has a negative GPU count or CPU arena size");
  spec.cpu_arena_bytes = 0;
  spec.num_gpus = 1;
  s = tfcc_model_create(&spec, &m);
  if (s == NULL) {
    CHECK(m != NULL);
    tfcc_model_destroy(m);
    return 0;
  }
  CHECK(m == NULL);
  CHECK_EQ_I(tfcc_status_code_of(s), TFCC_FAILED_PRECONDITION);
  CHECK(strstr(tfcc_status_message(s),
               "no CUDA device: model 'predict' has ops placed on gpu:0") !=
        NULL);
  tfcc_status_free(s);
  /* With a CPU version (--device=auto), create falls back to it, and its
   * ops all run on the CPU. */
  spec.cpu_invoke = predict_spec.invoke;
  spec.num_ops = 2;
  spec.ops = ops;
  CHECK_OK(tfcc_model_create(&spec, &m));
  CHECK_OK(tfcc_model_device_info(m, 0, &op));
  CHECK(strcmp(op.node, "y") == 0 && strcmp(op.op, "tfcc.exp") == 0 &&
        strcmp(op.device, "cpu:0") == 0);
  tfcc_model_destroy(m);
  spec.cpu_invoke = NULL;
  /* A spec of version 3 has no GPU ops, whatever follows it. */
  spec.abi_version = 3;
  CHECK_OK(tfcc_model_create(&spec, &m));
  tfcc_model_destroy(m);
  return 0;
}

static int test_model_null_handles(void) {
  static const int64_t d[] = {1, 4};
  float x[4] = {0};
  tfcc_model *m = NULL;
  const char *name;
  int64_t i64;
  const int64_t *dims;
  tfcc_dtype dt;
  void *p;
  const void *cp;
  const tfcc_tensor *t;

  CHECK_ERR(tfcc_model_name(NULL, &name), TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_num_inputs(NULL, &i64), TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_num_outputs(NULL, &i64), TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_input_index(NULL, "x", &i64), TFCC_INVALID_ARGUMENT,
            "'m'");
  CHECK_ERR(tfcc_model_output_index(NULL, "y", &i64), TFCC_INVALID_ARGUMENT,
            "'m'");
  CHECK_ERR(tfcc_model_input_info(NULL, 0, &name, &dt, &i64, &dims),
            TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_output_info(NULL, 0, &name, &dt, &i64, &dims),
            TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_bind_input(NULL, 0, x, 2, d), TFCC_INVALID_ARGUMENT,
            "'m'");
  CHECK_ERR(tfcc_model_bind_input_tensor(NULL, 0, NULL),
            TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_alloc_input(NULL, 0, 2, d, &p), TFCC_INVALID_ARGUMENT,
            "'m'");
  CHECK_ERR(tfcc_model_input_data(NULL, 0, &p), TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR_EXACT(tfcc_model_run(NULL), TFCC_INVALID_ARGUMENT,
                  "tfcc_model_run: 'm' must not be NULL");
  CHECK_ERR(tfcc_model_output(NULL, 0, &t), TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_output_data(NULL, 0, &cp), TFCC_INVALID_ARGUMENT,
            "'m'");
  CHECK_ERR(tfcc_model_output_dims(NULL, 0, &i64, &dims),
            TFCC_INVALID_ARGUMENT, "'m'");

  /* NULL out pointers on a live model. */
  CHECK_OK(tfcc_model_create(&predict_spec, &m));
  CHECK_ERR(tfcc_model_name(m, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_model_num_inputs(m, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_model_num_outputs(m, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_model_input_index(m, "x", NULL), TFCC_INVALID_ARGUMENT,
            "'out'");
  CHECK_ERR(tfcc_model_output_index(m, "y", NULL), TFCC_INVALID_ARGUMENT,
            "'out'");
  CHECK_ERR(tfcc_model_input_data(m, 1, NULL), TFCC_INVALID_ARGUMENT,
            "'data'");
  CHECK_OK(tfcc_model_bind_input(m, 0, x, 2, d));
  CHECK_OK(tfcc_model_run(m));
  CHECK_ERR(tfcc_model_output(m, 0, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  CHECK_ERR(tfcc_model_output_data(m, 0, NULL), TFCC_INVALID_ARGUMENT,
            "'data'");
  tfcc_model_destroy(m);
  return 0;
}

/* twice(x: f32[?]) -> (y: f32[?] = 2 x), allocated as compiled code
 * allocates an output: announced (tfcc_rt_output_next), then through the
 * runtime's allocation function, 64 bytes more, and rounded up to 64. */
void tfcc_rt_output_next(int64_t i);
void *_mlir_memref_to_llvm_alloc(size_t size);
static const int64_t any_dims[] = {-1};
static const tfcc_arg_spec twice_inputs[] = {{"x", TFCC_F32, 1, any_dims}};
static const tfcc_arg_spec twice_outputs[] = {{"y", TFCC_F32, 1, any_dims}};
static float *twice_allocated;
static void twice_invoke(void **inputs, void *results) {
  const int64_t *x = (const int64_t *)inputs[0];
  const float *xd = (const float *)desc_ptr(x, 1) + x[2];
  int64_t n = x[3], i, one = 1;
  char *allocated;
  float *y;
  tfcc_rt_output_next(0);
  allocated =
      (char *)_mlir_memref_to_llvm_alloc((size_t)n * sizeof(float) + 64);
  y = (float *)(allocated + (64 - (uintptr_t)allocated % 64) % 64);
  for (i = 0; i < n; ++i)
    y[i] = 2 * xd[i * x[4]];
  twice_allocated = y;
  write_desc((int64_t *)results, allocated, y, 0, 1, &n, &one);
}
static const tfcc_model_spec twice_spec = {TFCC_MODEL_ABI_VERSION,
                                           1,
                                           1,
                                           "twice",
                                           twice_inputs,
                                           twice_outputs,
                                           twice_invoke,
                                           0,
                                           NULL,
                                           0,
                                           0,
                                           NULL,
                                           0,
                                           0,
                                           NULL,
                                           NULL};

/* Outputs in caller memory: written there by the compiled code when it
 * fits (aligned, of the run's size), copied there otherwise (unaligned; a
 * strided view); a run of another shape is an error. */
static int test_model_bind_output(void) {
  static const int64_t four[] = {4}, five[] = {5}, four_one[] = {4, 1};
  float x[5] = {1, 2, 3, 4, 5};
  float *bound = (float *)tfcc_aligned_alloc(64, 16 * sizeof(float));
  const void *d = NULL;
  const tfcc_tensor *t = NULL;
  const int64_t *strides = NULL;
  tfcc_model *m = NULL;
  int64_t i;

  CHECK(bound != NULL);
  CHECK_OK(tfcc_model_create(&twice_spec, &m));
  CHECK_ERR_EXACT(tfcc_model_bind_output(m, 0, bound, 2, four_one),
                  TFCC_INVALID_ARGUMENT,
                  "output 'y': expected shape [?] but got [4,1]");
  CHECK_ERR_EXACT(tfcc_model_bind_output(m, 1, bound, 1, four),
                  TFCC_OUT_OF_RANGE,
                  "output index 1 out of range (model 'twice' has 1 output)");
  CHECK_OK(tfcc_model_bind_input(m, 0, x, 1, four));

  /* Written in place. */
  CHECK_OK(tfcc_model_bind_output(m, 0, bound, 1, four));
  CHECK_OK(tfcc_model_run(m));
  CHECK(twice_allocated == bound);
  CHECK_OK(tfcc_model_output_data(m, 0, &d));
  CHECK(d == bound);
  for (i = 0; i < 4; ++i)
    CHECK(bound[i] == 2 * x[i]);
  x[0] = 10;
  CHECK_OK(tfcc_model_run(m));
  CHECK(bound[0] == 20 && twice_allocated == bound);

  /* A run of another shape fails and leaves no outputs. */
  CHECK_OK(tfcc_model_bind_input(m, 0, x, 1, five));
  CHECK_ERR_EXACT(tfcc_model_run(m), TFCC_INVALID_ARGUMENT,
                  "output 'y': the run produced shape [5] but the bound "
                  "buffer is [4]");
  CHECK_ERR(tfcc_model_output_data(m, 0, &d), TFCC_FAILED_PRECONDITION,
            "has no outputs");

  /* Unaligned memory: the run allocates its own, then copies. */
  CHECK_OK(tfcc_model_bind_output(m, 0, bound + 1, 1, five));
  CHECK_OK(tfcc_model_run(m));
  CHECK(twice_allocated != bound + 1);
  CHECK_OK(tfcc_model_output_data(m, 0, &d));
  CHECK(d == bound + 1);
  for (i = 0; i < 5; ++i)
    CHECK(bound[1 + i] == 2 * x[i]);

  /* Unbound: the instance's own buffer again. */
  CHECK_OK(tfcc_model_bind_output(m, 0, NULL, 0, NULL));
  CHECK_OK(tfcc_model_run(m));
  CHECK_OK(tfcc_model_output_data(m, 0, &d));
  CHECK(d != bound + 1 && d == twice_allocated);
  tfcc_model_destroy(m);

  /* A strided view is copied row-major; the strides say so. */
  {
    double a[6] = {1, 2, 3, 4, 5, 6}, tr[6] = {0};
    static const double expect[6] = {1, 4, 2, 5, 3, 6};
    CHECK_OK(tfcc_model_create(&transpose_spec, &m));
    CHECK_OK(tfcc_model_bind_input(m, 0, a, 2, d23));
    CHECK_OK(tfcc_model_bind_output(m, 0, tr, 2, d32));
    CHECK_OK(tfcc_model_run(m));
    CHECK(memcmp(tr, expect, sizeof(tr)) == 0);
    CHECK_OK(tfcc_model_output(m, 0, &t));
    CHECK_OK(tfcc_tensor_strides(t, &strides));
    CHECK_EQ_I(strides[0], 2);
    CHECK_EQ_I(strides[1], 1);
    tfcc_model_destroy(m);
  }
  tfcc_aligned_free(bound);
  return 0;
}

/* plus_one(x: f32[?]) -> (y: f32[?] = x + 1) through a temporary of x's
 * size in the dynamic arena, allocated and freed as compiled code does:
 * announced (tfcc_rt_arena_next), 64 bytes more, rounded up to 64. */
void tfcc_rt_arena_next(void);
void _mlir_memref_to_llvm_free(void *p);
static const tfcc_arg_spec plus_one_outputs[] = {{"y", TFCC_F32, 1, any_dims}};
static char *plus_one_arena, *plus_one_inner;
static int plus_one_calls_inner;
static void plus_one_invoke(void **inputs, void *results) {
  const int64_t *x = (const int64_t *)inputs[0];
  const float *xd = (const float *)desc_ptr(x, 1) + x[2];
  int64_t n = x[3], i, one = 1;
  char *raw;
  float *tmp, *y;
  tfcc_rt_arena_next();
  raw = (char *)_mlir_memref_to_llvm_alloc((size_t)n * sizeof(float) + 64);
  tmp = (float *)(raw + (64 - (uintptr_t)raw % 64) % 64);
  for (i = 0; i < n; ++i)
    tmp[i] = xd[i * x[4]] + 1;
  y = (float *)_mlir_memref_to_llvm_alloc((size_t)n * sizeof(float));
  memcpy(y, tmp, (size_t)n * sizeof(float));
  plus_one_arena = raw;
  /* A public function it calls announces its own dynamic arena. */
  if (plus_one_calls_inner) {
    tfcc_rt_arena_next();
    plus_one_inner = (char *)_mlir_memref_to_llvm_alloc(128);
    memset(plus_one_inner, 0, 128);
    _mlir_memref_to_llvm_free(plus_one_inner);
  }
  _mlir_memref_to_llvm_free(raw);
  write_desc((int64_t *)results, y, y, 0, 1, &n, &one);
}
static const tfcc_model_spec plus_one_spec = {TFCC_MODEL_ABI_VERSION,
                                              1,
                                              1,
                                              "plus_one",
                                              twice_inputs,
                                              plus_one_outputs,
                                              plus_one_invoke,
                                              0,
                                              NULL,
                                              0,
                                              0,
                                              NULL,
                                              0,
                                              0,
                                              NULL,
                                              NULL};

/* The dynamic arena is the instance's: a run's free keeps it, a run needing
 * no more reuses it, one needing more grows it; results stay right. */
static int test_model_dynamic_arena(void) {
  float x[64];
  tfcc_model *m = NULL;
  tfcc_memory_info before, after;
  char *first;
  int64_t i, n, bytes = -1;
  const void *d = NULL;
  for (i = 0; i < 64; ++i)
    x[i] = (float)i;
  CHECK_OK(tfcc_model_create(&plus_one_spec, &m));
  CHECK_OK(tfcc_model_dynamic_arena_bytes(m, &bytes));
  CHECK_EQ_I(bytes, 0);
  for (n = 8; n <= 64; n *= 8) {
    const float *y;
    CHECK_OK(tfcc_model_bind_input(m, 0, x, 1, &n));
    CHECK_OK(tfcc_model_memory_info(m, &before));
    CHECK_OK(tfcc_model_run(m));
    first = plus_one_arena;
    CHECK_OK(tfcc_model_memory_info(m, &after));
    /* The first run allocates it, the run of 64 grows it. */
    CHECK(after.held_bytes >= before.held_bytes + n * 4);
    CHECK_OK(tfcc_model_dynamic_arena_bytes(m, &bytes));
    CHECK_EQ_I(bytes, n * 4 + 64);
    /* The same block for a run needing as much or less. */
    CHECK_OK(tfcc_model_bind_input(m, 0, x, 1, &(int64_t){n / 2}));
    CHECK_OK(tfcc_model_run(m));
    CHECK(plus_one_arena == first);
    CHECK_OK(tfcc_model_output_data(m, 0, &d));
    y = (const float *)d;
    for (i = 0; i < n / 2; ++i)
      CHECK(y[i] == x[i] + 1);
  }
  /* A second arena announced in the run is a plain allocation, not the
   * block the first is using. */
  plus_one_calls_inner = 1;
  CHECK_OK(tfcc_model_run(m));
  plus_one_calls_inner = 0;
  CHECK(plus_one_arena == first && plus_one_inner != first);
  tfcc_model_destroy(m);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                   */
/* ------------------------------------------------------------------------ */

static const struct {
  const char *name;
  int (*fn)(void);
} cases[] = {
    {"status_basic", test_status_basic},
    {"status_null_ok", test_status_null_ok},
    {"status_code_names", test_status_code_names},
    {"status_long_message", test_status_long_message},
    {"runtime_version", test_runtime_version},
    {"dtype_sizes", test_dtype_sizes},
    {"dtype_names", test_dtype_names},
    {"tensor_create_aligned", test_tensor_create_aligned},
    {"tensor_dims_strides", test_tensor_dims_strides},
    {"tensor_zero_size", test_tensor_zero_size},
    {"tensor_rank0", test_tensor_rank0},
    {"tensor_invalid_args", test_tensor_invalid_args},
    {"tensor_wrap", test_tensor_wrap},
    {"aligned_alloc", test_aligned_alloc},
    {"model_create", test_model_create},
    {"model_create_invalid", test_model_create_invalid},
    {"model_introspection", test_model_introspection},
    {"model_bind_wrong_rank", test_model_bind_wrong_rank},
    {"model_bind_wrong_dim", test_model_bind_wrong_dim},
    {"model_bind_wrong_dtype", test_model_bind_wrong_dtype},
    {"model_alloc_input", test_model_alloc_input},
    {"model_run_unbound", test_model_run_unbound},
    {"model_run_outputs", test_model_run_outputs},
    {"model_rerun", test_model_rerun},
    {"model_zero_size_input", test_model_zero_size_input},
    {"model_shared_output_buffer", test_model_shared_output_buffer},
    {"model_output_strided", test_model_output_strided},
    {"model_bad_output", test_model_bad_output},
    {"model_output_before_run", test_model_output_before_run},
    {"model_out_of_range", test_model_out_of_range},
    {"model_null_handles", test_model_null_handles},
    {"model_memory_info", test_model_memory_info},
    {"model_gpu_create", test_model_gpu_create},
    {"model_bind_output", test_model_bind_output},
    {"model_dynamic_arena", test_model_dynamic_arena},
};

int main(int argc, char **argv) {
  size_t k, n = sizeof(cases) / sizeof(cases[0]);
  if (argc != 2) {
    fprintf(stderr, "usage: %s <case> | --list\n", argv[0]);
    return 2;
  }
  if (strcmp(argv[1], "--list") == 0) {
    for (k = 0; k < n; ++k)
      printf("%s\n", cases[k].name);
    return 0;
  }
  for (k = 0; k < n; ++k) {
    if (strcmp(argv[1], cases[k].name) == 0) {
      if (cases[k].fn() != 0) {
        printf("FAILED %s\n", cases[k].name);
        return 1;
      }
      printf("PASS %s\n", cases[k].name);
      return 0;
    }
  }
  fprintf(stderr, "unknown case '%s' (see --list)\n", argv[1]);
  return 2;
}
