// One supplier's records over a real `supeval serve` on loopback, on SQLite
// and PostgreSQL (API.md, "Health and results"): a scorecard's explanation
// is `supeval explain --as-of RUN --format json`'s output; the deliveries
// and complaints of the run, with their figures, sorted and paged as
// openapi.json's x-sort declares; a supplier user sees only its own.
#include <nlohmann/json.hpp>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"

namespace supeval::testing {
namespace {

using nlohmann::json;

class ServeRecords : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    const ProcessResult imported = Run({"import", "--data", Generate("data", 600).string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--publish"});
    ASSERT_EQ(published.exit_status, 0) << published.err;
    for (const auto& [name, role, supplier] :
         {std::tuple{"quinn", "quality", ""}, std::tuple{"sam", "supplier", "S00001"},
          std::tuple{"otto", "supplier", "S00002"}}) {
      const ProcessResult added = AddApiUser(db(), scratch_, name, role, supplier);
      ASSERT_EQ(added.exit_status, 0) << added.err;
    }
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
  }

  // The Cookie header of a session of `user`.
  std::string CookieOf(const std::string& user) {
    const auto session = LogInAs(serve_->port(), user);
    EXPECT_TRUE(session) << user;
    return session ? "Cookie: " + session->cookie + "\r\n" : "";
  }

  // GET `target` as `cookie`: the status and the parsed body.
  std::pair<unsigned, json> Get(const std::string& target, const std::string& cookie) {
    const auto answer = serve_->Get(target, cookie);
    if (!answer) {
      ADD_FAILURE() << "no answer to " << target;
      return {0, json()};
    }
    return {answer->result_int(), json::parse(answer->body(), nullptr, false)};
  }

  std::optional<Serve> serve_;
};

TEST_P(ServeRecords, AScorecardsExplanationIsExplainAsOfTheRunsOutput) {
  const std::string cookie = CookieOf("quinn");
  for (const std::string supplier : {"S00001", "S00002", "S00007"}) {
    const auto [status, card] = Get("/api/v1/suppliers/" + supplier + "/scorecard?run=1", cookie);
    ASSERT_EQ(status, 200U) << supplier << ": " << card.dump();
    const ProcessResult explained = Run({"explain", "--as-of", "1", "--supplier", supplier, "--format", "json"});
    ASSERT_EQ(explained.exit_status, 0) << explained.err;
    EXPECT_EQ(card["explanation"], json::parse(explained.out)) << supplier;
  }
}

TEST_P(ServeRecords, ListsTheRunsDeliveriesAndComplaintsWithTheirFigures) {
  const std::string cookie = CookieOf("quinn");
  const auto [card_status, card] = Get("/api/v1/suppliers/S00001/scorecard", cookie);
  ASSERT_EQ(card_status, 200U) << card.dump();
  const auto [status, deliveries] = Get("/api/v1/suppliers/S00001/deliveries?limit=1000", cookie);
  ASSERT_EQ(status, 200U) << deliveries.dump();
  EXPECT_EQ(deliveries["run"], 1);
  EXPECT_EQ(deliveries["period"], "2026-H1");
  EXPECT_EQ(deliveries["total_count"], card["result"]["deliveries"]);
  ASSERT_EQ(deliveries["rows"].size(), deliveries["total_count"].get<std::size_t>());
  ASSERT_FALSE(deliveries["rows"].empty());
  for (const json& row : deliveries["rows"]) EXPECT_EQ(row["supplier_id"], "S00001");
  const json worst = card["explanation"]["lz1"]["worst_deliveries"][0];
  const auto [sorted_status, sorted] =
      Get("/api/v1/suppliers/S00001/deliveries?sort=lz1_points,-deviation_working_days&limit=1", cookie);
  ASSERT_EQ(sorted_status, 200U) << sorted.dump();
  EXPECT_EQ(sorted["rows"][0]["delivery_id"], worst["delivery_id"]);
  EXPECT_EQ(sorted["rows"][0]["deviation_working_days"], worst["working_days"]);
  EXPECT_EQ(sorted["rows"][0]["lz1_points"], worst["lz1_points"]);

  const auto [complaints_status, complaints] = Get("/api/v1/suppliers/S00001/complaints?limit=1000", cookie);
  ASSERT_EQ(complaints_status, 200U) << complaints.dump();
  EXPECT_EQ(complaints["rows"].size(), card["explanation"]["complaints"].size());
  for (const json& row : complaints["rows"]) {
    EXPECT_TRUE(row["adjustment"].is_null());
    EXPECT_TRUE(row.contains("spreadsheet_row"));
    EXPECT_TRUE(row.contains("ppm_quantity"));
  }
  EXPECT_EQ(Get("/api/v1/suppliers/S00001/deliveries?sort=total", cookie).first, 400U);
  EXPECT_EQ(Get("/api/v1/suppliers/S00001/complaints?limit=0", cookie).first, 400U);
  EXPECT_EQ(Get("/api/v1/suppliers/S00001/deliveries?run=9", cookie).first, 404U);
  EXPECT_EQ(Get("/api/v1/suppliers/S00001/deliveries?period=2025-H2&run=1", cookie).first, 404U);
}

TEST_P(ServeRecords, ASupplierUserSeesOnlyItsOwnRecords) {
  const std::string sam = CookieOf("sam");
  const std::string otto = CookieOf("otto");
  for (const std::string list : {"deliveries", "complaints"}) {
    const auto [own_status, own] = Get("/api/v1/suppliers/S00001/" + list, sam);
    EXPECT_EQ(own_status, 200U) << list << ": " << own.dump();
    const auto [other_status, other] = Get("/api/v1/suppliers/S00001/" + list, otto);
    EXPECT_EQ(other_status, 404U) << list;
    const auto [missing_status, missing] = Get("/api/v1/suppliers/S99999/" + list, otto);
    EXPECT_EQ(missing_status, 404U) << list;
    EXPECT_EQ(other["type"], missing["type"]);
    EXPECT_EQ(other["title"], missing["title"]);
    EXPECT_EQ(Get("/api/v1/suppliers/S00002/" + list, otto).first, 200U) << list;
  }
}

TEST_P(ServeRecords, TheOpenApiDocumentDeclaresTheListsOrders) {
  const auto [status, document] = Get("/api/v1/openapi.json", "");
  ASSERT_EQ(status, 200U);
  const json deliveries = document["paths"]["/api/v1/suppliers/{id}/deliveries"]["get"];
  EXPECT_EQ(deliveries["operationId"], "listSupplierDeliveries");
  EXPECT_EQ(deliveries["x-sort"]["default"], "receipt_date");
  const json complaints = document["paths"]["/api/v1/suppliers/{id}/complaints"]["get"];
  EXPECT_EQ(complaints["x-sort"]["default"], "date");
  EXPECT_NE(complaints["summary"].get<std::string>().find("adjustment as it stands now"), std::string::npos);
}

std::string BackendOf(const ::testing::TestParamInfo<store::Backend>& param_info) {
  return store::testing::BackendName(param_info.param);
}
INSTANTIATE_TEST_SUITE_P(Backends, ServeRecords, ::testing::ValuesIn(store::testing::AllBackends()), BackendOf);

}  // namespace
}  // namespace supeval::testing
