/* pthreads and flock for the process-wide variable lock. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* The memref descriptor words hold pointers; MLIR's C ABI lays them out as
 * pointer-sized fields followed by int64 fields, which only matches an array
 * of int64 words when pointers are 8 bytes. */
typedef char tfcc_pointers_are_64_bit[sizeof(void *) == 8 ? 1 : -1];

/* Large enough for any shape printed in a message (ranks beyond
 * TFCC_MAX_RANK are truncated with "..."). */
#define SHAPE_BUF 256

struct input_slot {
  int bound;
  const void *data;
  int64_t dims[TFCC_MAX_RANK];
  /* Model-owned storage from tfcc_model_alloc_input; kept even when the
   * caller later binds its own memory, so earlier pointers stay valid. */
  void *owned;
  size_t owned_cap;
  int64_t *desc; /* this input's memref descriptor, inside input_words */
  /* The tensor bound by tfcc_model_bind_input_tensor, retained until the
   * next binding or destroy: a caller that destroys it before the run does
   * not leave the run reading freed memory. */
  tfcc_tensor *tensor;
};

struct output_slot {
  tfcc_tensor tensor; /* views the compiled code's buffer; never owns it */
  void *allocated;
  size_t allocated_size; /* for the block cache; 0 if not cacheable */
  int free_allocated; /* 0 for a buffer another output (or an input) owns */
};

struct variable_slot {
  void *owned;  /* the instance's storage, initialized at create */
  void *bound;  /* caller storage from tfcc_model_bind_variable, or NULL */
  size_t bytes;
  int64_t *desc; /* this variable's memref descriptor, inside input_words */
};

/* Runs of models with variables hold the variable lock from reading the
 * variables to writing them back: instances may share storage
 * (bind_variable), and assign_add must not lose concurrent updates.
 *
 * It must hold across every copy of the runtime in the process: each .so
 * output carries its own copy, and libraries opened with
 * dlopen(RTLD_LOCAL) (Python's ctypes) do not share statics. The mutex
 * orders this copy's threads; a flock on /proc/self/stat, opened once per
 * copy, orders the copies, because flock locks belong to open file
 * descriptions: two copies' descriptions exclude each other, while other
 * processes lock their own /proc/<pid>/stat. Without /proc only the mutex
 * is left. */
static pthread_mutex_t variable_lock = PTHREAD_MUTEX_INITIALIZER;
static int process_lock_fd = -1;
static pid_t process_lock_pid;

static void lock_variables(void) {
  pthread_mutex_lock(&variable_lock);
  /* A forked child locks its own process's file. */
  if (process_lock_pid != getpid()) {
    if (process_lock_fd >= 0)
      close(process_lock_fd);
    process_lock_fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    process_lock_pid = getpid();
  }
  if (process_lock_fd >= 0)
    while (flock(process_lock_fd, LOCK_EX) != 0 && errno == EINTR)
      ;
}

static void unlock_variables(void) {
  if (process_lock_fd >= 0)
    flock(process_lock_fd, LOCK_UN);
  pthread_mutex_unlock(&variable_lock);
}

struct tfcc_model_s {
  const tfcc_model_spec *spec;
  struct variable_slot *variables;
  struct input_slot *inputs;
  void **input_ptrs; /* input_ptrs[i] == inputs[i].desc; passed to invoke */
  int64_t *input_words;
  struct output_slot *outputs;
  /* Each output's binding, handed to the runs' allocations (run.c). */
  tfcc_output_binding *bindings;
  /* The entry's dynamic arena (tfcc-plan-memory), kept across runs and
   * grown when a run's inputs need more. */
  void *dynamic_arena;
  size_t dynamic_arena_bytes;
  int64_t *result_words;
  size_t num_result_words;
  int has_outputs;
  tfcc_block_cache cache; /* freed temporaries, for the next runs */
  tfcc_gpu *gpu;          /* NULL: no ops on a GPU */
  /* The spec's invoke, or its CPU version where there is no GPU (then
   * on_cpu is set). */
  void (*invoke)(void **inputs, void *results);
  int on_cpu;
  int64_t num_threads;    /* 0: tfcc_default_num_threads() */
  /* Held by a run: a second thread's run of the instance is refused
   * rather than mixing its inputs and outputs with the first one's. */
  pthread_mutex_t running;
};

static size_t desc_words(int32_t rank) { return 3 + 2 * (size_t)rank; }

static void *word_to_ptr(int64_t w) { return (void *)(intptr_t)w; }
static int64_t ptr_to_word(const void *p) { return (int64_t)(intptr_t)p; }

/* calloc that never returns NULL for zero-length arrays, so a model with no
 * inputs or outputs is not mistaken for an allocation failure. */
static void *alloc_array(size_t n, size_t elem) {
  return calloc(n ? n : 1, elem);
}

/* ------------------------------------------------------------------------ */
/* Argument checks                                                          */
/* ------------------------------------------------------------------------ */

static tfcc_status check_index(const tfcc_model *m, int64_t i, int is_input) {
  int64_t n = is_input ? m->spec->num_inputs : m->spec->num_outputs;
  const char *kind = is_input ? "input" : "output";
  if (i < 0 || i >= n)
    return tfcc_status_make(TFCC_OUT_OF_RANGE,
                            "%s index %lld out of range (model '%s' has %lld "
                            "%s%s)",
                            kind, (long long)i, m->spec->name, (long long)n,
                            kind, n == 1 ? "" : "s");
  return NULL;
}

static tfcc_status check_model_index(const char *func, const tfcc_model *m,
                                     int64_t i, int is_input) {
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  return check_index(m, i, is_input);
}

static tfcc_status check_arg_spec(const tfcc_model_spec *spec,
                                  const tfcc_arg_spec *a, const char *kind,
                                  int32_t i) {
  int32_t d;
  if (a->name == NULL)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s': %s %d has no name", spec->name, kind,
                            (int)i);
  if (tfcc_dtype_size((tfcc_dtype)a->dtype) == 0)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s': %s '%s' has unknown dtype %d",
                            spec->name, kind, a->name, (int)a->dtype);
  if (a->rank < 0 || a->rank > TFCC_MAX_RANK)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s': %s '%s' has rank %d outside [0, %d]",
                            spec->name, kind, a->name, (int)a->rank,
                            TFCC_MAX_RANK);
  if (a->rank > 0 && a->dims == NULL)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s': %s '%s' has rank %d but no dims",
                            spec->name, kind, a->name, (int)a->rank);
  for (d = 0; d < a->rank; ++d) {
    if (a->dims[d] < -1)
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "model '%s': %s '%s' has invalid dim %lld",
                              spec->name, kind, a->name,
                              (long long)a->dims[d]);
  }
  return NULL;
}

static int64_t arena_bytes(const tfcc_model_spec *spec) {
  return spec->abi_version >= 3 ? spec->arena_bytes : 0;
}

static int32_t num_gpus(const tfcc_model_spec *spec) {
  return spec->abi_version >= 4 ? spec->num_gpus : 0;
}

/* A variable spec as ABI 5 and older laid them out: without
 * initial_splat, so an array of them has a shorter stride. */
struct variable_spec_v5 {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *dims;
  const void *initial_data;
  int32_t written;
};

/* Variable i of the spec, whatever its ABI's stride; its initial_splat
 * may be read only through variable_splat. */
