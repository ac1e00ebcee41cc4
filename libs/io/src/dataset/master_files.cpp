// The master files' row readers, and the order and threads they are read in.
#include "master_files.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "file_schemas.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::io::dataset {
namespace {

constexpr std::array<std::string_view, 7> kDayNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::optional<int> DayIndex(std::string_view text) {
  std::string lower;
  for (const char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (std::size_t i = 0; i < kDayNames.size(); ++i) {
    if (lower == kDayNames[i]) return static_cast<int>(i);
  }
  return std::nullopt;
}

// "Mon-Fri", "Mon-Sat", "Sun-Thu", "Mon,Tue,Thu", "Mon-Wed,Fri".
std::optional<core::WorkWeek> ParseWorkWeek(std::string_view text) {
  core::WorkWeek week = 0;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t dash = part.find('-');
    const auto first = DayIndex(part.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : DayIndex(part.substr(dash + 1));
    if (!first || !last) return std::nullopt;
    for (int day = *first;; day = (day + 1) % 7) {
      week = static_cast<core::WorkWeek>(week | (1U << day));
      if (day == *last) break;
    }
  }
  if (week == 0) return std::nullopt;
  return week;
}

// A refused row's id still counts as known (the list of problems is the
// true list: a row naming it is not reported as naming an unknown id). Its
// record is a placeholder: master data with problems is never evaluated or
// stored.
template <class Record>
void AddRefusedId(IdIndex& ids, std::vector<std::uint64_t>& lines, std::vector<Record>& records, std::string_view id,
                  std::uint64_t line) {
  AddId(ids, lines, id, line);
  records.emplace_back().id = std::string(id);
}

}  // namespace

const IdIndex& Listing(const DatasetState& state, DatasetReader::IdFile file) {
  switch (file) {
    case DatasetReader::IdFile::kSuppliers:
      return state.supplier_ids;
    case DatasetReader::IdFile::kPlants:
      return state.plant_ids;
    case DatasetReader::IdFile::kMaterials:
      break;
  }
  return state.material_ids;
}

void MasterFiles::ReadAll(std::size_t threads) {
  RowKeys calendar_days, certificate_keys, hold_keys;
  MasterFile suppliers{&kSuppliers, [&](RowReader& row) { ReadSupplier(row); }};
  MasterFile plants{&kPlants, [&](RowReader& row) { ReadPlant(row); }};
  MasterFile calendar{&kCalendar, [&](RowReader& row) { ReadCalendarDay(row, calendar_days); }};
  MasterFile materials{&kMaterials, [&](RowReader& row) { ReadMaterial(row); }};
  MasterFile complaints{&kComplaints, nullptr};  // ComplaintFile reads its rows
  MasterFile certifications{&kCertifications, [&](RowReader& row) { ReadCertification(row, certificate_keys); }};
  MasterFile holds{&kHolds, [&](RowReader& row) { ReadHold(row, hold_keys); }};
  const auto read = [this](std::initializer_list<MasterFile*> in_turn, std::size_t file_threads = 1) {
    return [this, in_turn, file_threads] {
      for (MasterFile* file : in_turn) ReadMasterFile(*file, file_threads);
    };
  };
  // Files refer to ids of files read in an earlier stage; within a stage each
  // writes only its own records and indexes, so two threads share the work.
  // Certificates and holds name only suppliers: they are read beside the
  // materials (the longest of the first stage) once the suppliers are in.
  const auto suppliers_then_theirs = [&] { read({&suppliers, &plants, &calendar, &certifications, &holds})(); };
  // complaints.csv is read into memory beside them too, to be read in halves.
  const auto materials_then_complaint_text = [&] {
    read({&materials})();
    if (threads > 1) complaints_.LoadText();
  };
  core::RunSideBySide(threads, suppliers_then_theirs, materials_then_complaint_text);
  read({&complaints}, threads)();  // in two halves
  // Problems are listed file by file, as one thread reading in turn would.
  for (const MasterFile* file : {&suppliers, &plants, &calendar, &materials, &complaints, &certifications, &holds}) {
    state_.diagnostics.Append(file->diagnostics);
  }
}

void MasterFiles::ReadMasterFile(MasterFile& file, std::size_t threads) {
  if (threads > 1 && file.spec == &kComplaints && complaints_.ReadInHalves(file.diagnostics)) return;
  ReserveFor(*file.spec);
  IdIndex* ids = ListedIds(*file.spec);
  if (!ReadRows(file) && ids != nullptr) ids->MarkUnlisted();
  // The ids a file defines are complete once it is read: their indexes
  // may choose their fastest lookup.
  if (ids != nullptr) ids->Seal();
}

// False when the file was not read (DatasetState::ReadFile).
bool MasterFiles::ReadRows(MasterFile& file) {
  if (file.spec == &kComplaints) return complaints_.ReadInTurn(file.diagnostics);
  return state_.ReadFile(
      *file.spec, file.diagnostics, file.read_row,
      [&](const CsvRecord& record, const ColumnMap& columns) { NoteRefusedRecord(*file.spec, record, columns); });
}

// Sizes the record vectors and id indexes from the files' line counts
// before reading, so a large file is not read into a vector that doubles
// (and briefly holds two copies) or an index rehashed as it grows.
void MasterFiles::ReserveFor(const FileSpec& spec) {
  const std::size_t rows = CountLines(state_.directory / spec.name);
  if (&spec == &kSuppliers) {
    state_.master.suppliers.reserve(rows);
    state_.supplier_ids.Reserve(rows);
  }
  if (&spec == &kMaterials) {
    state_.master.materials.reserve(rows);
    state_.material_ids.Reserve(rows);
  }
  if (&spec == &kComplaints) complaints_.Reserve(rows);
  if (&spec == &kCertifications) state_.master.certifications.reserve(rows);
}

// The ids that `spec`'s file lists for other files to refer to, if any.
IdIndex* MasterFiles::ListedIds(const FileSpec& spec) {
  if (&spec == &kSuppliers) return &state_.supplier_ids;
  if (&spec == &kPlants) return &state_.plant_ids;
  if (&spec == &kMaterials) return &state_.material_ids;
  return nullptr;
}

// A record of a master file refused before its fields were read (a wrong
// number of fields, malformed quoting): its id, where it has one that is
// new, counts as known all the same (AddRefusedId).
void MasterFiles::NoteRefusedRecord(const FileSpec& spec, const CsvRecord& record, const ColumnMap& columns) {
  const auto note = [&](std::string_view id_column, IdIndex& ids, std::vector<std::uint64_t>& lines, auto& records) {
    const auto position = columns.Find(id_column);
    if (!position || *position >= record.fields.size()) return;
    const std::string_view id = record.fields[*position];
    if (id.empty() || CheckText(id) != TextProblem::kNone || ids.Find(id) != kNoIndex) return;
    AddRefusedId(ids, lines, records, id, record.line);
  };
  if (&spec == &kSuppliers) note("supplier_id", state_.supplier_ids, state_.supplier_lines, state_.master.suppliers);
  if (&spec == &kPlants) note("plant_id", state_.plant_ids, state_.plant_lines, state_.master.plants);
  if (&spec == &kMaterials) note("material_id", state_.material_ids, state_.material_lines, state_.master.materials);
}

void MasterFiles::ReadSupplier(RowReader& row) {
  const auto id = row.ReadNewId("supplier_id", state_.supplier_ids, state_.supplier_lines);
  const auto name = row.Text("name", true);
  const auto country = row.Text("country", false);
  const auto exempt = row.ReadEnum("qz3", kQz3Modes, false);
  if (!row.ok()) {
    if (id) AddRefusedId(state_.supplier_ids, state_.supplier_lines, state_.master.suppliers, *id, row.line());
    return;
  }
  AddId(state_.supplier_ids, state_.supplier_lines, *id, row.line());
  state_.master.suppliers.push_back(
      {std::string(*id), std::string(*name), std::string(country.value_or("")), exempt.value_or(false)});
}

void MasterFiles::ReadPlant(RowReader& row) {
  const auto id = row.ReadNewId("plant_id", state_.plant_ids, state_.plant_lines);
  const auto name = row.Text("name", true);
  core::WorkWeek week = core::kMondayToFriday;
  if (const auto text = row.Text("workweek", false)) {
    if (const auto parsed = ParseWorkWeek(*text)) week = *parsed;
    else row.Fail("workweek", "'" + std::string(*text) + "' is not a working week (expected e.g. Mon-Fri, Mon-Sat)");
  }
  if (!row.ok()) {
    if (id) AddRefusedId(state_.plant_ids, state_.plant_lines, state_.master.plants, *id, row.line());
    return;
  }
  AddId(state_.plant_ids, state_.plant_lines, *id, row.line());
  const auto company = row.Text("company", false);
  state_.master.plants.push_back(
      {std::string(*id), std::string(*name), week, {}, std::string(company.value_or("")), row.line()});
}

// Calendar days are keyed by plant and date (as the store keys them).
void MasterFiles::ReadCalendarDay(RowReader& row, RowKeys& keys) {
  const Index plant = row.ReadReference("plant_id", state_.plant_ids, "plant", true);
  const auto date = row.ReadDate("date", true);
  const auto working = row.ReadEnum("working", kWorking, true);
  if (plant != kNoIndex && date) {
    keys.Note(row, {plant, 0, date->days()}, "date",
              [&] { return "plant " + std::string(*row.Text("plant_id", false)) + " has " + date->ToString(); });
  }
  if (!row.ok()) return;
  state_.master.plants[plant].exceptions.push_back({*date, *working});
}

void MasterFiles::ReadMaterial(RowReader& row) {
  const auto id = row.ReadNewId("material_id", state_.material_ids, state_.material_lines);
  const auto commodity = row.Text("commodity", true);
  const auto unit = row.Text("unit", true);
  if (unit && !std::any_of(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.name == *unit; })) {
    row.Fail("unit", "unknown value '" + std::string(*unit) + "' (expected " + ExpectedNames(kUnits) + ")");
  }
  const auto kind = row.ReadEnum("kind", kMaterialKinds, true);
  if (!row.ok()) {
    if (id) AddRefusedId(state_.material_ids, state_.material_lines, state_.master.materials, *id, row.line());
    return;
  }
  AddId(state_.material_ids, state_.material_lines, *id, row.line());
  state_.master.materials.push_back({std::string(*id), std::string(*commodity), std::string(*unit), *kind});
}

