// An import upload as a whole-program test sends it (API.md, "Runs,
// imports, holds, rules"): one multipart/form-data part per interchange
// file, as `curl -F files=@...` sends them. Thread-compatible: plain
// functions.
#pragma once

#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text_files.hpp"

namespace supeval::testing {

inline constexpr std::string_view kMultipartBoundary = "supeval-test-boundary";

using UploadFiles = std::vector<std::pair<std::string, std::string>>;  // (file name, content)

inline std::string MultipartType() { return "multipart/form-data; boundary=" + std::string(kMultipartBoundary); }

// One part per (file name, content).
inline std::string Multipart(const UploadFiles& files) {
  const std::string boundary(kMultipartBoundary);
  std::string body;
  for (const auto& [name, content] : files) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name +
            "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

// Every .csv file of a data folder as parts.
inline UploadFiles FilesOf(const std::filesystem::path& folder) {
  UploadFiles files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".csv") files.emplace_back(entry.path().filename().string(), ReadText(entry));
  }
  return files;
}

// deliveries.csv's `text` with received_qty 1 in its first `rows` rows (the
// generated files quote nothing, and received_qty is the 8th column): an
// upload that changes some suppliers' LZ2.
inline std::string WithReceivedOne(const std::string& text, int rows) {
  std::istringstream in(text);
  std::string out;
  int line = 0;
  for (std::string row; std::getline(in, row); ++line) {
    if (line >= 1 && line <= rows) {
      std::size_t at = 0;
      for (int comma = 0; comma < 7; ++comma) at = row.find(',', at) + 1;
      row.replace(at, row.find(',', at) - at, "1");
    }
    out += row + "\n";
  }
  return out;
}

}  // namespace supeval::testing
