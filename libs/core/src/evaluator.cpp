// The evaluation engine: streaming accumulation of deliveries, then the
// agreement's formulas per supplier (spec sections cited at each rule).
#include "supeval/core/evaluator.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "exact.hpp"
#include "exact_figures.hpp"
#include "supeval/core/figures.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::core {
namespace {

// Points are summed as integer millionths so that sums do not depend on order.
constexpr double kPointsScale = 1'000'000.0;
// Calendars count by table lookup this far around the period.
constexpr std::int32_t kCalendarWindowDays = 3 * 366;
// 10^(kDefectiveScaleDigits − 6): defective quantities per millionth of a unit.
constexpr std::int64_t kDefectivePerMicro = 100'000'000;
// Points as millionths, as an exact ratio.
constexpr exact::Ratio kPointsPerMicro{1, 1'000'000};

std::int64_t ToPointsMicros(double points) { return std::llround(points * kPointsScale); }

// Values at or below up_to fall into a band: an integer count of days.
bool DaysAbove(std::int64_t days, Decimal up_to) {
  return static_cast<Int128>(days) * Decimal::kScale > up_to.micros();
}

// |received − due| / due × 100 > up_to, decided exactly (spec LZ2):
// |received − due| × 100 > up_to × due, all in millionths.
struct QuantityDeviation {
  Int128 difference_micros;
  Int128 due_micros;
};
bool PercentAbove(const QuantityDeviation& deviation, Decimal up_to) {
  return deviation.difference_micros * 100 * Decimal::kScale >
         static_cast<Int128>(up_to.micros()) * deviation.due_micros;
}

// Points per whole day for 0..last band edge, then beyond: spreadsheet 3 as a
// lookup array so the hot path is one index.
std::vector<std::int64_t> DayPointsTable(const BandTable& table) {
  const std::int64_t last_edge = table.bands.empty() ? 0 : table.bands.back().up_to.micros() / Decimal::kScale;
  std::vector<std::int64_t> points;
  for (std::int64_t days = 0; days <= last_edge + 1; ++days) {
    points.push_back(ToPointsMicros(LookupBand(table, days, DaysAbove)));
  }
  return points;
}

std::int64_t DayPoints(const std::vector<std::int64_t>& table, std::int32_t days) {
  const auto index = std::min<std::size_t>(static_cast<std::size_t>(days), table.size() - 1);
  return table[index];
}

// Spreadsheet 4 indexed by whole percent, or empty when a band edge is not a
// whole percent (or absurdly large). For a whole-percent edge k,
// |p| <= k exactly when ceil(|received - due| * 100 / due) <= k.
std::vector<std::int64_t> WholePercentTable(const BandTable& table) {
  constexpr std::int64_t kLargestEdge = 10'000;
  for (const Band& band : table.bands) {
    if (band.up_to.micros() % Decimal::kScale != 0 || band.up_to.micros() / Decimal::kScale > kLargestEdge) return {};
  }
  return DayPointsTable(table);  // the same lookup by whole units
}

double Clamp(const RuleSet& rules, double score) {
  return std::min(rules.score_cap, std::max(rules.score_floor, score));
}

struct WeightedScore {
  std::string name;
  double weight;
  std::optional<double> score;
};

// The weighted mean of the scores present, weights renormalised (spec: "a
// sub-criterion that cannot be computed is not taken into account").
std::optional<double> WeightedMean(const std::vector<WeightedScore>& parts, std::vector<CriterionWeight>* explained) {
  exact::WeightedSum sum;
  for (const WeightedScore& part : parts) {
    if (part.score) sum.Add(part.weight, *part.score);
  }
  const double weight_sum = sum.weights();
  if (explained != nullptr) {
    explained->clear();
    for (const WeightedScore& part : parts) {
      std::optional<double> normalised;
      if (part.score && weight_sum > 0) normalised = part.weight / weight_sum;
      explained->push_back({part.name, part.weight, normalised});
    }
  }
  if (weight_sum <= 0) return std::nullopt;
  return sum.Mean();
}

bool HoldActive(const Hold& hold, Date date) { return hold.ActiveOn(date); }

// Records grouped by supplier in one array (a vector per supplier was 20,000
// small allocations): group g holds the indexes of its records in record
// order, then ordered by the caller.
class Groups {
 public:
  Groups() = default;
  // `group_of(i)` for records 0..records-1: their group, or kNoIndex to leave
  // the record out.
  template <class GroupOf>
  Groups(std::size_t groups, std::size_t records, const GroupOf& group_of) : starts_(groups + 1, 0) {
    std::vector<Index> group(records);
    for (Index i = 0; i < records; ++i) {
      group[i] = group_of(i);
      if (group[i] != kNoIndex) ++starts_[group[i] + 1];
    }
    for (std::size_t g = 0; g < groups; ++g) starts_[g + 1] += starts_[g];
    indexes_.resize(starts_[groups]);
    std::vector<Index> next(starts_.begin(), starts_.end() - 1);
    for (Index i = 0; i < records; ++i) {
      if (group[i] != kNoIndex) indexes_[next[group[i]]++] = i;
    }
  }

  [[nodiscard]] std::span<const Index> operator[](Index group) const {
    return {indexes_.data() + starts_[group], starts_[group + 1] - starts_[group]};
  }
  // Sorts each group's records by `less`. (Records usually come in order:
  // a group already sorted is only checked.)
  template <class Less>
  void SortEach(const Less& less) {
    for (std::size_t g = 0; g + 1 < starts_.size(); ++g) {
      const auto begin = indexes_.begin() + starts_[g];
      const auto end = indexes_.begin() + starts_[g + 1];
      if (!std::is_sorted(begin, end, less)) std::sort(begin, end, less);
    }
  }

 private:
  std::vector<Index> starts_;  // group g is indexes_[starts_[g], starts_[g + 1])
  std::vector<Index> indexes_;
};

}  // namespace

// A complaint's place in its supplier's list (by date, then id), as far as
// its date and the first 16 bytes of its id tell: the bytes big-endian, so
// that comparing the words compares the text, then the length, so that an id
// comes before the longer ids it begins. Two ids of over 16 bytes that begin
// alike are left to their text (kLonger).
struct ComplaintOrder {
  static constexpr std::size_t kBytes = 16;
  static constexpr std::size_t kLonger = kBytes + 1;

  std::int32_t day = 0;
  std::array<std::uint64_t, 2> id{};
  std::size_t length = 0;  // up to kLonger

  static ComplaintOrder Of(const Complaint& complaint) {
    ComplaintOrder order;
    order.day = complaint.date.days();
    order.length = std::min(complaint.id.size(), kLonger);
    for (std::size_t i = 0; i < std::min(complaint.id.size(), kBytes); ++i) {
      const auto byte = static_cast<std::uint64_t>(static_cast<unsigned char>(complaint.id[i]));
      order.id[i / 8] |= byte << (8 * (7 - i % 8));
    }
    return order;
  }
  // -1, 0 or 1 as this complaint comes before, ties with or comes after `other`.
  [[nodiscard]] int Compare(const ComplaintOrder& other) const {
    if (day != other.day) return day < other.day ? -1 : 1;
    for (std::size_t word = 0; word < id.size(); ++word) {
      if (id[word] != other.id[word]) return id[word] < other.id[word] ? -1 : 1;
    }
    if (length != other.length) return length < other.length ? -1 : 1;
    return 0;
  }
};

// ---------------------------------------------------------------------------
// Context

struct EvaluationContext::Impl {
  RuleSet rules;
  Period period;
  MasterData master;
  EvaluationOptions options;

  std::vector<FactoryCalendar> calendars;   // by plant
  std::vector<std::string> commodities;     // distinct commodity codes, sorted
  std::vector<Index> material_commodity;    // material → commodity
  std::vector<double> commodity_b;          // by commodity
  std::vector<bool> commodity_b_defaulted;  // by commodity
  std::vector<bool> commodity_indirect;     // by commodity
  std::vector<std::int64_t> late_points;    // by working days late (last: beyond)
  std::vector<std::int64_t> early_points;   // by working days early (last: beyond)
  // Spreadsheet 4 by whole percent, when every band edge is a whole percent
  // (the default): points of ceil(|p|) for 0..last edge, then beyond. Empty
  // otherwise, and the bands are searched.
  std::vector<std::int64_t> over_points_by_percent;
  std::vector<std::int64_t> under_points_by_percent;
  // The rule numbers of the formulas as exact ratios (exact.hpp), when the
  // rule set writes them as decimals of up to six places; empty: those
  // figures are computed in floating point.
  std::optional<exact::Ratio> exact_base;        // formula_base
  std::optional<exact::Ratio> exact_qz1_factor;  // QZ1 = base − this × C / D
  std::optional<exact::Ratio> exact_qz4_factor;  // QZ4 = base − this × S / N
  std::optional<exact::Ratio> exact_ppm_factor;  // ppm = this × defective / delivered micros
  // By commodity: QZ2 = base − this × defective / delivered micros.
  std::vector<std::optional<exact::Ratio>> exact_qz2_factor;
  Groups complaints_by_supplier;  // dated in the period
  Groups certifications_by_supplier;
  Groups holds_by_supplier;

