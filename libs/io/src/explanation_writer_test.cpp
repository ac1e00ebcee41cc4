// The explanation formats: text whose tables keep their columns apart
// whatever the widths, deviations that keep their sign, figures rounded from
// their exact values, and values from the data that cannot reach the
// terminal raw.
#include "supeval/io/explanation_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

namespace supeval::io {
namespace {

core::Period H1() { return *core::ParsePeriod("2026-H1"); }

core::Decimal Q(std::string_view text) { return core::ParseDecimal(text).value.value_or(core::Decimal()); }

// An evaluated supplier with one commodity and one worst delivery.
core::Explanation Explained() {
  core::Explanation e;
  core::SupplierResult& r = e.result;
  r.supplier_id = "S1";
  r.name = "Supplier one";
  r.status = core::EvaluationStatus::kEvaluated;
  r.deliveries = r.series_deliveries = 3;
  r.ppm = r.qz1 = r.qz2 = r.qz3 = r.qz = r.lz1 = r.lz2 = r.lz = r.total = 90;
  r.grade_class = "A";
  e.reference_date = H1().last;
  core::CommodityExplanation commodity;
  commodity.commodity = "M310";
  commodity.b = 4;
  commodity.series_deliveries = 3;
  commodity.delivered_micros = 3'000'000'000;
  commodity.ppm = 0;
  commodity.qz2 = 100;
  e.commodities.push_back(commodity);
  core::DeliveryDeviation deviation;
  deviation.id = "D1";
  deviation.due_date = deviation.receipt_date = H1().first + 10;
  deviation.due_qty = deviation.received_qty = Q("1000");
  deviation.lz1_points = deviation.lz2_points = 100;
  e.worst_by_date.push_back(deviation);
  e.worst_by_quantity.push_back(deviation);
  e.lz1_points_count[100] = 3;
  e.lz2_points_count[100] = 3;
  return e;
}

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// The line of `text` that starts (after spaces) with `first`.
std::string LineStartingWith(const std::string& text, const std::string& first) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto words = Words(line);
    if (!words.empty() && words[0] == first) return line;
  }
  return "";
}

