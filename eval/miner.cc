// Task mining (see miner.h): one first-parent walk, message and path filters
// per commit, deterministic hash sampling, then the base tree's size for the
// tasks that were kept.

#include "eval/miner.h"

#include <algorithm>
#include <ctime>
#include <optional>

#include "core/commit_message.h"
#include "core/path_kind.h"
#include "core/text.h"
#include "indexer/git/history_walk.h"

namespace stc::eval {
namespace {

std::string repo_name_of(const indexer::git::Repository& repo) {
  std::string dir = repo.workdir();
  while (!dir.empty() && dir.back() == '/') dir.pop_back();
  const size_t slash = dir.rfind('/');
  return slash == std::string::npos ? dir : dir.substr(slash + 1);
}

struct Gold {
  std::vector<std::string> all, src, added;
  int code_files = 0;
  bool pure_rename = true;
};

Gold gold_of(const indexer::git::CommitChanges& c) {
  Gold g;
  for (const indexer::git::FileChange& f : c.files) {
    if (f.kind != 'R') g.pure_rename = false;
    if (f.kind == 'D') continue;
    const PathKind kind = classify_path(f.path);
    if (kind == PathKind::kIgnored) continue;
    g.all.push_back(f.path);
    if (f.kind == 'A' || f.kind == 'R') g.added.push_back(f.path);
    if (kind == PathKind::kSource || kind == PathKind::kOther) g.src.push_back(f.path);
    if (is_code_path(f.path)) ++g.code_files;
  }
  if (c.files.empty()) g.pure_rename = false;
  return g;
}

// The task for `c` (base `parent`), or the reason it is not one.
std::string consider(const indexer::git::CommitChanges& c, const indexer::git::Oid& parent,
                     const MineOptions& o, Task& out) {
  if (c.time < o.since) return "before_since";
  const Described d = describe_commit(c.message, c.parents > 1, o.min_words);
  if (d.description.empty()) return d.skip_reason;
  Gold g = gold_of(c);
  if (g.pure_rename) return "rename";
  if (g.code_files < o.min_files) return "too_few_files";
  if (g.code_files > o.max_files) return "too_many_files";
  if (g.src.empty()) return "no_src_files";
  out.base = parent.hex();
  out.commit = c.id.hex();
  out.description = d.description;
  out.subject = stc::truncate_utf8(stc::squash_spaces(c.summary), 300);
  out.merge = c.parents > 1;
  out.time = c.time;
  out.seq = static_cast<int64_t>(c.position);
  out.gold_all = std::move(g.all);
  out.gold_src = std::move(g.src);
  out.added = std::move(g.added);
  return "";
}

void sample(std::vector<Task>& tasks, int limit) {
  if (limit <= 0 || tasks.size() <= static_cast<size_t>(limit)) return;
  std::stable_sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) {
    return stc::hash_hex(a.commit) < stc::hash_hex(b.commit);
  });
  tasks.resize(static_cast<size_t>(limit));
  std::sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) { return a.seq < b.seq; });
}

Status finish_tasks(const indexer::git::Repository& repo, const MineOptions& o,
                    std::vector<Task>& tasks) {
  const std::string name = o.repo_name.empty() ? repo_name_of(repo) : o.repo_name;
  std::string path = repo.workdir();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  for (Task& t : tasks) {
    t.repo = name;
    t.repo_path = path;
    t.id = name + "-" + t.commit.substr(0, 10);
    TRY_ASSIGN(const indexer::git::Oid base, indexer::git::Oid::from_hex(t.base));
    TRY_ASSIGN(const auto tree, repo.list_tree(base));
    t.tree_files = static_cast<int64_t>(tree.size());
  }
  return {};
}

}  // namespace

Result<int64_t> parse_date(const std::string& date) {
  std::tm tm{};
  const char* end = strptime(date.c_str(), "%Y-%m-%d", &tm);
  if (!end || *end != '\0') {
    return fail(ErrorCode::kBadInput, "bad date '" + date + "': use YYYY-MM-DD");
  }
  return static_cast<int64_t>(timegm(&tm));
}

Result<MineResult> mine_tasks(const indexer::git::Repository& repo, const MineOptions& o,
                              Progress& progress) {
  if (o.min_files < 1 || o.max_files < o.min_files) {
    return fail(ErrorCode::kBadInput, "need 1 <= --min-files <= --max-files");
  }
  TRY_ASSIGN(const indexer::git::CommitInfo head, repo.resolve_commit(o.rev));
  MineResult result;
  std::optional<indexer::git::Oid> previous;
  progress.start("mine", 0);
  TRY(indexer::git::walk_first_parent(
      repo, std::nullopt, head.id, [&](const indexer::git::CommitChanges& c) {
        if (c.position == 1) progress.start("mine", c.total);
        progress.update(c.position);
        ++result.commits_scanned;
        Task task;
        const std::string reason = previous ? consider(c, *previous, o, task) : "root";
        previous = c.id;
        if (reason.empty()) {
          result.tasks.push_back(std::move(task));
        } else {
          ++result.skipped[reason];
        }
        return Status{};
      }));
  progress.finish();
  result.candidates = static_cast<int64_t>(result.tasks.size());
  sample(result.tasks, o.limit);
  TRY(finish_tasks(repo, o, result.tasks));
  return result;
}

}  // namespace stc::eval
