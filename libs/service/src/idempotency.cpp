// Idempotency keys: the claim, the kept answer, the rules of a key.
#include "supeval/service/idempotency.hpp"

#include <nlohmann/json.hpp>

#include "sha256.hpp"

namespace supeval::service {
namespace {

constexpr std::size_t kLongestKey = 255;

std::string HeadersJson(const std::vector<std::pair<std::string, std::string>>& headers) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [name, value] : headers) pairs.push_back({name, value});
  return pairs.dump();
}

std::vector<std::pair<std::string, std::string>> HeadersOf(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> headers;
  const nlohmann::json pairs = nlohmann::json::parse(json, nullptr, false);
  if (!pairs.is_array()) return headers;
  for (const auto& pair : pairs) headers.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  return headers;
}

// The row of `request`'s key: whose, which, and what it answers.
store::IdempotencyRow RowOf(const IdempotentRequest& request) {
  store::IdempotencyRow row;
  row.user = request.user;
  row.key = request.key;
  row.method = request.method;
  row.path = request.path;
  return row;
}

}  // namespace

core::Status CheckIdempotencyKey(std::string_view key) {
  bool visible = !key.empty() && key.size() <= kLongestKey;
  for (const char c : key) visible = visible && c > ' ' && c < 0x7f;
  if (visible) return core::Ok{};
  return core::BadInput("Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is recommended)",
                        core::Location{"", 0, "Idempotency-Key"});
}

core::Result<KeyClaim> IdempotencyKeys::Claim(const IdempotentRequest& request, std::chrono::sys_seconds now,
                                              std::optional<KeptAnswer>& kept) {
  if (core::Status checked = CheckIdempotencyKey(request.key); !checked.ok()) return checked.error();
  store::IdempotencyRow claim = RowOf(request);
  claim.body_sha256 = Sha256Hex(request.body);
  claim.created_at = now;
  auto existing = store_.ClaimIdempotencyKey(claim, now - kIdempotencyKeyLifetime);
  if (!existing.ok()) return existing.error();
  if (!existing->has_value()) return KeyClaim::kClaimed;
  const store::IdempotencyRow& row = **existing;
  if (row.method != claim.method || row.path != claim.path || row.body_sha256 != claim.body_sha256) {
    return KeyClaim::kReused;
  }
  if (!row.status) return KeyClaim::kInFlight;
  kept = KeptAnswer{static_cast<unsigned>(*row.status), row.content_type, HeadersOf(row.headers_json), row.body};
  return KeyClaim::kReplay;
}

core::Status IdempotencyKeys::Keep(const IdempotentRequest& request, const KeptAnswer& answer) {
  store::IdempotencyRow row = RowOf(request);
  row.status = answer.status;
  row.content_type = answer.content_type;
  row.headers_json = HeadersJson(answer.headers);
  row.body = answer.body;
  return store_.FinishIdempotencyKey(row);
}

core::Status IdempotencyKeys::Release(const IdempotentRequest& request) {
  return store_.ReleaseIdempotencyKey(request.user, request.key);
}

}  // namespace supeval::service
