// The built front end (`serve --web DIR`, API.md "Deployment and serving"):
// the files under DIR, read once at start into memory (a rebuilt front end
// needs a restart), answered for GET and HEAD outside the server's own paths.
//
// What a path names (the rule the dispatcher follows):
// - `/api`, `/healthz`, `/readyz`, `/metrics` and everything under them are
//   not the front end's: StaticFiles::Owns says no, the router answers (404).
// - A file of DIR by its relative path (`/` is `/index.html`): that file.
// - A path whose last segment ends in an extension of the content-type table
//   (`.js`, `.css`, ...) or that lies under `/assets/`, but no file: 404, so a
//   stale tab never gets HTML as script.
// - Any other path (`/suppliers/S00002`, `/runs/`): index.html (200), so the
//   front end's own URLs can be reloaded and shared.
// - A path with a segment that is empty (but the last), starts with `.`
//   (`..`, dotfiles) or holds `/`, `\` or NUL once decoded: 404.
// Only regular files are loaded; dotfiles and dot folders are skipped, and a
// symbolic link only when it resolves inside DIR. Nothing outside the loaded
// set is ever read, and no folder is ever listed.
//
// Caching: index.html and other unhashed files `no-cache` (with a strong ETag,
// If-None-Match -> 304); Vite's content-hashed assets (`assets/NAME-HASH.EXT`,
// HASH 8 characters of [A-Za-z0-9_-]) `public, max-age=31536000, immutable`.
//
// Thread-safety: immutable after Load; Answer may be called from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"
#include "supeval/server/routes.hpp"

namespace supeval::server {

class StaticFiles {
 public:
  // Most a front end may hold in memory (its files' total size).
  static constexpr std::uint64_t kMaxBytes = std::uint64_t{64} * 1024 * 1024;

  // No front end: Owns says no to every path.
  StaticFiles() = default;

  // Reads the files under `root`, which must hold index.html; kBadInput when
  // it does not, when it cannot be read or holds more than `max_bytes`.
  [[nodiscard]] static core::Result<StaticFiles> Load(const std::filesystem::path& root,
                                                      std::uint64_t max_bytes = kMaxBytes);

  // Whether a request whose decoded path is `segments` (no route matched it)
  // is the front end's to answer: a front end is loaded and the path is not
  // under the server's own paths.
  [[nodiscard]] bool Owns(const std::vector<std::string>& segments) const;

  // The answer to `method` on `segments` (which Owns): the file, index.html,
  // a 304 when `if_none_match` lists its tag, a 404 problem; 405 with Allow
  // for a method other than GET, HEAD and OPTIONS (204 with Allow).
  [[nodiscard]] Reply Answer(const std::vector<std::string>& segments, std::string_view method,
                             std::optional<std::string_view> if_none_match, std::string_view request_id) const;

  // How many files are loaded, and their total size.
  [[nodiscard]] std::size_t file_count() const { return files_.size(); }
  [[nodiscard]] std::uint64_t byte_count() const { return bytes_; }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string cache_control;
    std::string entity_tag;
  };
  // The file `segments` name, index.html for a path that names no file, or
  // nullptr (404).
  [[nodiscard]] const File* Find(const std::vector<std::string>& segments) const;

  std::map<std::string, File, std::less<>> files_;  // by relative path, "assets/app-1a2B3c4D.js"
  std::uint64_t bytes_ = 0;
};

// The Content-Type of a file named `name` by its extension (case-insensitive;
// application/octet-stream when the table has none).
[[nodiscard]] std::string_view ContentTypeOf(std::string_view name);

}  // namespace supeval::server
