// The API of a real `supeval serve` on loopback, on SQLite and PostgreSQL:
// every route of the OpenAPI document × every role (nobody, admin, quality,
// purchasing, a supplier user, a supplier user of another supplier) against
// API.md's role table, written out here from API.md (not from the policy
// table it checks); logins that fail alike, CSRF and cross-site refusals,
// logout and revoked tokens, and two serve processes sharing one PostgreSQL.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

// API.md's role cells, route by route ("METHOD pattern" -> tokens).
const std::map<std::string, std::set<std::string>>& ApiRoleTable() {
  static const std::map<std::string, std::set<std::string>> kTable = {
      {"GET /healthz", {"public"}},
      {"GET /readyz", {"public"}},
      {"GET /api/v1/openapi.json", {"public"}},
      {"POST /api/v1/session", {"public"}},
      {"GET /api/v1/session", {"user"}},
      {"DELETE /api/v1/session", {"public"}},
      {"PUT /api/v1/session/password", {"user"}},
      {"POST /api/v1/session/totp", {"user"}},
      {"PUT /api/v1/session/totp", {"user"}},
      {"POST /api/v1/session/totp/remove", {"user"}},
      {"GET /api/v1/session/all", {"user"}},
      {"POST /api/v1/session/end-others", {"user"}},
      {"GET /api/v1/periods", {"staff", "own"}},
      {"GET /api/v1/ranking", {"staff"}},
      {"GET /api/v1/suppliers", {"staff"}},
      {"GET /api/v1/suppliers/{id}", {"staff", "own"}},
      {"GET /api/v1/suppliers/{id}/scorecard", {"staff", "own"}},
      {"GET /api/v1/suppliers/{id}/deliveries", {"staff", "own"}},
      {"GET /api/v1/suppliers/{id}/complaints", {"staff", "own"}},
      {"GET /api/v1/suppliers/{id}/events", {"staff", "own"}},  // docs/events.md
      {"GET /api/v1/suppliers/{id}/holds", {"staff", "own"}},
      {"GET /api/v1/suppliers/{id}/letter.pdf", {"staff", "own"}},  // docs/letters.md
      {"GET /api/v1/runs", {"staff"}},
      {"GET /api/v1/runs/{n}", {"staff"}},
      {"POST /api/v1/runs", {"quality"}},
      {"GET /api/v1/runs/{a}/diff/{b}", {"staff"}},
      {"GET /api/v1/batches", {"staff"}},
      {"GET /api/v1/batches/{n}", {"staff"}},
      {"POST /api/v1/imports", {"quality"}},
      {"GET /api/v1/holds", {"staff"}},
      {"GET /api/v1/holds/{id}", {"staff", "own"}},
      {"POST /api/v1/holds", {"quality"}},
      {"POST /api/v1/holds/{id}/withdraw", {"quality"}},
      {"GET /api/v1/rules", {"user"}},
      {"GET /api/v1/users", {"admin"}},
      {"GET /api/v1/users/{name}", {"admin"}},
      {"POST /api/v1/users", {"admin"}},
      {"PATCH /api/v1/users/{name}", {"admin"}},
      {"DELETE /api/v1/users/{name}/sessions", {"admin"}},
      {"GET /api/v1/tokens", {"user"}},
      {"POST /api/v1/tokens", {"user"}},
      {"DELETE /api/v1/tokens/{id}", {"user"}},
      {"GET /api/v1/audit", {"admin"}},
      {"GET /api/v1/complaints/{id}", {"staff", "own"}},
      {"GET /api/v1/adjustments", {"staff", "own"}},
      {"POST /api/v1/complaints/{id}/adjustment", {"own", "quality"}},
      {"PUT /api/v1/complaints/{id}/adjustment/report", {"own", "quality"}},
      {"GET /api/v1/complaints/{id}/adjustment/report", {"staff", "own"}},
      {"POST /api/v1/complaints/{id}/adjustment/decision", {"quality"}},
      {"GET /api/v1/threads", {"staff", "own"}},
      {"GET /api/v1/threads/{id}", {"staff", "own"}},
      {"GET /api/v1/threads/{id}/messages", {"staff", "own"}},
      {"GET /api/v1/threads/{id}/messages/{m}", {"staff", "own"}},
      {"POST /api/v1/threads", {"staff", "own"}},
      {"POST /api/v1/threads/{id}/messages", {"staff", "own"}},
      {"PUT /api/v1/threads/{id}/read", {"staff", "own"}},
      {"GET /api/v1/notifications", {"user"}},
      {"PUT /api/v1/notifications/read", {"user"}},
      // docs/contracts-api.md
      {"GET /api/v1/contracts", {"staff", "own"}},
      {"GET /api/v1/contracts/{id}", {"staff", "own"}},
      {"GET /api/v1/contract-findings", {"staff"}},
      {"GET /api/v1/contracts/{id}/settlement", {"staff", "own"}},
      {"GET /api/v1/contracts/{id}/kpis", {"staff", "own"}},
      {"GET /api/v1/settlements", {"staff", "own"}},
      {"GET /api/v1/settlements/{n}", {"staff", "own"}},
      {"GET /api/v1/settlements/{n}/lines", {"staff", "own"}},
      {"POST /api/v1/settlements", {"purchasing"}},
      // docs/escalations-api.md
      {"GET /api/v1/escalations", {"staff", "own"}},
      {"POST /api/v1/escalations/holds", {"staff"}},
      {"GET /api/v1/escalations/{id}", {"staff", "own"}},
      {"POST /api/v1/escalations/{id}/decisions", {"staff"}},
      {"GET /api/v1/sourcing", {"staff"}},
      {"GET /api/v1/sourcing/risks", {"staff"}},
  };
  return kTable;
}

