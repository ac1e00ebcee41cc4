// write(2) under a std::streambuf, remembering the first failure.
#include "standard_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "supeval/cli/cli.hpp"

namespace supeval::cli {

DescriptorOutput::DescriptorOutput(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }

DescriptorOutput::~DescriptorOutput() { Drain(); }

bool DescriptorOutput::WriteOut(const char* data, std::size_t size) {
  if (error_ != 0) return false;  // what follows a lost piece is worthless
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return false;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

bool DescriptorOutput::Drain() {
  const bool written = WriteOut(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return written;
}

DescriptorOutput::int_type DescriptorOutput::overflow(int_type c) {
  if (!Drain()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize DescriptorOutput::xsputn(const char* data, std::streamsize size) {
  if (size <= epptr() - pptr()) {
    std::memcpy(pptr(), data, static_cast<std::size_t>(size));
    pbump(static_cast<int>(size));
    return size;
  }
  // Larger than the room left: the buffer, then the text itself, each in one go.
  if (!Drain() || !WriteOut(data, static_cast<std::size_t>(size))) return 0;
  return size;
}

int DescriptorOutput::sync() { return Drain() ? 0 : -1; }

int FinishStandardOutput(int status, std::ostream& out, const DescriptorOutput& buffer, std::ostream& err) {
  out.flush();
  if (buffer.error() == 0 && out.good()) return status;
  err << "supeval: cannot write to standard output"
      << (buffer.error() != 0 ? std::string(": ") + std::strerror(buffer.error()) : std::string()) << "\n";
  return status == kExitOk ? kExitBadInput : status;
}

}  // namespace supeval::cli