  // Slices (EvaluationOptions::slices): each slice's materials sorted, the
  // slices of each supplier, and the LZ1 points of a delivery on time (the
  // table's full points, on_time_rate). A slice's tallies follow the
  // suppliers': slice k is tally suppliers + k.
  std::vector<std::vector<Index>> slice_materials;
  Groups slices_by_supplier;
  std::int64_t full_lz1_points = 0;
  // The supplier whose deliveries are traced (EvaluationOptions: the
  // explained supplier, or the explained slice's supplier).
  std::optional<Index> traced_supplier;

  void PrepareSlices() {
    traced_supplier =
        options.explain_slice ? options.slices[*options.explain_slice].supplier : options.explain_supplier;
    const std::vector<EvaluationSlice>& slices = options.slices;
    for (const EvaluationSlice& slice : slices) {
      std::vector<Index> materials = slice.materials;
      std::sort(materials.begin(), materials.end());
      slice_materials.push_back(std::move(materials));
    }
    slices_by_supplier = Groups(master.suppliers.size(), slices.size(), [&](Index i) { return slices[i].supplier; });
    for (const auto* table : {&late_points, &early_points}) {
      if (!table->empty()) full_lz1_points = std::max(full_lz1_points, *std::max_element(table->begin(), table->end()));
    }
  }
  // Whether slice `slice` takes a record of its supplier of `material` dated `date`.
  [[nodiscard]] bool SliceTakes(Index slice, Index material, Date date) const {
    const EvaluationSlice& bounds = options.slices[slice];
    const std::vector<Index>& materials = slice_materials[slice];
    return bounds.first <= date && date <= bounds.last &&
           std::binary_search(materials.begin(), materials.end(), material);
  }
  [[nodiscard]] Index SliceTally(Index slice) const { return static_cast<Index>(master.suppliers.size()) + slice; }

  // The rule set's defect rules by code (FindDefect searches them in turn;
  // this is asked once a complaint).
  std::unordered_map<std::string_view, const DefectRule*> defect_rules;

  // The standards that the certification rows name, numbered; each row's
  // groups as those numbers; and each certificate's standard as its number,
  // or kNoIndex when no row names it. (QZ3 asks, for every supplier and row,
  // whether some standard of a group is valid: numbers, not texts.)
  std::size_t named_standards = 0;
  std::vector<std::vector<std::vector<Index>>> certification_row_groups;  // by row: all_of of any_of
  std::vector<Index> certificate_standard;                                // by certification

  void IndexStandards() {
    std::unordered_map<std::string_view, Index> numbers;
    const auto number_of = [&](std::string_view standard) {
      return numbers.try_emplace(standard, static_cast<Index>(numbers.size())).first->second;
    };
    for (const CertificationRow& row : rules.certification_rows) {
      std::vector<std::vector<Index>>& groups = certification_row_groups.emplace_back();
      for (const std::vector<std::string>& group : row.all_of) {
        std::vector<Index>& numbered = groups.emplace_back();
        for (const std::string& standard : group) numbered.push_back(number_of(standard));
      }
    }
    named_standards = numbers.size();
    certificate_standard.reserve(master.certifications.size());
    for (const Certification& certificate : master.certifications) {
      const auto found = numbers.find(certificate.standard);
      certificate_standard.push_back(found == numbers.end() ? kNoIndex : found->second);
    }
  }

  void IndexDefects() {
    for (const DefectRule& rule : rules.defects) defect_rules.try_emplace(rule.code, &rule);
  }
  // FindDefect(rules, complaint.defect).
  [[nodiscard]] const DefectRule* DefectOf(const Complaint& complaint) const {
    const auto found = defect_rules.find(DefectCodeOf(rules, complaint.defect));
    return found == defect_rules.end() ? nullptr : found->second;
  }

  void IndexCommodities() {
    // A few dozen codes among 70,000 materials: each material's code is found
    // in a small hash table, then numbered in the codes' sorted order.
    std::unordered_map<std::string_view, Index> index_of;
    for (const Material& material : master.materials) index_of.try_emplace(material.commodity, kNoIndex);
    for (const auto& [code, index] : index_of) commodities.emplace_back(code);
    std::sort(commodities.begin(), commodities.end());
    for (Index i = 0; i < commodities.size(); ++i) index_of[commodities[i]] = i;
    material_commodity.reserve(master.materials.size());
    for (const Material& material : master.materials) {
      material_commodity.push_back(index_of.find(material.commodity)->second);
    }
    for (const std::string& code : commodities) {
      const auto factor = rules.commodity_factors.find(code);
      const bool known = factor != rules.commodity_factors.end();
      commodity_b.push_back(known ? factor->second.b : rules.default_b);
      commodity_b_defaulted.push_back(!known);
      commodity_indirect.push_back(std::find(rules.indirect_commodities.begin(), rules.indirect_commodities.end(),
                                             code) != rules.indirect_commodities.end());
    }
  }

  // After IndexCommodities. (Spec QZ2: ppm = defective / delivered × scale;
  // QZ2 = base − B × ppm / divisor, the defective quantities in units of
  // 1e-14, the delivered ones in millionths.)
  void PrepareExactFormulas() {
    exact_base = exact::DecimalOf(rules.formula_base);
    exact_qz1_factor = exact::DecimalOf(rules.qz1_factor);
    exact_qz4_factor = exact::DecimalOf(rules.qz4_factor);
    if (const auto scale = exact::DecimalOf(rules.ppm_scale)) {
      exact_ppm_factor = exact::Quotient(*scale, exact::Ratio{kDefectivePerMicro, 1});
    }
    const std::optional<exact::Ratio> divisor = exact::DecimalOf(rules.qz2_ppm_divisor);
    for (const double b : commodity_b) {
      std::optional<exact::Ratio> factor;
      const std::optional<exact::Ratio> exact_b = exact::DecimalOf(b);
      const std::optional<exact::Ratio> per_ppm =
          exact_b && divisor ? exact::Quotient(*exact_b, *divisor) : std::nullopt;  // B / divisor
      if (per_ppm && exact_ppm_factor) factor = exact::Product(*per_ppm, *exact_ppm_factor);
      exact_qz2_factor.push_back(factor);
    }
  }

  void GroupBySupplier() {
    const std::size_t count = master.suppliers.size();
    // What sorting compares, beside the groups: it reaches for a complaint
    // itself (megabytes of them, in no order) only for ids of over 16 bytes.
    std::vector<ComplaintOrder> order(master.complaints.size());
    complaints_by_supplier = Groups(count, master.complaints.size(), [&](Index i) {
      const Complaint& complaint = master.complaints[i];
      order[i] = ComplaintOrder::Of(complaint);
      return period.Contains(complaint.date) ? complaint.supplier : kNoIndex;
    });
    certifications_by_supplier =
        Groups(count, master.certifications.size(), [&](Index i) { return master.certifications[i].supplier; });
    holds_by_supplier = Groups(count, master.holds.size(), [&](Index i) { return master.holds[i].supplier; });
    // Warnings and explanations list records in a fixed order, whatever the
    // order of the input files.
    complaints_by_supplier.SortEach([&](Index a, Index b) {
      const int compared = order[a].Compare(order[b]);
      if (compared != 0) return compared < 0;
      return order[a].length == ComplaintOrder::kLonger && master.complaints[a].id < master.complaints[b].id;
    });
    certifications_by_supplier.SortEach([&](Index a, Index b) {
      const Certification& x = master.certifications[a];
      const Certification& y = master.certifications[b];
      return std::tie(x.standard, x.valid_from, x.valid_to) < std::tie(y.standard, y.valid_from, y.valid_to);
    });
    holds_by_supplier.SortEach([&](Index a, Index b) {
      const Hold& x = master.holds[a];
      const Hold& y = master.holds[b];
      return std::tie(x.imposed_on, x.reason, x.withdrawn_on) < std::tie(y.imposed_on, y.reason, y.withdrawn_on);
    });
  }
};

