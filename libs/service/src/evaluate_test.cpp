// The evaluate use case end to end on generated data: validation first, the
// explanation agrees with the result row, and errors come back as kBadInput.
#include "supeval/service/evaluate.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>

#include "supeval/service/generate.hpp"

namespace supeval::service {
namespace {

namespace fs = std::filesystem;

class EvaluateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One folder per process: ctest runs the tests of this suite in parallel.
    dir_ = new fs::path(fs::temp_directory_path() / ("supeval_evaluate_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    GenerateOptions options;
    options.out_dir = *dir_;
    options.suppliers = 25;
    options.deliveries = 4000;
    options.seed = 11;
    ASSERT_TRUE(GenerateDataset(options).ok());
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static fs::path* dir_;
};

fs::path* EvaluateTest::dir_ = nullptr;

TEST_F(EvaluateTest, EvaluatesEverySupplier) {
  auto outcome = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::nullopt, 0});
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(outcome->evaluation.results.size(), 25U);
  EXPECT_FALSE(outcome->evaluation.explanation.has_value());
  std::int64_t deliveries = 0;
  for (const core::SupplierResult& r : outcome->evaluation.results) {
    deliveries += r.deliveries;
    if (r.status == core::EvaluationStatus::kEvaluated) {
      ASSERT_TRUE(r.total.has_value());
      EXPECT_GE(*r.total, 1.0);
      EXPECT_LE(*r.total, 100.0);
    }
  }
  EXPECT_GT(deliveries, 3000);
}

TEST_F(EvaluateTest, ExplanationMatchesTheResultRow) {
  auto plain = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::nullopt, 0});
  auto traced = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::string("S00001"), 0});
  ASSERT_TRUE(plain.ok() && traced.ok());
  ASSERT_TRUE(traced->evaluation.explanation.has_value());
  const core::Explanation& e = *traced->evaluation.explanation;
  EXPECT_EQ(e.result.supplier_id, "S00001");
  EXPECT_EQ(e.result.total, plain->evaluation.results[0].total);
  std::int64_t counted = 0;
  for (const auto& [points, count] : e.lz1_points_count) counted += count;
  EXPECT_EQ(counted, e.result.deliveries);
}

TEST_F(EvaluateTest, BadPeriodRulesAndSupplierAreBadInput) {
  auto period = EvaluateDataset({*dir_, "2026-H9", std::nullopt, std::nullopt, 0});
  ASSERT_FALSE(period.ok());
  EXPECT_EQ(period.error().code, core::ErrorCode::kBadInput);
  auto rules = EvaluateDataset({*dir_, "2026-H1", fs::path("/nonexistent/rules.toml"), std::nullopt, 0});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.error().code, core::ErrorCode::kBadInput);
  auto supplier = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::string("NOPE"), 0});
  ASSERT_FALSE(supplier.ok());
  EXPECT_NE(supplier.error().message.find("unknown supplier 'NOPE'"), std::string::npos);
}

// The results handed to `use` are EvaluateDataset's, on one thread and on
// two (where the records are freed beside it); on bad input `use` is never
// called.
TEST_F(EvaluateTest, ThenHandsOverTheSameOutcome) {
  auto plain = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::nullopt, 1});
  ASSERT_TRUE(plain.ok());
  for (const int threads : {1, 2}) {
    int uses = 0;
    const core::Status status =
        EvaluateDatasetThen({*dir_, "2026-H1", std::nullopt, std::nullopt, threads}, [&](const EvaluateOutcome& then) {
          ++uses;
          ASSERT_EQ(then.evaluation.results.size(), plain->evaluation.results.size());
          for (std::size_t i = 0; i < then.evaluation.results.size(); ++i) {
            EXPECT_EQ(then.evaluation.results[i].supplier_id, plain->evaluation.results[i].supplier_id);
            EXPECT_EQ(then.evaluation.results[i].total, plain->evaluation.results[i].total);
          }
        });
    EXPECT_TRUE(status.ok()) << threads;
    EXPECT_EQ(uses, 1) << threads;
  }
  int uses = 0;
  const core::Status bad =
      EvaluateDatasetThen({*dir_, "2026-H9", std::nullopt, std::nullopt, 2}, [&](const EvaluateOutcome&) { ++uses; });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(uses, 0);
}

// 50,000 threads aborted the process (and 20,000 took a gigabyte).
TEST_F(EvaluateTest, ThreadsOutsideTheirRangeAreBadInput) {
  for (const int threads : {-1, kMaxThreads + 1, 50'000}) {
    auto outcome = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::nullopt, threads});
    ASSERT_FALSE(outcome.ok()) << threads;
    EXPECT_EQ(outcome.error().code, core::ErrorCode::kBadInput);
    EXPECT_NE(outcome.error().ToString().find("threads: " + std::to_string(threads) + " not in 0..256"),
              std::string::npos)
        << outcome.error().ToString();
  }
  EXPECT_TRUE(EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::nullopt, kMaxThreads}).ok());
  const auto resolved = ResolveThreads(0);
  ASSERT_TRUE(resolved.ok());
  EXPECT_GE(*resolved, 1);
  EXPECT_LE(*resolved, kMaxThreads);
}

}  // namespace
}  // namespace supeval::service

