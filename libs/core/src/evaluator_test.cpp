// Tests of the evaluation engine against docs/EVALUATION.md: the
// agreement's worked examples, every row of spreadsheet 1, the adjustment
// window, QZ3, the exact LZ2 band edges, eligibility and classes, custom rule
// sets, and independence of the order and split in which deliveries arrive.
// Master data is built by hand with the small Scenario helper below.
#include "supeval/core/evaluator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "supeval/core/figures.hpp"

namespace supeval::core {
namespace {

Date D(int year, int month, int day) { return Date::FromCivil(year, month, day); }

Decimal Q(std::string_view text) {
  const ParsedDecimal parsed = ParseDecimal(text);
  EXPECT_TRUE(parsed.value.has_value()) << text;
  return parsed.value.value_or(Decimal());
}

// Defective quantities (units of 1e-14) as exact decimal text.
std::string Units(Int128 value) { return FixedToString(value, kDefectiveScaleDigits); }

struct DeliverySpec {
  std::string id;
  Index supplier = 0;
  Index plant = 0;
  Index material = 0;
  Date due_date;
  Decimal due_qty;
  Date receipt_date;
  Decimal received_qty;
  DeliveryType type = DeliveryType::kSeries;
};

// One data set: master data plus the deliveries to stream. A new Scenario has
// supplier 0 "S1" and plant 0 "P1" working Monday to Friday without exceptions.
class Scenario {
 public:
  explicit Scenario(std::string_view period_text = "2026-H1") {
    Result<Period> parsed = ParsePeriod(period_text);
    EXPECT_TRUE(parsed.ok());
    if (parsed.ok()) period = std::move(parsed).value();
    AddSupplier("S1");
    AddPlant(kMondayToFriday);
  }

  Index AddSupplier(std::string id, bool qz3_exempt = false) {
    master.suppliers.push_back(Supplier{id, "Supplier " + id, "DE", qz3_exempt});
    return static_cast<Index>(master.suppliers.size() - 1);
  }

  Index AddPlant(WorkWeek week, std::vector<CalendarDay> exceptions = {}) {
    const std::string id = "P" + std::to_string(master.plants.size() + 1);
    master.plants.push_back(Plant{id, "Plant " + id, week, std::move(exceptions)});
    return static_cast<Index>(master.plants.size() - 1);
  }

  Index AddMaterial(std::string commodity, MaterialKind kind = MaterialKind::kPurchased) {
    const std::string id = "MAT" + std::to_string(master.materials.size() + 1);
    master.materials.push_back(Material{id, std::move(commodity), kind == MaterialKind::kRaw ? "kg" : "pc", kind});
    return static_cast<Index>(master.materials.size() - 1);
  }

  // A delivery on time and in full, received in the middle of the period.
  DeliverySpec& Deliver(Index material, std::string_view quantity = "1000", Index supplier = 0,
                        DeliveryType type = DeliveryType::kSeries) {
    DeliverySpec spec;
    spec.id = "D" + std::to_string(deliveries.size() + 1);
    spec.supplier = supplier;
    spec.material = material;
    spec.due_date = spec.receipt_date = MidPeriod();
    spec.due_qty = spec.received_qty = Q(quantity);
    spec.type = type;
    deliveries.push_back(spec);
    return deliveries.back();
  }

  void DeliverMany(int count, Index material, std::string_view quantity = "1000", Index supplier = 0,
                   DeliveryType type = DeliveryType::kSeries) {
    for (int i = 0; i < count; ++i) Deliver(material, quantity, supplier, type);
  }

  // A justified complaint of `type` for `supplier`, dated in the period.
  Complaint NewComplaint(ComplaintType type = ComplaintType::kComplaint, Index supplier = 0) const {
    Complaint complaint;
    complaint.id = "C" + std::to_string(master.complaints.size() + 1);
    complaint.supplier = supplier;
    complaint.plant = 0;
    complaint.date = MidPeriod();
    complaint.type = type;
    complaint.justified = true;
    return complaint;
  }

  // Adds the complaint, giving the delivery it names a slot (as readers do).
  void Add(Complaint complaint) {
    if (!complaint.delivery_id.empty()) complaint.delivery_ref = SlotFor(complaint.delivery_id);
    master.complaints.push_back(std::move(complaint));
  }

  void Certify(std::string standard, Date from, Date to, Index supplier = 0) {
    master.certifications.push_back(Certification{supplier, std::move(standard), from, to});
  }

  void AddHold(HoldReason reason, Date imposed, std::optional<Date> withdrawn = std::nullopt, Index supplier = 0) {
    master.holds.push_back(Hold{supplier, reason, imposed, withdrawn});
  }

  Date MidPeriod() const { return period.first + 60; }

  // Feeds the deliveries in `groups` to one accumulator per group, merges the
  // accumulators in order and evaluates. Each accumulator is first given the
  // deliveries in `cleared` and then cleared.
  Evaluation RunGroups(const RuleSet& rules, const std::vector<std::vector<std::size_t>>& groups,
                       std::optional<Index> explain = Index{0}, const std::vector<std::size_t>& cleared = {}) const {
    EvaluationOptions options;
    options.explain_supplier = explain;
    options.slices = slices;
    if (explain_slice) {
      options.explain_supplier.reset();
      options.explain_slice = explain_slice;
    }
    options.threads = std::max<std::size_t>(1, groups.size());  // split runs prepare on threads too
    Result<EvaluationContext> context = EvaluationContext::Create(rules, period, master, options);
    EXPECT_TRUE(context.ok()) << (context.ok() ? "" : context.error().ToString());
    if (!context.ok()) return {};
    std::vector<DeliveryAccumulator> accumulators;
    for (const std::vector<std::size_t>& group : groups) {
      accumulators.emplace_back(*context);
      for (const std::size_t i : cleared) accumulators.back().Add(ToDelivery(deliveries[i]));
      if (!cleared.empty()) accumulators.back().Clear();
      for (const std::size_t i : group) accumulators.back().Add(ToDelivery(deliveries[i]));
    }
    if (accumulators.empty()) accumulators.emplace_back(*context);
    for (std::size_t i = 1; i < accumulators.size(); ++i) accumulators[0].Merge(std::move(accumulators[i]));
    return Evaluate(*context, accumulators[0]);
  }

  Evaluation Run(const RuleSet& rules = DefaultRuleSet(), std::optional<Index> explain = Index{0}) const {
    std::vector<std::size_t> all(deliveries.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    return RunGroups(rules, {all}, explain);
  }

  // The result of supplier 0.
  SupplierResult Result0(const RuleSet& rules = DefaultRuleSet()) const {
    const Evaluation evaluation = Run(rules);
    EXPECT_FALSE(evaluation.results.empty());
    return evaluation.results.empty() ? SupplierResult{} : evaluation.results[0];
  }

  Period period;
  MasterData master;
  std::vector<DeliverySpec> deliveries;
  std::vector<EvaluationSlice> slices;  // evaluated beside the suppliers
  std::optional<Index> explain_slice;   // instead of the supplier

 private:
  Index SlotFor(const std::string& delivery_id) {
    auto& ids = master.referenced_delivery_ids;
    const auto found = std::find(ids.begin(), ids.end(), delivery_id);
    if (found != ids.end()) return static_cast<Index>(found - ids.begin());
    ids.push_back(delivery_id);
    return static_cast<Index>(ids.size() - 1);
  }

  Delivery ToDelivery(const DeliverySpec& spec) const {
    Delivery delivery;
    delivery.id = spec.id;
    delivery.supplier = spec.supplier;
    delivery.plant = spec.plant;
    delivery.material = spec.material;
    delivery.due_date = spec.due_date;
    delivery.due_qty = spec.due_qty;
    delivery.receipt_date = spec.receipt_date;
    delivery.received_qty = spec.received_qty;
    delivery.type = spec.type;
    const auto& ids = master.referenced_delivery_ids;
    const auto found = std::find(ids.begin(), ids.end(), spec.id);
    if (found != ids.end()) delivery.referenced_slot = static_cast<Index>(found - ids.begin());
    return delivery;
  }
};

const CommodityExplanation* FindCommodity(const Explanation& explanation, std::string_view code) {
  for (const CommodityExplanation& row : explanation.commodities) {
    if (row.commodity == code) return &row;
  }
  return nullptr;
}

const ComplaintExplanation* FindComplaint(const Explanation& explanation, std::string_view id) {
  for (const ComplaintExplanation& row : explanation.complaints) {
    if (row.id == id) return &row;
  }
  return nullptr;
}

bool HasWarningContaining(const SupplierResult& result, std::string_view text) {
  return std::any_of(result.warnings.begin(), result.warnings.end(),
                     [&](const std::string& warning) { return warning.find(text) != std::string::npos; });
}

// ---------------------------------------------------------------------------
// QZ1 and QZ4 (spec: QZ1 = 100 − 1000 C / D, QZ4 = 100 − 500 S / N, floor 1)

double Qz1With(int deliveries, int complaints) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(deliveries, m);
  for (int i = 0; i < complaints; ++i) {
    Complaint c = s.NewComplaint();
    c.material = m;
    s.Add(c);
  }
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.complaints, complaints);
  EXPECT_EQ(r.series_deliveries, deliveries);
  return r.qz1.value_or(-1);
}

TEST(Evaluator, Qz1TenPercentComplaintsGivesOne) {
  // The agreement: "If 10 % of the deliveries are rejected, the QZ 1 is 1 instead of 0."
  EXPECT_DOUBLE_EQ(Qz1With(10, 1), 1);
  EXPECT_DOUBLE_EQ(Qz1With(100, 10), 1);
}

TEST(Evaluator, Qz1AroundTheFloor) {
  EXPECT_DOUBLE_EQ(Qz1With(100, 9), 10);
  EXPECT_DOUBLE_EQ(Qz1With(100, 11), 1);
  EXPECT_DOUBLE_EQ(Qz1With(1000, 99), 1);
  EXPECT_DOUBLE_EQ(Qz1With(1000, 98), 2);
  EXPECT_DOUBLE_EQ(Qz1With(20, 1), 50);
  EXPECT_DOUBLE_EQ(Qz1With(3, 0), 100);
  EXPECT_DOUBLE_EQ(Qz1With(3, 3), 1);
}

double Qz4With(int sample_deliveries, int sample_complaints) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(sample_deliveries, m, "10", 0, DeliveryType::kSample);
  for (int i = 0; i < sample_complaints; ++i) {
    Complaint c = s.NewComplaint(ComplaintType::kSample);
    c.material = m;
    c.rejected_qty = Q("5");
    s.Add(c);
  }
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.sample_complaints, sample_complaints);
  EXPECT_EQ(r.complaints, 0);
  EXPECT_EQ(r.sample_deliveries, sample_deliveries);
  EXPECT_FALSE(r.qz1.has_value());  // no series deliveries
  EXPECT_FALSE(r.qz2.has_value());
  return r.qz4.value_or(-1);
}

TEST(Evaluator, Qz4TwentyPercentSampleComplaintsGivesOne) {
  // The agreement: "If 20 % of the deliveries are rejected, the QZ 4 is 1 instead of 0."
  EXPECT_DOUBLE_EQ(Qz4With(5, 1), 1);
  EXPECT_DOUBLE_EQ(Qz4With(10, 2), 1);
}

TEST(Evaluator, Qz4AroundTheFloor) {
  EXPECT_DOUBLE_EQ(Qz4With(100, 19), 5);
  EXPECT_DOUBLE_EQ(Qz4With(100, 21), 1);
  EXPECT_DOUBLE_EQ(Qz4With(10, 1), 50);
  EXPECT_DOUBLE_EQ(Qz4With(4, 0), 100);
}

TEST(Evaluator, ScoresAreCappedAt100) {
  RuleSet rules = DefaultRuleSet();
  rules.formula_base = 150;
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(10, m);
  s.DeliverMany(10, m, "10", 0, DeliveryType::kSample);
  Complaint c = s.NewComplaint();
  c.material = m;
  s.Add(c);  // QZ1 = 150 − 100 = 50
  Complaint sample = s.NewComplaint(ComplaintType::kSample);
  sample.material = m;
  s.Add(sample);  // QZ4 = 150 − 50 = 100
  const SupplierResult r = s.Result0(rules);
  EXPECT_DOUBLE_EQ(*r.qz1, 50);
  EXPECT_DOUBLE_EQ(*r.qz2, 100);  // 150 − 0 capped
  EXPECT_DOUBLE_EQ(*r.qz4, 100);
  rules.formula_base = 170;
  const SupplierResult capped = s.Result0(rules);
  EXPECT_DOUBLE_EQ(*capped.qz1, 70);
  EXPECT_DOUBLE_EQ(*capped.qz4, 100);  // 170 − 50 = 120, capped
}

// ---------------------------------------------------------------------------
// QZ2 at the ppm-limits of spreadsheet 2

struct PpmCase {
  const char* commodity;
  MaterialKind kind;
  const char* rejected;  // of 4 deliveries of 1000 each
  double ppm;
  double qz2;
  double b;
};

TEST(Evaluator, Qz2AtThePpmLimitGivesAbout90) {
  const PpmCase cases[] = {
      {"M310", MaterialKind::kPurchased, "1", 250, 90, 4},
      {"M011", MaterialKind::kRaw, "4", 1000, 90, 1},
      {"M051", MaterialKind::kPurchased, "10", 2500, 90, 0.4},
      {"M342", MaterialKind::kPurchased, "30", 7500, 90.25, 0.13},
  };
  for (const PpmCase& ppm_case : cases) {
    Scenario s;
    const Index m = s.AddMaterial(ppm_case.commodity, ppm_case.kind);
    s.DeliverMany(4, m);
    Complaint c = s.NewComplaint();
    c.delivery_id = "D1";
    c.rejected_qty = Q(ppm_case.rejected);
    s.Add(c);
    const Evaluation evaluation = s.Run();
    const SupplierResult& r = evaluation.results[0];
    ASSERT_TRUE(r.ppm.has_value()) << ppm_case.commodity;
    EXPECT_NEAR(*r.ppm, ppm_case.ppm, 1e-9) << ppm_case.commodity;
    ASSERT_TRUE(r.qz2.has_value()) << ppm_case.commodity;
    EXPECT_NEAR(*r.qz2, ppm_case.qz2, 1e-9) << ppm_case.commodity;
    ASSERT_TRUE(evaluation.explanation.has_value());
    const CommodityExplanation* row = FindCommodity(*evaluation.explanation, ppm_case.commodity);
    ASSERT_NE(row, nullptr);
    EXPECT_DOUBLE_EQ(row->b, ppm_case.b);
    EXPECT_FALSE(row->b_defaulted);
    EXPECT_EQ(row->series_deliveries, 4);
    EXPECT_EQ(FixedToString(row->delivered_micros, 6), "4000");
    EXPECT_EQ(Units(row->defective), ppm_case.rejected);
    EXPECT_TRUE(r.warnings.empty()) << ppm_case.commodity;
  }
}

