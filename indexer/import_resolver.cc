#include "indexer/import_resolver.h"

#include <algorithm>

#include "core/text.h"

namespace stc::indexer {
namespace {

std::string join_path(std::string_view dir, std::string_view rest) {
  if (dir.empty()) return std::string(rest);
  return std::string(dir) + "/" + std::string(rest);
}

std::string_view basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string replace_all(std::string s, char from, char to) {
  std::replace(s.begin(), s.end(), from, to);
  return s;
}

const char* const kJsExtensions[] = {".ts",  ".tsx", ".js",  ".jsx", ".mjs",
                                     ".cjs", ".mts", ".cts", ".d.ts"};

}  // namespace

std::string_view dirname(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> parts;
  for (auto p : stc::split(path, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
    } else {
      parts.push_back(p);
    }
  }
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += '/';
    out.append(p);
  }
  return out;
}

ImportResolver::ImportResolver(std::vector<std::string> paths) : paths_(std::move(paths)) {
  exists_.reserve(paths_.size());
  std::unordered_set<std::string_view> packages;  // directories with an __init__.py
  for (const std::string& p : paths_) {
    exists_.insert(p);
    by_basename_[basename(p)].push_back(p);
    files_in_dir_[dirname(p)].push_back(p);
    if (basename(p) == "__init__.py") packages.insert(dirname(p));
  }
  // Python: every module by its repo-relative dotted name and by its name
  // relative to the root of its top-level package (the parent of the
  // outermost directory of a chain of packages), found once per directory.
  std::unordered_map<std::string_view, std::string_view> root_of;
  auto package_root = [&](std::string_view start) {
    auto [it, fresh] = root_of.emplace(start, start);
    if (!fresh) return it->second;
    std::string_view dir = start;
    std::string_view root = dir;
    while (!dir.empty() && packages.count(dir)) {
      root = dirname(dir);
      dir = root;
    }
    return it->second = root;
  };
  std::string mod;
  for (const std::string& p : paths_) {
    if (!stc::ends_with(p, ".py") && !stc::ends_with(p, ".pyi")) continue;
    mod.assign(p, 0, p.rfind('.'));
    if (stc::ends_with(mod, "/__init__")) mod.resize(mod.size() - 9);
    const std::string_view root = package_root(dirname(p));
    python_modules_.emplace(replace_all(mod, '/', '.'), p);
    if (!root.empty() && mod.size() > root.size() && mod.compare(0, root.size(), root) == 0 &&
        mod[root.size()] == '/') {
      python_modules_.emplace(replace_all(mod.substr(root.size() + 1), '/', '.'), p);
    }
  }
}

bool ImportResolver::add_if_exists(const std::string& path, std::vector<std::string>& out) const {
  if (path.empty() || !exists_.count(path)) return false;
  out.push_back(path);
  return true;
}

bool ImportResolver::add_python_module(const std::string& dotted,
                                       std::vector<std::string>& out) const {
  auto it = python_modules_.find(dotted);
  if (it == python_modules_.end()) return false;
  out.emplace_back(it->second);
  return true;
}

bool ImportResolver::add_by_suffix(const std::string& suffix, std::vector<std::string>& out) const {
  auto it = by_basename_.find(basename(suffix));
  if (it == by_basename_.end()) return false;
  std::vector<std::string> hits;
  for (const auto p : it->second) {
    if (p == suffix || stc::ends_with(p, "/" + suffix)) hits.emplace_back(p);
  }
  if (hits.empty() || hits.size() > 3) return false;  // ambiguous: better no edge than noise
  out.insert(out.end(), hits.begin(), hits.end());
  return true;
}

