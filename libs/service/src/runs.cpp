// Evaluating from the store, publishing, reproducing and comparing runs.
#include "supeval/service/runs.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sha256.hpp"
#include "stored_text.hpp"
#include "supeval/core/figures.hpp"
#include "supeval/core/printable.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/io/rules_toml.hpp"
#include "supeval/io/terminal_text.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/evaluate.hpp"
#include "supeval/service/notifications.hpp"

namespace supeval::service {
namespace {

using Json = nlohmann::ordered_json;

// Commands that only read open the database read-only, so that a user who
// may only read it can.
core::Result<std::unique_ptr<store::Store>> OpenForReading(const std::string& db_url) {
  return store::OpenStore(db_url, {.read_only = true});
}

// Shortest text that reads back as the same double.
std::string Exact(const std::optional<double>& value) {
  if (!value) return "(empty)";
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, *value).ptr;
  return std::string(buffer, end);
}

std::string_view StatusName(core::EvaluationStatus status) {
  return status == core::EvaluationStatus::kEvaluated ? "evaluated" : "not_evaluated";
}

struct NamedScore {
  std::string_view name;
  std::optional<double> core::SupplierResult::*score;
};
constexpr NamedScore kScores[] = {{"ppm", &core::SupplierResult::ppm}, {"qz1", &core::SupplierResult::qz1},
                                  {"qz2", &core::SupplierResult::qz2}, {"qz3", &core::SupplierResult::qz3},
                                  {"qz4", &core::SupplierResult::qz4}, {"qz", &core::SupplierResult::qz},
                                  {"lz1", &core::SupplierResult::lz1}, {"lz2", &core::SupplierResult::lz2},
                                  {"lz", &core::SupplierResult::lz},   {"total", &core::SupplierResult::total}};

struct NamedCount {
  std::string_view name;
  std::int64_t core::SupplierResult::*count;
};
constexpr NamedCount kCounts[] = {{"deliveries", &core::SupplierResult::deliveries},
                                  {"series_deliveries", &core::SupplierResult::series_deliveries},
                                  {"sample_deliveries", &core::SupplierResult::sample_deliveries},
                                  {"complaints", &core::SupplierResult::complaints},
                                  {"sample_complaints", &core::SupplierResult::sample_complaints}};

// Scores are the same when both are empty or they are the same figure: equal
// within the floating-point error (core/figures.hpp), so that a run published
// by an engine that took its floating-point steps in another order still
// reproduces.
bool SameScore(const std::optional<double>& a, const std::optional<double>& b) {
  return a.has_value() == b.has_value() && (!a || core::SameFigure(*a, *b));
}

// Each field that differs, as "field: published X, now Y" (printable: the
// names and warnings come from the data).
std::vector<std::string> FieldDifferences(const core::SupplierResult& published, const core::SupplierResult& now) {
  std::vector<std::string> out;
  auto differ = [&](std::string_view field, const std::string& a, const std::string& b) {
    if (a != b) out.push_back(core::Printable(std::string(field) + ": published " + a + ", now " + b));
  };
  differ("name", published.name, now.name);
  differ("status", std::string(StatusName(published.status)), std::string(StatusName(now.status)));
  differ("reason", published.reason, now.reason);
  for (const NamedCount& c : kCounts) differ(c.name, std::to_string(published.*c.count), std::to_string(now.*c.count));
  for (const NamedScore& s : kScores) {
    if (!SameScore(published.*s.score, now.*s.score)) differ(s.name, Exact(published.*s.score), Exact(now.*s.score));
  }
  differ("class", published.grade_class, now.grade_class);
  std::string a, b;
  for (const std::string& w : published.warnings) a += w + "; ";
  for (const std::string& w : now.warnings) b += w + "; ";
  differ("warnings", a, b);
  return out;
}

std::vector<core::SupplierResult> SortedById(std::vector<core::SupplierResult> results) {
  std::sort(results.begin(), results.end(),
            [](const core::SupplierResult& a, const core::SupplierResult& b) { return a.supplier_id < b.supplier_id; });
  return results;
}

std::vector<std::string> CompareWithPublished(const std::vector<core::SupplierResult>& published,
                                              const std::vector<core::SupplierResult>& now) {
  std::map<std::string, const core::SupplierResult*> current;
  for (const core::SupplierResult& r : now) current[r.supplier_id] = &r;
  std::vector<std::string> differences;
  for (const core::SupplierResult& p : published) {
    const auto found = current.find(p.supplier_id);
    if (found == current.end()) {
      differences.push_back(p.supplier_id + ": in the published run, missing now");
      continue;
    }
    for (const std::string& d : FieldDifferences(p, *found->second)) differences.push_back(p.supplier_id + " " + d);
    current.erase(found);
  }
  for (const auto& [id, result] : current) differences.push_back(id + ": not in the published run");
  return differences;
}

core::Result<core::Period> RunPeriod(const store::RunRecord& run) {
  auto period = core::ParsePeriod(run.summary.period);
  if (!period.ok()) return period.error();
  if (period->first != run.period_first || period->last != run.period_last) {
    return core::Internal("run " + std::to_string(run.summary.id) + ": period '" + run.summary.period +
                          "' does not match its recorded dates");
  }
  return period;
}

// What EvaluateStore refuses before it opens the store.
core::Status CheckEvaluateRequest(const StoreEvaluateRequest& request) {
  if (core::Status user = CheckStoredText(request.user, "--user"); request.publish && !user.ok()) return user.error();
  if (request.as_of_run) {
    if (!request.period.empty()) {
      return core::BadInput("--as-of reproduces the run's own period; leave out --period", {"", 0, "--period"});
    }
    if (request.rules_file || request.rules) {
      return core::BadInput("--as-of evaluates with the run's own rule set; leave out --rules", {"", 0, "--rules"});
    }
    if (request.publish) {
      return core::BadInput("a reproduced run is not published again; leave out --publish", {"", 0, "--publish"});
    }
  } else if (request.period.empty()) {
    return core::BadInput("a period is required (or --as-of RUN to reproduce a published run)", {"", 0, "--period"});
  }
  if (request.rules_file && request.rules) return core::Internal("a rule file and a rule set given together");

  return core::Ok{};
}

// The rows per plant or company of the records `outcome` saw (its batch,
// rules and period), read in a snapshot of their own.
core::Result<std::vector<core::ScopedResult>> EvaluateStoreScoped(store::Store& db, const StoreEvaluateOutcome& outcome,
                                                                  core::ScopeKind kind) {
  auto snapshot = db.OpenSnapshot(outcome.as_of_batch, 1);
  if (!snapshot.ok()) return snapshot.error();
  return EvaluateSourceScoped(**snapshot, outcome.rules, outcome.period, kind);
}

// The audit log's entry of a publication (API.md, "Accounts and audit"):
// its target the run's number, `after` what was published.
core::Result<store::AuditEntry> PublishAudit(const StoreEvaluateRequest& request, const store::RunRecord& record) {
  const std::optional<Instant> at = ParseRfc3339(request.created_at);
  if (!at) return core::Internal("the time of a publication is not RFC 3339 UTC: " + request.created_at);
  store::AuditEntry entry;
  entry.at = *at;
  entry.user = request.user;
  entry.address = request.address;
  entry.action = "run.publish";
  entry.after = nlohmann::ordered_json{{"period", record.summary.period},
                                       {"from", record.period_first.ToString()},
                                       {"to", record.period_last.ToString()},
                                       {"rules_name", record.summary.rules_name},
                                       {"rules_sha256", record.summary.rules_sha256},
                                       {"as_of_batch", record.summary.as_of_batch}}
                    .dump();
  return entry;
}

}  // namespace

