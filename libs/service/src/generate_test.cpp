// Tests of GenerateDataset: determinism, the files and their columns, and the
// validity of the rows (referenced ids exist, dates in range, no duplicates).
#include "supeval/service/generate.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::service {
namespace {

namespace fs = std::filesystem;
using core::Date;

constexpr std::array<const char*, 8> kFiles = {"suppliers.csv",      "plants.csv",     "calendar.csv",
                                               "materials.csv",      "deliveries.csv", "complaints.csv",
                                               "certifications.csv", "holds.csv"};

// A folder of its own under the system's temp folder, removed afterwards.
class GenerateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("supeval_generate_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  GenerateOptions Small(const std::string& folder) const {
    GenerateOptions options;
    options.out_dir = root_ / folder;
    options.suppliers = 60;
    options.deliveries = 3000;
    return options;
  }

  fs::path root_;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

using Table = std::vector<std::vector<std::string>>;

// RFC 4180 reading, enough for the tests: quoted fields with doubled quotes
// and line breaks inside.
Table ReadCsv(const fs::path& path) {
  const std::string text = ReadAll(path);
  Table rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

// The rows of a file as maps from column name to value (header excluded).
std::vector<std::map<std::string, std::string>> ReadRecords(const fs::path& path) {
  const Table table = ReadCsv(path);
  std::vector<std::map<std::string, std::string>> records;
  if (table.empty()) return records;
  for (std::size_t r = 1; r < table.size(); ++r) {
    EXPECT_EQ(table[r].size(), table[0].size()) << path << " row " << r;
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) record[table[0][c]] = table[r][c];
    records.push_back(std::move(record));
  }
  return records;
}

Date ParseDate(const std::string& text) {
  const auto date = Date::Parse(text);
  EXPECT_TRUE(date.has_value()) << text;
  return date.value_or(Date());
}

TEST_F(GenerateTest, SameOptionsGiveIdenticalFiles) {
  const auto first = GenerateDataset(Small("a"));
  const auto second = GenerateDataset(Small("b"));
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  for (const char* file : kFiles) {
    EXPECT_EQ(ReadAll(root_ / "a" / file), ReadAll(root_ / "b" / file)) << file;
  }
  EXPECT_EQ(first->complaints, second->complaints);
}

TEST_F(GenerateTest, AnotherSeedGivesOtherData) {
  GenerateOptions other = Small("b");
  other.seed = 2;
  ASSERT_TRUE(GenerateDataset(Small("a")).ok());
  ASSERT_TRUE(GenerateDataset(other).ok());
  EXPECT_NE(ReadAll(root_ / "a" / "deliveries.csv"), ReadAll(root_ / "b" / "deliveries.csv"));
  EXPECT_NE(ReadAll(root_ / "a" / "suppliers.csv"), ReadAll(root_ / "b" / "suppliers.csv"));
}

TEST_F(GenerateTest, AFolderHoldingADataSetIsReplacedOnlyWhenAsked) {
  ASSERT_TRUE(GenerateDataset(Small("a")).ok());
  const std::string first = ReadAll(root_ / "a" / "deliveries.csv");
  GenerateOptions other = Small("a");
  other.seed = 2;
  const auto refused = GenerateDataset(other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
  EXPECT_NE(refused.error().message.find("already holds a data set"), std::string::npos) << refused.error().message;
  EXPECT_EQ(ReadAll(root_ / "a" / "deliveries.csv"), first);

  other.replace = true;
  ASSERT_TRUE(GenerateDataset(other).ok());
  EXPECT_NE(ReadAll(root_ / "a" / "deliveries.csv"), first);
}

TEST_F(GenerateTest, WritesEveryFileWithTheSpecColumns) {
  const auto summary = GenerateDataset(Small("a"));
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  const std::map<std::string, std::string> headers = {
      {"suppliers.csv", "supplier_id,name,country,qz3"},
      {"plants.csv", "plant_id,name,workweek,company"},
      {"calendar.csv", "plant_id,date,working,note"},
      {"materials.csv", "material_id,commodity,unit,kind"},
      {"deliveries.csv",
       "delivery_id,supplier_id,plant_id,material_id,due_date,due_qty,receipt_date,received_qty,type"},
      {"complaints.csv",
       "complaint_id,supplier_id,plant_id,date,type,justified,status,delivery_id,material_id,defect,rejected_qty,"
       "affected_qty,returned_on,confirmed_qty,confirmed_on"},
      {"certifications.csv", "supplier_id,standard,valid_from,valid_to"},
      {"holds.csv", "supplier_id,status,reason,imposed_on,withdrawn_on"},
  };
  ASSERT_EQ(headers.size(), kFiles.size());
  for (const auto& [file, header] : headers) {
    const std::string text = ReadAll(root_ / "a" / file);
    EXPECT_EQ(text.substr(0, text.find('\n')), header) << file;
  }
  EXPECT_EQ(ReadRecords(root_ / "a" / "suppliers.csv").size(), 60U);
  EXPECT_EQ(summary->suppliers, 60);
  EXPECT_EQ(summary->plants, 4);
  EXPECT_EQ(static_cast<std::int64_t>(ReadRecords(root_ / "a" / "complaints.csv").size()), summary->complaints);
  EXPECT_EQ(static_cast<std::int64_t>(ReadRecords(root_ / "a" / "calendar.csv").size()), summary->calendar_days);
  EXPECT_EQ(static_cast<std::int64_t>(ReadRecords(root_ / "a" / "materials.csv").size()), summary->materials);
  EXPECT_EQ(static_cast<std::int64_t>(ReadRecords(root_ / "a" / "certifications.csv").size()), summary->certifications);
  EXPECT_EQ(static_cast<std::int64_t>(ReadRecords(root_ / "a" / "holds.csv").size()), summary->holds);
}

TEST_F(GenerateTest, DeliveriesAreValidAndAsMany) {
  const GenerateOptions options = Small("a");
  ASSERT_TRUE(GenerateDataset(options).ok());
  std::set<std::string> suppliers;
  for (const auto& row : ReadRecords(root_ / "a" / "suppliers.csv")) suppliers.insert(row.at("supplier_id"));
  std::set<std::string> materials;
  for (const auto& row : ReadRecords(root_ / "a" / "materials.csv")) materials.insert(row.at("material_id"));
  const auto deliveries = ReadRecords(root_ / "a" / "deliveries.csv");
  ASSERT_EQ(static_cast<std::int64_t>(deliveries.size()), options.deliveries);
  std::set<std::string> ids;
  std::map<std::string, int> per_supplier;
  int samples = 0;
  for (const auto& row : deliveries) {
    EXPECT_TRUE(ids.insert(row.at("delivery_id")).second) << row.at("delivery_id");
    EXPECT_TRUE(suppliers.contains(row.at("supplier_id")));
    EXPECT_TRUE(materials.contains(row.at("material_id")));
    const Date due = ParseDate(row.at("due_date"));
    EXPECT_GE(due, options.from);
    EXPECT_LE(due, options.to);
    EXPECT_NE(due.Weekday(), 6);  // no plant works on Sundays
    ParseDate(row.at("receipt_date"));
    const auto due_qty = core::ParseDecimal(row.at("due_qty"));
    ASSERT_TRUE(due_qty.value.has_value()) << row.at("due_qty");
    EXPECT_GT(due_qty.value->micros(), 0);
    EXPECT_TRUE(core::ParseDecimal(row.at("received_qty")).value.has_value()) << row.at("received_qty");
    EXPECT_TRUE(row.at("type") == "series" || row.at("type") == "sample");
    samples += row.at("type") == "sample" ? 1 : 0;
    ++per_supplier[row.at("supplier_id")];
  }
  EXPECT_GT(samples, 0);
  // A few suppliers have fewer than three deliveries, so that eligibility is exercised.
  int sparse = 0;
  for (const std::string& supplier : suppliers) sparse += per_supplier[supplier] < 3 ? 1 : 0;
  EXPECT_GE(sparse, 1);
}

TEST_F(GenerateTest, ComplaintsReferToExistingDeliveries) {
  GenerateOptions options = Small("a");
  options.deliveries = 6000;
  ASSERT_TRUE(GenerateDataset(options).ok());
  std::map<std::string, std::string> delivery_supplier;
  for (const auto& row : ReadRecords(root_ / "a" / "deliveries.csv")) {
    delivery_supplier[row.at("delivery_id")] = row.at("supplier_id");
  }
  std::set<std::string> materials;
  for (const auto& row : ReadRecords(root_ / "a" / "materials.csv")) materials.insert(row.at("material_id"));
  const core::RuleSet rules = core::DefaultRuleSet();
  const auto complaints = ReadRecords(root_ / "a" / "complaints.csv");
  ASSERT_FALSE(complaints.empty());
  std::set<std::string> ids;
  for (const auto& row : complaints) {
    EXPECT_TRUE(ids.insert(row.at("complaint_id")).second);
    const std::string& delivery = row.at("delivery_id");
    if (!delivery.empty()) {
      ASSERT_TRUE(delivery_supplier.contains(delivery)) << delivery;
      EXPECT_EQ(delivery_supplier[delivery], row.at("supplier_id"));
    } else {
      EXPECT_FALSE(row.at("material_id").empty());
    }
    if (!row.at("material_id").empty()) {
      EXPECT_TRUE(materials.contains(row.at("material_id")));
    }
    const Date date = ParseDate(row.at("date"));
    EXPECT_GE(date, options.from);
    EXPECT_LE(date, options.to);
    EXPECT_NE(core::FindDefect(rules, row.at("defect")), nullptr) << row.at("defect");
  }
  // About one complaint per hundred deliveries.
  EXPECT_GT(complaints.size(), 20U);
  EXPECT_LT(complaints.size(), 200U);
}

TEST_F(GenerateTest, CalendarHasGermanHolidaysOncePerDay) {
  ASSERT_TRUE(GenerateDataset(Small("a")).ok());
  std::set<std::pair<std::string, std::string>> days;
  std::set<std::string> holidays_p01;
  bool extra_working_day = false;
  for (const auto& row : ReadRecords(root_ / "a" / "calendar.csv")) {
    EXPECT_TRUE(days.insert({row.at("plant_id"), row.at("date")}).second) << row.at("plant_id") << row.at("date");
    ParseDate(row.at("date"));
    if (row.at("plant_id") == "P01" && row.at("working") == "0") holidays_p01.insert(row.at("date"));
    extra_working_day = extra_working_day || row.at("working") == "1";
  }
  // Easter 2026 is on 5 April.
  for (const char* holiday : {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25",
                              "2026-10-03", "2026-12-25", "2026-12-26"}) {
    EXPECT_TRUE(holidays_p01.contains(holiday)) << holiday;
  }
  EXPECT_TRUE(extra_working_day);
  bool monday_to_saturday = false;
  for (const auto& row : ReadRecords(root_ / "a" / "plants.csv")) monday_to_saturday |= row.at("workweek") == "Mon-Sat";
  EXPECT_TRUE(monday_to_saturday);
}

TEST_F(GenerateTest, MasterDataCoversCommoditiesStandardsAndQuoting) {
  ASSERT_TRUE(GenerateDataset(Small("a")).ok());
  const core::RuleSet rules = core::DefaultRuleSet();
  std::set<std::string> commodities;
  std::set<std::string> units;
  std::set<std::string> kinds;
  for (const auto& row : ReadRecords(root_ / "a" / "materials.csv")) {
    commodities.insert(row.at("commodity"));
    units.insert(row.at("unit"));
    kinds.insert(row.at("kind"));
  }
  for (const auto& [commodity, factor] : rules.commodity_factors)
    EXPECT_TRUE(commodities.contains(commodity)) << commodity;
  EXPECT_TRUE(commodities.contains("M111"));
  EXPECT_EQ(units, (std::set<std::string>{"pc", "kg", "m", "m2", "l"}));
  EXPECT_EQ(kinds, (std::set<std::string>{"purchased", "raw"}));

  std::set<std::string> standards;
  for (const auto& row : ReadRecords(root_ / "a" / "certifications.csv")) {
    standards.insert(row.at("standard"));
    EXPECT_LE(ParseDate(row.at("valid_from")), ParseDate(row.at("valid_to")));
  }
  EXPECT_EQ(standards, (std::set<std::string>{"IATF16949", "ISO/TS16949", "AS9100", "ISO9001", "ISO14001", "EMAS"}));

  bool quote = false;
  bool comma = false;
  bool exempt = false;
  for (const auto& row : ReadRecords(root_ / "a" / "suppliers.csv")) {
    quote |= row.at("name").find('"') != std::string::npos;
    comma |= row.at("name").find(',') != std::string::npos;
    exempt |= row.at("qz3") == "exempt";
  }
  EXPECT_TRUE(quote);
  EXPECT_TRUE(comma);
  EXPECT_TRUE(exempt);

  std::set<std::string> reasons;
  for (const auto& row : ReadRecords(root_ / "a" / "holds.csv")) {
    EXPECT_EQ(row.at("status"), "new_business_hold");
    reasons.insert(row.at("reason"));
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"quality", "delivery"}));
}

