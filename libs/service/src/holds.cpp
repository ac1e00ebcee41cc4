// Holds imposed and withdrawn from the command line.
#include "supeval/service/holds.hpp"

#include <algorithm>

namespace supeval::service {
namespace {

std::string_view ReasonName(core::HoldReason reason) {
  return reason == core::HoldReason::kQuality ? "quality" : "delivery";
}

core::Status CheckWhy(const HoldRequest& request) {
  if (request.why.find_first_not_of(" \t\n") == std::string::npos) {
    return core::BadInput("say why (it is recorded with the change)", {"", 0, "--why"});
  }
  return core::Ok{};
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
  if (core::Status why = CheckWhy(request); !why.ok()) return why.error();
  auto db = OpenForWriting(request.db_url);
  if (!db.ok()) return db.error();
  const core::Date imposed_on = request.imposed_on.value_or(request.on);
  return (*db)->ImposeHold({request.supplier_id, request.reason, imposed_on}, Header(request, "impose", imposed_on));
}

core::Result<store::BatchInfo> WithdrawHold(const HoldRequest& request) {
  if (core::Status why = CheckWhy(request); !why.ok()) return why.error();
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
  std::vector<std::vector<std::string>> rows = {
      {"supplier", "reason", "imposed_on", "withdrawn_on", "batch", "changed", "by", "why"}};
  for (const store::StoredHold& h : holds) {
    rows.push_back({h.key.supplier_id, std::string(ReasonName(h.key.reason)), h.key.imposed_on.ToString(),
                    h.withdrawn_on ? h.withdrawn_on->ToString() : "(active)", std::to_string(h.batch), h.changed_at,
                    h.changed_by, h.why});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace supeval::service
