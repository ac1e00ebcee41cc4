// The store's tables and migrations.
#include "schema.hpp"

#include "codec.hpp"
#include "contract_tables.hpp"

#include <array>
#include <utility>

namespace supeval::store::internal {
namespace {

using enum ColumnType;

// ---------------------------------------------------------------------------
// Migration 1: batches, the versioned tables with their histories, runs.
//
// Written once for both back ends with type tokens: @INT@ (64-bit integer),
// @REAL@ (IEEE double), @DATE@ (a calendar day: in SQLite an INTEGER day
// number since 1970-01-01 — date(receipt_date * 86400, 'unixepoch') shows it —
// so that date keys compare as integers; DATE in PostgreSQL), @STRICT@ (SQLite's type-checked tables), @SERIAL@ (an
// integer key the database assigns). Quantities are integer millionths (*_micros), exactly as core::Decimal holds them.
// Each versioned table `t` has a twin `t_history` with the same columns plus `to_batch`: the versions that a later
// batch replaced. The database itself moves a replaced version there (trigger on UPDATE) and refuses deletions, and
// refuses any change to batches and published runs.

// A result row's columns after supplier_id, as run_results (migration 1)
// and run_scope_results (migration 15) store them.
constexpr std::string_view kResultColumns = R"sql(  name TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  deliveries @INT@ NOT NULL,
  series_deliveries @INT@ NOT NULL,
  sample_deliveries @INT@ NOT NULL,
  complaints @INT@ NOT NULL,
  sample_complaints @INT@ NOT NULL,
  ppm @REAL@,
  qz1 @REAL@,
  qz2 @REAL@,
  qz3 @REAL@,
  qz4 @REAL@,
  qz @REAL@,
  lz1 @REAL@,
  lz2 @REAL@,
  lz @REAL@,
  total @REAL@,
  grade_class TEXT NOT NULL,)sql";

constexpr std::string_view kMigration1Tables = R"sql(
CREATE TABLE batches (
  batch_id @INT@ NOT NULL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('import', 'holds')),
  created_at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  source TEXT NOT NULL,
  comment TEXT NOT NULL
) @STRICT@;

CREATE TABLE batch_files (
  batch_id @INT@ NOT NULL REFERENCES batches (batch_id),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes @INT@ NOT NULL,
  PRIMARY KEY (batch_id, file_name)
) @STRICT@;

CREATE TABLE batch_tables (
  batch_id @INT@ NOT NULL REFERENCES batches (batch_id),
  position @INT@ NOT NULL,
  table_name TEXT NOT NULL,
  added @INT@ NOT NULL,
  changed @INT@ NOT NULL,
  unchanged @INT@ NOT NULL,
  PRIMARY KEY (batch_id, position)
) @STRICT@;