// Who asks: a role name of API.md and, for a supplier user, whether the
// supplier in the path ({id} = S00001) is its own.
struct Asker {
  std::string label;
  std::string user;  // empty: nobody logged in
  std::string role;
  bool own_supplier = false;
};

// Whether API.md lets `asker` through the role check of a route with `cell`.
bool Allowed(const std::set<std::string>& cell, const Asker& asker) {
  if (cell.contains("public")) return true;
  if (asker.user.empty()) return false;
  if (cell.contains("user")) return true;
  const bool staff = asker.role != "supplier";
  if (cell.contains("staff") && staff) return true;
  if (cell.contains("quality") && (asker.role == "quality" || asker.role == "admin")) return true;
  if (cell.contains("purchasing") && (asker.role == "purchasing" || asker.role == "admin")) return true;
  if (cell.contains("admin") && asker.role == "admin") return true;
  return cell.contains("own") && asker.role == "supplier";
}

class ServeApi : public DatabaseCliTest {
 protected:
  void SetUp() override {
    DatabaseCliTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    const ProcessResult imported = Run({"import", "--data", Generate("data", 400).string()});
    ASSERT_EQ(imported.exit_status, 0) << imported.err;
    const ProcessResult published = Run({"evaluate", "--period", "2026-H1", "--publish"});
    ASSERT_EQ(published.exit_status, 0) << published.err;
    AddUser("ada", "admin");
    AddUser("quinn", "quality");
    AddUser("pat", "purchasing");
    AddUser("sam", "supplier", "S00001");
    AddUser("otto", "supplier", "S00002");
  }

  void AddUser(const std::string& name, const std::string& role, const std::string& supplier = "") {
    testing::AddUser(db(), scratch_, name, role, supplier, kTestPassword);
  }

  // A login, checking the session cookie's attributes each time.
  static std::optional<ApiSession> LogIn(std::uint16_t port, const std::string& user) {
    const auto answer = SendLogIn(port, user);
    if (!answer || answer->result_int() != 200) return std::nullopt;
    const std::string set_cookie = HeaderOf(*answer, "Set-Cookie");
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
    return SessionOf(answer);
  }
};

