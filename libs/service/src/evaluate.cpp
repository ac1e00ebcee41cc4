// Evaluate use case: rules + record source -> engine -> results.
#include "supeval/service/evaluate.hpp"

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "supeval/core/threads.hpp"
#include "supeval/io/csv_record_source.hpp"
#include "supeval/io/rules_toml.hpp"

namespace supeval::service {
namespace {

core::Result<core::Index> FindSupplier(const core::MasterData& master, const std::string& supplier_id) {
  for (core::Index i = 0; i < master.suppliers.size(); ++i) {
    if (master.suppliers[i].id == supplier_id) return i;
  }
  return core::BadInput("unknown supplier '" + supplier_id + "'", {"", 0, "supplier"});
}

// What an evaluation is made from, kept until it is done.
struct EvaluationInputs {
  std::unique_ptr<core::EvaluationContext> context;  // not moved: the accumulators point to it
  std::vector<core::DeliveryAccumulator> accumulators;
};

// The source's events counted for the period (after its deliveries).
core::Status ReadEventCounts(core::RecordSource& source, const core::EvaluationContext& context,
                             SupplierEvents& counts) {
  auto events = source.ReadEvents(context.master());
  if (!events.ok()) return events.error();
  counts = CountSupplierEvents(*events, context.period(), context.master().suppliers.size());
  return core::Ok{};
}

core::Result<core::Evaluation> Evaluate(core::RecordSource& source, const core::RuleSet& rules,
                                        const core::Period& period, const std::optional<std::string>& explain_supplier,
                                        int threads, EvaluationInputs& inputs, core::EvaluationOptions options = {},
                                        SupplierEvents* events = nullptr) {
  auto master = source.ReadMasterData();
  if (!master.ok()) return master.error();
  options.threads = static_cast<std::size_t>(std::max(threads, 1));
  if (explain_supplier) {
    auto supplier = FindSupplier(*master, *explain_supplier);
    if (!supplier.ok()) return supplier.error();
    options.explain_supplier = *supplier;
  }
  auto context = core::EvaluationContext::Create(rules, period, *std::move(master), options);
  if (!context.ok()) return context.error();
  inputs.context = std::make_unique<core::EvaluationContext>(*std::move(context));
  std::vector<core::DeliveryAccumulator>& accumulators = inputs.accumulators;
  for (int i = 0; i < std::max(threads, 1); ++i) accumulators.emplace_back(*inputs.context);
  if (core::Status status = source.StreamDeliveries(period, accumulators); !status.ok()) return status.error();
  for (std::size_t i = 1; i < accumulators.size(); ++i) accumulators.front().Merge(std::move(accumulators[i]));
  if (events != nullptr) {
    if (core::Status read = ReadEventCounts(source, *inputs.context, *events); !read.ok()) return read.error();
  }
  return core::Evaluate(*inputs.context, accumulators.front(), accumulators.size());
}

}  // namespace

core::Result<int> ResolveThreads(int requested) {
  if (requested < 0 || requested > kMaxThreads) {
    return core::BadInput(
        std::to_string(requested) + " not in 0.." + std::to_string(kMaxThreads) + " (0: one per hardware thread)",
        {"", 0, "threads"});
  }
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(std::min<unsigned>(cores, kMaxThreads));
}

core::Result<core::RuleSet> LoadRules(const std::optional<std::filesystem::path>& rules_file) {
  if (!rules_file) return core::DefaultRuleSet();
  return io::ReadRuleSetFile(*rules_file);
}

core::Result<core::Evaluation> EvaluateSource(core::RecordSource& source, const core::RuleSet& rules,
                                              const core::Period& period,
                                              const std::optional<std::string>& explain_supplier, int threads,
                                              SupplierEvents* events) {
  EvaluationInputs inputs;
  return Evaluate(source, rules, period, explain_supplier, threads, inputs, {}, events);
}

SupplierEvents CountSupplierEvents(const std::vector<core::contracts::Event>& events, const core::Period& period,
                                   std::size_t supplier_count) {
  if (events.empty()) return std::nullopt;
  return core::contracts::CountEvents(events, period, supplier_count);
}

core::Result<core::Explanation> ExplainSource(
    core::RecordSource& source, const core::RuleSet& rules, const core::Period& period, const std::string& supplier_id,
    std::size_t worst_deliveries,
    const std::function<void(const core::MasterData&, const core::Explanation&)>& inspect) {
  EvaluationInputs inputs;
  core::EvaluationOptions options;
  options.worst_deliveries = worst_deliveries;
  auto evaluation = Evaluate(source, rules, period, supplier_id, 1, inputs, options);
  if (!evaluation.ok()) return evaluation.error();
  if (!evaluation->explanation) return core::Internal("no explanation of supplier '" + supplier_id + "'");
  inspect(inputs.context->master(), *evaluation->explanation);
  return *std::move(evaluation->explanation);
}

namespace {

// The evaluation of the request's folder; `inputs` keeps the records it was
// made from.
core::Result<EvaluateOutcome> EvaluateFolder(const EvaluateRequest& request, EvaluationInputs& inputs) {
  auto period = core::ParsePeriod(request.period);
  if (!period.ok()) return period.error();
  auto rules = LoadRules(request.rules_file);
  if (!rules.ok()) return rules.error();
  const auto resolved = ResolveThreads(request.threads);
  if (!resolved.ok()) return resolved.error();
  const int threads = *resolved;
  io::CsvRecordSource source(request.data_dir, *rules, static_cast<std::size_t>(threads));
  if (request.scope != core::ScopeKind::kSupplier) {
    auto scoped = EvaluateSourceScoped(source, *rules, *period, request.scope);
    if (!scoped.ok()) return scoped.error();
    return EvaluateOutcome{*std::move(rules), *std::move(period), {}, {}, *std::move(scoped)};
  }
  SupplierEvents events;
  auto evaluation = Evaluate(source, *rules, *period, request.explain_supplier, threads, inputs, {}, &events);
  if (!evaluation.ok()) return evaluation.error();
  return EvaluateOutcome{*std::move(rules), *std::move(period), *std::move(evaluation), std::move(events), {}};
}

// Frees `inputs`, the accumulators before the context they point to.
void Free(EvaluationInputs& inputs) {
  inputs.accumulators.clear();
  inputs.accumulators.shrink_to_fit();
  inputs.context.reset();
}

}  // namespace

core::Result<EvaluateOutcome> EvaluateDataset(const EvaluateRequest& request) {
  EvaluationInputs inputs;
  return EvaluateFolder(request, inputs);
}

core::Status EvaluateDatasetThen(const EvaluateRequest& request,
                                 const std::function<void(const EvaluateOutcome&)>& use) {
  EvaluationInputs inputs;
  const auto outcome = EvaluateFolder(request, inputs);
  if (!outcome.ok()) return outcome.error();
  if (request.threads == 1) {
    Free(inputs);
    use(*outcome);
    return core::Ok{};
  }
  core::Beside freeing([&inputs] { Free(inputs); });
  use(*outcome);
  freeing.Wait();
  return core::Ok{};
}

}  // namespace supeval::service
