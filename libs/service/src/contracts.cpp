// The contract use cases (contracts.hpp) on a CSV folder or a database: the
// records read (a folder validated whole), then, for `settle`, one pass over
// the deliveries that feeds the evaluation (the contracts' slices) and the
// settlement together — the same code for either source.
#include "supeval/service/contracts.hpp"

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "published_runs.hpp"
#include "sha256.hpp"
#include "supeval/core/evaluator.hpp"
#include "supeval/io/contracts_reader.hpp"
#include "supeval/io/csv_record_source.hpp"
#include "supeval/io/csv_writer.hpp"
#include "supeval/io/dataset_reader.hpp"
#include "supeval/io/rules_toml.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/evaluate.hpp"
#include "supeval/service/sourcing.hpp"
#include "supeval/store/settlements.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {
namespace {

namespace contracts = core::contracts;

// The request's rule set: the one it carries, else its file read once.
core::Result<ContractRuleSet> RulesOf(const ContractsRequest& request) {
  if (request.rules) return *request.rules;
  return LoadContractRuleSet(request.rules_file);
}

// The folder read whole: the evaluation's master data and the contract
// files, every problem of either in `diagnostics`.
class Folder {
 public:
  Folder(const std::filesystem::path& directory, const ContractRuleSet& rules, std::size_t threads)
      : threads_(threads),
        reader_(directory, rules.evaluation),
        contracts_reader_(directory, rules.evaluation, rules.contracts) {}

  // Reads everything but the deliveries. Fails only when the folder is missing.
  core::Status ReadRecords() {
    if (core::Status status = reader_.ReadMasterData(threads_); !status.ok()) return status;
    return contracts_reader_.Read(reader_, contract_problems_);
  }

  [[nodiscard]] bool HasProblems() const { return !reader_.diagnostics().empty() || !contract_problems_.empty(); }

  // Every problem of the folder, the evaluation's files first.
  [[nodiscard]] core::Error Problems() const {
    io::Diagnostics all = reader_.diagnostics();
    all.Append(contract_problems_);
    return io::DiagnosticsError(all);
  }

  // Streams the deliveries into `sinks` (one thread each), then lets the
  // contract reader check what other files name of them.
  core::Status Stream(std::span<const io::DatasetReader::DeliverySink> sinks, const std::function<void()>& forget) {
    core::Status status = reader_.StreamDeliveriesParallel(sinks, forget);
    if (!status.ok()) return status;
    contracts_reader_.ResolveDeliveries(reader_, contract_problems_);
    return core::Ok{};
  }

  // Reads the deliveries only to check them (and what other files name of them).
  core::Status Validate() {
    core::Status status = reader_.StreamDeliveries(io::DatasetReader::DeliverySink());
    if (!status.ok()) return status;
    contracts_reader_.ResolveDeliveries(reader_, contract_problems_);
    return core::Ok{};
  }

  core::MasterData TakeMasterData() { return reader_.TakeMasterData(); }
  // The contract records (complete once the deliveries were streamed).
  [[nodiscard]] const contracts::ContractData& contracts() const { return contracts_reader_.data(); }
  contracts::ContractData TakeContracts() { return contracts_reader_.Take(); }

