// Rule files as TOML (toml++): the writer prints the agreement's numbers with a
// comment citing where each comes from; the parser applies a file over the
// default rule set, rejects unknown keys, wrong types and out-of-range values
// with file:line and key path, and reads Decimal values exactly.
#include "supeval/io/rules_toml.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "supeval/core/rational.hpp"

namespace supeval::io {
namespace {

using core::BandTable;
using core::CertificationRow;
using core::CommodityFactor;
using core::Decimal;
using core::DefectRule;
using core::GradeClass;
using core::QuantityBasis;
using core::RelevantQuantity;
using core::RuleSet;
namespace cc = core::contracts;

// The basis names of spreadsheet 1 in the file, by QuantityBasis.
struct BasisName {
  QuantityBasis basis;
  std::string_view name;
};
constexpr std::array<BasisName, 4> kBasisNames = {{
    {QuantityBasis::kRejected, "rejected"},
    {QuantityBasis::kAffected, "affected"},
    {QuantityBasis::kLot, "lot"},
    {QuantityBasis::kNone, "none"},
}};

// Whole doubles below this print as TOML integers (it is below 2^63, so the
// integer fits TOML's 64-bit range).
constexpr double kLargestPrintedInteger = 9.0e18;
// A float Decimal with a fraction is read through its shortest decimal text,
// which is the text as written for up to 15 significant digits: 9 integer
// digits plus Decimal's 6 fraction digits.
constexpr double kLargestExactFraction = 1.0e9;

std::string_view BasisText(QuantityBasis basis) {
  for (const BasisName& entry : kBasisNames) {
    if (entry.basis == basis) return entry.name;
  }
  return "rejected";
}

std::optional<QuantityBasis> BasisFromText(std::string_view text) {
  for (const BasisName& entry : kBasisNames) {
    if (entry.name == text) return entry.basis;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Writing

// A double as TOML: whole values as integers ("1", "1000000"), others in their
// shortest round-trip text ("0.65", "0.13"), always with a '.' or exponent.
std::string NumberText(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  std::array<char, 64> buffer{};
  if (std::trunc(value) == value && std::fabs(value) < kLargestPrintedInteger) {
    const auto [end, ec] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), static_cast<std::int64_t>(value));
    return std::string(buffer.data(), end);
  }
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  std::string text(buffer.data(), end);
  // A huge whole number may come out in fixed notation: keep it a TOML float.
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

// A Decimal as TOML: its exact text, an integer when whole ("12"), else a
// float with exactly the decimals it holds ("10.5").
std::string DecimalText(Decimal value) { return core::FixedToString(value.micros(), Decimal::kMaxFractionDigits); }

char HexDigit(unsigned value) { return "0123456789ABCDEF"[value & 0xFU]; }

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
          out += "\\u00";
          out += HexDigit(byte >> 4U);
          out += HexDigit(byte);
        } else {
          out += c;
        }
      }
    }
  }
  out += '"';
  return out;
}

// A key: bare when TOML allows it (A-Z a-z 0-9 _ -), else quoted.
std::string KeyText(std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  return bare ? std::string(key) : Quoted(key);
}

std::string TextList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += Quoted(items[i]);
  }
  return out + "]";
}

std::string QuantityText(const RelevantQuantity& quantity) {
  return "{ basis = " + Quoted(BasisText(quantity.basis)) + ", percent = " + DecimalText(quantity.percent) + " }";
}

