// Reading and validating the interchange CSV folder into core records.
#include "supeval/io/dataset_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "supeval/io/csv_reader.hpp"

namespace supeval::io {

using core::Date;
using core::Decimal;
using core::Index;
using core::kNoIndex;

// ---------------------------------------------------------------------------
// Diagnostics

void Diagnostics::Add(core::Error error) {
  ++count_;
  if (errors_.size() < kDefaultLimit) errors_.push_back(std::move(error));
}

std::string Diagnostics::Render() const {
  std::string text;
  for (const core::Error& error : errors_) text += error.ToString() + "\n";
  if (count_ > errors_.size()) {
    text += "... and " + std::to_string(count_ - errors_.size()) + " more errors (" + std::to_string(count_) +
            " in all)\n";
  }
  return text;
}

namespace {

// Heterogeneous lookup: find a std::string key by std::string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
using IdMap = std::unordered_map<std::string, Index, StringHash, std::equal_to<>>;

// 64-bit FNV-1a: delivery ids are checked for duplicates on fingerprints.
std::uint64_t Fingerprint(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

template <class T>
struct EnumName {
  std::string_view name;
  T value;
};

template <class T, std::size_t N>
std::string ExpectedNames(const std::array<EnumName<T>, N>& names) {
  std::string text;
  for (const auto& entry : names) text += (text.empty() ? "" : ", ") + std::string(entry.name);
  return text;
}

constexpr std::array<EnumName<core::MaterialKind>, 2> kMaterialKinds{
    {{"purchased", core::MaterialKind::kPurchased}, {"raw", core::MaterialKind::kRaw}}};
constexpr std::array<EnumName<core::DeliveryType>, 2> kDeliveryTypes{
    {{"series", core::DeliveryType::kSeries}, {"sample", core::DeliveryType::kSample}}};
constexpr std::array<EnumName<core::ComplaintType>, 3> kComplaintTypes{
    {{"complaint", core::ComplaintType::kComplaint},
     {"notification", core::ComplaintType::kNotification},
     {"sample", core::ComplaintType::kSample}}};
constexpr std::array<EnumName<bool>, 2> kYesNo{{{"yes", true}, {"no", false}}};
constexpr std::array<EnumName<bool>, 2> kOpenClosed{{{"open", true}, {"closed", false}}};
constexpr std::array<EnumName<bool>, 2> kWorking{{{"1", true}, {"0", false}}};
constexpr std::array<EnumName<bool>, 2> kQz3Modes{{{"evaluate", false}, {"exempt", true}}};
constexpr std::array<EnumName<core::HoldReason>, 2> kHoldReasons{
    {{"quality", core::HoldReason::kQuality}, {"delivery", core::HoldReason::kDelivery}}};
constexpr std::array<EnumName<bool>, 1> kHoldStatuses{{{"new_business_hold", true}}};
constexpr std::array<EnumName<bool>, 5> kUnits{{{"pc", true}, {"kg", true}, {"m", true}, {"m2", true}, {"l", true}}};
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

// Reads the fields of one row, adding a diagnostic for each bad one; ok() says
// whether the row as a whole can be used.
class RowReader {
 public:
  RowReader(const std::string& file, const CsvRecord& record, const ColumnMap& columns, Diagnostics& diagnostics)
      : file_(file), record_(record), columns_(columns), diagnostics_(diagnostics) {}

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::uint64_t line() const { return record_.line; }

  void Fail(std::string_view column, std::string message) {
    ok_ = false;
    diagnostics_.Add(core::BadInput(std::move(message), {file_, record_.line, std::string(column)}));
  }

  // The field's text, or nothing when the column is absent or the field empty;
  // required fields report an error when empty.
  std::optional<std::string_view> Text(std::string_view column, bool required) {
    const auto index = columns_.Find(column);
    if (!index || record_.fields[*index].empty()) {
      if (required) Fail(column, "is empty");
      return std::nullopt;
    }
    return record_.fields[*index];
  }

  std::optional<Date> ReadDate(std::string_view column, bool required) {
    const auto text = Text(column, required);
    if (!text) return std::nullopt;
    auto date = Date::Parse(*text);
    if (!date) Fail(column, "'" + std::string(*text) + "' is not a date (expected YYYY-MM-DD)");
    return date;
  }

  std::optional<Decimal> ReadDecimal(std::string_view column, bool required) {
    const auto text = Text(column, required);
    if (!text) return std::nullopt;
    const core::ParsedDecimal parsed = core::ParseDecimal(*text);
    if (!parsed.value) {
      Fail(column, "'" + std::string(*text) + "' " + std::string(core::DescribeDecimalError(parsed.error)));
    }
    return parsed.value;
  }

  template <class T, std::size_t N>
  std::optional<T> ReadEnum(std::string_view column, const std::array<EnumName<T>, N>& names, bool required) {
    const auto text = Text(column, required);
    if (!text) return std::nullopt;
    for (const auto& entry : names) {
      if (entry.name == *text) return entry.value;
    }
    Fail(column, "unknown value '" + std::string(*text) + "' (expected " + ExpectedNames(names) + ")");
    return std::nullopt;
  }

  Index ReadReference(std::string_view column, const IdMap& ids, std::string_view what, bool required) {
    const auto text = Text(column, required);
    if (!text) return kNoIndex;
    const auto found = ids.find(*text);
    if (found == ids.end()) {
      Fail(column, "unknown " + std::string(what) + " '" + std::string(*text) + "'");
      return kNoIndex;
    }
    return found->second;
  }

  // A new id for `ids`: reports a duplicate with the line of the first.
  std::optional<std::string> ReadNewId(std::string_view column, IdMap& ids, Index next,
                                       std::unordered_map<Index, std::uint64_t>& lines) {
    const auto text = Text(column, true);
    if (!text) return std::nullopt;
    const auto [where, inserted] = ids.try_emplace(std::string(*text), next);
    if (!inserted) {
      Fail(column, "duplicate id '" + std::string(*text) + "' (first at line " +
                       std::to_string(lines[where->second]) + ")");
      return std::nullopt;
    }
    lines[next] = record_.line;
    return std::string(*text);
  }

 private:
  const std::string& file_;
  const CsvRecord& record_;
  const ColumnMap& columns_;
  Diagnostics& diagnostics_;
  bool ok_ = true;
};

struct FileSpec {
  std::string_view name;
  bool required;
  std::vector<std::string_view> required_columns;
  std::vector<std::string_view> optional_columns;
};

const FileSpec kSuppliers{"suppliers.csv", true, {"supplier_id", "name"}, {"country", "qz3"}};
const FileSpec kPlants{"plants.csv", true, {"plant_id", "name"}, {"workweek"}};
const FileSpec kCalendar{"calendar.csv", false, {"plant_id", "date", "working"}, {"note"}};
const FileSpec kMaterials{"materials.csv", true, {"material_id", "commodity", "unit", "kind"}, {}};
const FileSpec kDeliveries{"deliveries.csv",
                           true,
                           {"delivery_id", "supplier_id", "plant_id", "material_id", "due_date", "due_qty",
                            "receipt_date", "received_qty"},
                           {"type"}};
const FileSpec kComplaints{"complaints.csv",
                           false,
                           {"complaint_id", "supplier_id", "plant_id", "date", "type", "justified", "status"},
                           {"delivery_id", "material_id", "defect", "rejected_qty", "affected_qty", "returned_on",
                            "confirmed_qty", "confirmed_on"}};
const FileSpec kCertifications{"certifications.csv", false, {"supplier_id", "standard", "valid_from", "valid_to"}, {}};
const FileSpec kHolds{"holds.csv", false, {"supplier_id", "status", "reason", "imposed_on"}, {"withdrawn_on"}};

}  // namespace

// ---------------------------------------------------------------------------
// Reader

struct DatasetReader::Impl {
  std::filesystem::path directory;
  const core::RuleSet& rules;
  Diagnostics diagnostics;
  core::MasterData master;
  IdMap supplier_ids, plant_ids, material_ids, complaint_ids, referenced_slots;
  std::unordered_map<Index, std::uint64_t> supplier_lines, plant_lines, material_lines, complaint_lines;
  std::vector<std::vector<std::uint64_t>> slot_complaint_lines;  // slot → lines of complaints naming it
  std::vector<std::string> slot_ids;                             // slot → delivery id
  std::set<std::string> known_standards;

