// Sourcing concentration (CONTRACTS.md §10) at its edges: one supplier, an
// equal split, three suppliers, zero spend, unpriced deliveries, several
// currencies, countries, alternates on either side of the period's last
// day, commodity rows, each finding at its edge, the HHI bands, the source's
// standing, and the risk list's order. Every expected figure is derived by
// hand in the test's comment.
#include <gtest/gtest.h>

#include <map>

#include "contracts/settlement_test_fixture.hpp"
#include "supeval/core/contracts/sourcing.hpp"

namespace supeval::core::contracts {
namespace {

constexpr Index kS1 = 0, kS2 = 1, kS3 = 2;           // S1 DE, S2 CN, S3 without country
constexpr Index kM1 = 0, kM2 = 1, kM3 = 2, kM4 = 3;  // M1, M2, M4: commodity C1; M3: C2

class SourcingBook : public Book {
 public:
  SourcingBook() {
    master.suppliers.push_back({"S3", "Supplier three", "", false});
    master.materials.push_back({"M3", "C2", "pc", MaterialKind::kPurchased});
    master.materials.push_back({"M4", "C1", "pc", MaterialKind::kPurchased});
    master.holds.clear();
  }

  // A contract of `supplier` from 2026-01-01 (to `end`) over `materials`,
  // each at list price `price` (none: no price tiers).
  Index Sign(std::string id, Index supplier, std::vector<Index> materials, std::optional<std::string_view> price = "1",
             std::string currency = "EUR", std::optional<std::string_view> end = {},
             std::string_view start = "2026-01-01") {
    const Index contract = AddContract(std::move(id), start, end, materials);
    data.contracts[contract].supplier = supplier;
    data.contracts[contract].currency = std::move(currency);
    for (const Index material : materials) {
      if (price) AddTier(contract, material, "0", *price);
    }
    return contract;
  }

  // A contract of `supplier` over `material` at `price` (K1, K2, … in call
  // order) and one delivery of `quantity`.
  void Supply(Index supplier, Index material, std::string_view quantity, std::string_view price = "1") {
    Sign("K" + std::to_string(data.contracts.size() + 1), supplier, {material}, price);
    Ship(supplier, material, quantity);
  }

  void Ship(Index supplier, Index material, std::string_view quantity, std::string_view receipt = "2026-02-02",
            std::string id = {}, DeliveryType type = DeliveryType::kSeries) {
    if (id.empty()) id = "D" + std::to_string(deliveries.size() + 1);
    deliveries.push_back({std::move(id), supplier, material, D(receipt), Q(quantity), type});
  }

  void AddAlternate(Index material, Index supplier, std::optional<std::string_view> qualified_on) {
    data.alternates.push_back(
        {material, supplier, qualified_on ? std::optional<Date>(D(*qualified_on)) : std::nullopt});
  }

  void PublishClass(Index supplier, std::string_view period, std::string_view published_on, std::string grade_class) {
    PublishedResult published;
    published.supplier = supplier;
    published.period = P(period);
    published.published_on = D(published_on);
    published.status = grade_class.empty() ? "not_evaluated" : "evaluated";
    published.grade_class = std::move(grade_class);
    data.published.push_back(std::move(published));
  }

  [[nodiscard]] SourcingResult Run(std::string_view period = "2026-Q1",
                                   const std::vector<EscalationRow>& ladder = {}) const {
    const SettlementPlan plan({rules, data, master, P(period)});
    SourcingAccumulator first(plan);
    SourcingAccumulator second(plan);
    Feed(first, second);
    first.Merge(std::move(second));
    return Source(plan, first, ladder);
  }

