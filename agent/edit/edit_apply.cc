#include "agent/edit/edit_apply.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace stc::agent::edit {
namespace fs = std::filesystem;
namespace {

struct Staged {
  const FileChange* change = nullptr;
  fs::path tmp;
};

tl::unexpected<Error> io_error(const std::string& what, int err) {
  return fail(ErrorCode::kIo, what + ": " + std::strerror(err));
}

// Creates the missing directories above `file`, top down, recording each.
Status make_parents(const fs::path& file, std::vector<fs::path>& created) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path dir = file.parent_path(); !dir.empty() && !fs::exists(dir, ec);
       dir = dir.parent_path()) {
    missing.push_back(dir);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, ec) || ec) {
      return fail(ErrorCode::kIo, "cannot create directory " + it->string() + ": " +
                                      (ec ? ec.message() : "exists"));
    }
    created.push_back(*it);
  }
  return {};
}

mode_t mode_for(const fs::path& target) {
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) return st.st_mode & 07777;
  return 0644;
}

// Writes `content` to a new temporary file beside `target`; returns its path.
Result<fs::path> write_temp(const fs::path& target, const std::string& content) {
  std::string name = target.filename().string();
  name.insert(0, 1, '.');
  std::string tmpl = (target.parent_path() / (name + ".stc-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return io_error("cannot write beside " + target.string(), errno);
  size_t done = 0;
  int err = 0;
  while (done < content.size() && err == 0) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno != EINTR) err = errno;
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (err == 0 && ::fchmod(fd, mode_for(target)) != 0) err = errno;
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(tmpl.c_str());
    return io_error("cannot write " + target.string(), err);
  }
  return fs::path(tmpl);
}

void discard(const std::vector<Staged>& staged, size_t from,
             const std::vector<fs::path>& created_dirs) {
  for (size_t i = from; i < staged.size(); ++i) ::unlink(staged[i].tmp.c_str());
  for (auto it = created_dirs.rbegin(); it != created_dirs.rend(); ++it) {
    std::error_code ec;
    fs::remove(*it, ec);  // only when empty; fails harmlessly otherwise
  }
}

// Puts back the first `count` committed changes; returns the files it could not restore.
std::string restore(const std::vector<Staged>& staged, size_t count) {
  std::string failed;
  for (size_t i = 0; i < count; ++i) {
    const FileChange& c = *staged[i].change;
    bool ok = true;
    if (!c.old_content) {
      ok = ::unlink(c.target.abs.c_str()) == 0;
    } else if (auto tmp = write_temp(c.target.abs, *c.old_content)) {
      ok = ::rename(tmp->c_str(), c.target.abs.c_str()) == 0;
    } else {
      ok = false;
    }
    if (!ok) failed += (failed.empty() ? "" : ", ") + c.target.resolved;
  }
  return failed;
}

Status stage_all(const std::vector<FileChange>& changes, std::vector<Staged>& staged,
                 std::vector<fs::path>& created_dirs) {
  for (const auto& c : changes) {
    if (!c.changes_anything()) continue;
    TRY(make_parents(c.target.abs, created_dirs));
    TRY_ASSIGN(fs::path tmp, write_temp(c.target.abs, c.new_content));
    staged.push_back(Staged{&c, std::move(tmp)});
  }
  return {};
}

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

// A NUL byte in the new text would make a source file binary: refuse it.
Status check_no_nul(const Target& target, const FileEdit& edit) {
  bool nul = has_nul(edit.content);
  for (const auto& b : edit.blocks) nul = nul || has_nul(b.search) || has_nul(b.replace);
  if (!nul) return {};
  return fail(ErrorCode::kUnavailable,
              "the edit of " + target.resolved +
                  " contains a NUL byte; source files are text, so reply without NUL bytes");
}

}  // namespace

Result<std::optional<std::string>> read_current(const Target& target) {
  std::error_code ec;
  if (!fs::exists(target.abs, ec)) return std::optional<std::string>();
  std::ifstream in(target.abs, std::ios::binary);
  if (!in.is_open()) return fail(ErrorCode::kIo, "cannot read " + target.resolved);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return fail(ErrorCode::kIo, "cannot read " + target.resolved);
  return std::optional<std::string>(text.str());
}

Result<FileChange> compute_change(const Target& target, const std::optional<std::string>& current,
                                  const FileEdit& edit) {
  TRY(check_no_nul(target, edit));
  FileChange change{target, edit.action, current, {}};
  if (edit.action == Action::kCreate) {
    change.new_content = edit.content;
    return change;
  }
  if (!current) return fail(ErrorCode::kUnavailable, target.resolved + " does not exist");
  auto applied = apply_blocks(*current, edit.blocks);
  if (!applied) return fail(applied.error().code, target.resolved + ": " + applied.error().message);
  change.new_content = std::move(*applied);
  return change;
}

Status apply_all(const std::vector<FileChange>& changes) {
  std::vector<Staged> staged;
  std::vector<fs::path> created_dirs;
  if (Status st = stage_all(changes, staged, created_dirs); !st) {
    discard(staged, 0, created_dirs);
    return fail(st.error().code, st.error().message + "; nothing was changed");
  }
  for (size_t i = 0; i < staged.size(); ++i) {
    if (::rename(staged[i].tmp.c_str(), staged[i].change->target.abs.c_str()) == 0) continue;
    const int err = errno;
    const std::string failed = restore(staged, i);
    discard(staged, i, created_dirs);
    const std::string what =
        "cannot replace " + staged[i].change->target.resolved + ": " + std::strerror(err);
    return fail(ErrorCode::kIo, failed.empty() ? what + "; nothing was changed"
                                               : what + "; could not restore " + failed);
  }
  return {};
}

}  // namespace stc::agent::edit
