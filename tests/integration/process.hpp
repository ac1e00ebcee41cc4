// Runs the real `supeval` binary as a child process and captures its exit
// status, standard output and standard error, for whole-program tests.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace supeval::testing {

struct ProcessResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};

// Runs SUPEVAL_BINARY with `arguments` (no shell involved). `in_child`, when
// given, runs in the child just before exec: to set a resource limit or
// point a stream elsewhere (then that stream's text is not captured).
ProcessResult RunSupeval(const std::vector<std::string>& arguments, const std::function<void()>& in_child = {});

// A fresh empty directory under the system's temporary folder.
std::string MakeTempDir();

}  // namespace supeval::testing
