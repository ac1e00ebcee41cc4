// The agreement's ppm adjustment over the API of a real `supeval serve` on
// loopback, on SQLite and PostgreSQL (API.md, "The ppm adjustment"): a
// supplier user submits the actual defective quantity of a returned
// complaint; quality sees it submitted and accepts it (If-Match with the
// complaint's ETag); the next published run counts it (QZ2 and ppm change,
// the explanation says the adjustment applied); a complaint past its deadline
// is refused; an import of the old extract afterwards does not undo it; the
// audit log has each step.
#include <gtest/gtest.h>

#include <map>

#include "database_cli_test.hpp"
#include "returned_complaint.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

std::string TypeOf(const ApiAnswer& answer) { return answer.body.value("type", ""); }

class ServeAdjustment : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    data_ = Generate("data", 2000);  // S00001 has two complaints in it
    // One returned five days ago (open), one 100 days ago (its deadline passed).
    const std::vector<std::string> ids = MakeReturnedComplaints(data_, "S00001", {5, 100});
    ASSERT_EQ(ids.size(), 2U);
    open_ = ids[0];
    expired_ = ids[1];
    const ProcessResult imported = Run({"import", "--data", data_.string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--publish"});
    ASSERT_EQ(published.exit_status, 0) << published.err;
    ASSERT_EQ(AddApiUsers(db(), scratch_,
                          {{"ada", "admin", ""},
                           {"quinn", "quality", ""},
                           {"sam", "supplier", "S00001"},
                           {"otto", "supplier", "S00002"}}),
              "");
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
  }

  ApiUser As(const std::string& user) {
    auto logged_in = ApiUser::LogIn(serve_->port(), user);
    EXPECT_TRUE(logged_in) << user;
    return *logged_in;
  }

  // The complaint's entry of a run's explanation of S00001, and its result.
  std::pair<nlohmann::json, nlohmann::json> Scorecard(std::int64_t run, const std::string& complaint_id) {
    const ApiAnswer card = As("quinn").Send("GET", "/api/v1/suppliers/S00001/scorecard?run=" + std::to_string(run));
    EXPECT_EQ(card.status, 200) << card.body.dump();
    for (const nlohmann::json& entry : card.body["explanation"]["complaints"]) {
      if (entry["complaint_id"] == complaint_id) return {card.body["result"], entry};
    }
    ADD_FAILURE() << complaint_id << " is not in run " << run << "'s explanation";
    return {card.body["result"], nlohmann::json()};
  }

  std::int64_t Publish() {
    const ApiAnswer run = As("quinn").Send("POST", "/api/v1/runs", nlohmann::json{{"period", "2026-H1"}});
    EXPECT_EQ(run.status, 201) << run.body.dump();
    return run.body.value("run", std::int64_t{0});
  }

  fs::path data_;
  std::string open_;
  std::string expired_;
  std::optional<Serve> serve_;
};

