// `supeval serve` behind Debian's nginx, configured with the very site file
// docs/deploy.md tells administrators to install (docs/deploy/
// nginx-supeval.conf), its ports and certificate swapped for loopback ones
// and a self-signed certificate: through the proxy the session cookie is
// `__Host-supeval` with `Secure`, HSTS is sent, a logged-in state change
// passes the Origin and CSRF checks, and plain HTTP is redirected.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "database_cli_test.hpp"
#include "serve_api_client.hpp"
#include "serve_process.hpp"

namespace supeval::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNginx = "/usr/sbin/nginx";

// A loopback port nobody listens on right now.
std::uint16_t FreePort() {
  const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(socket_fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(socket_fd);
  return ntohs(address.sin_port);
}

bool Accepts(std::uint16_t port) {
  const int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = connect(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(socket_fd);
  return connected;
}

// Replaces the one occurrence of `what` in `text`; false when it is not
// there (the documented file changed: the test must follow).
bool ReplaceOnce(std::string& text, std::string_view what, std::string_view with) {
  const auto at = text.find(what);
  if (at == std::string::npos) return false;
  text.replace(at, what.size(), with);
  return true;
}

// nginx in the foreground (daemon off) with everything it writes in
// `folder`, stopped with SIGTERM when the test ends.
class Nginx {
 public:
  Nginx(const std::string& folder, const std::string& site) {
    const std::string conf = folder + "/nginx.conf";
    std::ofstream(folder + "/site.conf") << site;
    std::ofstream(conf) << "daemon off;\nworker_processes 1;\npid " << folder << "/nginx.pid;\n"
                        << (geteuid() == 0 ? "user root;\n" : "") << "error_log " << folder
                        << "/error.log;\nevents {}\nhttp {\n  access_log off;\n"
                        << "  client_body_temp_path " << folder << "/body;\n  proxy_temp_path " << folder
                        << "/proxy;\n  fastcgi_temp_path " << folder << "/fastcgi;\n  uwsgi_temp_path " << folder
                        << "/uwsgi;\n  scgi_temp_path " << folder << "/scgi;\n  include " << folder
                        << "/site.conf;\n}\n";
    pid_ = fork();
    if (pid_ == 0) {
      const std::string error_log = folder + "/error.log";
      execl(kNginx.data(), "nginx", "-p", folder.c_str(), "-c", conf.c_str(), "-e", error_log.c_str(), nullptr);
      _exit(127);
    }
  }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;
  ~Nginx() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  // Whether nginx accepts on `port` within a few seconds (it may have
  // refused its configuration instead: then error.log says why).
  [[nodiscard]] bool Listening(std::uint16_t port) const {
    for (int attempt = 0; attempt < 250; ++attempt) {
      if (Accepts(port)) return true;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
};

// An answer of curl -i: status line and headers, then the body.
struct CurlAnswer {
  std::string head;
  std::string body;
};

CurlAnswer Curl(const std::string& arguments) {
  const std::string output = Shell("curl -sk -i " + arguments);
  const auto split = output.find("\r\n\r\n");
  if (split == std::string::npos) return {output, ""};
  return {output.substr(0, split + 2), output.substr(split + 4)};
}

bool SameLetters(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// The value of a header line of `head` ("Name: value"; HTTP/2 writes names
// in lower case, so they compare without case).
std::string HeaderLine(const std::string& head, std::string_view name) {
  std::istringstream lines(head);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > name.size() && SameLetters(std::string_view(line).substr(0, name.size()), name) &&
        line[name.size()] == ':') {
      std::string value = line.substr(name.size() + 1);
      while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      return value;
    }
  }
  return "";
}

class ServeBehindNginx : public DatabaseCliTest {};

TEST_P(ServeBehindNginx, TheDocumentedSiteGivesASecureHostCookieAndPassesStateChanges) {
  ASSERT_TRUE(fs::exists(kNginx)) << "nginx-light is one of scripts/setup.sh's packages";
  const ProcessResult imported = Run({"import", "--data", Generate("data", 50).string()});
  ASSERT_EQ(imported.exit_status, 0) << imported.err;
  AddUser(db(), scratch_, "ada", "admin", "", kTestPassword);
  const std::string cert = scratch_ + "/cert.pem";
  const std::string key = scratch_ + "/key.pem";
  Shell("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + key + " -out " + cert +
        " 2>/dev/null");
  ASSERT_TRUE(fs::exists(cert) && fs::exists(key));

  Serve serve(db(), {"--trusted-proxy", "127.0.0.1/32"});
  ASSERT_TRUE(serve.started());
  std::string site;
  {
    std::ifstream file(std::string(SUPEVAL_SOURCE_DIR) + "/docs/deploy/nginx-supeval.conf");
    site.assign(std::istreambuf_iterator<char>(file), {});
  }
  const std::uint16_t https_port = FreePort();
  const std::uint16_t http_port = FreePort();
  ASSERT_TRUE(
      ReplaceOnce(site, "listen 443 ssl http2;", "listen 127.0.0.1:" + std::to_string(https_port) + " ssl http2;"));
  ASSERT_TRUE(ReplaceOnce(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(http_port) + ";"));
  ASSERT_TRUE(ReplaceOnce(site, "/etc/ssl/supeval/fullchain.pem", cert));
  ASSERT_TRUE(ReplaceOnce(site, "/etc/ssl/supeval/privkey.pem", key));
  ASSERT_TRUE(ReplaceOnce(site, "http://127.0.0.1:8080", "http://127.0.0.1:" + std::to_string(serve.port())));
  Nginx nginx(scratch_, site);
  ASSERT_TRUE(nginx.Listening(https_port)) << Shell("cat " + scratch_ + "/error.log");

  const std::string origin = "https://127.0.0.1:" + std::to_string(https_port);
  const nlohmann::json login = {{"username", "ada"}, {"password", kTestPassword}};
  const CurlAnswer logged_in =
      Curl("-H 'Content-Type: application/json' -d '" + login.dump() + "' " + origin + "/api/v1/session");
  ASSERT_NE(logged_in.head.find(" 200"), std::string::npos) << logged_in.head << logged_in.body;
  const std::string set_cookie = HeaderLine(logged_in.head, "Set-Cookie");
  EXPECT_TRUE(set_cookie.starts_with("__Host-supeval=")) << set_cookie;
  EXPECT_NE(set_cookie.find("; Secure"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Domain="), std::string::npos) << set_cookie;
  EXPECT_EQ(HeaderLine(logged_in.head, "Strict-Transport-Security"), "max-age=31536000; includeSubDomains");

  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = nlohmann::json::parse(logged_in.body)["csrf_token"].get<std::string>();
  const CurlAnswer session = Curl("-H 'Cookie: " + cookie + "' " + origin + "/api/v1/session");
  EXPECT_NE(session.head.find(" 200"), std::string::npos) << session.head;

  // A browser's state change: its Origin is the proxy's address, port and all.
  const CurlAnswer token =
      Curl("-H 'Cookie: " + cookie + "' -H 'X-CSRF-Token: " + csrf + "' -H 'Origin: " + origin +
           "' -H 'Content-Type: application/json' -d '{\"name\": \"proxy\"}' " + origin + "/api/v1/tokens");
  EXPECT_NE(token.head.find(" 201"), std::string::npos) << token.head << token.body;
  const CurlAnswer forged = Curl("-H 'Cookie: " + cookie + "' -H 'X-CSRF-Token: " + csrf +
                                 "' -H 'Origin: https://evil.example' -H 'Content-Type: application/json' -d "
                                 "'{\"name\": \"proxy\"}' " +
                                 origin + "/api/v1/tokens");
  EXPECT_NE(forged.head.find(" 403"), std::string::npos) << forged.head;

  const CurlAnswer plain = Curl("http://127.0.0.1:" + std::to_string(http_port) + "/api/v1/ranking");
  EXPECT_NE(plain.head.find(" 301"), std::string::npos) << plain.head;
  EXPECT_TRUE(HeaderLine(plain.head, "Location").starts_with("https://")) << plain.head;
  EXPECT_EQ(serve.Terminate(), 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ServeBehindNginx, ::testing::Values(store::Backend::kSqlite),
                         [](const auto&) { return std::string("sqlite"); });

}  // namespace
}  // namespace supeval::testing
