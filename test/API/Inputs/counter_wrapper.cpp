// The generated C++ class of the counter model: variable accessors, reset,
// save and restore.
#include "accumulate.h"

#include <cstdio>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  AccumulateModel m;
  float x[3] = {1, 2, 3};
  if (!m.set_arg_x(x, {3}) || !m.run() || !m.run())
    return 1;
  std::printf("total %g calls %lld\n", m.var_total()[0],
              (long long)*m.var_calls());
  if (!m.save(argv[1]) || !m.reset_variables())
    return 1;
  std::printf("reset %g\n", m.var_total()[0]);
  if (!m.restore(argv[1]))
    return 1;
  std::printf("restored %g\n", m.var_total()[0]);
  std::printf("restore missing: %d %s\n", m.restore("/nonexistent.tfck"),
              m.error_msg().c_str());
  return 0;
}