  [[nodiscard]] std::vector<SourcingRisk> Risks(const std::vector<EscalationRow>& ladder = {},
                                                std::string_view period = "2026-Q1") const {
    const SettlementPlan plan({rules, data, master, P(period)});
    SourcingAccumulator accumulator(plan);
    Feed(accumulator, accumulator);
    return RankSourcingRisks(plan, Source(plan, accumulator, ladder), ladder);
  }
};

// The cells of the row with `key` (material rows unless told otherwise),
// by column name.
std::map<std::string, std::string> CellsByColumn(const SourcingResult& result, std::string_view key,
                                                 SourcingScope scope = SourcingScope::kMaterial) {
  std::map<std::string, std::string> cells;
  for (const SourcingRow& row : result.rows) {
    if (row.key != key || row.scope != scope) continue;
    const std::vector<std::string> values = SourcingCells(row);
    for (std::size_t i = 0; i < values.size(); ++i) cells[std::string(SourcingColumns()[i])] = values[i];
  }
  EXPECT_FALSE(cells.empty()) << "no row " << key;
  return cells;
}

using Cells = std::vector<std::string>;

// The cells of the row with `key`, in the columns' order.
Cells RowCells(const SourcingResult& result, std::string_view key, SourcingScope scope = SourcingScope::kMaterial) {
  for (const SourcingRow& row : result.rows) {
    if (row.key == key && row.scope == scope) return SourcingCells(row);
  }
  ADD_FAILURE() << "no row " << key;
  return {};
}

// A ladder row of `contract` at `level`, with a hold or not.
EscalationRow LadderRow(Index contract, std::string level, bool hold) {
  EscalationRow row;
  row.contract = contract;
  row.level = std::move(level);
  row.hold = hold;
  return row;
}

TEST(Sourcing, OneSupplierHasTheWholeSpendAndHhi10000) {
  SourcingBook book;
  book.Supply(kS1, kM1, "40", "2.5");  // 40 × 2.5 = 100
  // high_concentration needs two suppliers; one DE supplier is a single country.
  EXPECT_EQ(RowCells(book.Run(), "M1"),
            (Cells{"2026-Q1", "material", "M1", "C1", "EUR", "1", "100.00", "S1=100", "10000", "high", "DE=100",
                   "10000", "yes", "", "", "single_source;no_dual_source_clause;single_country"}));
}

TEST(Sourcing, AnEqualSplitGivesHhi5000AndTiesGoByIdThenCountry) {
  SourcingBook book;
  book.Supply(kS1, kM1, "100");      // 100
  book.Supply(kS2, kM1, "50", "2");  // 100: 50 % each, 50² + 50² = 5000
  EXPECT_EQ(RowCells(book.Run(), "M1"),
            (Cells{"2026-Q1", "material", "M1", "C1", "EUR", "2", "200.00", "S1=50;S2=50", "5000", "high",
                   "CN=50;DE=50", "5000", "no", "", "", "high_concentration"}));
}

TEST(Sourcing, ThreeSuppliersRoundSharesAndHhiToSixDecimals) {
  SourcingBook book;
  book.Supply(kS3, kM1, "10");
  book.Supply(kS1, kM1, "10");
  book.Supply(kS2, kM1, "10");
  // 100/3 = 33.333333…; HHI = 3 × (100/3)² = 10000/3 = 3333.333333…
  EXPECT_EQ(RowCells(book.Run(), "M1"),
            (Cells{"2026-Q1", "material", "M1", "C1", "EUR", "3", "30.00", "S1=33.333333;S2=33.333333;S3=33.333333",
                   "3333.333333", "high", "CN=33.333333;DE=33.333333;unknown=33.333333", "3333.333333", "no", "", "",
                   "high_concentration"}));
}

TEST(Sourcing, SharesComeByDecreasingSpend) {
  SourcingBook book;
  book.Supply(kS1, kM1, "25");  // 25 %
  book.Supply(kS2, kM1, "62.5");
  book.Supply(kS3, kM1, "12.5");  // HHI 625 + 3906.25 + 156.25 = 4687.5
  EXPECT_EQ(RowCells(book.Run(), "M1"),
            (Cells{"2026-Q1", "material", "M1", "C1", "EUR", "3", "100.00", "S2=62.5;S1=25;S3=12.5", "4687.5", "high",
                   "CN=62.5;DE=25;unknown=12.5", "4687.5", "no", "", "", "high_concentration"}));
}

TEST(Sourcing, ZeroSpendLeavesCurrencySpendAndFiguresEmpty) {
  SourcingBook book;
  book.Supply(kS1, kM1, "40", "0");
  // No countries: single_country cannot be said.
  EXPECT_EQ(RowCells(book.Run(), "M1"), (Cells{"2026-Q1", "material", "M1", "C1", "", "1", "", "", "", "", "", "",
                                               "yes", "", "", "single_source;no_dual_source_clause"}));
}

TEST(Sourcing, UnpricedDeliveriesEmptyTheSharesButNotTheSpend) {
  SourcingBook book;
  book.Sign("K1", kS1, {kM1}, "2");
  book.Sign("K2", kS2, {kM2}, std::nullopt);  // M2 without price tiers: unpriced
  book.Ship(kS1, kM1, "10");                  // 20.00
  book.Ship(kS2, kM1, "10");                  // no contract of S2 covers M1: unpriced
  book.Ship(kS2, kM2, "5");
  const SourcingResult result = book.Run();
  EXPECT_EQ(RowCells(result, "M1"), (Cells{"2026-Q1", "material", "M1", "C1", "EUR", "2", "20.00", "", "", "", "", "",
                                           "no", "", "", "unpriced_deliveries"}));
  EXPECT_EQ(RowCells(result, "M2"), (Cells{"2026-Q1", "material", "M2", "C1", "", "1", "", "", "", "", "", "", "yes",
                                           "", "", "single_source;no_dual_source_clause;unpriced_deliveries"}));
}

TEST(Sourcing, SeveralCurrenciesEmptyEveryFigure) {
  SourcingBook book;
  book.Supply(kS1, kM1, "10");
  book.Sign("K2", kS2, {kM1}, "1", "USD");
  book.Ship(kS2, kM1, "10");
  const SourcingResult result = book.Run();
  EXPECT_EQ(RowCells(result, "M1"), (Cells{"2026-Q1", "material", "M1", "C1", "", "2", "", "", "", "", "", "", "no", "",
                                           "", "mixed_currency"}));
  EXPECT_EQ(
      RowCells(result, "C1", SourcingScope::kCommodity),
      (Cells{"2026-Q1", "commodity", "C1", "C1", "", "2", "", "", "", "", "", "", "no", "", "", "mixed_currency"}));
}

TEST(Sourcing, AlternatesAreQualifiedOnThePeriodsLastDayAndPendingTheDayAfter) {
  SourcingBook book;
  book.Supply(kS1, kM1, "10");
  book.AddAlternate(kM1, kS2, "2026-03-31");  // Q1's last day: qualified
  book.AddAlternate(kM1, kS3, "2026-04-01");  // the day after: pending
  const auto cells = CellsByColumn(book.Run(), "M1");
  EXPECT_EQ(cells.at("qualified_alternates"), "S2");
  EXPECT_EQ(cells.at("pending_alternates"), "S3");
  // A qualified alternate: no single_source; S2 is in CN, so not a single country.
  EXPECT_EQ(cells.at("findings"), "");
}

TEST(Sourcing, AnAlternateWithoutDateIsPendingAndOneQualifiedRowOfASupplierWins) {
  SourcingBook book;
  book.Sign("K1", kS1, {kM1, kM2}, "1");
  book.Ship(kS1, kM1, "10");
  book.Ship(kS1, kM2, "10");
  book.AddAlternate(kM1, kS2, std::nullopt);
  book.AddAlternate(kM2, kS2, "2026-01-15");
  const SourcingResult result = book.Run();
  const auto m1 = CellsByColumn(result, "M1");
  EXPECT_EQ(m1.at("qualified_alternates"), "");
  EXPECT_EQ(m1.at("pending_alternates"), "S2");
  EXPECT_EQ(m1.at("findings"), "single_source;no_dual_source_clause;single_country");
  // The commodity row has both materials' rows: S2 is qualified through M2.
  const auto c1 = CellsByColumn(result, "C1", SourcingScope::kCommodity);
  EXPECT_EQ(c1.at("qualified_alternates"), "S2");
  EXPECT_EQ(c1.at("pending_alternates"), "");
  EXPECT_EQ(c1.at("findings"), "");
}

TEST(Sourcing, AnAlternateWhoAlreadySuppliesTheRowIsNoAlternate) {
  SourcingBook book;
  book.Supply(kS1, kM1, "10");
  book.Supply(kS2, kM1, "30");
  book.AddAlternate(kM1, kS2, "2026-01-01");
  const auto cells = CellsByColumn(book.Run(), "M1");
  EXPECT_EQ(cells.at("qualified_alternates"), "");
  EXPECT_EQ(cells.at("pending_alternates"), "");
  EXPECT_EQ(cells.at("shares"), "S2=75;S1=25");  // HHI 5625 + 625 = 6250
  EXPECT_EQ(cells.at("hhi"), "6250");
}

TEST(Sourcing, CommodityRowsSumTheirMaterialsAndTakeOnlyTheirAlternates) {
  SourcingBook book;
  book.Sign("K1", kS1, {kM1, kM3}, "1");
  book.Sign("K2", kS2, {kM2}, "3");
  book.Ship(kS1, kM1, "60");  // C1: S1 60, S2 3 × 20 = 60 → 50/50
  book.Ship(kS2, kM2, "20");
  book.Ship(kS1, kM3, "5");                   // C2: S1 alone
  book.AddAlternate(kM4, kS3, "2026-01-01");  // M4 (C1) has no material row: not C1's alternate
  book.AddAlternate(kM3, kS2, std::nullopt);
  const SourcingResult result = book.Run();
  std::vector<std::string> keys;
  for (const SourcingRow& row : result.rows) keys.push_back(SourcingCells(row)[1] + " " + row.key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"material M1", "material M2", "material M3", "commodity C1", "commodity C2"}));
  // C1: geography is on material rows only; S3 is M4's alternate, not C1's.
  EXPECT_EQ(RowCells(result, "C1", SourcingScope::kCommodity),
            (Cells{"2026-Q1", "commodity", "C1", "C1", "EUR", "2", "120.00", "S1=50;S2=50", "5000", "high", "", "",
                   "no", "", "", "high_concentration"}));
  // C2: no dual-source findings and no single_country on commodity rows.
  EXPECT_EQ(RowCells(result, "C2", SourcingScope::kCommodity),
            (Cells{"2026-Q1", "commodity", "C2", "C2", "EUR", "1", "5.00", "S1=100", "10000", "high", "", "", "yes", "",
                   "S2", "single_source"}));
}

