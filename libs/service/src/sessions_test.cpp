// Logging in and sessions against SQLite and PostgreSQL: the session id is
// stored only as a hash; one answer for an unknown name, a wrong password
// and a disabled user; the throttle per name and per address at its limit
// and window; idle and absolute timeouts at their edges; activity recorded
// at most once a minute; rotation at login; the user's own password (wrong
// current password counted), sessions and TOTP (RFC 6238, a code used once).
#include "supeval/service/sessions.hpp"

#include <gtest/gtest.h>

#include "account_test_support.hpp"
#include "credentials.hpp"
#include "totp.hpp"

namespace supeval::service {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::AccountServiceTest;
using testing::Start;

constexpr std::string_view kPassword = "correct horse battery";

class SessionsTest : public AccountServiceTest {
 protected:
  void SetUp() override {
    AccountServiceTest::SetUp();
    if (!store_) return;
    AddUser("ann", Role::kQuality);
    sessions_ = std::make_unique<Sessions>(store(), CheapSessions());
  }

  static LoginRequest Login(const std::string& name, std::string_view password = kPassword,
                            std::optional<std::string> address = "192.0.2.1") {
    return {name, std::string(password), std::nullopt, std::move(address), "test agent", std::nullopt};
  }

  NewSession LogIn(const std::string& name, Instant at) {
    LoginOutcome outcome = sessions_->Login(Login(name), at);
    EXPECT_TRUE(outcome.ok()) << outcome.error.ToString();
    return outcome.ok() ? *outcome.session : NewSession{};
  }

  // The user's current TOTP code at `at`.
  std::string TotpCode(const std::string& name, Instant at) {
    const std::string secret = *(*store().FindUser(name))->totp_secret;
    return internal::HotpCode(*internal::FromBase32(secret), internal::TotpStep(at));
  }

  // Enrols and confirms TOTP for ann; returns the instant after.
  Instant EnrolTotp(Instant at) {
    auto me = sessions_->Authenticate(LogIn("ann", at).session_id, at);
    EXPECT_TRUE(me.ok());
    auto enrolment = sessions_->StartTotpEnrolment(*me, kPassword, at);
    EXPECT_TRUE(enrolment.ok()) << enrolment.error().ToString();
    EXPECT_TRUE(sessions_->ConfirmTotp(*me, TotpCode("ann", at), at).ok());
    return at + seconds(30);
  }

  std::unique_ptr<Sessions> sessions_;
};

TEST_P(SessionsTest, ALoginMakesASessionStoredOnlyAsAHash) {
  LoginOutcome outcome = sessions_->Login(Login("ann"), Start());
  ASSERT_TRUE(outcome.ok()) << outcome.error.ToString();
  const NewSession& created = *outcome.session;
  EXPECT_EQ(created.session_id.size(), 43U) << "256 bits in base64url";
  EXPECT_EQ(created.session.csrf_token.size(), 43U);
  EXPECT_EQ(created.session.user, "ann");
  EXPECT_EQ(created.session.role, Role::kQuality);
  EXPECT_EQ(created.session.expires_at, Start() + hours(12));
  EXPECT_EQ(created.session.idle_expires_at, Start() + minutes(30));
  EXPECT_FALSE(created.session.required_action);
  EXPECT_FALSE(store().FindSession(created.session_id)->has_value());
  auto stored = store().FindSession(internal::Fingerprint(created.session_id));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->address, "192.0.2.1");
  EXPECT_EQ((*stored)->user_agent, "test agent");
  EXPECT_EQ((*store().FindUser("ann"))->last_login_at, Start());
  EXPECT_NE(LogIn("ann", Start()).session_id, created.session_id);
}

TEST_P(SessionsTest, UnknownNameWrongPasswordAndDisabledUserGetOneAnswer) {
  AddUser("dora", Role::kQuality);
  UserPatch disable;
  disable.disabled = true;
  ASSERT_TRUE(accounts_->UpdateUser(Root(), "dora", disable, std::nullopt, Start()).ok());
  const LoginOutcome unknown = sessions_->Login(Login("nobody"), Start());
  const LoginOutcome wrong = sessions_->Login(Login("ann", "not the password"), Start());
  const LoginOutcome disabled = sessions_->Login(Login("dora"), Start());
  for (const LoginOutcome* outcome : {&unknown, &wrong, &disabled}) {
    ASSERT_FALSE(outcome->ok());
    EXPECT_EQ(outcome->error.problem, "unauthenticated");
    EXPECT_EQ(outcome->error.code, unknown.error.code);
    EXPECT_EQ(outcome->error.message, unknown.error.message);
  }
}

