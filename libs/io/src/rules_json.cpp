// The rule set as JSON: the rule file's text read back by toml++ and each of
// its nodes mapped onto JSON, so that the layout is the file's by
// construction and cannot drift from it.
#include "supeval/io/rules_json.hpp"

#include <toml++/toml.h>
#include <sstream>

#include "supeval/io/rules_toml.hpp"

namespace supeval::io {
namespace {

using Json = nlohmann::ordered_json;

Json NodeJson(const toml::node& node);

Json TableJson(const toml::table& table) {
  Json object = Json::object();
  for (const auto& [key, value] : table) object[std::string(key.str())] = NodeJson(value);
  return object;
}

Json NodeJson(const toml::node& node) {
  if (const auto* table = node.as_table()) return TableJson(*table);
  if (const auto* array = node.as_array()) {
    Json items = Json::array();
    for (const toml::node& item : *array) items.push_back(NodeJson(item));
    return items;
  }
  if (const auto* integer = node.as_integer()) return integer->get();
  if (const auto* number = node.as_floating_point()) return number->get();
  if (const auto* flag = node.as_boolean()) return flag->get();
  if (const auto* text = node.as_string()) return text->get();
  // Dates and times: the writer uses none; kept as their TOML text.
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

}  // namespace

nlohmann::ordered_json RuleSetJson(const core::RuleSet& rules) {
  try {
    return TableJson(toml::parse(WriteRuleSetToml(rules)));
  } catch (const toml::parse_error&) {
    // The writer's own text always parses; a rule set it cannot write is
    // the caller's broken invariant (see the header).
    return Json::object();
  }
}

}  // namespace supeval::io
