/* libFuzzer target: the runtime's checkpoint reader. Bytes go to the
 * in-memory reader behind tfcc_checkpoint_load, and every entry it accepts
 * is read back through the public API, data included, so that a size the
 * reader got wrong shows as an out-of-bounds access. */

#include "internal.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tfcc_checkpoint *c = NULL;
  tfcc_status s = tfcc_checkpoint_parse(data, size, "fuzz.tfck", &c);
  int64_t n = 0, i;
  if (s != NULL) {
    tfcc_status_free(s);
    return 0;
  }
  tfcc_checkpoint_num_entries(c, &n);
  for (i = 0; i < n; ++i) {
    const char *name = NULL;
    const tfcc_tensor *t = NULL;
    void *bytes = NULL;
    size_t byte_size = 0, k;
    volatile unsigned char sum = 0;
    if ((s = tfcc_checkpoint_entry(c, i, &name, &t)) != NULL) {
      tfcc_status_free(s);
      break;
    }
    sum ^= (unsigned char)strlen(name);
    tfcc_tensor_byte_size(t, &byte_size);
    tfcc_tensor_data(t, &bytes);
    for (k = 0; k < byte_size; ++k)
      sum ^= ((const unsigned char *)bytes)[k];
  }
  tfcc_checkpoint_free(c);
  return 0;
}
