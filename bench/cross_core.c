/* How fast a core takes over memory that another core just wrote, against
 * memory it wrote itself: what a parallel loop pays when it reads (or
 * overwrites) what a loop before it left in the other core's cache. On a
 * machine whose two cores share a last-level cache the two are close; on
 * cores of different dies the first is a fraction of the second. Built and
 * run by bench/models.py:
 *
 *   clang-22 -O2 bench/cross_core.c -o cross_core -lpthread && ./cross_core
 *
 * Pins two threads to the first two CPUs the process may use. Prints
 * "cpus <a> <b> cross <GB/s> own <GB/s>": the GB/s of a 4 MiB overwrite on
 * CPU b after CPU a wrote the buffer, and on CPU a after it did (best of
 * 20 rounds each). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BYTES = 4 << 20, ROUNDS = 20 };

static float *buf;
static volatile int turn; /* 1: the other thread's overwrite is due */
static double cross_best;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* Seconds to overwrite the buffer (each element from its old value, so the
 * lines are read and written). */
static double overwrite(float v) {
  size_t i, n = BYTES / sizeof(float);
  double t = now();
  for (i = 0; i < n; ++i)
    buf[i] = buf[i] * 0.5f + v;
  return now() - t;
}

static void *other(void *arg) {
  int r;
  pin(*(int *)arg);
  for (r = 0; r < ROUNDS; ++r) {
    double s;
    while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != 1)
      ;
    s = overwrite((float)r);
    if (cross_best == 0 || s < cross_best)
      cross_best = s;
    __atomic_store_n(&turn, 0, __ATOMIC_RELEASE);
  }
  return NULL;
}

int main(void) {
  cpu_set_t set;
  int cpus[2], found = 0, cpu, r;
  double own_best = 0;
  pthread_t thread;
  if (sched_getaffinity(0, sizeof set, &set) != 0)
    return 1;
  for (cpu = 0; cpu < CPU_SETSIZE && found < 2; ++cpu)
    if (CPU_ISSET(cpu, &set))
      cpus[found++] = cpu;
  if (found < 2) {
    printf("cpus %d: one CPU only\n", found ? cpus[0] : -1);
    return 0;
  }
  buf = aligned_alloc(64, BYTES);
  memset(buf, 0, BYTES);
  pin(cpus[0]);
  pthread_create(&thread, NULL, other, &cpus[1]);
  for (r = 0; r < ROUNDS; ++r) {
    overwrite((float)r);
    __atomic_store_n(&turn, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != 0)
      ;
  }
  pthread_join(thread, NULL);
  for (r = 0; r < ROUNDS; ++r) {
    double s;
    overwrite((float)r);
    s = overwrite((float)r);
    if (own_best == 0 || s < own_best)
      own_best = s;
  }
  printf("cpus %d %d cross %.1f own %.1f\n", cpus[0], cpus[1],
         BYTES / cross_best / 1e9, BYTES / own_best / 1e9);
  return 0;
}
