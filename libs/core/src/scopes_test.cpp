// Tests of ratings per plant and per company (docs/EVALUATION.md, "Scopes")
// at their edges: eligibility per scope, complaints counted where raised, a
// company as the union of its plants, the supplier's QZ3 in every scope, a
// named delivery received at another plant, and a plant without a company.
#include "supeval/core/scopes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace supeval::core {
namespace {

Decimal Q(std::string_view text) { return ParseDecimal(text).value.value_or(Decimal()); }

// Supplier S1; plants P1, P2 (company C1) and P3 (no company, line 4);
// materials M310 (production) and M051 (indirect).
class ScopeData {
 public:
  ScopeData() {
    period = ParsePeriod("2026-H1").value();
    master.suppliers.push_back({"S1", "Supplier 1", "DE", false});
    master.plants.push_back({"P1", "Plant 1", kMondayToFriday, {}, "C1", 2});
    master.plants.push_back({"P2", "Plant 2", kMondayToFriday, {}, "C1", 3});
    master.plants.push_back({"P3", "Plant 3", kMondayToFriday, {}, "", 4});
    master.materials.push_back({"MAT1", "M310", "pc", MaterialKind::kPurchased});
    master.materials.push_back({"MAT2", "M051", "pc", MaterialKind::kPurchased});
    master.certifications.push_back({0, "ISO9001", period.first - 100, period.last + 100});
  }

  void Deliver(int count, Index plant, Index material = kProduction) {
    for (int i = 0; i < count; ++i) {
      Delivery delivery;
      delivery.supplier = 0;
      delivery.plant = plant;
      delivery.material = material;
      delivery.due_date = delivery.receipt_date = period.first + 60;
      delivery.due_qty = delivery.received_qty = Q("100");
      deliveries.push_back(delivery);
    }
  }

  Complaint& Complain(Index plant) {
    Complaint complaint;
    complaint.id = "C" + std::to_string(master.complaints.size() + 1);
    complaint.supplier = 0;
    complaint.plant = plant;
    complaint.date = period.first + 70;
    complaint.justified = true;
    complaint.rejected_qty = Q("5");
    master.complaints.push_back(complaint);
    return master.complaints.back();
  }

  Result<std::vector<ScopedResult>> Run(ScopeKind kind) const {
    auto scoped = ScopedEvaluator::Create(DefaultRuleSet(), period, master, kind);
    EXPECT_TRUE(scoped.ok());
    for (const Delivery& delivery : deliveries) scoped->Add(delivery);
    return scoped->Evaluate();
  }

  // The supplier scope's row of S1, for comparison.
  SupplierResult SupplierRow() const {
    auto context = EvaluationContext::Create(DefaultRuleSet(), period, master);
    DeliveryAccumulator accumulator(*context);
    for (const Delivery& delivery : deliveries) accumulator.Add(delivery);
    return core::Evaluate(*context, accumulator).results.at(0);
  }

  static constexpr Index kProduction = 0;
  static constexpr Index kIndirect = 1;
  Period period;
  MasterData master;
  std::vector<Delivery> deliveries;
};

std::vector<std::string> ScopeIds(const std::vector<ScopedResult>& rows) {
  std::vector<std::string> ids;
  for (const ScopedResult& row : rows) ids.push_back(row.scope_id);
  return ids;
}

TEST(ScopeKindTest, NamesRoundTrip) {
  for (const ScopeKind kind : {ScopeKind::kSupplier, ScopeKind::kPlant, ScopeKind::kCompany}) {
    EXPECT_EQ(ParseScopeKind(ScopeKindName(kind)), kind);
  }
  EXPECT_FALSE(ParseScopeKind("plants"));
}

TEST(ScopesTest, EligibilityAppliesPerPlant) {
  ScopeData data;
  data.Deliver(3, 0);
  data.Deliver(2, 1);
  const auto rows = data.Run(ScopeKind::kPlant);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(ScopeIds(*rows), (std::vector<std::string>{"P1", "P2"}));
  EXPECT_EQ((*rows)[0].result.status, EvaluationStatus::kEvaluated);
  EXPECT_EQ((*rows)[0].result.deliveries, 3);
  EXPECT_EQ((*rows)[1].result.status, EvaluationStatus::kNotEvaluated);
  EXPECT_EQ((*rows)[1].result.reason, "fewer than 3 deliveries in the period (2)");
  EXPECT_FALSE((*rows)[1].result.total);
}

TEST(ScopesTest, ComplaintCountsOnlyAtThePlantItWasRaisedAt) {
  ScopeData data;
  data.Deliver(20, 0);
  data.Deliver(20, 1);
  data.Complain(1);
  const auto rows = data.Run(ScopeKind::kPlant);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0].result.complaints, 0);
  EXPECT_DOUBLE_EQ(*(*rows)[0].result.qz1, 100);
  EXPECT_EQ((*rows)[1].result.complaints, 1);
  EXPECT_DOUBLE_EQ(*(*rows)[1].result.qz1, 100 - 1000.0 * 1 / 20);
}

