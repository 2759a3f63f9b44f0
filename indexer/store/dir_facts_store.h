#pragma once
// Per-directory facts of the offline roll-ups (table `dir_facts`): for each
// directory of the indexed commit, what its roll-up and the overview need
// from its subtree (sleep/dir_facts.h), so a pass after a small commit
// recomputes the changed directories and their ancestors from their own
// files and their children's rows, without walking the whole tree. The
// sleep stage writes the rows and their mark (meta `dir_facts_mark`) in the
// transaction of the roll-ups they describe.
//
// Not thread-safe; shares the IndexStore's connection.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "indexer/store/sqlite.h"

namespace stc::indexer::store {

struct DirFactsRow {
  std::string dir;    // '' for the root
  std::string facts;  // the sleep stage's encoding
};

class DirFactsStore {
 public:
  explicit DirFactsStore(Database& db) : db_(db) {}

  /// The facts of `dir`; nullopt when it has no row.
  [[nodiscard]] Result<std::optional<std::string>> get(const std::string& dir);
  /// The rows of the directories directly under `dir` (not `dir` itself), by name.
  [[nodiscard]] Result<std::vector<DirFactsRow>> children(const std::string& dir);
  /// The directories whose path contains one of `parts` in any (ASCII) case, by name.
  [[nodiscard]] Result<std::vector<std::string>> dirs_containing(
      const std::vector<std::string>& parts);
  /// Inserts or replaces the row of `dir`.
  [[nodiscard]] Status put(const std::string& dir, const std::string& parent, int64_t importers,
                           const std::string& facts);
  /// Every directory's importer fingerprint.
  [[nodiscard]] Result<std::unordered_map<std::string, int64_t>> importer_marks();
  [[nodiscard]] Status remove(const std::string& dir);
  /// Deletes every row (before a full recomputation).
  [[nodiscard]] Status clear();
  [[nodiscard]] Result<int64_t> count();

 private:
  /// The facts in column `column` of the current row of `s` (packed since
  /// schema 13); one that does not unpack is reported as a damaged store.
  [[nodiscard]] Result<std::string> facts_of(const Statement& s, int column,
                                             const std::string& dir);

  Database& db_;
  StatementCache stmts_;
};

}  // namespace stc::indexer::store