static const tfcc_variable_spec *variable_spec(const tfcc_model_spec *spec,
                                               int32_t i) {
  size_t stride = spec->abi_version >= 6 ? sizeof(tfcc_variable_spec)
                                         : sizeof(struct variable_spec_v5);
  return (
      const tfcc_variable_spec *)(const void *)((const char *)spec->variables +
                                                (size_t)i * stride);
}

static int variable_splat(const tfcc_model_spec *spec, int32_t i) {
  return spec->abi_version >= 6 && variable_spec(spec, i)->initial_splat;
}

static tfcc_status check_spec(const tfcc_model_spec *spec) {
  tfcc_status s;
  int32_t i;
  /* Each version is the next without its last fields (runtime.h). */
  if (spec->abi_version < 2 || spec->abi_version > TFCC_MODEL_ABI_VERSION)
    return tfcc_status_make(
        TFCC_FAILED_PRECONDITION,
        "model '%s' was compiled for runtime ABI version %d, but this runtime "
        "implements versions 2 to %d",
        spec->name ? spec->name : "(unnamed)", (int)spec->abi_version,
        TFCC_MODEL_ABI_VERSION);
  if (spec->abi_version >= 3 && spec->arena_bytes < 0)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s' has a negative arena size",
                            spec->name ? spec->name : "(unnamed)");
  if (spec->name == NULL)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT, "model spec has no name");
  if (num_gpus(spec) < 0 ||
      (spec->abi_version >= 4 && spec->cpu_arena_bytes < 0))
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s' has a negative GPU count or CPU "
                            "arena size",
                            spec->name);
  if (spec->abi_version >= 4 &&
      (spec->num_ops < 0 || (spec->num_ops > 0 && spec->ops == NULL)))
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s' has a malformed op table", spec->name);
  if (spec->invoke == NULL)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s' has no invoke function", spec->name);
  if (spec->num_inputs < 0 || spec->num_outputs < 0)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s' has a negative input or output count",
                            spec->name);
  if ((spec->num_inputs > 0 && spec->inputs == NULL) ||
      (spec->num_outputs > 0 && spec->outputs == NULL))
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s' is missing its input or output specs",
                            spec->name);
  for (i = 0; i < spec->num_inputs; ++i)
    if ((s = check_arg_spec(spec, &spec->inputs[i], "input", i)) != NULL)
      return s;
  for (i = 0; i < spec->num_outputs; ++i)
    if ((s = check_arg_spec(spec, &spec->outputs[i], "output", i)) != NULL)
      return s;
  if (spec->num_variables < 0 ||
      (spec->num_variables > 0 && spec->variables == NULL))
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "model '%s' has invalid variable specs",
                            spec->name);
  for (i = 0; i < spec->num_variables; ++i) {
    const tfcc_variable_spec *v = variable_spec(spec, i);
    tfcc_arg_spec a;
    int32_t d;
    a.name = v->name;
    a.dtype = v->dtype;
    a.rank = v->rank;
    a.dims = v->dims;
    if ((s = check_arg_spec(spec, &a, "variable", i)) != NULL)
      return s;
    for (d = 0; d < v->rank; ++d)
      if (v->dims[d] < 0)
        return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                                "model '%s': variable '%s' has a dynamic "
                                "shape",
                                spec->name, v->name);
    if (v->initial_data == NULL)
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "model '%s': variable '%s' has no initial value",
                              spec->name, v->name);
  }
  return NULL;
}

/* A variable's initial value into `dst` (`bytes` of it): its row-major
 * data, or its one element repeated (a splat: zeros for a whole table). */
static void fill_initial(void *dst, const tfcc_variable_spec *v, int splat,
                         size_t bytes) {
  size_t elem = tfcc_dtype_size((tfcc_dtype)v->dtype), k, i;
  const unsigned char *one = (const unsigned char *)v->initial_data;
  int zero = 1;
  if (!splat || elem == 0) {
    memcpy(dst, v->initial_data, bytes);
    return;
  }
  for (k = 0; k < elem; ++k)
    zero &= one[k] == 0;
  if (zero) {
    memset(dst, 0, bytes);
    return;
  }
  for (i = 0; i + elem <= bytes; i += elem)
    memcpy((char *)dst + i, one, elem);
}

/* The arena of the code an instance runs: its CPU version's where it fell
 * back to it. */
static int64_t model_arena_bytes(const tfcc_model *m) {
  if (m->on_cpu)
    return m->spec->cpu_arena_bytes;
  return arena_bytes(m->spec);
}

static size_t num_written(const tfcc_model_spec *spec) {
  size_t n = 0;
  int32_t i;
  for (i = 0; i < spec->num_variables; ++i)
    n += variable_spec(spec, i)->written != 0;
  return n;
}

static void *variable_storage(const tfcc_model *m, int32_t i) {
  return m->variables[i].bound ? m->variables[i].bound
                               : m->variables[i].owned;
}

static int shape_matches(const tfcc_arg_spec *a, int64_t rank,
                         const int64_t *dims) {
  int64_t d;
  if (rank != a->rank)
    return 0;
  for (d = 0; d < rank; ++d)
    if (a->dims[d] >= 0 && a->dims[d] != dims[d])
      return 0;
  return 1;
}

static tfcc_status shape_mismatch(const char *kind, const tfcc_arg_spec *a,
                                  int64_t rank, const int64_t *dims) {
  char want[SHAPE_BUF], got[SHAPE_BUF];
  tfcc_format_shape(want, sizeof(want), a->rank, a->dims);
  tfcc_format_shape(got, sizeof(got), rank, dims);
  return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                          "%s '%s': expected shape %s but got %s", kind,
                          a->name, want, got);
}

/* Validates a caller-supplied shape for `a`, an input or output (`kind`);
 * on success returns its byte size through *bytes. */
static tfcc_status check_arg_shape(const char *func, const char *kind,
                                   const tfcc_arg_spec *a, int64_t rank,
                                   const int64_t *dims, size_t *bytes) {
  int64_t d;
  if (rank < 0)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT, "%s '%s': invalid rank %lld",
                            kind, a->name, (long long)rank);
  if (rank > 0 && dims == NULL)
    return tfcc_null_arg(func, "dims");
  for (d = 0; d < rank; ++d)
    if (dims[d] < 0)
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "%s '%s': dimension %lld is negative (%lld)",
                              kind, a->name, (long long)d, (long long)dims[d]);
  if (!shape_matches(a, rank, dims))
    return shape_mismatch(kind, a, rank, dims);
  return tfcc_shape_sizes(a->name, (tfcc_dtype)a->dtype, rank, dims, NULL,
                          bytes);
}

static tfcc_status check_input_shape(const char *func, const tfcc_model *m,
                                     int64_t i, int64_t rank,
                                     const int64_t *dims, size_t *bytes) {
  return check_arg_shape(func, "input", &m->spec->inputs[i], rank, dims, bytes);
}

static void bind(tfcc_model *m, int64_t i, const void *data,
                 const int64_t *dims) {
  struct input_slot *in = &m->inputs[i];
  int32_t rank = m->spec->inputs[i].rank;
  tfcc_tensor_destroy(in->tensor);
  in->tensor = NULL;
  in->bound = 1;
  in->data = data;
  if (rank > 0)
    memcpy(in->dims, dims, (size_t)rank * sizeof(int64_t));
}

/* ------------------------------------------------------------------------ */
/* Outputs                                                                  */
/* ------------------------------------------------------------------------ */

