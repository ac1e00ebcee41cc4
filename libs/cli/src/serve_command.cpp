// `supeval serve`: reads and checks the options and the --rules file,
// opens the database once to refuse a bad --db before listening, and runs
// the server.
#include "serve_command.hpp"

#include <array>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <string_view>
#include <thread>
#include <utility>

#include "option_checks.hpp"
#include "serve_options.hpp"
#include "supeval/cli/cli.hpp"
#include "supeval/io/rules_toml.hpp"
#include "supeval/io/time_zone.hpp"
#include "supeval/server/api.hpp"
#include "supeval/server/authenticator.hpp"
#include "supeval/server/server.hpp"
#include "supeval/service/contracts.hpp"
#include "supeval/service/letters.hpp"
#include "supeval/store/store.hpp"

namespace supeval::cli {
namespace {

// How long /readyz waits for a database that a first import holds.
constexpr std::chrono::seconds kProbeLockTimeout{1};

struct ServeArgs {
  std::string db{store::kDefaultDatabaseUrl};
  std::string listen = "127.0.0.1:8080";
  int threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  std::string max_body = "1MiB";
  std::string max_upload = "1GiB";
  std::string header_timeout = "10s";
  std::string body_timeout = "5m";
  std::string metrics_listen;  // empty: no metrics listener
  std::string tls_cert;        // both or neither
  std::string tls_key;
  std::string trusted_proxy;  // CIDR[,CIDR]; empty: none
  bool insecure_http = false;
  std::string session_idle = "30m";
  std::string session_max = "12h";
  int login_limit = 10;
  std::string require_totp = "none";
  std::string rules;  // empty: the agreement's rule set
  std::string web;    // empty: the source tree's web/dist, when it is built
  bool no_web = false;
  std::string timezone = "UTC";
  std::string letterhead;  // empty: the letters' default letterhead
};

// The built front end's folder: --web, else the web/dist of the source tree
// this binary was built from when it holds a build (a developer's checkout);
// empty: no front end (--no-web, or nothing built).
std::string WebRoot(const ServeArgs& args) {
  if (args.no_web) return "";
  if (!args.web.empty()) return args.web;
  std::error_code absent;
  const std::filesystem::path built(SUPEVAL_WEB_DIST);
  return std::filesystem::is_regular_file(built / "index.html", absent) ? built.string() : "";
}

// The --require-totp values, looked up.
constexpr std::array<std::pair<std::string_view, service::TotpRequirement>, 3> kTotpRequirements = {{
    {"none", service::TotpRequirement::kNone},
    {"staff", service::TotpRequirement::kStaff},
    {"all", service::TotpRequirement::kAll},
}};

// Sessions' lifetimes, the login throttle and who must use TOTP (API.md).
core::Result<service::SessionOptions> ReadSessionOptions(const ServeArgs& args) {
  service::SessionOptions options;
  auto idle = ParseDuration(args.session_idle, "--session-idle");
  if (!idle.ok()) return idle.error();
  auto most = ParseDuration(args.session_max, "--session-max");
  if (!most.ok()) return most.error();
  if (idle->count() == 0 || most->count() == 0) {
    return core::BadInput(std::string(idle->count() == 0 ? "--session-idle" : "--session-max") +
                          ": a session needs a lifetime of at least one second");
  }
  if (*idle > *most) {
    return core::BadInput("--session-idle: " + args.session_idle + " is longer than --session-max " + args.session_max);
  }
  options.idle = *idle;
  options.absolute = *most;
  options.login_limit = args.login_limit;
  for (const auto& [name, requirement] : kTotpRequirements) {
    if (name == args.require_totp) options.require_totp = requirement;
  }
  return options;
}

// Whether the database answers: opened read-only, asked for its last batch.
core::Status ProbeDatabase(const std::string& db) {
  store::OpenOptions options;
  options.read_only = true;
  options.lock_timeout = kProbeLockTimeout;
  auto opened = store::OpenStore(db, options);
  if (!opened.ok()) return opened.error();
  auto last = (*opened)->LastBatch();
  if (!last.ok()) return last.error();
  return core::Ok{};
}

// A listen address; plain HTTP beyond loopback only with --insecure-http.
core::Result<ListenAddress> ReadListen(const std::string& text, std::string_view option, bool insecure_http) {
  auto listen = ParseListenAddress(text, option);
  if (!listen.ok()) return listen.error();
  if (!IsLoopback(listen->host) && !insecure_http) {
    return core::BadInput(std::string(option) + ": " + text +
                          " is not a loopback address; serving it without TLS needs --insecure-http "
                          "(or a reverse proxy on loopback, docs/deploy.md)");
  }
  return listen;
}

core::Result<server::ServerOptions> ReadOptions(const ServeArgs& args) {
  server::ServerOptions options;
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    return core::BadInput("--tls-cert and --tls-key go together: give both files, or neither");
  }
  const bool tls = !args.tls_cert.empty();
  if (tls) options.tls = server::TlsFiles{args.tls_cert, args.tls_key};
  auto listen = ReadListen(args.listen, "--listen", args.insecure_http || tls);
  if (!listen.ok()) return listen.error();
  if (!args.metrics_listen.empty()) {
    auto metrics = ReadListen(args.metrics_listen, "--metrics-listen", args.insecure_http);
    if (!metrics.ok()) return metrics.error();
    options.metrics = server::MetricsListener{metrics->host, metrics->port};
  }
  if (!args.trusted_proxy.empty()) {
    auto proxies = server::TrustedProxies::Parse(args.trusted_proxy);
    if (!proxies.ok()) return proxies.error();
    options.trusted_proxies = std::move(proxies).value();
  }
  options.host = listen->host;
  options.port = listen->port;
  options.threads = args.threads;
  options.version = SUPEVAL_VERSION;
  options.web_root = WebRoot(args);
  auto max_body = ParseSize(args.max_body, "--max-body");
  auto max_upload = ParseSize(args.max_upload, "--max-upload");
  auto header_timeout = ParseDuration(args.header_timeout, "--header-timeout");
  auto body_timeout = ParseDuration(args.body_timeout, "--body-timeout");
  for (const core::Error* error :
       {max_body.ok() ? nullptr : &max_body.error(), max_upload.ok() ? nullptr : &max_upload.error(),
        header_timeout.ok() ? nullptr : &header_timeout.error(), body_timeout.ok() ? nullptr : &body_timeout.error()}) {
    if (error != nullptr) return *error;
  }
  options.max_body = *max_body;
  options.max_upload = *max_upload;
  options.header_timeout = *header_timeout;
  options.body_timeout = *body_timeout;
  return options;
}

}  // namespace

