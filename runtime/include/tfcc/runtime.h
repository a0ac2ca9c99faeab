/*
 * tfcc runtime: the C API that compiled models are built against.
 *
 * Conventions:
 *  - Every fallible call returns a tfcc_status. NULL means success; anything
 *    else is a heap object the caller must release with tfcc_status_free.
 *  - Handles are opaque. Pointers returned through out-parameters stay owned
 *    by the object they came from unless a comment says otherwise.
 *  - No call is thread-safe on the same handle (a second thread's
 *    tfcc_model_run of a running instance is refused with an error);
 *    distinct handles are independent, except that runs of models with
 *    variables serialize on one process-wide lock (see tfcc_model_run).
 *  - Shapes are int64 arrays in row-major order; strides count elements,
 *    not bytes.
 */
#ifndef TFCC_RUNTIME_H
#define TFCC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define TFCC_API __attribute__((visibility("default")))
#define TFCC_PRINTF_LIKE(fmt_index, first_arg) \
  __attribute__((format(printf, fmt_index, first_arg)))
#else
#define TFCC_API
#define TFCC_PRINTF_LIKE(fmt_index, first_arg)
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define TFCC_MAX_RANK 8
#define TFCC_MAX_THREADS 256
#define TFCC_MODEL_ABI_VERSION 6

/* Version of this runtime library, e.g. "0.1.0". */
TFCC_API const char *tfcc_runtime_version(void);

/* ------------------------------------------------------------------------ */
/* Status                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum tfcc_status_code {
  TFCC_OK = 0,
  TFCC_INVALID_ARGUMENT = 1,
  TFCC_OUT_OF_RANGE = 2,
  TFCC_FAILED_PRECONDITION = 3,
  TFCC_RESOURCE_EXHAUSTED = 4,
  TFCC_INTERNAL = 5,
} tfcc_status_code;

/* Opaque; NULL means OK. Non-NULL statuses are heap objects owned by the
 * caller. */
typedef struct tfcc_status_s *tfcc_status;

/* printf-style message. TFCC_OK yields NULL. If the status itself cannot be
 * allocated, a static out-of-memory status (TFCC_RESOURCE_EXHAUSTED) is
 * returned instead; tfcc_status_free ignores it. */
TFCC_API tfcc_status tfcc_status_make(tfcc_status_code code, const char *fmt,
                                      ...) TFCC_PRINTF_LIKE(2, 3);
/* NULL -> TFCC_OK. */
TFCC_API tfcc_status_code tfcc_status_code_of(tfcc_status s);
/* NULL -> "OK". Valid until the status is freed. */
TFCC_API const char *tfcc_status_message(tfcc_status s);
/* "OK", "INVALID_ARGUMENT", ...; "UNKNOWN" for values outside the enum. */
TFCC_API const char *tfcc_status_code_name(tfcc_status_code c);
/* NULL ok. */
TFCC_API void tfcc_status_free(tfcc_status s);

/* ------------------------------------------------------------------------ */
/* Element types                                                            */
/* ------------------------------------------------------------------------ */

typedef enum tfcc_dtype {
  TFCC_F32 = 0,
  TFCC_F64 = 1,
  TFCC_I32 = 2,
  TFCC_I64 = 3,
  TFCC_I1 = 4, /* stored as one byte, 0 or 1 */
} tfcc_dtype;

/* 4, 8, 4, 8, 1; 0 for unknown. */
TFCC_API size_t tfcc_dtype_size(tfcc_dtype t);
/* "f32", "f64", "i32", "i64", "i1"; "unknown" otherwise. */
TFCC_API const char *tfcc_dtype_name(tfcc_dtype t);

/* ------------------------------------------------------------------------ */
/* Tensors                                                                  */
/* ------------------------------------------------------------------------ */

/* Opaque descriptor of a dense row-major tensor: dtype, rank, dims, strides
 * (in elements) and data. */
typedef struct tfcc_tensor_s tfcc_tensor;

/* Zero-filled, 64-byte aligned data owned by the tensor. Dims must be
 * non-negative; zero-size dims are allowed. */
TFCC_API tfcc_status tfcc_tensor_create(tfcc_dtype dtype, int64_t rank,
                                        const int64_t *dims,
                                        tfcc_tensor **out);
/* Describes caller memory without owning it; data may be NULL only when the
 * tensor has no elements. */
TFCC_API tfcc_status tfcc_tensor_wrap(tfcc_dtype dtype, int64_t rank,
                                      const int64_t *dims, void *data,
                                      tfcc_tensor **out);