TEST(ExplanationText, ColumnsStayApartWhateverTheWidths) {
  core::Explanation e = Explained();
  core::CommodityExplanation& c = e.commodities[0];
  c.commodity = "M310-LONG-COMMODITY";
  c.b = 0.123456;
  c.series_deliveries = 123456789012;
  c.delivered_micros = static_cast<core::Int128>(9'999'999'999'999'999) * 1'000'000'000 + 999'999'999;
  c.defective = static_cast<core::Int128>(1'234'567'890'123'456'789) * 1'000'000'000;
  c.ppm = 1e9;
  c.qz2 = 1;
  core::DeliveryDeviation& d = e.worst_by_quantity[0];
  d.id = "D-A-VERY-LONG-DELIVERY-ID-0001";
  d.due_qty = Q("8999999999999.999999");
  d.received_qty = Q("1234567890123.123456");
  d.percent = -87.65432;
  e.worst_by_date[0].id = d.id;
  const std::string text = WriteExplanationText(e, H1(), core::DefaultRuleSet());
  EXPECT_EQ(Words(LineStartingWith(text, "M310-LONG-COMMODITY")),
            (std::vector<std::string>{"M310-LONG-COMMODITY", "0.123456", "123456789012", "9999999999999999999.999999",
                                      "12345678901234.56789", "1000000000.0", "1.0"}))
      << text;
  EXPECT_EQ(
      Words(LineStartingWith(text, "D-A-VERY-LONG-DELIVERY-ID-0001")),
      (std::vector<std::string>{"D-A-VERY-LONG-DELIVERY-ID-0001", "2026-01-11", "2026-01-11", "on", "time", "100"}))
      << text;
  std::istringstream in(text);
  std::size_t seen = 0;
  for (std::string line; std::getline(in, line);) {
    if (Words(line).empty() || Words(line)[0] != "D-A-VERY-LONG-DELIVERY-ID-0001") continue;
    if (++seen == 2) {
      EXPECT_EQ(Words(line), (std::vector<std::string>{"D-A-VERY-LONG-DELIVERY-ID-0001", "8999999999999.999999",
                                                       "1234567890123.123456", "-87.65", "%", "100"}))
          << text;
    }
  }
  EXPECT_EQ(seen, 2U) << text;
}

TEST(ExplanationText, ATinyDeviationKeepsItsSign) {
  core::Explanation e = Explained();
  core::DeliveryDeviation& d = e.worst_by_quantity[0];
  d.due_qty = Q("1000000000000");
  d.received_qty = Q("999999999999.999999");
  d.percent = -1e-16;
  const std::string under = WriteExplanationText(e, H1(), core::DefaultRuleSet());
  EXPECT_EQ(Words(LineStartingWith(under, "D1")).size(), 6U);  // the date table's line comes first
  std::istringstream in(under);
  std::string quantity_line;
  for (std::string line; std::getline(in, line);) {
    if (line.find("999999999999.999999") != std::string::npos) quantity_line = line;
  }
  EXPECT_NE(quantity_line.find("-<0.01 %"), std::string::npos) << under;
  EXPECT_EQ(quantity_line.find('+'), std::string::npos) << under;

  d.received_qty = Q("1000000000000.000001");
  d.percent = 1e-16;
  EXPECT_NE(WriteExplanationText(e, H1(), core::DefaultRuleSet()).find("+<0.01 %"), std::string::npos);
  d.received_qty = d.due_qty;
  d.percent = 0;
  const std::string none = WriteExplanationText(e, H1(), core::DefaultRuleSet());
  EXPECT_NE(none.find(" 0.00 %"), std::string::npos) << none;
  d.received_qty = Q("1000000000010");
  d.percent = 1e-9;  // rounds to 0.00, still more
  EXPECT_NE(WriteExplanationText(e, H1(), core::DefaultRuleSet()).find("+<0.01 %"), std::string::npos);
  d.percent = -0.005;  // a half: shown -0.01
  EXPECT_NE(WriteExplanationText(e, H1(), core::DefaultRuleSet()).find("-0.01 %"), std::string::npos);
}

TEST(ExplanationJson, FiguresAreTheExactValuesRounded) {
  core::Explanation e = Explained();
  e.result.ppm = 8703.349996666667;  // 26110.04999 of 3,000,000
  e.commodities[0].ppm = 1e9;
  e.worst_by_quantity[0].percent = -1e-16;
  const auto json = nlohmann::json::parse(WriteExplanationJson(e, H1(), core::DefaultRuleSet()));
  EXPECT_EQ(json["scores"]["ppm"].get<double>(), 8703.349997);
  EXPECT_EQ(json["qz2"]["commodities"][0]["ppm"].get<double>(), 1e9);
  const double percent = json["lz2"]["worst_deliveries"][0]["percent"].get<double>();
  EXPECT_EQ(percent, 0);
  EXPECT_TRUE(std::signbit(percent));  // -0.0: an under-delivery
}

TEST(ExplanationText, ValuesFromTheDataCannotDriveTheTerminal) {
  core::Explanation e = Explained();
  e.result.name = "Evil\x1b[2J\nCorp";
  e.result.warnings = {"commodity M\x1b]0;owned\x07 is not in the B table"};
  e.commodities[0].commodity = "M\x1b[31m";
  e.worst_by_quantity[0].id = "D\r1";
  core::ComplaintExplanation complaint;
  complaint.id = "K\n1";
  complaint.delivery_id =
      "D\xc2\x9b"
      "1";  // U+009B, the one-character CSI
  complaint.notes = {"note\nsplit"};
  e.complaints.push_back(complaint);
  const std::string text = WriteExplanationText(e, H1(), core::DefaultRuleSet());
  for (const char control : {'\x1b', '\r', '\x07'}) EXPECT_EQ(text.find(control), std::string::npos) << text;
  EXPECT_NE(text.find("Supplier S1 - Evil\\x1b[2J\\nCorp\n"), std::string::npos) << text;
  EXPECT_NE(text.find("M\\x1b[31m"), std::string::npos) << text;
  EXPECT_NE(text.find("K\\n1"), std::string::npos) << text;
  EXPECT_NE(text.find("D\\u009b1"), std::string::npos) << text;
  EXPECT_NE(text.find("note\\nsplit"), std::string::npos) << text;
  EXPECT_NE(text.find("D\\r1"), std::string::npos) << text;
  // JSON escapes as JSON does: the name reads back as it was.
  const auto json = nlohmann::json::parse(WriteExplanationJson(e, H1(), core::DefaultRuleSet()));
  EXPECT_EQ(json["name"], "Evil\x1b[2J\nCorp");
}

}  // namespace
}  // namespace supeval::io
