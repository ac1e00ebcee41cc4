// The routes of the ppm adjustment (API.md, "The ppm adjustment, discussions
// and notifications"): a live complaint with its adjustment, the list of
// adjustments, a submission, its sorting report, the decision. Each reads
// the request and hands it to service/adjustments.hpp with the rule set in
// force (serve --rules) and "today" in serve --timezone; the JSON of an
// adjustment is the service's.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "api_context.hpp"
#include "supeval/service/adjustments.hpp"
#include "supeval/service/discussions.hpp"
#include "supeval/service/lists.hpp"
#include "supeval/service/supplier_records.hpp"

namespace supeval::server {
namespace {

using Type = nlohmann::json::value_t;

// The decimal text of the body's top-level member `name` when it is a number
// (API.md: a quantity is taken as its decimal text, never through a double).
class NumberText final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit NumberText(std::string name) : name_(std::move(name)) {}
  [[nodiscard]] const std::optional<std::string>& text() const { return text_; }

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t value) override { return Number(std::to_string(value)); }
  bool number_unsigned(number_unsigned_t value) override { return Number(std::to_string(value)); }
  bool number_float(number_float_t, const string_t& text) override { return Number(text); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override { return Open(); }
  bool key(string_t& key) override {
    if (depth_ == 1) key_ = key;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool Value() { return true; }
  bool Number(std::string text) {
    if (depth_ == 1 && key_ == name_) text_ = std::move(text);
    return true;
  }
  bool Open() {
    if (depth_ == 1) key_.clear();  // a nested value is not the member's
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }

  std::string name_;
  std::string key_;
  int depth_ = 0;
  std::optional<std::string> text_;
};

std::optional<std::string> NumberMember(const Request& request, std::string name) {
  NumberText sax(std::move(name));
  nlohmann::json::sax_parse(request.body, &sax);
  return sax.text();
}

Json ComplaintJson(const service::ComplaintView& view) {
  Json json = service::ComplaintRecordJson(view.record, view.supplier_id, view.plant_id, view.material_id);
  json["adjustment"] = view.adjustment ? service::AdjustmentJson(*view.adjustment) : Json();
  return json;
}

core::Result<Reply> ShowComplaint(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto view = service::ShowComplaint(db, CallerOf(request), id, AdjustmentContextOf(api));
    if (!view.ok()) return view.error();
    Json json = ComplaintJson(*view);
    // Its discussions, as GET /api/v1/threads?complaint_id= lists them (the newest first).
    const service::ThreadsQuery about{std::nullopt, id, std::nullopt, std::nullopt, std::to_string(service::kMaxLimit),
                                      std::nullopt};
    auto threads = service::ListThreads(db, CallerOf(request), about);
    if (!threads.ok()) return threads.error();
    json["threads"] = Json::array();
    for (const service::ThreadView& thread : threads->rows) json["threads"].push_back(ThreadJson(thread));
    Reply reply = JsonReply(json);
    reply.headers.emplace_back("ETag", service::ComplaintEntityTag(view->batch, view->adjustment_version));
    return reply;
  });
}

core::Result<Reply> ListAdjustments(Api::Impl& api, const Request& request) {
  const service::AdjustmentsQuery query{QueryString(request, "state"), QueryString(request, "supplier_id"),
                                        QueryString(request, "limit"), QueryString(request, "offset")};
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto page = service::ListAdjustments(db, CallerOf(request), query, AdjustmentContextOf(api));
    if (!page.ok()) return page.error();
    Json rows = Json::array();
    for (const service::AdjustmentView& view : page->rows) rows.push_back(service::AdjustmentJson(view));
    return JsonReply(Json{{"total_count", page->total_count},
                          {"limit", page->paging.limit},
                          {"offset", page->paging.offset},
                          {"rows", std::move(rows)}});
  });
}

core::Result<Reply> SubmitAdjustment(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"confirmed_qty", Type::number_float}, {"note", Type::string}});
      !checked.ok()) {
    return checked.error();
  }
  const std::optional<std::string> qty = NumberMember(request, "confirmed_qty");
  if (!qty) return core::BadInput("confirmed_qty must be a number", {"", 0, "/confirmed_qty"});
  const std::string id(request.PathParameter("id"));
  const std::string note = request.json["note"].get<std::string>();
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto submitted = service::SubmitAdjustment(db, CallerOf(request), id, *qty, note, AdjustmentContextOf(api));
    if (!submitted.ok()) return submitted.error();
    Reply reply = JsonReply(service::AdjustmentJson(*submitted), 201);
    reply.headers.emplace_back("Location", "/api/v1/complaints/" + id);
    return reply;
  });
}

