// The contract use cases of the API: the register, the health check,
// published settlements and a contract's settlement computed now, scoped to
// a supplier user's own contracts (contract_views.hpp).
#include "supeval/service/contract_views.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "account_support.hpp"
#include "published_runs.hpp"
#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/contracts/health.hpp"
#include "supeval/core/period.hpp"
#include "supeval/io/explanation_writer.hpp"

namespace supeval::service {
namespace {

namespace contracts = core::contracts;
using internal::NotFound;

// The current records: master data and the contract files.
struct Register : internal::CurrentRecords {
  [[nodiscard]] const contracts::Contract* Find(std::string_view contract_id) const {
    const auto found = std::lower_bound(data.contracts.begin(), data.contracts.end(), contract_id,
                                        [](const contracts::Contract& c, std::string_view id) { return c.id < id; });
    return found != data.contracts.end() && found->id == contract_id ? &*found : nullptr;
  }
  [[nodiscard]] const std::string& SupplierOf(const contracts::Contract& contract) const {
    return master.suppliers[contract.supplier].id;
  }
};

core::Result<Register> ReadRegister(store::Store& db) {
  auto read = internal::ReadCurrentRecords(db, false);
  if (!read.ok()) return read.error();
  Register records;
  static_cast<internal::CurrentRecords&>(records) = *std::move(read);
  return records;
}

bool HasSupplier(const core::MasterData& master, std::string_view supplier_id) {
  return std::any_of(master.suppliers.begin(), master.suppliers.end(),
                     [&](const core::Supplier& s) { return s.id == supplier_id; });
}

// A supplier filter: none, or one the caller may see that exists (else the
// kNotFound every out-of-scope id answers).
core::Result<std::optional<std::string>> SupplierFilter(const Caller& caller, const core::MasterData& master,
                                                        const std::optional<std::string>& supplier_id) {
  const SupplierScope scope = ScopeOf(caller);
  if (!supplier_id) return scope.only;
  if (!scope.Sees(*supplier_id) || !HasSupplier(master, *supplier_id)) {
    return NotFound("supplier '" + *supplier_id + "'");
  }
  return supplier_id;
}

// The contract `contract_id` when the caller may see it.
core::Result<const contracts::Contract*> VisibleContract(const Register& records, const Caller& caller,
                                                         const std::string& contract_id) {
  const contracts::Contract* contract = records.Find(contract_id);
  if (contract == nullptr || !ScopeOf(caller).Sees(records.SupplierOf(*contract))) {
    return NotFound("contract '" + contract_id + "'");
  }
  return contract;
}

// A query parameter that must be one of `names` (absent: no filter).
core::Status CheckChoice(std::string_view parameter, const std::optional<std::string>& value,
                         std::span<const std::string_view> names) {
  if (!value || std::find(names.begin(), names.end(), *value) != names.end()) return core::Ok{};
  std::string listed;
  for (const std::string_view name : names) listed += (listed.empty() ? "" : ", ") + std::string(name);
  return core::BadInput("'" + *value + "' is not one of " + listed, {"", 0, std::string(parameter)});
}

Json TextOrNull(std::string_view text) { return text.empty() ? Json(nullptr) : Json(std::string(text)); }
Json DateOrNull(const std::optional<core::Date>& date) { return date ? Json(date->ToString()) : Json(nullptr); }
Json FigureOrNull(const std::optional<core::Rational>& value) {
  return value ? Json(value->ToFigure()) : Json(nullptr);
}

Json ContractJson(const Register& records, const contracts::Contract& c) {
  const core::Supplier& supplier = records.master.suppliers[c.supplier];
  Json materials = Json::array();
  for (const core::Index material : c.materials) materials.push_back(records.master.materials[material].id);
  return Json{{"contract_id", c.id},
              {"supplier_id", supplier.id},
              {"supplier_name", supplier.name},
              {"type", contracts::NameOf(c.type)},
              {"title", TextOrNull(c.title)},
              {"start", c.start.ToString()},
              {"end", DateOrNull(c.end)},
              {"currency", c.currency},
              {"tier_mode", c.tier_mode ? Json(contracts::NameOf(*c.tier_mode)) : Json(nullptr)},
              {"penalty_cap_share", FigureOrNull(c.penalty_cap_share)},
              {"bonus_cap_share", FigureOrNull(c.bonus_cap_share)},
              {"ladder", c.ladder},
              {"exclusive", c.exclusive},
              {"exclusive_until", DateOrNull(c.exclusive_until)},
              {"ip_to_partner", contracts::NameOf(c.ip_to_partner)},
              {"ip_term", contracts::NameOf(c.ip_term)},
              {"software_escrow", c.software_escrow},
              {"dual_source_lead_days", c.dual_source_lead_days ? Json(*c.dual_source_lead_days) : Json(nullptr)},
              {"force_majeure", contracts::NameOf(c.force_majeure)},
              {"contingency_logistics", c.contingency_logistics},
              {"steering_committee", c.steering_committee},
              {"materials", std::move(materials)}};
}

Json ClausesJson(const Register& records, core::Index contract) {
  Json clauses = Json::array();
  for (const contracts::KpiClause& k : records.data.kpis) {
    if (k.contract != contract) continue;
    clauses.push_back(Json{{"clause_id", k.id},
                           {"kpi", contracts::NameOf(k.kpi)},
                           {"target", k.target.ToFigure()},
                           {"penalty_rate", k.penalty_rate.ToFigure()},
                           {"bonus_rate", k.bonus_rate.ToFigure()},
                           {"cap_share", FigureOrNull(k.cap_share)},
                           {"escalate", k.escalate}});
  }
  return clauses;
}

Json MilestonesJson(const Register& records, core::Index contract) {
  Json milestones = Json::array();
  for (const contracts::Milestone& m : records.data.milestones) {
    if (m.contract != contract) continue;
    milestones.push_back(Json{{"milestone_id", m.id},
                              {"name", m.name},
                              {"due_date", m.due_date.ToString()},
                              {"approved_on", DateOrNull(m.approved_on)},
                              {"payment", m.payment.ToFixed(2)},
                              {"critical", m.critical}});
  }
  return milestones;
}

Json FindingJson(const contracts::Finding& f) {
  return Json{{"finding", f.finding}, {"severity", contracts::NameOf(f.severity)}, {"detail", TextOrNull(f.detail)}};
}

core::Index IndexOf(const Register& records, const contracts::Contract& contract) {
  return static_cast<core::Index>(&contract - records.data.contracts.data());
}

// --- the register's order ---------------------------------------------------

struct ContractRow {
  const Register* records;
  const contracts::Contract* contract;
};

const std::vector<SortField<ContractRow>>& ContractFields() {
  static const std::vector<SortField<ContractRow>> kFields = {
      {"contract_id", [](const ContractRow& r) { return SortText(r.contract->id); }},
      {"supplier_id", [](const ContractRow& r) { return SortText(r.records->SupplierOf(*r.contract)); }},
      {"type", [](const ContractRow& r) { return SortText(contracts::NameOf(r.contract->type)); }},
      {"start", [](const ContractRow& r) { return SortNumber(static_cast<double>(r.contract->start.days())); }},
      {"end",
       [](const ContractRow& r) {
         return r.contract->end ? SortNumber(static_cast<double>(r.contract->end->days())) : SortValue();
       }},
  };
  return kFields;
}

bool ContainsFolded(std::string_view text, std::string_view part) {
  const auto fold = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  return std::search(text.begin(), text.end(), part.begin(), part.end(),
                     [&](char a, char b) { return fold(a) == fold(b); }) != text.end();
}

bool Matches(const ContractRow& row, const ContractsQuery& query, const std::optional<std::string>& supplier) {
  const contracts::Contract& c = *row.contract;
  const core::Supplier& s = row.records->master.suppliers[c.supplier];
  if (supplier && s.id != *supplier) return false;
  if (query.type && contracts::NameOf(c.type) != *query.type) return false;
  if (!query.q) return true;
  return ContainsFolded(c.id, *query.q) || ContainsFolded(c.title, *query.q) || ContainsFolded(s.id, *query.q) ||
         ContainsFolded(s.name, *query.q);
}

constexpr std::array<std::string_view, 5> kContractTypes = {"supply", "preferred", "joint_venture", "license",
                                                            "co_development"};
constexpr std::array<std::string_view, 3> kSeverities = {"high", "medium", "low"};
constexpr std::array<std::string_view, 9> kLineKinds = {"volume_tier", "indexation",       "take_or_pay",
                                                        "tooling",     "tooling_residual", "milestone",
                                                        "kpi",         "penalty_cap",      "bonus_cap"};

Json PageJson(std::int64_t total, const Paging& paging, Json rows) {
  return Json{{"total_count", total}, {"limit", paging.limit}, {"offset", paging.offset}, {"rows", std::move(rows)}};
}

// The page `paging` asks for of rows already in JSON, after the list's
// context members (none: `context` an empty object).
Json PageOfRows(Json context, std::vector<Json> rows, const Paging& paging) {
  const auto total = static_cast<std::int64_t>(rows.size());
  Json page_rows = Json::array();
  for (Json& row : TakePage(std::move(rows), paging)) page_rows.push_back(std::move(row));
  context.update(PageJson(total, paging, std::move(page_rows)));
  return context;
}

// --- settlements ---------------------------------------------------------------

// The cells of a settlement line (SettlementColumns order).
enum Cell : std::size_t { kContractId = 0, kSupplierId = 1, kKind = 4 };

Json LineJson(const std::vector<std::string>& cells) {
  Json line = Json::object();
  const auto& columns = contracts::SettlementColumns();
  for (std::size_t i = 0; i < columns.size() && i < cells.size(); ++i) {
    line[std::string(columns[i])] = TextOrNull(cells[i]);
  }
  return line;
}

// Which lines of a settlement a request sees: the caller's scope and the
// contract and supplier filters.
struct LineFilter {
  std::optional<std::string> supplier_id;
  std::optional<std::string> contract_id;
  std::optional<std::string> kind;

