// ValidateRuleSet: what the types of a RuleSet cannot say. Every number is
// finite and within the range that keeps the results meaningful and the
// arithmetic defined, every table holds rows and is ordered, every class can be
// given and every total gets one. Each problem names the rule file's key path
// ("classes[2].min_total"), so the file reader can place it on its line.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "supeval/core/rules.hpp"

namespace supeval::core {
namespace {

// The limits (listed with ValidateRuleSet in rules.hpp). A score is at most
// 100, as the agreement's; weights are relative and factors multiply counts
// and ppm, so a bound far above any agreement's value only catches typos and
// keeps sums and products finite.
constexpr double kLargestScore = 100;         // scores.cap
constexpr double kLargestWeight = 1'000'000;  // every weight
// A weight that counts is at least a millionth: a subnormal weight times a
// score keeps a few bits, and the weighted mean (w × s / w) came out as a
// whole number, below a floor of 0.5 even.
constexpr double kSmallestWeight = 0.000001;
constexpr double kLargestFactor = 1'000'000;                      // formula_base, QZ1/QZ4 factors, B
constexpr double kLargestPpmNumber = 1e9;                         // ppm_scale, ppm_divisor, ppm_limit (ppb)
constexpr int kLargestMinDeliveries = 1'000'000;                  // deliveries in a period
constexpr int kLargestAdjustmentMonths = 120;                     // ten years; returned_on + months stays a date
constexpr Decimal kLargestBandEdge = Decimal::FromUnits(10'000);  // working days or percent
constexpr Decimal kLargestPercent = Decimal::FromUnits(100);      // of a spreadsheet 1 basis
// Numbers of this size print without an exponent (0.000001, not 1e-06).
constexpr double kSmallestPlain = 0.000001;
constexpr double kLargestPlain = 1e15;

// The shortest text that reads back as `value`.
std::string NumberText(double value) {
  const double size = std::fabs(value);
  if (std::trunc(value) == value && size < kLargestPlain) return std::to_string(static_cast<std::int64_t>(value));
  std::array<char, 400> buffer{};
  const auto [end, error] =
      size >= kSmallestPlain && size < kLargestPlain
          ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed)
          : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), end);
}

std::string Join(std::string_view path, std::string_view key) { return std::string(path) + "." + std::string(key); }

