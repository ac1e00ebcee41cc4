// The SQLite driver: one sqlite3 connection in WAL mode (readers never wait
// for the writer, a crash mid-transaction leaves the last committed state),
// writers serialized by BEGIN IMMEDIATE with a busy timeout.
#include <sqlite3.h>

#include <filesystem>
#include <utility>

#include "../connection.hpp"

namespace supeval::store::internal {
namespace {

core::Error SqliteError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return core::Internal("the database is busy: another import or hold change is writing to it and did not "
                          "finish within the lock timeout (" + std::string(sqlite3_errmsg(db)) + ")");
  }
  return core::Internal(std::string(what) + ": " + sqlite3_errmsg(db));
}

// A prepared statement, finalized when it goes.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  [[nodiscard]] sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

core::Result<Statement> Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(db, "cannot prepare '" + std::string(sql.substr(0, 80)) + "'");
  }
  return Statement(stmt);
}

core::Status Bind(sqlite3* db, sqlite3_stmt* stmt, std::span<const Value> params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const Value& value = params[i];
    int rc = SQLITE_OK;
    switch (value.kind) {
      case Value::Kind::kNull:
        rc = sqlite3_bind_null(stmt, index);
        break;
      case Value::Kind::kInt:
      case Value::Kind::kDate:  // the day number
        rc = sqlite3_bind_int64(stmt, index, value.int_value);
        break;
      case Value::Kind::kReal:
        rc = sqlite3_bind_double(stmt, index, value.real_value);
        break;
      case Value::Kind::kText:
        // SQLITE_STATIC: the text outlives the step that reads it.
        rc = sqlite3_bind_text(stmt, index, value.text.data(), static_cast<int>(value.text.size()), SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) return SqliteError(db, "cannot bind a parameter");
  }
  return core::Ok{};
}

class SqliteRows final : public Rows {
 public:
  SqliteRows(sqlite3* db, Statement statement) : db_(db), statement_(std::move(statement)) {}

  core::Result<bool> Next() override {
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, "query failed");
  }
  [[nodiscard]] bool IsNull(int column) const override {
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
  }
  [[nodiscard]] std::int64_t Int(int column) const override { return sqlite3_column_int64(statement_.get(), column); }
  [[nodiscard]] double Real(int column) const override { return sqlite3_column_double(statement_.get(), column); }
  [[nodiscard]] std::string_view Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), column));
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(statement_.get(), column))};
  }
  [[nodiscard]] core::Date Date(int column) const override {
    return core::Date::FromDays(static_cast<std::int32_t>(sqlite3_column_int64(statement_.get(), column)));
  }

 private:
  sqlite3* db_;
  Statement statement_;
};

std::string JoinNames(const TableSpec& table, std::size_t from, std::size_t to, std::string_view prefix) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    out += (out.empty() ? "" : ", ") + std::string(prefix) + std::string(table.columns[i].name);
  }
  return out;
}

// Per row: an INSERT, which succeeds for a new key (the common case, and the
// cheapest statement SQLite has); when the key exists, an UPDATE that changes
// the row only if a value differs (the history trigger keeps the old
// version). Both bind the same parameters: ?1..?n the columns, ?n+1 the batch.
class SqliteLoader final : public TableLoader {
 public:
  static core::Result<std::unique_ptr<TableLoader>> Create(sqlite3* db, const TableSpec& table, BatchId batch) {
    const std::size_t n = table.columns.size();
    auto param = [](std::size_t i) { return "?" + std::to_string(i + 1); };
    std::string values;
    for (std::size_t i = 0; i <= n; ++i) values += (i == 0 ? "" : ", ") + param(i);
    const std::string insert = "INSERT INTO " + std::string(table.name) + " (" + JoinNames(table, 0, n, "") +
                               ", from_batch) VALUES (" + values + ")";
    std::string update = "UPDATE " + std::string(table.name) + " SET ";
    std::string old_values, new_values;
    for (std::size_t i = table.key_count; i < n; ++i) {
      const std::string column(table.columns[i].name);
      update += column + " = " + param(i) + ", ";
      old_values += (old_values.empty() ? "" : ", ") + column;
      new_values += (new_values.empty() ? "" : ", ") + param(i);
    }
    update += "from_batch = " + param(n) + " WHERE ";
    for (std::size_t i = 0; i < table.key_count; ++i) {
      update += std::string(table.columns[i].name) + " = " + param(i) + " AND ";
    }
    update += "(" + old_values + ") IS NOT (" + new_values + ")";
    auto inserting = Prepare(db, insert);
    if (!inserting.ok()) return inserting.error();
    auto updating = Prepare(db, update);
    if (!updating.ok()) return updating.error();
    return std::unique_ptr<TableLoader>(
        new SqliteLoader(db, table, batch, *std::move(inserting), *std::move(updating)));
  }

  core::Status Add(std::span<const Value> row) override {
    const int rc = Step(insert_.get(), row);
    if (rc == SQLITE_DONE) {
      ++counts_.added;
      return core::Ok{};
    }
    if ((rc & 0xff) != SQLITE_CONSTRAINT) return SqliteError(db_, "cannot write to " + std::string(table_.name));
    // The key exists (a duplicate key is the only constraint an insert of
    // validated rows can break).
    if (Step(update_.get(), row) != SQLITE_DONE) {
      return SqliteError(db_, "cannot write to " + std::string(table_.name));
    }
    if (sqlite3_changes(db_) > 0) {
      ++counts_.changed;
    } else {
      ++counts_.unchanged;
    }
    return core::Ok{};
  }

