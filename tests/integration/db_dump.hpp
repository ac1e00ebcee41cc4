// The whole content of a store's database as text, read directly with the
// SQLite and libpq client libraries (not through supeval): every table, its
// rows sorted, so that two dumps are equal exactly when the databases hold
// the same data. For tests that must show "nothing changed".
#pragma once

#include <string>

namespace supeval::testing {

// `url` as --db takes it (sqlite:PATH or postgresql://…). Throws on failure.
std::string DumpDatabase(const std::string& url);

// Runs one SQL statement directly; returns false (with `error`) on failure.
bool ExecuteSql(const std::string& url, const std::string& sql, std::string* error = nullptr);

// SQLite's own consistency check of the file ("ok" when sound).
std::string SqliteIntegrityCheck(const std::string& url);

// The first row of a query on a SQLite file, its columns joined by '|'
// ("" when there is none): `PRAGMA journal_mode`, `SELECT count(*) ...`.
std::string SqliteFirstRow(const std::string& url, const std::string& sql);

}  // namespace supeval::testing
