// `supeval serve` (API.md, "Command line", "Deployment and serving"): the
// options, the checks of their values (exit 2), and the server's run until
// SIGTERM or SIGINT (exit 0).
// Thread-compatible: one command line at a time.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

namespace supeval::cli {

class ServeCommand {
 public:
  explicit ServeCommand(CLI::App& app);
  ServeCommand(const ServeCommand&) = delete;
  ServeCommand& operator=(const ServeCommand&) = delete;
  ~ServeCommand();

  // The exit status when `serve` was parsed, else nothing.
  std::optional<int> Run(std::ostream& out, std::ostream& err);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::cli
