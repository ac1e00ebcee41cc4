// Holds imposed and withdrawn from the command line and over the API.
#include "supeval/service/holds.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "display_names.hpp"
#include "stored_text.hpp"
#include "supeval/io/terminal_text.hpp"
#include "supeval/store/accounts.hpp"

namespace supeval::service {
namespace {

std::string_view ReasonName(core::HoldReason reason) { return HoldReasonText(reason); }

// What is recorded with the change: a why, and text that can be shown.
core::Status CheckRecordedText(const HoldRequest& request) {
  if (request.why.find_first_not_of(" \t\n") == std::string::npos) {
    return core::BadInput("say why (it is recorded with the change)", {"", 0, "--why"});
  }
  if (core::Status why = CheckStoredText(request.why, "--why"); !why.ok()) return why;
  if (core::Status user = CheckStoredText(request.user, "--user"); !user.ok()) return user;
  return CheckStoredText(request.supplier_id, "--supplier");
}

// The audit entry of a hold change (API.md, "Accounts and audit").
core::Result<store::AuditEntry> AuditOf(const HoldRequest& request, std::string_view action, core::Date imposed_on) {
  const std::optional<Instant> at = ParseRfc3339(request.created_at);
  if (!at) return core::Internal("the time of a hold change is not RFC 3339 UTC: " + request.created_at);
  auto state = [&](const std::optional<core::Date>& withdrawn_on) {
    return nlohmann::ordered_json{
        {"supplier_id", request.supplier_id},
        {"reason", ReasonName(request.reason)},
        {"imposed_on", imposed_on.ToString()},
        {"withdrawn_on", withdrawn_on ? nlohmann::ordered_json(withdrawn_on->ToString()) : nlohmann::ordered_json()}};
  };
  const bool withdraw = action == "withdraw";
  store::AuditEntry entry;
  entry.at = *at;
  entry.user = request.user;
  entry.address = request.address;
  entry.action = withdraw ? "hold.withdraw" : "hold.impose";
  entry.target = request.supplier_id + "/" + std::string(ReasonName(request.reason)) + "/" + imposed_on.ToString();
  if (withdraw) entry.before = state(std::nullopt).dump();
  nlohmann::ordered_json after = state(withdraw ? std::optional<core::Date>(request.on) : std::nullopt);
  after["why"] = request.why;
  entry.after = after.dump();
  return entry;
}

core::Result<store::BatchHeader> Header(const HoldRequest& request, std::string_view action, core::Date imposed_on) {
  auto audit = AuditOf(request, action, imposed_on);
  if (!audit.ok()) return audit.error();
  store::BatchHeader header;
  header.audit = *std::move(audit);
  header.created_at = request.created_at;
  header.user = request.user;
  header.source = std::string(action) + " " + std::string(ReasonName(request.reason)) + " hold of " +
                  request.supplier_id + " imposed on " + imposed_on.ToString() +
                  (action == "withdraw" ? ", withdrawn on " + request.on.ToString() : std::string());
  header.comment = request.why;
  return header;
}

core::Result<std::unique_ptr<store::Store>> OpenForWriting(const std::string& db_url) {
  store::OpenOptions options;
  options.create_if_missing = false;  // a hold needs its supplier, hence imported data
  return store::OpenStore(db_url, options);
}

core::Result<store::BatchInfo> Impose(store::Store& db, const HoldRequest& request) {
  if (core::Status why = CheckRecordedText(request); !why.ok()) return why.error();
  const core::Date imposed_on = request.imposed_on.value_or(request.on);
  auto header = Header(request, "impose", imposed_on);
  if (!header.ok()) return header.error();
  return db.ImposeHold({request.supplier_id, request.reason, imposed_on}, *header);
}

core::Result<store::BatchInfo> Withdraw(store::Store& db, const HoldRequest& request, core::Date imposed_on) {
  auto header = Header(request, "withdraw", imposed_on);
  if (!header.ok()) return header.error();
  return db.WithdrawHold({request.supplier_id, request.reason, imposed_on}, request.on, *header);
}

// ---------------------------------------------------------------------------
// Over the API

// The command line's option names in errors, as the members of the API's
// bodies (an error names what the caller sent).
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kBodyMembers{{
    {"--why", "/why"},
    {"--supplier", "/supplier_id"},
    {"--user", ""},  // the caller's own login name: not part of the body
}};

core::Error ForTheBody(core::Error error) {
  for (const auto& [option, member] : kBodyMembers) {
    if (error.location.field == option) error.location.field = std::string(member);
  }
  return error;
}

core::Error HoldNotFound(std::string_view id) {
  return core::Failure(core::ErrorCode::kNotFound, "hold " + std::string(id) + " not found", "not-found");
}

core::Status Allow(const Caller& caller, UseCase use_case) {
  if (Authorize(&caller, use_case) == Decision::kAllowed) return core::Ok{};
  return core::Failure(core::ErrorCode::kRefused, "your role may not change holds", "forbidden");
}

// Who changed the holds, as `caller` may see them: the login names of the
// batches for staff; for a supplier user the display name of each that is
// an account (API.md: users appear to it by display name, never by login).
class ChangedBy {
 public:
  ChangedBy(store::Store& db, const Caller& caller) : names_(db), by_display_name_(ScopeOf(caller).only.has_value()) {}

