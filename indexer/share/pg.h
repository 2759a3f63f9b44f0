#pragma once
// PostgreSQL access for the team share: the only code that includes
// <libpq-fe.h> (as indexer/store/sqlite.h is for SQLite). A small RAII
// connection with parameterized queries only (PQexecParams' protocol: the
// values never become part of the SQL text), text or binary parameters and
// results, and bounded waits: libpq's connect_timeout for connecting, the
// server's statement_timeout for a query, and a client-side deadline a bit
// longer than it for a server that stopped answering at all. A failed
// wait closes the connection.
//
// Errors keep the server's message but never the password: the target is
// shown as host:port/database. SQLSTATE 42501 (insufficient privilege) and
// 25006 (read-only transaction) are kBadInput ("refused": retrying will not
// help); everything else (connection refused or lost, timeouts, disk full)
// is kUnavailable.
//
// Not thread-safe: one connection per thread.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stc::indexer::share {

/// A query parameter: text (the server parses it) or binary (raw bytes, for bytea).
struct PgParam {
  std::string value;
  bool binary = false;
};
inline PgParam text_param(std::string value) { return PgParam{std::move(value), false}; }
inline PgParam bytes_param(std::string value) { return PgParam{std::move(value), true}; }

/// Rows of a result; a NULL is "". In a binary result a text or bytea value is its raw bytes.
using PgRow = std::vector<std::string>;
using PgRows = std::vector<PgRow>;

enum class PgFormat { kText, kBinary };

struct PgSettings {
  std::string url;  // libpq URI or conninfo; the password comes from PGPASSWORD or ~/.pgpass
  int connect_timeout_s = 3;
  int statement_timeout_ms = 5000;
};

class PgConnection {
 public:
  /// Connects and sets the statement timeout. kUnavailable when the server
  /// cannot be reached or refuses the login (the message names the target
  /// without a password).
  static Result<PgConnection> connect(const PgSettings& settings);

  PgConnection(PgConnection&&) noexcept;
  PgConnection& operator=(PgConnection&&) noexcept;
  ~PgConnection();

  /// Runs one statement with `$1..$n` parameters; its rows in `format`.
  [[nodiscard]] Result<PgRows> query(std::string_view sql, const std::vector<PgParam>& params = {},
                                     PgFormat format = PgFormat::kText);
  /// Runs a script of statements without parameters (migrations, BEGIN/COMMIT).
  [[nodiscard]] Status exec(std::string_view sql);

  /// False once the connection was lost or closed after a failed wait.
  [[nodiscard]] bool usable() const;
  /// host:port/database, for messages.
  [[nodiscard]] std::string target() const;

 private:
  struct Impl;
  explicit PgConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// True for errors that retrying will not cure (a read-only role pushing).
[[nodiscard]] inline bool refused(const Error& e) { return e.code == ErrorCode::kBadInput; }

}  // namespace stc::indexer::share
