#pragma once
// JSON encoding of the artifacts and of the per-directory facts (the only
// sleep code that uses nlohmann).
// Decoding stored artifacts is tolerant: unknown fields are ignored and
// missing ones take defaults, so older artifacts decode. LLM replies go
// through the strict decode_*_reply functions below.

#include <string>

#include "core/result.h"
#include "indexer/sleep/artifacts.h"
#include "indexer/sleep/dir_facts.h"

namespace stc::indexer::sleep {

std::string encode(const ModuleSummary& v);
std::string encode(const ModuleNotes& v);
std::string encode(const Rollup& v);
std::string encode(const Anticipation& v);
std::string encode(const DirFacts& v);

/// kBadInput when `json` is not a JSON object of the expected shape.
Result<ModuleSummary> decode_summary(const std::string& json);
Result<ModuleNotes> decode_notes(const std::string& json);
Result<Rollup> decode_rollup(const std::string& json);
Result<Anticipation> decode_anticipation(const std::string& json);
Result<DirFacts> decode_dir_facts(const std::string& json);

// LLM replies are decoded strictly: every field the reply schema names must
// have its type ({"summary": 12} is refused, not stored as "12"); the
// top-level fields ("summary", "requests") must be present (a summary non-
// empty); list items missing their key field are dropped; unknown fields are
// ignored. Errors (kBadInput) say which field is wrong; the unit then stays
// pending.

/// An LLM's module reply: {"summary", "entry_points", "usage",
/// "likely_changes": [{"request", "files", "why"}]}.
struct ModuleReply {
  ModuleSummary summary;
  ModuleNotes notes;  // kind "llm"
};
Result<ModuleReply> decode_module_reply(const std::string& json);
/// {"summary", "key_files", "languages"}.
Result<Rollup> decode_rollup_reply(const std::string& json);
/// {"requests": [{"title", "rationale", "plan": [{"path", "action", "reason"}]}]}.
Result<Anticipation> decode_anticipation_reply(const std::string& json);

}  // namespace stc::indexer::sleep
