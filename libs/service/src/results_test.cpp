// The read use cases of published results against SQLite and PostgreSQL:
// choosing the run, the ranking (ranks with ties, previous period, filters,
// sort, paging, the cache), periods, suppliers, the scorecard and runs, each
// scoped to a supplier user's own supplier; and their JSON.
#include "supeval/service/results.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "service_test_support.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/service/runs.hpp"

namespace supeval::service {
namespace {

using testing::StoreServiceTest;
namespace fs = std::filesystem;

core::Period PeriodOf(const std::string& text) { return *core::ParsePeriod(text); }

RankingQuery QueryFor(std::optional<std::string> period, std::optional<std::string> run) {
  RankingQuery query;
  query.run = {std::move(period), std::move(run)};
  return query;
}

// ---------------------------------------------------------------------------
// Without a database

TEST(PeriodKindTest, EachKindPrecedesBySameKindAndARangeHasNone) {
  const std::pair<const char*, const char*> cases[] = {
      {"2026-H1", "2025-H2"}, {"2026-H2", "2026-H1"}, {"2026-Q3", "2026-Q2"}, {"2026-Q1", "2025-Q4"},
      {"2026", "2025"},       {"2026-03", "2026-02"}, {"2026-01", "2025-12"},
  };
  for (const auto& [period, before] : cases) {
    const auto preceding = PrecedingPeriod(PeriodOf(period));
    ASSERT_TRUE(preceding.has_value()) << period;
    EXPECT_EQ(preceding->label, before);
    const core::Period expected = PeriodOf(before);
    EXPECT_EQ(preceding->first, expected.first) << period;
    EXPECT_EQ(preceding->last, expected.last) << period;
  }
  EXPECT_FALSE(PrecedingPeriod(PeriodOf("2026-01-01..2026-02-15")).has_value());
  EXPECT_FALSE(PrecedingPeriod(PeriodOf("2026-02-01..2026-07-31")).has_value());  // six months, not a half
}

TEST(PeriodKindTest, KindIsDecidedByTheDatesNotTheSpelling) {
  EXPECT_EQ(KindOf(PeriodOf("2026-01-01..2026-06-30")), PeriodKind::kHalfYear);
  EXPECT_EQ(KindOf(PeriodOf("2026-04-01..2026-06-30")), PeriodKind::kQuarter);
  EXPECT_EQ(KindOf(PeriodOf("2026-01-01..2026-12-31")), PeriodKind::kYear);
  EXPECT_EQ(KindOf(PeriodOf("2024-02-01..2024-02-29")), PeriodKind::kMonth);
  EXPECT_EQ(KindOf(PeriodOf("2026-02-01..2026-04-30")), PeriodKind::kRange);  // three months off the quarters
  EXPECT_EQ(KindOf(PeriodOf("2026-01-02..2026-01-31")), PeriodKind::kRange);
}

core::SupplierResult Result(const std::string& id, std::optional<double> total, const std::string& grade_class = "") {
  core::SupplierResult r;
  r.supplier_id = id;
  r.name = "Name of " + id;
  r.total = total;
  if (total) {
    r.status = core::EvaluationStatus::kEvaluated;
    r.qz = *total + 1;
    r.lz = *total - 1;
    r.grade_class = grade_class.empty() ? (*total >= 80 ? "A" : "B") : grade_class;
    r.deliveries = 10;
  } else {
    r.reason = "no series deliveries";
  }
  return r;
}

TEST(RankResultsTest, TiesShareARankAndTheNextSkips) {
  const auto rows = RankResults({Result("S4", 70), Result("S2", 80), Result("S1", 90), Result("S3", 80),
                                 Result("S5", std::nullopt), Result("S0", 90.0000001)});
  ASSERT_EQ(rows.size(), 6U);
  const std::vector<std::pair<std::string, std::optional<std::int64_t>>> expected = {
      {"S0", 1}, {"S1", 2}, {"S2", 3}, {"S3", 3}, {"S4", 5}, {"S5", std::nullopt}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].result.supplier_id, expected[i].first);
    EXPECT_EQ(rows[i].rank, expected[i].second) << expected[i].first;
  }
}

// The answer texts: computed once per key, errors never kept, the least
// recently used dropped first when the texts outgrow their byte budget.
TEST(ResultsCacheAnswerTest, KeepsTextsWithinTheirBudgetLeastRecentlyUsedFirst) {
  ResultsCache cache(1, 1, 100);  // room for two 40-byte texts (with their keys), not three
  int computed = 0;
  const auto text_of = [&](const std::string& key) {
    auto text = cache.Answer(key, [&]() -> core::Result<std::string> {
      ++computed;
      return std::string(40 - 2 * key.size(), key[0]);
    });
    return text.ok() ? **text : text.error().ToString();
  };
  EXPECT_EQ(text_of("a"), std::string(38, 'a'));
  EXPECT_EQ(text_of("b"), std::string(38, 'b'));
  EXPECT_EQ(text_of("a"), std::string(38, 'a'));  // kept; now the most recent
  EXPECT_EQ(computed, 2);
  EXPECT_EQ(text_of("c"), std::string(38, 'c'));  // drops b, the least recently used
  EXPECT_EQ(text_of("a"), std::string(38, 'a'));
  EXPECT_EQ(computed, 3);
  EXPECT_EQ(text_of("b"), std::string(38, 'b'));
  EXPECT_EQ(computed, 4);
}