TEST_F(GenerateTest, ZeroDeliveriesWritesHeadersOnly) {
  GenerateOptions options = Small("a");
  options.deliveries = 0;
  const auto summary = GenerateDataset(options);
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->deliveries, 0);
  EXPECT_EQ(summary->complaints, 0);
  EXPECT_TRUE(ReadRecords(root_ / "a" / "deliveries.csv").empty());
}

TEST_F(GenerateTest, BadOptionsAreBadInput) {
  const auto expect_bad = [](const GenerateOptions& options) {
    const auto result = GenerateDataset(options);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, core::ErrorCode::kBadInput);
    EXPECT_FALSE(result.error().message.empty());
  };
  GenerateOptions options = Small("a");
  options.suppliers = 0;
  expect_bad(options);
  options = Small("a");
  options.deliveries = -1;
  expect_bad(options);
  options = Small("a");
  options.to = options.from - 1;
  expect_bad(options);
  options = Small("a");
  options.out_dir.clear();
  expect_bad(options);
  options = Small("a");
  options.contracts = options.suppliers + 1;  // one per supplier at most
  expect_bad(options);
  options.contracts = -2;
  expect_bad(options);
  // A file where the folder should be.
  fs::create_directories(root_);
  std::ofstream(root_ / "file") << "x";
  options = Small("file");
  expect_bad(options);
  options = Small("file/below");
  expect_bad(options);
}

