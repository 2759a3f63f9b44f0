// libgit2's one-time initialisation (libgit2_util.h, ensure_init).
//
// stc reads local repositories only: it never fetches, clones or pushes. Yet
// git_libgit2_init() initialises every transport, and Debian's libgit2 builds
// its TLS stream on mbedTLS, whose initialisation parses the system's whole
// CA bundle — about 7 ms of every stc command, more than a pass spends on
// most of its stages. So:
//  - when libgit2 is linked statically (cmake/system_libs.cmake), the link
//    wraps git_mbedtls_stream_global_init (`--wrap`) with the no-op below:
//    mbedTLS is never set up;
//  - in every build, a TLS stream registered here replaces libgit2's own and
//    refuses with a clear error, so nothing can reach the uninitialised
//    backend (and no build silently opens TLS connections).

#include <git2.h>
#include <git2/sys/stream.h>

#include <mutex>
#include <string>

#include "indexer/git/libgit2_util.h"

// NOLINTNEXTLINE(bugprone-reserved-identifier): the name `ld --wrap` gives it.
extern "C" int __wrap_git_mbedtls_stream_global_init(void) { return 0; }

namespace stc::indexer::git::detail {
namespace {

int refuse_tls(git_stream** /*out*/, const char* host, const char* /*port*/) {
  git_error_set_str(GIT_ERROR_NET, (std::string("stc opens no network connection (asked for ") +
                                    (host ? host : "a host") + ")")
                                       .c_str());
  return -1;
}

int refuse_tls_wrap(git_stream** out, git_stream* /*in*/, const char* host) {
  return refuse_tls(out, host, nullptr);
}

}  // namespace

void ensure_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    static git_stream_registration refusing{GIT_STREAM_VERSION, refuse_tls, refuse_tls_wrap};
    git_stream_register(GIT_STREAM_TLS, &refusing);
  });
}

}  // namespace stc::indexer::git::detail
