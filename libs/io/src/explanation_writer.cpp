// Rendering one supplier's Explanation as checkable text and as JSON.
#include "supeval/io/explanation_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "supeval/core/figures.hpp"
#include "supeval/core/printable.hpp"
#include "supeval/io/result_writer.hpp"
#include "supeval/io/terminal_text.hpp"

namespace supeval::io {
namespace {

using core::ComplaintExplanation;
using core::Explanation;
using nlohmann::ordered_json;

// A rule number or intermediate value: up to `decimals` places (rounded as
// figures are, core/figures.hpp), trailing zeros dropped.
std::string Number(double value, int decimals = 6) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, core::RoundHalfAwayFromZero(value, decimals));
  std::string text = buffer;
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

// The unrounded total, to 6 places or as many more as it takes for the
// figure shown to lie on the same side of every class edge as the total
// (89.9999999 is not shown as 90 beside class B).
std::string UnroundedTotal(double total, const std::vector<core::GradeClass>& classes) {
  constexpr int kMostDecimals = 9;
  int decimals = 6;
  const auto same_side = [&](const core::GradeClass& grade) {
    return (core::RoundHalfAwayFromZero(total, decimals) >= grade.min_total) == core::Reaches(total, grade.min_total);
  };
  while (decimals < kMostDecimals && !std::all_of(classes.begin(), classes.end(), same_side)) ++decimals;
  return Number(total, decimals);
}

std::string Score(const std::optional<double>& score) { return score ? FormatScore(score) : "not taken into account"; }

std::string Defective(core::Int128 value) { return core::FixedToString(value, core::kDefectiveScaleDigits); }

std::string Delivered(core::Int128 micros) { return core::FixedToString(micros, core::Decimal::kMaxFractionDigits); }

std::string_view AdjustmentName(core::Adjustment adjustment) {
  switch (adjustment) {
    case core::Adjustment::kNotApplicable:
      return "not_applicable";
    case core::Adjustment::kApplied:
      return "applied";
    case core::Adjustment::kTooLate:
      return "too_late";
    case core::Adjustment::kNoReturnDate:
      return "no_return_date";
  }
  return "";
}

// "(0.5 × 90.0 + 0.3 × 80.0) / 0.8" with the criteria present.
std::string WeightedFormula(const std::vector<core::CriterionWeight>& weights,
                            const std::vector<std::optional<double>>& scores) {
  std::string sum;
  double weight_sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!weights[i].normalised || !scores[i]) continue;
    sum +=
        (sum.empty() ? "" : " + ") + Number(weights[i].weight) + " × " + weights[i].name + " " + FormatScore(scores[i]);
    weight_sum += weights[i].weight;
  }
  if (sum.empty()) return "nothing to weigh";
  return "(" + sum + ") / " + Number(weight_sum);
}

std::string WeightList(const std::vector<core::CriterionWeight>& weights) {
  std::string text;
  for (const core::CriterionWeight& weight : weights) {
    text += (text.empty() ? "" : ", ") + weight.name + " " + Number(weight.weight);
    text += weight.normalised ? " -> " + Number(*weight.normalised) : " (not taken into account)";
  }
  return text;
}

std::string ComplaintRule(const ComplaintExplanation& c) {
  if (!c.justified || !c.counts_in_ppm) return "";
  const std::string basis(QuantityBasisName(c.rule.basis));
  if (c.rule.basis == core::QuantityBasis::kNone) return "no ppm";
  std::string basis_text = basis;
  if (c.rule.basis == core::QuantityBasis::kRejected && c.adjustment == core::Adjustment::kApplied) {
    basis_text = "confirmed";
  }
  return c.rule.percent.ToString() + " % of " + basis_text + " " +
         (c.basis_quantity ? c.basis_quantity->ToString() : std::string("(empty: 0)")) + " = " + Defective(c.relevant);
}

