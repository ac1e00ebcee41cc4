// One supplier's records of a run against SQLite and PostgreSQL: the
// explanation from the supplier's own records equals `explain --as-of`'s
// from the whole store (for every supplier, and with complaints naming
// another supplier's deliveries); the deliveries' and complaints' figures
// are the explanation's; sort, paging and the supplier scope; the cache.
#include "supeval/service/supplier_records.hpp"

#include <gtest/gtest.h>

#include <map>

#include "service_test_support.hpp"
#include "supeval/io/explanation_writer.hpp"
#include "supeval/service/import.hpp"
#include "supeval/service/results_json.hpp"
#include "supeval/service/runs.hpp"

namespace supeval::service {
namespace {

using testing::StoreServiceTest;
namespace fs = std::filesystem;

constexpr const char* kPeriod = "2026-H1";

class SupplierRecordsTest : public StoreServiceTest {
 protected:
  void SetUp() override {
    StoreServiceTest::SetUp();
    if (!database_) return;
    folder_ = Generate("data");
    AddComplaintsNamingAnotherSuppliersDeliveries();
    ImportFolder(folder_);
    run_ = PublishEvaluated(kPeriod);
    auto opened = store::OpenStore(url());
    ASSERT_TRUE(opened.ok()) << opened.error().ToString();
    db_ = *std::move(opened);
  }

  // Two complaints of S00001 that name deliveries of S00002: one received
  // in the period, one before it (a lot-based defect: the lot counts).
  void AddComplaintsNamingAnotherSuppliersDeliveries() {
    const fs::path deliveries = folder_ / "deliveries.csv";
    const auto lines = testing::ReadLines(deliveries);
    const auto header = testing::SplitCsv(lines.at(0));
    const auto column = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    const core::Period period = *core::ParsePeriod(kPeriod);
    std::optional<std::vector<std::string>> inside, outside;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const auto fields = testing::SplitCsv(lines[i]);
      if (fields.at(column("supplier_id")) != "S00002") continue;
      const auto received = *core::Date::Parse(fields.at(column("receipt_date")));
      (period.Contains(received) ? inside : outside) = fields;
    }
    ASSERT_TRUE(inside && outside) << "the generated data has no delivery of S00002 inside and outside " << kPeriod;
    auto complaints = testing::ReadLines(folder_ / "complaints.csv");
    int n = 0;
    for (const auto& named : {*inside, *outside}) {
      ++n;
      complaints.push_back("KX" + std::to_string(n) + ",S00001," + named.at(column("plant_id")) + ",2026-03-1" +
                           std::to_string(n) + ",complaint,yes,closed," + named.at(column("delivery_id")) +
                           ",,nonconforming_usable,,,,,");
    }
    testing::WriteLines(folder_ / "complaints.csv", complaints);
  }

  // `supeval explain --db --as-of RUN --supplier ID --format json`'s text.
  std::string ExplainAsOfRun(const std::string& supplier_id) {
    StoreEvaluateRequest request;
    request.db_url = url();
    request.as_of_run = run_;
    request.explain_supplier = supplier_id;
    request.threads = 1;
    auto outcome = EvaluateStore(request);
    EXPECT_TRUE(outcome.ok()) << outcome.error().ToString();
    if (!outcome.ok()) return "";
    return io::WriteExplanationJson(*outcome->evaluation.explanation, outcome->period, outcome->rules);
  }

  RecordsQuery Query(std::optional<std::string> sort = std::nullopt, std::optional<std::string> limit = std::nullopt,
                     std::optional<std::string> offset = std::nullopt) {
    return RecordsQuery{{std::nullopt, std::to_string(run_)}, std::move(sort), std::move(limit), std::move(offset)};
  }

  std::vector<std::string> SupplierIds() {
    auto snapshot = db_->OpenSnapshot(std::nullopt);
    EXPECT_TRUE(snapshot.ok());
    auto suppliers = (*snapshot)->ReadSupplierList();
    EXPECT_TRUE(suppliers.ok());
    std::vector<std::string> ids;
    for (const core::Supplier& s : *suppliers) ids.push_back(s.id);
    return ids;
  }

