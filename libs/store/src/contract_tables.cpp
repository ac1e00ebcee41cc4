// The contract tables (contract_tables.hpp): one spec per file of §3, and
// per table how a record becomes a row and a row a record again.
#include "contract_tables.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>

#include "codec.hpp"
#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/period.hpp"

namespace supeval::store::internal {
namespace {

namespace cc = core::contracts;
using enum ColumnType;

// Positions in ContractTables(), the order an import writes them.
enum Table : std::size_t {
  kContracts,
  kContractMaterials,
  kPriceTiers,
  kIndices,
  kIndexValues,
  kIndexation,
  kKpis,
  kCommitments,
  kTooling,
  kMilestones,
  kAlternates,
  kEvents,
  kWarrantyClaims,
  kPublished,
  kDecisions,
  kSettled,
  kEmissions,
  kTableCount
};

const std::vector<TableSpec>& Specs() {
  static const std::vector<TableSpec> kSpecs = {
      {"contracts",
       {{"contract_id", kText},
        {"supplier_id", kText},
        {"contract_type", kText},
        {"start_date", kDate},
        {"end_date", kDate, true},
        {"currency", kText},
        {"title", kText},
        {"tier_mode", kText, true},
        {"penalty_cap_share", kText, true},
        {"bonus_cap_share", kText, true},
        {"ladder", kText},
        {"exclusive", kInt},
        {"exclusive_until", kDate, true},
        {"ip_to_partner", kText},
        {"ip_term", kText},
        {"software_escrow", kInt},
        {"dual_source_lead_days", kInt, true},
        {"force_majeure", kText},
        {"contingency_logistics", kInt},
        {"steering_committee", kInt}},
       1,
       "supplier_id",
       ""},
      {"contract_materials", {{"contract_id", kText}, {"material_id", kText}}, 2, "", ""},
      {"price_tiers",
       {{"contract_id", kText}, {"material_id", kText}, {"from_qty_micros", kInt}, {"unit_price", kText}},
       3,
       "",
       ""},
      {"indices", {{"index_id", kText}, {"name", kText}, {"unit", kText}, {"currency", kText}}, 1, "", ""},
      {"index_values", {{"index_id", kText}, {"value_date", kDate}, {"index_value", kText}}, 2, "", ""},
      {"indexation",
       {{"contract_id", kText},
        {"material_id", kText},
        {"index_id", kText},
        {"content", kText},
        {"base_value", kText},
        {"fixing", kText},
        {"lag_days", kInt},
        {"dead_band", kText},
        {"share", kText},
        {"floor_value", kText, true},
        {"ceiling_value", kText, true},
        {"fallback_index_id", kText, true},
        {"fallback_base_value", kText, true}},
       3,
       "",
       ""},
      {"kpis",
       {{"clause_id", kText},
        {"contract_id", kText},
        {"kpi", kText},
        {"target", kText},
        {"penalty_rate", kText},
        {"bonus_rate", kText},
        {"cap_share", kText, true},
        {"escalate", kInt}},
       1,
       "",
       ""},
      {"volume_commitments",
       {{"commitment_id", kText},
        {"contract_id", kText},
        {"material_id", kText},
        {"from_date", kDate},
        {"to_date", kDate},
        {"min_qty_micros", kInt},
        {"fee_per_unit", kText}},
       1,
       "",
       ""},
      {"tooling",
       {{"tooling_id", kText},
        {"contract_id", kText},
        {"material_id", kText},
        {"amount", kText},
        {"pieces_micros", kInt},
        {"from_date", kDate, true}},
       1,
       "",
       ""},
      {"milestones",
       {{"milestone_id", kText},
        {"contract_id", kText},
        {"name", kText},
        {"due_date", kDate},
        {"approved_on", kDate, true},
        {"payment", kText},
        {"critical", kInt}},
       1,
       "",
       ""},
      {"alternates",
       {{"material_id", kText}, {"supplier_id", kText}, {"qualified_on", kDate, true}},
       2,
       "supplier_id",
       ""},
      {"events",
       {{"event_id", kText},
        {"supplier_id", kText},
        {"plant_id", kText},
        {"event_date", kDate},
        {"event_kind", kText},
        {"material_id", kText, true},
        {"delivery_id", kText, true},
        {"cost", kText, true},
        {"customer_notified", kInt}},
       1,
       "supplier_id",
       "event_date"},
      {"warranty_claims",
       {{"claim_id", kText},
        {"supplier_id", kText},
        {"material_id", kText},
        {"claim_date", kDate},
        {"quantity_micros", kInt},
        {"supplier_share", kText}},
       1,
       "supplier_id",
       "claim_date"},
      {"published",
       {{"supplier_id", kText},
        {"period_first", kDate},
        {"period_last", kDate},
        {"published_on", kDate},
        {"period", kText},
        {"status", kText},
        {"grade_class", kText},
        {"total", kText, true},
        {"qz", kText, true},
        {"qz1", kText, true},
        {"qz2", kText, true},
        {"qz3", kText, true},
        {"qz4", kText, true},
        {"lz", kText, true},
        {"lz1", kText, true},
        {"lz2", kText, true},
        {"ppm", kText, true}},
       4,
       "supplier_id",
       ""},
      {"escalation_decisions",
       {{"line_number", kInt},
        {"contract_id", kText},
        {"decision_date", kDate},
        {"decision", kText},
        {"user_name", kText},
        {"reason", kText},
        {"to_level", kText},
        {"cause", kText}},
       1,
       "",
       ""},
      {"settled",
       {{"line_number", kInt},
        {"contract_id", kText},
        {"period", kText},
        {"kind", kText},
        {"ref", kText},
        {"material_id", kText},
        {"amount", kText}},
       1,
       "",
       ""},
      {"emissions",
       {{"supplier_id", kText},
        {"material_id", kText},
        {"period_first", kDate},
        {"period_last", kDate},
        {"period", kText},
        {"kg_co2e_per_unit", kText}},
       4,
       "supplier_id",
       ""},
  };
  return kSpecs;
}

// The exact decimal text of a value read from a file as a decimal (every
// such value has a terminating expansion); Rational::Parse reads it back
// equal.
std::string ExactDecimal(const core::Rational& value) {
  for (int decimals = 0; decimals <= 36; ++decimals) {
    std::string text = value.ToFixed(decimals);
    if (core::Rational::Parse(text, true) == value) return text;
  }
  return value.ToFixed(36);  // unreachable for values read from files
}

// One row's cells; text the row makes is owned here until the next row.
class Cells {
 public:
  explicit Cells(const core::MasterData& master, const cc::ContractData& data) : master_(master), data_(data) {}