std::string AdjustmentText(const ComplaintExplanation& c) {
  const std::string deadline = c.adjustment_deadline ? c.adjustment_deadline->ToString() : "";
  switch (c.adjustment) {
    case core::Adjustment::kNotApplicable:
      return "";
    case core::Adjustment::kApplied:
      return "adjustment applied: confirmed by " + deadline + " (returned + months)";
    case core::Adjustment::kTooLate:
      return "adjustment not applied: confirmation missing or after the deadline " + deadline +
             ", full rejected quantity counts";
    case core::Adjustment::kNoReturnDate:
      return "adjustment not applied: no returned_on date, full rejected quantity counts";
  }
  return "";
}

// (received − due) / due as "+12.34 %", its sign the true direction: a
// deviation too small to show at two places is "+<0.01 %" or "-<0.01 %",
// none at all "0.00 %".
std::string DeviationPercent(double percent) {
  if (percent == 0) return "0.00 %";
  const double rounded = core::RoundHalfAwayFromZero(percent, 2);
  if (rounded == 0) return percent > 0 ? "+<0.01 %" : "-<0.01 %";
  char text[48];
  std::snprintf(text, sizeof text, "%+.2f %%", rounded);
  return text;
}

void AppendCommodities(TextLines& out, const Explanation& e) {
  TextTable table(
      {Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight}, "    ");
  table.AddRow({"commodity", "B", "series", "delivered", "defective", "ppm", "QZ2"});
  for (const core::CommodityExplanation& c : e.commodities) {
    table.AddRow({c.commodity + (c.b_defaulted ? "*" : ""), Number(c.b), std::to_string(c.series_deliveries),
                  Delivered(c.delivered_micros), Defective(c.defective), c.ppm ? FormatScore(c.ppm) : "-",
                  c.qz2 ? FormatScore(c.qz2) : "-"});
  }
  out.Add(table);
  if (std::any_of(e.commodities.begin(), e.commodities.end(), [](const auto& c) { return c.b_defaulted; })) {
    out.Add("    * not in the B table: default B used");
  }
}

void AppendComplaints(TextLines& out, const Explanation& e) {
  if (e.complaints.empty()) return;
  out.Blank();
  out.Add("  Complaints of the period:");
  for (const ComplaintExplanation& c : e.complaints) {
    std::string line = "    " + c.id + "  " + c.date.ToString() + "  " + std::string(ComplaintTypeName(c.type)) + "  " +
                       (c.justified ? "justified" : "not justified");
    if (!c.delivery_id.empty()) line += "  delivery " + c.delivery_id;
    if (c.commodity) line += "  " + *c.commodity + (c.kind == core::MaterialKind::kRaw ? " raw" : " purchased");
    out.Add(line);
    if (c.counts_in_ppm) out.Add("      defect " + c.defect_code + " (" + c.defect_meaning + "): " + ComplaintRule(c));
    if (const std::string adjustment = AdjustmentText(c); !adjustment.empty()) out.Add("      " + adjustment);
    for (const std::string& note : c.notes) out.Add("      " + note);
  }
}

