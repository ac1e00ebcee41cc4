// The AccountStore over a Connection, written once for SQLite and PostgreSQL.
#include "accounts_store.hpp"

#include <utility>

#include "row_reading.hpp"

namespace supeval::store::internal {
namespace {

std::string_view ScopeName(ThrottleScope scope) { return scope == ThrottleScope::kName ? "name" : "address"; }

constexpr std::string_view kUserColumns =
    "name, display_name, role, supplier_id, password_hash, initial_password_until, disabled, totp_secret, "
    "totp_enabled, totp_last_step, created_at, last_login_at, version";

// A user from the columns of kUserColumns, the first at column `c`.
UserRow ReadUserAt(const Row& r, int c) {
  UserRow user;
  user.name = std::string(r.Text(c + 0));
  user.display_name = std::string(r.Text(c + 1));
  user.role = std::string(r.Text(c + 2));
  user.supplier_id = ReadOptionalText(r, c + 3);
  user.password_hash = std::string(r.Text(c + 4));
  user.initial_password_until = ReadOptionalAt(r, c + 5);
  user.disabled = r.Int(c + 6) != 0;
  user.totp_secret = ReadOptionalText(r, c + 7);
  user.totp_enabled = r.Int(c + 8) != 0;
  user.totp_last_step = ReadOptionalInt(r, c + 9);
  user.created_at = ReadAt(r, c + 10);
  user.last_login_at = ReadOptionalAt(r, c + 11);
  user.version = r.Int(c + 12);
  return user;
}
UserRow ReadUser(const Row& r) { return ReadUserAt(r, 0); }

constexpr std::string_view kSessionColumns =
    "session_id, id_sha256, user_name, csrf_token, created_at, last_seen_at, address, user_agent, ended_at";

// A session from the columns of kSessionColumns, the first at column `c`.
SessionRow ReadSessionAt(const Row& r, int c) {
  SessionRow session;
  session.id = r.Int(c + 0);
  session.id_sha256 = std::string(r.Text(c + 1));
  session.user = std::string(r.Text(c + 2));
  session.csrf_token = std::string(r.Text(c + 3));
  session.created_at = ReadAt(r, c + 4);
  session.last_seen_at = ReadAt(r, c + 5);
  session.address = ReadOptionalText(r, c + 6);
  session.user_agent = std::string(r.Text(c + 7));
  session.ended_at = ReadOptionalAt(r, c + 8);
  return session;
}
SessionRow ReadSession(const Row& r) { return ReadSessionAt(r, 0); }

constexpr int kSessionColumnCount = 9;

// `columns` ("a, b, c") with each name prefixed by `alias` ("s.a, s.b, s.c"),
// for a join of tables that share column names (created_at).
std::string Qualified(std::string_view columns, std::string_view alias) {
  std::string qualified;
  std::size_t start = 0;
  while (start < columns.size()) {
    std::size_t end = columns.find(", ", start);
    if (end == std::string_view::npos) end = columns.size();
    if (!qualified.empty()) qualified += ", ";
    qualified.append(alias).append(".").append(columns.substr(start, end - start));
    start = end + 2;
  }
  return qualified;
}

constexpr std::string_view kTokenColumns =
    "token_id, token_sha256, name, user_name, created_at, expires_at, last_used_at, revoked_at";

TokenRow ReadToken(const Row& r) {
  TokenRow token;
  token.id = r.Int(0);
  token.token_sha256 = std::string(r.Text(1));
  token.name = std::string(r.Text(2));
  token.user = std::string(r.Text(3));
  token.created_at = ReadAt(r, 4);
  token.expires_at = ReadAt(r, 5);
  token.last_used_at = ReadOptionalAt(r, 6);
  token.revoked_at = ReadOptionalAt(r, 7);
  return token;
}

AuditEntry ReadAudit(const Row& r) {
  AuditEntry entry;
  entry.id = r.Int(0);
  entry.at = ReadAt(r, 1);
  entry.user = std::string(r.Text(2));
  entry.address = ReadOptionalText(r, 3);
  entry.action = std::string(r.Text(4));
  entry.target = std::string(r.Text(5));
  entry.before = ReadOptionalText(r, 6);
  entry.after = ReadOptionalText(r, 7);
  return entry;
}

IdempotencyRow ReadIdempotencyRow(const Row& r) {
  IdempotencyRow row;
  row.user = std::string(r.Text(0));
  row.key = std::string(r.Text(1));
  row.method = std::string(r.Text(2));
  row.path = std::string(r.Text(3));
  row.body_sha256 = std::string(r.Text(4));
  row.created_at = ReadAt(r, 5);
  row.status = ReadOptionalInt(r, 6);
  row.content_type = ReadOptionalText(r, 7).value_or("");
  row.headers_json = ReadOptionalText(r, 8).value_or("");
  row.body = ReadOptionalText(r, 9).value_or("");
  return row;
}

class SqlAccountStore final : public AccountStore {
 public:
  explicit SqlAccountStore(Connection& connection) : connection_(connection) {}

