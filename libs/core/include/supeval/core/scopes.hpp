// Ratings per receiving plant and per company (docs/EVALUATION.md,
// "Scopes"): each supplier evaluated once per plant (or company) on that
// scope's records only — its deliveries received there, the complaints
// raised there — with the supplier's certificates, holds and QZ3 column
// unchanged. A company is evaluated on all its plants' records together,
// never as an average of plant figures. Use it like the engine:
//
//   auto scoped = ScopedEvaluator::Create(rules, period, master, ScopeKind::kPlant);
//   for (each delivery) scoped->Add(delivery);   // one pass, any order
//   auto rows = scoped->Evaluate();               // sorted by scope id, supplier id
//
// Each scope holds its own engine context (a copy of the master data): slower
// than the supplier scope and meant to be; the supplier scope's hot path is
// not touched. Thread-compatible: one thread adds at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/evaluation.hpp"
#include "supeval/core/evaluator.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/records.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::core {

enum class ScopeKind : std::uint8_t { kSupplier, kPlant, kCompany };

// "supplier", "plant", "company".
[[nodiscard]] std::string_view ScopeKindName(ScopeKind kind);
// The kind named `name` (ScopeKindName's words), or none.
[[nodiscard]] std::optional<ScopeKind> ParseScopeKind(std::string_view name);

// One result row of a scope: the supplier's figures on the scope's records.
struct ScopedResult {
  std::string scope_id;  // the plant_id or the company
  SupplierResult result;
};

class ScopedEvaluator {
 public:
  // Requires kind kPlant or kCompany and master data whose indices are in
  // range. Errors: the rule set's (as EvaluationContext::Create's).
  static Result<ScopedEvaluator> Create(const RuleSet& rules, const Period& period, const MasterData& master,
                                        ScopeKind kind);

  ScopedEvaluator(ScopedEvaluator&&) noexcept;
  ScopedEvaluator& operator=(ScopedEvaluator&&) noexcept;
  ~ScopedEvaluator();

  // Takes one delivery into account in its plant's scope (and notes it in
  // the others when a complaint names it).
  void Add(const Delivery& delivery);

  // One row per supplier and scope with at least one delivery or complaint
  // (justified or not) in the period there, sorted by scope id, then
  // supplier_id. kBadInput when the kind is kCompany and a plant with a
  // delivery or complaint in the period has no company.
  [[nodiscard]] Result<std::vector<ScopedResult>> Evaluate() const;

  struct Impl;

 private:
  explicit ScopedEvaluator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace supeval::core
