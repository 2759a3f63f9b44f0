#include "indexer/share/pg.h"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <cstring>

#include "core/config.h"
#include "core/shared_library.h"

namespace stc::indexer::share {
namespace {

using Clock = std::chrono::steady_clock;

// libpq is loaded when the first connection is made, not when stc starts
// (core/shared_library.h). The functions are libpq-fe.h's own, called through
// pointers of their declared types.
// clang-format off
#define STC_LIBPQ_FUNCTIONS(X) \
  X(PQclear) \
  X(PQconnectdbParams) \
  X(PQconsumeInput) \
  X(PQdb) \
  X(PQerrorMessage) \
  X(PQfinish) \
  X(PQgetResult) \
  X(PQgetlength) \
  X(PQgetvalue) \
  X(PQhost) \
  X(PQisBusy) \
  X(PQnfields) \
  X(PQntuples) \
  X(PQport) \
  X(PQresultErrorField) \
  X(PQresultErrorMessage) \
  X(PQresultStatus) \
  X(PQsendQuery) \
  X(PQsendQueryParams) \
  X(PQsetnonblocking) \
  X(PQsocket) \
  X(PQstatus)
// clang-format on

struct LibPq {
#define STC_LIBPQ_POINTER(name) decltype(&::name) name = nullptr;
  STC_LIBPQ_FUNCTIONS(STC_LIBPQ_POINTER)
#undef STC_LIBPQ_POINTER
  // libpq.so.5: the soname since PostgreSQL 9.1.
  SharedLibrary lib{"libpq.so.5", "Debian: apt install libpq5"};

  LibPq() {
#define STC_LIBPQ_BIND(name) lib.bind(name, #name);
    STC_LIBPQ_FUNCTIONS(STC_LIBPQ_BIND)
#undef STC_LIBPQ_BIND
  }
  const std::string& error() const { return lib.error(); }
};

const LibPq& libpq() {
  static const LibPq lib;
  return lib;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { libpq().PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// The server's message on one line.
std::string one_line(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  for (char& c : message) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return message;
}

ErrorCode code_for(const char* sqlstate) {
  if (!sqlstate) return ErrorCode::kUnavailable;
  if (std::strcmp(sqlstate, "42501") == 0 || std::strcmp(sqlstate, "25006") == 0) {
    return ErrorCode::kBadInput;
  }
  return ErrorCode::kUnavailable;
}

}  // namespace

struct PgConnection::Impl {
  PGconn* conn = nullptr;
  int wait_ms = 7000;
  ~Impl() {
    if (conn) libpq().PQfinish(conn);
  }
  void close() {
    if (conn) libpq().PQfinish(conn);
    conn = nullptr;
  }
  std::string target() const {
    if (!conn) return "(closed)";
    const char* host = libpq().PQhost(conn);
    const char* port = libpq().PQport(conn);
    const char* db = libpq().PQdb(conn);
    return std::string(host ? host : "") + ":" + (port ? port : "") + "/" + (db ? db : "");
  }
  Error failure(ErrorCode code, const std::string& what) const {
    return Error{code, "team share " + target() + ": " + what};
  }
  // Waits for the query sent to finish within wait_ms; returns the last
  // result, or the first failed one. A timeout or a lost connection closes it.
  Result<ResultPtr> wait();
};

Result<ResultPtr> PgConnection::Impl::wait() {
  const auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
  while (libpq().PQisBusy(conn)) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      Error e = failure(ErrorCode::kUnavailable, "no answer within " + std::to_string(wait_ms) +
                                                     " ms; going on without the share");
      close();
      return tl::unexpected(std::move(e));
    }
    pollfd fd{libpq().PQsocket(conn), POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left)) < 0 && errno != EINTR) break;
    if (!libpq().PQconsumeInput(conn)) break;
  }
  ResultPtr last;
  Error first_error;
  bool failed = false;
  while (PGresult* raw = libpq().PQgetResult(conn)) {
    ResultPtr r(raw);
    const auto status = libpq().PQresultStatus(raw);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !failed) {
      failed = true;
      first_error = failure(code_for(libpq().PQresultErrorField(raw, PG_DIAG_SQLSTATE)),
                            one_line(libpq().PQresultErrorMessage(raw)));
    }
    last = std::move(r);
  }
  if (libpq().PQstatus(conn) != CONNECTION_OK) {
    Error e = failed ? first_error
                     : failure(ErrorCode::kUnavailable, one_line(libpq().PQerrorMessage(conn)));
    close();
    return tl::unexpected(std::move(e));
  }
  if (failed) return tl::unexpected(std::move(first_error));
  if (!last) return tl::unexpected(failure(ErrorCode::kUnavailable, "no result"));
  return last;
}

