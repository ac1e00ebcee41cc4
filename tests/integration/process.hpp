// Runs the real `supeval` binary as a child process and captures its exit
// status, standard output and standard error, for whole-program tests; or
// starts it in the background and reads its standard error as it runs.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
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

// The same as another user and group (the caller must be root).
struct UserIdentity {
  unsigned user = 0;
  unsigned group = 0;
};
ProcessResult RunSupevalAs(const UserIdentity& identity, const std::vector<std::string>& arguments);

// A `supeval` running in the background (standard output discarded, unless
// `capture_output`), whose standard error is read line by line; killed when
// it goes unwaited.
class RunningSupeval {
 public:
  explicit RunningSupeval(const std::vector<std::string>& arguments, bool capture_output = false);
  RunningSupeval(const RunningSupeval&) = delete;
  RunningSupeval& operator=(const RunningSupeval&) = delete;
  ~RunningSupeval();

  // The next line of standard error, or false at its end.
  bool ReadLine(std::string& line);
  // Reads standard error up to a line containing `text`; false when it ends
  // first. `line` is the last line read.
  bool ReadUntil(std::string_view text, std::string& line);
  // The next line of standard output (capture_output only), or false at its end.
  bool ReadOutputLine(std::string& line);
  // Sends `signal` (SIGTERM, SIGINT) to the process.
  void Signal(int signal);
  void Kill();
  // The exit status (128 + signal when killed).
  int Wait();
  // Wait, but a process still running after `bound` is killed (a hung
  // process fails its test rather than blocking the whole run).
  int WaitAtMost(std::chrono::seconds bound);

 private:
  int pid_ = -1;
  std::FILE* err_ = nullptr;
  std::FILE* out_ = nullptr;
  bool waited_ = false;
};

// The standard output of a shell command line (test setup: openssl, curl).
std::string Shell(const std::string& command);

// A fresh empty directory under the system's temporary folder.
std::string MakeTempDir();

}  // namespace supeval::testing
