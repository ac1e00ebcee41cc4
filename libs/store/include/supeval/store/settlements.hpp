// Published settlements (CONTRACTS.md §8, issue 22: `contracts settle
// --publish`): a settlement's lines kept exactly as it wrote them, cell for
// cell, with its period, when, who, the batch its records were read as of
// and the rule file's text, so that `contracts settlements show` gives them
// back byte for byte. Like published runs they are only ever inserted: the
// database refuses any change (migration 11). A later settlement reads them
// as lines already settled (§8 "Re-settling").
//
// A SettlementStore is a connection of its own to the store's database
// (OpenStore's URLs and options, migrations applied on open unless
// read-only).
// Thread-safety: one thread at a time per SettlementStore; separate ones may
// be used concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/date.hpp"
#include "supeval/core/result.hpp"
#include "supeval/store/accounts.hpp"
#include "supeval/store/store.hpp"

namespace supeval::store {

using SettlementId = std::int64_t;

struct SettlementSummary {
  SettlementId id = 0;
  std::string period;  // the PERIOD argument as given
  std::string created_at;
  std::string user;
  std::string rules_sha256;  // of rules_text
  BatchId as_of_batch = 0;   // the last batch the settlement's records saw
  std::int64_t lines = 0;
};

struct SettlementRecord {
  SettlementSummary summary;
  core::Date period_first;
  core::Date period_last;
  std::string rules_text;  // the rule file as read; empty: the defaults
  // Every line's cells in core::contracts::SettlementColumns() order (19).
  std::vector<std::vector<std::string>> lines;
  // Publish: the audit log's entry, appended in the settlement's own
  // transaction (an empty target is replaced by its number).
  std::optional<AuditEntry> audit = std::nullopt;
};

class SettlementStore {
 public:
  virtual ~SettlementStore() = default;

  // Errors as OpenStore's.
  [[nodiscard]] static core::Result<std::unique_ptr<SettlementStore>> Open(std::string_view url,
                                                                           const OpenOptions& options = {});

  // Records `settlement` (summary.id and summary.lines ignored); returns its id.
  [[nodiscard]] virtual core::Result<SettlementId> Publish(const SettlementRecord& settlement) = 0;
  // Every published settlement, oldest first (none in a database whose
  // schema predates them, opened read-only).
  [[nodiscard]] virtual core::Result<std::vector<SettlementSummary>> List() = 0;
  // kBadInput when there is no such settlement.
  [[nodiscard]] virtual core::Result<SettlementRecord> Read(SettlementId id) = 0;
};

}  // namespace supeval::store