TEST_P(SessionsTest, TenFailuresForANameThrottleItUntilTheWindowHasPassed) {
  for (int i = 0; i < 9; ++i) EXPECT_FALSE(sessions_->Login(Login("ann", "wrong"), Start() + seconds(i)).ok());
  EXPECT_TRUE(sessions_->Login(Login("ann"), Start() + seconds(9)).ok()) << "9 failures: not yet";
  // The success cleared the name's counter: ten more are needed.
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(sessions_->Login(Login("ann", "wrong"), Start() + seconds(10 + i)).ok());
  const Instant throttled_at = Start() + seconds(100);
  LoginOutcome throttled = sessions_->Login(Login("ann"), throttled_at);
  ASSERT_FALSE(throttled.ok()) << "the right password is not even checked";
  EXPECT_EQ(throttled.error.problem, "too-many-attempts");
  // The oldest of the ten failures was at +10 s; the window is 15 min.
  EXPECT_EQ(throttled.retry_after, seconds(10) + minutes(15) - seconds(100));
  LoginOutcome other_name = sessions_->Login(Login("nobody", "x", "198.51.100.9"), throttled_at);
  EXPECT_EQ(other_name.error.problem, "unauthenticated") << "another name is not throttled";
  EXPECT_EQ(*sessions_->RetryAfter("ann", std::nullopt, throttled_at), throttled.retry_after);

  const Instant just_before = Start() + seconds(10) + minutes(15) - seconds(1);
  EXPECT_EQ(sessions_->Login(Login("ann"), just_before).error.problem, "too-many-attempts");
  EXPECT_TRUE(sessions_->Login(Login("ann"), just_before + seconds(1)).ok());
}

TEST_P(SessionsTest, TenTimesTheLimitFromOneAddressThrottlesEveryName) {
  SessionOptions options = CheapSessions();
  options.login_limit = 2;  // per address: 20
  Sessions sessions(store(), options);
  for (int i = 0; i < 19; ++i) {
    EXPECT_FALSE(sessions.Login(Login("user" + std::to_string(i), "wrong", "203.0.113.5"), Start()).ok());
  }
  EXPECT_TRUE(sessions.Login(Login("ann", kPassword, "203.0.113.5"), Start()).ok()) << "19 from the address";
  EXPECT_FALSE(sessions.Login(Login("user19", "wrong", "203.0.113.5"), Start()).ok());
  LoginOutcome throttled = sessions.Login(Login("ann", kPassword, "203.0.113.5"), Start() + seconds(1));
  EXPECT_EQ(throttled.error.problem, "too-many-attempts");
  EXPECT_EQ(throttled.retry_after, minutes(15) - seconds(1));
  EXPECT_TRUE(sessions.Login(Login("ann", kPassword, "203.0.113.6"), Start() + seconds(1)).ok());
}