  [[nodiscard]] bool Passes(const std::vector<std::string>& cells) const {
    return (!supplier_id || cells[kSupplierId] == *supplier_id) &&
           (!contract_id || cells[kContractId] == *contract_id) && (!kind || cells[kKind] == *kind);
  }
  [[nodiscard]] bool Any() const { return supplier_id || contract_id || kind; }
};

// The filter of a request naming a supplier and a contract: both checked
// against the register and the caller's scope.
core::Result<LineFilter> LineFilterOf(store::Store& db, const Caller& caller,
                                      const std::optional<std::string>& supplier_id,
                                      const std::optional<std::string>& contract_id) {
  LineFilter filter;
  filter.contract_id = contract_id;
  if (!supplier_id && !contract_id && !ScopeOf(caller).only) return filter;
  auto records = ReadRegister(db);
  if (!records.ok()) return records.error();
  auto supplier = SupplierFilter(caller, records->master, supplier_id);
  if (!supplier.ok()) return supplier.error();
  filter.supplier_id = *supplier;
  if (contract_id) {
    auto contract = VisibleContract(*records, caller, *contract_id);
    if (!contract.ok()) return contract.error();
  }
  return filter;
}

// A user as the caller may see it: the login name for staff, the display
// name for a supplier user (API.md, "Roles and scope").
core::Result<std::string> UserShown(store::Store& db, const Caller& caller, const std::string& login) {
  if (!ScopeOf(caller).only) return login;
  auto user = db.accounts().FindUser(login);
  if (!user.ok()) return user.error();
  return *user ? (*user)->display_name : login;
}

core::Result<Json> SettlementJson(store::Store& db, const Caller& caller, const store::SettlementSummary& summary,
                                  std::int64_t lines) {
  auto period = core::ParsePeriod(summary.period);
  if (!period.ok()) return core::Internal("published settlement with period '" + summary.period + "'");
  auto by = UserShown(db, caller, summary.user);
  if (!by.ok()) return by.error();
  return Json{{"settlement", summary.id},
              {"period", period->label},
              {"from", period->first.ToString()},
              {"to", period->last.ToString()},
              {"published_at", summary.created_at},
              {"published_by", *by},
              {"rules_sha256", summary.rules_sha256},
              {"as_of_batch", summary.as_of_batch},
              {"lines", lines}};
}

std::int64_t CountPassing(const store::SettlementRecord& record, const LineFilter& filter) {
  return std::count_if(record.lines.begin(), record.lines.end(),
                       [&](const std::vector<std::string>& cells) { return filter.Passes(cells); });
}

// The settlement `number` when the caller sees a line of it.
core::Result<store::SettlementRecord> VisibleSettlement(store::SettlementStore& settlements, const Caller& caller,
                                                        const std::string& number) {
  auto id = ParseIntegerParameter("n", number, 1, INT64_MAX);
  if (!id.ok()) return id.error();
  // One read: the store answers kBadInput for a settlement it does not hold.
  auto record = settlements.Read(*id);
  if (!record.ok() && record.error().code == core::ErrorCode::kBadInput) return NotFound("settlement " + number);
  if (!record.ok()) return record.error();
  const LineFilter scope{ScopeOf(caller).only, std::nullopt, std::nullopt};
  if (scope.Any() && CountPassing(*record, scope) == 0) return NotFound("settlement " + number);
  return record;
}

// The period of the latest published run: what a contract's settlement is
// shown for when no period is asked for.
}  // namespace

const SortSpec& ContractsSort() {
  static const SortSpec kSpec = SpecOf(ContractFields(), "contract_id", "contract_id");
  return kSpec;
}

core::Result<Json> ListContracts(store::Store& db, const Caller& caller, const ContractsQuery& query) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto keys = ParseSort(ContractsSort(), query.sort);
  if (!keys.ok()) return keys.error();
  if (core::Status checked = CheckChoice("type", query.type, kContractTypes); !checked.ok()) return checked.error();
  auto records = ReadRegister(db);
  if (!records.ok()) return records.error();
  auto supplier = SupplierFilter(caller, records->master, query.supplier_id);
  if (!supplier.ok()) return supplier.error();
  std::vector<ContractRow> rows;
  for (const contracts::Contract& contract : records->data.contracts) {
    const ContractRow row{&*records, &contract};
    if (Matches(row, query, *supplier)) rows.push_back(row);
  }
  const auto total = static_cast<std::int64_t>(rows.size());
  SortRows(
      rows, ContractFields(), *keys, PageOf(*paging, rows.size()).end,
      +[](const ContractRow& a, const ContractRow& b) { return a.contract->id < b.contract->id; });
  Json json_rows = Json::array();
  for (const ContractRow& row : TakePage(std::move(rows), *paging)) {
    json_rows.push_back(ContractJson(*records, *row.contract));
  }
  return PageJson(total, *paging, std::move(json_rows));
}

