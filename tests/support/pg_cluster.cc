#include "tests/support/pg_cluster.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "tests/support/temp_repo.h"

namespace stc::testing {

namespace fs = std::filesystem;

namespace {

// The directory holding initdb and pg_ctl, or "".
std::string find_bindir() {
  if (const char* env = std::getenv("PG_BINDIR"); env && fs::exists(fs::path(env) / "initdb")) {
    return env;
  }
  std::error_code ec;
  std::string best;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const fs::path bin = e.path() / "bin";
    if (fs::exists(bin / "initdb") && bin.string() > best) best = bin.string();
  }
  if (!best.empty()) return best;
  std::string out;
  if (run_command("command -v initdb 2>/dev/null", &out) == 0 && !out.empty()) {
    return fs::path(out.substr(0, out.find('\n'))).parent_path().string();
  }
  return "";
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

PgCluster::PgCluster() {
  bindir_ = find_bindir();
  if (bindir_.empty()) {
    reason_ =
        "PostgreSQL server binaries (initdb, pg_ctl) not found; install the Debian "
        "package postgresql (scripts/setup.sh does) or set PG_BINDIR";
    return;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/stc-pg-XXXXXX";
  if (!mkdtemp(templ.data())) {
    reason_ = "cannot create a temporary directory";
    return;
  }
  dir_ = templ;
  if (geteuid() == 0) {
    owner_ = "nobody";  // initdb refuses to run as root
    if (const passwd* pw = getpwnam("nobody")) {
      if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        reason_ = "cannot hand " + dir_ + " to the user nobody";
        return;
      }
    }
  }
  std::string out;
  const std::string init = as_owner(bindir_ + "/initdb --no-sync -A trust -U stc -E UTF8 -D " +
                                    shell_quote(dir_ + "/data"));
  if (run_command(init + " 2>&1", &out) != 0) {
    reason_ = "initdb failed: " + out;
    return;
  }
  if (!start()) {
    reason_ = "pg_ctl start failed; see " + dir_ + "/log";
    return;
  }
  run_command(bindir_ + "/psql -X -q -h " + shell_quote(dir_) +
              " -p 5432 -U stc -d postgres -c 'CREATE DATABASE stc_test' >/dev/null 2>&1");
  const std::string roles =
      "CREATE ROLE stc_reader LOGIN; GRANT CONNECT ON DATABASE stc_test TO stc_reader; "
      "GRANT USAGE ON SCHEMA public TO stc_reader; "
      "ALTER DEFAULT PRIVILEGES FOR ROLE stc IN SCHEMA public GRANT SELECT ON TABLES TO "
      "stc_reader;";
  psql(roles);
}

PgCluster::~PgCluster() {
  if (running_) stop();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string PgCluster::as_owner(const std::string& command) const {
  if (owner_.empty()) return command;
  return "runuser -u " + owner_ + " -- sh -c " + shell_quote(command);
}

bool PgCluster::start() {
  const std::string opts = "-k " + dir_ + " -c listen_addresses='' -p 5432 -c fsync=off " +
                           "-c full_page_writes=off -c synchronous_commit=off";
  const std::string cmd =
      as_owner(bindir_ + "/pg_ctl -w -s -D " + shell_quote(dir_ + "/data") + " -l " +
               shell_quote(dir_ + "/log") + " -o " + shell_quote(opts) + " start");
  running_ = run_command(cmd + " >/dev/null 2>&1") == 0;
  return running_;
}

bool PgCluster::stop() {
  const std::string cmd =
      as_owner(bindir_ + "/pg_ctl -w -s -m fast -D " + shell_quote(dir_ + "/data") + " stop");
  const bool ok = run_command(cmd + " >/dev/null 2>&1") == 0;
  if (ok) running_ = false;
  return ok;
}

std::string PgCluster::url(const std::string& user) const {
  return "postgresql:///stc_test?host=" + dir_ + "&port=5432&user=" + user;
}

std::string PgCluster::dead_url() const {
  return "postgresql:///stc_test?host=" + dir_ + "/nowhere&port=5432&user=stc";
}

std::string PgCluster::psql(const std::string& sql) const {
  std::string out;
  run_command(bindir_ + "/psql -X -q -A -t -h " + shell_quote(dir_) +
                  " -p 5432 -U stc -d stc_test -v ON_ERROR_STOP=1 -c " + shell_quote(sql) + " 2>&1",
              &out);
  return out;
}

}  // namespace stc::testing
