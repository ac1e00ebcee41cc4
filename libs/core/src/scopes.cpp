// Ratings per plant and per company (docs/EVALUATION.md, "Scopes"): one
// engine context per scope over the scope's complaints, the deliveries routed
// to their plant's scope, the supplier's QZ3 column decided over all its
// deliveries.
#include "supeval/core/scopes.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace supeval::core {

namespace {

constexpr std::array<std::pair<ScopeKind, std::string_view>, 3> kScopeNames = {
    {{ScopeKind::kSupplier, "supplier"}, {ScopeKind::kPlant, "plant"}, {ScopeKind::kCompany, "company"}}};

}  // namespace

std::string_view ScopeKindName(ScopeKind kind) {
  for (const auto& [known, name] : kScopeNames) {
    if (known == kind) return name;
  }
  return {};
}

std::optional<ScopeKind> ParseScopeKind(std::string_view name) {
  for (const auto& [kind, known] : kScopeNames) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

// One plant or company: the engine over its records.
struct Scope {
  std::string id;
  std::unique_ptr<EvaluationContext> context;  // not moved: the accumulator points to it
  std::unique_ptr<DeliveryAccumulator> accumulator;
  std::vector<bool> has_complaint;  // by supplier: a complaint in the period raised here
};

struct ScopedEvaluator::Impl {
  ScopeKind kind = ScopeKind::kPlant;
  Period period;
  std::vector<Plant> plants;
  std::vector<Index> suppliers_by_id;  // supplier indices sorted by supplier_id
  std::vector<Index> scope_of_plant;   // kNoIndex: a plant of no company
  std::vector<bool> material_indirect;
  std::vector<bool> plant_active;  // a delivery or complaint in the period
  std::vector<bool> supplier_production;
  std::vector<bool> qz3_indirect;  // by supplier: every commodity it delivered is indirect
  std::vector<Scope> scopes;       // sorted by id

  // The scope id of `plant` under this kind; empty: in no scope.
  [[nodiscard]] const std::string& ScopeIdOf(const Plant& plant) const {
    return kind == ScopeKind::kCompany ? plant.company : plant.id;
  }

  void AssignScopes() {
    std::map<std::string, Index> ids;
    for (const Plant& plant : plants) {
      if (!ScopeIdOf(plant).empty()) ids.emplace(ScopeIdOf(plant), 0);
    }
    for (auto& [id, number] : ids) {
      number = static_cast<Index>(scopes.size());
      scopes.push_back({id, nullptr, nullptr, {}});
    }
    for (const Plant& plant : plants) {
      const std::string& id = ScopeIdOf(plant);
      scope_of_plant.push_back(id.empty() ? kNoIndex : ids.at(id));
    }
  }

  // Spec "Scopes": a scope sees only the complaints raised at its plants.
  Status CreateContexts(const RuleSet& rules, const MasterData& master) {
    for (Index number = 0; number < scopes.size(); ++number) {
      Scope& scope = scopes[number];
      scope.has_complaint.assign(master.suppliers.size(), false);
      MasterData scoped = master;
      scoped.complaints.clear();
      for (const Complaint& complaint : master.complaints) {
        if (scope_of_plant[complaint.plant] != number) continue;
        scoped.complaints.push_back(complaint);
        if (period.Contains(complaint.date)) scope.has_complaint[complaint.supplier] = true;
      }
      EvaluationOptions options;
      options.qz3_indirect_by_supplier = &qz3_indirect;
      auto context = EvaluationContext::Create(rules, period, std::move(scoped), options);
      if (!context.ok()) return context.error();
      scope.context = std::make_unique<EvaluationContext>(*std::move(context));
      scope.accumulator = std::make_unique<DeliveryAccumulator>(*scope.context);
    }
    return Ok{};
  }

  // Spec "Scopes": --scope company needs the company of every plant with
  // records in the period.
  [[nodiscard]] Status CheckCompanies() const {
    if (kind != ScopeKind::kCompany) return Ok{};
    for (Index plant = 0; plant < plants.size(); ++plant) {
      if (!plant_active[plant] || !plants[plant].company.empty()) continue;
      const std::string message = "empty, --scope company needs each plant's company";
      if (plants[plant].line == 0) return BadInput("plant '" + plants[plant].id + "': " + message, {"", 0, "company"});
      return BadInput(message, {"plants.csv", plants[plant].line, "company"});
    }
    return Ok{};
  }
};

Result<ScopedEvaluator> ScopedEvaluator::Create(const RuleSet& rules, const Period& period, const MasterData& master,
                                                ScopeKind kind) {
  auto impl = std::make_unique<Impl>();
  impl->kind = kind;
  impl->period = period;
  impl->plants = master.plants;
  impl->plant_active.assign(master.plants.size(), false);
  impl->supplier_production.assign(master.suppliers.size(), false);
  impl->qz3_indirect.assign(master.suppliers.size(), false);
  for (Index i = 0; i < master.suppliers.size(); ++i) impl->suppliers_by_id.push_back(i);
  std::sort(impl->suppliers_by_id.begin(), impl->suppliers_by_id.end(),
            [&](Index a, Index b) { return master.suppliers[a].id < master.suppliers[b].id; });
  const std::vector<std::string>& indirect = rules.indirect_commodities;
  for (const Material& material : master.materials) {
    impl->material_indirect.push_back(std::find(indirect.begin(), indirect.end(), material.commodity) !=
                                      indirect.end());
  }
  for (const Complaint& complaint : master.complaints) {
    if (period.Contains(complaint.date)) impl->plant_active[complaint.plant] = true;
  }
  impl->AssignScopes();
  if (Status created = impl->CreateContexts(rules, master); !created.ok()) return created.error();
  return ScopedEvaluator(std::move(impl));
}

ScopedEvaluator::ScopedEvaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ScopedEvaluator::ScopedEvaluator(ScopedEvaluator&&) noexcept = default;
ScopedEvaluator& ScopedEvaluator::operator=(ScopedEvaluator&&) noexcept = default;
ScopedEvaluator::~ScopedEvaluator() = default;

void ScopedEvaluator::Add(const Delivery& delivery) {
  Impl& impl = *impl_;
  if (impl.period.Contains(delivery.receipt_date)) {
    impl.plant_active[delivery.plant] = true;
    // Spec QZ3: the indirect column needs every commodity delivered (any
    // plant) to be indirect.
    if (!impl.material_indirect[delivery.material]) impl.supplier_production[delivery.supplier] = true;
    impl.qz3_indirect[delivery.supplier] = !impl.supplier_production[delivery.supplier];
  }
  const Index own = impl.scope_of_plant[delivery.plant];
  if (own != kNoIndex) impl.scopes[own].accumulator->Add(delivery);
  if (delivery.referenced_slot == kNoIndex) return;
  // A complaint raised at another plant may name this delivery: the other
  // scopes note its material and lot without counting it, as the engine
  // notes a named delivery received outside the period.
  Delivery noted = delivery;
  noted.receipt_date = impl.period.first - 1;
  for (Index number = 0; number < impl.scopes.size(); ++number) {
    if (number != own) impl.scopes[number].accumulator->Add(noted);
  }
}

Result<std::vector<ScopedResult>> ScopedEvaluator::Evaluate() const {
  const Impl& impl = *impl_;
  if (Status checked = impl.CheckCompanies(); !checked.ok()) return checked.error();
  std::vector<ScopedResult> rows;
  for (const Scope& scope : impl.scopes) {
    Evaluation evaluation = core::Evaluate(*scope.context, *scope.accumulator);
    for (const Index supplier : impl.suppliers_by_id) {
      SupplierResult& result = evaluation.results[supplier];
      if (result.deliveries == 0 && !scope.has_complaint[supplier]) continue;
      rows.push_back({scope.id, std::move(result)});
    }
  }
  return rows;
}

}  // namespace supeval::core
