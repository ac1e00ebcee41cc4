// RuleSet: every number of the evaluation — weights, factors, the agreement's
// spreadsheets 1–4, the certification table, the classes — as plain data. The
// engine reads a RuleSet and has no rule constant of its own; DefaultRuleSet()
// is the Quality Assurance Agreement of docs/EVALUATION.md, and another
// customer's agreement is another rule file (io reads and writes them as TOML).
// Plain values: thread-compatible; share a const RuleSet freely.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/decimal.hpp"
#include "supeval/core/result.hpp"

namespace supeval::core {

// One row of a banded table: values v with previous.up_to < v <= up_to score
// `points`. Bands are sorted by up_to; values above the last band score
// BandTable::beyond_points.
struct Band {
  Decimal up_to;
  double points = 0;
  friend bool operator==(const Band&, const Band&) = default;
};

struct BandTable {
  std::vector<Band> bands;
  double beyond_points = 0;
  friend bool operator==(const BandTable&, const BandTable&) = default;
};

// Spreadsheet 1: what quantity of a complaint counts towards ppm.
enum class QuantityBasis {
  kRejected,  // rejected_qty (replaced by confirmed_qty under the adjustment)
  kAffected,  // affected_qty: the packing units concerned
  kLot,       // the received quantity of the delivery the record names
  kNone,      // no ppm at all
};

struct RelevantQuantity {
  QuantityBasis basis = QuantityBasis::kRejected;
  Decimal percent = Decimal::FromUnits(100);  // share of the basis that counts
  friend bool operator==(const RelevantQuantity&, const RelevantQuantity&) = default;
};

struct DefectRule {
  std::string code;     // as in complaints.csv `defect`
  std::string meaning;  // the spreadsheet's wording, for explanations
  RelevantQuantity purchased;
  RelevantQuantity raw;
  friend bool operator==(const DefectRule&, const DefectRule&) = default;
};

struct CommodityFactor {
  std::string name;
  double b = 1;
  std::optional<double> ppm_limit;  // informative: where QZ2 reaches about 90
  friend bool operator==(const CommodityFactor&, const CommodityFactor&) = default;
};

// A row of the QZ3 table: it matches when, for every group, at least one of
// the group's standards has a valid certificate.
struct CertificationRow {
  std::vector<std::vector<std::string>> all_of;
  double production_points = 0;
  double indirect_points = 0;
  friend bool operator==(const CertificationRow&, const CertificationRow&) = default;
};

struct GradeClass {
  std::string name;
  double min_total = 0;  // totals >= min_total (and below the previous class); the
                         // last class starts at or below the floor (ValidateRuleSet)
  friend bool operator==(const GradeClass&, const GradeClass&) = default;
};

struct RuleSet {
  std::string name;

  int min_deliveries = 3;  // fewer series+sample deliveries: not evaluated
  double score_floor = 1;
  double score_cap = 100;

  double weight_quality = 0.65;
  double weight_delivery = 0.35;
  double weight_qz1 = 0.5;
  double weight_qz2 = 0.3;
  double weight_qz3 = 0.1;
  double weight_qz4 = 0.1;
  double weight_lz1 = 0.5;
  double weight_lz2 = 0.5;

  double formula_base = 100;  // the 100 of QZ1 = 100 − …, QZ2 and QZ4
  double qz1_factor = 1000;   // QZ1 = base − factor × C / D
  double qz4_factor = 500;    // QZ4 = base − factor × S / N

  double ppm_scale = 1'000'000;  // ppm = defective / delivered × scale
  double qz2_ppm_divisor = 100;  // QZ2 = base − B × ppm / divisor
  double default_b = 1;          // B of a commodity missing from the table (with a warning)
  std::map<std::string, CommodityFactor> commodity_factors;
  std::vector<std::string> indirect_commodities;  // QZ3 column 2 when only these are delivered
  std::vector<DefectRule> defects;                // spreadsheet 1
  std::string empty_defect_code = "other";        // the row an empty `defect` uses
  int adjustment_months = 2;                      // confirmed_on <= returned_on + months

  std::vector<CertificationRow> certification_rows;  // best matching row counts
  double certification_none_points = 1;              // no valid certificate
  double hold_points = 1;                            // quality New Business Hold active

  BandTable lz1_late;   // spreadsheet 3, working days late
  BandTable lz1_early;  // spreadsheet 3, working days early
  BandTable lz2_over;   // spreadsheet 4, percent over-delivered
  BandTable lz2_under;  // spreadsheet 4, percent under-delivered

