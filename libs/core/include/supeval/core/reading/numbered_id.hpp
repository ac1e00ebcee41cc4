// NumberedIdForm: ids written as a fixed text followed by a fixed-width decimal
// number ("S00061", "M000225", "D000000001", "5000012345"): the way ERP systems
// number suppliers, materials and goods receipts. Among the ids of one form,
// text and number correspond one to one, so the number can stand for the id
// exactly: a direct table instead of a hash table (the id tables of io and
// store), a range of numbers instead of one fingerprint per id (io's SeenIds).
// Plain value: const use from several threads is safe.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "supeval/core/digits.hpp"
#include "supeval/core/records.hpp"

namespace supeval::core {

namespace detail {

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

namespace detail {

// The value of kDigits decimal digits at `text`, or all ones (NumberedIdForm's
// kOtherForm) when one of them is not a digit: unrolled, with one test at the
// end instead of one a digit (about half the instructions of a loop).
// From eight digits on, the last eight are read as one word (a delivery's
// number has nine or ten: a third of the instructions of the byte loop).
// (Fewer digits as two overlapping words of four took more time than bytes.)
template <std::size_t kDigits>
std::uint64_t FixedDigits(const char* text) {
  constexpr std::size_t kByByte = kDigits >= 8 ? kDigits - 8 : kDigits;
  std::uint64_t value = 0;
  unsigned not_digit = 0;
#pragma GCC unroll 18
  for (std::size_t i = 0; i < kByByte; ++i) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(text[i])) - '0';
    not_digit |= static_cast<unsigned>(digit > 9);
    value = value * 10 + digit;
  }
  if constexpr (kDigits >= 8) {
    std::uint64_t word;
    std::memcpy(&word, text + kByByte, 8);
    not_digit |= static_cast<unsigned>(!EightDigits(word));
    value = value * 100000000 + EightDigitsValue(word);
  }
  return not_digit != 0 ? ~std::uint64_t{0} : value;
}

using DigitsReader = std::uint64_t (*)(const char*);

template <std::size_t... kDigits>
constexpr std::array<DigitsReader, sizeof...(kDigits)> DigitsReaders(std::index_sequence<kDigits...>) {
  return {&FixedDigits<kDigits>...};
}

}  // namespace detail

// Reads the numbers of ids in one form (NumberOf gives what the form's
// NumberOf gives) with the reading of the form's number of digits chosen
// once: the hot path of every numbered lookup (each delivery names a
// supplier, a plant and a material, and its own id is checked for repeats).
class NumberReader {
 public:
  NumberReader() = default;
  explicit NumberReader(NumberedIdForm form)
      : form_(std::move(form)), length_(form_.prefix.size() + form_.digits), read_(kReaders[form_.digits]) {}

  [[nodiscard]] const NumberedIdForm& form() const { return form_; }

  [[nodiscard]] std::uint64_t NumberOf(std::string_view id) const {
    if (id.size() != length_) return NumberedIdForm::kOtherForm;
    const std::size_t prefix = length_ - form_.digits;
    for (std::size_t i = 0; i < prefix; ++i) {
      if (id[i] != form_.prefix[i]) return NumberedIdForm::kOtherForm;
    }
    return read_(id.data() + prefix);
  }

 private:
  static constexpr auto kReaders = detail::DigitsReaders(std::make_index_sequence<NumberedIdForm::kMaxDigits + 1>());

  NumberedIdForm form_;
  std::size_t length_ = ~std::size_t{0};  // none: a reader of no form reads no id
  detail::DigitsReader read_ = kReaders[0];
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

  // The form of a set of ids and the range of their numbers.
  struct DenseNumbers {
    NumberedIdForm form;
    std::uint64_t lowest = 0;
    std::uint64_t highest = 0;
  };
  // The form and range of the `count` ids key_at(0), key_at(1), …; nothing
  // when there are none, or they are not all of one form, or not close
  // together.
  template <class KeyAt>
  [[nodiscard]] static std::optional<DenseNumbers> FindDense(std::size_t count, const KeyAt& key_at) {
    if (count == 0) return std::nullopt;
    auto form = NumberedIdForm::Of(key_at(0));
    if (!form) return std::nullopt;
    DenseNumbers dense{*std::move(form), NumberedIdForm::kOtherForm, 0};
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint64_t number = dense.form.NumberOf(key_at(i));
      if (number == NumberedIdForm::kOtherForm) return std::nullopt;
      dense.lowest = std::min(dense.lowest, number);
      dense.highest = std::max(dense.highest, number);
    }
    if (!Dense(dense.lowest, dense.highest, count)) return std::nullopt;
    return dense;
  }

  // Whether a table by number holding `ids` ids is the numbers from its
  // first up, each with its place in that order as index (a master file
  // listed by id, as ERP systems export it): then an id's index is its
  // number less the first, and no table needs to be read.
  [[nodiscard]] static bool InOrder(const std::vector<Index>& by_number, std::size_t ids) {
    if (ids == 0 || by_number.size() < ids) return false;
    for (std::size_t index = 0; index < ids; ++index) {
      if (by_number[index] != index) return false;
    }
    return true;
  }

  // The table of `ids`, the one at position i with index i; nothing when
  // FindDense finds nothing.
  [[nodiscard]] static std::optional<NumberTable> Of(const std::vector<std::string_view>& ids) {
    auto dense = FindDense(ids.size(), [&](std::size_t i) { return ids[i]; });
    if (!dense) return std::nullopt;
    NumberTable table;
    table.reader_ = NumberReader(std::move(dense->form));
    table.first_ = dense->lowest;
    table.by_number_.assign(dense->highest - dense->lowest + 1, kNoIndex);
    for (Index index = 0; index < ids.size(); ++index) {
      table.by_number_[table.reader_.NumberOf(ids[index]) - dense->lowest] = index;
    }
    if (InOrder(table.by_number_, ids.size())) {
      table.in_order_ids_ = ids.size();
      table.by_number_ = {};
    }
    return table;
  }

  // What Find takes: the number of `id` in the table's form
  // (NumberedIdForm::NumberOf).
  [[nodiscard]] std::uint64_t NumberOf(std::string_view id) const { return reader_.NumberOf(id); }
  // Starts loading the entry that Find(number) reads.
  void Prefetch(std::uint64_t number) const {
    if (number - first_ < by_number_.size()) __builtin_prefetch(&by_number_[number - first_]);
  }
  // The index of the id with `number`, or kNoIndex.
  [[nodiscard]] Index Find(std::uint64_t number) const {
    // kOtherForm, or a number below the first, wraps to far beyond the table.
    const std::uint64_t at = number - first_;
    if (in_order_ids_ != 0) return at < in_order_ids_ ? static_cast<Index>(at) : kNoIndex;
    return at < by_number_.size() ? by_number_[at] : kNoIndex;
  }
  // Whether the ids are in order (see InOrder): lookups read no table.
  [[nodiscard]] bool in_order() const { return in_order_ids_ != 0; }

 private:
  NumberReader reader_;
  std::uint64_t first_ = 0;
  std::vector<Index> by_number_;  // empty when in order
  std::uint64_t in_order_ids_ = 0;
};

}  // namespace supeval::core
