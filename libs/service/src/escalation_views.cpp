// The escalation cases over the API (escalations.hpp,
// docs/escalations-api.md): the board, one contract's case with its
// timeline, recording a decision and recording the ladders' holds. Each
// call replays the ladder from the store's current records.
#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "account_support.hpp"
#include "display_names.hpp"
#include "ladder_holds.hpp"
#include "published_runs.hpp"
#include "stored_text.hpp"
#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/service/escalations.hpp"

namespace supeval::service {
namespace {

namespace cc = core::contracts;
using internal::NotFound;

constexpr std::array<std::pair<std::string_view, cc::Decision>, 4> kDecisions = {{
    {"escalate", cc::Decision::kEscalate},
    {"deescalate", cc::Decision::kDeescalate},
    {"close", cc::Decision::kClose},
    {"withdraw_hold", cc::Decision::kWithdrawHold},
}};
constexpr std::array<std::pair<std::string_view, cc::Cause>, 2> kCauses = {{
    {"quality", cc::Cause::kQuality},
    {"delivery", cc::Cause::kDelivery},
}};

template <class Value, std::size_t N>
std::optional<Value> Named(const std::array<std::pair<std::string_view, Value>, N>& names, std::string_view name) {
  for (const auto& [text, value] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

// The records the ladder reads, as of now, published runs included.
struct LadderRecords : internal::CurrentRecords {
  [[nodiscard]] const cc::Contract* Find(std::string_view contract_id) const {
    const auto found = std::find_if(data.contracts.begin(), data.contracts.end(),
                                    [&](const cc::Contract& c) { return c.id == contract_id; });
    return found != data.contracts.end() ? &*found : nullptr;
  }
};

core::Result<LadderRecords> ReadLadderRecords(store::Store& db) {
  auto read = internal::ReadCurrentRecords(db, true);
  if (!read.ok()) return read.error();
  LadderRecords records;
  static_cast<internal::CurrentRecords&>(records) = *std::move(read);
  return records;
}

// The ladder replayed; misfit decisions (imported ones) refuse the whole
// answer, as the command line does (§3): the log needs fixing first.
core::Result<cc::EscalationResult> Replay(const LadderRecords& records, const ContractRuleSet& rules,
                                          core::Date as_of) {
  cc::EscalationResult result = cc::Escalate(rules.contracts, records.data, records.master, as_of);
  if (result.errors.empty()) return result;
  std::string message = "the escalation decisions do not fit their cases:";
  for (const core::Error& error : result.errors) message += "\n" + error.ToString();
  return internal::RuleViolation(message);
}

core::Result<core::Date> AsOf(const std::optional<std::string>& text, core::Date today, std::string_view field) {
  if (!text) return today;
  const std::optional<core::Date> date = core::Date::Parse(*text);
  if (!date) return core::BadInput("not a date like 2026-07-01: '" + *text + "'", {"", 0, std::string(field)});
  return *date;
}

Json DateJson(const std::optional<core::Date>& date) { return date ? Json(date->ToString()) : Json(nullptr); }

Json TextJson(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// Names of users as the caller may see them: staff their login names, a
// supplier user display names (API.md).
class ShownNames {
 public:
  ShownNames(store::Store& db, const Caller& caller) : names_(db), supplier_(ScopeOf(caller).only.has_value()) {}

  core::Result<std::string> User(const std::string& user) {
    if (!supplier_) return user;
    return names_.Of(user);
  }
  // A cause or trigger cell: "<decision> by <user>" shows the user's name.
  core::Result<std::string> Cause(const std::string& cause) {
    if (!supplier_) return cause;
    for (const auto& [name, decision] : kDecisions) {
      const std::string prefix = std::string(name) + " by ";
      if (cause.rfind(prefix, 0) != 0) continue;
      auto shown = names_.Of(cause.substr(prefix.size()));
      if (!shown.ok()) return shown.error();
      return prefix + *shown;
    }
    return cause;
  }

 private:
  DisplayNames names_;
  bool supplier_;
};

// The case's row with what the board needs beside §9's columns.
struct CaseRow {
  const cc::EscalationRow* row = nullptr;
  const cc::Contract* contract = nullptr;
  std::size_t level_rank = 0;
  std::size_t levels = 0;
  bool decision_due = false;
  std::optional<std::int64_t> days_to_review;
};

// A review of the current level has passed and kept the level: the exit
// criteria were met (or the top was reached), so someone must decide.
CaseRow CaseRowOf(const cc::EscalationRow& row, const cc::Contract& contract, const ContractRuleSet& rules,
                  core::Date as_of) {
  CaseRow shown;
  shown.row = &row;
  shown.contract = &contract;
  const auto ladder = rules.contracts.ladders.find(contract.ladder);
  if (ladder != rules.contracts.ladders.end()) {
    const std::vector<cc::LadderLevel>& levels = ladder->second.levels;
    shown.levels = levels.size();
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (levels[i].level != row.level) continue;
      shown.level_rank = i;
      shown.decision_due = row.open && levels[i].review_days > 0 && row.since + levels[i].review_days <= as_of;
    }
  }
  if (row.next_review) shown.days_to_review = row.next_review->days() - as_of.days();
  return shown;
}

core::Result<Json> CaseJson(const CaseRow& shown, const LadderRecords& records, ShownNames& names) {
  const cc::EscalationRow& row = *shown.row;
  auto trigger = names.Cause(row.trigger);
  if (!trigger.ok()) return trigger.error();
  Json actions = Json::array();
  for (const std::string& action : row.actions_due) actions.push_back(action);
  return Json{{"contract_id", row.contract_id},
              {"supplier_id", row.supplier_id},
              {"case", row.case_number},
              {"opened_on", row.opened_on.ToString()},
              {"status", row.open ? "open" : "closed"},
              {"level", row.level},
              {"level_name", row.level_name},
              {"since", row.since.ToString()},
              {"trigger", *trigger},
              {"next_review", DateJson(row.next_review)},
              {"owner", TextJson(row.owner)},
              {"actions_due", std::move(actions)},
              {"hold", row.hold},
              {"hold_since", DateJson(row.hold_since)},
              {"hold_reason", row.hold_reason ? Json(cc::NameOf(*row.hold_reason)) : Json(nullptr)},
              {"supplier_name", records.master.suppliers[shown.contract->supplier].name},
              {"contract_title", TextJson(shown.contract->title)},
              {"level_rank", shown.level_rank},
              {"levels", shown.levels},
              {"decision_due", shown.decision_due},
              {"days_to_review", shown.days_to_review ? Json(*shown.days_to_review) : Json(nullptr)}};
}

// --- the board ---------------------------------------------------------------

const std::vector<SortField<CaseRow>>& BoardFields() {
  static const std::vector<SortField<CaseRow>> kFields = {
      {"level_rank", [](const CaseRow& r) { return SortCount(static_cast<std::int64_t>(r.level_rank)); }},
      {"decision_due", [](const CaseRow& r) { return SortCount(r.decision_due ? 1 : 0); }},
      {"next_review",
       [](const CaseRow& r) { return r.row->next_review ? SortCount(r.row->next_review->days()) : SortValue(); }},
      {"since", [](const CaseRow& r) { return SortCount(r.row->since.days()); }},
      {"supplier_id", [](const CaseRow& r) { return SortText(r.row->supplier_id); }},
      {"contract_id", [](const CaseRow& r) { return SortText(r.row->contract_id); }},
  };
  return kFields;
}

bool ByContractId(const CaseRow& a, const CaseRow& b) { return a.row->contract_id < b.row->contract_id; }

// The filters of the board: each a check of one row.
struct BoardFilter {
  std::optional<std::string> supplier_id;
  std::vector<std::string> levels;  // empty: every level
  std::optional<bool> open;

  [[nodiscard]] bool Keeps(const cc::EscalationRow& row) const {
    if (supplier_id && row.supplier_id != *supplier_id) return false;
    if (!levels.empty() && std::find(levels.begin(), levels.end(), row.level) == levels.end()) return false;
    return !open || row.open == *open;
  }
};

core::Result<BoardFilter> FilterOf(const EscalationsQuery& query, const Caller& caller,
                                   const core::MasterData& master) {
  BoardFilter filter;
  const SupplierScope scope = ScopeOf(caller);
  filter.supplier_id = query.supplier_id ? query.supplier_id : scope.only;
  if (query.supplier_id) {
    const bool known = std::any_of(master.suppliers.begin(), master.suppliers.end(),
                                   [&](const core::Supplier& s) { return s.id == *query.supplier_id; });
    if (!known || !scope.Sees(*query.supplier_id)) return NotFound("supplier '" + *query.supplier_id + "'");
  }
  if (query.level) {
    filter.levels = SplitList(*query.level);
    for (const std::string& level : filter.levels) {
      if (level.empty()) return core::BadInput("an empty level in the list", {"", 0, "level"});
    }
  }
  if (query.status) {
    if (*query.status != "open" && *query.status != "closed") {
      return core::BadInput("status is open or closed, not '" + *query.status + "'", {"", 0, "status"});
    }
    filter.open = *query.status == "open";
  }
  return filter;
}

// --- one case ------------------------------------------------------------------

core::Result<Json> HistoryJson(const cc::EscalationResult& result, core::Index contract, ShownNames& names) {
  Json cases = Json::array();
  for (const cc::EscalationCase& one : result.cases) {
    if (one.contract != contract) continue;
    Json history = Json::array();
    for (const cc::LevelChange& change : one.history) {
      auto cause = names.Cause(change.cause);
      if (!cause.ok()) return cause.error();
      history.push_back({{"day", change.day.ToString()}, {"from", change.from}, {"to", change.to}, {"cause", *cause}});
    }
    cases.push_back({{"case", one.number},
                     {"opened_on", one.opened_on.ToString()},
                     {"closed_on", DateJson(one.closed_on)},
                     {"history", std::move(history)}});
  }
  return cases;
}

core::Result<Json> HoldsJson(store::Store& db, const cc::EscalationResult& result, core::Index contract,
                             ShownNames& names) {
  auto recorded = internal::ReadStoredHoldStates(db);
  if (!recorded.ok()) return recorded.error();
  Json holds = Json::array();
  for (const cc::LadderHold& hold : result.holds) {
    if (hold.contract != contract) continue;
    const auto found = recorded->find(internal::StoreKeyOf(hold));
    const bool is_recorded = found != recorded->end() && (!hold.withdrawn || found->second.has_value());
    auto cause = names.Cause(hold.cause);
    if (!cause.ok()) return cause.error();
    Json withdrawn_by = nullptr;
    if (hold.withdrawn) {
      auto user = names.User(hold.withdrawn->user);
      if (!user.ok()) return user.error();
      withdrawn_by = *user;
    }
    holds.push_back({{"case", hold.case_number},
                     {"since", hold.since.ToString()},
                     {"reason", cc::NameOf(hold.reason)},
                     {"level", hold.level},
                     {"cause", *cause},
                     {"withdrawn_on", hold.withdrawn ? Json(hold.withdrawn->on.ToString()) : Json(nullptr)},
                     {"withdrawn_by", std::move(withdrawn_by)},
                     {"withdraw_reason", hold.withdrawn ? Json(hold.withdrawn->reason) : Json(nullptr)},
                     {"recorded", is_recorded}});
  }
  return holds;
}

core::Result<Json> DecisionsJson(const cc::ContractData& data, core::Index contract, ShownNames& names) {
  Json decisions = Json::array();
  for (const cc::EscalationDecision& decision : data.decisions) {
    if (decision.contract != contract) continue;
    auto user = names.User(decision.user);
    if (!user.ok()) return user.error();
    decisions.push_back({{"line", decision.line},
                         {"date", decision.date.ToString()},
                         {"decision", cc::NameOf(decision.decision)},
                         {"user", *user},
                         {"reason", decision.reason},
                         {"to_level", TextJson(decision.to_level)},
                         {"cause", cc::NameOf(decision.cause)}});
  }
  return decisions;
}

Json TriggersJson(const cc::EscalationResult& result, core::Index contract) {
  Json triggers = Json::array();
  for (const cc::FiredTrigger& trigger : result.triggers) {
    if (trigger.contract != contract) continue;
    triggers.push_back({{"day", trigger.day.ToString()},
                        {"kind", trigger.kind},
                        {"ref", trigger.ref},
                        {"level", trigger.level},
                        {"reason", cc::NameOf(trigger.reason)}});
  }
  return triggers;
}

// The contract the caller may see, by id (kNotFound otherwise).
core::Result<core::Index> VisibleContract(const LadderRecords& records, const Caller& caller,
                                          const std::string& contract_id) {
  const cc::Contract* contract = records.Find(contract_id);
  if (contract == nullptr || !ScopeOf(caller).Sees(records.master.suppliers[contract->supplier].id)) {
    return NotFound("contract '" + contract_id + "'");
  }
  return static_cast<core::Index>(contract - records.data.contracts.data());
}

core::Result<Json> CaseDetailJson(store::Store& db, const Caller& caller, const LadderRecords& records,
                                  core::Index contract, const ContractRuleSet& rules, core::Date as_of) {
  auto result = Replay(records, rules, as_of);
  if (!result.ok()) return result.error();
  const auto row = std::find_if(result->rows.begin(), result->rows.end(),
                                [&](const cc::EscalationRow& r) { return r.contract == contract; });
  const std::string& contract_id = records.data.contracts[contract].id;
  if (row == result->rows.end()) return NotFound("an escalation case of contract '" + contract_id + "'");
  ShownNames names(db, caller);
  auto shown = CaseJson(CaseRowOf(*row, records.data.contracts[contract], rules, as_of), records, names);
  if (!shown.ok()) return shown.error();
  auto cases = HistoryJson(*result, contract, names);
  if (!cases.ok()) return cases.error();
  auto holds = HoldsJson(db, *result, contract, names);
  if (!holds.ok()) return holds.error();
  auto decisions = DecisionsJson(records.data, contract, names);
  if (!decisions.ok()) return decisions.error();
  Json answer = *std::move(shown);
  answer["as_of"] = as_of.ToString();
  answer["cases"] = *std::move(cases);
  answer["holds"] = *std::move(holds);
  answer["decisions"] = *std::move(decisions);
  answer["triggers"] = TriggersJson(*result, contract);
  return answer;
}

// --- deciding ------------------------------------------------------------------

// The decision as the ladder reads it, checked on its own.
core::Result<cc::EscalationDecision> DecisionOf(const DecisionBody& body, core::Index contract, const std::string& user,
                                                core::Date today) {
  cc::EscalationDecision decision;
  decision.contract = contract;
  auto date = AsOf(body.date, today, "/date");
  if (!date.ok()) return date.error();
  if (*date > today) return core::BadInput("a decision is never dated after today", {"", 0, "/date"});
  decision.date = *date;
  const std::optional<cc::Decision> kind = Named(kDecisions, body.decision);
  if (!kind) {
    return core::BadInput("decision is escalate, deescalate, close or withdraw_hold", {"", 0, "/decision"});
  }
  decision.decision = *kind;
  if (body.reason.find_first_not_of(" \t\n") == std::string::npos) {
    return core::BadInput("say why (it is recorded with the decision)", {"", 0, "/reason"});
  }
  if (core::Status text = CheckStoredText(body.reason, "/reason"); !text.ok()) return text.error();
  decision.reason = body.reason;
  decision.to_level = body.to_level.value_or("");
  if (decision.decision == cc::Decision::kEscalate && decision.to_level.empty()) {
    return core::BadInput("escalate needs to_level", {"", 0, "/to_level"});
  }
  const std::optional<cc::Cause> cause = Named(kCauses, body.cause.value_or("quality"));
  if (!cause) return core::BadInput("cause is quality or delivery", {"", 0, "/cause"});
  decision.cause = *cause;
  decision.user = user;
  return decision;
}

core::Result<store::BatchHeader> DecisionHeader(const Caller& caller, const std::string& contract_id,
                                                const cc::EscalationDecision& decision, Instant now) {
  store::BatchHeader header;
  header.created_at = Rfc3339(now);
  header.user = caller.user;
  header.source = std::string(cc::NameOf(decision.decision)) + " decision on contract " + contract_id + " dated " +
                  decision.date.ToString();
  header.comment = decision.reason;
  store::AuditEntry audit;
  audit.at = now;
  audit.user = caller.user;
  audit.address = caller.address;
  audit.action = "escalation.decide";
  audit.target = contract_id;
  audit.after = Json{{"contract_id", contract_id},
                     {"date", decision.date.ToString()},
                     {"decision", cc::NameOf(decision.decision)},
                     {"to_level", TextJson(decision.to_level)},
                     {"cause", cc::NameOf(decision.cause)},
                     {"reason", decision.reason}}
                    .dump();
  header.audit = std::move(audit);
  return header;
}

store::EscalationDecisionRecord RecordOf(const std::string& contract_id, const cc::EscalationDecision& decision) {
  return {contract_id,     decision.date,     std::string(cc::NameOf(decision.decision)), decision.user,
          decision.reason, decision.to_level, std::string(cc::NameOf(decision.cause))};
}

Recorder RecorderOf(const Caller& caller, Instant now) { return {caller.user, Rfc3339(now), caller.address}; }

}  // namespace

const SortSpec& EscalationsSort() {
  static const SortSpec kSpec = SpecOf(BoardFields(), "-level_rank,-decision_due,next_review", "contract_id");
  return kSpec;
}

core::Result<Json> ListEscalations(store::Store& db, const Caller& caller, const EscalationsQuery& query,
                                   const ContractRuleSet& rules, core::Date today) {
  auto as_of = AsOf(query.as_of, today, "as_of");
  if (!as_of.ok()) return as_of.error();
  auto keys = ParseSort(EscalationsSort(), query.sort);
  if (!keys.ok()) return keys.error();
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto records = ReadLadderRecords(db);
  if (!records.ok()) return records.error();
  auto filter = FilterOf(query, caller, records->master);
  if (!filter.ok()) return filter.error();
  auto result = Replay(*records, rules, *as_of);
  if (!result.ok()) return result.error();
  std::vector<CaseRow> rows;
  for (const cc::EscalationRow& row : result->rows) {
    if (filter->Keeps(row)) rows.push_back(CaseRowOf(row, records->data.contracts[row.contract], rules, *as_of));
  }
  const auto total = static_cast<std::int64_t>(rows.size());
  SortRows(rows, BoardFields(), *keys, rows.size(), &ByContractId);
  ShownNames names(db, caller);
  Json page = Json::array();
  for (const CaseRow& row : TakePage(std::move(rows), *paging)) {
    auto shown = CaseJson(row, *records, names);
    if (!shown.ok()) return shown.error();
    page.push_back(*std::move(shown));
  }
  return Json{{"as_of", as_of->ToString()},
              {"total_count", total},
              {"limit", paging->limit},
              {"offset", paging->offset},
              {"rows", std::move(page)}};
}

core::Result<Json> ShowEscalation(store::Store& db, const Caller& caller, const std::string& contract_id,
                                  const std::optional<std::string>& as_of, const ContractRuleSet& rules,
                                  core::Date today) {
  auto date = AsOf(as_of, today, "as_of");
  if (!date.ok()) return date.error();
  auto records = ReadLadderRecords(db);
  if (!records.ok()) return records.error();
  auto contract = VisibleContract(*records, caller, contract_id);
  if (!contract.ok()) return contract.error();
  return CaseDetailJson(db, caller, *records, *contract, rules, *date);
}

core::Result<Json> DecideEscalation(store::Store& db, const Caller& caller, const std::string& contract_id,
                                    const DecisionBody& body, const ContractRuleSet& rules, Instant now,
                                    core::Date today) {
  if (core::Status allowed = internal::Permit(caller, UseCase::kDecideEscalation); !allowed.ok()) {
    return allowed.error();
  }
  auto records = ReadLadderRecords(db);
  if (!records.ok()) return records.error();
  auto contract = VisibleContract(*records, caller, contract_id);
  if (!contract.ok()) return contract.error();
  auto decision = DecisionOf(body, *contract, caller.user, today);
  if (!decision.ok()) return decision.error();
  if (records->data.contracts[*contract].ladder == "none") {
    return internal::RuleViolation("contract '" + contract_id + "' has no escalation ladder (ladder none)");
  }
  // The log with the decision appended must replay without a misfit up to
  // today: the decision fits its case, and no later decision stops fitting.
  cc::ContractData with = records->data;
  decision->line = with.decisions.empty() ? 2 : with.decisions.back().line + 1;
  with.decisions.push_back(*decision);
  const cc::EscalationResult replayed = cc::Escalate(rules.contracts, with, records->master, today);
  if (!replayed.errors.empty()) return internal::RuleViolation(replayed.errors.front().message);
  auto header = DecisionHeader(caller, contract_id, *decision, now);
  if (!header.ok()) return header.error();
  if (auto batch = db.RecordEscalationDecision(RecordOf(contract_id, *decision), *header); !batch.ok()) {
    return batch.error();
  }
  if (auto holds = RecordLadderHolds(db, replayed.holds, RecorderOf(caller, now)); !holds.ok()) {
    return holds.error();
  }
  auto after = ReadLadderRecords(db);
  if (!after.ok()) return after.error();
  return CaseDetailJson(db, caller, *after, *contract, rules, today);
}

core::Result<Json> RecordEscalationHolds(store::Store& db, const Caller& caller,
                                         const std::optional<std::string>& as_of, const ContractRuleSet& rules,
                                         Instant now, core::Date today) {
  if (core::Status allowed = internal::Permit(caller, UseCase::kRecordEscalationHolds); !allowed.ok()) {
    return allowed.error();
  }
  auto date = AsOf(as_of, today, "/as_of");
  if (!date.ok()) return date.error();
  if (*date > today) return core::BadInput("holds are never recorded ahead of today", {"", 0, "/as_of"});
  auto records = ReadLadderRecords(db);
  if (!records.ok()) return records.error();
  auto result = Replay(*records, rules, *date);
  if (!result.ok()) return result.error();
  auto written = RecordLadderHolds(db, result->holds, RecorderOf(caller, now));
  if (!written.ok()) return written.error();
  Json rows = Json::array();
  for (const RecordedHold& recorded : *written) {
    const cc::LadderHold& hold = recorded.hold;
    rows.push_back({{"contract_id", hold.contract_id},
                    {"supplier_id", hold.supplier_id},
                    {"case", hold.case_number},
                    {"since", hold.since.ToString()},
                    {"reason", cc::NameOf(hold.reason)},
                    {"level", hold.level},
                    {"withdrawn_on", hold.withdrawn ? Json(hold.withdrawn->on.ToString()) : Json(nullptr)},
                    {"imposed", recorded.imposed},
                    {"withdrawn", recorded.withdrawn}});
  }
  return Json{{"as_of", date->ToString()}, {"rows", std::move(rows)}};
}

}  // namespace supeval::service
