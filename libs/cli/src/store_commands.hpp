// The command line's database side: `import`, `runs`, `batches`, `holds`, and
// the --db / --publish / --as-of options of `evaluate` and `explain`, which
// cli.cpp registers and hands over here when --db is given.
// Thread-compatible: one command line at a time.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace supeval::cli {

// The current time, RFC 3339 UTC to the second (when a batch or a
// publication is made).
[[nodiscard]] std::string NowUtc();

// --db and what only an evaluation from the database takes.
struct StoreSourceArgs {
  std::string db;          // empty: not from the database
  bool publish = false;    // evaluate only
  std::int64_t as_of = 0;  // a run id; 0: none
  std::string user;        // who publishes; default: the OS user
};

// What evaluate and explain share, filled in by cli.cpp.
struct EvaluationArgs {
  std::string period;
  std::string rules;
  std::string format;
  std::string output;
  std::string supplier;  // explain only
  int threads = 0;
  bool explain = false;
  std::string scope = "supplier";  // evaluate --scope
};

// Adds --db and --as-of (and, for evaluate, --publish and --user) to an
// evaluate or explain command whose CSV folder option is `data_option`.
void AddStoreSourceOptions(CLI::App& command, CLI::Option* data_option, StoreSourceArgs& args, bool evaluate);

// Evaluates or explains from the database (args.db is set). Returns the exit status.
int RunFromStore(const StoreSourceArgs& source, const EvaluationArgs& args, std::ostream& out, std::ostream& err);

// The store's own subcommands.
class StoreCommands {
 public:
  explicit StoreCommands(CLI::App& app);
  StoreCommands(const StoreCommands&) = delete;
  StoreCommands& operator=(const StoreCommands&) = delete;
  ~StoreCommands();

  // The exit status when one of these subcommands was parsed, else nothing.
  std::optional<int> Run(std::ostream& out, std::ostream& err);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::cli
