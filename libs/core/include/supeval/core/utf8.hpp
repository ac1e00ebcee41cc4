// UTF-8 well-formedness (RFC 3629; table 3-7 of the Unicode standard: no
// overlong forms, no surrogates, nothing past U+10FFFF), the one decoder
// rule shared by the readers that refuse text that is not UTF-8 and the
// writers that escape it for a terminal. Pure functions: any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace supeval::core {

// The length of the well-formed UTF-8 sequence that starts at text[at] (1
// for a byte below 0x80), or 0 when the bytes there are no whole, well-formed
// sequence. Requires at < text.size().
[[nodiscard]] std::size_t Utf8SequenceLength(std::string_view text, std::size_t at);

// Whether `text` is well-formed UTF-8 without a NUL byte: text that may be
// stored and later shown as JSON.
[[nodiscard]] bool IsUtf8Text(std::string_view text);

}  // namespace supeval::core
