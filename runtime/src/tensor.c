#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t tfcc_dtype_size(tfcc_dtype t) {
  switch (t) {
  case TFCC_F32:
  case TFCC_I32:
    return 4;
  case TFCC_F64:
  case TFCC_I64:
    return 8;
  case TFCC_I1:
    return 1;
  }
  return 0;
}

const char *tfcc_dtype_name(tfcc_dtype t) {
  switch (t) {
  case TFCC_F32:
    return "f32";
  case TFCC_F64:
    return "f64";
  case TFCC_I32:
    return "i32";
  case TFCC_I64:
    return "i64";
  case TFCC_I1:
    return "i1";
  }
  return "unknown";
}

/* Over-allocates and stores the malloc'd pointer just below the aligned
 * block; portable C99 with no dependence on posix_memalign/aligned_alloc. */
void *tfcc_aligned_alloc(size_t alignment, size_t size) {
  size_t extra;
  unsigned char *raw;
  uintptr_t aligned;

  if (alignment == 0 || (alignment & (alignment - 1)) != 0)
    return NULL;
  if (alignment < sizeof(void *))
    alignment = sizeof(void *);
  extra = alignment - 1 + sizeof(void *);
  if (size > SIZE_MAX - extra)
    return NULL;
  raw = (unsigned char *)malloc(size + extra);
  if (raw == NULL)
    return NULL;
  aligned = ((uintptr_t)(raw + sizeof(void *)) + (alignment - 1)) &
            ~(uintptr_t)(alignment - 1);
  memcpy((unsigned char *)aligned - sizeof(void *), &raw, sizeof(raw));
  return (void *)aligned;
}

void tfcc_aligned_free(void *p) {
  void *raw;
  if (p == NULL)
    return;
  memcpy(&raw, (unsigned char *)p - sizeof(void *), sizeof(raw));
  free(raw);
}

tfcc_status tfcc_check_shape(const char *what, tfcc_dtype dtype, int64_t rank,
                             const int64_t *dims) {
  int64_t d;
  if (tfcc_dtype_size(dtype) == 0)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT, "%s: unknown dtype %d",
                            what, (int)dtype);
  if (rank < 0 || rank > TFCC_MAX_RANK)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "%s: rank %lld is outside [0, %d]", what,
                            (long long)rank, TFCC_MAX_RANK);
  if (rank > 0 && dims == NULL)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "%s: 'dims' must not be NULL for rank %lld", what,
                            (long long)rank);
  for (d = 0; d < rank; ++d) {
    if (dims[d] < 0)
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "%s: dimension %lld is negative (%lld)", what,
                              (long long)d, (long long)dims[d]);
  }
  return NULL;
}

tfcc_status tfcc_shape_sizes(const char *what, tfcc_dtype dtype, int64_t rank,
                             const int64_t *dims, int64_t *num_elements,
                             size_t *byte_size) {
  size_t elem = tfcc_dtype_size(dtype);
  int64_t n = 1;
  int64_t d;
  /* A zero dim makes the product zero however large the others are, so
   * check for it before any overflow test. */
  for (d = 0; d < rank; ++d) {
    if (dims[d] == 0) {
      n = 0;
      break;
    }
  }
  if (n != 0) {
    for (d = 0; d < rank; ++d) {
      if (dims[d] > INT64_MAX / n)
        return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                                "%s: element count overflows", what);
      n *= dims[d];
    }
  }
  if ((uint64_t)n > (uint64_t)(SIZE_MAX / elem))
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "%s: byte size overflows", what);
  if (num_elements != NULL)
    *num_elements = n;
  if (byte_size != NULL)
    *byte_size = (size_t)n * elem;
  return NULL;
}

void tfcc_row_major_strides(int64_t rank, const int64_t *dims,
                            int64_t *strides) {
  /* Unsigned so that huge dims next to a zero dim (a valid empty tensor)
   * wrap instead of overflowing; such strides are never used to index. */
  uint64_t acc = 1;
  int64_t d;
  for (d = rank - 1; d >= 0; --d) {
    strides[d] = (int64_t)acc;
    acc *= (uint64_t)dims[d];
  }
}

int tfcc_is_row_major(int64_t rank, const int64_t *dims,
                      const int64_t *strides) {
  int64_t expect[TFCC_MAX_RANK], d;
  for (d = 0; d < rank; ++d)
    if (dims[d] == 0)
      return 1;
  tfcc_row_major_strides(rank, dims, expect);
  for (d = 0; d < rank; ++d)
    if (dims[d] > 1 && strides[d] != expect[d])
      return 0;
  return 1;
}

void tfcc_format_shape(char *buf, size_t cap, int64_t rank,
                       const int64_t *dims) {
  size_t len = 0;
  int64_t d;
  int n;

  if (cap < 8) { /* never happens with the runtime's own buffers */
    if (cap > 0)
      buf[0] = '\0';
    return;
  }
  buf[len++] = '[';
  for (d = 0; d < rank; ++d) {
    /* Keep room for ",...]" and the terminator. */
    size_t room = cap - len;
    char item[32];
    if (dims[d] < 0)
      n = snprintf(item, sizeof(item), "%s?", d ? "," : "");
    else
      n = snprintf(item, sizeof(item), "%s%lld", d ? "," : "",
                   (long long)dims[d]);
    if (n < 0 || (size_t)n + 6 > room) {
      memcpy(buf + len, ",...", 4);
      len += 4;
      break;
    }
    memcpy(buf + len, item, (size_t)n);
    len += (size_t)n;
  }
  buf[len++] = ']';
  buf[len] = '\0';
}