core::Result<Reply> PutReport(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  const std::string media_type = request.content_type.substr(0, request.content_type.find(';'));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    if (core::Status attached =
            service::AttachAdjustmentReport(db, CallerOf(request), id, media_type, request.body, api.Now());
        !attached.ok()) {
      return attached.error();
    }
    return Reply::NoContent();
  });
}

core::Result<Reply> GetReport(Api::Impl& api, const Request& request) {
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto file = service::ReadAdjustmentReport(db, CallerOf(request), id);
    if (!file.ok()) return file.error();
    Reply reply;
    reply.content_type = file->media_type;
    reply.body = std::move(file->bytes);
    // The name is the server's own (sorting-report-<id>.<ext>); quoted as RFC 6266 asks.
    reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
    return reply;
  });
}

core::Result<Reply> Decide(Api::Impl& api, const Request& request) {
  if (auto checked = CheckMembers(request.json, {{"decision", Type::string}, {"reason", Type::string}});
      !checked.ok()) {
    return checked.error();
  }
  service::AdjustmentDecisionRequest decision;
  const std::string verdict = request.json["decision"].get<std::string>();
  if (verdict != "accept" && verdict != "reject") {
    return core::BadInput("decision is accept or reject", {"", 0, "/decision"});
  }
  decision.accept = verdict == "accept";
  decision.reason = request.json["reason"].get<std::string>();
  decision.if_match = service::ParseComplaintEntityTag(request.Header("If-Match"));
  const std::string id(request.PathParameter("id"));
  return api.WithStore([&](store::Store& db) -> core::Result<Reply> {
    auto decided = service::DecideAdjustment(db, CallerOf(request), id, decision, AdjustmentContextOf(api));
    if (!decided.ok()) return decided.error();
    return JsonReply(service::AdjustmentJson(*decided));
  });
}

}  // namespace

service::AdjustmentContext AdjustmentContextOf(const Api::Impl& api) {
  service::AdjustmentContext context;
  context.rules = &api.options.rules;
  context.now = api.Now();
  context.today = DateOf(api.options.timezone.LocalDate(context.now));
  context.end_of_day = [&api](core::Date day) {
    const core::CivilDate civil = day.ToCivil();
    return api.EndOfDay(std::chrono::year_month_day(std::chrono::year(civil.year),
                                                    std::chrono::month(static_cast<unsigned>(civil.month)),
                                                    std::chrono::day(static_cast<unsigned>(civil.day))));
  };
  return context;
}

RouteTable AdjustmentRoutes(Api::Impl& api) {
  using service::UseCase;
  const auto bind = [&api](ApiHandler handler) { return Bind(api, handler); };
  RouteTable routes;
  routes.push_back({"GET",
                    "/api/v1/complaints/{id}",
                    UseCase::kShowComplaint,
                    bind(ShowComplaint),
                    BodyKind::kNone,
                    std::nullopt,
                    "A complaint as the records now stand, with its adjustment (ETag: the If-Match of a decision)",
                    {"", "LiveComplaint"}});
  routes.push_back({"GET",
                    "/api/v1/adjustments",
                    UseCase::kListAdjustments,
                    bind(ListAdjustments),
                    BodyKind::kNone,
                    ListSpec{},
                    "The ppm adjustments of the returned complaints, by complaint, filtered by state and supplier",
                    {"", "AdjustmentList"}});
  routes.push_back({"POST",
                    "/api/v1/complaints/{id}/adjustment",
                    UseCase::kSubmitAdjustment,
                    bind(SubmitAdjustment),
                    BodyKind::kJson,
                    std::nullopt,
                    "Submit the actual defective quantity of a returned complaint, by its deadline",
                    {"SubmitAdjustmentRequest", "Adjustment", 201}});
  routes.push_back({"PUT",
                    "/api/v1/complaints/{id}/adjustment/report",
                    UseCase::kPutAdjustmentReport,
                    bind(PutReport),
                    BodyKind::kFile,
                    std::nullopt,
                    "Attach the sorting report (PDF, PNG or JPEG, at most 10 MiB) to a submitted adjustment",
                    {"AdjustmentReportFile", "", 204}});
  routes.push_back({"GET",
                    "/api/v1/complaints/{id}/adjustment/report",
                    UseCase::kGetAdjustmentReport,
                    bind(GetReport),
                    BodyKind::kNone,
                    std::nullopt,
                    "The sorting report of an adjustment, as an attachment",
                    {"", "AdjustmentReportFile"}});
  routes.push_back({"POST",
                    "/api/v1/complaints/{id}/adjustment/decision",
                    UseCase::kDecideAdjustment,
                    bind(Decide),
                    BodyKind::kJson,
                    std::nullopt,
                    "Accept or reject a submitted adjustment (If-Match: the complaint's ETag)",
                    {"AdjustmentDecisionRequest", "Adjustment"}});
  return routes;
}

}  // namespace supeval::server
