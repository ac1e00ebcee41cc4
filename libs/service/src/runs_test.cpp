// Published runs against SQLite and PostgreSQL: a run records its rule set,
// batches and results; after later imports and hold changes have changed the
// data, --as-of reproduces it exactly from the kept history; a diff names the
// suppliers that changed and the records that explain it.
#include "supeval/service/runs.hpp"

#include <gtest/gtest.h>

#include "service_test_support.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/io/rules_toml.hpp"
#include "supeval/service/holds.hpp"
#include "supeval/service/import.hpp"

namespace supeval::service {
namespace {

using testing::StoreServiceTest;
namespace fs = std::filesystem;

class RunsTest : public StoreServiceTest {
 protected:
  void Import(const fs::path& folder) { ImportFolder(folder); }

  core::Result<StoreEvaluateOutcome> Evaluate(bool publish, std::optional<store::RunId> as_of = std::nullopt) {
    StoreEvaluateRequest request;
    request.db_url = url();
    if (!as_of) request.period = "2026-H1";
    request.as_of_run = as_of;
    request.publish = publish;
    request.user = "publisher";
    request.created_at = "2026-07-02T07:00:00Z";
    return EvaluateStore(request);
  }

  static std::string Csv(const StoreEvaluateOutcome& outcome) {
    return io::WriteResultsCsv(outcome.evaluation.results, outcome.period);
  }
};

TEST_P(RunsTest, APublishedRunIsReproducedExactlyAfterTheDataChanged) {
  const fs::path folder = Generate("data");
  Import(folder);
  auto first = Evaluate(true);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_EQ(first->published_run, 1);
  const std::string published_csv = Csv(*first);

  // Later: changed deliveries and a complaint, a new hold from the command line.
  testing::SetField(folder / "deliveries.csv", 5, "received_qty", "1");
  testing::SetField(folder / "deliveries.csv", 6, "receipt_date", "2026-06-30");
  testing::SetField(folder / "complaints.csv", 1, "justified", "no");
  Import(folder);
  HoldRequest hold;
  hold.db_url = url();
  hold.supplier_id = "S00002";
  hold.on = *core::Date::Parse("2026-05-01");
  hold.why = "PPAP rejected";
  hold.user = "qa";
  hold.created_at = "2026-07-03T08:00:00Z";
  ASSERT_TRUE(ImposeHold(hold).ok());
  auto second = Evaluate(true);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  ASSERT_EQ(second->published_run, 2);
  ASSERT_NE(Csv(*second), published_csv) << "the later changes must change some result";

  auto again = Evaluate(false, 1);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(again->differences.empty()) << again->differences.front();
  EXPECT_EQ(again->as_of_batch, 1);
  EXPECT_EQ(Csv(*again), published_csv);
  auto stored = ShowRun(url(), 1);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(io::WriteResultsCsv(stored->run.results, stored->period), published_csv);
  auto latest = Evaluate(false, 2);
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(latest->differences.empty());
  EXPECT_EQ(latest->as_of_batch, 3);
}

TEST_P(RunsTest, ARunRecordsItsRulesBatchesAndResults) {
  Import(Generate("data"));
  auto published = Evaluate(true);
  ASSERT_TRUE(published.ok());
  auto details = ShowRun(url(), *published->published_run);
  ASSERT_TRUE(details.ok()) << details.error().ToString();
  const store::RunRecord& run = details->run;
  EXPECT_EQ(run.summary.period, "2026-H1");
  EXPECT_EQ(run.summary.user, "publisher");
  EXPECT_EQ(run.summary.created_at, "2026-07-02T07:00:00Z");
  EXPECT_EQ(run.summary.rules_sha256, RuleSetSha256(core::DefaultRuleSet()));
  EXPECT_EQ(run.summary.rules_sha256.size(), 64U);
  auto rules = io::ParseRuleSetToml(run.rules_toml, "run");
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(*rules, core::DefaultRuleSet());
  EXPECT_EQ(run.batches, std::vector<store::BatchId>{1});
  ASSERT_EQ(details->batches.size(), 1U);
  EXPECT_EQ(details->batches[0].user, "importer");
  EXPECT_EQ(run.results.size(), 20U);
  auto runs = ListRuns(url());
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1U);
  EXPECT_EQ((*runs)[0].suppliers, 20);
  EXPECT_NE(WriteRunText(*details).find("sha256 " + run.summary.rules_sha256), std::string::npos);
  EXPECT_NE(WriteRunJson(*details).find("\"rules_sha256\""), std::string::npos);
}

TEST_P(RunsTest, ADiffNamesTheChangedSuppliersAndTheRecordsBehindIt) {
  const fs::path folder = Generate("data");
  Import(folder);
  ASSERT_TRUE(Evaluate(true).ok());
  // Every delivery of one supplier far too late: its LZ1 must drop.
  const std::string supplier = testing::GetField(folder / "deliveries.csv", 1, "supplier_id");
  const auto lines = testing::ReadLines(folder / "deliveries.csv");
  std::string changed_delivery;
  for (std::size_t row = 1; row < lines.size(); ++row) {
    if (testing::GetField(folder / "deliveries.csv", row, "supplier_id") != supplier) continue;
    testing::SetField(folder / "deliveries.csv", row, "receipt_date", "2026-06-30");
    if (changed_delivery.empty()) changed_delivery = testing::GetField(folder / "deliveries.csv", row, "delivery_id");
  }
  Import(folder);
  ASSERT_TRUE(Evaluate(true).ok());
  auto diff = DiffRuns(url(), 1, 2);
  ASSERT_TRUE(diff.ok()) << diff.error().ToString();
  EXPECT_TRUE(diff->same_rules);
  const auto found = std::find_if(diff->suppliers.begin(), diff->suppliers.end(),
                                  [&](const SupplierChange& c) { return c.supplier_id == supplier; });
  ASSERT_NE(found, diff->suppliers.end());
  ASSERT_TRUE(found->before && found->after);
  EXPECT_NE(found->before->lz1, found->after->lz1);
  ASSERT_TRUE(found->total_delta.has_value());
  EXPECT_LT(*found->total_delta, 0);
  EXPECT_GT(found->records_total, 0);
  ASSERT_FALSE(found->records.empty());
  EXPECT_EQ(found->records.front().table, "deliveries");
  EXPECT_FALSE(found->records.front().before.empty());
  const std::string text = WriteRunDiffText(*diff);
  EXPECT_NE(text.find(supplier), std::string::npos);
  EXPECT_NE(text.find("receipt_date"), std::string::npos) << text;
  EXPECT_NE(WriteRunDiffJson(*diff).find("\"total_delta\""), std::string::npos);
  EXPECT_EQ(diff->suppliers.size() + static_cast<std::size_t>(diff->unchanged_suppliers), 20U);
}

// Given the later run first, the diff goes from it to the earlier one: the
// score change and the records that explain it point the same way.
TEST_P(RunsTest, ADiffWithTheLaterRunFirstGoesBackRecordsAndAll) {
  const fs::path folder = Generate("data");
  Import(folder);
  ASSERT_TRUE(Evaluate(true).ok());
  const std::string supplier = testing::GetField(folder / "deliveries.csv", 1, "supplier_id");
  const std::string first_receipt = testing::GetField(folder / "deliveries.csv", 1, "receipt_date");
  testing::SetField(folder / "deliveries.csv", 1, "receipt_date", "2026-06-30");
  Import(folder);
  ASSERT_TRUE(Evaluate(true).ok());
  auto forward = DiffRuns(url(), 1, 2);
  auto backward = DiffRuns(url(), 2, 1);
  ASSERT_TRUE(forward.ok() && backward.ok());
  EXPECT_FALSE(RecordsGoBack(*forward));
  EXPECT_TRUE(RecordsGoBack(*backward));
  auto change_of = [&](const RunDiff& diff) {
    return std::find_if(diff.suppliers.begin(), diff.suppliers.end(),
                        [&](const SupplierChange& c) { return c.supplier_id == supplier; });
  };
  const auto there = change_of(*forward);
  const auto back = change_of(*backward);
  ASSERT_NE(there, forward->suppliers.end());
  ASSERT_NE(back, backward->suppliers.end());
  ASSERT_TRUE(there->total_delta && back->total_delta);
  EXPECT_EQ(*back->total_delta, -*there->total_delta);
  ASSERT_EQ(back->records.size(), 1U);
  const store::RecordChange& record = back->records.front();
  auto receipt = [](const std::vector<std::pair<std::string, std::string>>& columns) {
    for (const auto& [name, value] : columns) {
      if (name == "receipt_date") return value;
    }
    return std::string("(none)");
  };
  EXPECT_EQ(receipt(record.before), "2026-06-30");  // as run 2 saw it
  EXPECT_EQ(receipt(record.after), first_receipt);  // as run 1 saw it
  ASSERT_EQ(there->records.size(), 1U);
  EXPECT_EQ(receipt(there->records.front().after), "2026-06-30");
  EXPECT_NE(WriteRunDiffText(*backward).find("receipt_date 2026-06-30 -> " + first_receipt), std::string::npos)
      << WriteRunDiffText(*backward);
}

// On an open store, with a rule set read already (the server's --rules):
// the run records that rule set, and its audit entry is written with it.
TEST_P(RunsTest, APublicationOnAnOpenStoreRecordsItsRulesAndItsAuditEntry) {
  Import(Generate("data"));
  auto rules = io::ParseRuleSetToml("[eligibility]\nmin_deliveries = 0\n", "lenient.toml");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  auto db = store::OpenStore(url());
  ASSERT_TRUE(db.ok()) << db.error().ToString();
  StoreEvaluateRequest request;
  request.period = "2026-H1";
  request.rules = *rules;
  request.publish = true;
  request.user = "quality-lead";
  request.created_at = "2026-07-02T07:00:00Z";
  request.address = "192.0.2.7";
  auto outcome = EvaluateStore(**db, request);
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  ASSERT_EQ(outcome->published_run, 1);
  auto run = (*db)->ReadRun(1);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->summary.rules_sha256, RuleSetSha256(*rules));
  EXPECT_NE(run->summary.rules_sha256, RuleSetSha256(core::DefaultRuleSet()));
  store::AuditFilter filter;
  filter.action = "run.publish";
  auto audit = (*db)->accounts().ListAudit(filter);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1U);
  EXPECT_EQ((*audit)[0].target, "1");
  EXPECT_EQ((*audit)[0].user, "quality-lead");
  EXPECT_EQ((*audit)[0].address, std::optional<std::string>("192.0.2.7"));
  EXPECT_NE((*audit)[0].after->find(R"("period":"2026-H1")"), std::string::npos) << *(*audit)[0].after;

  request.rules_file = "lenient.toml";  // a file and a rule set: the caller's mistake
  EXPECT_EQ(EvaluateStore(**db, request).error().code, core::ErrorCode::kInternal);
}

TEST_P(RunsTest, RequestsThatCannotBeHonouredAreRefused) {
  auto empty = Evaluate(true);
  ASSERT_FALSE(empty.ok());
  if (GetParam() == store::Backend::kSqlite) {
    EXPECT_NE(empty.error().message.find("no database at"), std::string::npos) << empty.error().message;
  } else {
    EXPECT_NE(empty.error().message.find("holds no imported data yet"), std::string::npos) << empty.error().message;
  }
  Import(Generate("data"));
  ASSERT_TRUE(Evaluate(true).ok());
  StoreEvaluateRequest request;
  request.db_url = url();
  request.as_of_run = 1;
  request.period = "2026-H1";
  EXPECT_FALSE(EvaluateStore(request).ok());
  request.period.clear();
  request.publish = true;
  EXPECT_FALSE(EvaluateStore(request).ok());
  request.publish = false;
  request.as_of_run = 9;
  auto unknown = EvaluateStore(request);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("no published run 9"), std::string::npos);
  EXPECT_FALSE(DiffRuns(url(), 1, 9).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, RunsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
