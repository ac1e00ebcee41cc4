// The events of IATF 16949 8.4.2.4 over a real `supeval serve` on loopback,
// on SQLite and PostgreSQL (docs/events.md): the scorecard's counts and rows
// of a run's period as the run saw the records, a supplier's events list
// (its own only for a supplier user), and the ranking's `events` and its
// `event_kind` filter, which selects rows and changes no rank.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kValidSet = fs::path(SUPEVAL_SOURCE_DIR) / "tests/data/01_agreement_qz1_qz4";  // 2026-H1, S01..S04

constexpr std::string_view kEvents =
    "event_id,supplier_id,plant_id,date,kind,material_id,delivery_id,cost,customer_notified\n"
    "E1,S01,P1,2025-12-31,stop_ship,,,100.00,yes\n"
    "E2,S01,P1,2026-06-30,premium_freight,MAT-350,,1200.505,no\n"
    "E3,S01,P1,2026-01-01,yard_hold,,D0101,,yes\n"
    "E0,S01,P1,2026-01-01,recall,,,,yes\n"
    "E5,S02,P1,2026-03-15,premium_freight,,,0.5,\n";

class ServeEvents : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ImportAndPublish(kEvents);  // run 1
    for (const auto& [name, role, supplier] :
         {std::tuple{"quinn", "quality", ""}, std::tuple{"sam", "supplier", "S01"}}) {
      const ProcessResult added = AddApiUser(db(), scratch_, name, role, supplier);
      ASSERT_EQ(added.exit_status, 0) << added.err;
    }
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
  }

  // The valid set with `events` as its events.csv, imported and published.
  void ImportAndPublish(std::string_view events) {
    const fs::path folder = fs::path(scratch_) / ("data" + std::to_string(++imports_));
    fs::create_directories(folder);
    for (const auto& entry : fs::directory_iterator(kValidSet)) {
      if (entry.path().extension() == ".csv" && entry.path().filename() != "expected.csv") {
        fs::copy_file(entry.path(), folder / entry.path().filename());
      }
    }
    WriteText(folder / "events.csv", std::string(events));
    const ProcessResult imported = Run({"import", "--data", folder.string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--publish"});
    ASSERT_EQ(published.exit_status, 0) << published.err;
  }

  ApiAnswer Get(const std::string& user, const std::string& target) {
    const auto session = ApiUser::LogIn(serve_->port(), user);
    if (!session) {
      ADD_FAILURE() << "no session of " << user;
      return {};
    }
    return session->Send("GET", target);
  }

  std::optional<Serve> serve_;
  int imports_ = 0;
};

std::vector<std::string> Ids(const json& rows, const char* member) {
  std::vector<std::string> ids;
  for (const json& row : rows) ids.push_back(row.at(member).get<std::string>());
  return ids;
}

TEST_P(ServeEvents, TheScorecardCountsTheRunsPeriodAsTheRunSawIt) {
  const ApiAnswer card = Get("quinn", "/api/v1/suppliers/S01/scorecard?run=1");
  ASSERT_EQ(card.status, 200U) << card.body.dump();
  const json& events = card.body.at("events");
  EXPECT_EQ(events.at("total"), 3);
  EXPECT_EQ(events.at("customer_notified"), 2);
  EXPECT_EQ(events.at("cost"), "1200.51");
  EXPECT_EQ(events.at("by_kind"), json::parse(R"({"yard_hold":1,"premium_freight":1,"recall":1})"));
  EXPECT_EQ(Ids(events.at("rows"), "event_id"), (std::vector<std::string>{"E0", "E3", "E2"}));
  const json& yard_hold = events.at("rows").at(1);
  EXPECT_EQ(yard_hold.at("material_id"), "MAT-350");  // its delivery's
  EXPECT_EQ(yard_hold.at("delivery_id"), "D0101");
  EXPECT_TRUE(yard_hold.at("cost").is_null());
  EXPECT_EQ(yard_hold.at("customer_notified"), true);
  EXPECT_EQ(events.at("rows").at(2).at("cost"), "1200.51");

  const ApiAnswer none = Get("quinn", "/api/v1/suppliers/S04/scorecard?run=1");
  ASSERT_EQ(none.status, 200U);
  EXPECT_EQ(none.body.at("events"),
            json::parse(R"({"total":0,"customer_notified":0,"cost":"0.00","by_kind":{},"rows":[]})"));

  // Later events reach run 2 only.
  ImportAndPublish(std::string(kEvents) + "E9,S01,P1,2026-02-01,warranty,,,,\n");
  EXPECT_EQ(Get("quinn", "/api/v1/suppliers/S01/scorecard?run=1").body.at("events").at("total"), 3);
  EXPECT_EQ(Get("quinn", "/api/v1/suppliers/S01/scorecard?run=2").body.at("events").at("total"), 4);
  EXPECT_EQ(Get("quinn", "/api/v1/suppliers/S01/events?run=1").body.at("total_count"), 3);
  EXPECT_EQ(Get("quinn", "/api/v1/suppliers/S01/events?run=2").body.at("total_count"), 4);
}

TEST_P(ServeEvents, ASupplierUserSeesItsOwnEventsOnly) {
  const ApiAnswer own = Get("sam", "/api/v1/suppliers/S01/events?period=2026-H1&limit=2&offset=1");
  ASSERT_EQ(own.status, 200U) << own.body.dump();
  EXPECT_EQ(own.body.at("supplier_id"), "S01");
  EXPECT_EQ(own.body.at("run"), 1);
  EXPECT_EQ(own.body.at("total_count"), 3);
  EXPECT_EQ(Ids(own.body.at("rows"), "event_id"), (std::vector<std::string>{"E3", "E2"}));
  const ApiAnswer other = Get("sam", "/api/v1/suppliers/S02/events");
  EXPECT_EQ(other.status, 404U);
  EXPECT_EQ(Get("sam", "/api/v1/suppliers/S02/scorecard").status, 404U);
  EXPECT_EQ(Get("quinn", "/api/v1/suppliers/S02/events").body.at("total_count"), 1);
  EXPECT_EQ(Get("sam", "/api/v1/ranking").status, 403U);
}

TEST_P(ServeEvents, TheRankingShowsEventsAndFiltersByKind) {
  const ApiAnswer all = Get("quinn", "/api/v1/ranking?run=1");
  ASSERT_EQ(all.status, 200U) << all.body.dump();
  std::map<std::string, json> rank_of;
  for (const json& row : all.body.at("rows")) {
    rank_of[row.at("supplier_id").get<std::string>()] = row.at("rank");
    if (row.at("supplier_id") == "S02") {
      EXPECT_EQ(row.at("events").at("by_kind"), json::parse(R"({"premium_freight":1})"));
    }
    if (row.at("supplier_id") == "S04") {
      EXPECT_EQ(row.at("events").at("total"), 0);
    }
  }
  const ApiAnswer freight = Get("quinn", "/api/v1/ranking?run=1&event_kind=premium_freight");
  ASSERT_EQ(freight.status, 200U);
  EXPECT_EQ(freight.body.at("total_count"), 2);
  for (const json& row : freight.body.at("rows")) {
    EXPECT_EQ(row.at("rank"), rank_of.at(row.at("supplier_id").get<std::string>()));  // company-wide
  }
  const ApiAnswer either = Get("quinn", "/api/v1/ranking?run=1&event_kind=recall,dealer_return&sort=supplier_id");
  EXPECT_EQ(Ids(either.body.at("rows"), "supplier_id"), (std::vector<std::string>{"S01"}));
  const ApiAnswer by_events = Get("quinn", "/api/v1/ranking?run=1&sort=-events");
  EXPECT_EQ(Ids(by_events.body.at("rows"), "supplier_id"), (std::vector<std::string>{"S01", "S02", "S03", "S04"}));

  const ApiAnswer unknown = Get("quinn", "/api/v1/ranking?run=1&event_kind=recall,flood");
  EXPECT_EQ(unknown.status, 400U);
  EXPECT_EQ(unknown.body.at("type"), "/api/v1/problems/invalid-request");
  EXPECT_EQ(unknown.body.at("errors").at(0).at("parameter"), "event_kind") << unknown.body.dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeEvents, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