CREATE TABLE suppliers (
  supplier_id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  qz3_exempt @INT@ NOT NULL,
  from_batch @INT@ NOT NULL
) @STRICT@;
CREATE TABLE suppliers_history (
  supplier_id TEXT NOT NULL,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  qz3_exempt @INT@ NOT NULL,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX suppliers_history_key ON suppliers_history (supplier_id);

CREATE TABLE plants (
  plant_id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  workweek @INT@ NOT NULL,
  from_batch @INT@ NOT NULL
) @STRICT@;
CREATE TABLE plants_history (
  plant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  workweek @INT@ NOT NULL,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX plants_history_key ON plants_history (plant_id);

CREATE TABLE calendar_days (
  plant_id TEXT NOT NULL,
  calendar_date @DATE@ NOT NULL,
  working @INT@ NOT NULL,
  from_batch @INT@ NOT NULL,
  PRIMARY KEY (plant_id, calendar_date)
) @STRICT@;
CREATE TABLE calendar_days_history (
  plant_id TEXT NOT NULL,
  calendar_date @DATE@ NOT NULL,
  working @INT@ NOT NULL,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX calendar_days_history_key ON calendar_days_history (plant_id, calendar_date);

CREATE TABLE materials (
  material_id TEXT NOT NULL PRIMARY KEY,
  commodity TEXT NOT NULL,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_batch @INT@ NOT NULL
) @STRICT@;
CREATE TABLE materials_history (
  material_id TEXT NOT NULL,
  commodity TEXT NOT NULL,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX materials_history_key ON materials_history (material_id);

CREATE TABLE complaints (
  complaint_id TEXT NOT NULL PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  plant_id TEXT NOT NULL,
  complaint_date @DATE@ NOT NULL,
  complaint_type TEXT NOT NULL,
  justified @INT@ NOT NULL,
  is_open @INT@ NOT NULL,
  delivery_id TEXT,
  material_id TEXT,
  defect TEXT NOT NULL,
  rejected_qty_micros @INT@,
  affected_qty_micros @INT@,
  returned_on @DATE@,
  confirmed_qty_micros @INT@,
  confirmed_on @DATE@,
  from_batch @INT@ NOT NULL
) @STRICT@;
CREATE TABLE complaints_history (
  complaint_id TEXT NOT NULL,
  supplier_id TEXT NOT NULL,
  plant_id TEXT NOT NULL,
  complaint_date @DATE@ NOT NULL,
  complaint_type TEXT NOT NULL,
  justified @INT@ NOT NULL,
  is_open @INT@ NOT NULL,
  delivery_id TEXT,
  material_id TEXT,
  defect TEXT NOT NULL,
  rejected_qty_micros @INT@,
  affected_qty_micros @INT@,
  returned_on @DATE@,
  confirmed_qty_micros @INT@,
  confirmed_on @DATE@,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX complaints_history_key ON complaints_history (complaint_id);

CREATE TABLE certifications (
  supplier_id TEXT NOT NULL,
  standard TEXT NOT NULL,
  valid_from @DATE@ NOT NULL,
  valid_to @DATE@ NOT NULL,
  from_batch @INT@ NOT NULL,
  PRIMARY KEY (supplier_id, standard, valid_from)
) @STRICT@;
CREATE TABLE certifications_history (
  supplier_id TEXT NOT NULL,
  standard TEXT NOT NULL,
  valid_from @DATE@ NOT NULL,
  valid_to @DATE@ NOT NULL,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX certifications_history_key ON certifications_history (supplier_id, standard, valid_from);

CREATE TABLE holds (
  supplier_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  imposed_on @DATE@ NOT NULL,
  withdrawn_on @DATE@,
  from_batch @INT@ NOT NULL,
  PRIMARY KEY (supplier_id, reason, imposed_on)
) @STRICT@;
CREATE TABLE holds_history (
  supplier_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  imposed_on @DATE@ NOT NULL,
  withdrawn_on @DATE@,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX holds_history_key ON holds_history (supplier_id, reason, imposed_on);

@DELIVERIES@
CREATE TABLE deliveries_history (
  delivery_id TEXT NOT NULL,
  supplier_id TEXT NOT NULL,
  plant_id TEXT NOT NULL,
  material_id TEXT NOT NULL,
  due_date @DATE@ NOT NULL,
  due_qty_micros @INT@ NOT NULL,
  receipt_date @DATE@ NOT NULL,
  received_qty_micros @INT@ NOT NULL,
  delivery_type TEXT NOT NULL,
  from_batch @INT@ NOT NULL,
  to_batch @INT@ NOT NULL
) @STRICT@;
CREATE INDEX deliveries_history_key ON deliveries_history (delivery_id);
CREATE INDEX deliveries_history_receipt ON deliveries_history (receipt_date);

CREATE TABLE runs (
  run_id @SERIAL@,
  period TEXT NOT NULL,
  period_first @DATE@ NOT NULL,
  period_last @DATE@ NOT NULL,
  rules_name TEXT NOT NULL,
  rules_toml TEXT NOT NULL,
  rules_sha256 TEXT NOT NULL,
  as_of_batch @INT@ NOT NULL,
  created_at TEXT NOT NULL,
  user_name TEXT NOT NULL
) @STRICT@;

CREATE TABLE run_batches (
  run_id @INT@ NOT NULL REFERENCES runs (run_id),
  batch_id @INT@ NOT NULL REFERENCES batches (batch_id),
  PRIMARY KEY (run_id, batch_id)
) @STRICT@;

CREATE TABLE run_results (
  run_id @INT@ NOT NULL REFERENCES runs (run_id),
  supplier_id TEXT NOT NULL,
@RESULT_COLUMNS@
  PRIMARY KEY (run_id, supplier_id)
) @STRICT@;

CREATE TABLE run_warnings (
  run_id @INT@ NOT NULL REFERENCES runs (run_id),
  supplier_id TEXT NOT NULL,
  position @INT@ NOT NULL,
  warning TEXT NOT NULL,
  PRIMARY KEY (run_id, supplier_id, position)
) @STRICT@;
)sql";

// SQLite clusters the deliveries by receipt date, so that evaluating a period
// reads one contiguous range; PostgreSQL keeps a heap with a date index.
constexpr std::string_view kSqliteDeliveries = R"sql(
CREATE TABLE deliveries (
  delivery_id TEXT NOT NULL UNIQUE,
  supplier_id TEXT NOT NULL,
  plant_id TEXT NOT NULL,
  material_id TEXT NOT NULL,
  due_date INTEGER NOT NULL,
  due_qty_micros INTEGER NOT NULL,
  receipt_date INTEGER NOT NULL,
  received_qty_micros INTEGER NOT NULL,
  delivery_type TEXT NOT NULL,
  from_batch INTEGER NOT NULL,
  PRIMARY KEY (receipt_date, delivery_id)
) WITHOUT ROWID, STRICT;
)sql";

constexpr std::string_view kPostgresDeliveries = R"sql(
CREATE TABLE deliveries (
  delivery_id TEXT NOT NULL PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  plant_id TEXT NOT NULL,
  material_id TEXT NOT NULL,
  due_date DATE NOT NULL,
  due_qty_micros BIGINT NOT NULL,
  receipt_date DATE NOT NULL,
  received_qty_micros BIGINT NOT NULL,
  delivery_type TEXT NOT NULL,
  from_batch BIGINT NOT NULL
);
CREATE INDEX deliveries_receipt ON deliveries (receipt_date);
)sql";

// The tables of migration 1 whose rows are versioned, with their columns in
// order (the history trigger of SQLite names them).
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kMigration1Versioned{{
    {"suppliers", "supplier_id, name, country, qz3_exempt"},
    {"plants", "plant_id, name, workweek"},
    {"calendar_days", "plant_id, calendar_date, working"},
    {"materials", "material_id, commodity, unit, kind"},
    {"complaints",
     "complaint_id, supplier_id, plant_id, complaint_date, complaint_type, justified, is_open, delivery_id, "
     "material_id, defect, rejected_qty_micros, affected_qty_micros, returned_on, confirmed_qty_micros, "
     "confirmed_on"},
    {"certifications", "supplier_id, standard, valid_from, valid_to"},
    {"holds", "supplier_id, reason, imposed_on, withdrawn_on"},
    {"deliveries",
     "delivery_id, supplier_id, plant_id, material_id, due_date, due_qty_micros, receipt_date, "
     "received_qty_micros, delivery_type"},
}};

// Tables of migration 1 that are only ever inserted into.
constexpr std::array<std::string_view, 7> kMigration1AppendOnly{"batches",     "batch_files", "batch_tables", "runs",
                                                                "run_batches", "run_results", "run_warnings"};

std::string ReplaceAll(std::string text, std::string_view token, std::string_view replacement) {
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + replacement.size())) {
    text.replace(at, token.size(), replacement);
  }
  return text;
}

std::string Prefixed(std::string_view columns, std::string_view prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < columns.size()) {
    std::size_t end = columns.find(',', start);
    if (end == std::string_view::npos) end = columns.size();
    std::string_view name = columns.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    out += (out.empty() ? "" : ", ") + std::string(prefix) + std::string(name);
    start = end + 1;
  }
  return out;
}

// The type tokens of a migration's SQL replaced for `backend`.
std::string WithTypes(std::string sql, Backend backend) {
  const bool sqlite = backend == Backend::kSqlite;
  sql = ReplaceAll(sql, "@SERIAL@",
                   sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
  sql = ReplaceAll(sql, "@INT@", sqlite ? "INTEGER" : "BIGINT");
  sql = ReplaceAll(sql, "@REAL@", sqlite ? "REAL" : "DOUBLE PRECISION");
  sql = ReplaceAll(sql, "@DATE@", sqlite ? "INTEGER" : "DATE");
  return ReplaceAll(sql, "@STRICT@", sqlite ? "STRICT" : "");
}

// PostgreSQL triggers that refuse `events` (and TRUNCATE) on `table`, saying `why`.
std::string PostgresRefusal(const std::string& name, const std::string& table, const char* events,
                            const std::string& why) {
  return "CREATE TRIGGER " + name + " BEFORE " + events + " ON " + table +
         " FOR EACH ROW EXECUTE FUNCTION supeval_refuse_change('" + why + "');\n" + "CREATE TRIGGER " + name +
         "_truncate BEFORE TRUNCATE ON " + table + " FOR EACH STATEMENT EXECUTE FUNCTION supeval_refuse_change('" +
         why + "');\n";
}

// Triggers that refuse to update or delete rows of an append-only table.
std::string AppendOnly(Backend backend, std::string_view table,
                       const std::string& why = "batches and published runs are never changed") {
  const std::string t(table);
  if (backend == Backend::kPostgres) return PostgresRefusal(t + "_append_only", t, "UPDATE OR DELETE", why);
  std::string sql;
  for (const char* action : {"UPDATE", "DELETE"}) {
    sql += "CREATE TRIGGER " + t + "_no_" + action + " BEFORE " + action + " ON " + t + " BEGIN SELECT RAISE(ABORT, '" +
           why + "'); END;\n";
  }
  return sql;
}

// The triggers that keep the history of versioned table `table` (its
// columns in order, without from_batch) and refuse deletions and changes
// of the history.
std::string HistoryTriggers(Backend backend, std::string_view table, std::string_view columns) {
  const std::string t(table);
  const std::string never_deleted = "rows are never deleted: a new import replaces a row and keeps the old one";
  const std::string history_fixed = "the history is never changed";
  if (backend == Backend::kPostgres) {
    return "CREATE TRIGGER " + t + "_keep_history AFTER UPDATE ON " + t +
           " FOR EACH ROW EXECUTE FUNCTION supeval_keep_history();\n" +
           PostgresRefusal(t + "_no_delete", t, "DELETE", never_deleted) +
           PostgresRefusal(t + "_history_fixed", t + "_history", "UPDATE OR DELETE", history_fixed);
  }
  std::string sql = "CREATE TRIGGER " + t + "_keep_history AFTER UPDATE ON " + t + " BEGIN INSERT INTO " + t +
                    "_history (" + std::string(columns) + ", from_batch, to_batch) VALUES (" +
                    Prefixed(columns, "OLD.") + ", OLD.from_batch, NEW.from_batch); END;\n";
  sql += "CREATE TRIGGER " + t + "_no_delete BEFORE DELETE ON " + t + " BEGIN SELECT RAISE(ABORT, '" + never_deleted +
         "'); END;\n";
  for (const char* action : {"UPDATE", "DELETE"}) {
    sql += "CREATE TRIGGER " + t + "_history_no_" + action + " BEFORE " + action + " ON " + t +
           "_history BEGIN SELECT RAISE(ABORT, '" + history_fixed + "'); END;\n";
  }
  return sql;
}

std::string Migration1(Backend backend) {
  const bool sqlite = backend == Backend::kSqlite;
  std::string sql = ReplaceAll(std::string(kMigration1Tables), "@RESULT_COLUMNS@", kResultColumns);
  sql = ReplaceAll(sql, "@DELIVERIES@", sqlite ? kSqliteDeliveries : kPostgresDeliveries);
  sql = WithTypes(sql, backend);

  if (sqlite) {
    for (const auto& [table, columns] : kMigration1Versioned) sql += HistoryTriggers(backend, table, columns);
    for (const std::string_view table : kMigration1AppendOnly) sql += AppendOnly(backend, table);
    return sql;
  }

  sql += R"sql(
CREATE FUNCTION supeval_keep_history() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('INSERT INTO %I.%I SELECT ($1).*, $2', TG_TABLE_SCHEMA, TG_TABLE_NAME || '_history')
    USING OLD, NEW.from_batch;
  RETURN NULL;
END
$fn$;
CREATE FUNCTION supeval_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END
$fn$;
)sql";
  for (const auto& [table, columns] : kMigration1Versioned) sql += HistoryTriggers(backend, table, columns);
  for (const std::string_view table : kMigration1AppendOnly) sql += AppendOnly(backend, table);
  return sql;
}

// ---------------------------------------------------------------------------
// Migration 2: what a batch met that its user must know (an extract row that
// met a decision made with `holds`), one line each, never changed.

constexpr std::string_view kMigration2Tables = R"sql(
CREATE TABLE batch_warnings (
  batch_id @INT@ NOT NULL REFERENCES batches (batch_id),
  position @INT@ NOT NULL,
  warning TEXT NOT NULL,
  PRIMARY KEY (batch_id, position)
) @STRICT@;
)sql";