static void release_outputs(tfcc_model *m) {
  int32_t i;
  for (i = 0; i < m->spec->num_outputs; ++i) {
    struct output_slot *o = &m->outputs[i];
    /* Back to the cache: the next run allocates the same outputs. */
    if (o->free_allocated)
      tfcc_block_cache_put(&m->cache, o->allocated, o->allocated_size);
    memset(o, 0, sizeof(*o));
  }
  m->has_outputs = 0;
}

/* Decides which outputs' allocated pointers the runtime frees: exactly one
 * owner per distinct pointer, and none for a pointer that is an input's
 * buffer (compiled code returning an argument unchanged). */
static void assign_output_ownership(tfcc_model *m) {
  int32_t i, j;
  for (i = 0; i < m->spec->num_outputs; ++i) {
    struct output_slot *o = &m->outputs[i];
    o->free_allocated = o->allocated != NULL;
    for (j = 0; j < i && o->free_allocated; ++j)
      if (m->outputs[j].allocated == o->allocated)
        o->free_allocated = 0;
    for (j = 0; j < m->spec->num_inputs && o->free_allocated; ++j)
      if (m->inputs[j].data == o->allocated)
        o->free_allocated = 0;
    for (j = 0; j < m->spec->num_variables && o->free_allocated; ++j)
      if (variable_storage(m, j) == o->allocated)
        o->free_allocated = 0;
    for (j = 0; j < m->spec->num_outputs && o->free_allocated; ++j)
      if (m->bindings[j].data == o->allocated)
        o->free_allocated = 0;
  }
}

/* Copies a tensor of `rank` dims laid out with `strides` (in elements) to
 * row-major `dst`. */
static void copy_to_row_major(char *dst, const char *src, int32_t rank,
                              const int64_t *dims, const int64_t *strides,
                              size_t elem) {
  int64_t index[TFCC_MAX_RANK] = {0}, n = 1, k;
  int32_t d;
  for (d = 0; d < rank; ++d)
    n *= dims[d];
  if (n == 0)
    return;
  if (tfcc_is_row_major(rank, dims, strides)) {
    memmove(dst, src, (size_t)n * elem);
    return;
  }
  for (k = 0; k < n; ++k) {
    int64_t offset = 0;
    for (d = 0; d < rank; ++d)
      offset += index[d] * strides[d];
    memcpy(dst + (size_t)k * elem, src + offset * (int64_t)elem, elem);
    for (d = rank - 1; d >= 0 && ++index[d] == dims[d]; --d)
      index[d] = 0;
  }
}

/* Output i in the memory bound to it: there already when the compiled code
 * allocated it there, copied otherwise. */
static tfcc_status move_to_bound(tfcc_model *m, int32_t i) {
  const tfcc_arg_spec *a = &m->spec->outputs[i];
  tfcc_tensor *t = &m->outputs[i].tensor;
  char *bound = (char *)m->bindings[i].data;
  if (a->rank > 0 && memcmp(t->dims, m->bindings[i].dims,
                            (size_t)a->rank * sizeof(int64_t)) != 0) {
    char want[SHAPE_BUF], got[SHAPE_BUF];
    tfcc_format_shape(want, sizeof(want), a->rank, m->bindings[i].dims);
    tfcc_format_shape(got, sizeof(got), a->rank, t->dims);
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "output '%s': the run produced shape %s but the "
                            "bound buffer is %s",
                            a->name, got, want);
  }
  if (t->data != bound)
    copy_to_row_major(bound, (const char *)t->data, a->rank, t->dims,
                      t->strides, tfcc_dtype_size(t->dtype));
  t->data = bound;
  tfcc_row_major_strides(a->rank, t->dims, t->strides);
  return NULL;
}

/* Reads the descriptors the compiled code wrote and checks them against the
 * signature. Ownership is settled first so that buffers are freed even when
 * a descriptor turns out to be malformed. */
static tfcc_status collect_outputs(tfcc_model *m) {
  const tfcc_model_spec *spec = m->spec;
  const int64_t *w = m->result_words;
  int32_t i;

  for (i = 0; i < spec->num_outputs; ++i) {
    m->outputs[i].allocated = word_to_ptr(w[0]);
    w += desc_words(spec->outputs[i].rank);
  }
  assign_output_ownership(m);

  w = m->result_words;
  for (i = 0; i < spec->num_outputs; ++i) {
    const tfcc_arg_spec *a = &spec->outputs[i];
    struct output_slot *o = &m->outputs[i];
    tfcc_tensor *t = &o->tensor;
    char *aligned = (char *)word_to_ptr(w[1]);
    int64_t offset = w[2];
    const int64_t *sizes = w + 3;
    const int64_t *strides = w + 3 + a->rank;
    size_t bytes;
    int32_t d;
    tfcc_status s;

    for (d = 0; d < a->rank; ++d)
      if (sizes[d] < 0)
        return tfcc_status_make(
            TFCC_INTERNAL, "output '%s': compiled code returned dimension %d "
                           "= %lld",
            a->name, (int)d, (long long)sizes[d]);
    if (!shape_matches(a, a->rank, sizes)) {
      char want[SHAPE_BUF], got[SHAPE_BUF];
      tfcc_format_shape(want, sizeof(want), a->rank, a->dims);
      tfcc_format_shape(got, sizeof(got), a->rank, sizes);
      return tfcc_status_make(TFCC_INTERNAL,
                              "output '%s': compiled code returned shape %s "
                              "but the signature is %s",
                              a->name, got, want);
    }
    s = tfcc_shape_sizes(a->name, (tfcc_dtype)a->dtype, a->rank, sizes, NULL,
                         &bytes);
    if (s != NULL)
      return s;
    if (offset < 0 || (aligned == NULL && bytes != 0))
      return tfcc_status_make(TFCC_INTERNAL,
                              "output '%s': compiled code returned an invalid "
                              "buffer (offset %lld)",
                              a->name, (long long)offset);

    t->dtype = (tfcc_dtype)a->dtype;
    t->rank = a->rank;
    if (a->rank > 0) {
      memcpy(t->dims, sizes, (size_t)a->rank * sizeof(int64_t));
      memcpy(t->strides, strides, (size_t)a->rank * sizeof(int64_t));
    }
    t->data = aligned == NULL
                  ? NULL
                  : aligned + offset * (int64_t)tfcc_dtype_size(t->dtype);
    t->owns_data = 0;
    t->refs = -1;
    w += desc_words(a->rank);
    if (m->bindings[i].data != NULL && (s = move_to_bound(m, i)) != NULL)
      return s;
  }
  return NULL;
}

