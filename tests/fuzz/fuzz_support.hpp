// What the fuzz targets that read folders share: a scratch folder of their
// own process, and `evaluate --data` as the CLI runs it — the use case, then
// every output format — with the properties every evaluation must have.
// Not thread-safe: one fuzzing thread per process (as libFuzzer runs them).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "supeval/service/evaluate.hpp"

namespace supeval::fuzz {

// A folder of this process's own under the temporary folder ($TMPDIR),
// created on first use and removed when the process exits normally.
const std::filesystem::path& ScratchDirectory();

// Replaces `path`'s contents with `bytes`; aborts when it cannot.
void WriteFile(const std::filesystem::path& path, std::string_view bytes);

// Evaluates as `supeval evaluate --data` does and writes the results in every
// format (and the explanation, when one is asked for), to memory. Checks what
// holds for any input: a refused input says why; every evaluated supplier has
// a finite total and a class that total reaches; an explanation exactly when
// one was asked for.
void EvaluateAndWrite(const service::EvaluateRequest& request);

}  // namespace supeval::fuzz
