/*
 * Generic driver for tfcc's end-to-end tests.
 *
 * Built against one compiled model:
 *
 *   cc -std=c99 -DTFCC_ENTRY_CREATE=<entry>_create -include <entry>.h \
 *      e2e_driver.c lib<model>.a -lm
 *
 * Usage:
 *
 *   e2e_driver OUTDIR NAME=FILE... [--then OUTDIR NAME=FILE...]...
 *   e2e_driver --signature
 *   e2e_driver --repeat N NAME=FILE...
 *   e2e_driver --stress THREADS N NAME=FILE... [--and NAME=FILE...]
 *
 * Binds every NAME=FILE to the model input called NAME through
 * tfcc_model_bind_input, runs the model and writes each output to
 * OUTDIR/<output name>.bin. Each `--then` starts another run on the same
 * model instance (inputs are re-bound, outputs replaced), which exercises
 * reuse of one instance across shapes. --signature prints the compiled
 * signature instead, one line per argument: `input x f32 [?,4]`.
 *
 * --repeat runs the model once on one thread (the reference), then N more
 * times with the default thread count, and checks that every output is
 * bit-identical to the reference's; then a new instance runs twice with
 * every output bound to caller memory, checked the same way, and the
 * driver prints whether the outputs were written there in place (the
 * instance holds their bytes less) or copied. Built with -DE2E_COUNT_ALLOCS,
 * the driver counts the calls of malloc, calloc, realloc, posix_memalign,
 * aligned_alloc and memalign (it defines them, forwarding to glibc's, or
 * under AddressSanitizer through its allocation hook) during
 * those N runs and prints "steady state: N runs, K allocations".
 * --stress runs THREADS threads at once, each with its own instance, N runs
 * each, against the reference of its model: with
 * -DTFCC_ENTRY_CREATE_B=<entry>_create (and the second library), every
 * other thread runs that model on the bindings after --and. Both need
 * -D_POSIX_C_SOURCE=200809L and -lpthread.
 *
 * Tensor files, little-endian:
 *
 *   char    magic[8] = "TFCCE2E1"
 *   int64   dtype          tfcc_dtype: f32=0 f64=1 i32=2 i64=3 i1=4
 *   int64   rank
 *   int64   dims[rank]
 *   byte    data[]         row-major, dims' product times the dtype's size
 *                          (i1 is one byte, 0 or 1)
 *
 * Exit status: 0 on success; 1 when the runtime rejects a binding or a run
 * (its status message goes to stderr); 2 for usage and file errors.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TFCC_ENTRY_CREATE
#error "define TFCC_ENTRY_CREATE to the model's <entry>_create function"
#endif

/* Also declared by the model's header; repeated so that a mismatch between
 * the macro and the header is a compile error rather than a link error. */
tfcc_status TFCC_ENTRY_CREATE(tfcc_model **out);
#ifdef TFCC_ENTRY_CREATE_B
tfcc_status TFCC_ENTRY_CREATE_B(tfcc_model **out);
#endif

#ifdef _POSIX_C_SOURCE
#include <errno.h>
#include <pthread.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define E2E_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define E2E_ASAN 1
#endif
#endif

#ifdef E2E_COUNT_ALLOCS
static int counting;
static long allocations;

static void count(void) {
  if (__atomic_load_n(&counting, __ATOMIC_RELAXED))
    __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED);
}
#ifdef E2E_ASAN
/* AddressSanitizer owns malloc and its kin: count through its hooks. */
#include <sanitizer/allocator_interface.h>
static void count_hook(const volatile void *p, size_t size) {
  (void)p;
  (void)size;
  count();
}
static void install_count_hooks(void) {
  __sanitizer_install_malloc_and_free_hooks(count_hook, NULL);
}
#else
static void install_count_hooks(void) {}
/* glibc's allocator under its other names. */
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);
void *__libc_memalign(size_t alignment, size_t size);

