// The one client of the API of a `supeval serve` on loopback for the
// whole-program tests: users made with `supeval users add`, logins that keep
// the session cookie and CSRF token, and requests that carry them — as raw
// answers (SendAs, SendWithHeaders) or, for a logged-in user, as an
// ApiAnswer of status, JSON body and Location (ApiUser). Thread-compatible:
// one per test.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "process.hpp"
#include "serve_process.hpp"
#include "supeval/server/test_client.hpp"

namespace supeval::testing {

inline constexpr std::string_view kTestPassword = "a long demo passphrase";

struct ApiSession {
  std::string cookie;  // "supeval=..."
  std::string csrf_token;
};

inline std::string HeaderOf(const server::testing::Response& response, std::string_view name) {
  const auto found = response.find(name);
  return found == response.end() ? "" : std::string(found->value());
}

inline nlohmann::json BodyOf(const server::testing::Response& response) {
  return nlohmann::json::parse(response.body(), nullptr, false);
}

// `supeval users add NAME --role ROLE [--supplier ID]` with kTestPassword,
// its password file written in `scratch`.
inline ProcessResult AddApiUser(const std::string& db, const std::filesystem::path& scratch, const std::string& name,
                                const std::string& role, const std::string& supplier = "") {
  return RunUsersAdd(db, scratch.string(), name, role, supplier, kTestPassword);
}

// One account of a test: login name, role, supplier (empty unless a supplier user).
struct ApiAccount {
  std::string name;
  std::string role;
  std::string supplier;
};

// Adds each of `accounts` (AddApiUser) until one is refused: empty when all
// were added, else that account's name and the command's error output.
inline std::string AddApiUsers(const std::string& db, const std::filesystem::path& scratch,
                               const std::vector<ApiAccount>& accounts) {
  for (const ApiAccount& account : accounts) {
    const ProcessResult added = AddApiUser(db, scratch, account.name, account.role, account.supplier);
    if (added.exit_status != 0) return account.name + ": " + added.err;
  }
  return "";
}

// A request with the session's cookie (and CSRF token on a state change,
// unless `extra_headers` carry one of their own); a body of `content_type`
// (default JSON) when not empty; `extra_headers` are whole lines, each
// ending in "\r\n". Nothing when the server did not answer.
inline std::optional<server::testing::Response> SendAs(std::uint16_t port, std::string_view method,
                                                       std::string_view target,
                                                       const std::optional<ApiSession>& session,
                                                       std::string_view body = {},
                                                       std::string_view content_type = "application/json",
                                                       std::string_view extra_headers = {}) {
  std::string headers(extra_headers);
  if (session) headers += "Cookie: " + session->cookie + "\r\n";
  const bool changes = method != "GET" && method != "HEAD";
  if (session && changes && extra_headers.find("X-CSRF-Token") == std::string_view::npos) {
    headers += "X-CSRF-Token: " + session->csrf_token + "\r\n";
  }
  if (!body.empty()) headers += "Content-Type: " + std::string(content_type) + "\r\n";
  server::testing::TestClient client(port);
  return client.Request(method, target, headers, body);
}

// The same with a JSON body (when not empty) and `extra_headers`.
inline std::optional<server::testing::Response> SendWithHeaders(std::uint16_t port, std::string_view method,
                                                                std::string_view target,
                                                                const std::optional<ApiSession>& session,
                                                                std::string_view body, std::string_view extra_headers) {
  return SendAs(port, method, target, session, body, "application/json", extra_headers);
}

// The answer to a login of `user` (POST /api/v1/session).
inline std::optional<server::testing::Response> SendLogIn(std::uint16_t port, const std::string& user,
                                                          std::string_view password = kTestPassword) {
  const nlohmann::json body = {{"username", user}, {"password", password}};
  return SendAs(port, "POST", "/api/v1/session", std::nullopt, body.dump());
}

// The session a login's answer opened; nothing unless it is a 200 with a
// session cookie and a CSRF token.
inline std::optional<ApiSession> SessionOf(const std::optional<server::testing::Response>& answer) {
  if (!answer || answer->result_int() != 200) return std::nullopt;
  const std::string set_cookie = HeaderOf(*answer, "Set-Cookie");
  const nlohmann::json body = BodyOf(*answer);
  if (set_cookie.empty() || !body.is_object() || !body.contains("csrf_token") || !body["csrf_token"].is_string()) {
    return std::nullopt;
  }
  return ApiSession{set_cookie.substr(0, set_cookie.find(';')), body["csrf_token"].get<std::string>()};
}

inline std::optional<ApiSession> LogInAs(std::uint16_t port, const std::string& user,
                                         std::string_view password = kTestPassword) {
  return SessionOf(SendLogIn(port, user, password));
}

// An answer as a test reads it.
struct ApiAnswer {
  int status = 0;        // 0: the server did not answer
  nlohmann::json body;   // discarded when not JSON
  std::string location;  // the Location header, if any
};

inline ApiAnswer AnswerOf(const std::optional<server::testing::Response>& response) {
  ApiAnswer answer;
  if (!response) return answer;
  answer.status = response->result_int();
  answer.body = BodyOf(*response);
  answer.location = HeaderOf(*response, "Location");
  return answer;
}

// A logged-in user of the server on `port`.
class ApiUser {
 public:
  // Logs in; nothing when the server refuses.
  static std::optional<ApiUser> LogIn(std::uint16_t port, const std::string& user,
                                      std::string_view password = kTestPassword) {
    auto session = LogInAs(port, user, password);
    if (!session) return std::nullopt;
    return ApiUser(port, *std::move(session));
  }

  // Sends `method target` with the session (and its CSRF token on a change)
  // and `body` as JSON when given.
  [[nodiscard]] ApiAnswer Send(std::string_view method, std::string_view target,
                               const std::optional<nlohmann::json>& body = std::nullopt) const {
    return AnswerOf(SendAs(port_, method, target, session_, body ? body->dump() : std::string()));
  }

  [[nodiscard]] const ApiSession& session() const { return session_; }

 private:
  ApiUser(std::uint16_t port, ApiSession session) : port_(port), session_(std::move(session)) {}

  std::uint16_t port_;
  ApiSession session_;
};

}  // namespace supeval::testing
