// New Business Holds over the API of a real `supeval serve` on loopback, on
// SQLite and PostgreSQL (API.md, "Runs, imports, holds, rules"): impose,
// show and withdraw by id with each refusal's status and problem type, a
// supplier user's scope, the audit log naming the API user, and holds of the
// `holds` command and of the import answering by the same ids.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"

namespace supeval::testing {
namespace {

nlohmann::json Hold(const std::string& supplier_id, const std::string& imposed_on) {
  return {{"supplier_id", supplier_id}, {"reason", "quality"}, {"imposed_on", imposed_on}, {"why", "8D open"}};
}

nlohmann::json Withdrawal(const std::string& withdrawn_on) {
  return {{"withdrawn_on", withdrawn_on}, {"why", "8D closed"}};
}

std::string TypeOf(const ApiAnswer& answer) { return answer.body.value("type", ""); }

class ServeHolds : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    const ProcessResult imported = Run({"import", "--data", Generate("data", 400).string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    ASSERT_EQ(
        AddApiUsers(
            db(), scratch_,
            {{"ada", "admin", ""}, {"quinn", "quality", ""}, {"pat", "purchasing", ""}, {"sam", "supplier", "S00001"}}),
        "");
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
  }

  ApiUser As(const std::string& user) {
    auto logged_in = ApiUser::LogIn(serve_->port(), user);
    EXPECT_TRUE(logged_in) << user;
    return *logged_in;
  }

  // Imposes a hold as quinn; its id.
  std::int64_t Impose(const std::string& supplier_id, const std::string& imposed_on) {
    const ApiAnswer imposed = As("quinn").Send("POST", "/api/v1/holds", Hold(supplier_id, imposed_on));
    EXPECT_EQ(imposed.status, 201) << imposed.body.dump();
    return imposed.body.value("id", std::int64_t{0});
  }

  std::optional<Serve> serve_;
};

TEST_P(ServeHolds, ImposeShowWithdrawAndEveryRefusalWithItsStatus) {
  const ApiUser quinn = As("quinn");
  const ApiAnswer imposed = quinn.Send("POST", "/api/v1/holds", Hold("S00001", "2026-05-01"));
  ASSERT_EQ(imposed.status, 201) << imposed.body.dump();
  const std::int64_t id = imposed.body["id"].get<std::int64_t>();
  EXPECT_EQ(imposed.location, "/api/v1/holds/" + std::to_string(id));
  EXPECT_EQ(imposed.body["supplier_id"], "S00001");
  EXPECT_EQ(imposed.body["reason"], "quality");
  EXPECT_EQ(imposed.body["imposed_on"], "2026-05-01");
  EXPECT_TRUE(imposed.body["withdrawn_on"].is_null());
  EXPECT_EQ(imposed.body["changed_by"], "quinn");
  EXPECT_EQ(imposed.body["why"], "8D open");
  EXPECT_EQ(imposed.body["changed_at"].get<std::string>().size(), 20U) << "RFC 3339 in whole seconds";

  const ApiAnswer shown = quinn.Send("GET", imposed.location);
  EXPECT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body, imposed.body);