 private:
  std::size_t threads_;
  io::DatasetReader reader_;
  io::ContractsReader contracts_reader_;
  io::Diagnostics contract_problems_;
};

// A slice per contract whose term meets the period: its supplier, its
// materials, the period within its term (§6).
std::vector<core::EvaluationSlice> SlicesOf(const contracts::ContractData& data, const core::Period& period,
                                            std::vector<std::optional<std::size_t>>& slice_of_contract) {
  std::vector<core::EvaluationSlice> slices;
  slice_of_contract.assign(data.contracts.size(), std::nullopt);
  for (std::size_t i = 0; i < data.contracts.size(); ++i) {
    const contracts::Contract& contract = data.contracts[i];
    if (!contract.Meets(period.first, period.last)) continue;
    slice_of_contract[i] = slices.size();
    const core::Date last = contract.end ? std::min(*contract.end, period.last) : period.last;
    slices.push_back({contract.supplier, contract.materials, std::max(contract.start, period.first), last});
  }
  return slices;
}

// The one pass: every delivery to an evaluation and a settlement
// accumulator of its thread.
struct Accumulators {
  std::vector<core::DeliveryAccumulator> evaluation;
  std::vector<contracts::SettlementAccumulator> settlement;
};

core::Status StreamBoth(Folder& folder, const core::EvaluationContext& context, const contracts::SettlementPlan& plan,
                        std::size_t threads, Accumulators& accumulators) {
  for (std::size_t i = 0; i < threads; ++i) {
    accumulators.evaluation.emplace_back(context);
    accumulators.settlement.emplace_back(plan);
  }
  std::vector<io::DatasetReader::DeliverySink> sinks;
  for (std::size_t i = 0; i < threads; ++i) {
    sinks.emplace_back([&evaluation = accumulators.evaluation[i],
                        &settlement = accumulators.settlement[i]](const core::Delivery& delivery) {
      evaluation.Add(delivery);
      settlement.Add(delivery);
    });
  }
  const auto forget = [&accumulators] {
    for (auto& accumulator : accumulators.evaluation) accumulator.Clear();
    for (auto& accumulator : accumulators.settlement) accumulator.Clear();
  };
  if (core::Status status = folder.Stream(sinks, forget); !status.ok()) return status;
  for (std::size_t i = 1; i < threads; ++i) {
    accumulators.evaluation.front().Merge(std::move(accumulators.evaluation[i]));
    accumulators.settlement.front().Merge(std::move(accumulators.settlement[i]));
  }
  return core::Ok{};
}

// What a settlement reads: the master data and contract records (complete
// once `stream` has run: events may take their delivery's material), and
// the one pass that feeds every delivery the settlement needs into fresh
// accumulators of the context and plan (a kBadInput error with every
// problem the pass finds).
using StreamInto =
    std::function<core::Status(const core::EvaluationContext&, const contracts::SettlementPlan&, Accumulators&)>;
struct SettleSource {
  const core::MasterData& master;
  const contracts::ContractData& data;
  StreamInto stream;
  std::size_t threads = 1;
  std::optional<std::string> explain_contract;  // trace this contract's slice
};

// The slice of the contract `contract_id` (none: its term does not meet the
// period), or kBadInput when the register has no such contract.
core::Result<std::optional<core::Index>> SliceToExplain(
    const contracts::ContractData& data, const std::vector<std::optional<std::size_t>>& slice_of_contract,
    const std::string& contract_id) {
  for (std::size_t i = 0; i < data.contracts.size(); ++i) {
    if (data.contracts[i].id != contract_id) continue;
    if (!slice_of_contract[i]) return std::optional<core::Index>();
    return std::optional<core::Index>(static_cast<core::Index>(*slice_of_contract[i]));
  }
  return core::BadInput("unknown contract '" + contract_id + "'", {"", 0, "--explain"});
}

// Settles records that are valid: evaluates each contract's slice and
// settles the period from one pass over the deliveries.
core::Result<ExplainedSettlement> SettleFrom(const SettleSource& source, const ContractRuleSet& rules,
                                             const core::Period& period) {
  const contracts::ContractData& data = source.data;
  std::vector<std::optional<std::size_t>> slice_of_contract;
  core::EvaluationOptions options;
  options.threads = source.threads;
  options.slices = SlicesOf(data, period, slice_of_contract);
  if (source.explain_contract) {
    auto slice = SliceToExplain(data, slice_of_contract, *source.explain_contract);
    if (!slice.ok()) return slice.error();
    options.explain_slice = *slice;
  }
  auto context = core::EvaluationContext::Create(rules.evaluation, period, source.master, std::move(options));
  if (!context.ok()) return context.error();
  const contracts::SettlementPlan plan({rules.contracts, data, source.master, period});
  Accumulators accumulators;
  if (core::Status status = source.stream(*context, plan, accumulators); !status.ok()) return status.error();
  const core::Evaluation evaluation = core::Evaluate(*context, accumulators.evaluation.front(), source.threads);
  std::vector<std::optional<contracts::SliceFigures>> figures(data.contracts.size());
  for (std::size_t i = 0; i < data.contracts.size(); ++i) {
    if (slice_of_contract[i]) figures[i] = evaluation.slices[*slice_of_contract[i]].figures;
  }
  contracts::Settlement settlement = contracts::Settle(plan, figures, accumulators.settlement.front());
  if (!settlement.errors.empty()) {
    io::Diagnostics diagnostics;
    for (core::Error& error : settlement.errors) diagnostics.Add(std::move(error));
    return io::DiagnosticsError(diagnostics);
  }
  return ExplainedSettlement{std::move(settlement), period, rules.evaluation, evaluation.explanation};
}

// Settles a folder whose records are valid.
core::Result<ExplainedSettlement> SettleFolder(Folder& folder, const ContractRuleSet& rules, const core::Period& period,
                                               std::size_t threads, const std::optional<std::string>& explain) {
  const core::MasterData master = folder.TakeMasterData();
  const SettleSource source{
      master, folder.contracts(),
      [&](const core::EvaluationContext& context, const contracts::SettlementPlan& plan, Accumulators& accumulators) {
        if (core::Status status = StreamBoth(folder, context, plan, threads, accumulators); !status.ok()) {
          return status;
        }
        return folder.HasProblems() ? core::Status(folder.Problems()) : core::Status(core::Ok{});
      },
      threads, explain};
  return SettleFrom(source, rules, period);
}

// The first day whose deliveries a settlement of `period` may need (§5–§7):
// the contract years that reach into it, take-or-pay windows and tooling
// from their `from`, the warranty window before its last day (a month
// more, so that no month length can cut it short).
core::Date FirstDayNeeded(const contracts::ContractData& data, const contracts::ContractRules& rules,
                          const core::Period& period) {
  core::Date first = period.first - (rules.warranty_window_months + 1) * 31;
  for (const contracts::Contract& contract : data.contracts) first = std::min(first, contract.start);
  for (const contracts::VolumeCommitment& commitment : data.commitments) first = std::min(first, commitment.from);
  for (const contracts::Tooling& tooling : data.toolings) {
    if (tooling.from) first = std::min(first, *tooling.from);
  }
  return first;
}

// The lines of every published settlement, as settled lines of `data`'s
// contracts (§8: they count as settled, beside settled.csv's lines).
core::Status AddPublishedLines(store::SettlementStore& settlements, contracts::ContractData& data) {
  auto published = settlements.List();
  if (!published.ok()) return published.error();
  std::map<std::string, core::Index, std::less<>> contract_of;
  for (core::Index i = 0; i < data.contracts.size(); ++i) contract_of.emplace(data.contracts[i].id, i);
  for (const store::SettlementSummary& summary : *published) {
    auto record = settlements.Read(summary.id);
    if (!record.ok()) return record.error();
    for (const std::vector<std::string>& cells : record->lines) {
      const auto contract = contract_of.find(cells[0]);
      auto period = core::ParsePeriod(cells[2]);
      auto amount = core::Rational::Parse(cells[15], true);
      if (contract == contract_of.end() || !period.ok() || !amount) {
        return core::Internal("published settlement " + std::to_string(summary.id) + " has a line of contract '" +
                              cells[0] + "' that does not read back");
      }
      data.settled.push_back({contract->second, *std::move(period), cells[4], cells[5], cells[6], *amount, 0});
    }
  }
  return core::Ok{};
}

// A folder of its own under the system's temporary folder, removed with
// everything in it when it goes.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "supeval-backtest-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Writes `rows` as a CSV file under `header`.
template <class T, class Fields>
void WriteCsv(const std::filesystem::path& path, std::initializer_list<std::string_view> header,
              const std::vector<T>& rows, Fields fields) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  io::CsvWriter csv(out);
  csv.Row(header);
  for (const T& row : rows) {
    fields(row, csv);
    csv.EndRow();
  }
  csv.Flush();
}

