// The password rule: long enough, UTF-8, and not a common password.
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>

#include "supeval/core/utf8.hpp"
#include "supeval/service/accounts.hpp"

namespace supeval::service {
namespace internal {
extern const std::string_view kCommonPasswords;  // generated from data/common_passwords.txt
}  // namespace internal

namespace {

constexpr std::size_t kMinimumCharacters = 8;
constexpr std::size_t kMaximumBytes = 1024;  // bounds the work of hashing

std::string Lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

const std::unordered_set<std::string>& CommonPasswords() {
  static const std::unordered_set<std::string> kSet = [] {
    std::unordered_set<std::string> set;
    std::string_view rest = internal::kCommonPasswords;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      if (end > 0) set.insert(Lowercase(rest.substr(0, end)));
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    return set;
  }();
  return kSet;
}

// Unicode code points of UTF-8 text: the bytes that do not continue one.
std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

core::Error Refused(std::string message) {
  return core::Failure(core::ErrorCode::kRefused, std::move(message), "rule-violation");
}

}  // namespace

core::Status CheckPasswordRule(std::string_view password) {
  if (!core::IsUtf8Text(password)) return Refused("the password is not UTF-8 text");
  if (CodePoints(password) < kMinimumCharacters) {
    return Refused("the password is too short: at least " + std::to_string(kMinimumCharacters) + " characters");
  }
  if (password.size() > kMaximumBytes) {
    return Refused("the password is too long: at most " + std::to_string(kMaximumBytes) + " bytes");
  }
  if (CommonPasswords().contains(Lowercase(password))) {
    return Refused("the password is one of the 3,000 most common passwords; choose another");
  }
  return core::Ok{};
}

}  // namespace supeval::service
