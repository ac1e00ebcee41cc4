// The JSON Schema subset validator at the edge of each keyword it checks.
#include "supeval/server/json_schema.hpp"

#include <gtest/gtest.h>

namespace supeval::server {
namespace {

using Json = nlohmann::json;

// The pointers of the errors of `value` against `schema` (schemas under
// /components/schemas of a small document).
std::vector<std::string> Errors(const Json& schema, const Json& value, SchemaOptions options = {}) {
  static const Json kRoot = Json::parse(R"({"components": {"schemas": {
      "Id": {"type": "integer", "minimum": 1},
      "Loop": {"$ref": "#/components/schemas/Loop"}}}})");
  std::vector<std::string> pointers;
  for (const SchemaError& error : ValidateJson(kRoot, schema, value, options)) pointers.push_back(error.pointer);
  return pointers;
}

using Pointers = std::vector<std::string>;

TEST(JsonSchema, TypeIsOneNameOrAList) {
  EXPECT_EQ(Errors({{"type", "string"}}, "x"), Pointers{});
  EXPECT_EQ(Errors({{"type", "string"}}, nullptr), Pointers{""});
  EXPECT_EQ(Errors({{"type", {"string", "null"}}}, nullptr), Pointers{});
  EXPECT_EQ(Errors({{"type", {"string", "null"}}}, 1), Pointers{""});
  EXPECT_EQ(Errors({{"type", "boolean"}}, 0), Pointers{""});
  EXPECT_EQ(Errors({{"type", "object"}}, Json::array()), Pointers{""});
  EXPECT_EQ(Errors({{"type", "array"}}, Json::object()), Pointers{""});
}

TEST(JsonSchema, AnIntegerIsANumberWithoutAFraction) {
  EXPECT_EQ(Errors({{"type", "integer"}}, 3), Pointers{});
  EXPECT_EQ(Errors({{"type", "integer"}}, 3U), Pointers{});
  EXPECT_EQ(Errors({{"type", "integer"}}, 3.0), Pointers{});
  EXPECT_EQ(Errors({{"type", "integer"}}, 3.5), Pointers{""});
  EXPECT_EQ(Errors({{"type", "integer"}}, "3"), Pointers{""});
  EXPECT_EQ(Errors({{"type", "number"}}, 3), Pointers{});
  EXPECT_EQ(Errors({{"type", "number"}}, 3.5), Pointers{});
}

TEST(JsonSchema, MinimumAndMaximumIncludeTheirBound) {
  const Json schema = {{"type", "integer"}, {"minimum", 1}, {"maximum", 365}};
  EXPECT_EQ(Errors(schema, 0), Pointers{""});
  EXPECT_EQ(Errors(schema, 1), Pointers{});
  EXPECT_EQ(Errors(schema, 365), Pointers{});
  EXPECT_EQ(Errors(schema, 366), Pointers{""});
  EXPECT_EQ(Errors({{"minimum", 0}}, -0.5), Pointers{""});
}

TEST(JsonSchema, LengthsCountCodePoints) {
  const Json schema = {{"type", "string"}, {"minLength", 2}, {"maxLength", 3}};
  EXPECT_EQ(Errors(schema, "a"), Pointers{""});
  EXPECT_EQ(Errors(schema, "ab"), Pointers{});
  EXPECT_EQ(Errors(schema, "äöü"), Pointers{}) << "three characters, six bytes";
  EXPECT_EQ(Errors(schema, "abcd"), Pointers{""});
}

TEST(JsonSchema, EnumAndConst) {
  EXPECT_EQ(Errors({{"enum", {"a", "b", nullptr}}}, "b"), Pointers{});
  EXPECT_EQ(Errors({{"enum", {"a", "b", nullptr}}}, nullptr), Pointers{});
  EXPECT_EQ(Errors({{"enum", {"a", "b"}}}, "c"), Pointers{""});
  EXPECT_EQ(Errors({{"const", 204}}, 204), Pointers{});
  EXPECT_EQ(Errors({{"const", 204}}, 200), Pointers{""});
}

