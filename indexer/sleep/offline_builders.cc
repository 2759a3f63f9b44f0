// Offline artifact builders.
//
// Co-change confidence for a partner B of module A is together(A,B) /
// commits(A): the share of A's (non-mass) commits that also changed B. A note
// is written for partners with at least two shared commits and confidence of
// at least 0.25, strongest first. Anticipation scores combine the amount of
// evidence (past additions or similar commits) with recency: score =
// evidence * 0.5^(age_days / 365), so a pattern repeated last month outranks
// one repeated five years ago.

#include "indexer/sleep/offline_builders.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/doc_boilerplate.h"
#include "core/path_kind.h"
#include "core/text.h"
#include "indexer/skeleton.h"

namespace stc::indexer::sleep {
namespace {

constexpr size_t kMaxEntryPoints = 12;
constexpr size_t kMaxCochangeNotes = 6;

bool is_public(const syntax::Definition& d) { return !d.name.empty() && d.name[0] != '_'; }

std::string kind_phrase(const std::vector<syntax::Definition>& defs) {
  std::map<std::string, int> kinds;
  for (const auto& d : defs) {
    if (d.parent < 0) ++kinds[d.kind];
  }
  std::string out;
  for (const auto& [kind, n] : kinds) {
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + kind + (n > 1 ? (kind.back() == 's' ? "es" : "s") : "");
  }
  return out;
}

double recency(int64_t time, int64_t now) {
  if (time <= 0 || now <= time) return 1.0;
  return std::pow(0.5, static_cast<double>(now - time) / 86400.0 / 365.0);
}

std::string quote_list(const std::vector<std::string>& items, size_t max) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) {
    out += (i ? ", " : "") + ("`" + items[i] + "`");
  }
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
}

}  // namespace

bool is_module_path(const std::string& path) {
  const PathKind kind = classify_path(path);
  return kind == PathKind::kSource || kind == PathKind::kTest || kind == PathKind::kDoc;
}

std::string module_doc_line(const ModuleFacts& m) {
  return indexer::first_doc_line(strip_doc_boilerplate(m.module_doc));
}

namespace {

// What a build, CI or data file is, by its name: never its content read as prose.
ModuleSummary data_file_summary(const ModuleFacts& m) {
  const std::string name =
      m.path.substr(m.path.rfind('/') == std::string::npos ? 0 : m.path.rfind('/') + 1);
  const PathKind kind = classify_path(m.path);
  std::string what = kind == PathKind::kBuild ? "Build, packaging or CI file" : "Data file";
  if (stc::starts_with(stc::to_lower(name), "requirements") ||
      m.path.find("requirements/") != std::string::npos) {
    what = "Python dependency list (pip requirements)";
  }
  ModuleSummary s;
  s.summary = what + (m.lines ? ", " + std::to_string(m.lines) + " lines." : ".");
  return s;
}

}  // namespace

ModuleSummary offline_summary(const ModuleFacts& m) {
  if (!is_module_path(m.path)) return data_file_summary(m);
  ModuleSummary s;
  std::string doc = module_doc_line(m);
  std::vector<std::string> names;
  for (const auto& d : m.definitions) {
    if (d.parent < 0 && is_public(d)) names.push_back(d.name);
  }
  if (doc.empty()) {
    const std::string kinds = kind_phrase(m.definitions);
    doc = kinds.empty()
              ? (m.language.empty() ? "File" : m.language + " file") +
                    std::string(" with no definitions.")
              : "Defines " + kinds + (names.empty() ? "" : ": " + quote_list(names, 6)) + ".";
  } else if (!names.empty()) {
    doc += " Defines " + quote_list(names, 6) + ".";
  }
  s.summary = doc;
  for (const auto& d : m.definitions) {
    if (s.entry_points.size() >= kMaxEntryPoints) break;
    const bool top = d.parent < 0;
    const bool method_of_top =
        d.parent >= 0 && m.definitions[static_cast<size_t>(d.parent)].parent < 0;
    if (!is_public(d) || !(top || method_of_top)) continue;
    std::string line = d.name + ": " + d.signature;
    const std::string first = indexer::first_doc_line(d.doc);
    if (!first.empty()) line += " — " + first;
    s.entry_points.push_back(stc::truncate_utf8(line, 240));
  }
  if (!m.importers.empty()) {
    s.usage = "Imported by " + std::to_string(m.importers.size()) + " file" +
              (m.importers.size() > 1 ? "s" : "") + ": " + quote_list(m.importers, 5) + ".";
  }
  if (!m.depends_on.empty()) {
    s.usage +=
        std::string(s.usage.empty() ? "" : " ") + "Depends on " + quote_list(m.depends_on, 5) + ".";
  }
  return s;
}