  Impl(std::filesystem::path dir, const core::RuleSet& rule_set) : directory(std::move(dir)), rules(rule_set) {
    for (const core::CertificationRow& row : rules.certification_rows) {
      for (const auto& group : row.all_of) known_standards.insert(group.begin(), group.end());
    }
  }

  std::string DisplayName(const FileSpec& spec) const { return (directory / spec.name).string(); }

  // Opens a file, maps its header and calls `read_row` for each record.
  // Returns an error only for problems that stop the whole read.
  template <class RowFunction>
  core::Status ReadFile(const FileSpec& spec, RowFunction read_row) {
    return ReadFile(spec, diagnostics, read_row);
  }

  // The same, with row problems going to `sink`.
  template <class RowFunction>
  core::Status ReadFile(const FileSpec& spec, Diagnostics& sink, RowFunction read_row) {
    const std::filesystem::path path = directory / spec.name;
    const std::string display = DisplayName(spec);
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
      if (!spec.required) return core::Ok{};
      return core::BadInput("required file is missing", {display, 0, ""});
    }
    auto reader = CsvReader::Open(path, display);
    if (!reader.ok()) return reader.error();
    CsvRecord record;
    auto header = reader->Next(record);
    if (!header.ok()) return header.error();
    if (!*header) return core::BadInput("the file is empty (a header row is required)", {display, 1, ""});
    auto columns = ColumnMap::Build(record, display, spec.required_columns, spec.optional_columns);
    if (!columns.ok()) return columns.error();
    for (;;) {
      auto next = reader->Next(record);
      if (!next.ok()) {
        sink.Add(next.error());
        return core::Ok{};  // the rest of the file cannot be delimited reliably
      }
      if (!*next) return core::Ok{};
      if (record.fields.size() != columns->width()) {
        sink.Add(core::BadInput("expected " + std::to_string(columns->width()) + " fields as in the header, found " +
                                           std::to_string(record.fields.size()),
                                       {display, record.line, ""}));
        continue;
      }
      RowReader row(display, record, *columns, sink);
      read_row(row);
    }
  }

