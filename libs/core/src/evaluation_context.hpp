// The evaluation context's insides, shared by the engine's parts (internal
// to core): the rule set's tables prepared for lookups, the records grouped
// by supplier, the slices. evaluation_context.cpp prepares them;
// delivery_accumulator.cpp and agreement.cpp read them.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exact.hpp"
#include "supeval/core/calendar.hpp"
#include "supeval/core/evaluator.hpp"

namespace supeval::core {

// Points are summed as integer millionths so that sums do not depend on order.
constexpr double kPointsScale = 1'000'000.0;
// Calendars count by table lookup this far around the period.
constexpr std::int32_t kCalendarWindowDays = 3 * 366;
// 10^(kDefectiveScaleDigits − 6): defective quantities per millionth of a unit.
constexpr std::int64_t kDefectivePerMicro = 100'000'000;
// Points as millionths, as an exact ratio.
constexpr exact::Ratio kPointsPerMicro{1, 1'000'000};

inline std::int64_t ToPointsMicros(double points) { return std::llround(points * kPointsScale); }

// |received − due| / due × 100 > up_to, decided exactly (spec LZ2):
// |received − due| × 100 > up_to × due, all in millionths.
struct QuantityDeviation {
  Int128 difference_micros;
  Int128 due_micros;
};
inline bool PercentAbove(const QuantityDeviation& deviation, Decimal up_to) {
  return deviation.difference_micros * 100 * Decimal::kScale >
         static_cast<Int128>(up_to.micros()) * deviation.due_micros;
}

// Points of a whole-day lookup table (DayPointsTable) for `days`.
inline std::int64_t DayPoints(const std::vector<std::int64_t>& table, std::int32_t days) {
  const auto index = std::min<std::size_t>(static_cast<std::size_t>(days), table.size() - 1);
  return table[index];
}

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

  void PrepareSlices();
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

  void IndexStandards();

  void IndexDefects();
  // FindDefect(rules, complaint.defect).
  [[nodiscard]] const DefectRule* DefectOf(const Complaint& complaint) const {
    const auto found = defect_rules.find(DefectCodeOf(rules, complaint.defect));
    return found == defect_rules.end() ? nullptr : found->second;
  }

  void IndexCommodities();

  // After IndexCommodities. (Spec QZ2: ppm = defective / delivered × scale;
  // QZ2 = base − B × ppm / divisor, the defective quantities in units of
  // 1e-14, the delivered ones in millionths.)
  void PrepareExactFormulas();

  void GroupBySupplier();
};

}  // namespace supeval::core
