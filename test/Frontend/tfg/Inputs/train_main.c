/* Runs the compiled `train_step` graph (W -= 0.25 * x^T (x W - y), loss =
 * sum(x W - y)) for 20 steps and compares losses and W with the same
 * algorithm in double precision. */
#include "train_step.h"

#include <math.h>
#include <stdio.h>

int main(void) {
  static const float x[4][2] = {{1, 2}, {0.5f, -1}, {-2, 0.25f}, {0, 1}};
  static const float y[4][1] = {{1}, {-0.5f}, {2}, {0.75f}};
  const int64_t xd[2] = {4, 2}, yd[2] = {4, 1};
  double w[2] = {0.5, -1.0}, worst = 0;
  tfcc_model *m;
  tfcc_status s;
  int step, i;
  void *wp;
  if ((s = train_step_create(&m)) != NULL ||
      (s = tfcc_model_bind_input(m, 0, x, 2, xd)) != NULL ||
      (s = tfcc_model_bind_input(m, 1, y, 2, yd)) != NULL) {
    printf("error: %s\n", tfcc_status_message(s));
    return 1;
  }
  for (step = 0; step < 20; ++step) {
    double err[4], loss = 0, g0 = 0, g1 = 0;
    const void *out;
    for (i = 0; i < 4; ++i) {
      err[i] = x[i][0] * w[0] + x[i][1] * w[1] - y[i][0];
      loss += err[i];
      g0 += x[i][0] * err[i];
      g1 += x[i][1] * err[i];
    }
    w[0] -= 0.25 * g0;
    w[1] -= 0.25 * g1;
    if ((s = tfcc_model_run(m)) != NULL ||
        (s = tfcc_model_output_data(m, 0, &out)) != NULL ||
        (s = tfcc_model_variable_data(m, 0, &wp)) != NULL) {
      printf("error: %s\n", tfcc_status_message(s));
      return 1;
    }
    worst = fmax(worst, fabs(*(const float *)out - loss));
    worst = fmax(worst, fabs(((float *)wp)[0] - w[0]));
    worst = fmax(worst, fabs(((float *)wp)[1] - w[1]));
  }
  printf("W %g %g\n", ((float *)wp)[0], ((float *)wp)[1]);
  printf("max abs difference from the reference %g (tolerance 1e-5): %s\n",
         worst, worst <= 1e-5 ? "PASS" : "FAIL");
  tfcc_model_destroy(m);
  return worst <= 1e-5 ? 0 : 1;
}
