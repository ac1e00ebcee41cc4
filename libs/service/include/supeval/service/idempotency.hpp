// Idempotency-Key (API.md, "Retries, caching, limits"): a POST sent again
// with the same key gets the first answer back instead of running twice.
// The answer is kept for 24 hours in the database, per user and key, with
// the method, path and SHA-256 of the body it answered: the same key with
// another request is refused (`idempotency-key-reused`), and one whose first
// request still runs is refused too (`idempotency-in-flight`). Being rows of
// the database, keys hold across every serve process.
//
// Thread-compatible: an IdempotencyKeys borrows its AccountStore (one thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::service {

inline constexpr std::chrono::hours kIdempotencyKeyLifetime{24};

// A kept answer.
struct KeptAnswer {
  unsigned status = 0;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Location
  std::string body;
};

enum class KeyClaim {
  kClaimed,   // the caller runs the request, then Keep or Release
  kReplay,    // answer with `kept`
  kInFlight,  // 409 idempotency-in-flight
  kReused,    // 422 idempotency-key-reused
};

struct IdempotentRequest {
  std::string user;
  std::string key;
  std::string method;
  std::string path;
  std::string_view body;  // what the request sent, as its identity
};

// Whether `key` is an Idempotency-Key API.md accepts: 1–255 visible ASCII
// characters; kBadInput naming the header otherwise.
[[nodiscard]] core::Status CheckIdempotencyKey(std::string_view key);

class IdempotencyKeys {
 public:
  explicit IdempotencyKeys(store::AccountStore& store) : store_(store) {}

  // What to do with `request` at `now`; `kept` is set for kReplay.
  [[nodiscard]] core::Result<KeyClaim> Claim(const IdempotentRequest& request, std::chrono::sys_seconds now,
                                             std::optional<KeptAnswer>& kept);
  // Keeps the answer of a claimed request.
  core::Status Keep(const IdempotentRequest& request, const KeptAnswer& answer);
  // Forgets a claimed request that found no answer (an internal error): a
  // retry with the same key runs it again.
  core::Status Release(const IdempotentRequest& request);

 private:
  store::AccountStore& store_;
};

}  // namespace supeval::service
