// The policy table (API.md, "Roles and scope") and the decision made from it.
#include "supeval/service/policy.hpp"

#include <array>
#include <cassert>

namespace supeval::service {
namespace {

constexpr std::array<std::string_view, 4> kRoleNames = {"admin", "quality", "purchasing", "supplier"};

// The role tokens in API.md's order, with the bit each is.
struct AccessToken {
  Access access;
  std::string_view name;
};
constexpr std::array<AccessToken, 7> kAccessTokens = {{
    {Access::kPublic, "public"},
    {Access::kUser, "user"},
    {Access::kStaff, "staff"},
    {Access::kQuality, "quality"},
    {Access::kPurchasing, "purchasing"},
    {Access::kAdmin, "admin"},
    {Access::kOwn, "own"},
}};

constexpr AccessSet kPublic = Access::kPublic;
constexpr AccessSet kUser = Access::kUser;
constexpr AccessSet kStaff = Access::kStaff;
constexpr AccessSet kStaffOrOwn = Access::kStaff | Access::kOwn;
constexpr AccessSet kQuality = Access::kQuality;
constexpr AccessSet kOwnOrQuality = Access::kQuality | Access::kOwn;
constexpr AccessSet kPurchasing = Access::kPurchasing;
constexpr AccessSet kAdmin = Access::kAdmin;
constexpr bool kSessionOnly = true;

// One row per UseCase, in enum order (checked by PolicyOf and the tests).
constexpr std::array kPolicies = {
    UseCasePolicy{UseCase::kHealth, "getHealth", kPublic},
    UseCasePolicy{UseCase::kReadiness, "getReadiness", kPublic},
    UseCasePolicy{UseCase::kOpenApi, "getOpenApi", kPublic},
    UseCasePolicy{UseCase::kMetrics, "getMetrics", kPublic},
    UseCasePolicy{UseCase::kLogin, "login", kPublic},
    UseCasePolicy{UseCase::kShowSession, "getSession", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kLogout, "logout", kPublic},
    UseCasePolicy{UseCase::kChangePassword, "changePassword", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kStartTotpEnrolment, "startTotpEnrolment", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kConfirmTotp, "confirmTotp", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kRemoveTotp, "removeTotp", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kListOwnSessions, "listOwnSessions", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kEndOtherSessions, "endOtherSessions", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kListPeriods, "listPeriods", kStaffOrOwn},
    UseCasePolicy{UseCase::kRanking, "getRanking", kStaff},
    UseCasePolicy{UseCase::kListSuppliers, "listSuppliers", kStaff},
    UseCasePolicy{UseCase::kShowSupplier, "getSupplier", kStaffOrOwn},
    UseCasePolicy{UseCase::kScorecard, "getScorecard", kStaffOrOwn},
    UseCasePolicy{UseCase::kSupplierDeliveries, "listSupplierDeliveries", kStaffOrOwn},
    UseCasePolicy{UseCase::kSupplierComplaints, "listSupplierComplaints", kStaffOrOwn},
    UseCasePolicy{UseCase::kSupplierEvents, "listSupplierEvents", kStaffOrOwn},
    UseCasePolicy{UseCase::kSupplierHolds, "listSupplierHolds", kStaffOrOwn},
    UseCasePolicy{UseCase::kListRuns, "listRuns", kStaff},
    UseCasePolicy{UseCase::kShowRun, "getRun", kStaff},
    UseCasePolicy{UseCase::kPublishRun, "publishRun", kQuality},
    UseCasePolicy{UseCase::kDiffRuns, "diffRuns", kStaff},
    UseCasePolicy{UseCase::kListBatches, "listBatches", kStaff},
    UseCasePolicy{UseCase::kShowBatch, "getBatch", kStaff},
    UseCasePolicy{UseCase::kImport, "importFiles", kQuality},
    UseCasePolicy{UseCase::kListHolds, "listHolds", kStaff},
    UseCasePolicy{UseCase::kShowHold, "getHold", kStaffOrOwn},
    UseCasePolicy{UseCase::kImposeHold, "imposeHold", kQuality},
    UseCasePolicy{UseCase::kWithdrawHold, "withdrawHold", kQuality},
    UseCasePolicy{UseCase::kShowRules, "getRules", kUser},
    UseCasePolicy{UseCase::kListUsers, "listUsers", kAdmin},
    UseCasePolicy{UseCase::kShowUser, "getUser", kAdmin},
    UseCasePolicy{UseCase::kCreateUser, "createUser", kAdmin},
    UseCasePolicy{UseCase::kUpdateUser, "updateUser", kAdmin},
    UseCasePolicy{UseCase::kEndUserSessions, "endUserSessions", kAdmin},
    UseCasePolicy{UseCase::kListTokens, "listTokens", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kCreateToken, "createToken", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kRevokeToken, "revokeToken", kUser, kSessionOnly},
    UseCasePolicy{UseCase::kListAudit, "listAudit", kAdmin},
    UseCasePolicy{UseCase::kShowComplaint, "getComplaint", kStaffOrOwn},
    UseCasePolicy{UseCase::kListAdjustments, "listAdjustments", kStaffOrOwn},
    UseCasePolicy{UseCase::kSubmitAdjustment, "submitAdjustment", kOwnOrQuality},
    UseCasePolicy{UseCase::kPutAdjustmentReport, "putAdjustmentReport", kOwnOrQuality},
    UseCasePolicy{UseCase::kGetAdjustmentReport, "getAdjustmentReport", kStaffOrOwn},
    UseCasePolicy{UseCase::kDecideAdjustment, "decideAdjustment", kQuality},
    UseCasePolicy{UseCase::kListThreads, "listThreads", kStaffOrOwn},
    UseCasePolicy{UseCase::kShowThread, "getThread", kStaffOrOwn},
    UseCasePolicy{UseCase::kListThreadMessages, "listThreadMessages", kStaffOrOwn},
    UseCasePolicy{UseCase::kShowThreadMessage, "getThreadMessage", kStaffOrOwn},
    UseCasePolicy{UseCase::kOpenThread, "openThread", kStaffOrOwn},
    UseCasePolicy{UseCase::kPostThreadMessage, "postThreadMessage", kStaffOrOwn},
    UseCasePolicy{UseCase::kMarkThreadRead, "markThreadRead", kStaffOrOwn},
    UseCasePolicy{UseCase::kListNotifications, "listNotifications", kUser},
    UseCasePolicy{UseCase::kMarkNotificationsRead, "markNotificationsRead", kUser},
    UseCasePolicy{UseCase::kListContracts, "listContracts", kStaffOrOwn},
    UseCasePolicy{UseCase::kShowContract, "getContract", kStaffOrOwn},
    UseCasePolicy{UseCase::kListContractFindings, "listContractFindings", kStaff},
    UseCasePolicy{UseCase::kPreviewContractSettlement, "getContractSettlement", kStaffOrOwn},
    UseCasePolicy{UseCase::kListContractKpis, "listContractKpis", kStaffOrOwn},
    UseCasePolicy{UseCase::kListSettlements, "listSettlements", kStaffOrOwn},
    UseCasePolicy{UseCase::kShowSettlement, "getSettlement", kStaffOrOwn},
    UseCasePolicy{UseCase::kListSettlementLines, "listSettlementLines", kStaffOrOwn},
    UseCasePolicy{UseCase::kPublishSettlement, "publishSettlement", kPurchasing},
    UseCasePolicy{UseCase::kListEscalations, "listEscalations", kStaffOrOwn},
    UseCasePolicy{UseCase::kShowEscalation, "getEscalation", kStaffOrOwn},
    UseCasePolicy{UseCase::kDecideEscalation, "decideEscalation", kStaff},
    UseCasePolicy{UseCase::kRecordEscalationHolds, "recordEscalationHolds", kStaff},
    UseCasePolicy{UseCase::kListSourcing, "listSourcing", kStaff},
    UseCasePolicy{UseCase::kListSourcingRisks, "listSourcingRisks", kStaff},
    UseCasePolicy{UseCase::kSupplierLetter, "getSupplierLetter", kStaffOrOwn},
};

// The role tokens each role satisfies, indexed by Role.
constexpr std::array<AccessSet, 4> kRoleAccess = {
    Access::kPublic | Access::kUser | Access::kStaff | Access::kQuality | Access::kPurchasing | Access::kAdmin,
    Access::kPublic | Access::kUser | Access::kStaff | Access::kQuality,
    Access::kPublic | Access::kUser | Access::kStaff | Access::kPurchasing,
    Access::kPublic | Access::kUser | Access::kOwn,
};

}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) { return kRoleNames.at(static_cast<std::size_t>(role)); }

