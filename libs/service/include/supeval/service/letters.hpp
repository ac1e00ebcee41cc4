// The supplier's scorecard letter (issue 24 §2, docs/letters.md): what goes
// into it, gathered from the same use cases the scorecard route answers
// from (ShowScorecard: the published result, its explanation, the trend) —
// nothing is recomputed here — plus the published contract settlement of
// the run's period, and rendered by report::LetterRenderer. Also the
// letterhead file (TOML) the CLI and `serve` read.
//
// Authorization: GatherLetter asks Authorize for UseCase::kSupplierLetter
// and applies the caller's supplier scope as the scorecard does: another
// supplier's letter is the kNotFound of a missing one.
//
// Thread-safety: as results.hpp (a Store per thread, a shared ResultsCache).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/report/letter.hpp"
#include "supeval/service/policy.hpp"
#include "supeval/service/results.hpp"
#include "supeval/store/settlements.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

// Reads a letterhead file (docs/letters.md): name, address (a list of
// lines), logo (a PNG file, relative to the letterhead file), signatory,
// signatory_title; every key optional. kBadInput naming the file, line and
// key for an unknown key, a wrong type, a logo that cannot be read or is
// not a PNG.
[[nodiscard]] core::Result<report::Letterhead> ReadLetterhead(const std::filesystem::path& file);

// The supplier's lines of the latest published settlement of a period, in
// a few of the settlement's columns (CONTRACTS.md §8); each period's
// settlement read once (`report letter --all` asks once per supplier).
class SettlementLookup {
 public:
  explicit SettlementLookup(store::SettlementStore& settlements) : settlements_(settlements) {}
  // No rows when no settlement of the period was published.
  [[nodiscard]] core::Result<report::TextTable> Lines(const core::Period& period, const std::string& supplier_id);

 private:
  store::SettlementStore& settlements_;
  std::map<std::pair<std::int32_t, std::int32_t>, std::optional<store::SettlementRecord>> read_;
};

struct LetterRequest {
  RunSelector run;
  report::Language language = report::Language::kEnglish;
  report::Letterhead letterhead;
};

// The content of `supplier_id`'s letter for the chosen run. `settlements`,
// when given, supplies the contract lines of the run's period. kRefused "forbidden"
// when the caller's role may not ask for letters; otherwise errors as
// ShowScorecard's (kNotFound for an unknown run or supplier, or another
// supplier's).
[[nodiscard]] core::Result<report::LetterContent> GatherLetter(store::Store& db, ResultsCache& cache,
                                                               const Caller& caller, const std::string& supplier_id,
                                                               const LetterRequest& request,
                                                               SettlementLookup* settlements);

// The suppliers that have a result in the chosen run, by supplier_id, as
// the caller may see them (`report letter --all`).
[[nodiscard]] core::Result<std::vector<std::string>> LetterSuppliers(store::Store& db, ResultsCache& cache,
                                                                     const Caller& caller, const RunSelector& run);

}  // namespace supeval::service