nlohmann::ordered_json RunSummaryJson(const store::RunSummary& s) {
  return Json{{"run", s.id},
              {"period", s.period},
              {"published_at", s.created_at},
              {"published_by", s.user},
              {"rules_name", s.rules_name},
              {"rules_sha256", s.rules_sha256},
              {"as_of_batch", s.as_of_batch},
              {"suppliers", s.suppliers},
              {"evaluated", s.evaluated},
              {"scopes", s.scopes}};
}

std::string RuleSetText(const core::RuleSet& rules) { return io::WriteRuleSetToml(rules); }

std::string RuleSetSha256(const core::RuleSet& rules) { return Sha256Hex(RuleSetText(rules)); }

core::Result<StoreEvaluateOutcome> EvaluateStore(const StoreEvaluateRequest& request) {
  if (core::Status checked = CheckEvaluateRequest(request); !checked.ok()) return checked.error();
  auto db = store::OpenStore(request.db_url, {.read_only = !request.publish});
  if (!db.ok()) return db.error();
  return EvaluateStore(**db, request);
}

core::Result<StoreEvaluateOutcome> EvaluateStore(store::Store& db, const StoreEvaluateRequest& request) {
  if (core::Status checked = CheckEvaluateRequest(request); !checked.ok()) return checked.error();

  StoreEvaluateOutcome outcome;
  std::optional<store::BatchId> as_of;
  std::optional<store::RunRecord> run;
  if (request.as_of_run) {
    auto read = db.ReadRun(*request.as_of_run);
    if (!read.ok()) return read.error();
    run = *std::move(read);
    auto rules = io::ParseRuleSetToml(run->rules_toml, "rules of run " + std::to_string(run->summary.id));
    if (!rules.ok()) return rules.error();
    auto period = RunPeriod(*run);
    if (!period.ok()) return period.error();
    outcome.rules = *std::move(rules);
    outcome.period = *std::move(period);
    as_of = run->summary.as_of_batch;
  } else {
    auto period = core::ParsePeriod(request.period);
    if (!period.ok()) return period.error();
    auto rules = request.rules ? core::Result<core::RuleSet>(*request.rules) : LoadRules(request.rules_file);
    if (!rules.ok()) return rules.error();
    outcome.rules = *std::move(rules);
    outcome.period = *std::move(period);
  }

  {
    const auto resolved = ResolveThreads(request.threads);
    if (!resolved.ok()) return resolved.error();
    const int threads = *resolved;
    auto snapshot = db.OpenSnapshot(as_of, static_cast<std::size_t>(threads));
    if (!snapshot.ok()) return snapshot.error();
    if ((*snapshot)->last_batch() == 0) {
      return core::BadInput(
          "the database holds no imported data yet: import a data folder into it first "
          "(supeval import --db DATABASE --data DIR)",
          {"", 0, "--db"});
    }
    auto evaluation =
        EvaluateSource(**snapshot, outcome.rules, outcome.period, request.explain_supplier, threads, &outcome.events);
    if (!evaluation.ok()) return evaluation.error();
    outcome.evaluation = *std::move(evaluation);
    outcome.as_of_batch = (*snapshot)->last_batch();
  }
  if (request.scope != core::ScopeKind::kSupplier) {
    auto scoped = EvaluateStoreScoped(db, outcome, request.scope);
    if (!scoped.ok()) return scoped.error();
    outcome.scoped = *std::move(scoped);
  }

  if (run) outcome.differences = CompareWithPublished(run->results, SortedById(outcome.evaluation.results));
  if (!request.publish) return outcome;
  store::RunRecord record;
  record.summary.period = outcome.period.label;
  record.summary.created_at = request.created_at;
  record.summary.user = request.user;
  record.summary.rules_name = outcome.rules.name;
  record.rules_toml = RuleSetText(outcome.rules);
  record.summary.rules_sha256 = Sha256Hex(record.rules_toml);
  record.summary.as_of_batch = outcome.as_of_batch;
  record.period_first = outcome.period.first;
  record.period_last = outcome.period.last;
  record.results = SortedById(outcome.evaluation.results);
  if (request.scope != core::ScopeKind::kSupplier) record.scoped.push_back({request.scope, outcome.scoped});
  auto audit = PublishAudit(request, record);
  if (!audit.ok()) return audit.error();
  record.audit = *std::move(audit);
  // run.published, in the run's own transaction (API.md: notifications).
  const Instant published_at = record.audit->at;
  record.in_transaction = [&db, &record, published_at](store::RunId new_run) {
    return NotifyRunPublished(db, record, new_run, published_at);
  };
  auto id = db.PublishRun(record);
  if (!id.ok()) return id.error();
  outcome.published_run = *id;
  return outcome;
}

