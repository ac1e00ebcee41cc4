// The agreement's ppm adjustment (API.md, "The ppm adjustment, discussions
// and notifications"; docs/EVALUATION.md, "Adjustment"): a supplier whose goods
// came back (`returned_on`) submits the actual defective quantity it found,
// with a note and optionally its sorting report, no later than the deadline
// (returned_on + the rule set's adjustment_months, month-end clamped,
// inclusive; "today" is the server's --timezone day); quality accepts or
// rejects it with a reason. Accepting writes confirmed_qty and confirmed_on
// (the day of the submission) into the complaint as a batch of its own, so
// that the next evaluation counts it, and an import repeating the old values
// keeps it (see store::ImportSession::WriteMasterData).
//
// Every function applies the caller's supplier scope: another supplier's
// complaint is the kNotFound of a missing one. The writers ask Authorize
// themselves. Each step is an audit entry: adjustment.submit (the
// submission, and each report attached to it) and adjustment.decide.
//
// Thread-safety: functions of a Store used from the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

enum class AdjustmentState : std::uint8_t { kOpen, kSubmitted, kAccepted, kRejected, kExpired };

// "open", "submitted", "accepted", "rejected", "expired".
[[nodiscard]] std::string_view AdjustmentStateName(AdjustmentState state);
[[nodiscard]] std::optional<AdjustmentState> ParseAdjustmentState(std::string_view name);

// The largest report accepted (API.md, "Retries, caching, limits").
inline constexpr std::size_t kMaxAdjustmentReportBytes = 10 * 1024 * 1024;

// What the adjustment rules need of the server: the rule set in force
// (serve --rules), today and the end of a day in --timezone, and the clock.
struct AdjustmentContext {
  const core::RuleSet* rules = nullptr;
  core::Date today;
  std::function<Instant(core::Date)> end_of_day;
  Instant now;
};

// One complaint's adjustment as the API shows it. `stored` is empty while
// nothing was submitted (open, expired). Users are login names for staff,
// display names for a supplier user.
struct AdjustmentView {
  std::string complaint_id;
  std::string supplier_id;
  AdjustmentState state = AdjustmentState::kOpen;
  core::Date deadline;  // the last day a submission is accepted
  Instant deadline_at;  // when that day ends in --timezone
  std::optional<store::StoredAdjustment> stored;
  std::int64_t complaint_batch = 0;  // with stored->version: the complaint's entity tag
};

// The complaint's ETag (API.md: If-Match of a decision): its live version
// and its adjustment's, `"complaint-<batch>-<version>"`.
[[nodiscard]] std::string ComplaintEntityTag(std::int64_t batch, std::int64_t adjustment_version);
// The (batch, version) an If-Match tag names; nullopt for `*` or no header;
// {-1, -1} for a tag that is not one of ours (never matches).
[[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>> ParseComplaintEntityTag(
    std::optional<std::string_view> if_match);

// GET /api/v1/adjustments: the adjustments of the complaints with
// returned_on, by complaint_id, filtered by state and supplier. kBadInput
// for an unknown state (field "state"), bad paging; kNotFound for a
// supplier_id not the caller's own.
struct AdjustmentsQuery {
  std::optional<std::string> state;
  std::optional<std::string> supplier_id;
  std::optional<std::string> limit;
  std::optional<std::string> offset;
};
struct AdjustmentsPage {
  std::vector<AdjustmentView> rows;
  std::int64_t total_count = 0;
  Paging paging;
};
[[nodiscard]] core::Result<AdjustmentsPage> ListAdjustments(store::Store& db, const Caller& caller,
                                                            const AdjustmentsQuery& query,
                                                            const AdjustmentContext& context);

// Every adjustment of one supplier's returned complaints, by complaint_id
// (the `adjustment` member of its complaint list). The caller's scope is
// the caller's to check.
[[nodiscard]] core::Result<std::map<std::string, AdjustmentView>> SupplierAdjustments(store::Store& db,
                                                                                      const Caller& caller,
                                                                                      const std::string& supplier_id,
                                                                                      const AdjustmentContext& context);

// GET /api/v1/complaints/{id}: the live complaint (its ids resolved) and its
// adjustment (none without returned_on).
struct ComplaintView {
  core::Complaint record;  // its indices refer to nothing kept: use the ids below
  std::string supplier_id;
  std::string plant_id;
  std::string material_id;  // empty: none
  std::int64_t batch = 0;
  std::int64_t adjustment_version = 0;
  std::optional<AdjustmentView> adjustment;
};
[[nodiscard]] core::Result<ComplaintView> ShowComplaint(store::Store& db, const Caller& caller,
                                                        const std::string& complaint_id,
                                                        const AdjustmentContext& context);

// POST /api/v1/complaints/{id}/adjustment. `confirmed_qty` as given (decimal
// text: at most 6 decimals, else kBadInput "/confirmed_qty"). kConflict when
// one was submitted already; kRefused "deadline-passed" after the deadline;
// kRefused "rule-violation": no returned_on, a defect code whose quantity is
// not `rejected` (or a complaint that names no material: it counts in no
// ppm), confirmed_qty above rejected_qty or negative.
[[nodiscard]] core::Result<AdjustmentView> SubmitAdjustment(store::Store& db, const Caller& caller,
                                                            const std::string& complaint_id,
                                                            std::string_view confirmed_qty, const std::string& note,
                                                            const AdjustmentContext& context);

// PUT .../adjustment/report: kBadInput for an empty file; kConflict unless
// the adjustment is submitted and undecided. `media_type`: one of the three
// the route accepts.
[[nodiscard]] core::Status AttachAdjustmentReport(store::Store& db, const Caller& caller,
                                                  const std::string& complaint_id, std::string_view media_type,
                                                  std::string_view bytes, Instant now);

// GET .../adjustment/report: the file; kNotFound when there is none.
struct ReportFile {
  std::string media_type;
  std::string file_name;
  std::string bytes;
};
[[nodiscard]] core::Result<ReportFile> ReadAdjustmentReport(store::Store& db, const Caller& caller,
                                                            const std::string& complaint_id);

// POST .../adjustment/decision. kRefused "forbidden" to the user who
// submitted it; kConflict "precondition-failed" when `if_match` names
// another version; kConflict "already-decided"; kBadInput for an empty
// reason ("/reason").
struct AdjustmentDecisionRequest {
  bool accept = false;
  std::string reason;
  std::optional<std::pair<std::int64_t, std::int64_t>> if_match;  // ParseComplaintEntityTag
};
[[nodiscard]] core::Result<AdjustmentView> DecideAdjustment(store::Store& db, const Caller& caller,
                                                            const std::string& complaint_id,
                                                            const AdjustmentDecisionRequest& decision,
                                                            const AdjustmentContext& context);

// The API's JSON of an adjustment (GET /api/v1/adjustments' rows).
[[nodiscard]] Json AdjustmentJson(const AdjustmentView& view);

// The adjustment.deadline notifications (API.md): every open adjustment
// whose deadline is at most kDeadlineNoticeDays days after context.today
// (and not passed) tells its supplier's users once — once for all time and
// all serve processes (a claimed notice in the store). Returns how many
// complaints were notified now. Run by `serve` at start and hourly.
inline constexpr int kDeadlineNoticeDays = 7;
[[nodiscard]] core::Result<std::int64_t> NotifyAdjustmentDeadlines(store::Store& db, const AdjustmentContext& context);

}  // namespace supeval::service
