// Drives the MLP example through the generated C++ wrapper class.
#include "mlp.h"
#include "reference.h"

#include <cmath>
#include <cstdio>
#include <cstring>

int main() {
  MlpModel model;
  if (!model.ok()) {
    std::printf("create failed: %s\n", model.error_msg().c_str());
    return 1;
  }
  // Dynamic batch: size the argument first, then fill the model's buffer.
  float *x = model.set_arg_x_shape({MLP_BATCH, MLP_IN});
  if (!x)
    return 1;
  std::memcpy(x, mlp_input, sizeof(mlp_input));
  if (!model.run()) {
    std::printf("run failed: %s\n", model.error_msg().c_str());
    return 1;
  }
  std::vector<int64_t> shape = model.result_y_shape();
  std::printf("y shape %lld %lld\n", (long long)shape[0], (long long)shape[1]);
  const float *y = model.result_y_data();
  double maxErr = 0;
  for (int i = 0; i < MLP_BATCH * MLP_OUT; ++i)
    maxErr = std::fmax(maxErr, std::fabs(y[i] - mlp_reference[i]));
  std::printf("max abs error %s\n", maxErr <= 1e-5 ? "within 1e-5" : "TOO LARGE");

  // The result written into caller memory, then the model's own again.
  std::vector<float> first(y, y + MLP_BATCH * MLP_OUT);
  std::vector<float> into(MLP_BATCH * MLP_OUT, -1.0f);
  if (!model.set_result_y(into.data(), {MLP_BATCH, MLP_OUT}) || !model.run())
    return 1;
  std::printf("bound result %s\n",
              model.result_y_data() == into.data() && into == first
                  ? "matches"
                  : "DIFFERS");
  if (!model.set_result_y(nullptr, {}) || !model.run())
    return 1;
  std::printf("unbound result %s\n", model.result_y_data() != into.data()
                                         ? "is the model's"
                                         : "BOUND");

  // A wrong shape is an error, reported through error_msg().
  if (!model.set_arg_x_shape({MLP_BATCH, MLP_IN + 1}))
    std::printf("error: %s\n", model.error_msg().c_str());
  std::printf("kNumArgs=%d kNumResults=%d\n", MlpModel::kNumArgs,
              MlpModel::kNumResults);
  return 0;
}
