// complaints.csv: its rows checked field by field (one set of rules, read
// directly for valid rows and again, naming each problem, for the others),
// its ids and the deliveries it names indexed; read in turn, or, when large,
// in two halves side by side. Internal to io.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset_state.hpp"
#include "file_schemas.hpp"

namespace supeval::io::dataset {

class ComplaintFile {
 public:
  explicit ComplaintFile(DatasetState& state) : state_(state) {}

  // Sizes the complaints and their indexes for `rows` rows.
  void Reserve(std::size_t rows);
  // Reads the file row by row; false when it was not read (DatasetState::ReadFile).
  bool ReadInTurn(Diagnostics& sink);
  // Reads complaints.csv into memory when it is large enough to be read in
  // halves; leaves it unread otherwise, or on any problem (which the reading
  // in turn then names). It refers to no other file: it is read beside the
  // files that complaints refer to.
  void LoadText();
  // Reads the text LoadText loaded in two halves side by side, problems to
  // `sink` as reading in turn lists them; false when none was loaded
  // (nothing was read).
  bool ReadInHalves(Diagnostics& sink);

 private:
  // How a complaints.csv row read apart from the others went; its complaint
  // is the element of the same position in ComplaintHalf::complaints.
  struct ComplaintRow {
    std::uint64_t line = 0;
    bool has_id = false;     // the complaint's id holds the row's id
    bool fields_ok = false;  // every field is valid (whether the id is new is not known yet)
  };

  // One half of complaints.csv: its rows read, its problems.
  struct ComplaintHalf {
    std::vector<core::Complaint> complaints;
    std::vector<ComplaintRow> rows;
    Diagnostics diagnostics;
  };

  // complaints.csv's text after its header, read whole to be read in halves.
  struct ComplaintText {
    ColumnMap columns;
    std::uint64_t first_line = 0;   // the line the text starts on
    std::unique_ptr<char[]> bytes;  // raw: a std::string would first zero the megabytes read into it
    std::size_t size = 0;
    [[nodiscard]] std::string_view text() const { return {bytes.get(), size}; }
  };

  void ReserveIndexes(std::size_t rows);
  template <class Fields>
  bool ReadFields(Fields& row, const ComplaintColumns& c, core::Complaint& complaint) const;
  void ReadRow(RowReader& row, const ComplaintColumns& c);
  void AddComplaint(core::Complaint complaint, std::uint64_t line);
  void IndexNamedDelivery(core::Complaint& complaint);
  void ReadHalf(std::string_view text, std::uint64_t first_line, std::size_t lines, const std::string& display,
                const ColumnMap& columns, ComplaintHalf& half) const;
  void AddComplaintIds(std::span<ComplaintHalf> halves, const std::string& display, std::vector<core::Error>& repeats);
  bool IndexComplaintIds(std::span<ComplaintHalf> halves, const std::string& display,
                         std::vector<core::Error>& repeats);
  template <class Kept>
  void IndexNamedDeliveries(std::span<ComplaintHalf> halves, const Kept& kept);

  DatasetState& state_;
  std::optional<ComplaintText> text_;  // LoadText's, until ReadInHalves
};

}  // namespace supeval::io::dataset