namespace supeval::service {
namespace {

void ExpectSameResults(const core::Evaluation& a, const core::Evaluation& b) {
  ASSERT_EQ(a.results.size(), b.results.size());
  for (std::size_t i = 0; i < a.results.size(); ++i) {
    const core::SupplierResult& x = a.results[i];
    const core::SupplierResult& y = b.results[i];
    EXPECT_EQ(x.supplier_id, y.supplier_id);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.reason, y.reason);
    EXPECT_EQ(std::tie(x.deliveries, x.series_deliveries, x.sample_deliveries, x.complaints, x.sample_complaints),
              std::tie(y.deliveries, y.series_deliveries, y.sample_deliveries, y.complaints, y.sample_complaints));
    // Exact equality, not a tolerance: integer sums make threads irrelevant.
    EXPECT_EQ(x.ppm, y.ppm) << x.supplier_id;
    EXPECT_EQ(x.qz1, y.qz1);
    EXPECT_EQ(x.qz2, y.qz2);
    EXPECT_EQ(x.qz3, y.qz3);
    EXPECT_EQ(x.qz4, y.qz4);
    EXPECT_EQ(x.lz1, y.lz1);
    EXPECT_EQ(x.lz2, y.lz2);
    EXPECT_EQ(x.total, y.total);
    EXPECT_EQ(x.grade_class, y.grade_class);
    EXPECT_EQ(x.warnings, y.warnings);
  }
}

// The randomized comparison of the single-threaded and the parallel path:
// generated data sets of several read blocks, several seeds and thread counts;
// with enough suppliers that the evaluation itself is shared out too, the
// explained supplier among those of a helper thread.
TEST(EvaluateThreads, ParallelPathGivesExactlyTheSingleThreadedResult) {
  struct Case {
    std::uint64_t seed;
    int suppliers;
    const char* explained;
  };
  for (const Case& c : {Case{3, 150, "S00002"}, Case{17, 150, "S00002"}, Case{2026, 6000, "S05432"}}) {
    GenerateOptions options;
    options.out_dir =
        fs::temp_directory_path() / ("supeval_threads_" + std::to_string(::getpid()) + "_" + std::to_string(c.seed));
    options.suppliers = c.suppliers;
    options.deliveries = 50000;
    options.seed = c.seed;
    ASSERT_TRUE(GenerateDataset(options).ok());
    EvaluateRequest request{options.out_dir, "2026-H1", std::nullopt, std::string(c.explained), 1};
    auto single = EvaluateDataset(request);
    ASSERT_TRUE(single.ok()) << single.error().ToString();
    for (const int threads : {2, 3, 8}) {
      request.threads = threads;
      auto parallel = EvaluateDataset(request);
      ASSERT_TRUE(parallel.ok()) << parallel.error().ToString();
      ExpectSameResults(single->evaluation, parallel->evaluation);
      const core::Explanation& a = *single->evaluation.explanation;
      const core::Explanation& b = *parallel->evaluation.explanation;
      EXPECT_EQ(a.result.supplier_id, c.explained);
      EXPECT_EQ(b.result.supplier_id, c.explained);
      EXPECT_EQ(a.complaints.size(), b.complaints.size());
      EXPECT_EQ(a.result.total, b.result.total);
      EXPECT_EQ(a.lz1_points_count, b.lz1_points_count);
      EXPECT_EQ(a.lz2_points_count, b.lz2_points_count);
      ASSERT_EQ(a.worst_by_date.size(), b.worst_by_date.size());
      for (std::size_t i = 0; i < a.worst_by_date.size(); ++i) EXPECT_EQ(a.worst_by_date[i].id, b.worst_by_date[i].id);
    }
    fs::remove_all(options.out_dir);
  }
}

// deliveries.csv is read optimistically, without first finding where its
// records end; a quote late in the file makes the reader forget the rows
// read so far and read it again: the results are those of the file without
// the quote, on one thread or two.
TEST(EvaluateThreads, AQuoteLateInTheDeliveriesChangesNoResult) {
  GenerateOptions options;
  options.out_dir = fs::temp_directory_path() / ("supeval_quote_" + std::to_string(::getpid()));
  options.suppliers = 150;
  options.deliveries = 50000;
  options.seed = 5;
  ASSERT_TRUE(GenerateDataset(options).ok());
  EvaluateRequest request{options.out_dir, "2026-H1", std::nullopt, std::string("S00002"), 2};
  auto plain = EvaluateDataset(request);
  ASSERT_TRUE(plain.ok()) << plain.error().ToString();

  const fs::path deliveries = options.out_dir / "deliveries.csv";
  std::string text;
  {
    std::ifstream in(deliveries, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::size_t row = text.rfind('\n', text.size() - 2000) + 1;  // a row near the end
  const std::size_t id_end = text.find(',', row);
  text.insert(id_end, "\"");
  text.insert(row, "\"");
  std::ofstream(deliveries, std::ios::binary | std::ios::trunc) << text;
  for (const int threads : {1, 2}) {
    request.threads = threads;
    auto quoted = EvaluateDataset(request);
    ASSERT_TRUE(quoted.ok()) << quoted.error().ToString();
    ExpectSameResults(plain->evaluation, quoted->evaluation);
    EXPECT_EQ(plain->evaluation.explanation->lz1_points_count, quoted->evaluation.explanation->lz1_points_count);
  }
  fs::remove_all(options.out_dir);
}

}  // namespace
}  // namespace supeval::service
