// Fuzz target: `contracts settle` and `contracts check` (CONTRACTS.md) on a
// folder built from the input (dataset_input.hpp: the evaluation's files,
// the contract files of §3 and rules.toml with its [contracts] table).
// Proves, for every input: no crash, no undefined behaviour, no leak, no
// exception escaping — exact rationals of any size and amounts out of range
// included; a refused folder says why; the settlement is the same on one
// thread and two; every line has the §8 columns; what `check` refuses,
// `settle` refuses too (both validate the whole folder).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dataset_input.hpp"
#include "fuzz_check.hpp"
#include "fuzz_support.hpp"
#include "supeval/io/contracts_reader.hpp"
#include "supeval/service/contracts.hpp"

namespace {

namespace contracts = supeval::core::contracts;

// The folder of the input's files: those an import reads, any other left out.
void WriteFolder(const supeval::fuzz::DatasetInput& input, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  for (const std::string& name : supeval::io::ContractsReader::FolderFileNames()) {
    const auto file = input.files.find(name);
    if (file == input.files.end()) {
      std::filesystem::remove(folder / name);
    } else {
      supeval::fuzz::WriteFile(folder / name, file->second);
    }
  }
}

std::vector<std::vector<std::string>> Cells(const contracts::Settlement& settlement) {
  std::vector<std::vector<std::string>> cells;
  for (const contracts::SettlementLine& line : settlement.lines) {
    cells.push_back(contracts::SettlementCells(line));
    SUPEVAL_FUZZ_CHECK(cells.back().size() == contracts::SettlementColumns().size(), "a line has the §8 columns");
  }
  return cells;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const supeval::fuzz::DatasetInput input =
      supeval::fuzz::ParseDatasetInput(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::filesystem::path& scratch = supeval::fuzz::ScratchDirectory();
  const std::filesystem::path folder = scratch / "contracts";
  WriteFolder(input, folder);

  supeval::service::ContractsRequest request;
  request.data_dir = folder;
  request.period = input.period;
  request.threads = 1;
  if (const auto rules = input.files.find("rules.toml"); rules != input.files.end()) {
    request.rules_file = scratch / "contract-rules.toml";
    supeval::fuzz::WriteFile(*request.rules_file, rules->second);
  }
  const auto one = supeval::service::SettleContracts(request);
  request.threads = 2;
  const auto two = supeval::service::SettleContracts(request);
  SUPEVAL_FUZZ_CHECK(one.ok() == two.ok(), "threads change whether a folder settles");
  if (one.ok()) {
    SUPEVAL_FUZZ_CHECK(Cells(*one) == Cells(*two), "threads change the lines");
  } else {
    SUPEVAL_FUZZ_CHECK(!one.error().message.empty(), "a refusal says why");
    SUPEVAL_FUZZ_CHECK(one.error().message == two.error().message, "threads change the problems");
  }
  const auto check = supeval::service::CheckContracts(request);
  if (!check.ok()) {
    SUPEVAL_FUZZ_CHECK(!check.error().message.empty(), "a refusal says why");
    SUPEVAL_FUZZ_CHECK(!one.ok(), "what check refuses, settle refuses too");
  }
  return 0;
}
