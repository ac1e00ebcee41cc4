// The account tables on both databases: users round-trip and are updated
// only at the version read; a TOTP step is accepted once; sessions and
// tokens end; throttle failures are counted in their window and forgotten
// after it; the audit log reads back newest first and the database refuses
// to change or delete an entry.
#include "supeval/store/accounts.hpp"

#include <gtest/gtest.h>

#include "connection.hpp"
#include "supeval/store/store.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::store {
namespace {

using testing::TestDatabase;

Instant T(std::int64_t seconds) { return Instant(std::chrono::seconds(seconds)); }

UserFilter Matching(std::optional<std::string> text, std::optional<std::string> role = std::nullopt) {
  UserFilter filter;
  filter.text = std::move(text);
  filter.role = std::move(role);
  return filter;
}

template <class Set>
AuditFilter Audit(Set set) {
  AuditFilter filter;
  set(filter);
  return filter;
}

class AccountStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!testing::OpenOrSkip(GetParam(), database_)) return;
    auto opened = OpenStore(database_->url(), {.create_if_missing = true});
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = *std::move(opened);
  }

  AccountStore& accounts() { return store_->accounts(); }

  static UserRow Alice() {
    UserRow user;
    user.name = "alice";
    user.display_name = "Alice A.";
    user.role = "quality";
    user.password_hash = "$argon2id$placeholder";
    user.created_at = T(1000);
    return user;
  }

  std::optional<TestDatabase> database_;
  std::unique_ptr<Store> store_;
};

TEST_P(AccountStoreTest, UsersRoundTripAndUpdateOnlyAtTheVersionRead) {
  ASSERT_TRUE(accounts().InsertUser(Alice()).ok());
  auto again = accounts().InsertUser(Alice());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);

  UserRow supplier = Alice();
  supplier.name = "bob";
  supplier.display_name = "Bob B.";
  supplier.role = "supplier";
  supplier.supplier_id = "S00001";
  supplier.initial_password_until = T(5000);
  ASSERT_TRUE(accounts().InsertUser(supplier).ok());
  UserRow no_supplier = supplier;
  no_supplier.name = "carol";
  no_supplier.supplier_id.reset();
  EXPECT_FALSE(accounts().InsertUser(no_supplier).ok()) << "the database requires a supplier user's supplier";

  auto found = accounts().FindUser("bob");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->supplier_id, "S00001");
  EXPECT_EQ((*found)->initial_password_until, T(5000));
  EXPECT_EQ((*found)->version, 1);
  EXPECT_FALSE((*found)->last_login_at);

  UserRow changed = **found;
  changed.disabled = true;
  auto version = accounts().UpdateUser(changed);
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_EQ(*version, 2);
  auto stale = accounts().UpdateUser(changed);  // still at version 1
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().problem, "precondition-failed");
  UserRow nobody = changed;
  nobody.name = "nobody";
  EXPECT_EQ(accounts().UpdateUser(nobody).error().code, core::ErrorCode::kNotFound);

  ASSERT_TRUE(accounts().RecordLogin("alice", T(2000), std::string("$argon2id$rehashed")).ok());
  auto alice = accounts().FindUser("alice");
  EXPECT_EQ((*alice)->last_login_at, T(2000));
  EXPECT_EQ((*alice)->password_hash, "$argon2id$rehashed");
  EXPECT_EQ((*alice)->version, 1) << "a login leaves the ETag alone";

  auto listed = accounts().ListUsers(Matching("ALI"));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().name, "alice");
  EXPECT_EQ(accounts().ListUsers(Matching(std::nullopt, "supplier"))->size(), 1U);
  EXPECT_EQ(accounts().ListUsers(Matching("%"))->size(), 0U) << "no wildcards";
  EXPECT_EQ(*accounts().CountEnabledAdmins(), 0);
}

TEST_P(AccountStoreTest, ATotpStepIsAcceptedOnceAndNeverAnEarlierOne) {
  ASSERT_TRUE(accounts().InsertUser(Alice()).ok());
  EXPECT_TRUE(*accounts().UseTotpStep("alice", 100));
  EXPECT_FALSE(*accounts().UseTotpStep("alice", 100));
  EXPECT_FALSE(*accounts().UseTotpStep("alice", 99));
  EXPECT_TRUE(*accounts().UseTotpStep("alice", 101));
}

