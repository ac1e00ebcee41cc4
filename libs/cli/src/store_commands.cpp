// The database subcommands and evaluating from the database.
#include "store_commands.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>

#include "option_checks.hpp"
#include "os_user.hpp"
#include "output.hpp"
#include "supeval/cli/cli.hpp"
#include "supeval/core/printable.hpp"
#include "supeval/io/explanation_writer.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/io/scoped_result_writer.hpp"
#include "supeval/io/table_writer.hpp"
#include "supeval/service/holds.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/runs.hpp"
#include "supeval/service/spreadsheets.hpp"
#include "supeval/store/store.hpp"
#include "xlsx_output.hpp"

namespace supeval::cli {
namespace {

// The clock and the user are read here, at the edge, and passed in.

std::string UserOr(const std::string& given) { return given.empty() ? OsUser() : given; }

// 1234567 -> "1,234,567".
std::string Grouped(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return (value < 0 ? "-" : "") + digits;
}

core::Result<core::Date> ParseDateOption(const std::string& text, const std::string& option) {
  const auto date = core::Date::Parse(text);
  if (!date) return core::BadInput("'" + text + "' is not a date (expected YYYY-MM-DD)", {"", 0, option});
  return *date;
}

void AddDbOption(CLI::App& command, std::string& db) {
  command.add_option("--db", db, "Database: sqlite:PATH or postgresql://USER@HOST:PORT/DB")->capture_default_str();
}

// ---------------------------------------------------------------------------
// import

struct ImportArgs {
  std::string db{store::kDefaultDatabaseUrl};
  std::string data;
  std::string rules;
  bool dry_run = false;
  std::string user;
  std::string progress = "auto";
  double lock_timeout = 600;
};

// Progress on standard error: a bar with rows/s on a terminal, or one line
// per step (`--progress lines`) for logs and tests.
class ProgressDisplay {
 public:
  ProgressDisplay(std::string mode, std::ostream& err)
      : bar_(mode == "bar" || (mode == "auto" && isatty(STDERR_FILENO) == 1)),
        lines_(mode == "lines"),
        err_(err),
        start_(std::chrono::steady_clock::now()) {}

  void operator()(const service::ImportProgress& progress) {
    if (!bar_ && !lines_) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const auto rate = static_cast<std::int64_t>(seconds > 0 ? static_cast<double>(progress.rows) / seconds : 0);
    if (lines_) {
      err_ << "import: " << progress.rows << " deliveries written (" << rate << " rows/s)"
           << (progress.done ? ", done" : "") << std::endl;
      return;
    }
    constexpr int kWidth = 30;
    const std::int64_t total = std::max(progress.estimated_rows, progress.rows);
    const double fraction =
        progress.done || total == 0 ? 1.0 : static_cast<double>(progress.rows) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * kWidth);
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3d%%", static_cast<int>(fraction * 100));
    err_ << "\rimport [" << std::string(static_cast<std::size_t>(filled), '#')
         << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << percent << "  "
         << Grouped(progress.rows) << " / " << Grouped(total) << " deliveries  " << Grouped(rate) << " rows/s   "
         << (progress.done ? "\n" : "") << std::flush;
  }

