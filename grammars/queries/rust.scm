; stc query for Rust (tree-sitter-rust 0.23.3).
; Functions are captured as `function` everywhere; inside an impl_item or
; trait_item the engine turns them into methods. An impl block is captured
; with kind `impl` and the implemented type as @name (the trait, if any, is
; the impl_item's `trait` field). Doc comments (`///`, `//!`) are
; line_comment nodes preceding the item; attributes (#[...]) are
; attribute_item siblings between the comment and the item.

; --- Definitions --------------------------------------------------------------

(function_item
  name: (identifier) @name) @definition.function

; Trait methods without a body.
(function_signature_item
  name: (identifier) @name) @definition.function

(struct_item
  name: (type_identifier) @name) @definition.struct

(union_item
  name: (type_identifier) @name) @definition.struct

(enum_item
  name: (type_identifier) @name) @definition.enum

(trait_item
  name: (type_identifier) @name) @definition.trait

(type_item
  name: (type_identifier) @name) @definition.type

(impl_item
  type: [
    (type_identifier) @name
    (generic_type type: (type_identifier) @name)
    (scoped_type_identifier name: (type_identifier) @name)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @name))
  ]) @definition.impl

; mod inline { ... } (a `mod name;` declaration is an import, below)
(mod_item
  name: (identifier) @name
  body: (declaration_list)) @definition.module

(const_item
  name: (identifier) @name) @definition.constant

(static_item
  name: (identifier) @name) @definition.constant

(macro_definition
  name: (identifier) @name) @definition.macro

; --- Imports ------------------------------------------------------------------

; mod client;  -> resolved by the engine to client.rs or client/mod.rs
(mod_item
  name: (identifier) @import.source
  !body) @import

; use crate::net::client; use serde; use super::x;
(use_declaration
  argument: [(scoped_identifier) (identifier) (crate) (self) (super)] @import.source) @import

; use std::io::Write as W;
(use_declaration
  argument: (use_as_clause
    path: (_) @import.source)) @import

; use crate::net::*;
(use_declaration
  argument: (use_wildcard
    [(scoped_identifier) (identifier) (crate) (self) (super)] @import.source)) @import

; use crate::net::{client, server::Server, Thing as T};
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.source
    list: (use_list
      [
        (identifier) @import.name
        (scoped_identifier) @import.name
        (use_as_clause path: (_) @import.name)
      ]))) @import

; use crate::net::{...} where the list holds only nested lists or self
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.source)) @import

; extern crate serde;
(extern_crate_declaration
  name: (identifier) @import.source) @import