  core::Result<HoldView> View(store::StoredHold hold) {
    HoldView view;
    view.changed_by = hold.changed_by;
    if (!hold.why.empty()) view.why = hold.why;
    if (by_display_name_) {
      auto shown = names_.Of(hold.changed_by);
      if (!shown.ok()) return shown.error();
      view.changed_by = *shown;
    }
    view.hold = std::move(hold);
    return view;
  }

 private:
  DisplayNames names_;
  bool by_display_name_;
};

// The hold `id` names, if the caller may see it.
core::Result<store::StoredHold> FindVisibleHold(store::Store& db, const Caller& caller, std::string_view id) {
  store::HoldId number = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (error != std::errc() || end != id.data() + id.size() || number < 1) return HoldNotFound(id);
  auto hold = db.ReadHold(number);
  if (!hold.ok()) return hold.error();
  if (!hold->has_value() || !ScopeOf(caller).Sees((*hold)->key.supplier_id)) return HoldNotFound(id);
  return **std::move(hold);
}

core::Result<HoldView> ViewOf(store::Store& db, const Caller& caller, std::string_view id) {
  auto hold = FindVisibleHold(db, caller, id);
  if (!hold.ok()) return hold.error();
  return ChangedBy(db, caller).View(*std::move(hold));
}

HoldRequest RequestOf(const Caller& caller, const std::string& supplier_id, core::HoldReason reason,
                      const std::string& why, Instant now) {
  HoldRequest request;
  request.supplier_id = supplier_id;
  request.reason = reason;
  request.why = why;
  SetActor(request, caller, now);
  return request;
}

// The filters of a HoldsQuery, read.
struct HoldFilter {
  std::optional<std::string> supplier_id;
  std::optional<core::HoldReason> reason;
  std::optional<core::Date> active_on;

