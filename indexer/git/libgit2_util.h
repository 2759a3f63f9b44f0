#pragma once
// Private to indexer/git/: the libgit2 plumbing its .cc files share — one-time
// library initialisation, the last error as text, and RAII handles.

#include <git2.h>

#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"

namespace stc::indexer::git::detail {

/// Initialises libgit2 once per process, with TLS refused (libgit2_init.cc).
void ensure_init();

inline std::string last_error() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

/// `what: <libgit2's message>` as an Error.
inline Error git_error(ErrorCode code, const std::string& what) {
  return Error{code, what + ": " + last_error()};
}

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};

template <typename T, void (*Free)(T*)>
using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using RepoPtr = Handle<git_repository, git_repository_free>;
using ConfigPtr = Handle<git_config, git_config_free>;

}  // namespace stc::indexer::git::detail
