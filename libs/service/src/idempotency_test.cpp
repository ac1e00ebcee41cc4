// Idempotency keys against SQLite and PostgreSQL: a key is claimed once,
// answers from its keeping on, refuses another request and a request while
// the first runs, is forgotten after 24 hours or when released; keys are per
// user; the rule of a key's text at its edges.
#include "supeval/service/idempotency.hpp"

#include <gtest/gtest.h>

#include "account_test_support.hpp"

namespace supeval::service {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using testing::AccountServiceTest;
using testing::Start;

class IdempotencyTest : public AccountServiceTest {
 protected:
  static IdempotentRequest Publish(std::string user, std::string_view body = R"({"period":"2026-H1"})") {
    return IdempotentRequest{std::move(user), "0f4c1b7e-key", "POST", "/api/v1/runs", body};
  }
  KeyClaim Claim(const IdempotentRequest& request, Instant at, std::optional<KeptAnswer>* kept = nullptr) {
    std::optional<KeptAnswer> answer;
    auto claimed = IdempotencyKeys(store()).Claim(request, at, answer);
    EXPECT_TRUE(claimed.ok()) << claimed.error().ToString();
    if (kept != nullptr) *kept = std::move(answer);
    return claimed.ok() ? *claimed : KeyClaim::kReused;
  }
  static KeptAnswer Created() { return KeptAnswer{201, "application/json", {{"Location", "/api/v1/runs/7"}}, "{}"}; }
};

TEST_P(IdempotencyTest, TheFirstRequestRunsAndARetryGetsItsAnswer) {
  const IdempotentRequest first = Publish("ann");
  EXPECT_EQ(Claim(first, Start()), KeyClaim::kClaimed);
  EXPECT_EQ(Claim(first, Start() + seconds(1)), KeyClaim::kInFlight);
  ASSERT_TRUE(IdempotencyKeys(store()).Keep(first, Created()).ok());
  std::optional<KeptAnswer> kept;
  EXPECT_EQ(Claim(first, Start() + seconds(2), &kept), KeyClaim::kReplay);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->status, 201U);
  EXPECT_EQ(kept->content_type, "application/json");
  EXPECT_EQ(kept->body, "{}");
  ASSERT_EQ(kept->headers.size(), 1U);
  EXPECT_EQ(kept->headers[0], (std::pair<std::string, std::string>{"Location", "/api/v1/runs/7"}));
}

TEST_P(IdempotencyTest, TheKeyWithAnotherBodyPathOrMethodIsRefused) {
  ASSERT_EQ(Claim(Publish("ann"), Start()), KeyClaim::kClaimed);
  ASSERT_TRUE(IdempotencyKeys(store()).Keep(Publish("ann"), Created()).ok());
  EXPECT_EQ(Claim(Publish("ann", R"({"period":"2026-H2"})"), Start()), KeyClaim::kReused);
  IdempotentRequest other_path = Publish("ann");
  other_path.path = "/api/v1/holds";
  EXPECT_EQ(Claim(other_path, Start()), KeyClaim::kReused);
  IdempotentRequest other_method = Publish("ann");
  other_method.method = "PUT";
  EXPECT_EQ(Claim(other_method, Start()), KeyClaim::kReused);
}

TEST_P(IdempotencyTest, KeysArePerUser) {
  ASSERT_EQ(Claim(Publish("ann"), Start()), KeyClaim::kClaimed);
  EXPECT_EQ(Claim(Publish("bob"), Start()), KeyClaim::kClaimed);
}

TEST_P(IdempotencyTest, AKeyIsKept24HoursAndAReleasedOneRunsAgain) {
  const IdempotentRequest request = Publish("ann");
  ASSERT_EQ(Claim(request, Start()), KeyClaim::kClaimed);
  ASSERT_TRUE(IdempotencyKeys(store()).Keep(request, Created()).ok());
  EXPECT_EQ(Claim(request, Start() + hours(24)), KeyClaim::kReplay) << "24 h to the second: still kept";
  EXPECT_EQ(Claim(request, Start() + hours(24) + seconds(1)), KeyClaim::kClaimed) << "then forgotten";
  ASSERT_TRUE(IdempotencyKeys(store()).Release(request).ok());
  EXPECT_EQ(Claim(request, Start() + hours(25)), KeyClaim::kClaimed);
}

TEST(IdempotencyKeyText, IsOneTo255VisibleAsciiCharacters) {
  EXPECT_TRUE(CheckIdempotencyKey("a").ok());
  EXPECT_TRUE(CheckIdempotencyKey(std::string(255, '~')).ok());
  EXPECT_TRUE(CheckIdempotencyKey("!0f4c1b7e-9a2d-4c11-b3f0-6a1e2d3c4b5a").ok());
  for (const std::string& bad : {std::string(), std::string(256, 'k'), std::string("with space"),
                                 std::string("tab\there"), std::string("del\x7f"), std::string("\xc3\xa9t\xc3\xa9")}) {
    const core::Status checked = CheckIdempotencyKey(bad);
    ASSERT_FALSE(checked.ok()) << bad;
    EXPECT_EQ(checked.error().code, core::ErrorCode::kBadInput);
    EXPECT_EQ(checked.error().location.field, "Idempotency-Key");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, IdempotencyTest, ::testing::ValuesIn(store::testing::AllBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace supeval::service
