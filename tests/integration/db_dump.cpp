// Database dumps through the client libraries directly.
#include "db_dump.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace supeval::testing {
namespace {

bool IsSqlite(const std::string& url) { return url.rfind("sqlite:", 0) == 0; }

std::string SqlitePath(const std::string& url) {
  std::string path = url.substr(7);
  if (path.rfind("//", 0) == 0) path = path.substr(2);
  return path;
}

struct Sqlite {
  explicit Sqlite(const std::string& url) {
    if (sqlite3_open_v2(SqlitePath(url).c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + url);
    }
    sqlite3_busy_timeout(db, 10000);
  }
  ~Sqlite() { sqlite3_close_v2(db); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  std::vector<std::string> Rows(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
    }
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row += (i == 0 ? "" : "|") + (text == nullptr ? std::string("<null>") : reinterpret_cast<const char*>(text));
      }
      rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    return rows;
  }

  sqlite3* db = nullptr;
};

struct Postgres {
  explicit Postgres(const std::string& url) : connection(PQconnectdb(url.c_str())) {
    if (PQstatus(connection) != CONNECTION_OK) throw std::runtime_error("cannot connect: " + url);
    PQclear(PQexec(connection, "SET extra_float_digits = 3; SET datestyle = 'ISO, YMD'"));
  }
  ~Postgres() { PQfinish(connection); }
  Postgres(const Postgres&) = delete;
  Postgres& operator=(const Postgres&) = delete;

  std::vector<std::string> Rows(const std::string& sql) {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
      const std::string message = PQresultErrorMessage(result);
      PQclear(result);
      throw std::runtime_error(sql + ": " + message);
    }
    std::vector<std::string> rows;
    for (int r = 0; r < PQntuples(result); ++r) {
      std::string row;
      for (int c = 0; c < PQnfields(result); ++c) {
        row += (c == 0 ? "" : "|") + (PQgetisnull(result, r, c) ? std::string("<null>") : PQgetvalue(result, r, c));
      }
      rows.push_back(row);
    }
    PQclear(result);
    return rows;
  }

  PGconn* connection;
};

template <class Db>
std::string Dump(Db& db, const std::string& tables_sql) {
  std::string dump;
  for (const std::string& table : db.Rows(tables_sql)) {
    auto rows = db.Rows("SELECT * FROM " + table);
    std::sort(rows.begin(), rows.end());
    dump += "== " + table + " (" + std::to_string(rows.size()) + " rows)\n";
    for (const std::string& row : rows) dump += row + "\n";
  }
  return dump;
}

}  // namespace

std::string DumpDatabase(const std::string& url) {
  if (IsSqlite(url)) {
    Sqlite db(url);
    return Dump(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  }
  Postgres db(url);
  return Dump(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1");
}

bool ExecuteSql(const std::string& url, const std::string& sql, std::string* error) {
  if (IsSqlite(url)) {
    Sqlite db(url);
    char* message = nullptr;
    const bool ok = sqlite3_exec(db.db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK;
    if (!ok && error != nullptr) *error = message != nullptr ? message : "";
    sqlite3_free(message);
    return ok;
  }
  Postgres db(url);
  PGresult* result = PQexec(db.connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  if (!ok && error != nullptr) *error = PQresultErrorMessage(result);
  PQclear(result);
  return ok;
}

std::string SqliteIntegrityCheck(const std::string& url) { return SqliteFirstRow(url, "PRAGMA integrity_check"); }

std::string SqliteFirstRow(const std::string& url, const std::string& sql) {
  Sqlite db(url);
  const auto rows = db.Rows(sql);
  return rows.empty() ? "" : rows.front();
}

}  // namespace supeval::testing
