// The `supeval` program as a user meets it: exit statuses (0 ok, 2 bad input,
// 1 internal), the messages for broken input, atomic --output, help on every
// subcommand, and the rule-file round trip through `rules show` and `rules check`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kValidSet = fs::path(SUPEVAL_TEST_DATA) / "01_agreement_qz1_qz4";

std::string Period() {
  std::string text = ReadText(kValidSet / "period");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// A copy of the valid set to break on purpose.
fs::path CopyOfValidSet() {
  const fs::path folder = MakeTempDir();
  for (const auto& entry : fs::directory_iterator(kValidSet)) {
    if (entry.path().extension() == ".csv") fs::copy_file(entry.path(), folder / entry.path().filename());
  }
  return folder;
}

TEST(Cli, NoArgumentsIsAUsageError) {
  const ProcessResult result = RunSupeval({});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_FALSE(result.err.empty());
}

TEST(Cli, HelpOnEverySubcommand) {
  for (const std::vector<std::string>& command : {std::vector<std::string>{"--help"},
                                                  {"evaluate", "--help"},
                                                  {"explain", "--help"},
                                                  {"rules", "--help"},
                                                  {"rules", "show", "--help"},
                                                  {"rules", "check", "--help"},
                                                  {"generate", "--help"}}) {
    const ProcessResult result = RunSupeval(command);
    EXPECT_EQ(result.exit_status, 0) << command.front();
    EXPECT_NE(result.out.find("Usage"), std::string::npos) << result.out;
  }
}

TEST(Cli, UnknownOptionIsAUsageError) {
  const ProcessResult result = RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", "2026-H1", "--bogus"});
  EXPECT_EQ(result.exit_status, 2);
}

TEST(Cli, EvaluatesToTableCsvAndJson) {
  const ProcessResult table = RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", Period()});
  ASSERT_EQ(table.exit_status, 0) << table.err;
  EXPECT_NE(table.out.find("Supplier evaluation"), std::string::npos);
  const ProcessResult csv =
      RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", Period(), "--format", "csv"});
  ASSERT_EQ(csv.exit_status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("supplier_id,name,period,status,reason,deliveries,series_deliveries,sample_deliveries,"
                          "complaints,sample_complaints,ppm,qz1,qz2,qz3,qz4,qz,lz1,lz2,lz,total,class,warnings\n",
                          0),
            0U);
  const ProcessResult json =
      RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", Period(), "--format", "json"});
  ASSERT_EQ(json.exit_status, 0) << json.err;
  EXPECT_NE(json.out.find("\"results\""), std::string::npos);
}

TEST(Cli, UnknownPeriodIsBadInput) {
  const ProcessResult result = RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", "2026-H3"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("unknown period '2026-H3'"), std::string::npos) << result.err;
}

TEST(Cli, MissingFolderIsBadInput) {
  const ProcessResult result = RunSupeval({"evaluate", "--data", "/nonexistent/folder", "--period", "2026-H1"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("/nonexistent/folder: data folder not found"), std::string::npos) << result.err;
}

TEST(Cli, MissingRequiredFileIsBadInput) {
  const fs::path folder = CopyOfValidSet();
  fs::remove(folder / "materials.csv");
  const ProcessResult result = RunSupeval({"evaluate", "--data", folder.string(), "--period", Period()});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("materials.csv: required file is missing"), std::string::npos) << result.err;
  fs::remove_all(folder);
}

TEST(Cli, BrokenRowsAreAllListedWithFileLineAndColumn) {
  const fs::path folder = CopyOfValidSet();
  std::string deliveries = ReadText(folder / "deliveries.csv");
  const std::string header = deliveries.substr(0, deliveries.find('\n') + 1);
  // Keep the header's column order: build rows from it.
  WriteText(folder / "deliveries.csv", deliveries + "X1,NOPE,NOPE,NOPE,2026-13-01,0,2026-01-05,-1,series\n");
  const ProcessResult result = RunSupeval({"evaluate", "--data", folder.string(), "--period", Period()});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_TRUE(result.out.empty());
  std::size_t line_count = 0;
  for (std::size_t i = 0; i < deliveries.size(); ++i) line_count += deliveries[i] == '\n' ? 1 : 0;
  const std::string where = "deliveries.csv:" + std::to_string(line_count + 1) + ":";
  EXPECT_NE(result.err.find(where), std::string::npos) << result.err;
  fs::remove_all(folder);
}

TEST(Cli, ManyBadRowsAreCappedWithACount) {
  const fs::path folder = CopyOfValidSet();
  std::string complaints = "complaint_id,supplier_id,plant_id,date,type,justified,status\n";
  for (int i = 0; i < 150; ++i) complaints += "K" + std::to_string(i) + ",NOPE,NOPE,2026-01-05,complaint,yes,open\n";
  WriteText(folder / "complaints.csv", complaints);
  const ProcessResult result = RunSupeval({"evaluate", "--data", folder.string(), "--period", Period()});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("more errors (300 in all)"), std::string::npos) << result.err;
  fs::remove_all(folder);
}