 private:
  bool bar_;
  bool lines_;
  std::ostream& err_;
  std::chrono::steady_clock::time_point start_;
};

int RunImport(const ImportArgs& args, std::ostream& out, std::ostream& err) {
  service::ImportRequest request;
  request.db_url = args.db;
  request.data_dir = args.data;
  if (!args.rules.empty()) request.rules_file = args.rules;
  request.dry_run = args.dry_run;
  request.user = UserOr(args.user);
  request.created_at = NowUtc();
  request.lock_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(args.lock_timeout * 1000));
  ProgressDisplay display(args.progress, err);
  const auto start = std::chrono::steady_clock::now();
  auto outcome = service::ImportDataset(request, [&](const service::ImportProgress& p) { display(p); });
  if (!outcome.ok()) {
    if (outcome.error().code == core::ErrorCode::kBadInput) err << "supeval: nothing was imported\n";
    return Report(outcome.error(), err);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const store::BatchInfo& batch = outcome->batch;
  const store::TableCounts total = batch.Totals();
  const std::int64_t rows = total.added + total.changed + total.unchanged;
  char timing[96];
  std::snprintf(timing, sizeof timing, "%.1f s, %s rows/s", seconds,
                Grouped(static_cast<std::int64_t>(seconds > 0 ? static_cast<double>(rows) / seconds : 0)).c_str());
  out << (outcome->dry_run ? "dry run, nothing written: batch " : "imported batch ") << batch.id
      << (outcome->dry_run ? " would hold " : ": ") << Grouped(rows) << " rows: " << Grouped(total.added) << " added, "
      << Grouped(total.changed) << " changed, " << Grouped(total.unchanged) << " unchanged (" << timing << ")\n";
  out << "  table            added    changed  unchanged\n";
  for (const store::TableCounts& t : batch.tables) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-15s %9s %9s %10s\n", t.table.c_str(), Grouped(t.added).c_str(),
                  Grouped(t.changed).c_str(), Grouped(t.unchanged).c_str());
    out << line;
  }
  out << "  by " << batch.user << " at " << batch.created_at << " from " << batch.source << "\n";
  for (const std::string& warning : batch.warnings) out << "  warning: " << warning << "\n";
  return kExitOk;
}

// ---------------------------------------------------------------------------
// runs, batches, holds

struct RunsArgs {
  std::string db{store::kDefaultDatabaseUrl};
  std::string format = "table";
  std::string output;
  std::int64_t run = 0;
  std::int64_t other = 0;
};

struct HoldsArgs {
  std::string db{store::kDefaultDatabaseUrl};
  std::string supplier;
  std::string reason = "quality";
  std::string imposed_on;
  std::string on;
  std::string why;
  std::string user;
};

core::Result<service::HoldRequest> HoldRequestOf(const HoldsArgs& args) {
  service::HoldRequest request;
  request.db_url = args.db;
  request.supplier_id = args.supplier;
  auto reason = service::ParseHoldReasonName(args.reason);
  if (!reason.ok()) return reason.error();
  request.reason = *reason;
  auto on = ParseDateOption(args.on, "--on");
  if (!on.ok()) return on.error();
  request.on = *on;
  if (!args.imposed_on.empty()) {
    auto imposed = ParseDateOption(args.imposed_on, "--imposed-on");
    if (!imposed.ok()) return imposed.error();
    request.imposed_on = *imposed;
  }
  request.why = args.why;
  request.user = UserOr(args.user);
  request.created_at = NowUtc();
  return request;
}

void DescribeHoldBatch(const store::BatchInfo& batch, std::ostream& out) {
  out << "batch " << batch.id << ": " << batch.source << " (by " << batch.user << " at " << batch.created_at
      << "; why: " << batch.comment << ")\n";
}

}  // namespace

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// ---------------------------------------------------------------------------
// evaluate / explain --db

void AddStoreSourceOptions(CLI::App& command, CLI::Option* data_option, StoreSourceArgs& args, bool evaluate) {
  CLI::Option* db = command.add_option("--db", args.db,
                                       "Evaluate from this database instead of a CSV folder "
                                       "(sqlite:PATH or postgresql://USER@HOST:PORT/DB)");
  db->excludes(data_option);
  command
      .add_option("--as-of", args.as_of,
                  "Reproduce published run RUN from the kept history (its data, rules and period)")
      ->needs(db)
      ->check(WholeNumberFrom(1));
  if (!evaluate) return;
  command.add_flag("--publish", args.publish, "Record the result as a published run (never changed afterwards)")
      ->needs(db);
  command.add_option("--user", args.user, "Who publishes (default: the OS user)")->needs(db);
}

namespace {

// The result format named by --format (not xlsx).
io::ResultFormat ResultFormatNamed(const std::string& format) {
  static const std::map<std::string, io::ResultFormat> kFormats = {
      {"table", io::ResultFormat::kTable}, {"csv", io::ResultFormat::kCsv}, {"json", io::ResultFormat::kJson}};
  return kFormats.at(format);
}

}  // namespace

