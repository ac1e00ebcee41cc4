// Text as it may be shown on a terminal or in a one-line message: control
// characters that came with the data are written as visible escapes, so that
// a supplier name can neither send the terminal a command (an ESC sequence
// that clears the screen) nor split a table row or an error message in two.
// The convention, for display only (the data keep their bytes, and CSV and
// JSON output carry them as those formats quote or escape them):
//   tab, line feed, carriage return   \t  \n  \r
//   other C0 controls and DEL         \xNN, two lower-case hex digits (ESC: \x1b)
//   C1 controls U+0080..U+009F        \u0080 .. \u009f
//   bytes that are not UTF-8          \xNN, each
// Everything else, backslashes included, is kept as it is: valid UTF-8 text
// without control characters comes back unchanged.
// Pure functions: thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace supeval::core {

// `text` with its control characters (and bytes that are not UTF-8) escaped
// as above. Escaping printable text again changes nothing.
[[nodiscard]] std::string Printable(std::string_view text);

}  // namespace supeval::core