static tfcc_status check_outputs_ready(const char *func, const tfcc_model *m,
                                       int64_t i) {
  tfcc_status s = check_model_index(func, m, i, 0);
  if (s != NULL)
    return s;
  if (!m->has_outputs)
    return tfcc_status_make(TFCC_FAILED_PRECONDITION,
                            "model '%s' has no outputs: tfcc_model_run has not "
                            "succeeded yet",
                            m->spec->name);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */
/* ------------------------------------------------------------------------ */

void tfcc_model_destroy(tfcc_model *m) {
  int32_t i;
  if (m == NULL)
    return;
  if (m->outputs != NULL)
    release_outputs(m);
  if (m->inputs != NULL)
    for (i = 0; i < m->spec->num_inputs; ++i) {
      tfcc_aligned_free(m->inputs[i].owned);
      tfcc_tensor_destroy(m->inputs[i].tensor);
    }
  if (m->variables != NULL)
    for (i = 0; i < m->spec->num_variables; ++i)
      tfcc_aligned_free(m->variables[i].owned);
  free(m->variables);
  free(m->inputs);
  free(m->input_ptrs);
  free(m->input_words);
  free(m->outputs);
  free(m->bindings);
  free(m->dynamic_arena);
  free(m->result_words);
  tfcc_block_cache_clear(&m->cache);
  tfcc_gpu_destroy(m->gpu);
  pthread_mutex_destroy(&m->running);
  free(m);
}

tfcc_status tfcc_model_alloc_input(tfcc_model *m, int64_t i, int64_t rank,
                                   const int64_t *dims, void **data) {
  static const char func[] = "tfcc_model_alloc_input";
  struct input_slot *in;
  size_t bytes;
  tfcc_status s;

  if ((s = check_model_index(func, m, i, 1)) != NULL)
    return s;
  if (data == NULL)
    return tfcc_null_arg(func, "data");
  if ((s = check_input_shape(func, m, i, rank, dims, &bytes)) != NULL)
    return s;
  in = &m->inputs[i];
  /* Reuse the buffer when it is big enough: callers resize the batch
   * dimension often and expect no churn. */
  if (in->owned == NULL || in->owned_cap < bytes) {
    void *p = tfcc_aligned_alloc(TFCC_ALIGNMENT, bytes);
    if (p == NULL)
      return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                              "input '%s': cannot allocate %zu bytes",
                              m->spec->inputs[i].name, bytes);
    tfcc_aligned_free(in->owned);
    in->owned = p;
    in->owned_cap = bytes;
  }
  memset(in->owned, 0, bytes);
  bind(m, i, in->owned, dims);
  *data = in->owned;
  return NULL;
}

/* The weights of the GPU code, made resident as a run would (the same
 * context, so that a CUDA error ends it with a status). */
static tfcc_status upload_weights(tfcc_model *m) {
  tfcc_run_context run;
  tfcc_run_begin(&run, NULL, 1);
  run.gpu = m->gpu;
  if (setjmp(run.unwind) != 0) {
    tfcc_gpu_abandon_run(m->gpu);
    return tfcc_run_abandon(&run);
  }
  tfcc_gpu_begin_run(m->gpu);
  m->spec->gpu_weights();
  tfcc_gpu_end_run(m->gpu);
  tfcc_run_end(&run);
  return NULL;
}

tfcc_status tfcc_model_create(const tfcc_model_spec *spec, tfcc_model **out) {
  static const char func[] = "tfcc_model_create";
  tfcc_model *m;
  size_t in_words = 0;
  int32_t i;
  tfcc_status s;

  if (out == NULL)
    return tfcc_null_arg(func, "out");
  *out = NULL;
  if (spec == NULL)
    return tfcc_null_arg(func, "spec");
  if ((s = check_spec(spec)) != NULL)
    return s;

  m = (tfcc_model *)calloc(1, sizeof(*m));
  if (m == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED, "%s: out of memory", func);
  m->spec = spec;
  pthread_mutex_init(&m->running, NULL);
  m->invoke = spec->invoke;
  if (num_gpus(spec) > 0 &&
      (s = tfcc_gpu_create(spec->name, num_gpus(spec), &m->gpu)) != NULL) {
    /* --device=auto: the CPU version where there is no GPU. */
    if (tfcc_status_code_of(s) != TFCC_FAILED_PRECONDITION ||
        spec->cpu_invoke == NULL) {
      tfcc_model_destroy(m);
      return s;
    }
    tfcc_status_free(s);
    m->invoke = spec->cpu_invoke;
    m->on_cpu = 1;
  }
  if (m->gpu != NULL && spec->abi_version >= 5 && spec->gpu_weights != NULL &&
      (s = upload_weights(m)) != NULL) {
    tfcc_model_destroy(m);
    return s;
  }
  for (i = 0; i < spec->num_inputs; ++i)
    in_words += desc_words(spec->inputs[i].rank);
  for (i = 0; i < spec->num_variables; ++i) {
    in_words += desc_words(variable_spec(spec, i)->rank);
    if (variable_spec(spec, i)->written)
      m->num_result_words += desc_words(variable_spec(spec, i)->rank);
  }
  for (i = 0; i < spec->num_outputs; ++i)
    m->num_result_words += desc_words(spec->outputs[i].rank);
  m->inputs = (struct input_slot *)alloc_array((size_t)spec->num_inputs,
                                               sizeof(*m->inputs));
  m->variables = (struct variable_slot *)alloc_array(
      (size_t)spec->num_variables, sizeof(*m->variables));
  m->input_ptrs = (void **)alloc_array(
      (size_t)spec->num_inputs + (size_t)spec->num_variables, sizeof(void *));
  m->input_words = (int64_t *)alloc_array(in_words, sizeof(int64_t));
  m->outputs = (struct output_slot *)alloc_array((size_t)spec->num_outputs,
                                                 sizeof(*m->outputs));
  m->bindings = (tfcc_output_binding *)alloc_array((size_t)spec->num_outputs,
                                                   sizeof(*m->bindings));
  m->result_words =
      (int64_t *)alloc_array(m->num_result_words, sizeof(int64_t));
  if (m->inputs == NULL || m->variables == NULL || m->input_ptrs == NULL ||
      m->input_words == NULL || m->outputs == NULL || m->bindings == NULL ||
      m->result_words == NULL) {
    tfcc_model_destroy(m);
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED, "%s: out of memory", func);
  }

  in_words = 0;
  for (i = 0; i < spec->num_inputs; ++i) {
    const tfcc_arg_spec *a = &spec->inputs[i];
    int32_t d;
    int is_static = 1;
    m->inputs[i].desc = m->input_words + in_words;
    m->input_ptrs[i] = m->inputs[i].desc;
    in_words += desc_words(a->rank);
    for (d = 0; d < a->rank; ++d)
      is_static &= a->dims[d] >= 0;
    /* Fully static inputs get storage up front so tfcc_model_input_data
     * works without any shape-setting call. */
    if (is_static) {
      void *unused;
      s = tfcc_model_alloc_input(m, i, a->rank, a->dims, &unused);
      if (s != NULL) {
        tfcc_model_destroy(m);
        return s;
      }
    }
  }
  for (i = 0; i < spec->num_variables; ++i) {
    const tfcc_variable_spec *v = variable_spec(spec, i);
    struct variable_slot *slot = &m->variables[i];
    slot->desc = m->input_words + in_words;
    m->input_ptrs[spec->num_inputs + i] = slot->desc;
    in_words += desc_words(v->rank);
    s = tfcc_shape_sizes(v->name, (tfcc_dtype)v->dtype, v->rank, v->dims, NULL,
                         &slot->bytes);
    if (s == NULL &&
        (slot->owned = tfcc_aligned_alloc(TFCC_ALIGNMENT, slot->bytes)) == NULL)
      s = tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                           "variable '%s': cannot allocate %zu bytes", v->name,
                           slot->bytes);
    if (s != NULL) {
      tfcc_model_destroy(m);
      return s;
    }
    if (slot->bytes > 0)
      fill_initial(slot->owned, v, variable_splat(spec, i), slot->bytes);
  }
  /* The arena now, in the cache where the first run's allocation of it
   * finds it, its pages touched: no run allocates it or faults it in. */
  if (model_arena_bytes(m) > 0) {
    void *arena = NULL;
    size_t bytes = (size_t)model_arena_bytes(m);
    if (posix_memalign(&arena, TFCC_ALIGNMENT, bytes) != 0 || arena == NULL) {
      tfcc_model_destroy(m);
      return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                              "model '%s': cannot allocate its arena of %zu "
                              "bytes",
                              spec->name, bytes);
    }
    memset(arena, 0, bytes);
    tfcc_block_cache_put(&m->cache, arena, bytes);
  }
  *out = m;
  return NULL;
}