// The body a walk sends to a route that changes something: one its schema
// takes where the route is open to a supplier user (so that scope, not the
// body, decides), else an empty JSON object.
std::pair<std::string, std::string> WalkBody(const std::string& route) {
  if (route == "POST /api/v1/complaints/{id}/adjustment") {
    return {R"({"confirmed_qty": 1, "note": "walk"})", "application/json"};
  }
  if (route == "PUT /api/v1/complaints/{id}/adjustment/report") return {"%PDF-1.4 walk", "application/pdf"};
  return {"{}", "application/json"};
}

// The path of a route with its parameters filled in: the supplier S00001,
// run 1, a user and a token that do not exist (so no walk changes state).
std::string Target(std::string pattern) {
  const std::vector<std::pair<std::string, std::string>> values = {
      {"{id}", "S00001"}, {"{n}", "1"}, {"{a}", "1"}, {"{b}", "1"}, {"{name}", "nobody"}, {"{m}", "1"}};
  for (const auto& [name, value] : values) {
    for (auto at = pattern.find(name); at != std::string::npos; at = pattern.find(name)) {
      pattern.replace(at, name.size(), value);
    }
  }
  return pattern;
}

TEST_P(ServeApi, EveryRouteOfTheOpenApiDocumentAnswersEveryRoleAsApiMdSays) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const nlohmann::json document = BodyOf(*serve.Get("/api/v1/openapi.json"));
  const std::vector<Asker> askers = {{"nobody", "", "", false},
                                     {"admin", "ada", "admin", false},
                                     {"quality", "quinn", "quality", false},
                                     {"purchasing", "pat", "purchasing", false},
                                     {"own supplier", "sam", "supplier", true},
                                     {"other supplier", "otto", "supplier", false}};
  int walked = 0;
  for (const Asker& asker : askers) {
    std::optional<ApiSession> session;
    if (!asker.user.empty()) {
      session = LogIn(serve.port(), asker.user);
      ASSERT_TRUE(session) << asker.label;
    }
    std::vector<std::pair<std::string, std::string>> last;  // logout: after the rest
    for (const auto& [path, operations] : document["paths"].items()) {
      for (const auto& [method_lower, operation] : operations.items()) {
        std::string method = method_lower;
        for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const std::string route = method + " " + path;
        const auto cell = ApiRoleTable().find(route);
        if (cell == ApiRoleTable().end()) {
          ADD_FAILURE() << route << " is served but has no row in API.md's role table";
          continue;
        }
        const std::set<std::string> roles(operation["x-roles"].begin(), operation["x-roles"].end());
        EXPECT_EQ(roles, cell->second) << route << ": x-roles differ from API.md";
        if (route == "DELETE /api/v1/session") {
          last.emplace_back(method, path);
          continue;
        }
        const bool changes = method != "GET";
        const auto [body, content_type] = changes ? WalkBody(route) : std::pair<std::string, std::string>();
        const auto answer = SendAs(serve.port(), method, Target(path), session, body, content_type);
        if (!answer) {
          serve.Terminate();
          FAIL() << route << " as " << asker.label << " got no answer; the server's log:\n" << serve.RestOfLog();
        }
        const int status = answer->result_int();
        ++walked;
        if (!Allowed(cell->second, asker)) {
          EXPECT_EQ(status, asker.user.empty() ? 401 : 403) << route << " as " << asker.label;
        } else if (path.find("{id}") != std::string::npos && asker.role == "supplier" && !asker.own_supplier &&
                   !cell->second.contains("user") && !changes) {
          // (A change's empty body is refused first: 400, API.md's order of checks.)
          EXPECT_EQ(status, 404) << route << " as " << asker.label << ": another supplier's";
        } else {
          EXPECT_NE(status, 401) << route << " as " << asker.label;
          EXPECT_NE(status, 403) << route << " as " << asker.label;
          EXPECT_LT(status, 500) << route << " as " << asker.label;
        }
      }
    }
    for (const auto& [method, path] : last) {
      EXPECT_EQ(SendAs(serve.port(), method, path, session)->result_int(), 204) << asker.label;
    }
  }
  EXPECT_GT(walked, 6 * 20);
  EXPECT_EQ(serve.Get("/healthz")->result_int(), 200);
}

