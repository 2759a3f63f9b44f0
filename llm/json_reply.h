#pragma once
// Asking a model for JSON and reading it back. Models wrap JSON in prose or
// code fences, or add a sentence after it; extract_json finds the value in
// the text, trying in order:
//   1. the whole text;
//   2. the content of the first ```json fence, then of any other ``` fence;
//   3. the first balanced {...} or [...] span that parses (brackets inside
//      strings are skipped), scanning left to right.
// Comments (// and /* */) inside the JSON are tolerated. Values nested deeper
// than 512 levels are not taken, and step 3 gives up after scanning 4 MiB.

#include <string>
#include <string_view>

#include "core/result.h"

namespace stc::llm {

/// The first JSON value found in `reply`, as compact JSON text (it parses with
/// any JSON parser). Errors (kUnavailable): no parsable JSON value in the
/// text; a NUL byte in the text. A value with a NUL character in a string
/// (\u0000) is never returned.
Result<std::string> extract_json(std::string_view reply);

/// An instruction to append to a system prompt asking for one JSON value
/// matching `json_schema` (for APIs without native structured output).
std::string schema_instruction(std::string_view json_schema);

}  // namespace stc::llm