TEST(Cli, OutputIsWrittenOnlyOnSuccess) {
  const fs::path folder = CopyOfValidSet();
  const fs::path output = fs::path(MakeTempDir()) / "result.csv";
  WriteText(output, "previous content\n");
  fs::remove(folder / "suppliers.csv");
  ProcessResult result = RunSupeval(
      {"evaluate", "--data", folder.string(), "--period", Period(), "--format", "csv", "--output", output.string()});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_EQ(ReadText(output), "previous content\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(output.parent_path()), fs::directory_iterator()), 1)
      << "no temporary file left behind";
  result = RunSupeval(
      {"evaluate", "--data", kValidSet.string(), "--period", Period(), "--format", "csv", "--output", output.string()});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  EXPECT_EQ(ReadText(output).rfind("supplier_id,", 0), 0U);
  fs::remove_all(folder);
  fs::remove_all(output.parent_path());
}

TEST(Cli, OutputIntoMissingFolderIsBadInput) {
  const ProcessResult result = RunSupeval(
      {"evaluate", "--data", kValidSet.string(), "--period", Period(), "--output", "/nonexistent/dir/out.csv"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("cannot write output"), std::string::npos) << result.err;
}

TEST(Cli, ExplainNamesEveryPart) {
  const std::string csv =
      RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", Period(), "--format", "csv"}).out;
  const std::string first_supplier = csv.substr(csv.find('\n') + 1, csv.find(',', csv.find('\n')) - csv.find('\n') - 1);
  const ProcessResult text =
      RunSupeval({"explain", "--data", kValidSet.string(), "--period", Period(), "--supplier", first_supplier});
  ASSERT_EQ(text.exit_status, 0) << text.err;
  for (const char* part : {"QZ1", "QZ2", "QZ3", "QZ4", "LZ1", "LZ2", "weights"}) {
    EXPECT_NE(text.out.find(part), std::string::npos) << part;
  }
  const ProcessResult json = RunSupeval({"explain", "--data", kValidSet.string(), "--period", Period(), "--supplier",
                                         first_supplier, "--format", "json"});
  ASSERT_EQ(json.exit_status, 0) << json.err;
  EXPECT_NE(json.out.find("\"supplier_id\": \"" + first_supplier + "\""), std::string::npos);
}

TEST(Cli, ExplainUnknownSupplierIsBadInput) {
  const ProcessResult result =
      RunSupeval({"explain", "--data", kValidSet.string(), "--period", Period(), "--supplier", "NO-SUCH"});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("unknown supplier 'NO-SUCH'"), std::string::npos) << result.err;
}

TEST(Cli, RulesShowRoundTripsThroughRulesCheck) {
  const ProcessResult shown = RunSupeval({"rules", "show"});
  ASSERT_EQ(shown.exit_status, 0);
  EXPECT_NE(shown.out.find("# "), std::string::npos) << "a commented file";
  const fs::path folder = MakeTempDir();
  WriteText(folder / "rules.toml", shown.out);
  const ProcessResult checked = RunSupeval({"rules", "check", (folder / "rules.toml").string()});
  EXPECT_EQ(checked.exit_status, 0) << checked.err;
  fs::remove_all(folder);
}

TEST(Cli, RulesShowWithContractsRoundTripsAndChecksTheContractsTable) {
  const ProcessResult shown = RunSupeval({"rules", "show", "--contracts"});
  ASSERT_EQ(shown.exit_status, 0);
  EXPECT_NE(shown.out.find("\n[contracts]\n"), std::string::npos);
  EXPECT_NE(shown.out.find("[[contracts.ladders.default.levels]]"), std::string::npos);
  const fs::path folder = MakeTempDir();
  WriteText(folder / "rules.toml", shown.out);
  const ProcessResult checked = RunSupeval({"rules", "check", (folder / "rules.toml").string()});
  EXPECT_EQ(checked.exit_status, 0) << checked.err;
  // rules check reads the [contracts] table too: a share above 1 is named at its line.
  WriteText(folder / "rules.toml", "[weights]\nquality = 0.6\n\n[contracts]\nkpi_cap_share = 1.5\n");
  const ProcessResult bad = RunSupeval({"rules", "check", (folder / "rules.toml").string()});
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find("rules.toml:5"), std::string::npos) << bad.err;
  fs::remove_all(folder);
}

