// Expected failures travel as values: Result<T> holds either a T or an Error.
// Exceptions are kept for what must abort (bugs, out of memory).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace followup {

enum class ErrorCode {
  invalid_argument,     // the input is malformed or breaks a rule
  not_found,            // a named thing does not exist
  already_exists,       // creating something that is there already
  conflict,             // a stale or concurrent change
  failed_precondition,  // the step is not allowed in the current state
  permission_denied,    // the acting user's roles do not allow it
  unauthenticated,      // no valid login: a wrong password, an expired session
  resource_exhausted,   // too many attempts: try again later
  unavailable,          // a store or service cannot be reached
  internal,             // a bug or an unexpected failure below us
  data_loss,            // the store's file is damaged: restore a backup
};

const char* to_string(ErrorCode code);

// An error for a person: what is wrong and, for bad input, where.
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // in the words of the request, never of one front end
  std::string file;     // empty when the error is not about an input file
  int line = 0;         // 1-based; 0 when unknown
  // The field of the request at fault, as the request names it ("unit",
  // "add_units", "actor", "rationale", "action_description"); empty when
  // no one field is. Each front end words its own hint from it: the
  // command line names its option, the HTTP API will point into the body.
  std::string field;

  Error() = default;
  Error(ErrorCode c, std::string m, std::string f = {}, int l = 0)
      : code(c), message(std::move(m)), file(std::move(f)), line(l) {}

  // "FILE:LINE: message", "FILE: message" or "message".
  [[nodiscard]] std::string describe() const;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// An error about the request's field `field` (see Error::field).
inline Error field_error(ErrorCode code, std::string field, std::string message) {
  Error e{code, std::move(message)};
  e.field = std::move(field);
  return e;
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_value(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : m_value(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_value); }
  explicit operator bool() const { return ok(); }

  [[nodiscard]] T& value() & {
    assert(ok());
    return std::get<T>(m_value);
  }
  [[nodiscard]] const T& value() const& {
    assert(ok());
    return std::get<T>(m_value);
  }
  [[nodiscard]] T&& value() && {
    assert(ok());
    return std::get<T>(std::move(m_value));
  }
  [[nodiscard]] const Error& error() const {
    assert(!ok());
    return std::get<Error>(m_value);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> m_value;
};

// Result of an operation that returns nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : m_error(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return !m_error.has_value(); }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] const Error& error() const {
    assert(!ok());
    return *m_error;
  }

 private:
  std::optional<Error> m_error;
};

using Status = Result<void>;

}  // namespace followup