core::Result<Json> ShowContract(store::Store& db, const Caller& caller, const std::string& contract_id,
                                const contracts::ContractRules& rules) {
  auto records = ReadRegister(db);
  if (!records.ok()) return records.error();
  auto contract = VisibleContract(*records, caller, contract_id);
  if (!contract.ok()) return contract.error();
  const core::Index index = IndexOf(*records, **contract);
  Json json = ContractJson(*records, **contract);
  json["clauses"] = ClausesJson(*records, index);
  json["milestones"] = MilestonesJson(*records, index);
  json["findings"] = nullptr;
  if (!ScopeOf(caller).only) {
    Json findings = Json::array();
    for (const contracts::Finding& f : contracts::CheckContracts(rules, records->data, records->master)) {
      if (f.contract_id == contract_id) findings.push_back(FindingJson(f));
    }
    json["findings"] = std::move(findings);
  }
  return json;
}

core::Result<Json> ListContractFindings(store::Store& db, const Caller& caller, const FindingsQuery& query,
                                        const contracts::ContractRules& rules) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  if (core::Status checked = CheckChoice("severity", query.severity, kSeverities); !checked.ok()) {
    return checked.error();
  }
  auto records = ReadRegister(db);
  if (!records.ok()) return records.error();
  auto supplier = SupplierFilter(caller, records->master, query.supplier_id);
  if (!supplier.ok()) return supplier.error();
  if (query.contract_id) {
    auto contract = VisibleContract(*records, caller, *query.contract_id);
    if (!contract.ok()) return contract.error();
  }
  std::vector<Json> rows;
  for (const contracts::Finding& f : contracts::CheckContracts(rules, records->data, records->master)) {
    const contracts::Contract* contract = records->Find(f.contract_id);
    assert(contract != nullptr);
    const std::string& supplier_id = records->SupplierOf(*contract);
    if ((*supplier && supplier_id != **supplier) || (query.contract_id && f.contract_id != *query.contract_id) ||
        (query.severity && contracts::NameOf(f.severity) != *query.severity)) {
      continue;
    }
    Json row{{"contract_id", f.contract_id}, {"supplier_id", supplier_id}};
    row.update(FindingJson(f));
    rows.push_back(std::move(row));
  }
  return PageOfRows(Json::object(), std::move(rows), *paging);
}

