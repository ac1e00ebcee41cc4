// What a whole-program test of the API needs besides the server process:
// users made with `supeval users add`, logins that keep the session cookie
// and CSRF token, and requests that carry them. Thread-compatible: one per
// test.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
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

// A request with the session's cookie (and CSRF token on a state change);
// a body of `content_type` (default JSON) when not empty.
inline std::optional<server::testing::Response> SendAs(std::uint16_t port, std::string_view method,
                                                       std::string_view target,
                                                       const std::optional<ApiSession>& session,
                                                       std::string_view body = {},
                                                       std::string_view content_type = "application/json") {
  std::string headers;
  if (session) headers += "Cookie: " + session->cookie + "\r\n";
  if (session && method != "GET" && method != "HEAD") headers += "X-CSRF-Token: " + session->csrf_token + "\r\n";
  if (!body.empty()) headers += "Content-Type: " + std::string(content_type) + "\r\n";
  server::testing::TestClient client(port);
  return client.Request(method, target, headers, body);
}

inline std::optional<ApiSession> LogInAs(std::uint16_t port, const std::string& user) {
  const nlohmann::json body = {{"username", user}, {"password", kTestPassword}};
  const auto answer = SendAs(port, "POST", "/api/v1/session", std::nullopt, body.dump());
  if (!answer || answer->result_int() != 200) return std::nullopt;
  const std::string set_cookie = HeaderOf(*answer, "Set-Cookie");
  return ApiSession{set_cookie.substr(0, set_cookie.find(';')), BodyOf(*answer)["csrf_token"].get<std::string>()};
}

}  // namespace supeval::testing
