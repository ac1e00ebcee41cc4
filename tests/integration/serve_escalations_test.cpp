// Escalation cases over the API of a real `supeval serve` and with
// `supeval escalations --db`, on SQLite and PostgreSQL
// (docs/escalations-api.md): the board equals the command line's rows; a
// decision escalating to the hold level writes the New Business Hold as its
// own audited batch and the next evaluation's QZ3 follows it, while the
// published run stays as it was (no feedback); withdraw_hold withdraws it
// and QZ3 returns; a decision that does not fit its case is refused; a
// supplier user sees its own cases only and may not decide; the command
// line records a hold from an imported decision once.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

using Json = nlohmann::json;

std::string TypeOf(const ApiAnswer& answer) { return answer.body.value("type", ""); }

class ServeEscalations : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    data_ = GenerateAndImport("data", 400);
    ASSERT_FALSE(HasFailure());
    const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--publish"});
    ASSERT_EQ(published.exit_status, 0) << published.err;
    ASSERT_EQ(AddApiUsers(db(), scratch_, {{"ada", "admin", ""}, {"quinn", "quality", ""}, {"pat", "purchasing", ""}}),
              "");
  }

  void Start() {
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
  }

  ApiUser As(const std::string& user) {
    auto logged_in = ApiUser::LogIn(serve_->port(), user);
    EXPECT_TRUE(logged_in) << user;
    return *logged_in;
  }

  // The evaluation of 2026-H1 from the current records, by supplier_id.
  Json EvaluatedNow() {
    const ProcessResult evaluated = Run({"evaluate", "--period", "2026-H1", "--format", "json"});
    EXPECT_EQ(evaluated.exit_status, 0) << evaluated.err;
    const Json parsed = Json::parse(evaluated.out);
    Json by_supplier = Json::object();
    for (const Json& row : parsed["results"]) by_supplier[row["supplier_id"].get<std::string>()] = row;
    return by_supplier;
  }

  // An evaluated supplier whose QZ3 is above the hold's 1 point, and a
  // contract of it with a ladder: a hold must visibly change its QZ3.
  void PickSupplierAndContract(ApiUser& staff) {
    const Json evaluated = EvaluatedNow();
    for (const auto& [id, row] : evaluated.items()) {
      if (row["status"] != "evaluated" || !row["qz3"].is_number() || row["qz3"].get<double>() <= 1) continue;
      const ApiAnswer contracts = staff.Send("GET", "/api/v1/contracts?supplier_id=" + id);
      for (const Json& contract : contracts.body["rows"]) {
        if (contract["ladder"] == "none") continue;
        supplier_ = id;
        contract_ = contract["contract_id"].get<std::string>();
        qz3_before_ = row["qz3"].get<double>();
        return;
      }
    }
    FAIL() << "no evaluated supplier with QZ3 above 1 and a contract with a ladder: " << evaluated.dump();
  }

  ApiAnswer Decide(ApiUser& user, const Json& body) {
    return user.Send("POST", "/api/v1/escalations/" + contract_ + "/decisions", body);
  }

  std::filesystem::path data_;
  std::optional<Serve> serve_;
  std::string supplier_;
  std::string contract_;
  double qz3_before_ = 0;
};

TEST_P(ServeEscalations, TheBoardEqualsTheCommandLineInTheBoardsOrder) {
  Start();
  ApiUser pat = As("pat");
  const ApiAnswer board = pat.Send("GET", "/api/v1/escalations?as_of=2026-12-01&limit=1000");
  ASSERT_EQ(board.status, 200) << board.body.dump();
  const ProcessResult cli = Run({"escalations", "--as-of", "2026-12-01", "--dry-run", "--format", "json"});
  ASSERT_EQ(cli.exit_status, 0) << cli.err;
  const Json rows = Json::parse(cli.out);
  ASSERT_EQ(board.body["total_count"], rows.size());
  std::map<std::string, Json> by_contract;
  for (const Json& row : rows) by_contract[row["contract_id"].get<std::string>()] = row;
  const Json& cases = board.body["rows"];
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Json& shown = cases[i];
    const Json& cell = by_contract.at(shown["contract_id"].get<std::string>());
    EXPECT_EQ(shown["level"], cell["level"]);
    EXPECT_EQ(shown["since"], cell["since"]);
    EXPECT_EQ(shown["trigger"], cell["trigger"]);
    EXPECT_EQ(shown["hold"], cell["hold"] == "yes");
    if (i > 0) {
      EXPECT_GE(cases[i - 1]["level_rank"], shown["level_rank"]) << "highest level first";
    }
  }
  EXPECT_EQ(TypeOf(pat.Send("GET", "/api/v1/escalations?as_of=2026-13-01")), "/api/v1/problems/invalid-request");
  EXPECT_EQ(TypeOf(pat.Send("GET", "/api/v1/escalations?status=pending")), "/api/v1/problems/invalid-request");
}

