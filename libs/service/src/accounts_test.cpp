// The administration of accounts against SQLite and PostgreSQL: who may,
// the supplier rule, the name and password rules at their edges, a random
// initial password shown once, disabling ends sessions and revokes tokens,
// the last admin stays, If-Match, and an audit entry for every change that
// never holds a hash or secret.
#include "supeval/service/accounts.hpp"

#include <gtest/gtest.h>

#include "account_test_support.hpp"
#include "supeval/service/sessions.hpp"
#include "supeval/service/tokens.hpp"

namespace supeval::service {
namespace {

using testing::AccountServiceTest;
using testing::Start;

class AccountsTest : public AccountServiceTest {};

NewUser User(const std::string& name, Role role, std::optional<std::string> supplier_id = std::nullopt) {
  NewUser user;
  user.name = name;
  user.role = role;
  user.supplier_id = std::move(supplier_id);
  return user;
}

TEST_P(AccountsTest, ANewUserGetsARandomInitialPasswordOnceAndAnAuditEntry) {
  NewUser ann = User("ann", Role::kQuality);
  ann.display_name = "Ann Lee";
  auto created = accounts_->CreateUser(Root(), ann, Start());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_TRUE(created->initial_password);
  EXPECT_EQ(created->initial_password->size(), 24U);
  EXPECT_EQ(created->user.display_name, "Ann Lee");
  EXPECT_EQ(created->user.created_at, Start());
  auto other = accounts_->CreateUser(Root(), User("bob", Role::kQuality), Start());
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->initial_password, created->initial_password);
  EXPECT_EQ(other->user.display_name, "bob") << "the name when none is given";

  auto stored = store().FindUser("ann");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->initial_password_until, Start() + std::chrono::hours(72));
  EXPECT_EQ((*stored)->password_hash.rfind("$argon2id$", 0), 0U);
  EXPECT_EQ((*stored)->password_hash.find(*created->initial_password), std::string::npos);

  const std::vector<store::AuditEntry> entries = AccountAudit();
  const std::vector<store::AuditEntry>* audit = &entries;
  ASSERT_EQ(audit->size(), 2U);
  const store::AuditEntry& entry = audit->back();
  EXPECT_EQ(entry.action, "user.create");
  EXPECT_EQ(entry.user, "root");
  EXPECT_FALSE(entry.address);
  EXPECT_EQ(entry.target, "ann");
  EXPECT_EQ(entry.at, Start());
  EXPECT_FALSE(entry.before);
  EXPECT_EQ(
      entry.after,
      R"({"name":"ann","display_name":"Ann Lee","role":"quality","supplier_id":null,"disabled":false,"totp":false})");
}

TEST_P(AccountsTest, ASupplierUserNeedsAKnownSupplierAndStaffNone) {
  auto missing = accounts_->CreateUser(Root(), User("s1", Role::kSupplier), Start());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().problem, "rule-violation");
  auto unknown = accounts_->CreateUser(Root(), User("s1", Role::kSupplier, "S99999"), Start());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().problem, "rule-violation");
  auto staff = accounts_->CreateUser(Root(), User("q1", Role::kQuality, "S00001"), Start());
  ASSERT_FALSE(staff.ok());
  EXPECT_EQ(staff.error().problem, "rule-violation");
  auto known = accounts_->CreateUser(Root(), User("s1", Role::kSupplier, "S00001"), Start());
  ASSERT_TRUE(known.ok()) << known.error().ToString();
  EXPECT_EQ(known->user.supplier_id, "S00001");
  auto audit = accounts_->ListAudit(Root(), {});
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->rows.size(), 2U) << "the import and one user: refusals change nothing";
  EXPECT_EQ(audit->total_count, 2);
}

