// The front end's files: loaded once, looked up by relative path, answered
// with their type, caching and entity tag.
#include "static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

#include "entity_tag.hpp"
#include "supeval/server/problem.hpp"

namespace supeval::server {
namespace fs = std::filesystem;

namespace {

struct MediaType {
  std::string_view extension;  // lower case, without the dot
  std::string_view type;
};

// The types a built front end is made of.
constexpr std::array<MediaType, 15> kMediaTypes = {{
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain; charset=utf-8"},
}};
constexpr std::string_view kOctetStream = "application/octet-stream";

// The first segments of the server's own paths, never the front end's.
constexpr std::array<std::string_view, 4> kServerPaths = {"api", "healthz", "readyz", "metrics"};

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kAssets = "assets";
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::size_t kHashLength = 8;  // Vite's (Rollup's) default [hash] length
constexpr std::string_view kAllow = "GET, HEAD, OPTIONS";

bool SameLetters(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// The extension of a file name ("" when none), without the dot.
std::string_view ExtensionOf(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot + 1);
}

const MediaType* FindMediaType(std::string_view name) {
  const std::string_view extension = ExtensionOf(name);
  for (const MediaType& media : kMediaTypes) {
    if (SameLetters(media.extension, extension)) return &media;
  }
  return nullptr;
}

bool IsHashCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; }

// Whether `relative` ("assets/index-B3x_Yz12.js", also its ".map") is a
// content-hashed asset of Vite: under assets/, NAME-HASH.EXT.
bool IsContentHashed(std::string_view relative) {
  if (!relative.starts_with(std::string(kAssets) + "/")) return false;
  std::string_view name = relative.substr(relative.rfind('/') + 1);
  if (name.ends_with(".map")) name.remove_suffix(4);
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view stem = name.substr(0, dot);
  if (stem.size() <= kHashLength + 1 || stem[stem.size() - kHashLength - 1] != '-') return false;
  const std::string_view hash = stem.substr(stem.size() - kHashLength);
  return std::all_of(hash.begin(), hash.end(), IsHashCharacter);
}

// Whether a decoded segment may name part of a file of the front end.
bool IsSafeSegment(std::string_view segment) {
  if (segment.starts_with('.')) return false;  // ".", "..", dotfiles
  return segment.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

// Whether a path that is no file still looks like one (404, not index.html).
bool NamesAFile(const std::vector<std::string>& segments) {
  if (segments.size() > 1 && segments.front() == kAssets) return true;
  return !segments.empty() && FindMediaType(segments.back()) != nullptr;
}

core::Result<std::string> ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return core::BadInput("--web: cannot read " + path.string());
  return std::move(bytes).str();
}

// Whether `entry` is a regular file inside `root` (a canonical path): a
// symbolic link only when what it names is.
bool IsServable(const fs::directory_entry& entry, const fs::path& root) {
  std::error_code error;
  if (!entry.is_symlink(error)) return entry.is_regular_file(error);
  const fs::path target = fs::canonical(entry.path(), error);
  if (error || !fs::is_regular_file(target, error)) return false;
  const fs::path inside = target.lexically_relative(root);
  return !inside.empty() && *inside.begin() != "..";
}

}  // namespace

std::string_view ContentTypeOf(std::string_view name) {
  const MediaType* media = FindMediaType(name);
  return media != nullptr ? media->type : kOctetStream;
}

core::Result<StaticFiles> StaticFiles::Load(const fs::path& root, std::uint64_t max_bytes) {
  std::error_code error;
  const fs::path canonical_root = fs::canonical(root, error);
  if (error || !fs::is_directory(canonical_root, error)) {
    return core::BadInput("--web: " + root.string() + " is not a folder");
  }
  StaticFiles files;
  fs::recursive_directory_iterator walk(canonical_root, error);
  for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
    const fs::directory_entry& entry = *walk;
    if (entry.path().filename().string().starts_with('.')) {
      walk.disable_recursion_pending();
      continue;
    }
    if (!IsServable(entry, canonical_root)) continue;
    const std::string relative = entry.path().lexically_relative(canonical_root).generic_string();
    auto body = ReadWhole(entry.path());
    if (!body.ok()) return body.error();
    files.bytes_ += body->size();
    if (files.bytes_ > max_bytes) {
      return core::BadInput("--web: " + root.string() + " holds more than " + std::to_string(max_bytes) +
                            " bytes, more than a built front end should");
    }
    File file;
    file.content_type = std::string(ContentTypeOf(relative));
    file.cache_control = std::string(IsContentHashed(relative) ? kImmutable : kRevalidate);
    file.entity_tag = EntityTag({*body});
    file.body = *std::move(body);
    files.files_.emplace(relative, std::move(file));
  }
  if (error) return core::BadInput("--web: cannot read " + root.string() + ": " + error.message());
  if (!files.files_.contains(kIndex)) return core::BadInput("--web: " + root.string() + " has no index.html");
  return files;
}

bool StaticFiles::Owns(const std::vector<std::string>& segments) const {
  if (files_.empty()) return false;
  return segments.empty() ||
         std::find(kServerPaths.begin(), kServerPaths.end(), segments.front()) == kServerPaths.end();
}

const StaticFiles::File* StaticFiles::Find(const std::vector<std::string>& segments) const {
  std::string relative;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const bool last = i + 1 == segments.size();
    if (!IsSafeSegment(segments[i]) || (segments[i].empty() && !last)) return nullptr;
    if (i > 0) relative += '/';
    relative += segments[i];
  }
  if (const auto found = files_.find(relative); found != files_.end()) return &found->second;
  if (NamesAFile(segments)) return nullptr;
  return &files_.find(kIndex)->second;
}

Reply StaticFiles::Answer(const std::vector<std::string>& segments, std::string_view method,
                          std::optional<std::string_view> if_none_match, std::string_view request_id) const {
  const File* file = Find(segments);
  if (file == nullptr) return ProblemReply("not-found", "no page or file has this path", request_id);
  if (method != "GET" && method != "HEAD") {
    Reply reply = method == "OPTIONS" ? Reply::NoContent()
                                      : ProblemReply("method-not-allowed",
                                                     "this path does not take " + std::string(method), request_id);
    reply.headers.emplace_back("Allow", kAllow);
    return reply;
  }
  Reply reply;
  reply.headers.emplace_back("ETag", file->entity_tag);
  reply.headers.emplace_back("Cache-Control", file->cache_control);
  if (if_none_match && MatchesNoneMatch(*if_none_match, file->entity_tag)) {
    reply.status = 304;
    reply.content_type.clear();
    return reply;
  }
  reply.content_type = file->content_type;
  reply.body = file->body;
  return reply;
}

}  // namespace supeval::server
