# Tree-sitter grammars compiled into stc, read by cmake/grammars.cmake.
#
# One stc_grammar() call per language, in the order grammar_table() lists them:
#   stc_grammar(<name>                 language name; our query is queries/<name>.scm
#     PACKAGE <npm package>            fetched with `npm pack <package>@<version>`
#     VERSION <version>                pinned; its src/parser.c must be ABI 13 or 14
#     SHA256 <hash>                    of the npm tarball, checked before use
#     SUBDIR <dir>                     directory inside the package holding src/ ("." = root)
#     SYMBOL <C function>              returns the TSLanguage
#     [QUERY <file>]                   queries/<file>.scm instead of queries/<name>.scm
#     EXTENSIONS <.ext>...)            file name endings this grammar parses
#
# To bump a version: change VERSION, run `npm pack <package>@<version>`,
# put `sha256sum` of the tarball in SHA256, and check LANGUAGE_VERSION <= 14
# (0.24+ releases are ABI 15 and do not load in the tree-sitter 0.20 runtime).

stc_grammar(python
  PACKAGE tree-sitter-python VERSION 0.23.6
  SHA256 aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a
  SUBDIR . SYMBOL tree_sitter_python
  EXTENSIONS .py .pyi)

stc_grammar(javascript
  PACKAGE tree-sitter-javascript VERSION 0.23.1
  SHA256 90e80b25a67517a4daf6ad751557bee21efbda7b7a5a554897933245d1734398
  SUBDIR . SYMBOL tree_sitter_javascript
  EXTENSIONS .js .mjs .cjs .jsx)

stc_grammar(typescript
  PACKAGE tree-sitter-typescript VERSION 0.23.2
  SHA256 0fdf63c35930a75885145d75ee63cb879da2d49db9bfe454bd8e60b08ba778a1
  SUBDIR typescript SYMBOL tree_sitter_typescript
  EXTENSIONS .ts .mts .cts)

stc_grammar(tsx
  PACKAGE tree-sitter-typescript VERSION 0.23.2
  SHA256 0fdf63c35930a75885145d75ee63cb879da2d49db9bfe454bd8e60b08ba778a1
  SUBDIR tsx SYMBOL tree_sitter_tsx QUERY typescript
  EXTENSIONS .tsx)

stc_grammar(go
  PACKAGE tree-sitter-go VERSION 0.23.4
  SHA256 8779d20d322b4319ad8c833ea72ecb6d109cf1fec8979bdcdb5315a2e511dd2c
  SUBDIR . SYMBOL tree_sitter_go
  EXTENSIONS .go)

stc_grammar(rust
  PACKAGE tree-sitter-rust VERSION 0.23.3
  SHA256 5c1d96a9628875c7ba122da1a3aa0bf62b547b5a720673fa318336de27506c66
  SUBDIR . SYMBOL tree_sitter_rust
  EXTENSIONS .rs)

stc_grammar(c
  PACKAGE tree-sitter-c VERSION 0.23.6
  SHA256 88175d4425037ec0026233a44f82064a676573b1fd748fc709ae607332151243
  SUBDIR . SYMBOL tree_sitter_c
  EXTENSIONS .c .h)

stc_grammar(cpp
  PACKAGE tree-sitter-cpp VERSION 0.23.4
  SHA256 615d152f70e7a6bed8f15a93c3c0c264c40dc71c1b6a1445646fff9439e776bc
  SUBDIR . SYMBOL tree_sitter_cpp
  EXTENSIONS .cc .cpp .cxx .hpp .hh .hxx .h++)

stc_grammar(java
  PACKAGE tree-sitter-java VERSION 0.23.5
  SHA256 6b6c1b62605f9d8bb80efd2ebe5951a87b182faafa3eeb67c460a667818551b6
  SUBDIR . SYMBOL tree_sitter_java
  EXTENSIONS .java)

stc_grammar(ruby
  PACKAGE tree-sitter-ruby VERSION 0.23.1
  SHA256 1f0f0c100e31ddf650962ebb1f1fb8420bdbabccd49582f6e731ea7478db639d
  SUBDIR . SYMBOL tree_sitter_ruby
  EXTENSIONS .rb .rake .gemspec)

stc_grammar(c_sharp
  PACKAGE tree-sitter-c-sharp VERSION 0.23.1
  SHA256 19c59068a19ff74b688c0985a19382503fc16b27f2b44b392aed908106700805
  SUBDIR . SYMBOL tree_sitter_c_sharp
  EXTENSIONS .cs)