// The Excel downloads (API.md "Excel downloads") are the routes' own
// answers: every role gets the same status for `?format=xlsx` as for the
// JSON, and where that is a success, an .xlsx attachment.
TEST_P(ServeApi, EveryWorkbookDownloadIsAuthorizedAsItsJson) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const nlohmann::json document = BodyOf(*serve.Get("/api/v1/openapi.json"));
  std::vector<std::string> offering;  // the paths whose GET has the `format` parameter
  for (const auto& [path, operations] : document["paths"].items()) {
    if (!operations.contains("get")) continue;
    for (const auto& parameter : operations["get"].value("parameters", nlohmann::json::array())) {
      if (parameter["name"] == "format") offering.push_back(path);
    }
  }
  EXPECT_EQ(offering.size(), 4U) << "the ranking, a run, a run diff and a settlement";
  int downloads = 0;
  for (const std::string user : {"", "ada", "quinn", "pat", "sam"}) {
    std::optional<ApiSession> session;
    if (!user.empty()) session = LogIn(serve.port(), user);
    for (const std::string& path : offering) {
      const auto json = SendAs(serve.port(), "GET", Target(path), session);
      const auto workbook = SendAs(serve.port(), "GET", Target(path) + "?format=xlsx", session);
      ASSERT_TRUE(json && workbook) << path;
      EXPECT_EQ(workbook->result_int(), json->result_int()) << path << " as " << (user.empty() ? "nobody" : user);
      if (workbook->result_int() != 200) continue;
      ++downloads;
      EXPECT_EQ(HeaderOf(*workbook, "Content-Type"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          << path;
      EXPECT_TRUE(HeaderOf(*workbook, "Content-Disposition").starts_with("attachment; filename=")) << path;
      EXPECT_TRUE(workbook->body().starts_with("PK")) << path << ": a zip file";
    }
  }
  // Staff (ada, quinn, pat) download the ranking, run 1 and the diff 1 → 1
  // at least (settlement 1 only where the data set has one published).
  EXPECT_GE(downloads, 3 * 3);
}

TEST_P(ServeApi, AWrongPasswordAnUnknownNameAndADisabledUserFailAlike) {
  ASSERT_EQ(RunSupeval({"users", "disable", "pat", "--db", db()}).exit_status, 0);
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  std::vector<nlohmann::json> problems;
  for (const auto& [user, password] : std::vector<std::pair<std::string, std::string>>{
           {"ada", "not the password"}, {"nobody", std::string(kTestPassword)}, {"pat", std::string(kTestPassword)}}) {
    const nlohmann::json body = {{"username", user}, {"password", password}};
    const auto answer = SendAs(serve.port(), "POST", "/api/v1/session", std::nullopt, body.dump());
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->result_int(), 401) << user;
    EXPECT_EQ(HeaderOf(*answer, "WWW-Authenticate"), "Bearer realm=\"supeval\"") << user;
    EXPECT_TRUE(HeaderOf(*answer, "Set-Cookie").empty()) << user;
    nlohmann::json problem = BodyOf(*answer);
    problem.erase("instance");
    problems.push_back(problem);
  }
  EXPECT_EQ(problems[0]["type"], "/api/v1/problems/unauthenticated");
  EXPECT_EQ(problems[0], problems[1]);
  EXPECT_EQ(problems[0], problems[2]);
}

