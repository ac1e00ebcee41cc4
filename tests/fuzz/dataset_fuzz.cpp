// Fuzz target: the whole data-set reader (io::DatasetReader) on a folder
// built from the input (dataset_input.hpp), then the evaluation and every
// output as `supeval evaluate --data` runs them.
// Proves, for every input: no crash, no undefined behaviour, no leak, no
// exception escaping; the reader gives the same rows and the same problems
// however it reads — rows by their shape, blocks cut at line ends (read again
// at a quote), two workers and master files read side by side, against the
// general path, blocks cut at record ends, one thread; and the evaluation's
// properties (fuzz_support.hpp). Where the input asks (blocks=2, grow=),
// deliveries.csv spans two blocks and a master file the CSV reader's first
// buffer, so that the cuts between them are fuzzed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dataset_input.hpp"
#include "dataset_reader_probe.hpp"
#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/dataset_reader.hpp"

namespace {

using supeval::io::DatasetReader;

// How the reader is asked to read: the fast way and the plain way.
struct ReadWay {
  bool rows_by_shape;
  bool optimistic;  // a `forget` is given, so blocks may be cut at line ends
  std::size_t threads;
};

// Everything a read shows: its failure, its rows, its problems.
struct ReadOutcome {
  std::string failure;
  std::vector<std::string> rows;  // sorted: workers hand rows over in any order
  std::string problems;
};

std::string Describe(const supeval::core::Delivery& delivery) {
  return std::string(delivery.id) + "|" + std::to_string(delivery.supplier) + "|" + std::to_string(delivery.plant) +
         "|" + std::to_string(delivery.material) + "|" + std::to_string(delivery.due_date.days()) + "|" +
         std::to_string(delivery.due_qty.micros()) + "|" + std::to_string(delivery.receipt_date.days()) + "|" +
         std::to_string(delivery.received_qty.micros()) + "|" + std::to_string(static_cast<int>(delivery.type)) + "|" +
         std::to_string(delivery.referenced_slot);
}

ReadOutcome Read(const std::filesystem::path& folder, const supeval::core::RuleSet& rules, ReadWay way) {
  ReadOutcome outcome;
  DatasetReader reader(folder, rules);
  supeval::io::DatasetReaderProbe::AllowRowsByShape(reader, way.rows_by_shape);
  if (const auto status = reader.ReadMasterData(way.threads); !status.ok()) {
    outcome.failure = status.error().ToString();
    outcome.problems = reader.diagnostics().Render();
    return outcome;
  }
  const supeval::core::MasterData master = reader.TakeMasterData();
  std::vector<std::vector<std::string>> rows(way.threads);
  std::vector<DatasetReader::DeliverySink> sinks;
  for (std::size_t w = 0; w < way.threads; ++w) {
    sinks.emplace_back([&rows, w](const supeval::core::Delivery& delivery) { rows[w].push_back(Describe(delivery)); });
  }
  const auto forget = [&rows] {
    for (std::vector<std::string>& worker_rows : rows) worker_rows.clear();
  };
  const auto status =
      way.optimistic ? reader.StreamDeliveriesParallel(sinks, forget) : reader.StreamDeliveriesParallel(sinks);
  if (!status.ok()) outcome.failure = status.error().ToString();
  for (std::vector<std::string>& worker_rows : rows) {
    outcome.rows.insert(outcome.rows.end(), worker_rows.begin(), worker_rows.end());
  }
  std::sort(outcome.rows.begin(), outcome.rows.end());
  outcome.problems = reader.diagnostics().Render();
  return outcome;
}

void WriteFolder(const supeval::fuzz::DatasetInput& input, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  for (const std::string& name : DatasetReader::FileNames()) {
    const auto file = input.files.find(name);
    if (file == input.files.end()) {
      std::filesystem::remove(folder / name);
    } else if (input.grown_files.contains(name)) {
      supeval::fuzz::WriteFile(folder / name, supeval::fuzz::GrowPastOneBlock(file->second));
    } else {
      supeval::fuzz::WriteFile(folder / name, file->second);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const supeval::fuzz::DatasetInput input =
      supeval::fuzz::ParseDatasetInput(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::filesystem::path& scratch = supeval::fuzz::ScratchDirectory();
  const std::filesystem::path folder = scratch / "data";
  WriteFolder(input, folder);

  supeval::service::EvaluateRequest request;
  request.data_dir = folder;
  request.period = input.period;
  request.explain_supplier = input.explain_supplier;
  request.threads = input.threads;
  if (const auto rules = input.files.find("rules.toml"); rules != input.files.end()) {
    request.rules_file = scratch / "rules.toml";
    supeval::fuzz::WriteFile(*request.rules_file, rules->second);
  }
  supeval::fuzz::EvaluateAndWrite(request);

  // The reader's ways compared on the default rules (the rule file has a
  // target of its own).
  const supeval::core::RuleSet rules = supeval::core::DefaultRuleSet();
  const ReadOutcome fast = Read(folder, rules, {true, true, 2});
  const ReadOutcome plain = Read(folder, rules, {false, false, 1});
  SUPEVAL_FUZZ_CHECK(fast.failure == plain.failure, "the reader's ways fail differently");
  SUPEVAL_FUZZ_CHECK(fast.problems == plain.problems, "the reader's ways report different problems");
  SUPEVAL_FUZZ_CHECK(fast.rows == plain.rows, "the reader's ways read different rows");
  return 0;
}