std::string Indexed(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

// One end of a range: a number, or the value of another key.
struct Limit {
  double value;
  std::string_view key;  // empty: a fixed limit

  [[nodiscard]] std::string Text() const {
    return key.empty() ? NumberText(value) : std::string(key) + " (" + NumberText(value) + ")";
  }
};

// min <= value <= max; an excluded end is < or > instead.
struct Range {
  Limit min;
  Limit max;
  bool min_excluded = false;
  bool max_excluded = false;

  [[nodiscard]] bool Holds(double value) const {
    return std::isfinite(value) && (min_excluded ? value > min.value : value >= min.value) &&
           (max_excluded ? value < max.value : value <= max.value);
  }
  [[nodiscard]] std::string Text() const {
    return (min_excluded ? "> " : ">= ") + min.Text() + " and " + (max_excluded ? "< " : "<= ") + max.Text();
  }
};

Range Between(double min, double max) { return {{min, {}}, {max, {}}}; }
Range AboveZeroUpTo(double max) { return {{0, {}}, {max, {}}, true}; }

// The checks of one rule set. Keeps the first problem; every check after it
// does nothing.
class Checks {
 public:
  explicit Checks(const RuleSet& rules)
      : points_{{rules.score_floor, "scores.floor"}, {rules.score_cap, "scores.cap"}} {}

  // A score the rule set gives (points of a band, a certificate row, …):
  // within scores.floor..scores.cap, which every sub-score is held to.
  [[nodiscard]] const Range& points() const { return points_; }

  void Number(std::string key, double value, const Range& range) {
    if (range.Holds(value)) return;
    Fail(std::move(key), "must be a finite number " + range.Text() + " (found " + NumberText(value) + ")");
  }
  // A weight: 0 (the criterion does not count) or kSmallestWeight..kLargestWeight.
  void Weight(std::string key, double value) {
    if (value == 0 || Between(kSmallestWeight, kLargestWeight).Holds(value)) return;
    Fail(std::move(key), "must be 0 or a finite number >= " + NumberText(kSmallestWeight) +
                             " and <= " + NumberText(kLargestWeight) + " (found " + NumberText(value) + ")");
  }
  void Integer(std::string key, int value, int min, int max) {
    if (value >= min && value <= max) return;
    Fail(std::move(key), "must be an integer >= " + std::to_string(min) + " and <= " + std::to_string(max) +
                             " (found " + std::to_string(value) + ")");
  }
  void Exact(std::string key, Decimal value, Decimal min, Decimal max) {
    if (value >= min && value <= max) return;
    Fail(std::move(key),
         "must be a number >= " + min.ToString() + " and <= " + max.ToString() + " (found " + value.ToString() + ")");
  }
  void Require(bool holds, std::string key, std::string_view message) {
    if (!holds) Fail(std::move(key), std::string(message));
  }
  void Fail(std::string key, std::string message) {
    if (!problem_) problem_ = BadInput(std::move(message), {"", 0, std::move(key)});
  }

  [[nodiscard]] Status Result() const {
    if (problem_) return *problem_;
    return Ok{};
  }

 private:
  Range points_;
  std::optional<Error> problem_;
};

void CheckScores(Checks& checks, const RuleSet& rules) {
  checks.Number("scores.cap", rules.score_cap, Between(0, kLargestScore));
  checks.Number("scores.floor", rules.score_floor, {{0, {}}, {rules.score_cap, "scores.cap"}, false, true});
}

void CheckWeights(Checks& checks, const RuleSet& rules) {
  const std::pair<const char*, double> weights[] = {
      {"weights.quality", rules.weight_quality},  {"weights.delivery", rules.weight_delivery},
      {"quality.weights.qz1", rules.weight_qz1},  {"quality.weights.qz2", rules.weight_qz2},
      {"quality.weights.qz3", rules.weight_qz3},  {"quality.weights.qz4", rules.weight_qz4},
      {"delivery.weights.lz1", rules.weight_lz1}, {"delivery.weights.lz2", rules.weight_lz2},
  };
  for (const auto& [key, weight] : weights) checks.Weight(key, weight);
  checks.Require(rules.weight_quality + rules.weight_delivery > 0, "weights", "the weights must not all be 0");
  // A main criterion that weighs must be computable from its sub-criteria; one
  // that does not may leave them all 0 (a delivery-only agreement).
  checks.Require(
      rules.weight_quality == 0 || rules.weight_qz1 + rules.weight_qz2 + rules.weight_qz3 + rules.weight_qz4 > 0,
      "quality.weights", "the weights must not all be 0 while weights.quality > 0");
  checks.Require(rules.weight_delivery == 0 || rules.weight_lz1 + rules.weight_lz2 > 0, "delivery.weights",
                 "the weights must not all be 0 while weights.delivery > 0");
}

// Agreement 2.1, 2.4: the formulas' base and factors.
void CheckQualityFormulas(Checks& checks, const RuleSet& rules) {
  // A base above the cap is a margin (the first complaints cost nothing); one
  // below the floor would floor every score.
  checks.Number("quality.formula_base", rules.formula_base,
                {{rules.score_floor, "scores.floor"}, {kLargestFactor, {}}});
  checks.Number("quality.qz1.factor", rules.qz1_factor, Between(0, kLargestFactor));
  checks.Number("quality.qz4.factor", rules.qz4_factor, Between(0, kLargestFactor));
}

void CheckQuantity(Checks& checks, const std::string& key, const RelevantQuantity& quantity) {
  checks.Exact(Join(key, "percent"), quantity.percent, Decimal(), kLargestPercent);
}

// Agreement 2.2, spreadsheets 1 and 2.
void CheckQz2(Checks& checks, const RuleSet& rules) {
  constexpr std::string_view kPath = "quality.qz2";
  checks.Number(Join(kPath, "ppm_scale"), rules.ppm_scale, AboveZeroUpTo(kLargestPpmNumber));
  checks.Number(Join(kPath, "ppm_divisor"), rules.qz2_ppm_divisor, AboveZeroUpTo(kLargestPpmNumber));
  checks.Number(Join(kPath, "default_b"), rules.default_b, Between(0, kLargestFactor));
  checks.Integer(Join(kPath, "adjustment_months"), rules.adjustment_months, 0, kLargestAdjustmentMonths);
  const std::string commodities = Join(kPath, "commodities");
  checks.Require(!rules.commodity_factors.empty(), commodities, "needs at least one commodity");
  for (const auto& [code, factor] : rules.commodity_factors) {
    const std::string key = Join(commodities, code);
    checks.Require(!code.empty(), key, "a commodity code must not be empty");
    checks.Number(Join(key, "b"), factor.b, Between(0, kLargestFactor));
    if (factor.ppm_limit) checks.Number(Join(key, "ppm_limit"), *factor.ppm_limit, Between(0, kLargestPpmNumber));
  }
  const std::string defects = Join(kPath, "defects");
  std::set<std::string_view> codes;
  for (std::size_t i = 0; i < rules.defects.size(); ++i) {
    const DefectRule& defect = rules.defects[i];
    const std::string key = Indexed(defects, i);
    checks.Require(!defect.code.empty(), Join(key, "code"), "must not be empty");
    if (!codes.insert(defect.code).second) {
      checks.Fail(Join(key, "code"), "defect code '" + defect.code + "' appears twice");
    }
    CheckQuantity(checks, Join(key, "purchased"), defect.purchased);
    CheckQuantity(checks, Join(key, "raw"), defect.raw);
  }
  if (FindDefect(rules, "") == nullptr) {
    checks.Fail(Join(kPath, "empty_defect_code"), "'" + rules.empty_defect_code + "' is not one of the defect codes");
  }
}

// Agreement 2.3: the certification table.
void CheckQz3(Checks& checks, const RuleSet& rules) {
  constexpr std::string_view kPath = "quality.qz3";
  for (std::size_t i = 0; i < rules.indirect_commodities.size(); ++i) {
    checks.Require(!rules.indirect_commodities[i].empty(), Indexed(Join(kPath, "indirect_commodities"), i),
                   "a commodity code must not be empty");
  }
  checks.Number(Join(kPath, "none_points"), rules.certification_none_points, checks.points());
  checks.Number(Join(kPath, "hold_points"), rules.hold_points, checks.points());
  const std::string rows = Join(kPath, "rows");
  checks.Require(!rules.certification_rows.empty(), rows,
                 "needs at least one row (to leave QZ3 out, set quality.weights.qz3 = 0)");
  for (std::size_t i = 0; i < rules.certification_rows.size(); ++i) {
    const CertificationRow& row = rules.certification_rows[i];
    const std::string key = Indexed(rows, i);
    const std::string all_of = Join(key, "all_of");
    checks.Require(!row.all_of.empty(), all_of,
                   "needs at least one group of standards (a row without one would match every supplier)");
    for (std::size_t g = 0; g < row.all_of.size(); ++g) {
      const std::string group = Indexed(all_of, g);
      checks.Require(!row.all_of[g].empty(), group, "a group needs at least one standard");
      for (std::size_t s = 0; s < row.all_of[g].size(); ++s) {
        checks.Require(!row.all_of[g][s].empty(), Indexed(group, s), "a standard must not be empty");
      }
    }
    checks.Number(Join(key, "production"), row.production_points, checks.points());
    checks.Number(Join(key, "indirect"), row.indirect_points, checks.points());
  }
}

// Spreadsheets 3 and 4: band edges ascend within 0..kLargestBandEdge (days or
// percent); every points value is a score.
void CheckBands(Checks& checks, const BandTable& table, std::string_view path) {
  checks.Number(Join(path, "beyond"), table.beyond_points, checks.points());
  const std::string bands = Join(path, "bands");
  checks.Require(!table.bands.empty(), bands, "needs at least one band");
  for (std::size_t i = 0; i < table.bands.size(); ++i) {
    const std::string key = Indexed(bands, i);
    const Band& band = table.bands[i];
    checks.Exact(Join(key, "up_to"), band.up_to, Decimal(), kLargestBandEdge);
    if (i > 0 && !(table.bands[i - 1].up_to < band.up_to)) {
      checks.Fail(Join(key, "up_to"), "must be greater than the previous band's up_to " +
                                          table.bands[i - 1].up_to.ToString() + " (bands ascend strictly)");
    }
    checks.Number(Join(key, "points"), band.points, checks.points());
  }
}

// Every total lies within scores.floor..scores.cap (a weighted mean of scores
// held there), so classes are listed from the highest min_total down, the first
// at most the cap, and the last at most the floor: every total gets a class,
// and each class can be given.
void CheckClasses(Checks& checks, const RuleSet& rules) {
  const std::vector<GradeClass>& classes = rules.classes;
  checks.Require(!classes.empty(), "classes", "needs at least one class");
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const std::string key = Indexed("classes", i);
    checks.Require(!classes[i].name.empty(), Join(key, "name"), "must not be empty");
    if (!names.insert(classes[i].name).second) {
      checks.Fail(Join(key, "name"), "class '" + classes[i].name + "' appears twice");
    }
    const std::string min_total = Join(key, "min_total");
    if (!std::isfinite(classes[i].min_total)) checks.Fail(min_total, "must be a finite number");
    if (i > 0 && !(classes[i].min_total < classes[i - 1].min_total)) {
      checks.Fail(min_total, "must be below the previous class's min_total " + NumberText(classes[i - 1].min_total) +
                                 " (list the classes with the highest min_total first)");
    }
  }
  if (classes.empty()) return;
  const Limit floor{rules.score_floor, "scores.floor"};
  const Limit cap{rules.score_cap, "scores.cap"};
  if (!(classes.front().min_total <= rules.score_cap)) {
    checks.Fail("classes[0].min_total", "must be <= " + cap.Text() + ": no total reaches it (found " +
                                            NumberText(classes.front().min_total) + ")");
  }
  const std::size_t last = classes.size() - 1;
  if (!(classes[last].min_total <= rules.score_floor)) {
    checks.Fail(Join(Indexed("classes", last), "min_total"), "the lowest class must start at or below " + floor.Text() +
                                                                 " so that every total gets a class (found " +
                                                                 NumberText(classes[last].min_total) +
                                                                 ": a total below it would get none)");
  }
  if (last > 0 && !(classes[last - 1].min_total > rules.score_floor)) {
    checks.Fail(Join(Indexed("classes", last - 1), "min_total"),
                "must be > " + floor.Text() + ": every total is at least the floor, so class '" + classes[last].name +
                    "' would never be given (found " + NumberText(classes[last - 1].min_total) + ")");
  }
}

}  // namespace

Status ValidateRuleSet(const RuleSet& rules) {
  Checks checks(rules);
  checks.Require(!rules.name.empty(), "name", "must not be empty");
  CheckScores(checks, rules);  // first: the other scores are held to them
  CheckWeights(checks, rules);
  checks.Integer("eligibility.min_deliveries", rules.min_deliveries, 0, kLargestMinDeliveries);
  CheckQualityFormulas(checks, rules);
  CheckQz2(checks, rules);
  CheckQz3(checks, rules);
  for (const auto& [key, table] :
       {std::pair{"delivery.lz1.late", &rules.lz1_late}, std::pair{"delivery.lz1.early", &rules.lz1_early},
        std::pair{"delivery.lz2.over", &rules.lz2_over}, std::pair{"delivery.lz2.under", &rules.lz2_under}}) {
    CheckBands(checks, *table, key);
  }
  CheckClasses(checks, rules);
  return checks.Result();
}

}  // namespace supeval::core
