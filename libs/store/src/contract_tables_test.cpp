// The contract tables on both databases: every record of every contract
// file reads back exactly as written (optional cells present and absent,
// numbers exact); a re-import with a changed row keeps the old version,
// which reads back as of the earlier batch; the counts per table are kept
// with the batch.
#include <gtest/gtest.h>

#include <sstream>

#include "connection.hpp"
#include "contract_tables.hpp"
#include "schema.hpp"
#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/period.hpp"
#include "supeval/store/store.hpp"
#include "supeval/store/test_database.hpp"

namespace supeval::store {
namespace {

namespace cc = core::contracts;
using core::Date;
using core::Rational;

Date D(const char* text) { return *Date::Parse(text); }
Rational R(const char* text) { return *Rational::Parse(text, true); }
core::Decimal Q(const char* text) { return *core::ParseDecimal(text).value; }
core::Period P(const char* text) { return *core::ParsePeriod(text); }

core::MasterData Master() {
  core::MasterData m;
  m.suppliers = {{"S1", "Alpha", "DE", false}, {"S2", "Beta", "CN", false}};
  m.plants = {{"P1", "Plant one", core::kMondayToFriday, {}}};
  m.materials = {{"M1", "C1", "pc", core::MaterialKind::kPurchased}, {"M2", "C1", "kg", core::MaterialKind::kRaw}};
  return m;
}

// Every file of §3 with every optional cell used at least once, both
// present and absent, in key order (as the store reads them back).
cc::ContractData Contracts() {
  cc::ContractData d;
  cc::Contract k1;
  k1.id = "K1";
  k1.supplier = 0;
  k1.type = cc::ContractType::kSupply;
  k1.start = D("2024-02-29");
  k1.currency = "EUR";
  k1.title = "Supply, \"framework\"";
  k1.materials = {0, 1};
  cc::Contract k2 = k1;
  k2.id = "K2";
  k2.supplier = 1;
  k2.type = cc::ContractType::kCoDevelopment;
  k2.end = D("2027-12-31");
  k2.tier_mode = cc::TierMode::kRunning;
  k2.penalty_cap_share = R("0.0375");
  k2.bonus_cap_share = R("0.02");
  k2.ladder = "none";
  k2.exclusive = true;
  k2.exclusive_until = D("2028-01-31");
  k2.ip_to_partner = cc::IpToPartner::kAssignment;
  k2.ip_term = cc::IpTerm::kPerpetual;
  k2.software_escrow = true;
  k2.dual_source_lead_days = 90;
  k2.force_majeure = cc::ForceMajeure::kObjective;
  k2.contingency_logistics = true;
  k2.steering_committee = true;
  k2.materials = {0};
  d.contracts = {k1, k2};
  d.price_tiers = {{0, 0, Q("0"), R("4"), 0}, {0, 0, Q("500.5"), R("3.8125"), 0}, {1, 0, Q("0"), R("12.000001"), 0}};
  d.indices = {{"AL", "Aluminium", "t", "EUR"}, {"PTS", "", "", ""}};
  d.index_values = {{0, D("2026-01-31"), R("2350.123456789")}, {1, D("2026-01-31"), R("110")}};
  cc::Indexation x;
  x.contract = 0;
  x.material = 0;
  x.index = 0;
  x.content = R("0.5");
  x.base_value = R("2000");
  cc::Indexation y = x;
  y.contract = 1;
  y.fixing = cc::Fixing::kLag;
  y.lag_days = 14;
  y.dead_band = R("0.1");
  y.share = R("0.5");
  y.floor = R("-0.05");
  y.ceiling = R("0.1");
  y.fallback_index = 1;
  y.fallback_base_value = R("100");
  d.indexations = {x, y};
  cc::KpiClause c1{"C1", 0, cc::Kpi::kOnTimeRate, R("95"), R("0.002"), R("0"), std::nullopt, false, 0};
  cc::KpiClause c2{"C2", 1, cc::Kpi::kPpm, R("800"), R("0.0001"), R("0.00005"), R("0.04"), true, 0};
  d.kpis = {c1, c2};
  d.commitments = {{"V1", 0, 1, D("2026-01-01"), D("2026-12-31"), Q("1000.25"), R("0.75")}};
  d.toolings = {{"T1", 0, 0, R("3000"), Q("6000"), std::nullopt}, {"T2", 1, 0, R("99.99"), Q("7"), D("2026-03-01")}};
  d.milestones = {{"M-1", 0, "PPAP", D("2026-03-31"), std::nullopt, R("0"), false},
                  {"M-2", 1, "", D("2026-06-30"), D("2026-07-02"), R("5000.5"), true}};
  d.alternates = {{0, 1, D("2025-06-01")}, {1, 1, std::nullopt}};
  cc::Event e1{"E1", 0, 0, D("2026-02-02"), cc::EventKind::kStopShip, 0, "D7", R("1500.5"), true, 0};
  cc::Event e2{"E2", 1, 0, D("2026-02-03"), cc::EventKind::kRecall, core::kNoIndex, "", std::nullopt, false, 0};
  d.events = {e1, e2};
  d.warranty_claims = {{"W1", 0, 0, D("2026-04-01"), Q("3"), R("0.5")}};
  cc::PublishedResult p1;
  p1.supplier = 0;
  p1.period = P("2026-H1");
  p1.published_on = D("2026-07-05");
  p1.status = "evaluated";
  p1.grade_class = "C";
  p1.total = R("61.25");
  p1.ppm = R("1200");
  cc::PublishedResult p2 = p1;
  p2.period = P("2026-01-01..2026-06-30");  // the same dates, published again
  p2.published_on = D("2026-07-09");
  p2.status = "not_evaluated";
  p2.grade_class = "";
  p2.total.reset();
  p2.ppm.reset();
  d.published = {p1, p2};
  d.decisions = {{0, D("2026-07-06"), cc::Decision::kEscalate, "jdoe", "class C", "E2", cc::Cause::kDelivery, 2},
                 {0, D("2026-07-10"), cc::Decision::kClose, "jdoe", "fixed", "", cc::Cause::kQuality, 3}};
  d.settled = {{0, P("2026-Q1"), "volume_tier", "2024-02-29", "M1", R("-100"), 2},
               {0, P("2026-Q1"), "kpi", "C1", "", R("12.5"), 5}};
  d.emissions = {{0, 0, P("2026"), R("2.125")}};
  return d;
}

template <class T>
std::string Opt(const std::optional<T>& value) {
  if (!value) return "-";
  std::ostringstream out;
  if constexpr (std::is_same_v<T, Rational>) {
    out << value->ToFixed(12);
  } else if constexpr (std::is_same_v<T, Date>) {
    out << value->ToString();
  } else {
    out << *value;
  }
  return out.str();
}
std::string N(const Rational& value) { return value.ToFixed(12); }

// Every field of every record, one record a line, the lines of the logs' records too.
std::string Dump(const cc::ContractData& d) {
  std::ostringstream o;
  for (const cc::Contract& k : d.contracts) {
    o << "contract " << k.id << ' ' << k.supplier << ' ' << cc::NameOf(k.type) << ' ' << k.start.ToString() << ' '
      << Opt(k.end) << ' ' << k.currency << ' ' << k.title << ' ' << (k.tier_mode ? cc::NameOf(*k.tier_mode) : "-")
      << ' ' << Opt(k.penalty_cap_share) << ' ' << Opt(k.bonus_cap_share) << ' ' << k.ladder << ' ' << k.exclusive
      << ' ' << Opt(k.exclusive_until) << ' ' << cc::NameOf(k.ip_to_partner) << ' ' << cc::NameOf(k.ip_term) << ' '
      << k.software_escrow << ' ' << Opt(k.dual_source_lead_days) << ' ' << cc::NameOf(k.force_majeure) << ' '
      << k.contingency_logistics << ' ' << k.steering_committee << " materials";
    for (const core::Index m : k.materials) o << ' ' << m;
    o << '\n';
  }
  for (const auto& t : d.price_tiers) {
    o << "tier " << t.contract << ' ' << t.material << ' ' << t.from_qty.ToString() << ' ' << N(t.unit_price) << '\n';
  }
  for (const auto& i : d.indices) o << "index " << i.id << ' ' << i.name << ' ' << i.unit << ' ' << i.currency << '\n';
  for (const auto& v : d.index_values)
    o << "value " << v.index << ' ' << v.date.ToString() << ' ' << N(v.value) << '\n';
  for (const auto& x : d.indexations) {
    o << "indexation " << x.contract << ' ' << x.material << ' ' << x.index << ' ' << N(x.content) << ' '
      << N(x.base_value) << ' ' << cc::NameOf(x.fixing) << ' ' << x.lag_days << ' ' << N(x.dead_band) << ' '
      << N(x.share) << ' ' << Opt(x.floor) << ' ' << Opt(x.ceiling) << ' ' << Opt(x.fallback_index) << ' '
      << Opt(x.fallback_base_value) << '\n';
  }
  for (const auto& k : d.kpis) {
    o << "kpi " << k.id << ' ' << k.contract << ' ' << cc::NameOf(k.kpi) << ' ' << N(k.target) << ' '
      << N(k.penalty_rate) << ' ' << N(k.bonus_rate) << ' ' << Opt(k.cap_share) << ' ' << k.escalate << '\n';
  }
  for (const auto& v : d.commitments) {
    o << "commitment " << v.id << ' ' << v.contract << ' ' << v.material << ' ' << v.from.ToString() << ' '
      << v.to.ToString() << ' ' << v.min_qty.ToString() << ' ' << N(v.fee_per_unit) << '\n';
  }
  for (const auto& t : d.toolings) {
    o << "tooling " << t.id << ' ' << t.contract << ' ' << t.material << ' ' << N(t.amount) << ' '
      << t.pieces.ToString() << ' ' << Opt(t.from) << '\n';
  }
  for (const auto& m : d.milestones) {
    o << "milestone " << m.id << ' ' << m.contract << ' ' << m.name << ' ' << m.due_date.ToString() << ' '
      << Opt(m.approved_on) << ' ' << N(m.payment) << ' ' << m.critical << '\n';
  }
  for (const auto& a : d.alternates)
    o << "alternate " << a.material << ' ' << a.supplier << ' ' << Opt(a.qualified_on) << '\n';
  for (const auto& e : d.events) {
    o << "event " << e.id << ' ' << e.supplier << ' ' << e.plant << ' ' << e.date.ToString() << ' '
      << cc::NameOf(e.kind) << ' ' << e.material << ' ' << e.delivery_id << ' ' << Opt(e.cost) << ' '
      << e.customer_notified << '\n';
  }
  for (const auto& w : d.warranty_claims) {
    o << "claim " << w.id << ' ' << w.supplier << ' ' << w.material << ' ' << w.date.ToString() << ' '
      << w.quantity.ToString() << ' ' << N(w.supplier_share) << '\n';
  }
  for (const auto& p : d.published) {
    o << "published " << p.supplier << ' ' << p.period.label << ' ' << p.period.first.ToString() << ' '
      << p.period.last.ToString() << ' ' << p.published_on.ToString() << ' ' << p.status << ' ' << p.grade_class;
    for (const auto* f : {&p.total, &p.qz, &p.qz1, &p.qz2, &p.qz3, &p.qz4, &p.lz, &p.lz1, &p.lz2, &p.ppm}) {
      o << ' ' << Opt(*f);
    }
    o << '\n';
  }
  for (const auto& x : d.decisions) {
    o << "decision " << x.line << ' ' << x.contract << ' ' << x.date.ToString() << ' ' << cc::NameOf(x.decision) << ' '
      << x.user << ' ' << x.reason << ' ' << x.to_level << ' ' << cc::NameOf(x.cause) << '\n';
  }
  for (const auto& s : d.settled) {
    o << "settled " << s.line << ' ' << s.contract << ' ' << s.period.label << ' ' << s.period.first.ToString() << ' '
      << s.kind << ' ' << s.ref << ' ' << s.material_id << ' ' << N(s.amount) << '\n';
  }
  for (const auto& e : d.emissions) {
    o << "emission " << e.supplier << ' ' << e.material << ' ' << e.period.label << ' ' << N(e.kg_co2e_per_unit)
      << '\n';
  }
  return o.str();
}

BatchHeader Header() { return {"2026-07-01T08:00:00Z", "tester", "sample", "", {}}; }

class ContractTablesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!testing::OpenOrSkip(GetParam(), database_)) return;
    OpenOptions options;
    options.create_if_missing = true;
    auto store = OpenStore(database_->url(), options);
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = *std::move(store);
  }

  core::Result<BatchInfo> Import(const cc::ContractData& data) {
    auto session = store_->BeginImport();
    if (!session.ok()) return session.error();
    if (core::Status s = (*session)->WriteMasterData(Master()); !s.ok()) return s.error();
    if (core::Status s = (*session)->WriteContractData(data); !s.ok()) return s.error();
    if (auto counts = (*session)->Finish(); !counts.ok()) return counts.error();
    return (*session)->Commit(Header());
  }

  std::string Read(std::optional<BatchId> as_of = std::nullopt) {
    auto snapshot = store_->OpenSnapshot(as_of);
    EXPECT_TRUE(snapshot.ok()) << snapshot.error().ToString();
    if (!snapshot.ok()) return {};
    auto master = (*snapshot)->ReadMasterData();
    EXPECT_TRUE(master.ok());
    if (!master.ok()) return {};
    auto data = (*snapshot)->ReadContractData(*master);
    EXPECT_TRUE(data.ok()) << data.error().ToString();
    return data.ok() ? Dump(*data) : std::string();
  }

  static const TableCounts& Counts(const BatchInfo& batch, std::string_view table) {
    for (const TableCounts& counts : batch.tables) {
      if (counts.table == table) return counts;
    }
    static const TableCounts kNone;
    ADD_FAILURE() << "no counts for " << table;
    return kNone;
  }

  std::optional<testing::TestDatabase> database_;
  std::unique_ptr<Store> store_;
};

