// Test support: a fresh, empty database of either back end for one test —
// an SQLite file in a temporary folder, or a schema of its own in the
// PostgreSQL server that SUPEVAL_TEST_POSTGRES_URL names (scripts/test.sh
// starts a throw-away cluster and sets it). Tests run against both back ends
// and never mock the database. Without the variable the PostgreSQL cases
// are skipped, unless SUPEVAL_REQUIRE_POSTGRES=1 or CI is set (as the test
// script and CI do): then they fail.
// Thread-compatible: one TestDatabase per test.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/store/store.hpp"

namespace supeval::store::testing {

class TestDatabase {
 public:
  // A new empty database; for PostgreSQL, a new schema (dropped again by the
  // destructor). kBadInput when PostgreSQL is not configured.
  static core::Result<TestDatabase> Create(Backend backend);

  TestDatabase(TestDatabase&& other) noexcept;
  TestDatabase& operator=(TestDatabase&& other) noexcept;
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  // The --db URL of this database.
  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] Backend backend() const { return backend_; }
  // SQLite: the folder holding the file, removed with it.
  [[nodiscard]] const std::string& directory() const { return directory_; }

 private:
  TestDatabase() = default;
  Backend backend_ = Backend::kSqlite;
  std::string url_;
  std::string directory_;
  std::string schema_;
};

// Both back ends, for INSTANTIATE_TEST_SUITE_P.
std::vector<Backend> AllBackends();
// "sqlite" or "postgres", for test names.
std::string BackendName(Backend backend);

// Whether PostgreSQL tests must run (fail when it is not configured).
bool PostgresRequired();
// The base URL of the test server, if configured.
std::optional<std::string> PostgresUrl();

// Creates the database for a test, or skips (PostgreSQL not configured
// locally) or fails (required but not configured) the current test.
// Use in SetUp: if (!OpenOrSkip(backend, database_)) return;
bool OpenOrSkip(Backend backend, std::optional<TestDatabase>& database);

}  // namespace supeval::store::testing
