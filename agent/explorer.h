#pragma once
// The baseline agent's exploration (`--no-index`): what a competent
// test-time-only agent does with no sleep-time artifacts. It lists the tree,
// greps every text file for the request's terms, and reads the heads of the
// best files, and it pays for each piece it reads:
//   listing  directories with their file counts, and the paths whose names
//            match the request;
//   grep     per matching file, one line: its path and the request's words
//            with their hit counts (the stem, and the word itself when the
//            stem is not a prefix of it: "retry" stems to "retri");
//   hits     its first matching lines, a separate item;
//   head     the first lines of the best files.
// Files are ranked like `rg -c` output would let a careful reader rank them:
// sum over query stems of idf x (1 + ln count), plus a bonus for matches in
// the path. Running the grep is free (it is a tool); only its output costs
// tokens, through the context pack. Secret files (deny list) are listed but
// never read.

#include <string>
#include <vector>

#include "agent/agent.h"
#include "agent/candidates.h"
#include "agent/query.h"
#include "core/glob.h"
#include "core/path_scope.h"
#include "core/result.h"
#include "indexer/git/repository.h"

namespace stc::agent {

struct Exploration {
  std::vector<Candidate> ranked;  // best first, at most 40
  size_t cut = 0;
  std::vector<ContextItem> entries;  // one entry item per ranked candidate (same order)
  std::vector<ContextItem> extras;   // listing and file heads
  std::vector<std::string> paths;    // every file of the tree
};

/// Explores `commit`'s tree for `query`, only the files inside `scope`.
/// Errors: kBadInput / kUnavailable from the repository (unknown commit,
/// missing objects).
Result<Exploration> explore(const indexer::git::Repository& repo, const indexer::git::Oid& commit,
                            const Query& query, const GlobSet& deny, uint64_t max_file_bytes,
                            const PathScope& scope = {});

}  // namespace stc::agent