TEST_P(SessionsTest, IdleAndAbsoluteTimeoutsAtTheirEdges) {
  const NewSession idle = LogIn("ann", Start());
  EXPECT_TRUE(sessions_->Authenticate(idle.session_id, Start() + minutes(30) - seconds(1)).ok());
  // That request moved the idle clock.
  const Instant moved = Start() + minutes(30) - seconds(1);
  auto touched = sessions_->Authenticate(idle.session_id, moved + minutes(30) - seconds(1));
  ASSERT_TRUE(touched.ok());
  EXPECT_EQ(sessions_->Authenticate(idle.session_id, moved + minutes(60)).error().problem, "session-expired");
  EXPECT_EQ(sessions_->Authenticate(idle.session_id, moved + minutes(60)).error().problem, "session-expired")
      << "and it stays ended";

  // Activity within a minute is not written: the idle clock runs from the last write.
  const NewSession quick = LogIn("ann", Start());
  EXPECT_TRUE(sessions_->Authenticate(quick.session_id, Start() + seconds(59)).ok());
  EXPECT_EQ((*store().FindSession(internal::Fingerprint(quick.session_id)))->last_seen_at, Start());
  EXPECT_TRUE(sessions_->Authenticate(quick.session_id, Start() + seconds(60)).ok());
  EXPECT_EQ((*store().FindSession(internal::Fingerprint(quick.session_id)))->last_seen_at, Start() + seconds(60));

  const NewSession busy = LogIn("ann", Start());
  Instant at = Start();
  for (; at < Start() + hours(12); at += minutes(20)) ASSERT_TRUE(sessions_->Authenticate(busy.session_id, at).ok());
  EXPECT_TRUE(sessions_->Authenticate(busy.session_id, Start() + hours(12) - seconds(1)).ok());
  auto absolute = sessions_->Authenticate(busy.session_id, Start() + hours(12));
  EXPECT_EQ(absolute.error().problem, "session-expired") << "however busy";

  EXPECT_EQ(sessions_->Authenticate("no such session", Start()).error().problem, "unauthenticated");
}

TEST_P(SessionsTest, LogoutAndRotationEndTheSession) {
  const NewSession first = LogIn("ann", Start());
  LoginRequest again = Login("ann");
  again.previous_session_id = first.session_id;
  ASSERT_TRUE(sessions_->Login(again, Start()).ok());
  EXPECT_EQ(sessions_->Authenticate(first.session_id, Start()).error().problem, "session-expired");

  const NewSession second = LogIn("ann", Start());
  auto me = sessions_->Authenticate(second.session_id, Start(), "198.51.100.2");
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->caller.user, "ann");
  EXPECT_EQ(me->caller.address, "198.51.100.2");
  EXPECT_FALSE(me->caller.via_token);
  EXPECT_TRUE(Sessions::CsrfTokenMatches(me->session, second.session.csrf_token));
  EXPECT_FALSE(Sessions::CsrfTokenMatches(me->session, second.session.csrf_token.substr(1)));
  EXPECT_FALSE(Sessions::CsrfTokenMatches(me->session, ""));
  ASSERT_TRUE(sessions_->Logout(second.session_id, Start()).ok());
  EXPECT_EQ(sessions_->Authenticate(second.session_id, Start()).error().problem, "session-expired");
  EXPECT_TRUE(sessions_->Logout(second.session_id, Start()).ok()) << "again: still fine";
  EXPECT_TRUE(sessions_->Logout("never was", Start()).ok());
}

TEST_P(SessionsTest, AnInitialPasswordMustBeChangedAndExpires) {
  NewUser newcomer;
  newcomer.name = "nina";
  newcomer.role = Role::kPurchasing;
  auto created = accounts_->CreateUser(Root(), newcomer, Start());
  ASSERT_TRUE(created.ok());
  const std::string initial = *created->initial_password;
  EXPECT_FALSE(sessions_->Login(Login("nina", initial), Start() + hours(72)).ok()) << "valid for 72 h";
  LoginOutcome outcome = sessions_->Login(Login("nina", initial), Start() + hours(72) - seconds(1));
  ASSERT_TRUE(outcome.ok()) << outcome.error.ToString();
  EXPECT_EQ(outcome.session->session.required_action, "change-password");
  auto me = sessions_->Authenticate(outcome.session->session_id, Start() + hours(72) - seconds(1));
  ASSERT_TRUE(me.ok());
  ASSERT_TRUE(sessions_->ChangePassword(*me, initial, "my own passphrase", true, Start() + hours(72)).ok());
  auto after = sessions_->Authenticate(outcome.session->session_id, Start() + hours(72));
  ASSERT_TRUE(after.ok()) << "the current session stays";
  EXPECT_FALSE(after->session.required_action);
}