PgConnection::PgConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;
PgConnection::~PgConnection() = default;

Result<PgConnection> PgConnection::connect(const PgSettings& settings) {
  const std::string timeout = std::to_string(settings.connect_timeout_s);
  const std::string options =
      "-c statement_timeout=" + std::to_string(settings.statement_timeout_ms);
  // Ours first: a value in the URI (dbname, expanded) overrides them.
  const char* keys[] = {"connect_timeout", "options", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), options.c_str(), "stc", settings.url.c_str(), nullptr};
  if (!libpq().error().empty()) {
    return fail(ErrorCode::kUnavailable,
                "team share " + redact_url_password(settings.url) + ": " + libpq().error());
  }
  auto impl = std::make_unique<Impl>();
  impl->conn = libpq().PQconnectdbParams(keys, values, 1);
  impl->wait_ms = settings.statement_timeout_ms + 2000;
  if (!impl->conn || libpq().PQstatus(impl->conn) != CONNECTION_OK) {
    const std::string why =
        impl->conn ? one_line(libpq().PQerrorMessage(impl->conn)) : "out of memory";
    return fail(ErrorCode::kUnavailable,
                "team share " + redact_url_password(settings.url) + ": " + why);
  }
  if (libpq().PQsetnonblocking(impl->conn, 0) != 0) {
    return tl::unexpected(impl->failure(ErrorCode::kUnavailable, "cannot set blocking mode"));
  }
  return PgConnection(std::move(impl));
}

Result<PgRows> PgConnection::query(std::string_view sql, const std::vector<PgParam>& params,
                                   PgFormat format) {
  if (!usable()) return fail(ErrorCode::kUnavailable, "team share: connection closed");
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  values.reserve(params.size());
  for (const auto& p : params) {
    values.push_back(p.value.data());
    lengths.push_back(static_cast<int>(p.value.size()));
    formats.push_back(p.binary ? 1 : 0);
  }
  const std::string text(sql);
  if (!libpq().PQsendQueryParams(impl_->conn, text.c_str(), static_cast<int>(params.size()),
                                 nullptr, values.data(), lengths.data(), formats.data(),
                                 format == PgFormat::kBinary ? 1 : 0)) {
    Error e =
        impl_->failure(ErrorCode::kUnavailable, one_line(libpq().PQerrorMessage(impl_->conn)));
    impl_->close();
    return tl::unexpected(std::move(e));
  }
  TRY_ASSIGN(ResultPtr r, impl_->wait());
  PgRows rows;
  const int n = libpq().PQntuples(r.get());
  const int cols = libpq().PQnfields(r.get());
  rows.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    PgRow row;
    row.reserve(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      row.emplace_back(libpq().PQgetvalue(r.get(), i, c),
                       static_cast<size_t>(libpq().PQgetlength(r.get(), i, c)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Status PgConnection::exec(std::string_view sql) {
  if (!usable()) return fail(ErrorCode::kUnavailable, "team share: connection closed");
  const std::string text(sql);
  if (!libpq().PQsendQuery(impl_->conn, text.c_str())) {
    Error e =
        impl_->failure(ErrorCode::kUnavailable, one_line(libpq().PQerrorMessage(impl_->conn)));
    impl_->close();
    return tl::unexpected(std::move(e));
  }
  TRY(impl_->wait());
  return {};
}

bool PgConnection::usable() const {
  return impl_ && impl_->conn && libpq().PQstatus(impl_->conn) == CONNECTION_OK;
}

std::string PgConnection::target() const { return impl_ ? impl_->target() : "(closed)"; }

}  // namespace stc::indexer::share
