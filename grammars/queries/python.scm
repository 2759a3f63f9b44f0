; stc query for Python (tree-sitter-python 0.23.6).
; Decorated definitions are captured on the inner class_definition /
; function_definition; the decorators live in the parent decorated_definition.

(class_definition
  name: (identifier) @name) @definition.class

(function_definition
  name: (identifier) @name) @definition.function

; Module-level UPPER_CASE assignments, with or without a type annotation.
(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.constant)
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

; import a.b, c as d
(import_statement
  name: (dotted_name) @import.source) @import

(import_statement
  name: (aliased_import
    name: (dotted_name) @import.source)) @import

; from a.b import c, d as e / from . import x / from ..pkg import *
(import_from_statement
  module_name: (_) @import.source
  name: (dotted_name) @import.name) @import

(import_from_statement
  module_name: (_) @import.source
  name: (aliased_import
    name: (dotted_name) @import.name)) @import

(import_from_statement
  module_name: (_) @import.source
  (wildcard_import)) @import