Result<EvaluationContext> EvaluationContext::Create(RuleSet rules, Period period, MasterData master,
                                                    EvaluationOptions options) {
  if (Status status = ValidateRuleSet(rules); !status.ok()) return status.error();
  assert(!options.explain_slice || (!options.explain_supplier && *options.explain_slice < options.slices.size()));
  auto impl = std::make_unique<Impl>();
  impl->rules = std::move(rules);
  impl->IndexDefects();
  impl->period = std::move(period);
  impl->master = std::move(master);
  impl->options = options;
  // Grouping the records by supplier (mostly sorting the complaints) shares
  // nothing with the rest: with a second thread it runs beside it. (A
  // jthread: should the rest throw or refuse the records, it is joined
  // before `impl` goes.)
  Impl& prepared = *impl;
  std::jthread grouping;
  if (options.threads > 1) grouping = StartThread([&prepared] { prepared.GroupBySupplier(); });
  // Defect codes are rule-set data: records checked against another rule set
  // (a database imported earlier) may use codes this one lacks.
  for (const Complaint& complaint : impl->master.complaints) {
    if (impl->DefectOf(complaint) == nullptr) {
      return BadInput("complaint " + complaint.id + " has defect code '" + complaint.defect +
                          "', which the rule set does not define",
                      {"", 0, "defect"});
    }
  }
  const Date window_first = impl->period.first - kCalendarWindowDays;
  const Date window_last = impl->period.last + kCalendarWindowDays;
  for (const Plant& plant : impl->master.plants) {
    impl->calendars.emplace_back(plant.work_week, plant.exceptions, window_first, window_last);
  }
  impl->IndexCommodities();
  impl->PrepareExactFormulas();
  impl->IndexStandards();
  impl->late_points = DayPointsTable(impl->rules.lz1_late);
  impl->early_points = DayPointsTable(impl->rules.lz1_early);
  impl->over_points_by_percent = WholePercentTable(impl->rules.lz2_over);
  impl->under_points_by_percent = WholePercentTable(impl->rules.lz2_under);
  if (grouping.joinable()) grouping.join();
  else impl->GroupBySupplier();
  impl->PrepareSlices();
  return EvaluationContext(std::move(impl));
}

EvaluationContext::EvaluationContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EvaluationContext::EvaluationContext(EvaluationContext&&) noexcept = default;
EvaluationContext& EvaluationContext::operator=(EvaluationContext&&) noexcept = default;
EvaluationContext::~EvaluationContext() = default;
const RuleSet& EvaluationContext::rules() const { return impl_->rules; }
const Period& EvaluationContext::period() const { return impl_->period; }
const MasterData& EvaluationContext::master() const { return impl_->master; }

// ---------------------------------------------------------------------------
// Accumulation

namespace {

// Points of spreadsheet 4 for one delivery, decided exactly: a division on
// whole percents where the table allows, else a search of the bands.
std::int64_t QuantityPoints(const EvaluationContext::Impl& ctx, const QuantityDeviation& deviation, bool under) {
  const std::vector<std::int64_t>& by_percent = under ? ctx.under_points_by_percent : ctx.over_points_by_percent;
  constexpr Int128 kLargestExact = static_cast<Int128>(1) << 56;  // times 100 stays within 64 bits
  if (!by_percent.empty() && deviation.difference_micros < kLargestExact && deviation.due_micros < kLargestExact) {
    // Most deliveries bring what was due: their band is the first, without
    // a division (the row loop's slowest instruction).
    if (deviation.difference_micros == 0) return by_percent[0];
    const auto difference = static_cast<std::uint64_t>(deviation.difference_micros) * 100;
    const auto due = static_cast<std::uint64_t>(deviation.due_micros);
    const std::uint64_t ceil_percent = difference / due + (difference % due != 0 ? 1 : 0);
    return by_percent[std::min<std::uint64_t>(ceil_percent, by_percent.size() - 1)];
  }
  const double points = LookupBand(under ? ctx.rules.lz2_under : ctx.rules.lz2_over, deviation, PercentAbove);
  return ToPointsMicros(points);
}

struct CommodityTally {
  Index commodity = kNoIndex;
  std::int64_t series = 0;
  std::int64_t sample = 0;
  Int128 delivered_micros = 0;  // series deliveries only (spec QZ2)
};

// A commodity's tally in its supplier's cache line: narrower than a
// CommodityTally, so that two fit. Counts that would overflow move to the
// supplier's CommodityTally in State::more_commodities first (Spill), so
// the sums stay exact; the two are added up when the supplier is evaluated.
struct InlineTally {
  Index commodity = kNoIndex;  // none yet
  std::uint32_t series = 0;
  std::uint32_t sample = 0;
  std::int64_t delivered_micros = 0;  // series deliveries only (spec QZ2)
};

// What the stream adds up for one supplier, in one cache line: the rows of
// a large data set reach 20,000 suppliers in no order, and each row costs a
// fetch of its supplier's line. Most suppliers deliver one or two
// commodities: their tallies live here; those of further commodities are
// kept apart (State::more_commodities). The supplier's counts are the sums
// over its commodities.
struct alignas(64) SupplierTally {
  std::array<InlineTally, 2> commodities;  // the first two the supplier delivered
  std::int64_t lz1_points_micros = 0;
  std::int64_t lz2_points_micros = 0;
};
static_assert(sizeof(SupplierTally) == 64);

// Whether adding `micros` to `sum` would leave 64 bits.
bool SumOverflows(std::int64_t sum, std::int64_t micros) {
  return micros > 0 ? sum > std::numeric_limits<std::int64_t>::max() - micros
                    : sum < std::numeric_limits<std::int64_t>::min() - micros;
}

// An inline tally as a wide one.
CommodityTally Widened(const InlineTally& tally) {
  return {tally.commodity, tally.series, tally.sample, tally.delivered_micros};
}

void AddTo(CommodityTally& to, const CommodityTally& from) {
  to.series += from.series;
  to.sample += from.sample;
  to.delivered_micros += from.delivered_micros;
}

// The key of a supplier's further commodity in State::more_commodities.
std::uint64_t SupplierCommodityKey(Index supplier, Index commodity) {
  return (static_cast<std::uint64_t>(supplier) << 32) | commodity;
}

// Tallies by supplier and commodity: open addressing over one array, so that
// a lookup costs one fetch (a node-based map cost three).
class CommodityTallyTable {
 public:
  CommodityTally& operator[](std::uint64_t key) {
    if (2 * (used_ + 1) > entries_.size()) Grow();
    Entry& entry = Probe(entries_, key);
    if (!entry.used) {
      entry = Entry{key, true, {}};
      ++used_;
    }
    return entry.tally;
  }

  // Calls visit(key, tally) for every tally, in no particular order.
  template <class Visit>
  void ForEach(Visit visit) const {
    for (const Entry& entry : entries_) {
      if (entry.used) visit(entry.key, entry.tally);
    }
  }

 private:
  struct Entry {
    std::uint64_t key = 0;
    bool used = false;
    CommodityTally tally;
  };

  static Entry& Probe(std::vector<Entry>& entries, std::uint64_t key) {
    const std::size_t mask = entries.size() - 1;
    for (std::size_t at = (key * 0x9E3779B97F4A7C15ULL) >> 40 & mask;; at = (at + 1) & mask) {
      if (!entries[at].used || entries[at].key == key) return entries[at];
    }
  }

  void Grow() {
    std::vector<Entry> larger(entries_.empty() ? 64 : 2 * entries_.size());
    for (const Entry& entry : entries_) {
      if (entry.used) Probe(larger, entry.key) = entry;
    }
    entries_ = std::move(larger);
  }