std::string Migration2(Backend backend) {
  return WithTypes(std::string(kMigration2Tables), backend) + AppendOnly(backend, "batch_warnings");
}

// ---------------------------------------------------------------------------
// Migration 3: user accounts, their sessions and API tokens, the login
// throttle and the audit log (API.md, "Authentication and sessions",
// "Accounts and audit"). Instants are whole seconds since 1970-01-01 UTC, so
// that timeouts and windows are integer comparisons on both back ends.
// Session ids and tokens are stored only as their SHA-256 (hex); passwords
// as libsodium's Argon2id strings. The audit log is append-only: the
// database refuses to change or delete an entry.

constexpr std::string_view kMigration3Tables = R"sql(
CREATE TABLE users (
  name TEXT NOT NULL PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'quality', 'purchasing', 'supplier')),
  supplier_id TEXT,
  password_hash TEXT NOT NULL,
  initial_password_until @INT@,
  disabled @INT@ NOT NULL,
  totp_secret TEXT,
  totp_enabled @INT@ NOT NULL,
  totp_last_step @INT@,
  created_at @INT@ NOT NULL,
  last_login_at @INT@,
  version @INT@ NOT NULL,
  CHECK ((role = 'supplier') = (supplier_id IS NOT NULL))
) @STRICT@;

