// The command line's `users` subcommands (API.md, "Command line"): add,
// passwd, disable, enable, logout, reset-totp, list — the administration of
// the server's accounts straight in the database, as the operating-system
// user (recorded in the audit log, with no address).
// Thread-compatible: one command line at a time.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

namespace supeval::cli {

class UsersCommands {
 public:
  explicit UsersCommands(CLI::App& app);
  UsersCommands(const UsersCommands&) = delete;
  UsersCommands& operator=(const UsersCommands&) = delete;
  ~UsersCommands();

  // The exit status when one of these subcommands was parsed, else nothing.
  // Passwords are read from `in`: prompted for twice without echo when it
  // is a terminal and --password-stdin is not given, else its first line.
  std::optional<int> Run(std::istream& in, std::ostream& out, std::ostream& err);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::cli
