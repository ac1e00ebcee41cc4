// `supeval contracts check|settle|settlements` and `supeval escalations`
// (contracts_commands.hpp).
#include "contracts_commands.hpp"

#include <map>
#include <string>

#include "option_checks.hpp"
#include "os_user.hpp"
#include "output.hpp"
#include "store_commands.hpp"
#include "supeval/cli/cli.hpp"
#include "supeval/core/date.hpp"
#include "supeval/core/printable.hpp"
#include "supeval/io/explanation_writer.hpp"
#include "supeval/io/table_writer.hpp"
#include "supeval/service/contracts.hpp"
#include "supeval/service/escalations.hpp"
#include "supeval/service/evaluate.hpp"
#include "supeval/service/sourcing.hpp"
#include "supeval/service/spreadsheets.hpp"
#include "supeval/store/settlements.hpp"
#include "xlsx_output.hpp"

namespace supeval::cli {
namespace {

struct ContractsArgs {
  std::string data;
  std::string db;
  std::int64_t as_of = 0;  // 0: the database's last batch
  std::string period;
  std::string rules;
  std::string format = "table";
  std::string output;
  std::string explain;  // settle: the contract to explain
  int threads = 0;
  std::string contracts;  // settle: a backtest's contract files
  bool publish = false;   // settle --publish
  std::string user;       // who publishes (default: the OS user)
};

// `escalations --data DIR | --db URL --as-of DATE` (CONTRACTS.md §9).
struct EscalationsArgs {
  std::string data;
  std::string db;
  std::int64_t as_of_batch = 0;  // --db: the records as of this batch (read only)
  bool dry_run = false;          // --db: replay without recording holds
  std::string user;              // --db: who records the holds (default: the OS user)
  std::string as_of;             // YYYY-MM-DD
  std::string rules;
  std::string format = "table";
  std::string output;
};

// `contracts settlements list|show ID`.
struct SettlementsArgs {
  std::string db = std::string(store::kDefaultDatabaseUrl);
  std::int64_t id = 0;
  std::string format = "table";
  std::string output;
};

io::ResultFormat FormatNamed(const std::string& name) {
  static const std::map<std::string, io::ResultFormat> kFormats = {
      {"table", io::ResultFormat::kTable}, {"csv", io::ResultFormat::kCsv}, {"json", io::ResultFormat::kJson}};
  return kFormats.at(name);
}

// `workbook`: --format also takes xlsx (contracts settle).
void AddCommonOptions(CLI::App& command, ContractsArgs& args, bool workbook = false) {
  CLI::Option* data =
      command.add_option("--data", args.data, "Folder with the interchange CSV files and the contract files (or --db)");
  CLI::Option* db = command.add_option(
      "--db", args.db, "Read the records from this database instead (sqlite:PATH or postgresql://USER@HOST:PORT/DB)");
  db->excludes(data);
  command.add_option("--as-of", args.as_of, "With --db: the records as they were when batch BATCH had committed")
      ->needs(db)
      ->check(WholeNumberFrom(1));
  command.add_option("--rules", args.rules, "Rule file (TOML; [contracts] and the evaluation's tables)");
  std::vector<std::string> formats = {"table", "csv", "json"};
  if (workbook) formats.emplace_back("xlsx");
  command
      .add_option("--format", args.format,
                  workbook ? "table (default), csv, json or xlsx (a workbook of the csv's rows: needs --output or a "
                             "redirection)"
                           : "table (default), csv or json")
      ->check(CLI::IsMember(formats));
  command.add_option("--output", args.output, "Write to this file (atomically) instead of standard output");
}

// The settlement's identity sheet: what was settled, from which records and rules.
service::Identity SettlementIdentity(const ContractsArgs& args, std::optional<std::int64_t> published) {
  service::Identity identity;
  if (published) identity.emplace_back("settlement", std::to_string(*published));
  identity.emplace_back("period", args.period);
  identity.emplace_back("records", args.db.empty() ? args.data : args.db);
  if (args.as_of > 0) identity.emplace_back("as_of_batch", std::to_string(args.as_of));
  if (!args.contracts.empty()) identity.emplace_back("contracts (backtest)", args.contracts);
  identity.emplace_back("rules", args.rules.empty() ? "the agreement's default rule set" : args.rules);
  // The hash names the rules as read now, the same text the settlement used
  // a moment ago (a rule file that fails to read was refused by then).
  const auto rules = service::LoadContractRuleSet(
      args.rules.empty() ? std::nullopt : std::optional<std::filesystem::path>(args.rules));
  if (rules.ok()) identity.emplace_back("rules_sha256", service::ContractRuleSetSha256(*rules));
  identity.emplace_back("supeval_version", SupevalVersion());
  identity.emplace_back("created_at", NowUtc());
  return identity;
}

service::ContractsRequest Request(const ContractsArgs& args) {
  service::ContractsRequest request;
  request.data_dir = args.data;
  request.db_url = args.db;
  if (args.as_of > 0) request.as_of_batch = args.as_of;
  if (!args.contracts.empty()) request.contracts_dir = args.contracts;
  if (!args.rules.empty()) request.rules_file = args.rules;
  request.period = args.period;
  request.threads = args.threads;
  return request;
}

io::TextResult FindingsTable(const std::vector<core::contracts::Finding>& findings) {
  io::TextResult table{{"contract_id", "finding", "severity", "detail"}, {}};
  for (const core::contracts::Finding& finding : findings) {
    table.rows.push_back(
        {finding.contract_id, finding.finding, std::string(core::contracts::NameOf(finding.severity)), finding.detail});
  }
  return table;
}

io::TextResult SettlementTable(const core::contracts::Settlement& settlement) {
  io::TextResult table;
  for (const std::string_view column : core::contracts::SettlementColumns()) table.columns.emplace_back(column);
  for (const core::contracts::SettlementLine& line : settlement.lines) {
    table.rows.push_back(core::contracts::SettlementCells(line));
  }
  return table;
}

// Every line of one contract with the steps that formed its amount, then
// the evaluation of its slice down to the records (the KPI actuals).
std::string ExplainContract(const service::ExplainedSettlement& explained, const std::string& contract_id) {
  std::string text;
  for (const core::contracts::SettlementLine& line : explained.settlement.lines) {
    if (line.contract_id != contract_id) continue;
    if (text.empty())
      text = "contract " + line.contract_id + " (supplier " + line.supplier_id + "), " + line.period + "\n";
    text += "\n" + line.kind + (line.ref.empty() ? "" : " " + line.ref) +
            (line.material_id.empty() ? "" : " " + line.material_id) +
            (line.status.empty() ? "" : " [" + line.status + "]") + ": " +
            core::contracts::FormatCents(line.amount_cents) + " " + line.currency + "\n";
    for (const std::string& step : line.steps) text += "  " + step + "\n";
    if (!line.note.empty()) text += "  note: " + line.note + "\n";
  }
  if (text.empty()) text = "contract " + contract_id + ": no settlement line in " + explained.period.label + "\n";
  if (explained.slice_explanation) {
    text += "\nThe contract's slice of the evaluation (its supplier, its materials, " + explained.period.label +
            " within its term), whose figures are the KPI actuals:\n\n" +
            io::WriteExplanationText(*explained.slice_explanation, explained.period, explained.rules);
  }
  return text;
}

io::TextResult EscalationsTable(const core::contracts::EscalationResult& result) {
  io::TextResult table;
  for (const std::string_view column : core::contracts::EscalationColumns()) table.columns.emplace_back(column);
  for (const core::contracts::EscalationRow& row : result.rows) {
    table.rows.push_back(core::contracts::EscalationCells(row));
  }
  return table;
}

// What `escalations --db` wrote, on standard error (the result stays the
// spec's rows on standard output).
void ReportRecordedHolds(const std::vector<service::RecordedHold>& recorded, std::ostream& err) {
  for (const service::RecordedHold& written : recorded) {
    const core::contracts::LadderHold& hold = written.hold;
    const std::string what = std::string(core::contracts::NameOf(hold.reason)) + " New Business Hold of " +
                             hold.supplier_id + " since " + hold.since.ToString() + " (contract " + hold.contract_id +
                             ")";
    if (written.imposed) err << "recorded the " << what << "\n";
    if (written.withdrawn) err << "withdrew the " << what << " on " << hold.withdrawn->on.ToString() << "\n";
  }
}

int RunEscalations(const EscalationsArgs& args, std::ostream& out, std::ostream& err) {
  const std::optional<core::Date> as_of = core::Date::Parse(args.as_of);
  if (!as_of) {
    err << "supeval: --as-of: '" << core::Printable(args.as_of) << "' is not a date like 2026-07-01\n";
    return kExitBadInput;
  }
  service::ContractsRequest request;
  request.data_dir = args.data;
  if (!args.rules.empty()) request.rules_file = args.rules;
  if (args.db.empty()) {
    auto result = service::EscalateContracts(request, *as_of);
    if (!result.ok()) return Report(result.error(), err);
    return Emit(io::WriteTextResult(EscalationsTable(*result), FormatNamed(args.format)), args.output, out, err);
  }
  request.db_url = args.db;
  if (args.as_of_batch > 0) request.as_of_batch = args.as_of_batch;
  request.user = args.user.empty() ? OsUser() : args.user;
  request.created_at = NowUtc();
  auto escalation = service::EscalateDatabase(request, *as_of, !args.dry_run && args.as_of_batch == 0);
  if (!escalation.ok()) return Report(escalation.error(), err);
  ReportRecordedHolds(escalation->recorded, err);
  return Emit(io::WriteTextResult(EscalationsTable(escalation->result), FormatNamed(args.format)), args.output, out,
              err);
}

// `sourcing` (CONTRACTS.md §10): its rows, or with --risks the risk list.
io::TextResult SourcingTable(const service::SourcingReport& report, bool risks) {
  namespace contracts = core::contracts;
  io::TextResult table;
  const auto& columns = risks ? contracts::SourcingRiskColumns() : contracts::SourcingColumns();
  for (const std::string_view column : columns) table.columns.emplace_back(column);
  if (risks) {
    for (const contracts::SourcingRisk& risk : report.risks) table.rows.push_back(contracts::SourcingRiskCells(risk));
  } else {
    for (const contracts::SourcingRow& row : report.result.rows) table.rows.push_back(contracts::SourcingCells(row));
  }
  return table;
}

int RunSourcing(const ContractsArgs& args, bool risks, std::ostream& out, std::ostream& err) {
  if (args.data.empty() && args.db.empty()) {
    err << "supeval: give --data DIR (a CSV folder) or --db URL (a database)\n";
    return kExitBadInput;
  }
  auto report = service::SourceContracts(Request(args));
  if (!report.ok()) return Report(report.error(), err);
  return Emit(io::WriteTextResult(SourcingTable(*report, risks), FormatNamed(args.format)), args.output, out, err);
}

// The published settlements, one row each.
io::TextResult SettlementsTable(const std::vector<store::SettlementSummary>& settlements) {
  io::TextResult table{{"settlement", "period", "created_at", "user", "as_of_batch", "lines", "rules_sha256"}, {}};
  for (const store::SettlementSummary& s : settlements) {
    table.rows.push_back({std::to_string(s.id), s.period, s.created_at, s.user, std::to_string(s.as_of_batch),
                          std::to_string(s.lines), s.rules_sha256});
  }
  return table;
}

int RunSettlements(bool show, const SettlementsArgs& args, std::ostream& out, std::ostream& err) {
  auto settlements = store::SettlementStore::Open(args.db, {.read_only = true});
  if (!settlements.ok()) return Report(settlements.error(), err);
  if (!show) {
    auto list = (*settlements)->List();
    if (!list.ok()) return Report(list.error(), err);
    return Emit(io::WriteTextResult(SettlementsTable(*list), FormatNamed(args.format)), args.output, out, err);
  }
  auto record = (*settlements)->Read(args.id);
  if (!record.ok()) return Report(record.error(), err);
  io::TextResult table;
  for (const std::string_view column : core::contracts::SettlementColumns()) table.columns.emplace_back(column);
  table.rows = record->lines;
  return Emit(io::WriteTextResult(table, FormatNamed(args.format)), args.output, out, err);
}

}  // namespace

struct ContractsCommands::Impl {
  ContractsArgs check_args;
  ContractsArgs settle_args;
  SettlementsArgs settlements_args;
  EscalationsArgs escalations_args;
  CLI::App* escalations = nullptr;
  CLI::App* check = nullptr;
  CLI::App* settle = nullptr;
  CLI::App* settlements_list = nullptr;
  CLI::App* settlements_show = nullptr;
  ContractsArgs sourcing_args;
  bool sourcing_risks = false;  // sourcing --risks
  CLI::App* sourcing = nullptr;
};

namespace {

// `sourcing --data DIR | --db URL --period PERIOD [--risks]` (§2, §10).
CLI::App* AddSourcing(CLI::App& app, ContractsArgs& args, bool& risks) {
  CLI::App* sourcing = app.add_subcommand(
      "sourcing", "Sourcing concentration of a period: spend shares, HHI, alternates, single-source risks (§10)");
  AddCommonOptions(*sourcing, args);
  sourcing->add_option("--period", args.period, "2026-H1, 2026-Q3, 2026, 2026-03 or 2026-01-01..2026-03-31")
      ->required();
  sourcing->add_flag("--risks", risks,
                     "Print the risk list instead: single-sourced materials ranked by hold, escalation level, class C "
                     "and spend");
  return sourcing;
}

}  // namespace

ContractsCommands::ContractsCommands(CLI::App& app) : impl_(std::make_unique<Impl>()) {
  CLI::App* contracts = app.add_subcommand("contracts", "Contracts: the register's health check and the settlement");
  contracts->require_subcommand(1);
  impl_->check =
      contracts->add_subcommand("check", "Report the contract pitfalls of every contract (CONTRACTS.md §11)");
  AddCommonOptions(*impl_->check, impl_->check_args);
  impl_->settle =
      contracts->add_subcommand("settle", "Settle a period: tiers, indexation, commitments, tooling, milestones, KPIs");
  AddCommonOptions(*impl_->settle, impl_->settle_args, true);
  impl_->settle
      ->add_option("--period", impl_->settle_args.period, "2026-H1, 2026-Q3, 2026, 2026-03 or 2026-01-01..2026-03-31")
      ->required();
  impl_->settle->add_option("--explain", impl_->settle_args.explain,
                            "Show every step of this contract's settlement with the numbers put in");
  impl_->settle
      ->add_option("--threads", impl_->settle_args.threads,
                   "Worker threads (0: one per core); results never depend on it")
      ->check(WholeNumberIn(0, service::kMaxThreads));
  impl_->settle
      ->add_flag("--publish", impl_->settle_args.publish,
                 "Record the settlement as published (with --db; never changed; later settlements count its lines "
                 "as settled)")
      ->excludes("--as-of");
  impl_->settle
      ->add_option("--contracts", impl_->settle_args.contracts,
                   "Backtest: the contract files of this folder (a draft) over the database's other records")
      ->needs("--db")
      ->excludes("--publish");
  impl_->settle->add_option("--user", impl_->settle_args.user, "Who publishes (default: the OS user)")
      ->needs("--publish");

  impl_->sourcing = AddSourcing(app, impl_->sourcing_args, impl_->sourcing_risks);

  CLI::App* settlements = contracts->add_subcommand("settlements", "Published settlements");
  settlements->require_subcommand(1);
  impl_->settlements_list = settlements->add_subcommand("list", "List the published settlements");
  impl_->settlements_show =
      settlements->add_subcommand("show", "Show a published settlement's lines, as settle wrote them");
  impl_->settlements_show->add_option("ID", impl_->settlements_args.id, "The settlement's number")
      ->required()
      ->check(WholeNumberFrom(1));
  for (CLI::App* command : {impl_->settlements_list, impl_->settlements_show}) {
    command->add_option("--db", impl_->settlements_args.db, "Database: sqlite:PATH or postgresql://USER@HOST:PORT/DB")
        ->capture_default_str();
    command->add_option("--format", impl_->settlements_args.format, "table (default), csv or json")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    command->add_option("--output", impl_->settlements_args.output,
                        "Write to this file (atomically) instead of standard output");
  }
  AddEscalations(app);
}

void ContractsCommands::AddEscalations(CLI::App& app) {
  EscalationsArgs& args = impl_->escalations_args;
  impl_->escalations = app.add_subcommand(
      "escalations", "Replay the escalation ladder up to a date: each contract's case, level, review, hold (§9)");
  CLI::Option* data = impl_->escalations->add_option("--data", args.data,
                                                     "Folder with the interchange CSV files and the contract files");
  CLI::Option* db = impl_->escalations->add_option(
      "--db", args.db,
      "Database URL: replay its records and record the holds the ladders reach (batches of their own)");
  data->excludes(db);
  impl_->escalations
      ->add_option("--as-of-batch", args.as_of_batch,
                   "With --db: the records as they were when this batch had committed (nothing recorded)")
      ->needs(db);
  impl_->escalations->add_flag("--dry-run", args.dry_run, "With --db: replay only, record no hold")->needs(db);
  impl_->escalations->add_option("--user", args.user, "With --db: who records the holds (default: the OS user)")
      ->needs(db);
  impl_->escalations->add_option("--as-of", args.as_of, "The date to replay up to, YYYY-MM-DD (included)")->required();
  impl_->escalations->add_option("--rules", args.rules, "Rule file (TOML; [contracts] and the evaluation's tables)");
  impl_->escalations->add_option("--format", args.format, "table (default), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  impl_->escalations->add_option("--output", args.output, "Write to this file (atomically) instead of standard output");
}

ContractsCommands::~ContractsCommands() = default;

namespace {

int NeedDataOrDatabase(std::ostream& err) {
  err << "supeval: give --data DIR (a CSV folder) or --db URL (a database)\n";
  return kExitBadInput;
}

}  // namespace

std::optional<int> ContractsCommands::Run(std::ostream& out, std::ostream& err) {
  for (CLI::App* command : {impl_->check, impl_->settle}) {
    const ContractsArgs& args = command == impl_->check ? impl_->check_args : impl_->settle_args;
    if (command->parsed() && args.data.empty() && args.db.empty()) return NeedDataOrDatabase(err);
  }
  if (impl_->escalations->parsed() && impl_->escalations_args.data.empty() && impl_->escalations_args.db.empty()) {
    return NeedDataOrDatabase(err);
  }
  if (impl_->check->parsed()) {
    const ContractsArgs& args = impl_->check_args;
    auto findings = service::CheckContracts(Request(args));
    if (!findings.ok()) return Report(findings.error(), err);
    return Emit(io::WriteTextResult(FindingsTable(*findings), FormatNamed(args.format)), args.output, out, err);
  }
  if (impl_->settle->parsed()) {
    const ContractsArgs& args = impl_->settle_args;
    core::Result<core::contracts::Settlement> settlement = core::Internal("not settled");
    std::optional<std::int64_t> published_id;
    if (args.publish) {
      service::ContractsRequest request = Request(args);
      request.user = args.user.empty() ? OsUser() : args.user;
      request.created_at = NowUtc();
      auto published = service::PublishContractsSettlement(request);
      if (!published.ok()) return Report(published.error(), err);
      err << "published as settlement " << published->id << "\n";
      published_id = published->id;
      settlement = std::move(published->settlement);
    } else if (!args.explain.empty()) {
      auto explained = service::ExplainContractSettlement(Request(args), args.explain);
      if (!explained.ok()) return Report(explained.error(), err);
      return Emit(ExplainContract(*explained, args.explain), args.output, out, err);
    } else {
      settlement = service::SettleContracts(Request(args));
    }
    if (!settlement.ok()) return Report(settlement.error(), err);
    if (args.format == "xlsx") {
      return EmitXlsx(
          service::XlsxOfTable(SettlementTable(*settlement), "settlement", SettlementIdentity(args, published_id)),
          args.output, out, err);
    }
    return Emit(io::WriteTextResult(SettlementTable(*settlement), FormatNamed(args.format)), args.output, out, err);
  }
  if (impl_->escalations->parsed()) return RunEscalations(impl_->escalations_args, out, err);
  if (impl_->settlements_list->parsed()) return RunSettlements(false, impl_->settlements_args, out, err);
  if (impl_->settlements_show->parsed()) return RunSettlements(true, impl_->settlements_args, out, err);
  if (impl_->sourcing->parsed()) return RunSourcing(impl_->sourcing_args, impl_->sourcing_risks, out, err);
  return std::nullopt;
}

}  // namespace supeval::cli
