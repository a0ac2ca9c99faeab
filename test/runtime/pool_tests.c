/*
 * Unit tests for the runtime's thread pool (runtime/src/pool.c).
 *
 *   tfcc-runtime-pool-tests <case>   runs one case: "PASS <case>", exit 0
 *   tfcc-runtime-pool-tests --list   lists the cases
 *
 * The model's invoke function plays compiled code: it calls
 * tfcc_rt_parallel_for as a parallel loop's kernel call does, with a task
 * that squares the indices of its range into a buffer of the run, and
 * returns their sum. Built with ThreadSanitizer by `make check-tsan`.
 */
#define _POSIX_C_SOURCE 200809L

#include "tfcc/runtime.h"

#include "test_assert.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What compiled code calls (runtime/src/internal.h). */
typedef void (*task_fn)(void *ctx, int64_t begin, int64_t end);
TFCC_API void tfcc_rt_parallel_for(task_fn task, void *ctx, int64_t begin,
                                   int64_t end, int64_t cost);
TFCC_API void tfcc_rt_check_failed(const char *message, int64_t num_values,
                                   int64_t v0, int64_t v1, int64_t v2,
                                   int64_t v3);
/* The run frees what this allocated when a check fails. */
TFCC_API void *_mlir_memref_to_llvm_alloc(size_t size);

#define N 4096

enum mode { PLAIN, SLOW, FAIL_MIDDLE, NESTED };

/* One run's loop: its buffer and which thread computed each element. */
typedef struct {
  enum mode mode;
  int64_t *values;
  pthread_t *owners;
} loop_state;

/* The mode of the next runs, set before the threads start. */
static enum mode next_mode = PLAIN;

static void sleep_ms(long ms) {
  struct timespec t;
  t.tv_sec = ms / 1000;
  t.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&t, NULL);
}

static void double_task(void *ctx, int64_t begin, int64_t end) {
  loop_state *st = (loop_state *)ctx;
  int64_t i;
  for (i = begin; i < end; ++i)
    st->values[i] *= 2;
}

/* Set when a SLOW task starts, and when one starts past the first block
 * (on a worker, unless the caller took it). */
static int slow_task_started, slow_later_block_started;

static void square_task(void *ctx, int64_t begin, int64_t end) {
  loop_state *st = (loop_state *)ctx;
  int64_t i;
  if (st->mode == SLOW) {
    int waited;
    __atomic_store_n(&slow_task_started, 1, __ATOMIC_RELEASE);
    if (begin > 0)
      __atomic_store_n(&slow_later_block_started, 1, __ATOMIC_RELEASE);
    /* The caller's block (the first) lasts until a worker has started one
     * (at most 2 s): a loaded machine may take a while to run a new
     * thread, and the caller would run its block meanwhile. */
    for (waited = 0;
         waited < 2000 && begin == 0 &&
         !__atomic_load_n(&slow_later_block_started, __ATOMIC_ACQUIRE);
         waited += 5)
      sleep_ms(5);
    sleep_ms(20);
  }
  for (i = begin; i < end; ++i) {
    st->values[i] = i * i;
    st->owners[i] = pthread_self();
  }
  if (st->mode == FAIL_MIDDLE && begin <= N / 2 && N / 2 < end)
    tfcc_rt_check_failed("index {0} is out of range [0, {1})", 2, N / 2, 7, 0,
                         0);
  /* A loop inside a loop's task: serial on a worker, a job of its own on
   * the calling thread. */
  if (st->mode == NESTED)
    tfcc_rt_parallel_for(double_task, st, begin, end, 1000000);
}

/* sum(x: i64[]) -> (y: i64[]): y = the sum of i * i (or 2 * i * i when
 * NESTED) over i < N, plus x; the number of threads that took part is
 * left in `threads_seen`. */
static const tfcc_arg_spec sum_inputs[] = {{"x", TFCC_I64, 0, NULL}};
static const tfcc_arg_spec sum_outputs[] = {{"y", TFCC_I64, 0, NULL}};
static __thread int threads_seen;

static void sum_invoke(void **inputs, void *results) {
  const int64_t *x = (const int64_t *)inputs[0];
  int64_t *out = (int64_t *)results;
  loop_state st;
  /* On the stack or from the run: a failed check does not return here. */
  int64_t values[N];
  pthread_t owners[N];
  int64_t *y = (int64_t *)_mlir_memref_to_llvm_alloc(sizeof(int64_t));
  int64_t i, sum = *(const int64_t *)(intptr_t)x[1];
  pthread_t seen[TFCC_MAX_THREADS];
  int k;
  st.mode = next_mode;
  st.values = values;
  st.owners = owners;
  memset(values, 0, sizeof(values));
  memset(owners, 0, sizeof(owners));
  tfcc_rt_parallel_for(square_task, &st, 0, N, 100000);
  threads_seen = 0;
  for (i = 0; i < N; ++i) {
    sum += st.values[i];
    for (k = 0; k < threads_seen; ++k)
      if (pthread_equal(seen[k], st.owners[i]))
        break;
    if (k == threads_seen && k < TFCC_MAX_THREADS)
      seen[threads_seen++] = st.owners[i];
  }
  *y = sum;
  out[0] = (int64_t)(intptr_t)y;
  out[1] = (int64_t)(intptr_t)y;
  out[2] = 0;
}