TEST(JsonSchema, ObjectsRequireTheirMembersAndCheckEach) {
  const Json schema = {{"type", "object"},
                       {"required", {"a"}},
                       {"properties", {{"a", {{"type", "string"}}}, {"b/c", {{"type", "integer"}}}}}};
  EXPECT_EQ(Errors(schema, {{"a", "x"}}), Pointers{});
  EXPECT_EQ(Errors(schema, Json::object()), Pointers{"/a"});
  EXPECT_EQ(Errors(schema, {{"a", 1}, {"b/c", "y"}}), (Pointers{"/a", "/b~1c"}));
  EXPECT_EQ(Errors(schema, {{"a", "x"}, {"other", 1}}), Pointers{}) << "open unless said";
}

TEST(JsonSchema, AdditionalPropertiesFalseOrASchema) {
  const Json closed = {{"type", "object"}, {"properties", {{"a", true}}}, {"additionalProperties", false}};
  EXPECT_EQ(Errors(closed, {{"a", 1}}), Pointers{});
  EXPECT_EQ(Errors(closed, {{"a", 1}, {"z", 1}}), Pointers{"/z"});
  const Json map = {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}};
  EXPECT_EQ(Errors(map, {{"x", 1}, {"y", "2"}}), Pointers{"/y"});
}

TEST(JsonSchema, ClosedObjectsRefuseUnlistedMembersUnlessOpenedExplicitly) {
  const SchemaOptions closed{.closed_objects = true};
  const Json schema = {{"type", "object"}, {"properties", {{"a", true}}}};
  EXPECT_EQ(Errors(schema, {{"a", 1}, {"z", 1}}, closed), Pointers{"/z"});
  EXPECT_EQ(Errors(schema, {{"a", 1}, {"z", 1}}), Pointers{});
  const Json open = {{"type", "object"}, {"properties", {{"a", true}}}, {"additionalProperties", true}};
  EXPECT_EQ(Errors(open, {{"a", 1}, {"z", 1}}, closed), Pointers{});
  EXPECT_EQ(Errors({{"type", "object"}}, {{"z", 1}}, closed), Pointers{}) << "no properties: any object";
}

TEST(JsonSchema, ItemsCheckEveryElement) {
  const Json schema = {{"type", "array"}, {"items", {{"type", "integer"}}}};
  EXPECT_EQ(Errors(schema, Json::array()), Pointers{});
  EXPECT_EQ(Errors(schema, {1, "2", 3, nullptr}), (Pointers{"/1", "/3"}));
}

TEST(JsonSchema, ReferencesResolveInTheRoot) {
  const Json schema = {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Id"}}}};
  EXPECT_EQ(Errors(schema, {1, 2}), Pointers{});
  EXPECT_EQ(Errors(schema, {1, 0}), Pointers{"/1"});
  EXPECT_EQ(Errors({{"$ref", "#/components/schemas/Nothing"}}, 1), Pointers{""}) << "names nothing";
  EXPECT_EQ(Errors({{"$ref", "https://example.org/s"}}, 1), Pointers{""}) << "not local";
  EXPECT_FALSE(Errors({{"$ref", "#/components/schemas/Loop"}}, 1).empty()) << "a loop ends";
}

TEST(JsonSchema, AnUnsupportedKeywordIsAnErrorAnAnnotationIsNot) {
  EXPECT_EQ(Errors({{"oneOf", Json::array()}}, 1), Pointers{""});
  EXPECT_EQ(Errors({{"minItems", 1}}, Json::array()), Pointers{""});
  EXPECT_EQ(Errors({{"pattern", "^a$"}}, "a"), Pointers{""}) << "not checked, so refused";
  EXPECT_EQ(Errors({{"description", "d"}, {"format", "date"}, {"examples", {1}}, {"x-sort", 1}}, 1), Pointers{});
}

TEST(JsonSchema, BooleanSchemas) {
  EXPECT_EQ(Errors(true, 1), Pointers{});
  EXPECT_EQ(Errors(false, 1), Pointers{""});
}

TEST(JsonSchema, ErrorsStopAtTheLimit) {
  const Json schema = {{"type", "array"}, {"items", {{"type", "string"}}}};
  EXPECT_EQ(ValidateJson(Json::object(), schema, {1, 2, 3}, {.max_errors = 2}).size(), 2U);
}

}  // namespace
}  // namespace supeval::server