/* NULL ok. Frees the data only if the tensor owns it. A tensor bound to a
 * model input (tfcc_model_bind_input_tensor) lives on until that binding is
 * replaced or the model destroyed; a tensor the runtime owns (a model's
 * output, a checkpoint's entry) is left alone. */
TFCC_API void tfcc_tensor_destroy(tfcc_tensor *t);
TFCC_API tfcc_status tfcc_tensor_dtype(const tfcc_tensor *t, tfcc_dtype *out);
TFCC_API tfcc_status tfcc_tensor_rank(const tfcc_tensor *t, int64_t *out);
/* Arrays of `rank` entries, owned by the tensor (non-NULL even for rank 0). */
TFCC_API tfcc_status tfcc_tensor_dims(const tfcc_tensor *t,
                                      const int64_t **out);
TFCC_API tfcc_status tfcc_tensor_strides(const tfcc_tensor *t,
                                         const int64_t **out);
TFCC_API tfcc_status tfcc_tensor_data(const tfcc_tensor *t, void **out);
TFCC_API tfcc_status tfcc_tensor_num_elements(const tfcc_tensor *t,
                                              int64_t *out);
TFCC_API tfcc_status tfcc_tensor_byte_size(const tfcc_tensor *t, size_t *out);

/* alignment must be a power of two; NULL on failure. Size 0 returns a valid
 * unique pointer. Release only with tfcc_aligned_free. */
TFCC_API void *tfcc_aligned_alloc(size_t alignment, size_t size);
/* NULL ok. */
TFCC_API void tfcc_aligned_free(void *p);

/* ------------------------------------------------------------------------ */
/* Compiled models                                                          */
/*                                                                          */
/* The compiler emits, per model, a constant tfcc_model_spec and a function */
/* `tfcc_status <entry>_create(tfcc_model **out)` that calls                */
/* tfcc_model_create(&spec, out).                                           */
/* ------------------------------------------------------------------------ */

typedef struct tfcc_arg_spec {
  const char *name;
  int32_t dtype; /* tfcc_dtype */
  int32_t rank;
  const int64_t *dims; /* rank entries; -1 = dynamic */
} tfcc_arg_spec;

/* A variable the entry function uses: persistent state owned by each model
 * instance. Shapes are static. */
typedef struct tfcc_variable_spec {
  const char *name;
  int32_t dtype; /* tfcc_dtype */
  int32_t rank;
  const int64_t *dims;      /* rank entries, all static */
  const void *initial_data; /* row-major, of the variable's shape */
  int32_t written;          /* 1 if invoke returns the variable's new value */
  int32_t initial_splat;    /* 1: initial_data is one element, repeated
                               (ABI 6; older specs lack the field) */
} tfcc_variable_spec;

/*
 * invoke receives MLIR memref descriptors (the C ABI of a rank-R memref is
 * 3+2R 8-byte words: allocated_ptr, aligned_ptr, offset, sizes[R],
 * strides[R]). inputs[i] points to the descriptor of input i; results points
 * to num_outputs descriptors laid out back to back. Each output buffer was
 * malloc'd by the compiled code and is freed by the runtime (once per distinct
 * allocated_ptr).
 *
 * Variables (ABI version 2): inputs[num_inputs + v] is the descriptor of
 * variable v's current storage, for every variable in spec order; after the
 * num_outputs output descriptors, results holds one descriptor per variable
 * with written = 1, in spec order: its new value, which the runtime copies
 * into the variable's storage.
 *
 * ABI version 3 adds arena_bytes: the size of the one block that holds the
 * intermediate buffers of static shape (tfcc-plan-memory), which the
 * runtime allocates at create; 0 when there is none. Specs of version 2
 * are still accepted, as having none.
 *
 * ABI version 4 adds num_gpus: how many GPUs (gpu:0 ...) the model has ops
 * placed on. When it is not 0, create loads the CUDA driver and fails
 * with TFCC_FAILED_PRECONDITION ("no CUDA device: model 'm' has ops placed
 * on gpu:0 (...)") where there is none; invoke then calls the runtime's GPU
 * functions, which work on the instance's own CUDA stream. cpu_invoke
 * (NULL: none) is the model compiled for the CPU alone (tfcc
 * --device=auto), with an arena of cpu_arena_bytes: create uses it where
 * there is no GPU. ops (num_ops of them) says where each op of the graph
 * runs (tfcc_model_device_info).
 *
 * ABI version 5 adds gpu_weights (NULL: none), which uploads the weights
 * the GPU code reads; create calls it, so that they are resident before
 * the first run (a version 4 spec uploads them at their first use). Specs
 * of versions 2 and 3 are accepted, as having no GPU ops.
 */
