#pragma once
// Context items of index mode, made from the retrieval and the sleep-time
// artifacts: the repository overview, matching anticipated requests, similar
// past commits, and per candidate an entry line, its further evidence, its
// summary, its notes and a skeleton excerpt. Values (packing priority) follow
// the candidate's score:
//   entry 3.0, summary 1.2, evidence 1.0, notes 1.0, skeleton 0.5
//   (x score / top score); anticipation 2.0 x coverage, commits 1.5,
//   overview 1.0.
// An entry is one short line (the path and its best reason, cut at a word
// within 48 bytes), so entries come first in value per token and a small
// budget names many files; the rest explains them.
// Content of deny-listed files (summaries, skeletons) is never included.

#include <vector>

#include "agent/agent.h"
#include "agent/retriever.h"
#include "core/glob.h"
#include "core/result.h"
#include "indexer/store/index_store.h"

namespace stc::agent {

/// Entry lines of the first `entries` candidates, their details, and the
/// repository-wide items. Errors: kStore.
Result<std::vector<ContextItem>> index_context_items(indexer::store::IndexStore& store,
                                                     const Retrieval& r, size_t entries,
                                                     const GlobSet& deny);

/// The skeleton of a path of the indexed commit ("" when unknown or denied).
std::string index_skeleton(indexer::store::IndexStore& store, const std::string& path,
                           const GlobSet& deny);

}  // namespace stc::agent
