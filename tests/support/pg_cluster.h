#pragma once
// Test support: a throw-away PostgreSQL cluster (initdb + pg_ctl) in a
// temporary directory, listening only on a unix socket there, run as an
// unprivileged user (`nobody` when the tests run as root). It has a
// database `stc_test`, the owner role `stc` and a read-only role
// `stc_reader` (SELECT on every table `stc` creates, nothing else). The
// destructor stops the server and removes the directory.
//
// When no server binaries are installed (Debian `postgresql`), available()
// is false and skip_reason() says so: tests then GTEST_SKIP().

#include <string>

namespace stc::testing {

class PgCluster {
 public:
  /// Finds the binaries (PG_BINDIR, /usr/lib/postgresql/*/bin, PATH), runs
  /// initdb and starts the server.
  PgCluster();
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  [[nodiscard]] bool available() const { return running_; }
  [[nodiscard]] const std::string& skip_reason() const { return reason_; }

  /// A libpq URI for `user` (stc or stc_reader) on the cluster's socket.
  [[nodiscard]] std::string url(const std::string& user = "stc") const;
  /// A URI on a socket directory where nothing listens (a server that is down).
  [[nodiscard]] std::string dead_url() const;

  /// Stops (fast shutdown) / starts the server again; false on failure.
  bool stop();
  bool start();

  /// Runs SQL as the superuser in stc_test with psql; returns its output (unaligned, tuples only).
  std::string psql(const std::string& sql) const;

 private:
  std::string as_owner(const std::string& command) const;
  std::string bindir_, dir_, reason_, owner_;
  bool running_ = false;
};

}  // namespace stc::testing