  std::vector<Entry> entries_;
  std::size_t used_ = 0;
};

struct ReferencedDelivery {
  bool found = false;
  Index material = kNoIndex;
  Decimal received_qty;
};

bool WorseByDate(const DeliveryDeviation& a, const DeliveryDeviation& b) {
  if (a.lz1_points != b.lz1_points) return a.lz1_points < b.lz1_points;
  if (std::abs(a.working_days) != std::abs(b.working_days)) return std::abs(a.working_days) > std::abs(b.working_days);
  return a.id < b.id;
}

bool WorseByQuantity(const DeliveryDeviation& a, const DeliveryDeviation& b) {
  if (a.lz2_points != b.lz2_points) return a.lz2_points < b.lz2_points;
  if (std::abs(a.percent) != std::abs(b.percent)) return std::abs(a.percent) > std::abs(b.percent);
  return a.id < b.id;
}

// Keeps the `limit` worst entries; ties are broken by id, so the outcome does
// not depend on the order entries arrive in.
void KeepWorst(std::vector<DeliveryDeviation>& list, std::size_t limit,
               bool (*worse)(const DeliveryDeviation&, const DeliveryDeviation&)) {
  std::sort(list.begin(), list.end(), worse);
  if (list.size() > limit) list.resize(limit);
}

}  // namespace

struct DeliveryAccumulator::State {
  // Deliveries wait this many calls of Add before they are added, while the
  // tally of their supplier is fetched: the tallies of 20,000 suppliers are
  // megabytes, and waiting for each in turn was half the time of Add. Sums do
  // not depend on the order of adding.
  static constexpr std::size_t kDelay = 8;
  std::array<Delivery, kDelay> waiting{};
  std::size_t waiting_count = 0;
  std::size_t next_waiting = 0;

  std::vector<SupplierTally> suppliers;     // then the slices' (Impl::SliceTally)
  std::vector<std::int64_t> slice_on_time;  // by slice: deliveries at full LZ1 points
  CommodityTallyTable more_commodities;     // by SupplierCommodityKey
  std::vector<ReferencedDelivery> referenced;

  // Counts one delivery of `supplier` in `commodity`; `micros` only for a
  // series delivery.
  void Count(Index supplier, Index commodity, bool series, std::int64_t micros) {
    for (InlineTally& tally : suppliers[supplier].commodities) {
      if (tally.commodity == kNoIndex) tally.commodity = commodity;
      if (tally.commodity != commodity) continue;
      std::uint32_t& count = series ? tally.series : tally.sample;
      if (count == std::numeric_limits<std::uint32_t>::max() || SumOverflows(tally.delivered_micros, micros)) {
        Spill(supplier, tally);
      }
      ++count;
      tally.delivered_micros += micros;
      return;
    }
    CommodityTally& more = Wide(supplier, commodity);
    ++(series ? more.series : more.sample);
    more.delivered_micros += micros;
  }

  // The tally of `supplier` in `commodity` in more_commodities.
  CommodityTally& Wide(Index supplier, Index commodity) {
    CommodityTally& tally = more_commodities[SupplierCommodityKey(supplier, commodity)];
    tally.commodity = commodity;
    return tally;
  }

  // Moves an inline tally's counts to the wide one, emptying them.
  void Spill(Index supplier, InlineTally& tally) {
    AddTo(Wide(supplier, tally.commodity), Widened(tally));
    tally = InlineTally{tally.commodity};
  }

  // The tallies of `supplier`, one per commodity: the inline ones with what
  // spilled of them, then those of further commodities. `more` holds the
  // entries of more_commodities sorted by key.
  std::vector<CommodityTally> CommoditiesOf(Index supplier,
                                            const std::vector<std::pair<std::uint64_t, CommodityTally>>& more) const {
    std::vector<CommodityTally> tallies;
    for (const InlineTally& tally : suppliers[supplier].commodities) {
      if (tally.commodity != kNoIndex) tallies.push_back(Widened(tally));
    }
    const std::size_t inline_count = tallies.size();
    auto at = std::lower_bound(more.begin(), more.end(), SupplierCommodityKey(supplier, 0),
                               [](const auto& entry, std::uint64_t key) { return entry.first < key; });
    for (; at != more.end() && (at->first >> 32) == supplier; ++at) {
      const auto same =
          std::find_if(tallies.begin(), tallies.begin() + static_cast<std::ptrdiff_t>(inline_count),
                       [&](const CommodityTally& tally) { return tally.commodity == at->second.commodity; });
      if (same != tallies.begin() + static_cast<std::ptrdiff_t>(inline_count)) AddTo(*same, at->second);
      else tallies.push_back(at->second);
    }
    return tallies;
  }
  std::map<std::int64_t, std::int64_t> lz1_points_count;  // traced supplier only
  std::map<std::int64_t, std::int64_t> lz2_points_count;
  std::vector<DeliveryDeviation> worst_by_date;
  std::vector<DeliveryDeviation> worst_by_quantity;
};

DeliveryAccumulator::DeliveryAccumulator(const EvaluationContext& context)
    : context_(&context), state_(std::make_unique<State>()) {
  state_->suppliers.resize(context.master().suppliers.size() + context.impl().options.slices.size());
  state_->slice_on_time.resize(context.impl().options.slices.size());
  state_->referenced.resize(context.master().referenced_delivery_ids.size());
}
void DeliveryAccumulator::Clear() { *this = DeliveryAccumulator(*context_); }

DeliveryAccumulator::DeliveryAccumulator(DeliveryAccumulator&&) noexcept = default;
DeliveryAccumulator& DeliveryAccumulator::operator=(DeliveryAccumulator&&) noexcept = default;
DeliveryAccumulator::~DeliveryAccumulator() = default;

void DeliveryAccumulator::Add(const Delivery& delivery) {
  const EvaluationContext::Impl& ctx = context_->impl();
  // The rare rows whose id is needed later (named by a complaint, of the
  // explained supplier) and those outside the period are added at once.
  if (delivery.referenced_slot != kNoIndex || ctx.traced_supplier == delivery.supplier ||
      !ctx.period.Contains(delivery.receipt_date)) {
    AddNow(delivery);
    return;
  }
  assert(delivery.supplier < state_->suppliers.size());
  // A compiler builtin, not a library: a hint that changes no result. The
  // tally is one cache line, about to be written; the material's commodity
  // (70,000 materials: a table the size of the second-level cache) decides
  // which tally, and waiting for it was 60 % of AddNow.
  __builtin_prefetch(&state_->suppliers[delivery.supplier], 1);
  __builtin_prefetch(&ctx.material_commodity[delivery.material]);
  State& state = *state_;
  Delivery& slot = state.waiting[state.next_waiting];
  if (state.waiting_count == State::kDelay) AddNow(slot);
  else ++state.waiting_count;
  slot = delivery;
  slot.id = {};  // not kept: the caller's text may be gone when the row is added
  state.next_waiting = (state.next_waiting + 1) % State::kDelay;
}

void DeliveryAccumulator::Flush() {
  State& state = *state_;
  const std::size_t first = (state.next_waiting + State::kDelay - state.waiting_count) % State::kDelay;
  for (std::size_t i = 0; i < state.waiting_count; ++i) AddNow(state.waiting[(first + i) % State::kDelay]);
  state.waiting_count = 0;
}

const DeliveryAccumulator::State& DeliveryAccumulator::state() const {
  // Logically const: what is read afterwards includes the waiting rows.
  const_cast<DeliveryAccumulator*>(this)->Flush();
  return *state_;
}

namespace {

// A delivery's deviations and points (spec LZ1, LZ2).
struct DeliveryPoints {
  std::int32_t working_days = 0;  // > 0 late, < 0 early
  std::int64_t lz1 = 0;           // millionths
  std::int64_t lz2 = 0;
};

// Notes a delivery of the explained supplier or slice: its points' counts
// and the worst lists.
void Trace(const EvaluationContext::Impl& ctx, DeliveryAccumulator::State& state, const Delivery& delivery,
           const DeliveryPoints& points) {
  ++state.lz1_points_count[points.lz1];
  ++state.lz2_points_count[points.lz2];
  // From the exact quantities: a deviation of a millionth keeps its sign.
  const Int128 received = delivery.received_qty.micros();
  const Int128 due = delivery.due_qty.micros();
  const double percent = due == 0 ? 0 : static_cast<double>((received - due) * 100) / static_cast<double>(due);
  const DeliveryDeviation entry{std::string(delivery.id),
                                delivery.plant,
                                delivery.material,
                                delivery.type,
                                delivery.due_date,
                                delivery.receipt_date,
                                points.working_days,
                                delivery.due_qty,
                                delivery.received_qty,
                                percent,
                                static_cast<double>(points.lz1) / kPointsScale,
                                static_cast<double>(points.lz2) / kPointsScale};
  const std::size_t limit = ctx.options.worst_deliveries;
  state.worst_by_date.push_back(entry);
  state.worst_by_quantity.push_back(entry);
  if (state.worst_by_date.size() > 4 * limit + 16) KeepWorst(state.worst_by_date, limit, WorseByDate);
  if (state.worst_by_quantity.size() > 4 * limit + 16) KeepWorst(state.worst_by_quantity, limit, WorseByQuantity);
}

// Counts a delivery, whose points are known, in the slices of its supplier
// that take it (as AddNow counts it for the supplier).
void CountInSlices(const EvaluationContext::Impl& ctx, DeliveryAccumulator::State& state, const Delivery& delivery,
                   const DeliveryPoints& points) {
  const bool series = delivery.type == DeliveryType::kSeries;
  for (const Index slice : ctx.slices_by_supplier[delivery.supplier]) {
    if (!ctx.SliceTakes(slice, delivery.material, delivery.receipt_date)) continue;
    const Index tally = ctx.SliceTally(slice);
    state.Count(tally, ctx.material_commodity[delivery.material], series, series ? delivery.received_qty.micros() : 0);
    state.suppliers[tally].lz1_points_micros += points.lz1;
    state.suppliers[tally].lz2_points_micros += points.lz2;
    if (points.lz1 == ctx.full_lz1_points) ++state.slice_on_time[slice];
    if (ctx.options.explain_slice == slice) Trace(ctx, state, delivery, points);
  }
}

}  // namespace

