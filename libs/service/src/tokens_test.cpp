// API tokens against SQLite and PostgreSQL: the token's form, stored only as
// a hash; lifetimes at their edges; a token acts as its user with
// via_token; revoked, expired tokens and disabled users are refused; only an
// admin sees or revokes another user's tokens; a token makes no tokens.
#include "supeval/service/tokens.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "account_test_support.hpp"
#include "credentials.hpp"

namespace supeval::service {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using testing::AccountServiceTest;
using testing::Start;

class TokensTest : public AccountServiceTest {
 protected:
  void SetUp() override {
    AccountServiceTest::SetUp();
    if (!store_) return;
    AddUser("ann", Role::kQuality);
    AddUser("sam", Role::kSupplier, "correct horse battery", "S00001");
    tokens_ = std::make_unique<Tokens>(store());
  }

  // A caller with an interactive session.
  static Caller As(const std::string& name, Role role) {
    Caller caller;
    caller.user = name;
    caller.display_name = name;
    caller.role = role;
    if (role == Role::kSupplier) caller.supplier_id = "S00001";
    return caller;
  }

  std::unique_ptr<Tokens> tokens_;
};

TEST_P(TokensTest, ATokenIsShownOnceAndStoredAsAHash) {
  auto created = tokens_->Create(As("ann", Role::kQuality), "nightly export", std::nullopt, Start());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  const std::string& secret = created->secret;
  EXPECT_EQ(secret.rfind("supeval_", 0), 0U) << secret;
  EXPECT_EQ(secret.size(), 8U + 43U) << "32 bytes in base64url";
  EXPECT_TRUE(std::all_of(secret.begin() + 8, secret.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  })) << secret;
  EXPECT_EQ(created->token.expires_at, Start() + days(90));
  EXPECT_EQ(created->token.user, "ann");
  auto stored = store().FindToken(created->token.id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->token_sha256, internal::Fingerprint(created->secret));
  EXPECT_FALSE(store().FindTokenByHash(created->secret)->has_value());
  const store::AuditEntry entry = accounts_->ListAudit(Root(), {})->rows.front();
  EXPECT_EQ(entry.action, "token.create");
  EXPECT_EQ(entry.target, std::to_string(created->token.id));
  EXPECT_EQ(entry.after->find(created->secret.substr(8)), std::string::npos);
}

TEST_P(TokensTest, LifetimesFromOneTo365Days) {
  const Caller ann = As("ann", Role::kQuality);
  EXPECT_EQ(tokens_->Create(ann, "t", 0, Start()).error().problem, "invalid-request");
  EXPECT_EQ(tokens_->Create(ann, "t", 366, Start()).error().problem, "invalid-request");
  EXPECT_EQ(tokens_->Create(ann, "", std::nullopt, Start()).error().problem, "invalid-request");
  auto longest = tokens_->Create(ann, "t", 365, Start());
  ASSERT_TRUE(longest.ok());
  EXPECT_EQ(longest->token.expires_at, Start() + days(365));
  auto shortest = tokens_->Create(ann, "t", 1, Start());
  ASSERT_TRUE(shortest.ok());
  EXPECT_TRUE(tokens_->Authenticate(shortest->secret, Start() + days(1) - seconds(1)).ok());
  EXPECT_EQ(tokens_->Authenticate(shortest->secret, Start() + days(1)).error().problem, "unauthenticated");
  EXPECT_EQ(tokens_->List(ann, std::nullopt, Start() + days(1))->size(), 1U) << "an expired token is not listed";
}

TEST_P(TokensTest, ATokenActsAsItsUserUntilRevoked) {
  auto created = tokens_->Create(As("sam", Role::kSupplier), "erp", std::nullopt, Start());
  ASSERT_TRUE(created.ok());
  auto caller = tokens_->Authenticate(created->secret, Start() + seconds(5), "192.0.2.8");
  ASSERT_TRUE(caller.ok()) << caller.error().ToString();
  EXPECT_EQ(caller->user, "sam");
  EXPECT_EQ(caller->role, Role::kSupplier);
  EXPECT_EQ(caller->supplier_id, "S00001");
  EXPECT_EQ(caller->address, "192.0.2.8");
  EXPECT_TRUE(caller->via_token);
  EXPECT_EQ((*store().FindToken(created->token.id))->last_used_at, Start() + seconds(5));
  EXPECT_EQ(tokens_->Create(*caller, "another", std::nullopt, Start()).error().problem, "forbidden");
  EXPECT_EQ(tokens_->List(*caller, std::nullopt, Start()).error().problem, "forbidden");

  for (const std::string& bad :
       std::vector<std::string>{"supeval_", created->secret.substr(8), created->secret + "x"}) {
    EXPECT_EQ(tokens_->Authenticate(bad, Start()).error().problem, "unauthenticated") << bad.size();
  }
  ASSERT_TRUE(tokens_->Revoke(As("sam", Role::kSupplier), created->token.id, Start()).ok());
  EXPECT_EQ(tokens_->Authenticate(created->secret, Start()).error().problem, "unauthenticated");
  EXPECT_EQ(tokens_->Revoke(As("sam", Role::kSupplier), created->token.id, Start()).error().problem, "not-found");
  EXPECT_EQ(accounts_->ListAudit(Root(), {})->rows.front().action, "token.revoke");
}

TEST_P(TokensTest, AnotherUsersTokensAreAnAdminsOnly) {
  auto anns = tokens_->Create(As("ann", Role::kQuality), "mine", std::nullopt, Start());
  ASSERT_TRUE(anns.ok());
  const Caller sam = As("sam", Role::kSupplier);
  EXPECT_TRUE(tokens_->List(sam, std::nullopt, Start())->empty());
  EXPECT_EQ(tokens_->List(sam, std::string("ann"), Start()).error().problem, "forbidden");
  EXPECT_EQ(tokens_->Revoke(sam, anns->token.id, Start()).error().problem, "not-found") << "as if there were none";
  EXPECT_EQ(tokens_->Revoke(sam, 9999, Start()).error().problem, "not-found");
  const Caller admin = As("boss", Role::kAdmin);
  auto listed = tokens_->List(admin, std::string("ann"), Start());
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().name, "mine");
  EXPECT_TRUE(tokens_->Revoke(admin, anns->token.id, Start()).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, TokensTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