TEST_P(ServeAdjustment, SubmittedAcceptedCountedByTheNextRunAndKeptByAnImport) {
  const ApiUser sam = As("sam");
  const ApiAnswer listed = sam.Send("GET", "/api/v1/adjustments");
  ASSERT_EQ(listed.status, 200) << listed.body.dump();
  std::map<std::string, nlohmann::json> rows;
  for (const nlohmann::json& row : listed.body["rows"]) rows[row["complaint_id"]] = row;
  ASSERT_TRUE(rows.contains(open_) && rows.contains(expired_)) << listed.body.dump();
  EXPECT_EQ(rows[open_]["state"], "open");
  EXPECT_EQ(rows[expired_]["state"], "expired");
  EXPECT_EQ(rows[open_]["supplier_id"], "S00001");
  EXPECT_TRUE(rows[open_]["confirmed_qty"].is_null());

  // Past the deadline: refused with the reason.
  const nlohmann::json body = {{"confirmed_qty", 10}, {"note", "sorted: 90 parts fine"}};
  const ApiAnswer late = sam.Send("POST", "/api/v1/complaints/" + expired_ + "/adjustment", body);
  EXPECT_EQ(late.status, 422) << late.body.dump();
  EXPECT_EQ(TypeOf(late), "/api/v1/problems/deadline-passed");
  // Another supplier's complaint is a missing one.
  const ApiAnswer hidden = As("otto").Send("POST", "/api/v1/complaints/" + open_ + "/adjustment", body);
  const ApiAnswer absent = As("otto").Send("POST", "/api/v1/complaints/K-NONE/adjustment", body);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(hidden.body["title"], absent.body["title"]);
  EXPECT_EQ(As("otto").Send("GET", "/api/v1/complaints/" + open_).status, 404);

  const ApiAnswer submitted = sam.Send("POST", "/api/v1/complaints/" + open_ + "/adjustment", body);
  ASSERT_EQ(submitted.status, 201) << submitted.body.dump();
  EXPECT_EQ(submitted.location, "/api/v1/complaints/" + open_);
  EXPECT_EQ(submitted.body["state"], "submitted");
  EXPECT_EQ(submitted.body["confirmed_qty"], 10.0);
  EXPECT_EQ(sam.Send("POST", "/api/v1/complaints/" + open_ + "/adjustment", body).status, 409);

  const ApiUser quinn = As("quinn");
  const ApiAnswer pending = quinn.Send("GET", "/api/v1/adjustments?state=submitted");
  ASSERT_EQ(pending.status, 200);
  ASSERT_EQ(pending.body["total_count"], 1) << pending.body.dump();
  EXPECT_EQ(pending.body["rows"][0]["complaint_id"], open_);
  EXPECT_EQ(pending.body["rows"][0]["submitted_by"], "sam");

  const auto shown = SendAs(serve_->port(), "GET", "/api/v1/complaints/" + open_, quinn.session());
  ASSERT_TRUE(shown && shown->result_int() == 200);
  const std::string etag = HeaderOf(*shown, "ETag");
  ASSERT_FALSE(etag.empty());
  const std::string decision_path = "/api/v1/complaints/" + open_ + "/adjustment/decision";
  const std::string accept = R"({"decision": "accept", "reason": "sorting report convincing"})";
  const auto stale = SendWithHeaders(serve_->port(), "POST", decision_path, quinn.session(), accept,
                                     "If-Match: \"complaint-0-0\"\r\n");
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->result_int(), 412);
  const auto accepted =
      SendWithHeaders(serve_->port(), "POST", decision_path, quinn.session(), accept, "If-Match: " + etag + "\r\n");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->result_int(), 200) << accepted->body();
  EXPECT_EQ(BodyOf(*accepted)["state"], "accepted");
  EXPECT_EQ(quinn.Send("POST", decision_path, nlohmann::json::parse(accept)).body["type"],
            "/api/v1/problems/already-decided");

  // The next run counts the confirmed quantity instead of the rejected one.
  const auto [before, before_entry] = Scorecard(1, open_);
  const std::int64_t next = Publish();
  const auto [after, after_entry] = Scorecard(next, open_);
  EXPECT_EQ(before_entry["adjustment"], "not_applicable");
  EXPECT_EQ(after_entry["adjustment"], "applied");
  EXPECT_LT(after["ppm"].get<double>(), before["ppm"].get<double>());
  EXPECT_GE(after["qz2"].get<double>(), before["qz2"].get<double>());
  const ApiAnswer complaints = quinn.Send("GET", "/api/v1/suppliers/S00001/complaints?run=" + std::to_string(next));
  ASSERT_EQ(complaints.status, 200);
  for (const nlohmann::json& row : complaints.body["rows"]) {
    if (row["complaint_id"] == open_) {
      EXPECT_EQ(row["adjustment"]["state"], "accepted") << row.dump();
    }
  }

  // The old extract again: the adjustment stays, with a warning.
  const ProcessResult reimported = Run({"import", "--data", data_.string()});
  ASSERT_EQ(reimported.exit_status, 0) << reimported.err;
  EXPECT_NE((reimported.out + reimported.err).find("the adjustment is kept"), std::string::npos)
      << reimported.out << reimported.err;
  const ApiAnswer kept = quinn.Send("GET", "/api/v1/complaints/" + open_);
  EXPECT_EQ(kept.body["confirmed_qty"], 10.0) << kept.body.dump();
  EXPECT_EQ(kept.body["confirmed_on"], DaysFromToday(0));
  const auto [later, later_entry] = Scorecard(Publish(), open_);
  EXPECT_EQ(later_entry["adjustment"], "applied");
  EXPECT_EQ(later["ppm"], after["ppm"]);

  // Each step is in the audit log, naming its user.
  const ApiUser ada = As("ada");
  for (const auto& [action, user] :
       std::vector<std::pair<std::string, std::string>>{{"adjustment.submit", "sam"}, {"adjustment.decide", "quinn"}}) {
    const ApiAnswer audit = ada.Send("GET", "/api/v1/audit?action=" + action);
    ASSERT_EQ(audit.status, 200) << audit.body.dump();
    ASSERT_EQ(audit.body["rows"].size(), 1U) << action << audit.body.dump();
    EXPECT_EQ(audit.body["rows"][0]["user"], user);
    EXPECT_EQ(audit.body["rows"][0]["target"], "complaint " + open_);
  }
  const ApiAnswer batches = quinn.Send("GET", "/api/v1/batches");
  ASSERT_EQ(batches.status, 200);
  bool adjustment_batch = false;
  for (const nlohmann::json& batch : batches.body["rows"]) adjustment_batch |= batch["kind"] == "adjustment";
  EXPECT_TRUE(adjustment_batch) << batches.body.dump();
}

