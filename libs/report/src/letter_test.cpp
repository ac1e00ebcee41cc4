// The letter renderer: numbers and dates per language, the texts it writes
// (read back with poppler's pdftotext), pagination and its footer, the logo.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "supeval/report/letter.hpp"

namespace supeval::report {
namespace {

namespace fs = std::filesystem;

LetterContent Sample(Language language) {
  LetterContent c;
  c.language = language;
  c.letterhead.name = "Musterwerke AG";
  c.letterhead.address = {"Werkstraße 1", "12345 Musterstadt"};
  c.letterhead.signatory = "Erika Mustermann";
  c.supplier_id = "S0042";
  c.supplier_name = "Acme Parts GmbH";
  c.period_label = "2026-H1";
  c.period_first = *core::Date::Parse("2026-01-01");
  c.period_last = *core::Date::Parse("2026-06-30");
  c.letter_date = *core::Date::Parse("2026-07-03");
  c.run = 7;
  c.rules_sha256 = std::string(64, 'a');
  c.evaluated = true;
  c.total = 87.49;
  c.grade_class = "B";
  c.scores.push_back({Text::kNameQz1, "QZ1", 92.25, 0.4, {{Text::kComplaints, "", {}, 0, 3.0, 0}}});
  c.scores.push_back({Text::kNameQz2, "QZ2", 80.0, 0.3, {{Text::kPpm, "M010", {}, 0, 1234.56, 1}}});
  c.trend = {{"2025-H1", 3, 70.0}, {"2025-H2", 5, std::nullopt}, {"2026-H1", 7, 87.49}};
  c.classes = {{"A", 90}, {"B", 80}, {"C", 0}};
  c.worst_by_date = {{"D1", c.period_first, c.period_first + 9, 7, "10", "10", 0, 20}};
  c.complaints = {{"C9", c.period_first + 3, true, "110", 12.5, c.period_first + 60}};
  c.adjustment_months = 2;
  return c;
}

std::string Render(const LetterContent& content) {
  auto renderer = LetterRenderer::Create();
  EXPECT_TRUE(renderer.ok()) << (renderer.ok() ? "" : renderer.error().message);
  auto pdf = renderer->Render(content);
  EXPECT_TRUE(pdf.ok()) << (pdf.ok() ? "" : pdf.error().message);
  return pdf.ok() ? *pdf : std::string();
}

// The text pdftotext extracts from `pdf`.
std::string TextOf(const std::string& pdf) {
  const fs::path file = fs::temp_directory_path() / ("letter_test_" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(file, std::ios::binary) << pdf;
  std::string text;
  if (std::FILE* pipe = ::popen(("pdftotext -layout '" + file.string() + "' -").c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
    ::pclose(pipe);
  }
  fs::remove(file);
  return text;
}

// The N of the footer's "<page> 1 <of> N"; 0 when there is none.
int PageCount(const std::string& text, const std::string& page, const std::string& of) {
  const std::string first = page + " 1 " + of + " ";
  const auto at = text.find(first);
  return at == std::string::npos ? 0 : std::atoi(text.c_str() + at + first.size());
}

TEST(LetterNumbers, EachLanguageWritesItsDecimalMark) {
  EXPECT_EQ(FormatNumber(87.45, 1, Language::kEnglish), "87.5");
  EXPECT_EQ(FormatNumber(87.45, 1, Language::kGerman), "87,5");
  EXPECT_EQ(FormatNumber(-0.04, 1, Language::kGerman), "0,0");
  EXPECT_EQ(FormatDate(*core::Date::Parse("2026-06-30"), Language::kGerman), "30.06.2026");
  EXPECT_EQ(FormatDate(*core::Date::Parse("2026-06-30"), Language::kEnglish), "2026-06-30");
}

TEST(LetterLanguage, ParsesOnlyItsCodes) {
  EXPECT_EQ(ParseLanguage("de"), Language::kGerman);
  EXPECT_EQ(ParseLanguage("en"), Language::kEnglish);
  EXPECT_FALSE(ParseLanguage("fr"));
  EXPECT_EQ(LanguageCode(Language::kGerman), "de");
}

TEST(LetterRender, EnglishLetterCarriesItsFiguresAndFooter) {
  const std::string pdf = Render(Sample(Language::kEnglish));
  ASSERT_EQ(pdf.substr(0, 5), "%PDF-");
  const std::string text = TextOf(pdf);
  for (const char* expected : {"Musterwerke AG", "S0042", "Total: 87.5", "Class: B", "92.3", "M010 ppm: 1234.6",
                               "complaints: 3", "Run 7", "2026-01-10", "12.500", "no later than 2"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  const int pages = PageCount(text, "page", "of");
  ASSERT_GE(pages, 1) << text;
  EXPECT_NE(text.find("page " + std::to_string(pages) + " of " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(text.find(std::string(64, 'a')), std::string::npos) << "the rule set's hash in the footer";
}

TEST(LetterRender, GermanLetterWritesGermanNumbersAndDates) {
  const std::string text = TextOf(Render(Sample(Language::kGerman)));
  for (const char* expected :
       {"Gesamtpunktzahl: 87,5", "Klasse: B", "92,3", "M010 ppm: 1234,6", "Seite 1 von", "10.01.2026", "12,500"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
}

TEST(LetterRender, LongLettersBreakIntoPagesEachWithItsFooter) {
  LetterContent content = Sample(Language::kEnglish);
  for (int i = 0; i < 120; ++i)
    content.complaints.push_back({"C" + std::to_string(100 + i), content.period_first, false, "X", {}, {}});
  const std::string text = TextOf(Render(content));
  const int pages = PageCount(text, "page", "of");
  ASSERT_GE(pages, 3) << text;
  for (int page = 1; page <= pages; ++page) {
    const std::string footer = "Run 7 · rule set sha256 " + std::string(64, 'a') + " · page " + std::to_string(page) +
                               " of " + std::to_string(pages);
    EXPECT_NE(text.find(footer), std::string::npos) << footer;
  }
  EXPECT_NE(text.find("C219"), std::string::npos);
}

TEST(LetterRender, ALogoThatIsNoPngIsRefused) {
  LetterContent content = Sample(Language::kEnglish);
  content.letterhead.logo_png = "GIF89a";
  auto renderer = LetterRenderer::Create();
  ASSERT_TRUE(renderer.ok());
  const auto pdf = renderer->Render(content);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, core::ErrorCode::kBadInput);
}

TEST(LetterRender, MissingFontsAreAClearError) {
  const auto renderer = LetterRenderer::Create("/nonexistent");
  ASSERT_FALSE(renderer.ok());
  EXPECT_NE(renderer.error().message.find("fonts-dejavu-core"), std::string::npos);
}

TEST(LetterFileName, NamesSupplierPeriodAndRun) {
  LetterContent content = Sample(Language::kEnglish);
  content.supplier_id = "S/1 x";
  EXPECT_EQ(LetterFileName(content), "letter-S_1_x-2026-H1-run7.pdf");
}

}  // namespace
}  // namespace supeval::report
