// Reading and validating the contract files of a data folder (CONTRACTS.md
// §3). Each file's rows are read cell by cell (one message per faulty cell);
// a row whose cells are all valid is then checked against its row rules in
// the order of §3's list, and gives one message for the first it breaks.
#include "supeval/io/contracts_reader.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "contract_cells.hpp"
#include "contract_files.hpp"
#include "row_reader.hpp"
#include "supeval/core/decimal.hpp"

namespace supeval::io {

namespace {

// The ids of one of the evaluation's files, for RowReader::ReadReferenceIn.
struct EvaluationIds {
  const DatasetReader& reader;
  DatasetReader::IdFile file;
  [[nodiscard]] Index Find(std::string_view id) const { return reader.FindId(file, id); }
  [[nodiscard]] bool listed() const { return reader.Listed(file); }
};

// The row rule a valid row breaks (§3: one message per row); an empty
// message refuses the row without one (it names a faulty row).
struct Breach {
  std::string_view column;
  std::string message;
};
using RuleCheck = std::optional<Breach>;

void Apply(RowReader& row, const RuleCheck& breach) {
  if (!breach) return;
  if (breach->message.empty()) row.Refuse();
  else row.Fail(breach->column, breach->message);
}

std::string Text(RowReader& row, const Column& column) { return std::string(row.Text(column, false).value_or("")); }

// Whether two contracts' terms (no end: open) share a day.
bool Overlap(const cc::Contract& first, const cc::Contract& second) {
  return (!second.end || first.start <= *second.end) && (!first.end || second.start <= *first.end);
}

// Reads the folder's contract files into `data` (ContractsReader::Read).
class FolderReading {
 public:
  FolderReading(const std::filesystem::path& directory, const core::RuleSet& rules,
                const cc::ContractRules& contract_rules, DatasetReader& evaluation, Diagnostics& diagnostics,
                cc::ContractData& data, std::vector<std::pair<Index, Index>>& event_deliveries)
      : directory_(directory),
        rules_(rules),
        contract_rules_(contract_rules),
        evaluation_(evaluation),
        diagnostics_(diagnostics),
        data_(data),
        event_deliveries_(event_deliveries),
        suppliers_{evaluation, DatasetReader::IdFile::kSuppliers},
        plants_{evaluation, DatasetReader::IdFile::kPlants},
        materials_{evaluation, DatasetReader::IdFile::kMaterials} {}

  void ReadAll() {
    ReadFile(kContracts, &FolderReading::ReadContract, &contract_ids_, "contract_id");
    ReadFile(kContractMaterials, &FolderReading::ReadContractMaterial, nullptr, "", &FolderReading::NoteRefusedCover);
    ReadFile(kPriceTiers, &FolderReading::ReadPriceTier, nullptr, "", &FolderReading::NoteRefusedTier,
             &FolderReading::CheckBandsFromZero);
    ReadFile(kIndices, &FolderReading::ReadIndex, &index_ids_, "index_id");
    ReadFile(kIndexValues, &FolderReading::ReadIndexValue);
    ReadFile(kIndexation, &FolderReading::ReadIndexation);
    ReadFile(kKpis, &FolderReading::ReadKpi, &clause_ids_, "clause_id");
    ReadFile(kCommitments, &FolderReading::ReadCommitment, &commitment_ids_, "commitment_id");
    ReadFile(kTooling, &FolderReading::ReadTooling, &tooling_ids_, "tooling_id");
    ReadFile(kMilestones, &FolderReading::ReadMilestone, &milestone_ids_, "milestone_id");
    ReadFile(kAlternates, &FolderReading::ReadAlternate);
    ReadEventFile();
    ReadFile(kWarrantyClaims, &FolderReading::ReadWarrantyClaim, &claim_ids_, "claim_id");
    ReadFile(kPublished, &FolderReading::ReadPublished);
    ReadFile(kDecisions, &FolderReading::ReadDecision);
    ReadFile(kSettled, &FolderReading::ReadSettled);
    ReadFile(kEmissions, &FolderReading::ReadEmission);
  }

  // events.csv names no other contract file, so it may be read alone (evaluate).
  void ReadEventFile() { ReadFile(kEvents, &FolderReading::ReadEvent, &event_ids_, "event_id"); }

 private:
  using RowFunction = void (FolderReading::*)(RowReader&);
  using RefusedFunction = void (FolderReading::*)(const CsvRecord&, const ColumnMap&);
  using FinishFunction = void (FolderReading::*)(const std::string& display, Diagnostics& problems);

  // Whether a (contract, material) is covered by a valid contract_materials
  // line, or named only by faulty ones (rows naming it are then refused
  // without a message, §3).
  enum class Cover : std::uint8_t { kCovered, kOnlyFaultyLines };
  using ContractMaterial = std::pair<Index, Index>;  // contract record, material

  // A (contract, material)'s price tiers, for the band from 0.
  struct Tiers {
    std::uint64_t first_line = 0;  // of its first valid line
    std::string material_id;       // as that line writes it
    bool from_zero = false;
    bool faulty_line = false;
  };

