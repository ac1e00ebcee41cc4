// The renderer alone (bench/RESULTS.md, issue 24 §2): COUNT letters of the
// size a demo supplier's letter has (8 sub-scores, 50 points counts, a trend
// of 8 runs, 10 + 10 worst deliveries, 15 complaints, 3 pages), rendered to
// PDF on THREADS threads, a LetterRenderer each. Links report and core only,
// so it builds without the store.
//   build/bench/bench/supeval_letter_render_bench [COUNT] [THREADS] [de|en]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "supeval/report/letter.hpp"

namespace {

using supeval::core::Date;
using supeval::report::Figure;
using supeval::report::LetterContent;
using supeval::report::Text;

Figure Count(Text label, double value) { return Figure{label, "", {}, 0, value, 0}; }

std::vector<Figure> PointsCounts(int counts) {
  std::vector<Figure> figures = {Count(Text::kDeliveries, 300)};
  for (int i = 0; i < counts; ++i) figures.push_back(Figure{Text::kDeliveriesAtPoints, "", 100.0 - i * 3, 0, 5 + i, 0});
  return figures;
}

LetterContent DemoSized(supeval::report::Language language) {
  LetterContent c;
  c.language = language;
  c.letterhead.name = "Musterwerke AG";
  c.letterhead.address = {"Einkauf / Lieferantenqualität", "Werkstraße 1", "12345 Musterstadt"};
  c.letterhead.signatory = "Dr. Erika Mustermann";
  c.letterhead.signatory_title = "Leiterin Lieferantenqualität";
  c.supplier_id = "S00003";
  c.supplier_name = "Zhang Drive Systems K.K.";
  c.period_label = "2026-H1";
  c.period_first = *Date::Parse("2026-01-01");
  c.period_last = *Date::Parse("2026-06-30");
  c.letter_date = *Date::Parse("2026-07-03");
  c.run = 12;
  c.rules_sha256 = "dfc878e4736801dad407423cbd9bff51c3766521d23cdc660ef4629636c2cf85";
  c.evaluated = true;
  c.total = 90.6;
  c.grade_class = "A";
  c.scores = {
      {Text::kNameQz, "QZ", 90.1, 0.65, {}},
      {Text::kNameQz1, "QZ1", 100, 0.5, {Count(Text::kComplaints, 0), Count(Text::kSeriesDeliveries, 290)}},
      {Text::kNameQz2,
       "QZ2",
       100,
       0.3,
       {Figure{Text::kPpm, "", {}, 0, 0.0, 1}, Figure{Text::kPpm, "M350", {}, 0, 0.0, 1}}},
      {Text::kNameQz3, "QZ3", 1, 0.1, {Figure{Text::kCertificateValid, "ISO14001", {}, 0, {}, 0}}},
      {Text::kNameQz4, "QZ4", 100, 0.1, {Count(Text::kSampleComplaints, 0), Count(Text::kSampleDeliveries, 10)}},
      {Text::kNameLz, "LZ", 91.6, 0.35, {}},
      {Text::kNameLz1, "LZ1", 87.1, 0.5, PointsCounts(20)},
      {Text::kNameLz2, "LZ2", 96.1, 0.5, PointsCounts(30)},
  };
  for (int i = 0; i < 8; ++i)
    c.trend.push_back({"202" + std::to_string(2 + i / 2) + (i % 2 ? "-H2" : "-H1"), 5 + i, 70.0 + i * 2.5});
  c.classes = {{"A", 90}, {"B", 80}, {"C", 0}};
  for (int i = 0; i < 10; ++i) {
    c.worst_by_date.push_back({"D00000" + std::to_string(2000 + i), c.period_first + i, c.period_first + 20 + i, 14 - i,
                               "100", "100", 0, 1.0 + i});
    c.worst_by_quantity.push_back({"D00000" + std::to_string(3000 + i), c.period_first + i, c.period_first + i, 0,
                                   "120", std::to_string(80 + i), -33.3 + i, 17.0 + i});
  }
  for (int i = 0; i < 15; ++i) {
    c.complaints.push_back({"Q" + std::to_string(100 + i), c.period_first + 7 * i, i % 3 != 0, "110",
                            i % 2 ? std::optional<double>(12.5 * i) : std::nullopt, c.period_first + 60 + 7 * i});
  }
  c.adjustment_months = 2;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : static_cast<int>(std::thread::hardware_concurrency());
  const auto language = supeval::report::ParseLanguage(argc > 3 ? argv[3] : "de");
  if (count < 1 || threads < 1 || !language) return 2;
  const LetterContent content = DemoSized(*language);
  std::atomic<int> next{0};
  std::atomic<long long> bytes{0};
  std::atomic<int> failed{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      auto renderer = supeval::report::LetterRenderer::Create();
      if (!renderer.ok()) {
        ++failed;
        return;
      }
      for (int i; (i = next++) < count;) {
        auto pdf = renderer->Render(content);
        if (!pdf.ok()) ++failed;
        else bytes += static_cast<long long>(pdf->size());
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rendered %d letters on %d threads in %.2f s (%.2f ms a letter, %.1f letters/s), %.1f MB, %d failed\n",
              count, threads, seconds, seconds * 1000 / count, count / seconds, static_cast<double>(bytes.load()) / 1e6,
              failed.load());
  return failed.load() == 0 ? 0 : 1;
}
