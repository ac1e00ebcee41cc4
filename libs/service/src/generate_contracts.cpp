// The contract files of a generated data set (generate_contracts.hpp).
#include "generate_contracts.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "generate_random.hpp"

namespace supeval::service {
namespace {

using core::Date;
using io::CsvWriter;

constexpr std::uint64_t kStreamContracts = 100;  // apart from the evaluation files' streams
constexpr std::uint64_t kStreamEvents = 101;     // events.csv's own: added later, it changed no other file

// The kinds of events.csv (CONTRACTS.md §3) and how often each is drawn
// (percent): disruptions and premium freight are common, recalls rare.
struct EventShare {
  std::string_view kind;
  std::uint64_t percent;
  double cost_chance;  // how often a cost is recorded
  std::int64_t max_euros;
  double notified_chance;  // how often the customer was told
};
constexpr std::array<EventShare, 8> kEventKinds = {{{"yard_hold", 25, 0.3, 2000, 0.05},
                                                    {"stop_ship", 10, 0.5, 15000, 0.3},
                                                    {"premium_freight", 30, 0.95, 8000, 0.0},
                                                    {"special_status", 5, 0.0, 0, 0.5},
                                                    {"field_action", 5, 0.8, 120000, 1.0},
                                                    {"recall", 2, 0.9, 500000, 1.0},
                                                    {"warranty", 13, 0.9, 20000, 0.2},
                                                    {"dealer_return", 10, 0.6, 3000, 0.1}}};

// The contract types of §4 and how often each is drawn (percent).
struct TypeShare {
  std::string_view type;
  std::uint64_t percent;
  std::string_view title;  // the start of a contract's title
};
constexpr std::array<TypeShare, 5> kTypes = {{{"supply", 40, "Supply agreement"},
                                              {"preferred", 25, "Long-term supply agreement"},
                                              {"joint_venture", 10, "Joint venture agreement"},
                                              {"license", 10, "Licence agreement"},
                                              {"co_development", 15, "Co-development agreement"}}};

// A commodity index of the generated market: weekly values, a random walk.
struct IndexSpec {
  std::string_view id;
  std::string_view name;
  std::string_view unit;
  std::string_view currency;  // empty: points
  std::int64_t start_cents;
};
constexpr std::array<IndexSpec, 4> kIndices = {{
    {"LME-AL", "Aluminium, LME cash settlement", "t", "EUR", 230000},
    {"LME-CU", "Copper, LME cash settlement", "t", "EUR", 850000},
    {"STEEL-HRC", "Steel hot-rolled coil, Northern Europe", "t", "EUR", 65000},
    {"PPI-DE", "Producer price index, Germany (2021 = 100)", "pt", "", 12000},
}};
constexpr std::size_t kMetalIndices = 3;         // the first ones; the last is the points fallback
constexpr std::int32_t kIndexHistoryDays = 800;  // values from this long before `from`
constexpr std::int32_t kIndexFutureDays = 130;   // … to this long after `to` (late receipts)

// One of `shares` drawn by their `percent` (which add up to 100).
template <class Share, std::size_t count>
const Share& DrawShare(Random& random, const std::array<Share, count>& shares) {
  std::uint64_t draw = random.Below(100);
  for (const Share& share : shares) {
    if (draw < share.percent) return share;
    draw -= share.percent;
  }
  return shares.front();
}

std::string Cents(std::int64_t cents) {
  const std::string sign = cents < 0 ? "-" : "";
  const std::int64_t magnitude = cents < 0 ? -cents : cents;
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) fraction.insert(0, "0");
  return sign + std::to_string(magnitude / 100) + "." + fraction;
}

std::string ContractId(std::int64_t number) {
  std::string digits = std::to_string(number);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return "CT" + digits;
}

Date FirstOfMonth(Date date) {
  const core::CivilDate civil = date.ToCivil();
  return Date::FromCivil(civil.year, civil.month, 1);
}

struct Contract {
  std::string id;
  const ContractedSupplier* supplier = nullptr;
  std::string_view type;
  std::string title;
  Date start;
  std::optional<Date> end;
  std::string_view currency = "EUR";
  std::vector<std::size_t> materials;    // positions in the supplier's lists
  std::vector<std::int64_t> list_cents;  // by position in `materials`; 0: no price tiers
};

class ContractDraw {
 public:
  ContractDraw(const std::vector<ContractedSupplier>& suppliers, const ContractFilesPlan& plan)
      : suppliers_(suppliers),
        plan_(plan),
        random_(plan.seed, kStreamContracts),
        event_random_(plan.seed, kStreamEvents) {}