TEST(Cli, EscalationsNeedADateAndAFolder) {
  const fs::path ladder = fs::path(SUPEVAL_TEST_DATA) / "contracts" / "17_ladder_worked_example";
  const ProcessResult no_date = RunSupeval({"escalations", "--data", ladder.string(), "--as-of", "2026-02-30"});
  EXPECT_EQ(no_date.exit_status, 2);
  EXPECT_NE(no_date.err.find("--as-of: '2026-02-30' is not a date"), std::string::npos) << no_date.err;
  EXPECT_TRUE(no_date.out.empty());
  const ProcessResult missing = RunSupeval({"escalations", "--as-of", "2026-03-20"});
  EXPECT_EQ(missing.exit_status, 2) << "--data is required";
  const ProcessResult table = RunSupeval({"escalations", "--data", ladder.string(), "--as-of", "2026-03-20"});
  ASSERT_EQ(table.exit_status, 0) << table.err;
  EXPECT_NE(table.out.find("deescalate by jdoe"), std::string::npos) << table.out;
}

TEST(Cli, RulesCheckNamesTheLineOfABadKey) {
  const fs::path folder = MakeTempDir();
  WriteText(folder / "rules.toml", "[weights]\nquality = 0.6\nqualty = 0.4\n");
  const ProcessResult result = RunSupeval({"rules", "check", (folder / "rules.toml").string()});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("rules.toml:3"), std::string::npos) << result.err;
  fs::remove_all(folder);
}

TEST(Cli, EvaluateWithABrokenRuleFileIsBadInput) {
  const fs::path folder = MakeTempDir();
  WriteText(folder / "rules.toml", "[weights]\nquality = -1\n");
  const ProcessResult result = RunSupeval(
      {"evaluate", "--data", kValidSet.string(), "--period", Period(), "--rules", (folder / "rules.toml").string()});
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_NE(result.err.find("rules.toml"), std::string::npos) << result.err;
  fs::remove_all(folder);
}

TEST(Cli, GenerateThenEvaluateAndExplain) {
  const fs::path folder = MakeTempDir();
  const ProcessResult generated =
      RunSupeval({"generate", "--out", folder.string(), "--suppliers", "30", "--deliveries", "3000", "--seed", "7"});
  ASSERT_EQ(generated.exit_status, 0) << generated.err;
  const ProcessResult evaluated =
      RunSupeval({"evaluate", "--data", folder.string(), "--period", "2026-H1", "--format", "csv"});
  ASSERT_EQ(evaluated.exit_status, 0) << evaluated.err;
  EXPECT_NE(evaluated.out.find(",evaluated,"), std::string::npos);
  EXPECT_NE(evaluated.out.find(",not_evaluated,"), std::string::npos);
  const ProcessResult explained =
      RunSupeval({"explain", "--data", folder.string(), "--period", "2026-H1", "--supplier", "S00001"});
  EXPECT_EQ(explained.exit_status, 0) << explained.err;
  fs::remove_all(folder);
}

TEST(Cli, GenerateRejectsBadOptions) {
  const ProcessResult result = RunSupeval({"generate", "--out", "/tmp/x", "--suppliers", "0"});
  EXPECT_EQ(result.exit_status, 2);
  const ProcessResult bad_date = RunSupeval({"generate", "--out", "/tmp/x", "--from", "2026-02-30"});
  EXPECT_EQ(bad_date.exit_status, 2);
  EXPECT_NE(bad_date.err.find("--from"), std::string::npos) << bad_date.err;
}

}  // namespace
}  // namespace supeval::testing