typedef struct tfcc_op_spec {
  const char *node;   /* the graph node it comes from ("" when unnamed) */
  const char *op;     /* "tfcc.matmul", ... */
  const char *device; /* "cpu:0", "gpu:0", ... */
} tfcc_op_spec;

typedef struct tfcc_model_spec {
  int32_t abi_version; /* TFCC_MODEL_ABI_VERSION */
  int32_t num_inputs;
  int32_t num_outputs;
  const char *name; /* entry function name */
  const tfcc_arg_spec *inputs;
  const tfcc_arg_spec *outputs;
  void (*invoke)(void **inputs, void *results);
  int32_t num_variables;
  const tfcc_variable_spec *variables;
  int64_t arena_bytes; /* ABI version 3 */
  int32_t num_gpus;    /* ABI version 4 */
  void (*cpu_invoke)(void **inputs, void *results);
  int64_t cpu_arena_bytes;
  int32_t num_ops;
  const tfcc_op_spec *ops;
  void (*gpu_weights)(void); /* ABI version 5 */
} tfcc_model_spec;

typedef struct tfcc_model_s tfcc_model;

/* The spec is referenced, not copied: it (and everything it points to) must
 * outlive the model, which holds for the constants the compiler emits. */
TFCC_API tfcc_status tfcc_model_create(const tfcc_model_spec *spec,
                                       tfcc_model **out);
/* NULL ok; frees outputs and model-owned input buffers. */
TFCC_API void tfcc_model_destroy(tfcc_model *m);
TFCC_API tfcc_status tfcc_model_name(const tfcc_model *m, const char **out);
TFCC_API tfcc_status tfcc_model_num_inputs(const tfcc_model *m, int64_t *out);
TFCC_API tfcc_status tfcc_model_num_outputs(const tfcc_model *m,
                                            int64_t *out);
/* Unknown name: TFCC_INVALID_ARGUMENT "no input named 'q' ...". */
TFCC_API tfcc_status tfcc_model_input_index(const tfcc_model *m,
                                            const char *name, int64_t *out);
TFCC_API tfcc_status tfcc_model_output_index(const tfcc_model *m,
                                             const char *name, int64_t *out);
/* Compiled signature: name, dtype, rank and dims (-1 = dynamic). Each out
 * pointer may be NULL when that field is not wanted. */
TFCC_API tfcc_status tfcc_model_input_info(const tfcc_model *m, int64_t i,
                                           const char **name,
                                           tfcc_dtype *dtype, int64_t *rank,
                                           const int64_t **dims);
TFCC_API tfcc_status tfcc_model_output_info(const tfcc_model *m, int64_t i,
                                            const char **name,
                                            tfcc_dtype *dtype, int64_t *rank,
                                            const int64_t **dims);

/* Bind caller memory (row-major, contiguous, of the input's dtype) to input
 * i; not copied, it must stay valid until run returns. Checks rank and every
 * static dim against the signature; a mismatch is TFCC_INVALID_ARGUMENT
 * "input 'x': expected shape [?,4] but got [3,5]". */
TFCC_API tfcc_status tfcc_model_bind_input(tfcc_model *m, int64_t i,
                                           const void *data, int64_t rank,
                                           const int64_t *dims);
/* Also checks dtype: "input 'x': expected dtype f32 but got i64". The model
 * keeps a reference to `t`: destroying it before the run is safe. */
TFCC_API tfcc_status tfcc_model_bind_input_tensor(tfcc_model *m, int64_t i,
                                                  const tfcc_tensor *t);
/* Model-owned input storage: (re)allocates a zeroed 64-byte aligned buffer of
 * the given shape (same checks as bind), binds it and returns it. Inputs whose
 * signature is fully static get such a buffer at create time. The buffer
 * lives until the next alloc_input for i or destroy. */
TFCC_API tfcc_status tfcc_model_alloc_input(tfcc_model *m, int64_t i,
                                            int64_t rank, const int64_t *dims,
                                            void **data);
/* Currently bound data; TFCC_FAILED_PRECONDITION if unbound. */
TFCC_API tfcc_status tfcc_model_input_data(tfcc_model *m, int64_t i,
                                           void **data);
/* Bind caller memory (row-major, contiguous, of the output's dtype and
 * exactly this shape) to output i for the runs that follow, until it is
 * unbound (data NULL, rank and dims then ignored) or the model destroyed;
 * not copied, it must stay valid that long. A run writes the output there:
 * the compiled code allocates a static-shape output that is its own buffer
 * (not a view of another) directly in the bound memory when it is 64-byte
 * aligned; any other output is copied in when the run ends.
 * tfcc_model_output_data and tfcc_model_output then point to it. Checks
 * rank and every static dim as tfcc_model_bind_input does; a run whose
 * output has another shape (a dynamic dim) fails with TFCC_INVALID_ARGUMENT
 * "output 'y': the run produced shape [3,5] but the bound buffer is
 * [2,5]", and leaves no outputs; after a failed run the bound memory holds
 * whatever the run had written. Not while a run of the instance is in
 * progress. */
