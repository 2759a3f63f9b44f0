; stc query for Ruby (tree-sitter-ruby 0.23.1).
; Doc comments are comment nodes preceding the definition. For `class A::B`
; @name is B; the scope is the `scope` field of the scope_resolution. An
; @import's call node tells require (load-path relative) from
; require_relative (relative to the requiring file): check its `method`.

; --- Definitions --------------------------------------------------------------

(class
  name: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @definition.class

(module
  name: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @definition.module

(method
  name: (_) @name) @definition.method

; def self.create / def obj.name
(singleton_method
  name: (_) @name) @definition.method

; MAX_RETRIES = 3 / Config::LIMIT = 3
(assignment
  left: [
    (constant) @name
    (scope_resolution name: (constant) @name)
  ]) @definition.constant

; --- Imports ------------------------------------------------------------------

; require "net/http"; require_relative "../lib/client" (no interpolation)
((call
  method: (identifier) @_method
  arguments: (argument_list
    .
    (string) @import.source
    .)) @import
  (#match? @_method "^(require|require_relative)$")
  (#not-match? @import.source "#\\{"))
