#pragma once
// The skeleton renderer lives with the syntax facts it renders
// (indexer/syntax/skeleton.h), where the store can use it too; the indexer
// and its passes use it under these names.

#include "indexer/syntax/skeleton.h"

namespace stc::indexer {

using syntax::first_doc_line;
using syntax::render_skeleton;

}  // namespace stc::indexer
