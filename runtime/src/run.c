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
 * owns (and frees with free()). */
/* posix_memalign */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The run in progress on this thread, if any: compiled code runs on the
 * thread that called tfcc_model_run. */
static __thread tfcc_run_context *current_run;

void tfcc_run_begin(tfcc_run_context *run) {
  memset(run, 0, sizeof(*run));
  run->outer = current_run;
  current_run = run;
}

void tfcc_run_end(tfcc_run_context *run) {
  current_run = run->outer;
  free(run->blocks);
  run->blocks = NULL;
  run->num_blocks = 0;
}

/* "{N}" in the message is value N; "{{" is a brace. */
tfcc_status tfcc_run_abandon(tfcc_run_context *run) {
  const char *msg = run->message ? run->message : "run-time check failed";
  size_t i, len = 0, cap = strlen(msg) + 1 + 24 * TFCC_RT_MAX_CHECK_VALUES;
  char *text = (char *)malloc(cap);
  tfcc_status s;
  for (i = 0; i < run->num_blocks; ++i)
    free(run->blocks[i]);
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
  s = tfcc_status_make(TFCC_INVALID_ARGUMENT, "%s", text);
  free(text);
  return s;
}

static void track(tfcc_run_context *run, void *p) {
  if (run->num_blocks == run->cap_blocks) {
    size_t cap = run->cap_blocks ? 2 * run->cap_blocks : 32;
    void **blocks = (void **)realloc(run->blocks, cap * sizeof(void *));
    /* Untracked, the block only leaks if this run then fails a check. */
    if (blocks == NULL)
      return;
    run->blocks = blocks;
    run->cap_blocks = cap;
  }
  run->blocks[run->num_blocks++] = p;
}

TFCC_API void *_mlir_memref_to_llvm_alloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (p != NULL && current_run != NULL)
    track(current_run, p);
  return p;
}

TFCC_API void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                  size_t size) {
  void *p = NULL;
  if (alignment < sizeof(void *))
    alignment = sizeof(void *);
  if (posix_memalign(&p, alignment, size ? size : 1) != 0)
    return NULL;
  if (current_run != NULL)
    track(current_run, p);
  return p;
}

TFCC_API void _mlir_memref_to_llvm_free(void *p) {
  tfcc_run_context *run = current_run;
  size_t i;
  if (p == NULL)
    return;
  /* Temporaries die young: search from the newest. */
  for (i = run ? run->num_blocks : 0; i-- > 0;) {
    if (run->blocks[i] == p) {
      run->blocks[i] = run->blocks[--run->num_blocks];
      break;
    }
  }
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
