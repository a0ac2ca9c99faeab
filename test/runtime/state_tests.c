/*
 * Unit tests of the runtime's variables and checkpoints.
 *
 *   tfcc-runtime-state-tests <case> [args]   runs one case: prints
 *                                            "PASS <case>", exit 0, or what
 *                                            failed, exit 1
 *
 * The models are hand-written specs whose invoke functions play the part of
 * compiled code, reading and writing memref descriptors as it does.
 */
#define _POSIX_C_SOURCE 200809L

#include "tfcc/runtime.h"

#include "test_assert.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK_OK(expr)                                                         \
  do {                                                                         \
    tfcc_status s_ = (expr);                                                   \
    if (s_ != NULL) {                                                          \
      printf("FAIL at line %d: %s: %s\n", __LINE__, #expr,                     \
             tfcc_status_message(s_));                                         \
      tfcc_status_free(s_);                                                    \
      return 1;                                                                \
    }                                                                          \
  } while (0)
/* Prints the error message (for FileCheck) and checks the code. */
#define CHECK_ERR(expr, code)                                                  \
  do {                                                                         \
    tfcc_status s_ = (expr);                                                   \
    if (s_ == NULL)                                                            \
      FAIL("%s succeeded", #expr);                                             \
    printf("error: %s\n", tfcc_status_message(s_));                           \
    if (tfcc_status_code_of(s_) != (code)) {                                   \
      tfcc_status_free(s_);                                                    \
      FAIL("%s: wrong code", #expr);                                           \
    }                                                                          \
    tfcc_status_free(s_);                                                      \
  } while (0)

static void *desc_ptr(const int64_t *w, int k) {
  return (void *)(intptr_t)w[k];
}

static int64_t *write_desc(int64_t *w, void *p, int rank, const int64_t *sizes) {
  int64_t stride = 1;
  int d;
  w[0] = (int64_t)(intptr_t)p;
  w[1] = (int64_t)(intptr_t)p;
  w[2] = 0;
  for (d = rank - 1; d >= 0; --d) {
    w[3 + d] = sizes[d];
    w[3 + rank + d] = stride;
    stride *= sizes[d];
  }
  return w + 3 + 2 * rank;
}

/* ------------------------------------------------------------------------ */
/* step(x: f32[2,2]) -> (y = x + W, count = counter + 1);                   */
/* variables W: f32[2,2] (read only), counter: i64[] (written).             */
/* The new counter is both the output `count` and the written value: one    */
/* buffer, which the runtime must free once.                                */
/* ------------------------------------------------------------------------ */

static const int64_t d22[] = {2, 2};
static const float w_init[4] = {1, 2, 3, 4};
static const int64_t counter_init = 0;
static const tfcc_arg_spec step_inputs[] = {{"x", TFCC_F32, 2, d22}};
static const tfcc_arg_spec step_outputs[] = {{"y", TFCC_F32, 2, d22},
                                             {"count", TFCC_I64, 0, NULL}};
static const tfcc_variable_spec step_vars[] = {
    {"W", TFCC_F32, 2, d22, w_init, 0, 0},
    {"counter", TFCC_I64, 0, NULL, &counter_init, 1, 0}};

static void step_invoke(void **inputs, void *results) {
  const float *x = (const float *)desc_ptr((const int64_t *)inputs[0], 1);
  const float *w = (const float *)desc_ptr((const int64_t *)inputs[1], 1);
  const int64_t *c = (const int64_t *)desc_ptr((const int64_t *)inputs[2], 1);
  float *y = (float *)malloc(4 * sizeof(float));
  int64_t *n = (int64_t *)malloc(sizeof(int64_t));
  int64_t *out = (int64_t *)results;
  volatile int spin;
  int i;
  for (i = 0; i < 4; ++i)
    y[i] = x[i] + w[i];
  *n = *c;
  /* Widen the window between the read and the write, so that a missing
   * lock loses updates in the thread test. */
  for (spin = 0; spin < 200; ++spin)
    ;
  *n += 1;
  out = write_desc(out, y, 2, d22);
  out = write_desc(out, n, 0, NULL);
  write_desc(out, n, 0, NULL);
}

static const tfcc_model_spec step_spec = {TFCC_MODEL_ABI_VERSION,
                                          1,
                                          2,
                                          "step",
                                          step_inputs,
                                          step_outputs,
                                          step_invoke,
                                          2,
                                          step_vars,
                                          0,
                                          0,
                                          NULL,
                                          0,
                                          0,
                                          NULL,
                                          NULL};

static int64_t counter_of(tfcc_model *m) {
  void *p = NULL;
  tfcc_status s = tfcc_model_variable_data(m, 1, &p);
  if (s != NULL) {
    tfcc_status_free(s);
    return -1;
  }
  return *(int64_t *)p;
}

static int test_var_info(void) {
  tfcc_model *m = NULL;
  int64_t n = -1, i = -1, rank = -1;
  const char *name = NULL;
  tfcc_dtype dtype;
  const int64_t *dims = NULL;
  void *data = NULL;
  CHECK_OK(tfcc_model_create(&step_spec, &m));
  CHECK_OK(tfcc_model_num_variables(m, &n));
  CHECK_EQ_I(n, 2);
  CHECK_OK(tfcc_model_variable_index(m, "counter", &i));
  CHECK_EQ_I(i, 1);
  CHECK_OK(tfcc_model_variable_info(m, 0, &name, &dtype, &rank, &dims));
  CHECK(strcmp(name, "W") == 0);
  CHECK_EQ_I(dtype, TFCC_F32);
  CHECK_EQ_I(rank, 2);
  CHECK_EQ_I(dims[0], 2);
  CHECK_EQ_I(dims[1], 2);
  CHECK_OK(tfcc_model_variable_data(m, 0, &data));
  CHECK(memcmp(data, w_init, sizeof(w_init)) == 0);
  CHECK(data != (void *)w_init); /* a copy the instance owns */
  CHECK_ERR(tfcc_model_variable_index(m, "V", &i), TFCC_INVALID_ARGUMENT);
  CHECK_ERR(tfcc_model_variable_info(m, 2, NULL, NULL, NULL, NULL),
            TFCC_OUT_OF_RANGE);
  CHECK_ERR(tfcc_model_variable_data(m, -1, &data), TFCC_OUT_OF_RANGE);
  CHECK_ERR(tfcc_model_bind_variable(m, 5, NULL), TFCC_OUT_OF_RANGE);
  tfcc_model_destroy(m);
  return 0;
}

static int test_var_persist(void) {
  tfcc_model *a = NULL, *b = NULL;
  float *x = NULL;
  const void *y = NULL, *count = NULL;
  int i;
  CHECK_OK(tfcc_model_create(&step_spec, &a));
  CHECK_OK(tfcc_model_create(&step_spec, &b));
  CHECK_OK(tfcc_model_input_data(a, 0, (void **)&x));
  for (i = 0; i < 4; ++i)
    x[i] = 10.0f * (float)i;
  for (i = 1; i <= 3; ++i) {
    CHECK_OK(tfcc_model_run(a));
    CHECK_OK(tfcc_model_output_data(a, 1, &count));
    CHECK_EQ_I(*(const int64_t *)count, i);
    CHECK_EQ_I(counter_of(a), i);
  }
  CHECK_OK(tfcc_model_output_data(a, 0, &y));
  CHECK(((const float *)y)[3] == 34.0f);
  /* Instances are independent. */
  CHECK_EQ_I(counter_of(b), 0);
  CHECK_OK(tfcc_model_run(b));
  CHECK_EQ_I(counter_of(b), 1);
  CHECK_EQ_I(counter_of(a), 3);
  /* Reset restores the initial values. */
  CHECK_OK(tfcc_model_reset_variables(a));
  CHECK_EQ_I(counter_of(a), 0);
  tfcc_model_destroy(a);
  tfcc_model_destroy(b);
  return 0;
}

static int test_var_bind(void) {
  tfcc_model *m = NULL;
  int64_t shared = 100;
  void *p = NULL;
  CHECK_OK(tfcc_model_create(&step_spec, &m));
  CHECK_OK(tfcc_model_run(m));
  CHECK_EQ_I(counter_of(m), 1);
  CHECK_OK(tfcc_model_bind_variable(m, 1, &shared));
  CHECK_OK(tfcc_model_variable_data(m, 1, &p));
  CHECK(p == (void *)&shared);
  CHECK_OK(tfcc_model_run(m));
  CHECK_OK(tfcc_model_run(m));
  CHECK_EQ_I(shared, 102);
  /* Own storage again, with the value it had. */
  CHECK_OK(tfcc_model_bind_variable(m, 1, NULL));
  CHECK_EQ_I(counter_of(m), 1);
  CHECK_OK(tfcc_model_run(m));
  CHECK_EQ_I(counter_of(m), 2);
  CHECK_EQ_I(shared, 102);
  tfcc_model_destroy(m);
  return 0;
}

/* Two threads, two instances sharing one counter: no update is lost. */
struct worker {
  tfcc_model *m;
  int runs, failed;
};

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  int i;
  for (i = 0; i < w->runs; ++i) {
    tfcc_status s = tfcc_model_run(w->m);
    if (s != NULL) {
      w->failed = 1;
      tfcc_status_free(s);
    }
  }
  return NULL;
}

static int test_var_threads(void) {
  enum { RUNS = 20000 };
  struct worker w[2];
  pthread_t t[2];
  int64_t shared = 0;
  int i;
  for (i = 0; i < 2; ++i) {
    w[i].runs = RUNS;
    w[i].failed = 0;
    CHECK_OK(tfcc_model_create(&step_spec, &w[i].m));
    CHECK_OK(tfcc_model_bind_variable(w[i].m, 1, &shared));
  }
  for (i = 0; i < 2; ++i)
    CHECK(pthread_create(&t[i], NULL, work, &w[i]) == 0);
  for (i = 0; i < 2; ++i)
    pthread_join(t[i], NULL);
  CHECK(!w[0].failed && !w[1].failed);
  CHECK_EQ_I(shared, 2 * RUNS);
  for (i = 0; i < 2; ++i)
    tfcc_model_destroy(w[i].m);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* swap() -> (old_a = A unchanged); A, B: f32[3], both written, swapped by  */
/* returning each other's storage; old_a is A's storage itself. The runtime */
/* must neither lose a value to the overlapping write-backs nor let the     */
/* output follow A's storage.                                               */
/* ------------------------------------------------------------------------ */

static const int64_t d3[] = {3};
static const float a_init[3] = {1, 2, 3}, b_init[3] = {7, 8, 9};
static const tfcc_arg_spec swap_outputs[] = {{"old_a", TFCC_F32, 1, d3}};
static const tfcc_variable_spec swap_vars[] = {
    {"A", TFCC_F32, 1, d3, a_init, 1, 0}, {"B", TFCC_F32, 1, d3, b_init, 1, 0}};

static void swap_invoke(void **inputs, void *results) {
  void *a = desc_ptr((const int64_t *)inputs[0], 1);
  void *b = desc_ptr((const int64_t *)inputs[1], 1);
  int64_t *out = (int64_t *)results;
  out = write_desc(out, a, 1, d3);
  out = write_desc(out, b, 1, d3);
  write_desc(out, a, 1, d3);
}

static const tfcc_model_spec swap_spec = {TFCC_MODEL_ABI_VERSION,
                                          0,
                                          1,
                                          "swap",
                                          NULL,
                                          swap_outputs,
                                          swap_invoke,
                                          2,
                                          swap_vars,
                                          0,
                                          0,
                                          NULL,
                                          0,
                                          0,
                                          NULL,
                                          NULL};

static int test_var_aliasing(void) {
  tfcc_model *m = NULL;
  const void *old = NULL;
  void *a = NULL, *b = NULL;
  CHECK_OK(tfcc_model_create(&swap_spec, &m));
  CHECK_OK(tfcc_model_run(m));
  CHECK_OK(tfcc_model_variable_data(m, 0, &a));
  CHECK_OK(tfcc_model_variable_data(m, 1, &b));
  CHECK(memcmp(a, b_init, sizeof(b_init)) == 0);
  CHECK(memcmp(b, a_init, sizeof(a_init)) == 0);
  CHECK_OK(tfcc_model_output_data(m, 0, &old));
  CHECK(old != a);
  CHECK(memcmp(old, a_init, sizeof(a_init)) == 0);
  CHECK_OK(tfcc_model_run(m));
  CHECK(memcmp(a, a_init, sizeof(a_init)) == 0);
  CHECK_OK(tfcc_model_output_data(m, 0, &old));
  CHECK(memcmp(old, b_init, sizeof(b_init)) == 0);
  tfcc_model_destroy(m);
  return 0;
}

static int test_var_bad_spec(void) {
  static const int64_t dyn[] = {-1};
  static const tfcc_variable_spec bad_dyn[] = {
      {"V", TFCC_F32, 1, dyn, a_init, 0, 0}};
  static const tfcc_variable_spec no_init[] = {
      {"V", TFCC_F32, 1, d3, NULL, 0, 0}};
  tfcc_model_spec spec = swap_spec;
  tfcc_model *m = NULL;
  spec.num_variables = 1;
  spec.variables = bad_dyn;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT);
  spec.variables = no_init;
  CHECK_ERR(tfcc_model_create(&spec, &m), TFCC_INVALID_ARGUMENT);
  CHECK(m == NULL);
  return 0;
}

/* ABI 6: an initial value of one element, repeated (a table of zeros need
 * not be in the library), at create and at reset. ABI 5 and older: variable
 * specs without initial_splat, whose array has a shorter stride. */
static int test_var_splat_and_old_abi(void) {
  static const float splat = 2.5f;
  static const tfcc_variable_spec splat_vars[] = {
      {"A", TFCC_F32, 1, d3, &splat, 1, 1},
      {"B", TFCC_F32, 1, d3, b_init, 1, 0}};
  static const struct {
    const char *name;
    int32_t dtype, rank;
    const int64_t *dims;
    const void *initial_data;
    int32_t written;
  } v5_vars[] = {{"A", TFCC_F32, 1, d3, a_init, 1},
                 {"B", TFCC_F32, 1, d3, b_init, 1}};
  const float want[3] = {2.5f, 2.5f, 2.5f};
  tfcc_model_spec spec = swap_spec;
  tfcc_model *m = NULL;
  void *a = NULL, *b = NULL;
  spec.variables = splat_vars;
  CHECK_OK(tfcc_model_create(&spec, &m));
  CHECK_OK(tfcc_model_variable_data(m, 0, &a));
  CHECK_OK(tfcc_model_variable_data(m, 1, &b));
  CHECK(memcmp(a, want, sizeof(want)) == 0);
  CHECK(memcmp(b, b_init, sizeof(want)) == 0);
  memset(a, 0, sizeof(want));
  CHECK_OK(tfcc_model_reset_variables(m));
  CHECK(memcmp(a, want, sizeof(want)) == 0);
  tfcc_model_destroy(m);
  spec.abi_version = 5;
  spec.variables = (const tfcc_variable_spec *)(const void *)v5_vars;
  CHECK_OK(tfcc_model_create(&spec, &m));
  CHECK_OK(tfcc_model_variable_data(m, 0, &a));
  CHECK_OK(tfcc_model_variable_data(m, 1, &b));
  CHECK(memcmp(a, a_init, sizeof(want)) == 0);
  CHECK(memcmp(b, b_init, sizeof(want)) == 0);
  tfcc_model_destroy(m);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Checkpoints                                                              */
/* ------------------------------------------------------------------------ */

static char ckpt_path[4096];

static void temp_path(const char *name) {
  const char *dir = getenv("TMPDIR");
  snprintf(ckpt_path, sizeof(ckpt_path), "%s/tfcc-state-%ld-%s",
           dir ? dir : "/tmp", (long)getpid(), name);
}

/* Three entries of different dtypes and ranks, one of them empty. */
static int write_sample(const char *path) {
  static const int64_t d23[] = {2, 3}, d0[] = {0};
  float f[6] = {0.5f, -1.0f, 2.25f, 3.0f, 1e-3f, -7.5f};
  int64_t step = 42;
  unsigned char flags[1] = {0};
  tfcc_tensor *t[3];
  const char *names[3] = {"layer/W", "step", "empty"};
  tfcc_status s;
  CHECK_OK(tfcc_tensor_wrap(TFCC_F32, 2, d23, f, &t[0]));
  CHECK_OK(tfcc_tensor_wrap(TFCC_I64, 0, NULL, &step, &t[1]));
  CHECK_OK(tfcc_tensor_wrap(TFCC_I1, 1, d0, flags, &t[2]));
  s = tfcc_checkpoint_save(path, 3, names, (const tfcc_tensor *const *)t);
  tfcc_tensor_destroy(t[0]);
  tfcc_tensor_destroy(t[1]);
  tfcc_tensor_destroy(t[2]);
  CHECK_OK(s);
  return 0;
}

static int check_sample(const tfcc_checkpoint *c) {
  int64_t n = 0, rank = 0;
  const char *name = NULL;
  const tfcc_tensor *t = NULL;
  const int64_t *dims = NULL;
  void *data = NULL;
  tfcc_dtype dtype;
  CHECK_OK(tfcc_checkpoint_num_entries(c, &n));
  CHECK_EQ_I(n, 3);
  CHECK_OK(tfcc_checkpoint_entry(c, 0, &name, &t));
  CHECK(strcmp(name, "layer/W") == 0);
  CHECK_OK(tfcc_tensor_dtype(t, &dtype));
  CHECK_EQ_I(dtype, TFCC_F32);
  CHECK_OK(tfcc_tensor_rank(t, &rank));
  CHECK_OK(tfcc_tensor_dims(t, &dims));
  CHECK(rank == 2 && dims[0] == 2 && dims[1] == 3);
  CHECK_OK(tfcc_tensor_data(t, &data));
  CHECK(((float *)data)[2] == 2.25f && ((float *)data)[5] == -7.5f);
  CHECK_OK(tfcc_checkpoint_entry(c, 1, &name, &t));
  CHECK(strcmp(name, "step") == 0);
  CHECK_OK(tfcc_tensor_data(t, &data));
  CHECK_EQ_I(*(int64_t *)data, 42);
  CHECK_OK(tfcc_checkpoint_entry(c, 2, &name, &t));
  CHECK(strcmp(name, "empty") == 0);
  CHECK_OK(tfcc_tensor_dims(t, &dims));
  CHECK_EQ_I(dims[0], 0);
  return 0;
}

static int read_all(const char *path, unsigned char **buf, long *size) {
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL);
  fseek(f, 0, SEEK_END);
  *size = ftell(f);
  fseek(f, 0, SEEK_SET);
  *buf = (unsigned char *)malloc((size_t)*size);
  CHECK(fread(*buf, 1, (size_t)*size, f) == (size_t)*size);
  fclose(f);
  return 0;
}

static int write_all(const char *path, const unsigned char *buf, long size) {
  FILE *f = fopen(path, "wb");
  CHECK(f != NULL);
  CHECK(fwrite(buf, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
  return 0;
}

static int test_ckpt_roundtrip(void) {
  tfcc_checkpoint *c = NULL;
  temp_path("roundtrip.tfck");
  if (write_sample(ckpt_path))
    return 1;
  /* Saving again replaces the file in place (temporary + rename). */
  if (write_sample(ckpt_path))
    return 1;
  CHECK_OK(tfcc_checkpoint_load(ckpt_path, &c));
  if (check_sample(c))
    return 1;
  {
    const char *name;
    const tfcc_tensor *t;
    CHECK_ERR(tfcc_checkpoint_entry(c, 3, &name, &t), TFCC_OUT_OF_RANGE);
  }
  tfcc_checkpoint_free(c);
  unlink(ckpt_path);
  return 0;
}

/* Writes the sample to argv path, for the Python reader test. */
static int test_ckpt_write_sample(const char *path) {
  return path == NULL ? 1 : write_sample(path);
}

/* Every single-byte corruption is refused, or (padding) changes nothing. */
static int test_ckpt_corrupt(void) {
  unsigned char *buf = NULL;
  long size = 0, i;
  int refused = 0;
  char bad[4200];
  temp_path("corrupt.tfck");
  snprintf(bad, sizeof(bad), "%s.bad", ckpt_path);
  if (write_sample(ckpt_path) || read_all(ckpt_path, &buf, &size))
    return 1;
  for (i = 0; i < size; ++i) {
    tfcc_checkpoint *c = NULL;
    tfcc_status s;
    buf[i] ^= 0x5A;
    if (write_all(bad, buf, size))
      return 1;
    buf[i] ^= 0x5A;
    s = tfcc_checkpoint_load(bad, &c);
    if (s != NULL) {
      ++refused;
      if (tfcc_status_code_of(s) != TFCC_INVALID_ARGUMENT)
        FAIL("byte %ld: %s", i, tfcc_status_message(s));
      tfcc_status_free(s);
      continue;
    }
    if (check_sample(c))
      FAIL("byte %ld corrupted the contents undetected", i);
    tfcc_checkpoint_free(c);
  }
  /* One flipped bit in the data of layer/W (2.25f): the checksum catches
   * it. */
  {
    tfcc_checkpoint *c = NULL;
    float needle = 2.25f;
    long at = 0;
    while (at + 4 <= size && memcmp(buf + at, &needle, 4) != 0)
      ++at;
    CHECK(at + 4 <= size);
    buf[at] ^= 1;
    write_all(bad, buf, size);
    CHECK_ERR(tfcc_checkpoint_load(bad, &c), TFCC_INVALID_ARGUMENT);
    /* Not a checkpoint at all. */
    memcpy(buf + 4, "XXXX", 4);
    write_all(bad, buf, size);
    CHECK_ERR(tfcc_checkpoint_load(bad, &c), TFCC_INVALID_ARGUMENT);
  }
  printf("refused %d of %ld corruptions\n", refused, size);
  CHECK(refused > size / 2);
  free(buf);
  unlink(bad);
  unlink(ckpt_path);
  return 0;
}

static int test_ckpt_truncated(void) {
  unsigned char *buf = NULL;
  long size = 0, n;
  char bad[4200];
  tfcc_checkpoint *c = NULL;
  temp_path("truncated.tfck");
  snprintf(bad, sizeof(bad), "%s.bad", ckpt_path);
  if (write_sample(ckpt_path) || read_all(ckpt_path, &buf, &size))
    return 1;
  for (n = 0; n < size; ++n) {
    tfcc_status s;
    if (write_all(bad, buf, n))
      return 1;
    s = tfcc_checkpoint_load(bad, &c);
    if (s == NULL)
      FAIL("a checkpoint truncated to %ld of %ld bytes was accepted", n, size);
    if (n == size / 2)
      printf("error: %s\n", tfcc_status_message(s));
    tfcc_status_free(s);
  }
  CHECK_ERR(tfcc_checkpoint_load("/nonexistent/dir/x.tfck", &c),
            TFCC_INVALID_ARGUMENT);
  free(buf);
  unlink(bad);
  unlink(ckpt_path);
  return 0;
}

static int test_ckpt_save_errors(void) {
  static const int64_t d1[] = {1};
  float v = 1;
  tfcc_tensor *t = NULL;
  const char *dup[2] = {"a", "a"};
  const char *empty[1] = {""};
  const tfcc_tensor *ts[2];
  CHECK_OK(tfcc_tensor_wrap(TFCC_F32, 1, d1, &v, &t));
  ts[0] = ts[1] = t;
  temp_path("errors.tfck");
  CHECK_ERR(tfcc_checkpoint_save(ckpt_path, 2, dup, ts), TFCC_INVALID_ARGUMENT);
  CHECK_ERR(tfcc_checkpoint_save(ckpt_path, 1, empty, ts),
            TFCC_INVALID_ARGUMENT);
  CHECK_ERR(tfcc_checkpoint_save("/nonexistent/dir/x.tfck", 1, dup, ts),
            TFCC_FAILED_PRECONDITION);
  tfcc_tensor_destroy(t);
  return 0;
}

static int test_ckpt_model(void) {
  tfcc_model *a = NULL, *b = NULL;
  void *w = NULL;
  const char *names[2];
  tfcc_tensor *t[2];
  static const int64_t d4[] = {4}, d21[] = {2, 1};
  float wrong[4] = {0};
  int64_t counter = 5;
  double counter_f64 = 5;
  int i;
  temp_path("model.tfck");
  CHECK_OK(tfcc_model_create(&step_spec, &a));
  CHECK_OK(tfcc_model_create(&step_spec, &b));
  for (i = 0; i < 7; ++i)
    CHECK_OK(tfcc_model_run(a));
  CHECK_OK(tfcc_model_variable_data(a, 0, &w));
  ((float *)w)[1] = -2.5f;
  CHECK_OK(tfcc_model_save_checkpoint(a, ckpt_path));
  CHECK_OK(tfcc_model_restore_checkpoint(b, ckpt_path));
  CHECK_EQ_I(counter_of(b), 7);
  CHECK_OK(tfcc_model_variable_data(b, 0, &w));
  CHECK(((float *)w)[1] == -2.5f && ((float *)w)[3] == 4.0f);

  /* Mismatches name the variable and change nothing. */
  CHECK_OK(tfcc_model_reset_variables(b));
  names[0] = "W";
  names[1] = "counter";
  CHECK_OK(tfcc_tensor_wrap(TFCC_F32, 1, d4, wrong, &t[0]));
  CHECK_OK(tfcc_tensor_wrap(TFCC_I64, 0, NULL, &counter, &t[1]));
  CHECK_OK(tfcc_checkpoint_save(ckpt_path, 2, names,
                                (const tfcc_tensor *const *)t));
  CHECK_ERR(tfcc_model_restore_checkpoint(b, ckpt_path), TFCC_INVALID_ARGUMENT);
  tfcc_tensor_destroy(t[0]);
  CHECK_OK(tfcc_tensor_wrap(TFCC_F32, 2, d21, wrong, &t[0]));
  CHECK_OK(tfcc_checkpoint_save(ckpt_path, 2, names,
                                (const tfcc_tensor *const *)t));
  CHECK_ERR(tfcc_model_restore_checkpoint(b, ckpt_path), TFCC_INVALID_ARGUMENT);
  tfcc_tensor_destroy(t[0]);
  tfcc_tensor_destroy(t[1]);
  CHECK_OK(tfcc_tensor_wrap(TFCC_F32, 2, d22, wrong, &t[0]));
  CHECK_OK(tfcc_tensor_wrap(TFCC_F64, 0, NULL, &counter_f64, &t[1]));
  CHECK_OK(tfcc_checkpoint_save(ckpt_path, 2, names,
                                (const tfcc_tensor *const *)t));
  CHECK_ERR(tfcc_model_restore_checkpoint(b, ckpt_path), TFCC_INVALID_ARGUMENT);
  names[1] = "count";
  CHECK_OK(tfcc_checkpoint_save(ckpt_path, 2, names,
                                (const tfcc_tensor *const *)t));
  CHECK_ERR(tfcc_model_restore_checkpoint(b, ckpt_path), TFCC_INVALID_ARGUMENT);
  tfcc_tensor_destroy(t[0]);
  tfcc_tensor_destroy(t[1]);
  CHECK_EQ_I(counter_of(b), 0);
  CHECK_OK(tfcc_model_variable_data(b, 0, &w));
  CHECK(memcmp(w, w_init, sizeof(w_init)) == 0);
  tfcc_model_destroy(a);
  tfcc_model_destroy(b);
  unlink(ckpt_path);
  return 0;
}

static const struct {
  const char *name;
  int (*fn)(void);
} cases[] = {
    {"var_info", test_var_info},
    {"var_persist", test_var_persist},
    {"var_bind", test_var_bind},
    {"var_threads", test_var_threads},
    {"var_aliasing", test_var_aliasing},
    {"var_bad_spec", test_var_bad_spec},
    {"var_splat_and_old_abi", test_var_splat_and_old_abi},
    {"ckpt_roundtrip", test_ckpt_roundtrip},
    {"ckpt_corrupt", test_ckpt_corrupt},
    {"ckpt_truncated", test_ckpt_truncated},
    {"ckpt_save_errors", test_ckpt_save_errors},
    {"ckpt_model", test_ckpt_model},
};

int main(int argc, char **argv) {
  size_t i;
  if (argc >= 2 && strcmp(argv[1], "ckpt_write_sample") == 0) {
    if (test_ckpt_write_sample(argc > 2 ? argv[2] : NULL))
      return 1;
    printf("PASS ckpt_write_sample\n");
    return 0;
  }
  for (i = 0; argc == 2 && i < sizeof(cases) / sizeof(cases[0]); ++i) {
    if (strcmp(argv[1], cases[i].name) == 0) {
      if (cases[i].fn())
        return 1;
      printf("PASS %s\n", cases[i].name);
      return 0;
    }
  }
  fprintf(stderr, "usage: %s <case>\n", argv[0]);
  return 2;
}