TEST_P(ServeApi, LoginsLogoutsAndRefusalsGoToTheSecurityLog) {
  std::string log;
  {
    Serve serve(db());
    ASSERT_TRUE(serve.started());
    const nlohmann::json wrong = {{"username", "ada"}, {"password", "hunter2 typed wrong"}};
    EXPECT_EQ(SendAs(serve.port(), "POST", "/api/v1/session", std::nullopt, wrong.dump())->result_int(), 401);
    const auto sam = LogIn(serve.port(), "sam");
    ASSERT_TRUE(sam);
    EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/suppliers/S00002", sam)->result_int(), 404);
    EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/suppliers/S00001", sam)->result_int(), 200);
    EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/ranking", sam)->result_int(), 403);
    EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/ranking", std::nullopt)->result_int(), 401);
    EXPECT_EQ(SendAs(serve.port(), "DELETE", "/api/v1/session", sam)->result_int(), 204);
    EXPECT_EQ(serve.Terminate(), 0);
    log = serve.RestOfLog();
  }
  std::vector<std::string> security;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" security ") != std::string::npos) security.push_back(line.substr(line.find(' ') + 1));
  }
  // A line is written once its answer is sent, so the order may differ.
  ASSERT_EQ(security.size(), 6U) << log;
  for (const std::string_view expected :
       {"security login-failed POST /api/v1/session 401 - 127.0.0.1 ",
        "security login POST /api/v1/session 200 sam 127.0.0.1 ",
        "security out-of-scope GET /api/v1/suppliers/S00002 404 sam ", "security refused GET /api/v1/ranking 403 sam ",
        "security refused GET /api/v1/ranking 401 - ", "security logout DELETE /api/v1/session 204 sam "}) {
    EXPECT_EQ(std::count_if(security.begin(), security.end(),
                            [&](const std::string& line) { return line.starts_with(expected); }),
              1)
        << expected << "\n"
        << log;
  }
  EXPECT_EQ(log.find("hunter2"), std::string::npos);
  EXPECT_EQ(log.find(std::string(kTestPassword)), std::string::npos);
}

TEST_P(ServeApi, AStateChangeNeedsTheCsrfTokenAndTheServersOwnOrigin) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto session = LogIn(serve.port(), "ada");
  ASSERT_TRUE(session);
  const std::string body = R"({"name": "ci"})";
  const auto wrong = SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, body, "X-CSRF-Token: not-it\r\n");
  EXPECT_EQ(wrong->result_int(), 403);
  EXPECT_EQ(BodyOf(*wrong)["type"], "/api/v1/problems/csrf");
  const auto cross =
      SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, body, "Origin: https://evil.example\r\n");
  EXPECT_EQ(cross->result_int(), 403);
  EXPECT_EQ(BodyOf(*cross)["type"], "/api/v1/problems/cross-origin");
  const auto right = SendAs(serve.port(), "POST", "/api/v1/tokens", session, body);
  EXPECT_EQ(right->result_int(), 201) << right->body();
}

TEST_P(ServeApi, AUserChangeWithAStaleIfMatchIsRefusedWith412) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto session = LogIn(serve.port(), "ada");
  ASSERT_TRUE(session);
  const auto read = SendAs(serve.port(), "GET", "/api/v1/users/pat", session);
  ASSERT_EQ(read->result_int(), 200);
  const std::string tag = HeaderOf(*read, "ETag");
  ASSERT_FALSE(tag.empty());
  EXPECT_EQ(HeaderOf(*read, "Cache-Control"), "no-store");

  const auto changed = SendWithHeaders(serve.port(), "PATCH", "/api/v1/users/pat", session,
                                       R"({"display_name": "Pat B."})", "If-Match: " + tag + "\r\n");
  ASSERT_EQ(changed->result_int(), 200) << changed->body();
  const std::string new_tag = HeaderOf(*changed, "ETag");
  EXPECT_NE(new_tag, tag);
  EXPECT_EQ(HeaderOf(*SendAs(serve.port(), "GET", "/api/v1/users/pat", session), "ETag"), new_tag);

  // The second admin's edit, made on what it read before the first one's.
  const auto stale = SendWithHeaders(serve.port(), "PATCH", "/api/v1/users/pat", session, R"({"display_name": "P."})",
                                     "If-Match: " + tag + "\r\n");
  EXPECT_EQ(stale->result_int(), 412);
  EXPECT_EQ(BodyOf(*stale)["type"], "/api/v1/problems/precondition-failed");
  const auto weak = SendWithHeaders(serve.port(), "PATCH", "/api/v1/users/pat", session, R"({"display_name": "P."})",
                                    "If-Match: W/" + new_tag + "\r\n");
  EXPECT_EQ(weak->result_int(), 412) << "If-Match compares strongly";
  EXPECT_EQ(BodyOf(*SendAs(serve.port(), "GET", "/api/v1/users/pat", session))["display_name"], "Pat B.");
  const auto any = SendWithHeaders(serve.port(), "PATCH", "/api/v1/users/pat", session, R"({"display_name": "P."})",
                                   "If-Match: *\r\n");
  EXPECT_EQ(any->result_int(), 200);
}

