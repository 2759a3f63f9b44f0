#pragma once
// Resolves imports to files of the repository, per language, giving the
// file-level dependency graph:
//   python      absolute modules (from the repo root and from package roots,
//               i.e. the parent of each top-level package) and relative imports;
//   js/ts/tsx   relative specifiers with extension and index-file probing,
//               plus the common "@/" and "~/" aliases for src/;
//   go          import paths whose suffix is a directory of the repository;
//   c/cpp       includes relative to the file, then by unique path suffix;
//   rust        `mod x;` to x.rs / x/mod.rs, `use crate::/super::/self::` paths;
//   java        fully qualified classes (and wildcards) by path suffix;
//   ruby        require_relative, and require by lib/ path suffix.
// Unresolvable imports (the standard library, third-party packages) are
// dropped. Immutable after construction, so safe to share between threads.
// Built in every index pass over all the commit's paths, so it holds one copy
// of them and string views into it (no per-map copies).

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "indexer/syntax/facts.h"

namespace stc::indexer {

class ImportResolver {
 public:
  /// `paths`: every file path of the indexed commit.
  explicit ImportResolver(std::vector<std::string> paths);
  ImportResolver(const ImportResolver&) = delete;  // the maps view into paths_
  ImportResolver& operator=(const ImportResolver&) = delete;

  /// The repository files that `from` (written in `language`) depends on,
  /// sorted and deduplicated.
  [[nodiscard]] std::vector<std::string> resolve(std::string_view from, std::string_view language,
                                                 const std::vector<syntax::Import>& imports) const;

 private:
  void python(std::string_view from, const syntax::Import& im, std::vector<std::string>& out) const;
  void javascript(std::string_view from, const syntax::Import& im,
                  std::vector<std::string>& out) const;
  void go(const syntax::Import& im, std::vector<std::string>& out) const;
  void c_include(std::string_view from, const syntax::Import& im,
                 std::vector<std::string>& out) const;
  void rust(std::string_view from, const syntax::Import& im, std::vector<std::string>& out) const;
  void java(const syntax::Import& im, std::vector<std::string>& out) const;
  void ruby(std::string_view from, const syntax::Import& im, std::vector<std::string>& out) const;

  bool add_if_exists(const std::string& path, std::vector<std::string>& out) const;
  bool add_python_module(const std::string& dotted, std::vector<std::string>& out) const;
  bool add_by_suffix(const std::string& suffix, std::vector<std::string>& out) const;

  std::vector<std::string> paths_;  // owns the text every view below points into
  std::unordered_set<std::string_view> exists_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> by_basename_;
  std::unordered_map<std::string_view, std::vector<std::string_view>> files_in_dir_;
  std::unordered_map<std::string, std::string_view> python_modules_;  // dotted name -> path
};

/// Normalizes "a/./b/../c" to "a/c"; returns "" when it escapes the root.
std::string normalize_path(std::string_view path);

/// The directory part of a path ("a/b.py" -> "a", "b.py" -> "").
std::string_view dirname(std::string_view path);

}  // namespace stc::indexer