TEST(Evaluator, RenormalisesWithoutQz4) {
  // The agreement's example: QZ = (0.5 QZ1 + 0.3 QZ2 + 0.1 QZ3) / 0.9.
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(20, m, "100");
  Complaint c = s.NewComplaint();
  c.delivery_id = "D3";
  c.rejected_qty = Q("1");
  s.Add(c);
  s.Certify("ISO9001", D(2025, 1, 1), D(2027, 1, 1));
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_EQ(r.status, EvaluationStatus::kEvaluated);
  EXPECT_DOUBLE_EQ(*r.qz1, 50);     // 100 − 1000 × 1/20
  EXPECT_NEAR(*r.ppm, 500, 1e-9);   // 1 / 2000
  EXPECT_NEAR(*r.qz2, 80, 1e-9);    // 100 − 4 × 500 / 100
  EXPECT_DOUBLE_EQ(*r.qz3, 70);     // ISO 9001
  EXPECT_FALSE(r.qz4.has_value());  // no sample deliveries
  EXPECT_NEAR(*r.qz, (0.5 * 50 + 0.3 * 80 + 0.1 * 70) / 0.9, 1e-9);
  EXPECT_NEAR(*r.qz, 62.222222222222222, 1e-9);
  EXPECT_DOUBLE_EQ(*r.lz1, 100);
  EXPECT_DOUBLE_EQ(*r.lz2, 100);
  EXPECT_DOUBLE_EQ(*r.lz, 100);
  EXPECT_NEAR(*r.total, 0.65 * 62.222222222222222 + 0.35 * 100, 1e-9);
  EXPECT_EQ(r.grade_class, "C");

  const Explanation& explanation = *evaluation.explanation;
  ASSERT_EQ(explanation.quality_weights.size(), 4U);
  EXPECT_EQ(explanation.quality_weights[3].name, "QZ4");
  EXPECT_FALSE(explanation.quality_weights[3].normalised.has_value());
  ASSERT_TRUE(explanation.quality_weights[0].normalised.has_value());
  EXPECT_NEAR(*explanation.quality_weights[0].normalised, 0.5 / 0.9, 1e-12);
  EXPECT_NEAR(*explanation.quality_weights[2].normalised, 0.1 / 0.9, 1e-12);
}

TEST(Evaluator, AllFourQualitySubCriteria) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(20, m, "50");
  s.DeliverMany(10, m, "5", 0, DeliveryType::kSample);
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("0.5");  // of 1000 series: 500 ppm
  s.Add(c);
  Complaint sample = s.NewComplaint(ComplaintType::kSample);
  sample.delivery_id = "D21";
  sample.rejected_qty = Q("5");  // sample complaints are not in ppm
  s.Add(sample);
  s.Certify("IATF16949", D(2025, 1, 1), D(2027, 1, 1));
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.deliveries, 30);
  EXPECT_EQ(r.complaints, 1);
  EXPECT_EQ(r.sample_complaints, 1);
  EXPECT_DOUBLE_EQ(*r.qz1, 50);
  EXPECT_NEAR(*r.ppm, 500, 1e-9);
  EXPECT_NEAR(*r.qz2, 80, 1e-9);
  EXPECT_DOUBLE_EQ(*r.qz3, 80);
  EXPECT_DOUBLE_EQ(*r.qz4, 50);
  EXPECT_NEAR(*r.qz, 62, 1e-9);  // 25 + 24 + 8 + 5, weights sum to 1
  EXPECT_NEAR(*r.total, 0.65 * 62 + 0.35 * 100, 1e-9);
  EXPECT_NEAR(RoundHalfAwayFromZero(*r.total, 1), 75.3, 1e-12);
  EXPECT_EQ(r.grade_class, "C");
}

// ---------------------------------------------------------------------------
// Spreadsheet 1: the ppm-relevant quantity of every defect row

struct DefectCase {
  const char* code;
  const char* purchased;  // relevant quantity for a purchased part
  const char* raw;        // relevant quantity for raw material
  const char* shown_code;
};

// Lot D1 = 1000 (of 3000 delivered), rejected 7.5, affected 2.25.
const DefectCase kDefectCases[] = {
    {"", "7.5", "7.5", "other"},
    {"other", "7.5", "7.5", "other"},
    {"nonconforming_unusable", "7.5", "7.5", "nonconforming_unusable"},
    {"nonconforming_usable", "100", "100", "nonconforming_usable"},
    {"nonconforming_rework", "300", "300", "nonconforming_rework"},
    {"coating_rework", "50", "50", "coating_rework"},
    {"special_release", "0", "0", "special_release"},
    {"wrong_type_obvious", "2.25", "2.25", "wrong_type_obvious"},
    {"wrong_type_hidden", "1000", "1000", "wrong_type_hidden"},
    {"rusty_usable", "100", "100", "rusty_usable"},
    {"documentation", "0", "0", "documentation"},
    {"rust_protection", "2.25", "100", "rust_protection"},
    {"packaging", "2.25", "100", "packaging"},
    {"marking", "2.25", "100", "marking"},
};

void CheckDefectRow(const DefectCase& defect_case, MaterialKind kind) {
  const bool purchased = kind == MaterialKind::kPurchased;
  const std::string label = std::string(defect_case.code) + (purchased ? " purchased" : " raw");
  const char* expected = purchased ? defect_case.purchased : defect_case.raw;
  // M310 (B = 4) for purchased parts, M011 (B = 1) for raw material.
  const double b = purchased ? 4 : 1;
  Scenario s;
  const Index m = s.AddMaterial(purchased ? "M310" : "M011", kind);
  s.DeliverMany(3, m, "1000");
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.defect = defect_case.code;
  c.rejected_qty = Q("7.5");
  c.affected_qty = Q("2.25");
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_EQ(r.complaints, 1) << label;  // every row is a complaint case for QZ1
  ASSERT_TRUE(evaluation.explanation.has_value());
  const ComplaintExplanation* detail = FindComplaint(*evaluation.explanation, "C1");
  ASSERT_NE(detail, nullptr) << label;
  EXPECT_TRUE(detail->counts_in_ppm) << label;
  EXPECT_EQ(detail->defect_code, defect_case.shown_code) << label;
  EXPECT_EQ(Units(detail->relevant), expected) << label;
  ASSERT_TRUE(detail->kind.has_value());
  EXPECT_EQ(*detail->kind, kind) << label;
  const CommodityExplanation* row = FindCommodity(*evaluation.explanation, purchased ? "M310" : "M011");
  ASSERT_NE(row, nullptr) << label;
  EXPECT_EQ(Units(row->defective), expected) << label;
  const double quantity = Q(expected).ToDouble();
  const double ppm = quantity / 3000 * 1'000'000;
  ASSERT_TRUE(r.ppm.has_value()) << label;
  EXPECT_NEAR(*r.ppm, ppm, 1e-9) << label;
  EXPECT_NEAR(*r.qz2, std::max(1.0, std::min(100.0, 100 - b * ppm / 100)), 1e-9) << label;
}

TEST(Evaluator, Spreadsheet1EveryRowForPurchasedParts) {
  for (const DefectCase& defect_case : kDefectCases) CheckDefectRow(defect_case, MaterialKind::kPurchased);
}

TEST(Evaluator, Spreadsheet1EveryRowForRawMaterial) {
  for (const DefectCase& defect_case : kDefectCases) CheckDefectRow(defect_case, MaterialKind::kRaw);
}

TEST(Evaluator, Spreadsheet1SpotValues) {
  // Raw material, 10 % of a 1000 kg lot of 3000 kg: 100 / 3000 = 33 333.3 ppm, QZ2 = 100 − 333.3 → 1.
  // Purchased, affected 2.25 of 3000: 750 ppm, QZ2 = 100 − 4 × 7.5 = 70.
  Scenario raw;
  const Index bar = raw.AddMaterial("M011", MaterialKind::kRaw);
  raw.DeliverMany(3, bar);
  Complaint c = raw.NewComplaint();
  c.delivery_id = "D2";
  c.defect = "packaging";
  c.affected_qty = Q("2.25");
  raw.Add(c);
  const SupplierResult raw_result = raw.Result0();
  EXPECT_NEAR(*raw_result.ppm, 100.0 / 3000 * 1e6, 1e-6);
  EXPECT_DOUBLE_EQ(*raw_result.qz2, 1);

  Scenario purchased;
  const Index part = purchased.AddMaterial("M310");
  purchased.DeliverMany(3, part);
  Complaint p = purchased.NewComplaint();
  p.delivery_id = "D2";
  p.defect = "packaging";
  p.affected_qty = Q("2.25");
  purchased.Add(p);
  const SupplierResult purchased_result = purchased.Result0();
  EXPECT_NEAR(*purchased_result.ppm, 750, 1e-9);
  EXPECT_NEAR(*purchased_result.qz2, 70, 1e-9);
}

TEST(Evaluator, EmptyQuantityCountsZero) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  Complaint affected = s.NewComplaint();
  affected.delivery_id = "D1";
  affected.defect = "wrong_type_obvious";
  affected.rejected_qty = Q("5");  // not the quantity this row takes
  s.Add(affected);
  Complaint rejected = s.NewComplaint();
  rejected.delivery_id = "D2";
  rejected.affected_qty = Q("5");
  s.Add(rejected);
  const Evaluation evaluation = s.Run();
  EXPECT_EQ(evaluation.results[0].complaints, 2);
  EXPECT_DOUBLE_EQ(*evaluation.results[0].ppm, 0);
  EXPECT_DOUBLE_EQ(*evaluation.results[0].qz2, 100);
  for (const char* id : {"C1", "C2"}) {
    const ComplaintExplanation* detail = FindComplaint(*evaluation.explanation, id);
    ASSERT_NE(detail, nullptr);
    EXPECT_EQ(Units(detail->relevant), "0") << id;
    EXPECT_FALSE(detail->notes.empty()) << id;
  }
}

// ---------------------------------------------------------------------------
// Adjustment (spec: confirmed_qty replaces rejected when confirmed_on <=
// returned_on + 2 calendar months, only in rows that take the rejected quantity)

struct AdjustmentOutcome {
  std::string relevant;
  Adjustment adjustment = Adjustment::kNotApplicable;
  std::optional<Date> deadline;
};

AdjustmentOutcome Adjusted(std::string_view period, std::string defect, std::optional<Date> returned_on,
                           std::optional<Date> confirmed_on, const RuleSet& rules = DefaultRuleSet()) {
  Scenario s(period);
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m, "1000");
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.defect = std::move(defect);
  c.rejected_qty = Q("10");
  c.affected_qty = Q("2");
  c.confirmed_qty = Q("4");
  c.returned_on = returned_on;
  c.confirmed_on = confirmed_on;
  s.Add(c);
  const Evaluation evaluation = s.Run(rules);
  AdjustmentOutcome outcome;
  if (!evaluation.explanation) return outcome;
  const ComplaintExplanation* detail = FindComplaint(*evaluation.explanation, "C1");
  if (detail == nullptr) return outcome;
  outcome.relevant = Units(detail->relevant);
  outcome.adjustment = detail->adjustment;
  outcome.deadline = detail->adjustment_deadline;
  // The commodity's defective quantity follows the complaint's.
  const CommodityExplanation* row = FindCommodity(*evaluation.explanation, "M310");
  EXPECT_NE(row, nullptr);
  if (row != nullptr) {
    EXPECT_EQ(Units(row->defective), outcome.relevant);
  }
  return outcome;
}

TEST(Evaluator, AdjustmentOnTheDeadlineCountsOneDayLaterNot) {
  const AdjustmentOutcome on_deadline = Adjusted("2026-H1", "", D(2026, 3, 31), D(2026, 5, 31));
  EXPECT_EQ(on_deadline.relevant, "4");
  EXPECT_EQ(on_deadline.adjustment, Adjustment::kApplied);
  EXPECT_EQ(on_deadline.deadline, D(2026, 5, 31));

  const AdjustmentOutcome late = Adjusted("2026-H1", "", D(2026, 3, 31), D(2026, 6, 1));
  EXPECT_EQ(late.relevant, "10");
  EXPECT_EQ(late.adjustment, Adjustment::kTooLate);
  EXPECT_EQ(late.deadline, D(2026, 5, 31));

  const AdjustmentOutcome same_day = Adjusted("2026-H1", "other", D(2026, 3, 10), D(2026, 3, 10));
  EXPECT_EQ(same_day.relevant, "4");
  EXPECT_EQ(same_day.adjustment, Adjustment::kApplied);
}

TEST(Evaluator, AdjustmentAtTheEndOfFebruary) {
  // 31 Dec + 2 months = end of February.
  const AdjustmentOutcome in_time = Adjusted("2026-H1", "", D(2025, 12, 31), D(2026, 2, 28));
  EXPECT_EQ(in_time.relevant, "4");
  EXPECT_EQ(in_time.adjustment, Adjustment::kApplied);
  EXPECT_EQ(in_time.deadline, D(2026, 2, 28));

  const AdjustmentOutcome late = Adjusted("2026-H1", "", D(2025, 12, 31), D(2026, 3, 1));
  EXPECT_EQ(late.relevant, "10");
  EXPECT_EQ(late.adjustment, Adjustment::kTooLate);

  // A leap year: 31 Dec 2023 + 2 months = 29 Feb 2024.
  const AdjustmentOutcome leap = Adjusted("2024-H1", "", D(2023, 12, 31), D(2024, 2, 29));
  EXPECT_EQ(leap.relevant, "4");
  EXPECT_EQ(leap.deadline, D(2024, 2, 29));
  EXPECT_EQ(Adjusted("2024-H1", "", D(2023, 12, 31), D(2024, 3, 1)).relevant, "10");
}

