// Sourcing concentration (CONTRACTS.md §10): for a period, one row per
// material with series deliveries and one per commodity of those materials —
// suppliers, spend, spend shares and their HHI, the countries' shares,
// qualified and pending alternates and the findings — and a risk list that
// ranks the single-sourced materials by their source's standing (hold,
// escalation level, class C, spend). Use it like the settlement, whose
// delivery-to-contract lookup and list prices it shares (§4, §5):
//
//   SettlementPlan plan({rules, data, master, period});
//   SourcingAccumulator acc(plan);              // one per thread
//   for (each delivery) acc.Add(delivery);       // one pass, any order
//   acc.Merge(std::move(other_thread_acc));      // order-free
//   SourcingResult out = Source(plan, acc, Escalate(rules, data, master, period.last).rows);
//
// Spend, shares and HHI are exact (Rational) and formatted only in the cells
// (§2: money with 2 decimals, other figures to 6). Thresholds come from the
// rule set (hhi_moderate, hhi_high, qualification_days), never from code.
// Thread-safety: as settlement.hpp (an accumulator belongs to one thread at
// a time; Source and RankSourcingRisks are pure functions of const inputs).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/contracts/escalation.hpp"
#include "supeval/core/contracts/settlement.hpp"

namespace supeval::core::contracts {

// The series deliveries received in the plan's period, summed per
// (material, supplier) and per the contract slot they belong to (none:
// no contract), with each pair's latest delivery (by receipt date, then
// delivery_id), whose contract is the source's contract of §10.
class SourcingAccumulator {
 public:
  // Requires `plan` to outlive the accumulator.
  explicit SourcingAccumulator(const SettlementPlan& plan);
  SourcingAccumulator(SourcingAccumulator&&) noexcept;
  SourcingAccumulator& operator=(SourcingAccumulator&&) noexcept;
  ~SourcingAccumulator();

  // Takes one delivery into account: a series delivery received in the
  // period; anything else is ignored.
  void Add(const Delivery& delivery);
  // Adds what `other` accumulated (same plan) to this one.
  void Merge(SourcingAccumulator&& other);
  // Forgets every delivery added.
  void Clear();

  struct State;
  [[nodiscard]] const State& state() const { return *state_; }

 private:
  const SettlementPlan::Impl* plan_;
  std::unique_ptr<State> state_;
};

enum class SourcingScope : std::uint8_t { kMaterial, kCommodity };

// One supplier's (or country's) part of a row's spend.
struct SpendShare {
  std::string id;  // supplier_id, or the country (`unknown` for an empty one)
  Rational spend;
  Rational share;  // 100 × spend ÷ the row's spend
};

// One row of §10, typed; SourcingCells writes it.
struct SourcingRow {
  std::string period;  // the PERIOD argument
  SourcingScope scope = SourcingScope::kMaterial;
  std::string key;        // material_id or commodity
  std::string commodity;  // the material's commodity; the commodity itself on commodity rows
  std::size_t suppliers = 0;
  // Empty / none when the row has no priced delivery, a priced spend of 0
  // or several currencies; then every figure below is none too.
  std::string currency;
  std::optional<Rational> spend;
  // None unless, in addition, every supplier of the row has priced
  // deliveries. By decreasing spend, then id.
  std::optional<std::vector<SpendShare>> shares;
  std::optional<Rational> hhi;
  std::string concentration;  // low, moderate, high; empty with hhi
  // Material rows only (none on commodity rows), as shares.
  std::optional<std::vector<SpendShare>> countries;
  std::optional<Rational> country_hhi;
  bool single_source = false;
  std::vector<std::string> qualified_alternates;  // supplier ids, byte order
  std::vector<std::string> pending_alternates;
  std::vector<std::string> findings;  // in §10's order
  Index source = kNoIndex;            // the one supplier when single_source, else none
};

struct SourcingResult {
  // Material rows by material_id, then commodity rows by commodity.
  std::vector<SourcingRow> rows;
};

// §10 for the plan's period. `ladder` is the escalation ladder as of the
// period's last day (Escalate(…, period.last).rows): its holds make
// `source_on_hold`. Requires `deliveries` built on `plan`.
[[nodiscard]] SourcingResult Source(const SettlementPlan& plan, const SourcingAccumulator& deliveries,
                                    std::span<const EscalationRow> ladder);

// One row of the risk list (docs/sourcing.md): a material row with the
// finding `single_source` and its one supplier.
struct SourcingRisk {
  std::string material_id;
  std::string commodity;
  std::string supplier_id;
  std::optional<Rational> spend;  // the material row's
  std::string currency;
  std::string grade_class;  // latest published.csv class for the period's dates; empty: none
  std::string level;        // highest ladder level of the supplier's contracts ("E0": none)
  bool hold = false;        // holds.csv active on the period's last day, or a ladder hold
  std::vector<std::string> findings;
};

// The single-sourced materials of `result`, ranked: on hold first, then the
// higher level, then class C, then the higher spend (none last), then
// material_id. `ladder` as for Source.
[[nodiscard]] std::vector<SourcingRisk> RankSourcingRisks(const SettlementPlan& plan, const SourcingResult& result,
                                                          std::span<const EscalationRow> ladder);

// The §10 header and a row's cells in that order (money with 2 decimals,
// figures to 6, lists `;`-joined, flags yes/no, empty where not applicable);
// the same for the risk list.
[[nodiscard]] const std::vector<std::string_view>& SourcingColumns();
[[nodiscard]] std::vector<std::string> SourcingCells(const SourcingRow& row);
[[nodiscard]] const std::vector<std::string_view>& SourcingRiskColumns();
[[nodiscard]] std::vector<std::string> SourcingRiskCells(const SourcingRisk& risk);

}  // namespace supeval::core::contracts
