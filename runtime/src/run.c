/* One run of compiled code: the allocations it makes, and the way out when
 * one of its checks fails.
 *
 * Compiled code allocates through _mlir_memref_to_llvm_alloc/free (MLIR's
 * "generic" allocation functions) and reports a failed run-time check by
 * calling tfcc_rt_check_failed, which does not return: the code has no
 * unwinding of its own, and a check can fail deep inside a loop nest (an
 * index read from data). It jumps back to tfcc_model_run, which frees
 * every block the run still holds and returns the check's message. A
 * successful run's remaining blocks are its results, which the model then
 * owns until the next run. Blocks the code frees, and the previous run's
 * outputs, go to the model instance's cache, for the same allocations in
 * its next runs: a run in the steady state allocates nothing.
 *
 * A parallel loop (pool.c) runs its blocks on other threads as chunks of
 * the run: their allocations go to the run under a lock, and a check that
 * fails in a chunk unwinds to that chunk's own setjmp, on its own thread;
 * the pool re-raises it on the run's thread once every block is done. */
/* posix_memalign */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The run in progress on this thread, if any: the run of the thread that
 * called tfcc_model_run, or on a pool worker the chunk of a run's parallel
 * loop it is running. */
static __thread tfcc_run_context *current_run;

/* Orders the allocations of a run's chunks of a parallel loop, on several
 * threads at once. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

void tfcc_run_begin(tfcc_run_context *run, tfcc_block_cache *cache,
                    int num_threads) {
  memset(run, 0, sizeof(*run));
  run->outer = current_run;
  run->cache = cache;
  run->num_threads = num_threads;
  if (cache != NULL) {
    run->blocks = cache->track_blocks;
    run->sizes = cache->track_sizes;
    run->cap_blocks = cache->track_cap;
    cache->track_blocks = NULL;
    cache->track_sizes = NULL;
    cache->track_cap = 0;
  }
  current_run = run;
}

tfcc_run_context *tfcc_run_current(void) { return current_run; }

int tfcc_run_chunk(tfcc_run_context *run, tfcc_rt_task task, void *ctx,
                   int64_t begin, int64_t end, tfcc_run_context *failure) {
  tfcc_run_context *saved = current_run;
  memset(failure, 0, sizeof(*failure));
  failure->outer = saved;
  failure->shared = run;
  failure->num_threads = 1;
  current_run = failure;
  if (setjmp(failure->unwind) != 0) {
    current_run = saved;
    return 0;
  }
  task(ctx, begin, end);
  current_run = saved;
  return 1;
}

void tfcc_run_fail(tfcc_run_context *run, const tfcc_run_context *failure) {
  int i;
  if (failure->code != 0)
    run->code = failure->code;
  run->message = failure->message;
  run->num_values = failure->num_values;
  for (i = 0; i < TFCC_RT_MAX_CHECK_VALUES; ++i)
    run->values[i] = failure->values[i];
  longjmp(run->unwind, 1);
}

/* The run whose blocks this thread allocates and frees, locked when it is
 * shared with other threads; unlock_run undoes it. */
static tfcc_run_context *lock_run(void) {
  tfcc_run_context *run = current_run;
  if (run != NULL && run->shared != NULL) {
    pthread_mutex_lock(&shared_lock);
    return run->shared;
  }
  return run;
}

static void unlock_run(void) {
  if (current_run != NULL && current_run->shared != NULL)
    pthread_mutex_unlock(&shared_lock);
}

void tfcc_run_end(tfcc_run_context *run) {
  current_run = run->outer;
  if (run->cache != NULL && run->cache->track_blocks == NULL) {
    run->cache->track_blocks = run->blocks;
    run->cache->track_sizes = run->sizes;
    run->cache->track_cap = run->cap_blocks;
  } else {
    free(run->blocks);
    free(run->sizes);
  }
  run->blocks = NULL;
  run->sizes = NULL;
  run->num_blocks = 0;
}

void tfcc_block_cache_clear(tfcc_block_cache *cache) {
  size_t i;
  for (i = 0; i < cache->count; ++i)
    free(cache->blocks[i]);
  free(cache->blocks);
  free(cache->sizes);
  free(cache->track_blocks);
  free(cache->track_sizes);
  memset(cache, 0, sizeof(*cache));
}

size_t tfcc_run_block_size(const tfcc_run_context *run, const void *p) {
  size_t i;
  for (i = run->num_blocks; i-- > 0;)
    if (run->blocks[i] == p)
      return run->sizes[i];
  return 0;
}

