// The scorecard letter's content from a published run (letters.hpp) and the
// letterhead file.
#include "supeval/service/letters.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

#include "supeval/core/contracts/settlement.hpp"
#include "supeval/service/supplier_records.hpp"

namespace supeval::service {
namespace {

using report::Figure;
using report::Text;

// ---------------------------------------------------------------------------
// The letterhead file

core::Result<std::string> ReadBytes(const std::filesystem::path& file, const std::string& field,
                                    const std::string& named_in, std::uint64_t line) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::BadInput("cannot read " + file.string(), {named_in, line, field});
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The value of `key` as text; kBadInput when it is not a string.
core::Result<std::string> TextValue(const toml::node& node, const std::string& file, const std::string& key) {
  if (const auto* text = node.as_string()) return text->get();
  return core::BadInput("must be a string", {file, node.source().begin.line, key});
}

core::Status ReadAddress(const toml::node& node, const std::string& file, report::Letterhead& letterhead) {
  const auto* lines = node.as_array();
  if (lines == nullptr) return core::BadInput("must be a list of lines", {file, node.source().begin.line, "address"});
  for (const toml::node& line : *lines) {
    auto text = TextValue(line, file, "address");
    if (!text.ok()) return text.error();
    letterhead.address.push_back(std::move(*text));
  }
  return core::Ok{};
}

constexpr std::array<unsigned char, 8> kPngSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

core::Status ReadLogo(const toml::node& node, const std::filesystem::path& file, report::Letterhead& letterhead) {
  const std::string name = file.string();
  auto path = TextValue(node, name, "logo");
  if (!path.ok()) return path.error();
  const std::uint64_t line = node.source().begin.line;
  auto bytes = ReadBytes(file.parent_path() / *path, "logo", name, line);
  if (!bytes.ok()) return bytes.error();
  if (bytes->size() < kPngSignature.size() ||
      !std::equal(kPngSignature.begin(), kPngSignature.end(), bytes->begin(),
                  [](unsigned char a, char b) { return a == static_cast<unsigned char>(b); })) {
    return core::BadInput(*path + " is not a PNG file", {name, line, "logo"});
  }
  letterhead.logo_png = std::move(*bytes);
  return core::Ok{};
}

core::Status ReadLetterheadKey(const std::string& key, const toml::node& node, const std::filesystem::path& file,
                               report::Letterhead& letterhead) {
  const std::string name = file.string();
  struct TextKey {
    std::string_view key;
    std::string report::Letterhead::*member;
  };
  static constexpr std::array kTextKeys = {
      TextKey{"name", &report::Letterhead::name},
      TextKey{"signatory", &report::Letterhead::signatory},
      TextKey{"signatory_title", &report::Letterhead::signatory_title},
  };
  for (const TextKey& text_key : kTextKeys) {
    if (text_key.key != key) continue;
    auto text = TextValue(node, name, key);
    if (!text.ok()) return text.error();
    letterhead.*text_key.member = std::move(*text);
    return core::Ok{};
  }
  if (key == "address") return ReadAddress(node, name, letterhead);
  if (key == "logo") return ReadLogo(node, file, letterhead);
  return core::BadInput("unknown key (name, address, logo, signatory, signatory_title)",
                        {name, node.source().begin.line, key});
}

// ---------------------------------------------------------------------------
// The content

std::optional<double> WeightOf(const core::Explanation& e, std::string_view criterion) {
  for (const auto* weights : {&e.total_weights, &e.quality_weights, &e.delivery_weights}) {
    for (const core::CriterionWeight& weight : *weights) {
      if (weight.name == criterion) return weight.normalised;
    }
  }
  return std::nullopt;
}

// A figure that is only its label (and subject): "ISO 14001 valid on the reference date".
Figure Note(Text label, std::string subject = {}) {
  Figure figure;
  figure.label = label;
  figure.subject = std::move(subject);
  return figure;
}

Figure Count(Text label, std::int64_t value) { return Figure{label, "", {}, 0, static_cast<double>(value), 0}; }

std::vector<Figure> PointsCounts(const std::map<double, std::int64_t>& counts) {
  std::vector<Figure> figures;
  std::int64_t deliveries = 0;
  for (const auto& entry : counts) deliveries += entry.second;
  figures.push_back(Count(Text::kDeliveries, deliveries));
  // Best points first, as a reader scans them.
  for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
    const int decimals = it->first == std::floor(it->first) ? 0 : 1;  // points are whole or tenths
    figures.push_back(Figure{Text::kDeliveriesAtPoints, "", it->first, decimals, static_cast<double>(it->second), 0});
  }
  return figures;
}

std::vector<Figure> Qz2Figures(const core::Explanation& e) {
  std::vector<Figure> figures;
  if (e.result.ppm) figures.push_back(Figure{Text::kPpm, "", {}, 0, e.result.ppm, 1});
  for (const core::CommodityExplanation& commodity : e.commodities) {
    if (commodity.ppm) figures.push_back(Figure{Text::kPpm, commodity.commodity, {}, 0, commodity.ppm, 1});
  }
  return figures;
}

std::vector<Figure> Qz3Figures(const core::Qz3Explanation& qz3) {
  std::vector<Figure> figures;
  if (qz3.exempt) figures.push_back(Note(Text::kQz3Exempt));
  for (const core::CertificateExplanation& certificate : qz3.certificates) {
    if (certificate.valid_on_reference_date) figures.push_back(Note(Text::kCertificateValid, certificate.standard));
  }
  if (qz3.quality_hold) figures.push_back(Note(Text::kQualityHold));
  return figures;
}

// The sub-scores in the scorecard's order, each with the figures `explain` shows for it.
std::vector<report::SubScore> SubScores(const core::Explanation& e) {
  const core::SupplierResult& r = e.result;
  const auto score = [&](Text name, std::string criterion, std::optional<double> value, std::vector<Figure> figures) {
    const std::optional<double> weight = WeightOf(e, criterion);
    return report::SubScore{name, std::move(criterion), value, weight, std::move(figures)};
  };
  return {
      score(Text::kNameQz, "QZ", r.qz, {}),
      score(Text::kNameQz1, "QZ1", r.qz1,
            {Count(Text::kComplaints, e.qz1_complaints), Count(Text::kSeriesDeliveries, e.qz1_series_deliveries)}),
      score(Text::kNameQz2, "QZ2", r.qz2, Qz2Figures(e)),
      score(Text::kNameQz3, "QZ3", r.qz3, Qz3Figures(e.qz3)),
      score(Text::kNameQz4, "QZ4", r.qz4,
            {Count(Text::kSampleComplaints, e.qz4_sample_complaints),
             Count(Text::kSampleDeliveries, e.qz4_sample_deliveries)}),
      score(Text::kNameLz, "LZ", r.lz, {}),
      score(Text::kNameLz1, "LZ1", r.lz1, PointsCounts(e.lz1_points_count)),
      score(Text::kNameLz2, "LZ2", r.lz2, PointsCounts(e.lz2_points_count)),
  };
}

std::vector<report::WorstDelivery> Worst(const std::vector<core::DeliveryDeviation>& deliveries, bool by_date) {
  std::vector<report::WorstDelivery> rows;
  for (const core::DeliveryDeviation& d : deliveries) {
    rows.push_back({d.id, d.due_date, d.receipt_date, d.working_days, d.due_qty.ToString(), d.received_qty.ToString(),
                    d.percent, by_date ? d.lz1_points : d.lz2_points});
  }
  return rows;
}

std::vector<report::CountedComplaint> Complaints(const core::Explanation& e) {
  constexpr double kDefectiveUnit = 1e14;  // relevant is in units of 1e-14 (core::kDefectiveScaleDigits)
  std::vector<report::CountedComplaint> rows;
  for (const core::ComplaintExplanation& c : e.complaints) {
    std::optional<double> counted;
    if (c.justified && c.counts_in_ppm) counted = static_cast<double>(c.relevant) / kDefectiveUnit;
    rows.push_back({c.id, c.date, c.justified, c.defect_code, counted, c.adjustment_deadline});
  }
  return rows;
}

core::Date LetterDate(const ChosenRun& run) {
  constexpr std::size_t kDateLength = 10;  // created_at begins with YYYY-MM-DD
  const auto date = core::Date::Parse(std::string_view(run.summary.created_at).substr(0, kDateLength));
  return date ? *date : run.period.last;
}

core::Status AllowLetters(const Caller& caller) {
  if (Authorize(&caller, UseCase::kSupplierLetter) == Decision::kAllowed) return core::Ok{};
  return core::Failure(core::ErrorCode::kRefused, "your role may not ask for letters", "forbidden");
}

}  // namespace

