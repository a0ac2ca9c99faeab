/* Writes a few valid checkpoints into the folder given as the argument:
 * the seed corpus of tfcc-fuzz-checkpoint (scripts/fuzz.py), so that the
 * fuzzer starts from files that pass every check, checksum included. */

#include "tfcc/runtime.h"

#include <stdio.h>
#include <string.h>

/* Saves `n` entries; the tensors' data is filled with a byte pattern. */
static int save(const char *dir, const char *file, int64_t n,
                const char *const *names, const tfcc_dtype *dtypes,
                const int64_t *ranks, const int64_t (*dims)[TFCC_MAX_RANK]) {
  tfcc_tensor *t[8];
  char path[4096];
  int64_t i;
  int failed = 0;
  tfcc_status s = NULL;
  snprintf(path, sizeof(path), "%s/%s", dir, file);
  for (i = 0; i < n && s == NULL; ++i) {
    void *data = NULL;
    size_t bytes = 0, k;
    if ((s = tfcc_tensor_create(dtypes[i], ranks[i], dims[i], &t[i])) != NULL)
      break;
    tfcc_tensor_data(t[i], &data);
    tfcc_tensor_byte_size(t[i], &bytes);
    /* i1 elements must be 0 or 1. */
    for (k = 0; k < bytes; ++k)
      ((unsigned char *)data)[k] =
          (unsigned char)(dtypes[i] == TFCC_I1 ? k % 2 : k * 7 + 1);
  }
  if (s == NULL)
    s = tfcc_checkpoint_save(path, n, names, (const tfcc_tensor *const *)t);
  if (s != NULL) {
    fprintf(stderr, "error: %s\n", tfcc_status_message(s));
    tfcc_status_free(s);
    failed = 1;
  }
  while (i-- > 0)
    tfcc_tensor_destroy(t[i]);
  return failed;
}

int main(int argc, char **argv) {
  static const char *const sample[] = {"layer/W", "step", "empty"};
  static const tfcc_dtype sample_types[] = {TFCC_F32, TFCC_I64, TFCC_I1};
  static const int64_t sample_ranks[] = {2, 0, 1};
  static const int64_t sample_dims[][TFCC_MAX_RANK] = {{2, 3}, {0}, {0}};
  static const char *const all[] = {"f32", "f64", "i32", "i64", "i1"};
  static const tfcc_dtype all_types[] = {TFCC_F32, TFCC_F64, TFCC_I32, TFCC_I64,
                                         TFCC_I1};
  static const int64_t all_ranks[] = {1, 2, 3, 4, 1};
  static const int64_t all_dims[][TFCC_MAX_RANK] = {
      {3}, {2, 2}, {1, 2, 3}, {1, 1, 2, 1}, {5}};
  static const char *const deep[] = {"deep"};
  static const tfcc_dtype deep_types[] = {TFCC_I32};
  static const int64_t deep_ranks[] = {TFCC_MAX_RANK};
  static const int64_t deep_dims[][TFCC_MAX_RANK] = {{1, 2, 1, 1, 2, 1, 1, 2}};
  int failed = 0;
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  failed |= save(argv[1], "empty.tfck", 0, NULL, NULL, NULL, NULL);
  failed |= save(argv[1], "sample.tfck", 3, sample, sample_types, sample_ranks,
                 sample_dims);
  failed |=
      save(argv[1], "dtypes.tfck", 5, all, all_types, all_ranks, all_dims);
  failed |=
      save(argv[1], "rank8.tfck", 1, deep, deep_types, deep_ranks, deep_dims);
  return failed;
}
