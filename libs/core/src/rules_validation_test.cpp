// ValidateRuleSet at the edge of every range: each key at its bound passes,
// just beyond it (the next double, the next millionth, the next integer) fails
// naming that key; non-finite numbers, empty tables and class tables that leave
// a total without a class fail; the default rule set passes. And the name a
// rule set read from a file carries (HonestRuleSetName).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "supeval/core/rules.hpp"

namespace supeval::core {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Below(double value) { return std::nextafter(value, -kInfinity); }
double Above(double value) { return std::nextafter(value, kInfinity); }

// The key ValidateRuleSet names, or "<ok>".
std::string Problem(const RuleSet& rules) {
  const Status status = ValidateRuleSet(rules);
  if (status.ok()) return "<ok>";
  EXPECT_EQ(status.error().code, ErrorCode::kBadInput);
  EXPECT_FALSE(status.error().message.empty());
  return status.error().location.field;
}

// One number of the rule set and its range (min excluded when `above_min`).
struct NumberKey {
  std::string key;
  std::function<double&(RuleSet&)> value;
  double min;
  double max;
  bool above_min = false;
};

// Every number of the rule set but the classes' (CheckClasses below), with the
// default rule set's floor 1 and cap 100.
std::vector<NumberKey> NumberKeys() {
  constexpr double kWeight = 1e6;
  constexpr double kFactor = 1e6;
  constexpr double kPpm = 1e9;
  std::vector<NumberKey> keys = {
      {"weights.quality", [](RuleSet& r) -> double& { return r.weight_quality; }, 0, kWeight},
      {"weights.delivery", [](RuleSet& r) -> double& { return r.weight_delivery; }, 0, kWeight},
      {"quality.weights.qz1", [](RuleSet& r) -> double& { return r.weight_qz1; }, 0, kWeight},
      {"quality.weights.qz2", [](RuleSet& r) -> double& { return r.weight_qz2; }, 0, kWeight},
      {"quality.weights.qz3", [](RuleSet& r) -> double& { return r.weight_qz3; }, 0, kWeight},
      {"quality.weights.qz4", [](RuleSet& r) -> double& { return r.weight_qz4; }, 0, kWeight},
      {"delivery.weights.lz1", [](RuleSet& r) -> double& { return r.weight_lz1; }, 0, kWeight},
      {"delivery.weights.lz2", [](RuleSet& r) -> double& { return r.weight_lz2; }, 0, kWeight},
      {"quality.formula_base", [](RuleSet& r) -> double& { return r.formula_base; }, 1, kFactor},
      {"quality.qz1.factor", [](RuleSet& r) -> double& { return r.qz1_factor; }, 0, kFactor},
      {"quality.qz4.factor", [](RuleSet& r) -> double& { return r.qz4_factor; }, 0, kFactor},
      {"quality.qz2.ppm_scale", [](RuleSet& r) -> double& { return r.ppm_scale; }, 0, kPpm, true},
      {"quality.qz2.ppm_divisor", [](RuleSet& r) -> double& { return r.qz2_ppm_divisor; }, 0, kPpm, true},
      {"quality.qz2.default_b", [](RuleSet& r) -> double& { return r.default_b; }, 0, kFactor},
      {"quality.qz2.commodities.M342.b", [](RuleSet& r) -> double& { return r.commodity_factors.at("M342").b; }, 0,
       kFactor},
      {"quality.qz2.commodities.M342.ppm_limit",
       [](RuleSet& r) -> double& { return *r.commodity_factors.at("M342").ppm_limit; }, 0, kPpm},
      {"quality.qz3.none_points", [](RuleSet& r) -> double& { return r.certification_none_points; }, 1, 100},
      {"quality.qz3.hold_points", [](RuleSet& r) -> double& { return r.hold_points; }, 1, 100},
      {"quality.qz3.rows[2].production",
       [](RuleSet& r) -> double& { return r.certification_rows[2].production_points; }, 1, 100},
      {"quality.qz3.rows[3].indirect", [](RuleSet& r) -> double& { return r.certification_rows[3].indirect_points; }, 1,
       100},
  };
  const std::pair<const char*, BandTable RuleSet::*> tables[] = {{"delivery.lz1.late", &RuleSet::lz1_late},
                                                                 {"delivery.lz1.early", &RuleSet::lz1_early},
                                                                 {"delivery.lz2.over", &RuleSet::lz2_over},
                                                                 {"delivery.lz2.under", &RuleSet::lz2_under}};
  for (const auto& [path, table] : tables) {
    keys.push_back(
        {std::string(path) + ".beyond", [table](RuleSet& r) -> double& { return (r.*table).beyond_points; }, 1, 100});
    keys.push_back({std::string(path) + ".bands[0].points",
                    [table](RuleSet& r) -> double& { return (r.*table).bands[0].points; }, 1, 100});
    keys.push_back({std::string(path) + ".bands[14].points",
                    [table](RuleSet& r) -> double& { return (r.*table).bands[14].points; }, 1, 100});
  }
  return keys;
}

TEST(RulesValidation, TheDefaultRuleSetPasses) { EXPECT_EQ(Problem(DefaultRuleSet()), "<ok>"); }

TEST(RulesValidation, EveryNumberAtJustUnderAndJustOverItsBounds) {
  for (const NumberKey& number : NumberKeys()) {
    const auto with = [&](double value) {
      RuleSet rules = DefaultRuleSet();
      number.value(rules) = value;
      return Problem(rules);
    };
    SCOPED_TRACE(number.key);
    if (number.above_min) {
      EXPECT_EQ(with(number.min), number.key);
      EXPECT_EQ(with(Above(number.min)), "<ok>");
    } else {
      EXPECT_EQ(with(number.min), "<ok>");
      EXPECT_EQ(with(Below(number.min)), number.key);
    }
    EXPECT_EQ(with(number.max), "<ok>");
    EXPECT_EQ(with(Below(number.max)), "<ok>");
    EXPECT_EQ(with(Above(number.max)), number.key);
    for (const double not_finite : {kInfinity, -kInfinity, kNaN}) EXPECT_EQ(with(not_finite), number.key);
  }
}

TEST(RulesValidation, AWeightIsZeroOrAtLeastAMillionth) {
  const std::pair<std::string, double RuleSet::*> weights[] = {{"weights.delivery", &RuleSet::weight_delivery},
                                                               {"quality.weights.qz4", &RuleSet::weight_qz4},
                                                               {"delivery.weights.lz1", &RuleSet::weight_lz1}};
  for (const auto& [key, member] : weights) {
    RuleSet rules = DefaultRuleSet();
    for (const double ok : {0.0, 0.000001, Above(0.000001)}) {
      rules.*member = ok;
      EXPECT_EQ(Problem(rules), "<ok>") << key << " " << ok;
    }
    for (const double bad : {Below(0.000001), 5e-324, 1e-300}) {
      rules.*member = bad;
      EXPECT_EQ(Problem(rules), key) << bad;
    }
  }
  RuleSet rules = DefaultRuleSet();
  rules.weight_qz2 = 5e-324;
  EXPECT_EQ(ValidateRuleSet(rules).error().ToString(),
            "quality.weights.qz2: must be 0 or a finite number >= 0.000001 and <= 1000000 (found 5e-324)");
}

TEST(RulesValidation, IssueExamplesAreRefused) {
  RuleSet rules = DefaultRuleSet();
  rules.weight_qz1 = 1e308;  // totals were inf, class A
  EXPECT_EQ(Problem(rules), "quality.weights.qz1");
  rules = DefaultRuleSet();
  rules.weight_quality = 1e308;
  EXPECT_EQ(Problem(rules), "weights.quality");
  rules = DefaultRuleSet();
  rules.lz1_late.bands[0].points = 1000;  // LZ1 was 234.3
  EXPECT_EQ(Problem(rules), "delivery.lz1.late.bands[0].points");
  rules = DefaultRuleSet();
  rules.lz1_late.bands[0].points = -5;  // LZ1 was -98.3
  EXPECT_EQ(Problem(rules), "delivery.lz1.late.bands[0].points");
  rules = DefaultRuleSet();
  rules.adjustment_months = 80'000'000;  // overflowed the date arithmetic
  EXPECT_EQ(Problem(rules), "quality.qz2.adjustment_months");
  rules = DefaultRuleSet();
  rules.certification_rows[1].all_of.clear();  // matched every supplier
  EXPECT_EQ(Problem(rules), "quality.qz3.rows[1].all_of");
  rules = DefaultRuleSet();
  rules.classes = {{"A", 99}, {"B", 98}};  // a total of 79.3 got B
  EXPECT_EQ(Problem(rules), "classes[1].min_total");
}

TEST(RulesValidation, ScoresFloorAndCap) {
  RuleSet rules = DefaultRuleSet();
  rules.score_cap = Above(100);
  EXPECT_EQ(Problem(rules), "scores.cap");
  rules.score_cap = kNaN;
  EXPECT_EQ(Problem(rules), "scores.cap");
  rules = DefaultRuleSet();
  rules.score_floor = 0;
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.score_floor = Below(0);
  EXPECT_EQ(Problem(rules), "scores.floor");
  rules.score_floor = kInfinity;
  EXPECT_EQ(Problem(rules), "scores.floor");
  // The floor stays below the cap.
  rules = DefaultRuleSet();
  rules.score_floor = 1;
  rules.score_cap = 1;
  EXPECT_EQ(Problem(rules), "scores.floor");
  rules.score_cap = Above(1);  // every score then lies between 1 and just over 1
  EXPECT_NE(Problem(rules), "scores.floor");
  EXPECT_NE(Problem(rules), "scores.cap");
}

TEST(RulesValidation, PointsFollowAChangedFloorAndCap) {
  RuleSet rules = DefaultRuleSet();
  rules.score_floor = 0.5;
  rules.lz2_under.beyond_points = 0.5;
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.lz2_under.beyond_points = Below(0.5);
  EXPECT_EQ(Problem(rules), "delivery.lz2.under.beyond");
  // A floor above the default's lowest points makes those points wrong.
  rules = DefaultRuleSet();
  rules.score_floor = 2;
  EXPECT_EQ(Problem(rules), "quality.qz3.none_points");
  rules = DefaultRuleSet();
  rules.score_cap = 99;  // the default tables give 100
  EXPECT_EQ(Problem(rules), "quality.qz3.rows[0].production");
}

TEST(RulesValidation, FormulaBaseMayExceedTheCapButNotFallBelowTheFloor) {
  RuleSet rules = DefaultRuleSet();
  rules.formula_base = 150;  // a margin: QZ1 = 150 − …, capped at 100
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.formula_base = 1;
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.formula_base = Below(1);
  EXPECT_EQ(Problem(rules), "quality.formula_base");
}

TEST(RulesValidation, CountsAtTheirBounds) {
  const std::pair<std::string, int RuleSet::*> counts[] = {
      {"eligibility.min_deliveries", &RuleSet::min_deliveries},
      {"quality.qz2.adjustment_months", &RuleSet::adjustment_months}};
  const int largest[] = {1'000'000, 120};
  for (std::size_t i = 0; i < std::size(counts); ++i) {
    const auto& [key, member] = counts[i];
    RuleSet rules = DefaultRuleSet();
    for (const int ok : {0, 1, largest[i] - 1, largest[i]}) {
      rules.*member = ok;
      EXPECT_EQ(Problem(rules), "<ok>") << key << " " << ok;
    }
    for (const int bad : {-1, largest[i] + 1, std::numeric_limits<int>::max(), std::numeric_limits<int>::min()}) {
      rules.*member = bad;
      EXPECT_EQ(Problem(rules), key) << bad;
    }
  }
}

TEST(RulesValidation, DecimalsAtTheirBounds) {
  const auto percent = [](Decimal value) {
    RuleSet rules = DefaultRuleSet();
    rules.defects[4].raw.percent = value;
    return Problem(rules);
  };
  EXPECT_EQ(percent(Decimal()), "<ok>");
  EXPECT_EQ(percent(Decimal::FromUnits(100)), "<ok>");
  EXPECT_EQ(percent(Decimal::FromMicros(100'000'001)), "quality.qz2.defects[4].raw.percent");
  EXPECT_EQ(percent(Decimal::FromMicros(-1)), "quality.qz2.defects[4].raw.percent");

  const auto last_edge = [](Decimal value) {
    RuleSet rules = DefaultRuleSet();
    rules.lz1_late.bands.back().up_to = value;
    return Problem(rules);
  };
  EXPECT_EQ(last_edge(Decimal::FromUnits(10'000)), "<ok>");
  EXPECT_EQ(last_edge(Decimal::FromMicros(10'000'000'001)), "delivery.lz1.late.bands[14].up_to");
  RuleSet rules = DefaultRuleSet();
  rules.lz2_over.bands[0].up_to = Decimal::FromMicros(-1);
  EXPECT_EQ(Problem(rules), "delivery.lz2.over.bands[0].up_to");
  rules.lz2_over.bands = {{Decimal(), 100}};  // one band of exactly 0 is a table
  EXPECT_EQ(Problem(rules), "<ok>");
}

TEST(RulesValidation, BandEdgesAscendStrictly) {
  RuleSet rules = DefaultRuleSet();
  rules.lz2_under.bands[7].up_to = Decimal::FromMicros(rules.lz2_under.bands[6].up_to.micros() + 1);
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.lz2_under.bands[7].up_to = rules.lz2_under.bands[6].up_to;
  EXPECT_EQ(Problem(rules), "delivery.lz2.under.bands[7].up_to");
}

TEST(RulesValidation, ListsAreNotEmpty) {
  const std::pair<std::string, std::function<void(RuleSet&)>> cases[] = {
      {"quality.qz2.commodities", [](RuleSet& r) { r.commodity_factors.clear(); }},
      {"quality.qz2.commodities.",
       [](RuleSet& r) {
         r.commodity_factors[""] = {"blank", 1, std::nullopt};
       }},
      {"quality.qz2.defects[0].code", [](RuleSet& r) { r.defects[0].code.clear(); }},
      {"quality.qz2.empty_defect_code", [](RuleSet& r) { r.defects.clear(); }},
      {"quality.qz3.indirect_commodities[1]", [](RuleSet& r) { r.indirect_commodities[1].clear(); }},
      {"quality.qz3.rows", [](RuleSet& r) { r.certification_rows.clear(); }},
      {"quality.qz3.rows[0].all_of", [](RuleSet& r) { r.certification_rows[0].all_of.clear(); }},
      {"quality.qz3.rows[0].all_of[1]", [](RuleSet& r) { r.certification_rows[0].all_of[1].clear(); }},
      {"quality.qz3.rows[0].all_of[1][0]", [](RuleSet& r) { r.certification_rows[0].all_of[1][0].clear(); }},
      {"delivery.lz1.early.bands", [](RuleSet& r) { r.lz1_early.bands.clear(); }},
      {"classes", [](RuleSet& r) { r.classes.clear(); }},
      {"classes[1].name", [](RuleSet& r) { r.classes[1].name.clear(); }},
      {"name", [](RuleSet& r) { r.name.clear(); }},
  };
  for (const auto& [key, change] : cases) {
    RuleSet rules = DefaultRuleSet();
    change(rules);
    EXPECT_EQ(Problem(rules), key);
  }
  // No indirect commodity at all is an agreement without QZ3's column 2.
  RuleSet rules = DefaultRuleSet();
  rules.indirect_commodities.clear();
  EXPECT_EQ(Problem(rules), "<ok>");
}

TEST(RulesValidation, EveryTotalGetsAClassAndEveryClassCanBeGiven) {
  RuleSet rules = DefaultRuleSet();
  // The lowest class starts at or below the floor (1).
  rules.classes = {{"A", 90}, {"B", 1}};
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.classes = {{"A", 90}, {"B", Above(1)}};
  EXPECT_EQ(Problem(rules), "classes[1].min_total");
  rules.classes = {{"only", 98}};
  EXPECT_EQ(Problem(rules), "classes[0].min_total");
  rules.classes = {{"only", -1}};
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.classes = {{"only", -kInfinity}};
  EXPECT_EQ(Problem(rules), "classes[0].min_total");
  // The first class starts at most at the cap (100).
  rules.classes = {{"A", 100}, {"B", 0}};
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.classes = {{"A", Above(100)}, {"B", 0}};
  EXPECT_EQ(Problem(rules), "classes[0].min_total");
  // The class before the last starts above the floor, else the last is never given.
  rules.classes = {{"A", 90}, {"B", Above(1)}, {"C", 0}};
  EXPECT_EQ(Problem(rules), "<ok>");
  rules.classes = {{"A", 90}, {"B", 1}, {"C", 0}};
  EXPECT_EQ(Problem(rules), "classes[1].min_total");
  // Names are unique; min_total descends strictly.
  rules.classes = {{"A", 90}, {"A", 0}};
  EXPECT_EQ(Problem(rules), "classes[1].name");
  rules.classes = {{"A", 90}, {"B", kNaN}, {"C", 0}};
  EXPECT_EQ(Problem(rules), "classes[1].min_total");
}

TEST(RulesValidation, ProblemsSayTheRangeAndTheValueFound) {
  RuleSet rules = DefaultRuleSet();
  rules.weight_qz1 = 1e308;
  EXPECT_EQ(ValidateRuleSet(rules).error().ToString(),
            "quality.weights.qz1: must be 0 or a finite number >= 0.000001 and <= 1000000 (found 1e+308)");
  rules = DefaultRuleSet();
  rules.lz2_over.bands[3].points = 1000;
  EXPECT_EQ(ValidateRuleSet(rules).error().ToString(),
            "delivery.lz2.over.bands[3].points: must be a finite number >= scores.floor (1) and <= scores.cap (100) "
            "(found 1000)");
  rules = DefaultRuleSet();
  rules.adjustment_months = 80'000'000;
  EXPECT_EQ(ValidateRuleSet(rules).error().ToString(),
            "quality.qz2.adjustment_months: must be an integer >= 0 and <= 120 (found 80000000)");
  rules = DefaultRuleSet();
  rules.classes = {{"A", 99}, {"B", 98}};
  EXPECT_EQ(ValidateRuleSet(rules).error().ToString(),
            "classes[1].min_total: the lowest class must start at or below scores.floor (1) so that every total "
            "gets a class (found 98: a total below it would get none)");
}

TEST(RulesValidation, HonestRuleSetName) {
  const RuleSet defaults = DefaultRuleSet();
  EXPECT_EQ(HonestRuleSetName(defaults, "my.toml"), defaults.name);
  RuleSet edited = defaults;
  edited.qz1_factor = 900;
  EXPECT_EQ(HonestRuleSetName(edited, "my.toml"),
            "Quality Assurance Agreement with Production Material Suppliers (edited: my.toml)");
  EXPECT_EQ(HonestRuleSetName(edited, "my.toml").find("(default)"), std::string::npos);
  edited.name = "Customer X 2027";
  EXPECT_EQ(HonestRuleSetName(edited, "my.toml"), "Customer X 2027");
  RuleSet renamed = defaults;
  renamed.name = "our copy";
  EXPECT_EQ(HonestRuleSetName(renamed, "my.toml"), "our copy");
}

}  // namespace
}  // namespace supeval::core