struct ServeCommand::Impl {
  explicit Impl(CLI::App& app) {
    command = app.add_subcommand("serve", "Serve the JSON API over HTTP until SIGTERM or SIGINT");
    command->add_option("--db", args.db, "Database: sqlite:PATH or postgresql://USER@HOST:PORT/DB")
        ->capture_default_str();
    command->add_option("--listen", args.listen, "HOST:PORT to listen on (port 0: any free port)")
        ->capture_default_str();
    command->add_option("--threads", args.threads, "Threads serving requests (default: one per core)")
        ->check(WholeNumberIn(1, 256));
    command->add_option("--max-body", args.max_body, "Largest JSON body (bytes, KiB, MiB, GiB)")->capture_default_str();
    command->add_option("--max-upload", args.max_upload, "Largest import upload (bytes, KiB, MiB, GiB)")
        ->capture_default_str();
    command->add_option("--header-timeout", args.header_timeout, "Time a client has to send a request's header")
        ->capture_default_str();
    command->add_option("--body-timeout", args.body_timeout, "Time a client has to send a request's body")
        ->capture_default_str();
    command->add_option("--session-idle", args.session_idle, "A session ends after this long without a request")
        ->capture_default_str();
    command->add_option("--session-max", args.session_max, "A session ends this long after its login")
        ->capture_default_str();
    command->add_option("--login-limit", args.login_limit, "Failed logins per name in 15 min (per address: 10x)")
        ->capture_default_str()
        ->check(WholeNumberIn(1, 1000));
    command->add_option("--require-totp", args.require_totp, "Who must use TOTP: none, staff or all")
        ->capture_default_str()
        ->check(CLI::IsMember({"none", "staff", "all"}));
    command->add_option("--tls-cert", args.tls_cert, "Certificate chain (PEM) to serve HTTPS with");
    command->add_option("--tls-key", args.tls_key, "Private key (PEM) of --tls-cert");
    command->add_option("--trusted-proxy", args.trusted_proxy,
                        "CIDR[,CIDR] of reverse proxies whose Forwarded/X-Forwarded-* headers count");
    command->add_option("--metrics-listen", args.metrics_listen,
                        "HOST:PORT serving /metrics (Prometheus text); default: none");
    command->add_flag("--insecure-http", args.insecure_http, "Allow plain HTTP on a non-loopback --listen");
    command->add_option("--rules", args.rules,
                        "Rule file runs are published with (POST /api/v1/runs); default: the agreement's");
    command
        ->add_option("--timezone", args.timezone,
                     "Time zone of 'today' (adjustment deadlines), from /usr/share/zoneinfo")
        ->capture_default_str();
    command->add_option("--letterhead", args.letterhead,
                        "Letterhead of the scorecard letters (TOML; docs/letters.md); default: a plain one");
    auto* web = command->add_option(
        "--web", args.web,
        "Built front end to serve at / (read at start); default: the source tree's web/dist if built");
    command->add_flag("--no-web", args.no_web, "Serve no front end (the API only)")->excludes(web);
  }

