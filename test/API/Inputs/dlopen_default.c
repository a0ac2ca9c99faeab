/* Loads each model library given on the command line with
 * dlopen(RTLD_LOCAL), as Python's ctypes does, creates its model through
 * tfcc_model_create_default (no entry name needed) and runs it on a batch of
 * ones. Libraries loaded side by side must each create their own model. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

#include "tfcc/runtime.h"

/* The functions' own types: a call through another function type is
 * undefined behaviour (UBSan's -fsanitize=function reports it). */
typedef tfcc_status (*create_fn)(tfcc_model **);
typedef tfcc_status (*name_fn)(const tfcc_model *, const char **);
typedef tfcc_status (*info_fn)(const tfcc_model *, int64_t, const char **,
                               tfcc_dtype *, int64_t *, const int64_t **);
typedef tfcc_status (*bind_fn)(tfcc_model *, int64_t, const void *, int64_t,
                               const int64_t *);
typedef tfcc_status (*run_fn)(tfcc_model *);
typedef tfcc_status (*out_fn)(const tfcc_model *, int64_t, const void **);
typedef void (*destroy_fn)(tfcc_model *);

#define SYM(type, name)                                                      \
  type name = (type)dlsym(lib, #name);                                       \
  if (!name) {                                                               \
    printf("%s: missing %s\n", argv[a], #name);                              \
    return 1;                                                                \
  }

int main(int argc, char **argv) {
  for (int a = 1; a < argc; ++a) {
    void *lib = dlopen(argv[a], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      printf("dlopen: %s\n", dlerror());
      return 1;
    }
    SYM(create_fn, tfcc_model_create_default)
    SYM(name_fn, tfcc_model_name)
    SYM(info_fn, tfcc_model_input_info)
    SYM(bind_fn, tfcc_model_bind_input)
    SYM(run_fn, tfcc_model_run)
    SYM(out_fn, tfcc_model_output_data)
    SYM(destroy_fn, tfcc_model_destroy)
    tfcc_model *m = NULL;
    const char *name = NULL, *in = NULL;
    int64_t rank = 0;
    const int64_t *dims = NULL;
    if (tfcc_model_create_default(&m) || tfcc_model_name(m, &name) ||
        tfcc_model_input_info(m, 0, &in, NULL, &rank, &dims)) {
      printf("%s: cannot create the model\n", argv[a]);
      return 1;
    }
    float x[2 * 4];
    for (int i = 0; i < 8; ++i)
      x[i] = 1.0f;
    const int64_t shape[2] = {2, dims[1]};
    const float *y = NULL;
    if (rank != 2 || dims[1] != 4 || tfcc_model_bind_input(m, 0, x, 2, shape) ||
        tfcc_model_run(m) || tfcc_model_output_data(m, 0, (const void **)&y)) {
      printf("%s: cannot run the model\n", argv[a]);
      return 1;
    }
    printf("model %s input %s y[0] = %.6f\n", name, in, y[0]);
    tfcc_model_destroy(m);
  }
  return 0;
}