TEST_P(ServeApi, APostSentAgainWithItsIdempotencyKeyRunsOnce) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto session = LogIn(serve.port(), "quinn");
  ASSERT_TRUE(session);
  const std::string key = "Idempotency-Key: 5b1f0d52-3c0e-4d7e-9f4a-2b8c6d1e7a90\r\n";
  const auto first = SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": "export"})", key);
  ASSERT_EQ(first->result_int(), 201) << first->body();
  EXPECT_TRUE(BodyOf(*first)["token"].is_string());
  EXPECT_EQ(HeaderOf(*first, "Idempotent-Replayed"), "");

  const auto again = SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": "export"})", key);
  ASSERT_EQ(again->result_int(), 201) << again->body();
  EXPECT_EQ(HeaderOf(*again, "Idempotent-Replayed"), "true");
  EXPECT_EQ(HeaderOf(*again, "Location"), HeaderOf(*first, "Location"));
  EXPECT_EQ(BodyOf(*again)["id"], BodyOf(*first)["id"]);
  EXPECT_TRUE(BodyOf(*again)["token"].is_null()) << "a token is shown once, never kept";
  EXPECT_EQ(BodyOf(*SendAs(serve.port(), "GET", "/api/v1/tokens", session))["total_count"], 1);

  const auto reused = SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": "other"})", key);
  EXPECT_EQ(reused->result_int(), 422);
  EXPECT_EQ(BodyOf(*reused)["type"], "/api/v1/problems/idempotency-key-reused");
  const auto bad_key = SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": "x"})",
                                       "Idempotency-Key: two words\r\n");
  EXPECT_EQ(bad_key->result_int(), 400);
  // A refusal is kept too: the same request gets the same 400 problem.
  const auto refused = SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": ""})",
                                       "Idempotency-Key: refused-once\r\n");
  const auto refused_again = SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": ""})",
                                             "Idempotency-Key: refused-once\r\n");
  EXPECT_GE(refused->result_int(), 400);
  EXPECT_EQ(refused_again->result_int(), refused->result_int());
  EXPECT_EQ(HeaderOf(*refused_again, "Idempotent-Replayed"), "true");
  // Without a key nothing is deduplicated.
  EXPECT_EQ(SendAs(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": "export"})")->result_int(), 201);
  EXPECT_EQ(BodyOf(*SendAs(serve.port(), "GET", "/api/v1/tokens", session))["total_count"], 2);
}