void AppendQz3(TextLines& out, const Explanation& e, const core::RuleSet& rules) {
  const core::Qz3Explanation& q = e.qz3;
  out.Blank();
  out.Add("  QZ3 certification = " + Score(e.result.qz3) + (q.exempt ? " (supplier exempt from QZ3)" : ""));
  std::string column = "    column: " + std::string(q.indirect_column ? "indirect material" : "production material") +
                       " (commodities delivered:";
  for (const std::string& code : q.delivered_commodities) column += " " + code;
  out.Add(column + ")");
  for (const core::CertificateExplanation& c : q.certificates) {
    out.Add("    certificate " + c.standard + " " + c.valid_from.ToString() + " .. " + c.valid_to.ToString() +
            (c.valid_on_reference_date ? "  valid" : "  not valid") + " on " + e.reference_date.ToString());
  }
  if (q.matched_row) {
    const core::CertificationRow& row = rules.certification_rows[*q.matched_row];
    std::string condition;
    for (const auto& group : row.all_of) {
      std::string any;
      for (const std::string& standard : group) any += (any.empty() ? "" : " or ") + standard;
      condition += (condition.empty() ? "" : " and ") + ("(" + any + ")");
    }
    out.Add("    row matched: " + condition + " -> " +
            Number(q.indirect_column ? row.indirect_points : row.production_points) + " points");
  } else {
    out.Add("    no certificate row matched -> " + Number(rules.certification_none_points) + " point(s)");
  }
  if (q.quality_hold) {
    out.Add("    New Business Hold (quality) imposed " + q.quality_hold->imposed_on.ToString() + ", active on " +
            e.reference_date.ToString() + " -> QZ3 = " + Number(rules.hold_points));
  }
  for (const core::Hold& hold : q.other_holds) {
    const std::string reason = hold.reason == core::HoldReason::kQuality ? "quality" : "delivery";
    out.Add("    New Business Hold (" + reason + ") imposed " + hold.imposed_on.ToString() +
            (hold.withdrawn_on ? ", withdrawn " + hold.withdrawn_on->ToString() : std::string()) +
            ": no effect on QZ3");
  }
}

// "100 - 1000 × 3 / 40, floored at 1" (QZ1, QZ4), when there is a denominator.
void AppendCountFormula(TextLines& out, const core::RuleSet& rules, double factor, std::int64_t count,
                        std::int64_t per) {
  if (per <= 0) return;
  out.Add("    " + Number(rules.formula_base) + " - " + Number(factor) + " × " + std::to_string(count) + " / " +
          std::to_string(per) + ", floored at " + Number(rules.score_floor));
}

void AppendQuality(TextLines& out, const Explanation& e, const core::RuleSet& rules) {
  const core::SupplierResult& r = e.result;
  out.Blank();
  out.Add("QUALITY  QZ = " + Score(r.qz));
  out.Add("  weights: " + WeightList(e.quality_weights));
  out.Add("  QZ = " + WeightedFormula(e.quality_weights, {r.qz1, r.qz2, r.qz3, r.qz4}));

  out.Blank();
  out.Add("  QZ1 mass production quality = " + Score(r.qz1));
  out.Add("    C = " + std::to_string(e.qz1_complaints) +
          " justified complaints, D = " + std::to_string(e.qz1_series_deliveries) + " series deliveries");
  AppendCountFormula(out, rules, rules.qz1_factor, e.qz1_complaints, e.qz1_series_deliveries);

  out.Blank();
  out.Add("  QZ2 defective quantity (ppm) = " + Score(r.qz2) + "   overall ppm " + (r.ppm ? FormatScore(r.ppm) : "-"));
  out.Add("    QZ2(commodity) = " + Number(rules.formula_base) + " - B × ppm / " + Number(rules.qz2_ppm_divisor) +
          "; mean weighted by series deliveries");
  AppendCommodities(out, e);
  AppendComplaints(out, e);
  AppendQz3(out, e, rules);

  out.Blank();
  out.Add("  QZ4 sample quality = " + Score(r.qz4));
  out.Add("    S = " + std::to_string(e.qz4_sample_complaints) +
          " justified sample complaints, N = " + std::to_string(e.qz4_sample_deliveries) + " sample deliveries");
  AppendCountFormula(out, rules, rules.qz4_factor, e.qz4_sample_complaints, e.qz4_sample_deliveries);
}

void AppendDistribution(TextLines& out, const std::map<double, std::int64_t>& counts) {
  double sum = 0;
  std::int64_t deliveries = 0;
  TextTable table({Align::kRight, Align::kRight}, "    ");
  table.AddRow({"points", "deliveries"});
  for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
    table.AddRow({Number(it->first), std::to_string(it->second)});
    sum += it->first * static_cast<double>(it->second);
    deliveries += it->second;
  }
  out.Add(table);
  if (deliveries > 0) out.Add("    mean = " + Number(sum) + " / " + std::to_string(deliveries));
}

