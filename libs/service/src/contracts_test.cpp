// Tests of the contract use cases on CSV folders: a generated data set (every
// contract file, every type) is valid and settles, whatever the threads; bad
// input anywhere in the folder is the whole list of problems; a rule file's
// [contracts] table reaches the settlement.
#include "supeval/service/contracts.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "supeval/service/generate.hpp"

namespace supeval::service {
namespace {

namespace fs = std::filesystem;

class ContractsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("supeval_contracts_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    GenerateOptions options;
    options.out_dir = root_;
    options.suppliers = 120;
    options.deliveries = 6000;
    options.seed = 5;
    ASSERT_TRUE(GenerateDataset(options).ok());
  }
  void TearDown() override { fs::remove_all(root_); }

  ContractsRequest Request(std::string period = "2026-H1", int threads = 1) const {
    ContractsRequest request;
    request.data_dir = root_;
    request.period = std::move(period);
    request.threads = threads;
    return request;
  }

  void Append(const std::string& file, const std::string& line) const {
    std::ofstream(root_ / file, std::ios::app) << line << "\n";
  }

  fs::path root_;
};

TEST_F(ContractsTest, AGeneratedRegisterIsValidAndSettlesEveryContractMeetingThePeriod) {
  const auto settlement = SettleContracts(Request());
  ASSERT_TRUE(settlement.ok()) << settlement.error().ToString();
  std::set<std::string> contracts;
  std::set<std::string> kinds;
  for (const auto& line : settlement->lines) {
    contracts.insert(line.contract_id);
    kinds.insert(line.kind);
    EXPECT_EQ(line.line_type, "original");
  }
  EXPECT_EQ(contracts.size(), 12U);  // 120 suppliers: one contract for every tenth, all meeting 2026-H1
  for (const char* kind : {"volume_tier", "indexation", "kpi", "milestone"}) EXPECT_TRUE(kinds.contains(kind)) << kind;
  const auto findings = CheckContracts(Request());
  ASSERT_TRUE(findings.ok()) << findings.error().ToString();
  EXPECT_FALSE(findings->empty());
}

TEST_F(ContractsTest, TheLinesDoNotDependOnTheThreads) {
  const auto one = SettleContracts(Request("2026-H1", 1));
  const auto two = SettleContracts(Request("2026-H1", 2));
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ(one->lines.size(), two->lines.size());
  for (std::size_t i = 0; i < one->lines.size(); ++i) {
    EXPECT_EQ(core::contracts::SettlementCells(one->lines[i]), core::contracts::SettlementCells(two->lines[i]));
  }
}

TEST_F(ContractsTest, BadInputInAnyFileListsEveryProblemAndSettlesNothing) {
  Append("kpis.csv", "K999,CT0001,otd,95,0.002,0,,no");
  Append("deliveries.csv", "broken");
  const auto settlement = SettleContracts(Request());
  ASSERT_FALSE(settlement.ok());
  EXPECT_EQ(settlement.error().code, core::ErrorCode::kBadInput);
  const std::string& message = settlement.error().message;
  EXPECT_NE(message.find("deliveries.csv:"), std::string::npos) << message;
  EXPECT_NE(message.find("kpis.csv:"), std::string::npos) << message;
  EXPECT_NE(message.find("kpi: unknown value 'otd'"), std::string::npos) << message;
  const auto findings = CheckContracts(Request());
  ASSERT_FALSE(findings.ok());
  EXPECT_EQ(findings.error().message, message);  // every command reads and validates the whole folder
}

TEST_F(ContractsTest, TheRuleFilesContractsTableReachesTheSettlement) {
  const auto defaults = SettleContracts(Request());
  ASSERT_TRUE(defaults.ok());
  std::ofstream(root_ / "rules.toml") << "[contracts]\nkpi_cap_share = 0.01\npenalty_cap_share = 0.01\n";
  ContractsRequest request = Request();
  request.rules_file = root_ / "rules.toml";
  const auto capped = SettleContracts(request);
  ASSERT_TRUE(capped.ok()) << capped.error().ToString();
  std::int64_t default_total = 0;
  std::int64_t capped_total = 0;
  for (const auto& line : defaults->lines) default_total += line.kind == "kpi" ? line.amount_cents : 0;
  for (const auto& line : capped->lines) capped_total += line.kind == "kpi" ? line.amount_cents : 0;
  EXPECT_LT(default_total, capped_total);  // penalties are negative: a lower cap takes less
}

TEST_F(ContractsTest, ABadPeriodOrRuleFileIsBadInput) {
  EXPECT_EQ(SettleContracts(Request("2026-H3")).error().code, core::ErrorCode::kBadInput);
  std::ofstream(root_ / "rules.toml") << "[contracts]\nkpi_cap_share = 2\n";
  ContractsRequest request = Request();
  request.rules_file = root_ / "rules.toml";
  EXPECT_EQ(SettleContracts(request).error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(CheckContracts(request).error().code, core::ErrorCode::kBadInput);
}

TEST_F(ContractsTest, AnAmountBeyondAnyRealContractIsBadInputNotACrash) {
  // A list price of 10^20 a piece: every priced line of the contract is out of range.
  std::ifstream in(root_ / "price_tiers.csv");
  std::string header;
  std::string first;
  std::getline(in, header);
  std::getline(in, first);
  const std::string contract = first.substr(0, first.find(','));
  std::string text = header + "\n" + first.substr(0, first.rfind(',') + 1) + "100000000000000000000\n";
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) text += line + "\n";
  }
  in.close();
  std::ofstream(root_ / "price_tiers.csv", std::ios::trunc) << text;
  const auto settlement = SettleContracts(Request());
  ASSERT_FALSE(settlement.ok());
  EXPECT_EQ(settlement.error().code, core::ErrorCode::kBadInput);
  EXPECT_NE(settlement.error().message.find("contracts.csv:"), std::string::npos) << settlement.error().message;
  EXPECT_NE(settlement.error().message.find("an amount of contract " + contract + " is beyond"), std::string::npos)
      << settlement.error().message;
}

}  // namespace
}  // namespace supeval::service
