// The generated C++ class under misuse: moves (construct, assign, self)
// leave one owner of the model, so nothing is destroyed twice; a moved-from
// instance's calls fail with a message instead of touching the model.
#include "accumulate.h"

#include <cstdio>
#include <utility>

int main() {
  AccumulateModel a;
  float x[3] = {1, 2, 3};
  if (!a.ok() || !a.set_arg_x(x, {3}) || !a.run())
    return 1;
  AccumulateModel b(std::move(a));
  std::printf("moved-from run: %s, %s\n", a.run() ? "ok" : "fails",
              a.error_msg().c_str());
  AccumulateModel c;
  c = std::move(b);
  AccumulateModel &alias = c;
  c = std::move(alias);
  if (!c.set_arg_x(x, {3}) || !c.run())
    return 1;
  const float *y = c.result_y_data();
  std::printf("moved-to run: %g %g %g\n", y[0], y[1], y[2]);
  std::printf("moved-from set_arg_x: %s\n",
              b.set_arg_x(x, {3}) ? "ok" : b.error_msg().c_str());
  return 0;
}
