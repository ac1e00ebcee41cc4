// Formatting evaluation results as CSV, JSON and a terminal table.
#include "supeval/io/result_writer.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/figures.hpp"
#include "supeval/core/printable.hpp"
#include "supeval/io/csv_writer.hpp"
#include "supeval/io/terminal_text.hpp"

namespace supeval::io {
namespace {

using core::SupplierResult;

std::vector<const SupplierResult*> SortedById(const std::vector<SupplierResult>& results) {
  std::vector<const SupplierResult*> sorted;
  for (const SupplierResult& result : results) sorted.push_back(&result);
  const auto by_id = [](const SupplierResult* a, const SupplierResult* b) { return a->supplier_id < b->supplier_id; };
  // Master files usually list suppliers by id already: one pass, no sort.
  if (!std::is_sorted(sorted.begin(), sorted.end(), by_id)) std::sort(sorted.begin(), sorted.end(), by_id);
  return sorted;
}

std::string_view StatusName(core::EvaluationStatus status) {
  return status == core::EvaluationStatus::kEvaluated ? "evaluated" : "not_evaluated";
}

std::string JoinWarnings(const std::vector<std::string>& warnings) {
  std::string text;
  for (const std::string& warning : warnings) text += (text.empty() ? "" : "; ") + warning;
  return text;
}

// The scores of a row in the spec's column order, ppm first.
std::vector<const std::optional<double>*> Scores(const SupplierResult& r) {
  return {&r.ppm, &r.qz1, &r.qz2, &r.qz3, &r.qz4, &r.qz, &r.lz1, &r.lz2, &r.lz, &r.total};
}

nlohmann::ordered_json ScoreJson(const std::optional<double>& score) {
  if (!score) return nullptr;
  return core::RoundHalfAwayFromZero(*score, 1);
}

// The table's cells: `text` made printable (core::Printable, so that a name
// can neither drive the terminal nor split its row), then cut or padded to
// `width` columns.
std::string Fit(std::string_view raw, std::size_t width) {
  const std::string text = core::Printable(raw);
  std::string out;
  std::size_t used = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts_code_point = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_code_point && used == width) break;
    if (starts_code_point) ++used;
    out.push_back(text[i]);
  }
  if (DisplayWidth(text) > width && !out.empty()) {
    // Replace the last code point with an ellipsis to show the cut.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty()) out.pop_back();
    out += "\u2026";
  }
  return out + std::string(width - std::min(width, DisplayWidth(out)), ' ');
}

std::string PadLeft(std::string_view raw, std::size_t width) {
  const std::string text = core::Printable(raw);
  return std::string(width - std::min(width, DisplayWidth(text)), ' ') + text;
}

}  // namespace

const std::vector<std::string_view>& ResultColumns() {
  static const std::vector<std::string_view> kColumns = {"supplier_id",
                                                         "name",
                                                         "period",
                                                         "status",
                                                         "reason",
                                                         "deliveries",
                                                         "series_deliveries",
                                                         "sample_deliveries",
                                                         "complaints",
                                                         "sample_complaints",
                                                         "ppm",
                                                         "qz1",
                                                         "qz2",
                                                         "qz3",
                                                         "qz4",
                                                         "qz",
                                                         "lz1",
                                                         "lz2",
                                                         "lz",
                                                         "total",
                                                         "class",
                                                         "warnings"};
  return kColumns;
}

std::string FormatScore(const std::optional<double>& score) {
  if (!score) return "";
  const double rounded = core::RoundHalfAwayFromZero(*score, 1);
  // Below this, `rounded` is the double nearest to a whole number of tenths,
  // well within a twentieth: that number, written out, is what printf's
  // "%.1f" prints. (to_chars took a tenth of writing 20,000 results.)
  constexpr double kTenthsExact = 1e12;
  char buffer[64];
  char* const end = buffer + sizeof buffer;
  if (std::abs(rounded) < kTenthsExact) {
    auto tenths = static_cast<std::uint64_t>(std::llround(std::abs(rounded) * 10));
    char* at = end;
    *--at = static_cast<char>('0' + tenths % 10);
    *--at = '.';
    tenths /= 10;
    do {
      *--at = static_cast<char>('0' + tenths % 10);
      tenths /= 10;
    } while (tenths != 0);
    if (std::signbit(rounded)) *--at = '-';  // printf shows a negative zero as "-0.0" too
    return std::string(at, end);
  }
  // to_chars with a precision prints as printf's "%.1f" does, without its
  // locale and format parsing.
  const auto [written, error] = std::to_chars(buffer, end, rounded, std::chars_format::fixed, 1);
  assert(error == std::errc());
  return std::string(buffer, written);
}