bool IsStaff(Role role) { return role != Role::kSupplier; }

std::vector<std::string_view> AccessSet::Tokens() const {
  std::vector<std::string_view> tokens;
  for (const AccessToken& token : kAccessTokens) {
    if (Has(token.access)) tokens.push_back(token.name);
  }
  return tokens;
}

std::span<const UseCasePolicy> Policies() { return kPolicies; }

const UseCasePolicy& PolicyOf(UseCase use_case) {
  const UseCasePolicy& policy = kPolicies.at(static_cast<std::size_t>(use_case));
  assert(policy.use_case == use_case);
  return policy;
}

Decision Authorize(const Caller* caller, UseCase use_case) {
  const UseCasePolicy& policy = PolicyOf(use_case);
  if (policy.access.Has(Access::kPublic)) return Decision::kAllowed;
  if (caller == nullptr) return Decision::kUnauthenticated;
  if (policy.session_only && caller->via_token) return Decision::kForbidden;
  const AccessSet granted = kRoleAccess.at(static_cast<std::size_t>(caller->role));
  return policy.access.Intersects(granted) ? Decision::kAllowed : Decision::kForbidden;
}

SupplierScope ScopeOf(const Caller& caller) {
  if (caller.role == Role::kSupplier) {
    assert(caller.supplier_id.has_value());
    return SupplierScope{caller.supplier_id};
  }
  return SupplierScope{};
}

}  // namespace supeval::service
