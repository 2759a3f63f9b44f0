#pragma once
// Memory for tree-sitter while it parses one file.
//
// A parse makes and frees hundreds of thousands of small blocks (subtrees,
// stack nodes, child arrays), and with glibc's malloc and free that was
// about a tenth of a full index's CPU. Inside a ParseArena::Scope, the
// thread's tree-sitter allocations are carved one after the other from a
// per-thread arena and freeing them costs nothing; when the scope ends
// (after the tree, the parser and the query cursor it used are deleted),
// the whole arena is reused for the next file. Outside a scope (compiling
// a query, which lives for the whole process), and past kArenaBytes in one
// scope, tree-sitter gets malloc's memory as before. Every block carries a
// header saying where it came from, so each is freed the right way.
//
// The allocator is installed before main() in every binary that links the
// extractor. A process with a sanitizer's runtime (AddressSanitizer, leak
// or memory sanitizer) keeps tree-sitter on malloc, so the sanitizer still
// sees every block, and so does a process started with STC_PARSER_MALLOC=1.

#include <cstddef>

namespace stc::indexer::syntax {

class ParseArena {
 public:
  /// Arena memory one thread may use for one file; more comes from malloc.
  static constexpr size_t kArenaBytes = size_t{48} << 20;

  /// While alive, this thread's tree-sitter allocations come from its arena.
  /// Every tree-sitter object made inside must be deleted inside.
  class Scope {
   public:
    Scope();
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    bool active_ = false;
  };

  /// Whether tree-sitter allocates through the arena in this process.
  static bool enabled();
  /// Bytes of arena memory this thread holds (for tests).
  static size_t held_bytes();
  /// Blocks this thread's current or last scope took from the arena (for tests).
  static size_t arena_blocks();
  /// Blocks it took from malloc instead, past kArenaBytes (for tests).
  static size_t heap_blocks();
};

}  // namespace stc::indexer::syntax
