// ResultsCache: the tables of published runs, computed once per run and kept
// (a published run never changes), and the answer texts made from them, the
// least recently used dropped first.
#include <algorithm>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "supeval/service/results.hpp"
#include "supeval/service/supplier_events.hpp"
#include "supeval/service/supplier_records.hpp"

namespace supeval::service {
namespace {

// A bounded map from a key (a run number; a run and a supplier) to a
// computed table, most recently used at the front. Not locked itself:
// ResultsCache holds its mutex around it. A linear search: a few hundred
// entries are found faster so than hashed.
template <class Table, class Key = store::RunId>
class RecentTables {
 public:
  explicit RecentTables(std::size_t capacity) : capacity_(capacity) {}

  std::shared_ptr<const Table> Find(const Key& run) {
    const auto found = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == run; });
    if (found == entries_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, found);
    return found->second;
  }

  // Keeps `table` unless another thread kept one meanwhile; returns the kept one.
  std::shared_ptr<const Table> Keep(const Key& run, std::shared_ptr<const Table> table) {
    if (auto kept = Find(run)) return kept;
    entries_.emplace_front(run, std::move(table));
    if (entries_.size() > capacity_) entries_.pop_back();
    return entries_.front().second;
  }

 private:
  std::size_t capacity_;
  std::list<std::pair<Key, std::shared_ptr<const Table>>> entries_;
};

// Answers' texts by key, most recently used at the front, their bytes kept
// within a budget (a page of 1,000 rows weighs 600 KB, one of 50 rows 30 KB,
// so a count of entries would bound nothing). Not locked itself.
class RecentTexts {
 public:
  explicit RecentTexts(std::size_t byte_budget) : byte_budget_(byte_budget) {}

  std::shared_ptr<const std::string> Find(const std::string& key) {
    const auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->second;
  }

  // Keeps `text` unless another thread kept one meanwhile; returns the kept
  // one. A text larger than the whole budget is returned, not kept.
  std::shared_ptr<const std::string> Keep(const std::string& key, std::shared_ptr<const std::string> text) {
    if (auto kept = Find(key)) return kept;
    const std::size_t weight = WeightOf(key, *text);
    if (weight > byte_budget_) return text;
    entries_.emplace_front(key, std::move(text));
    index_.emplace(key, entries_.begin());
    bytes_ += weight;
    while (bytes_ > byte_budget_) {
      const auto& [oldest_key, oldest_text] = entries_.back();
      bytes_ -= WeightOf(oldest_key, *oldest_text);
      index_.erase(oldest_key);
      entries_.pop_back();
    }
    return entries_.front().second;
  }

 private:
  static std::size_t WeightOf(const std::string& key, const std::string& text) {
    return 2 * key.size() + text.size();  // the key is held twice: in the list and the index
  }

  using Entries = std::list<std::pair<std::string, std::shared_ptr<const std::string>>>;
  std::size_t byte_budget_;
  std::size_t bytes_ = 0;
  Entries entries_;
  std::unordered_map<std::string, Entries::iterator> index_;
};

core::Result<std::shared_ptr<const RankedRun>> ComputeRanked(store::Store& db, const ChosenRun& run) {
  auto record = db.ReadRun(run.summary.id);
  if (!record.ok()) return record.error();
  auto table = std::make_shared<RankedRun>();
  table->run = run;
  table->rules_toml = std::move(record->rules_toml);
  table->rows = RankResults(std::move(record->results));
  return std::shared_ptr<const RankedRun>(std::move(table));
}

