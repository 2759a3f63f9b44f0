#include "indexer/share/share_store.h"

#include <iterator>

namespace stc::indexer::share {
namespace {

// Forward migrations: kMigrations[i] brings the schema from version i to i + 1.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE IF NOT EXISTS stc_blobs(
  ns text NOT NULL,
  oid text NOT NULL,
  lang text NOT NULL,
  extractor integer NOT NULL,
  record bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ns, oid, lang, extractor));
CREATE TABLE IF NOT EXISTS stc_artifacts(
  ns text NOT NULL,
  kind text NOT NULL,
  subject bytea NOT NULL,
  input_key text NOT NULL,
  prompt_version integer NOT NULL,
  provider text NOT NULL,
  model text NOT NULL,
  content bytea NOT NULL,
  tokens bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ns, kind, subject, input_key, prompt_version, provider, model));
)sql",
    R"sql(
CREATE TABLE IF NOT EXISTS stc_queue(
  ns text NOT NULL,
  kind text NOT NULL,
  subject bytea NOT NULL,
  input_key text NOT NULL,
  commit_oid text NOT NULL,
  state text NOT NULL DEFAULT 'pending',
  lease_until timestamptz,
  worker text NOT NULL DEFAULT '',
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  PRIMARY KEY (ns, kind, subject, input_key));
CREATE INDEX IF NOT EXISTS stc_queue_pending ON stc_queue(ns, state, lease_until);
)sql",
    R"sql(
CREATE INDEX IF NOT EXISTS stc_artifacts_feed ON stc_artifacts(ns, provider, model, created_at);
)sql",
    R"sql(
CREATE TABLE IF NOT EXISTS stc_records(
  ns text NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  version integer NOT NULL,
  variant text NOT NULL,
  payload bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ns, kind, key, version, variant));
)sql",
};
static_assert(std::size(kMigrations) == kShareSchemaVersion, "one migration per version");

// Any number fits: every key of an advisory lock is shared by the whole server.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(5738120412)";

// {"a","b"}: an array literal of text values, each quoted and escaped.
std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// "($2,$3::bytea,...)" placeholders for row `row` of `width` values after $1.
std::string placeholders(size_t row, const std::vector<const char*>& casts) {
  std::string out = "(";
  for (size_t c = 0; c < casts.size(); ++c) {
    if (c) out += ',';
    out += '$' + std::to_string(2 + row * casts.size() + c) + casts[c];
  }
  return out + ")";
}

// The six key columns of an artifact, in table order after ns.
void add_artifact_key(const store::Artifact& a, std::vector<PgParam>& params) {
  params.push_back(text_param(a.kind));
  params.push_back(bytes_param(a.subject));
  params.push_back(text_param(a.input_key));
  params.push_back(text_param(std::to_string(a.prompt_version)));
  params.push_back(text_param(a.provider));
  params.push_back(text_param(a.model));
}

// The columns artifact_rows reads, in its order.
constexpr const char* kArtifactColumns =
    "kind, subject, input_key, prompt_version::text, provider, model, content, tokens::text";

std::vector<store::Artifact> artifact_rows(PgRows rows) {
  std::vector<store::Artifact> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    store::Artifact a;
    a.kind = std::move(r[0]);
    a.subject = std::move(r[1]);
    a.input_key = std::move(r[2]);
    a.prompt_version = std::stoi(r[3]);
    a.provider = std::move(r[4]);
    a.model = std::move(r[5]);
    a.content = std::move(r[6]);
    a.tokens = std::stoll(r[7]);
    out.push_back(std::move(a));
  }
  return out;
}

Result<int64_t> schema_version(PgConnection& conn) {
  TRY_ASSIGN(auto rows, conn.query("SELECT COALESCE(MAX(version), 0) FROM stc_schema_version"));
  return rows.empty() ? 0 : std::stoll(rows[0][0]);
}

Status newer_schema(PgConnection& conn, int64_t version) {
  return fail(ErrorCode::kBadInput, "team share " + conn.target() + ": its schema (version " +
                                        std::to_string(version) +
                                        ") is newer than this stc knows (" +
                                        std::to_string(kShareSchemaVersion) + "); upgrade stc");
}

}  // namespace

