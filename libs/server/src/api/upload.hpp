// An import's upload on disk (API.md, "Runs, imports, holds, rules"): the
// files of a multipart/form-data body, checked — each part a file, named as
// one of the interchange files, none twice, UTF-8 text — and written into a
// private temporary folder (mode 0700, mkdtemp), which is removed with
// everything in it when the UploadFolder goes, whatever happened meanwhile.
// The service's ImportDataset then reads the folder as the CLI's `import
// --data DIR` reads its own.
//
// Thread-safety: an UploadFolder belongs to the request that made it.
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "../multipart.hpp"
#include "supeval/core/result.hpp"

namespace supeval::server {

class UploadFolder {
 public:
  UploadFolder(UploadFolder&& other) noexcept;
  UploadFolder& operator=(UploadFolder&&) = delete;
  UploadFolder(const UploadFolder&) = delete;
  UploadFolder& operator=(const UploadFolder&) = delete;
  ~UploadFolder();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Checks `parts` and writes them into a new folder under the system's
  // temporary directory. kBadInput (400) for parts that are not what an
  // import takes, naming the part; kInternal when the folder cannot be
  // made or written.
  [[nodiscard]] static core::Result<UploadFolder> Write(std::span<const MultipartPart> parts);

 private:
  explicit UploadFolder(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;  // empty once moved from
};

}  // namespace supeval::server
