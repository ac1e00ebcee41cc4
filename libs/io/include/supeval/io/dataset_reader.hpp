// DatasetReader: reads and validates an interchange CSV folder (spec:
// "Interchange format (CSV)") into core records. The small files become
// core::MasterData with string ids resolved to indices; deliveries.csv is
// streamed row by row to a sink, never held. Every offending row is collected
// as a diagnostic (`file:line: column: message`), like a compiler, so that one
// run lists all problems.
// Thread-compatible: one reader per evaluation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::io {

// Row problems of a data set: the first `limit` in full, then only a count.
class Diagnostics {
 public:
  static constexpr std::size_t kDefaultLimit = 100;

  void Add(core::Error error);
  // Adds the problems of `other` after these, as if added here in turn.
  void Append(const Diagnostics& other);
  // Counts `more` problems that are not kept.
  void CountMore(std::uint64_t more) { count_ += more; }
  // Calls `relocate` on the place of each kept problem (a workbook's reader
  // names its sheets and rows there).
  void Relocate(const std::function<void(core::Location&)>& relocate);
  [[nodiscard]] bool empty() const { return count_ == 0; }
  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] const std::vector<core::Error>& errors() const { return errors_; }
  // One line per kept error, then "… and N more errors" when some were dropped.
  [[nodiscard]] std::string Render() const;

 private:
  std::vector<core::Error> errors_;
  std::uint64_t count_ = 0;
};

class DatasetReader {
 public:
  // `rules` decides which defect codes and certificate standards are known;
  // it must outlive the reader. `directory` may also be an .xlsx workbook
  // with one sheet per file (sheet "deliveries" or "deliveries.csv"): read
  // once by ReadMasterData, judged as the folder would be, its problems
  // named `deliveries (sheet):17:` by the sheet's row.
  DatasetReader(std::filesystem::path directory, const core::RuleSet& rules);
  DatasetReader(DatasetReader&&) noexcept;
  DatasetReader& operator=(DatasetReader&&) noexcept;
  ~DatasetReader();

  // Reads every file but deliveries.csv, on up to `threads` threads (two
  // are used). Problems go to diagnostics(): the missing required files
  // (deliveries.csv too) first, then each file's header and row problems,
  // file by file whatever the threads. A file that cannot be read lists no
  // ids: references to them name no problem of their own. The Status fails
  // only when the folder is missing.
  core::Status ReadMasterData(std::size_t threads = 1);

  // The evaluation's files whose ids other files name (CONTRACTS.md §3).
  enum class IdFile : std::uint8_t { kSuppliers, kPlants, kMaterials };
  // After ReadMasterData: the index of `id` in `file` — the id of a refused
  // row included, as it counts as known in every file (CONTRACTS.md §3, no
  // cascade) — or kNoIndex.
  [[nodiscard]] core::Index FindId(IdFile file, std::string_view id) const;
  // Whether `file` could be read: when not, a reference to it names no
  // problem of its own (the file's problem says it).
  [[nodiscard]] bool Listed(IdFile file) const;

  // Names a delivery that another file refers to (events.csv), as
  // complaints do: after ReadMasterData, before TakeMasterData and the
  // stream. Returns its slot in MasterData::referenced_delivery_ids; the
  // stream sets it on the delivery (Delivery::referenced_slot).
  core::Index NameDelivery(std::string_view id);
  // After the stream, what it found for a slot of NameDelivery: `known`
  // when a row of deliveries.csv has the id (a refused row's too; always
  // when the file could not be read), and the material of its valid row
  // (kNoIndex: none).
  struct NamedDelivery {
    bool known = false;
    core::Index material = core::kNoIndex;
  };
  [[nodiscard]] NamedDelivery FindNamedDelivery(core::Index slot) const;

  // Moves the master data out (after ReadMasterData). The reader keeps the id
  // maps it needs for the deliveries. Only for use when diagnostics() is
  // empty: with problems it holds placeholders for refused rows.
  core::MasterData TakeMasterData();

  using DeliverySink = std::function<void(const core::Delivery&)>;
  // Streams deliveries.csv: each valid row goes to `sink` (may be empty: only
  // validate), each bad row to diagnostics() (a header's problems too: then
  // no row is read). Then checks that every delivery a complaint names
  // exists and that no delivery id repeats.
  // `forget`, when given, undoes what the sink was handed. The reader may
  // then read the file optimistically: without a first pass over each block
  // that finds where its records end (quotes decide that) and counts its
  // lines. Where it meets a quote, it calls `forget` and reads the file
  // again the careful way. An empty sink needs no `forget`. Either way the
  // rows and problems are the same.
  core::Status StreamDeliveries(const DeliverySink& sink, const std::function<void()>& forget = {});
  // The same with one worker thread per sink, each calling only its own sink;
  // diagnostics and checks are the same whatever the number of sinks.
  core::Status StreamDeliveriesParallel(std::span<const DeliverySink> sinks, const std::function<void()>& forget = {});

  [[nodiscard]] const Diagnostics& diagnostics() const;

  // The folder to read for `path`: the CSV folder written from this
  // reader's workbook when `path` names it (after ReadMasterData), else
  // `path`. The contract files of a workbook are read from there.
  [[nodiscard]] std::filesystem::path FolderFor(const std::filesystem::path& path) const;
  // Names each problem of `diagnostics` that lies in the workbook's folder
  // by its sheet and row; changes nothing for a CSV folder.
  void NameSheets(Diagnostics& diagnostics) const;

  // The data set's file names, for listings and imports.
  static const std::vector<std::string>& FileNames();

 private:
  friend class DatasetReaderProbe;  // the row paths' switches, for tests (dataset_reader_probe.hpp)
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::io
