#include "indexer/sleep/module_facts.h"

#include "core/text.h"
#include "indexer/history/history_miner.h"
#include "indexer/import_resolver.h"

namespace stc::sleep {

std::string dir_of(const std::string& path) { return std::string(indexer::dirname(path)); }

namespace {

int64_t count_of(const std::unordered_map<std::string, int64_t>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

Status load_counts(store::IndexStore& store, const char* sql,
                   std::unordered_map<std::string, int64_t>& out) {
  TRY_ASSIGN(auto st, store.db().prepare(sql));
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) break;
    out[st.column_text(0)] = st.column_int(1);
  }
  return {};
}

Status load_references(store::IndexStore& store, int64_t blob_id, ModuleFacts& m) {
  TRY_ASSIGN(auto st, store.db().prepare("SELECT refs FROM blobs WHERE id = ?"));
  st.bind(1, blob_id);
  TRY_ASSIGN(bool row, st.step());
  if (!row) return {};
  const std::string refs = st.column_text(0);
  for (auto r : text::split(refs, ' ')) {
    if (!r.empty() && m.references.size() < 200) m.references.emplace_back(r);
  }
  return {};
}

}  // namespace

int64_t FileCounts::importers_of(const std::string& path) const { return count_of(importers, path); }
int64_t FileCounts::commits_of(const std::string& path) const { return count_of(commits, path); }

Result<FileCounts> load_file_counts(store::IndexStore& store) {
  FileCounts c;
  TRY(load_counts(store, "SELECT dst, COUNT(*) FROM deps GROUP BY dst", c.importers));
  TRY(load_counts(store, "SELECT path, commits FROM file_history", c.commits));
  return c;
}

Result<ModuleFacts> load_module(store::IndexStore& store, const store::FileRecord& file,
                                int64_t now_time) {
  ModuleFacts m;
  m.path = file.path;
  m.language = file.language;
  m.blob_oid = file.oid;
  if (file.blob_id) {
    TRY_ASSIGN(auto info, store.blob_info(file.blob_id));
    if (info) {
      m.lines = info->lines;
      m.module_doc = info->module_doc;
      m.skeleton = info->skeleton;
    }
    TRY_ASSIGN(auto rows, store.symbols(file.blob_id));
    for (auto& r : rows) m.definitions.push_back(std::move(r.def));
    TRY(load_references(store, file.blob_id, m));
  }
  TRY_ASSIGN(m.depends_on, store.deps_of(file.path));
  TRY_ASSIGN(m.importers, store.importers_of(file.path));
  TRY_ASSIGN(auto hist, indexer::file_history(store, file.path, now_time));
  if (hist) {
    m.commits = hist->commits;
    m.last_time = hist->last_time;
    m.recent = hist->recent;
  }
  TRY_ASSIGN(auto partners, indexer::cochange_partners(store, file.path, 12, 2));
  for (const auto& p : partners) {
    m.partners.push_back(Partner{p.path, p.together, p.base, p.confidence});
  }
  return m;
}

}  // namespace stc::sleep
