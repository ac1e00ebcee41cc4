// The store against both real databases (SQLite and PostgreSQL, never
// mocked): what is imported reads back exactly and evaluates exactly as the
// same records held in memory; re-imports change nothing; changed rows keep
// their old versions and any earlier state reads back "as of" its batch; an
// abandoned import leaves nothing; writers wait for each other or fail
// cleanly; snapshots are consistent; holds and published runs are recorded
// with who and why, and runs cannot be changed.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

#include "connection.hpp"
#include "schema.hpp"
#include "supeval/core/evaluator.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/store/store.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::store {
namespace {

using core::Date;
using core::Decimal;
using testing::TestDatabase;

Date D(const char* text) { return *Date::Parse(text); }
Decimal Q(const char* text) { return *core::ParseDecimal(text).value; }

// A data set small enough to check by eye, with every field of every record
// used at least once (optional ones both present and absent) and text that
// needs quoting or escaping.
struct Sample {
  core::MasterData master;
  std::vector<std::string> delivery_ids;
  std::vector<core::Delivery> deliveries;  // `id` views into delivery_ids

  void AddDelivery(std::string id, core::Index supplier, core::Index plant, core::Index material, Date due,
                   Decimal due_qty, Date receipt, Decimal received, core::DeliveryType type) {
    delivery_ids.push_back(std::move(id));
    core::Delivery d;
    d.supplier = supplier;
    d.plant = plant;
    d.material = material;
    d.due_date = due;
    d.due_qty = due_qty;
    d.receipt_date = receipt;
    d.received_qty = received;
    d.type = type;
    deliveries.push_back(d);
  }

  // Ids and slots as a reader would set them.
  void Finish() {
    master.referenced_delivery_ids.clear();
    for (core::Complaint& c : master.complaints) {
      if (c.delivery_id.empty()) continue;
      const auto found =
          std::find(master.referenced_delivery_ids.begin(), master.referenced_delivery_ids.end(), c.delivery_id);
      c.delivery_ref = static_cast<core::Index>(found - master.referenced_delivery_ids.begin());
      if (found == master.referenced_delivery_ids.end()) master.referenced_delivery_ids.push_back(c.delivery_id);
    }
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
      deliveries[i].id = delivery_ids[i];
      const auto& ids = master.referenced_delivery_ids;
      const auto found = std::find(ids.begin(), ids.end(), delivery_ids[i]);
      deliveries[i].referenced_slot =
          found == ids.end() ? core::kNoIndex : static_cast<core::Index>(found - ids.begin());
    }
  }
};

Sample MakeSample() {
  Sample s;
  core::MasterData& m = s.master;
  m.suppliers = {{"S1", "Alpha GmbH", "DE", false},
                 {"S2", "Beta, \"Inc.\"", "", true},
                 {"S3", "Gamma\ttab\nnew line \\ backslash \xc3\xa9", "FR", false}};
  m.plants = {
      {"P1", "Plant one", core::kMondayToFriday, {{D("2026-01-06"), false}, {D("2026-01-10"), true}}, "ACME-DE"},
      {"P2", "Plant two", core::kMondayToSaturday, {}}};
  m.materials = {{"M1", "M310", "pc", core::MaterialKind::kPurchased}, {"M2", "M051", "kg", core::MaterialKind::kRaw}};
  core::Complaint k1;
  k1.id = "K1";
  k1.supplier = 0;
  k1.plant = 0;
  k1.date = D("2026-02-01");
  k1.type = core::ComplaintType::kComplaint;
  k1.justified = true;
  k1.open = true;
  k1.delivery_id = "D0005";
  k1.rejected_qty = Q("5");
  k1.returned_on = D("2026-02-03");
  k1.confirmed_qty = Q("2.5");
  k1.confirmed_on = D("2026-03-01");
  core::Complaint k2;
  k2.id = "K2";
  k2.supplier = 1;
  k2.plant = 1;
  k2.date = D("2026-03-01");
  k2.type = core::ComplaintType::kSample;
  k2.justified = true;
  k2.material = 1;
  k2.defect = "packaging";
  k2.affected_qty = Q("0.000001");
  core::Complaint k3;
  k3.id = "K3";
  k3.supplier = 0;
  k3.plant = 1;
  k3.date = D("2026-01-20");
  k3.type = core::ComplaintType::kNotification;
  k3.justified = true;
  k3.delivery_id = "D-OLD-1";
  k3.defect = "nonconforming_rework";
  core::Complaint k4 = k1;
  k4.id = "K4";
  k4.justified = false;
  k4.delivery_id.clear();
  k4.rejected_qty.reset();
  m.complaints = {k1, k2, k3, k4};
  m.certifications = {{0, "ISO9001", D("2024-01-01"), D("2027-01-01")},
                      {0, "ISO14001", D("2025-01-01"), D("2026-03-31")},
                      {1, "IATF16949", D("2023-01-01"), D("2026-12-31")}};
  m.holds = {{0, core::HoldReason::kQuality, D("2026-01-15"), D("2026-02-15")},
             {2, core::HoldReason::kQuality, D("2026-03-01"), std::nullopt},
             {2, core::HoldReason::kDelivery, D("2026-01-01"), std::nullopt}};
  // Deliveries through the half-year, deterministic, with exact decimals.
  const char* quantities[] = {"100", "0.7", "12.5", "1000", "3.333333", "250"};
  const char* received[] = {"100", "0.77", "12", "1100", "3.333333", "0"};
  for (int i = 0; i < 240; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "D%04d", i);
    const Date due = D("2026-01-02") + (i * 7) % 178;
    const Date receipt = due + (i % 5) - 2;
    const auto supplier = static_cast<core::Index>(i % 3);
    s.AddDelivery(id, supplier, static_cast<core::Index>(i % 2), static_cast<core::Index>((i / 2) % 2), due,
                  Q(quantities[i % 6]), receipt, Q(received[i % 6]),
                  i % 11 == 0 ? core::DeliveryType::kSample : core::DeliveryType::kSeries);
  }
  // Outside the period: one a complaint names, one nobody needs.
  s.AddDelivery("D-OLD-1", 0, 1, 0, D("2025-12-18"), Q("40"), D("2025-12-20"), Q("40"), core::DeliveryType::kSeries);
  s.AddDelivery("D-OLD-2", 1, 0, 1, D("2025-11-18"), Q("40"), D("2025-11-20"), Q("41"), core::DeliveryType::kSeries);
  s.Finish();
  return s;
}

// The sample held in memory, as the reference source.
class MemorySource final : public core::RecordSource {
 public:
  explicit MemorySource(const Sample& sample) : sample_(sample) {}
  core::Result<core::MasterData> ReadMasterData() override { return sample_.master; }
  core::Status StreamDeliveries(const core::Period&, std::span<core::DeliveryAccumulator> accumulators) override {
    for (const core::Delivery& d : sample_.deliveries) accumulators.front().Add(d);
    return core::Ok{};
  }

 private:
  const Sample& sample_;
};

core::Period H1() { return *core::ParsePeriod("2026-H1"); }

// Evaluates with `readers` accumulators (a snapshot reads with as many
// connections), merged as the service merges them.
std::vector<core::SupplierResult> Evaluate(core::RecordSource& source, const core::Period& period = H1(),
                                           std::size_t readers = 1) {
  auto master = source.ReadMasterData();
  EXPECT_TRUE(master.ok()) << master.error().ToString();
  if (!master.ok()) return {};
  auto context = core::EvaluationContext::Create(core::DefaultRuleSet(), period, *std::move(master));
  EXPECT_TRUE(context.ok());
  if (!context.ok()) return {};
  std::vector<core::DeliveryAccumulator> accumulators;
  for (std::size_t i = 0; i < readers; ++i) accumulators.emplace_back(*context);
  const core::Status streamed = source.StreamDeliveries(period, accumulators);
  EXPECT_TRUE(streamed.ok()) << streamed.error().ToString();
  for (std::size_t i = 1; i < accumulators.size(); ++i) accumulators.front().Merge(std::move(accumulators[i]));
  auto results = core::Evaluate(*context, accumulators.front()).results;
  std::sort(results.begin(), results.end(), [](const auto& a, const auto& b) { return a.supplier_id < b.supplier_id; });
  return results;
}

// Every field, scores compared exactly (no tolerance).
void ExpectSameResults(const std::vector<core::SupplierResult>& a, const std::vector<core::SupplierResult>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const core::SupplierResult& x = a[i];
    const core::SupplierResult& y = b[i];
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
}

BatchHeader Header(std::string user = "tester") {
  return {"2026-07-01T08:00:00Z", std::move(user), "sample", "", {{"deliveries.csv", std::string(64, 'a'), 1234}}};
}

core::Result<BatchInfo> Import(Store& store, const Sample& sample) {
  auto session = store.BeginImport();
  if (!session.ok()) return session.error();
  if (core::Status s = (*session)->WriteMasterData(sample.master); !s.ok()) return s.error();
  for (const core::Delivery& d : sample.deliveries) {
    if (core::Status s = (*session)->WriteDelivery(d); !s.ok()) return s.error();
  }
  auto counts = (*session)->Finish();
  if (!counts.ok()) return counts.error();
  return (*session)->Commit(Header());
}

const TableCounts& Counts(const BatchInfo& batch, std::string_view table) {
  for (const TableCounts& counts : batch.tables) {
    if (counts.table == table) return counts;
  }
  static const TableCounts kNone;
  ADD_FAILURE() << "no counts for " << table;
  return kNone;
}

// Runs SQL on a connection of its own to `database_url` (created when
// missing), as someone bypassing supeval would.
core::Status RawScript(const std::string& database_url, const std::string& sql) {
  auto url = ParseDatabaseUrl(database_url);
  if (!url.ok()) return url.error();
  OpenOptions create;
  create.create_if_missing = true;
  auto connection = url->backend == Backend::kSqlite ? internal::OpenSqlite(url->target, create)
                                                     : internal::OpenPostgres(url->target, create);
  if (!connection.ok()) return connection.error();
  return (*connection)->ExecuteScript(sql);
}

