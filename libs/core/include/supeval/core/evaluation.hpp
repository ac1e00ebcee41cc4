// What an evaluation produces: one SupplierResult per supplier (the spec's
// result row, unrounded) and, for one supplier on request, an Explanation that
// traces every figure to the deliveries and complaints behind it.
// Plain values: thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::core {

enum class EvaluationStatus { kEvaluated, kNotEvaluated };

struct SupplierResult {
  std::string supplier_id;
  std::string name;
  EvaluationStatus status = EvaluationStatus::kNotEvaluated;
  std::string reason;
  std::int64_t deliveries = 0;
  std::int64_t series_deliveries = 0;
  std::int64_t sample_deliveries = 0;
  std::int64_t complaints = 0;         // QZ1's C
  std::int64_t sample_complaints = 0;  // QZ4's S
  std::optional<double> ppm;
  std::optional<double> qz1, qz2, qz3, qz4, qz;
  std::optional<double> lz1, lz2, lz;
  std::optional<double> total;
  std::string grade_class;  // empty when not evaluated
  std::vector<std::string> warnings;
};

// Defective quantities are exact: basis (millionths) × percent (millionths),
// i.e. units of 1e-14 of the material's unit.
inline constexpr int kDefectiveScaleDigits = 14;

struct CommodityExplanation {
  std::string commodity;
  double b = 1;
  bool b_defaulted = false;            // not in the B table: the rule set's default B
  std::int64_t series_deliveries = 0;  // the commodity's weight in QZ2
  Int128 delivered_micros = 0;
  Int128 defective = 0;  // units of 1e-14
  std::optional<double> ppm;
  std::optional<double> qz2;  // floored and capped
};

enum class Adjustment {
  kNotApplicable,  // the row does not take the rejected quantity, or no confirmed_qty
  kApplied,        // confirmed_qty replaced rejected_qty
  kTooLate,        // confirmed after returned_on + adjustment months
  kNoReturnDate,   // confirmed_qty without returned_on
};

struct ComplaintExplanation {
  std::string id;
  ComplaintType type = ComplaintType::kComplaint;
  Date date;
  bool justified = false;
  std::string delivery_id;
  std::optional<std::string> commodity;  // empty: left out of ppm
  std::optional<MaterialKind> kind;
  std::string defect_code;  // as applied (empty defect shown as the rule set's default code)
  std::string defect_meaning;
  RelevantQuantity rule;                  // the spreadsheet-1 row applied
  std::optional<Decimal> basis_quantity;  // the lot, affected, rejected or confirmed quantity
  Int128 relevant = 0;                    // units of 1e-14, what counted towards ppm
  bool counts_in_ppm = false;
  Adjustment adjustment = Adjustment::kNotApplicable;
  std::optional<Date> adjustment_deadline;
  std::vector<std::string> notes;  // why something did not count
};

struct CertificateExplanation {
  std::string standard;
  Date valid_from;
  Date valid_to;
  bool valid_on_reference_date = false;
};

struct Qz3Explanation {
  bool exempt = false;
  bool indirect_column = false;  // every commodity delivered is indirect material
  std::vector<std::string> delivered_commodities;
  std::vector<CertificateExplanation> certificates;
  std::optional<std::size_t> matched_row;  // index into RuleSet::certification_rows
  std::optional<Hold> quality_hold;        // active on the reference date
  std::vector<Hold> other_holds;           // withdrawn, later, or for delivery reasons
  std::optional<double> points;
};

struct DeliveryDeviation {
  std::string id;
  Index plant = kNoIndex;  // indices into the evaluation's master data
  Index material = kNoIndex;
  DeliveryType type = DeliveryType::kSeries;
  Date due_date;
  Date receipt_date;
  std::int32_t working_days = 0;  // > 0 late, < 0 early
  Decimal due_qty;
  Decimal received_qty;
  double percent = 0;  // (received − due) / due × 100, for display only
  double lz1_points = 0;
  double lz2_points = 0;
};

struct CriterionWeight {
  std::string name;  // "QZ1" … "LZ2", "QZ", "LZ"
  double weight = 0;
  std::optional<double> normalised;  // empty: not taken into account
};

struct Explanation {
  SupplierResult result;
  Date reference_date;
  std::int64_t qz1_complaints = 0;
  std::int64_t qz1_series_deliveries = 0;
  std::int64_t qz4_sample_complaints = 0;
  std::int64_t qz4_sample_deliveries = 0;
  std::vector<CommodityExplanation> commodities;
  std::vector<ComplaintExplanation> complaints;  // every complaint of the period, counted or not
  Qz3Explanation qz3;
  std::map<double, std::int64_t> lz1_points_count;  // points → number of deliveries
  std::map<double, std::int64_t> lz2_points_count;
  std::vector<DeliveryDeviation> worst_by_date;      // lowest LZ1 points first
  std::vector<DeliveryDeviation> worst_by_quantity;  // lowest LZ2 points first
  std::vector<CriterionWeight> quality_weights;
  std::vector<CriterionWeight> delivery_weights;
  std::vector<CriterionWeight> total_weights;
};

}  // namespace supeval::core
