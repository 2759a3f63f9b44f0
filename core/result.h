#pragma once
// Result<T> and Error: how every fallible call in stc reports expected failures.
// Bugs are asserts; outside failures (bad input, I/O, a vendor library error)
// travel as an Error up to the one catch site in each binary's main().

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace stc {

/// What kind of failure happened; the CLI maps it to an exit code (README.md).
enum class ErrorCode {
  kBadInput,     // exit 2: not a repository, unknown revision, malformed file...
  kUsage,        // exit 2: bad command-line usage
  kNotFound,     // exit 2 at the CLI: a path or object the user named is absent
  kUnavailable,  // exit 1: a resource exists but cannot be read now (missing blob)
  kIo,           // exit 1: disk, permissions, full disk
  kStore,        // exit 1: SQLite failure
  kInternal,     // exit 1: anything else
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

[[nodiscard]] inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

/// Exit code of a process that failed with `code` (0, 1 or 2; README.md).
[[nodiscard]] inline int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadInput:
    case ErrorCode::kUsage:
    case ErrorCode::kNotFound:
      return 2;
    default:
      return 1;
  }
}

}  // namespace stc

// TRY(expr): evaluate a Result; on error return it from the enclosing function.
#define STC_CONCAT_INNER(a, b) a##b
#define STC_CONCAT(a, b) STC_CONCAT_INNER(a, b)
#define TRY(expr)                                                               \
  do {                                                                          \
    auto&& STC_CONCAT(stc_try_, __LINE__) = (expr);                             \
    if (!STC_CONCAT(stc_try_, __LINE__))                                        \
      return tl::unexpected(std::move(STC_CONCAT(stc_try_, __LINE__)).error()); \
  } while (false)

// TRY_ASSIGN(lhs, expr): `lhs = *expr` or return the error.
#define TRY_ASSIGN(lhs, expr)                                                 \
  auto&& STC_CONCAT(stc_tmp_, __LINE__) = (expr);                             \
  if (!STC_CONCAT(stc_tmp_, __LINE__))                                        \
    return tl::unexpected(std::move(STC_CONCAT(stc_tmp_, __LINE__)).error()); \
  lhs = std::move(*STC_CONCAT(stc_tmp_, __LINE__))
