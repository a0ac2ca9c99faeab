/* NVIDIA GPUs through the CUDA driver API, loaded at run time.
 *
 * A model with ops placed on a GPU calls, from its compiled host code,
 * tfcc_rt_gpu_alloc/free/copy/resident/launch (convert-tfcc-gpu-to-runtime).
 * They work on the model instance's GPU state: the device's primary
 * context, a stream of the instance's own, the kernels' modules (loaded
 * from their PTX at first use, which the driver compiles for the device),
 * the weights' device copies (uploaded at first use, on the stream, then
 * resident) and
 * the device blocks freed by earlier runs, kept for the next ones.
 *
 * libcuda.so.1 is opened with dlopen at the first create of such a model,
 * and its functions are found through cuGetProcAddress, asking for the
 * CUDA 12.0 versions of each: a library with GPU parts builds and loads
 * without CUDA, and its create says why it cannot run. Errors of a run end
 * it like a failed check (run.c), with a status that names the call. */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The driver API's types, as cuda.h declares them. */
typedef int CUresult;
typedef int CUdevice;
typedef struct CUctx_st *CUcontext;
typedef struct CUstream_st *CUstream;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef unsigned long long CUdeviceptr;
#define CUDA_SUCCESS 0
#define CUDA_ERROR_OUT_OF_MEMORY 2
#define CU_STREAM_NON_BLOCKING 1
#define CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR 75
#define CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR 76
/* The entry points' versions this file is written against. */
#define TFCC_CUDA_VERSION 12000

static struct {
  int loaded;
  char why[256]; /* when not loaded */
  int num_devices;
  CUresult (*cuInit)(unsigned);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuDevicePrimaryCtxRelease)(CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **,
                             void **);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
} cu;

static pthread_once_t cu_once = PTHREAD_ONCE_INIT;

typedef CUresult (*get_proc_v2)(const char *, void **, int, unsigned long long,
                                int *);
typedef CUresult (*get_proc_v1)(const char *, void **, int, unsigned long long);

