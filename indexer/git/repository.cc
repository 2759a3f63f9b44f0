#include "indexer/git/repository.h"

#include "indexer/git/libgit2_util.h"

#include <sys/stat.h>
#include <algorithm>
#include <cstring>
#include <mutex>

namespace stc::indexer::git {
namespace {

using detail::ConfigPtr;
using detail::ensure_init;
using detail::Handle;
using detail::last_error;
using detail::RepoPtr;

Error git_fail(ErrorCode code, const std::string& what) { return detail::git_error(code, what); }

using ObjectPtr = Handle<git_object, git_object_free>;
using CommitPtr = Handle<git_commit, git_commit_free>;
using TreePtr = Handle<git_tree, git_tree_free>;
using BlobPtr = Handle<git_blob, git_blob_free>;
using EntryPtr = Handle<git_tree_entry, git_tree_entry_free>;

Oid from_git(const git_oid* id) {
  Oid out;
  std::memcpy(out.bytes.data(), id->id, out.bytes.size());
  return out;
}

git_oid to_git(const Oid& oid) {
  git_oid out;
  std::memcpy(out.id, oid.bytes.data(), oid.bytes.size());
  return out;
}

EntryKind kind_of(git_filemode_t mode) {
  switch (mode) {
    case GIT_FILEMODE_LINK:
      return EntryKind::kSymlink;
    case GIT_FILEMODE_COMMIT:
      return EntryKind::kSubmodule;
    case GIT_FILEMODE_BLOB_EXECUTABLE:
      return EntryKind::kExecutable;
    default:
      return EntryKind::kFile;
  }
}

std::string with_slash(const char* p) {
  std::string s = p ? p : "";
  if (!s.empty() && s.back() != '/') s.push_back('/');
  return s;
}

}  // namespace

std::string Oid::hex() const {
  static const char* digits = "0123456789abcdef";
  std::string out(40, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  return out;
}

Result<Oid> Oid::from_hex(std::string_view hex) {
  git_oid id;
  if (hex.size() != 40 || git_oid_fromstrn(&id, hex.data(), hex.size()) != 0) {
    return fail(ErrorCode::kBadInput, "not an object id: '" + std::string(hex) + "'");
  }
  return from_git(&id);
}

bool Oid::is_zero() const {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

size_t OidHash::operator()(const Oid& oid) const noexcept {
  size_t h;
  std::memcpy(&h, oid.bytes.data(), sizeof h);
  return h;
}

struct Repository::Impl {
  RepoPtr repo;
};

Repository::Repository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

Result<Repository> Repository::discover(const std::string& start_dir) {
  ensure_init();
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, start_dir.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    return fail(ErrorCode::kBadInput, "not a git repository (or any parent up to /): " + start_dir +
                                          "; run stc inside a git work tree or pass -C DIR");
  }
  if (rc != 0) return tl::unexpected(git_fail(ErrorCode::kBadInput, "cannot open repository"));
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  if (git_repository_is_bare(raw)) {
    return fail(ErrorCode::kBadInput, "bare repository at " +
                                          std::string(git_repository_path(raw)) +
                                          " has no work tree; run stc in a clone with a work tree");
  }
  return Repository(std::move(impl));
}

Result<Repository> Repository::open(const std::string& git_dir) {
  ensure_init();
  git_repository* raw = nullptr;
  if (git_repository_open(&raw, git_dir.c_str()) != 0) {
    return tl::unexpected(git_fail(ErrorCode::kBadInput, "cannot open repository " + git_dir));
  }
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  return Repository(std::move(impl));
}

std::string Repository::workdir() const {
  return with_slash(git_repository_workdir(impl_->repo.get()));
}
std::string Repository::git_dir() const {
  return with_slash(git_repository_path(impl_->repo.get()));
}
std::string Repository::common_dir() const {
  return with_slash(git_repository_commondir(impl_->repo.get()));
}
Result<CommitInfo> Repository::resolve_commit(std::string_view rev) const {
  git_repository* repo = impl_->repo.get();
  if (rev == "HEAD" && git_repository_head_unborn(repo) == 1) {
    return fail(ErrorCode::kBadInput,
                "the repository has no commits yet (HEAD is unborn); commit something first");
  }
  git_object* raw = nullptr;
  const std::string spec(rev);
  if (git_revparse_single(&raw, repo, spec.c_str()) != 0) {
    return fail(ErrorCode::kBadInput, "unknown revision '" + spec + "': " + last_error());
  }
  ObjectPtr obj(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj.get(), GIT_OBJECT_COMMIT) != 0) {
    return fail(ErrorCode::kBadInput, "revision '" + spec + "' does not name a commit");
  }
  CommitPtr commit(reinterpret_cast<git_commit*>(peeled));
  CommitInfo info;
  info.id = from_git(git_commit_id(commit.get()));
  const char* summary = git_commit_summary(commit.get());
  info.summary = summary ? summary : "";
  info.time = git_commit_time(commit.get());
  return info;
}

namespace {

Result<TreePtr> tree_of(git_repository* repo, const Oid& commit_id) {
  git_oid id = to_git(commit_id);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &id) != 0) {
    return tl::unexpected(git_fail(ErrorCode::kBadInput, "cannot read commit " + commit_id.hex()));
  }
  CommitPtr commit(raw);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit.get()) != 0) {
    return tl::unexpected(
        git_fail(ErrorCode::kUnavailable, "cannot read tree of " + commit_id.hex()));
  }
  return TreePtr(tree);
}