TEST(Sourcing, LeadDaysEqualToQualificationDaysAreEnoughAndOneBelowIsNot) {
  for (const int lead : {168, 167}) {
    SourcingBook book;
    book.Supply(kS1, kM1, "10");
    book.data.contracts[0].dual_source_lead_days = lead;
    EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), lead == 168 ? "single_source;single_country"
                                                                          : "single_source;dual_source_lead_too_short;"
                                                                            "single_country")
        << lead;
  }
}

TEST(Sourcing, QualificationDaysComeFromTheRuleSet) {
  SourcingBook book;
  book.rules.qualification_days = 30;
  book.Supply(kS1, kM1, "10");
  book.data.contracts[0].dual_source_lead_days = 30;
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_source;single_country");
}

TEST(Sourcing, TheSourcesContractIsThatOfItsLatestDeliveryByDateThenId) {
  // K1 (no clause) to 02-14, K2 (168 days) from 02-15: the latest delivery decides.
  SourcingBook book;
  book.Sign("K1", kS1, {kM1}, "1", "EUR", "2026-02-14");
  book.Sign("K2", kS1, {kM1}, "1", "EUR", std::nullopt, "2026-02-15");
  book.data.contracts[1].dual_source_lead_days = 168;
  book.Ship(kS1, kM1, "10", "2026-02-14", "D9");
  book.Ship(kS1, kM1, "10", "2026-02-20", "D1");
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_source;single_country");
  // A later delivery without a contract (after K2's end) leaves no clause.
  book.data.contracts[1].end = D("2026-03-01");
  book.Ship(kS1, kM1, "10", "2026-03-02", "D0");
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"),
            "single_source;no_dual_source_clause;single_country;unpriced_deliveries");
}