TEST_P(AccountsTest, NamesAreCheckedAndUnique) {
  for (const std::string& name : std::vector<std::string>{"", "-ann", "ann lee", "ann\n", std::string(65, 'a')}) {
    auto refused = accounts_->CreateUser(Root(), User(name, Role::kQuality), Start());
    ASSERT_FALSE(refused.ok()) << name;
    EXPECT_EQ(refused.error().problem, "invalid-request") << name;
  }
  EXPECT_TRUE(accounts_->CreateUser(Root(), User(std::string(64, 'a'), Role::kQuality), Start()).ok());
  EXPECT_TRUE(accounts_->CreateUser(Root(), User("ann.lee-2@plant_1", Role::kQuality), Start()).ok());
  auto taken = accounts_->CreateUser(Root(), User("ann.lee-2@plant_1", Role::kAdmin), Start());
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, core::ErrorCode::kConflict);
  NewUser bad_display = User("zed", Role::kQuality);
  bad_display.display_name = "Zed\x1b[2J";
  EXPECT_EQ(accounts_->CreateUser(Root(), bad_display, Start()).error().problem, "invalid-request");
}

TEST_P(AccountsTest, ThePasswordRuleAtItsEdges) {
  EXPECT_EQ(CheckPasswordRule("x7#kQ2m").error().problem, "rule-violation") << "7 characters";
  EXPECT_TRUE(CheckPasswordRule("x7#kQ2mZ").ok()) << "8 characters";
  EXPECT_TRUE(CheckPasswordRule("\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f").ok())
      << "8 characters in 16 bytes";
  EXPECT_FALSE(CheckPasswordRule("\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa4\xc3\xb6\xc3\xbc").ok()) << "7 in 14 bytes";
  EXPECT_FALSE(CheckPasswordRule("password1").ok()) << "common";
  EXPECT_FALSE(CheckPasswordRule("PassWord1").ok()) << "common in any case";
  EXPECT_FALSE(CheckPasswordRule("12345678").ok()) << "common";
  EXPECT_TRUE(CheckPasswordRule(std::string(1024, 'k')).ok());
  EXPECT_FALSE(CheckPasswordRule(std::string(1025, 'k')).ok());
  EXPECT_FALSE(CheckPasswordRule("abc\xff\xfe"
                                 "defgh")
                   .ok())
      << "not UTF-8";

  NewUser weak = User("ann", Role::kQuality);
  weak.password = "password1";
  EXPECT_EQ(accounts_->CreateUser(Root(), weak, Start()).error().problem, "rule-violation");
  AddUser("ann", Role::kQuality);
  EXPECT_EQ(accounts_->SetPassword(Root(), "ann", "short", Start()).error().problem, "rule-violation");
}

TEST_P(AccountsTest, OnlyAnAdminAdministers) {
  Caller quality = Root();
  quality.user = "qa";
  quality.role = Role::kQuality;
  EXPECT_EQ(accounts_->CreateUser(quality, User("ann", Role::kQuality), Start()).error().problem, "forbidden");
  EXPECT_EQ(accounts_->ListUsers(quality, {}).error().problem, "forbidden");
  EXPECT_EQ(accounts_->ListAudit(quality, {}).error().problem, "forbidden");
  Caller admin_token = Root();
  admin_token.via_token = true;
  EXPECT_TRUE(accounts_->ListUsers(admin_token, {}).ok()) << "users may be managed with an admin's token";
}