void ImportResolver::python(std::string_view from, const syntax::Import& im,
                            std::vector<std::string>& out) const {
  std::vector<std::string> names;
  for (auto n : stc::split(im.names, ',')) {
    auto t = stc::trim(n);
    if (const size_t sp = t.find(' '); sp != std::string_view::npos) t = t.substr(0, sp);
    if (!t.empty() && t != "*") names.emplace_back(t);
  }
  if (stc::starts_with(im.source, ".")) {
    size_t dots = 0;
    while (dots < im.source.size() && im.source[dots] == '.') ++dots;
    std::string dir(dirname(from));
    for (size_t i = 1; i < dots; ++i) dir = std::string(dirname(dir));
    const std::string rest = replace_all(im.source.substr(dots), '.', '/');
    const std::string base = rest.empty() ? dir : join_path(dir, rest);
    bool any_name = false;
    for (const auto& n : names) {
      any_name |= add_if_exists(join_path(base, n + ".py"), out) ||
                  add_if_exists(join_path(base, n + "/__init__.py"), out);
    }
    if (!any_name || !rest.empty()) {
      if (!rest.empty()) {
        (void)(add_if_exists(base + ".py", out) || add_if_exists(base + ".pyi", out) ||
               add_if_exists(join_path(base, "__init__.py"), out));
      }
    }
    return;
  }
  bool any_name = false;
  for (const auto& n : names) any_name |= add_python_module(im.source + "." + n, out);
  if (!any_name) {
    // "import a.b.c" may name a module or a package; fall back to parents.
    std::string mod = im.source;
    while (!mod.empty() && !add_python_module(mod, out)) {
      const size_t dot = mod.rfind('.');
      if (dot == std::string::npos) break;
      mod.resize(dot);
    }
  }
}

void ImportResolver::javascript(std::string_view from, const syntax::Import& im,
                                std::vector<std::string>& out) const {
  std::string spec = im.source;
  if (stc::starts_with(spec, "@/") || stc::starts_with(spec, "~/")) {
    spec = "src/" + spec.substr(2);
  } else if (stc::starts_with(spec, "./") || stc::starts_with(spec, "../")) {
    spec = join_path(dirname(from), spec);
  } else {
    return;  // a package
  }
  const std::string base = normalize_path(spec);
  if (base.empty()) return;
  if (add_if_exists(base, out) && !stc::ends_with(base, ".js")) return;
  std::string stem = base;
  for (const char* js : {".js", ".jsx", ".mjs", ".cjs"}) {
    if (stc::ends_with(stem, js)) stem.resize(stem.size() - std::string_view(js).size());
  }
  for (const char* ext : kJsExtensions) {
    if (add_if_exists(stem + ext, out)) return;
  }
  for (const char* ext : kJsExtensions) {
    if (add_if_exists(base + "/index" + ext, out)) return;
  }
}

void ImportResolver::go(const syntax::Import& im, std::vector<std::string>& out) const {
  // The longest repository directory that is a suffix of the import path.
  std::string_view path = im.source;
  while (!path.empty()) {
    auto it = files_in_dir_.find(path);
    if (it != files_in_dir_.end()) {
      size_t added = 0;
      for (const auto f : it->second) {
        if (stc::ends_with(f, ".go") && !stc::ends_with(f, "_test.go") && added < 50) {
          out.emplace_back(f);
          ++added;
        }
      }
      if (added) return;
    }
    const size_t slash = path.find('/');
    if (slash == std::string_view::npos) return;
    path.remove_prefix(slash + 1);
  }
}

void ImportResolver::c_include(std::string_view from, const syntax::Import& im,
                               std::vector<std::string>& out) const {
  if (add_if_exists(normalize_path(join_path(dirname(from), im.source)), out)) return;
  if (add_if_exists(normalize_path(im.source), out)) return;
  add_by_suffix(normalize_path(im.source), out);
}