  // Delivery ids are checked on 8-byte fingerprints while streaming; only when
  // two fingerprints collide is the file read again to compare the ids exactly
  // and name the lines (a repeat, or a harmless hash collision).
  core::Status ReportDuplicateDeliveries(std::vector<std::uint64_t> fingerprints) {
    std::sort(fingerprints.begin(), fingerprints.end());
    std::unordered_set<std::uint64_t> colliding;
    for (std::size_t i = 1; i < fingerprints.size(); ++i) {
      if (fingerprints[i] == fingerprints[i - 1]) colliding.insert(fingerprints[i]);
    }
    fingerprints = {};
    if (colliding.empty()) return core::Ok{};
    std::unordered_map<std::string, std::uint64_t> first_line;
    const std::string display = DisplayName(kDeliveries);
    Diagnostics already_reported;  // row problems were diagnosed in the first pass
    return ReadFile(kDeliveries, already_reported, [&](RowReader& row) {
      const auto id = row.Text("delivery_id", false);
      if (!id || colliding.count(Fingerprint(*id)) == 0) return;
      const auto [first, inserted] = first_line.try_emplace(std::string(*id), row.line());
      if (!inserted) {
        diagnostics.Add(core::BadInput("duplicate id '" + std::string(*id) + "' (first at line " +
                                    std::to_string(first->second) + ")",
                                {display, row.line(), "delivery_id"}));
      }
    });
  }

