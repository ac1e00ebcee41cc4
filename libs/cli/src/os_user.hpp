// Who runs the command line: the operating-system user, recorded as the user
// of what a command changes (batches, runs, the audit log).
// Thread-safety: reads the process's identity only.
#pragma once

#include <string>

#include "supeval/service/policy.hpp"

namespace supeval::cli {

// The login name of the effective user ($USER, or "uid N" when it has none).
[[nodiscard]] std::string OsUser();

// The operating-system user as the caller of a use case: an administrator
// (whoever may open the database administers it, API.md "Roles and scope").
[[nodiscard]] service::Caller OsCaller();

}  // namespace supeval::cli
