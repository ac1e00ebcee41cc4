// The OpenAPI document's schemas against a real `supeval serve`, on SQLite
// and PostgreSQL (API.md, "Compatibility and the OpenAPI document"): every
// operation names a schema for its body and its success answer; every route
// is called successfully, by a role allowed to, and its answer holds to the
// schema the document names — closed, so an answer member the schema lacks
// fails too; every JSON body's schema says what the handler requires: the
// body the test sends is valid, and the same body with an unknown member, or
// without a required one, answers 400 `invalid-request` naming it.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "database_cli_test.hpp"
#include "multipart_upload.hpp"
#include "returned_complaint.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"
#include "supeval/server/json_schema.hpp"
#include "text_files.hpp"

namespace supeval::testing {
namespace {

// The media type of an Excel download.
constexpr const char* kWorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

using Json = nlohmann::json;
using server::testing::Response;
using Operation = std::pair<std::string, std::string>;  // (path pattern, lower-case method)

constexpr std::string_view kNewPassword = "another long passphrase 7";

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// RFC 4648 base32 (no padding), as an otpauth URI's secret.
std::string FromBase32(std::string_view text) {
  constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    buffer = (buffer << 5U) | static_cast<unsigned>(kAlphabet.find(c));
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  return bytes;
}

// The TOTP code (RFC 6238: HMAC-SHA1, 6 digits) of `secret` at time step
// `step`, computed here independently of the server's own code.
std::string TotpCode(std::string_view secret, std::int64_t step) {
  const std::string key = FromBase32(secret);
  std::array<unsigned char, 8> counter{};
  for (int i = 7; i >= 0; --i, step >>= 8) counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(step);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), counter.data(), counter.size(), mac.data(), &length);
  const unsigned offset = mac[length - 1] & 0x0FU;
  const std::uint32_t value =
      ((mac[offset] & 0x7FU) << 24U) | (mac[offset + 1] << 16U) | (mac[offset + 2] << 8U) | mac[offset + 3];
  std::string code = std::to_string(value % 1000000U);
  return std::string(6 - code.size(), '0') + code;
}

std::int64_t CurrentTotpStep() { return static_cast<std::int64_t>(std::time(nullptr)) / 30; }

// One call of a route: the operation it exercises, the target, the body.
struct Call {
  std::string method;
  std::string pattern;
  std::string target;
  Json body = nullptr;  // JSON; null: none
};