TEST(ResultsCacheAnswerTest, NeitherKeepsAnErrorNorATextLargerThanTheBudget) {
  ResultsCache cache(1, 1, 100);
  int computed = 0;
  auto failed = cache.Answer("k", [&]() -> core::Result<std::string> {
    ++computed;
    return core::Internal("database gone");
  });
  ASSERT_FALSE(failed.ok());
  auto later = cache.Answer("k", [&]() -> core::Result<std::string> {
    ++computed;
    return std::string("ok");
  });
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(**later, "ok");
  EXPECT_EQ(computed, 2);
  const auto huge = [&]() -> core::Result<std::string> {
    ++computed;
    return std::string(200, 'x');
  };
  ASSERT_EQ((*cache.Answer("huge", huge))->size(), 200U);
  ASSERT_EQ((*cache.Answer("huge", huge))->size(), 200U);
  EXPECT_EQ(computed, 4);  // answered both times, kept neither time
  auto still = cache.Answer("k", [&]() -> core::Result<std::string> { return std::string("recomputed"); });
  EXPECT_EQ(**still, "ok");  // and it pushed nothing out
}

// ---------------------------------------------------------------------------
// Against the store

class ResultsTest : public StoreServiceTest {
 protected:
  void SetUp() override {
    StoreServiceTest::SetUp();
    if (!database_) return;
    folder_ = Generate("data");
    ImportFolder(folder_);
    auto opened = store::OpenStore(url());
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    db_ = *std::move(opened);
  }

  // Publishes a run of `period` with the given results (as of the import).
  store::RunId Publish(const std::string& period, std::vector<core::SupplierResult> results,
                       store::BatchId as_of_batch = 1) {
    const core::Period p = PeriodOf(period);
    store::RunRecord run;
    run.summary.period = period;
    run.summary.created_at = "2026-07-02T07:00:00Z";
    run.summary.user = "publisher";
    run.summary.rules_name = "default";
    run.rules_toml = RuleSetText(core::DefaultRuleSet());
    run.summary.rules_sha256 = RuleSetSha256(core::DefaultRuleSet());
    run.summary.as_of_batch = as_of_batch;
    run.period_first = p.first;
    run.period_last = p.last;
    for (core::SupplierResult& r : results) r.name = "Name of " + r.supplier_id;
    run.results = std::move(results);
    auto id = db_->PublishRun(run);
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    return id.ok() ? *id : 0;
  }

  // The ranking of `query`; of 2026-H1 when it names no run.
  core::Result<RankingPage> Rank(RankingQuery query) {
    if (!query.run.period && !query.run.run) query.run.period = "2026-H1";
    return Ranking(*db_, cache_, staff_, query);
  }

  static std::vector<std::string> Ids(const RankingPage& page) {
    std::vector<std::string> ids;
    for (const RankingRow& row : page.rows) ids.push_back(row.ranked->result.supplier_id);
    return ids;
  }

  // The suppliers with a delivery received in [first, last] whose column
  // `column` is `value` (in the generated CSV).
  std::set<std::string> DeliveringSuppliers(const std::string& column, const std::string& value,
                                            const core::Period& period) const {
    const auto lines = testing::ReadLines(folder_ / "deliveries.csv");
    const auto header = testing::SplitCsv(lines.at(0));
    const auto at = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    std::set<std::string> suppliers;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const auto fields = testing::SplitCsv(lines[i]);
      const auto received = core::Date::Parse(fields.at(at("receipt_date")));
      if (received && period.Contains(*received) && fields.at(at(column)) == value) {
        suppliers.insert(fields.at(at("supplier_id")));
      }
    }
    return suppliers;
  }

  fs::path folder_;
  std::unique_ptr<store::Store> db_;
  ResultsCache cache_;
  Caller staff_{"qa", "QA", Role::kQuality, std::nullopt, std::nullopt, false};
};

void ExpectNotFound(const core::Error& error) { EXPECT_EQ(error.code, core::ErrorCode::kNotFound) << error.ToString(); }
void ExpectBadParameter(const core::Error& error, const std::string& parameter) {
  EXPECT_EQ(error.code, core::ErrorCode::kBadInput) << error.ToString();
  EXPECT_EQ(error.location.field, parameter) << error.ToString();
}

TEST_P(ResultsTest, GivenNeitherPeriodNorRunWithoutRunsFindsNothing) { ExpectNotFound(ChooseRun(*db_, {}).error()); }

