#pragma once
// The sleep-time artifacts: what a pass writes for the agent to read instead
// of the source. Every artifact has the same shape whichever provider wrote
// it (offline extractive or LLM); LLM artifacts are richer, never different
// in kind. Stored as JSON in the artifacts table (artifact_codec.h).

#include <cstdint>
#include <string>
#include <vector>

namespace stc::indexer::sleep {

inline constexpr const char* kSummary = "summary";
inline constexpr const char* kNotes = "notes";         // offline: history and structure
inline constexpr const char* kLlmNotes = "llm_notes";  // the LLM's likely requests
inline constexpr const char* kDirSummary = "dir_summary";
inline constexpr const char* kOverview = "overview";
inline constexpr const char* kAnticipation = "anticipation";

/// Prompt (or extractor) versions; bumping one marks older artifacts of that
/// kind stale (still served, re-done by later passes) without deleting them.
inline constexpr int kSummaryVersion = 3;  // 3: docs without rules, stars and @author tags
inline constexpr int kNotesVersion = 2;
inline constexpr int kRollupVersion = 2;
inline constexpr int kAnticipationVersion = 2;

/// What a module is for and how it is used.
struct ModuleSummary {
  std::string summary;                    // one paragraph
  std::vector<std::string> entry_points;  // "name: signature"
  std::string usage;                      // how other code uses it
};

/// One likely-change note.
struct Note {
  std::string kind;                // cochange, extension_point, new_sibling, llm
  std::string text;                // one sentence a maintainer would write
  std::vector<std::string> files;  // other files the change would touch
  std::string evidence;            // "9 of 11 commits", "imports 6 siblings"
  double confidence = 0;           // 0..1
};

struct ModuleNotes {
  std::vector<Note> notes;
};

/// A directory or repository roll-up.
struct Rollup {
  std::string summary;
  std::vector<std::string> key_files;  // most important first
  std::vector<std::string> languages;
};

struct PlannedFile {
  std::string path;
  std::string action;  // modify or create
  std::string reason;
};

/// A feature request the repository is likely to get, with a plan.
struct AnticipatedRequest {
  std::string title;
  std::string rationale;
  std::vector<PlannedFile> plan;
  std::vector<std::string> evidence;  // commit summaries or note texts
  double score = 0;
};

struct Anticipation {
  std::vector<AnticipatedRequest> requests;  // best first
};

}  // namespace stc::indexer::sleep
