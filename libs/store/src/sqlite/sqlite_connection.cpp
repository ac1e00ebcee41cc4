// The SQLite driver: one sqlite3 connection in WAL mode (readers never wait
// for the writer, a crash mid-transaction leaves the last committed state),
// writers serialized by BEGIN IMMEDIATE with a busy timeout. Readers open the
// file read-only, so that a user who may only read the database can.
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "../connection.hpp"
#include "row_buffer_table.hpp"

namespace supeval::store::internal {
namespace {

namespace fs = std::filesystem;

std::string DatabaseName(sqlite3* db) {
  const char* name = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  return name != nullptr && name[0] != '\0' ? name : ":memory:";
}

// "the user may only read": a file opened for writing that SQLite could open
// for reading only, or a write refused for want of permission.
core::Error MayOnlyRead(const std::string& path) {
  return core::BadInput("this user may only read the database '" + path +
                        "': importing, changing holds and publishing need write permission on the file and its "
                        "folder");
}

// Another connection kept the database beyond the lock timeout.
// (The server answers it as 409 import-in-progress.)
core::Error Busy(const std::string& path) {
  core::Error busy =
      core::BadInput("the database '" + path +
                     "' is busy: another supeval process (an import or a hold change) is writing to it and did "
                     "not finish within the lock timeout; try again when it has finished (import waits up to "
                     "--lock-timeout seconds)");
  busy.problem = "import-in-progress";
  return busy;
}

// A write refused because SQLite's -wal or -shm file beside the database
// belongs to another user who may not share it: a reader that may not write
// the database but may create files in its folder leaves them so.
std::optional<core::Error> UnwritableSidecar(const std::string& path) {
  for (const char* suffix : {"-shm", "-wal"}) {
    const std::string sidecar = path + suffix;
    if (::access(sidecar.c_str(), F_OK) != 0 || ::access(sidecar.c_str(), W_OK) == 0) continue;
    return core::BadInput("cannot write to the database '" + path + "': this user may not write '" + sidecar +
                          "', which SQLite keeps beside the database while it is in use and another user created; "
                          "give the users of the database one group that may write the folder and these files "
                          "(see README, Keeping the data), or remove the file while no supeval process uses the "
                          "database");
  }
  return std::nullopt;
}

// What went wrong, in words the user can act on: a busy database, missing
// permissions, a file that is no database are kBadInput (exit status 2);
// anything else is kInternal.
core::Error SqliteError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  const std::string file = "'" + DatabaseName(db) + "'";
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Busy(DatabaseName(db));
    case SQLITE_NOTADB:
      return core::BadInput(file +
                            " is not an SQLite database: give --db the path of a database written by supeval, "
                            "or a new path for import to create");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH: {
      const int error = sqlite3_system_errno(db);
      if (error == EACCES || error == EPERM) {
        return core::BadInput("cannot open the database " + file +
                              ": permission denied; reading needs read "
                              "permission on the file, importing, changing holds and publishing write permission "
                              "on the file and its folder");
      }
      return core::BadInput("cannot open the database " + file + ": " +
                            (error != 0 ? std::string(std::strerror(error)) : std::string(sqlite3_errmsg(db))));
    }
    case SQLITE_READONLY:
      break;
    default:
      return core::Internal(std::string(what) + ": " + sqlite3_errmsg(db));
  }
  const std::string folder = "'" + fs::path(DatabaseName(db)).parent_path().string() + "'";
  switch (code) {
    case SQLITE_READONLY_DIRECTORY:
    case SQLITE_READONLY_CANTINIT:
      return core::BadInput("cannot use the database " + file +
                            ": SQLite keeps two files beside it (-wal and -shm) "
                            "and this user may not create them in the folder " +
                            folder +
                            "; give the user write permission on that folder (the database file itself may stay "
                            "read-only for reading)");
    case SQLITE_READONLY_ROLLBACK:
      return core::BadInput("the database " + file +
                            " cannot be read yet: an import into it was interrupted, and "
                            "rolling it back needs write permission, which this user lacks; run any supeval command "
                            "on it (e.g. supeval batches list --db sqlite:" +
                            DatabaseName(db) + ") as a user who may write it");
    case SQLITE_READONLY_DBMOVED:
      return core::BadInput("the database file " + file +
                            " was removed or replaced while this command used it; "
                            "run the command again");
    default:
      return UnwritableSidecar(DatabaseName(db)).value_or(MayOnlyRead(DatabaseName(db)));
  }
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
    // A table of keys alone (contract_materials) has no value that could differ.
    update += old_values.empty() ? "0" : "(" + old_values + ") IS NOT (" + new_values + ")";
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
// the file is switched to WAL, as every other open does. A reader opens the
// file read-only and changes nothing (the journal of an interrupted import,
// which keeps a file from being read, it has rolled back by a writer
// connection if this user may write).
enum class Journal : std::uint8_t { kWal, kRollbackForFirstLoad, kReadOnly };

// A connection that opens a file while another connection's first import
// writes it under the rollback journal waits for that import by looking
// again at this interval, until the lock timeout: a writer tries the switch
// to WAL again (SQLite does not call the busy handler for that switch, as
// waiting there while holding a read lock could deadlock), a reader looks
// whether the journal is gone (until the import commits there is nothing to
// read).
constexpr std::chrono::milliseconds kFirstImportPoll{20};

// A page cache that keeps big imports off the disk and big reads in memory
// (a temporary table, if a query needs one, too).
constexpr std::string_view kCachePragmas = "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";

class SqliteConnection;
core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, const OpenOptions& options,
                                                     Journal journal);

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
    if (RegisterRowBufferTable(db_, &load_source_) != SQLITE_OK)
      return SqliteError(db_, "cannot register supeval_rows");
    return core::Ok{};
  }
  // This connection created the file (see RemoveUnusedNewFile).
  void MarkCreated() { created_file_ = true; }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection() override {
    if (!RemoveUnusedNewFile()) SwitchToWal();
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
    if (kind != TransactionKind::kRead && journal_ == Journal::kReadOnly) {
      return core::BadInput("the database '" + path_ + "' is open for reading only");
    }
    // DEFERRED: the snapshot is taken by the first read. IMMEDIATE: take the
    // write lock now, waiting up to WriterWait for another writer.
    if (kind == TransactionKind::kRead) return ExecuteScript("BEGIN DEFERRED");
    sqlite3_busy_timeout(db_, static_cast<int>(WriterWait(kind, options_.lock_timeout).count()));
    core::Status begun = ExecuteScript("BEGIN IMMEDIATE");
    sqlite3_busy_timeout(db_, static_cast<int>(options_.lock_timeout.count()));
    return begun;
  }

  core::Status Commit() override {
    core::Status committed = ExecuteScript("COMMIT");
    if (committed.ok() && loaded_) {
      kept_ = true;
      SwitchToWal();
    }
    return committed;
  }

  void Rollback() override {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
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
    return std::unique_ptr<Connection>(*std::move(reader));
  }

  // Switches a file that is not in WAL mode yet to WAL, waiting up to the
  // lock timeout for a first import that holds it (see kFirstImportPoll).
  core::Status SwitchToWalWaiting() {
    const auto deadline = std::chrono::steady_clock::now() + options_.lock_timeout;
    for (;;) {
      if (sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr) == SQLITE_OK) return core::Ok{};
      const int code = sqlite3_errcode(db_);
      if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || std::chrono::steady_clock::now() >= deadline) {
        return SqliteError(db_, "cannot switch to WAL");
      }
      std::this_thread::sleep_for(kFirstImportPoll);
    }
  }

  // Waits while another connection writes the file under the rollback
  // journal (see kFirstImportPoll), up to the lock timeout. A journal that
  // nobody holds is left from a killed import: nothing to wait for.
  core::Status WaitForFirstImport() {
    const auto deadline = std::chrono::steady_clock::now() + options_.lock_timeout;
    std::error_code error;
    while (fs::exists(path_ + "-journal", error) && AnotherConnectionWrites()) {
      if (std::chrono::steady_clock::now() >= deadline) return Busy(path_);
      std::this_thread::sleep_for(kFirstImportPoll);
    }
    return core::Ok{};
  }

  // Whether the file was removed or replaced since it was opened (by a
  // failed first import's cleanup, see RemoveUnusedNewFile).
  [[nodiscard]] bool FileMoved() {
    int moved = 0;
    return sqlite3_file_control(db_, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK || moved != 0;
  }

 private:
  sqlite3* db_;
  std::string path_;
  OpenOptions options_;
  Journal journal_;
  VisitTarget visit_target_;                // what supeval_visit hands rows to
  const RowBuffer* load_source_ = nullptr;  // shown as `supeval_rows` while a loader writes a block
  bool loaded_ = false;                     // a loader ran in this connection
  bool kept_ = false;                       // a transaction that loaded rows committed
  bool created_file_ = false;               // this connection created the file

  // Ends the rollback journal of a new file (see Journal). Best effort: when
  // another connection holds the file open in a transaction, the switch
  // waits for the busy timeout and is then left to the next open.
  void SwitchToWal() {
    if (journal_ != Journal::kRollbackForFirstLoad || sqlite3_get_autocommit(db_) == 0) return;
    sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    journal_ = Journal::kWal;
  }

  // A file that this connection created stays only once an import into it
  // has committed: a failed first import leaves no empty database behind
  // (which would read as a store without data), nor its journal. Removed
  // only when nobody else uses it: under an exclusive lock, while the file
  // is still in its rollback journal (a writer that opened it meanwhile has
  // switched it to WAL) and holds no batch. Returns whether it was removed.
  bool RemoveUnusedNewFile() {
    if (!created_file_ || kept_ || FileMoved()) return false;
    Rollback();
    if (sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) return false;
    const bool unused = InRollbackJournal() && !HoldsABatch();
    if (unused) {
      std::error_code ignored;
      for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_ + suffix, ignored);
    }
    Rollback();
    return unused;
  }

  // Whether a connection holds the file's write lock of the rollback
  // journal (the VFS's own check, as SQLite makes it for hot journals).
  [[nodiscard]] bool AnotherConnectionWrites() {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == nullptr ||
        file->pMethods == nullptr) {
      return false;
    }
    int reserved = 0;
    return file->pMethods->xCheckReservedLock(file, &reserved) == SQLITE_OK && reserved != 0;
  }

  [[nodiscard]] bool InRollbackJournal() {
    auto rows = Query("PRAGMA journal_mode", {});
    if (!rows.ok()) return false;
    auto next = (*rows)->Next();
    return next.ok() && *next && (*rows)->Text(0) == "delete";
  }

  [[nodiscard]] bool HoldsABatch() {
    auto exists = TableExists("batches");
    if (!exists.ok()) return true;
    if (!*exists) return false;
    auto batches = QueryInt(*this, "SELECT count(*) FROM batches");
    return !batches.ok() || *batches > 0;
  }
};

