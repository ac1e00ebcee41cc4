// What the scorecard letters cost (bench/RESULTS.md, issue 24 §2: 10,000
// letters in under a minute): the contents of every supplier of a published
// run gathered once (service::GatherLetter, as `report letter --all`), then
// COUNT letters rendered to PDF from them in turn, on THREADS threads (a
// LetterRenderer each), the bytes counted and dropped.
//   build/bench/bench/supeval_letter_bench DB_URL RUN [COUNT] [THREADS] [de|en]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "supeval/report/letter.hpp"
#include "supeval/service/letters.hpp"
#include "supeval/store/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::vector<supeval::report::LetterContent> Gather(const std::string& db_url, const std::string& run,
                                                   supeval::report::Language language) {
  auto db = supeval::store::OpenStore(db_url, {.read_only = true});
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.error().ToString().c_str());
    std::exit(2);
  }
  supeval::service::ResultsCache cache;
  supeval::service::Caller caller;  // the CLI's: an administrator
  supeval::service::LetterRequest request;
  request.run.run = run;
  request.language = language;
  auto suppliers = supeval::service::LetterSuppliers(**db, cache, caller, request.run);
  if (!suppliers.ok()) {
    std::fprintf(stderr, "%s\n", suppliers.error().ToString().c_str());
    std::exit(2);
  }
  std::vector<supeval::report::LetterContent> contents;
  for (const std::string& id : *suppliers) {
    auto content = supeval::service::GatherLetter(**db, cache, caller, id, request, nullptr);
    if (!content.ok()) {
      std::fprintf(stderr, "%s: %s\n", id.c_str(), content.error().ToString().c_str());
      std::exit(2);
    }
    contents.push_back(std::move(*content));
  }
  return contents;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB_URL RUN [COUNT] [THREADS] [de|en]\n", argv[0]);
    return 2;
  }
  const int count = argc > 3 ? std::atoi(argv[3]) : 10000;
  const int threads = argc > 4 ? std::atoi(argv[4]) : static_cast<int>(std::thread::hardware_concurrency());
  const auto language = supeval::report::ParseLanguage(argc > 5 ? argv[5] : "de");
  if (count < 1 || threads < 1 || !language) return 2;

  const auto gather_start = Clock::now();
  const auto contents = Gather(argv[1], argv[2], *language);
  const double gather_seconds = SecondsSince(gather_start);
  if (contents.empty()) return 2;

  std::atomic<int> next{0};
  std::atomic<long long> bytes{0};
  std::atomic<int> pages_failed{0};
  const auto render_start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      auto renderer = supeval::report::LetterRenderer::Create();
      if (!renderer.ok()) {
        ++pages_failed;
        return;
      }
      for (int i; (i = next++) < count;) {
        auto pdf = renderer->Render(contents[static_cast<std::size_t>(i) % contents.size()]);
        if (!pdf.ok()) ++pages_failed;
        else bytes += static_cast<long long>(pdf->size());
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double render_seconds = SecondsSince(render_start);
  std::printf("gathered %zu letters' contents in %.2f s\n", contents.size(), gather_seconds);
  std::printf("rendered %d letters on %d threads in %.2f s (%.2f ms a letter, %.1f letters/s), %.1f MB, %d failed\n",
              count, threads, render_seconds, render_seconds * 1000 / count, count / render_seconds,
              static_cast<double>(bytes.load()) / 1e6, pages_failed.load());
  return pages_failed.load() == 0 ? 0 : 1;
}
