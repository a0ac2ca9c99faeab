/*
 * Trains the MLP of mlp_adam.py from C alone, through the library tfcc
 * compiled from its training step:
 *
 *   PYTHONPATH=python /usr/bin/python3 examples/training/mlp_adam.py --export out
 *   build/bin/tfcc out/mlp.tfg --entry train_step -o out/libtrain.a
 *   cc examples/training/train_mlp.c -Iout out/libtrain.a -lm -o train_mlp
 *   ./train_mlp out/digits.bin [steps] [checkpoint]
 *
 * One run of the model is one Adam step on a batch of 100; the weights and
 * Adam's moments are variables that live in the model instance between runs.
 * Test accuracy is computed here from the trained weights. With a checkpoint
 * path, training starts from it when it exists and saves to it at the end.
 */
#include "train_step.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROWS = 1797, PIXELS = 64, CLASSES = 10, TRAIN = 1500, BATCH = 100 };

static int check(tfcc_status s, const char *what) {
  if (!s)
    return 1;
  fprintf(stderr, "%s: %s\n", what, tfcc_status_message(s));
  tfcc_status_free(s);
  return 0;
}

/* A variable's storage by name, checking its element count. */
static float *variable(tfcc_model *m, const char *name, int64_t count) {
  int64_t i, rank, n = 1;
  const int64_t *dims;
  void *data;
  if (!check(tfcc_model_variable_index(m, name, &i), name) ||
      !check(tfcc_model_variable_info(m, i, NULL, NULL, &rank, &dims), name) ||
      !check(tfcc_model_variable_data(m, i, &data), name))
    return NULL;
  for (int64_t d = 0; d < rank; ++d)
    n *= dims[d];
  if (n != count) {
    fprintf(stderr, "variable %s: expected %lld elements, got %lld\n", name,
            (long long)count, (long long)n);
    return NULL;
  }
  return data;
}

/* Accuracy of relu(x W1 + b1) W2 + b2 on rows [TRAIN, ROWS). */
static double accuracy(const float *data, const float *w1, const float *b1,
                       const float *w2, const float *b2, int64_t hidden) {
  float *h = malloc(sizeof(float) * hidden);
  int correct = 0;
  for (int r = TRAIN; r < ROWS; ++r) {
    const float *x = data + r * (PIXELS + CLASSES), *y = x + PIXELS;
    for (int64_t j = 0; j < hidden; ++j) {
      float s = b1[j];
      for (int k = 0; k < PIXELS; ++k)
        s += x[k] * w1[k * hidden + j];
      h[j] = s > 0 ? s : 0;
    }
    int best = 0, label = 0;
    float best_logit = 0;
    for (int c = 0; c < CLASSES; ++c) {
      float s = b2[c];
      for (int64_t j = 0; j < hidden; ++j)
        s += h[j] * w2[j * CLASSES + c];
      if (c == 0 || s > best_logit)
        best = c, best_logit = s;
      if (y[c] > 0.5f)
        label = c;
    }
    correct += best == label;
  }
  free(h);
  return (double)correct / (ROWS - TRAIN);
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: %s digits.bin [steps] [checkpoint]\n", argv[0]);
    return 2;
  }
  int steps = argc > 2 ? atoi(argv[2]) : 1000;
  const char *checkpoint = argc > 3 ? argv[3] : NULL;

  static float data[ROWS * (PIXELS + CLASSES)];
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(data, sizeof data, 1, f) != 1) {
    fprintf(stderr, "%s: cannot read %d rows of digits\n", argv[1], ROWS);
    return 1;
  }
  fclose(f);

  tfcc_model *m = NULL;
  if (!check(train_step_create(&m), "train_step_create"))
    return 1;
  FILE *existing = checkpoint ? fopen(checkpoint, "rb") : NULL;
  if (existing) {
    fclose(existing);
    if (!check(tfcc_model_restore_checkpoint(m, checkpoint), checkpoint))
      return 1;
    printf("restored %s\n", checkpoint);
  }

  int64_t x_index, y_index, loss_index;
  const int64_t x_dims[2] = {BATCH, PIXELS}, y_dims[2] = {BATCH, CLASSES};
  void *x_data, *y_data;
  if (!check(tfcc_model_input_index(m, "x", &x_index), "x") ||
      !check(tfcc_model_input_index(m, "y_", &y_index), "y_") ||
      !check(tfcc_model_output_index(m, "loss", &loss_index), "loss") ||
      !check(tfcc_model_alloc_input(m, x_index, 2, x_dims, &x_data), "x") ||
      !check(tfcc_model_alloc_input(m, y_index, 2, y_dims, &y_data), "y_"))
    return 1;

  /* Batches drawn with replacement by a fixed xorshift generator. */
  uint64_t state = 88172645463325252ull;
  for (int step = 0; step < steps; ++step) {
    float *x = x_data, *y = y_data;
    for (int b = 0; b < BATCH; ++b) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      const float *row = data + (state % TRAIN) * (PIXELS + CLASSES);
      memcpy(x + b * PIXELS, row, sizeof(float) * PIXELS);
      memcpy(y + b * CLASSES, row + PIXELS, sizeof(float) * CLASSES);
    }
    const void *loss;
    if (!check(tfcc_model_run(m), "run") ||
        !check(tfcc_model_output_data(m, loss_index, &loss), "loss"))
      return 1;
    if (step % 200 == 0 || step == steps - 1)
      printf("step %4d  loss %.4f\n", step, *(const float *)loss);
  }

  int64_t w1_index, rank;
  const int64_t *w1_dims;
  if (!check(tfcc_model_variable_index(m, "W1", &w1_index), "W1") ||
      !check(tfcc_model_variable_info(m, w1_index, NULL, NULL, &rank,
                                      &w1_dims),
             "W1"))
    return 1;
  int64_t hidden = w1_dims[1];
  const float *w1 = variable(m, "W1", PIXELS * hidden),
              *b1 = variable(m, "b1", hidden),
              *w2 = variable(m, "W2", hidden * CLASSES),
              *b2 = variable(m, "b2", CLASSES);
  if (!w1 || !b1 || !w2 || !b2)
    return 1;
  printf("test accuracy %.4f\n", accuracy(data, w1, b1, w2, b2, hidden));

  if (checkpoint) {
    if (!check(tfcc_model_save_checkpoint(m, checkpoint), checkpoint))
      return 1;
    printf("saved %s\n", checkpoint);
  }
  tfcc_model_destroy(m);
  return 0;
}