  fs::path folder_;
  store::RunId run_ = 0;
  std::unique_ptr<store::Store> db_;
  ResultsCache cache_;
  Caller staff_{"qa", "QA", Role::kQuality, std::nullopt, std::nullopt, false};
};

void ExpectNotFound(const core::Error& error) { EXPECT_EQ(error.code, core::ErrorCode::kNotFound) << error.ToString(); }

TEST_P(SupplierRecordsTest, EachSuppliersScorecardExplainsAsExplainAsOfTheRunDoes) {
  // A later import changes records the run saw: the run still sees its own.
  for (std::size_t row = 1; row <= 20; ++row) {
    testing::SetField(folder_ / "deliveries.csv", row, "received_qty", "1");
    testing::SetField(folder_ / "complaints.csv", row, "justified", "no");
  }
  ImportFolder(folder_);
  const std::vector<std::string> ids = SupplierIds();
  ASSERT_GE(ids.size(), 2U);
  for (const std::string& id : ids) {
    auto card = ShowScorecard(*db_, cache_, staff_, id, {std::nullopt, std::to_string(run_)});
    ASSERT_TRUE(card.ok()) << id << ": " << card.error().ToString();
    const std::string explained = ExplainAsOfRun(id);
    EXPECT_EQ(io::WriteExplanationJson(card->explanation(), card->run.period, card->rules()), explained) << id;
    EXPECT_EQ(ScorecardJson(*card)["explanation"], Json::parse(explained)) << id;
  }
}

TEST_P(SupplierRecordsTest, ComplaintsNamingAnotherSuppliersDeliveriesCountTheirLots) {
  auto page = ListSupplierComplaints(*db_, cache_, staff_, "S00001", Query("complaint_id", "1000"));
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  std::map<std::string, const ComplaintRecord*> by_id;
  for (const ComplaintRecord* c : page->rows) by_id[c->record.id] = c;
  for (const char* id : {"KX1", "KX2"}) {
    ASSERT_TRUE(by_id.contains(id)) << id;
    const ComplaintRecord& c = *by_id[id];
    EXPECT_EQ(c.supplier_id, "S00001");
    EXPECT_EQ(c.figures.rule.basis, core::QuantityBasis::kLot) << id;
    ASSERT_TRUE(c.figures.basis_quantity.has_value()) << id << ": the named delivery's lot was not found";
    EXPECT_GT(c.figures.relevant, 0) << id;
  }
  const Json json = ComplaintsJson(*page);
  for (const Json& row : json["rows"]) EXPECT_TRUE(row["adjustment"].is_null());
}

TEST_P(SupplierRecordsTest, DeliveriesCarryTheExplanationsFiguresAndAddUpToItsCounts) {
  auto card = ShowScorecard(*db_, cache_, staff_, "S00003", {std::nullopt, std::to_string(run_)});
  ASSERT_TRUE(card.ok()) << card.error().ToString();
  auto page = ListSupplierDeliveries(*db_, cache_, staff_, "S00003", Query(std::nullopt, "1000"));
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(page->total_count, card->explanation().result.deliveries);
  ASSERT_EQ(static_cast<std::int64_t>(page->rows.size()), page->total_count);
  std::map<double, std::int64_t> lz1, lz2;
  std::map<std::string, const DeliveryRecord*> by_id;
  for (const DeliveryRecord* d : page->rows) {
    ++lz1[d->figures.lz1_points];
    ++lz2[d->figures.lz2_points];
    by_id[d->figures.id] = d;
  }
  EXPECT_EQ(lz1, card->explanation().lz1_points_count);
  EXPECT_EQ(lz2, card->explanation().lz2_points_count);
  ASSERT_FALSE(card->explanation().worst_by_date.empty());
  for (const core::DeliveryDeviation& worst : card->explanation().worst_by_date) {
    ASSERT_TRUE(by_id.contains(worst.id)) << worst.id;
    const core::DeliveryDeviation& listed = by_id[worst.id]->figures;
    EXPECT_EQ(listed.working_days, worst.working_days) << worst.id;
    EXPECT_EQ(listed.lz1_points, worst.lz1_points) << worst.id;
    EXPECT_EQ(listed.percent, worst.percent) << worst.id;
    EXPECT_EQ(listed.lz2_points, worst.lz2_points) << worst.id;
  }
  const Json row = DeliveriesJson(*page)["rows"][0];
  for (const char* member :
       {"delivery_id", "supplier_id", "plant_id", "material_id", "due_date", "due_qty", "receipt_date", "received_qty",
        "type", "deviation_working_days", "lz1_points", "deviation_percent", "lz2_points"}) {
    EXPECT_TRUE(row.contains(member)) << member;
  }
  EXPECT_EQ(row["supplier_id"], "S00003");
  EXPECT_TRUE(row["due_qty"].is_number());
}

TEST_P(SupplierRecordsTest, SortsByDateByDefaultByAnyDeclaredFieldAndPages) {
  auto all = ListSupplierDeliveries(*db_, cache_, staff_, "S00001", Query(std::nullopt, "1000"));
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  ASSERT_GE(all->rows.size(), 3U);
  for (std::size_t i = 1; i < all->rows.size(); ++i) {
    const core::DeliveryDeviation& a = all->rows[i - 1]->figures;
    const core::DeliveryDeviation& b = all->rows[i]->figures;
    EXPECT_TRUE(a.receipt_date < b.receipt_date || (a.receipt_date == b.receipt_date && a.id < b.id)) << b.id;
  }
  auto worst = ListSupplierDeliveries(*db_, cache_, staff_, "S00001", Query("lz1_points,-deviation_working_days"));
  ASSERT_TRUE(worst.ok());
  for (std::size_t i = 1; i < worst->rows.size(); ++i) {
    const core::DeliveryDeviation& a = worst->rows[i - 1]->figures;
    const core::DeliveryDeviation& b = worst->rows[i]->figures;
    EXPECT_LE(a.lz1_points, b.lz1_points);
    if (a.lz1_points == b.lz1_points) {
      EXPECT_GE(a.working_days, b.working_days);
      if (a.working_days == b.working_days) {
        EXPECT_LT(a.id, b.id);  // the key ends every order
      }
    }
  }
  // Pages of two, one past the last row: the same rows as the whole list.
  const auto total = all->rows.size();
  auto second = ListSupplierDeliveries(*db_, cache_, staff_, "S00001", Query(std::nullopt, "2", "2"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->total_count, static_cast<std::int64_t>(total));
  ASSERT_EQ(second->rows.size(), 2U);
  EXPECT_EQ(second->rows[0], all->rows[2]);
  EXPECT_EQ(second->rows[1], all->rows[3]);
  auto last =
      ListSupplierDeliveries(*db_, cache_, staff_, "S00001", Query(std::nullopt, "2", std::to_string(total - 1)));
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->rows.size(), 1U);
  EXPECT_EQ(last->rows[0], all->rows.back());
  auto past = ListSupplierDeliveries(*db_, cache_, staff_, "S00001", Query(std::nullopt, "2", std::to_string(total)));
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->rows.empty());

