// Fuzz target: the multipart/form-data reader of `POST /api/v1/imports`.
// Input: the Content-Type on the first line, the body after it.
// Proves, for every input: no crash, no UB, no escaping exception; every
// part's bytes lie inside the body; every file name is a plain name (no
// '/', '\', ".."); and the parts written out again with the same boundary
// read back as the same parts (nothing is lost or invented on the way).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "multipart.hpp"

namespace {

using supeval::server::MultipartPart;

// A quoted-string of `text`, '"' and '\' escaped.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Written(const std::vector<MultipartPart>& parts, const std::string& boundary) {
  std::string body;
  for (const MultipartPart& part : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + Quoted(part.name);
    if (!part.filename.empty()) body += "; filename=" + Quoted(part.filename);
    body += "\r\n";
    if (!part.content_type.empty()) body += "Content-Type: " + part.content_type + "\r\n";
    body += "\r\n" + std::string(part.body) + "\r\n";
  }
  return body + "--" + boundary + "--";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t line_end = input.find('\n');
  if (line_end == std::string_view::npos) return 0;
  const std::string_view type = input.substr(0, line_end);
  const std::string_view body = input.substr(line_end + 1);
  auto parts = supeval::server::ParseMultipart(type, body);
  if (!parts.ok()) return 0;
  for (const MultipartPart& part : *parts) {
    SUPEVAL_FUZZ_CHECK(
        part.body.data() >= body.data() && part.body.data() + part.body.size() <= body.data() + body.size(),
        "a part's bytes lie outside the body");
    SUPEVAL_FUZZ_CHECK(
        part.filename.find_first_of("/\\") == std::string::npos && part.filename.find("..") == std::string::npos,
        "a file name with a path was accepted");
  }
  const auto boundary = supeval::server::MultipartBoundary(type);
  SUPEVAL_FUZZ_CHECK(boundary.ok() && !boundary->empty() && boundary->size() <= 70, "a bad boundary was accepted");
  const std::string again = Written(*parts, *boundary);
  auto reread = supeval::server::ParseMultipart(type, again);
  SUPEVAL_FUZZ_CHECK(reread.ok(), "the parts written out again are refused");
  SUPEVAL_FUZZ_CHECK(reread->size() == parts->size(), "the parts written out again are more or fewer");
  for (std::size_t i = 0; i < parts->size(); ++i) {
    const MultipartPart& a = (*parts)[i];
    const MultipartPart& b = (*reread)[i];
    SUPEVAL_FUZZ_CHECK(
        a.name == b.name && a.filename == b.filename && a.content_type == b.content_type && a.body == b.body,
        "a part written out again reads back otherwise");
  }
  return 0;
}