void DeliveryAccumulator::AddNow(const Delivery& delivery) {
  const EvaluationContext::Impl& ctx = context_->impl();
  assert(delivery.supplier < state_->suppliers.size() && delivery.plant < ctx.calendars.size() &&
         delivery.material < ctx.material_commodity.size());
  if (delivery.referenced_slot != kNoIndex) {
    assert(delivery.referenced_slot < state_->referenced.size());
    state_->referenced[delivery.referenced_slot] = {true, delivery.material, delivery.received_qty};
  }
  // Spec "Period and records": a delivery belongs to the period of its receipt_date.
  if (!ctx.period.Contains(delivery.receipt_date)) return;

  SupplierTally& supplier = state_->suppliers[delivery.supplier];
  const bool series = delivery.type == DeliveryType::kSeries;
  state_->Count(delivery.supplier, ctx.material_commodity[delivery.material], series,
                series ? delivery.received_qty.micros() : 0);

  // LZ1: deviation in working days of the receiving plant's calendar.
  const FactoryCalendar& calendar = ctx.calendars[delivery.plant];
  std::int32_t working_days = 0;
  std::int64_t lz1_points = 0;
  if (delivery.receipt_date > delivery.due_date) {
    working_days = calendar.WorkingDaysAfterThrough(delivery.due_date, delivery.receipt_date);
    lz1_points = DayPoints(ctx.late_points, working_days);
  } else {
    const std::int32_t early = calendar.WorkingDaysFromBefore(delivery.receipt_date, delivery.due_date);
    working_days = -early;
    lz1_points = DayPoints(ctx.early_points, early);
  }
  supplier.lz1_points_micros += lz1_points;

  // LZ2: exact percent bands; no deviation counts as over-delivery band 0.
  const Int128 received = delivery.received_qty.micros();
  const Int128 due = delivery.due_qty.micros();
  const bool under = received < due;
  const QuantityDeviation deviation{under ? due - received : received - due, due};
  const std::int64_t lz2_points = QuantityPoints(ctx, deviation, under);
  supplier.lz2_points_micros += lz2_points;
  const DeliveryPoints points{working_days, lz1_points, lz2_points};
  if (!ctx.slice_materials.empty()) CountInSlices(ctx, *state_, delivery, points);
  if (ctx.options.explain_supplier == delivery.supplier) Trace(ctx, *state_, delivery, points);
}

void DeliveryAccumulator::Merge(DeliveryAccumulator&& other) {
  assert(other.context_ == context_);
  Flush();
  other.Flush();
  State& mine = *state_;
  State& theirs = *other.state_;
  // Their counts go to my wide tallies: CommoditiesOf adds them up with
  // the inline ones.
  for (Index i = 0; i < mine.suppliers.size(); ++i) {
    SupplierTally& to = mine.suppliers[i];
    const SupplierTally& from = theirs.suppliers[i];
    to.lz1_points_micros += from.lz1_points_micros;
    to.lz2_points_micros += from.lz2_points_micros;
    for (const InlineTally& tally : from.commodities) {
      if (tally.commodity == kNoIndex) continue;
      AddTo(mine.Wide(i, tally.commodity), Widened(tally));
    }
  }
  theirs.more_commodities.ForEach([&](std::uint64_t key, const CommodityTally& tally) {
    AddTo(mine.Wide(static_cast<Index>(key >> 32), tally.commodity), tally);
  });
  for (std::size_t i = 0; i < mine.slice_on_time.size(); ++i) mine.slice_on_time[i] += theirs.slice_on_time[i];
  for (std::size_t i = 0; i < mine.referenced.size(); ++i) {
    if (theirs.referenced[i].found) mine.referenced[i] = theirs.referenced[i];
  }
  for (const auto& [points, count] : theirs.lz1_points_count) mine.lz1_points_count[points] += count;
  for (const auto& [points, count] : theirs.lz2_points_count) mine.lz2_points_count[points] += count;
  mine.worst_by_date.insert(mine.worst_by_date.end(), theirs.worst_by_date.begin(), theirs.worst_by_date.end());
  mine.worst_by_quantity.insert(mine.worst_by_quantity.end(), theirs.worst_by_quantity.begin(),
                                theirs.worst_by_quantity.end());
  const std::size_t limit = context_->impl().options.worst_deliveries;
  KeepWorst(mine.worst_by_date, limit, WorseByDate);
  KeepWorst(mine.worst_by_quantity, limit, WorseByQuantity);
}

// ---------------------------------------------------------------------------
// Evaluation of one supplier

namespace {

using State = DeliveryAccumulator::State;

// What a SupplierEvaluation evaluates: a supplier (its own tally), or a
// slice of one (the slice's tally, its records filtered; figures also exact).
struct EvaluatedPart {
  Index supplier = kNoIndex;
  Index tally = kNoIndex;
  std::optional<Index> slice;
};

class SupplierEvaluation {
 public:
  // `commodities`: the part's tallies by commodity. `exact`: where a
  // slice's exact figures go (slices only).
  SupplierEvaluation(const EvaluationContext::Impl& ctx, const State& state, EvaluatedPart part,
                     std::vector<CommodityTally> commodities, Explanation* explanation,
                     contracts::SliceFigures* exact = nullptr)
      : ctx_(ctx),
        rules_(ctx.rules),
        state_(state),
        index_(part.supplier),
        slice_(part.slice),
        tally_(state.suppliers[part.tally]),
        explanation_(explanation),
        exact_(exact),
        commodities_(std::move(commodities)) {
    for (const CommodityTally& tally : commodities_) {
      series_ += tally.series;
      sample_ += tally.sample;
    }
  }

  SupplierResult Run() {
    const Supplier& supplier = ctx_.master.suppliers[index_];
    result_.supplier_id = supplier.id;
    result_.name = supplier.name;
    result_.series_deliveries = series_;
    result_.sample_deliveries = sample_;
    result_.deliveries = series_ + sample_;
    TakeComplaints();
    ComputeQuality(supplier);
    ComputeDelivery();
    ComputeTotal();
    if (exact_ != nullptr) ComputeExact();
    return std::move(result_);
  }

 private:
  // Spec QZ2 "ppm-relevant quantity of one record" and "Adjustment".
  // The texts of a complaint's explanation are filled in only for the
  // explained supplier (for 88,000 complaints they were a third of Evaluate).
  [[nodiscard]] bool Explaining() const { return explanation_ != nullptr; }
  void Note(ComplaintExplanation& detail, const char* note) const {
    if (Explaining()) detail.notes.emplace_back(note);
  }

  void TakeComplaints() {
    for (const Index complaint_index : ctx_.complaints_by_supplier[index_]) {
      const Complaint& complaint = ctx_.master.complaints[complaint_index];
      if (slice_ && !ctx_.SliceTakes(*slice_, MaterialOf(complaint), complaint.date)) continue;
      ComplaintExplanation detail;
      detail.type = complaint.type;
      detail.date = complaint.date;
      detail.justified = complaint.justified;
      if (Explaining()) {
        detail.id = complaint.id;
        detail.delivery_id = complaint.delivery_id;
      }
      if (complaint.justified) TakeJustified(complaint, detail);
      else Note(detail, "not justified: not counted");
      if (explanation_ != nullptr) explanation_->complaints.push_back(std::move(detail));
    }
  }

