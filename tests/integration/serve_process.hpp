// `supeval serve` as a process of a whole-program test: started on a free
// loopback port (read from its "serving on" line), asked over HTTP, stopped
// with SIGTERM. Thread-compatible: one per test.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "process.hpp"
#include "supeval/server/test_client.hpp"

namespace supeval::testing {

inline constexpr std::string_view kServingOn = "supeval: serving on ";

// `supeval users add name --role role [--supplier supplier]` with `password`
// given on standard input (through a file in `scratch`).
inline ProcessResult RunUsersAdd(const std::string& db, const std::string& scratch, const std::string& name,
                                 const std::string& role, const std::string& supplier, std::string_view password) {
  const std::string input = scratch + "/password-" + name;
  std::ofstream(input, std::ios::trunc) << password << '\n';
  std::vector<std::string> arguments = {"users", "add", name, "--role", role, "--password-stdin", "--db", db};
  if (!supplier.empty()) arguments.insert(arguments.end(), {"--supplier", supplier});
  return RunSupeval(arguments, [&] { dup2(open(input.c_str(), O_RDONLY), STDIN_FILENO); });
}

// The same, failing the test when the command fails.
inline void AddUser(const std::string& db, const std::string& scratch, const std::string& name, const std::string& role,
                    const std::string& supplier, std::string_view password) {
  const ProcessResult added = RunUsersAdd(db, scratch, name, role, supplier, password);
  ASSERT_EQ(added.exit_status, 0) << added.err;
}

// A `supeval serve` on a free loopback port.
class Serve {
 public:
  explicit Serve(const std::string& db, std::vector<std::string> options = {}, std::string listen = "127.0.0.1:0") {
    std::vector<std::string> arguments = {"serve", "--db", db, "--listen", listen};
    arguments.insert(arguments.end(), options.begin(), options.end());
    if (std::find(options.begin(), options.end(), "--threads") == options.end()) {
      arguments.insert(arguments.end(), {"--threads", "2"});
    }
    process_.emplace(arguments, true);
    std::string line;
    if (!process_->ReadOutputLine(line) || !line.starts_with(kServingOn)) {
      process_->Kill();
      ADD_FAILURE() << "serve did not start: " << line << RestOfLog();
      return;
    }
    port_ = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] bool started() const { return port_ != 0; }
  // The metrics listener's port, from the line after the serving one.
  std::uint16_t metrics_port() {
    std::string line;
    if (!process_->ReadOutputLine(line) || line.find("supeval: metrics on http://") != 0) return 0;
    return static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  }
  std::optional<server::testing::Response> Get(std::string_view target, std::string_view headers = {}) {
    server::testing::TestClient client(port_);
    return client.Request("GET", target, headers);
  }
  // SIGTERM; the exit status once it has stopped (SIGKILL's, 137, when it
  // has not stopped well after the 10 s it may take for requests in flight).
  int Terminate() {
    process_->Signal(SIGTERM);
    constexpr std::chrono::seconds kStopBound{60};
    return process_->WaitAtMost(kStopBound);
  }
  // Standard error to its end (the request log): after Terminate.
  std::string RestOfLog() {
    std::string log;
    for (std::string line; process_->ReadLine(line);) log += line;
    return log;
  }

 private:
  std::optional<RunningSupeval> process_;
  std::uint16_t port_ = 0;
};

}  // namespace supeval::testing