  // Reads `spec`'s file when it exists (absent: empty). A record refused
  // before its cells are read (a wrong number of fields) still defines its
  // `id_column` in `ids` (§3: counts as known), and goes to `refused`.
  // `finish` adds the problems found once every row is read; the file's
  // problems are listed in line order.
  void ReadFile(const FileSpec& spec, RowFunction read_row, DefinedIds* ids = nullptr, std::string_view id_column = "",
                RefusedFunction refused = nullptr, FinishFunction finish = nullptr) {
    const std::filesystem::path path = directory_ / spec.name;
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return;
    const std::string display = path.string();
    Diagnostics problems;
    ReadRows(spec, display, problems, read_row, ids, id_column, refused);
    if (finish != nullptr) (this->*finish)(display, problems);
    AppendInLineOrder(problems);
  }

  void ReadRows(const FileSpec& spec, const std::string& display, Diagnostics& problems, RowFunction read_row,
                DefinedIds* ids, std::string_view id_column, RefusedFunction refused) {
    auto file = OpenWithHeader(directory_ / spec.name, display, spec, problems);
    if (!file) {
      if (ids != nullptr) ids->MarkUnlisted();
      if (&spec == &kContractMaterials) covers_unlisted_ = true;
      return;
    }
    const auto on_refused = [&](const CsvRecord& record) {
      if (ids != nullptr) {
        if (const auto id = FieldOf(record, file->columns, id_column)) ids->DefineRefused(*id, record.line);
      }
      if (refused != nullptr) (this->*refused)(record, file->columns);
    };
    ForEachRow([&](CsvRecord& record) { return file->reader.Next(record); }, display, file->columns, problems,
               [&](RowReader& row) { (this->*read_row)(row); }, on_refused);
  }

  // Adds one file's problems by line (a row's in the order found); a
  // problem of no one column names the column `-` (§3: the row as a whole,
  // or the header).
  void AppendInLineOrder(const Diagnostics& problems) {
    std::vector<core::Error> errors = problems.errors();
    std::stable_sort(errors.begin(), errors.end(),
                     [](const core::Error& a, const core::Error& b) { return a.location.line < b.location.line; });
    for (core::Error& error : errors) {
      if (error.location.field.empty()) error.location.field = "-";
      diagnostics_.Add(std::move(error));
    }
    diagnostics_.CountMore(problems.count() - problems.errors().size());
  }

  // The text of a refused record's field in `column`, if it has one.
  static std::optional<std::string_view> FieldOf(const CsvRecord& record, const ColumnMap& columns,
                                                 std::string_view column) {
    const auto position = columns.Find(column);
    if (!position || *position >= record.fields.size() || record.fields[*position].empty() ||
        CheckText(record.fields[*position]) != TextProblem::kNone) {
      return std::nullopt;
    }
    return record.fields[*position];
  }

  // The (contract, material) a refused record names, when both are known.
  std::optional<ContractMaterial> ContractMaterialOf(const CsvRecord& record, const ColumnMap& columns) const {
    const auto contract = FieldOf(record, columns, "contract_id");
    const auto material = FieldOf(record, columns, "material_id");
    if (!contract || !material) return std::nullopt;
    const Index id = contract_ids_.Find(*contract);
    const Index record_index = id == kNoIndex ? kNoIndex : contract_ids_.RecordOf(id);
    const Index material_index = materials_.Find(*material);
    if (record_index == kNoIndex || material_index == kNoIndex) return std::nullopt;
    return ContractMaterial{record_index, material_index};
  }

  // -------------------------------------------------------------------------
  // contracts.csv, contract_materials.csv, price_tiers.csv

  void ReadContract(RowReader& row) {
    cc::Contract contract;
    const auto id = contract_ids_.ReadNew(row, row.Resolve("contract_id"));
    contract.supplier = row.ReadReferenceIn("supplier_id", suppliers_, "supplier", true);
    const auto type = row.ReadEnum("type", kContractTypes, true);
    const auto start = row.ReadDate("start", true);
    const auto currency = ReadCurrency(row, row.Resolve("currency"), true);
    contract.end = row.ReadDate("end", false);
    contract.title = Text(row, row.Resolve("title"));
    contract.tier_mode = row.ReadEnum("tier_mode", kTierModes, false);
    contract.penalty_cap_share = ReadShare(row, row.Resolve("penalty_cap_share"), false);
    contract.bonus_cap_share = ReadShare(row, row.Resolve("bonus_cap_share"), false);
    if (const auto ladder = row.Text("ladder", false)) contract.ladder = std::string(*ladder);
    contract.exclusive = row.ReadEnum("exclusive", kYesNo, false).value_or(false);
    contract.exclusive_until = row.ReadDate("exclusive_until", false);
    contract.ip_to_partner = row.ReadEnum("ip_to_partner", kIpToPartner, false).value_or(cc::IpToPartner::kNone);
    contract.ip_term = row.ReadEnum("ip_term", kIpTerms, false).value_or(cc::IpTerm::kTerm);
    contract.software_escrow = row.ReadEnum("software_escrow", kYesNo, false).value_or(false);
    contract.dual_source_lead_days = ReadWholeNumber(row, row.Resolve("dual_source_lead_days"), false);
    contract.force_majeure = row.ReadEnum("force_majeure", kForceMajeure, false).value_or(cc::ForceMajeure::kNone);
    contract.contingency_logistics = row.ReadEnum("contingency_logistics", kYesNo, false).value_or(false);
    contract.steering_committee = row.ReadEnum("steering_committee", kYesNo, false).value_or(false);
    if (row.ok()) {
      contract.type = *type;
      contract.start = *start;
      contract.currency = std::string(*currency);
      Apply(row, ContractRules(contract));
    }
    const Index record = row.ok() ? static_cast<Index>(data_.contracts.size()) : kNoIndex;
    if (id) contract_ids_.Define(*id, row.line(), record);
    if (!row.ok()) return;
    contract.id = std::string(*id);
    contract.line = row.line();
    data_.contracts.push_back(std::move(contract));
  }

