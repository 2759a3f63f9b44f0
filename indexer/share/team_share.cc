#include "indexer/share/team_share.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "core/secrets.h"
#include "core/text.h"
#include "indexer/share/share_codec.h"
#include "indexer/sleep/artifacts.h"

namespace stc::indexer::share {
namespace {

constexpr const char* kBlobKind = "blob";
constexpr const char* kArtifactKind = "artifact";
constexpr const char* kRecordKind = "record";
constexpr char kSep = '\x1f';

std::string blob_key(const std::string& oid, const std::string& lang) { return oid + ":" + lang; }

// A record as a backlog key: its key fields and then its payload, whole.
std::string record_key(const SharedRecord& r) {
  return r.kind + kSep + r.key + kSep + std::to_string(r.version) + kSep + r.variant + kSep +
         r.payload;
}

std::optional<SharedRecord> parse_record_key(const std::string& k) {
  size_t at[4];
  size_t from = 0;
  for (size_t& a : at) {
    a = k.find(kSep, from);
    if (a == std::string::npos) return std::nullopt;
    from = a + 1;
  }
  SharedRecord r;
  r.kind = k.substr(0, at[0]);
  r.key = k.substr(at[0] + 1, at[1] - at[0] - 1);
  try {
    r.version = std::stoi(k.substr(at[1] + 1, at[2] - at[1] - 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  r.variant = k.substr(at[2] + 1, at[3] - at[2] - 1);
  r.payload = k.substr(at[3] + 1);
  return r;
}

std::string artifact_key(const store::Artifact& a) {
  return a.kind + kSep + a.subject + kSep + a.input_key + kSep + std::to_string(a.prompt_version) +
         kSep + a.provider;
}

// The last path component of `path` without a trailing slash or ".git".
std::string base_name(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (stc::ends_with(path, ".git")) path.resize(path.size() - 4);
  const size_t slash = path.find_last_of("/:");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The repository's name: its origin remote's, else the work tree's directory.
std::string repository_name(const git::Repository& repo) {
  if (auto entries = git::read_config_file(repo.common_dir() + "config")) {
    for (const auto& [key, value] : *entries) {
      if (key == "remote.origin.url" && !base_name(value).empty()) return base_name(value);
    }
  }
  return base_name(repo.workdir());
}

}  // namespace

TeamShare::TeamShare(const ShareConfig& config, const git::Repository& repo, GlobSet deny)
    : config_(config), repo_(repo), deny_(std::move(deny)) {}

void TeamShare::note(const Error& e) {
  if (refused(e)) {
    refused_ = true;
    if (stats_.warning.empty()) {
      stats_.warning = e.message + " (pushes are skipped; pulls go on)";
    }
    return;
  }
  down_ = true;
  last_error_ = e.message;
  if (stats_.warning.empty()) {
    stats_.warning = e.message +
                     " (the pass went on locally; what it could not push waits "
                     "in the local backlog for the next pass)";
  }
}

void TeamShare::connect_ahead(bool find_root) {
  if (connecting_.valid() || conn_ || down_) return;
  connecting_ = std::async(
      std::launch::async,
      [settings = PgSettings{config_.url, config_.connect_timeout_s, config_.statement_timeout_ms},
       git_dir = find_root ? repo_.git_dir() : std::string()] {
        Ahead ahead{PgConnection::connect(settings), {}};
        // A new store does not know the root commit yet: walking the whole
        // first-parent chain to it (a quarter of a second on 10k commits)
        // overlaps the connection and the pass's planning.
        if (!git_dir.empty() && ahead.conn) {
          if (auto repo = git::Repository::open(git_dir)) {
            if (auto head = repo->resolve_commit("HEAD")) {
              if (auto root = repo->root_commit(head->id)) ahead.root = root->hex();
            }
          }
        }
        return ahead;
      });
}

void TeamShare::await_ahead() {
  if (!connecting_.valid()) return;
  Ahead ahead = connecting_.get();
  root_ahead_ = std::move(ahead.root);
  connected_ahead_.emplace(std::move(ahead.conn));
}

Result<std::string> TeamShare::name_space(store::IndexStore& store) {
  TRY_ASSIGN(auto root, store.meta("share_root"));
  std::string oid;
  if (root) {
    oid = *root;
  } else {
    await_ahead();
    if (!root_ahead_.empty()) {
      oid = root_ahead_;
    } else {
      TRY_ASSIGN(const git::CommitInfo head, repo_.resolve_commit("HEAD"));
      TRY_ASSIGN(const git::Oid first, repo_.root_commit(head.id));
      oid = first.hex();
    }
    (void)store.set_meta("share_root", oid);  // a read-only store computes it again next time
  }
  return (config_.name.empty() ? repository_name(repo_) : config_.name) + "@" + oid;
}

ShareStore* TeamShare::session(store::IndexStore& store) {
  if (session_ && conn_ && conn_->usable()) return &*session_;
  if (down_) return nullptr;
  if (session_) {  // the connection was lost after the last statement succeeded
    note(Error{ErrorCode::kUnavailable, "team share " + conn_->target() + ": connection lost"});
    return nullptr;
  }
  auto ns = name_space(store);
  if (!ns) {
    note(ns.error());
    return nullptr;
  }
  await_ahead();
  auto conn = connected_ahead_
                  ? std::move(*connected_ahead_)
                  : PgConnection::connect(PgSettings{config_.url, config_.connect_timeout_s,
                                                     config_.statement_timeout_ms});
  connected_ahead_.reset();
  if (!conn) {
    note(conn.error());
    return nullptr;
  }
  conn_.emplace(std::move(*conn));
  session_.emplace(*conn_, *ns);
  if (auto migrated = session_->migrate(); !migrated) {
    note(Error{ErrorCode::kUnavailable, migrated.error().message});
    session_.reset();
    conn_.reset();
    return nullptr;
  }
  return &*session_;
}

Result<std::unordered_map<std::string, store::KnownBlob>> TeamShare::pull_blobs(
    store::IndexStore& store, const std::vector<BlobKey>& keys) {
  std::unordered_map<std::string, store::KnownBlob> out;
  stats_.lookups += static_cast<int64_t>(keys.size());
  stats_.asked += static_cast<int64_t>(keys.size());
  if (keys.empty()) return out;
  ShareStore* s = session(store);
  if (!s) return out;
  struct Fetched {
    std::optional<Error> error;  // the share failed (noted by the storing thread)
    std::vector<store::BlobRecord> records;
  };
  auto fetch = [s, &keys](size_t first) {
    Fetched f;
    std::vector<std::pair<std::string, std::string>> batch;
    std::unordered_set<std::string> wanted;
    for (size_t j = first; j < std::min(keys.size(), first + kBatch); ++j) {
      batch.emplace_back(keys[j].oid, keys[j].language);
      wanted.insert(blob_key(keys[j].oid, keys[j].language));
    }
    auto rows = s->pull_blobs(store::kExtractorVersion, batch);
    if (!rows) {
      f.error = rows.error();
      return f;
    }
    for (const auto& row : *rows) {
      if (!wanted.erase(blob_key(row.oid, row.language))) continue;
      // A damaged record, or one from a newer stc: the blob is parsed here.
      if (auto record = decode_blob(row.record, row.oid, row.language)) {
        f.records.push_back(std::move(*record));
      }
    }
    return f;
  };
  constexpr size_t kPullCommitBatches = 20;
  std::future<Fetched> next = std::async(std::launch::async, fetch, size_t{0});
  bool open = false;
  size_t batches = 0;
  for (size_t i = 0; i < keys.size(); i += kBatch) {
    Fetched got = next.get();
    if (got.error) {
      note(*got.error);
      break;
    }
    if (i + kBatch < keys.size()) next = std::async(std::launch::async, fetch, i + kBatch);
    if (!open) TRY(store.begin());
    open = true;
    for (const auto& record : got.records) {
      auto id = store.put_blob(record);
      if (!id) {
        if (next.valid()) next.wait();
        store.rollback();
        return tl::unexpected(id.error());
      }
      out.emplace(blob_key(record.oid, record.language), store::KnownBlob{*id, record.bytes});
    }
    if (++batches % kPullCommitBatches == 0) {
      TRY(store.commit());
      open = false;
    }
  }
  if (next.valid()) next.wait();
  if (open) TRY(store.commit());
  stats_.hits += static_cast<int64_t>(out.size());
  return out;
}

Result<bool> TeamShare::push_blob_batch(store::IndexStore& store,
                                        const std::vector<std::string>& keys) {
  std::vector<SharedBlob> blobs;
  for (const auto& key : keys) {
    const size_t colon = key.find(':');
    if (colon == std::string::npos) continue;
    const std::string oid = key.substr(0, colon), lang = key.substr(colon + 1);
    TRY_ASSIGN(auto record, store.blob_record(oid, lang));
    if (record) blobs.push_back(SharedBlob{oid, lang, encode_blob(*record)});
  }
  ShareStore* s = session(store);
  if (!s) return false;
  if (auto pushed = s->push_blobs(store::kExtractorVersion, blobs); !pushed) {
    note(pushed.error());
    return false;
  }
  stats_.pushed += static_cast<int64_t>(blobs.size());
  return true;
}

Result<bool> TeamShare::push_artifact_batch(store::IndexStore& store,
                                            const std::vector<std::string>& keys) {
  std::vector<store::Artifact> artifacts;
  auto arts = store.artifacts();
  for (const auto& key : keys) {
    const auto parts = stc::split(key, kSep);
    if (parts.size() != 5) continue;
    int version = 0;
    try {
      version = std::stoi(std::string(parts[3]));
    } catch (const std::exception&) {
      continue;
    }
    TRY_ASSIGN(auto a, arts.exact(std::string(parts[0]), std::string(parts[1]),
                                  std::string(parts[2]), version, std::string(parts[4])));
    if (a) artifacts.push_back(std::move(*a));
  }
  ShareStore* s = session(store);
  if (!s) return false;
  if (auto pushed = s->push_artifacts(artifacts); !pushed) {
    note(pushed.error());
    return false;
  }
  stats_.pushed += static_cast<int64_t>(artifacts.size());
  return true;
}

Status TeamShare::push_keys(store::IndexStore& store, const char* kind,
                            const std::vector<std::string>& keys) {
  for (size_t i = 0; i < keys.size() && !refused_; i += kBatch) {
    const std::vector<std::string> batch(
        keys.begin() + static_cast<std::ptrdiff_t>(i),
        keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), i + kBatch)));
    bool ok = false;
    if (!down_) {
      TRY_ASSIGN(ok, kind == kBlobKind ? push_blob_batch(store, batch)
                                       : push_artifact_batch(store, batch));
    }
    if (ok || refused_) continue;
    return store.share_backlog().add(
        kind, std::vector<std::string>(keys.begin() + static_cast<std::ptrdiff_t>(i), keys.end()));
  }
  return {};
}

Status TeamShare::push_blobs(store::IndexStore& store, const std::vector<BlobKey>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (!deny_.matches(k.path)) out.push_back(blob_key(k.oid, k.language));
  }
  return push_keys(store, kBlobKind, out);
}

Result<int64_t> TeamShare::pull_artifacts(store::IndexStore& store,
                                          const std::vector<store::Artifact>& keys) {
  int64_t found = 0;
  stats_.lookups += static_cast<int64_t>(keys.size());
  stats_.asked += static_cast<int64_t>(keys.size());
  constexpr size_t kArtifactBatch = 200;  // 6 parameters per key
  for (size_t i = 0; i < keys.size(); i += kArtifactBatch) {
    ShareStore* s = session(store);
    if (!s) break;
    const std::vector<store::Artifact> batch(
        keys.begin() + static_cast<std::ptrdiff_t>(i),
        keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), i + kArtifactBatch)));
    auto rows = s->pull_artifacts(batch);
    if (!rows) {
      note(rows.error());
      break;
    }
    TRY_ASSIGN(const int64_t stored, store_matching(store, std::move(*rows), nullptr));
    found += stored;
  }
  stats_.hits += found;
  return found;
}

