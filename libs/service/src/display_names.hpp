// Users as a supplier user may see them (API.md: by display name, never by
// login): a login name's display name when it is an account, else the name
// as recorded (the OS user of a command). Looked up once per name.
// Thread-compatible: one request's lookups on its store.
#pragma once

#include <map>
#include <string>

#include "supeval/core/result.hpp"
#include "supeval/store/store.hpp"

namespace supeval::service {

class DisplayNames {
 public:
  explicit DisplayNames(store::Store& db) : db_(db) {}

  [[nodiscard]] core::Result<std::string> Of(const std::string& user) {
    if (const auto known = names_.find(user); known != names_.end()) return known->second;
    auto found = db_.accounts().FindUser(user);
    if (!found.ok()) return found.error();
    std::string shown = found->has_value() ? (*found)->display_name : user;
    names_.emplace(user, shown);
    return shown;
  }

 private:
  store::Store& db_;
  std::map<std::string, std::string> names_;
};

}  // namespace supeval::service