// Builds the file line by line.
class TomlText {
 public:
  // Each line of `text` as a "# " comment line.
  void Comment(std::string_view text) {
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      const std::string_view line = text.substr(0, end);
      out_ += line.empty() ? "#\n" : "# " + std::string(line) + "\n";
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
  }
  void Blank() { out_ += "\n"; }
  void Line(std::string_view line) {
    out_ += line;
    out_ += "\n";
  }
  void Key(std::string_view key, std::string_view value) {
    out_ += KeyText(key);
    out_ += " = ";
    out_ += value;
    out_ += "\n";
  }
  [[nodiscard]] std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

constexpr std::string_view kFileHeader =
    "supeval rule set: every weight, factor, table and threshold of the supplier\n"
    "evaluation.\n"
    "\n"
    "Every number in this file is data of the quality agreement, not a constant of\n"
    "the program. The default values are those of the \"Quality Assurance Agreement\n"
    "with Production Material Suppliers\", part \"Supplier Evaluation - Evaluation\n"
    "Criteria\", as the specification docs/EVALUATION.md fixes them. Another\n"
    "customer's agreement is another copy of this file with its own numbers.\n"
    "\n"
    "Editing: a key left out keeps the default rule set's value, so a file may hold\n"
    "only what differs. A table given here (the commodities, the defect rows, the\n"
    "certification rows, a band table's bands, the classes) replaces the default\n"
    "table whole. An unknown key is an error. Numbers with decimals use '.'.";

constexpr std::string_view kBandComment =
    "A value v scores the points of the first band with v <= up_to (bands in\n"
    "strictly ascending up_to); a value above the last band scores `beyond`.";

void WriteBandTable(TomlText& toml, std::string_view header, const BandTable& table) {
  toml.Line(header);
  toml.Key("beyond", NumberText(table.beyond_points));
  toml.Line("bands = [");
  for (const core::Band& band : table.bands) {
    toml.Line("  { up_to = " + DecimalText(band.up_to) + ", points = " + NumberText(band.points) + " },");
  }
  toml.Line("]");
  toml.Blank();
}

void WriteOverall(TomlText& toml, const RuleSet& rules) {
  toml.Comment(
      "Agreement 1 \"Overall Evaluation\": the two main criteria and their weights.\n"
      "Total = (quality x QZ + delivery x LZ) / (the weights of the criteria present).");
  toml.Line("[weights]");
  toml.Key("quality", NumberText(rules.weight_quality));
  toml.Key("delivery", NumberText(rules.weight_delivery));
  toml.Blank();
  toml.Comment(
      "Agreement 1: \"Suppliers which make less than three deliveries within a\n"
      "half-year are not evaluated\": fewer than min_deliveries deliveries (series and\n"
      "sample together) in the period and the supplier is not evaluated.");
  toml.Line("[eligibility]");
  toml.Key("min_deliveries", std::to_string(rules.min_deliveries));
  toml.Blank();
  toml.Comment(
      "Agreement 2.1, 2.2, 2.4: \"Where the value is less than 1, value 1 is generally\n"
      "allocated\". Every sub-score is floored at `floor` and capped at `cap`.");
  toml.Line("[scores]");
  toml.Key("floor", NumberText(rules.score_floor));
  toml.Key("cap", NumberText(rules.score_cap));
  toml.Blank();
}

void WriteQualityHead(TomlText& toml, const RuleSet& rules) {
  toml.Comment(
      "Agreement 2 \"Main criterion quality performance QZ\". formula_base is the 100\n"
      "of the formulas QZ1 = 100 - ..., QZ2 = 100 - ... and QZ4 = 100 - ....");
  toml.Line("[quality]");
  toml.Key("formula_base", NumberText(rules.formula_base));
  toml.Blank();
  toml.Comment(
      "Agreement 2: QZ = (qz1 x QZ1 + qz2 x QZ2 + qz3 x QZ3 + qz4 x QZ4) / (qz1 + qz2 +\n"
      "qz3 + qz4); a sub-criterion not taken into account drops out of both sums.");
  toml.Line("[quality.weights]");
  toml.Key("qz1", NumberText(rules.weight_qz1));
  toml.Key("qz2", NumberText(rules.weight_qz2));
  toml.Key("qz3", NumberText(rules.weight_qz3));
  toml.Key("qz4", NumberText(rules.weight_qz4));
  toml.Blank();
  toml.Comment(
      "Agreement 2.1 \"Mass production quality QZ 1\":\n"
      "QZ1 = formula_base - factor x complaints / series deliveries.");
  toml.Line("[quality.qz1]");
  toml.Key("factor", NumberText(rules.qz1_factor));
  toml.Blank();
  toml.Comment(
      "Agreement 2.4 \"Sample quality QZ 4\":\n"
      "QZ4 = formula_base - factor x sample complaints / sample deliveries.");
  toml.Line("[quality.qz4]");
  toml.Key("factor", NumberText(rules.qz4_factor));
  toml.Blank();
}

void WriteQz2(TomlText& toml, const RuleSet& rules) {
  toml.Comment(
      "Agreement 2.2 \"Defective quantity QZ 2 (ppm)\", per commodity:\n"
      "ppm = defective quantity / delivered quantity x ppm_scale and\n"
      "QZ2 = formula_base - B x ppm / ppm_divisor, B from the commodity table below;\n"
      "a commodity missing from it uses default_b (and the result warns).\n"
      "\"Adjustment of the ppm-values\": a confirmed defective quantity replaces the\n"
      "rejected quantity when confirmed within adjustment_months calendar months of\n"
      "the return. empty_defect_code: the spreadsheet 1 row of a complaint without\n"
      "a defect code.");
  toml.Line("[quality.qz2]");
  toml.Key("ppm_scale", NumberText(rules.ppm_scale));
  toml.Key("ppm_divisor", NumberText(rules.qz2_ppm_divisor));
  toml.Key("default_b", NumberText(rules.default_b));
  toml.Key("adjustment_months", std::to_string(rules.adjustment_months));
  toml.Key("empty_defect_code", Quoted(rules.empty_defect_code));
  if (rules.defects.empty()) toml.Key("defects", "[]");
  toml.Blank();
  toml.Comment(
      "Agreement spreadsheet 2 \"Commodity factor B\": one line per commodity (SAP\n"
      "number): b = the B factor, ppm_limit = the ppm at which QZ2 is about 90\n"
      "(informative, may be left out), name = the commodity's name.");
  toml.Line("[quality.qz2.commodities]");
  for (const auto& [code, factor] : rules.commodity_factors) {
    std::string value = "{ b = " + NumberText(factor.b);
    if (factor.ppm_limit) value += ", ppm_limit = " + NumberText(*factor.ppm_limit);
    value += ", name = " + Quoted(factor.name) + " }";
    toml.Key(code, value);
  }
  toml.Blank();
  toml.Comment(
      "Agreement spreadsheet 1 \"Special cases of evaluation for ppm\": the quantity of\n"
      "a complaint that counts as defective, per defect code (complaints.csv `defect`),\n"
      "for purchased parts and for raw material. basis: \"rejected\" (rejected_qty, or\n"
      "the confirmed quantity after the adjustment), \"affected\" (affected_qty, the\n"
      "packing units concerned), \"lot\" (the received quantity of the delivery) or\n"
      "\"none\" (no ppm); percent: the share of the basis that counts.");
  for (const DefectRule& defect : rules.defects) {
    toml.Line("[[quality.qz2.defects]]");
    toml.Key("code", Quoted(defect.code));
    toml.Key("meaning", Quoted(defect.meaning));
    toml.Key("purchased", QuantityText(defect.purchased));
    toml.Key("raw", QuantityText(defect.raw));
    toml.Blank();
  }
  if (rules.defects.empty()) toml.Blank();
}

void WriteQz3(TomlText& toml, const RuleSet& rules) {
  toml.Comment(
      "Agreement 2.3 \"Certification QZ 3\": the best matching row counts; a row matches\n"
      "when every group of all_of has at least one certificate valid on the reference\n"
      "date. production: column 1) production material; indirect: column 2), used when\n"
      "every commodity delivered in the period is one of indirect_commodities\n"
      "(footnote 2: M051, M052, M111). none_points: no valid certificate (missing or\n"
      "expired); hold_points: a New Business Hold for quality reasons is active.");
  toml.Line("[quality.qz3]");
  toml.Key("indirect_commodities", TextList(rules.indirect_commodities));
  toml.Key("none_points", NumberText(rules.certification_none_points));
  toml.Key("hold_points", NumberText(rules.hold_points));
  if (rules.certification_rows.empty()) toml.Key("rows", "[]");
  toml.Blank();
  for (const CertificationRow& row : rules.certification_rows) {
    std::string groups = "[";
    for (std::size_t i = 0; i < row.all_of.size(); ++i) {
      if (i > 0) groups += ", ";
      groups += TextList(row.all_of[i]);
    }
    groups += "]";
    toml.Line("[[quality.qz3.rows]]");
    toml.Key("all_of", groups);
    toml.Key("production", NumberText(row.production_points));
    toml.Key("indirect", NumberText(row.indirect_points));
    toml.Blank();
  }
}

void WriteDelivery(TomlText& toml, const RuleSet& rules) {
  toml.Comment(
      "Agreement 3 \"Main criterion delivery performance LZ\":\n"
      "LZ = (lz1 x LZ1 + lz2 x LZ2) / (lz1 + lz2), LZ1 date and LZ2 quantity reliability.");
  toml.Line("[delivery.weights]");
  toml.Key("lz1", NumberText(rules.weight_lz1));
  toml.Key("lz2", NumberText(rules.weight_lz2));
  toml.Blank();
  toml.Comment(kBandComment);
  toml.Blank();
  toml.Comment(
      "Agreement 3.1 and spreadsheet 3 \"Date reliability in working days (acc. factory\n"
      "calendar)\": working days late.");
  WriteBandTable(toml, "[delivery.lz1.late]", rules.lz1_late);
  toml.Comment("Spreadsheet 3: working days early.");
  WriteBandTable(toml, "[delivery.lz1.early]", rules.lz1_early);
  toml.Comment(
      "Agreement 3.2 and spreadsheet 4 \"Quantity reliability in percent\": |p|, the\n"
      "deviation in percent of the due quantity, over-delivery. A band \"<= k\" holds\n"
      "k-1 < |p| <= k, decided exactly on the quantities.");
  WriteBandTable(toml, "[delivery.lz2.over]", rules.lz2_over);
  toml.Comment("Spreadsheet 4: under-delivery.");
  WriteBandTable(toml, "[delivery.lz2.under]", rules.lz2_under);
}

void WriteClasses(TomlText& toml, const RuleSet& rules) {
  toml.Comment(
      "Classes are not in the agreement; the default rule set adds them\n"
      "(docs/EVALUATION.md, \"Overall\"). A total >= min_total (unrounded) gets\n"
      "the class; list the classes with the highest min_total first.");
  for (const GradeClass& grade : rules.classes) {
    toml.Line("[[classes]]");
    toml.Key("name", Quoted(grade.name));
    toml.Key("min_total", NumberText(grade.min_total));
    toml.Blank();
  }
}

// The largest number of decimals a rule's Rational is written with: the
// decimals a rule file can give are far fewer.
constexpr int kMostRuleDecimals = 18;

// A Rational as TOML: an integer when whole, else a float with the decimals
// it needs (exact for every decimal a rule file gives; another fraction is
// rounded to kMostRuleDecimals places).
std::string RationalText(const core::Rational& value) {
  int decimals = 0;
  while (decimals < kMostRuleDecimals && value.Rounded(decimals) != value) ++decimals;
  return value.ToFixed(decimals);
}

void WriteContractNumbers(TomlText& toml, const cc::ContractRules& rules) {
  toml.Line("[contracts]");
  toml.Key("tier_mode", Quoted(cc::NameOf(rules.tier_mode)));
  toml.Key("kpi_cap_share", RationalText(rules.kpi_cap_share));
  toml.Key("penalty_cap_share", RationalText(rules.penalty_cap_share));
  toml.Key("bonus_cap_share", RationalText(rules.bonus_cap_share));
  toml.Key("cap_share_limit", RationalText(rules.cap_share_limit));
  toml.Key("qualification_days", std::to_string(rules.qualification_days));
  toml.Key("warranty_window_months", std::to_string(rules.warranty_window_months));
  toml.Key("fixing_max_age_days", std::to_string(rules.fixing_max_age_days));
  toml.Key("hhi_moderate", RationalText(rules.hhi_moderate));
  toml.Key("hhi_high", RationalText(rules.hhi_high));
  toml.Blank();
  toml.Comment("One key per finding of the health check (§11): high, medium or low.");
  toml.Line("[contracts.severity]");
  for (const auto& [finding, severity] : rules.severity) toml.Key(finding, Quoted(cc::NameOf(severity)));
  toml.Blank();
}

void WriteContractTypes(TomlText& toml, const cc::ContractRules& rules) {
  toml.Comment(
      "The contract types (§4): the texts shown with the register, and the clauses\n"
      "whose absence the health check reports.");
  for (const auto& [type, type_rules] : rules.types) {
    toml.Line("[contracts.types." + KeyText(cc::NameOf(type)) + "]");
    toml.Key("name", Quoted(type_rules.name));
    toml.Key("best_for", Quoted(type_rules.best_for));
    toml.Key("investment", Quoted(type_rules.investment));
    toml.Key("ip_ownership", Quoted(type_rules.ip_ownership));
    toml.Key("time_to_value", Quoted(type_rules.time_to_value));
    toml.Key("requires", TextList(type_rules.requires_clauses));
    toml.Blank();
  }
}

void WriteLadders(TomlText& toml, const cc::ContractRules& rules) {
  toml.Comment("The escalation ladders (§9), levels lowest first, one trigger per kind.");
  for (const auto& [id, ladder] : rules.ladders) {
    const std::string path = "contracts.ladders." + KeyText(id);
    for (const cc::LadderLevel& level : ladder.levels) {
      toml.Line("[[" + path + ".levels]]");
      toml.Key("level", Quoted(level.level));
      toml.Key("name", Quoted(level.name));
      toml.Key("review_days", std::to_string(level.review_days));
      toml.Key("hold", level.hold ? "true" : "false");
      toml.Key("owner", Quoted(level.owner));
      toml.Key("actions", TextList(level.actions));
      toml.Blank();
    }
    for (const cc::LadderTrigger& trigger : ladder.triggers) {
      toml.Line("[[" + path + ".triggers]]");
      toml.Key("kind", Quoted(trigger.kind));
      toml.Key("level", Quoted(trigger.level));
      toml.Key("level_if_notified", Quoted(trigger.level_if_notified));
      toml.Key("reason", Quoted(cc::NameOf(trigger.reason)));
      toml.Blank();
    }
  }
}

// ---------------------------------------------------------------------------
// Parsing

std::string Join(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

std::string Indexed(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::none:
      return "nothing";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
  }
  return "a value";
}

// Applies a parsed document over a rule set. Keeps the first problem found;
// after a problem the remaining reads still run but change nothing reported.
class Parser {
 public:
  explicit Parser(std::string_view file_name) : file_name_(file_name) {}

