// The agreement's formulas for one supplier or slice (spec:
// docs/EVALUATION.md, sections cited at each rule): the complaints taken,
// QZ1–QZ4, LZ1–LZ2, the total and the class, and the explanation's details.
#include "agreement.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>
#include <utility>

#include "exact_figures.hpp"
#include "supeval/core/figures.hpp"

namespace supeval::core {
namespace {

using State = DeliveryAccumulator::State;

double Clamp(const RuleSet& rules, double score) {
  return std::min(rules.score_cap, std::max(rules.score_floor, score));
}

struct WeightedScore {
  std::string name;
  double weight;
  std::optional<double> score;
};

// The weighted mean of the scores present, weights renormalised (spec: "a
// sub-criterion that cannot be computed is not taken into account").
std::optional<double> WeightedMean(const std::vector<WeightedScore>& parts, std::vector<CriterionWeight>* explained) {
  exact::WeightedSum sum;
  for (const WeightedScore& part : parts) {
    if (part.score) sum.Add(part.weight, *part.score);
  }
  const double weight_sum = sum.weights();
  if (explained != nullptr) {
    explained->clear();
    for (const WeightedScore& part : parts) {
      std::optional<double> normalised;
      if (part.score && weight_sum > 0) normalised = part.weight / weight_sum;
      explained->push_back({part.name, part.weight, normalised});
    }
  }
  if (weight_sum <= 0) return std::nullopt;
  return sum.Mean();
}

bool HoldActive(const Hold& hold, Date date) { return hold.ActiveOn(date); }

class SupplierEvaluation {
 public:
  // `commodities`: the part's tallies by commodity. `exact`: where a
  // slice's exact figures go (slices only).
  SupplierEvaluation(const EvaluationContext::Impl& ctx, const State& state, EvaluatedPart part,
                     std::vector<CommodityTally> commodities, Explanation* explanation,
                     contracts::SliceFigures* exact = nullptr)
      : ctx_(ctx),
        rules_(ctx.rules),
        state_(state),
        index_(part.supplier),
        slice_(part.slice),
        tally_(state.suppliers[part.tally]),
        explanation_(explanation),
        exact_(exact),
        commodities_(std::move(commodities)) {
    for (const CommodityTally& tally : commodities_) {
      series_ += tally.series;
      sample_ += tally.sample;
    }
  }

  SupplierResult Run() {
    const Supplier& supplier = ctx_.master.suppliers[index_];
    result_.supplier_id = supplier.id;
    result_.name = supplier.name;
    result_.series_deliveries = series_;
    result_.sample_deliveries = sample_;
    result_.deliveries = series_ + sample_;
    TakeComplaints();
    ComputeQuality(supplier);
    ComputeDelivery();
    ComputeTotal();
    if (exact_ != nullptr) ComputeExact();
    return std::move(result_);
  }

 private:
  // Spec QZ2 "ppm-relevant quantity of one record" and "Adjustment".
  // The texts of a complaint's explanation are filled in only for the
  // explained supplier (for 88,000 complaints they were a third of Evaluate).
  [[nodiscard]] bool Explaining() const { return explanation_ != nullptr; }
  void Note(ComplaintExplanation& detail, const char* note) const {
    if (Explaining()) detail.notes.emplace_back(note);
  }

  void TakeComplaints() {
    for (const Index complaint_index : ctx_.complaints_by_supplier[index_]) {
      const Complaint& complaint = ctx_.master.complaints[complaint_index];
      if (slice_ && !ctx_.SliceTakes(*slice_, MaterialOf(complaint), complaint.date)) continue;
      ComplaintExplanation detail;
      detail.type = complaint.type;
      detail.date = complaint.date;
      detail.justified = complaint.justified;
      if (Explaining()) {
        detail.id = complaint.id;
        detail.delivery_id = complaint.delivery_id;
      }
      if (complaint.justified) TakeJustified(complaint, detail);
      else Note(detail, "not justified: not counted");
      if (explanation_ != nullptr) explanation_->complaints.push_back(std::move(detail));
    }
  }

