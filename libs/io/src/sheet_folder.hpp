// SheetFolder: a workbook (.xlsx) read as the interchange CSV folder. Each
// sheet named as a file of the folder ("deliveries" or "deliveries.csv") is
// written as that CSV file into a private temporary folder, which the folder
// readers then read with the one validation they have; Relocate gives their
// problems back the sheet's name and row ("deliveries (sheet):17:").
// Internal to io. Thread-compatible: Relocate is const and may be called
// from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::io {

class SheetFolder {
 public:
  // Reads the workbook at `workbook` and writes the sheets named by
  // `file_names` (other sheets are ignored, as other files of a folder are).
  // Fails (BadInput, naming the workbook) when it cannot be read or two
  // sheets stand for one file.
  static core::Result<SheetFolder> Open(const std::filesystem::path& workbook,
                                        const std::vector<std::string>& file_names);

  SheetFolder(SheetFolder&& other) noexcept;
  SheetFolder& operator=(SheetFolder&& other) noexcept;
  SheetFolder(const SheetFolder&) = delete;
  SheetFolder& operator=(const SheetFolder&) = delete;
  ~SheetFolder();  // removes the folder

  // The folder of CSV files.
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // When `location` names a file of the folder: the sheet's name
  // ("deliveries (sheet)") and, for a line of it, the sheet's row.
  void Relocate(core::Location& location) const;

 private:
  explicit SheetFolder(std::filesystem::path path) : path_(std::move(path)) {}

  struct WrittenSheet {
    std::string display;                // "deliveries (sheet)"
    std::vector<std::uint32_t> row_at;  // by CSV line - 1: the sheet's row
  };
  std::filesystem::path path_;
  std::map<std::string, WrittenSheet, std::less<>> sheets_;  // by the CSV file's path
};

}  // namespace supeval::io