  void Apply(const toml::table& root, RuleSet& rules);
  // The `[contracts]` table, if the file has one (CONTRACTS.md §12).
  void ApplyContracts(const toml::table& root, cc::ContractRules& rules);
  [[nodiscard]] const std::optional<core::Error>& error() const { return error_; }

 private:
  bool Fail(const toml::source_region& where, std::string key, std::string message) {
    if (!error_) error_ = core::BadInput(std::move(message), {file_name_, where.begin.line, std::move(key)});
    return false;
  }
  bool Known(const toml::table& table, std::string_view path, std::initializer_list<std::string_view> known);
  bool Require(const toml::table& row, std::string_view path, std::string_view key);
  const toml::table* Table(const toml::table& parent, std::string_view path, std::string_view key);
  const toml::array* Rows(const toml::table& parent, std::string_view path, std::string_view key);
  const toml::table* Row(const toml::array& rows, std::string_view path, std::size_t index);

  bool NumberValue(const toml::node& node, const std::string& key, double& out);
  bool DecimalValue(const toml::node& node, const std::string& key, Decimal& out);
  void Number(const toml::table& table, std::string_view path, std::string_view key, double& out);
  void Count(const toml::table& table, std::string_view path, std::string_view key, int& out);
  void Text(const toml::table& table, std::string_view path, std::string_view key, std::string& out);
  void TextList(const toml::node& node, const std::string& key, std::vector<std::string>& out);