  const std::string withdraw = imposed.location + "/withdraw";
  const ApiAnswer too_early = quinn.Send("POST", withdraw, Withdrawal("2026-04-30"));
  EXPECT_EQ(too_early.status, 422) << too_early.body.dump();
  EXPECT_EQ(TypeOf(too_early), "/api/v1/problems/rule-violation");
  const ApiAnswer withdrawn = quinn.Send("POST", withdraw, Withdrawal("2026-05-01"));
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body.dump();
  EXPECT_EQ(withdrawn.body["id"], id);
  EXPECT_EQ(withdrawn.body["withdrawn_on"], "2026-05-01");
  EXPECT_EQ(withdrawn.body["why"], "8D closed");
  const ApiAnswer again = quinn.Send("POST", withdraw, Withdrawal("2026-05-02"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(TypeOf(again), "/api/v1/problems/already-withdrawn");

  const ApiAnswer duplicate = quinn.Send("POST", "/api/v1/holds", Hold("S00001", "2026-05-01"));
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(TypeOf(duplicate), "/api/v1/problems/conflict");
  const ApiAnswer unknown = quinn.Send("POST", "/api/v1/holds", Hold("S99999", "2026-05-01"));
  EXPECT_EQ(unknown.status, 422) << unknown.body.dump();
  EXPECT_EQ(TypeOf(unknown), "/api/v1/problems/rule-violation");
  const ApiAnswer bad_date = quinn.Send("POST", "/api/v1/holds", Hold("S00001", "2026-02-30"));
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_EQ(bad_date.body["errors"][0]["pointer"], "/imposed_on") << bad_date.body.dump();
  nlohmann::json extra = Hold("S00001", "2026-06-01");
  extra["withdrawn_on"] = "2026-06-02";
  EXPECT_EQ(quinn.Send("POST", "/api/v1/holds", extra).status, 400) << "a member the body does not have";
  EXPECT_EQ(quinn.Send("POST", "/api/v1/holds/99999/withdraw", Withdrawal("2026-06-01")).status, 404);
  EXPECT_EQ(quinn.Send("GET", "/api/v1/holds/99999").status, 404);
  EXPECT_EQ(As("pat").Send("POST", "/api/v1/holds", Hold("S00002", "2026-05-01")).status, 403);
}

TEST_P(ServeHolds, TheAuditLogNamesTheApiUserAndItsAddress) {
  const std::int64_t id = Impose("S00002", "2026-05-01");
  ASSERT_EQ(
      As("quinn").Send("POST", "/api/v1/holds/" + std::to_string(id) + "/withdraw", Withdrawal("2026-06-01")).status,
      200);
  const ApiUser ada = As("ada");
  for (const std::string action : {"hold.impose", "hold.withdraw"}) {
    const ApiAnswer audit = ada.Send("GET", "/api/v1/audit?action=" + action);
    ASSERT_EQ(audit.status, 200) << audit.body.dump();
    ASSERT_EQ(audit.body["rows"].size(), 1U) << action;
    const nlohmann::json& entry = audit.body["rows"][0];
    EXPECT_EQ(entry["user"], "quinn") << action;
    EXPECT_EQ(entry["address"], "127.0.0.1") << action;
    EXPECT_EQ(entry["after"]["supplier_id"], "S00002") << action;
  }
}

TEST_P(ServeHolds, ASupplierUserSeesItsOwnHoldsOnly) {
  const std::int64_t own = Impose("S00001", "2026-05-01");
  const std::int64_t other = Impose("S00002", "2026-05-01");
  const ApiUser sam = As("sam");
  const ApiAnswer shown = sam.Send("GET", "/api/v1/holds/" + std::to_string(own));
  EXPECT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body["supplier_id"], "S00001");
  const ApiAnswer hidden = sam.Send("GET", "/api/v1/holds/" + std::to_string(other));
  const ApiAnswer absent = sam.Send("GET", "/api/v1/holds/99999");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(hidden.body["type"], absent.body["type"]);
  EXPECT_EQ(hidden.body["title"], absent.body["title"]);

  const ApiAnswer listed = sam.Send("GET", "/api/v1/suppliers/S00001/holds");
  ASSERT_EQ(listed.status, 200) << listed.body.dump();
  bool found = false;
  for (const nlohmann::json& row : listed.body["rows"]) {
    EXPECT_EQ(row["supplier_id"], "S00001");
    found = found || row["id"] == own;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(sam.Send("GET", "/api/v1/suppliers/S00002/holds").status, 404);
  EXPECT_EQ(sam.Send("GET", "/api/v1/holds").status, 403) << "staff only, whatever the filter";
  EXPECT_EQ(sam.Send("POST", "/api/v1/holds/" + std::to_string(own) + "/withdraw", Withdrawal("2026-06-01")).status,
            403);

  const ApiAnswer staff = As("pat").Send("GET", "/api/v1/holds?supplier_id=S00002&active_on=2026-05-01");
  ASSERT_EQ(staff.status, 200) << staff.body.dump();
  ASSERT_GE(staff.body["rows"].size(), 1U);
  for (const nlohmann::json& row : staff.body["rows"]) EXPECT_EQ(row["supplier_id"], "S00002");
  EXPECT_EQ(As("pat").Send("GET", "/api/v1/holds?active_on=2026-5-1").status, 400);
}

// The id the `holds` command's list shows (its last column) is the API's;
// imported holds have ids too, each once.
TEST_P(ServeHolds, HoldsOfTheCommandAndOfTheImportAnswerByTheirIds) {
  const ProcessResult imposed = Run(
      {"holds", "impose", "--supplier", "S00003", "--on", "2026-06-01", "--why", "from the CLI", "--user", "carol"});
  ASSERT_EQ(imposed.exit_status, 0) << imposed.err;
  const ProcessResult listed = Run({"holds", "list", "--supplier", "S00003"});
  ASSERT_EQ(listed.exit_status, 0) << listed.err;
  std::string id;
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("2026-06-01") == std::string::npos) continue;
    const auto end = line.find_last_not_of(' ');
    id = line.substr(line.find_last_of(' ', end) + 1, end - line.find_last_of(' ', end));
  }
  ASSERT_FALSE(id.empty()) << listed.out;
  const ApiAnswer shown = As("quinn").Send("GET", "/api/v1/holds/" + id);
  ASSERT_EQ(shown.status, 200) << id << "\n" << listed.out;
  EXPECT_EQ(shown.body["supplier_id"], "S00003");
  EXPECT_EQ(shown.body["imposed_on"], "2026-06-01");
  EXPECT_EQ(shown.body["changed_by"], "carol");
  EXPECT_EQ(shown.body["why"], "from the CLI");

  const ApiAnswer all = As("quinn").Send("GET", "/api/v1/holds?limit=1000");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body["total_count"], all.body["rows"].size());
  std::set<std::int64_t> ids;
  std::size_t imported = 0;
  for (const nlohmann::json& row : all.body["rows"]) {
    EXPECT_GT(row["id"].get<std::int64_t>(), 0);
    ids.insert(row["id"].get<std::int64_t>());
    if (row["why"].is_null()) ++imported;
  }
  EXPECT_EQ(ids.size(), all.body["rows"].size()) << "every id once";
  EXPECT_GT(imported, 0U) << "imported holds have ids, and no why";
}

std::string BackendLabel(const ::testing::TestParamInfo<store::Backend>& param_info) {
  return store::testing::BackendName(param_info.param);
}
INSTANTIATE_TEST_SUITE_P(Backends, ServeHolds, ::testing::ValuesIn(store::testing::AllBackends()), BackendLabel);

}  // namespace
}  // namespace supeval::testing
