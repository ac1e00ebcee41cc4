// Small helpers for the text of header fields: trimming optional white
// space, splitting lists, ASCII lower case (RFC 9110 tokens compare
// case-insensitively).
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace supeval::server {

// `text` without leading and trailing spaces and tabs.
[[nodiscard]] inline std::string_view TrimSpace(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// `text` split at `separator`, each piece trimmed (empty pieces kept).
[[nodiscard]] inline std::vector<std::string_view> SplitList(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    pieces.push_back(TrimSpace(text.substr(start, end - start)));
    start = end + 1;
  }
  return pieces;
}

// ASCII letters in lower case; other bytes as they are.
[[nodiscard]] inline std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return lower;
}

}  // namespace supeval::server