  void Quality(const toml::table& quality, RuleSet& rules);
  void Qz2(const toml::table& qz2, RuleSet& rules);
  void Commodities(const toml::table& table, std::map<std::string, CommodityFactor>& out);
  void Defects(const toml::array& rows, std::vector<DefectRule>& out);
  void Quantity(const toml::table& row, std::string_view path, std::string_view key, RelevantQuantity& out);
  void Qz3(const toml::table& qz3, RuleSet& rules);
  void CertificationRows(const toml::array& rows, std::vector<CertificationRow>& out);
  void Delivery(const toml::table& delivery, RuleSet& rules);
  void BandTablePair(const toml::table& delivery, std::string_view criterion, std::string_view first,
                     BandTable& first_table, std::string_view second, BandTable& second_table);
  void Bands(const toml::table& table, std::string_view path, BandTable& out);
  void Classes(const toml::array& rows, std::vector<GradeClass>& out);

  void RationalNumber(const toml::table& table, std::string_view path, std::string_view key, core::Rational& out);
  void Flag(const toml::table& table, std::string_view path, std::string_view key, bool& out);
  template <class Enum>
  void Code(const toml::table& table, std::string_view path, std::string_view key, Enum& out);
  void Severities(const toml::table& table, std::map<std::string, cc::Severity>& out);
  void ContractTypes(const toml::table& table, std::map<cc::ContractType, cc::ContractTypeRules>& out);
  void Ladders(const toml::table& table, std::map<std::string, cc::Ladder>& out);
  void LadderLevels(const toml::array& rows, std::string_view path, std::vector<cc::LadderLevel>& out);
  void LadderTriggers(const toml::array& rows, std::string_view path, std::vector<cc::LadderTrigger>& out);

  std::string file_name_;
  std::optional<core::Error> error_;
};

bool Parser::Known(const toml::table& table, std::string_view path, std::initializer_list<std::string_view> known) {
  for (const auto& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      return Fail(key.source(), Join(path, key.str()), "unknown key");
    }
  }
  return true;
}

bool Parser::Require(const toml::table& row, std::string_view path, std::string_view key) {
  if (row.contains(key)) return true;
  return Fail(row.source(), Join(path, key), "missing key (required in every row)");
}

const toml::table* Parser::Table(const toml::table& parent, std::string_view path, std::string_view key) {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return nullptr;
  if (const toml::table* table = node->as_table()) return table;
  Fail(node->source(), Join(path, key), "expected a table, found " + std::string(TypeName(node->type())));
  return nullptr;
}

const toml::array* Parser::Rows(const toml::table& parent, std::string_view path, std::string_view key) {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return nullptr;
  if (const toml::array* rows = node->as_array()) return rows;
  Fail(node->source(), Join(path, key),
       "expected an array of tables ([[" + Join(path, key) + "]]), found " + std::string(TypeName(node->type())));
  return nullptr;
}

const toml::table* Parser::Row(const toml::array& rows, std::string_view path, std::size_t index) {
  const toml::node& node = rows[index];
  if (const toml::table* row = node.as_table()) return row;
  Fail(node.source(), Indexed(path, index), "expected a table, found " + std::string(TypeName(node.type())));
  return nullptr;
}

// Any number; its range is core::ValidateRuleSet's to check.
bool Parser::NumberValue(const toml::node& node, const std::string& key, double& out) {
  if (const auto* integer = node.as_integer()) {
    out = static_cast<double>(integer->get());
    return true;
  }
  if (const auto* floating = node.as_floating_point()) {
    out = floating->get();
    return true;
  }
  return Fail(node.source(), key, "expected a number, found " + std::string(TypeName(node.type())));
}

// Decimals are read exactly: integers as they are, floats through their
// shortest decimal text (the text as written, up to 15 significant digits).
bool Parser::DecimalValue(const toml::node& node, const std::string& key, Decimal& out) {
  constexpr std::int64_t kMaxUnits = std::numeric_limits<std::int64_t>::max() / Decimal::kScale;
  if (const auto* integer = node.as_integer()) {
    const std::int64_t value = integer->get();
    if (value < 0) return Fail(node.source(), key, "must be >= 0");
    if (value > kMaxUnits) return Fail(node.source(), key, "is too large");
    out = Decimal::FromUnits(value);
    return true;
  }
  const auto* floating = node.as_floating_point();
  if (floating == nullptr) {
    return Fail(node.source(), key, "expected a number, found " + std::string(TypeName(node.type())));
  }
  const double value = floating->get();
  if (!std::isfinite(value)) return Fail(node.source(), key, "must be a finite number");
  if (value < 0) return Fail(node.source(), key, "must be >= 0");
  if (value == 0) {
    out = Decimal();
    return true;
  }
  if (value > static_cast<double>(kMaxUnits)) return Fail(node.source(), key, "is too large");
  if (value >= kLargestExactFraction && std::trunc(value) != value) {
    return Fail(node.source(), key, "is too large to be read exactly with a fraction");
  }
  std::array<char, 64> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  if (ec != std::errc()) return Fail(node.source(), key, "is too large");
  const core::ParsedDecimal parsed = core::ParseDecimal(std::string_view(buffer.data(), end));
  if (!parsed.value) return Fail(node.source(), key, std::string(core::DescribeDecimalError(parsed.error)));
  out = *parsed.value;
  return true;
}

void Parser::Number(const toml::table& table, std::string_view path, std::string_view key, double& out) {
  if (const toml::node* node = table.get(key)) NumberValue(*node, Join(path, key), out);
}

void Parser::Count(const toml::table& table, std::string_view path, std::string_view key, int& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  const auto* integer = node->as_integer();
  if (integer == nullptr) {
    Fail(node->source(), Join(path, key), "expected an integer, found " + std::string(TypeName(node->type())));
    return;
  }
  // The range is core::ValidateRuleSet's to check; here only what an int holds.
  const std::int64_t value = integer->get();
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    Fail(node->source(), Join(path, key), "is out of range (found " + std::to_string(value) + ")");
    return;
  }
  out = static_cast<int>(value);
}

