// Formatting of errors as compilers do: file:line: field: message.
#include "supeval/core/result.hpp"

namespace supeval::core {

std::string Error::ToString() const {
  std::string text;
  if (!location.file.empty()) {
    text += location.file;
    if (location.line > 0) text += ":" + std::to_string(location.line);
    text += ": ";
  }
  if (!location.field.empty()) text += location.field + ": ";
  text += message;
  return text;
}

Error BadInput(std::string message, Location location) {
  return Error{ErrorCode::kBadInput, std::move(message), std::move(location)};
}

Error Internal(std::string message) { return Error{ErrorCode::kInternal, std::move(message), {}}; }

}  // namespace supeval::core
