// `supeval report letter` through the real binary (issue 24 §2): the text
// pdftotext extracts from a letter carries the figures `explain --as-of RUN`
// gives for the same run and supplier, in English and German, and the
// footer with the run and the rule set's hash on every page; page 1 renders
// (pdftoppm) to a PNG kept as an artefact, which is not blank; bad input
// exits 2 with a message naming what is wrong.
#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "supeval/core/figures.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSupplier = "S00003";

// A generated data set over a year, imported, with runs 1 (2025-H2) and 2 (2026-H1) published.
class LetterCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(MakeTempDir());
    const std::string data = (*root_ / "data").string();
    ASSERT_EQ(RunSupeval({"generate", "--out", data, "--suppliers", "12", "--deliveries", "2500", "--from",
                          "2025-07-01", "--to", "2026-06-30"})
                  .exit_status,
              0);
    ASSERT_EQ(RunSupeval({"import", "--data", data, "--db", Db()}).exit_status, 0);
    for (const char* period : {"2025-H2", "2026-H1"}) {
      const ProcessResult published = RunSupeval({"evaluate", "--db", Db(), "--period", period, "--publish"});
      ASSERT_EQ(published.exit_status, 0) << published.err;
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(*root_);
    delete root_;
  }

  static std::string Db() { return "sqlite:" + (*root_ / "letters.db").string(); }

  // The letter's file, written by `report letter` in `language`.
  static fs::path WriteLetter(const std::string& language) {
    const fs::path out = *root_ / ("out-" + language);
    const ProcessResult made = RunSupeval({"report", "letter", "--db", Db(), "--run", "2", "--supplier", kSupplier,
                                           "--out", out.string(), "--language", language});
    EXPECT_EQ(made.exit_status, 0) << made.err;
    return out / (std::string("letter-") + kSupplier + "-2026-H1-run2.pdf");
  }

  static std::string PdfText(const fs::path& pdf) { return Shell("pdftotext -layout '" + pdf.string() + "' -"); }

  static json Explained() {
    const ProcessResult explained =
        RunSupeval({"explain", "--db", Db(), "--as-of", "2", "--supplier", kSupplier, "--format", "json"});
    EXPECT_EQ(explained.exit_status, 0) << explained.err;
    return json::parse(explained.out);
  }

  static std::string RulesHash() {
    for (const json& run : json::parse(RunSupeval({"runs", "list", "--db", Db(), "--format", "json"}).out)) {
      if (run["run"] == 2) return run["rules_sha256"];
    }
    return "";
  }

  // A score as the letter writes it: one decimal, the language's mark.
  static std::string Score(double value, char mark) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", core::RoundHalfAwayFromZero(value, 1));
    std::string out = text;
    for (char& c : out) {
      if (c == '.') c = mark;
    }
    return out;
  }

  // Expects each of `texts` in `text`.
  static void ExpectAll(const std::string& text, const std::vector<std::string>& texts) {
    for (const std::string& expected : texts) {
      EXPECT_NE(text.find(expected), std::string::npos) << "missing '" << expected << "' in\n" << text;
    }
  }

  static void ExpectFigures(const std::string& language, const std::string& total, const std::string& grade,
                            const std::string& complaints, const std::string& series, const std::string& page,
                            const std::string& run_word, const std::string& rules_word, char mark) {
    const std::string text = PdfText(WriteLetter(language));
    const json e = Explained();
    ASSERT_EQ(e["status"], "evaluated");
    const json& scores = e["scores"];
    ExpectAll(text,
              {kSupplier, total + ": " + Score(scores["total"], mark), grade + ": " + e["class"].get<std::string>(),
               complaints + ": " + std::to_string(e["qz1"]["complaints"].get<int>()),
               series + ": " + std::to_string(e["qz1"]["series_deliveries"].get<int>())});
    for (const char* criterion : {"qz", "qz1", "qz2", "qz3", "qz4", "lz", "lz1", "lz2"}) {
      if (!scores[criterion].is_null()) ExpectAll(text, {Score(scores[criterion], mark)});
    }
    if (!scores["ppm"].is_null()) ExpectAll(text, {"ppm: " + Score(scores["ppm"], mark)});
    // The footer on every page: "<Run> 2 · <rule set> sha256 <hash> · <page> X <of> N".
    const std::string footer = run_word + " 2 · " + rules_word + " sha256 " + RulesHash() + " · " + page + " ";
    std::size_t pages = 0;
    for (std::size_t at = text.find(footer); at != std::string::npos; at = text.find(footer, at + 1)) ++pages;
    EXPECT_GE(pages, 1U) << footer << "\n" << text;
    ExpectAll(text, {footer + "1 ", footer + std::to_string(pages) + " "});
  }

  static fs::path* root_;
};