// The SQL of a database as migrations up to `version` left it (an older
// binary's), with its schema_version rows.
std::string SchemaUpTo(Backend backend, int version) {
  std::string sql =
      "CREATE TABLE schema_version (version BIGINT NOT NULL PRIMARY KEY, description TEXT NOT NULL, "
      "applied_at TEXT NOT NULL); ";
  for (const internal::Migration& migration : internal::Migrations(backend)) {
    if (migration.version > version) break;
    sql += migration.sql + "INSERT INTO schema_version VALUES (" + std::to_string(migration.version) +
           ", 'then', 'then'); ";
  }
  return sql;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!testing::OpenOrSkip(GetParam(), database_)) return;
    store_ = Open();
  }

  std::unique_ptr<Store> Open(OpenOptions options = {}) {
    options.create_if_missing = true;
    auto store = OpenStore(database_->url(), options);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    return store.ok() ? *std::move(store) : nullptr;
  }

  std::vector<core::SupplierResult> EvaluateStore(std::optional<BatchId> as_of = std::nullopt, Store* store = nullptr) {
    auto snapshot = (store != nullptr ? store : store_.get())->OpenSnapshot(as_of);
    EXPECT_TRUE(snapshot.ok()) << snapshot.error().ToString();
    if (!snapshot.ok()) return {};
    return Evaluate(**snapshot);
  }

  // Runs SQL on a connection of its own, as someone bypassing supeval would.
  core::Status RawSql(const std::string& sql) { return RawScript(database_->url(), sql); }

  std::optional<TestDatabase> database_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, OpensEmptyWithTheLatestSchema) {
  EXPECT_EQ(store_->backend(), GetParam());
  EXPECT_EQ(store_->schema_version(), LatestSchemaVersion());
  auto last = store_->LastBatch();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 0);
  auto snapshot = store_->OpenSnapshot(std::nullopt);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
  EXPECT_EQ((*snapshot)->last_batch(), 0);
  auto master = (*snapshot)->ReadMasterData();
  ASSERT_TRUE(master.ok());
  EXPECT_TRUE(master->suppliers.empty());
}

TEST_P(StoreTest, ReopeningAppliesNoMigrationTwice) {
  auto again = Open();  // while the first store holds the new file (closed, it would remove it: no import)
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->schema_version(), LatestSchemaVersion());
}

TEST_P(StoreTest, RefusesASchemaNewerThanTheBinary) {
  ASSERT_TRUE(RawSql("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'future', 'x')").ok());
  store_.reset();
  auto opened = OpenStore(database_->url());
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("schema is version 999, newer than this supeval knows"), std::string::npos)
      << opened.error().message;
}

TEST_P(StoreTest, MasterDataReadsBackExactly) {
  const Sample sample = MakeSample();
  auto batch = Import(*store_, sample);
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  EXPECT_EQ(batch->id, 1);
  auto snapshot = store_->OpenSnapshot(std::nullopt);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ((*snapshot)->last_batch(), 1);
  auto master = (*snapshot)->ReadMasterData();
  ASSERT_TRUE(master.ok()) << master.error().ToString();
  const core::MasterData& want = sample.master;
  ASSERT_EQ(master->suppliers.size(), want.suppliers.size());
  for (std::size_t i = 0; i < want.suppliers.size(); ++i) {
    EXPECT_EQ(master->suppliers[i].id, want.suppliers[i].id);
    EXPECT_EQ(master->suppliers[i].name, want.suppliers[i].name);
    EXPECT_EQ(master->suppliers[i].country, want.suppliers[i].country);
    EXPECT_EQ(master->suppliers[i].qz3_exempt, want.suppliers[i].qz3_exempt);
  }
  ASSERT_EQ(master->plants.size(), want.plants.size());
  for (std::size_t i = 0; i < want.plants.size(); ++i) {
    EXPECT_EQ(master->plants[i].id, want.plants[i].id);
    EXPECT_EQ(master->plants[i].work_week, want.plants[i].work_week);
    EXPECT_EQ(master->plants[i].company, want.plants[i].company);
    ASSERT_EQ(master->plants[i].exceptions.size(), want.plants[i].exceptions.size());
    for (std::size_t d = 0; d < want.plants[i].exceptions.size(); ++d) {
      EXPECT_EQ(master->plants[i].exceptions[d].date, want.plants[i].exceptions[d].date);
      EXPECT_EQ(master->plants[i].exceptions[d].working, want.plants[i].exceptions[d].working);
    }
  }
  ASSERT_EQ(master->materials.size(), want.materials.size());
  for (std::size_t i = 0; i < want.materials.size(); ++i) {
    EXPECT_EQ(master->materials[i].id, want.materials[i].id);
    EXPECT_EQ(master->materials[i].commodity, want.materials[i].commodity);
    EXPECT_EQ(master->materials[i].unit, want.materials[i].unit);
    EXPECT_EQ(master->materials[i].kind, want.materials[i].kind);
  }
  ASSERT_EQ(master->complaints.size(), want.complaints.size());
  for (std::size_t i = 0; i < want.complaints.size(); ++i) {
    const core::Complaint& x = master->complaints[i];
    const core::Complaint& y = want.complaints[i];
    SCOPED_TRACE(y.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.supplier, y.supplier);
    EXPECT_EQ(x.plant, y.plant);
    EXPECT_EQ(x.date, y.date);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.justified, y.justified);
    EXPECT_EQ(x.open, y.open);
    EXPECT_EQ(x.delivery_id, y.delivery_id);
    if (!y.delivery_id.empty()) {
      EXPECT_EQ(master->referenced_delivery_ids.at(x.delivery_ref), y.delivery_id);
    }
    EXPECT_EQ(x.material, y.material);
    EXPECT_EQ(x.defect, y.defect);
    EXPECT_EQ(x.rejected_qty, y.rejected_qty);
    EXPECT_EQ(x.affected_qty, y.affected_qty);
    EXPECT_EQ(x.returned_on, y.returned_on);
    EXPECT_EQ(x.confirmed_qty, y.confirmed_qty);
    EXPECT_EQ(x.confirmed_on, y.confirmed_on);
  }
  ASSERT_EQ(master->certifications.size(), want.certifications.size());
  ASSERT_EQ(master->holds.size(), want.holds.size());
  std::size_t active_holds = 0;
  for (const core::Hold& hold : master->holds) active_holds += hold.withdrawn_on ? 0 : 1;
  EXPECT_EQ(active_holds, 2U);
}

TEST_P(StoreTest, EvaluatesExactlyAsTheSameRecordsInMemory) {
  const Sample sample = MakeSample();
  ASSERT_TRUE(Import(*store_, sample).ok());
  MemorySource memory(sample);
  const auto expected = Evaluate(memory);
  ASSERT_EQ(expected.size(), 3U);
  ExpectSameResults(expected, EvaluateStore());
  // A period where the deliveries a complaint names lie outside it.
  MemorySource again(sample);
  auto snapshot = store_->OpenSnapshot(std::nullopt);
  ASSERT_TRUE(snapshot.ok());
  ExpectSameResults(Evaluate(again, *core::ParsePeriod("2026-Q1")),
                    Evaluate(**snapshot, *core::ParsePeriod("2026-Q1")));
}

// Ids that are not numbered (names, mixed forms) are looked up by hash, the
// deliveries decoded in batches: the same results as ids found by number,
// with one connection and with two.
TEST_P(StoreTest, IdsThatAreNotNumberedEvaluateTheSame) {
  Sample sample = MakeSample();
  sample.master.suppliers[0].id = "ALPHA";
  sample.master.suppliers[1].id = "beta-gmbh";
  sample.master.materials[1].id = "BOLT M8x40";
  sample.master.plants[1].id = "Werk Nord";
  sample.Finish();
  ASSERT_TRUE(Import(*store_, sample).ok());
  MemorySource memory(sample);
  const auto expected = Evaluate(memory);
  ASSERT_EQ(expected.size(), 3U);
  for (const std::size_t readers : {1, 2}) {
    SCOPED_TRACE("readers " + std::to_string(readers));
    auto snapshot = store_->OpenSnapshot(std::nullopt, readers);
    ASSERT_TRUE(snapshot.ok());
    ExpectSameResults(expected, Evaluate(**snapshot, H1(), readers));
  }
}

// The deliveries complaints name outside the period are looked up by id a
// few hundred at a time, after the period's own: 1,300 of them (three
// lookups' worth), beside named deliveries in the period, read with one
// connection and with two.
TEST_P(StoreTest, EveryNamedDeliveryOutsideThePeriodIsFound) {
  Sample sample = MakeSample();
  for (int i = 0; i < 1300; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "D-PAST-%04d", i);
    const Date receipt = D("2025-10-01") + i % 60;
    sample.AddDelivery(id, static_cast<core::Index>(i % 3), 0, 0, receipt, Q("100"), receipt, Q("100"),
                       core::DeliveryType::kSeries);
    core::Complaint complaint = sample.master.complaints[0];
    complaint.id = "K-PAST-" + std::to_string(i);
    complaint.supplier = static_cast<core::Index>(i % 3);
    complaint.delivery_id = i % 10 == 0 ? "D0" + std::to_string(100 + i / 10) : id;  // some in the period
    complaint.rejected_qty = Q(i % 2 == 0 ? "1" : "7");
    sample.master.complaints.push_back(complaint);
  }
  sample.Finish();
  ASSERT_TRUE(Import(*store_, sample).ok());
  for (const char* period : {"2026-H1", "2026-Q1"}) {
    MemorySource memory(sample);
    const auto expected = Evaluate(memory, *core::ParsePeriod(period));
    ASSERT_EQ(expected.size(), 3U);
    EXPECT_NE(expected[0].ppm, std::nullopt);
    for (const std::size_t readers : {1, 2}) {
      SCOPED_TRACE(std::string(period) + ", readers " + std::to_string(readers));
      auto snapshot = store_->OpenSnapshot(std::nullopt, readers);
      ASSERT_TRUE(snapshot.ok());
      ExpectSameResults(expected, Evaluate(**snapshot, *core::ParsePeriod(period), readers));
    }
  }
}

