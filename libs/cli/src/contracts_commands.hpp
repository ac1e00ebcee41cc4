// The command line's `contracts` subcommands (CONTRACTS.md §2): `check`, the
// health check of the contract register, `settle`, the settlement lines of a
// period (with `--explain CONTRACT`, every step of one contract's settlement
// with the numbers put in), `settlements list|show`; and `escalations`, the
// ladder replayed up to a date (§9; a CSV folder for now).
// Thread-compatible: one command line at a time.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

namespace supeval::cli {

class ContractsCommands {
 public:
  explicit ContractsCommands(CLI::App& app);
  ContractsCommands(const ContractsCommands&) = delete;
  ContractsCommands& operator=(const ContractsCommands&) = delete;
  ~ContractsCommands();

  // The exit status when one of these subcommands was parsed, else nothing.
  std::optional<int> Run(std::ostream& out, std::ostream& err);

 private:
  void AddEscalations(CLI::App& app);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::cli