  std::vector<GradeClass> classes;  // highest min_total first

  friend bool operator==(const RuleSet&, const RuleSet&) = default;
};

// The agreement's rule set (docs/EVALUATION.md).
[[nodiscard]] RuleSet DefaultRuleSet();

// Checks what the types cannot, so that no rule set gives a result the
// agreement could not (an infinite total, LZ1 234.3, a class the total does not
// reach) or makes the arithmetic undefined. Returns the first problem as a
// kBadInput Error whose field is the rule file's key path
// ("delivery.lz1.late.bands[3].points"), the message saying the allowed range
// and the value found. Every key and its range ("floor..cap": from
// scores.floor to scores.cap; numbers are finite):
//
//   name                              not empty
//   scores.cap                        0 .. 100
//   scores.floor                      0 .. < scores.cap
//   weights.quality, .delivery        0 .. 1e6, not both 0
//   quality.weights.qz1 … qz4         0 .. 1e6, not all 0 while weights.quality > 0
//   delivery.weights.lz1, lz2         0 .. 1e6, not both 0 while weights.delivery > 0
//   eligibility.min_deliveries        integer 0 .. 1000000
//   quality.formula_base              scores.floor .. 1e6 (above the cap: a margin)
//   quality.qz1.factor, qz4.factor    0 .. 1e6
//   quality.qz2.ppm_scale             > 0 .. 1e9
//   quality.qz2.ppm_divisor           > 0 .. 1e9
//   quality.qz2.default_b             0 .. 1e6
//   quality.qz2.adjustment_months     integer 0 .. 120 (returned_on + months stays a date)
//   quality.qz2.commodities           at least one; code not empty; b 0 .. 1e6,
//                                     ppm_limit (informative) 0 .. 1e9
//   quality.qz2.defects               codes not empty and unique; purchased/raw
//                                     percent 0 .. 100
//   quality.qz2.empty_defect_code     one of the defect codes
//   quality.qz3.indirect_commodities  may be empty (no column 2); codes not empty
//   quality.qz3.none_points, hold_points   floor..cap
//   quality.qz3.rows                  at least one; all_of at least one group, each
//                                     at least one standard, none empty;
//                                     production, indirect floor..cap
//   delivery.lz1.late|early, delivery.lz2.over|under:
//     beyond                          floor..cap
//     bands                           at least one; up_to 0 .. 10000 (days or
//                                     percent), strictly ascending; points floor..cap
//   classes                           at least one; names not empty and unique;
//                                     min_total strictly descending, the first
//                                     <= scores.cap, the last <= scores.floor (every
//                                     total, being within floor..cap, gets a class)
//                                     and the one before it > scores.floor (else the
//                                     last is never given)
[[nodiscard]] Status ValidateRuleSet(const RuleSet& rules);

// The points of `value` in `table`: those of the first band whose up_to is >=
// value, or beyond_points above the last band. `above(value, up_to)` is true
// when value lies above up_to. Bands are sorted (ValidateRuleSet), so this is a
// binary search.
template <class Value, class Above>
[[nodiscard]] double LookupBand(const BandTable& table, const Value& value, Above above) {
  const auto band = std::partition_point(table.bands.begin(), table.bands.end(),
                                         [&](const Band& b) { return above(value, b.up_to); });
  return band == table.bands.end() ? table.beyond_points : band->points;
}

// The name `rules`, read from `source` (a file name), carries: its own, except
// that a rule set differing from DefaultRuleSet() in any value may not keep the
// default's name (an edited copy of `supeval rules show`, or a partial file
// without `name`) and becomes "<the agreement> (edited: <source>)". A rule set
// equal to the default in every value keeps the name, however its file is
// written.
[[nodiscard]] std::string HonestRuleSetName(const RuleSet& rules, std::string_view source);

// The defect code a complaint's `code` stands for: itself, or when empty
// rules.empty_defect_code.
[[nodiscard]] inline std::string_view DefectCodeOf(const RuleSet& rules, std::string_view code) {
  return code.empty() ? std::string_view(rules.empty_defect_code) : code;
}

// The defect rule for `code` (empty: rules.empty_defect_code), or nullptr.
[[nodiscard]] const DefectRule* FindDefect(const RuleSet& rules, std::string_view code);

}  // namespace supeval::core