static void load_cuda(void) {
  void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  get_proc_v2 proc2;
  get_proc_v1 proc1;
  void *sym;
  CUresult r;
  if (lib == NULL) {
    const char *err = dlerror();
    snprintf(cu.why, sizeof(cu.why), "libcuda.so.1 cannot be loaded: %s",
             err ? err : "unknown error");
    return;
  }
  sym = dlsym(lib, "cuGetProcAddress_v2");
  memcpy(&proc2, &sym, sizeof(sym));
  sym = dlsym(lib, "cuGetProcAddress");
  memcpy(&proc1, &sym, sizeof(sym));
  if (proc2 == NULL && proc1 == NULL) {
    snprintf(cu.why, sizeof(cu.why),
             "libcuda.so.1 has no cuGetProcAddress (a driver older than "
             "CUDA 11.3)");
    return;
  }
#define TFCC_LOAD(name)                                                        \
  do {                                                                         \
    void *fn = NULL;                                                           \
    int status = 0;                                                            \
    CUresult got = proc2 ? proc2(#name, &fn, TFCC_CUDA_VERSION, 0, &status)    \
                         : proc1(#name, &fn, TFCC_CUDA_VERSION, 0);            \
    if (got != CUDA_SUCCESS || fn == NULL) {                                   \
      snprintf(cu.why, sizeof(cu.why), "the CUDA driver has no %s (error %d)", \
               #name, got);                                                    \
      return;                                                                  \
    }                                                                          \
    memcpy(&cu.name, &fn, sizeof(fn));                                         \
  } while (0)
  TFCC_LOAD(cuInit);
  TFCC_LOAD(cuGetErrorName);
  TFCC_LOAD(cuGetErrorString);
  TFCC_LOAD(cuDeviceGetCount);
  TFCC_LOAD(cuDeviceGet);
  TFCC_LOAD(cuDeviceGetName);
  TFCC_LOAD(cuDeviceGetAttribute);
  TFCC_LOAD(cuDevicePrimaryCtxRetain);
  TFCC_LOAD(cuDevicePrimaryCtxRelease);
  TFCC_LOAD(cuCtxSetCurrent);
  TFCC_LOAD(cuStreamCreate);
  TFCC_LOAD(cuStreamDestroy);
  TFCC_LOAD(cuStreamSynchronize);
  TFCC_LOAD(cuModuleLoadData);
  TFCC_LOAD(cuModuleUnload);
  TFCC_LOAD(cuModuleGetFunction);
  TFCC_LOAD(cuLaunchKernel);
  TFCC_LOAD(cuMemAlloc);
  TFCC_LOAD(cuMemFree);
  TFCC_LOAD(cuMemcpyAsync);
#undef TFCC_LOAD
  if ((r = cu.cuInit(0)) != CUDA_SUCCESS ||
      (r = cu.cuDeviceGetCount(&cu.num_devices)) != CUDA_SUCCESS) {
    const char *name = NULL;
    cu.cuGetErrorName(r, &name);
    snprintf(cu.why, sizeof(cu.why), "cuInit failed: %s",
             name ? name : "unknown error");
    return;
  }
  cu.loaded = 1;
}

/* A map from addresses (of the compiled code's constants) to pointers:
 * open addressing, at most half full. */
typedef struct ptr_map {
  const void **keys;
  void **values;
  size_t cap, count;
} ptr_map;

static size_t ptr_hash(const void *key, size_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 32) & (cap - 1);
}

static void **ptr_map_find(ptr_map *map, const void *key) {
  size_t i;
  if (map->cap == 0)
    return NULL;
  for (i = ptr_hash(key, map->cap); map->keys[i] != NULL;
       i = (i + 1) & (map->cap - 1))
    if (map->keys[i] == key)
      return &map->values[i];
  return NULL;
}

/* 0 when out of memory. */
static int ptr_map_put(ptr_map *map, const void *key, void *value) {
  size_t i;
  if (2 * (map->count + 1) > map->cap) {
    ptr_map bigger;
    bigger.cap = map->cap ? 2 * map->cap : 64;
    bigger.count = 0;
    bigger.keys = (const void **)calloc(bigger.cap, sizeof(void *));
    bigger.values = (void **)calloc(bigger.cap, sizeof(void *));
    if (bigger.keys == NULL || bigger.values == NULL) {
      free(bigger.keys);
      free(bigger.values);
      return 0;
    }
    for (i = 0; i < map->cap; ++i)
      if (map->keys[i] != NULL)
        ptr_map_put(&bigger, map->keys[i], map->values[i]);
    free(map->keys);
    free(map->values);
    *map = bigger;
  }
  for (i = ptr_hash(key, map->cap); map->keys[i] != NULL;
       i = (i + 1) & (map->cap - 1))
    ;
  map->keys[i] = key;
  map->values[i] = value;
  ++map->count;
  return 1;
}

static void ptr_map_clear(ptr_map *map) {
  free(map->keys);
  free(map->values);
  memset(map, 0, sizeof(*map));
}

/* Device blocks: in use by the run, or freed and kept for the next. */
typedef struct block_list {
  CUdeviceptr *ptrs;
  size_t *sizes;
  size_t count, cap;
} block_list;

static int block_list_add(block_list *list, CUdeviceptr p, size_t size) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? 2 * list->cap : 32;
    CUdeviceptr *ptrs = (CUdeviceptr *)realloc(list->ptrs, cap * sizeof(*ptrs));
    size_t *sizes;
    if (ptrs == NULL)
      return 0;
    list->ptrs = ptrs;
    sizes = (size_t *)realloc(list->sizes, cap * sizeof(*sizes));
    if (sizes == NULL)
      return 0;
    list->sizes = sizes;
    list->cap = cap;
  }
  list->ptrs[list->count] = p;
  list->sizes[list->count] = size;
  ++list->count;
  return 1;
}

static void block_list_remove(block_list *list, size_t i) {
  --list->count;
  list->ptrs[i] = list->ptrs[list->count];
  list->sizes[i] = list->sizes[list->count];
}

struct tfcc_gpu {
  const char *model;
  CUdevice device;
  CUcontext context;
  CUstream stream;
  ptr_map modules;   /* PTX text -> CUmodule */
  ptr_map functions; /* kernel name -> CUfunction */
  ptr_map resident;  /* weight's host data -> its device copy */
  block_list live, cached;
  const char *last_kernel; /* the last launch, for errors found later */
  const char *last_node;   /* the graph node it computes ("": unnamed) */
  /* The launches of the run in progress and of the last one, and the time
   * the host spent issuing them. */
  int64_t launches, launch_ns, last_launches, last_launch_ns;
  char message[512];       /* a failed run's */
};

static const char *error_text(CUresult r) {
  const char *name = NULL, *text = NULL;
  static __thread char buf[192];
  if (cu.cuGetErrorName(r, &name) != CUDA_SUCCESS)
    name = NULL;
  if (cu.cuGetErrorString(r, &text) != CUDA_SUCCESS)
    text = NULL;
  snprintf(buf, sizeof(buf), "%s (%s)", name ? name : "CUDA error",
           text ? text : "no description");
  return buf;
}