TEST_P(ServeEscalations, TheHoldLevelWritesTheHoldAndQz3FollowsItWithoutFeedback) {
  Start();
  ApiUser quinn = As("quinn");
  PickSupplierAndContract(quinn);
  ASSERT_FALSE(HasFailure());

  const ApiAnswer escalated =
      Decide(quinn, {{"date", "2026-06-01"}, {"decision", "escalate"}, {"to_level", "E3"}, {"reason", "stop ship"}});
  ASSERT_EQ(escalated.status, 201) << escalated.body.dump();
  EXPECT_EQ(escalated.body["level"], "E3");
  EXPECT_EQ(escalated.body["hold"], true);
  EXPECT_EQ(escalated.body["hold_since"], "2026-06-01");
  ASSERT_FALSE(escalated.body["holds"].empty());
  EXPECT_EQ(escalated.body["holds"][0]["recorded"], true);
  EXPECT_EQ(escalated.body["decisions"].back()["user"], "quinn");

  // The hold is the supplier's New Business Hold, with the case as its why.
  const ApiAnswer holds = quinn.Send("GET", "/api/v1/holds?supplier_id=" + supplier_);
  bool found = false;
  for (const Json& hold : holds.body["rows"]) {
    if (hold["imposed_on"] != "2026-06-01") continue;
    found = true;
    EXPECT_EQ(hold["reason"], "quality");
    EXPECT_EQ(hold["withdrawn_on"], nullptr);
    EXPECT_NE(hold["why"].get<std::string>().find("escalation " + contract_ + " case 1"), std::string::npos);
  }
  EXPECT_TRUE(found) << holds.body.dump();

  // The next evaluation sees it; the published run that was is unchanged.
  EXPECT_EQ(EvaluatedNow()[supplier_]["qz3"], 1);
  const ApiAnswer run = quinn.Send("GET", "/api/v1/suppliers/" + supplier_ + "/scorecard?run=1");
  ASSERT_EQ(run.status, 200);
  EXPECT_NEAR(run.body["result"]["qz3"].get<double>(), qz3_before_, 0.05);

  // withdraw_hold at a hold level does not fit; de-escalating keeps the hold.
  const ApiAnswer misfit = Decide(quinn, {{"date", "2026-06-05"}, {"decision", "withdraw_hold"}, {"reason", "x"}});
  EXPECT_EQ(misfit.status, 422) << misfit.body.dump();
  const ApiAnswer lowered = Decide(quinn, {{"date", "2026-06-10"}, {"decision", "deescalate"}, {"reason", "8D ok"}});
  ASSERT_EQ(lowered.status, 201) << lowered.body.dump();
  EXPECT_EQ(lowered.body["level"], "E2");
  EXPECT_EQ(lowered.body["hold"], true);
  EXPECT_EQ(EvaluatedNow()[supplier_]["qz3"], 1);

  const ApiAnswer lifted = Decide(quinn, {{"date", "2026-06-10"}, {"decision", "withdraw_hold"}, {"reason", "audit"}});
  ASSERT_EQ(lifted.status, 201) << lifted.body.dump();
  EXPECT_EQ(lifted.body["hold"], false);
  EXPECT_EQ(lifted.body["holds"][0]["withdrawn_on"], "2026-06-10");
  EXPECT_EQ(lifted.body["holds"][0]["recorded"], true);
  EXPECT_NEAR(EvaluatedNow()[supplier_]["qz3"].get<double>(), qz3_before_, 0.05);

  // Every change is in the audit log.
  ApiUser ada = As("ada");
  const ApiAnswer audit = ada.Send("GET", "/api/v1/audit?limit=1000");
  std::multiset<std::string> actions;
  for (const Json& entry : audit.body["rows"]) actions.insert(entry["action"].get<std::string>());
  EXPECT_EQ(actions.count("escalation.decide"), 3U);
  EXPECT_EQ(actions.count("hold.impose"), 1U);
  EXPECT_EQ(actions.count("hold.withdraw"), 1U);
}