TFCC_API tfcc_status tfcc_model_bind_output(tfcc_model *m, int64_t i,
                                            void *data, int64_t rank,
                                            const int64_t *dims);
/* Runs the model, replacing the previous outputs. An unbound input is
 * TFCC_FAILED_PRECONDITION "input 'x' is not bound". Inputs that break what
 * the model assumes about their dynamic sizes, an index out of range or an
 * integer division by zero are TFCC_INVALID_ARGUMENT naming the op and the
 * sizes ("model.onnx: node 'add0' (Add): dims 5 and 3 of operands 0 and 1
 * do not broadcast"); such a run leaves no outputs and writes no variable
 * (except one that a scatter, e.g. a sparse SGD step, updated in its own
 * storage before the failing check: its indices are all checked first).
 * A model with variables holds a process-wide lock (one for every copy of
 * the runtime in the process) from reading its variables to writing back
 * the new values, so concurrent runs (even of instances sharing storage
 * through tfcc_model_bind_variable) never lose an update: assign_add is
 * atomic. */
TFCC_API tfcc_status tfcc_model_run(tfcc_model *m);
/* What an instance's memory comes to. */
typedef struct tfcc_memory_info {
  /* The arena of intermediate buffers the compiler planned (0: none, as
   * when every buffer has a dynamic shape), allocated at create. */
  int64_t arena_bytes;
  /* Bytes the instance holds between runs: its arena, the arena of the
   * buffers whose shape depends on the inputs' (allocated by the first
   * run, grown by a run whose inputs need more), the other blocks its runs
   * allocate and free (kept for the next run, which then allocates
   * nothing), the last run's outputs, the input buffers it allocated and
   * its variables' storage. */
  int64_t held_bytes;
} tfcc_memory_info;
TFCC_API tfcc_status tfcc_model_memory_info(const tfcc_model *m,
                                            tfcc_memory_info *out);
/* Where the model's ops run (TensorFlow's log_device_placement): the
 * number of ops (constants aside) and, for op i in graph order, its node,
 * its op and the device it was placed on ("cpu:0", "gpu:0"; tfcc
 * --device, tf.device). An instance of a --device=auto model that fell
 * back to its CPU version reports "cpu:0" for every op. The strings live
 * as long as the library. A model compiled before ABI 4 has no ops. */
/* The GPU an instance runs its GPU ops on: the device's name and compute
 * capability, and the kernels the last run launched with the host time
 * spent launching them. TFCC_FAILED_PRECONDITION for an instance that runs
 * on the CPU alone. */
typedef struct tfcc_gpu_info {
  char name[128];
  int32_t compute_major, compute_minor;
  int64_t launches;  /* kernels, in the last run */
  int64_t launch_ns; /* host time in cuLaunchKernel, in the last run */
} tfcc_gpu_info;
TFCC_API tfcc_status tfcc_model_gpu_info(const tfcc_model *m,
                                         tfcc_gpu_info *out);
TFCC_API tfcc_status tfcc_model_num_ops(const tfcc_model *m, int64_t *out);
TFCC_API tfcc_status tfcc_model_device_info(const tfcc_model *m, int64_t i,
                                            tfcc_op_spec *out);
/* The size of the arena of buffers of dynamic shape as the runs so far left
 * it (the largest any needed; 0 before the first run, or for a model without
 * one); part of held_bytes. */
TFCC_API tfcc_status tfcc_model_dynamic_arena_bytes(const tfcc_model *m,
                                                    int64_t *out);

/* The threads the instance's runs use for their parallel loops: the
 * calling thread and n - 1 workers of the runtime's pool, which every
 * instance in the process shares (concurrent runs take turns at the
 * workers; each run always works on its own loops, so none waits on
 * another). Loops too small to gain stay on the calling thread, and a run
 * on a pool worker (inside another model's parallel loop) stays on it.
 * 0, the default, is TFCC_NUM_THREADS from the environment, or else the
 * CPUs the process may run on (sched_getaffinity); 1 runs on the calling
 * thread alone. Beyond [0, TFCC_MAX_THREADS]: TFCC_INVALID_ARGUMENT. */