// A supplier's snapshot holds that supplier's complaints, certificates and
// holds only, and evaluates it as the whole store does: with complaints
// naming other suppliers' deliveries in the period and before it, now and
// as of an earlier batch.
TEST_P(StoreTest, ASuppliersSnapshotEvaluatesItAsTheWholeStoreDoes) {
  Sample sample = MakeSample();
  for (int i = 0; i < 60; ++i) {
    const std::string id = "D-OTHER-" + std::to_string(i);
    const Date receipt = (i % 2 == 0 ? D("2025-11-01") : D("2026-02-01")) + i;  // before the period, in it
    sample.AddDelivery(id, static_cast<core::Index>((i + 1) % 3), 0, 0, receipt, Q("100"), receipt, Q("100"),
                       core::DeliveryType::kSeries);
    core::Complaint complaint = sample.master.complaints[0];
    complaint.id = "K-OTHER-" + std::to_string(i);
    complaint.supplier = static_cast<core::Index>(i % 3);  // another supplier's delivery
    complaint.delivery_id = id;
    complaint.defect = "nonconforming_usable";  // 10 % of the lot
    sample.master.complaints.push_back(complaint);
  }
  sample.Finish();
  ASSERT_TRUE(Import(*store_, sample).ok());
  Sample changed = sample;
  for (core::Complaint& complaint : changed.master.complaints) complaint.justified = !complaint.justified;
  changed.Finish();
  ASSERT_TRUE(Import(*store_, changed).ok());
  for (const std::optional<BatchId> as_of : {std::optional<BatchId>(1), std::optional<BatchId>()}) {
    const auto whole = EvaluateStore(as_of);
    ASSERT_EQ(whole.size(), 3U);
    for (const core::SupplierResult& expected : whole) {
      SCOPED_TRACE(expected.supplier_id + (as_of ? " as of batch 1" : ""));
      {
        auto snapshot = store_->OpenSupplierSnapshot(as_of, expected.supplier_id);
        ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
        auto master = (*snapshot)->ReadMasterData();
        ASSERT_TRUE(master.ok()) << master.error().ToString();
        const auto own = [&](core::Index supplier) {
          return master->suppliers.at(supplier).id == expected.supplier_id;
        };
        EXPECT_FALSE(master->complaints.empty());
        for (const core::Complaint& c : master->complaints) EXPECT_TRUE(own(c.supplier)) << c.id;
        for (const core::Certification& c : master->certifications) EXPECT_TRUE(own(c.supplier));
        for (const core::Hold& h : master->holds) EXPECT_TRUE(own(h.supplier));
      }
      auto snapshot = store_->OpenSupplierSnapshot(as_of, expected.supplier_id);
      ASSERT_TRUE(snapshot.ok());
      const auto results = Evaluate(**snapshot);
      const auto found = std::find_if(results.begin(), results.end(), [&](const core::SupplierResult& r) {
        return r.supplier_id == expected.supplier_id;
      });
      ASSERT_NE(found, results.end());
      ExpectSameResults({expected}, {*found});
    }
  }
}

// The master data read on two threads (materials beside suppliers and
// plants, complaints in two halves) is the master data read on one: the same
// records in the same order, the same named deliveries and slots, as of the
// last batch and as of an earlier one. Complaints are imported out of id order.
TEST_P(StoreTest, MasterDataReadsTheSameOnTwoThreads) {
  Sample sample = MakeSample();
  for (int i = 0; i < 6000; ++i) {
    core::Complaint complaint = sample.master.complaints[i % 4];
    complaint.id = "K-" + std::to_string((i * 7919) % 6000);
    complaint.supplier = static_cast<core::Index>(i % 3);
    complaint.delivery_id = i % 3 == 0 ? "D0" + std::to_string(100 + i % 140) : "";
    complaint.delivery_ref = core::kNoIndex;
    sample.master.complaints.push_back(complaint);
  }
  sample.Finish();
  ASSERT_TRUE(Import(*store_, sample).ok());
  sample.master.suppliers[0].name = "Alpha AG";
  ASSERT_TRUE(Import(*store_, sample).ok());
  for (const std::optional<BatchId> as_of : {std::optional<BatchId>(), std::optional<BatchId>(1)}) {
    SCOPED_TRACE(as_of ? "as of batch 1" : "current");
    auto one = store_->OpenSnapshot(as_of, 1);
    ASSERT_TRUE(one.ok());
    auto expected = (*one)->ReadMasterData();
    one->reset();
    auto two = store_->OpenSnapshot(as_of, 2);
    ASSERT_TRUE(two.ok());
    auto actual = (*two)->ReadMasterData();
    ASSERT_TRUE(expected.ok() && actual.ok());
    ASSERT_EQ(actual->complaints.size(), sample.master.complaints.size());
    ASSERT_EQ(actual->complaints.size(), expected->complaints.size());
    for (std::size_t i = 0; i < expected->complaints.size(); ++i) {
      const core::Complaint& x = expected->complaints[i];
      const core::Complaint& y = actual->complaints[i];
      EXPECT_EQ(x.id, y.id);
      EXPECT_EQ(x.supplier, y.supplier);
      EXPECT_EQ(x.delivery_id, y.delivery_id);
      EXPECT_EQ(x.delivery_ref, y.delivery_ref);
      EXPECT_EQ(x.rejected_qty, y.rejected_qty);
    }
    EXPECT_EQ(actual->referenced_delivery_ids, expected->referenced_delivery_ids);
    ASSERT_EQ(actual->materials.size(), expected->materials.size());
    for (std::size_t i = 0; i < expected->materials.size(); ++i)
      EXPECT_EQ(actual->materials[i].id, expected->materials[i].id);
    ASSERT_EQ(actual->suppliers.size(), expected->suppliers.size());
    for (std::size_t i = 0; i < expected->suppliers.size(); ++i) {
      EXPECT_EQ(actual->suppliers[i].name, expected->suppliers[i].name);
    }
    EXPECT_EQ(actual->suppliers[0].name, as_of ? "Alpha GmbH" : "Alpha AG");
  }
  MemorySource memory(sample);
  auto snapshot = store_->OpenSnapshot(std::nullopt, 2);
  ASSERT_TRUE(snapshot.ok());
  ExpectSameResults(Evaluate(memory, H1()), Evaluate(**snapshot, H1(), 2));
}

// One snapshot streamed for two periods in turn: the second stream finds the
// named deliveries that lie outside it though the first stream met them.
TEST_P(StoreTest, ASnapshotStreamsOnePeriodAfterAnother) {
  Sample sample = MakeSample();
  for (int i = 0; i < 40; ++i) {  // complaints naming deliveries from April to June
    core::Complaint complaint = sample.master.complaints[0];
    complaint.id = "K-LATE-" + std::to_string(i);
    complaint.supplier = static_cast<core::Index>(i % 3);
    complaint.delivery_id = "D0" + std::to_string(200 + i);
    sample.master.complaints.push_back(complaint);
  }
  sample.Finish();
  ASSERT_TRUE(Import(*store_, sample).ok());
  auto snapshot = store_->OpenSnapshot(std::nullopt);
  ASSERT_TRUE(snapshot.ok());
  auto master = (*snapshot)->ReadMasterData();
  ASSERT_TRUE(master.ok());
  for (const char* text : {"2026-H1", "2026-Q1"}) {
    SCOPED_TRACE(text);
    const core::Period period = *core::ParsePeriod(text);
    auto context = core::EvaluationContext::Create(core::DefaultRuleSet(), period, *master);
    ASSERT_TRUE(context.ok());
    std::vector<core::DeliveryAccumulator> accumulators;
    accumulators.emplace_back(*context);
    ASSERT_TRUE((*snapshot)->StreamDeliveries(period, accumulators).ok());
    auto results = core::Evaluate(*context, accumulators.front()).results;
    std::sort(results.begin(), results.end(),
              [](const auto& a, const auto& b) { return a.supplier_id < b.supplier_id; });
    MemorySource memory(sample);
    ExpectSameResults(Evaluate(memory, period), results);
  }
}

// A query streamed to a visitor: every row in order with its values; an
// error of the visitor, or an exception it throws, stops the query and comes
// back as the result; the connection is usable afterwards.
TEST_P(StoreTest, StreamedRowsReachTheVisitorUntilItStops) {
  auto url = ParseDatabaseUrl(database_->url());
  ASSERT_TRUE(url.ok());
  auto opened = url->backend == Backend::kSqlite ? internal::OpenSqlite(url->target, {})
                                                 : internal::OpenPostgres(url->target, {});
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  internal::Connection& connection = **opened;
  ASSERT_TRUE(connection.ExecuteScript("CREATE TABLE streamed (n BIGINT NOT NULL, label TEXT)").ok());
  ASSERT_TRUE(connection
                  .ExecuteScript("INSERT INTO streamed SELECT n, CASE WHEN n % 7 = 0 THEN NULL ELSE 'row ' || n END "
                                 "FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000) "
                                 "SELECT n FROM c) AS numbers")
                  .ok());
  ASSERT_TRUE(connection.Begin(internal::TransactionKind::kRead).ok());
  const std::string query = "SELECT n, label FROM streamed WHERE n >= ? ORDER BY n";
  const internal::Value from[] = {internal::Value::Int(2)};
  std::int64_t expected = 2;
  core::Status all = connection.ForEachStreamed(query, from, [&](const internal::Row& row) -> core::Status {
    EXPECT_EQ(row.Int(0), expected);
    EXPECT_EQ(row.IsNull(1), expected % 7 == 0);
    if (expected % 7 != 0) {
      EXPECT_EQ(row.Text(1), "row " + std::to_string(expected));
    }
    ++expected;
    return core::Ok{};
  });
  EXPECT_TRUE(all.ok()) << all.error().ToString();
  EXPECT_EQ(expected, 3001);

  int visited = 0;
  core::Status stopped = connection.ForEachStreamed(query, from, [&](const internal::Row&) -> core::Status {
    if (++visited == 10) return core::BadInput("refused at the tenth row");
    return core::Ok{};
  });
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message, "refused at the tenth row");
  EXPECT_EQ(visited, 10);

  core::Status thrown = connection.ForEachStreamed(
      query, from, [&](const internal::Row&) -> core::Status { throw std::runtime_error("out of something"); });
  ASSERT_FALSE(thrown.ok());
  EXPECT_NE(thrown.error().message.find("out of something"), std::string::npos) << thrown.error().message;
  auto count = internal::QueryInt(connection, "SELECT count(*) FROM streamed");
  ASSERT_TRUE(count.ok()) << count.error().ToString();
  EXPECT_EQ(*count, 3000);
  connection.Rollback();
}

