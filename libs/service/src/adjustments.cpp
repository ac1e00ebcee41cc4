// The ppm adjustment's use cases: its state and deadline, the rules of a
// submission, reports, decisions, and the API's JSON of an adjustment.
#include "supeval/service/adjustments.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "display_names.hpp"
#include "stored_text.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/service/notifications.hpp"
#include "supeval/service/supplier_records.hpp"

namespace supeval::service {
namespace {

constexpr std::array<std::pair<AdjustmentState, std::string_view>, 5> kStateNames{{
    {AdjustmentState::kOpen, "open"},
    {AdjustmentState::kSubmitted, "submitted"},
    {AdjustmentState::kAccepted, "accepted"},
    {AdjustmentState::kRejected, "rejected"},
    {AdjustmentState::kExpired, "expired"},
}};

// The file name a report is served under, by media type.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kReportFiles{{
    {"application/pdf", "pdf"},
    {"image/png", "png"},
    {"image/jpeg", "jpg"},
}};

core::Error NotFound(const std::string& complaint_id) {
  return core::Failure(core::ErrorCode::kNotFound, "complaint '" + complaint_id + "' not found", "not-found");
}

core::Error RuleViolation(std::string message, std::string field = {}) {
  core::Error error = core::Failure(core::ErrorCode::kRefused, std::move(message), "rule-violation");
  error.location.field = std::move(field);
  return error;
}

core::Status Allow(const Caller& caller, UseCase use_case) {
  if (Authorize(&caller, use_case) == Decision::kAllowed) return core::Ok{};
  return core::Failure(core::ErrorCode::kRefused, "your role may not do this with an adjustment", "forbidden");
}

// The last day a submission is accepted: returned_on + the rule set's
// months, clamped to a shorter month's end. Requires returned_on.
core::Date DeadlineOf(const store::AdjustableComplaint& complaint, const core::RuleSet& rules) {
  return complaint.returned_on->AddMonths(rules.adjustment_months);
}

AdjustmentState StateOf(const store::AdjustableComplaint& complaint, core::Date deadline, core::Date today) {
  if (const auto& a = complaint.adjustment) {
    if (!a->accepted) return AdjustmentState::kSubmitted;
    return *a->accepted ? AdjustmentState::kAccepted : AdjustmentState::kRejected;
  }
  return today > deadline ? AdjustmentState::kExpired : AdjustmentState::kOpen;
}

// The view of a complaint with returned_on; users shown as `caller` may see them.
class Views {
 public:
  Views(store::Store& db, const Caller& caller, const AdjustmentContext& context)
      : names_(db), by_display_name_(ScopeOf(caller).only.has_value()), context_(context) {}

  core::Result<AdjustmentView> Of(const store::AdjustableComplaint& complaint) {
    AdjustmentView view;
    view.complaint_id = complaint.complaint_id;
    view.supplier_id = complaint.supplier_id;
    view.deadline = DeadlineOf(complaint, *context_.rules);
    view.deadline_at = context_.end_of_day(view.deadline);
    view.state = StateOf(complaint, view.deadline, context_.today);
    view.stored = complaint.adjustment;
    view.complaint_batch = complaint.batch;
    if (by_display_name_ && view.stored) {
      auto submitted_by = names_.Of(view.stored->submitted_by);
      if (!submitted_by.ok()) return submitted_by.error();
      view.stored->submitted_by = *submitted_by;
      if (view.stored->decided_by) {
        auto decided_by = names_.Of(*view.stored->decided_by);
        if (!decided_by.ok()) return decided_by.error();
        view.stored->decided_by = *decided_by;
      }
    }
    return view;
  }

 private:
  DisplayNames names_;
  bool by_display_name_;
  const AdjustmentContext& context_;
};

// The live complaint `complaint_id` with its adjustment, if the caller sees it.
core::Result<store::AdjustableComplaint> FindVisible(store::Store& db, const Caller& caller,
                                                     const std::string& complaint_id) {
  auto found = db.ListAdjustableComplaints(store::AdjustableFilter{std::nullopt, complaint_id, false});
  if (!found.ok()) return found.error();
  if (found->empty() || !ScopeOf(caller).Sees(found->front().supplier_id)) return NotFound(complaint_id);
  return std::move(found->front());
}

core::Result<AdjustmentView> ViewOf(store::Store& db, const Caller& caller, const std::string& complaint_id,
                                    const AdjustmentContext& context) {
  auto complaint = FindVisible(db, caller, complaint_id);
  if (!complaint.ok()) return complaint.error();
  return Views(db, caller, context).Of(*complaint);
}

