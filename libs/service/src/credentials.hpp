// Credentials: what the account use cases need from cryptography, in one
// place — Argon2id password hashes, random secrets (session ids, CSRF and API
// tokens, initial passwords, TOTP secrets), their SHA-256 fingerprints and
// constant-time comparison — over libsodium (and OpenSSL's SHA-256, which
// sha256.hpp already uses). Internal to supeval::service.
//
// Thread-safety: stateless functions; libsodium is initialised once, safely
// from any thread (sodium_init is idempotent and thread-safe).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "supeval/service/accounts.hpp"

namespace supeval::service::internal {

// An Argon2id string (crypto_pwhash_str) of `password` at `cost`; nullopt
// only when the machine cannot give the memory.
[[nodiscard]] std::optional<std::string> HashPassword(std::string_view password, const PasswordCost& cost);
// Whether `password` matches `hash`; false for a malformed hash.
[[nodiscard]] bool VerifyPassword(std::string_view hash, std::string_view password);
// Whether `hash` was made with other parameters than `cost`.
[[nodiscard]] bool NeedsRehash(std::string_view hash, const PasswordCost& cost);

// `bytes` random bytes as base64url without padding (32 bytes: 43 characters).
[[nodiscard]] std::string RandomBase64Url(std::size_t bytes);
// `bytes` random bytes, raw.
[[nodiscard]] std::string RandomBytes(std::size_t bytes);
// The SHA-256 of a secret as stored: lower-case hex.
[[nodiscard]] std::string Fingerprint(std::string_view secret);
// Equal texts, compared in time that depends only on their lengths.
[[nodiscard]] bool SameSecret(std::string_view a, std::string_view b);

}  // namespace supeval::service::internal
