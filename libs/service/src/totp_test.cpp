// TOTP against RFC 6238's published test vectors (Appendix B, SHA-1), the
// ±1 step window at its edges, and base32 both ways (RFC 4648's vectors).
#include "totp.hpp"

#include <gtest/gtest.h>

namespace supeval::service::internal {
namespace {

constexpr std::string_view kRfcKey = "12345678901234567890";  // RFC 6238's SHA-1 seed

store::Instant At(std::int64_t seconds) { return store::Instant(std::chrono::seconds(seconds)); }

TEST(Totp, MatchesTheRfc6238TestVectors) {
  struct Vector {
    std::int64_t time;
    std::string_view code;  // 8 digits, as the RFC prints them
  };
  const Vector vectors[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
                            {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const Vector& v : vectors) {
    EXPECT_EQ(HotpCode(kRfcKey, TotpStep(At(v.time)), 8), v.code) << v.time;
    // Six digits are the last six of the same number.
    EXPECT_EQ(HotpCode(kRfcKey, TotpStep(At(v.time))), v.code.substr(2)) << v.time;
  }
}

TEST(Totp, AcceptsOneStepEitherWayAndNoFurther) {
  const store::Instant now = At(1111111111);  // step 37037037
  const std::int64_t step = TotpStep(now);
  EXPECT_EQ(MatchingTotpStep(kRfcKey, HotpCode(kRfcKey, step), now), step);
  EXPECT_EQ(MatchingTotpStep(kRfcKey, HotpCode(kRfcKey, step - 1), now), step - 1);
  EXPECT_EQ(MatchingTotpStep(kRfcKey, HotpCode(kRfcKey, step + 1), now), step + 1);
  EXPECT_FALSE(MatchingTotpStep(kRfcKey, HotpCode(kRfcKey, step - 2), now));
  EXPECT_FALSE(MatchingTotpStep(kRfcKey, HotpCode(kRfcKey, step + 2), now));
  EXPECT_FALSE(MatchingTotpStep(kRfcKey, "", now));
  EXPECT_FALSE(MatchingTotpStep(kRfcKey, HotpCode(kRfcKey, step, 8), now)) << "six digits only";
}

TEST(Totp, StepsStartEveryThirtySeconds) {
  EXPECT_EQ(TotpStep(At(0)), 0);
  EXPECT_EQ(TotpStep(At(29)), 0);
  EXPECT_EQ(TotpStep(At(30)), 1);
  EXPECT_EQ(TotpStep(At(-1)), -1);
}

TEST(Totp, Base32BothWays) {
  // RFC 4648, section 10, without padding.
  const std::pair<std::string_view, std::string_view> vectors[] = {{"", ""},
                                                                   {"f", "MY"},
                                                                   {"fo", "MZXQ"},
                                                                   {"foo", "MZXW6"},
                                                                   {"foob", "MZXW6YQ"},
                                                                   {"fooba", "MZXW6YTB"},
                                                                   {"foobar", "MZXW6YTBOI"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(Base32(bytes), text);
    EXPECT_EQ(FromBase32(text), bytes);
  }
  EXPECT_FALSE(FromBase32("MZXW1"));  // 1 is no base32 letter
  EXPECT_EQ(OtpauthUri("supeval", "ann lee", "MZXW6"),
            "otpauth://totp/supeval:ann%20lee?secret=MZXW6&issuer=supeval&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace supeval::service::internal