  core::Status WriteAll(const FileWriter& write) {
    DrawContracts();
    const std::array<std::pair<std::string_view, void (ContractDraw::*)(CsvWriter&)>, 14> files = {{
        {"contracts.csv", &ContractDraw::WriteContracts},
        {"contract_materials.csv", &ContractDraw::WriteContractMaterials},
        {"price_tiers.csv", &ContractDraw::WritePriceTiers},
        {"indices.csv", &ContractDraw::WriteIndices},
        {"index_values.csv", &ContractDraw::WriteIndexValues},
        {"indexation.csv", &ContractDraw::WriteIndexation},
        {"kpis.csv", &ContractDraw::WriteKpis},
        {"volume_commitments.csv", &ContractDraw::WriteCommitments},
        {"tooling.csv", &ContractDraw::WriteTooling},
        {"milestones.csv", &ContractDraw::WriteMilestones},
        {"alternates.csv", &ContractDraw::WriteAlternates},
        {"events.csv", &ContractDraw::WriteEvents},
        {"warranty_claims.csv", &ContractDraw::WriteWarrantyClaims},
        {"emissions.csv", &ContractDraw::WriteEmissions},
    }};
    for (const auto& [name, fill] : files) {
      core::Status status = write(name, [&, fill = fill](CsvWriter& out) { (this->*fill)(out); });
      if (!status.ok()) return status;
    }
    return core::Ok{};
  }

  [[nodiscard]] std::int64_t count() const { return static_cast<std::int64_t>(contracts_.size()); }

 private:
  // Contracts spread evenly over the suppliers, one each at most; terms
  // that started up to two years before `from` (so that contract years and
  // tiers reach back), most open or running past `to`, some ending inside.
  void DrawContracts() {
    const auto wanted = static_cast<std::size_t>(
        std::clamp<std::int64_t>(plan_.contracts, 0, static_cast<std::int64_t>(suppliers_.size())));
    for (std::size_t k = 0; k < wanted; ++k) {
      Contract contract;
      contract.id = ContractId(static_cast<std::int64_t>(k) + 1);
      contract.supplier = &suppliers_[k * suppliers_.size() / wanted];
      const TypeShare& type = k < kTypes.size() ? kTypes[k] : DrawShare(random_, kTypes);  // every type at least once
      contract.type = type.type;
      contract.title = std::string(type.title) + " " + contract.id;
      contract.start = FirstOfMonth(plan_.from - random_.Days(0, 720));
      const std::uint64_t term = random_.Below(10);
      if (term < 6) contract.end = contract.start.AddMonths(12 * (term < 3 ? 3 : 5)) - 1;
      if (term == 6) contract.end = plan_.from + random_.Days(0, std::max(0, plan_.to - plan_.from));
      if (contract.end && *contract.end < plan_.from) contract.end = plan_.to;
      if (random_.Chance(0.05)) contract.currency = "USD";
      const std::size_t materials = std::min<std::size_t>(contract.supplier->material_ids.size(), 3);
      for (std::size_t m = 0; m < materials; ++m) {
        contract.materials.push_back(m);
        contract.list_cents.push_back(random_.Chance(0.9) ? random_.Between(20, 25000) : 0);
      }
      contracts_.push_back(std::move(contract));
    }
  }

  // Optional cells: the value with `chance`, else empty.
  void MaybeField(CsvWriter& out, double chance, std::string_view value) {
    if (random_.Chance(chance)) out.Field(value);
    else out.EmptyField();
  }
  static void YesNo(CsvWriter& out, bool yes) { out.Field(yes ? std::string_view("yes") : std::string_view("no")); }

