// Whether the bytes of an interchange file are text: UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing past U+10FFFF) without NUL bytes
// (spec: "Interchange format (CSV)", UTF-8). A Latin-1 export or a binary
// file must be refused where it is read, naming the file, line and column:
// passed on, its bytes break JSON output and the PostgreSQL import later.
// Almost all text is ASCII: IsPlainAscii answers for it 64 bytes at a time,
// and only text it refuses needs the byte-by-byte check.
// Pure functions: safe from any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace supeval::io {

enum class TextProblem { kNone, kNotUtf8, kNul };

// Whether every byte of `text` is below 0x80 and not 0: then it is valid
// UTF-8 without NUL, and needs no CheckText.
[[nodiscard]] bool IsPlainAscii(std::string_view text);

// The first problem of `text` as interchange text: a NUL byte, or a byte
// sequence that is not UTF-8.
[[nodiscard]] TextProblem CheckText(std::string_view text);

// The message for a problem ("not valid UTF-8", "contains a NUL byte").
[[nodiscard]] std::string_view Describe(TextProblem problem);

}  // namespace supeval::io
