/* Concurrent runs of models that share one variable's storage through
 * tfcc_model_bind_variable (Inputs/bump.mlir: each run reads v, returns the
 * spread max(v) - min(v) and adds 1 or 2 to every element).
 *
 *   variable_stress instances          4 threads, 4 instances of bump_one
 *   variable_stress linked             bump_one and bump_two, both linked
 *                                      into this executable (archives, or
 *                                      shared libraries linked against:
 *                                      one runtime either way)
 *   variable_stress dlopen ONE.so TWO.so [--caller-lock]
 *                                      the two models as shared libraries
 *                                      loaded with dlopen(RTLD_LOCAL), each
 *                                      with its own copy of the runtime;
 *                                      --caller-lock serializes the runs
 *                                      with a mutex of this program's
 *
 * Every thread has its own instance; all of them are bound to one array.
 * A lost update shows in the final value, a torn read (a run reading v
 * while another run writes it back) in a non-zero spread. Prints PASS or
 * FAIL with the counts; exits 1 on FAIL. Built with -DSTRESS_STATIC and
 * both models linked in for the first two modes, and without them (no
 * runtime in the executable) for dlopen. */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef STRESS_STATIC
#include "bump_one.h"
#include "bump_two.h"
#else
#include "tfcc/runtime.h"
#endif

enum { THREADS = 4, RUNS = 100000, SIZE = 256 };

/* The runtime functions one thread calls: the executable's (static modes)
 * or one dlopened library's. */
struct api {
  tfcc_status (*create)(tfcc_model **);
  tfcc_status (*bind_variable)(tfcc_model *, int64_t, void *);
  tfcc_status (*run)(tfcc_model *);
  tfcc_status (*output_data)(const tfcc_model *, int64_t, const void **);
  void (*destroy)(tfcc_model *);
  const char *(*message)(tfcc_status);
  float increment;
};

struct worker {
  const struct api *api;
  pthread_t thread;
  long torn, errors;
};

static float storage[SIZE];
static pthread_mutex_t caller_lock = PTHREAD_MUTEX_INITIALIZER;
static int use_caller_lock;
/* All threads start their runs together, so that they overlap. */
static pthread_barrier_t start;

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  const struct api *a = w->api;
  tfcc_model *m = NULL;
  tfcc_status s = a->create(&m);
  int i;
  if (s == NULL)
    s = a->bind_variable(m, 0, storage);
  if (s != NULL) {
    fprintf(stderr, "error: %s\n", a->message(s));
    w->errors = RUNS;
  }
  pthread_barrier_wait(&start);
  if (s != NULL)
    return NULL;
  for (i = 0; i < RUNS; ++i) {
    const void *spread = NULL;
    if (use_caller_lock)
      pthread_mutex_lock(&caller_lock);
    s = a->run(m);
    if (use_caller_lock)
      pthread_mutex_unlock(&caller_lock);
    if (s == NULL)
      s = a->output_data(m, 0, &spread);
    if (s != NULL) {
      if (w->errors++ == 0)
        fprintf(stderr, "error: %s\n", a->message(s));
      continue;
    }
    if (*(const float *)spread != 0.0f)
      ++w->torn;
  }
  a->destroy(m);
  return NULL;
}

#ifndef STRESS_STATIC
static int load(const char *path, const char *entry, struct api *a) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  char create[64];
  if (h == NULL) {
    fprintf(stderr, "error: %s\n", dlerror());
    return 1;
  }
  snprintf(create, sizeof(create), "%s_create", entry);
  /* POSIX guarantees that function pointers survive void *. */
  *(void **)&a->create = dlsym(h, create);
  *(void **)&a->bind_variable = dlsym(h, "tfcc_model_bind_variable");
  *(void **)&a->run = dlsym(h, "tfcc_model_run");
  *(void **)&a->output_data = dlsym(h, "tfcc_model_output_data");
  *(void **)&a->destroy = dlsym(h, "tfcc_model_destroy");
  *(void **)&a->message = dlsym(h, "tfcc_status_message");
  if (!a->create || !a->bind_variable || !a->run || !a->output_data ||
      !a->destroy || !a->message) {
    fprintf(stderr, "error: %s lacks a runtime function\n", path);
    return 1;
  }
  return 0;
}
#endif

int main(int argc, char **argv) {
  struct api apis[2];
  struct worker w[THREADS];
  const char *mode = argc > 1 ? argv[1] : "";
  double expected = 0;
  long torn = 0, errors = 0, wrong = 0;
  int i, n_apis = 2;

  memset(apis, 0, sizeof(apis));
#ifdef STRESS_STATIC
  apis[0].create = bump_one_create;
  apis[1].create = bump_two_create;
  for (i = 0; i < 2; ++i) {
    apis[i].bind_variable = tfcc_model_bind_variable;
    apis[i].run = tfcc_model_run;
    apis[i].output_data = tfcc_model_output_data;
    apis[i].destroy = tfcc_model_destroy;
    apis[i].message = tfcc_status_message;
  }
  if (strcmp(mode, "instances") == 0)
    n_apis = 1;
  else if (strcmp(mode, "linked") != 0) {
    fprintf(stderr, "usage: %s instances|linked\n", argv[0]);
    return 2;
  }
#else
  if (strcmp(mode, "dlopen") != 0 || argc < 4) {
    fprintf(stderr, "usage: %s dlopen ONE.so TWO.so [--caller-lock]\n",
            argv[0]);
    return 2;
  }
  if (load(argv[2], "bump_one", &apis[0]) || load(argv[3], "bump_two",
                                                  &apis[1]))
    return 1;
  use_caller_lock = argc > 4 && strcmp(argv[4], "--caller-lock") == 0;
#endif
  apis[0].increment = 1;
  apis[1].increment = 2;

  for (i = 0; i < THREADS; ++i) {
    w[i].api = &apis[i % n_apis];
    w[i].torn = w[i].errors = 0;
    expected += (double)RUNS * w[i].api->increment;
  }
  pthread_barrier_init(&start, NULL, THREADS);
  for (i = 0; i < THREADS; ++i)
    if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
      fprintf(stderr, "error: pthread_create failed\n");
      return 1;
    }
  for (i = 0; i < THREADS; ++i) {
    pthread_join(w[i].thread, NULL);
    torn += w[i].torn;
    errors += w[i].errors;
  }
  for (i = 0; i < SIZE; ++i)
    if ((double)storage[i] != expected)
      ++wrong;
  printf("%s%s: %d threads x %d runs: v[0] = %.0f (expected %.0f), %ld of %d "
         "elements wrong, %ld torn reads, %ld errors: %s\n",
         mode, use_caller_lock ? " --caller-lock" : "", THREADS, RUNS,
         (double)storage[0], expected, wrong, SIZE, torn, errors,
         wrong || torn || errors ? "FAIL" : "PASS");
  return wrong || torn || errors ? 1 : 0;
}
