// Subcommands of `supeval` and their exit statuses.
#include "supeval/cli/cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "contracts_commands.hpp"
#include "option_checks.hpp"
#include "output.hpp"
#include "report_commands.hpp"
#include "serve_command.hpp"
#include "standard_output.hpp"
#include "store_commands.hpp"
#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/printable.hpp"
#include "supeval/io/explanation_writer.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/io/rules_toml.hpp"
#include "supeval/io/scoped_result_writer.hpp"
#include "supeval/service/contracts.hpp"
#include "supeval/service/evaluate.hpp"
#include "supeval/service/generate.hpp"
#include "supeval/service/spreadsheets.hpp"
#include "users_commands.hpp"
#include "xlsx_output.hpp"

namespace supeval::cli {
namespace {

struct EvaluateArgs {
  std::string data;
  std::string period;
  std::string rules;
  std::string format = "table";
  std::string output;
  std::string supplier;
  int threads = 0;
  std::string scope = "supplier";  // evaluate --scope (docs/EVALUATION.md, "Scopes")
};

service::EvaluateRequest Request(const EvaluateArgs& args) {
  service::EvaluateRequest request;
  request.data_dir = args.data;
  request.period = args.period;
  if (!args.rules.empty()) request.rules_file = args.rules;
  if (!args.supplier.empty()) request.explain_supplier = args.supplier;
  request.threads = args.threads;
  request.scope = core::ParseScopeKind(args.scope).value_or(core::ScopeKind::kSupplier);
  return request;
}

// Returns the --data option (--db, from store_commands, excludes it).
CLI::Option* AddDataOptions(CLI::App& command, EvaluateArgs& args) {
  CLI::Option* data = command.add_option("--data", args.data, "Folder with the interchange CSV files (or --db)");
  command.add_option("--period", args.period, "2026-H1, 2026-Q3, 2026, 2026-03 or 2026-01-01..2026-03-31");
  command.add_option("--rules", args.rules, "Rule file (TOML); default: the agreement's rule set");
  command.add_option("--output", args.output, "Write to this file (atomically) instead of standard output");
  command.add_option("--threads", args.threads, "Worker threads (0: one per core); results never depend on it")
      ->check(WholeNumberIn(0, service::kMaxThreads));
  return data;
}

// --data and --period are required unless the records come from --db.
int CheckCsvArgs(const EvaluateArgs& args, std::ostream& err) {
  if (args.data.empty()) {
    err << "supeval: give --data DIR (a CSV folder) or --db URL (a database)\n";
    return kExitBadInput;
  }
  if (args.period.empty()) {
    err << "supeval: --period is required\n";
    return kExitBadInput;
  }
  return kExitOk;
}

// --scope plant|company writes csv, json or the table.
int CheckScopeArgs(const EvaluateArgs& args, std::ostream& err) {
  if (args.scope == "supplier") return kExitOk;
  if (args.format == "xlsx") {
    err << "supeval: --scope " << args.scope << " writes table, csv or json, not xlsx\n";
    return kExitBadInput;
  }
  return kExitOk;
}

// Evaluate or explain from the database (--db given).
int RunStore(const EvaluateArgs& args, const StoreSourceArgs& source, bool explain, std::ostream& out,
             std::ostream& err) {
  return RunFromStore(
      source, {args.period, args.rules, args.format, args.output, args.supplier, args.threads, explain, args.scope},
      out, err);
}

int RunEvaluate(const EvaluateArgs& args, std::ostream& out, std::ostream& err) {
  static const std::map<std::string, io::ResultFormat> kFormats = {
      {"table", io::ResultFormat::kTable}, {"csv", io::ResultFormat::kCsv}, {"json", io::ResultFormat::kJson}};
  int status = kExitOk;
  const service::EvaluateRequest request = Request(args);
  const core::Status evaluated = service::EvaluateDatasetThen(request, [&](const service::EvaluateOutcome& outcome) {
    if (request.scope != core::ScopeKind::kSupplier) {
      status = Emit(io::WriteScopedResults(outcome.scoped, outcome.period, request.scope, kFormats.at(args.format)),
                    args.output, out, err);
      return;
    }
    if (args.format == "xlsx") {
      status = EmitXlsx(
          service::ResultsXlsx(outcome.evaluation.results, outcome.period,
                               service::EvaluationIdentity(outcome.rules, outcome.period, SupevalVersion(), NowUtc())),
          args.output, out, err);
      return;
    }
    status = Emit(io::WriteResults(outcome.evaluation.results, outcome.period, kFormats.at(args.format),
                                   service::EventCountsOf(outcome.events)),
                  args.output, out, err);
  });
  return evaluated.ok() ? status : Report(evaluated.error(), err);
}

int RunExplain(const EvaluateArgs& args, std::ostream& out, std::ostream& err) {
  int status = kExitOk;
  const core::Status explained =
      service::EvaluateDatasetThen(Request(args), [&](const service::EvaluateOutcome& outcome) {
        const core::Explanation& explanation = *outcome.evaluation.explanation;
        status = Emit(args.format == "json" ? io::WriteExplanationJson(explanation, outcome.period, outcome.rules)
                                            : io::WriteExplanationText(explanation, outcome.period, outcome.rules),
                      args.output, out, err);
      });
  return explained.ok() ? status : Report(explained.error(), err);
}

int RunRulesCheck(const std::string& file, std::ostream& out, std::ostream& err) {
  // The evaluation's tables and the same file's [contracts] table
  // (CONTRACTS.md §12, defaults where absent), the file read once.
  auto rules = service::LoadContractRuleSet(std::filesystem::path(file));
  if (!rules.ok()) return Report(rules.error(), err);
  out << core::Printable(file + ": ok (" + rules->evaluation.name + ")") << "\n";
  return kExitOk;
}

struct GenerateArgs {
  std::string out_dir;
  std::int64_t suppliers = 200;
  std::int64_t deliveries = 20000;
  std::uint64_t seed = 1;
  std::int64_t contracts = -1;
  std::string from = "2026-01-01";
  std::string to = "2026-06-30";
  bool force = false;
};

int RunGenerate(const GenerateArgs& args, std::ostream& out, std::ostream& err) {
  service::GenerateOptions options;
  options.out_dir = args.out_dir;
  options.suppliers = args.suppliers;
  options.deliveries = args.deliveries;
  options.seed = args.seed;
  options.contracts = args.contracts;
  options.replace = args.force;
  const auto from = core::Date::Parse(args.from);
  const auto to = core::Date::Parse(args.to);
  if (!from) return Report(core::BadInput("'" + args.from + "' is not a date (YYYY-MM-DD)", {"", 0, "--from"}), err);
  if (!to) return Report(core::BadInput("'" + args.to + "' is not a date (YYYY-MM-DD)", {"", 0, "--to"}), err);
  options.from = *from;
  options.to = *to;
  auto summary = service::GenerateDataset(options);
  if (!summary.ok()) return Report(summary.error(), err);
  out << "wrote " << args.out_dir << ": " << summary->suppliers << " suppliers, " << summary->plants << " plants, "
      << summary->materials << " materials, " << summary->deliveries << " deliveries, " << summary->complaints
      << " complaints, " << summary->certifications << " certificates, " << summary->holds << " holds, "
      << summary->calendar_days << " calendar days, " << summary->contracts << " contracts\n";
  return kExitOk;
}

int RunCommand(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"supeval - supplier evaluation per the automotive quality agreement (QZ, LZ, total, class)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "supeval " SUPEVAL_VERSION);

  EvaluateArgs evaluate_args;
  StoreSourceArgs evaluate_source;
  CLI::App* evaluate = app.add_subcommand("evaluate", "Rate every supplier of a data set for a period");
  AddStoreSourceOptions(*evaluate, AddDataOptions(*evaluate, evaluate_args), evaluate_source, true);
  evaluate
      ->add_option("--format", evaluate_args.format,
                   "table (ranked, default), csv, json or xlsx (a workbook of the csv's rows: needs --output or a "
                   "redirection)")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
  evaluate
      ->add_option("--scope", evaluate_args.scope,
                   "supplier (default: one row per supplier), plant or company (one row per supplier and plant or "
                   "company, with a scope column)")
      ->check(CLI::IsMember({"supplier", "plant", "company"}));

  EvaluateArgs explain_args;
  explain_args.format = "text";
  StoreSourceArgs explain_source;
  CLI::App* explain = app.add_subcommand("explain", "Show how each figure of one supplier came about");
  AddStoreSourceOptions(*explain, AddDataOptions(*explain, explain_args), explain_source, false);
  explain->add_option("--supplier", explain_args.supplier, "supplier_id to explain")->required();
  explain->add_option("--format", explain_args.format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));