// Rolls back the journal of an import that was interrupted (killed), which
// SQLite does on the first read of a connection that may write; a read-only
// connection cannot. Fails when this user may not write the file.
core::Status RollBackInterruptedImport(const std::string& path, const OpenOptions& options) {
  OpenOptions writable = options;
  writable.read_only = false;
  writable.create_if_missing = false;
  auto writer = Open(path, writable, Journal::kWal);  // its first read (the switch to WAL) rolls back
  if (!writer.ok()) return writer.error();
  return core::Ok{};
}

core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, const OpenOptions& options,
                                                     Journal journal) {
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
    core::Error failure = db != nullptr ? SqliteError(db, "cannot open the database '" + path + "'")
                                        : core::Internal("cannot open the database '" + path + "': out of memory");
    sqlite3_close_v2(db);
    return failure;
  }
  auto connection = std::make_unique<SqliteConnection>(db, path, options, journal);
  sqlite3_busy_timeout(db, static_cast<int>(options.lock_timeout.count()));
  if (core::Status registered = connection->RegisterVisitFunction(); !registered.ok()) return registered.error();
  if (read_only) {
    // The first read meets what stands in the way: a file that is no
    // database, a folder where SQLite may not keep its -wal and -shm files,
    // an interrupted import to roll back (which a writer can do for us).
    auto read = QueryInt(*connection, "SELECT count(*) FROM sqlite_master");
    if (!read.ok() && sqlite3_extended_errcode(db) == SQLITE_READONLY_ROLLBACK &&
        RollBackInterruptedImport(path, options).ok()) {
      read = QueryInt(*connection, "SELECT count(*) FROM sqlite_master");
    }
    if (!read.ok()) return read.error();
    if (core::Status waited = connection->WaitForFirstImport(); !waited.ok()) return waited.error();
    return connection;
  }
  if (sqlite3_db_readonly(db, "main") == 1) return MayOnlyRead(path);
  if (core::Status registered = connection->RegisterLoadTable(); !registered.ok()) return registered.error();
  // 64 KiB pages (for a new file: the size is fixed once WAL is on) make the
  // B-trees of a large deliveries table shallower. WAL: readers see the last
  // commit while a writer works, and a crash mid-transaction leaves nothing
  // of it (nor does the rollback journal of a new file, see Journal). FULL: a
  // commit is on disk when the import reports it. Rows are never deleted, so
  // there is nothing for secure_delete to overwrite but page reshuffles. No
  // memory map: it would be a little faster, but memory would then grow
  // with the database instead of staying at the page cache's size.
  core::Status status = connection->ExecuteScript(
      std::string("PRAGMA page_size = 65536; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                  "PRAGMA journal_size_limit = 67108864; PRAGMA secure_delete = OFF; ") +
      std::string(kCachePragmas));
  if (status.ok()) {
    status = journal == Journal::kWal ? connection->SwitchToWalWaiting()
                                      : connection->ExecuteScript("PRAGMA journal_mode = DELETE");
  }
  if (!status.ok()) {
    if (status.error().code != core::ErrorCode::kInternal) return status.error();
    return core::Internal("cannot open the database '" + path + "': " + status.error().message);
  }
  return connection;
}