  RuleCheck ContractRules(const cc::Contract& contract) const {
    if (contract.end && *contract.end < contract.start) return Breach{"end", "is before start"};
    if (contract.ladder != "none" && contract_rules_.ladders.count(contract.ladder) == 0) {
      std::string names;
      for (const auto& [name, ladder] : contract_rules_.ladders) names += name + ", ";
      return Breach{"ladder", "unknown ladder " + InQuotes(contract.ladder) + " (expected " + names + "or none)"};
    }
    return std::nullopt;
  }

  void ReadContractMaterial(RowReader& row) {
    const Index contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    const Index material = row.ReadReferenceIn("material_id", materials_, "material", true);
    if (row.ok()) Apply(row, CoverRules(row, {contract, material}));
    const ContractMaterial key{contract, material};
    if (!row.ok()) {
      if (contract != kNoIndex && material != kNoIndex) covers_.try_emplace(key, Cover::kOnlyFaultyLines);
      return;
    }
    cover_lines_.Add(key, row.line());
    covers_[key] = Cover::kCovered;
    data_.contracts[contract].materials.push_back(material);
    sources_[{data_.contracts[contract].supplier, material}].push_back(contract);
  }

  RuleCheck CoverRules(RowReader& row, const ContractMaterial& key) const {
    const cc::Contract& contract = data_.contracts[key.first];
    const std::string material = Text(row, row.Resolve("material_id"));
    if (const auto first = cover_lines_.FirstLine(key)) {
      return Breach{"material_id",
                    "contract " + contract.id + " covers material " + material + " twice" + FirstAt(*first)};
    }
    const auto sources = sources_.find({contract.supplier, key.second});
    if (sources == sources_.end()) return std::nullopt;
    for (const Index other : sources->second) {
      if (Overlap(contract, data_.contracts[other])) {
        return Breach{"material_id", "material " + material + " is covered by contract " + data_.contracts[other].id +
                                         " of the same supplier too, whose term overlaps " + contract.id + "'s"};
      }
    }
    return std::nullopt;
  }

  void NoteRefusedCover(const CsvRecord& record, const ColumnMap& columns) {
    if (const auto key = ContractMaterialOf(record, columns)) covers_.try_emplace(*key, Cover::kOnlyFaultyLines);
  }

  // Whether the row's contract covers its material (§3); a material that
  // only faulty contract_materials lines name refuses the row silently.
  RuleCheck CoverageRule(RowReader& row, const ContractMaterial& key) const {
    const auto cover = covers_.find(key);
    if (cover != covers_.end() && cover->second == Cover::kCovered) return std::nullopt;
    if (cover != covers_.end() || covers_unlisted_) return Breach{"material_id", ""};
    return Breach{"material_id", "material " + Text(row, row.Resolve("material_id")) + " is not covered by contract " +
                                     data_.contracts[key.first].id + " (contract_materials.csv)"};
  }

  void ReadPriceTier(RowReader& row) {
    cc::PriceTier tier;
    tier.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    tier.material = row.ReadReferenceIn("material_id", materials_, "material", true);
    const auto from_qty = row.ReadDecimal("from_qty", true);
    const auto unit_price = ReadNumber(row, row.Resolve("unit_price"), true);
    const ContractMaterial key{tier.contract, tier.material};
    using TierKey = std::tuple<Index, Index, std::int64_t>;
    if (row.ok()) {
      const TierKey tier_key{tier.contract, tier.material, from_qty->micros()};
      if (const auto first = tier_lines_.FirstLine(tier_key)) {
        Apply(row, Breach{"from_qty", "contract " + data_.contracts[tier.contract].id + " has a tier of material " +
                                          Text(row, row.Resolve("material_id")) + " from " + from_qty->ToString() +
                                          " twice" + FirstAt(*first)});
      } else {
        Apply(row, CoverageRule(row, key));
      }
    }
    if (tier.contract == kNoIndex || tier.material == kNoIndex) return;
    Tiers& tiers = tiers_[key];
    if (!row.ok()) {
      tiers.faulty_line = true;
      return;
    }
    tier_lines_.Add({tier.contract, tier.material, from_qty->micros()}, row.line());
    if (tiers.first_line == 0) {
      tiers.first_line = row.line();
      tiers.material_id = Text(row, row.Resolve("material_id"));
    }
    tiers.from_zero = tiers.from_zero || from_qty->micros() == 0;
    tier.from_qty = *from_qty;
    tier.unit_price = *unit_price;
    tier.line = row.line();
    data_.price_tiers.push_back(std::move(tier));
  }

