// Tests of the rule set: the default rule set against the agreement's tables
// (spreadsheets 1–4, the certification table, the classes), every band at,
// just under and just over its edge, and the checks of ValidateRuleSet.
#include "supeval/core/rules.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace supeval::core {
namespace {

// Whole working days, as LZ1 looks them up.
double DaysPoints(const BandTable& table, std::int64_t days) {
  return LookupBand(table, days, [](std::int64_t value, Decimal up_to) { return Decimal::FromUnits(value) > up_to; });
}

// A percentage deviation, as LZ2 looks it up.
double PercentPoints(const BandTable& table, Decimal percent) {
  return LookupBand(table, percent, [](Decimal value, Decimal up_to) { return value > up_to; });
}

struct Range {
  int from;
  int to;  // inclusive
  double points;
};

// Spreadsheet 3 as the spec writes it: ranges of whole working days.
const std::vector<Range> kLateRanges = {
    {0, 1, 100}, {2, 2, 95},   {3, 3, 90},   {4, 4, 85},   {5, 5, 80},   {6, 6, 75},   {7, 7, 70},  {8, 8, 65},
    {9, 9, 60},  {10, 12, 50}, {13, 14, 40}, {15, 16, 30}, {17, 18, 20}, {19, 20, 10}, {21, 25, 5}, {26, 100000, 1}};
const std::vector<Range> kEarlyRanges = {
    {0, 3, 100},  {4, 4, 95},   {5, 5, 90},   {6, 6, 85},   {7, 7, 80},   {8, 8, 75},   {9, 9, 70},  {10, 10, 65},
    {11, 11, 60}, {12, 14, 50}, {15, 16, 40}, {17, 18, 30}, {19, 20, 20}, {21, 22, 10}, {23, 27, 5}, {28, 100000, 1}};

double Expected(const std::vector<Range>& ranges, int days) {
  for (const Range& range : ranges) {
    if (days >= range.from && days <= range.to) return range.points;
  }
  ADD_FAILURE() << "no range for " << days;
  return -1;
}

// Spreadsheet 4 as the spec writes it: index k is the band "<= k" (0: exactly 0).
const std::vector<double> kOver = {100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 85, 80, 75,
                                   70,  65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5};
const std::vector<double> kUnder = {100, 98, 96, 95, 91, 89, 85, 81, 77, 73, 69, 65, 61, 57,
                                    53,  49, 45, 41, 37, 33, 29, 25, 21, 17, 13, 9,  5,  1};

TEST(Rules, DefaultRuleSetValidates) {
  const Status status = ValidateRuleSet(DefaultRuleSet());
  EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().ToString());
}

TEST(Rules, DefaultWeightsAndFormulas) {
  const RuleSet rules = DefaultRuleSet();
  EXPECT_EQ(rules.min_deliveries, 3);
  EXPECT_DOUBLE_EQ(rules.weight_quality, 0.65);
  EXPECT_DOUBLE_EQ(rules.weight_delivery, 0.35);
  EXPECT_DOUBLE_EQ(rules.weight_qz1, 0.5);
  EXPECT_DOUBLE_EQ(rules.weight_qz2, 0.3);
  EXPECT_DOUBLE_EQ(rules.weight_qz3, 0.1);
  EXPECT_DOUBLE_EQ(rules.weight_qz4, 0.1);
  EXPECT_DOUBLE_EQ(rules.weight_lz1, 0.5);
  EXPECT_DOUBLE_EQ(rules.weight_lz2, 0.5);
  EXPECT_DOUBLE_EQ(rules.qz1_factor, 1000);
  EXPECT_DOUBLE_EQ(rules.qz4_factor, 500);
  EXPECT_DOUBLE_EQ(rules.formula_base, 100);
  EXPECT_DOUBLE_EQ(rules.score_floor, 1);
  EXPECT_DOUBLE_EQ(rules.score_cap, 100);
  EXPECT_DOUBLE_EQ(rules.ppm_scale, 1'000'000);
  EXPECT_DOUBLE_EQ(rules.qz2_ppm_divisor, 100);
  EXPECT_DOUBLE_EQ(rules.default_b, 1);
  EXPECT_EQ(rules.adjustment_months, 2);
  EXPECT_EQ(rules.empty_defect_code, "other");
  EXPECT_DOUBLE_EQ(rules.certification_none_points, 1);
  EXPECT_DOUBLE_EQ(rules.hold_points, 1);
  EXPECT_EQ(rules.indirect_commodities, (std::vector<std::string>{"M051", "M052", "M111"}));
}