CREATE TABLE sessions (
  session_id @SERIAL@,
  id_sha256 TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL REFERENCES users (name),
  csrf_token TEXT NOT NULL,
  created_at @INT@ NOT NULL,
  last_seen_at @INT@ NOT NULL,
  address TEXT,
  user_agent TEXT NOT NULL,
  ended_at @INT@
) @STRICT@;
CREATE INDEX sessions_user ON sessions (user_name);

CREATE TABLE api_tokens (
  token_id @SERIAL@,
  token_sha256 TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  user_name TEXT NOT NULL REFERENCES users (name),
  created_at @INT@ NOT NULL,
  expires_at @INT@ NOT NULL,
  last_used_at @INT@,
  revoked_at @INT@
) @STRICT@;
CREATE INDEX api_tokens_user ON api_tokens (user_name);

CREATE TABLE login_failures (
  scope TEXT NOT NULL CHECK (scope IN ('name', 'address')),
  throttle_key TEXT NOT NULL,
  at @INT@ NOT NULL
) @STRICT@;
CREATE INDEX login_failures_key ON login_failures (scope, throttle_key, at);

CREATE TABLE audit_log (
  audit_id @SERIAL@,
  at @INT@ NOT NULL,
  user_name TEXT NOT NULL,
  address TEXT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
) @STRICT@;
CREATE INDEX audit_log_at ON audit_log (at);
)sql";

std::string Migration3(Backend backend) {
  return WithTypes(std::string(kMigration3Tables), backend) +
         AppendOnly(backend, "audit_log", "the audit log is append-only: entries are never changed or deleted");
}

// API.md, "Retries, caching, limits": a POST's answer kept per user and
// Idempotency-Key; `status` is null while the first request still runs.
constexpr std::string_view kIdempotencyTable = R"sql(
CREATE TABLE idempotency_keys (
  user_name TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  created_at @INT@ NOT NULL,
  status @INT@,
  content_type TEXT,
  headers_json TEXT,
  body TEXT,
  PRIMARY KEY (user_name, idempotency_key)
) @STRICT@;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
)sql";

// ---------------------------------------------------------------------------
// Migration 6: a stable id for every hold (API.md, "Runs, imports, holds,
// rules": an integer assigned to the key supplier_id, reason, imposed_on).
// The id belongs to the key, not to a version, so it lives in a table of its
// own beside the versioned `holds` (whose columns and history stay as they
// are): the database assigns it when a key is first inserted, whoever inserts
// it (an import, `holds impose`, the API), and never changes or deletes it.
// Holds already stored get theirs in the order they were first written.

constexpr std::string_view kMigration6Tables = R"sql(
CREATE TABLE hold_ids (
  hold_id @SERIAL@,
  supplier_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  imposed_on @DATE@ NOT NULL,
  UNIQUE (supplier_id, reason, imposed_on)
) @STRICT@;
INSERT INTO hold_ids (supplier_id, reason, imposed_on)
SELECT h.supplier_id, h.reason, h.imposed_on FROM holds h
ORDER BY coalesce((SELECT min(p.from_batch) FROM holds_history p WHERE p.supplier_id = h.supplier_id
                   AND p.reason = h.reason AND p.imposed_on = h.imposed_on), h.from_batch),
         h.supplier_id, h.reason, h.imposed_on;
)sql";

constexpr std::string_view kSqliteHoldIdTrigger = R"sql(
CREATE TRIGGER holds_assign_id AFTER INSERT ON holds BEGIN
  INSERT INTO hold_ids (supplier_id, reason, imposed_on) VALUES (NEW.supplier_id, NEW.reason, NEW.imposed_on);
END;
)sql";

constexpr std::string_view kPostgresHoldIdTrigger = R"sql(
CREATE FUNCTION supeval_assign_hold_id() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('INSERT INTO %I.hold_ids (supplier_id, reason, imposed_on) VALUES ($1, $2, $3)', TG_TABLE_SCHEMA)
    USING NEW.supplier_id, NEW.reason, NEW.imposed_on;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER holds_assign_id AFTER INSERT ON holds FOR EACH ROW EXECUTE FUNCTION supeval_assign_hold_id();
)sql";

std::string Migration6(Backend backend) {
  const bool sqlite = backend == Backend::kSqlite;
  return WithTypes(std::string(kMigration6Tables), backend) +
         std::string(sqlite ? kSqliteHoldIdTrigger : kPostgresHoldIdTrigger) +
         AppendOnly(backend, "hold_ids", "hold ids are never changed or deleted");
}

// ---------------------------------------------------------------------------
// Migration 7: the agreement's ppm adjustment (API.md, "The ppm adjustment").
// One row per complaint a supplier submitted an adjustment for, changed in
// place as it is decided (the audit log keeps each step); the sorting report
// is base64 text (the drivers bind no blobs; PostgreSQL's text holds no NUL),
// at most 10 MiB of file. `replaced_*` keep the complaint's confirmed_qty and
// confirmed_on from before an accepted adjustment wrote its own, so that an
// import repeating those old values is known as stale (import_session.cpp).
// Batches get the kind 'adjustment': PostgreSQL replaces the CHECK; SQLite
// widens it in place (its documented writable_schema procedure for a change
// that leaves the stored rows valid): a rebuild would drop a table that four
// others reference, which foreign keys refuse inside the migration's
// transaction. The CREATE TABLE after it moves the schema cookie on, so that
// every connection reads the new CHECK.