core::Result<report::Letterhead> ReadLetterhead(const std::filesystem::path& file) {
  auto text = ReadBytes(file, "", file.string(), 0);
  if (!text.ok()) return text.error();
  toml::table root;
  try {
    root = toml::parse(*text, file.string());
  } catch (const toml::parse_error& error) {
    return core::BadInput(std::string(error.description()), {file.string(), error.source().begin.line, ""});
  }
  report::Letterhead letterhead;
  for (const auto& [key, node] : root) {
    if (auto read = ReadLetterheadKey(std::string(key.str()), node, file, letterhead); !read.ok()) {
      return read.error();
    }
  }
  return letterhead;
}

core::Result<report::TextTable> SettlementLookup::Lines(const core::Period& period, const std::string& supplier_id) {
  const auto key = std::make_pair(period.first.days(), period.last.days());
  if (!read_.contains(key)) {
    auto summaries = settlements_.List();
    if (!summaries.ok()) return summaries.error();
    std::optional<store::SettlementRecord> latest;
    for (auto it = summaries->rbegin(); it != summaries->rend() && !latest; ++it) {
      auto record = settlements_.Read(it->id);
      if (!record.ok()) return record.error();
      if (record->period_first == period.first && record->period_last == period.last) latest = std::move(*record);
    }
    read_.emplace(key, std::move(latest));
  }
  report::TextTable table;
  const std::optional<store::SettlementRecord>& settlement = read_.at(key);
  if (!settlement) return table;
  static constexpr std::array<std::string_view, 8> kShown = {"contract_id", "kind",   "ref",    "material_id",
                                                             "actual",      "target", "amount", "currency"};
  const auto& all = core::contracts::SettlementColumns();
  const auto column = [&](std::string_view name) {
    return static_cast<std::size_t>(std::find(all.begin(), all.end(), name) - all.begin());
  };
  for (const std::string_view name : kShown) table.columns.emplace_back(name);
  for (const auto& line : settlement->lines) {
    if (line.at(column("supplier_id")) != supplier_id) continue;
    std::vector<std::string> cells;
    for (const std::string_view name : kShown) cells.push_back(line.at(column(name)));
    table.rows.push_back(std::move(cells));
  }
  return table;
}