static tfcc_status make_tensor(const char *func, tfcc_dtype dtype,
                               int64_t rank, const int64_t *dims, void *data,
                               int allocate, tfcc_tensor **out) {
  tfcc_status s;
  size_t bytes;
  tfcc_tensor *t;

  if (out == NULL)
    return tfcc_null_arg(func, "out");
  *out = NULL;
  if ((s = tfcc_check_shape(func, dtype, rank, dims)) != NULL)
    return s;
  if ((s = tfcc_shape_sizes(func, dtype, rank, dims, NULL, &bytes)) != NULL)
    return s;
  if (!allocate && data == NULL && bytes != 0)
    return tfcc_null_arg(func, "data");

  t = (tfcc_tensor *)calloc(1, sizeof(*t));
  if (t == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "%s: out of memory for the descriptor", func);
  t->dtype = dtype;
  t->rank = rank;
  t->refs = 1;
  if (rank > 0)
    memcpy(t->dims, dims, (size_t)rank * sizeof(int64_t));
  tfcc_row_major_strides(rank, t->dims, t->strides);
  if (allocate) {
    t->data = tfcc_aligned_alloc(TFCC_ALIGNMENT, bytes);
    if (t->data == NULL) {
      free(t);
      return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                              "%s: cannot allocate %zu bytes", func, bytes);
    }
    memset(t->data, 0, bytes);
    t->owns_data = 1;
  } else {
    t->data = data;
  }
  *out = t;
  return NULL;
}

tfcc_status tfcc_tensor_create(tfcc_dtype dtype, int64_t rank,
                               const int64_t *dims, tfcc_tensor **out) {
  return make_tensor("tfcc_tensor_create", dtype, rank, dims, NULL, 1, out);
}

tfcc_status tfcc_tensor_wrap(tfcc_dtype dtype, int64_t rank,
                             const int64_t *dims, void *data,
                             tfcc_tensor **out) {
  return make_tensor("tfcc_tensor_wrap", dtype, rank, dims, data, 0, out);
}

void tfcc_tensor_retain(tfcc_tensor *t) {
  if (t->refs > 0)
    __atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
}

void tfcc_tensor_free(tfcc_tensor *t) {
  if (t == NULL)
    return;
  if (t->owns_data)
    tfcc_aligned_free(t->data);
  free(t);
}

void tfcc_tensor_destroy(tfcc_tensor *t) {
  if (t == NULL || t->refs < 0 ||
      __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) > 0)
    return;
  tfcc_tensor_free(t);
}

/* Common NULL checks for the accessors below. */
#define CHECK_ACCESSOR(func)                                                   \
  do {                                                                         \
    if (t == NULL)                                                             \
      return tfcc_null_arg(func, "t");                                         \
    if (out == NULL)                                                           \
      return tfcc_null_arg(func, "out");                                       \
  } while (0)

tfcc_status tfcc_tensor_dtype(const tfcc_tensor *t, tfcc_dtype *out) {
  CHECK_ACCESSOR("tfcc_tensor_dtype");
  *out = t->dtype;
  return NULL;
}

tfcc_status tfcc_tensor_rank(const tfcc_tensor *t, int64_t *out) {
  CHECK_ACCESSOR("tfcc_tensor_rank");
  *out = t->rank;
  return NULL;
}

tfcc_status tfcc_tensor_dims(const tfcc_tensor *t, const int64_t **out) {
  CHECK_ACCESSOR("tfcc_tensor_dims");
  *out = t->dims;
  return NULL;
}

tfcc_status tfcc_tensor_strides(const tfcc_tensor *t, const int64_t **out) {
  CHECK_ACCESSOR("tfcc_tensor_strides");
  *out = t->strides;
  return NULL;
}

tfcc_status tfcc_tensor_data(const tfcc_tensor *t, void **out) {
  CHECK_ACCESSOR("tfcc_tensor_data");
  *out = t->data;
  return NULL;
}

tfcc_status tfcc_tensor_num_elements(const tfcc_tensor *t, int64_t *out) {
  CHECK_ACCESSOR("tfcc_tensor_num_elements");
  /* Shapes were validated when the tensor was made, so this cannot fail. */
  return tfcc_shape_sizes("tfcc_tensor_num_elements", t->dtype, t->rank,
                          t->dims, out, NULL);
}

tfcc_status tfcc_tensor_byte_size(const tfcc_tensor *t, size_t *out) {
  CHECK_ACCESSOR("tfcc_tensor_byte_size");
  return tfcc_shape_sizes("tfcc_tensor_byte_size", t->dtype, t->rank, t->dims,
                          NULL, out);
}
