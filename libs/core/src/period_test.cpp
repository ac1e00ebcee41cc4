// Tests of ParsePeriod (spec "Period and records": named periods and explicit
// closed ranges; the reference date is the last day).
#include "supeval/core/period.hpp"

#include <gtest/gtest.h>

#include <string>

namespace supeval::core {
namespace {

Date D(int year, int month, int day) { return Date::FromCivil(year, month, day); }

void ExpectPeriod(std::string_view text, Date first, Date last) {
  const Result<Period> period = ParsePeriod(text);
  ASSERT_TRUE(period.ok()) << text << ": " << period.error().ToString();
  EXPECT_EQ(period->first, first) << text;
  EXPECT_EQ(period->last, last) << text;
  EXPECT_EQ(period->label, text);
}

TEST(Period, HalfYears) {
  ExpectPeriod("2026-H1", D(2026, 1, 1), D(2026, 6, 30));
  ExpectPeriod("2026-H2", D(2026, 7, 1), D(2026, 12, 31));
  ExpectPeriod("2024-H1", D(2024, 1, 1), D(2024, 6, 30));
}

TEST(Period, Quarters) {
  ExpectPeriod("2026-Q1", D(2026, 1, 1), D(2026, 3, 31));
  ExpectPeriod("2026-Q2", D(2026, 4, 1), D(2026, 6, 30));
  ExpectPeriod("2026-Q3", D(2026, 7, 1), D(2026, 9, 30));
  ExpectPeriod("2026-Q4", D(2026, 10, 1), D(2026, 12, 31));
}

TEST(Period, WholeYear) { ExpectPeriod("2026", D(2026, 1, 1), D(2026, 12, 31)); }

TEST(Period, Months) {
  ExpectPeriod("2026-03", D(2026, 3, 1), D(2026, 3, 31));
  ExpectPeriod("2026-02", D(2026, 2, 1), D(2026, 2, 28));
  ExpectPeriod("2024-02", D(2024, 2, 1), D(2024, 2, 29));
  ExpectPeriod("2026-04", D(2026, 4, 1), D(2026, 4, 30));
  ExpectPeriod("2026-12", D(2026, 12, 1), D(2026, 12, 31));
  ExpectPeriod("2026-01", D(2026, 1, 1), D(2026, 1, 31));
}

TEST(Period, ExplicitRange) {
  ExpectPeriod("2026-01-01..2026-03-31", D(2026, 1, 1), D(2026, 3, 31));
  ExpectPeriod("2025-12-15..2026-02-10", D(2025, 12, 15), D(2026, 2, 10));
  ExpectPeriod("2026-05-05..2026-05-05", D(2026, 5, 5), D(2026, 5, 5));
}

TEST(Period, ReversedRangeIsAnError) {
  const Result<Period> period = ParsePeriod("2026-03-31..2026-01-01");
  ASSERT_FALSE(period.ok());
  EXPECT_EQ(period.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(period.error().location.field, "period");
  EXPECT_NE(period.error().message.find("ends before it starts"), std::string::npos);
  EXPECT_FALSE(ParsePeriod("2026-01-02..2026-01-01").ok());
}

TEST(Period, GarbageIsAnError) {
  for (const char* text : {"",
                           "2026-H3",
                           "2026-H0",
                           "2026-h1",
                           "2026-Q0",
                           "2026-Q5",
                           "2026-q1",
                           "2026-13",
                           "2026-00",
                           "2026-1",
                           "26-H1",
                           "H1-2026",
                           "2026-H1 ",
                           " 2026",
                           "0999",
                           "202",
                           "20266",
                           "abcd",
                           "2026-",
                           "2026-H",
                           "2026-01-01..",
                           "..2026-01-01",
                           "..",
                           "2026-01-01..2026-02-30",
                           "2026-01-01...2026-02-01",
                           "2026-01-01-2026-02-01",
                           "2026-H1..2026-H2",
                           "2026-01-01..2026-02-01..2026-03-01"}) {
    const Result<Period> period = ParsePeriod(text);
    EXPECT_FALSE(period.ok()) << "'" << text << "'";
    if (!period.ok()) {
      EXPECT_EQ(period.error().code, ErrorCode::kBadInput) << text;
      EXPECT_EQ(period.error().location.field, "period") << text;
    }
  }
  const Result<Period> bad = ParsePeriod("2026-H3");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("2026-H1"), std::string::npos);  // lists the forms
}

TEST(Period, ContainsIsClosedAndReferenceDateIsTheLastDay) {
  const Result<Period> period = ParsePeriod("2026-H1");
  ASSERT_TRUE(period.ok());
  EXPECT_TRUE(period->Contains(D(2026, 1, 1)));
  EXPECT_TRUE(period->Contains(D(2026, 6, 30)));
  EXPECT_FALSE(period->Contains(D(2025, 12, 31)));
  EXPECT_FALSE(period->Contains(D(2026, 7, 1)));
  EXPECT_EQ(period->ReferenceDate(), D(2026, 6, 30));
}

}  // namespace
}  // namespace supeval::core
