/*
 * Assertions shared by the runtime's unit test programs (runtime_tests.c,
 * state_tests.c). Each returns 1 from the enclosing case on failure, after
 * printing "FAIL at line N: ...".
 */
#ifndef TFCC_TEST_RUNTIME_TEST_ASSERT_H
#define TFCC_TEST_RUNTIME_TEST_ASSERT_H

#include <stdio.h>

#define FAIL(...)                                                              \
  do {                                                                         \
    printf("FAIL at line %d: ", __LINE__);                                     \
    printf(__VA_ARGS__);                                                       \
    printf("\n");                                                              \
    return 1;                                                                  \
  } while (0)

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      FAIL("%s", #cond);                                                       \
  } while (0)

#define CHECK_EQ_I(a, b)                                                       \
  do {                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                        \
    if (a_ != b_)                                                              \
      FAIL("%s == %s: %lld vs %lld", #a, #b, a_, b_);                          \
  } while (0)

#endif /* TFCC_TEST_RUNTIME_TEST_ASSERT_H */