static const tfcc_model_spec sum_spec = {TFCC_MODEL_ABI_VERSION,
                                         1,
                                         1,
                                         "sum",
                                         sum_inputs,
                                         sum_outputs,
                                         sum_invoke,
                                         0,
                                         NULL,
                                         0,
                                         0,
                                         NULL,
                                         0,
                                         0,
                                         NULL,
                                         NULL};

static int64_t expected_sum(int64_t x, int64_t scale) {
  int64_t i, sum = x;
  for (i = 0; i < N; ++i)
    sum += scale * i * i;
  return sum;
}

/* Runs m with x and checks y. */
static int run_sum(tfcc_model *m, int64_t x, int64_t scale) {
  const void *y = NULL;
  tfcc_status s = tfcc_model_bind_input(m, 0, &x, 0, NULL);
  if (s == NULL)
    s = tfcc_model_run(m);
  if (s == NULL)
    s = tfcc_model_output_data(m, 0, &y);
  if (s != NULL) {
    printf("FAIL: %s\n", tfcc_status_message(s));
    tfcc_status_free(s);
    return 1;
  }
  CHECK_EQ_I(*(const int64_t *)y, expected_sum(x, scale));
  return 0;
}

#define CHECK_OK(expr)                                                         \
  do {                                                                         \
    tfcc_status s_ = (expr);                                                   \
    if (s_ != NULL)                                                            \
      FAIL("%s: %s", #expr, tfcc_status_message(s_));                          \
  } while (0)

#define CHECK_ERR(expr, code, substr)                                          \
  do {                                                                         \
    tfcc_status s_ = (expr);                                                   \
    CHECK(s_ != NULL);                                                         \
    CHECK_EQ_I(tfcc_status_code_of(s_), code);                                 \
    if (strstr(tfcc_status_message(s_), substr) == NULL)                       \
      FAIL("message \"%s\" lacks \"%s\"", tfcc_status_message(s_), substr);    \
    tfcc_status_free(s_);                                                      \
  } while (0)

/* Four threads split the loop (the caller's block waits for a worker to
 * start one); one runs it alone. */
static int test_pool_parallel_for(void) {
  tfcc_model *m = NULL;
  CHECK_OK(tfcc_model_create(&sum_spec, &m));
  next_mode = SLOW;
  CHECK_OK(tfcc_model_set_num_threads(m, 4));
  if (run_sum(m, 5, 1))
    return 1;
  CHECK(threads_seen >= 2);
  CHECK_OK(tfcc_model_set_num_threads(m, 1));
  if (run_sum(m, 6, 1))
    return 1;
  CHECK_EQ_I(threads_seen, 1);
  tfcc_model_destroy(m);
  return 0;
}

/* A check failing in one block fails the run with its message; the
 * instance runs normally afterwards. */
static int test_pool_check_failure(void) {
  tfcc_model *m = NULL;
  int64_t x = 1;
  CHECK_OK(tfcc_model_create(&sum_spec, &m));
  CHECK_OK(tfcc_model_set_num_threads(m, 4));
  CHECK_OK(tfcc_model_bind_input(m, 0, &x, 0, NULL));
  next_mode = FAIL_MIDDLE;
  CHECK_ERR(tfcc_model_run(m), TFCC_INVALID_ARGUMENT,
            "index 2048 is out of range [0, 7)");
  next_mode = PLAIN;
  if (run_sum(m, 2, 1))
    return 1;
  tfcc_model_destroy(m);
  return 0;
}

/* A parallel loop inside a parallel loop's task neither deadlocks nor
 * loses work. */
static int test_pool_nested(void) {
  tfcc_model *m = NULL;
  CHECK_OK(tfcc_model_create(&sum_spec, &m));
  CHECK_OK(tfcc_model_set_num_threads(m, 3));
  next_mode = NESTED;
  if (run_sum(m, 0, 2))
    return 1;
  tfcc_model_destroy(m);
  return 0;
}

static int test_pool_num_threads(void) {
  tfcc_model *m = NULL;
  int64_t n = 0;
  CHECK_OK(tfcc_model_create(&sum_spec, &m));
  CHECK_OK(tfcc_model_num_threads(m, &n));
  CHECK(n >= 1 && n <= TFCC_MAX_THREADS);
  CHECK_OK(tfcc_model_set_num_threads(m, 3));
  CHECK_OK(tfcc_model_num_threads(m, &n));
  CHECK_EQ_I(n, 3);
  CHECK_ERR(tfcc_model_set_num_threads(m, -1), TFCC_INVALID_ARGUMENT,
            "tfcc_model_set_num_threads: -1 threads; expected 1 to 256, or "
            "0 for the default");
  CHECK_ERR(tfcc_model_set_num_threads(m, TFCC_MAX_THREADS + 1),
            TFCC_INVALID_ARGUMENT, "257 threads");
  CHECK_ERR(tfcc_model_set_num_threads(NULL, 1), TFCC_INVALID_ARGUMENT, "'m'");
  CHECK_ERR(tfcc_model_num_threads(m, NULL), TFCC_INVALID_ARGUMENT, "'out'");
  tfcc_model_destroy(m);
  return 0;
}

/* TFCC_NUM_THREADS (set by the test's RUN line) is the default. */
static int test_pool_env_threads(void) {
  tfcc_model *m = NULL;
  int64_t n = 0;
  const char *env = getenv("TFCC_NUM_THREADS");
  CHECK(env != NULL);
  CHECK_OK(tfcc_model_create(&sum_spec, &m));
  CHECK_OK(tfcc_model_num_threads(m, &n));
  CHECK_EQ_I(n, atoi(env));
  tfcc_model_destroy(m);
  return 0;
}

/* Eight threads, each with its own instance, run at once on one pool. */
#define RUNNERS 8
#define RUNS 200

static void *runner(void *arg) {
  tfcc_model *m = NULL;
  int r;
  intptr_t failed = 0;
  (void)arg;
  if (tfcc_model_create(&sum_spec, &m) != NULL)
    return (void *)1;
  tfcc_status_free(tfcc_model_set_num_threads(m, 2 + (int)(intptr_t)arg % 3));
  for (r = 0; r < RUNS && !failed; ++r)
    failed = run_sum(m, r, 1);
  tfcc_model_destroy(m);
  return (void *)failed;
}

static int test_pool_concurrent_instances(void) {
  pthread_t threads[RUNNERS];
  int t;
  next_mode = PLAIN;
  for (t = 0; t < RUNNERS; ++t)
    CHECK(pthread_create(&threads[t], NULL, runner, (void *)(intptr_t)t) == 0);
  for (t = 0; t < RUNNERS; ++t) {
    void *failed;
    CHECK(pthread_join(threads[t], &failed) == 0);
    CHECK(failed == NULL);
  }
  return 0;
}

/* A second thread's run of a running instance is refused, not mixed in. */
static void *slow_run(void *arg) {
  return (void *)(intptr_t)run_sum((tfcc_model *)arg, 3, 1);
}

static int test_pool_same_instance(void) {
  tfcc_model *m = NULL;
  pthread_t other;
  void *failed;
  CHECK_OK(tfcc_model_create(&sum_spec, &m));
  CHECK_OK(tfcc_model_set_num_threads(m, 1));
  next_mode = SLOW;
  __atomic_store_n(&slow_task_started, 0, __ATOMIC_RELEASE);
  /* One block: it need not wait for another. */
  __atomic_store_n(&slow_later_block_started, 1, __ATOMIC_RELEASE);
  CHECK(pthread_create(&other, NULL, slow_run, m) == 0);
  while (!__atomic_load_n(&slow_task_started, __ATOMIC_ACQUIRE))
    sleep_ms(1);
  CHECK_ERR(tfcc_model_run(m), TFCC_FAILED_PRECONDITION,
            "tfcc_model_run: model 'sum': this instance is already running on "
            "another thread");
  CHECK(pthread_join(other, &failed) == 0);
  CHECK(failed == NULL);
  tfcc_model_destroy(m);
  return 0;
}

static const struct {
  const char *name;
  int (*fn)(void);
} cases[] = {
    {"pool_parallel_for", test_pool_parallel_for},
    {"pool_check_failure", test_pool_check_failure},
    {"pool_nested", test_pool_nested},
    {"pool_num_threads", test_pool_num_threads},
    {"pool_env_threads", test_pool_env_threads},
    {"pool_concurrent_instances", test_pool_concurrent_instances},
    {"pool_same_instance", test_pool_same_instance},
};

int main(int argc, char **argv) {
  size_t k, n = sizeof(cases) / sizeof(cases[0]);
  if (argc != 2) {
    fprintf(stderr, "usage: %s <case> | --list\n", argv[0]);
    return 2;
  }
  for (k = 0; k < n; ++k) {
    if (strcmp(argv[1], "--list") == 0) {
      printf("%s\n", cases[k].name);
    } else if (strcmp(argv[1], cases[k].name) == 0) {
      if (cases[k].fn() != 0) {
        printf("FAILED %s\n", cases[k].name);
        return 1;
      }
      printf("PASS %s\n", cases[k].name);
      return 0;
    }
  }
  if (strcmp(argv[1], "--list") == 0)
    return 0;
  fprintf(stderr, "unknown case '%s' (see --list)\n", argv[1]);
  return 2;
}
