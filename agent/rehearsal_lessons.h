#pragma once
// LLM-written lessons of sleep-time rehearsal (rehearsal.h). When a practice
// task's default retrieval missed files of the real change and an LLM
// provider is configured, the model reads the request, the change's files,
// the missed ones and their diff (never a deny-listed file's), and writes one
// sentence on when a later request needs those files and why, with the words
// such a request would use. Offline, a lesson is extractive: the request's
// own words and the missed files.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "indexer/store/artifact_store.h"
#include "llm/provider.h"

namespace stc::agent {

struct LessonDraft {
  std::string text;                   // one sentence
  std::vector<std::string> keywords;  // words a later request would use
};

struct LessonInput {
  std::string request;
  std::vector<std::string> changed;  // the change's files
  std::vector<std::string> missed;   // the existing ones the default ranking missed
  std::string diff;                  // unified diff of the missed files (deny list applied)
};

/// Estimated tokens of the call write_lesson would make (prompt and output).
int64_t lesson_cost(const LessonInput& in);

/// Asks `provider` for the lesson of one practice task and records the call
/// (purpose "lesson", phase sleep) in `calls`. nullopt when the provider
/// failed or the reply is not a lesson (wrong types, empty): the extractive
/// lesson stands; `tokens` gets the call's tokens either way. Errors: kStore.
Result<std::optional<LessonDraft>> write_lesson(llm::Provider& provider,
                                                indexer::store::ArtifactStore& calls,
                                                const LessonInput& in, int64_t& tokens,
                                                std::string& problem);

}  // namespace stc::agent