  void Clear() {
    values_.clear();
    owned_.clear();
  }
  [[nodiscard]] std::span<const Value> values() const { return values_; }

  Cells& Text(std::string_view text) { return Push(Value::Text(text)); }
  Cells& OptionalText(std::string_view text) { return Push(text.empty() ? Value::Null() : Value::Text(text)); }
  Cells& Int(std::int64_t number) { return Push(Value::Int(number)); }
  Cells& Int(std::optional<std::int32_t> number) { return number ? Int(*number) : Push(Value::Null()); }
  Cells& Flag(bool flag) { return Int(flag ? 1 : 0); }
  Cells& Date(core::Date date) { return Push(Value::Date(date)); }
  Cells& Date(const std::optional<core::Date>& date) { return Push(Value::OptionalDate(date)); }
  Cells& Micros(core::Decimal quantity) { return Int(quantity.micros()); }
  Cells& Exact(const core::Rational& value) { return Own(ExactDecimal(value)); }
  Cells& Exact(const std::optional<core::Rational>& value) { return value ? Exact(*value) : Push(Value::Null()); }
  template <class Enum>
  Cells& Name(Enum value) {
    return Text(cc::NameOf(value));
  }
  template <class Enum>
  Cells& Name(std::optional<Enum> value) {
    return value ? Name(*value) : Push(Value::Null());
  }
  Cells& Supplier(core::Index i) { return Text(master_.suppliers[i].id); }
  Cells& Plant(core::Index i) { return Text(master_.plants[i].id); }
  Cells& Material(core::Index i) { return i == core::kNoIndex ? Push(Value::Null()) : Text(master_.materials[i].id); }
  Cells& Contract(core::Index i) { return Text(data_.contracts[i].id); }
  Cells& PriceIndex(core::Index i) { return Text(data_.indices[i].id); }
  Cells& PriceIndex(std::optional<core::Index> i) { return i ? PriceIndex(*i) : Push(Value::Null()); }
  Cells& Period(const core::Period& period) { return Date(period.first).Date(period.last); }

