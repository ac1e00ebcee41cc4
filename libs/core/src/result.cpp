// Formatting of errors as compilers do: file:line: field: message, on one
// line whatever the data the message quotes.
#include "supeval/core/result.hpp"

#include "supeval/core/printable.hpp"

namespace supeval::core {

std::string Error::ToString() const {
  std::string text;
  // The message was made printable with the error; the location may have
  // been set since (a rule file's name, added by its reader).
  if (!location.file.empty()) {
    text += Printable(location.file);
    if (location.line > 0) text += ":" + std::to_string(location.line);
    text += ": ";
  }
  if (!location.field.empty()) text += Printable(location.field) + ": ";
  text += message;
  return text;
}

Error BadInput(std::string message, Location location) {
  return Error{ErrorCode::kBadInput, Printable(message), std::move(location), {}};
}

Error Internal(std::string message) { return Error{ErrorCode::kInternal, Printable(message), {}, {}}; }

Error Failure(ErrorCode code, std::string message, std::string problem) {
  return Error{code, Printable(message), {}, std::move(problem)};
}

}  // namespace supeval::core
