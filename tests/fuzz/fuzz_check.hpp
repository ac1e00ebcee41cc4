// What the fuzz targets assert beyond "no crash, no sanitizer report": a
// property of the code under test that must hold for every input. A failed
// check prints what broke and aborts, which libFuzzer records as a crash and
// the replay driver as a failed test, with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>

// Aborts with `what` (a literal) when `condition` is false; in every build
// type (unlike assert, which NDEBUG would remove).
#define SUPEVAL_FUZZ_CHECK(condition, what)                                                              \
  do {                                                                                                   \
    if (!(condition)) {                                                                                  \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s (%s)\n", __FILE__, __LINE__, what, #condition); \
      std::abort();                                                                                      \
    }                                                                                                    \
  } while (false)
