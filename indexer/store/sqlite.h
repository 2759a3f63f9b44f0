#pragma once
// A thin RAII wrapper over SQLite: the only code in stc that includes
// <sqlite3.h>. SQLite errors become Error{kStore} with SQLite's message;
// a full disk or an I/O error becomes kIo; a damaged store (SQLITE_CORRUPT,
// SQLITE_NOTADB or a missing table, at any step) becomes kBadInput with the
// damaged_store_message, which says to remove the store and run `stc init`.
//
// A Database and its Statements belong to one thread.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"

namespace stc::indexer::store {

class Statement {
 public:
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  ~Statement();

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view value);
  /// Binds text without copying it: `value` must stay alive and unchanged
  /// until the statement is reset (run() resets). For rows written in bulk.
  Statement& bind_unowned(int index, std::string_view value);
  /// Binds bytes as a BLOB (copied).
  Statement& bind_blob(int index, std::string_view bytes);
  /// Advances to the next row: true when a row is available, false when done.
  [[nodiscard]] Result<bool> step();
  /// Steps until done and resets, for statements that return no rows.
  [[nodiscard]] Status run();
  void reset();

  [[nodiscard]] int64_t column_int(int index) const;
  [[nodiscard]] double column_double(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  /// Steps through every remaining row; their first column as text.
  [[nodiscard]] Result<std::vector<std::string>> first_column_texts();
  /// Steps through every remaining row; first column (text) -> second (integer).
  [[nodiscard]] Result<std::unordered_map<std::string, int64_t>> text_int_map();
  [[nodiscard]] bool column_is_null(int index) const;
  [[nodiscard]] bool column_is_blob(int index) const;
  /// A BLOB column's bytes (any other value as its text).
  [[nodiscard]] std::string column_blob(int index) const;

 private:
  friend class Database;
  struct Impl;
  explicit Statement(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// How every report of a damaged store begins.
inline constexpr const char* kDamagedPrefix = "the index is damaged";
/// "the index is damaged (<path>: <why>): remove <its directory> and run `stc init`".
std::string damaged_store_message(const std::string& path, const std::string& why);
/// True for an error reporting a damaged store (whatever prefix a caller added).
[[nodiscard]] bool is_damaged(const Error& e);

enum class OpenMode { kReadWriteCreate, kReadWrite, kReadOnly };

/// A LIKE pattern that matches `text` anywhere in a value, with `%`, `_`
/// and `\` escaped (use it with ESCAPE '\').
std::string like_contains(std::string_view text);

class Database {
 public:
  /// Opens (or creates) the database at `path`, in WAL mode with a busy
  /// timeout. kBadInput when the file exists but is not a readable database.
  static Result<Database> open(const std::string& path, OpenMode mode);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  [[nodiscard]] Status exec(std::string_view sql);
  [[nodiscard]] Result<Statement> prepare(std::string_view sql);
  [[nodiscard]] int64_t last_insert_rowid() const;
  /// Rows the last INSERT, UPDATE or DELETE changed.
  [[nodiscard]] int64_t changes() const;
  /// True inside a transaction (BEGIN ... COMMIT), false in autocommit mode.
  [[nodiscard]] bool in_transaction() const;
  /// Single integer result of a query such as "PRAGMA user_version".
  [[nodiscard]] Result<int64_t> query_int(std::string_view sql);
  /// Registers a deterministic, innocuous one-argument SQL function mapping
  /// text or bytes to text (usable in the schema's views).
  [[nodiscard]] Status create_function(const char* name, std::string (*fn)(std::string_view));
  /// The same for a two-argument function.
  [[nodiscard]] Status create_function(const char* name,
                                       std::string (*fn)(std::string_view, std::string_view));
  /// `PRAGMA quick_check`: "" when the file is sound, else SQLite's first finding.
  [[nodiscard]] Result<std::string> quick_check();
  /// Checkpoints the WAL into the database (and truncates it) when it is
  /// larger than `max_bytes`. True when a checkpoint ran and copied all of it.
  bool checkpoint_if_larger(int64_t max_bytes);
  /// The file this connection opened.
  [[nodiscard]] const std::string& path() const;

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Prepared statements of one connection kept for reuse, keyed by their SQL.
/// A lease resets its statement when it goes out of scope: no statement
/// outlives the call that used it, so none pins an old WAL snapshot (which
/// would make a later write fail instead of waiting) or blocks a checkpoint
/// or DROP TABLE. Belongs to the connection's thread; must not outlive it.
class StatementCache {
 public:
  class Lease {
   public:
    explicit Lease(Statement* s) : s_(s) {}
    Lease(Lease&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (s_) s_->reset();
    }
    Statement* operator->() const { return s_; }
    Statement& operator*() const { return *s_; }

   private:
    Statement* s_;
  };

  /// The statement for `sql` on `db` (always the same connection), prepared on first use.
  [[nodiscard]] Result<Lease> get(Database& db, const std::string& sql);

 private:
  std::unordered_map<std::string, Statement> stmts_;
};

/// RAII transaction: rolls back unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  [[nodiscard]] Status begin();
  [[nodiscard]] Status commit();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace stc::indexer::store
