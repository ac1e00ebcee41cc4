// A hold change that meets a running import, on SQLite and PostgreSQL: over
// the API (API.md: another import or hold change in progress → 409
// import-in-progress with Retry-After, at once) and from the `holds`
// command (exit status 2, the database busy), without queueing behind the
// import for a lock timeout; nothing is written, and the same change goes
// through once the import is over, also when sent again with the same
// Idempotency-Key (PostgreSQL; see ABusyAnswerIsNotKeptUnderItsIdempotencyKey).
#include <chrono>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "supeval/store/store.hpp"

namespace supeval::testing {
namespace {

// An import of the test's own, from a connection of its own, holding the
// database's write lock from construction until End() — or, at the latest,
// kLongestHold after it began. That is within the server's (5 s) and the
// command's (10 min) lock timeouts: a hold change that waited for the lock
// instead of failing at once would then go through, and the test see it.
class RunningImport {
 public:
  static constexpr std::chrono::seconds kLongestHold{4};

  explicit RunningImport(const std::string& db) {
    auto store = store::OpenStore(db);
    if (!store.ok()) {
      error_ = store.error().ToString();
      return;
    }
    store_ = *std::move(store);
    auto session = store_->BeginImport();
    if (!session.ok()) {
      error_ = session.error().ToString();
      return;
    }
    session_ = *std::move(session);
    ender_ = std::thread([this, ended = ended_.get_future()] {
      (void)ended.wait_for(kLongestHold);
      session_.reset();  // rolled back: the lock is free
    });
  }
  RunningImport(const RunningImport&) = delete;
  RunningImport& operator=(const RunningImport&) = delete;
  ~RunningImport() { End(); }

  // Empty when the import runs.
  [[nodiscard]] const std::string& error() const { return error_; }

  void End() {
    if (!ender_.joinable()) return;
    ended_.set_value();
    ender_.join();
  }

 private:
  std::string error_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::ImportSession> session_;
  std::promise<void> ended_;
  std::thread ender_;
};

nlohmann::json Hold(const std::string& supplier_id) {
  return {{"supplier_id", supplier_id}, {"reason", "quality"}, {"imposed_on", "2026-05-01"}, {"why", "8D open"}};
}

class ServeHoldBusy : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    const ProcessResult imported = Run({"import", "--data", Generate("data", 200).string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    const ProcessResult added = AddApiUser(db(), scratch_, "quinn", "quality");
    ASSERT_EQ(added.exit_status, 0) << added.err;
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
    quinn_ = ApiUser::LogIn(serve_->port(), "quinn");
    ASSERT_TRUE(quinn_);
  }

  static void ExpectBusy(const std::optional<server::testing::Response>& answer) {
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->result_int(), 409) << answer->body();
    EXPECT_EQ(BodyOf(*answer)["type"], "/api/v1/problems/import-in-progress");
    EXPECT_FALSE(HeaderOf(*answer, "Retry-After").empty());
  }

  std::optional<Serve> serve_;
  std::optional<ApiUser> quinn_;
};

TEST_P(ServeHoldBusy, AnImpositionDuringAnImportIsAConflictAtOnce) {
  {
    RunningImport import(db());
    ASSERT_EQ(import.error(), "");
    ExpectBusy(SendAs(serve_->port(), "POST", "/api/v1/holds", quinn_->session(), Hold("S00001").dump()));
  }
  const ApiAnswer retried = quinn_->Send("POST", "/api/v1/holds", Hold("S00001"));
  EXPECT_EQ(retried.status, 201) << "nothing was written: " << retried.body.dump();
}

// The busy answer is not kept under its Idempotency-Key: the retry with the
// same key imposes the hold. PostgreSQL only: with SQLite, claiming the key
// is itself a write, which waits for the import (the connection's lock
// timeout) before the hold change is tried.
TEST_P(ServeHoldBusy, ABusyAnswerIsNotKeptUnderItsIdempotencyKey) {
  if (GetParam() == store::Backend::kSqlite) GTEST_SKIP() << "SQLite serializes the key's claim with the import";
  const std::string body = Hold("S00001").dump();
  const std::string key = "Idempotency-Key: hold-during-import\r\n";
  {
    RunningImport import(db());
    ASSERT_EQ(import.error(), "");
    ExpectBusy(SendWithHeaders(serve_->port(), "POST", "/api/v1/holds", quinn_->session(), body, key));
  }
  const auto retried = SendWithHeaders(serve_->port(), "POST", "/api/v1/holds", quinn_->session(), body, key);
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->result_int(), 201) << retried->body();
  EXPECT_EQ(HeaderOf(*retried, "Idempotent-Replayed"), "");
}

TEST_P(ServeHoldBusy, AWithdrawalDuringAnImportIsAConflictAtOnce) {
  const ApiAnswer imposed = quinn_->Send("POST", "/api/v1/holds", Hold("S00002"));
  ASSERT_EQ(imposed.status, 201) << imposed.body.dump();
  const std::string withdraw = imposed.location + "/withdraw";
  const nlohmann::json withdrawal = {{"withdrawn_on", "2026-06-01"}, {"why", "8D closed"}};
  {
    RunningImport import(db());
    ASSERT_EQ(import.error(), "");
    ExpectBusy(SendAs(serve_->port(), "POST", withdraw, quinn_->session(), withdrawal.dump()));
  }
  ApiAnswer withdrawn = quinn_->Send("POST", withdraw, withdrawal);  // not const: a missing member reads as null
  EXPECT_EQ(withdrawn.status, 200) << withdrawn.body.dump();
  EXPECT_EQ(withdrawn.body["withdrawn_on"], "2026-06-01");
}

TEST_P(ServeHoldBusy, TheHoldsCommandDuringAnImportFailsAtOnceAsBusy) {
  const std::vector<std::string> impose = {"holds", "impose",     "--supplier", "S00003",
                                           "--on",  "2026-05-01", "--why",      "8D open"};
  {
    RunningImport import(db());
    ASSERT_EQ(import.error(), "");
    const ProcessResult refused = Run(impose);
    EXPECT_EQ(refused.exit_status, 2) << refused.err;
    EXPECT_NE(refused.err.find("busy"), std::string::npos) << refused.err;
  }
  const ProcessResult imposed = Run(impose);
  EXPECT_EQ(imposed.exit_status, 0) << imposed.err;
}

std::string BackendLabel(const ::testing::TestParamInfo<store::Backend>& param_info) {
  return store::testing::BackendName(param_info.param);
}
INSTANTIATE_TEST_SUITE_P(Backends, ServeHoldBusy, ::testing::ValuesIn(store::testing::AllBackends()), BackendLabel);

}  // namespace
}  // namespace supeval::testing
