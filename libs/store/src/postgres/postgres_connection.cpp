// The PostgreSQL driver over libpq: text-format parameters and results,
// large reads through a cursor in blocks, bulk writes through COPY into a
// temporary staging table merged with two set-based statements. Writers are
// serialized by a transaction-scoped advisory lock per schema, so that
// several stores (one per schema) can share a database.
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "../codec.hpp"
#include "../connection.hpp"

namespace supeval::store::internal {
namespace {

// SQLSTATEs the user can put right (kBadInput).
constexpr std::string_view kLockNotAvailable = "55P03";
constexpr std::string_view kInsufficientPrivilege = "42501";
constexpr std::string_view kReadOnlyTransaction = "25006";
constexpr int kFetchRows = 10000;
constexpr std::size_t kCopyChunk = 1 << 20;

class Result {
 public:
  explicit Result(PGresult* result) : result_(result) {}
  Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Result& operator=(Result&& other) noexcept {
    std::swap(result_, other.result_);
    return *this;
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { PQclear(result_); }

  [[nodiscard]] PGresult* get() const { return result_; }

 private:
  PGresult* result_;
};

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

core::Error PgError(PGconn* connection, const PGresult* result, std::string_view what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail =
      Trimmed(result != nullptr && PQresultErrorMessage(result)[0] != '\0' ? PQresultErrorMessage(result)
                                                                           : PQerrorMessage(connection));
  if (state != nullptr && kLockNotAvailable == state) {
    core::Error busy = core::BadInput(
        "the database is busy: another supeval process (an import or a hold change) is writing "
        "to it and did not finish within the lock timeout; try again when it has finished (import "
        "waits up to --lock-timeout seconds) (" +
        detail + ")");
    busy.problem = "import-in-progress";  // the server's 409
    return busy;
  }
  if (state != nullptr && (kInsufficientPrivilege == state || kReadOnlyTransaction == state)) {
    return core::BadInput(
        "the PostgreSQL user may not do this in the database: reading needs SELECT on supeval's "
        "tables, importing, changing holds and publishing INSERT and UPDATE as well (the first "
        "open also CREATE on the schema); grant them, or use a user who has them (" +
        detail + ")");
  }
  return core::Internal(std::string(what) + ": " + detail);
}

// `?` placeholders become $1, $2, …; quoted text is left alone.
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  char quote = 0;
  for (const char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out += "$" + std::to_string(next++);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Parameters as the null-terminated texts libpq wants.
class Params {
 public:
  explicit Params(std::span<const Value> values) {
    texts_.reserve(values.size());
    for (const Value& value : values) {
      switch (value.kind) {
        case Value::Kind::kNull:
          texts_.emplace_back();
          break;
        case Value::Kind::kInt:
          texts_.push_back(std::to_string(value.int_value));
          break;
        case Value::Kind::kReal: {
          char buffer[32];
          const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.real_value).ptr;
          texts_.emplace_back(buffer, end);
          break;
        }
        case Value::Kind::kText:
          texts_.emplace_back(value.text);
          break;
        case Value::Kind::kDate:
          texts_.emplace_back(DateText(core::Date::FromDays(static_cast<std::int32_t>(value.int_value))).view());
          break;
      }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      pointers_.push_back(values[i].kind == Value::Kind::kNull ? nullptr : texts_[i].c_str());
    }
  }

  [[nodiscard]] int count() const { return static_cast<int>(pointers_.size()); }
  [[nodiscard]] const char* const* values() const { return pointers_.data(); }

 private:
  std::vector<std::string> texts_;
  std::vector<const char*> pointers_;
};

std::int64_t ParseInt(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

double ParseReal(std::string_view text) {
  // PostgreSQL writes doubles in their shortest exact form (extra_float_digits = 3).
  const std::string copy(text);
  return std::strtod(copy.c_str(), nullptr);
}

// A big-endian integer of `size` bytes (PostgreSQL's binary format).
std::int64_t BigEndian(const char* bytes, int size) {
  std::uint64_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  if (size < 8 && size > 0 && (static_cast<unsigned char>(bytes[0]) & 0x80) != 0) {
    value |= ~std::uint64_t{0} << (size * 8);  // sign-extend
  }
  return static_cast<std::int64_t>(value);
}

// Days from 1970-01-01 to PostgreSQL's date epoch, 2000-01-01.
constexpr std::int32_t kPostgresEpochDays = 10957;

// The rows of one complete result (text format), or of a cursor fetched
// block by block in binary format (no formatting on the server, no parsing
// here: integers and dates as they are stored).
class PgRows final : public Rows {
 public:
  // A complete result.
  explicit PgRows(Result result) : result_(std::move(result)), rows_(PQntuples(result_.get())) {}
  // A cursor: `cursor` names it; the first block is fetched by Next().
  PgRows(PGconn* connection, std::string cursor)
      : result_(nullptr), connection_(connection), cursor_(std::move(cursor)) {}
  PgRows(const PgRows&) = delete;
  PgRows& operator=(const PgRows&) = delete;
  ~PgRows() override {
    if (connection_ != nullptr && !closed_) PQclear(PQexec(connection_, ("CLOSE " + cursor_).c_str()));
  }

  core::Result<bool> Next() override {
    if (++row_ < rows_) return true;
    if (connection_ == nullptr || closed_) return false;
    const std::string fetch = "FETCH FORWARD " + std::to_string(kFetchRows) + " FROM " + cursor_;
    result_ = Result(PQexecParams(connection_, fetch.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1));
    if (PQresultStatus(result_.get()) != PGRES_TUPLES_OK) return PgError(connection_, result_.get(), "query failed");
    rows_ = PQntuples(result_.get());
    row_ = 0;
    if (rows_ > 0) return true;
    closed_ = true;
    PQclear(PQexec(connection_, ("CLOSE " + cursor_).c_str()));
    return false;
  }
  [[nodiscard]] bool IsNull(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  [[nodiscard]] std::int64_t Int(int column) const override {
    if (!binary()) return ParseInt(Text(column));
    return BigEndian(PQgetvalue(result_.get(), row_, column), PQgetlength(result_.get(), row_, column));
  }
  [[nodiscard]] double Real(int column) const override {
    if (!binary()) return ParseReal(Text(column));
    const auto bits = static_cast<std::uint64_t>(BigEndian(PQgetvalue(result_.get(), row_, column), 8));
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  [[nodiscard]] std::string_view Text(int column) const override {
    return {PQgetvalue(result_.get(), row_, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
  }
  [[nodiscard]] core::Date Date(int column) const override {
    if (binary()) {
      const auto days = BigEndian(PQgetvalue(result_.get(), row_, column), 4);
      return core::Date::FromDays(static_cast<std::int32_t>(days) + kPostgresEpochDays);
    }
    // DATE columns come as ISO text (datestyle ISO).
    return core::Date::Parse(Text(column)).value_or(core::Date());
  }

 private:
  [[nodiscard]] bool binary() const { return connection_ != nullptr; }

  Result result_;
  int rows_ = 0;
  int row_ = -1;
  PGconn* connection_ = nullptr;
  std::string cursor_;
  bool closed_ = false;
};

std::string JoinNames(const TableSpec& table, std::size_t from, std::size_t to, std::string_view prefix) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    out += (out.empty() ? "" : ", ") + std::string(prefix) + std::string(table.columns[i].name);
  }
  return out;
}

// COPY's text format: tab-separated, \N for NULL, backslash escapes.
void AppendCopyField(std::string& line, const Value& value) {
  switch (value.kind) {
    case Value::Kind::kNull:
      line += "\\N";
      return;
    case Value::Kind::kInt: {
      char buffer[24];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.int_value).ptr;
      line.append(buffer, end);
      return;
    }
    case Value::Kind::kReal: {
      char buffer[32];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.real_value).ptr;
      line.append(buffer, end);
      return;
    }
    case Value::Kind::kDate:
      line += DateText(core::Date::FromDays(static_cast<std::int32_t>(value.int_value))).view();
      return;
    case Value::Kind::kText:
      for (const char c : value.text) {
        switch (c) {
          case '\\':
            line += "\\\\";
            break;
          case '\t':
            line += "\\t";
            break;
          case '\n':
            line += "\\n";
            break;
          case '\r':
            line += "\\r";
            break;
          default:
            line.push_back(c);
        }
      }
      return;
  }
}

class PgConnection;

// COPY into a temporary staging table, then: update the rows whose values
// differ (the history trigger keeps the old versions), insert the new keys.
class PgLoader final : public TableLoader {
 public:
  PgLoader(PGconn* connection, const TableSpec& table, BatchId batch)
      : connection_(connection), table_(table), batch_(batch), stage_("supeval_stage_" + std::string(table.name)) {
    counts_.table = std::string(table.name);
    batch_text_ = std::to_string(batch_);
  }
  PgLoader(const PgLoader&) = delete;
  PgLoader& operator=(const PgLoader&) = delete;
  ~PgLoader() override {
    if (copying_) {
      // Abandoned: abort the COPY so that the transaction can be rolled back.
      PQputCopyEnd(connection_, "import abandoned");
      while (PGresult* result = PQgetResult(connection_)) PQclear(result);
    }
  }

  core::Status Start() {
    const std::string columns = JoinNames(table_, 0, table_.columns.size(), "");
    const std::string setup = "DROP TABLE IF EXISTS " + stage_ + "; CREATE TEMP TABLE " + stage_ + " (LIKE " +
                              std::string(table_.name) + ") ON COMMIT DROP";
    Result created(PQexec(connection_, setup.c_str()));
    if (PQresultStatus(created.get()) != PGRES_COMMAND_OK) {
      return PgError(connection_, created.get(), "cannot stage " + std::string(table_.name));
    }
    const std::string copy = "COPY " + stage_ + " (" + columns + ", from_batch) FROM STDIN";
    Result started(PQexec(connection_, copy.c_str()));
    if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
      return PgError(connection_, started.get(), "cannot stage " + std::string(table_.name));
    }
    copying_ = true;
    return core::Ok{};
  }

  core::Status Add(std::span<const Value> row) override {
    for (const Value& value : row) {
      AppendCopyField(buffer_, value);
      buffer_.push_back('\t');
    }
    buffer_ += batch_text_;
    buffer_.push_back('\n');
    ++staged_;
    if (buffer_.size() >= kCopyChunk) return Flush();
    return core::Ok{};
  }

  core::Result<TableCounts> Finish() override {
    if (core::Status flushed = Flush(); !flushed.ok()) return flushed.error();
    copying_ = false;
    if (PQputCopyEnd(connection_, nullptr) != 1) return PgError(connection_, nullptr, "cannot stage rows");
    Result copied(PQgetResult(connection_));
    const bool ok = PQresultStatus(copied.get()) == PGRES_COMMAND_OK;
    core::Error error = ok ? core::Error{} : PgError(connection_, copied.get(), "cannot stage rows");
    while (PGresult* rest = PQgetResult(connection_)) PQclear(rest);
    if (!ok) return error;

    const std::string name(table_.name);
    const std::size_t n = table_.columns.size();
    const std::size_t keys = table_.key_count;
    std::string key_match;
    for (std::size_t i = 0; i < keys; ++i) {
      const std::string column(table_.columns[i].name);
      key_match += (i == 0 ? "" : " AND ") + ("t." + column + " = s." + column);
    }
    std::string assignments;
    for (std::size_t i = keys; i < n; ++i) {
      const std::string column(table_.columns[i].name);
      assignments += column + " = s." + column + ", ";
    }
    const std::string update = "UPDATE " + name + " AS t SET " + assignments + "from_batch = s.from_batch FROM " +
                               stage_ + " AS s WHERE " + key_match + " AND " +
                               // A table of keys alone (contract_materials) has no value that could differ.
                               (keys == n ? std::string("false")
                                          : "(" + JoinNames(table_, keys, n, "t.") + ") IS DISTINCT FROM (" +
                                                JoinNames(table_, keys, n, "s.") + ")");
    const std::string insert = "INSERT INTO " + name + " (" + JoinNames(table_, 0, n, "") + ", from_batch) SELECT " +
                               JoinNames(table_, 0, n, "s.") + ", s.from_batch FROM " + stage_ +
                               " AS s WHERE NOT EXISTS (SELECT 1 FROM " + name + " AS t WHERE " + key_match + ")";
    if (auto analyzed = Run("ANALYZE " + stage_); !analyzed.ok()) return analyzed.error();
    auto changed = Run(update);
    if (!changed.ok()) return changed.error();
    auto added = Run(insert);
    if (!added.ok()) return added.error();
    if (auto dropped = Run("DROP TABLE " + stage_); !dropped.ok()) return dropped.error();
    counts_.changed = *changed;
    counts_.added = *added;
    counts_.unchanged = staged_ - *changed - *added;
    return counts_;
  }

 private:
  core::Status Flush() {
    if (buffer_.empty()) return core::Ok{};
    if (PQputCopyData(connection_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
      return PgError(connection_, nullptr, "cannot stage rows of " + std::string(table_.name));
    }
    buffer_.clear();
    return core::Ok{};
  }

  core::Result<std::int64_t> Run(const std::string& sql) {
    Result result(PQexec(connection_, sql.c_str()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return PgError(connection_, result.get(), "cannot write " + std::string(table_.name));
    }
    return ParseInt(PQcmdTuples(result.get()));
  }

  PGconn* connection_;
  const TableSpec& table_;
  BatchId batch_;
  std::string batch_text_;
  std::string stage_;
  std::string buffer_;
  std::int64_t staged_ = 0;
  bool copying_ = false;
  TableCounts counts_;
};

core::Result<std::unique_ptr<Connection>> Connect(const std::string& url, const OpenOptions& options);

class PgConnection final : public Connection {
 public:
  PgConnection(PGconn* connection, std::string url, const OpenOptions& options)
      : connection_(connection), url_(std::move(url)), options_(options) {}
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection() override { PQfinish(connection_); }

  [[nodiscard]] Backend backend() const override { return Backend::kPostgres; }

  core::Status ExecuteScript(std::string_view sql) override {
    const std::string text(sql);
    Result result(PQexec(connection_, text.c_str()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return PgError(connection_, result.get(), "database error");
    }
    return core::Ok{};
  }

  core::Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
    auto result = Run(sql, params);
    if (!result.ok()) return result.error();
    return ParseInt(PQcmdTuples(result->get()));
  }

  core::Result<std::unique_ptr<Rows>> Query(std::string_view sql, std::span<const Value> params) override {
    auto result = Run(sql, params);
    if (!result.ok()) return result.error();
    return std::unique_ptr<Rows>(std::make_unique<PgRows>(*std::move(result)));
  }

  core::Result<std::unique_ptr<Rows>> Stream(std::string_view sql, std::span<const Value> params) override {
    const std::string cursor = "supeval_cursor_" + std::to_string(++cursors_);
    auto declared = Run("DECLARE " + cursor + " NO SCROLL CURSOR FOR " + std::string(sql), params);
    if (!declared.ok()) return declared.error();
    return std::unique_ptr<Rows>(std::make_unique<PgRows>(connection_, cursor));
  }

  core::Status Begin(TransactionKind kind) override {
    switch (kind) {
      case TransactionKind::kRead:
        return ExecuteScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      case TransactionKind::kAppend:
        return ExecuteScript("BEGIN");
      case TransactionKind::kWrite:
      case TransactionKind::kShortWrite: {
        if (core::Status begun = ExecuteScript("BEGIN"); !begun.ok()) return begun;
        // One writer per schema at a time; waits up to WriterWait, then the
        // rest of the transaction waits as any other statement does.
        const auto wait = std::to_string(WriterWait(kind, options_.lock_timeout).count());
        const auto rest = std::to_string(options_.lock_timeout.count());
        core::Status locked =
            ExecuteScript("SET LOCAL lock_timeout = " + wait +
                          "; SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/supeval-writer')); "
                          "SET LOCAL lock_timeout = " +
                          rest);
        if (!locked.ok()) Rollback();
        return locked;
      }
    }
    return core::Ok{};
  }

  core::Status Commit() override {
    snapshot_.clear();
    return ExecuteScript("COMMIT");
  }

  void Rollback() override {
    snapshot_.clear();
    if (PQtransactionStatus(connection_) != PQTRANS_IDLE) PQclear(PQexec(connection_, "ROLLBACK"));
  }

  // Exports this transaction's snapshot once; each reader imports it.
  core::Result<std::unique_ptr<Connection>> OpenSnapshotReader(BatchId /*last_batch*/) override {
    if (snapshot_.empty()) {
      auto rows = Query("SELECT pg_export_snapshot()", {});
      if (!rows.ok()) return rows.error();
      auto next = (*rows)->Next();
      if (!next.ok()) return next.error();
      if (!*next) return core::Internal("no snapshot to share");
      snapshot_ = std::string((*rows)->Text(0));
    }
    auto reader = Connect(url_, options_);
    if (!reader.ok()) return reader.error();
    if (core::Status begun = (*reader)->Begin(TransactionKind::kRead); !begun.ok()) return begun.error();
    if (core::Status joined = (*reader)->ExecuteScript("SET TRANSACTION SNAPSHOT '" + snapshot_ + "'"); !joined.ok()) {
      return joined.error();
    }
    return reader;
  }

  core::Result<std::unique_ptr<TableLoader>> LoadTable(const TableSpec& table, BatchId batch) override {
    auto loader = std::make_unique<PgLoader>(connection_, table, batch);
    if (core::Status started = loader->Start(); !started.ok()) return started.error();
    return std::unique_ptr<TableLoader>(std::move(loader));
  }

  core::Result<bool> TableExists(std::string_view name) override {
    const Value params[] = {Value::Text(name)};
    auto found = QueryInt(*this, "SELECT CASE WHEN to_regclass(?) IS NULL THEN 0 ELSE 1 END", params);
    if (!found.ok()) return found.error();
    return *found == 1;
  }

 private:
  core::Result<Result> Run(std::string_view sql, std::span<const Value> params) {
    const std::string text = NumberPlaceholders(sql);
    const Params texts(params);
    Result result(PQexecParams(connection_, text.c_str(), texts.count(), nullptr, texts.values(), nullptr, nullptr, 0));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return PgError(connection_, result.get(), "database error");
    }
    return result;
  }

  PGconn* connection_;
  std::string url_;
  OpenOptions options_;
  std::string snapshot_;  // exported from the open read transaction, if any
  int cursors_ = 0;
};

core::Result<std::unique_ptr<Connection>> Connect(const std::string& url, const OpenOptions& options) {
  PGconn* raw = PQconnectdb(url.c_str());
  if (raw == nullptr) return core::Internal("cannot connect to PostgreSQL: out of memory");
  auto connection = std::make_unique<PgConnection>(raw, url, options);
  if (PQstatus(raw) != CONNECTION_OK) {
    return core::BadInput("cannot connect to PostgreSQL: " + Trimmed(PQerrorMessage(raw)) +
                          " (check the URL, that the server runs, and the user's password: ~/.pgpass or PGPASSWORD)");
  }
  // ISO dates and exact doubles in text results; cursors planned for reading
  // every row (not the first few); lock waits bounded; a reader's session
  // cannot write.
  const std::string setup =
      "SET datestyle = 'ISO, YMD'; SET extra_float_digits = 3; SET client_encoding = 'UTF8'; "
      "SET client_min_messages = warning; SET cursor_tuple_fraction = 1.0; SET lock_timeout = " +
      std::to_string(options.lock_timeout.count()) +
      (options.read_only ? "; SET default_transaction_read_only = on" : "");
  if (core::Status status = connection->ExecuteScript(setup); !status.ok()) return status.error();
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace

core::Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url, const OpenOptions& options) {
  return Connect(url, options);
}

}  // namespace supeval::store::internal