TEST(Evaluator, AdjustmentNeedsReturnedOn) {
  const AdjustmentOutcome outcome = Adjusted("2026-H1", "", std::nullopt, D(2026, 3, 1));
  EXPECT_EQ(outcome.relevant, "10");
  EXPECT_EQ(outcome.adjustment, Adjustment::kNoReturnDate);
}

TEST(Evaluator, AdjustmentNeedsConfirmedOn) {
  const AdjustmentOutcome outcome = Adjusted("2026-H1", "", D(2026, 3, 1), std::nullopt);
  EXPECT_EQ(outcome.relevant, "10");
  EXPECT_EQ(outcome.adjustment, Adjustment::kTooLate);
}

TEST(Evaluator, AdjustmentOnlyInRowsTakingTheRejectedQuantity) {
  const AdjustmentOutcome unusable = Adjusted("2026-H1", "nonconforming_unusable", D(2026, 3, 31), D(2026, 4, 1));
  EXPECT_EQ(unusable.relevant, "4");
  EXPECT_EQ(unusable.adjustment, Adjustment::kApplied);

  const AdjustmentOutcome usable = Adjusted("2026-H1", "nonconforming_usable", D(2026, 3, 31), D(2026, 4, 1));
  EXPECT_EQ(usable.relevant, "100");  // 10 % of the lot, confirmed_qty ignored
  EXPECT_EQ(usable.adjustment, Adjustment::kNotApplicable);

  const AdjustmentOutcome obvious = Adjusted("2026-H1", "wrong_type_obvious", D(2026, 3, 31), D(2026, 4, 1));
  EXPECT_EQ(obvious.relevant, "2");  // affected
  EXPECT_EQ(obvious.adjustment, Adjustment::kNotApplicable);

  const AdjustmentOutcome documentation = Adjusted("2026-H1", "documentation", D(2026, 3, 31), D(2026, 4, 1));
  EXPECT_EQ(documentation.relevant, "0");
  EXPECT_EQ(documentation.adjustment, Adjustment::kNotApplicable);
}

TEST(Evaluator, AdjustmentWithoutConfirmedQuantityIsNotApplicable) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("10");
  c.returned_on = D(2026, 3, 1);
  c.confirmed_on = D(2026, 3, 2);
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const ComplaintExplanation* detail = FindComplaint(*evaluation.explanation, "C1");
  ASSERT_NE(detail, nullptr);
  EXPECT_EQ(Units(detail->relevant), "10");
  EXPECT_EQ(detail->adjustment, Adjustment::kNotApplicable);
}

// ---------------------------------------------------------------------------
// Which records count where

TEST(Evaluator, NotificationsCountForPpmNotQz1) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  Complaint n = s.NewComplaint(ComplaintType::kNotification);
  n.delivery_id = "D1";
  n.rejected_qty = Q("3");
  s.Add(n);
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.complaints, 0);
  EXPECT_EQ(r.sample_complaints, 0);
  EXPECT_DOUBLE_EQ(*r.qz1, 100);
  EXPECT_NEAR(*r.ppm, 1000, 1e-9);
  EXPECT_NEAR(*r.qz2, 60, 1e-9);  // 100 − 4 × 1000 / 100
}

TEST(Evaluator, UnjustifiedComplaintsAreIgnored) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  s.DeliverMany(2, m, "10", 0, DeliveryType::kSample);
  for (const ComplaintType type : {ComplaintType::kComplaint, ComplaintType::kNotification, ComplaintType::kSample}) {
    Complaint c = s.NewComplaint(type);
    c.justified = false;
    c.delivery_id = "D1";
    c.rejected_qty = Q("3");
    s.Add(c);
  }
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_EQ(r.complaints, 0);
  EXPECT_EQ(r.sample_complaints, 0);
  EXPECT_DOUBLE_EQ(*r.qz1, 100);
  EXPECT_DOUBLE_EQ(*r.qz4, 100);
  EXPECT_DOUBLE_EQ(*r.ppm, 0);
  EXPECT_DOUBLE_EQ(*r.qz2, 100);
  ASSERT_EQ(evaluation.explanation->complaints.size(), 3U);  // listed, not counted
  for (const ComplaintExplanation& detail : evaluation.explanation->complaints) {
    EXPECT_FALSE(detail.counts_in_ppm);
    EXPECT_EQ(Units(detail.relevant), "0");
  }
}

// A supplier's complaints are listed by date, then by id as text, whatever
// their order in the input: ids of different lengths, ids that begin another,
// and ids of over 16 bytes that differ only after them.
TEST(Evaluator, ComplaintsAreListedByDateThenId) {
  Scenario s;
  s.DeliverMany(3, s.AddMaterial("M310"));
  const std::vector<std::pair<std::string, int>> complaints = {{"K9", 0},
                                                               {"K10", 0},
                                                               {"K1", 0},
                                                               {"K", 0},
                                                               {"K1", -1},
                                                               {"COMPLAINT-2026-0000-B", 0},
                                                               {"COMPLAINT-2026-0000-A", 0},
                                                               {"COMPLAINT-2026-0000", 0},
                                                               {"COMPLAINT-2026-00000000", 0},
                                                               {"A", 1}};
  for (const auto& [id, days_later] : complaints) {
    Complaint c = s.NewComplaint();
    c.id = id == "K1" && days_later < 0 ? "K0" : id;
    c.date = c.date + days_later;
    s.Add(c);
  }
  const Evaluation evaluation = s.Run();
  std::vector<std::string> listed;
  for (const ComplaintExplanation& detail : evaluation.explanation->complaints) listed.push_back(detail.id);
  EXPECT_EQ(listed,
            (std::vector<std::string>{"K0", "COMPLAINT-2026-0000", "COMPLAINT-2026-0000-A", "COMPLAINT-2026-0000-B",
                                      "COMPLAINT-2026-00000000", "K", "K1", "K10", "K9", "A"}));
}

TEST(Evaluator, SampleComplaintsAreNotInPpm) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  s.DeliverMany(2, m, "10", 0, DeliveryType::kSample);
  Complaint c = s.NewComplaint(ComplaintType::kSample);
  c.delivery_id = "D4";
  c.rejected_qty = Q("3");
  s.Add(c);
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.sample_complaints, 1);
  EXPECT_EQ(r.complaints, 0);
  EXPECT_DOUBLE_EQ(*r.ppm, 0);
  EXPECT_DOUBLE_EQ(*r.qz2, 100);
  EXPECT_DOUBLE_EQ(*r.qz4, 1);  // 100 − 500 × 1 / 2 = −150
}

TEST(Evaluator, OnlyRecordsOfThePeriodCount) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  // Deliveries on the period's edges: in on 1 Jan and 30 Jun, out on 31 Dec and 1 Jul.
  for (const Date date : {D(2025, 12, 31), D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 1)}) {
    DeliverySpec& delivery = s.Deliver(m, "1000");
    delivery.due_date = delivery.receipt_date = date;
  }
  for (const Date date : {D(2025, 12, 31), D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 1)}) {
    Complaint c = s.NewComplaint();
    c.date = date;
    c.delivery_id = "D1";
    c.rejected_qty = Q("1");
    s.Add(c);
  }
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_EQ(r.deliveries, 5);
  EXPECT_EQ(r.series_deliveries, 5);
  EXPECT_EQ(r.complaints, 2);
  EXPECT_NEAR(*r.ppm, 2.0 / 5000 * 1e6, 1e-9);
  EXPECT_EQ(evaluation.explanation->complaints.size(), 2U);
  EXPECT_NE(FindComplaint(*evaluation.explanation, "C2"), nullptr);
  EXPECT_NE(FindComplaint(*evaluation.explanation, "C3"), nullptr);
}

TEST(Evaluator, ComplaintOnADeliveryOutsideThePeriodTakesThatLot) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  DeliverySpec& old = s.Deliver(m, "2000");  // D1, received in the previous half-year
  old.due_date = old.receipt_date = D(2025, 12, 15);
  s.DeliverMany(3, m, "1000");
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.defect = "nonconforming_usable";
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_EQ(r.deliveries, 3);  // D1 is not a delivery of the period
  EXPECT_EQ(r.complaints, 1);
  const ComplaintExplanation* detail = FindComplaint(*evaluation.explanation, "C1");
  ASSERT_NE(detail, nullptr);
  EXPECT_EQ(Units(detail->relevant), "200");  // 10 % of D1's 2000
  ASSERT_TRUE(detail->basis_quantity.has_value());
  EXPECT_EQ(*detail->basis_quantity, Q("2000"));
  const CommodityExplanation* row = FindCommodity(*evaluation.explanation, "M310");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(FixedToString(row->delivered_micros, 6), "3000");
  EXPECT_NEAR(*r.ppm, 200.0 / 3000 * 1e6, 1e-6);
  EXPECT_DOUBLE_EQ(*r.qz2, 1);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Evaluator, ComplaintOnAnotherSuppliersDeliveryCountsForTheComplaintsSupplier) {
  Scenario s;
  const Index other = s.AddSupplier("S2");
  const Index part = s.AddMaterial("M310");
  const Index bar = s.AddMaterial("M011", MaterialKind::kRaw);
  s.DeliverMany(3, part, "1000");       // S1: D1..D3
  s.DeliverMany(3, bar, "500", other);  // S2: D4..D6
  Complaint c = s.NewComplaint();
  c.delivery_id = "D5";
  c.defect = "wrong_type_hidden";
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const SupplierResult& s1 = evaluation.results[0];
  const SupplierResult& s2 = evaluation.results[1];
  EXPECT_EQ(s1.complaints, 1);
  EXPECT_EQ(s2.complaints, 0);
  EXPECT_DOUBLE_EQ(*s2.ppm, 0);
  EXPECT_DOUBLE_EQ(*s2.qz2, 100);
  // S1's ppm takes the whole lot of M011; M011 has no series delivery of S1: weight 0.
  EXPECT_NEAR(*s1.ppm, 500.0 / 3000 * 1e6, 1e-6);
  EXPECT_DOUBLE_EQ(*s1.qz2, 100);
  const CommodityExplanation* row = FindCommodity(*evaluation.explanation, "M011");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(Units(row->defective), "500");
  EXPECT_EQ(row->series_deliveries, 0);
  EXPECT_FALSE(row->qz2.has_value());
}

TEST(Evaluator, LotBasedRowWithoutDeliveryCountsZeroWithAWarning) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(20, m);
  Complaint c = s.NewComplaint();
  c.material = m;
  c.defect = "nonconforming_rework";
  c.rejected_qty = Q("5");
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_EQ(r.complaints, 1);
  EXPECT_DOUBLE_EQ(*r.ppm, 0);
  EXPECT_DOUBLE_EQ(*r.qz1, 50);
  EXPECT_TRUE(HasWarningContaining(r, "C1")) << ::testing::PrintToString(r.warnings);
  const ComplaintExplanation* detail = FindComplaint(*evaluation.explanation, "C1");
  ASSERT_NE(detail, nullptr);
  EXPECT_EQ(Units(detail->relevant), "0");
  ASSERT_TRUE(detail->commodity.has_value());
  EXPECT_EQ(*detail->commodity, "M310");
}

TEST(Evaluator, RecordWithoutDeliveryOrMaterialIsLeftOutOfPpmButCountsForQz1) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(20, m);
  Complaint c = s.NewComplaint();
  c.rejected_qty = Q("5");
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_EQ(r.complaints, 1);
  EXPECT_DOUBLE_EQ(*r.qz1, 50);
  EXPECT_DOUBLE_EQ(*r.ppm, 0);
  EXPECT_DOUBLE_EQ(*r.qz2, 100);
  EXPECT_TRUE(HasWarningContaining(r, "C1")) << ::testing::PrintToString(r.warnings);
  const ComplaintExplanation* detail = FindComplaint(*evaluation.explanation, "C1");
  ASSERT_NE(detail, nullptr);
  EXPECT_FALSE(detail->counts_in_ppm);
  EXPECT_FALSE(detail->commodity.has_value());
}

TEST(Evaluator, SampleComplaintWithoutDeliveryOrMaterialStillCountsForQz4) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(10, m, "10", 0, DeliveryType::kSample);
  s.Add(s.NewComplaint(ComplaintType::kSample));
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.sample_complaints, 1);
  EXPECT_DOUBLE_EQ(*r.qz4, 50);
  EXPECT_TRUE(r.warnings.empty());  // sample complaints need no commodity
}

TEST(Evaluator, CommodityMissingFromTheBTableUsesTheDefaultWithAWarning) {
  Scenario s;
  const Index m = s.AddMaterial("M999");
  s.DeliverMany(3, m);
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("3");
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_NEAR(*r.ppm, 1000, 1e-9);
  EXPECT_NEAR(*r.qz2, 90, 1e-9);  // B = 1
  EXPECT_TRUE(HasWarningContaining(r, "M999")) << ::testing::PrintToString(r.warnings);
  const CommodityExplanation* row = FindCommodity(*evaluation.explanation, "M999");
  ASSERT_NE(row, nullptr);
  EXPECT_TRUE(row->b_defaulted);
  EXPECT_DOUBLE_EQ(row->b, 1);

  RuleSet rules = DefaultRuleSet();
  rules.default_b = 2;
  const SupplierResult custom = s.Result0(rules);
  EXPECT_NEAR(*custom.qz2, 80, 1e-9);
  EXPECT_TRUE(HasWarningContaining(custom, "M999"));
}

TEST(Evaluator, KnownCommodityHasNoWarning) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  EXPECT_TRUE(s.Result0().warnings.empty());
}

