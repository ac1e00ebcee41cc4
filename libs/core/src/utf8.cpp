// UTF-8 well-formedness (utf8.hpp): the table of well-formed sequences.
#include "supeval/core/utf8.hpp"

namespace supeval::core {
namespace {

bool Between(unsigned char byte, unsigned char low, unsigned char high) { return low <= byte && byte <= high; }

// Well-formed sequences of two to four bytes (Unicode table 3-7), by lead
// byte: the length and the range of the second byte; further bytes are
// 80..BF. A lead byte in none of them (a continuation byte alone, C0, C1,
// F5..FF) starts no sequence.
struct SequenceForm {
  unsigned char first_lead, last_lead;
  std::size_t length;
  unsigned char second_low, second_high;
};
constexpr SequenceForm kSequenceForms[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF}, {0xED, 0xED, 3, 0x80, 0x9F},
    {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

}  // namespace

std::size_t Utf8SequenceLength(std::string_view text, std::size_t at) {
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

bool IsUtf8Text(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0 || text[at] == '\0') return false;
    at += length;
  }
  return true;
}

}  // namespace supeval::core