/* A cached block of exactly `size` bytes, or NULL. */
static void *take_cached(tfcc_block_cache *cache, size_t size) {
  size_t i;
  if (cache == NULL)
    return NULL;
  for (i = cache->count; i-- > 0;) {
    if (cache->sizes[i] == size) {
      void *p = cache->blocks[i];
      --cache->count;
      cache->blocks[i] = cache->blocks[cache->count];
      cache->sizes[i] = cache->sizes[cache->count];
      cache->bytes -= size;
      return p;
    }
  }
  return NULL;
}

/* Keeps `p` in the cache; 0 when it is full or cannot grow. */
static int put_cached(tfcc_block_cache *cache, void *p, size_t size) {
  if (cache == NULL || cache->bytes + size > TFCC_RT_CACHE_BYTES)
    return 0;
  if (cache->count == cache->cap) {
    size_t cap = cache->cap ? 2 * cache->cap : 32;
    void **blocks = (void **)realloc(cache->blocks, cap * sizeof(void *));
    size_t *sizes;
    if (blocks == NULL)
      return 0;
    cache->blocks = blocks;
    sizes = (size_t *)realloc(cache->sizes, cap * sizeof(size_t));
    if (sizes == NULL)
      return 0;
    cache->sizes = sizes;
    cache->cap = cap;
  }
  cache->blocks[cache->count] = p;
  cache->sizes[cache->count++] = size;
  cache->bytes += size;
  return 1;
}

void tfcc_block_cache_put(tfcc_block_cache *cache, void *p, size_t size) {
  if (size == 0 || !put_cached(cache, p, size))
    free(p);
}

/* "{N}" in the message is value N; "{{" is a brace. */
tfcc_status tfcc_run_abandon(tfcc_run_context *run) {
  const char *msg = run->message ? run->message : "run-time check failed";
  size_t i, len = 0, cap = strlen(msg) + 1 + 24 * TFCC_RT_MAX_CHECK_VALUES;
  char *text = (char *)malloc(cap);
  tfcc_status s;
  /* Back to the cache: the next run needs the same blocks (the arena). */
  for (i = 0; i < run->num_blocks; ++i)
    tfcc_block_cache_put(run->cache, run->blocks[i], run->sizes[i]);
  tfcc_run_end(run);
  if (text == NULL)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT, "%s", msg);
  while (*msg != '\0' && len + 1 < cap) {
    if (msg[0] == '{' && msg[1] == '{') {
      text[len++] = '{';
      msg += 2;
    } else if (msg[0] == '{' && msg[1] >= '0' && msg[1] <= '9' && msg[2] == '}' &&
        msg[1] - '0' < run->num_values) {
      len += (size_t)snprintf(text + len, cap - len, "%lld",
                              (long long)run->values[msg[1] - '0']);
      msg += 3;
    } else {
      text[len++] = *msg++;
    }
  }
  text[len < cap ? len : cap - 1] = '\0';
  s = tfcc_status_make(run->code ? (tfcc_status_code)run->code
                                 : TFCC_INVALID_ARGUMENT,
                       "%s", text);
  free(text);
  return s;
}

static void track(tfcc_run_context *run, void *p, size_t size) {
  if (run->num_blocks == run->cap_blocks) {
    size_t cap = run->cap_blocks ? 2 * run->cap_blocks : 32;
    void **blocks = (void **)realloc(run->blocks, cap * sizeof(void *));
    size_t *sizes;
    /* Untracked, the block only leaks if this run then fails a check. */
    if (blocks == NULL)
      return;
    run->blocks = blocks;
    sizes = (size_t *)realloc(run->sizes, cap * sizeof(size_t));
    if (sizes == NULL)
      return;
    run->sizes = sizes;
    run->cap_blocks = cap;
  }
  run->sizes[run->num_blocks] = size;
  run->blocks[run->num_blocks++] = p;
}

TFCC_API void tfcc_rt_output_next(int64_t i) {
  tfcc_run_context *run = lock_run();
  if (run != NULL)
    run->next_output = i >= 0 && i < run->num_bound ? i + 1 : 0;
  unlock_run();
}

TFCC_API void tfcc_rt_arena_next(void) {
  tfcc_run_context *run = lock_run();
  if (run != NULL)
    run->next_is_arena = run->dynamic_arena != NULL;
  unlock_run();
}

/* The instance's dynamic arena, when the code announced this allocation as
 * that arena: grown (reallocated) when the run needs more than it holds.
 * The run does not own it. Only the first announced in a run takes it (the
 * entry's, allocated at its start): another public function the entry
 * calls gets a plain allocation, not the block the entry's buffers are in. */
