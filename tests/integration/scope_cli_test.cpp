// `evaluate --scope` at the command line (docs/EVALUATION.md, "Scopes"): the
// default scope's output unchanged, the scope's rows in json, a plant without
// company refused for --scope company (exit 2, file:line: field) but not for
// --scope plant, and the options --scope does not take.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "csv_files.hpp"
#include "process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kScopes = fs::path(SUPEVAL_TEST_DATA) / "18_scopes";

ProcessResult Evaluate(const fs::path& data, std::vector<std::string> more) {
  std::vector<std::string> arguments = {"evaluate", "--data", data.string(), "--period", "2026-H1"};
  arguments.insert(arguments.end(), more.begin(), more.end());
  return RunSupeval(arguments);
}

TEST(ScopeCliTest, SupplierScopeIsTheDefaultOutput) {
  const ProcessResult by_default = Evaluate(kScopes, {"--format", "csv"});
  const ProcessResult supplier = Evaluate(kScopes, {"--format", "csv", "--scope", "supplier"});
  ASSERT_EQ(by_default.exit_status, 0) << by_default.err;
  EXPECT_EQ(by_default.out, supplier.out);
  EXPECT_EQ(by_default.out.rfind("supplier_id,name,", 0), 0U);
}

TEST(ScopeCliTest, JsonRowsCarryTheScope) {
  const ProcessResult result = Evaluate(kScopes, {"--format", "json", "--scope", "company"});
  ASSERT_EQ(result.exit_status, 0) << result.err;
  const auto json = nlohmann::ordered_json::parse(result.out);
  EXPECT_EQ(json["scope"], "company");
  ASSERT_EQ(json["results"].size(), 4U);
  EXPECT_EQ(json["results"][0]["supplier_id"], "S1");
  EXPECT_EQ(json["results"][0]["scope"], "ACME-DE");
  EXPECT_EQ(json["results"][0].begin().key(), "supplier_id");
  EXPECT_EQ(std::next(json["results"][0].begin()).key(), "scope");
}

TEST(ScopeCliTest, CompanyScopeRefusesAnActivePlantWithoutCompany) {
  const fs::path data = MakeTempDir();
  for (const auto& entry : fs::directory_iterator(kScopes)) fs::copy(entry.path(), data / entry.path().filename());
  fs::remove(data / "plants.csv");
  WriteText(data / "plants.csv",
            "plant_id,name,workweek,company\nP1,Werk Nord,Mon-Fri,ACME-DE\nP2,Werk Sued,Mon-Fri,ACME-DE\n"
            "P3,Usine Est,Mon-Fri,\n");
  const ProcessResult company = Evaluate(data, {"--format", "csv", "--scope", "company"});
  EXPECT_EQ(company.exit_status, 2);
  EXPECT_TRUE(company.out.empty());
  EXPECT_NE(company.err.find("plants.csv:4: company: empty, --scope company needs each plant's company"),
            std::string::npos)
      << company.err;
  const ProcessResult plant = Evaluate(data, {"--format", "csv", "--scope", "plant"});
  EXPECT_EQ(plant.exit_status, 0) << plant.err;
  fs::remove_all(data);
}

TEST(ScopeCliTest, UnknownScopeAndXlsxAreRefused) {
  EXPECT_EQ(Evaluate(kScopes, {"--scope", "region"}).exit_status, 2);
  EXPECT_EQ(Evaluate(kScopes, {"--scope", "plant", "--format", "xlsx", "--output", "/dev/null"}).exit_status, 2);
}

}  // namespace
}  // namespace supeval::testing