TEST(Evaluator, Qz2IsWeightedBySeriesDeliveriesPerCommodity) {
  Scenario s;
  const Index part = s.AddMaterial("M310");
  const Index bar = s.AddMaterial("M011", MaterialKind::kRaw);
  s.DeliverMany(3, part, "1000");  // D1..D3: 3 series deliveries, 3000
  s.Deliver(bar, "1000");          // D4: 1 series delivery
  Complaint c = s.NewComplaint();
  c.delivery_id = "D2";
  c.rejected_qty = Q("0.75");  // 250 ppm of M310: QZ2 90
  s.Add(c);
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_NEAR(*r.qz2, (3 * 90.0 + 1 * 100.0) / 4, 1e-9);  // 92.5
  EXPECT_NEAR(*r.ppm, 0.75 / 4000 * 1e6, 1e-9);           // overall: 187.5
  const CommodityExplanation* m310 = FindCommodity(*evaluation.explanation, "M310");
  const CommodityExplanation* m011 = FindCommodity(*evaluation.explanation, "M011");
  ASSERT_NE(m310, nullptr);
  ASSERT_NE(m011, nullptr);
  EXPECT_EQ(m310->series_deliveries, 3);
  EXPECT_EQ(m011->series_deliveries, 1);
  EXPECT_NEAR(*m310->ppm, 250, 1e-9);
  EXPECT_NEAR(*m310->qz2, 90, 1e-9);
  EXPECT_DOUBLE_EQ(*m011->qz2, 100);

  // Sample deliveries do not weigh in QZ2, nor do their quantities count as delivered.
  s.DeliverMany(5, bar, "1000", 0, DeliveryType::kSample);
  const SupplierResult with_samples = s.Result0();
  EXPECT_NEAR(*with_samples.qz2, 92.5, 1e-9);
  EXPECT_NEAR(*with_samples.ppm, 187.5, 1e-9);
}

TEST(Evaluator, Qz2WeightsDoNotFollowQuantities) {
  // One commodity with 1 delivery of 10 000 and one with 3 deliveries of 10:
  // the weights are 1 and 3 whatever the quantities.
  Scenario s;
  const Index part = s.AddMaterial("M310");
  const Index casting = s.AddMaterial("M342");
  s.Deliver(part, "10000");         // D1
  s.DeliverMany(3, casting, "10");  // D2..D4, 30 in all
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("10");  // 1000 ppm of M310: 100 − 40 = 60
  s.Add(c);
  const SupplierResult r = s.Result0();
  EXPECT_NEAR(*r.qz2, (1 * 60.0 + 3 * 100.0) / 4, 1e-9);
}

TEST(Evaluator, Qz2PerCommodityIsFlooredBeforeWeighting) {
  Scenario s;
  const Index part = s.AddMaterial("M310");
  const Index bar = s.AddMaterial("M011", MaterialKind::kRaw);
  s.Deliver(part, "100");  // D1
  s.Deliver(bar, "100");   // D2
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("50");  // 500 000 ppm: 100 − 20 000, floored to 1
  s.Add(c);
  s.Deliver(bar, "100");
  const SupplierResult r = s.Result0();
  EXPECT_NEAR(*r.qz2, (1 * 1.0 + 2 * 100.0) / 3, 1e-9);
}

TEST(Evaluator, CommodityWithZeroDeliveredQuantity) {
  Scenario clean;
  const Index m = clean.AddMaterial("M310");
  for (int i = 0; i < 3; ++i) clean.Deliver(m, "100").received_qty = Q("0");
  const Evaluation clean_evaluation = clean.Run();
  EXPECT_DOUBLE_EQ(*clean_evaluation.results[0].qz2, 100);
  EXPECT_FALSE(clean_evaluation.results[0].ppm.has_value());  // nothing delivered: no ratio
  EXPECT_DOUBLE_EQ(*clean_evaluation.results[0].lz2, 1);      // 100 % under

  Scenario defective = clean;
  Complaint c = defective.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("1");
  defective.Add(c);
  EXPECT_DOUBLE_EQ(*defective.Result0().qz2, 1);

  // Weighted with a clean commodity of one delivery: (3 × 1 + 1 × 100) / 4.
  const Index bar = defective.AddMaterial("M011", MaterialKind::kRaw);
  defective.Deliver(bar, "1000");
  EXPECT_NEAR(*defective.Result0().qz2, 103.0 / 4, 1e-9);
}

TEST(Evaluator, NoSeriesDeliveriesMeansNoQz1NoQz2NoPpm) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m, "10", 0, DeliveryType::kSample);
  Complaint c = s.NewComplaint();
  c.material = m;
  c.rejected_qty = Q("1");
  s.Add(c);
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.status, EvaluationStatus::kEvaluated);
  EXPECT_EQ(r.complaints, 1);
  EXPECT_FALSE(r.qz1.has_value());
  EXPECT_FALSE(r.qz2.has_value());
  EXPECT_FALSE(r.ppm.has_value());
  EXPECT_DOUBLE_EQ(*r.qz4, 100);
  EXPECT_DOUBLE_EQ(*r.qz3, 1);
  EXPECT_NEAR(*r.qz, (0.1 * 1 + 0.1 * 100) / 0.2, 1e-9);
}

// ---------------------------------------------------------------------------
// QZ3 certification (reference date 2026-06-30)

struct Qz3Setup {
  std::vector<std::string> standards;          // valid 2025-01-01..2027-12-31
  std::vector<std::string> series = {"M310"};  // commodities of series deliveries
  std::vector<std::string> samples;            // commodities of sample deliveries
};

Evaluation Qz3Run(const Qz3Setup& setup, Scenario s = Scenario()) {
  for (const std::string& commodity : setup.series) s.DeliverMany(3, s.AddMaterial(commodity));
  for (const std::string& commodity : setup.samples) {
    s.DeliverMany(1, s.AddMaterial(commodity), "10", 0, DeliveryType::kSample);
  }
  for (const std::string& standard : setup.standards) s.Certify(standard, D(2025, 1, 1), D(2027, 12, 31));
  return s.Run();
}

std::optional<double> Qz3Of(const Qz3Setup& setup, Scenario s = Scenario()) {
  return Qz3Run(setup, std::move(s)).results[0].qz3;
}

TEST(Evaluator, Qz3EveryCertificationRowInBothColumns) {
  struct Row {
    std::vector<std::string> standards;
    double production;
    double indirect;
  };
  const Row rows[] = {
      {{"IATF16949", "ISO14001"}, 100, 100},
      {{"ISO/TS16949", "EMAS"}, 100, 100},
      {{"AS9100", "ISO14001"}, 100, 100},
      {{"AS9100", "EMAS"}, 100, 100},
      {{"ISO9001", "ISO14001"}, 90, 100},
      {{"ISO9001", "EMAS"}, 90, 100},
      {{"IATF16949"}, 80, 90},
      {{"ISO/TS16949"}, 80, 90},
      {{"AS9100"}, 80, 90},
      {{"ISO9001"}, 70, 90},
      {{}, 1, 1},
      {{"ISO14001"}, 1, 1},
      {{"EMAS", "ISO14001"}, 1, 1},
      // The best matching row counts.
      {{"IATF16949", "ISO9001"}, 80, 90},
      {{"ISO9001", "IATF16949", "ISO14001"}, 100, 100},
      {{"ISO9001", "EMAS", "AS9100"}, 100, 100},
      // A standard that no row names changes nothing.
      {{"ISO50001"}, 1, 1},
      {{"ISO50001", "ISO9001"}, 70, 90},
      {{"ISO9001", "ISO50001", "ISO14001"}, 90, 100},
  };
  const std::vector<std::string> indirect = {"M051", "M052", "M111"};
  for (const Row& row : rows) {
    const std::string label = ::testing::PrintToString(row.standards);
    EXPECT_EQ(Qz3Of({row.standards, {"M310"}, {}}), row.production) << label;
    EXPECT_EQ(Qz3Of({row.standards, indirect, {}}), row.indirect) << label;
  }
}

TEST(Evaluator, Qz3IndirectColumnOnlyWhenEveryDeliveredCommodityIsIndirect) {
  const std::vector<std::string> iso9001 = {"ISO9001"};
  EXPECT_EQ(Qz3Of({iso9001, {"M051"}, {}}), 90);
  EXPECT_EQ(Qz3Of({iso9001, {"M052"}, {}}), 90);
  EXPECT_EQ(Qz3Of({iso9001, {"M111"}, {}}), 90);
  EXPECT_EQ(Qz3Of({iso9001, {"M051", "M310"}, {}}), 70);
  // Sample deliveries count too.
  EXPECT_EQ(Qz3Of({iso9001, {"M051"}, {"M310"}}), 70);
  EXPECT_EQ(Qz3Of({iso9001, {"M051"}, {"M052"}}), 90);

  const Evaluation evaluation = Qz3Run({iso9001, {"M052", "M051"}, {"M111"}});
  const Qz3Explanation& detail = evaluation.explanation->qz3;
  EXPECT_TRUE(detail.indirect_column);
  EXPECT_EQ(detail.delivered_commodities, (std::vector<std::string>{"M051", "M052", "M111"}));
  ASSERT_TRUE(detail.matched_row.has_value());
  EXPECT_EQ(*detail.matched_row, 3U);  // the ISO 9001 row
  EXPECT_EQ(detail.points, 90);
}

TEST(Evaluator, Qz3CertificateValidityOnTheReferenceDate) {
  const auto with_certificate = [](Date from, Date to) {
    Scenario s;
    s.Certify("ISO9001", from, to);
    return Qz3Of({{}, {"M310"}, {}}, s);
  };
  EXPECT_EQ(with_certificate(D(2024, 1, 1), D(2026, 6, 30)), 70);  // valid_to == last day of the period
  EXPECT_EQ(with_certificate(D(2024, 1, 1), D(2026, 6, 29)), 1);   // expired the day before
  EXPECT_EQ(with_certificate(D(2026, 6, 30), D(2029, 1, 1)), 70);  // valid from the reference date
  EXPECT_EQ(with_certificate(D(2026, 7, 1), D(2029, 1, 1)), 1);    // not yet valid
  EXPECT_EQ(with_certificate(D(2026, 6, 30), D(2026, 6, 30)), 70);

  // An expired certificate next to a valid renewal.
  Scenario renewed;
  renewed.Certify("IATF16949", D(2023, 1, 1), D(2026, 3, 31));
  renewed.Certify("IATF16949", D(2026, 4, 1), D(2029, 3, 31));
  EXPECT_EQ(Qz3Of({{}, {"M310"}, {}}, renewed), 80);

  // Another supplier's certificate does not count.
  Scenario other;
  const Index s2 = other.AddSupplier("S2");
  other.Certify("IATF16949", D(2025, 1, 1), D(2027, 1, 1), s2);
  EXPECT_EQ(Qz3Of({{}, {"M310"}, {}}, other), 1);

  const Evaluation evaluation = Qz3Run({{}, {"M310"}, {}}, renewed);
  ASSERT_EQ(evaluation.explanation->qz3.certificates.size(), 2U);
  EXPECT_FALSE(evaluation.explanation->qz3.certificates[0].valid_on_reference_date);
  EXPECT_TRUE(evaluation.explanation->qz3.certificates[1].valid_on_reference_date);
}

std::optional<double> Qz3WithHold(HoldReason reason, Date imposed, std::optional<Date> withdrawn,
                                  std::vector<std::string> standards = {"IATF16949", "ISO14001"},
                                  std::vector<std::string> commodities = {"M310"}) {
  Scenario s;
  s.AddHold(reason, imposed, withdrawn);
  return Qz3Of({std::move(standards), std::move(commodities), {}}, s);
}

TEST(Evaluator, Qz3QualityHoldActiveOnTheReferenceDateGivesOne) {
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), std::nullopt), 1);
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 6, 30), std::nullopt), 1);  // imposed on the reference date
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2025, 5, 1), std::nullopt), 1);   // imposed before the period
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), D(2026, 7, 1)), 1);  // withdrawn after
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), std::nullopt, {}), 1);
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), std::nullopt, {"ISO9001"}), 1);
  // Both columns of the table.
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), std::nullopt, {"ISO9001"}, {"M051", "M111"}), 1);
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), D(2026, 6, 1), {"ISO9001"}, {"M051", "M111"}), 90);
}

TEST(Evaluator, Qz3PointsReturnOnceTheHoldIsWithdrawn) {
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), D(2026, 6, 30)), 100);  // withdrawn on the reference date
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), D(2026, 6, 29)), 100);
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 3, 1), D(2026, 4, 1), {"ISO9001"}), 70);
  EXPECT_EQ(Qz3WithHold(HoldReason::kQuality, D(2026, 7, 1), std::nullopt), 100);  // imposed after the reference date
}

TEST(Evaluator, Qz3DeliveryHoldHasNoEffect) {
  EXPECT_EQ(Qz3WithHold(HoldReason::kDelivery, D(2026, 3, 1), std::nullopt), 100);
  EXPECT_EQ(Qz3WithHold(HoldReason::kDelivery, D(2026, 3, 1), std::nullopt, {"ISO9001"}), 70);
}

TEST(Evaluator, Qz3HoldOfAnotherSupplierHasNoEffect) {
  Scenario s;
  const Index s2 = s.AddSupplier("S2");
  s.AddHold(HoldReason::kQuality, D(2026, 3, 1), std::nullopt, s2);
  EXPECT_EQ(Qz3Of({{"ISO9001"}, {"M310"}, {}}, s), 70);
}

TEST(Evaluator, Qz3ExemptIsNotTakenIntoAccount) {
  Scenario s;
  s.master.suppliers[0].qz3_exempt = true;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(100, m);
  s.DeliverMany(2, m, "10", 0, DeliveryType::kSample);
  Complaint c = s.NewComplaint();
  c.material = m;
  s.Add(c);  // QZ1 = 100 − 1000 / 100 = 90
  Complaint sample = s.NewComplaint(ComplaintType::kSample);
  sample.material = m;
  s.Add(sample);  // QZ4 = 100 − 250 → 1
  s.Certify("IATF16949", D(2025, 1, 1), D(2027, 1, 1));
  s.AddHold(HoldReason::kQuality, D(2026, 2, 1));  // hold or not
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_FALSE(r.qz3.has_value());
  EXPECT_DOUBLE_EQ(*r.qz1, 90);
  EXPECT_DOUBLE_EQ(*r.qz2, 100);
  EXPECT_DOUBLE_EQ(*r.qz4, 1);
  EXPECT_NEAR(*r.qz, (0.5 * 90 + 0.3 * 100 + 0.1 * 1) / 0.9, 1e-9);
  EXPECT_TRUE(evaluation.explanation->qz3.exempt);
  EXPECT_FALSE(evaluation.explanation->qz3.points.has_value());
  EXPECT_FALSE(evaluation.explanation->quality_weights[2].normalised.has_value());

  s.master.suppliers[0].qz3_exempt = false;
  const SupplierResult not_exempt = s.Result0();
  EXPECT_DOUBLE_EQ(*not_exempt.qz3, 1);  // the hold
  EXPECT_NEAR(*not_exempt.qz, 0.5 * 90 + 0.3 * 100 + 0.1 * 1 + 0.1 * 1, 1e-9);
}

