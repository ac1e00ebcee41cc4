// `--format xlsx` on the command line: a workbook is binary, so it goes to
// --output (atomically: written beside the target and renamed over it) or to
// standard output only when that is no terminal (a pipe or a redirection);
// to a terminal it is refused with exit status 2 before any work is done.
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>

#include "supeval/core/result.hpp"

namespace supeval::cli {

// The version the workbooks' identity sheet names.
[[nodiscard]] std::string SupevalVersion();

// With `--format xlsx` given to the parsed command and no --output: refuses
// (says why on `err`, returns 2) when standard output is a terminal; 0 otherwise.
int CheckBinaryOutput(const CLI::App& app, std::ostream& err);

// Writes the workbook's bytes (or reports why there are none).
int EmitXlsx(const core::Result<std::string>& bytes, const std::string& output, std::ostream& out, std::ostream& err);

}  // namespace supeval::cli
