// NumberedIdForm: ids written as a fixed text followed by a fixed-width decimal
// number ("S00061", "M000225", "D000000001", "5000012345"): the way ERP systems
// number suppliers, materials and goods receipts. Among the ids of one form,
// text and number correspond one to one, so the number can stand for the id
// exactly: a direct table instead of a hash table (IdIndex), a range of
// numbers instead of one fingerprint per id (SeenIds).
// Plain value: const use from several threads is safe.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace supeval::io {

namespace detail {

// True when the eight bytes of `word` are all ASCII digits.
constexpr bool EightDigits(std::uint64_t word) {
  return (((word & 0xF0F0F0F0F0F0F0F0ULL) | (((word + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) ==
          0x3333333333333333ULL);
}

// The value of eight ASCII digits, the first in the lowest byte.
constexpr std::uint64_t EightDigitsValue(std::uint64_t word) {
  word -= 0x3030303030303030ULL;
  word = (word * 10) + (word >> 8);
  return (((word & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
          (((word >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
         32;
}

static_assert(std::endian::native == std::endian::little);

// The value of `count` decimal digits at `text`, or false when one of them is
// not a digit. Requires count <= 18 (the value then fits in 63 bits).
inline bool ParseDigits(const char* text, std::size_t count, std::uint64_t& value) {
  std::uint64_t result = 0;
  for (; count >= 8; count -= 8, text += 8) {
    std::uint64_t word;
    std::memcpy(&word, text, 8);
    if (!EightDigits(word)) return false;
    result = result * 100000000 + EightDigitsValue(word);
  }
  for (; count > 0; --count, ++text) {
    const auto digit = static_cast<unsigned>(static_cast<unsigned char>(*text)) - '0';
    if (digit > 9) return false;
    result = result * 10 + digit;
  }
  value = result;
  return true;
}

}  // namespace detail

struct NumberedIdForm {
  static constexpr std::size_t kMaxDigits = 18;  // 10^18 - 1 < 2^63
  // What NumberOf returns for an id of another form (larger than any number).
  static constexpr std::uint64_t kOtherForm = ~std::uint64_t{0};

  std::string prefix;
  std::size_t digits = 0;

  // The form `id` is written in: its trailing decimal digits (the last
  // kMaxDigits at most) after the rest as prefix. Nothing when the id does
  // not end in a digit.
  static std::optional<NumberedIdForm> Of(std::string_view id) {
    std::size_t digits = 0;
    while (digits < id.size() && digits < kMaxDigits) {
      const char c = id[id.size() - 1 - digits];
      if (c < '0' || c > '9') break;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    return NumberedIdForm{std::string(id.substr(0, id.size() - digits)), digits};
  }

  // The number `id` writes in this form, or kOtherForm when it is not written
  // in this form (another length, prefix or a non-digit where digits belong).
  [[nodiscard]] std::uint64_t NumberOf(std::string_view id) const {
    if (id.size() != prefix.size() + digits) return kOtherForm;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (id[i] != prefix[i]) return kOtherForm;
    }
    std::uint64_t number = 0;
    if (!detail::ParseDigits(id.data() + prefix.size(), digits, number)) return kOtherForm;
    return number;
  }

  friend bool operator==(const NumberedIdForm&, const NumberedIdForm&) = default;
};

}  // namespace supeval::io
