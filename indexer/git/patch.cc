#include "indexer/git/patch.h"

#include "indexer/git/libgit2_util.h"

namespace stc::indexer::git {
namespace {

using PatchPtr = detail::Handle<git_patch, git_patch_free>;

struct Buf {
  git_buf buf = GIT_BUF_INIT;
  ~Buf() { git_buf_dispose(&buf); }
};

}  // namespace

Result<std::string> unified_diff(const std::string& path,
                                 const std::optional<std::string>& old_text,
                                 const std::optional<std::string>& new_text) {
  detail::ensure_init();
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  git_patch* raw = nullptr;
  const int rc = git_patch_from_buffers(
      &raw, old_text ? old_text->data() : nullptr, old_text ? old_text->size() : 0,
      old_text ? path.c_str() : nullptr, new_text ? new_text->data() : nullptr,
      new_text ? new_text->size() : 0, new_text ? path.c_str() : nullptr, &opts);
  if (rc != 0) return tl::unexpected(detail::git_error(ErrorCode::kInternal, "diff of " + path));
  PatchPtr patch(raw);
  if (git_patch_num_hunks(patch.get()) == 0 && old_text && new_text) return std::string();
  Buf out;
  if (git_patch_to_buf(&out.buf, patch.get()) != 0) {
    return tl::unexpected(detail::git_error(ErrorCode::kInternal, "diff of " + path));
  }
  return std::string(out.buf.ptr ? out.buf.ptr : "", out.buf.size);
}

}  // namespace stc::indexer::git