core::Result<std::shared_ptr<const RunReach>> ComputeReach(store::Store& db, const ChosenRun& run) {
  auto snapshot = db.OpenSnapshot(run.summary.as_of_batch);
  if (!snapshot.ok()) return snapshot.error();
  auto master = (*snapshot)->ReadMasterData();
  if (!master.ok()) return master.error();
  auto reaches = (*snapshot)->DeliveryReaches(run.period.first, run.period.last);
  if (!reaches.ok()) return reaches.error();
  std::unordered_map<std::string, std::string> commodity_of;
  for (const core::Material& material : master->materials) commodity_of[material.id] = material.commodity;
  auto reach = std::make_shared<RunReach>();
  for (const core::Plant& plant : master->plants) reach->plants.push_back(plant.id);
  const auto add = [](std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
  };
  for (const store::DeliveryReach& r : *reaches) {
    add(reach->plants_of[r.supplier_id], r.plant_id);
    const auto commodity = commodity_of.find(r.material_id);
    if (r.type == core::DeliveryType::kSeries && commodity != commodity_of.end()) {
      add(reach->series_commodities_of[r.supplier_id], commodity->second);
    }
  }
  return std::shared_ptr<const RunReach>(std::move(reach));
}

// Finds the table under `key` in `tables`, or computes it (outside the lock,
// so that a slow database read holds up no other request) and keeps it.
template <class Tables, class Key, class Compute>
auto FindOrCompute(std::mutex& mutex, Tables& tables, std::size_t& computed, const Key& key, Compute compute)
    -> decltype(compute()) {
  {
    const std::lock_guard lock(mutex);
    if (auto kept = tables.Find(key)) return kept;
  }
  auto table = compute();
  if (!table.ok()) return table.error();
  const std::lock_guard lock(mutex);
  ++computed;
  return tables.Keep(key, *std::move(table));
}

}  // namespace

using TraceKey = std::pair<store::RunId, std::string>;  // run, supplier_id

struct ResultsCache::State {
  State(std::size_t capacity, std::size_t trace_capacity, std::size_t answer_bytes)
      : ranked(capacity), reach(capacity), events(capacity), traces(trace_capacity), answers(answer_bytes) {}
  mutable std::mutex mutex;
  RecentTables<RankedRun> ranked;
  RecentTables<RunReach> reach;
  RecentTables<RunEvents> events;
  RecentTables<SupplierTrace, TraceKey> traces;
  RecentTexts answers;
  std::size_t computed = 0;
};

ResultsCache::ResultsCache(std::size_t capacity, std::size_t trace_capacity, std::size_t answer_bytes)
    : state_(std::make_unique<State>(std::max<std::size_t>(capacity, 1), std::max<std::size_t>(trace_capacity, 1),
                                     answer_bytes)) {}
ResultsCache::~ResultsCache() = default;

core::Result<std::shared_ptr<const RankedRun>> ResultsCache::Ranked(store::Store& db, const ChosenRun& run) {
  return FindOrCompute(state_->mutex, state_->ranked, state_->computed, run.summary.id,
                       [&] { return ComputeRanked(db, run); });
}

core::Result<std::shared_ptr<const RunReach>> ResultsCache::Reach(store::Store& db, const ChosenRun& run) {
  return FindOrCompute(state_->mutex, state_->reach, state_->computed, run.summary.id,
                       [&] { return ComputeReach(db, run); });
}

core::Result<std::shared_ptr<const RunEvents>> ResultsCache::Events(store::Store& db, const ChosenRun& run) {
  return FindOrCompute(state_->mutex, state_->events, state_->computed, run.summary.id,
                       [&] { return ReadRunEvents(db, run); });
}

core::Result<std::shared_ptr<const SupplierTrace>> ResultsCache::Trace(store::Store& db, const RankedRun& table,
                                                                       const std::string& supplier_id) {
  return FindOrCompute(state_->mutex, state_->traces, state_->computed, TraceKey(table.run.summary.id, supplier_id),
                       [&] { return TraceSupplier(db, table, supplier_id); });
}

core::Result<std::shared_ptr<const std::string>> ResultsCache::Answer(
    const std::string& key, const std::function<core::Result<std::string>()>& compute) {
  std::size_t ignored = 0;  // `computed` counts tables, not texts
  return FindOrCompute(state_->mutex, state_->answers, ignored, key,
                       [&]() -> core::Result<std::shared_ptr<const std::string>> {
                         auto text = compute();
                         if (!text.ok()) return text.error();
                         return std::make_shared<const std::string>(*std::move(text));
                       });
}

std::size_t ResultsCache::computed() const {
  const std::lock_guard lock(state_->mutex);
  return state_->computed;
}

}  // namespace supeval::service