  void ReadSupplier(RowReader& row) {
    auto id = row.ReadNewId("supplier_id", supplier_ids, static_cast<Index>(master.suppliers.size()), supplier_lines);
    const auto name = row.Text("name", true);
    const auto country = row.Text("country", false);
    const auto exempt = row.ReadEnum("qz3", kQz3Modes, false);
    if (!row.ok()) {
      if (id) supplier_ids.erase(*id);
      return;
    }
    master.suppliers.push_back({*std::move(id), std::string(*name), std::string(country.value_or("")),
                                exempt.value_or(false)});
  }

  void ReadPlant(RowReader& row) {
    auto id = row.ReadNewId("plant_id", plant_ids, static_cast<Index>(master.plants.size()), plant_lines);
    const auto name = row.Text("name", true);
    core::WorkWeek week = core::kMondayToFriday;
    if (const auto text = row.Text("workweek", false)) {
      if (const auto parsed = ParseWorkWeek(*text)) week = *parsed;
      else row.Fail("workweek", "'" + std::string(*text) + "' is not a working week (expected e.g. Mon-Fri, Mon-Sat)");
    }
    if (!row.ok()) {
      if (id) plant_ids.erase(*id);
      return;
    }
    master.plants.push_back({*std::move(id), std::string(*name), week, {}});
  }

  void ReadCalendarDay(RowReader& row, std::set<std::pair<Index, std::int32_t>>& seen) {
    const Index plant = row.ReadReference("plant_id", plant_ids, "plant", true);
    const auto date = row.ReadDate("date", true);
    const auto working = row.ReadEnum("working", kWorking, true);
    if (!row.ok()) return;
    if (!seen.insert({plant, date->days()}).second) {
      row.Fail("date", "plant " + master.plants[plant].id + " has " + date->ToString() + " twice");
      return;
    }
    master.plants[plant].exceptions.push_back({*date, *working});
  }

  void ReadMaterial(RowReader& row) {
    auto id = row.ReadNewId("material_id", material_ids, static_cast<Index>(master.materials.size()), material_lines);
    const auto commodity = row.Text("commodity", true);
    const auto unit = row.Text("unit", true);
    if (unit && !std::any_of(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.name == *unit; })) {
      row.Fail("unit", "unknown value '" + std::string(*unit) + "' (expected " + ExpectedNames(kUnits) + ")");
    }
    const auto kind = row.ReadEnum("kind", kMaterialKinds, true);
    if (!row.ok()) {
      if (id) material_ids.erase(*id);
      return;
    }
    master.materials.push_back({*std::move(id), std::string(*commodity), std::string(*unit), *kind});
  }