TEST(Sourcing, HhiAtTheModerateEdgeIsModerateAndAtTheHighEdgeNotHigh) {
  SourcingBook book;
  book.Supply(kS1, kM1, "10");
  book.Supply(kS2, kM1, "10");  // HHI 5000
  book.rules.hhi_moderate = Rational(5000);
  book.rules.hhi_high = Rational(6000);
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("concentration"), "moderate");
  book.rules.hhi_moderate = Rational(5001);
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("concentration"), "low");
  book.rules.hhi_moderate = Rational(1000);
  book.rules.hhi_high = Rational(5000);
  auto cells = CellsByColumn(book.Run(), "M1");
  EXPECT_EQ(cells.at("concentration"), "moderate");
  EXPECT_EQ(cells.at("findings"), "");
  book.rules.hhi_high = Rational(4999);
  cells = CellsByColumn(book.Run(), "M1");
  EXPECT_EQ(cells.at("concentration"), "high");
  EXPECT_EQ(cells.at("findings"), "high_concentration");
}

TEST(Sourcing, ClassCComesFromTheLatestPublishedRowForThePeriodsDates) {
  SourcingBook book;
  book.Supply(kS1, kM1, "10");
  book.data.contracts[0].dual_source_lead_days = 168;
  book.PublishClass(kS1, "2026-Q1", "2026-04-02", "C");
  book.PublishClass(kS1, "2026-Q1", "2026-04-05", "B");  // latest: B
  book.PublishClass(kS1, "2026-Q2", "2026-07-05", "C");  // other dates
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_source;single_country");
  book.PublishClass(kS1, "2026-01-01..2026-03-31", "2026-04-09", "C");  // same dates, written as a range
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_source;source_class_c;single_country");
  book.PublishClass(kS1, "2026-Q1", "2026-04-10", "");  // latest: not evaluated
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_source;single_country");
}

