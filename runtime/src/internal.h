/* Shared between the runtime's translation units; not installed. */
#ifndef TFCC_RUNTIME_INTERNAL_H
#define TFCC_RUNTIME_INTERNAL_H

#include "tfcc/runtime.h"

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

#endif /* TFCC_RUNTIME_INTERNAL_H */
