// Standard output that can say why it failed. std::cout forgets: the C
// library drops a buffer it could not write and keeps no cause, so a full
// disk (`> /dev/full`) or a closed descriptor went unnoticed and the program
// exited 0. DescriptorOutput writes with write(2) and keeps the first
// failure's errno; FinishStandardOutput is the one check every command line
// ends with.
// Thread-compatible: one writer at a time.
#pragma once

#include <array>
#include <ostream>
#include <streambuf>

namespace supeval::cli {

// A buffered std::streambuf over an open file descriptor (not owned).
class DescriptorOutput : public std::streambuf {
 public:
  explicit DescriptorOutput(int fd);
  DescriptorOutput(const DescriptorOutput&) = delete;
  DescriptorOutput& operator=(const DescriptorOutput&) = delete;
  ~DescriptorOutput() override;  // writes what is left, as std::cout would at exit

  // The errno of the first write that failed; 0 while none has.
  [[nodiscard]] int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;
  int sync() override;

 private:
  bool WriteOut(const char* data, std::size_t size);
  bool Drain();

  int fd_;
  int error_ = 0;
  std::array<char, 65536> buffer_{};
};

// Flushes `out` (over `buffer`) and returns `status`, unless something did
// not get out: then says so on `err` ("supeval: cannot write to standard
// output: No space left on device") and returns 2 — the environment's
// fault, not supeval's — or `status` when the command had failed already.
int FinishStandardOutput(int status, std::ostream& out, const DescriptorOutput& buffer, std::ostream& err);

}  // namespace supeval::cli