// The contract files of `directory` (a backtest's draft), validated against
// the database's master data as a folder would be: that master data's
// suppliers, plants and materials are written, in its order (so that the
// indices agree), as the required files of a scratch folder beside copies
// of the contract files, which the folder's readers then read. Their
// messages name `directory`.
core::Result<contracts::ContractData> ReadDraftContracts(const std::filesystem::path& directory,
                                                         const core::MasterData& master, const ContractRuleSet& rules) {
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    return core::BadInput("the folder '" + directory.string() + "' does not exist", {"", 0, "--contracts"});
  }
  const ScratchFolder scratch;
  if (scratch.path().empty()) return core::Internal("cannot create a scratch folder for the backtest");
  WriteCsv(scratch.path() / "suppliers.csv", {"supplier_id", "name"}, master.suppliers,
           [](const core::Supplier& s, io::CsvWriter& csv) {
             csv.Field(s.id);
             csv.Field(s.id);
           });
  WriteCsv(scratch.path() / "plants.csv", {"plant_id", "name"}, master.plants,
           [](const core::Plant& p, io::CsvWriter& csv) {
             csv.Field(p.id);
             csv.Field(p.id);
           });
  WriteCsv(scratch.path() / "materials.csv", {"material_id", "commodity", "unit", "kind"}, master.materials,
           [](const core::Material& m, io::CsvWriter& csv) {
             csv.Field(m.id);
             csv.Field(m.commodity);
             csv.Field(m.unit);
             csv.Field(m.kind == core::MaterialKind::kRaw ? "raw" : "purchased");
           });
  WriteCsv(
      scratch.path() / "deliveries.csv",
      {"delivery_id", "supplier_id", "plant_id", "material_id", "due_date", "due_qty", "receipt_date", "received_qty"},
      std::vector<int>(), [](int, io::CsvWriter&) {});
  for (const std::string& name : io::ContractsReader::FileNames()) {
    if (std::filesystem::exists(directory / name, error)) {
      std::filesystem::copy_file(directory / name, scratch.path() / name, error);
      if (error) return core::BadInput("cannot read '" + (directory / name).string() + "': " + error.message());
    }
  }
  io::DatasetReader reader(scratch.path(), rules.evaluation);
  if (core::Status read = reader.ReadMasterData(); !read.ok()) return read.error();
  if (!reader.diagnostics().empty()) return core::Internal("the database's master data does not read as a folder");
  io::ContractsReader contracts_reader(scratch.path(), rules.evaluation, rules.contracts);
  io::Diagnostics problems;
  if (core::Status read = contracts_reader.Read(reader, problems); !read.ok()) return read.error();
  if (!problems.empty()) {
    core::Error refused = io::DiagnosticsError(problems);
    const std::string from = scratch.path().string();
    for (std::size_t at = refused.message.find(from); at != std::string::npos;
         at = refused.message.find(from, at + directory.string().size())) {
      refused.message.replace(at, from.size(), directory.string());
    }
    return refused;
  }
  return contracts_reader.Take();
}