// What stands in the way of a database at `path` before SQLite is asked.
core::Status CheckPath(const std::string& path, const OpenOptions& options, bool& exists) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  exists = fs::exists(status);
  if (error && !exists && error != std::errc::no_such_file_or_directory) {
    return core::BadInput("cannot open the database '" + path + "': " + error.message());
  }
  if (fs::is_directory(status)) {
    return core::BadInput("'" + path + "' is a folder: --db sqlite:PATH names the database file");
  }
  if (exists) return core::Ok{};
  if (!options.create_if_missing || options.read_only) {
    return core::BadInput("no database at '" + path + "' (import data first: supeval import --db sqlite:" + path +
                          " --data DIR)");
  }
  const fs::path folder = fs::path(path).parent_path();
  if (!folder.empty() && !fs::is_directory(folder, error)) {
    return core::BadInput("cannot create the database '" + path + "': the folder '" + folder.string() +
                          "' does not exist (create it first, or give --db a path in an existing folder)");
  }
  return core::Ok{};
}

}  // namespace

core::Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  bool exists = false;
  if (path != ":memory:") {
    if (core::Status checked = CheckPath(path, options, exists); !checked.ok()) return checked.error();
  }
  auto connection = Open(path, options,
                         options.read_only ? Journal::kReadOnly
                         : exists          ? Journal::kWal
                                           : Journal::kRollbackForFirstLoad);
  if (!connection.ok()) return connection.error();
  if (exists && (*connection)->FileMoved()) {
    // Removed by a failed first import while this connection waited for
    // it: start again on whatever is at the path now.
    connection->reset();
    return OpenSqlite(path, options);
  }
  if (options.read_only) {
    if (core::Status tuned = (*connection)->ExecuteScript(kCachePragmas); !tuned.ok()) return tuned.error();
    return std::unique_ptr<Connection>(*std::move(connection));
  }
  if (!exists && path != ":memory:") (*connection)->MarkCreated();  // ":memory:": a dry run's database
  return std::unique_ptr<Connection>(*std::move(connection));
}

}  // namespace supeval::store::internal