fs::path* LetterCliTest::root_ = nullptr;

TEST_F(LetterCliTest, EnglishLetterCarriesTheFiguresExplainGives) {
  ExpectFigures("en", "Total", "Class", "complaints", "series deliveries", "page", "Run", "rule set", '.');
}

TEST_F(LetterCliTest, GermanLetterCarriesTheSameFiguresWithGermanNumbers) {
  ExpectFigures("de", "Gesamtpunktzahl", "Klasse", "Reklamationen", "Serienlieferungen", "Seite", "Lauf", "Regelwerk",
                ',');
}

// The screenshot: page 1 at 60 dpi, kept beside the test binary for a person to look at.
TEST_F(LetterCliTest, FirstPageRendersToAPictureThatIsNotBlank) {
  const fs::path pdf = WriteLetter("en");
  const fs::path stem = fs::current_path() / "letter-page1";
  ASSERT_EQ(
      std::system(("pdftoppm -png -r 60 -f 1 -l 1 -singlefile '" + pdf.string() + "' '" + stem.string() + "'").c_str()),
      0);
  const std::string png = stem.string() + ".png";
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> image(
      cairo_image_surface_create_from_png(png.c_str()), &cairo_surface_destroy);
  ASSERT_EQ(cairo_surface_status(image.get()), CAIRO_STATUS_SUCCESS) << png;
  cairo_surface_flush(image.get());
  const int width = cairo_image_surface_get_width(image.get());
  const int height = cairo_image_surface_get_height(image.get());
  EXPECT_NEAR(width, 496, 1);  // A4 at 60 dpi: 8.27 in
  const int stride = cairo_image_surface_get_stride(image.get());
  const unsigned char* pixels = cairo_image_surface_get_data(image.get());
  std::int64_t dark = 0;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint32_t pixel = 0;
      std::memcpy(&pixel, pixels + static_cast<std::ptrdiff_t>(y) * stride + x * 4, sizeof pixel);
      const auto green = (pixel >> 8) & 0xff;  // grey text and lines: any channel tells
      if (green < 128) ++dark;
    }
  }
  // Text, table rules and the chart: well over 1 % of the page inked.
  EXPECT_GT(dark, static_cast<std::int64_t>(width) * height / 100) << png;
}

TEST_F(LetterCliTest, UnknownSupplierOrRunAndMissingChoiceExitTwo) {
  const std::string out = (*root_ / "bad").string();
  const ProcessResult unknown_supplier =
      RunSupeval({"report", "letter", "--db", Db(), "--run", "2", "--supplier", "NOPE", "--out", out});
  EXPECT_EQ(unknown_supplier.exit_status, 2) << unknown_supplier.err;
  const ProcessResult unknown_run =
      RunSupeval({"report", "letter", "--db", Db(), "--run", "99", "--supplier", kSupplier, "--out", out});
  EXPECT_EQ(unknown_run.exit_status, 2) << unknown_run.err;
  const ProcessResult neither = RunSupeval({"report", "letter", "--db", Db(), "--run", "2", "--out", out});
  EXPECT_EQ(neither.exit_status, 2);
  EXPECT_NE(neither.err.find("--all"), std::string::npos) << neither.err;
}

