// Test support for the account use cases: a database of the test's back end
// (SQLite or PostgreSQL) holding a small imported data set (so that supplier
// users have suppliers), its AccountStore, the command line's administrator
// as a Caller, a fixed clock, and the cheapest Argon2id setting so that
// hashing does not dominate the tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "service_test_support.hpp"
#include "supeval/service/accounts.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/sessions.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service::testing {

// The tests' clock starts at 2026-07-01T08:00:00Z.
inline Instant Start() { return Instant(std::chrono::seconds(1782892800)); }

// Adds a user to `db` (cheapest hashing) and returns it as a Caller.
inline Caller AddTestUser(store::Store& db, const std::string& name, const std::string& display_name, Role role,
                          std::optional<std::string> supplier_id = std::nullopt) {
  Accounts accounts(db.accounts(), PasswordCost::Cheapest());
  Caller root;
  root.user = "root";
  root.display_name = "root";
  NewUser user{name, display_name, role, supplier_id, "correct horse battery"};
  auto created = accounts.CreateUser(root, user, Start());
  EXPECT_TRUE(created.ok()) << created.error().ToString();
  return Caller{name, display_name, role, std::move(supplier_id), std::nullopt, false};
}

class AccountServiceTest : public StoreServiceTest {
 protected:
  void SetUp() override {
    StoreServiceTest::SetUp();
    if (!database_) return;
    ImportRequest import;
    import.db_url = url();
    import.data_dir = Generate("data", 40);
    import.user = "importer";
    import.created_at = "2026-07-01T06:00:00Z";
    auto imported = ImportDataset(import);
    ASSERT_TRUE(imported.ok()) << imported.error().ToString();
    auto opened = store::OpenStore(url());
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    store_ = *std::move(opened);
    accounts_ = std::make_unique<Accounts>(store_->accounts(), PasswordCost::Cheapest());
  }

  store::AccountStore& store() { return store_->accounts(); }

  // The command line's caller: the OS user, acting as an administrator.
  static Caller Root() {
    Caller caller;
    caller.user = "root";
    caller.display_name = "root";
    caller.role = Role::kAdmin;
    return caller;
  }

  static SessionOptions CheapSessions() {
    SessionOptions options;
    options.cost = PasswordCost::Cheapest();
    return options;
  }

  // Creates a user with a final password.
  UserView AddUser(const std::string& name, Role role, const std::string& password = "correct horse battery",
                   std::optional<std::string> supplier_id = std::nullopt) {
    NewUser user;
    user.name = name;
    user.role = role;
    user.supplier_id = std::move(supplier_id);
    user.password = password;
    auto created = accounts_->CreateUser(Root(), user, Start());
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    return created.ok() ? created->user : UserView{};
  }

  // The audit log but the import of SetUp, newest first.
  std::vector<store::AuditEntry> AccountAudit() {
    auto page = accounts_->ListAudit(Root(), {});
    EXPECT_TRUE(page.ok());
    std::vector<store::AuditEntry> entries;
    for (store::AuditEntry& entry : page->rows) {
      if (entry.action != "import") entries.push_back(std::move(entry));
    }
    return entries;
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

}  // namespace supeval::service::testing