 private:
  Cells& Push(Value value) {
    values_.push_back(value);
    return *this;
  }
  Cells& Own(std::string text) { return Text(owned_.emplace_back(std::move(text))); }

  const core::MasterData& master_;
  const cc::ContractData& data_;
  std::vector<Value> values_;
  std::deque<std::string> owned_;  // stable addresses for the borrowed Values
};

// Writes `records` into table `table`, each row filled by `fill(record, cells)`.
template <class Record, class Fill>
core::Result<TableCounts> WriteTable(Connection& connection, BatchId batch, Table table, Cells& cells,
                                     const std::vector<Record>& records, Fill fill) {
  auto loader = connection.LoadTable(Specs()[table], batch);
  if (!loader.ok()) return loader.error();
  for (const Record& record : records) {
    cells.Clear();
    fill(record, cells);
    if (core::Status added = (*loader)->Add(cells.values()); !added.ok()) return added.error();
  }
  return (*loader)->Finish();
}

// The (contract, material) pairs of contract_materials.csv.
struct Coverage {
  core::Index contract;
  core::Index material;
};

// ---------------------------------------------------------------------------
// Reading

// The columns of one row read in order; the first problem is kept and the
// row's record is then dropped by the caller.
class Cursor {
 public:
  Cursor(const Row& row, std::string_view table, const std::unordered_map<std::string, core::Index>* const maps[])
      : row_(row), table_(table), maps_(maps) {}

  [[nodiscard]] const std::optional<core::Error>& error() const { return error_; }

  std::string Text() { return std::string(row_.Text(next_++)); }
  std::string OptionalText() { return row_.IsNull(next_) ? (++next_, std::string()) : Text(); }
  std::int64_t Int() { return row_.Int(next_++); }
  std::optional<std::int64_t> OptionalInt() {
    return row_.IsNull(next_) ? (++next_, std::nullopt) : std::optional(Int());
  }
  bool Flag() { return Int() != 0; }
  core::Date Date() { return row_.Date(next_++); }
  std::optional<core::Date> OptionalDate() { return ReadOptionalDate(row_, next_++); }
  core::Decimal Micros() { return core::Decimal::FromMicros(Int()); }
  core::Rational Exact() { return OptionalExact().value_or(core::Rational()); }
  std::optional<core::Rational> OptionalExact() {
    if (row_.IsNull(next_)) return ++next_, std::nullopt;
    const std::string_view text = row_.Text(next_++);
    auto value = core::Rational::Parse(text, true);
    if (!value) Fail("number '" + std::string(text) + "'");
    return value;
  }
  template <class Enum>
  Enum Name() {
    const std::string_view text = row_.Text(next_++);
    auto value = cc::Named<Enum>(text);
    if (!value) Fail("'" + std::string(text) + "'");
    return value.value_or(Enum{});
  }
  template <class Enum>
  std::optional<Enum> OptionalName() {
    if (row_.IsNull(next_)) return ++next_, std::nullopt;
    return Name<Enum>();
  }
  // An id of the kind `kind` (an index into the maps given), kNoIndex when NULL.
  core::Index Id(std::size_t kind) {
    if (row_.IsNull(next_)) return ++next_, core::kNoIndex;
    const std::string text = Text();
    const auto found = maps_[kind]->find(text);
    if (found == maps_[kind]->end()) {
      Fail("an unknown id '" + text + "'");
      return core::kNoIndex;
    }
    return found->second;
  }
  core::Period Period() {
    const core::Date first = Date();
    const core::Date last = Date();
    const std::string label = Text();
    auto period = core::ParsePeriod(label);
    if (!period.ok() || period->first != first || period->last != last) {
      Fail("period '" + label + "'");
      return core::Period{first, last, label};
    }
    return *period;
  }