  void TakeJustified(const Complaint& complaint, ComplaintExplanation& detail) {
    if (complaint.type == ComplaintType::kSample) {
      ++result_.sample_complaints;
      Note(detail, "sample complaint: counts for QZ4, not for ppm");
      return;
    }
    if (complaint.type == ComplaintType::kComplaint) ++result_.complaints;
    else Note(detail, "notification: counts for ppm, not for QZ1");

    const ReferencedDelivery* delivery = NamedDelivery(complaint);
    const Index material = MaterialOf(complaint);
    if (material == kNoIndex) {
      Warn("complaint " + complaint.id + " names neither a delivery nor a material: left out of ppm");
      Note(detail, "no delivery_id or material_id: commodity unknown, left out of ppm");
      return;
    }
    const Material& mat = ctx_.master.materials[material];
    const Index commodity = ctx_.material_commodity[material];
    const DefectRule* defect = ctx_.DefectOf(complaint);
    assert(defect != nullptr);  // EvaluationContext::Create checked every code
    const RelevantQuantity& rule = mat.kind == MaterialKind::kPurchased ? defect->purchased : defect->raw;
    detail.kind = mat.kind;
    if (Explaining()) {
      detail.defect_code = defect->code;
      detail.commodity = mat.commodity;
      detail.defect_meaning = defect->meaning;
    }
    detail.rule = rule;
    detail.counts_in_ppm = true;

    const std::optional<Decimal> basis = BasisQuantity(complaint, *defect, rule.basis, delivery, detail);
    detail.basis_quantity = basis;
    detail.relevant = static_cast<Int128>(basis.value_or(Decimal()).micros()) * rule.percent.micros();
    defective_[commodity] += detail.relevant;
  }

  // The delivery a complaint names, when it was found in the stream.
  [[nodiscard]] const ReferencedDelivery* NamedDelivery(const Complaint& complaint) const {
    if (complaint.delivery_ref == kNoIndex || !state_.referenced[complaint.delivery_ref].found) return nullptr;
    return &state_.referenced[complaint.delivery_ref];
  }
  // Spec QZ2: a complaint's material is its delivery's, else its own (or none).
  [[nodiscard]] Index MaterialOf(const Complaint& complaint) const {
    const ReferencedDelivery* delivery = NamedDelivery(complaint);
    return delivery != nullptr ? delivery->material : complaint.material;
  }

  std::optional<Decimal> BasisQuantity(const Complaint& complaint, const DefectRule& defect, QuantityBasis basis,
                                       const ReferencedDelivery* delivery, ComplaintExplanation& detail) {
    switch (basis) {
      case QuantityBasis::kNone:
        return std::nullopt;
      case QuantityBasis::kAffected:
        if (!complaint.affected_qty) Note(detail, "affected_qty empty: counts 0");
        return complaint.affected_qty;
      case QuantityBasis::kLot:
        if (delivery == nullptr) {
          Warn("complaint " + complaint.id + ": defect '" + defect.code +
               "' takes a share of the lot but names no delivery: counts 0");
          Note(detail, "lot-based row without delivery_id: counts 0");
          return std::nullopt;
        }
        return delivery->received_qty;
      case QuantityBasis::kRejected:
        return RejectedOrConfirmed(complaint, detail);
    }
    return std::nullopt;
  }

  // Spec "Adjustment": confirmed_qty replaces rejected when confirmed no later
  // than returned_on plus the rule set's months.
  std::optional<Decimal> RejectedOrConfirmed(const Complaint& complaint, ComplaintExplanation& detail) {
    if (!complaint.rejected_qty && !complaint.confirmed_qty) Note(detail, "rejected_qty empty: counts 0");
    if (!complaint.confirmed_qty) return complaint.rejected_qty;
    if (!complaint.returned_on) {
      detail.adjustment = Adjustment::kNoReturnDate;
      return complaint.rejected_qty;
    }
    const Date deadline = complaint.returned_on->AddMonths(rules_.adjustment_months);
    detail.adjustment_deadline = deadline;
    if (!complaint.confirmed_on || *complaint.confirmed_on > deadline) {
      detail.adjustment = Adjustment::kTooLate;
      return complaint.rejected_qty;
    }
    detail.adjustment = Adjustment::kApplied;
    return complaint.confirmed_qty;
  }

