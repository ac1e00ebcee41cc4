// One supplier's records of a published run (API.md, "Health and results":
// GET /api/v1/suppliers/{id}/deliveries and .../complaints): the deliveries
// and complaints of the run's period as the run saw them (the store as of
// the run's `as_of_batch`), each with the figures the engine gave it — the
// same explanation `supeval explain --db --as-of RUN --format json` prints,
// never recomputed here — so that the listed points average to the scores
// of the scorecard. The run is chosen as the scorecard chooses it.
//
// The explanation of a (run, supplier) is evaluated once from the records of
// that supplier alone (store::Store::OpenSupplierSnapshot) and kept in the
// ResultsCache: a run never changes.
//
// Thread-safety: as results.hpp (a Store per thread, a shared ResultsCache).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/evaluation.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/service/results.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

// A delivery of the period with its figures (core::DeliveryDeviation: LZ1's
// working days and points, LZ2's percent and points) and its ids resolved.
struct DeliveryRecord {
  core::DeliveryDeviation figures;
  std::string plant_id;
  std::string material_id;
};

// A complaint of the period: the record with its ids resolved and what the
// engine made of it.
struct ComplaintRecord {
  core::Complaint record;  // its indices refer to nothing kept: use the ids below
  std::string supplier_id;
  std::string plant_id;
  std::string material_id;  // empty: the record names none
  core::ComplaintExplanation figures;
};

// One supplier evaluated from the records a run saw: what the scorecard,
// the deliveries and the complaints of (run, supplier) are made of.
struct SupplierTrace {
  core::RuleSet rules;                      // the run's rule set
  core::Explanation explanation;            // as `explain` prints it (its worst lists cut to kWorstDeliveries)
  Json explanation_json;                    // `explain --format json`'s data of it
  std::vector<DeliveryRecord> deliveries;   // every delivery of the period, by delivery_id
  std::vector<ComplaintRecord> complaints;  // every complaint of the period, by complaint_id
};

// How many deliveries `explain` lists as the worst of LZ1 and of LZ2.
inline constexpr std::size_t kWorstDeliveries = core::EvaluationOptions{}.worst_deliveries;

// Evaluates `supplier_id` from the records run `table` saw. kNotFound when
// the run has no result of it; kInternal for the database or a rule set
// that no longer reads.
[[nodiscard]] core::Result<std::shared_ptr<const SupplierTrace>> TraceSupplier(store::Store& db, const RankedRun& table,
                                                                               const std::string& supplier_id);

// What a request for one supplier's records says.
struct RecordsQuery {
  RunSelector run;
  std::optional<std::string> sort;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};

// The sortable fields and default order of the two lists (OpenAPI x-sort).
[[nodiscard]] const SortSpec& DeliveriesSort();
[[nodiscard]] const SortSpec& ComplaintsSort();

template <class Row>
struct RecordsPage {
  ChosenRun run;
  std::shared_ptr<const SupplierTrace> trace;  // what the rows point into
  std::int64_t total_count = 0;
  Paging paging;
  std::vector<const Row*> rows;
};
using DeliveriesPage = RecordsPage<DeliveryRecord>;
using ComplaintsPage = RecordsPage<ComplaintRecord>;

// The supplier's deliveries (complaints) of the chosen run's period, sorted
// and paged. Errors as ShowScorecard's; kBadInput for sort, limit, offset.
[[nodiscard]] core::Result<DeliveriesPage> ListSupplierDeliveries(store::Store& db, ResultsCache& cache,
                                                                  const Caller& caller, const std::string& supplier_id,
                                                                  const RecordsQuery& query);
[[nodiscard]] core::Result<ComplaintsPage> ListSupplierComplaints(store::Store& db, ResultsCache& cache,
                                                                  const Caller& caller, const std::string& supplier_id,
                                                                  const RecordsQuery& query);

// {period, from, to, run, supplier_id, total_count, limit, offset, rows}:
// deliveries.csv's columns plus deviation_working_days, lz1_points,
// deviation_percent, lz2_points; complaints.csv's columns plus
// ppm_quantity (what counted towards ppm; null when the complaint is left
// out of ppm), spreadsheet_row {defect, meaning, basis, percent} and
// adjustment: the live adjustment of the complaint from `adjustments` (by
// complaint_id: AdjustmentJson of service/adjustments.hpp), null for one
// without (no returned_on). Quantities and
// percents are JSON numbers, `justified` a boolean, `status` open|closed,
// an empty optional field null. A delivery of another supplier that a
// complaint names shows only as its delivery_id and the quantity counted.
[[nodiscard]] Json DeliveriesJson(const DeliveriesPage& page);
[[nodiscard]] Json ComplaintsJson(const ComplaintsPage& page, const std::map<std::string, Json>& adjustments = {});

// A quantity as the API answers it: a JSON number (its decimal text read as
// a double, so 12.5 stays 12.5).
[[nodiscard]] Json QuantityJson(const core::Decimal& quantity);

// complaints.csv's columns of one complaint, typed as in ComplaintsJson
// (GET /api/v1/complaints/{id} shows a live record so).
[[nodiscard]] Json ComplaintRecordJson(const core::Complaint& record, const std::string& supplier_id,
                                       const std::string& plant_id, const std::string& material_id);

}  // namespace supeval::service