TEST_P(SessionsTest, ChangingThePasswordChecksTheCurrentOneAndEndsOtherSessions) {
  const NewSession mine = LogIn("ann", Start());
  const NewSession other = LogIn("ann", Start());
  auto me = sessions_->Authenticate(mine.session_id, Start());
  ASSERT_TRUE(me.ok());
  core::Status wrong = sessions_->ChangePassword(*me, "not it", "a new passphrase", true, Start());
  EXPECT_EQ(wrong.error().problem, "wrong-password");
  EXPECT_EQ(sessions_->ChangePassword(*me, kPassword, "password1", true, Start()).error().problem, "rule-violation");
  ASSERT_TRUE(sessions_->ChangePassword(*me, kPassword, "a new passphrase", true, Start()).ok());
  auto still_mine = sessions_->Authenticate(mine.session_id, Start());
  EXPECT_TRUE(still_mine.ok()) << still_mine.error().ToString();
  EXPECT_EQ(sessions_->Authenticate(other.session_id, Start()).error().problem, "session-expired");
  EXPECT_FALSE(sessions_->Login(Login("ann"), Start()).ok());
  EXPECT_TRUE(sessions_->Login(Login("ann", "a new passphrase"), Start()).ok());

  LoginOutcome third_login = sessions_->Login(Login("ann", "a new passphrase"), Start());
  ASSERT_TRUE(third_login.ok());
  const NewSession third = *third_login.session;
  ASSERT_TRUE(sessions_->ChangePassword(*me, "a new passphrase", "another passphrase", false, Start()).ok());
  EXPECT_TRUE(sessions_->Authenticate(third.session_id, Start()).ok()) << "end_other_sessions: false";
  auto audit_page = accounts_->ListAudit(Root(), {});
  ASSERT_TRUE(audit_page.ok());
  const std::vector<store::AuditEntry>* audit = &audit_page->rows;
  EXPECT_EQ(audit->front().action, "user.update");
  EXPECT_EQ(audit->front().user, "ann");
  EXPECT_EQ(audit->front().address, "192.0.2.1");
}

TEST_P(SessionsTest, WrongCurrentPasswordsAreCountedByTheThrottle) {
  auto me = sessions_->Authenticate(LogIn("ann", Start()).session_id, Start());
  ASSERT_TRUE(me.ok());
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(sessions_->ChangePassword(*me, "guess", "a new passphrase", true, Start()).error().problem,
              "wrong-password");
  }
  EXPECT_EQ(sessions_->ChangePassword(*me, kPassword, "a new passphrase", true, Start()).error().problem,
            "too-many-attempts");
  EXPECT_EQ(sessions_->Login(Login("ann"), Start()).error.problem, "too-many-attempts");
}

TEST_P(SessionsTest, OwnSessionsAreListedAndOthersEnded) {
  const NewSession mine = LogIn("ann", Start());
  LogIn("ann", Start() + seconds(1));
  auto me = sessions_->Authenticate(mine.session_id, Start());
  ASSERT_TRUE(me.ok());
  auto listed = sessions_->ListOwnSessions(*me);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_FALSE(listed->front().current);
  EXPECT_TRUE(listed->back().current);
  EXPECT_EQ(sessions_->EndOtherSessions(*me, "wrong", Start()).error().problem, "wrong-password");
  auto ended = sessions_->EndOtherSessions(*me, kPassword, Start());
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 1);
  EXPECT_EQ(sessions_->ListOwnSessions(*me)->size(), 1U);
  Authenticated by_token = *me;
  by_token.caller.via_token = true;
  EXPECT_EQ(sessions_->ListOwnSessions(by_token).error().problem, "forbidden") << "a token manages no sessions";
}

TEST_P(SessionsTest, ALoginRehashesAPasswordMadeWithOtherParameters) {
  const std::string before = (*store().FindUser("ann"))->password_hash;
  SessionOptions stronger = CheapSessions();
  stronger.cost.opslimit += 1;
  Sessions sessions(store(), stronger);
  ASSERT_TRUE(sessions.Login(Login("ann"), Start()).ok());
  const std::string after = (*store().FindUser("ann"))->password_hash;
  EXPECT_NE(after, before);
  EXPECT_FALSE(internal::NeedsRehash(after, stronger.cost));
  EXPECT_TRUE(sessions.Login(Login("ann"), Start()).ok()) << "the same password";
}