int collect_entry(const char* root, const git_tree_entry* entry, void* payload) {
  auto* out = static_cast<std::vector<TreeEntry>*>(payload);
  const git_object_t type = git_tree_entry_type(entry);
  if (type == GIT_OBJECT_TREE) return 0;
  TreeEntry e;
  e.path = std::string(root) + git_tree_entry_name(entry);
  e.oid = from_git(git_tree_entry_id(entry));
  e.kind = kind_of(git_tree_entry_filemode(entry));
  out->push_back(std::move(e));
  return 0;
}

// A two-tree diff that, like git's own, reads only the subtrees whose ids
// differ (libgit2's git_diff_tree_to_tree expands every subtree of both
// trees: 35-45 ms on typeshed for a one-file commit, against under 2 ms for
// the trees on the changed path). Its output is libgit2's for this case: one
// change per blob, symlink or submodule path, in tree order; a change of
// basic type (file <-> symlink <-> submodule) is a deletion and an addition;
// an executable bit flipped on the same content is a modification.
class TreeDiff {
 public:
  TreeDiff(git_repository* repo, std::vector<Change>& out) : repo_(repo), out_(out) {}

  Status trees(const git_tree* a, const git_tree* b, const std::string& prefix) {
    const size_t na = a ? git_tree_entrycount(a) : 0;
    const size_t nb = b ? git_tree_entrycount(b) : 0;
    size_t i = 0;
    size_t j = 0;
    while (i < na || j < nb) {
      const git_tree_entry* ea = i < na ? git_tree_entry_byindex(a, i) : nullptr;
      const git_tree_entry* eb = j < nb ? git_tree_entry_byindex(b, j) : nullptr;
      const int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);
      if (cmp < 0) {
        TRY(one_side(ea, prefix, Change::Kind::kDeleted));
        ++i;
      } else if (cmp > 0) {
        TRY(one_side(eb, prefix, Change::Kind::kAdded));
        ++j;
      } else {
        TRY(both(ea, eb, prefix));
        ++i;
        ++j;
      }
    }
    return {};
  }

 private:
  static constexpr uint32_t kTypeMask = 0170000;  // git's basic type bits of a mode

  Result<TreePtr> subtree(const git_tree_entry* e) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo_, git_tree_entry_id(e)) != 0) {
      return tl::unexpected(git_fail(ErrorCode::kUnavailable, "cannot read a tree to diff"));
    }
    return TreePtr(raw);
  }

  Status both(const git_tree_entry* ea, const git_tree_entry* eb, const std::string& prefix) {
    const auto ma = static_cast<uint32_t>(git_tree_entry_filemode(ea));
    const auto mb = static_cast<uint32_t>(git_tree_entry_filemode(eb));
    if (ma == mb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))) return {};
    if (git_tree_entry_type(ea) == GIT_OBJECT_TREE) {  // both are trees: same name in tree order
      TRY_ASSIGN(TreePtr ta, subtree(ea));
      TRY_ASSIGN(TreePtr tb, subtree(eb));
      return trees(ta.get(), tb.get(), prefix + git_tree_entry_name(ea) + "/");
    }
    if ((ma & kTypeMask) != (mb & kTypeMask)) {
      TRY(one_side(ea, prefix, Change::Kind::kDeleted));
      return one_side(eb, prefix, Change::Kind::kAdded);
    }
    Change c;
    c.kind = Change::Kind::kModified;
    c.path = prefix + git_tree_entry_name(eb);
    c.old_oid = from_git(git_tree_entry_id(ea));
    c.new_oid = from_git(git_tree_entry_id(eb));
    c.new_kind = kind_of(static_cast<git_filemode_t>(mb));
    out_.push_back(std::move(c));
    return {};
  }

  // An entry on one side only: itself, or every entry under it.
  Status one_side(const git_tree_entry* e, const std::string& prefix, Change::Kind kind) {
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      TRY_ASSIGN(TreePtr t, subtree(e));
      const std::string below = prefix + git_tree_entry_name(e) + "/";
      return kind == Change::Kind::kAdded ? trees(nullptr, t.get(), below)
                                          : trees(t.get(), nullptr, below);
    }
    Change c;
    c.kind = kind;
    c.path = prefix + git_tree_entry_name(e);
    if (kind == Change::Kind::kAdded) {
      c.new_oid = from_git(git_tree_entry_id(e));
      c.new_kind = kind_of(git_tree_entry_filemode(e));
    } else {
      c.old_oid = from_git(git_tree_entry_id(e));
    }
    out_.push_back(std::move(c));
    return {};
  }

  git_repository* repo_;
  std::vector<Change>& out_;
};

}  // namespace