constexpr std::string_view kMigration7Tables = R"sql(
CREATE TABLE adjustments (
  complaint_id TEXT NOT NULL PRIMARY KEY,
  supplier_id TEXT NOT NULL,
  confirmed_qty_micros @INT@ NOT NULL CHECK (confirmed_qty_micros >= 0),
  note TEXT NOT NULL,
  report_media_type TEXT CHECK (report_media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  report_file_name TEXT,
  report_bytes @INT@ CHECK (report_bytes BETWEEN 0 AND 10485760),
  report_base64 TEXT,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  submitted_on @DATE@ NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  decision TEXT CHECK (decision IN ('accept', 'reject')),
  reason TEXT NOT NULL,
  replaced_confirmed_qty_micros @INT@,
  replaced_confirmed_on @DATE@,
  version @INT@ NOT NULL,
  CHECK ((decision IS NULL) = (decided_by IS NULL))
) @STRICT@;
CREATE INDEX adjustments_supplier ON adjustments (supplier_id);
)sql";

constexpr std::string_view kSqliteWidenBatchKinds = R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, '(''import'', ''holds'')', '(''import'', ''holds'', ''adjustment'')')
WHERE type = 'table' AND name = 'batches';
PRAGMA writable_schema = RESET;
)sql";

constexpr std::string_view kPostgresWidenBatchKinds = R"sql(
ALTER TABLE batches DROP CONSTRAINT batches_kind_check;
ALTER TABLE batches ADD CONSTRAINT batches_kind_check CHECK (kind IN ('import', 'holds', 'adjustment'));
)sql";

std::string Migration7(Backend backend) {
  const bool sqlite = backend == Backend::kSqlite;
  const std::string why = "adjustments are never deleted";
  const std::string no_delete =
      sqlite ? "CREATE TRIGGER adjustments_no_DELETE BEFORE DELETE ON adjustments BEGIN SELECT RAISE(ABORT, '" + why +
                   "'); END;\n"
             : PostgresRefusal("adjustments_no_delete", "adjustments", "DELETE", why);
  return std::string(sqlite ? kSqliteWidenBatchKinds : kPostgresWidenBatchKinds) +
         WithTypes(std::string(kMigration7Tables), backend) + no_delete;
}

// ---------------------------------------------------------------------------
// Migration 8: discussions and notifications (API.md, "The ppm adjustment,
// discussions and notifications"; docs/notifications.md). A thread is about
// a complaint or about the supplier's result in a published run, never both;
// threads and messages are append-only, so a discussion stays as written
// with the run it is about. A read marker (the last message a user has read
// in a thread) only moves forward. Every notification also has a row in the
// outbox, which an operator's mail relay polls and marks sent (sent_at):
// the outbox may only be marked sent, never otherwise changed or emptied
// but by the relay's own clean-up of sent rows.

constexpr std::string_view kMigration8Tables = R"sql(
CREATE TABLE threads (
  thread_id @SERIAL@,
  supplier_id TEXT NOT NULL,
  complaint_id TEXT,
  run_id @INT@ REFERENCES runs (run_id),
  subject TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at @INT@ NOT NULL,
  CHECK ((complaint_id IS NULL) <> (run_id IS NULL))
) @STRICT@;
CREATE INDEX threads_supplier ON threads (supplier_id);
CREATE INDEX threads_complaint ON threads (complaint_id);

CREATE TABLE thread_messages (
  message_id @SERIAL@,
  thread_id @INT@ NOT NULL REFERENCES threads (thread_id),
  author_name TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at @INT@ NOT NULL
) @STRICT@;
CREATE INDEX thread_messages_thread ON thread_messages (thread_id, message_id);

CREATE TABLE thread_reads (
  user_name TEXT NOT NULL,
  thread_id @INT@ NOT NULL REFERENCES threads (thread_id),
  up_to @INT@ NOT NULL,
  PRIMARY KEY (user_name, thread_id)
) @STRICT@;

CREATE TABLE notifications (
  notification_id @SERIAL@,
  user_name TEXT NOT NULL REFERENCES users (name),
  kind TEXT NOT NULL,
  at @INT@ NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  read_at @INT@
) @STRICT@;
CREATE INDEX notifications_user ON notifications (user_name, notification_id);

CREATE TABLE notification_outbox (
  outbox_id @SERIAL@,
  notification_id @INT@ NOT NULL REFERENCES notifications (notification_id),
  recipient TEXT NOT NULL,
  recipient_display_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at @INT@ NOT NULL,
  sent_at @INT@
) @STRICT@;
CREATE INDEX notification_outbox_unsent ON notification_outbox (outbox_id) WHERE sent_at IS NULL;
)sql";

std::string Migration8(Backend backend) {
  return WithTypes(std::string(kMigration8Tables), backend) +
         AppendOnly(backend, "threads", "discussions are never changed or deleted") +
         AppendOnly(backend, "thread_messages", "discussions are never changed or deleted");
}

// ---------------------------------------------------------------------------
// Migration 9: the "deadline in 7 days" notices of adjustments sent, one row
// per complaint, so that each is sent once however many serve processes
// sweep (the insert that finds the row present sends nothing).

constexpr std::string_view kMigration9Tables = R"sql(
CREATE TABLE adjustment_deadline_notices (
  complaint_id TEXT NOT NULL PRIMARY KEY,
  notified_at @INT@ NOT NULL
) @STRICT@;
)sql";

// ---------------------------------------------------------------------------
// Migration 10: the contract files of CONTRACTS.md §3 (contract_tables.hpp),
// versioned exactly as the tables of migration 1: each with its history
// twin, the old version moved there by the database on UPDATE, deletions and
// changes of the history refused. Generated from the table specs, which are
// fixed with this migration (a later change is a new migration).