TEST_P(ContractTablesTest, EveryRecordReadsBackExactly) {
  auto batch = Import(Contracts());
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  EXPECT_EQ(Read(), Dump(Contracts()));
  EXPECT_EQ(Counts(*batch, "contracts").added, 2);
  EXPECT_EQ(Counts(*batch, "contract_materials").added, 3);
  EXPECT_EQ(Counts(*batch, "published").added, 2);
  EXPECT_EQ(Counts(*batch, "settled").added, 2);
  EXPECT_EQ(batch->tables.size(), TableNames().size());
}

TEST_P(ContractTablesTest, AChangedRowKeepsItsOldVersionAsOfTheEarlierBatch) {
  ASSERT_TRUE(Import(Contracts()).ok());
  cc::ContractData changed = Contracts();
  changed.price_tiers[1].unit_price = R("3.79");
  changed.contracts[0].end = D("2026-12-31");
  changed.settled.push_back({1, P("2026-Q2"), "tooling", "T2", "M1", R("-0.01"), 9});
  auto second = Import(changed);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(Counts(*second, "price_tiers").changed, 1);
  EXPECT_EQ(Counts(*second, "price_tiers").unchanged, 2);
  EXPECT_EQ(Counts(*second, "contracts").changed, 1);
  EXPECT_EQ(Counts(*second, "contract_materials").unchanged, 3);
  EXPECT_EQ(Counts(*second, "settled").added, 1);
  EXPECT_EQ(Counts(*second, "settled").unchanged, 2);
  EXPECT_EQ(Read(), Dump(changed));
  EXPECT_EQ(Read(1), Dump(Contracts()));
  // The same files again change nothing.
  auto third = Import(changed);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->Totals().changed, 0);
  EXPECT_EQ(third->Totals().added, 0);
}

