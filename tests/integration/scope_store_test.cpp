// `evaluate --db --scope` (docs/EVALUATION.md, "Scopes") on SQLite and
// PostgreSQL: a plant's company survives the import, so the database gives
// the rows the CSV folder gives; a company replaced by a later import is
// kept in the history (a published run reproduced with --as-of groups the
// plants as they were); a run records the scopes it was published with.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "database_cli_test.hpp"
#include "process.hpp"
#include "supeval/store/test_database.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kScopes = fs::path(SUPEVAL_TEST_DATA) / "18_scopes";

class ScopeStore : public DatabaseCliTest {
 protected:
  // `evaluate` of `source` (--data DIR, or this test's database) as csv.
  ProcessResult EvaluateScope(const std::string& scope, const std::optional<fs::path>& folder) {
    std::vector<std::string> arguments = {"evaluate", "--period", "2026-H1", "--format", "csv", "--scope", scope};
    if (!folder) return Run(arguments);
    arguments.insert(arguments.end(), {"--data", folder->string()});
    return RunSupeval(arguments);
  }

  void ExpectDatabaseLikeFolder(const fs::path& folder) {
    for (const std::string scope : {"plant", "company"}) {
      const ProcessResult from_folder = EvaluateScope(scope, folder);
      const ProcessResult from_db = EvaluateScope(scope, std::nullopt);
      ASSERT_EQ(from_folder.exit_status, 0) << from_folder.err;
      ASSERT_EQ(from_db.exit_status, 0) << from_db.err;
      EXPECT_EQ(from_folder.out, from_db.out) << scope;
    }
  }
};

TEST_P(ScopeStore, DatabaseGivesTheFoldersRows) {
  if (!database_) return;
  ASSERT_EQ(Run({"import", "--data", kScopes.string()}).exit_status, 0);
  ExpectDatabaseLikeFolder(kScopes);
}

TEST_P(ScopeStore, GeneratedDemoDataHasCompanies) {
  if (!database_) return;
  const fs::path folder = GenerateAndImport("demo", 3000);
  ExpectDatabaseLikeFolder(folder);
  const ProcessResult company = EvaluateScope("company", std::nullopt);
  EXPECT_NE(company.out.find(",ACME-SUED,"), std::string::npos) << company.out;
}

TEST_P(ScopeStore, AReplacedCompanyIsKeptInTheHistory) {
  if (!database_) return;
  ASSERT_EQ(Run({"import", "--data", kScopes.string()}).exit_status, 0);
  const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--format", "csv", "--publish"});
  ASSERT_EQ(published.exit_status, 0) << published.err;
  const fs::path changed = fs::path(scratch_) / "changed";
  fs::create_directories(changed);
  for (const auto& entry : fs::directory_iterator(kScopes)) fs::copy(entry.path(), changed / entry.path().filename());
  Edit(changed / "plants.csv", "P2,Werk Sued,Mon-Fri,ACME-DE", "P2,Werk Sued,Mon-Fri,ACME-SUED");
  ASSERT_EQ(Run({"import", "--data", changed.string()}).exit_status, 0);
  EXPECT_NE(EvaluateScope("company", std::nullopt).out.find("S1,ACME-SUED,"), std::string::npos);
  const ProcessResult then = Run({"evaluate", "--as-of", "1", "--format", "csv", "--scope", "company"});
  ASSERT_EQ(then.exit_status, 0) << then.err;
  EXPECT_EQ(then.out, EvaluateScope("company", kScopes).out);
}

TEST_P(ScopeStore, ARunRecordsTheScopesItHolds) {
  if (!database_) return;
  ASSERT_EQ(Run({"import", "--data", kScopes.string()}).exit_status, 0);
  ASSERT_EQ(Run({"evaluate", "--period", "2026-H1", "--format", "csv", "--publish"}).exit_status, 0);
  const ProcessResult scoped =
      Run({"evaluate", "--period", "2026-H1", "--format", "csv", "--scope", "plant", "--publish"});
  ASSERT_EQ(scoped.exit_status, 0) << scoped.err;
  EXPECT_EQ(scoped.out, EvaluateScope("plant", kScopes).out);
  const ProcessResult runs = Run({"runs", "list", "--format", "json"});
  ASSERT_EQ(runs.exit_status, 0) << runs.err;
  const auto json = nlohmann::ordered_json::parse(runs.out);
  ASSERT_EQ(json.size(), 2U) << runs.out;
  std::map<std::int64_t, nlohmann::ordered_json> scopes;
  for (const auto& run : json) scopes[run["run"].get<std::int64_t>()] = run["scopes"];
  EXPECT_EQ(scopes[1], nlohmann::ordered_json({"supplier"}));
  EXPECT_EQ(scopes[2], nlohmann::ordered_json({"supplier", "plant"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ScopeStore, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
