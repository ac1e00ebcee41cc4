// Reading and rewriting the CSV files of a golden data set: parsing a CSV
// text into rows of fields, and copying a data folder with the data rows of
// every CSV file shuffled (the order of rows must never change a result).
// Thread-compatible: plain functions.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "supeval/io/csv_reader.hpp"
#include "supeval/io/csv_writer.hpp"
#include "text_files.hpp"

namespace supeval::testing {

// The rows of `text` (the header included); throws on malformed CSV.
inline std::vector<std::vector<std::string>> ParseCsv(const std::string& text, const std::string& name) {
  io::CsvReader reader = io::CsvReader::FromString(text, name);
  std::vector<std::vector<std::string>> rows;
  io::CsvRecord record;
  for (;;) {
    auto next = reader.Next(record);
    if (!next.ok()) throw std::runtime_error(next.error().ToString());
    if (!*next) break;
    rows.emplace_back(record.fields.begin(), record.fields.end());
  }
  return rows;
}

// Copies the files directly in `from` into `to`: every CSV file with its data
// rows shuffled (the header stays first), every other file as it is; not
// expected.csv, nor subfolders (such as expected/).
inline void CopyShuffled(const std::filesystem::path& from, const std::filesystem::path& to, unsigned seed) {
  std::mt19937 random(seed);
  for (const auto& entry : std::filesystem::directory_iterator(from)) {
    const std::filesystem::path& path = entry.path();
    if (!entry.is_regular_file() || path.filename() == "expected.csv") continue;
    if (path.extension() != ".csv") {
      std::filesystem::copy_file(path, to / path.filename());
      continue;
    }
    auto rows = ParseCsv(ReadText(path), path.filename());
    if (rows.size() > 2) std::shuffle(rows.begin() + 1, rows.end(), random);
    std::ofstream out(to / path.filename(), std::ios::binary);
    io::CsvWriter writer(out);
    for (const auto& row : rows) {
      for (const std::string& field : row) writer.Field(field);
      writer.EndRow();
    }
  }
}

}  // namespace supeval::testing
