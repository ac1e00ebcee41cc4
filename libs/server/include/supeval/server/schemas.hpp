// The named JSON Schemas of every request and answer body of the API
// (API.md, "Compatibility and the OpenAPI document"): the OpenAPI document's
// components.schemas, and what a route names as its request and answer
// (Route::bodies). Written once, as data, from the handlers' and the
// service's JSON functions; the whole-program test serve_schema_test holds
// every real answer to them (json_schema.hpp, closed objects), so a member
// added to an answer without its schema fails a test.
//
// Conventions of the schemas: an answer object requires every member it
// lists (the handlers always write them all; absent values are null,
// `type: [..., "null"]`); a request object has `additionalProperties: false`
// and requires what the handler requires (API.md, "Conventions": an unknown
// member is a 400).
//
// Thread-safety: the schemas are built once, on first use, and constant.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/server/json_schema.hpp"

namespace supeval::server {

// Every named schema, by name: {"Session": {...}, "Problem": {...}, ...};
// a `$ref` inside points to "#/components/schemas/NAME".
[[nodiscard]] const nlohmann::json& ApiSchemas();

// "#/components/schemas/NAME".
[[nodiscard]] std::string SchemaReference(std::string_view name);

// The errors of `value` against the named schema `name` (json_schema.hpp);
// a name ApiSchemas() lacks is one error.
[[nodiscard]] std::vector<SchemaError> ValidateAgainst(std::string_view name, const nlohmann::json& value);

}  // namespace supeval::server
