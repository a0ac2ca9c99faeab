/* Checkpoints under faults: a saving process killed at random points, and a
 * disk that fills up mid-save.
 *
 *   tfcc-runtime-fault-tests ckpt_kill DIR [KILLS]
 *   tfcc-runtime-fault-tests ckpt_full_disk DIR
 *
 * ckpt_kill: a child saves checkpoints in a loop, each a 1 MiB tensor whose
 * every element is the save's number; the parent kills it with SIGKILL
 * after a random delay (so the kill lands anywhere: in the write, between
 * the write and the fsync, between the fsync and the rename, between saves)
 * and restores the file. It must always be a complete checkpoint, the one
 * restored last time or a newer one, with every element bit-exact.
 *
 * ckpt_full_disk: a save under an RLIMIT_FSIZE too small for it fails with
 * an error status, and the checkpoint saved before is intact. */
#define _POSIX_C_SOURCE 200809L

#include "tfcc/runtime.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ELEMENTS (256 * 1024)

static tfcc_tensor *tensor;
static const char *names[1] = {"weights"};

/* Saves a checkpoint whose every element is `value`. */
static tfcc_status save(const char *path, float value) {
  void *data;
  int64_t i;
  const tfcc_tensor *tensors[1];
  tfcc_status s = tfcc_tensor_data(tensor, &data);
  if (s != NULL)
    return s;
  for (i = 0; i < ELEMENTS; ++i)
    ((float *)data)[i] = value;
  tensors[0] = tensor;
  return tfcc_checkpoint_save(path, 1, names, tensors);
}

/* The value of a restored checkpoint, or -1 with a message when it is not
 * one complete, consistent save. */
static float restore(const char *path) {
  tfcc_checkpoint *c = NULL;
  const tfcc_tensor *t;
  const char *name;
  const void *data;
  void *d;
  int64_t n, count, i;
  float value;
  tfcc_status s = tfcc_checkpoint_load(path, &c);
  if (s == NULL)
    s = tfcc_checkpoint_num_entries(c, &n);
  if (s == NULL && n != 1)
    s = tfcc_status_make(TFCC_INTERNAL, "%lld entries", (long long)n);
  if (s == NULL)
    s = tfcc_checkpoint_entry(c, 0, &name, &t);
  if (s == NULL)
    s = tfcc_tensor_num_elements(t, &count);
  if (s == NULL && (strcmp(name, "weights") != 0 || count != ELEMENTS))
    s = tfcc_status_make(TFCC_INTERNAL, "entry '%s' of %lld elements", name,
                         (long long)count);
  if (s == NULL)
    s = tfcc_tensor_data(t, &d);
  if (s != NULL) {
    printf("error: %s\n", tfcc_status_message(s));
    tfcc_status_free(s);
    tfcc_checkpoint_free(c);
    return -1;
  }
  data = d;
  value = ((const float *)data)[0];
  for (i = 1; i < ELEMENTS; ++i)
    if (memcmp(&((const float *)data)[i], &value, sizeof(float)) != 0) {
      printf("error: torn checkpoint: element %lld is %g, element 0 %g\n",
             (long long)i, ((const float *)data)[i], value);
      value = -1;
      break;
    }
  tfcc_checkpoint_free(c);
  return value;
}

/* Temporary files of killed saves left next to the checkpoint. */
static int leftovers(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (d == NULL)
    return 0;
  while ((e = readdir(d)) != NULL)
    n += strstr(e->d_name, ".tmp-") != NULL;
  closedir(d);
  return n;
}