  [[nodiscard]] bool Keeps(const store::StoredHold& hold) const {
    if (reason && hold.key.reason != *reason) return false;
    if (!active_on) return true;
    core::Hold h;
    h.imposed_on = hold.key.imposed_on;
    h.withdrawn_on = hold.withdrawn_on;
    return h.ActiveOn(*active_on);
  }
};

core::Result<HoldFilter> FilterOf(store::Store& db, const Caller& caller, const HoldsQuery& query) {
  HoldFilter filter;
  if (query.reason) {
    auto reason = ParseHoldReasonName(*query.reason);
    if (!reason.ok()) {
      core::Error refused = reason.error();
      refused.location.field = "reason";
      return refused;
    }
    filter.reason = *reason;
  }
  if (query.active_on) {
    filter.active_on = core::Date::Parse(*query.active_on);
    if (!filter.active_on) {
      return core::BadInput("'" + *query.active_on + "' is not a date like 2026-07-01", {"", 0, "active_on"});
    }
  }
  // A supplier user sees its own supplier's holds only; naming another is
  // the 404 of a supplier that does not exist.
  filter.supplier_id = query.supplier_id ? query.supplier_id : ScopeOf(caller).only;
  if (!filter.supplier_id) return filter;
  const auto not_found = [&] {
    return core::Failure(core::ErrorCode::kNotFound, "supplier '" + *filter.supplier_id + "' not found", "not-found");
  };
  if (!ScopeOf(caller).Sees(*filter.supplier_id)) return not_found();
  auto exists = db.accounts().SupplierExists(*filter.supplier_id);
  if (!exists.ok()) return exists.error();
  if (!*exists) return not_found();
  return filter;
}

}  // namespace

std::string_view HoldReasonText(core::HoldReason reason) {
  return reason == core::HoldReason::kQuality ? "quality" : "delivery";
}

core::Result<HoldsPage> ListHoldsPage(store::Store& db, const Caller& caller, const HoldsQuery& query) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto filter = FilterOf(db, caller, query);
  if (!filter.ok()) return filter.error();
  auto holds = db.ListHolds(filter->supplier_id);
  if (!holds.ok()) return holds.error();
  std::vector<store::StoredHold> kept;
  for (store::StoredHold& hold : *holds) {
    if (filter->Keeps(hold)) kept.push_back(std::move(hold));
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  HoldsPage page;
  page.total_count = static_cast<std::int64_t>(kept.size());
  page.paging = *paging;
  ChangedBy changed_by(db, caller);
  for (store::StoredHold& hold : TakePage(std::move(kept), *paging)) {
    auto view = changed_by.View(std::move(hold));
    if (!view.ok()) return view.error();
    page.rows.push_back(*std::move(view));
  }
  return page;
}

core::Result<HoldView> ShowHold(store::Store& db, const Caller& caller, std::string_view id) {
  return ViewOf(db, caller, id);
}

core::Result<HoldView> ImposeHold(store::Store& db, const Caller& caller, const HoldImposition& hold, Instant now) {
  if (core::Status allowed = Allow(caller, UseCase::kImposeHold); !allowed.ok()) return allowed.error();
  HoldRequest request = RequestOf(caller, hold.supplier_id, hold.reason, hold.why, now);
  request.imposed_on = hold.imposed_on;
  request.on = hold.imposed_on;
  auto imposed = Impose(db, request);
  if (!imposed.ok()) return ForTheBody(imposed.error());
  auto holds = db.ListHolds(hold.supplier_id);
  if (!holds.ok()) return holds.error();
  for (store::StoredHold& stored : *holds) {
    if (stored.key.reason == hold.reason && stored.key.imposed_on == hold.imposed_on) {
      return ChangedBy(db, caller).View(std::move(stored));
    }
  }
  return core::Internal("the hold just imposed on supplier " + hold.supplier_id + " cannot be read back");
}

core::Result<HoldView> WithdrawHold(store::Store& db, const Caller& caller, std::string_view id,
                                    core::Date withdrawn_on, const std::string& why, Instant now) {
  if (core::Status allowed = Allow(caller, UseCase::kWithdrawHold); !allowed.ok()) return allowed.error();
  auto hold = FindVisibleHold(db, caller, id);
  if (!hold.ok()) return hold.error();
  HoldRequest request = RequestOf(caller, hold->key.supplier_id, hold->key.reason, why, now);
  request.on = withdrawn_on;
  if (core::Status text = CheckRecordedText(request); !text.ok()) return ForTheBody(text.error());
  auto withdrawn = Withdraw(db, request, hold->key.imposed_on);
  if (!withdrawn.ok()) return ForTheBody(withdrawn.error());
  return ViewOf(db, caller, id);
}

core::Result<core::HoldReason> ParseHoldReasonName(const std::string& text) {
  if (text == "quality") return core::HoldReason::kQuality;
  if (text == "delivery") return core::HoldReason::kDelivery;
  return core::BadInput("unknown reason '" + text + "' (expected quality or delivery)", {"", 0, "--reason"});
}

core::Result<store::BatchInfo> ImposeHold(const HoldRequest& request) {
  auto db = OpenForWriting(request.db_url);
  if (!db.ok()) return db.error();
  return Impose(**db, request);
}

core::Result<store::BatchInfo> ImposeHoldIn(store::Store& db, const HoldRequest& request) {
  return Impose(db, request);
}

core::Result<store::BatchInfo> WithdrawHoldIn(store::Store& db, const HoldRequest& request, core::Date imposed_on) {
  if (core::Status why = CheckRecordedText(request); !why.ok()) return why.error();
  return Withdraw(db, request, imposed_on);
}

core::Result<store::BatchInfo> WithdrawHold(const HoldRequest& request) {
  if (core::Status why = CheckRecordedText(request); !why.ok()) return why.error();
  auto db = OpenForWriting(request.db_url);
  if (!db.ok()) return db.error();
  std::optional<core::Date> imposed_on = request.imposed_on;
  if (!imposed_on) {
    auto holds = (*db)->ListHolds(request.supplier_id);
    if (!holds.ok()) return holds.error();
    std::vector<core::Date> active;
    for (const store::StoredHold& hold : *holds) {
      if (hold.key.reason == request.reason && !hold.withdrawn_on) active.push_back(hold.key.imposed_on);
    }
    const std::string what = std::string(ReasonName(request.reason)) + " hold of supplier " + request.supplier_id;
    if (active.empty()) return core::BadInput("there is no active " + what);
    if (active.size() > 1) {
      std::string dates;
      for (const core::Date date : active) dates += (dates.empty() ? "" : ", ") + date.ToString();
      return core::BadInput("supplier " + request.supplier_id + " has several active " +
                                std::string(ReasonName(request.reason)) + " holds (imposed on " + dates +
                                "): say which with --imposed-on",
                            {"", 0, "--imposed-on"});
    }
    imposed_on = active.front();
  }
  return Withdraw(**db, request, *imposed_on);
}

core::Result<std::vector<store::StoredHold>> ListHolds(const std::string& db_url,
                                                       const std::optional<std::string>& supplier_id) {
  auto db = store::OpenStore(db_url, {.read_only = true});  // a user who may only read the database can list
  if (!db.ok()) return db.error();
  return (*db)->ListHolds(supplier_id);
}

std::string WriteHoldsTable(const std::vector<store::StoredHold>& holds) {
  if (holds.empty()) return "no holds\n";
  // Cells made printable: a why given with a line feed stays in its row.
  // `id` (the API's) comes last: the columns before it are as they were.
  io::TextTable table = io::TextTable::AlignedLeft(
      {"supplier", "reason", "imposed_on", "withdrawn_on", "batch", "changed", "by", "why", "id"});
  for (const store::StoredHold& h : holds) {
    table.AddRow({h.key.supplier_id, std::string(ReasonName(h.key.reason)), h.key.imposed_on.ToString(),
                  h.withdrawn_on ? h.withdrawn_on->ToString() : "(active)", std::to_string(h.batch), h.changed_at,
                  h.changed_by, h.why, h.id > 0 ? std::to_string(h.id) : "-"});
  }
  return table.Render();
}

}  // namespace supeval::service