std::string WriteResultsCsv(const std::vector<SupplierResult>& results, const core::Period& period) {
  std::ostringstream out;
  {
    CsvWriter csv(out);
    for (const std::string_view column : ResultColumns()) csv.Field(column);
    csv.EndRow();
    for (const SupplierResult* r : SortedById(results)) WriteResultCsvRow(csv, *r, period.label, nullptr);
  }
  return out.str();
}

void WriteResultCsvRow(CsvWriter& csv, const SupplierResult& r, std::string_view period_label,
                       const std::string* scope_id) {
  csv.Field(r.supplier_id);
  if (scope_id != nullptr) csv.Field(*scope_id);
  csv.Field(r.name);
  csv.Field(period_label);
  csv.Field(StatusName(r.status));
  csv.Field(r.reason);
  for (const std::int64_t count :
       {r.deliveries, r.series_deliveries, r.sample_deliveries, r.complaints, r.sample_complaints}) {
    csv.Field(count);
  }
  for (const std::optional<double>* score : Scores(r)) csv.Field(FormatScore(*score));
  csv.Field(r.grade_class);
  csv.Field(JoinWarnings(r.warnings));
  csv.EndRow();
}

nlohmann::ordered_json ResultRowJson(const SupplierResult& r, std::string_view period_label, ResultJsonForm form) {
  const bool api = form == ResultJsonForm::kApi;
  nlohmann::ordered_json row;
  row["supplier_id"] = r.supplier_id;
  row["name"] = r.name;
  row["period"] = period_label;
  row["status"] = StatusName(r.status);
  row["reason"] = api && r.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.reason);
  row["deliveries"] = r.deliveries;
  row["series_deliveries"] = r.series_deliveries;
  row["sample_deliveries"] = r.sample_deliveries;
  row["complaints"] = r.complaints;
  row["sample_complaints"] = r.sample_complaints;
  const auto scores = Scores(r);
  const char* names[] = {"ppm", "qz1", "qz2", "qz3", "qz4", "qz", "lz1", "lz2", "lz", "total"};
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const std::optional<double>& score = *scores[i];
    row[names[i]] = api && score ? nlohmann::ordered_json(*score) : ScoreJson(score);
  }
  row["class"] = r.grade_class.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.grade_class);
  row["warnings"] = r.warnings;
  return row;
}

nlohmann::ordered_json EventCountsJson(const core::contracts::EventCounts& counts) {
  nlohmann::ordered_json by_kind = nlohmann::ordered_json::object();
  for (std::size_t kind = 0; kind < counts.by_kind.size(); ++kind) {
    if (counts.by_kind[kind] == 0) continue;
    by_kind[std::string(core::contracts::NameOf(static_cast<core::contracts::EventKind>(kind)))] = counts.by_kind[kind];
  }
  nlohmann::ordered_json json;
  json["total"] = counts.total;
  json["customer_notified"] = counts.customer_notified;
  json["cost"] = counts.CostText();
  json["by_kind"] = std::move(by_kind);
  return json;
}