TEST_P(StoreTest, ImportCountsAndReimportingChangesNothing) {
  const Sample sample = MakeSample();
  auto first = Import(*store_, sample);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(Counts(*first, "deliveries").added, 242);
  EXPECT_EQ(Counts(*first, "suppliers").added, 3);
  EXPECT_EQ(Counts(*first, "calendar_days").added, 2);
  EXPECT_EQ(first->Totals().changed, 0);
  auto second = Import(*store_, sample);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->id, 2);
  EXPECT_EQ(second->Totals().added, 0);
  EXPECT_EQ(second->Totals().changed, 0);
  EXPECT_EQ(second->Totals().unchanged, first->Totals().added);
  // The batches are recorded with their files and counts.
  auto batches = store_->ListBatches(std::nullopt);
  ASSERT_TRUE(batches.ok()) << batches.error().ToString();
  ASSERT_EQ(batches->size(), 2U);
  EXPECT_EQ((*batches)[1].user, "tester");
  EXPECT_EQ((*batches)[1].created_at, "2026-07-01T08:00:00Z");
  ASSERT_EQ((*batches)[1].files.size(), 1U);
  EXPECT_EQ((*batches)[1].files[0].sha256, std::string(64, 'a'));
  EXPECT_EQ((*batches)[1].files[0].bytes, 1234);
  EXPECT_EQ((*batches)[1].Totals().unchanged, second->Totals().unchanged);
  EXPECT_EQ((*batches)[1].tables.size(), TableNames().size());
}

TEST_P(StoreTest, ChangedRowsKeepTheirOldVersionsAndEarlierStatesReadBack) {
  const Sample original = MakeSample();
  ASSERT_TRUE(Import(*store_, original).ok());
  const auto before = EvaluateStore();

  Sample changed = MakeSample();
  changed.master.suppliers[0].name = "Alpha AG";
  changed.master.holds[1].withdrawn_on = D("2026-04-01");
  changed.deliveries[3].received_qty = Q("1");  // D0003 of S0
  changed.deliveries[4].receipt_date = D("2026-06-29");
  changed.master.complaints[1].justified = false;
  changed.AddDelivery("D9999", 2, 0, 0, D("2026-05-05"), Q("10"), D("2026-05-05"), Q("10"),
                      core::DeliveryType::kSeries);
  changed.Finish();
  auto second = Import(*store_, changed);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(Counts(*second, "suppliers").changed, 1);
  EXPECT_EQ(Counts(*second, "holds").changed, 1);
  EXPECT_EQ(Counts(*second, "complaints").changed, 1);
  EXPECT_EQ(Counts(*second, "deliveries").changed, 2);
  EXPECT_EQ(Counts(*second, "deliveries").added, 1);
  EXPECT_EQ(Counts(*second, "deliveries").unchanged, 240);

  MemorySource now(changed);
  ExpectSameResults(Evaluate(now), EvaluateStore());
  // As of the first batch, the store is what the first import wrote.
  ExpectSameResults(before, EvaluateStore(1));
  MemorySource then(original);
  ExpectSameResults(Evaluate(then), EvaluateStore(1));

  // Importing the first files again: the old values come back as a change;
  // a row the files no longer hold (D9999) is kept — imports never delete.
  auto third = Import(*store_, original);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(Counts(*third, "deliveries").changed, 2);
  EXPECT_EQ(Counts(*third, "deliveries").added, 0);
  EXPECT_EQ(Counts(*third, "deliveries").unchanged, 240);
  Sample reverted = MakeSample();
  reverted.AddDelivery("D9999", 2, 0, 0, D("2026-05-05"), Q("10"), D("2026-05-05"), Q("10"),
                       core::DeliveryType::kSeries);
  reverted.Finish();
  MemorySource reverted_source(reverted);
  ExpectSameResults(Evaluate(reverted_source), EvaluateStore());
  ExpectSameResults(Evaluate(now), EvaluateStore(2));
  ExpectSameResults(before, EvaluateStore(1));

  // The kept history cannot be rewritten, not even with SQL.
  store_.reset();
  EXPECT_FALSE(RawSql("UPDATE deliveries_history SET to_batch = 1").ok());
  EXPECT_FALSE(RawSql("DELETE FROM suppliers_history").ok());
}

TEST_P(StoreTest, ListsTheNetChangesBetweenBatches) {
  ASSERT_TRUE(Import(*store_, MakeSample()).ok());
  Sample changed = MakeSample();
  changed.master.suppliers[0].name = "Alpha AG";
  changed.deliveries[3].received_qty = Q("1.5");
  changed.AddDelivery("D9999", 2, 0, 0, D("2026-05-05"), Q("10"), D("2026-05-05"), Q("10"),
                      core::DeliveryType::kSeries);
  changed.Finish();
  ASSERT_TRUE(Import(*store_, changed).ok());
  std::vector<RecordChange> changes;
  const core::Status listed = store_->ChangesBetween(1, 2, {D("2026-01-01"), D("2026-06-30")}, {},
                                                     [&](const RecordChange& c) { changes.push_back(c); });
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  ASSERT_EQ(changes.size(), 3U);
  std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  EXPECT_EQ(changes[0].table, "deliveries");
  EXPECT_EQ(changes[0].key, "D0003");
  EXPECT_EQ(changes[0].supplier_id, "S1");
  EXPECT_EQ(changes[0].batch, 2);
  ASSERT_FALSE(changes[0].before.empty());
  const auto quantity = [](const std::vector<std::pair<std::string, std::string>>& columns) {
    for (const auto& [name, text] : columns) {
      if (name == "received_qty") return text;
    }
    return std::string("?");
  };
  EXPECT_EQ(quantity(changes[0].before), "1100");
  EXPECT_EQ(quantity(changes[0].after), "1.5");
  EXPECT_EQ(changes[1].key, "D9999");
  EXPECT_TRUE(changes[1].before.empty());
  EXPECT_EQ(changes[2].table, "suppliers");
  // Filtered by supplier: only S3's new delivery.
  changes.clear();
  ASSERT_TRUE(store_
                  ->ChangesBetween(1, 2, {D("2026-01-01"), D("2026-06-30")}, {"S3"},
                                   [&](const RecordChange& c) { changes.push_back(c); })
                  .ok());
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].key, "D9999");
  // Nothing between a batch and itself.
  changes.clear();
  ASSERT_TRUE(store_
                  ->ChangesBetween(2, 2, {D("2026-01-01"), D("2026-06-30")}, {},
                                   [&](const RecordChange& c) { changes.push_back(c); })
                  .ok());
  EXPECT_TRUE(changes.empty());
}

TEST_P(StoreTest, AnAbandonedImportLeavesNothing) {
  const Sample sample = MakeSample();
  ASSERT_TRUE(Import(*store_, sample).ok());
  const auto before = EvaluateStore();
  {
    Sample changed = MakeSample();
    changed.master.suppliers[0].name = "Changed";
    changed.deliveries[0].received_qty = Q("1");
    auto session = store_->BeginImport();
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE((*session)->WriteMasterData(changed.master).ok());
    for (const core::Delivery& d : changed.deliveries) ASSERT_TRUE((*session)->WriteDelivery(d).ok());
    // Destroyed mid-load, without Commit().
  }
  auto last = store_->LastBatch();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 1);
  ExpectSameResults(before, EvaluateStore());
  // And the store is usable: the next import is batch 2.
  auto next = Import(*store_, sample);
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(next->id, 2);
  EXPECT_EQ(next->Totals().changed, 0);
}

TEST_P(StoreTest, ASecondWriterWaitsForTheFirst) {
  const Sample sample = MakeSample();
  auto other = Open();
  ASSERT_NE(other, nullptr);
  auto first = store_->BeginImport();
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_TRUE((*first)->WriteMasterData(sample.master).ok());

  std::atomic<bool> second_started{false};
  core::Result<BatchInfo> second_result = core::Internal("not run");
  std::thread second([&] {
    auto session = other->BeginImport();  // blocks while the first import holds the write lock
    second_started = true;
    if (!session.ok()) {
      second_result = session.error();
      return;
    }
    if (core::Status s = (*session)->WriteMasterData(sample.master); !s.ok()) {
      second_result = s.error();
      return;
    }
    for (const core::Delivery& d : sample.deliveries) (void)(*session)->WriteDelivery(d);
    if (auto counts = (*session)->Finish(); !counts.ok()) {
      second_result = counts.error();
      return;
    }
    second_result = (*session)->Commit(Header("second"));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Whatever the timing, the second writer cannot have the lock yet.
  EXPECT_FALSE(second_started.load());
  for (const core::Delivery& d : sample.deliveries) ASSERT_TRUE((*first)->WriteDelivery(d).ok());
  ASSERT_TRUE((*first)->Finish().ok());
  auto committed = (*first)->Commit(Header("first"));
  ASSERT_TRUE(committed.ok()) << committed.error().ToString();
  first->reset();
  second.join();
  ASSERT_TRUE(second_result.ok()) << second_result.error().ToString();
  EXPECT_EQ(committed->id, 1);
  EXPECT_EQ(committed->Totals().added, 3 + 2 + 2 + 2 + 4 + 3 + 3 + 242);
  // The second saw everything the first wrote.
  EXPECT_EQ(second_result->id, 2);
  EXPECT_EQ(second_result->Totals().added, 0);
  EXPECT_EQ(second_result->Totals().changed, 0);
}

TEST_P(StoreTest, AWriterThatCannotGetTheLockFailsCleanly) {
  const Sample sample = MakeSample();
  OpenOptions impatient;
  impatient.lock_timeout = std::chrono::milliseconds(200);
  auto other = Open(impatient);
  ASSERT_NE(other, nullptr);
  auto first = store_->BeginImport();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->WriteMasterData(sample.master).ok());
  auto second = other->BeginImport();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, core::ErrorCode::kBadInput);  // exit status 2: try again later
  EXPECT_NE(second.error().message.find("busy"), std::string::npos) << second.error().message;
  EXPECT_EQ(second.error().problem, "import-in-progress");  // the server's 409
  for (const core::Delivery& d : sample.deliveries) ASSERT_TRUE((*first)->WriteDelivery(d).ok());
  ASSERT_TRUE((*first)->Finish().ok());
  ASSERT_TRUE((*first)->Commit(Header()).ok());
  first->reset();
  MemorySource memory(sample);
  ExpectSameResults(Evaluate(memory), EvaluateStore(std::nullopt, other.get()));
}

