# Helper for the one-GoogleTest-executable-per-component rule: unit tests live
# beside the code (x_test.cpp) and are registered with gtest_discover_tests.
if(SUPEVAL_BUILD_TESTS)
  enable_testing()
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()

function(supeval_unit_tests name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;INCLUDES" ${ARGN})
  if(NOT SUPEVAL_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main supeval::warnings)
  target_include_directories(${name} PRIVATE ${ARG_INCLUDES})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