TEST_P(ServeApi, ALoggedOutSessionAndARevokedTokenNoLongerWork) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto session = LogIn(serve.port(), "quinn");
  ASSERT_TRUE(session);
  const auto created = SendAs(serve.port(), "POST", "/api/v1/tokens", session, R"({"name": "nightly export"})");
  ASSERT_EQ(created->result_int(), 201) << created->body();
  const nlohmann::json token = BodyOf(*created);
  ASSERT_TRUE(token["token"].get<std::string>().starts_with("supeval_"));
  const std::string bearer = "Authorization: Bearer " + token["token"].get<std::string>() + "\r\n";

  EXPECT_EQ(SendWithHeaders(serve.port(), "GET", "/api/v1/ranking", std::nullopt, {}, bearer)->result_int(), 200);
  // A token cannot manage tokens (an interactive session must).
  EXPECT_EQ(
      SendWithHeaders(serve.port(), "POST", "/api/v1/tokens", std::nullopt, R"({"name": "x"})", bearer)->result_int(),
      403);

  const std::string token_path = "/api/v1/tokens/" + std::to_string(token["id"].get<std::int64_t>());
  EXPECT_EQ(SendAs(serve.port(), "DELETE", token_path, session)->result_int(), 204);
  const auto revoked = SendWithHeaders(serve.port(), "GET", "/api/v1/ranking", std::nullopt, {}, bearer);
  EXPECT_EQ(revoked->result_int(), 401);
  EXPECT_NE(HeaderOf(*revoked, "WWW-Authenticate").find("error=\"invalid_token\""), std::string::npos);

  const auto logout = SendAs(serve.port(), "DELETE", "/api/v1/session", session);
  EXPECT_EQ(logout->result_int(), 204);
  EXPECT_NE(HeaderOf(*logout, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  const auto after = SendAs(serve.port(), "GET", "/api/v1/ranking", session);
  EXPECT_EQ(after->result_int(), 401);
  EXPECT_EQ(BodyOf(*after)["type"], "/api/v1/problems/session-expired");
}

TEST_P(ServeApi, ASupplierUserSeesItsOwnSupplierOnlyAndOthersAsMissing) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto sam = LogIn(serve.port(), "sam");
  ASSERT_TRUE(sam);
  const auto own = SendAs(serve.port(), "GET", "/api/v1/suppliers/S00001/scorecard", sam);
  ASSERT_EQ(own->result_int(), 200) << own->body();
  EXPECT_EQ(BodyOf(*own)["result"]["supplier_id"], "S00001");
  const auto other = SendAs(serve.port(), "GET", "/api/v1/suppliers/S00002/scorecard", sam);
  const auto missing = SendAs(serve.port(), "GET", "/api/v1/suppliers/S09999/scorecard", sam);
  EXPECT_EQ(other->result_int(), 404);
  EXPECT_EQ(missing->result_int(), 404);
  EXPECT_EQ(BodyOf(*other)["type"], BodyOf(*missing)["type"]);
  EXPECT_EQ(BodyOf(*other)["title"], BodyOf(*missing)["title"]);
  EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/ranking", sam)->result_int(), 403);
}

TEST_P(ServeApi, ALetterIsAPdfForStaffAndItsOwnSupplierOnly) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto sam = LogIn(serve.port(), "sam");
  const auto pat = LogIn(serve.port(), "pat");
  ASSERT_TRUE(sam && pat);
  const auto own = SendAs(serve.port(), "GET", "/api/v1/suppliers/S00001/letter.pdf?run=1&language=de", sam);
  ASSERT_EQ(own->result_int(), 200) << own->body();
  EXPECT_EQ(HeaderOf(*own, "Content-Type"), "application/pdf");
  EXPECT_EQ(own->body().substr(0, 5), "%PDF-");
  EXPECT_NE(HeaderOf(*own, "Content-Disposition").find("letter-S00001-2026-H1-run1.pdf"), std::string::npos);
  EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/suppliers/S00002/letter.pdf?run=1", sam)->result_int(), 404);
  EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/suppliers/S00002/letter.pdf?run=1", pat)->result_int(), 200);
  EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/suppliers/S00001/letter.pdf?run=99", pat)->result_int(), 404);
  EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/suppliers/S00001/letter.pdf?language=fr", pat)->result_int(), 400);
}

TEST_P(ServeApi, TheRankingOfTheLatestRunAsJson) {
  Serve serve(db());
  ASSERT_TRUE(serve.started());
  const auto session = LogIn(serve.port(), "pat");
  ASSERT_TRUE(session);
  const auto ranking = SendAs(serve.port(), "GET", "/api/v1/ranking?limit=5&sort=-total", session);
  ASSERT_EQ(ranking->result_int(), 200) << ranking->body();
  const nlohmann::json page = BodyOf(*ranking);
  EXPECT_EQ(page["period"], "2026-H1");
  EXPECT_EQ(page["run"], 1);
  EXPECT_EQ(page["limit"], 5);
  ASSERT_EQ(page["rows"].size(), 5U);
  EXPECT_EQ(page["rows"][0]["rank"], 1);
  for (std::size_t i = 1; i < page["rows"].size(); ++i) {
    EXPECT_GE(page["rows"][i - 1]["total"].get<double>(), page["rows"][i]["total"].get<double>());
  }
}