Result<int64_t> TeamShare::store_matching(store::IndexStore& store,
                                          std::vector<store::Artifact> rows,
                                          const std::unordered_set<std::string>* wanted) {
  int64_t found = 0;
  auto arts = store.artifacts();
  TRY(store.begin());
  for (const auto& a : rows) {
    if (wanted && !wanted->count(artifact_key(a))) continue;
    if (auto put = arts.put(a); !put) {
      store.rollback();
      return tl::unexpected(put.error());
    }
    ++found;
  }
  TRY(store.commit());
  return found;
}

Result<int64_t> TeamShare::pull_missing_artifacts(store::IndexStore& store,
                                                  const std::vector<store::Artifact>& keys,
                                                  const std::vector<std::string>& changed,
                                                  const std::string& previous_commit,
                                                  const std::string& commit) {
  if (keys.empty()) return 0;
  ShareStore* s = session(store);
  if (!s) return 0;
  const std::string& provider = keys.front().provider;
  const std::string& model = keys.front().model;
  // Meta: "<server time>\x1f<commit>" of the last pass that asked about every key.
  // Per server, namespace, provider, model and prompt versions: a change of
  // any of them makes every key new again.
  std::set<std::string> versions;
  for (const auto& k : keys) versions.insert(k.kind + ":" + std::to_string(k.prompt_version));
  std::string meta_key = "share_feed:" + redact_url_password(config_.url) + kSep + s->name_space() +
                         kSep + provider + kSep + model;
  for (const auto& v : versions) meta_key += kSep + v;
  TRY_ASSIGN(auto last, store.meta(meta_key));
  std::string since;
  if (last && !previous_commit.empty()) {
    const auto parts = stc::split(*last, kSep);
    if (parts.size() == 2 && parts[1] == previous_commit) since = std::string(parts[0]);
  }
  auto feed = s->artifacts_since(provider, model, since);
  if (!feed) {
    note(feed.error());
    return 0;
  }
  const std::string now = feed->server_time;
  int64_t found = 0;
  if (since.empty()) {
    TRY_ASSIGN(found, pull_artifacts(store, keys));
  } else {
    const std::unordered_set<std::string> fresh(changed.begin(), changed.end());
    std::vector<store::Artifact> by_key;
    std::unordered_set<std::string> wanted;
    for (const auto& k : keys) {
      if (k.subject.empty() || fresh.count(k.subject)) {
        by_key.push_back(k);
      } else {
        wanted.insert(artifact_key(k));
      }
    }
    stats_.lookups += static_cast<int64_t>(wanted.size());
    TRY_ASSIGN(const int64_t fed, store_matching(store, std::move(feed->artifacts), &wanted));
    stats_.hits += fed;
    TRY_ASSIGN(const int64_t asked, pull_artifacts(store, by_key));
    found = fed + asked;
  }
  if (!down_) TRY(store.set_meta(meta_key, now + kSep + commit));
  return found;
}