TEST_P(AccountsTest, DisablingEndsSessionsAndRevokesTokens) {
  AddUser("ann", Role::kQuality);
  AddUser("boss", Role::kAdmin);
  Sessions sessions(store(), CheapSessions());
  LoginRequest login{"ann", "correct horse battery", std::nullopt, "192.0.2.1", "test", std::nullopt};
  auto session = sessions.Login(login, Start());
  ASSERT_TRUE(session.ok()) << session.error.ToString();
  Tokens tokens(store());
  auto me = sessions.Authenticate(session.session->session_id, Start());
  ASSERT_TRUE(me.ok());
  auto token = tokens.Create(me->caller, "ci", std::nullopt, Start());
  ASSERT_TRUE(token.ok()) << token.error().ToString();

  UserPatch disable;
  disable.disabled = true;
  auto disabled = accounts_->UpdateUser(Root(), "ann", disable, std::nullopt, Start() + std::chrono::seconds(5));
  ASSERT_TRUE(disabled.ok()) << disabled.error().ToString();
  EXPECT_TRUE(disabled->user.disabled);
  EXPECT_EQ(sessions.Authenticate(session.session->session_id, Start() + std::chrono::seconds(6)).error().problem,
            "session-expired");
  EXPECT_EQ(tokens.Authenticate(token->secret, Start() + std::chrono::seconds(6)).error().problem, "unauthenticated");
  EXPECT_FALSE(sessions.Login(login, Start() + std::chrono::seconds(7)).ok());

  UserPatch enable;
  enable.disabled = false;
  ASSERT_TRUE(accounts_->UpdateUser(Root(), "ann", enable, std::nullopt, Start() + std::chrono::seconds(8)).ok());
  EXPECT_TRUE(sessions.Login(login, Start() + std::chrono::seconds(9)).ok());
  EXPECT_EQ(tokens.Authenticate(token->secret, Start() + std::chrono::seconds(9)).error().problem, "unauthenticated")
      << "a revoked token stays revoked";

  const std::vector<store::AuditEntry> entries = AccountAudit();
  const std::vector<store::AuditEntry>* audit = &entries;
  const store::AuditEntry& enabled = audit->front();
  EXPECT_EQ(enabled.action, "user.update");
  EXPECT_NE(enabled.before->find(R"("disabled":true)"), std::string::npos);
  EXPECT_NE(enabled.after->find(R"("disabled":false)"), std::string::npos);
}

TEST_P(AccountsTest, TheLastEnabledAdminStays) {
  AddUser("boss", Role::kAdmin);
  UserPatch disable;
  disable.disabled = true;
  EXPECT_EQ(accounts_->UpdateUser(Root(), "boss", disable, std::nullopt, Start()).error().problem, "conflict");
  UserPatch demote;
  demote.role = Role::kQuality;
  EXPECT_EQ(accounts_->UpdateUser(Root(), "boss", demote, std::nullopt, Start()).error().problem, "conflict");
  AddUser("deputy", Role::kAdmin);
  EXPECT_TRUE(accounts_->UpdateUser(Root(), "boss", demote, std::nullopt, Start()).ok());
  EXPECT_EQ(accounts_->UpdateUser(Root(), "deputy", disable, std::nullopt, Start()).error().problem, "conflict");
}

TEST_P(AccountsTest, ChangesApplyOnlyAtTheVersionRead) {
  const UserView ann = AddUser("ann", Role::kQuality);
  UserPatch rename;
  rename.display_name = "Ann L.";
  auto renamed = accounts_->UpdateUser(Root(), "ann", rename, ann.version, Start());
  ASSERT_TRUE(renamed.ok()) << renamed.error().ToString();
  EXPECT_EQ(renamed->user.version, ann.version + 1);
  auto stale = accounts_->UpdateUser(Root(), "ann", rename, ann.version, Start());
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().problem, "precondition-failed");
  EXPECT_EQ(accounts_->UpdateUser(Root(), "nobody", rename, std::nullopt, Start()).error().problem, "not-found");
}

TEST_P(AccountsTest, RoleChangesFollowTheSupplierRule) {
  AddUser("ann", Role::kQuality);
  UserPatch to_supplier;
  to_supplier.role = Role::kSupplier;
  EXPECT_EQ(accounts_->UpdateUser(Root(), "ann", to_supplier, std::nullopt, Start()).error().problem, "rule-violation");
  to_supplier.supplier_id = std::optional<std::string>("S00002");
  auto supplier = accounts_->UpdateUser(Root(), "ann", to_supplier, std::nullopt, Start());
  ASSERT_TRUE(supplier.ok()) << supplier.error().ToString();
  EXPECT_EQ(supplier->user.supplier_id, "S00002");
  UserPatch back;
  back.role = Role::kPurchasing;
  auto staff = accounts_->UpdateUser(Root(), "ann", back, std::nullopt, Start());
  ASSERT_TRUE(staff.ok()) << staff.error().ToString();
  EXPECT_FALSE(staff->user.supplier_id) << "cleared when the role leaves supplier";
}

