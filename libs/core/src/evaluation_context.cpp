// The evaluation context: the rule set's tables prepared for lookups, the
// records indexed and grouped by supplier, once per evaluation, before any
// delivery is added.
#include <algorithm>
#include <cassert>
#include <tuple>

#include "evaluation_context.hpp"
#include "supeval/core/threads.hpp"

namespace supeval::core {
namespace {

// Values at or below up_to fall into a band: an integer count of days.
bool DaysAbove(std::int64_t days, Decimal up_to) {
  return static_cast<Int128>(days) * Decimal::kScale > up_to.micros();
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

}  // namespace

void EvaluationContext::Impl::PrepareSlices() {
  traced_supplier = options.explain_slice ? options.slices[*options.explain_slice].supplier : options.explain_supplier;
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

void EvaluationContext::Impl::IndexStandards() {
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

void EvaluationContext::Impl::IndexDefects() {
  for (const DefectRule& rule : rules.defects) defect_rules.try_emplace(rule.code, &rule);
}

void EvaluationContext::Impl::IndexCommodities() {
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

void EvaluationContext::Impl::PrepareExactFormulas() {
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

void EvaluationContext::Impl::GroupBySupplier() {
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
  // nothing with the rest: with a second thread it runs beside it. (Should
  // the rest refuse the records, it is waited for before `impl` goes.)
  Impl& prepared = *impl;
  std::optional<Beside> grouping;
  if (options.threads > 1) grouping.emplace([&prepared] { prepared.GroupBySupplier(); });
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
  if (grouping) {
    grouping->Wait();
  } else {
    impl->GroupBySupplier();
  }
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

}  // namespace supeval::core