// ---------------------------------------------------------------------------
// LZ1 and LZ2 per delivery, through the evaluator

// Three identical deliveries, so that the mean is the per-delivery score.
SupplierResult ThreeDeliveries(std::string_view due_qty, std::string_view received_qty, Date due, Date receipt,
                               Scenario s = Scenario()) {
  const Index m = s.AddMaterial("M310");
  for (int i = 0; i < 3; ++i) {
    DeliverySpec& delivery = s.Deliver(m);
    delivery.due_qty = Q(due_qty);
    delivery.received_qty = Q(received_qty);
    delivery.due_date = due;
    delivery.receipt_date = receipt;
  }
  return s.Result0();
}

double Lz2Of(std::string_view due_qty, std::string_view received_qty) {
  const SupplierResult r = ThreeDeliveries(due_qty, received_qty, D(2026, 3, 2), D(2026, 3, 2));
  EXPECT_DOUBLE_EQ(r.lz1.value_or(-1), 100);
  return r.lz2.value_or(-1);
}

TEST(Evaluator, Lz2BandEdgesAreDecidedExactly) {
  EXPECT_DOUBLE_EQ(Lz2Of("0.7", "0.77"), 90);  // exactly 10 % over, not 11 %
  EXPECT_DOUBLE_EQ(Lz2Of("100", "110"), 90);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "110.000001"), 85);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "90"), 69);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "89.5"), 65);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "0"), 1);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "100"), 100);
  EXPECT_DOUBLE_EQ(Lz2Of("0.7", "0.7"), 100);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "127"), 5);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "127.000001"), 1);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "73"), 1);  // 27 % under
  EXPECT_DOUBLE_EQ(Lz2Of("100", "74"), 5);  // 26 % under
}

TEST(Evaluator, Lz2JustAroundZeroAndOne) {
  EXPECT_DOUBLE_EQ(Lz2Of("100", "100.000001"), 99);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "101"), 99);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "101.000001"), 98);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "99.999999"), 98);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "99"), 98);
  EXPECT_DOUBLE_EQ(Lz2Of("100", "98.999999"), 96);
}

TEST(Evaluator, Lz2ExactOnQuantitiesThatAreNotBinaryFractions) {
  EXPECT_DOUBLE_EQ(Lz2Of("0.7", "0.63"), 69);                   // exactly 10 % under
  EXPECT_DOUBLE_EQ(Lz2Of("0.3", "0.309"), 97);                  // exactly 3 % over
  EXPECT_DOUBLE_EQ(Lz2Of("0.3", "0.309001"), 96);               // just over 3 %
  EXPECT_DOUBLE_EQ(Lz2Of("0.000003", "0.000004"), 1);           // 33 % over
  EXPECT_DOUBLE_EQ(Lz2Of("1234567.891", "1358024.6801"), 90);   // exactly 10 % over
  EXPECT_DOUBLE_EQ(Lz2Of("900000000000", "990000000000"), 90);  // large and exact
}

// Monday to Friday without holidays: `n` working days after `from`.
Date WorkingDaysLater(Date from, int n) {
  Date date = from;
  while (n > 0) {
    date = date + 1;
    if (date.Weekday() < 5) --n;
  }
  return date;
}

// The receipt date `n` working days before `due`.
Date WorkingDaysEarlier(Date due, int n) {
  Date date = due;
  while (n > 0) {
    date = date - 1;
    if (date.Weekday() < 5) --n;
  }
  return date;
}

double Lz1Of(Date due, Date receipt, Scenario s = Scenario()) {
  const SupplierResult r = ThreeDeliveries("100", "100", due, receipt, std::move(s));
  EXPECT_DOUBLE_EQ(r.lz2.value_or(-1), 100);
  return r.lz1.value_or(-1);
}

TEST(Evaluator, Lz1LateBandsThroughTheCalendar) {
  const Date due = D(2026, 3, 6);  // a Friday
  const std::pair<int, double> cases[] = {{0, 100}, {1, 100}, {2, 95}, {9, 60}, {10, 50},
                                          {12, 50}, {13, 40}, {25, 5}, {26, 1}, {60, 1}};
  for (const auto& [days, points] : cases) {
    EXPECT_DOUBLE_EQ(Lz1Of(due, WorkingDaysLater(due, days)), points) << "late " << days;
  }
  EXPECT_DOUBLE_EQ(Lz1Of(due, D(2026, 3, 8)), 100);  // received on Sunday: 0 working days late
  EXPECT_DOUBLE_EQ(Lz1Of(due, D(2026, 3, 10)), 95);  // Tuesday: 2
}

TEST(Evaluator, Lz1EarlyBandsThroughTheCalendar) {
  const Date due = D(2026, 5, 18);  // a Monday; 60 working days earlier is still in the period
  const std::pair<int, double> cases[] = {{0, 100}, {3, 100}, {4, 95}, {11, 60}, {12, 50},
                                          {14, 50}, {15, 40}, {27, 5}, {28, 1},  {60, 1}};
  for (const auto& [days, points] : cases) {
    EXPECT_DOUBLE_EQ(Lz1Of(due, WorkingDaysEarlier(due, days)), points) << "early " << days;
  }
  EXPECT_DOUBLE_EQ(Lz1Of(D(2026, 3, 6), D(2026, 3, 2)), 95);   // Mon for Fri: Mon–Thu = 4
  EXPECT_DOUBLE_EQ(Lz1Of(D(2026, 3, 9), D(2026, 3, 7)), 100);  // Sat for Mon: 0
}

TEST(Evaluator, Lz1UsesTheReceivingPlantsCalendar) {
  const Date due = D(2026, 3, 6);       // Friday
  const Date receipt = D(2026, 3, 10);  // Tuesday: 2 working days late Mon–Fri
  Scenario holiday;
  holiday.master.plants[0].exceptions = {{D(2026, 3, 9), false}};  // Monday off
  EXPECT_DOUBLE_EQ(Lz1Of(due, receipt, holiday), 100);             // 1 day late

  Scenario saturday;
  saturday.master.plants[0].exceptions = {{D(2026, 3, 7), true}};  // Saturday worked
  EXPECT_DOUBLE_EQ(Lz1Of(due, receipt, saturday), 90);             // 3 days late

  Scenario six_days;
  six_days.master.plants[0].work_week = kMondayToSaturday;
  EXPECT_DOUBLE_EQ(Lz1Of(due, receipt, six_days), 90);

  EXPECT_DOUBLE_EQ(Lz1Of(due, receipt), 95);
}

TEST(Evaluator, Lz1ByPlant) {
  Scenario s;
  const Index six = s.AddPlant(kMondayToSaturday);
  const Index m = s.AddMaterial("M310");
  for (int i = 0; i < 3; ++i) {
    DeliverySpec& delivery = s.Deliver(m);
    delivery.due_date = D(2026, 3, 6);
    delivery.receipt_date = D(2026, 3, 10);
    delivery.plant = i == 0 ? six : 0;  // 3 days late at the six-day plant, else 2
  }
  EXPECT_NEAR(*s.Result0().lz1, (90.0 + 95 + 95) / 3, 1e-9);
}

TEST(Evaluator, LzIsTheMeanOverSeriesAndSampleDeliveries) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.Deliver(m, "100").received_qty = Q("110");  // LZ2 90
  s.Deliver(m, "100").received_qty = Q("95");   // LZ2 89
  DeliverySpec& sample = s.Deliver(m, "100", 0, DeliveryType::kSample);
  sample.receipt_date = WorkingDaysLater(sample.due_date, 2);  // LZ1 95
  s.Deliver(m, "100");
  const Evaluation evaluation = s.Run();
  const SupplierResult& r = evaluation.results[0];
  EXPECT_NEAR(*r.lz1, (100.0 + 100 + 95 + 100) / 4, 1e-9);
  EXPECT_NEAR(*r.lz2, (90.0 + 89 + 100 + 100) / 4, 1e-9);
  EXPECT_NEAR(*r.lz, 0.5 * *r.lz1 + 0.5 * *r.lz2, 1e-9);
  const Explanation& explanation = *evaluation.explanation;
  EXPECT_EQ(explanation.lz2_points_count.at(100.0), 2);
  EXPECT_EQ(explanation.lz2_points_count.at(90.0), 1);
  EXPECT_EQ(explanation.lz2_points_count.at(89.0), 1);
  EXPECT_EQ(explanation.lz1_points_count.at(95.0), 1);
  ASSERT_FALSE(explanation.worst_by_quantity.empty());
  EXPECT_EQ(explanation.worst_by_quantity[0].id, "D2");
  ASSERT_FALSE(explanation.worst_by_date.empty());
  EXPECT_EQ(explanation.worst_by_date[0].id, "D3");
  EXPECT_EQ(explanation.worst_by_date[0].working_days, 2);
}

// ---------------------------------------------------------------------------
// Eligibility and classes

TEST(Evaluator, TwoDeliveriesAreNotEvaluatedButKeepTheirCounts) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(2, m);
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("1");
  s.Add(c);
  Complaint sample = s.NewComplaint(ComplaintType::kSample);
  sample.material = m;
  s.Add(sample);
  s.Certify("IATF16949", D(2025, 1, 1), D(2027, 1, 1));
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.status, EvaluationStatus::kNotEvaluated);
  EXPECT_FALSE(r.reason.empty());
  EXPECT_EQ(r.supplier_id, "S1");
  EXPECT_EQ(r.name, "Supplier S1");
  EXPECT_EQ(r.deliveries, 2);
  EXPECT_EQ(r.series_deliveries, 2);
  EXPECT_EQ(r.sample_deliveries, 0);
  EXPECT_EQ(r.complaints, 1);
  EXPECT_EQ(r.sample_complaints, 1);
  EXPECT_FALSE(r.ppm.has_value());
  for (const auto& score : {r.qz1, r.qz2, r.qz3, r.qz4, r.qz, r.lz1, r.lz2, r.lz, r.total}) {
    EXPECT_FALSE(score.has_value());
  }
  EXPECT_TRUE(r.grade_class.empty());
}

TEST(Evaluator, ThreeDeliveriesAreEvaluated) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.status, EvaluationStatus::kEvaluated);
  EXPECT_TRUE(r.reason.empty());
  EXPECT_EQ(r.deliveries, 3);
  EXPECT_DOUBLE_EQ(*r.qz1, 100);
  EXPECT_DOUBLE_EQ(*r.qz2, 100);
  EXPECT_DOUBLE_EQ(*r.qz3, 1);
  EXPECT_FALSE(r.qz4.has_value());
  EXPECT_NEAR(*r.qz, (50 + 30 + 0.1) / 0.9, 1e-9);
  EXPECT_DOUBLE_EQ(*r.lz, 100);
  EXPECT_NEAR(*r.total, 0.65 * (80.1 / 0.9) + 0.35 * 100, 1e-9);
  EXPECT_EQ(r.grade_class, "A");  // 92.85
}

TEST(Evaluator, SeriesAndSampleDeliveriesCountTogetherForEligibility) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(2, m);
  s.Deliver(m, "10", 0, DeliveryType::kSample);
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.status, EvaluationStatus::kEvaluated);
  EXPECT_EQ(r.series_deliveries, 2);
  EXPECT_EQ(r.sample_deliveries, 1);
}

TEST(Evaluator, SupplierWithoutDeliveriesStillAppears) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  const Index s2 = s.AddSupplier("S2");
  s.DeliverMany(3, m, "1000", s2);
  const Evaluation evaluation = s.Run();
  ASSERT_EQ(evaluation.results.size(), 2U);
  EXPECT_EQ(evaluation.results[0].supplier_id, "S1");
  EXPECT_EQ(evaluation.results[0].status, EvaluationStatus::kNotEvaluated);
  EXPECT_EQ(evaluation.results[0].deliveries, 0);
  EXPECT_EQ(evaluation.results[1].supplier_id, "S2");
  EXPECT_EQ(evaluation.results[1].status, EvaluationStatus::kEvaluated);
}

TEST(Evaluator, MinimumDeliveriesComesFromTheRuleSet) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(4, m);
  RuleSet rules = DefaultRuleSet();
  rules.min_deliveries = 5;
  EXPECT_EQ(s.Result0(rules).status, EvaluationStatus::kNotEvaluated);
  rules.min_deliveries = 4;
  EXPECT_EQ(s.Result0(rules).status, EvaluationStatus::kEvaluated);
}

// Total = LZ2 alone, so that deliveries set it exactly.
RuleSet TotalIsLz2() {
  RuleSet rules = DefaultRuleSet();
  rules.weight_quality = 0;
  rules.weight_delivery = 1;
  rules.weight_lz1 = 0;
  rules.weight_lz2 = 1;
  return rules;
}

// `count` deliveries of 100 received as `received`, each its own LZ2 points.
void DeliverReceived(Scenario& s, Index material, int count, std::string_view received) {
  for (int i = 0; i < count; ++i) s.Deliver(material, "100").received_qty = Q(received);
}

TEST(Evaluator, ClassAtExactly90IsA) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  DeliverReceived(s, m, 3, "110");  // 90 each
  const SupplierResult r = s.Result0(TotalIsLz2());
  EXPECT_DOUBLE_EQ(*r.total, 90);
  EXPECT_EQ(r.grade_class, "A");
}

TEST(Evaluator, ClassIsDecidedOnTheUnroundedTotal) {
  // 24 deliveries at 90 and one at 89: 2249 / 25 = 89.96, shown 90.0, class B.
  Scenario s;
  const Index m = s.AddMaterial("M310");
  DeliverReceived(s, m, 24, "110");
  DeliverReceived(s, m, 1, "95");
  const SupplierResult r = s.Result0(TotalIsLz2());
  EXPECT_NEAR(*r.total, 89.96, 1e-9);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*r.total, 1), 90.0);
  EXPECT_EQ(r.grade_class, "B");
}