  void NoteRefusedTier(const CsvRecord& record, const ColumnMap& columns) {
    if (const auto key = ContractMaterialOf(record, columns)) tiers_[*key].faulty_line = true;
  }

  // A covered material whose tiers have no band from 0, on its first tier
  // line (§3), once the file is read; not when one of its lines is faulty.
  void CheckBandsFromZero(const std::string& display, Diagnostics& problems) {
    std::vector<std::pair<std::uint64_t, ContractMaterial>> missing;
    for (const auto& [key, tiers] : tiers_) {
      if (!tiers.from_zero && !tiers.faulty_line && tiers.first_line != 0) missing.emplace_back(tiers.first_line, key);
    }
    std::sort(missing.begin(), missing.end());
    for (const auto& [line, key] : missing) {
      problems.Add(core::BadInput("contract " + data_.contracts[key.first].id + " has no tier of material " +
                                      tiers_[key].material_id + " from 0 (the band that sets its list price)",
                                  {display, line, "from_qty"}));
    }
  }

  // -------------------------------------------------------------------------
  // indices.csv, index_values.csv, indexation.csv

  void ReadIndex(RowReader& row) {
    cc::PriceIndex index;
    const auto id = index_ids_.ReadNew(row, row.Resolve("index_id"));
    index.name = Text(row, row.Resolve("name"));
    index.unit = Text(row, row.Resolve("unit"));
    index.currency = std::string(ReadCurrency(row, row.Resolve("currency"), false).value_or(""));
    const Index record = row.ok() ? static_cast<Index>(data_.indices.size()) : kNoIndex;
    if (id) index_ids_.Define(*id, row.line(), record);
    if (!row.ok()) return;
    index.id = std::string(*id);
    data_.indices.push_back(std::move(index));
  }

  void ReadIndexValue(RowReader& row) {
    cc::IndexValue value;
    value.index = index_ids_.ReadReference(row, row.Resolve("index_id"), "index");
    const auto date = row.ReadDate("date", true);
    const auto number = ReadNumber(row, row.Resolve("value"), true);
    if (row.ok()) {
      if (const auto first = value_lines_.FirstLine({value.index, date->days()})) {
        Apply(row, Breach{"date", "index " + data_.indices[value.index].id + " has a value on " + date->ToString() +
                                      " twice" + FirstAt(*first)});
      }
    }
    if (!row.ok()) return;
    value_lines_.Add({value.index, date->days()}, row.line());
    value.date = *date;
    value.value = *number;
    data_.index_values.push_back(std::move(value));
  }

  void ReadIndexation(RowReader& row) {
    cc::Indexation indexation;
    indexation.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    indexation.material = row.ReadReferenceIn("material_id", materials_, "material", true);
    IndexFaults faults;
    indexation.index = index_ids_.ReadReferenceKeepingFaulty(row, row.Resolve("index_id"), "index", true, faults.index);
    const auto content = ReadNumber(row, row.Resolve("content"), true);
    const auto base_value = ReadNonZero(row, row.Resolve("base_value"), true);
    indexation.fixing = row.ReadEnum("fixing", kFixings, false).value_or(cc::Fixing::kPrevMonthAvg);
    indexation.lag_days = ReadWholeNumber(row, row.Resolve("lag_days"), false).value_or(0);
    indexation.dead_band = ReadShare(row, row.Resolve("dead_band"), false).value_or(core::Rational());
    indexation.share = ReadShare(row, row.Resolve("share"), false).value_or(core::Rational(1));
    indexation.floor = ReadFloor(row, row.Resolve("floor"));
    indexation.ceiling = ReadNumber(row, row.Resolve("ceiling"), false);
    const bool has_fallback = row.Text("fallback_index_id", false).has_value();
    const Index fallback =
        index_ids_.ReadReferenceKeepingFaulty(row, row.Resolve("fallback_index_id"), "index", false, faults.fallback);
    indexation.fallback_base_value = ReadNonZero(row, row.Resolve("fallback_base_value"), false);
    if (has_fallback) indexation.fallback_index = fallback;
    if (row.ok()) Apply(row, IndexationRules(row, indexation, faults));
    if (faults.index || faults.fallback) row.Refuse();
    if (!row.ok()) return;
    indexation_lines_.Add({indexation.contract, indexation.material, indexation.index}, row.line());
    indexation.content = *content;
    indexation.base_value = *base_value;
    indexation.line = row.line();
    data_.indexations.push_back(std::move(indexation));
  }

  // Which of an indexation row's indices are on faulty indices.csv lines.
  struct IndexFaults {
    bool index = false;
    bool fallback = false;
  };

