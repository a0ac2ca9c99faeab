/* The thread pool behind the parallel loops of compiled code.
 *
 * tfcc-outline-loop-nests turns the outermost parallel loop of a large loop
 * nest into a call of tfcc_rt_parallel_for with a task that runs a range of
 * its iterations. One pool per copy of the runtime serves every model
 * instance in the process: a call posts a job cut into one block of
 * iterations per thread, the calling thread and the workers run the blocks,
 * and the call returns when every block has finished. The caller runs the
 * blocks no worker has taken once its own is done, so a job ends even when
 * every worker is busy with other jobs (concurrent runs share the workers)
 * or there are no workers at all (a forked child). A call on a worker (a
 * model run inside a parallel loop) runs serially.
 *
 * Workers spin a short while for the next job before they sleep: a model's
 * loops follow each other within microseconds, and waking a sleeping thread
 * takes tens of them. Counters read while spinning are accessed with the
 * __atomic builtins (the runtime is C99, without <stdatomic.h>). */
/* sched_getaffinity, CPU_COUNT */
#define _GNU_SOURCE

#include "internal.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Below this estimated cost (tfcc-outline-loop-nests' units, about an
 * instruction each) a loop runs on the calling thread, and each thread's
 * share is at least MIN_SHARE_COST: handing out a job costs microseconds,
 * and a core reading what another core just wrote pulls it from that
 * core's cache, at a third of the speed of reading one's own (a loop of
 * 25 us took 80 split in two). A loop left serial between two
 * split ones pays the same, so the bound is not higher: with ResNet-18 on
 * two cores, 15000 ran 2-10% faster than 40000 and than 4000. */
#define MIN_PARALLEL_COST 15000
#define MIN_SHARE_COST 7500
/* How long idle workers and waiting callers spin before they sleep. */
#define SPIN_NS 500000L

/* A loop split into `parts` equal blocks of consecutive iterations. Block
 * 0 is the caller's and block w + 1 worker w's, for every loop: a loop
 * that reads what the loop before it wrote, split the same way (the rows
 * of an image, the tiles of a Winograd transform), finds most of it in its
 * own core's cache. A block whose worker has not taken it when the caller
 * is done with its own (the worker is asleep or busy with another run's
 * job) is run by the caller. */
typedef struct job {
  tfcc_rt_task task;
  void *ctx;
  int64_t begin, n;
  int parts;
  unsigned char taken[TFCC_MAX_THREADS];
  unsigned unfinished; /* blocks not yet finished */
  tfcc_run_context *run;
  int failed;
  tfcc_run_context failure; /* the first failed check's message */
  struct job *next_job;
} job;

static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake; /* a job was posted */
  pthread_cond_t done; /* a job's last block finished */
  job *jobs;
  unsigned posted; /* jobs posted so far, read by spinning workers */
  int num_workers, shutdown;
  pthread_t workers[TFCC_MAX_THREADS];
} pool = {PTHREAD_MUTEX_INITIALIZER,
          PTHREAD_COND_INITIALIZER,
          PTHREAD_COND_INITIALIZER,
          NULL,
          0,
          0,
          0,
          {0}};

static __thread int on_worker;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Spins while (*p == v) == equal, for at most SPIN_NS. */
static void spin_while(const unsigned *p, unsigned v, int equal) {
  int64_t start = now_ns();
  unsigned i;
  for (i = 1; (__atomic_load_n(p, __ATOMIC_ACQUIRE) == v) == equal; ++i) {
    cpu_relax();
    if (i % 256 == 0 && now_ns() - start > SPIN_NS)
      return;
  }
}

