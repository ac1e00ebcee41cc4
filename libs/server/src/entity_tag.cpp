// Entity tags: SHA-256 (OpenSSL) and If-None-Match's list.
#include "entity_tag.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace supeval::server {
namespace {

std::string Hex(const unsigned char* bytes, std::size_t count) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < count; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0xf];
  }
  return hex;
}

}  // namespace

std::string EntityTag(std::initializer_list<std::string_view> parts) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  for (std::string_view part : parts) {
    EVP_DigestUpdate(context, part.data(), part.size());
    EVP_DigestUpdate(context, "\n", 1);
  }
  EVP_DigestFinal_ex(context, digest.data(), &length);
  EVP_MD_CTX_free(context);
  constexpr std::size_t kTagBytes = 16;
  return "\"" + Hex(digest.data(), std::min<std::size_t>(length, kTagBytes)) + "\"";
}

bool MatchesNoneMatch(std::string_view header, std::string_view tag) {
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == tag) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace supeval::server