core::Result<std::vector<store::RunSummary>> ListRuns(const std::string& db_url) {
  auto db = OpenForReading(db_url);
  if (!db.ok()) return db.error();
  return (*db)->ListRuns();
}

core::Result<RunDetails> ShowRun(const std::string& db_url, store::RunId id) {
  auto db = OpenForReading(db_url);
  if (!db.ok()) return db.error();
  auto run = (*db)->ReadRun(id);
  if (!run.ok()) return run.error();
  auto period = RunPeriod(*run);
  if (!period.ok()) return period.error();
  auto batches = (*db)->ListBatches(run->summary.as_of_batch);
  if (!batches.ok()) return batches.error();
  return RunDetails{*std::move(run), *std::move(period), *std::move(batches)};
}

core::Result<std::vector<store::BatchInfo>> ListBatches(const std::string& db_url) {
  auto db = OpenForReading(db_url);
  if (!db.ok()) return db.error();
  return ListBatches(**db);
}

core::Result<store::BatchInfo> ShowBatch(const std::string& db_url, store::BatchId id) {
  auto db = OpenForReading(db_url);
  if (!db.ok()) return db.error();
  return ShowBatch(**db, id);
}

core::Result<std::vector<store::BatchInfo>> ListBatches(store::Store& db) { return db.ListBatches(std::nullopt); }

