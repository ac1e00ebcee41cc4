// Column encodings and database URLs: pure functions, no database.
#include "codec.hpp"

#include <gtest/gtest.h>

#include "supeval/store/store.hpp"

namespace supeval::store::internal {
namespace {

TEST(Codec, DatesAreIsoText) {
  EXPECT_EQ(DateText(*core::Date::Parse("2026-01-02")).view(), "2026-01-02");
  EXPECT_EQ(DateText(*core::Date::Parse("1999-12-31")).view(), "1999-12-31");
  EXPECT_EQ(DateText(*core::Date::Parse("9999-01-01")).view(), "9999-01-01");
}

TEST(Codec, EnumerationsRoundTrip) {
  for (const auto kind : {core::MaterialKind::kPurchased, core::MaterialKind::kRaw}) {
    EXPECT_EQ(ParseMaterialKind(MaterialKindName(kind)), kind);
  }
  for (const auto type : {core::DeliveryType::kSeries, core::DeliveryType::kSample}) {
    EXPECT_EQ(ParseDeliveryType(DeliveryTypeName(type)), type);
  }
  for (const auto type :
       {core::ComplaintType::kComplaint, core::ComplaintType::kNotification, core::ComplaintType::kSample}) {
    EXPECT_EQ(ParseComplaintType(ComplaintTypeName(type)), type);
  }
  for (const auto reason : {core::HoldReason::kQuality, core::HoldReason::kDelivery}) {
    EXPECT_EQ(ParseHoldReason(HoldReasonName(reason)), reason);
  }
  EXPECT_FALSE(ParseHoldReason("Quality").has_value());
}

TEST(DatabaseUrl, SqliteAndPostgres) {
  auto url = ParseDatabaseUrl("sqlite:./supeval.db");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->backend, Backend::kSqlite);
  EXPECT_EQ(url->target, "./supeval.db");
  url = ParseDatabaseUrl("sqlite:///var/lib/supeval.db");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->target, "/var/lib/supeval.db");
  url = ParseDatabaseUrl("postgresql://qa@db.example:5432/supeval");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->backend, Backend::kPostgres);
  EXPECT_EQ(url->target, "postgresql://qa@db.example:5432/supeval");
  EXPECT_TRUE(ParseDatabaseUrl("postgres://localhost/x").ok());
  for (const char* bad : {"", "sqlite:", "mysql://x", "./supeval.db"}) {
    auto refused = ParseDatabaseUrl(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, core::ErrorCode::kBadInput);
    EXPECT_NE(refused.error().message.find("sqlite:PATH"), std::string::npos);
  }
}

}  // namespace
}  // namespace supeval::store::internal