TEST_P(AccountStoreTest, ASessionIsFoundWithItsUserInOneRead) {
  ASSERT_TRUE(accounts().InsertUser(Alice()).ok());
  const SessionRow session{0, "hash-1", "alice", "csrf", T(10), T(20), std::string("192.0.2.7"), "curl", std::nullopt};
  ASSERT_TRUE(accounts().InsertSession(session).ok());
  ASSERT_TRUE(accounts().EndSession("hash-1", T(30)).ok());
  auto found = accounts().FindSessionWithUser("hash-1");
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_TRUE(found->has_value());
  const SessionWithUser& both = **found;
  const SessionRow alone = **accounts().FindSession("hash-1");
  EXPECT_EQ(both.session.id, alone.id);
  EXPECT_EQ(both.session.user, "alice");
  EXPECT_EQ(both.session.csrf_token, "csrf");
  EXPECT_EQ(both.session.created_at, T(10));  // the session's, not the user's created_at
  EXPECT_EQ(both.session.last_seen_at, T(20));
  EXPECT_EQ(both.session.address, "192.0.2.7");
  EXPECT_EQ(both.session.user_agent, "curl");
  EXPECT_EQ(both.session.ended_at, T(30));
  ASSERT_TRUE(both.user.has_value());
  const UserRow user = **accounts().FindUser("alice");
  EXPECT_EQ(both.user->name, user.name);
  EXPECT_EQ(both.user->role, user.role);
  EXPECT_EQ(both.user->password_hash, user.password_hash);
  EXPECT_EQ(both.user->created_at, user.created_at);
  EXPECT_EQ(both.user->disabled, user.disabled);
  EXPECT_EQ(both.user->version, user.version);
  EXPECT_FALSE(accounts().FindSessionWithUser("hash-2")->has_value());
}

TEST_P(AccountStoreTest, SessionsAndTokensEnd) {
  ASSERT_TRUE(accounts().InsertUser(Alice()).ok());
  SessionRow session{0, "hash-1", "alice", "csrf", T(10), T(10), std::nullopt, "curl", std::nullopt};
  auto first = accounts().InsertSession(session);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  session.id_sha256 = "hash-2";
  session.address = "192.0.2.1";
  auto second = accounts().InsertSession(session);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(*second, *first);
  ASSERT_TRUE(accounts().TouchSession("hash-2", T(70)).ok());
  EXPECT_EQ((*accounts().FindSession("hash-2"))->last_seen_at, T(70));
  EXPECT_EQ((*accounts().FindSession("hash-2"))->address, "192.0.2.1");
  EXPECT_FALSE(accounts().FindSession("hash-3")->has_value());

  EXPECT_EQ(*accounts().EndSessions("alice", T(80), std::string("hash-2")), 1);
  EXPECT_EQ((*accounts().FindSession("hash-1"))->ended_at, T(80));
  ASSERT_EQ(accounts().ListOpenSessions("alice")->size(), 1U);
  EXPECT_TRUE(*accounts().EndSession("hash-2", T(90)));
  EXPECT_FALSE(*accounts().EndSession("hash-2", T(95))) << "ended once";
  EXPECT_TRUE(accounts().ListOpenSessions("alice")->empty());

  TokenRow token{0, "token-hash", "ci", "alice", T(10), T(1000), std::nullopt, std::nullopt};
  auto id = accounts().InsertToken(token);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  ASSERT_TRUE(accounts().TouchToken(*id, T(20)).ok());
  EXPECT_EQ((*accounts().FindTokenByHash("token-hash"))->last_used_at, T(20));
  EXPECT_EQ(accounts().ListTokens(std::string("alice"))->size(), 1U);
  EXPECT_EQ(accounts().ListTokens(std::nullopt)->size(), 1U);
  EXPECT_EQ(accounts().ListTokens(std::string("bob"))->size(), 0U);
  EXPECT_EQ(*accounts().RevokeUserTokens("alice", T(30)), 1);
  EXPECT_FALSE(*accounts().RevokeToken(*id, T(40)));
  EXPECT_EQ((*accounts().FindToken(*id))->revoked_at, T(30));
  EXPECT_TRUE(accounts().ListTokens(std::nullopt)->empty());
}

TEST_P(AccountStoreTest, ThrottleFailuresAreCountedInTheirWindow) {
  for (const std::int64_t at : {100, 200, 300}) {
    ASSERT_TRUE(accounts().RecordFailure(ThrottleScope::kName, "alice", T(at), T(0)).ok());
  }
  ASSERT_TRUE(accounts().RecordFailure(ThrottleScope::kAddress, "alice", T(300), T(0)).ok());
  auto counted = accounts().CountFailures(ThrottleScope::kName, "alice", T(200));
  ASSERT_TRUE(counted.ok()) << counted.error().ToString();
  EXPECT_EQ(counted->count, 2);
  EXPECT_EQ(counted->oldest, T(200));
  EXPECT_EQ(accounts().CountFailures(ThrottleScope::kName, "bob", T(0))->count, 0);
  EXPECT_FALSE(accounts().CountFailures(ThrottleScope::kName, "bob", T(0))->oldest);

  ASSERT_TRUE(accounts().RecordFailure(ThrottleScope::kName, "alice", T(400), T(250)).ok());
  EXPECT_EQ(accounts().CountFailures(ThrottleScope::kName, "alice", T(0))->count, 2) << "older ones forgotten";
  ASSERT_TRUE(accounts().ClearFailures(ThrottleScope::kName, "alice").ok());
  EXPECT_EQ(accounts().CountFailures(ThrottleScope::kName, "alice", T(0))->count, 0);
  EXPECT_EQ(accounts().CountFailures(ThrottleScope::kAddress, "alice", T(0))->count, 1) << "per scope";
}

