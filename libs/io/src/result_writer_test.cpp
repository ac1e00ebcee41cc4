// The result formats: the spec's CSV columns and one-decimal rounding, JSON
// nulls, the ranked table.
#include "supeval/io/result_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "supeval/core/figures.hpp"

namespace supeval::io {
namespace {

core::SupplierResult Evaluated(std::string id, double total) {
  core::SupplierResult r;
  r.supplier_id = std::move(id);
  r.name = "Name, with comma";
  r.status = core::EvaluationStatus::kEvaluated;
  r.deliveries = 10;
  r.series_deliveries = 9;
  r.sample_deliveries = 1;
  r.complaints = 1;
  r.ppm = 123.45;
  r.qz1 = 1;
  r.qz2 = 89.95;
  r.qz3 = 100;
  r.qz = 50.25;
  r.lz1 = 99.99;
  r.lz2 = 100;
  r.lz = 99.995;
  r.total = total;
  r.grade_class = "C";
  r.warnings = {"first", "second"};
  return r;
}

core::Period H1() { return *core::ParsePeriod("2026-H1"); }

TEST(ResultWriter, CsvHasTheSpecColumnsSortedByIdWithOneDecimal) {
  core::SupplierResult not_evaluated;
  not_evaluated.supplier_id = "A0";
  not_evaluated.name = "Tiny";
  not_evaluated.reason = "fewer than 3 deliveries in the period (2)";
  not_evaluated.deliveries = 2;
  const std::string csv = WriteResultsCsv({Evaluated("B1", 67.6), not_evaluated}, H1());
  EXPECT_EQ(csv,
            "supplier_id,name,period,status,reason,deliveries,series_deliveries,sample_deliveries,complaints,"
            "sample_complaints,ppm,qz1,qz2,qz3,qz4,qz,lz1,lz2,lz,total,class,warnings\n"
            "A0,Tiny,2026-H1,not_evaluated,fewer than 3 deliveries in the period (2),2,0,0,0,0,,,,,,,,,,,,\n"
            "B1,\"Name, with comma\",2026-H1,evaluated,,10,9,1,1,0,123.5,1.0,90.0,100.0,,50.3,100.0,100.0,100.0,"
            "67.6,C,first; second\n");
}

TEST(ResultWriter, FormatScoreRoundsHalfAwayFromZero) {
  EXPECT_EQ(FormatScore(89.95), "90.0");
  EXPECT_EQ(FormatScore(89.94999), "89.9");
  EXPECT_EQ(FormatScore(0.05), "0.1");
  EXPECT_EQ(FormatScore(std::nullopt), "");
  EXPECT_EQ(FormatScore(-0.04), "-0.0");            // as printf shows a negative zero
  EXPECT_EQ(FormatScore(1e6 + 0.25), "1000000.3");  // the largest ppm there can be, and a half
}

// The score is printed exactly as printf's "%.1f" prints the rounded value, for
// scores, ppm and their halves.
TEST(ResultWriter, FormatScorePrintsAsPrintfDoes) {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> scores(-5.0, 1e6);
  std::uniform_real_distribution<double> exponents(-3.0, 17.0);  // past where whole tenths are written directly
  for (int i = 0; i < 240000; ++i) {
    const double value = i < 20000    ? i * 0.05
                         : i < 200000 ? scores(random)
                                      : (i % 2 == 0 ? -1 : 1) * std::pow(10.0, exponents(random));
    char expected[64];
    std::snprintf(expected, sizeof expected, "%.1f", core::RoundHalfAwayFromZero(value, 1));
    ASSERT_EQ(FormatScore(value), expected) << value;
  }
}

TEST(ResultWriter, JsonUsesNullForEmptyScores) {
  const auto json = nlohmann::json::parse(WriteResultsJson({Evaluated("B1", 67.6)}, H1()));
  EXPECT_EQ(json["period"]["from"], "2026-01-01");
  EXPECT_EQ(json["period"]["to"], "2026-06-30");
  const auto& row = json["results"][0];
  EXPECT_TRUE(row["qz4"].is_null());
  EXPECT_DOUBLE_EQ(row["qz2"].get<double>(), 90.0);
  EXPECT_EQ(row["class"], "C");
  EXPECT_EQ(row["warnings"].size(), 2U);
}

TEST(ResultWriter, TheApiRowHasFullPrecisionAndNullNotEmpty) {
  core::SupplierResult r = Evaluated("B1", 67.649999);
  const auto api = ResultRowJson(r, "2026-H1", ResultJsonForm::kApi);
  EXPECT_DOUBLE_EQ(api["qz2"].get<double>(), 89.95);  // not rounded to 90.0
  EXPECT_DOUBLE_EQ(api["total"].get<double>(), 67.649999);
  EXPECT_TRUE(api["reason"].is_null());  // never ""
  EXPECT_TRUE(api["qz4"].is_null());
  EXPECT_TRUE(api["deliveries"].is_number_integer());
  EXPECT_EQ(api["period"], "2026-H1");
  const auto cli = ResultRowJson(r, "2026-H1", ResultJsonForm::kCommandLine);
  EXPECT_DOUBLE_EQ(cli["qz2"].get<double>(), 90.0);  // the command line's JSON is unchanged
  EXPECT_EQ(cli["reason"], "");
  r = core::SupplierResult{};
  r.supplier_id = "B2";
  r.reason = "no series deliveries";
  const auto not_evaluated = ResultRowJson(r, "2026-H1", ResultJsonForm::kApi);
  EXPECT_EQ(not_evaluated["status"], "not_evaluated");
  EXPECT_EQ(not_evaluated["reason"], "no series deliveries");
  EXPECT_TRUE(not_evaluated["class"].is_null());
  EXPECT_TRUE(not_evaluated["total"].is_null());
  EXPECT_TRUE(not_evaluated["warnings"].is_array());
}

TEST(ResultWriter, TableRanksByTotal) {
  const std::string table = WriteResultsTable({Evaluated("B1", 67.6), Evaluated("C2", 91.0)}, H1());
  const auto first = table.find("C2");
  const auto second = table.find("B1");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
}

TEST(ResultWriter, TableShowsControlCharactersAsEscapes) {
  core::SupplierResult evil = Evaluated("E\n1", 80.0);
  evil.name = "Evil\x1b[2J\nCorp";
  core::SupplierResult later = Evaluated("N1", 70.0);
  later.status = core::EvaluationStatus::kNotEvaluated;
  later.reason = "reason\rsplit";
  const std::string table = WriteResultsTable({evil, later}, H1());
  EXPECT_EQ(table.find('\x1b'), std::string::npos) << table;
  EXPECT_EQ(table.find('\r'), std::string::npos) << table;
  EXPECT_NE(table.find("E\\n1"), std::string::npos) << table;
  EXPECT_NE(table.find("Evil\\x1b[2J\\nCorp"), std::string::npos) << table;
  EXPECT_NE(table.find("reason\\rsplit"), std::string::npos) << table;
  // CSV keeps the bytes (quoted as RFC 4180 says), JSON escapes as JSON does.
  const std::string csv = WriteResultsCsv({evil}, H1());
  EXPECT_NE(csv.find("\"E\n1\",\"Evil\x1b[2J\nCorp\""), std::string::npos) << csv;
  EXPECT_EQ(nlohmann::json::parse(WriteResultsJson({evil}, H1()))["results"][0]["name"], "Evil\x1b[2J\nCorp");
}

}  // namespace
}  // namespace supeval::io
