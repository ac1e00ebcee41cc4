// The SQLite driver: one sqlite3 connection in WAL mode (readers never wait
// for the writer, a crash mid-transaction leaves the last committed state),
// writers serialized by BEGIN IMMEDIATE with a busy timeout.
#include <sqlite3.h>

#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "../connection.hpp"
#include "row_buffer_table.hpp"

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

// The values SQLite passes to a function: one row of a query that
// ForEachStreamed runs.
class SqliteValues final : public Row {
 public:
  explicit SqliteValues(sqlite3_value** values) : values_(values) {}

  [[nodiscard]] bool IsNull(int column) const override { return sqlite3_value_type(values_[column]) == SQLITE_NULL; }
  [[nodiscard]] std::int64_t Int(int column) const override { return sqlite3_value_int64(values_[column]); }
  [[nodiscard]] double Real(int column) const override { return sqlite3_value_double(values_[column]); }
  [[nodiscard]] std::string_view Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(values_[column]));
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(sqlite3_value_bytes(values_[column]))};
  }
  [[nodiscard]] core::Date Date(int column) const override {
    return core::Date::FromDays(static_cast<std::int32_t>(sqlite3_value_int64(values_[column])));
  }

 private:
  sqlite3_value** values_;
};

// ForEachStreamed runs a query as the argument list of the aggregate function
// `supeval_visit`, whose step hands each row to the visitor as the scan
// reaches it. A delivery row then costs SQLite about 200 ns instead of the
// 330 ns of stepping the statement and fetching each column through the
// sqlite3_column_* calls (bench/RESULTS.md).
struct VisitTarget {
  const RowVisitor* visit = nullptr;
  std::optional<core::Error> error;  // what stopped the query
};

void VisitStep(sqlite3_context* context, int /*count*/, sqlite3_value** values) {
  auto* target = static_cast<VisitTarget*>(sqlite3_user_data(context));
  if (target->visit == nullptr) {
    sqlite3_result_error(context, "supeval_visit is called by ForEachStreamed only", -1);
    return;
  }
  try {
    core::Status visited = (*target->visit)(SqliteValues(values));
    if (visited.ok()) return;
    target->error = visited.error();
  } catch (const std::exception& e) {  // no exception may cross SQLite's C frames
    target->error = core::Internal(std::string("reading rows: ") + e.what());
  }
  sqlite3_result_error(context, "stopped by supeval", -1);
}

void VisitFinal(sqlite3_context* context) { sqlite3_result_null(context); }

// `name` as an SQL identifier.
std::string QuotedName(std::string_view name) {
  std::string quoted = "\"";
  for (const char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string JoinNames(const TableSpec& table, std::size_t from, std::size_t to, std::string_view prefix) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    out += (out.empty() ? "" : ", ") + std::string(prefix) + std::string(table.columns[i].name);
  }
  return out;
}

// Rows are collected in blocks and each block is written by one INSERT ...
// SELECT from the `supeval_rows` table over the block, which inserts every new
// key (the common case) and skips the keys that exist. When it skipped some,
// every row of the block is then offered to an UPDATE that changes the row
// only if a value differs (the history trigger keeps the old version); the
// rows just inserted are identical, so they stay unchanged. Only uniqueness
// conflicts are skipped: any other constraint still fails the statement.
class SqliteLoader final : public TableLoader {
 public:
  static constexpr std::size_t kBlockRows = 4096;