std::string SqlType(const ColumnSpec& column) {
  switch (column.type) {
    case kText:
      return "TEXT";
    case kInt:
      return "@INT@";
    case kDate:
      return "@DATE@";
    case kReal:
      return "@REAL@";
  }
  return "TEXT";
}

// CREATE TABLE of `table` and of its history, and the history's key index.
std::string VersionedTableSql(const TableSpec& table) {
  const std::string name(table.name);
  std::string columns;
  std::string key;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnSpec& column = table.columns[i];
    columns += "  " + std::string(column.name) + " " + SqlType(column) + (column.nullable ? "" : " NOT NULL") + ",\n";
    if (i < table.key_count) key += (key.empty() ? "" : ", ") + std::string(column.name);
  }
  return "CREATE TABLE " + name + " (\n" + columns + "  from_batch @INT@ NOT NULL,\n  PRIMARY KEY (" + key +
         ")\n) @STRICT@;\nCREATE TABLE " + name + "_history (\n" + columns +
         "  from_batch @INT@ NOT NULL,\n  to_batch @INT@ NOT NULL\n) @STRICT@;\nCREATE INDEX " + name +
         "_history_key ON " + name + "_history (" + key + ");\n";
}

std::string Migration10(Backend backend) {
  std::string sql;
  for (const TableSpec* table : ContractTables()) {
    sql += WithTypes(VersionedTableSql(*table), backend) + HistoryTriggers(backend, table->name, ColumnList(*table));
  }
  return sql;
}

// ---------------------------------------------------------------------------
// Migration 11: published settlements (`contracts settle --publish`), kept
// as they were written, cell for cell, like published runs: only ever
// inserted, the database refuses any change.

constexpr std::string_view kMigration11Tables = R"sql(
CREATE TABLE settlements (
  settlement_id @SERIAL@,
  period TEXT NOT NULL,
  period_first @DATE@ NOT NULL,
  period_last @DATE@ NOT NULL,
  rules_text TEXT NOT NULL,
  rules_sha256 TEXT NOT NULL,
  as_of_batch @INT@ NOT NULL,
  created_at TEXT NOT NULL,
  user_name TEXT NOT NULL
) @STRICT@;

CREATE TABLE settlement_lines (
  settlement_id @INT@ NOT NULL REFERENCES settlements (settlement_id),
  position @INT@ NOT NULL,
  contract_id TEXT NOT NULL,
  supplier_id TEXT NOT NULL,
  period TEXT NOT NULL,
  currency TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  material_id TEXT NOT NULL,
  status TEXT NOT NULL,
  quantity TEXT NOT NULL,
  actual TEXT NOT NULL,
  target TEXT NOT NULL,
  shortfall TEXT NOT NULL,
  rate TEXT NOT NULL,
  spend TEXT NOT NULL,
  cap TEXT NOT NULL,
  amount TEXT NOT NULL,
  line_type TEXT NOT NULL,
  settled_before TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (settlement_id, position)
) @STRICT@;
)sql";

std::string Migration11(Backend backend) {
  return WithTypes(std::string(kMigration11Tables), backend) +
         AppendOnly(backend, "settlements", "published settlements are never changed") +
         AppendOnly(backend, "settlement_lines", "published settlements are never changed");
}

// ---------------------------------------------------------------------------
// Migration 12: a thread may be about a line of a published settlement
// (docs/contracts-api.md, "Discussing a settlement line"): its settlement
// and the line's 1-based position. A thread stays about exactly one thing;
// SQLite widens the CHECK in place as migration 7 widened the batch kinds
// (a rebuild would drop a table that messages and read markers reference).

constexpr std::string_view kMigration12Columns = R"sql(
ALTER TABLE threads ADD COLUMN settlement_id @INT@ REFERENCES settlements (settlement_id);
ALTER TABLE threads ADD COLUMN settlement_line @INT@ CHECK (settlement_line >= 1);
CREATE INDEX threads_settlement ON threads (settlement_id);
)sql";

constexpr std::string_view kSqliteWidenThreadSubjects = R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'CHECK ((complaint_id IS NULL) <> (run_id IS NULL))',
  'CHECK ((complaint_id IS NOT NULL) + (run_id IS NOT NULL) + (settlement_id IS NOT NULL) = 1),
  CHECK ((settlement_id IS NULL) = (settlement_line IS NULL))')
WHERE type = 'table' AND name = 'threads';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_cookie_12 (unused INTEGER);
DROP TABLE schema_cookie_12;
)sql";

constexpr std::string_view kPostgresWidenThreadSubjects = R"sql(
ALTER TABLE threads DROP CONSTRAINT threads_check;
ALTER TABLE threads ADD CONSTRAINT threads_check CHECK
  ((complaint_id IS NOT NULL)::int + (run_id IS NOT NULL)::int + (settlement_id IS NOT NULL)::int = 1);
ALTER TABLE threads ADD CONSTRAINT threads_settlement_pair CHECK ((settlement_id IS NULL) = (settlement_line IS NULL));
)sql";

std::string Migration12(Backend backend) {
  const bool sqlite = backend == Backend::kSqlite;
  return WithTypes(std::string(kMigration12Columns), backend) +
         std::string(sqlite ? kSqliteWidenThreadSubjects : kPostgresWidenThreadSubjects);
}

// ---------------------------------------------------------------------------
// Migration 13: batches of kind 'escalation', an escalation decision recorded
// over the API (docs/escalations-api.md), widened as migration 7 widened them.

constexpr std::string_view kSqliteWidenBatchKindsForEscalation = R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, '(''import'', ''holds'', ''adjustment'')',
  '(''import'', ''holds'', ''adjustment'', ''escalation'')')
WHERE type = 'table' AND name = 'batches';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_cookie_13 (unused INTEGER);
DROP TABLE schema_cookie_13;
)sql";

