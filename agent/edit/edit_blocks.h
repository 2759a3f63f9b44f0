#pragma once
// The edit format stc-agent asks a model for, and its tolerant parser.
//
// One edit call covers one file. For a file to modify, the reply holds one or
// more search/replace blocks (the format aider popularised):
//
//   <<<<<<< SEARCH
//   lines copied exactly from the current file
//   =======
//   the lines that replace them
//   >>>>>>> REPLACE
//
// Tolerated: 5 to 9 marker characters, a missing or different word after a
// marker ("<<<<<<< search", ">>>>>>>"), trailing spaces, CRLF line ends, prose
// and ``` fences around or between blocks, a file-name line before a block.
// An empty SEARCH part matches only an empty file (apply_blocks). A reply that
// is exactly "NO CHANGES" (any case, '_' for ' ') means the file needs none.
//
// For a file to create, the reply is the whole new content: the first ```
// fence, else a single block with an empty SEARCH part, else the whole reply.
//
// Thread-safe (pure functions).

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stc::agent::edit {

enum class Action { kModify, kCreate };
/// "modify" or "create", as in the plan.
const char* action_name(Action action);

struct SearchReplace {
  std::string search;  // with its line ends ("\n"), exactly as it must appear
  std::string replace;
};

/// What a model asked for one file.
struct FileEdit {
  std::string path;  // repository-relative
  Action action = Action::kModify;
  std::vector<SearchReplace> blocks;  // kModify; empty: no change
  std::string content;                // kCreate: the whole new file
};

/// The instructions (for a system prompt) that describe the format for `action`.
std::string format_instructions(Action action);

/// Parses one reply for `path`. Errors (kUnavailable, with what was wrong, to
/// send back to the model): no block in a modify reply, a block without its
/// "=======" or ">>>>>>> REPLACE" line, an empty reply for a new file.
Result<FileEdit> parse_reply(std::string_view reply, const std::string& path, Action action);

/// Applies `blocks` in order to `content`. Each SEARCH part must occur exactly
/// once in the text as edited so far (a SEARCH ending in a line break also
/// matches the file's last line when that has none). Errors (kUnavailable):
/// which block matched nothing or matched more than once.
Result<std::string> apply_blocks(std::string content, const std::vector<SearchReplace>& blocks);

}  // namespace stc::agent::edit