TEST_P(ContractTablesTest, AStoreWithoutContractsReadsNone) {
  ASSERT_TRUE(Import(cc::ContractData()).ok());
  EXPECT_EQ(Read(), "");
}

// A database of the schema before the contract tables: a reader that may
// not upgrade it reads no contracts and lists changes; the next writer
// upgrades it and imports contracts into it.
TEST_P(ContractTablesTest, ASchemaWithoutContractTablesReadsNoneAndIsUpgraded) {
  auto older = testing::TestDatabase::Create(GetParam());
  ASSERT_TRUE(older.ok()) << older.error().ToString();
  {
    OpenOptions create;
    create.create_if_missing = true;
    auto url = ParseDatabaseUrl(older->url());
    ASSERT_TRUE(url.ok());
    auto connection = url->backend == Backend::kSqlite ? internal::OpenSqlite(url->target, create)
                                                       : internal::OpenPostgres(url->target, create);
    ASSERT_TRUE(connection.ok()) << connection.error().ToString();
    std::string sql =
        "BEGIN; CREATE TABLE schema_version (version BIGINT NOT NULL PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at TEXT NOT NULL); ";
    for (const internal::Migration& migration : internal::Migrations(GetParam())) {
      if (migration.version >= internal::kContractsVersion) break;
      sql += migration.sql + "INSERT INTO schema_version VALUES (" + std::to_string(migration.version) +
             ", 'then', 'then'); ";
    }
    sql += "INSERT INTO batches VALUES (1, 'import', '2026-01-01T00:00:00Z', 'someone', 'extract', ''); COMMIT;";
    ASSERT_TRUE((*connection)->ExecuteScript(sql).ok());
  }
  OpenOptions read_only;
  read_only.read_only = true;
  auto reader = OpenStore(older->url(), read_only);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  EXPECT_EQ((*reader)->schema_version(), internal::kContractsVersion - 1);
  {
    auto snapshot = (*reader)->OpenSnapshot(std::nullopt);
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
    auto data = (*snapshot)->ReadContractData(core::MasterData());
    ASSERT_TRUE(data.ok()) << data.error().ToString();
    EXPECT_TRUE(data->contracts.empty());
  }
  int changes = 0;
  EXPECT_TRUE(
      (*reader)
          ->ChangesBetween(0, 1, {D("2026-01-01"), D("2026-12-31")}, {}, [&](const RecordChange&) { ++changes; })
          .ok());
  EXPECT_EQ(changes, 0);
  reader->reset();
  OpenOptions write;
  auto writer = OpenStore(older->url(), write);
  ASSERT_TRUE(writer.ok()) << writer.error().ToString();
  EXPECT_EQ((*writer)->schema_version(), LatestSchemaVersion());
  store_ = *std::move(writer);
  ASSERT_TRUE(Import(Contracts()).ok());
  EXPECT_EQ(Read(), Dump(Contracts()));
}

INSTANTIATE_TEST_SUITE_P(Backends, ContractTablesTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::store
