// Runs, batches, imports and rule sets over the API of a real `supeval
// serve`, on SQLite and PostgreSQL (API.md, "Runs, imports, holds, rules"):
// an upload is the batch the CLI lists, a dry run writes nothing, a bad row
// is named by file and line as the CLI names it, a published run is the one
// `runs list` shows, a diff is `runs diff --format json`, and the rule set of
// `serve --rules` is the one a publication records.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "database_cli_test.hpp"
#include "multipart_upload.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "supeval/store/store.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using server::testing::Response;

// `text` with `suffix` appended to its line `line` (1-based).
std::string AppendToLine(const std::string& text, int line, std::string_view suffix) {
  std::size_t at = 0;
  for (int i = 1; i < line; ++i) at = text.find('\n', at) + 1;
  std::size_t end = text.find('\n', at);
  if (end > at && text[end - 1] == '\r') --end;
  return text.substr(0, end) + std::string(suffix) + text.substr(end);
}

class ServeRuns : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    data_ = GenerateAndImport("data", 400);
    ASSERT_FALSE(HasFailure()) << "the generated data set must import";
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"ada", "admin"}, {"quinn", "quality"}, {"pat", "purchasing"}}) {
      const ProcessResult added = AddApiUser(db(), scratch_, name, role);
      ASSERT_EQ(added.exit_status, 0) << added.err;
    }
    const ProcessResult supplier = AddApiUser(db(), scratch_, "sam", "supplier", "S00001");
    ASSERT_EQ(supplier.exit_status, 0) << supplier.err;
  }

  // Logs `user` in on `serve` (kept for the test).
  ApiSession Login(const Serve& serve, const std::string& user) {
    auto session = LogInAs(serve.port(), user);
    EXPECT_TRUE(session) << user;
    return session.value_or(ApiSession{});
  }

  static Response Ask(const Serve& serve, std::string_view method, std::string_view target, const ApiSession& as,
                      std::string_view body = {}, std::string_view type = "application/json") {
    auto answer = SendAs(serve.port(), method, target, as, body, type);
    EXPECT_TRUE(answer) << method << " " << target;
    return answer.value_or(Response{});
  }

  Json CliJson(std::vector<std::string> arguments) {
    const ProcessResult result = Run(std::move(arguments));
    EXPECT_EQ(result.exit_status, 0) << result.err;
    return Json::parse(result.out, nullptr, false);
  }

  fs::path data_;
};

TEST_P(ServeRuns, AnUploadIsABatchTheApiAndTheCliShow) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  const std::vector<std::pair<std::string, std::string>> files = FilesOf(data_);
  const Response created = Ask(serve, "POST", "/api/v1/imports", quinn, Multipart(files), MultipartType());
  ASSERT_EQ(created.result_int(), 201) << created.body();
  EXPECT_EQ(HeaderOf(created, "Location"), "/api/v1/batches/2");
  const Json batch = BodyOf(created);
  EXPECT_EQ(batch["batch"], 2);
  EXPECT_EQ(batch["kind"], "import");
  EXPECT_EQ(batch["by"], "quinn");
  EXPECT_EQ(batch["source"], "upload");
  EXPECT_EQ(batch["added"], 0);  // the same files again: nothing new
  EXPECT_GT(batch["unchanged"].get<int>(), 400);
  EXPECT_TRUE(batch["why"].is_null());
  EXPECT_EQ(batch["files"].size(), files.size());

  const Response shown = Ask(serve, "GET", "/api/v1/batches/2", quinn);
  ASSERT_EQ(shown.result_int(), 200) << shown.body();
  EXPECT_EQ(BodyOf(shown), batch);
  const Response listed = Ask(serve, "GET", "/api/v1/batches?limit=1", quinn);
  ASSERT_EQ(listed.result_int(), 200) << listed.body();
  EXPECT_EQ(BodyOf(listed)["total_count"], 2);
  ASSERT_EQ(BodyOf(listed)["rows"].size(), 1U);
  EXPECT_EQ(BodyOf(listed)["rows"][0]["batch"], 2);  // newest first
  const Response older = Ask(serve, "GET", "/api/v1/batches?before=2", quinn);
  EXPECT_EQ(BodyOf(older)["rows"][0]["batch"], 1);
  EXPECT_EQ(BodyOf(older)["total_count"], 1);
  EXPECT_EQ(Ask(serve, "GET", "/api/v1/batches/3", quinn).result_int(), 404);
  EXPECT_EQ(Ask(serve, "GET", "/api/v1/batches/x", quinn).result_int(), 400);

  const ProcessResult cli = Run({"batches", "show", "2"});
  ASSERT_EQ(cli.exit_status, 0) << cli.err;
  EXPECT_NE(cli.out.find("batch 2 (import)"), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("by quinn"), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("source: upload"), std::string::npos) << cli.out;

  const Response audit = Ask(serve, "GET", "/api/v1/audit?action=import", Login(serve, "ada"));
  ASSERT_EQ(audit.result_int(), 200) << audit.body();
  ASSERT_GE(BodyOf(audit)["rows"].size(), 1U);
  EXPECT_EQ(BodyOf(audit)["rows"][0]["user"], "quinn");
  EXPECT_EQ(BodyOf(audit)["rows"][0]["target"], "2");
}

