// Path classification by directory names, file names and extensions; see
// path_kind.h for the rules. Each rule is a table so it reads as data.

#include "core/path_kind.h"

#include <array>
#include <string>

#include "core/config.h"
#include "core/text.h"

namespace stc {
namespace {

using stc::ends_with;
using stc::starts_with;

constexpr std::array kCodeExtensions = {
    ".py", ".pyi",  ".js",    ".jsx",  ".mjs", ".cjs",    ".ts",    ".tsx", ".go",  ".rs",
    ".c",  ".h",    ".cc",    ".cpp",  ".cxx", ".hpp",    ".hh",    ".hxx", ".inl", ".java",
    ".kt", ".kts",  ".scala", ".rb",   ".cs",  ".php",    ".swift", ".m",   ".mm",  ".lua",
    ".sh", ".bash", ".zsh",   ".pl",   ".pm",  ".r",      ".jl",    ".ex",  ".exs", ".erl",
    ".hs", ".ml",   ".clj",   ".dart", ".vue", ".svelte", ".sql",   ".tcl", ".pyx", ".groovy"};
constexpr std::array kBinaryExtensions = {
    ".png", ".jpg", ".jpeg", ".gif",   ".ico", ".bmp", ".webp", ".pdf", ".woff",  ".woff2", ".ttf",
    ".otf", ".eot", ".zip",  ".gz",    ".tgz", ".bz2", ".xz",   ".jar", ".so",    ".a",     ".o",
    ".dll", ".exe", ".pyc",  ".class", ".mp3", ".mp4", ".wasm", ".db",  ".sqlite"};
constexpr std::array kLockFiles = {
    "package-lock.json",  "yarn.lock",    "pnpm-lock.yaml", "Cargo.lock", "go.sum",
    "poetry.lock",        "Gemfile.lock", "composer.lock",  "uv.lock",    "Pipfile.lock",
    "npm-shrinkwrap.json"};
constexpr std::array kTestDirs = {"test",  "tests",    "testing", "__tests__", "spec",
                                  "specs", "testdata", "e2e",     "unittests", "unit_tests"};
constexpr std::array kDocDirs = {"docs", "doc", "documentation"};
constexpr std::array kDocExtensions = {".md", ".rst", ".adoc", ".txt", ".markdown", ".rdoc"};
constexpr std::array kDocPrefixes = {"README",  "CHANGES", "CHANGELOG",    "NEWS",   "HISTORY",
                                     "AUTHORS", "LICENSE", "CONTRIBUTING", "COPYING"};
constexpr std::array kBuildNames = {
    "CMakeLists.txt",    "Makefile",       "makefile",
    "GNUmakefile",       "setup.py",       "setup.cfg",
    "pyproject.toml",    "tox.ini",        "noxfile.py",
    "MANIFEST.in",       "package.json",   "go.mod",
    "Cargo.toml",        "Dockerfile",     "Gemfile",
    "Rakefile",          "meson.build",    "BUILD",
    "BUILD.bazel",       "WORKSPACE",      "pom.xml",
    "build.gradle",      "configure.ac",   "Makefile.am",
    ".travis.yml",       ".gitlab-ci.yml", "appveyor.yml",
    ".gitignore",        ".gitattributes", "tsconfig.json",
    ".eslintrc.js",      ".eslintrc.json", ".pre-commit-config.yaml",
    "tsconfig.base.json"};
constexpr std::array kBuildDirs = {".github", ".circleci",  ".ci",
                                   "ci",      ".buildkite", "requirements"};
constexpr std::array kBuildExtensions = {".cmake", ".mk", ".gradle", ".bazel", ".bzl"};

template <size_t N>
bool ends_with_any(std::string_view s, const std::array<const char*, N>& suffixes) {
  for (const char* x : suffixes) {
    if (ends_with(s, x)) return true;
  }
  return false;
}

// ASCII case-insensitive: `suffixes` are lower case. Classifying a path
// allocates nothing (a pass classifies every path of its history window).
template <size_t N>
bool iends_with_any(std::string_view s, const std::array<const char*, N>& suffixes) {
  for (std::string_view x : suffixes) {
    if (x.size() > s.size()) continue;
    const std::string_view tail = s.substr(s.size() - x.size());
    bool same = true;
    for (size_t i = 0; i < x.size() && same; ++i) {
      const char c = tail[i];
      same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == x[i];
    }
    if (same) return true;
  }
  return false;
}

template <size_t N>
bool equals_any(std::string_view s, const std::array<const char*, N>& names) {
  for (const char* x : names) {
    if (s == x) return true;
  }
  return false;
}

// Whether a directory component of `path` (not its last one) is one of `dirs`.
template <size_t N>
bool has_dir(std::string_view path, const std::array<const char*, N>& dirs) {
  for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/')) {
    if (equals_any(path.substr(0, slash), dirs)) return true;
    path.remove_prefix(slash + 1);
  }
  return false;
}

std::string_view basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_ignored(std::string_view path, std::string_view name) {
  static const GlobSet excludes = default_config().index.exclude;
  return equals_any(name, kLockFiles) || iends_with_any(name, kBinaryExtensions) ||
         excludes.matches(path);
}

bool is_test(std::string_view path, std::string_view name) {
  if (has_dir(path, kTestDirs)) return true;
  if (!is_code_path(name)) return false;
  const std::string_view stem = name.substr(0, name.rfind('.'));
  return starts_with(name, "test_") || ends_with(stem, "_test") || ends_with(stem, "_tests") ||
         ends_with(stem, ".test") || ends_with(stem, ".spec") || ends_with(stem, "Test") ||
         ends_with(stem, "Tests") || ends_with(stem, "_spec") || name == "conftest.py";
}

bool is_doc(std::string_view path, std::string_view name) {
  if (has_dir(path, kDocDirs)) return true;
  for (const char* p : kDocPrefixes) {
    if (starts_with(name, p)) return true;
  }
  return iends_with_any(name, kDocExtensions) && !equals_any(name, kBuildNames) &&
         !starts_with(name, "requirements");
}

bool is_build(std::string_view path, std::string_view name) {
  return equals_any(name, kBuildNames) || has_dir(path, kBuildDirs) ||
         ends_with_any(name, kBuildExtensions) || starts_with(name, "requirements") ||
         starts_with(name, "Dockerfile");
}

}  // namespace

bool is_code_path(std::string_view path) { return iends_with_any(basename(path), kCodeExtensions); }

PathKind classify_path(std::string_view path) {
  const std::string_view name = basename(path);
  if (is_ignored(path, name)) return PathKind::kIgnored;
  if (is_test(path, name)) return PathKind::kTest;
  if (is_build(path, name)) return PathKind::kBuild;
  if (is_doc(path, name)) return PathKind::kDoc;
  if (is_code_path(name)) return PathKind::kSource;
  return PathKind::kOther;
}

}  // namespace stc