  CLI::App* rules = app.add_subcommand("rules", "Show or check rule files");
  rules->require_subcommand(1);
  CLI::App* rules_show = rules->add_subcommand("show", "Print the default rule set as a commented TOML file");
  bool show_contract_rules = false;
  rules_show->add_flag("--contracts", show_contract_rules,
                       "Add the [contracts] table (caps, severities, contract types, ladders: CONTRACTS.md §12)");
  std::string rules_file;
  CLI::App* rules_check = rules->add_subcommand("check", "Validate a rule file");
  rules_check->add_option("FILE", rules_file, "Rule file (TOML)")->required();

  GenerateArgs generate_args;
  CLI::App* generate = app.add_subcommand("generate", "Write a deterministic synthetic data set");
  generate->add_option("--out", generate_args.out_dir, "Folder to write (created if missing)")->required();
  generate->add_flag("--force", generate_args.force, "Replace the data set in a folder that already holds one");
  generate->add_option("--suppliers", generate_args.suppliers, "Number of suppliers")->capture_default_str();
  generate->add_option("--deliveries", generate_args.deliveries, "Number of deliveries")->capture_default_str();
  generate->add_option("--seed", generate_args.seed, "Random seed")
      ->check(AnyUnsignedWholeNumber())
      ->capture_default_str();
  generate->add_option("--contracts", generate_args.contracts,
                       "Contracts of the register, one per supplier at most (default: one for every tenth supplier)");
  generate->add_option("--from", generate_args.from, "First due date")->capture_default_str();
  generate->add_option("--to", generate_args.to, "Last due date")->capture_default_str();

