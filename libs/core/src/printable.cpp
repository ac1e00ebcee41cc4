// Control characters made visible (printable.hpp).
#include "supeval/core/printable.hpp"

#include <algorithm>
#include <cstdint>

#include "supeval/core/utf8.hpp"

namespace supeval::core {
namespace {

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
    const std::size_t length = Utf8SequenceLength(text, at);
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
