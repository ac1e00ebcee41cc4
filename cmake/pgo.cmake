# Profile-guided optimisation (GCC): an optional second build of the same
# code, laid out for the branches a real evaluation takes. The row loop of a
# large deliveries file is a long chain of small, branchy steps; knowing which
# way each branch goes and which calls are hot is worth about a tenth of its
# time (bench/RESULTS.md). scripts/build-pgo.sh drives both steps:
#
#   SUPEVAL_PGO_GENERATE_DIR  instrument the build; runs write profiles there
#   SUPEVAL_PGO_USE_DIR       optimise with the profiles found there
#
# -fprofile-prefix-path names each profile by the object's path inside its
# build folder, so the training build and the optimised build may live in
# different folders. The options ride on supeval::warnings because every
# component links it: they reach exactly our code, never a library's.
set(SUPEVAL_PGO_GENERATE_DIR "" CACHE PATH "Instrument the build for profile-guided optimisation; profiles go here")
set(SUPEVAL_PGO_USE_DIR "" CACHE PATH "Optimise with the profiles of a training run found here")

if(SUPEVAL_PGO_GENERATE_DIR AND SUPEVAL_PGO_USE_DIR)
  message(FATAL_ERROR "SUPEVAL_PGO_GENERATE_DIR and SUPEVAL_PGO_USE_DIR exclude each other")
endif()
if((SUPEVAL_PGO_GENERATE_DIR OR SUPEVAL_PGO_USE_DIR) AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "profile-guided optimisation is set up for GCC only")
endif()

add_library(supeval_pgo INTERFACE)
if(SUPEVAL_PGO_GENERATE_DIR)
  # prefer-atomic: the evaluation's threads update the same counters.
  target_compile_options(supeval_pgo INTERFACE
    -fprofile-generate=${SUPEVAL_PGO_GENERATE_DIR} -fprofile-update=prefer-atomic
    -fprofile-prefix-path=${CMAKE_BINARY_DIR})
  target_link_options(supeval_pgo INTERFACE -fprofile-generate=${SUPEVAL_PGO_GENERATE_DIR})
elseif(SUPEVAL_PGO_USE_DIR)
  # partial-training: code the training run never reached (error paths, the
  # store's PostgreSQL side) is optimised as usual, not for size. A source
  # that changed since the training run is an error (-Wcoverage-mismatch),
  # so a stale profile cannot slip in.
  target_compile_options(supeval_pgo INTERFACE
    -fprofile-use=${SUPEVAL_PGO_USE_DIR} -fprofile-partial-training
    -fprofile-prefix-path=${CMAKE_BINARY_DIR} -Wno-missing-profile)
endif()
target_link_libraries(supeval_warnings INTERFACE supeval_pgo)
