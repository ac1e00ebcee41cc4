// TOTP (RFC 6238 over RFC 4226's HOTP): the codes an authenticator app shows,
// 6 digits per 30-second step, HMAC-SHA1 — what every authenticator app
// implements. HMAC-SHA1 comes from OpenSSL's libcrypto, which the service
// links already for SHA-256: one dependency fewer than liboath for twenty
// lines of arithmetic. Internal to supeval::service.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "supeval/store/accounts.hpp"

namespace supeval::service::internal {

inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// The time step of an instant (RFC 6238: T = floor(unix time / 30)).
[[nodiscard]] std::int64_t TotpStep(store::Instant at);

// The HOTP value of `key` (raw bytes) at counter `step`, `digits` long with
// leading zeros (RFC 4226, section 5.3).
[[nodiscard]] std::string HotpCode(std::string_view key, std::int64_t step, int digits = kTotpDigits);

// The step, among now's and its neighbours (±1, for clock drift), whose code
// is `code`; nullopt when none is.
[[nodiscard]] std::optional<std::int64_t> MatchingTotpStep(std::string_view key, std::string_view code,
                                                           store::Instant now);

// RFC 4648 base32 without padding (what otpauth URIs carry), and back
// (nullopt for anything but base32 letters).
[[nodiscard]] std::string Base32(std::string_view bytes);
[[nodiscard]] std::optional<std::string> FromBase32(std::string_view text);

// otpauth://totp/ISSUER:NAME?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
[[nodiscard]] std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view base32_secret);

}  // namespace supeval::service::internal