// The worst deliveries of LZ1 or LZ2: the table's columns, and a row per delivery.
struct WorstDeliveries {
  std::vector<Align> alignments;
  std::vector<std::string> header;
  std::vector<std::string> (*row)(const core::DeliveryDeviation&);
};

std::vector<std::string> ByDateRow(const core::DeliveryDeviation& d) {
  const std::string deviation = d.working_days == 0  ? "on time"
                                : d.working_days > 0 ? std::to_string(d.working_days) + " wd late"
                                                     : std::to_string(-d.working_days) + " wd early";
  return {d.id, d.due_date.ToString(), d.receipt_date.ToString(), deviation, Number(d.lz1_points)};
}

std::vector<std::string> ByQuantityRow(const core::DeliveryDeviation& d) {
  return {d.id, d.due_qty.ToString(), d.received_qty.ToString(), DeviationPercent(d.percent), Number(d.lz2_points)};
}

const WorstDeliveries kWorstByDate{{Align::kLeft, Align::kLeft, Align::kLeft, Align::kRight, Align::kRight},
                                   {"delivery", "due", "received", "deviation", "points"},
                                   ByDateRow};
const WorstDeliveries kWorstByQuantity{{Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight},
                                       {"delivery", "due qty", "received", "deviation", "points"},
                                       ByQuantityRow};

void AppendWorst(TextLines& out, const std::vector<core::DeliveryDeviation>& worst, const WorstDeliveries& shape) {
  if (worst.empty()) return;
  out.Add("    worst deliveries:");
  TextTable table(shape.alignments, "      ");
  table.AddRow(shape.header);
  for (const core::DeliveryDeviation& d : worst) table.AddRow(shape.row(d));
  out.Add(table);
}

void AppendDelivery(TextLines& out, const Explanation& e) {
  const core::SupplierResult& r = e.result;
  out.Blank();
  out.Add("DELIVERY  LZ = " + Score(r.lz));
  out.Add("  weights: " + WeightList(e.delivery_weights));
  out.Add("  LZ = " + WeightedFormula(e.delivery_weights, {r.lz1, r.lz2}));
  out.Blank();
  out.Add("  LZ1 date reliability = " + Score(r.lz1) + " (working days of the receiving plant's calendar)");
  AppendDistribution(out, e.lz1_points_count);
  AppendWorst(out, e.worst_by_date, kWorstByDate);
  out.Blank();
  out.Add("  LZ2 quantity reliability = " + Score(r.lz2) + " (|received - due| / due, bands decided exactly)");
  AppendDistribution(out, e.lz2_points_count);
  AppendWorst(out, e.worst_by_quantity, kWorstByQuantity);
}

ordered_json OptionalJson(const std::optional<double>& value) {
  return value ? ordered_json(core::RoundHalfAwayFromZero(*value, 6)) : ordered_json(nullptr);
}

ordered_json WeightsJson(const std::vector<core::CriterionWeight>& weights) {
  ordered_json list = ordered_json::array();
  for (const core::CriterionWeight& w : weights) {
    list.push_back({{"criterion", w.name}, {"weight", w.weight}, {"normalised", OptionalJson(w.normalised)}});
  }
  return list;
}

ordered_json DistributionJson(const std::map<double, std::int64_t>& counts) {
  ordered_json list = ordered_json::array();
  for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
    list.push_back({{"points", it->first}, {"deliveries", it->second}});
  }
  return list;
}

ordered_json DeviationsJson(const std::vector<core::DeliveryDeviation>& deviations) {
  ordered_json list = ordered_json::array();
  for (const core::DeliveryDeviation& d : deviations) {
    list.push_back({{"delivery_id", d.id},
                    {"due_date", d.due_date.ToString()},
                    {"receipt_date", d.receipt_date.ToString()},
                    {"working_days", d.working_days},
                    {"due_qty", d.due_qty.ToString()},
                    {"received_qty", d.received_qty.ToString()},
                    {"percent", core::RoundHalfAwayFromZero(d.percent, 4)},
                    {"lz1_points", d.lz1_points},
                    {"lz2_points", d.lz2_points}});
  }
  return list;
}

}  // namespace

