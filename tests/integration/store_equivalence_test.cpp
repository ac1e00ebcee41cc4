// CSV and database give identical results: every valid golden data set (those
// with expected.csv) and a generated one are evaluated from the CSV folder and,
// after an import, from SQLite and from PostgreSQL — with one reader and with
// several — and every result field (scores compared exactly, not within a
// tolerance), the result CSV and every supplier's explanation must agree.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "supeval/io/explanation_writer.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/service/evaluate.hpp"
#include "supeval/service/generate.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/runs.hpp"
#include "supeval/store/test_database.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

struct DataSet {
  std::string name;  // a golden set's folder name, or "generated"
  store::Backend backend;
};

std::vector<DataSet> DataSets() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(SUPEVAL_TEST_DATA)) {
    if (fs::exists(entry.path() / "expected.csv")) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  names.emplace_back("generated");
  std::vector<DataSet> sets;
  for (const std::string& name : names) {
    for (const store::Backend backend : store::testing::AllBackends()) sets.push_back({name, backend});
  }
  return sets;
}

// Every field, scores compared exactly.
void ExpectSameResult(const core::SupplierResult& x, const core::SupplierResult& y) {
  SCOPED_TRACE("supplier " + x.supplier_id);
  EXPECT_EQ(x.supplier_id, y.supplier_id);
  EXPECT_EQ(x.name, y.name);
  EXPECT_EQ(x.status, y.status);
  EXPECT_EQ(x.reason, y.reason);
  EXPECT_EQ(x.deliveries, y.deliveries);
  EXPECT_EQ(x.series_deliveries, y.series_deliveries);
  EXPECT_EQ(x.sample_deliveries, y.sample_deliveries);
  EXPECT_EQ(x.complaints, y.complaints);
  EXPECT_EQ(x.sample_complaints, y.sample_complaints);
  EXPECT_EQ(x.ppm, y.ppm);
  EXPECT_EQ(x.qz1, y.qz1);
  EXPECT_EQ(x.qz2, y.qz2);
  EXPECT_EQ(x.qz3, y.qz3);
  EXPECT_EQ(x.qz4, y.qz4);
  EXPECT_EQ(x.qz, y.qz);
  EXPECT_EQ(x.lz1, y.lz1);
  EXPECT_EQ(x.lz2, y.lz2);
  EXPECT_EQ(x.lz, y.lz);
  EXPECT_EQ(x.total, y.total);
  EXPECT_EQ(x.grade_class, y.grade_class);
  EXPECT_EQ(x.warnings, y.warnings);
}

std::vector<core::SupplierResult> SortedById(std::vector<core::SupplierResult> results) {
  std::sort(results.begin(), results.end(), [](const auto& a, const auto& b) { return a.supplier_id < b.supplier_id; });
  return results;
}

class CsvAndDatabase : public ::testing::TestWithParam<DataSet> {
 protected:
  void SetUp() override {
    if (!store::testing::OpenOrSkip(GetParam().backend, database_)) return;
    if (GetParam().name == "generated") {
      generated_ = fs::temp_directory_path() / ("supeval_equivalence_" + std::to_string(::getpid()) + "_" +
                                                store::testing::BackendName(GetParam().backend));
      fs::remove_all(generated_);
      service::GenerateOptions options;
      options.out_dir = generated_;
      options.suppliers = 60;
      options.deliveries = 20000;
      options.seed = 77;
      ASSERT_TRUE(service::GenerateDataset(options).ok());
      folder_ = generated_;
      period_ = "2026-H1";
    } else {
      folder_ = fs::path(SUPEVAL_TEST_DATA) / GetParam().name;
      period_ = Trimmed(ReadText(folder_ / "period"));
    }
    if (fs::exists(folder_ / "rules.toml")) rules_ = folder_ / "rules.toml";
  }
  void TearDown() override {
    if (!generated_.empty()) fs::remove_all(generated_);
  }

  core::Result<service::EvaluateOutcome> FromCsv(const std::optional<std::string>& supplier) {
    return service::EvaluateDataset({folder_, period_, rules_, supplier, 1});
  }

  core::Result<service::StoreEvaluateOutcome> FromStore(const std::optional<std::string>& supplier, int threads) {
    service::StoreEvaluateRequest request;
    request.db_url = database_->url();
    request.period = period_;
    request.rules_file = rules_;
    request.explain_supplier = supplier;
    request.threads = threads;
    return service::EvaluateStore(request);
  }

  std::optional<store::testing::TestDatabase> database_;
  fs::path generated_;
  fs::path folder_;
  std::string period_;
  std::optional<fs::path> rules_;
};

TEST_P(CsvAndDatabase, GiveIdenticalResultsAndExplanations) {
  service::ImportRequest import;
  import.db_url = database_->url();
  import.data_dir = folder_;
  import.rules_file = rules_;
  import.user = "test";
  import.created_at = "2026-07-01T00:00:00Z";
  auto imported = service::ImportDataset(import);
  ASSERT_TRUE(imported.ok()) << imported.error().ToString();

  auto csv = FromCsv(std::nullopt);
  ASSERT_TRUE(csv.ok()) << csv.error().ToString();
  const auto expected = SortedById(csv->evaluation.results);
  ASSERT_FALSE(expected.empty());
  for (const int threads : {1, 3}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    auto db = FromStore(std::nullopt, threads);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    const auto actual = SortedById(db->evaluation.results);
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) ExpectSameResult(expected[i], actual[i]);
    EXPECT_EQ(io::WriteResultsCsv(db->evaluation.results, db->period),
              io::WriteResultsCsv(csv->evaluation.results, csv->period));
  }

  // Every supplier's explanation (the first few of a generated set).
  std::size_t explained = 0;
  for (const core::SupplierResult& result : expected) {
    if (GetParam().name == "generated" && ++explained > 5) break;
    auto from_csv = FromCsv(result.supplier_id);
    auto from_db = FromStore(result.supplier_id, 2);
    ASSERT_TRUE(from_csv.ok() && from_db.ok());
    EXPECT_EQ(io::WriteExplanationText(*from_db->evaluation.explanation, from_db->period, from_db->rules),
              io::WriteExplanationText(*from_csv->evaluation.explanation, from_csv->period, from_csv->rules))
        << result.supplier_id;
    EXPECT_EQ(io::WriteExplanationJson(*from_db->evaluation.explanation, from_db->period, from_db->rules),
              io::WriteExplanationJson(*from_csv->evaluation.explanation, from_csv->period, from_csv->rules))
        << result.supplier_id;
  }
}

INSTANTIATE_TEST_SUITE_P(Data, CsvAndDatabase, ::testing::ValuesIn(DataSets()),
                         [](const ::testing::TestParamInfo<DataSet>& param_info) {
                           std::string name =
                               param_info.param.name + "_" + store::testing::BackendName(param_info.param.backend);
                           std::replace_if(
                               name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return name;
                         });

}  // namespace
}  // namespace supeval::testing