  core::Status InTransaction(const std::function<core::Status()>& work) override {
    if (in_transaction_) return work();
    if (core::Status begun = connection_.Begin(TransactionKind::kAppend); !begun.ok()) return begun;
    in_transaction_ = true;
    core::Status status = work();
    in_transaction_ = false;
    if (!status.ok()) {
      connection_.Rollback();
      return status;
    }
    return connection_.Commit();
  }

  core::Result<std::optional<UserRow>> FindUser(const std::string& name) override {
    const Value key[] = {Value::Text(name)};
    return QueryOne(connection_, "SELECT " + std::string(kUserColumns) + " FROM users WHERE name = ?", key, ReadUser);
  }

  core::Result<std::vector<UserRow>> ListUsers(const UserFilter& filter) override {
    std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE 1 = 1";
    std::vector<Value> params;
    std::string pattern;
    if (filter.text) {
      // instr, not LIKE: the text is matched as it is, without wildcards.
      sql += connection_.backend() == Backend::kSqlite
                 ? " AND (instr(lower(name), lower(?)) > 0 OR instr(lower(display_name), lower(?)) > 0)"
                 : " AND (strpos(lower(name), lower(?)) > 0 OR strpos(lower(display_name), lower(?)) > 0)";
      params.push_back(Value::Text(*filter.text));
      params.push_back(Value::Text(*filter.text));
    }
    if (filter.role) {
      sql += " AND role = ?";
      params.push_back(Value::Text(*filter.role));
    }
    if (filter.supplier_id) {
      sql += " AND supplier_id = ?";
      params.push_back(Value::Text(*filter.supplier_id));
    }
    return QueryAll(connection_, sql + " ORDER BY name", params, ReadUser);
  }

