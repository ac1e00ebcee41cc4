// The records of CONTRACTS.md §3 as the contract engine sees them: every
// optional file of the data folder beside the evaluation's own, read and
// validated by io (or store), ids of the evaluation's records resolved to the
// MasterData indices (records.hpp), numbers exact (Rational). Empty optional
// cells are std::nullopt here; the rule set's defaults (§12) are applied by
// the engine, not the reader, so a record says what the file said.
// Plain values: thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/period.hpp"
#include "supeval/core/rational.hpp"
#include "supeval/core/records.hpp"

namespace supeval::core::contracts {

enum class ContractType : std::uint8_t { kSupply, kPreferred, kJointVenture, kLicense, kCoDevelopment };
enum class TierMode : std::uint8_t { kAllUnits, kGraduated, kRunning };
enum class IpToPartner : std::uint8_t { kNone, kFieldLimited, kGlobal, kAssignment };
enum class IpTerm : std::uint8_t { kTerm, kPerpetual };
enum class ForceMajeure : std::uint8_t { kNone, kGeneric, kObjective };
enum class Fixing : std::uint8_t { kPrevMonthAvg, kLag };
enum class Kpi : std::uint8_t {
  kTotal,
  kQz,
  kLz,
  kQz1,
  kQz2,
  kQz3,
  kQz4,
  kLz1,
  kLz2,
  kPpm,
  kOnTimeRate,
  kWarrantyPpm,
  kMilestonesOnTime,
  kCo2PerUnit,
};
enum class EventKind : std::uint8_t {
  kYardHold,
  kStopShip,
  kPremiumFreight,
  kSpecialStatus,
  kFieldAction,
  kRecall,
  kWarranty,
  kDealerReturn,
};
enum class Decision : std::uint8_t { kEscalate, kDeescalate, kClose, kWithdrawHold };
enum class Cause : std::uint8_t { kQuality, kDelivery };

// `line` members: the 1-based line of the record in its file, for messages
// found while computing (§3 "found while computing").

struct Contract {  // contracts.csv
  std::string id;
  Index supplier = kNoIndex;
  ContractType type = ContractType::kSupply;
  Date start;
  std::optional<Date> end;  // none: open
  std::string currency;
  std::string title;
  std::optional<TierMode> tier_mode;  // none: the rule set's
  std::optional<Rational> penalty_cap_share;
  std::optional<Rational> bonus_cap_share;
  std::string ladder = "default";  // "none": no ladder
  bool exclusive = false;
  std::optional<Date> exclusive_until;
  IpToPartner ip_to_partner = IpToPartner::kNone;
  IpTerm ip_term = IpTerm::kTerm;
  bool software_escrow = false;
  std::optional<std::int32_t> dual_source_lead_days;
  ForceMajeure force_majeure = ForceMajeure::kNone;
  bool contingency_logistics = false;
  bool steering_committee = false;
  std::vector<Index> materials;  // from contract_materials.csv, in file order
  std::uint64_t line = 0;