class ServeSchema : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    data_ = GenerateAndImport("data", 400);
    ASSERT_FALSE(HasFailure()) << "the generated data set must import";
    const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--publish"});
    ASSERT_EQ(published.exit_status, 0) << published.err;
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"ada", "admin"}, {"quinn", "quality"}, {"pia", "purchasing"}, {"tess", "purchasing"}}) {
      const ProcessResult added = AddApiUser(db(), scratch_, name, role);
      ASSERT_EQ(added.exit_status, 0) << added.err;
    }
    serve_.emplace(db());
    ASSERT_TRUE(serve_->started());
    const auto document = serve_->Get("/api/v1/openapi.json");
    ASSERT_TRUE(document && document->result_int() == 200);
    document_ = BodyOf(*document);
    ASSERT_TRUE(document_.is_object());
  }

  const Json& OperationOf(const Call& call) { return document_["paths"][call.pattern][Lower(call.method)]; }

  // The schema errors of `value` against the schema `reference` names.
  std::string SchemaErrors(const std::string& reference, const Json& value) {
    const server::SchemaOptions closed{.closed_objects = true};
    std::string shown;
    for (const server::SchemaError& error : server::ValidateJson(document_, {{"$ref", reference}}, value, closed)) {
      shown += "\n  " + error.pointer + ": " + error.detail;
    }
    return shown;
  }

  std::optional<Response> Send(const Call& call, const std::optional<ApiSession>& as, std::string_view body,
                               std::string_view type = "application/json") {
    return SendAs(serve_->port(), call.method, call.target, as, body, type);
  }

  // `call` as `as`: a success status the document names for the
  // operation, and an answer its schema holds. The operation counts as
  // covered.
  Response Expect(const Call& call, const std::optional<ApiSession>& as, std::string_view body = {},
                  std::string_view type = "application/json") {
    const std::string text = call.body.is_null() ? std::string(body) : call.body.dump();
    const auto answer = Send(call, as, text, type);
    const std::string what = call.method + " " + call.target;
    if (!answer) {
      ADD_FAILURE() << what << ": no answer";
      return Response{};
    }
    const Json& responses = OperationOf(call)["responses"];
    const std::string status = std::to_string(answer->result_int());
    EXPECT_TRUE(answer->result_int() < 300 && responses.contains(status))
        << what << " answered " << status << ", not a success the document names: " << answer->body();
    covered_.emplace(call.pattern, Lower(call.method));
    if (answer->result_int() == 204 || !responses.contains(status)) {
      EXPECT_EQ(answer->body(), "") << what;
      return *answer;
    }
    const Json& content = responses[status]["content"];
    const std::string answered = HeaderOf(*answer, "Content-Type");
    if (content.contains(answered) && answered != "application/json" && answered != "text/plain") {
      EXPECT_FALSE(answer->body().empty()) << what << ": a file (the schema's binary string)";
      if (answered == kWorkbookType) {
        EXPECT_TRUE(answer->body().starts_with("PK")) << what << ": a zip file";
      }
      return *answer;
    }
    // A route that also offers a workbook (?format=xlsx) names it beside its JSON.
    EXPECT_EQ(content.size() - (content.contains(kWorkbookType) ? 1 : 0), 1U) << what;
    // The iterator of `content` itself: a binding to *items().begin() would
    // refer to a proxy gone at the end of the statement.
    const auto first = content.contains("application/json") ? content.find("application/json") : content.begin();
    const std::string media = first.key();
    const Json& schema = first.value()["schema"];
    EXPECT_TRUE(HeaderOf(*answer, "Content-Type").starts_with(media))
        << what << ": " << HeaderOf(*answer, "Content-Type");
    const Json value = media == "text/plain" ? Json(answer->body()) : BodyOf(*answer);
    EXPECT_EQ(SchemaErrors(schema.value("$ref", ""), value), "") << what << " against " << schema;
    return *answer;
  }

  Json ExpectJson(const Call& call, const std::optional<ApiSession>& as) { return BodyOf(Expect(call, as)); }

  // A 400 invalid-request problem naming `pointer`, itself a valid Problem.
  void ExpectRefused(const Call& call, const std::optional<ApiSession>& as, const Json& body,
                     const std::string& pointer) {
    const auto answer = Send(call, as, body.dump());
    ASSERT_TRUE(answer) << call.target;
    const std::string what = call.method + " " + call.target + " " + body.dump();
    EXPECT_EQ(answer->result_int(), 400) << what << ": " << answer->body();
    const Json problem = BodyOf(*answer);
    EXPECT_EQ(problem["type"], "/api/v1/problems/invalid-request") << what;
    EXPECT_EQ(problem.value("/errors/0/pointer"_json_pointer, ""), pointer) << what;
    EXPECT_EQ(SchemaErrors("#/components/schemas/Problem", problem), "") << what;
  }

  // The request schema of `call` agrees with its handler: `call.body` is
  // valid; with an unknown member, or without a required one, it is a 400.
  void ProbeBody(const Call& call, const std::optional<ApiSession>& as) {
    const Json& media = OperationOf(call)["requestBody"]["content"]["application/json"]["schema"];
    const std::string reference = media.value("$ref", "");
    ASSERT_FALSE(reference.empty()) << call.pattern;
    EXPECT_EQ(SchemaErrors(reference, call.body), "") << call.pattern << ": the body the test sends";
    Json extra = call.body;
    extra["unexpected"] = true;
    ExpectRefused(call, as, extra, "/unexpected");
    const Json& schema = document_.at(Json::json_pointer(reference.substr(1)));
    EXPECT_EQ(schema["additionalProperties"], false) << reference;
    for (const Json& name : schema["required"]) {
      Json missing = call.body;
      missing.erase(name.get<std::string>());
      ExpectRefused(call, as, missing, "/" + name.get<std::string>());
    }
  }

  // A JSON-body call probed, then made.
  Json ProbeAndExpect(const Call& call, const std::optional<ApiSession>& as) {
    ProbeBody(call, as);
    return ExpectJson(call, as);
  }

  std::optional<ApiSession> Login(const std::string& user) {
    const Call login{"POST", "/api/v1/session", "/api/v1/session", {{"username", user}, {"password", kTestPassword}}};
    ProbeBody(login, std::nullopt);
    const Response answer = Expect(login, std::nullopt);
    const std::string set_cookie = HeaderOf(answer, "Set-Cookie");
    if (answer.result_int() != 200 || set_cookie.empty()) return std::nullopt;
    return ApiSession{set_cookie.substr(0, set_cookie.find(';')), BodyOf(answer).value("csrf_token", "")};
  }

  void CallResultRoutes(const std::optional<ApiSession>& quinn) {
    for (const auto& [pattern, target] : std::vector<std::pair<std::string, std::string>>{
             {"/api/v1/periods", "/api/v1/periods"},
             {"/api/v1/ranking", "/api/v1/ranking?period=2026-H1&limit=5"},
             {"/api/v1/suppliers", "/api/v1/suppliers?limit=5"},
             {"/api/v1/suppliers/{id}", "/api/v1/suppliers/S00001"},
             {"/api/v1/suppliers/{id}/scorecard", "/api/v1/suppliers/S00001/scorecard"},
             {"/api/v1/suppliers/{id}/letter.pdf", "/api/v1/suppliers/S00001/letter.pdf?run=1"},
             {"/api/v1/suppliers/{id}/deliveries", "/api/v1/suppliers/S00001/deliveries?run=1"},
             {"/api/v1/suppliers/{id}/complaints", "/api/v1/suppliers/S00001/complaints?run=1"},
             {"/api/v1/suppliers/{id}/events", "/api/v1/suppliers/S00001/events?run=1"},
             {"/api/v1/runs", "/api/v1/runs"},
             {"/api/v1/runs/{n}", "/api/v1/runs/1"},
             {"/api/v1/batches", "/api/v1/batches"},
             {"/api/v1/batches/{n}", "/api/v1/batches/1"},
             {"/api/v1/rules", "/api/v1/rules"},
             {"/api/v1/session", "/api/v1/session"},
             {"/api/v1/session/all", "/api/v1/session/all"},
         }) {
      Expect({"GET", pattern, target}, quinn);
    }
  }

  void CallRunRoutes(const std::optional<ApiSession>& quinn) {
    UploadFiles files = FilesOf(data_);
    const Call dry_run{"POST", "/api/v1/imports", "/api/v1/imports?dry_run=true"};
    EXPECT_EQ(Expect(dry_run, quinn, Multipart(files), MultipartType()).result_int(), 200);
    for (auto& [name, content] : files) {
      if (name == "deliveries.csv") content = WithReceivedOne(content, 20);
    }
    const Call import{"POST", "/api/v1/imports", "/api/v1/imports"};
    EXPECT_EQ(Expect(import, quinn, Multipart(files), MultipartType()).result_int(), 201);
    const Json run = ProbeAndExpect({"POST", "/api/v1/runs", "/api/v1/runs", {{"period", "2026-H1"}}}, quinn);
    ASSERT_EQ(run.value("run", 0), 2);
    const Json diff = BodyOf(Expect({"GET", "/api/v1/runs/{a}/diff/{b}", "/api/v1/runs/1/diff/2"}, quinn));
    EXPECT_FALSE(diff.value("suppliers", Json::array()).empty()) << "the changed deliveries change suppliers";
    // The Excel downloads (API.md "Excel downloads"): the workbook, as an attachment.
    for (const auto& [pattern, target] : std::vector<std::pair<std::string, std::string>>{
             {"/api/v1/ranking", "/api/v1/ranking?period=2026-H1&format=xlsx"},
             {"/api/v1/runs/{n}", "/api/v1/runs/2?format=xlsx"},
             {"/api/v1/runs/{a}/diff/{b}", "/api/v1/runs/1/diff/2?format=xlsx"},
         }) {
      const Response workbook = Expect({"GET", pattern, target}, quinn);
      EXPECT_EQ(HeaderOf(workbook, "Content-Type"), kWorkbookType) << target;
      EXPECT_TRUE(HeaderOf(workbook, "Content-Disposition").starts_with("attachment; filename=\"supeval-"))
          << target << ": " << HeaderOf(workbook, "Content-Disposition");
    }
    const auto refused = Send({"GET", "/api/v1/runs/{n}", "/api/v1/runs/1?format=csv"}, quinn, "");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->result_int(), 400) << refused->body();
  }

  void CallHoldRoutes(const std::optional<ApiSession>& quinn) {
    const Json hold = ProbeAndExpect(
        {"POST",
         "/api/v1/holds",
         "/api/v1/holds",
         {{"supplier_id", "S00003"}, {"reason", "quality"}, {"imposed_on", "2026-05-04"}, {"why", "late twice"}}},
        quinn);
    const std::string id = std::to_string(hold.value("id", 0));
    Expect({"GET", "/api/v1/holds", "/api/v1/holds"}, quinn);
    Expect({"GET", "/api/v1/holds/{id}", "/api/v1/holds/" + id}, quinn);
    Expect({"GET", "/api/v1/suppliers/{id}/holds", "/api/v1/suppliers/S00003/holds"}, quinn);
    ProbeAndExpect({"POST",
                    "/api/v1/holds/{id}/withdraw",
                    "/api/v1/holds/" + id + "/withdraw",
                    {{"withdrawn_on", "2026-08-03"}, {"why", "sorted out"}}},
                   quinn);
  }

  // The ppm adjustment: a complaint returned five days ago (imported again
  // with the CLI), submitted by quinn, decided by ada (not its submitter).
  void CallAdjustmentRoutes(const std::optional<ApiSession>& quinn, const std::optional<ApiSession>& ada) {
    const std::vector<std::string> ids = MakeReturnedComplaints(data_, "S00001", {5});
    ASSERT_EQ(ids.size(), 1U);
    const ProcessResult imported = Run({"import", "--data", data_.string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    const std::string complaint = "/api/v1/complaints/" + ids[0];
    Expect({"GET", "/api/v1/adjustments", "/api/v1/adjustments?state=open"}, quinn);
    ProbeAndExpect({"POST",
                    "/api/v1/complaints/{id}/adjustment",
                    complaint + "/adjustment",
                    {{"confirmed_qty", 12.5}, {"note", "sorted"}}},
                   quinn);
    Expect({"PUT", "/api/v1/complaints/{id}/adjustment/report", complaint + "/adjustment/report"}, quinn, "\x89PNG\r\n",
           "image/png");
    Expect({"GET", "/api/v1/complaints/{id}/adjustment/report", complaint + "/adjustment/report"}, quinn);
    Expect({"GET", "/api/v1/complaints/{id}", complaint}, quinn);
    ProbeAndExpect({"POST",
                    "/api/v1/complaints/{id}/adjustment/decision",
                    complaint + "/adjustment/decision",
                    {{"decision", "accept"}, {"reason", "report convincing"}}},
                   ada);
    const Json listed = ExpectJson({"GET", "/api/v1/adjustments", "/api/v1/adjustments?state=accepted"}, quinn);
    EXPECT_EQ(listed.value("total_count", 0), 1) << listed.dump();
  }

  void CallThreadRoutes(const std::optional<ApiSession>& quinn) {
    const Json thread = ProbeAndExpect(
        {"POST",
         "/api/v1/threads",
         "/api/v1/threads",
         {{"supplier_id", "S00001"}, {"run", 1}, {"subject", "Your LZ1"}, {"body", "Two deliveries were early."}}},
        quinn);
    const std::string threads = "/api/v1/threads/" + std::to_string(thread.value("id", 0));
    Expect({"GET", "/api/v1/threads", "/api/v1/threads?supplier_id=S00001&unread=false"}, quinn);
    Expect({"GET", "/api/v1/threads/{id}", threads}, quinn);
    const Json message = ProbeAndExpect(
        {"POST", "/api/v1/threads/{id}/messages", threads + "/messages", {{"body", "And one late."}}}, quinn);
    const std::int64_t m = message.value("id", std::int64_t{0});
    Expect({"GET", "/api/v1/threads/{id}/messages", threads + "/messages"}, quinn);
    Expect({"GET", "/api/v1/threads/{id}/messages/{m}", threads + "/messages/" + std::to_string(m)}, quinn);
    const Call read{"PUT", "/api/v1/threads/{id}/read", threads + "/read", {{"up_to", m}}};
    ProbeBody(read, quinn);
    Expect(read, quinn);
    Expect({"GET", "/api/v1/notifications", "/api/v1/notifications?unread=true"}, quinn);
    const Call notifications_read{"PUT", "/api/v1/notifications/read", "/api/v1/notifications/read", {{"up_to", m}}};
    ProbeBody(notifications_read, quinn);
    Expect(notifications_read, quinn);
  }

  // Contracts and settlements (docs/contracts-api.md): the generated
  // register, its first contract (S00001's, with KPI clauses) settled now,
  // and the period published by a purchasing user.
  void CallContractRoutes(const std::optional<ApiSession>& buyer) {
    const Json listed = ExpectJson({"GET", "/api/v1/contracts", "/api/v1/contracts?sort=-start"}, buyer);
    const std::string register_file = ReadText(data_ / "contracts.csv");
    const auto rows = std::count(register_file.begin(), register_file.end(), '\n') - 1;  // no field holds a line break
    EXPECT_EQ(listed.value("total_count", std::ptrdiff_t{0}), rows);
    const Json contract = ExpectJson({"GET", "/api/v1/contracts/{id}", "/api/v1/contracts/CT0001"}, buyer);
    EXPECT_TRUE(contract["findings"].is_array()) << "staff see the health findings";
    EXPECT_FALSE(contract["clauses"].empty());
    Expect({"GET", "/api/v1/contract-findings", "/api/v1/contract-findings?severity=high"}, buyer);
    const Json now = ExpectJson(
        {"GET", "/api/v1/contracts/{id}/settlement", "/api/v1/contracts/CT0001/settlement?period=2026-H1"}, buyer);
    EXPECT_FALSE(now["lines"].empty());
    EXPECT_TRUE(now["explanation"].is_object());
    const Json published =
        ProbeAndExpect({"POST", "/api/v1/settlements", "/api/v1/settlements", {{"period", "2026-H1"}}}, buyer);
    const std::string n = std::to_string(published.value("settlement", 0));
    EXPECT_EQ(ExpectJson({"GET", "/api/v1/settlements", "/api/v1/settlements"}, buyer).value("total_count", 0), 1);
    Expect({"GET", "/api/v1/settlements/{n}", "/api/v1/settlements/" + n}, buyer);
    const Response workbook =
        Expect({"GET", "/api/v1/settlements/{n}", "/api/v1/settlements/" + n + "?format=xlsx"}, buyer);
    EXPECT_EQ(HeaderOf(workbook, "Content-Disposition"), "attachment; filename=\"supeval-settlement-" + n + ".xlsx\"");
    const Json lines = ExpectJson(
        {"GET", "/api/v1/settlements/{n}/lines", "/api/v1/settlements/" + n + "/lines?contract_id=CT0001&kind=kpi"},
        buyer);
    EXPECT_EQ(lines.value("total_count", 0), 3) << lines.dump();
    const Json kpis = ExpectJson({"GET", "/api/v1/contracts/{id}/kpis", "/api/v1/contracts/CT0001/kpis"}, buyer);
    EXPECT_EQ(kpis.value("total_count", 0), 3) << kpis.dump();
  }

  // Escalation cases (docs/escalations-api.md): CT0001 escalated to the
  // hold level by a decision, the board, the case, the holds recorded.
  void CallEscalationRoutes(const std::optional<ApiSession>& staff) {
    const Json decided = ProbeAndExpect(
        {"POST",
         "/api/v1/escalations/{id}/decisions",
         "/api/v1/escalations/CT0001/decisions",
         {{"date", "2026-06-01"}, {"decision", "escalate"}, {"to_level", "E3"}, {"reason", "stop ship at the plant"}}},
        staff);
    EXPECT_EQ(decided.value("level", ""), "E3");
    const Json board = ExpectJson({"GET", "/api/v1/escalations", "/api/v1/escalations?level=E3,E2"}, staff);
    bool listed = false;
    for (const Json& row : board["rows"]) listed = listed || row["contract_id"] == "CT0001";
    EXPECT_TRUE(listed) << board.dump();
    const Json shown =
        ExpectJson({"GET", "/api/v1/escalations/{id}", "/api/v1/escalations/CT0001?as_of=2026-06-02"}, staff);
    EXPECT_EQ(shown["holds"].size(), 1U);
    const Json recorded =
        ProbeAndExpect({"POST", "/api/v1/escalations/holds", "/api/v1/escalations/holds", Json::object()}, staff);
    EXPECT_TRUE(recorded["rows"].empty()) << "the decision recorded the hold already";
    const Json sourcing = ExpectJson({"GET", "/api/v1/sourcing", "/api/v1/sourcing?scope=material"}, staff);
    EXPECT_GT(sourcing.value("total_count", 0), 0) << sourcing.dump();
    Expect({"GET", "/api/v1/sourcing/risks", "/api/v1/sourcing/risks?period=2026-H1"}, staff);
  }

  void CallAccountRoutes(const std::optional<ApiSession>& ada) {
    ProbeAndExpect({"POST", "/api/v1/users", "/api/v1/users", {{"name", "newbie"}, {"role", "purchasing"}}}, ada);
    Expect({"GET", "/api/v1/users", "/api/v1/users"}, ada);
    Expect({"GET", "/api/v1/users/{name}", "/api/v1/users/newbie"}, ada);
    const Json patch = ProbeAndExpect(
        {"PATCH", "/api/v1/users/{name}", "/api/v1/users/newbie", {{"display_name", "New"}, {"reset_password", true}}},
        ada);
    EXPECT_TRUE(patch.contains("initial_password"));
    // Every optional member may be null: no change (the schema's type lists say so).
    Json nulls = Json::object();
    for (const char* member : {"display_name", "role", "supplier_id", "disabled", "reset_password", "reset_totp"}) {
      nulls[member] = nullptr;
    }
    const Call unchanged{"PATCH", "/api/v1/users/{name}", "/api/v1/users/newbie", nulls};
    EXPECT_EQ(SchemaErrors("#/components/schemas/UserPatch", nulls), "");
    EXPECT_EQ(ExpectJson(unchanged, ada).value("display_name", ""), "New");
    Expect({"DELETE", "/api/v1/users/{name}/sessions", "/api/v1/users/newbie/sessions"}, ada);
    const Json token =
        ProbeAndExpect({"POST", "/api/v1/tokens", "/api/v1/tokens", {{"name", "ci"}, {"expires_in_days", 30}}}, ada);
    Expect({"GET", "/api/v1/tokens", "/api/v1/tokens"}, ada);
    Expect({"DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/" + std::to_string(token.value("id", 0))}, ada);
    Expect({"GET", "/api/v1/audit", "/api/v1/audit"}, ada);
  }

  // TOTP enrolment and removal, with codes computed here.
  void CallTotpRoutes(const std::optional<ApiSession>& tess) {
    const Json enrolment =
        ProbeAndExpect({"POST", "/api/v1/session/totp", "/api/v1/session/totp", {{"password", kTestPassword}}}, tess);
    const std::string secret = enrolment.value("secret", "");
    const std::int64_t step = CurrentTotpStep();
    ProbeAndExpect({"PUT", "/api/v1/session/totp", "/api/v1/session/totp", {{"code", TotpCode(secret, step)}}}, tess);
    // The next step's code: one never used, within the ±1 step allowed.
    ProbeAndExpect({"POST",
                    "/api/v1/session/totp/remove",
                    "/api/v1/session/totp/remove",
                    {{"password", kTestPassword}, {"code", TotpCode(secret, step + 1)}}},
                   tess);
  }

  void CallPasswordRoutes(const std::optional<ApiSession>& pia) {
    ProbeAndExpect(
        {"PUT",
         "/api/v1/session/password",
         "/api/v1/session/password",
         {{"current_password", kTestPassword}, {"new_password", kNewPassword}, {"end_other_sessions", false}}},
        pia);
    ProbeAndExpect({"POST", "/api/v1/session/end-others", "/api/v1/session/end-others", {{"password", kNewPassword}}},
                   pia);
    Expect({"DELETE", "/api/v1/session", "/api/v1/session"}, pia);
  }

  std::filesystem::path data_;
  std::optional<Serve> serve_;
  Json document_;
  std::set<Operation> covered_;
};

TEST_P(ServeSchema, EveryOperationNamesTheSchemasOfItsBodies) {
  const std::set<std::string> successes = {"200", "201", "204"};
  const std::set<std::string> with_body = {"post", "put", "patch"};
  for (const auto& [path, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      const std::string what = method + " " + path;
      int named = 0;
      for (const auto& [status, response] : operation["responses"].items()) {
        if (status == "default") continue;
        EXPECT_TRUE(successes.contains(status)) << what << ": " << status;
        ++named;
        if (status == "204") {
          EXPECT_FALSE(response.contains("content")) << what;
          continue;
        }
        ASSERT_TRUE(response.contains("content")) << what << " " << status;
        for (const auto& [media, schema] : response["content"].items()) {
          EXPECT_TRUE(schema["schema"].contains("$ref")) << what << " " << media;
        }
      }
      EXPECT_GE(named, 1) << what;
      EXPECT_EQ(operation.contains("requestBody"), with_body.contains(method)) << what;
      const Json request = operation.value("/requestBody/content"_json_pointer, Json::object());
      for (const auto& [media, schema] : request.items()) {
        EXPECT_TRUE(schema["schema"].contains("$ref")) << what << " " << media;
      }
    }
  }
}

// Every "$ref" under `node`.
void CollectReferences(const Json& node, std::set<std::string>& out) {
  if (node.is_object() && node.contains("$ref")) out.insert(node["$ref"].get<std::string>());
  if (node.is_structured()) {
    for (const Json& child : node) CollectReferences(child, out);
  }
}

TEST_P(ServeSchema, EverySchemaIsUsedAndEveryReferenceNamesOne) {
  std::set<std::string> references;
  CollectReferences(document_, references);
  for (const std::string& reference : references) {
    EXPECT_TRUE(reference.starts_with("#/") && document_.contains(Json::json_pointer(reference.substr(1))))
        << reference;
  }
  for (const auto& [name, schema] : document_["components"]["schemas"].items()) {
    EXPECT_TRUE(references.contains("#/components/schemas/" + name)) << name << " is named but never used";
  }
}

TEST_P(ServeSchema, EveryRouteAnswersAsItsSchemaSays) {
  for (const std::string target : {"/healthz", "/readyz", "/api/v1/openapi.json"}) Expect({"GET", target, target}, {});
  const auto quinn = Login("quinn");
  ASSERT_TRUE(quinn);
  CallResultRoutes(quinn);
  CallHoldRoutes(quinn);
  CallThreadRoutes(quinn);
  CallRunRoutes(quinn);
  const auto ada = Login("ada");
  ASSERT_TRUE(ada);
  CallAdjustmentRoutes(quinn, ada);
  CallAccountRoutes(ada);
  CallContractRoutes(Login("pia"));
  CallEscalationRoutes(quinn);
  CallTotpRoutes(Login("tess"));
  CallPasswordRoutes(Login("pia"));

  std::set<Operation> documented;
  for (const auto& [path, operations] : document_["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) documented.emplace(path, method);
  }
  for (const Operation& operation : documented) {
    EXPECT_TRUE(covered_.contains(operation)) << operation.second << " " << operation.first << " was not called";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeSchema, ::testing::ValuesIn(store::testing::AllBackends()),
                         [](const ::testing::TestParamInfo<store::Backend>& param_info) {
                           return store::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace supeval::testing
