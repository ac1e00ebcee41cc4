// One supplier's deliveries and complaints of a run, with the engine's
// figures for each (supplier_records.hpp).
#include "supeval/service/supplier_records.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "supeval/io/explanation_writer.hpp"
#include "supeval/io/rules_toml.hpp"
#include "supeval/service/evaluate.hpp"

namespace supeval::service {

Json QuantityJson(const core::Decimal& quantity) { return std::stod(quantity.ToString()); }

namespace {

// Keeps every delivery in the engine's worst lists: the records list them
// all. (Not the largest size_t: the engine sizes a buffer as 4 × it.)
constexpr std::size_t kEveryDelivery = std::numeric_limits<std::size_t>::max() / 8;

core::Error NotFound(const std::string& what) { return core::Failure(core::ErrorCode::kNotFound, what + " not found"); }

std::vector<DeliveryRecord> DeliveriesOf(const core::MasterData& master, const core::Explanation& explanation) {
  std::vector<DeliveryRecord> deliveries;
  deliveries.reserve(explanation.worst_by_date.size());
  for (const core::DeliveryDeviation& d : explanation.worst_by_date) {
    deliveries.push_back({d, master.plants.at(d.plant).id, master.materials.at(d.material).id});
  }
  std::sort(deliveries.begin(), deliveries.end(),
            [](const DeliveryRecord& a, const DeliveryRecord& b) { return a.figures.id < b.figures.id; });
  return deliveries;
}

std::vector<ComplaintRecord> ComplaintsOf(const core::MasterData& master, const core::Explanation& explanation) {
  std::unordered_map<std::string_view, const core::Complaint*> by_id;
  for (const core::Complaint& c : master.complaints) by_id.emplace(c.id, &c);
  std::vector<ComplaintRecord> complaints;
  complaints.reserve(explanation.complaints.size());
  for (const core::ComplaintExplanation& figures : explanation.complaints) {
    const core::Complaint& record = *by_id.at(figures.id);
    complaints.push_back({record, master.suppliers.at(record.supplier).id, master.plants.at(record.plant).id,
                          record.material == core::kNoIndex ? "" : master.materials.at(record.material).id, figures});
  }
  std::sort(complaints.begin(), complaints.end(),
            [](const ComplaintRecord& a, const ComplaintRecord& b) { return a.record.id < b.record.id; });
  return complaints;
}

// The explanation as `explain` prints it: its worst lists (sorted worst
// first by the engine) cut to the length `explain` keeps.
void CutWorstLists(core::Explanation& explanation) {
  if (explanation.worst_by_date.size() > kWorstDeliveries) explanation.worst_by_date.resize(kWorstDeliveries);
  if (explanation.worst_by_quantity.size() > kWorstDeliveries) explanation.worst_by_quantity.resize(kWorstDeliveries);
}

// ---------------------------------------------------------------------------
// The lists' sort fields, as data

using Delivery = const DeliveryRecord*;
using Complaint = const ComplaintRecord*;

SortValue DateValue(const core::Date& date) { return SortCount(date.days()); }
SortValue OptionalDateValue(const std::optional<core::Date>& date) { return date ? DateValue(*date) : SortValue(); }
SortValue QuantityValue(const core::Decimal& quantity) { return static_cast<double>(quantity.micros()); }
SortValue OptionalQuantityValue(const std::optional<core::Decimal>& quantity) {
  return quantity ? QuantityValue(*quantity) : SortValue();
}

const std::vector<SortField<Delivery>>& DeliveryFields() {
  static const std::vector<SortField<Delivery>> kFields = {
      {"delivery_id", [](const Delivery& d) { return SortText(d->figures.id); }},
      {"plant_id", [](const Delivery& d) { return SortText(d->plant_id); }},
      {"material_id", [](const Delivery& d) { return SortText(d->material_id); }},
      {"due_date", [](const Delivery& d) { return DateValue(d->figures.due_date); }},
      {"due_qty", [](const Delivery& d) { return QuantityValue(d->figures.due_qty); }},
      {"receipt_date", [](const Delivery& d) { return DateValue(d->figures.receipt_date); }},
      {"received_qty", [](const Delivery& d) { return QuantityValue(d->figures.received_qty); }},
      {"type",
       [](const Delivery& d) {
         return SortValue(std::string_view(d->figures.type == core::DeliveryType::kSeries ? "series" : "sample"));
       }},
      {"deviation_working_days", [](const Delivery& d) { return SortCount(d->figures.working_days); }},
      {"lz1_points", [](const Delivery& d) { return SortValue(d->figures.lz1_points); }},
      {"deviation_percent", [](const Delivery& d) { return SortValue(d->figures.percent); }},
      {"lz2_points", [](const Delivery& d) { return SortValue(d->figures.lz2_points); }},
  };
  return kFields;
}

SortValue PpmQuantityValue(const ComplaintRecord& c) {
  return c.figures.counts_in_ppm ? SortValue(static_cast<double>(c.figures.relevant)) : SortValue();
}

const std::vector<SortField<Complaint>>& ComplaintFields() {
  static const std::vector<SortField<Complaint>> kFields = {
      {"complaint_id", [](const Complaint& c) { return SortText(c->record.id); }},
      {"plant_id", [](const Complaint& c) { return SortText(c->plant_id); }},
      {"date", [](const Complaint& c) { return DateValue(c->record.date); }},
      {"type", [](const Complaint& c) { return SortValue(io::ComplaintTypeName(c->record.type)); }},
      {"delivery_id", [](const Complaint& c) { return SortText(c->record.delivery_id); }},
      {"material_id", [](const Complaint& c) { return SortText(c->material_id); }},
      {"defect", [](const Complaint& c) { return SortText(c->record.defect); }},
      {"rejected_qty", [](const Complaint& c) { return OptionalQuantityValue(c->record.rejected_qty); }},
      {"affected_qty", [](const Complaint& c) { return OptionalQuantityValue(c->record.affected_qty); }},
      {"returned_on", [](const Complaint& c) { return OptionalDateValue(c->record.returned_on); }},
      {"ppm_quantity", [](const Complaint& c) { return PpmQuantityValue(*c); }},
  };
  return kFields;
}

bool ByDeliveryId(const Delivery& a, const Delivery& b) { return a->figures.id < b->figures.id; }
bool ByComplaintId(const Complaint& a, const Complaint& b) { return a->record.id < b->record.id; }

// The page of `records` that `query` asks for, in its order.
template <class Record>
core::Result<RecordsPage<Record>> ListRecords(store::Store& db, ResultsCache& cache, const Caller& caller,
                                              const std::string& supplier_id, const RecordsQuery& query,
                                              const SortSpec& spec, const std::vector<SortField<const Record*>>& fields,
                                              bool (*key_less)(const Record* const&, const Record* const&),
                                              const std::vector<Record> SupplierTrace::*records) {
  auto paging = ParsePaging(query.limit, query.offset);
  if (!paging.ok()) return paging.error();
  auto sort = ParseSort(spec, query.sort);
  if (!sort.ok()) return sort.error();
  auto found = ChooseSupplierRun(db, cache, caller, supplier_id, query.run);
  if (!found.ok()) return found.error();
  auto trace = cache.Trace(db, *found->table, supplier_id);
  if (!trace.ok()) return trace.error();
  RecordsPage<Record> page;
  page.run = found->chosen;
  page.trace = *std::move(trace);
  page.paging = *paging;
  std::vector<const Record*> rows;
  for (const Record& record : (*page.trace).*records) rows.push_back(&record);
  SortRows(rows, fields, *sort, PageOf(page.paging, rows.size()).end, key_less);
  page.total_count = static_cast<std::int64_t>(rows.size());
  page.rows = TakePage(std::move(rows), page.paging);
  return page;
}

// ---------------------------------------------------------------------------
// JSON

Json OptionalQuantityJson(const std::optional<core::Decimal>& quantity) {
  return quantity ? QuantityJson(*quantity) : Json(nullptr);
}
Json OptionalDateJson(const std::optional<core::Date>& date) { return date ? Json(date->ToString()) : Json(nullptr); }
Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json DeliveryJson(const DeliveryRecord& d, const std::string& supplier_id) {
  const core::DeliveryDeviation& f = d.figures;
  return Json{{"delivery_id", f.id},
              {"supplier_id", supplier_id},
              {"plant_id", d.plant_id},
              {"material_id", d.material_id},
              {"due_date", f.due_date.ToString()},
              {"due_qty", QuantityJson(f.due_qty)},
              {"receipt_date", f.receipt_date.ToString()},
              {"received_qty", QuantityJson(f.received_qty)},
              {"type", f.type == core::DeliveryType::kSeries ? "series" : "sample"},
              {"deviation_working_days", f.working_days},
              {"lz1_points", f.lz1_points},
              {"deviation_percent", f.percent},
              {"lz2_points", f.lz2_points}};
}

Json ComplaintJson(const ComplaintRecord& c, const std::map<std::string, Json>& adjustments) {
  const core::ComplaintExplanation& f = c.figures;
  const Json ppm_quantity =
      f.counts_in_ppm ? Json(std::stod(core::FixedToString(f.relevant, core::kDefectiveScaleDigits))) : Json(nullptr);
  Json row = ComplaintRecordJson(c.record, c.supplier_id, c.plant_id, c.material_id);
  row["ppm_quantity"] = ppm_quantity;
  row["spreadsheet_row"] = {{"defect", f.defect_code},
                            {"meaning", f.defect_meaning},
                            {"basis", io::QuantityBasisName(f.rule.basis)},
                            {"percent", std::stod(f.rule.percent.ToString())}};
  const auto adjustment = adjustments.find(c.record.id);
  row["adjustment"] = adjustment != adjustments.end() ? adjustment->second : Json(nullptr);
  return row;
}

template <class Record, class RowJson>
Json PageJson(const RecordsPage<Record>& page, RowJson row_json) {
  Json rows = Json::array();
  for (const Record* record : page.rows) rows.push_back(row_json(*record));
  const core::Period& period = page.run.period;
  return Json{{"period", period.label},
              {"from", period.first.ToString()},
              {"to", period.last.ToString()},
              {"run", page.run.summary.id},
              {"supplier_id", page.trace->explanation.result.supplier_id},
              {"total_count", page.total_count},
              {"limit", page.paging.limit},
              {"offset", page.paging.offset},
              {"rows", std::move(rows)}};
}

}  // namespace

core::Result<std::shared_ptr<const SupplierTrace>> TraceSupplier(store::Store& db, const RankedRun& table,
                                                                 const std::string& supplier_id) {
  const ChosenRun& run = table.run;
  if (table.Find(supplier_id) == nullptr) return NotFound("supplier '" + supplier_id + "'");
  auto rules = io::ParseRuleSetToml(table.rules_toml, "rules of run " + std::to_string(run.summary.id));
  if (!rules.ok()) return core::Internal(rules.error().ToString());
  auto trace = std::make_shared<SupplierTrace>();
  trace->rules = *std::move(rules);
  auto snapshot = db.OpenSupplierSnapshot(run.summary.as_of_batch, supplier_id);
  if (!snapshot.ok()) return snapshot.error();
  auto explanation = ExplainSource(**snapshot, trace->rules, run.period, supplier_id, kEveryDelivery,
                                   [&](const core::MasterData& master, const core::Explanation& explained) {
                                     trace->deliveries = DeliveriesOf(master, explained);
                                     trace->complaints = ComplaintsOf(master, explained);
                                   });
  if (!explanation.ok()) return explanation.error();
  trace->explanation = *std::move(explanation);
  CutWorstLists(trace->explanation);
  trace->explanation_json = Json::parse(io::WriteExplanationJson(trace->explanation, run.period, trace->rules));
  return std::shared_ptr<const SupplierTrace>(std::move(trace));
}

const SortSpec& DeliveriesSort() {
  static const SortSpec kSpec = SpecOf(DeliveryFields(), "receipt_date", "delivery_id");
  return kSpec;
}

const SortSpec& ComplaintsSort() {
  static const SortSpec kSpec = SpecOf(ComplaintFields(), "date", "complaint_id");
  return kSpec;
}

core::Result<DeliveriesPage> ListSupplierDeliveries(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                    const std::string& supplier_id, const RecordsQuery& query) {
  return ListRecords(db, cache, caller, supplier_id, query, DeliveriesSort(), DeliveryFields(), ByDeliveryId,
                     &SupplierTrace::deliveries);
}

core::Result<ComplaintsPage> ListSupplierComplaints(store::Store& db, ResultsCache& cache, const Caller& caller,
                                                    const std::string& supplier_id, const RecordsQuery& query) {
  return ListRecords(db, cache, caller, supplier_id, query, ComplaintsSort(), ComplaintFields(), ByComplaintId,
                     &SupplierTrace::complaints);
}

Json DeliveriesJson(const DeliveriesPage& page) {
  const std::string& supplier_id = page.trace->explanation.result.supplier_id;
  return PageJson(page, [&](const DeliveryRecord& d) { return DeliveryJson(d, supplier_id); });
}

Json ComplaintRecordJson(const core::Complaint& r, const std::string& supplier_id, const std::string& plant_id,
                         const std::string& material_id) {
  return Json{{"complaint_id", r.id},
              {"supplier_id", supplier_id},
              {"plant_id", plant_id},
              {"date", r.date.ToString()},
              {"type", io::ComplaintTypeName(r.type)},
              {"justified", r.justified},
              {"status", r.open ? "open" : "closed"},
              {"delivery_id", TextOrNull(r.delivery_id)},
              {"material_id", TextOrNull(material_id)},
              {"defect", TextOrNull(r.defect)},
              {"rejected_qty", OptionalQuantityJson(r.rejected_qty)},
              {"affected_qty", OptionalQuantityJson(r.affected_qty)},
              {"returned_on", OptionalDateJson(r.returned_on)},
              {"confirmed_qty", OptionalQuantityJson(r.confirmed_qty)},
              {"confirmed_on", OptionalDateJson(r.confirmed_on)}};
}

Json ComplaintsJson(const ComplaintsPage& page, const std::map<std::string, Json>& adjustments) {
  return PageJson(page, [&](const ComplaintRecord& c) { return ComplaintJson(c, adjustments); });
}

}  // namespace supeval::service
