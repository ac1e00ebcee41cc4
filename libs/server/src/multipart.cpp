// multipart/form-data, read strictly (multipart.hpp).
#include "multipart.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace supeval::server {
namespace {

constexpr std::size_t kMaxBoundary = 70;  // RFC 2046, 5.1.1
constexpr std::string_view kCrlf = "\r\n";

core::Error Refuse(std::string message) { return core::BadInput("multipart body: " + std::move(message)); }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RFC 2046's bchars: DIGIT / ALPHA / "'()+_,-./:=?" and space (not last).
bool IsBoundaryChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// RFC 7230's tchar: what a token (a parameter's name or bare value) is made of.
bool IsTokenChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Media-type or Content-Disposition parameters: `; name=value` pairs, the
// value a token or a quoted-string (backslash escapes one character). The
// names are lower-cased; a name given twice is refused.
core::Result<std::vector<std::pair<std::string, std::string>>> Parameters(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> parameters;
  while (true) {
    text = Trim(text);
    if (text.empty()) return parameters;
    if (text.front() != ';') return Refuse("expected ';' before a parameter");
    text = Trim(text.substr(1));
    std::size_t end = 0;
    while (end < text.size() && IsTokenChar(text[end])) ++end;
    if (end == 0 || end == text.size() || text[end] != '=') return Refuse("a parameter without a name or '='");
    std::string name(text.substr(0, end));
    std::transform(name.begin(), name.end(), name.begin(), Lower);
    text.remove_prefix(end + 1);
    std::string value;
    if (!text.empty() && text.front() == '"') {
      std::size_t at = 1;
      for (; at < text.size() && text[at] != '"'; ++at) {
        if (text[at] == '\\' && at + 1 < text.size()) ++at;
        if (text[at] == '\r' || text[at] == '\n') return Refuse("a line break in a quoted parameter");
        value += text[at];
      }
      if (at == text.size()) return Refuse("an unterminated quoted parameter");
      text.remove_prefix(at + 1);
    } else {
      std::size_t length = 0;
      while (length < text.size() && IsTokenChar(text[length])) ++length;
      if (length == 0) return Refuse("parameter '" + name + "' has no value");
      value = std::string(text.substr(0, length));
      text.remove_prefix(length);
    }
    for (const auto& [seen, ignored] : parameters) {
      if (seen == name) return Refuse("parameter '" + name + "' is given twice");
    }
    parameters.emplace_back(std::move(name), std::move(value));
  }
}

std::optional<std::string> Find(const std::vector<std::pair<std::string, std::string>>& parameters,
                                std::string_view name) {
  for (const auto& [key, value] : parameters) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// A file name is a name, never a path: no '/', '\', "..", control
// characters, nor an empty name.
core::Status CheckFilename(const std::string& filename) {
  const bool control = std::any_of(filename.begin(), filename.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
  if (filename.empty() || control || filename.find_first_of("/\\") != std::string::npos ||
      filename.find("..") != std::string::npos) {
    return Refuse("a file name must be a plain name without a path");
  }
  return core::Ok{};
}

// Reads a part's header lines (up to the empty line) into `part`.
core::Status ReadPartHeaders(std::string_view headers, MultipartPart& part) {
  bool disposition = false;
  while (!headers.empty()) {
    const std::size_t end = headers.find(kCrlf);
    const std::string_view line = headers.substr(0, end);
    headers.remove_prefix(end == std::string_view::npos ? headers.size() : end + kCrlf.size());
    const std::size_t colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) {
      return Refuse("a part's header line has no name (or is folded)");
    }
    const std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsIgnoringCase(name, "Content-Disposition")) {
      if (disposition) return Refuse("a part has two Content-Disposition headers");
      disposition = true;
      const std::size_t semicolon = value.find(';');
      if (!EqualsIgnoringCase(Trim(value.substr(0, semicolon)), "form-data")) {
        return Refuse("a part's Content-Disposition must be form-data");
      }
      auto parameters = Parameters(semicolon == std::string_view::npos ? "" : value.substr(semicolon));
      if (!parameters.ok()) return parameters.error();
      const std::optional<std::string> field = Find(*parameters, "name");
      if (!field) return Refuse("a part's Content-Disposition has no name");
      part.name = *field;
      if (const std::optional<std::string> filename = Find(*parameters, "filename")) {
        if (core::Status checked = CheckFilename(*filename); !checked.ok()) return checked;
        part.filename = *filename;
      }
    } else if (EqualsIgnoringCase(name, "Content-Type")) {
      if (value.size() >= 10 && EqualsIgnoringCase(value.substr(0, 10), "multipart/")) {
        return Refuse("nested multipart parts are not accepted");
      }
      part.content_type = std::string(value);
    }
    // Other headers (RFC 7578 knows none besides Content-Transfer-Encoding,
    // which browsers do not send) say nothing about the bytes here.
  }
  if (!disposition) return Refuse("a part has no Content-Disposition");
  return core::Ok{};
}

}  // namespace

core::Result<std::string> MultipartBoundary(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  if (!EqualsIgnoringCase(Trim(content_type.substr(0, semicolon)), "multipart/form-data")) {
    return Refuse("the Content-Type is not multipart/form-data");
  }
  auto parameters = Parameters(semicolon == std::string_view::npos ? "" : content_type.substr(semicolon));
  if (!parameters.ok()) return parameters.error();
  const std::optional<std::string> boundary = Find(*parameters, "boundary");
  if (!boundary) return Refuse("the Content-Type has no boundary");
  if (boundary->empty() || boundary->size() > kMaxBoundary || boundary->back() == ' ' ||
      !std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar)) {
    return Refuse("the boundary must be 1 to 70 letters, digits or '()+_,-./:=? (not ending in a space)");
  }
  return *boundary;
}

core::Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type, std::string_view body) {
  auto boundary = MultipartBoundary(content_type);
  if (!boundary.ok()) return boundary.error();
  const std::string first = "--" + *boundary;
  const std::string delimiter = std::string(kCrlf) + first;
  if (!body.starts_with(first)) return Refuse("the body must begin with the boundary");
  std::string_view rest = body.substr(first.size());
  std::vector<MultipartPart> parts;
  while (true) {
    // After a boundary: "--" closes the body, CRLF starts a part.
    if (rest.starts_with("--")) {
      rest.remove_prefix(2);
      if (!rest.empty() && rest != kCrlf) return Refuse("nothing may follow the closing boundary");
      return parts;
    }
    if (!rest.starts_with(kCrlf)) return Refuse("a boundary must end its line");
    rest.remove_prefix(kCrlf.size());
    // The headers end at the first empty line (a part without headers starts
    // with it, and is refused for want of a Content-Disposition).
    const std::size_t blank = rest.starts_with(kCrlf) ? 0 : rest.find("\r\n\r\n");
    if (blank == std::string_view::npos || blank > kMaxPartHeaderBytes) {
      return Refuse("a part's headers must end with an empty line within 8 KiB");
    }
    MultipartPart part;
    if (core::Status read = ReadPartHeaders(rest.substr(0, blank), part); !read.ok()) return read.error();
    rest.remove_prefix(blank + (blank == 0 ? kCrlf.size() : 2 * kCrlf.size()));
    const std::size_t end = rest.find(delimiter);
    if (end == std::string_view::npos) return Refuse("the body ends without its closing boundary");
    part.body = rest.substr(0, end);
    parts.push_back(std::move(part));
    rest.remove_prefix(end + delimiter.size());
  }
}

}  // namespace supeval::server
