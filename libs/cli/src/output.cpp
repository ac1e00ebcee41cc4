// Error reporting and result output shared by the subcommands.
#include "output.hpp"

#include "supeval/cli/cli.hpp"
#include "supeval/io/atomic_file.hpp"

namespace supeval::cli {

int Report(const core::Error& error, std::ostream& err) {
  err << "supeval: " << (error.code == core::ErrorCode::kInternal ? "internal error: " : "") << error.ToString()
      << "\n";
  return error.code == core::ErrorCode::kInternal ? kExitInternal : kExitBadInput;
}

int Emit(const std::string& text, const std::string& output, std::ostream& out, std::ostream& err) {
  if (output.empty()) {
    out << text;
    out.flush();
    return kExitOk;
  }
  if (core::Status status = io::WriteFileAtomically(output, text); !status.ok()) return Report(status.error(), err);
  return kExitOk;
}

int ReportThreadRefused(const core::ThreadRefused& refusal, std::ostream& err) {
  err << "supeval: cannot start another thread: " << refusal.what()
      << " (a limit on processes or memory is reached: give fewer --threads, or raise the limit, e.g. ulimit -u)\n";
  return kExitBadInput;
}

}  // namespace supeval::cli