  // An index on a faulty line is not checked for currency (§3), nor for a
  // repeated key (no earlier valid row names it); the rest is.
  RuleCheck IndexationRules(RowReader& row, const cc::Indexation& indexation, const IndexFaults& faults) const {
    const cc::Contract& contract = data_.contracts[indexation.contract];
    const std::string index_id = Text(row, row.Resolve("index_id"));
    if (const auto first =
            faults.index ? std::nullopt
                         : indexation_lines_.FirstLine({indexation.contract, indexation.material, indexation.index})) {
      return Breach{"index_id", "contract " + contract.id + " indexes material " +
                                    Text(row, row.Resolve("material_id")) + " on index " + index_id + " twice" +
                                    FirstAt(*first)};
    }
    if (auto coverage = CoverageRule(row, {indexation.contract, indexation.material})) return coverage;
    if (indexation.fallback_index && Text(row, row.Resolve("fallback_index_id")) == index_id) {
      return Breach{"fallback_index_id", "is index_id (a fallback is another index)"};
    }
    if (indexation.fallback_index && !indexation.fallback_base_value) {
      return Breach{"fallback_base_value", "is empty (fallback_index_id needs it)"};
    }
    if (!faults.index) {
      const cc::PriceIndex& index = data_.indices[indexation.index];
      if (index.currency.empty()) {
        return Breach{"index_id", "index " + index.id + " has no currency (only a fallback may be a points index)"};
      }
      if (index.currency != contract.currency) return CurrencyBreach("index_id", index, contract);
    }
    if (indexation.fallback_index && !faults.fallback) {
      const cc::PriceIndex& fallback = data_.indices[*indexation.fallback_index];
      if (!fallback.currency.empty() && fallback.currency != contract.currency) {
        return CurrencyBreach("fallback_index_id", fallback, contract);
      }
    }
    return std::nullopt;
  }

  static Breach CurrencyBreach(std::string_view column, const cc::PriceIndex& index, const cc::Contract& contract) {
    return Breach{column, "index " + index.id + " is in " + index.currency + ", contract " + contract.id + " in " +
                              contract.currency};
  }

  // -------------------------------------------------------------------------
  // kpis.csv, volume_commitments.csv, tooling.csv, milestones.csv

  void ReadKpi(RowReader& row) {
    cc::KpiClause clause;
    const auto id = clause_ids_.ReadNew(row, row.Resolve("clause_id"));
    clause.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    const auto kpi = row.ReadEnum("kpi", kKpiNames, true);
    const auto target = ReadNumber(row, row.Resolve("target"), true);
    clause.penalty_rate = ReadNumber(row, row.Resolve("penalty_rate"), false).value_or(core::Rational());
    clause.bonus_rate = ReadNumber(row, row.Resolve("bonus_rate"), false).value_or(core::Rational());
    clause.cap_share = ReadShare(row, row.Resolve("cap_share"), false);
    clause.escalate = row.ReadEnum("escalate", kYesNo, false).value_or(false);
    if (row.ok() && clause.escalate &&
        std::find(kPublishedKpis.begin(), kPublishedKpis.end(), *kpi) == kPublishedKpis.end()) {
      Apply(row,
            Breach{"escalate", "kpi " + Text(row, row.Resolve("kpi")) +
                                   " is not published (only total, qz, qz1 to qz4, lz, lz1, lz2 and ppm escalate)"});
    }
    DefineAndKeep(row, id, clause_ids_, data_.kpis, [&] {
      clause.kpi = *kpi;
      clause.target = *target;
      clause.line = row.line();
      return clause;
    });
  }

  // Defines a row's new id (its record when the row is valid) and keeps the
  // record `make()` gives for a valid row.
  template <class Record, class Make>
  static void DefineAndKeep(RowReader& row, const std::optional<std::string_view>& id, DefinedIds& ids,
                            std::vector<Record>& records, const Make& make) {
    if (id) ids.Define(*id, row.line(), row.ok() ? static_cast<Index>(records.size()) : kNoIndex);
    if (!row.ok()) return;
    Record record = make();
    record.id = std::string(*id);
    records.push_back(std::move(record));
  }

  void ReadCommitment(RowReader& row) {
    cc::VolumeCommitment commitment;
    const auto id = commitment_ids_.ReadNew(row, row.Resolve("commitment_id"));
    commitment.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    commitment.material = row.ReadReferenceIn("material_id", materials_, "material", true);
    const auto from = row.ReadDate("from", true);
    const auto to = row.ReadDate("to", true);
    const auto min_qty = row.ReadDecimal("min_qty", true);
    const auto fee = ReadNumber(row, row.Resolve("fee_per_unit"), true);
    if (row.ok()) {
      const cc::Contract& contract = data_.contracts[commitment.contract];
      if (*to < *from) Apply(row, Breach{"to", "is before from"});
      else if (contract.end && *to > *contract.end)
        Apply(row, Breach{"to", "is after the end of contract " + contract.id + " (" + contract.end->ToString() + ")"});
      else Apply(row, CoverageRule(row, {commitment.contract, commitment.material}));
    }
    DefineAndKeep(row, id, commitment_ids_, data_.commitments, [&] {
      commitment.from = *from;
      commitment.to = *to;
      commitment.min_qty = *min_qty;
      commitment.fee_per_unit = *fee;
      return commitment;
    });
  }