tfcc_status tfcc_model_gpu_info(const tfcc_model *m, tfcc_gpu_info *out) {
  static const char func[] = "tfcc_model_gpu_info";
  int major = 0, minor = 0;
  tfcc_status s;
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  if (out == NULL)
    return tfcc_null_arg(func, "out");
  if (m->gpu == NULL)
    return tfcc_status_make(TFCC_FAILED_PRECONDITION,
                            "%s: model '%s' runs on the CPU alone", func,
                            m->spec->name);
  memset(out, 0, sizeof(*out));
  if ((s = tfcc_gpu_device(m->gpu, out->name, sizeof(out->name), &major,
                           &minor)) != NULL)
    return s;
  out->compute_major = major;
  out->compute_minor = minor;
  tfcc_gpu_stats(m->gpu, &out->launches, &out->launch_ns);
  return NULL;
}

tfcc_status tfcc_model_num_ops(const tfcc_model *m, int64_t *out) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_num_ops", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_num_ops", "out");
  *out = m->spec->abi_version >= 4 ? m->spec->num_ops : 0;
  return NULL;
}

tfcc_status tfcc_model_device_info(const tfcc_model *m, int64_t i,
                                   tfcc_op_spec *out) {
  static const char func[] = "tfcc_model_device_info";
  int64_t n;
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  if (out == NULL)
    return tfcc_null_arg(func, "out");
  n = m->spec->abi_version >= 4 ? m->spec->num_ops : 0;
  if (i < 0 || i >= n)
    return tfcc_status_make(TFCC_OUT_OF_RANGE,
                            "%s: op %lld of model '%s', which has %lld", func,
                            (long long)i, m->spec->name, (long long)n);
  *out = m->spec->ops[i];
  /* --device=auto without a GPU: the CPU version runs every op. */
  if (m->on_cpu)
    out->device = "cpu:0";
  return NULL;
}

tfcc_status tfcc_model_name(const tfcc_model *m, const char **out) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_name", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_name", "out");
  *out = m->spec->name;
  return NULL;
}

tfcc_status tfcc_model_num_inputs(const tfcc_model *m, int64_t *out) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_num_inputs", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_num_inputs", "out");
  *out = m->spec->num_inputs;
  return NULL;
}

tfcc_status tfcc_model_num_outputs(const tfcc_model *m, int64_t *out) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_num_outputs", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_num_outputs", "out");
  *out = m->spec->num_outputs;
  return NULL;
}

static tfcc_status find_arg(const char *func, const tfcc_model *m,
                            const char *name, int64_t *out, int is_input) {
  const tfcc_arg_spec *args;
  int32_t n, i;
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  if (name == NULL)
    return tfcc_null_arg(func, "name");
  if (out == NULL)
    return tfcc_null_arg(func, "out");
  args = is_input ? m->spec->inputs : m->spec->outputs;
  n = is_input ? m->spec->num_inputs : m->spec->num_outputs;
  for (i = 0; i < n; ++i) {
    if (strcmp(args[i].name, name) == 0) {
      *out = i;
      return NULL;
    }
  }
  return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                          "no %s named '%s' in model '%s'",
                          is_input ? "input" : "output", name, m->spec->name);
}

tfcc_status tfcc_model_input_index(const tfcc_model *m, const char *name,
                                   int64_t *out) {
  return find_arg("tfcc_model_input_index", m, name, out, 1);
}

tfcc_status tfcc_model_output_index(const tfcc_model *m, const char *name,
                                    int64_t *out) {
  return find_arg("tfcc_model_output_index", m, name, out, 0);
}

static tfcc_status arg_info(const char *func, const tfcc_model *m, int64_t i,
                            int is_input, const char **name, tfcc_dtype *dtype,
                            int64_t *rank, const int64_t **dims) {
  const tfcc_arg_spec *a;
  tfcc_status s = check_model_index(func, m, i, is_input);
  if (s != NULL)
    return s;
  a = is_input ? &m->spec->inputs[i] : &m->spec->outputs[i];
  if (name != NULL)
    *name = a->name;
  if (dtype != NULL)
    *dtype = (tfcc_dtype)a->dtype;
  if (rank != NULL)
    *rank = a->rank;
  if (dims != NULL)
    *dims = a->dims;
  return NULL;
}

tfcc_status tfcc_model_input_info(const tfcc_model *m, int64_t i,
                                  const char **name, tfcc_dtype *dtype,
                                  int64_t *rank, const int64_t **dims) {
  return arg_info("tfcc_model_input_info", m, i, 1, name, dtype, rank, dims);
}

tfcc_status tfcc_model_output_info(const tfcc_model *m, int64_t i,
                                   const char **name, tfcc_dtype *dtype,
                                   int64_t *rank, const int64_t **dims) {
  return arg_info("tfcc_model_output_info", m, i, 0, name, dtype, rank, dims);
}

tfcc_status tfcc_model_bind_input(tfcc_model *m, int64_t i, const void *data,
                                  int64_t rank, const int64_t *dims) {
  static const char func[] = "tfcc_model_bind_input";
  size_t bytes;
  tfcc_status s;
  if ((s = check_model_index(func, m, i, 1)) != NULL)
    return s;
  if ((s = check_input_shape(func, m, i, rank, dims, &bytes)) != NULL)
    return s;
  if (data == NULL && bytes != 0)
    return tfcc_null_arg(func, "data");
  bind(m, i, data, dims);
  return NULL;
}

tfcc_status tfcc_model_bind_output(tfcc_model *m, int64_t i, void *data,
                                   int64_t rank, const int64_t *dims) {
  static const char func[] = "tfcc_model_bind_output";
  size_t bytes;
  tfcc_status s;
  if ((s = check_model_index(func, m, i, 0)) != NULL)
    return s;
  if (data == NULL) {
    m->bindings[i].data = NULL;
    return NULL;
  }
  if ((s = check_arg_shape(func, "output", &m->spec->outputs[i], rank, dims,
                           &bytes)) != NULL)
    return s;
  m->bindings[i].data = data;
  m->bindings[i].bytes = bytes;
  if (rank > 0)
    memcpy(m->bindings[i].dims, dims, (size_t)rank * sizeof(int64_t));
  return NULL;
}