static void *take_arena(tfcc_run_context *run, size_t size) {
  void *p = NULL;
  if (run == NULL || !run->next_is_arena)
    return NULL;
  run->next_is_arena = 0;
  if (run->arena_taken)
    return NULL;
  run->arena_taken = 1;
  if (*run->dynamic_arena_bytes >= size)
    return *run->dynamic_arena;
  if (posix_memalign(&p, TFCC_ALIGNMENT, size ? size : 1) != 0)
    return NULL;
  free(*run->dynamic_arena);
  *run->dynamic_arena = p;
  *run->dynamic_arena_bytes = size;
  return p;
}

/* The memory bound to the output the code announced, when this allocation
 * is that output's buffer and the memory suits how the code will use it;
 * the run does not own it. The code asks for an aligned allocation of the
 * buffer's size rounded up to the alignment (`aligned`), or for a plain
 * one of its size plus the alignment, which it then rounds the pointer up
 * to: either way the buffer starts at the bound memory when that is
 * aligned. */
static void *take_bound(tfcc_run_context *run, int aligned, size_t alignment,
                        size_t size) {
  size_t bytes;
  int64_t i;
  void *p;
  if (run == NULL || run->next_output == 0)
    return NULL;
  i = run->next_output - 1;
  run->next_output = 0;
  p = run->bound[i].data;
  bytes = run->bound[i].bytes;
  if (p == NULL || size < bytes)
    return NULL;
  if (!aligned)
    alignment = size - bytes;
  if (alignment > 1 &&
      ((alignment & (alignment - 1)) != 0 || (uintptr_t)p % alignment != 0))
    return NULL;
  if (size != bytes &&
      size != (aligned ? (bytes + alignment - 1) / alignment * alignment
                       : bytes + alignment))
    return NULL;
  return p;
}

/* Every block is TFCC_ALIGNMENT-aligned, so that a cached block serves an
 * aligned allocation (the arena of tfcc-plan-memory) as well as a plain
 * one. Blocks of a larger alignment are tracked with size 0: not cached. */
static void *allocate(int aligned, size_t alignment, size_t size) {
  tfcc_run_context *run = lock_run();
  size_t cached = alignment <= TFCC_ALIGNMENT ? (size ? size : 1) : 0;
  void *p = take_arena(run, size);
  if (p == NULL)
    p = take_bound(run, aligned, alignment, size);
  if (p != NULL) {
    unlock_run();
    return p;
  }
  p = run && cached ? take_cached(run->cache, cached) : NULL;
  if (alignment < TFCC_ALIGNMENT)
    alignment = TFCC_ALIGNMENT;
  if (p == NULL && posix_memalign(&p, alignment, size ? size : 1) != 0)
    p = NULL;
  if (p != NULL && run != NULL)
    track(run, p, cached);
  /* The code checks the pointer (tfcc-check-allocations): its failed
   * check is then an out-of-memory error, not a bad input. */
  if (p == NULL && run != NULL)
    run->code = TFCC_RESOURCE_EXHAUSTED;
  unlock_run();
  return p;
}

TFCC_API void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                  size_t size) {
  return allocate(1, alignment, size);
}

TFCC_API void *_mlir_memref_to_llvm_alloc(size_t size) {
  return allocate(0, TFCC_ALIGNMENT, size);
}

TFCC_API void _mlir_memref_to_llvm_free(void *p) {
  tfcc_run_context *run;
  size_t i;
  if (p == NULL)
    return;
  run = lock_run();
  /* The dynamic arena stays the instance's. */
  if (run != NULL && run->dynamic_arena != NULL && p == *run->dynamic_arena) {
    unlock_run();
    return;
  }
  /* Temporaries die young: search from the newest. */
  for (i = run ? run->num_blocks : 0; i-- > 0;) {
    if (run->blocks[i] == p) {
      size_t size = run->sizes[i];
      --run->num_blocks;
      run->blocks[i] = run->blocks[run->num_blocks];
      run->sizes[i] = run->sizes[run->num_blocks];
      tfcc_block_cache_put(run->cache, p, size);
      unlock_run();
      return;
    }
  }
  unlock_run();
  free(p);
}

TFCC_API void tfcc_rt_check_failed(const char *message, int64_t num_values,
                                   int64_t v0, int64_t v1, int64_t v2,
                                   int64_t v3) {
  tfcc_run_context *run = current_run;
  if (run == NULL) {
    /* Compiled code only runs inside tfcc_model_run. */
    fprintf(stderr, "tfcc: %s (outside a run)\n", message);
    abort();
  }
  run->message = message;
  run->num_values = (int)(num_values < TFCC_RT_MAX_CHECK_VALUES
                              ? num_values
                              : TFCC_RT_MAX_CHECK_VALUES);
  run->values[0] = v0;
  run->values[1] = v1;
  run->values[2] = v2;
  run->values[3] = v3;
  longjmp(run->unwind, 1);
}
