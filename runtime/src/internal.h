/* Shared between the runtime's translation units; not installed. */
#ifndef TFCC_RUNTIME_INTERNAL_H
#define TFCC_RUNTIME_INTERNAL_H

#include "tfcc/runtime.h"

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

/* Alignment of every buffer the runtime allocates: a cache line, and enough
 * for any vector width the compiler targets. */
#define TFCC_ALIGNMENT 64

struct tfcc_tensor_s {
  tfcc_dtype dtype;
  int64_t rank;
  int64_t dims[TFCC_MAX_RANK];
  int64_t strides[TFCC_MAX_RANK];
  void *data;
  int owns_data;
  /* Its owners: the caller's handle and each input it is bound to (a bound
   * tensor the caller destroys stays alive until the binding goes). -1: a
   * tensor the runtime owns (a model's output, a loaded checkpoint's
   * entry), which destroy leaves. */
  int refs;
};

/* One more owner of `t` (an input binding); tfcc_tensor_destroy drops one. */
void tfcc_tensor_retain(tfcc_tensor *t);
/* Frees `t` (NULL ok) whatever its owners: for the runtime's own tensors. */
void tfcc_tensor_free(tfcc_tensor *t);

/* Shorthand for "parameter must not be NULL" errors. */
tfcc_status tfcc_null_arg(const char *func, const char *param);

/* Validates dtype, rank and dims (non-negative). `what` prefixes messages. */
tfcc_status tfcc_check_shape(const char *what, tfcc_dtype dtype, int64_t rank,
                             const int64_t *dims);

/* Element count and byte size of a validated shape, failing with
 * TFCC_RESOURCE_EXHAUSTED when they do not fit. */
tfcc_status tfcc_shape_sizes(const char *what, tfcc_dtype dtype, int64_t rank,
                             const int64_t *dims, int64_t *num_elements,
                             size_t *byte_size);

/* Row-major contiguous strides (in elements) for dims. */
void tfcc_row_major_strides(int64_t rank, const int64_t *dims,
                            int64_t *strides);
/* Whether `strides` lay out `dims` row-major contiguous: those of dims of
 * size 1 do not matter, and an empty tensor is contiguous. */
int tfcc_is_row_major(int64_t rank, const int64_t *dims,
                      const int64_t *strides);

/* Prints a shape as "[2,?,4]" (negative dims print as '?') into buf, always
 * NUL-terminated and truncated with "..." if it does not fit. */
void tfcc_format_shape(char *buf, size_t cap, int64_t rank,
                       const int64_t *dims);

/* Reads and verifies a checkpoint held in memory, as tfcc_checkpoint_load
 * does a file's bytes (`path` names it in messages): the file reader and
 * the fuzzer share it. */
tfcc_status tfcc_checkpoint_parse(const unsigned char *buf, size_t size,
                                  const char *path, tfcc_checkpoint **out);

/* One run of compiled code (run.c): the blocks it allocated that are still
 * live, and the check that failed. tfcc_model_run calls tfcc_run_begin,
 * then setjmp(unwind) around the compiled code; a failed check jumps back,
 * and tfcc_run_abandon frees the blocks and makes the status. */
#define TFCC_RT_MAX_CHECK_VALUES 4

/* Blocks compiled code freed, kept by a model instance for its next runs:
 * every run allocates the same sizes, and reusing the blocks spares the
 * page faults of fresh memory (large blocks come from mmap, and the heap's
 * top is trimmed on free). At most TFCC_RT_CACHE_BYTES are kept. */
#define TFCC_RT_CACHE_BYTES ((size_t)256 << 20)
typedef struct tfcc_block_cache {
  void **blocks;
  size_t *sizes;
  size_t count, cap, bytes;
  /* The arrays a run tracks its blocks in, kept for the next run: a run
   * in the steady state allocates nothing. */
  void **track_blocks;
  size_t *track_sizes;
  size_t track_cap;
} tfcc_block_cache;
/* Frees the cached blocks. */
void tfcc_block_cache_clear(tfcc_block_cache *cache);
/* Keeps `p`, a block of `size` bytes from _mlir_memref_to_llvm_alloc (size
 * 0: not cacheable), for the next runs, or frees it. */
void tfcc_block_cache_put(tfcc_block_cache *cache, void *p, size_t size);

/* Caller memory bound to an output (tfcc_model_bind_output): its data
 * (NULL: none), size and shape. */
typedef struct tfcc_output_binding {
  void *data;
  size_t bytes;
  int64_t dims[TFCC_MAX_RANK];
} tfcc_output_binding;

/* A model instance's GPU (gpu.c). */
typedef struct tfcc_gpu tfcc_gpu;

