// Test support for the store-backed use cases: a generated data folder per
// test, files edited line by line, and a fixture that runs each test against
// SQLite and PostgreSQL (supeval/store/test_database.hpp).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "supeval/service/generate.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/service/runs.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::service::testing {

namespace fs = std::filesystem;

inline std::vector<std::string> ReadLines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline void WriteLines(const fs::path& file, const std::vector<std::string>& lines) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  for (const std::string& line : lines) out << line << "\n";
}

inline std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

inline std::string JoinCsv(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i == 0 ? "" : ",") + fields[i];
  return line;
}

// Sets column `column` of data row `row` (1 = first after the header).
inline void SetField(const fs::path& file, std::size_t row, const std::string& column, const std::string& value) {
  auto lines = ReadLines(file);
  const auto header = SplitCsv(lines.at(0));
  const auto at = std::find(header.begin(), header.end(), column) - header.begin();
  auto fields = SplitCsv(lines.at(row));
  fields.at(static_cast<std::size_t>(at)) = value;
  lines[row] = JoinCsv(fields);
  WriteLines(file, lines);
}

inline std::string GetField(const fs::path& file, std::size_t row, const std::string& column) {
  const auto lines = ReadLines(file);
  const auto header = SplitCsv(lines.at(0));
  const auto at = std::find(header.begin(), header.end(), column) - header.begin();
  return SplitCsv(lines.at(row)).at(static_cast<std::size_t>(at));
}

// A database of the test's back end and a generated data folder.
class StoreServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    if (!store::testing::OpenOrSkip(GetParam(), database_)) return;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    root_ = fs::temp_directory_path() / ("supeval_service_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override {
    if (!root_.empty()) fs::remove_all(root_);
  }

  // A generated data set in root_/name.
  fs::path Generate(const std::string& name, std::int64_t deliveries = 3000, std::uint64_t seed = 5) {
    GenerateOptions options;
    options.out_dir = root_ / name;
    options.suppliers = 20;
    options.deliveries = deliveries;
    options.seed = seed;
    auto summary = GenerateDataset(options);
    EXPECT_TRUE(summary.ok()) << summary.error().ToString();
    return options.out_dir;
  }

  [[nodiscard]] const std::string& url() const { return database_->url(); }

  // Imports `folder` into the test's database as one batch.
  void ImportFolder(const fs::path& folder) {
    ImportRequest request;
    request.db_url = url();
    request.data_dir = folder;
    request.user = "importer";
    request.created_at = "2026-07-01T06:00:00Z";
    auto outcome = ImportDataset(request);
    ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  }

  // Evaluates the imported data for `period` and publishes the run.
  store::RunId PublishEvaluated(const std::string& period) {
    StoreEvaluateRequest request;
    request.db_url = url();
    request.period = period;
    request.publish = true;
    request.user = "publisher";
    request.created_at = "2026-07-02T08:00:00Z";
    request.threads = 1;
    auto outcome = EvaluateStore(request);
    EXPECT_TRUE(outcome.ok()) << outcome.error().ToString();
    return outcome.ok() ? *outcome->published_run : 0;
  }

  // A user of supplier `supplier_id`'s portal.
  static Caller SupplierUser(const std::string& supplier_id) {
    Caller caller;
    caller.user = "portal-" + supplier_id;
    caller.role = Role::kSupplier;
    caller.supplier_id = supplier_id;
    return caller;
  }

  std::optional<store::testing::TestDatabase> database_;
  fs::path root_;
};

inline std::string BackendTestName(const ::testing::TestParamInfo<store::Backend>& param_info) {
  return store::testing::BackendName(param_info.param);
}

}  // namespace supeval::service::testing
