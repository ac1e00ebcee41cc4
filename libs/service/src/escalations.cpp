// The ladder's holds written into a database, and `escalations --db`
// (escalations.hpp). The API's case views are in escalation_views.cpp.
#include "supeval/service/escalations.hpp"

#include <map>
#include <tuple>
#include <utility>

#include "ladder_holds.hpp"
#include "supeval/service/holds.hpp"

namespace supeval::service {
namespace internal {

core::HoldReason HoldReasonOf(core::contracts::Cause cause) {
  return cause == core::contracts::Cause::kQuality ? core::HoldReason::kQuality : core::HoldReason::kDelivery;
}

HoldKeyTuple StoreKeyOf(const core::contracts::LadderHold& hold) {
  return {hold.supplier_id, HoldReasonOf(hold.reason), hold.since};
}

core::Result<StoredHoldStates> ReadStoredHoldStates(store::Store& db) {
  auto holds = db.ListHolds(std::nullopt);
  if (!holds.ok()) return holds.error();
  StoredHoldStates stored;
  for (const store::StoredHold& hold : *holds) {
    stored.emplace(HoldKeyTuple(hold.key.supplier_id, hold.key.reason, hold.key.imposed_on), hold.withdrawn_on);
  }
  return stored;
}

}  // namespace internal

namespace {

namespace cc = core::contracts;

HoldRequest RequestOf(const cc::LadderHold& hold, const Recorder& by) {
  HoldRequest request;
  request.supplier_id = hold.supplier_id;
  request.reason = internal::HoldReasonOf(hold.reason);
  request.imposed_on = hold.since;
  request.on = hold.since;
  request.user = by.user;
  request.created_at = by.created_at;
  request.address = by.address;
  return request;
}

// The case as the hold's reason, so that the hold's history says where it
// came from.
std::string ImposedWhy(const cc::LadderHold& hold) {
  return "escalation " + hold.contract_id + " case " + std::to_string(hold.case_number) + ": " + hold.level +
         " since " + hold.since.ToString() + " (" + hold.cause + ")";
}

std::string WithdrawnWhy(const cc::LadderHold& hold) {
  const cc::LadderHold::Withdrawal& withdrawal = *hold.withdrawn;
  return "escalation " + hold.contract_id + ": withdraw_hold by " + withdrawal.user + " on " +
         withdrawal.on.ToString() + ": " + withdrawal.reason;
}

}  // namespace

core::Result<std::vector<RecordedHold>> RecordLadderHolds(store::Store& db, const std::vector<cc::LadderHold>& holds,
                                                          const Recorder& by) {
  auto stored = internal::ReadStoredHoldStates(db);
  if (!stored.ok()) return stored.error();
  std::vector<RecordedHold> written;
  for (const cc::LadderHold& hold : holds) {
    RecordedHold recorded{hold, false, false};
    HoldRequest request = RequestOf(hold, by);
    const internal::HoldKeyTuple key = internal::StoreKeyOf(hold);
    auto found = stored->find(key);
    if (found == stored->end()) {
      request.why = ImposedWhy(hold);
      if (auto imposed = ImposeHoldIn(db, request); !imposed.ok()) return imposed.error();
      found = stored->emplace(key, std::nullopt).first;
      recorded.imposed = true;
    }
    if (hold.withdrawn && !found->second) {
      request.on = hold.withdrawn->on;
      request.why = WithdrawnWhy(hold);
      if (auto withdrawn = WithdrawHoldIn(db, request, hold.since); !withdrawn.ok()) return withdrawn.error();
      found->second = hold.withdrawn->on;
      recorded.withdrawn = true;
    }
    if (recorded.imposed || recorded.withdrawn) written.push_back(std::move(recorded));
  }
  return written;
}

core::Result<DatabaseEscalation> EscalateDatabase(const ContractsRequest& request, core::Date as_of, bool record) {
  if (record && request.as_of_batch) {
    return core::BadInput("holds are recorded from the current records, not --as-of-batch", {"", 0, "--as-of-batch"});
  }
  auto result = EscalateContracts(request, as_of);
  if (!result.ok()) return result.error();
  DatabaseEscalation escalation{*std::move(result), {}};
  if (!record) return escalation;
  store::OpenOptions options;
  options.create_if_missing = false;
  auto db = store::OpenStore(request.db_url, options);
  if (!db.ok()) return db.error();
  auto recorded = RecordLadderHolds(**db, escalation.result.holds, {request.user, request.created_at, request.address});
  if (!recorded.ok()) return recorded.error();
  escalation.recorded = *std::move(recorded);
  return escalation;
}

}  // namespace supeval::service