TEST_P(ResultsTest, ChoosesTheRunByNumberPeriodOrBoth) {
  const store::RunId h1_first = Publish("2026-H1", {Result("S00001", 90)});
  const store::RunId q1 = Publish("2026-Q1", {Result("S00001", 80)});
  const store::RunId h1_latest = Publish("2026-01-01..2026-06-30", {Result("S00001", 85)});

  auto by_number = ChooseRun(*db_, {std::nullopt, std::to_string(q1)});
  ASSERT_TRUE(by_number.ok());
  EXPECT_EQ(by_number->summary.id, q1);
  EXPECT_EQ(by_number->period.first, *core::Date::Parse("2026-01-01"));
  EXPECT_EQ(by_number->period.last, *core::Date::Parse("2026-03-31"));

  auto latest = ChooseRun(*db_, {"2026-H1", std::nullopt});  // matched on dates: the range run is the latest
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->summary.id, h1_latest);
  EXPECT_EQ(latest->period.label, "2026-01-01..2026-06-30");  // the run's own label
  auto both = ChooseRun(*db_, {"2026-01-01..2026-06-30", std::to_string(h1_first)});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->summary.id, h1_first);

  ExpectNotFound(ChooseRun(*db_, {"2026-H1", std::to_string(q1)}).error());  // not a run of that period
  ExpectNotFound(ChooseRun(*db_, {std::nullopt, "99"}).error());
  ExpectNotFound(ChooseRun(*db_, {"2025-H2", std::nullopt}).error());
  auto neither = ChooseRun(*db_, {});  // the latest run of the period ending last (H1 after Q1)
  ASSERT_TRUE(neither.ok());
  EXPECT_EQ(neither->summary.id, h1_latest);
  ExpectBadParameter(ChooseRun(*db_, {"2026-H3", std::nullopt}).error(), "period");
  ExpectBadParameter(ChooseRun(*db_, {std::nullopt, "one"}).error(), "run");
  ExpectBadParameter(ChooseRun(*db_, {std::nullopt, "0"}).error(), "run");
}

TEST_P(ResultsTest, RanksOverTheWholeRunWithTiesAndNotEvaluatedLast) {
  Publish("2026-H1", {Result("S00001", 70), Result("S00002", 80), Result("S00003", 90), Result("S00004", 80),
                      Result("S00005", std::nullopt)});
  auto page = Rank({});
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(Ids(*page), (std::vector<std::string>{"S00003", "S00002", "S00004", "S00001", "S00005"}));
  std::vector<std::optional<std::int64_t>> ranks;
  for (const RankingRow& row : page->rows) ranks.push_back(row.ranked->rank);
  EXPECT_EQ(ranks, (std::vector<std::optional<std::int64_t>>{1, 2, 2, 4, std::nullopt}));
  EXPECT_EQ(page->total_count, 5);
  EXPECT_FALSE(page->previous_run.has_value());

  // Filters and paging select rows; the ranks stay those of the whole run.
  RankingQuery one;
  one.q = "s00001";
  auto filtered = Rank(one);
  ASSERT_TRUE(filtered.ok());
  ASSERT_EQ(filtered->rows.size(), 1U);
  EXPECT_EQ(filtered->rows[0].ranked->rank, 4);
  RankingQuery second_page;
  second_page.limit = "2";
  second_page.offset = "2";
  auto paged = Rank(second_page);
  ASSERT_TRUE(paged.ok());
  EXPECT_EQ(Ids(*paged), (std::vector<std::string>{"S00004", "S00001"}));
  EXPECT_EQ(paged->total_count, 5);
  second_page.offset = "5";
  auto past_end = Rank(second_page);
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->rows.empty());
  EXPECT_EQ(past_end->total_count, 5);
}

TEST_P(ResultsTest, PreviousTotalComesFromTheLatestRunOfThePrecedingPeriod) {
  Publish("2025-H2", {Result("S00001", 50), Result("S00002", 60)});
  const store::RunId previous = Publish("2025-07-01..2025-12-31", {Result("S00001", 60), Result("S00003", 70)});
  Publish("2026-Q1", {Result("S00001", 10)});  // another kind: not the preceding period
  const store::RunId current =
      Publish("2026-H1", {Result("S00001", 70.25), Result("S00002", 80), Result("S00003", std::nullopt)});
  auto page = Rank(QueryFor("2026-H1", std::nullopt));
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(page->table->run.summary.id, current);
  EXPECT_EQ(page->previous_run, previous);
  std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> by_id;
  for (const RankingRow& row : page->rows) by_id[row.ranked->result.supplier_id] = {row.previous_total, row.change};
  EXPECT_EQ(by_id["S00001"].first, 60);
  EXPECT_DOUBLE_EQ(*by_id["S00001"].second, 10.25);
  EXPECT_EQ(by_id["S00002"].first, std::nullopt);  // not in the previous run
  EXPECT_EQ(by_id["S00002"].second, std::nullopt);
  EXPECT_EQ(by_id["S00003"].first, 70);  // not evaluated now: no change
  EXPECT_EQ(by_id["S00003"].second, std::nullopt);

  // A date range has no preceding period.
  Publish("2026-01-01..2026-02-15", {Result("S00001", 70)});
  auto range = Rank(QueryFor("2026-01-01..2026-02-15", std::nullopt));
  ASSERT_TRUE(range.ok());
  EXPECT_FALSE(range->previous_run.has_value());
  EXPECT_EQ(range->rows.at(0).previous_total, std::nullopt);
}

