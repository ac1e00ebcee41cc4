// Credentials over libsodium.
#include "credentials.hpp"

#include <sodium.h>

#include <cstdlib>
#include <vector>

#include "sha256.hpp"

namespace supeval::service::internal {
namespace {

// libsodium's random generator and hashing need sodium_init() first; it
// fails only when the system has no random source, where no secret could be
// made safely: stop rather than go on.
void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) std::abort();
}

}  // namespace

std::optional<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  EnsureSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::nullopt;
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  const std::string terminated(hash);  // libsodium reads a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash, const PasswordCost& cost) {
  EnsureSodium();
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), cost.opslimit, cost.memlimit) != 0;
}

std::string RandomBytes(std::size_t bytes) {
  EnsureSodium();
  std::string out(bytes, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string RandomBase64Url(std::size_t bytes) {
  std::string raw = RandomBytes(bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::vector<char> text(sodium_base64_ENCODED_LEN(bytes, kVariant));
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(), kVariant);
  sodium_memzero(raw.data(), raw.size());
  return std::string(text.data());
}

std::string Fingerprint(std::string_view secret) { return Sha256Hex(secret); }

bool SameSecret(std::string_view a, std::string_view b) {
  EnsureSodium();
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace supeval::service::internal
