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
};

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

/* Prints a shape as "[2,?,4]" (negative dims print as '?') into buf, always
 * NUL-terminated and truncated with "..." if it does not fit. */
void tfcc_format_shape(char *buf, size_t cap, int64_t rank,
                       const int64_t *dims);

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
} tfcc_block_cache;
/* Frees the cached blocks. */
void tfcc_block_cache_clear(tfcc_block_cache *cache);

typedef struct tfcc_run_context {
  struct tfcc_run_context *outer;
  void **blocks;
  size_t *sizes; /* of blocks[i] */
  size_t num_blocks, cap_blocks;
  tfcc_block_cache *cache; /* NULL: free blocks at once */
  const char *message;
  int num_values;
  int64_t values[TFCC_RT_MAX_CHECK_VALUES];
  jmp_buf unwind;
} tfcc_run_context;

void tfcc_run_begin(tfcc_run_context *run, tfcc_block_cache *cache);
/* The run returned: its remaining blocks are results the model owns. */
void tfcc_run_end(tfcc_run_context *run);
/* A check failed: frees the run's blocks, returns TFCC_INVALID_ARGUMENT. */
tfcc_status tfcc_run_abandon(tfcc_run_context *run);

/* Called by compiled code (see run.c). */
TFCC_API void *_mlir_memref_to_llvm_alloc(size_t size);
TFCC_API void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                  size_t size);
TFCC_API void _mlir_memref_to_llvm_free(void *p);
TFCC_API void tfcc_rt_check_failed(const char *message, int64_t num_values,
                                   int64_t v0, int64_t v1, int64_t v2,
                                   int64_t v3);

#endif /* TFCC_RUNTIME_INTERNAL_H */