TEST_P(ResultsTest, FiltersByClassStatusAndText) {
  Publish("2026-H1", {Result("S00001", 95, "A"), Result("S00002", 85, "B"), Result("S00003", 75, "C"),
                      Result("S00004", std::nullopt)});
  RankingQuery classes;
  classes.grade_class = "A,C";
  EXPECT_EQ(Ids(*Rank(classes)), (std::vector<std::string>{"S00001", "S00003"}));
  for (const char* bad : {"", "A,", ",A", "A,,B"}) {
    classes.grade_class = bad;
    ExpectBadParameter(Rank(classes).error(), "class");
  }
  RankingQuery evaluated;
  evaluated.status = "evaluated";
  EXPECT_EQ(Rank(evaluated)->total_count, 3);
  evaluated.status = "not_evaluated";
  EXPECT_EQ(Ids(*Rank(evaluated)), (std::vector<std::string>{"S00004"}));
  evaluated.status = "Evaluated";
  ExpectBadParameter(Rank(evaluated).error(), "status");
  RankingQuery text;
  text.q = "NAME OF S00002";  // the name, case-insensitively
  EXPECT_EQ(Ids(*Rank(text)), (std::vector<std::string>{"S00002"}));
  text.q = "00003";  // the id
  EXPECT_EQ(Ids(*Rank(text)), (std::vector<std::string>{"S00003"}));
  text.q = "zzz";
  EXPECT_EQ(Rank(text)->total_count, 0);
}

TEST_P(ResultsTest, FiltersByPlantAndCommodityFromTheRecordsTheRunSaw) {
  std::vector<core::SupplierResult> results;
  for (int i = 1; i <= 20; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "S%05d", i);
    results.push_back(Result(id, 50 + i));
  }
  Publish("2026-H1", results);
  const core::Period h1 = PeriodOf("2026-H1");
  const std::string plant = testing::GetField(folder_ / "deliveries.csv", 1, "plant_id");
  const std::set<std::string> expected = DeliveringSuppliers("plant_id", plant, h1);
  ASSERT_FALSE(expected.empty());
  RankingQuery by_plant;
  by_plant.plant = plant;
  by_plant.limit = "1000";
  auto page = Rank(by_plant);
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  const std::vector<std::string> ids = Ids(*page);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
  EXPECT_EQ(page->rows.front().ranked->rank, 21 - std::stoi(ids.front().substr(1)));  // ranks stay run-wide

  const std::string material = testing::GetField(folder_ / "deliveries.csv", 1, "material_id");
  std::string commodity;
  for (const std::string& line : testing::ReadLines(folder_ / "materials.csv")) {
    const auto fields = testing::SplitCsv(line);
    if (fields.at(0) == material) commodity = fields.at(1);
  }
  ASSERT_FALSE(commodity.empty());
  std::set<std::string> with_commodity;
  for (const std::string& line : testing::ReadLines(folder_ / "materials.csv")) {
    const auto fields = testing::SplitCsv(line);
    if (fields.at(1) != commodity) continue;
    for (const std::string& s : DeliveringSuppliers("material_id", fields.at(0), h1)) with_commodity.insert(s);
  }
  RankingQuery by_commodity;
  by_commodity.commodity = commodity;
  by_commodity.limit = "1000";
  auto commodity_page = Rank(by_commodity);
  ASSERT_TRUE(commodity_page.ok());
  const std::vector<std::string> commodity_ids = Ids(*commodity_page);
  // The generated deliveries are all series deliveries unless typed `sample`.
  EXPECT_EQ(std::set<std::string>(commodity_ids.begin(), commodity_ids.end()), with_commodity);

  by_plant.plant = "NO-SUCH-PLANT";
  auto unknown = Rank(by_plant);
  ASSERT_FALSE(unknown.ok());
  ExpectNotFound(unknown.error());
  by_commodity.commodity = "no such commodity";
  EXPECT_EQ(Rank(by_commodity)->total_count, 0);
}