  void ReadTooling(RowReader& row) {
    cc::Tooling tooling;
    const auto id = tooling_ids_.ReadNew(row, row.Resolve("tooling_id"));
    tooling.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    tooling.material = row.ReadReferenceIn("material_id", materials_, "material", true);
    const auto amount = ReadNumber(row, row.Resolve("amount"), true);
    const auto pieces = ReadPositiveQuantity(row, row.Resolve("pieces"), true);
    tooling.from = row.ReadDate("from", false);
    if (row.ok()) Apply(row, CoverageRule(row, {tooling.contract, tooling.material}));
    DefineAndKeep(row, id, tooling_ids_, data_.toolings, [&] {
      tooling.amount = *amount;
      tooling.pieces = *pieces;
      return tooling;
    });
  }

  void ReadMilestone(RowReader& row) {
    cc::Milestone milestone;
    const auto id = milestone_ids_.ReadNew(row, row.Resolve("milestone_id"));
    milestone.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    milestone.name = Text(row, row.Resolve("name"));
    const auto due = row.ReadDate("due_date", true);
    milestone.approved_on = row.ReadDate("approved_on", false);
    milestone.payment = ReadNumber(row, row.Resolve("payment"), false).value_or(core::Rational());
    milestone.critical = row.ReadEnum("critical", kYesNo, false).value_or(false);
    DefineAndKeep(row, id, milestone_ids_, data_.milestones, [&] {
      milestone.due_date = *due;
      return milestone;
    });
  }

  // -------------------------------------------------------------------------
  // alternates.csv, events.csv, warranty_claims.csv

  void ReadAlternate(RowReader& row) {
    cc::Alternate alternate;
    alternate.material = row.ReadReferenceIn("material_id", materials_, "material", true);
    alternate.supplier = row.ReadReferenceIn("supplier_id", suppliers_, "supplier", true);
    alternate.qualified_on = row.ReadDate("qualified_on", false);
    const std::pair key{alternate.material, alternate.supplier};
    if (row.ok()) {
      if (const auto first = alternate_lines_.FirstLine(key)) {
        Apply(row, Breach{"supplier_id", "material " + Text(row, row.Resolve("material_id")) + " has alternate " +
                                             Text(row, row.Resolve("supplier_id")) + " twice" + FirstAt(*first)});
      }
    }
    if (!row.ok()) return;
    alternate_lines_.Add(key, row.line());
    data_.alternates.push_back(alternate);
  }

  void ReadEvent(RowReader& row) {
    cc::Event event;
    const auto id = event_ids_.ReadNew(row, row.Resolve("event_id"));
    event.supplier = row.ReadReferenceIn("supplier_id", suppliers_, "supplier", true);
    event.plant = row.ReadReferenceIn("plant_id", plants_, "plant", true);
    const auto date = row.ReadDate("date", true);
    const auto kind = row.ReadEnum("kind", kEventKinds, true);
    event.material = row.ReadReferenceIn("material_id", materials_, "material", false);
    event.delivery_id = Text(row, row.Resolve("delivery_id"));
    event.cost = ReadNumber(row, row.Resolve("cost"), false);
    event.customer_notified = row.ReadEnum("customer_notified", kYesNo, false).value_or(false);
    if (row.ok() && !event.delivery_id.empty()) {
      event_deliveries_.emplace_back(static_cast<Index>(data_.events.size()),
                                     evaluation_.NameDelivery(event.delivery_id));
    }
    DefineAndKeep(row, id, event_ids_, data_.events, [&] {
      event.date = *date;
      event.kind = *kind;
      event.line = row.line();
      return event;
    });
  }

  void ReadWarrantyClaim(RowReader& row) {
    cc::WarrantyClaim claim;
    const auto id = claim_ids_.ReadNew(row, row.Resolve("claim_id"));
    claim.supplier = row.ReadReferenceIn("supplier_id", suppliers_, "supplier", true);
    claim.material = row.ReadReferenceIn("material_id", materials_, "material", true);
    const auto date = row.ReadDate("date", true);
    const auto quantity = row.ReadDecimal("quantity", true);
    claim.supplier_share = ReadShare(row, row.Resolve("supplier_share"), false).value_or(core::Rational(1));
    DefineAndKeep(row, id, claim_ids_, data_.warranty_claims, [&] {
      claim.date = *date;
      claim.quantity = *quantity;
      return claim;
    });
  }

  // -------------------------------------------------------------------------
  // published.csv, escalation_decisions.csv, settled.csv, emissions.csv