TEST_P(ServeApi, PastTheLoginLimitEveryAttemptIsThrottledWithRetryAfter) {
  Serve serve(db(), {"--login-limit", "2"});
  ASSERT_TRUE(serve.started());
  const nlohmann::json wrong = {{"username", "quinn"}, {"password", "not the password"}};
  for (int attempt = 0; attempt < 2; ++attempt) {
    EXPECT_EQ(SendAs(serve.port(), "POST", "/api/v1/session", std::nullopt, wrong.dump())->result_int(), 401);
  }
  // The right password too: it is not even checked until the window has passed.
  const auto throttled = SendAs(serve.port(), "POST", "/api/v1/session", std::nullopt,
                                nlohmann::json{{"username", "quinn"}, {"password", kTestPassword}}.dump());
  EXPECT_EQ(throttled->result_int(), 429);
  EXPECT_EQ(BodyOf(*throttled)["type"], "/api/v1/problems/too-many-attempts");
  EXPECT_GT(std::stoi(HeaderOf(*throttled, "Retry-After")), 0);
  EXPECT_TRUE(LogIn(serve.port(), "pat"));  // another name is not held up
}

TEST_P(ServeApi, WhereTotpIsRequiredASessionWithoutItMayOnlyEnrol) {
  Serve serve(db(), {"--require-totp", "staff"});
  ASSERT_TRUE(serve.started());
  const auto quinn = LogIn(serve.port(), "quinn");
  ASSERT_TRUE(quinn);
  const auto session = SendAs(serve.port(), "GET", "/api/v1/session", quinn);
  EXPECT_EQ(BodyOf(*session)["required_action"], "enrol-totp");
  const auto ranking = SendAs(serve.port(), "GET", "/api/v1/ranking", quinn);
  EXPECT_EQ(ranking->result_int(), 403);
  EXPECT_EQ(BodyOf(*ranking)["type"], "/api/v1/problems/totp-enrolment-required");
  const auto sam = LogIn(serve.port(), "sam");  // a supplier user: not staff
  ASSERT_TRUE(sam);
  EXPECT_EQ(SendAs(serve.port(), "GET", "/api/v1/suppliers/S00001", sam)->result_int(), 200);
}

TEST_P(ServeApi, SessionLifetimesAreCheckedBeforeServing) {
  for (const auto& [option, value] :
       std::vector<std::pair<std::string, std::string>>{{"--session-idle", "13h"}, {"--session-max", "0s"}}) {
    const ProcessResult refused = RunSupeval({"serve", "--db", db(), "--listen", "127.0.0.1:0", option, value});
    EXPECT_EQ(refused.exit_status, 2) << option;
    EXPECT_NE(refused.err.find(option == "--session-idle" ? "--session-idle" : "--session-max"), std::string::npos)
        << refused.err;
  }
}

class ServeApiPostgres : public ServeApi {};

TEST_P(ServeApiPostgres, TwoServeProcessesShareSessionsThroughTheDatabase) {
  Serve first(db());
  Serve second(db());
  ASSERT_TRUE(first.started() && second.started());
  const auto session = LogIn(first.port(), "quinn");
  ASSERT_TRUE(session);
  EXPECT_EQ(SendAs(second.port(), "GET", "/api/v1/session", session)->result_int(), 200);
  EXPECT_EQ(SendAs(second.port(), "DELETE", "/api/v1/session", session)->result_int(), 204);
  EXPECT_EQ(SendAs(first.port(), "GET", "/api/v1/session", session)->result_int(), 401);
}

std::string BackendLabel(const ::testing::TestParamInfo<store::Backend>& param_info) {
  return store::testing::BackendName(param_info.param);
}
INSTANTIATE_TEST_SUITE_P(Backends, ServeApi, ::testing::ValuesIn(store::testing::AllBackends()), BackendLabel);
INSTANTIATE_TEST_SUITE_P(Postgres, ServeApiPostgres, ::testing::Values(store::Backend::kPostgres), BackendLabel);

}  // namespace
}  // namespace supeval::testing
