#include "indexer/syntax/declarator.h"

namespace stc::indexer::syntax {

DeclaredName declared_function(std::string_view definition_type, TSNode declarator) {
  TSNode fn = declarator;
  bool direct = true;  // no pointer or reference around the function declarator
  for (int pointers = 0;; ++pointers) {
    const std::string_view t = ts_node_type(fn);
    if (t == "function_declarator") break;
    direct = false;
    if (t == "pointer_declarator" && pointers < 2) {
      fn = ts_node_child_by_field_name(fn, "declarator", 10);
    } else if (t == "reference_declarator" && pointers == 0) {
      TSNode inner{};
      for (uint32_t i = 0, n = ts_node_named_child_count(fn); i < n; ++i) {
        const TSNode child = ts_node_named_child(fn, i);
        if (std::string_view(ts_node_type(child)) == "function_declarator") {
          inner = child;
          break;
        }
      }
      if (ts_node_is_null(inner)) return {};
      fn = inner;
      break;
    } else {
      return {};
    }
    if (ts_node_is_null(fn)) return {};
  }
  TSNode name = ts_node_child_by_field_name(fn, "declarator", 10);
  if (ts_node_is_null(name)) return {};
  const std::string_view t = ts_node_type(name);
  const bool plain = t == "identifier" || t == "operator_name";
  if (definition_type == "field_declaration") {
    if (t == "field_identifier" || t == "destructor_name" || t == "operator_name") {
      return {name, "method"};
    }
    return {};
  }
  if (definition_type == "declaration") {
    if (plain) return {name, "function"};
    if (t == "destructor_name" && direct) return {name, "method"};
    return {};
  }
  // function_definition
  if (plain) return {name, "function"};
  if (t == "field_identifier" || t == "destructor_name") return {name, "method"};
  if (t != "qualified_identifier") return {};
  for (int depth = 1; depth <= (direct ? 3 : 2); ++depth) {
    name = ts_node_child_by_field_name(name, "name", 4);
    if (ts_node_is_null(name)) return {};
    const std::string_view nt = ts_node_type(name);
    if (nt == "identifier" || nt == "destructor_name" || nt == "operator_name") {
      return {name, "method"};
    }
    if (nt != "qualified_identifier") return {};
  }
  return {};
}

}  // namespace stc::indexer::syntax