Status ShareStore::migrate() {
  if (auto v = schema_version(conn_); v && *v >= kShareSchemaVersion) {
    if (*v > kShareSchemaVersion) return newer_schema(conn_, *v);
    return {};
  }
  TRY(conn_.exec("BEGIN"));
  auto st = conn_.exec(kMigrationLock);
  if (st) {
    st = conn_.exec(
        "CREATE TABLE IF NOT EXISTS stc_schema_version(version integer PRIMARY KEY, "
        "applied_at timestamptz NOT NULL DEFAULT now())");
  }
  int64_t version = 0;
  if (st) {
    auto v = schema_version(conn_);
    if (v) version = *v;
    st = v ? Status{} : Status(tl::unexpected(v.error()));
  }
  if (st && version > kShareSchemaVersion) st = newer_schema(conn_, version);
  for (int64_t v = version; st && v < kShareSchemaVersion; ++v) {
    st = conn_.exec(kMigrations[v]);
    if (st) {
      auto done = conn_.query("INSERT INTO stc_schema_version(version) VALUES ($1::integer)",
                              {text_param(std::to_string(v + 1))});
      if (!done) st = tl::unexpected(done.error());
    }
  }
  if (!st) {
    if (conn_.usable()) (void)conn_.exec("ROLLBACK");
    return st;
  }
  return conn_.exec("COMMIT");
}

Result<std::vector<SharedBlob>> ShareStore::pull_blobs(
    int extractor, const std::vector<std::pair<std::string, std::string>>& keys) {
  std::vector<std::string> oids;
  oids.reserve(keys.size());
  for (const auto& k : keys) oids.push_back(k.first);
  TRY_ASSIGN(auto rows, conn_.query("SELECT oid, lang, record FROM stc_blobs WHERE ns = $1 AND "
                                    "extractor = $2::integer AND oid = ANY($3::text[])",
                                    {text_param(ns_), text_param(std::to_string(extractor)),
                                     text_param(text_array(oids))},
                                    PgFormat::kBinary));
  std::vector<SharedBlob> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(SharedBlob{std::move(r[0]), std::move(r[1]), std::move(r[2])});
  return out;
}

Status ShareStore::push_blobs(int extractor, const std::vector<SharedBlob>& blobs) {
  if (blobs.empty()) return {};
  static const std::vector<const char*> kCasts = {"::text", "::text", "::integer", "::bytea"};
  std::string sql = "INSERT INTO stc_blobs(ns, oid, lang, extractor, record) VALUES ";
  std::vector<PgParam> params = {text_param(ns_)};
  for (size_t i = 0; i < blobs.size(); ++i) {
    sql += (i ? ",($1," : "($1,") + placeholders(i, kCasts).substr(1);
    params.push_back(text_param(blobs[i].oid));
    params.push_back(text_param(blobs[i].language));
    params.push_back(text_param(std::to_string(extractor)));
    params.push_back(bytes_param(blobs[i].record));
  }
  sql += " ON CONFLICT DO NOTHING";
  TRY(conn_.query(sql, params));
  return {};
}

Result<std::vector<store::Artifact>> ShareStore::pull_artifacts(
    const std::vector<store::Artifact>& keys) {
  if (keys.empty()) return std::vector<store::Artifact>();
  static const std::vector<const char*> kCasts = {"::text",    "::bytea", "::text",
                                                  "::integer", "::text",  "::text"};
  std::string sql = std::string("SELECT ") + kArtifactColumns +
                    " FROM stc_artifacts WHERE ns = $1 AND (kind, subject, input_key, "
                    "prompt_version, provider, model) IN (VALUES ";
  std::vector<PgParam> params = {text_param(ns_)};
  for (size_t i = 0; i < keys.size(); ++i) {
    sql += (i ? "," : "") + placeholders(i, kCasts);
    add_artifact_key(keys[i], params);
  }
  sql += ")";
  TRY_ASSIGN(auto rows, conn_.query(sql, params, PgFormat::kBinary));
  return artifact_rows(std::move(rows));
}

Result<ArtifactFeed> ShareStore::artifacts_since(const std::string& provider,
                                                 const std::string& model,
                                                 const std::string& since) {
  ArtifactFeed feed;
  TRY_ASSIGN(auto now, conn_.query("SELECT now()::text"));
  if (now.empty() || now[0].empty()) return fail(ErrorCode::kUnavailable, "team share: no time");
  feed.server_time = now[0][0];
  if (since.empty()) return feed;
  // A push commits after its statement started (created_at is that start),
  // so rows are read from a margin before `since` on.
  TRY_ASSIGN(
      auto rows,
      conn_.query("SELECT " + std::string(kArtifactColumns) +
                      " FROM stc_artifacts WHERE ns = $1 AND provider = $2 AND model = $3 "
                      "AND created_at > $4::timestamptz - interval '10 minutes'",
                  {text_param(ns_), text_param(provider), text_param(model), text_param(since)},
                  PgFormat::kBinary));
  feed.artifacts = artifact_rows(std::move(rows));
  return feed;
}