TEST(Evaluator, ClassEdgesAt80) {
  Scenario exact;
  const Index m = exact.AddMaterial("M310");
  DeliverReceived(exact, m, 3, "112");  // 80 each
  const SupplierResult at_80 = exact.Result0(TotalIsLz2());
  EXPECT_DOUBLE_EQ(*at_80.total, 80);
  EXPECT_EQ(at_80.grade_class, "B");

  Scenario below;
  const Index n = below.AddMaterial("M310");
  DeliverReceived(below, n, 24, "112");  // 80
  DeliverReceived(below, n, 1, "108");   // 92
  DeliverReceived(below, n, 1, "91");    // 73: (1920 + 92 + 73) / 26 = 80.19…
  EXPECT_EQ(below.Result0(TotalIsLz2()).grade_class, "B");
  DeliverReceived(below, n, 1, "92");  // 77: (2085 + 77) / 27 = 80.07…
  EXPECT_EQ(below.Result0(TotalIsLz2()).grade_class, "B");
  DeliverReceived(below, n, 1, "50");  // 1: (2162 + 1) / 28 = 77.25
  const SupplierResult c = below.Result0(TotalIsLz2());
  EXPECT_NEAR(*c.total, 2163.0 / 28, 1e-9);
  EXPECT_EQ(c.grade_class, "C");

  Scenario just_below;
  const Index k = just_below.AddMaterial("M310");
  DeliverReceived(just_below, k, 24, "112");  // 80
  DeliverReceived(just_below, k, 1, "92");    // 77: (1920 + 77) / 25 = 79.88
  const SupplierResult r = just_below.Result0(TotalIsLz2());
  EXPECT_NEAR(*r.total, 79.88, 1e-9);
  EXPECT_EQ(r.grade_class, "C");
}

TEST(Evaluator, CustomClasses) {
  RuleSet rules = TotalIsLz2();
  rules.classes = {{"gold", 95}, {"silver", 85}, {"bronze", 0}};
  Scenario s;
  const Index m = s.AddMaterial("M310");
  DeliverReceived(s, m, 3, "105");  // 95
  EXPECT_EQ(s.Result0(rules).grade_class, "gold");
  Scenario t;
  const Index n = t.AddMaterial("M310");
  DeliverReceived(t, n, 3, "110");  // 90
  EXPECT_EQ(t.Result0(rules).grade_class, "silver");
}

// ---------------------------------------------------------------------------
// Another rule set changes the results accordingly

// 20 series deliveries of 100 of M310, one complaint rejecting 1, ISO 9001:
// QZ1 50, ppm 500, QZ3 70, LZ 100 under the default rule set.
Scenario BaseScenario() {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(20, m, "100");
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q("1");
  s.Add(c);
  s.Certify("ISO9001", D(2025, 1, 1), D(2027, 1, 1));
  return s;
}

TEST(Evaluator, OtherWeights) {
  RuleSet rules = DefaultRuleSet();
  rules.weight_quality = 0.5;
  rules.weight_delivery = 0.5;
  rules.weight_qz1 = 0.2;
  rules.weight_qz2 = 0.2;
  rules.weight_qz3 = 0.6;
  rules.weight_qz4 = 0.3;  // QZ4 absent: renormalised over 1.0
  const SupplierResult r = BaseScenario().Result0(rules);
  EXPECT_NEAR(*r.qz, 0.2 * 50 + 0.2 * 80 + 0.6 * 70, 1e-9);  // 68
  EXPECT_NEAR(*r.total, 0.5 * 68 + 0.5 * 100, 1e-9);         // 84
  EXPECT_EQ(r.grade_class, "B");

  const SupplierResult d = BaseScenario().Result0();
  EXPECT_NEAR(*d.qz, 56 / 0.9, 1e-9);
}

TEST(Evaluator, OtherFormulaFactors) {
  RuleSet rules = DefaultRuleSet();
  rules.qz1_factor = 500;       // QZ1 = 100 − 500 / 20 = 75
  rules.qz2_ppm_divisor = 200;  // QZ2 = 100 − 4 × 500 / 200 = 90
  rules.ppm_scale = 1000;       // "ppm" per thousand: 0.5
  const SupplierResult r = BaseScenario().Result0(rules);
  EXPECT_DOUBLE_EQ(*r.qz1, 75);
  EXPECT_NEAR(*r.ppm, 0.5, 1e-12);
  EXPECT_NEAR(*r.qz2, 100 - 4 * 0.5 / 200, 1e-9);
}

TEST(Evaluator, OtherBTable) {
  RuleSet rules = DefaultRuleSet();
  rules.commodity_factors["M310"].b = 2;
  EXPECT_NEAR(*BaseScenario().Result0(rules).qz2, 90, 1e-9);  // 100 − 2 × 500 / 100
  rules.commodity_factors.erase("M310");
  rules.default_b = 0.5;
  const SupplierResult r = BaseScenario().Result0(rules);
  EXPECT_NEAR(*r.qz2, 97.5, 1e-9);
  EXPECT_TRUE(HasWarningContaining(r, "M310"));
}

TEST(Evaluator, OtherPointBands) {
  RuleSet rules = DefaultRuleSet();
  rules.lz2_over = BandTable{{{Decimal::FromUnits(0), 100}, {Decimal::FromUnits(5), 50}}, 7};
  rules.lz2_under = BandTable{{{Decimal::FromUnits(0), 100}, {Decimal::FromMicros(2'500'000), 60}}, 3};
  rules.lz1_late = BandTable{{{Decimal::FromUnits(0), 100}, {Decimal::FromUnits(2), 40}}, 2};
  rules.lz1_early = BandTable{{{Decimal::FromUnits(1), 100}}, 11};
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.Deliver(m, "100").received_qty = Q("105");         // over 5: 50
  s.Deliver(m, "100").received_qty = Q("105.000001");  // beyond: 7
  s.Deliver(m, "100").received_qty = Q("97.5");        // under 2.5: 60
  s.Deliver(m, "100").received_qty = Q("97.4");        // beyond: 3
  DeliverySpec& late2 = s.Deliver(m, "100");
  late2.receipt_date = WorkingDaysLater(late2.due_date, 2);  // 40
  DeliverySpec& late3 = s.Deliver(m, "100");
  late3.receipt_date = WorkingDaysLater(late3.due_date, 3);  // 2
  DeliverySpec& early1 = s.Deliver(m, "100");
  early1.receipt_date = WorkingDaysEarlier(early1.due_date, 1);  // 100
  DeliverySpec& early2 = s.Deliver(m, "100");
  early2.receipt_date = WorkingDaysEarlier(early2.due_date, 2);  // 11
  const SupplierResult r = s.Result0(rules);
  EXPECT_NEAR(*r.lz2, (50.0 + 7 + 60 + 3 + 100 * 4) / 8, 1e-9);
  EXPECT_NEAR(*r.lz1, (100.0 * 4 + 40 + 2 + 100 + 11) / 8, 1e-9);
}

TEST(Evaluator, OtherDefectRowsAndAdjustmentWindow) {
  RuleSet rules = DefaultRuleSet();
  for (DefectRule& defect : rules.defects) {
    if (defect.code == "packaging") defect.purchased = {QuantityBasis::kLot, Decimal::FromUnits(50)};
  }
  rules.adjustment_months = 1;
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m, "1000");
  Complaint packaging = s.NewComplaint();
  packaging.delivery_id = "D1";
  packaging.defect = "packaging";
  packaging.affected_qty = Q("2");
  s.Add(packaging);
  Complaint adjusted = s.NewComplaint();
  adjusted.delivery_id = "D2";
  adjusted.rejected_qty = Q("10");
  adjusted.confirmed_qty = Q("4");
  adjusted.returned_on = D(2026, 3, 31);
  adjusted.confirmed_on = D(2026, 4, 30);
  s.Add(adjusted);
  Complaint too_late = s.NewComplaint();
  too_late.delivery_id = "D3";
  too_late.rejected_qty = Q("10");
  too_late.confirmed_qty = Q("4");
  too_late.returned_on = D(2026, 3, 31);
  too_late.confirmed_on = D(2026, 5, 1);
  s.Add(too_late);
  const Evaluation evaluation = s.Run(rules);
  const Explanation& explanation = *evaluation.explanation;
  EXPECT_EQ(Units(FindComplaint(explanation, "C1")->relevant), "500");
  EXPECT_EQ(Units(FindComplaint(explanation, "C2")->relevant), "4");
  EXPECT_EQ(Units(FindComplaint(explanation, "C3")->relevant), "10");
  EXPECT_EQ(FindComplaint(explanation, "C3")->adjustment_deadline, D(2026, 4, 30));
  EXPECT_NEAR(*evaluation.results[0].ppm, 514.0 / 3000 * 1e6, 1e-6);

  const Evaluation by_default = s.Run();
  EXPECT_EQ(Units(FindComplaint(*by_default.explanation, "C1")->relevant), "2");
  EXPECT_EQ(Units(FindComplaint(*by_default.explanation, "C3")->relevant), "4");
}

TEST(Evaluator, OtherCertificationPointsHoldPointsAndFloor) {
  RuleSet rules = DefaultRuleSet();
  rules.certification_rows[3].production_points = 55;  // ISO 9001
  rules.certification_none_points = 5;
  rules.hold_points = 2;
  rules.indirect_commodities = {"M310"};
  EXPECT_DOUBLE_EQ(*BaseScenario().Result0(rules).qz3, 90);  // M310 is now indirect: column 2
  rules.indirect_commodities.clear();
  EXPECT_DOUBLE_EQ(*BaseScenario().Result0(rules).qz3, 55);
  Scenario none = BaseScenario();
  none.master.certifications.clear();
  EXPECT_DOUBLE_EQ(*none.Result0(rules).qz3, 5);
  Scenario held = BaseScenario();
  held.AddHold(HoldReason::kQuality, D(2026, 1, 10));
  EXPECT_DOUBLE_EQ(*held.Result0(rules).qz3, 2);

  // The best matching row counts, in whatever order the rows are listed.
  RuleSet reversed = DefaultRuleSet();
  std::reverse(reversed.certification_rows.begin(), reversed.certification_rows.end());
  Scenario both = BaseScenario();
  both.Certify("IATF16949", D(2025, 1, 1), D(2027, 1, 1));
  both.Certify("EMAS", D(2025, 1, 1), D(2027, 1, 1));
  EXPECT_DOUBLE_EQ(*both.Result0(reversed).qz3, 100);
  EXPECT_DOUBLE_EQ(*both.Result0().qz3, 100);

  rules.score_floor = 0.5;  // at most the default bands' lowest points (ValidateRuleSet)
  Scenario bad = BaseScenario();
  Complaint c = bad.NewComplaint();
  c.delivery_id = "D2";
  c.rejected_qty = Q("100");
  bad.Add(c);
  const SupplierResult floored = bad.Result0(rules);
  EXPECT_DOUBLE_EQ(*floored.qz2, 0.5);
  EXPECT_DOUBLE_EQ(*floored.qz1, 0.5);  // 100 − 1000 × 2 / 20 = 0
}

TEST(Evaluator, CreateRejectsAnInvalidRuleSet) {
  RuleSet rules = DefaultRuleSet();
  rules.weight_qz2 = -1;
  Scenario s;
  const Result<EvaluationContext> context = EvaluationContext::Create(rules, s.period, s.master);
  ASSERT_FALSE(context.ok());
  EXPECT_EQ(context.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(context.error().location.field, "quality.weights.qz2");
}

TEST(Evaluator, CreateRejectsADefectCodeTheRuleSetLacks) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m);
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.defect = "no_such_defect";
  s.Add(c);
  // With two threads the records are grouped beside the check that refuses them.
  for (const std::size_t threads : {1, 2}) {
    EvaluationOptions options;
    options.threads = threads;
    const Result<EvaluationContext> context = EvaluationContext::Create(DefaultRuleSet(), s.period, s.master, options);
    ASSERT_FALSE(context.ok()) << threads;
    EXPECT_EQ(context.error().code, ErrorCode::kBadInput);
    EXPECT_NE(context.error().message.find("no_such_defect"), std::string::npos);
  }
}

TEST(Evaluator, OpenAndClosedComplaintsCountAlike) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(20, m);
  for (const bool open : {true, false}) {
    Complaint c = s.NewComplaint();
    c.open = open;
    c.delivery_id = "D1";
    c.rejected_qty = Q("2");
    s.Add(c);
  }
  const SupplierResult r = s.Result0();
  EXPECT_EQ(r.complaints, 2);
  EXPECT_DOUBLE_EQ(*r.qz1, 1);  // 100 − 1000 × 2 / 20 = 0, floored
  EXPECT_NEAR(*r.ppm, 4.0 / 20000 * 1e6, 1e-9);
}

// ---------------------------------------------------------------------------
// Order independence