  void ReadComplaint(RowReader& row) {
    core::Complaint complaint;
    auto id = row.ReadNewId("complaint_id", complaint_ids, static_cast<Index>(master.complaints.size()),
                            complaint_lines);
    complaint.supplier = row.ReadReference("supplier_id", supplier_ids, "supplier", true);
    complaint.plant = row.ReadReference("plant_id", plant_ids, "plant", true);
    const auto date = row.ReadDate("date", true);
    const auto type = row.ReadEnum("type", kComplaintTypes, true);
    const auto justified = row.ReadEnum("justified", kYesNo, true);
    const auto open = row.ReadEnum("status", kOpenClosed, true);
    const auto delivery_id = row.Text("delivery_id", false);
    complaint.material = row.ReadReference("material_id", material_ids, "material", false);
    if (const auto defect = row.Text("defect", false)) {
      if (core::FindDefect(rules, *defect) == nullptr) {
        std::string known;
        for (const core::DefectRule& rule : rules.defects) known += (known.empty() ? "" : ", ") + rule.code;
        row.Fail("defect", "unknown defect code '" + std::string(*defect) + "' (expected empty or one of " + known + ")");
      } else {
        complaint.defect = std::string(*defect);
      }
    }
    complaint.rejected_qty = row.ReadDecimal("rejected_qty", false);
    complaint.affected_qty = row.ReadDecimal("affected_qty", false);
    complaint.returned_on = row.ReadDate("returned_on", false);
    complaint.confirmed_qty = row.ReadDecimal("confirmed_qty", false);
    complaint.confirmed_on = row.ReadDate("confirmed_on", false);
    if (!row.ok()) {
      if (id) complaint_ids.erase(*id);
      return;
    }
    complaint.id = *std::move(id);
    complaint.date = *date;
    complaint.type = *type;
    complaint.justified = *justified;
    complaint.open = *open;
    if (delivery_id) {
      complaint.delivery_id = std::string(*delivery_id);
      const auto [slot, inserted] =
          referenced_slots.try_emplace(complaint.delivery_id, static_cast<Index>(master.referenced_delivery_ids.size()));
      if (inserted) {
        master.referenced_delivery_ids.push_back(complaint.delivery_id);
        slot_ids.push_back(complaint.delivery_id);
        slot_complaint_lines.emplace_back();
      }
      complaint.delivery_ref = slot->second;
      slot_complaint_lines[slot->second].push_back(row.line());
    }
    master.complaints.push_back(std::move(complaint));
  }

  void ReadCertification(RowReader& row) {
    const Index supplier = row.ReadReference("supplier_id", supplier_ids, "supplier", true);
    const auto standard = row.Text("standard", true);
    if (standard && known_standards.count(std::string(*standard)) == 0) {
      std::string known;
      for (const std::string& s : known_standards) known += (known.empty() ? "" : ", ") + s;
      row.Fail("standard", "unknown standard '" + std::string(*standard) + "' (expected one of " + known + ")");
    }
    const auto from = row.ReadDate("valid_from", true);
    const auto to = row.ReadDate("valid_to", true);
    if (from && to && *to < *from) row.Fail("valid_to", "is before valid_from");
    if (!row.ok()) return;
    master.certifications.push_back({supplier, std::string(*standard), *from, *to});
  }

  void ReadHold(RowReader& row) {
    const Index supplier = row.ReadReference("supplier_id", supplier_ids, "supplier", true);
    row.ReadEnum("status", kHoldStatuses, true);
    const auto reason = row.ReadEnum("reason", kHoldReasons, true);
    const auto imposed = row.ReadDate("imposed_on", true);
    const auto withdrawn = row.ReadDate("withdrawn_on", false);
    if (imposed && withdrawn && *withdrawn < *imposed) row.Fail("withdrawn_on", "is before imposed_on");
    if (!row.ok()) return;
    master.holds.push_back({supplier, *reason, *imposed, withdrawn});
  }
};

DatasetReader::DatasetReader(std::filesystem::path directory, const core::RuleSet& rules)
    : impl_(std::make_unique<Impl>(std::move(directory), rules)) {}
DatasetReader::DatasetReader(DatasetReader&&) noexcept = default;
DatasetReader& DatasetReader::operator=(DatasetReader&&) noexcept = default;
DatasetReader::~DatasetReader() = default;

const Diagnostics& DatasetReader::diagnostics() const { return impl_->diagnostics; }

const std::vector<std::string>& DatasetReader::FileNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const FileSpec* spec : {&kSuppliers, &kPlants, &kCalendar, &kMaterials, &kDeliveries, &kComplaints,
                                 &kCertifications, &kHolds}) {
      names.emplace_back(spec->name);
    }
    return names;
  }();
  return kNames;
}