core::Result<report::LetterContent> GatherLetter(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                 const std::string& supplier_id, const LetterRequest& request,
                                                 SettlementLookup* settlements) {
  if (auto allowed = AllowLetters(caller); !allowed.ok()) return allowed.error();
  auto card = ShowScorecard(db, cache, caller, supplier_id, request.run);
  if (!card.ok()) return card.error();
  const core::Explanation& e = card->explanation();
  const core::SupplierResult& r = card->result;
  report::LetterContent c;
  c.language = request.language;
  c.letterhead = request.letterhead;
  c.supplier_id = r.supplier_id;
  c.supplier_name = r.name;
  c.period_label = card->run.period.label;
  c.period_first = card->run.period.first;
  c.period_last = card->run.period.last;
  c.letter_date = LetterDate(card->run);
  c.run = card->run.summary.id;
  c.rules_sha256 = card->run.summary.rules_sha256;
  c.evaluated = r.status == core::EvaluationStatus::kEvaluated;
  c.not_evaluated_reason = r.reason;
  c.total = r.total;
  c.grade_class = r.grade_class;
  if (c.evaluated) c.scores = SubScores(e);
  for (const TrendPoint& point : card->trend) c.trend.push_back({point.period, point.run, point.total});
  for (const core::GradeClass& grade : card->rules().classes) c.classes.push_back({grade.name, grade.min_total});
  c.worst_by_date = Worst(e.worst_by_date, true);
  c.worst_by_quantity = Worst(e.worst_by_quantity, false);
  c.complaints = Complaints(e);
  c.adjustment_months = card->rules().adjustment_months;
  if (settlements != nullptr) {
    auto lines = settlements->Lines(card->run.period, c.supplier_id);
    if (!lines.ok()) return lines.error();
    c.settlement = std::move(*lines);
  }
  return c;
}

core::Result<std::vector<std::string>> LetterSuppliers(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                       const RunSelector& run) {
  if (auto allowed = AllowLetters(caller); !allowed.ok()) return allowed.error();
  auto chosen = ChooseRun(db, run);
  if (!chosen.ok()) return chosen.error();
  auto table = cache.Ranked(db, *chosen);
  if (!table.ok()) return table.error();
  const SupplierScope scope = ScopeOf(caller);
  std::vector<std::string> ids;
  for (const RankedResult& row : (*table)->rows) {
    if (scope.Sees(row.result.supplier_id)) ids.push_back(row.result.supplier_id);
  }
  return ids;
}

}  // namespace supeval::service
