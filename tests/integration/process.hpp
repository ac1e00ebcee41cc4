// Runs the real `supeval` binary as a child process and captures its exit
// status, standard output and standard error, for whole-program tests.
#pragma once

#include <string>
#include <vector>

namespace supeval::testing {

struct ProcessResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};

// Runs SUPEVAL_BINARY with `arguments` (no shell involved).
ProcessResult RunSupeval(const std::vector<std::string>& arguments);

// A fresh empty directory under the system's temporary folder.
std::string MakeTempDir();

}  // namespace supeval::testing
