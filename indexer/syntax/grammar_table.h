#pragma once
// The tree-sitter grammars compiled into stc and the query that extracts
// definitions and imports for each. The table is generated at build time by
// cmake/grammars.cmake from grammars/manifest.cmake and grammars/queries/.

#include <span>
#include <string_view>

struct TSLanguage;

namespace stc::indexer::syntax {

/// One compiled-in tree-sitter grammar and stc's query for it. All views point
/// at static storage and live as long as the program.
///
/// Query capture convention (see grammars/queries/*.scm):
///   @definition.<kind>  the whole definition node; @name on its name node in
///                       the same match. Kinds: function, method, class,
///                       struct, interface, trait, enum, module, constant,
///                       type, macro, namespace, impl.
///   @import             a whole import/include statement;
///   @import.source      the node holding the module path (quotes and <> are
///                       not stripped by the query);
///   @import.name        optional, each imported name.
/// Only the #eq?, #not-eq?, #match? and #not-match? predicates are used.
struct GrammarEntry {
  std::string_view name;        // "python", "tsx", "c_sharp", ...
  std::string_view extensions;  // space separated, with dots: ".py .pyi"
  const TSLanguage* (*language)();
  std::string_view query;  // contents of grammars/queries/<name>.scm
};

/// All grammars built into this binary, in manifest order. Thread-safe.
std::span<const GrammarEntry> grammar_table();

}  // namespace stc::indexer::syntax
