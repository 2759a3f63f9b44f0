#include "indexer/sleep/module_facts.h"

#include "core/text.h"
#include "indexer/history/history_queries.h"
#include "indexer/import_resolver.h"

namespace stc::indexer::sleep {

std::string dir_of(const std::string& path) { return std::string(indexer::dirname(path)); }

namespace {

int64_t count_of(const std::unordered_map<std::string, int64_t>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

Status load_references(store::IndexStore& store, int64_t blob_id, ModuleFacts& m) {
  TRY_ASSIGN(const std::string refs, store.blob_refs(blob_id));
  for (auto r : stc::split(refs, ' ')) {
    if (!r.empty() && m.references.size() < 200) m.references.emplace_back(r);
  }
  return {};
}

}  // namespace

int64_t FileCounts::importers_of(const std::string& path) const {
  return count_of(importers, path);
}
int64_t FileCounts::commits_of(const std::string& path) const { return count_of(commits, path); }

Result<FileCounts> load_file_counts(store::IndexStore& store) {
  FileCounts c;
  TRY_ASSIGN(c.importers, store.importer_counts());
  TRY_ASSIGN(c.commits, indexer::commit_counts(store));
  return c;
}

Result<ModuleFacts> load_module(store::IndexStore& store, const store::FileRecord& file,
                                int64_t now_time) {
  ModuleFacts m;
  m.path = file.path;
  m.language = file.language;
  m.blob_oid = file.oid;
  if (file.blob_id) {
    std::vector<store::SymbolRow> rows;
    TRY_ASSIGN(auto info, store.blob_info(file.blob_id, &rows));
    if (info) {
      m.lines = info->lines;
      m.module_doc = info->module_doc;
      m.skeleton = info->skeleton;
    }
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

}  // namespace stc::indexer::sleep