core::Result<Json> ListSettlements(store::Store& db, store::SettlementStore& settlements, const Caller& caller,
                                   const SettlementsQuery& query) {
  auto paging = ParseCursorPaging(query.before, query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  std::optional<core::Period> period;
  if (query.period) {
    auto parsed = core::ParsePeriod(*query.period);
    if (!parsed.ok()) return core::BadInput(parsed.error().message, {"", 0, "period"});
    period = *std::move(parsed);
  }
  auto filter = LineFilterOf(db, caller, query.supplier_id, query.contract_id);
  if (!filter.ok()) return filter.error();
  auto listed = settlements.List();
  if (!listed.ok()) return listed.error();
  std::vector<std::pair<store::SettlementSummary, std::int64_t>> rows;
  for (store::SettlementSummary& summary :
       NewestFirstBefore(*std::move(listed), paging->before, [](const auto& s) { return s.id; })) {
    if (period) {
      auto its = core::ParsePeriod(summary.period);
      if (!its.ok() || its->first != period->first || its->last != period->last) continue;
    }
    std::int64_t lines = summary.lines;
    if (filter->Any()) {
      auto record = settlements.Read(summary.id);
      if (!record.ok()) return record.error();
      lines = CountPassing(*record, *filter);
      if (lines == 0) continue;
    }
    rows.emplace_back(std::move(summary), lines);
  }
  const auto total = static_cast<std::int64_t>(rows.size());
  Json json_rows = Json::array();
  for (const auto& [summary, lines] : TakePage(std::move(rows), paging->paging)) {
    auto row = SettlementJson(db, caller, summary, lines);
    if (!row.ok()) return row.error();
    json_rows.push_back(*std::move(row));
  }
  return PageJson(total, paging->paging, std::move(json_rows));
}

core::Result<Json> ShowSettlement(store::Store& db, store::SettlementStore& settlements, const Caller& caller,
                                  const std::string& number) {
  auto record = VisibleSettlement(settlements, caller, number);
  if (!record.ok()) return record.error();
  const LineFilter scope{ScopeOf(caller).only, std::nullopt, std::nullopt};
  return SettlementJson(db, caller, record->summary, CountPassing(*record, scope));
}

core::Result<store::SettlementRecord> SettlementInScope(store::SettlementStore& settlements, const Caller& caller,
                                                        const std::string& number) {
  auto record = VisibleSettlement(settlements, caller, number);
  if (!record.ok()) return record.error();
  const LineFilter scope{ScopeOf(caller).only, std::nullopt, std::nullopt};
  std::erase_if(record->lines, [&scope](const std::vector<std::string>& cells) { return !scope.Passes(cells); });
  return record;
}

core::Result<Json> ListSettlementLines(store::Store& db, store::SettlementStore& settlements, const Caller& caller,
                                       const std::string& number, const SettlementLinesQuery& query) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  if (core::Status checked = CheckChoice("kind", query.kind, kLineKinds); !checked.ok()) return checked.error();
  auto record = VisibleSettlement(settlements, caller, number);
  if (!record.ok()) return record.error();
  auto filter = LineFilterOf(db, caller, query.supplier_id, query.contract_id);
  if (!filter.ok()) return filter.error();
  filter->kind = query.kind;
  std::vector<Json> rows;
  for (std::size_t i = 0; i < record->lines.size(); ++i) {
    if (!filter->Passes(record->lines[i])) continue;
    Json row{{"line", static_cast<std::int64_t>(i + 1)}};
    row.update(LineJson(record->lines[i]));
    rows.push_back(std::move(row));
  }
  return PageOfRows(Json{{"settlement", record->summary.id}}, std::move(rows), *paging);
}

