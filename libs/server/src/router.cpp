// Path patterns: literal segments and {name} parameters.
#include "router.hpp"

#include <algorithm>

namespace supeval::server {
namespace {

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

Router::Router(const RouteTable& routes) {
  patterns_.reserve(routes.size());
  for (const Route& route : routes) patterns_.push_back(Pattern{&route, SplitPath(route.pattern)});
}

std::vector<RouteMatch> Router::Match(const std::vector<std::string>& segments) const {
  std::vector<RouteMatch> matches;
  for (const Pattern& pattern : patterns_) {
    if (pattern.segments.size() != segments.size()) continue;
    RouteMatch match{pattern.route, {}};
    bool matched = true;
    for (std::size_t i = 0; i < segments.size() && matched; ++i) {
      const std::string& expected = pattern.segments[i];
      if (IsParameter(expected)) {
        matched = !segments[i].empty();
        match.parameters.emplace_back(expected.substr(1, expected.size() - 2), segments[i]);
      } else {
        matched = expected == segments[i];
      }
    }
    if (matched) matches.push_back(std::move(match));
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const RouteMatch& a, const RouteMatch& b) { return a.parameters.size() < b.parameters.size(); });
  return matches;
}

const RouteMatch* Router::Select(const std::vector<RouteMatch>& matches, std::string_view method) {
  const std::string_view wanted = method == "HEAD" ? "GET" : method;
  for (const RouteMatch& match : matches) {
    if (match.route->method == wanted) return &match;
  }
  return nullptr;
}

std::string Router::Allow(const std::vector<RouteMatch>& matches) {
  std::vector<std::string> methods;
  for (const RouteMatch& match : matches) {
    methods.push_back(match.route->method);
    if (match.route->method == "GET") methods.emplace_back("HEAD");
  }
  methods.emplace_back("OPTIONS");
  std::sort(methods.begin(), methods.end());
  methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
  std::string allow;
  for (const std::string& method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  return allow;
}

}  // namespace supeval::server
