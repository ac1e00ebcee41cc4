// The master files of the data set (every file but deliveries.csv): each
// file's rows checked and added to the master data, the ids they define
// indexed, in the order that lets each file refer only to files read before
// it. Internal to io.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "complaint_file.hpp"
#include "dataset_state.hpp"

namespace supeval::io::dataset {

class MasterFiles {
 public:
  explicit MasterFiles(DatasetState& state) : state_(state), complaints_(state) {}

  // Reads every master file on up to `threads` threads; problems go to the
  // state's diagnostics, file by file whatever the threads.
  void ReadAll(std::size_t threads);

 private:
  // One master file: how to read its rows, and what reading it found.
  struct MasterFile {
    MasterFile(const FileSpec* file_spec, std::function<void(RowReader&)> row_reader)
        : spec(file_spec), read_row(std::move(row_reader)) {}
    const FileSpec* spec;
    std::function<void(RowReader&)> read_row;
    Diagnostics diagnostics;
  };

  void ReadMasterFile(MasterFile& file, std::size_t threads);
  bool ReadRows(MasterFile& file);
  void ReserveFor(const FileSpec& spec);
  IdIndex* ListedIds(const FileSpec& spec);
  void NoteRefusedRecord(const FileSpec& spec, const CsvRecord& record, const ColumnMap& columns);

  void ReadSupplier(RowReader& row);
  void ReadPlant(RowReader& row);
  void ReadCalendarDay(RowReader& row, RowKeys& keys);
  void ReadMaterial(RowReader& row);
  void ReadCertification(RowReader& row, RowKeys& keys);
  void ReadHold(RowReader& row, RowKeys& keys);

  DatasetState& state_;
  ComplaintFile complaints_;
};

// The index of the ids that `file` defines.
const IdIndex& Listing(const DatasetState& state, DatasetReader::IdFile file);

}  // namespace supeval::io::dataset
