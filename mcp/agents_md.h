#pragma once
// `stc export agents-md`: a marked section of AGENTS.md / CLAUDE.md with the
// repository overview and the most important likely-change notes, for agents
// that read those files but speak no MCP. Only the text between the markers
// is ever rewritten; the rest of the file is kept byte for byte.

#include <string>

#include "core/result.h"
#include "mcp/repo_session.h"

namespace stc::mcp {

inline constexpr const char* kBeginMarker = "<!-- stc:begin -->";
inline constexpr const char* kEndMarker = "<!-- stc:end -->";

/// Most likely-change notes the section lists.
inline constexpr size_t kMaxExportNotes = 12;

/// The section for `session`'s index, markers included, ending in a newline.
/// Deterministic: the same index gives the same bytes (no dates, no commit
/// ids), so re-exporting after an unrelated commit changes nothing.
Result<std::string> agents_md_section(RepoSession& session);

/// `existing` with its marked section replaced by `section`, or `section`
/// appended (after a blank line) when there is none. kBadInput when the
/// markers are unbalanced or out of order (the file is then left alone).
Result<std::string> merge_section(const std::string& existing, const std::string& section);

enum class WriteOutcome { kCreated, kUpdated, kUnchanged };
const char* to_string(WriteOutcome outcome);

/// Writes `section` into the file at `path` (created when absent) through a
/// temporary file and a rename. kUnchanged writes nothing. kIo on failure.
Result<WriteOutcome> write_section(const std::string& path, const std::string& section);

}  // namespace stc::mcp