TEST_P(SessionsTest, TotpIsAskedOnceEnrolledAndEachCodeWorksOnce) {
  Instant at = EnrolTotp(Start());
  LoginOutcome no_code = sessions_->Login(Login("ann"), at);
  EXPECT_EQ(no_code.error.problem, "totp-required");
  LoginOutcome no_code_wrong_password = sessions_->Login(Login("ann", "wrong"), at);
  EXPECT_EQ(no_code_wrong_password.error.problem, "unauthenticated") << "only to who knows the password";

  LoginRequest with_code = Login("ann");
  with_code.totp = TotpCode("ann", at);
  ASSERT_TRUE(sessions_->Login(with_code, at).ok());
  EXPECT_EQ(sessions_->Login(with_code, at).error.problem, "unauthenticated") << "a code used before";
  with_code.totp = "000000";
  EXPECT_EQ(sessions_->Login(with_code, at + seconds(60)).error.problem, "unauthenticated");
  with_code.totp = TotpCode("ann", at + seconds(60));  // the next step's code, one step early
  EXPECT_TRUE(sessions_->Login(with_code, at + seconds(30)).ok());
  EXPECT_EQ((*store().FindUser("ann"))->totp_enabled, true);
  EXPECT_NE(accounts_->ShowUser(Root(), "ann")->totp, false);
}

TEST_P(SessionsTest, TotpIsRemovedWithPasswordAndCodeOrResetByAnAdmin) {
  Instant at = EnrolTotp(Start());
  LoginRequest with_code = Login("ann");
  with_code.totp = TotpCode("ann", at);
  LoginOutcome outcome = sessions_->Login(with_code, at);
  ASSERT_TRUE(outcome.ok());
  auto me = sessions_->Authenticate(outcome.session->session_id, at);
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(sessions_->StartTotpEnrolment(*me, kPassword, at).error().problem, "conflict");
  at += seconds(30);
  EXPECT_EQ(sessions_->RemoveTotp(*me, kPassword, "000000", at).error().problem, "rule-violation");
  ASSERT_TRUE(sessions_->RemoveTotp(*me, kPassword, TotpCode("ann", at), at).ok());
  EXPECT_TRUE(sessions_->Login(Login("ann"), at).ok()) << "no code asked any more";

  at = EnrolTotp(at);
  UserPatch reset;
  reset.reset_totp = true;
  ASSERT_TRUE(accounts_->UpdateUser(Root(), "ann", reset, std::nullopt, at).ok());
  EXPECT_TRUE(sessions_->Login(Login("ann"), at).ok());
}

TEST_P(SessionsTest, RequiredTotpIsEnrolledFirstAndCannotBeRemoved) {
  AddUser("sam", Role::kSupplier, std::string(kPassword), "S00004");
  SessionOptions staff_totp = CheapSessions();
  staff_totp.require_totp = TotpRequirement::kStaff;
  Sessions sessions(store(), staff_totp);
  LoginOutcome staff = sessions.Login(Login("ann"), Start());
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(staff.session->session.required_action, "enrol-totp");
  LoginOutcome supplier = sessions.Login(Login("sam"), Start());
  ASSERT_TRUE(supplier.ok());
  EXPECT_FALSE(supplier.session->session.required_action);

  auto me = sessions.Authenticate(staff.session->session_id, Start());
  ASSERT_TRUE(me.ok());
  auto enrolment = sessions.StartTotpEnrolment(*me, kPassword, Start());
  ASSERT_TRUE(enrolment.ok());
  EXPECT_EQ(enrolment->secret.size(), 32U) << "160 bits in base32";
  EXPECT_EQ(enrolment->otpauth_uri.rfind("otpauth://totp/supeval:ann?secret=" + enrolment->secret, 0), 0U);
  EXPECT_EQ(sessions.ConfirmTotp(*me, "123", Start()).error().problem, "rule-violation");
  ASSERT_TRUE(sessions.ConfirmTotp(*me, TotpCode("ann", Start()), Start()).ok());
  auto enrolled = sessions.Authenticate(staff.session->session_id, Start());
  ASSERT_TRUE(enrolled.ok());
  EXPECT_FALSE(enrolled->session.required_action);
  EXPECT_EQ(sessions.RemoveTotp(*enrolled, kPassword, TotpCode("ann", Start() + seconds(30)), Start() + seconds(30))
                .error()
                .problem,
            "forbidden");
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionsTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
