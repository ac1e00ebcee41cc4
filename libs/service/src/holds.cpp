// Holds imposed and withdrawn from the command line.
#include "supeval/service/holds.hpp"

#include <nlohmann/json.hpp>

#include "stored_text.hpp"
#include "supeval/io/terminal_text.hpp"
#include "supeval/service/accounts.hpp"

namespace supeval::service {
namespace {

std::string_view ReasonName(core::HoldReason reason) {
  return reason == core::HoldReason::kQuality ? "quality" : "delivery";
}

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

}  // namespace

core::Result<core::HoldReason> ParseHoldReasonName(const std::string& text) {
  if (text == "quality") return core::HoldReason::kQuality;
  if (text == "delivery") return core::HoldReason::kDelivery;
  return core::BadInput("unknown reason '" + text + "' (expected quality or delivery)", {"", 0, "--reason"});
}

core::Result<store::BatchInfo> ImposeHold(const HoldRequest& request) {
  if (core::Status why = CheckRecordedText(request); !why.ok()) return why.error();
  auto db = OpenForWriting(request.db_url);
  if (!db.ok()) return db.error();
  const core::Date imposed_on = request.imposed_on.value_or(request.on);
  auto header = Header(request, "impose", imposed_on);
  if (!header.ok()) return header.error();
  return (*db)->ImposeHold({request.supplier_id, request.reason, imposed_on}, *header);
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
  auto header = Header(request, "withdraw", *imposed_on);
  if (!header.ok()) return header.error();
  return (*db)->WithdrawHold({request.supplier_id, request.reason, *imposed_on}, request.on, *header);
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
  io::TextTable table =
      io::TextTable::AlignedLeft({"supplier", "reason", "imposed_on", "withdrawn_on", "batch", "changed", "by", "why"});
  for (const store::StoredHold& h : holds) {
    table.AddRow({h.key.supplier_id, std::string(ReasonName(h.key.reason)), h.key.imposed_on.ToString(),
                  h.withdrawn_on ? h.withdrawn_on->ToString() : "(active)", std::to_string(h.batch), h.changed_at,
                  h.changed_by, h.why});
  }
  return table.Render();
}

}  // namespace supeval::service
