// Fuzz target: the JSON replies of the sleep-time LLM passes (module
// summaries and notes, rollups, anticipated requests: indexer/sleep/
// artifact_codec) after llm::extract_json, as llm_stage reads them. Whatever
// decodes must encode to JSON that decodes to the same value.

#include <cstddef>
#include <cstdint>
#include <string>

#include "indexer/sleep/artifact_codec.h"
#include "llm/json_reply.h"

namespace {

using namespace stc::indexer::sleep;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool same(const ModuleSummary& a, const ModuleSummary& b) {
  return a.summary == b.summary && a.entry_points == b.entry_points && a.usage == b.usage;
}

bool same(const Rollup& a, const Rollup& b) {
  return a.summary == b.summary && a.key_files == b.key_files && a.languages == b.languages;
}

void decode_all(const std::string& json) {
  if (auto s = decode_summary(json)) check(same(*decode_summary(encode(*s)), *s));
  if (auto r = decode_rollup(json)) check(same(*decode_rollup(encode(*r)), *r));
  if (auto n = decode_notes(json)) {
    auto again = decode_notes(encode(*n));
    check(again && again->notes.size() == n->notes.size());
  }
  if (auto a = decode_anticipation(json)) {
    auto again = decode_anticipation(encode(*a));
    check(again && again->requests.size() == a->requests.size());
  }
  if (auto m = decode_module_reply(json)) {
    check(!m->summary.summary.empty());
    check(same(*decode_summary(encode(m->summary)), m->summary));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string reply(reinterpret_cast<const char*>(data), size);
  decode_all(reply);  // stored artifacts are decoded as they are
  if (auto json = stc::llm::extract_json(reply)) decode_all(*json);
  return 0;
}