  // The term meets [first, last].
  [[nodiscard]] bool Meets(Date first, Date last) const { return start <= last && (!end || *end >= first); }
  [[nodiscard]] bool Covers(Date date) const { return start <= date && (!end || date <= *end); }
};

struct PriceTier {     // price_tiers.csv
  Index contract = 0;  // index into ContractData::contracts
  Index material = kNoIndex;
  Decimal from_qty;
  Rational unit_price;
  std::uint64_t line = 0;
};

struct PriceIndex {  // indices.csv
  std::string id;
  std::string name;
  std::string unit;
  std::string currency;  // empty: a points index
};

struct IndexValue {  // index_values.csv
  Index index = 0;   // into ContractData::indices
  Date date;
  Rational value;
};

struct Indexation {  // indexation.csv
  Index contract = 0;
  Index material = kNoIndex;
  Index index = 0;
  Rational content;
  Rational base_value;
  Fixing fixing = Fixing::kPrevMonthAvg;
  std::int32_t lag_days = 0;
  Rational dead_band;               // default 0
  Rational share{1};                // default 1
  std::optional<Rational> floor;    // <= 0
  std::optional<Rational> ceiling;  // >= 0
  std::optional<Index> fallback_index;
  std::optional<Rational> fallback_base_value;
  std::uint64_t line = 0;
};

struct KpiClause {  // kpis.csv
  std::string id;   // clause_id
  Index contract = 0;
  Kpi kpi = Kpi::kTotal;
  Rational target;
  Rational penalty_rate;              // default 0
  Rational bonus_rate;                // default 0
  std::optional<Rational> cap_share;  // none: the rule set's kpi_cap_share
  bool escalate = false;
  std::uint64_t line = 0;
};

struct VolumeCommitment {  // volume_commitments.csv
  std::string id;
  Index contract = 0;
  Index material = kNoIndex;
  Date from;
  Date to;
  Decimal min_qty;
  Rational fee_per_unit;
};

struct Tooling {  // tooling.csv
  std::string id;
  Index contract = 0;
  Index material = kNoIndex;
  Rational amount;
  Decimal pieces;            // > 0
  std::optional<Date> from;  // none: the contract's start
};

struct Milestone {  // milestones.csv
  std::string id;
  Index contract = 0;
  std::string name;
  Date due_date;
  std::optional<Date> approved_on;
  Rational payment;  // default 0
  bool critical = false;
};

struct Alternate {  // alternates.csv
  Index material = kNoIndex;
  Index supplier = kNoIndex;
  std::optional<Date> qualified_on;
};

struct Event {  // events.csv
  std::string id;
  Index supplier = kNoIndex;
  Index plant = kNoIndex;
  Date date;
  EventKind kind = EventKind::kYardHold;
  Index material = kNoIndex;  // the row's material_id, else its delivery's, else none
  std::string delivery_id;    // as written; empty: none
  std::optional<Rational> cost;
  bool customer_notified = false;
  std::uint64_t line = 0;
};

struct WarrantyClaim {  // warranty_claims.csv
  std::string id;
  Index supplier = kNoIndex;
  Index material = kNoIndex;
  Date date;
  Decimal quantity;
  Rational supplier_share{1};
};

struct PublishedResult {  // published.csv: the cells as written (compared exactly)
  Index supplier = kNoIndex;
  Period period;
  Date published_on;
  std::string status;  // "evaluated" | "not_evaluated"
  std::string grade_class;
  // total, qz, qz1, qz2, qz3, qz4, lz, lz1, lz2, ppm: none when empty.
  std::optional<Rational> total, qz, qz1, qz2, qz3, qz4, lz, lz1, lz2, ppm;
  std::uint64_t line = 0;
};

struct EscalationDecision {  // escalation_decisions.csv, in file order
  Index contract = 0;
  Date date;
  Decision decision = Decision::kEscalate;
  std::string user;
  std::string reason;
  std::string to_level;  // empty: none
  Cause cause = Cause::kQuality;
  std::uint64_t line = 0;
};

struct SettledLine {  // settled.csv
  Index contract = 0;
  Period period;
  std::string kind;  // as written (a settle output's `kind`)
  std::string ref;
  std::string material_id;  // as written; may be empty
  Rational amount;          // may be negative, at most 2 decimals
  std::uint64_t line = 0;
};

struct Emission {  // emissions.csv
  Index supplier = kNoIndex;
  Index material = kNoIndex;
  Period period;
  Rational kg_co2e_per_unit;
};

// Everything of §3, each vector in file order (valid rows only).
struct ContractData {
  std::vector<Contract> contracts;
  std::vector<PriceTier> price_tiers;
  std::vector<PriceIndex> indices;
  std::vector<IndexValue> index_values;
  std::vector<Indexation> indexations;
  std::vector<KpiClause> kpis;
  std::vector<VolumeCommitment> commitments;
  std::vector<Tooling> toolings;
  std::vector<Milestone> milestones;
  std::vector<Alternate> alternates;
  std::vector<Event> events;
  std::vector<WarrantyClaim> warranty_claims;
  std::vector<PublishedResult> published;
  std::vector<EscalationDecision> decisions;
  std::vector<SettledLine> settled;
  std::vector<Emission> emissions;
};

}  // namespace supeval::core::contracts