TEST_P(AccountStoreTest, TheAuditLogIsAppendOnly) {
  AuditEntry entry{0, T(100), "root", std::nullopt, "user.create", "alice", std::nullopt, R"({"role":"quality"})"};
  auto first = accounts().AppendAudit(entry);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  entry.at = T(200);
  entry.action = "user.update";
  entry.address = "192.0.2.7";
  auto second = accounts().AppendAudit(entry);
  ASSERT_TRUE(second.ok());

  auto all = accounts().ListAudit({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ(all->front().id, *second) << "newest first";
  EXPECT_EQ(all->front().address, "192.0.2.7");
  EXPECT_EQ(all->back().after, R"({"role":"quality"})");
  EXPECT_FALSE(all->back().before);
  EXPECT_EQ(accounts().ListAudit(Audit([&](AuditFilter& f) { f.before = *second; }))->size(), 1U);
  EXPECT_EQ(accounts().ListAudit(Audit([](AuditFilter& f) { f.since = T(150); }))->size(), 1U);
  EXPECT_EQ(accounts().ListAudit(Audit([](AuditFilter& f) { f.action = "user.create"; }))->size(), 1U);
  EXPECT_EQ(accounts().ListAudit(Audit([](AuditFilter& f) { f.limit = 1; }))->size(), 1U);
  auto second_page = accounts().ListAudit(Audit([](AuditFilter& f) {
    f.limit = 1;
    f.offset = 1;
  }));
  ASSERT_EQ(second_page->size(), 1U);
  EXPECT_EQ(second_page->front().id, *first);
  EXPECT_EQ(*accounts().CountAudit({}), 2);
  EXPECT_EQ(*accounts().CountAudit(Audit([](AuditFilter& f) { f.user = "root"; })), 2);
  EXPECT_EQ(*accounts().CountAudit(Audit([](AuditFilter& f) { f.action = "user.update"; })), 1);
  EXPECT_EQ(*accounts().CountAudit(Audit([](AuditFilter& f) { f.since = T(201); })), 0);

  // Straight at the database, past the store's API.
  const std::string target = ParseDatabaseUrl(database_->url())->target;
  auto connection =
      GetParam() == Backend::kSqlite ? internal::OpenSqlite(target, {}) : internal::OpenPostgres(target, {});
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  for (const char* sql : {"UPDATE audit_log SET user_name = 'mallory'", "DELETE FROM audit_log"}) {
    auto refused = (*connection)->Execute(sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_NE(refused.error().message.find("append-only"), std::string::npos) << refused.error().message;
  }
  EXPECT_EQ(accounts().ListAudit({})->size(), 2U);
}

TEST_P(AccountStoreTest, ATransactionCommitsAllOrNothing) {
  auto failed = accounts().InTransaction([&]() -> core::Status {
    if (core::Status inserted = accounts().InsertUser(Alice()); !inserted.ok()) return inserted;
    return core::Failure(core::ErrorCode::kConflict, "changed my mind");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_FALSE(accounts().FindUser("alice")->has_value());
  ASSERT_TRUE(accounts().InTransaction([&] { return accounts().InsertUser(Alice()); }).ok());
  EXPECT_TRUE(accounts().FindUser("alice")->has_value());
}

TEST_P(AccountStoreTest, CountingAdminsInATransactionHoldsThemUntilItEnds) {
  UserRow admin = Alice();
  admin.role = "admin";
  ASSERT_TRUE(accounts().InsertUser(admin).ok());
  admin.name = "bob";
  ASSERT_TRUE(accounts().InsertUser(admin).ok());
  // Another process that would demote the other admin meanwhile must wait
  // (here: gives up after its short lock timeout) instead of counting two.
  auto other = OpenStore(database_->url(), {.lock_timeout = std::chrono::milliseconds(200)});
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  core::Status held = accounts().InTransaction([&]() -> core::Status {
    auto counted = accounts().CountEnabledAdmins();
    EXPECT_EQ(*counted, 2);
    core::Status meanwhile = (*other)->accounts().InTransaction([&]() -> core::Status {
      auto theirs = (*other)->accounts().CountEnabledAdmins();
      if (!theirs.ok()) return theirs.error();
      return core::Ok{};
    });
    EXPECT_FALSE(meanwhile.ok()) << "the admins were not held";
    return core::Ok{};
  });
  EXPECT_TRUE(held.ok()) << held.error().ToString();
  EXPECT_EQ(*(*other)->accounts().CountEnabledAdmins(), 2) << "free again once the transaction ended";
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& param_info) { return testing::BackendName(param_info.param); });

}  // namespace
}  // namespace supeval::store
