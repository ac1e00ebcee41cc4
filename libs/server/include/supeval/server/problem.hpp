// Problem documents (RFC 9457; API.md, "Problems"): every answer of 400 or
// more is `{"type", "title", "status", "detail", "instance"}` with `type`
// `/api/v1/problems/NAME`. The names, their statuses and titles are one table
// here; a core::Error maps onto it by its `problem` name, else its code.
// Thread-safety: pure functions over constant data.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "supeval/core/result.hpp"
#include "supeval/server/routes.hpp"

namespace supeval::server {

struct ProblemType {
  std::string_view name;  // "not-found"
  unsigned status;        // its usual status (too-large: 413; the server also uses it for 431)
  std::string_view title;
};

// Every problem type of API.md, in its table's order.
[[nodiscard]] std::span<const ProblemType> ProblemTypes();

// The type named `name`; the "internal" one for a name not in the table.
[[nodiscard]] const ProblemType& ProblemTypeOf(std::string_view name);

// A problem answer: `status` (0: the type's own) with `detail`, for the
// request `request_id` (a UUID), with `errors` (API.md: at most 100 items of
// {"detail", "pointer" | "parameter"} or {"detail", "file", "line",
// "column"}) when not null, and `error_count` the total (default: the items
// given). Adds Retry-After to 429, 503 and import-in-progress.
[[nodiscard]] Reply ProblemReply(std::string_view name, std::string detail, std::string_view request_id,
                                 unsigned status = 0, nlohmann::json errors = nullptr,
                                 std::optional<std::uint64_t> error_count = std::nullopt);

// The answer to a handler's Error: the status of its `problem` name when the
// table has it, else of its code (kBadInput 400 invalid-request, kNotFound
// 404, kConflict 409, kRefused 422 rule-violation, kUnavailable 503,
// kInternal 500). A kInternal error says nothing of its message.
[[nodiscard]] Reply ProblemReplyFor(const core::Error& error, std::string_view request_id);

}  // namespace supeval::server
