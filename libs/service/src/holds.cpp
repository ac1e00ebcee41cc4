// Holds imposed and withdrawn from the command line.
#include "supeval/service/holds.hpp"

#include "stored_text.hpp"
#include "supeval/io/terminal_text.hpp"

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

store::BatchHeader Header(const HoldRequest& request, std::string_view action, core::Date imposed_on) {
  store::BatchHeader header;
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
  return (*db)->ImposeHold({request.supplier_id, request.reason, imposed_on}, Header(request, "impose", imposed_on));
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
  return (*db)->WithdrawHold({request.supplier_id, request.reason, *imposed_on}, request.on,
                             Header(request, "withdraw", *imposed_on));
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
