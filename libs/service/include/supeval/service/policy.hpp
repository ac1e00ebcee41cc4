// Policy: the one place that decides who may do what (API.md, "Roles and
// scope"). Every use case of the service has an entry in one table — its
// name (the OpenAPI operationId) and the role tokens that may call it — and
// every caller, the server's handlers and the CLI alike, asks Authorize()
// before running it. Handlers never test roles themselves; the OpenAPI
// document's `x-roles` is read from this table, so the contract, the check and
// the route × role test cannot drift apart.
//
// A supplier user is further scoped to its own supplier: ScopeOf() gives the
// supplier filter every query of its request must apply.
//
// Thread-safety: pure functions over constant data.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace supeval::service {

// The roles of a user account.
enum class Role : std::uint8_t { kAdmin, kQuality, kPurchasing, kSupplier };

// "admin", "quality", "purchasing", "supplier"; nullopt for anything else.
[[nodiscard]] std::optional<Role> ParseRole(std::string_view name);
[[nodiscard]] std::string_view RoleName(Role role);
[[nodiscard]] bool IsStaff(Role role);

// Who makes a request: a logged-in user (session or API token), or, for the
// CLI, the operating-system user acting as an administrator of the database.
struct Caller {
  std::string user;          // login name (the OS user for the CLI)
  std::string display_name;  // what other parties see
  Role role = Role::kAdmin;
  std::optional<std::string> supplier_id;  // set exactly when role == kSupplier
  std::optional<std::string> address;      // the client address; none for the CLI
  bool via_token = false;                  // authenticated by an API token, not a session
};

// The role tokens of API.md's tables (and of OpenAPI's x-roles).
enum class Access : std::uint8_t {
  kPublic = 1 << 0,      // no login needed
  kUser = 1 << 1,        // any logged-in user
  kStaff = 1 << 2,       // admin, quality, purchasing
  kQuality = 1 << 3,     // quality and admin
  kPurchasing = 1 << 4,  // purchasing and admin
  kAdmin = 1 << 5,       // admin only
  kOwn = 1 << 6,         // a supplier user, about its own supplier
};

// A set of role tokens: a route's role cell.
class AccessSet {
 public:
  constexpr AccessSet() = default;
  constexpr AccessSet(Access access) : bits_(static_cast<std::uint8_t>(access)) {}  // NOLINT: implicit on purpose
  constexpr AccessSet operator|(AccessSet other) const { return AccessSet(bits_ | other.bits_); }
  [[nodiscard]] constexpr bool Has(Access access) const { return (bits_ & static_cast<std::uint8_t>(access)) != 0; }
  [[nodiscard]] constexpr bool Intersects(AccessSet other) const { return (bits_ & other.bits_) != 0; }
  // The tokens in the order of API.md ("staff", "own"), as x-roles lists them.
  [[nodiscard]] std::vector<std::string_view> Tokens() const;

 private:
  constexpr explicit AccessSet(unsigned bits) : bits_(static_cast<std::uint8_t>(bits)) {}
  std::uint8_t bits_ = 0;
};
constexpr AccessSet operator|(Access a, Access b) { return AccessSet(a) | AccessSet(b); }

// Every use case a caller can ask for. One entry per operation of the API
// (the CLI's commands map onto the same entries).
enum class UseCase : std::uint8_t {
  kHealth,
  kReadiness,
  kOpenApi,
  kMetrics,  // GET /metrics, served only on `serve --metrics-listen`
  kLogin,
  kShowSession,
  kLogout,
  kChangePassword,
  kStartTotpEnrolment,
  kConfirmTotp,
  kRemoveTotp,
  kListOwnSessions,
  kEndOtherSessions,
  kListPeriods,
  kRanking,
  kListSuppliers,
  kShowSupplier,
  kScorecard,
  kSupplierDeliveries,
  kSupplierComplaints,
  kSupplierEvents,
  kSupplierHolds,
  kListRuns,
  kShowRun,
  kPublishRun,
  kDiffRuns,
  kListBatches,
  kShowBatch,
  kImport,
  kListHolds,
  kShowHold,
  kImposeHold,
  kWithdrawHold,
  kShowRules,
  kListUsers,
  kShowUser,
  kCreateUser,
  kUpdateUser,
  kEndUserSessions,
  kListTokens,
  kCreateToken,
  kRevokeToken,
  kListAudit,
  // The ppm adjustment (API.md, "The ppm adjustment, discussions and notifications").
  kShowComplaint,
  kListAdjustments,
  kSubmitAdjustment,
  kPutAdjustmentReport,
  kGetAdjustmentReport,
  kDecideAdjustment,
  kListThreads,
  kShowThread,
  kListThreadMessages,
  kShowThreadMessage,
  kOpenThread,
  kPostThreadMessage,
  kMarkThreadRead,
  kListNotifications,
  kMarkNotificationsRead,
  // Contracts and settlements (docs/contracts-api.md).
  kListContracts,
  kShowContract,
  kListContractFindings,
  kPreviewContractSettlement,
  kListContractKpis,
  kListSettlements,
  kShowSettlement,
  kListSettlementLines,
  kPublishSettlement,
  // Escalation cases and sourcing (docs/escalations-api.md).
  kListEscalations,
  kShowEscalation,
  kDecideEscalation,
  kRecordEscalationHolds,
  kListSourcing,
  kListSourcingRisks,
  // The scorecard letter (issue 24 §2).
  kSupplierLetter,
};

struct UseCasePolicy {
  UseCase use_case;
  std::string_view operation_id;  // OpenAPI operationId
  AccessSet access;
  // Only with an interactive session: an API token is refused (403), as for
  // managing tokens, passwords, TOTP and sessions (API.md).
  bool session_only = false;
};

// The whole table, one entry per UseCase, in enum order.
[[nodiscard]] std::span<const UseCasePolicy> Policies();
[[nodiscard]] const UseCasePolicy& PolicyOf(UseCase use_case);

enum class Decision : std::uint8_t {
  kAllowed,
  kUnauthenticated,  // 401: a login is needed
  kForbidden,        // 403: the caller's role lacks the right
};

// Decides whether `caller` (nullptr: nobody logged in) may run `use_case`.
// Scope (which supplier) is not decided here but by ScopeOf and the use case.
[[nodiscard]] Decision Authorize(const Caller* caller, UseCase use_case);

// The supplier filter a caller's queries apply: none for staff (and the
// CLI), the caller's own supplier for a supplier user.
struct SupplierScope {
  std::optional<std::string> only;
  // True when the caller may see data of `supplier_id`.
  [[nodiscard]] bool Sees(std::string_view supplier_id) const { return !only || *only == supplier_id; }
};
[[nodiscard]] SupplierScope ScopeOf(const Caller& caller);

}  // namespace supeval::service
