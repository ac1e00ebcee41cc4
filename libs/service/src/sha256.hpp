// SHA-256 of files and texts, as lower-case hex: the fingerprints an import
// records for each file and a published run for its rule set. OpenSSL's
// libcrypto does the hashing (it uses the CPU's SHA extensions where there
// are any, so hashing a large deliveries.csv costs a fraction of the import).
// Internal to supeval::service. Stateless functions: thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "supeval/core/result.hpp"

namespace supeval::service {

[[nodiscard]] std::string Sha256Hex(std::string_view data);

struct FileDigest {
  std::string sha256;
  std::int64_t bytes = 0;
  std::int64_t lines = 0;  // newline characters, for progress estimates
};

// Reads the file once. kInternal when it cannot be read.
[[nodiscard]] core::Result<FileDigest> DigestFile(const std::filesystem::path& path);

}  // namespace supeval::service