tfcc_status tfcc_model_bind_input_tensor(tfcc_model *m, int64_t i,
                                         const tfcc_tensor *t) {
  static const char func[] = "tfcc_model_bind_input_tensor";
  const tfcc_arg_spec *a;
  int64_t n;
  tfcc_status s;
  if ((s = check_model_index(func, m, i, 1)) != NULL)
    return s;
  if (t == NULL)
    return tfcc_null_arg(func, "t");
  a = &m->spec->inputs[i];
  if ((int32_t)t->dtype != a->dtype)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "input '%s': expected dtype %s but got %s",
                            a->name, tfcc_dtype_name((tfcc_dtype)a->dtype),
                            tfcc_dtype_name(t->dtype));
  /* The compiled code is handed row-major strides, so the data must be laid
   * out that way (it always is for tensors made by this runtime). */
  if ((s = tfcc_tensor_num_elements(t, &n)) != NULL)
    return s;
  if (!tfcc_is_row_major(t->rank, t->dims, t->strides))
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "input '%s': tensor is not row-major contiguous",
                            a->name);
  if ((s = tfcc_model_bind_input(m, i, t->data, t->rank, t->dims)) != NULL)
    return s;
  tfcc_tensor_retain((tfcc_tensor *)t);
  m->inputs[i].tensor = (tfcc_tensor *)t;
  return NULL;
}

tfcc_status tfcc_model_input_data(tfcc_model *m, int64_t i, void **data) {
  static const char func[] = "tfcc_model_input_data";
  tfcc_status s;
  if ((s = check_model_index(func, m, i, 1)) != NULL)
    return s;
  if (data == NULL)
    return tfcc_null_arg(func, "data");
  if (!m->inputs[i].bound)
    return tfcc_status_make(TFCC_FAILED_PRECONDITION,
                            "input '%s' is not bound", m->spec->inputs[i].name);
  /* Non-const because model-owned buffers are meant to be filled in place;
   * for caller-bound memory this just hands back the caller's own pointer. */
  *data = (void *)(uintptr_t)m->inputs[i].data;
  return NULL;
}

/* An output that is a variable's storage (the entry returned a variable's
 * value unchanged) gets a private copy: the storage changes with the next
 * write-back, bind or restore, the output must not. */
static tfcc_status detach_outputs_from_variables(tfcc_model *m) {
  int32_t i, v;
  for (i = 0; i < m->spec->num_outputs; ++i) {
    struct output_slot *o = &m->outputs[i];
    for (v = 0; v < m->spec->num_variables; ++v) {
      char *storage = (char *)variable_storage(m, v);
      char *copy;
      if (o->allocated == NULL || o->allocated != (void *)storage ||
          (m->bindings[i].data != NULL &&
           o->tensor.data == m->bindings[i].data))
        continue;
      copy = (char *)malloc(m->variables[v].bytes ? m->variables[v].bytes : 1);
      if (copy == NULL)
        return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                                "output '%s': out of memory",
                                m->spec->outputs[i].name);
      memcpy(copy, storage, m->variables[v].bytes);
      if (o->tensor.data != NULL)
        o->tensor.data = copy + ((char *)o->tensor.data - storage);
      o->allocated = copy;
      o->free_allocated = 1;
      break;
    }
  }
  return NULL;
}

/* The descriptors after the ordinary outputs: the new values of the written
 * variables. Checks them, copies them into the variables' storage and frees
 * the buffers the runtime owns (one owner per distinct pointer; none for a
 * pointer that is an output's, an input's or a variable's). */
static tfcc_status write_back_variables(tfcc_model *m) {
  const tfcc_model_spec *spec = m->spec;
  const int64_t *words = m->result_words;
  size_t n = num_written(spec), k;
  int32_t i, v, d;
  struct pending {
    int32_t var;
    void *allocated;
    char *src;
    void *snapshot;
    int free_allocated;
  } *p;
  tfcc_status s = NULL;

  if (n == 0)
    return detach_outputs_from_variables(m);
  p = (struct pending *)calloc(n, sizeof(*p));
  if (p == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "tfcc_model_run: out of memory");
  for (i = 0; i < spec->num_outputs; ++i)
    words += desc_words(spec->outputs[i].rank);
  for (k = 0, v = 0; v < spec->num_variables; ++v) {
    const tfcc_variable_spec *vs = variable_spec(spec, v);
    const int64_t *sizes = words + 3;
    const int64_t *strides = words + 3 + vs->rank;
    int64_t expect[TFCC_MAX_RANK];
    size_t j;
    if (!vs->written)
      continue;
    p[k].var = v;
    p[k].allocated = word_to_ptr(words[0]);
    p[k].free_allocated = p[k].allocated != NULL;
    for (i = 0; i < spec->num_outputs && p[k].free_allocated; ++i)
      if (m->outputs[i].allocated == p[k].allocated)
        p[k].free_allocated = 0;
    for (i = 0; i < spec->num_inputs && p[k].free_allocated; ++i)
      if (m->inputs[i].data == p[k].allocated)
        p[k].free_allocated = 0;
    for (i = 0; i < spec->num_variables && p[k].free_allocated; ++i)
      if (variable_storage(m, i) == p[k].allocated)
        p[k].free_allocated = 0;
    for (j = 0; j < k && p[k].free_allocated; ++j)
      if (p[j].allocated == p[k].allocated)
        p[k].free_allocated = 0;
    tfcc_row_major_strides(vs->rank, vs->dims, expect);
    for (d = 0; d < vs->rank && s == NULL; ++d)
      if (sizes[d] != vs->dims[d] || (vs->dims[d] > 1 && strides[d] != expect[d]))
        s = tfcc_status_make(TFCC_INTERNAL,
                             "variable '%s': compiled code returned a new "
                             "value of another shape or layout",
                             vs->name);
    if (s == NULL && m->variables[v].bytes > 0 && words[1] == 0)
      s = tfcc_status_make(TFCC_INTERNAL,
                           "variable '%s': compiled code returned no buffer",
                           vs->name);
    if (s == NULL && m->variables[v].bytes > 0)
      p[k].src = (char *)word_to_ptr(words[1]) +
                 words[2] * (int64_t)tfcc_dtype_size((tfcc_dtype)vs->dtype);
    words += desc_words(vs->rank);
    ++k;
  }
  if (s == NULL)
    s = detach_outputs_from_variables(m);
  /* A new value that lives in some variable's storage (an assign of another
   * variable's value) is copied aside first, so that no write-back
   * overwrites a value another one still has to read. */
  for (k = 0; k < n && s == NULL; ++k) {
    /* Updated in place (a scatter into the variable's own buffer): nothing
     * else writes that storage, since its own write-back is a no-op. */
    if (p[k].src == NULL || p[k].src == variable_storage(m, p[k].var))
      continue;
    for (v = 0; v < spec->num_variables; ++v) {
      char *storage = (char *)variable_storage(m, v);
      if (p[k].src >= storage && p[k].src < storage + m->variables[v].bytes)
        break;
    }
    if (v == spec->num_variables)
      continue;
    p[k].snapshot = malloc(m->variables[p[k].var].bytes);
    if (p[k].snapshot == NULL)
      s = tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                           "tfcc_model_run: out of memory");
    else
      memcpy(p[k].snapshot, p[k].src, m->variables[p[k].var].bytes);
  }
  for (k = 0; k < n && s == NULL; ++k) {
    const char *src = p[k].snapshot ? (const char *)p[k].snapshot : p[k].src;
    void *dst = variable_storage(m, p[k].var);
    if (src != NULL && src != dst)
      memcpy(dst, src, m->variables[p[k].var].bytes);
  }
  for (k = 0; k < n; ++k) {
    free(p[k].snapshot);
    if (p[k].free_allocated)
      free(p[k].allocated);
  }
  free(p);
  return s;
}

static tfcc_status run_locked(tfcc_model *m);

