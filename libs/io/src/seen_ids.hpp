// SeenIds: the ids of a file's rows, for the duplicate-id check of
// deliveries.csv. An extract numbered in order (goods receipts numbered
// D000000001, D000000002, … in the file's numbered form) is kept as runs of
// consecutive numbers, first and last: a few bytes per block of rows. Every
// other id is kept as an 8-byte fingerprint (FingerprintSet), 7 bytes of
// memory each. A number's fingerprint is the number times an odd constant, so
// it can be turned back into the number and checked against the runs.
// FindRepeated then finds every fingerprint that occurs more than once, as a
// fingerprint, in two runs, or in a run and as a fingerprint: the ids that may
// repeat, for an exact second look at the file (a real repeat, or rarely two
// ids with one fingerprint).
// One SeenIds per thread; FindRepeated combines those of all threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "fingerprint_set.hpp"
#include "id_index.hpp"
#include "supeval/core/reading/numbered_id.hpp"

namespace supeval::io {

namespace detail {

// The x with odd * x == 1 modulo 2^64 (`odd` must be odd).
constexpr std::uint64_t MultiplicativeInverse(std::uint64_t odd) {
  std::uint64_t inverse = odd;  // correct in the low 3 bits; each step doubles them
  for (int i = 0; i < 5; ++i) inverse *= 2 - odd * inverse;
  return inverse;
}

}  // namespace detail

class SeenIds {
 public:
  // `form`: reads the numbered form of the file's ids, if it has one (it
  // must outlive this set); other ids are fingerprinted by their HashId.
  explicit SeenIds(const core::NumberReader* form) : form_(form) {}

  // The fingerprint of `id` (whose HashId is `hash`): ReportDuplicates looks
  // again at the ids whose fingerprint FindRepeated returned.
  static std::uint64_t Fingerprint(const core::NumberReader* form, std::string_view id, std::uint64_t hash) {
    if (form != nullptr) {
      const std::uint64_t number = form->NumberOf(id);
      if (number != core::NumberedIdForm::kOtherForm) return NumberFingerprint(number);
    }
    return hash;
  }

  // Notes `id` (whose HashId is `hash`).
  void Add(std::string_view id, std::uint64_t hash) {
    if (form_ != nullptr) {
      const std::uint64_t number = form_->NumberOf(id);
      if (number != core::NumberedIdForm::kOtherForm) {
        AddNumber(number);
        return;
      }
    }
    fingerprints_.Add(hash);
  }

  // Notes the id numbered `number` in the form (as Add does for such an id).
  void AddNumber(std::uint64_t number) {
    if (run_open_ && number == run_.last + 1) {
      run_.last = number;
      return;
    }
    CloseRun();
    run_ = {number, number};
    run_open_ = true;
  }

  // The fingerprints that occur more than once across `sets` (see the top).
  // `threads` threads share the work.
  static std::unordered_set<std::uint64_t> FindRepeated(std::vector<SeenIds>& sets, std::size_t threads) {
    std::vector<Run> runs;
    std::vector<FingerprintSet> fingerprints;
    for (SeenIds& set : sets) {
      set.CloseRun();
      runs.insert(runs.end(), set.runs_.begin(), set.runs_.end());
      fingerprints.push_back(std::move(set.fingerprints_));
      set.runs_ = {};
      set.fingerprints_ = {};
    }
    std::sort(runs.begin(), runs.end());
    std::unordered_set<std::uint64_t> repeated = OverlapsOf(runs);
    // Runs may lie inside one another ([1, 16580] holds [2, 58]): a number
    // is in a run when the runs that start at or before it reach it, not
    // only the last of them.
    std::vector<std::uint64_t> reached(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) reached[i] = std::max(runs[i].last, i > 0 ? reached[i - 1] : 0);
    const auto in_a_run = [&runs, &reached](std::uint64_t fingerprint) {
      const std::uint64_t number = fingerprint * kInverseMultiplier;
      const auto after = std::upper_bound(runs.begin(), runs.end(), Run{number, ~std::uint64_t{0}});
      return after != runs.begin() && reached[static_cast<std::size_t>(after - runs.begin()) - 1] >= number;
    };
    const auto found = FingerprintSet::FindRepeated(fingerprints, threads, in_a_run);
    repeated.insert(found.begin(), found.end());
    return repeated;
  }

 private:
  static constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;  // odd: invertible modulo 2^64
  static constexpr std::uint64_t kInverseMultiplier = detail::MultiplicativeInverse(kMultiplier);
  static_assert(kMultiplier * kInverseMultiplier == 1);

  // Spread over all 64 bits (the fingerprint set's buckets take the top
  // byte), and one to one.
  static std::uint64_t NumberFingerprint(std::uint64_t number) { return number * kMultiplier; }

  struct Run {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    friend auto operator<=>(const Run&, const Run&) = default;
  };

  // A run of one number is kept as a fingerprint: for ids in no order, runs
  // would cost 16 bytes an id.
  void CloseRun() {
    if (!run_open_) return;
    if (run_.first == run_.last) fingerprints_.Add(NumberFingerprint(run_.first));
    else runs_.push_back(run_);
    run_open_ = false;
  }

  // The fingerprints of the numbers in more than one of `runs` (sorted).
  static std::unordered_set<std::uint64_t> OverlapsOf(const std::vector<Run>& runs) {
    std::unordered_set<std::uint64_t> repeated;
    std::uint64_t covered_to = 0;  // the last number of the runs so far
    bool any = false;
    for (const Run& run : runs) {
      if (any && run.first <= covered_to) {
        const std::uint64_t last = std::min(run.last, covered_to);
        for (std::uint64_t number = run.first;; ++number) {
          repeated.insert(NumberFingerprint(number));
          if (number == last) break;
        }
      }
      covered_to = any ? std::max(covered_to, run.last) : run.last;
      any = true;
    }
    return repeated;
  }

  const core::NumberReader* form_;
  FingerprintSet fingerprints_;
  std::vector<Run> runs_;
  Run run_;
  bool run_open_ = false;
};

}  // namespace supeval::io
