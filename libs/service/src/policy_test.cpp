// The policy table against API.md's role tables, at every role token's edge.
#include "supeval/service/policy.hpp"

#include <gtest/gtest.h>

namespace supeval::service {
namespace {

Caller Make(Role role, bool via_token = false) {
  Caller caller;
  caller.user = "u";
  caller.display_name = "U";
  caller.role = role;
  if (role == Role::kSupplier) caller.supplier_id = "S00001";
  caller.via_token = via_token;
  return caller;
}

TEST(PolicyTest, TableHasOneRowPerUseCaseInEnumOrder) {
  const auto policies = Policies();
  for (std::size_t i = 0; i < policies.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(policies[i].use_case), i) << policies[i].operation_id;
  }
  EXPECT_EQ(policies.back().use_case, UseCase::kSupplierLetter);
}

TEST(PolicyTest, PublicNeedsNoLogin) {
  EXPECT_EQ(Authorize(nullptr, UseCase::kHealth), Decision::kAllowed);
  EXPECT_EQ(Authorize(nullptr, UseCase::kMetrics), Decision::kAllowed);
  EXPECT_EQ(Authorize(nullptr, UseCase::kLogin), Decision::kAllowed);
  EXPECT_EQ(Authorize(nullptr, UseCase::kRanking), Decision::kUnauthenticated);
  EXPECT_EQ(Authorize(nullptr, UseCase::kShowRules), Decision::kUnauthenticated);
}

TEST(PolicyTest, EachRoleTokenAtItsEdge) {
  struct Row {
    UseCase use_case;
    Decision admin, quality, purchasing, supplier;
  };
  constexpr auto kAllow = Decision::kAllowed;
  constexpr auto kDeny = Decision::kForbidden;
  const Row rows[] = {
      {UseCase::kShowRules, kAllow, kAllow, kAllow, kAllow},              // user
      {UseCase::kRanking, kAllow, kAllow, kAllow, kDeny},                 // staff
      {UseCase::kScorecard, kAllow, kAllow, kAllow, kAllow},              // staff, own
      {UseCase::kPublishRun, kAllow, kAllow, kDeny, kDeny},               // quality
      {UseCase::kListUsers, kAllow, kDeny, kDeny, kDeny},                 // admin
      {UseCase::kListAudit, kAllow, kDeny, kDeny, kDeny},                 // admin
      {UseCase::kSubmitAdjustment, kAllow, kAllow, kDeny, kAllow},        // own, quality
      {UseCase::kDecideAdjustment, kAllow, kAllow, kDeny, kDeny},         // quality
      {UseCase::kPostThreadMessage, kAllow, kAllow, kAllow, kAllow},      // staff, own
      {UseCase::kMarkNotificationsRead, kAllow, kAllow, kAllow, kAllow},  // user
      {UseCase::kPublishSettlement, kAllow, kDeny, kAllow, kDeny},        // purchasing
      {UseCase::kListContractFindings, kAllow, kAllow, kAllow, kDeny},    // staff
      {UseCase::kListSettlementLines, kAllow, kAllow, kAllow, kAllow},    // staff, own
      {UseCase::kShowEscalation, kAllow, kAllow, kAllow, kAllow},         // staff, own
      {UseCase::kDecideEscalation, kAllow, kAllow, kAllow, kDeny},        // staff
      {UseCase::kListSourcingRisks, kAllow, kAllow, kAllow, kDeny},       // staff
      {UseCase::kSupplierLetter, kAllow, kAllow, kAllow, kAllow},         // staff, own
  };
  for (const Row& row : rows) {
    const Caller admin = Make(Role::kAdmin), quality = Make(Role::kQuality), purchasing = Make(Role::kPurchasing),
                 supplier = Make(Role::kSupplier);
    const auto name = PolicyOf(row.use_case).operation_id;
    EXPECT_EQ(Authorize(&admin, row.use_case), row.admin) << name;
    EXPECT_EQ(Authorize(&quality, row.use_case), row.quality) << name;
    EXPECT_EQ(Authorize(&purchasing, row.use_case), row.purchasing) << name;
    EXPECT_EQ(Authorize(&supplier, row.use_case), row.supplier) << name;
  }
}

TEST(PolicyTest, AnApiTokenCannotManageTokensPasswordsOrSessions) {
  const Caller by_token = Make(Role::kAdmin, /*via_token=*/true);
  EXPECT_EQ(Authorize(&by_token, UseCase::kCreateToken), Decision::kForbidden);
  EXPECT_EQ(Authorize(&by_token, UseCase::kChangePassword), Decision::kForbidden);
  EXPECT_EQ(Authorize(&by_token, UseCase::kEndOtherSessions), Decision::kForbidden);
  EXPECT_EQ(Authorize(&by_token, UseCase::kRanking), Decision::kAllowed);
}

TEST(PolicyTest, RoleNamesRoundTrip) {
  for (Role role : {Role::kAdmin, Role::kQuality, Role::kPurchasing, Role::kSupplier}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_FALSE(ParseRole("Admin").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
}

TEST(PolicyTest, TokensListInApiOrder) {
  const AccessSet cell = Access::kOwn | Access::kStaff;
  EXPECT_EQ(cell.Tokens(), (std::vector<std::string_view>{"staff", "own"}));
}

TEST(PolicyTest, SupplierUsersAreScopedToTheirSupplier) {
  const SupplierScope own = ScopeOf(Make(Role::kSupplier));
  EXPECT_TRUE(own.Sees("S00001"));
  EXPECT_FALSE(own.Sees("S00002"));
  const SupplierScope staff = ScopeOf(Make(Role::kPurchasing));
  EXPECT_TRUE(staff.Sees("S00002"));
}

}  // namespace
}  // namespace supeval::service
