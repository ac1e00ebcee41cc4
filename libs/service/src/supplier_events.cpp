// A run's events of IATF 16949 8.4.2.4, counted per supplier, and one
// supplier's list of them (supplier_events.hpp, docs/events.md).
#include "supeval/service/supplier_events.hpp"

#include <algorithm>
#include <tuple>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/io/result_writer.hpp"

namespace supeval::service {
namespace {

namespace cc = core::contracts;

const std::string& IdOrEmpty(const auto& records, core::Index index) {
  static const std::string kNone;
  return index == core::kNoIndex ? kNone : records.at(index).id;
}

Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// The rows of the snapshot's events dated in `period`, ids resolved.
std::vector<EventRecord> RecordsIn(const std::vector<cc::Event>& events, const core::MasterData& master,
                                   const core::Period& period) {
  std::vector<EventRecord> rows;
  for (const cc::Event& event : events) {
    if (!cc::InPeriod(event, period)) continue;
    rows.push_back({event, master.suppliers.at(event.supplier).id, master.plants.at(event.plant).id,
                    IdOrEmpty(master.materials, event.material)});
  }
  std::sort(rows.begin(), rows.end(), [](const EventRecord& a, const EventRecord& b) {
    return std::tie(a.supplier_id, a.event.date, a.event.id) < std::tie(b.supplier_id, b.event.date, b.event.id);
  });
  return rows;
}

}  // namespace

const cc::EventCounts& RunEvents::CountsOf(const std::string& supplier_id) const {
  static const cc::EventCounts kNone;
  const auto found = counts_of.find(supplier_id);
  return found == counts_of.end() ? kNone : found->second;
}

std::span<const EventRecord> RunEvents::RowsOf(const std::string& supplier_id) const {
  const auto first =
      std::lower_bound(rows.begin(), rows.end(), supplier_id,
                       [](const EventRecord& row, const std::string& id) { return row.supplier_id < id; });
  const auto last = std::upper_bound(first, rows.end(), supplier_id, [](const std::string& id, const EventRecord& row) {
    return id < row.supplier_id;
  });
  return {first, last};
}

core::Result<std::shared_ptr<const RunEvents>> ReadRunEvents(store::Store& db, const ChosenRun& run) {
  auto snapshot = db.OpenSnapshot(run.summary.as_of_batch);
  if (!snapshot.ok()) return snapshot.error();
  auto master = (*snapshot)->ReadIdentities();
  if (!master.ok()) return master.error();
  auto events = (*snapshot)->ReadEvents(*master);
  if (!events.ok()) return events.error();
  auto read = std::make_shared<RunEvents>();
  read->rows = RecordsIn(*events, *master, run.period);
  const std::vector<cc::EventCounts> counts = cc::CountEvents(*events, run.period, master->suppliers.size());
  for (std::size_t supplier = 0; supplier < counts.size(); ++supplier) {
    if (counts[supplier].total > 0) read->counts_of.emplace(master->suppliers[supplier].id, counts[supplier]);
  }
  return std::shared_ptr<const RunEvents>(std::move(read));
}

core::Result<std::optional<std::vector<cc::EventKind>>> ParseEventKinds(const std::optional<std::string>& text) {
  if (!text) return std::optional<std::vector<cc::EventKind>>();
  std::vector<cc::EventKind> kinds;
  for (const std::string& name : SplitList(*text)) {
    bool known = false;
    for (std::size_t kind = 0; kind < cc::kEventKindCount && !known; ++kind) {
      if (cc::NameOf(static_cast<cc::EventKind>(kind)) != name) continue;
      kinds.push_back(static_cast<cc::EventKind>(kind));
      known = true;
    }
    if (!known) {
      std::string names;
      for (std::size_t kind = 0; kind < cc::kEventKindCount; ++kind) {
        names += (names.empty() ? "" : ", ") + std::string(cc::NameOf(static_cast<cc::EventKind>(kind)));
      }
      return core::BadInput("event_kind: a comma-separated list of " + names, {"", 0, "event_kind"});
    }
  }
  return std::optional(std::move(kinds));
}

bool HasEventOf(const cc::EventCounts& counts, const std::vector<cc::EventKind>& kinds) {
  return std::any_of(kinds.begin(), kinds.end(),
                     [&](cc::EventKind kind) { return counts.by_kind[static_cast<std::size_t>(kind)] > 0; });
}

core::Result<EventsPage> ListSupplierEvents(store::Store& db, ResultsCache& cache, const Caller& caller,
                                            const std::string& supplier_id, const EventsQuery& query) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto found = ChooseSupplierRun(db, cache, caller, supplier_id, query.run);
  if (!found.ok()) return found.error();
  auto events = cache.Events(db, found->chosen);
  if (!events.ok()) return events.error();
  EventsPage page;
  page.run = found->chosen;
  page.supplier_id = supplier_id;
  page.events = *std::move(events);
  page.paging = *paging;
  const std::span<const EventRecord> rows = page.events->RowsOf(supplier_id);
  const PageRange range = PageOf(page.paging, rows.size());
  page.total_count = static_cast<std::int64_t>(rows.size());
  page.rows = rows.subspan(range.begin, range.end - range.begin);
  return page;
}

Json EventJson(const EventRecord& record) {
  const cc::Event& event = record.event;
  return Json{{"event_id", event.id},
              {"plant_id", record.plant_id},
              {"date", event.date.ToString()},
              {"kind", cc::NameOf(event.kind)},
              {"material_id", TextOrNull(record.material_id)},
              {"delivery_id", TextOrNull(event.delivery_id)},
              {"cost", event.cost ? Json(event.cost->ToFixed(2)) : Json(nullptr)},
              {"customer_notified", event.customer_notified}};
}

Json SupplierEventsJson(const RunEvents& events, const std::string& supplier_id) {
  Json json = io::EventCountsJson(events.CountsOf(supplier_id));
  Json rows = Json::array();
  for (const EventRecord& record : events.RowsOf(supplier_id)) rows.push_back(EventJson(record));
  json["rows"] = std::move(rows);
  return json;
}

Json EventsPageJson(const EventsPage& page) {
  Json rows = Json::array();
  for (const EventRecord& record : page.rows) rows.push_back(EventJson(record));
  const core::Period& period = page.run.period;
  return Json{{"period", period.label},     {"from", period.first.ToString()}, {"to", period.last.ToString()},
              {"run", page.run.summary.id}, {"supplier_id", page.supplier_id}, {"total_count", page.total_count},
              {"limit", page.paging.limit}, {"offset", page.paging.offset},    {"rows", std::move(rows)}};
}

}  // namespace supeval::service
