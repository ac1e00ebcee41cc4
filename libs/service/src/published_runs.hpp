// The store's published runs as published.csv rows (CONTRACTS.md §3): in a
// database the published evaluation results are the runs published with
// `runs publish` or POST /api/v1/runs, beside any imported published.csv.
// The escalation ladder (class_c, kpi_missed) and sourcing (source_class_c)
// read them; a published run is never changed, so no hold the ladder
// imposes can alter the figures that caused it.
// Thread-compatible: one call uses one store.
#pragma once

#include <optional>
#include <vector>

#include "supeval/core/contracts/records.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service::internal {

// The published runs that saw no batch after `up_to` (all when none), read
// whole. Reads outside any snapshot: call it before opening one on `db`.
[[nodiscard]] core::Result<std::vector<store::RunRecord>> ReadPublishedRuns(
    store::Store& db, std::optional<store::BatchId> up_to = std::nullopt);

// Adds a row per supplier result of `runs`: published_on the UTC day of its
// publication, the figures as the result CSV writes them (one decimal), so
// that they compare as an exported published.csv would. A row whose key
// (supplier, the period's dates, published_on) an imported row already has
// is left out: the imported one stands; so is a supplier the master data no
// longer has. Keeps data.published sorted as the store reads it.
[[nodiscard]] core::Status AddPublishedRuns(const std::vector<store::RunRecord>& runs, const core::MasterData& master,
                                            core::contracts::ContractData& data);

// The current records of a store: its master data and contract files and,
// when `with_published_runs`, its published runs added as published rows
// (AddPublishedRuns).
struct CurrentRecords {
  core::MasterData master;
  core::contracts::ContractData data;
};
[[nodiscard]] core::Result<CurrentRecords> ReadCurrentRecords(store::Store& db, bool with_published_runs);

// The period of the latest published run: what an API view of "a period"
// shows when none is given; kNotFound without a run.
[[nodiscard]] core::Result<core::Period> LatestRunPeriod(store::Store& db);

}  // namespace supeval::service::internal