TEST(Rules, DefaultClasses) {
  const RuleSet rules = DefaultRuleSet();
  ASSERT_EQ(rules.classes.size(), 3U);
  EXPECT_EQ(rules.classes[0].name, "A");
  EXPECT_DOUBLE_EQ(rules.classes[0].min_total, 90);
  EXPECT_EQ(rules.classes[1].name, "B");
  EXPECT_DOUBLE_EQ(rules.classes[1].min_total, 80);
  EXPECT_EQ(rules.classes[2].name, "C");
}

TEST(Rules, Spreadsheet3LateAtEveryEdge) {
  const BandTable& late = DefaultRuleSet().lz1_late;
  // The edges named in the agreement, at and just outside.
  const std::pair<int, double> edges[] = {{0, 100}, {1, 100}, {2, 95},  {3, 90},  {8, 65},  {9, 60},  {10, 50},
                                          {12, 50}, {13, 40}, {14, 40}, {15, 30}, {16, 30}, {17, 20}, {18, 20},
                                          {19, 10}, {20, 10}, {21, 5},  {25, 5},  {26, 1},  {1000, 1}};
  for (const auto& [days, points] : edges) EXPECT_DOUBLE_EQ(DaysPoints(late, days), points) << days;
  for (int days = 0; days <= 40; ++days) {
    EXPECT_DOUBLE_EQ(DaysPoints(late, days), Expected(kLateRanges, days)) << "late " << days;
  }
  EXPECT_DOUBLE_EQ(late.beyond_points, 1);
}

TEST(Rules, Spreadsheet3EarlyAtEveryEdge) {
  const BandTable& early = DefaultRuleSet().lz1_early;
  const std::pair<int, double> edges[] = {{0, 100}, {3, 100}, {4, 95},  {5, 90},  {10, 65}, {11, 60}, {12, 50},
                                          {14, 50}, {15, 40}, {16, 40}, {17, 30}, {18, 30}, {19, 20}, {20, 20},
                                          {21, 10}, {22, 10}, {23, 5},  {27, 5},  {28, 1},  {1000, 1}};
  for (const auto& [days, points] : edges) EXPECT_DOUBLE_EQ(DaysPoints(early, days), points) << days;
  for (int days = 0; days <= 40; ++days) {
    EXPECT_DOUBLE_EQ(DaysPoints(early, days), Expected(kEarlyRanges, days)) << "early " << days;
  }
  EXPECT_DOUBLE_EQ(early.beyond_points, 1);
}

