// Text a command stores with what it changes (who, why, which supplier):
// UTF-8 without NUL bytes, as the interchange files must be (docs/EVALUATION.md,
// "Interchange format"). Stored otherwise, it would break every JSON answer
// that shows it later (runs list --format json, the API).
#pragma once

#include <string>
#include <string_view>

#include "supeval/core/result.hpp"
#include "supeval/core/utf8.hpp"

namespace supeval::service {

// kBadInput naming `option` when `text` is not UTF-8 text.
inline core::Status CheckStoredText(std::string_view text, const std::string& option) {
  if (core::IsUtf8Text(text)) return core::Ok{};
  return core::BadInput("not valid UTF-8 text (it is stored with the change and shown later)", {"", 0, option});
}

}  // namespace supeval::service
