// The command line's `report` subcommands (issue 24): `report letter`, the
// scorecard letters of a published run as PDF files, one per supplier
// (docs/letters.md).
// Thread-compatible: one command line at a time.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

namespace supeval::cli {

class ReportCommands {
 public:
  explicit ReportCommands(CLI::App& app);
  ReportCommands(const ReportCommands&) = delete;
  ReportCommands& operator=(const ReportCommands&) = delete;
  ~ReportCommands();

  // The exit status when one of these subcommands was parsed, else nothing.
  std::optional<int> Run(std::ostream& out, std::ostream& err);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::cli