TEST(ScopesTest, AComplaintAloneGivesTheScopeARow) {
  ScopeData data;
  data.Deliver(3, 0);
  data.master.plants[2].company = "C2";
  data.Complain(2);
  const auto rows = data.Run(ScopeKind::kPlant);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(ScopeIds(*rows), (std::vector<std::string>{"P1", "P3"}));
  EXPECT_EQ((*rows)[1].result.deliveries, 0);
  EXPECT_EQ((*rows)[1].result.complaints, 1);
  EXPECT_EQ((*rows)[1].result.status, EvaluationStatus::kNotEvaluated);
}

TEST(ScopesTest, CompanyIsEvaluatedOnTheUnionOfItsPlantsRecords) {
  ScopeData data;
  data.Deliver(2, 0);
  data.Deliver(2, 1);
  data.Complain(0);
  const auto rows = data.Run(ScopeKind::kCompany);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(ScopeIds(*rows), (std::vector<std::string>{"C1"}));
  const SupplierResult& company = (*rows)[0].result;
  const SupplierResult supplier = data.SupplierRow();
  // 2 + 2 deliveries: eligible in the company though in neither plant.
  EXPECT_EQ(company.status, EvaluationStatus::kEvaluated);
  EXPECT_EQ(company.deliveries, 4);
  EXPECT_EQ(company.complaints, 1);
  EXPECT_EQ(company.qz1, supplier.qz1);
  EXPECT_EQ(company.total, supplier.total);
}

TEST(ScopesTest, CertificationIsTheSuppliersInEveryScope) {
  ScopeData data;
  data.Deliver(3, 0, ScopeData::kIndirect);  // P1 sees only indirect material
  data.Deliver(3, 1, ScopeData::kProduction);
  const auto rows = data.Run(ScopeKind::kPlant);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2U);
  // ISO 9001 alone: 70 for production material, 90 were all of it indirect.
  EXPECT_DOUBLE_EQ(*data.SupplierRow().qz3, 70);
  EXPECT_DOUBLE_EQ(*(*rows)[0].result.qz3, 70);
  EXPECT_DOUBLE_EQ(*(*rows)[1].result.qz3, 70);
}

TEST(ScopesTest, NamedDeliveryOfAnotherPlantGivesItsLotButIsNotCounted) {
  ScopeData data;
  data.Deliver(3, 0);
  data.Deliver(3, 1);
  data.deliveries[0].id = "D1";
  data.deliveries[0].referenced_slot = 0;
  data.master.referenced_delivery_ids.push_back("D1");
  Complaint& complaint = data.Complain(1);  // raised at P2 about P1's delivery
  complaint.delivery_id = "D1";
  complaint.delivery_ref = 0;
  complaint.defect = "nonconforming_rework";  // 30 % of the lot: 30 of 100
  const auto rows = data.Run(ScopeKind::kPlant);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2U);
  const SupplierResult& p2 = (*rows)[1].result;
  EXPECT_EQ(p2.deliveries, 3);
  EXPECT_TRUE(p2.warnings.empty());
  ASSERT_TRUE(p2.ppm);
  EXPECT_DOUBLE_EQ(*p2.ppm, 30.0 / 300 * 1e6);
  EXPECT_FALSE((*rows)[0].result.ppm.value_or(0) > 0);
}

TEST(ScopesTest, CompanyScopeRefusesAnActivePlantWithoutCompany) {
  ScopeData data;
  data.Deliver(3, 0);
  data.Deliver(1, 2);
  const auto rows = data.Run(ScopeKind::kCompany);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(rows.error().ToString(), "plants.csv:4: company: empty, --scope company needs each plant's company");
}

TEST(ScopesTest, CompanyScopeIgnoresAnIdlePlantWithoutCompany) {
  ScopeData data;
  data.Deliver(3, 0);
  const auto rows = data.Run(ScopeKind::kCompany);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(ScopeIds(*rows), (std::vector<std::string>{"C1"}));
}

}  // namespace
}  // namespace supeval::core