void MasterFiles::ReadCertification(RowReader& row, RowKeys& keys) {
  const std::set<std::string>& known_standards = state_.known_standards;
  const Index supplier = row.ReadReference("supplier_id", state_.supplier_ids, "supplier", true);
  const auto standard = row.Text("standard", true);
  const auto known = standard ? known_standards.find(std::string(*standard)) : known_standards.end();
  if (standard && known == known_standards.end()) {
    std::string names;
    for (const std::string& s : known_standards) names += (names.empty() ? "" : ", ") + s;
    row.Fail("standard", "unknown standard '" + std::string(*standard) + "' (expected one of " + names + ")");
  }
  const auto from = row.ReadDate("valid_from", true);
  const auto to = row.ReadDate("valid_to", true);
  if (from && to && *to < *from) row.Fail("valid_to", "is before valid_from");
  // Certificates are keyed by supplier, standard and valid_from.
  if (supplier != kNoIndex && known != known_standards.end() && from) {
    const auto ordinal = static_cast<std::uint32_t>(std::distance(known_standards.begin(), known));
    keys.Note(row, {supplier, ordinal, from->days()}, "valid_from", [&] {
      return "supplier " + std::string(*row.Text("supplier_id", false)) + " has " + *known + " valid from " +
             from->ToString();
    });
  }
  if (!row.ok()) return;
  state_.master.certifications.push_back({supplier, std::string(*standard), *from, *to});
}

void MasterFiles::ReadHold(RowReader& row, RowKeys& keys) {
  const Index supplier = row.ReadReference("supplier_id", state_.supplier_ids, "supplier", true);
  row.ReadEnum("status", kHoldStatuses, true);
  const auto reason = row.ReadEnum("reason", kHoldReasons, true);
  const auto imposed = row.ReadDate("imposed_on", true);
  const auto withdrawn = row.ReadDate("withdrawn_on", false);
  if (imposed && withdrawn && *withdrawn < *imposed) row.Fail("withdrawn_on", "is before imposed_on");
  // Holds are keyed by supplier, reason and imposed_on.
  if (supplier != kNoIndex && reason && imposed) {
    keys.Note(row, {supplier, static_cast<std::uint32_t>(*reason), imposed->days()}, "imposed_on", [&] {
      return "supplier " + std::string(*row.Text("supplier_id", false)) + " has a " +
             std::string(*row.Text("reason", false)) + " hold imposed on " + imposed->ToString();
    });
  }
  if (!row.ok()) return;
  state_.master.holds.push_back({supplier, *reason, *imposed, withdrawn, row.line()});
}

}  // namespace supeval::io::dataset
