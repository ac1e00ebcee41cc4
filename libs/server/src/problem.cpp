// The problem types of API.md ("Problems") and the mapping of core::Error.
#include "supeval/server/problem.hpp"

#include <array>

namespace supeval::server {
namespace {

constexpr std::array<ProblemType, 28> kProblemTypes = {{
    {"malformed-json", 400, "The body is not JSON"},
    {"invalid-request", 400, "The request does not match its schema"},
    {"unauthenticated", 401, "Authentication required"},
    {"session-expired", 401, "The session has ended"},
    {"totp-required", 401, "A one-time code is required"},
    {"cross-origin", 403, "Cross-site request refused"},
    {"csrf", 403, "Missing or wrong CSRF token"},
    {"forbidden", 403, "Not allowed for this role"},
    {"password-change-required", 403, "The password must be changed first"},
    {"totp-enrolment-required", 403, "Two-factor authentication must be set up first"},
    {"wrong-password", 403, "Wrong current password"},
    {"not-found", 404, "Not found"},
    {"method-not-allowed", 405, "Method not allowed"},
    {"conflict", 409, "Conflict"},
    {"already-decided", 409, "Already decided"},
    {"already-withdrawn", 409, "Already withdrawn"},
    {"import-in-progress", 409, "An import is in progress"},
    {"idempotency-in-flight", 409, "A request with this Idempotency-Key is still running"},
    {"precondition-failed", 412, "Precondition failed"},
    {"too-large", 413, "Too large"},
    {"unsupported-media-type", 415, "Unsupported media type"},
    {"rule-violation", 422, "A rule refuses the request"},
    {"deadline-passed", 422, "The deadline has passed"},
    {"rejected-rows", 422, "Rows were refused"},
    {"idempotency-key-reused", 422, "Idempotency-Key reused with another body"},
    {"too-many-attempts", 429, "Too many attempts"},
    {"internal", 500, "Internal error"},
    {"unavailable", 503, "Service unavailable"},
}};

// The problem name of each ErrorCode, indexed by it.
constexpr std::array<std::string_view, 6> kCodeProblems = {
    "invalid-request",  // kBadInput
    "internal",         // kInternal
    "not-found",        // kNotFound
    "conflict",         // kConflict
    "rule-violation",   // kRefused
    "unavailable",      // kUnavailable
};

constexpr std::string_view kInternalDetail =
    "The server met an unexpected condition; the request id names it in the log.";
// How long a client waits before trying again after a 503 (seconds).
constexpr std::string_view kRetryAfterSeconds = "5";

const ProblemType* FindProblemType(std::string_view name) {
  for (const ProblemType& type : kProblemTypes) {
    if (type.name == name) return &type;
  }
  return nullptr;
}

}  // namespace

std::span<const ProblemType> ProblemTypes() { return kProblemTypes; }

const ProblemType& ProblemTypeOf(std::string_view name) {
  const ProblemType* type = FindProblemType(name);
  return type != nullptr ? *type : *FindProblemType("internal");
}

Reply ProblemReply(std::string_view name, std::string detail, std::string_view request_id, unsigned status,
                   nlohmann::json errors, std::optional<std::uint64_t> error_count) {
  const ProblemType& type = ProblemTypeOf(name);
  const unsigned answer_status = status != 0 ? status : type.status;
  nlohmann::json document = {
      {"type", "/api/v1/problems/" + std::string(type.name)},
      {"title", type.title},
      {"status", answer_status},
      {"detail", std::move(detail)},
      {"instance", "urn:uuid:" + std::string(request_id)},
  };
  if (!errors.is_null()) {
    document["error_count"] = error_count.value_or(errors.size());
    document["errors"] = std::move(errors);
  }
  Reply reply = Reply::Json(document, answer_status);
  reply.content_type = "application/problem+json";
  // A busy database, a throttle, a running import: each passes.
  if (answer_status == 503 || answer_status == 429 || type.name == "import-in-progress") {
    reply.headers.emplace_back("Retry-After", kRetryAfterSeconds);
  }
  return reply;
}

Reply ProblemReplyFor(const core::Error& error, std::string_view request_id) {
  if (error.code == core::ErrorCode::kInternal)
    return ProblemReply("internal", std::string(kInternalDetail), request_id);
  const auto code_index = static_cast<std::size_t>(error.code);
  std::string_view name = code_index < kCodeProblems.size() ? kCodeProblems[code_index] : "internal";
  if (!error.problem.empty() && FindProblemType(error.problem) != nullptr) name = error.problem;
  // A bad member or parameter is named in `errors` (API.md): a field that
  // starts with '/' is a JSON Pointer into the body, any other a parameter.
  nlohmann::json errors = nullptr;
  if (error.code == core::ErrorCode::kBadInput && !error.location.field.empty() && error.location.file.empty()) {
    const std::string_view kind = error.location.field.starts_with('/') ? "pointer" : "parameter";
    errors = nlohmann::json::array({{{"detail", error.message}, {std::string(kind), error.location.field}}});
  }
  return ProblemReply(name, error.ToString(), request_id, 0, std::move(errors));
}

}  // namespace supeval::server