// The records of a database as of a batch.
struct StoredRecords {
  std::unique_ptr<store::Store> db;
  std::unique_ptr<store::Snapshot> snapshot;
  core::MasterData master;
  contracts::ContractData data;
};

core::Result<StoredRecords> ReadStore(const ContractsRequest& request) {
  StoredRecords records;
  auto db = store::OpenStore(request.db_url, {.read_only = true});
  if (!db.ok()) return db.error();
  records.db = *std::move(db);
  // Published runs are published results (§3 published.csv); read before
  // the snapshot, which holds the connection's transaction.
  auto runs = internal::ReadPublishedRuns(*records.db, request.as_of_batch);
  if (!runs.ok()) return runs.error();
  auto snapshot = records.db->OpenSnapshot(request.as_of_batch);
  if (!snapshot.ok()) return snapshot.error();
  records.snapshot = *std::move(snapshot);
  if (records.snapshot->last_batch() == 0) {
    return core::BadInput(
        "the database holds no imported data yet: import a data folder into it first "
        "(supeval import --db DATABASE --data DIR)",
        {"", 0, "--db"});
  }
  auto master = records.snapshot->ReadMasterData();
  if (!master.ok()) return master.error();
  records.master = *std::move(master);
  auto data = records.snapshot->ReadContractData(records.master);
  if (!data.ok()) return data.error();
  records.data = *std::move(data);
  if (core::Status added = internal::AddPublishedRuns(*runs, records.master, records.data); !added.ok()) {
    return added.error();
  }
  return records;
}

// Settles the records of a database.
core::Result<ExplainedSettlement> SettleStored(StoredRecords& records, const ContractRuleSet& rules,
                                               const core::Period& period, const std::optional<std::string>& explain) {
  const core::Date first = FirstDayNeeded(records.data, rules.contracts, period);
  const SettleSource source{
      records.master, records.data,
      [&](const core::EvaluationContext& context, const contracts::SettlementPlan& plan, Accumulators& accumulators) {
        accumulators.evaluation.emplace_back(context);
        accumulators.settlement.emplace_back(plan);
        contracts::SettlementAccumulator& settlement = accumulators.settlement.front();
        return records.snapshot->StreamDeliveriesWithin(
            first, period.last, accumulators.evaluation.front(),
            [&settlement](const core::Delivery& delivery) { settlement.Add(delivery); });
      },
      1, explain};
  return SettleFrom(source, rules, period);
}