void ImportResolver::rust(std::string_view from, const syntax::Import& im,
                          std::vector<std::string>& out) const {
  const std::string_view file = basename(from);
  const bool is_root_like = file == "mod.rs" || file == "lib.rs" || file == "main.rs" ||
                            stc::starts_with(from, "build.rs");
  // Directory holding this module's children.
  std::string mod_dir =
      is_root_like ? std::string(dirname(from)) : std::string(from.substr(0, from.size() - 3));
  if (im.kind == "mod") {
    (void)(add_if_exists(join_path(mod_dir, im.source + ".rs"), out) ||
           add_if_exists(join_path(mod_dir, im.source + "/mod.rs"), out));
    return;
  }
  // The crate's src/ directory: the nearest ancestor holding Cargo.toml.
  std::string crate_src;
  for (std::string dir(dirname(from));; dir = std::string(dirname(dir))) {
    if (exists_.count(join_path(dir, "Cargo.toml"))) {
      crate_src = join_path(dir, "src");
      break;
    }
    if (dir.empty()) break;
  }
  std::string src = im.source;
  std::vector<std::string> paths;
  if (const size_t brace = src.find("::{"); brace != std::string::npos) {
    const std::string head = src.substr(0, brace);
    for (auto item : stc::split(std::string_view(src).substr(brace + 3), ',')) {
      auto t = stc::trim(item);
      while (!t.empty() && (t.back() == '}' || t.back() == ' ')) t.remove_suffix(1);
      if (!t.empty()) paths.push_back(head + "::" + std::string(t));
    }
  } else if (!im.names.empty()) {
    // "use a::{b, c}" arrives as source "a" with names "b,c".
    for (auto n : stc::split(im.names, ',')) {
      const auto t = stc::trim(n);
      if (!t.empty() && t != "self" && t != "*") paths.push_back(src + "::" + std::string(t));
    }
    paths.push_back(src);
  } else {
    paths.push_back(src);
  }
  for (const auto& p : paths) {
    std::vector<std::string> segs;
    for (auto s : stc::split(p, ':')) {
      if (!s.empty()) segs.emplace_back(s);
    }
    if (segs.empty()) continue;
    std::string base;
    size_t i = 1;
    if (segs[0] == "crate")
      base = crate_src;
    else if (segs[0] == "self")
      base = mod_dir;
    else if (segs[0] == "super")
      base = std::string(dirname(mod_dir));
    else
      continue;  // an external crate
    while (i < segs.size() && segs[i] == "super") {
      base = std::string(dirname(base));
      ++i;
    }
    // Longest prefix of the remaining segments that names a module file;
    // with none, the path names items of the base module itself.
    bool found = false;
    for (size_t n = segs.size(); n > i && !found; --n) {
      std::string rel;
      for (size_t k = i; k < n; ++k) rel = rel.empty() ? segs[k] : rel + "/" + segs[k];
      const std::string cand = join_path(base, rel);
      found = add_if_exists(cand + ".rs", out) || add_if_exists(cand + "/mod.rs", out);
    }
    if (!found) {
      (void)(add_if_exists(join_path(base, "mod.rs"), out) || add_if_exists(base + ".rs", out) ||
             add_if_exists(join_path(base, "lib.rs"), out) ||
             add_if_exists(join_path(base, "main.rs"), out));
    }
  }
}

void ImportResolver::java(const syntax::Import& im, std::vector<std::string>& out) const {
  std::string src = im.source;
  if (stc::starts_with(src, "static ")) src = src.substr(7);
  if (stc::ends_with(src, ".*")) {
    const std::string dir_suffix = replace_all(src.substr(0, src.size() - 2), '.', '/');
    for (const auto& [dir, files] : files_in_dir_) {
      if (dir == dir_suffix || stc::ends_with(dir, "/" + dir_suffix)) {
        for (const auto f : files) {
          if (stc::ends_with(f, ".java")) out.emplace_back(f);
        }
      }
    }
    return;
  }
  // a.b.C or a.b.C.method (static import): try with one segment dropped.
  std::string cls = src;
  for (int attempt = 0; attempt < 2 && !cls.empty(); ++attempt) {
    if (add_by_suffix(replace_all(cls, '.', '/') + ".java", out)) return;
    const size_t dot = cls.rfind('.');
    if (dot == std::string::npos) return;
    cls.resize(dot);
  }
}

void ImportResolver::ruby(std::string_view from, const syntax::Import& im,
                          std::vector<std::string>& out) const {
  std::string rel = im.source;
  if (!stc::ends_with(rel, ".rb")) rel += ".rb";
  if (add_if_exists(normalize_path(join_path(dirname(from), rel)), out)) return;
  if (add_if_exists("lib/" + rel, out)) return;
  add_by_suffix(normalize_path(rel), out);
}

std::vector<std::string> ImportResolver::resolve(std::string_view from, std::string_view language,
                                                 const std::vector<syntax::Import>& imports) const {
  std::vector<std::string> out;
  for (const auto& im : imports) {
    if (language == "python")
      python(from, im, out);
    else if (language == "javascript" || language == "typescript" || language == "tsx")
      javascript(from, im, out);
    else if (language == "go")
      go(im, out);
    else if (language == "c" || language == "cpp")
      c_include(from, im, out);
    else if (language == "rust")
      rust(from, im, out);
    else if (language == "java")
      java(im, out);
    else if (language == "ruby")
      ruby(from, im, out);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  out.erase(std::remove(out.begin(), out.end(), std::string(from)), out.end());
  return out;
}

}  // namespace stc::indexer