// A hold change does not queue behind an import for its connection's lock
// timeout (here the default ten minutes): it fails at once as busy. The
// import gives up its lock when the hold change has answered, or after a
// few seconds in any case: a hold change that waited for the lock would
// then succeed, and the test fail.
TEST_P(StoreTest, AHoldChangeThatMeetsAnImportFailsAtOnceAsBusy) {
  const Sample sample = MakeSample();
  ASSERT_TRUE(Import(*store_, sample).ok());
  const BatchHeader header{"2026-07-02T09:00:00Z", "qa-lead", "hold", "late PPAP", {}};
  const HoldKey imposed_before{"S1", core::HoldReason::kQuality, D("2026-06-01")};
  ASSERT_TRUE(store_->ImposeHold(imposed_before, header).ok());
  const HoldKey new_hold{"S1", core::HoldReason::kDelivery, D("2026-06-01")};
  auto other = Open();
  ASSERT_NE(other, nullptr);
  auto import = store_->BeginImport();
  ASSERT_TRUE(import.ok()) << import.error().ToString();
  ASSERT_TRUE((*import)->WriteMasterData(sample.master).ok());  // holds the write lock now
  std::promise<void> answered;
  std::thread importer([&, done = answered.get_future()] {
    (void)done.wait_for(std::chrono::seconds(5));
    import->reset();  // rolled back: the lock is free
  });
  auto imposed = other->ImposeHold(new_hold, header);
  auto withdrawn = other->WithdrawHold(imposed_before, D("2026-06-02"), header);
  answered.set_value();
  importer.join();
  for (const auto* change : {&imposed, &withdrawn}) {
    ASSERT_FALSE(change->ok()) << "the hold change waited for the import";
    EXPECT_EQ(change->error().code, core::ErrorCode::kBadInput);  // exit status 2: try again later
    EXPECT_EQ(change->error().problem, "import-in-progress");     // the server's 409
  }
  // With the import gone, the same changes go through.
  EXPECT_TRUE(other->ImposeHold(new_hold, header).ok());
  EXPECT_TRUE(other->WithdrawHold(imposed_before, D("2026-06-02"), header).ok());
}

TEST_P(StoreTest, ASnapshotDoesNotSeeLaterImports) {
  const Sample sample = MakeSample();
  ASSERT_TRUE(Import(*store_, sample).ok());
  auto reader = Open();
  ASSERT_NE(reader, nullptr);
  auto snapshot = reader->OpenSnapshot(std::nullopt);
  ASSERT_TRUE(snapshot.ok());
  Sample changed = MakeSample();
  changed.master.suppliers[0].name = "Alpha AG";
  ASSERT_TRUE(Import(*store_, changed).ok());  // a writer is not held up by a reader
  EXPECT_EQ((*snapshot)->last_batch(), 1);
  auto master = (*snapshot)->ReadMasterData();
  ASSERT_TRUE(master.ok());
  EXPECT_EQ(master->suppliers[0].name, "Alpha GmbH");
}

TEST_P(StoreTest, CertificatesAndHoldsAreKeyedAndConflictsRefused) {
  Sample sample = MakeSample();
  sample.master.certifications.push_back(sample.master.certifications[0]);  // an exact repeat: kept once
  auto batch = Import(*store_, sample);
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  EXPECT_EQ(Counts(*batch, "certifications").added, 3);
  Sample conflicting = MakeSample();
  conflicting.master.certifications.push_back(conflicting.master.certifications[0]);
  conflicting.master.certifications.back().valid_to = D("2030-01-01");
  auto refused = Import(*store_, conflicting);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
  EXPECT_NE(refused.error().message.find("supplier S1 has ISO9001 valid from 2024-01-01 twice"), std::string::npos)
      << refused.error().message;
  auto last = store_->LastBatch();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 1);
}

TEST_P(StoreTest, HoldsAreImposedAndWithdrawnWithWhoAndWhy) {
  ASSERT_TRUE(Import(*store_, MakeSample()).ok());
  const auto before = EvaluateStore();
  BatchHeader header{"2026-07-02T09:00:00Z", "qa-lead", "hold", "late PPAP for new part", {}};
  const HoldKey hold{"S1", core::HoldReason::kQuality, D("2026-06-01")};
  auto imposed = store_->ImposeHold(hold, header);
  ASSERT_TRUE(imposed.ok()) << imposed.error().ToString();
  EXPECT_EQ(imposed->id, 2);
  EXPECT_EQ(imposed->kind, BatchKind::kHolds);
  // QZ3 of S1 drops to the hold's points on the reference date.
  const auto held = EvaluateStore();
  ASSERT_TRUE(held[0].qz3.has_value());
  EXPECT_EQ(*held[0].qz3, core::DefaultRuleSet().hold_points);
  EXPECT_NE(before[0].qz3, held[0].qz3);

  auto twice = store_->ImposeHold(hold, header);  // the same hold twice
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  auto unknown = store_->ImposeHold({"S404", core::HoldReason::kQuality, D("2026-06-01")}, header);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kRefused);
  EXPECT_NE(unknown.error().message.find("unknown supplier 'S404'"), std::string::npos);
  auto too_early = store_->WithdrawHold(hold, D("2026-05-31"), header);  // a day before it was imposed
  ASSERT_FALSE(too_early.ok());
  EXPECT_EQ(too_early.error().code, core::ErrorCode::kRefused);
  EXPECT_NE(too_early.error().message.find("before it was imposed"), std::string::npos);
  auto none = store_->WithdrawHold({"S1", core::HoldReason::kDelivery, D("2026-06-01")}, D("2026-06-20"), header);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, core::ErrorCode::kNotFound);

  header.comment = "PPAP approved";
  auto withdrawn = store_->WithdrawHold(hold, D("2026-06-20"), header);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().ToString();
  EXPECT_EQ(withdrawn->id, 3);
  EXPECT_EQ(withdrawn->tables.at(0).changed, 1);
  ExpectSameResults(before, EvaluateStore());
  // As of the batch that imposed it, the hold is active again.
  ExpectSameResults(held, EvaluateStore(2));
  auto again = store_->WithdrawHold(hold, D("2026-06-21"), header);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().problem, "already-withdrawn");
  EXPECT_NE(again.error().message.find("already withdrawn on 2026-06-20"), std::string::npos);

  auto holds = store_->ListHolds(std::string("S1"));
  ASSERT_TRUE(holds.ok()) << holds.error().ToString();
  ASSERT_EQ(holds->size(), 2U);
  const StoredHold& latest = (*holds)[1];
  EXPECT_EQ(latest.key.imposed_on, D("2026-06-01"));
  EXPECT_EQ(latest.withdrawn_on, D("2026-06-20"));
  EXPECT_EQ(latest.changed_by, "qa-lead");
  EXPECT_EQ(latest.why, "PPAP approved");
  EXPECT_EQ(latest.batch, 3);
}

// Every hold has an id of its own (API.md: an integer assigned to its key),
// whoever wrote it first: imported holds and those of `holds impose` alike.
// Writing the hold again (a withdrawal, a re-import) keeps the id.
TEST_P(StoreTest, HoldsKeepTheIdTheirKeyWasGivenFirst) {
  ASSERT_TRUE(Import(*store_, MakeSample()).ok());
  auto imported = store_->ListHolds(std::nullopt);
  ASSERT_TRUE(imported.ok()) << imported.error().ToString();
  ASSERT_EQ(imported->size(), 3U);
  std::set<HoldId> ids;
  for (const StoredHold& hold : *imported) ids.insert(hold.id);
  EXPECT_EQ(ids, (std::set<HoldId>{1, 2, 3}));

  BatchHeader header{"2026-07-02T09:00:00Z", "qa-lead", "hold", "late PPAP", {}};
  const HoldKey key{"S2", core::HoldReason::kQuality, D("2026-06-01")};
  ASSERT_TRUE(store_->ImposeHold(key, header).ok());
  auto imposed = store_->ReadHold(4);
  ASSERT_TRUE(imposed.ok()) << imposed.error().ToString();
  ASSERT_TRUE(imposed->has_value());
  EXPECT_EQ((*imposed)->key.supplier_id, "S2");
  EXPECT_EQ((*imposed)->key.imposed_on, D("2026-06-01"));
  EXPECT_FALSE((*imposed)->withdrawn_on.has_value());
  EXPECT_EQ((*imposed)->changed_by, "qa-lead");

  ASSERT_TRUE(store_->WithdrawHold(key, D("2026-06-01"), header).ok());  // on the day it was imposed
  ASSERT_TRUE(Import(*store_, MakeSample()).ok());
  auto after = store_->ListHolds(std::nullopt);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 4U);
  for (const StoredHold& hold : *after) {
    const auto same = std::find_if(imported->begin(), imported->end(), [&](const StoredHold& h) {
      return h.key.supplier_id == hold.key.supplier_id && h.key.reason == hold.key.reason &&
             h.key.imposed_on == hold.key.imposed_on;
    });
    EXPECT_EQ(hold.id, same == imported->end() ? 4 : same->id) << hold.key.supplier_id;
  }
  auto withdrawn = store_->ReadHold(4);
  ASSERT_TRUE(withdrawn.ok());
  ASSERT_TRUE(withdrawn->has_value());
  EXPECT_EQ((*withdrawn)->withdrawn_on, D("2026-06-01"));
  auto missing = store_->ReadHold(5);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_FALSE(RawSql("UPDATE hold_ids SET hold_id = 9 WHERE hold_id = 4").ok());
  EXPECT_FALSE(RawSql("DELETE FROM hold_ids").ok());
}