Status ShareStore::push_artifacts(const std::vector<store::Artifact>& artifacts) {
  if (artifacts.empty()) return {};
  static const std::vector<const char*> kCasts = {"::text", "::bytea", "::text",  "::integer",
                                                  "::text", "::text",  "::bytea", "::bigint"};
  std::string sql =
      "INSERT INTO stc_artifacts(ns, kind, subject, input_key, prompt_version, provider, model, "
      "content, tokens) VALUES ";
  std::vector<PgParam> params = {text_param(ns_)};
  for (size_t i = 0; i < artifacts.size(); ++i) {
    sql += (i ? ",($1," : "($1,") + placeholders(i, kCasts).substr(1);
    add_artifact_key(artifacts[i], params);
    params.push_back(bytes_param(artifacts[i].content));
    params.push_back(text_param(std::to_string(artifacts[i].tokens)));
  }
  sql += " ON CONFLICT DO NOTHING";
  TRY(conn_.query(sql, params));
  return {};
}

Result<ShareCounts> ShareStore::counts() {
  ShareCounts c;
  TRY_ASSIGN(auto blobs,
             conn_.query("SELECT COUNT(*) FROM stc_blobs WHERE ns = $1", {text_param(ns_)}));
  c.blobs = blobs.empty() ? 0 : std::stoll(blobs[0][0]);
  TRY_ASSIGN(auto kinds, conn_.query("SELECT kind, COUNT(*) FROM stc_artifacts WHERE ns = $1 "
                                     "GROUP BY kind ORDER BY kind",
                                     {text_param(ns_)}));
  for (const auto& r : kinds) c.artifacts.emplace_back(r[0], std::stoll(r[1]));
  TRY_ASSIGN(auto queue,
             conn_.query("SELECT COUNT(*) FILTER (WHERE state = 'pending' AND (lease_until IS NULL "
                         "OR lease_until < now())), COUNT(*) FILTER (WHERE state = 'pending' AND "
                         "lease_until >= now()), COUNT(*) FILTER (WHERE state = 'done') FROM "
                         "stc_queue WHERE ns = $1",
                         {text_param(ns_)}));
  if (!queue.empty()) {
    c.queue_pending = std::stoll(queue[0][0]);
    c.queue_leased = std::stoll(queue[0][1]);
    c.queue_done = std::stoll(queue[0][2]);
  }
  TRY_ASSIGN(auto by_kind,
             conn_.query("SELECT kind, COUNT(*) FILTER (WHERE state = 'pending' AND (lease_until "
                         "IS NULL OR lease_until < now())), COUNT(*) FILTER (WHERE state = "
                         "'pending' AND lease_until >= now()), COUNT(*) FILTER (WHERE state = "
                         "'done') FROM stc_queue WHERE ns = $1 GROUP BY kind ORDER BY kind",
                         {text_param(ns_)}));
  for (const auto& r : by_kind) {
    c.queue_by_kind.push_back(
        ShareCounts::QueueKind{r[0], std::stoll(r[1]), std::stoll(r[2]), std::stoll(r[3])});
  }
  TRY_ASSIGN(auto records, conn_.query("SELECT kind, COUNT(*) FROM stc_records WHERE ns = $1 "
                                       "GROUP BY kind ORDER BY kind",
                                       {text_param(ns_)}));
  for (const auto& r : records) c.records.emplace_back(r[0], std::stoll(r[1]));
  return c;
}

Result<std::vector<SharedRecord>> ShareStore::pull_records(const std::string& kind, int version,
                                                           const std::string& variant,
                                                           const std::vector<std::string>& keys) {
  std::vector<SharedRecord> out;
  if (keys.empty()) return out;
  TRY_ASSIGN(auto rows,
             conn_.query("SELECT key, payload FROM stc_records WHERE ns = $1 AND kind "
                         "= $2 AND version = $3::integer AND variant = $4 AND key = "
                         "ANY($5::text[])",
                         {text_param(ns_), text_param(kind), text_param(std::to_string(version)),
                          text_param(variant), text_param(text_array(keys))},
                         PgFormat::kBinary));
  out.reserve(rows.size());
  for (auto& r : rows)
    out.push_back(SharedRecord{kind, std::move(r[0]), version, variant, std::move(r[1])});
  return out;
}

Status ShareStore::push_records(const std::vector<SharedRecord>& records) {
  if (records.empty()) return {};
  static const std::vector<const char*> kCasts = {"::text", "::text", "::integer", "::text",
                                                  "::bytea"};
  std::string sql = "INSERT INTO stc_records(ns, kind, key, version, variant, payload) VALUES ";
  std::vector<PgParam> params = {text_param(ns_)};
  for (size_t i = 0; i < records.size(); ++i) {
    sql += (i ? ",($1," : "($1,") + placeholders(i, kCasts).substr(1);
    params.push_back(text_param(records[i].kind));
    params.push_back(text_param(records[i].key));
    params.push_back(text_param(std::to_string(records[i].version)));
    params.push_back(text_param(records[i].variant));
    params.push_back(bytes_param(records[i].payload));
  }
  sql += " ON CONFLICT DO NOTHING";
  TRY(conn_.query(sql, params));
  return {};
}

