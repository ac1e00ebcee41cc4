// Fresh test databases: an SQLite file, or a PostgreSQL schema of its own.
#include "supeval/store/test_database.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace supeval::store::testing {
namespace {

namespace fs = std::filesystem;

// Runs one statement on the test server (outside the store, which must not
// be able to create or drop schemas).
core::Status Admin(const std::string& url, const std::string& sql) {
  PGconn* connection = PQconnectdb(url.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    return core::Internal("cannot connect to the test PostgreSQL (" + url + "): " + message);
  }
  PGresult* result = PQexec(connection, ("SET client_min_messages = warning; " + sql).c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string message = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(connection);
  if (!ok) return core::Internal(sql + ": " + message);
  return core::Ok{};
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + std::to_string(random() % 100000);
}

void Skip(const std::string& why) { GTEST_SKIP() << why; }

}  // namespace

std::optional<std::string> PostgresUrl() {
  const char* url = std::getenv("SUPEVAL_TEST_POSTGRES_URL");
  if (url == nullptr || url[0] == '\0') return std::nullopt;
  return std::string(url);
}

bool PostgresRequired() {
  const char* required = std::getenv("SUPEVAL_REQUIRE_POSTGRES");
  const char* ci = std::getenv("CI");
  return (required != nullptr && std::string(required) == "1") || (ci != nullptr && ci[0] != '\0');
}

std::vector<Backend> AllBackends() { return {Backend::kSqlite, Backend::kPostgres}; }

std::string BackendName(Backend backend) { return backend == Backend::kSqlite ? "sqlite" : "postgres"; }

core::Result<TestDatabase> TestDatabase::Create(Backend backend) {
  TestDatabase database;
  database.backend_ = backend;
  if (backend == Backend::kSqlite) {
    std::string pattern = (fs::temp_directory_path() / "supeval-store-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return core::Internal("mkdtemp failed");
    database.directory_ = pattern;
    database.url_ = "sqlite:" + (fs::path(pattern) / "test.db").string();
    return database;
  }
  const auto base = PostgresUrl();
  if (!base) {
    return core::BadInput(
        "SUPEVAL_TEST_POSTGRES_URL is not set: run the tests through ./scripts/test.sh, or start "
        "a server with: eval \"$(./scripts/pg_cluster.sh start)\"");
  }
  database.schema_ = "supeval_test_" + UniqueSuffix();
  if (core::Status created = Admin(*base, "CREATE SCHEMA " + database.schema_); !created.ok()) return created.error();
  // libpq's `options`: every connection of this URL works in the test's schema.
  database.url_ =
      *base + (base->find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + database.schema_;
  return database;
}

TestDatabase::TestDatabase(TestDatabase&& other) noexcept
    : backend_(other.backend_),
      url_(std::move(other.url_)),
      directory_(std::exchange(other.directory_, {})),
      schema_(std::exchange(other.schema_, {})) {}

TestDatabase& TestDatabase::operator=(TestDatabase&& other) noexcept {
  std::swap(backend_, other.backend_);
  std::swap(url_, other.url_);
  std::swap(directory_, other.directory_);
  std::swap(schema_, other.schema_);
  return *this;
}

TestDatabase::~TestDatabase() {
  if (!directory_.empty()) {
    std::error_code error;
    fs::remove_all(directory_, error);
  }
  if (!schema_.empty()) {
    if (const auto base = PostgresUrl()) (void)Admin(*base, "DROP SCHEMA " + schema_ + " CASCADE");
  }
}

bool OpenOrSkip(Backend backend, std::optional<TestDatabase>& database) {
  if (backend == Backend::kPostgres && !PostgresUrl()) {
    if (PostgresRequired()) {
      ADD_FAILURE() << "SUPEVAL_TEST_POSTGRES_URL is not set but PostgreSQL tests are required "
                       "(SUPEVAL_REQUIRE_POSTGRES=1 or CI): scripts/test.sh starts a throw-away cluster";
    } else {
      Skip("SUPEVAL_TEST_POSTGRES_URL is not set (./scripts/test.sh sets it)");
    }
    return false;
  }
  auto created = TestDatabase::Create(backend);
  if (!created.ok()) {
    ADD_FAILURE() << created.error().ToString();
    return false;
  }
  database.emplace(*std::move(created));
  return true;
}

}  // namespace supeval::store::testing