// A database written before hold ids (schema 3) gets them when a writer
// opens it: every stored hold, numbered in the order it was first written;
// a reader that may not upgrade it lists its holds with id 0.
TEST_P(StoreTest, AnOlderDatabaseGivesItsHoldsIdsWhenUpgraded) {
  auto older = TestDatabase::Create(GetParam());
  ASSERT_TRUE(older.ok()) << older.error().ToString();
  {
    std::string sql = "BEGIN; " + SchemaUpTo(GetParam(), 3);
    const std::string day = GetParam() == Backend::kSqlite ? std::to_string(D("2026-03-01").days()) : "'2026-03-01'";
    const std::string later = GetParam() == Backend::kSqlite ? std::to_string(D("2026-04-01").days()) : "'2026-04-01'";
    sql +=
        "INSERT INTO batches VALUES (1, 'import', '2026-01-01T00:00:00Z', 'erp', 'extract', ''); "
        "INSERT INTO batches VALUES (2, 'holds', '2026-02-01T00:00:00Z', 'qa', 'impose', 'late PPAP'); "
        "INSERT INTO suppliers VALUES ('S1', 'One', 'DE', 0, 1); "
        "INSERT INTO holds VALUES ('S1', 'quality', " +
        later +
        ", NULL, 2); "
        "INSERT INTO holds VALUES ('S1', 'delivery', " +
        day +
        ", NULL, 1); "
        "UPDATE holds SET withdrawn_on = " +
        later + ", from_batch = 2 WHERE reason = 'delivery'; COMMIT;";
    const core::Status created = RawScript(older->url(), sql);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
  }
  OpenOptions read_only;
  read_only.read_only = true;
  auto reader = OpenStore(older->url(), read_only);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  auto unnumbered = (*reader)->ListHolds(std::nullopt);
  ASSERT_TRUE(unnumbered.ok()) << unnumbered.error().ToString();
  ASSERT_EQ(unnumbered->size(), 2U);
  EXPECT_EQ(unnumbered->front().id, 0);
  reader->reset();

  auto writer = OpenStore(older->url());
  ASSERT_TRUE(writer.ok()) << writer.error().ToString();
  EXPECT_EQ((*writer)->schema_version(), LatestSchemaVersion());
  auto holds = (*writer)->ListHolds(std::nullopt);
  ASSERT_TRUE(holds.ok()) << holds.error().ToString();
  ASSERT_EQ(holds->size(), 2U);
  // Sorted by key, quality first; the delivery hold was written first (batch 1).
  EXPECT_EQ((*holds)[0].key.reason, core::HoldReason::kQuality);
  EXPECT_EQ((*holds)[0].id, 2);
  EXPECT_EQ((*holds)[1].key.reason, core::HoldReason::kDelivery);
  EXPECT_EQ((*holds)[1].id, 1);
  EXPECT_EQ((*holds)[1].changed_by, "qa");  // the batch of its current version
  BatchHeader header{"2026-07-02T09:00:00Z", "qa", "hold", "again", {}};
  ASSERT_TRUE((*writer)->ImposeHold({"S1", core::HoldReason::kQuality, D("2026-06-01")}, header).ok());
  auto next = (*writer)->ReadHold(3);
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->key.imposed_on, D("2026-06-01"));
}

// A run of 2026-H1 over batch 1 with `results`, by "publisher".
RunRecord SampleRun(std::vector<core::SupplierResult> results) {
  RunRecord run;
  run.summary.period = "2026-H1";
  run.summary.created_at = "2026-07-03T10:00:00Z";
  run.summary.user = "publisher";
  run.summary.rules_name = "agreement";
  run.summary.rules_sha256 = std::string(64, 'b');
  run.summary.as_of_batch = 1;
  run.period_first = D("2026-01-01");
  run.period_last = D("2026-06-30");
  run.results = std::move(results);
  return run;
}

TEST_P(StoreTest, PublishedRunsReadBackExactlyAndCannotBeChanged) {
  const Sample sample = MakeSample();
  ASSERT_TRUE(Import(*store_, sample).ok());
  RunRecord run = SampleRun(EvaluateStore());
  run.rules_toml = "name = \"agreement\"\n# every key\n";
  ASSERT_FALSE(run.results.empty());
  run.results[0].warnings = {"commodity M999 not in the B table; B = 1 used", "second; with\nnewline"};
  run.results[0].qz2 = 0.1 + 0.2;  // not representable in few digits: must come back bit for bit
  auto id = store_->PublishRun(run);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(*id, 1);

  auto read = store_->ReadRun(*id);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->summary.period, "2026-H1");
  EXPECT_EQ(read->summary.user, "publisher");
  EXPECT_EQ(read->summary.as_of_batch, 1);
  EXPECT_EQ(read->summary.suppliers, 3);
  EXPECT_EQ(read->rules_toml, run.rules_toml);
  EXPECT_EQ(read->period_first, run.period_first);
  EXPECT_EQ(read->batches, std::vector<BatchId>{1});
  ExpectSameResults(run.results, read->results);

  auto runs = store_->ListRuns();
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1U);
  EXPECT_EQ((*runs)[0].rules_sha256, std::string(64, 'b'));
  EXPECT_EQ((*runs)[0].suppliers, 3);
  auto uncounted = store_->ListRunsUncounted();
  ASSERT_TRUE(uncounted.ok()) << uncounted.error().ToString();
  ASSERT_EQ(uncounted->size(), 1U);
  EXPECT_EQ((*uncounted)[0].id, (*runs)[0].id);
  EXPECT_EQ((*uncounted)[0].period, "2026-H1");
  EXPECT_EQ((*uncounted)[0].as_of_batch, 1);
  EXPECT_EQ((*uncounted)[0].suppliers, 0);  // not counted
  EXPECT_FALSE(store_->ReadRun(42).ok());

  // Neither supeval nor anyone with SQL access can change a published run.
  store_.reset();
  for (const std::string sql :
       {"UPDATE runs SET period = '2025-H1'", "DELETE FROM run_results", "UPDATE run_results SET total = 100",
        "DELETE FROM runs", "UPDATE batches SET user_name = 'x'", "DELETE FROM deliveries"}) {
    const core::Status changed = RawSql(sql);
    EXPECT_FALSE(changed.ok()) << sql;
  }
  store_ = Open();
  auto unchanged = store_->ReadRun(1);
  ASSERT_TRUE(unchanged.ok());
  ExpectSameResults(run.results, unchanged->results);
}

// A run's audit entry is written in the run's transaction, its target the
// run's number; a run without one writes none.
TEST_P(StoreTest, APublishedRunAppendsItsAuditEntry) {
  ASSERT_TRUE(Import(*store_, MakeSample()).ok());
  RunRecord run = SampleRun(EvaluateStore());
  ASSERT_TRUE(store_->PublishRun(run).ok());
  AuditFilter runs_only;
  runs_only.action = "run.publish";
  auto none = store_->accounts().ListAudit(runs_only);
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_TRUE(none->empty());

  AuditEntry entry;
  entry.at = std::chrono::sys_seconds(std::chrono::seconds(1783072800));
  entry.user = "publisher";
  entry.address = "127.0.0.1";
  entry.action = "run.publish";
  entry.after = R"({"period":"2026-H1"})";
  run.audit = entry;
  auto id = store_->PublishRun(run);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  auto audit = store_->accounts().ListAudit(runs_only);
  ASSERT_TRUE(audit.ok()) << audit.error().ToString();
  ASSERT_EQ(audit->size(), 1U);
  EXPECT_EQ((*audit)[0].target, std::to_string(*id));
  EXPECT_EQ((*audit)[0].user, "publisher");
  EXPECT_EQ((*audit)[0].after, std::optional<std::string>(R"({"period":"2026-H1"})"));
}