constexpr std::string_view kPostgresWidenBatchKindsForEscalation = R"sql(
ALTER TABLE batches DROP CONSTRAINT batches_kind_check;
ALTER TABLE batches ADD CONSTRAINT batches_kind_check
  CHECK (kind IN ('import', 'holds', 'adjustment', 'escalation'));
)sql";

std::string Migration13(Backend backend) {
  return std::string(backend == Backend::kSqlite ? kSqliteWidenBatchKindsForEscalation
                                                 : kPostgresWidenBatchKindsForEscalation);
}

// ---------------------------------------------------------------------------
// Migration 14: plants.csv's company (docs/EVALUATION.md, "Scopes"), empty
// for the plants imported before. The history keeps it: SQLite's trigger is
// made again with the column; PostgreSQL's generic one copies the row in
// column order, which the added column no longer matches in the history, so
// plants get a trigger naming their columns.

constexpr std::string_view kMigration14Columns = R"sql(
ALTER TABLE plants ADD COLUMN company TEXT NOT NULL DEFAULT '';
ALTER TABLE plants_history ADD COLUMN company TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::string_view kSqlitePlantHistory = R"sql(
DROP TRIGGER plants_keep_history;
CREATE TRIGGER plants_keep_history AFTER UPDATE ON plants BEGIN
  INSERT INTO plants_history (plant_id, name, workweek, company, from_batch, to_batch)
  VALUES (OLD.plant_id, OLD.name, OLD.workweek, OLD.company, OLD.from_batch, NEW.from_batch);
END;
)sql";

constexpr std::string_view kPostgresPlantHistory = R"sql(
DROP TRIGGER plants_keep_history ON plants;
CREATE FUNCTION supeval_keep_plant_history() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO plants_history (plant_id, name, workweek, company, from_batch, to_batch)
  VALUES (OLD.plant_id, OLD.name, OLD.workweek, OLD.company, OLD.from_batch, NEW.from_batch);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER plants_keep_history AFTER UPDATE ON plants
  FOR EACH ROW EXECUTE FUNCTION supeval_keep_plant_history();
)sql";

std::string Migration14(Backend backend) {
  return std::string(kMigration14Columns) +
         std::string(backend == Backend::kSqlite ? kSqlitePlantHistory : kPostgresPlantHistory);
}

// ---------------------------------------------------------------------------
// Migration 15: a run's rows per plant or company (docs/EVALUATION.md,
// "Scopes"), beside its supplier rows; the warnings one per line.

constexpr std::string_view kMigration15Tables = R"sql(
CREATE TABLE run_scope_results (
  run_id @INT@ NOT NULL REFERENCES runs (run_id),
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('plant', 'company')),
  scope_id TEXT NOT NULL,
  supplier_id TEXT NOT NULL,
@RESULT_COLUMNS@
  warnings TEXT NOT NULL,
  PRIMARY KEY (run_id, scope_kind, scope_id, supplier_id)
) @STRICT@;
)sql";

std::string Migration15(Backend backend) {
  return WithTypes(ReplaceAll(std::string(kMigration15Tables), "@RESULT_COLUMNS@", kResultColumns), backend) +
         AppendOnly(backend, "run_scope_results");
}

}  // namespace

// ---------------------------------------------------------------------------
// Migration 4: one supplier's records found without reading everyone's (a
// scorecard evaluates a single supplier as a run saw the records: see
// Store::OpenSupplierSnapshot). Certifications and holds are keyed by
// supplier first already.

constexpr std::string_view kMigration4Indexes = R"sql(
CREATE INDEX deliveries_supplier ON deliveries (supplier_id, receipt_date);
CREATE INDEX deliveries_history_supplier ON deliveries_history (supplier_id, receipt_date);
CREATE INDEX complaints_supplier ON complaints (supplier_id);
CREATE INDEX complaints_history_supplier ON complaints_history (supplier_id);
)sql";

// ---------------------------------------------------------------------------
// The versioned tables as data

const TableSpec& SuppliersTable() {
  static const TableSpec kSpec{"suppliers",
                               {{"supplier_id", kText}, {"name", kText}, {"country", kText}, {"qz3_exempt", kInt}},
                               1,
                               "supplier_id",
                               ""};
  return kSpec;
}

const TableSpec& PlantsTable() {
  static const TableSpec kSpec{
      "plants", {{"plant_id", kText}, {"name", kText}, {"workweek", kInt}, {"company", kText}}, 1, "", ""};
  return kSpec;
}

const TableSpec& TableAsStored(const TableSpec& table, int version) {
  static const TableSpec kPlantsBeforeCompany{
      "plants", {{"plant_id", kText}, {"name", kText}, {"workweek", kInt}}, 1, "", ""};
  if (&table == &PlantsTable() && version < kPlantCompanyVersion) return kPlantsBeforeCompany;
  return table;
}

const TableSpec& CalendarTable() {
  static const TableSpec kSpec{
      "calendar_days", {{"plant_id", kText}, {"calendar_date", kDate}, {"working", kInt}}, 2, "", ""};
  return kSpec;
}

const TableSpec& MaterialsTable() {
  static const TableSpec kSpec{
      "materials", {{"material_id", kText}, {"commodity", kText}, {"unit", kText}, {"kind", kText}}, 1, "", ""};
  return kSpec;
}

const TableSpec& ComplaintsTable() {
  static const TableSpec kSpec{"complaints",
                               {{"complaint_id", kText},
                                {"supplier_id", kText},
                                {"plant_id", kText},
                                {"complaint_date", kDate},
                                {"complaint_type", kText},
                                {"justified", kInt},
                                {"is_open", kInt},
                                {"delivery_id", kText, true},
                                {"material_id", kText, true},
                                {"defect", kText},
                                {"rejected_qty_micros", kInt, true},
                                {"affected_qty_micros", kInt, true},
                                {"returned_on", kDate, true},
                                {"confirmed_qty_micros", kInt, true},
                                {"confirmed_on", kDate, true}},
                               1,
                               "supplier_id",
                               "complaint_date"};
  return kSpec;
}

