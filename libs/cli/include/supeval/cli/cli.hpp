// The `supeval` command line: the subcommand table (evaluate, explain, rules,
// generate; import, runs, batches, holds for the database), argument parsing
// with CLI11, and the mapping of outcomes to exit statuses — 0 success, 2 bad
// input or usage, 1 internal error.
// Thread-compatible: one call at a time per set of streams.
#pragma once

#include <ostream>

namespace supeval::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

// Runs the command line `argv` (argv[0] is the program name), writing results
// to `out` and messages to `err`. Returns the exit status (a thread the system
// refuses: 2).
int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The program: Run on the process's standard output and error. Standard
// output is checked at the end: a write that failed (a full disk, a closed
// descriptor) is reported, exit status 2.
int Main(int argc, const char* const* argv);

}  // namespace supeval::cli
