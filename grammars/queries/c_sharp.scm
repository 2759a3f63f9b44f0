; stc query for C# (tree-sitter-c-sharp 0.23.1).
; XML doc comments (///) are comment nodes preceding the declaration;
; attributes are attribute_list children of the declaration. A file-scoped
; `namespace A.B;` has no body: it covers the declarations after it.

; --- Definitions --------------------------------------------------------------

(namespace_declaration
  name: (_) @name) @definition.namespace

(file_scoped_namespace_declaration
  name: (_) @name) @definition.namespace

(class_declaration
  name: (identifier) @name) @definition.class

(record_declaration
  name: (identifier) @name) @definition.class

(struct_declaration
  name: (identifier) @name) @definition.struct

(interface_declaration
  name: (identifier) @name) @definition.interface

(enum_declaration
  name: (identifier) @name) @definition.enum

(delegate_declaration
  name: (identifier) @name) @definition.type

(method_declaration
  name: (identifier) @name) @definition.method

; Constructors and finalizers are methods named after their class.
(constructor_declaration
  name: (identifier) @name) @definition.method

(destructor_declaration
  name: (identifier) @name) @definition.method

; Local functions: void Run() { int Local() => 1; }
(local_function_statement
  name: (identifier) @name) @definition.function

; public const int MaxRetries = 3;
((field_declaration
  (modifier) @_const
  (variable_declaration
    (variable_declarator
      name: (identifier) @name))) @definition.constant
  (#eq? @_const "const"))

; --- Imports ------------------------------------------------------------------

; using System.Text; using static System.Math; global using X.Y;
(using_directive
  !name
  [(qualified_name) (identifier) (generic_name) (alias_qualified_name)] @import.source) @import

; using Json = Newtonsoft.Json;  (source Newtonsoft.Json; Json is the `name`)
(using_directive
  name: (identifier)
  [(qualified_name) (identifier) (generic_name) (alias_qualified_name)] @import.source) @import
