// The default rule set — the agreement's tables as data — and the name a rule
// set read from a file carries.
#include "supeval/core/rules.hpp"

#include <algorithm>

namespace supeval::core {
namespace {

// The agreement DefaultRuleSet() is; its name adds " (default)".
constexpr std::string_view kAgreement = "Quality Assurance Agreement with Production Material Suppliers";

struct BandRow {
  int up_to;
  double points;
};

BandTable MakeTable(std::initializer_list<BandRow> rows, double beyond) {
  BandTable table;
  for (const BandRow& row : rows) table.bands.push_back({Decimal::FromUnits(row.up_to), row.points});
  table.beyond_points = beyond;
  return table;
}

// Spreadsheet 3, late deliveries in working days.
BandTable LateTable() {
  return MakeTable({{1, 100},
                    {2, 95},
                    {3, 90},
                    {4, 85},
                    {5, 80},
                    {6, 75},
                    {7, 70},
                    {8, 65},
                    {9, 60},
                    {12, 50},
                    {14, 40},
                    {16, 30},
                    {18, 20},
                    {20, 10},
                    {25, 5}},
                   1);
}

// Spreadsheet 3, early deliveries in working days.
BandTable EarlyTable() {
  return MakeTable({{3, 100},
                    {4, 95},
                    {5, 90},
                    {6, 85},
                    {7, 80},
                    {8, 75},
                    {9, 70},
                    {10, 65},
                    {11, 60},
                    {14, 50},
                    {16, 40},
                    {18, 30},
                    {20, 20},
                    {22, 10},
                    {27, 5}},
                   1);
}

// Spreadsheet 4: percent deviation 0, <=1, …, <=27 (index = up_to).
BandTable QuantityTable(std::initializer_list<double> points) {
  BandTable table;
  int up_to = 0;
  for (const double p : points) table.bands.push_back({Decimal::FromUnits(up_to++), p});
  table.beyond_points = 1;
  return table;
}

std::map<std::string, CommodityFactor> CommodityFactors() {
  struct Row {
    const char* code;
    const char* name;
    double b;
    double ppm_limit;
  };
  static constexpr Row kRows[] = {
      {"M011", "bar / wire", 1, 1000},
      {"M012", "tube", 1, 1000},
      {"M013", "cold rolled strip", 1, 1000},
      {"M014", "forgings", 1, 1000},
      {"M017", "extrusion press profiles steel", 4, 250},
      {"M018", "warm rolled strip", 1, 1000},
      {"M022", "extrusion press profiles alu", 4, 250},
      {"M031", "plastic granulates", 4, 250},
      {"M032", "plastic semi-finished products", 4, 250},
      {"M051", "type-dependent tools", 0.4, 2500},
      {"M052", "plastic injection moulds", 4, 250},
      {"M131", "chemicals / lab. device", 4, 250},
      {"M141", "oils and greases for production", 4, 250},
      {"M310", "plastic components", 4, 250},
      {"M315", "friction materials", 4, 250},
      {"M316", "ring gear", 4, 250},
      {"M317", "hose line clutch release systems", 4, 250},
      {"M320", "elastomeric moulding materials", 4, 250},
      {"M330", "cast aluminium incl. machining", 4, 250},
      {"M340", "bearing housing", 1, 1000},
      {"M341", "investment casting", 4, 250},
      {"M342", "iron casting", 0.13, 7500},
      {"M343", "sintered parts", 4, 250},
      {"M345", "extrusion parts", 4, 250},
      {"M346", "brass cages", 4, 250},
      {"M350", "stamped and drawn parts", 4, 250},
      {"M355", "springs", 4, 250},
      {"M360", "turned parts and milled parts", 4, 250},
      {"M370", "mechatronics", 4, 250},
      {"M380", "job shops", 4, 250},
      {"M381", "surface treatment", 4, 250},
      {"M390", "miscellaneous production materials", 4, 250},
      {"M392", "traded parts", 4, 250},
      {"M393", "rolling bearings (balls, needles, rolls)", 4, 250},
      {"M394", "bush bearing", 4, 250},
  };
  std::map<std::string, CommodityFactor> factors;
  for (const Row& row : kRows) factors[row.code] = CommodityFactor{row.name, row.b, row.ppm_limit};
  return factors;
}

RelevantQuantity Of(QuantityBasis basis, int percent) { return {basis, Decimal::FromUnits(percent)}; }

// Spreadsheet 1.
std::vector<DefectRule> Defects() {
  const RelevantQuantity rejected = Of(QuantityBasis::kRejected, 100);
  const RelevantQuantity affected = Of(QuantityBasis::kAffected, 100);
  const RelevantQuantity none = Of(QuantityBasis::kNone, 0);
  const RelevantQuantity lot10 = Of(QuantityBasis::kLot, 10);
  return {
      {"other", "ordinary complaint", rejected, rejected},
      {"nonconforming_unusable", "not to spec; not usable despite additional work", rejected, rejected},
      {"nonconforming_usable", "not to spec; usable without additional work", lot10, lot10},
      {"nonconforming_rework", "not to spec; usable with additional work", Of(QuantityBasis::kLot, 30),
       Of(QuantityBasis::kLot, 30)},
      {"coating_rework", "coating the supplier can rework without internal cost", Of(QuantityBasis::kLot, 5),
       Of(QuantityBasis::kLot, 5)},
      {"special_release", "special release requested in time and approved, parts accepted", none, none},
      {"wrong_type_obvious", "wrong type/material, easy to detect", affected, affected},
      {"wrong_type_hidden", "wrong type/material, hard to detect", Of(QuantityBasis::kLot, 100),
       Of(QuantityBasis::kLot, 100)},
      {"rusty_usable", "rusty but usable without rework", lot10, lot10},
      {"documentation", "missing or wrong documents", none, none},
      {"rust_protection", "insufficient rust prevention, usable", affected, lot10},
      {"packaging", "wrong packaging", affected, lot10},
      {"marking", "wrong marking / labelling", affected, lot10},
  };
}

std::vector<CertificationRow> CertificationRows() {
  const std::vector<std::string> automotive = {"IATF16949", "ISO/TS16949", "AS9100"};
  const std::vector<std::string> environment = {"ISO14001", "EMAS"};
  const std::vector<std::string> iso9001 = {"ISO9001"};
  return {
      {{automotive, environment}, 100, 100},
      {{iso9001, environment}, 90, 100},
      {{automotive}, 80, 90},
      {{iso9001}, 70, 90},
  };
}

}  // namespace

RuleSet DefaultRuleSet() {
  RuleSet rules;
  rules.name = std::string(kAgreement) + " (default)";
  rules.commodity_factors = CommodityFactors();
  rules.indirect_commodities = {"M051", "M052", "M111"};
  rules.defects = Defects();
  rules.certification_rows = CertificationRows();
  rules.lz1_late = LateTable();
  rules.lz1_early = EarlyTable();
  rules.lz2_over = QuantityTable(
      {100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5});
  rules.lz2_under = QuantityTable(
      {100, 98, 96, 95, 91, 89, 85, 81, 77, 73, 69, 65, 61, 57, 53, 49, 45, 41, 37, 33, 29, 25, 21, 17, 13, 9, 5, 1});
  rules.classes = {{"A", 90}, {"B", 80}, {"C", 0}};
  return rules;
}

const DefectRule* FindDefect(const RuleSet& rules, std::string_view code) {
  const std::string_view wanted = DefectCodeOf(rules, code);
  const auto found = std::find_if(rules.defects.begin(), rules.defects.end(),
                                  [&](const DefectRule& rule) { return rule.code == wanted; });
  return found == rules.defects.end() ? nullptr : &*found;
}

std::string HonestRuleSetName(const RuleSet& rules, std::string_view source) {
  const RuleSet defaults = DefaultRuleSet();
  if (rules.name != defaults.name || rules == defaults) return rules.name;
  return std::string(kAgreement) + " (edited: " + std::string(source) + ")";
}

}  // namespace supeval::core
