// SHA-256 through OpenSSL's EVP interface.
#include "sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace supeval::service {
namespace {

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

std::string Hex(const unsigned char* bytes, unsigned int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    text.push_back(kDigits[bytes[i] >> 4]);
    text.push_back(kDigits[bytes[i] & 0xf]);
  }
  return text;
}

// A context started for SHA-256, or null when OpenSSL cannot provide one.
DigestContext NewSha256() {
  DigestContext context(EVP_MD_CTX_new());
  if (context && EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) context.reset();
  return context;
}

std::string FinishHex(EVP_MD_CTX* context) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(context, digest, &size);
  return Hex(digest, size);
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  DigestContext context = NewSha256();
  if (!context) return {};
  EVP_DigestUpdate(context.get(), data.data(), data.size());
  return FinishHex(context.get());
}

core::Result<FileDigest> DigestFile(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return core::Internal("cannot read " + path.string());
  DigestContext context = NewSha256();
  if (!context) return core::Internal("SHA-256 is not available from OpenSSL");
  FileDigest digest;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (read == 0) break;
    EVP_DigestUpdate(context.get(), buffer.data(), read);
    digest.bytes += static_cast<std::int64_t>(read);
    digest.lines += std::count(buffer.data(), buffer.data() + read, '\n');
  }
  if (std::ferror(file.get()) != 0) return core::Internal("cannot read " + path.string());
  digest.sha256 = FinishHex(context.get());
  return digest;
}

}  // namespace supeval::service