  void ReadPublished(RowReader& row) {
    cc::PublishedResult result;
    result.supplier = row.ReadReferenceIn("supplier_id", suppliers_, "supplier", true);
    auto period = ReadPeriod(row, row.Resolve("period"), true);
    const auto published_on = row.ReadDate("published_on", true);
    const auto evaluated = row.ReadEnum("status", kStatuses, true);
    result.grade_class = ReadClass(row);
    result.total = ReadNumber(row, row.Resolve("total"), false);
    result.qz = ReadNumber(row, row.Resolve("qz"), false);
    result.qz1 = ReadNumber(row, row.Resolve("qz1"), false);
    result.qz2 = ReadNumber(row, row.Resolve("qz2"), false);
    result.qz3 = ReadNumber(row, row.Resolve("qz3"), false);
    result.qz4 = ReadNumber(row, row.Resolve("qz4"), false);
    result.lz = ReadNumber(row, row.Resolve("lz"), false);
    result.lz1 = ReadNumber(row, row.Resolve("lz1"), false);
    result.lz2 = ReadNumber(row, row.Resolve("lz2"), false);
    result.ppm = ReadNumber(row, row.Resolve("ppm"), false);
    using Key = std::tuple<Index, std::int32_t, std::int32_t, std::int32_t>;
    if (row.ok()) {
      const Key key{result.supplier, period->first.days(), period->last.days(), published_on->days()};
      if (const auto first = published_lines_.FirstLine(key)) {
        Apply(row, Breach{"published_on", "supplier " + Text(row, row.Resolve("supplier_id")) + " has a result for " +
                                              period->label + " published on " + published_on->ToString() + " twice" +
                                              FirstAt(*first)});
      } else if (!*evaluated && !result.grade_class.empty()) {
        Apply(row, Breach{"class", "must be empty when status is not_evaluated"});
      }
    }
    if (!row.ok()) return;
    published_lines_.Add({result.supplier, period->first.days(), period->last.days(), published_on->days()},
                         row.line());
    result.period = *std::move(period);
    result.published_on = *published_on;
    result.status = *evaluated ? "evaluated" : "not_evaluated";
    result.line = row.line();
    data_.published.push_back(std::move(result));
  }

  // A class of the rule set (the evaluation's result classes), or empty.
  std::string ReadClass(RowReader& row) {
    const auto text = row.Text("class", false);
    if (!text) return {};
    const bool known = std::any_of(rules_.classes.begin(), rules_.classes.end(),
                                   [&](const core::GradeClass& grade) { return grade.name == *text; });
    if (!known) {
      std::string names;
      for (const core::GradeClass& grade : rules_.classes) names += (names.empty() ? "" : ", ") + grade.name;
      row.Fail("class", "unknown value " + InQuotes(*text) + " (expected " + names + ")");
      return {};
    }
    return std::string(*text);
  }

  void ReadDecision(RowReader& row) {
    cc::EscalationDecision decision;
    decision.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    const auto date = row.ReadDate("date", true);
    const auto kind = row.ReadEnum("decision", kDecisionNames, true);
    const auto user = row.Text("user", true);
    const auto reason = row.Text("reason", true);
    decision.to_level = Text(row, row.Resolve("to_level"));
    decision.cause = row.ReadEnum("cause", kCauses, false).value_or(cc::Cause::kQuality);
    if (row.ok()) Apply(row, DecisionRules(*kind, decision));
    if (!row.ok()) return;
    decision.date = *date;
    decision.decision = *kind;
    decision.user = std::string(*user);
    decision.reason = std::string(*reason);
    decision.line = row.line();
    data_.decisions.push_back(std::move(decision));
  }

  RuleCheck DecisionRules(cc::Decision kind, const cc::EscalationDecision& decision) const {
    const cc::Contract& contract = data_.contracts[decision.contract];
    if (contract.ladder == "none") {
      return Breach{"contract_id", "contract " + contract.id + " has no escalation ladder (ladder none)"};
    }
    if (kind == cc::Decision::kEscalate && decision.to_level.empty()) {
      return Breach{"to_level", "is empty (an escalate decision names the level)"};
    }
    if (decision.to_level.empty()) return std::nullopt;
    const cc::Ladder& ladder = contract_rules_.ladders.at(contract.ladder);
    const bool known = std::any_of(ladder.levels.begin(), ladder.levels.end(),
                                   [&](const cc::LadderLevel& level) { return level.level == decision.to_level; });
    if (known) return std::nullopt;
    std::string levels;
    for (const cc::LadderLevel& level : ladder.levels) levels += (levels.empty() ? "" : ", ") + level.level;
    return Breach{"to_level", "unknown level " + InQuotes(decision.to_level) + " (ladder " + contract.ladder +
                                  " of contract " + contract.id + " has " + levels + ")"};
  }

  void ReadSettled(RowReader& row) {
    cc::SettledLine line;
    line.contract = contract_ids_.ReadReference(row, row.Resolve("contract_id"), "contract");
    auto period = ReadPeriod(row, row.Resolve("period"), true);
    row.ReadEnum("kind", kSettledKinds, true);
    line.kind = Text(row, row.Resolve("kind"));
    line.ref = Text(row, row.Resolve("ref"));
    line.material_id = Text(row, row.Resolve("material_id"));
    const auto amount = ReadNumber(row, row.Resolve("amount"), true, NumberForm::kMoney);
    if (!row.ok()) return;
    line.period = *std::move(period);
    line.amount = *amount;
    line.line = row.line();
    data_.settled.push_back(std::move(line));
  }