TEST_P(ServeRuns, ADryRunCountsAndWritesNothing) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  const Response counted =
      Ask(serve, "POST", "/api/v1/imports?dry_run=true", quinn, Multipart(FilesOf(data_)), MultipartType());
  ASSERT_EQ(counted.result_int(), 200) << counted.body();
  EXPECT_TRUE(BodyOf(counted)["batch"].is_null());
  EXPECT_GT(BodyOf(counted)["unchanged"].get<int>(), 400);
  EXPECT_TRUE(HeaderOf(counted, "Location").empty());
  EXPECT_EQ(BodyOf(Ask(serve, "GET", "/api/v1/batches", quinn))["total_count"], 1);
  EXPECT_EQ(
      Ask(serve, "POST", "/api/v1/imports?dry_run=yes", quinn, Multipart(FilesOf(data_)), MultipartType()).result_int(),
      400);
}

TEST_P(ServeRuns, AnUploadLeavesNoFileBehindWhateverItsOutcome) {
  const fs::path temporary = fs::path(scratch_) / "tmp";
  fs::create_directories(temporary);
  const char* const previous = std::getenv("TMPDIR");
  const std::string kept = previous != nullptr ? previous : "";
  setenv("TMPDIR", temporary.c_str(), 1);  // the serve process's temporary folder
  Serve serve(db());
  if (previous != nullptr) {
    setenv("TMPDIR", kept.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  std::vector<std::pair<std::string, std::string>> files = FilesOf(data_);
  EXPECT_EQ(Ask(serve, "POST", "/api/v1/imports", quinn, Multipart(files), MultipartType()).result_int(), 201);
  EXPECT_EQ(Ask(serve, "POST", "/api/v1/imports?dry_run=true", quinn, Multipart(files), MultipartType()).result_int(),
            200);
  for (auto& [name, content] : files) {
    if (name == "deliveries.csv") content = AppendToLine(content, 5, ",surplus");
  }
  EXPECT_EQ(Ask(serve, "POST", "/api/v1/imports", quinn, Multipart(files), MultipartType()).result_int(), 422);
  EXPECT_TRUE(fs::is_empty(temporary)) << fs::directory_iterator(temporary)->path();
}

TEST_P(ServeRuns, ABadRowIsNamedByFileAndLineAsTheCliNamesIt) {
  std::vector<std::pair<std::string, std::string>> files = FilesOf(data_);
  for (auto& [name, content] : files) {
    if (name == "deliveries.csv") content = AppendToLine(content, 5, ",surplus");
    std::ofstream(data_ / name, std::ios::binary | std::ios::trunc) << content;
  }
  const ProcessResult cli = Run({"import", "--data", data_.string()});
  ASSERT_EQ(cli.exit_status, 2) << cli.err;

  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  const Response refused = Ask(serve, "POST", "/api/v1/imports", quinn, Multipart(files), MultipartType());
  ASSERT_EQ(refused.result_int(), 422) << refused.body();
  const Json problem = BodyOf(refused);
  EXPECT_EQ(problem["type"], "/api/v1/problems/rejected-rows");
  EXPECT_EQ(problem["error_count"], 1);
  ASSERT_EQ(problem["errors"].size(), 1U);
  const Json& row = problem["errors"][0];
  EXPECT_EQ(row["file"], "deliveries.csv");
  EXPECT_EQ(row["line"], 5);
  const std::string cli_line =
      "deliveries.csv:5: " + (row["column"].is_null() ? "" : row["column"].get<std::string>() + ": ") +
      row["detail"].get<std::string>();
  EXPECT_NE(cli.err.find(cli_line), std::string::npos) << cli.err << "\nAPI: " << row;
  EXPECT_EQ(refused.body().find(fs::temp_directory_path().string()), std::string::npos) << refused.body();
  EXPECT_EQ(BodyOf(Ask(serve, "GET", "/api/v1/batches", quinn))["total_count"], 1);

  // More refused rows than a problem lists: 100 items, error_count all of them.
  for (auto& [name, content] : files) {
    if (name != "deliveries.csv") continue;
    for (int line = 6; line <= 155; ++line) content = AppendToLine(content, line, ",surplus");
  }
  const Response many = Ask(serve, "POST", "/api/v1/imports", quinn, Multipart(files), MultipartType());
  ASSERT_EQ(many.result_int(), 422) << many.body();
  EXPECT_EQ(BodyOf(many)["errors"].size(), 100U);
  EXPECT_EQ(BodyOf(many)["error_count"], 151);
}

TEST_P(ServeRuns, AnUploadThatIsNoImportIsRefusedBeforeAnythingIsRead) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  const auto status = [&](const std::string& body, std::string_view type = MultipartType()) {
    return Ask(serve, "POST", "/api/v1/imports", quinn, body, type).result_int();
  };
  EXPECT_EQ(status(Multipart({{"notes.csv", "a\n"}})), 400);
  EXPECT_EQ(status(Multipart({{"../suppliers.csv", "a\n"}})), 400);
  EXPECT_EQ(status(Multipart({{"suppliers.csv", "a\n"}, {"suppliers.csv", "a\n"}})), 400);
  EXPECT_EQ(status(Multipart({{"suppliers.csv", "caf\xe9\n"}})), 400);
  EXPECT_EQ(status("--x--"), 400);  // another boundary than the type's
  EXPECT_EQ(status(R"({"files": []})", "application/json"), 415);
  const Response purchasing =
      Ask(serve, "POST", "/api/v1/imports", Login(serve, "pat"), Multipart(FilesOf(data_)), MultipartType());
  EXPECT_EQ(purchasing.result_int(), 403);
  // A set without its required files: rows refused, the file named.
  const Response partial = Ask(serve, "POST", "/api/v1/imports", quinn,
                               Multipart({{"plants.csv", ReadText(data_ / "plants.csv")}}), MultipartType());
  ASSERT_EQ(partial.result_int(), 422) << partial.body();
  EXPECT_EQ(BodyOf(partial)["errors"][0]["file"], "suppliers.csv");
  EXPECT_TRUE(BodyOf(partial)["errors"][0]["line"].is_null());
  EXPECT_EQ(BodyOf(Ask(serve, "GET", "/api/v1/batches", quinn))["total_count"], 1);
}

// Another writer holds the database: the upload is refused at once with
// 409 import-in-progress and Retry-After, and goes through once it is done.
TEST_P(ServeRuns, AnImportWhileAnotherWriterHoldsTheDatabaseIsAConflict) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  const std::string upload = Multipart(FilesOf(data_));
  {
    auto writer = store::OpenStore(db());
    ASSERT_TRUE(writer.ok()) << writer.error().ToString();
    auto held = (*writer)->BeginImport();
    ASSERT_TRUE(held.ok()) << held.error().ToString();
    const Response busy = Ask(serve, "POST", "/api/v1/imports", quinn, upload, MultipartType());
    ASSERT_EQ(busy.result_int(), 409) << busy.body();
    EXPECT_EQ(BodyOf(busy)["type"], "/api/v1/problems/import-in-progress");
    EXPECT_FALSE(HeaderOf(busy, "Retry-After").empty());
  }
  EXPECT_EQ(Ask(serve, "POST", "/api/v1/imports", quinn, upload, MultipartType()).result_int(), 201);
}

