// Numeric option checks with plain-spoken messages.
#include "option_checks.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <system_error>

namespace supeval::cli {
namespace {

constexpr std::int64_t kNoMaximum = std::numeric_limits<std::int64_t>::max();

// `text` read whole as T: nothing when it is no T, and `out_of_range` set
// when it is one beyond T's limits.
template <class T>
std::optional<T> Parse(const std::string& text, bool& out_of_range) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  out_of_range = error == std::errc::result_out_of_range;
  if (stop != end || (error != std::errc() && !out_of_range)) return std::nullopt;
  return value;
}

std::string Shown(double number) {
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, number);
  return {text, written.ptr};
}

}  // namespace

CLI::Validator WholeNumberIn(std::int64_t min, std::int64_t max) {
  const bool bounded = max != kNoMaximum;
  const std::string range = bounded ? std::to_string(min) + ".." + std::to_string(max) : ">=" + std::to_string(min);
  return {[min, max, bounded, range](std::string& text) -> std::string {
            bool out_of_range = false;
            const auto value = Parse<std::int64_t>(text, out_of_range);
            if (!value && !out_of_range) return "'" + text + "' is not a whole number";
            const bool below = out_of_range ? text.front() == '-' : *value < min;
            const bool above = out_of_range ? !below : *value > max;
            if (bounded && (below || above)) return text + " not in " + range;
            if (below) return text + " is less than " + std::to_string(min);
            if (above) return text + " is too large (at most " + std::to_string(max) + ")";
            return {};
          },
          range};
}

CLI::Validator WholeNumberFrom(std::int64_t min) { return WholeNumberIn(min, kNoMaximum); }

CLI::Validator AnyUnsignedWholeNumber() {
  const std::string range = "0.." + std::to_string(std::numeric_limits<std::uint64_t>::max());
  return {[range](std::string& text) -> std::string {
            bool out_of_range = false;
            const auto value = Parse<std::uint64_t>(text, out_of_range);
            if (value && !out_of_range) return {};
            const bool whole = out_of_range || (text.size() > 1 && text.front() == '-' &&
                                                Parse<std::uint64_t>(text.substr(1), out_of_range));
            return whole ? text + " not in " + range : "'" + text + "' is not a whole number";
          },
          range};
}

CLI::Validator NumberFrom(double min) {
  return {[min](std::string& text) -> std::string {
            bool out_of_range = false;
            const auto value = Parse<double>(text, out_of_range);
            if (!value || out_of_range || !std::isfinite(*value)) return "'" + text + "' is not a number";
            if (*value < min) return text + " is less than " + Shown(min);
            return {};
          },
          ">=" + Shown(min)};
}

}  // namespace supeval::cli