// Three suppliers, two plants, raw and purchased materials, series and sample
// deliveries inside and outside the period, and complaints naming some of them.
Scenario MixedScenario() {
  Scenario s;
  const Index s2 = s.AddSupplier("S2");
  const Index s3 = s.AddSupplier("S3", true);
  const Index plant2 = s.AddPlant(kMondayToSaturday, {{D(2026, 4, 6), false}, {D(2026, 2, 14), false}});
  s.master.plants[0].exceptions = {{D(2026, 5, 1), false}, {D(2026, 3, 7), true}, {D(2026, 1, 1), false}};
  const Index materials[] = {s.AddMaterial("M310"), s.AddMaterial("M011", MaterialKind::kRaw), s.AddMaterial("M342"),
                             s.AddMaterial("M999", MaterialKind::kRaw)};
  std::mt19937 random(20260630);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  for (int i = 0; i < 120; ++i) {
    DeliverySpec& delivery = s.Deliver(materials[pick(4)]);
    delivery.supplier = static_cast<Index>(pick(3));
    delivery.plant = pick(2) == 0 ? 0 : plant2;
    delivery.type = pick(5) == 0 ? DeliveryType::kSample : DeliveryType::kSeries;
    delivery.due_date = D(2025, 12, 1) + pick(240);
    delivery.receipt_date = delivery.due_date + (pick(50) - 20);
    delivery.due_qty = Decimal::FromMicros(1'000'000 + static_cast<std::int64_t>(pick(5000)) * 777'777);
    delivery.received_qty = Decimal::FromMicros(delivery.due_qty.micros() / 100 * (70 + pick(60)));
  }
  const char* defects[] = {"",
                           "nonconforming_usable",
                           "wrong_type_hidden",
                           "packaging",
                           "documentation",
                           "coating_rework",
                           "wrong_type_obvious"};
  for (int i = 0; i < 30; ++i) {
    Complaint c = s.NewComplaint(pick(6) == 0 ? ComplaintType::kNotification
                                              : (pick(6) == 0 ? ComplaintType::kSample : ComplaintType::kComplaint),
                                 static_cast<Index>(pick(3)));
    c.date = D(2025, 12, 20) + pick(220);
    c.justified = pick(8) != 0;
    if (pick(4) != 0) c.delivery_id = "D" + std::to_string(1 + pick(120));
    else if (pick(2) == 0) c.material = static_cast<Index>(pick(4));
    c.defect = defects[pick(7)];
    c.rejected_qty = Decimal::FromMicros(static_cast<std::int64_t>(pick(100000)) * 1000);
    c.affected_qty = Decimal::FromMicros(static_cast<std::int64_t>(pick(5000)) * 1000);
    if (pick(2) == 0) {
      c.confirmed_qty = Decimal::FromMicros(c.rejected_qty->micros() / 2);
      c.returned_on = c.date;
      c.confirmed_on = c.date + pick(90);
    }
    s.Add(c);
  }
  s.Certify("ISO9001", D(2025, 1, 1), D(2027, 1, 1));
  s.Certify("IATF16949", D(2025, 1, 1), D(2026, 6, 30), s2);
  s.Certify("EMAS", D(2025, 1, 1), D(2026, 6, 30), s2);
  s.AddHold(HoldReason::kQuality, D(2026, 2, 1), D(2026, 5, 1));
  s.AddHold(HoldReason::kQuality, D(2026, 2, 1), std::nullopt, s3);
  return s;
}

void ExpectSameResult(const SupplierResult& a, const SupplierResult& b) {
  EXPECT_EQ(a.supplier_id, b.supplier_id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.deliveries, b.deliveries);
  EXPECT_EQ(a.series_deliveries, b.series_deliveries);
  EXPECT_EQ(a.sample_deliveries, b.sample_deliveries);
  EXPECT_EQ(a.complaints, b.complaints);
  EXPECT_EQ(a.sample_complaints, b.sample_complaints);
  EXPECT_EQ(a.ppm, b.ppm);
  EXPECT_EQ(a.qz1, b.qz1);
  EXPECT_EQ(a.qz2, b.qz2);
  EXPECT_EQ(a.qz3, b.qz3);
  EXPECT_EQ(a.qz4, b.qz4);
  EXPECT_EQ(a.qz, b.qz);
  EXPECT_EQ(a.lz1, b.lz1);
  EXPECT_EQ(a.lz2, b.lz2);
  EXPECT_EQ(a.lz, b.lz);
  EXPECT_EQ(a.total, b.total);
  EXPECT_EQ(a.grade_class, b.grade_class);
  EXPECT_EQ(a.warnings, b.warnings);
}

void ExpectSameDeviations(const std::vector<DeliveryDeviation>& a, const std::vector<DeliveryDeviation>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].working_days, b[i].working_days);
    EXPECT_EQ(a[i].lz1_points, b[i].lz1_points);
    EXPECT_EQ(a[i].lz2_points, b[i].lz2_points);
    EXPECT_EQ(a[i].percent, b[i].percent);
  }
}

void ExpectSameEvaluation(const Evaluation& a, const Evaluation& b) {
  ASSERT_EQ(a.results.size(), b.results.size());
  for (std::size_t i = 0; i < a.results.size(); ++i) {
    SCOPED_TRACE("supplier " + a.results[i].supplier_id);
    ExpectSameResult(a.results[i], b.results[i]);
  }
  ASSERT_EQ(a.explanation.has_value(), b.explanation.has_value());
  if (!a.explanation) return;
  const Explanation& x = *a.explanation;
  const Explanation& y = *b.explanation;
  ExpectSameResult(x.result, y.result);
  ASSERT_EQ(x.commodities.size(), y.commodities.size());
  for (std::size_t i = 0; i < x.commodities.size(); ++i) {
    EXPECT_EQ(x.commodities[i].commodity, y.commodities[i].commodity);
    EXPECT_EQ(x.commodities[i].series_deliveries, y.commodities[i].series_deliveries);
    EXPECT_EQ(FixedToString(x.commodities[i].delivered_micros, 6), FixedToString(y.commodities[i].delivered_micros, 6));
    EXPECT_EQ(Units(x.commodities[i].defective), Units(y.commodities[i].defective));
    EXPECT_EQ(x.commodities[i].ppm, y.commodities[i].ppm);
    EXPECT_EQ(x.commodities[i].qz2, y.commodities[i].qz2);
  }
  ASSERT_EQ(x.complaints.size(), y.complaints.size());
  for (std::size_t i = 0; i < x.complaints.size(); ++i) {
    EXPECT_EQ(x.complaints[i].id, y.complaints[i].id);
    EXPECT_EQ(Units(x.complaints[i].relevant), Units(y.complaints[i].relevant));
    EXPECT_EQ(x.complaints[i].basis_quantity, y.complaints[i].basis_quantity);
  }
  EXPECT_EQ(x.qz3.delivered_commodities, y.qz3.delivered_commodities);
  EXPECT_EQ(x.qz3.points, y.qz3.points);
  EXPECT_EQ(x.lz1_points_count, y.lz1_points_count);
  EXPECT_EQ(x.lz2_points_count, y.lz2_points_count);
  ExpectSameDeviations(x.worst_by_date, y.worst_by_date);
  ExpectSameDeviations(x.worst_by_quantity, y.worst_by_quantity);
}

TEST(Evaluator, ResultsDoNotDependOnDeliveryOrderOrSplit) {
  const Scenario s = MixedScenario();
  const std::size_t n = s.deliveries.size();
  std::vector<std::size_t> in_order(n);
  for (std::size_t i = 0; i < n; ++i) in_order[i] = i;
  for (const Index explain : {Index{0}, Index{1}, Index{2}}) {
    SCOPED_TRACE("explained supplier " + std::to_string(explain));
    const Evaluation reference = s.RunGroups(DefaultRuleSet(), {in_order}, explain);
    ASSERT_EQ(reference.results.size(), 3U);
    // The scenario is not trivial: somebody is evaluated, has ppm and warnings.
    EXPECT_EQ(reference.results[0].status, EvaluationStatus::kEvaluated);
    EXPECT_TRUE(reference.results[0].ppm.has_value());
    EXPECT_GT(reference.results[0].complaints + reference.results[1].complaints, 0);

    std::vector<std::size_t> shuffled = in_order;
    std::mt19937 random(7 + explain);
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    ExpectSameEvaluation(reference, s.RunGroups(DefaultRuleSet(), {shuffled}, explain));

    std::vector<std::size_t> reversed(in_order.rbegin(), in_order.rend());
    ExpectSameEvaluation(reference, s.RunGroups(DefaultRuleSet(), {reversed}, explain));

    // Split across two accumulators, merged.
    std::vector<std::size_t> first(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(n / 3));
    std::vector<std::size_t> second(shuffled.begin() + static_cast<std::ptrdiff_t>(n / 3), shuffled.end());
    ExpectSameEvaluation(reference, s.RunGroups(DefaultRuleSet(), {first, second}, explain));
    ExpectSameEvaluation(reference, s.RunGroups(DefaultRuleSet(), {second, first}, explain));

    // Split three ways, one of them empty.
    std::vector<std::size_t> odd;
    std::vector<std::size_t> even;
    for (const std::size_t i : shuffled) (i % 2 == 0 ? even : odd).push_back(i);
    ExpectSameEvaluation(reference, s.RunGroups(DefaultRuleSet(), {odd, {}, even}, explain));

    // Given every delivery, some twice, then cleared (a reader reading again).
    std::vector<std::size_t> twice = shuffled;
    twice.insert(twice.end(), odd.begin(), odd.end());
    ExpectSameEvaluation(reference, s.RunGroups(DefaultRuleSet(), {first, second}, explain, twice));
  }
}

// A supplier's first two commodities are tallied in its cache line with
// 64-bit sums (DeliveryAccumulator); a sum that would leave 64 bits moves to
// the wide tallies first, and a third commodity is tallied there. Every path
// gives the sums in full: the explained supplier's rows (added at once),
// another's (added after a delay) and accumulators merged.
TEST(Evaluator, CommodityTalliesStayExactPastSixtyFourBits) {
  Scenario s;
  const Index other = s.AddSupplier("S2");
  const Index part = s.AddMaterial("M310");
  const Index casting = s.AddMaterial("M342");
  const Index bar = s.AddMaterial("M011", MaterialKind::kRaw);
  for (const Index supplier : {Index{0}, other}) {
    const std::string first_part = s.Deliver(part, "9000000000000", supplier).id;  // 9e18 micros: 2 pass 2^63
    s.Deliver(casting, "10", supplier);
    s.Deliver(bar, "5", supplier);
    s.Deliver(part, "9000000000000", supplier);
    s.Deliver(bar, "5", supplier);
    s.Deliver(part, "9000000000000", supplier);
    Complaint c = s.NewComplaint(ComplaintType::kComplaint, supplier);
    c.delivery_id = first_part;
    c.rejected_qty = Q("27000");
    s.Add(c);
  }
  const Evaluation evaluation = s.Run();
  const CommodityExplanation* m310 = FindCommodity(*evaluation.explanation, "M310");
  const CommodityExplanation* m342 = FindCommodity(*evaluation.explanation, "M342");
  const CommodityExplanation* m011 = FindCommodity(*evaluation.explanation, "M011");
  ASSERT_NE(m310, nullptr);
  ASSERT_NE(m342, nullptr);
  ASSERT_NE(m011, nullptr);
  EXPECT_EQ(m310->series_deliveries, 3);
  EXPECT_EQ(FixedToString(m310->delivered_micros, 6), "27000000000000");
  EXPECT_NEAR(*m310->ppm, 0.001, 1e-12);  // 27 000 of 2.7e13
  EXPECT_EQ(m342->series_deliveries, 1);
  EXPECT_EQ(FixedToString(m342->delivered_micros, 6), "10");
  EXPECT_EQ(m011->series_deliveries, 2);
  EXPECT_EQ(FixedToString(m011->delivered_micros, 6), "10");
  for (const SupplierResult& result : evaluation.results) {
    SCOPED_TRACE(result.supplier_id);
    EXPECT_EQ(result.series_deliveries, 6);
    EXPECT_NEAR(*result.ppm, 27000.0 / 27000000000020.0 * 1e6, 1e-15);
  }
  // Split across accumulators, merged, and with supplier S2 explained.
  std::vector<std::size_t> odd;
  std::vector<std::size_t> even;
  for (std::size_t i = 0; i < s.deliveries.size(); ++i) (i % 2 == 0 ? even : odd).push_back(i);
  ExpectSameEvaluation(evaluation, s.RunGroups(DefaultRuleSet(), {odd, even}));
  ExpectSameEvaluation(evaluation, s.RunGroups(DefaultRuleSet(), {even, {}, odd}));
  const Evaluation other_explained = s.Run(DefaultRuleSet(), other);
  EXPECT_EQ(FixedToString(FindCommodity(*other_explained.explanation, "M310")->delivered_micros, 6), "27000000000000");
}

TEST(Evaluator, WithoutExplanationTheResultsAreTheSame) {
  const Scenario s = MixedScenario();
  const Evaluation explained = s.Run(DefaultRuleSet(), Index{0});
  const Evaluation plain = s.Run(DefaultRuleSet(), std::nullopt);
  EXPECT_FALSE(plain.explanation.has_value());
  ASSERT_EQ(plain.results.size(), explained.results.size());
  for (std::size_t i = 0; i < plain.results.size(); ++i) ExpectSameResult(plain.results[i], explained.results[i]);
  ExpectSameResult(explained.explanation->result, explained.results[0]);
}

// ---------------------------------------------------------------------------
// Rounding for display (spec "Overall": one decimal, half away from zero)

TEST(Evaluator, RoundHalfAwayFromZero) {
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(0.05, 1), 0.1);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.95, 1), 90.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(92.25, 1), 92.3);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(-0.05, 1), -0.1);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.94, 1), 89.9);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(89.96, 1), 90.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(0.04, 1), 0.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(100.0, 1), 100.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(62.2222222, 1), 62.2);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(2.5, 0), 3.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(-2.5, 0), -3.0);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1.005, 2), 1.01);  // 1.00499999… in binary
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(1.0049, 2), 1.0);
}

// ---------------------------------------------------------------------------
// Figures from real integer quantities: each sub-score is the exact ratio of
// the sums, converted to a double once, so that a figure shown is the exact
// value rounded (spec "Overall").

// `value` is within `ulps` units in the last place of `expected`.
::testing::AssertionResult WithinUlps(double value, double expected, int ulps) {
  double low = expected;
  double high = expected;
  for (int i = 0; i < ulps; ++i) {
    low = std::nextafter(low, -HUGE_VAL);
    high = std::nextafter(high, HUGE_VAL);
  }
  if (low <= value && value <= high) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << std::setprecision(17) << value << " is more than " << ulps << " ULPs from "
                                       << expected;
}

// `deliveries` series deliveries of `quantity` of `commodity` and one
// complaint rejecting `rejected`.
SupplierResult OneRejection(std::string commodity, int deliveries, std::string_view quantity,
                            std::string_view rejected) {
  Scenario s;
  const Index m = s.AddMaterial(std::move(commodity));
  s.DeliverMany(deliveries, m, quantity);
  Complaint c = s.NewComplaint();
  c.delivery_id = "D1";
  c.rejected_qty = Q(rejected);
  s.Add(c);
  return s.Result0();
}

