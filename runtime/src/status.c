#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tfcc_status_s {
  tfcc_status_code code;
  const char *message; /* text stored right after the struct, one malloc */
};

/* Returned when a status cannot be allocated, so that an out-of-memory
 * condition is still reported rather than turning into "OK". */
static struct tfcc_status_s oom_status = {TFCC_RESOURCE_EXHAUSTED,
                                          "out of memory"};

#define OOM_STATUS (&oom_status)

const char *tfcc_runtime_version(void) { return "0.1.0"; }

tfcc_status tfcc_status_make(tfcc_status_code code, const char *fmt, ...) {
  va_list args;
  int len;
  tfcc_status s;
  char *text;

  if (code == TFCC_OK)
    return NULL;
  if (fmt == NULL)
    fmt = "";

  /* Measure first so messages of any length are kept whole. */
  va_start(args, fmt);
  len = vsnprintf(NULL, 0, fmt, args);
  va_end(args);
  if (len < 0)
    len = 0;

  s = (tfcc_status)malloc(sizeof(*s) + (size_t)len + 1);
  if (s == NULL)
    return OOM_STATUS;
  text = (char *)(s + 1);
  text[0] = '\0';
  if (len > 0) {
    va_start(args, fmt);
    vsnprintf(text, (size_t)len + 1, fmt, args);
    va_end(args);
  }
  s->code = code;
  s->message = text;
  return s;
}

tfcc_status_code tfcc_status_code_of(tfcc_status s) {
  return s == NULL ? TFCC_OK : s->code;
}

const char *tfcc_status_message(tfcc_status s) {
  return s == NULL ? "OK" : s->message;
}

const char *tfcc_status_code_name(tfcc_status_code c) {
  switch (c) {
  case TFCC_OK:
    return "OK";
  case TFCC_INVALID_ARGUMENT:
    return "INVALID_ARGUMENT";
  case TFCC_OUT_OF_RANGE:
    return "OUT_OF_RANGE";
  case TFCC_FAILED_PRECONDITION:
    return "FAILED_PRECONDITION";
  case TFCC_RESOURCE_EXHAUSTED:
    return "RESOURCE_EXHAUSTED";
  case TFCC_INTERNAL:
    return "INTERNAL";
  }
  return "UNKNOWN";
}

void tfcc_status_free(tfcc_status s) {
  if (s != NULL && s != OOM_STATUS)
    free(s);
}

tfcc_status tfcc_null_arg(const char *func, const char *param) {
  return tfcc_status_make(TFCC_INVALID_ARGUMENT, "%s: '%s' must not be NULL",
                          func, param);
}