  void WriteContracts(CsvWriter& out) {
    out.Row({"contract_id",
             "supplier_id",
             "type",
             "start",
             "end",
             "currency",
             "title",
             "tier_mode",
             "penalty_cap_share",
             "bonus_cap_share",
             "ladder",
             "exclusive",
             "exclusive_until",
             "ip_to_partner",
             "ip_term",
             "software_escrow",
             "dual_source_lead_days",
             "force_majeure",
             "contingency_logistics",
             "steering_committee"});
    constexpr std::array<std::string_view, 3> kTierModes = {"all_units", "graduated", "running"};
    constexpr std::array<std::string_view, 3> kLeadDays = {"90", "180", "240"};
    constexpr std::array<std::string_view, 3> kForceMajeure = {"objective", "generic", "none"};
    for (const Contract& contract : contracts_) {
      const bool research = contract.type == "co_development" || contract.type == "joint_venture";
      out.Field(contract.id);
      out.Field(contract.supplier->id);
      out.Field(contract.type);
      out.Field(contract.start);
      if (contract.end) out.Field(*contract.end);
      else out.EmptyField();
      out.Field(contract.currency);
      out.Field(contract.title);
      MaybeField(out, 0.5, random_.Pick(kTierModes));
      MaybeField(out, 0.05, "0.08");  // above the limit: a health finding
      MaybeField(out, 0.1, "0.03");
      out.Field(random_.Chance(0.1) ? "none" : "default");
      const bool exclusive = random_.Chance(0.15);
      YesNo(out, exclusive);
      if (exclusive && contract.end && random_.Chance(0.5)) out.Field(*contract.end + random_.Days(0, 365));
      else out.EmptyField();
      out.Field(contract.type == "license"                                ? "field_limited"
                : contract.type == "joint_venture" && random_.Chance(0.3) ? "assignment"
                : research && random_.Chance(0.3)                         ? "global"
                                                                          : "none");
      out.Field(random_.Chance(0.1) ? "perpetual" : "term");
      YesNo(out, contract.type == "license" && random_.Chance(0.6));
      MaybeField(out, 0.5, random_.Pick(kLeadDays));
      out.Field(random_.Pick(kForceMajeure));
      YesNo(out, random_.Chance(0.6));
      YesNo(out, research && random_.Chance(0.7));
      out.EndRow();
    }
  }

  void WriteContractMaterials(CsvWriter& out) {
    out.Row({"contract_id", "material_id"});
    for (const Contract& contract : contracts_) {
      for (const std::size_t m : contract.materials) out.Row({contract.id, contract.supplier->material_ids[m]});
    }
  }

  // Three bands: the list price, then 3 % and 6 % off from 40 and 150 lots a year.
  void WritePriceTiers(CsvWriter& out) {
    out.Row({"contract_id", "material_id", "from_qty", "unit_price"});
    for (const Contract& contract : contracts_) {
      for (std::size_t i = 0; i < contract.materials.size(); ++i) {
        const std::int64_t list = contract.list_cents[i];
        if (list == 0) continue;
        const std::string& material = contract.supplier->material_ids[contract.materials[i]];
        const std::int64_t lot = contract.supplier->lot_units[contract.materials[i]];
        out.Row({contract.id, material, "0", Cents(list)});
        out.Row({contract.id, material, std::to_string(lot * 40), Cents(list * 97 / 100)});
        out.Row({contract.id, material, std::to_string(lot * 150), Cents(list * 94 / 100)});
      }
    }
  }

  void WriteIndices(CsvWriter& out) {
    out.Row({"index_id", "name", "unit", "currency"});
    for (const IndexSpec& index : kIndices) out.Row({index.id, index.name, index.unit, index.currency});
  }

  // Every Monday from kIndexHistoryDays before `from` to kIndexFutureDays
  // after `to`: each index a random walk of at most 2 % a week.
  void WriteIndexValues(CsvWriter& out) {
    out.Row({"index_id", "date", "value"});
    const Date first = plan_.from - kIndexHistoryDays - (plan_.from - kIndexHistoryDays).Weekday();
    for (const IndexSpec& index : kIndices) {
      std::int64_t cents = index.start_cents;
      for (Date day = first; day <= plan_.to + kIndexFutureDays; day = day + 7) {
        out.Field(index.id);
        out.Field(day);
        out.Field(Cents(cents));
        out.EndRow();
        cents += cents * random_.Between(-200, 200) / 10000;
      }
    }
  }

  // A third of the EUR supply contracts index their first priced material.
  void WriteIndexation(CsvWriter& out) {
    out.Row({"contract_id", "material_id", "index_id", "content", "base_value", "fixing", "lag_days", "dead_band",
             "share", "floor", "ceiling", "fallback_index_id", "fallback_base_value"});
    for (const Contract& contract : contracts_) {
      const bool supply = contract.type == "supply" || contract.type == "preferred";
      if (!supply || contract.currency != "EUR" || contract.materials.empty() || !random_.Chance(0.35)) continue;
      const IndexSpec& index = kIndices[random_.Below(kMetalIndices)];
      out.Field(contract.id);
      out.Field(contract.supplier->material_ids[contract.materials.front()]);
      out.Field(index.id);
      out.Field("0." + std::to_string(random_.Between(1000, 9999)).insert(0, "00"));  // 0.00xxxx t a unit
      out.Field(Cents(index.start_cents * random_.Between(90, 110) / 100));
      const bool lag = random_.Chance(0.3);
      out.Field(lag ? "lag" : "prev_month_avg");
      out.Field(lag ? std::to_string(random_.Between(0, 30)) : "0");
      out.Field(random_.Chance(0.5) ? "0.05" : "0");
      out.Field(random_.Chance(0.5) ? "0.5" : "1");
      const bool collar = random_.Chance(0.6);
      out.Field(collar ? "-0.05" : "");
      out.Field(collar ? "0.1" : "");
      const bool fallback = random_.Chance(0.5);
      out.Field(fallback ? kIndices.back().id : "");
      out.Field(fallback ? "100" : "");
      out.EndRow();
    }
  }