TEST_P(ServeRuns, APublishedRunIsTheRunTheCliLists) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  const Response published = Ask(serve, "POST", "/api/v1/runs", quinn, R"({"period": "2026-H1"})");
  ASSERT_EQ(published.result_int(), 201) << published.body();
  EXPECT_EQ(HeaderOf(published, "Location"), "/api/v1/runs/1");
  const Json run = BodyOf(published);
  EXPECT_EQ(run["run"], 1);
  EXPECT_EQ(run["published_by"], "quinn");
  EXPECT_EQ(run["from"], "2026-01-01");
  EXPECT_EQ(run["to"], "2026-06-30");
  EXPECT_EQ(BodyOf(Ask(serve, "GET", "/api/v1/runs/1", quinn)), run);

  const Json listed = CliJson({"runs", "list", "--format", "json"});
  ASSERT_EQ(listed.size(), 1U);
  Json row = run;
  row.erase("from");
  row.erase("to");
  EXPECT_EQ(listed[0], row);

  const Response audit = Ask(serve, "GET", "/api/v1/audit?action=run.publish", Login(serve, "ada"));
  ASSERT_EQ(audit.result_int(), 200) << audit.body();
  ASSERT_EQ(BodyOf(audit)["rows"].size(), 1U);
  EXPECT_EQ(BodyOf(audit)["rows"][0]["target"], "1");
  EXPECT_EQ(BodyOf(audit)["rows"][0]["user"], "quinn");
  EXPECT_EQ(BodyOf(audit)["rows"][0]["after"]["rules_sha256"], run["rules_sha256"]);

  const Response unparseable = Ask(serve, "POST", "/api/v1/runs", quinn, R"({"period": "2026-H3"})");
  ASSERT_EQ(unparseable.result_int(), 400) << unparseable.body();
  EXPECT_EQ(BodyOf(unparseable)["errors"][0]["pointer"], "/period");
  EXPECT_EQ(Ask(serve, "POST", "/api/v1/runs", quinn, R"({"period": "2026-H1", "x": 1})").result_int(), 400);
  EXPECT_EQ(Ask(serve, "POST", "/api/v1/runs", Login(serve, "pat"), R"({"period": "2026-H1"})").result_int(), 403);
  EXPECT_EQ(CliJson({"runs", "list", "--format", "json"}).size(), 1U);
}

