#include "supeval/io/rules_toml.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace supeval::io {
namespace {

using core::Decimal;
using core::DefaultRuleSet;
using core::QuantityBasis;
using core::RuleSet;

RuleSet ParseOk(std::string_view text) {
  core::Result<RuleSet> result = ParseRuleSetToml(text, "rules.toml");
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString());
  return result.ok() ? std::move(result).value() : RuleSet{};
}

core::Error ParseError(std::string_view text) {
  core::Result<RuleSet> result = ParseRuleSetToml(text, "rules.toml");
  EXPECT_FALSE(result.ok()) << "expected an error for:\n" << text;
  return result.ok() ? core::Error{} : result.error();
}

// The 1-based line of the first line of `text` holding `needle`.
std::uint64_t LineOf(std::string_view text, std::string_view needle) {
  std::istringstream in{std::string(text)};
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    if (line.find(needle) != std::string::npos) return number;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Writing and the round trip

TEST(RulesTomlTest, DefaultRuleSetRoundTrips) {
  const RuleSet defaults = DefaultRuleSet();
  const std::string text = WriteRuleSetToml(defaults);
  const RuleSet parsed = ParseOk(text);
  EXPECT_EQ(parsed, defaults);
}

TEST(RulesTomlTest, ChangedRuleSetRoundTripsFieldByField) {
  RuleSet rules = DefaultRuleSet();
  rules.name = "Customer \"X\" agreement\\2027\twith a tab";
  rules.min_deliveries = 5;
  rules.score_floor = 0.5;
  rules.weight_quality = 0.7;
  rules.weight_delivery = 0.3;
  rules.weight_qz1 = 0.45;
  rules.weight_qz2 = 0.35;
  rules.weight_qz3 = 0;
  rules.weight_qz4 = 0.2;
  rules.weight_lz1 = 0.6;
  rules.weight_lz2 = 0.4;
  rules.formula_base = 110;
  rules.qz1_factor = 1234.5;
  rules.qz4_factor = 250;
  rules.ppm_scale = 1000;
  rules.qz2_ppm_divisor = 12.5;
  rules.default_b = 2.5;
  rules.commodity_factors = {{"M999", {"special.code", 0.07, std::nullopt}}, {"with space", {"", 3, 333.3}}};
  rules.indirect_commodities = {"M051"};
  rules.defects = {
      {"other",
       "ordinary",
       {QuantityBasis::kRejected, Decimal::FromMicros(12'500'000)},
       {QuantityBasis::kLot, Decimal::FromMicros(1)}},
      {"none", "", {QuantityBasis::kNone, Decimal()}, {QuantityBasis::kAffected, Decimal::FromUnits(100)}}};
  rules.empty_defect_code = "none";
  rules.adjustment_months = 3;
  rules.certification_rows = {{{{"ISO9001", "ISO/TS16949"}, {"EMAS"}}, 60, 80.5}};
  rules.certification_none_points = 0.5;
  rules.hold_points = 2.5;
  rules.lz1_late = {{{Decimal::FromMicros(500'000), 100}, {Decimal::FromMicros(10'500'000), 42.5}}, 0.75};
  rules.lz1_early.beyond_points = 7;
  rules.lz2_over = {{{Decimal::FromUnits(0), 100}, {Decimal::FromMicros(123'456'789), 50}}, 1};
  rules.classes = {{"gold", 95.5}, {"silver", 70}, {"rest", -1}};
  ASSERT_TRUE(core::ValidateRuleSet(rules).ok());

  const std::string text = WriteRuleSetToml(rules);
  const RuleSet parsed = ParseOk(text);
  EXPECT_EQ(parsed, rules) << text;
}

TEST(RulesTomlTest, WrittenTextIsCommented) {
  const std::string text = WriteRuleSetToml(DefaultRuleSet());
  EXPECT_EQ(text.rfind("# ", 0), 0U) << "the file opens with a header comment";
  EXPECT_NE(text.find("docs/EVALUATION.md"), std::string::npos);
  EXPECT_NE(text.find("data of the quality agreement"), std::string::npos);
  int comment_lines = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind('#', 0) == 0) ++comment_lines;
  }
  EXPECT_GE(comment_lines, 40);
  // Each section has a comment right above it citing the agreement.
  for (const std::string_view header :
       {"[weights]", "[eligibility]", "[scores]", "[quality]", "[quality.weights]", "[quality.qz1]", "[quality.qz4]",
        "[quality.qz2]", "[quality.qz2.commodities]", "[quality.qz3]", "[delivery.weights]", "[delivery.lz1.late]",
        "[delivery.lz1.early]", "[delivery.lz2.over]", "[delivery.lz2.under]"}) {
    const std::size_t at = text.find("\n" + std::string(header) + "\n");
    ASSERT_NE(at, std::string::npos) << header;
    const std::size_t previous_line = text.rfind('\n', at - 1);
    EXPECT_EQ(text[previous_line + 1], '#') << "no comment above " << header;
  }
  for (const std::string_view cited :
       {"Agreement 1 ", "Agreement 2 ", "Agreement 2.1", "Agreement 2.2", "Agreement 2.3", "Agreement 2.4",
        "Agreement 3 ", "spreadsheet 1", "spreadsheet 2", "spreadsheet 3", "spreadsheet 4"}) {
    EXPECT_NE(text.find(cited), std::string::npos) << cited;
  }
}

TEST(RulesTomlTest, WrittenSectionsComeInTheAgreementsOrder) {
  const std::string text = WriteRuleSetToml(DefaultRuleSet());
  std::size_t last = 0;
  for (const std::string_view header :
       {"\n[weights]", "\n[eligibility]", "\n[scores]", "\n[quality]", "\n[quality.weights]", "\n[quality.qz1]",
        "\n[quality.qz4]", "\n[quality.qz2]", "\n[quality.qz2.commodities]", "\n[[quality.qz2.defects]]",
        "\n[quality.qz3]", "\n[[quality.qz3.rows]]", "\n[delivery.weights]", "\n[delivery.lz1.late]",
        "\n[delivery.lz1.early]", "\n[delivery.lz2.over]", "\n[delivery.lz2.under]", "\n[[classes]]"}) {
    const std::size_t at = text.find(header);
    ASSERT_NE(at, std::string::npos) << header;
    EXPECT_GT(at, last) << header;
    last = at;
  }
}

TEST(RulesTomlTest, WrittenNumbersHaveNoNeedlessDecimals) {
  const std::string text = WriteRuleSetToml(DefaultRuleSet());
  for (const std::string_view expected :
       {"\nquality = 0.65\n",
        "\ndelivery = 0.35\n",
        "\nmin_deliveries = 3\n",
        "\nfloor = 1\n",
        "\ncap = 100\n",
        "\nqz1 = 0.5\n",
        "\nfactor = 1000\n",
        "\nfactor = 500\n",
        "\nppm_scale = 1000000\n",
        "\nppm_divisor = 100\n",
        "\ndefault_b = 1\n",
        "\nadjustment_months = 2\n",
        "\nempty_defect_code = \"other\"\n",
        "\nM011 = { b = 1, ppm_limit = 1000, name = \"bar / wire\" }\n",
        "\nM342 = { b = 0.13, ppm_limit = 7500, name = \"iron casting\" }\n",
        "\nM051 = { b = 0.4, ppm_limit = 2500, name = \"type-dependent tools\" }\n",
        "\nindirect_commodities = [\"M051\", \"M052\", \"M111\"]\n",
        "\nall_of = [[\"IATF16949\", \"ISO/TS16949\", \"AS9100\"], [\"ISO14001\", \"EMAS\"]]\n",
        "\npurchased = { basis = \"affected\", percent = 100 }\n",
        "\nraw = { basis = \"lot\", percent = 10 }\n",
        "\n  { up_to = 1, points = 100 },\n",
        "\n  { up_to = 27, points = 5 },\n",
        "\nbeyond = 1\n",
        "\nmin_total = 90\n"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
  EXPECT_EQ(text.find(".0\n"), std::string::npos);
  EXPECT_EQ(text.find(".0,"), std::string::npos);
  EXPECT_EQ(text.find(".0 "), std::string::npos);
}

TEST(RulesTomlTest, WritesDecimalsExactly) {
  RuleSet rules = DefaultRuleSet();
  rules.lz2_over.bands[1].up_to = Decimal::FromMicros(10'500'000);
  rules.defects[2].raw.percent = Decimal::FromMicros(12'345'678);
  const std::string text = WriteRuleSetToml(rules);
  EXPECT_NE(text.find("{ up_to = 10.5, points = 99 }"), std::string::npos);
  EXPECT_NE(text.find("percent = 12.345678 }"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Partial files

// The default rule set as a file that changes it leaves it: under the name an
// edited default gets (HonestRuleSetName), until the test changes the values.
RuleSet EditedDefault() {
  RuleSet rules = DefaultRuleSet();
  rules.name = "Quality Assurance Agreement with Production Material Suppliers (edited: rules.toml)";
  return rules;
}

TEST(RulesTomlTest, EmptyFileIsTheDefaultRuleSet) { EXPECT_EQ(ParseOk(""), DefaultRuleSet()); }

TEST(RulesTomlTest, PartialFileChangesOnlyWhatItHolds) {
  const RuleSet parsed = ParseOk(
      "# only the quality weights differ\n"
      "[quality.weights]\n"
      "qz1 = 0.4\n"
      "qz2 = 0.4\n");
  RuleSet expected = EditedDefault();
  expected.weight_qz1 = 0.4;
  expected.weight_qz2 = 0.4;
  EXPECT_EQ(parsed, expected);
}

TEST(RulesTomlTest, DottedKeysWorkLikeTables) {
  const RuleSet parsed = ParseOk("weights.quality = 0.5\nweights.delivery = 0.5\nquality.qz1.factor = 800\n");
  RuleSet expected = EditedDefault();
  expected.weight_quality = 0.5;
  expected.weight_delivery = 0.5;
  expected.qz1_factor = 800;
  EXPECT_EQ(parsed, expected);
}

TEST(RulesTomlTest, BandTableWithoutBandsKeepsTheDefaultBands) {
  const RuleSet parsed = ParseOk("[delivery.lz1.late]\nbeyond = 2\n");
  RuleSet expected = EditedDefault();
  expected.lz1_late.beyond_points = 2;
  EXPECT_EQ(parsed, expected);
}

// ---------------------------------------------------------------------------
// Changed tables

TEST(RulesTomlTest, ChangedBandsReplaceTheTableExactly) {
  const RuleSet parsed = ParseOk(
      "[delivery.lz1.late]\n"
      "beyond = 2\n"
      "bands = [\n"
      "  { up_to = 0.5, points = 100 },\n"
      "  { up_to = 10.5, points = 60 },\n"
      "  { up_to = 20.000001, points = 30.5 },\n"
      "  { up_to = 21.0, points = 10 },\n"
      "]\n");
  ASSERT_EQ(parsed.lz1_late.bands.size(), 4U);
  EXPECT_EQ(parsed.lz1_late.bands[0].up_to, Decimal::FromMicros(500'000));
  EXPECT_EQ(parsed.lz1_late.bands[1].up_to, Decimal::FromMicros(10'500'000));
  EXPECT_EQ(parsed.lz1_late.bands[2].up_to, Decimal::FromMicros(20'000'001));
  EXPECT_EQ(parsed.lz1_late.bands[3].up_to, Decimal::FromUnits(21));
  EXPECT_DOUBLE_EQ(parsed.lz1_late.bands[2].points, 30.5);
  EXPECT_DOUBLE_EQ(parsed.lz1_late.beyond_points, 2);
  EXPECT_EQ(parsed.lz1_early, DefaultRuleSet().lz1_early);
  EXPECT_EQ(parsed.lz2_over, DefaultRuleSet().lz2_over);
}

TEST(RulesTomlTest, ChangedCommodityTableReplacesTheDefaultOne) {
  const RuleSet parsed = ParseOk(
      "[quality.qz2]\n"
      "default_b = 2\n"
      "[quality.qz2.commodities]\n"
      "M342 = { b = 0.2, ppm_limit = 5000, name = \"iron casting\" }\n"
      "X1 = { b = 3 }\n");
  ASSERT_EQ(parsed.commodity_factors.size(), 2U);
  EXPECT_EQ(parsed.commodity_factors.at("M342"), (core::CommodityFactor{"iron casting", 0.2, 5000}));
  EXPECT_EQ(parsed.commodity_factors.at("X1"), (core::CommodityFactor{"", 3, std::nullopt}));
  EXPECT_DOUBLE_EQ(parsed.default_b, 2);
}

TEST(RulesTomlTest, ChangedDefectsAndCertificationRowsAndClasses) {
  const RuleSet parsed = ParseOk(
      "[quality.qz2]\n"
      "empty_defect_code = \"plain\"\n"
      "[[quality.qz2.defects]]\n"
      "code = \"plain\"\n"
      "purchased = { basis = \"rejected\" }\n"
      "raw = { basis = \"lot\", percent = 12.5 }\n"
      "[[quality.qz2.defects]]\n"
      "code = \"paperwork\"\n"
      "meaning = \"documents\"\n"
      "purchased = { basis = \"none\" }\n"
      "raw = { basis = \"affected\", percent = 50 }\n"
      "[[quality.qz3.rows]]\n"
      "all_of = [[\"ISO9001\"]]\n"
      "production = 75\n"
      "indirect = 95\n"
      "[[classes]]\n"
      "name = \"ok\"\n"
      "min_total = 50\n"
      "[[classes]]\n"
      "name = \"bad\"\n"
      "min_total = 0\n");
  ASSERT_EQ(parsed.defects.size(), 2U);
  EXPECT_EQ(parsed.defects[0], (core::DefectRule{"plain",
                                                 "",
                                                 {QuantityBasis::kRejected, Decimal::FromUnits(100)},
                                                 {QuantityBasis::kLot, Decimal::FromMicros(12'500'000)}}));
  EXPECT_EQ(parsed.defects[1], (core::DefectRule{"paperwork",
                                                 "documents",
                                                 {QuantityBasis::kNone, Decimal()},
                                                 {QuantityBasis::kAffected, Decimal::FromUnits(50)}}));
  EXPECT_EQ(parsed.empty_defect_code, "plain");
  ASSERT_EQ(parsed.certification_rows.size(), 1U);
  EXPECT_EQ(parsed.certification_rows[0], (core::CertificationRow{{{"ISO9001"}}, 75, 95}));
  EXPECT_EQ(parsed.classes, (std::vector<core::GradeClass>{{"ok", 50}, {"bad", 0}}));
}

TEST(RulesTomlTest, ChangedScalarsAndWeights) {
  const RuleSet parsed = ParseOk(
      "name = \"other customer\"\n"
      "[weights]\nquality = 0.6\ndelivery = 0.4\n"
      "[eligibility]\nmin_deliveries = 6\n"
      "[scores]\nfloor = 0\ncap = 100.0\n"
      "[quality]\nformula_base = 100\n"
      "[quality.qz2]\nppm_scale = 1e6\nppm_divisor = 50\nadjustment_months = 1\n"
      "[quality.qz3]\nindirect_commodities = []\nnone_points = 0\nhold_points = 5\n"
      "[delivery.weights]\nlz1 = 0.7\nlz2 = 0.3\n");
  EXPECT_EQ(parsed.name, "other customer");
  EXPECT_DOUBLE_EQ(parsed.weight_quality, 0.6);
  EXPECT_DOUBLE_EQ(parsed.weight_delivery, 0.4);
  EXPECT_EQ(parsed.min_deliveries, 6);
  EXPECT_DOUBLE_EQ(parsed.score_floor, 0);
  EXPECT_DOUBLE_EQ(parsed.score_cap, 100);
  EXPECT_DOUBLE_EQ(parsed.ppm_scale, 1e6);
  EXPECT_DOUBLE_EQ(parsed.qz2_ppm_divisor, 50);
  EXPECT_EQ(parsed.adjustment_months, 1);
  EXPECT_TRUE(parsed.indirect_commodities.empty());
  EXPECT_DOUBLE_EQ(parsed.certification_none_points, 0);
  EXPECT_DOUBLE_EQ(parsed.hold_points, 5);
  EXPECT_DOUBLE_EQ(parsed.weight_lz1, 0.7);
  EXPECT_DOUBLE_EQ(parsed.weight_lz2, 0.3);
  EXPECT_EQ(parsed.defects, DefaultRuleSet().defects);
}

// ---------------------------------------------------------------------------
// Errors

TEST(RulesTomlTest, UnknownKeyNamesKeyPathAndLine) {
  const std::string text =
      "# a comment\n"
      "[weights]\n"
      "quality = 0.65\n"
      "\n"
      "[quality.qz1]\n"
      "factr = 900\n";
  const core::Error error = ParseError(text);
  EXPECT_EQ(error.code, core::ErrorCode::kBadInput);
  EXPECT_EQ(error.location.file, "rules.toml");
  EXPECT_EQ(error.location.line, 6U);
  EXPECT_EQ(error.location.field, "quality.qz1.factr");
  EXPECT_EQ(error.ToString(), "rules.toml:6: quality.qz1.factr: unknown key");
}

TEST(RulesTomlTest, UnknownKeyInsideRowsAndInlineTables) {
  {
    const std::string text = WriteRuleSetToml(DefaultRuleSet()) + "[[classes]]\nname = \"D\"\nminimum = 0\n";
    const core::Error error = ParseError(text);
    EXPECT_EQ(error.location.field, "classes[3].minimum");
    EXPECT_EQ(error.location.line, LineOf(text, "minimum = 0"));
  }
  {
    std::string text = WriteRuleSetToml(DefaultRuleSet());
    const std::string row = "raw = { basis = \"lot\", percent = 30 }";
    const std::size_t at = text.find(row);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, row.size(), "raw = { basis = \"lot\", pct = 30 }");
    const core::Error error = ParseError(text);
    EXPECT_EQ(error.location.field, "quality.qz2.defects[3].raw.pct");
    EXPECT_EQ(error.location.line, LineOf(text, "pct = 30"));
  }
  {
    const core::Error error = ParseError("[qualty]\nformula_base = 100\n");
    EXPECT_EQ(error.location.field, "qualty");
    EXPECT_EQ(error.location.line, 1U);
  }
  {
    const core::Error error = ParseError("[delivery.weights]\nlz1 = 1\n[delivery.lz2.overr]\nbeyond = 1\n");
    EXPECT_EQ(error.ToString(), "rules.toml:3: delivery.lz2.overr: unknown key");
  }
  {
    const core::Error error = ParseError("[delivery.lz1.late]\nbeyond = 1\nbands = [{ up_to = 1, point = 5 }]\n");
    EXPECT_EQ(error.ToString(), "rules.toml:3: delivery.lz1.late.bands[0].point: unknown key");
  }
  {
    const core::Error error = ParseError("\n\n[quality.qz2.commodities]\nM011 = { b = 1, limit = 3 }\n");
    EXPECT_EQ(error.ToString(), "rules.toml:4: quality.qz2.commodities.M011.limit: unknown key");
  }
}

TEST(RulesTomlTest, WrongTypeNamesKeyAndLine) {
  {
    const core::Error error = ParseError("[weights]\nquality = \"high\"\n");
    EXPECT_EQ(error.location.field, "weights.quality");
    EXPECT_EQ(error.location.line, 2U);
    EXPECT_NE(error.message.find("expected a number"), std::string::npos) << error.message;
  }
  {
    const core::Error error = ParseError("[eligibility]\nmin_deliveries = 2.5\n");
    EXPECT_EQ(error.location.field, "eligibility.min_deliveries");
    EXPECT_NE(error.message.find("expected an integer"), std::string::npos) << error.message;
  }
  {
    const core::Error error = ParseError("name = 3\n");
    EXPECT_EQ(error.location.field, "name");
    EXPECT_EQ(error.location.line, 1U);
  }
  {
    const core::Error error = ParseError("weights = 3\n");
    EXPECT_EQ(error.location.field, "weights");
    EXPECT_NE(error.message.find("expected a table"), std::string::npos) << error.message;
  }
  {
    const core::Error error = ParseError("[quality.qz3]\nindirect_commodities = [\"M051\", 52]\n");
    EXPECT_EQ(error.location.field, "quality.qz3.indirect_commodities[1]");
    EXPECT_EQ(error.location.line, 2U);
  }
  {
    const core::Error error = ParseError("[quality.qz2]\ndefects = 1\n");
    EXPECT_EQ(error.location.field, "quality.qz2.defects");
  }
  {
    const core::Error error = ParseError("[delivery.lz2.over]\nbands = [1, 2]\n");
    EXPECT_EQ(error.location.field, "delivery.lz2.over.bands[0]");
  }
}

TEST(RulesTomlTest, SyntaxErrorGivesLine) {
  const core::Error error = ParseError("[weights]\nquality = 0.65\ndelivery = = 0.35\n");
  EXPECT_EQ(error.code, core::ErrorCode::kBadInput);
  EXPECT_EQ(error.location.file, "rules.toml");
  EXPECT_EQ(error.location.line, 3U);
  EXPECT_FALSE(error.message.empty());
  EXPECT_EQ(error.ToString().rfind("rules.toml:3: ", 0), 0U) << error.ToString();
}

TEST(RulesTomlTest, DuplicateKeyIsASyntaxError) {
  const core::Error error = ParseError("[scores]\nfloor = 1\nfloor = 2\n");
  EXPECT_EQ(error.location.line, 3U);
}

TEST(RulesTomlTest, OutOfRangeValuesAreRejected) {
  struct Case {
    std::string_view text;
    std::string_view field;
    std::uint64_t line;
  };
  const Case cases[] = {
      {"[weights]\nquality = -0.1\n", "weights.quality", 2},
      {"[quality.weights]\nqz3 = -1\n", "quality.weights.qz3", 2},
      {"[delivery.weights]\nlz2 = -0.5\n", "delivery.weights.lz2", 2},
      {"[quality.qz1]\nfactor = -1000\n", "quality.qz1.factor", 2},
      {"[eligibility]\nmin_deliveries = -1\n", "eligibility.min_deliveries", 2},
      {"[quality.qz2]\nadjustment_months = -2\n", "quality.qz2.adjustment_months", 2},
      {"[quality.qz2]\nppm_divisor = 0\n", "quality.qz2.ppm_divisor", 2},
      {"[quality.qz2]\ndefault_b = -1\n", "quality.qz2.default_b", 2},
      {"[scores]\ncap = inf\n", "scores.cap", 2},
      {"[scores]\nfloor = nan\n", "scores.floor", 2},
      {"[quality.qz2.commodities]\nM011 = { b = -1 }\n", "quality.qz2.commodities.M011.b", 2},
      {"[quality.qz2.commodities]\nM011 = { b = 1, ppm_limit = -5 }\n", "quality.qz2.commodities.M011.ppm_limit", 2},
      {"[[quality.qz2.defects]]\ncode = \"other\"\npurchased = { basis = \"lot\", percent = -10 }\n"
       "raw = { basis = \"lot\" }\n",
       "quality.qz2.defects[0].purchased.percent", 3},
      {"[[quality.qz2.defects]]\ncode = \"other\"\npurchased = { basis = \"lot\", percent = -0.5 }\n"
       "raw = { basis = \"lot\" }\n",
       "quality.qz2.defects[0].purchased.percent", 3},
      {"[[quality.qz2.defects]]\ncode = \"other\"\npurchased = { basis = \"lot\" }\n"
       "raw = { basis = \"box\" }\n",
       "quality.qz2.defects[0].raw.basis", 4},
      {"[[quality.qz2.defects]]\ncode = \"other\"\npurchased = { basis = \"lot\", percent = 0.1234567 }\n"
       "raw = { basis = \"lot\" }\n",
       "quality.qz2.defects[0].purchased.percent", 3},
      {"[delivery.lz1.early]\nbands = [\n  { up_to = 3, points = 100 },\n  { up_to = 2, points = 95 },\n]\n",
       "delivery.lz1.early.bands[1].up_to", 4},
      {"[delivery.lz1.early]\nbands = [\n  { up_to = 3, points = 100 },\n  { up_to = 3.0, points = 95 },\n]\n",
       "delivery.lz1.early.bands[1].up_to", 4},
      {"[delivery.lz2.under]\nbands = [\n  { up_to = -1, points = 100 },\n]\n", "delivery.lz2.under.bands[0].up_to", 3},
      {"[delivery.lz2.under]\nbands = [\n  { up_to = 1 },\n]\n", "delivery.lz2.under.bands[0].points", 3},
      {"[[quality.qz3.rows]]\nall_of = [[]]\nproduction = 1\nindirect = 1\n", "quality.qz3.rows[0].all_of[0]", 2},
      {"[[classes]]\nname = \"\"\nmin_total = 1\n", "classes[0].name", 2},
  };
  for (const Case& c : cases) {
    const core::Error error = ParseError(c.text);
    EXPECT_EQ(error.location.field, c.field) << c.text << "\n" << error.ToString();
    EXPECT_EQ(error.location.line, c.line) << c.text << "\n" << error.ToString();
    EXPECT_EQ(error.location.file, "rules.toml");
  }
}

TEST(RulesTomlTest, MissingRowKeyIsAnError) {
  const core::Error error = ParseError("[[quality.qz2.defects]]\ncode = \"other\"\npurchased = { basis = \"lot\" }\n");
  EXPECT_EQ(error.location.field, "quality.qz2.defects[0].raw");
  EXPECT_EQ(error.location.line, 1U);
  EXPECT_NE(error.message.find("missing"), std::string::npos);
}

TEST(RulesTomlTest, RuleSetCheckProblemsCarryFileAndLine) {
  {
    const core::Error error = ParseError("[weights]\nquality = 0\ndelivery = 0\n");
    EXPECT_EQ(error.location.file, "rules.toml");
    EXPECT_EQ(error.location.field, "weights");
    EXPECT_EQ(error.location.line, 1U);
  }
  {
    const core::Error error = ParseError("\n[scores]\nfloor = 50\ncap = 40\n");
    EXPECT_EQ(error.location.field, "scores.floor");
    EXPECT_EQ(error.location.line, 3U);
  }
  {
    const core::Error error = ParseError("[quality.qz2]\nempty_defect_code = \"missing\"\n");
    EXPECT_EQ(error.location.field, "quality.qz2.empty_defect_code");
    EXPECT_EQ(error.location.line, 2U);
  }
  {
    const core::Error error =
        ParseError("[[classes]]\nname = \"A\"\nmin_total = 50\n[[classes]]\nname = \"B\"\nmin_total = 60\n");
    EXPECT_EQ(error.location.file, "rules.toml");
    EXPECT_EQ(error.location.field, "classes[1].min_total");
    EXPECT_EQ(error.location.line, 6U);
  }
  {
    const core::Error error = ParseError(
        "[[quality.qz2.defects]]\ncode = \"other\"\npurchased = { basis = \"lot\" }\nraw = { basis = \"lot\" }\n"
        "[[quality.qz2.defects]]\ncode = \"other\"\npurchased = { basis = \"lot\" }\nraw = { basis = \"lot\" }\n");
    EXPECT_EQ(error.location.file, "rules.toml");
    EXPECT_NE(error.message.find("twice"), std::string::npos) << error.ToString();
  }
}

// ---------------------------------------------------------------------------
// Ranges (core::ValidateRuleSet), placed on the file's lines

TEST(RulesTomlTest, IssueExamplesAreRefusedWithKeyAndLine) {
  struct Case {
    std::string_view text;
    std::string_view expected;  // the whole message, file:line: key: …
  };
  const Case cases[] = {
      {"# weights\n[weights]\nquality = 1e308\n",
       "rules.toml:3: weights.quality: must be 0 or a finite number >= 0.000001 and <= 1000000 (found 1e+308)"},
      {"[quality.weights]\nqz1 = 1e308\n",
       "rules.toml:2: quality.weights.qz1: must be 0 or a finite number >= 0.000001 and <= 1000000 (found 1e+308)"},
      {"[delivery.lz1.late]\nbands = [\n  { up_to = 1, points = 1000 },\n]\n",
       "rules.toml:3: delivery.lz1.late.bands[0].points: must be a finite number >= scores.floor (1) and <= "
       "scores.cap (100) (found 1000)"},
      {"[delivery.lz1.late]\nbands = [\n  { up_to = 1, points = 100 },\n  { up_to = 2, points = -5 },\n]\n",
       "rules.toml:4: delivery.lz1.late.bands[1].points: must be a finite number >= scores.floor (1) and <= "
       "scores.cap (100) (found -5)"},
      {"[quality.qz2]\nadjustment_months = 80000000\n",
       "rules.toml:2: quality.qz2.adjustment_months: must be an integer >= 0 and <= 120 (found 80000000)"},
      {"[[quality.qz3.rows]]\nall_of = []\nproduction = 100\nindirect = 100\n",
       "rules.toml:2: quality.qz3.rows[0].all_of: needs at least one group of standards (a row without one would "
       "match every supplier)"},
      {"[[classes]]\nname = \"A\"\nmin_total = 99\n\n[[classes]]\nname = \"B\"\nmin_total = 98\n",
       "rules.toml:7: classes[1].min_total: the lowest class must start at or below scores.floor (1) so that every "
       "total gets a class (found 98: a total below it would get none)"},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseError(c.text).ToString(), c.expected) << c.text;
}

TEST(RulesTomlTest, EveryKeyOfTheFileJustBeyondItsRangeIsRefusedOnItsLine) {
  // Each file holds one value just beyond its bound on line 2; the same file
  // with the value at the bound passes.
  struct Case {
    std::string_view section;
    std::string_view key;  // as the line writes it
    std::string_view at_bound;
    std::string_view beyond;
    std::string_view field;
  };
  const Case cases[] = {
      {"[weights]", "quality", "1000000", "1000000.0000001", "weights.quality"},
      {"[weights]", "delivery", "0", "-1e-300", "weights.delivery"},
      {"[weights]", "delivery", "0.000001", "0.00000099", "weights.delivery"},
      {"[quality.weights]", "qz3", "1000000", "1e300", "quality.weights.qz3"},
      {"[delivery.weights]", "lz2", "0", "-0.0001", "delivery.weights.lz2"},
      {"[eligibility]", "min_deliveries", "1000000", "1000001", "eligibility.min_deliveries"},
      {"[eligibility]", "min_deliveries", "0", "-1", "eligibility.min_deliveries"},
      {"[scores]", "cap", "100", "100.00000000000001", "scores.cap"},
      {"[scores]", "floor", "0", "-0.5", "scores.floor"},
      {"[quality]", "formula_base", "1000000", "1000001", "quality.formula_base"},
      {"[quality]", "formula_base", "1", "0.99", "quality.formula_base"},
      {"[quality.qz1]", "factor", "1000000", "1e7", "quality.qz1.factor"},
      {"[quality.qz4]", "factor", "0", "-500", "quality.qz4.factor"},
      {"[quality.qz2]", "ppm_scale", "1e9", "1000000001", "quality.qz2.ppm_scale"},
      {"[quality.qz2]", "ppm_scale", "0.001", "0", "quality.qz2.ppm_scale"},
      {"[quality.qz2]", "ppm_divisor", "1e9", "inf", "quality.qz2.ppm_divisor"},
      {"[quality.qz2]", "default_b", "1000000", "nan", "quality.qz2.default_b"},
      {"[quality.qz2]", "adjustment_months", "120", "121", "quality.qz2.adjustment_months"},
      {"[quality.qz2]", "adjustment_months", "0", "-1", "quality.qz2.adjustment_months"},
      {"[quality.qz2.commodities]", "M011", "{ b = 1000000, ppm_limit = 1e9 }", "{ b = 1000000.1 }",
       "quality.qz2.commodities.M011.b"},
      {"[quality.qz2.commodities]", "M011", "{ b = 0, ppm_limit = 0 }", "{ b = 1, ppm_limit = 1.000001e9 }",
       "quality.qz2.commodities.M011.ppm_limit"},
      {"[quality.qz3]", "none_points", "1", "0.999", "quality.qz3.none_points"},
      {"[quality.qz3]", "hold_points", "100", "100.001", "quality.qz3.hold_points"},
      {"[delivery.lz2.over]", "beyond", "100", "101", "delivery.lz2.over.beyond"},
      {"[delivery.lz1.early]", "bands", "[{ up_to = 10000, points = 1 }]", "[{ up_to = 10000.000001, points = 1 }]",
       "delivery.lz1.early.bands[0].up_to"},
      {"[delivery.lz2.under]", "bands", "[{ up_to = 0, points = 100 }]", "[{ up_to = 0, points = 100.5 }]",
       "delivery.lz2.under.bands[0].points"},
      {"[delivery.lz2.under]", "bands", "[{ up_to = 0, points = 1 }]", "[]", "delivery.lz2.under.bands"},
  };
  for (const Case& c : cases) {
    const std::string line1 = std::string(c.section) + "\n" + std::string(c.key) + " = ";
    const std::string ok = line1 + std::string(c.at_bound) + "\n";
    const core::Result<RuleSet> passed = ParseRuleSetToml(ok, "rules.toml");
    EXPECT_TRUE(passed.ok()) << ok << (passed.ok() ? "" : "\n" + passed.error().ToString());
    const std::string bad = line1 + std::string(c.beyond) + "\n";
    const core::Error error = ParseError(bad);
    EXPECT_EQ(error.location.field, c.field) << bad << error.ToString();
    EXPECT_EQ(error.location.line, 2U) << bad << error.ToString();
    EXPECT_EQ(error.location.file, "rules.toml");
  }
}

TEST(RulesTomlTest, ListsInTheFileAreNotEmpty) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"[quality.qz2]\ncommodities = {}\n", "rules.toml:2: quality.qz2.commodities: needs at least one commodity"},
      {"[quality.qz3]\nrows = []\n",
       "rules.toml:2: quality.qz3.rows: needs at least one row (to leave QZ3 out, set quality.weights.qz3 = 0)"},
      {"[[quality.qz3.rows]]\nall_of = [[\"ISO9001\", \"\"]]\nproduction = 1\nindirect = 1\n",
       "rules.toml:2: quality.qz3.rows[0].all_of[0][1]: a standard must not be empty"},
      {"[quality.qz3]\nindirect_commodities = [\"M051\",\n  \"\"]\n",
       "rules.toml:3: quality.qz3.indirect_commodities[1]: a commodity code must not be empty"},
      {"classes = []\n", "rules.toml:1: classes: needs at least one class"},
      {"[[classes]]\nname = \"A\"\nmin_total = 50\n[[classes]]\nname = \"A\"\nmin_total = 0\n",
       "rules.toml:5: classes[1].name: class 'A' appears twice"},
      {"name = \"\"\n", "rules.toml:1: name: must not be empty"},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(ParseError(text).ToString(), expected) << text;
  EXPECT_TRUE(ParseOk("[quality.qz3]\nindirect_commodities = []\n").indirect_commodities.empty());
}

TEST(RulesTomlTest, ADefaultValueTheFileMakesWrongIsNamedAsSuch) {
  // Raising the floor above the default's lowest points: the key the check
  // names is not in the file, so the problem sits on the nearest table the
  // file holds (here none: line 0) and says where the value comes from.
  const core::Error error = ParseError("[scores]\nfloor = 2\n");
  EXPECT_EQ(error.ToString(),
            "rules.toml: quality.qz3.none_points: must be a finite number >= scores.floor (2) and <= scores.cap (100) "
            "(found 1) (a value of the default rule set: the file does not set this key)");
  const core::Error in_table = ParseError(
      "[scores]\nfloor = 2\n[quality.qz3]\nnone_points = 2\nhold_points = 2\n"
      "[delivery.lz1.late]\nbands = [{ up_to = 1, points = 100 }]\n");
  EXPECT_EQ(in_table.location.field, "delivery.lz1.late.beyond") << in_table.ToString();
  EXPECT_EQ(in_table.location.line, 6U) << "the [delivery.lz1.late] line";
}

TEST(RulesTomlTest, AFileLowestClassAboveZeroStillPassesWhenItReachesTheFloor) {
  const RuleSet parsed = ParseOk(
      "[[classes]]\nname = \"pass\"\nmin_total = 60\n[[classes]]\nname = \"fail\"\n"
      "min_total = 1\n");
  EXPECT_EQ(parsed.classes, (std::vector<core::GradeClass>{{"pass", 60}, {"fail", 1}}));
}

// ---------------------------------------------------------------------------
// The rule set's name

TEST(RulesTomlTest, AnEditedDefaultDoesNotKeepTheDefaultName) {
  const std::string shown = WriteRuleSetToml(DefaultRuleSet());
  std::string edited = shown;
  const std::string factor = "factor = 1000";
  ASSERT_NE(edited.find(factor), std::string::npos);
  edited.replace(edited.find(factor), factor.size(), "factor = 900");
  const RuleSet parsed = ParseOk(edited);
  EXPECT_EQ(parsed.name, "Quality Assurance Agreement with Production Material Suppliers (edited: rules.toml)");
  EXPECT_DOUBLE_EQ(parsed.qz1_factor, 900);
  // A file read by its path is named after the file, not the folder.
  const core::Result<RuleSet> from_path = ParseRuleSetToml("[quality.qz1]\nfactor = 900\n", "/tmp/a/customer.toml");
  ASSERT_TRUE(from_path.ok());
  EXPECT_EQ(from_path->name, "Quality Assurance Agreement with Production Material Suppliers (edited: customer.toml)");
  // Written again (a published run stores the text) it reads back the same.
  EXPECT_EQ(ParseOk(WriteRuleSetToml(parsed)), parsed);
}

TEST(RulesTomlTest, AFileWithTheDefaultsValuesKeepsTheDefaultName) {
  const std::string default_name = DefaultRuleSet().name;
  EXPECT_EQ(ParseOk(WriteRuleSetToml(DefaultRuleSet())).name, default_name);  // byte-identical
  EXPECT_EQ(ParseOk("").name, default_name);
  // Key-identical: written otherwise, the same values.
  EXPECT_EQ(ParseOk("[weights]\ndelivery = 0.35\nquality = 0.650\n[quality.qz1]\nfactor = 1e3\n").name, default_name);
  // A file's own name stays, changed or not.
  EXPECT_EQ(ParseOk("name = \"customer X\"\n[quality.qz1]\nfactor = 900\n").name, "customer X");
  EXPECT_EQ(ParseOk("name = \"customer X\"\n").name, "customer X");
}

// ---------------------------------------------------------------------------
// Files

class RulesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("supeval_rules_toml_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(RulesFileTest, ReadsAFile) {
  const std::filesystem::path path = dir_ / "rules.toml";
  std::ofstream(path) << "[quality.qz1]\nfactor = 900\n";
  const core::Result<RuleSet> result = ReadRuleSetFile(path);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_DOUBLE_EQ(result->qz1_factor, 900);
}

TEST_F(RulesFileTest, ErrorsNameTheFile) {
  const std::filesystem::path path = dir_ / "custom.toml";
  std::ofstream(path) << "[quality.qz1]\n\nfactr = 900\n";
  const core::Result<RuleSet> result = ReadRuleSetFile(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().ToString(), path.string() + ":3: quality.qz1.factr: unknown key");
}

TEST_F(RulesFileTest, MissingFileIsBadInput) {
  const std::filesystem::path path = dir_ / "absent.toml";
  const core::Result<RuleSet> result = ReadRuleSetFile(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(result.error().message, "cannot read rule file " + path.string());
}

TEST_F(RulesFileTest, DirectoryIsBadInput) {
  const core::Result<RuleSet> result = ReadRuleSetFile(dir_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, core::ErrorCode::kBadInput);
  EXPECT_NE(result.error().message.find("cannot read rule file"), std::string::npos);
}

TEST_F(RulesFileTest, WrittenDefaultFileReadsBack) {
  const std::filesystem::path path = dir_ / "default.toml";
  std::ofstream(path) << WriteRuleSetToml(DefaultRuleSet());
  const core::Result<RuleSet> result = ReadRuleSetFile(path);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(*result, DefaultRuleSet());
}

// ---------------------------------------------------------------------------
// The [contracts] table (CONTRACTS.md §12)

namespace cc = core::contracts;

cc::ContractRules ParseContractsOk(std::string_view text) {
  core::Result<cc::ContractRules> result = ParseContractRulesToml(text, "rules.toml");
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString());
  return result.ok() ? std::move(result).value() : cc::ContractRules{};
}

std::string ParseContractsError(std::string_view text) {
  core::Result<cc::ContractRules> result = ParseContractRulesToml(text, "rules.toml");
  EXPECT_FALSE(result.ok()) << "expected an error for:\n" << text;
  return result.ok() ? "" : result.error().ToString();
}

TEST(ContractRulesToml, AFileWithoutContractsKeepsTheDefaults) {
  const cc::ContractRules rules = ParseContractsOk("name = \"x\"\n[weights]\nquality = 0.65\n");
  const cc::ContractRules defaults = cc::DefaultContractRules();
  EXPECT_EQ(rules.kpi_cap_share, defaults.kpi_cap_share);
  EXPECT_EQ(rules.qualification_days, 168);
  EXPECT_EQ(rules.severity, defaults.severity);
  EXPECT_EQ(rules.ladders.size(), defaults.ladders.size());
  EXPECT_EQ(rules.ladders.at("default").levels.size(), 5U);
  EXPECT_EQ(rules.types.at(cc::ContractType::kSupply).requires_clauses,
            defaults.types.at(cc::ContractType::kSupply).requires_clauses);
}

TEST(ContractRulesToml, TheEvaluationsParserAcceptsAContractsTable) {
  const RuleSet rules = ParseOk("[contracts]\nqualification_days = 120\n");
  EXPECT_EQ(rules.weight_quality, DefaultRuleSet().weight_quality);
}

TEST(ContractRulesToml, NumbersAreReadExactly) {
  const cc::ContractRules rules = ParseContractsOk(
      "[contracts]\ntier_mode = \"running\"\nkpi_cap_share = 0.05\npenalty_cap_share = 0.1\nbonus_cap_share = 0\n"
      "cap_share_limit = 1\nqualification_days = 120\nwarranty_window_months = 24\nfixing_max_age_days = 0\n"
      "hhi_moderate = 1500.5\nhhi_high = 2500\n");
  EXPECT_EQ(rules.tier_mode, cc::TierMode::kRunning);
  EXPECT_EQ(rules.kpi_cap_share, core::Rational::Of(1, 20));
  EXPECT_EQ(rules.penalty_cap_share, core::Rational::Of(1, 10));
  EXPECT_EQ(rules.bonus_cap_share, core::Rational());
  EXPECT_EQ(rules.cap_share_limit, core::Rational(1));
  EXPECT_EQ(rules.qualification_days, 120);
  EXPECT_EQ(rules.warranty_window_months, 24);
  EXPECT_EQ(rules.fixing_max_age_days, 0);
  EXPECT_EQ(rules.hhi_moderate, core::Rational::Of(3001, 2));
  EXPECT_EQ(rules.hhi_high, core::Rational(2500));
}

TEST(ContractRulesToml, ASeverityOrATypesRequiresReplacesOnlyItsDefault) {
  const cc::ContractRules rules = ParseContractsOk(
      "[contracts.severity]\nbroad_ip_grant = \"low\"\n"
      "[contracts.types.supply]\nrequires = [\"prices\"]\nbest_for = \"ECUs\"\n");
  const cc::ContractRules defaults = cc::DefaultContractRules();
  EXPECT_EQ(rules.severity.at("broad_ip_grant"), cc::Severity::kLow);
  EXPECT_EQ(rules.severity.at("exclusive_without_end"), defaults.severity.at("exclusive_without_end"));
  const cc::ContractTypeRules& supply = rules.types.at(cc::ContractType::kSupply);
  EXPECT_EQ(supply.requires_clauses, std::vector<std::string>{"prices"});
  EXPECT_EQ(supply.best_for, "ECUs");
  EXPECT_EQ(supply.name, defaults.types.at(cc::ContractType::kSupply).name);
}

TEST(ContractRulesToml, ALadderReplacesItsDefaultWhole) {
  const cc::ContractRules rules = ParseContractsOk(
      "[[contracts.ladders.default.levels]]\nlevel = \"E0\"\n"
      "[[contracts.ladders.default.levels]]\nlevel = \"E1\"\nname = \"watch\"\nreview_days = 14\nhold = true\n"
      "owner = \"buyer\"\nactions = [\"call\", \"visit\"]\n"
      "[[contracts.ladders.default.triggers]]\nkind = \"recall\"\nlevel = \"E1\"\n"
      "[[contracts.ladders.strict.levels]]\nlevel = \"E0\"\n"
      "[[contracts.ladders.strict.levels]]\nlevel = \"E1\"\n"
      "[[contracts.ladders.strict.triggers]]\nkind = \"class_c\"\nlevel = \"E1\"\nlevel_if_notified = \"none\"\n"
      "reason = \"delivery\"\n");
  ASSERT_EQ(rules.ladders.size(), 2U);
  const cc::Ladder& ladder = rules.ladders.at("default");
  ASSERT_EQ(ladder.levels.size(), 2U);
  EXPECT_EQ(ladder.levels[1].name, "watch");
  EXPECT_EQ(ladder.levels[1].review_days, 14);
  EXPECT_TRUE(ladder.levels[1].hold);
  EXPECT_EQ(ladder.levels[1].actions, (std::vector<std::string>{"call", "visit"}));
  ASSERT_EQ(ladder.triggers.size(), 1U);
  EXPECT_EQ(ladder.triggers[0].level_if_notified, "E1") << "defaults to its level";
  EXPECT_EQ(ladder.triggers[0].reason, cc::Cause::kQuality);
  const cc::LadderTrigger& strict = rules.ladders.at("strict").triggers.at(0);
  EXPECT_EQ(strict.level_if_notified, "none");
  EXPECT_EQ(strict.reason, cc::Cause::kDelivery);
}

TEST(ContractRulesToml, TheWrittenRulesReadBackAsTheyWere) {
  cc::ContractRules rules = cc::DefaultContractRules();
  rules.kpi_cap_share = core::Rational::Of(1, 8);
  rules.hhi_high = core::Rational(2500);
  rules.severity["no_ladder"] = cc::Severity::kLow;
  rules.types.at(cc::ContractType::kLicense).best_for = "software \"stacks\", BMS IP";
  rules.ladders["strict \u00e9"] = rules.ladders.at("default");
  const std::string text = WriteContractRulesToml(rules);
  const cc::ContractRules back = ParseContractsOk(text);
  EXPECT_EQ(back.kpi_cap_share, core::Rational::Of(1, 8));
  EXPECT_EQ(back.hhi_high, core::Rational(2500));
  EXPECT_EQ(back.severity, rules.severity);
  EXPECT_EQ(back.types.at(cc::ContractType::kLicense).best_for, "software \"stacks\", BMS IP");
  ASSERT_EQ(back.ladders.size(), 2U);
  EXPECT_EQ(back.ladders.at("strict \u00e9").levels.size(), rules.ladders.at("default").levels.size());
  EXPECT_EQ(WriteContractRulesToml(back), text) << "a fixed point";
  // After the evaluation's rule file, the same text is one rule file for both.
  const std::string both = WriteRuleSetToml(DefaultRuleSet()) + "\n" + text;
  EXPECT_EQ(ParseOk(both), DefaultRuleSet());
  EXPECT_EQ(WriteContractRulesToml(ParseContractsOk(both)), text);
}

TEST(ContractRulesToml, TheDefaultsAreWrittenInFull) {
  const std::string text = WriteContractRulesToml(cc::DefaultContractRules());
  EXPECT_NE(text.find("kpi_cap_share = 0.05\n"), std::string::npos) << text;
  EXPECT_NE(text.find("qualification_days = 168\n"), std::string::npos);
  EXPECT_NE(text.find("hhi_high = 1800\n"), std::string::npos);
  EXPECT_NE(text.find("[[contracts.ladders.default.levels]]\nlevel = \"E3\"\nname = \"new_business_hold\""),
            std::string::npos);
  EXPECT_NE(text.find("[contracts.types.co_development]"), std::string::npos);
}

TEST(ContractRulesToml, ErrorsNameTheKeyAndLine) {
  EXPECT_EQ(ParseContractsError("[contracts]\nqualification_dayz = 1\n"),
            "rules.toml:2: contracts.qualification_dayz: unknown key");
  EXPECT_EQ(ParseContractsError("[contracts]\nkpi_cap_share = \"5%\"\n"),
            "rules.toml:2: contracts.kpi_cap_share: expected a number, found a string");
  EXPECT_EQ(ParseContractsError("[contracts]\nqualification_days = 1.5\n"),
            "rules.toml:2: contracts.qualification_days: expected an integer, found a float");
  EXPECT_EQ(ParseContractsError("[contracts]\ntier_mode = \"stepped\"\n"),
            "rules.toml:2: contracts.tier_mode: unknown value \"stepped\"");
  EXPECT_EQ(ParseContractsError("[contracts.types.franchise]\nname = \"x\"\n"),
            "rules.toml:1: contracts.types.franchise: unknown contract type");
  EXPECT_EQ(ParseContractsError("[contracts.severity]\nbroad_ip_grant = \"urgent\"\n"),
            "rules.toml:2: contracts.severity.broad_ip_grant: unknown value \"urgent\"");
  EXPECT_EQ(ParseContractsError("[[contracts.ladders.x.levels]]\nlevel = \"E0\"\nhold = \"yes\"\n"),
            "rules.toml:3: contracts.ladders.x.levels[0].hold: expected a boolean, found a string");
  EXPECT_EQ(ParseContractsError("[[contracts.ladders.x.triggers]]\nlevel = \"E1\"\n"),
            "rules.toml:1: contracts.ladders.x.triggers[0].kind: missing key (required in every row)");
  // ValidateContractRules' problems, placed on their key's line.
  EXPECT_EQ(
      ParseContractsError("[contracts]\nkpi_cap_share = 1.5\n").rfind("rules.toml:2: contracts.kpi_cap_share: ", 0),
      0U);
  EXPECT_EQ(ParseContractsError("[[contracts.ladders.x.levels]]\nlevel = \"E1\"\n"),
            "rules.toml:2: contracts.ladders.x.levels[0].level: the first level must be E0 (found 'E1')");
}

}  // namespace
}  // namespace supeval::io