core::Status DatasetReader::ReadMasterData() {
  Impl& impl = *impl_;
  std::error_code error;
  if (!std::filesystem::is_directory(impl.directory, error)) {
    return core::BadInput("data folder not found (expected a folder with suppliers.csv, plants.csv, "
                          "materials.csv, deliveries.csv)",
                          {impl.directory.string(), 0, ""});
  }
  // Required files first, so a missing one is reported before any row.
  for (const FileSpec* spec : {&kSuppliers, &kPlants, &kMaterials, &kDeliveries}) {
    if (!std::filesystem::exists(impl.directory / spec->name, error)) {
      return core::BadInput("required file is missing", {impl.DisplayName(*spec), 0, ""});
    }
  }
  std::set<std::pair<Index, std::int32_t>> calendar_days;
  const std::pair<const FileSpec*, std::function<void(RowReader&)>> files[] = {
      {&kSuppliers, [&](RowReader& row) { impl.ReadSupplier(row); }},
      {&kPlants, [&](RowReader& row) { impl.ReadPlant(row); }},
      {&kCalendar, [&](RowReader& row) { impl.ReadCalendarDay(row, calendar_days); }},
      {&kMaterials, [&](RowReader& row) { impl.ReadMaterial(row); }},
      {&kComplaints, [&](RowReader& row) { impl.ReadComplaint(row); }},
      {&kCertifications, [&](RowReader& row) { impl.ReadCertification(row); }},
      {&kHolds, [&](RowReader& row) { impl.ReadHold(row); }},
  };
  for (const auto& [spec, read_row] : files) {
    if (core::Status status = impl.ReadFile(*spec, read_row); !status.ok()) return status;
  }
  return core::Ok{};
}

core::MasterData DatasetReader::TakeMasterData() { return std::move(impl_->master); }

core::Status DatasetReader::StreamDeliveries(const DeliverySink& sink) {
  Impl& impl = *impl_;
  std::vector<bool> slot_found(impl.slot_complaint_lines.size(), false);
  std::vector<std::uint64_t> fingerprints;
  const std::string display = impl.DisplayName(kDeliveries);
  core::Status status = impl.ReadFile(kDeliveries, [&](RowReader& row) {
    core::Delivery delivery;
    const auto id = row.Text("delivery_id", true);
    delivery.supplier = row.ReadReference("supplier_id", impl.supplier_ids, "supplier", true);
    delivery.plant = row.ReadReference("plant_id", impl.plant_ids, "plant", true);
    delivery.material = row.ReadReference("material_id", impl.material_ids, "material", true);
    const auto due_date = row.ReadDate("due_date", true);
    const auto due_qty = row.ReadDecimal("due_qty", true);
    if (due_qty && due_qty->micros() == 0) row.Fail("due_qty", "'" + std::string(*row.Text("due_qty", true)) + "' must be greater than 0");
    const auto receipt_date = row.ReadDate("receipt_date", true);
    const auto received_qty = row.ReadDecimal("received_qty", true);
    const auto type = row.ReadEnum("type", kDeliveryTypes, false);
    if (id) fingerprints.push_back(Fingerprint(*id));
    if (!row.ok()) return;
    delivery.id = *id;
    delivery.due_date = *due_date;
    delivery.due_qty = *due_qty;
    delivery.receipt_date = *receipt_date;
    delivery.received_qty = *received_qty;
    delivery.type = type.value_or(core::DeliveryType::kSeries);
    if (const auto slot = impl.referenced_slots.find(*id); slot != impl.referenced_slots.end()) {
      delivery.referenced_slot = slot->second;
      slot_found[slot->second] = true;
    }
    if (sink) sink(delivery);
  });
  if (!status.ok()) return status;

  for (std::size_t slot = 0; slot < slot_found.size(); ++slot) {
    if (slot_found[slot]) continue;
    for (const std::uint64_t line : impl.slot_complaint_lines[slot]) {
      impl.diagnostics.Add(core::BadInput("unknown delivery '" + impl.slot_ids[slot] + "' (not in deliveries.csv)",
                                          {impl.DisplayName(kComplaints), line, "delivery_id"}));
    }
  }
  return impl.ReportDuplicateDeliveries(std::move(fingerprints));
}

}  // namespace supeval::io
