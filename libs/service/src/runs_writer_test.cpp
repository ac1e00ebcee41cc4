// The renderings of runs, batches and holds for the terminal: the change of a
// total is the difference of the two figures shown, and values from the data
// (names, users, why) are shown with their control characters escaped.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "supeval/io/result_writer.hpp"
#include "supeval/service/holds.hpp"
#include "supeval/service/runs.hpp"

namespace supeval::service {
namespace {

core::SupplierResult WithTotal(double total) {
  core::SupplierResult r;
  r.supplier_id = "S1";
  r.name = "Supplier one";
  r.status = core::EvaluationStatus::kEvaluated;
  r.total = total;
  r.grade_class = "A";
  return r;
}

RunDiff DiffOfTotals(double before, double after) {
  RunDiff diff;
  diff.a.id = 1;
  diff.b.id = 2;
  SupplierChange change;
  change.supplier_id = "S1";
  change.name = "Supplier one";
  change.before = WithTotal(before);
  change.after = WithTotal(after);
  change.total_delta = after - before;
  diff.suppliers.push_back(change);
  return diff;
}

double JsonDelta(const RunDiff& diff) {
  return nlohmann::json::parse(WriteRunDiffJson(diff))["suppliers"][0]["total_delta"].get<double>();
}

TEST(RunDiffText, TheDeltaIsTheDifferenceOfTheFiguresShown) {
  // 99.66 -> 93.24 is shown 99.7 -> 93.2: the change shown is -6.5, not the
  // -6.42 of the unrounded totals (shown -6.4 before).
  const RunDiff diff = DiffOfTotals(99.66, 93.24);
  const std::string text = WriteRunDiffText(diff);
  EXPECT_NE(text.find("total 99.7 -> 93.2 (-6.5)"), std::string::npos) << text;
  EXPECT_EQ(JsonDelta(diff), -6.5);
  EXPECT_NE(WriteRunDiffText(DiffOfTotals(89.95, 90.04)).find("total 90.0 -> 90.0 (+0.0)"), std::string::npos);
  EXPECT_NE(WriteRunDiffText(DiffOfTotals(80.04, 79.96)).find("total 80.0 -> 80.0 (-0.0)"), std::string::npos);
  EXPECT_TRUE(std::signbit(JsonDelta(DiffOfTotals(80.04, 79.96))));
  EXPECT_NE(WriteRunDiffText(DiffOfTotals(79.94, 80.05)).find("total 79.9 -> 80.1 (+0.2)"), std::string::npos);
}

TEST(RunTexts, ValuesFromTheDataAreShownEscaped) {
  RunDiff diff = DiffOfTotals(90, 80);
  diff.a.user = "mallory\x1b[2J";
  diff.suppliers[0].name = "Evil\nCorp";
  diff.suppliers[0].after->grade_class = "B\x1b[5m";
  store::RecordChange record;
  record.table = "suppliers";
  record.key = "S1";
  record.before = {{"supplier_id", "S1"}, {"name", "Good"}};
  record.after = {{"supplier_id", "S1"}, {"name", "Evil\nCorp"}};
  diff.suppliers[0].records.push_back(record);
  const std::string text = WriteRunDiffText(diff);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("S1 Evil\\nCorp: total"), std::string::npos) << text;
  EXPECT_NE(text.find("name Good -> Evil\\nCorp"), std::string::npos) << text;

  RunDetails details;
  details.run.summary.user = "mallory\x1b[2J";
  details.run.summary.rules_name = "rules\nfake line";
  details.period = *core::ParsePeriod("2026-H1");
  details.run.results = {WithTotal(90)};
  details.run.results[0].name = "Evil\x1b[2J\nCorp";
  store::BatchInfo batch;
  batch.user = "importer\r";
  batch.source = "/data/\x1b[31mred";
  details.batches.push_back(batch);
  const std::string shown = WriteRunText(details);
  EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
  EXPECT_EQ(shown.find('\r'), std::string::npos) << shown;
  EXPECT_NE(shown.find("rule set: rules\\nfake line,"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Evil\\x1b[2J\\nCorp"), std::string::npos) << shown;

  batch.comment = "because\nreasons";
  EXPECT_NE(WriteBatchText(batch).find("why: because\\nreasons\n"), std::string::npos);
  EXPECT_NE(WriteBatchesTable({batch}).find("because\\nreasons"), std::string::npos);
  store::StoredHold hold;
  hold.key.supplier_id = "S\x1b[2J1";
  hold.why = "late\nagain";
  const std::string holds = WriteHoldsTable({hold});
  EXPECT_EQ(holds.find('\x1b'), std::string::npos) << holds;
  EXPECT_NE(holds.find("late\\nagain"), std::string::npos) << holds;
}

// A run or result stored before supeval refused text that is not UTF-8
// (issue 19: a published run could never be shown as JSON again).
TEST(RunJson, TextStoredInAnotherEncodingIsShownNotRefused) {
  RunDetails details;
  details.run.summary.user = "m\xfcller";
  details.period = *core::ParsePeriod("2026-H1");
  details.run.results = {WithTotal(90)};
  details.run.results[0].name =
      "Gie\xdf"
      "erei";
  const auto run = nlohmann::json::parse(WriteRunJson(details));
  EXPECT_EQ(run.dump().find("\xfc"), std::string::npos);
  EXPECT_NE(run.dump().find("m\xef\xbf\xbdller"), std::string::npos) << run.dump();  // U+FFFD
  EXPECT_TRUE(nlohmann::json::accept(WriteRunsJson({details.run.summary})));
  EXPECT_TRUE(nlohmann::json::accept(io::WriteResultsJson(details.run.results, details.period)));
}

}  // namespace
}  // namespace supeval::service
