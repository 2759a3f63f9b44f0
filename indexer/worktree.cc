#include "indexer/worktree.h"

#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "indexer/git/worktree_status.h"
#include "indexer/skeleton.h"
#include "indexer/syntax/extractor.h"

namespace stc::indexer {
namespace {

constexpr size_t kBinarySniffBytes = 8000;
constexpr size_t kBatchFiles = 200;

struct Candidate {
  std::string path;
  std::string language;
  std::string content;
};

bool looks_binary(const std::string& content) {
  const size_t n = std::min(content.size(), kBinarySniffBytes);
  return std::memchr(content.data(), '\0', n) != nullptr;
}

std::optional<std::string> read_file(const std::string& abs) {
  std::ifstream in(abs, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(buf).str();
}

// Reads a changed file when it is worth parsing; nullopt (counted as skipped,
// or as an error when unreadable) otherwise.
std::optional<Candidate> load(const Workspace& ws, const std::string& path, WorktreeReport& r) {
  Candidate c{path, std::string(syntax::language_for_path(path)), {}};
  const std::string abs = ws.repo.workdir() + path;
  struct stat st {};
  const bool regular = ::lstat(abs.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (c.language.empty() || !regular || ws.config.index.exclude.matches(path) ||
      static_cast<uint64_t>(st.st_size) > ws.config.index.max_file_bytes) {
    ++r.files_skipped;
    return std::nullopt;
  }
  auto content = read_file(abs);
  if (!content) {
    r.errors.push_back(path + ": cannot read the work-tree file");
    return std::nullopt;
  }
  if (content->size() > ws.config.index.max_file_bytes || looks_binary(*content)) {
    ++r.files_skipped;
    return std::nullopt;
  }
  c.content = std::move(*content);
  return c;
}

// The blob record the indexer would store for this content (see parse_one).
store::BlobRecord parse(syntax::Extractor& extractor, const Candidate& c, const std::string& oid,
                        WorktreeReport& r) {
  store::BlobRecord record;
  record.oid = oid;
  record.language = c.language;
  record.bytes = c.content.size();
  auto facts = extractor.extract(c.language, c.content);
  if (!facts) {
    r.errors.push_back(c.path + ": " + facts.error().message);
  } else {
    record.facts = std::move(*facts);
    record.skeleton = render_skeleton(record.facts);
  }
  return record;
}

Status store_missing(const Workspace& ws, store::IndexStore& store,
                     const std::vector<std::string>& paths, WorktreeReport& r, Progress& progress) {
  syntax::Extractor extractor;
  size_t in_batch = 0;
  size_t done = 0;
  progress.start("work tree", paths.size());
  for (const auto& path : paths) {
    progress.update(done++);
    auto c = load(ws, path, r);
    if (!c) continue;
    ++r.files_seen;
    const std::string oid = git::hash_blob(c->content).hex();
    TRY_ASSIGN(auto known, store.find_blob(oid, c->language));
    if (known) {
      ++r.files_cached;
      r.files.push_back(
          store::FileRecord{path, oid, c->language, store::FileStatus::kIndexed, *known});
      continue;
    }
    TRY_ASSIGN(const int64_t id, store.put_blob(parse(extractor, *c, oid, r)));
    r.files.push_back(store::FileRecord{path, oid, c->language, store::FileStatus::kIndexed, id});
    ++r.files_parsed;
    if (++in_batch >= kBatchFiles) {
      TRY(store.commit());
      TRY(store.begin());
      in_batch = 0;
    }
  }
  progress.update(done);
  progress.finish();
  return {};
}

}  // namespace

Result<WorktreeReport> prewarm_worktree(Workspace& ws, store::IndexStore& store,
                                        Progress& progress) {
  TRY_ASSIGN(auto status, git::WorktreeStatus::open(ws.repo.git_dir()));
  TRY_ASSIGN(const auto paths, status.changed_files());
  WorktreeReport report;
  if (paths.empty()) return report;
  TRY(store.begin());
  if (auto st = store_missing(ws, store, paths, report, progress); !st) {
    store.rollback();
    return tl::unexpected(st.error());
  }
  if (auto st = store.commit(); !st) {
    store.rollback();
    return tl::unexpected(st.error());
  }
  return report;
}

}  // namespace stc::indexer