  auto by_date = ListSupplierComplaints(*db_, cache_, staff_, "S00001", Query("-date"));
  ASSERT_TRUE(by_date.ok());
  for (std::size_t i = 1; i < by_date->rows.size(); ++i) {
    EXPECT_GE(by_date->rows[i - 1]->record.date, by_date->rows[i]->record.date);
  }
  for (const char* bad : {"total", "", "date,date", "-"}) {
    auto refused = ListSupplierComplaints(*db_, cache_, staff_, "S00001", Query(bad));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput) << bad;
    EXPECT_EQ(refused.error().location.field, "sort") << bad;
  }
  EXPECT_FALSE(ListSupplierDeliveries(*db_, cache_, staff_, "S00001", Query(std::nullopt, "0")).ok());
}

TEST_P(SupplierRecordsTest, ASupplierUserSeesItsOwnRecordsAndNoOneElses) {
  const Caller own = SupplierUser("S00001");
  auto deliveries = ListSupplierDeliveries(*db_, cache_, own, "S00001", Query());
  ASSERT_TRUE(deliveries.ok()) << deliveries.error().ToString();
  EXPECT_GT(deliveries->total_count, 0);
  EXPECT_TRUE(ListSupplierComplaints(*db_, cache_, own, "S00001", Query()).ok());
  ExpectNotFound(ListSupplierDeliveries(*db_, cache_, own, "S00002", Query()).error());
  ExpectNotFound(ListSupplierComplaints(*db_, cache_, own, "S00002", Query()).error());
  // Identical to a supplier that does not exist.
  const auto other = ListSupplierDeliveries(*db_, cache_, own, "S00002", Query()).error();
  const auto missing = ListSupplierDeliveries(*db_, cache_, staff_, "S99999", Query()).error();
  EXPECT_EQ(other.code, missing.code);
  EXPECT_EQ(other.message, "supplier 'S00002' not found");
  // A run that does not exist, or of another period.
  ExpectNotFound(ListSupplierDeliveries(*db_, cache_, staff_, "S00001", {{std::nullopt, "99"}, {}, {}, {}}).error());
  ExpectNotFound(
      ListSupplierDeliveries(*db_, cache_, staff_, "S00001", {{"2025-H2", std::to_string(run_)}, {}, {}, {}}).error());
}

TEST_P(SupplierRecordsTest, ASuppliersRecordsAreEvaluatedOncePerRun) {
  const auto before = cache_.computed();
  ASSERT_TRUE(ShowScorecard(*db_, cache_, staff_, "S00001", {}).ok());
  const auto after_first = cache_.computed();
  EXPECT_GT(after_first, before);
  ASSERT_TRUE(ListSupplierDeliveries(*db_, cache_, staff_, "S00001", Query()).ok());
  ASSERT_TRUE(ListSupplierComplaints(*db_, cache_, staff_, "S00001", Query()).ok());
  ASSERT_TRUE(ShowScorecard(*db_, cache_, staff_, "S00001", {}).ok());
  EXPECT_EQ(cache_.computed(), after_first);
  // A cache that keeps one supplier evaluates again, with the same answer.
  ResultsCache small(16, 1);
  auto first = ShowScorecard(*db_, small, staff_, "S00001", {});
  ASSERT_TRUE(ShowScorecard(*db_, small, staff_, "S00002", {}).ok());
  const auto computed = small.computed();
  auto again = ShowScorecard(*db_, small, staff_, "S00001", {});
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_GT(small.computed(), computed);
  EXPECT_EQ(io::WriteExplanationJson(first->explanation(), first->run.period, first->rules()),
            io::WriteExplanationJson(again->explanation(), again->run.period, again->rules()));
}

INSTANTIATE_TEST_SUITE_P(Backends, SupplierRecordsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
