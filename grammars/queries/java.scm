; stc query for Java (tree-sitter-java 0.23.5).
; Javadoc is a block_comment node preceding the declaration; annotations are
; inside the declaration's `modifiers` child.

; --- Definitions --------------------------------------------------------------

(class_declaration
  name: (identifier) @name) @definition.class

(record_declaration
  name: (identifier) @name) @definition.class

(interface_declaration
  name: (identifier) @name) @definition.interface

; @interface Name { ... }
(annotation_type_declaration
  name: (identifier) @name) @definition.interface

(enum_declaration
  name: (identifier) @name) @definition.enum

(method_declaration
  name: (identifier) @name) @definition.method

; Constructors are methods named after their class.
(constructor_declaration
  name: (identifier) @name) @definition.method

(compact_constructor_declaration
  name: (identifier) @name) @definition.method

; static final int MAX_RETRIES = 3;
((field_declaration
  (modifiers) @_modifiers
  declarator: (variable_declarator
    name: (identifier) @name)) @definition.constant
  (#match? @_modifiers "final")
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

; --- Imports ------------------------------------------------------------------

; import a.b.C; import a.b.*; import static a.b.C.method;
(import_declaration
  [(scoped_identifier) (identifier)] @import.source) @import
