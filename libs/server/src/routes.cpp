// Request's accessors, Reply's constructors, and the authenticator that knows
// nobody.
#include "supeval/server/routes.hpp"

#include <algorithm>
#include <cctype>

#include "supeval/server/authenticator.hpp"

namespace supeval::server {

std::string_view Request::PathParameter(std::string_view name) const {
  for (const auto& [key, value] : path_parameters) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  const auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  for (const auto& [key, value] : headers) {
    if (std::equal(key.begin(), key.end(), name.begin(), name.end(), same)) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::QueryParameter(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Reply Reply::Json(const nlohmann::json& value, unsigned status) {
  Reply reply;
  reply.status = status;
  // Text a request brought (a query value in a problem's detail) may not be
  // UTF-8: show such bytes as U+FFFD rather than fail the answer.
  reply.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return reply;
}

Reply Reply::NoContent() {
  Reply reply;
  reply.status = 204;
  reply.content_type.clear();
  return reply;
}

core::Result<Authentication> NoAuthenticator::Authenticate(const Credentials& /*credentials*/) {
  return Authentication{};
}

}  // namespace supeval::server
