// Result<T>: the value of an operation that can fail on bad input, or the Error
// saying why. Core never throws on bad data; it returns one of these (the shape
// of std::expected, which g++ 12 lacks in C++20; leveldb's Status, abseil's
// StatusOr). Plain values: thread-compatible, no shared state.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace supeval::core {

// Every code but kInternal is the caller's to fix (exit status 2 in the CLI);
// the server answers each with its own status (API.md, "Problems").
enum class ErrorCode {
  kBadInput,     // the data, rule file or arguments break the format (HTTP 400)
  kInternal,     // a broken invariant or an environment failure (exit status 1, HTTP 500)
  kNotFound,     // no such thing, or not the caller's to see (HTTP 404)
  kConflict,     // the target's state forbids it: exists already, already decided (HTTP 409)
  kRefused,      // well-formed, but a rule refuses it: deadline passed, unknown supplier (HTTP 422)
  kUnavailable,  // the database is busy or does not answer; try again (HTTP 503)
};

// Where a problem lies: a file, a 1-based line (0: the file as a whole) and a
// field (column or key) name, each optional.
struct Location {
  std::string file;
  std::uint64_t line = 0;
  std::string field;
};

// One problem, shown as one line: BadInput and Internal write the control
// characters of the message (quoted data: a name with an ESC sequence or a
// line feed) as visible escapes (printable.hpp), and ToString those of the
// location, so that the text can neither drive a terminal nor split in two.
struct Error {
  ErrorCode code = ErrorCode::kBadInput;
  std::string message;
  Location location;
  // A finer reason than the code, named as API.md's problem types
  // ("already-withdrawn", "deadline-passed"); empty: the code's own.
  std::string problem;

  // "file:line: field: message", leaving out the parts that are empty.
  [[nodiscard]] std::string ToString() const;
};

[[nodiscard]] Error BadInput(std::string message, Location location = {});
[[nodiscard]] Error Internal(std::string message);
// An error of `code` (not kBadInput, kInternal: those above), with an
// optional finer problem name.
[[nodiscard]] Error Failure(ErrorCode code, std::string message, std::string problem = {});

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  [[nodiscard]] T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  [[nodiscard]] const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  [[nodiscard]] T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  [[nodiscard]] const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  std::variant<T, Error> state_;
};

// The result of an operation that yields nothing but success or an Error.
struct Ok {};
using Status = Result<Ok>;

}  // namespace supeval::core
