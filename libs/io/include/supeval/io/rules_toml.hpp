// Rule files: a core::RuleSet written as, and read from, commented TOML. Every
// number of the evaluation (weights, factors, the agreement's spreadsheets 1–4,
// the certification table, the classes) is data of the quality agreement
// (docs/EVALUATION.md); `WriteRuleSetToml(DefaultRuleSet())` is the
// file a supplier-quality engineer copies and edits for another agreement, and
// `ParseRuleSetToml` reads it back. toml++ is used inside the adapter only: its
// exceptions never leave these functions, every problem is a core::Error with
// file, line and key path ("rules.toml:12: quality.qz1.factr: unknown key").
//
// Thread-safety: stateless free functions; safe to call from several threads.
//
// Key layout (every key optional; see "Omitted keys" below):
//
//   name = "..."                                  RuleSet::name
//   [weights]            quality, delivery        weight_quality, weight_delivery
//   [eligibility]        min_deliveries           min_deliveries (integer >= 0)
//   [scores]             floor, cap               score_floor, score_cap
//   [quality]            formula_base             formula_base (the 100 of QZ1, QZ2, QZ4)
//   [quality.weights]    qz1, qz2, qz3, qz4       weight_qz1 … weight_qz4
//   [quality.qz1]        factor                   qz1_factor
//   [quality.qz4]        factor                   qz4_factor
//   [quality.qz2]        ppm_scale, ppm_divisor, default_b,
//                        adjustment_months (integer >= 0), empty_defect_code
//   [quality.qz2.commodities]                     commodity_factors (spreadsheet 2)
//     M011 = { b = 1, ppm_limit = 1000, name = "bar / wire" }   (b required)
//   [[quality.qz2.defects]]                       defects (spreadsheet 1), one row each:
//     code = "…"  meaning = "…"
//     purchased = { basis = "rejected"|"affected"|"lot"|"none", percent = 100 }
//     raw       = { basis = …, percent = … }
//   [quality.qz3]        indirect_commodities = ["M051", …], none_points, hold_points
//   [[quality.qz3.rows]] all_of = [["IATF16949", …], ["ISO14001", "EMAS"]],
//                        production, indirect     certification_rows
//   [delivery.weights]   lz1, lz2                 weight_lz1, weight_lz2
//   [delivery.lz1.late]  [delivery.lz1.early]     spreadsheet 3
//   [delivery.lz2.over]  [delivery.lz2.under]     spreadsheet 4
//     beyond = 1
//     bands = [ { up_to = 1, points = 100 }, … ]  (up_to strictly ascending)
//   [[classes]]          name, min_total          classes (highest min_total first)
//   [contracts]          the contract engine's (ParseContractRulesToml below;
//                        ParseRuleSetToml accepts and skips it)
//
// Omitted keys: a key left out keeps the value of core::DefaultRuleSet(), so a
// user file may hold only what differs. A table of the agreement given in the
// file replaces the default one whole: the commodity table, the defect rows,
// the certification rows, a band table's `bands`, the classes. Every key of
// such a row is required except a defect's `meaning` and a commodity's `name`
// (empty text), a commodity's `ppm_limit` (none) and a quantity's `percent`
// (100, or 0 for basis "none").
//
// Values: core::ValidateRuleSet (rules.hpp) lists every key's range.
//
// Numbers: weights, factors and points are TOML integers or floats; a
// Decimal (band `up_to`, `percent`) is read exactly — integers as they are,
// floats through their shortest decimal text, at most 6 decimals, so 10.5 is
// exactly 10.5. Integers are written without a fraction (1, not 1.0).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"

namespace supeval::io {

// Returns `rules` as a commented TOML rule file in the layout above: a header
// saying what the file is, then one section per part of the agreement, each
// with a comment citing it. Every RuleSet field appears; parsing the text with
// ParseRuleSetToml gives back a RuleSet equal to `rules` (for finite numbers
// and Decimal values as the type holds them).
[[nodiscard]] std::string WriteRuleSetToml(const core::RuleSet& rules);

// Parses a rule file's `text`; `file_name` names it in errors. Starts from
// core::DefaultRuleSet() and applies what the file holds (see "Omitted keys"),
// then checks the result with core::ValidateRuleSet — the one check of every
// value's range, the same for `rules check`, `evaluate --rules` and a run's
// stored rules. Returns the rule set, or a kBadInput Error located at
// file:line and key path: a TOML syntax error, an unknown key, a value of the
// wrong type, an unknown basis, a Decimal that is negative or has more than 6
// decimals, a required row key missing, or the first problem ValidateRuleSet
// finds ("rules.toml:12: quality.weights.qz1: must be a finite number >= 0 and
// <= 1000000 (found 1e+308)"). A problem with a key the file leaves out (the
// default's value, e.g. points below a raised scores.floor) is placed on the
// nearest table around it that the file holds (line 0 if none) and says so.
// The rule set is named by core::HonestRuleSetName with the file's name: an
// edited default is not called the default.
[[nodiscard]] core::Result<core::RuleSet> ParseRuleSetToml(std::string_view text, std::string_view file_name);

// The text of the rule file at `path`; kBadInput "cannot read rule file …"
// when it cannot be read.
[[nodiscard]] core::Result<std::string> ReadRuleFileText(const std::filesystem::path& path);

// Reads the file at `path` and parses it (ParseRuleSetToml, named by `path`).
// A file that cannot be read is a kBadInput "cannot read rule file …" error.
[[nodiscard]] core::Result<core::RuleSet> ReadRuleSetFile(const std::filesystem::path& path);

// Returns `rules` as the `[contracts]` tables of a rule file (layout as
// ParseContractRulesToml reads it, every field written), to follow
// WriteRuleSetToml's text in one file; parsing it gives back `rules`.
[[nodiscard]] std::string WriteContractRulesToml(const core::contracts::ContractRules& rules);

// Parses the `[contracts]` table of a rule file's `text` (CONTRACTS.md §12)
// over core::contracts::DefaultContractRules(), the file's other tables
// skipped. Keys left out keep their defaults; a severity, a type's
// `requires` or a ladder given replaces the default of that name whole (a
// type's texts one by one). Keys: tier_mode, kpi_cap_share,
// penalty_cap_share, bonus_cap_share, cap_share_limit, hhi_moderate,
// hhi_high (numbers, read exactly: 0.05 is 1/20), qualification_days,
// warranty_window_months, fixing_max_age_days (integers);
// [contracts.severity] finding = "high" | "medium" | "low";
// [contracts.types.<type>] name, best_for, investment, ip_ownership,
// time_to_value, requires = [...]; [[contracts.ladders.<id>.levels]] level
// (required), name, review_days, hold (boolean), owner, actions = [...];
// [[contracts.ladders.<id>.triggers]] kind and level (required),
// level_if_notified (default: level), reason ("quality" default,
// "delivery"). The result is checked with ValidateContractRules. Errors are
// kBadInput at file:line and key path, as ParseRuleSetToml's
// ("rules.toml:40: contracts.ladders.strict.levels[0].level: …").
[[nodiscard]] core::Result<core::contracts::ContractRules> ParseContractRulesToml(std::string_view text,
                                                                                  std::string_view file_name);

// Reads the file at `path` and parses it (ParseContractRulesToml).
[[nodiscard]] core::Result<core::contracts::ContractRules> ReadContractRulesFile(const std::filesystem::path& path);

}  // namespace supeval::io