  void Clause(CsvWriter& out, const Contract& contract, std::string_view kpi, std::string_view target,
              std::string_view penalty_rate, std::string_view bonus_rate, std::string_view cap_share, bool escalate) {
    out.Row({"K" + std::to_string(++clauses_), contract.id, kpi, target, penalty_rate, bonus_rate, cap_share,
             escalate ? "yes" : "no"});
  }

  void WriteKpis(CsvWriter& out) {
    out.Row({"clause_id", "contract_id", "kpi", "target", "penalty_rate", "bonus_rate", "cap_share", "escalate"});
    constexpr std::array<std::string_view, 4> kPpmTargets = {"50", "100", "250", "500"};
    for (Contract& contract : contracts_) {
      if (contract.type == "supply" || contract.type == "preferred") {
        if (random_.Chance(0.85)) Clause(out, contract, "on_time_rate", "95", "0.002", "0.0005", "", false);
        Clause(out, contract, "ppm", random_.Pick(kPpmTargets), "0.00002", "0", "", false);
        if (random_.Chance(0.3)) Clause(out, contract, "lz1", "90", "0.003", "0", "", true);
        if (random_.Chance(0.5)) Clause(out, contract, "total", "80", "0.001", "0.0005", "", true);
        if (random_.Chance(0.3)) Clause(out, contract, "warranty_ppm", "100", "0.00001", "0", "", false);
        if (random_.Chance(0.1)) {
          Clause(out, contract, "co2_per_unit", "2.5", "0.001", "0", "", false);
          co2_contracts_.push_back(&contract);
        }
      } else if (contract.type != "license") {
        Clause(out, contract, "milestones_on_time", "100", "0.002", "0", random_.Chance(0.2) ? "0.1" : "", false);
      }
    }
  }

  // Take-or-pay over the generated span for most preferred-supplier contracts.
  void WriteCommitments(CsvWriter& out) {
    out.Row({"commitment_id", "contract_id", "material_id", "from", "to", "min_qty", "fee_per_unit"});
    std::int64_t number = 0;
    for (const Contract& contract : contracts_) {
      if (contract.type != "preferred" || contract.materials.empty() || !random_.Chance(0.7)) continue;
      const Date from = std::max(contract.start, plan_.from);
      const Date to = contract.end ? std::min(*contract.end, plan_.to) : plan_.to;
      if (to < from) continue;
      const std::size_t m = contract.materials.front();
      out.Row({"V" + std::to_string(++number), contract.id, contract.supplier->material_ids[m], from.ToString(),
               to.ToString(), std::to_string(contract.supplier->lot_units[m] * 30),
               Cents(std::max<std::int64_t>(1, contract.list_cents.front() * 4 / 100))});
    }
  }

  void WriteTooling(CsvWriter& out) {
    out.Row({"tooling_id", "contract_id", "material_id", "amount", "pieces", "from"});
    std::int64_t number = 0;
    for (const Contract& contract : contracts_) {
      if (contract.type == "license" || contract.materials.empty() || !random_.Chance(0.3)) continue;
      const std::size_t m = contract.materials.back();
      out.Row({"T" + std::to_string(++number), contract.id, contract.supplier->material_ids[m],
               Cents(random_.Between(500000, 8000000)), std::to_string(contract.supplier->lot_units[m] * 100),
               random_.Chance(0.5) ? contract.start.ToString() : ""});
    }
  }

  // Ramp-up milestones of the development contracts: on time, late or open.
  void WriteMilestones(CsvWriter& out) {
    out.Row({"milestone_id", "contract_id", "name", "due_date", "approved_on", "payment", "critical"});
    constexpr std::array<std::string_view, 3> kNames = {"PPAP approved", "SOP readiness", "Run at rate"};
    std::int64_t number = 0;
    for (const Contract& contract : contracts_) {
      if (contract.type != "co_development" && contract.type != "joint_venture") continue;
      for (const std::string_view name : kNames) {
        const Date due = plan_.from + random_.Days(-60, std::max(0, plan_.to - plan_.from) + 60);
        const std::uint64_t outcome = random_.Below(100);
        const std::string approved = outcome < 70   ? (due - random_.Days(0, 20)).ToString()
                                     : outcome < 85 ? (due + random_.Days(1, 45)).ToString()
                                                    : "";
        out.Row({"MS" + std::to_string(++number), contract.id, name, due.ToString(), approved,
                 Cents(random_.Between(0, 5000000)), random_.Chance(0.5) ? "yes" : "no"});
      }
    }
  }

