// What the ladder's holds and the store's holds share: a ladder hold's key
// in the store (supplier, reason, day imposed) and the store's holds by that
// key, so that writing them (RecordLadderHolds) and showing whether they are
// recorded (the case view) compare the same way. Internal to
// supeval::service; defined in escalations.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "supeval/core/contracts/escalation.hpp"
#include "supeval/core/result.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service::internal {

using HoldKeyTuple = std::tuple<std::string, core::HoldReason, core::Date>;
// The store's holds by key: withdrawn_on (none: active).
using StoredHoldStates = std::map<HoldKeyTuple, std::optional<core::Date>>;

[[nodiscard]] core::HoldReason HoldReasonOf(core::contracts::Cause cause);
[[nodiscard]] HoldKeyTuple StoreKeyOf(const core::contracts::LadderHold& hold);
[[nodiscard]] core::Result<StoredHoldStates> ReadStoredHoldStates(store::Store& db);

}  // namespace supeval::service::internal
