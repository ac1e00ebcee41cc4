// complaints.csv: one set of field rules for both ways a row is read, and
// the reading in turn or in two halves side by side.
#include "complaint_file.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <system_error>
#include <utility>

#include "../byte_scan.hpp"
#include "capacity_prefault.hpp"
#include "direct_fields.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::io::dataset {

void ComplaintFile::Reserve(std::size_t rows) {
  state_.master.complaints.reserve(rows);
  ReserveIndexes(rows);
}

void ComplaintFile::ReserveIndexes(std::size_t rows) {
  state_.complaint_slots.reserve(rows);
  state_.complaint_ids.Reserve(rows);
  state_.referenced_slots.Reserve(rows);
  // Most complaints name a delivery: grown by doubling instead, the list
  // was left over a third empty and shrunk by TakeMasterData, a copy of 2.6 MB.
  state_.master.referenced_delivery_ids.reserve(rows);
}

// Reads every field of a complaints.csv row but its id into `complaint`;
// false when the row has a problem. `row` is a RowReader, which names each
// problem in the order of the row's fields, or DirectFields, which decides
// alike without naming.
template <class Fields>
bool ComplaintFile::ReadFields(Fields& row, const ComplaintColumns& c, core::Complaint& complaint) const {
  complaint.supplier = row.ReadReference(c.supplier, state_.supplier_ids, "supplier", true);
  complaint.plant = row.ReadReference(c.plant, state_.plant_ids, "plant", true);
  const auto date = row.ReadDate(c.date, true);
  const auto type = row.ReadEnum(c.type, kComplaintTypes, true);
  const auto justified = row.ReadEnum(c.justified, kYesNo, true);
  const auto open = row.ReadEnum(c.status, kOpenClosed, true);
  const auto delivery_id = row.Text(c.delivery, false);
  complaint.material = row.ReadReference(c.material, state_.material_ids, "material", false);
  if (const auto defect = row.Text(c.defect, false)) {
    if (core::FindDefect(state_.rules, *defect) == nullptr) {
      std::string known;
      for (const core::DefectRule& rule : state_.rules.defects) known += (known.empty() ? "" : ", ") + rule.code;
      row.Fail(c.defect.name,
               "unknown defect code '" + std::string(*defect) + "' (expected empty or one of " + known + ")");
    } else {
      complaint.defect = std::string(*defect);
    }
  }
  complaint.rejected_qty = row.ReadDecimal(c.rejected_qty, false);
  complaint.affected_qty = row.ReadDecimal(c.affected_qty, false);
  complaint.returned_on = row.ReadDate(c.returned_on, false);
  complaint.confirmed_qty = row.ReadDecimal(c.confirmed_qty, false);
  complaint.confirmed_on = row.ReadDate(c.confirmed_on, false);
  if (!row.ok()) return false;
  complaint.date = *date;
  complaint.type = *type;
  complaint.justified = *justified;
  complaint.open = *open;
  if (delivery_id) complaint.delivery_id = std::string(*delivery_id);
  return true;
}

bool ComplaintFile::ReadInTurn(Diagnostics& sink) {
  return state_.ReadRecords(kComplaints, sink, [&](HeadedFile& file, const std::string& display) {
    const ComplaintColumns c = ComplaintColumnsOf(file.columns);
    // No file refers to complaints: a refused record's id is of no use.
    ForEachRecord([&](CsvRecord& record) { return file.reader.Next(record); }, display, file.columns, sink,
                  [&](const CsvRecord& record) {
                    RowReader row(display, record, file.columns, sink);
                    ReadRow(row, c);
                  },
                  [](const CsvRecord&) {});
  });
}

void ComplaintFile::ReadRow(RowReader& row, const ComplaintColumns& c) {
  core::Complaint complaint;
  const auto id = row.ReadNewId(c.id, state_.complaint_ids, state_.complaint_lines);
  if (!ReadFields(row, c, complaint)) return;
  complaint.id = std::string(*id);
  AddComplaint(std::move(complaint), row.line());
}

// Adds a valid complaint whose id is new, read on `line`: its id and the
// delivery it names are indexed.
void ComplaintFile::AddComplaint(core::Complaint complaint, std::uint64_t line) {
  AddId(state_.complaint_ids, state_.complaint_lines, complaint.id, line);
  IndexNamedDelivery(complaint);
  state_.master.complaints.push_back(std::move(complaint));
}

// Indexes the delivery a kept complaint names (setting its delivery_ref).
void ComplaintFile::IndexNamedDelivery(core::Complaint& complaint) {
  if (!complaint.delivery_id.empty()) {
    const auto [slot, inserted] = state_.referenced_slots.FindOrInsert(complaint.delivery_id);
    if (inserted) state_.master.referenced_delivery_ids.push_back(complaint.delivery_id);
    complaint.delivery_ref = slot;
  }
  state_.complaint_slots.push_back(complaint.delivery_ref);
}