  void TakeJustified(const Complaint& complaint, ComplaintExplanation& detail) {
    if (complaint.type == ComplaintType::kSample) {
      ++result_.sample_complaints;
      Note(detail, "sample complaint: counts for QZ4, not for ppm");
      return;
    }
    if (complaint.type == ComplaintType::kComplaint) ++result_.complaints;
    else Note(detail, "notification: counts for ppm, not for QZ1");

    const ReferencedDelivery* delivery = NamedDelivery(complaint);
    const Index material = MaterialOf(complaint);
    if (material == kNoIndex) {
      Warn("complaint " + complaint.id + " names neither a delivery nor a material: left out of ppm");
      Note(detail, "no delivery_id or material_id: commodity unknown, left out of ppm");
      return;
    }
    const Material& mat = ctx_.master.materials[material];
    const Index commodity = ctx_.material_commodity[material];
    const DefectRule* defect = ctx_.DefectOf(complaint);
    assert(defect != nullptr);  // EvaluationContext::Create checked every code
    const RelevantQuantity& rule = mat.kind == MaterialKind::kPurchased ? defect->purchased : defect->raw;
    detail.kind = mat.kind;
    if (Explaining()) {
      detail.defect_code = defect->code;
      detail.commodity = mat.commodity;
      detail.defect_meaning = defect->meaning;
    }
    detail.rule = rule;
    detail.counts_in_ppm = true;

    const std::optional<Decimal> basis = BasisQuantity(complaint, *defect, rule.basis, delivery, detail);
    detail.basis_quantity = basis;
    detail.relevant = static_cast<Int128>(basis.value_or(Decimal()).micros()) * rule.percent.micros();
    defective_[commodity] += detail.relevant;
  }

  // The delivery a complaint names, when it was found in the stream.
  [[nodiscard]] const ReferencedDelivery* NamedDelivery(const Complaint& complaint) const {
    if (complaint.delivery_ref == kNoIndex || !state_.referenced[complaint.delivery_ref].found) return nullptr;
    return &state_.referenced[complaint.delivery_ref];
  }
  // Spec QZ2: a complaint's material is its delivery's, else its own (or none).
  [[nodiscard]] Index MaterialOf(const Complaint& complaint) const {
    const ReferencedDelivery* delivery = NamedDelivery(complaint);
    return delivery != nullptr ? delivery->material : complaint.material;
  }

  std::optional<Decimal> BasisQuantity(const Complaint& complaint, const DefectRule& defect, QuantityBasis basis,
                                       const ReferencedDelivery* delivery, ComplaintExplanation& detail) {
    switch (basis) {
      case QuantityBasis::kNone:
        return std::nullopt;
      case QuantityBasis::kAffected:
        if (!complaint.affected_qty) Note(detail, "affected_qty empty: counts 0");
        return complaint.affected_qty;
      case QuantityBasis::kLot:
        if (delivery == nullptr) {
          Warn("complaint " + complaint.id + ": defect '" + defect.code +
               "' takes a share of the lot but names no delivery: counts 0");
          Note(detail, "lot-based row without delivery_id: counts 0");
          return std::nullopt;
        }
        return delivery->received_qty;
      case QuantityBasis::kRejected:
        return RejectedOrConfirmed(complaint, detail);
    }
    return std::nullopt;
  }

  // Spec "Adjustment": confirmed_qty replaces rejected when confirmed no later
  // than returned_on plus the rule set's months.
  std::optional<Decimal> RejectedOrConfirmed(const Complaint& complaint, ComplaintExplanation& detail) {
    if (!complaint.rejected_qty && !complaint.confirmed_qty) Note(detail, "rejected_qty empty: counts 0");
    if (!complaint.confirmed_qty) return complaint.rejected_qty;
    if (!complaint.returned_on) {
      detail.adjustment = Adjustment::kNoReturnDate;
      return complaint.rejected_qty;
    }
    const Date deadline = complaint.returned_on->AddMonths(rules_.adjustment_months);
    detail.adjustment_deadline = deadline;
    if (!complaint.confirmed_on || *complaint.confirmed_on > deadline) {
      detail.adjustment = Adjustment::kTooLate;
      return complaint.rejected_qty;
    }
    detail.adjustment = Adjustment::kApplied;
    return complaint.confirmed_qty;
  }

  void ComputeQuality(const Supplier& supplier) {
    // QZ1 = base − factor × C / D; D = 0: not taken into account.
    if (series_ > 0) {
      result_.qz1 = Clamp(rules_, BaseMinus(ctx_.exact_qz1_factor, result_.complaints, series_,
                                            rules_.qz1_factor * static_cast<double>(result_.complaints) /
                                                static_cast<double>(series_)));
    }
    // QZ4 = base − factor × S / N; N = 0: not taken into account.
    if (sample_ > 0) {
      result_.qz4 = Clamp(rules_, BaseMinus(ctx_.exact_qz4_factor, result_.sample_complaints, sample_,
                                            rules_.qz4_factor * static_cast<double>(result_.sample_complaints) /
                                                static_cast<double>(sample_)));
    }
    ComputeQz2();
    ComputeQz3(supplier);
    std::vector<CriterionWeight>* weights = explanation_ != nullptr ? &explanation_->quality_weights : nullptr;
    result_.qz = WeightedMean({{"QZ1", rules_.weight_qz1, result_.qz1},
                               {"QZ2", rules_.weight_qz2, result_.qz2},
                               {"QZ3", rules_.weight_qz3, result_.qz3},
                               {"QZ4", rules_.weight_qz4, result_.qz4}},
                              weights);
  }

  // Spec QZ2: per commodity, weighted by its series deliveries.
  void ComputeQz2() {
    // By commodity number: the order of the codes (IndexCommodities), stable.
    std::map<Index, CommodityExplanation> rows;
    Int128 delivered_total = 0;
    Int128 defective_total = 0;
    exact::WeightedSum weighted;  // QZ2(commodity) by series deliveries
    auto row_for = [&](Index commodity) -> CommodityExplanation& {
      CommodityExplanation& row = rows[commodity];
      row.commodity = ctx_.commodities[commodity];
      row.b = ctx_.commodity_b[commodity];
      row.b_defaulted = ctx_.commodity_b_defaulted[commodity];
      return row;
    };
    for (const CommodityTally& tally : commodities_) {
      if (tally.series == 0) continue;
      CommodityExplanation& row = row_for(tally.commodity);
      row.series_deliveries = tally.series;
      row.delivered_micros = tally.delivered_micros;
    }
    for (const auto& [commodity, defective] : defective_) row_for(commodity).defective = defective;
    for (auto& [commodity, row] : rows) {
      delivered_total += row.delivered_micros;
      defective_total += row.defective;
      if (row.b_defaulted) {
        Warn("commodity " + row.commodity + " is not in the B table: B = " + FormatNumber(row.b) + " used");
      }
      if (row.series_deliveries == 0) continue;
      if (row.delivered_micros > 0) {
        row.ppm = Ppm(row.defective, row.delivered_micros);
        row.qz2 = Clamp(rules_, BaseMinus(ctx_.exact_qz2_factor[commodity], row.defective, row.delivered_micros,
                                          row.b * *row.ppm / rules_.qz2_ppm_divisor));
      } else {
        row.qz2 = row.defective == 0 ? Clamp(rules_, rules_.formula_base) : rules_.score_floor;
      }
      weighted.Add(static_cast<double>(row.series_deliveries), *row.qz2);
    }
    if (weighted.weights() > 0) result_.qz2 = weighted.Mean();
    if (weighted.weights() > 0 && delivered_total > 0) result_.ppm = Ppm(defective_total, delivered_total);
    if (explanation_ == nullptr) return;
    for (auto& [commodity, row] : rows) explanation_->commodities.push_back(std::move(row));
  }

  // Spec QZ2: defective / delivered × scale, exactly where the scale is a
  // decimal (see figures.hpp).
  double Ppm(Int128 defective, Int128 delivered_micros) const {
    std::optional<double> ppm;
    if (ctx_.exact_ppm_factor) ppm = exact::Scaled(*ctx_.exact_ppm_factor, defective, delivered_micros);
    return ppm.value_or(static_cast<double>(defective) / static_cast<double>(kDefectivePerMicro) /
                        static_cast<double>(delivered_micros) * rules_.ppm_scale);
  }