Status TeamShare::push_artifacts(store::IndexStore& store,
                                 const std::vector<store::Artifact>& artifacts) {
  std::vector<std::string> keys;
  for (const auto& a : artifacts) {
    if (a.offline() || (!a.subject.empty() && deny_.matches(a.subject))) continue;
    keys.push_back(artifact_key(a));
  }
  return push_keys(store, kArtifactKind, keys);
}

Result<int64_t> TeamShare::enqueue(store::IndexStore& store,
                                   const std::vector<store::Artifact>& keys,
                                   const std::string& commit) {
  // One unit per module (its summary key; the notes come with it) and the
  // repository-wide overview and anticipation.
  std::vector<QueueUnit> units;
  for (const auto& k : keys) {
    if (k.kind == sleep::kSummary || k.kind == sleep::kOverview || k.kind == sleep::kAnticipation)
      units.push_back(QueueUnit{k.kind, k.subject, k.input_key, commit});
  }
  return enqueue_units(store, units);
}

Status TeamShare::push_backlog(store::IndexStore& store) {
  auto backlog = store.share_backlog();
  TRY_ASSIGN(const int64_t waiting, backlog.count());
  if (waiting == 0) return {};
  for (const char* kind : {kBlobKind, kArtifactKind, kRecordKind}) {
    while (!down_ && !refused_) {
      TRY_ASSIGN(auto keys, backlog.list(kind, kind == kRecordKind ? kRecordBatch : kBatch));
      if (keys.empty()) break;
      TRY_ASSIGN(bool ok, push_batch(store, kind, keys));
      if (!ok) break;
      TRY(backlog.remove(kind, keys));
    }
  }
  return {};
}

