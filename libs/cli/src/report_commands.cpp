// `supeval report letter` (report_commands.hpp).
#include "report_commands.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "option_checks.hpp"
#include "os_user.hpp"
#include "output.hpp"
#include "supeval/cli/cli.hpp"
#include "supeval/io/atomic_file.hpp"
#include "supeval/service/letters.hpp"
#include "supeval/store/settlements.hpp"

namespace supeval::cli {

struct ReportCommands::Impl {
  CLI::App* letter = nullptr;
  std::string db_url = std::string(store::kDefaultDatabaseUrl);
  std::int64_t run = 0;
  std::string supplier;
  bool all = false;
  std::string out_dir;
  std::string language = "en";
  std::string letterhead;

  int RunLetter(std::ostream& out, std::ostream& err) const;
};

ReportCommands::ReportCommands(CLI::App& app) : impl_(std::make_unique<Impl>()) {
  CLI::App* report = app.add_subcommand("report", "Documents for people: scorecard letters");
  report->require_subcommand(1);
  Impl& i = *impl_;
  i.letter = report->add_subcommand("letter", "Write the scorecard letters (PDF) of a published run");
  i.letter->add_option("--db", i.db_url, "The database (sqlite:PATH or postgresql://USER@HOST:PORT/DB)")
      ->capture_default_str();
  i.letter->add_option("--run", i.run, "The published run")->required()->check(WholeNumberFrom(1));
  CLI::Option* supplier = i.letter->add_option("--supplier", i.supplier, "The supplier_id of one letter");
  CLI::Option* all = i.letter->add_flag("--all", i.all, "A letter for every supplier of the run");
  supplier->excludes(all);
  all->excludes(supplier);
  i.letter->add_option("--out", i.out_dir, "Folder to write the letters to (created if missing)")->required();
  i.letter->add_option("--language", i.language, "de or en (default)")->check(CLI::IsMember({"de", "en"}));
  i.letter->add_option("--letterhead", i.letterhead,
                       "Letterhead file (TOML: name, address, logo, signatory, signatory_title; docs/letters.md)");
}

ReportCommands::~ReportCommands() = default;

std::optional<int> ReportCommands::Run(std::ostream& out, std::ostream& err) {
  if (impl_->letter->parsed()) return impl_->RunLetter(out, err);
  return std::nullopt;
}

int ReportCommands::Impl::RunLetter(std::ostream& out, std::ostream& err) const {
  if (!all && supplier.empty()) {
    return Report(core::BadInput("give --supplier ID or --all", {"", 0, "--supplier"}), err);
  }
  service::LetterRequest request;
  request.run.run = std::to_string(run);
  request.language = *report::ParseLanguage(language);
  if (!letterhead.empty()) {
    auto read = service::ReadLetterhead(letterhead);
    if (!read.ok()) return Report(read.error(), err);
    request.letterhead = std::move(*read);
  }
  auto renderer = report::LetterRenderer::Create();
  if (!renderer.ok()) return Report(renderer.error(), err);
  auto db = store::OpenStore(db_url, {.read_only = true});
  if (!db.ok()) return Report(db.error(), err);
  auto settlement_store = store::SettlementStore::Open(db_url, {.read_only = true});
  if (!settlement_store.ok()) return Report(settlement_store.error(), err);
  service::SettlementLookup settlements(**settlement_store);
  service::ResultsCache cache;
  const service::Caller caller = OsCaller();

  std::vector<std::string> suppliers = {supplier};
  if (all) {
    auto listed = service::LetterSuppliers(**db, cache, caller, request.run);
    if (!listed.ok()) return Report(listed.error(), err);
    suppliers = std::move(*listed);
  }
  std::error_code made;
  std::filesystem::create_directories(out_dir, made);
  if (made) return Report(core::BadInput("cannot create " + out_dir + ": " + made.message(), {"", 0, "--out"}), err);
  for (const std::string& id : suppliers) {
    auto content = service::GatherLetter(**db, cache, caller, id, request, &settlements);
    if (!content.ok()) return Report(content.error(), err);
    auto pdf = renderer->Render(*content);
    if (!pdf.ok()) return Report(pdf.error(), err);
    const std::filesystem::path file = std::filesystem::path(out_dir) / report::LetterFileName(*content);
    if (auto written = io::WriteFileAtomically(file, *pdf); !written.ok()) return Report(written.error(), err);
  }
  out << "wrote " << suppliers.size() << (suppliers.size() == 1 ? " letter" : " letters") << " of run " << run << " to "
      << out_dir << "\n";
  return kExitOk;
}

}  // namespace supeval::cli
