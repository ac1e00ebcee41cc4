// What a ranking page costs (bench/RESULTS.md): the first page of a run's
// ranking with an empty cache (the run's table read and ranked), the same
// and other pages from the cache, a plant filter (the period's deliveries
// read once more as the run saw them), one scorecard, the periods and the
// suppliers.
//   build/bench/bench/supeval_ranking_page DB_URL PERIOD [REPEATS]
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "supeval/service/results.hpp"
#include "supeval/service/results_json.hpp"

namespace {

using supeval::service::Caller;
using supeval::service::RankingQuery;
using supeval::service::ResultsCache;

// Runs `step` `repeats` times; prints the fastest and the slowest, in ms.
void Time(const char* what, int repeats, const std::function<bool()>& step) {
  double fastest = 1e300;
  double slowest = 0;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    if (!step()) {
      std::fprintf(stderr, "%s failed\n", what);
      return;
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    fastest = std::min(fastest, ms);
    slowest = std::max(slowest, ms);
  }
  std::printf("%-44s %9.2f ms  (slowest %.2f, %d runs)\n", what, fastest, slowest, repeats);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB_URL PERIOD [REPEATS]\n", argv[0]);
    return 2;
  }
  const int repeats = argc > 3 ? std::stoi(argv[3]) : 20;
  auto db = supeval::store::OpenStore(argv[1], {.read_only = true});
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.error().ToString().c_str());
    return 1;
  }
  const Caller staff{"bench", "Bench", supeval::service::Role::kQuality, std::nullopt, std::nullopt, false};
  RankingQuery query;
  query.run.period = argv[2];
  const auto page = [&](ResultsCache& cache, const RankingQuery& q) {
    auto answer = supeval::service::Ranking(**db, cache, staff, q);
    if (!answer.ok()) std::fprintf(stderr, "%s\n", answer.error().ToString().c_str());
    return answer.ok() && !supeval::service::RankingJson(*answer).dump().empty();
  };
  Time("first page, empty cache (cold)", repeats, [&] {
    ResultsCache cold;
    return page(cold, query);
  });
  ResultsCache cache;
  (void)page(cache, query);
  Time("first page, cached", repeats, [&] { return page(cache, query); });
  RankingQuery sorted = query;
  sorted.sort = "-change,name";
  sorted.offset = "5000";
  sorted.limit = "100";
  Time("sort=-change,name offset 5000, cached", repeats, [&] { return page(cache, sorted); });
  RankingQuery text = query;
  text.q = "s001";
  Time("q=s001, cached", repeats, [&] { return page(cache, text); });
  RankingQuery plant = query;
  auto table = cache.Ranked(**db, *supeval::service::ChooseRun(**db, query.run));
  auto reach = cache.Reach(**db, (*table)->run);
  if (!reach.ok() || (*reach)->plants.empty()) return 1;
  plant.plant = (*reach)->plants.front();
  Time("plant filter, reach not cached", std::max(1, repeats / 5), [&] {
    ResultsCache cold;
    return page(cold, plant);
  });
  Time("plant filter, cached", repeats, [&] { return page(cache, plant); });
  const std::string supplier = (*table)->rows.front().result.supplier_id;
  Time("scorecard (explains from history)", std::max(1, repeats / 10), [&] {
    auto card = supeval::service::ShowScorecard(**db, cache, staff, supplier, query.run);
    return card.ok() && !supeval::service::ScorecardJson(*card).dump().empty();
  });
  Time("periods", repeats, [&] {
    auto periods = supeval::service::ListPeriods(**db, cache, staff, std::nullopt, std::nullopt);
    return periods.ok() && !supeval::service::PeriodsJson(*periods).dump().empty();
  });
  Time("suppliers, first page", std::max(1, repeats / 5), [&] {
    auto suppliers = supeval::service::ListSuppliers(**db, staff, {});
    return suppliers.ok() && !supeval::service::SuppliersJson(*suppliers).dump().empty();
  });
  return 0;
}