core::Result<Json> ContractKpiHistory(store::Store& db, store::SettlementStore& settlements, const Caller& caller,
                                      const std::string& contract_id, const std::optional<std::string>& limit,
                                      const std::optional<std::string>& offset) {
  auto paging = ParsePaging(limit, offset);
  if (!paging.ok()) return paging.error();
  auto records = ReadRegister(db);
  if (!records.ok()) return records.error();
  if (auto contract = VisibleContract(*records, caller, contract_id); !contract.ok()) return contract.error();
  auto listed = settlements.List();
  if (!listed.ok()) return listed.error();
  // The latest settlement of each period (its dates) with lines of the contract.
  std::map<std::pair<std::int32_t, std::int32_t>, store::SettlementRecord> latest;
  for (const store::SettlementSummary& summary : *listed) {
    auto record = settlements.Read(summary.id);
    if (!record.ok()) return record.error();
    const LineFilter mine{std::nullopt, contract_id, std::string("kpi")};
    if (CountPassing(*record, mine) == 0) continue;
    latest.insert_or_assign({record->period_first.days(), record->period_last.days()}, *std::move(record));
  }
  std::vector<Json> rows;
  for (const auto& [dates, record] : latest) {
    auto period = core::ParsePeriod(record.summary.period);
    if (!period.ok()) return core::Internal("published settlement with period '" + record.summary.period + "'");
    for (const std::vector<std::string>& cells : record.lines) {
      if (cells[kContractId] != contract_id || cells[kKind] != "kpi") continue;
      const Json line = LineJson(cells);
      rows.push_back(Json{{"settlement", record.summary.id},
                          {"period", period->label},
                          {"from", record.period_first.ToString()},
                          {"to", record.period_last.ToString()},
                          {"clause_id", line["ref"]},
                          {"status", line["status"]},
                          {"actual", line["actual"]},
                          {"target", line["target"]},
                          {"shortfall", line["shortfall"]},
                          {"amount", line["amount"]}});
    }
  }
  return PageOfRows(Json{{"contract_id", contract_id}}, std::move(rows), *paging);
}

