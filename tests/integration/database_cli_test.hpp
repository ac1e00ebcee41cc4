// The fixture of the whole-program tests of the database side: a fresh
// database of each back end (an SQLite file, a PostgreSQL schema) and a
// scratch folder, with `supeval` run against that database.
// Thread-compatible: one fixture per test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "process.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::testing {

// A generated data set in `folder` (40 suppliers, fixed seed).
inline std::filesystem::path GenerateData(const std::filesystem::path& folder, int deliveries) {
  const ProcessResult generated = RunSupeval({"generate", "--out", folder.string(), "--suppliers", "40", "--deliveries",
                                              std::to_string(deliveries), "--seed", "9"});
  EXPECT_EQ(generated.exit_status, 0) << generated.err;
  return folder;
}

class DatabaseCliTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    if (!store::testing::OpenOrSkip(GetParam(), database_)) return;
    scratch_ = MakeTempDir();
  }
  void TearDown() override {
    if (!scratch_.empty()) std::filesystem::remove_all(scratch_);
  }

  [[nodiscard]] bool sqlite() const { return GetParam() == store::Backend::kSqlite; }
  [[nodiscard]] const std::string& db() const { return database_->url(); }

  // `supeval arguments... --db <the test's database>`.
  ProcessResult Run(std::vector<std::string> arguments) {
    arguments.push_back("--db");
    arguments.push_back(db());
    return RunSupeval(arguments);
  }

  std::filesystem::path Generate(const std::string& name, int deliveries) {
    return GenerateData(std::filesystem::path(scratch_) / name, deliveries);
  }

  // The same, imported into the test's database (a failure when it is not).
  std::filesystem::path GenerateAndImport(const std::string& name, int deliveries) {
    std::filesystem::path folder = Generate(name, deliveries);
    const ProcessResult imported = Run({"import", "--data", folder.string()});
    EXPECT_EQ(imported.exit_status, 0) << imported.err;
    return folder;
  }

  std::optional<store::testing::TestDatabase> database_;
  std::string scratch_;
};

}  // namespace supeval::testing
