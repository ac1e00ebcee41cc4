// A JSON Schema (2020-12) validator for the subset the API's schemas use
// (schemas.hpp): `type` (one name or a list; "integer" also takes a number
// with no fraction), `properties`, `required`, `additionalProperties`
// (a boolean or a schema), `items`, `enum`, `const`, `$ref` (local, "#/..."),
// `minimum`, `maximum`, `minLength` and `maxLength` (in code points); not
// `pattern` (std::regex trips g++ 12's -Wmaybe-uninitialized in optimised
// builds). Annotations (`description`, `format`, `examples`,
// `default`, `title`, `x-*`) are ignored; any other keyword is reported as an
// error rather than silently passed, so a schema cannot claim more than it
// checks.
//
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace supeval::server {

struct SchemaError {
  std::string pointer;  // JSON Pointer into the value ("" for the value itself)
  std::string detail;   // what is wrong there ("is required"); never the value itself, which may be a secret
};

struct SchemaOptions {
  // Objects whose schema says nothing of additionalProperties take no
  // member it does not list: what a test uses to prove that an answer has
  // no member its schema forgot (clients themselves must ignore unknown
  // members, API.md "Compatibility").
  bool closed_objects = false;
  // Errors beyond this many are not collected (API.md: at most 100 listed).
  std::size_t max_errors = 100;
};

// The errors of `value` against `schema`, none when it is valid; a `$ref`
// is resolved as a JSON Pointer into `root` (the document holding the
// schemas, e.g. the OpenAPI document). A $ref that names nothing, or a
// keyword outside the subset, is an error at the value's pointer.
[[nodiscard]] std::vector<SchemaError> ValidateJson(const nlohmann::json& root, const nlohmann::json& schema,
                                                    const nlohmann::json& value, const SchemaOptions& options = {});

}  // namespace supeval::server