  void ComputeQuality(const Supplier& supplier) {
    // QZ1 = base − factor × C / D; D = 0: not taken into account.
    if (series_ > 0) {
      result_.qz1 = Clamp(rules_, BaseMinus(ctx_.exact_qz1_factor, result_.complaints, series_,
                                            rules_.qz1_factor * static_cast<double>(result_.complaints) /
                                                static_cast<double>(series_)));
    }
    // QZ4 = base − factor × S / N; N = 0: not taken into account.
    if (sample_ > 0) {
      result_.qz4 = Clamp(rules_, BaseMinus(ctx_.exact_qz4_factor, result_.sample_complaints, sample_,
                                            rules_.qz4_factor * static_cast<double>(result_.sample_complaints) /
                                                static_cast<double>(sample_)));
    }
    ComputeQz2();
    ComputeQz3(supplier);
    std::vector<CriterionWeight>* weights = explanation_ != nullptr ? &explanation_->quality_weights : nullptr;
    result_.qz = WeightedMean({{"QZ1", rules_.weight_qz1, result_.qz1},
                               {"QZ2", rules_.weight_qz2, result_.qz2},
                               {"QZ3", rules_.weight_qz3, result_.qz3},
                               {"QZ4", rules_.weight_qz4, result_.qz4}},
                              weights);
  }

  // Spec QZ2: per commodity, weighted by its series deliveries.
  void ComputeQz2() {
    // By commodity number: the order of the codes (IndexCommodities), stable.
    std::map<Index, CommodityExplanation> rows;
    Int128 delivered_total = 0;
    Int128 defective_total = 0;
    exact::WeightedSum weighted;  // QZ2(commodity) by series deliveries
    auto row_for = [&](Index commodity) -> CommodityExplanation& {
      CommodityExplanation& row = rows[commodity];
      row.commodity = ctx_.commodities[commodity];
      row.b = ctx_.commodity_b[commodity];
      row.b_defaulted = ctx_.commodity_b_defaulted[commodity];
      return row;
    };
    for (const CommodityTally& tally : commodities_) {
      if (tally.series == 0) continue;
      CommodityExplanation& row = row_for(tally.commodity);
      row.series_deliveries = tally.series;
      row.delivered_micros = tally.delivered_micros;
    }
    for (const auto& [commodity, defective] : defective_) row_for(commodity).defective = defective;
    for (auto& [commodity, row] : rows) {
      delivered_total += row.delivered_micros;
      defective_total += row.defective;
      if (row.b_defaulted) {
        Warn("commodity " + row.commodity + " is not in the B table: B = " + FormatNumber(row.b) + " used");
      }
      if (row.series_deliveries == 0) continue;
      if (row.delivered_micros > 0) {
        row.ppm = Ppm(row.defective, row.delivered_micros);
        row.qz2 = Clamp(rules_, BaseMinus(ctx_.exact_qz2_factor[commodity], row.defective, row.delivered_micros,
                                          row.b * *row.ppm / rules_.qz2_ppm_divisor));
      } else {
        row.qz2 = row.defective == 0 ? Clamp(rules_, rules_.formula_base) : rules_.score_floor;
      }
      weighted.Add(static_cast<double>(row.series_deliveries), *row.qz2);
    }
    if (weighted.weights() > 0) result_.qz2 = weighted.Mean();
    if (weighted.weights() > 0 && delivered_total > 0) result_.ppm = Ppm(defective_total, delivered_total);
    if (explanation_ == nullptr) return;
    for (auto& [commodity, row] : rows) explanation_->commodities.push_back(std::move(row));
  }

  // Spec QZ2: defective / delivered × scale, exactly where the scale is a
  // decimal (see figures.hpp).
  double Ppm(Int128 defective, Int128 delivered_micros) const {
    std::optional<double> ppm;
    if (ctx_.exact_ppm_factor) ppm = exact::Scaled(*ctx_.exact_ppm_factor, defective, delivered_micros);
    return ppm.value_or(static_cast<double>(defective) / static_cast<double>(kDefectivePerMicro) /
                        static_cast<double>(delivered_micros) * rules_.ppm_scale);
  }