TEST_P(AccountsTest, AResetGivesANewInitialPasswordAndEndsSessions) {
  AddUser("ann", Role::kQuality);
  Sessions sessions(store(), CheapSessions());
  LoginRequest login{"ann", "correct horse battery", std::nullopt, std::nullopt, "test", std::nullopt};
  auto session = sessions.Login(login, Start());
  ASSERT_TRUE(session.ok());
  UserPatch reset;
  reset.reset_password = true;
  auto updated = accounts_->UpdateUser(Root(), "ann", reset, std::nullopt, Start());
  ASSERT_TRUE(updated.ok()) << updated.error().ToString();
  ASSERT_TRUE(updated->initial_password);
  EXPECT_EQ(sessions.Authenticate(session.session->session_id, Start()).error().problem, "session-expired");
  EXPECT_FALSE(sessions.Login(login, Start()).ok()) << "the old password is gone";
  login.password = *updated->initial_password;
  auto fresh = sessions.Login(login, Start());
  ASSERT_TRUE(fresh.ok()) << fresh.error.ToString();
  EXPECT_EQ(fresh.session->session.required_action, "change-password");
  const std::string after = *accounts_->ListAudit(Root(), {})->rows.front().after;
  EXPECT_NE(after.find(R"("password_changed":true)"), std::string::npos);
  EXPECT_EQ(after.find(*updated->initial_password), std::string::npos);

  ASSERT_TRUE(accounts_->SetPassword(Root(), "ann", "a final passphrase", Start()).ok());
  login.password = "a final passphrase";
  auto final_login = sessions.Login(login, Start());
  ASSERT_TRUE(final_login.ok());
  EXPECT_FALSE(final_login.session->session.required_action) << "a password set by an admin is final";
}

TEST_P(AccountsTest, ListsShowNoSecretAndFilter) {
  AddUser("ann", Role::kQuality);
  AddUser("sam", Role::kSupplier, "correct horse battery", "S00003");
  auto all = accounts_->ListUsers(Root(), {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ(all->front().name, "ann");
  UserQuery suppliers;
  suppliers.role = Role::kSupplier;
  EXPECT_EQ(accounts_->ListUsers(Root(), suppliers)->size(), 1U);
  UserQuery of_supplier;
  of_supplier.supplier_id = "S00003";
  EXPECT_EQ(accounts_->ListUsers(Root(), of_supplier)->front().name, "sam");
  const std::string json = WriteUsersJson(*all);
  const std::string table = WriteUsersTable(*all);
  for (const std::string& text : {json, table}) {
    EXPECT_EQ(text.find("argon2"), std::string::npos) << text;
    EXPECT_NE(text.find("S00003"), std::string::npos);
  }
  EXPECT_NE(json.find(R"("created_at": "2026-07-01T08:00:00Z")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("last_login_at": null)"), std::string::npos) << json;
  EXPECT_EQ(accounts_->ShowUser(Root(), "nobody").error().problem, "not-found");
}

TEST_P(AccountsTest, EndingAUsersSessionsIsAudited) {
  AddUser("ann", Role::kQuality);
  Sessions sessions(store(), CheapSessions());
  LoginRequest login{"ann", "correct horse battery", std::nullopt, std::nullopt, "test", std::nullopt};
  ASSERT_TRUE(sessions.Login(login, Start()).ok());
  ASSERT_TRUE(sessions.Login(login, Start()).ok());
  auto ended = accounts_->EndSessions(Root(), "ann", Start());
  ASSERT_TRUE(ended.ok()) << ended.error().ToString();
  EXPECT_EQ(*ended, 2);
  const store::AuditEntry entry = accounts_->ListAudit(Root(), {})->rows.front();
  EXPECT_EQ(entry.action, "user.logout");
  EXPECT_EQ(entry.after, R"({"sessions_ended":2})");
  EXPECT_EQ(accounts_->EndSessions(Root(), "nobody", Start()).error().problem, "not-found");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
