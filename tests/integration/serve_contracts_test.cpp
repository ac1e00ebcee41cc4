// Contracts and settlements over the API of a real `supeval serve` on
// loopback, on SQLite and PostgreSQL (docs/contracts-api.md): the register
// and its filters, the health check for staff only, a contract's settlement
// computed now equal to `contracts settle --db`'s lines, publishing by a
// purchasing user (audited, re-publishing gives delta lines), the KPI
// history, and a supplier user's scope: its own contracts and settlement
// lines only, everything else the 404 of a missing one.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

using Json = nlohmann::json;

std::string TypeOf(const ApiAnswer& answer) { return answer.body.value("type", ""); }

class ServeContracts : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    data_ = GenerateAndImport("data", 400);
    ASSERT_FALSE(HasFailure());
    const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--publish"});
    ASSERT_EQ(published.exit_status, 0) << published.err;
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

  // The contract ids of contracts.csv whose supplier is `supplier_id` (all:
  // empty). The generator quotes no field, so a row's first two cells are
  // its text up to the first two commas.
  std::set<std::string> ContractsOf(const std::string& supplier_id = "") {
    std::set<std::string> ids;
    std::istringstream rows(ReadText(data_ / "contracts.csv"));
    std::string row;
    std::getline(rows, row);  // the header
    while (std::getline(rows, row)) {
      const auto first = row.find(',');
      const std::string supplier = row.substr(first + 1, row.find(',', first + 1) - first - 1);
      if (supplier_id.empty() || supplier == supplier_id) ids.insert(row.substr(0, first));
    }
    return ids;
  }

  // `contracts settle --db --format json`'s lines of one contract.
  Json SettledByTheCli(const std::string& contract_id) {
    const ProcessResult settled = Run({"contracts", "settle", "--period", "2026-H1", "--format", "json"});
    EXPECT_EQ(settled.exit_status, 0) << settled.err;
    Json lines = Json::array();
    for (const Json& line : Json::parse(settled.out)) {
      if (line["contract_id"] == contract_id) lines.push_back(line);
    }
    return lines;
  }

  std::filesystem::path data_;
  std::optional<Serve> serve_;
};

std::set<std::string> IdsOf(const Json& rows, const std::string& member) {
  std::set<std::string> ids;
  for (const Json& row : rows) ids.insert(row[member].get<std::string>());
  return ids;
}

TEST_P(ServeContracts, TheRegisterListsEveryContractWithItsFiltersAndOrder) {
  ApiUser pat = As("pat");
  const ApiAnswer all = pat.Send("GET", "/api/v1/contracts?limit=1000");
  ASSERT_EQ(all.status, 200) << all.body.dump();
  EXPECT_EQ(IdsOf(all.body["rows"], "contract_id"), ContractsOf());
  const Json& first = all.body["rows"][0];
  EXPECT_EQ(first["contract_id"], "CT0001");
  EXPECT_EQ(first["supplier_id"], "S00001");
  EXPECT_TRUE(first["exclusive"].is_boolean());
  EXPECT_FALSE(first["materials"].empty());

  const ApiAnswer of_s1 = pat.Send("GET", "/api/v1/contracts?supplier_id=S00001");
  EXPECT_EQ(IdsOf(of_s1.body["rows"], "contract_id"), ContractsOf("S00001"));
  const ApiAnswer by_text = pat.Send("GET", "/api/v1/contracts?q=ct0001");
  EXPECT_EQ(by_text.body["total_count"], 1) << "q ignores case";
  const ApiAnswer licences = pat.Send("GET", "/api/v1/contracts?type=license");
  for (const Json& row : licences.body["rows"]) EXPECT_EQ(row["type"], "license");

  const ApiAnswer latest_first = pat.Send("GET", "/api/v1/contracts?sort=-start&limit=1000");
  ASSERT_EQ(latest_first.status, 200);
  const Json& rows = latest_first.body["rows"];
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_GE(rows[i - 1]["start"].get<std::string>(), rows[i]["start"].get<std::string>());
  }

  EXPECT_EQ(TypeOf(pat.Send("GET", "/api/v1/contracts?type=lease")), "/api/v1/problems/invalid-request");
  EXPECT_EQ(TypeOf(pat.Send("GET", "/api/v1/contracts?sort=title")), "/api/v1/problems/invalid-request");
  EXPECT_EQ(pat.Send("GET", "/api/v1/contracts?supplier_id=S99999").status, 404);
  EXPECT_EQ(pat.Send("GET", "/api/v1/contracts/CT9999").status, 404);
}

