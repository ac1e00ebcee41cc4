// The events of IATF 16949 8.4.2.4 beside the rating (docs/events.md) as a
// user meets them through the real `supeval` binary: `evaluate --format json`
// gains each supplier's counts only when the records hold an event, CSV and
// table stay as they were, events.csv is validated with the contract files'
// messages, and a CSV folder, the database it was imported into (SQLite and
// PostgreSQL) and `--as-of` a run give the same JSON.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "database_cli_test.hpp"
#include "process.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kValidSet = fs::path(SUPEVAL_TEST_DATA) / "01_agreement_qz1_qz4";  // 2026-H1, S01..S04

// Around 2026-H1's edges: the day before and after count in no row. E3 names
// a delivery without a material (it takes the delivery's).
constexpr std::string_view kEvents =
    "event_id,supplier_id,plant_id,date,kind,material_id,delivery_id,cost,customer_notified\n"
    "E1,S01,P1,2025-12-31,stop_ship,,,100.00,yes\n"
    "E2,S01,P1,2026-01-01,premium_freight,MAT-350,,1200.505,no\n"
    "E3,S01,P1,2026-06-30,yard_hold,,D0101,,yes\n"
    "E4,S01,P1,2026-07-01,recall,,,,yes\n"
    "E5,S02,P1,2026-03-15,premium_freight,,,0.5,\n"
    "E6,S02,P1,2026-03-16,premium_freight,,,,no\n";

class EventsCli : public DatabaseCliTest {
 protected:
  // The valid set with `events` as its events.csv (none when empty).
  fs::path Folder(const std::string& name, std::string_view events) {
    const fs::path folder = fs::path(scratch_) / name;
    fs::create_directories(folder);
    for (const auto& entry : fs::directory_iterator(kValidSet)) {
      if (entry.path().extension() == ".csv" && entry.path().filename() != "expected.csv") {
        fs::copy_file(entry.path(), folder / entry.path().filename());
      }
    }
    if (!events.empty()) WriteText(folder / "events.csv", std::string(events));
    return folder;
  }

  static ProcessResult FromCsv(const fs::path& folder, const std::string& format) {
    return RunSupeval({"evaluate", "--data", folder.string(), "--period", "2026-H1", "--format", format});
  }
};

nlohmann::json EventsOfRow(const nlohmann::json& document, std::size_t row) {
  return document.at("results").at(row).at("events");
}

TEST_P(EventsCli, JsonRowsCountThePeriodsEventsPerSupplier) {
  const ProcessResult json = FromCsv(Folder("events", kEvents), "json");
  ASSERT_EQ(json.exit_status, 0) << json.err;
  const nlohmann::json document = nlohmann::json::parse(json.out);
  EXPECT_EQ(EventsOfRow(document, 0), nlohmann::json::parse(R"({"total":2,"customer_notified":1,"cost":"1200.51",)"
                                                            R"("by_kind":{"yard_hold":1,"premium_freight":1}})"));
  EXPECT_EQ(EventsOfRow(document, 1), nlohmann::json::parse(R"({"total":2,"customer_notified":0,"cost":"0.50",)"
                                                            R"("by_kind":{"premium_freight":2}})"));
  EXPECT_EQ(EventsOfRow(document, 3),
            nlohmann::json::parse(R"({"total":0,"customer_notified":0,"cost":"0.00","by_kind":{}})"));
  // The member comes last, after the result's columns; its members and
  // kinds in the order docs/events.md gives (the parsed document sorts them).
  EXPECT_EQ(document.at("results").at(0).size(), 23u);
  const std::string& text = json.out;
  const std::size_t first_row_events = text.find("\"events\"");
  ASSERT_NE(first_row_events, std::string::npos);
  EXPECT_GT(first_row_events, text.find("\"warnings\""));
  std::size_t at = first_row_events;
  for (const char* member :
       {"\"total\"", "\"customer_notified\"", "\"cost\"", "\"by_kind\"", "\"yard_hold\"", "\"premium_freight\""}) {
    const std::size_t next = text.find(member, at);
    EXPECT_NE(next, std::string::npos) << member;
    at = next;
  }
}

TEST_P(EventsCli, WithoutEventsTheOutputsAreAsBefore) {
  const fs::path without = Folder("without", "");
  const fs::path header_only = Folder("header_only", kEvents.substr(0, kEvents.find('\n') + 1));
  const fs::path with = Folder("with", kEvents);
  for (const std::string format : {"json", "csv", "table"}) {
    const ProcessResult before = FromCsv(without, format);
    ASSERT_EQ(before.exit_status, 0) << before.err;
    EXPECT_EQ(before.out.find("\"events\""), std::string::npos);
    EXPECT_EQ(FromCsv(header_only, format).out, before.out) << format;
    if (format != "json") {
      EXPECT_EQ(FromCsv(with, format).out, before.out) << format;
    }
  }
}

TEST_P(EventsCli, BadEventRowsAreBadInputWithTheContractFilesMessages) {
  const fs::path folder = Folder("bad", std::string(kEvents) +
                                            "E7,S09,P1,2026-02-01,flood,,,,\n"
                                            "E8,S01,P1,2026-02-01,recall,,D9999,,\n");
  const ProcessResult result = FromCsv(folder, "json");
  EXPECT_EQ(result.exit_status, 2);
  EXPECT_TRUE(result.out.empty());
  const std::string events = (folder / "events.csv").string();
  EXPECT_NE(result.err.find(events + ":8: supplier_id: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(events + ":8: kind: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(events + ":9: delivery_id: "), std::string::npos) << result.err;
  // The contract register beside it is not read by evaluate.
  WriteText(folder / "events.csv", std::string(kEvents));
  WriteText(folder / "contracts.csv", "contract_id\nbroken\n");
  EXPECT_EQ(FromCsv(folder, "json").exit_status, 0);
}

TEST_P(EventsCli, TheDatabaseGivesTheFoldersJsonAlsoAsOfARun) {
  const fs::path folder = Folder("events", kEvents);
  ASSERT_EQ(Run({"import", "--data", folder.string()}).exit_status, 0);
  const ProcessResult from_db = Run({"evaluate", "--period", "2026-H1", "--format", "json", "--publish"});
  ASSERT_EQ(from_db.exit_status, 0) << from_db.err;
  EXPECT_EQ(from_db.out, FromCsv(folder, "json").out);

  // Events change after run 1: the run is reproduced with the events it saw.
  const fs::path later = Folder("later", std::string(kEvents) + "E9,S03,P1,2026-02-01,warranty,,,,\n");
  ASSERT_EQ(Run({"import", "--data", later.string()}).exit_status, 0);
  const ProcessResult as_of = Run({"evaluate", "--as-of", "1", "--format", "json"});
  ASSERT_EQ(as_of.exit_status, 0) << as_of.err;
  EXPECT_EQ(as_of.out, from_db.out);
  const ProcessResult now = Run({"evaluate", "--period", "2026-H1", "--format", "json"});
  EXPECT_EQ(now.out, FromCsv(later, "json").out);
  EXPECT_NE(now.out, from_db.out);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventsCli, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
