#pragma once
// What a path is (the evaluation's gold sets, the agent's test partners): source code,
// tests, documentation, build/CI files, other text, or something that never
// counts (lockfiles, vendored or generated files, binaries).
//
// Rules (first match wins), on the repository-relative path:
//   ignored  lockfiles, default index excludes (vendor/, node_modules/,
//            *.min.js, *.pb.go...), binary extensions (images, fonts, archives)
//   test     a directory named test/tests/testing/__tests__/spec/testdata/e2e,
//            or a file named test_*, *_test.*, *_tests.*, *.test.*, *.spec.*,
//            *Test.java/kt, *_spec.rb, conftest.py
//   doc      docs/ or doc/ directories, Markdown/reST/AsciiDoc/plain text,
//            README*, CHANGES*, CHANGELOG*, NEWS*, HISTORY*, AUTHORS*, LICENSE*
//   build    build and CI files: CMakeLists.txt, *.cmake, Makefile, *.mk,
//            setup.py/cfg, pyproject.toml, tox.ini, package.json, go.mod,
//            Cargo.toml, Dockerfile, .github/, CI configs, requirements*.txt...
//   source   a programming-language extension (.py .go .js .ts .c .h .rs ...)
//   other    anything else (configuration, data, templates)

#include <string_view>

namespace stc {

enum class PathKind { kIgnored, kTest, kDoc, kBuild, kSource, kOther };

/// Classifies a repository-relative path. Pure and thread-safe.
PathKind classify_path(std::string_view path);

/// True when the path has a programming-language extension, whatever its
/// kind (a test file written in Python is code; a Markdown file is not).
bool is_code_path(std::string_view path);

}  // namespace stc
