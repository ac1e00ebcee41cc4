// What reading a data set builds up and every piece of the reader shares: the
// folder, the master data, the indexes of the ids the files define, and the
// problems found; with the opening of the folder's files. Internal to io.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "../id_index.hpp"
#include "../row_reader.hpp"
#include "../sheet_folder.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/dataset_reader.hpp"

namespace supeval::io::dataset {

struct DatasetState {
  DatasetState(std::filesystem::path dir, const core::RuleSet& rule_set);

  std::filesystem::path directory;  // read: the CSV folder (a workbook's once written)
  std::filesystem::path source;     // as given: the folder or the workbook
  std::optional<SheetFolder> sheets;
  const core::RuleSet& rules;
  std::set<std::string> known_standards;  // the certificate standards the rules name
  Diagnostics diagnostics;
  core::MasterData master;
  IdIndex supplier_ids, plant_ids, material_ids, complaint_ids;
  std::vector<std::uint64_t> supplier_lines, plant_lines, material_lines, complaint_lines;  // by index
  // The deliveries that complaints (and NameDelivery) name: looked up while
  // complaints are read, and in the stream only for ids that are not
  // numbered (behind a filter).
  IdIndex referenced_slots{IdIndex::RarelyLookedUp{}};
  std::vector<Index> complaint_slots;       // by complaint: the slot of the delivery it names, or kNoIndex
  bool deliveries_named_elsewhere = false;  // by other files than complaints.csv (NameDelivery)

  [[nodiscard]] std::string DisplayName(const FileSpec& spec) const { return (directory / spec.name).string(); }

  [[nodiscard]] std::optional<HeadedFile> OpenWithHeader(const FileSpec& spec, Diagnostics& sink) const {
    return io::OpenWithHeader(directory / spec.name, DisplayName(spec), spec, sink);
  }

  // Opens a file, maps its header and calls `read_file(file, display)` to
  // read its records, with problems going to `sink`. False when the file was
  // not read: it is missing (which ReadMasterData reports for a required
  // file), or its header's problems (in `sink`) leave nothing to read.
  template <class FileFunction>
  bool ReadRecords(const FileSpec& spec, Diagnostics& sink, const FileFunction& read_file) const {
    std::error_code error;
    if (!std::filesystem::exists(directory / spec.name, error)) return false;
    auto file = OpenWithHeader(spec, sink);
    if (!file) return false;
    read_file(*file, DisplayName(spec));
    return true;
  }

  // The same calling `read_row` for each record behind a RowReader, and
  // `refused(record, columns)` for a record refused before its fields were
  // read (ForEachRow).
  template <class RowFunction, class RefusedFunction>
  bool ReadFile(const FileSpec& spec, Diagnostics& sink, const RowFunction& read_row,
                const RefusedFunction& refused) const {
    return ReadRecords(spec, sink, [&](HeadedFile& file, const std::string& display) {
      ForEachRow([&](CsvRecord& record) { return file.reader.Next(record); }, display, file.columns, sink, read_row,
                 [&](const CsvRecord& record) { refused(record, file.columns); });
    });
  }
};

// Adds an id that a file defines, first read on `line`.
inline void AddId(IdIndex& ids, std::vector<std::uint64_t>& lines, std::string_view id, std::uint64_t line) {
  ids.Insert(id);
  lines.push_back(line);
}

// The line ends in the file at `path` (0 when it cannot be read).
std::size_t CountLines(const std::filesystem::path& path);

}  // namespace supeval::io::dataset
