// Generate: writes a synthetic, realistic interchange data set (the CSV folder
// of docs/EVALUATION.md, "Interchange format (CSV)") for demonstrations,
// tests and benchmarks. The data set is deterministic: the same options and
// seed give byte-identical files on every platform (the generator uses its own
// PRNG, never the standard library's distributions). Deliveries are streamed
// to disk and complaints written alongside them, so memory stays small however
// many deliveries are asked for; only master data (suppliers, materials,
// plants and their calendars) is held in memory.
//
// Thread-safety: GenerateDataset shares no state between calls; concurrent
// calls are safe as long as they write to different folders.
#pragma once

#include <cstdint>
#include <filesystem>

#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"

namespace supeval::service {

// Upper limits that keep the master data in memory small.
inline constexpr std::int64_t kMaxGeneratedSuppliers = 1'000'000;
inline constexpr std::int32_t kMaxGeneratedPeriodDays = 36'600;  // about a hundred years

struct GenerateOptions {
  std::filesystem::path out_dir;  // created (with its parents) if missing
  bool replace = false;           // write into a folder that already holds interchange files
  std::int64_t suppliers = 200;
  std::int64_t deliveries = 20'000;
  std::uint64_t seed = 1;
  // Contracts of the register (CONTRACTS.md §3), at most one per supplier;
  // -1: one for every tenth supplier (rounded up).
  std::int64_t contracts = -1;
  core::Date from = core::Date::FromCivil(2026, 1, 1);  // due dates lie in [from, to]
  core::Date to = core::Date::FromCivil(2026, 6, 30);
};

// The number of rows written to each file (calendar_days: rows of calendar.csv).
struct GenerateSummary {
  std::int64_t suppliers = 0;
  std::int64_t plants = 0;
  std::int64_t materials = 0;
  std::int64_t deliveries = 0;
  std::int64_t complaints = 0;
  std::int64_t certifications = 0;
  std::int64_t holds = 0;
  std::int64_t calendar_days = 0;
  std::int64_t contracts = 0;
};

// Writes suppliers.csv, plants.csv, calendar.csv, materials.csv,
// deliveries.csv, complaints.csv, certifications.csv and holds.csv, and the
// contract files of CONTRACTS.md §3 for options.contracts suppliers, into
// options.out_dir (when it holds any of those files already: only with
// options.replace, replacing them all), with every column of the
// spec (optional ones included). Every row is valid per the spec: referenced
// ids exist, ids are unique, due_qty > 0, due dates are working days of the
// receiving plant within [from, to] (any day of it when it holds no working
// day), complaint dates lie within [from, to].
//
// Requires nothing of the options: suppliers < 1 or above
// kMaxGeneratedSuppliers, deliveries < 0, to < from, a period longer than
// kMaxGeneratedPeriodDays, an out_dir that cannot be created or one holding
// interchange files without options.replace give a kBadInput error; a
// failure to write a file gives kInternal. Returns the row counts written.
[[nodiscard]] core::Result<GenerateSummary> GenerateDataset(const GenerateOptions& options);

}  // namespace supeval::service
