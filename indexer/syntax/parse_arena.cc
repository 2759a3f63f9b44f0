#include "indexer/syntax/parse_arena.h"

#include <tree_sitter/api.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace stc::indexer::syntax {
namespace {

constexpr size_t kHeader = 16;  // keeps blocks 16-aligned, as malloc's are
constexpr size_t kChunk = size_t{1} << 20;
constexpr uint32_t kMagic = 0x73746361;  // "stca"
enum Origin : uint32_t { kHeap = 1, kArena = 2 };

struct Header {
  uint32_t magic;
  uint32_t origin;
  uint64_t size;  // bytes asked for
};
static_assert(sizeof(Header) == kHeader);

[[noreturn]] void out_of_memory(size_t n) {
  // As tree-sitter's own allocator does: its callers never check for null.
  std::fprintf(stderr, "stc: out of memory (%zu bytes for the parser)\n", n);
  std::abort();
}

size_t rounded(size_t n) { return (n + kHeader - 1) / kHeader * kHeader; }

// This thread's arena: chunks of kChunk bytes, filled in order. Reset by
// the end of a scope; the chunks are kept for the next file and freed
// when the thread ends (no arena block outlives its scope).
struct Arena {
  std::vector<char*> chunks;
  size_t chunk = 0;        // index of the chunk being filled
  size_t used = 0;         // bytes used in it
  size_t blocks = 0;       // carved in the current scope
  size_t heap_blocks = 0;  // from malloc in the current scope (past the cap)
  bool active = false;

  ~Arena() {
    for (char* c : chunks) std::free(c);
  }

  // Room for `bytes` (a multiple of kHeader), or null when over the cap.
  char* carve(size_t bytes) {
    if (bytes > kChunk) return nullptr;
    if (chunks.empty() || kChunk - used < bytes) {
      const size_t next = chunks.empty() ? 0 : chunk + 1;
      if (next >= chunks.size()) {
        if ((next + 1) * kChunk > ParseArena::kArenaBytes) return nullptr;
        char* c = static_cast<char*>(std::malloc(kChunk));
        if (!c) out_of_memory(kChunk);
        chunks.push_back(c);
      }
      chunk = next;
      used = 0;
    }
    char* out = chunks[chunk] + used;
    used += bytes;
    ++blocks;
    return out;
  }

  bool is_last(const Header* h) const {
    return !chunks.empty() &&
           reinterpret_cast<const char*>(h) + kHeader + rounded(h->size) == chunks[chunk] + used &&
           reinterpret_cast<const char*>(h) >= chunks[chunk];
  }

  void reset() {
    chunk = 0;
    used = 0;
  }
};

Arena& arena() {
  thread_local Arena a;
  return a;
}

void* from_heap(size_t n) {
  auto* h = static_cast<Header*>(std::malloc(kHeader + n));
  if (!h) out_of_memory(n);
  *h = Header{kMagic, kHeap, n};
  return reinterpret_cast<char*>(h) + kHeader;
}

Header* header_of(void* p) { return reinterpret_cast<Header*>(static_cast<char*>(p) - kHeader); }

Header* checked_header(void* p) {
  Header* h = header_of(p);
  if (h->magic != kMagic || (h->origin != kHeap && h->origin != kArena)) {
    std::fprintf(stderr, "stc: the parser freed memory it did not allocate\n");
    std::abort();
  }
  return h;
}

void* arena_malloc(size_t n) {
  Arena& a = arena();
  if (a.active) {
    if (char* block = a.carve(kHeader + rounded(n))) {
      auto* h = reinterpret_cast<Header*>(block);
      *h = Header{kMagic, kArena, n};
      return block + kHeader;
    }
    ++a.heap_blocks;
  }
  return from_heap(n);
}

void arena_free(void* p) {
  if (!p) return;
  Header* h = checked_header(p);
  if (h->origin == kHeap) {
    std::free(h);
    return;
  }
  // Arena memory comes back at the end of the scope; the block carved last
  // comes back at once (a realloc that grows it then stays in place).
  Arena& a = arena();
  if (a.is_last(h)) a.used -= kHeader + rounded(h->size);
}

void* arena_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) out_of_memory(SIZE_MAX);
  void* p = arena_malloc(count * size);
  std::memset(p, 0, count * size);
  return p;
}

void* arena_realloc(void* p, size_t n) {
  if (!p) return arena_malloc(n);
  Header* h = checked_header(p);
  if (h->origin == kHeap) {
    auto* grown = static_cast<Header*>(std::realloc(h, kHeader + n));
    if (!grown) out_of_memory(n);
    grown->size = n;
    return reinterpret_cast<char*>(grown) + kHeader;
  }
  Arena& a = arena();
  if (n <= rounded(h->size)) {
    if (a.is_last(h)) a.used -= rounded(h->size) - rounded(n);
    h->size = n;
    return p;
  }
  if (a.is_last(h) && kChunk - a.used >= rounded(n) - rounded(h->size)) {
    a.used += rounded(n) - rounded(h->size);
    h->size = n;
    return p;
  }
  const size_t had = h->size;
  void* q = arena_malloc(n);
  std::memcpy(q, p, had);
  arena_free(p);
  return q;
}

}  // namespace
}  // namespace stc::indexer::syntax

// Defined only when a sanitizer's runtime is linked in (weak: null otherwise).
extern "C" {
__attribute__((weak)) void __asan_init();
__attribute__((weak)) void __lsan_do_leak_check();
__attribute__((weak)) void __msan_init();
}

namespace stc::indexer::syntax {
namespace {

// Whether this process may use the arena: with a sanitizer's runtime,
// tree-sitter stays on malloc so that it sees (and tracks) every block.
// Asked at run time, since the libraries may be built without the flag.
bool sanitizer_present() {
  return __asan_init != nullptr || __lsan_do_leak_check != nullptr || __msan_init != nullptr;
}

bool install() {
  // STC_PARSER_MALLOC=1 keeps tree-sitter on malloc (to compare, or for
  // memory checkers that should see each of its blocks).
  const char* off = std::getenv("STC_PARSER_MALLOC");
  if (sanitizer_present() || (off && *off && std::strcmp(off, "0") != 0)) return false;
  ts_set_allocator(arena_malloc, arena_calloc, arena_realloc, arena_free);
  return true;
}

// Before main(): no tree-sitter object may be made by one allocator and
// freed by the other.
const bool kInstalled = install();

}  // namespace

bool ParseArena::enabled() { return kInstalled; }

ParseArena::Scope::Scope() {
  if (!kInstalled) return;
  Arena& a = arena();
  if (a.active) return;  // nested scopes share the outer one
  a.active = active_ = true;
  a.blocks = 0;
  a.heap_blocks = 0;
}

ParseArena::Scope::~Scope() {
  if (!active_) return;
  Arena& a = arena();
  a.active = false;
  a.reset();
}

size_t ParseArena::held_bytes() { return arena().chunks.size() * kChunk; }

size_t ParseArena::arena_blocks() { return arena().blocks; }

size_t ParseArena::heap_blocks() { return arena().heap_blocks; }

}  // namespace stc::indexer::syntax