TEST_P(ServeRuns, ADiffIsTheCliDiff) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  ASSERT_EQ(Ask(serve, "POST", "/api/v1/runs", quinn, R"({"period": "2026-H1"})").result_int(), 201);
  std::vector<std::pair<std::string, std::string>> files = FilesOf(data_);
  for (auto& [name, content] : files) {
    // The first deliveries arrive as one piece each: their suppliers' LZ2 changes.
    if (name == "deliveries.csv") content = WithReceivedOne(content, 20);
  }
  ASSERT_EQ(Ask(serve, "POST", "/api/v1/imports", quinn, Multipart(files), MultipartType()).result_int(), 201);
  ASSERT_EQ(Ask(serve, "POST", "/api/v1/runs", quinn, R"({"period": "2026-H1"})").result_int(), 201);
  const ApiSession pat = Login(serve, "pat");
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{{"1", "2"}, {"2", "1"}}) {
    const Response diff = Ask(serve, "GET", "/api/v1/runs/" + a + "/diff/" + b, pat);
    ASSERT_EQ(diff.result_int(), 200) << diff.body();
    EXPECT_EQ(BodyOf(diff), CliJson({"runs", "diff", a, b, "--format", "json"})) << a << " -> " << b;
    EXPECT_FALSE(BodyOf(diff)["suppliers"].empty()) << "the complaint taken out must change a supplier";
  }
  EXPECT_EQ(Ask(serve, "GET", "/api/v1/runs/1/diff/9", pat).result_int(), 404);
  EXPECT_EQ(Ask(serve, "GET", "/api/v1/runs/x/diff/1", pat).result_int(), 400);
  EXPECT_EQ(Ask(serve, "GET", "/api/v1/runs/1/diff/2", Login(serve, "sam")).result_int(), 403);
}