core::Result<core::Decimal> ParseQuantity(std::string_view text) {
  const core::Location where{"", 0, "/confirmed_qty"};
  if (text.starts_with('-')) return core::BadInput("confirmed_qty must not be negative", where);
  const core::ParsedDecimal parsed = core::ParseDecimal(text);
  if (parsed.error == core::DecimalError::kTooManyDecimals) {
    return core::BadInput("confirmed_qty has more than 6 decimals", where);
  }
  if (!parsed.value) return core::BadInput("confirmed_qty must be a decimal number like 12.5", where);
  return *parsed.value;
}

// The rules of a submission, in API.md's order: no returned_on, the defect
// code, the quantity, then the deadline.
core::Status CheckSubmission(const store::AdjustableComplaint& complaint, core::Decimal qty,
                             const AdjustmentContext& context) {
  if (!complaint.returned_on) {
    return RuleViolation("complaint '" + complaint.complaint_id + "' has no returned_on: its goods did not come back");
  }
  const core::RuleSet& rules = *context.rules;
  const std::string& code = complaint.defect.empty() ? rules.empty_defect_code : complaint.defect;
  const auto rule = std::find_if(rules.defects.begin(), rules.defects.end(),
                                 [&](const core::DefectRule& r) { return r.code == code; });
  if (!complaint.material_kind) {
    return RuleViolation("complaint '" + complaint.complaint_id +
                         "' names neither a delivery nor a material: it counts in no ppm");
  }
  const core::RelevantQuantity* quantity = nullptr;
  if (rule != rules.defects.end()) {
    quantity = *complaint.material_kind == core::MaterialKind::kPurchased ? &rule->purchased : &rule->raw;
  }
  if (quantity == nullptr || quantity->basis != core::QuantityBasis::kRejected) {
    return RuleViolation("the defect code '" + code +
                         "' does not count the rejected quantity: only rows that take rejected_qty are adjusted");
  }
  const core::Decimal rejected = complaint.rejected_qty.value_or(core::Decimal());
  if (qty > rejected) {
    return RuleViolation(
        "confirmed_qty " + qty.ToString() + " is more than the rejected quantity " + rejected.ToString(),
        "/confirmed_qty");
  }
  const core::Date deadline = DeadlineOf(complaint, rules);
  if (context.today > deadline) {
    return core::Failure(core::ErrorCode::kRefused,
                         "the deadline of complaint '" + complaint.complaint_id + "' was " + deadline.ToString() +
                             " (returned on " + complaint.returned_on->ToString() + " + " +
                             std::to_string(rules.adjustment_months) + " months): the full rejected quantity counts",
                         "deadline-passed");
  }
  return core::Ok{};
}

store::AuditEntry AuditOf(const Caller& caller, std::string action, const std::string& complaint_id, Instant now,
                          std::optional<std::string> after) {
  store::AuditEntry entry;
  entry.at = now;
  entry.user = caller.user;
  entry.address = caller.address;
  entry.action = std::move(action);
  entry.target = "complaint " + complaint_id;
  entry.after = std::move(after);
  return entry;
}

std::string Base64(std::string_view bytes) {
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

core::Result<std::string> FromBase64(const std::string& text) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return core::Internal("a stored adjustment report is not base64");
  }
  bytes.resize(length);
  return bytes;
}

Json NullableText(const std::optional<std::string>& text) { return text ? Json(*text) : Json(); }

}  // namespace

std::string_view AdjustmentStateName(AdjustmentState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "open";
}

