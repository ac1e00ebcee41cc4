// The import's files, checked and written to a private temporary folder.
#include "upload.hpp"

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>
#include <utility>

#include "supeval/core/utf8.hpp"
#include "supeval/io/contracts_reader.hpp"

namespace supeval::server {
namespace {

// The names an import reads, listed in a refusal.
std::string KnownNames() {
  std::string names;
  for (const std::string& name : io::ContractsReader::FolderFileNames()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

core::Status CheckParts(std::span<const MultipartPart> parts) {
  if (parts.empty()) return core::BadInput("the upload holds no file: send one part per interchange file");
  const std::vector<std::string>& known = io::ContractsReader::FolderFileNames();
  std::set<std::string> seen;
  for (const MultipartPart& part : parts) {
    if (part.filename.empty()) {
      return core::BadInput("part '" + part.name + "' is no file: send each interchange file with its file name");
    }
    if (std::find(known.begin(), known.end(), part.filename) == known.end()) {
      return core::BadInput("'" + part.filename + "' is not an interchange file (" + KnownNames() + ")");
    }
    if (!seen.insert(part.filename).second) return core::BadInput("'" + part.filename + "' is sent twice");
    if (!core::IsUtf8Text(part.body)) return core::BadInput("'" + part.filename + "' is not UTF-8 text");
  }
  return core::Ok{};
}

core::Status WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return core::Internal("cannot write the upload's file " + path.string());
  return core::Ok{};
}

}  // namespace

UploadFolder::UploadFolder(UploadFolder&& other) noexcept : path_(std::exchange(other.path_, {})) {}

UploadFolder::~UploadFolder() {
  if (path_.empty()) return;
  std::error_code ignored;  // nothing to do about it in a destructor; the folder is private
  std::filesystem::remove_all(path_, ignored);
}

core::Result<UploadFolder> UploadFolder::Write(std::span<const MultipartPart> parts) {
  if (core::Status checked = CheckParts(parts); !checked.ok()) return checked.error();
  std::error_code error;
  const std::filesystem::path base = std::filesystem::temp_directory_path(error);
  if (error) return core::Internal("no temporary directory for an upload: " + error.message());
  std::string name = (base / "supeval-upload-XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr)
    return core::Internal("cannot make a folder for an upload in " + base.string());
  UploadFolder folder{std::filesystem::path(name)};
  for (const MultipartPart& part : parts) {
    if (core::Status written = WriteFile(folder.path_ / part.filename, part.body); !written.ok()) {
      return written.error();
    }
  }
  return folder;
}

}  // namespace supeval::server