TEST_P(ResultsTest, ThePlantFilterReadsTheDeliveriesAsTheRunSawThem) {
  const store::RunId before = Publish("2026-H1", {Result("S00001", 80), Result("S00002", 70)});
  // Later, every delivery of S00001 moves to another plant.
  const fs::path deliveries = folder_ / "deliveries.csv";
  auto lines = testing::ReadLines(deliveries);
  const auto header = testing::SplitCsv(lines.at(0));
  const auto at = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::string old_plant;
  std::set<std::string> plants;
  for (std::size_t i = 1; i < lines.size(); ++i) plants.insert(testing::SplitCsv(lines[i]).at(at("plant_id")));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto fields = testing::SplitCsv(lines[i]);
    if (fields.at(at("supplier_id")) != "S00001") continue;
    if (old_plant.empty()) old_plant = fields.at(at("plant_id"));
    fields.at(at("plant_id")) = *plants.begin() == old_plant ? *plants.rbegin() : *plants.begin();
    lines[i] = testing::JoinCsv(fields);
  }
  ASSERT_FALSE(old_plant.empty());
  ASSERT_GT(plants.size(), 1U);
  testing::WriteLines(deliveries, lines);
  ImportFolder(folder_);
  const store::RunId after = Publish("2026-H1", {Result("S00001", 80), Result("S00002", 70)}, 2);

  RankingQuery query = QueryFor(std::nullopt, std::to_string(before));
  query.plant = old_plant;
  auto seen_then = Rank(query);
  ASSERT_TRUE(seen_then.ok()) << seen_then.error().ToString();
  EXPECT_EQ(Ids(*seen_then).front(), "S00001");
  query.run.run = std::to_string(after);
  auto seen_now = Rank(query);
  ASSERT_TRUE(seen_now.ok()) << seen_now.error().ToString();
  const std::vector<std::string> now = Ids(*seen_now);
  EXPECT_EQ(std::find(now.begin(), now.end(), "S00001"), now.end());
}

TEST_P(ResultsTest, SortsByDeclaredFieldsNullsLastTiesBySupplierId) {
  Publish("2026-H1", {Result("S00003", 80), Result("S00001", 80), Result("S00002", 90), Result("S00004", std::nullopt),
                      Result("S00000", std::nullopt)});
  RankingQuery query;
  query.sort = "-total";
  EXPECT_EQ(Ids(*Rank(query)), (std::vector<std::string>{"S00002", "S00001", "S00003", "S00000", "S00004"}));
  query.sort = "total";
  EXPECT_EQ(Ids(*Rank(query)), (std::vector<std::string>{"S00001", "S00003", "S00002", "S00000", "S00004"}));
  query.sort = "-rank";
  EXPECT_EQ(Ids(*Rank(query)), (std::vector<std::string>{"S00001", "S00003", "S00002", "S00000", "S00004"}));
  query.sort = "class,-supplier_id";
  EXPECT_EQ(Ids(*Rank(query)), (std::vector<std::string>{"S00003", "S00002", "S00001", "S00004", "S00000"}));
  query.sort = "country";
  ExpectBadParameter(Rank(query).error(), "sort");
  query.sort = "total,";
  ExpectBadParameter(Rank(query).error(), "sort");
  EXPECT_EQ(RankingSort().default_order, "rank");
  EXPECT_EQ(RankingSort().key, "supplier_id");
  for (std::string_view field : {"rank", "total", "previous_total", "change", "name", "class"}) {
    EXPECT_NE(std::find(RankingSort().fields.begin(), RankingSort().fields.end(), field), RankingSort().fields.end())
        << field;
  }
  query.sort.reset();
  for (const char* limit : {"0", "1001"}) {
    query.limit = limit;
    ExpectBadParameter(Rank(query).error(), "limit");
  }
  query.limit.reset();
  query.offset = "-1";
  ExpectBadParameter(Rank(query).error(), "offset");
}

TEST_P(ResultsTest, TheRankingOfARunIsComputedOnce) {
  Publish("2026-H1", {Result("S00001", 70), Result("S00002", 80)});
  ASSERT_TRUE(Rank({}).ok());
  const std::size_t computed = cache_.computed();
  RankingQuery other;
  other.sort = "-name";
  other.q = "S";
  ASSERT_TRUE(Rank(other).ok());
  EXPECT_EQ(cache_.computed(), computed);
  // A bounded cache drops the least recently used run and computes it again, same answer.
  ResultsCache small(1);
  const store::RunId second = Publish("2026-Q1", {Result("S00001", 60)});
  ASSERT_TRUE(Ranking(*db_, small, staff_, QueryFor("2026-H1", std::nullopt)).ok());
  ASSERT_TRUE(Ranking(*db_, small, staff_, QueryFor(std::nullopt, std::to_string(second))).ok());
  auto again = Ranking(*db_, small, staff_, QueryFor("2026-H1", std::nullopt));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(small.computed(), 6U);  // each time the run's ranked table and its events
  EXPECT_EQ(Ids(*again), (std::vector<std::string>{"S00002", "S00001"}));
}

TEST_P(ResultsTest, TheRankingsAnswerTextIsTheRankingsJsonForEveryQuery) {
  Publish("2025-H2", {Result("S00001", 60), Result("S00002", 75)});
  Publish("2026-H1", {Result("S00001", 70), Result("S00002", 80), Result("S00003", std::nullopt)});
  std::vector<RankingQuery> queries(6);
  queries[1].sort = "-change,name";
  queries[2].q = "s0000";
  queries[2].limit = "1";
  queries[2].offset = "1";
  queries[3].grade_class = "A,B";
  queries[4].status = "not_evaluated";
  queries[5].run.run = "1";
  for (RankingQuery& query : queries) {
    if (!query.run.run) query.run.period = "2026-H1";
    auto page = Ranking(*db_, cache_, staff_, query);
    ASSERT_TRUE(page.ok()) << page.error().ToString();
    for (int twice = 0; twice < 2; ++twice) {  // computed, then kept
      auto text = RankingAnswer(*db_, cache_, staff_, query);
      ASSERT_TRUE(text.ok()) << text.error().ToString();
      EXPECT_EQ(**text, JsonText(RankingJson(*page)));
    }
  }
}

