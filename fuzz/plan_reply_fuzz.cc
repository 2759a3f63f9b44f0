// Fuzz target: a planning reply of an LLM (agent/plan_codec, which finds the
// JSON in the reply with llm::extract_json). Any text must decode or fail
// cleanly; a decoded reply must survive re-extraction of its own JSON.

#include <cstddef>
#include <cstdint>
#include <string>

#include "agent/plan_codec.h"
#include "llm/json_reply.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string reply(reinterpret_cast<const char*>(data), size);
  auto json = stc::llm::extract_json(reply);
  if (json) {
    // The extracted text is compact JSON: extracting again gives it back.
    auto again = stc::llm::extract_json(*json);
    if (!again || *again != *json) __builtin_trap();
  }
  auto plan = stc::agent::decode_plan_reply(reply);
  if (plan && !json) __builtin_trap();  // a plan always comes from a JSON value
  return 0;
}
