// The OpenAPI document, built from the route table and the policy table.
#include "supeval/server/openapi.hpp"

#include <algorithm>
#include <cctype>

#include "supeval/server/problem.hpp"

namespace supeval::server {
namespace {

std::string LowerMethod(std::string_view method) {
  std::string lower(method);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

nlohmann::json Parameter(std::string_view name, std::string_view where, nlohmann::json schema, bool required) {
  return {{"name", name}, {"in", where}, {"required", required}, {"schema", std::move(schema)}};
}

nlohmann::json Parameters(const Route& route) {
  nlohmann::json parameters = nlohmann::json::array();
  std::string_view pattern = route.pattern;
  for (std::size_t open = pattern.find('{'); open != std::string_view::npos; open = pattern.find('{', open + 1)) {
    const std::size_t close = pattern.find('}', open);
    parameters.push_back(Parameter(pattern.substr(open + 1, close - open - 1), "path", {{"type", "string"}}, true));
  }
  if (route.list) {
    parameters.push_back(
        Parameter("limit", "query", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 50}}, false));
    parameters.push_back(Parameter("offset", "query", {{"type", "integer"}, {"minimum", 0}, {"default", 0}}, false));
    if (route.list->sort != nullptr) {
      parameters.push_back(Parameter(
          "sort", "query", {{"type", "string"}, {"default", std::string(route.list->sort->default_order)}}, false));
    }
  }
  if (route.method == "POST" && route.use_case != service::UseCase::kLogin) {
    parameters.push_back(Parameter("Idempotency-Key", "header",
                                   {{"type", "string"}, {"minLength", 1}, {"maxLength", 255}, {"pattern", "^[!-~]+$"}},
                                   false));
  }
  return parameters;
}

nlohmann::json RequestBody(BodyKind kind) {
  nlohmann::json content;
  const nlohmann::json any_object = {{"type", "object"}};
  switch (kind) {
    case BodyKind::kNone:
      return nullptr;
    case BodyKind::kJson:
      content["application/json"] = {{"schema", any_object}};
      break;
    case BodyKind::kMergePatch:
      content["application/merge-patch+json"] = {{"schema", any_object}};
      content["application/json"] = {{"schema", any_object}};
      break;
    case BodyKind::kMultipart:
      content["multipart/form-data"] = {{"schema", any_object}};
      break;
  }
  return {{"required", true}, {"content", std::move(content)}};
}

nlohmann::json Operation(const Route& route) {
  const service::UseCasePolicy& policy = service::PolicyOf(route.use_case);
  nlohmann::json roles = nlohmann::json::array();
  for (std::string_view token : policy.access.Tokens()) roles.push_back(token);
  nlohmann::json operation = {
      {"operationId", policy.operation_id},
      {"summary", route.summary},
      {"x-roles", std::move(roles)},
      {"responses",
       {{"default",
         {{"description", "A problem (RFC 9457)"},
          {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}}}},
  };
  operation["responses"]["2XX"] = {{"description", "Success"}};
  if (policy.access.Has(service::Access::kPublic)) operation["security"] = nlohmann::json::array();
  if (policy.session_only) operation["x-session-only"] = true;
  if (nlohmann::json parameters = Parameters(route); !parameters.empty()) operation["parameters"] = parameters;
  if (nlohmann::json body = RequestBody(route.body); !body.is_null()) operation["requestBody"] = body;
  if (route.list && route.list->sort != nullptr) {
    const service::SortSpec& sort = *route.list->sort;
    operation["x-sort"] = {{"fields", std::vector<std::string>(sort.fields.begin(), sort.fields.end())},
                           {"default", std::string(sort.default_order)}};
  }
  return operation;
}

nlohmann::json Components() {
  nlohmann::json names = nlohmann::json::array();
  nlohmann::json types = nlohmann::json::array();
  for (const ProblemType& type : ProblemTypes()) {
    names.push_back("/api/v1/problems/" + std::string(type.name));
    types.push_back({{"name", type.name}, {"status", type.status}, {"title", type.title}});
  }
  nlohmann::json problem = {
      {"type", "object"},
      {"required", {"type", "title", "status", "detail", "instance"}},
      {"properties",
       {{"type", {{"type", "string"}, {"examples", names}}},
        {"title", {{"type", "string"}}},
        {"status", {{"type", "integer"}}},
        {"detail", {{"type", "string"}}},
        {"instance", {{"type", "string"}}},
        {"error_count", {{"type", "integer"}}},
        {"errors", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
      {"x-problem-types", std::move(types)},
  };
  return {
      {"schemas", {{"Problem", std::move(problem)}}},
      {"securitySchemes",
       {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", SessionCookieName(false)}}},
        {"token", {{"type", "http"}, {"scheme", "bearer"}}}}},
  };
}

}  // namespace

nlohmann::json OpenApiDocument(const RouteTable& routes, std::string_view version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& route : routes) paths[route.pattern][LowerMethod(route.method)] = Operation(route);
  return {
      {"openapi", "3.1.0"},
      {"info", {{"title", "supeval"}, {"version", version}}},
      {"servers", {{{"url", "/"}}}},
      {"security", {{{"session", nlohmann::json::array()}}, {{"token", nlohmann::json::array()}}}},
      {"paths", std::move(paths)},
      {"components", Components()},
  };
}

}  // namespace supeval::server
