; stc query for Go (tree-sitter-go 0.23.4).
; Type and const specs are captured one by one (also inside grouped
; `type (...)` / `const (...)` blocks); the doc comment of an ungrouped spec
; precedes its parent type_declaration / const_declaration.
; A method's receiver type is in the method_declaration's `receiver` field.

; --- Definitions --------------------------------------------------------------

(function_declaration
  name: (identifier) @name) @definition.function

(method_declaration
  name: (field_identifier) @name) @definition.method

(type_spec
  name: (type_identifier) @name
  type: (struct_type)) @definition.struct

(type_spec
  name: (type_identifier) @name
  type: (interface_type)) @definition.interface

(type_spec
  name: (type_identifier) @name
  type: [
    (type_identifier) (qualified_type) (generic_type) (pointer_type)
    (slice_type) (array_type) (map_type) (channel_type) (function_type)
    (negated_type) (parenthesized_type)
  ]) @definition.type

; type A = B
(type_alias
  name: (type_identifier) @name) @definition.type

; Methods declared in an interface type.
(method_elem
  name: (field_identifier) @name) @definition.method

; The only direct identifier children of a const_spec are its names. (With
; `name:` the 0.20 runtime matches only the first of `const A, B = 1, 2`.)
(const_spec
  (identifier) @name) @definition.constant

; --- Imports ------------------------------------------------------------------

; import "fmt"; import ( log "github.com/x/log"; . "strings" )
(import_spec
  path: (_) @import.source) @import