// Series deliveries of 1,000,000 each and one complaint rejecting `rejected`.
SupplierResult PpmOf(int deliveries, std::string_view rejected) {
  return OneRejection("M310", deliveries, "1000000", rejected);
}

TEST(Evaluator, PpmJustBelowAHalfIsShownRoundedDown) {
  // 26110.04999 / 3,000,000 × 1e6 = 8703.3499966…: 8703.3, never 8703.4.
  const SupplierResult r = PpmOf(3, "26110.04999");
  ASSERT_TRUE(r.ppm.has_value());
  EXPECT_TRUE(WithinUlps(*r.ppm, 8703.349996666666, 2));
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*r.ppm, 1), 8703.3);
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*r.ppm, 6), 8703.349997);
  // 34813.399999 / 4,000,000 × 1e6 = 8703.34999975.
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*PpmOf(4, "34813.399999").ppm, 1), 8703.3);
}

TEST(Evaluator, PpmExactlyAHalfIsShownRoundedUp) {
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*PpmOf(4, "34813.4").ppm, 1), 8703.4);        // 8703.35
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*PpmOf(4, "34813.399998").ppm, 6), 8703.35);  // 8703.3499995
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*PpmOf(4, "34813.400001").ppm, 1), 8703.4);   // just above
}

TEST(Evaluator, PpmOfABillionIsShownAsIs) {
  // 3,000,000,000 rejected of 3,000,000 delivered: 1e9 ppm exactly.
  const SupplierResult r = PpmOf(3, "3000000000");
  EXPECT_EQ(*r.ppm, 1e9);
  EXPECT_EQ(RoundHalfAwayFromZero(*r.ppm, 1), 1e9);
}

TEST(Evaluator, Qz1NearTheFloorIsExact) {
  // 100 − 1000 × 1979 / 20000 = 1.05 exactly: shown 1.1. Computed as
  // 100 − 98.95 it was 13 ULPs below.
  const double qz1 = Qz1With(20000, 1979);
  EXPECT_TRUE(WithinUlps(qz1, 1.05, 1));
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(qz1, 1), 1.1);
}

TEST(Evaluator, Qz2NearTheFloorIsExactWithADecimalB) {
  // M342 has B = 0.13: 1979 defective of 26000 delivered is 76115.38… ppm,
  // 100 − 0.13 × 76115.38… / 100 = 1.05 exactly (B taken as the decimal 0.13).
  const SupplierResult r = OneRejection("M342", 26, "1000", "1979");
  ASSERT_TRUE(r.qz2.has_value());
  EXPECT_TRUE(WithinUlps(*r.qz2, 1.05, 1));
  EXPECT_DOUBLE_EQ(RoundHalfAwayFromZero(*r.qz2, 1), 1.1);
}

TEST(Evaluator, MeansOfExactScoresAreWithinAFewUlps) {
  // LZ2 = (24 × 90 + 89) / 25 = 89.96; LZ1 = 100; LZ and the total are
  // weighted means of them. Each lies within a few ULPs of its exact value.
  Scenario s;
  const Index m = s.AddMaterial("M310");
  DeliverReceived(s, m, 24, "110");
  DeliverReceived(s, m, 1, "95");
  const SupplierResult r = s.Result0();
  EXPECT_TRUE(WithinUlps(*r.lz2, 89.96, 1));
  EXPECT_TRUE(WithinUlps(*r.lz, 94.98, 4));
}

TEST(Evaluator, ClassEdgesAreNotNudged) {
  // A total of exactly 80 does not reach a class that starts at 80.0000000001.
  RuleSet rules = TotalIsLz2();
  rules.classes = {{"A", 80.0000000001}, {"B", 0}};
  Scenario s;
  const Index m = s.AddMaterial("M310");
  DeliverReceived(s, m, 3, "112");  // 80 each
  const SupplierResult r = s.Result0(rules);
  EXPECT_EQ(*r.total, 80);
  EXPECT_EQ(r.grade_class, "B");
}

TEST(Evaluator, ATinyUnderDeliveryKeepsItsSign) {
  // 999999999999.999999 of 1000000000000: 1e-16 % under, which the
  // quantities as doubles could not tell from none.
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(3, m, "1000000000000");
  s.deliveries[0].received_qty = Q("999999999999.999999");
  const Evaluation evaluation = s.Run();
  const auto& worst = evaluation.explanation->worst_by_quantity;
  ASSERT_FALSE(worst.empty());
  EXPECT_EQ(worst[0].id, "D1");
  EXPECT_LT(worst[0].percent, 0);
  EXPECT_TRUE(WithinUlps(worst[0].percent, -1e-16, 2));
}

// ---------------------------------------------------------------------------
// Slices (CONTRACTS.md §6: a contract's supplier, materials and term)

// The slice of supplier 0 over `materials` and the whole period.
EvaluationSlice WholePeriodSlice(const Scenario& s, std::vector<Index> materials) {
  return EvaluationSlice{0, std::move(materials), s.period.first, s.period.last};
}

// The one slice's result (a copy: the evaluation is often a temporary).
SliceEvaluation OnlySlice(const Evaluation& evaluation) {
  EXPECT_EQ(evaluation.slices.size(), 1U);
  return evaluation.slices.empty() ? SliceEvaluation{} : evaluation.slices[0];
}

TEST(EvaluatorSlices, ASliceOfEverythingHasTheSuppliersFiguresExactly) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(10, m);
  Complaint c = s.NewComplaint();
  c.material = m;
  c.rejected_qty = Q("3");
  s.Add(c);
  s.slices.push_back(WholePeriodSlice(s, {m}));
  const Evaluation evaluation = s.Run();
  const SliceEvaluation slice = OnlySlice(evaluation);
  const SupplierResult& supplier = evaluation.results[0];
  EXPECT_EQ(slice.result.supplier_id, "S1");
  EXPECT_EQ(slice.result.deliveries, supplier.deliveries);
  EXPECT_EQ(slice.result.complaints, 1);
  ASSERT_TRUE(slice.figures.qz1 && slice.figures.total && slice.figures.ppm);
  EXPECT_EQ(*slice.figures.qz1, Rational(1));    // 100 − 1000 × 1 / 10
  EXPECT_EQ(*slice.figures.ppm, Rational(300));  // 3 of 10,000 pieces
  EXPECT_DOUBLE_EQ(slice.figures.total->ToDouble(), *supplier.total);
  EXPECT_DOUBLE_EQ(slice.figures.qz->ToDouble(), *supplier.qz);
  EXPECT_DOUBLE_EQ(slice.figures.lz->ToDouble(), *supplier.lz);
  EXPECT_EQ(slice.figures.on_time_rate, Rational(100));
}

TEST(EvaluatorSlices, AFigureNoDoubleHoldsIsExact) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.DeliverMany(2, m);
  DeliverySpec& late = s.Deliver(m);
  late.due_date = D(2026, 3, 6);                           // a Friday
  late.receipt_date = WorkingDaysLater(late.due_date, 2);  // 95 points
  s.slices.push_back(WholePeriodSlice(s, {m}));
  const SliceEvaluation slice = OnlySlice(s.Run());
  EXPECT_EQ(slice.figures.lz1, Rational::Of(295, 3));  // (100 + 100 + 95) / 3
  EXPECT_EQ(slice.figures.on_time, 2);
  EXPECT_EQ(slice.figures.on_time_rate, Rational::Of(200, 3));
}

TEST(EvaluatorSlices, OneWorkingDayLateStillHasFullPointsAndCountsAsOnTime) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  DeliverySpec& late = s.Deliver(m);
  late.due_date = D(2026, 3, 6);
  late.receipt_date = WorkingDaysLater(late.due_date, 1);  // the table's first band: 100
  s.slices.push_back(WholePeriodSlice(s, {m}));
  EXPECT_EQ(OnlySlice(s.Run()).figures.on_time_rate, Rational(100));
}

TEST(EvaluatorSlices, TakesOnlyItsMaterialsAndTheirComplaints) {
  Scenario s;
  const Index covered = s.AddMaterial("M310");
  const Index other = s.AddMaterial("M310");
  s.DeliverMany(4, covered);
  s.DeliverMany(4, other);
  Complaint on_delivery = s.NewComplaint();  // names a delivery of the other material
  on_delivery.delivery_id = s.deliveries.back().id;
  on_delivery.rejected_qty = Q("10");
  s.Add(on_delivery);
  Complaint on_material = s.NewComplaint();  // names the covered material itself
  on_material.material = covered;
  on_material.rejected_qty = Q("2");
  s.Add(on_material);
  s.slices.push_back(WholePeriodSlice(s, {covered}));
  const Evaluation evaluation = s.Run();
  const SliceEvaluation slice = OnlySlice(evaluation);
  EXPECT_EQ(slice.result.deliveries, 4);
  EXPECT_EQ(slice.result.complaints, 1);
  EXPECT_EQ(slice.figures.ppm, Rational(500));     // 2 of 4,000
  EXPECT_EQ(evaluation.results[0].complaints, 2);  // the supplier's own result keeps both
  EXPECT_EQ(evaluation.results[0].deliveries, 8);
}

TEST(EvaluatorSlices, TakesOnlyRecordsDatedWithinItsDays) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  const Date first = s.MidPeriod();
  for (const Date day : {first - 1, first, first + 10, first + 11}) {
    DeliverySpec& delivery = s.Deliver(m);
    delivery.due_date = delivery.receipt_date = day;
  }
  Complaint before = s.NewComplaint();
  before.material = m;
  before.date = first - 1;
  s.Add(before);
  Complaint on_last_day = s.NewComplaint();
  on_last_day.material = m;
  on_last_day.date = first + 10;
  s.Add(on_last_day);
  s.slices.push_back(EvaluationSlice{0, {m}, first, first + 10});
  const SliceEvaluation slice = OnlySlice(s.Run());
  EXPECT_EQ(slice.result.deliveries, 2);
  EXPECT_EQ(slice.result.complaints, 1);
}

TEST(EvaluatorSlices, TooFewDeliveriesLeaveTheScoresButNotPpmOrOnTime) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  s.Deliver(m, "500");
  Complaint c = s.NewComplaint();
  c.material = m;
  c.rejected_qty = Q("1");
  s.Add(c);
  s.slices.push_back(WholePeriodSlice(s, {m}));
  const SliceEvaluation slice = OnlySlice(s.Run());
  EXPECT_EQ(slice.result.status, EvaluationStatus::kNotEvaluated);
  EXPECT_FALSE(slice.figures.total || slice.figures.qz1 || slice.figures.lz1);
  EXPECT_EQ(slice.figures.ppm, Rational(2000));  // one delivery is enough (§6)
  EXPECT_EQ(slice.figures.on_time_rate, Rational(100));
}

TEST(EvaluatorSlices, AnEmptySliceHasNoFigures) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  const Index other = s.AddMaterial("M310");
  s.DeliverMany(5, m);
  s.slices.push_back(WholePeriodSlice(s, {other}));
  const SliceEvaluation slice = OnlySlice(s.Run());
  EXPECT_EQ(slice.result.deliveries, 0);
  EXPECT_FALSE(slice.figures.ppm || slice.figures.on_time_rate || slice.figures.total);
}

TEST(EvaluatorSlices, SplitAndOrderChangeNothingAndSuppliersAreUntouched) {
  Scenario s;
  const Index m = s.AddMaterial("M310");
  const Index other = s.AddMaterial("M401");
  s.DeliverMany(5, m, "997");
  s.DeliverMany(3, other, "13");
  s.deliveries[1].receipt_date = WorkingDaysLater(s.deliveries[1].due_date, 4);
  Complaint c = s.NewComplaint();
  c.delivery_id = s.deliveries[2].id;
  c.rejected_qty = Q("7.5");
  s.Add(c);
  const Evaluation without = s.Run();
  s.slices.push_back(WholePeriodSlice(s, {m}));
  s.slices.push_back(WholePeriodSlice(s, {m, other}));
  const Evaluation whole = s.Run();
  const Evaluation split = s.RunGroups(DefaultRuleSet(), {{7, 0, 3}, {1, 6}, {2, 5, 4}});
  ASSERT_EQ(whole.slices.size(), 2U);
  ASSERT_EQ(split.slices.size(), 2U);
  EXPECT_DOUBLE_EQ(*whole.results[0].total, *without.results[0].total);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(whole.slices[i].figures.total, split.slices[i].figures.total);
    EXPECT_EQ(whole.slices[i].figures.ppm, split.slices[i].figures.ppm);
    EXPECT_EQ(whole.slices[i].figures.lz1, split.slices[i].figures.lz1);
  }
  ASSERT_TRUE(whole.slices[1].figures.total.has_value());
  EXPECT_NEAR(whole.slices[1].figures.total->ToDouble(), *without.results[0].total, 1e-12);
}

TEST(EvaluatorSlices, AnExplainedSliceIsTracedDownToItsRecords) {
  Scenario s;
  const Index covered = s.AddMaterial("M310");
  const Index other = s.AddMaterial("M310");
  s.DeliverMany(3, covered);
  s.DeliverMany(2, other);
  s.deliveries[1].receipt_date = WorkingDaysLater(s.deliveries[1].due_date, 4);  // 85 points
  Complaint in_slice = s.NewComplaint();
  in_slice.material = covered;
  s.Add(in_slice);
  Complaint outside = s.NewComplaint();
  outside.material = other;
  s.Add(outside);
  s.slices.push_back(WholePeriodSlice(s, {covered}));
  s.explain_slice = 0;
  const Evaluation evaluation = s.Run();
  ASSERT_TRUE(evaluation.explanation.has_value());
  const Explanation& explanation = *evaluation.explanation;
  EXPECT_EQ(explanation.result.deliveries, 3);
  ASSERT_EQ(explanation.complaints.size(), 1U);
  EXPECT_EQ(explanation.complaints[0].id, in_slice.id);
  ASSERT_FALSE(explanation.worst_by_date.empty());
  EXPECT_EQ(explanation.worst_by_date[0].id, s.deliveries[1].id);
  EXPECT_EQ(explanation.lz1_points_count.at(85), 1);
  EXPECT_EQ(explanation.lz1_points_count.at(100), 2);
  EXPECT_EQ(evaluation.results[0].deliveries, 5);  // the supplier's own result is whole
}

}  // namespace
}  // namespace supeval::core