std::string WriteResultsJson(const std::vector<SupplierResult>& results, const core::Period& period,
                             std::span<const core::contracts::EventCounts> events) {
  assert(events.empty() || events.size() == results.size());
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const SupplierResult* r : SortedById(results)) {
    nlohmann::ordered_json row = ResultRowJson(*r, period.label, ResultJsonForm::kCommandLine);
    if (!events.empty()) row["events"] = EventCountsJson(events[static_cast<std::size_t>(r - results.data())]);
    rows.push_back(std::move(row));
  }
  nlohmann::ordered_json document;
  document["period"] = {{"label", period.label}, {"from", period.first.ToString()}, {"to", period.last.ToString()}};
  document["results"] = std::move(rows);
  // Bytes that are not UTF-8 (stored before they were refused) show as U+FFFD.
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string WriteResultsTable(const std::vector<SupplierResult>& results, const core::Period& period) {
  std::vector<const SupplierResult*> evaluated;
  std::vector<const SupplierResult*> others;
  for (const SupplierResult* r : SortedById(results)) {
    (r->status == core::EvaluationStatus::kEvaluated ? evaluated : others).push_back(r);
  }
  std::stable_sort(evaluated.begin(), evaluated.end(),
                   [](const SupplierResult* a, const SupplierResult* b) { return *a->total > *b->total; });
  std::string out = "Supplier evaluation " + period.label + " (" + period.first.ToString() + " .. " +
                    period.last.ToString() + "): " + std::to_string(evaluated.size()) + " evaluated, " +
                    std::to_string(others.size()) + " not evaluated\n\n";
  constexpr std::size_t kNameWidth = 28;
  const std::vector<std::pair<std::string, std::size_t>> columns = {
      {"#", 5},   {"supplier", 10}, {"name", kNameWidth}, {"total", 6}, {"class", 5}, {"QZ", 6},
      {"QZ1", 6}, {"QZ2", 6},       {"QZ3", 6},           {"QZ4", 6},   {"LZ", 6},    {"LZ1", 6},
      {"LZ2", 6}, {"ppm", 9},       {"deliv.", 7},        {"compl.", 6}};
  std::string header;
  for (const auto& [title, width] : columns) {
    header += (title == "supplier" || title == "name") ? Fit(title, width) : PadLeft(title, width);
    header += ' ';
  }
  out += header + "\n";
  std::size_t rank = 0;
  for (const SupplierResult* r : evaluated) {
    std::string line = PadLeft(std::to_string(++rank), 5) + " " + Fit(r->supplier_id, 10) + " " +
                       Fit(r->name, kNameWidth) + " " + PadLeft(FormatScore(r->total), 6) + " " +
                       PadLeft(r->grade_class, 5);
    for (const auto* score : {&r->qz, &r->qz1, &r->qz2, &r->qz3, &r->qz4, &r->lz, &r->lz1, &r->lz2}) {
      line += " " + PadLeft(score->has_value() ? FormatScore(*score) : "-", 6);
    }
    line += " " + PadLeft(r->ppm ? FormatScore(r->ppm) : "-", 9);
    line += " " + PadLeft(std::to_string(r->deliveries), 7) + " " + PadLeft(std::to_string(r->complaints), 6);
    out += line + (r->warnings.empty() ? "" : "  !") + "\n";
  }
  if (!others.empty()) {
    out += "\nNot evaluated:\n";
    for (const SupplierResult* r : others) {
      out +=
          "      " + Fit(r->supplier_id, 10) + " " + Fit(r->name, kNameWidth) + " " + core::Printable(r->reason) + "\n";
    }
  }
  const bool any_warning =
      std::any_of(evaluated.begin(), evaluated.end(), [](const SupplierResult* r) { return !r->warnings.empty(); });
  if (any_warning) out += "\n! has warnings: see `supeval explain` or --format csv\n";
  out += "\n- not taken into account; scores rounded to one decimal, classes decided on the unrounded total.\n";
  return out;
}

std::string WriteResults(const std::vector<SupplierResult>& results, const core::Period& period, ResultFormat format,
                         std::span<const core::contracts::EventCounts> events) {
  switch (format) {
    case ResultFormat::kCsv:
      return WriteResultsCsv(results, period);
    case ResultFormat::kJson:
      return WriteResultsJson(results, period, events);
    case ResultFormat::kTable:
      return WriteResultsTable(results, period);
  }
  return {};
}

}  // namespace supeval::io