Result<ShareStatus> TeamShare::status(store::IndexStore& store) {
  ShareStatus st;
  st.target = redact_url_password(config_.url);
  TRY_ASSIGN(st.backlog, store.share_backlog().count());
  TRY_ASSIGN(auto passes, store.passes().last(50));
  for (const auto& p : passes) {
    if (p.share_lookups == 0) continue;
    st.last_lookups = p.share_lookups;
    st.last_hits = p.share_hits;
    break;
  }
  TRY_ASSIGN(st.name_space, name_space(store));
  ShareStore* s = session(store);
  if (!s) {
    st.error = last_error_;
    return st;
  }
  auto counts = s->counts();
  if (!counts) {
    st.error = counts.error().message;
    return st;
  }
  st.reachable = true;
  st.counts = std::move(*counts);
  return st;
}

std::unique_ptr<TeamShare> make_team_share(const Config& config, const git::Repository& repo,
                                           bool new_store) {
  if (config.share.url.empty()) return nullptr;
  auto share = std::make_unique<TeamShare>(config.share, repo, secret_deny_list(config.sleep.deny));
  share->connect_ahead(new_store);
  return share;
}

Result<int64_t> TeamShare::enqueue_units(store::IndexStore& store,
                                         const std::vector<WorkUnit>& units) {
  if (units.empty()) return -1;
  int64_t added = 0;
  for (size_t i = 0; i < units.size(); i += kBatch) {
    ShareStore* s = session(store);
    if (!s || refused_) return -1;
    const std::vector<QueueUnit> batch(
        units.begin() + static_cast<std::ptrdiff_t>(i),
        units.begin() + static_cast<std::ptrdiff_t>(std::min(units.size(), i + kBatch)));
    auto n = s->enqueue(batch);
    if (!n) {
      note(n.error());
      return -1;
    }
    added += *n;
  }
  return added;
}