  std::optional<int> Run(std::ostream& out, std::ostream& err) {
    if (!command->parsed()) return std::nullopt;
    auto options = ReadOptions(args);
    if (!options.ok()) {
      err << "supeval: " << options.error().ToString() << '\n';
      return kExitBadInput;
    }
    if (const core::Status ready = ProbeDatabase(args.db); !ready.ok()) {
      err << "supeval: --db: " << ready.error().ToString() << '\n';
      return ready.error().code == core::ErrorCode::kInternal ? kExitInternal : kExitBadInput;
    }
    auto sessions = ReadSessionOptions(args);
    if (!sessions.ok()) {
      err << "supeval: " << sessions.error().ToString() << '\n';
      return kExitBadInput;
    }
    // Read once: the evaluation's tables and the [contracts] table.
    auto rules = service::LoadContractRuleSet(args.rules.empty() ? std::nullopt
                                                                 : std::optional<std::filesystem::path>(args.rules));
    if (!rules.ok()) {
      err << "supeval: --rules: " << rules.error().ToString() << '\n';
      return kExitBadInput;
    }
    auto timezone = io::TimeZone::Load(args.timezone);
    if (!timezone.ok()) {
      err << "supeval: --timezone: " << timezone.error().ToString() << '\n';
      return kExitBadInput;
    }
    server::ApiOptions api_options;
    if (!args.letterhead.empty()) {
      auto letterhead = service::ReadLetterhead(args.letterhead);
      if (!letterhead.ok()) {
        err << "supeval: --letterhead: " << letterhead.error().ToString() << '\n';
        return kExitBadInput;
      }
      api_options.letterhead = std::move(*letterhead);
    }
    api_options.timezone = *timezone;
    api_options.db_url = args.db;
    api_options.sessions = *sessions;
    api_options.rules = rules->evaluation;
    api_options.contract_rules = rules->contracts;
    server::Api api(std::move(api_options));
    const std::string web_root = options->web_root;
    server::Server http(
        std::move(options).value(), api.Routes(), api.authenticator(), [db = args.db] { return ProbeDatabase(db); },
        std::cerr);
    auto address = http.Listen();
    if (!address.ok()) {
      err << "supeval: " << address.error().ToString() << '\n';
      return kExitBadInput;
    }
    const std::string_view scheme = args.tls_cert.empty() ? "http" : "https";
    out << "supeval: serving on " << scheme << "://" << *address << std::endl;
    if (const auto metrics = http.metrics_address()) out << "supeval: metrics on http://" << *metrics << std::endl;
    err << "supeval: time zone " << timezone->name() << "\n"
        << "supeval: front end " << (web_root.empty() ? "none" : web_root) << std::endl;
    // The hourly sweep (adjustment deadline notices), from the start; a failure is logged and tried again.
    std::jthread sweeper([&api, &err](const std::stop_token& stop) {
      std::mutex mutex;
      std::condition_variable_any wake;
      while (!stop.stop_requested()) {
        if (auto swept = api.SweepDeadlines(); !swept.ok()) {
          err << "supeval: deadline notices: " << swept.error().ToString() << std::endl;
        }
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, std::chrono::hours(1), [] { return false; });
      }
    });
    http.Run();
    return kExitOk;
  }

  CLI::App* command = nullptr;
  ServeArgs args;
};

ServeCommand::ServeCommand(CLI::App& app) : impl_(std::make_unique<Impl>(app)) {}
ServeCommand::~ServeCommand() = default;
std::optional<int> ServeCommand::Run(std::ostream& out, std::ostream& err) { return impl_->Run(out, err); }

}  // namespace supeval::cli
