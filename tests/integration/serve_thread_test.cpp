// Discussions and notifications over the API of a real `supeval serve` on
// loopback, on SQLite and PostgreSQL (API.md, "The ppm adjustment,
// discussions and notifications"): a supplier opens a thread on its
// complaint, quality replies, the supplier gets a thread.reply notification
// and an unread thread and marks both read; another supplier's thread is
// the 404 of a missing one; publishing a run notifies the supplier's users;
// every notification has its outbox row.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "supeval/store/store.hpp"

namespace supeval::testing {
namespace {

std::string TypeOf(const ApiAnswer& answer) { return answer.body.value("type", ""); }

// The first complaint of `supplier_id` in a generated data folder.
std::string ComplaintOf(const std::filesystem::path& folder, const std::string& supplier_id) {
  std::ifstream in(folder / "complaints.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream names(line);
  for (std::string name; std::getline(names, name, ',');) header.push_back(name);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (fields.at(column("supplier_id")) == supplier_id) return fields.at(column("complaint_id"));
  }
  ADD_FAILURE() << "no complaint of " << supplier_id;
  return "";
}

class ServeThreads : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    data_ = Generate("data", 400);
    const ProcessResult imported = Run({"import", "--data", data_.string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    ASSERT_EQ(AddApiUsers(db(), scratch_,
                          {{"quinn", "quality", ""},
                           {"pat", "purchasing", ""},
                           {"sam", "supplier", "S00001"},
                           {"otto", "supplier", "S00002"}}),
              "");
    SetDisplayName("quinn", "Quinn Quality");
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
  }

  void SetDisplayName(const std::string& user, const std::string& display_name) {
    auto opened = store::OpenStore(db());
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    auto found = (*opened)->accounts().FindUser(user);
    ASSERT_TRUE(found.ok() && found->has_value());
    store::UserRow row = **found;
    row.display_name = display_name;
    ASSERT_TRUE((*opened)->accounts().UpdateUser(row).ok());
  }

  std::vector<store::OutboxRow> Outbox() {
    auto opened = store::OpenStore(db());
    EXPECT_TRUE(opened.ok()) << opened.error().ToString();
    if (!opened.ok()) return {};
    auto rows = (*opened)->discussions().ListOutbox(true);
    EXPECT_TRUE(rows.ok()) << rows.error().ToString();
    return rows.ok() ? *rows : std::vector<store::OutboxRow>{};
  }

  ApiUser As(const std::string& user) {
    auto logged_in = ApiUser::LogIn(serve_->port(), user);
    EXPECT_TRUE(logged_in) << user;
    return *logged_in;
  }

  nlohmann::json NewThread(const std::string& supplier_id) {
    return {{"complaint_id", ComplaintOf(data_, supplier_id)},
            {"subject", "Rejected quantity"},
            {"body", "We sorted the lot: <b>12</b> parts & no more.\n"}};
  }

  std::filesystem::path data_;
  std::optional<Serve> serve_;
};

TEST_P(ServeThreads, ASupplierOpensAThreadQualityRepliesTheSupplierIsNotifiedAndReads) {
  const ApiUser sam = As("sam");
  const ApiAnswer opened = sam.Send("POST", "/api/v1/threads", NewThread("S00001"));
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  const std::int64_t id = opened.body["id"].get<std::int64_t>();
  const std::string thread = "/api/v1/threads/" + std::to_string(id);
  EXPECT_EQ(opened.location, thread);
  EXPECT_EQ(opened.body["supplier_id"], "S00001");
  EXPECT_EQ(opened.body["complaint_id"], ComplaintOf(data_, "S00001"));
  EXPECT_TRUE(opened.body["run"].is_null());
  EXPECT_EQ(opened.body["unread"], 0);
  EXPECT_EQ(opened.body["created_at"].get<std::string>().size(), 20U) << "RFC 3339 in whole seconds";
  const ApiAnswer complaint = sam.Send("GET", "/api/v1/complaints/" + ComplaintOf(data_, "S00001"));
  ASSERT_EQ(complaint.status, 200) << complaint.body.dump();
  ASSERT_EQ(complaint.body["threads"].size(), 1U) << complaint.body.dump();
  EXPECT_EQ(complaint.body["threads"][0]["id"], id);

  const ApiUser quinn = As("quinn");
  const ApiAnswer waiting = quinn.Send("GET", "/api/v1/threads?unread=true");
  ASSERT_EQ(waiting.status, 200) << waiting.body.dump();
  ASSERT_EQ(waiting.body["total_count"], 1);
  EXPECT_EQ(waiting.body["rows"][0]["created_by"], "sam");  // staff see login names
  const ApiAnswer reply = quinn.Send("POST", thread + "/messages", nlohmann::json{{"body", "Counted: 12."}});
  ASSERT_EQ(reply.status, 201) << reply.body.dump();
  const std::int64_t message = reply.body["id"].get<std::int64_t>();
  EXPECT_EQ(reply.location, thread + "/messages/" + std::to_string(message));
  EXPECT_EQ(quinn.Send("GET", reply.location).body, reply.body);

  const ApiAnswer notes = sam.Send("GET", "/api/v1/notifications?unread=true");
  ASSERT_EQ(notes.status, 200) << notes.body.dump();
  ASSERT_EQ(notes.body["total_count"], 1);
  const nlohmann::json& note = notes.body["rows"][0];
  EXPECT_EQ(note["kind"], "thread.reply");
  EXPECT_EQ(note["link"], "/threads/" + std::to_string(id));
  EXPECT_EQ(note["text"], "Quinn Quality wrote in \"Rejected quantity\".");
  EXPECT_EQ(note["read"], false);

  const ApiAnswer unread = sam.Send("GET", "/api/v1/threads?unread=true");
  ASSERT_EQ(unread.body["total_count"], 1);
  EXPECT_EQ(unread.body["rows"][0]["unread"], 1);
  const ApiAnswer messages = sam.Send("GET", thread + "/messages");
  ASSERT_EQ(messages.status, 200);
  ASSERT_EQ(messages.body["rows"].size(), 2U);
  EXPECT_EQ(messages.body["rows"][0]["body"], "We sorted the lot: <b>12</b> parts & no more.\n");  // as given
  EXPECT_EQ(messages.body["rows"][1]["author"], "Quinn Quality");  // to a supplier: the display name only

  EXPECT_EQ(sam.Send("PUT", thread + "/read", nlohmann::json{{"up_to", message}}).status, 204);
  EXPECT_EQ(sam.Send("GET", "/api/v1/threads?unread=true").body["total_count"], 0);
  EXPECT_EQ(sam.Send("PUT", "/api/v1/notifications/read", nlohmann::json{{"up_to", note["id"]}}).status, 204);
  EXPECT_EQ(sam.Send("GET", "/api/v1/notifications?unread=true").body["total_count"], 0);
  EXPECT_EQ(sam.Send("GET", "/api/v1/notifications").body["rows"][0]["read"], true);

  const std::vector<store::OutboxRow> outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1U);
  EXPECT_EQ(outbox[0].recipient, "sam");
  EXPECT_EQ(outbox[0].kind, "thread.reply");
  EXPECT_EQ(outbox[0].link, "/threads/" + std::to_string(id));
}

TEST_P(ServeThreads, AnotherSuppliersThreadIsTheNotFoundOfAMissingOne) {
  const ApiUser sam = As("sam");
  const ApiAnswer opened = sam.Send("POST", "/api/v1/threads", NewThread("S00001"));
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  const std::string id = std::to_string(opened.body["id"].get<std::int64_t>());
  const ApiUser otto = As("otto");
  const ApiAnswer theirs = otto.Send("GET", "/api/v1/threads/" + id);
  const ApiAnswer missing = otto.Send("GET", "/api/v1/threads/" + id + "0");
  EXPECT_EQ(theirs.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(TypeOf(theirs), "/api/v1/problems/not-found");
  EXPECT_EQ(theirs.body["title"], missing.body["title"]);
  EXPECT_EQ(theirs.body["detail"], "thread " + id + " not found");
  EXPECT_EQ(missing.body["detail"], "thread " + id + "0 not found");
  EXPECT_EQ(otto.Send("GET", "/api/v1/threads/" + id + "/messages").status, 404);
  EXPECT_EQ(otto.Send("POST", "/api/v1/threads/" + id + "/messages", nlohmann::json{{"body", "hi"}}).status, 404);
  EXPECT_EQ(otto.Send("GET", "/api/v1/threads").body["total_count"], 0);
  EXPECT_EQ(otto.Send("GET", "/api/v1/threads?supplier_id=S00001").status, 404);
  EXPECT_EQ(otto.Send("POST", "/api/v1/threads", NewThread("S00001")).status, 404);  // sam's complaint

  // The request's own checks come first (API.md, "Order of checks").
  const ApiAnswer too_long =
      sam.Send("POST", "/api/v1/threads/" + id + "/messages", nlohmann::json{{"body", std::string(10'001, 'x')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(too_long.body["errors"][0]["pointer"], "/body") << too_long.body.dump();
  EXPECT_EQ(sam.Send("POST", "/api/v1/threads/" + id + "/messages", nlohmann::json{{"body", std::string(10'000, 'x')}})
                .status,
            201);
  nlohmann::json both = NewThread("S00001");
  both["run"] = 1;
  EXPECT_EQ(sam.Send("POST", "/api/v1/threads", both).status, 400);
  const ApiAnswer elsewhere = sam.Send("PUT", "/api/v1/threads/" + id + "/read", nlohmann::json{{"up_to", 999999}});
  EXPECT_EQ(elsewhere.status, 422);
  EXPECT_EQ(TypeOf(elsewhere), "/api/v1/problems/rule-violation");
}

TEST_P(ServeThreads, PublishingARunNotifiesTheSuppliersUsersAndWritesTheOutbox) {
  const ApiAnswer published = As("quinn").Send("POST", "/api/v1/runs", nlohmann::json{{"period", "2026-H1"}});
  ASSERT_EQ(published.status, 201) << published.body.dump();
  const std::string run = std::to_string(published.body["run"].get<std::int64_t>());
  const ApiAnswer notes = As("sam").Send("GET", "/api/v1/notifications");
  ASSERT_EQ(notes.status, 200) << notes.body.dump();
  ASSERT_EQ(notes.body["total_count"], 1);
  EXPECT_EQ(notes.body["rows"][0]["kind"], "run.published");
  EXPECT_EQ(notes.body["rows"][0]["link"], "/suppliers/S00001?run=" + run);
  EXPECT_EQ(As("pat").Send("GET", "/api/v1/notifications").body["total_count"], 0);

  std::set<std::string> recipients;
  for (const store::OutboxRow& row : Outbox()) {
    EXPECT_EQ(row.kind, "run.published");
    EXPECT_FALSE(row.sent_at.has_value());
    recipients.insert(row.recipient);
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"otto", "sam"}));

  // A thread on the run's result, kept with the run after a later one.
  const ApiAnswer opened = As("sam").Send(
      "POST", "/api/v1/threads",
      nlohmann::json{{"run", published.body["run"]}, {"subject", "Our LZ1"}, {"body", "Two deliveries were early."}});
  ASSERT_EQ(opened.status, 201) << opened.body.dump();
  ASSERT_EQ(As("quinn").Send("POST", "/api/v1/runs", nlohmann::json{{"period", "2026-H1"}}).status, 201);
  const ApiAnswer kept = As("sam").Send("GET", "/api/v1/threads?run=" + run);
  ASSERT_EQ(kept.status, 200) << kept.body.dump();
  ASSERT_EQ(kept.body["total_count"], 1);
  EXPECT_EQ(kept.body["rows"][0]["run"], published.body["run"]);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeThreads, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