std::optional<AdjustmentState> ParseAdjustmentState(std::string_view name) {
  for (const auto& [value, known] : kStateNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string ComplaintEntityTag(std::int64_t batch, std::int64_t adjustment_version) {
  return "\"complaint-" + std::to_string(batch) + "-" + std::to_string(adjustment_version) + "\"";
}

std::optional<std::pair<std::int64_t, std::int64_t>> ParseComplaintEntityTag(std::optional<std::string_view> if_match) {
  if (!if_match) return std::nullopt;
  std::string_view tag = *if_match;
  while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
  while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
  if (tag == "*") return std::nullopt;
  constexpr std::pair<std::int64_t, std::int64_t> kNone{-1, -1};
  constexpr std::string_view kPrefix = "\"complaint-";
  if (!tag.starts_with(kPrefix) || !tag.ends_with('"')) return kNone;
  tag = tag.substr(kPrefix.size(), tag.size() - kPrefix.size() - 1);
  const std::size_t dash = tag.find('-');
  if (dash == std::string_view::npos) return kNone;
  std::pair<std::int64_t, std::int64_t> version;
  const auto read = [](std::string_view digits, std::int64_t& out) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return !digits.empty() && error == std::errc() && end == digits.data() + digits.size();
  };
  if (!read(tag.substr(0, dash), version.first) || !read(tag.substr(dash + 1), version.second)) return kNone;
  return version;
}

core::Result<AdjustmentsPage> ListAdjustments(store::Store& db, const Caller& caller, const AdjustmentsQuery& query,
                                              const AdjustmentContext& context) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  std::optional<AdjustmentState> state;
  if (query.state) {
    state = ParseAdjustmentState(*query.state);
    if (!state) {
      return core::BadInput("unknown state '" + *query.state + "' (open, submitted, accepted, rejected, expired)",
                            {"", 0, "state"});
    }
  }
  const std::optional<std::string> supplier_id = query.supplier_id ? query.supplier_id : ScopeOf(caller).only;
  if (supplier_id && !ScopeOf(caller).Sees(*supplier_id)) {
    return core::Failure(core::ErrorCode::kNotFound, "supplier '" + *supplier_id + "' not found", "not-found");
  }
  auto complaints = db.ListAdjustableComplaints(store::AdjustableFilter{supplier_id, std::nullopt, true});
  if (!complaints.ok()) return complaints.error();
  Views views(db, caller, context);
  std::vector<AdjustmentView> kept;
  for (const store::AdjustableComplaint& complaint : *complaints) {
    auto view = views.Of(complaint);
    if (!view.ok()) return view.error();
    if (!state || view->state == *state) kept.push_back(*std::move(view));
  }
  AdjustmentsPage page;
  page.total_count = static_cast<std::int64_t>(kept.size());
  page.paging = *paging;
  page.rows = TakePage(std::move(kept), *paging);
  return page;
}

core::Result<std::map<std::string, AdjustmentView>> SupplierAdjustments(store::Store& db, const Caller& caller,
                                                                        const std::string& supplier_id,
                                                                        const AdjustmentContext& context) {
  auto complaints = db.ListAdjustableComplaints(store::AdjustableFilter{supplier_id, std::nullopt, true});
  if (!complaints.ok()) return complaints.error();
  Views views(db, caller, context);
  std::map<std::string, AdjustmentView> by_complaint;
  for (const store::AdjustableComplaint& complaint : *complaints) {
    auto view = views.Of(complaint);
    if (!view.ok()) return view.error();
    by_complaint.emplace(complaint.complaint_id, *std::move(view));
  }
  return by_complaint;
}

core::Result<ComplaintView> ShowComplaint(store::Store& db, const Caller& caller, const std::string& complaint_id,
                                          const AdjustmentContext& context) {
  auto complaint = FindVisible(db, caller, complaint_id);
  if (!complaint.ok()) return complaint.error();
  auto snapshot = db.OpenSupplierSnapshot(std::nullopt, complaint->supplier_id);
  if (!snapshot.ok()) return snapshot.error();
  auto master = (*snapshot)->ReadMasterData();
  if (!master.ok()) return master.error();
  const auto record = std::find_if(master->complaints.begin(), master->complaints.end(),
                                   [&](const core::Complaint& c) { return c.id == complaint_id; });
  if (record == master->complaints.end()) return NotFound(complaint_id);  // imported meanwhile
  ComplaintView view;
  view.record = *record;
  view.supplier_id = complaint->supplier_id;
  view.plant_id = master->plants[record->plant].id;
  if (record->material != core::kNoIndex) view.material_id = master->materials[record->material].id;
  view.batch = complaint->batch;
  view.adjustment_version = complaint->adjustment ? complaint->adjustment->version : 0;
  if (complaint->returned_on) {
    auto adjustment = Views(db, caller, context).Of(*complaint);
    if (!adjustment.ok()) return adjustment.error();
    view.adjustment = *std::move(adjustment);
  }
  return view;
}

