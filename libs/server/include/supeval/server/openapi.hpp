// The OpenAPI 3.1 document of the API listener (API.md, "Compatibility and
// the OpenAPI document"), generated from the route table and the policy
// table, so that the document, the real routes and the role check cannot
// drift apart.
// Thread-safety: a pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "supeval/server/routes.hpp"

namespace supeval::server {

// Every route of `routes` under its full path, per operation its
// operationId and x-roles from the policy, x-sort for lists, `security: []`
// for public ones, its request body and success answer as `$ref`s to the
// named schemas of Route::bodies under its real status (200, 201, 204), a
// problem as the default answer; components.schemas = ApiSchemas() (with
// the problem types); info.version = `version`.
[[nodiscard]] nlohmann::json OpenApiDocument(const RouteTable& routes, std::string_view version);

}  // namespace supeval::server