core::Result<store::BatchInfo> ShowBatch(store::Store& db, store::BatchId id) { return db.ReadBatch(id); }

bool RecordsGoBack(const RunDiff& diff) { return diff.a.as_of_batch > diff.b.as_of_batch; }

core::Result<RunDiff> DiffRuns(const std::string& db_url, store::RunId a_id, store::RunId b_id,
                               std::size_t records_per_supplier) {
  auto db = OpenForReading(db_url);
  if (!db.ok()) return db.error();
  return DiffRuns(**db, a_id, b_id, records_per_supplier);
}

core::Result<RunDiff> DiffRuns(store::Store& db, store::RunId a_id, store::RunId b_id,
                               std::size_t records_per_supplier) {
  auto a = db.ReadRun(a_id);
  if (!a.ok()) return a.error();
  auto b = db.ReadRun(b_id);
  if (!b.ok()) return b.error();
  RunDiff diff;
  diff.a = a->summary;
  diff.b = b->summary;
  diff.same_rules = a->summary.rules_sha256 == b->summary.rules_sha256;
  diff.same_period = a->period_first == b->period_first && a->period_last == b->period_last;

  std::map<std::string, std::pair<const core::SupplierResult*, const core::SupplierResult*>> by_id;
  for (const core::SupplierResult& r : a->results) by_id[r.supplier_id].first = &r;
  for (const core::SupplierResult& r : b->results) by_id[r.supplier_id].second = &r;
  std::map<std::string, std::size_t> position;
  for (const auto& [id, pair] : by_id) {
    const auto [before, after] = pair;
    if (before != nullptr && after != nullptr && FieldDifferences(*before, *after).empty()) {
      ++diff.unchanged_suppliers;
      continue;
    }
    SupplierChange change;
    change.supplier_id = id;
    change.name = (after != nullptr ? after : before)->name;
    if (before != nullptr) change.before = *before;
    if (after != nullptr) change.after = *after;
    if (before != nullptr && after != nullptr && before->total && after->total) {
      change.total_delta = *after->total - *before->total;
    }
    position[id] = diff.suppliers.size();
    diff.suppliers.push_back(std::move(change));
  }

  const store::BatchId from = std::min(a->summary.as_of_batch, b->summary.as_of_batch);
  const store::BatchId to = std::max(a->summary.as_of_batch, b->summary.as_of_batch);
  if (from == to || diff.suppliers.empty()) return diff;
  std::vector<std::string> suppliers;
  for (const SupplierChange& change : diff.suppliers) suppliers.push_back(change.supplier_id);
  const store::ChangeFilter filter{std::min(a->period_first, b->period_first),
                                   std::max(a->period_last, b->period_last)};
  core::Status listed = db.ChangesBetween(from, to, filter, suppliers, [&](store::RecordChange record) {
    // Listed from the earlier data to the later; the scores go from run a to
    // run b, and so must the records that explain them.
    if (RecordsGoBack(diff)) std::swap(record.before, record.after);
    if (record.supplier_id.empty()) {
      diff.shared.push_back(record);
      return;
    }
    const auto found = position.find(record.supplier_id);
    if (found == position.end()) return;
    SupplierChange& change = diff.suppliers[found->second];
    ++change.records_total;
    if (change.records.size() < records_per_supplier) change.records.push_back(record);
  });
  if (!listed.ok()) return listed.error();
  for (SupplierChange& change : diff.suppliers) {
    std::sort(change.records.begin(), change.records.end(),
              [](const auto& x, const auto& y) { return std::tie(x.table, x.key) < std::tie(y.table, y.key); });
  }
  return diff;
}

