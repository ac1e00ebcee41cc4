// The supplier's scorecard letter (issue 24 §2): a plain content struct —
// every figure already computed by the service layer, nothing here
// recomputes a score — rendered to an A4 PDF with Cairo and Pango: the
// customer's letterhead, the total and class, each sub-score with the
// figures behind it, the trend as a vector chart, the worst deliveries, the
// complaints counted, the ppm adjustment rule and its deadlines, contract
// settlement lines, and on every page a footer with the run and the rule
// set's hash ("page X of Y"). Texts are a table per language (German,
// English); numbers and dates are written as the language writes them.
//
// Fonts: DejaVu Sans from a private fontconfig set holding only its files,
// so the letter never depends on the machine's default font; the fonts are
// embedded (subset) in the PDF.
//
// Thread-safety: a LetterRenderer owns its font map and is used by one
// thread at a time; make one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"

namespace supeval::report {

enum class Language : std::uint8_t { kGerman, kEnglish };

// "de" or "en"; nothing for anything else.
[[nodiscard]] std::optional<Language> ParseLanguage(std::string_view code);
[[nodiscard]] std::string_view LanguageCode(Language language);

// Every text of the letter; its wording per language is a table
// (letter_texts.cpp), never a branch.
enum class Text : std::uint8_t {
  kTitle,
  kSupplier,
  kPeriod,
  kRun,
  kDate,
  kSalutation,
  kIntro,
  kTotal,
  kClass,
  kNotEvaluated,
  kScoresHeading,
  kCriterion,
  kPoints,
  kWeight,
  kBasis,
  kNameQz1,
  kNameQz2,
  kNameQz3,
  kNameQz4,
  kNameLz1,
  kNameLz2,
  kNameQz,
  kNameLz,
  kComplaints,
  kSeriesDeliveries,
  kSampleComplaints,
  kSampleDeliveries,
  kDeliveries,
  kPpm,
  kDeliveriesAtPoints,
  kCertificateValid,
  kQualityHold,
  kQz3Exempt,
  kNotTakenIntoAccount,
  kTrendHeading,
  kWorstByDateHeading,
  kWorstByQuantityHeading,
  kDelivery,
  kDueDate,
  kReceiptDate,
  kWorkingDays,
  kDueQuantity,
  kReceivedQuantity,
  kDeviation,
  kComplaintsHeading,
  kComplaint,
  kJustified,
  kDefectCode,
  kCountedQuantity,
  kAdjustmentDeadline,
  kYes,
  kNo,
  kNone,
  kAdjustmentHeading,
  kAdjustmentRule,
  kSettlementHeading,
  kClosing,
  kFooterRun,
  kFooterRules,
  kFooterPage,
  kCount,  // the number of texts, not a text
};

// The wording of `text` in `language`; "{}" marks where a value goes.
[[nodiscard]] std::string_view TextOf(Text text, Language language);

// `value` to `decimals` places, rounded half away from zero as the figures
// are (core/figures.hpp), with the language's decimal mark: 87.5 / 87,5.
[[nodiscard]] std::string FormatNumber(double value, int decimals, Language language);
// 2026-06-30 (en) / 30.06.2026 (de).
[[nodiscard]] std::string FormatDate(core::Date date, Language language);

// Who writes: the customer's letterhead (docs/letters.md).
struct Letterhead {
  std::string name = "Customer";
  std::vector<std::string> address;
  std::string logo_png;  // the PNG file's bytes; empty: no logo
  std::string signatory;
  std::string signatory_title;
};

// One figure behind a score: "[subject ][qualifier ]label[: value]"
// ("M010 ppm: 1234.5", "100 pts: 24").
struct Figure {
  Text label = Text::kNone;
  std::string subject;              // a commodity, a standard
  std::optional<double> qualifier;  // the points of a points count
  int qualifier_decimals = 0;
  std::optional<double> value;  // none: the label says it all
  int decimals = 0;
};

struct SubScore {
  Text name = Text::kNone;
  std::string criterion;         // "QZ1" … "LZ"
  std::optional<double> score;   // none: not taken into account
  std::optional<double> weight;  // its normalised weight; none: not taken into account
  std::vector<Figure> figures;
};

struct TrendEntry {
  std::string period;
  std::int64_t run = 0;
  std::optional<double> total;  // none: not evaluated in that run
};

struct ClassBand {
  std::string name;
  double min_total = 0;
};

struct WorstDelivery {
  std::string delivery_id;
  core::Date due_date;
  core::Date receipt_date;
  std::int32_t working_days = 0;
  std::string due_qty;  // decimal text as recorded
  std::string received_qty;
  double percent = 0;
  double points = 0;  // LZ1's or LZ2's, by the list it is in
};

struct CountedComplaint {
  std::string complaint_id;
  core::Date date;
  bool justified = false;
  std::string defect_code;
  std::optional<double> counted_quantity;  // towards ppm; none: not in ppm
  std::optional<core::Date> adjustment_deadline;
};

// A table as text cells (the settlement's columns as CONTRACTS.md names them).
struct TextTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct LetterContent {
  Language language = Language::kEnglish;
  Letterhead letterhead;
  std::string supplier_id;
  std::string supplier_name;
  std::string period_label;
  core::Date period_first;
  core::Date period_last;
  core::Date letter_date;  // the run's publication day
  std::int64_t run = 0;
  std::string rules_sha256;
  bool evaluated = false;
  std::string not_evaluated_reason;
  std::optional<double> total;
  std::string grade_class;
  std::vector<SubScore> scores;    // QZ, QZ1…QZ4, LZ, LZ1, LZ2
  std::vector<TrendEntry> trend;   // oldest first
  std::vector<ClassBand> classes;  // highest first
  std::vector<WorstDelivery> worst_by_date;
  std::vector<WorstDelivery> worst_by_quantity;
  std::vector<CountedComplaint> complaints;
  int adjustment_months = 0;
  TextTable settlement;  // no rows: no section
};

// "letter-<supplier>-<period>-run<N>.pdf", with characters other than
// letters, digits, '-', '_' and '.' replaced by '_'.
[[nodiscard]] std::string LetterFileName(const LetterContent& content);

class LetterRenderer {
 public:
  // Loads the DejaVu Sans files from `font_dir`; kInternal when they are missing.
  [[nodiscard]] static core::Result<LetterRenderer> Create(std::string font_dir = "/usr/share/fonts/truetype/dejavu");
  LetterRenderer(LetterRenderer&&) noexcept;
  LetterRenderer& operator=(LetterRenderer&&) noexcept;
  ~LetterRenderer();

  // The letter as PDF bytes; kBadInput for a logo that is not a PNG,
  // kInternal when Cairo fails.
  [[nodiscard]] core::Result<std::string> Render(const LetterContent& content) const;

  struct Fonts;  // opaque: the font map, its Pango context and the styles

 private:
  explicit LetterRenderer(std::unique_ptr<Fonts> fonts);
  std::unique_ptr<Fonts> fonts_;
};

}  // namespace supeval::report