  core::Status InsertUser(const UserRow& u) override {
    auto existing = FindUser(u.name);
    if (!existing.ok()) return existing.error();
    if (existing->has_value()) {
      return core::Failure(core::ErrorCode::kConflict, "a user named '" + u.name + "' exists already", "conflict");
    }
    const Value row[] = {Value::Text(u.name),
                         Value::Text(u.display_name),
                         Value::Text(u.role),
                         OptionalText(u.supplier_id),
                         Value::Text(u.password_hash),
                         OptionalAt(u.initial_password_until),
                         Value::Int(u.disabled ? 1 : 0),
                         OptionalText(u.totp_secret),
                         Value::Int(u.totp_enabled ? 1 : 0),
                         OptionalInt(u.totp_last_step),
                         At(u.created_at),
                         OptionalAt(u.last_login_at),
                         Value::Int(1)};
    return Done(connection_.Execute(
        "INSERT INTO users (" + std::string(kUserColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row));
  }

  core::Result<std::int64_t> UpdateUser(const UserRow& u) override {
    const Value row[] = {Value::Text(u.display_name),
                         Value::Text(u.role),
                         OptionalText(u.supplier_id),
                         Value::Text(u.password_hash),
                         OptionalAt(u.initial_password_until),
                         Value::Int(u.disabled ? 1 : 0),
                         OptionalText(u.totp_secret),
                         Value::Int(u.totp_enabled ? 1 : 0),
                         OptionalInt(u.totp_last_step),
                         OptionalAt(u.last_login_at),
                         Value::Text(u.name),
                         Value::Int(u.version)};
    auto changed = connection_.Execute(
        "UPDATE users SET display_name = ?, role = ?, supplier_id = ?, password_hash = ?, initial_password_until = ?, "
        "disabled = ?, totp_secret = ?, totp_enabled = ?, totp_last_step = ?, last_login_at = ?, "
        "version = version + 1 WHERE name = ? AND version = ?",
        row);
    if (!changed.ok()) return changed.error();
    if (*changed == 1) return u.version + 1;
    auto current = FindUser(u.name);
    if (!current.ok()) return current.error();
    if (!current->has_value()) {
      return core::Failure(core::ErrorCode::kNotFound, "there is no user '" + u.name + "'", "not-found");
    }
    return core::Failure(core::ErrorCode::kConflict,
                         "user '" + u.name + "' was changed meanwhile; read it again and repeat the change",
                         "precondition-failed");
  }

  core::Status RecordLogin(const std::string& name, Instant at, const std::optional<std::string>& new_hash) override {
    const Value row[] = {At(at), OptionalText(new_hash), Value::Text(name)};
    return Done(connection_.Execute(
        "UPDATE users SET last_login_at = ?, password_hash = coalesce(?, password_hash) WHERE name = ?", row));
  }

  core::Result<bool> UseTotpStep(const std::string& name, std::int64_t step) override {
    const Value row[] = {Value::Int(step), Value::Text(name), Value::Int(step)};
    auto changed = connection_.Execute(
        "UPDATE users SET totp_last_step = ? WHERE name = ? AND (totp_last_step IS NULL OR totp_last_step < ?)", row);
    if (!changed.ok()) return changed.error();
    return *changed == 1;
  }

  core::Result<std::int64_t> CountEnabledAdmins() override {
    const bool postgres = connection_.backend() == Backend::kPostgres;
    auto admins = QueryAll(
        connection_,
        std::string("SELECT name FROM users WHERE role = 'admin' AND disabled = 0") + (postgres ? " FOR UPDATE" : ""),
        {}, [](const Row&) { return 1; });
    if (!admins.ok()) return admins.error();
    return static_cast<std::int64_t>(admins->size());
  }

  core::Result<bool> SupplierExists(const std::string& supplier_id) override {
    const Value key[] = {Value::Text(supplier_id)};
    auto count = QueryInt(connection_, "SELECT count(*) FROM suppliers WHERE supplier_id = ?", key);
    if (!count.ok()) return count.error();
    return *count > 0;
  }

  core::Result<std::int64_t> InsertSession(const SessionRow& s) override {
    const Value row[] = {Value::Text(s.id_sha256), Value::Text(s.user),     Value::Text(s.csrf_token), At(s.created_at),
                         At(s.last_seen_at),       OptionalText(s.address), Value::Text(s.user_agent)};
    return QueryInt(connection_,
                    "INSERT INTO sessions (id_sha256, user_name, csrf_token, created_at, last_seen_at, address, "
                    "user_agent) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING session_id",
                    row);
  }

  core::Result<std::optional<SessionRow>> FindSession(const std::string& id_sha256) override {
    const Value key[] = {Value::Text(id_sha256)};
    return QueryOne(connection_, "SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE id_sha256 = ?", key,
                    ReadSession);
  }

  core::Result<std::optional<SessionWithUser>> FindSessionWithUser(const std::string& id_sha256) override {
    static const std::string kSql = "SELECT " + Qualified(kSessionColumns, "s") + ", " + Qualified(kUserColumns, "u") +
                                    " FROM sessions s LEFT JOIN users u ON u.name = s.user_name WHERE s.id_sha256 = ?";
    const Value key[] = {Value::Text(id_sha256)};
    return QueryOne(connection_, kSql, key, [](const Row& r) {
      SessionWithUser found{ReadSessionAt(r, 0), std::nullopt};
      if (!r.IsNull(kSessionColumnCount)) found.user = ReadUserAt(r, kSessionColumnCount);
      return found;
    });
  }

  core::Status TouchSession(const std::string& id_sha256, Instant at) override {
    const Value row[] = {At(at), Value::Text(id_sha256)};
    return Done(connection_.Execute("UPDATE sessions SET last_seen_at = ? WHERE id_sha256 = ?", row));
  }

  core::Result<bool> EndSession(const std::string& id_sha256, Instant at) override {
    const Value row[] = {At(at), Value::Text(id_sha256)};
    auto changed =
        connection_.Execute("UPDATE sessions SET ended_at = ? WHERE id_sha256 = ? AND ended_at IS NULL", row);
    if (!changed.ok()) return changed.error();
    return *changed == 1;
  }

  core::Result<std::int64_t> EndSessions(const std::string& user, Instant at,
                                         const std::optional<std::string>& except) override {
    const std::string kept = except.value_or("");  // Value::Text borrows: keep it alive
    const Value row[] = {At(at), Value::Text(user), Value::Text(kept)};
    return connection_.Execute(
        "UPDATE sessions SET ended_at = ? WHERE user_name = ? AND ended_at IS NULL AND id_sha256 <> ?", row);
  }

  core::Result<std::vector<SessionRow>> ListOpenSessions(const std::string& user) override {
    const Value key[] = {Value::Text(user)};
    return QueryAll(connection_,
                    "SELECT " + std::string(kSessionColumns) +
                        " FROM sessions WHERE user_name = ? AND ended_at IS NULL ORDER BY session_id DESC",
                    key, ReadSession);
  }

  core::Result<std::int64_t> InsertToken(const TokenRow& t) override {
    const Value row[] = {Value::Text(t.token_sha256), Value::Text(t.name), Value::Text(t.user), At(t.created_at),
                         At(t.expires_at)};
    return QueryInt(connection_,
                    "INSERT INTO api_tokens (token_sha256, name, user_name, created_at, expires_at) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING token_id",
                    row);
  }

  core::Result<std::optional<TokenRow>> FindTokenByHash(const std::string& token_sha256) override {
    const Value key[] = {Value::Text(token_sha256)};
    return QueryOne(connection_, "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE token_sha256 = ?",
                    key, ReadToken);
  }

  core::Result<std::optional<TokenRow>> FindToken(std::int64_t id) override {
    const Value key[] = {Value::Int(id)};
    return QueryOne(connection_, "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE token_id = ?", key,
                    ReadToken);
  }

  core::Result<std::vector<TokenRow>> ListTokens(const std::optional<std::string>& user) override {
    std::vector<Value> params;
    std::string sql = "SELECT " + std::string(kTokenColumns) + " FROM api_tokens WHERE revoked_at IS NULL";
    if (user) {
      sql += " AND user_name = ?";
      params.push_back(Value::Text(*user));
    }
    return QueryAll(connection_, sql + " ORDER BY token_id", params, ReadToken);
  }

  core::Status TouchToken(std::int64_t id, Instant at) override {
    const Value row[] = {At(at), Value::Int(id)};
    return Done(connection_.Execute("UPDATE api_tokens SET last_used_at = ? WHERE token_id = ?", row));
  }

  core::Result<bool> RevokeToken(std::int64_t id, Instant at) override {
    const Value row[] = {At(at), Value::Int(id)};
    auto changed =
        connection_.Execute("UPDATE api_tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL", row);
    if (!changed.ok()) return changed.error();
    return *changed == 1;
  }

  core::Result<std::int64_t> RevokeUserTokens(const std::string& user, Instant at) override {
    const Value row[] = {At(at), Value::Text(user)};
    return connection_.Execute("UPDATE api_tokens SET revoked_at = ? WHERE user_name = ? AND revoked_at IS NULL", row);
  }

  core::Status RecordFailure(ThrottleScope scope, const std::string& key, Instant at, Instant forget_before) override {
    const Value old[] = {Value::Text(ScopeName(scope)), Value::Text(key), At(forget_before)};
    if (core::Status pruned = Done(
            connection_.Execute("DELETE FROM login_failures WHERE scope = ? AND throttle_key = ? AND at < ?", old));
        !pruned.ok()) {
      return pruned;
    }
    const Value row[] = {Value::Text(ScopeName(scope)), Value::Text(key), At(at)};
    return Done(connection_.Execute("INSERT INTO login_failures (scope, throttle_key, at) VALUES (?, ?, ?)", row));
  }

  core::Result<FailureCount> CountFailures(ThrottleScope scope, const std::string& key, Instant since) override {
    const Value params[] = {Value::Text(ScopeName(scope)), Value::Text(key), At(since)};
    auto counts = QueryOne(
        connection_, "SELECT count(*), min(at) FROM login_failures WHERE scope = ? AND throttle_key = ? AND at >= ?",
        params, [](const Row& r) {
          return FailureCount{r.Int(0), ReadOptionalAt(r, 1)};
        });
    if (!counts.ok()) return counts.error();
    return counts->value_or(FailureCount{});
  }

  core::Status ClearFailures(ThrottleScope scope, const std::string& key) override {
    const Value params[] = {Value::Text(ScopeName(scope)), Value::Text(key)};
    return Done(connection_.Execute("DELETE FROM login_failures WHERE scope = ? AND throttle_key = ?", params));
  }

  core::Result<std::optional<IdempotencyRow>> ClaimIdempotencyKey(const IdempotencyRow& claim,
                                                                  Instant forget_before) override {
    const Value old[] = {At(forget_before)};
    if (core::Status pruned = Done(connection_.Execute("DELETE FROM idempotency_keys WHERE created_at < ?", old));
        !pruned.ok()) {
      return pruned.error();
    }
    const Value row[] = {Value::Text(claim.user), Value::Text(claim.key),         Value::Text(claim.method),
                         Value::Text(claim.path), Value::Text(claim.body_sha256), At(claim.created_at)};
    auto inserted = connection_.Execute(
        "INSERT INTO idempotency_keys (user_name, idempotency_key, method, path, body_sha256, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_name, idempotency_key) DO NOTHING",
        row);
    if (!inserted.ok()) return inserted.error();
    if (*inserted == 1) return std::optional<IdempotencyRow>();
    const Value key[] = {Value::Text(claim.user), Value::Text(claim.key)};
    auto existing = QueryOne(connection_,
                             "SELECT user_name, idempotency_key, method, path, body_sha256, created_at, status, "
                             "content_type, headers_json, body FROM idempotency_keys "
                             "WHERE user_name = ? AND idempotency_key = ?",
                             key, ReadIdempotencyRow);
    if (!existing.ok()) return existing.error();
    // Gone between the two statements (released by its first request): claim again.
    if (!existing->has_value()) return ClaimIdempotencyKey(claim, forget_before);
    return existing;
  }

  core::Status FinishIdempotencyKey(const IdempotencyRow& answered) override {
    const Value row[] = {OptionalInt(answered.status),       Value::Text(answered.content_type),
                         Value::Text(answered.headers_json), Value::Text(answered.body),
                         Value::Text(answered.user),         Value::Text(answered.key)};
    return Done(
        connection_.Execute("UPDATE idempotency_keys SET status = ?, content_type = ?, headers_json = ?, body = ? "
                            "WHERE user_name = ? AND idempotency_key = ?",
                            row));
  }

  core::Status ReleaseIdempotencyKey(const std::string& user, const std::string& key) override {
    const Value row[] = {Value::Text(user), Value::Text(key)};
    return Done(connection_.Execute("DELETE FROM idempotency_keys WHERE user_name = ? AND idempotency_key = ?", row));
  }

  core::Result<std::int64_t> AppendAudit(const AuditEntry& entry) override {
    return AppendAuditEntry(connection_, entry);
  }

  core::Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) override {
    std::vector<Value> params;
    std::string sql =
        "SELECT audit_id, at, user_name, address, action, target, before_json, after_json FROM audit_log" +
        AuditWhere(filter, params);
    if (filter.before) {
      sql += " AND audit_id < ?";
      params.push_back(Value::Int(*filter.before));
    }
    sql += " ORDER BY audit_id DESC LIMIT ? OFFSET ?";
    params.push_back(Value::Int(filter.limit));
    params.push_back(Value::Int(filter.offset));
    return QueryAll(connection_, sql, params, ReadAudit);
  }

