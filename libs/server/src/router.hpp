// Matching a request's path against the route table's patterns: which routes
// a path names (404 when none), which of them takes the method (405 with
// Allow when none).
// Thread-safety: immutable after construction.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "supeval/server/routes.hpp"

namespace supeval::server {

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> parameters;
};

class Router {
 public:
  explicit Router(const RouteTable& routes);

  // The routes whose pattern matches the decoded path `segments`, those with
  // fewer parameters (more literal) first.
  [[nodiscard]] std::vector<RouteMatch> Match(const std::vector<std::string>& segments) const;

  // The route of `matches` that takes `method` (HEAD: the GET route); none
  // when no route does.
  [[nodiscard]] static const RouteMatch* Select(const std::vector<RouteMatch>& matches, std::string_view method);

  // The Allow header for `matches`: their methods, HEAD with GET, OPTIONS.
  [[nodiscard]] static std::string Allow(const std::vector<RouteMatch>& matches);

 private:
  struct Pattern {
    const Route* route;
    std::vector<std::string> segments;  // "{id}" for a parameter
  };
  std::vector<Pattern> patterns_;
};

// The segments of a path pattern or a request path: "/a/b" -> {"a", "b"}.
[[nodiscard]] std::vector<std::string> SplitPath(std::string_view path);

}  // namespace supeval::server
