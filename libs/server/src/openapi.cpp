// The OpenAPI document, built from the route table and the policy table.
#include "supeval/server/openapi.hpp"

#include <algorithm>
#include <cctype>

#include "supeval/report/workbook.hpp"
#include "supeval/server/schemas.hpp"

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
  if (route.workbook) {
    parameters.push_back(
        Parameter("format", "query", {{"type", "string"}, {"enum", {"json", "xlsx"}}, {"default", "json"}}, false));
  }
  if (route.method == "POST" && route.use_case != service::UseCase::kLogin) {
    parameters.push_back(Parameter("Idempotency-Key", "header",
                                   {{"type", "string"}, {"minLength", 1}, {"maxLength", 255}, {"pattern", "^[!-~]+$"}},
                                   false));
  }
  return parameters;
}

// A media type's entry naming schema `name` (none when there is no name).
nlohmann::json SchemaOf(std::string_view name) {
  if (name.empty()) return nlohmann::json::object();
  return {{"schema", {{"$ref", SchemaReference(name)}}}};
}

// The media types a route's body may come in, each with its named schema.
nlohmann::json RequestBody(const Route& route) {
  nlohmann::json content;
  const nlohmann::json schema = SchemaOf(route.bodies.request);
  switch (route.body) {
    case BodyKind::kNone:
      return nullptr;
    case BodyKind::kJson:
      content["application/json"] = schema;
      break;
    case BodyKind::kMergePatch:
      content["application/merge-patch+json"] = schema;
      content["application/json"] = schema;
      break;
    case BodyKind::kMultipart:
      content["multipart/form-data"] = schema;
      break;
    case BodyKind::kFile:
      for (const char* type : {"application/pdf", "image/png", "image/jpeg"}) content[type] = schema;
      break;
  }
  return {{"required", true}, {"content", std::move(content)}};
}

// The success answers: the status with its named schema (JSON, or plain
// text for a string schema such as /healthz's), or 204 without a body.
nlohmann::json Responses(const Route& route) {
  nlohmann::json responses = {
      {"default",
       {{"description", "A problem (RFC 9457)"}, {"content", {{"application/problem+json", SchemaOf("Problem")}}}}}};
  nlohmann::json success = {{"description", route.summary.empty() ? "Success" : route.summary}};
  if (!route.bodies.answer.empty()) {
    const nlohmann::json& answer = ApiSchemas().at(std::string(route.bodies.answer));
    const bool text = answer.value("type", "") == "string";
    if (answer.contains("x-media-types")) {  // a file (an adjustment report)
      for (const auto& type : answer["x-media-types"])
        success["content"][type.get<std::string>()] = SchemaOf(route.bodies.answer);
    } else {
      success["content"][text ? "text/plain" : "application/json"] = SchemaOf(route.bodies.answer);
    }
  }
  if (route.workbook) success["content"][report::kXlsxMediaType] = SchemaOf("Workbook");
  for (const unsigned status : {route.bodies.status, route.bodies.also_status}) {
    if (status != 0) responses[std::to_string(status)] = success;
  }
  return responses;
}

nlohmann::json Operation(const Route& route) {
  const service::UseCasePolicy& policy = service::PolicyOf(route.use_case);
  nlohmann::json roles = nlohmann::json::array();
  for (std::string_view token : policy.access.Tokens()) roles.push_back(token);
  nlohmann::json operation = {
      {"operationId", policy.operation_id},
      {"summary", route.summary},
      {"x-roles", std::move(roles)},
      {"responses", Responses(route)},
  };
  if (policy.access.Has(service::Access::kPublic)) operation["security"] = nlohmann::json::array();
  if (policy.session_only) operation["x-session-only"] = true;
  if (nlohmann::json parameters = Parameters(route); !parameters.empty()) operation["parameters"] = parameters;
  if (nlohmann::json body = RequestBody(route); !body.is_null()) operation["requestBody"] = body;
  if (route.list && route.list->sort != nullptr) {
    const service::SortSpec& sort = *route.list->sort;
    operation["x-sort"] = {{"fields", std::vector<std::string>(sort.fields.begin(), sort.fields.end())},
                           {"default", std::string(sort.default_order)}};
  }
  return operation;
}

nlohmann::json Components() {
  return {
      {"schemas", ApiSchemas()},
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