void Parser::Text(const toml::table& table, std::string_view path, std::string_view key, std::string& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  if (const auto* text = node->as_string()) {
    out = text->get();
    return;
  }
  Fail(node->source(), Join(path, key), "expected a string, found " + std::string(TypeName(node->type())));
}

void Parser::TextList(const toml::node& node, const std::string& key, std::vector<std::string>& out) {
  const toml::array* items = node.as_array();
  if (items == nullptr) {
    Fail(node.source(), key, "expected an array of strings, found " + std::string(TypeName(node.type())));
    return;
  }
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const toml::node& item = (*items)[i];
    const auto* text = item.as_string();
    if (text == nullptr) {
      Fail(item.source(), Indexed(key, i), "expected a string, found " + std::string(TypeName(item.type())));
      return;
    }
    texts.push_back(text->get());
  }
  out = std::move(texts);
}

void Parser::Apply(const toml::table& root, RuleSet& rules) {
  // `contracts` is the contract engine's (ApplyContracts).
  Known(root, "", {"name", "weights", "eligibility", "scores", "quality", "delivery", "classes", "contracts"});
  Text(root, "", "name", rules.name);
  if (const toml::table* weights = Table(root, "", "weights")) {
    Known(*weights, "weights", {"quality", "delivery"});
    Number(*weights, "weights", "quality", rules.weight_quality);
    Number(*weights, "weights", "delivery", rules.weight_delivery);
  }
  if (const toml::table* eligibility = Table(root, "", "eligibility")) {
    Known(*eligibility, "eligibility", {"min_deliveries"});
    Count(*eligibility, "eligibility", "min_deliveries", rules.min_deliveries);
  }
  if (const toml::table* scores = Table(root, "", "scores")) {
    Known(*scores, "scores", {"floor", "cap"});
    Number(*scores, "scores", "floor", rules.score_floor);
    Number(*scores, "scores", "cap", rules.score_cap);
  }
  if (const toml::table* quality = Table(root, "", "quality")) Quality(*quality, rules);
  if (const toml::table* delivery = Table(root, "", "delivery")) Delivery(*delivery, rules);
  if (const toml::array* classes = Rows(root, "", "classes")) Classes(*classes, rules.classes);
}

// Agreement 2: QZ weights, the formula base, QZ1 and QZ4 factors.
void Parser::Quality(const toml::table& quality, RuleSet& rules) {
  Known(quality, "quality", {"formula_base", "weights", "qz1", "qz2", "qz3", "qz4"});
  Number(quality, "quality", "formula_base", rules.formula_base);
  if (const toml::table* weights = Table(quality, "quality", "weights")) {
    constexpr std::string_view kPath = "quality.weights";
    Known(*weights, kPath, {"qz1", "qz2", "qz3", "qz4"});
    Number(*weights, kPath, "qz1", rules.weight_qz1);
    Number(*weights, kPath, "qz2", rules.weight_qz2);
    Number(*weights, kPath, "qz3", rules.weight_qz3);
    Number(*weights, kPath, "qz4", rules.weight_qz4);
  }
  if (const toml::table* qz1 = Table(quality, "quality", "qz1")) {
    Known(*qz1, "quality.qz1", {"factor"});
    Number(*qz1, "quality.qz1", "factor", rules.qz1_factor);
  }
  if (const toml::table* qz4 = Table(quality, "quality", "qz4")) {
    Known(*qz4, "quality.qz4", {"factor"});
    Number(*qz4, "quality.qz4", "factor", rules.qz4_factor);
  }
  if (const toml::table* qz2 = Table(quality, "quality", "qz2")) Qz2(*qz2, rules);
  if (const toml::table* qz3 = Table(quality, "quality", "qz3")) Qz3(*qz3, rules);
}

// Agreement 2.2: the ppm formula, spreadsheet 2 and spreadsheet 1.
void Parser::Qz2(const toml::table& qz2, RuleSet& rules) {
  constexpr std::string_view kPath = "quality.qz2";
  Known(qz2, kPath,
        {"ppm_scale", "ppm_divisor", "default_b", "adjustment_months", "empty_defect_code", "commodities", "defects"});
  Number(qz2, kPath, "ppm_scale", rules.ppm_scale);
  Number(qz2, kPath, "ppm_divisor", rules.qz2_ppm_divisor);
  Number(qz2, kPath, "default_b", rules.default_b);
  Count(qz2, kPath, "adjustment_months", rules.adjustment_months);
  Text(qz2, kPath, "empty_defect_code", rules.empty_defect_code);
  if (const toml::table* commodities = Table(qz2, kPath, "commodities")) {
    Commodities(*commodities, rules.commodity_factors);
  }
  if (const toml::array* defects = Rows(qz2, kPath, "defects")) Defects(*defects, rules.defects);
}

void Parser::Commodities(const toml::table& table, std::map<std::string, CommodityFactor>& out) {
  std::map<std::string, CommodityFactor> factors;
  for (const auto& [code, node] : table) {
    const std::string path = Join("quality.qz2.commodities", code.str());
    const toml::table* row = node.as_table();
    if (row == nullptr) {
      Fail(node.source(), path,
           "expected a table such as { b = 1, ppm_limit = 1000, name = \"bar / wire\" }, found " +
               std::string(TypeName(node.type())));
      return;
    }
    Known(*row, path, {"b", "ppm_limit", "name"});
    CommodityFactor factor;
    if (Require(*row, path, "b")) Number(*row, path, "b", factor.b);
    if (row->contains("ppm_limit")) {
      double limit = 0;
      Number(*row, path, "ppm_limit", limit);
      factor.ppm_limit = limit;
    }
    Text(*row, path, "name", factor.name);
    factors.emplace(std::string(code.str()), std::move(factor));
  }
  out = std::move(factors);
}

void Parser::Defects(const toml::array& rows, std::vector<DefectRule>& out) {
  std::vector<DefectRule> defects;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string path = Indexed("quality.qz2.defects", i);
    const toml::table* row = Row(rows, "quality.qz2.defects", i);
    if (row == nullptr) return;
    Known(*row, path, {"code", "meaning", "purchased", "raw"});
    DefectRule defect;
    if (Require(*row, path, "code")) Text(*row, path, "code", defect.code);
    Text(*row, path, "meaning", defect.meaning);
    if (Require(*row, path, "purchased")) Quantity(*row, path, "purchased", defect.purchased);
    if (Require(*row, path, "raw")) Quantity(*row, path, "raw", defect.raw);
    defects.push_back(std::move(defect));
  }
  out = std::move(defects);
}