  // base − factor × count / per (QZ1, QZ2, QZ4): exactly where the rule
  // numbers are decimals, as one ratio of integers, else `inexact` (the
  // same in floating point, given as factor × count / per).
  double BaseMinus(const std::optional<exact::Ratio>& exact_factor, Int128 count, Int128 per, double inexact) const {
    std::optional<double> value;
    if (ctx_.exact_base && exact_factor) value = exact::BaseMinus(*ctx_.exact_base, *exact_factor, count, per);
    return value.value_or(rules_.formula_base - inexact);
  }

  // Spec QZ3: best certification row on the reference date, hold, exempt.
  void ComputeQz3(const Supplier& supplier) {
    Qz3Explanation detail;
    const Date reference = ctx_.period.ReferenceDate();
    detail.exempt = supplier.qz3_exempt;
    if (Explaining()) {
      for (const CommodityTally& tally : commodities_) {
        detail.delivered_commodities.push_back(ctx_.commodities[tally.commodity]);
      }
      std::sort(detail.delivered_commodities.begin(), detail.delivered_commodities.end());
    }
    detail.indirect_column = IndirectColumn();
    std::vector<bool> valid(ctx_.named_standards);  // by the standard's number (Impl::IndexStandards)
    for (const Index i : ctx_.certifications_by_supplier[index_]) {
      const Certification& certificate = ctx_.master.certifications[i];
      const bool is_valid = certificate.valid_from <= reference && reference <= certificate.valid_to;
      if (is_valid && ctx_.certificate_standard[i] != kNoIndex) valid[ctx_.certificate_standard[i]] = true;
      if (Explaining()) {
        detail.certificates.push_back({certificate.standard, certificate.valid_from, certificate.valid_to, is_valid});
      }
    }
    double points = rules_.certification_none_points;
    for (std::size_t row = 0; row < rules_.certification_rows.size(); ++row) {
      const CertificationRow& candidate = rules_.certification_rows[row];
      if (!RowMatches(ctx_.certification_row_groups[row], valid)) continue;
      const double row_points = detail.indirect_column ? candidate.indirect_points : candidate.production_points;
      if (!detail.matched_row || row_points > points) {
        detail.matched_row = row;
        points = row_points;
      }
    }
    for (const Index i : ctx_.holds_by_supplier[index_]) {
      const Hold& hold = ctx_.master.holds[i];
      if (hold.reason == HoldReason::kQuality && HoldActive(hold, reference)) detail.quality_hold = hold;
      else detail.other_holds.push_back(hold);
    }
    if (detail.quality_hold) points = rules_.hold_points;
    points = Clamp(rules_, points);  // spec: every sub-score is floored and capped
    if (!detail.exempt) {
      detail.points = points;
      result_.qz3 = points;
    }
    if (explanation_ != nullptr) explanation_->qz3 = std::move(detail);
  }

  // Spec QZ3: column 2 when every commodity delivered is indirect material;
  // the supplier's column when the caller decided it (a scope's QZ3).
  [[nodiscard]] bool IndirectColumn() const {
    const std::vector<bool>* decided = ctx_.options.qz3_indirect_by_supplier;
    if (decided != nullptr && !slice_) return (*decided)[index_];
    return !commodities_.empty() &&
           std::all_of(commodities_.begin(), commodities_.end(),
                       [&](const CommodityTally& tally) { return ctx_.commodity_indirect[tally.commodity]; });
  }

  // Whether every group of a certification row (as numbers) has a valid standard.
  static bool RowMatches(const std::vector<std::vector<Index>>& groups, const std::vector<bool>& valid) {
    return std::all_of(groups.begin(), groups.end(), [&](const std::vector<Index>& group) {
      return std::any_of(group.begin(), group.end(), [&](Index standard) { return valid[standard]; });
    });
  }