  static core::Result<std::unique_ptr<TableLoader>> Create(sqlite3* db, const RowBuffer*& source,
                                                           const TableSpec& table, BatchId batch) {
    const std::size_t n = table.columns.size();
    if (n > RowBuffer::kMaxColumns) return core::Internal("too many columns in " + std::string(table.name));
    auto param = [](std::size_t i) { return "?" + std::to_string(i + 1); };
    std::string selected;
    for (std::size_t i = 0; i < n; ++i) selected += "c" + std::to_string(i) + ", ";
    const std::string insert = "INSERT OR FAIL INTO " + std::string(table.name) + " (" + JoinNames(table, 0, n, "") +
                               ", from_batch) SELECT " + selected +
                               "?1 FROM supeval_rows WHERE true ON CONFLICT DO NOTHING";
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
        new SqliteLoader(db, source, table, batch, *std::move(inserting), *std::move(updating)));
  }

  core::Status Add(std::span<const Value> row) override {
    rows_.Add(row);
    if (rows_.rows() == kBlockRows) return WriteBlock();
    return core::Ok{};
  }

  core::Result<TableCounts> Finish() override {
    if (core::Status written = WriteBlock(); !written.ok()) return written.error();
    return counts_;
  }

 private:
  SqliteLoader(sqlite3* db, const RowBuffer*& source, const TableSpec& table, BatchId batch, Statement insert,
               Statement update)
      : db_(db),
        source_(source),
        table_(table),
        batch_(batch),
        insert_(std::move(insert)),
        update_(std::move(update)),
        rows_(table.columns.size()) {
    counts_.table = std::string(table.name);
  }

  core::Status WriteBlock() {
    const std::size_t block = rows_.rows();
    if (block == 0) return core::Ok{};
    sqlite3_bind_int64(insert_.get(), 1, batch_);
    source_ = &rows_;
    const int rc = sqlite3_step(insert_.get());
    source_ = nullptr;
    sqlite3_reset(insert_.get());
    if (rc != SQLITE_DONE) return SqliteError(db_, "cannot write to " + std::string(table_.name));
    const auto added = static_cast<std::size_t>(sqlite3_changes(db_));
    std::size_t changed = 0;
    if (added < block) {
      std::vector<Value> row(rows_.columns() + 1);
      row.back() = Value::Int(batch_);
      for (std::size_t r = 0; r < block; ++r) {
        for (std::size_t c = 0; c < rows_.columns(); ++c) row[c] = rows_.Get(r, c);
        if (!Bind(db_, update_.get(), row).ok() || sqlite3_step(update_.get()) != SQLITE_DONE) {
          sqlite3_reset(update_.get());
          return SqliteError(db_, "cannot write to " + std::string(table_.name));
        }
        sqlite3_reset(update_.get());
        changed += static_cast<std::size_t>(sqlite3_changes(db_));
      }
    }
    counts_.added += static_cast<std::int64_t>(added);
    counts_.changed += static_cast<std::int64_t>(changed);
    counts_.unchanged += static_cast<std::int64_t>(block - added - changed);
    rows_.Clear();
    return core::Ok{};
  }

  sqlite3* db_;
  const RowBuffer*& source_;  // the connection's: what `supeval_rows` shows
  const TableSpec& table_;
  BatchId batch_;
  Statement insert_;
  Statement update_;
  RowBuffer rows_;
  TableCounts counts_;
};

// How a connection treats the file's journal. A database file that this
// connection creates is filled by its first import, and until that import's
// transaction ends the file keeps SQLite's rollback journal: pages beyond the
// file's old end are then written once, in place, instead of first to the WAL
// and again by the checkpoint (a first import of millions of rows is about a
// tenth faster). Nobody can have read such a file yet; once the import ends,
// the file is switched to WAL, as every other open does.
enum class Journal : std::uint8_t { kWal, kRollbackForFirstLoad, kReadOnly };