std::string_view ComplaintTypeName(core::ComplaintType type) {
  switch (type) {
    case core::ComplaintType::kComplaint:
      return "complaint";
    case core::ComplaintType::kNotification:
      return "notification";
    case core::ComplaintType::kSample:
      return "sample";
  }
  return "";
}

std::string_view QuantityBasisName(core::QuantityBasis basis) {
  switch (basis) {
    case core::QuantityBasis::kRejected:
      return "rejected";
    case core::QuantityBasis::kAffected:
      return "affected";
    case core::QuantityBasis::kLot:
      return "lot";
    case core::QuantityBasis::kNone:
      return "none";
  }
  return "";
}

std::string WriteExplanationText(const Explanation& e, const core::Period& period, const core::RuleSet& rules) {
  const core::SupplierResult& r = e.result;
  TextLines out;
  out.Add("Supplier " + r.supplier_id + " - " + r.name);
  out.Add("Period " + period.label + " (" + period.first.ToString() + " .. " + period.last.ToString() +
          "), reference date " + e.reference_date.ToString());
  out.Add("Deliveries " + std::to_string(r.deliveries) + " (series " + std::to_string(r.series_deliveries) +
          ", sample " + std::to_string(r.sample_deliveries) + ")");
  out.Blank();
  if (r.status == core::EvaluationStatus::kEvaluated) {
    out.Add("TOTAL = " + FormatScore(r.total) + "  class " + r.grade_class);
    out.Add("  weights: " + WeightList(e.total_weights));
    out.Add("  total = " + WeightedFormula(e.total_weights, {r.qz, r.lz}));
    std::string classes = "  classes:";
    for (const core::GradeClass& grade : rules.classes) classes += " " + grade.name + " >= " + Number(grade.min_total);
    out.Add(classes + " (decided on the unrounded total " + UnroundedTotal(*r.total, rules.classes) + ")");
  } else {
    out.Add("NOT EVALUATED: " + r.reason);
    out.Add("  (the figures below are shown for information)");
  }
  AppendQuality(out, e, rules);
  AppendDelivery(out, e);
  if (!r.warnings.empty()) {
    out.Blank();
    out.Add("WARNINGS");
    for (const std::string& warning : r.warnings) out.Add("  " + warning);
  }
  return std::move(out).Take();
}

