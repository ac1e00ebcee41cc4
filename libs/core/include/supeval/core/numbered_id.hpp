// NumberedIdForm: ids written as a fixed text followed by a fixed-width decimal
// number ("S00061", "M000225", "D000000001", "5000012345"): the way ERP systems
// number suppliers, materials and goods receipts. Among the ids of one form,
// text and number correspond one to one, so the number can stand for the id
// exactly: a direct table instead of a hash table (the id tables of io and
// store), a range of numbers instead of one fingerprint per id (io's SeenIds).
// Plain value: const use from several threads is safe.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/records.hpp"

namespace supeval::core {

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

// The last eight bytes of `text` (not empty) as a little-endian word; bytes
// before its start read as zero.
inline std::uint64_t LastEightBytes(std::string_view text) {
  const std::size_t size = text.size();
  if (size >= 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + size - 8, 8);
    return word;
  }
  const std::size_t shift = 8 * (8 - size);  // where the first byte goes
  if (size >= 4) {
    // Two four-byte loads that overlap for fewer than eight bytes; the bytes
    // they share are the same in both.
    std::uint32_t head;
    std::uint32_t tail;
    std::memcpy(&head, text.data(), 4);
    std::memcpy(&tail, text.data() + size - 4, 4);
    return (static_cast<std::uint64_t>(head) << shift) | (static_cast<std::uint64_t>(tail) << 32);
  }
  // One to three bytes: the first, the middle and the last cover them all.
  const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(text[i])); };
  return (byte(0) << shift) | (byte(size / 2) << (shift + 8 * (size / 2))) | (byte(size - 1) << 56);
}

// The bytes of a word below byte `count` (count <= 8).
constexpr std::uint64_t LowBytes(std::size_t count) {
  return count >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * count)) - 1;
}

// `word` with the bytes before its last `digits` made '0': a number of at
// most eight digits, right-aligned in the word, as EightDigits reads it.
constexpr std::uint64_t WithLeadingZeros(std::uint64_t word, std::size_t digits) {
  const std::uint64_t before_digits = LowBytes(8 - digits);
  return (word & ~before_digits) | (0x3030303030303030ULL & before_digits);
}

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
    // Up to eight digits (the common case: a lookup on every delivery) are
    // read as one word: the id's last eight bytes, what comes before the
    // digits turned into leading zeros.
    if (digits <= 8) {
      const std::uint64_t number = detail::WithLeadingZeros(detail::LastEightBytes(id), digits);
      return detail::EightDigits(number) ? detail::EightDigitsValue(number) : kOtherForm;
    }
    std::uint64_t number = 0;
    if (!detail::ParseDigits(id.data() + prefix.size(), digits, number)) return kOtherForm;
    return number;
  }

  friend bool operator==(const NumberedIdForm&, const NumberedIdForm&) = default;
};

// Ids of one numbered form with numbers close together, each with an index:
// a table with an entry for every number from the lowest to the highest, so
// that finding an id is reading its number and one entry of a table small
// enough for the cache — no hashing, no comparing of text.
class NumberTable {
 public:
  // Numbers are close together when the table has at most kFactor entries an
  // id (4-byte entries: at most half the size of a hash table), give or take
  // kSlack.
  static constexpr std::uint64_t kFactor = 4;
  static constexpr std::uint64_t kSlack = 1024;
  [[nodiscard]] static bool Dense(std::uint64_t lowest, std::uint64_t highest, std::size_t ids) {
    return highest - lowest < kFactor * ids + kSlack;
  }

  // The table of `ids`, the one at position i with index i; nothing when
  // there are none, or they are not all of one form, or not close together.
  [[nodiscard]] static std::optional<NumberTable> Of(const std::vector<std::string_view>& ids) {
    if (ids.empty()) return std::nullopt;
    auto form = NumberedIdForm::Of(ids.front());
    if (!form) return std::nullopt;
    std::uint64_t lowest = NumberedIdForm::kOtherForm;
    std::uint64_t highest = 0;
    for (const std::string_view id : ids) {
      const std::uint64_t number = form->NumberOf(id);
      if (number == NumberedIdForm::kOtherForm) return std::nullopt;
      lowest = std::min(lowest, number);
      highest = std::max(highest, number);
    }
    if (!Dense(lowest, highest, ids.size())) return std::nullopt;
    NumberTable table;
    const std::size_t length = form->prefix.size() + form->digits;
    if (length <= 8) {
      // The whole id fits in the word that NumberOf reads: the prefix is
      // checked by one comparison.
      std::uint64_t prefix_bits = 0;
      for (std::size_t i = 0; i < form->prefix.size(); ++i) {
        prefix_bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(form->prefix[i])) << (8 * (8 - length + i));
      }
      table.word_form_ = WordForm{length, form->digits,
                                  detail::LowBytes(8 - form->digits) & ~detail::LowBytes(8 - length), prefix_bits};
    }
    table.first_ = lowest;
    table.by_number_.assign(highest - lowest + 1, kNoIndex);
    for (Index index = 0; index < ids.size(); ++index) table.by_number_[form->NumberOf(ids[index]) - lowest] = index;
    table.form_ = *std::move(form);
    return table;
  }

  // What Find takes: the number of `id` in the table's form
  // (NumberedIdForm::NumberOf).
  [[nodiscard]] std::uint64_t NumberOf(std::string_view id) const {
    if (!word_form_) return form_.NumberOf(id);
    const WordForm& form = *word_form_;
    if (id.size() != form.length) return NumberedIdForm::kOtherForm;
    const std::uint64_t word = detail::LastEightBytes(id);
    if ((word & form.prefix_mask) != form.prefix_bits) return NumberedIdForm::kOtherForm;
    const std::uint64_t number = detail::WithLeadingZeros(word, form.digits);
    return detail::EightDigits(number) ? detail::EightDigitsValue(number) : NumberedIdForm::kOtherForm;
  }
  // Starts loading the entry that Find(number) reads.
  void Prefetch(std::uint64_t number) const {
    if (number - first_ < by_number_.size()) __builtin_prefetch(&by_number_[number - first_]);
  }
  // The index of the id with `number`, or kNoIndex.
  [[nodiscard]] Index Find(std::uint64_t number) const {
    // kOtherForm, or a number below the first, wraps to far beyond the table.
    const std::uint64_t at = number - first_;
    return at < by_number_.size() ? by_number_[at] : kNoIndex;
  }

 private:
  // An id of at most eight bytes, as it lies in the word of LastEightBytes.
  struct WordForm {
    std::size_t length;
    std::size_t digits;
    std::uint64_t prefix_mask;  // the bytes of the prefix
    std::uint64_t prefix_bits;  // and what they hold
  };

  NumberedIdForm form_;
  std::optional<WordForm> word_form_;
  std::uint64_t first_ = 0;
  std::vector<Index> by_number_;
};

}  // namespace supeval::core
