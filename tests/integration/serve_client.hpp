// A client of the API of a `supeval serve` on loopback, for whole-program
// tests: users added with the `users` command (password from a file on
// standard input), a login that keeps the session cookie and CSRF token,
// and requests sent with them. Thread-compatible: one per test.
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

// `supeval users add NAME --role ROLE [--supplier ID] --password-stdin`,
// the password given through a file in `scratch`. Returns its exit status.
inline int AddApiUser(const std::string& db, const std::filesystem::path& scratch, const std::string& name,
                      const std::string& role, std::string_view password, const std::string& supplier = "") {
  return RunUsersAdd(db, scratch.string(), name, role, supplier, password).exit_status;
}

// An answer as a test reads it.
struct ApiAnswer {
  int status = 0;
  nlohmann::json body;   // discarded when not JSON
  std::string location;  // the Location header, if any
};

// A logged-in user of the server on `port`.
class ApiUser {
 public:
  // Logs in; nothing when the server refuses.
  static std::optional<ApiUser> LogIn(std::uint16_t port, const std::string& user, std::string_view password) {
    const nlohmann::json body = {{"username", user}, {"password", password}};
    server::testing::TestClient client(port);
    const auto answer = client.Request("POST", "/api/v1/session", "Content-Type: application/json\r\n", body.dump());
    if (!answer || answer->result_int() != 200) return std::nullopt;
    const auto set_cookie = answer->find("Set-Cookie");
    if (set_cookie == answer->end()) return std::nullopt;
    const std::string cookie(set_cookie->value());
    const auto session = nlohmann::json::parse(answer->body(), nullptr, false);
    return ApiUser(port, cookie.substr(0, cookie.find(';')), session.value("csrf_token", ""));
  }

  // Sends `method target` with the session (and its CSRF token on a change)
  // and `body` as JSON when given; status 0 when the server did not answer.
  [[nodiscard]] ApiAnswer Send(std::string_view method, std::string_view target,
                               const std::optional<nlohmann::json>& body = std::nullopt) const {
    std::string headers = "Cookie: " + cookie_ + "\r\n";
    if (method != "GET") headers += "X-CSRF-Token: " + csrf_token_ + "\r\n";
    if (body) headers += "Content-Type: application/json\r\n";
    server::testing::TestClient client(port_);
    const auto answer = client.Request(method, target, headers, body ? body->dump() : std::string());
    ApiAnswer read;
    if (!answer) return read;
    read.status = answer->result_int();
    read.body = nlohmann::json::parse(answer->body(), nullptr, false);
    if (const auto location = answer->find("Location"); location != answer->end()) {
      read.location = std::string(location->value());
    }
    return read;
  }

 private:
  ApiUser(std::uint16_t port, std::string cookie, std::string csrf_token)
      : port_(port), cookie_(std::move(cookie)), csrf_token_(std::move(csrf_token)) {}

  std::uint16_t port_;
  std::string cookie_;
  std::string csrf_token_;
};

}  // namespace supeval::testing
