// FTS5's porter tokenizer, called directly: the fts5_api pointer comes from
// `SELECT fts5(?1)` with a bound pointer, xFindTokenizer("porter") gives the
// tokenizer, xCreate(["unicode61"]) an instance configured as the store's
// tables are, and xTokenize runs it on one word. One in-memory connection,
// tokenizer instance and stem cache per thread.

#include "indexer/store/fts_stem.h"

#include <sqlite3.h>

#include <unordered_map>

#include "core/text.h"

namespace stc::indexer::store {
namespace {

constexpr size_t kMaxCached = 100000;

class PorterTokenizer {
 public:
  PorterTokenizer() {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      return;
    }
    fts5_api* api = api_of(db_);
    void* user = nullptr;
    if (!api || api->xFindTokenizer(api, "porter", &user, &tok_) != SQLITE_OK) return;
    const char* args[] = {"unicode61"};
    if (tok_.xCreate(user, args, 1, &inst_) != SQLITE_OK) inst_ = nullptr;
  }
  ~PorterTokenizer() {
    if (inst_) tok_.xDelete(inst_);
    sqlite3_close(db_);
  }
  PorterTokenizer(const PorterTokenizer&) = delete;
  PorterTokenizer& operator=(const PorterTokenizer&) = delete;

  // False when SQLite has no FTS5 (never with the store's own tables).
  bool stem(std::string_view word, std::string& out) const {
    if (!inst_) return false;
    out.clear();
    const int rc = tok_.xTokenize(inst_, &out, FTS5_TOKENIZE_DOCUMENT, word.data(),
                                  static_cast<int>(word.size()), &PorterTokenizer::collect);
    return rc == SQLITE_OK;
  }

 private:
  static fts5_api* api_of(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
  }
  static int collect(void* ctx, int /*flags*/, const char* token, int n, int /*start*/,
                     int /*end*/) {
    static_cast<std::string*>(ctx)->append(token, static_cast<size_t>(n));
    return SQLITE_OK;
  }

  sqlite3* db_ = nullptr;
  fts5_tokenizer tok_{};
  Fts5Tokenizer* inst_ = nullptr;
};

}  // namespace

std::string fts_stem(std::string_view word) {
  thread_local PorterTokenizer tokenizer;
  thread_local std::unordered_map<std::string, std::string> cache;
  std::string key(word);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::string out;
  if (!tokenizer.stem(word, out) || out.empty()) out = stc::to_lower(word);
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(std::move(key), out);
  return out;
}

}  // namespace stc::indexer::store