// ---------------------------------------------------------------------------
// Renderings

namespace {

std::string ShortHash(const std::string& sha256) { return sha256.substr(0, 12); }

// Columns padded to their widest cell, two spaces apart, the cells made
// printable (io/terminal_text.hpp); the first row is the header.
std::string Table(std::vector<std::vector<std::string>> rows) {
  io::TextTable table = io::TextTable::AlignedLeft(std::move(rows.front()));
  for (std::size_t i = 1; i < rows.size(); ++i) table.AddRow(std::move(rows[i]));
  return table.Render();
}

Json BatchJson(const store::BatchInfo& batch) {
  Json files = Json::array();
  for (const store::BatchFile& f : batch.files)
    files.push_back({{"name", f.name}, {"sha256", f.sha256}, {"bytes", f.bytes}});
  Json tables = Json::array();
  for (const store::TableCounts& t : batch.tables) {
    tables.push_back({{"table", t.table}, {"added", t.added}, {"changed", t.changed}, {"unchanged", t.unchanged}});
  }
  return Json{{"batch", batch.id},
              {"kind", store::BatchKindName(batch.kind)},
              {"created_at", batch.created_at},
              {"user", batch.user},
              {"source", batch.source},
              {"comment", batch.comment},
              {"files", files},
              {"tables", tables}};
}

std::string Columns(const std::vector<std::pair<std::string, std::string>>& columns, std::size_t skip_keys) {
  std::string out;
  for (std::size_t i = skip_keys; i < columns.size(); ++i) {
    if (columns[i].first == "supplier_id") continue;
    out += (out.empty() ? "" : ", ") + columns[i].first + " " +
           (columns[i].second.empty() ? "(empty)" : columns[i].second);
  }
  return out;
}

std::string DescribeRecord(const store::RecordChange& change) {
  std::string line = change.table + " " + change.key + " (batch " + std::to_string(change.batch) + "): ";
  if (change.before.empty()) return line + "new: " + Columns(change.after, 1);
  if (change.after.empty()) return line + "not yet written in the second run's data: " + Columns(change.before, 1);
  std::string what;
  for (std::size_t i = 0; i < change.after.size() && i < change.before.size(); ++i) {
    if (change.before[i].second == change.after[i].second) continue;
    auto shown = [](const std::string& text) { return text.empty() ? std::string("(empty)") : text; };
    what += (what.empty() ? "" : ", ") + change.after[i].first + " " + shown(change.before[i].second) + " -> " +
            shown(change.after[i].second);
  }
  return line + what;
}

Json RecordJson(const store::RecordChange& change) {
  auto columns = [](const std::vector<std::pair<std::string, std::string>>& list) {
    Json out = Json::object();
    for (const auto& [name, value] : list) out[name] = value;
    return out;
  };
  Json json{{"table", change.table}, {"key", change.key}, {"batch", change.batch}};
  json["before"] = change.before.empty() ? Json(nullptr) : columns(change.before);
  json["after"] = change.after.empty() ? Json(nullptr) : columns(change.after);
  return json;
}

std::string Score(const std::optional<double>& value) {
  const std::string text = io::FormatScore(value);
  return text.empty() ? "-" : text;
}

std::string Delta(const SupplierChange& change) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.1f", ShownDelta(change));
  return buffer;
}

}  // namespace