// Reads the folder; with problems, streams the deliveries only to check
// them too, so that one run lists every problem.
core::Status ReadFolder(Folder& folder) {
  if (core::Status status = folder.ReadRecords(); !status.ok()) return status;
  if (!folder.HasProblems()) return core::Ok{};
  if (core::Status status = folder.Validate(); !status.ok()) return status;
  return folder.Problems();
}

// Problems found while computing (§3), all of them, as one kBadInput error.
core::Error FoundWhileComputing(std::vector<core::Error> errors) {
  io::Diagnostics diagnostics;
  for (core::Error& error : errors) diagnostics.Add(std::move(error));
  return io::DiagnosticsError(diagnostics);
}

// Feeds the period's deliveries into `deliveries` (built on its plan): a
// kBadInput error with every problem the pass finds.
using SourcingStream =
    std::function<core::Status(const contracts::SettlementPlan& plan, contracts::SourcingAccumulator& deliveries)>;

// Sources valid records (§10): the one pass over the deliveries, the ladder
// as of the period's last day (after the pass: events may take their
// delivery's material), the rows and the risk list.
core::Result<SourcingReport> SourceFrom(const core::MasterData& master, const contracts::ContractData& data,
                                        const ContractRuleSet& rules, const core::Period& period,
                                        const SourcingStream& stream) {
  const contracts::SettlementPlan plan({rules.contracts, data, master, period});
  contracts::SourcingAccumulator deliveries(plan);
  if (core::Status status = stream(plan, deliveries); !status.ok()) return status.error();
  contracts::EscalationResult ladder = contracts::Escalate(rules.contracts, data, master, period.last);
  if (!ladder.errors.empty()) return FoundWhileComputing(std::move(ladder.errors));
  SourcingReport report;
  report.result = contracts::Source(plan, deliveries, ladder.rows);
  report.risks = contracts::RankSourcingRisks(plan, report.result, ladder.rows);
  return report;
}

// A folder's deliveries, one accumulator a thread, merged into
// `deliveries`; the folder's problems (the deliveries' included) as kBadInput.
core::Status StreamSourcing(Folder& folder, const contracts::SettlementPlan& plan, std::size_t threads,
                            contracts::SourcingAccumulator& deliveries) {
  std::vector<contracts::SourcingAccumulator> accumulators;
  for (std::size_t i = 0; i < threads; ++i) accumulators.emplace_back(plan);
  std::vector<io::DatasetReader::DeliverySink> sinks;
  for (contracts::SourcingAccumulator& accumulator : accumulators) {
    sinks.emplace_back([&accumulator](const core::Delivery& delivery) { accumulator.Add(delivery); });
  }
  const auto forget = [&accumulators] {
    for (contracts::SourcingAccumulator& accumulator : accumulators) accumulator.Clear();
  };
  if (core::Status status = folder.Stream(sinks, forget); !status.ok()) return status;
  for (contracts::SourcingAccumulator& accumulator : accumulators) deliveries.Merge(std::move(accumulator));
  return folder.HasProblems() ? core::Status(folder.Problems()) : core::Status(core::Ok{});
}

// A database's deliveries of the period into `deliveries`. The store streams
// into an evaluation accumulator as well, which sourcing does not read.
core::Status StreamStoredSourcing(StoredRecords& records, const ContractRuleSet& rules, const core::Period& period,
                                  contracts::SourcingAccumulator& deliveries) {
  auto context = core::EvaluationContext::Create(rules.evaluation, period, records.master);
  if (!context.ok()) return context.error();
  core::DeliveryAccumulator unread(*context);
  return records.snapshot->StreamDeliveriesWithin(
      period.first, period.last, unread, [&deliveries](const core::Delivery& delivery) { deliveries.Add(delivery); });
}

}  // namespace

ContractRuleSet ContractRuleSetOf(core::RuleSet evaluation, contracts::ContractRules contract_rules) {
  std::string text = io::WriteRuleSetToml(evaluation) + "\n" + io::WriteContractRulesToml(contract_rules);
  return ContractRuleSet{std::move(evaluation), std::move(contract_rules), std::move(text)};
}

