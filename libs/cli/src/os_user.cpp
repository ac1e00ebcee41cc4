// The operating-system user.
#include "os_user.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace supeval::cli {

std::string OsUser() {
  if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) return entry->pw_name;
  if (const char* user = std::getenv("USER"); user != nullptr && user[0] != '\0') return user;
  return "uid " + std::to_string(geteuid());
}

service::Caller OsCaller() {
  service::Caller caller;
  caller.user = OsUser();
  caller.display_name = caller.user;
  caller.role = service::Role::kAdmin;  // whoever may write the database administers its accounts
  return caller;
}

}  // namespace supeval::cli
