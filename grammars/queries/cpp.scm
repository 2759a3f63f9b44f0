; stc query for C++ (tree-sitter-cpp 0.23.4).
; Free functions (and prototypes) are `function`s. Inside a class body, bodies
; and declarations named by a field_identifier / destructor / operator are
; `method`s, while constructors (plain identifier) come out as `function`s
; for the engine to turn into methods. Out-of-class definitions Foo::bar,
; a::Foo::bar, a::b::Foo::bar are `method`s with @name on `bar`; the owner is
; the `scope` field of the qualified_identifier holding @name.
; Templates: the template_declaration wraps the captured definition. Doc
; comments are comment nodes preceding the definition (or its
; template_declaration).

; --- Definitions --------------------------------------------------------------

; Functions and methods: @declarator is followed in code (extractor.cc,
; declared_function) through f(), *f(), **f(), &f() to the name: an identifier
; or operator is a `function`; a field_identifier, destructor or operator in a
; class body, or a qualified name out of the class (Foo::bar, a::Foo::bar,
; a::b::Foo::bar), a `method`. A pattern per shape made this query take
; 0.15-0.25 s to compile in every process that parses C++.
(function_definition
  declarator: (_) @declarator) @definition.function

(declaration
  declarator: (_) @declarator) @definition.function

(field_declaration
  declarator: (_) @declarator) @definition.method

(class_specifier
  name: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
  ]
  body: (field_declaration_list)) @definition.class

(struct_specifier
  name: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
  ]
  body: (field_declaration_list)) @definition.struct

(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @definition.struct

(enum_specifier
  name: [
    (type_identifier) @name
    (qualified_identifier name: (type_identifier) @name)
  ]
  body: (enumerator_list)) @definition.enum

; namespace a { } / namespace a::b { }  (anonymous namespaces are skipped)
(namespace_definition
  name: [(namespace_identifier) (nested_namespace_specifier)] @name) @definition.namespace

; using Name = ...;
(alias_declaration
  name: (type_identifier) @name) @definition.type

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

; Namespace- or file-scope constants: const int kA = 1; constexpr int kB = 2;
; (declaration_list is a namespace or extern "C" body; an #ifdef/#ifndef
; include guard is looked into; function bodies are not)
((declaration
   declarator: (init_declarator
     declarator: (identifier) @name)) @definition.constant
 (#stc-child-match? @definition.constant "type_qualifier" "^(const|constexpr)$")
 (#stc-parent-in? @definition.constant "translation_unit" "declaration_list" "preproc_ifdef"))

; --- Imports ------------------------------------------------------------------

; #include "net/client.h" / #include <stdio.h>
(preproc_include
  path: [(string_literal) (system_lib_string)] @import.source) @import