Result<std::vector<SharedRecord>> TeamShare::pull_records(store::IndexStore& store,
                                                          const std::string& kind, int version,
                                                          const std::string& variant,
                                                          const std::vector<std::string>& keys) {
  std::vector<SharedRecord> out;
  stats_.lookups += static_cast<int64_t>(keys.size());
  for (size_t i = 0; i < keys.size(); i += kBatch) {
    ShareStore* s = session(store);
    if (!s) break;
    const std::vector<std::string> batch(
        keys.begin() + static_cast<std::ptrdiff_t>(i),
        keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), i + kBatch)));
    auto rows = s->pull_records(kind, version, variant, batch);
    if (!rows) {
      note(rows.error());
      break;
    }
    for (auto& r : *rows) out.push_back(std::move(r));
  }
  stats_.hits += static_cast<int64_t>(out.size());
  return out;
}

Status TeamShare::push_records(store::IndexStore& store, const std::vector<SharedRecord>& records) {
  for (size_t i = 0; i < records.size() && !refused_; i += kRecordBatch) {
    const std::vector<SharedRecord> batch(
        records.begin() + static_cast<std::ptrdiff_t>(i),
        records.begin() + static_cast<std::ptrdiff_t>(std::min(records.size(), i + kRecordBatch)));
    if (!down_ && push_record_batch(store, batch)) continue;
    if (refused_) break;
    // The rest waits in the local backlog, each record whole, for the next pass.
    std::vector<std::string> keys;
    for (size_t j = i; j < records.size(); ++j) keys.push_back(record_key(records[j]));
    return store.share_backlog().add(kRecordKind, keys);
  }
  return {};
}

bool TeamShare::push_record_batch(store::IndexStore& store,
                                  const std::vector<SharedRecord>& records) {
  ShareStore* s = session(store);
  if (!s) return false;
  if (auto pushed = s->push_records(records); !pushed) {
    note(pushed.error());
    return false;
  }
  stats_.pushed += static_cast<int64_t>(records.size());
  return true;
}

Result<bool> TeamShare::push_batch(store::IndexStore& store, const char* kind,
                                   const std::vector<std::string>& keys) {
  if (kind == kBlobKind) return push_blob_batch(store, keys);
  if (kind == kArtifactKind) return push_artifact_batch(store, keys);
  std::vector<SharedRecord> records;
  for (const auto& k : keys) {
    if (auto r = parse_record_key(k)) records.push_back(std::move(*r));
  }
  return push_record_batch(store, records);
}

}  // namespace stc::indexer::share
