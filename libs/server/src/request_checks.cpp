// Media types, list parameters, origin and CSRF checks.
#include "request_checks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <variant>

#include "header_text.hpp"

namespace supeval::server {
namespace {

constexpr std::int64_t kMaxLimit = 1000;

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

std::optional<std::int64_t> ParseWhole(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Reads limit or offset into `value` when present and within min..max.
void ReadBound(const Request& request, std::string_view name, std::int64_t min, std::int64_t max, std::int64_t& value,
               std::vector<ParameterProblem>& problems) {
  const auto text = request.QueryParameter(name);
  if (!text) return;
  const auto parsed = ParseWhole(*text);
  if (!parsed || *parsed < min || *parsed > max) {
    std::string range = std::to_string(min) + (max == INT64_MAX ? " or more" : ".." + std::to_string(max));
    problems.push_back({std::string(name), std::string(name) + " must be a whole number, " + range});
    return;
  }
  value = *parsed;
}

std::variant<std::vector<SortKey>, std::string> ParseSort(std::string_view text, const ListSpec& spec) {
  std::vector<SortKey> keys;
  for (std::string_view item : SplitList(text, ',')) {
    SortKey key;
    key.descending = item.starts_with('-');
    if (key.descending) item.remove_prefix(1);
    key.field = std::string(item);
    if (std::find(spec.sort_fields.begin(), spec.sort_fields.end(), key.field) == spec.sort_fields.end()) {
      return "sort: '" + key.field + "' is not a sortable field of this list";
    }
    if (std::any_of(keys.begin(), keys.end(), [&](const SortKey& k) { return k.field == key.field; })) {
      return "sort: '" + key.field + "' is named twice";
    }
    keys.push_back(std::move(key));
  }
  return keys;
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
  }
  return false;
}

std::variant<ListParameters, std::vector<ParameterProblem>> ReadListParameters(const Request& request,
                                                                               const ListSpec& spec) {
  ListParameters list;
  std::vector<ParameterProblem> problems;
  ReadBound(request, "limit", 1, kMaxLimit, list.limit, problems);
  ReadBound(request, "offset", 0, INT64_MAX, list.offset, problems);
  const auto sort_text = request.QueryParameter("sort");
  auto sort = ParseSort(sort_text ? *sort_text : std::string_view(spec.default_sort), spec);
  if (auto* message = std::get_if<std::string>(&sort)) {
    problems.push_back({"sort", std::move(*message)});
  } else {
    list.sort = std::move(std::get<std::vector<SortKey>>(sort));
  }
  if (!problems.empty()) return problems;
  return list;
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
