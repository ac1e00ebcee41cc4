// Who runs the command line: the operating-system user, recorded as the user
// of what a command changes (batches, runs, the audit log).
// Thread-safety: reads the process's identity only.
#pragma once

#include <string>

namespace supeval::cli {

// The login name of the effective user ($USER, or "uid N" when it has none).
[[nodiscard]] std::string OsUser();

}  // namespace supeval::cli