namespace {

void add_cochange_notes(const ModuleFacts& m, const std::unordered_set<std::string>& exists,
                        ModuleNotes& out) {
  size_t added = 0;
  for (const auto& p : m.partners) {
    if (added >= kMaxCochangeNotes) break;
    if (p.together < 2 || p.confidence < 0.25 || !exists.count(p.path)) continue;
    Note n;
    n.kind = "cochange";
    n.text = "When `" + m.path + "` changes, `" + p.path + "` changes with it in " +
             std::to_string(p.together) + " of " + std::to_string(p.base) + " commits.";
    n.files = {p.path};
    n.evidence = std::to_string(p.together) + " of " + std::to_string(p.base) + " commits";
    n.confidence = p.confidence;
    out.notes.push_back(std::move(n));
    ++added;
  }
}

// A module that imports three or more files of one directory is a registry
// (or a facade): a new file there usually needs an entry here.
void add_registry_note(const ModuleFacts& m, ModuleNotes& out) {
  std::map<std::string, std::vector<std::string>> by_dir;
  for (const auto& d : m.depends_on) by_dir[dir_of(d)].push_back(d);
  for (const auto& [dir, files] : by_dir) {
    if (files.size() < 3) continue;
    Note n;
    n.kind = "extension_point";
    n.text = "`" + m.path + "` imports " + std::to_string(files.size()) + " modules of `" +
             (dir.empty() ? std::string(".") : dir) + "/` (" + quote_list(files, 4) +
             "): adding a module there usually means registering it here.";
    n.files = files;
    n.evidence = "imports " + std::to_string(files.size()) + " siblings";
    n.confidence = std::min(1.0, 0.4 + 0.1 * static_cast<double>(files.size()));
    out.notes.push_back(std::move(n));
  }
}

// Registration calls (routes, CLI commands, handlers) mark a dispatch point.
void add_dispatch_note(const ModuleFacts& m, ModuleNotes& out) {
  // Lower-cased: a reference matches a marker in any case.
  static const char* const kMarkers[] = {
      "register", "add_parser",   "add_subcommand", "add_command", "subparsers", "handlefunc",
      "route",    "add_url_rule", "command",        "registry",    "dispatch",   "handlers"};
  std::vector<std::string> hits;
  for (const auto& r : m.references) {
    if (r.size() < 5 || r.size() > 14) continue;  // the markers' lengths
    const std::string lower = stc::to_lower(r);
    for (const char* k : kMarkers) {
      if (lower == k) hits.push_back(r);
    }
  }
  if (hits.empty() || m.definitions.size() < 2) return;
  Note n;
  n.kind = "extension_point";
  n.text = "`" + m.path + "` is a dispatch point (uses " + quote_list(hits, 3) +
           "): new commands, routes or handlers are registered here.";
  n.evidence = "references " + quote_list(hits, 3);
  n.confidence = 0.5;
  out.notes.push_back(std::move(n));
}

}  // namespace

ModuleNotes offline_notes(const ModuleFacts& m, const std::unordered_set<std::string>& exists) {
  ModuleNotes out;
  add_cochange_notes(m, exists, out);
  add_registry_note(m, out);
  add_dispatch_note(m, out);
  return out;
}

std::string singular_noun(const std::string& dir) {
  std::string last = dir.substr(dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1);
  if (last.empty()) return "module";
  if (stc::ends_with(last, "ies")) return last.substr(0, last.size() - 3) + "y";
  if (stc::ends_with(last, "sses")) return last.substr(0, last.size() - 2);
  if (last.size() > 3 && last.back() == 's' && !stc::ends_with(last, "ss")) last.pop_back();
  return last;
}

