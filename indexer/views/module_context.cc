#include "indexer/views/module_context.h"

#include <filesystem>

#include "indexer/skeleton.h"

namespace stc::indexer {

Result<ModuleContext> load_module_context(store::IndexStore& store, const std::string& path,
                                          size_t max_partners) {
  TRY_ASSIGN(auto file, store.file(path));
  if (!file) {
    return fail(ErrorCode::kNotFound,
                path + " is not in the indexed commit; check the path or run `stc index`");
  }
  ModuleContext m;
  m.file = *file;
  if (file->blob_id) {
    TRY_ASSIGN(m.blob, store.blob_info(file->blob_id));
    TRY_ASSIGN(m.symbols, store.symbols(file->blob_id));
    TRY_ASSIGN(m.imports, store.imports(file->blob_id));
  }
  TRY_ASSIGN(m.depends_on, store.deps_of(path));
  TRY_ASSIGN(m.importers, store.importers_of(path));
  TRY_ASSIGN(m.view, sleep::read_module_view(store, *file));
  TRY_ASSIGN(m.history, file_history(store, path, 0));
  TRY_ASSIGN(m.co_change, cochange_partners(store, path, max_partners, 2));
  m.summary = m.view.summary ? m.view.summary->summary : "";
  if (m.summary.empty() && m.blob) m.summary = first_doc_line(m.blob->module_doc);
  return m;
}

std::string repo_relative(const std::string& dir, const std::string& path,
                          const std::string& workdir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(fs::path(dir) / path, ec), ec);
  const fs::path root = fs::weakly_canonical(fs::path(workdir), ec);
  const std::string a = abs.string();
  std::string r = root.string();
  if (!r.empty() && r.back() != '/') r += '/';
  if (!ec && a.rfind(r, 0) == 0) return a.substr(r.size());
  return path;
}

}  // namespace stc::indexer