// The change of a supplier's total as shown: the difference of the two
// totals shown (rounded to one decimal first, then subtracted in whole
// tenths: 99.66 -> 93.24 shows 99.7 -> 93.2, -6.5), so that the figures add
// up. Totals that round alike give a zero with the sign of the true change
// ("-0.0": lower, by less than shows). Requires both totals.
double ShownDelta(const SupplierChange& change) {
  const double before = *change.before->total;
  const double after = *change.after->total;
  const auto tenths = [](double total) { return std::llround(core::RoundHalfAwayFromZero(total, 1) * 10); };
  const double delta = static_cast<double>(tenths(after) - tenths(before)) / 10;
  return delta != 0 ? delta : std::copysign(0.0, after - before);
}

std::string WriteRunsTable(const std::vector<store::RunSummary>& runs) {
  if (runs.empty()) return "no published runs\n";
  std::vector<std::vector<std::string>> rows = {
      {"run", "period", "published", "by", "rules", "sha256", "data up to batch", "suppliers", "evaluated"}};
  for (const store::RunSummary& s : runs) {
    std::string rules = s.rules_name;
    if (rules.size() > 40) {  // cut at a UTF-8 character boundary
      std::size_t cut = 39;
      while (cut > 0 && (static_cast<unsigned char>(rules[cut]) & 0xC0) == 0x80) --cut;
      rules = rules.substr(0, cut) + "~";
    }
    rows.push_back({std::to_string(s.id), s.period, s.created_at, s.user, rules, ShortHash(s.rules_sha256),
                    std::to_string(s.as_of_batch), std::to_string(s.suppliers), std::to_string(s.evaluated)});
  }
  return Table(rows);
}

std::string WriteRunsJson(const std::vector<store::RunSummary>& runs) {
  Json out = Json::array();
  for (const store::RunSummary& s : runs) out.push_back(RunSummaryJson(s));
  // Bytes that are not UTF-8 (stored before they were refused) show as U+FFFD.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string WriteRunText(const RunDetails& d) {
  const store::RunSummary& s = d.run.summary;
  const std::string id = std::to_string(s.id);
  io::TextLines out;
  out.Add("run " + id + ": " + s.period + " (" + d.period.first.ToString() + ".." + d.period.last.ToString() + ")");
  out.Add("published " + s.created_at + " by " + s.user);
  out.Add("rule set: " + s.rules_name + ", sha256 " + s.rules_sha256 + " (supeval runs rules " + id + ")");
  out.Add("data up to batch " + std::to_string(s.as_of_batch) + ":");
  for (const store::BatchInfo& batch : d.batches) {
    const store::TableCounts totals = batch.Totals();
    out.Add("  batch " + std::to_string(batch.id) + "  " +
            (batch.kind == store::BatchKind::kHolds ? "holds " : std::string(store::BatchKindName(batch.kind))) + "  " +
            batch.created_at + "  " + batch.user + "  " + batch.source + "  +" + std::to_string(totals.added) + " ~" +
            std::to_string(totals.changed) + " =" + std::to_string(totals.unchanged));
  }
  out.Blank();
  return std::move(out).Take() + io::WriteResultsTable(d.run.results, d.period);
}

