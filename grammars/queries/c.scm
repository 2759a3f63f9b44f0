; stc query for C (tree-sitter-c 0.23.6).
; Function prototypes in headers are captured as functions too. Definitions
; inside #if/#ifdef blocks are found like any other. Doc comments are comment
; nodes preceding the definition.

; --- Definitions --------------------------------------------------------------

; int f(void) {...}; char *f(void) {...}; char **f(void) {...}
(function_definition
  declarator: [
    (function_declarator
      declarator: (identifier) @name)
    (pointer_declarator
      declarator: (function_declarator
        declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator
          declarator: (identifier) @name)))
  ]) @definition.function

; Prototypes: int f(void); char *f(void);
(declaration
  declarator: [
    (function_declarator
      declarator: (identifier) @name)
    (pointer_declarator
      declarator: (function_declarator
        declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator
          declarator: (identifier) @name)))
  ]) @definition.function

(struct_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list)) @definition.enum

; typedef ... Name; typedef ... *Name; typedef int (*Name)(int);
(type_definition
  declarator: [
    (type_identifier) @name
    (pointer_declarator
      declarator: (type_identifier) @name)
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator
          declarator: (type_identifier) @name)))
  ]) @definition.type

; #define NAME value (include guards, which have no value, are skipped)
(preproc_def
  name: (identifier) @name
  value: (_)) @definition.macro

(preproc_function_def
  name: (identifier) @name) @definition.macro

; File-scope const variables: static const int LIMIT = 3; also directly
; inside an #ifdef/#ifndef include guard, but not inside function bodies.
((declaration
   declarator: (init_declarator
     declarator: (identifier) @name)) @definition.constant
 (#stc-child-match? @definition.constant "type_qualifier" "^const$")
 (#stc-parent-in? @definition.constant "translation_unit" "preproc_ifdef"))

; --- Imports ------------------------------------------------------------------

; #include "net/client.h" / #include <stdio.h>
(preproc_include
  path: [(string_literal) (system_lib_string)] @import.source) @import