tfcc_status tfcc_gpu_create(const char *model, int32_t num_gpus,
                            tfcc_gpu **out) {
  tfcc_gpu *gpu;
  CUresult r;
  const char *call;
  *out = NULL;
  pthread_once(&cu_once, load_cuda);
  if (!cu.loaded)
    return tfcc_status_make(TFCC_FAILED_PRECONDITION,
                            "no CUDA device: model '%s' has ops placed on "
                            "gpu:0 (%s)",
                            model, cu.why);
  if (cu.num_devices < num_gpus)
    return tfcc_status_make(
        TFCC_FAILED_PRECONDITION,
        "%s: model '%s' has ops placed on gpu:%d, and "
        "this machine has %d CUDA device%s",
        cu.num_devices == 0 ? "no CUDA device" : "too few CUDA devices", model,
        (int)num_gpus - 1, cu.num_devices, cu.num_devices == 1 ? "" : "s");
  if (num_gpus > 1)
    return tfcc_status_make(TFCC_FAILED_PRECONDITION,
                            "model '%s' has ops placed on gpu:%d; the "
                            "runtime drives gpu:0 only",
                            model, (int)num_gpus - 1);
  gpu = (tfcc_gpu *)calloc(1, sizeof(*gpu));
  if (gpu == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "model '%s': out of memory", model);
  gpu->model = model;
  if ((r = cu.cuDeviceGet(&gpu->device, 0)) != CUDA_SUCCESS)
    call = "cuDeviceGet";
  else if ((r = cu.cuDevicePrimaryCtxRetain(&gpu->context, gpu->device)) !=
           CUDA_SUCCESS)
    call = "cuDevicePrimaryCtxRetain";
  else if ((r = cu.cuCtxSetCurrent(gpu->context)) != CUDA_SUCCESS)
    call = "cuCtxSetCurrent";
  else if ((r = cu.cuStreamCreate(&gpu->stream, CU_STREAM_NON_BLOCKING)) !=
           CUDA_SUCCESS)
    call = "cuStreamCreate";
  if (r != CUDA_SUCCESS) {
    tfcc_status s = tfcc_status_make(TFCC_INTERNAL, "model '%s': %s: %s", model,
                                     call, error_text(r));
    tfcc_gpu_destroy(gpu);
    return s;
  }
  *out = gpu;
  return NULL;
}

void tfcc_gpu_destroy(tfcc_gpu *gpu) {
  size_t i;
  if (gpu == NULL)
    return;
  if (gpu->context != NULL) {
    cu.cuCtxSetCurrent(gpu->context);
    if (gpu->stream != NULL) {
      cu.cuStreamSynchronize(gpu->stream);
      cu.cuStreamDestroy(gpu->stream);
    }
    for (i = 0; i < gpu->live.count; ++i)
      cu.cuMemFree(gpu->live.ptrs[i]);
    for (i = 0; i < gpu->cached.count; ++i)
      cu.cuMemFree(gpu->cached.ptrs[i]);
    for (i = 0; i < gpu->resident.cap; ++i)
      if (gpu->resident.keys[i] != NULL)
        cu.cuMemFree((CUdeviceptr)(uintptr_t)gpu->resident.values[i]);
    for (i = 0; i < gpu->modules.cap; ++i)
      if (gpu->modules.keys[i] != NULL)
        cu.cuModuleUnload((CUmodule)gpu->modules.values[i]);
    cu.cuDevicePrimaryCtxRelease(gpu->device);
  }
  free(gpu->live.ptrs);
  free(gpu->live.sizes);
  free(gpu->cached.ptrs);
  free(gpu->cached.sizes);
  ptr_map_clear(&gpu->modules);
  ptr_map_clear(&gpu->functions);
  ptr_map_clear(&gpu->resident);
  free(gpu);
}

tfcc_status tfcc_gpu_device(const tfcc_gpu *gpu, char *name, size_t cap,
                            int *major, int *minor) {
  CUresult r;
  if ((r = cu.cuDeviceGetName(name, (int)cap, gpu->device)) != CUDA_SUCCESS ||
      (r = cu.cuDeviceGetAttribute(major,
                                   CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                                   gpu->device)) != CUDA_SUCCESS ||
      (r = cu.cuDeviceGetAttribute(minor,
                                   CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                                   gpu->device)) != CUDA_SUCCESS)
    return tfcc_status_make(TFCC_INTERNAL, "model '%s': device info: %s",
                            gpu->model, error_text(r));
  return NULL;
}

/* The GPU state of the run on this thread; compiled GPU code runs only
 * inside tfcc_model_run of a model that has one. */
