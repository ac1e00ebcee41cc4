// Evaluate use case: rules + folder -> validated records -> engine -> results.
#include "supeval/service/evaluate.hpp"

#include "supeval/io/dataset_reader.hpp"
#include "supeval/io/rules_toml.hpp"

namespace supeval::service {
namespace {

core::Error RowProblems(const io::Diagnostics& diagnostics) {
  std::string text = diagnostics.Render();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return core::BadInput(std::move(text));
}

core::Result<core::Index> FindSupplier(const core::MasterData& master, const std::string& supplier_id) {
  for (core::Index i = 0; i < master.suppliers.size(); ++i) {
    if (master.suppliers[i].id == supplier_id) return i;
  }
  return core::BadInput("unknown supplier '" + supplier_id + "' (not in suppliers.csv)", {"", 0, "supplier"});
}

}  // namespace

core::Result<core::RuleSet> LoadRules(const std::optional<std::filesystem::path>& rules_file) {
  if (!rules_file) return core::DefaultRuleSet();
  return io::ReadRuleSetFile(*rules_file);
}

core::Result<EvaluateOutcome> EvaluateDataset(const EvaluateRequest& request) {
  auto period = core::ParsePeriod(request.period);
  if (!period.ok()) return period.error();
  auto rules = LoadRules(request.rules_file);
  if (!rules.ok()) return rules.error();

  io::DatasetReader reader(request.data_dir, *rules);
  if (core::Status status = reader.ReadMasterData(); !status.ok()) return status.error();
  if (!reader.diagnostics().empty()) {
    // The master data is unusable for the engine, but the deliveries are still
    // checked so that one run lists every problem.
    if (core::Status status = reader.StreamDeliveries({}); !status.ok()) return status.error();
    return RowProblems(reader.diagnostics());
  }
  core::MasterData master = reader.TakeMasterData();
  core::EvaluationOptions options;
  if (request.explain_supplier) {
    auto supplier = FindSupplier(master, *request.explain_supplier);
    if (!supplier.ok()) return supplier.error();
    options.explain_supplier = *supplier;
  }
  auto context = core::EvaluationContext::Create(*rules, *period, std::move(master), options);
  if (!context.ok()) return context.error();
  core::DeliveryAccumulator accumulator(*context);
  core::Status streamed = reader.StreamDeliveries([&](const core::Delivery& d) { accumulator.Add(d); });
  if (!streamed.ok()) return streamed.error();
  if (!reader.diagnostics().empty()) return RowProblems(reader.diagnostics());
  return EvaluateOutcome{*std::move(rules), *std::move(period), core::Evaluate(*context, accumulator)};
}

}  // namespace supeval::service