std::string ContractRuleSetSha256(const ContractRuleSet& rules) { return Sha256Hex(rules.text); }

core::Result<ContractRuleSet> LoadContractRuleSet(const std::optional<std::filesystem::path>& rules_file) {
  if (!rules_file) return ContractRuleSetOf(core::DefaultRuleSet(), contracts::DefaultContractRules());
  auto text = io::ReadRuleFileText(*rules_file);
  if (!text.ok()) return text.error();
  const std::string name = rules_file->string();
  auto evaluation = io::ParseRuleSetToml(*text, name);
  if (!evaluation.ok()) return evaluation.error();
  auto contract_rules = io::ParseContractRulesToml(*text, name);
  if (!contract_rules.ok()) return contract_rules.error();
  return ContractRuleSet{*std::move(evaluation), *std::move(contract_rules), *std::move(text)};
}

core::Result<SourcingReport> SourceContracts(const ContractsRequest& request) {
  auto period = core::ParsePeriod(request.period);
  if (!period.ok()) return period.error();
  auto rules = RulesOf(request);
  if (!rules.ok()) return rules.error();
  const auto threads = ResolveThreads(request.threads);
  if (!threads.ok()) return threads.error();
  if (!request.db_url.empty()) {
    auto records = ReadStore(request);
    if (!records.ok()) return records.error();
    return SourceFrom(records->master, records->data, *rules, *period,
                      [&](const contracts::SettlementPlan&, contracts::SourcingAccumulator& deliveries) {
                        return StreamStoredSourcing(*records, *rules, *period, deliveries);
                      });
  }
  const auto thread_count = static_cast<std::size_t>(*threads);
  Folder folder(request.data_dir, *rules, thread_count);
  if (core::Status status = ReadFolder(folder); !status.ok()) return status.error();
  const core::MasterData master = folder.TakeMasterData();
  return SourceFrom(master, folder.contracts(), *rules, *period,
                    [&](const contracts::SettlementPlan& plan, contracts::SourcingAccumulator& deliveries) {
                      return StreamSourcing(folder, plan, thread_count, deliveries);
                    });
}

namespace {

// SettleContracts, with `explain`'s slice traced when given.
core::Result<ExplainedSettlement> SettleExplaining(const ContractsRequest& request,
                                                   const std::optional<std::string>& explain) {
  auto period = core::ParsePeriod(request.period);
  if (!period.ok()) return period.error();
  auto rules = RulesOf(request);
  if (!rules.ok()) return rules.error();
  const auto threads = ResolveThreads(request.threads);
  if (!threads.ok()) return threads.error();
  if (!request.db_url.empty()) {
    auto settlements = store::SettlementStore::Open(request.db_url, {.read_only = true});
    if (!settlements.ok()) return settlements.error();
    auto records = ReadStore(request);
    if (!records.ok()) return records.error();
    if (request.contracts_dir) {
      auto draft = ReadDraftContracts(*request.contracts_dir, records->master, *rules);
      if (!draft.ok()) return draft.error();
      records->data = *std::move(draft);
    } else if (core::Status added = AddPublishedLines(**settlements, records->data); !added.ok()) {
      return added.error();
    }
    return SettleStored(*records, *rules, *period, explain);
  }
  Folder folder(request.data_dir, *rules, static_cast<std::size_t>(*threads));
  if (core::Status status = ReadFolder(folder); !status.ok()) return status.error();
  return SettleFolder(folder, *rules, *period, static_cast<std::size_t>(*threads), explain);
}

}  // namespace

core::Result<contracts::Settlement> SettleContracts(const ContractsRequest& request) {
  auto settled = SettleExplaining(request, std::nullopt);
  if (!settled.ok()) return settled.error();
  return std::move(settled->settlement);
}

core::Result<ExplainedSettlement> ExplainContractSettlement(const ContractsRequest& request,
                                                            const std::string& contract_id) {
  return SettleExplaining(request, contract_id);
}

