// Media types, list parameters, origin and CSRF checks.
#include "request_checks.hpp"

#include <algorithm>
#include <array>

#include "header_text.hpp"

namespace supeval::server {
namespace {

// Only `charset=utf-8` (quoted or not) may follow a JSON type.
bool OnlyUtf8Charset(const std::vector<std::string_view>& parameters) {
  return std::all_of(parameters.begin() + 1, parameters.end(), [](std::string_view parameter) {
    const auto equals = parameter.find('=');
    if (equals == std::string_view::npos) return false;
    std::string_view value = TrimSpace(parameter.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return AsciiLower(TrimSpace(parameter.substr(0, equals))) == "charset" && AsciiLower(value) == "utf-8";
  });
}

}  // namespace

bool AcceptsMediaType(BodyKind kind, std::string_view content_type) {
  const std::vector<std::string_view> parts = SplitList(content_type, ';');
  const std::string type = AsciiLower(parts.front());
  switch (kind) {
    case BodyKind::kNone:
    case BodyKind::kJson:
      return type == "application/json" && OnlyUtf8Charset(parts);
    case BodyKind::kMergePatch:
      return (type == "application/json" || type == "application/merge-patch+json") && OnlyUtf8Charset(parts);
    case BodyKind::kMultipart:
      return type == "multipart/form-data";
    case BodyKind::kFile:
      return parts.size() == 1 && (type == "application/pdf" || type == "image/png" || type == "image/jpeg");
  }
  return false;
}

std::vector<ParameterProblem> CheckListParameters(const Request& request, const ListSpec& spec) {
  std::vector<ParameterProblem> problems;
  const auto note = [&](const core::Error& error) { problems.push_back({error.location.field, error.message}); };
  const auto text = [&](std::string_view name) -> std::optional<std::string> {
    const auto value = request.QueryParameter(name);
    return value ? std::optional<std::string>(*value) : std::nullopt;
  };
  // One at a time, so that each bad parameter is named.
  if (auto limit = service::ParsePaging(text("limit"), std::nullopt); !limit.ok()) note(limit.error());
  if (auto offset = service::ParsePaging(std::nullopt, text("offset")); !offset.ok()) note(offset.error());
  if (spec.sort != nullptr) {
    if (auto sort = service::ParseSort(*spec.sort, text("sort")); !sort.ok()) note(sort.error());
  }
  return problems;
}

bool IsCrossOrigin(std::optional<std::string_view> origin, std::optional<std::string_view> fetch_site,
                   std::string_view scheme, std::string_view host) {
  if (fetch_site && AsciiLower(TrimSpace(*fetch_site)) == "cross-site") return true;
  if (!origin) return false;
  const std::string own = std::string(scheme) + "://" + std::string(host);
  return AsciiLower(TrimSpace(*origin)) != AsciiLower(own);
}

bool IsStateChanging(std::string_view method) {
  constexpr std::array<std::string_view, 4> kChanging = {"POST", "PUT", "PATCH", "DELETE"};
  return std::find(kChanging.begin(), kChanging.end(), method) != kChanging.end();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  volatile unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference =
        static_cast<unsigned char>(difference | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  }
  return difference == 0;
}

std::optional<std::string> CookieValue(std::string_view cookie_header, std::string_view name) {
  for (std::string_view pair : SplitList(cookie_header, ';')) {
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && TrimSpace(pair.substr(0, equals)) == name) {
      return std::string(TrimSpace(pair.substr(equals + 1)));
    }
  }
  return std::nullopt;
}

std::optional<std::string> BearerToken(std::string_view authorization) {
  const std::string_view value = TrimSpace(authorization);
  const auto space = value.find(' ');
  if (space == std::string_view::npos || AsciiLower(value.substr(0, space)) != "bearer") return std::nullopt;
  const std::string_view token = TrimSpace(value.substr(space + 1));
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

}  // namespace supeval::server