static tfcc_gpu *current_gpu(void) {
  tfcc_run_context *run = tfcc_run_current();
  if (run == NULL || run->gpu == NULL) {
    fprintf(stderr, "tfcc: GPU code called outside a run of a GPU model\n");
    abort();
  }
  return run->gpu;
}

/* Ends the run with an error naming the call (and the kernel). */
static void fail(tfcc_gpu *gpu, const char *call, const char *kernel,
                 CUresult r) {
  tfcc_run_context *run = tfcc_run_current();
  size_t i, len;
  const char *node =
      kernel && kernel == gpu->last_kernel ? gpu->last_node : NULL;
  int named = node != NULL && *node != '\0';
  snprintf(gpu->message, sizeof(gpu->message), "model '%s': %s%s%s%s%s%s: %s",
           gpu->model, call, kernel ? " of kernel " : "", kernel ? kernel : "",
           named ? " (node '" : "", named ? node : "", named ? "')" : "",
           error_text(r));
  /* The message is a format for tfcc_run_abandon: braces stay braces. */
  for (i = 0, len = strlen(gpu->message); i < len; ++i)
    if (gpu->message[i] == '{')
      gpu->message[i] = '(';
  run->code = TFCC_INTERNAL;
  tfcc_rt_check_failed(gpu->message, 0, 0, 0, 0, 0);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void tfcc_gpu_begin_run(tfcc_gpu *gpu) {
  CUresult r;
  gpu->launches = gpu->launch_ns = 0;
  r = cu.cuCtxSetCurrent(gpu->context);
  if (r != CUDA_SUCCESS)
    fail(gpu, "cuCtxSetCurrent", NULL, r);
}

/* The blocks a run still holds go back to the cache. */
static void recycle_live(tfcc_gpu *gpu) {
  size_t i;
  for (i = 0; i < gpu->live.count; ++i)
    if (!block_list_add(&gpu->cached, gpu->live.ptrs[i], gpu->live.sizes[i]))
      cu.cuMemFree(gpu->live.ptrs[i]);
  gpu->live.count = 0;
}

void tfcc_gpu_end_run(tfcc_gpu *gpu) {
  CUresult r = cu.cuStreamSynchronize(gpu->stream);
  if (r != CUDA_SUCCESS)
    fail(gpu, "cuStreamSynchronize", gpu->last_kernel, r);
  gpu->last_launches = gpu->launches;
  gpu->last_launch_ns = gpu->launch_ns;
  /* Blocks the code did not free (none, as compiled) serve the next run;
   * the stream is drained already. */
  recycle_live(gpu);
}

void tfcc_gpu_stats(const tfcc_gpu *gpu, int64_t *launches,
                    int64_t *launch_ns) {
  *launches = gpu->last_launches;
  *launch_ns = gpu->last_launch_ns;
}

void tfcc_gpu_abandon_run(tfcc_gpu *gpu) {
  cu.cuStreamSynchronize(gpu->stream);
  recycle_live(gpu);
}

TFCC_API void *tfcc_rt_gpu_alloc(int64_t bytes) {
  tfcc_gpu *gpu = current_gpu();
  size_t size = bytes > 0 ? (size_t)bytes : 1, i;
  CUdeviceptr p = 0;
  CUresult r;
  for (i = 0; i < gpu->cached.count; ++i)
    if (gpu->cached.sizes[i] == size) {
      p = gpu->cached.ptrs[i];
      block_list_remove(&gpu->cached, i);
      break;
    }
  if (p == 0) {
    r = cu.cuMemAlloc(&p, size);
    if (r == CUDA_ERROR_OUT_OF_MEMORY && gpu->cached.count > 0) {
      /* The kept blocks may be what is missing. */
      cu.cuStreamSynchronize(gpu->stream);
      for (i = 0; i < gpu->cached.count; ++i)
        cu.cuMemFree(gpu->cached.ptrs[i]);
      gpu->cached.count = 0;
      r = cu.cuMemAlloc(&p, size);
    }
    if (r != CUDA_SUCCESS)
      fail(gpu, "cuMemAlloc", NULL, r);
  }
  if (!block_list_add(&gpu->live, p, size)) {
    cu.cuMemFree(p);
    fail(gpu, "cuMemAlloc", NULL, CUDA_ERROR_OUT_OF_MEMORY);
  }
  return (void *)(uintptr_t)p;
}

TFCC_API void tfcc_rt_gpu_free(void *p) {
  tfcc_gpu *gpu = current_gpu();
  CUdeviceptr d = (CUdeviceptr)(uintptr_t)p;
  size_t i;
  for (i = 0; i < gpu->live.count; ++i)
    if (gpu->live.ptrs[i] == d) {
      /* Kernels still queued may use it; the stream orders its reuse. */
      if (!block_list_add(&gpu->cached, d, gpu->live.sizes[i])) {
        cu.cuStreamSynchronize(gpu->stream);
        cu.cuMemFree(d);
      }
      block_list_remove(&gpu->live, i);
      return;
    }
}

TFCC_API void tfcc_rt_gpu_copy(void *dst, const void *src, int64_t bytes) {
  tfcc_gpu *gpu = current_gpu();
  CUresult r;
  if (bytes <= 0)
    return;
  r = cu.cuMemcpyAsync((CUdeviceptr)(uintptr_t)dst, (CUdeviceptr)(uintptr_t)src,
                       (size_t)bytes, gpu->stream);
  if (r != CUDA_SUCCESS)
    fail(gpu, "cuMemcpyAsync", NULL, r);
  /* A copy to the host is read as soon as the function returns. */
  r = cu.cuStreamSynchronize(gpu->stream);
  if (r != CUDA_SUCCESS)
    fail(gpu, "cuStreamSynchronize", gpu->last_kernel, r);
}

TFCC_API void *tfcc_rt_gpu_resident(const void *host, int64_t bytes) {
  tfcc_gpu *gpu = current_gpu();
  void **found = ptr_map_find(&gpu->resident, host);
  CUdeviceptr p = 0;
  CUresult r;
  if (found != NULL)
    return *found;
  if ((r = cu.cuMemAlloc(&p, bytes > 0 ? (size_t)bytes : 1)) != CUDA_SUCCESS)
    fail(gpu, "cuMemAlloc", NULL, r);
  /* On the instance's stream, which orders it before the kernels that read
   * it (the weights are constants of the library: no copy to wait for). */
  if (bytes > 0 &&
      (r = cu.cuMemcpyAsync(p, (CUdeviceptr)(uintptr_t)host, (size_t)bytes,
                            gpu->stream)) != CUDA_SUCCESS) {
    cu.cuMemFree(p);
    fail(gpu, "cuMemcpyAsync", NULL, r);
  }
  if (!ptr_map_put(&gpu->resident, host, (void *)(uintptr_t)p)) {
    cu.cuMemFree(p);
    fail(gpu, "cuMemAlloc", NULL, CUDA_ERROR_OUT_OF_MEMORY);
  }
  return (void *)(uintptr_t)p;
}

TFCC_API void tfcc_rt_gpu_launch(const char *ptx, const char *kernel,
                                 const char *node, int64_t gx, int64_t gy,
                                 int64_t gz, int64_t bx, int64_t by, int64_t bz,
                                 void **params, int64_t num_params) {
  tfcc_gpu *gpu = current_gpu();
  void **found = ptr_map_find(&gpu->functions, kernel);
  CUfunction fn;
  CUresult r;
  int64_t start;
  (void)num_params;
  if (found != NULL) {
    fn = (CUfunction)*found;
  } else {
    void **loaded = ptr_map_find(&gpu->modules, ptx);
    CUmodule module;
    if (loaded != NULL) {
      module = (CUmodule)*loaded;
    } else {
      if ((r = cu.cuModuleLoadData(&module, ptx)) != CUDA_SUCCESS)
        fail(gpu, "cuModuleLoadData", kernel, r);
      if (!ptr_map_put(&gpu->modules, ptx, module)) {
        cu.cuModuleUnload(module);
        fail(gpu, "cuModuleLoadData", kernel, CUDA_ERROR_OUT_OF_MEMORY);
      }
    }
    if ((r = cu.cuModuleGetFunction(&fn, module, kernel)) != CUDA_SUCCESS)
      fail(gpu, "cuModuleGetFunction", kernel, r);
    if (!ptr_map_put(&gpu->functions, kernel, fn))
      fail(gpu, "cuModuleGetFunction", kernel, CUDA_ERROR_OUT_OF_MEMORY);
  }
  gpu->last_kernel = kernel;
  gpu->last_node = node;
  start = now_ns();
  r = cu.cuLaunchKernel(fn, (unsigned)gx, (unsigned)gy, (unsigned)gz,
                        (unsigned)bx, (unsigned)by, (unsigned)bz, 0,
                        gpu->stream, params, NULL);
  gpu->launch_ns += now_ns() - start;
  ++gpu->launches;
  if (r != CUDA_SUCCESS)
    fail(gpu, "cuLaunchKernel", kernel, r);
}