TEST(Sourcing, AHoldOfTheHoldsFileActiveOnTheLastDayOrALadderHoldPutsTheSourceOnHold) {
  SourcingBook book;
  book.Supply(kS1, kM1, "10");
  book.data.contracts[0].dual_source_lead_days = 168;
  book.master.holds.push_back({kS1, HoldReason::kDelivery, D("2026-01-10"), D("2026-03-31"), 2});
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_source;single_country")
      << "withdrawn on the last day";
  book.master.holds.back().withdrawn_on = D("2026-04-01");
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_source;source_on_hold;single_country");
  book.master.holds.clear();
  EXPECT_EQ(CellsByColumn(book.Run("2026-Q1", {LadderRow(0, "E3", true)}), "M1").at("findings"),
            "single_source;source_on_hold;single_country");
  EXPECT_EQ(CellsByColumn(book.Run("2026-Q1", {LadderRow(0, "E2", false)}), "M1").at("findings"),
            "single_source;single_country");
}

TEST(Sourcing, SingleCountryCountsUnknownAndTheQualifiedAlternatesCountries) {
  SourcingBook book;
  book.Sign("K1", kS3, {kM1}, "1");
  book.Sign("K2", kS3, {kM2}, "1");
  book.Ship(kS3, kM1, "10");
  book.Ship(kS3, kM2, "10");
  book.AddAlternate(kM1, kS2, "2026-01-01");  // CN: another country
  book.AddAlternate(kM2, kS1, std::nullopt);  // pending: does not count
  const SourcingResult result = book.Run();
  EXPECT_EQ(CellsByColumn(result, "M1").at("countries"), "unknown=100");
  EXPECT_EQ(CellsByColumn(result, "M1").at("findings"), "");
  EXPECT_EQ(CellsByColumn(result, "M2").at("findings"), "single_source;no_dual_source_clause;single_country");
}

TEST(Sourcing, AQualifiedAlternateInTheSameCountryKeepsSingleCountry) {
  SourcingBook book;
  book.master.suppliers[kS2].country = "DE";
  book.Supply(kS1, kM1, "10");
  book.AddAlternate(kM1, kS2, "2026-01-01");
  EXPECT_EQ(CellsByColumn(book.Run(), "M1").at("findings"), "single_country");
}

TEST(Sourcing, SamplesAndDeliveriesOutsideThePeriodAreNotCounted) {
  SourcingBook book;
  book.Sign("K1", kS1, {kM1}, "1");
  book.Sign("K2", kS2, {kM1}, "1");
  book.Ship(kS1, kM1, "10", "2026-03-31");
  book.Ship(kS2, kM1, "10", "2026-04-01");
  book.Ship(kS2, kM1, "10", "2026-03-01", "", DeliveryType::kSample);
  book.Ship(kS2, kM2, "10", "2025-12-31");
  const SourcingResult result = book.Run();
  ASSERT_EQ(result.rows.size(), 2U);  // M1 and C1
  EXPECT_EQ(CellsByColumn(result, "M1").at("suppliers"), "1");
  EXPECT_EQ(CellsByColumn(result, "M1").at("spend"), "10.00");
}

TEST(Sourcing, ColumnsAreThoseOfTheSpec) {
  EXPECT_EQ(SourcingColumns(),
            (std::vector<std::string_view>{"period", "scope", "key", "commodity", "currency", "suppliers", "spend",
                                           "shares", "hhi", "concentration", "countries", "country_hhi",
                                           "single_source", "qualified_alternates", "pending_alternates", "findings"}));
  EXPECT_EQ(SourcingRiskColumns(), (std::vector<std::string_view>{"material", "commodity", "supplier_id", "spend",
                                                                  "currency", "class", "level", "hold", "findings"}));
}

TEST(Sourcing, SpendRoundsHalfAwayFromZeroOnlyInTheCell) {
  SourcingBook book;
  book.Supply(kS1, kM1, "1", "0.125");  // 0.125
  book.Supply(kS2, kM1, "3", "0.125");  // 0.375: spend 0.5, shares 25/75 from the exact spends
  const auto cells = CellsByColumn(book.Run(), "M1");
  EXPECT_EQ(cells.at("spend"), "0.50");
  EXPECT_EQ(cells.at("shares"), "S2=75;S1=25");
  SourcingBook one;
  one.Supply(kS1, kM1, "1", "0.125");
  EXPECT_EQ(CellsByColumn(one.Run(), "M1").at("spend"), "0.13");
}

