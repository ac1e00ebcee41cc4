// The front end's files: what a path names, types, caching, 304, and that
// nothing outside the folder (traversal, dotfiles, escaping links) is served.
#include "static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "router.hpp"

namespace supeval::server {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndexHtml = "<!doctype html><script type=\"module\" src=\"/assets/index-B3x_Yz1-.js\">";
constexpr std::string_view kRequestId = "0b7e3c9a-51d2-4c77-9d1e-6a2f0c1d4e5f";

void Write(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest()
      : scratch_(fs::temp_directory_path() / ("supeval_static_" + std::to_string(::getpid()) + "_" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        root_(scratch_ / "dist") {
    fs::remove_all(scratch_);
    Write(root_ / "index.html", kIndexHtml);
    Write(root_ / "assets/index-B3x_Yz1-.js", "export {};");
    Write(root_ / "assets/index-B3x_Yz1-.js.map", "{}");
    Write(root_ / "assets/logo.svg", "<svg/>");
    Write(root_ / "favicon.ico", "ico");
    Write(root_ / "robots.txt", "User-agent: *");
    Write(root_ / ".env", "SECRET=1");
    Write(root_ / ".git/config", "[core]");
    Write(scratch_ / "outside.txt", "outside");
    fs::create_symlink(scratch_ / "outside.txt", root_ / "escape.txt");
    fs::create_symlink(scratch_, root_ / "up");
    fs::create_symlink(root_ / "robots.txt", root_ / "inside.txt");
  }
  ~StaticFilesTest() override { fs::remove_all(scratch_); }

  StaticFiles Loaded() {
    auto files = StaticFiles::Load(root_);
    EXPECT_TRUE(files.ok()) << files.error().ToString();
    return files.ok() ? std::move(files).value() : StaticFiles();
  }
  static Reply Get(const StaticFiles& files, std::string_view path, std::string_view method = "GET",
                   std::optional<std::string_view> if_none_match = std::nullopt) {
    return files.Answer(SplitPath(path), method, if_none_match, kRequestId);
  }
  static std::string HeaderOf(const Reply& reply, std::string_view name) {
    for (const auto& [key, value] : reply.headers) {
      if (key == name) return value;
    }
    return "";
  }

  fs::path scratch_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirTypeAndCaching) {
  const StaticFiles files = Loaded();
  const Reply script = Get(files, "/assets/index-B3x_Yz1-.js");
  EXPECT_EQ(script.status, 200U);
  EXPECT_EQ(script.body, "export {};");
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(script, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(Get(files, "/assets/index-B3x_Yz1-.js.map"), "Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(Get(files, "/assets/index-B3x_Yz1-.js.map").content_type, "application/json");
  const Reply logo = Get(files, "/assets/logo.svg");
  EXPECT_EQ(logo.content_type, "image/svg+xml");
  EXPECT_EQ(HeaderOf(logo, "Cache-Control"), "no-cache") << "no hash in its name";
  const Reply index = Get(files, "/index.html");
  EXPECT_EQ(index.body, kIndexHtml);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(index, "Cache-Control"), "no-cache");
  EXPECT_EQ(Get(files, "/favicon.ico").content_type, "image/x-icon");
  EXPECT_EQ(Get(files, "/robots.txt").content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(files.file_count(), 7U) << "the dotfiles and the escaping links left out";
}

TEST_F(StaticFilesTest, APathThatNamesNoFileIsIndexHtml) {
  const StaticFiles files = Loaded();
  for (std::string_view path :
       {"/", "/suppliers/S00002", "/suppliers/S00002/", "/runs", "/suppliers/ACME.Inc", "/assets", "/index.html"}) {
    const Reply page = Get(files, path);
    EXPECT_EQ(page.status, 200U) << path;
    EXPECT_EQ(page.body, kIndexHtml) << path;
    EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticFilesTest, AMissingFileIsA404NotHtml) {
  const StaticFiles files = Loaded();
  for (std::string_view path :
       {"/assets/index-OLDHASH1.js", "/assets/gone", "/assets/", "/missing.css", "/suppliers/x.JS", "/app.mjs"}) {
    const Reply missing = Get(files, path);
    EXPECT_EQ(missing.status, 404U) << path;
    EXPECT_EQ(missing.content_type, "application/problem+json") << path;
  }
}

TEST_F(StaticFilesTest, NothingOutsideTheFolderNorADotfile) {
  const StaticFiles files = Loaded();
  // Decoded segments as Boost.URL gives them: %2e%2e is "..", %2f a "/" inside one.
  const std::vector<std::vector<std::string>> attempts = {{"..", "outside.txt"},
                                                          {"assets", "..", "..", "outside.txt"},
                                                          {"..%2foutside.txt"},
                                                          {"../outside.txt"},
                                                          {"..\\outside.txt"},
                                                          {"assets", "..\\..\\outside.txt"},
                                                          {".env"},
                                                          {".git", "config"},
                                                          {"escape.txt"},
                                                          {"up", "outside.txt"},
                                                          {"robots.txt", ""},
                                                          {std::string("robots.txt\0", 11)},
                                                          {"", "robots.txt"},
                                                          {".", "robots.txt"},
                                                          {"assets", ".", "logo.svg"}};
  for (const std::vector<std::string>& segments : attempts) {
    const Reply refused = files.Answer(segments, "GET", std::nullopt, kRequestId);
    EXPECT_NE(refused.body, "outside") << segments.front();
    EXPECT_NE(refused.body, "SECRET=1") << segments.front();
    EXPECT_NE(refused.body, "User-agent: *") << segments.front();
  }
  EXPECT_EQ(Get(files, "/.env").status, 404U);
  EXPECT_EQ(Get(files, "/escape.txt").status, 404U);
  EXPECT_EQ(Get(files, "/up/outside.txt").status, 404U);
  EXPECT_EQ(Get(files, "/inside.txt").body, "User-agent: *") << "a link inside the folder is followed";
}

TEST_F(StaticFilesTest, IfNoneMatchAnswers304) {
  const StaticFiles files = Loaded();
  const Reply first = Get(files, "/suppliers/S1");
  const std::string tag = HeaderOf(first, "ETag");
  ASSERT_FALSE(tag.empty());
  EXPECT_EQ(HeaderOf(Get(files, "/"), "ETag"), tag) << "the same index.html, the same tag";
  const Reply again = Get(files, "/suppliers/S1", "GET", "\"other\", W/" + tag);
  EXPECT_EQ(again.status, 304U);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(HeaderOf(again, "ETag"), tag);
  EXPECT_EQ(Get(files, "/suppliers/S1", "GET", "\"other\"").status, 200U);
  EXPECT_NE(HeaderOf(Get(files, "/robots.txt"), "ETag"), tag);
}

TEST_F(StaticFilesTest, OnlyGetAndHeadRead) {
  const StaticFiles files = Loaded();
  EXPECT_EQ(Get(files, "/suppliers/S1", "HEAD").status, 200U);
  const Reply posted = Get(files, "/suppliers/S1", "POST");
  EXPECT_EQ(posted.status, 405U);
  EXPECT_EQ(HeaderOf(posted, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(Get(files, "/index.html", "DELETE").status, 405U);
  EXPECT_EQ(Get(files, "/suppliers/S1", "OPTIONS").status, 204U);
  EXPECT_EQ(Get(files, "/missing.js", "POST").status, 404U) << "404 before 405, as for routes";
}

TEST_F(StaticFilesTest, TheServerOwnPathsAreNotTheFrontEnds) {
  const StaticFiles files = Loaded();
  for (std::string_view path : {"/api", "/api/v1/nope", "/healthz", "/readyz/x", "/metrics"}) {
    EXPECT_FALSE(files.Owns(SplitPath(path))) << path;
  }
  for (std::string_view path : {"/", "/apis", "/suppliers/S1", "/metrics.txt"}) {
    EXPECT_TRUE(files.Owns(SplitPath(path))) << path;
  }
  EXPECT_FALSE(StaticFiles().Owns(SplitPath("/"))) << "no front end loaded";
}

TEST_F(StaticFilesTest, RefusesAFolderWithoutIndexOrTooBig) {
  fs::remove(root_ / "index.html");
  const auto no_index = StaticFiles::Load(root_);
  ASSERT_FALSE(no_index.ok());
  EXPECT_NE(no_index.error().message.find("index.html"), std::string::npos);
  Write(root_ / "index.html", kIndexHtml);
  EXPECT_TRUE(StaticFiles::Load(root_, 1024).ok());
  const auto too_big = StaticFiles::Load(root_, 20);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, core::ErrorCode::kBadInput);
  EXPECT_FALSE(StaticFiles::Load(scratch_ / "absent").ok());
  EXPECT_FALSE(StaticFiles::Load(root_ / "robots.txt").ok()) << "a file is no folder";
}

TEST(ContentTypeOf, KnowsTheFrontEndsTypes) {
  EXPECT_EQ(ContentTypeOf("a.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("a.png"), "image/png");
  EXPECT_EQ(ContentTypeOf("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeOf("a.json"), "application/json");
  EXPECT_EQ(ContentTypeOf("a.exe"), "application/octet-stream");
  EXPECT_EQ(ContentTypeOf("Makefile"), "application/octet-stream");
  EXPECT_EQ(ContentTypeOf(".js"), "application/octet-stream") << "a dotfile has no extension";
}

}  // namespace
}  // namespace supeval::server
