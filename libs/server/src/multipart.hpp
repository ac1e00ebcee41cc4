// A strict reader of multipart/form-data bodies (RFC 7578 over RFC 2046's
// framing), for `POST /api/v1/imports` (API.md, "Runs, imports, holds,
// rules"): the boundary from the Content-Type, CRLF line ends, each part's
// Content-Disposition `form-data` with its `name` and `filename`, no nested
// multipart, file names without paths. What browsers and curl send is
// accepted; anything looser (a preamble, bare LF line ends, a missing close
// delimiter, a path in a file name) is refused with a message saying what,
// never guessed at. The parts are views into the body: nothing is copied.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "supeval/core/result.hpp"

namespace supeval::server {

struct MultipartPart {
  std::string name;          // the form field's name (Content-Disposition `name`)
  std::string filename;      // the file's name; empty for a field that is no file
  std::string content_type;  // as sent; empty when none
  std::string_view body;     // the part's bytes, a view into the whole body
};

// The boundary of a `multipart/form-data; boundary=...` media type (the
// parameter quoted or not, 1-70 characters of RFC 2046's bchars, not ending
// in a space), or kBadInput.
[[nodiscard]] core::Result<std::string> MultipartBoundary(std::string_view content_type);

// The parts of `body`, in order; kBadInput naming the first problem. Parts
// are limited to kMaxPartHeaderBytes of headers each.
[[nodiscard]] core::Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type,
                                                                      std::string_view body);

inline constexpr std::size_t kMaxPartHeaderBytes = 8192;

}  // namespace supeval::server