core::Result<AdjustmentView> SubmitAdjustment(store::Store& db, const Caller& caller, const std::string& complaint_id,
                                              std::string_view confirmed_qty, const std::string& note,
                                              const AdjustmentContext& context) {
  if (core::Status allowed = Allow(caller, UseCase::kSubmitAdjustment); !allowed.ok()) return allowed.error();
  auto qty = ParseQuantity(confirmed_qty);
  if (!qty.ok()) return qty.error();
  if (core::Status text = CheckStoredText(note, "/note"); !text.ok()) return text.error();
  auto complaint = FindVisible(db, caller, complaint_id);
  if (!complaint.ok()) return complaint.error();
  if (complaint->adjustment) {
    return core::Failure(core::ErrorCode::kConflict,
                         "complaint '" + complaint_id + "' has an adjustment " +
                             std::string(AdjustmentStateName(StateOf(*complaint, {}, {}))) + " already",
                         "conflict");
  }
  if (core::Status checked = CheckSubmission(*complaint, *qty, context); !checked.ok()) return checked.error();
  store::StoredAdjustment adjustment;
  adjustment.complaint_id = complaint_id;
  adjustment.supplier_id = complaint->supplier_id;
  adjustment.confirmed_qty = *qty;
  adjustment.note = note;
  adjustment.submitted_by = caller.user;
  adjustment.submitted_at = Rfc3339(context.now);
  adjustment.submitted_on = context.today;
  const Json after{{"confirmed_qty", qty->ToString()}, {"note", note}};
  auto submitted =
      db.SubmitAdjustment(adjustment, AuditOf(caller, "adjustment.submit", complaint_id, context.now, after.dump()));
  if (!submitted.ok()) return submitted.error();
  return ViewOf(db, caller, complaint_id, context);
}

core::Status AttachAdjustmentReport(store::Store& db, const Caller& caller, const std::string& complaint_id,
                                    std::string_view media_type, std::string_view bytes, Instant now) {
  if (core::Status allowed = Allow(caller, UseCase::kPutAdjustmentReport); !allowed.ok()) return allowed;
  auto complaint = FindVisible(db, caller, complaint_id);
  if (!complaint.ok()) return complaint.error();
  if (bytes.empty()) return core::BadInput("the report is empty");
  if (bytes.size() > kMaxAdjustmentReportBytes) {
    return core::Failure(core::ErrorCode::kRefused, "the report is larger than 10 MiB", "too-large");
  }
  const auto file = std::find_if(kReportFiles.begin(), kReportFiles.end(),
                                 [&](const auto& known) { return known.first == media_type; });
  if (file == kReportFiles.end()) {
    return core::Failure(core::ErrorCode::kBadInput, "a report is a PDF, PNG or JPEG file", "unsupported-media-type");
  }
  const store::AdjustmentReport report{
      {std::string(media_type), "sorting-report-" + complaint_id + "." + std::string(file->second),
       static_cast<std::int64_t>(bytes.size())},
      Base64(bytes)};
  const Json after{{"report", {{"media_type", report.info.media_type}, {"bytes", report.info.bytes}}}};
  return db.AttachAdjustmentReport(complaint_id, report,
                                   AuditOf(caller, "adjustment.submit", complaint_id, now, after.dump()));
}

core::Result<ReportFile> ReadAdjustmentReport(store::Store& db, const Caller& caller, const std::string& complaint_id) {
  auto complaint = FindVisible(db, caller, complaint_id);
  if (!complaint.ok()) return complaint.error();
  auto report = db.ReadAdjustmentReport(complaint_id);
  if (!report.ok()) return report.error();
  if (!*report) {
    return core::Failure(core::ErrorCode::kNotFound, "complaint '" + complaint_id + "' has no sorting report",
                         "not-found");
  }
  auto bytes = FromBase64((*report)->base64);
  if (!bytes.ok()) return bytes.error();
  return ReportFile{(*report)->info.media_type, (*report)->info.file_name, *std::move(bytes)};
}

namespace {

// Who hears of a decision: the supplier's users and whoever submitted it
// (quality may submit for a supplier).
core::Result<std::vector<std::string>> DecisionRecipients(store::Store& db,
                                                          const store::AdjustableComplaint& complaint) {
  auto recipients = SupplierRecipients(db, {complaint.supplier_id});
  if (!recipients.ok()) return recipients.error();
  if (complaint.adjustment) recipients->push_back(complaint.adjustment->submitted_by);
  return recipients;
}

}  // namespace

