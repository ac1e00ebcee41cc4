// The evaluate use case end to end on generated data: validation first, the
// explanation agrees with the result row, and errors come back as kBadInput.
#include "supeval/service/evaluate.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

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
  auto outcome = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::nullopt});
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
  auto plain = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::nullopt});
  auto traced = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::string("S00001")});
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
  auto period = EvaluateDataset({*dir_, "2026-H9", std::nullopt, std::nullopt});
  ASSERT_FALSE(period.ok());
  EXPECT_EQ(period.error().code, core::ErrorCode::kBadInput);
  auto rules = EvaluateDataset({*dir_, "2026-H1", fs::path("/nonexistent/rules.toml"), std::nullopt});
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.error().code, core::ErrorCode::kBadInput);
  auto supplier = EvaluateDataset({*dir_, "2026-H1", std::nullopt, std::string("NOPE")});
  ASSERT_FALSE(supplier.ok());
  EXPECT_NE(supplier.error().message.find("unknown supplier 'NOPE'"), std::string::npos);
}

}  // namespace
}  // namespace supeval::service