tfcc_status tfcc_model_run(tfcc_model *m) {
  tfcc_status s;
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_run", "m");
  if (pthread_mutex_trylock(&m->running) != 0)
    return tfcc_status_make(
        TFCC_FAILED_PRECONDITION,
        "tfcc_model_run: model '%s': this instance is already running on "
        "another thread (create one instance per thread)",
        m->spec->name);
  s = run_locked(m);
  pthread_mutex_unlock(&m->running);
  return s;
}

static tfcc_status run_locked(tfcc_model *m) {
  const tfcc_model_spec *spec = m->spec;
  int32_t i, d;
  tfcc_status s;
  tfcc_run_context run;

  for (i = 0; i < spec->num_inputs; ++i)
    if (!m->inputs[i].bound)
      return tfcc_status_make(TFCC_FAILED_PRECONDITION,
                              "input '%s' is not bound", spec->inputs[i].name);

  /* Previous outputs die here, as documented: views into them end with the
   * next run. */
  release_outputs(m);

  for (i = 0; i < spec->num_inputs; ++i) {
    const struct input_slot *in = &m->inputs[i];
    int32_t rank = spec->inputs[i].rank;
    int64_t *w = in->desc;
    w[0] = ptr_to_word(in->data);
    w[1] = ptr_to_word(in->data);
    w[2] = 0;
    for (d = 0; d < rank; ++d)
      w[3 + d] = in->dims[d];
    tfcc_row_major_strides(rank, in->dims, w + 3 + rank);
  }
  memset(m->result_words, 0, m->num_result_words * sizeof(int64_t));

  if (spec->num_variables > 0)
    lock_variables();
  for (i = 0; i < spec->num_variables; ++i) {
    const tfcc_variable_spec *v = variable_spec(spec, i);
    int64_t *w = m->variables[i].desc;
    void *data = variable_storage(m, i);
    w[0] = ptr_to_word(data);
    w[1] = ptr_to_word(data);
    w[2] = 0;
    for (d = 0; d < v->rank; ++d)
      w[3 + d] = v->dims[d];
    tfcc_row_major_strides(v->rank, v->dims, w + 3 + v->rank);
  }

  /* A failed run-time check jumps back here (run.c): nothing the run made
   * survives it, no output and no variable's new value. */
  tfcc_run_begin(
      &run, &m->cache,
      (int)(m->num_threads ? m->num_threads : tfcc_default_num_threads()));
  run.dynamic_arena = &m->dynamic_arena;
  run.dynamic_arena_bytes = &m->dynamic_arena_bytes;
  run.bound = m->bindings;
  run.num_bound = spec->num_outputs;
  run.gpu = m->gpu;
  if (setjmp(run.unwind) != 0) {
    if (m->gpu != NULL)
      tfcc_gpu_abandon_run(m->gpu);
    s = tfcc_run_abandon(&run);
    memset(m->result_words, 0, m->num_result_words * sizeof(int64_t));
    if (spec->num_variables > 0)
      unlock_variables();
    return s;
  }
  if (m->gpu != NULL)
    tfcc_gpu_begin_run(m->gpu);
  m->invoke(m->input_ptrs, m->result_words);
  if (m->gpu != NULL)
    tfcc_gpu_end_run(m->gpu);
  {
    const int64_t *w = m->result_words;
    for (i = 0; i < spec->num_outputs; ++i) {
      m->outputs[i].allocated_size =
          tfcc_run_block_size(&run, word_to_ptr(w[0]));
      w += desc_words(spec->outputs[i].rank);
    }
  }
  tfcc_run_end(&run);

  s = collect_outputs(m);
  if (spec->num_variables > 0) {
    /* Even when an output is malformed, the variables' new values are
     * written back (the run happened) and their buffers freed. */
    tfcc_status ws = write_back_variables(m);
    unlock_variables();
    if (s == NULL)
      s = ws;
    else
      tfcc_status_free(ws);
  }
  if (s != NULL) {
    release_outputs(m);
    return s;
  }
  m->has_outputs = 1;
  return NULL;
}

tfcc_status tfcc_model_dynamic_arena_bytes(const tfcc_model *m, int64_t *out) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_dynamic_arena_bytes", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_dynamic_arena_bytes", "out");
  *out = (int64_t)m->dynamic_arena_bytes;
  return NULL;
}

tfcc_status tfcc_model_memory_info(const tfcc_model *m, tfcc_memory_info *out) {
  size_t held;
  int32_t i;
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_memory_info", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_memory_info", "out");
  held = m->cache.bytes + m->dynamic_arena_bytes;
  for (i = 0; i < m->spec->num_outputs; ++i)
    if (m->outputs[i].free_allocated)
      held += m->outputs[i].allocated_size;
  for (i = 0; i < m->spec->num_inputs; ++i)
    held += m->inputs[i].owned_cap;
  for (i = 0; i < m->spec->num_variables; ++i)
    held += m->variables[i].bytes;
  out->arena_bytes = model_arena_bytes(m);
  out->held_bytes = (int64_t)held;
  return NULL;
}

tfcc_status tfcc_model_set_num_threads(tfcc_model *m, int64_t n) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_set_num_threads", "m");
  if (n < 0 || n > TFCC_MAX_THREADS)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "tfcc_model_set_num_threads: %lld threads; "
                            "expected 1 to %d, or 0 for the default",
                            (long long)n, TFCC_MAX_THREADS);
  m->num_threads = n;
  return NULL;
}

tfcc_status tfcc_model_num_threads(const tfcc_model *m, int64_t *out) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_num_threads", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_num_threads", "out");
  *out = m->num_threads ? m->num_threads : tfcc_default_num_threads();
  return NULL;
}

tfcc_status tfcc_model_output(const tfcc_model *m, int64_t i,
                              const tfcc_tensor **out) {
  static const char func[] = "tfcc_model_output";
  tfcc_status s;
  if ((s = check_outputs_ready(func, m, i)) != NULL)
    return s;
  if (out == NULL)
    return tfcc_null_arg(func, "out");
  *out = &m->outputs[i].tensor;
  return NULL;
}

tfcc_status tfcc_model_output_data(const tfcc_model *m, int64_t i,
                                   const void **data) {
  static const char func[] = "tfcc_model_output_data";
  tfcc_status s;
  if ((s = check_outputs_ready(func, m, i)) != NULL)
    return s;
  if (data == NULL)
    return tfcc_null_arg(func, "data");
  *data = m->outputs[i].tensor.data;
  return NULL;
}

tfcc_status tfcc_model_output_dims(const tfcc_model *m, int64_t i,
                                   int64_t *rank, const int64_t **dims) {
  tfcc_status s = check_outputs_ready("tfcc_model_output_dims", m, i);
  if (s != NULL)
    return s;
  if (rank != NULL)
    *rank = m->outputs[i].tensor.rank;
  if (dims != NULL)
    *dims = m->outputs[i].tensor.dims;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Variables                                                                */
/* ------------------------------------------------------------------------ */

static tfcc_status check_variable_index(const char *func, const tfcc_model *m,
                                        int64_t i) {
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  if (i < 0 || i >= m->spec->num_variables)
    return tfcc_status_make(TFCC_OUT_OF_RANGE,
                            "variable index %lld out of range (model '%s' has "
                            "%lld variable%s)",
                            (long long)i, m->spec->name,
                            (long long)m->spec->num_variables,
                            m->spec->num_variables == 1 ? "" : "s");
  return NULL;
}

tfcc_status tfcc_model_num_variables(const tfcc_model *m, int64_t *out) {
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_num_variables", "m");
  if (out == NULL)
    return tfcc_null_arg("tfcc_model_num_variables", "out");
  *out = m->spec->num_variables;
  return NULL;
}

tfcc_status tfcc_model_variable_index(const tfcc_model *m, const char *name,
                                      int64_t *out) {
  static const char func[] = "tfcc_model_variable_index";
  int32_t i;
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  if (name == NULL)
    return tfcc_null_arg(func, "name");
  if (out == NULL)
    return tfcc_null_arg(func, "out");
  for (i = 0; i < m->spec->num_variables; ++i) {
    if (strcmp(variable_spec(m->spec, i)->name, name) == 0) {
      *out = i;
      return NULL;
    }
  }
  return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                          "no variable named '%s' in model '%s'", name,
                          m->spec->name);
}