int RunFromStore(const StoreSourceArgs& source, const EvaluationArgs& args, std::ostream& out, std::ostream& err) {
  service::StoreEvaluateRequest request;
  request.db_url = source.db;
  request.period = args.period;
  if (!args.rules.empty()) request.rules_file = args.rules;
  if (args.explain) request.explain_supplier = args.supplier;
  request.threads = args.threads;
  if (source.as_of > 0) request.as_of_run = source.as_of;
  request.publish = source.publish;
  request.user = UserOr(source.user);
  request.created_at = NowUtc();
  request.scope = core::ParseScopeKind(args.scope).value_or(core::ScopeKind::kSupplier);
  auto outcome = service::EvaluateStore(request);
  if (!outcome.ok()) return Report(outcome.error(), err);

  std::string text;
  if (args.explain) {
    const core::Explanation& explanation = *outcome->evaluation.explanation;
    text = args.format == "json" ? io::WriteExplanationJson(explanation, outcome->period, outcome->rules)
                                 : io::WriteExplanationText(explanation, outcome->period, outcome->rules);
  } else if (request.scope != core::ScopeKind::kSupplier) {
    text = io::WriteScopedResults(outcome->scoped, outcome->period, request.scope, ResultFormatNamed(args.format));
  } else if (args.format == "xlsx") {
    service::Identity identity =
        service::EvaluationIdentity(outcome->rules, outcome->period, SupevalVersion(), request.created_at);
    identity.insert(identity.begin(), {"as_of_batch", std::to_string(outcome->as_of_batch)});
    if (outcome->published_run) identity.insert(identity.begin(), {"run", std::to_string(*outcome->published_run)});
    auto bytes = service::ResultsXlsx(outcome->evaluation.results, outcome->period, std::move(identity));
    if (!bytes.ok()) return Report(bytes.error(), err);
    text = std::move(*bytes);
  } else {
    text = io::WriteResults(outcome->evaluation.results, outcome->period, ResultFormatNamed(args.format),
                            service::EventCountsOf(outcome->events));
  }
  if (const int status = Emit(text, args.output, out, err); status != kExitOk) return status;

  if (outcome->published_run) {
    err << "supeval: published run " << *outcome->published_run << ": " << outcome->period.label << ", rules '"
        << core::Printable(outcome->rules.name) << "' (sha256 " << service::RuleSetSha256(outcome->rules).substr(0, 12)
        << "), data up to batch " << outcome->as_of_batch << "\n";
  }
  if (source.as_of > 0) {
    if (outcome->differences.empty()) {
      if (!args.explain) {
        err << "supeval: reproduced run " << source.as_of << " exactly (data as of batch " << outcome->as_of_batch
            << ")\n";
      }
      return kExitOk;
    }
    err << "supeval: the results differ from published run " << source.as_of << ":\n";
    for (const std::string& line : outcome->differences) err << "  " << line << "\n";
    return args.explain ? kExitOk : kExitInternal;
  }
  return kExitOk;
}

// ---------------------------------------------------------------------------
// The subcommands

struct StoreCommands::Impl {
  ImportArgs import_args;
  CLI::App* import = nullptr;

  RunsArgs runs_args;
  CLI::App* runs_list = nullptr;
  CLI::App* runs_show = nullptr;
  CLI::App* runs_diff = nullptr;
  CLI::App* runs_rules = nullptr;

  RunsArgs batches_args;
  CLI::App* batches_list = nullptr;
  CLI::App* batches_show = nullptr;

  HoldsArgs holds_args;
  CLI::App* holds_list = nullptr;
  CLI::App* holds_impose = nullptr;
  CLI::App* holds_withdraw = nullptr;