// `lines`: the line ends in `text`, and so at least its rows. Most rows are
// valid: they are read directly (DirectFields); a row that reading refuses
// is read again by a RowReader, which names what is wrong.
void ComplaintFile::ReadHalf(std::string_view text, std::uint64_t first_line, std::size_t lines,
                             const std::string& display, const ColumnMap& columns, ComplaintHalf& half) const {
  const ComplaintColumns c = ComplaintColumnsOf(columns);
  CsvBlockParser parser(text, first_line);
  half.complaints.reserve(std::max(half.complaints.capacity(), lines));
  half.rows.reserve(lines);
  const auto next_record = [&](CsvRecord& record) { return parser.Next(record, display); };
  const auto read_record = [&](const CsvRecord& record) {
    core::Complaint& complaint = half.complaints.emplace_back();
    ComplaintRow& row = half.rows.emplace_back();
    row.line = record.line;
    const std::string_view id = record.fields[*c.id.index];
    row.has_id = !id.empty();
    complaint.id = std::string(id);
    if (row.has_id && IsText(record)) {
      DirectFields fields(record);
      row.fields_ok = ReadFields(fields, c, complaint);
      if (row.fields_ok) return;
    }
    // Read again, naming the problems in the order of the row's fields.
    complaint = core::Complaint();
    RowReader reader(display, record, columns, half.diagnostics);
    const auto checked_id = reader.Text(c.id, true);
    if (checked_id) complaint.id = std::string(*checked_id);
    row.has_id = checked_id.has_value();
    row.fields_ok = ReadFields(reader, c, complaint);
  };
  // No file refers to complaints: a refused record's id is of no use.
  ForEachRecord(next_record, display, columns, half.diagnostics, read_record, [](const CsvRecord&) {});
}

void ComplaintFile::LoadText() {
  constexpr std::size_t kWorthHalving = std::size_t{1} << 20;
  std::error_code error;
  const auto size = std::filesystem::file_size(state_.directory / kComplaints.name, error);
  if (error || size < kWorthHalving) return;
  Diagnostics named_when_read_in_turn;
  auto opened = state_.OpenWithHeader(kComplaints, named_when_read_in_turn);
  if (!opened) return;
  CsvReader& reader = opened->reader;
  ComplaintText loaded{std::move(opened->columns), 0, nullptr, 0};
  const std::string buffered = reader.TakeBuffered(loaded.first_line);
  loaded.bytes = std::make_unique_for_overwrite<char[]>(buffered.size() + static_cast<std::size_t>(size));
  std::memcpy(loaded.bytes.get(), buffered.data(), buffered.size());
  loaded.size = buffered.size() +
                std::fread(loaded.bytes.get() + buffered.size(), 1, static_cast<std::size_t>(size), reader.file());
  if (std::ferror(reader.file()) != 0) return;
  text_ = std::move(loaded);
}

// The two halves are read side by side; then, in file order, each id is
// checked for a repeat and each valid row added.
bool ComplaintFile::ReadInHalves(Diagnostics& sink) {
  if (!text_) return false;
  const std::string display = state_.DisplayName(kComplaints);
  const ColumnMap& columns = text_->columns;
  const std::uint64_t line = text_->first_line;
  const std::string_view text = text_->text();
  const std::size_t split = FindLastRecordEnd(text.substr(0, text.size() / 2));
  const std::string_view first = text.substr(0, split);
  const std::string_view second = text.substr(split);

  // Each half's line ends, counted once: the second half's first line, and
  // the rows to make room for (a last line without its end is one more).
  const std::size_t first_lines = detail::CountByte(first, '\n');
  const std::size_t second_lines = detail::CountByte(second, '\n') + 1;
  const std::size_t lines = first_lines + second_lines;
  ReserveIndexes(lines);
  ComplaintHalf halves[2];
  // The first half's complaints become the master data's, the second's
  // appended: room for both from the start.
  halves[0].complaints.reserve(lines);
  core::RunSideBySide(
      2, [&] { ReadHalf(first, line, first_lines, display, columns, halves[0]); },
      [&] { ReadHalf(second, line + first_lines, second_lines, display, columns, halves[1]); });

  std::vector<core::Error> repeats;  // one per row whose id repeats an earlier one
  {
    // The second half's complaints are appended to the first's vector
    // after this pass: its pages are faulted in meanwhile.
    const CapacityPrefault prefault(halves[0].complaints);
    AddComplaintIds(halves, display, repeats);
  }
  core::MasterData& master = state_.master;
  assert(master.complaints.empty());
  master.complaints = std::move(halves[0].complaints);
  master.complaints.insert(master.complaints.end(), std::make_move_iterator(halves[1].complaints.begin()),
                           std::make_move_iterator(halves[1].complaints.end()));
  std::erase_if(master.complaints, [](const core::Complaint& complaint) { return complaint.id.empty(); });

  // A row's repeated id is its first problem, as when reading in turn.
  std::vector<core::Error> problems;
  for (const ComplaintHalf& half : halves) {
    problems.insert(problems.end(), half.diagnostics.errors().begin(), half.diagnostics.errors().end());
  }
  std::vector<core::Error> in_order;
  std::merge(repeats.begin(), repeats.end(), problems.begin(), problems.end(), std::back_inserter(in_order),
             [](const core::Error& a, const core::Error& b) { return a.location.line < b.location.line; });
  for (core::Error& problem : in_order) sink.Add(std::move(problem));
  for (const ComplaintHalf& half : halves) sink.CountMore(half.diagnostics.count() - half.diagnostics.errors().size());
  text_.reset();
  return true;
}

