#include "supeval/io/rules_json.hpp"

#include <gtest/gtest.h>

#include "supeval/io/rules_toml.hpp"

namespace supeval::io {
namespace {

TEST(RuleSetJson, MirrorsTheRuleFilesTables) {
  const core::RuleSet rules = core::DefaultRuleSet();
  const nlohmann::ordered_json json = RuleSetJson(rules);
  EXPECT_EQ(json["name"], rules.name);
  EXPECT_EQ(json["weights"]["quality"], 0.65);
  EXPECT_EQ(json["weights"]["delivery"], 0.35);
  EXPECT_EQ(json["quality"]["weights"]["qz1"], 0.5);
  EXPECT_EQ(json["quality"]["qz1"]["factor"], 1000);
  ASSERT_TRUE(json["eligibility"]["min_deliveries"].is_number_integer());
  EXPECT_EQ(json["eligibility"]["min_deliveries"], 3);
  ASSERT_TRUE(json["classes"].is_array());
  ASSERT_EQ(json["classes"].size(), rules.classes.size());
  EXPECT_EQ(json["classes"][0]["name"], rules.classes[0].name);
  ASSERT_TRUE(json["delivery"]["lz1"]["late"]["bands"].is_array());
  EXPECT_TRUE(json["delivery"]["lz1"]["late"]["bands"][0].contains("up_to"));
  ASSERT_TRUE(json["quality"]["qz2"]["defects"].is_array());
  EXPECT_EQ(json["quality"]["qz2"]["defects"].size(), rules.defects.size());
  EXPECT_TRUE(json["quality"]["qz2"]["commodities"].is_object());
}

// A value changed in the rule set is the value the JSON shows, a decimal
// as the number it is (10.5, not a string), and nothing else moves.
TEST(RuleSetJson, ShowsAnEditedRuleSetsOwnValues) {
  auto edited = ParseRuleSetToml("[eligibility]\nmin_deliveries = 0\n[quality.qz1]\nfactor = 10.5\n", "strict.toml");
  ASSERT_TRUE(edited.ok()) << edited.error().ToString();
  const nlohmann::ordered_json json = RuleSetJson(*edited);
  EXPECT_EQ(json["eligibility"]["min_deliveries"], 0);
  EXPECT_EQ(json["quality"]["qz1"]["factor"], 10.5);
  EXPECT_EQ(json["name"], edited->name);
  nlohmann::ordered_json defaults = RuleSetJson(core::DefaultRuleSet());
  defaults["eligibility"]["min_deliveries"] = 0;
  defaults["quality"]["qz1"]["factor"] = 10.5;
  defaults["name"] = edited->name;
  EXPECT_EQ(json, defaults);
}

}  // namespace
}  // namespace supeval::io