  explicit Impl(CLI::App& app) {
    import = app.add_subcommand("import", "Validate a CSV folder and write it to the database as one batch");
    AddDbOption(*import, import_args.db);
    import->add_option("--data", import_args.data, "Folder with the interchange CSV files")->required();
    import->add_option("--rules", import_args.rules, "Rule file deciding valid defect codes and standards");
    import->add_flag("--dry-run", import_args.dry_run, "Validate and count what would change; write nothing");
    import->add_option("--user", import_args.user, "Who imports (default: the OS user)");
    import->add_option("--progress", import_args.progress, "auto (a bar on a terminal), bar, lines or none")
        ->check(CLI::IsMember({"auto", "bar", "lines", "none"}))
        ->capture_default_str();
    import
        ->add_option("--lock-timeout", import_args.lock_timeout,
                     "Seconds to wait for another import or hold change to finish")
        ->check(NumberFrom(0))
        ->capture_default_str();

    CLI::App* runs = app.add_subcommand("runs", "Published evaluation runs");
    runs->require_subcommand(1);
    runs_list = runs->add_subcommand("list", "List the published runs");
    runs_show = runs->add_subcommand("show", "Show a published run: its data, rules and results");
    runs_diff = runs->add_subcommand("diff", "Which suppliers changed between two runs, and which records explain it");
    runs_rules = runs->add_subcommand("rules", "Print the full rule set a run was evaluated with (TOML)");
    for (CLI::App* command : {runs_list, runs_show, runs_diff, runs_rules}) AddDbOption(*command, runs_args.db);
    runs_list->add_option("--format", runs_args.format, "table or json")->check(CLI::IsMember({"table", "json"}));
    runs_show->add_option("RUN", runs_args.run, "Run id")->required()->check(WholeNumberFrom(1));
    runs_show->add_option("--format", runs_args.format, "table (default), csv (the result file), json or xlsx")
        ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
    runs_show->add_option("--output", runs_args.output, "Write to this file (atomically) instead of standard output");
    runs_diff->add_option("RUN_A", runs_args.run, "The run to compare from (usually the earlier)")
        ->required()
        ->check(WholeNumberFrom(1));
    runs_diff
        ->add_option("RUN_B", runs_args.other,
                     "The run to compare to; scores and records go from RUN_A to RUN_B, also when RUN_B "
                     "saw older data")
        ->required()
        ->check(WholeNumberFrom(1));
    runs_diff
        ->add_option("--format", runs_args.format,
                     "text or table (the same; the default), json, csv (one row per changed supplier) or xlsx")
        ->check(CLI::IsMember({"text", "table", "json", "csv", "xlsx"}));
    runs_diff->add_option("--output", runs_args.output, "Write to this file (atomically) instead of standard output");
    runs_rules->add_option("RUN", runs_args.run, "Run id")->required()->check(WholeNumberFrom(1));

    CLI::App* batches = app.add_subcommand("batches", "Imports and hold changes recorded in the database");
    batches->require_subcommand(1);
    batches_list = batches->add_subcommand("list", "List every batch");
    batches_show = batches->add_subcommand("show", "Show one batch: files with SHA-256, rows per table");
    for (CLI::App* command : {batches_list, batches_show}) AddDbOption(*command, batches_args.db);
    batches_show->add_option("BATCH", batches_args.run, "Batch id")->required()->check(WholeNumberFrom(1));

    CLI::App* holds = app.add_subcommand("holds", "New Business Holds (QZ3): list, impose, withdraw");
    holds->require_subcommand(1);
    holds_list = holds->add_subcommand("list", "List the holds with who changed them last and why");
    holds_impose = holds->add_subcommand("impose", "Impose a New Business Hold on a supplier");
    holds_withdraw = holds->add_subcommand("withdraw", "Withdraw an active New Business Hold");
    for (CLI::App* command : {holds_list, holds_impose, holds_withdraw}) AddDbOption(*command, holds_args.db);
    holds_list->add_option("--supplier", holds_args.supplier, "Only this supplier's holds");
    for (CLI::App* command : {holds_impose, holds_withdraw}) {
      command->add_option("--supplier", holds_args.supplier, "supplier_id")->required();
      command->add_option("--reason", holds_args.reason, "quality (default; sets QZ3) or delivery")
          ->check(CLI::IsMember({"quality", "delivery"}));
      command->add_option("--why", holds_args.why, "Why (recorded with the change)")->required();
      command->add_option("--user", holds_args.user, "Who (default: the OS user)");
    }
    holds_impose->add_option("--on", holds_args.on, "The day the hold starts (YYYY-MM-DD)")->required();
    holds_withdraw->add_option("--on", holds_args.on, "The day the hold is lifted (YYYY-MM-DD)")->required();
    holds_withdraw->add_option("--imposed-on", holds_args.imposed_on,
                               "Which hold, when the supplier has several active ones");
  }