core::Result<AdjustmentView> DecideAdjustment(store::Store& db, const Caller& caller, const std::string& complaint_id,
                                              const AdjustmentDecisionRequest& decision,
                                              const AdjustmentContext& context) {
  if (core::Status allowed = Allow(caller, UseCase::kDecideAdjustment); !allowed.ok()) return allowed.error();
  if (decision.reason.find_first_not_of(" \t\n") == std::string::npos) {
    return core::BadInput("say why (the reason is recorded with the decision)", {"", 0, "/reason"});
  }
  if (core::Status text = CheckStoredText(decision.reason, "/reason"); !text.ok()) return text.error();
  auto complaint = FindVisible(db, caller, complaint_id);
  if (!complaint.ok()) return complaint.error();
  if (complaint->adjustment && complaint->adjustment->submitted_by == caller.user) {
    return core::Failure(core::ErrorCode::kRefused, "you submitted this adjustment: another user decides it",
                         "forbidden");
  }
  store::AdjustmentDecision stored{decision.accept,      decision.reason, caller.user,
                                   Rfc3339(context.now), std::nullopt,    std::nullopt};
  auto recipients = DecisionRecipients(db, *complaint);
  if (!recipients.ok()) return recipients.error();
  const Notice notice{NotificationKind::kAdjustmentDecided,
                      "Your adjustment of complaint " + complaint_id + " was " +
                          (decision.accept ? "accepted" : "rejected") + ": " + decision.reason,
                      "/adjustments?supplier_id=" + complaint->supplier_id};
  stored.in_transaction = [&db, &recipients, &notice, &context] {
    return Notify(db, *recipients, notice, context.now);
  };
  if (decision.if_match) {
    stored.expected_batch = decision.if_match->first;
    stored.expected_version = decision.if_match->second;
  }
  const Json after{{"decision", decision.accept ? "accept" : "reject"}, {"reason", decision.reason}};
  store::BatchHeader header{stored.at, caller.user, "adjustment of complaint " + complaint_id, decision.reason, {}};
  header.audit = AuditOf(caller, "adjustment.decide", complaint_id, context.now, after.dump());
  auto decided = db.DecideAdjustment(complaint_id, stored, header);
  if (!decided.ok()) return decided.error();
  return ViewOf(db, caller, complaint_id, context);
}

Json AdjustmentJson(const AdjustmentView& view) {
  const std::optional<store::StoredAdjustment>& a = view.stored;
  Json report;
  if (a && a->report) {
    report = Json{{"media_type", a->report->media_type},
                  {"file_name", a->report->file_name},
                  {"bytes", a->report->bytes},
                  {"url", "/api/v1/complaints/" + view.complaint_id + "/adjustment/report"}};
  }
  return Json{{"complaint_id", view.complaint_id},
              {"supplier_id", view.supplier_id},
              {"state", AdjustmentStateName(view.state)},
              {"deadline", view.deadline.ToString()},
              {"deadline_at", Rfc3339(view.deadline_at)},
              {"confirmed_qty", a ? QuantityJson(a->confirmed_qty) : Json()},
              {"note", a ? Json(a->note) : Json()},
              {"report", std::move(report)},
              {"submitted_by", a ? Json(a->submitted_by) : Json()},
              {"submitted_at", a ? Json(a->submitted_at) : Json()},
              {"decided_by", a ? NullableText(a->decided_by) : Json()},
              {"decided_at", a ? NullableText(a->decided_at) : Json()},
              {"reason", a && a->accepted ? Json(a->reason) : Json()}};
}

core::Result<std::int64_t> NotifyAdjustmentDeadlines(store::Store& db, const AdjustmentContext& context) {
  auto complaints = db.ListAdjustableComplaints(store::AdjustableFilter{std::nullopt, std::nullopt, true});
  if (!complaints.ok()) return complaints.error();
  const core::Date last_warned = context.today + kDeadlineNoticeDays;
  std::int64_t notified = 0;
  for (const store::AdjustableComplaint& complaint : *complaints) {
    const core::Date deadline = DeadlineOf(complaint, *context.rules);
    if (StateOf(complaint, deadline, context.today) != AdjustmentState::kOpen || deadline > last_warned) continue;
    // Only what the supplier could still submit (a zero quantity always fits): not a code that takes no rejected_qty.
    if (!CheckSubmission(complaint, core::Decimal(), context).ok()) continue;
    auto recipients = SupplierRecipients(db, {complaint.supplier_id});
    if (!recipients.ok()) return recipients.error();
    const Notice notice{NotificationKind::kAdjustmentDeadline,
                        "The adjustment of complaint " + complaint.complaint_id + " can be submitted until " +
                            deadline.ToString() + ".",
                        "/adjustments?supplier_id=" + complaint.supplier_id};
    // The claim and its notifications commit together: a failure leaves the
    // notice unclaimed for the next sweep.
    bool claimed = false;
    core::Status done = db.accounts().InTransaction([&]() -> core::Status {
      auto claim = db.discussions().ClaimDeadlineNotice(complaint.complaint_id, context.now);
      if (!claim.ok()) return claim.error();
      claimed = *claim;
      return claimed ? Notify(db, *recipients, notice, context.now) : core::Status(core::Ok{});
    });
    if (!done.ok()) return done.error();
    if (claimed) ++notified;
  }
  return notified;
}

}  // namespace supeval::service
