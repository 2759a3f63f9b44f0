; stc query for TypeScript and TSX (tree-sitter-typescript 0.23.2, both the
; typescript and the tsx grammar: the manifest points tsx here with QUERY).
; Captures whose name starts with "_" only feed predicates.
; A definition wrapped in `export ...` is captured on the inner declaration;
; its doc comment precedes the parent export_statement.

; --- Definitions --------------------------------------------------------------

(function_declaration
  name: (identifier) @name) @definition.function

(generator_function_declaration
  name: (identifier) @name) @definition.function

(class_declaration
  name: (type_identifier) @name) @definition.class

(abstract_class_declaration
  name: (type_identifier) @name) @definition.class

(interface_declaration
  name: (type_identifier) @name) @definition.interface

(type_alias_declaration
  name: (type_identifier) @name) @definition.type

(enum_declaration
  name: (identifier) @name) @definition.enum

; namespace Foo.Bar {...}
(internal_module
  name: [(identifier) (nested_identifier)] @name) @definition.namespace

; module Foo {...} (declare module "pkg" {...} is not captured)
(module
  name: [(identifier) (nested_identifier)] @name) @definition.module

; Overload and ambient signatures: declare function f(): void;
(function_signature
  name: (identifier) @name) @definition.function

(method_definition
  name: [(property_identifier) (private_property_identifier)] @name) @definition.method

; Interface members and abstract methods.
(method_signature
  name: [(property_identifier) (private_property_identifier)] @name) @definition.method

(abstract_method_signature
  name: [(property_identifier) (private_property_identifier)] @name) @definition.method

; Class fields holding functions: handleClick = () => {...}
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.method

; const f = () => {...}; let g = function () {...}; var h = function* () {...}
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function

; const Foo = class {...}
(variable_declarator
  name: (identifier) @name
  value: (class)) @definition.class

; exports.f = function () {...}; Foo.prototype.g = () => {...}
(assignment_expression
  left: (member_expression
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)]) @definition.function

; export const LIMIT = 10 (any exported const whose value is not a function)
(export_statement
  declaration: (lexical_declaration
    kind: "const"
    (variable_declarator
      name: (identifier) @name
      value: [
        (number) (string) (template_string) (true) (false) (null) (regex)
        (object) (array) (identifier) (member_expression) (call_expression)
        (new_expression) (binary_expression) (unary_expression)
        (ternary_expression) (parenthesized_expression)
        (as_expression) (satisfies_expression) (non_null_expression)
      ]) @definition.constant))

; Module-level const UPPER_CASE = ... (not exported)
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator
      name: (identifier) @name
      value: [
        (number) (string) (template_string) (true) (false) (null) (regex)
        (object) (array) (identifier) (member_expression) (call_expression)
        (new_expression) (binary_expression) (unary_expression)
        (ternary_expression) (parenthesized_expression)
        (as_expression) (satisfies_expression) (non_null_expression)
      ]) @definition.constant)
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

; --- Imports ------------------------------------------------------------------

; import x, {a, b as c} from "m"; import * as ns from "m"; import "m"
(import_statement
  source: (string) @import.source) @import

(import_statement
  (import_clause
    (named_imports
      (import_specifier
        name: (_) @import.name)))
  source: (string) @import.source) @import

; import fs = require("fs")
(import_statement
  (import_require_clause
    source: (string) @import.source)) @import

; export {a, b} from "m"; export * from "m"
(export_statement
  source: (string) @import.source) @import

(export_statement
  (export_clause
    (export_specifier
      name: (_) @import.name))
  source: (string) @import.source) @import

; require("m")
(call_expression
  function: (identifier) @_require
  arguments: (arguments
    .
    (string) @import.source
    .)
  (#eq? @_require "require")) @import

; import("m")
(call_expression
  function: (import)
  arguments: (arguments
    .
    (string) @import.source)) @import
