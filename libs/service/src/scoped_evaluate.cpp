// Evaluate use case per plant or company: the source's records streamed
// through core::ScopedEvaluator.
#include "supeval/service/evaluate.hpp"

namespace supeval::service {

core::Result<std::vector<core::ScopedResult>> EvaluateSourceScoped(core::RecordSource& source,
                                                                   const core::RuleSet& rules,
                                                                   const core::Period& period, core::ScopeKind kind) {
  auto master = source.ReadMasterData();
  if (!master.ok()) return master.error();
  auto scoped = core::ScopedEvaluator::Create(rules, period, *master, kind);
  if (!scoped.ok()) return scoped.error();
  core::ScopedEvaluator& evaluator = *scoped;
  const core::Status streamed =
      source.StreamDeliveriesTo(period, [&evaluator](const core::Delivery& delivery) { evaluator.Add(delivery); });
  if (!streamed.ok()) return streamed.error();
  return evaluator.Evaluate();
}

}  // namespace supeval::service