core::Result<std::unique_ptr<Connection>> Open(const std::string& path, const OpenOptions& options, Journal journal);

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::string path, const OpenOptions& options, Journal journal)
      : db_(db), path_(std::move(path)), options_(options), journal_(journal) {}

  // Makes `supeval_visit` available to ForEachStreamed.
  core::Status RegisterVisitFunction() {
    if (sqlite3_create_function_v2(db_, "supeval_visit", -1, SQLITE_UTF8, &visit_target_, nullptr, VisitStep,
                                   VisitFinal, nullptr) != SQLITE_OK) {
      return SqliteError(db_, "cannot register supeval_visit");
    }
    return core::Ok{};
  }
  // Makes `supeval_rows` available to this connection's loaders.
  core::Status RegisterLoadTable() {
    if (RegisterRowBufferTable(db_, &load_source_) != SQLITE_OK) return SqliteError(db_, "cannot register supeval_rows");
    return core::Ok{};
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection() override {
    SwitchToWal();
    sqlite3_close_v2(db_);
  }

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

  core::Status ForEachStreamed(std::string_view sql, std::span<const Value> params, const RowVisitor& visit) override {
    auto inner = Prepare(db_, sql);
    if (!inner.ok()) return inner.error();
    const int columns = sqlite3_column_count(inner->get());
    std::string wrapped = "SELECT supeval_visit(";
    for (int c = 0; c < columns; ++c) {
      wrapped += (c == 0 ? "" : ", ") + QuotedName(sqlite3_column_name(inner->get(), c));
    }
    wrapped += ") FROM (" + std::string(sql) + ")";
    auto statement = Prepare(db_, wrapped);
    if (!statement.ok()) return statement.error();
    if (core::Status bound = Bind(db_, statement->get(), params); !bound.ok()) return bound.error();
    visit_target_ = {&visit, std::nullopt};
    const int rc = sqlite3_step(statement->get());
    VisitTarget target = std::exchange(visit_target_, {});
    if (target.error) return *std::move(target.error);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteError(db_, "query failed");
    return core::Ok{};
  }

  core::Status Begin(TransactionKind kind) override {
    // DEFERRED: the snapshot is taken by the first read. IMMEDIATE: take the
    // write lock now, waiting up to the busy timeout for another writer.
    return ExecuteScript(kind == TransactionKind::kRead ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
  }

  core::Status Commit() override {
    core::Status committed = ExecuteScript("COMMIT");
    if (loaded_) SwitchToWal();
    return committed;
  }

  void Rollback() override {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (loaded_) SwitchToWal();
  }

  core::Result<std::unique_ptr<TableLoader>> LoadTable(const TableSpec& table, BatchId batch) override {
    loaded_ = true;
    return SqliteLoader::Create(db_, load_source_, table, batch);
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
    auto reader = Open(path_, options_, Journal::kReadOnly);
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
  Journal journal_;
  VisitTarget visit_target_;                // what supeval_visit hands rows to
  const RowBuffer* load_source_ = nullptr;  // shown as `supeval_rows` while a loader writes a block
  bool loaded_ = false;                     // a loader ran in this connection

  // Ends the rollback journal of a new file (see Journal). Best effort: when
  // another connection holds the file open in a transaction, the switch
  // waits for the busy timeout and is then left to the next open.
  void SwitchToWal() {
    if (journal_ != Journal::kRollbackForFirstLoad || sqlite3_get_autocommit(db_) == 0) return;
    sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    journal_ = Journal::kWal;
  }
};

core::Result<std::unique_ptr<Connection>> Open(const std::string& path, const OpenOptions& options, Journal journal) {
  const bool read_only = journal == Journal::kReadOnly;
  static const bool configured = [] {
    // Process-wide, before the first connection: no allocation statistics,
    // which would otherwise take a global mutex on every allocation.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  static_cast<void>(configured);
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                    (options.create_if_missing && !read_only ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    core::Error failure = core::Internal("cannot open the database '" + path + "': " +
                                         (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close_v2(db);
    return failure;
  }
  auto connection = std::make_unique<SqliteConnection>(db, path, options, journal);
  sqlite3_busy_timeout(db, static_cast<int>(options.lock_timeout.count()));
  if (core::Status registered = connection->RegisterVisitFunction(); !registered.ok()) return registered.error();
  if (read_only) return std::unique_ptr<Connection>(std::move(connection));
  if (core::Status registered = connection->RegisterLoadTable(); !registered.ok()) return registered.error();
  // 64 KiB pages (for a new file: the size is fixed once WAL is on) make the
  // B-trees of a large deliveries table shallower. WAL: readers see the last
  // commit while a writer works, and a crash mid-transaction leaves nothing
  // of it (nor does the rollback journal of a new file, see Journal). FULL: a
  // commit is on disk when the import reports it. A larger
  // page cache keeps big imports off the disk. Rows are never deleted, so
  // there is nothing for secure_delete to overwrite but page reshuffles. No
  // memory map: it would be a little faster, but memory would then grow
  // with the database instead of staying at the page cache's size.
  if (core::Status status = connection->ExecuteScript(
          std::string("PRAGMA page_size = 65536; PRAGMA journal_mode = ") +
          (journal == Journal::kWal ? "WAL" : "DELETE") + "; PRAGMA synchronous = FULL; "
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
  const bool creating = !std::filesystem::exists(path, error);
  if (creating && !options.create_if_missing) {
    return core::BadInput("no database at '" + path +
                          "' (import data first: supeval import --db sqlite:" + path + " --data DIR)");
  }
  return Open(path, options, creating ? Journal::kRollbackForFirstLoad : Journal::kWal);
}

}  // namespace supeval::store::internal
