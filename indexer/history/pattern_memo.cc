#include "indexer/history/pattern_memo.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "core/commit_message.h"
#include "indexer/history/history_queries.h"

namespace stc::indexer {
namespace {

constexpr const char* kMark = "history_patterns_seq";  // HistoryTables::clear drops history_*

// Commits mined after seq `from` that a pattern can use, oldest first.
Result<std::vector<std::pair<int64_t, PatternCommit>>> usable_after(store::IndexStore& store,
                                                                    int64_t from) {
  TRY_ASSIGN(auto st, store::connection(store).prepare(
                          "SELECT c.seq, c.oid, c.summary, c.time, cf.change, p.path, c.message "
                          "FROM "
                          "commits c CROSS JOIN commit_files cf ON cf.seq = c.seq "
                          "JOIN history_paths p ON p.id = cf.path_id WHERE "
                          "c.seq > ? AND c.skipped = 0 AND c.parents > 0 ORDER BY c.seq, p.path"));
  st.bind(1, from);
  std::vector<std::pair<int64_t, PatternCommit>> out;
  auto keep_last = [&] {
    if (out.empty()) return;
    const PatternCommit& c = out.back().second;
    const bool adds =
        std::any_of(c.files.begin(), c.files.end(), [](const auto& f) { return f.first == 'A'; });
    // Reverts, dependency and version bumps are no pattern of the project's work.
    if ((!adds && c.files.size() < 3) || is_maintenance_commit(c.summary)) out.pop_back();
  };
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    const int64_t seq = st.column_int(0);
    if (out.empty() || out.back().first != seq) {
      keep_last();
      std::string summary = row_summary(st, 2, 6);
      out.emplace_back(seq,
                       PatternCommit{st.column_text(1), std::move(summary), st.column_int(3), {}});
    }
    const std::string change = st.column_text(4);
    out.back().second.files.emplace_back(change.empty() ? 'M' : change[0], st.column_text(5));
  }
  keep_last();
  return out;
}

// "<change><shared>,<length> <rest>" per file, in path order: the path
// is the first <shared> bytes of the one before it followed by the <length>
// bytes of <rest> (schema 13; a commit's paths share most of their
// directories). A path may hold any byte but NUL.
std::string encode_files(const PatternCommit& c) {
  std::string out;
  std::string_view before;
  for (const auto& [change, path] : c.files) {
    size_t shared = 0;
    while (shared < before.size() && shared < path.size() && before[shared] == path[shared]) {
      ++shared;
    }
    out += change + std::to_string(shared) + ',' + std::to_string(path.size() - shared) + ' ';
    out.append(path, shared);
    before = path;
  }
  return out;
}

// One encoded file at `i`: its change, how much of the path before it it
// keeps, and where its rest begins and ends; false at the end or on a
// value that is not such an encoding.
struct EncodedFile {
  char change = 'M';
  size_t shared = 0, rest = 0, end = 0;
};

bool read_file_at(const std::string& text, size_t i, EncodedFile& f) {
  const size_t comma = text.find(',', i);
  const size_t space = comma == std::string::npos ? comma : text.find(' ', comma);
  if (i >= text.size() || space == std::string::npos) return false;
  f.change = text[i];
  f.shared = std::strtoull(text.c_str() + i + 1, nullptr, 10);
  const size_t length = std::strtoull(text.c_str() + comma + 1, nullptr, 10);
  f.rest = space + 1;
  if (length > text.size() - f.rest) return false;  // also a length that would wrap around
  f.end = f.rest + length;
  return true;
}

// Whether an encoded row has an addition, read without decoding its paths.
bool adds_a_file(const std::string& text) {
  EncodedFile f;
  for (size_t i = 0; read_file_at(text, i, f); i = f.end) {
    if (f.change == 'A') return true;
  }
  return false;
}

std::vector<std::pair<char, std::string>> decode_files(const std::string& text) {
  std::vector<std::pair<char, std::string>> out;
  std::string path;
  EncodedFile f;
  for (size_t i = 0; read_file_at(text, i, f); i = f.end) {
    if (f.shared > path.size()) break;
    path.resize(f.shared);
    path.append(text, f.rest, f.end - f.rest);
    out.emplace_back(f.change, path);
  }
  return out;
}

Status write_memo(store::IndexStore& store, int64_t mark, int64_t head) {
  store::Database& db = store::connection(store);
  if (mark > head) {  // history shrank without a clear: start over
    TRY(db.exec("DELETE FROM pattern_commits"));
    mark = 0;
  }
  const int64_t oldest = head - static_cast<int64_t>(kPatternWindow);
  TRY_ASSIGN(auto rows, usable_after(store, std::max(mark, oldest)));
  TRY_ASSIGN(auto put, db.prepare("INSERT OR REPLACE INTO pattern_commits(seq, oid, time, "
                                  "summary, files) VALUES(?, ?, ?, ?, ?)"));
  for (const auto& [seq, c] : rows) {
    put.bind(1, seq).bind(2, c.oid).bind(3, c.time).bind(4, c.summary);
    TRY(put.bind(5, encode_files(c)).run());
  }
  TRY_ASSIGN(auto prune, db.prepare("DELETE FROM pattern_commits WHERE seq <= ?"));
  TRY(prune.bind(1, oldest).run());
  return store.set_meta(kMark, std::to_string(head));
}

}  // namespace

Status update_pattern_memo(store::IndexStore& store) {
  TRY_ASSIGN(const int64_t head, last_mined_seq(store));
  TRY_ASSIGN(auto mark_text, store.meta(kMark));
  const int64_t mark = mark_text ? std::atoll(mark_text->c_str()) : 0;
  if (mark == head) return {};
  TRY(store.begin());
  if (auto st = write_memo(store, mark, head); !st) {
    store.rollback();
    return st;
  }
  return store.commit();
}

Result<std::vector<PatternCommit>> pattern_window(store::IndexStore& store, size_t limit,
                                                  bool additions_only) {
  TRY_ASSIGN(auto st, store::connection(store).prepare(
                          "SELECT oid, summary, time, files FROM pattern_commits WHERE seq > "
                          "(SELECT COALESCE(MAX(seq), 0) FROM commits) - ? ORDER BY seq DESC"));
  st.bind(1, static_cast<int64_t>(std::min(limit, kPatternWindow)));
  std::vector<PatternCommit> out;
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    const std::string files = st.column_text(3);
    if (additions_only && !adds_a_file(files)) continue;
    out.push_back(
        PatternCommit{st.column_text(0), st.column_text(1), st.column_int(2), decode_files(files)});
  }
  return out;
}

}  // namespace stc::indexer