tfcc_status tfcc_model_variable_info(const tfcc_model *m, int64_t i,
                                     const char **name, tfcc_dtype *dtype,
                                     int64_t *rank, const int64_t **dims) {
  const tfcc_variable_spec *v;
  tfcc_status s = check_variable_index("tfcc_model_variable_info", m, i);
  if (s != NULL)
    return s;
  v = variable_spec(m->spec, i);
  if (name != NULL)
    *name = v->name;
  if (dtype != NULL)
    *dtype = (tfcc_dtype)v->dtype;
  if (rank != NULL)
    *rank = v->rank;
  if (dims != NULL)
    *dims = v->dims;
  return NULL;
}

tfcc_status tfcc_model_variable_data(tfcc_model *m, int64_t i, void **data) {
  static const char func[] = "tfcc_model_variable_data";
  tfcc_status s = check_variable_index(func, m, i);
  if (s != NULL)
    return s;
  if (data == NULL)
    return tfcc_null_arg(func, "data");
  *data = variable_storage(m, (int32_t)i);
  return NULL;
}

tfcc_status tfcc_model_bind_variable(tfcc_model *m, int64_t i, void *data) {
  tfcc_status s = check_variable_index("tfcc_model_bind_variable", m, i);
  if (s != NULL)
    return s;
  lock_variables();
  m->variables[i].bound = data;
  unlock_variables();
  return NULL;
}

tfcc_status tfcc_model_reset_variables(tfcc_model *m) {
  int32_t i;
  if (m == NULL)
    return tfcc_null_arg("tfcc_model_reset_variables", "m");
  lock_variables();
  for (i = 0; i < m->spec->num_variables; ++i)
    if (m->variables[i].bytes > 0)
      fill_initial(variable_storage(m, i), variable_spec(m->spec, i),
                   variable_splat(m->spec, i), m->variables[i].bytes);
  unlock_variables();
  return NULL;
}

tfcc_status tfcc_model_save_checkpoint(const tfcc_model *m, const char *path) {
  static const char func[] = "tfcc_model_save_checkpoint";
  int32_t n, i;
  const char **names;
  tfcc_tensor **tensors;
  tfcc_status s = NULL;
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  if (path == NULL)
    return tfcc_null_arg(func, "path");
  n = m->spec->num_variables;
  names = (const char **)alloc_array((size_t)n, sizeof(*names));
  tensors = (tfcc_tensor **)alloc_array((size_t)n, sizeof(*tensors));
  if (names == NULL || tensors == NULL) {
    free(names);
    free(tensors);
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED, "%s: out of memory",
                            func);
  }
  /* The lock keeps a concurrent run from writing back mid-save. */
  lock_variables();
  for (i = 0; i < n && s == NULL; ++i) {
    const tfcc_variable_spec *v = variable_spec(m->spec, i);
    names[i] = v->name;
    s = tfcc_tensor_wrap((tfcc_dtype)v->dtype, v->rank, v->dims,
                         variable_storage(m, i), &tensors[i]);
  }
  if (s == NULL)
    s = tfcc_checkpoint_save(path, n, names,
                             (const tfcc_tensor *const *)tensors);
  unlock_variables();
  for (i = 0; i < n; ++i)
    tfcc_tensor_destroy(tensors[i]);
  free(names);
  free(tensors);
  return s;
}

tfcc_status tfcc_model_restore_checkpoint(tfcc_model *m, const char *path) {
  static const char func[] = "tfcc_model_restore_checkpoint";
  tfcc_checkpoint *c = NULL;
  const tfcc_tensor **found;
  int64_t n = 0, e;
  int32_t i, d;
  tfcc_status s;
  if (m == NULL)
    return tfcc_null_arg(func, "m");
  if (path == NULL)
    return tfcc_null_arg(func, "path");
  if ((s = tfcc_checkpoint_load(path, &c)) != NULL)
    return s;
  tfcc_checkpoint_num_entries(c, &n);
  found = (const tfcc_tensor **)alloc_array((size_t)m->spec->num_variables,
                                            sizeof(*found));
  if (found == NULL) {
    tfcc_checkpoint_free(c);
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED, "%s: out of memory",
                            func);
  }
  /* Everything is checked before anything is copied. */
  for (i = 0; i < m->spec->num_variables && s == NULL; ++i) {
    const tfcc_variable_spec *v = variable_spec(m->spec, i);
    const tfcc_tensor *t = NULL;
    for (e = 0; e < n && t == NULL; ++e) {
      const char *name;
      const tfcc_tensor *cand;
      tfcc_checkpoint_entry(c, e, &name, &cand);
      if (strcmp(name, v->name) == 0)
        t = cand;
    }
    /* The random ops' generator state (tfcc-thread-random-state) is not
     * in a checkpoint that a Python Saver wrote: it keeps its value. */
    if (t == NULL && strcmp(v->name, "tfcc:random_counter") == 0)
      continue;
    if (t == NULL) {
      s = tfcc_status_make(TFCC_INVALID_ARGUMENT,
                           "checkpoint '%s' has no variable '%s'", path,
                           v->name);
      break;
    }
    if ((int32_t)t->dtype != v->dtype) {
      s = tfcc_status_make(TFCC_INVALID_ARGUMENT,
                           "checkpoint '%s': variable '%s' has dtype %s, but "
                           "the model's is %s",
                           path, v->name, tfcc_dtype_name(t->dtype),
                           tfcc_dtype_name((tfcc_dtype)v->dtype));
      break;
    }
    for (d = 0; d < v->rank && t->rank == v->rank; ++d)
      if (t->dims[d] != v->dims[d])
        break;
    if (t->rank != v->rank || d != v->rank) {
      char want[SHAPE_BUF], got[SHAPE_BUF];
      tfcc_format_shape(want, sizeof(want), v->rank, v->dims);
      tfcc_format_shape(got, sizeof(got), t->rank, t->dims);
      s = tfcc_status_make(TFCC_INVALID_ARGUMENT,
                           "checkpoint '%s': variable '%s' has shape %s, but "
                           "the model's is %s",
                           path, v->name, got, want);
      break;
    }
    found[i] = t;
  }
  if (s == NULL) {
    lock_variables();
    for (i = 0; i < m->spec->num_variables; ++i)
      if (m->variables[i].bytes > 0 && found[i] != NULL)
        memcpy(variable_storage(m, i), found[i]->data, m->variables[i].bytes);
    unlock_variables();
  }
  free(found);
  tfcc_checkpoint_free(c);
  return s;
}