typedef struct tfcc_run_context {
  struct tfcc_run_context *outer;
  /* On a chunk of a parallel loop: the run it belongs to, whose blocks it
   * allocates and frees under a lock. */
  struct tfcc_run_context *shared;
  int num_threads; /* for the run's parallel loops */
  void **blocks;
  size_t *sizes; /* of blocks[i] */
  size_t num_blocks, cap_blocks;
  tfcc_block_cache *cache; /* NULL: free blocks at once */
  /* The outputs' bindings: the next allocation after
   * tfcc_rt_output_next(i) takes bound[i]'s memory when it fits. */
  const tfcc_output_binding *bound;
  int64_t num_bound;
  int64_t next_output; /* the announced output's index + 1; 0: none */
  /* The instance's block for the dynamic arena of tfcc-plan-memory, and its
   * size: the allocation after tfcc_rt_arena_next() takes it, grown to fit
   * (NULL: none, allocations are plain). */
  void **dynamic_arena;
  size_t *dynamic_arena_bytes;
  int next_is_arena;
  int arena_taken; /* the run's first announced arena took the block */
  tfcc_gpu *gpu;   /* the instance's, for compiled GPU code; NULL: none */
  int code;        /* the failure's status code; 0: TFCC_INVALID_ARGUMENT */
  const char *message;
  int num_values;
  int64_t values[TFCC_RT_MAX_CHECK_VALUES];
  jmp_buf unwind;
} tfcc_run_context;

void tfcc_run_begin(tfcc_run_context *run, tfcc_block_cache *cache,
                    int num_threads);
/* The run returned: its remaining blocks are results the model owns. */
void tfcc_run_end(tfcc_run_context *run);
/* The size of `p`, a block the run still holds (0 if it holds none such or
 * the block cannot be cached). */
size_t tfcc_run_block_size(const tfcc_run_context *run, const void *p);
/* A check failed: frees the run's blocks, returns TFCC_INVALID_ARGUMENT. */
tfcc_status tfcc_run_abandon(tfcc_run_context *run);

/* Compiled code: the next allocation is output i's buffer, which memory
 * bound to output i (tfcc_model_bind_output) may be. */
TFCC_API void tfcc_rt_output_next(int64_t i);

/* Compiled code: the next allocation is the entry's dynamic arena, which
 * the instance keeps from one run to the next and grows when a run needs
 * more. */
TFCC_API void tfcc_rt_arena_next(void);

/* The run in progress on this thread, or NULL. */
tfcc_run_context *tfcc_run_current(void);

/* A range of a parallel loop's iterations (pool.c). */
typedef void (*tfcc_rt_task)(void *ctx, int64_t begin, int64_t end);

/* Runs task(ctx, begin, end) on this thread as a part of `run`: its blocks
 * are the run's, and a failed check returns 0 with the check's message and
 * values in *failure instead of abandoning the run (another thread may be
 * running the rest of the loop). 1 when the task returned. */
int tfcc_run_chunk(tfcc_run_context *run, tfcc_rt_task task, void *ctx,
                   int64_t begin, int64_t end, tfcc_run_context *failure);
/* Fails `run` (on its own thread) with the check recorded in *failure. */
void tfcc_run_fail(tfcc_run_context *run, const tfcc_run_context *failure);

/* The threads a model instance uses unless told otherwise (pool.c):
 * TFCC_NUM_THREADS, or else the CPUs this process may run on. */
int64_t tfcc_default_num_threads(void);

/* Called by compiled code (see run.c and pool.c). */
TFCC_API void tfcc_rt_parallel_for(tfcc_rt_task task, void *ctx, int64_t begin,
                                   int64_t end, int64_t cost);
TFCC_API void *_mlir_memref_to_llvm_alloc(size_t size);
TFCC_API void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                  size_t size);
TFCC_API void _mlir_memref_to_llvm_free(void *p);
TFCC_API void tfcc_rt_check_failed(const char *message, int64_t num_values,
                                   int64_t v0, int64_t v1, int64_t v2,
                                   int64_t v3);

/* The GPU state of an instance of a model with ops on `num_gpus` GPUs:
 * the CUDA driver loaded (once per process), gpu:0's primary context and a
 * stream; a clear FAILED_PRECONDITION status where there is no GPU. */
tfcc_status tfcc_gpu_create(const char *model, int32_t num_gpus,
                            tfcc_gpu **out);
/* NULL ok. */
void tfcc_gpu_destroy(tfcc_gpu *gpu);
/* The device's name and compute capability. */
tfcc_status tfcc_gpu_device(const tfcc_gpu *gpu, char *name, size_t cap,
                            int *major, int *minor);
/* Around the compiled code of a run, inside its setjmp: the context made
 * current, and at the end the stream drained (an error of a kernel shows
 * there). Each ends the run like a failed check on a CUDA error. */
void tfcc_gpu_begin_run(tfcc_gpu *gpu);
void tfcc_gpu_end_run(tfcc_gpu *gpu);
/* The kernels the last run launched and the host time it took. */
void tfcc_gpu_stats(const tfcc_gpu *gpu, int64_t *launches, int64_t *launch_ns);
/* A run failed: the device blocks it held go back to the instance. */
void tfcc_gpu_abandon_run(tfcc_gpu *gpu);

/* Called by compiled GPU code (convert-tfcc-gpu-to-runtime). */
TFCC_API void *tfcc_rt_gpu_alloc(int64_t bytes);
TFCC_API void tfcc_rt_gpu_free(void *p);
TFCC_API void tfcc_rt_gpu_copy(void *dst, const void *src, int64_t bytes);
TFCC_API void *tfcc_rt_gpu_resident(const void *host, int64_t bytes);
TFCC_API void tfcc_rt_gpu_launch(const char *ptx, const char *kernel,
                                 const char *node, int64_t gx, int64_t gy,
                                 int64_t gz, int64_t bx, int64_t by, int64_t bz,
                                 void **params, int64_t num_params);

#endif /* TFCC_RUNTIME_INTERNAL_H */