/* Takes block b of j; 0 when another thread has. */
static int take(job *j, int b) {
  unsigned char expected = 0;
  return __atomic_compare_exchange_n(&j->taken[b], &expected, 1, 0,
                                     __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

/* The first iteration of block b of j: the blocks differ by at most one
 * iteration, the first ones (the caller's among them, which starts first)
 * the larger. */
static int64_t block_begin(const job *j, int b) {
  int64_t rest = j->n % j->parts;
  return j->begin + (j->n / j->parts) * b + (b < rest ? b : rest);
}

/* Runs block b of j, taken by this thread, and accounts for it. */
static void run_block(job *j, int b) {
  int64_t begin = block_begin(j, b), end = block_begin(j, b + 1);
  tfcc_run_context failure;
  /* Once a block failed, the run is abandoned: the rest need not run. */
  int ok = __atomic_load_n(&j->failed, __ATOMIC_ACQUIRE) ||
           tfcc_run_chunk(j->run, j->task, j->ctx, begin, end, &failure);
  pthread_mutex_lock(&pool.lock);
  if (!ok && !j->failed) {
    j->failure = failure;
    __atomic_store_n(&j->failed, 1, __ATOMIC_RELEASE);
  }
  __atomic_store_n(&j->unfinished, j->unfinished - 1, __ATOMIC_RELEASE);
  if (j->unfinished == 0)
    pthread_cond_broadcast(&pool.done);
  pthread_mutex_unlock(&pool.lock);
}

/* With the pool locked: a job whose block for worker w is free, taken. */
static job *find_block(int w) {
  job *j;
  for (j = pool.jobs; j != NULL; j = j->next_job)
    if (w + 1 < j->parts && take(j, w + 1))
      return j;
  return NULL;
}

static void *worker_main(void *arg) {
  int w = (int)(intptr_t)arg;
  on_worker = 1;
  pthread_mutex_lock(&pool.lock);
  while (!pool.shutdown) {
    job *j = find_block(w);
    unsigned seen;
    if (j != NULL) {
      pthread_mutex_unlock(&pool.lock);
      run_block(j, w + 1);
      pthread_mutex_lock(&pool.lock);
      continue;
    }
    seen = pool.posted;
    pthread_mutex_unlock(&pool.lock);
    spin_while(&pool.posted, seen, 1);
    pthread_mutex_lock(&pool.lock);
    if (pool.posted == seen && !pool.shutdown)
      pthread_cond_wait(&pool.wake, &pool.lock);
  }
  pthread_mutex_unlock(&pool.lock);
  return NULL;
}

/* A forked child has none of the parent's workers. */
static void forget_workers(void) {
  pthread_mutex_init(&pool.lock, NULL);
  pthread_cond_init(&pool.wake, NULL);
  pthread_cond_init(&pool.done, NULL);
  pool.jobs = NULL;
  pool.num_workers = 0;
}

/* Workers outlive no copy of the runtime: a library unloaded (dlclose)
 * with its workers still waiting in its code would crash them. */
__attribute__((destructor)) static void stop_workers(void) {
  int i, n;
  pthread_mutex_lock(&pool.lock);
  pool.shutdown = 1;
  n = pool.num_workers;
  __atomic_store_n(&pool.posted, pool.posted + 1, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.lock);
  for (i = 0; i < n; ++i)
    pthread_join(pool.workers[i], NULL);
}

/* With the pool locked: starts workers until there are `n`, or as many as
 * the system gives. Workers take no signals: those go to the threads the
 * program made. */
static void grow_pool(int n) {
  static int registered;
  sigset_t all, old;
  if (!registered) {
    pthread_atfork(NULL, NULL, forget_workers);
    registered = 1;
  }
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  while (pool.num_workers < n &&
         pthread_create(&pool.workers[pool.num_workers], NULL, worker_main,
                        (void *)(intptr_t)pool.num_workers) == 0)
    ++pool.num_workers;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static int default_threads;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void init_default_threads(void) {
  const char *env = getenv("TFCC_NUM_THREADS");
  cpu_set_t set;
  long n = 0;
  if (env != NULL && *env != '\0') {
    char *end;
    n = strtol(env, &end, 10);
    if (*end != '\0' || n < 1 || n > TFCC_MAX_THREADS) {
      fprintf(stderr,
              "tfcc: ignoring TFCC_NUM_THREADS='%s': not a number from 1 to "
              "%d\n",
              env, TFCC_MAX_THREADS);
      n = 0;
    }
  }
  if (n == 0 && sched_getaffinity(0, sizeof(set), &set) == 0)
    n = CPU_COUNT(&set);
  if (n == 0)
    n = sysconf(_SC_NPROCESSORS_ONLN);
  default_threads = (int)(n < 1                  ? 1
                          : n > TFCC_MAX_THREADS ? TFCC_MAX_THREADS
                                                 : n);
}

int64_t tfcc_default_num_threads(void) {
  pthread_once(&default_once, init_default_threads);
  return default_threads;
}

TFCC_API void tfcc_rt_parallel_for(tfcc_rt_task task, void *ctx, int64_t begin,
                                   int64_t end, int64_t cost) {
  tfcc_run_context *run = tfcc_run_current();
  int64_t n = end - begin, total, parts;
  int b;
  job j;

  if (n <= 0)
    return;
  if (cost < 1)
    cost = 1;
  total = n > INT64_MAX / cost ? INT64_MAX : n * cost;
  parts = run != NULL && !on_worker && total >= MIN_PARALLEL_COST
              ? run->num_threads
              : 1;
  if (parts > n)
    parts = n;
  if (parts > total / MIN_SHARE_COST)
    parts = total / MIN_SHARE_COST;
  if (parts <= 1) {
    task(ctx, begin, end);
    return;
  }

  j.task = task;
  j.ctx = ctx;
  j.begin = begin;
  j.n = n;
  j.parts = (int)parts;
  memset(j.taken, 0, (size_t)parts);
  j.unfinished = (unsigned)parts;
  j.run = run;
  j.failed = 0;

  pthread_mutex_lock(&pool.lock);
  if (pool.num_workers < j.parts - 1)
    grow_pool(j.parts - 1);
  j.next_job = pool.jobs;
  pool.jobs = &j;
  __atomic_store_n(&pool.posted, pool.posted + 1, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.lock);

  for (b = 0; b < j.parts; ++b)
    if (take(&j, b))
      run_block(&j, b);

  spin_while(&j.unfinished, 0, 0);
  pthread_mutex_lock(&pool.lock);
  while (j.unfinished != 0)
    pthread_cond_wait(&pool.done, &pool.lock);
  {
    job **p = &pool.jobs;
    while (*p != &j)
      p = &(*p)->next_job;
    *p = j.next_job;
  }
  pthread_mutex_unlock(&pool.lock);
  if (j.failed)
    tfcc_run_fail(run, &j.failure);
}