std::string WriteRunJson(const RunDetails& d) {
  Json json = RunSummaryJson(d.run.summary);
  json["period_first"] = d.period.first.ToString();
  json["period_last"] = d.period.last.ToString();
  Json batches = Json::array();
  for (const store::BatchInfo& batch : d.batches) batches.push_back(BatchJson(batch));
  json["batches"] = batches;
  json["results"] = Json::parse(io::WriteResultsJson(d.run.results, d.period))["results"];
  // Bytes that are not UTF-8 (stored before they were refused) show as U+FFFD.
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string WriteRunDiffText(const RunDiff& diff) {
  std::ostringstream out;
  auto describe = [](const store::RunSummary& s) {
    return "run " + std::to_string(s.id) + " (" + s.period + ", published " + s.created_at + " by " +
           core::Printable(s.user) + ", data up to batch " + std::to_string(s.as_of_batch) + ")";
  };
  out << describe(diff.a) << "\n  -> " << describe(diff.b) << "\n";
  out << (diff.same_rules ? "rule sets: identical (sha256 " + ShortHash(diff.a.rules_sha256) + ")"
                          : "rule sets differ (sha256 " + ShortHash(diff.a.rules_sha256) + " -> " +
                                ShortHash(diff.b.rules_sha256) + "): changes may come from the rules too")
      << "\n";
  if (!diff.same_period) out << "periods differ: " << diff.a.period << " -> " << diff.b.period << "\n";
  if (diff.a.as_of_batch == diff.b.as_of_batch)
    out << "both runs saw the same data (batch " << diff.a.as_of_batch << ")\n";
  if (RecordsGoBack(diff)) {
    out << "run " << diff.b.id << " saw older data than run " << diff.a.id << ": the records below go back from run "
        << diff.a.id << "'s data to run " << diff.b.id << "'s (\"batch N\": the batch that wrote run " << diff.a.id
        << "'s version)\n";
  }
  out << diff.suppliers.size() << " supplier(s) changed, " << diff.unchanged_suppliers << " unchanged\n";
  for (const SupplierChange& c : diff.suppliers) {
    out << "\n" << core::Printable(c.supplier_id + " " + c.name) << ": ";
    if (!c.before) {
      out << "new in run " << diff.b.id << ", total " << Score(c.after->total) << "\n";
    } else if (!c.after) {
      out << "not in run " << diff.b.id << "\n";
    } else {
      out << "total " << Score(c.before->total) << " -> " << Score(c.after->total);
      if (c.total_delta) out << " (" << Delta(c) << ")";
      if (c.before->grade_class != c.after->grade_class) {
        out << ", class " << core::Printable(c.before->grade_class.empty() ? "-" : c.before->grade_class) << " -> "
            << core::Printable(c.after->grade_class.empty() ? "-" : c.after->grade_class);
      }
      if (c.before->status != c.after->status) {
        out << ", " << StatusName(c.before->status) << " -> " << StatusName(c.after->status);
      }
      out << "\n";
      std::string scores;
      for (const NamedScore& s : kScores) {
        if (s.name == "total" || c.before.value().*s.score == c.after.value().*s.score) continue;
        scores += (scores.empty() ? "" : ", ") + std::string(s.name) + " " + Score(c.before.value().*s.score) + " -> " +
                  Score(c.after.value().*s.score);
      }
      for (const NamedCount& n : kCounts) {
        if (c.before.value().*n.count == c.after.value().*n.count) continue;
        scores += (scores.empty() ? "" : ", ") + std::string(n.name) + " " + std::to_string(c.before.value().*n.count) +
                  " -> " + std::to_string(c.after.value().*n.count);
      }
      if (!scores.empty()) out << "  " << scores << "\n";
    }
    for (const store::RecordChange& record : c.records) {
      out << "  " << core::Printable(DescribeRecord(record)) << "\n";
    }
    if (c.records_total > static_cast<std::int64_t>(c.records.size())) {
      out << "  ... and " << c.records_total - static_cast<std::int64_t>(c.records.size()) << " more record(s)\n";
    }
  }
  if (!diff.shared.empty()) {
    out << "\nrows of no one supplier written between the runs (plants, calendars, materials):\n";
    for (const store::RecordChange& record : diff.shared) {
      out << "  " << core::Printable(DescribeRecord(record)) << "\n";
    }
  }
  return out.str();
}

std::string WriteRunDiffJson(const RunDiff& diff) {
  Json json{{"a", RunSummaryJson(diff.a)},
            {"b", RunSummaryJson(diff.b)},
            {"same_rules", diff.same_rules},
            {"same_period", diff.same_period},
            {"unchanged_suppliers", diff.unchanged_suppliers},
            {"records_from_batch", diff.a.as_of_batch},
            {"records_to_batch", diff.b.as_of_batch}};
  auto score = [](const std::optional<double>& value) {
    return value ? Json(core::RoundHalfAwayFromZero(*value, 1)) : Json(nullptr);
  };
  Json suppliers = Json::array();
  for (const SupplierChange& c : diff.suppliers) {
    Json entry{{"supplier_id", c.supplier_id}, {"name", c.name}};
    for (const auto& [key, result] : {std::pair{"before", &c.before}, std::pair{"after", &c.after}}) {
      if (!*result) {
        entry[key] = nullptr;
        continue;
      }
      Json side{{"status", StatusName((*result)->status)}, {"class", (*result)->grade_class}};
      for (const NamedScore& s : kScores) side[std::string(s.name)] = score(result->value().*s.score);
      entry[key] = side;
    }
    entry["total_delta"] = c.total_delta ? Json(ShownDelta(c)) : Json(nullptr);
    Json records = Json::array();
    for (const store::RecordChange& record : c.records) records.push_back(RecordJson(record));
    entry["records"] = records;
    entry["records_total"] = c.records_total;
    suppliers.push_back(entry);
  }
  json["suppliers"] = suppliers;
  Json shared = Json::array();
  for (const store::RecordChange& record : diff.shared) shared.push_back(RecordJson(record));
  json["shared_records"] = shared;
  // Bytes that are not UTF-8 (stored before they were refused) show as U+FFFD.
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string WriteBatchesTable(const std::vector<store::BatchInfo>& batches) {
  if (batches.empty()) return "no batches\n";
  std::vector<std::vector<std::string>> rows = {
      {"batch", "kind", "at", "by", "added", "changed", "unchanged", "source / why"}};
  for (const store::BatchInfo& b : batches) {
    const store::TableCounts t = b.Totals();
    rows.push_back({std::to_string(b.id), std::string(store::BatchKindName(b.kind)), b.created_at, b.user,
                    std::to_string(t.added), std::to_string(t.changed), std::to_string(t.unchanged),
                    b.comment.empty() ? b.source : b.source + ": " + b.comment});
  }
  return Table(rows);
}

std::string WriteBatchText(const store::BatchInfo& b) {
  std::ostringstream out;
  out << "batch " << b.id << " ("
      << (b.kind == store::BatchKind::kHolds ? std::string("hold change") : std::string(store::BatchKindName(b.kind)))
      << ")\n"
      << "at " << b.created_at << " by " << core::Printable(b.user) << "\n"
      << "source: " << core::Printable(b.source) << "\n";
  if (!b.comment.empty()) out << "why: " << core::Printable(b.comment) << "\n";
  for (const std::string& warning : b.warnings) out << "warning: " << core::Printable(warning) << "\n";
  if (!b.files.empty()) {
    std::vector<std::vector<std::string>> files = {{"  file", "bytes", "sha256"}};
    for (const store::BatchFile& f : b.files) files.push_back({"  " + f.name, std::to_string(f.bytes), f.sha256});
    out << "\n" << Table(std::move(files));
  }
  std::vector<std::vector<std::string>> tables = {{"  table", "added", "changed", "unchanged"}};
  for (const store::TableCounts& t : b.tables) {
    tables.push_back({"  " + t.table, std::to_string(t.added), std::to_string(t.changed), std::to_string(t.unchanged)});
  }
  const store::TableCounts total = b.Totals();
  tables.push_back(
      {"  total", std::to_string(total.added), std::to_string(total.changed), std::to_string(total.unchanged)});
  out << "\n" << Table(std::move(tables));
  return out.str();
}

}  // namespace supeval::service