 private:
  void Fail(const std::string& what) {
    if (!error_) error_ = Corrupt(table_, what);
  }
  const Row& row_;
  std::string_view table_;
  const std::unordered_map<std::string, core::Index>* const* maps_;
  int next_ = 0;
  std::optional<core::Error> error_;
};

// The kinds of id a row may name (Cursor::Id).
enum IdKind : std::size_t { kSupplierId, kPlantId, kMaterialId, kContractId, kIndexId, kIdKinds };

template <class T>
std::unordered_map<std::string, core::Index> IndexOf(const std::vector<T>& records) {
  std::unordered_map<std::string, core::Index> map;
  for (core::Index i = 0; i < records.size(); ++i) map.emplace(records[i].id, i);
  return map;
}

class Reader {
 public:
  Reader(const ContractRowSource& rows, const core::MasterData& master) : rows_(rows) {
    maps_[kSupplierId] = IndexOf(master.suppliers);
    maps_[kPlantId] = IndexOf(master.plants);
    maps_[kMaterialId] = IndexOf(master.materials);
    for (std::size_t i = 0; i < kIdKinds; ++i) map_pointers_[i] = &maps_[i];
  }

  // Reads every row of `table` into `records` with `read(cursor)`.
  template <class Record, class Read>
  core::Status ReadTable(Table table, std::vector<Record>& records, Read read) {
    const TableSpec& spec = Specs()[table];
    return rows_(spec, [&](const Row& row) -> core::Status {
      Cursor cursor(row, spec.name, map_pointers_);
      Record record = read(cursor);
      if (cursor.error()) return *cursor.error();
      records.push_back(std::move(record));
      return core::Ok{};
    });
  }

  // The records read so far of `kind` become known ids.
  template <class T>
  void Know(IdKind kind, const std::vector<T>& records) {
    maps_[kind] = IndexOf(records);
  }