  // Spec LZ: means of per-delivery points over series and sample deliveries.
  void ComputeDelivery() {
    const std::int64_t count = series_ + sample_;
    // Points (millionths) over deliveries: one ratio of integers, which 64-bit
    // counts cannot take out of 128 bits.
    const auto mean_points = [&](std::int64_t points_micros) {
      return exact::Scaled(kPointsPerMicro, points_micros, count)
          .value_or(static_cast<double>(points_micros) / kPointsScale / static_cast<double>(count));
    };
    if (count > 0) {
      result_.lz1 = mean_points(tally_.lz1_points_micros);
      result_.lz2 = mean_points(tally_.lz2_points_micros);
    }
    std::vector<CriterionWeight>* weights = explanation_ != nullptr ? &explanation_->delivery_weights : nullptr;
    result_.lz =
        WeightedMean({{"LZ1", rules_.weight_lz1, result_.lz1}, {"LZ2", rules_.weight_lz2, result_.lz2}}, weights);
  }

  void ComputeTotal() {
    std::vector<CriterionWeight>* weights = explanation_ != nullptr ? &explanation_->total_weights : nullptr;
    result_.total =
        WeightedMean({{"QZ", rules_.weight_quality, result_.qz}, {"LZ", rules_.weight_delivery, result_.lz}}, weights);
    // Spec "Period and records": fewer than min_deliveries: not evaluated.
    if (result_.deliveries < rules_.min_deliveries) {
      NotEvaluated("fewer than " + std::to_string(rules_.min_deliveries) + " deliveries in the period (" +
                   std::to_string(result_.deliveries) + ")");
      return;
    }
    if (!result_.total) {
      NotEvaluated("no criterion could be computed");
      return;
    }
    result_.status = EvaluationStatus::kEvaluated;
    // Spec "Overall": the first class whose min_total the unrounded total
    // reaches (an edge met within the total's floating-point error counting as
    // met); never one it does not reach. ValidateRuleSet makes the last class
    // start at or below the floor, so every total finds one; should none, no
    // class.
    const auto grade = std::find_if(rules_.classes.begin(), rules_.classes.end(), [&](const GradeClass& candidate) {
      return Reaches(*result_.total, candidate.min_total);
    });
    if (grade != rules_.classes.end()) result_.grade_class = grade->name;
    else Warn("total " + FormatNumber(*result_.total) + " is below every class: no class given");
  }

  // The figures that the result has, again as exact rationals from the same
  // integer sums and rule numbers (a slice's KPIs, CONTRACTS.md §6); the
  // result decides which figures exist.
  void ComputeExact() {
    using exact::RuleRational;
    contracts::SliceFigures& figures = *exact_;
    const auto clamped_base_minus = [&](double factor, Int128 count, Int128 per) {
      return exact::Clamped(rules_, exact::BaseMinus(rules_.formula_base, RuleRational(factor), count, per));
    };
    if (result_.qz1) figures.qz1 = clamped_base_minus(rules_.qz1_factor, result_.complaints, series_);
    if (result_.qz4) figures.qz4 = clamped_base_minus(rules_.qz4_factor, result_.sample_complaints, sample_);
    if (result_.qz3) figures.qz3 = RuleRational(*result_.qz3);  // a rule number, floored and capped
    ComputeExactQz2(figures);
    if (result_.lz1)
      figures.lz1 = Rational::Of(tally_.lz1_points_micros, static_cast<Int128>(series_ + sample_) * 1'000'000);
    if (result_.lz2)
      figures.lz2 = Rational::Of(tally_.lz2_points_micros, static_cast<Int128>(series_ + sample_) * 1'000'000);
    figures.qz = exact::WeightedMean({{RuleRational(rules_.weight_qz1), figures.qz1},
                                      {RuleRational(rules_.weight_qz2), figures.qz2},
                                      {RuleRational(rules_.weight_qz3), figures.qz3},
                                      {RuleRational(rules_.weight_qz4), figures.qz4}});
    figures.lz = exact::WeightedMean(
        {{RuleRational(rules_.weight_lz1), figures.lz1}, {RuleRational(rules_.weight_lz2), figures.lz2}});
    figures.total = exact::WeightedMean(
        {{RuleRational(rules_.weight_quality), figures.qz}, {RuleRational(rules_.weight_delivery), figures.lz}});
  }

