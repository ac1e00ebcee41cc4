// Write-to-temporary, fsync, rename.
#include "supeval/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace supeval::io {
namespace {

core::Status Failure(const std::filesystem::path& path, const std::string& what) {
  return core::BadInput("cannot write output: " + what + ": " + std::strerror(errno), {path.string(), 0, ""});
}

// A target that exists but is no regular file (a device such as /dev/null, a
// pipe) cannot be replaced: renaming over it would swap the device for a file.
// It is written in place; there is nothing to be atomic about.
core::Status WriteInPlace(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return Failure(path, "cannot open");
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const core::Status status = Failure(path, "write failed");
      ::close(fd);
      return status;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return Failure(path, "close failed");
  return core::Ok{};
}

}  // namespace

core::Status WriteFileAtomically(const std::filesystem::path& requested, std::string_view content) {
  std::error_code error;
  const auto kind = std::filesystem::status(requested, error);
  if (!error && std::filesystem::exists(kind) && !std::filesystem::is_regular_file(kind)) {
    return WriteInPlace(requested, content);
  }
  // Through a symbolic link, the file it points to is replaced, not the link.
  const std::filesystem::path path = std::filesystem::is_symlink(std::filesystem::symlink_status(requested, error))
                                         ? std::filesystem::canonical(requested, error)
                                         : requested;
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  std::string pattern = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return Failure(path, "cannot create a temporary file in " + directory.string());
  const std::string temporary = pattern;
  auto abandon = [&](const std::string& what) {
    core::Status status = Failure(path, what);
    ::close(fd);
    ::unlink(temporary.c_str());
    return status;
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon("write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) return abandon("chmod failed");
  if (::fsync(fd) != 0) return abandon("fsync failed");
  if (::close(fd) != 0) {
    ::unlink(temporary.c_str());
    return Failure(path, "close failed");
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const core::Status status = Failure(path, "rename failed");
    ::unlink(temporary.c_str());
    return status;
  }
  return core::Ok{};
}

}  // namespace supeval::io