const TableSpec& CertificationsTable() {
  static const TableSpec kSpec{
      "certifications",
      {{"supplier_id", kText}, {"standard", kText}, {"valid_from", kDate}, {"valid_to", kDate}},
      3,
      "supplier_id",
      ""};
  return kSpec;
}

const TableSpec& HoldsTable() {
  static const TableSpec kSpec{
      "holds",
      {{"supplier_id", kText}, {"reason", kText}, {"imposed_on", kDate}, {"withdrawn_on", kDate, true}},
      3,
      "supplier_id",
      ""};
  return kSpec;
}

const TableSpec& DeliveriesTable() {
  static const TableSpec kSpec{"deliveries",
                               {{"delivery_id", kText},
                                {"supplier_id", kText},
                                {"plant_id", kText},
                                {"material_id", kText},
                                {"due_date", kDate},
                                {"due_qty_micros", kInt},
                                {"receipt_date", kDate},
                                {"received_qty_micros", kInt},
                                {"delivery_type", kText}},
                               1,
                               "supplier_id",
                               "receipt_date"};
  return kSpec;
}

const std::vector<const TableSpec*>& VersionedTables() {
  static const std::vector<const TableSpec*> kTables = [] {
    std::vector<const TableSpec*> tables = {&SuppliersTable(), &PlantsTable(),     &CalendarTable(),
                                            &MaterialsTable(), &ComplaintsTable(), &CertificationsTable(),
                                            &HoldsTable(),     &DeliveriesTable()};
    tables.insert(tables.end(), ContractTables().begin(), ContractTables().end());
    return tables;
  }();
  return kTables;
}

// ---------------------------------------------------------------------------
// Migrations

std::vector<Migration> Migrations(Backend backend) {
  std::vector<Migration> migrations;
  migrations.push_back({1, "batches, versioned records with history, published runs", Migration1(backend)});
  migrations.push_back({2, "warnings recorded with their batch", Migration2(backend)});
  migrations.push_back({3, "users, sessions, API tokens, login throttle, audit log", Migration3(backend)});
  migrations.push_back({4, "indexes of one supplier's deliveries and complaints", std::string(kMigration4Indexes)});
  migrations.push_back({5, "idempotency keys of API requests", WithTypes(std::string(kIdempotencyTable), backend)});
  migrations.push_back({6, "a stable id for every hold", Migration6(backend)});
  migrations.push_back({7, "ppm adjustments; batches of kind adjustment", Migration7(backend)});
  migrations.push_back({8, "discussions, notifications and their mail outbox", Migration8(backend)});
  migrations.push_back({9, "the adjustment deadline notices sent", WithTypes(std::string(kMigration9Tables), backend)});
  migrations.push_back({10, "the contract files, versioned with history", Migration10(backend)});
  migrations.push_back({11, "published settlements", Migration11(backend)});
  migrations.push_back({12, "threads about a settlement line", Migration12(backend)});
  migrations.push_back({13, "batches of kind escalation", Migration13(backend)});
  migrations.push_back({14, "the company of a plant", Migration14(backend)});
  migrations.push_back({15, "a run's rows per plant or company", Migration15(backend)});
  return migrations;
}

namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL PRIMARY KEY, description TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)";

std::string_view NowUtcExpression(Backend backend) {
  return backend == Backend::kSqlite ? "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                                     : "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
}

core::Result<int> CurrentVersion(Connection& connection) {
  auto exists = connection.TableExists("schema_version");
  if (!exists.ok()) return exists.error();
  if (!*exists) return 0;
  auto version = QueryInt(connection, "SELECT max(version) FROM schema_version");
  if (!version.ok()) return version.error();
  return static_cast<int>(*version);
}

core::Error TooNew(int found, int known) {
  return core::Internal("the database's schema is version " + std::to_string(found) +
                        ", newer than this supeval knows (version " + std::to_string(known) +
                        "): it was written by a newer supeval; use that version (or newer) with this database");
}

}  // namespace

core::Result<int> ApplyMigrations(Connection& connection, bool read_only) {
  const std::vector<Migration> migrations = Migrations(connection.backend());
  const int latest = migrations.back().version;
  // Most opens find the schema current: check without the write lock first,
  // so that reading never waits for an import.
  auto current = CurrentVersion(connection);
  if (!current.ok()) return current.error();
  if (*current > latest) return TooNew(*current, latest);
  if (*current == latest) return latest;
  if (read_only && *current == 0) {
    return core::BadInput(
        "the database holds no supeval data yet: import a data folder into it first "
        "(supeval import --db DATABASE --data DIR)");
  }
  if (read_only) return *current;  // read as it is; the next writer upgrades it

  if (core::Status begun = connection.Begin(TransactionKind::kWrite); !begun.ok()) return begun.error();
  auto fail = [&](core::Error error) -> core::Result<int> {
    connection.Rollback();
    return error;
  };
  if (core::Status created = connection.ExecuteScript(kCreateVersionTable); !created.ok()) return fail(created.error());
  current = CurrentVersion(connection);  // another process may have migrated meanwhile
  if (!current.ok()) return fail(current.error());
  if (*current > latest) return fail(TooNew(*current, latest));
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    if (core::Status applied = connection.ExecuteScript(migration.sql); !applied.ok()) {
      return fail(core::Internal("schema migration " + std::to_string(migration.version) +
                                 " failed: " + applied.error().message));
    }
    const Value params[] = {Value::Int(migration.version), Value::Text(migration.description)};
    auto recorded = connection.Execute("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, " +
                                           std::string(NowUtcExpression(connection.backend())) + ")",
                                       params);
    if (!recorded.ok()) return fail(recorded.error());
  }
  if (core::Status committed = connection.Commit(); !committed.ok()) return committed.error();
  return latest;
}

}  // namespace supeval::store::internal