// A spreadsheet 1 quantity: { basis = "lot", percent = 10 }.
void Parser::Quantity(const toml::table& row, std::string_view path, std::string_view key, RelevantQuantity& out) {
  const toml::node& node = *row.get(key);
  const std::string quantity_path = Join(path, key);
  const toml::table* quantity = node.as_table();
  if (quantity == nullptr) {
    Fail(node.source(), quantity_path,
         "expected a table such as { basis = \"lot\", percent = 10 }, found " + std::string(TypeName(node.type())));
    return;
  }
  Known(*quantity, quantity_path, {"basis", "percent"});
  if (!Require(*quantity, quantity_path, "basis")) return;
  std::string basis_text;
  Text(*quantity, quantity_path, "basis", basis_text);
  const std::optional<QuantityBasis> basis = BasisFromText(basis_text);
  if (!basis) {
    Fail(quantity->get("basis")->source(), Join(quantity_path, "basis"),
         "unknown basis '" + basis_text + "' (expected rejected, affected, lot or none)");
    return;
  }
  out.basis = *basis;
  out.percent = Decimal::FromUnits(*basis == QuantityBasis::kNone ? 0 : 100);
  if (const toml::node* percent = quantity->get("percent")) {
    DecimalValue(*percent, Join(quantity_path, "percent"), out.percent);
  }
}

// Agreement 2.3: the certification table, its indirect column and the hold.
void Parser::Qz3(const toml::table& qz3, RuleSet& rules) {
  constexpr std::string_view kPath = "quality.qz3";
  Known(qz3, kPath, {"indirect_commodities", "none_points", "hold_points", "rows"});
  if (const toml::node* indirect = qz3.get("indirect_commodities")) {
    TextList(*indirect, Join(kPath, "indirect_commodities"), rules.indirect_commodities);
  }
  Number(qz3, kPath, "none_points", rules.certification_none_points);
  Number(qz3, kPath, "hold_points", rules.hold_points);
  if (const toml::array* rows = Rows(qz3, kPath, "rows")) CertificationRows(*rows, rules.certification_rows);
}

void Parser::CertificationRows(const toml::array& rows, std::vector<CertificationRow>& out) {
  std::vector<CertificationRow> result;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string path = Indexed("quality.qz3.rows", i);
    const toml::table* row = Row(rows, "quality.qz3.rows", i);
    if (row == nullptr) return;
    Known(*row, path, {"all_of", "production", "indirect"});
    CertificationRow certification;
    if (Require(*row, path, "all_of")) {
      const std::string groups_path = Join(path, "all_of");
      const toml::node& groups_node = *row->get("all_of");
      const toml::array* groups = groups_node.as_array();
      if (groups == nullptr) {
        Fail(groups_node.source(), groups_path,
             "expected an array of groups such as [[\"ISO9001\"], [\"ISO14001\", \"EMAS\"]], found " +
                 std::string(TypeName(groups_node.type())));
        return;
      }
      for (std::size_t g = 0; g < groups->size(); ++g) {
        std::vector<std::string> group;
        TextList((*groups)[g], Indexed(groups_path, g), group);
        certification.all_of.push_back(std::move(group));
      }
    }
    if (Require(*row, path, "production")) {
      Number(*row, path, "production", certification.production_points);
    }
    if (Require(*row, path, "indirect")) Number(*row, path, "indirect", certification.indirect_points);
    result.push_back(std::move(certification));
  }
  out = std::move(result);
}

// Agreement 3: LZ weights and spreadsheets 3 and 4.
void Parser::Delivery(const toml::table& delivery, RuleSet& rules) {
  Known(delivery, "delivery", {"weights", "lz1", "lz2"});
  if (const toml::table* weights = Table(delivery, "delivery", "weights")) {
    Known(*weights, "delivery.weights", {"lz1", "lz2"});
    Number(*weights, "delivery.weights", "lz1", rules.weight_lz1);
    Number(*weights, "delivery.weights", "lz2", rules.weight_lz2);
  }
  BandTablePair(delivery, "lz1", "late", rules.lz1_late, "early", rules.lz1_early);
  BandTablePair(delivery, "lz2", "over", rules.lz2_over, "under", rules.lz2_under);
}

// [delivery.lz1] with late/early, or [delivery.lz2] with over/under.
void Parser::BandTablePair(const toml::table& delivery, std::string_view criterion, std::string_view first,
                           BandTable& first_table, std::string_view second, BandTable& second_table) {
  const toml::table* group = Table(delivery, "delivery", criterion);
  if (group == nullptr) return;
  const std::string path = Join("delivery", criterion);
  Known(*group, path, {first, second});
  if (const toml::table* table = Table(*group, path, first)) Bands(*table, Join(path, first), first_table);
  if (const toml::table* table = Table(*group, path, second)) Bands(*table, Join(path, second), second_table);
}

// A band table: `beyond` and `bands = [{ up_to, points }, …]`, up_to strictly
// ascending (the lookup is a binary search over them).
void Parser::Bands(const toml::table& table, std::string_view path, BandTable& out) {
  Known(table, path, {"beyond", "bands"});
  Number(table, path, "beyond", out.beyond_points);
  const std::string bands_path = Join(path, "bands");
  const toml::array* rows = Rows(table, path, "bands");
  if (rows == nullptr) return;
  std::vector<core::Band> bands;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const std::string band_path = Indexed(bands_path, i);
    const toml::table* row = Row(*rows, bands_path, i);
    if (row == nullptr) return;
    Known(*row, band_path, {"up_to", "points"});
    core::Band band;
    if (Require(*row, band_path, "up_to")) {
      const toml::node& up_to = *row->get("up_to");
      if (!DecimalValue(up_to, Join(band_path, "up_to"), band.up_to)) return;
    }
    if (Require(*row, band_path, "points")) Number(*row, band_path, "points", band.points);
    bands.push_back(band);
  }
  out.bands = std::move(bands);
}

void Parser::Classes(const toml::array& rows, std::vector<GradeClass>& out) {
  std::vector<GradeClass> classes;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string path = Indexed("classes", i);
    const toml::table* row = Row(rows, "classes", i);
    if (row == nullptr) return;
    Known(*row, path, {"name", "min_total"});
    GradeClass grade;
    if (Require(*row, path, "name")) Text(*row, path, "name", grade.name);
    if (Require(*row, path, "min_total")) Number(*row, path, "min_total", grade.min_total);
    classes.push_back(std::move(grade));
  }
  out = std::move(classes);
}

