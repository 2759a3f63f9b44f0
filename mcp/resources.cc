#include "mcp/resources.h"

#include "indexer/sleep/artifact_reader.h"
#include "indexer/views/module_context.h"
#include "mcp/repo_session.h"

namespace stc::mcp {
namespace {

using nlohmann::json;

std::string overview_markdown(RepoSession& s) {
  std::string out = "# Repository overview\n\n";
  const std::string warning = indexer::staleness_warning(s.freshness);
  if (!warning.empty()) out += "> " + warning + "\n\n";
  auto overview = indexer::sleep::read_overview(s.store);
  if (overview && *overview) {
    const indexer::sleep::Rollup& r = **overview;
    out += r.summary + "\n";
    if (!r.languages.empty()) {
      out += "\nLanguages:";
      for (const auto& l : r.languages) out += " " + l;
      out += "\n";
    }
    if (!r.key_files.empty()) out += "\n## Key paths\n\n";
    for (const auto& f : r.key_files) out += "- `" + f + "`\n";
  } else {
    out += "(no overview yet: the first sleep-time pass writes it)\n";
  }
  auto anticipation = indexer::sleep::read_anticipation(s.store);
  if (anticipation && *anticipation && !(*anticipation)->requests.empty()) {
    out += "\n## Anticipated requests\n\n";
    const auto& requests = (*anticipation)->requests;
    for (size_t i = 0; i < requests.size() && i < 8; ++i) {
      const auto& r = requests[i];
      out += "- " + r.title + ":";
      for (const auto& p : r.plan) out += " `" + p.path + "` (" + p.action + ")";
      out += "\n";
    }
  }
  return out;
}

std::string module_markdown(const indexer::ModuleContext& m) {
  std::string out = "# " + m.file.path + "\n\n";
  out += (m.summary.empty() ? "(no summary)" : m.summary) + "\n";
  if (!m.view.notes.empty()) out += "\n## Likely changes\n\n";
  for (const auto& n : m.view.notes) out += "- " + n.text + "\n";
  return out;
}

// Modules are text files: parsed ones and text without a grammar (not
// images, binaries, oversized files, symlinks or submodules).
bool is_text_module(indexer::store::FileStatus status) {
  return status == indexer::store::FileStatus::kIndexed ||
         status == indexer::store::FileStatus::kText;
}

json text_content(const std::string& uri, const std::string& text) {
  return json::array({{{"uri", uri}, {"mimeType", "text/markdown"}, {"text", text}}});
}

}  // namespace

Result<json> list_resources(const std::string& directory) {
  TRY_ASSIGN(auto session, open_repo_session(directory));
  json out = json::array();
  out.push_back({{"uri", kOverviewUri},
                 {"name", "overview"},
                 {"title", "Repository overview"},
                 {"description", "What the repository is, its key files and anticipated requests"},
                 {"mimeType", "text/markdown"}});
  TRY_ASSIGN(auto files, key_files(session->store, 20));
  for (const auto& f : files) {
    TRY_ASSIGN(auto record, session->store.file(f));
    if (!record || !is_text_module(record->status)) continue;
    out.push_back({{"uri", kModuleUriPrefix + f},
                   {"name", f},
                   {"description", "Summary and likely-change notes of " + f},
                   {"mimeType", "text/markdown"}});
  }
  return out;
}

json resource_templates() {
  return json::array({{{"uriTemplate", std::string(kModuleUriPrefix) + "{path}"},
                       {"name", "module"},
                       {"title", "Module summary"},
                       {"description", "Summary and likely-change notes of one repository file"},
                       {"mimeType", "text/markdown"}}});
}

Result<std::optional<json>> read_resource(const std::string& directory, const std::string& uri) {
  const std::string prefix = kModuleUriPrefix;
  if (uri != kOverviewUri && uri.rfind(prefix, 0) != 0) return std::optional<json>();
  TRY_ASSIGN(auto session, open_repo_session(directory));
  if (uri == kOverviewUri)
    return std::optional<json>(text_content(uri, overview_markdown(*session)));
  auto module = indexer::load_module_context(session->store, uri.substr(prefix.size()), 0);
  if (!module) {
    if (module.error().code == ErrorCode::kNotFound) return std::optional<json>();
    return tl::unexpected(module.error());
  }
  if (!is_text_module(module->file.status)) return std::optional<json>();
  return std::optional<json>(text_content(uri, module_markdown(*module)));
}

}  // namespace stc::mcp