  // base − factor × count / per (QZ1, QZ2, QZ4): exactly where the rule
  // numbers are decimals, as one ratio of integers, else `inexact` (the
  // same in floating point, given as factor × count / per).
  double BaseMinus(const std::optional<exact::Ratio>& exact_factor, Int128 count, Int128 per, double inexact) const {
    std::optional<double> value;
    if (ctx_.exact_base && exact_factor) value = exact::BaseMinus(*ctx_.exact_base, *exact_factor, count, per);
    return value.value_or(rules_.formula_base - inexact);
  }

  // Spec QZ3: best certification row on the reference date, hold, exempt.
  void ComputeQz3(const Supplier& supplier) {
    Qz3Explanation detail;
    const Date reference = ctx_.period.ReferenceDate();
    detail.exempt = supplier.qz3_exempt;
    if (Explaining()) {
      for (const CommodityTally& tally : commodities_) {
        detail.delivered_commodities.push_back(ctx_.commodities[tally.commodity]);
      }
      std::sort(detail.delivered_commodities.begin(), detail.delivered_commodities.end());
    }
    detail.indirect_column = !commodities_.empty() &&
                             std::all_of(commodities_.begin(), commodities_.end(), [&](const CommodityTally& tally) {
                               return ctx_.commodity_indirect[tally.commodity];
                             });
    std::vector<bool> valid(ctx_.named_standards);  // by the standard's number (Impl::IndexStandards)
    for (const Index i : ctx_.certifications_by_supplier[index_]) {
      const Certification& certificate = ctx_.master.certifications[i];
      const bool is_valid = certificate.valid_from <= reference && reference <= certificate.valid_to;
      if (is_valid && ctx_.certificate_standard[i] != kNoIndex) valid[ctx_.certificate_standard[i]] = true;
      if (Explaining()) {
        detail.certificates.push_back({certificate.standard, certificate.valid_from, certificate.valid_to, is_valid});
      }
    }
    double points = rules_.certification_none_points;
    for (std::size_t row = 0; row < rules_.certification_rows.size(); ++row) {
      const CertificationRow& candidate = rules_.certification_rows[row];
      if (!RowMatches(ctx_.certification_row_groups[row], valid)) continue;
      const double row_points = detail.indirect_column ? candidate.indirect_points : candidate.production_points;
      if (!detail.matched_row || row_points > points) {
        detail.matched_row = row;
        points = row_points;
      }
    }
    for (const Index i : ctx_.holds_by_supplier[index_]) {
      const Hold& hold = ctx_.master.holds[i];
      if (hold.reason == HoldReason::kQuality && HoldActive(hold, reference)) detail.quality_hold = hold;
      else detail.other_holds.push_back(hold);
    }
    if (detail.quality_hold) points = rules_.hold_points;
    points = Clamp(rules_, points);  // spec: every sub-score is floored and capped
    if (!detail.exempt) {
      detail.points = points;
      result_.qz3 = points;
    }
    if (explanation_ != nullptr) explanation_->qz3 = std::move(detail);
  }

  // Whether every group of a certification row (as numbers) has a valid standard.
  static bool RowMatches(const std::vector<std::vector<Index>>& groups, const std::vector<bool>& valid) {
    return std::all_of(groups.begin(), groups.end(), [&](const std::vector<Index>& group) {
      return std::any_of(group.begin(), group.end(), [&](Index standard) { return valid[standard]; });
    });
  }

  // Spec LZ: means of per-delivery points over series and sample deliveries.
  void ComputeDelivery() {
    const std::int64_t count = series_ + sample_;
    // Points (millionths) over deliveries: one ratio of integers, which 64-bit
    // counts cannot take out of 128 bits.
    const auto mean_points = [&](std::int64_t points_micros) {
      return exact::Scaled(kPointsPerMicro, points_micros, count)
          .value_or(static_cast<double>(points_micros) / kPointsScale / static_cast<double>(count));
    };
    if (count > 0) {
      result_.lz1 = mean_points(tally_.lz1_points_micros);
      result_.lz2 = mean_points(tally_.lz2_points_micros);
    }
    std::vector<CriterionWeight>* weights = explanation_ != nullptr ? &explanation_->delivery_weights : nullptr;
    result_.lz =
        WeightedMean({{"LZ1", rules_.weight_lz1, result_.lz1}, {"LZ2", rules_.weight_lz2, result_.lz2}}, weights);
  }

  void ComputeTotal() {
    std::vector<CriterionWeight>* weights = explanation_ != nullptr ? &explanation_->total_weights : nullptr;
    result_.total =
        WeightedMean({{"QZ", rules_.weight_quality, result_.qz}, {"LZ", rules_.weight_delivery, result_.lz}}, weights);
    // Spec "Period and records": fewer than min_deliveries: not evaluated.
    if (result_.deliveries < rules_.min_deliveries) {
      NotEvaluated("fewer than " + std::to_string(rules_.min_deliveries) + " deliveries in the period (" +
                   std::to_string(result_.deliveries) + ")");
      return;
    }
    if (!result_.total) {
      NotEvaluated("no criterion could be computed");
      return;
    }
    result_.status = EvaluationStatus::kEvaluated;
    // Spec "Overall": the first class whose min_total the unrounded total
    // reaches (an edge met within the total's floating-point error counting as
    // met); never one it does not reach. ValidateRuleSet makes the last class
    // start at or below the floor, so every total finds one; should none, no
    // class.
    const auto grade = std::find_if(rules_.classes.begin(), rules_.classes.end(), [&](const GradeClass& candidate) {
      return Reaches(*result_.total, candidate.min_total);
    });
    if (grade != rules_.classes.end()) result_.grade_class = grade->name;
    else Warn("total " + FormatNumber(*result_.total) + " is below every class: no class given");
  }

  // The figures that the result has, again as exact rationals from the same
  // integer sums and rule numbers (a slice's KPIs, CONTRACTS.md §6); the
  // result decides which figures exist.
  void ComputeExact() {
    using exact::RuleRational;
    contracts::SliceFigures& figures = *exact_;
    const auto clamped_base_minus = [&](double factor, Int128 count, Int128 per) {
      return exact::Clamped(rules_, exact::BaseMinus(rules_.formula_base, RuleRational(factor), count, per));
    };
    if (result_.qz1) figures.qz1 = clamped_base_minus(rules_.qz1_factor, result_.complaints, series_);
    if (result_.qz4) figures.qz4 = clamped_base_minus(rules_.qz4_factor, result_.sample_complaints, sample_);
    if (result_.qz3) figures.qz3 = RuleRational(*result_.qz3);  // a rule number, floored and capped
    ComputeExactQz2(figures);
    if (result_.lz1)
      figures.lz1 = Rational::Of(tally_.lz1_points_micros, static_cast<Int128>(series_ + sample_) * 1'000'000);
    if (result_.lz2)
      figures.lz2 = Rational::Of(tally_.lz2_points_micros, static_cast<Int128>(series_ + sample_) * 1'000'000);
    figures.qz = exact::WeightedMean({{RuleRational(rules_.weight_qz1), figures.qz1},
                                      {RuleRational(rules_.weight_qz2), figures.qz2},
                                      {RuleRational(rules_.weight_qz3), figures.qz3},
                                      {RuleRational(rules_.weight_qz4), figures.qz4}});
    figures.lz = exact::WeightedMean(
        {{RuleRational(rules_.weight_lz1), figures.lz1}, {RuleRational(rules_.weight_lz2), figures.lz2}});
    figures.total = exact::WeightedMean(
        {{RuleRational(rules_.weight_quality), figures.qz}, {RuleRational(rules_.weight_delivery), figures.lz}});
  }