TEST_F(GenerateTest, ContractsOfEveryTypeForOneInTenSuppliersByDefault) {
  ASSERT_TRUE(GenerateDataset(Small("a")).ok());
  const auto contracts = ReadRecords(root_ / "a" / "contracts.csv");
  ASSERT_EQ(contracts.size(), 6U);  // 60 suppliers
  std::set<std::string> types;
  std::set<std::string> suppliers;
  for (const auto& contract : contracts) {
    types.insert(contract.at("type"));
    suppliers.insert(contract.at("supplier_id"));
    if (!contract.at("end").empty()) {
      EXPECT_LE(ParseDate(contract.at("start")), ParseDate(contract.at("end")));
    }
  }
  EXPECT_EQ(types, (std::set<std::string>{"co_development", "joint_venture", "license", "preferred", "supply"}));
  EXPECT_EQ(suppliers.size(), contracts.size());  // one contract a supplier: no overlapping terms
  // Every covered material's tiers start at 0; every indexed material is covered.
  std::set<std::pair<std::string, std::string>> covered;
  for (const auto& row : ReadRecords(root_ / "a" / "contract_materials.csv")) {
    EXPECT_TRUE(covered.emplace(row.at("contract_id"), row.at("material_id")).second);
  }
  std::map<std::pair<std::string, std::string>, std::string> first_band;
  for (const auto& row : ReadRecords(root_ / "a" / "price_tiers.csv")) {
    const std::pair key{row.at("contract_id"), row.at("material_id")};
    EXPECT_TRUE(covered.contains(key));
    first_band.try_emplace(key, row.at("from_qty"));
  }
  for (const auto& [key, from] : first_band) EXPECT_EQ(from, "0");
  for (const auto& row : ReadRecords(root_ / "a" / "indexation.csv")) {
    EXPECT_TRUE(covered.contains({row.at("contract_id"), row.at("material_id")}));
  }
}

