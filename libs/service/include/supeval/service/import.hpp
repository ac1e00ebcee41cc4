// The import use case: an interchange CSV folder into the store, as one
// batch. The folder is validated exactly as `evaluate` validates it
// (io::DatasetReader: every bad row listed as `file:line: column: message`),
// and everything is written in one transaction — all or nothing. Rows are
// keyed by their ids: an identical row changes nothing, a changed row
// replaces the stored one (the old version stays in the history), a row the
// folder does not hold is kept (an extract may cover only some weeks). The
// batch records when, by whom, each file with its SHA-256, and per table the
// rows added, changed and unchanged.
//
// Thread-safety: ImportDataset shares no state between calls; concurrent
// imports into one database are serialized by the store (the second waits).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

struct ImportRequest {
  std::string db_url;  // as store::OpenStore reads it
  std::filesystem::path data_dir;
  // Decides which defect codes and certificate standards are valid, as for
  // evaluate; default: the agreement's rule set.
  std::optional<std::filesystem::path> rules_file;
  std::optional<core::RuleSet> rules;  // instead of rules_file: a rule set read already (serve --rules)
  // With `rules`: that file's [contracts] table (none: the defaults).
  std::optional<core::contracts::ContractRules> contract_rules;
  bool dry_run = false;    // validate and count, then roll back
  std::string user;        // who imports
  std::string created_at;  // when: RFC 3339 UTC ("2026-07-01T06:00:00Z"), from the caller's clock
  std::chrono::milliseconds lock_timeout{std::chrono::minutes(10)};
  std::optional<std::string> address;  // from where (the server's client); none for the CLI
  // What the batch records as its source; default: the folder's absolute
  // path (the server's upload folder is temporary and says nothing).
  std::optional<std::string> source;
};

// The rows an import refused, each a kBadInput Error located at its file
// (the folder's path joined with the file's name), line and column: the
// first io::Diagnostics::kDefaultLimit of them, and how many there were.
struct RejectedRows {
  std::vector<core::Error> errors;
  std::uint64_t count = 0;
};

struct ImportProgress {
  std::int64_t rows = 0;            // deliveries written so far
  std::int64_t estimated_rows = 0;  // lines of deliveries.csv less the header
  bool done = false;                // the last call: writing is finished
};
using ImportProgressSink = std::function<void(const ImportProgress&)>;

struct ImportOutcome {
  store::BatchInfo batch;  // for a dry run: the batch that would have been written
  bool dry_run = false;
};

// Imports `request.data_dir` into the store (an SQLite file is created when
// missing, except by a dry run, which writes no data — though it does create
// the schema of a PostgreSQL database that has none yet). `progress` (may
// be empty) is called every few thousand deliveries, from one thread at a
// time that need not be the caller's. Errors: kBadInput for
// the URL, the rule file, the folder (missing files, every bad row) or rows
// the store cannot key (two certificates or holds of one key with different
// values); kInternal for the database (unreachable, busy beyond the lock
// timeout). On any error the store is unchanged. When the folder's rows
// are refused and `rejected` is given, it receives them one by one (the
// error's message holds them all, one line each, as the CLI shows them).
[[nodiscard]] core::Result<ImportOutcome> ImportDataset(const ImportRequest& request,
                                                        const ImportProgressSink& progress = {},
                                                        RejectedRows* rejected = nullptr);

}  // namespace supeval::service
