// Builds the exported section from the overview roll-up (summary, key files
// with their one-line summaries), the likely-change notes of the key and the
// most churned files ranked by confidence (one copy of each text), and the
// anticipated requests; then merges it between the markers of the target file.

#include "mcp/agents_md.h"

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "indexer/history/history_queries.h"
#include "indexer/sleep/artifact_reader.h"
#include "indexer/views/module_context.h"

namespace stc::mcp {
namespace {

std::string first_sentence(const std::string& text, size_t max_chars = 160) {
  std::string s = text.substr(0, text.find('\n'));
  const size_t dot = s.find(". ");
  if (dot != std::string::npos) s = s.substr(0, dot + 1);
  if (s.size() > max_chars) s = s.substr(0, max_chars - 3) + "...";
  return s;
}

// Key files first, then the most churned files, each once.
Result<std::vector<std::string>> candidate_files(indexer::store::IndexStore& store,
                                                 const std::vector<std::string>& keys) {
  std::vector<std::string> out = keys;
  TRY_ASSIGN(auto hot, indexer::hottest_files(store, 30, 0));
  for (const auto& h : hot) {
    if (std::find(out.begin(), out.end(), h.path) == out.end()) out.push_back(h.path);
  }
  return out;
}

Result<std::vector<indexer::sleep::Note>> top_notes(indexer::store::IndexStore& store,
                                                    const std::vector<std::string>& files) {
  std::vector<indexer::sleep::Note> notes;
  std::set<std::string> seen;
  for (const auto& path : files) {
    TRY_ASSIGN(auto file, store.file(path));
    if (!file) continue;  // in history, no longer in the tree
    TRY_ASSIGN(auto view, indexer::sleep::read_module_view(store, *file));
    for (auto& n : view.notes) {
      if (seen.insert(n.text).second) notes.push_back(std::move(n));
    }
  }
  std::stable_sort(notes.begin(), notes.end(),
                   [](const indexer::sleep::Note& a, const indexer::sleep::Note& b) {
                     return a.confidence > b.confidence;
                   });
  if (notes.size() > kMaxExportNotes) notes.resize(kMaxExportNotes);
  return notes;
}

Result<std::string> key_files_markdown(indexer::store::IndexStore& store,
                                       const std::vector<std::string>& files) {
  std::string out;
  for (const auto& path : files) {
    auto module = indexer::load_module_context(store, path, 0);
    if (!module) continue;
    out += "- `" + path + "`";
    if (!module->summary.empty()) out += ": " + first_sentence(module->summary);
    out += "\n";
  }
  return out;
}

std::string anticipation_markdown(const indexer::sleep::Anticipation& a) {
  std::string out;
  for (size_t i = 0; i < a.requests.size() && i < 5; ++i) {
    out += "- " + a.requests[i].title + ":";
    for (const auto& p : a.requests[i].plan) out += " `" + p.path + "`";
    out += "\n";
  }
  return out;
}

}  // namespace

Result<std::string> agents_md_section(RepoSession& session) {
  auto& store = session.store;
  TRY_ASSIGN(auto overview, indexer::sleep::read_overview(store));
  TRY_ASSIGN(auto keys_list, key_files(store, 12));
  std::string out = std::string(kBeginMarker) + "\n## Repository map (from stc)\n\n";
  out +=
      "<!-- Written by `stc export agents-md` from the sleep-time index; "
      "text between the stc markers is replaced on each export. -->\n\n";
  std::string summary = overview ? overview->summary : "";
  summary.erase(summary.find_last_not_of(" \n") + 1);
  out += summary.empty() ? "(no overview yet)\n" : summary + "\n";
  TRY_ASSIGN(std::string keys, key_files_markdown(store, keys_list));
  if (!keys.empty()) out += "\n### Key files\n\n" + keys;
  TRY_ASSIGN(auto files, candidate_files(store, keys_list));
  TRY_ASSIGN(auto notes, top_notes(store, files));
  if (!notes.empty())
    out += "\n### Likely changes\n\nWhen you change one of these, check the others:\n\n";
  for (const auto& n : notes) out += "- " + n.text + "\n";
  TRY_ASSIGN(auto anticipation, indexer::sleep::read_anticipation(store));
  if (anticipation && !anticipation->requests.empty()) {
    out += "\n### Anticipated requests\n\n" + anticipation_markdown(*anticipation);
  }
  out +=
      "\nFor a task-specific plan run `stc context \"<task>\"`, or use the stc MCP server "
      "(`stc mcp`: plan_feature, module_context, search_index, index_status).\n";
  return out + kEndMarker + "\n";
}

Result<std::string> merge_section(const std::string& existing, const std::string& section) {
  const size_t begin = existing.find(kBeginMarker);
  const size_t end = existing.find(kEndMarker);
  if (begin == std::string::npos && end == std::string::npos) {
    if (existing.empty()) return section;
    std::string out = existing;
    if (out.back() != '\n') out += '\n';
    return out + "\n" + section;
  }
  if (begin == std::string::npos || end == std::string::npos || end < begin ||
      existing.find(kBeginMarker, begin + 1) != std::string::npos) {
    return fail(ErrorCode::kBadInput,
                std::string("the file's ") + kBeginMarker + " / " + kEndMarker +
                    " markers are unbalanced; fix them by hand and export again");
  }
  size_t after = end + std::string(kEndMarker).size();
  if (after < existing.size() && existing[after] == '\n') ++after;  // the section brings its own
  return existing.substr(0, begin) + section + existing.substr(after);
}

const char* to_string(WriteOutcome outcome) {
  switch (outcome) {
    case WriteOutcome::kCreated:
      return "created";
    case WriteOutcome::kUpdated:
      return "updated";
    case WriteOutcome::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

Result<WriteOutcome> write_section(const std::string& link, const std::string& section) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // CLAUDE.md is often a symlink to AGENTS.md: update the file it names.
  const std::string path =
      fs::is_symlink(link, ec) ? fs::weakly_canonical(link, ec).string() : link;
  const bool exists = fs::exists(path, ec);
  std::string existing;
  if (exists) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorCode::kIo, "cannot read " + path);
    existing.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  TRY_ASSIGN(std::string merged, merge_section(existing, section));
  if (exists && merged == existing) return WriteOutcome::kUnchanged;
  const std::string tmp = path + ".stc-tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << merged;
    if (!out.flush()) return fail(ErrorCode::kIo, "cannot write " + tmp);
  }
  if (exists) fs::permissions(tmp, fs::status(path, ec).permissions(), ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return fail(ErrorCode::kIo, "cannot replace " + path + ": " + ec.message());
  }
  return exists ? WriteOutcome::kUpdated : WriteOutcome::kCreated;
}

}  // namespace stc::mcp