  // Second sources for some covered materials: qualified, or still in PPAP.
  void WriteAlternates(CsvWriter& out) {
    out.Row({"material_id", "supplier_id", "qualified_on"});
    for (const Contract& contract : contracts_) {
      for (const std::size_t m : contract.materials) {
        if (suppliers_.size() < 2 || !random_.Chance(0.2)) continue;
        const ContractedSupplier* alternate = &suppliers_[random_.Below(suppliers_.size())];
        if (alternate == contract.supplier) continue;  // (a material has one contract: no row twice)
        out.Row({contract.supplier->material_ids[m], alternate->id,
                 random_.Chance(0.6) ? (plan_.from - random_.Days(0, 400)).ToString() : ""});
      }
    }
  }

  // A few events of each contracted supplier at its plant, in the span of
  // the due dates; the first contract's supplier (the demo's supplier
  // account) always has some, so that its scorecard shows them.
  void WriteEvents(CsvWriter& out) {
    out.Row({"event_id", "supplier_id", "plant_id", "date", "kind", "material_id", "delivery_id", "cost",
             "customer_notified"});
    std::int64_t number = 0;
    for (const Contract& contract : contracts_) {
      const std::int64_t least = &contract == &contracts_.front() ? 3 : -3;
      for (std::int64_t events = event_random_.Between(least, 4); events > 0; --events) {
        const EventShare& kind = DrawShare(event_random_, kEventKinds);
        const bool with_material = !contract.materials.empty() && event_random_.Chance(0.7);
        const bool with_cost = event_random_.Chance(kind.cost_chance);
        out.Row({"EV" + std::to_string(++number), contract.supplier->id, contract.supplier->plant_id,
                 (plan_.from + event_random_.Days(0, std::max(0, plan_.to - plan_.from))).ToString(), kind.kind,
                 with_material ? contract.supplier->material_ids[event_random_.Pick(contract.materials)] : "", "",
                 with_cost ? Cents(event_random_.Between(5000, kind.max_euros * 100)) : "",
                 event_random_.Chance(kind.notified_chance) ? "yes" : "no"});
      }
    }
  }

  void WriteWarrantyClaims(CsvWriter& out) {
    out.Row({"claim_id", "supplier_id", "material_id", "date", "quantity", "supplier_share"});
    std::int64_t number = 0;
    for (const Contract& contract : contracts_) {
      if (contract.materials.empty()) continue;
      for (std::int64_t claims = random_.Between(-4, 3); claims > 0; --claims) {
        out.Row({"W" + std::to_string(++number), contract.supplier->id,
                 contract.supplier->material_ids[random_.Pick(contract.materials)],
                 (plan_.from + random_.Days(0, std::max(0, plan_.to - plan_.from))).ToString(),
                 std::to_string(random_.Between(1, 20)), random_.Chance(0.5) ? "0.5" : "1"});
      }
    }
  }

  // Declared footprints of the contracts with a CO2 clause, per half-year.
  void WriteEmissions(CsvWriter& out) {
    out.Row({"supplier_id", "material_id", "period", "kg_co2e_per_unit"});
    for (const Contract* contract : co2_contracts_) {
      for (const std::size_t m : contract->materials) {
        for (Date half = FirstOfMonth(plan_.from); half <= plan_.to; half = half.AddMonths(6)) {
          const core::CivilDate civil = half.ToCivil();
          const std::string period = std::to_string(civil.year) + (civil.month <= 6 ? "-H1" : "-H2");
          out.Row({contract->supplier->id, contract->supplier->material_ids[m], period,
                   "2." + std::to_string(random_.Between(10, 99))});
        }
      }
    }
  }

  const std::vector<ContractedSupplier>& suppliers_;
  const ContractFilesPlan& plan_;
  Random random_;
  Random event_random_;
  std::vector<Contract> contracts_;
  std::vector<const Contract*> co2_contracts_;
  std::int64_t clauses_ = 0;
};

}  // namespace

core::Result<std::int64_t> WriteContractFiles(const std::vector<ContractedSupplier>& suppliers,
                                              const ContractFilesPlan& plan, const FileWriter& write) {
  ContractDraw draw(suppliers, plan);
  if (core::Status status = draw.WriteAll(write); !status.ok()) return status.error();
  return draw.count();
}

}  // namespace supeval::service