std::string WriteExplanationJson(const Explanation& e, const core::Period& period, const core::RuleSet& rules) {
  const core::SupplierResult& r = e.result;
  ordered_json doc;
  doc["supplier_id"] = r.supplier_id;
  doc["name"] = r.name;
  doc["period"] = {{"label", period.label}, {"from", period.first.ToString()}, {"to", period.last.ToString()}};
  doc["reference_date"] = e.reference_date.ToString();
  doc["status"] = r.status == core::EvaluationStatus::kEvaluated ? "evaluated" : "not_evaluated";
  doc["reason"] = r.reason;
  doc["class"] = r.grade_class.empty() ? ordered_json(nullptr) : ordered_json(r.grade_class);
  doc["scores"] = {{"total", OptionalJson(r.total)}, {"qz", OptionalJson(r.qz)},   {"qz1", OptionalJson(r.qz1)},
                   {"qz2", OptionalJson(r.qz2)},     {"qz3", OptionalJson(r.qz3)}, {"qz4", OptionalJson(r.qz4)},
                   {"lz", OptionalJson(r.lz)},       {"lz1", OptionalJson(r.lz1)}, {"lz2", OptionalJson(r.lz2)},
                   {"ppm", OptionalJson(r.ppm)}};
  doc["weights"] = {{"total", WeightsJson(e.total_weights)},
                    {"quality", WeightsJson(e.quality_weights)},
                    {"delivery", WeightsJson(e.delivery_weights)}};
  doc["qz1"] = {
      {"complaints", e.qz1_complaints}, {"series_deliveries", e.qz1_series_deliveries}, {"factor", rules.qz1_factor}};
  doc["qz4"] = {{"sample_complaints", e.qz4_sample_complaints},
                {"sample_deliveries", e.qz4_sample_deliveries},
                {"factor", rules.qz4_factor}};
  ordered_json commodities = ordered_json::array();
  for (const core::CommodityExplanation& c : e.commodities) {
    commodities.push_back({{"commodity", c.commodity},
                           {"b", c.b},
                           {"b_defaulted", c.b_defaulted},
                           {"series_deliveries", c.series_deliveries},
                           {"delivered", Delivered(c.delivered_micros)},
                           {"defective", Defective(c.defective)},
                           {"ppm", OptionalJson(c.ppm)},
                           {"qz2", OptionalJson(c.qz2)}});
  }
  doc["qz2"] = {{"commodities", std::move(commodities)}};
  ordered_json complaints = ordered_json::array();
  for (const ComplaintExplanation& c : e.complaints) {
    complaints.push_back(
        {{"complaint_id", c.id},
         {"type", ComplaintTypeName(c.type)},
         {"date", c.date.ToString()},
         {"justified", c.justified},
         {"delivery_id", c.delivery_id},
         {"commodity", c.commodity ? ordered_json(*c.commodity) : ordered_json(nullptr)},
         {"kind",
          !c.kind ? ordered_json(nullptr) : ordered_json(*c.kind == core::MaterialKind::kRaw ? "raw" : "purchased")},
         {"counts_in_ppm", c.counts_in_ppm},
         {"defect", c.defect_code},
         {"rule", {{"basis", QuantityBasisName(c.rule.basis)}, {"percent", c.rule.percent.ToString()}}},
         {"basis_quantity", c.basis_quantity ? ordered_json(c.basis_quantity->ToString()) : ordered_json(nullptr)},
         {"relevant_quantity", Defective(c.relevant)},
         {"adjustment", AdjustmentName(c.adjustment)},
         {"adjustment_deadline",
          c.adjustment_deadline ? ordered_json(c.adjustment_deadline->ToString()) : ordered_json(nullptr)},
         {"notes", c.notes}});
  }
  doc["complaints"] = std::move(complaints);
  ordered_json certificates = ordered_json::array();
  for (const core::CertificateExplanation& c : e.qz3.certificates) {
    certificates.push_back({{"standard", c.standard},
                            {"valid_from", c.valid_from.ToString()},
                            {"valid_to", c.valid_to.ToString()},
                            {"valid_on_reference_date", c.valid_on_reference_date}});
  }
  doc["qz3"] = {{"exempt", e.qz3.exempt},
                {"column", e.qz3.indirect_column ? "indirect" : "production"},
                {"delivered_commodities", e.qz3.delivered_commodities},
                {"certificates", std::move(certificates)},
                {"matched_row", e.qz3.matched_row ? ordered_json(*e.qz3.matched_row) : ordered_json(nullptr)},
                {"quality_hold_imposed_on",
                 e.qz3.quality_hold ? ordered_json(e.qz3.quality_hold->imposed_on.ToString()) : ordered_json(nullptr)},
                {"points", OptionalJson(e.qz3.points)}};
  doc["lz1"] = {{"distribution", DistributionJson(e.lz1_points_count)},
                {"worst_deliveries", DeviationsJson(e.worst_by_date)}};
  doc["lz2"] = {{"distribution", DistributionJson(e.lz2_points_count)},
                {"worst_deliveries", DeviationsJson(e.worst_by_quantity)}};
  doc["warnings"] = r.warnings;
  // Bytes that are not UTF-8 (stored before they were refused) show as U+FFFD.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace supeval::io
