#pragma once
// C and C++ query patterns capture a function's whole declarator
// (@declarator) instead of its name: the name sits under pointers,
// references and qualified scopes, and one pattern per shape made the C++
// query take 0.15-0.25 s to compile, paid by every process that parses C++.
// This follows the declarator in code instead.

#include <tree_sitter/api.h>

#include <string_view>

namespace stc::indexer::syntax {

struct DeclaredName {
  TSNode name{};
  std::string_view kind;  // "function" or "method"; empty: no function declared
};

/// The function that `declarator`, the declarator field of a node of
/// `definition_type` (function_definition, declaration or field_declaration),
/// declares: through f(), *f(), **f() or &f() to the name. An identifier or
/// operator is a "function" (a constructor in a class body too: the engine
/// makes it a method); a field identifier or destructor, or in a definition
/// a qualified name (Foo::f, a::Foo::f, a::b::Foo::f; two levels under a
/// pointer or reference), a "method". A field declaration declares methods
/// only; a declaration no qualified names.
DeclaredName declared_function(std::string_view definition_type, TSNode declarator);

}  // namespace stc::indexer::syntax