namespace {

// "VALUES ($2,$3::bytea,$4)..." rows of (kind, subject, input_key) after $1 (and $2 when
// `first` is 3), with their parameters.
std::string unit_rows(const std::vector<QueueUnit>& units, size_t first, bool with_commit,
                      std::vector<PgParam>& params) {
  std::string sql;
  size_t n = first;
  for (size_t i = 0; i < units.size(); ++i) {
    const auto& u = units[i];
    sql += std::string(i ? "," : "") + "($" + std::to_string(n) + "::text,$" +
           std::to_string(n + 1) + "::bytea,$" + std::to_string(n + 2) + "::text";
    params.push_back(text_param(u.kind));
    params.push_back(bytes_param(u.subject));
    params.push_back(text_param(u.input_key));
    n += 3;
    if (with_commit) {
      sql += ",$" + std::to_string(n++) + "::text";
      params.push_back(text_param(u.commit));
    }
    sql += ")";
  }
  return sql;
}

}  // namespace

Result<int64_t> ShareStore::enqueue(const std::vector<QueueUnit>& units) {
  if (units.empty()) return 0;
  std::vector<PgParam> params = {text_param(ns_)};
  const std::string rows = unit_rows(units, 2, true, params);
  TRY_ASSIGN(
      auto out,
      conn_.query("WITH added AS (INSERT INTO stc_queue(ns, kind, subject, input_key, "
                  "commit_oid) SELECT $1, * FROM (VALUES " +
                      rows + ") v ON CONFLICT DO NOTHING RETURNING 1) SELECT COUNT(*) FROM added",
                  params));
  return out.empty() ? 0 : std::stoll(out[0][0]);
}

Result<std::vector<QueueUnit>> ShareStore::claim(const std::string& worker, size_t limit,
                                                 int lease_seconds) {
  TRY_ASSIGN(
      auto rows,
      conn_.query(
          "WITH c AS MATERIALIZED (SELECT kind, subject, input_key FROM stc_queue "
          "WHERE ns = $1 AND state = 'pending' AND (lease_until IS NULL OR lease_until < "
          "now()) ORDER BY created_at, CASE kind WHEN 'summary' THEN 0 WHEN 'rehearsal' THEN 1 "
          "ELSE 2 END, kind, subject LIMIT $4::integer FOR UPDATE SKIP "
          "LOCKED) UPDATE stc_queue q SET lease_until = now() + make_interval(secs => "
          "$3::integer), worker = $2, attempts = q.attempts + 1 FROM c WHERE q.ns = $1 "
          "AND q.kind = c.kind AND q.subject = c.subject AND q.input_key = c.input_key "
          "RETURNING q.kind, q.subject, q.input_key, q.commit_oid",
          {text_param(ns_), text_param(worker), text_param(std::to_string(lease_seconds)),
           text_param(std::to_string(limit))},
          PgFormat::kBinary));
  std::vector<QueueUnit> out;
  for (auto& r : rows) {
    out.push_back(QueueUnit{std::move(r[0]), std::move(r[1]), std::move(r[2]), std::move(r[3])});
  }
  return out;
}

Status ShareStore::complete(const std::string& worker, const std::vector<QueueUnit>& units) {
  if (units.empty()) return {};
  std::vector<PgParam> params = {text_param(ns_), text_param(worker)};
  const std::string rows = unit_rows(units, 3, false, params);
  TRY(
      conn_.query("UPDATE stc_queue SET state = 'done', done_at = now(), lease_until = NULL "
                  "WHERE ns = $1 AND worker = $2 AND state = 'pending' AND (kind, subject, "
                  "input_key) IN (VALUES " +
                      rows + ")",
                  params));
  return {};
}

Status ShareStore::release(const std::string& worker, const std::vector<QueueUnit>& units) {
  if (units.empty()) return {};
  std::vector<PgParam> params = {text_param(ns_), text_param(worker)};
  const std::string rows = unit_rows(units, 3, false, params);
  TRY(
      conn_.query("UPDATE stc_queue SET lease_until = NULL WHERE ns = $1 AND worker = $2 AND "
                  "state = 'pending' AND (kind, subject, input_key) IN (VALUES " +
                      rows + ")",
                  params));
  return {};
}

}  // namespace stc::indexer::share