TEST_P(ServeRuns, TheRulesAreThoseOfServeAndThoseARunRecorded) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const ApiSession sam = Login(serve, "sam");  // any user may read rule sets
  const Response current = Ask(serve, "GET", "/api/v1/rules", sam);
  ASSERT_EQ(current.result_int(), 200) << current.body();
  const Json rules = BodyOf(current);
  EXPECT_EQ(rules["rules"]["weights"]["quality"], 0.65);
  EXPECT_EQ(rules["sha256"].get<std::string>().size(), 64U);
  const ProcessResult shown = RunSupeval({"rules", "show"});
  ASSERT_EQ(shown.exit_status, 0) << shown.err;
  EXPECT_EQ(rules["toml"], shown.out);

  ASSERT_EQ(Ask(serve, "POST", "/api/v1/runs", Login(serve, "quinn"), R"({"period": "2026-H1"})").result_int(), 201);
  const Response recorded = Ask(serve, "GET", "/api/v1/rules?run=1", sam);
  ASSERT_EQ(recorded.result_int(), 200) << recorded.body();
  EXPECT_EQ(BodyOf(recorded), rules);
  const ProcessResult run_rules = Run({"runs", "rules", "1"});
  ASSERT_EQ(run_rules.exit_status, 0) << run_rules.err;
  EXPECT_EQ(BodyOf(recorded)["toml"], run_rules.out);
  EXPECT_EQ(Ask(serve, "GET", "/api/v1/rules?run=2", sam).result_int(), 404);
  EXPECT_EQ(Ask(serve, "GET", "/api/v1/rules?run=0", sam).result_int(), 400);
}

TEST_P(ServeRuns, ServeRulesIsTheRuleSetRunsArePublishedWith) {
  const fs::path lenient = fs::path(scratch_) / "lenient.toml";
  std::ofstream(lenient) << "name = \"lenient\"\n[eligibility]\nmin_deliveries = 0\n";
  Serve serve(db(), {"--rules", lenient.string()});
  ASSERT_TRUE(serve.started());
  const ApiSession quinn = Login(serve, "quinn");
  const Json rules = BodyOf(Ask(serve, "GET", "/api/v1/rules", quinn));
  EXPECT_EQ(rules["rules"]["eligibility"]["min_deliveries"], 0);
  const Response published = Ask(serve, "POST", "/api/v1/runs", quinn, R"({"period": "2026-H1"})");
  ASSERT_EQ(published.result_int(), 201) << published.body();
  EXPECT_EQ(BodyOf(published)["rules_sha256"], rules["sha256"]);
  EXPECT_EQ(BodyOf(published)["rules_name"], rules["name"]);
  const ProcessResult shown = RunSupeval({"rules", "show"});
  EXPECT_NE(rules["toml"], shown.out);

  const fs::path bad = fs::path(scratch_) / "bad.toml";
  std::ofstream(bad) << "[eligibility]\nmin_deliveries = -1\n";
  const ProcessResult refused = RunSupeval({"serve", "--db", db(), "--listen", "127.0.0.1:0", "--rules", bad.string()});
  EXPECT_EQ(refused.exit_status, 2) << refused.err;
  EXPECT_NE(refused.err.find("bad.toml:2"), std::string::npos) << refused.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeRuns, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