 private:
  const ContractRowSource& rows_;
  std::unordered_map<std::string, core::Index> maps_[kIdKinds];
  const std::unordered_map<std::string, core::Index>* map_pointers_[kIdKinds] = {};
};

template <class T, class Key>
void SortBy(std::vector<T>& records, Key key) {
  std::stable_sort(records.begin(), records.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

core::Status ReadRegister(Reader& reader, cc::ContractData& data) {
  core::Status status = reader.ReadTable(kContracts, data.contracts, [](Cursor& c) {
    cc::Contract k;
    k.id = c.Text();
    k.supplier = c.Id(kSupplierId);
    k.type = c.Name<cc::ContractType>();
    k.start = c.Date();
    k.end = c.OptionalDate();
    k.currency = c.Text();
    k.title = c.Text();
    k.tier_mode = c.OptionalName<cc::TierMode>();
    k.penalty_cap_share = c.OptionalExact();
    k.bonus_cap_share = c.OptionalExact();
    k.ladder = c.Text();
    k.exclusive = c.Flag();
    k.exclusive_until = c.OptionalDate();
    k.ip_to_partner = c.Name<cc::IpToPartner>();
    k.ip_term = c.Name<cc::IpTerm>();
    k.software_escrow = c.Flag();
    if (auto lead = c.OptionalInt()) k.dual_source_lead_days = static_cast<std::int32_t>(*lead);
    k.force_majeure = c.Name<cc::ForceMajeure>();
    k.contingency_logistics = c.Flag();
    k.steering_committee = c.Flag();
    return k;
  });
  if (!status.ok()) return status;
  SortBy(data.contracts, [](const cc::Contract& k) { return k.id; });
  reader.Know(kContractId, data.contracts);
  std::vector<Coverage> coverage;
  status = reader.ReadTable(kContractMaterials, coverage, [](Cursor& c) {
    const core::Index contract = c.Id(kContractId);
    return Coverage{contract, c.Id(kMaterialId)};
  });
  if (!status.ok()) return status;
  SortBy(coverage, [](const Coverage& x) { return std::pair(x.contract, x.material); });
  for (const Coverage& x : coverage) data.contracts[x.contract].materials.push_back(x.material);
  status = reader.ReadTable(kIndices, data.indices, [](Cursor& c) {
    cc::PriceIndex index;
    index.id = c.Text();
    index.name = c.Text();
    index.unit = c.Text();
    index.currency = c.Text();
    return index;
  });
  if (!status.ok()) return status;
  SortBy(data.indices, [](const cc::PriceIndex& x) { return x.id; });
  reader.Know(kIndexId, data.indices);
  return core::Ok{};
}

core::Status ReadPrices(Reader& reader, cc::ContractData& data) {
  core::Status status = reader.ReadTable(kPriceTiers, data.price_tiers, [](Cursor& c) {
    cc::PriceTier tier;
    tier.contract = c.Id(kContractId);
    tier.material = c.Id(kMaterialId);
    tier.from_qty = c.Micros();
    tier.unit_price = c.Exact();
    return tier;
  });
  if (!status.ok()) return status;
  SortBy(data.price_tiers, [](const cc::PriceTier& x) { return std::tuple(x.contract, x.material, x.from_qty); });
  status = reader.ReadTable(kIndexValues, data.index_values, [](Cursor& c) {
    cc::IndexValue value;
    value.index = c.Id(kIndexId);
    value.date = c.Date();
    value.value = c.Exact();
    return value;
  });
  if (!status.ok()) return status;
  SortBy(data.index_values, [](const cc::IndexValue& x) { return std::pair(x.index, x.date); });
  status = reader.ReadTable(kIndexation, data.indexations, [](Cursor& c) {
    cc::Indexation x;
    x.contract = c.Id(kContractId);
    x.material = c.Id(kMaterialId);
    x.index = c.Id(kIndexId);
    x.content = c.Exact();
    x.base_value = c.Exact();
    x.fixing = c.Name<cc::Fixing>();
    x.lag_days = static_cast<std::int32_t>(c.Int());
    x.dead_band = c.Exact();
    x.share = c.Exact();
    x.floor = c.OptionalExact();
    x.ceiling = c.OptionalExact();
    if (const core::Index fallback = c.Id(kIndexId); fallback != core::kNoIndex) x.fallback_index = fallback;
    x.fallback_base_value = c.OptionalExact();
    return x;
  });
  if (!status.ok()) return status;
  SortBy(data.indexations, [](const cc::Indexation& x) { return std::tuple(x.contract, x.material, x.index); });
  return core::Ok{};
}

core::Status ReadClauses(Reader& reader, cc::ContractData& data) {
  core::Status status = reader.ReadTable(kKpis, data.kpis, [](Cursor& c) {
    cc::KpiClause k;
    k.id = c.Text();
    k.contract = c.Id(kContractId);
    k.kpi = c.Name<cc::Kpi>();
    k.target = c.Exact();
    k.penalty_rate = c.Exact();
    k.bonus_rate = c.Exact();
    k.cap_share = c.OptionalExact();
    k.escalate = c.Flag();
    return k;
  });
  if (!status.ok()) return status;
  SortBy(data.kpis, [](const cc::KpiClause& x) { return x.id; });
  status = reader.ReadTable(kCommitments, data.commitments, [](Cursor& c) {
    cc::VolumeCommitment v;
    v.id = c.Text();
    v.contract = c.Id(kContractId);
    v.material = c.Id(kMaterialId);
    v.from = c.Date();
    v.to = c.Date();
    v.min_qty = c.Micros();
    v.fee_per_unit = c.Exact();
    return v;
  });
  if (!status.ok()) return status;
  SortBy(data.commitments, [](const cc::VolumeCommitment& x) { return x.id; });
  status = reader.ReadTable(kTooling, data.toolings, [](Cursor& c) {
    cc::Tooling t;
    t.id = c.Text();
    t.contract = c.Id(kContractId);
    t.material = c.Id(kMaterialId);
    t.amount = c.Exact();
    t.pieces = c.Micros();
    t.from = c.OptionalDate();
    return t;
  });
  if (!status.ok()) return status;
  SortBy(data.toolings, [](const cc::Tooling& x) { return x.id; });
  status = reader.ReadTable(kMilestones, data.milestones, [](Cursor& c) {
    cc::Milestone m;
    m.id = c.Text();
    m.contract = c.Id(kContractId);
    m.name = c.Text();
    m.due_date = c.Date();
    m.approved_on = c.OptionalDate();
    m.payment = c.Exact();
    m.critical = c.Flag();
    return m;
  });
  if (!status.ok()) return status;
  SortBy(data.milestones, [](const cc::Milestone& x) { return x.id; });
  return core::Ok{};
}

core::Status ReadEvents(Reader& reader, std::vector<cc::Event>& events) {
  const core::Status status = reader.ReadTable(kEvents, events, [](Cursor& c) {
    cc::Event e;
    e.id = c.Text();
    e.supplier = c.Id(kSupplierId);
    e.plant = c.Id(kPlantId);
    e.date = c.Date();
    e.kind = c.Name<cc::EventKind>();
    e.material = c.Id(kMaterialId);
    e.delivery_id = c.OptionalText();
    e.cost = c.OptionalExact();
    e.customer_notified = c.Flag();
    return e;
  });
  if (!status.ok()) return status;
  SortBy(events, [](const cc::Event& x) { return x.id; });
  return core::Ok{};
}

core::Status ReadMonitoring(Reader& reader, cc::ContractData& data) {
  core::Status status = reader.ReadTable(kAlternates, data.alternates, [](Cursor& c) {
    cc::Alternate a;
    a.material = c.Id(kMaterialId);
    a.supplier = c.Id(kSupplierId);
    a.qualified_on = c.OptionalDate();
    return a;
  });
  if (!status.ok()) return status;
  SortBy(data.alternates, [](const cc::Alternate& x) { return std::pair(x.material, x.supplier); });
  status = ReadEvents(reader, data.events);
  if (!status.ok()) return status;
  status = reader.ReadTable(kWarrantyClaims, data.warranty_claims, [](Cursor& c) {
    cc::WarrantyClaim w;
    w.id = c.Text();
    w.supplier = c.Id(kSupplierId);
    w.material = c.Id(kMaterialId);
    w.date = c.Date();
    w.quantity = c.Micros();
    w.supplier_share = c.Exact();
    return w;
  });
  if (!status.ok()) return status;
  SortBy(data.warranty_claims, [](const cc::WarrantyClaim& x) { return x.id; });
  status = reader.ReadTable(kPublished, data.published, [](Cursor& c) {
    cc::PublishedResult p;
    p.supplier = c.Id(kSupplierId);
    const core::Date first = c.Date();
    const core::Date last = c.Date();
    p.published_on = c.Date();
    p.period = core::Period{first, last, c.Text()};
    p.status = c.Text();
    p.grade_class = c.Text();
    for (std::optional<core::Rational>* figure :
         {&p.total, &p.qz, &p.qz1, &p.qz2, &p.qz3, &p.qz4, &p.lz, &p.lz1, &p.lz2, &p.ppm}) {
      *figure = c.OptionalExact();
    }
    return p;
  });
  if (!status.ok()) return status;
  SortBy(data.published, [](const cc::PublishedResult& x) {
    return std::tuple(x.supplier, x.period.first, x.period.last, x.published_on);
  });
  return core::Ok{};
}

core::Status ReadLogs(Reader& reader, cc::ContractData& data) {
  core::Status status = reader.ReadTable(kDecisions, data.decisions, [](Cursor& c) {
    cc::EscalationDecision d;
    d.line = static_cast<std::uint64_t>(c.Int());
    d.contract = c.Id(kContractId);
    d.date = c.Date();
    d.decision = c.Name<cc::Decision>();
    d.user = c.Text();
    d.reason = c.Text();
    d.to_level = c.Text();
    d.cause = c.Name<cc::Cause>();
    return d;
  });
  if (!status.ok()) return status;
  SortBy(data.decisions, [](const cc::EscalationDecision& x) { return x.line; });
  status = reader.ReadTable(kSettled, data.settled, [](Cursor& c) {
    cc::SettledLine s;
    s.line = static_cast<std::uint64_t>(c.Int());
    s.contract = c.Id(kContractId);
    const std::string label = c.Text();
    auto period = core::ParsePeriod(label);
    if (period.ok()) s.period = *period;
    s.kind = c.Text();
    s.ref = c.Text();
    s.material_id = c.Text();
    s.amount = c.Exact();
    return s;
  });
  if (!status.ok()) return status;
  SortBy(data.settled, [](const cc::SettledLine& x) { return x.line; });
  status = reader.ReadTable(kEmissions, data.emissions, [](Cursor& c) {
    cc::Emission e;
    e.supplier = c.Id(kSupplierId);
    e.material = c.Id(kMaterialId);
    e.period = c.Period();
    e.kg_co2e_per_unit = c.Exact();
    return e;
  });
  if (!status.ok()) return status;
  SortBy(data.emissions,
         [](const cc::Emission& x) { return std::tuple(x.supplier, x.material, x.period.first, x.period.last); });
  return core::Ok{};
}

}  // namespace

const std::vector<const TableSpec*>& ContractTables() {
  static const std::vector<const TableSpec*> kTables = [] {
    std::vector<const TableSpec*> tables;
    for (const TableSpec& spec : Specs()) tables.push_back(&spec);
    return tables;
  }();
  return kTables;
}

const TableSpec& EscalationDecisionsTable() { return Specs()[kDecisions]; }

core::Result<std::vector<TableCounts>> WriteContractTables(Connection& connection, BatchId batch,
                                                           const core::MasterData& master,
                                                           const cc::ContractData& data) {
  std::vector<Coverage> coverage;
  for (core::Index k = 0; k < data.contracts.size(); ++k) {
    for (const core::Index material : data.contracts[k].materials) coverage.push_back({k, material});
  }
  Cells cells(master, data);
  std::vector<TableCounts> counts;
  auto keep = [&](core::Result<TableCounts> table) -> core::Status {
    if (!table.ok()) return table.error();
    counts.push_back(*std::move(table));
    return core::Ok{};
  };
  const core::Status status[] = {
      keep(WriteTable(connection, batch, kContracts, cells, data.contracts,
                      [](const cc::Contract& k, Cells& c) {
                        c.Text(k.id).Supplier(k.supplier).Name(k.type).Date(k.start).Date(k.end).Text(k.currency);
                        c.Text(k.title)
                            .Name(k.tier_mode)
                            .Exact(k.penalty_cap_share)
                            .Exact(k.bonus_cap_share)
                            .Text(k.ladder)
                            .Flag(k.exclusive);
                        c.Date(k.exclusive_until).Name(k.ip_to_partner).Name(k.ip_term).Flag(k.software_escrow);
                        c.Int(k.dual_source_lead_days)
                            .Name(k.force_majeure)
                            .Flag(k.contingency_logistics)
                            .Flag(k.steering_committee);
                      })),
      keep(WriteTable(connection, batch, kContractMaterials, cells, coverage,
                      [](const Coverage& x, Cells& c) { c.Contract(x.contract).Material(x.material); })),
      keep(WriteTable(connection, batch, kPriceTiers, cells, data.price_tiers,
                      [](const cc::PriceTier& t, Cells& c) {
                        c.Contract(t.contract).Material(t.material).Micros(t.from_qty).Exact(t.unit_price);
                      })),
      keep(WriteTable(
          connection, batch, kIndices, cells, data.indices,
          [](const cc::PriceIndex& x, Cells& c) { c.Text(x.id).Text(x.name).Text(x.unit).Text(x.currency); })),
      keep(WriteTable(connection, batch, kIndexValues, cells, data.index_values,
                      [](const cc::IndexValue& v, Cells& c) { c.PriceIndex(v.index).Date(v.date).Exact(v.value); })),
      keep(WriteTable(connection, batch, kIndexation, cells, data.indexations,
                      [](const cc::Indexation& x, Cells& c) {
                        c.Contract(x.contract).Material(x.material).PriceIndex(x.index).Exact(x.content);
                        c.Exact(x.base_value).Name(x.fixing).Int(x.lag_days).Exact(x.dead_band).Exact(x.share);
                        c.Exact(x.floor).Exact(x.ceiling).PriceIndex(x.fallback_index).Exact(x.fallback_base_value);
                      })),
      keep(WriteTable(connection, batch, kKpis, cells, data.kpis,
                      [](const cc::KpiClause& k, Cells& c) {
                        c.Text(k.id).Contract(k.contract).Name(k.kpi).Exact(k.target).Exact(k.penalty_rate);
                        c.Exact(k.bonus_rate).Exact(k.cap_share).Flag(k.escalate);
                      })),
      keep(WriteTable(connection, batch, kCommitments, cells, data.commitments,
                      [](const cc::VolumeCommitment& v, Cells& c) {
                        c.Text(v.id).Contract(v.contract).Material(v.material).Date(v.from).Date(v.to);
                        c.Micros(v.min_qty).Exact(v.fee_per_unit);
                      })),
      keep(WriteTable(connection, batch, kTooling, cells, data.toolings,
                      [](const cc::Tooling& t, Cells& c) {
                        c.Text(t.id).Contract(t.contract).Material(t.material).Exact(t.amount).Micros(t.pieces);
                        c.Date(t.from);
                      })),
      keep(WriteTable(connection, batch, kMilestones, cells, data.milestones,
                      [](const cc::Milestone& m, Cells& c) {
                        c.Text(m.id).Contract(m.contract).Text(m.name).Date(m.due_date).Date(m.approved_on);
                        c.Exact(m.payment).Flag(m.critical);
                      })),
      keep(WriteTable(connection, batch, kAlternates, cells, data.alternates,
                      [](const cc::Alternate& a, Cells& c) {
                        c.Material(a.material).Supplier(a.supplier).Date(a.qualified_on);
                      })),
      keep(WriteTable(connection, batch, kEvents, cells, data.events,
                      [](const cc::Event& e, Cells& c) {
                        c.Text(e.id).Supplier(e.supplier).Plant(e.plant).Date(e.date).Name(e.kind);
                        c.Material(e.material).OptionalText(e.delivery_id).Exact(e.cost).Flag(e.customer_notified);
                      })),
      keep(WriteTable(connection, batch, kWarrantyClaims, cells, data.warranty_claims,
                      [](const cc::WarrantyClaim& w, Cells& c) {
                        c.Text(w.id).Supplier(w.supplier).Material(w.material).Date(w.date).Micros(w.quantity);
                        c.Exact(w.supplier_share);
                      })),
      keep(WriteTable(connection, batch, kPublished, cells, data.published,
                      [](const cc::PublishedResult& p, Cells& c) {
                        c.Supplier(p.supplier).Period(p.period).Date(p.published_on).Text(p.period.label);
                        c.Text(p.status).Text(p.grade_class);
                        for (const auto* figure :
                             {&p.total, &p.qz, &p.qz1, &p.qz2, &p.qz3, &p.qz4, &p.lz, &p.lz1, &p.lz2, &p.ppm}) {
                          c.Exact(*figure);
                        }
                      })),
      keep(WriteTable(connection, batch, kDecisions, cells, data.decisions,
                      [](const cc::EscalationDecision& d, Cells& c) {
                        c.Int(static_cast<std::int64_t>(d.line)).Contract(d.contract).Date(d.date).Name(d.decision);
                        c.Text(d.user).Text(d.reason).Text(d.to_level).Name(d.cause);
                      })),
      keep(WriteTable(connection, batch, kSettled, cells, data.settled,
                      [](const cc::SettledLine& s, Cells& c) {
                        c.Int(static_cast<std::int64_t>(s.line)).Contract(s.contract).Text(s.period.label);
                        c.Text(s.kind).Text(s.ref).Text(s.material_id).Exact(s.amount);
                      })),
      keep(WriteTable(connection, batch, kEmissions, cells, data.emissions,
                      [](const cc::Emission& e, Cells& c) {
                        c.Supplier(e.supplier).Material(e.material).Period(e.period).Text(e.period.label);
                        c.Exact(e.kg_co2e_per_unit);
                      })),
  };
  for (const core::Status& s : status) {
    if (!s.ok()) return s.error();
  }
  return counts;
}

core::Result<cc::ContractData> ReadContractTables(const ContractRowSource& rows, const core::MasterData& master) {
  Reader reader(rows, master);
  cc::ContractData data;
  for (auto read : {&ReadRegister, &ReadPrices, &ReadClauses, &ReadMonitoring, &ReadLogs}) {
    if (core::Status status = read(reader, data); !status.ok()) return status.error();
  }
  return data;
}

core::Result<std::vector<cc::Event>> ReadEventTable(const ContractRowSource& rows, const core::MasterData& master) {
  Reader reader(rows, master);
  std::vector<cc::Event> events;
  if (core::Status status = ReadEvents(reader, events); !status.ok()) return status.error();
  return events;
}

const TableSpec& EventTable() { return Specs()[kEvents]; }

}  // namespace supeval::store::internal