TEST_P(ResultsTest, TheRankingsAnswerFollowsANewRunOfThePeriodAndKeepsNoError) {
  Publish("2026-H1", {Result("S00001", 70)});
  RankingQuery query;
  query.run.period = "2026-H1";
  auto first = RankingAnswer(*db_, cache_, staff_, query);
  ASSERT_TRUE(first.ok());
  const store::RunId second = Publish("2026-H1", {Result("S00001", 90)});
  auto after = RankingAnswer(*db_, cache_, staff_, query);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(**after, **first);
  EXPECT_EQ(nlohmann::json::parse(**after)["run"], second);
  // Refusals are answered as Ranking answers them, in the same order.
  query.limit = "0";
  auto refused = RankingAnswer(*db_, cache_, staff_, query);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
  RankingQuery unknown_plant;
  unknown_plant.plant = "P99";
  EXPECT_EQ(RankingAnswer(*db_, cache_, staff_, unknown_plant).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(RankingAnswer(*db_, cache_, SupplierUser("S00001"), RankingQuery{}).error().code,
            core::ErrorCode::kNotFound);
  RankingQuery no_run;
  no_run.run.period = "2019-H1";
  no_run.limit = "-1";  // a bad parameter is told before a missing run
  EXPECT_EQ(RankingAnswer(*db_, cache_, staff_, no_run).error().code, core::ErrorCode::kBadInput);
}

TEST_P(ResultsTest, ThreadsShareOneCacheAndGetTheAnswersOfAnEmptyOne) {
  const store::RunId h2 = Publish("2025-H2", {Result("S00001", 60), Result("S00002", 75)});
  const store::RunId h1 = Publish("2026-H1", {Result("S00001", 70), Result("S00002", 80), Result("S00003", 80)});
  const auto answer = [](const core::Result<RankingPage>& page) {
    return page.ok() ? RankingJson(*page).dump() : page.error().ToString();
  };
  std::vector<std::string> expected;
  for (const store::RunId run : {h1, h2}) {
    ResultsCache empty;
    expected.push_back(answer(Ranking(*db_, empty, staff_, QueryFor(std::nullopt, std::to_string(run)))));
  }
  ResultsCache shared(1);  // one run kept: the threads keep replacing each other's tables
  std::vector<std::string> failures(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      auto own = store::OpenStore(url());
      if (!own.ok()) {
        failures[t] = own.error().ToString();
        return;
      }
      for (int i = 0; i < 10; ++i) {
        const std::size_t which = (t + static_cast<std::size_t>(i)) % 2;
        const store::RunId run = which == 0 ? h1 : h2;
        const std::string got = answer(Ranking(**own, shared, staff_, QueryFor(std::nullopt, std::to_string(run))));
        if (got != expected[which]) failures[t] = "run " + std::to_string(run) + ": " + got;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& failure : failures) EXPECT_EQ(failure, "");
}

TEST_P(ResultsTest, ASupplierUserSeesOnlyItsOwnPeriodsSupplierAndScorecard) {
  Publish("2025-H2", {Result("S00002", 60)});
  Publish("2026-Q1", {Result("S00001", 70), Result("S00002", 80)});
  const Caller own = SupplierUser("S00001");

  auto staff_periods = ListPeriods(*db_, cache_, staff_, std::nullopt, std::nullopt);
  ASSERT_TRUE(staff_periods.ok());
  EXPECT_EQ(staff_periods->total_count, 2);
  auto periods = ListPeriods(*db_, cache_, own, std::nullopt, std::nullopt);
  ASSERT_TRUE(periods.ok());
  ASSERT_EQ(periods->rows.size(), 1U);
  EXPECT_EQ(periods->rows[0].period.label, "2026-Q1");

  ExpectNotFound(Ranking(*db_, cache_, own, QueryFor("2026-Q1", std::nullopt)).error());
  // Another supplier's data answers exactly as an id that does not exist.
  const auto same_answer = [](const core::Error& other, const core::Error& missing) {
    ExpectNotFound(other);
    ExpectNotFound(missing);
    std::string message = missing.message;
    message.replace(message.find("S99999"), 6, "S00002");
    EXPECT_EQ(other.message, message);
    EXPECT_EQ(other.location.field, missing.location.field);
  };
  same_answer(ShowSupplier(*db_, own, "S00002").error(), ShowSupplier(*db_, own, "S99999").error());
  EXPECT_TRUE(ShowSupplier(*db_, own, "S00001").ok());
  same_answer(ShowScorecard(*db_, cache_, own, "S00002", {}).error(),
              ShowScorecard(*db_, cache_, own, "S99999", {}).error());
  same_answer(ShowScorecard(*db_, cache_, own, "S00002", {"2026-Q1", std::nullopt}).error(),
              ShowScorecard(*db_, cache_, own, "S99999", {"2026-Q1", std::nullopt}).error());
  // A bad parameter is a 400 before any 404, whoever's supplier it names.
  ExpectBadParameter(ShowScorecard(*db_, cache_, own, "S00002", {"2026-H3", std::nullopt}).error(), "period");
  ExpectBadParameter(ShowScorecard(*db_, cache_, own, "S00001", {std::nullopt, "x"}).error(), "run");
  RankingQuery bad_after_missing = QueryFor("2024-H1", std::nullopt);  // no such run, and a bad status
  bad_after_missing.status = "all";
  ExpectBadParameter(Ranking(*db_, cache_, staff_, bad_after_missing).error(), "status");
  auto suppliers = ListSuppliers(*db_, own, {});
  ASSERT_TRUE(suppliers.ok());
  ASSERT_EQ(suppliers->rows.size(), 1U);
  EXPECT_EQ(suppliers->rows[0].id, "S00001");
  ExpectNotFound(ListRunsPage(*db_, own, {}).error());
}

TEST_P(ResultsTest, ListsSuppliersByTextWithPaging) {
  auto all = ListSuppliers(*db_, staff_, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total_count, 20);
  EXPECT_EQ(all->rows.front().id, "S00001");
  SuppliersQuery query;
  query.q = "s0001";
  query.limit = "3";
  query.offset = "1";
  auto page = ListSuppliers(*db_, staff_, query);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total_count, 10);  // S00010..S00019
  ASSERT_EQ(page->rows.size(), 3U);
  EXPECT_EQ(page->rows[0].id, "S00011");
  const Json json = SupplierJson(page->rows[0]);
  EXPECT_EQ(json["supplier_id"], "S00011");
  EXPECT_TRUE(json["qz3"] == "evaluate" || json["qz3"] == "exempt");
  EXPECT_TRUE(json["country"].is_null() || !json["country"].get<std::string>().empty());
}

TEST_P(ResultsTest, TheScorecardExplainsTheRunAsItSawTheRecordsWithATrend) {
  const store::RunId q4 = Publish("2025-Q4", {Result("S00001", 40)});
  Publish("2025-Q3", {Result("S00002", 40)});                          // S00001 has no result then: no trend point
  const store::RunId h1 = Publish("2026-H1", {Result("S00001", 99)});  // another kind
  const store::RunId q1 = PublishEvaluated("2026-Q1");
  // Without period or run: the latest period with a result (2026-H1 ends after 2026-Q1).
  auto latest = ShowScorecard(*db_, cache_, staff_, "S00001", {});
  ASSERT_TRUE(latest.ok()) << latest.error().ToString();
  EXPECT_EQ(latest->run.summary.id, h1);
  ASSERT_EQ(latest->trend.size(), 1U);
  EXPECT_EQ(latest->trend[0].total, 99);

  auto card = ShowScorecard(*db_, cache_, staff_, "S00001", {"2026-Q1", std::nullopt});
  ASSERT_TRUE(card.ok()) << card.error().ToString();
  EXPECT_EQ(card->run.summary.id, q1);
  ASSERT_EQ(card->trend.size(), 2U);
  EXPECT_EQ(card->trend[0].run, q4);
  EXPECT_EQ(card->trend[0].total, 40);
  EXPECT_EQ(card->trend[1].run, q1);

  auto run = ShowRun(url(), q1);
  ASSERT_TRUE(run.ok());
  const auto published = std::find_if(run->run.results.begin(), run->run.results.end(),
                                      [](const core::SupplierResult& r) { return r.supplier_id == "S00001"; });
  ASSERT_NE(published, run->run.results.end());
  EXPECT_EQ(card->result.total, published->total);
  EXPECT_EQ(card->explanation().result.total, published->total);
  EXPECT_EQ(card->explanation().result.deliveries, published->deliveries);
  EXPECT_EQ(card->trend[1].total, published->total);

  const Json json = ScorecardJson(*card);
  EXPECT_EQ(json["period"], "2026-Q1");
  EXPECT_EQ(json["from"], "2026-01-01");
  EXPECT_EQ(json["to"], "2026-03-31");
  EXPECT_EQ(json["run"], q1);
  EXPECT_EQ(json["result"]["supplier_id"], "S00001");
  EXPECT_EQ(json["explanation"]["supplier_id"], "S00001");
  EXPECT_TRUE(json["explanation"].contains("complaints"));
  EXPECT_EQ(json["trend"].size(), 2U);

  ExpectNotFound(ShowScorecard(*db_, cache_, staff_, "S00002", {"2026-H1", std::nullopt}).error());  // not in it
}

TEST_P(ResultsTest, TheScorecardsAnswerTextFollowsNewRunsOfItsTrend) {
  Publish("2025-Q4", {Result("S00001", 40)});
  PublishEvaluated("2026-Q1");
  const RunSelector q1{"2026-Q1", std::nullopt};
  const auto text_of = [&](const Caller& caller, const RunSelector& selector) {
    auto text = ScorecardAnswer(*db_, cache_, caller, "S00001", selector);
    return text.ok() ? **text : text.error().ToString();
  };
  const auto json_of = [&](const RunSelector& selector) {
    auto card = ShowScorecard(*db_, cache_, staff_, "S00001", selector);
    return card.ok() ? JsonText(ScorecardJson(*card)) : card.error().ToString();
  };
  const std::string first = text_of(staff_, q1);
  EXPECT_EQ(first, json_of(q1));
  EXPECT_EQ(text_of(SupplierUser("S00001"), q1), first);  // its own: the same answer
  // Another supplier's user is told what an unknown supplier is told.
  ExpectNotFound(ScorecardAnswer(*db_, cache_, SupplierUser("S00002"), "S00001", q1).error());
  // A later run of an earlier quarter joins the trend of the same run's scorecard.
  Publish("2025-Q3", {Result("S00001", 30)});
  const std::string after = text_of(staff_, q1);
  EXPECT_NE(after, first);
  EXPECT_EQ(after, json_of(q1));
  EXPECT_EQ(nlohmann::json::parse(after)["trend"].size(), 3U);
}

TEST_P(ResultsTest, RankingJsonHasTheContractsTypes) {
  core::SupplierResult precise = Result("S00001", 83.456789012345);
  precise.warnings = {"w"};
  Publish("2025-H2", {Result("S00001", 80)});
  Publish("2026-H1", {precise, Result("S00002", std::nullopt)});
  const Json json = RankingJson(*Rank({}));
  EXPECT_EQ(json["period"], "2026-H1");
  EXPECT_EQ(json["from"], "2026-01-01");
  EXPECT_EQ(json["to"], "2026-06-30");
  EXPECT_EQ(json["run"], 2);
  EXPECT_EQ(json["previous_run"], 1);
  EXPECT_EQ(json["total_count"], 2);
  EXPECT_EQ(json["limit"], 50);
  EXPECT_EQ(json["offset"], 0);
  const Json& first = json["rows"][0];
  EXPECT_EQ(first["total"].get<double>(), 83.456789012345);  // full precision
  EXPECT_TRUE(first["reason"].is_null());                    // never ""
  EXPECT_EQ(first["class"], "A");
  EXPECT_EQ(first["rank"], 1);
  EXPECT_EQ(first["previous_total"], 80);
  EXPECT_DOUBLE_EQ(first["change"].get<double>(), 3.456789012345);
  EXPECT_TRUE(first["deliveries"].is_number_integer());
  EXPECT_EQ(first["warnings"], Json::array({"w"}));
  const Json& second = json["rows"][1];
  EXPECT_TRUE(second["rank"].is_null());
  EXPECT_TRUE(second["total"].is_null());
  EXPECT_TRUE(second["class"].is_null());
  EXPECT_EQ(second["reason"], "no series deliveries");
  EXPECT_TRUE(second["warnings"].is_array());
  EXPECT_TRUE(second["change"].is_null());
}

TEST_P(ResultsTest, RunsAreListedNewestFirstAndPagedBefore) {
  Publish("2025-H2", {Result("S00001", 80)});
  Publish("2026-Q1", {Result("S00001", 80)});
  Publish("2026-H1", {Result("S00001", 80)});
  auto all = ListRunsPage(*db_, staff_, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->rows.size(), 3U);
  EXPECT_EQ(all->rows[0].id, 3);
  EXPECT_EQ(all->rows[2].id, 1);
  auto before = ListRunsPage(*db_, staff_, {"3", "1", std::nullopt});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->total_count, 2);
  ASSERT_EQ(before->rows.size(), 1U);
  EXPECT_EQ(before->rows[0].id, 2);
  ExpectBadParameter(ListRunsPage(*db_, staff_, {"x", std::nullopt, std::nullopt}).error(), "before");

  auto one = ShowRunSummary(*db_, staff_, "2");
  ASSERT_TRUE(one.ok());
  const Json json = RunJson(*one);
  EXPECT_EQ(json["run"], 2);
  EXPECT_EQ(json["period"], "2026-Q1");
  EXPECT_EQ(json["from"], "2026-01-01");
  EXPECT_EQ(json["to"], "2026-03-31");
  EXPECT_EQ(json["published_by"], "publisher");
  EXPECT_EQ(json["suppliers"], 1);  // counted for the run's own answer
  EXPECT_EQ(json["evaluated"], 1);
  EXPECT_EQ(RunsJson(*all)["rows"][0], RunSummaryJson(all->rows[0]));
  ExpectNotFound(ShowRunSummary(*db_, staff_, "9").error());
}

INSTANTIATE_TEST_SUITE_P(Backends, ResultsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
