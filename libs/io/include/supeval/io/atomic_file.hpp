// Atomic file output: the content goes to a temporary file beside the target,
// is flushed to disk, and is renamed over the target only when complete — so a
// reader never sees a half-written result, and a failure leaves the old file.
#pragma once

#include <filesystem>
#include <string_view>

#include "supeval/core/result.hpp"

namespace supeval::io {

// Writes `content` to `path` atomically. On failure the target is untouched
// and no temporary file remains. A target that is no regular file (a device
// such as /dev/null, a pipe) is written in place, never replaced; through a
// symbolic link the linked file is replaced and the link kept.
core::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace supeval::io