  StoreCommands store_commands(app);
  ContractsCommands contracts_commands(app);
  UsersCommands users_commands(app);
  ReportCommands report_commands(app);
  ServeCommand serve_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error, out, err);
    return status == 0 ? kExitOk : kExitBadInput;
  }
  if (const int status = CheckBinaryOutput(app, err); status != kExitOk) return status;

  if (evaluate->parsed()) {
    if (const int status = CheckScopeArgs(evaluate_args, err); status != kExitOk) return status;
    if (!evaluate_source.db.empty()) return RunStore(evaluate_args, evaluate_source, false, out, err);
    if (CheckCsvArgs(evaluate_args, err) != kExitOk) return kExitBadInput;
    return RunEvaluate(evaluate_args, out, err);
  }
  if (explain->parsed()) {
    if (!explain_source.db.empty()) return RunStore(explain_args, explain_source, true, out, err);
    if (CheckCsvArgs(explain_args, err) != kExitOk) return kExitBadInput;
    return RunExplain(explain_args, out, err);
  }
  if (rules_show->parsed()) {
    out << io::WriteRuleSetToml(core::DefaultRuleSet());
    if (show_contract_rules) out << "\n" << io::WriteContractRulesToml(core::contracts::DefaultContractRules());
    return kExitOk;
  }
  if (rules_check->parsed()) return RunRulesCheck(rules_file, out, err);
  if (generate->parsed()) return RunGenerate(generate_args, out, err);
  if (const auto status = store_commands.Run(out, err)) return *status;
  if (const auto status = contracts_commands.Run(out, err)) return *status;
  if (const auto status = users_commands.Run(std::cin, out, err)) return *status;
  if (const auto status = report_commands.Run(out, err)) return *status;
  if (const auto status = serve_command.Run(out, err)) return *status;
  return kExitBadInput;
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    return RunCommand(argc, argv, out, err);
  } catch (const core::ThreadRefused& refusal) {
    return ReportThreadRefused(refusal, err);
  }
}

int Main(int argc, const char* const* argv) {
  DescriptorOutput buffer(STDOUT_FILENO);
  std::ostream out(&buffer);
  const int status = Run(argc, argv, out, std::cerr);
  return FinishStandardOutput(status, out, buffer, std::cerr);
}

}  // namespace supeval::cli