  core::Result<TableCounts> Finish() override { return counts_; }

 private:
  SqliteLoader(sqlite3* db, const TableSpec& table, BatchId batch, Statement insert, Statement update)
      : db_(db), table_(table), batch_(batch), insert_(std::move(insert)), update_(std::move(update)) {
    counts_.table = std::string(table.name);
  }

  int Step(sqlite3_stmt* stmt, std::span<const Value> row) {
    if (!Bind(db_, stmt, row).ok()) return SQLITE_ERROR;
    sqlite3_bind_int64(stmt, static_cast<int>(row.size()) + 1, batch_);
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc;
  }

  sqlite3* db_;
  const TableSpec& table_;
  BatchId batch_;
  Statement insert_;
  Statement update_;
  TableCounts counts_;
};

core::Result<std::unique_ptr<Connection>> Open(const std::string& path, const OpenOptions& options, bool read_only);

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::string path, const OpenOptions& options)
      : db_(db), path_(std::move(path)), options_(options) {}
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  [[nodiscard]] Backend backend() const override { return Backend::kSqlite; }

  core::Status ExecuteScript(std::string_view sql) override {
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      return SqliteError(db_, "database error");
    }
    return core::Ok{};
  }

  core::Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
    auto statement = Prepare(db_, sql);
    if (!statement.ok()) return statement.error();
    if (core::Status bound = Bind(db_, statement->get(), params); !bound.ok()) return bound.error();
    for (;;) {
      const int rc = sqlite3_step(statement->get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteError(db_, "statement failed");
    }
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  core::Result<std::unique_ptr<Rows>> Query(std::string_view sql, std::span<const Value> params) override {
    auto statement = Prepare(db_, sql);
    if (!statement.ok()) return statement.error();
    if (core::Status bound = Bind(db_, statement->get(), params); !bound.ok()) return bound.error();
    return std::unique_ptr<Rows>(std::make_unique<SqliteRows>(db_, *std::move(statement)));
  }

  core::Result<std::unique_ptr<Rows>> Stream(std::string_view sql, std::span<const Value> params) override {
    return Query(sql, params);  // SQLite steps through rows as they are read
  }

  core::Status Begin(TransactionKind kind) override {
    // DEFERRED: the snapshot is taken by the first read. IMMEDIATE: take the
    // write lock now, waiting up to the busy timeout for another writer.
    return ExecuteScript(kind == TransactionKind::kRead ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
  }

  core::Status Commit() override { return ExecuteScript("COMMIT"); }

  void Rollback() override {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

  core::Result<std::unique_ptr<TableLoader>> LoadTable(const TableSpec& table, BatchId batch) override {
    return SqliteLoader::Create(db_, table, batch);
  }

  core::Result<bool> TableExists(std::string_view name) override {
    const Value params[] = {Value::Text(name)};
    auto count = QueryInt(*this, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", params);
    if (!count.ok()) return count.error();
    return *count > 0;
  }

  // SQLite has no shared snapshots here, but a batch is the only unit in
  // which data changes: a second reader that sees the same last batch sees
  // the same data.
  core::Result<std::unique_ptr<Connection>> OpenSnapshotReader(BatchId last_batch) override {
    auto reader = Open(path_, options_, true);
    if (!reader.ok()) return reader.error();
    if (core::Status begun = (*reader)->Begin(TransactionKind::kRead); !begun.ok()) return begun.error();
    auto seen = QueryInt(**reader, "SELECT max(batch_id) FROM batches");
    if (!seen.ok()) return seen.error();
    if (*seen != last_batch) return core::Internal("a batch was committed meanwhile");
    return reader;
  }

 private:
  sqlite3* db_;
  std::string path_;
  OpenOptions options_;
};

core::Result<std::unique_ptr<Connection>> Open(const std::string& path, const OpenOptions& options, bool read_only) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                    (options.create_if_missing && !read_only ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    core::Error failure = core::Internal("cannot open the database '" + path + "': " +
                                         (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close_v2(db);
    return failure;
  }
  auto connection = std::make_unique<SqliteConnection>(db, path, options);
  sqlite3_busy_timeout(db, static_cast<int>(options.lock_timeout.count()));
  if (read_only) return std::unique_ptr<Connection>(std::move(connection));
  // 64 KiB pages (for a new file: the size is fixed once WAL is on) make the
  // B-trees of a large deliveries table shallower. WAL: readers see the last
  // commit while a writer works, and a crash mid-transaction leaves nothing
  // of it. FULL: a commit is on disk when the import reports it. A larger
  // page cache keeps big imports off the disk. Rows are never deleted, so
  // there is nothing for secure_delete to overwrite but page reshuffles. No
  // memory map: it would be a little faster, but memory would then grow
  // with the database instead of staying at the page cache's size.
  if (core::Status status = connection->ExecuteScript(
          "PRAGMA page_size = 65536; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
          "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA journal_size_limit = 67108864; "
          "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = OFF;");
      !status.ok()) {
    return core::Internal("cannot open the database '" + path + "': " + status.error().message);
  }
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace

core::Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  std::error_code error;
  if (!std::filesystem::exists(path, error) && !options.create_if_missing) {
    return core::BadInput("no database at '" + path +
                          "' (import data first: supeval import --db sqlite:" + path + " --data DIR)");
  }
  return Open(path, options, false);
}

}  // namespace supeval::store::internal