// ---------------------------------------------------------------------------
// The [contracts] table (CONTRACTS.md §12)

// A share, rate or band as an exact Rational: integers as they are, floats
// through their shortest decimal text (0.05 is exactly 1/20). Ranges are
// core::contracts::ValidateContractRules' to check.
void Parser::RationalNumber(const toml::table& table, std::string_view path, std::string_view key,
                            core::Rational& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  const std::string name = Join(path, key);
  if (const auto* integer = node->as_integer()) {
    out = core::Rational(integer->get());
    return;
  }
  const auto* floating = node->as_floating_point();
  if (floating == nullptr) {
    Fail(node->source(), name, "expected a number, found " + std::string(TypeName(node->type())));
    return;
  }
  if (!std::isfinite(floating->get())) {
    Fail(node->source(), name, "must be a finite number");
    return;
  }
  std::array<char, 512> buffer{};
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), floating->get(), std::chars_format::fixed);
  const auto value = ec == std::errc() ? core::Rational::Parse(std::string_view(buffer.data(), end), true)
                                       : std::optional<core::Rational>();
  if (!value) {
    Fail(node->source(), name, "is too large");
    return;
  }
  out = *value;
}

void Parser::Flag(const toml::table& table, std::string_view path, std::string_view key, bool& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  if (const auto* flag = node->as_boolean()) {
    out = flag->get();
    return;
  }
  Fail(node->source(), Join(path, key), "expected a boolean, found " + std::string(TypeName(node->type())));
}

// A code of a contract enum, by its name (cc::Named).
template <class Enum>
void Parser::Code(const toml::table& table, std::string_view path, std::string_view key, Enum& out) {
  std::string text;
  if (table.get(key) == nullptr) return;
  Text(table, path, key, text);
  if (error_) return;
  if (const auto value = cc::Named<Enum>(text)) {
    out = *value;
    return;
  }
  Fail(table.get(key)->source(), Join(path, key), "unknown value \"" + text + "\"");
}

void Parser::ApplyContracts(const toml::table& root, cc::ContractRules& rules) {
  const toml::table* contracts = Table(root, "", "contracts");
  if (contracts == nullptr) return;
  constexpr std::string_view kPath = "contracts";
  Known(*contracts, kPath,
        {"tier_mode", "kpi_cap_share", "penalty_cap_share", "bonus_cap_share", "cap_share_limit", "qualification_days",
         "warranty_window_months", "fixing_max_age_days", "hhi_moderate", "hhi_high", "severity", "types", "ladders"});
  Code(*contracts, kPath, "tier_mode", rules.tier_mode);
  RationalNumber(*contracts, kPath, "kpi_cap_share", rules.kpi_cap_share);
  RationalNumber(*contracts, kPath, "penalty_cap_share", rules.penalty_cap_share);
  RationalNumber(*contracts, kPath, "bonus_cap_share", rules.bonus_cap_share);
  RationalNumber(*contracts, kPath, "cap_share_limit", rules.cap_share_limit);
  Count(*contracts, kPath, "qualification_days", rules.qualification_days);
  Count(*contracts, kPath, "warranty_window_months", rules.warranty_window_months);
  Count(*contracts, kPath, "fixing_max_age_days", rules.fixing_max_age_days);
  RationalNumber(*contracts, kPath, "hhi_moderate", rules.hhi_moderate);
  RationalNumber(*contracts, kPath, "hhi_high", rules.hhi_high);
  if (const toml::table* severity = Table(*contracts, kPath, "severity")) Severities(*severity, rules.severity);
  if (const toml::table* types = Table(*contracts, kPath, "types")) ContractTypes(*types, rules.types);
  if (const toml::table* ladders = Table(*contracts, kPath, "ladders")) Ladders(*ladders, rules.ladders);
}

// Each severity given replaces its default; an unknown finding is
// ValidateContractRules' to name.
void Parser::Severities(const toml::table& table, std::map<std::string, cc::Severity>& out) {
  for (const auto& [key, node] : table) {
    cc::Severity severity = cc::Severity::kHigh;
    Code(table, "contracts.severity", key.str(), severity);
    out[std::string(key.str())] = severity;
  }
}

// A type's texts replace theirs one by one; its `requires` replaces the
// default list whole.
void Parser::ContractTypes(const toml::table& table, std::map<cc::ContractType, cc::ContractTypeRules>& out) {
  for (const auto& [key, node] : table) {
    const std::string path = Join("contracts.types", key.str());
    const auto type = cc::Named<cc::ContractType>(key.str());
    if (!type) {
      Fail(key.source(), path, "unknown contract type");
      return;
    }
    const toml::table* rules = Table(table, "contracts.types", key.str());
    if (rules == nullptr) return;
    Known(*rules, path, {"name", "best_for", "investment", "ip_ownership", "time_to_value", "requires"});
    cc::ContractTypeRules& type_rules = out[*type];
    Text(*rules, path, "name", type_rules.name);
    Text(*rules, path, "best_for", type_rules.best_for);
    Text(*rules, path, "investment", type_rules.investment);
    Text(*rules, path, "ip_ownership", type_rules.ip_ownership);
    Text(*rules, path, "time_to_value", type_rules.time_to_value);
    if (const toml::node* requires_clauses = rules->get("requires")) {
      TextList(*requires_clauses, Join(path, "requires"), type_rules.requires_clauses);
    }
  }
}

// A ladder given replaces the default of its name whole: its levels and its
// triggers are the file's (none when it lists none).
void Parser::Ladders(const toml::table& table, std::map<std::string, cc::Ladder>& out) {
  for (const auto& [key, node] : table) {
    const std::string path = Join("contracts.ladders", key.str());
    const toml::table* ladder_table = Table(table, "contracts.ladders", key.str());
    if (ladder_table == nullptr) return;
    Known(*ladder_table, path, {"levels", "triggers"});
    cc::Ladder ladder;
    if (const toml::array* levels = Rows(*ladder_table, path, "levels")) {
      LadderLevels(*levels, Join(path, "levels"), ladder.levels);
    }
    if (const toml::array* triggers = Rows(*ladder_table, path, "triggers")) {
      LadderTriggers(*triggers, Join(path, "triggers"), ladder.triggers);
    }
    out[std::string(key.str())] = std::move(ladder);
  }
}