// A decision made with `holds` is not silently undone by an extract row that
// only repeats the state before it; a row with a value of its own is a new
// fact and replaces the decision. Either way the batch names the row.
TEST_P(StoreTest, AnImportKeepsAHoldDecisionUnlessItsRowIsANewFact) {
  Sample sample = MakeSample();
  for (std::size_t i = 0; i < sample.master.holds.size(); ++i) sample.master.holds[i].line = i + 2;
  ASSERT_TRUE(Import(*store_, sample).ok());
  const HoldKey active{"S3", core::HoldReason::kQuality, D("2026-03-01")};  // holds.csv:3 of the sample
  const BatchHeader header{"2026-07-02T09:00:00Z", "qa-lead", "hold", "PPAP approved", {}};
  ASSERT_TRUE(store_->WithdrawHold(active, D("2026-04-01"), header).ok());
  const auto withdrawn = EvaluateStore();

  // The unchanged extract again, which still shows the hold active.
  auto again = Import(*store_, sample);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(Counts(*again, "holds").changed, 0);
  EXPECT_EQ(Counts(*again, "holds").unchanged, 3);
  ASSERT_EQ(again->warnings.size(), 1U);
  EXPECT_NE(again->warnings[0].find("holds.csv:3: the quality hold of supplier S3 imposed on 2026-03-01 was "
                                    "withdrawn on 2026-04-01 with `holds withdraw` (batch 2, qa-lead, "
                                    "2026-07-02T09:00:00Z: PPAP approved); this row shows it active"),
            std::string::npos)
      << again->warnings[0];
  EXPECT_NE(again->warnings[0].find("the decision is kept"), std::string::npos) << again->warnings[0];
  ExpectSameResults(withdrawn, EvaluateStore());
  auto recorded = store_->ReadBatch(again->id);
  ASSERT_TRUE(recorded.ok()) << recorded.error().ToString();
  EXPECT_EQ(recorded->warnings, again->warnings);
  auto holds = store_->ListHolds(std::string("S3"));
  ASSERT_TRUE(holds.ok());
  const auto kept = std::find_if(holds->begin(), holds->end(),
                                 [&](const StoredHold& h) { return h.key.reason == core::HoldReason::kQuality; });
  ASSERT_NE(kept, holds->end());
  EXPECT_EQ(kept->withdrawn_on, D("2026-04-01"));
  EXPECT_EQ(kept->why, "PPAP approved");
  EXPECT_EQ(kept->changed_by, "qa-lead");

  // The ERP records a withdrawal of its own: a new fact.
  sample.master.holds[1].withdrawn_on = D("2026-05-01");
  auto newer = Import(*store_, sample);
  ASSERT_TRUE(newer.ok()) << newer.error().ToString();
  EXPECT_EQ(Counts(*newer, "holds").changed, 1);
  ASSERT_EQ(newer->warnings.size(), 1U);
  EXPECT_NE(newer->warnings[0].find("holds.csv:3: "), std::string::npos) << newer->warnings[0];
  EXPECT_NE(newer->warnings[0].find("this row shows it withdrawn on 2026-05-01, which is new: the row replaces the "
                                    "decision"),
            std::string::npos)
      << newer->warnings[0];
  holds = store_->ListHolds(std::string("S3"));
  ASSERT_TRUE(holds.ok());
  EXPECT_EQ(
      std::count_if(holds->begin(), holds->end(),
                    [&](const StoredHold& h) { return h.withdrawn_on == D("2026-05-01") && h.batch == newer->id; }),
      1);

  // The extract wrote that version: later imports are ordinary ones.
  sample.master.holds[1].withdrawn_on = D("2026-05-02");
  auto ordinary = Import(*store_, sample);
  ASSERT_TRUE(ordinary.ok());
  EXPECT_TRUE(ordinary->warnings.empty());
  EXPECT_EQ(Counts(*ordinary, "holds").changed, 1);

  // A hold imposed with `holds impose` that the extract lists withdrawn: a
  // new fact as well.
  ASSERT_TRUE(store_->ImposeHold({"S1", core::HoldReason::kQuality, D("2026-06-01")}, header).ok());
  sample.master.holds.push_back({0, core::HoldReason::kQuality, D("2026-06-01"), D("2026-06-10"), 9});
  auto listed = Import(*store_, sample);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->warnings.size(), 1U);
  EXPECT_NE(listed->warnings[0].find("holds.csv:9: the quality hold of supplier S1 imposed on 2026-06-01 was imposed "
                                     "with `holds impose`"),
            std::string::npos)
      << listed->warnings[0];
  EXPECT_NE(listed->warnings[0].find("the row replaces the decision"), std::string::npos);
}

// Commands that only read open the store read-only: a user who may only
// read the database can, and such a store writes nothing.
TEST_P(StoreTest, AReadOnlyStoreReadsEverythingAndWritesNothing) {
  const Sample sample = MakeSample();
  ASSERT_TRUE(Import(*store_, sample).ok());
  const auto results = EvaluateStore();
  OpenOptions read_only;
  read_only.read_only = true;
  auto reader = OpenStore(database_->url(), read_only);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  ExpectSameResults(results, EvaluateStore(std::nullopt, reader->get()));
  auto batches = (*reader)->ListBatches(std::nullopt);
  ASSERT_TRUE(batches.ok()) << batches.error().ToString();
  EXPECT_EQ(batches->size(), 1U);
  EXPECT_TRUE((*reader)->ListHolds(std::nullopt).ok());
  EXPECT_TRUE((*reader)->ListRuns().ok());
  auto refused = (*reader)->ImposeHold({"S1", core::HoldReason::kQuality, D("2026-06-01")}, Header());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput) << refused.error().ToString();
  auto last = store_->LastBatch();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 1);
}

// A database of an older schema is read as it is when opened read-only (the
// reader may not upgrade it), and upgraded by the next writer; a database
// without any schema has nothing to read.
TEST_P(StoreTest, AReadOnlyStoreReadsAnOlderSchemaAsItIs) {
  auto older = TestDatabase::Create(GetParam());
  ASSERT_TRUE(older.ok()) << older.error().ToString();
  OpenOptions read_only;
  read_only.read_only = true;
  if (GetParam() == Backend::kPostgres) {
    auto empty = OpenStore(older->url(), read_only);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, core::ErrorCode::kBadInput);
    EXPECT_NE(empty.error().message.find("holds no supeval data yet"), std::string::npos) << empty.error().message;
  }
  {
    const core::Status created = RawScript(
        older->url(),
        "BEGIN; CREATE TABLE schema_version (version BIGINT NOT NULL PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at "
        "TEXT NOT NULL); " +
            internal::Migrations(GetParam()).front().sql +
            "INSERT INTO schema_version VALUES (1, 'first', 'then'); "
            "INSERT INTO batches VALUES (1, 'import', '2026-01-01T00:00:00Z', 'someone', 'extract', ''); COMMIT;");
    ASSERT_TRUE(created.ok()) << created.error().ToString();
  }
  auto reader = OpenStore(older->url(), read_only);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  EXPECT_EQ((*reader)->schema_version(), 1);
  auto batches = (*reader)->ListBatches(std::nullopt);
  ASSERT_TRUE(batches.ok()) << batches.error().ToString();
  ASSERT_EQ(batches->size(), 1U);
  EXPECT_EQ(batches->front().user, "someone");
  reader->reset();
  auto writer = OpenStore(older->url());
  ASSERT_TRUE(writer.ok()) << writer.error().ToString();
  EXPECT_EQ((*writer)->schema_version(), LatestSchemaVersion());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return testing::BackendName(param_info.param);
                         });

// A new SQLite file is kept only once an import into it has committed: a
// failed first import leaves no empty database behind (which would read as
// a store without data), nor its journal.
TEST(StoreNewFile, AFailedFirstImportLeavesNoFileAndACommittedOneKeepsIt) {
  auto database = TestDatabase::Create(Backend::kSqlite);
  ASSERT_TRUE(database.ok());
  const std::string path = ParseDatabaseUrl(database->url())->target;
  auto no_file_left = [&] {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      EXPECT_FALSE(std::filesystem::exists(path + suffix)) << path + suffix;
    }
  };
  OpenOptions create;
  create.create_if_missing = true;
  const Sample sample = MakeSample();
  {
    auto store = OpenStore(database->url(), create);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    auto session = (*store)->BeginImport();
    ASSERT_TRUE(session.ok());
    ASSERT_TRUE((*session)->WriteMasterData(sample.master).ok());
    for (const core::Delivery& d : sample.deliveries) ASSERT_TRUE((*session)->WriteDelivery(d).ok());
    // Abandoned without Commit(), as a failed import is.
  }
  no_file_left();
  {
    Sample conflicting = MakeSample();
    conflicting.master.certifications.push_back(conflicting.master.certifications[0]);
    conflicting.master.certifications.back().valid_to = D("2030-01-01");
    auto store = OpenStore(database->url(), create);
    ASSERT_TRUE(store.ok());
    ASSERT_FALSE(Import(**store, conflicting).ok());
  }
  no_file_left();
  {
    auto store = OpenStore(database->url(), create);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(Import(**store, sample).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  {
    // A store that did not create the file never removes it.
    auto store = OpenStore(database->url(), create);
    ASSERT_TRUE(store.ok());
    auto session = (*store)->BeginImport();
    ASSERT_TRUE(session.ok());
  }
  auto store = OpenStore(database->url());
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  auto last = (*store)->LastBatch();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 1);
}

// A writer that opens a new file while the file's first import holds it
// waits for that import up to its lock timeout, then fails as busy: a user
// error (exit status 2), not an internal one.
TEST(StoreNewFile, AWriterWaitsForTheFirstImportUpToItsLockTimeout) {
  auto database = TestDatabase::Create(Backend::kSqlite);
  ASSERT_TRUE(database.ok());
  OpenOptions create;
  create.create_if_missing = true;
  auto first = OpenStore(database->url(), create);
  ASSERT_TRUE(first.ok());
  auto session = (*first)->BeginImport();
  ASSERT_TRUE(session.ok());
  const Sample sample = MakeSample();
  ASSERT_TRUE((*session)->WriteMasterData(sample.master).ok());

  OpenOptions impatient;
  impatient.lock_timeout = std::chrono::milliseconds(200);
  auto refused = OpenStore(database->url(), impatient);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
  EXPECT_NE(refused.error().message.find("is busy"), std::string::npos) << refused.error().message;

  core::Result<BatchInfo> second_result = core::Internal("not run");
  std::thread second([&] {
    auto store = OpenStore(database->url());  // waits for the first import
    if (!store.ok()) {
      second_result = store.error();
      return;
    }
    second_result = Import(**store, sample);
  });
  for (const core::Delivery& d : sample.deliveries) ASSERT_TRUE((*session)->WriteDelivery(d).ok());
  ASSERT_TRUE((*session)->Finish().ok());
  ASSERT_TRUE((*session)->Commit(Header("first")).ok());
  session->reset();
  first->reset();
  second.join();
  ASSERT_TRUE(second_result.ok()) << second_result.error().ToString();
  EXPECT_EQ(second_result->id, 2);
  EXPECT_EQ(second_result->Totals().added, 0);
}

// The ppm adjustment: a submission, a decision, and an accepted one written
// into its complaint as a batch of its own that a later import does not undo.
core::Complaint ReturnedComplaint() {
  core::Complaint k;
  k.id = "K5";
  k.supplier = 0;
  k.plant = 0;
  k.date = D("2026-03-02");
  k.justified = true;
  k.material = 0;
  k.rejected_qty = Q("10");
  k.returned_on = D("2026-03-05");
  return k;
}

StoredAdjustment Submission(std::string complaint_id, const char* qty) {
  StoredAdjustment a;
  a.complaint_id = std::move(complaint_id);
  a.confirmed_qty = Q(qty);
  a.note = "sorted at our site";
  a.submitted_by = "alpha-user";
  a.submitted_at = "2026-03-10T08:00:00Z";
  a.submitted_on = D("2026-03-10");
  return a;
}