TFCC_API tfcc_status tfcc_model_set_num_threads(tfcc_model *m, int64_t n);
/* The count the instance's runs use (the default resolved). */
TFCC_API tfcc_status tfcc_model_num_threads(const tfcc_model *m, int64_t *out);
/* After a successful run: the output's tensor, data, rank and dims (valid
 * until the next run or destroy). Before any run, or after a failed one:
 * TFCC_FAILED_PRECONDITION. */
TFCC_API tfcc_status tfcc_model_output(const tfcc_model *m, int64_t i,
                                       const tfcc_tensor **out);
TFCC_API tfcc_status tfcc_model_output_data(const tfcc_model *m, int64_t i,
                                            const void **data);
TFCC_API tfcc_status tfcc_model_output_dims(const tfcc_model *m, int64_t i,
                                            int64_t *rank,
                                            const int64_t **dims);

/* ------------------------------------------------------------------------ */
/* Variables                                                                */
/*                                                                          */
/* Each instance owns storage for the variables of its entry function,      */
/* initialized from the compiled initial values at create; the values       */
/* persist across runs, and instances are independent.                      */
/* ------------------------------------------------------------------------ */

TFCC_API tfcc_status tfcc_model_num_variables(const tfcc_model *m,
                                              int64_t *out);
/* Unknown name: TFCC_INVALID_ARGUMENT "no variable named 'q' ...". */
TFCC_API tfcc_status tfcc_model_variable_index(const tfcc_model *m,
                                               const char *name, int64_t *out);
/* Name, dtype, rank and (static) dims; each out pointer may be NULL. */
TFCC_API tfcc_status tfcc_model_variable_info(const tfcc_model *m, int64_t i,
                                              const char **name,
                                              tfcc_dtype *dtype, int64_t *rank,
                                              const int64_t **dims);
/* The variable's current storage (its own, or what bind_variable bound):
 * row-major, of its shape; read and write it between runs. */
TFCC_API tfcc_status tfcc_model_variable_data(tfcc_model *m, int64_t i,
                                              void **data);
/* Makes `data` (row-major, exactly the variable's shape and dtype; the caller
 * keeps it alive) the variable's storage, not copied: runs read and write it
 * there, which lets several models share variables. NULL switches back to
 * the instance's own storage, whose value is whatever it held before. */
TFCC_API tfcc_status tfcc_model_bind_variable(tfcc_model *m, int64_t i,
                                              void *data);
/* Writes every variable's initial value into its current storage. */
TFCC_API tfcc_status tfcc_model_reset_variables(tfcc_model *m);

/* ------------------------------------------------------------------------ */
/* Checkpoints: named tensors in a versioned FlatBuffers file               */
/* (schema/checkpoint.fbs, identifier "TFCK") with a CRC-32 of the entries.  */
/* Saving writes a temporary file in the same directory, fsyncs it and      */
/* renames it into place, so a crash mid-save leaves the old file intact.   */
/* ------------------------------------------------------------------------ */

typedef struct tfcc_checkpoint_s tfcc_checkpoint;

/* Every variable's current value, by name. */
TFCC_API tfcc_status tfcc_model_save_checkpoint(const tfcc_model *m,
                                                const char *path);
/* Loads `path` (verified as tfcc_checkpoint_load does) and checks that it
 * holds every variable of the model with the same dtype and shape before
 * anything is copied; a mismatch is TFCC_INVALID_ARGUMENT naming the
 * variable, and leaves the variables unchanged. Extra entries are ignored. */
TFCC_API tfcc_status tfcc_model_restore_checkpoint(tfcc_model *m,
                                                   const char *path);
/* Any set of named tensors (names unique, non-empty). */
TFCC_API tfcc_status tfcc_checkpoint_save(const char *path, int64_t n,
                                          const char *const *names,
                                          const tfcc_tensor *const *tensors);
/* Reads and verifies a whole checkpoint: identifier, version, structure
 * (every offset and size in bounds) and checksum. A truncated or corrupted
 * file is TFCC_INVALID_ARGUMENT "checkpoint '<path>': ...". */
TFCC_API tfcc_status tfcc_checkpoint_load(const char *path,
                                          tfcc_checkpoint **out);
TFCC_API tfcc_status tfcc_checkpoint_num_entries(const tfcc_checkpoint *c,
                                                 int64_t *out);
/* Name and tensor of entry i, owned by the checkpoint. */
TFCC_API tfcc_status tfcc_checkpoint_entry(const tfcc_checkpoint *c, int64_t i,
                                           const char **name,
                                           const tfcc_tensor **tensor);
/* NULL ok. */
TFCC_API void tfcc_checkpoint_free(tfcc_checkpoint *c);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TFCC_RUNTIME_H */
