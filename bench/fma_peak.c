/* The single-core FP32 FMA peak: 12 independent chains of vector FMAs (more
 * than latency x throughput on current x86 cores), zmm with AVX-512, else ymm.
 * Built and run by bench/gemm.py:
 *
 *   clang-22 -O2 -march=native bench/fma_peak.c -o fma_peak && ./fma_peak [S]
 *
 * Runs about S seconds (default 0.5) five times and prints the best:
 * "lanes <L> fmas <vector FMAs> seconds <s> gflops <2*L*fmas/s/1e9>". */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#define LANES 16
typedef __m512 vec;
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#elif defined(__AVX2__) && defined(__FMA__)
#define LANES 8
typedef __m256 vec;
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#else
#error "needs AVX2 with FMA or AVX-512 (build with -march=native)"
#endif

#define CHAINS 12
#define INNER 100000L

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Runs n * INNER iterations of CHAINS FMAs; returns a value that depends on
 * all of them, so that nothing is dropped. */
static float chains(long n, float seed) {
  vec a = SET1(1.0f + 1e-7f * seed), b = SET1(1e-7f);
  vec acc[CHAINS];
  for (int c = 0; c < CHAINS; ++c) acc[c] = SET1(seed + c);
  for (long i = 0; i < n * INNER; ++i) {
    /* Written out: each acc[c] is its own dependency chain. */
    acc[0] = FMA(acc[0], a, b);
    acc[1] = FMA(acc[1], a, b);
    acc[2] = FMA(acc[2], a, b);
    acc[3] = FMA(acc[3], a, b);
    acc[4] = FMA(acc[4], a, b);
    acc[5] = FMA(acc[5], a, b);
    acc[6] = FMA(acc[6], a, b);
    acc[7] = FMA(acc[7], a, b);
    acc[8] = FMA(acc[8], a, b);
    acc[9] = FMA(acc[9], a, b);
    acc[10] = FMA(acc[10], a, b);
    acc[11] = FMA(acc[11], a, b);
  }
  vec sum = acc[0];
  for (int c = 1; c < CHAINS; ++c) sum = ADD(sum, acc[c]);
  float out[LANES];
  STORE(out, sum);
  float s = 0;
  for (int l = 0; l < LANES; ++l) s += out[l];
  return s;
}

int main(int argc, char **argv) {
  double target = argc > 1 ? atof(argv[1]) : 0.5;
  float seed = (float)argc; /* not a compile-time constant */
  /* Calibrate: how many blocks of INNER iterations take `target` seconds. */
  long n = 1;
  for (;;) {
    double t = now();
    volatile float sink = chains(n, seed);
    (void)sink;
    t = now() - t;
    if (t > target / 4 || n > (1L << 30)) {
      n = (long)(n * target / (t > 0 ? t : 1e-9)) + 1;
      break;
    }
    n *= 4;
  }
  double best = 1e30;
  for (int trial = 0; trial < 5; ++trial) {
    double t = now();
    volatile float sink = chains(n, seed);
    (void)sink;
    t = now() - t;
    if (t < best) best = t;
  }
  double fmas = (double)n * INNER * CHAINS;
  printf("lanes %d fmas %.0f seconds %.6f gflops %.3f\n", LANES, fmas, best,
         2.0 * LANES * fmas / best / 1e9);
  return 0;
}
