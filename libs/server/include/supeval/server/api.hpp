// The API's routes (API.md): each maps HTTP onto one use case of the service
// and back — the session and the caller's own account, the users, tokens
// and audit log an administrator keeps, and the results (periods, ranking,
// suppliers, scorecards, runs). Who may call a route is the policy's to
// decide (service/policy.hpp), before the handler runs; the handlers only
// read the request, call the service with the caller, and write its answer.
//
// Every handler borrows a database connection from a pool shared by the
// server's threads, and all state lives in the database (sessions, tokens,
// throttle counts), so any number of `serve` processes can share one
// PostgreSQL database. The ranking cache is per process and only an
// optimisation: a published run never changes.
//
// Thread-safety: an Api is built once; its routes and authenticator are then
// used from all the server's threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "supeval/core/contracts/contract_rules.hpp"
#include "supeval/core/result.hpp"
#include "supeval/core/rules.hpp"
#include "supeval/io/time_zone.hpp"
#include "supeval/report/letter.hpp"
#include "supeval/server/authenticator.hpp"
#include "supeval/server/routes.hpp"
#include "supeval/service/sessions.hpp"

namespace supeval::server {

struct ApiOptions {
  std::string db_url;
  service::SessionOptions sessions;
  // The clock (whole seconds, UTC); the system clock when empty.
  std::function<service::Instant()> clock;
  // The rule set `POST /api/v1/runs` publishes with, imports check defect
  // codes and standards against, and `GET /api/v1/rules` shows (serve --rules).
  core::RuleSet rules = core::DefaultRuleSet();
  // The [contracts] table of serve --rules (contracts are settled with it
  // and `rules`); none: the defaults of CONTRACTS.md §12.
  std::optional<core::contracts::ContractRules> contract_rules;
  // The zone "today" is a date of (API.md, "Conventions: Time": the
  // adjustment deadline, confirmed_on): serve --timezone.
  io::TimeZone timezone = io::TimeZone::Utc();
  // Who writes the scorecard letters (serve --letterhead; docs/letters.md).
  report::Letterhead letterhead;
};

class Api {
 public:
  explicit Api(ApiOptions options);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;
  ~Api();

  // Every route built so far, for Server.
  [[nodiscard]] RouteTable Routes();
  // Sessions (the cookie) and API tokens (Bearer), from the database.
  [[nodiscard]] Authenticator& authenticator();
  // The periodic work of a serving process: the adjustment.deadline
  // notifications (service::NotifyAdjustmentDeadlines, "today" in the
  // time zone). How many complaints it notified; `serve` runs it at start
  // and hourly. Thread-safe like a request.
  [[nodiscard]] core::Result<std::int64_t> SweepDeadlines();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<Authenticator> authenticator_;
};

}  // namespace supeval::server