  core::Result<std::int64_t> CountAudit(const AuditFilter& filter) override {
    std::vector<Value> params;
    const std::string where = AuditWhere(filter, params);
    return QueryInt(connection_, "SELECT count(*) FROM audit_log" + where, params);
  }

 private:
  // The WHERE clause of since, user and action; its parameters appended.
  static std::string AuditWhere(const AuditFilter& filter, std::vector<Value>& params) {
    std::string sql = " WHERE 1 = 1";
    if (filter.since) {
      sql += " AND at >= ?";
      params.push_back(At(*filter.since));
    }
    if (filter.user) {
      sql += " AND user_name = ?";
      params.push_back(Value::Text(*filter.user));
    }
    if (filter.action) {
      sql += " AND action = ?";
      params.push_back(Value::Text(*filter.action));
    }
    return sql;
  }

  Connection& connection_;
  bool in_transaction_ = false;
};

}  // namespace

core::Result<std::int64_t> AppendAuditEntry(Connection& connection, const AuditEntry& e) {
  const Value row[] = {At(e.at),
                       Value::Text(e.user),
                       OptionalText(e.address),
                       Value::Text(e.action),
                       Value::Text(e.target),
                       OptionalText(e.before),
                       OptionalText(e.after)};
  return QueryInt(connection,
                  "INSERT INTO audit_log (at, user_name, address, action, target, before_json, after_json) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING audit_id",
                  row);
}

std::unique_ptr<AccountStore> MakeAccountStore(Connection& connection) {
  return std::make_unique<SqlAccountStore>(connection);
}

}  // namespace supeval::store::internal