TEST_P(ServeContracts, HealthFindingsAreForStaffAlone) {
  ApiUser pat = As("pat");
  const ApiAnswer contract = pat.Send("GET", "/api/v1/contracts/CT0001");
  ASSERT_EQ(contract.status, 200) << contract.body.dump();
  ASSERT_TRUE(contract.body["findings"].is_array());
  const ApiAnswer listed = pat.Send("GET", "/api/v1/contract-findings?contract_id=CT0001&limit=1000");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body["total_count"], contract.body["findings"].size());
  const ApiAnswer high = pat.Send("GET", "/api/v1/contract-findings?severity=high&limit=1000");
  for (const Json& row : high.body["rows"]) EXPECT_EQ(row["severity"], "high");
  EXPECT_EQ(TypeOf(pat.Send("GET", "/api/v1/contract-findings?severity=urgent")), "/api/v1/problems/invalid-request");

  ApiUser sam = As("sam");
  const ApiAnswer own = sam.Send("GET", "/api/v1/contracts/CT0001");
  ASSERT_EQ(own.status, 200);
  EXPECT_TRUE(own.body["findings"].is_null()) << "the buyer's risk review is not the supplier's to read";
  EXPECT_EQ(sam.Send("GET", "/api/v1/contract-findings").status, 403);
}

TEST_P(ServeContracts, AContractsSettlementNowIsTheCommandLinesWithItsSteps) {
  ApiUser quinn = As("quinn");
  const ApiAnswer now = quinn.Send("GET", "/api/v1/contracts/CT0001/settlement?period=2026-H1");
  ASSERT_EQ(now.status, 200) << now.body.dump();
  EXPECT_EQ(now.body["from"], "2026-01-01");
  const Json cli = SettledByTheCli("CT0001");
  ASSERT_EQ(now.body["lines"].size(), cli.size());
  for (std::size_t i = 0; i < cli.size(); ++i) {
    Json line = now.body["lines"][i];
    EXPECT_FALSE(line["steps"].empty()) << i;
    line.erase("steps");
    EXPECT_EQ(line, cli[i]) << i;
  }
  EXPECT_EQ(now.body["explanation"]["supplier_id"], "S00001");
  EXPECT_EQ(quinn.Send("GET", "/api/v1/contracts/CT0001/settlement").body["period"], "2026-H1")
      << "without a period: the latest published run's";
  EXPECT_EQ(TypeOf(quinn.Send("GET", "/api/v1/contracts/CT0001/settlement?period=2026-H3")),
            "/api/v1/problems/invalid-request");
}

TEST_P(ServeContracts, PurchasingPublishesAndRepublishingGivesDeltaLines) {
  EXPECT_EQ(As("quinn").Send("POST", "/api/v1/settlements", Json{{"period", "2026-H1"}}).status, 403);
  ApiUser pat = As("pat");
  const ApiAnswer first = pat.Send("POST", "/api/v1/settlements", Json{{"period", "2026-H1"}});
  ASSERT_EQ(first.status, 201) << first.body.dump();
  EXPECT_EQ(first.location, "/api/v1/settlements/1");
  EXPECT_EQ(first.body["published_by"], "pat");
  EXPECT_EQ(first.body["rules_sha256"].get<std::string>().size(), 64U);
  const ApiAnswer lines = pat.Send("GET", "/api/v1/settlements/1/lines?limit=1000");
  EXPECT_EQ(lines.body["total_count"], first.body["lines"]);
  for (const Json& row : lines.body["rows"]) EXPECT_EQ(row["line_type"], "original");

  const ApiAnswer second = pat.Send("POST", "/api/v1/settlements", Json{{"period", "2026-01-01..2026-06-30"}});
  ASSERT_EQ(second.status, 201) << second.body.dump();
  const ApiAnswer deltas = pat.Send("GET", "/api/v1/settlements/2/lines?limit=1000");
  ASSERT_GT(deltas.body["total_count"].get<int>(), 0);
  for (const Json& row : deltas.body["rows"]) {
    EXPECT_EQ(row["line_type"], "delta");
    EXPECT_EQ(row["amount"], "0.00") << "nothing changed since the first";
  }
  const ApiAnswer of_h1 = pat.Send("GET", "/api/v1/settlements?period=2026-H1");
  EXPECT_EQ(of_h1.body["total_count"], 2) << "periods match on their dates";
  EXPECT_EQ(of_h1.body["rows"][0]["settlement"], 2) << "newest first";
  EXPECT_EQ(pat.Send("GET", "/api/v1/settlements?before=2").body["total_count"], 1);

  const ApiAnswer kpis = pat.Send("GET", "/api/v1/contracts/CT0001/kpis");
  ASSERT_EQ(kpis.status, 200);
  for (const Json& row : kpis.body["rows"]) EXPECT_EQ(row["settlement"], 2) << "the latest of the period";

  const ApiAnswer audit = As("ada").Send("GET", "/api/v1/audit?action=settlement.publish");
  ASSERT_EQ(audit.body["total_count"], 2) << audit.body.dump();
  EXPECT_EQ(audit.body["rows"][0]["user"], "pat");
  EXPECT_FALSE(audit.body["rows"][0]["address"].is_null());
}