TEST_F(GenerateTest, EventsOfTheContractedSuppliersTheFirstAlways) {
  ASSERT_TRUE(GenerateDataset(Small("a")).ok());
  std::set<std::string> contracted;
  for (const auto& contract : ReadRecords(root_ / "a" / "contracts.csv")) contracted.insert(contract.at("supplier_id"));
  const auto events = ReadRecords(root_ / "a" / "events.csv");
  const std::set<std::string> kinds = {"yard_hold",    "stop_ship", "premium_freight", "special_status",
                                       "field_action", "recall",    "warranty",        "dealer_return"};
  std::size_t of_first = 0;
  for (const auto& event : events) {
    EXPECT_TRUE(contracted.contains(event.at("supplier_id"))) << event.at("event_id");
    EXPECT_TRUE(kinds.contains(event.at("kind"))) << event.at("kind");
    EXPECT_GE(ParseDate(event.at("date")), ParseDate("2026-01-01"));
    EXPECT_LE(ParseDate(event.at("date")), ParseDate("2026-06-30"));
    if (event.at("supplier_id") == "S00001") ++of_first;
  }
  EXPECT_GE(of_first, 3U);  // the demo's supplier account has events to show
}

TEST_F(GenerateTest, NoContractsWritesTheContractFilesEmpty) {
  GenerateOptions options = Small("a");
  options.contracts = 0;
  const auto summary = GenerateDataset(options);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->contracts, 0);
  EXPECT_EQ(ReadCsv(root_ / "a" / "contracts.csv").size(), 1U);  // the header only
}

}  // namespace
}  // namespace supeval::service