// Risk list: on hold first, then the higher level, then class C, then the
// higher spend (none last), then material_id.
TEST(SourcingRisks, RankHoldThenLevelThenClassCThenSpendThenMaterial) {
  SourcingBook book;
  // Five single-sourced materials (all with a 168-day clause, so only the standing differs).
  book.master.suppliers.push_back({"S4", "Supplier four", "FR", false});
  book.master.suppliers.push_back({"S5", "Supplier five", "FR", false});
  for (int i = 5; i <= 8; ++i) {
    book.master.materials.push_back({"M" + std::to_string(i), "C3", "pc", MaterialKind::kPurchased});
  }
  const Index s4 = 3, s5 = 4, m5 = 4, m6 = 5, m7 = 6, m8 = 7;
  book.Sign("K1", kS1, {kM1}, "1");         // S1: class C, E1, 10.00
  book.Sign("K2", kS2, {kM2}, "1");         // S2: E2, 5.00
  book.Sign("K3", kS3, {kM3}, "1");         // S3: hold from holds.csv, E0, 1.00
  book.Sign("K4", s4, {m5, m6}, "1");       // S4: nothing; M5 20.00, M6 20.00 (tie: by material)
  book.Sign("K5", s5, {m7}, std::nullopt);  // S5: nothing, M7 unpriced (no spend)
  book.Sign("K6", kS1, {m8}, "1");          // S1 again on M8: class C, E1, 30.00
  book.Ship(kS1, kM1, "10");
  book.Ship(kS2, kM2, "5");
  book.Ship(kS3, kM3, "1");
  book.Ship(s4, m6, "20");
  book.Ship(s4, m5, "20");
  book.Ship(s5, m7, "7");
  book.Ship(kS1, m8, "30");
  book.master.holds.push_back({kS3, HoldReason::kQuality, D("2026-03-31"), std::nullopt, 2});
  book.PublishClass(kS1, "2026-Q1", "2026-04-02", "C");
  book.PublishClass(kS2, "2026-Q1", "2026-04-02", "B");
  const std::vector<EscalationRow> ladder = {LadderRow(0, "E1", false), LadderRow(1, "E2", false),
                                             LadderRow(5, "E0", false)};
  const std::vector<SourcingRisk> risks = book.Risks(ladder);
  std::vector<std::string> order;
  for (const SourcingRisk& risk : risks) {
    const std::vector<std::string> cells = SourcingRiskCells(risk);
    order.push_back(cells[0] + " " + cells[2] + " " + cells[3] + " " + cells[5] + " " + cells[6] + " " + cells[7]);
  }
  EXPECT_EQ(order, (std::vector<std::string>{
                       "M3 S3 1.00  E0 yes",   // on hold
                       "M2 S2 5.00 B E2 no",   // E2
                       "M8 S1 30.00 C E1 no",  // E1, class C, the higher spend
                       "M1 S1 10.00 C E1 no",
                       "M5 S4 20.00  E0 no",  // E0, no class: by spend, tie by material
                       "M6 S4 20.00  E0 no",
                       "M7 S5   E0 no",  // no spend last
                   }));
  EXPECT_EQ(SourcingRiskCells(risks[0]),
            (std::vector<std::string>{"M3", "C2", "S3", "1.00", "EUR", "", "E0", "yes",
                                      "single_source;no_dual_source_clause;source_on_hold;single_country"}));
}

TEST(SourcingRisks, OnlyMaterialRowsWithTheFindingSingleSourceAreListed) {
  SourcingBook book;
  book.Sign("K1", kS1, {kM1, kM2}, "1");
  book.Sign("K2", kS2, {kM3}, "1");
  book.Ship(kS1, kM1, "10");
  book.Ship(kS1, kM2, "10");
  book.Ship(kS2, kM3, "10");
  book.Ship(kS3, kM3, "10");                  // M3: two suppliers
  book.AddAlternate(kM2, kS2, "2026-01-01");  // M2: a qualified alternate
  const std::vector<SourcingRisk> risks = book.Risks();
  ASSERT_EQ(risks.size(), 1U);
  EXPECT_EQ(risks[0].material_id, "M1");
  EXPECT_EQ(risks[0].level, "E0");
  EXPECT_FALSE(risks[0].hold);
}

}  // namespace
}  // namespace supeval::core::contracts
