// The `evaluate` command line of a golden data set (tests/data/*): its
// period file and, when it has one, its rules.toml; shared by the tests that
// evaluate a set from its folder or from another form of its data.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "text_files.hpp"

namespace supeval::testing {

// Evaluates the data at `data` (the set's folder unless given: a copy, a
// workbook) for the period of the set at `set`, as CSV.
inline std::vector<std::string> EvaluateArguments(const std::filesystem::path& set,
                                                  const std::filesystem::path& data = {}) {
  std::vector<std::string> arguments = {
      "evaluate", "--data", (data.empty() ? set : data).string(), "--period", Trimmed(ReadText(set / "period")),
      "--format", "csv"};
  if (std::filesystem::exists(set / "rules.toml")) {
    arguments.push_back("--rules");
    arguments.push_back((set / "rules.toml").string());
  }
  return arguments;
}

}  // namespace supeval::testing
