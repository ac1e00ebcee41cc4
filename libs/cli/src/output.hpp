// How every subcommand ends: an error reported on the error stream with the
// exit status it maps to (2 bad input, 1 internal), or a result written to
// standard output or, atomically, to --output.
#pragma once

#include <ostream>
#include <string>

#include "supeval/core/result.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::cli {

// Prints "supeval: <error>" and returns the exit status for it.
int Report(const core::Error& error, std::ostream& err);

// Writes `text` to `output` atomically (standard output when empty); returns
// the exit status.
int Emit(const std::string& text, const std::string& output, std::ostream& out, std::ostream& err);

// Prints why the system refused a thread and what to do; returns exit status
// 2 (the environment's limit, not a fault of supeval).
int ReportThreadRefused(const core::ThreadRefused& refusal, std::ostream& err);

}  // namespace supeval::cli
