// The ppm adjustments of the Store (supeval/store/adjustments.hpp) over a
// Connection, and what an import needs to know of the accepted ones.
// Internal to supeval::store. Thread-compatible: one connection's calls.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connection.hpp"
#include "supeval/store/store.hpp"

namespace supeval::store::internal {

core::Result<std::vector<AdjustableComplaint>> ListAdjustable(Connection& connection, const AdjustableFilter& filter);
core::Status InsertAdjustment(Connection& connection, const StoredAdjustment& adjustment, const AuditEntry& audit);
core::Status AttachReport(Connection& connection, const std::string& complaint_id, const AdjustmentReport& report,
                          const AuditEntry& audit);
core::Result<std::optional<AdjustmentReport>> ReadReport(Connection& connection, const std::string& complaint_id);
core::Result<StoredAdjustment> Decide(Connection& connection, const std::string& complaint_id,
                                      const AdjustmentDecision& decision, const BatchHeader& header);

// An accepted adjustment whose values the complaint still holds: what an
// import keeps unless the extract brings values of its own.
struct AcceptedAdjustment {
  core::Decimal confirmed_qty;
  core::Date confirmed_on;
  std::optional<core::Decimal> replaced_qty;  // the complaint's values before the acceptance
  std::optional<core::Date> replaced_on;
  std::string decided_by;
  std::string decided_at;
};
core::Result<std::map<std::string, AcceptedAdjustment, std::less<>>> ReadAcceptedAdjustments(Connection& connection);

}  // namespace supeval::store::internal