Result<std::vector<TreeEntry>> Repository::list_tree(const Oid& commit) const {
  TRY_ASSIGN(TreePtr tree, tree_of(impl_->repo.get(), commit));
  std::vector<TreeEntry> entries;
  if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_entry, &entries) != 0) {
    return tl::unexpected(git_fail(ErrorCode::kUnavailable, "cannot walk tree of " + commit.hex()));
  }
  std::sort(entries.begin(), entries.end(),
            [](const TreeEntry& a, const TreeEntry& b) { return a.path < b.path; });
  return entries;
}

Result<std::vector<Change>> Repository::diff_commits(const Oid& from, const Oid& to) const {
  git_repository* repo = impl_->repo.get();
  TRY_ASSIGN(TreePtr old_tree, tree_of(repo, from));
  TRY_ASSIGN(TreePtr new_tree, tree_of(repo, to));
  std::vector<Change> changes;
  TRY(TreeDiff(repo, changes).trees(old_tree.get(), new_tree.get(), ""));
  return changes;
}

Result<Blob> Repository::read_blob(const Oid& oid) const {
  git_oid id = to_git(oid);
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, impl_->repo.get(), &id) != 0) {
    return tl::unexpected(
        git_fail(ErrorCode::kUnavailable, "blob " + oid.hex() + " is not in the object database"));
  }
  BlobPtr blob(raw);
  const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  Blob out;
  out.content.assign(data, static_cast<size_t>(git_blob_rawsize(blob.get())));
  return out;
}

Result<std::string> Repository::read_path(const Oid& commit, std::string_view path) const {
  TRY_ASSIGN(TreePtr tree, tree_of(impl_->repo.get(), commit));
  git_tree_entry* raw = nullptr;
  const std::string p(path);
  if (git_tree_entry_bypath(&raw, tree.get(), p.c_str()) != 0) {
    return fail(ErrorCode::kNotFound, p + " is not in commit " + commit.hex());
  }
  EntryPtr entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
    return fail(ErrorCode::kNotFound, p + " is not a file in commit " + commit.hex());
  }
  TRY_ASSIGN(Blob blob, read_blob(from_git(git_tree_entry_id(entry.get()))));
  return std::move(blob.content);
}

bool Repository::has_commit(const Oid& commit) const {
  git_oid id = to_git(commit);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, impl_->repo.get(), &id) != 0) return false;
  git_commit_free(raw);
  return true;
}

Result<Oid> Repository::root_commit(const Oid& commit) const {
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, impl_->repo.get()) != 0) {
    return tl::unexpected(git_fail(ErrorCode::kUnavailable, "root commit"));
  }
  Handle<git_revwalk, git_revwalk_free> walk(raw);
  git_revwalk_simplify_first_parent(walk.get());
  git_oid id = to_git(commit);
  if (git_revwalk_push(walk.get(), &id) != 0) {
    return tl::unexpected(git_fail(ErrorCode::kUnavailable, "root commit of " + commit.hex()));
  }
  git_oid step;
  git_oid last = id;
  int rc = 0;
  while ((rc = git_revwalk_next(&step, walk.get())) == 0) last = step;
  if (rc != GIT_ITEROVER) {
    return tl::unexpected(git_fail(ErrorCode::kUnavailable, "root commit of " + commit.hex()));
  }
  return from_git(&last);
}

Result<std::vector<std::pair<std::string, std::string>>> read_config_file(const std::string& path) {
  ensure_init();
  std::vector<std::pair<std::string, std::string>> out;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return out;
  git_config* raw = nullptr;
  if (git_config_open_ondisk(&raw, path.c_str()) != 0) {
    return tl::unexpected(git_fail(ErrorCode::kBadInput, "cannot parse " + path));
  }
  ConfigPtr cfg(raw);
  auto cb = [](const git_config_entry* e, void* payload) -> int {
    static_cast<decltype(out)*>(payload)->emplace_back(e->name, e->value ? e->value : "true");
    return 0;
  };
  if (git_config_foreach(cfg.get(), cb, &out) != 0) {
    return tl::unexpected(git_fail(ErrorCode::kBadInput, "cannot read " + path));
  }
  return out;
}

}  // namespace stc::indexer::git
