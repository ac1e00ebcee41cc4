// Micro-benchmarks of the hot parts of `supeval evaluate`, through public
// headers only: CSV field scanning (CsvReader::Next), date and decimal parsing,
// working-day counting in a factory calendar, DeliveryAccumulator::Add, and
// DatasetReader streaming a generated folder. Inputs are synthetic and
// deterministic (a fixed-seed SplitMix64), so runs compare across commits.
// bench/run.sh runs them and copies the table into bench/RESULTS.md.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "supeval/core/calendar.hpp"
#include "supeval/core/date.hpp"
#include "supeval/core/decimal.hpp"
#include "supeval/core/evaluator.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/csv_reader.hpp"
#include "supeval/io/dataset_reader.hpp"
#include "supeval/service/generate.hpp"

namespace {

using supeval::core::Date;
using supeval::core::Decimal;
using supeval::core::Index;

// Deterministic pseudo-random numbers (SplitMix64).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound).
  std::int64_t Below(std::int64_t bound) {
    return static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(bound));
  }

 private:
  std::uint64_t state_;
};

const Date kPeriodFirst = Date::FromCivil(2026, 1, 1);
const Date kPeriodLast = Date::FromCivil(2026, 6, 30);
constexpr std::int32_t kPeriodDays = 181;

// A quantity as the generator writes them: mostly whole numbers, some with
// up to three decimals.
std::string Quantity(Random& random) {
  const std::int64_t whole = 1 + random.Below(5000);
  if (random.Below(4) != 0) return std::to_string(whole);
  std::string fraction = std::to_string(random.Below(1000));
  fraction.insert(0, 3 - fraction.size(), '0');
  return std::to_string(whole) + "." + fraction;
}

// deliveries.csv text: `rows` rows shaped like `supeval generate` output.
std::string DeliveriesCsv(std::size_t rows) {
  Random random(42);
  std::string text = "delivery_id,supplier_id,plant_id,material_id,due_date,due_qty,receipt_date,received_qty,type\n";
  std::array<char, 32> id{};
  for (std::size_t i = 0; i < rows; ++i) {
    const Date due = kPeriodFirst + static_cast<std::int32_t>(random.Below(kPeriodDays));
    const Date receipt = due + static_cast<std::int32_t>(random.Below(9) - 3);
    std::snprintf(id.data(), id.size(), "D%09zu", i + 1);
    text += id.data();
    std::snprintf(id.data(), id.size(), ",S%05d", static_cast<int>(random.Below(20000)) + 1);
    text += id.data();
    std::snprintf(id.data(), id.size(), ",P%02d,", static_cast<int>(random.Below(4)) + 1);
    text += id.data();
    std::snprintf(id.data(), id.size(), "M%06d,", static_cast<int>(random.Below(70000)) + 1);
    text += id.data();
    text += due.ToString() + "," + Quantity(random) + "," + receipt.ToString() + "," + Quantity(random) + ",";
    text += random.Below(50) == 0 ? "sample\n" : "series\n";
  }
  return text;
}

// suppliers.csv-like text: quoted fields with commas and doubled quotes (the
// slow path of the scanner).
std::string QuotedCsv(std::size_t rows) {
  std::string text = "supplier_id,name,country,qz3\n";
  std::array<char, 32> id{};
  for (std::size_t i = 0; i < rows; ++i) {
    std::snprintf(id.data(), id.size(), "S%05zu", i + 1);
    text += id.data();
    text +=
        ",\"Stamping \"\"S\xC3\xBC"
        "d\"\" a.s., Werk 2\",CZ,evaluate\n";
  }
  return text;
}

void ScanCsv(benchmark::State& state, const std::string& text, std::size_t rows) {
  std::size_t fields = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto reader = supeval::io::CsvReader::FromString(text, "bench.csv");
    state.ResumeTiming();
    supeval::io::CsvRecord record;
    for (;;) {
      auto next = reader.Next(record);
      if (!next.ok() || !*next) break;
      fields += record.fields.size();
    }
    benchmark::DoNotOptimize(fields);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * (rows + 1)));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