TEST_P(ServeAdjustment, AReportIsUploadedWhileSubmittedAndDownloadedAsAnAttachment) {
  const ApiUser sam = As("sam");
  const std::string report_path = "/api/v1/complaints/" + open_ + "/adjustment/report";
  const std::string pdf = "%PDF-1.4\n% sorting report\n";
  const auto early = SendAs(serve_->port(), "PUT", report_path, sam.session(), pdf, "application/pdf");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->result_int(), 409);
  ASSERT_EQ(sam.Send("POST", "/api/v1/complaints/" + open_ + "/adjustment",
                     nlohmann::json{{"confirmed_qty", 2.5}, {"note", ""}})
                .status,
            201);
  const auto text = SendAs(serve_->port(), "PUT", report_path, sam.session(), pdf, "text/plain");
  EXPECT_EQ(text->result_int(), 415);
  const auto uploaded = SendAs(serve_->port(), "PUT", report_path, sam.session(), pdf, "application/pdf");
  ASSERT_TRUE(uploaded);
  EXPECT_EQ(uploaded->result_int(), 204) << uploaded->body();
  // Past 10 MiB: 413 as soon as Content-Length shows it, without the body.
  server::testing::TestClient over(serve_->port());
  ASSERT_TRUE(over.Send(server::testing::RequestText(
      "PUT", report_path, serve_->port(),
      "Cookie: " + sam.session().cookie + "\r\nX-CSRF-Token: " + sam.session().csrf_token +
          "\r\nContent-Type: image/png\r\nContent-Length: " + std::to_string(10 * 1024 * 1024 + 1) + "\r\n")));
  const auto large = over.Read();
  ASSERT_TRUE(large);
  EXPECT_EQ(large->result_int(), 413);
  const auto downloaded = SendAs(serve_->port(), "GET", report_path, As("quinn").session());
  ASSERT_TRUE(downloaded);
  EXPECT_EQ(downloaded->result_int(), 200);
  EXPECT_EQ(downloaded->body(), pdf);
  EXPECT_EQ(HeaderOf(*downloaded, "Content-Type"), "application/pdf");
  EXPECT_EQ(HeaderOf(*downloaded, "Content-Disposition"), "attachment; filename=\"sorting-report-" + open_ + ".pdf\"");
  const ApiAnswer listed = sam.Send("GET", "/api/v1/adjustments?state=submitted");
  ASSERT_EQ(listed.body["rows"].size(), 1U);
  EXPECT_EQ(listed.body["rows"][0]["report"]["media_type"], "application/pdf");
  EXPECT_EQ(listed.body["rows"][0]["confirmed_qty"], 2.5);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeAdjustment, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