  std::optional<int> Run(std::ostream& out, std::ostream& err) {
    if (import->parsed()) return RunImport(import_args, out, err);
    if (runs_list->parsed()) {
      auto runs = service::ListRuns(runs_args.db);
      if (!runs.ok()) return Report(runs.error(), err);
      out << (runs_args.format == "json" ? service::WriteRunsJson(*runs) : service::WriteRunsTable(*runs));
      return kExitOk;
    }
    if (runs_show->parsed()) {
      auto details = service::ShowRun(runs_args.db, runs_args.run);
      if (!details.ok()) return Report(details.error(), err);
      std::string text;
      if (runs_args.format == "xlsx") {
        return EmitXlsx(service::ResultsXlsx(details->run.results, details->period,
                                             service::RunIdentity(details->run, SupevalVersion())),
                        runs_args.output, out, err);
      }
      if (runs_args.format == "csv") text = io::WriteResultsCsv(details->run.results, details->period);
      else if (runs_args.format == "json") text = service::WriteRunJson(*details);
      else text = service::WriteRunText(*details);
      return Emit(text, runs_args.output, out, err);
    }
    if (runs_diff->parsed()) {
      auto diff = service::DiffRuns(runs_args.db, runs_args.run, runs_args.other);
      if (!diff.ok()) return Report(diff.error(), err);
      if (runs_args.format == "xlsx") {
        return EmitXlsx(service::XlsxOfTable(service::RunDiffTable(*diff), "changes",
                                             service::RunDiffIdentity(*diff, SupevalVersion())),
                        runs_args.output, out, err);
      }
      if (runs_args.format == "csv")
        return Emit(io::WriteTextResultCsv(service::RunDiffTable(*diff)), runs_args.output, out, err);
      return Emit(runs_args.format == "json" ? service::WriteRunDiffJson(*diff) : service::WriteRunDiffText(*diff),
                  runs_args.output, out, err);
    }
    if (runs_rules->parsed()) {
      auto details = service::ShowRun(runs_args.db, runs_args.run);
      if (!details.ok()) return Report(details.error(), err);
      out << details->run.rules_toml;
      return kExitOk;
    }
    if (batches_list->parsed()) {
      auto batches = service::ListBatches(batches_args.db);
      if (!batches.ok()) return Report(batches.error(), err);
      out << service::WriteBatchesTable(*batches);
      return kExitOk;
    }
    if (batches_show->parsed()) {
      auto batch = service::ShowBatch(batches_args.db, batches_args.run);
      if (!batch.ok()) return Report(batch.error(), err);
      out << service::WriteBatchText(*batch);
      return kExitOk;
    }
    if (holds_list->parsed()) {
      std::optional<std::string> supplier;
      if (!holds_args.supplier.empty()) supplier = holds_args.supplier;
      auto holds = service::ListHolds(holds_args.db, supplier);
      if (!holds.ok()) return Report(holds.error(), err);
      out << service::WriteHoldsTable(*holds);
      return kExitOk;
    }
    if (holds_impose->parsed() || holds_withdraw->parsed()) {
      auto request = HoldRequestOf(holds_args);
      if (!request.ok()) return Report(request.error(), err);
      auto batch = holds_impose->parsed() ? service::ImposeHold(*request) : service::WithdrawHold(*request);
      if (!batch.ok()) return Report(batch.error(), err);
      DescribeHoldBatch(*batch, out);
      return kExitOk;
    }
    return std::nullopt;
  }
};

StoreCommands::StoreCommands(CLI::App& app) : impl_(std::make_unique<Impl>(app)) {}
StoreCommands::~StoreCommands() = default;

std::optional<int> StoreCommands::Run(std::ostream& out, std::ostream& err) { return impl_->Run(out, err); }

}  // namespace supeval::cli