TEST_P(ServeEscalations, BadDecisionsAreRefused) {
  Start();
  ApiUser quinn = As("quinn");
  PickSupplierAndContract(quinn);
  ASSERT_FALSE(HasFailure());
  // Long before any trigger: no case is open to de-escalate.
  EXPECT_EQ(Decide(quinn, {{"date", "2020-01-01"}, {"decision", "deescalate"}, {"reason", "no case"}}).status, 422);
  EXPECT_EQ(Decide(quinn, {{"decision", "escalate"}, {"reason", "no level"}}).status, 400);
  EXPECT_EQ(Decide(quinn, {{"decision", "promote"}, {"reason", "x"}}).status, 400);
  EXPECT_EQ(Decide(quinn, {{"decision", "close"}}).status, 400) << "a reason is required";
  EXPECT_EQ(
      Decide(quinn, {{"date", "2999-01-01"}, {"decision", "escalate"}, {"to_level", "E1"}, {"reason", "x"}}).status,
      400)
      << "never after today";
  EXPECT_EQ(
      quinn.Send("POST", "/api/v1/escalations/CT9999/decisions", Json{{"decision", "close"}, {"reason", "x"}}).status,
      404);
}

TEST_P(ServeEscalations, ASupplierUserSeesItsOwnCasesOnlyAndMayNotDecide) {
  Start();
  ApiUser quinn = As("quinn");
  PickSupplierAndContract(quinn);
  ASSERT_FALSE(HasFailure());
  ASSERT_EQ(
      Decide(quinn, {{"date", "2026-06-01"}, {"decision", "escalate"}, {"to_level", "E2"}, {"reason", "x"}}).status,
      201);
  ASSERT_EQ(AddApiUsers(db(), scratch_, {{"own", "supplier", supplier_}, {"other", "supplier", "S00040"}}), "");
  ApiUser own = As("own");
  const ApiAnswer board = own.Send("GET", "/api/v1/escalations?limit=1000");
  ASSERT_EQ(board.status, 200) << board.body.dump();
  ASSERT_FALSE(board.body["rows"].empty());
  for (const Json& row : board.body["rows"]) EXPECT_EQ(row["supplier_id"], supplier_);
  const ApiAnswer shown = own.Send("GET", "/api/v1/escalations/" + contract_);
  ASSERT_EQ(shown.status, 200);
  EXPECT_FALSE(shown.body["actions_due"].empty());
  EXPECT_EQ(Decide(own, {{"decision", "close"}, {"reason", "x"}}).status, 403);

  ApiUser other = As("other");
  EXPECT_EQ(other.Send("GET", "/api/v1/escalations/" + contract_).status, 404);
  EXPECT_EQ(other.Send("GET", "/api/v1/escalations?supplier_id=" + supplier_).status, 404);
}

// An imported escalate to E3 (escalation_decisions.csv): `escalations --db`
// records the hold once; --dry-run and a second run record nothing.
TEST_P(ServeEscalations, TheCommandLineRecordsAnImportedHoldOnce) {
  const std::string contract = "CT0001";
  {
    std::ofstream decisions(data_ / "escalation_decisions.csv");
    decisions << "contract_id,date,decision,user,reason,to_level\n"
              << contract << ",2026-03-02,escalate,jdoe,field failures,E3\n";
  }
  const ProcessResult imported = Run({"import", "--data", data_.string()});
  ASSERT_EQ(imported.exit_status, 0) << imported.err;

  const ProcessResult dry = Run({"escalations", "--as-of", "2026-06-30", "--dry-run", "--format", "csv"});
  ASSERT_EQ(dry.exit_status, 0) << dry.err;
  EXPECT_EQ(dry.err, "");
  EXPECT_NE(dry.out.find(contract + ","), std::string::npos);

  const ProcessResult first = Run({"escalations", "--as-of", "2026-06-30", "--user", "cron"});
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_NE(first.err.find("recorded the quality New Business Hold"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("since 2026-03-02 (contract " + contract + ")"), std::string::npos) << first.err;
  const ProcessResult second = Run({"escalations", "--as-of", "2026-06-30"});
  ASSERT_EQ(second.exit_status, 0) << second.err;
  EXPECT_EQ(second.err, "") << "the hold is recorded already";

  const ProcessResult holds = Run({"holds", "list"});
  EXPECT_NE(holds.out.find("2026-03-02"), std::string::npos) << holds.out;
  EXPECT_NE(holds.out.find("escalation " + contract + " case 1"), std::string::npos) << holds.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeEscalations, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
