/* The runtime's C API under misuse: every exported function, called with
 * each kind of bad argument that applies to it (a NULL handle, a NULL out
 * pointer, an index out of range, a wrong dtype or shape, a checkpoint path
 * that is a directory or cannot be written, a tensor destroyed while bound),
 * must return an error status with a message, or for the void functions do
 * nothing; never crash. test/API/misuse.test checks that every function of
 * runtime.h appears here, and runs this under AddressSanitizer and
 * UndefinedBehaviorSanitizer too. Prints one line per call for FileCheck
 * (the message's first words) and "misuse: N calls, M failures". */
#include "accumulate.h"

#include <stdio.h>
#include <string.h>

static int calls, failures;

/* `expr` must fail with `code` and a message. */
static void bad(tfcc_status s, tfcc_status_code code, const char *expr) {
  ++calls;
  if (s == NULL) {
    printf("FAIL %s: succeeded\n", expr);
    ++failures;
    return;
  }
  if (tfcc_status_code_of(s) != code || !tfcc_status_message(s)[0]) {
    printf("FAIL %s: %s: %s\n", expr,
           tfcc_status_code_name(tfcc_status_code_of(s)),
           tfcc_status_message(s));
    ++failures;
  } else {
    printf("%s: %s\n", tfcc_status_code_name(code), tfcc_status_message(s));
  }
  tfcc_status_free(s);
}

/* `expr` must succeed. */
static void good(tfcc_status s, const char *expr) {
  ++calls;
  if (s != NULL) {
    printf("FAIL %s: %s\n", expr, tfcc_status_message(s));
    ++failures;
    tfcc_status_free(s);
  }
}

#define BAD(code, expr) bad((expr), TFCC_##code, #expr)
#define GOOD(expr) good((expr), #expr)
/* A void function (or one with no status) called with a bad argument: it
 * must return. */