// Every key of a level but `level` may be left out: no name, review days 0,
// no hold, no owner, no actions.
void Parser::LadderLevels(const toml::array& rows, std::string_view path, std::vector<cc::LadderLevel>& out) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string row_path = Indexed(path, i);
    const toml::table* row = Row(rows, path, i);
    if (row == nullptr) return;
    Known(*row, row_path, {"level", "name", "review_days", "hold", "owner", "actions"});
    cc::LadderLevel level;
    if (Require(*row, row_path, "level")) Text(*row, row_path, "level", level.level);
    Text(*row, row_path, "name", level.name);
    Count(*row, row_path, "review_days", level.review_days);
    Flag(*row, row_path, "hold", level.hold);
    Text(*row, row_path, "owner", level.owner);
    if (const toml::node* actions = row->get("actions")) TextList(*actions, Join(row_path, "actions"), level.actions);
    out.push_back(std::move(level));
  }
}

// A trigger needs its kind and level; `level_if_notified` defaults to the
// level, `reason` to quality.
void Parser::LadderTriggers(const toml::array& rows, std::string_view path, std::vector<cc::LadderTrigger>& out) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string row_path = Indexed(path, i);
    const toml::table* row = Row(rows, path, i);
    if (row == nullptr) return;
    Known(*row, row_path, {"kind", "level", "level_if_notified", "reason"});
    cc::LadderTrigger trigger;
    if (Require(*row, row_path, "kind")) Text(*row, row_path, "kind", trigger.kind);
    if (Require(*row, row_path, "level")) Text(*row, row_path, "level", trigger.level);
    trigger.level_if_notified = trigger.level;
    Text(*row, row_path, "level_if_notified", trigger.level_if_notified);
    Code(*row, row_path, "reason", trigger.reason);
    out.push_back(std::move(trigger));
  }
}

// The line of every key, table and row of a parsed file, by the key path
// Parser and core::ValidateRuleSet name ("classes[2].min_total").
void CollectLines(const toml::node& node, const std::string& path, std::map<std::string, std::uint64_t>& lines) {
  if (!path.empty()) lines.emplace(path, node.source().begin.line);
  if (const toml::table* table = node.as_table()) {
    for (const auto& [key, child] : *table) CollectLines(child, Join(path, key.str()), lines);
  } else if (const toml::array* array = node.as_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) CollectLines((*array)[i], Indexed(path, i), lines);
  }
}

// A problem core::ValidateRuleSet found, placed in the file: on the line of
// its key, or when the file leaves the key out (the default's value counts) on
// the line of the nearest table around it that the file holds, saying so.
core::Error PlaceInFile(core::Error error, const toml::table& root, std::string_view file_name) {
  error.location.file = std::string(file_name);
  std::map<std::string, std::uint64_t> lines;
  CollectLines(root, "", lines);
  std::string path = error.location.field;
  if (lines.contains(path)) {
    error.location.line = lines.at(path);
    return error;
  }
  error.message += " (a value of the default rule set: the file does not set this key)";
  while (!path.empty()) {
    const std::size_t parent_end = path.find_last_of(".[");
    path.resize(parent_end == std::string::npos ? 0 : parent_end);
    if (const auto found = lines.find(path); found != lines.end()) {
      error.location.line = found->second;
      break;
    }
  }
  return error;
}

}  // namespace

std::string WriteRuleSetToml(const RuleSet& rules) {
  TomlText toml;
  toml.Comment(kFileHeader);
  toml.Blank();
  toml.Key("name", Quoted(rules.name));
  // Top-level keys must precede the first table: an empty class list is
  // written here (ValidateRuleSet rejects it, but the text stays faithful).
  if (rules.classes.empty()) toml.Key("classes", "[]");
  toml.Blank();
  WriteOverall(toml, rules);
  WriteQualityHead(toml, rules);
  WriteQz2(toml, rules);
  WriteQz3(toml, rules);
  WriteDelivery(toml, rules);
  WriteClasses(toml, rules);
  return toml.Take();
}

core::Result<RuleSet> ParseRuleSetToml(std::string_view text, std::string_view file_name) {
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    return core::BadInput(std::string(error.description()), {std::string(file_name), error.source().begin.line, ""});
  }
  RuleSet rules = core::DefaultRuleSet();
  Parser parser(file_name);
  parser.Apply(root, rules);
  if (parser.error()) return *parser.error();
  if (const core::Status valid = core::ValidateRuleSet(rules); !valid.ok()) {
    return PlaceInFile(valid.error(), root, file_name);
  }
  rules.name = core::HonestRuleSetName(rules, std::filesystem::path(file_name).filename().string());
  return rules;
}

std::string WriteContractRulesToml(const cc::ContractRules& rules) {
  TomlText toml;
  toml.Comment(
      "The contract engine's rules (CONTRACTS.md §12): caps, day counts, concentration\n"
      "bands, finding severities, contract types and escalation ladders. A key left\n"
      "out keeps its default; a severity, a type's requires or a ladder given here\n"
      "replaces the default of that name whole.");
  WriteContractNumbers(toml, rules);
  WriteContractTypes(toml, rules);
  WriteLadders(toml, rules);
  return toml.Take();
}

core::Result<cc::ContractRules> ParseContractRulesToml(std::string_view text, std::string_view file_name) {
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& error) {
    return core::BadInput(std::string(error.description()), {std::string(file_name), error.source().begin.line, ""});
  }
  cc::ContractRules rules = cc::DefaultContractRules();
  Parser parser(file_name);
  parser.ApplyContracts(root, rules);
  if (parser.error()) return *parser.error();
  if (const core::Status valid = cc::ValidateContractRules(rules); !valid.ok()) {
    return PlaceInFile(valid.error(), root, file_name);
  }
  return rules;
}

core::Result<std::string> ReadRuleFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::BadInput("cannot read rule file " + path.string());
  std::string text;
  std::array<char, 1U << 16U> chunk{};
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return core::BadInput("cannot read rule file " + path.string());
  return text;
}

core::Result<RuleSet> ReadRuleSetFile(const std::filesystem::path& path) {
  auto text = ReadRuleFileText(path);
  if (!text.ok()) return text.error();
  return ParseRuleSetToml(text.value(), path.string());
}

core::Result<cc::ContractRules> ReadContractRulesFile(const std::filesystem::path& path) {
  auto text = ReadRuleFileText(path);
  if (!text.ok()) return text.error();
  return ParseContractRulesToml(text.value(), path.string());
}

}  // namespace supeval::io