// The id pass over both halves' rows, in file order: each id is checked
// for a repeat; a valid row with a new id is kept (its id and named delivery
// indexed), the others are marked for removal by clearing their id. The
// ids and the named deliveries are indexed side by side, the deliveries
// as if no id repeated: a repeat is bad input, and rare. When there is one,
// the deliveries are indexed again, after the ids, from the rows kept.
void ComplaintFile::AddComplaintIds(std::span<ComplaintHalf> halves, const std::string& display,
                                    std::vector<core::Error>& repeats) {
  assert(state_.complaint_slots.empty() && state_.referenced_slots.size() == 0 &&
         state_.master.referenced_delivery_ids.empty());
  const auto valid = [](const ComplaintRow& row, const core::Complaint& /*complaint*/) { return row.fields_ok; };
  bool repeated = false;
  core::RunSideBySide(
      2, [&] { repeated = IndexComplaintIds(halves, display, repeats); }, [&] { IndexNamedDeliveries(halves, valid); });
  if (!repeated) return;
  state_.complaint_slots.clear();
  state_.referenced_slots = IdIndex(IdIndex::RarelyLookedUp{});
  state_.master.referenced_delivery_ids.clear();
  IndexNamedDeliveries(halves, [](const ComplaintRow& row, const core::Complaint& complaint) {
    return row.fields_ok && !complaint.id.empty();
  });
}

// AddComplaintIds' pass over the complaint ids; true when a valid row's id
// repeats an earlier one.
bool ComplaintFile::IndexComplaintIds(std::span<ComplaintHalf> halves, const std::string& display,
                                      std::vector<core::Error>& repeats) {
  bool valid_row_repeats = false;
  for (ComplaintHalf& half : halves) {
    for (std::size_t row = 0; row < half.rows.size(); ++row) {
      const ComplaintRow& state = half.rows[row];
      core::Complaint& complaint = half.complaints[row];
      const Index earlier = state.has_id ? state_.complaint_ids.Find(complaint.id) : kNoIndex;
      if (earlier != kNoIndex) {
        repeats.push_back(core::BadInput(DuplicateId(complaint.id, state_.complaint_lines[earlier]),
                                         {display, state.line, "complaint_id"}));
        valid_row_repeats = valid_row_repeats || state.fields_ok;
      }
      if (earlier == kNoIndex && state.fields_ok) {
        AddId(state_.complaint_ids, state_.complaint_lines, complaint.id, state.line);
      } else {
        complaint.id.clear();
      }
    }
  }
  return valid_row_repeats;
}

// AddComplaintIds' pass over the deliveries that the rows `kept` names.
template <class Kept>
void ComplaintFile::IndexNamedDeliveries(std::span<ComplaintHalf> halves, const Kept& kept) {
  // The named deliveries' table is megabytes: its slots are fetched a few
  // rows ahead of their turn (a hint: the table may still be rebuilt).
  constexpr std::size_t kAhead = 8;
  for (ComplaintHalf& half : halves) {
    for (std::size_t row = 0; row < half.rows.size(); ++row) {
      if (row + kAhead < half.rows.size() && !half.complaints[row + kAhead].delivery_id.empty()) {
        static_cast<void>(state_.referenced_slots.Prepare(half.complaints[row + kAhead].delivery_id));
      }
      core::Complaint& complaint = half.complaints[row];
      if (kept(half.rows[row], complaint)) IndexNamedDelivery(complaint);
    }
  }
}

}  // namespace supeval::io::dataset
