#include "indexer/triggers/hooks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/text.h"
#include "indexer/git/worktree_status.h"

namespace stc::indexer::triggers {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBegin = "# >>> stc >>>\n";
constexpr std::string_view kEnd = "# <<< stc <<<\n";
constexpr std::string_view kShebang = "#!/bin/sh\n";
constexpr std::string_view kChained = ".stc-chained";
constexpr std::string_view kModeLine = "# stc: ";
constexpr std::string_view kBinLine = "  stc_hook_bin=";
constexpr mode_t kExecutable = 0755;

// A hook file as found on disk.
struct Existing {
  bool present = false;
  bool symlink = false;
  mode_t mode = 0;
  std::string content;  // empty for symlinks
};

std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The lines stc owns in a hook (see hooks.h for what they do).
std::string block(std::string_view hook, std::string_view binary, HookMode mode) {
  const std::string cond = hook == "post-checkout" ? " && [ \"${3:-}\" = 1 ]" : "";
  std::string out(kBegin);
  out += std::string(kModeLine) + to_string(mode) +
         ". Starts a background sleep-time pass; `stc hook uninstall` removes this block.\n";
  out += "if [ \"${STC_NO_HOOK:-}\" != 1 ]" + cond + "; then\n";
  out += std::string(kBinLine) + sh_quote(binary) + "\n";
  out +=
      "  [ -x \"$stc_hook_bin\" ] || stc_hook_bin=$(command -v stc 2>/dev/null) || stc_hook_bin=\n";
  out += "  if [ -n \"$stc_hook_bin\" ]; then\n";
  out += "    (unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX GIT_COMMON_DIR\n";
  out += "     stc_hook_detach=; command -v setsid >/dev/null 2>&1 && stc_hook_detach=setsid\n";
  out +=
      "     $stc_hook_detach nice -n 10 \"$stc_hook_bin\" -C \"$PWD\" -q pass --trigger hook"
      " </dev/null >/dev/null 2>&1 &)\n";
  out += "  fi\n  unset stc_hook_bin\nfi\n";
  if (mode == HookMode::kChained) {
    const std::string chained = "\"$0" + std::string(kChained) + "\"";
    out += "if [ -x " + chained + " ]; then exec " + chained + " \"$@\"; fi\n";
  }
  out += kEnd;
  return out;
}

Result<Existing> inspect(const std::string& path) {
  Existing e;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return e;
    return fail(ErrorCode::kIo, "cannot read " + path + ": " + std::strerror(errno));
  }
  e.present = true;
  e.mode = st.st_mode & 07777;
  e.symlink = S_ISLNK(st.st_mode);
  if (e.symlink) return e;
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  e.content = std::move(buf).str();
  return e;
}

// "\n" + text: `text` at the start of a line.
std::string line_start(std::string_view text) {
  std::string out(1, '\n');
  out.append(text);
  return out;
}

// Offset of stc's block, or npos.
size_t find_block(const std::string& content) {
  if (stc::starts_with(content, kBegin)) return 0;
  const size_t at = content.find(line_start(kBegin));
  return at == std::string::npos ? at : at + 1;
}

// The rest of a line starting with `prefix` inside the block, or "".
std::string block_field(const std::string& content, size_t from, std::string_view prefix) {
  const size_t at = content.find(line_start(prefix), from);
  if (at == std::string::npos) return "";
  const size_t start = at + 1 + prefix.size();
  return content.substr(start, content.find('\n', start) - start);
}

HookMode mode_from(const std::string& word) {
  if (stc::starts_with(word, "inserted")) return HookMode::kInserted;
  if (stc::starts_with(word, "chained")) return HookMode::kChained;
  return HookMode::kCreated;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') s = s.substr(1, s.size() - 2);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 4, "'\\''") == 0) {
      out += '\'';
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

HookInfo describe(const std::string& name, const std::string& path, const Existing& e) {
  HookInfo info{name, path, HookState::kAbsent, HookMode::kNone, ""};
  if (!e.present) return info;
  const size_t at = e.symlink ? std::string::npos : find_block(e.content);
  if (at == std::string::npos) {
    info.state = HookState::kForeign;
    return info;
  }
  info.state = HookState::kInstalled;
  info.mode = mode_from(block_field(e.content, at, kModeLine));
  info.binary = unquote(block_field(e.content, at, kBinLine));
  return info;
}

bool is_shell_script(const Existing& e) {
  if (e.symlink || !(e.mode & S_IXUSR) || !stc::starts_with(e.content, "#!")) return false;
  const size_t nl = e.content.find('\n');
  if (nl == std::string::npos) return false;
  const std::string line = stc::squash_spaces(std::string_view(e.content).substr(2, nl - 2));
  const auto words = stc::split(line, ' ');
  if (words.empty() || words[0].empty()) return false;
  std::string interp = fs::path(std::string(words[0])).filename().string();
  if (interp == "env" && words.size() > 1) interp = std::string(words[1]);
  for (const char* sh : {"sh", "bash", "dash", "ksh", "zsh", "ash"}) {
    if (interp == sh) return true;
  }
  return false;
}

// Writes `content` through a temporary file and a rename, with `mode`.
Status write_file(const std::string& path, const std::string& content, mode_t mode) {
  const std::string tmp = path + ".stc-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) return fail(ErrorCode::kIo, "cannot write " + tmp);
  }
  if (::chmod(tmp.c_str(), mode) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return fail(ErrorCode::kIo, "cannot write " + path + ": " + why);
  }
  return {};
}

