// The input format of the data-set fuzz target: one text that holds a whole
// interchange folder, so that libFuzzer's mutations reach every file and the
// inputs stay readable. Options first, one `key=value` a line:
//
//   period=2026-H1      the evaluation's period (default 2026-H1)
//   threads=2           1 to 4 (default 2, CI's cores)
//   explain=S131        also explain this supplier
//   blocks=2            grow deliveries.csv past the reader's first block
//   grow=complaints.csv grow that file past 1 MiB too (any file; repeatable):
//                       the CSV reader's buffer refills, complaints are read
//                       in halves
// then each file after a line `@@ <name>` (suppliers.csv, …, holds.csv, and
// rules.toml for `--rules`), up to and including the line end before the
// next such line; only the last file may end without one. A file not given is
// absent from the folder. Unknown options, names and lines before the first
// file are ignored. scripts/fuzz.sh builds seeds in this format from the
// folders of tests/data and a generated data set.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace supeval::fuzz {

struct DatasetInput {
  std::string period = "2026-H1";
  int threads = 2;
  std::optional<std::string> explain_supplier;
  std::set<std::string, std::less<>> grown_files;         // GrowPastOneBlock's
  std::map<std::string, std::string, std::less<>> files;  // name → bytes
};

[[nodiscard]] DatasetInput ParseDatasetInput(std::string_view text);

// The bytes of the reader's first block of deliveries.csv after its header
// (io's DeliveryBlockReader::kDefaultBlockBytes, not public), and of the CSV
// reader's first buffer (csv_reader.cpp's kBlockSize): the boundaries to fuzz.
inline constexpr std::size_t kDeliveryBlockBytes = std::size_t{1} << 20;

// A CSV file made longer than one block: its header and first row, then rows
// made from that first row with fresh numbers in its first field (the id of
// an export's column order: deliveries keep the same shape), then its other
// rows, which so lie across the boundary of the first and second blocks.
// A file of fewer than two lines is returned as it is.
[[nodiscard]] std::string GrowPastOneBlock(std::string_view deliveries);

}  // namespace supeval::fuzz
