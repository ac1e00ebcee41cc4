// The letter's wording per language, and numbers and dates as each language
// writes them (letter.hpp).
#include <array>
#include <cstdio>
#include <utility>

#include "supeval/core/figures.hpp"
#include "supeval/report/letter.hpp"

namespace supeval::report {
namespace {

struct Wording {
  Text text;
  std::string_view german;
  std::string_view english;
};

// One row per Text, in enum order (checked at compile time below).
constexpr std::array kWordings = {
    Wording{Text::kTitle, "Lieferantenbewertung {}", "Supplier evaluation {}"},
    Wording{Text::kSupplier, "Lieferant", "Supplier"},
    Wording{Text::kPeriod, "Zeitraum", "Period"},
    Wording{Text::kRun, "Lauf", "Run"},
    Wording{Text::kDate, "Datum", "Date"},
    Wording{Text::kSalutation, "Sehr geehrte Damen und Herren,", "Dear Sir or Madam,"},
    Wording{Text::kIntro,
            "nach unserer Qualitätssicherungsvereinbarung haben wir Ihre Lieferungen im Zeitraum {} bewertet. "
            "Das Ergebnis und die Zahlen, auf denen es beruht:",
            "under our quality agreement we have rated your deliveries of the period {}. "
            "The result and the figures it rests on:"},
    Wording{Text::kTotal, "Gesamtpunktzahl", "Total"},
    Wording{Text::kClass, "Klasse", "Class"},
    Wording{Text::kNotEvaluated, "Nicht bewertet", "Not evaluated"},
    Wording{Text::kScoresHeading, "Teilnoten und ihre Grundlagen", "Sub-scores and the figures behind them"},
    Wording{Text::kCriterion, "Kriterium", "Criterion"},
    Wording{Text::kPoints, "Punkte", "Points"},
    Wording{Text::kWeight, "Gewicht", "Weight"},
    Wording{Text::kBasis, "Grundlage", "Basis"},
    Wording{Text::kNameQz1, "Reklamationen je Serienlieferung", "Complaints per series delivery"},
    Wording{Text::kNameQz2, "ppm je Warengruppe", "ppm per commodity"},
    Wording{Text::kNameQz3, "Zertifizierung", "Certification"},
    Wording{Text::kNameQz4, "Musterreklamationen", "Sample complaints"},
    Wording{Text::kNameLz1, "Termintreue", "On-time delivery"},
    Wording{Text::kNameLz2, "Mengentreue", "Quantity accuracy"},
    Wording{Text::kNameQz, "Qualität", "Quality"},
    Wording{Text::kNameLz, "Logistik", "Delivery"},
    Wording{Text::kComplaints, "Reklamationen", "complaints"},
    Wording{Text::kSeriesDeliveries, "Serienlieferungen", "series deliveries"},
    Wording{Text::kSampleComplaints, "Musterreklamationen", "sample complaints"},
    Wording{Text::kSampleDeliveries, "Musterlieferungen", "sample deliveries"},
    Wording{Text::kDeliveries, "Lieferungen", "deliveries"},
    Wording{Text::kPpm, "ppm", "ppm"},
    Wording{Text::kDeliveriesAtPoints, "P.", "pts"},
    Wording{Text::kCertificateValid, "gültig am Stichtag", "valid on the reference date"},
    Wording{Text::kQualityHold, "Liefersperre (Qualität) am Stichtag", "quality hold on the reference date"},
    Wording{Text::kQz3Exempt, "von QZ3 befreit", "exempt from QZ3"},
    Wording{Text::kNotTakenIntoAccount, "nicht berücksichtigt", "not taken into account"},
    Wording{Text::kTrendHeading, "Verlauf der Gesamtpunktzahl", "Trend of the total"},
    Wording{Text::kWorstByDateHeading, "Lieferungen mit der größten Terminabweichung",
            "Deliveries furthest from their due date"},
    Wording{Text::kWorstByQuantityHeading, "Lieferungen mit der größten Mengenabweichung",
            "Deliveries furthest from their due quantity"},
    Wording{Text::kDelivery, "Lieferung", "Delivery"},
    Wording{Text::kDueDate, "Soll-Termin", "Due"},
    Wording{Text::kReceiptDate, "Eingang", "Received"},
    Wording{Text::kWorkingDays, "Arbeitstage", "Working days"},
    Wording{Text::kDueQuantity, "Soll-Menge", "Due quantity"},
    Wording{Text::kReceivedQuantity, "Ist-Menge", "Received quantity"},
    Wording{Text::kDeviation, "Abweichung %", "Deviation %"},
    Wording{Text::kComplaintsHeading, "Reklamationen im Zeitraum", "Complaints of the period"},
    Wording{Text::kComplaint, "Reklamation", "Complaint"},
    Wording{Text::kJustified, "Berechtigt", "Justified"},
    Wording{Text::kDefectCode, "Fehlerschlüssel", "Defect code"},
    Wording{Text::kCountedQuantity, "Menge in ppm", "Quantity in ppm"},
    Wording{Text::kAdjustmentDeadline, "Frist Anpassung", "Adjustment deadline"},
    Wording{Text::kYes, "ja", "yes"},
    Wording{Text::kNo, "nein", "no"},
    Wording{Text::kNone, "–", "–"},
    Wording{Text::kAdjustmentHeading, "Anpassung der ppm", "Adjusting the ppm"},
    Wording{Text::kAdjustmentRule,
            "Haben Sie zurückgesandte Ware geprüft, bestätigen Sie uns die tatsächlich fehlerhafte Menge "
            "spätestens {} Kalendermonate nach dem Rücksendedatum (Frist je Reklamation oben); sie ersetzt dann "
            "die beanstandete Menge. Später oder ohne Rücksendedatum zählt die volle beanstandete Menge.",
            "Where goods came back to you, confirm the quantity you found actually defective no later than {} "
            "calendar months after the return date (each complaint's deadline above); it then replaces the "
            "rejected quantity. Later, or without a return date, the full rejected quantity counts."},
    Wording{Text::kSettlementHeading, "Vertragsabrechnung des Zeitraums", "Contract settlement of the period"},
    Wording{Text::kClosing, "Mit freundlichen Grüßen", "Kind regards"},
    Wording{Text::kFooterRun, "Lauf {}", "Run {}"},
    Wording{Text::kFooterRules, "Regelwerk sha256 {}", "rule set sha256 {}"},
    Wording{Text::kFooterPage, "Seite {} von {}", "page {} of {}"},
};

constexpr bool InEnumOrder() {
  for (std::size_t i = 0; i < kWordings.size(); ++i) {
    if (static_cast<std::size_t>(kWordings[i].text) != i) return false;
  }
  return kWordings.size() == static_cast<std::size_t>(Text::kCount);
}
static_assert(InEnumOrder(), "kWordings has one row per Text, in enum order");

struct LanguageForm {
  Language language;
  std::string_view code;
  char decimal_mark;
  std::array<int, 3> date_order;  // indices into {year, month, day}
  char date_separator;
};

constexpr std::array kLanguageForms = {
    LanguageForm{Language::kGerman, "de", ',', {2, 1, 0}, '.'},
    LanguageForm{Language::kEnglish, "en", '.', {0, 1, 2}, '-'},
};

const LanguageForm& FormOf(Language language) { return kLanguageForms.at(static_cast<std::size_t>(language)); }

}  // namespace

std::optional<Language> ParseLanguage(std::string_view code) {
  for (const LanguageForm& form : kLanguageForms) {
    if (form.code == code) return form.language;
  }
  return std::nullopt;
}

std::string_view LanguageCode(Language language) { return FormOf(language).code; }

std::string_view TextOf(Text text, Language language) {
  const Wording& wording = kWordings.at(static_cast<std::size_t>(text));
  return language == Language::kGerman ? wording.german : wording.english;
}

std::string FormatNumber(double value, int decimals, Language language) {
  char buffer[64];
  const double rounded = core::RoundHalfAwayFromZero(value, decimals);
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, rounded == 0 ? 0.0 : rounded);
  std::string text = buffer;
  for (char& c : text) {
    if (c == '.') c = FormOf(language).decimal_mark;
  }
  return text;
}

std::string FormatDate(core::Date date, Language language) {
  const core::CivilDate civil = date.ToCivil();
  const std::array<int, 3> parts = {civil.year, civil.month, civil.day};
  constexpr std::array<int, 3> kWidths = {4, 2, 2};
  const LanguageForm& form = FormOf(language);
  std::string text;
  for (const int part : form.date_order) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%0*d", kWidths.at(static_cast<std::size_t>(part)),
                  parts.at(static_cast<std::size_t>(part)));
    if (!text.empty()) text += form.date_separator;
    text += buffer;
  }
  return text;
}

}  // namespace supeval::report
