/* Uses the runtime alone: its version and a tensor it allocates. */
#include <tfcc/runtime.h>

#include <stdio.h>

int main(void) {
  const int64_t dims[2] = {2, 3};
  tfcc_tensor *t = NULL;
  int64_t n = 0;
  tfcc_status s = tfcc_tensor_create(TFCC_F32, 2, dims, &t);
  if (!s)
    s = tfcc_tensor_num_elements(t, &n);
  if (s) {
    printf("%s\n", tfcc_status_message(s));
    tfcc_status_free(s);
    return 1;
  }
  printf("tfcc runtime %s: %lld %s elements\n", tfcc_runtime_version(),
         (long long)n, tfcc_dtype_name(TFCC_F32));
  tfcc_tensor_destroy(t);
  return 0;
}
