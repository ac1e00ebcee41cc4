# The project's warning set as an INTERFACE target: every component links it,
# so the flags apply to our code only, never to third-party headers.
add_library(supeval_warnings INTERFACE)
target_compile_options(supeval_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  # g++ 12 reports -Wrestrict falsely on std::string concatenation at -O2/-O3
  # (GCC bug 105329); it would break optimised builds under -Werror.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${SUPEVAL_WERROR}>:-Werror>)
add_library(supeval::warnings ALIAS supeval_warnings)
