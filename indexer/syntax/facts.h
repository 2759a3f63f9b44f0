#pragma once
// What the parser extracts from one file: plain data, no tree-sitter types.

#include <cstdint>
#include <string>
#include <vector>

namespace stc::indexer::syntax {

/// A definition (function, class, method, ...) with its place in the scope tree.
struct Definition {
  std::string kind;  // function, method, class, struct, interface, trait, enum, impl, ...
  std::string name;
  uint32_t start_line = 0;  // 1-based, inclusive
  uint32_t end_line = 0;
  int32_t parent = -1;    // index of the enclosing definition, -1 at top level
  std::string signature;  // the declaration up to its body, one line
  std::string doc;        // doc comment or docstring, markers stripped
  bool operator==(const Definition&) const = default;
};

/// An import, include, use or require.
struct Import {
  std::string source;  // module path as written ("..pkg.mod", "./util", "net/http")
  std::string names;   // imported names, comma separated (Python from-imports)
  uint32_t line = 0;
  std::string kind;  // "import", or "mod" for Rust module declarations
};

struct FileFacts {
  uint32_t lines = 0;
  bool has_errors = false;              // the tree contains ERROR or MISSING nodes
  std::string module_doc;               // module docstring or leading file comment
  std::vector<Definition> definitions;  // in source order
  std::vector<Import> imports;
  /// Distinct identifiers referenced in the file, most frequent first.
  std::vector<std::string> references;
};

}  // namespace stc::indexer::syntax