core::Result<PublishedSettlement> PublishContractsSettlement(const ContractsRequest& request) {
  if (request.db_url.empty())
    return core::BadInput("only a settlement from a database can be published", {"", 0, "--db"});
  if (request.as_of_batch) {
    return core::BadInput("a settlement is published from the current records, not --as-of a batch",
                          {"", 0, "--as-of"});
  }
  if (request.contracts_dir) {
    return core::BadInput("a backtest (--contracts) is never published", {"", 0, "--contracts"});
  }
  const std::optional<Instant> at = ParseRfc3339(request.created_at);
  if (!at) return core::Internal("the time of a publication is not RFC 3339 UTC: " + request.created_at);
  auto period = core::ParsePeriod(request.period);
  if (!period.ok()) return period.error();
  auto rules = RulesOf(request);
  if (!rules.ok()) return rules.error();
  auto settlements = store::SettlementStore::Open(request.db_url);
  if (!settlements.ok()) return settlements.error();
  auto records = ReadStore(request);
  if (!records.ok()) return records.error();
  if (core::Status added = AddPublishedLines(**settlements, records->data); !added.ok()) return added.error();
  auto settled = SettleStored(*records, *rules, *period, std::nullopt);
  if (!settled.ok()) return settled.error();
  contracts::Settlement* settlement = &settled->settlement;
  store::SettlementRecord record;
  record.summary.period = period->label;
  record.summary.created_at = request.created_at;
  record.summary.user = request.user;
  record.summary.rules_sha256 = ContractRuleSetSha256(*rules);
  record.summary.as_of_batch = records->snapshot->last_batch();
  record.period_first = period->first;
  record.period_last = period->last;
  record.rules_text = rules->text;
  for (const contracts::SettlementLine& line : settlement->lines)
    record.lines.push_back(contracts::SettlementCells(line));
  store::AuditEntry audit;
  audit.at = *at;
  audit.user = request.user;
  audit.address = request.address;
  audit.action = "settlement.publish";
  audit.after = nlohmann::ordered_json{{"period", period->label},
                                       {"from", period->first.ToString()},
                                       {"to", period->last.ToString()},
                                       {"rules_sha256", record.summary.rules_sha256},
                                       {"as_of_batch", record.summary.as_of_batch},
                                       {"lines", record.lines.size()}}
                    .dump();
  record.audit = std::move(audit);
  records->snapshot.reset();
  auto id = (*settlements)->Publish(record);
  if (!id.ok()) return id.error();
  return PublishedSettlement{std::move(*settlement), *id};
}

namespace {

// The records of a folder or database, read whole and validated; the
// deliveries are read only to check them (every command reads the whole
// folder, §1): neither the health check nor the ladder needs them.
struct CheckedRecords {
  core::MasterData master;
  contracts::ContractData data;
};

core::Result<CheckedRecords> ReadCheckedRecords(const ContractsRequest& request, const ContractRuleSet& rules) {
  if (!request.db_url.empty()) {
    auto records = ReadStore(request);
    if (!records.ok()) return records.error();
    return CheckedRecords{std::move(records->master), std::move(records->data)};
  }
  Folder folder(request.data_dir, rules, 1);
  if (core::Status status = ReadFolder(folder); !status.ok()) return status.error();
  if (core::Status status = folder.Validate(); !status.ok()) return status.error();
  if (folder.HasProblems()) return folder.Problems();
  CheckedRecords records;
  records.master = folder.TakeMasterData();
  records.data = folder.TakeContracts();
  return records;
}

}  // namespace

core::Result<std::vector<contracts::Finding>> CheckContracts(const ContractsRequest& request) {
  auto rules = RulesOf(request);
  if (!rules.ok()) return rules.error();
  auto records = ReadCheckedRecords(request, *rules);
  if (!records.ok()) return records.error();
  return contracts::CheckContracts(rules->contracts, records->data, records->master);
}

core::Result<contracts::EscalationResult> EscalateContracts(const ContractsRequest& request, core::Date as_of) {
  auto rules = RulesOf(request);
  if (!rules.ok()) return rules.error();
  auto records = ReadCheckedRecords(request, *rules);
  if (!records.ok()) return records.error();
  contracts::EscalationResult result = contracts::Escalate(rules->contracts, records->data, records->master, as_of);
  // Decisions that do not fit their case are bad input (§3): all of them
  // at once, nothing else.
  if (!result.errors.empty()) {
    io::Diagnostics diagnostics;
    for (core::Error& error : result.errors) diagnostics.Add(std::move(error));
    return io::DiagnosticsError(diagnostics);
  }
  return result;
}

}  // namespace supeval::service