void *malloc(size_t size) {
  count();
  return __libc_malloc(size);
}
void *calloc(size_t n, size_t size) {
  count();
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t size) {
  count();
  return __libc_realloc(p, size);
}
void free(void *p) { __libc_free(p); }
void *memalign(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
void *aligned_alloc(size_t alignment, size_t size) {
  count();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, size_t alignment, size_t size) {
  count();
  *out = __libc_memalign(alignment, size);
  return *out != NULL ? 0 : ENOMEM;
}
#endif
#endif

static const char kMagic[8] = {'T', 'F', 'C', 'C', 'E', '2', 'E', '1'};

struct loaded {
  int64_t dtype;
  int64_t rank;
  int64_t dims[TFCC_MAX_RANK];
  void *data;
};

static void die_io(const char *what, const char *path) {
  fprintf(stderr, "e2e_driver: %s '%s'\n", what, path);
  exit(2);
}

/* Prints the status message and exits 1 when `s` is an error. */
static void check(tfcc_status s, const char *context) {
  if (s == NULL)
    return;
  fprintf(stderr, "e2e_driver: %s: %s\n", context, tfcc_status_message(s));
  tfcc_status_free(s);
  exit(1);
}

static int64_t num_elements(int64_t rank, const int64_t *dims) {
  int64_t n = 1;
  int64_t i;
  for (i = 0; i < rank; ++i)
    n *= dims[i];
  return n;
}

static void load(const char *path, struct loaded *t) {
  char magic[8];
  size_t bytes, elem;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    die_io("cannot open", path);
  if (fread(magic, 1, sizeof magic, f) != sizeof magic ||
      memcmp(magic, kMagic, sizeof magic) != 0)
    die_io("bad magic in", path);
  if (fread(&t->dtype, sizeof t->dtype, 1, f) != 1 ||
      fread(&t->rank, sizeof t->rank, 1, f) != 1 || t->rank < 0 ||
      t->rank > TFCC_MAX_RANK ||
      fread(t->dims, sizeof t->dims[0], (size_t)t->rank, f) !=
          (size_t)t->rank)
    die_io("bad header in", path);
  elem = tfcc_dtype_size((tfcc_dtype)t->dtype);
  if (elem == 0)
    die_io("unknown dtype in", path);
  bytes = (size_t)num_elements(t->rank, t->dims) * elem;
  /* One spare byte so that empty tensors still get a unique pointer. */
  t->data = malloc(bytes + 1);
  if (t->data == NULL)
    die_io("out of memory reading", path);
  if (fread(t->data, 1, bytes, f) != bytes)
    die_io("truncated data in", path);
  if (fgetc(f) != EOF)
    die_io("trailing bytes in", path);
  fclose(f);
}

static void save(const char *path, tfcc_dtype dtype, int64_t rank,
                 const int64_t *dims, const void *data) {
  int64_t header[2 + TFCC_MAX_RANK];
  size_t bytes = (size_t)num_elements(rank, dims) * tfcc_dtype_size(dtype);
  FILE *f = fopen(path, "wb");
  header[0] = dtype;
  header[1] = rank;
  if (rank > 0)
    memcpy(header + 2, dims, (size_t)rank * sizeof dims[0]);
  if (f == NULL)
    die_io("cannot create", path);
  if (fwrite(kMagic, 1, sizeof kMagic, f) != sizeof kMagic ||
      fwrite(header, sizeof header[0], (size_t)(2 + rank), f) !=
          (size_t)(2 + rank) ||
      (bytes > 0 && fwrite(data, 1, bytes, f) != bytes) || fclose(f) != 0)
    die_io("cannot write", path);
}

static void print_shape(FILE *out, int64_t rank, const int64_t *dims) {
  int64_t i;
  fputc('[', out);
  for (i = 0; i < rank; ++i) {
    if (i)
      fputc(',', out);
    if (dims[i] < 0)
      fputc('?', out);
    else
      fprintf(out, "%lld", (long long)dims[i]);
  }
  fputc(']', out);
}

static void print_signature(const tfcc_model *m) {
  int is_input;
  for (is_input = 1; is_input >= 0; --is_input) {
    int64_t n, i;
    check(is_input ? tfcc_model_num_inputs(m, &n)
                   : tfcc_model_num_outputs(m, &n),
          "signature");
    for (i = 0; i < n; ++i) {
      const char *name;
      tfcc_dtype dtype;
      int64_t rank;
      const int64_t *dims;
      check(is_input ? tfcc_model_input_info(m, i, &name, &dtype, &rank, &dims)
                     : tfcc_model_output_info(m, i, &name, &dtype, &rank,
                                              &dims),
            "signature");
      printf("%s %s %s ", is_input ? "input" : "output", name,
             tfcc_dtype_name(dtype));
      print_shape(stdout, rank, dims);
      printf("\n");
    }
  }
}

/* Binds argv[first..last) (NAME=FILE) and runs; writes outputs to outdir.
 * The loaded buffers are returned through `held` so that they outlive the
 * run. */
static void run_once(tfcc_model *m, const char *outdir, char **args,
                     int nargs, struct loaded *held) {
  int64_t num_outputs, i;
  int a;
  for (a = 0; a < nargs; ++a) {
    char *eq = strchr(args[a], '=');
    const char *expected_name;
    tfcc_dtype expected;
    int64_t index;
    if (eq == NULL) {
      fprintf(stderr, "e2e_driver: expected NAME=FILE, got '%s'\n", args[a]);
      exit(2);
    }
    *eq = '\0';
    check(tfcc_model_input_index(m, args[a], &index), "lookup");
    load(eq + 1, &held[a]);
    check(tfcc_model_input_info(m, index, &expected_name, &expected, NULL,
                                NULL),
          "input info");
    if (held[a].dtype != (int64_t)expected) {
      fprintf(stderr, "e2e_driver: bind: input '%s': expected dtype %s but "
                      "got %s\n",
              expected_name, tfcc_dtype_name(expected),
              tfcc_dtype_name((tfcc_dtype)held[a].dtype));
      exit(1);
    }
    check(tfcc_model_bind_input(m, index, held[a].data, held[a].rank,
                                held[a].dims),
          "bind");
  }
  check(tfcc_model_run(m), "run");
  check(tfcc_model_num_outputs(m, &num_outputs), "outputs");
  for (i = 0; i < num_outputs; ++i) {
    const char *name;
    tfcc_dtype dtype;
    int64_t rank;
    const int64_t *dims;
    const void *data;
    char *path;
    check(tfcc_model_output_info(m, i, &name, &dtype, NULL, NULL),
          "output info");
    check(tfcc_model_output_dims(m, i, &rank, &dims), "output dims");
    check(tfcc_model_output_data(m, i, &data), "output data");
    path = malloc(strlen(outdir) + strlen(name) + 6);
    if (path == NULL)
      die_io("out of memory for", name);
    sprintf(path, "%s/%s.bin", outdir, name);
    save(path, dtype, rank, dims, data);
    printf("output %s %s ", name, tfcc_dtype_name(dtype));
    print_shape(stdout, rank, dims);
    printf("\n");
    free(path);
  }
}

#ifdef _POSIX_C_SOURCE
/* A model, the inputs it runs on and its reference outputs. */
typedef tfcc_status (*create_fn)(tfcc_model **out);
#define MAX_ARGS 64
struct model_case {
  create_fn create;
  int num_inputs;
  int64_t index[MAX_ARGS];
  struct loaded inputs[MAX_ARGS];
  int64_t num_outputs;
  void *ref[MAX_ARGS];
  size_t ref_bytes[MAX_ARGS];
  int64_t ref_rank[MAX_ARGS];
  int64_t ref_dims[MAX_ARGS][TFCC_MAX_RANK];
  int runs;
};

static size_t output_bytes(tfcc_model *m, int64_t i, const void **data) {
  tfcc_dtype dtype;
  int64_t rank;
  const int64_t *dims;
  const char *name;
  check(tfcc_model_output_info(m, i, &name, &dtype, NULL, NULL), "output");
  check(tfcc_model_output_dims(m, i, &rank, &dims), "output dims");
  check(tfcc_model_output_data(m, i, data), "output data");
  return (size_t)num_elements(rank, dims) * tfcc_dtype_size(dtype);
}

static void bind_case(tfcc_model *m, const struct model_case *c) {
  int a;
  for (a = 0; a < c->num_inputs; ++a)
    check(tfcc_model_bind_input(m, c->index[a], c->inputs[a].data,
                                c->inputs[a].rank, c->inputs[a].dims),
          "bind");
}

/* Loads the bindings and makes the reference: one run on one thread. */
static void prepare_case(struct model_case *c, create_fn create, char **args,
                         int nargs) {
  tfcc_model *m = NULL;
  int64_t i;
  int a;
  c->create = create;
  c->num_inputs = nargs;
  check(create(&m), "create");
  for (a = 0; a < nargs && a < MAX_ARGS; ++a) {
    char *eq = strchr(args[a], '=');
    if (eq == NULL) {
      fprintf(stderr, "e2e_driver: expected NAME=FILE, got '%s'\n", args[a]);
      exit(2);
    }
    *eq = '\0';
    check(tfcc_model_input_index(m, args[a], &c->index[a]), "lookup");
    load(eq + 1, &c->inputs[a]);
  }
  bind_case(m, c);
  check(tfcc_model_set_num_threads(m, 1), "threads");
  check(tfcc_model_run(m), "run");
  check(tfcc_model_num_outputs(m, &c->num_outputs), "outputs");
  for (i = 0; i < c->num_outputs && i < MAX_ARGS; ++i) {
    const void *data;
    const int64_t *dims;
    c->ref_bytes[i] = output_bytes(m, i, &data);
    check(tfcc_model_output_dims(m, i, &c->ref_rank[i], &dims), "dims");
    memcpy(c->ref_dims[i], dims, (size_t)c->ref_rank[i] * sizeof(int64_t));
    c->ref[i] = malloc(c->ref_bytes[i] + 1);
    if (c->ref[i] == NULL)
      die_io("out of memory for", "outputs");
    memcpy(c->ref[i], data, c->ref_bytes[i]);
  }
  tfcc_model_destroy(m);
}

/* 1 when every output of m's last run is bit-identical to the reference. */
static int same_outputs(tfcc_model *m, const struct model_case *c) {
  int64_t i;
  for (i = 0; i < c->num_outputs; ++i) {
    const void *data;
    if (output_bytes(m, i, &data) != c->ref_bytes[i] ||
        memcmp(data, c->ref[i], c->ref_bytes[i]) != 0)
      return 0;
  }
  return 1;
}

static void *stress_thread(void *arg) {
  const struct model_case *c = (const struct model_case *)arg;
  tfcc_model *m = NULL;
  intptr_t r, differ = 0;
  check(c->create(&m), "create");
  bind_case(m, c);
  for (r = 0; r < c->runs; ++r) {
    check(tfcc_model_run(m), "run");
    differ += !same_outputs(m, c);
  }
  tfcc_model_destroy(m);
  return (void *)differ;
}

static int stress(int argc, char **argv) {
  struct model_case cases[2];
  int threads = atoi(argv[2]), runs = atoi(argv[3]), kinds = 1, t, first;
  pthread_t ids[256];
  long differ = 0;
  for (first = 4; first < argc && strcmp(argv[first], "--and") != 0;)
    ++first;
  if (threads < 1 || threads > 256 || runs < 1) {
    fprintf(stderr, "e2e_driver: --stress THREADS N: 1 to 256 threads\n");
    return 2;
  }
  prepare_case(&cases[0], TFCC_ENTRY_CREATE, argv + 4, first - 4);
  if (first < argc) {
#ifdef TFCC_ENTRY_CREATE_B
    prepare_case(&cases[1], TFCC_ENTRY_CREATE_B, argv + first + 1,
                 argc - first - 1);
    kinds = 2;
#else
    fprintf(stderr, "e2e_driver: --and needs TFCC_ENTRY_CREATE_B\n");
    return 2;
#endif
  }
  cases[0].runs = cases[1].runs = runs;
  for (t = 0; t < threads; ++t)
    if (pthread_create(&ids[t], NULL, stress_thread, &cases[t % kinds]) != 0)
      die_io("cannot start", "a thread");
  for (t = 0; t < threads; ++t) {
    void *d;
    pthread_join(ids[t], &d);
    differ += (long)(intptr_t)d;
  }
  printf("stress: %d threads, %d models, %d runs each: %ld runs differ from "
         "the serial run\n",
         threads, kinds, runs, differ);
  return differ != 0;
}

/* Runs a new instance of c's model twice with every output bound to
 * caller memory (tfcc_model_bind_output): the outputs must be there and
 * match the reference. Written there in place, they are not the
 * instance's to hold: it holds at least their bytes less than `m`, an
 * instance that ran unbound (whose output blocks may be larger than the
 * outputs). Returns the number of failed checks. */
static int bound_outputs(tfcc_model *m, const struct model_case *c) {
  tfcc_model *b = NULL;
  tfcc_memory_info unbound, bound;
  void *mem[MAX_ARGS];
  size_t total = 0;
  int64_t i;
  int r, failed = 0;
  check(tfcc_model_memory_info(m, &unbound), "memory info");
  check(c->create(&b), "create");
  bind_case(b, c);
  for (i = 0; i < c->num_outputs; ++i) {
    mem[i] = tfcc_aligned_alloc(64, c->ref_bytes[i] ? c->ref_bytes[i] : 1);
    if (mem[i] == NULL)
      die_io("out of memory for", "outputs");
    check(tfcc_model_bind_output(b, i, mem[i], c->ref_rank[i], c->ref_dims[i]),
          "bind output");
    total += c->ref_bytes[i];
  }
  for (r = 0; r < 2; ++r) {
    check(tfcc_model_run(b), "run");
    failed += !same_outputs(b, c);
    for (i = 0; i < c->num_outputs; ++i) {
      const void *data;
      check(tfcc_model_output_data(b, i, &data), "output data");
      failed += data != mem[i];
    }
  }
  check(tfcc_model_memory_info(b, &bound), "memory info");
  printf("bound outputs: %d failed checks, %s\n", failed,
         unbound.held_bytes - bound.held_bytes >= (int64_t)total
             ? "written in place"
             : "copied");
  tfcc_model_destroy(b);
  for (i = 0; i < c->num_outputs; ++i)
    tfcc_aligned_free(mem[i]);
  return failed;
}

static int repeat(int argc, char **argv) {
  struct model_case c;
  tfcc_model *m = NULL;
  int runs = atoi(argv[2]), r, differ = 0;
  if (runs < 1) {
    fprintf(stderr, "e2e_driver: --repeat N: N >= 1\n");
    return 2;
  }
  prepare_case(&c, TFCC_ENTRY_CREATE, argv + 3, argc - 3);
  check(TFCC_ENTRY_CREATE(&m), "create");
  bind_case(m, &c);
  /* The first run allocates what the next ones reuse. */
  check(tfcc_model_run(m), "run");
  differ += !same_outputs(m, &c);
#ifdef E2E_COUNT_ALLOCS
  install_count_hooks();
  __atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
#endif
  for (r = 0; r < runs; ++r) {
    check(tfcc_model_run(m), "run");
    differ += !same_outputs(m, &c);
  }
#ifdef E2E_COUNT_ALLOCS
  __atomic_store_n(&counting, 0, __ATOMIC_RELAXED);
  printf("steady state: %d runs, %ld allocations\n", runs, allocations);
#endif
  printf("repeat: %d of %d runs differ from the serial run\n", differ,
         runs + 1);
  differ += bound_outputs(m, &c);
  tfcc_model_destroy(m);
  return differ != 0;
}
#endif

int main(int argc, char **argv) {
  tfcc_model *m = NULL;
  struct loaded *held;
  int start = 1;
  if (argc < 2) {
    fprintf(stderr,
            "usage: %s OUTDIR NAME=FILE... [--then OUTDIR NAME=FILE...]...\n",
            argv[0]);
    return 2;
  }
#ifdef _POSIX_C_SOURCE
  if (strcmp(argv[1], "--repeat") == 0 && argc >= 3)
    return repeat(argc, argv);
  if (strcmp(argv[1], "--stress") == 0 && argc >= 4)
    return stress(argc, argv);
#endif
  held = calloc((size_t)argc, sizeof *held);
  if (held == NULL)
    return 2;
  check(TFCC_ENTRY_CREATE(&m), "create");
  if (strcmp(argv[1], "--signature") == 0) {
    print_signature(m);
    start = argc;
  }
  while (start < argc) {
    int end = start + 1, a;
    while (end < argc && strcmp(argv[end], "--then") != 0)
      ++end;
    run_once(m, argv[start], argv + start + 1, end - start - 1, held);
    /* The outputs are written; this run's input buffers can go. */
    for (a = 0; a < end - start - 1; ++a) {
      free(held[a].data);
      held[a].data = NULL;
    }
    start = end + 1;
  }
  tfcc_model_destroy(m);
  free(held);
  return 0;
}