Note sibling_note(const SiblingPattern& p) {
  Note n;
  n.kind = "new_sibling";
  std::vector<std::string> parts;
  for (const auto& [file, count] : p.companions) {
    n.files.push_back(file);
    parts.push_back("`" + file + "` (" + std::to_string(count) + "/" + std::to_string(p.additions) +
                    ")");
  }
  n.text = "Adding a new " + singular_noun(p.dir) + " to `" + p.dir + "/` (done in " +
           std::to_string(p.additions) + " past commits" +
           (p.examples.empty() ? std::string() : ", e.g. \"" + p.examples.front() + "\"") +
           ") also changed " + stc::join(parts, ", ") + ".";
  n.evidence = std::to_string(p.additions) + " past additions";
  n.confidence =
      p.companions.empty() ? 0.0 : static_cast<double>(p.companions.front().second) / p.additions;
  return n;
}

namespace {

AnticipatedRequest request_from(const SiblingPattern& p, int64_t now) {
  AnticipatedRequest r;
  const std::string noun = singular_noun(p.dir);
  r.title = "Add a new " + noun + " to " + p.dir + "/";
  r.rationale = std::to_string(p.additions) + " past commits added a " + noun + " here" +
                (p.examples.empty() ? "" : ", most recently \"" + p.examples.front() + "\"") + ".";
  r.plan.push_back({p.dir + "/<new_" + noun + ">" + p.extension, "create",
                    "new " + noun + " next to " + quote_list(p.added, 3)});
  for (const auto& [file, count] : p.companions) {
    r.plan.push_back({file, "modify",
                      "changed in " + std::to_string(count) + " of " + std::to_string(p.additions) +
                          " past additions"});
  }
  r.evidence = p.examples;
  r.score = static_cast<double>(p.additions) * recency(p.last_time, now);
  return r;
}

AnticipatedRequest request_from(const ChangeCluster& c, int64_t now) {
  AnticipatedRequest r;
  r.title = c.summaries.front();
  r.rationale = std::to_string(c.commits) + " similar past commits changed these files together.";
  for (const auto& [file, count] : c.files) {
    r.plan.push_back({file, "modify",
                      "changed in " + std::to_string(count) + " of " + std::to_string(c.commits) +
                          " similar commits"});
  }
  r.evidence = c.summaries;
  r.score = 0.8 * static_cast<double>(c.commits) * recency(c.last_time, now);
  return r;
}

AnticipatedRequest request_from(const ModuleFacts& m, int64_t now) {
  AnticipatedRequest r;
  const std::string doc = module_doc_line(m);
  r.title = "Extend " + m.path + (doc.empty() ? "" : " (" + doc + ")");
  r.rationale =
      "One of the most frequently changed modules: " + std::to_string(m.commits) + " commits.";
  r.plan.push_back({m.path, "modify", "the module itself"});
  for (const auto& p : m.partners) {
    if (r.plan.size() >= 6 || p.confidence < 0.3) continue;
    r.plan.push_back({p.path, "modify",
                      "changes with it in " + std::to_string(p.together) + " of " +
                          std::to_string(p.base) + " commits"});
  }
  r.score = 0.3 * std::log2(2.0 + static_cast<double>(m.commits)) * recency(m.last_time, now);
  return r;
}

}  // namespace

Anticipation offline_anticipation(const std::vector<SiblingPattern>& patterns,
                                  const std::vector<ChangeCluster>& clusters,
                                  const std::vector<ModuleFacts>& hot_modules, int64_t now_time,
                                  size_t limit) {
  Anticipation out;
  for (const auto& p : patterns) {
    // The root holds every kind of file: adding "a module to /" says nothing.
    if (p.additions >= 2 && !p.dir.empty()) out.requests.push_back(request_from(p, now_time));
  }
  for (const auto& c : clusters) {
    if (c.commits >= 2 && c.files.size() >= 2) out.requests.push_back(request_from(c, now_time));
  }
  for (const auto& m : hot_modules) {
    // "Extend CHANGES.rst" or "Extend requirements.txt" is no feature request.
    if (m.commits >= 3 && classify_path(m.path) == PathKind::kSource) {
      out.requests.push_back(request_from(m, now_time));
    }
  }
  std::stable_sort(out.requests.begin(), out.requests.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  if (out.requests.size() > limit) out.requests.resize(limit);
  return out;
}

}  // namespace stc::indexer::sleep