void CheckQuantityTable(const BandTable& table, const std::vector<double>& expected, const char* name) {
  ASSERT_EQ(expected.size(), 28U);
  for (int k = 0; k <= 27; ++k) {
    const auto index = static_cast<std::size_t>(k);
    // At the edge: in the band.
    EXPECT_DOUBLE_EQ(PercentPoints(table, Decimal::FromUnits(k)), expected[index]) << name << " " << k;
    // Just over the edge: the next band, or beyond the last.
    const double next = k == 27 ? 1.0 : expected[index + 1];
    EXPECT_DOUBLE_EQ(PercentPoints(table, Decimal::FromMicros(k * Decimal::kScale + 1)), next) << name << " " << k;
    // Just under the edge (k - 1 < |p| <= k): still this band.
    if (k > 0) {
      EXPECT_DOUBLE_EQ(PercentPoints(table, Decimal::FromMicros(k * Decimal::kScale - 1)), expected[index])
          << name << " " << k;
      EXPECT_DOUBLE_EQ(PercentPoints(table, Decimal::FromMicros(k * Decimal::kScale - 500'000)), expected[index])
          << name << " " << k;
    }
  }
  EXPECT_DOUBLE_EQ(PercentPoints(table, Decimal::FromUnits(100)), 1.0) << name;
  EXPECT_DOUBLE_EQ(table.beyond_points, 1.0) << name;
}

TEST(Rules, Spreadsheet4OverAtEveryEdge) {
  const BandTable& over = DefaultRuleSet().lz2_over;
  CheckQuantityTable(over, kOver, "over");
  EXPECT_DOUBLE_EQ(PercentPoints(over, Decimal::FromUnits(10)), 90);
  EXPECT_DOUBLE_EQ(PercentPoints(over, Decimal::FromMicros(10'000'001)), 85);
}

TEST(Rules, Spreadsheet4UnderAtEveryEdge) {
  const BandTable& under = DefaultRuleSet().lz2_under;
  CheckQuantityTable(under, kUnder, "under");
  EXPECT_DOUBLE_EQ(PercentPoints(under, Decimal::FromUnits(10)), 69);
  EXPECT_DOUBLE_EQ(PercentPoints(under, Decimal::FromMicros(10'500'000)), 65);
  EXPECT_DOUBLE_EQ(PercentPoints(under, Decimal::FromUnits(27)), 1);
}

TEST(Rules, LookupBandOnAnEmptyTableGivesBeyondPoints) {
  BandTable table;
  table.beyond_points = 7;
  EXPECT_DOUBLE_EQ(DaysPoints(table, 0), 7);
}

TEST(Rules, Spreadsheet2CommodityFactors) {
  struct Row {
    const char* code;
    double b;
    double ppm_limit;
  };
  // The agreement's spreadsheet 2, every row.
  const Row rows[] = {
      {"M011", 1, 1000}, {"M012", 1, 1000},    {"M013", 1, 1000}, {"M014", 1, 1000}, {"M017", 4, 250},
      {"M018", 1, 1000}, {"M022", 4, 250},     {"M031", 4, 250},  {"M032", 4, 250},  {"M051", 0.4, 2500},
      {"M052", 4, 250},  {"M131", 4, 250},     {"M141", 4, 250},  {"M310", 4, 250},  {"M315", 4, 250},
      {"M316", 4, 250},  {"M317", 4, 250},     {"M320", 4, 250},  {"M330", 4, 250},  {"M340", 1, 1000},
      {"M341", 4, 250},  {"M342", 0.13, 7500}, {"M343", 4, 250},  {"M345", 4, 250},  {"M346", 4, 250},
      {"M350", 4, 250},  {"M355", 4, 250},     {"M360", 4, 250},  {"M370", 4, 250},  {"M380", 4, 250},
      {"M381", 4, 250},  {"M390", 4, 250},     {"M392", 4, 250},  {"M393", 4, 250},  {"M394", 4, 250},
  };
  const RuleSet rules = DefaultRuleSet();
  EXPECT_EQ(rules.commodity_factors.size(), std::size(rows));
  for (const Row& row : rows) {
    const auto found = rules.commodity_factors.find(row.code);
    ASSERT_NE(found, rules.commodity_factors.end()) << row.code;
    EXPECT_DOUBLE_EQ(found->second.b, row.b) << row.code;
    ASSERT_TRUE(found->second.ppm_limit.has_value()) << row.code;
    EXPECT_DOUBLE_EQ(*found->second.ppm_limit, row.ppm_limit) << row.code;
    EXPECT_FALSE(found->second.name.empty()) << row.code;
    // At the ppm-limit QZ2 = 100 − B × ppm / 100 is about 90 (spec QZ2).
    const double at_limit = 100 - row.b * row.ppm_limit / 100;
    EXPECT_NEAR(at_limit, std::string(row.code) == "M342" ? 90.25 : 90.0, 1e-9) << row.code;
  }
  EXPECT_EQ(rules.commodity_factors.count("M111"), 0U);  // indirect packing material has no B row
}

TEST(Rules, Spreadsheet1DefectRows) {
  struct Row {
    const char* code;
    QuantityBasis purchased;
    int purchased_percent;
    QuantityBasis raw;
    int raw_percent;
  };
  using B = QuantityBasis;
  const Row rows[] = {
      {"other", B::kRejected, 100, B::kRejected, 100},
      {"nonconforming_unusable", B::kRejected, 100, B::kRejected, 100},
      {"nonconforming_usable", B::kLot, 10, B::kLot, 10},
      {"nonconforming_rework", B::kLot, 30, B::kLot, 30},
      {"coating_rework", B::kLot, 5, B::kLot, 5},
      {"special_release", B::kNone, 0, B::kNone, 0},
      {"wrong_type_obvious", B::kAffected, 100, B::kAffected, 100},
      {"wrong_type_hidden", B::kLot, 100, B::kLot, 100},
      {"rusty_usable", B::kLot, 10, B::kLot, 10},
      {"documentation", B::kNone, 0, B::kNone, 0},
      {"rust_protection", B::kAffected, 100, B::kLot, 10},
      {"packaging", B::kAffected, 100, B::kLot, 10},
      {"marking", B::kAffected, 100, B::kLot, 10},
  };
  const RuleSet rules = DefaultRuleSet();
  EXPECT_EQ(rules.defects.size(), std::size(rows));
  for (const Row& row : rows) {
    const DefectRule* rule = FindDefect(rules, row.code);
    ASSERT_NE(rule, nullptr) << row.code;
    EXPECT_EQ(rule->code, row.code);
    EXPECT_FALSE(rule->meaning.empty()) << row.code;
    EXPECT_EQ(rule->purchased.basis, row.purchased) << row.code;
    EXPECT_EQ(rule->raw.basis, row.raw) << row.code;
    if (row.purchased != B::kNone) {
      EXPECT_EQ(rule->purchased.percent, Decimal::FromUnits(row.purchased_percent)) << row.code;
    }
    if (row.raw != B::kNone) {
      EXPECT_EQ(rule->raw.percent, Decimal::FromUnits(row.raw_percent)) << row.code;
    }
  }
}

TEST(Rules, CertificationTable) {
  const RuleSet rules = DefaultRuleSet();
  ASSERT_EQ(rules.certification_rows.size(), 4U);
  const std::vector<std::string> automotive = {"IATF16949", "ISO/TS16949", "AS9100"};
  const std::vector<std::string> environment = {"ISO14001", "EMAS"};
  const std::vector<std::string> iso9001 = {"ISO9001"};
  const CertificationRow expected[] = {
      {{automotive, environment}, 100, 100},
      {{iso9001, environment}, 90, 100},
      {{automotive}, 80, 90},
      {{iso9001}, 70, 90},
  };
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(rules.certification_rows[i], expected[i]) << i;
}

TEST(Rules, FindDefect) {
  const RuleSet rules = DefaultRuleSet();
  const DefectRule* empty = FindDefect(rules, "");
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->code, "other");
  const DefectRule* packaging = FindDefect(rules, "packaging");
  ASSERT_NE(packaging, nullptr);
  EXPECT_EQ(packaging->code, "packaging");
  EXPECT_EQ(FindDefect(rules, "no_such_defect"), nullptr);
  EXPECT_EQ(FindDefect(rules, "Packaging"), nullptr);  // codes are exact

  RuleSet custom = rules;
  custom.empty_defect_code = "documentation";
  const DefectRule* custom_empty = FindDefect(custom, "");
  ASSERT_NE(custom_empty, nullptr);
  EXPECT_EQ(custom_empty->code, "documentation");
}

// The key a failed validation names.
std::string FailureKey(const RuleSet& rules) {
  const Status status = ValidateRuleSet(rules);
  EXPECT_FALSE(status.ok());
  if (status.ok()) return "<ok>";
  EXPECT_EQ(status.error().code, ErrorCode::kBadInput);
  EXPECT_FALSE(status.error().message.empty());
  return status.error().location.field;
}

TEST(Rules, ValidateRejectsUnsortedBands) {
  RuleSet rules = DefaultRuleSet();
  std::swap(rules.lz1_late.bands[3], rules.lz1_late.bands[4]);
  EXPECT_EQ(FailureKey(rules), "delivery.lz1.late.bands[4].up_to");

  rules = DefaultRuleSet();
  rules.lz1_early.bands[5].up_to = rules.lz1_early.bands[4].up_to;  // equal: not strictly ascending
  EXPECT_EQ(FailureKey(rules), "delivery.lz1.early.bands[5].up_to");

  rules = DefaultRuleSet();
  std::swap(rules.lz2_over.bands.front(), rules.lz2_over.bands.back());
  EXPECT_EQ(FailureKey(rules), "delivery.lz2.over.bands[1].up_to");

  rules = DefaultRuleSet();
  rules.lz2_under.bands.clear();
  EXPECT_EQ(FailureKey(rules), "delivery.lz2.under.bands");
}

TEST(Rules, ValidateRejectsNegativeWeights) {
  const std::pair<double RuleSet::*, const char*> weights[] = {
      {&RuleSet::weight_quality, "weights.quality"},  {&RuleSet::weight_delivery, "weights.delivery"},
      {&RuleSet::weight_qz1, "quality.weights.qz1"},  {&RuleSet::weight_qz2, "quality.weights.qz2"},
      {&RuleSet::weight_qz3, "quality.weights.qz3"},  {&RuleSet::weight_qz4, "quality.weights.qz4"},
      {&RuleSet::weight_lz1, "delivery.weights.lz1"}, {&RuleSet::weight_lz2, "delivery.weights.lz2"},
  };
  for (const auto& [member, key] : weights) {
    RuleSet rules = DefaultRuleSet();
    rules.*member = -0.1;
    EXPECT_EQ(FailureKey(rules), key);
    rules.*member = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(FailureKey(rules), key);
    rules.*member = 0;  // zero is allowed while the sums stay positive
    EXPECT_TRUE(ValidateRuleSet(rules).ok()) << key;
  }
}

TEST(Rules, ValidateRejectsWeightsThatSumToZero) {
  RuleSet rules = DefaultRuleSet();
  rules.weight_quality = 0;
  rules.weight_delivery = 0;
  EXPECT_EQ(FailureKey(rules), "weights");

  rules = DefaultRuleSet();
  rules.weight_qz1 = rules.weight_qz2 = rules.weight_qz3 = rules.weight_qz4 = 0;
  EXPECT_EQ(FailureKey(rules), "quality.weights");

  rules = DefaultRuleSet();
  rules.weight_lz1 = rules.weight_lz2 = 0;
  EXPECT_EQ(FailureKey(rules), "delivery.weights");

  // Sub-weights may all be 0 when their main criterion does not weigh.
  rules.weight_delivery = 0;
  EXPECT_TRUE(ValidateRuleSet(rules).ok());
  rules = DefaultRuleSet();
  rules.weight_quality = 0;
  rules.weight_qz1 = rules.weight_qz2 = rules.weight_qz3 = rules.weight_qz4 = 0;
  EXPECT_TRUE(ValidateRuleSet(rules).ok());
}

TEST(Rules, ValidateRejectsDuplicateOrEmptyDefectCodes) {
  RuleSet rules = DefaultRuleSet();
  rules.defects.push_back(rules.defects[3]);
  EXPECT_EQ(FailureKey(rules), "quality.qz2.defects[13].code");

  rules = DefaultRuleSet();
  rules.defects[2].code = "";
  EXPECT_EQ(FailureKey(rules), "quality.qz2.defects[2].code");

  rules = DefaultRuleSet();
  rules.empty_defect_code = "ordinary";
  EXPECT_EQ(FailureKey(rules), "quality.qz2.empty_defect_code");
}

TEST(Rules, ValidateRejectsBadClasses) {
  RuleSet rules = DefaultRuleSet();
  rules.classes = {{"C", 0}, {"B", 80}, {"A", 90}};  // ascending
  EXPECT_EQ(FailureKey(rules), "classes[1].min_total");

  rules.classes = {{"A", 90}, {"B", 90}};  // not strictly descending
  EXPECT_EQ(FailureKey(rules), "classes[1].min_total");

  rules.classes.clear();
  EXPECT_EQ(FailureKey(rules), "classes");

  rules.classes = {{"only", 0}};
  EXPECT_TRUE(ValidateRuleSet(rules).ok());
}

TEST(Rules, ValidateRejectsOtherBadNumbers) {
  RuleSet rules = DefaultRuleSet();
  rules.score_floor = 101;
  EXPECT_EQ(FailureKey(rules), "scores.floor");

  rules = DefaultRuleSet();
  rules.qz2_ppm_divisor = 0;
  EXPECT_EQ(FailureKey(rules), "quality.qz2.ppm_divisor");

  rules = DefaultRuleSet();
  rules.ppm_scale = -1;
  EXPECT_EQ(FailureKey(rules), "quality.qz2.ppm_scale");

  rules = DefaultRuleSet();
  rules.adjustment_months = -1;
  EXPECT_EQ(FailureKey(rules), "quality.qz2.adjustment_months");

  rules = DefaultRuleSet();
  rules.min_deliveries = -1;
  EXPECT_EQ(FailureKey(rules), "eligibility.min_deliveries");
}

}  // namespace
}  // namespace supeval::core