TEST_P(ServeContracts, ASupplierUserSeesItsOwnContractsAndSettlementLinesOnly) {
  const ApiAnswer renamed = As("ada").Send("PATCH", "/api/v1/users/pat", Json{{"display_name", "Pat Buyer"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body.dump();
  ASSERT_EQ(As("pat").Send("POST", "/api/v1/settlements", Json{{"period", "2026-H1"}}).status, 201);
  ApiUser sam = As("sam");
  const ApiAnswer mine = sam.Send("GET", "/api/v1/contracts?limit=1000");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(IdsOf(mine.body["rows"], "contract_id"), ContractsOf("S00001"));
  const std::set<std::string> others = ContractsOf("S00011");
  ASSERT_FALSE(others.empty());
  const std::string other = *others.begin();
  for (const std::string& target :
       {"/api/v1/contracts/" + other, "/api/v1/contracts/" + other + "/settlement?period=2026-H1",
        "/api/v1/contracts/" + other + "/kpis", std::string("/api/v1/contracts?supplier_id=S00011"),
        std::string("/api/v1/settlements?supplier_id=S00011"), "/api/v1/settlements/1/lines?contract_id=" + other}) {
    const ApiAnswer refused = sam.Send("GET", target);
    EXPECT_EQ(refused.status, 404) << target;
    EXPECT_EQ(TypeOf(refused), "/api/v1/problems/not-found") << target;
  }
  const ApiAnswer lines = sam.Send("GET", "/api/v1/settlements/1/lines?limit=1000");
  ASSERT_EQ(lines.status, 200);
  ASSERT_GT(lines.body["total_count"].get<int>(), 0);
  for (const Json& row : lines.body["rows"]) EXPECT_EQ(row["supplier_id"], "S00001");
  const ApiAnswer settlement = sam.Send("GET", "/api/v1/settlements/1");
  EXPECT_EQ(settlement.body["lines"], lines.body["total_count"]) << "counting its own lines";
  EXPECT_EQ(settlement.body["published_by"], "Pat Buyer") << "a supplier user sees display names";
  EXPECT_EQ(sam.Send("POST", "/api/v1/settlements", Json{{"period", "2026-H1"}}).status, 403);
}

TEST_P(ServeContracts, ADiscussionOpensOnASettlementLine) {
  ApiUser pat = As("pat");
  ASSERT_EQ(pat.Send("POST", "/api/v1/settlements", Json{{"period", "2026-H1"}}).status, 201);
  const Json all = pat.Send("GET", "/api/v1/settlements/1/lines?limit=1000").body["rows"];
  std::int64_t own = 0;
  std::int64_t other = 0;
  for (const Json& row : all) {
    (row["supplier_id"] == "S00001" ? own : other) = row["line"].get<std::int64_t>();
  }
  ASSERT_GT(own, 0);
  ASSERT_GT(other, 0);

  ApiUser sam = As("sam");
  const auto about = [](std::int64_t line) {
    return Json{{"settlement", 1}, {"settlement_line", line}, {"subject", "Line"}, {"body", "Why this amount?"}};
  };
  const ApiAnswer opened = sam.Send("POST", "/api/v1/threads", about(own));
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  EXPECT_EQ(opened.body["supplier_id"], "S00001");
  EXPECT_EQ(opened.body["settlement"], 1);
  EXPECT_EQ(opened.body["settlement_line"], own);
  EXPECT_TRUE(opened.body["run"].is_null());
  const ApiAnswer listed = pat.Send("GET", "/api/v1/threads?settlement=1");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body["total_count"], 1);

  const ApiAnswer not_its_own = sam.Send("POST", "/api/v1/threads", about(other));
  EXPECT_EQ(not_its_own.status, 404) << "another supplier's line, as a missing one";
  EXPECT_EQ(sam.Send("POST", "/api/v1/threads", about(100000)).status, 404);

  const ApiAnswer by_staff = pat.Send("POST", "/api/v1/threads", about(other));
  ASSERT_EQ(by_staff.status, 201) << by_staff.body.dump();
  EXPECT_NE(by_staff.body["supplier_id"], "S00001") << "staff's thread takes the line's supplier";
  EXPECT_EQ(TypeOf(pat.Send("POST", "/api/v1/threads", about(100000))), "/api/v1/problems/rule-violation");
  Json without_line = about(own);
  without_line.erase("settlement_line");
  const ApiAnswer half = pat.Send("POST", "/api/v1/threads", without_line);
  EXPECT_EQ(half.status, 400);
  EXPECT_EQ(half.body.value("/errors/0/pointer"_json_pointer, ""), "/settlement_line");
  EXPECT_EQ(sam.Send("GET", "/api/v1/threads?settlement=2").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeContracts, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
