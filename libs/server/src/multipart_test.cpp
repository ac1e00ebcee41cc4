// The multipart/form-data reader at its edges: what curl and browsers send
// is read exactly; every looser form is refused, never guessed at.
#include "multipart.hpp"

#include <gtest/gtest.h>

#include <string>

namespace supeval::server {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=XyZ";

std::string Part(std::string_view disposition, std::string_view content, std::string_view extra = "") {
  return "--XyZ\r\nContent-Disposition: " + std::string(disposition) + "\r\n" + std::string(extra) + "\r\n" +
         std::string(content) + "\r\n";
}

std::string Refusal(std::string_view type, std::string_view body) {
  auto parts = ParseMultipart(type, body);
  EXPECT_FALSE(parts.ok()) << body;
  return parts.ok() ? std::string() : parts.error().message;
}

TEST(Multipart, ReadsFilesAndFieldsAsSent) {
  const std::string body =
      Part(R"(form-data; name="files"; filename="suppliers.csv")", "a,b\r\n1,2\r\n", "Content-Type: text/csv\r\n") +
      Part("form-data; name=note", "") + "--XyZ--\r\n";
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.error().ToString();
  ASSERT_EQ(parts->size(), 2U);
  EXPECT_EQ((*parts)[0].name, "files");
  EXPECT_EQ((*parts)[0].filename, "suppliers.csv");
  EXPECT_EQ((*parts)[0].content_type, "text/csv");
  EXPECT_EQ((*parts)[0].body, "a,b\r\n1,2\r\n");  // the CRLF before the delimiter is the delimiter's
  EXPECT_EQ((*parts)[1].name, "note");
  EXPECT_EQ((*parts)[1].filename, "");
  EXPECT_EQ((*parts)[1].body, "");
}

TEST(Multipart, ABodyWithoutPartsAndTheLastLineEndAreAccepted) {
  auto empty = ParseMultipart(kType, "--XyZ--");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_TRUE(ParseMultipart(kType, "--XyZ--\r\n").ok());
  EXPECT_NE(Refusal(kType, "--XyZ--\r\nepilogue").find("nothing may follow"), std::string::npos);
}

// The delimiter is CRLF "--" boundary: the boundary elsewhere is content.
// A line that starts with the delimiter and goes on is the sender's broken
// promise that the boundary is not in the content (RFC 2046): refused.
TEST(Multipart, ContentThatLooksLikeABoundaryButIsNotOneStaysContent) {
  const std::string body =
      Part(R"(form-data; name="f"; filename="a.csv")", "--XyZ at the start\r\n-XyZ\n--XyZ\r--XyZ") + "--XyZ--";
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.error().ToString();
  ASSERT_EQ(parts->size(), 1U);
  EXPECT_EQ((*parts)[0].body, "--XyZ at the start\r\n-XyZ\n--XyZ\r--XyZ");
  EXPECT_FALSE(ParseMultipart(kType, Part("form-data; name=f", "a\r\n--XyZx") + "--XyZ--").ok());
}

TEST(Multipart, TheBoundaryComesFromTheMediaType) {
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=\"a b'()+_,-./:=?\""), "a b'()+_,-./:=?");
  EXPECT_EQ(*MultipartBoundary("Multipart/Form-Data;BOUNDARY=x"), "x");
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'b')), std::string(70, 'b'));
  for (const std::string& type :
       {std::string("multipart/form-data"), std::string("multipart/form-data; boundary="),
        std::string("multipart/form-data; boundary=\"\""), "multipart/form-data; boundary=" + std::string(71, 'b'),
        std::string("multipart/form-data; boundary=\"ends \""), std::string("multipart/form-data; boundary=a{b"),
        std::string("multipart/mixed; boundary=x"), std::string("text/plain; boundary=x"),
        std::string("multipart/form-data; boundary=x; boundary=y"),
        std::string("multipart/form-data; boundary=\"unterminated")}) {
    EXPECT_FALSE(MultipartBoundary(type).ok()) << type;
  }
}

TEST(Multipart, LooserFramingIsRefused) {
  const std::string part = Part(R"(form-data; name="f"; filename="a.csv")", "x");
  EXPECT_NE(Refusal(kType, "preamble\r\n" + part + "--XyZ--").find("begin with the boundary"), std::string::npos);
  EXPECT_NE(Refusal(kType, part).find("closing boundary"), std::string::npos);
  EXPECT_NE(Refusal(kType, part + "--XyZ").find("end its line"), std::string::npos);
  EXPECT_NE(Refusal(kType, "--XyZ\nContent-Disposition: form-data; name=f\n\nx\n--XyZ--").find("end its line"),
            std::string::npos);
  EXPECT_NE(Refusal(kType, "--XyZ\r\nContent-Disposition: form-data; name=f\r\nx\r\n--XyZ--").find("empty line"),
            std::string::npos);
  EXPECT_NE(
      Refusal(kType, "--XyZ\r\nX-Big: " + std::string(kMaxPartHeaderBytes, 'a') + "\r\n\r\nx\r\n--XyZ--").find("8 KiB"),
      std::string::npos);
}

TEST(Multipart, EveryPartNeedsAFormDataDispositionWithAName) {
  EXPECT_NE(Refusal(kType, "--XyZ\r\n\r\nx\r\n--XyZ--").find("no Content-Disposition"), std::string::npos);
  EXPECT_NE(Refusal(kType, Part("attachment; name=f", "x") + "--XyZ--").find("form-data"), std::string::npos);
  EXPECT_NE(Refusal(kType, Part("form-data; filename=a.csv", "x") + "--XyZ--").find("no name"), std::string::npos);
  EXPECT_NE(Refusal(kType, Part("form-data; name=f; name=g", "x") + "--XyZ--").find("twice"), std::string::npos);
  EXPECT_NE(Refusal(kType, Part("form-data; name=f", "x", "Content-Disposition: form-data; name=g\r\n") + "--XyZ--")
                .find("two Content-Disposition"),
            std::string::npos);
  EXPECT_NE(Refusal(kType, Part("form-data; name=f", "x", " folded\r\n") + "--XyZ--").find("folded"),
            std::string::npos);
}

TEST(Multipart, NestedPartsAreRefused) {
  EXPECT_NE(Refusal(kType, Part("form-data; name=f", "x", "Content-Type: multipart/mixed; boundary=y\r\n") + "--XyZ--")
                .find("nested"),
            std::string::npos);
}

TEST(Multipart, AFileNameIsANameNeverAPath) {
  for (const std::string_view name :
       {"../suppliers.csv", "dir/suppliers.csv", "/etc/passwd", "a\\\\b.csv", "..", "", "a..csv", "tab\there"}) {
    const std::string disposition = "form-data; name=f; filename=\"" + std::string(name) + "\"";
    EXPECT_NE(Refusal(kType, Part(disposition, "x") + "--XyZ--").find("without a path"), std::string::npos) << name;
  }
  auto escaped = ParseMultipart(kType, Part(R"(form-data; name=f; filename="quo\"te.csv")", "x") + "--XyZ--");
  ASSERT_TRUE(escaped.ok()) << escaped.error().ToString();
  EXPECT_EQ((*escaped)[0].filename, "quo\"te.csv");
}

}  // namespace
}  // namespace supeval::server