// Replaces (or with an empty `replacement`, removes) stc's block. kBadInput
// when the end marker is missing.
Result<std::string> replace_block(const std::string& content, const std::string& path,
                                  const std::string& replacement) {
  const size_t begin = find_block(content);
  const size_t end = content.find(kEnd, begin);
  if (begin == std::string::npos || end == std::string::npos) {
    return fail(ErrorCode::kBadInput, "stc's block in " + path + " lacks its end line '" +
                                          std::string(stc::trim(kEnd)) + "'; fix the hook by hand");
  }
  return content.substr(0, begin) + replacement + content.substr(end + kEnd.size());
}

Status install_fresh(const std::string& path, const std::string& name, const Existing& e,
                     const std::string& binary) {
  if (!e.present) {
    return write_file(path, std::string(kShebang) + block(name, binary, HookMode::kCreated),
                      kExecutable);
  }
  if (is_shell_script(e)) {
    const size_t nl = e.content.find('\n') + 1;
    const std::string updated =
        e.content.substr(0, nl) + block(name, binary, HookMode::kInserted) + e.content.substr(nl);
    return write_file(path, updated, e.mode);
  }
  const std::string chained = path + std::string(kChained);
  if (::access(chained.c_str(), F_OK) == 0 || errno != ENOENT) {
    return fail(ErrorCode::kIo, chained +
                                    " already exists beside a hook stc did not install; "
                                    "move one of them away and run `stc hook install` again");
  }
  if (std::rename(path.c_str(), chained.c_str()) != 0) {
    return fail(ErrorCode::kIo, "cannot move " + path + " aside: " + std::strerror(errno));
  }
  return write_file(path, std::string(kShebang) + block(name, binary, HookMode::kChained),
                    kExecutable);
}

Status install_one(const std::string& path, const std::string& name, const std::string& binary) {
  TRY_ASSIGN(const Existing e, inspect(path));
  const HookInfo info = describe(name, path, e);
  if (info.state != HookState::kInstalled) return install_fresh(path, name, e, binary);
  TRY_ASSIGN(const std::string updated,
             replace_block(e.content, path, block(name, binary, info.mode)));
  if (updated == e.content) return {};
  return write_file(path, updated, e.mode);
}

Status uninstall_one(const std::string& path, const std::string& name) {
  TRY_ASSIGN(const Existing e, inspect(path));
  const HookInfo info = describe(name, path, e);
  if (info.state != HookState::kInstalled) return {};
  TRY_ASSIGN(const std::string rest, replace_block(e.content, path, ""));
  if (info.mode == HookMode::kInserted) return write_file(path, rest, e.mode);
  // Lines a user added to a script stc created stay.
  if (info.mode == HookMode::kCreated && rest != kShebang) return write_file(path, rest, e.mode);
  if (std::remove(path.c_str()) != 0) {
    return fail(ErrorCode::kIo, "cannot remove " + path + ": " + std::strerror(errno));
  }
  const std::string chained = path + std::string(kChained);
  if (info.mode == HookMode::kChained && std::rename(chained.c_str(), path.c_str()) != 0) {
    return fail(ErrorCode::kIo,
                "cannot restore " + path + " from " + chained + ": " + std::strerror(errno));
  }
  return {};
}

Result<HookReport> status_in(const std::string& dir) {
  HookReport report{dir, {}};
  for (const auto& name : hook_names()) {
    const std::string path = dir + "/" + name;
    TRY_ASSIGN(const Existing e, inspect(path));
    report.hooks.push_back(describe(name, path, e));
  }
  return report;
}

}  // namespace

const std::vector<std::string>& hook_names() {
  static const std::vector<std::string> names = {"post-commit", "post-merge", "post-checkout",
                                                 "post-rewrite"};
  return names;
}

const char* to_string(HookState state) {
  switch (state) {
    case HookState::kAbsent:
      return "absent";
    case HookState::kForeign:
      return "foreign";
    case HookState::kInstalled:
      return "installed";
  }
  return "?";
}

const char* to_string(HookMode mode) {
  switch (mode) {
    case HookMode::kNone:
      return "none";
    case HookMode::kCreated:
      return "created";
    case HookMode::kInserted:
      return "inserted";
    case HookMode::kChained:
      return "chained";
  }
  return "?";
}

Result<std::string> hooks_dir(const git::Repository& repo) {
  TRY_ASSIGN(auto status, git::WorktreeStatus::open(repo.git_dir()));
  TRY_ASSIGN(auto configured, status.config_value("core.hooksPath", git::ConfigKind::kPath));
  std::string dir;
  if (configured && !configured->empty()) {
    dir = (*configured)[0] == '/' ? *configured : repo.workdir() + *configured;
  } else {
    dir = repo.common_dir() + "hooks";
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

Result<HookReport> install_hooks(const git::Repository& repo, const std::string& stc_binary) {
  TRY_ASSIGN(const std::string dir, hooks_dir(repo));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create hooks directory " + dir + ": " + ec.message());
  for (const auto& name : hook_names()) TRY(install_one(dir + "/" + name, name, stc_binary));
  return status_in(dir);
}

Result<HookReport> uninstall_hooks(const git::Repository& repo) {
  TRY_ASSIGN(const std::string dir, hooks_dir(repo));
  for (const auto& name : hook_names()) TRY(uninstall_one(dir + "/" + name, name));
  return status_in(dir);
}

Result<HookReport> hook_status(const git::Repository& repo) {
  TRY_ASSIGN(const std::string dir, hooks_dir(repo));
  return status_in(dir);
}

}  // namespace stc::indexer::triggers