  // QZ2 and ppm as ComputeQz2 forms them: per commodity base − B / divisor
  // × ppm, weighted by series deliveries.
  void ComputeExactQz2(contracts::SliceFigures& figures) const {
    using exact::RuleRational;
    // ppm = defective (1e-14) / delivered (1e-6) × scale / 10^8.
    const Rational ppm_factor = RuleRational(rules_.ppm_scale) / Rational(kDefectivePerMicro);
    std::vector<std::pair<Rational, std::optional<Rational>>> weighted;
    for (const CommodityTally& tally : commodities_) {
      const auto defective = defective_.find(tally.commodity);
      const Int128 commodity_defective = defective == defective_.end() ? 0 : defective->second;
      figures.defective += commodity_defective;
      figures.delivered_micros += tally.delivered_micros;
      if (tally.series == 0) continue;
      Rational score = RuleRational(rules_.score_floor);
      if (tally.delivered_micros > 0) {
        const Rational factor =
            RuleRational(ctx_.commodity_b[tally.commodity]) / RuleRational(rules_.qz2_ppm_divisor) * ppm_factor;
        score = exact::Clamped(
            rules_, exact::BaseMinus(rules_.formula_base, factor, commodity_defective, tally.delivered_micros));
      } else if (commodity_defective == 0) {
        score = exact::Clamped(rules_, RuleRational(rules_.formula_base));
      }
      weighted.emplace_back(Rational(tally.series), score);
    }
    // Complaints of commodities the part did not deliver count in the ppm.
    for (const auto& entry : defective_) {
      const Index commodity = entry.first;  // (clang 14 cannot capture a structured binding)
      const bool delivered = std::any_of(commodities_.begin(), commodities_.end(),
                                         [&](const CommodityTally& tally) { return tally.commodity == commodity; });
      if (!delivered) figures.defective += entry.second;
    }
    if (result_.qz2) figures.qz2 = exact::WeightedMean(weighted);
    // The ppm KPI needs no eligibility (CONTRACTS.md §6): any series quantity.
    if (figures.delivered_micros > 0)
      figures.ppm = ppm_factor * Rational::Of(figures.defective, figures.delivered_micros);
  }

  void NotEvaluated(std::string reason) {
    result_.status = EvaluationStatus::kNotEvaluated;
    result_.reason = std::move(reason);
    result_.ppm.reset();
    for (auto* score : {&result_.qz1, &result_.qz2, &result_.qz3, &result_.qz4, &result_.qz, &result_.lz1, &result_.lz2,
                        &result_.lz, &result_.total}) {
      score->reset();
    }
    result_.grade_class.clear();
  }

  void Warn(std::string warning) {
    if (std::find(result_.warnings.begin(), result_.warnings.end(), warning) == result_.warnings.end()) {
      result_.warnings.push_back(std::move(warning));
    }
  }

  static std::string FormatNumber(double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
  }

  const EvaluationContext::Impl& ctx_;
  const RuleSet& rules_;
  const State& state_;
  Index index_;
  std::optional<Index> slice_;
  const SupplierTally& tally_;
  std::int64_t series_ = 0;  // deliveries, over all commodities
  std::int64_t sample_ = 0;
  Explanation* explanation_;
  contracts::SliceFigures* exact_;
  SupplierResult result_;
  std::map<Index, Int128> defective_;        // by commodity, units of 1e-14
  std::vector<CommodityTally> commodities_;  // the supplier's, by commodity
};

}  // namespace

SupplierResult EvaluatePart(const EvaluationContext::Impl& ctx, const State& state, EvaluatedPart part,
                            std::vector<CommodityTally> commodities, Explanation* explanation,
                            contracts::SliceFigures* exact) {
  return SupplierEvaluation(ctx, state, part, std::move(commodities), explanation, exact).Run();
}

}  // namespace supeval::core