#define SAFE(expr)                                                             \
  do {                                                                         \
    (void)(expr);                                                              \
    ++calls;                                                                   \
  } while (0)

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  char path[4096];
  tfcc_model *m = NULL, *none = NULL;
  tfcc_tensor *t = NULL, *wrong = NULL;
  tfcc_checkpoint *c = NULL;
  tfcc_memory_info memory;
  tfcc_gpu_info gpu;
  tfcc_op_spec op;
  const tfcc_tensor *ct;
  const char *name;
  const int64_t *dims;
  const void *cdata;
  void *data;
  int64_t n, rank, three[1] = {3}, two[1] = {2}, minus[1] = {-1};
  int64_t three_one[2] = {3, 1};
  size_t bytes;
  tfcc_dtype dtype;
  float x[3] = {1, 2, 3};
  const char *names[1] = {"v"};
  const tfcc_tensor *tensors[1];

  /* Statuses and dtypes: any value, no crash. */
  SAFE(tfcc_runtime_version());
  BAD(INVALID_ARGUMENT, tfcc_status_make(TFCC_INVALID_ARGUMENT, "%s", "made"));
  SAFE(tfcc_status_code_of(NULL));
  SAFE(tfcc_status_message(NULL));
  SAFE(tfcc_status_code_name((tfcc_status_code)-7));
  SAFE(tfcc_status_free(NULL));
  SAFE(tfcc_dtype_size((tfcc_dtype)99));
  SAFE(tfcc_dtype_name((tfcc_dtype)-1));

  /* Tensors. */
  BAD(INVALID_ARGUMENT, tfcc_tensor_create(TFCC_F32, 1, three, NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_create((tfcc_dtype)42, 1, three, &t));
  BAD(INVALID_ARGUMENT, tfcc_tensor_create(TFCC_F32, -1, three, &t));
  BAD(INVALID_ARGUMENT, tfcc_tensor_create(TFCC_F32, 1, NULL, &t));
  BAD(INVALID_ARGUMENT, tfcc_tensor_create(TFCC_F32, 1, minus, &t));
  BAD(INVALID_ARGUMENT, tfcc_tensor_wrap(TFCC_F32, 1, three, NULL, &t));
  BAD(INVALID_ARGUMENT, tfcc_tensor_wrap(TFCC_F32, 1, three, x, NULL));
  SAFE(tfcc_tensor_destroy(NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_dtype(NULL, &dtype));
  BAD(INVALID_ARGUMENT, tfcc_tensor_rank(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_tensor_dims(NULL, &dims));
  BAD(INVALID_ARGUMENT, tfcc_tensor_strides(NULL, &dims));
  BAD(INVALID_ARGUMENT, tfcc_tensor_data(NULL, &data));
  BAD(INVALID_ARGUMENT, tfcc_tensor_num_elements(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_tensor_byte_size(NULL, &bytes));
  GOOD(tfcc_tensor_create(TFCC_F32, 1, three, &t));
  BAD(INVALID_ARGUMENT, tfcc_tensor_dtype(t, NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_rank(t, NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_dims(t, NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_strides(t, NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_data(t, NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_num_elements(t, NULL));
  BAD(INVALID_ARGUMENT, tfcc_tensor_byte_size(t, NULL));
  SAFE(tfcc_aligned_alloc(3, 16)); /* not a power of two: NULL */
  if (tfcc_aligned_alloc(3, 16) != NULL) {
    printf("FAIL tfcc_aligned_alloc(3, 16): not NULL\n");
    ++failures;
  }
  SAFE(tfcc_aligned_free(NULL));

  /* A NULL model handle, for every model function. */
  BAD(INVALID_ARGUMENT, tfcc_model_create(NULL, &none));
  BAD(INVALID_ARGUMENT, accumulate_create(NULL));
  SAFE(tfcc_model_destroy(NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_name(NULL, &name));
  BAD(INVALID_ARGUMENT, tfcc_model_num_inputs(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_model_num_outputs(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_model_input_index(NULL, "x", &n));
  BAD(INVALID_ARGUMENT, tfcc_model_output_index(NULL, "y", &n));
  BAD(INVALID_ARGUMENT, tfcc_model_input_info(NULL, 0, &name, 0, 0, 0));
  BAD(INVALID_ARGUMENT, tfcc_model_output_info(NULL, 0, &name, 0, 0, 0));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input(NULL, 0, x, 1, three));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input_tensor(NULL, 0, t));
  BAD(INVALID_ARGUMENT, tfcc_model_alloc_input(NULL, 0, 1, three, &data));
  BAD(INVALID_ARGUMENT, tfcc_model_input_data(NULL, 0, &data));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_output(NULL, 0, x, 1, three));
  BAD(INVALID_ARGUMENT, tfcc_model_run(NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_memory_info(NULL, &memory));
  BAD(INVALID_ARGUMENT, tfcc_model_gpu_info(NULL, &gpu));
  BAD(INVALID_ARGUMENT, tfcc_model_num_ops(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_model_device_info(NULL, 0, &op));
  BAD(INVALID_ARGUMENT, tfcc_model_dynamic_arena_bytes(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_model_set_num_threads(NULL, 1));
  BAD(INVALID_ARGUMENT, tfcc_model_num_threads(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_model_output(NULL, 0, &ct));
  BAD(INVALID_ARGUMENT, tfcc_model_output_data(NULL, 0, &cdata));
  BAD(INVALID_ARGUMENT, tfcc_model_output_dims(NULL, 0, &rank, &dims));
  BAD(INVALID_ARGUMENT, tfcc_model_num_variables(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_model_variable_index(NULL, "total", &n));
  BAD(INVALID_ARGUMENT, tfcc_model_variable_info(NULL, 0, &name, 0, 0, 0));
  BAD(INVALID_ARGUMENT, tfcc_model_variable_data(NULL, 0, &data));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_variable(NULL, 0, x));
  BAD(INVALID_ARGUMENT, tfcc_model_reset_variables(NULL));
  snprintf(path, sizeof(path), "%s/m.tfck", dir);
  BAD(INVALID_ARGUMENT, tfcc_model_save_checkpoint(NULL, path));
  BAD(INVALID_ARGUMENT, tfcc_model_restore_checkpoint(NULL, path));

  /* A real model: NULL out pointers, indices out of range, wrong dtypes
   * and shapes, calls out of order. */
  GOOD(accumulate_create(&m));
  BAD(INVALID_ARGUMENT, tfcc_model_name(m, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_num_inputs(m, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_num_outputs(m, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_input_index(m, NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_model_input_index(m, "x", NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_input_index(m, "nope", &n));
  BAD(INVALID_ARGUMENT, tfcc_model_output_index(m, "nope", &n));
  BAD(OUT_OF_RANGE, tfcc_model_input_info(m, 1, &name, 0, 0, 0));
  BAD(OUT_OF_RANGE, tfcc_model_input_info(m, -1, &name, 0, 0, 0));
  BAD(OUT_OF_RANGE, tfcc_model_output_info(m, 2, &name, 0, 0, 0));
  BAD(OUT_OF_RANGE, tfcc_model_bind_input(m, 5, x, 1, three));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input(m, 0, NULL, 1, three));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input(m, 0, x, 1, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input(m, 0, x, 2, three_one));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input(m, 0, x, 1, two));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input_tensor(m, 0, NULL));
  GOOD(tfcc_tensor_create(TFCC_I64, 1, three, &wrong));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_input_tensor(m, 0, wrong));
  tfcc_tensor_destroy(wrong);
  BAD(OUT_OF_RANGE, tfcc_model_alloc_input(m, 3, 1, three, &data));
  BAD(INVALID_ARGUMENT, tfcc_model_alloc_input(m, 0, 1, two, &data));
  BAD(INVALID_ARGUMENT, tfcc_model_alloc_input(m, 0, 1, three, NULL));
  BAD(OUT_OF_RANGE, tfcc_model_input_data(m, 9, &data));
  BAD(INVALID_ARGUMENT, tfcc_model_input_data(m, 0, NULL));
  BAD(OUT_OF_RANGE, tfcc_model_bind_output(m, 2, x, 1, three));
  BAD(INVALID_ARGUMENT, tfcc_model_bind_output(m, 0, x, 1, two));
  BAD(INVALID_ARGUMENT, tfcc_model_memory_info(m, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_gpu_info(m, NULL));
  BAD(FAILED_PRECONDITION, tfcc_model_gpu_info(m, &gpu));
  BAD(INVALID_ARGUMENT, tfcc_model_num_ops(m, NULL));
  BAD(OUT_OF_RANGE, tfcc_model_device_info(m, 1000000, &op));
  BAD(INVALID_ARGUMENT, tfcc_model_dynamic_arena_bytes(m, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_set_num_threads(m, -1));
  BAD(INVALID_ARGUMENT, tfcc_model_set_num_threads(m, 1 << 30));
  BAD(INVALID_ARGUMENT, tfcc_model_num_threads(m, NULL));
  /* Outputs before any run. */
  BAD(FAILED_PRECONDITION, tfcc_model_output(m, 0, &ct));
  BAD(FAILED_PRECONDITION, tfcc_model_output_data(m, 0, &cdata));
  BAD(FAILED_PRECONDITION, tfcc_model_output_dims(m, 0, &rank, &dims));
  BAD(OUT_OF_RANGE, tfcc_model_output(m, 7, &ct));
  BAD(INVALID_ARGUMENT, tfcc_model_num_variables(m, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_variable_index(m, "nope", &n));
  BAD(OUT_OF_RANGE, tfcc_model_variable_info(m, 3, &name, 0, 0, 0));
  BAD(OUT_OF_RANGE, tfcc_model_variable_data(m, -2, &data));
  BAD(INVALID_ARGUMENT, tfcc_model_variable_data(m, 0, NULL));
  BAD(OUT_OF_RANGE, tfcc_model_bind_variable(m, 3, x));

  /* A bound tensor the caller destroys before the run: the model keeps it
   * alive, the run reads the values. */
  tfcc_tensor_destroy(t);
  GOOD(tfcc_tensor_wrap(TFCC_F32, 1, three, x, &t));
  GOOD(tfcc_model_bind_input_tensor(m, 0, t));
  tfcc_tensor_destroy(t);
  GOOD(tfcc_model_run(m));
  GOOD(tfcc_model_output_data(m, 0, &cdata));
  printf("y after destroying the bound tensor: %g %g %g\n",
         ((const float *)cdata)[0], ((const float *)cdata)[1],
         ((const float *)cdata)[2]);
  /* An output tensor is the model's: destroying it is ignored. */
  GOOD(tfcc_model_output(m, 0, &ct));
  tfcc_tensor_destroy((tfcc_tensor *)ct);
  GOOD(tfcc_model_output_data(m, 1, &cdata));
  GOOD(tfcc_model_reset_variables(m));

  /* Checkpoints: a directory, a path that cannot be written, a missing
   * file, bad entries. The model's variables are unchanged by a failed
   * restore. */
  BAD(INVALID_ARGUMENT, tfcc_model_save_checkpoint(m, NULL));
  BAD(INVALID_ARGUMENT, tfcc_model_restore_checkpoint(m, NULL));
  BAD(FAILED_PRECONDITION, tfcc_model_save_checkpoint(m, dir));
  BAD(INVALID_ARGUMENT, tfcc_model_restore_checkpoint(m, dir));
  snprintf(path, sizeof(path), "%s/no/such/dir/m.tfck", dir);
  BAD(FAILED_PRECONDITION, tfcc_model_save_checkpoint(m, path));
  BAD(INVALID_ARGUMENT, tfcc_model_restore_checkpoint(m, path));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_load(path, &c));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_load(NULL, &c));
  snprintf(path, sizeof(path), "%s/m.tfck", dir);
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_load(path, NULL));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_save(NULL, 0, names, tensors));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_save(path, 1, NULL, tensors));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_save(path, 1, names, NULL));
  tensors[0] = NULL;
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_save(path, 1, names, tensors));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_save(path, -1, names, tensors));
  GOOD(tfcc_model_save_checkpoint(m, path));
  GOOD(tfcc_checkpoint_load(path, &c));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_num_entries(NULL, &n));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_num_entries(c, NULL));
  BAD(OUT_OF_RANGE, tfcc_checkpoint_entry(c, 99, &name, &ct));
  BAD(INVALID_ARGUMENT, tfcc_checkpoint_entry(NULL, 0, &name, &ct));
  /* An entry's tensor is the checkpoint's: destroying it is ignored. */
  GOOD(tfcc_checkpoint_entry(c, 0, &name, &ct));
  tfcc_tensor_destroy((tfcc_tensor *)ct);
  GOOD(tfcc_tensor_dtype(ct, &dtype));
  SAFE(tfcc_checkpoint_free(c));
  SAFE(tfcc_checkpoint_free(NULL));
  tfcc_model_destroy(m);

  printf("misuse: %d calls, %d failures\n", calls, failures);
  return failures != 0;
}
