// The OpenAPI document against the route table and the policy table, both
// ways, and the problem types against API.md's table.
#include "supeval/server/openapi.hpp"

#include <gtest/gtest.h>

#include <set>

#include "supeval/server/problem.hpp"

namespace supeval::server {
namespace {

using service::UseCase;

core::Result<Reply> Nothing(const Request&) { return Reply::NoContent(); }

const service::SortSpec kSuppliersSort{{"supplier_id", "name"}, "supplier_id", "supplier_id"};

RouteTable SampleRoutes() {
  return {
      {"GET", "/healthz", UseCase::kHealth, Nothing, BodyKind::kNone, std::nullopt, "health", {"", "HealthText"}},
      {"GET", "/api/v1/suppliers", UseCase::kListSuppliers, Nothing, BodyKind::kNone, ListSpec{&kSuppliersSort},
       "suppliers"},
      {"GET", "/api/v1/suppliers/{id}/scorecard", UseCase::kScorecard, Nothing, BodyKind::kNone, std::nullopt, ""},
      {"POST",
       "/api/v1/holds",
       UseCase::kImposeHold,
       Nothing,
       BodyKind::kJson,
       std::nullopt,
       "",
       {"ImposeHoldRequest", "Hold", 201}},
      {"PATCH",
       "/api/v1/users/{name}",
       UseCase::kUpdateUser,
       Nothing,
       BodyKind::kMergePatch,
       std::nullopt,
       "",
       {"UserPatch", "UserWithPassword"}},
      {"GET", "/api/v1/tokens", UseCase::kListTokens, Nothing, BodyKind::kNone, std::nullopt, ""},
      {"DELETE",
       "/api/v1/tokens/{id}",
       UseCase::kRevokeToken,
       Nothing,
       BodyKind::kNone,
       std::nullopt,
       "",
       {"", "", 204}},
      {"POST",
       "/api/v1/imports",
       UseCase::kImport,
       Nothing,
       BodyKind::kMultipart,
       std::nullopt,
       "",
       {"ImportFiles", "ImportResult", 201, 200}},
  };
}

TEST(OpenApi, ListsEveryRouteAndNothingElse) {
  const RouteTable routes = SampleRoutes();
  const nlohmann::json document = OpenApiDocument(routes, "1.2.3");
  std::set<std::pair<std::string, std::string>> in_table;
  for (const Route& route : routes) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    in_table.emplace(route.pattern, method);
  }
  std::set<std::pair<std::string, std::string>> in_document;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) in_document.emplace(path, method);
  }
  EXPECT_EQ(in_table, in_document);
}

TEST(OpenApi, OperationsCarryThePolicy) {
  const nlohmann::json document = OpenApiDocument(SampleRoutes(), "1.2.3");
  EXPECT_EQ(document["openapi"], "3.1.0");
  EXPECT_EQ(document["info"]["version"], "1.2.3");
  EXPECT_EQ(document["servers"], nlohmann::json::parse(R"([{"url": "/"}])"));
  const nlohmann::json& paths = document["paths"];
  EXPECT_EQ(paths["/healthz"]["get"]["operationId"], "getHealth");
  EXPECT_EQ(paths["/healthz"]["get"]["x-roles"], nlohmann::json::array({"public"}));
  EXPECT_EQ(paths["/healthz"]["get"]["security"], nlohmann::json::array());
  const nlohmann::json& scorecard = paths["/api/v1/suppliers/{id}/scorecard"]["get"];
  EXPECT_EQ(scorecard["operationId"], "getScorecard");
  EXPECT_EQ(scorecard["x-roles"], nlohmann::json::array({"staff", "own"}));
  EXPECT_FALSE(scorecard.contains("security")) << "the document's default: a session or a token";
  EXPECT_EQ(scorecard["parameters"][0]["name"], "id");
  EXPECT_EQ(scorecard["parameters"][0]["in"], "path");
  const nlohmann::json& list = paths["/api/v1/suppliers"]["get"];
  EXPECT_EQ(list["x-sort"]["fields"], nlohmann::json::array({"supplier_id", "name"}));
  EXPECT_EQ(list["x-sort"]["default"], "supplier_id");
  EXPECT_EQ(list["parameters"].size(), 3U);
  EXPECT_TRUE(paths["/api/v1/holds"]["post"]["requestBody"]["content"].contains("application/json"));
  EXPECT_TRUE(
      paths["/api/v1/users/{name}"]["patch"]["requestBody"]["content"].contains("application/merge-patch+json"));
  EXPECT_EQ(paths["/api/v1/tokens"]["get"]["x-session-only"], true);
}

std::string RefOf(const nlohmann::json& media) { return media["schema"].value("$ref", ""); }

TEST(OpenApi, BodiesAndAnswersReferToTheirNamedSchemas) {
  const nlohmann::json document = OpenApiDocument(SampleRoutes(), "1");
  const nlohmann::json& paths = document["paths"];
  const nlohmann::json& impose = paths["/api/v1/holds"]["post"];
  EXPECT_EQ(RefOf(impose["requestBody"]["content"]["application/json"]), "#/components/schemas/ImposeHoldRequest");
  EXPECT_EQ(RefOf(impose["responses"]["201"]["content"]["application/json"]), "#/components/schemas/Hold");
  EXPECT_FALSE(impose["responses"].contains("200"));
  EXPECT_EQ(RefOf(impose["responses"]["default"]["content"]["application/problem+json"]),
            "#/components/schemas/Problem");
  const nlohmann::json& patch = paths["/api/v1/users/{name}"]["patch"];
  for (const char* type : {"application/json", "application/merge-patch+json"}) {
    EXPECT_EQ(RefOf(patch["requestBody"]["content"][type]), "#/components/schemas/UserPatch") << type;
  }
  EXPECT_EQ(RefOf(patch["responses"]["200"]["content"]["application/json"]), "#/components/schemas/UserWithPassword");
  const nlohmann::json& revoke = paths["/api/v1/tokens/{id}"]["delete"]["responses"];
  EXPECT_TRUE(revoke.contains("204"));
  EXPECT_FALSE(revoke["204"].contains("content")) << "204 has no body";
  EXPECT_EQ(RefOf(paths["/healthz"]["get"]["responses"]["200"]["content"]["text/plain"]),
            "#/components/schemas/HealthText");
  const nlohmann::json& import = paths["/api/v1/imports"]["post"];
  EXPECT_EQ(RefOf(import["requestBody"]["content"]["multipart/form-data"]), "#/components/schemas/ImportFiles");
  EXPECT_EQ(import["responses"]["201"], import["responses"]["200"]) << "a dry run answers 200, the same schema";
}