TEST_F(LetterCliTest, AllWritesOneLetterPerSupplierOfTheRun) {
  const fs::path out = *root_ / "all";
  const ProcessResult made =
      RunSupeval({"report", "letter", "--db", Db(), "--run", "1", "--all", "--out", out.string()});
  ASSERT_EQ(made.exit_status, 0) << made.err;
  EXPECT_NE(made.out.find("wrote 12 letters of run 1"), std::string::npos) << made.out;
  EXPECT_TRUE(fs::exists(out / "letter-S00012-2025-H2-run1.pdf"));
}

TEST_F(LetterCliTest, LetterheadFileNamesTheCustomerAndABadKeyIsRefusedWithItsLine) {
  const fs::path head = *root_ / "letterhead.toml";
  std::ofstream(head) << "name = \"Musterwerke AG\"\naddress = [\"Werkstraße 1\", \"12345 Musterstadt\"]\n"
                         "signatory = \"Erika Mustermann\"\n";
  const fs::path out = *root_ / "head";
  const ProcessResult made = RunSupeval({"report", "letter", "--db", Db(), "--run", "2", "--supplier", kSupplier,
                                         "--out", out.string(), "--letterhead", head.string()});
  ASSERT_EQ(made.exit_status, 0) << made.err;
  ExpectAll(PdfText(out / (std::string("letter-") + kSupplier + "-2026-H1-run2.pdf")),
            {"Musterwerke AG", "12345 Musterstadt", "Erika Mustermann"});

  std::ofstream(head) << "name = \"Musterwerke AG\"\nsignature = \"x\"\n";
  const ProcessResult refused = RunSupeval({"report", "letter", "--db", Db(), "--run", "2", "--supplier", kSupplier,
                                            "--out", out.string(), "--letterhead", head.string()});
  EXPECT_EQ(refused.exit_status, 2);
  EXPECT_NE(refused.err.find("letterhead.toml:2"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("signature"), std::string::npos) << refused.err;

  std::ofstream(*root_ / "logo.png") << "GIF89a not a png";
  std::ofstream(head) << "name = \"Musterwerke AG\"\nlogo = \"logo.png\"\n";
  const ProcessResult not_png = RunSupeval({"report", "letter", "--db", Db(), "--run", "2", "--supplier", kSupplier,
                                            "--out", out.string(), "--letterhead", head.string()});
  EXPECT_EQ(not_png.exit_status, 2);
  EXPECT_NE(not_png.err.find("letterhead.toml:2"), std::string::npos) << not_png.err;
  EXPECT_NE(not_png.err.find("not a PNG"), std::string::npos) << not_png.err;
}

TEST_F(LetterCliTest, ContractSettlementLinesOfThePeriodAreInTheLetter) {
  const ProcessResult settled =
      RunSupeval({"contracts", "settle", "--db", Db(), "--period", "2026-H1", "--publish", "--format", "csv"});
  ASSERT_EQ(settled.exit_status, 0) << settled.err;
  // The first line of the settlement: its contract and supplier (columns 1 and 2).
  std::istringstream lines(settled.out);
  std::string header;
  std::string first;
  ASSERT_TRUE(std::getline(lines, header) && std::getline(lines, first)) << settled.out;
  const std::string contract = first.substr(0, first.find(','));
  const std::string rest = first.substr(contract.size() + 1);
  const std::string supplier = rest.substr(0, rest.find(','));
  const fs::path out = *root_ / "settled";
  const ProcessResult made =
      RunSupeval({"report", "letter", "--db", Db(), "--run", "2", "--supplier", supplier, "--out", out.string()});
  ASSERT_EQ(made.exit_status, 0) << made.err;
  ExpectAll(PdfText(out / ("letter-" + supplier + "-2026-H1-run2.pdf")),
            {"Contract settlement of the period", contract});
}

}  // namespace
}  // namespace supeval::testing
