// The `supeval_rows` virtual table over a RowBuffer (see the header): a plain
// forward scan, read only.
#include "row_buffer_table.hpp"

#include <bit>
#include <cassert>
#include <new>
#include <string>

namespace supeval::store::internal {

RowBuffer::RowBuffer(std::size_t columns) : columns_(columns) { assert(columns > 0 && columns <= kMaxColumns); }

void RowBuffer::Add(std::span<const Value> row) {
  assert(row.size() == columns_);
  for (const Value& value : row) {
    Cell cell{value.int_value, 0, value.kind};
    if (value.kind == Value::Kind::kReal) cell.payload = std::bit_cast<std::int64_t>(value.real_value);
    if (value.kind == Value::Kind::kText) {
      cell.payload = static_cast<std::int64_t>(text_.size());
      cell.text_size = static_cast<std::uint32_t>(value.text.size());
      text_.append(value.text);
    }
    cells_.push_back(cell);
  }
}

void RowBuffer::Clear() {
  cells_.clear();
  text_.clear();
}

Value RowBuffer::Get(std::size_t row, std::size_t column) const {
  const Cell& cell = cells_[row * columns_ + column];
  switch (cell.kind) {
    case Value::Kind::kNull:
      return Value::Null();
    case Value::Kind::kInt:
      return Value::Int(cell.payload);
    case Value::Kind::kDate:
      return Value{Value::Kind::kDate, cell.payload, 0, {}};
    case Value::Kind::kReal:
      return Value::Real(std::bit_cast<double>(cell.payload));
    case Value::Kind::kText:
      return Value::Text(std::string_view(text_.data() + cell.payload, cell.text_size));
  }
  return Value::Null();
}

namespace {

struct Table {
  sqlite3_vtab base;  // first, as SQLite casts between the two
  const RowBuffer* const* source;
};

struct Cursor {
  sqlite3_vtab_cursor base;  // first, as SQLite casts between the two
  const RowBuffer* rows;
  std::size_t row;
};

int Connect(sqlite3* db, void* aux, int /*argc*/, const char* const* /*argv*/, sqlite3_vtab** out, char** /*error*/) {
  static const std::string kDeclaration = [] {
    std::string columns;
    for (std::size_t i = 0; i < RowBuffer::kMaxColumns; ++i) columns += (i == 0 ? "c" : ", c") + std::to_string(i);
    return "CREATE TABLE x(" + columns + ")";
  }();
  const int rc = sqlite3_declare_vtab(db, kDeclaration.c_str());
  if (rc != SQLITE_OK) return rc;
  auto* table = new (std::nothrow) Table{};
  if (table == nullptr) return SQLITE_NOMEM;
  table->source = static_cast<const RowBuffer* const*>(aux);
  *out = &table->base;
  return SQLITE_OK;
}

int Disconnect(sqlite3_vtab* table) {
  delete reinterpret_cast<Table*>(table);
  return SQLITE_OK;
}

int BestIndex(sqlite3_vtab* /*table*/, sqlite3_index_info* info) {
  info->estimatedCost = 1e6;
  return SQLITE_OK;
}

int Open(sqlite3_vtab* table, sqlite3_vtab_cursor** out) {
  auto* cursor = new (std::nothrow) Cursor{};
  if (cursor == nullptr) return SQLITE_NOMEM;
  cursor->rows = *reinterpret_cast<Table*>(table)->source;
  *out = &cursor->base;
  return SQLITE_OK;
}

int Close(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<Cursor*>(cursor);
  return SQLITE_OK;
}

int Filter(sqlite3_vtab_cursor* base, int /*plan*/, const char* /*plan_text*/, int /*argc*/, sqlite3_value** /*argv*/) {
  reinterpret_cast<Cursor*>(base)->row = 0;
  return SQLITE_OK;
}

int Next(sqlite3_vtab_cursor* base) {
  ++reinterpret_cast<Cursor*>(base)->row;
  return SQLITE_OK;
}

int Eof(sqlite3_vtab_cursor* base) {
  const auto* cursor = reinterpret_cast<Cursor*>(base);
  return cursor->rows == nullptr || cursor->row >= cursor->rows->rows() ? 1 : 0;
}

int Column(sqlite3_vtab_cursor* base, sqlite3_context* context, int column) {
  const auto* cursor = reinterpret_cast<Cursor*>(base);
  if (static_cast<std::size_t>(column) >= cursor->rows->columns()) {
    sqlite3_result_null(context);
    return SQLITE_OK;
  }
  const Value value = cursor->rows->Get(cursor->row, static_cast<std::size_t>(column));
  switch (value.kind) {
    case Value::Kind::kNull:
      sqlite3_result_null(context);
      break;
    case Value::Kind::kInt:
    case Value::Kind::kDate:  // the day number
      sqlite3_result_int64(context, value.int_value);
      break;
    case Value::Kind::kReal:
      sqlite3_result_double(context, value.real_value);
      break;
    case Value::Kind::kText:
      // SQLITE_STATIC: the buffer is not touched while the statement runs.
      sqlite3_result_text(context, value.text.data(), static_cast<int>(value.text.size()), SQLITE_STATIC);
      break;
  }
  return SQLITE_OK;
}

int Rowid(sqlite3_vtab_cursor* base, sqlite3_int64* rowid) {
  *rowid = static_cast<sqlite3_int64>(reinterpret_cast<Cursor*>(base)->row);
  return SQLITE_OK;
}

// Eponymous only (no xCreate): the table exists on every connection that
// registers the module, and nothing of it is stored in the database.
constexpr sqlite3_module kModule = {
    0,           // iVersion
    nullptr,     // xCreate
    Connect,     // xConnect
    BestIndex,   // xBestIndex
    Disconnect,  // xDisconnect
    nullptr,     // xDestroy
    Open,        // xOpen
    Close,       // xClose
    Filter,      // xFilter
    Next,        // xNext
    Eof,         // xEof
    Column,      // xColumn
    Rowid,       // xRowid
    nullptr,     // xUpdate
    nullptr,     // xBegin
    nullptr,     // xSync
    nullptr,     // xCommit
    nullptr,     // xRollback
    nullptr,     // xFindFunction
    nullptr,     // xRename
    nullptr,     // xSavepoint
    nullptr,     // xRelease
    nullptr,     // xRollbackTo
    nullptr,     // xShadowName
};

}  // namespace

int RegisterRowBufferTable(sqlite3* db, const RowBuffer* const* source) {
  return sqlite3_create_module_v2(db, "supeval_rows", &kModule, const_cast<const RowBuffer**>(source), nullptr);
}

}  // namespace supeval::store::internal
