// Entity tags (RFC 9110, 8.8.3 and 13.1.2): a strong tag made from the bytes
// an answer depends on, and the If-None-Match test that turns a GET into a
// 304. Shared by the API's answers and the front end's files.
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace supeval::server {

// A strong ETag, quoted: the first 128 bits of SHA-256 over `parts`, each
// followed by a newline (so that {"a", "b"} and {"ab", ""} differ).
[[nodiscard]] std::string EntityTag(std::initializer_list<std::string_view> parts);

// Whether an If-None-Match `header` lists `tag` (weak comparison) or is *.
[[nodiscard]] bool MatchesNoneMatch(std::string_view header, std::string_view tag);

}  // namespace supeval::server
