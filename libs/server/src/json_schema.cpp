// The JSON Schema subset validator (json_schema.hpp): one recursive walk of
// value and schema together, errors collected with the value's pointer.
#include "supeval/server/json_schema.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace supeval::server {
namespace {

using Json = nlohmann::json;

// Keywords that say nothing about validity.
constexpr std::array<std::string_view, 7> kAnnotations = {"description", "format",   "examples", "default",
                                                          "title",       "readOnly", "$comment"};
// Keywords this validator checks.
constexpr std::array<std::string_view, 12> kAssertions = {"type",    "properties", "required",  "additionalProperties",
                                                          "items",   "enum",       "const",     "$ref",
                                                          "minimum", "maximum",    "minLength", "maxLength"};
// A chain of $refs deeper than this is a loop.
constexpr int kMaxDepth = 64;

bool Known(std::string_view keyword) {
  const auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), keyword) != list.end(); };
  return in(kAnnotations) || in(kAssertions) || keyword.starts_with("x-");
}

std::string Escaped(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool IsInteger(const Json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && std::floor(number) == number;
}

bool HasType(const Json& value, std::string_view type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "number") return value.is_number();
  if (type == "integer") return IsInteger(value);
  return false;
}

std::size_t CodePoints(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

class Validator {
 public:
  Validator(const Json& root, const SchemaOptions& options) : root_(root), options_(options) {}

  void Check(const Json& schema, const Json& value, const std::string& pointer, int depth) {
    if (errors_.size() >= options_.max_errors) return;
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) Fail(pointer, "no value is allowed here");
      return;
    }
    if (!schema.is_object()) return Fail(pointer, "the schema is not an object");
    for (const auto& [keyword, ignored] : schema.items()) {
      if (!Known(keyword)) Fail(pointer, "the schema's keyword '" + keyword + "' is not supported");
    }
    if (const auto ref = schema.find("$ref"); ref != schema.end()) CheckReference(*ref, value, pointer, depth);
    if (const auto type = schema.find("type"); type != schema.end() && !CheckType(*type, value, pointer)) return;
    CheckValue(schema, value, pointer);
    if (value.is_string()) CheckString(schema, value.get_ref<const std::string&>(), pointer);
    if (value.is_number()) CheckNumber(schema, value.get<double>(), pointer);
    if (value.is_object()) CheckObject(schema, value, pointer, depth);
    if (value.is_array()) CheckArray(schema, value, pointer, depth);
  }

  std::vector<SchemaError> Take() && { return std::move(errors_); }

 private:
  void Fail(const std::string& pointer, std::string detail) {
    if (errors_.size() < options_.max_errors) errors_.push_back({pointer, std::move(detail)});
  }

  void CheckReference(const Json& ref, const Json& value, const std::string& pointer, int depth) {
    if (depth >= kMaxDepth) return Fail(pointer, "$ref nests too deep (a loop?)");
    if (!ref.is_string() || !ref.get_ref<const std::string&>().starts_with("#")) {
      return Fail(pointer, "$ref " + ref.dump() + " is not local");
    }
    const std::string target = ref.get<std::string>().substr(1);
    try {
      const Json::json_pointer where(target);
      if (!root_.contains(where)) return Fail(pointer, "$ref " + ref.dump() + " names nothing");
      Check(root_.at(where), value, pointer, depth + 1);
    } catch (const Json::exception&) {
      Fail(pointer, "$ref " + ref.dump() + " is not a JSON Pointer");
    }
  }

  bool CheckType(const Json& type, const Json& value, const std::string& pointer) {
    const Json types = type.is_array() ? type : Json::array({type});
    for (const Json& name : types) {
      if (name.is_string() && HasType(value, name.get<std::string>())) return true;
    }
    Fail(pointer, "is " + std::string(value.type_name()) + ", expected " + type.dump());
    return false;
  }

  void CheckValue(const Json& schema, const Json& value, const std::string& pointer) {
    if (const auto options = schema.find("enum"); options != schema.end()) {
      if (!options->is_array() || std::find(options->begin(), options->end(), value) == options->end()) {
        Fail(pointer, "is not one of " + options->dump());
      }
    }
    if (const auto constant = schema.find("const"); constant != schema.end() && *constant != value) {
      Fail(pointer, "is not " + constant->dump());
    }
  }

  void CheckString(const Json& schema, const std::string& text, const std::string& pointer) {
    const std::size_t length = CodePoints(text);
    if (const auto least = schema.find("minLength"); least != schema.end() && length < least->get<std::size_t>()) {
      Fail(pointer, "is shorter than " + least->dump() + " characters");
    }
    if (const auto most = schema.find("maxLength"); most != schema.end() && length > most->get<std::size_t>()) {
      Fail(pointer, "is longer than " + most->dump() + " characters");
    }
  }

  void CheckNumber(const Json& schema, double number, const std::string& pointer) {
    if (const auto least = schema.find("minimum"); least != schema.end() && number < least->get<double>()) {
      Fail(pointer, "is less than " + least->dump());
    }
    if (const auto most = schema.find("maximum"); most != schema.end() && number > most->get<double>()) {
      Fail(pointer, "is more than " + most->dump());
    }
  }

  void CheckObject(const Json& schema, const Json& value, const std::string& pointer, int depth) {
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    if (const auto required = schema.find("required"); required != schema.end()) {
      for (const Json& name : *required) {
        if (!value.contains(name.get<std::string>())) {
          Fail(pointer + "/" + Escaped(name.get<std::string>()), "is required");
        }
      }
    }
    for (const auto& [name, member] : value.items()) {
      const std::string at = pointer + "/" + Escaped(name);
      if (properties != schema.end() && properties->contains(name)) {
        Check(properties->at(name), member, at, depth);
      } else if (additional != schema.end() && *additional == false) {
        Fail(at, "is not a member of this object");
      } else if (additional != schema.end()) {
        Check(*additional, member, at, depth);
      } else if (options_.closed_objects && properties != schema.end()) {
        Fail(at, "is not a member of this object");
      }
    }
  }

  void CheckArray(const Json& schema, const Json& value, const std::string& pointer, int depth) {
    const auto items = schema.find("items");
    if (items == schema.end()) return;
    for (std::size_t i = 0; i < value.size(); ++i) Check(*items, value[i], pointer + "/" + std::to_string(i), depth);
  }

  const Json& root_;
  const SchemaOptions& options_;
  std::vector<SchemaError> errors_;
};

}  // namespace

std::vector<SchemaError> ValidateJson(const nlohmann::json& root, const nlohmann::json& schema,
                                      const nlohmann::json& value, const SchemaOptions& options) {
  Validator validator(root, options);
  validator.Check(schema, value, "", 0);
  return std::move(validator).Take();
}

}  // namespace supeval::server
