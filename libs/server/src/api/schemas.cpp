// The named schemas of the API's bodies (schemas.hpp), as C++ data: a few
// constructors (Text, Integer, Nullable, Answer, Body, List...) keep each
// schema one short entry, the shared parts (a result row, the list
// envelope) written once. C++ rather than an embedded JSON file: the
// problem types come from their own table, and a schema built from another
// (RankingRow = Result + three members) stays one line.
#include "supeval/server/schemas.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/contracts/event_counts.hpp"
#include "supeval/core/contracts/settlement.hpp"
#include "supeval/core/contracts/sourcing.hpp"
#include "supeval/server/problem.hpp"
#include "supeval/service/discussions.hpp"
#include "supeval/service/notifications.hpp"

namespace supeval::server {
namespace {

using Json = nlohmann::json;
using Members = std::initializer_list<std::pair<const char*, Json>>;

Json Typed(const char* type) { return {{"type", type}}; }
Json Text() { return Typed("string"); }
Json Integer() { return Typed("integer"); }
Json Number() { return Typed("number"); }
Json Boolean() { return Typed("boolean"); }
Json Anything() { return Json::object(); }
Json TextOf(Json values) { return {{"type", "string"}, {"enum", std::move(values)}}; }
// API.md "Time": YYYY-MM-DD; RFC 3339 in UTC with Z, whole seconds.
Json Date() { return {{"type", "string"}, {"format", "date"}, {"minLength", 10}, {"maxLength", 10}}; }
Json Instant() { return {{"type", "string"}, {"format", "date-time"}, {"minLength", 20}, {"maxLength", 20}}; }
Json Ref(std::string_view name) { return {{"$ref", SchemaReference(name)}}; }
Json ArrayOf(Json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

// `schema` that may also be null (API.md: `type: [..., "null"]`); an enum
// takes null among its values.
Json Nullable(Json schema) {
  schema["type"] = Json::array({schema["type"], "null"});
  if (schema.contains("enum")) schema["enum"].push_back(nullptr);
  return schema;
}

Json PropertiesOf(Members members) {
  Json properties = Json::object();
  for (const auto& [name, schema] : members) properties[name] = schema;
  return properties;
}

// An answer object: every member listed is always there.
Json Answer(Members members) {
  Json required = Json::array();
  for (const auto& member : members) required.push_back(member.first);
  return {{"type", "object"}, {"required", std::move(required)}, {"properties", PropertiesOf(members)}};
}

// `base` (an Answer) with more members, required or not.
Json Extended(Json base, Members members, bool required = true) {
  for (const auto& [name, schema] : members) {
    base["properties"][name] = schema;
    if (required) base["required"].push_back(name);
  }
  return base;
}

// A request body: exactly these members, `required` of them required.
Json Body(Members members, std::initializer_list<const char*> required) {
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", Json(required)},
          {"properties", PropertiesOf(members)}};
}

// A list answer (API.md, "Lists"): its context, then the page of rows.
Json List(std::string_view row, Members context = {}) {
  return Extended(Answer(context), {{"total_count", {{"type", "integer"}, {"minimum", 0}}},
                                    {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}},
                                    {"offset", {{"type", "integer"}, {"minimum", 0}}},
                                    {"rows", ArrayOf(Ref(row))}});
}

Json Role() { return TextOf({"admin", "quality", "purchasing", "supplier"}); }

// ---------------------------------------------------------------------------
// The ppm adjustment (API.md, "The ppm adjustment, discussions and
// notifications"). Written inline where a complaint nests it, since a
// nullable member cannot be a $ref here.

Json AdjustmentSchema() {
  const Json report = Answer({{"media_type", TextOf({"application/pdf", "image/png", "image/jpeg"})},
                              {"file_name", Text()},
                              {"bytes", Integer()},
                              {"url", Text()}});
  return Answer({{"complaint_id", Text()},
                 {"supplier_id", Text()},
                 {"state", TextOf({"open", "submitted", "accepted", "rejected", "expired"})},
                 {"deadline", Date()},
                 {"deadline_at", Instant()},
                 {"confirmed_qty", Nullable(Number())},
                 {"note", Nullable(Text())},
                 {"report", Nullable(report)},
                 {"submitted_by", Nullable(Text())},
                 {"submitted_at", Nullable(Text())},
                 {"decided_by", Nullable(Text())},
                 {"decided_at", Nullable(Text())},
                 {"reason", Nullable(Text())}});
}

void AddAdjustments(Json& s) {
  s["Adjustment"] = AdjustmentSchema();
  s["AdjustmentList"] = List("Adjustment");
  s["SubmitAdjustmentRequest"] =
      Body({{"confirmed_qty", {{"type", "number"}, {"minimum", 0}}}, {"note", Text()}}, {"confirmed_qty", "note"});
  s["AdjustmentDecisionRequest"] =
      Body({{"decision", TextOf({"accept", "reject"})}, {"reason", Text()}}, {"decision", "reason"});
  // A sorting report: the file itself, in the body of the upload and the download.
  s["AdjustmentReportFile"] = {
      {"type", "string"}, {"format", "binary"}, {"x-media-types", {"application/pdf", "image/png", "image/jpeg"}}};
  // A scorecard letter (docs/letters.md).
  s["SupplierLetter"] = {{"type", "string"}, {"format", "binary"}, {"x-media-types", {"application/pdf"}}};
  // An Excel download (`?format=xlsx`), the answer's other media type.
  s["Workbook"] = {{"type", "string"}, {"format", "binary"}};
}
Json Score() { return Nullable(Number()); }

// The context of an answer about one period of a run.
Json PeriodAnswer(Members more) {
  return Extended(Answer({{"period", Text()}, {"from", Date()}, {"to", Date()}}), more);
}

// ---------------------------------------------------------------------------
// Sessions, users, tokens, audit

void AddAccounts(Json& s) {
  s["LoginRequest"] =
      Body({{"username", Text()}, {"password", Text()}, {"totp", Nullable(Text())}}, {"username", "password"});
  s["Session"] = Answer({{"user", Text()},
                         {"display_name", Text()},
                         {"role", Role()},
                         {"supplier_id", Nullable(Text())},
                         {"csrf_token", Text()},
                         {"expires_at", Instant()},
                         {"idle_expires_at", Instant()},
                         {"required_action", Nullable(TextOf({"change-password", "enrol-totp"}))}});
  s["PasswordChange"] =
      Body({{"current_password", Text()}, {"new_password", Text()}, {"end_other_sessions", Nullable(Boolean())}},
           {"current_password", "new_password"});
  s["PasswordConfirmation"] = Body({{"password", Text()}}, {"password"});
  s["TotpEnrolment"] = Answer({{"secret", Text()}, {"otpauth_uri", Text()}});
  s["TotpConfirmation"] = Body({{"code", Text()}}, {"code"});
  s["TotpRemoval"] = Body({{"password", Text()}, {"code", Text()}}, {"password", "code"});
  s["OwnSession"] = Answer({{"id", Integer()},
                            {"created_at", Instant()},
                            {"last_seen_at", Instant()},
                            {"address", Nullable(Text())},
                            {"user_agent", Text()},
                            {"current", Boolean()}});
  s["OwnSessionList"] = List("OwnSession");

  s["User"] = Answer({{"name", Text()},
                      {"display_name", Text()},
                      {"role", Role()},
                      {"supplier_id", Nullable(Text())},
                      {"disabled", Boolean()},
                      {"totp", Boolean()},
                      {"created_at", Instant()},
                      {"last_login_at", Nullable(Instant())}});
  // After a creation or a reset_password: the initial password, shown once.
  s["UserWithPassword"] = Extended(s["User"], {{"initial_password", Text()}}, false);
  s["UserList"] = List("User");
  s["CreateUserRequest"] =
      Body({{"name", Text()}, {"display_name", Nullable(Text())}, {"role", Role()}, {"supplier_id", Nullable(Text())}},
           {"name", "role"});
  s["UserPatch"] = Body({{"display_name", Nullable(Text())},
                         {"role", Nullable(Role())},
                         {"supplier_id", Nullable(Text())},
                         {"disabled", Nullable(Boolean())},
                         {"reset_password", Nullable(Boolean())},
                         {"reset_totp", Nullable(Boolean())}},
                        {});

  s["Token"] = Answer({{"id", Integer()},
                       {"name", Text()},
                       {"user", Text()},
                       {"created_at", Instant()},
                       {"expires_at", Instant()},
                       {"last_used_at", Nullable(Instant())}});
  s["NewToken"] = Extended(s["Token"], {{"token", {{"type", "string"}, {"minLength", 51}, {"maxLength", 51}}}});
  s["TokenList"] = List("Token");
  s["CreateTokenRequest"] =
      // The name's length (1 to 100 bytes) is left to the service: its
      // refusal comes after Idempotency-Key is taken, so a retry gets it
      // replayed (serve_api_test); the dispatcher's schema check comes before.
      Body({{"name", {{"type", "string"}, {"description", "1 to 100 bytes of UTF-8"}}},
            {"expires_in_days", {{"type", {"integer", "null"}}, {"minimum", 1}, {"maximum", 365}, {"default", 90}}}},
           {"name"});

  // before and after: the audited object as it was and became (any JSON).
  s["AuditEntry"] = Answer({{"id", Integer()},
                            {"at", Instant()},
                            {"user", Text()},
                            {"address", Nullable(Text())},
                            {"action", Text()},
                            {"target", Text()},
                            {"before", Anything()},
                            {"after", Anything()}});
  s["AuditList"] = List("AuditEntry");
}

// ---------------------------------------------------------------------------
// Results: periods, ranking, suppliers, scorecard, records

Json ResultRow() {
  return Answer({{"supplier_id", Text()},
                 {"name", Text()},
                 {"period", Text()},
                 {"status", TextOf({"evaluated", "not_evaluated"})},
                 {"reason", Nullable(Text())},
                 {"deliveries", Integer()},
                 {"series_deliveries", Integer()},
                 {"sample_deliveries", Integer()},
                 {"complaints", Integer()},
                 {"sample_complaints", Integer()},
                 {"ppm", Score()},
                 {"qz1", Score()},
                 {"qz2", Score()},
                 {"qz3", Score()},
                 {"qz4", Score()},
                 {"qz", Score()},
                 {"lz1", Score()},
                 {"lz2", Score()},
                 {"lz", Score()},
                 {"total", Score()},
                 {"class", Nullable(Text())},
                 {"warnings", ArrayOf(Text())}});
}

// The events of IATF 16949 8.4.2.4 (docs/events.md): a supplier's counts
// in a period, and the events themselves.
Json EventKind() {
  Json kinds = Json::array();
  for (std::size_t kind = 0; kind < core::contracts::kEventKindCount; ++kind) {
    kinds.push_back(core::contracts::NameOf(static_cast<core::contracts::EventKind>(kind)));
  }
  return TextOf(std::move(kinds));
}

// Money as CONTRACTS.md §2 writes it ("1200.50"); the validator checks no pattern.
Json Money() { return {{"type", "string"}, {"description", "money: exactly 2 decimals"}}; }

void AddEvents(Json& s) {
  Json by_kind = {{"type", "object"}, {"properties", Json::object()}, {"additionalProperties", false}};
  const Json kinds = EventKind();  // kept: a range over a member of a temporary would dangle
  for (const Json& kind : kinds["enum"]) {
    by_kind["properties"][kind.get<std::string>()] = {{"type", "integer"}, {"minimum", 1}};
  }
  const Json count = {{"type", "integer"}, {"minimum", 0}};
  const Members counts = {{"total", count}, {"customer_notified", count}, {"cost", Money()}, {"by_kind", by_kind}};
  s["EventCounts"] = Answer(counts);
  s["Event"] = Answer({{"event_id", Text()},
                       {"plant_id", Text()},
                       {"date", Date()},
                       {"kind", EventKind()},
                       {"material_id", Nullable(Text())},
                       {"delivery_id", Nullable(Text())},
                       {"cost", Nullable(Money())},
                       {"customer_notified", Boolean()}});
  s["SupplierEvents"] = Extended(Answer(counts), {{"rows", ArrayOf(Ref("Event"))}});
  s["EventPage"] = List(
      "Event", {{"period", Text()}, {"from", Date()}, {"to", Date()}, {"run", Integer()}, {"supplier_id", Text()}});
}

void AddResults(Json& s) {
  s["Period"] = PeriodAnswer({{"latest_run", Integer()}, {"runs", Integer()}});
  s["PeriodList"] = List("Period");
  s["Result"] = ResultRow();
  AddEvents(s);
  s["RankingRow"] = Extended(ResultRow(), {{"rank", Nullable(Integer())},
                                           {"previous_total", Score()},
                                           {"change", Nullable(Number())},
                                           {"events", Ref("EventCounts")}});
  s["RankingPage"] = List("RankingRow", {{"period", Text()},
                                         {"from", Date()},
                                         {"to", Date()},
                                         {"run", Integer()},
                                         {"previous_run", Nullable(Integer())}});
  s["Supplier"] = Answer({{"supplier_id", Text()},
                          {"name", Text()},
                          {"country", Nullable(Text())},
                          {"qz3", TextOf({"exempt", "evaluate"})}});
  s["SupplierList"] = List("Supplier");
  s["TrendPoint"] = Answer({{"period", Text()},
                            {"run", Integer()},
                            {"total", Score()},
                            {"class", Nullable(Text())},
                            {"qz", Score()},
                            {"lz", Score()}});
  s["Scorecard"] = PeriodAnswer({{"run", Integer()},
                                 {"result", Ref("Result")},
                                 {"explanation", Ref("Explanation")},
                                 {"trend", ArrayOf(Ref("TrendPoint"))},
                                 {"events", Ref("SupplierEvents")}});

  s["Delivery"] = Answer({{"delivery_id", Text()},
                          {"supplier_id", Text()},
                          {"plant_id", Text()},
                          {"material_id", Text()},
                          {"due_date", Date()},
                          {"due_qty", Number()},
                          {"receipt_date", Date()},
                          {"received_qty", Number()},
                          {"type", TextOf({"series", "sample"})},
                          {"deviation_working_days", Integer()},
                          {"lz1_points", Number()},
                          {"deviation_percent", Number()},
                          {"lz2_points", Number()}});
  const Members records_context = {
      {"period", Text()}, {"from", Date()}, {"to", Date()}, {"run", Integer()}, {"supplier_id", Text()}};
  s["DeliveryPage"] = List("Delivery", records_context);
  s["SpreadsheetRow"] = Answer({{"defect", Text()},
                                {"meaning", Text()},
                                {"basis", TextOf({"rejected", "affected", "lot", "none"})},
                                {"percent", Number()}});
  s["Complaint"] = Answer({{"complaint_id", Text()},
                           {"supplier_id", Text()},
                           {"plant_id", Text()},
                           {"date", Date()},
                           {"type", TextOf({"complaint", "notification", "sample"})},
                           {"justified", Boolean()},
                           {"status", TextOf({"open", "closed"})},
                           {"delivery_id", Nullable(Text())},
                           {"material_id", Nullable(Text())},
                           {"defect", Nullable(Text())},
                           {"rejected_qty", Nullable(Number())},
                           {"affected_qty", Nullable(Number())},
                           {"returned_on", Nullable(Date())},
                           {"confirmed_qty", Nullable(Number())},
                           {"confirmed_on", Nullable(Date())},
                           {"ppm_quantity", Nullable(Number())},
                           {"spreadsheet_row", Ref("SpreadsheetRow")},
                           // Null without returned_on (API.md: as in GET /api/v1/adjustments).
                           {"adjustment", Nullable(AdjustmentSchema())}});
  s["ComplaintPage"] = List("Complaint", records_context);
}

// ---------------------------------------------------------------------------
// The explanation: the data of `supeval explain --format json`

void AddExplanation(Json& s) {
  s["ExplanationPeriod"] = Answer({{"label", Text()}, {"from", Date()}, {"to", Date()}});
  s["ExplanationScores"] = Answer({{"total", Score()},
                                   {"qz", Score()},
                                   {"qz1", Score()},
                                   {"qz2", Score()},
                                   {"qz3", Score()},
                                   {"qz4", Score()},
                                   {"lz", Score()},
                                   {"lz1", Score()},
                                   {"lz2", Score()},
                                   {"ppm", Score()}});
  s["CriterionWeight"] = Answer({{"criterion", Text()}, {"weight", Number()}, {"normalised", Score()}});
  const Json weights = ArrayOf(Ref("CriterionWeight"));
  s["ExplanationWeights"] = Answer({{"total", weights}, {"quality", weights}, {"delivery", weights}});
  s["CountedComplaints"] = Answer({{"complaints", Integer()}, {"series_deliveries", Integer()}, {"factor", Number()}});
  s["CountedSampleComplaints"] =
      Answer({{"sample_complaints", Integer()}, {"sample_deliveries", Integer()}, {"factor", Number()}});
  s["CommodityExplanation"] = Answer({{"commodity", Text()},
                                      {"b", Number()},
                                      {"b_defaulted", Boolean()},
                                      {"series_deliveries", Integer()},
                                      {"delivered", Text()},
                                      {"defective", Text()},
                                      {"ppm", Score()},
                                      {"qz2", Score()}});
  s["ComplaintExplanation"] =
      Answer({{"complaint_id", Text()},
              {"type", TextOf({"complaint", "notification", "sample"})},
              {"date", Date()},
              {"justified", Boolean()},
              {"delivery_id", Text()},
              {"commodity", Nullable(Text())},
              {"kind", Nullable(TextOf({"raw", "purchased"}))},
              {"counts_in_ppm", Boolean()},
              {"defect", Text()},
              {"rule", Answer({{"basis", TextOf({"rejected", "affected", "lot", "none"})}, {"percent", Text()}})},
              {"basis_quantity", Nullable(Text())},
              {"relevant_quantity", Text()},
              {"adjustment", TextOf({"", "not_applicable", "applied", "too_late", "no_return_date"})},
              {"adjustment_deadline", Nullable(Date())},
              {"notes", ArrayOf(Text())}});
  s["CertificateExplanation"] = Answer(
      {{"standard", Text()}, {"valid_from", Date()}, {"valid_to", Date()}, {"valid_on_reference_date", Boolean()}});
  s["CertificationExplanation"] = Answer({{"exempt", Boolean()},
                                          {"column", TextOf({"indirect", "production"})},
                                          {"delivered_commodities", ArrayOf(Text())},
                                          {"certificates", ArrayOf(Ref("CertificateExplanation"))},
                                          {"matched_row", Nullable(Integer())},
                                          {"quality_hold_imposed_on", Nullable(Date())},
                                          {"points", Score()}});
  s["PointsCount"] = Answer({{"points", Number()}, {"deliveries", Integer()}});
  s["DeliveryDeviation"] = Answer({{"delivery_id", Text()},
                                   {"due_date", Date()},
                                   {"receipt_date", Date()},
                                   {"working_days", Integer()},
                                   {"due_qty", Text()},
                                   {"received_qty", Text()},
                                   {"percent", Number()},
                                   {"lz1_points", Number()},
                                   {"lz2_points", Number()}});
  s["ReliabilityExplanation"] =
      Answer({{"distribution", ArrayOf(Ref("PointsCount"))}, {"worst_deliveries", ArrayOf(Ref("DeliveryDeviation"))}});
  s["Explanation"] = Answer({{"supplier_id", Text()},
                             {"name", Text()},
                             {"period", Ref("ExplanationPeriod")},
                             {"reference_date", Date()},
                             {"status", TextOf({"evaluated", "not_evaluated"})},
                             {"reason", Text()},
                             {"class", Nullable(Text())},
                             {"scores", Ref("ExplanationScores")},
                             {"weights", Ref("ExplanationWeights")},
                             {"qz1", Ref("CountedComplaints")},
                             {"qz4", Ref("CountedSampleComplaints")},
                             {"qz2", Answer({{"commodities", ArrayOf(Ref("CommodityExplanation"))}})},
                             {"complaints", ArrayOf(Ref("ComplaintExplanation"))},
                             {"qz3", Ref("CertificationExplanation")},
                             {"lz1", Ref("ReliabilityExplanation")},
                             {"lz2", Ref("ReliabilityExplanation")},
                             {"warnings", ArrayOf(Text())}});
}

// ---------------------------------------------------------------------------
// Runs, batches, imports, rules, holds

Json RunSummary() {
  return Answer({{"run", Integer()},
                 {"period", Text()},
                 {"published_at", Instant()},
                 {"published_by", Text()},
                 {"rules_name", Text()},
                 {"rules_sha256", Text()},
                 {"as_of_batch", Integer()},
                 {"suppliers", Integer()},
                 {"evaluated", Integer()},
                 {"scopes", ArrayOf(TextOf({"supplier", "plant", "company"}))}});
}

Json BatchRow(Json batch_number) {
  return Answer({{"batch", std::move(batch_number)},
                 {"kind", TextOf({"import", "holds", "adjustment"})},
                 {"at", Text()},
                 {"by", Text()},
                 {"added", Integer()},
                 {"changed", Integer()},
                 {"unchanged", Integer()},
                 {"source", Text()},
                 {"why", Nullable(Text())}});
}

void AddRuns(Json& s) {
  s["RunSummary"] = RunSummary();
  s["Run"] = Extended(RunSummary(), {{"from", Date()}, {"to", Date()}});
  s["RunList"] = List("RunSummary");
  s["PublishRunRequest"] = Body({{"period", Text()}}, {"period"});
  // A record as two runs saw it: its columns as text, null on the side it is missing.
  const Json columns = {{"type", {"object", "null"}}, {"additionalProperties", Text()}};
  s["RecordChange"] =
      Answer({{"table", Text()}, {"key", Text()}, {"batch", Integer()}, {"before", columns}, {"after", columns}});
  Json side = Answer({{"status", TextOf({"evaluated", "not_evaluated"})}, {"class", Text()}});
  for (const char* score : {"ppm", "qz1", "qz2", "qz3", "qz4", "qz", "lz1", "lz2", "lz", "total"}) {
    side["properties"][score] = Score();
    side["required"].push_back(score);
  }
  side["type"] = {"object", "null"};
  s["RunDiffSupplier"] = Answer({{"supplier_id", Text()},
                                 {"name", Text()},
                                 {"before", side},
                                 {"after", side},
                                 {"total_delta", Nullable(Number())},
                                 {"records", ArrayOf(Ref("RecordChange"))},
                                 {"records_total", Integer()}});
  s["RunDiff"] = Answer({{"a", Ref("RunSummary")},
                         {"b", Ref("RunSummary")},
                         {"same_rules", Boolean()},
                         {"same_period", Boolean()},
                         {"unchanged_suppliers", Integer()},
                         {"records_from_batch", Integer()},
                         {"records_to_batch", Integer()},
                         {"suppliers", ArrayOf(Ref("RunDiffSupplier"))},
                         {"shared_records", ArrayOf(Ref("RecordChange"))}});

  s["BatchRow"] = BatchRow(Integer());
  s["BatchList"] = List("BatchRow");
  const Members batch_details = {
      {"tables",
       ArrayOf(Answer({{"table", Text()}, {"added", Integer()}, {"changed", Integer()}, {"unchanged", Integer()}}))},
      {"files", ArrayOf(Answer({{"name", Text()}, {"sha256", Text()}, {"bytes", Integer()}}))},
      {"warnings", ArrayOf(Text())}};
  s["Batch"] = Extended(BatchRow(Integer()), batch_details);
  // An import's answer: the batch written, or (dry_run) its counts with `batch` null.
  s["ImportResult"] = Extended(BatchRow(Nullable(Integer())), batch_details);
  s["ImportFiles"] = {{"type", "object"},
                      {"description", "one part per interchange file, its filename one of EVALUATION.md's eight"},
                      {"additionalProperties", {{"type", "string"}, {"format", "binary"}}}};

  // The rules: the rule file's tables as JSON (open: the rule file's layout).
  s["RuleSet"] = Answer({{"name", Text()},
                         {"sha256", Text()},
                         {"toml", Text()},
                         {"rules", {{"type", "object"}, {"additionalProperties", true}}}});

  const Json reason = TextOf({"quality", "delivery"});
  s["Hold"] = Answer({{"id", Integer()},
                      {"supplier_id", Text()},
                      {"reason", reason},
                      {"imposed_on", Date()},
                      {"withdrawn_on", Nullable(Date())},
                      {"changed_by", Text()},
                      {"changed_at", Text()},
                      {"why", Nullable(Text())}});
  s["HoldList"] = List("Hold");
  s["ImposeHoldRequest"] =
      Body({{"supplier_id", Text()}, {"reason", Nullable(reason)}, {"imposed_on", Date()}, {"why", Text()}},
           {"supplier_id", "imposed_on", "why"});
  s["WithdrawHoldRequest"] = Body({{"withdrawn_on", Date()}, {"why", Text()}}, {"withdrawn_on", "why"});
}

// Discussions and notifications: plain text within the service's limits
// (service/discussions.hpp), the kinds of its table; ids positive integers.
void AddDiscussions(Json& s) {
  const Json id = {{"type", "integer"}, {"minimum", 1}};
  s["Thread"] = Answer({{"id", id},
                        {"supplier_id", Text()},
                        {"complaint_id", Nullable(Text())},
                        {"run", Nullable(Integer())},
                        {"settlement", Nullable(Integer())},
                        {"settlement_line", Nullable(Integer())},
                        {"subject", Text()},
                        {"created_by", Text()},
                        {"created_at", Instant()},
                        {"last_message_at", Nullable(Instant())},
                        {"unread", {{"type", "integer"}, {"minimum", 0}}}});
  s["ThreadList"] = List("Thread");
  s["Message"] = Answer({{"id", id}, {"author", Text()}, {"body", Text()}, {"created_at", Instant()}});
  s["MessageList"] = List("Message");
  const Json subject = {{"type", "string"}, {"minLength", 1}, {"maxLength", service::kMaxSubjectCharacters}};
  const Json body = {{"type", "string"}, {"minLength", 1}, {"maxLength", service::kMaxMessageCharacters}};
  s["OpenThreadRequest"] = Body({{"supplier_id", Text()},
                                 {"complaint_id", Text()},
                                 {"run", id},
                                 {"settlement", id},
                                 {"settlement_line", id},
                                 {"subject", subject},
                                 {"body", body}},
                                {"subject", "body"});
  s["PostMessageRequest"] = Body({{"body", body}}, {"body"});
  s["ReadMarkerRequest"] = Body({{"up_to", id}}, {"up_to"});
  Json kinds = Json::array();
  for (const service::NotificationKindInfo& kind : service::NotificationKinds()) kinds.push_back(kind.token);
  s["Notification"] = Answer({{"id", id},
                              {"kind", TextOf(kinds)},
                              {"at", Instant()},
                              {"text", Text()},
                              {"link", Text()},
                              {"read", Boolean()}});
  s["NotificationList"] = List("Notification");
}

// ---------------------------------------------------------------------------
// Contracts and settlements (docs/contracts-api.md): money and exact figures
// as the CLI's cell text, null for an empty cell.

// A settlement line: CONTRACTS.md §8's columns, each a text or null.
Json SettlementLineSchema() {
  Json line = Answer({});
  for (const std::string_view column : core::contracts::SettlementColumns()) {
    line["properties"][std::string(column)] = Nullable(Text());
    line["required"].push_back(std::string(column));
  }
  return line;
}

void AddContracts(Json& s) {
  const Json figure = Nullable(Text());
  s["Contract"] = Answer({{"contract_id", Text()},
                          {"supplier_id", Text()},
                          {"supplier_name", Text()},
                          {"type", TextOf({"supply", "preferred", "joint_venture", "license", "co_development"})},
                          {"title", Nullable(Text())},
                          {"start", Date()},
                          {"end", Nullable(Date())},
                          {"currency", Text()},
                          {"tier_mode", Nullable(TextOf({"all_units", "graduated", "running"}))},
                          {"penalty_cap_share", figure},
                          {"bonus_cap_share", figure},
                          {"ladder", Text()},
                          {"exclusive", Boolean()},
                          {"exclusive_until", Nullable(Date())},
                          {"ip_to_partner", TextOf({"none", "field_limited", "global", "assignment"})},
                          {"ip_term", TextOf({"term", "perpetual"})},
                          {"software_escrow", Boolean()},
                          {"dual_source_lead_days", Nullable(Integer())},
                          {"force_majeure", TextOf({"none", "generic", "objective"})},
                          {"contingency_logistics", Boolean()},
                          {"steering_committee", Boolean()},
                          {"materials", ArrayOf(Text())}});
  s["ContractList"] = List("Contract");
  s["ContractClause"] = Answer({{"clause_id", Text()},
                                {"kpi", Text()},
                                {"target", Text()},
                                {"penalty_rate", Text()},
                                {"bonus_rate", Text()},
                                {"cap_share", figure},
                                {"escalate", Boolean()}});
  s["ContractMilestone"] = Answer({{"milestone_id", Text()},
                                   {"name", Text()},
                                   {"due_date", Date()},
                                   {"approved_on", Nullable(Date())},
                                   {"payment", Text()},
                                   {"critical", Boolean()}});
  const Json severity = TextOf({"high", "medium", "low"});
  s["ContractFinding"] = Answer({{"finding", Text()}, {"severity", severity}, {"detail", Nullable(Text())}});
  s["ContractDetail"] = Extended(s["Contract"], {{"clauses", ArrayOf(Ref("ContractClause"))},
                                                 {"milestones", ArrayOf(Ref("ContractMilestone"))},
                                                 {"findings", Nullable(ArrayOf(Ref("ContractFinding")))}});
  s["ContractFindingRow"] = Extended(Answer({{"contract_id", Text()}, {"supplier_id", Text()}}),
                                     {{"finding", Text()}, {"severity", severity}, {"detail", Nullable(Text())}});
  s["ContractFindingList"] = List("ContractFindingRow");
  const Json line = SettlementLineSchema();
  Json numbered = Answer({{"line", {{"type", "integer"}, {"minimum", 1}}}});
  for (const auto& [name, schema] : line["properties"].items()) {
    numbered["properties"][name] = schema;
    numbered["required"].push_back(name);
  }
  s["SettlementLineRow"] = std::move(numbered);
  s["SettlementLinePage"] = List("SettlementLineRow", {{"settlement", Integer()}});
  s["Settlement"] = PeriodAnswer({{"published_at", Instant()},
                                  {"published_by", Text()},
                                  {"rules_sha256", Text()},
                                  {"as_of_batch", Integer()},
                                  {"lines", {{"type", "integer"}, {"minimum", 0}}}});
  s["Settlement"]["properties"]["settlement"] = Integer();
  s["Settlement"]["required"].push_back("settlement");
  s["SettlementList"] = List("Settlement");
  s["PublishSettlementRequest"] = Body({{"period", Text()}}, {"period"});
  Json traced = line;
  traced["properties"]["steps"] = ArrayOf(Text());
  traced["required"].push_back("steps");
  s["TracedSettlementLine"] = std::move(traced);
  s["ContractKpiRow"] = PeriodAnswer({{"settlement", Integer()},
                                      {"clause_id", Nullable(Text())},
                                      {"status", Nullable(Text())},
                                      {"actual", figure},
                                      {"target", figure},
                                      {"shortfall", figure},
                                      {"amount", figure}});
  s["ContractKpiPage"] = List("ContractKpiRow", {{"contract_id", Text()}});
}

// The contract's settlement computed now: its lines with their steps and
// its slice's explanation (null when its term does not meet the period),
// written after AddExplanation since it nests that schema.
void AddContractSettlement(Json& s) {
  s["ContractSettlement"] =
      Extended(Answer({{"contract_id", Text()}}), {{"period", Text()},
                                                   {"from", Date()},
                                                   {"to", Date()},
                                                   {"lines", ArrayOf(Ref("TracedSettlementLine"))},
                                                   {"explanation", Nullable(s["Explanation"])}});
}

// A row of a command's cells: each column a string or null.
Json CellsAnswer(const std::vector<std::string_view>& columns) {
  Json answer = Answer({});
  for (const std::string_view column : columns) {
    answer["properties"][std::string(column)] = Nullable(Text());
    answer["required"].push_back(std::string(column));
  }
  return answer;
}

// Escalation cases (docs/escalations-api.md): the board's Case, one case
// with its timeline, a decision and the holds recorded.
void AddEscalations(Json& s) {
  const Json cause = TextOf({"quality", "delivery"});
  s["EscalationCase"] = Answer({{"contract_id", Text()},
                                {"supplier_id", Text()},
                                {"case", {{"type", "integer"}, {"minimum", 1}}},
                                {"opened_on", Date()},
                                {"status", TextOf({"open", "closed"})},
                                {"level", Text()},
                                {"level_name", Text()},
                                {"since", Date()},
                                {"trigger", Text()},
                                {"next_review", Nullable(Date())},
                                {"owner", Nullable(Text())},
                                {"actions_due", ArrayOf(Text())},
                                {"hold", Boolean()},
                                {"hold_since", Nullable(Date())},
                                {"hold_reason", Nullable(cause)},
                                {"supplier_name", Text()},
                                {"contract_title", Nullable(Text())},
                                {"level_rank", {{"type", "integer"}, {"minimum", 0}}},
                                {"levels", {{"type", "integer"}, {"minimum", 0}}},
                                {"decision_due", Boolean()},
                                {"days_to_review", Nullable(Integer())}});
  s["EscalationList"] = List("EscalationCase", {{"as_of", Date()}});
  const Json change = Answer({{"day", Date()}, {"from", Text()}, {"to", Text()}, {"cause", Text()}});
  const Json one_case = Answer(
      {{"case", Integer()}, {"opened_on", Date()}, {"closed_on", Nullable(Date())}, {"history", ArrayOf(change)}});
  const Json hold = Answer({{"case", Integer()},
                            {"since", Date()},
                            {"reason", cause},
                            {"level", Text()},
                            {"cause", Text()},
                            {"withdrawn_on", Nullable(Date())},
                            {"withdrawn_by", Nullable(Text())},
                            {"withdraw_reason", Nullable(Text())},
                            {"recorded", Boolean()}});
  const Json decision_kind = TextOf({"escalate", "deescalate", "close", "withdraw_hold"});
  const Json decision = Answer({{"line", Integer()},
                                {"date", Date()},
                                {"decision", decision_kind},
                                {"user", Text()},
                                {"reason", Text()},
                                {"to_level", Nullable(Text())},
                                {"cause", cause}});
  const Json trigger =
      Answer({{"day", Date()}, {"kind", Text()}, {"ref", Text()}, {"level", Text()}, {"reason", cause}});
  s["EscalationDetail"] = Extended(s["EscalationCase"], {{"as_of", Date()},
                                                         {"cases", ArrayOf(one_case)},
                                                         {"holds", ArrayOf(hold)},
                                                         {"decisions", ArrayOf(decision)},
                                                         {"triggers", ArrayOf(trigger)}});
  s["EscalationDecisionRequest"] =
      Body({{"date", Date()}, {"decision", decision_kind}, {"reason", Text()}, {"to_level", Text()}, {"cause", cause}},
           {"decision", "reason"});
  s["RecordEscalationHoldsRequest"] = Body({{"as_of", Date()}}, {});
  const Json recorded = Answer({{"contract_id", Text()},
                                {"supplier_id", Text()},
                                {"case", Integer()},
                                {"since", Date()},
                                {"reason", cause},
                                {"level", Text()},
                                {"withdrawn_on", Nullable(Date())},
                                {"imposed", Boolean()},
                                {"withdrawn", Boolean()}});
  s["RecordedEscalationHolds"] = Answer({{"as_of", Date()}, {"rows", ArrayOf(recorded)}});
  s["SourcingRow"] = CellsAnswer(core::contracts::SourcingColumns());
  s["SourcingList"] = List("SourcingRow", {{"period", Text()}, {"from", Date()}, {"to", Date()}});
  s["SourcingRisks"] = Answer({{"period", Text()},
                               {"from", Date()},
                               {"to", Date()},
                               {"rows", ArrayOf(CellsAnswer(core::contracts::SourcingRiskColumns()))}});
}

// ---------------------------------------------------------------------------
// Problems and the built-in routes

void AddServer(Json& s) {
  Json names = Json::array();
  Json types = Json::array();
  for (const ProblemType& type : ProblemTypes()) {
    names.push_back("/api/v1/problems/" + std::string(type.name));
    types.push_back({{"name", type.name}, {"status", type.status}, {"title", type.title}});
  }
  // API.md "Problems": {detail, pointer} | {detail, parameter} | {detail, file, line, column}.
  s["ProblemError"] = {{"type", "object"},
                       {"required", {"detail"}},
                       {"properties",
                        {{"detail", Text()},
                         {"pointer", Text()},
                         {"parameter", Text()},
                         {"file", Text()},
                         {"line", Nullable(Integer())},
                         {"column", Nullable(Text())}}}};
  s["Problem"] = {{"type", "object"},
                  {"required", {"type", "title", "status", "detail", "instance"}},
                  {"properties",
                   {{"type", {{"type", "string"}, {"examples", std::move(names)}}},
                    {"title", Text()},
                    {"status", Integer()},
                    {"detail", Text()},
                    {"instance", Text()},
                    {"error_count", Integer()},
                    {"errors", ArrayOf(Ref("ProblemError"))}}},
                  {"x-problem-types", std::move(types)}};
  s["HealthText"] = {{"type", "string"}, {"enum", {"ok"}}};
  s["OpenApiDocument"] = {
      {"type", "object"}, {"required", {"openapi", "info", "paths", "components"}}, {"additionalProperties", true}};
}

Json BuildSchemas() {
  Json schemas = Json::object();
  AddAccounts(schemas);
  AddResults(schemas);
  AddExplanation(schemas);
  AddRuns(schemas);
  AddDiscussions(schemas);
  AddServer(schemas);
  AddAdjustments(schemas);
  AddContracts(schemas);
  AddContractSettlement(schemas);
  AddEscalations(schemas);
  // A live complaint (GET /api/v1/complaints/{id}): complaints.csv's columns, its adjustment and its threads.
  Json live = schemas["Complaint"];
  for (const char* figure : {"ppm_quantity", "spreadsheet_row"}) {
    live["properties"].erase(figure);
    auto& required = live["required"];
    required.erase(std::find(required.begin(), required.end(), figure));
  }
  live["properties"]["threads"] = ArrayOf(Ref("Thread"));
  live["required"].push_back("threads");
  schemas["LiveComplaint"] = std::move(live);
  return schemas;
}

}  // namespace

const nlohmann::json& ApiSchemas() {
  static const Json kSchemas = BuildSchemas();
  return kSchemas;
}

std::string SchemaReference(std::string_view name) { return "#/components/schemas/" + std::string(name); }

std::vector<SchemaError> ValidateAgainst(std::string_view name, const nlohmann::json& value) {
  static const Json kRoot = {{"components", {{"schemas", ApiSchemas()}}}};
  return ValidateJson(kRoot, {{"$ref", SchemaReference(name)}}, value);
}

}  // namespace supeval::server
