// Fuzz target: an edit reply of an LLM (agent/edit/edit_blocks), parsed both
// as search/replace blocks and as a new file's content, and the blocks
// applied. The input is split at the first NUL byte: before it the reply,
// after it the current content of the file the blocks apply to.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "agent/edit/edit_blocks.h"

namespace {

using namespace stc::agent::edit;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t cut = input.find('\0');
  const std::string_view reply = input.substr(0, cut);
  const std::string file =
      cut == std::string_view::npos ? std::string() : std::string(input.substr(cut + 1));

  auto created = parse_reply(reply, "new.txt", Action::kCreate);
  if (created) check(created->content.empty() || created->content.back() == '\n');

  auto edit = parse_reply(reply, "file.txt", Action::kModify);
  if (!edit) return 0;
  check(edit->path == "file.txt" && edit->content.empty());
  auto applied = apply_blocks(file, edit->blocks);
  // Blocks that apply once apply again only when each REPLACE re-creates a
  // unique SEARCH; nothing to check there, but the call must be safe.
  if (applied) (void)apply_blocks(*applied, edit->blocks);
  return 0;
}
