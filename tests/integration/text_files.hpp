// Reading and editing the text files of a test's data folder.
// Thread-compatible: plain functions.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace supeval::testing {

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Writes `text` as the whole of `path`, byte for byte.
inline void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// `text` without its line ends at the end.
inline std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// Replaces the first occurrence of `from` in `file` by `to`.
inline void Edit(const std::filesystem::path& file, const std::string& from, const std::string& to) {
  std::string text = ReadText(file);
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  WriteText(file, text);
}

}  // namespace supeval::testing