namespace supeval::testing {
namespace {

// A rule file is data the engine obeys: with all weight on quality, every
// evaluated supplier's total equals its QZ.
TEST(Cli, ARuleFileChangesTheResult) {
  const fs::path folder = MakeTempDir();
  std::string rules = RunSupeval({"rules", "show"}).out;
  const std::string from = "quality = 0.65";
  const std::string delivery = "delivery = 0.35";
  ASSERT_NE(rules.find(from), std::string::npos) << rules.substr(0, 2000);
  ASSERT_NE(rules.find(delivery), std::string::npos);
  rules.replace(rules.find(from), from.size(), "quality = 1");
  rules.replace(rules.find(delivery), delivery.size(), "delivery = 0");
  WriteText(folder / "rules.toml", rules);
  const ProcessResult result = RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", Period(), "--format",
                                           "json", "--rules", (folder / "rules.toml").string()});
  ASSERT_EQ(result.exit_status, 0) << result.err;
  const ProcessResult plain =
      RunSupeval({"evaluate", "--data", kValidSet.string(), "--period", Period(), "--format", "json"});
  EXPECT_NE(result.out, plain.out);
  std::size_t checked = 0;
  for (std::size_t at = result.out.find("\"qz\": "); at != std::string::npos;
       at = result.out.find("\"qz\": ", at + 1)) {
    const std::size_t total_at = result.out.find("\"total\": ", at);
    ASSERT_NE(total_at, std::string::npos);
    const std::string qz = result.out.substr(at + 6, result.out.find_first_of(",\n", at + 6) - at - 6);
    const std::string total =
        result.out.substr(total_at + 9, result.out.find_first_of(",\n", total_at + 9) - total_at - 9);
    EXPECT_EQ(qz, total);
    if (qz != "null") ++checked;
  }
  EXPECT_GT(checked, 0U);
  fs::remove_all(folder);
}

// `sourcing` (CONTRACTS.md §2, §10): a folder or a database and a period
// are required; --risks and --output as for the other contract commands;
// bad input writes nothing, not even the --output file.
TEST(Cli, SourcingNeedsAPeriodAndAFolderOrADatabase) {
  const fs::path sets = fs::path(SUPEVAL_TEST_DATA) / "contracts";
  const std::string risky = (sets / "21_sourcing_risks_ladder_hold").string();
  const ProcessResult no_source = RunSupeval({"sourcing", "--period", "2026-Q1"});
  EXPECT_EQ(no_source.exit_status, 2);
  EXPECT_NE(no_source.err.find("give --data DIR"), std::string::npos) << no_source.err;
  EXPECT_TRUE(no_source.out.empty());
  const ProcessResult no_period = RunSupeval({"sourcing", "--data", risky});
  EXPECT_EQ(no_period.exit_status, 2);
  EXPECT_NE(no_period.err.find("--period"), std::string::npos) << no_period.err;
  const ProcessResult bad_period = RunSupeval({"sourcing", "--data", risky, "--period", "2026-Q5"});
  EXPECT_EQ(bad_period.exit_status, 2);
  EXPECT_TRUE(bad_period.out.empty());
  const ProcessResult both = RunSupeval({"sourcing", "--data", risky, "--db", "sqlite:x.db", "--period", "2026-Q1"});
  EXPECT_EQ(both.exit_status, 2) << "--data and --db exclude each other";

  const fs::path folder = MakeTempDir();
  const ProcessResult risks = RunSupeval({"sourcing", "--data", risky, "--period", "2026-Q1", "--risks", "--format",
                                          "csv", "--output", (folder / "risks.csv").string()});
  ASSERT_EQ(risks.exit_status, 0) << risks.err;
  EXPECT_TRUE(risks.out.empty());
  EXPECT_EQ(ReadText(folder / "risks.csv"),
            ReadText(sets / "21_sourcing_risks_ladder_hold" / "expected" / "risks.csv"));
  const ProcessResult table = RunSupeval({"sourcing", "--data", risky, "--period", "2026-Q1"});
  ASSERT_EQ(table.exit_status, 0) << table.err;
  EXPECT_NE(table.out.find("high_concentration"), std::string::npos) << table.out;

  const ProcessResult misfit = RunSupeval({"sourcing", "--data", (sets / "18_ladder_misfit_decisions").string(),
                                           "--period", "2026-Q1", "--output", (folder / "none.csv").string()});
  EXPECT_EQ(misfit.exit_status, 2);
  EXPECT_NE(misfit.err.find("escalation_decisions.csv:2: decision:"), std::string::npos) << misfit.err;
  EXPECT_FALSE(fs::exists(folder / "none.csv")) << "nothing is written on bad input";
  fs::remove_all(folder);
}

}  // namespace
}  // namespace supeval::testing