  // QZ2 and ppm as ComputeQz2 forms them: per commodity base − B / divisor
  // × ppm, weighted by series deliveries.
  void ComputeExactQz2(contracts::SliceFigures& figures) const {
    using exact::RuleRational;
    // ppm = defective (1e-14) / delivered (1e-6) × scale / 10^8.
    const Rational ppm_factor = RuleRational(rules_.ppm_scale) / Rational(kDefectivePerMicro);
    std::vector<std::pair<Rational, std::optional<Rational>>> weighted;
    for (const CommodityTally& tally : commodities_) {
      const auto defective = defective_.find(tally.commodity);
      const Int128 commodity_defective = defective == defective_.end() ? 0 : defective->second;
      figures.defective += commodity_defective;
      figures.delivered_micros += tally.delivered_micros;
      if (tally.series == 0) continue;
      Rational score = RuleRational(rules_.score_floor);
      if (tally.delivered_micros > 0) {
        const Rational factor =
            RuleRational(ctx_.commodity_b[tally.commodity]) / RuleRational(rules_.qz2_ppm_divisor) * ppm_factor;
        score = exact::Clamped(
            rules_, exact::BaseMinus(rules_.formula_base, factor, commodity_defective, tally.delivered_micros));
      } else if (commodity_defective == 0) {
        score = exact::Clamped(rules_, RuleRational(rules_.formula_base));
      }
      weighted.emplace_back(Rational(tally.series), score);
    }
    // Complaints of commodities the part did not deliver count in the ppm.
    for (const auto& entry : defective_) {
      const Index commodity = entry.first;  // (clang 14 cannot capture a structured binding)
      const bool delivered = std::any_of(commodities_.begin(), commodities_.end(),
                                         [&](const CommodityTally& tally) { return tally.commodity == commodity; });
      if (!delivered) figures.defective += entry.second;
    }
    if (result_.qz2) figures.qz2 = exact::WeightedMean(weighted);
    // The ppm KPI needs no eligibility (CONTRACTS.md §6): any series quantity.
    if (figures.delivered_micros > 0)
      figures.ppm = ppm_factor * Rational::Of(figures.defective, figures.delivered_micros);
  }

  void NotEvaluated(std::string reason) {
    result_.status = EvaluationStatus::kNotEvaluated;
    result_.reason = std::move(reason);
    result_.ppm.reset();
    for (auto* score : {&result_.qz1, &result_.qz2, &result_.qz3, &result_.qz4, &result_.qz, &result_.lz1, &result_.lz2,
                        &result_.lz, &result_.total}) {
      score->reset();
    }
    result_.grade_class.clear();
  }

  void Warn(std::string warning) {
    if (std::find(result_.warnings.begin(), result_.warnings.end(), warning) == result_.warnings.end()) {
      result_.warnings.push_back(std::move(warning));
    }
  }

  static std::string FormatNumber(double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
  }

  const EvaluationContext::Impl& ctx_;
  const RuleSet& rules_;
  const State& state_;
  Index index_;
  std::optional<Index> slice_;
  const SupplierTally& tally_;
  std::int64_t series_ = 0;  // deliveries, over all commodities
  std::int64_t sample_ = 0;
  Explanation* explanation_;
  contracts::SliceFigures* exact_;
  SupplierResult result_;
  std::map<Index, Int128> defective_;        // by commodity, units of 1e-14
  std::vector<CommodityTally> commodities_;  // the supplier's, by commodity
};

}  // namespace

// Below this many suppliers a thread of its own is not worth starting.
constexpr std::size_t kSuppliersPerThread = 1024;

namespace {

// Suppliers ahead whose complaints are fetched while one is evaluated: the
// 88,000 complaints of a large data set and what they name (the delivery,
// the material) are tens of megabytes, read in an order the cache cannot
// guess, and waiting for them was most of Evaluate.
constexpr Index kComplaintsAhead = 4;

// __builtin_prefetch that GCC keeps in a loop doing nothing else: it deletes
// such loops as having no effect (C++ loops are assumed to end,
// -ffinite-loops). The empty asm naming the address is an effect.
inline void PrefetchInLoop(const void* address) {
  __builtin_prefetch(address);
  asm volatile("" : : "r"(address));
}

// Starts loading what TakeComplaints reads: for supplier `named` (when below
// `end`), what its complaints name, whose records were fetched kComplaintsAhead
// suppliers ago; for supplier `fetched`, its complaints' records.
void PrefetchComplaintsOf(const EvaluationContext::Impl& ctx, const State& state, Index named, Index fetched,
                          Index end) {
  if (named < end) {
    for (const Index index : ctx.complaints_by_supplier[named]) {
      const Complaint& complaint = ctx.master.complaints[index];
      if (complaint.delivery_ref != kNoIndex) PrefetchInLoop(&state.referenced[complaint.delivery_ref]);
      if (complaint.material != kNoIndex) PrefetchInLoop(&ctx.master.materials[complaint.material]);
    }
  }
  if (fetched < end) {
    for (const Index index : ctx.complaints_by_supplier[fetched]) {
      const auto* record = reinterpret_cast<const char*>(&ctx.master.complaints[index]);
      for (std::size_t line = 0; line < sizeof(Complaint); line += 64) PrefetchInLoop(record + line);
    }
  }
}

}  // namespace

namespace {

// The slices' results beside the suppliers' (EvaluationOptions::slices).
void EvaluateSlices(const EvaluationContext::Impl& ctx, const State& state,
                    const std::vector<std::pair<std::uint64_t, CommodityTally>>& more, Evaluation& evaluation) {
  for (Index slice = 0; slice < ctx.options.slices.size(); ++slice) {
    SliceEvaluation& out = evaluation.slices.emplace_back();
    const Index tally = ctx.SliceTally(slice);
    Explanation* explanation = ctx.options.explain_slice == slice ? &*evaluation.explanation : nullptr;
    out.result = SupplierEvaluation(ctx, state, {ctx.options.slices[slice].supplier, tally, slice},
                                    state.CommoditiesOf(tally, more), explanation, &out.figures)
                     .Run();
    out.figures.deliveries = out.result.deliveries;
    out.figures.on_time = state.slice_on_time[slice];
    if (out.figures.deliveries > 0)
      out.figures.on_time_rate = Rational::Of(100 * out.figures.on_time, out.figures.deliveries);
  }
}

}  // namespace

Evaluation Evaluate(const EvaluationContext& context, const DeliveryAccumulator& accumulator, std::size_t threads) {
  const EvaluationContext::Impl& ctx = context.impl();
  const State& state = accumulator.state();
  Evaluation evaluation;
  const std::size_t suppliers = ctx.master.suppliers.size();
  evaluation.results.resize(suppliers);
  if (ctx.traced_supplier) evaluation.explanation.emplace();
  // The further commodities of all suppliers, in supplier order.
  std::vector<std::pair<std::uint64_t, CommodityTally>> more;
  state.more_commodities.ForEach(
      [&](std::uint64_t key, const CommodityTally& tally) { more.emplace_back(key, tally); });
  std::sort(more.begin(), more.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Suppliers are independent: each thread takes a contiguous share.
  const auto evaluate_share = [&](std::size_t share, std::size_t shares) {
    const auto end = static_cast<Index>(suppliers * (share + 1) / shares);
    for (Index i = static_cast<Index>(suppliers * share / shares); i < end; ++i) {
      PrefetchComplaintsOf(ctx, state, i + kComplaintsAhead, i + 2 * kComplaintsAhead, end);
      Explanation* explanation = ctx.options.explain_supplier == i ? &*evaluation.explanation : nullptr;
      evaluation.results[i] =
          SupplierEvaluation(ctx, state, {i, i, {}}, state.CommoditiesOf(i, more), explanation).Run();
    }
  };
  threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, suppliers / kSuppliersPerThread));
  RunInParallel(threads, [&](std::size_t share) { evaluate_share(share, threads); });
  EvaluateSlices(ctx, state, more, evaluation);
  if (ctx.traced_supplier) {
    Explanation* explanation = &*evaluation.explanation;
    explanation->result = ctx.options.explain_slice ? evaluation.slices[*ctx.options.explain_slice].result
                                                    : evaluation.results[*ctx.options.explain_supplier];
    explanation->reference_date = ctx.period.ReferenceDate();
    explanation->qz1_complaints = explanation->result.complaints;
    explanation->qz1_series_deliveries = explanation->result.series_deliveries;
    explanation->qz4_sample_complaints = explanation->result.sample_complaints;
    explanation->qz4_sample_deliveries = explanation->result.sample_deliveries;
    for (const auto& [points, count] : state.lz1_points_count) {
      explanation->lz1_points_count[static_cast<double>(points) / kPointsScale] = count;
    }
    for (const auto& [points, count] : state.lz2_points_count) {
      explanation->lz2_points_count[static_cast<double>(points) / kPointsScale] = count;
    }
    explanation->worst_by_date = state.worst_by_date;
    explanation->worst_by_quantity = state.worst_by_quantity;
    KeepWorst(explanation->worst_by_date, ctx.options.worst_deliveries, WorseByDate);
    KeepWorst(explanation->worst_by_quantity, ctx.options.worst_deliveries, WorseByQuantity);
  }
  return evaluation;
}

}  // namespace supeval::core
