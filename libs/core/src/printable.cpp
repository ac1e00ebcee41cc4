// Control characters made visible (printable.hpp).
#include "supeval/core/printable.hpp"

#include <algorithm>
#include <cstdint>

namespace supeval::core {
namespace {

bool Between(unsigned char byte, unsigned char low, unsigned char high) { return low <= byte && byte <= high; }

// Well-formed UTF-8 sequences of two to four bytes (Unicode table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF): by lead byte, the
// length and the range of the second byte; further bytes are 80..BF.
struct SequenceForm {
  unsigned char first_lead, last_lead;
  std::size_t length;
  unsigned char second_low, second_high;
};
constexpr SequenceForm kSequenceForms[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
    {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

// The length of the well-formed UTF-8 sequence at text[at], or 0.
std::size_t SequenceLength(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) {
    return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : static_cast<unsigned char>(0);
  };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  for (const SequenceForm& form : kSequenceForms) {
    if (!Between(lead, form.first_lead, form.last_lead)) continue;
    if (!Between(byte(1), form.second_low, form.second_high)) return 0;
    for (std::size_t i = 2; i < form.length; ++i) {
      if (!Between(byte(i), 0x80, 0xBF)) return 0;
    }
    return form.length;
  }
  return 0;
}

void AppendHex(std::string& out, const char* prefix, unsigned value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += prefix;
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kDigits[(value >> shift) & 0xF];
}

bool NeedsEscape(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte >= 0x7F;  // controls, DEL, and every byte of a multi-byte sequence (checked below)
}

}  // namespace

std::string Printable(std::string_view text) {
  if (std::none_of(text.begin(), text.end(), NeedsEscape)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    const std::size_t length = SequenceLength(text, at);
    if (byte == '\t') out += "\\t";
    else if (byte == '\n') out += "\\n";
    else if (byte == '\r') out += "\\r";
    else if (byte < 0x20 || byte == 0x7F || length == 0) AppendHex(out, "\\x", byte, 2);
    else if (byte == 0xC2 && static_cast<unsigned char>(text[at + 1]) < 0xA0) {
      AppendHex(out, "\\u", static_cast<unsigned char>(text[at + 1]), 4);  // U+0080..U+009F
    } else {
      out.append(text, at, length);
    }
    at += std::max<std::size_t>(length, 1);
  }
  return out;
}

}  // namespace supeval::core