// Every "$ref" under `node`, with where it is.
void CollectReferences(const nlohmann::json& node, const std::string& at,
                       std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) out.emplace_back(at, value.get<std::string>());
      CollectReferences(value, at + "/" + key, out);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) CollectReferences(node[i], at + "/" + std::to_string(i), out);
  }
}

TEST(OpenApi, EveryReferenceNamesASchema) {
  const nlohmann::json document = OpenApiDocument(SampleRoutes(), "1");
  std::vector<std::pair<std::string, std::string>> references;
  CollectReferences(document, "", references);
  EXPECT_GT(references.size(), 50U);
  for (const auto& [at, reference] : references) {
    ASSERT_TRUE(reference.starts_with("#/")) << at;
    EXPECT_TRUE(document.contains(nlohmann::json::json_pointer(reference.substr(1)))) << at << ": " << reference;
  }
}

TEST(OpenApi, NullableMembersAreTypeListsAndRequestsAreClosed) {
  const nlohmann::json document = OpenApiDocument({}, "1");
  const nlohmann::json& schemas = document["components"]["schemas"];
  EXPECT_EQ(schemas["Session"]["properties"]["supplier_id"]["type"], nlohmann::json::array({"string", "null"}));
  EXPECT_EQ(schemas["Session"]["properties"]["required_action"]["enum"],
            nlohmann::json::array({"change-password", "enrol-totp", nullptr}));
  EXPECT_EQ(schemas["Result"]["properties"]["total"]["type"], nlohmann::json::array({"number", "null"}));
  for (const char* request : {"LoginRequest", "PasswordChange", "PasswordConfirmation", "TotpConfirmation",
                              "TotpRemoval", "CreateUserRequest", "UserPatch", "CreateTokenRequest",
                              "PublishRunRequest", "ImposeHoldRequest", "WithdrawHoldRequest"}) {
    EXPECT_EQ(schemas[request]["additionalProperties"], false) << request;
  }
  EXPECT_EQ(schemas["LoginRequest"]["required"], nlohmann::json::array({"username", "password"}));
}

TEST(OpenApi, DescribesEveryProblemType) {
  const nlohmann::json document = OpenApiDocument({}, "1");
  const nlohmann::json& types = document["components"]["schemas"]["Problem"]["x-problem-types"];
  EXPECT_EQ(types.size(), ProblemTypes().size());
}

TEST(Problems, MapErrorCodesToStatusesAndNames) {
  struct Case {
    core::Error error;
    unsigned status;
    std::string_view type;
  };
  const std::vector<Case> cases = {
      {core::BadInput("bad"), 400, "invalid-request"},
      {core::Failure(core::ErrorCode::kNotFound, "x"), 404, "not-found"},
      {core::Failure(core::ErrorCode::kConflict, "x"), 409, "conflict"},
      {core::Failure(core::ErrorCode::kConflict, "x", "import-in-progress"), 409, "import-in-progress"},
      {core::Failure(core::ErrorCode::kRefused, "x"), 422, "rule-violation"},
      {core::Failure(core::ErrorCode::kRefused, "x", "deadline-passed"), 422, "deadline-passed"},
      {core::Failure(core::ErrorCode::kRefused, "x", "wrong-password"), 403, "wrong-password"},
      {core::Failure(core::ErrorCode::kUnavailable, "x"), 503, "unavailable"},
      {core::Failure(core::ErrorCode::kConflict, "x", "no-such-name"), 409, "conflict"},
      {core::Internal("secret"), 500, "internal"},
  };
  for (const Case& c : cases) {
    const Reply reply = ProblemReplyFor(c.error, "id");
    EXPECT_EQ(reply.status, c.status) << c.type;
    EXPECT_EQ(reply.content_type, "application/problem+json");
    const nlohmann::json body = nlohmann::json::parse(reply.body);
    EXPECT_EQ(body["type"], "/api/v1/problems/" + std::string(c.type));
    EXPECT_EQ(body["status"], c.status);
    EXPECT_EQ(body["instance"], "urn:uuid:id");
  }
  EXPECT_EQ(ProblemReplyFor(core::Internal("secret"), "id").body.find("secret"), std::string::npos);
}

TEST(Problems, RetryAfterComesWith503And429) {
  const auto retry_after = [](const Reply& reply) {
    for (const auto& [name, value] : reply.headers) {
      if (name == "Retry-After") return value;
    }
    return std::string();
  };
  EXPECT_EQ(retry_after(ProblemReply("unavailable", "x", "id")), "5");
  EXPECT_EQ(retry_after(ProblemReply("too-many-attempts", "x", "id")), "5");
  EXPECT_EQ(retry_after(ProblemReply("conflict", "x", "id")), "");
}

}  // namespace
}  // namespace supeval::server