static int test_kill(const char *dir, int kills) {
  char path[4096];
  float last = 0;
  int k, newer = 0, mid_save = 0;
  unsigned seed = (unsigned)time(NULL);
  struct timespec t0, t1;
  long save_us;
  snprintf(path, sizeof(path), "%s/kill.tfck", dir);
  /* A save's time on this disk (the fsyncs dominate), from four. */
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (k = 0; k < 4; ++k)
    if (save(path, 0) != NULL) {
      printf("error: a save failed\n");
      return 1;
    }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  save_us =
      ((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000) /
          4 +
      1;
  printf("seed %u, a save takes %ld us\n", seed, save_us);
  srand(seed);
  for (k = 0; k < kills; ++k) {
    float value;
    int before = leftovers(dir), status;
    pid_t child = fork();
    if (child < 0) {
      perror("fork");
      return 1;
    }
    if (child == 0) {
      /* Saves last + 1, last + 2, ... until killed. */
      float next = last + 1;
      for (;; next += 1)
        if (save(path, next) != NULL)
          _exit(3);
    }
    /* Up to three saves' time after the fork: a kill may land before the
     * first save began, in any phase of one, or between two. */
    {
      long us = rand() % (3 * save_us);
      struct timespec delay = {us / 1000000, (us % 1000000) * 1000};
      nanosleep(&delay, NULL);
    }
    kill(child, SIGKILL);
    if (waitpid(child, &status, 0) != child || !WIFSIGNALED(status)) {
      printf("error: the saving process ended by itself (%d)\n", status);
      return 1;
    }
    mid_save += leftovers(dir) > before;
    value = restore(path);
    if (value < 0)
      return 1;
    if (value < last) {
      printf("error: kill %d: restored save %g, older than save %g\n", k, value,
             last);
      return 1;
    }
    newer += value > last;
    last = value;
  }
  printf("%d kills: every restore a complete checkpoint, bit-exact; %d saw a "
         "newer save; %d killed mid-save (a temporary file left)\n",
         kills, newer, mid_save);
  /* The next save removes what the killed ones left. */
  if (save(path, last + 1) != NULL || restore(path) != last + 1)
    return 1;
  printf("after one more save: %d temporary files left\n", leftovers(dir));
  return leftovers(dir) != 0;
}

static int test_full_disk(const char *dir) {
  char path[4096];
  struct rlimit limit;
  tfcc_status s;
  float value;
  snprintf(path, sizeof(path), "%s/full.tfck", dir);
  if (save(path, 7) != NULL)
    return 1;
  /* Writes past 64 KiB fail with EFBIG (SIGXFSZ ignored), as on a full
   * disk they would with ENOSPC. */
  signal(SIGXFSZ, SIG_IGN);
  limit.rlim_cur = limit.rlim_max = 64 * 1024;
  if (setrlimit(RLIMIT_FSIZE, &limit) != 0) {
    perror("setrlimit");
    return 1;
  }
  s = save(path, 8);
  if (s == NULL) {
    printf("error: the save succeeded\n");
    return 1;
  }
  printf("%s: %s\n", tfcc_status_code_name(tfcc_status_code_of(s)),
         tfcc_status_message(s));
  tfcc_status_free(s);
  value = restore(path);
  printf("after the failed save: save %g restored, bit-exact; %d temporary "
         "files left\n",
         value, leftovers(dir));
  return value == 7 ? 0 : 1;
}

int main(int argc, char **argv) {
  int64_t dims[1] = {ELEMENTS};
  int result;
  tfcc_status s;
  if (argc < 3) {
    fprintf(stderr, "usage: %s ckpt_kill|ckpt_full_disk DIR [KILLS]\n",
            argv[0]);
    return 2;
  }
  if ((s = tfcc_tensor_create(TFCC_F32, 1, dims, &tensor)) != NULL) {
    printf("error: %s\n", tfcc_status_message(s));
    return 1;
  }
  if (strcmp(argv[1], "ckpt_kill") == 0)
    result = test_kill(argv[2], argc > 3 ? atoi(argv[3]) : 200);
  else if (strcmp(argv[1], "ckpt_full_disk") == 0)
    result = test_full_disk(argv[2]);
  else
    result = 2;
  tfcc_tensor_destroy(tensor);
  printf("%s %s\n", result ? "FAIL" : "PASS", argv[1]);
  return result;
}