  void ReadEmission(RowReader& row) {
    cc::Emission emission;
    emission.supplier = row.ReadReferenceIn("supplier_id", suppliers_, "supplier", true);
    emission.material = row.ReadReferenceIn("material_id", materials_, "material", true);
    auto period = ReadPeriod(row, row.Resolve("period"), true);
    const auto value = ReadNumber(row, row.Resolve("kg_co2e_per_unit"), true);
    using Key = std::tuple<Index, Index, std::int32_t, std::int32_t>;
    if (row.ok()) {
      const Key key{emission.supplier, emission.material, period->first.days(), period->last.days()};
      if (const auto first = emission_lines_.FirstLine(key)) {
        Apply(row, Breach{"period", "supplier " + Text(row, row.Resolve("supplier_id")) + " declares material " +
                                        Text(row, row.Resolve("material_id")) + " for " + period->label + " twice" +
                                        FirstAt(*first)});
      }
    }
    if (!row.ok()) return;
    emission_lines_.Add({emission.supplier, emission.material, period->first.days(), period->last.days()}, row.line());
    emission.period = *std::move(period);
    emission.kg_co2e_per_unit = *value;
    data_.emissions.push_back(std::move(emission));
  }

  const std::filesystem::path& directory_;
  const core::RuleSet& rules_;
  const cc::ContractRules& contract_rules_;
  DatasetReader& evaluation_;
  Diagnostics& diagnostics_;
  cc::ContractData& data_;
  std::vector<std::pair<Index, Index>>& event_deliveries_;
  EvaluationIds suppliers_, plants_, materials_;
  DefinedIds contract_ids_, index_ids_, clause_ids_, commitment_ids_, tooling_ids_, milestone_ids_, event_ids_,
      claim_ids_;
  std::map<ContractMaterial, Cover> covers_;
  bool covers_unlisted_ = false;  // contract_materials.csv could not be read
  // By (supplier, material): the contracts covering it, for the overlap rule.
  std::map<std::pair<Index, Index>, std::vector<Index>> sources_;
  std::map<ContractMaterial, Tiers> tiers_;
  KeyedRows<ContractMaterial> cover_lines_;
  KeyedRows<std::tuple<Index, Index, std::int64_t>> tier_lines_;
  KeyedRows<std::pair<Index, std::int32_t>> value_lines_;
  KeyedRows<std::tuple<Index, Index, Index>> indexation_lines_;
  KeyedRows<std::pair<Index, Index>> alternate_lines_;
  KeyedRows<std::tuple<Index, std::int32_t, std::int32_t, std::int32_t>> published_lines_;
  KeyedRows<std::tuple<Index, Index, std::int32_t, std::int32_t>> emission_lines_;
};

}  // namespace

ContractsReader::ContractsReader(std::filesystem::path directory, const core::RuleSet& rules,
                                 const cc::ContractRules& contract_rules)
    : directory_(std::move(directory)), folder_(directory_), rules_(rules), contract_rules_(contract_rules) {}

core::Status ContractsReader::StartReading(const DatasetReader& evaluation) {
  folder_ = evaluation.FolderFor(directory_);
  std::error_code error;
  if (!std::filesystem::is_directory(folder_, error)) {
    return core::BadInput("data folder not found", {directory_.string(), 0, "-"});
  }
  data_ = {};
  event_deliveries_.clear();
  return core::Ok{};
}

core::Status ContractsReader::Read(DatasetReader& evaluation, Diagnostics& diagnostics) {
  if (core::Status found = StartReading(evaluation); !found.ok()) return found;
  FolderReading(folder_, rules_, contract_rules_, evaluation, diagnostics, data_, event_deliveries_).ReadAll();
  evaluation.NameSheets(diagnostics);
  return core::Ok{};
}

core::Status ContractsReader::ReadEvents(DatasetReader& evaluation, Diagnostics& diagnostics) {
  if (core::Status found = StartReading(evaluation); !found.ok()) return found;
  FolderReading(folder_, rules_, contract_rules_, evaluation, diagnostics, data_, event_deliveries_).ReadEventFile();
  evaluation.NameSheets(diagnostics);
  return core::Ok{};
}

void ContractsReader::ResolveDeliveries(const DatasetReader& evaluation, Diagnostics& diagnostics) {
  const std::string display = (folder_ / kEvents.name).string();
  for (const auto& [event_index, slot] : event_deliveries_) {
    cc::Event& event = data_.events[event_index];
    const DatasetReader::NamedDelivery delivery = evaluation.FindNamedDelivery(slot);
    if (!delivery.known) {
      diagnostics.Add(core::BadInput(UnknownDelivery(event.delivery_id), {display, event.line, "delivery_id"}));
    } else if (event.material == kNoIndex) {
      event.material = delivery.material;
    }
  }
  evaluation.NameSheets(diagnostics);
}

const std::vector<std::string>& ContractsReader::FileNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    names.reserve(kFiles.size());
    for (const FileSpec* spec : kFiles) names.emplace_back(spec->name);
    return names;
  }();
  return kNames;
}

const std::vector<std::string>& ContractsReader::FolderFileNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = DatasetReader::FileNames();
    names.insert(names.end(), FileNames().begin(), FileNames().end());
    return names;
  }();
  return kNames;
}

}  // namespace supeval::io