core::Result<Json> PreviewContractSettlement(store::Store& db, const Caller& caller, const std::string& contract_id,
                                             const std::optional<std::string>& period_text,
                                             const ContractRuleSet& rules, const std::string& db_url) {
  std::optional<core::Period> given;
  if (period_text) {
    auto parsed = core::ParsePeriod(*period_text);
    if (!parsed.ok()) return core::BadInput(parsed.error().message, {"", 0, "period"});
    given = *std::move(parsed);
  }
  auto records = ReadRegister(db);
  if (!records.ok()) return records.error();
  if (auto contract = VisibleContract(*records, caller, contract_id); !contract.ok()) return contract.error();
  auto period = given ? core::Result<core::Period>(*given) : internal::LatestRunPeriod(db);
  if (!period.ok()) return period.error();
  ContractsRequest request;
  request.db_url = db_url;
  request.rules = rules;
  request.period = period->label;
  request.threads = 1;
  auto explained = ExplainContractSettlement(request, contract_id);
  if (!explained.ok() && explained.error().code == core::ErrorCode::kBadInput) {
    return core::Failure(core::ErrorCode::kRefused, explained.error().ToString());
  }
  if (!explained.ok()) return explained.error();
  Json lines = Json::array();
  for (const contracts::SettlementLine& line : explained->settlement.lines) {
    if (line.contract_id != contract_id) continue;
    Json row = LineJson(contracts::SettlementCells(line));
    row["steps"] = line.steps;
    lines.push_back(std::move(row));
  }
  Json explanation = nullptr;
  if (explained->slice_explanation) {
    explanation =
        Json::parse(io::WriteExplanationJson(*explained->slice_explanation, explained->period, explained->rules));
  }
  return Json{{"contract_id", contract_id},    {"period", period->label},   {"from", period->first.ToString()},
              {"to", period->last.ToString()}, {"lines", std::move(lines)}, {"explanation", std::move(explanation)}};
}

core::Result<PublishedSettlementView> PublishSettlement(store::Store& db, store::SettlementStore& settlements,
                                                        const Caller& caller, const std::string& period,
                                                        const ContractRuleSet& rules, const std::string& db_url,
                                                        Instant at) {
  if (auto parsed = core::ParsePeriod(period); !parsed.ok()) {
    return core::BadInput(parsed.error().message, {"", 0, "/period"});
  }
  ContractsRequest request;
  request.db_url = db_url;
  request.rules = rules;
  request.period = period;
  request.threads = 1;
  request.user = caller.user;
  request.created_at = Rfc3339(at);
  request.address = caller.address;
  auto published = PublishContractsSettlement(request);
  // Bad records, or nothing imported yet: the request is well-formed, the
  // data refuses it (422), as when publishing a run.
  if (!published.ok() && published.error().code == core::ErrorCode::kBadInput) {
    return core::Failure(core::ErrorCode::kRefused, published.error().ToString());
  }
  if (!published.ok()) return published.error();
  auto shown = ShowSettlement(db, settlements, caller, std::to_string(published->id));
  if (!shown.ok()) return shown.error();
  return PublishedSettlementView{*std::move(shown), published->id};
}

}  // namespace supeval::service