AuditEntry AuditOf(std::string action) {
  AuditEntry entry;
  entry.at = Instant(std::chrono::seconds(1780000000));
  entry.user = "alpha-user";
  entry.action = std::move(action);
  entry.target = "K5";
  return entry;
}

BatchHeader DecisionHeader(const char* reason) {
  BatchHeader header{"2026-03-12T10:00:00Z", "qa-lead", "adjustment of complaint K5", reason, {}};
  header.audit = AuditOf("adjustment.decide");
  return header;
}

AdjustmentDecision Decision(bool accept) {
  return AdjustmentDecision{accept,       accept ? "report convincing" : "no report",
                            "qa-lead",    "2026-03-12T10:00:00Z",
                            std::nullopt, std::nullopt};
}

std::optional<AdjustableComplaint> FindAdjustable(Store& store, const char* id) {
  auto found = store.ListAdjustableComplaints(AdjustableFilter{std::nullopt, std::string(id), false});
  EXPECT_TRUE(found.ok()) << found.error().ToString();
  if (!found.ok() || found->empty()) return std::nullopt;
  return found->front();
}

TEST_P(StoreTest, AnAcceptedAdjustmentIsWrittenIntoItsComplaintAndKeptByImports) {
  Sample sample = MakeSample();
  sample.master.complaints.push_back(ReturnedComplaint());
  sample.Finish();
  ASSERT_TRUE(Import(*store_, sample).ok());
  auto returned = store_->ListAdjustableComplaints(AdjustableFilter{std::string("S1"), std::nullopt, true});
  ASSERT_TRUE(returned.ok()) << returned.error().ToString();
  ASSERT_EQ(returned->size(), 3U);  // K1, K4, K5: those with returned_on
  EXPECT_EQ(returned->back().material_kind, core::MaterialKind::kPurchased);
  EXPECT_FALSE(returned->back().adjustment);

  ASSERT_TRUE(store_->SubmitAdjustment(Submission("K5", "4"), AuditOf("adjustment.submit")).ok());
  const core::Status twice = store_->SubmitAdjustment(Submission("K5", "3"), AuditOf("adjustment.submit"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store_->SubmitAdjustment(Submission("K9", "1"), AuditOf("adjustment.submit")).error().code,
            core::ErrorCode::kNotFound);
  const auto submitted = FindAdjustable(*store_, "K5");
  ASSERT_TRUE(submitted && submitted->adjustment);
  EXPECT_EQ(submitted->adjustment->confirmed_qty, Q("4"));
  EXPECT_EQ(submitted->adjustment->version, 1);
  EXPECT_FALSE(submitted->adjustment->accepted);

  AdjustmentDecision stale = Decision(true);
  stale.expected_version = 7;
  EXPECT_EQ(store_->DecideAdjustment("K5", stale, DecisionHeader("x")).error().problem, "precondition-failed");
  AdjustmentDecision current = Decision(true);
  current.expected_version = 1;
  current.expected_batch = submitted->batch;
  auto accepted = store_->DecideAdjustment("K5", current, DecisionHeader("report convincing"));
  ASSERT_TRUE(accepted.ok()) << accepted.error().ToString();
  EXPECT_EQ(accepted->accepted, true);
  EXPECT_EQ(store_->DecideAdjustment("K5", Decision(false), DecisionHeader("x")).error().problem, "already-decided");
  auto batches = store_->ListBatches(std::nullopt);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2U);
  EXPECT_EQ(batches->back().kind, BatchKind::kAdjustment);
  EXPECT_EQ(batches->back().user, "qa-lead");
  EXPECT_EQ(batches->back().comment, "report convincing");
  EXPECT_EQ(Counts(batches->back(), "complaints").changed, 1);
  const auto written = FindAdjustable(*store_, "K5");
  ASSERT_TRUE(written);
  EXPECT_EQ(written->confirmed_qty, Q("4"));
  EXPECT_EQ(written->confirmed_on, D("2026-03-10"));
  EXPECT_EQ(written->batch, batches->back().id);

  // The unchanged extract again: it still has no confirmed values.
  auto again = Import(*store_, sample);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  ASSERT_EQ(again->warnings.size(), 1U);
  EXPECT_NE(again->warnings[0].find("complaint K5 has confirmed_qty 4, confirmed_on 2026-03-10 from an accepted "
                                    "ppm adjustment (qa-lead, 2026-03-12T10:00:00Z); this row shows confirmed_qty "
                                    "(empty), confirmed_on (empty), as it was before that adjustment: the adjustment "
                                    "is kept"),
            std::string::npos)
      << again->warnings[0];
  const auto kept = FindAdjustable(*store_, "K5");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->confirmed_qty, Q("4"));
  EXPECT_EQ(kept->confirmed_on, D("2026-03-10"));
  EXPECT_EQ(kept->batch, batches->back().id);

  // The ERP records values of its own: a new fact replaces the adjustment.
  sample.master.complaints.back().confirmed_qty = Q("6");
  sample.master.complaints.back().confirmed_on = D("2026-03-20");
  auto newer = Import(*store_, sample);
  ASSERT_TRUE(newer.ok()) << newer.error().ToString();
  ASSERT_EQ(newer->warnings.size(), 1U);
  EXPECT_NE(newer->warnings[0].find("which is new: the row replaces the adjustment"), std::string::npos);
  const auto replaced = FindAdjustable(*store_, "K5");
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->confirmed_qty, Q("6"));
  // Once replaced, the adjustment is no longer what the complaint holds.
  sample.master.complaints.back().confirmed_qty.reset();
  sample.master.complaints.back().confirmed_on.reset();
  auto later = Import(*store_, sample);
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->warnings.empty());
  EXPECT_FALSE(FindAdjustable(*store_, "K5")->confirmed_qty);
}

TEST_P(StoreTest, ARejectedAdjustmentWritesNoBatchAndReportsNeedASubmission) {
  Sample sample = MakeSample();
  sample.master.complaints.push_back(ReturnedComplaint());
  sample.Finish();
  ASSERT_TRUE(Import(*store_, sample).ok());
  const AdjustmentReport report{{"application/pdf", "sorting.pdf", 4}, "JVBERi0="};
  EXPECT_EQ(store_->AttachAdjustmentReport("K5", report, AuditOf("adjustment.submit")).error().code,
            core::ErrorCode::kConflict);
  ASSERT_TRUE(store_->SubmitAdjustment(Submission("K5", "4"), AuditOf("adjustment.submit")).ok());
  ASSERT_TRUE(store_->AttachAdjustmentReport("K5", report, AuditOf("adjustment.submit")).ok());
  auto read = store_->ReadAdjustmentReport("K5");
  ASSERT_TRUE(read.ok() && *read);
  EXPECT_EQ((*read)->base64, "JVBERi0=");
  EXPECT_EQ((*read)->info.file_name, "sorting.pdf");
  EXPECT_EQ(FindAdjustable(*store_, "K5")->adjustment->version, 2);
  auto rejected = store_->DecideAdjustment("K5", Decision(false), DecisionHeader("no"));
  ASSERT_TRUE(rejected.ok()) << rejected.error().ToString();
  EXPECT_EQ(rejected->accepted, false);
  EXPECT_EQ(store_->AttachAdjustmentReport("K5", report, AuditOf("adjustment.submit")).error().problem,
            "already-decided");
  auto batches = store_->ListBatches(std::nullopt);
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ(batches->size(), 1U);
  EXPECT_FALSE(FindAdjustable(*store_, "K5")->confirmed_qty);
  auto audit = store_->accounts().ListAudit(AuditFilter{});
  ASSERT_TRUE(audit.ok()) << audit.error().ToString();
  ASSERT_EQ(audit->size(), 3U);
  EXPECT_EQ(audit->front().action, "adjustment.decide");
  EXPECT_FALSE(RawSql("DELETE FROM adjustments").ok());
}

// A database of schema 6 gets the adjustments and the batch kind when a
// writer opens it; batches stay append-only and other kinds stay refused.
TEST_P(StoreTest, AnOlderDatabaseTakesAdjustmentBatchesWhenUpgraded) {
  auto older = TestDatabase::Create(GetParam());
  ASSERT_TRUE(older.ok()) << older.error().ToString();
  std::string sql = "BEGIN; " + SchemaUpTo(GetParam(), 6);
  sql += "INSERT INTO batches VALUES (1, 'import', '2026-01-01T00:00:00Z', 'erp', 'extract', ''); COMMIT;";
  ASSERT_TRUE(RawScript(older->url(), sql).ok());
  EXPECT_FALSE(RawScript(older->url(), "INSERT INTO batches VALUES (2, 'adjustment', 'a', 'b', 'c', 'd')").ok());
  {
    auto writer = OpenStore(older->url());
    ASSERT_TRUE(writer.ok()) << writer.error().ToString();
    EXPECT_EQ((*writer)->schema_version(), LatestSchemaVersion());
    auto batches = (*writer)->ListBatches(std::nullopt);
    ASSERT_TRUE(batches.ok());
    EXPECT_EQ(batches->size(), 1U);
  }
  EXPECT_TRUE(RawScript(older->url(), "INSERT INTO batches VALUES (2, 'adjustment', 'a', 'b', 'c', 'd')").ok());
  EXPECT_FALSE(RawScript(older->url(), "INSERT INTO batches VALUES (3, 'other', 'a', 'b', 'c', 'd')").ok());
  EXPECT_FALSE(RawScript(older->url(), "UPDATE batches SET user_name = 'x'").ok());
  EXPECT_FALSE(RawScript(older->url(), "DELETE FROM batches").ok());
  auto reopened = OpenStore(older->url());
  ASSERT_TRUE(reopened.ok());
  auto batches = (*reopened)->ListBatches(std::nullopt);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2U);
  EXPECT_EQ(batches->back().kind, BatchKind::kAdjustment);
}

}  // namespace
}  // namespace supeval::store