// CSV field scanning: CsvReader::Next over an in-memory deliveries.csv
// (items = records).
void BM_CsvReaderNext_Deliveries(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  static const std::string text = DeliveriesCsv(rows);
  ScanCsv(state, text, rows);
}
BENCHMARK(BM_CsvReaderNext_Deliveries)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The same over quoted fields (RFC 4180 escapes).
void BM_CsvReaderNext_Quoted(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  static const std::string text = QuotedCsv(rows);
  ScanCsv(state, text, rows);
}
BENCHMARK(BM_CsvReaderNext_Quoted)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Date::Parse of ISO dates (items = dates).
void BM_DateParse(benchmark::State& state) {
  Random random(7);
  std::vector<std::string> texts;
  for (int i = 0; i < 4096; ++i)
    texts.push_back((kPeriodFirst + static_cast<std::int32_t>(random.Below(3000))).ToString());
  std::size_t i = 0;
  for (auto _ : state) {
    auto date = Date::Parse(texts[i++ & 4095]);
    benchmark::DoNotOptimize(date);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DateParse);

// ParseDecimal of quantities as written in deliveries.csv (items = numbers).
void BM_ParseDecimal(benchmark::State& state) {
  Random random(9);
  std::vector<std::string> texts;
  for (int i = 0; i < 4096; ++i) texts.push_back(Quantity(random));
  std::size_t i = 0;
  for (auto _ : state) {
    auto parsed = supeval::core::ParseDecimal(texts[i++ & 4095]);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseDecimal);

// A plant calendar like the generator's: Mon–Fri, a dozen holidays a year.
supeval::core::FactoryCalendar MakeCalendar() {
  std::vector<supeval::core::CalendarDay> exceptions;
  for (int year = 2023; year <= 2029; ++year) {
    for (const auto& [month, day] : {std::pair{1, 1},
                                     {1, 6},
                                     {4, 3},
                                     {4, 6},
                                     {5, 1},
                                     {5, 14},
                                     {5, 25},
                                     {6, 4},
                                     {10, 3},
                                     {11, 1},
                                     {12, 24},
                                     {12, 25},
                                     {12, 26},
                                     {12, 31}}) {
      exceptions.push_back({Date::FromCivil(year, month, day), false});
    }
  }
  exceptions.push_back({Date::FromCivil(2026, 3, 14), true});  // an extra working Saturday
  return supeval::core::FactoryCalendar(supeval::core::kMondayToFriday, exceptions, kPeriodFirst - 3 * 366,
                                        kPeriodLast + 3 * 366);
}

// (from, to) pairs a few days apart inside the period, or `offset_days` away
// from it (outside the precomputed window: the slow path).
std::vector<std::pair<Date, Date>> DatePairs(std::int32_t offset_days) {
  Random random(11);
  std::vector<std::pair<Date, Date>> pairs;
  for (int i = 0; i < 4096; ++i) {
    const Date from = kPeriodFirst + offset_days + static_cast<std::int32_t>(random.Below(kPeriodDays));
    pairs.emplace_back(from, from + static_cast<std::int32_t>(random.Below(30)));
  }
  return pairs;
}

// Working-day lookup: FactoryCalendar::WorkingDaysAfterThrough (late) and
// WorkingDaysFromBefore (early); Arg 0 = inside the window, 1 = far outside it.
void BM_WorkingDays(benchmark::State& state) {
  static const supeval::core::FactoryCalendar calendar = MakeCalendar();
  const auto pairs = DatePairs(state.range(0) == 0 ? 0 : 20 * 366);
  std::size_t i = 0;
  std::int64_t sum = 0;
  for (auto _ : state) {
    const auto& [from, to] = pairs[i++ & 4095];
    sum += calendar.WorkingDaysAfterThrough(from, to);
    sum += calendar.WorkingDaysFromBefore(from, to);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 2));
  state.SetLabel(state.range(0) == 0 ? "in window" : "outside window");
}
BENCHMARK(BM_WorkingDays)->Arg(0)->Arg(1);

// Master data shaped like `supeval generate --suppliers 20000`: four plants
// (Mon–Fri and Mon–Sat), 70 000 materials over 35 commodities.
supeval::core::MasterData MakeMasterData() {
  supeval::core::MasterData master;
  Random random(13);
  for (int i = 0; i < 20'000; ++i) {
    master.suppliers.push_back({"S" + std::to_string(i), "Supplier " + std::to_string(i), "DE", false});
  }
  for (int i = 0; i < 4; ++i) {
    supeval::core::Plant plant{"P" + std::to_string(i),
                               "Plant",
                               i == 1 ? supeval::core::kMondayToSaturday : supeval::core::kMondayToFriday,
                               {}};
    plant.exceptions.push_back({Date::FromCivil(2026, 1, 1), false});
    plant.exceptions.push_back({Date::FromCivil(2026, 5, 1), false});
    plant.exceptions.push_back({Date::FromCivil(2026, 12, 25), false});
    master.plants.push_back(std::move(plant));
  }
  const supeval::core::RuleSet rules = supeval::core::DefaultRuleSet();
  std::vector<std::string> commodities;
  for (const auto& [code, factor] : rules.commodity_factors) commodities.push_back(code);
  for (int i = 0; i < 70'000; ++i) {
    master.materials.push_back(
        {"M" + std::to_string(i),
         commodities[static_cast<std::size_t>(random.Below(static_cast<std::int64_t>(commodities.size())))], "pc",
         random.Below(3) == 0 ? supeval::core::MaterialKind::kRaw : supeval::core::MaterialKind::kPurchased});
  }
  return master;
}

// Accumulation: DeliveryAccumulator::Add of deliveries in the period (each
// supplier delivers a few materials; dates and quantities deviate a little).
void BM_DeliveryAccumulatorAdd(benchmark::State& state) {
  auto period = supeval::core::ParsePeriod("2026-H1");
  auto context = supeval::core::EvaluationContext::Create(supeval::core::DefaultRuleSet(), *period, MakeMasterData());
  if (!context.ok()) {
    state.SkipWithError(context.error().ToString().c_str());
    return;
  }
  Random random(17);
  std::vector<supeval::core::Delivery> deliveries(1 << 16);
  for (auto& delivery : deliveries) {
    const auto supplier = static_cast<Index>(random.Below(20'000));
    delivery.id = "D000000001";
    delivery.supplier = supplier;
    delivery.plant = static_cast<Index>(random.Below(4));
    delivery.material = static_cast<Index>((supplier * 3 + static_cast<Index>(random.Below(3))) % 70'000);
    delivery.due_date = kPeriodFirst + static_cast<std::int32_t>(random.Below(kPeriodDays));
    delivery.receipt_date = delivery.due_date + static_cast<std::int32_t>(random.Below(9) - 3);
    delivery.due_qty = Decimal::FromUnits(1 + random.Below(5000));
    delivery.received_qty = Decimal::FromMicros(delivery.due_qty.micros() / 100 * (90 + random.Below(21)));
    delivery.type = random.Below(50) == 0 ? supeval::core::DeliveryType::kSample : supeval::core::DeliveryType::kSeries;
  }
  supeval::core::DeliveryAccumulator accumulator(*context);
  std::size_t i = 0;
  for (auto _ : state) accumulator.Add(deliveries[i++ & ((1 << 16) - 1)]);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DeliveryAccumulatorAdd);

// A folder written by GenerateDataset once per process, removed at exit.
class GeneratedFolder {
 public:
  GeneratedFolder(std::int64_t suppliers, std::int64_t deliveries)
      : path_(std::filesystem::temp_directory_path() /
              ("supeval-micro-bench-" + std::to_string(::getpid()) + "-" + std::to_string(deliveries))) {
    supeval::service::GenerateOptions options;
    options.out_dir = path_;
    options.suppliers = suppliers;
    options.deliveries = deliveries;
    options.seed = 1;
    auto summary = supeval::service::GenerateDataset(options);
    if (summary.ok()) ok_ = true;
    std::error_code error;
    deliveries_bytes_ = static_cast<std::int64_t>(std::filesystem::file_size(path_ / "deliveries.csv", error));
  }
  ~GeneratedFolder() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  GeneratedFolder(const GeneratedFolder&) = delete;
  GeneratedFolder& operator=(const GeneratedFolder&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::int64_t deliveries_bytes() const { return deliveries_bytes_; }

 private:
  std::filesystem::path path_;
  bool ok_ = false;
  std::int64_t deliveries_bytes_ = 0;
};

// DatasetReader streaming: read and validate a generated folder (2 000
// suppliers, 200 000 deliveries): master data, then every delivery to a sink
// (items = deliveries, bytes = deliveries.csv).
void BM_DatasetReaderStream(benchmark::State& state) {
  const std::int64_t deliveries = state.range(0);
  static const GeneratedFolder folder(2'000, deliveries);
  if (!folder.ok()) {
    state.SkipWithError("could not generate the data set");
    return;
  }
  const supeval::core::RuleSet rules = supeval::core::DefaultRuleSet();
  std::int64_t streamed = 0;
  const supeval::io::DatasetReader::DeliverySink sink = [&](const supeval::core::Delivery& delivery) {
    benchmark::DoNotOptimize(delivery.received_qty);
    ++streamed;
  };
  for (auto _ : state) {
    supeval::io::DatasetReader reader(folder.path(), rules);
    if (!reader.ReadMasterData().ok() || !reader.StreamDeliveries(sink).ok() || !reader.diagnostics().empty()) {
      state.SkipWithError("the generated data set did not read cleanly");
      return;
    }
  }
  benchmark::DoNotOptimize(streamed);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * deliveries);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * folder.deliveries_bytes());
}
BENCHMARK(BM_DatasetReaderStream)->Arg(200'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
